# Reading the follow-up's pages (Insatser, Mål) the way a person reads
# them, to compare with what the CLI prints for the same store.
#
#   page_rows FILE [ID]   the rows of the tables (inside the element with id
#                         ID, when given), one line each, cells separated by
#                         tabs; text as shown (entities decoded, no-break
#                         spaces as spaces, white space collapsed)
#   page_text FILE [ID]   the text of the page (or of element ID) likewise
#   fu_py ARGS <<'PY'     run Python with the same readers as functions,
#                         rows(path, id=None) and text(path, id=None), and
#                         kr("569978.00") -> "569 978", pct("47.82") -> "48 %"
#                         (the CLI's CSV figures as the pages show them);
#                         an assert that fails prints what was compared

_FU_PY_PRELUDE='
import csv, html.parser, json, re, sys
from decimal import Decimal, ROUND_HALF_UP

VOID = {"input", "br", "meta", "link", "img", "hr", "col", "source"}

def clean(s):
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("\u202f", " ")).strip()

class _Page(html.parser.HTMLParser):
    def __init__(self, want):
        super().__init__(convert_charrefs=True)
        self.want = want
        self.depth = 0 if want is None else None
        self.rows, self.row, self.cell, self.texts = [], None, None, []
    def handle_starttag(self, tag, attrs):
        if self.depth is None:
            if dict(attrs).get("id") == self.want:
                self.depth = 0
            return
        if tag not in VOID:
            self.depth += 1
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
    def handle_endtag(self, tag):
        if self.depth is None:
            return
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(clean("".join(self.cell)))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
        if self.want is not None:
            self.depth -= 1
            if self.depth < 0:
                self.depth = None
    def handle_data(self, data):
        if self.depth is None:
            return
        if self.cell is not None:
            self.cell.append(data)
        self.texts.append(data)

def _parse(path, want):
    p = _Page(want)
    p.feed(open(path, encoding="utf-8").read())
    return p

def rows(path, want=None):
    return _parse(path, want).rows

def text(path, want=None):
    return clean(" ".join(_parse(path, want).texts))

def _round(x):
    return int(Decimal(x).quantize(Decimal(1), rounding=ROUND_HALF_UP))

def kr(x):
    return "" if x == "" else f"{_round(x):,}".replace(",", " ").replace("-", "\u2212")

def pct(x):
    return "" if x == "" else f"{_round(x)} %"

def same(got, want, what=""):
    assert got == want, f"{what}\n got: {got!r}\nwant: {want!r}"
'

fu_py() {
	python3 -c "$_FU_PY_PRELUDE
$(cat)" "$@"
}

page_rows() {
	fu_py "$@" <<'PY'
for r in rows(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None):
    print("\t".join(r))
PY
}

page_text() {
	fu_py "$@" <<'PY'
print(text(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None))
PY
}

# The fields a browser would send with the form whose action is ACTION
# (text inputs, hidden fields but the CSRF token, textareas with CRLF line
# ends, ticked boxes, the chosen option), with NAME=VALUE overrides; NUL
# separated, for: mapfile -d '' args < <(form_args FILE ACTION k=v ...)
form_args() {
	fu_py "$@" <<'PY'
path, action, overrides = sys.argv[1], sys.argv[2], sys.argv[3:]

class Form(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.fields, self.area, self.select = False, [], None, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action", "").endswith(action)
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("name") != "csrf":
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields.append([a["name"], a.get("value", "")])
        elif tag == "textarea":
            self.area = [a["name"], ""]
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and "selected" in a:
            self.fields.append([self.select, a.get("value", "")])
    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.area:
            value = self.area[1]
            if value.startswith("\n"):  # the parser drops the newline after the tag
                value = value[1:]
            self.fields.append([self.area[0], value.replace("\n", "\r\n")])
            self.area = None
    def handle_data(self, data):
        if self.area is not None:
            self.area[1] += data

f = Form()
f.feed(open(path, encoding="utf-8").read())
assert f.fields, "no form with action " + action
fields = dict((k, v) for k, v in f.fields)
for o in overrides:
    k, v = o.split("=", 1)
    fields[k] = v
sys.stdout.write("".join(f"{k}={v}\0" for k, v in fields.items()))
PY
}
