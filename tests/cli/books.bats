#!/usr/bin/env bats
# The questions the books answer, end to end: balance, vouchers, accounts,
# objects, years, imports, check, export, org — in all three formats.

load helpers

SIE="$BATS_TEST_DIRNAME/../data/sie"

setup_file() {
	export FIXTURE_DB
	FIXTURE_DB=$(mktemp -d)/finsam.db
	FINSAM_NOW=2026-11-24T12:00:00Z "${FINSAM:-$BATS_TEST_DIRNAME/../../build/finsam}" -d "$FIXTURE_DB" \
		import "$BATS_TEST_DIRNAME/../data/sie/minimal-4e.se" >/dev/null
}

teardown_file() {
	rm -rf "$(dirname "$FIXTURE_DB")"
}

@test "balance as a table: Swedish numbers, totals and the period's result" {
	run --separate-stderr finsam -d "$FIXTURE_DB" balance
	assert_status 0
	assert_contains "Testförbundet (222000-1234)"
	assert_contains "Saldobalans 2023-01-01 – 2023-12-31"
	assert_contains "1930   Bank                  1 000,00    1 012,34   2 012,34"
	assert_contains "Summa                     0,00        0,00       0,00"
	assert_contains "Periodens resultat: 1 012,34 kr (överskott)"
}

@test "balance as CSV: a header row, dot decimals with two decimals" {
	run --separate-stderr finsam -d "$FIXTURE_DB" balance --format csv
	assert_status 0
	[ "$(echo "$output" | head -1)" = "account,name,opening,change,closing" ]
	assert_contains "3511,Driftbidrag staten,0.00,-2000.00,-2000.00"
	assert_contains "8410,Ränteintäkter,0.00,-12.34,-12.34"
	refute_contains "Summa"
}

@test "balance as JSON: amounts in öre, totals and facts" {
	run --separate-stderr finsam -d "$FIXTURE_DB" balance --format json
	assert_status 0
	[ "$(echo "$output" | jq -r .amount_unit)" = "öre" ]
	[ "$(echo "$output" | jq '.accounts[] | select(.account == "1930") | .closing')" = 201234 ]
	[ "$(echo "$output" | jq .totals.closing)" = 0 ]
	[ "$(echo "$output" | jq .result)" = 101234 ]
	[ "$(echo "$output" | jq -r .to)" = "2023-12-31" ]
}

@test "balance for part of the year and by object" {
	run --separate-stderr finsam -d "$FIXTURE_DB" balance --from 2023-02-11 --to 2023-06-29 --format csv
	assert_contains "1930,Bank,3000.00,-1000.00,2000.00"
	run --separate-stderr finsam -d "$FIXTURE_DB" balance --by 6 --format csv
	[ "$(echo "$output" | head -1)" = "account,name,object,object_name,opening,change,closing" ]
	assert_contains "4590,Köp av verksamhet,P1,Coachingteam,0.00,750.50,750.50"
	assert_contains "4590,Köp av verksamhet,P2,Mottagningsteam,0.00,249.50,249.50"
}

@test "balance --file gives the same trial balance without a store" {
	run --separate-stderr finsam -d "$FIXTURE_DB" balance --format csv --by 6
	from_store=$output
	run --separate-stderr finsam balance --file "$SIE/minimal-4e.se" --format csv --by 6
	assert_status 0
	[ "$output" = "$from_store" ]
	[ ! -e finsam.db ]
}

@test "vouchers drill down from a balance to the rows behind it" {
	run --separate-stderr finsam -d "$FIXTURE_DB" vouchers --account 4590
	assert_status 0
	assert_contains "A 2  2023-02-10  Faktura coachingteam"
	assert_contains "> 4590"
	assert_contains "1 verifikation, 3 rader. Summa av markerade rader (>): 1 000,00 kr."
	run --separate-stderr finsam -d "$FIXTURE_DB" vouchers --object 6:P1 --format json
	[ "$(echo "$output" | jq .matched_total)" = 75050 ]
	run --separate-stderr finsam -d "$FIXTURE_DB" vouchers --account '8*' --format csv
	[ "$(echo "$output" | wc -l)" -eq 3 ]
	assert_contains "B,2,2023-06-30,Ränta,8410,Ränteintäkter,,-12.34,normal,,,,no"
}

@test "vouchers refuses an object that does not exist, and a bad object argument" {
	run --separate-stderr finsam -d "$FIXTURE_DB" vouchers --object 6:NOPE
	assert_status 1
	assert_contains "objektet 6:NOPE finns inte" "$stderr"
	run --separate-stderr finsam -d "$FIXTURE_DB" vouchers --object P1
	assert_status 2
	assert_contains "ska skrivas DIM:KOD" "$stderr"
}

@test "vouchers with both --account and --object asks for one row with both" {
	run --separate-stderr finsam -d "$FIXTURE_DB" vouchers --account 4590 --object 6:P1
	assert_status 0
	assert_contains "1 verifikation, 3 rader. Summa av markerade rader (>): 750,50 kr."
	# A 2 has a row on 2440 and a row on P1, but not one row with both.
	run --separate-stderr finsam -d "$FIXTURE_DB" vouchers --account 2440 --object 6:P1
	assert_status 0
	assert_contains "0 verifikationer, 0 rader."
}

@test "accounts, objects and years list what the store holds" {
	run --separate-stderr finsam -d "$FIXTURE_DB" accounts --format csv
	assert_contains "2440,Leverantörsskulder,S,skuld/eget kapital,,"
	run --separate-stderr finsam -d "$FIXTURE_DB" objects --format csv
	assert_contains "6,Projekt,P1,Coachingteam,"
	run --separate-stderr finsam -d "$FIXTURE_DB" years --format csv
	assert_contains "2022-01-01,2022-12-31,föregående år i senare fil,0,0,,,"
	assert_contains "2023-01-01,2023-12-31,verifikationer,4,0,,"
	assert_contains "minimal-4e.se,2026-11-24T12:00:00Z"
}

@test "imports lists the log with the file's checksum" {
	run --separate-stderr finsam -d "$FIXTURE_DB" imports --format json
	assert_status 0
	[ "$(echo "$output" | jq -r '.imports[0].sha256')" = "$(sha256sum "$SIE/minimal-4e.se" | cut -d' ' -f1)" ]
	[ "$(echo "$output" | jq '.imports[0].vouchers')" = 4 ]
	run --separate-stderr finsam -d "$FIXTURE_DB" imports 1 --format json
	[ "$(echo "$output" | jq -r .mode)" = replace ]
	[ "$(echo "$output" | jq .counts.trans)" = 9 ]
	run --separate-stderr finsam -d "$FIXTURE_DB" imports 99
	assert_status 1
	assert_contains "det finns ingen inläsning nummer 99" "$stderr"
}

@test "check finds nothing in consistent books and says so" {
	run --separate-stderr finsam -d "$FIXTURE_DB" check
	assert_status 0
	assert_contains "Inga avvikelser"
}

@test "check finds a voucher whose rows were changed behind finsam's back" {
	cp "$FIXTURE_DB" damaged.db
	sqlite3 damaged.db "UPDATE voucher SET rows = json_set(rows, '\$[0][2]', 75000)
	                    WHERE series = 'A' AND number = '2'"
	run --separate-stderr finsam -d damaged.db check
	assert_status 1
	assert_contains "verifikation A 2 (2023-02-10): raderna summerar till -0,50 kr men 0,00 kr registrerades; databasen är skadad"
	assert_contains "de sparade månadssaldona stämmer inte med verifikationerna"
}

@test "check names vouchers whose rows are damaged, without failing itself" {
	# Each damage on its own copy: what check says of voucher A 2.
	damage() {
		cp "$FIXTURE_DB" damaged.db
		sqlite3 damaged.db "UPDATE voucher SET rows = $1 WHERE series = 'A' AND number = '2'"
		run --separate-stderr finsam -d damaged.db check
		assert_status 1
		assert_contains "2023: verifikation A 2 (2023-02-10): $2; databasen är skadad"
	}
	damage "'[[0,'" "raderna är inte giltig JSON"
	damage "json_set(rows, '\$[0][0]', 5)" "en rad har inte formen [typ, konto, belopp, …] med typ 0–2 och belopp i hela ören"
	damage "json_set(rows, '\$[1][2]', 1.5)" "en rad har inte formen [typ, konto, belopp, …] med typ 0–2 och belopp i hela ören"
	damage "json_set(rows, '\$[2][1]', 9999)" "en rad hänvisar till ett konto som inte finns"
	damage "json_set(rows, '\$[0][3]', json('[9999]'))" "en rad hänvisar till ett objekt som inte finns"
}

@test "check finds month balances that disagree with the vouchers" {
	cp "$FIXTURE_DB" damaged.db
	sqlite3 damaged.db "UPDATE period_balance SET amount = amount + 1
	                    WHERE period = 202306 AND object_id = 0
	                      AND account_id = (SELECT id FROM account WHERE number = '8410')"
	run --separate-stderr finsam -d damaged.db check
	assert_status 1
	assert_contains "2023: de sparade månadssaldona stämmer inte med verifikationerna"
	assert_contains "1 avvikelse."
}

@test "export writes CP437 SIE that imports to the same books" {
	run --separate-stderr finsam -d "$FIXTURE_DB" export sie -o out.se
	assert_status 0
	assert_contains "Skrev out.se (SIE 4E)." "$stderr"
	grep -q $'^#FNAMN "Testf\x94rbundet"\r$' out.se
	grep -q $'^#GEN 20261124\r$' out.se
	finsam -d copy.db import out.se >/dev/null
	for cmd in "balance --format csv" "balance --by 6 --format csv" "vouchers --format csv" "accounts --format csv" "objects --format csv"; do
		[ "$(finsam -d "$FIXTURE_DB" $cmd)" = "$(finsam -d copy.db $cmd)" ]
	done
	run --separate-stderr finsam -d "$FIXTURE_DB" export sie --type 4i
	assert_status 0
	refute_contains "#IB"
	assert_contains "#VER"
}

@test "export of declared balances with objects but no period balances is type 3" {
	grep -av '^#PSALDO' "$SIE/type3.se" > obj.se
	finsam -d decl.db import obj.se >/dev/null
	run --separate-stderr finsam -d decl.db export sie -o back.se
	assert_status 0
	grep -aq $'^#SIETYP 3\r$' back.se
	grep -aq '^#OIB 0 1930 {6 "P1"} 100.00' back.se
}

@test "export refuses an unknown format and a year it does not have" {
	run --separate-stderr finsam -d "$FIXTURE_DB" export csv
	assert_status 2
	run --separate-stderr finsam -d "$FIXTURE_DB" export sie --year 1999
	assert_status 1
	assert_contains "inget räkenskapsår som börjar 1999" "$stderr"
}

@test "a failed export leaves no half-written file" {
	touch existing.se
	run --separate-stderr finsam -d "$FIXTURE_DB" export sie -o /nonexistent/dir/out.se
	assert_status 1
	[ -z "$(ls /nonexistent/dir 2>/dev/null)" ]
}

@test "org shows and changes the organisation, and a set chart sticks" {
	cp "$FIXTURE_DB" mine.db
	run --separate-stderr finsam -d mine.db org --chart bas --name "Nytt namn"
	assert_status 0
	assert_contains "Kontoplan:           bas (angiven)"
	assert_contains "Namn:                Nytt namn"
	run --separate-stderr finsam -d mine.db import "$SIE/quirk-4i-undeclared.si"
	run --separate-stderr finsam -d mine.db org
	assert_contains "Kontoplan:           bas (angiven)"
}

@test "the bundled example is created, imported and consistent" {
	run --separate-stderr finsam example ex
	assert_status 0
	assert_contains "Finsam Lekeberg Örebro"
	[ -f ex/bokforing-2023-h1.se ] && [ -f ex/finsam.db ]
	run --separate-stderr finsam -d ex/finsam.db check
	assert_status 0
	run --separate-stderr finsam -d ex/finsam.db balance --format json
	[ "$(echo "$output" | jq .result)" = -26669000 ]
	[ "$(echo "$output" | jq -r .to)" = 2023-06-30 ]
	# 2022 was closed through 8999 "Årets resultat"; the result is still shown.
	run --separate-stderr finsam -d ex/finsam.db balance --year 2022 --format json
	[ "$(echo "$output" | jq .result)" = 68977160 ]
	run --separate-stderr finsam example ex
	assert_status 1
	assert_contains "ex finns redan och har en finsam.db" "$stderr"
}
