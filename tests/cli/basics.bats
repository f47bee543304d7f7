#!/usr/bin/env bats
# The command line itself: help, version, usage errors and exit codes.

load helpers

@test "--version prints the version" {
	run --separate-stderr finsam --version
	assert_status 0
	[ "$output" = "finsam $(cat "$BATS_TEST_DIRNAME/../../VERSION")" ]
}

@test "--help lists every command" {
	run --separate-stderr finsam --help
	assert_status 0
	for c in example init import export balance vouchers accounts objects years imports check org help; do
		assert_contains "  $c "
	done
}

@test "COMMAND --help shows the command's options" {
	run --separate-stderr finsam balance --help
	assert_status 0
	assert_contains "Användning: finsam balance"
	assert_contains "--from DATUM"
	assert_contains "--by DIM"
	assert_contains "-d, --db FIL"
}

@test "an unknown command is a usage error with status 2" {
	run --separate-stderr finsam frobnicate
	assert_status 2
	assert_contains "okänt kommando \"frobnicate\"" "$stderr"
}

@test "an unknown option is a usage error with status 2" {
	run --separate-stderr finsam balance --nonsense
	assert_status 2
	assert_contains "okänd flagga --nonsense" "$stderr"
}

@test "a bad date is a usage error that names the option" {
	run --separate-stderr finsam balance --from 2023-02-30
	assert_status 2
	assert_contains "--from: \"2023-02-30\" är inget giltigt datum" "$stderr"
}

@test "a missing store is reported with how to make one, status 1" {
	run --separate-stderr finsam balance
	assert_status 1
	assert_contains "det finns ingen finsam-databas i finsam.db" "$stderr"
	[ ! -e finsam.db ]
}

@test "FINSAM_DB and -d choose the store" {
	run --separate-stderr finsam -d a.db init --name "A"
	assert_status 0
	FINSAM_DB=b.db run --separate-stderr finsam init --name "B"
	assert_status 0
	run --separate-stderr finsam --db a.db org
	assert_contains "Namn:                A"
	FINSAM_DB=b.db run --separate-stderr finsam org
	assert_contains "Namn:                B"
	run --separate-stderr finsam org -d b.db
	assert_contains "Namn:                B"
}

@test "init refuses to overwrite an existing store" {
	finsam init
	run --separate-stderr finsam init
	assert_status 1
	assert_contains "finsam.db finns redan" "$stderr"
}

@test "init validates the organisation number and chart" {
	run --separate-stderr finsam init --orgnr 12345
	assert_status 2
	assert_contains "inget organisationsnummer" "$stderr"
	run --separate-stderr finsam -d x.db init --chart kommun-bas --orgnr 222000-2493
	assert_status 0
	assert_contains "Kontoplan:           kommun-bas (angiven)"
}

@test "a file that is not a SIE file is refused by content, not extension" {
	printf 'konto;belopp\n1930;100\n' > data.se
	run --separate-stderr finsam import data.se
	assert_status 1
	assert_contains "data.se: okänt filformat" "$stderr"
	[ ! -e finsam.db ]
}

@test "a store that is not finsam's is refused" {
	sqlite3 other.db "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
	run --separate-stderr finsam -d other.db balance
	assert_status 1
	assert_contains "ingen finsam-databas" "$stderr"
}
