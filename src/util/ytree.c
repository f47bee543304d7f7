/*
 * ytree — YAML text into a tree of located nodes, and the key and value
 * checks the text formats share; see ytree.h.
 *
 * libyaml's events become nodes as they come: a collection is open while
 * its children arrive (in a growing array), and when it closes its
 * children move to the arena in an array of the right size and a
 * mapping's keys are checked to be simple and unique.
 */
#include "util/ytree.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/buf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

const char *ytree_kind_name(enum ytree_kind k)
{
	return k == YT_SCALAR ? "ett enkelt värde" : k == YT_MAP ? "nycklar med värden" : "en lista";
}

const char *ytree_shown(const struct ytree_reader *r, const char *s)
{
	return r->shown ? r->shown(s) : s;
}

static bool vfail(const struct ytree_reader *r, long line, long col, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static bool vfail(const struct ytree_reader *r, long line, long col, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT(0);
	buf_vprintf(&b, fmt, ap);
	error_set_at_col(r->err, ERR_INPUT, r->name, line, col, "%s", buf_cstr(&b));
	buf_free(&b);
	return false;
}

bool ytree_fail(const struct ytree_reader *r, const struct ytree_node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(r, n->line, n->col, fmt, ap);
	va_end(ap);
	return false;
}

/* Record an error at a libyaml mark (0-based); returns false. */
static bool fail_mark(const struct ytree_reader *r, yaml_mark_t m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool fail_mark(const struct ytree_reader *r, yaml_mark_t m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(r, (long)m.line + 1, (long)m.column + 1, fmt, ap);
	va_end(ap);
	return false;
}

/* ---- building the tree from libyaml's events ----------------------------------------- */

static void tree_init(struct ytree *t, const struct ytree_reader *r)
{
	memset(t, 0, sizeof *t);
	t->r = r;
	arena_init(&t->arena);
	t->top.kind = YT_SEQ;
	t->open[0] = &t->top;
}

void ytree_free(struct ytree *t)
{
	/* The growing arrays of the collections still open (after an error;
	 * innermost first, as each lives in its parent's), then the arena. */
	for (int i = t->depth; i >= 0; i--) {
		free(t->open[i]->kids);
		t->open[i]->kids = NULL;
	}
	arena_free(&t->arena);
	t->depth = 0;
}

const struct ytree_node *ytree_root(const struct ytree *t)
{
	return t->top.n ? &t->top.kids[0] : NULL;
}

/* A new node at the end of the innermost open collection, or NULL. */
static struct ytree_node *add(struct ytree *t, enum ytree_kind kind, yaml_mark_t mark)
{
	if (++t->nodes > YTREE_NODES_MAX) {
		fail_mark(t->r, mark, "filen har fler än %d värden", YTREE_NODES_MAX);
		return NULL;
	}
	struct ytree_node *parent = t->open[t->depth];
	size_t cap = parent->cap;
	parent->kids = xgrow(parent->kids, &cap, (size_t)parent->n + 1, sizeof *parent->kids);
	parent->cap = (uint32_t)cap;
	struct ytree_node *n = &parent->kids[parent->n++];
	*n = (struct ytree_node){ .line = (uint32_t)mark.line + 1,
				  .col = (uint32_t)mark.column + 1,
				  .kind = (unsigned char)kind };
	return n;
}

static bool no_props(const struct ytree *t, yaml_mark_t mark, const yaml_char_t *anchor,
		     const yaml_char_t *tag)
{
	if (anchor)
		return fail_mark(t->r, mark,
				 "ankare (&%s) används inte %s; skriv ut värdet där det behövs",
				 (const char *)anchor, t->r->in_what);
	if (tag)
		return fail_mark(t->r, mark, "taggar (%s) används inte %s", (const char *)tag,
				 t->r->in_what);
	return true;
}

static bool null_word(const char *s)
{
	return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
	       strcmp(s, "NULL") == 0;
}

static bool on_scalar(struct ytree *t, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	if (!no_props(t, ev->start_mark, ev->data.scalar.anchor, ev->data.scalar.tag))
		return false;
	if (len > t->r->text_max)
		return fail_mark(t->r, ev->start_mark, "texten är längre än %zu byte",
				 t->r->text_max);
	if (memchr(v, '\0', len))
		return fail_mark(t->r, ev->start_mark, "texten innehåller ett NUL-tecken");
	struct ytree_node *n = add(t, YT_SCALAR, ev->start_mark);
	if (!n)
		return false;
	n->text = arena_alloc(&t->arena, len + 1);
	memcpy(n->text, v, len);
	n->text[len] = '\0';
	n->null = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && null_word(n->text);
	return true;
}

static bool on_open(struct ytree *t, const yaml_event_t *ev, enum ytree_kind kind,
		    const yaml_char_t *anchor, const yaml_char_t *tag)
{
	if (!no_props(t, ev->start_mark, anchor, tag))
		return false;
	if (t->depth == YTREE_DEPTH_MAX)
		return fail_mark(t->r, ev->start_mark, "för djupt nästlat (mer än %d nivåer)",
				 YTREE_DEPTH_MAX);
	struct ytree_node *n = add(t, kind, ev->start_mark);
	if (!n)
		return false;
	t->open[++t->depth] = n;
	return true;
}

/* A mapping's keys are simple values, each once. */
static bool check_keys(const struct ytree_reader *r, const struct ytree_node *m)
{
	struct strmap seen;
	strmap_init(&seen);
	bool ok = true;
	for (size_t i = 0; ok && i < m->n; i += 2) {
		const struct ytree_node *k = &m->kids[i];
		if (k->kind != YT_SCALAR) {
			ok = ytree_fail(r, k, "en nyckel ska vara ett enkelt värde, inte %s",
					ytree_kind_name(k->kind));
			break;
		}
		bool added = false;
		int64_t *first = strmap_slot(&seen, k->text, strlen(k->text), (int64_t)i, &added);
		if (!added)
			ok = ytree_fail(r, k, "nyckeln '%s' står två gånger (första gången på rad %ld)",
					ytree_shown(r, k->text), (long)m->kids[*first].line);
	}
	strmap_free(&seen);
	return ok;
}

/* A closed collection's children move to the arena, in an array of the
 * right size. */
static bool on_close(struct ytree *t)
{
	struct ytree_node *n = t->open[t->depth--];
	struct ytree_node *kids = arena_memdup(&t->arena, n->kids, n->n * sizeof *n->kids);
	free(n->kids);
	n->kids = kids;
	n->cap = n->n;
	return n->kind != YT_MAP || check_keys(t->r, n);
}

static bool on_event(struct ytree *t, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++t->documents > 1)
			return fail_mark(t->r, ev->start_mark,
					 "filen får bara innehålla ett YAML-dokument");
		return true;
	case YAML_ALIAS_EVENT:
		return fail_mark(t->r, ev->start_mark, "alias (*%s) används inte %s; skriv ut värdet",
				 (const char *)ev->data.alias.anchor, t->r->in_what);
	case YAML_SCALAR_EVENT:
		return on_scalar(t, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_open(t, ev, YT_SEQ, ev->data.sequence_start.anchor,
			       ev->data.sequence_start.tag);
	case YAML_MAPPING_START_EVENT:
		return on_open(t, ev, YT_MAP, ev->data.mapping_start.anchor,
			       ev->data.mapping_start.tag);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_close(t);
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
static yaml_mark_t offset_mark(const struct ytree_reader *r, size_t off)
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

static bool syntax_error(const struct ytree_reader *r, const yaml_parser_t *p)
{
	if (p->error == YAML_MEMORY_ERROR) {
		error_set(r->err, ERR_INTERNAL, "minnet räcker inte för att läsa %s", r->name);
		return false;
	}
	yaml_mark_t m = p->error == YAML_READER_ERROR ? offset_mark(r, p->problem_offset)
						       : p->problem_mark;
	return fail_mark(r, m, "YAML-fel: %s", problem_sv(p->problem));
}

bool ytree_parse(struct ytree *t, const struct ytree_reader *r)
{
	tree_init(t, r);
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		error_set(r->err, ERR_INTERNAL, "kan inte starta YAML-läsaren");
		return false;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)r->text, r->len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	bool ok = true, done = false;
	while (ok && !done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			ok = syntax_error(r, &p);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		ok = on_event(t, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return ok;
}

/* ---- keys ---------------------------------------------------------------------------- */

const struct ytree_node *ytree_lookup(const struct ytree_node *m, const char *key)
{
	for (size_t i = 0; i < m->n; i += 2)
		if (strcmp(m->kids[i].text, key) == 0)
			return &m->kids[i + 1];
	return NULL;
}

const struct ytree_node *ytree_get(const struct ytree_node *m, const char *key)
{
	const struct ytree_node *v = ytree_lookup(m, key);
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
static const char *suggest(const struct ytree_key *keys, const char *word)
{
	const char *best = NULL;
	size_t best_d = 3;
	for (const struct ytree_key *k = keys; k->name; k++) {
		uint32_t cp[SUGGEST_MAX];
		size_t d = distance(word, k->name), len = code_points(k->name, cp);
		if (d < best_d && 2 * d < len) {
			best = k->name;
			best_d = d;
		}
	}
	return best;
}

static bool unknown_key(const struct ytree_reader *r, const struct ytree_node *k,
			const struct ytree_key *keys, const char *where)
{
	const char *near = suggest(keys, k->text);
	if (near)
		return ytree_fail(r, k, "okänd nyckel '%s' %s (menade du '%s'?)",
				  ytree_shown(r, k->text), where, near);
	struct buf names = BUF_INIT(0);
	for (const struct ytree_key *p = keys; p->name; p++)
		buf_printf(&names, "%s%s", p == keys ? "" : ", ", p->name);
	ytree_fail(r, k, "okänd nyckel '%s' %s; de kända är %s", ytree_shown(r, k->text), where,
		   buf_cstr(&names));
	buf_free(&names);
	return false;
}

static bool known(const struct ytree_key *keys, const char *name)
{
	for (const struct ytree_key *k = keys; k->name; k++)
		if (strcmp(k->name, name) == 0)
			return true;
	return false;
}

static bool required_there(const struct ytree_reader *r, const struct ytree_node *m,
			   const char *key, const char *where)
{
	const struct ytree_node *v = ytree_lookup(m, key);
	if (!v)
		return ytree_fail(r, m, "nyckeln '%s' saknas %s", key, where);
	if (v->null || (v->kind == YT_SCALAR && !*v->text))
		return ytree_fail(r, v, "%s: värdet saknas", key);
	return true;
}

bool ytree_map_of(const struct ytree_reader *r, const struct ytree_node *m,
		  const struct ytree_key *keys, const char *list)
{
	char where[64];
	if (list)
		snprintf(where, sizeof where, "i %s", list);
	else
		snprintf(where, sizeof where, "överst i filen");
	if (m->kind != YT_MAP) {
		if (list)
			return ytree_fail(r, m, "varje rad i %s ska vara nycklar med värden, inte %s",
					  list, ytree_kind_name(m->kind));
		return ytree_fail(r, m, "filen ska vara nycklar med värden, inte %s",
				  ytree_kind_name(m->kind));
	}
	for (size_t i = 0; i < m->n; i += 2)
		if (!known(keys, m->kids[i].text))
			return unknown_key(r, &m->kids[i], keys, where);
	for (const struct ytree_key *k = keys; k->name; k++)
		if (k->required && !required_there(r, m, k->name, where))
			return false;
	return true;
}

bool ytree_want(const struct ytree_reader *r, const struct ytree_node *v, enum ytree_kind kind,
		const char *key)
{
	if (v->kind == kind)
		return true;
	return ytree_fail(r, v, "%s ska vara %s, inte %s", key, ytree_kind_name(kind),
			  ytree_kind_name(v->kind));
}

bool ytree_scalar(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		  const struct ytree_node **out)
{
	const struct ytree_node *v = ytree_get(m, key);
	*out = NULL;
	if (v && !ytree_want(r, v, YT_SCALAR, key))
		return false;
	*out = v;
	return true;
}

bool ytree_list(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		size_t size, ytree_item_fn fn, void **items, size_t *n)
{
	const struct ytree_node *v = ytree_get(m, key);
	if (!v)
		return true;
	if (!ytree_want(r, v, YT_SEQ, key))
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

bool ytree_flag(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		bool *out)
{
	const struct ytree_node *v;
	if (!ytree_scalar(r, m, key, &v))
		return false;
	if (!v)
		return true;
	if (strcmp(v->text, "ja") == 0 || strcmp(v->text, "true") == 0)
		*out = true;
	else if (strcmp(v->text, "nej") == 0 || strcmp(v->text, "false") == 0)
		*out = false;
	else
		return ytree_fail(r, v, "%s: skriv ja eller nej", key);
	return true;
}
