#!/usr/bin/env bats
# The follow-up end to end on the bundled example (the seed report's
# interventions, statistics and goals, examples/lekeberg-orebro/
# uppfoljning.yaml): the register with budget use from the books, the cards'
# computed result goals, the publishing rule, the goals, the national
# export, the YAML round trip, and that bad input changes nothing.

load helpers

# A JSON field of the row whose key (field $2) is $3: jq over $output.
json_row() {
	echo "$output" | jq -r --arg k "$2" --arg v "$3" --arg f "$4" ".$1[] | select(.[\$k] == \$v) | .[\$f]"
}

@test "the register shows each intervention's budget use from the books, as the seed's cards and forecast give it" {
	use_example
	run --separate-stderr finsam interventions --format json
	assert_status 0
	[ "$(echo "$output" | jq -r .period)" = "2023H1" ]
	# Mottagningsteamet: 40 %, 139 821 of 351 068 (card and forecast agree).
	[ "$(json_row interventions code MTL budget)" = "35106800" ]
	[ "$(json_row interventions code MTL actual)" = "13982110" ]
	[ "$(json_row interventions code MTL used)" = "3983" ]
	# Coachingteamet Örebro: the books' 1 977 400,50, which the seed's card
	# truncates to 1 977 400 and its forecast rounds to 1 977 401.
	[ "$(json_row interventions code CTO actual)" = "197740050" ]
	[ "$(json_row interventions code CTO budget)" = "399700000" ]
	# The structural interventions by their budget subgroup: 449 966 of 1 056 083, 43 %.
	[ "$(json_row interventions code STR budget)" = "105608300" ]
	[ "$(json_row interventions code STR actual)" = "44996600" ]
	[ "$(json_row interventions code STR kind)" = "strukturövergripande" ]
	# Coachingteamet Lekeberg against the budget's 569 978 (the card says 568 978).
	[ "$(json_row interventions code CTL budget)" = "56997800" ]
	[ "$(json_row interventions code CTL actual)" = "27258200" ]
	[ "$(json_row interventions code SVO actual)" = "57418700" ]
	[ "$(json_row interventions code CTO participants)" = "149" ]
}

@test "a card computes its result goals from the statistics and the books" {
	use_example
	run --separate-stderr finsam interventions show CTO
	assert_status 0
	assert_contains "Coachingteamet Örebro (CTO), 2023H1"
	assert_contains "Arbeta med 121 individer löpande under året. Mål: minst 121. Utfall: 149. uppnått (beräknat)"
	assert_contains "Utfall: 31 % (12/39). ej uppnått (beräknat)"
	assert_contains "1 977 401 kr av helårsbudgeten 3 997 000 kr (49 %) till och med 2023-06-30"
	run --separate-stderr finsam interventions show MTL
	assert_status 0
	assert_contains "Utfall: 9. ej uppnått (beräknat). Lågt inflöde."
	assert_contains "Mål: minst 3,0. Utfall: 3,8. uppnått (beräknat)"
	assert_contains "Utfall: 40 %, 139 821 kr av 351 068 kr."
	run --separate-stderr finsam interventions show CTL
	assert_contains "Utfall: 71 % (5/7). uppnått (beräknat)"
	assert_contains "Mål: minst 70 %. Utfall: 100 %. uppnått (beräknat)"
}

@test "internal views show every count, published ones hide small counts so that none can be recomputed" {
	use_example
	run --separate-stderr finsam participants --format csv
	assert_status 0
	[ "$(csv_field "$output" MTL women)" = "6" ]
	[ "$(csv_field "$output" MTL men)" = "3" ]
	[ "$(csv_field "$output" CTO improved)" = "31 % (12/39)" ]
	run --separate-stderr finsam participants --published --format csv
	assert_status 0
	[ "$(csv_field "$output" MTL total)" = "9" ]
	[ "$(csv_field "$output" MTL men)" = "<5" ]
	# 9 − 6 − 0 would give the men away: the women are hidden too.
	[ "$(csv_field "$output" MTL women)" = "x" ]
	[ "$(csv_field "$output" MTL other)" = "0" ]
	# 42 ended less the 39 of "12/39" would give övrigt's "<5" away as 3:
	# the published share is hidden.
	[ "$(csv_field "$output" CTO improved)" = "" ]
	[ "$(csv_field "$output" CTO total)" = "149" ]
	# Samverkansteamet's one of another or unknown sex is hidden with a partner.
	[ "$(csv_field "$output" SVO other)" = "<5" ]
	[ "$(csv_field "$output" SVO men)" = "x" ]
	[ "$(csv_field "$output" SVO women)" = "32" ]
}

@test "one intervention's statistics in full, and as published" {
	use_example
	run --separate-stderr finsam participants show CTO
	assert_status 0
	assert_contains "Avslut: arbete (stegförflyttning)"
	assert_contains "31 % (12/39)"
	assert_contains "Deltagare av planerat antal"
	run --separate-stderr finsam participants show CTO --published --format json
	assert_status 0
	[ "$(json_row figures key outcome.arbete value)" = "x" ] || [ "$(json_row figures key outcome.arbete value)" = "<5" ]
	[ "$(json_row figures key outcome.övrigt value)" = "<5" ]
	[ "$(json_row figures key total value)" = "149" ]
}

@test "goals list the goal areas with their status and the financial goals beside them" {
	use_example
	run --separate-stderr finsam goals --format json
	assert_status 0
	[ "$(echo "$output" | jq -r '[.goals[] | select(.area == "Aktivitetsmål")] | length')" = "2" ]
	[ "$(echo "$output" | jq -r '.goals[] | select(.area == "Resultatmål") | .status')" = "delvis" ]
	[ "$(echo "$output" | jq -r '.goals[] | select(.area == "Resultatmål") | .status_source')" = "computed" ]
	[ "$(echo "$output" | jq -r '.goals[] | select(.area == "Ekonomiska mål") | .status')" = "delvis" ]
	[ "$(echo "$output" | jq -r '.goals[] | select(.area == "Ekonomiska mål") | .colour')" = "gul" ]
}

@test "the national export gives the fields of the national system, small counts hidden unless --internal" {
	use_example
	run --separate-stderr finsam export national --format json
	assert_status 0
	[ "$(echo "$output" | jq -r '.fields[] | select(.field == "allocated_budget") | .amount')" = "800000000" ]
	[ "$(echo "$output" | jq -r '.fields[] | select(.field == "allocated_booked") | .amount')" = "400000000" ]
	[ "$(echo "$output" | jq -r '.fields[] | select(.field == "equity_start") | .amount')" = "235993730" ]
	[ "$(echo "$output" | jq -r '.fields[] | select(.field == "admin_budget") | .amount')" = "151916400" ]
	[ "$(echo "$output" | jq -r '.fields[] | select(.code == "MTL" and .field == "budget") | .amount')" = "35106800" ]
	[ "$(echo "$output" | jq -r '.fields[] | select(.code == "MTL" and .field == "planned") | .count')" = "30" ]
	[ "$(echo "$output" | jq -r '.fields[] | select(.code == "MTL" and .field == "men") | .count')" = "<5" ]
	run --separate-stderr finsam export national --internal --format json
	[ "$(echo "$output" | jq -r '.fields[] | select(.code == "MTL" and .field == "men") | .count')" = "3" ]
}

@test "export, import into another store and export again give the same file" {
	use_example
	run --separate-stderr finsam followup export -o first.yaml
	assert_status 0
	finsam -d other.db init >/dev/null
	run --separate-stderr finsam -d other.db followup import first.yaml
	assert_status 0
	assert_contains "6 insatser, 5 statistikposter, 3 målområden"
	finsam -d other.db followup export -o second.yaml
	cmp first.yaml second.yaml
	# Importing the same file again changes nothing.
	before=$(sqlite3 other.db "SELECT count(*) FROM participant_stats; SELECT count(*) FROM goal")
	finsam -d other.db followup import first.yaml >/dev/null
	[ "$(sqlite3 other.db "SELECT count(*) FROM participant_stats; SELECT count(*) FROM goal")" = "$before" ]
}

stats_file() {
	cat >stats.yaml <<EOF
statistik:
  - insats: MTL
    period: 2023H2
    totalt: 10
    kvinnor: ${1:-6}
    män: 4
    kommentar: "${2:-}"
EOF
}

@test "statistics whose parts do not add up are refused with the figures, and nothing is saved" {
	use_example
	stats_file 7
	refused_unchanged 1 "MTL 2023H2: kvinnor 7 + män 4 = 11, men totalt är 10" followup import stats.yaml
	refused_unchanged 1 "1 fel i deltagarstatistiken; inget sparades" followup import stats.yaml
}

@test "a personnummer in a text of the statistics is refused with file, line and column" {
	use_example
	stats_file 6 "ring om 850101-1234"
	refused_unchanged 1 "stats.yaml:7:16: kommentar:" followup import stats.yaml
	refused_unchanged 1 "ser ut som ett person- eller samordningsnummer" followup import stats.yaml
}

@test "a figure marked incomplete warns instead of refusing, and is saved" {
	use_example
	stats_file 5
	echo "    ofullständigt: [kön]" >>stats.yaml
	run --separate-stderr finsam followup import stats.yaml
	assert_status 0
	assert_contains "varning: MTL 2023H2: kvinnor 5 + män 4 = 9, men totalt är 10" "$stderr"
	run --separate-stderr finsam participants show MTL --period 2023H2
	assert_contains "Varning: "
}

@test "--dry-run checks the file against the store and saves nothing" {
	use_example
	stats_file 6
	before=$(sqlite3 "$FINSAM_DB" .dump)
	run --separate-stderr finsam followup import --dry-run stats.yaml
	assert_status 0
	assert_contains "inget sparades (--dry-run)"
	[ "$(sqlite3 "$FINSAM_DB" .dump)" = "$before" ]
}

@test "an intervention's kind cannot change, and statistics need a registered intervention" {
	use_example
	cat >kind.yaml <<'EOF'
insatser:
  - kod: MTL
    namn: Mottagningsteamet Lekeberg
    slag: strukturövergripande
EOF
	refused_unchanged 1 "insats MTL är individinriktad och kan inte bli strukturövergripande" followup import kind.yaml
	cat >orphan.yaml <<'EOF'
statistik:
  - insats: NYA
    period: 2023
    totalt: 3
EOF
	refused_unchanged 1 "statistik för insats NYA, som inte finns" followup import orphan.yaml
}

@test "a broken file is refused with its line and column, and the store is unchanged" {
	use_example
	printf 'insatser:\n  - kod: X\n    namn: [oavslutad\n' >broken.yaml
	refused_unchanged 1 "broken.yaml:" followup import broken.yaml
	printf 'statistik:\n  - insats: MTL\n    period: 2023H3\n    totalt: 1\n' >period.yaml
	refused_unchanged 1 "period.yaml:3:13:" followup import period.yaml
	refused_unchanged 1 "missing.yaml: kan inte öppna filen" followup import missing.yaml
}

@test "removing an intervention takes its statistics with it; unknown names are errors" {
	use_example
	run --separate-stderr finsam interventions remove ATR
	assert_status 0
	[ "$(sqlite3 "$FINSAM_DB" "SELECT count(*) FROM participant_stats s JOIN intervention i ON i.id = s.intervention_id WHERE i.code = 'ATR'")" = "0" ]
	refused_unchanged 1 "det finns ingen insats ATR" interventions remove ATR
	refused_unchanged 1 "det finns ingen statistik för MTL 2022" participants remove MTL 2022
	refused_unchanged 1 "det finns inget målområde Okänt" goals remove Okänt
	refused_unchanged 2 "--period: \"2023Q1\" är ingen period" participants --period 2023Q1
}
