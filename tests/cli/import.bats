#!/usr/bin/env bats
# finsam import, end to end: what a user sees, and that bad input never
# changes the store.

load helpers

SIE="$BATS_TEST_DIRNAME/../data/sie"

@test "import reports the file, its year, counts and encoding" {
	run --separate-stderr finsam import "$SIE/minimal-4e.se"
	assert_status 0
	assert_contains "minimal-4e.se: SIE 4E, Testförbundet (från finsam-testdata 1.0)"
	assert_contains "Räkenskapsår 2023-01-01 – 2023-12-31; 4 verifikationer med 9 rader, 7 konton; teckenkodning CP437"
	assert_contains "Första inläsningen av räkenskapsårets verifikationer."
	assert_contains "Kontoplanen bedöms vara kommun-bas"
	[ -z "$stderr" ]
}

@test "importing the identical file again is a no-op that says so" {
	finsam import "$SIE/minimal-4e.se" >/dev/null
	before=$(checksum finsam.db)
	run --separate-stderr finsam import "$SIE/minimal-4e.se"
	assert_status 0
	assert_contains "samma fil som förra inläsningen av räkenskapsåret 2023-01-01 – 2023-12-31; inget ändrades."
	[ "$(checksum finsam.db)" = "$before" ]
	run --separate-stderr finsam imports --format csv
	[ "$(echo "$output" | wc -l)" -eq 2 ]
}

@test "a newer export lists vouchers added, removed and changed after the fact" {
	finsam import "$SIE/minimal-4e.se" >/dev/null
	sed -e 's/{6 "P1"} 750.50/{6 "P1"} 700.50/' -e 's/{6 "P2"} 249.50/{6 "P2"} 299.50/' \
		"$SIE/minimal-4e.se" > newer.se
	run --separate-stderr finsam import newer.se
	assert_status 0
	assert_contains "Jämfört med förra inläsningen: 0 nya, 0 borttagna och 1 ändrad verifikation."
	assert_contains "ändrad    A 2  2023-02-10  Faktura coachingteam: rad borta: 4590 {6 P1} 750,50"
	run --separate-stderr finsam imports 2
	assert_status 0
	assert_contains "ändrad"
	assert_contains "ny rad: 4590 {6 P2} 299,50"
}

# Each broken file: status 1, a Swedish message with file:line, and the
# store byte for byte as it was.
refused() {
	local file=$1 message=$2
	finsam import "$SIE/minimal-4e.se" >/dev/null
	local before
	before=$(checksum finsam.db)
	run --separate-stderr finsam import "$SIE/$file"
	assert_status 1
	assert_contains "$message" "$stderr"
	[ "$(checksum finsam.db)" = "$before" ]
	[ ! -e finsam.db-wal ] || [ ! -s finsam.db-wal ]
}

@test "a truncated file is refused and the store is unchanged" {
	refused err-truncated-in-voucher.se "err-truncated-in-voucher.se:48: filen tar slut mitt i verifikationen som börjar här; filen är avkortad"
}

@test "a file whose checksum opens but never closes is refused as truncated" {
	refused err-ksumma-truncated.se "err-ksumma-truncated.se:2: filen är avkortad"
}

@test "a wrong checksum is refused and the store is unchanged" {
	refused err-ksumma-wrong.se "err-ksumma-wrong.se:54: kontrollsumman stämmer inte"
}

@test "an unbalanced voucher is refused with its line and the way to import it anyway" {
	refused err-unbalanced.se "err-unbalanced.se:37: verifikation A 2 balanserar inte: raderna summerar till -0,50 kr (använd --allow-unbalanced"
}

@test "an invalid date is refused and the store is unchanged" {
	refused err-bad-date.se "err-bad-date.se:43: #VER: ogiltigt verifikationsdatum \"20230230\""
}

@test "an invalid amount is refused and the store is unchanged" {
	refused err-bad-amount.se "err-bad-amount.se:50: #TRANS: ogiltigt belopp \"12,34\""
	refused err-too-many-decimals.se "fler än två decimaler"
}

@test "a NUL byte is refused and the store is unchanged" {
	refused err-nul-byte.se "err-nul-byte.se:43: raden innehåller NUL-tecken"
}

@test "a line of a megabyte is refused and the store is unchanged" {
	{ printf '#FLAGGA 0\n#FNAMN "'; head -c 1048576 /dev/zero | tr '\0' x; printf '"\n'; } > long.se
	cp "$SIE/minimal-4e.se" good.se
	finsam import good.se >/dev/null
	before=$(checksum finsam.db)
	run --separate-stderr finsam import long.se
	assert_status 1
	assert_contains "long.se:2: raden är längre än 65536 byte" "$stderr"
	[ "$(checksum finsam.db)" = "$before" ]
}

@test "garbage is refused and the store is unchanged" {
	finsam import "$SIE/minimal-4e.se" >/dev/null
	before=$(checksum finsam.db)
	head -c 20000 /dev/urandom > garbage.se
	printf '#FLAGGA 0\n' | cat - garbage.se > garbage2.se
	for f in garbage.se garbage2.se; do
		run --separate-stderr finsam import "$f"
		assert_status 1
		[[ "$stderr" == "finsam: $f"* ]]
		[ "$(checksum finsam.db)" = "$before" ]
	done
}

@test "a file for another organisation is refused" {
	refused other-org.se "filen gäller organisationsnummer 556000-0001"
}

@test "a voucher dated outside the file's year is refused" {
	refused err-voucher-outside-year.se "err-voucher-outside-year.se:48: verifikationen har ett datum utanför filens räkenskapsår"
}

@test "several files land together or not at all" {
	finsam init --name Test >/dev/null
	before=$(checksum finsam.db)
	run --separate-stderr finsam import "$SIE/minimal-4e.se" "$SIE/err-unbalanced.se"
	assert_status 1
	assert_contains "ingen av filerna lästes in" "$stderr"
	[ "$(checksum finsam.db)" = "$before" ]
	run --separate-stderr finsam import "$SIE/minimal-4e.se" "$SIE/quirk-4i-undeclared.si"
	assert_status 0
	run --separate-stderr finsam years --format csv
	assert_contains "2023-01-01,2023-12-31,verifikationer,5,0"
}

@test "a failed first import leaves no store behind" {
	run --separate-stderr finsam import "$SIE/err-unbalanced.se"
	assert_status 1
	[ ! -e finsam.db ] && [ ! -e finsam.db-wal ] && [ ! -e finsam.db-shm ]
}

@test "--dry-run checks and reports but stores nothing" {
	finsam import "$SIE/minimal-4e.se" >/dev/null
	before=$(checksum finsam.db)
	run --separate-stderr finsam import --dry-run "$SIE/quirk-4i-undeclared.si"
	assert_status 0
	assert_contains "1 verifikation lades till i bokföringen."
	assert_contains "Inget sparades (--dry-run)."
	[ "$(checksum finsam.db)" = "$before" ]
}

@test "--allow-unbalanced imports the voucher and flags it everywhere" {
	run --separate-stderr finsam import --allow-unbalanced "$SIE/err-unbalanced.se"
	assert_status 0
	assert_contains "1 verifikation som inte balanserar lästes in och är flaggade."
	assert_contains "verifikation A 2 balanserar inte (-0,50 kr); inläst och flaggad" "$stderr"
	run --separate-stderr finsam vouchers --series A
	assert_contains "A 2  2023-02-10  Faktura coachingteam  [OBALANSERAD]"
	run --separate-stderr finsam balance
	assert_contains "OBS: perioden innehåller 1 verifikation som inte balanserar"
	run --separate-stderr finsam check
	assert_status 1
	assert_contains "2023: verifikation A 2 (2023-02-10) balanserar inte (-0,50 kr)"
}

@test "warnings name the file and line on standard error" {
	run --separate-stderr finsam import "$SIE/quirk-iso-dates.se"
	assert_status 0
	assert_contains "quirk-iso-dates.se:43: varning: datum skrivet med bindestreck" "$stderr"
	run --separate-stderr finsam imports 1
	assert_contains "datum skrivet med bindestreck"
}

@test "declared closing balances that disagree with the vouchers are warned about and checked" {
	run --separate-stderr finsam import "$SIE/quirk-ub-disagrees.se"
	assert_status 0
	assert_contains "konto 1930: #UB anger 2 000,00 kr, men verifikationerna ger 2 012,34 kr" "$stderr"
	run --separate-stderr finsam check
	assert_status 1
	assert_contains "konto 1930: #UB anger 2 000,00 kr, men verifikationerna ger 2 012,34 kr"
	run --separate-stderr finsam balance --format csv
	assert_contains "1930,Bank,1000.00,1012.34,2012.34"
}
