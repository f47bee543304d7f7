#!/usr/bin/env bats
# The web server itself: starting, logging in and out, sessions, CSRF,
# rights, limits, headers and shutdown (docs/web.md). Pages have their
# own web_*.bats.

load helpers
load web_helpers

teardown() {
	web_stop || true
	cd / && rm -rf "$WORK"
}

@test "serve: a page without a session sends the browser to the login with the page to return to" {
	web_start
	web_get - /bokforing
	assert_code 303
	grep -q '^Location: /logga-in?till=%2Fbokforing' "$headers"
}

@test "serve: every response carries the security headers and pages are not cached" {
	web_start
	web_get - /logga-in
	assert_code 200
	grep -qi "^Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'" "$headers"
	grep -qi "frame-ancestors 'none'" "$headers"
	grep -qi '^X-Content-Type-Options: nosniff' "$headers"
	grep -qi '^Cache-Control: no-store' "$headers"
	refute_body "<script>"
	refute_body "style=\""
}

@test "serve: login sets an HttpOnly SameSite=Strict session cookie, marked Secure only behind TLS" {
	web_start
	web_try_login anna anna "$PW"
	assert_code 303
	grep -E '^Set-Cookie: finsam_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict.$' "$headers"
	web_stop
	# The same login behind a proxy that says it took TLS.
	web_serve --proxy
	_curl lars -H 'X-Forwarded-Proto: https' "$URL/logga-in"
	token=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$body" | head -1)
	grep -q '^Set-Cookie: finsam_login=.*; Secure' "$headers"
	_curl lars -H 'X-Forwarded-Proto: https' --data-urlencode "csrf=$token" \
		--data-urlencode namn=lars --data-urlencode "losenord=$PW" "$URL/logga-in"
	assert_code 303
	grep -q '^Set-Cookie: finsam_session=.*; HttpOnly; SameSite=Strict; Secure' "$headers"
}

@test "serve: a wrong password is refused alike for unknown names and leaves no session" {
	web_start
	web_try_login anna anna fel-losenord-1
	assert_code 403
	assert_body "Fel användarnamn eller lösenord."
	assert_body 'value="anna"'
	web_try_login anna okand fel-losenord-1
	assert_code 403
	assert_body "Fel användarnamn eller lösenord."
	[ "$(sqlite3 finsam.db 'SELECT count(*) FROM web_session')" = 0 ]
}

@test "serve: a login without the form's own token (cross-site) is refused" {
	web_start
	_curl anna --data-urlencode csrf=x --data-urlencode namn=anna \
		--data-urlencode "losenord=$PW" "$URL/logga-in"
	assert_code 403
	assert_body "Inloggningsformuläret har gått ut"
	[ "$(sqlite3 finsam.db 'SELECT count(*) FROM web_session')" = 0 ]
}

@test "serve: after five failed logins a name is throttled, even with the right password" {
	web_start
	for i in 1 2 3 4 5; do
		web_try_login anna anna fel-losenord-1
		assert_code 403
	done
	web_try_login anna anna "$PW"
	assert_code 429
	assert_body "För många misslyckade inloggningar"
	# Another user is not affected.
	web_login erik
}

@test "serve: after twenty failed logins from one address, any name is throttled" {
	web_start
	for i in $(seq 1 20); do
		web_try_login x "gissning$i" fel-losenord-1
		assert_code 403
	done
	web_try_login x erik "$PW"
	assert_code 429
	assert_body "från din adress"
}

@test "serve: logout destroys the session; the old cookie no longer opens a page" {
	web_start
	web_login anna
	cp "$WORK/jar-anna" "$WORK/jar-stolen"
	web_post anna /logga-ut
	assert_code 303
	grep -q '^Location: /logga-in' "$headers"
	[ "$(sqlite3 finsam.db 'SELECT count(*) FROM web_session')" = 0 ]
	web_get stolen /andringar
	assert_code 303
}

@test "serve: a session idle for thirty minutes has expired" {
	web_start
	web_login erik
	web_get erik /andringar
	assert_code 200
	sqlite3 finsam.db "UPDATE web_session SET expires = '2000-01-01T00:00:00Z'"
	web_get erik /andringar
	assert_code 303
	[ "$(sqlite3 finsam.db 'SELECT count(*) FROM web_session')" = 0 ]
}

@test "serve: a POST without the session's CSRF token is refused and changes nothing" {
	web_start
	web_login anna
	before=$(store_fingerprint)
	web_post_raw anna /logga-ut
	assert_code 403
	assert_body "kontrollkod (CSRF)"
	web_post_raw anna /logga-ut csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
	assert_code 403
	[ "$(store_fingerprint)" = "$before" ]
	web_get anna /andringar
	assert_code 200
}

@test "serve: unknown paths are 404, wrong methods 405 with Allow" {
	web_start
	web_login anna
	web_get anna /finns-inte
	assert_code 404
	_curl anna -X DELETE "$URL/andringar"
	assert_code 405
	grep -q '^Allow: GET, HEAD' "$headers"
}

@test "serve: an oversized body is refused with 413 before it is read, and the store is unchanged" {
	web_start --max-body 1
	web_login anna
	before=$(store_fingerprint)
	head -c 2000000 /dev/zero | tr '\0' 'a' >big.txt
	web_upload anna /bokforing/import fil=@big.txt
	assert_code 413
	[ "$(store_fingerprint)" = "$before" ]
}

@test "serve: a body of an unknown type is refused with 415" {
	web_start
	web_login anna
	_curl anna -H 'Content-Type: application/json' --data '{"a":1}' "$URL/logga-ut"
	assert_code 415
}

@test "serve: SIGTERM stops the server cleanly" {
	web_start
	web_login anna
	web_stop
	grep -q "finsam serve: stoppad" serve.out
	run sqlite3 finsam.db "PRAGMA integrity_check"
	[ "$output" = ok ]
}

@test "serve: the access log has one JSON line per request with status and user" {
	web_start
	web_login anna
	web_get anna /finns-inte
	# A path that is not UTF-8 still makes a line of JSON.
	web_get anna "/%FF%FEx"
	web_stop
	grep '"path":"/finns-inte"' serve.log | jq -e '.status == 404 and .user == "anna" and .method == "GET"'
	grep '"path":"/??x"' serve.log | jq -e '.status == 404'
	jq -e . serve.log >/dev/null
	! grep -v '^{' serve.log
}

@test "serve: --base-path serves below a prefix and links carry it" {
	web_start --base-path /finsam/
	[[ "$URL" == */finsam ]]
	web_get - /logga-in
	assert_code 200
	assert_body 'href="/finsam/static/finsam.css"'
	assert_body 'action="/finsam/logga-in"'
	grep -q 'Path=/finsam;' "$headers"
	_curl - "${URL%/finsam}/logga-in"
	assert_code 404
}

@test "serve: a bad --listen or --base-path is a usage error" {
	finsam example ex >/dev/null && cd ex
	run -2 --separate-stderr finsam serve --listen nonsense
	[[ "$stderr" == *"ADRESS:PORT"* ]]
	run -2 --separate-stderr finsam serve --base-path 'x y'
	[[ "$stderr" == *"--base-path"* ]]
}

@test "serve: malformed requests get 4xx and change nothing" {
	web_start
	web_login anna
	before=$(store_fingerprint)
	# A multipart body that ends in the middle of a part.
	_curl anna -H "Content-Type: multipart/form-data; boundary=XYZ" --data-binary \
		$'--XYZ\r\nContent-Disposition: form-data; name="fil"; filename="a.se"\r\n\r\nabc' \
		"$URL/bokforing/import"
	[[ "$code" == 4* ]]
	# Multipart without a boundary.
	_curl anna -H "Content-Type: multipart/form-data" --data-binary garbage "$URL/bokforing/import"
	[[ "$code" == 4* ]]
	# A header beyond the memory limit.
	_curl anna -H "X-Big: $(head -c 70000 /dev/zero | tr '\0' a)" "$URL/"
	assert_code 431
	# Bad and NUL escapes in the path find nothing.
	web_get anna "/bokforing/konto/%ZZ"
	assert_code 404
	web_get anna "/bokforing/konto/6540%00x"
	assert_code 404
	[ "$(store_fingerprint)" = "$before" ]
	# The server is still there.
	web_get anna /andringar
	assert_code 200
}

@test "serve: SIGTERM lets a request in flight finish, and takes no new ones" {
	web_start
	web_login erik
	# An upload sent slowly (about two seconds) is in flight when the signal comes.
	curl -s -o slow.html -w '%{http_code}' -b "$WORK/jar-erik" --limit-rate 16k \
		-F "csrf=$CSRF_erik" -F "fil=@bokforing-2023-h1.se" "$URL/bokforing/import" >slow.code &
	upload=$!
	sleep 0.7
	kill -TERM "$SERVER_PID"
	sleep 0.3
	run curl -s -o /dev/null -w '%{http_code}' "$URL/logga-in"
	[ "$output" = 000 ]
	wait "$upload"
	[ "$(cat slow.code)" = 200 ]
	grep -q "Inget ändrades." slow.html
	wait "$SERVER_PID"
	SERVER_PID=
	grep -q "finsam serve: stoppad" serve.out
}

@test "serve: the stylesheet, script and typeface are built in and may be cached" {
	web_start
	web_get - /static/finsam.css
	assert_code 200
	grep -qi '^Content-Type: text/css' "$headers"
	grep -qi '^Cache-Control: public' "$headers"
	cmp -s "$body" "$BATS_TEST_DIRNAME/../../src/web/static/finsam.css"
	assert_body 'url("LiberationSans-Regular.ttf")'
	web_get - /static/finsam.js
	grep -qi '^Content-Type: text/javascript' "$headers"
	for f in LiberationSans-Regular.ttf LiberationSans-Bold.ttf; do
		web_get - "/static/$f"
		assert_code 200
		grep -qi '^Content-Type: font/ttf' "$headers"
		cmp -s "$body" "/usr/share/fonts/truetype/liberation2/$f"
	done
	web_get - /static/nothing.css
	assert_code 404
	web_get - /static/../finsam.db
	assert_code 404
}

@test "serve: after login only a path of our own is followed, never another site" {
	web_start
	n=0
	for till in "/%09/evil.example" "//evil.example" "/%5C/evil.example" "http://evil.example" \
		"/%0D%0ALocation:%20http://evil.example"; do
		n=$((n + 1))
		_curl "t$n" "$URL/logga-in?till=$till"
		token=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$body" | head -1)
		_curl "t$n" --data-urlencode "csrf=$token" --data-urlencode namn=anna \
			--data-urlencode "losenord=$PW" "$URL/logga-in?till=$till"
		assert_code 303
		[ "$(grep -i '^Location:' "$headers" | tr -d '\r')" = "Location: /" ] ||
			{ echo "$till: $(grep -i '^Location:' "$headers" | od -c | head -3)"; return 1; }
		# Already logged in, the login page sends on at once: the same rule.
		_curl "t$n" "$URL/logga-in?till=$till"
		assert_code 303
		[ "$(grep -i '^Location:' "$headers" | tr -d '\r')" = "Location: /" ]
	done
	# The same targets sent as the form's own field.
	for till in $'/\t/evil.example' "//evil.example" '/\/evil.example' $'/\r\nX: y'; do
		n=$((n + 1))
		_curl "t$n" "$URL/logga-in"
		token=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$body" | head -1)
		_curl "t$n" --data-urlencode "csrf=$token" --data-urlencode namn=anna \
			--data-urlencode "losenord=$PW" --data-urlencode "till=$till" "$URL/logga-in"
		assert_code 303
		[ "$(grep -i '^Location:' "$headers" | tr -d '\r')" = "Location: /" ]
	done
	web_try_login erik erik "$PW"
	_curl erik "$URL/logga-in?till=/bokforing%3Ffran%3D2023-01-01"
	grep -q '^Location: /bokforing?fran=2023-01-01' "$headers"
}

@test "serve: a stranger cannot send a large body or fill the store with login names" {
	web_start
	before=$(stat -c %s finsam.db)
	_curl x "$URL/logga-in"
	token=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$body" | head -1)
	head -c 200000 /dev/zero | tr '\0' a >big
	_curl x --data-urlencode "csrf=$token" --data-urlencode "namn@big" \
		--data-urlencode losenord=fel-losenord-1 "$URL/logga-in"
	assert_code 413
	# A long name within the limit is refused like any wrong name, and not kept.
	head -c 60000 /dev/zero | tr '\0' a >long
	_curl x --data-urlencode "csrf=$token" --data-urlencode "namn@long" \
		--data-urlencode losenord=fel-losenord-1 "$URL/logga-in"
	assert_code 403
	[ "$(sqlite3 finsam.db 'SELECT count(*) FROM login_attempt WHERE length(name) > 64')" = 0 ]
	# A forged session cookie does not lift the limit either.
	_curl x -b "finsam_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
		-F "fil=@big" "$URL/bokforing/import"
	assert_code 413
}

@test "serve: a form with too many fields is answered 400, not dropped" {
	web_start
	web_login anna
	args=()
	for i in $(seq 1 2100); do args+=(--data-urlencode "f$i=x"); done
	_curl anna --data-urlencode "csrf=$CSRF_anna" "${args[@]}" "$URL/logga-ut"
	assert_code 400
	assert_body "för många fält"
	grep -q '"status":400' serve.log
}
