#!/usr/bin/env bats
# The financial statements end to end on the bundled example: `finsam
# statement rr|br|notes|forecast|ratios` in every format against the seed
# report's figures, the period options, and `finsam mapping`: the
# example's own mapping, the export/import round trip, a broken mapping
# refused with file:line:column and the store unchanged, accounts that
# land on no line or on two, and the reset to the Kommun-BAS default.

load helpers

# A JSON field of the row whose field $2 is $3, in the array $1 of $output.
json_row() {
	echo "$output" | jq -r --arg k "$2" --arg v "$3" --arg f "$4" ".$1[] | select(.[\$k] == \$v) | .[\$f]"
}

@test "statement rr shows the seed's resultaträkning in every format" {
	use_example
	run --separate-stderr finsam statement rr
	assert_status 0
	[ -z "$stderr" ]
	assert_contains "Resultaträkning 2023-01-01 – 2023-06-30"
	assert_contains "Jämförelse: 2022-01-01 – 2022-12-31"
	assert_contains "2023-01-01 – 2023-06-30  2022-01-01 – 2022-12-31"
	assert_contains "  Verksamhetens intäkter             2                4 004 544                8 038 718"
	assert_contains "  Verksamhetens kostnader            3               -4 270 918               -7 367 068"
	assert_contains "Verksamhetens resultat                                 -266 374                  671 650"
	assert_contains "Resultat efter finansiella poster                      -266 690                  689 772"
	assert_contains "Årets resultat                                         -266 690                  689 772"
	refute_contains "Skatteintäkter"

	run --separate-stderr finsam statement rr --format csv
	assert_status 0
	[ "$(echo "$output" | head -1)" = "label,kind,level,note,amount,comparison" ]
	[ "$(csv_field "$output" "Verksamhetens intäkter" amount)" = "4004544.00" ]
	[ "$(csv_field "$output" "Verksamhetens intäkter" comparison)" = "8038717.80" ]
	[ "$(csv_field "$output" "Verksamhetens intäkter" note)" = "2" ]
	[ "$(csv_field "$output" "Finansiella intäkter" amount)" = "62.00" ]
	[ "$(csv_field "$output" "Årets resultat" kind)" = "sum" ]
	[ "$(csv_field "$output" "Årets resultat" level)" = "3" ]
	[ "$(echo "$output" | wc -l)" -eq 8 ]

	run --separate-stderr finsam statement rr --format json
	assert_status 0
	[ "$(echo "$output" | jq -r .statement)" = rr ]
	[ "$(echo "$output" | jq -r .from)" = 2023-01-01 ]
	[ "$(echo "$output" | jq -r .to)" = 2023-06-30 ]
	[ "$(echo "$output" | jq -r .comparison_from)" = 2022-01-01 ]
	[ "$(echo "$output" | jq -r .comparison_to)" = 2022-12-31 ]
	[ "$(echo "$output" | jq -r .amount_unit)" = öre ]
	[ "$(echo "$output" | jq -r .mapping)" = egen ]
	[ "$(echo "$output" | jq '.unmapped | length')" = 0 ]
	[ "$(json_row rows label "Årets resultat" amount)" = -26669000 ]
	[ "$(json_row rows label "Årets resultat" comparison)" = 68977160 ]
	[ "$(json_row rows label "Verksamhetens kostnader" amount)" = -427091800 ]
	[ "$(json_row rows label "Finansiella kostnader" note)" = null ]
}

@test "statement br shows the seed's balansräkning, with finsam's exact sums" {
	use_example
	run --separate-stderr finsam statement br
	assert_status 0
	assert_contains "Balansräkning 2023-06-30"
	assert_contains "Jämförelse: 2022-12-31"
	assert_contains "TILLGÅNGAR"
	assert_contains "  Övriga fordringar                               4     136 594      43 748"
	assert_contains "  Förutbetalda kostnader och upplupna intäkter           19 350           0"
	assert_contains "Summa omsättningstillgångar                           6 290 501   4 345 059"
	assert_contains "  Årets resultat                                       -266 690     689 772"
	assert_contains "Summa kortfristiga skulder                        6   4 056 840   1 844 709"
	# The seed prints 6 290 500 and 4 345 060: it added its rounded rows.
	assert_contains "SUMMA EGET KAPITAL OCH SKULDER                        6 290 501   4 345 059"
	refute_contains "Anläggningstillgångar"
	refute_contains "Långfristiga skulder"

	run --separate-stderr finsam statement br --format csv
	assert_status 0
	[ "$(csv_field "$output" "Kassa och bank" amount)" = "6134556.50" ]
	[ "$(csv_field "$output" "TILLGÅNGAR" kind)" = heading ]
	[ "$(csv_field "$output" "TILLGÅNGAR" amount)" = "" ]
	[ "$(csv_field "$output" "Summa eget kapital" amount)" = "2093247.30" ]
	[ "$(csv_field "$output" "Summa eget kapital" comparison)" = "2359937.30" ]

	run --separate-stderr finsam statement br --format json
	assert_status 0
	[ "$(echo "$output" | jq -r .statement)" = br ]
	[ "$(json_row rows label "SUMMA TILLGÅNGAR" amount)" = 629050050 ]
	[ "$(json_row rows label "SUMMA EGET KAPITAL OCH SKULDER" amount)" = 629050050 ]
	[ "$(json_row rows label "Avsättningar för pensioner" note)" = 5 ]
	[ "$(json_row rows label "Eget kapital" kind)" = heading ]
	[ "$(json_row rows label "Eget kapital" amount)" = null ]
}

@test "statement notes shows the seed's notes 1-6 in every format" {
	use_example
	run --separate-stderr finsam statement notes
	assert_status 0
	[ -z "$stderr" ]
	assert_contains "Not 1 Redovisnings- och värderingsprinciper"
	assert_contains "Vissa anpassningar har gjorts till Finsams verksamhet."
	assert_contains "Not 3 Verksamhetens kostnader"
	assert_contains "Direkta kostnader"
	assert_contains "  Verksamhetskostnader              3 515 356   6 131 866"
	assert_contains "Summa administrativa kostnader        755 562   1 235 202"
	assert_contains "Summa avsättningar för pensioner     140 413     140 413"
	assert_contains "  Personalens skatter och avgifter      47 252      27 289"
	assert_contains "  Upplupna kostnader                 1 796 139     106 600"

	run --separate-stderr finsam statement notes --format csv
	assert_status 0
	[ "$(echo "$output" | head -1)" = "note,title,label,kind,level,amount,comparison" ]
	[ "$(echo "$output" | grep -c '^6,')" -eq 11 ]
	[ "$(echo "$output" | grep '^1,' | cut -d, -f4 | tail -1)" = "text" ]

	run --separate-stderr finsam statement notes --format json
	assert_status 0
	[ "$(echo "$output" | jq -r .statement)" = notes ]
	[ "$(echo "$output" | jq '[.rows[] | select(.note == 2)] | length')" -eq 6 ]
	[ "$(echo "$output" | jq '.rows[] | select(.label == "Sociala avgifter") | .amount')" = 3727200 ]
	[ "$(echo "$output" | jq -r '.rows[] | select(.label == "Direkta kostnader") | .kind')" = heading ]
}

@test "statement forecast is the forecast command's table" {
	use_example
	run --separate-stderr finsam forecast --format json
	assert_status 0
	want=$output
	run --separate-stderr finsam statement forecast --format json
	assert_status 0
	[ "$output" = "$want" ]
	run --separate-stderr finsam statement forecast --format csv
	assert_status 0
	[ "$(echo "$output" | grep '^result,' | cut -d, -f3-)" = "Resultat,-817710.00,-501355.00,-266690.00,-453526.00,364184.00,,," ]
	run --separate-stderr finsam statement forecast
	assert_status 0
	assert_contains "Prognos 2023 (utfall 2023-01-01 – 2023-06-30)"
}

@test "statement ratios gives the seed's text figures under their keys" {
	use_example
	run --separate-stderr finsam statement ratios
	assert_status 0
	assert_contains "kostnader-andel-budget"
	assert_contains "48 %"
	assert_contains "eget-kapital-andel"
	assert_contains "234 665 kr"
	run --separate-stderr finsam statement ratios --format csv
	assert_status 0
	[ "$(echo "$output" | head -1)" = "key,label,type,amount,percent,count" ]
	[ "$(csv_field "$output" kostnader amount)" = "4270918.00" ]
	[ "$(csv_field "$output" kostnader-andel-budget percent)" = "48.44" ]
	[ "$(csv_field "$output" avvikelse-periodbudget amount)" = "234665.00" ]
	[ "$(csv_field "$output" eget-kapital-andel percent)" = "23.82" ]
	[ "$(csv_field "$output" manader count)" = "6" ]
	run --separate-stderr finsam statement ratios --format json
	assert_status 0
	[ "$(echo "$output" | jq .budget)" = true ]
	[ "$(json_row ratios key andel-projekt-individinsatser percent)" = 7079 ]
	[ "$(json_row ratios key andel-strukturovergripande-insatser percent)" = 1198 ]
	[ "$(json_row ratios key andel-administrativa-kostnader percent)" = 1723 ]
	[ "$(json_row ratios key prognos-resultat amount)" = -45352600 ]
	[ "$(json_row ratios key eget-kapital-prognos type)" = money ]
}

@test "--from and --to choose the period, the comparison stays the previous year" {
	use_example
	run --separate-stderr finsam statement rr --from 2023-04-01 --to 2023-06-30 --format json
	assert_status 0
	[ "$(echo "$output" | jq -r .from)" = 2023-04-01 ]
	[ "$(echo "$output" | jq -r .comparison_to)" = 2022-12-31 ]
	q2=$(json_row rows label "Årets resultat" amount)
	run --separate-stderr finsam statement rr --to 2023-03-31 --format json
	q1=$(json_row rows label "Årets resultat" amount)
	[ $((q1 + q2)) -eq -26669000 ]
	# The balance sheet at the end of March balances, with March's result.
	run --separate-stderr finsam statement br --to 2023-03-31 --format json
	assert_status 0
	[ "$(json_row rows label "Årets resultat" amount)" = "$q1" ]
	[ "$(json_row rows label "SUMMA TILLGÅNGAR" amount)" = "$(json_row rows label "SUMMA EGET KAPITAL OCH SKULDER" amount)" ]
	# 2022 on its own: known only from its declared balances, no comparison.
	run --separate-stderr finsam statement rr --from 2022-01-01 --to 2022-12-31 --format json
	assert_status 0
	[ "$(echo "$output" | jq .comparison_from)" = null ]
	[ "$(json_row rows label "Årets resultat" amount)" = 68977160 ]
}

@test "statement refuses what it cannot do" {
	use_example
	run --separate-stderr finsam statement
	assert_status 2
	run --separate-stderr finsam statement bs
	assert_status 2
	assert_contains 'okänd åtgärd "bs"' "$stderr"
	run --separate-stderr finsam statement rr --to 2023-13-01
	assert_status 2
	run --separate-stderr finsam statement rr --from 2023-06-01 --to 2023-05-01
	assert_status 2
	run --separate-stderr finsam statement rr --format xml
	assert_status 2
	run --separate-stderr finsam statement br --to 2021-06-30
	assert_status 1
	assert_contains "inget räkenskapsår innehåller 2021-06-30" "$stderr"
	run --separate-stderr finsam statement rr --from 2023-01-01 --to 2024-01-31
	assert_status 1
	run --separate-stderr finsam -d nowhere.db statement rr
	assert_status 1
}

@test "the example's mapping exports and imports back to the same text" {
	use_example
	run --separate-stderr finsam mapping export -o m.yaml
	assert_status 0
	cmp m.yaml ex/rapportmappning.yaml
	run --separate-stderr finsam statement notes --format json
	before=$output
	run --separate-stderr finsam mapping import m.yaml
	assert_status 0
	assert_contains "Läste in rapportmappningen ur m.yaml"
	[ -z "$stderr" ]
	run --separate-stderr finsam mapping export
	assert_status 0
	[ "$output" = "$(cat m.yaml)" ]
	run --separate-stderr finsam statement notes --format json
	[ "$output" = "$before" ]
	run --separate-stderr finsam mapping show
	assert_status 0
	assert_contains "Källa: m.yaml, sparad 2026-11-24T12:00:00Z"
	assert_contains "Varje konto med saldo hamnar på exakt en rad"
	run --separate-stderr finsam mapping show --format json
	[ "$(echo "$output" | jq .own)" = true ]
	[ "$(json_row lines label "Balanserad vinst" accounts)" = "20, !2099" ]
}

@test "a broken mapping is refused with file:line:column and changes nothing" {
	use_example
	sed 's/konton: 24-28, !244/konton: 24-/' ex/rapportmappning.yaml >trasig.yaml
	line=$(grep -n 'konton: 24-$' trasig.yaml | cut -d: -f1)
	refused_unchanged 1 "trasig.yaml:$line:13: konton: intervallet '24-' saknar sitt slut" \
		mapping import trasig.yaml
	printf 'resultaträkning:\n  - summa: S\nbalansräkning:\n  - rad: B\n    konton: 1\n' >summa.yaml
	refused_unchanged 1 "summa.yaml:2:5: summan 'S' har inga rader ovanför sig" mapping import summa.yaml
	printf 'resultaträkning:\n  - rad: R\n    kontor: 3\nbalansräkning:\n  - rad: B\n    konton: 1\n' >nyckel.yaml
	refused_unchanged 1 "nyckel.yaml:3:5: okänd nyckel 'kontor' i resultaträkning (menade du 'konton'?)" \
		mapping import nyckel.yaml
	refused_unchanged 1 "saknas.yaml" mapping import saknas.yaml
	refused_unchanged 2 "fel antal argument" mapping import
}

@test "an account on no line or on two is reported with its amount" {
	use_example
	# Bank left out of the balance sheet; the grants on two lines.
	sed -e 's/konton: 18-19/konton: 18/' \
		-e 's/^  - rad: Verksamhetens intäkter$/  - rad: Bidrag\n    konton: 351\n  - rad: Verksamhetens intäkter/' \
		ex/rapportmappning.yaml >egen.yaml
	run --separate-stderr finsam mapping import egen.yaml
	assert_status 0
	assert_contains "konto 1930 Bank finns på 0 rader i balansräkningen" "$stderr"
	assert_contains "konto 3511 Driftbidrag från staten (FK och AF) finns på 2 rader i resultaträkningen: Bidrag, Verksamhetens intäkter" "$stderr"
	run --separate-stderr finsam mapping show
	assert_status 0
	assert_contains "Konto 1930 Bank (6 134 556,50 kr, jämförelse 4 301 311,30 kr): 0 rader i balansräkningen."
	assert_contains "2 rader i resultaträkningen: Bidrag, Verksamhetens intäkter."
	run --separate-stderr finsam mapping show --format json
	[ "$(json_row unmapped account 1930 times)" = 0 ]
	[ "$(json_row unmapped account 1930 amount)" = 613455650 ]
	[ "$(json_row unmapped account 3511 lines)" = "Bidrag, Verksamhetens intäkter" ]
	[ "$(json_row unmapped account 3511 statement)" = rr ]
	run --separate-stderr finsam statement br --format json
	assert_status 0
	assert_contains "konto 1930 Bank" "$stderr"
	[ "$(echo "$output" | jq -r '.unmapped[0].account')" = 1930 ]
}

@test "reset goes back to the Kommun-BAS default, one row per account in the notes" {
	use_example
	run --separate-stderr finsam mapping reset
	assert_status 0
	assert_contains "Rapportmappningen är standardmappningen för Kommun-BAS."
	run --separate-stderr finsam mapping export
	[ "$output" = "$(cat "$BATS_TEST_DIRNAME/../../data/mapping/kommun-bas.yaml")" ]
	run --separate-stderr finsam mapping show
	assert_contains "Källa: standard för Kommun-BAS"
	run --separate-stderr finsam statement notes --format json
	assert_status 0
	[ "$(echo "$output" | jq -r .mapping)" = kommun-bas ]
	[ "$(echo "$output" | jq -r '[.rows[] | select(.note == 2)][0].label')" = "Driftbidrag från staten (FK och AF)" ]
	[ "$(echo "$output" | jq '.rows[] | select(.label == "Summa kortfristiga skulder") | .amount')" = 405684020 ]
	# The statements themselves are the same as by the example's mapping.
	run --separate-stderr finsam statement br --format csv
	[ "$(csv_field "$output" "SUMMA EGET KAPITAL OCH SKULDER" amount)" = "6290500.50" ]
	run --separate-stderr finsam mapping reset
	assert_status 0
}
