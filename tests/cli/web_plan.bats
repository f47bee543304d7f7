#!/usr/bin/env bats
# The web page Budget och prognos (src/web/page_plan.c, docs/web.md): the
# budget and the forecast table as `finsam budget` and `finsam forecast`
# show them for the same store, a budget line revised and a line's
# forecast entered through the forms, rights, escaping and refusals.

load helpers
load web_helpers

teardown() {
	web_stop || true
	cd / && rm -rf "$WORK"
}

# Python that turns an amount as the CLI's CSV writes it ("1977400.50")
# into whole kronor as the page writes them ("1 977 401", no-break space,
# U+2212 minus), rounding half away from zero.
KR_PY='
from decimal import Decimal, ROUND_HALF_UP
def kr(s):
    n = int(Decimal(s).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return ("\u2212" if n < 0 else "") + format(abs(n), ",").replace(",", "\u00a0")
'

# The rows of the table with id $1 in the last response (its tbody, or
# the part named $2), one a line, the cells' text joined by "|".
page_rows() {
	python3 - "$body" "$1" "${2:-tbody}" <<'PY'
import sys
from html.parser import HTMLParser

class Rows(HTMLParser):
    def __init__(self, table, part):
        super().__init__()
        self.table, self.part = table, part
        self.in_table = self.in_part = False
        self.row = self.cell = None
        self.rows = []

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table:
            self.in_table = True
        elif self.in_table and tag == self.part:
            self.in_part = True
        elif self.in_part and tag == "tr":
            self.row = []
        elif self.row is not None and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif tag == self.part:
            self.in_part = False
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append("".join(self.cell).strip(" \n"))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append("|".join(self.row))
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)

p = Rows(sys.argv[2], sys.argv[3])
p.feed(open(sys.argv[1], encoding="utf-8").read())
print("\n".join(p.rows))
PY
}

# Each line of `finsam budget` as the page's budget table shows it:
# Rad|Typ|Grupp › Undergrupp|Helår|Plan...
cli_budget_rows() {
	finsam budget --format csv | python3 -c "$KR_PY"'
import csv, sys
for r in csv.DictReader(sys.stdin):
    group = r["group"] + (" › " + r["subgroup"] if r["subgroup"] else "")
    plans = [kr(r[k]) for k in r if k.startswith("plan_")]
    print("|".join([r["line"], r["kind"], group, kr(r["amount"])] + plans))
'
}

# The sums under `finsam budget` as the page's table foot shows them: the
# year's income, costs and financial items, and the result of the year and
# each plan year.
cli_budget_totals() {
	finsam budget | python3 -c '
import re, sys
text = sys.stdin.read()
def html(s):
    return s.replace("-", "\u2212").replace(" ", "\u00a0")
m = re.search(r"^Intäkter (.*) kr, kostnader (.*) kr, finansiella poster (.*) kr: resultat (.*) kr\.$",
              text, re.M)
plans = re.findall(r"^Plan \d+: resultat (.*) kr\.$", text, re.M)
print("Intäkter|" + html(m[1]))
print("Kostnader|" + html(m[2]))
print("Finansiella poster|" + html(m[3]))
print("|".join(["Resultat", html(m[4])] + [html(p) for p in plans]))
'
}

# Each row of `finsam forecast --format csv` as the page's forecast table
# shows it: Rad|Budget helår|Utfall perioden|Prognos helår|Differens|Metod|Kommentar
# (a heading alone).
cli_forecast_rows() {
	finsam forecast --format csv | python3 -c "$KR_PY"'
import csv, sys
for r in csv.DictReader(sys.stdin):
    if r["kind"] == "heading":
        print(r["line"])
        continue
    cells = [r["line"]] + [kr(r[k]) for k in ("budget", "actual", "forecast", "difference")]
    cells += [r["method"] if r["kind"] == "line" else "", r["comment"]]
    print("|".join(cells))
'
}

# The page, as the läsare lars sees it (no form columns), shows exactly
# what the CLI prints for the store.
assert_page_matches_cli() {
	web_login lars
	web_get lars /budget
	assert_code 200
	diff <(cli_budget_rows) <(page_rows budget-tabell)
	diff <(cli_budget_totals) <(page_rows budget-tabell tfoot |
		awk -F'|' '$1 == "Resultat" { print; next } { print $1 "|" $2 }')
	diff <(cli_forecast_rows) <(page_rows prognos-tabell)
	[ "$(page_rows budget-tabell | wc -l)" = 16 ]
	[ "$(page_rows prognos-tabell | wc -l)" -gt 25 ]
}

# Fail unless the table with id $1 has the row $2 (cells joined by "|",
# amounts written with plain spaces, which the page writes as no-break
# spaces).
assert_row() {
	local want
	want=$(python3 -c 'import re, sys; print(re.sub(r"(?<=\d) (?=\d{3}\b)", "\u00a0", sys.argv[1]))' "$2")
	if ! page_rows "$1" | grep -qxF -- "$want"; then
		echo "expected in table $1: $2"
		page_rows "$1"
		return 1
	fi
}

changes() {
	sqlite3 -separator '|' finsam.db \
		"SELECT user_name, what, coalesce(old_value, 'NULL'), new_value FROM change_log ORDER BY id"
}

# The request ($1 user, $2 path, fields...) is refused with $3 status and
# the message $4 (as the page writes it, escaped), and changes nothing.
refused_post() {
	local user=$1 path=$2 want=$3 message=$4
	shift 4
	local before
	before=$(store_fingerprint)
	web_post "$user" "$path" "$@"
	assert_code "$want"
	assert_body "$message"
	[ "$(store_fingerprint)" = "$before" ]
}

@test "plan page: shows every budget line, the budget's sums and the forecast table as the CLI prints them" {
	web_start
	assert_page_matches_cli
	# Real figures of the example, not only agreement with the CLI.
	assert_row budget-tabell 'Coachingteam Örebro|Kostnad|Direkta verksamhetskostnader › Projekt/individinsatser|3 997 000|4 000 000|4 000 000'
	assert_row prognos-tabell 'Mottagningsteam Lekeberg|351 068|139 821|280 854|70 214|manuell|Utebliven kostnad för vakans, Försäkringskassans personal'
	assert_row prognos-tabell 'Resultat|−817 710|−266 690|−453 526|364 184||'
	assert_row eget-kapital '2023 (prognos)|−453 526|1 906 411'
	assert_body "Version 1: Antagen budget 2023."
	assert_body "Utfall 2023-01-01 – 2023-06-30"
}

@test "plan page: an ekonom gets a form per budget line and the forecast form; a läsare gets none" {
	web_start
	web_login erik
	web_get erik /budget
	assert_code 200
	[ "$(grep -o 'action="/budget/rad"' "$body" | wc -l)" = 16 ]
	assert_body 'action="/prognos/rad"'
	assert_body 'aria-label="Nytt belopp för Personal" value="1 035 200"'
	assert_body 'href="/budget?ar=2023&amp;rad=Personal#prognos-andra"'
	web_login lars
	web_get lars /budget
	assert_code 200
	refute_body 'action="/budget/rad"'
	refute_body 'action="/prognos/rad"'
	refute_body "#prognos-andra"
	# An insatsägare does not see the budget at all.
	web_login ida
	web_get ida /budget
	assert_code 403
}

@test "plan page: a line's current forecast fills the form when asked for with ?rad=" {
	web_start
	web_login erik
	web_get erik "/budget?ar=2023&rad=Mottagningsteam%20Lekeberg"
	assert_code 200
	assert_body '<option value="Mottagningsteam Lekeberg" selected>'
	assert_body 'value="manuell" required checked>'
	assert_body 'name="belopp" inputmode="decimal" size="14" value="280 854">'
	assert_body 'value="Utebliven kostnad för vakans, Försäkringskassans personal">'
}

@test "plan page: a budget line saved through the form is a new version that finsam budget prints, logged" {
	web_start
	web_login erik
	web_post erik /budget/rad ar=2023 rad=Personal "belopp=1 100 000"
	assert_code 303
	grep -q '^Location: /budget?ar=2023&sparat=budget#budget' "$headers"
	run finsam budget --format csv
	assert_contains "Kostnad,Administrativa kostnader,,Personal,5,,1100000.00,1060000.00,1085000.00,jämn"
	run finsam budget versions --format csv
	assert_contains "2023,2,Reviderad budget 2023 (1),,,16,8000000.00,8882510.00,-882510.00,,"
	[ "$(changes)" = "erik|budget/2023/Personal|1 035 200,00|1 100 000,00" ]
	# Öre as people type them.
	web_post erik /budget/rad ar=2023 "rad=Mottagningsteam Lekeberg" "belopp=280854,50"
	assert_code 303
	run finsam budget --format csv
	assert_contains ",Mottagningsteam Lekeberg,,6:MTL,280854.50,"
	[ "$(changes | tail -1)" = "erik|budget/2023/Mottagningsteam Lekeberg|351 068,00|280 854,50" ]
	web_get erik "/budget?ar=2023&sparat=budget"
	assert_body "Budgetraden är sparad i en ny version av budgeten."
	assert_body "Version 3: Reviderad budget 2023 (2)."
	assert_page_matches_cli
	assert_row prognos-tabell 'Personal|1 100 000|522 945|1 100 000|0|budget|'
}

@test "plan page: saving a budget line's amount unchanged makes no version and no log row" {
	web_start
	web_login erik
	before=$(store_fingerprint)
	web_post erik /budget/rad ar=2023 rad=Personal "belopp=1 035 200,00"
	assert_code 303
	grep -q '^Location: /budget?ar=2023&sparat=oforandrat#budget' "$headers"
	[ "$(store_fingerprint)" = "$before" ]
}

@test "plan page: a forecast entered with its method changes the table on the page and in finsam forecast, logged" {
	web_start
	web_login erik
	web_post erik /prognos/rad ar=2023 rad=Personal metod=linjär "kommentar=som första halvåret"
	assert_code 303
	grep -q '^Location: /budget?ar=2023&sparat=prognos#prognos' "$headers"
	run finsam forecast --format csv
	# 522 945,10 kr in six months, twelve months: 1 045 890,20.
	assert_contains "line,2,Personal,1035200.00,517600.00,522945.10,1045890.20,-10690.20,linjär,2023-06-30,som första halvåret"
	[ "$(changes)" = "erik|prognos/2023/Personal|NULL|linjär per 2023-06-30: som första halvåret" ]
	# A manual forecast replaces the example's entry of the same day.
	web_post erik /prognos/rad ar=2023 "rad=Mottagningsteam Lekeberg" metod=manuell "belopp=300 000" \
		"kommentar=Vakansen tillsatt i augusti"
	assert_code 303
	run finsam forecast --format csv
	assert_contains "line,3,Mottagningsteam Lekeberg,351068.00,175534.00,139821.10,300000.00,51068.00,manuell,2023-06-30,Vakansen tillsatt i augusti"
	[ "$(changes | tail -1)" = "erik|prognos/2023/Mottagningsteam Lekeberg|manuell 280 854,00 per 2023-06-30: Utebliven kostnad för vakans, Försäkringskassans personal|manuell 300 000,00 per 2023-06-30: Vakansen tillsatt i augusti" ]
	web_get erik "/budget?ar=2023&sparat=prognos"
	assert_body "Prognosen är sparad."
	assert_page_matches_cli
	assert_row prognos-tabell 'Personal|1 035 200|522 945|1 045 890|−10 690|linjär|som första halvåret'
	# The result follows: 10 690,20 and 19 146 kr more in costs than before.
	assert_row prognos-tabell 'Resultat|−817 710|−266 690|−483 362|334 348||'
}

@test "plan page: a läsare and an insatsägare get 403 on both write routes and the store is unchanged" {
	web_start
	for user in lars ida; do
		web_login "$user"
		refused_post "$user" /budget/rad 403 "Ingen behörighet" ar=2023 rad=Personal "belopp=1 100 000"
		refused_post "$user" /prognos/rad 403 "Ingen behörighet" ar=2023 rad=Personal metod=linjär
	done
	[ -z "$(changes)" ]
}

@test "plan page: text typed into the forms is shown escaped, never as markup" {
	web_start
	web_login erik
	xss='<script>alert(1)</script>'
	esc='&lt;script&gt;alert(1)&lt;/script&gt;'
	refused_post erik /budget/rad 422 "Budgeten för 2023 har ingen rad &quot;$esc&quot;" \
		ar=2023 "rad=$xss" belopp=5
	refute_body "$xss"
	refused_post erik /budget/rad 422 "Personal: &quot;$esc&quot; är inget belopp" \
		ar=2023 rad=Personal "belopp=$xss"
	assert_body "aria-label=\"Nytt belopp för Personal\" value=\"$esc\" aria-invalid=\"true\">"
	refute_body "$xss"
	refused_post erik /prognos/rad 422 "&quot;$esc&quot; är ingen metod" ar=2023 rad=Personal "metod=$xss"
	refute_body "$xss"
	refused_post erik /prognos/rad 422 "Belopp: &quot;$esc&quot; är inget belopp" \
		ar=2023 rad=Personal metod=manuell "belopp=$xss" "kommentar=$xss"
	assert_body "name=\"kommentar\" size=\"60\" value=\"$esc\">"
	refute_body "$xss"
	refused_post erik /prognos/rad 422 "ingen rad &quot;$esc&quot;" ar=2023 "rad=$xss" metod=budget
	refute_body "$xss"
	refused_post erik /budget/rad 422 "&quot;$esc&quot; är inget år" "ar=$xss" rad=Personal belopp=5
	refute_body "$xss"
	# A comment is text like any other: saved, and shown escaped.
	web_post erik /prognos/rad ar=2023 rad=Personal metod=budget "kommentar=$xss"
	assert_code 303
	web_get erik "/budget?rad=Personal"
	assert_code 200
	assert_row prognos-tabell "Personal|1 035 200|522 945|1 035 200|0|budget|$xss|Ändra Personal"
	assert_body "<td>$esc</td>"
	assert_body "name=\"kommentar\" size=\"60\" value=\"$esc\">"
	refute_body "$xss"
	web_get erik /andringar
	refute_body "$xss"
}

@test "plan page: malformed amounts, unknown lines and bad methods are refused with 422 and the store unchanged" {
	web_start
	web_login erik
	refused_post erik /budget/rad 422 "Personal: &quot;mycket&quot; är inget belopp" ar=2023 rad=Personal belopp=mycket
	assert_body 'value="mycket" aria-invalid="true">'
	assert_page_matches_cli
	refused_post erik /budget/rad 422 "punkt som decimaltecken kan missförstås" ar=2023 rad=Personal belopp=1.5
	refused_post erik /budget/rad 422 "Personal: &quot;12 34&quot; är inget belopp" ar=2023 rad=Personal "belopp=12 34"
	refused_post erik /budget/rad 422 "Personal: &quot;99999999999999999&quot; är inget belopp" \
		ar=2023 rad=Personal belopp=99999999999999999
	refused_post erik /budget/rad 422 "Personal: ange ett belopp" ar=2023 rad=Personal belopp=
	refused_post erik /budget/rad 422 "Personal: ange ett belopp" ar=2023 rad=Personal
	refused_post erik /budget/rad 422 "Ange vilken budgetrad som ska ändras." ar=2023 belopp=5
	refused_post erik /budget/rad 422 "Budgeten för 2023 har ingen rad &quot;Resor&quot;" ar=2023 rad=Resor belopp=5
	refused_post erik /budget/rad 422 "Det finns ingen budget för 2031" ar=2031 rad=Personal belopp=5
	refused_post erik /prognos/rad 422 "&quot;gissning&quot; är ingen metod (manuell, budget, linjär eller utfall+rest)" \
		ar=2023 rad=Personal metod=gissning
	refused_post erik /prognos/rad 422 "Välj en metod för prognosen." ar=2023 rad=Personal
	refused_post erik /prognos/rad 422 "Välj vilken rad prognosen gäller." ar=2023 metod=budget
	refused_post erik /prognos/rad 422 "En manuell prognos behöver ett belopp" ar=2023 rad=Personal metod=manuell
	refused_post erik /prognos/rad 422 "Metoden linjär räknar fram beloppet själv" \
		ar=2023 rad=Personal metod=linjär belopp=5
	refused_post erik /prognos/rad 422 "Belopp: &quot;5 kronor&quot; är inget belopp" \
		ar=2023 rad=Personal metod=manuell "belopp=5 kronor"
	assert_body 'value="5 kronor">'
	assert_body '<option value="Personal" selected>'
	assert_body 'value="manuell" required checked>'
	refused_post erik /prognos/rad 422 "Budgeten för 2023 har ingen rad &quot;Resor&quot;" \
		ar=2023 rad=Resor metod=manuell belopp=5
	[ -z "$(changes)" ]
}

@test "plan page: ?ar= picks the year; a later year without books shows its budget and takes no forecast" {
	web_start
	finsam budget export --version 1 | sed 's/Budget 2023;Plan 2024;Plan 2025/Budget 2024;Plan 2025;Plan 2026/' >b2024.csv
	finsam budget import b2024.csv >/dev/null
	web_login erik
	# The default is still the year the books have reached.
	web_get erik /budget
	assert_code 200
	assert_body '<option selected>2023</option><option>2024</option>'
	assert_body "<h2 id=\"budget\">Budget 2023</h2>"
	web_get erik "/budget?ar=2024"
	assert_code 200
	assert_body "<h2 id=\"budget\">Budget 2024</h2>"
	assert_body "Ingen bokföring för 2024 än"
	assert_body "2024 har ingen bokföring än, så det finns inget utfall att göra en prognos mot."
	refute_body 'action="/prognos/rad"'
	assert_row prognos-tabell 'Personal|1 035 200|0|1 035 200|0|budget|'
	refused_post erik /prognos/rad 422 "2024 har ingen bokföring än" ar=2024 rad=Personal metod=linjär
	web_get erik "/budget?ar=1999"
	assert_code 404
	assert_body "Det finns ingen budget för 1999"
	web_get erik "/budget?ar=20x3"
	assert_code 400
	assert_body "&quot;20x3&quot; är inget år"
}
