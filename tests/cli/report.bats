#!/usr/bin/env bats
# The report end to end: the bundled example's template built into PDF,
# HTML and XLSX and read back with the tools a reader's machine has
# (pdfinfo, pdftotext, pdftoppm, unzip), the starter template, the tables
# as CSV and JSON, bad templates refused with file:line:column and
# nothing written, and templates saved in and loaded from the store.

load helpers

# The example's report in all three formats, once per test.
build_example_report() {
	use_example
	run --separate-stderr finsam report ex/rapport.md -o rapport.pdf rapport.html rapport.xlsx
	assert_status 0
}

@test "the example's template builds the report in all three formats and says where they are" {
	build_example_report
	assert_contains "Skrev rapport.pdf."
	assert_contains "Skrev rapport.html."
	assert_contains "Skrev rapport.xlsx."
	assert_contains "Granskning:"
	[ -s rapport.pdf ] && [ -s rapport.html ] && [ -s rapport.xlsx ]
	# No temporary files left beside them.
	[ "$(ls | grep -c tmp)" -eq 0 ]
}

@test "the PDF opens, has a report's length, and its text has the headings and the seed's figures in Swedish typography" {
	build_example_report
	run pdfinfo rapport.pdf
	assert_status 0
	pages=$(echo "$output" | awk '/^Pages:/ {print $2}')
	[ "$pages" -ge 12 ] && [ "$pages" -le 40 ]
	pdftotext -layout rapport.pdf text.txt
	text=$(cat text.txt)
	for h in "Innehållsförteckning" "1 Förvaltningsberättelse" "1.2 Händelser av väsentlig betydelse" \
		"2 Resultaträkning" "3 Balansräkning" "4 Noter" "5 Prognos" "6 Styrelsens underskrift" \
		"Finsam Lekeberg Örebro" "Sida 2 av $pages" "Sida $pages av $pages" "Mottagningsteamet Lekeberg"; do
		assert_contains "$h" "$text"
	done
	# Figures grouped by thousands (the PDF sets a narrow no-break space;
	# pdftotext reads the gap back as a space) and a real minus.
	assert_contains "4 004 544" "$text"
	assert_contains "−266 690" "$text"
	assert_contains "6 290 501" "$text"
	# The text's figures: the books' costs, and the seed's other figures.
	flat=$(pdftotext rapport.pdf - | tr -s ' \n' '  ')
	assert_contains "uppgår till 4 270 918 kr vilket är 234 665 kr mindre än budgeterat" "$flat"
	assert_contains "48 % av förbundets helårsbudget på 8 817 710 kr" "$flat"
	assert_contains "resultat om −454 tkr, dvs en avvikelse om +364 tkr" "$flat"
}

@test "the PDF's pages are not blank when rendered" {
	build_example_report
	pdftoppm -r 20 -png rapport.pdf page
	for p in page-*.png; do
		# A blank page compresses to almost nothing; a page with text does not.
		[ "$(stat -c %s "$p")" -gt 1500 ] || { echo "$p looks blank"; return 1; }
	done
}

@test "the HTML is one self-contained file with the statements as real tables and the charts inline" {
	build_example_report
	html=$(cat rapport.html)
	assert_contains '<html lang="sv"' "$html"
	assert_contains "<caption>Resultaträkning</caption>" "$html"
	assert_contains "<th scope=\"col\"" "$html"
	assert_contains "<svg" "$html"
	! grep -Eq '(src|href)="https?://' rapport.html
}

@test "the XLSX has a sheet per table with real numbers" {
	build_example_report
	run unzip -l rapport.xlsx
	assert_status 0
	sheets=$(echo "$output" | grep -c 'xl/worksheets/sheet')
	[ "$sheets" -ge 10 ]
	unzip -p rapport.xlsx xl/workbook.xml > wb.xml
	assert_contains 'Resultaträkning' "$(cat wb.xml)"
	# The income of the half-year is a number cell somewhere in the workbook.
	unzip -p rapport.xlsx 'xl/worksheets/sheet*.xml' | grep -q '<v>4004544</v>'
}

@test "--tables writes each table as CSV and JSON with exact amounts" {
	use_example
	run --separate-stderr finsam report ex/rapport.md --tables tabeller
	assert_status 0
	[ -f tabeller/resultatrakning.csv ] && [ -f tabeller/resultatrakning.json ]
	grep -q '4004544.00' tabeller/resultatrakning.csv
	[ "$(jq -r '.table' tabeller/resultatrakning.json)" = "resultatrakning" ]
}

@test "report new writes a starter template that builds once its period is the books'" {
	use_example
	run finsam report new -o mall.md
	assert_status 0
	grep -q '^period: 2024H1' mall.md
	sed -i 's/^period: 2024H1.*/period: 2023H1/' mall.md
	run --separate-stderr finsam report mall.md -o mall.html
	assert_status 0
	[ -s mall.html ]
}

@test "report placeholders lists every placeholder, and docs/report.md documents each" {
	run finsam report placeholders
	assert_status 0
	assert_contains "{{ resultaträkning }}"
	assert_contains "{{ nyckeltal NYCKEL"
	doc="$BATS_TEST_DIRNAME/../../docs/report.md"
	for name in $(echo "$output" | sed -n 's/^{{ \([^ ]*\).*/\1/p'); do
		grep -q "\`$name" "$doc" || { echo "docs/report.md lacks $name"; return 1; }
	done
}

# A template whose body is $1, with the example's header.
template() {
	printf -- '---\ntyp: delårsrapport\nperiod: 2023H1\n---\n\n%s\n' "$1" > bad.md
}

# bad.md is refused (status 1) with $1 in the message.
refused_template() {
	run --separate-stderr finsam report bad.md -o out.pdf
	assert_status 1
	assert_contains "$1" "$stderr"
}

@test "an unknown placeholder is refused at its line and column and nothing is written" {
	use_example
	template $'# Rubrik\n\nKostnaderna är {{ nyckletal kostnader }} kr.'
	refused_template "bad.md:8:16: okänd platshållare 'nyckletal'"
	[ ! -e out.pdf ]
}

@test "unclosed braces are refused at their line and column" {
	use_example
	template $'Text {{ nyckeltal kostnader\n\nmer text'
	run --separate-stderr finsam report bad.md -o out.html
	assert_status 1
	assert_contains "bad.md:6:6: {{ avslutas inte med }}" "$stderr"
	[ ! -e out.html ]
}

@test "a period the books do not hold is refused at the header's line" {
	use_example
	printf -- '---\ntyp: delårsrapport\nperiod: 2031H1\n---\n\n{{ resultaträkning }}\n' > bad.md
	refused_template "bad.md:3: period: bokföringen har inget räkenskapsår som rymmer perioden"
	printf -- '---\ntyp: delårsrapport\nperiod: 2023H3\n---\n' > bad.md
	refused_template "bad.md:3:9: period: '2023H3' är ingen period"
}

@test "a table asked for data that does not exist is refused at its line" {
	use_example
	template $'{{ insatskort XYZ }}'
	refused_template "bad.md:6:1: det finns ingen insats XYZ"
	template $'{{ målmatris "Finns inte" }}'
	refused_template "bad.md:6:1: det finns inget målområde \"Finns inte\""
	template $'{{ not 99 }}'
	refused_template "bad.md:6:1: det finns ingen not 99"
}

@test "a block placeholder inside running text, and wrong arguments, are refused" {
	use_example
	template $'Se tabellen {{ resultaträkning }} här.'
	refused_template "bad.md:6:13: {{ resultaträkning }} ger ett block"
	template $'{{ insatskort }}'
	refused_template "bad.md:6:1: {{ insatskort }} tar 1 argument, inte 0"
	template $'{{ nyckeltal kostnader färg=röd }}'
	refused_template "bad.md:6:1: {{ nyckeltal }} har inget val 'färg='"
}

@test "a header without its dashes or with an unknown key is refused" {
	use_example
	printf '# Bara text\n' > bad.md
	refused_template "bad.md:1: mallen ska börja med ett huvud"
	printf -- '---\ntyp: delårsrapport\nperiod: 2023H1\nfärg: blå\n---\n' > bad.md
	refused_template "bad.md:4:1: okänd nyckel 'färg'"
}

@test "an output format finsam does not write is a usage error before anything is built" {
	use_example
	run --separate-stderr finsam report ex/rapport.md -o rapport.docx
	assert_status 2
	assert_contains "rapport.docx: okänt format" "$stderr"
}

@test "an annual report's own blocks: cash flow, driftredovisning and the five-year overview" {
	use_example
	printf -- '---\ntyp: årsredovisning\nperiod: 2023H1\n---\n\n# Kassaflöde\n\n{{ kassaflödesanalys }}\n\n{{ driftredovisning }}\n\n{{ femårsöversikt }}\n' > ars.md
	run --separate-stderr finsam report ars.md -o ars.pdf --tables t
	assert_status 0
	text=$(pdftotext -layout ars.pdf -)
	assert_contains "Årsredovisning" "$text"
	assert_contains "Kassaflödesanalys" "$text"
	assert_contains "Driftredovisning 2023" "$text"
	assert_contains "Femårsöversikt" "$text"
	# The half-year's cash flow: 4 301 311 + 1 833 245 = 6 134 556.
	assert_contains "1 833 245" "$text"
	[ "$(csv_field "$(cat t/kassaflodesanalys.csv)" "Periodens kassaflöde" 2023_01_01_2023_06_30)" = "1833245.20" ]
	# 2022, the one year that has ended: soliditet 54,31 %.
	[ "$(jq -r '.rows[0].cells.soliditet.value' t/femarsoversikt.json)" = "5431" ]
	# Driftredovisning: Mottagningsteamet 351 068 budgeted, 139 821 spent.
	[ "$(csv_field "$(cat t/driftredovisning.csv)" "Mottagningsteam Lekeberg" avvikelse_mot_budget)" = "211246.90" ]
}

@test "a template asking for what the store lacks names the placeholder, and a books-only store still gets its statements" {
	finsam import "$BATS_TEST_DIRNAME/../../examples/lekeberg-orebro/bokforing-2023-h1.se" >/dev/null
	printf -- '---\ntyp: delårsrapport\nperiod: 2023H1\n---\n\n{{ prognos }}\n' > utan.md
	run --separate-stderr finsam report utan.md -o utan.html
	assert_status 1
	assert_contains "utan.md:6:1: {{ prognos }}: det finns ingen budget för 2023" "$stderr"
	[ ! -e utan.html ]
	# The default Kommun-BAS mapping gives the seed's statements from the books alone.
	printf -- '---\ntyp: delårsrapport\nperiod: 2023H1\n---\n\n# Resultaträkning\n\n{{ resultaträkning }}\n\n{{ balansräkning }}\n\n{{ kassaflödesanalys }}\n' > bok.md
	run --separate-stderr finsam report bok.md -o bok.html --tables t
	assert_status 0
	assert_contains "Granskning: inga avvikelser."
	[ "$(csv_field "$(cat t/resultatrakning.csv)" "Årets resultat" 2023_01_01_2023_06_30)" = "-266690.00" ]
}

@test "report save keeps a template that builds in the store and report load gives it back byte for byte" {
	use_example
	run --separate-stderr finsam report save rapport ex/rapport.md
	assert_status 0
	assert_contains "Sparade mallen rapport i databasen."
	[ "$(sqlite3 "$FINSAM_DB" "SELECT name || ' ' || updated || ' [' || updated_by || ']' FROM report_template")" = "rapport 2026-11-24T12:00:00Z []" ]
	run --separate-stderr finsam report load rapport -o back.md
	assert_status 0
	cmp back.md ex/rapport.md
	# Without -o it goes to standard output; a new save replaces the old.
	template 'Kort.'
	run --separate-stderr finsam report save rapport bad.md
	assert_status 0
	finsam report load rapport >out.md
	cmp out.md bad.md
	[ "$(sqlite3 "$FINSAM_DB" "SELECT count(*) FROM report_template")" = 1 ]
}

@test "report save refuses a template that does not build, or a bad name, and load an unknown name" {
	use_example
	template $'Kostnaderna är {{ nyckletal kostnader }} kr.'
	refused_unchanged 1 "bad.md:6:16: okänd platshållare 'nyckletal'" report save rapport bad.md
	refused_unchanged 1 "mallens namn får inte innehålla '/'" report save a/b ex/rapport.md
	refused_unchanged 1 "finns-inte.md" report save rapport finns-inte.md
	refused_unchanged 2 "save tar NAMN och FIL" report save rapport
	refused_unchanged 1 "det finns ingen mall som heter rapport i databasen" report load rapport
	refused_unchanged 2 "load tar NAMN" report load rapport extra
	[ "$(sqlite3 "$FINSAM_DB" "SELECT count(*) FROM report_template")" = 0 ]
}
