#!/usr/bin/env bats
# The web's Mål page (docs/web.md): the goal areas and goals with their
# status and the financial goals, compared with what `finsam goals`
# prints for the same store; adding, changing and removing a goal (the
# change log, the file's rules, a goal that moved meanwhile); the rights
# of each role, and escaping.

load helpers
load web_helpers
load web_followup_helpers

teardown() {
	web_stop || true
	cd / && rm -rf "$WORK"
}

# The page in $body against `finsam goals --format json`: every area in
# order, every goal with its number, text, numbers, status, activities and
# outcome, and the financial goals as `finsam goals financial show` judges
# them.
goals_are_the_clis() {
	finsam goals --format json >goals.json
	finsam goals financial show --format json >financial.json
	fu_py "$body" goals.json financial.json <<'PY'
page = open(sys.argv[1], encoding="utf-8").read()
goals = json.load(open(sys.argv[2]))["goals"]
own = [g for g in goals if g["area"] != "Ekonomiska mål"]
areas = []
for g in own:
    if g["area"] not in areas:
        areas.append(g["area"])
for i, area in enumerate(areas, 1):
    section = text(sys.argv[1], f"omrade-{i}")
    assert section.startswith(clean(area)), (area, section[:80])
    for g in (g for g in own if g["area"] == area):
        art = text(sys.argv[1], f"mal-{i}-{g['nr']}")
        status = g["status"] + (" (beräknat)" if g["status_source"] == "computed" else "")
        head = f"{g['nr']}. {clean(g['goal'])} {status}"
        assert art.startswith(head), (head, art[:300])
        for label, value in (("Målvärde", g["target_text"]), ("Utfallsvärde", g["actual_text"])):
            if value:
                assert f"{label} {value}" in art, (label, value, art[:300])
        for label, value in (("Aktiviteter", g["activities"]), ("Utfall", g["outcome"])):
            if value:
                assert f"{label} {clean(value)}" in art, (label, value, art[:500])
same(text(sys.argv[1], f"omrade-{len(areas) + 1}"), "", "no more areas")
fin = json.load(open(sys.argv[3]))["goals"]
page_fin = rows(sys.argv[1], "ekonomiska-mal")[1:]
same(len(page_fin), len(fin), "financial goals")
same(len(fin), len([g for g in goals if g["area"] == "Ekonomiska mål"]), "financial goals listed")
for got, g in zip(page_fin, fin):
    same(got, [g["goal"], g["limit"], g["value"], g["status"], clean(g["explanation"])], g["goal"])
PY
}

# The fields of goal AREA/NR's change form as the page has them, with
# overrides, into $args.
goal_form() {
	local path=$1
	shift
	mapfile -d '' args < <(form_args "$body" "$path" "$@")
}

@test "mål: the page shows the goal areas, goals, activities, outcomes and status of finsam goals" {
	web_start
	web_login lars
	web_get lars /mal
	assert_code 200
	assert_body 'aria-current="page">Mål<'
	goals_are_the_clis
	assert_body '<span class="status partly">delvis</span> <span class="dampad">(beräknat)</span>'
	assert_body "Prognos 2023 med utfall till och med 2023-06-30, mot Antagen budget 2023"
}

@test "mål: a läsare gets no forms and its changes are refused; an insatsägare may not read" {
	web_start
	web_login lars
	web_login ida
	web_get lars /mal
	refute_body 'action="/mal/'
	refute_body "Lägg till ett mål"
	before=$(store_fingerprint)
	web_post lars /mal/nytt område=Aktivitetsmål text=Nytt
	assert_code 403
	web_post lars /mal/1/1 "område_före=Aktivitetsmål" text=Nytt
	assert_code 403
	web_post lars /mal/1/1/ta-bort "område_före=Aktivitetsmål"
	assert_code 403
	web_post ida /mal/nytt område=Aktivitetsmål text=Nytt
	assert_code 403
	[ "$(store_fingerprint)" = "$before" ]
	web_get ida /mal
	assert_code 403
}

@test "mål: changing a goal's outcome and status changes finsam goals and writes the change log" {
	web_start
	web_login erik
	web_get erik /mal
	goal_form /mal/2/1 "utfall=Rutinerna är klara." status=uppnått
	web_post erik /mal/2/1 "${args[@]}"
	assert_code 303
	grep -q '^Location: /mal?klart=sparat#omrade-2' "$headers"
	run finsam goals --format json
	assert_status 0
	fu_py "$output" <<'PY'
g = [g for g in json.loads(sys.argv[1])["goals"] if g["area"] == "Organisationsmål"][0]
same((g["status"], g["status_source"], g["outcome"]), ("uppnått", "set", "Rutinerna är klara."))
same(g["activities"].splitlines()[0], "- Se över och tillsammans utveckla rutiner och styrdokument.")
PY
	[ "$(sqlite3 finsam.db 'SELECT count(*) FROM change_log')" = 1 ]
	run changes
	[[ "$output" == "mal/Organisationsmål/1|text: Förbundets rutiner och processer är förenklade och ändamålsenliga.; aktiviteter: - Se över"* ]]
	[[ "$output" == *"; status: delvis|text: Förbundets rutiner"* ]]
	[[ "$output" == *"; utfall: Rutinerna är klara.; status: uppnått" ]]
	web_get erik "/mal?klart=sparat"
	assert_body "Målet är sparat."
	goals_are_the_clis
}

@test "mål: a field the form leaves out keeps its value; a goal's numbers set its status" {
	web_start
	web_login anna
	web_post anna /mal/3/1 "område_före=Resultatmål" \
		"text_före=Finsam Lekeberg och Örebro har som målsättning att möta upp och erbjuda stöd till totalt 286 individer i de befintliga individfinansierade insatserna med strävan att nå flera." \
		utfallsvärde=290
	assert_code 303
	run finsam goals --format json
	fu_py "$output" <<'PY'
g = [g for g in json.loads(sys.argv[1])["goals"] if g["area"] == "Resultatmål"][0]
same((g["target"], g["actual"], g["unit"], g["status"], g["status_source"]),
     (286, 290, "individer", "uppnått", "computed"))
assert g["outcome"].startswith("Detta resultatmål är nedbrutet"), g["outcome"]
PY
}

@test "mål: a goal is added to an area or a new one, and removed, as finsam goals then shows" {
	web_start
	web_login erik
	web_post erik /mal/nytt område=Aktivitetsmål "text=Fler samverkansträffar" \
		"aktiviteter=- Träff varje kvartal." status= målvärde=4 utfallsvärde=2 enhet=träffar
	assert_code 303
	grep -q '^Location: /mal?klart=tillagt#omrade-1' "$headers"
	web_post erik /mal/nytt "område=Kommunikation" "text=En ny webbplats"
	assert_code 303
	grep -q '^Location: /mal?klart=tillagt#omrade-4' "$headers"
	run finsam goals --format json
	fu_py "$output" <<'PY'
goals = json.loads(sys.argv[1])["goals"]
added = [g for g in goals if g["goal"] == "Fler samverkansträffar"][0]
same((added["area"], added["nr"], added["target_text"], added["actual_text"], added["status"]),
     ("Aktivitetsmål", 3, "4 träffar", "2 träffar", "ej uppnått"))
new = [g for g in goals if g["area"] == "Kommunikation"]
same([(g["nr"], g["goal"], g["status"]) for g in new], [(1, "En ny webbplats", "kan ej bedömas")])
PY
	web_get erik /mal
	goals_are_the_clis
	# Remove the first goal of Aktivitetsmål: the others move up.
	goal_form /mal/1/1/ta-bort
	web_post erik /mal/1/1/ta-bort "${args[@]}"
	assert_code 303
	grep -q '^Location: /mal?klart=borttaget#omrade-1' "$headers"
	run finsam goals --format json
	fu_py "$output" <<'PY'
act = [g for g in json.loads(sys.argv[1])["goals"] if g["area"] == "Aktivitetsmål"]
same([g["nr"] for g in act], [1, 2])
same(act[1]["goal"], "Fler samverkansträffar")
assert act[0]["goal"].startswith("Genom samarbeten"), act[0]["goal"]
PY
	run sqlite3 finsam.db "SELECT what, old_value IS NULL, new_value IS NULL FROM change_log ORDER BY id"
	[ "${lines[0]}" = "mal/Aktivitetsmål/3|1|0" ]
	[ "${lines[1]}" = "mal/Kommunikation/1|1|0" ]
	[ "${lines[2]}" = "mal/Aktivitetsmål/1|0|1" ]
	[ "$(sqlite3 finsam.db "SELECT new_value FROM change_log WHERE id = 1")" = "text: Fler samverkansträffar; aktiviteter: - Träff varje kvartal.; målvärde: 4; utfallsvärde: 2; enhet: träffar" ]
}

@test "mål: a goal without text, an unknown status or a number that is none is refused, 422" {
	web_start
	web_login anna
	printf 'målområden:\n  - namn: A\n    mål:\n      - text: t\n        status: kanske\n' >s.yaml
	run --separate-stderr finsam followup import s.yaml
	assert_status 1
	msg=${stderr#*s.yaml:*:*: }
	[[ "$msg" == "status: okänd status 'kanske'"* ]]
	printf 'målområden:\n  - namn: A\n    mål:\n      - text: t\n        målvärde: 1,5\n' >n.yaml
	run --separate-stderr finsam followup import n.yaml
	assert_status 1
	[[ "$stderr" == *"målvärde: skriv ett heltal"* ]]
	before=$(store_fingerprint)
	web_post anna /mal/nytt område=Aktivitetsmål text=t status=kanske
	assert_code 422
	assert_body "$(sed "s/'/\&#39;/g" <<<"$msg")"
	web_post anna /mal/nytt område=Aktivitetsmål text=t målvärde=1,5
	assert_code 422
	assert_body "målvärde: skriv ett heltal (inte ”1,5”)"
	web_post anna /mal/nytt område=Aktivitetsmål "text=  " utfall=något
	assert_code 422
	assert_body "text: målet behöver en text"
	web_post anna /mal/nytt text=t
	assert_code 422
	assert_body "område: skriv målområdets namn"
	# The add form is sent back open with what was typed.
	assert_body 'name="text">
t</textarea>'
	web_get anna /mal
	goal_form /mal/1/2 utfallsvärde=många
	web_post anna /mal/1/2 "${args[@]}"
	assert_code 422
	assert_body "utfallsvärde: skriv ett heltal (inte ”många”)"
	assert_body "<details open><summary>Ändra eller ta bort mål 2</summary>"
	assert_body 'name="utfallsvärde" value="många"'
	[ "$(store_fingerprint)" = "$before" ]
}

@test "mål: a change to a goal that has moved or changed meanwhile is refused; unknown goals are 404" {
	web_start
	web_login anna
	web_login erik
	web_get anna /mal
	goal_form /mal/1/1 status=uppnått
	stale=("${args[@]}")
	# Someone else removes the goal the form was made for ...
	web_get erik /mal
	goal_form /mal/1/1/ta-bort
	web_post erik /mal/1/1/ta-bort "${args[@]}"
	assert_code 303
	before=$(store_fingerprint)
	# ... so /mal/1/1 is now another goal.
	web_post anna /mal/1/1 "${stale[@]}"
	assert_code 409
	assert_body "Målen har ändrats sedan sidan visades."
	web_post anna /mal/1/9 "${stale[@]}"
	assert_code 404
	web_post anna /mal/x/1 "${stale[@]}"
	assert_code 404
	web_post anna /mal/9/1/ta-bort "område_före=Aktivitetsmål"
	assert_code 404
	[ "$(store_fingerprint)" = "$before" ]
}

@test "mål: sending a goal's form unchanged saves nothing" {
	web_start
	web_login anna
	web_get anna /mal
	before=$(store_fingerprint)
	goal_form /mal/1/2
	web_post anna /mal/1/2 "${args[@]}"
	assert_code 303
	grep -q '^Location: /mal?klart=oforandrat#omrade-1' "$headers"
	[ "$(store_fingerprint)" = "$before" ]
}

@test "mål: text in every field of a goal and an area's name is shown escaped" {
	web_start
	web_login anna
	x='<script>alert(1)</script>'
	web_post anna /mal/nytt "område=$x" "text=$x" "aktiviteter=$x" "utfall=$x" målvärde=1 \
		"enhet=$x"
	assert_code 303
	web_get anna /mal
	refute_body "$x"
	assert_body '<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>'
	assert_body '<h3>1. &lt;script&gt;alert(1)&lt;/script&gt;</h3>'
	assert_body '<dt>Målvärde</dt><dd>1 &lt;script&gt;alert(1)&lt;/script&gt;</dd>'
	assert_body '<option value="&lt;script&gt;alert(1)&lt;/script&gt;">'
	goals_are_the_clis
	# Sent back with an error, too.
	web_post anna /mal/nytt "område=$x" "text=$x" "utfall=$x" målvärde=ett
	assert_code 422
	refute_body "$x"
	assert_body 'value="&lt;script&gt;alert(1)&lt;/script&gt;"'
	run tidy -q -e -utf8 "$body"
	[[ "$output" != *"Error:"* ]]
}
