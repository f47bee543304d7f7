#!/usr/bin/env bats
# Members, the law's rule for contributions and "what if" scenarios,
# driven through the real binary on the bundled example.

load helpers


example() {
	finsam example ex >/dev/null
	export FINSAM_DB=ex/finsam.db
}

@test "contributions of the seed's members: 8 000 000 for the year, all bind" {
	example
	run --separate-stderr finsam contributions --year 2023 --format csv
	assert_status 0
	[ "$(csv_field "$output" STAT contribution)" = "4000000.00" ]
	[ "$(csv_field "$output" REG contribution)" = "2000000.00" ]
	[ "$(csv_field "$output" ORK contribution)" = "1900000.00" ]
	[ "$(csv_field "$output" LEK contribution)" = "100000.00" ]
	[ "$(csv_field "$output" LEK unused)" = "0.00" ]
	# What the books show as paid in the half year (the seed's note 2).
	[ "$(csv_field "$output" STAT booked)" = "2000000.00" ]
	[ "$(csv_field "$output" ORK booked)" = "950000.00" ]
	[ "$(csv_field "$output" LEK booked)" = "50000.00" ]
}

@test "Örebro halving its offer limits the total to 4 000 000 and leaves the rest unused" {
	example
	finsam members offer ORK "950 000" --year 2024
	run --separate-stderr finsam contributions --year 2024 --format json
	assert_status 0
	[ "$(jq .total <<<"$output")" = "400000000" ]
	[ "$(jq -r '.members[] | select(.code=="ORK") | .binding' <<<"$output")" = "ja" ]
	[ "$(jq '.members[] | select(.code=="STAT") | .unused' <<<"$output")" = "200000000" ]
	[ "$(jq '.members[] | select(.code=="LEK") | .contribution' <<<"$output")" = "5000000" ]
}

@test "a member offering nothing makes the total zero" {
	example
	finsam members offer REG 0 --year 2024
	run --separate-stderr finsam contributions --year 2024 --format json
	assert_status 0
	[ "$(jq .total <<<"$output")" = "0" ]
	[ "$(jq -r '.members[] | select(.code=="REG") | .binding' <<<"$output")" = "ja" ]
}

@test "a scenario shows the gap against the plan, a pro rata proposal and the equity" {
	example
	run --separate-stderr finsam scenario run ORK=50% --year 2024 --format json
	assert_status 0
	[ "$(jq .total <<<"$output")" = "400000000" ]
	[ "$(jq .budget_contributions <<<"$output")" = "800000000" ]
	[ "$(jq .gap <<<"$output")" = "400000000" ]
	[ "$(jq .result_without_measures <<<"$output")" = "-449700000" ]
	[ "$(jq .cut_total <<<"$output")" = "400000000" ]
	[ "$(jq .result_with_proposal <<<"$output")" = "-49700000" ]
	# Equity: the 2023 forecast's 1 906 411,30 at the start of 2024.
	[ "$(jq .opening_equity <<<"$output")" = "190641130" ]
	[ "$(jq .equity_without_measures <<<"$output")" = "-259058870" ]
	[ "$(jq .equity_with_proposal <<<"$output")" = "140941130" ]
	[ "$(jq '[.cuts[].cut] | add' <<<"$output")" = "400000000" ]
}

@test "a scenario where the region offers nothing loses every contribution" {
	example
	run --separate-stderr finsam scenario run REG=0 --year 2024 --format json
	assert_status 0
	[ "$(jq .total <<<"$output")" = "0" ]
	[ "$(jq .gap <<<"$output")" = "800000000" ]
	[ "$(jq -r '.members[] | select(.code=="REG") | .binding' <<<"$output")" = "ja" ]
	[ "$(jq '[.members[].contribution] | add' <<<"$output")" = "0" ]
	# Costs of 8 497 000 can give up the whole 8 000 000, pro rata.
	[ "$(jq .cut_total <<<"$output")" = "800000000" ]
	[ "$(jq .uncovered <<<"$output")" = "0" ]
	[ "$(jq .result_without_measures <<<"$output")" = "-849700000" ]
	[ "$(jq .equity_without_measures <<<"$output")" = "-659058870" ]
	[ "$(jq .equity_with_proposal <<<"$output")" = "140941130" ]
}

@test "a priority order cuts whole lines in turn until the gap is closed" {
	example
	run --separate-stderr finsam scenario run "REG=1 200 000" --year 2024 --close prioritet \
		--priority "Verksamhetsutveckling;Strukturell samverkan;Personal" --format json
	assert_status 0
	# The region's 1,2 MSEK allows 4 800 000 in all: 3 200 000 missing.
	[ "$(jq .total <<<"$output")" = "480000000" ]
	[ "$(jq .gap <<<"$output")" = "320000000" ]
	[ "$(jq -c '[.cuts[] | [.line, .cut]]' <<<"$output")" = \
	  '[["Verksamhetsutveckling",10000000],["Strukturell samverkan",20000000],["Personal",106000000]]' ]
	[ "$(jq .uncovered <<<"$output")" = "184000000" ]
}

@test "saved scenarios are compared side by side with the current offers" {
	example
	finsam scenario run ORK=50% --year 2024 --save halv >/dev/null
	finsam scenario run "REG=1 200 000" --year 2024 --save region >/dev/null
	run --separate-stderr finsam scenario list
	assert_status 0
	[ "$output" = $'halv\nregion' ]
	run --separate-stderr finsam scenario compare halv region --format csv
	assert_status 0
	assert_contains "item,now,scenario_1,scenario_2"
	assert_contains "Medlemsbidrag totalt,8000000.00,4000000.00,4800000.00"
	run --separate-stderr finsam scenario remove halv
	assert_status 0
	run --separate-stderr finsam scenario show halv
	assert_status 1
	assert_contains "inget sparat scenario \"halv\"" "$stderr"
}

@test "bad scenario and member input is refused and leaves the store unchanged" {
	example
	before=$(checksum ex/finsam.db)
	run --separate-stderr finsam scenario run XYZ=50% --year 2024 --save x
	assert_status 1
	assert_contains "ingen medlem med koden \"XYZ\"" "$stderr"
	run --separate-stderr finsam scenario run ORK=femtio --year 2024
	assert_status 2
	run --separate-stderr finsam scenario run ORK=50% --year 2024 --close prioritet --priority "Finns inte"
	assert_status 1
	assert_contains "\"Finns inte\", som inte är en kostnadsrad" "$stderr"
	run --separate-stderr finsam members offer ORK abc --year 2024
	assert_status 2
	printf 'Kod;Namn;Typ;Andel\r\nORK;Örebro kommun;kommun;95\r\nLEK;Lekebergs kommun;landsting;5\r\n' > bad.csv
	run --separate-stderr finsam members import bad.csv
	assert_status 1
	assert_contains "bad.csv:3: kolumn 3 (Typ): \"landsting\" är ingen medlemstyp" "$stderr"
	[ "$(checksum ex/finsam.db)" = "$before" ]
}

@test "members export and import give the same register" {
	example
	finsam members export -o m.csv
	finsam members import m.csv >/dev/null
	finsam members export -o m2.csv
	cmp m.csv m2.csv
	assert_contains "Erbjudande 2023;Erbjudande 2024" "$(cat m.csv)"
}
