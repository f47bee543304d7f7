#!/usr/bin/env bats
# The page Medlemsbidrag of `finsam serve` (src/web/page_members.c): the
# members' contributions, the scenario tool, saved scenarios side by side,
# saving and removing with the change log, rights, escaping and refused
# input. Every figure is compared with what the CLI prints for the same
# store (--format csv/json), in whole kronor as the page writes them.

load helpers
load web_helpers

teardown() {
	web_stop || true
	cd / && rm -rf "$WORK"
}

# Python shared by the checks below: kr() writes öre (an integer) or
# kronor ("1234.50") as the page does (whole kronor, rounded half away
# from zero, U+00A0 between thousands, U+2212 for minus); table() reads
# the rows of the table with an id from a page; row() finds the row whose
# first non-empty cell is a key.
PAGE_PY='
import csv, io, json, re, sys
from decimal import Decimal, ROUND_HALF_UP
from html.parser import HTMLParser

def whole(d):
    return int(d.quantize(Decimal(1), rounding=ROUND_HALF_UP))

def kr(v):
    d = Decimal(v) if "." in str(v) else Decimal(int(v)) / 100
    k = whole(d)
    return ("\u2212" if k < 0 else "") + f"{abs(k):,}".replace(",", "\u00a0")

def pct(v):
    return f"{whole(Decimal(v))}\u00a0%"

class Tables(HTMLParser):
    def __init__(self, want):
        super().__init__(convert_charrefs=True)
        self.want, self.depth, self.rows, self.cell = want, 0, [], None
    def handle_starttag(self, tag, attrs):
        if tag == "table" and (self.depth or dict(attrs).get("id") == self.want):
            self.depth += 1
        elif self.depth == 1 and tag == "tr":
            self.rows.append([])
        elif self.depth == 1 and tag in ("td", "th"):
            self.cell = ""
    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth == 1 and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(re.sub(r"[ \t\r\n]+", " ", self.cell).strip())
            self.cell = None
    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

def table(path, want):
    p = Tables(want)
    p.feed(open(path, encoding="utf-8").read())
    return p.rows

def row(rows, key):
    for r in rows:
        if next((c for c in r if c), None) == key:
            return r
    return None

bad = []
def same(what, got, want):
    if got != want:
        bad.append(f"{what}: page {got!r}, CLI {want!r}")

def done():
    print("\n".join(bad))
    sys.exit(1 if bad else 0)
'

# Run python with PAGE_PY and the script $1; the rest are its arguments.
py() {
	local script=$1
	shift
	python3 -c "$PAGE_PY
$script" "$@"
}

# The cells of the row of table $1 whose first cell is $2, on the last
# page, joined by "|".
page_row() {
	py 'print("|".join(row(table(sys.argv[1], sys.argv[2]), sys.argv[3]) or ["(none)"]))' \
		"$body" "$1" "$2"
}

# The last page shows the members' contributions as `finsam contributions
# --format csv` printed them in $1, with the shares of `finsam members
# --format csv` in $2.
page_shows_contributions() {
	py '
rows = table(sys.argv[1], "bidrag")
members = {m["code"]: m for m in csv.DictReader(io.StringIO(sys.argv[3]))}
kinds = [m["kind"] for m in members.values()]
n = 0
for c in csv.DictReader(io.StringIO(sys.argv[2])):
    if not c["code"]:
        continue
    n += 1
    m = members[c["code"]]
    share = "hela" if kinds.count(m["kind"]) == 1 else pct(m["share"])
    same(c["code"], row(rows, c["code"]),
         [c["code"], c["name"], c["kind"], share, kr(c["offer"]), kr(c["contribution"]),
          kr(c["unused"]), c["binding"], kr(c["booked"])])
same("member rows", len(rows) - 2, n)
done()' "$body" "$1" "$2"
}

# The scenario on the last page is what `finsam scenario run --format
# json` printed in $1: every member now and in the scenario, the figures
# beside the current state, the proposal's cuts.
page_shows_scenario() {
	py '
js = json.loads(sys.argv[2])
m = table(sys.argv[1], "scenario-medlemmar")
for x in js["members"]:
    same(x["code"], row(m, x["code"]),
         [x["code"], x["name"], kr(x["offer_now"]), kr(x["contribution_now"]), kr(x["offer"]),
          kr(x["contribution"]), kr(x["change"]), x["binding"]])
same("member rows", len(m) - 2, len(js["members"]))
f = table(sys.argv[1], "scenario-utfall")
for label, key in [("Budgeterade medlemsbidrag", "budget_contributions"),
                   ("Budgeterat resultat", "budget_result"),
                   ("Medlemsbidrag totalt", "total"), ("Saknas mot budgeten", "gap"),
                   ("Resultat utan åtgärder", "result_without_measures"),
                   ("Föreslagna minskningar", "cut_total"),
                   ("Resultat med förslaget", "result_with_proposal"),
                   ("Eget kapital, utan åtgärder", "equity_without_measures"),
                   ("Eget kapital, med förslaget", "equity_with_proposal")]:
    r = row(f, label)
    same(label, r and r[2], kr(js[key]))
same("total now", row(f, "Medlemsbidrag totalt")[1], kr(js["total_now"]))
c = table(sys.argv[1], "scenario-forslag")
for x in js["cuts"]:
    same(x["line"], row(c, x["line"]), [x["line"], kr(x["budget"]), kr(x["cut"])])
same("cut rows", max(len(c) - 2, 0), len(js["cuts"]))
if js["cuts"]:
    same("cut sum", row(c, "Summa")[2], kr(js["cut_total"]))
done()' "$body" "$1"
}

# The table "jamforelse" of the last page is what `finsam scenario compare
# --format csv` printed in $1 (an unknown figure is "okänt").
page_shows_comparison() {
	py '
rows = table(sys.argv[1], "jamforelse")
recs = list(csv.reader(io.StringIO(sys.argv[2])))
for rec in recs[1:]:
    same(rec[0], row(rows, rec[0]), [rec[0]] + [kr(v) if v else "okänt" for v in rec[1:]])
same("rows", len(rows) - 2, len(recs) - 1)
done()' "$body" "$1"
}

changes() {
	sqlite3 finsam.db "SELECT user_name, what, coalesce(old_value, 'NULL'), coalesce(new_value, 'NULL') FROM change_log ORDER BY id"
}

@test "medlemsbidrag: the budget year's members and contributions are what finsam contributions prints" {
	web_start
	web_login lars
	web_get lars /medlemsbidrag
	assert_code 200
	year=$(finsam contributions --format json | jq .year)
	[ "$year" = 2023 ]
	assert_body "<caption>Medlemmarnas bidrag $year</caption>"
	page_shows_contributions "$(finsam contributions --format csv)" "$(finsam members --format csv)"
	# The law's parts: the state's, the region's and the municipalities'.
	csv=$(finsam contributions --format csv)
	[ "$(page_row lagens-delar Staten)" = "Staten|1/2|$(py 'print(kr(sys.argv[1]))' "$(csv_field "$csv" STAT contribution)")" ]
	[ "$(page_row lagens-delar Kommunerna)" = "Kommunerna|1/4|$(py 'print(kr(sys.argv[1]))' \
		"$(finsam contributions --format json | jq '[.members[] | select(.kind == "kommun") | .contribution] | add')")" ]
	[ "$(page_row lagens-delar Summa)" = "Summa||$(py 'print(kr(sys.argv[1]))' "$(finsam contributions --format json | jq .total)")" ]
	nb=$(printf '\u00a0')
	assert_body "Största möjliga totala bidrag: <strong>8${nb}000${nb}000${nb}kr</strong>"
	assert_body "Örebro kommun begränsar totalen."
}

@test "medlemsbidrag: ?ar= shows that year's offers; a year that is no year is 422" {
	web_start
	finsam members offer ORK "950 000" --year 2024
	web_login lars
	web_get lars "/medlemsbidrag?ar=2024"
	assert_code 200
	page_shows_contributions "$(finsam contributions --year 2024 --format csv)" \
		"$(finsam members --year 2024 --format csv)"
	[ "$(page_row bidrag ORK | cut -d'|' -f8)" = ja ]
	web_get lars "/medlemsbidrag?ar=20x4"
	assert_code 422
	assert_body "Året &quot;20x4&quot; är inget årtal"
	assert_body 'value="20x4"'
	web_get lars "/medlemsbidrag?ar=%3Cscript%3Ealert(1)%3C/script%3E"
	assert_code 422
	assert_body "&lt;script&gt;alert(1)&lt;/script&gt;"
	refute_body "<script>alert"
}

@test "scenario: a läsare runs what-if on the page and sees what finsam scenario run prints, nothing saved" {
	web_start
	web_login lars
	before=$(store_fingerprint)
	web_get lars "/medlemsbidrag/scenario?ar=2024&andring_ORK=50%25&andring_REG=1+200+000&andring_LEK="
	assert_code 200
	page_shows_scenario "$(finsam scenario run ORK=50% "REG=1 200 000" --year 2024 --format json)"
	assert_body "Ändringar: <strong>ORK=50,00%;REG=1200000,00</strong>"
	assert_body "Budget: Plan 2024 i Antagen budget 2023"
	# The form again, as typed; no form to save for a läsare.
	assert_body 'name="andring_ORK" size="14" placeholder="oförändrat" value="50%"'
	refute_body "Spara scenariot"
	refute_body 'action="/medlemsbidrag/scenario/ta-bort"'
	[ "$(store_fingerprint)" = "$before" ]
}

@test "scenario: a region offering nothing loses every contribution, as in the CLI" {
	web_start
	web_login erik
	web_get erik "/medlemsbidrag/scenario?ar=2024&andring_REG=0"
	assert_code 200
	page_shows_scenario "$(finsam scenario run REG=0 --year 2024 --format json)"
	[ "$(page_row scenario-medlemmar REG | cut -d'|' -f8)" = ja ]
}

@test "scenario: a priority order on the page cuts the lines the CLI cuts, and says what is left" {
	web_start
	web_login erik
	web_get erik "/medlemsbidrag/scenario?ar=2024&andring_REG=1200000&stangning=prioritet&ordning_Personal=3&ordning_Verksamhetsutveckling=1&ordning_Strukturell+samverkan=2"
	assert_code 200
	json=$(finsam scenario run "REG=1 200 000" --year 2024 --close prioritet \
		--priority "Verksamhetsutveckling;Strukturell samverkan;Personal" --format json)
	page_shows_scenario "$json"
	# The cuts in the order given, and the gap they cannot close.
	[ "$(py 'print("|".join(r[0] for r in table(sys.argv[1], "scenario-forslag")[1:]))' "$body")" = \
	  "Verksamhetsutveckling|Strukturell samverkan|Personal|Summa" ]
	assert_body "Förslaget räcker inte: $(py 'print(kr(sys.argv[1]))' "$(jq .uncovered <<<"$json")")$(printf '\u00a0')kr återstår."
	assert_body "Förslag: i prioritetsordning: Verksamhetsutveckling, Strukturell samverkan, Personal."
	# The places as typed, and the closing chosen, in the form again.
	assert_body 'name="ordning_Personal" size="4" inputmode="numeric" value="3"'
	assert_body 'value="prioritet" checked'
}

@test "scenario: saving writes the scenario and the change log together; saving again logs the old changes" {
	web_start
	web_login erik
	web_post erik /medlemsbidrag/scenario ar=2024 andring_ORK=50% andring_STAT= stangning=pro-rata namn=" halv "
	assert_code 303
	grep -q '^Location: /medlemsbidrag/scenario?visa=halv&sparat=1' "$headers"
	[ "$(finsam scenario list)" = halv ]
	[ "$(finsam scenario show halv --format json | jq -r '.year, .changes')" = $'2024\nORK=50,00%' ]
	[ "$(changes)" = "erik|scenario/halv|NULL|ORK=50,00%" ]
	web_get erik "/medlemsbidrag/scenario?visa=halv&sparat=1"
	assert_code 200
	assert_body "<h1>Scenario: halv</h1>"
	assert_body "Scenariot är sparat."
	page_shows_scenario "$(finsam scenario show halv --format json)"
	# The save form knows the name, the run form the changes.
	assert_body 'name="namn" required maxlength="80" size="30" value="halv"'
	assert_body 'name="andring_ORK" size="14" placeholder="oförändrat" value="50,00%"'
	web_post erik /medlemsbidrag/scenario ar=2024 andring_ORK=25% stangning=prioritet \
		ordning_Personal=1 namn=halv
	assert_code 303
	[ "$(finsam scenario show halv --format json | jq -r .changes)" = "ORK=25,00%" ]
	[ "$(changes | tail -1)" = "erik|scenario/halv|ORK=50,00%|ORK=25,00%" ]
	[ "$(sqlite3 finsam.db "SELECT closing, priority FROM scenario WHERE name = 'halv'")" = "prioritet|Personal" ]
}

@test "scenario: saved scenarios are listed and compared side by side as finsam scenario compare does" {
	web_start
	web_login anna
	web_post anna /medlemsbidrag/scenario ar=2024 andring_ORK=50% namn=halv
	assert_code 303
	web_post anna /medlemsbidrag/scenario ar=2024 "andring_REG=1 200 000" stangning=prioritet \
		ordning_Verksamhetsutveckling=1 ordning_Personal=2 namn=region
	assert_code 303
	web_login lars
	web_get lars "/medlemsbidrag?ar=2024"
	assert_code 200
	[ "$(page_row sparade halv)" = "|halv|2024|ORK=50,00%|pro rata över kostnadsraderna" ]
	[ "$(page_row sparade region)" = "|region|2024|REG=1200000,00|i prioritetsordning: Verksamhetsutveckling, Personal" ]
	assert_body '<a href="/medlemsbidrag/scenario?visa=halv">halv</a>'
	web_get lars "/medlemsbidrag/jamfor?namn=halv&namn=region"
	assert_code 200
	page_shows_comparison "$(finsam scenario compare halv region --format csv)"
	assert_body '<th scope="col" class="belopp">halv</th><th scope="col" class="belopp">region</th>'
}

@test "scenario: comparing nothing, an unknown scenario or scenarios of different years is 422" {
	web_start
	web_login erik
	web_post erik /medlemsbidrag/scenario ar=2024 andring_ORK=50% namn=halv
	web_post erik /medlemsbidrag/scenario ar=2023 andring_LEK=0 namn=lek
	web_get erik /medlemsbidrag/jamfor
	assert_code 422
	assert_body "Välj minst ett sparat scenario att jämföra"
	web_get erik "/medlemsbidrag/jamfor?namn=halv&namn=saknas"
	assert_code 422
	assert_body "inget sparat scenario &quot;saknas&quot;"
	web_get erik "/medlemsbidrag/jamfor?namn=halv&namn=lek"
	assert_code 422
	assert_body "Scenarierna gäller olika år (2024 och 2023)"
	web_get erik "/medlemsbidrag/scenario?visa=saknas"
	assert_code 404
}

@test "scenario: removing one logs its changes as the old value; an unknown one is 422 and changes nothing" {
	web_start
	web_login erik
	web_post erik /medlemsbidrag/scenario ar=2024 andring_ORK=50% namn=halv
	assert_code 303
	web_post erik /medlemsbidrag/scenario/ta-bort namn=halv ar=2024
	assert_code 303
	grep -q '^Location: /medlemsbidrag?ar=2024&borttaget=1' "$headers"
	[ -z "$(finsam scenario list)" ]
	[ "$(changes | tail -1)" = "erik|scenario/halv|ORK=50,00%|NULL" ]
	web_get erik "/medlemsbidrag?ar=2024&borttaget=1"
	assert_body "Scenariot är borttaget."
	before=$(store_fingerprint)
	web_post erik /medlemsbidrag/scenario/ta-bort namn=halv ar=2024
	assert_code 422
	assert_body "Det finns inget sparat scenario &quot;halv&quot;"
	web_post erik /medlemsbidrag/scenario/ta-bort ar=2024
	assert_code 422
	assert_body "Välj ett sparat scenario att ta bort"
	[ "$(store_fingerprint)" = "$before" ]
}

@test "scenario: a läsare and an insatsägare may not save or remove (403, store unchanged)" {
	web_start
	web_login anna
	web_post anna /medlemsbidrag/scenario ar=2024 andring_ORK=50% namn=halv
	assert_code 303
	before=$(store_fingerprint)
	for who in lars ida; do
		web_login "$who"
		web_post "$who" /medlemsbidrag/scenario ar=2024 andring_ORK=10% namn=halv
		assert_code 403
		assert_body "Ingen behörighet"
		web_post "$who" /medlemsbidrag/scenario ar=2024 andring_ORK=10% namn=ny
		assert_code 403
		web_post "$who" /medlemsbidrag/scenario/ta-bort namn=halv
		assert_code 403
	done
	[ "$(store_fingerprint)" = "$before" ]
	# The insatsägare sees no plan at all; the läsare sees no form to remove.
	web_get ida /medlemsbidrag
	assert_code 403
	web_get ida "/medlemsbidrag/scenario?ar=2024&andring_ORK=50%25"
	assert_code 403
	web_get lars "/medlemsbidrag?ar=2024"
	assert_code 200
	refute_body 'action="/medlemsbidrag/scenario/ta-bort"'
	assert_body 'href="/medlemsbidrag/scenario?visa=halv"'
}

@test "scenario: a script in the name or a change field is shown escaped, never run" {
	web_start
	web_login erik
	xss='<script>alert(1)</script>'
	web_post erik /medlemsbidrag/scenario ar=2024 andring_ORK=50% "namn=$xss"
	assert_code 303
	[ "$(finsam scenario list)" = "$xss" ]
	[ "$(changes)" = "erik|scenario/$xss|NULL|ORK=50,00%" ]
	web_get erik "/medlemsbidrag?ar=2024"
	assert_code 200
	assert_body "&lt;script&gt;alert(1)&lt;/script&gt;"
	refute_body "$xss"
	web_get erik "/medlemsbidrag/scenario?visa=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
	assert_code 200
	assert_body "<h1>Scenario: &lt;script&gt;alert(1)&lt;/script&gt;</h1>"
	refute_body "$xss"
	web_get erik "/medlemsbidrag/jamfor?namn=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
	assert_code 200
	refute_body "$xss"
	web_get erik /andringar
	refute_body "$xss"
	# In a change field, as the value, as a member's code, as a line's name.
	before=$(store_fingerprint)
	web_post erik /medlemsbidrag/scenario ar=2024 "andring_ORK=$xss" namn=x
	assert_code 422
	assert_body "&quot;ORK=&lt;script&gt;alert(1)&lt;/script&gt;&quot;"
	assert_body 'value="&lt;script&gt;alert(1)&lt;/script&gt;"'
	refute_body "$xss"
	web_post erik /medlemsbidrag/scenario ar=2024 "andring_$xss=50%" namn=x
	assert_code 422
	assert_body "ingen medlem med koden &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;"
	refute_body "$xss"
	web_post erik /medlemsbidrag/scenario ar=2024 andring_ORK=50% stangning=prioritet "ordning_$xss=1" namn=x
	assert_code 422
	assert_body "&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;, som inte är en kostnadsrad"
	refute_body "$xss"
	web_post erik /medlemsbidrag/scenario ar=2024 andring_ORK=50% "stangning=$xss" namn=x
	assert_code 422
	refute_body "$xss"
	[ "$(store_fingerprint)" = "$before" ]
}

@test "scenario: malformed input is 422 with the model's Swedish message, as typed, and changes nothing" {
	web_start
	web_login erik
	before=$(store_fingerprint)
	# field=value ... | the message
	while IFS='|' read -r fields message; do
		read -ra kv <<<"$fields"
		web_post erik /medlemsbidrag/scenario ar=2024 "${kv[@]//+/ }" namn=x
		assert_code 422
		assert_body "$message"
		[ "$(store_fingerprint)" = "$before" ]
		# The same as a GET, which saves nothing anyway, is refused alike.
		query=$(printf '%s&' "${kv[@]}" | sed 's/%/%25/g')
		web_get erik "/medlemsbidrag/scenario?ar=2024&$query"
		assert_code 422
		assert_body "$message"
	done <<'EOF'
andring_XYZ=50%|Det finns ingen medlem med koden &quot;XYZ&quot;
andring_ORK=femtio|&quot;ORK=femtio&quot;:
andring_ORK=-5|ett erbjudande kan inte vara negativt
andring_ORK=2000%|&quot;ORK=2000%&quot;:
andring_ORK=|Ange minst en ändring
andring_ORK=50% stangning=slump|Förslaget görs pro-rata eller i prioritet, inte &quot;slump&quot;
andring_ORK=50% stangning=prioritet|Ge minst en kostnadsrad en plats i ordningen
andring_ORK=50% stangning=prioritet ordning_Finns+inte=1|&quot;Finns inte&quot;, som inte är en kostnadsrad
andring_ORK=50% stangning=prioritet ordning_Personal=först|Platsen för &quot;Personal&quot; i ordningen ska vara ett heltal från 1 till 999
andring_ORK=50% stangning=prioritet ordning_Personal=1 ordning_Finsammassa=1|har samma plats (1) i ordningen
EOF
	web_post erik /medlemsbidrag/scenario ar=20x4 andring_ORK=50% namn=x
	assert_code 422
	assert_body "Året &quot;20x4&quot; är inget årtal"
	# What was typed is in the form again.
	web_post erik /medlemsbidrag/scenario ar=2024 andring_ORK=femtio namn=x
	assert_body 'name="andring_ORK" size="14" placeholder="oförändrat" value="femtio"'
	# A name: empty, or longer than 80 characters.
	web_post erik /medlemsbidrag/scenario ar=2024 andring_ORK=50% "namn=  "
	assert_code 422
	assert_body "Ett sparat scenario behöver ett namn"
	long=$(printf 'ö%.0s' $(seq 81))
	web_post erik /medlemsbidrag/scenario ar=2024 andring_ORK=50% "namn=$long"
	assert_code 422
	assert_body "Scenariots namn är för långt: högst 80 tecken"
	assert_body "value=\"$long\""
	# The scenario itself ran: its figures are shown beside the message.
	assert_body 'id="scenario-medlemmar"'
	[ "$(store_fingerprint)" = "$before" ]
	[ -z "$(finsam scenario list)" ]
}

@test "medlemsbidrag: the pages are valid HTML" {
	command -v tidy >/dev/null || skip "tidy is not installed"
	web_start
	web_login anna
	web_post anna /medlemsbidrag/scenario ar=2024 andring_ORK=50% namn=halv
	for path in "/medlemsbidrag" "/medlemsbidrag?ar=2024" \
		"/medlemsbidrag/scenario?ar=2024&andring_ORK=femtio" "/medlemsbidrag/scenario?visa=halv" \
		"/medlemsbidrag/jamfor?namn=halv"; do
		web_get anna "$path"
		run tidy -q -e -utf8 "$body"
		# 0: clean, 1: warnings only (tidy 5 does not know every attribute); 2: errors.
		[ "$status" -lt 2 ] || { echo "$path"; echo "$output"; return 1; }
	done
}
