#!/usr/bin/env bats
# The web's Översikt and Bokföring pages (docs/web.md): the same figures as
# the CLI for the same store, the upload of a SIE file, the drill-down, and
# who may do what.

load helpers
load web_helpers

teardown() {
	web_stop || true
	cd / && rm -rf "$WORK"
}

# The value of key $1 in `finsam statement ratios --format csv` ("-266690.00").
ratio() {
	finsam statement ratios --format csv | awk -F, -v k="$1" '$1 == k { print $4 }'
}

@test "web overview: the key figures are the report's, for the books' period" {
	web_start
	web_login erik
	web_get erik /
	assert_code 200
	assert_body 'value="2023-01-01"'
	assert_body 'value="2023-06-30"'
	for key in resultat prognos-resultat eget-kapital; do
		label=$(finsam statement ratios --format csv | awk -F, -v k="$key" '$1 == k { print $2 }')
		amount=$(kr "$(ratio "$key")")
		[ "$(row_text "$label")" = "$label $amount kr" ] ||
			{ echo "$key: $(row_text "$label") vs $amount"; return 1; }
	done
	# The equity goal, the budget chart per intervention, the goal matrices
	# and a clean audit.
	assert_body "Eget kapital högst 20 % av medlemsbidragen"
	assert_body "utfall till och med 2023-06-30 för 6 insatser"
	refute_body "<svg"
	assert_body "Aktivitetsmål"
	assert_body "Inga avvikelser"
	grep -qi "^Content-Security-Policy: .*style-src 'self' 'unsafe-inline'" "$headers"
	! grep -i "^Content-Security-Policy:" "$headers" | grep -q "script-src[^;]*unsafe-inline"
}

@test "web overview: its charts are images at addresses of their content, for readers only" {
	web_start
	web_login lars
	web_login ida
	web_get lars /
	charts=$(grep -o 'src="/diagram/[0-9a-f]*\.svg"' "$body" | sed 's/src="//; s/"$//')
	[ "$(echo "$charts" | wc -l)" -eq 2 ]
	for c in $charts; do
		web_get lars "$c"
		assert_code 200
		grep -qi '^Content-Type: image/svg+xml' "$headers"
		grep -qi '^Cache-Control: private, max-age=31536000, immutable' "$headers"
		grep -q '<svg' "$body"
		# The address is the hash of what it shows.
		[ "$(b2sum -l 128 "$body" | cut -c1-32)" = "$(basename "$c" .svg)" ]
		web_get ida "$c"
		assert_code 403
	done
	web_get lars /diagram/00000000000000000000000000000000.svg
	assert_code 404
	web_get lars /diagram/nonsense
	assert_code 404
}

@test "web overview: a change made by the CLI meanwhile shows at once" {
	web_start
	web_login anna
	web_get anna /
	before=$(row_text "Prognos för årets resultat")
	[ "$before" = "Prognos för årets resultat $(kr "$(ratio prognos-resultat)") kr" ]
	finsam forecast set Sjuklöneersättning manuell --amount 504544 >/dev/null
	web_get anna /
	after=$(row_text "Prognos för årets resultat")
	[ "$after" != "$before" ]
	[ "$after" = "Prognos för årets resultat $(kr "$(ratio prognos-resultat)") kr" ]
}

@test "web overview: a chosen period is the one shown, and a bad date is 400" {
	web_start
	web_login lars
	web_get lars "/?fran=2023-01-01&till=2023-03-31"
	assert_code 200
	assert_body 'value="2023-03-31"'
	q1=$(finsam statement ratios --from 2023-01-01 --to 2023-03-31 --format csv |
		awk -F, '$1 == "resultat" { print $4 }')
	[ "$(row_text "Periodens resultat")" = "Periodens resultat $(kr "$q1") kr" ]
	web_get lars "/?till=2023-02-30"
	assert_code 400
	assert_body "inget giltigt datum"
}

@test "web overview: an insatsägare is sent to its interventions, not shown the books" {
	web_start
	web_login ida
	web_get ida /
	assert_code 303
	grep -q '^Location: /insatser' "$headers"
	web_get ida /bokforing
	assert_code 403
	web_get ida /bokforing/konto/1930
	assert_code 403
}

@test "web books: the trial balance is finsam balance's, to the öre" {
	web_start
	web_login lars
	web_get lars /bokforing
	assert_code 200
	finsam balance --format csv >tb.csv
	for acc in 1930 2440 4590 6540; do
		closing=$(awk -F, -v a="$acc" '$1 == a { print $NF }' tb.csv)
		row=$(row_text "$acc")
		[[ "$row" == *" ${closing/./,}" ]] || { echo "$acc: $row vs $closing"; return 1; }
	done
	# The statements are there with their lines linked for the drill-down.
	assert_body 'href="/bokforing/rad/rr/1?fran=2023-01-01&amp;till=2023-06-30">Verksamhetens kostnader</a>'
	assert_body "SUMMA TILLGÅNGAR"
	# A läsare gets no upload form.
	refute_body 'action="/bokforing/import"'
}

@test "web books: drill-down from a statement line to its accounts and from an account to its vouchers" {
	web_start
	web_login erik
	web_get erik "/bokforing/rad/rr/1?fran=2023-01-01&till=2023-06-30"
	assert_code 200
	assert_body "Resultaträkning: Verksamhetens kostnader"
	assert_body 'href="/bokforing/konto/6540?fran=2023-01-01&amp;till=2023-06-30"'
	refute_body '/bokforing/konto/1930?'
	web_get erik "/bokforing/konto/6540?fran=2023-01-01&till=2023-06-30"
	assert_code 200
	n=$(finsam vouchers --account 6540 --format csv | tail -n +2 | cut -d, -f1,2,3 | sort -u | wc -l)
	[ "$(grep -c '^<tr><td>20' "$body")" -eq "$n" ]
	assert_body "A 44"
	[ "$(row_text "Summa")" = "Summa 36474,28" ]
	web_get erik /bokforing/konto/9999
	assert_code 404
	web_get erik /bokforing/konto/abc
	assert_code 404
	web_get erik /bokforing/rad/rr/999
	assert_code 404
	web_get erik /bokforing/rad/xx/1
	assert_code 404
}

@test "web books: uploading the same SIE file again changes nothing and says so" {
	web_start
	web_login erik
	before=$(store_fingerprint)
	web_upload erik /bokforing/import "fil=@bokforing-2023-h1.se"
	assert_code 200
	assert_body "Inget ändrades."
	assert_body "samma fil som förra inläsningen"
	[ "$(store_fingerprint)" = "$before" ]
}

@test "web books: an upload replaces the year, shows what changed, and writes the change log" {
	web_start
	web_login erik
	# The same year with one voucher's text changed after the fact.
	sed "s/licenser och support januari-juni/licenser (rattad)/" \
		bokforing-2023-h1.se | grep -av "^#KSUMMA" >rattad.se
	cmp -s rattad.se bokforing-2023-h1.se && { echo "fixture unchanged"; return 1; }
	web_upload erik /bokforing/import "fil=@rattad.se;filename=../../rättad <b>.se"
	assert_code 200
	assert_body "Filen är inläst."
	assert_body "0 nya, 0 borttagna och 2 ändrade verifikationer"
	assert_body "licenser (rattad)"
	assert_body "rättad &lt;b&gt;.se"
	refute_body "rättad <b>"
	run sqlite3 finsam.db "SELECT user_name, what FROM change_log"
	[ "$output" = "erik|bokföring/import/rättad <b>.se" ]
	run finsam imports --format csv
	[[ "$output" == *"rättad <b>.se"* ]]
}

@test "web books: a broken SIE file is refused with its line, and the store is unchanged" {
	web_start
	web_login anna
	before=$(store_fingerprint)
	web_upload anna /bokforing/import "fil=@$FINSAM_TEST_DATA/sie/err-bad-date.se;filename=trasig.se"
	assert_code 422
	assert_body "trasig.se:"
	refute_body "finsam-upload"
	[ "$(store_fingerprint)" = "$before" ]
	web_upload anna /bokforing/import "fil=@/dev/null;filename=tom.se"
	assert_code 400
	[ "$(store_fingerprint)" = "$before" ]
	ls "${TMPDIR:-/tmp}"/finsam-upload-* 2>/dev/null && return 1
	true
}

@test "web books: a läsare and an insatsägare may not upload; the store is unchanged" {
	web_start
	web_login lars
	web_login ida
	before=$(store_fingerprint)
	for u in lars ida; do
		web_upload "$u" /bokforing/import "fil=@bokforing-2023-h1.se"
		assert_code 403
	done
	[ "$(store_fingerprint)" = "$before" ]
}

@test "web changes: the change log page lists web changes, escaped, for the office and the readers" {
	web_start
	web_login erik
	web_login lars
	web_login ida
	sed "s/licenser och support januari-juni/licenser (rattad)/" \
		bokforing-2023-h1.se | grep -av "^#KSUMMA" >rattad.se
	web_upload erik /bokforing/import "fil=@rattad.se;filename=<img src=x onerror=alert(1)>.se"
	web_get lars /andringar
	assert_code 200
	assert_body "bokföring/import/&lt;img src=x onerror=alert(1)&gt;.se"
	refute_body "<img src=x"
	web_get ida /andringar
	assert_code 403
}

@test "web changes: a long value (a report template) is shown cut, with how much is left" {
	web_start
	web_login erik
	web_post erik /rapport/mall namn=rapport "mall=$(cat rapport.md)"
	assert_code 303
	web_get erik /andringar
	assert_code 200
	assert_body "tecken till; hela värdet i <code>finsam changes</code>"
	[ "$(wc -c <"$body")" -lt 20000 ]
	run finsam changes --format csv
	[[ "$output" == *"{{ innehåll }}"* ]]
}

@test "web overview: its charts stay reachable after other periods have filled the chart store" {
	web_start
	web_login lars
	web_get lars /
	# Each period draws its own budget chart: more than the store keeps.
	for d in $(seq 0 69); do
		web_get lars "/?fran=2023-01-01&till=$(date -d "2023-01-10 + $d days" +%F)"
		assert_code 200
	done
	web_get lars /
	charts=$(grep -o 'src="/diagram/[0-9a-f]*\.svg"' "$body" | sed 's/src="//; s/"$//')
	[ -n "$charts" ]
	for c in $charts; do
		web_get lars "$c"
		assert_code 200
	done
}
