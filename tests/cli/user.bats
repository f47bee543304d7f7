#!/usr/bin/env bats
# finsam user and finsam changes, end to end on the bundled example:
# users are added, listed, given new passwords, roles and interventions,
# and removed, with passwords piped on standard input; refusals say why in
# Swedish and leave the store as it was.

load helpers

# Add user $1 with the role $2 (and further options), password on stdin.
add_user() {
	local name=$1 role=$2
	shift 2
	echo 'ett långt lösenord' | finsam user add "$name" --role "$role" "$@"
}

@test "a user is added with a password from standard input, listed without it, and removed" {
	use_example
	run --separate-stderr bash -c "echo 'ett långt lösenord' | \"$FINSAM\" user add anna --role admin --name 'Anna Berg'"
	assert_status 0
	[ "$output" = "Lade till användaren anna (admin)." ]
	[ -z "$stderr" ]
	run --separate-stderr finsam user list --format csv
	assert_status 0
	[ "$output" = "$(printf 'name,display_name,role,interventions,created,status\nanna,Anna Berg,admin,,2026-11-24T12:00:00Z,aktiv')" ]
	run --separate-stderr finsam user list
	assert_status 0
	assert_contains "anna       Anna Berg  admin"
	refute_contains "argon2"
	run --separate-stderr finsam user list --format json
	[ "$(echo "$output" | jq -r '.users[0].role')" = admin ]
	[ "$(echo "$output" | jq '.users[0] | has("password_hash")')" = false ]
	# The store keeps an argon2id hash, never the password.
	[ "$(sqlite3 "$FINSAM_DB" "SELECT substr(password_hash, 1, 10) FROM app_user")" = '$argon2id$' ]
	[ "$(sqlite3 "$FINSAM_DB" "SELECT count(*) FROM app_user WHERE instr(password_hash, 'lösenord')")" = 0 ]
	run --separate-stderr finsam user remove anna
	assert_status 0
	[ "$output" = "Tog bort användaren anna." ]
	run --separate-stderr finsam user list
	assert_contains "Inga användare än"
}

@test "an insatsägare gets interventions at add, by assign and unassign, and loses them with the role" {
	use_example
	run --separate-stderr add_user cia insatsägare --intervention MTL,CTO
	assert_status 0
	run --separate-stderr finsam user list --format csv
	[ "$(csv_field "$output" cia interventions)" = "CTO,MTL" ]
	run --separate-stderr finsam user assign cia ATR
	assert_status 0
	[ "$output" = "cia svarar nu för insatsen ATR." ]
	run --separate-stderr finsam user unassign cia CTO
	assert_status 0
	[ "$output" = "cia svarar inte längre för insatsen CTO." ]
	run --separate-stderr finsam user list --format csv
	[ "$(csv_field "$output" cia interventions)" = "ATR,MTL" ]
	run --separate-stderr finsam user role cia läsare
	assert_status 0
	[ "$output" = "cia har nu rollen läsare." ]
	run --separate-stderr finsam user list --format csv
	[ "$(csv_field "$output" cia role)" = "läsare" ]
	[ "$(csv_field "$output" cia interventions)" = "" ]
}

@test "passwd replaces the hash and ends the user's sessions; disable and enable" {
	use_example
	add_user anna admin >/dev/null
	add_user bo ekonom >/dev/null
	before=$(sqlite3 "$FINSAM_DB" "SELECT password_hash FROM app_user WHERE name = 'bo'")
	sqlite3 "$FINSAM_DB" "INSERT INTO web_session VALUES ('x', (SELECT id FROM app_user WHERE name = 'bo'), 'c', 'a', 'a', '2099-01-01T00:00:00Z')"
	run --separate-stderr bash -c "echo 'ett annat långt lösenord' | \"$FINSAM\" user passwd BO"
	assert_status 0
	[ "$output" = "Bytte lösenordet för BO; användarens inloggningar är avslutade." ]
	[ "$(sqlite3 "$FINSAM_DB" "SELECT password_hash FROM app_user WHERE name = 'bo'")" != "$before" ]
	[ "$(sqlite3 "$FINSAM_DB" "SELECT count(*) FROM web_session")" = 0 ]
	run --separate-stderr finsam user disable bo
	assert_status 0
	run --separate-stderr finsam user list --format csv
	[ "$(csv_field "$output" bo status)" = "avstängd" ]
	run --separate-stderr finsam user enable bo
	assert_status 0
	[ "$output" = "bo kan logga in igen." ]
}

@test "refusals say why and change nothing" {
	use_example
	add_user anna admin >/dev/null
	add_user cia insatsägare --intervention CTO >/dev/null
	weak() { echo 'kort' | finsam "$@"; }
	before=$(sqlite3 "$FINSAM_DB" .dump)
	run --separate-stderr weak user add bo --role ekonom
	assert_status 1
	assert_contains "lösenordet är för kort: minst 10 tecken" "$stderr"
	[ "$(sqlite3 "$FINSAM_DB" .dump)" = "$before" ]
	run --separate-stderr add_user ANNA ekonom
	assert_status 1
	assert_contains "det finns redan en användare som heter anna" "$stderr"
	run --separate-stderr finsam user add bo --role ekonom </dev/null
	assert_status 1
	assert_contains "inget lösenord på standard in" "$stderr"
	run --separate-stderr add_user dan insatsägare --intervention CTO,NOPE
	assert_status 1
	assert_contains "NOPE är ingen registrerad insats (se finsam interventions)" "$stderr"
	run --separate-stderr add_user dan ekonom --intervention CTO
	assert_status 1
	assert_contains "bara en insatsägare tilldelas insatser, inte en ekonom" "$stderr"
	run --separate-stderr add_user 'dan berg' ekonom
	assert_status 1
	assert_contains "\"dan berg\" duger inte som användarnamn" "$stderr"
	[ "$(sqlite3 "$FINSAM_DB" .dump)" = "$before" ]
	refused_unchanged 1 "anna är den sista administratören och kan inte tas bort" user remove anna
	refused_unchanged 1 "anna är den sista administratören och kan inte bli något annat" user role anna läsare
	refused_unchanged 2 "okänd roll \"chef\": admin, ekonom, insatsägare eller läsare" user role cia chef
	refused_unchanged 1 "det finns ingen användare som heter nisse" user remove nisse
	refused_unchanged 1 "NOPE är ingen registrerad insats" user assign cia NOPE
	refused_unchanged 1 "cia har inte insatsen MTL" user unassign cia MTL
	refused_unchanged 1 "anna är admin; bara en insatsägare tilldelas insatser" user assign anna CTO
	refused_unchanged 2 "user add kräver --role" user add bo
	refused_unchanged 2 "--role, --name och --intervention hör till add" user passwd cia --role admin
	refused_unchanged 2 "okänd åtgärd \"delete\"" user delete cia
	refused_unchanged 2 "fel antal argument till role" user role cia
}

@test "the password is never taken from the command line" {
	use_example
	run --separate-stderr finsam user add anna --role admin --password hemligt-hemligt
	assert_status 2
	assert_contains "okänd flagga --password" "$stderr"
	run --separate-stderr finsam user add anna ett-långt-lösenord --role admin
	assert_status 2
	[ "$(sqlite3 "$FINSAM_DB" "SELECT count(*) FROM app_user")" = 0 ]
}

@test "changes lists the change log, oldest first, with --limit the latest" {
	use_example
	run --separate-stderr finsam changes
	assert_status 0
	assert_contains "Inga ändringar gjorda i webben än."
	sqlite3 "$FINSAM_DB" "INSERT INTO change_log (time, user_name, what, old_value, new_value) VALUES
		('2026-11-24T12:00:00Z', 'anna', 'budget/2023/Coachingteam Örebro', '100000', '120000'),
		('2026-11-24T12:05:00Z', 'bo', 'mål/Arbete/2', NULL, 'Fler i arbete')"
	run --separate-stderr finsam changes --format csv
	assert_status 0
	[ "$output" = "$(printf 'time,user,what,old_value,new_value\n2026-11-24T12:00:00Z,anna,budget/2023/Coachingteam Örebro,100000,120000\n2026-11-24T12:05:00Z,bo,mål/Arbete/2,,Fler i arbete')" ]
	run --separate-stderr finsam changes -n 1 --format json
	assert_status 0
	[ "$(echo "$output" | jq '.changes | length')" = 1 ]
	[ "$(echo "$output" | jq -r '.changes[0].user')" = bo ]
	[ "$(echo "$output" | jq '.changes[0].old_value')" = null ]
}
