# Shared setup for the end-to-end tests (bats). Every test runs the real
# binary ($FINSAM, set by tests/run) in a fresh temporary directory, with the
# clock frozen so output that contains dates is reproducible.

bats_require_minimum_version 1.5.0

setup() {
	: "${FINSAM:=$BATS_TEST_DIRNAME/../../build/finsam}"
	: "${FINSAM_TEST_DATA:=$BATS_TEST_DIRNAME/../data}"
	WORK=$(mktemp -d)
	cd "$WORK" || return 1
	export FINSAM_TODAY=2026-11-24
	export FINSAM_NOW=2026-11-24T12:00:00Z
	unset FINSAM_DB
}

teardown() {
	cd / && rm -rf "$WORK"
}

# Run finsam with the given arguments; $status, $output and $stderr are set
# (bats 1.8: --separate-stderr).
finsam() {
	"$FINSAM" "$@"
}

# Fail with both outputs shown unless the last `run` exited with $1.
assert_status() {
	if [ "$status" -ne "$1" ]; then
		echo "expected status $1, got $status"
		echo "--- stdout"; echo "$output"
		echo "--- stderr"; echo "${stderr:-}"
		return 1
	fi
}

# Fail unless $output (or the file in $2) contains the fixed string $1.
assert_contains() {
	local hay=${2:-$output}
	if [[ "$hay" != *"$1"* ]]; then
		echo "expected to find: $1"
		echo "--- in:"; echo "$hay"
		return 1
	fi
}

# Fail if $output contains the fixed string $1.
refute_contains() {
	if [[ "$output" == *"$1"* ]]; then
		echo "did not expect: $1"
		echo "--- in:"; echo "$output"
		return 1
	fi
}

# The value of column $3 in the CSV row whose first field is $2, from the
# CSV text in $1 (no quoted commas in the key column).
csv_field() {
	python3 - "$@" <<'PY'
import csv, io, sys
rows = list(csv.DictReader(io.StringIO(sys.argv[1])))
for r in rows:
    if r[rows and list(r.keys())[0]] == sys.argv[2]:
        print(r[sys.argv[3]]); break
PY
}

# A checksum of a file, to prove it did not change.
checksum() {
	sha256sum "$1" | cut -d' ' -f1
}

# The bundled example (books, plan, follow-up) in ./ex, as the store in
# $FINSAM_DB.
use_example() {
	finsam example ex >/dev/null
	export FINSAM_DB="$WORK/ex/finsam.db"
}

# The command after $1 and $2 is refused with status $1 and a message
# containing $2 on standard error, writes nothing on standard out, and
# leaves the store in $FINSAM_DB as it was.
refused_unchanged() {
	local want=$1 message=$2
	shift 2
	local before
	before=$(sqlite3 "$FINSAM_DB" .dump)
	run --separate-stderr finsam "$@"
	assert_status "$want"
	assert_contains "$message" "$stderr"
	[ -z "$output" ]
	[ "$(sqlite3 "$FINSAM_DB" .dump)" = "$before" ]
}
