# Shared setup for the web tests: the real `finsam serve` on a free
# loopback port over the bundled example, with one user per role, and
# curl as the browser (one cookie jar per user).
#
#   web_start [serve options]    example store, users, server; sets $URL
#   web_serve [serve options]    the server alone, on the store in this directory
#   web_login USER               log in; remembers the user's CSRF token
#   web_get USER PATH            GET; sets $code, $body (file), $headers (file)
#   web_post USER PATH k=v ...   POST urlencoded with the user's CSRF token
#   web_post_raw USER PATH k=v   the same without adding the token
#   web_upload USER PATH FIELD=@FILE [k=v ...]   multipart POST with the token
#   web_stop                     SIGTERM, and wait for the server to end
#
# USER "-" is nobody (a jar without a session). Passwords are $PW.

PW="hemligt-losen-1"

web_start() {
	finsam example ex >/dev/null 2>&1 || return 1
	cd ex || return 1
	local u
	for u in anna:admin erik:ekonom lars:läsare; do
		echo "$PW" | finsam user add "${u%%:*}" --role "${u#*:}" >/dev/null || return 1
	done
	echo "$PW" | finsam user add ida --role insatsägare --intervention CTL --name "Ida <i>Insats</i>" \
		>/dev/null || return 1
	web_serve "$@"
}

# Start the server on the store in this directory (after web_stop, again).
web_serve() {
	rm -f serve.out serve.log
	"$FINSAM" serve --listen 127.0.0.1:0 "$@" >serve.out 2>serve.log &
	SERVER_PID=$!
	local i
	for i in $(seq 1 200); do
		grep -q "lyssnar på" serve.out 2>/dev/null && break
		sleep 0.05
	done
	URL=$(sed -n 's/.*lyssnar på \(http:[^ ]*\)\/ .*/\1/p' serve.out)
	[ -n "$URL" ] || { cat serve.out serve.log; return 1; }
}

web_stop() {
	[ -n "${SERVER_PID:-}" ] || return 0
	kill -TERM "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID"
	local rc=$?
	SERVER_PID=
	return $rc
}

_jar() { echo "$WORK/jar-$1"; }

# curl with the user's jar; the rest of the arguments go to curl.
_curl() {
	local user=$1
	shift
	body=$WORK/body headers=$WORK/headers
	code=$(curl -s -o "$body" -D "$headers" -w '%{http_code}' -b "$(_jar "$user")" \
		-c "$(_jar "$user")" "$@")
}

web_get() {
	_curl "$1" "$URL$2"
}

# One login attempt with jar JAR as NAME with PASSWORD, the way a browser
# does it: fetch the form (its token), post it. Sets $code.
web_try_login() {
	local jar=$1 name=$2 password=$3 token
	_curl "$jar" "$URL/logga-in"
	token=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$body" | head -1)
	_curl "$jar" --data-urlencode "csrf=$token" --data-urlencode "namn=$name" \
		--data-urlencode "losenord=$password" "$URL/logga-in"
}

web_login() {
	web_try_login "$1" "$1" "$PW"
	[ "$code" = 303 ] || { echo "login of $1: $code"; cat "$body"; return 1; }
	web_csrf "$1"
}

# Read the user's CSRF token from a page (every logged-in page has one).
web_csrf() {
	_curl "$1" "$URL/andringar"
	[ "$code" = 200 ] || _curl "$1" "$URL/insatser"
	local t
	t=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$body" | head -1)
	eval "CSRF_$1=\$t"
}

# POST as USER to PATH with the user's CSRF token; FLAG is curl's option
# for each field (--data-urlencode or -F).
_post_as() {
	local user=$1 path=$2 flag=$3 token kv
	shift 3
	eval "token=\${CSRF_$user:-}"
	local args=()
	for kv in "$@"; do args+=("$flag" "$kv"); done
	_curl "$user" "$flag" "csrf=$token" "${args[@]}" "$URL$path"
}

web_post() {
	_post_as "$1" "$2" --data-urlencode "${@:3}"
}

web_post_raw() {
	local user=$1 path=$2
	shift 2
	local args=(-X POST)
	local kv
	for kv in "$@"; do args+=(--data-urlencode "$kv"); done
	_curl "$user" "${args[@]}" "$URL$path"
}

web_upload() {
	_post_as "$1" "$2" -F "${@:3}"
}

# Fail unless the last request answered $1.
assert_code() {
	if [ "$code" != "$1" ]; then
		echo "expected HTTP $1, got $code"
		head -c 3000 "$body"
		return 1
	fi
}

# Fail unless the last response body contains the fixed string $1.
assert_body() {
	if ! grep -qF -- "$1" "$body"; then
		echo "expected in body: $1"
		head -c 3000 "$body"
		return 1
	fi
}

refute_body() {
	if grep -qF -- "$1" "$body"; then
		echo "did not expect in body: $1"
		grep -F -- "$1" "$body" | head -5
		return 1
	fi
}

# A fingerprint of everything the store holds but the sessions and login
# attempts (which a refused request may touch): equal before and after
# means the request changed nothing.
store_fingerprint() {
	sqlite3 finsam.db .dump | grep -v -E '^INSERT INTO (web_session|login_attempt)' | sha256sum
}

# A plain amount in whole kronor, rounded half away from zero, the way the
# report quotes it: "2093247.30" gives "2093247", "-0.50" gives "-1".
kr() {
	python3 -c 'import sys; from decimal import Decimal, ROUND_HALF_UP; print(Decimal(sys.argv[1]).quantize(Decimal(1), rounding=ROUND_HALF_UP))' "$1"
}

# A plain amount ("-1234.5", "6134556.50") the way pages print it: Swedish
# groups with no-break spaces, a real minus, and with $2 = kr whole kronor
# (rounded half away from zero), otherwise two decimals.
sv_amount() {
	python3 - "$1" "${2:-}" <<'PY'
import sys
from decimal import Decimal, ROUND_HALF_UP
v = Decimal(sys.argv[1])
whole = sys.argv[2] == "kr"
q = v.quantize(Decimal("1") if whole else Decimal("0.01"), rounding=ROUND_HALF_UP)
neg = q < 0
s = f"{abs(q):,.0f}" if whole else f"{abs(q):,.2f}"
s = s.replace(",", "\u00a0").replace(".", ",")
print(("\u2212" if neg else "") + s)
PY
}

# The text of the first table row in the last response whose text contains
# $1, with the page's number typography undone: groups of digits joined
# (no-break and narrow no-break spaces removed), "−" as "-", spaces
# collapsed. "Periodens resultat −266 690 kr" gives "Periodens resultat -266690 kr".
row_text() {
	python3 - "$1" "$body" <<'PY'
import re, sys
from html.parser import HTMLParser
label, path = sys.argv[1], sys.argv[2]
class Rows(HTMLParser):
    def __init__(self):
        super().__init__(); self.rows = []; self.cur = None
    def handle_starttag(self, tag, attrs):
        if tag == "tr": self.cur = []
    def handle_endtag(self, tag):
        if tag == "tr" and self.cur is not None:
            self.rows.append(" ".join(self.cur)); self.cur = None
    def handle_data(self, data):
        if self.cur is not None and data.strip(): self.cur.append(data.strip())
p = Rows(); p.feed(open(path, encoding="utf-8").read())
for r in p.rows:
    if label in r:
        r = re.sub(r"(?<=\d)[\u00a0\u202f](?=\d)", "", r).replace("\u2212", "-")
        print(re.sub(r"\s+", " ", r)); break
PY
}

# The change log as "what|old|new" lines.
changes() {
	sqlite3 finsam.db "SELECT what || '|' || coalesce(old_value, 'NULL') || '|' || \
		coalesce(new_value, 'NULL') FROM change_log ORDER BY id"
}
