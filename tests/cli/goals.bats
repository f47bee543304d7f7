#!/usr/bin/env bats
# finsam goals financial, end to end on the bundled example (books to
# 2023-06-30, the 2023 budget and forecast): the default goal, adding,
# listing and removing goals, and that bad input changes nothing.

load helpers

@test "without goals the recommended equity ceiling is judged: equity 23,83 % of the contributions, delvis uppnått" {
	use_example
	run --separate-stderr finsam goals financial
	assert_status 0
	assert_contains "Finansiella mål 2023 (prognos med utfall 2023-01-01 – 2023-06-30)"
	assert_contains "Eget kapital högst 20 % av medlemsbidragen  högst 20 %  23,83 %  delvis uppnått"
	assert_contains "Eget kapital vid årets slut enligt prognosen, 1 906 411 kr, är 23,83 % av årets medlemsbidrag 8 000 000 kr, över gränsen 20 % men lägre än vid årets början (2 359 937 kr = 29,50 %)"
	assert_contains "Förbundet har inga egna finansiella mål"
	[ -z "$stderr" ]
	run --separate-stderr finsam goals financial show --format json
	assert_status 0
	[ "$(echo "$output" | jq .default_goal)" = true ]
	[ "$(echo "$output" | jq '.goals | length')" = 1 ]
	[ "$(echo "$output" | jq -r '.goals[0].status')" = "delvis uppnått" ]
	[ "$(echo "$output" | jq -r '.goals[0].status_code')" = partly ]
	[ "$(echo "$output" | jq '.goals[0].id')" = null ]
	[ "$(echo "$output" | jq '.goals[0].share')" = 2383 ]
	[ "$(echo "$output" | jq '.goals[0].start_share')" = 2950 ]
	[ "$(echo "$output" | jq '.goals[0].amount')" = 190641130 ]
	[ "$(echo "$output" | jq '.goals[0].start_amount')" = 235993730 ]
	[ "$(echo "$output" | jq '.goals[0].base')" = 800000000 ]
}

@test "goals are added, judged, listed and removed" {
	use_example
	run --separate-stderr finsam goals financial add --kind eget-kapital-andel
	assert_status 0
	assert_contains "Lade till finansiellt mål 1: Eget kapital högst 20 % av medlemsbidragen."
	run --separate-stderr finsam goals financial add --kind administration-andel --percent "18 %" \
		--group "Administrativa kostnader" --label "Administrationen högst 18 %"
	assert_status 0
	assert_contains "Lade till finansiellt mål 2: Administrationen högst 18 %."
	finsam goals financial add --kind resultat-mot-budget >/dev/null
	finsam goals financial add --kind insatser-mot-budget --group "Direkta verksamhetskostnader" >/dev/null
	finsam goals financial add --kind eget-kapital-intervall --min "1 000 000" --max 2000000 >/dev/null

	run --separate-stderr finsam goals financial --format json
	assert_status 0
	[ "$(echo "$output" | jq .default_goal)" = false ]
	[ "$(echo "$output" | jq -c '[.goals[].status_code]')" = '["partly","met","met","met","met"]' ]
	[ "$(echo "$output" | jq '.goals[1].share')" = 1796 ]
	[ "$(echo "$output" | jq '.goals[1].amount')" = 151916400 ]
	[ "$(echo "$output" | jq '.goals[1].base')" = 845775400 ]
	[ "$(echo "$output" | jq '.goals[2].amount')" = -45352600 ]
	[ "$(echo "$output" | jq '.goals[2].base')" = -81771000 ]
	[ "$(echo "$output" | jq '.goals[3].lines_within')" = 11 ]
	[ "$(echo "$output" | jq '.goals[3].lines')" = 11 ]
	[ "$(echo "$output" | jq '.goals[4].min_amount')" = 100000000 ]

	run --separate-stderr finsam goals financial
	assert_status 0
	assert_contains "Mål 2: Prognosen för Administrativa kostnader, 1 519 164 kr, är 17,96 % av årets totala kostnader 8 457 754 kr, inom gränsen 18 %."
	assert_contains "Mål 3: Prognosen ger resultatet -453 526 kr mot budgeterat -817 710 kr, 364 184 kr bättre än budget."
	assert_contains "Mål 4: Alla 11 insatser har en prognos inom budget."
	refute_contains "inga egna finansiella mål"

	run --separate-stderr finsam goals financial list --format csv
	assert_status 0
	[ "$(echo "$output" | wc -l)" -eq 6 ]
	[ "$(csv_field "$output" 2 percent)" = 18.00 ]
	[ "$(csv_field "$output" 2 group)" = "Administrativa kostnader" ]
	[ "$(csv_field "$output" 5 max_amount)" = 2000000.00 ]

	run --separate-stderr finsam goals financial remove 2
	assert_status 0
	assert_contains "Tog bort finansiellt mål 2."
	run --separate-stderr finsam goals financial list --format json
	[ "$(echo "$output" | jq -c '[.goals[].id]')" = '[1,3,4,5]' ]
}

@test "a goal the forecast misses is ej uppnått, and one it cannot judge says why" {
	use_example
	finsam goals financial add --kind eget-kapital-intervall --min "2 500 000" >/dev/null
	finsam goals financial add --kind administration-andel --percent 18 --group Kansli >/dev/null
	finsam forecast set "Coachingteam Örebro" manuell --amount "4 400 000" >/dev/null
	finsam goals financial add --kind insatser-mot-budget >/dev/null
	run --separate-stderr finsam goals financial --format json
	assert_status 0
	[ "$(echo "$output" | jq -c '[.goals[].status]')" = '["ej uppnått","kan ej bedömas","delvis uppnått"]' ]
	assert_contains 'Budgeten för 2023 har ingen kostnadsgrupp \"Kansli\"'
	assert_contains "över budget: Coachingteam Örebro (prognos 4 400 000 kr, budget 3 997 000 kr)"
}

@test "--to judges the forecast made with an earlier day's books" {
	use_example
	run --separate-stderr finsam goals financial --to 2023-03-31 --format json
	assert_status 0
	[ "$(echo "$output" | jq -r .to)" = 2023-03-31 ]
	run --separate-stderr finsam goals financial --to 2022-12-31
	assert_status 2
	assert_contains "--to ligger inte i 2023" "$stderr"
}

@test "an unknown kind is refused and the store is unchanged" {
	use_example
	finsam goals financial add --kind resultat-mot-budget >/dev/null
	refused_unchanged 2 '--kind: "eget-kapital" är inget slag av mål (eget-kapital-andel, eget-kapital-intervall' \
		goals financial add --kind eget-kapital
	refused_unchanged 2 "goals financial add kräver --kind" goals financial add
}

@test "a percentage that is no number is refused and the store is unchanged" {
	use_example
	refused_unchanged 2 '--percent: "abc" är ingen procentsats' \
		goals financial add --kind eget-kapital-andel --percent abc
	refused_unchanged 2 '--min: "en miljon" är inget belopp' \
		goals financial add --kind eget-kapital-intervall --min "en miljon"
}

@test "removing a goal that does not exist is refused and the store is unchanged" {
	use_example
	finsam goals financial add --kind eget-kapital-andel >/dev/null
	refused_unchanged 1 "det finns inget finansiellt mål 7 (se finsam goals financial list)" \
		goals financial remove 7
	refused_unchanged 2 '"abc" är inget målnummer' goals financial remove abc
	refused_unchanged 2 "goals financial remove tar ett målnummer" goals financial remove
}

@test "a goal without what its kind needs is refused and the store is unchanged" {
	use_example
	refused_unchanged 2 "målet administration-andel behöver en budgetgrupp" \
		goals financial add --kind administration-andel --percent 18
	refused_unchanged 2 "målet eget-kapital-intervall behöver ett lägsta eller ett högsta belopp" \
		goals financial add --kind eget-kapital-intervall
	refused_unchanged 2 "det lägsta beloppet, 2 000 000 kr, är högre än det högsta, 1 000 000 kr" \
		goals financial add --kind eget-kapital-intervall --min 2000000 --max 1000000
	refused_unchanged 2 "målet insatser-mot-budget har ingen procentsats" \
		goals financial add --kind insatser-mot-budget --percent 5
}

@test "an unknown area, action or misplaced option is a usage error" {
	use_example
	refused_unchanged 2 'okänt argument "social" (list, remove OMRÅDE eller financial)' goals social
	refused_unchanged 2 "--kind hör inte till goals list" goals --kind eget-kapital-andel
	refused_unchanged 2 "goals remove tar ett målområde" goals remove
	refused_unchanged 2 'okänd åtgärd "delete"' goals financial delete 1
	refused_unchanged 2 "--kind hör inte till goals financial show" goals financial --kind eget-kapital-andel
	refused_unchanged 2 "--year hör inte till goals financial add" \
		goals financial add --kind eget-kapital-andel --year 2023
	refused_unchanged 2 "för många argument: extra" goals financial list extra
}
