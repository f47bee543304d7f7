/*
 * followup/yaml — the follow-up's text file (docs/followup.md) read into
 * and written from a struct followup_doc with libyaml; see yaml.h.
 *
 * Reading has two steps. libyaml's events become a small tree of nodes
 * that keep their line and column; aliases, anchors, tags, duplicate keys,
 * a second document and deep nesting are refused on the way. Then each
 * mapping of the tree is read into its struct, after its keys have been
 * checked against the ones the format knows.
 *
 * Writing emits events in the documented order and leaves the quoting to
 * libyaml's emitter, so that any text reads back as it was. Multi-line
 * text is asked for as a literal block (|); the emitter makes it a quoted
 * string with escapes when a block cannot hold it (trailing spaces, tabs,
 * control characters). A text that other YAML tools would take for a
 * number, a date, a boolean or null is quoted.
 */
#include "followup/yaml.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/strmap.h"
#include "util/xalloc.h"

/* The format nests five levels deep; a file nested much deeper is not a
 * follow-up. A real file has a few thousand values, and FU_YAML_MAX bytes
 * of ordinary records some two million; the cap keeps a file of nothing
 * but tiny values (some 50 bytes of memory each) within reason. */
#define DEPTH_MAX 16
#define NODES_MAX 3000000

#define PERSONAL_MSG                                                                         \
	"värdet ser ut som ett person- eller samordningsnummer; deltagarstatistiken tar bara " \
	"antal, aldrig uppgifter om en person"
#define COUNT_MSG "antal måste vara ett heltal 0–10 000 000"

/* The first line of a written file. */
#define HEADER "# finsam uppföljning — docs/followup.md\n"

/* ---- the tree ------------------------------------------------------------------------ */

enum nkind { N_SCALAR, N_MAP, N_SEQ };

/* Small, as a file may have millions: the texts and the children of a
 * closed collection live in the builder's arena. */
struct node {
	char *text;         /* a scalar's value */
	struct node *kids;  /* a sequence's items; a mapping's keys and values in turn */
	uint32_t n, cap;
	uint32_t line, col; /* where it starts, 1-based */
	unsigned char kind; /* enum nkind */
	bool null;          /* a plain scalar that is empty, "~" or "null" */
};

static const char *kind_name(enum nkind k)
{
	return k == N_SCALAR ? "ett enkelt värde" : k == N_MAP ? "nycklar med värden" : "en lista";
}

/* The reader: the file's name and text, and where the first error goes. */
struct rd {
	const char *name;
	const char *text;
	size_t len;
	struct error *err;
};

static bool vfail(const struct rd *r, long line, long col, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static bool vfail(const struct rd *r, long line, long col, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT(0);
	buf_vprintf(&b, fmt, ap);
	error_set_at_col(r->err, ERR_INPUT, r->name, line, col, "%s", buf_cstr(&b));
	buf_free(&b);
	return false;
}

/* Record an error at node n; returns false. */
static bool fail(const struct rd *r, const struct node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool fail(const struct rd *r, const struct node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(r, n->line, n->col, fmt, ap);
	va_end(ap);
	return false;
}

/* Record an error at a libyaml mark (0-based); returns false. */
static bool fail_mark(const struct rd *r, yaml_mark_t m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool fail_mark(const struct rd *r, yaml_mark_t m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(r, (long)m.line + 1, (long)m.column + 1, fmt, ap);
	va_end(ap);
	return false;
}

/* A user's text as a message shows it: never one that looks like a
 * personnummer. */
static const char *shown(const char *s)
{
	return fu_text_personal(s) ? "(värdet)" : s;
}

/* ---- building the tree from libyaml's events ----------------------------------------- */

struct builder {
	const struct rd *r;
	struct arena arena;               /* texts, and the children of closed collections */
	struct node top;                  /* holds the document's root as its one item */
	struct node *open[DEPTH_MAX + 1]; /* open[0] is &top, open[depth] gets the next node */
	int depth;
	size_t nodes;
	int documents;
};

static void builder_init(struct builder *b, const struct rd *r)
{
	memset(b, 0, sizeof *b);
	b->r = r;
	arena_init(&b->arena);
	b->top.kind = N_SEQ;
	b->open[0] = &b->top;
}

/* Free the tree: the growing arrays of the collections still open (after
 * an error; innermost first, as each lives in its parent's), then the
 * arena. */
static void builder_free(struct builder *b)
{
	for (int i = b->depth; i >= 0; i--)
		free(b->open[i]->kids);
	arena_free(&b->arena);
}

/* A new node at the end of the innermost open collection, or NULL. */
static struct node *add(struct builder *b, enum nkind kind, yaml_mark_t mark)
{
	if (++b->nodes > NODES_MAX) {
		fail_mark(b->r, mark, "filen har fler än %d värden", NODES_MAX);
		return NULL;
	}
	struct node *parent = b->open[b->depth];
	size_t cap = parent->cap;
	parent->kids = xgrow(parent->kids, &cap, (size_t)parent->n + 1, sizeof *parent->kids);
	parent->cap = (uint32_t)cap;
	struct node *n = &parent->kids[parent->n++];
	*n = (struct node){ .line = (uint32_t)mark.line + 1,
			    .col = (uint32_t)mark.column + 1,
			    .kind = (unsigned char)kind };
	return n;
}

/* Anchors, aliases and tags are refused: the format needs none, and an
 * alias is how a small file becomes a huge one. */
static bool no_props(const struct builder *b, yaml_mark_t mark, const yaml_char_t *anchor,
		     const yaml_char_t *tag)
{
	if (anchor)
		return fail_mark(b->r, mark,
				 "ankare (&%s) används inte i uppföljningsfilen; skriv ut värdet där "
				 "det behövs",
				 (const char *)anchor);
	if (tag)
		return fail_mark(b->r, mark, "taggar (%s) används inte i uppföljningsfilen",
				 (const char *)tag);
	return true;
}

static bool null_word(const char *s)
{
	return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
	       strcmp(s, "NULL") == 0;
}

static bool on_scalar(struct builder *b, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	if (!no_props(b, ev->start_mark, ev->data.scalar.anchor, ev->data.scalar.tag))
		return false;
	if (len > FU_TEXT_MAX)
		return fail_mark(b->r, ev->start_mark, "texten är längre än %d byte", FU_TEXT_MAX);
	if (memchr(v, '\0', len))
		return fail_mark(b->r, ev->start_mark, "texten innehåller ett NUL-tecken");
	struct node *n = add(b, N_SCALAR, ev->start_mark);
	if (!n)
		return false;
	n->text = arena_alloc(&b->arena, len + 1);
	memcpy(n->text, v, len);
	n->text[len] = '\0';
	n->null = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && null_word(n->text);
	return true;
}

static bool on_open(struct builder *b, const yaml_event_t *ev, enum nkind kind,
		    const yaml_char_t *anchor, const yaml_char_t *tag)
{
	if (!no_props(b, ev->start_mark, anchor, tag))
		return false;
	if (b->depth == DEPTH_MAX)
		return fail_mark(b->r, ev->start_mark, "för djupt nästlat (mer än %d nivåer)",
				 DEPTH_MAX);
	struct node *n = add(b, kind, ev->start_mark);
	if (!n)
		return false;
	b->open[++b->depth] = n;
	return true;
}

/* A mapping's keys are simple values, each once. */
static bool check_keys(const struct rd *r, const struct node *m)
{
	struct strmap seen;
	strmap_init(&seen);
	bool ok = true;
	for (size_t i = 0; ok && i < m->n; i += 2) {
		const struct node *k = &m->kids[i];
		if (k->kind != N_SCALAR) {
			ok = fail(r, k, "en nyckel ska vara ett enkelt värde, inte %s",
				  kind_name(k->kind));
			break;
		}
		bool added = false;
		int64_t *first = strmap_slot(&seen, k->text, strlen(k->text), (int64_t)i, &added);
		if (!added)
			ok = fail(r, k, "nyckeln '%s' står två gånger (första gången på rad %ld)",
				  shown(k->text), (long)m->kids[*first].line);
	}
	strmap_free(&seen);
	return ok;
}

/* A closed collection's children move to the arena, in an array of the
 * right size. */
static bool on_close(struct builder *b)
{
	struct node *n = b->open[b->depth--];
	struct node *kids = arena_memdup(&b->arena, n->kids, n->n * sizeof *n->kids);
	free(n->kids);
	n->kids = kids;
	n->cap = n->n;
	return n->kind != N_MAP || check_keys(b->r, n);
}

static bool on_event(struct builder *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1)
			return fail_mark(b->r, ev->start_mark,
					 "filen får bara innehålla ett YAML-dokument");
		return true;
	case YAML_ALIAS_EVENT:
		return fail_mark(b->r, ev->start_mark,
				 "alias (*%s) används inte i uppföljningsfilen; skriv ut värdet",
				 (const char *)ev->data.alias.anchor);
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_open(b, ev, N_SEQ, ev->data.sequence_start.anchor,
			       ev->data.sequence_start.tag);
	case YAML_MAPPING_START_EVENT:
		return on_open(b, ev, N_MAP, ev->data.mapping_start.anchor,
			       ev->data.mapping_start.tag);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_close(b);
	default:
		return true;
	}
}

/* libyaml's problems in Swedish; others are shown as libyaml words them. */
static const struct {
	const char *en, *sv;
} problems[] = {
	{ "mapping values are not allowed in this context",
	  "kolon på fel ställe (en text med ': ' i behöver citattecken) eller fel indrag" },
	{ "could not find expected ':'", "kolon (:) saknas efter nyckeln" },
	{ "found character that cannot start any token",
	  "ett tecken som inget värde kan börja med (en tabb i indraget?)" },
	{ "block sequence entries are not allowed in this context",
	  "listrad (-) på fel ställe (fel indrag?)" },
	{ "did not find expected key", "en nyckel väntades här (fel indrag?)" },
	{ "did not find expected '-' indicator", "en listrad (-) väntades här (fel indrag?)" },
	{ "did not find expected node content", "ett värde saknas här" },
	{ "did not find expected ',' or ']'", "',' eller ']' väntades" },
	{ "did not find expected ',' or '}'", "',' eller '}' väntades" },
	{ "did not find expected comment or line break", "oväntad text efter värdet" },
	{ "did not find expected <document start>", "oväntad text efter dokumentet" },
	{ "found unexpected end of stream",
	  "filen tar slut mitt i ett värde (saknas ett avslutande citattecken?)" },
	{ "found unexpected document indicator", "--- eller ... mitt i en citerad text" },
	{ "found unknown escape character", "okänd \\-sekvens inom dubbla citattecken" },
	{ "found a tab character that violates indentation", "tabb i indraget; använd mellanslag" },
	{ "found a tab character where an indentation space is expected",
	  "tabb i indraget; använd mellanslag" },
	{ "control characters are not allowed", "filen innehåller otillåtna kontrolltecken" },
	{ "invalid leading UTF-8 octet", "filen är inte giltig UTF-8" },
	{ "invalid trailing UTF-8 octet", "filen är inte giltig UTF-8" },
	{ "incomplete UTF-8 octet sequence", "filen är inte giltig UTF-8" },
	{ "invalid length of a UTF-8 sequence", "filen är inte giltig UTF-8" },
	{ "invalid Unicode character", "filen är inte giltig UTF-8" },
};

static const char *problem_sv(const char *en)
{
	if (!en)
		return "okänt fel";
	for (size_t i = 0; i < sizeof problems / sizeof problems[0]; i++)
		if (strcmp(en, problems[i].en) == 0)
			return problems[i].sv;
	return en;
}

/* A reader error has a byte offset instead of a mark. */
static yaml_mark_t offset_mark(const struct rd *r, size_t off)
{
	yaml_mark_t m = { 0, 0, 0 };
	for (size_t i = 0; i < off && i < r->len; i++) {
		if (r->text[i] == '\n') {
			m.line++;
			m.column = 0;
		} else if (((unsigned char)r->text[i] & 0xC0) != 0x80) {
			m.column++;
		}
	}
	return m;
}

static bool syntax_error(const struct rd *r, const yaml_parser_t *p)
{
	if (p->error == YAML_MEMORY_ERROR) {
		error_set(r->err, ERR_INTERNAL, "minnet räcker inte för att läsa %s", r->name);
		return false;
	}
	yaml_mark_t m = p->error == YAML_READER_ERROR ? offset_mark(r, p->problem_offset)
						       : p->problem_mark;
	return fail_mark(r, m, "YAML-fel: %s", problem_sv(p->problem));
}

/* Parse the text into b->top. */
static bool build(struct builder *b, const char *text, size_t len)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		error_set(b->r->err, ERR_INTERNAL, "kan inte starta YAML-läsaren");
		return false;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	bool ok = true, done = false;
	while (ok && !done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			ok = syntax_error(b->r, &p);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		ok = on_event(b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return ok;
}

/* ---- keys ---------------------------------------------------------------------------- */

struct key {
	const char *name;
	bool required;
};

/* The value of key in mapping m, or NULL when the key is absent. */
static const struct node *lookup(const struct node *m, const char *key)
{
	for (size_t i = 0; i < m->n; i += 2)
		if (strcmp(m->kids[i].text, key) == 0)
			return &m->kids[i + 1];
	return NULL;
}

/* The value of key, NULL also when it is null. */
static const struct node *get(const struct node *m, const char *key)
{
	const struct node *v = lookup(m, key);
	return v && !v->null ? v : NULL;
}

#define SUGGEST_MAX 40 /* characters compared for a suggestion */

/* The characters (code points) of s; SUGGEST_MAX + 1 when more. */
static size_t code_points(const char *s, uint32_t *out)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) == 0x80) {
			if (n)
				out[n - 1] = out[n - 1] << 6 | (*p & 0x3F);
			continue;
		}
		if (n == SUGGEST_MAX)
			return n + 1;
		out[n++] = *p;
	}
	return n;
}

/* Levenshtein distance in characters; SIZE_MAX for long words. */
static size_t distance(const char *a, const char *b)
{
	uint32_t x[SUGGEST_MAX], y[SUGGEST_MAX];
	size_t n = code_points(a, x), m = code_points(b, y);
	if (n > SUGGEST_MAX || m > SUGGEST_MAX)
		return SIZE_MAX;
	size_t row[SUGGEST_MAX + 1];
	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t up = row[j], best = diag + (x[i - 1] != y[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[m];
}

/* The known key closest to a misspelt one, or NULL when none is close. */
static const char *suggest(const struct key *keys, const char *word)
{
	const char *best = NULL;
	size_t best_d = 3;
	for (const struct key *k = keys; k->name; k++) {
		uint32_t cp[SUGGEST_MAX];
		size_t d = distance(word, k->name), len = code_points(k->name, cp);
		if (d < best_d && 2 * d < len) {
			best = k->name;
			best_d = d;
		}
	}
	return best;
}

static bool unknown_key(const struct rd *r, const struct node *k, const struct key *keys,
			const char *where)
{
	const char *near = suggest(keys, k->text);
	if (near)
		return fail(r, k, "okänd nyckel '%s' %s (menade du '%s'?)", shown(k->text), where,
			    near);
	struct buf names = BUF_INIT(0);
	for (const struct key *p = keys; p->name; p++)
		buf_printf(&names, "%s%s", p == keys ? "" : ", ", p->name);
	fail(r, k, "okänd nyckel '%s' %s; de kända är %s", shown(k->text), where, buf_cstr(&names));
	buf_free(&names);
	return false;
}

static bool known(const struct key *keys, const char *name)
{
	for (const struct key *k = keys; k->name; k++)
		if (strcmp(k->name, name) == 0)
			return true;
	return false;
}

static bool required_there(const struct rd *r, const struct node *m, const char *key,
			   const char *where)
{
	const struct node *v = lookup(m, key);
	if (!v)
		return fail(r, m, "nyckeln '%s' saknas %s", key, where);
	if (v->null || (v->kind == N_SCALAR && !*v->text))
		return fail(r, v, "%s: värdet saknas", key);
	return true;
}

/* Whether m is a mapping of the known keys with the required ones there;
 * list names the list m is an item of (NULL: the file's top). */
static bool map_of(const struct rd *r, const struct node *m, const struct key *keys,
		   const char *list)
{
	char where[64];
	if (list)
		snprintf(where, sizeof where, "i %s", list);
	else
		snprintf(where, sizeof where, "överst i filen");
	if (m->kind != N_MAP) {
		if (list)
			return fail(r, m, "varje rad i %s ska vara nycklar med värden, inte %s", list,
				    kind_name(m->kind));
		return fail(r, m, "filen ska vara nycklar med värden, inte %s", kind_name(m->kind));
	}
	for (size_t i = 0; i < m->n; i += 2)
		if (!known(keys, m->kids[i].text))
			return unknown_key(r, &m->kids[i], keys, where);
	for (const struct key *k = keys; k->name; k++)
		if (k->required && !required_there(r, m, k->name, where))
			return false;
	return true;
}

/* Whether v is of kind `kind`; an error naming key otherwise. */
static bool want(const struct rd *r, const struct node *v, enum nkind kind, const char *key)
{
	if (v->kind == kind)
		return true;
	return fail(r, v, "%s ska vara %s, inte %s", key, kind_name(kind), kind_name(v->kind));
}

/* The scalar under key into *out, NULL when absent or null; false when
 * the value is a list or a mapping. */
static bool scalar(const struct rd *r, const struct node *m, const char *key,
		   const struct node **out)
{
	const struct node *v = get(m, key);
	*out = NULL;
	if (v && !want(r, v, N_SCALAR, key))
		return false;
	*out = v;
	return true;
}

/* ---- numbers ------------------------------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits only, at most max. */
static bool parse_whole(const char *s, int64_t max, int64_t *out)
{
	int64_t v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (!is_digit(*s))
			return false;
		v = v * 10 + (*s - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

/* An optional '-' and digits (up to 15). */
static bool parse_integer(const char *s, int64_t *out)
{
	bool minus = *s == '-';
	if (!parse_whole(s + minus, 999999999999999, out))
		return false;
	if (minus)
		*out = -*out;
	return true;
}

/* n bytes "12", "12,5", "12.25": at most two decimals, as hundredths. */
static bool parse_hundredths(const char *s, size_t n, int64_t *out)
{
	size_t i = 0;
	int64_t v = 0, frac = 0;
	for (; i < n && is_digit(s[i]); i++) {
		if (i == 12)
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (i == 0)
		return false;
	size_t decimals = 0;
	if (i < n && (s[i] == ',' || s[i] == '.')) {
		for (i++; i < n && is_digit(s[i]); i++, decimals++) {
			if (decimals == 2)
				return false;
			frac = frac * 10 + (s[i] - '0');
		}
		if (decimals == 0)
			return false;
	}
	if (i != n)
		return false;
	*out = v * 100 + (decimals == 1 ? frac * 10 : frac);
	return true;
}

/* A percentage, optionally followed by "%" or " %" (a space or a no-break
 * space), as basis points. */
static bool parse_percent(const char *s, int64_t *out)
{
	size_t n = strlen(s);
	if (n && s[n - 1] == '%') {
		n--;
		if (n && s[n - 1] == ' ')
			n--;
		else if (n >= 2 && memcmp(s + n - 2, "\xc2\xa0", 2) == 0)
			n -= 2;
	}
	return parse_hundredths(s, n, out);
}

static bool count_value(const struct rd *r, const struct node *v, const char *key, int64_t *out)
{
	if (!parse_whole(v->text, FU_COUNT_MAX, out))
		return fail(r, v, "%s: " COUNT_MSG, key);
	return true;
}

static bool percent_value(const struct rd *r, const struct node *v, const char *key,
			  int64_t *out)
{
	if (!parse_percent(v->text, out))
		return fail(r, v,
			    "%s: procent skrivs som 20, 12,5 eller 12.5 (högst två decimaler, "
			    "ev. följt av %%)",
			    key);
	return true;
}

static bool mean_value(const struct rd *r, const struct node *v, const char *key, int64_t *out)
{
	if (!parse_hundredths(v->text, strlen(v->text), out))
		return fail(r, v, "%s: ett medelvärde skrivs som 3,8 eller 3.8 (högst två decimaler)",
			    key);
	return true;
}

static bool measured_value(const struct rd *r, const struct node *v, const char *key,
			   enum fu_measure m, int64_t *out)
{
	switch (m) {
	case FU_PERCENT:
		return percent_value(r, v, key, out);
	case FU_MEAN:
		return mean_value(r, v, key, out);
	case FU_COUNT:
	default:
		return count_value(r, v, key, out);
	}
}

/* ---- values by key ------------------------------------------------------------------- */

/* Text under key ("" when absent); personal: refused when it looks like a
 * personnummer. */
static bool rd_text(const struct rd *r, const struct node *m, const char *key, bool personal,
		    char **out)
{
	const struct node *v;
	if (!scalar(r, m, key, &v))
		return false;
	if (v && personal && fu_text_personal(v->text))
		return fail(r, v, "%s: " PERSONAL_MSG, key);
	*out = xstrdup(v ? v->text : "");
	return true;
}

static bool rd_count(const struct rd *r, const struct node *m, const char *key, int64_t *out)
{
	const struct node *v;
	return scalar(r, m, key, &v) && (!v || count_value(r, v, key, out));
}

static bool rd_percent(const struct rd *r, const struct node *m, const char *key, int64_t *out)
{
	const struct node *v;
	return scalar(r, m, key, &v) && (!v || percent_value(r, v, key, out));
}

static bool rd_mean(const struct rd *r, const struct node *m, const char *key, int64_t *out)
{
	const struct node *v;
	return scalar(r, m, key, &v) && (!v || mean_value(r, v, key, out));
}

/* A number in the unit of measure `unit`; *has tells whether it is there. */
static bool rd_measured(const struct rd *r, const struct node *m, const char *key,
			enum fu_measure unit, bool *has, int64_t *out)
{
	const struct node *v;
	if (!scalar(r, m, key, &v))
		return false;
	*has = v != NULL;
	return !v || measured_value(r, v, key, unit, out);
}

/* A whole number, maybe negative; *has tells whether it is there. */
static bool rd_integer(const struct rd *r, const struct node *m, const char *key, bool *has,
		       int64_t *out)
{
	const struct node *v;
	if (!scalar(r, m, key, &v))
		return false;
	*has = v != NULL;
	if (v && !parse_integer(v->text, out))
		return fail(r, v, "%s: skriv ett heltal", key);
	return true;
}

static bool rd_flag(const struct rd *r, const struct node *m, const char *key, bool *out)
{
	const struct node *v;
	if (!scalar(r, m, key, &v))
		return false;
	if (!v)
		return true;
	if (strcmp(v->text, "ja") == 0 || strcmp(v->text, "true") == 0)
		*out = true;
	else if (strcmp(v->text, "nej") == 0 || strcmp(v->text, "false") == 0)
		*out = false;
	else
		return fail(r, v, "%s: skriv ja eller nej", key);
	return true;
}

static bool rd_date(const struct rd *r, const struct node *m, const char *key, date_t *out)
{
	const struct node *v;
	if (!scalar(r, m, key, &v))
		return false;
	bool iso = false;
	if (v && !(strlen(v->text) == 10 && date_parse(v->text, 10, out, &iso) && iso))
		return fail(r, v, "%s: ett datum skrivs ÅÅÅÅ-MM-DD, till exempel 2023-06-30", key);
	return true;
}

static bool rd_period(const struct rd *r, const struct node *m, date_t *from, date_t *to)
{
	const struct node *v;
	if (!scalar(r, m, "period", &v))
		return false;
	if (v && !fu_period_parse(v->text, from, to))
		return fail(r, v,
			    "period: skrivs 2023, 2023H1, 2023H2 eller 2023-01-01..2023-03-31 (inte "
			    "'%s')",
			    shown(v->text));
	return true;
}

static bool rd_kind(const struct rd *r, const struct node *m, enum fu_kind *out)
{
	const struct node *v;
	if (!scalar(r, m, "slag", &v))
		return false;
	if (v && !fu_kind_parse(v->text, out))
		return fail(r, v, "slag: okänt slag '%s' (individinriktad eller strukturövergripande)",
			    shown(v->text));
	return true;
}

static bool rd_measure(const struct rd *r, const struct node *v, enum fu_measure *out)
{
	if (!fu_measure_parse(v->text, out))
		return fail(r, v, "mått: okänt mått '%s' (antal, procent eller medel)",
			    shown(v->text));
	return true;
}

static bool rd_source(const struct rd *r, const struct node *m, enum fu_source *out)
{
	const struct node *v;
	if (!scalar(r, m, "källa", &v))
		return false;
	if (v && !fu_source_parse(v->text, out))
		return fail(r, v,
			    "källa: okänd källa '%s' (utfall, deltagare, nya, pågående, avslutade, "
			    "stegförflyttning, enkät eller budget)",
			    shown(v->text));
	return true;
}

static bool rd_status(const struct rd *r, const struct node *m, enum fu_status *out)
{
	const struct node *v;
	if (!scalar(r, m, "status", &v))
		return false;
	if (v && !fu_status_parse(v->text, out))
		return fail(r, v,
			    "status: okänd status '%s' (uppnått, delvis, ej uppnått eller kan ej "
			    "bedömas)",
			    shown(v->text));
	return true;
}

static bool rd_direction(const struct rd *r, const struct node *m, bool *at_most)
{
	const struct node *v;
	if (!scalar(r, m, "riktning", &v))
		return false;
	if (!v)
		return true;
	if (strcmp(v->text, "minst") == 0)
		*at_most = false;
	else if (strcmp(v->text, "högst") == 0)
		*at_most = true;
	else
		return fail(r, v, "riktning: skriv minst eller högst");
	return true;
}

/* ---- lists and labelled counts ------------------------------------------------------- */

typedef bool (*item_fn)(const struct rd *r, const struct node *item, void *dst);

/* The list under key read by fn into a new array of `size`-byte items
 * (zeroed first); *n counts the items begun, so that a failure leaves
 * everything read for the caller to free. */
static bool rd_list(const struct rd *r, const struct node *m, const char *key, size_t size,
		    item_fn fn, void **items, size_t *n)
{
	const struct node *v = get(m, key);
	if (!v)
		return true;
	if (!want(r, v, N_SEQ, key))
		return false;
	if (!v->n)
		return true;
	char *array = xcalloc(v->n, size);
	*items = array;
	for (size_t i = 0; i < v->n; i++) {
		(*n)++;
		if (!fn(r, &v->kids[i], array + i * size))
			return false;
	}
	return true;
}

/* A list of texts (target-group tags). */
static bool rd_texts(const struct rd *r, const struct node *m, const char *key, char ***items,
		     size_t *n)
{
	const struct node *v = get(m, key);
	if (!v)
		return true;
	if (!want(r, v, N_SEQ, key))
		return false;
	*items = xcalloc(v->n, sizeof **items);
	for (size_t i = 0; i < v->n; i++) {
		const struct node *t = &v->kids[i];
		if (!want(r, t, N_SCALAR, key))
			return false;
		(*items)[(*n)++] = xstrdup(t->null ? "" : t->text);
	}
	return true;
}

/* A mapping of labels to counts; labels are refused when personal. */
static bool rd_counts(const struct rd *r, const struct node *m, const char *key,
		      struct fu_count **items, size_t *n)
{
	const struct node *v = get(m, key);
	if (!v)
		return true;
	if (!want(r, v, N_MAP, key))
		return false;
	*items = xcalloc(v->n / 2, sizeof **items);
	for (size_t i = 0; i < v->n; i += 2) {
		const struct node *label = &v->kids[i], *c = &v->kids[i + 1];
		if (label->null)
			return fail(r, label, "%s: en rad saknar namn", key);
		if (fu_text_personal(label->text))
			return fail(r, label, "%s: " PERSONAL_MSG, key);
		if (!want(r, c, N_SCALAR, key))
			return false;
		if (c->null)
			return fail(r, c, "%s: antalet saknas för '%s'", key, label->text);
		struct fu_count *it = &(*items)[(*n)++];
		it->label = xstrdup(label->text);
		if (!count_value(r, c, key, &it->count))
			return false;
	}
	return true;
}

/* ofullständigt: a list of parts. */
static bool rd_parts(const struct rd *r, const struct node *m, unsigned *out)
{
	const struct node *v = get(m, "ofullständigt");
	if (!v)
		return true;
	if (!want(r, v, N_SEQ, "ofullständigt"))
		return false;
	for (size_t i = 0; i < v->n; i++) {
		const struct node *t = &v->kids[i];
		enum fu_part p;
		if (!want(r, t, N_SCALAR, "ofullständigt"))
			return false;
		if (!fu_part_parse(t->text, &p))
			return fail(r, t,
				    "ofullständigt: okänd del '%s' (kön, utfall, ålder, försörjning, "
				    "status eller enkät)",
				    shown(t->text));
		*out |= (unsigned)p;
	}
	return true;
}

/* ---- categories ---------------------------------------------------------------------- */

static const struct key category_keys[] = {
	{ "namn", true },
	{ "stegförflyttning", false },
	{ "i_nämnaren", false },
	{ NULL, false },
};

static bool read_category(const struct rd *r, const struct node *m, void *dst)
{
	struct fu_category *c = dst;
	c->denominator = true;
	return map_of(r, m, category_keys, "utfallskategorier") &&
	       rd_text(r, m, "namn", true, &c->name) &&
	       rd_flag(r, m, "stegförflyttning", &c->step) &&
	       rd_flag(r, m, "i_nämnaren", &c->denominator);
}

/* ---- interventions ------------------------------------------------------------------- */

static const struct key staff_keys[] = {
	{ "roll", true }, { "arbetsgivare", false }, { "procent", false }, { "från", false },
	{ "till", false }, { "not", false },        { NULL, false },
};

static bool read_staff(const struct rd *r, const struct node *m, void *dst)
{
	struct fu_staff *s = dst;
	s->percent_bp = FU_NONE;
	return map_of(r, m, staff_keys, "bemanning") && rd_text(r, m, "roll", false, &s->role) &&
	       rd_text(r, m, "arbetsgivare", false, &s->employer) &&
	       rd_percent(r, m, "procent", &s->percent_bp) && rd_date(r, m, "från", &s->from) &&
	       rd_date(r, m, "till", &s->to) && rd_text(r, m, "not", false, &s->note);
}

static const struct key result_goal_keys[] = {
	{ "text", true },      { "mått", false },      { "källa", false },
	{ "enkät", false },    { "mål", false },       { "riktning", false },
	{ "utfall", false },   { "avvikelse", false }, { "status", false },
	{ NULL, false },
};

/* The measure a source gives; false for a typed actual, which may be any. */
static bool source_measure(enum fu_source s, enum fu_measure *m)
{
	switch (s) {
	case FU_SRC_TYPED:
		return false;
	case FU_SRC_IMPROVED:
	case FU_SRC_BUDGET:
		*m = FU_PERCENT;
		return true;
	case FU_SRC_SURVEY:
		*m = FU_MEAN;
		return true;
	default:
		*m = FU_COUNT;
		return true;
	}
}

/* mått: as given, else what källa gives (antal for a typed actual); one
 * that källa cannot give is refused. */
static bool rd_goal_measure(const struct rd *r, const struct node *m, struct fu_result_goal *g)
{
	enum fu_measure given = FU_COUNT;
	bool fixed = source_measure(g->source, &given);
	g->measure = given;
	const struct node *v;
	if (!scalar(r, m, "mått", &v))
		return false;
	if (!v)
		return true;
	if (!rd_measure(r, v, &g->measure))
		return false;
	if (fixed && g->measure != given)
		return fail(r, v, "mått: källa %s ger %s, inte %s", fu_source_name(g->source),
			    fu_measure_name(given), fu_measure_name(g->measure));
	return true;
}

/* enkät: the survey's name, there exactly when källa is enkät. */
static bool rd_goal_survey(const struct rd *r, const struct node *m, struct fu_result_goal *g)
{
	if (!rd_text(r, m, "enkät", false, &g->survey))
		return false;
	bool survey = g->source == FU_SRC_SURVEY;
	if (survey && !*g->survey)
		return fail(r, m, "källa enkät kräver nyckeln 'enkät' med enkätens namn");
	if (!survey && *g->survey)
		return fail(r, get(m, "enkät"), "enkät: hör bara till källa enkät");
	return true;
}

/* utfall: typed only when källa is utfall; the others are computed. */
static bool rd_goal_actual(const struct rd *r, const struct node *m, struct fu_result_goal *g)
{
	const struct node *v = get(m, "utfall");
	if (v && g->source != FU_SRC_TYPED)
		return fail(r, v, "utfall: skrivs bara med källa utfall; med källa %s räknas det fram",
			    fu_source_name(g->source));
	return rd_measured(r, m, "utfall", g->measure, &g->has_actual, &g->actual);
}

static bool read_result_goal(const struct rd *r, const struct node *m, void *dst)
{
	struct fu_result_goal *g = dst;
	return map_of(r, m, result_goal_keys, "resultatmål") &&
	       rd_text(r, m, "text", false, &g->text) && rd_source(r, m, &g->source) &&
	       rd_goal_measure(r, m, g) && rd_goal_survey(r, m, g) &&
	       rd_measured(r, m, "mål", g->measure, &g->has_target, &g->target) &&
	       rd_direction(r, m, &g->at_most) && rd_goal_actual(r, m, g) &&
	       rd_text(r, m, "avvikelse", false, &g->deviation) && rd_status(r, m, &g->status);
}

static const struct key activity_keys[] = {
	{ "namn", true },
	{ "beskrivning", false },
	{ "deltagare", false },
	{ NULL, false },
};

static bool read_activity(const struct rd *r, const struct node *m, void *dst)
{
	struct fu_activity *a = dst;
	a->attendees = FU_NONE;
	return map_of(r, m, activity_keys, "delaktiviteter") &&
	       rd_text(r, m, "namn", false, &a->name) &&
	       rd_text(r, m, "beskrivning", false, &a->description) &&
	       rd_count(r, m, "deltagare", &a->attendees);
}

static const struct key intervention_keys[] = {
	{ "kod", true },
	{ "namn", true },
	{ "slag", true },
	{ "ägare", false },
	{ "start", false },
	{ "slut", false },
	{ "esf", false },
	{ "budgetgrupp", false },
	{ "typ", false },
	{ "syfte", false },
	{ "målgrupp", false },
	{ "målgruppstaggar", false },
	{ "bemanning", false },
	{ "resultatmål", false },
	{ "delaktiviteter", false },
	{ "genomförda_aktiviteter", false },
	{ "kostnadseffektivitet", false },
	{ "samverkanseffekter", false },
	{ "framåtspaning", false },
	{ "utvärdering", false },
	{ NULL, false },
};

/* From kod to målgruppstaggar. */
static bool rd_iv_head(const struct rd *r, const struct node *m, struct fu_intervention *iv)
{
	return rd_text(r, m, "kod", false, &iv->code) && rd_text(r, m, "namn", false, &iv->name) &&
	       rd_kind(r, m, &iv->kind) && rd_text(r, m, "ägare", false, &iv->owner) &&
	       rd_date(r, m, "start", &iv->start) && rd_date(r, m, "slut", &iv->end) &&
	       rd_flag(r, m, "esf", &iv->esf) &&
	       rd_text(r, m, "budgetgrupp", false, &iv->budget_group) &&
	       rd_text(r, m, "typ", false, &iv->summary) &&
	       rd_text(r, m, "syfte", false, &iv->purpose) &&
	       rd_text(r, m, "målgrupp", false, &iv->target_group) &&
	       rd_texts(r, m, "målgruppstaggar", &iv->tags, &iv->ntags);
}

/* bemanning, resultatmål, delaktiviteter. */
static bool rd_iv_lists(const struct rd *r, const struct node *m, struct fu_intervention *iv)
{
	void *staff = NULL, *goals = NULL, *activities = NULL;
	bool ok = rd_list(r, m, "bemanning", sizeof *iv->staff, read_staff, &staff, &iv->nstaff) &&
		  rd_list(r, m, "resultatmål", sizeof *iv->goals, read_result_goal, &goals,
			  &iv->ngoals) &&
		  rd_list(r, m, "delaktiviteter", sizeof *iv->activities, read_activity,
			  &activities, &iv->nactivities);
	iv->staff = staff;
	iv->goals = goals;
	iv->activities = activities;
	return ok;
}

/* The card's free text. */
static bool rd_iv_card(const struct rd *r, const struct node *m, struct fu_intervention *iv)
{
	return rd_text(r, m, "genomförda_aktiviteter", false, &iv->done) &&
	       rd_text(r, m, "kostnadseffektivitet", false, &iv->cost_effect) &&
	       rd_text(r, m, "samverkanseffekter", false, &iv->cooperation) &&
	       rd_text(r, m, "framåtspaning", false, &iv->outlook) &&
	       rd_text(r, m, "utvärdering", false, &iv->evaluation);
}

static bool read_intervention(const struct rd *r, const struct node *m, void *dst)
{
	struct fu_intervention *iv = dst;
	return map_of(r, m, intervention_keys, "insatser") && rd_iv_head(r, m, iv) &&
	       rd_iv_lists(r, m, iv) && rd_iv_card(r, m, iv);
}

/* ---- statistics ---------------------------------------------------------------------- */

static const struct key survey_keys[] = {
	{ "namn", true },
	{ "medel", false },
	{ "svar", false },
	{ NULL, false },
};

static bool read_survey(const struct rd *r, const struct node *m, void *dst)
{
	struct fu_survey *s = dst;
	s->mean = s->answers = FU_NONE;
	return map_of(r, m, survey_keys, "enkäter") && rd_text(r, m, "namn", true, &s->name) &&
	       rd_mean(r, m, "medel", &s->mean) && rd_count(r, m, "svar", &s->answers);
}

static const struct key stats_keys[] = {
	{ "insats", true },       { "period", true },      { "totalt", false },
	{ "nya", false },         { "pågående", false },   { "avslutade", false },
	{ "planerade", false },   { "på_väg_in", false },  { "kvinnor", false },
	{ "män", false },         { "annat_okänt", false }, { "avslut", false },
	{ "ålder", false },       { "försörjning", false }, { "enkäter", false },
	{ "ofullständigt", false }, { "kommentar", false }, { NULL, false },
};

static bool rd_stats_counts(const struct rd *r, const struct node *m, struct fu_stats *s)
{
	return rd_count(r, m, "totalt", &s->total) && rd_count(r, m, "nya", &s->new_) &&
	       rd_count(r, m, "pågående", &s->ongoing) && rd_count(r, m, "avslutade", &s->ended) &&
	       rd_count(r, m, "planerade", &s->planned) &&
	       rd_count(r, m, "på_väg_in", &s->waiting) && rd_count(r, m, "kvinnor", &s->women) &&
	       rd_count(r, m, "män", &s->men) && rd_count(r, m, "annat_okänt", &s->other);
}

static bool rd_stats_breakdowns(const struct rd *r, const struct node *m, struct fu_stats *s)
{
	void *surveys = NULL;
	bool ok = rd_counts(r, m, "avslut", &s->outcomes, &s->noutcomes) &&
		  rd_counts(r, m, "ålder", &s->ages, &s->nages) &&
		  rd_counts(r, m, "försörjning", &s->incomes, &s->nincomes) &&
		  rd_list(r, m, "enkäter", sizeof *s->surveys, read_survey, &surveys,
			  &s->nsurveys);
	s->surveys = surveys;
	return ok;
}

static bool read_stats(const struct rd *r, const struct node *m, void *dst)
{
	struct fu_stats *s = dst;
	fu_stats_init(s);
	return map_of(r, m, stats_keys, "statistik") &&
	       rd_text(r, m, "insats", true, &s->intervention) &&
	       rd_period(r, m, &s->from, &s->to) && rd_stats_counts(r, m, s) &&
	       rd_stats_breakdowns(r, m, s) && rd_parts(r, m, &s->incomplete) &&
	       rd_text(r, m, "kommentar", true, &s->comment);
}

/* ---- goals --------------------------------------------------------------------------- */

static const struct key goal_keys[] = {
	{ "text", true },      { "aktiviteter", false },  { "utfall", false },
	{ "status", false },   { "målvärde", false },     { "utfallsvärde", false },
	{ "enhet", false },    { NULL, false },
};

static bool read_goal(const struct rd *r, const struct node *m, void *dst)
{
	struct fu_goal *g = dst;
	return map_of(r, m, goal_keys, "mål") && rd_text(r, m, "text", false, &g->text) &&
	       rd_text(r, m, "aktiviteter", false, &g->activities) &&
	       rd_text(r, m, "utfall", false, &g->outcome) && rd_status(r, m, &g->status) &&
	       rd_integer(r, m, "målvärde", &g->has_target, &g->target) &&
	       rd_integer(r, m, "utfallsvärde", &g->has_actual, &g->actual) &&
	       rd_text(r, m, "enhet", false, &g->unit);
}

static const struct key area_keys[] = {
	{ "namn", true },
	{ "mål", false },
	{ NULL, false },
};

static bool read_area(const struct rd *r, const struct node *m, void *dst)
{
	struct fu_goal_area *a = dst;
	void *goals = NULL;
	bool ok = map_of(r, m, area_keys, "målområden") && rd_text(r, m, "namn", false, &a->name) &&
		  rd_list(r, m, "mål", sizeof *a->goals, read_goal, &goals, &a->ngoals);
	a->goals = goals;
	return ok;
}

/* ---- the document -------------------------------------------------------------------- */

static const struct key doc_keys[] = {
	{ "publiceringsgräns", false }, { "utfallskategorier", false }, { "insatser", false },
	{ "statistik", false },         { "målområden", false },        { NULL, false },
};

static bool read_doc(const struct rd *r, const struct node *root, struct followup_doc *d)
{
	if (!root || root->null)
		return true;
	if (!map_of(r, root, doc_keys, NULL))
		return false;
	d->has_threshold = get(root, "publiceringsgräns") != NULL;
	void *cats = NULL, *ivs = NULL, *stats = NULL, *areas = NULL;
	bool ok = rd_count(r, root, "publiceringsgräns", &d->threshold) &&
		  rd_list(r, root, "utfallskategorier", sizeof *d->categories, read_category,
			  &cats, &d->ncategories) &&
		  rd_list(r, root, "insatser", sizeof *d->interventions, read_intervention, &ivs,
			  &d->ninterventions) &&
		  rd_list(r, root, "statistik", sizeof *d->stats, read_stats, &stats, &d->nstats) &&
		  rd_list(r, root, "målområden", sizeof *d->areas, read_area, &areas, &d->nareas);
	d->categories = cats;
	d->interventions = ivs;
	d->stats = stats;
	d->areas = areas;
	return ok;
}

/* What a file over FU_YAML_MAX is told, from memory or from disk. */
#define TOO_BIG "filen är större än 16777216 byte"
_Static_assert(FU_YAML_MAX == 16777216, "TOO_BIG names FU_YAML_MAX");

bool fu_yaml_read(const char *text, size_t len, const char *name, struct followup_doc *out,
		  struct error *err)
{
	followup_doc_init(out);
	struct rd r = { name ? name : "-", text, len, err };
	if (len > FU_YAML_MAX) {
		error_set_at(err, ERR_INPUT, r.name, 0, "%s", TOO_BIG);
		return false;
	}
	struct builder b;
	builder_init(&b, &r);
	bool ok = build(&b, text, len);
	ok = ok && read_doc(&r, b.top.n ? &b.top.kids[0] : NULL, out);
	builder_free(&b);
	return ok;
}

bool fu_yaml_read_file(const char *path, struct followup_doc *out, struct error *err)
{
	followup_doc_init(out);
	char *text = NULL;
	size_t len = 0;
	bool ok = file_read_all(path, FU_YAML_MAX, TOO_BIG, &text, &len, err) &&
		  fu_yaml_read(text, len, path, out, err);
	free(text);
	return ok;
}

/* ---- writing ------------------------------------------------------------------------- */

struct wr {
	yaml_emitter_t em;
	struct buf out;
	bool ok;
	const char *problem; /* what went wrong, when not the emitter's */
};

static int collect(void *data, unsigned char *bytes, size_t size)
{
	return buf_append(data, bytes, size);
}

/* Emit an event made by an initialize call that returned `made`. */
static void emit(struct wr *w, yaml_event_t *ev, int made)
{
	if (!made) {
		if (w->ok)
			w->problem = "en text är inte giltig UTF-8";
		w->ok = false;
	} else if (!w->ok) {
		yaml_event_delete(ev);
	} else if (!yaml_emitter_emit(&w->em, ev)) {
		w->ok = false;
	}
}

static void w_scalar(struct wr *w, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	int made = yaml_scalar_event_initialize(&ev, NULL, NULL, (const yaml_char_t *)s,
						(int)strlen(s), 1, 1, style);
	emit(w, &ev, made);
}

static void w_plain(struct wr *w, const char *s)
{
	w_scalar(w, s, YAML_PLAIN_SCALAR_STYLE);
}

/* Whether a text written plain would be read as something else by YAML
 * 1.1 tools: empty, null, a boolean, a number, a date or a merge key. */
static bool looks_typed(const char *s)
{
	static const char *const words[] = {
		"~",    "null", "Null", "NULL", "y",     "Y",     "yes",   "Yes", "YES",
		"n",    "N",    "no",   "No",   "NO",    "true",  "True",  "TRUE", "false",
		"False", "FALSE", "on", "On",   "ON",    "off",   "Off",   "OFF", "=",
		"<<",
	};
	if (!*s)
		return true;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	if (!strchr("0123456789+-.", s[0]))
		return false;
	return s[0] == '.' || strspn(s, "0123456789+-.,_:eExXoObBaAcCdDfF") == strlen(s);
}

/* Whether s holds a line break other than '\n' (NEL, LS, PS), which YAML
 * reads as a break but editors may not show as one. */
static bool odd_break(const char *s)
{
	return strstr(s, "\xC2\x85") || strstr(s, "\xE2\x80\xA8") || strstr(s, "\xE2\x80\xA9");
}

/* A text value: a literal block when it has several lines, quoted (with
 * escapes) when it could be taken for something else or has an odd line
 * break, else as the emitter finds best. */
static void w_textv(struct wr *w, const char *s)
{
	yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
	if (odd_break(s) || looks_typed(s))
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	else if (strchr(s, '\n'))
		style = YAML_LITERAL_SCALAR_STYLE;
	w_scalar(w, s, style);
}

static void w_map(struct wr *w)
{
	yaml_event_t ev;
	emit(w, &ev,
	     yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
}

static void w_end_map(struct wr *w)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_mapping_end_event_initialize(&ev));
}

static void w_seq(struct wr *w, bool flow)
{
	yaml_event_t ev;
	emit(w, &ev,
	     yaml_sequence_start_event_initialize(
		     &ev, NULL, NULL, 1, flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

static void w_end_seq(struct wr *w)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_sequence_end_event_initialize(&ev));
}

/* key: text, always (a required key). */
static void w_need(struct wr *w, const char *key, const char *s)
{
	w_plain(w, key);
	w_textv(w, s ? s : "");
}

/* key: text, left out when empty. */
static void w_text(struct wr *w, const char *key, const char *s)
{
	if (s && *s)
		w_need(w, key, s);
}

static void w_int(struct wr *w, const char *key, int64_t v)
{
	char s[24];
	snprintf(s, sizeof s, "%" PRId64, v);
	w_plain(w, key);
	w_plain(w, s);
}

static void w_count(struct wr *w, const char *key, int64_t v)
{
	if (v != FU_NONE)
		w_int(w, key, v);
}

/* Hundredths the Swedish way, decimals only when needed: "20", "12,5",
 * "3,25". */
static void w_hundredths(struct wr *w, const char *key, int64_t v)
{
	char s[32];
	const char *sign = v < 0 ? "-" : "";
	uint64_t a = v < 0 ? -(uint64_t)v : (uint64_t)v;
	if (a % 100 == 0)
		snprintf(s, sizeof s, "%s%" PRIu64, sign, a / 100);
	else if (a % 10 == 0)
		snprintf(s, sizeof s, "%s%" PRIu64 ",%" PRIu64, sign, a / 100, a % 100 / 10);
	else
		snprintf(s, sizeof s, "%s%" PRIu64 ",%02" PRIu64, sign, a / 100, a % 100);
	w_plain(w, key);
	w_plain(w, s);
}

static void w_measured(struct wr *w, const char *key, enum fu_measure m, int64_t v)
{
	if (m == FU_COUNT)
		w_int(w, key, v);
	else
		w_hundredths(w, key, v);
}

static void w_date(struct wr *w, const char *key, date_t d)
{
	char s[11];
	if (!d)
		return;
	w_plain(w, key);
	w_plain(w, date_format(d, s));
}

static void w_flag(struct wr *w, const char *key, bool v)
{
	w_plain(w, key);
	w_plain(w, v ? "ja" : "nej");
}

typedef void (*write_fn)(struct wr *w, const void *item);

/* key: a block list of n items of `size` bytes, left out when empty. */
static void w_list(struct wr *w, const char *key, const void *items, size_t n, size_t size,
		   write_fn fn)
{
	if (!n)
		return;
	w_plain(w, key);
	w_seq(w, false);
	for (size_t i = 0; i < n; i++)
		fn(w, (const char *)items + i * size);
	w_end_seq(w);
}

static void w_category(struct wr *w, const void *item)
{
	const struct fu_category *c = item;
	w_map(w);
	w_need(w, "namn", c->name);
	w_flag(w, "stegförflyttning", c->step);
	w_flag(w, "i_nämnaren", c->denominator);
	w_end_map(w);
}

static void w_staff(struct wr *w, const void *item)
{
	const struct fu_staff *s = item;
	w_map(w);
	w_need(w, "roll", s->role);
	w_text(w, "arbetsgivare", s->employer);
	if (s->percent_bp != FU_NONE)
		w_hundredths(w, "procent", s->percent_bp);
	w_date(w, "från", s->from);
	w_date(w, "till", s->to);
	w_text(w, "not", s->note);
	w_end_map(w);
}

static void w_result_goal(struct wr *w, const void *item)
{
	const struct fu_result_goal *g = item;
	w_map(w);
	w_need(w, "text", g->text);
	w_need(w, "mått", fu_measure_name(g->measure));
	w_need(w, "källa", fu_source_name(g->source));
	w_text(w, "enkät", g->survey);
	if (g->has_target)
		w_measured(w, "mål", g->measure, g->target);
	if (g->at_most)
		w_need(w, "riktning", "högst");
	if (g->has_actual)
		w_measured(w, "utfall", g->measure, g->actual);
	w_text(w, "avvikelse", g->deviation);
	w_text(w, "status", fu_status_name(g->status));
	w_end_map(w);
}

static void w_activity(struct wr *w, const void *item)
{
	const struct fu_activity *a = item;
	w_map(w);
	w_need(w, "namn", a->name);
	w_text(w, "beskrivning", a->description);
	w_count(w, "deltagare", a->attendees);
	w_end_map(w);
}

static void w_tags(struct wr *w, char *const *tags, size_t n)
{
	if (!n)
		return;
	w_plain(w, "målgruppstaggar");
	w_seq(w, true);
	for (size_t i = 0; i < n; i++)
		w_textv(w, tags[i] ? tags[i] : "");
	w_end_seq(w);
}

static void w_intervention(struct wr *w, const void *item)
{
	const struct fu_intervention *iv = item;
	w_map(w);
	w_need(w, "kod", iv->code);
	w_need(w, "namn", iv->name);
	w_need(w, "slag", fu_kind_name(iv->kind));
	w_text(w, "ägare", iv->owner);
	w_date(w, "start", iv->start);
	w_date(w, "slut", iv->end);
	if (iv->esf)
		w_flag(w, "esf", true);
	w_text(w, "budgetgrupp", iv->budget_group);
	w_text(w, "typ", iv->summary);
	w_text(w, "syfte", iv->purpose);
	w_text(w, "målgrupp", iv->target_group);
	w_tags(w, iv->tags, iv->ntags);
	w_list(w, "bemanning", iv->staff, iv->nstaff, sizeof *iv->staff, w_staff);
	w_list(w, "resultatmål", iv->goals, iv->ngoals, sizeof *iv->goals, w_result_goal);
	w_list(w, "delaktiviteter", iv->activities, iv->nactivities, sizeof *iv->activities,
	       w_activity);
	w_text(w, "genomförda_aktiviteter", iv->done);
	w_text(w, "kostnadseffektivitet", iv->cost_effect);
	w_text(w, "samverkanseffekter", iv->cooperation);
	w_text(w, "framåtspaning", iv->outlook);
	w_text(w, "utvärdering", iv->evaluation);
	w_end_map(w);
}

/* key: a mapping of labels to counts, left out when empty. */
static void w_counts(struct wr *w, const char *key, const struct fu_count *c, size_t n)
{
	if (!n)
		return;
	w_plain(w, key);
	w_map(w);
	for (size_t i = 0; i < n; i++) {
		char s[24];
		w_textv(w, c[i].label ? c[i].label : "");
		snprintf(s, sizeof s, "%" PRId64, c[i].count);
		w_plain(w, s);
	}
	w_end_map(w);
}

static void w_survey(struct wr *w, const void *item)
{
	const struct fu_survey *s = item;
	w_map(w);
	w_need(w, "namn", s->name);
	if (s->mean != FU_NONE)
		w_hundredths(w, "medel", s->mean);
	w_count(w, "svar", s->answers);
	w_end_map(w);
}

static void w_parts(struct wr *w, unsigned parts)
{
	if (!parts)
		return;
	w_plain(w, "ofullständigt");
	w_seq(w, true);
	for (unsigned bit = 1; bit <= FU_PART_SURVEY; bit <<= 1)
		if (parts & bit)
			w_plain(w, fu_part_name((enum fu_part)bit));
	w_end_seq(w);
}

static void w_stats(struct wr *w, const void *item)
{
	const struct fu_stats *s = item;
	char period[FU_PERIOD_MAX];
	w_map(w);
	w_need(w, "insats", s->intervention);
	w_need(w, "period", fu_period_format(s->from, s->to, period));
	w_count(w, "totalt", s->total);
	w_count(w, "nya", s->new_);
	w_count(w, "pågående", s->ongoing);
	w_count(w, "avslutade", s->ended);
	w_count(w, "planerade", s->planned);
	w_count(w, "på_väg_in", s->waiting);
	w_count(w, "kvinnor", s->women);
	w_count(w, "män", s->men);
	w_count(w, "annat_okänt", s->other);
	w_counts(w, "avslut", s->outcomes, s->noutcomes);
	w_counts(w, "ålder", s->ages, s->nages);
	w_counts(w, "försörjning", s->incomes, s->nincomes);
	w_list(w, "enkäter", s->surveys, s->nsurveys, sizeof *s->surveys, w_survey);
	w_parts(w, s->incomplete);
	w_text(w, "kommentar", s->comment);
	w_end_map(w);
}

static void w_goal(struct wr *w, const void *item)
{
	const struct fu_goal *g = item;
	w_map(w);
	w_need(w, "text", g->text);
	w_text(w, "aktiviteter", g->activities);
	w_text(w, "utfall", g->outcome);
	w_text(w, "status", fu_status_name(g->status));
	if (g->has_target)
		w_int(w, "målvärde", g->target);
	if (g->has_actual)
		w_int(w, "utfallsvärde", g->actual);
	w_text(w, "enhet", g->unit);
	w_end_map(w);
}

static void w_area(struct wr *w, const void *item)
{
	const struct fu_goal_area *a = item;
	w_map(w);
	w_need(w, "namn", a->name);
	w_list(w, "mål", a->goals, a->ngoals, sizeof *a->goals, w_goal);
	w_end_map(w);
}

static void w_doc(struct wr *w, const struct followup_doc *d)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	emit(w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	w_map(w);
	if (d->has_threshold)
		w_int(w, "publiceringsgräns", d->threshold);
	w_list(w, "utfallskategorier", d->categories, d->ncategories, sizeof *d->categories,
	       w_category);
	w_list(w, "insatser", d->interventions, d->ninterventions, sizeof *d->interventions,
	       w_intervention);
	w_list(w, "statistik", d->stats, d->nstats, sizeof *d->stats, w_stats);
	w_list(w, "målområden", d->areas, d->nareas, sizeof *d->areas, w_area);
	w_end_map(w);
	emit(w, &ev, yaml_document_end_event_initialize(&ev, 1));
	emit(w, &ev, yaml_stream_end_event_initialize(&ev));
}

/* The header line and the emitted text to f. */
static bool put(FILE *f, const struct buf *b, struct error *err)
{
	if (fputs(HEADER, f) < 0 || (b->len && fwrite(b->data, 1, b->len, f) != b->len) ||
	    fflush(f) != 0 || ferror(f)) {
		error_set(err, ERR_INTERNAL, "kan inte skriva uppföljningen: %s", strerror(errno));
		return false;
	}
	return true;
}

bool fu_yaml_write(FILE *f, const struct followup_doc *doc, struct error *err)
{
	struct wr w = { .ok = true };
	buf_init(&w.out, 0);
	if (!yaml_emitter_initialize(&w.em)) {
		error_set(err, ERR_INTERNAL, "kan inte starta YAML-skrivaren");
		return false;
	}
	yaml_emitter_set_output(&w.em, collect, &w.out);
	yaml_emitter_set_unicode(&w.em, 1);
	yaml_emitter_set_width(&w.em, -1);
	yaml_emitter_set_indent(&w.em, 2);
	yaml_emitter_set_break(&w.em, YAML_LN_BREAK);
	w_doc(&w, doc);
	bool ok = w.ok && yaml_emitter_flush(&w.em);
	if (!ok)
		error_set(err, ERR_INTERNAL, "kan inte skriva uppföljningen som YAML: %s",
			  w.problem ? w.problem : w.em.problem ? w.em.problem : "okänt fel");
	yaml_emitter_delete(&w.em);
	ok = ok && put(f, &w.out, err);
	buf_free(&w.out);
	return ok;
}
