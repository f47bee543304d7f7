#!/usr/bin/env bats
# The web's Rapport (docs/web.md): the template stored in the store,
# edited in a textarea and saved only when it builds; the placeholders;
# the report as an HTML preview, a PDF and an XLSX; the audit. Figures
# are compared with what the CLI makes of the same template and store.

load helpers
load web_helpers

teardown() {
	web_stop || true
	cd / && rm -rf "$WORK"
}

# Text escaped as the pages escape it (html_esc).
html_escape() {
	sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' -e "s/'/\&#39;/g" <<<"$1"
}

# The text of the page's textarea, unescaped, into file $1.
textarea_text() {
	python3 - "$body" "$1" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<textarea id="mall-text"[^>]*>\n(.*?)</textarea>', page, re.S)
open(sys.argv[2], "w", encoding="utf-8").write(html.unescape(m.group(1)))
PY
}

# A template with one figure from the books, and one that names an
# unknown placeholder at line 6, column 58 (as the CLI reports it).
write_templates() {
	printf -- '---\ntyp: delårsrapport\nperiod: 2023H1\n---\n\nResultatet blev {{ belopp rr "Årets resultat" }} kr.\n' >bra.md
	printf -- '---\ntyp: delårsrapport\nperiod: 2023H1\n---\n\nResultatet blev {{ belopp rr "Årets resultat" }} kr och {{ okänd sak }}.\n' >fel.md
}

changes() {
	sqlite3 finsam.db "SELECT what || '|' || ifnull(old_value, 'NULL') || '|' || new_value FROM change_log ORDER BY id"
}

@test "rapport: with nothing stored the page offers the example's template and lists every placeholder the CLI lists" {
	web_start
	web_login erik
	web_get erik /rapport
	assert_code 200
	assert_body "Ingen mall är sparad än"
	textarea_text shown.md
	cmp shown.md rapport.md
	assert_body 'action="/rapport/mall"'
	n=0
	while IFS= read -r line; do
		[[ "$line" == "{{ "* ]] || continue
		assert_body "<code>$(html_escape "$line")</code>"
		n=$((n + 1))
	done < <(finsam report placeholders)
	[ "$n" -ge 20 ]
	[ "$(grep -c '^<tr><td><code>{{ ' "$body")" = "$n" ]
	# The descriptions are the CLI's too.
	assert_body "$(html_escape "$(finsam report placeholders | sed -n 2p | sed 's/^ *//; s/ (block: .*//')")"
	assert_body 'href="/rapport/forhandsvisning"'
	assert_body 'href="/rapport/rapport.pdf"'
	assert_body 'href="/rapport/rapport.xlsx"'
	assert_body 'href="/rapport/granskning"'
}

@test "rapport: a läsare reads the template without a form to change it" {
	web_start
	web_login lars
	web_get lars /rapport
	assert_code 200
	assert_body '<textarea id="mall-text" rows="30" readonly'
	refute_body 'action="/rapport/mall"'
	refute_body 'name="mall"'
	textarea_text shown.md
	cmp shown.md rapport.md
}

@test "rapport: saving a template that builds stores it, logs the change and the preview shows the CLI's figure" {
	web_start
	write_templates
	finsam report bra.md -o cli.html >/dev/null
	figure=$(grep -o 'Resultatet blev <span class="fig">[^<]*</span> kr\.' cli.html)
	[ -n "$figure" ]
	web_login erik
	web_post erik /rapport/mall namn=rapport mall@bra.md
	assert_code 303
	grep -q '^Location: /rapport?sparat=1' "$headers"
	[ "$(sqlite3 finsam.db "SELECT text FROM report_template WHERE name = 'rapport'")" = "$(cat bra.md)" ]
	[ "$(sqlite3 finsam.db "SELECT updated || ' ' || updated_by FROM report_template")" = "2026-11-24T12:00:00Z erik" ]
	[ "$(changes)" = "rapport/rapport|NULL|$(cat bra.md)" ]
	web_get erik "/rapport?sparat=1"
	assert_code 200
	assert_body "Mallen är sparad."
	assert_body "sparades 2026-11-24T12:00:00Z (UTC) av erik"
	textarea_text shown.md
	cmp shown.md bra.md
	web_get erik /rapport/forhandsvisning
	assert_code 200
	grep -qi '^Content-Type: text/html; charset=utf-8' "$headers"
	assert_body "$figure"
	refute_body "okänd"
	# A second save logs the old text too.
	printf '\nMer text.\n' >>bra.md
	web_post erik /rapport/mall namn=rapport mall@bra.md
	assert_code 303
	[ "$(sqlite3 finsam.db "SELECT count(*) FROM change_log")" = 2 ]
	[ "$(sqlite3 finsam.db "SELECT old_value FROM change_log ORDER BY id DESC LIMIT 1")" = "$(head -6 bra.md)" ]
}

@test "rapport: a browser's CRLF line ends are stored as LF, and saving the same text again changes nothing" {
	web_start
	write_templates
	web_login anna
	sed 's/$/\r/' bra.md >crlf.md
	web_post anna /rapport/mall namn=rapport mall@crlf.md
	assert_code 303
	[ "$(sqlite3 finsam.db "SELECT hex(text) FROM report_template")" = "$(od -An -tx1 bra.md | tr -d ' \n' | tr a-f A-F)" ]
	before=$(store_fingerprint)
	web_post anna /rapport/mall namn=rapport mall@bra.md
	assert_code 303
	grep -q '^Location: /rapport?oforandrad=1' "$headers"
	[ "$(store_fingerprint)" = "$before" ]
	[ "$(sqlite3 finsam.db "SELECT count(*) FROM change_log")" = 1 ]
}

@test "rapport: a template that does not build is refused with line and column, kept in the textarea, the store unchanged" {
	web_start
	write_templates
	run --separate-stderr finsam report fel.md -o x.html
	assert_status 1
	cli_message=${stderr#finsam: fel.md}
	web_login erik
	before=$(store_fingerprint)
	web_post erik /rapport/mall namn=rapport mall@fel.md
	assert_code 422
	assert_body "Mallen sparades inte: rapport:6:58: okänd platshållare"
	assert_body "$(html_escape "rapport$cli_message")"
	textarea_text shown.md
	cmp shown.md fel.md
	[ "$(store_fingerprint)" = "$before" ]
	# A header without a period; a period the books do not hold.
	printf -- '---\ntyp: delårsrapport\n---\n\nText.\n' >utan.md
	web_post erik /rapport/mall namn=rapport mall@utan.md
	assert_code 422
	assert_body "rapport:1: huvudet saknar period:"
	printf -- '---\ntyp: delårsrapport\nperiod: 2031H1\n---\n\nText.\n' >sen.md
	web_post erik /rapport/mall namn=rapport mall@sen.md
	assert_code 422
	assert_body "rapport:3: period: bokföringen har inget räkenskapsår som rymmer perioden"
	[ "$(store_fingerprint)" = "$before" ]
	[ "$(sqlite3 finsam.db "SELECT count(*) FROM change_log")" = 0 ]
}

@test "rapport: malformed posts (no text, a bad name, a NUL byte, bad UTF-8) are refused in Swedish, the store unchanged" {
	web_start
	write_templates
	web_login erik
	before=$(store_fingerprint)
	web_post erik /rapport/mall namn=rapport
	assert_code 422
	assert_body "formuläret saknar mallens text"
	web_post erik /rapport/mall namn=a/b mall@bra.md
	assert_code 422
	assert_body "mallens namn får inte innehålla &#39;/&#39; eller styrtecken"
	assert_body 'value="a/b"'
	web_post erik /rapport/mall "namn=$(printf 'x%.0s' $(seq 65))" mall@bra.md
	assert_code 422
	assert_body "mallens namn ska ha 1–64 tecken"
	_curl erik --data-urlencode "csrf=$CSRF_erik" --data "mall=---%00x" "$URL/rapport/mall"
	assert_code 422
	assert_body "mallen innehåller ett NUL-tecken"
	_curl erik --data-urlencode "csrf=$CSRF_erik" --data "mall=---%FF" "$URL/rapport/mall"
	assert_code 422
	assert_body "mallen är inte giltig UTF-8"
	[ "$(store_fingerprint)" = "$before" ]
}

@test "rapport: a läsare and an insatsägare may not save a template, and the store is unchanged" {
	web_start
	write_templates
	before=$(store_fingerprint)
	for u in lars ida; do
		web_login "$u"
		web_post "$u" /rapport/mall namn=rapport mall@bra.md
		assert_code 403
		assert_body "Ingen behörighet"
	done
	[ "$(store_fingerprint)" = "$before" ]
	[ "$(sqlite3 finsam.db "SELECT count(*) FROM report_template")" = 0 ]
}

@test "rapport: an insatsägare cannot read the report at all" {
	web_start
	web_login ida
	for p in /rapport /rapport/forhandsvisning /rapport/rapport.pdf /rapport/rapport.xlsx /rapport/granskning; do
		web_get ida "$p"
		assert_code 403
		refute_body "Resultaträkning"
	done
}

@test "rapport: a script in the template and in its name is shown escaped, never raw, and the preview has none" {
	web_start
	web_login erik
	printf -- '---\ntyp: delårsrapport\nperiod: 2023H1\n---\n\nHej <script>alert(1)</script> och {{ belopp rr "Årets resultat" }}.\n' >xss.md
	web_post erik /rapport/mall namn=rapport mall@xss.md
	assert_code 303
	web_get erik /rapport
	assert_code 200
	assert_body "Hej &lt;script&gt;alert(1)&lt;/script&gt;"
	refute_body "<script>alert(1)"
	web_get erik /rapport/forhandsvisning
	assert_code 200
	refute_body "<script"
	# Refused: the text and the name come back escaped.
	printf -- '---\ntyp: delårsrapport\nperiod: 2023H1\n---\n\n<script>alert(2)</script>\n\n{{ okänd }}\n' >xss-fel.md
	web_post erik /rapport/mall namn=rapport mall@xss-fel.md
	assert_code 422
	assert_body "rapport:8:1: okänd platshållare"
	assert_body "&lt;script&gt;alert(2)&lt;/script&gt;"
	refute_body "<script>alert"
	web_post erik /rapport/mall "namn=<script>alert(3)</script>" mall@xss.md
	assert_code 422
	assert_body "mallens namn får inte innehålla"
	assert_body 'value="&lt;script&gt;alert(3)&lt;/script&gt;"'
	refute_body "<script>alert"
	web_get erik "/rapport?mall=%3Cscript%3Ealert(4)%3C%2Fscript%3E"
	assert_code 404
	refute_body "<script>alert"
}

@test "rapport: the preview is a document of its own whose CSP allows inline style but no script" {
	web_start
	web_login lars
	web_get lars /rapport/forhandsvisning
	assert_code 200
	finsam report rapport.md -o cli.html >/dev/null
	cmp "$body" cli.html
	refute_body "<script"
	csp=$(grep -i '^Content-Security-Policy:' "$headers")
	[[ "$csp" == *"default-src 'none'"* ]]
	[[ "$csp" == *"style-src 'unsafe-inline'"* ]]
	[[ "$csp" != *"script-src"* ]]
	[[ "$csp" == *"sandbox"* ]]
	# Only the style directive allows anything inline.
	[ "$(grep -o "'unsafe-inline'" <<<"$csp" | wc -l)" = 1 ]
}

@test "rapport: the PDF download is the report pdfinfo reads, as long as the CLI's" {
	web_start
	finsam report rapport.md -o cli.pdf >/dev/null
	web_login lars
	web_get lars /rapport/rapport.pdf
	assert_code 200
	grep -qi '^Content-Type: application/pdf' "$headers"
	grep -qi '^Content-Disposition: attachment; filename="rapport.pdf"' "$headers"
	[ "$(head -c 5 "$body")" = "%PDF-" ]
	[ "$(grep -i '^Content-Length:' "$headers" | tr -dc 0-9)" = "$(stat -c %s "$body")" ]
	cp "$body" web.pdf
	pages=$(pdfinfo web.pdf | sed -n 's/^Pages: *//p')
	[ "$pages" -gt 5 ]
	[ "$pages" = "$(pdfinfo cli.pdf | sed -n 's/^Pages: *//p')" ]
	pdfinfo web.pdf | grep -q '^Title: *Delårsredovisning 2023'
}

@test "rapport: the XLSX download is a workbook unzip lists, with the CLI's sheets" {
	web_start
	finsam report rapport.md -o cli.xlsx >/dev/null
	web_login erik
	web_get erik /rapport/rapport.xlsx
	assert_code 200
	grep -qi '^Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' "$headers"
	grep -qi '^Content-Disposition: attachment; filename="rapport.xlsx"' "$headers"
	cp "$body" web.xlsx
	unzip -l web.xlsx >web.list
	grep -q 'xl/workbook.xml' web.list
	unzip -l cli.xlsx >cli.list
	[ "$(grep -c 'xl/worksheets/sheet' web.list)" -gt 3 ]
	[ "$(grep -o 'xl/worksheets/sheet[0-9]*.xml' web.list)" = "$(grep -o 'xl/worksheets/sheet[0-9]*.xml' cli.list)" ]
}

@test "rapport: a template saved under another name is listed, shown, built and downloaded under its name" {
	web_start
	write_templates
	finsam report save "Delår 2023" bra.md >/dev/null
	web_login erik
	web_get erik /rapport
	assert_body 'href="/rapport?mall=Del%C3%A5r%202023">Delår 2023</a>'
	web_get erik "/rapport?mall=Del%C3%A5r%202023"
	assert_code 200
	assert_body "från kommandoraden"
	textarea_text shown.md
	cmp shown.md bra.md
	web_get erik "/rapport/rapport.pdf?mall=Del%C3%A5r%202023"
	assert_code 200
	grep -q "^Content-Disposition: attachment; filename=\"Del_r_2023.pdf\"; filename\*=UTF-8''Del%C3%A5r%202023.pdf" "$headers"
	web_get erik /rapport/granskning?mall=finns-inte
	assert_code 404
	assert_body "Det finns ingen rapportmall med det namnet."
}

@test "rapport: a stored template that no longer builds gives a Swedish error page (422), and the audit falls back to finsam check's period" {
	web_start
	# The store changed under a saved template: its period's books are gone.
	sqlite3 finsam.db "INSERT INTO report_template (name, text, updated) VALUES ('rapport',
		'---
typ: delårsrapport
period: 2031H1
---

{{ prognos }}
', '2026-11-24T12:00:00Z')"
	web_login erik
	for p in /rapport/forhandsvisning /rapport/rapport.pdf /rapport/rapport.xlsx; do
		web_get erik "$p"
		assert_code 422
		grep -qi '^Content-Type: text/html' "$headers"
		assert_body "Rapporten kunde inte byggas ur mallen: rapport:3: period: bokföringen har inget räkenskapsår som rymmer perioden"
		refute_body "style-src 'unsafe-inline'"
	done
	grep -qi "^Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'" "$headers"
	web_get erik /rapport/granskning
	assert_code 200
	assert_body "granskningen gäller därför det senaste årets bokföring"
	assert_body "Inga avvikelser"
}

@test "rapport: the audit page says what finsam check says" {
	web_start
	web_login lars
	web_get lars /rapport/granskning
	assert_code 200
	run finsam check
	assert_status 0
	assert_body "$(html_escape "$output")"
	assert_body "för 1 januari–30 juni 2023"
	# Damage the month balances: the books and the figures disagree.
	sqlite3 finsam.db "UPDATE period_balance SET amount = amount + 1
	                   WHERE period = 202306 AND object_id = 0
	                     AND account_id = (SELECT id FROM account WHERE number = '8410')"
	run --separate-stderr finsam check
	assert_status 1
	web_get lars /rapport/granskning
	assert_code 200
	n=0
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		if [[ "$line" =~ ^[0-9]+\ avvikelse ]]; then
			assert_body "<strong>$line</strong>"
		else
			assert_body "<li>$(html_escape "$line")</li>"
			n=$((n + 1))
		fi
	done <<<"$output"
	[ "$n" -ge 3 ]
	[ "$(sed -n '/<ul class="avvikelser">/,/<\/ul>/p' "$body" | grep -c '^<li>')" = "$n" ]
	refute_body "Inga avvikelser"
}
