#!/usr/bin/env bats
# The web's Insatser pages (docs/web.md): the list and the card of an
# intervention compared with what `finsam interventions` and `finsam
# participants` print for the same store, entering participant
# statistics (checked by the CLI's rules, written with the change log),
# the rights of each role, and escaping.

load helpers
load web_helpers
load web_followup_helpers

teardown() {
	web_stop || true
	cd / && rm -rf "$WORK"
}

# The card of CODE (PERIOD optional) compared with the CLI's card and
# participant figures of the same store: every result goal, the budget
# use, every figure with its published form.
card_is_the_clis() {
	local iv=$1 period=${2:-}
	local opt=()
	[ -n "$period" ] && opt=(--period "$period")
	finsam interventions show "$iv" "${opt[@]}" --format csv >card.csv
	finsam participants show "$iv" "${opt[@]}" --format csv >figures.csv
	finsam participants show "$iv" "${opt[@]}" --published --format csv >published.csv
	fu_py "$body" card.csv figures.csv published.csv <<'PY'
page, card_csv, figures_csv, published_csv = sys.argv[1:5]
card = list(csv.DictReader(open(card_csv, encoding="utf-8-sig")))
goals = [r["value"] for r in card if r["key"].startswith("goal.")]
page_goals = rows(page, "resultatmal")[1:]
same(len(page_goals), len(goals), "result goals")
for cells, want in zip(page_goals, goals):
    nr, goal, target, actual, status, deviation = cells
    got = f"{goal}. Mål: {target}. Utfall: {actual}. {status}" + (f". {deviation}" if deviation else "")
    same(got, want, "result goal " + nr)
use = [r["value"] for r in card if r["key"] == "budget_use"]
same(len(use), 1, "budget use")
assert use[0] in text(page, "budget"), (use[0], text(page, "budget"))
figures = list(csv.DictReader(open(figures_csv, encoding="utf-8-sig")))
published = {r["key"]: r["value"] for r in csv.DictReader(open(published_csv, encoding="utf-8-sig"))}
page_figures = {r[0]: r[1:] for r in rows(page, "deltagare")[1:]}
assert len(figures) > 8, figures
for r in figures:
    label = r["label"]
    if r["key"] == "comment":  # a text under the table, not a figure
        assert clean(r["value"]) in text(page, "deltagare"), r["value"]
        continue
    assert label in page_figures, (label, sorted(page_figures))
    same(page_figures[label][0], r["value"], label)
    if r["key"] in published:
        shown = published[r["key"]]
        same(page_figures[label][1], shown if shown else "döljs", label + " as published")
PY
}

@test "insatser: the list shows what finsam interventions lists, with the real figures" {
	web_start
	web_login anna
	web_get anna /insatser
	assert_code 200
	assert_body 'aria-current="page">Insatser<'
	finsam interventions --format csv >cli.csv
	fu_py "$body" cli.csv <<'PY'
page = rows(sys.argv[1], "insatser")
same(page[0], ["Kod", "Namn", "Slag", "Insatsägare", "Tjänster", "Budget helår", "Utfall",
               "Förbrukat", "Deltagare"], "header")
cli = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")))
same(len(page) - 1, len(cli), "rows")
assert len(cli) == 6
for got, r in zip(page[1:], cli):
    same(got, [r["code"], r["name"], r["kind"], r["owner"], pct(r["staffing"]), kr(r["budget"]),
               kr(r["actual"]), pct(r["used"]), r["participants"]], r["code"])
PY
	# Each links to its card.
	assert_body 'href="/insatser/CTO">CTO</a>'
	assert_body 'href="/insatser/MTL">Mottagningsteamet Lekeberg</a>'
}

@test "insatser: another period lists that period's participants and links the cards to it" {
	web_start
	web_login lars
	web_get lars "/insatser?period=2023"
	assert_code 200
	assert_body "Deltagarstatistik för 2023;"
	assert_body 'href="/insatser/CTL?period=2023"'
	finsam interventions --period 2023 --format csv >cli.csv
	fu_py "$body" cli.csv <<'PY'
page = {r[0]: r for r in rows(sys.argv[1], "insatser")[1:]}
for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")):
    same(page[r["code"]][8], r["participants"], r["code"])
    same(page[r["code"]][6], kr(r["actual"]), r["code"])
PY
	web_get lars "/insatser?period=2023H3"
	assert_code 400
	assert_body "Perioden skrivs 2023, 2023H1, 2023H2"
}

@test "insatser: the card shows the goals, budget use and figures that the CLI prints" {
	web_start
	web_login anna
	for iv in CTL CTO MTL SVO; do
		web_get anna "/insatser/$iv"
		assert_code 200
		card_is_the_clis "$iv"
	done
	assert_body "<h1>Samverkansteamet Örebro (SVO)</h1>"
	# The card's texts and staffing as stored.
	web_get anna /insatser/CTL
	page_text "$body" om >om.txt
	grep -qF "Bemanning 50 % Samordnare/t.f. avdelningschef, Lekebergs kommun" om.txt
	grep -qF "Målgruppstaggar 16–65 år, Lekebergs kommun" om.txt
	page_text "$body" texter | grep -qF "Fortsätta arbetet med våld i nära relation, BIP och ACT."
}

@test "insatser: a structural intervention's card shows its parts with attendance" {
	web_start
	web_login erik
	web_get erik /insatser/STR
	assert_code 200
	finsam interventions show STR --format csv >card.csv
	fu_py "$body" card.csv <<'PY'
card = [r["value"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))
        if r["key"].startswith("activity.")]
page = rows(sys.argv[1], "delaktiviteter")[1:]
same(len(page), len(card), "activities")
for (name, description, attendees), want in zip(page, card):
    got = f"{name}: {description}" + (f" ({attendees} deltagare)" if attendees else "")
    same(got, clean(want), name)
PY
	assert_body "Ingen deltagarstatistik för 2023H1."
}

@test "insatser: an unknown intervention is not found, for a GET and a POST alike" {
	web_start
	web_login anna
	web_get anna /insatser/XYZ
	assert_code 404
	assert_body "Det finns ingen insats med den koden."
	before=$(store_fingerprint)
	web_post anna /insatser/XYZ/statistik period=2023H2 totalt=3
	assert_code 404
	[ "$(store_fingerprint)" = "$before" ]
}

@test "insatser: an insatsägare lists, reads and edits only its own intervention" {
	web_start
	web_login ida
	web_get ida /insatser
	assert_code 200
	[ "$(page_rows "$body" insatser | cut -f1)" = "$(printf 'Kod\nCTL')" ]
	refute_body 'href="/mal"'
	web_get ida /insatser/CTL
	assert_code 200
	assert_body 'action="/insatser/CTL/statistik"'
	web_get ida /insatser/CTO
	assert_code 403
	before=$(store_fingerprint)
	web_post ida /insatser/CTO/statistik period=2023H1 totalt=149
	assert_code 403
	[ "$(store_fingerprint)" = "$before" ]
	web_get ida /mal
	assert_code 403
}

@test "insatser: a läsare reads every card but gets no form, and its post is refused" {
	web_start
	web_login lars
	web_get lars /insatser
	[ "$(page_rows "$body" insatser | wc -l)" = 7 ]
	web_get lars /insatser/CTO
	assert_code 200
	card_is_the_clis CTO
	refute_body 'action="/insatser/CTO/statistik"'
	refute_body "Mata in deltagarstatistik"
	before=$(store_fingerprint)
	web_post lars /insatser/CTL/statistik period=2023H1 totalt=30
	assert_code 403
	[ "$(store_fingerprint)" = "$before" ]
	[ -z "$(changes)" ]
}

@test "insatser: new statistics show in finsam participants and write the change log" {
	web_start
	web_login ida
	web_post ida /insatser/CTL/statistik period=2023H2 totalt=12 nya=5 pågående=8 avslutade=4 \
		planerade=40 kvinnor=7 män=5 annat_okänt=0 avslut.arbete=2 avslut.studier=1 \
		avslut.övrigt=1 ålder.namn.1=16–29 ålder.antal.1=5 ålder.namn.2=30–65 ålder.antal.2=7 \
		enkäter.namn.1=Avslutsenkät enkäter.medel.1=3,5 enkäter.svar.1=4 \
		ofullständigt.kön=ja "kommentar=Lugn höst."
	assert_code 303
	grep -q '^Location: /insatser/CTL?period=2023H2&sparat=1' "$headers"
	run finsam participants show CTL --period 2023H2 --format csv
	assert_status 0
	fu_py "$output" <<'PY'
got = {r["key"]: r["value"] for r in csv.DictReader(sys.argv[1].splitlines())}
for k, v in {"total": "12", "new": "5", "ongoing": "8", "ended": "4", "planned": "40",
             "women": "7", "men": "5", "other": "0", "outcome.arbete": "2",
             "outcome.studier": "1", "outcome.övrigt": "1", "age.16–29": "5", "age.30–65": "7",
             "survey.Avslutsenkät": "3,5 (4 svar)", "comment": "Lugn höst."}.items():
    same(got.get(k), v, k)
PY
	[ "$(changes)" = "insatser/CTL/statistik/2023H2|NULL|totalt 12, nya 5, pågående 8, avslutade 4, planerade 40, kvinnor 7, män 5, annat_okänt 0; avslut: arbete 2, studier 1, övrigt 1; ålder: 16–29 5, 30–65 7; enkäter: Avslutsenkät 3,5 (4 svar); ofullständigt: kön; kommentar: Lugn höst." ]
	# The card shows them, and says so.
	web_get ida "/insatser/CTL?period=2023H2&sparat=1"
	assert_code 200
	assert_body "Statistiken är sparad."
	card_is_the_clis CTL 2023H2
	# The period list now offers both.
	assert_body 'href="/insatser/CTL?period=2023H1">2023H1</a>'
}

@test "insatser: changing a period's figures in the card's form replaces them, logged old and new" {
	web_start
	web_login anna
	web_get anna /insatser/CTL
	old=$(changes)
	[ -z "$old" ]
	mapfile -d '' args < <(form_args "$body" /insatser/CTL/statistik kvinnor=15 annat_okänt=1)
	web_post anna /insatser/CTL/statistik "${args[@]}"
	assert_code 303
	run finsam participants show CTL --format csv
	[[ "$output" == *"women,Kvinnor,15"* ]]
	[[ "$output" == *"other,Annat/okänt kön,1"* ]]
	[ "$(changes)" = "insatser/CTL/statistik/2023H1|totalt 30, pågående 23, avslutade 7, planerade 40, kvinnor 16, män 14, annat_okänt 0; avslut: arbete 3, studier 1, gemensam kartläggning 1, åter remittent 1, sjukersättning 1|totalt 30, pågående 23, avslutade 7, planerade 40, kvinnor 15, män 14, annat_okänt 1; avslut: arbete 3, studier 1, gemensam kartläggning 1, åter remittent 1, sjukersättning 1" ]
}

@test "insatser: sending the form unchanged saves nothing and logs nothing" {
	web_start
	web_login anna
	web_get anna /insatser/MTL
	before=$(store_fingerprint)
	mapfile -d '' args < <(form_args "$body" /insatser/MTL/statistik)
	web_post anna /insatser/MTL/statistik "${args[@]}"
	assert_code 303
	grep -q '^Location: /insatser/MTL?period=2023H1&oforandrat=1' "$headers"
	[ "$(store_fingerprint)" = "$before" ]
	web_get anna "/insatser/MTL?period=2023H1&oforandrat=1"
	assert_body "Inget ändrades"
}

@test "insatser: figures that break the CLI's rules are refused with its messages, 422, nothing stored" {
	web_start
	web_login ida
	cat >bad.yaml <<-'EOF'
	statistik:
	  - insats: CTL
	    period: 2023H2
	    totalt: 10
	    pågående: 5
	    avslutade: 12
	    kvinnor: 8
	    män: 5
	    avslut:
	      arbete: 3
	EOF
	run --separate-stderr finsam followup import bad.yaml
	assert_status 1
	before=$(store_fingerprint)
	web_post ida /insatser/CTL/statistik period=2023H2 totalt=10 pågående=5 avslutade=12 \
		kvinnor=8 män=5 avslut.arbete=3
	assert_code 422
	[ "$(store_fingerprint)" = "$before" ]
	assert_body "fel i deltagarstatistiken; inget sparades"
	fu_py "$body" "$stderr" <<'PY'
page = text(sys.argv[1], "mata-in")
errors = [l.split(": fel: ", 1)[1] for l in sys.argv[2].splitlines() if ": fel: " in l]
assert len(errors) >= 4, errors
for e in errors:
    assert "fel: " + e in page, (e, page[:2000])
PY
	# The form holds what was typed.
	assert_body 'name="kvinnor" value="8"'
	assert_body 'name="avslutade" value="12"'
	[ -z "$(changes)" ]
}

@test "insatser: a negative or malformed number, a bad period or mean is refused, 422, nothing stored" {
	web_start
	web_login anna
	printf 'statistik:\n  - insats: CTL\n    period: 2023H2\n    totalt: -3\n' >neg.yaml
	run --separate-stderr finsam followup import neg.yaml
	assert_status 1
	[[ "$stderr" == *"totalt: antal måste vara ett heltal 0–10 000 000"* ]]
	before=$(store_fingerprint)
	web_post anna /insatser/CTL/statistik period=2023H2 totalt=-3
	assert_code 422
	assert_body "totalt: antal måste vara ett heltal 0–10 000 000 (inte ”-3”)"
	web_post anna /insatser/CTL/statistik period=2023H2 totalt=12 kvinnor=tolv
	assert_code 422
	assert_body "kvinnor: antal måste vara ett heltal 0–10 000 000 (inte ”tolv”)"
	web_post anna /insatser/CTL/statistik period=2023H2 totalt=12 avslutade=1 avslut.arbete=1,5
	assert_code 422
	assert_body "avslut.arbete: antal måste vara ett heltal 0–10 000 000 (inte ”1,5”)"
	web_post anna /insatser/CTL/statistik period=2023H3 totalt=12
	assert_code 422
	assert_body "period: skrivs 2023, 2023H1, 2023H2 eller 2023-01-01..2023-03-31 (inte &#39;2023H3&#39;)"
	web_post anna /insatser/CTL/statistik totalt=12
	assert_code 422
	assert_body "period: perioden saknas"
	web_post anna /insatser/CTL/statistik period=2023H2 totalt=12 enkäter.namn.1=Enkät \
		enkäter.medel.1=3,75x enkäter.svar.1=3
	assert_code 422
	assert_body "enkäter: medel: ett medelvärde skrivs som 3,8 eller 3.8"
	web_post anna /insatser/CTL/statistik period=2023H2 totalt=12 ålder.namn.1=16–29
	assert_code 422
	assert_body "ålder: antalet saknas för &#39;16–29&#39;"
	[ "$(store_fingerprint)" = "$before" ]
}

@test "insatser: a personnummer is refused in the comment and in a label, as the file refuses it" {
	web_start
	web_login ida
	printf 'statistik:\n  - insats: CTL\n    period: 2023H2\n    totalt: 1\n    kommentar: Gäller 19800101-1234\n' >p.yaml
	run --separate-stderr finsam followup import p.yaml
	assert_status 1
	msg=${stderr#*p.yaml:*:*: }
	[[ "$msg" == "kommentar: värdet ser ut som ett person"* ]]
	before=$(store_fingerprint)
	web_post ida /insatser/CTL/statistik period=2023H2 totalt=1 "kommentar=Gäller 19800101-1234"
	assert_code 422
	assert_body "$msg"
	web_post ida /insatser/CTL/statistik period=2023H2 totalt=1 försörjning.namn.1=800101-1234 \
		försörjning.antal.1=1
	assert_code 422
	assert_body "försörjning: värdet ser ut som ett person- eller samordningsnummer"
	[ "$(store_fingerprint)" = "$before" ]
}

@test "insatser: text in every field of the statistics is shown escaped, saved and sent back alike" {
	web_start
	web_login anna
	x='<script>alert(1)</script>'
	web_post anna /insatser/MTL/statistik period=2023H2 totalt=4 "ålder.namn.1=$x" ålder.antal.1=4 \
		"försörjning.namn.1=$x" försörjning.antal.1=4 "enkäter.namn.1=$x" enkäter.medel.1=3 \
		enkäter.svar.1=2 "kommentar=$x"
	assert_code 303
	web_get anna "/insatser/MTL?period=2023H2"
	assert_code 200
	refute_body "$x"
	assert_body "Ålder: &lt;script&gt;alert(1)&lt;/script&gt;"
	assert_body "Försörjning före: &lt;script&gt;alert(1)&lt;/script&gt;"
	assert_body "Enkät: &lt;script&gt;alert(1)&lt;/script&gt;"
	assert_body 'name="kommentar">
&lt;script&gt;alert(1)&lt;/script&gt;</textarea>'
	# A form sent back with an error escapes what was typed too.
	web_post anna /insatser/MTL/statistik period=2023H2 totalt=x "kommentar=$x" "ålder.namn.1=$x"
	assert_code 422
	refute_body "$x"
	assert_body 'value="&lt;script&gt;alert(1)&lt;/script&gt;"'
}

@test "insatser: the statistics page validates as HTML" {
	web_start
	web_login anna
	for path in /insatser /insatser/CTL /insatser/STR; do
		web_get anna "$path"
		run tidy -q -e -utf8 "$body"
		[[ "$output" != *"Error:"* ]] || { echo "$path: $output"; false; }
	done
	web_post anna /insatser/CTL/statistik period=2023H2 totalt=x
	run tidy -q -e -utf8 "$body"
	[[ "$output" != *"Error:"* ]]
}
