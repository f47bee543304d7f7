#!/usr/bin/env bats
# The web's Användare page (docs/web.md): an admin manages the users as
# `finsam user` does, every change in the change log; nobody else may.

load helpers
load web_helpers

teardown() {
	web_stop || true
	cd / && rm -rf "$WORK"
}

# `finsam user list --format csv` row of user $1.
user_row() {
	finsam user list --format csv | grep "^$1,"
}

@test "web users: the page lists every user with role and interventions, escaped" {
	web_start
	web_login anna
	web_get anna /anvandare
	assert_code 200
	for u in anna erik lars ida; do assert_body "<th scope=\"row\">$u"; done
	assert_body "Ida &lt;i&gt;Insats&lt;/i&gt;"
	refute_body "<i>Insats"
	assert_body 'name="insatser" size="12" value="CTL"'
}

@test "web users: an admin adds an insatsägare who can then log in, to its interventions only" {
	web_start
	web_login anna
	web_post anna /anvandare/ny namn=cia visningsnamn="Cia <b>" roll=insatsägare \
		insatser="CTO, MTL" losenord=ett-bra-losenord
	assert_code 303
	grep -q '^Location: /anvandare?sparat=1' "$headers"
	[[ "$(user_row cia)" == "cia,Cia <b>,insatsägare,"*"CTO"*"MTL"* ]]
	run sqlite3 finsam.db "SELECT user_name, what, coalesce(old_value, '-'), new_value FROM change_log"
	[ "$output" = "anna|användare/cia|-|insatsägare" ]
	PW=ett-bra-losenord web_login cia
	web_get cia /insatser
	assert_body '<a href="/insatser/CTO">'
	assert_body '<a href="/insatser/MTL">'
	refute_body '<a href="/insatser/CTL">'
	refute_body '<a href="/bokforing">'
	web_get cia /insatser/MTL
	assert_code 200
	web_get cia /insatser/CTL
	assert_code 403
	web_get cia /bokforing
	assert_code 403
}

@test "web users: role, interventions, password, disabling and removal are changed and logged" {
	web_start
	web_login anna
	web_post anna /anvandare/ida/insatser insatser="CTL,CTO"
	assert_code 303
	web_post anna /anvandare/lars/roll roll=ekonom
	assert_code 303
	web_post anna /anvandare/erik/losenord losenord=nytt-losenord-2
	assert_code 303
	web_post anna /anvandare/erik/avstangd avstangd=1
	assert_code 303
	web_post anna /anvandare/ida/ta-bort
	assert_code 303
	# The same role again changes nothing and is not logged.
	web_post anna /anvandare/lars/roll roll=ekonom
	assert_code 303
	[[ "$(user_row lars)" == "lars,,ekonom,"* ]]
	[[ "$(user_row erik)" == erik,,ekonom,,*,avstängd ]]
	run user_row ida
	[ "$status" -ne 0 ]
	run sqlite3 finsam.db "SELECT what || ' ' || coalesce(old_value, '-') || ' ' || coalesce(new_value, '-') FROM change_log ORDER BY id"
	[ "${lines[0]}" = "användare/ida/insatser CTL CTL,CTO" ]
	[ "${lines[1]}" = "användare/lars/roll läsare ekonom" ]
	[ "${lines[2]}" = "användare/erik/lösenord - (nytt lösenord)" ]
	[ "${lines[3]}" = "användare/erik/avstängd nej ja" ]
	[ "${lines[4]}" = "användare/ida insatsägare -" ]
	[ "${#lines[@]}" -eq 5 ]
	# No password is ever in the log.
	! sqlite3 finsam.db .dump | grep -q nytt-losenord-2
}

@test "web users: the rules of finsam user hold, with 422 and nothing changed" {
	web_start
	web_login anna
	before=$(store_fingerprint)
	web_post anna /anvandare/ny namn=erik roll=läsare losenord=ett-bra-losenord
	assert_code 422
	assert_body "det finns redan en användare som heter erik"
	web_post anna /anvandare/ny namn="bad name" roll=läsare losenord=ett-bra-losenord
	assert_code 422
	web_post anna /anvandare/ny namn=kort roll=läsare losenord=kort
	assert_code 422
	web_post anna /anvandare/ny namn=nisse roll=kung losenord=ett-bra-losenord
	assert_code 422
	assert_body "Välj en roll"
	web_post anna /anvandare/ny namn=olle roll=läsare insatser=CTO losenord=ett-bra-losenord
	assert_code 422
	web_post anna /anvandare/ida/insatser insatser="CTL,FINNS"
	assert_code 422
	web_post anna /anvandare/anna/roll roll=läsare
	assert_code 422
	assert_body "anna"
	web_post anna /anvandare/anna/ta-bort
	assert_code 422
	web_post anna /anvandare/erik/avstangd avstangd=kanske
	assert_code 422
	web_post anna /anvandare/ingen/roll roll=läsare
	assert_code 404
	[ "$(store_fingerprint)" = "$before" ]
}

@test "web users: only an admin may see or change users" {
	web_start
	for u in erik lars ida; do web_login "$u"; done
	before=$(store_fingerprint)
	for u in erik lars ida; do
		web_get "$u" /anvandare
		assert_code 403
		web_post "$u" /anvandare/ny namn=x roll=admin losenord=ett-bra-losenord
		assert_code 403
		for a in roll insatser losenord avstangd ta-bort; do
			web_post "$u" "/anvandare/anna/$a" roll=läsare losenord=ett-bra-losenord avstangd=1
			assert_code 403
		done
	done
	[ "$(store_fingerprint)" = "$before" ]
}
