#!/usr/bin/env bats
# The manual and the command table cannot drift apart: every command that
# `finsam --help` lists, and every option its `--help` shows, is in
# docs/finsam.1, and the page is valid mdoc.

load helpers

MAN="$BATS_TEST_DIRNAME/../../docs/finsam.1"

commands() {
	"$FINSAM" --help | sed -n '/^Kommandon:/,/^$/p' | awk 'NF && !/Kommandon/ {print $1}'
}

@test "the man page is valid mdoc" {
	run mandoc -T lint -W warning "$MAN"
	assert_status 0
	[ -z "$output" ]
}

@test "the man page describes every command" {
	n=0
	for c in $(commands); do
		grep -q "^\.It Cm $c\b" "$MAN" || { echo "no .It Cm $c in the man page"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -ge 13 ]
}

@test "the man page names every option of every command" {
	for c in $(commands); do
		for opt in $("$FINSAM" "$c" --help | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+'); do
			grep -qE "(Fl -${opt#--}\b|Fl $opt\b)" "$MAN" || grep -q "Fl -${opt#--}" "$MAN" ||
				{ echo "$c: option $opt is not in the man page"; return 1; }
		done
	done
}

@test "make install puts the binaries and the man page under PREFIX, and report finds finsam-full" {
	prefix="$WORK/prefix"
	make -s -C "$BATS_TEST_DIRNAME/../.." install PREFIX="$prefix" >/dev/null
	[ -x "$prefix/bin/finsam" ]
	[ -x "$prefix/libexec/finsam/finsam-full" ]
	[ -f "$prefix/share/man/man1/finsam.1" ]
	run "$prefix/bin/finsam" --version
	assert_status 0
	# report runs in finsam-full, found from the installed finsam.
	run "$prefix/bin/finsam" report placeholders
	assert_status 0
	assert_contains "{{ resultaträkning }}"
	run mandoc -T utf8 "$prefix/share/man/man1/finsam.1"
	assert_status 0
	assert_contains "saldobalansen"
}
