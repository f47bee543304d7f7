#!/usr/bin/env bats
# finsam budget and forecast, end to end on the bundled example: the
# forecast table of the interim report it was made from, its JSON and CSV,
# budget versions and revisions, forecasts entered by hand, and bad input
# refused with file:line and the store left byte for byte as it was.
#
# The example follows its books where the interim report folded the net
# financial items (-316 kr) into "Administration/kansli" (+313) and the
# sick-pay refund (-3): here they are a row of their own, "Finansnetto";
# the result is the report's to the krona (tests/unit/test_forecast.c).

load helpers

# A fresh example in ./ex, and cd there.
example() {
	finsam example ex >/dev/null
	cd ex || return 1
}

# The rows of the table in $output (or $1) as "label|col|col|...":
# indentation dropped, columns (two or more spaces apart) joined by |, so
# empty columns vanish.
table_rows() {
	printf '%s\n' "${1:-$output}" | sed -E 's/^ +//; s/ +$//; s/ {2,}/|/g'
}

# The row whose first column is $1.
table_row() {
	table_rows | awk -v l="$1|" 'index($0, l) == 1 { print; exit }'
}

# Fail unless the table in $output has exactly this row.
assert_row() {
	if ! table_rows | grep -F -x -q -- "$1"; then
		echo "expected the row: $1"
		echo "--- rows beginning alike:"
		table_rows | awk -v l="${1%%|*}|" 'index($0, l) == 1'
		return 1
	fi
}

# A value from the JSON in $output: jq when installed, else Python.
#   json_value '.rows[-1].actual'            (a path of .keys and [indices])
#   json_row_value 'Finansnetto' 'actual'    (the field of the row with that line)
json_value() {
	if command -v jq >/dev/null; then
		printf '%s' "$output" | jq -r "$1"
	else
		printf '%s' "$output" | python3 -c '
import json, re, sys
v = json.load(sys.stdin)
for key, index in re.findall(r"\.(\w+)|\[(-?\d+)\]", sys.argv[1]):
    v = v[key] if key else v[int(index)]
print("null" if v is None else v)' "$1"
	fi
}

json_row_value() {
	if command -v jq >/dev/null; then
		printf '%s' "$output" | jq -r --arg l "$1" --arg f "$2" \
			'[.rows[] | select(.line == $l)][0][$f]'
	else
		printf '%s' "$output" | python3 -c '
import json, sys
rows = [r for r in json.load(sys.stdin)["rows"] if r["line"] == sys.argv[1]]
v = rows[0][sys.argv[2]]
print("null" if v is None else v)' "$1" "$2"
	fi
}

# The store as SQL text and as bytes, to prove a refusal changed nothing.
snapshot() {
	sqlite3 finsam.db .dump
	checksum finsam.db
}

# Run finsam with the arguments after `--`; expect exit status $1, the
# fixed string $2 on stderr, and the store unchanged.
refused() {
	local want_status=$1 message=$2
	shift 3
	local before
	before=$(snapshot)
	run --separate-stderr finsam "$@"
	assert_status "$want_status"
	assert_contains "$message" "$stderr"
	[ -z "$output" ]
	[ "$(snapshot)" = "$before" ]
}

# The example's budget with the first $1 replaced by $2, as ./bad.csv.
bad_budget() {
	python3 - "$1" "$2" <<'PY'
import sys
text = open("budget-2023.csv", encoding="utf-8-sig").read()
assert sys.argv[1] in text, sys.argv[1]
open("bad.csv", "w", encoding="utf-8-sig", newline="").write(text.replace(sys.argv[1], sys.argv[2], 1))
PY
}

# ---- the forecast table ------------------------------------------------------------

@test "forecast shows every row of the interim report's forecast, financial items on their own" {
	example
	run --separate-stderr finsam forecast
	assert_status 0
	[ -z "$stderr" ]
	assert_contains "Finsam Lekeberg Örebro"
	assert_contains "Prognos 2023 (utfall 2023-01-01 – 2023-06-30)"
	assert_contains "Jämförs mot: Antagen budget 2023"
	assert_row "Budget helår|Utfall perioden|Prognos helår|Differens|Metod"
	assert_row "Medlemsbidrag|8 000 000|4 000 000|8 000 000|0|budget"
	assert_row "Sjuklöneersättning|0|4 544|4 544|4 544|utfall+rest"
	assert_row "Summa intäkter|8 000 000|4 004 544|8 004 544|4 544"
	assert_row "Projekt/individinsatser|6 242 463|3 065 390|6 172 249|70 214"
	assert_row "Coachingteam Örebro|3 997 000|1 977 401|3 997 000|0|budget"
	assert_row "Arbetsträningsplatser Rosängen|158 724|101 399|158 724|0|budget"
	assert_row "Samverkansteam Örebro|1 165 693|574 187|1 165 693|0|budget"
	assert_row "Mottagningsteam Lekeberg|351 068|139 821|280 854|70 214|manuell"
	assert_row "Coachingteam Lekeberg|569 978|272 582|569 978|0|budget"
	assert_row "Strukturövergripande insatser|1 056 083|449 966|766 341|289 742"
	assert_row "Finsammassa|30 000|0|30 000|0|budget"
	assert_row "Insatskatalogen|192 000|108 000|192 000|0|budget"
	assert_row "Förbundschef-strukturellt arbete|225 000|122 626|225 000|0|budget"
	assert_row "Verksamhetsutveckling|144 083|0|1|144 082|manuell"
	assert_row "Strukturell samverkan|280 000|44 779|144 779|135 221|manuell"
	assert_row "Utbildning ACT (genomförs Q1)|185 000|174 561|174 561|10 439|utfall+rest"
	assert_row "Summa direkta kostnader|7 298 546|3 515 356|6 938 590|359 956"
	assert_row "Administration/kansli|483 964|232 617|483 964|0|budget"
	assert_row "Personal|1 035 200|522 945|1 035 200|0|budget"
	assert_row "Summa kansli och personal|1 519 164|755 562|1 519 164|0"
	assert_row "Summa kostnader|8 817 710|4 270 918|8 457 754|359 956"
	assert_row "Finansnetto|0|-316|-316|-316|utfall+rest"
	assert_row "Summa finansiella poster|0|-316|-316|-316"
	assert_row "Resultat|-817 710|-266 690|-453 526|364 184"
	# The headings, in the report's order, with the result last.
	headings=$(printf '%s\n' "$output" | sed -E 's/ +$//' | grep -E -x ' *(Intäkter|Kostnader|Direkta verksamhetskostnader|Administrativa kostnader|Finansiella poster)' | sed -E 's/^ +//' | tr '\n' ,)
	[ "$headings" = "Intäkter,Kostnader,Direkta verksamhetskostnader,Administrativa kostnader,Finansiella poster," ]
	# Section 1.2 and the equity under the table.
	assert_contains "Resultat för perioden -266 690 kr mot periodens budget -501 355 kr: 234 665 kr bättre än budget."
	assert_contains "Kostnaderna för perioden, 4 270 918 kr, är 48 % av årets budgeterade kostnader 8 817 710 kr."
	assert_contains "Budgeterat resultat -817 710 kr, prognos -453 526 kr: en avvikelse om 364 184 kr."
	assert_contains "Eget kapital vid årets början: 2 359 937 kr."
	assert_contains "2023 (prognos): resultat -453 526 kr, eget kapital vid årets slut 1 906 411 kr = 24 % av årets intäkter och 24 % av medlemsbidragen."
	assert_contains "2024 (plan): resultat -497 000 kr, eget kapital vid årets slut 1 409 411 kr"
	assert_contains "2025 (plan): resultat -427 000 kr, eget kapital vid årets slut 982 411 kr"
	refute_contains "Ej budgeterat"
}

@test "forecast --format json: amounts in öre, the result row and the equity path" {
	example
	run --separate-stderr finsam forecast --format json
	assert_status 0
	[ "$(json_value '.amount_unit')" = "öre" ]
	[ "$(json_value '.year')" = 2023 ]
	[ "$(json_value '.to')" = 2023-06-30 ]
	[ "$(json_value '.budget_version_number')" = 1 ]
	[ "$(json_value '.rows[-1].kind')" = result ]
	[ "$(json_value '.rows[-1].line')" = Resultat ]
	[ "$(json_value '.rows[-1].budget')" = -81771000 ]
	[ "$(json_value '.rows[-1].period_budget')" = -50135500 ]
	[ "$(json_value '.rows[-1].actual')" = -26669000 ]
	[ "$(json_value '.rows[-1].forecast')" = -45352600 ]
	[ "$(json_value '.rows[-1].difference')" = 36418400 ]
	[ "$(json_row_value 'Coachingteam Örebro' actual)" = 197740050 ]
	[ "$(json_row_value 'Finansnetto' actual)" = -31600 ]
	[ "$(json_row_value 'Mottagningsteam Lekeberg' method)" = manuell ]
	[ "$(json_row_value 'Mottagningsteam Lekeberg' method_date)" = 2023-06-30 ]
	[ "$(json_row_value 'Mottagningsteam Lekeberg' comment)" = "Utebliven kostnad för vakans, Försäkringskassans personal" ]
	[ "$(json_row_value 'Utbildning ACT (genomförs Q1)' period_budget)" = 18500000 ]
	[ "$(json_value '.period_budget_result')" = -50135500 ]
	[ "$(json_value '.result_against_period_budget')" = 23466500 ]
	[ "$(json_value '.costs_share_of_budget')" = 4844 ]
	[ "$(json_value '.opening_equity')" = 235993730 ]
	[ "$(json_value '.equity_forecast')" = 190641130 ]
	[ "$(json_value '.equity_path[0].share_of_income')" = 2382 ]
	[ "$(json_value '.equity_path[1].year')" = 2024 ]
	[ "$(json_value '.equity_path[1].equity')" = 140941130 ]
	[ "$(json_value '.equity_path[2].equity')" = 98241130 ]
}

@test "forecast --format csv: a header row and dot decimals" {
	example
	run --separate-stderr finsam forecast --format csv
	assert_status 0
	[ "$(printf '%s\n' "$output" | head -1)" = "kind,level,line,budget,period_budget,actual,forecast,difference,method,method_date,comment" ]
	assert_contains "line,1,Medlemsbidrag,8000000.00,4000000.00,4000000.00,8000000.00,0.00,budget,,"
	assert_contains "line,3,Coachingteam Örebro,3997000.00,1998500.00,1977400.50,3997000.00,0.00,budget,,"
	[ "$(printf '%s\n' "$output" | tail -1)" = "result,0,Resultat,-817710.00,-501355.00,-266690.00,-453526.00,364184.00,,," ]
}

@test "forecast --to mid-year uses the books through that day and the budget for later entries" {
	example
	run --separate-stderr finsam forecast --to 2023-05-15
	assert_status 0
	assert_contains "Prognos 2023 (utfall 2023-01-01 – 2023-05-15)"
	# The forecasts entered per June 30 do not apply yet.
	assert_row "Mottagningsteam Lekeberg|351 068|92 936|351 068|0|budget"
	run --separate-stderr finsam forecast --to 2024-01-31
	assert_status 2
	assert_contains "--to ligger inte i 2023" "$stderr"
}

# ---- budgets and versions ---------------------------------------------------------

@test "budget show lists the lines, plan years, profile and totals" {
	example
	run --separate-stderr finsam budget show
	assert_status 0
	assert_contains "Budget 2023: Antagen budget 2023"
	assert_contains "Version: 1"
	assert_row "Medlemsbidrag|Intäkter|Medlemsbidrag|351,352,353|8 000 000|8 000 000|8 000 000|jämn"
	assert_row "Kostnad|Direkta verksamhetskostnader|Strukturövergripande insatser|Utbildning ACT (genomförs Q1)|6:ACT|185 000|0|0|jan 33,33 %, feb 33,33 %, mar 33,34 %"
	assert_row "Finansiell|Finansiella poster|Finansnetto|84,85|0|0|0|jämn"
	assert_contains "Intäkter 8 000 000 kr, kostnader 8 817 710 kr, finansiella poster 0 kr: resultat -817 710 kr."
	assert_contains "Plan 2024: resultat -497 000 kr."
	assert_contains "Plan 2025: resultat -427 000 kr."
}

@test "budget versions lists the adopted budget with its totals" {
	example
	run --separate-stderr finsam budget versions --format csv
	assert_status 0
	[ "$(printf '%s\n' "$output" | head -1)" = "year,version,name,decided,decision_ref,lines,income,costs,result,source,created" ]
	assert_contains "2023,1,Antagen budget 2023,,,16,8000000.00,8817710.00,-817710.00,"
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 2 ]
}

@test "budget export read back as a revision shows the same budget" {
	example
	run --separate-stderr finsam budget show
	first=$output
	run --separate-stderr finsam budget export -o export.csv
	assert_status 0
	[ "$(head -c 3 export.csv | od -An -tx1 | tr -d ' ')" = efbbbf ]
	run --separate-stderr finsam budget import --revision export.csv
	assert_status 0
	assert_contains "Läste in Reviderad budget 2023 (1): version 2, 16 rader."
	run --separate-stderr finsam budget show
	assert_contains "Budget 2023: Reviderad budget 2023 (1)"
	assert_contains "Version: 2"
	[ "$(printf '%s\n' "$output" | sed 1,2d)" = "$(printf '%s\n' "$first" | sed 1,2d)" ]
	# and the export of the revision is the same file
	finsam budget export -o export2.csv
	cmp export.csv export2.csv
	# the adopted version is still there
	run --separate-stderr finsam budget show --version 1
	assert_contains "Budget 2023: Antagen budget 2023"
}

@test "budget revise makes version 2 and the forecast compares against it" {
	example
	run --separate-stderr finsam budget revise "Personal=1 100 000" --decided 2023-09-13 --ref "§ 12"
	assert_status 0
	assert_contains "Läste in Reviderad budget 2023 (1) (beslut 2023-09-13, § 12): version 2, 16 rader."
	assert_contains "Intäkter 8 000 000 kr, kostnader 8 882 510 kr, budgeterat resultat -882 510 kr."
	run --separate-stderr finsam budget versions --format csv
	assert_contains "2023,2,Reviderad budget 2023 (1),2023-09-13,§ 12,16,8000000.00,8882510.00,-882510.00,,"
	run --separate-stderr finsam forecast
	assert_status 0
	assert_contains "Jämförs mot: Reviderad budget 2023 (1) (beslut 2023-09-13, § 12)"
	assert_row "Personal|1 100 000|522 945|1 100 000|0|budget"
	assert_row "Resultat|-882 510|-266 690|-518 326|364 184"
	run --separate-stderr finsam forecast --version 1
	assert_contains "Jämförs mot: Antagen budget 2023"
	assert_row "Personal|1 035 200|522 945|1 035 200|0|budget"
	assert_row "Resultat|-817 710|-266 690|-453 526|364 184"
	refused 1 "finsam: budgeten för 2023 har ingen version 3 (se finsam budget versions)" \
		-- forecast --version 3
}

# ---- forecasts entered -------------------------------------------------------------

@test "forecast set linjär scales the line's outcome and history shows it" {
	example
	run --separate-stderr finsam forecast set Personal linjär --comment "som första halvåret"
	assert_status 0
	assert_contains 'Prognos för "Personal" per 2023-06-30: linjär.'
	run --separate-stderr finsam forecast
	assert_row "Personal|1 035 200|522 945|1 045 890|-10 690|linjär"
	run --separate-stderr finsam forecast history Personal
	assert_status 0
	assert_contains "Prognoshistorik 2023: Personal"
	assert_row "Personal|2023-06-30|linjär|1 045 890|som första halvåret|2026-11-24T12:00:00Z"
	refute_contains "Mottagningsteam"
	# a manual forecast per an earlier day joins the history, in date order
	run --separate-stderr finsam forecast set Personal manuell --amount "1 000 000" --date 2023-03-31
	assert_status 0
	run --separate-stderr finsam forecast history Personal --format csv
	[ "$(printf '%s\n' "$output" | sed 1d | cut -d, -f1-4 | tr '\n' ' ')" = "Personal,2023-03-31,manuell,1000000.00 Personal,2023-06-30,linjär,1045890.20 " ]
	run --separate-stderr finsam forecast --to 2023-04-30
	assert_row "Personal|1 035 200|$(table_row Personal | cut -d'|' -f3)|1 000 000|35 200|manuell"
}

@test "forecast export gives back what forecast import read" {
	example
	run --separate-stderr finsam forecast export
	assert_status 0
	assert_contains "Rad;Datum;Metod;Belopp;Kommentar"
	assert_contains 'Mottagningsteam Lekeberg;2023-06-30;manuell;280854,00;"Utebliven kostnad för vakans, Försäkringskassans personal"'
	assert_contains "Utbildning ACT (genomförs Q1);2023-06-30;utfall+rest;;Utbildningen är genomförd"
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 7 ]
	finsam forecast export -o export.csv
	run --separate-stderr finsam forecast --format csv
	before=$output
	# Read back, the same entries replace themselves: the same forecast.
	run --separate-stderr finsam forecast import export.csv
	assert_status 0
	assert_contains "Läste in 6 prognoser ur export.csv."
	run --separate-stderr finsam forecast --format csv
	[ "$output" = "$before" ]
	finsam forecast export -o export2.csv
	cmp export.csv export2.csv
}

# ---- bad input changes nothing ----------------------------------------------------

@test "a budget with an unknown column is refused with file and line" {
	example
	bad_budget "Typ;Grupp;" "Typ;Grup;"
	refused 1 'finsam: bad.csv:1: kolumn 2 (Grup): okänd kolumn "Grup" (se docs/plan.md)' \
		-- budget import --revision bad.csv
}

@test "a budget with text in an amount is refused with file, line and column" {
	example
	bad_budget ";Finsammassa;;6:FMA;30000;" ";Finsammassa;;6:FMA;abc;"
	refused 1 'finsam: bad.csv:9: kolumn 8 (Budget 2023): "abc" är inget belopp' \
		-- budget import --revision bad.csv
	bad_budget ";Finsammassa;;6:FMA;30000;" ";Finsammassa;;6:FMA;12.50;"
	refused 1 'finsam: bad.csv:9: kolumn 8 (Budget 2023): "12.50" är inget belopp: punkt som decimaltecken kan missförstås; använd decimalkomma (1 234,50)' \
		-- budget import --revision bad.csv
}

@test "a budget with an unknown object is refused" {
	example
	bad_budget ";Finsammassa;;6:FMA;" ";Finsammassa;;6:XYZ;"
	refused 1 'finsam: bad.csv:9: kolumn 7 (Objekt): objektet "6:XYZ" finns inte (se finsam objects)' \
		-- budget import --revision bad.csv
}

@test "a budget whose profile is not 100 % is refused" {
	example
	bad_budget '"33,34"' '"33,33"'
	refused 1 'finsam: bad.csv:14: raden "Utbildning ACT (genomförs Q1)": månadsfördelningen summerar till 99,99 %, inte 100 %' \
		-- budget import --revision bad.csv
}

@test "a budget with a line twice is refused, by name or by what it selects" {
	example
	bad_budget ";Finsammassa;;6:FMA;" ";Insatskatalogen;;6:FMA;"
	refused 1 'finsam: bad.csv:10: raden "Insatskatalogen" finns redan (rad 9)' \
		-- budget import --revision bad.csv
	bad_budget ";Finsammassa;;6:FMA;" ";Finsammassa;;6:IKA;"
	refused 1 'finsam: bad.csv:10: raden "Insatskatalogen" väljer samma konton (alla) och objekt (6:IKA) som raden "Finsammassa"' \
		-- budget import --revision bad.csv
}

@test "a second adopted budget is refused; a revision is how a change comes in" {
	example
	refused 1 "finsam: det finns redan en budget för 2023; en ändring som styrelsen beslutat läses in som revidering (--revision)" \
		-- budget import budget-2023.csv
}

@test "budget revise of an unknown line or a bad amount changes nothing" {
	example
	refused 1 'finsam: budgeten för 2023 har ingen rad "Resor"' -- budget revise "Resor=100"
	refused 2 "skriv RAD=BELOPP" -- budget revise "Personal"
	refused 2 "är inget belopp" -- budget revise "Personal=mycket"
}

@test "forecast set for a line the budget lacks is refused" {
	example
	refused 1 'finsam: budgeten för 2023 har ingen rad "X" (se finsam budget show)' \
		-- forecast set X manuell --amount 5
}

@test "forecast set manuell without an amount is a usage error" {
	example
	refused 2 "finsam: en manuell prognos behöver ett belopp" -- forecast set Personal manuell
	refused 2 "finsam: metoden linjär räknar fram beloppet själv" -- forecast set Personal linjär --amount 5
	refused 2 "är ingen metod" -- forecast set Personal gissning
}

@test "a forecast file with one bad row enters none of its rows" {
	example
	printf 'Rad;Datum;Metod;Belopp;Kommentar\r\nPersonal;2023-06-30;linjär;;\r\nResor;2023-06-30;manuell;5;\r\n' > bad-prognos.csv
	refused 1 'finsam: bad-prognos.csv:3: budgeten för 2023 har ingen rad "Resor" (se finsam budget show)' \
		-- forecast import bad-prognos.csv
	printf 'Rad;Datum;Metod;Belopp;Kommentar\r\nPersonal;30/6 2023;linjär;;\r\n' > bad-prognos.csv
	refused 1 'finsam: bad-prognos.csv:2: kolumn 2 (Datum): "30/6 2023" är inget datum (ÅÅÅÅ-MM-DD)' \
		-- forecast import bad-prognos.csv
}
