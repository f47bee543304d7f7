/*
 * mapping — the statement mapping (docs/mapping.md): the YAML text read
 * into a struct stmt_map, the built-in defaults for Kommun-BAS and BAS
 * (data/mapping/, compiled in), and the förbund's own mapping kept in the
 * store (table statement_mapping). See statement.h.
 *
 * The text goes through util/ytree (located nodes, known keys) and is
 * then read section by section: the notes first, so that a line's `not`
 * can be checked against them where it is written.
 */
#include "report/statement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "books/org.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "util/ytree.h"

/* The defaults, from data/mapping/ by scripts/embed.sh. */
extern const unsigned char mapping_kommun_bas[], mapping_bas[];
extern const size_t mapping_kommun_bas_len, mapping_bas_len;

/* What a file over STMT_MAP_MAX is told. */
#define TOO_BIG "filen är större än 1048576 byte"
_Static_assert(STMT_MAP_MAX == 1048576, "TOO_BIG names STMT_MAP_MAX");

#define NOTE_MAX 999
#define LEVEL_MAX 3

/* Which list a row is read for. */
enum section { SEC_RR, SEC_BR, SEC_NOTE };

static const char *const section_name[] = {
	[SEC_RR] = "resultaträkning",
	[SEC_BR] = "balansräkning",
	[SEC_NOTE] = "rader",
};

/* ---- freeing ------------------------------------------------------------------------- */

static void lines_free(struct stmt_line *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].label);
		free(v[i].accounts.v);
	}
	free(v);
}

void stmt_map_free(struct stmt_map *m)
{
	if (!m)
		return;
	free(m->name);
	lines_free(m->rr, m->nrr);
	lines_free(m->br, m->nbr);
	for (size_t i = 0; i < m->nnotes; i++) {
		free(m->notes[i].title);
		free(m->notes[i].text);
		lines_free(m->notes[i].rows, m->notes[i].nrows);
	}
	free(m->notes);
	memset(m, 0, sizeof *m);
}

/* ---- values -------------------------------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A whole number lo..hi written in digits. */
static bool small_int(const char *s, long lo, long hi, long *out)
{
	long v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (!is_digit(*s))
			return false;
		v = v * 10 + (*s - '0');
		if (v > hi)
			return false;
	}
	if (v < lo)
		return false;
	*out = v;
	return true;
}

/* The text under key (NULL when absent), which must be a scalar that is
 * not empty when present. */
static bool label_of(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		     const struct ytree_node **out)
{
	const struct ytree_node *v = ytree_lookup(m, key);
	*out = NULL;
	if (!v)
		return true;
	if (!ytree_want(r, v, YT_SCALAR, key))
		return false;
	if (v->null || !*v->text)
		return ytree_fail(r, v, "%s: texten saknas", key);
	*out = v;
	return true;
}

static bool note_number(const struct ytree_reader *r, const struct ytree_node *v, int *out)
{
	long n;
	if (!ytree_want(r, v, YT_SCALAR, "not"))
		return false;
	if (!small_int(v->text, 1, NOTE_MAX, &n))
		return ytree_fail(r, v, "not: skriv notens nummer, ett heltal 1–%d", NOTE_MAX);
	*out = (int)n;
	return true;
}

/* ---- account lists ------------------------------------------------------------------- */

/* Digits [s, e), 1..15 of them, into out. */
static bool digits(const char *s, const char *e, char out[16])
{
	size_t n = (size_t)(e - s);
	if (n == 0 || n > 15)
		return false;
	for (const char *p = s; p < e; p++)
		if (!is_digit(*p))
			return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

/* One item ("3", "4-7", "!2099", "!30-34"), trimmed, of n bytes. */
static bool parse_item(const struct ytree_reader *r, const struct ytree_node *at, const char *s,
		       size_t n, struct stmt_range *out)
{
	const char *p = s, *e = s + n;
	memset(out, 0, sizeof *out);
	if (p < e && *p == '!') {
		out->not = true;
		for (p++; p < e && *p == ' '; p++)
			;
	}
	const char *dash = memchr(p, '-', (size_t)(e - p));
	char shown[64];
	snprintf(shown, sizeof shown, "%.*s", (int)(n < 40 ? n : 40), s);
	if (!dash) {
		if (!digits(p, e, out->lo))
			return ytree_fail(r, at,
					  "konton: '%s' är inget kontonummer, ingen början av ett och "
					  "inget intervall (skriv t.ex. 3, 4-7 eller !2099)",
					  shown);
		memcpy(out->hi, out->lo, sizeof out->hi);
		return true;
	}
	const char *a_end = dash, *b = dash + 1;
	while (a_end > p && a_end[-1] == ' ')
		a_end--;
	while (b < e && *b == ' ')
		b++;
	if (a_end == p)
		return ytree_fail(r, at, "konton: intervallet '%s' saknar sin början (skriv t.ex. 4-7)",
				  shown);
	if (b == e)
		return ytree_fail(r, at, "konton: intervallet '%s' saknar sitt slut (skriv t.ex. 4-7)",
				  shown);
	if (!digits(p, a_end, out->lo) || !digits(b, e, out->hi))
		return ytree_fail(r, at,
				  "konton: '%s' är inget intervall av kontonummer (skriv t.ex. 4-7)",
				  shown);
	if (strlen(out->lo) != strlen(out->hi))
		return ytree_fail(r, at,
				  "konton: intervallet '%s' ska ha lika många siffror i båda ändar "
				  "(4-7, 30-34)",
				  shown);
	if (strcmp(out->lo, out->hi) > 0)
		return ytree_fail(r, at, "konton: intervallet '%s' går baklänges", shown);
	return true;
}

static void add_range(struct stmt_accounts *a, size_t *cap, const struct stmt_range *rg)
{
	a->v = xgrow(a->v, cap, a->n + 1, sizeof *a->v);
	a->v[a->n++] = *rg;
}

/* The items of one text, comma-separated. */
static bool parse_items(const struct ytree_reader *r, const struct ytree_node *at,
			const char *text, struct stmt_accounts *a, size_t *cap)
{
	const char *p = text;
	for (;;) {
		const char *comma = strchr(p, ',');
		const char *e = comma ? comma : p + strlen(p);
		const char *s = p;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (s == e)
			return ytree_fail(r, at, "konton: ett tomt värde i listan (två komman i rad, "
						 "eller ett komma sist?)");
		struct stmt_range rg;
		if (!parse_item(r, at, s, (size_t)(e - s), &rg))
			return false;
		add_range(a, cap, &rg);
		if (!comma)
			return true;
		p = comma + 1;
	}
}

/* konton: a text of items, or a list of such texts. */
static bool read_accounts(const struct ytree_reader *r, const struct ytree_node *v,
			  struct stmt_accounts *a)
{
	size_t cap = 0;
	if (v->kind == YT_MAP)
		return ytree_fail(r, v, "konton ska vara en text (3, 4-7, \"20, !2099\") eller en "
					"lista, inte nycklar med värden");
	if (v->kind == YT_SCALAR) {
		if (v->null || !*v->text)
			return ytree_fail(r, v, "konton: raden väljer inga konton");
		if (!parse_items(r, v, v->text, a, &cap))
			return false;
	} else {
		if (!v->n)
			return ytree_fail(r, v, "konton: raden väljer inga konton");
		for (size_t i = 0; i < v->n; i++) {
			const struct ytree_node *t = &v->kids[i];
			if (!ytree_want(r, t, YT_SCALAR, "konton"))
				return false;
			if (t->null || !*t->text)
				return ytree_fail(r, t, "konton: ett tomt värde i listan");
			if (!parse_items(r, t, t->text, a, &cap))
				return false;
		}
	}
	bool any = false;
	for (size_t i = 0; i < a->n; i++)
		any |= !a->v[i].not;
	if (!any)
		return ytree_fail(r, v, "konton: bara undantag (!); ange vilka konton raden väljer");
	return true;
}

/* ---- lines --------------------------------------------------------------------------- */

static const struct ytree_key line_keys[] = {
	{ "rad", false },   { "rubrik", false }, { "summa", false },    { "konton", false },
	{ "not", false },   { "nivå", false },   { "tecken", false },   { "resultat", false },
	{ NULL, false },
};

/* Row keys of a note: no note references, no result line. */
static const struct ytree_key row_keys[] = {
	{ "rad", false },  { "rubrik", false }, { "summa", false }, { "konton", false },
	{ "nivå", false }, { "tecken", false }, { NULL, false },
};

/* A key that the row's kind does not take. */
static bool not_for(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		    const char *what)
{
	const struct ytree_node *v = ytree_lookup(m, key);
	if (!v)
		return true;
	return ytree_fail(r, &m->kids[(size_t)(v - m->kids) - 1], "%s: hör bara till %s", key,
			  what);
}

/* The parser's state while it reads the lists. */
struct ctx {
	const struct ytree_reader *r;
	struct stmt_map *m;
	const struct ytree_node **note_nodes; /* where each note's number is written */
};

static bool read_sign(const struct ytree_reader *r, const struct ytree_node *m, int *sign)
{
	const struct ytree_node *v;
	if (!ytree_scalar(r, m, "tecken", &v))
		return false;
	if (!v)
		return true;
	if (strcmp(v->text, "+") == 0 || strcmp(v->text, "1") == 0 || strcmp(v->text, "+1") == 0)
		*sign = 1;
	else if (strcmp(v->text, "-") == 0 || strcmp(v->text, "-1") == 0 ||
		 strcmp(v->text, "−") == 0)
		*sign = -1;
	else
		return ytree_fail(r, v, "tecken: skriv + eller -");
	return true;
}

/* Whether every account a line names is in class 1 (assets). */
static bool all_assets(const struct stmt_accounts *a)
{
	for (size_t i = 0; i < a->n; i++)
		if (!a->v[i].not && (a->v[i].lo[0] != '1' || a->v[i].hi[0] != '1'))
			return false;
	return a->n > 0;
}

static bool read_line(const struct ctx *c, const struct ytree_node *it, enum section sec,
		      struct stmt_line *out)
{
	const struct ytree_reader *r = c->r;
	if (!ytree_map_of(r, it, sec == SEC_NOTE ? row_keys : line_keys, section_name[sec]))
		return false;
	const struct ytree_node *rad, *rubrik, *summa;
	if (!label_of(r, it, "rad", &rad) || !label_of(r, it, "rubrik", &rubrik) ||
	    !label_of(r, it, "summa", &summa))
		return false;
	int kinds = !!rad + !!rubrik + !!summa;
	if (kinds != 1)
		return ytree_fail(r, it,
				  kinds ? "en rad har bara en av nycklarna rad, rubrik och summa"
					: "en rad behöver en av nycklarna rad (med konton), rubrik "
					  "eller summa");
	out->src_line = it->line;
	out->level = 0;
	if (rad) {
		out->kind = SL_LINE;
		out->label = xstrdup(rad->text);
		if (!not_for(r, it, "nivå", "en summa"))
			return false;
		if (!ytree_flag(r, it, "resultat", &out->result))
			return false;
		if (out->result && sec != SEC_BR) {
			const struct ytree_node *v = ytree_lookup(it, "resultat");
			return ytree_fail(r, v,
					  "resultat: bara balansräkningens rad för årets resultat "
					  "kan ha det");
		}
		const struct ytree_node *k = ytree_lookup(it, "konton");
		if (!k && !out->result)
			return ytree_fail(r, it, "raden '%s' saknar konton", out->label);
		if (k && !read_accounts(r, k, &out->accounts))
			return false;
		if (!read_sign(r, it, &out->sign))
			return false;
	} else {
		out->kind = rubrik ? SL_HEADING : SL_SUM;
		out->label = xstrdup(rubrik ? rubrik->text : summa->text);
		const char *what = rubrik ? "en rad, inte en rubrik" : "en rad, inte en summa";
		if (!not_for(r, it, "konton", what) || !not_for(r, it, "tecken", what) ||
		    !not_for(r, it, "resultat", what))
			return false;
		if (rubrik && (!not_for(r, it, "nivå", "en summa") ||
			       (sec != SEC_NOTE && !not_for(r, it, "not", "en rad eller en summa"))))
			return false;
	}
	if (summa) {
		const struct ytree_node *v;
		long level = 1;
		if (!ytree_scalar(r, it, "nivå", &v))
			return false;
		if (v && !small_int(v->text, 1, LEVEL_MAX, &level))
			return ytree_fail(r, v, "nivå: skriv 1, 2 eller 3");
		out->level = (int)level;
	}
	const struct ytree_node *nv = sec == SEC_NOTE ? NULL : ytree_get(it, "not");
	if (nv) {
		if (!note_number(r, nv, &out->note))
			return false;
		bool found = false;
		for (size_t i = 0; i < c->m->nnotes; i++)
			found |= c->m->notes[i].number == out->note;
		if (!found)
			return ytree_fail(r, nv, "not: not %d finns inte under noter", out->note);
	}
	if (sec == SEC_BR)
		out->assets = out->kind == SL_LINE && !out->result && all_assets(&out->accounts);
	if (out->kind == SL_LINE && !out->sign)
		out->sign = sec == SEC_NOTE ? 0 : out->assets ? 1 : -1;
	return true;
}

/* A list of lines under key: read, then the sums checked to have lines
 * above them, and at most one result line. */
static bool read_lines(const struct ctx *c, const struct ytree_node *m, const char *key,
		       enum section sec, struct stmt_line **out, size_t *n)
{
	const struct ytree_reader *r = c->r;
	const struct ytree_node *v = ytree_get(m, key);
	if (!v)
		return sec == SEC_NOTE || ytree_fail(r, m, "nyckeln '%s' saknas", key);
	if (!ytree_want(r, v, YT_SEQ, key))
		return false;
	if (!v->n)
		return ytree_fail(r, v, "%s: listan är tom", key);
	*out = xcalloc(v->n, sizeof **out);
	size_t since[LEVEL_MAX + 1] = { 0 }; /* lines since the last sum of level >= i */
	const struct ytree_node *result = NULL;
	for (size_t i = 0; i < v->n; i++) {
		const struct ytree_node *it = &v->kids[i];
		struct stmt_line *l = &(*out)[(*n)++];
		if (!read_line(c, it, sec, l))
			return false;
		if (l->kind == SL_LINE) {
			for (int k = 1; k <= LEVEL_MAX; k++)
				since[k]++;
			if (l->result && result)
				return ytree_fail(r, it,
						  "bara en rad kan ha resultat: ja (den första står "
						  "på rad %ld)",
						  (long)result->line);
			if (l->result)
				result = it;
		} else if (l->kind == SL_SUM) {
			if (!since[l->level])
				return ytree_fail(r, it,
						  "summan '%s' har inga rader ovanför sig att lägga "
						  "ihop (sedan förra summan på nivå %d eller högre)",
						  l->label, l->level);
			for (int k = 1; k <= l->level; k++)
				since[k] = 0;
		}
	}
	return true;
}

/* ---- notes --------------------------------------------------------------------------- */

static const struct ytree_key note_keys[] = {
	{ "not", true },  { "rubrik", true },    { "text", false },
	{ "rader", false }, { "per_konto", false }, { NULL, false },
};

static bool read_note(const struct ctx *c, const struct ytree_node *it, size_t index)
{
	const struct ytree_reader *r = c->r;
	struct stmt_note *note = &c->m->notes[index];
	if (!ytree_map_of(r, it, note_keys, "noter"))
		return false;
	const struct ytree_node *nv = ytree_get(it, "not"), *title, *text;
	if (!note_number(r, nv, &note->number))
		return false;
	for (size_t i = 0; i < index; i++)
		if (c->m->notes[i].number == note->number)
			return ytree_fail(r, nv, "not %d finns redan (rad %ld)", note->number,
					  (long)c->note_nodes[i]->line);
	c->note_nodes[index] = nv;
	if (!label_of(r, it, "rubrik", &title) || !ytree_scalar(r, it, "text", &text) ||
	    !ytree_flag(r, it, "per_konto", &note->per_account))
		return false;
	note->title = xstrdup(title->text);
	if (text && *text->text)
		note->text = xstrdup(text->text);
	const struct ytree_node *rows = ytree_get(it, "rader");
	if (rows && note->per_account)
		return ytree_fail(r, rows, "rader: en not har antingen rader eller per_konto: ja");
	if (!rows && !note->per_account && !note->text)
		return ytree_fail(r, it, "not %d har varken text, rader eller per_konto: ja",
				  note->number);
	return !rows || read_lines(c, it, "rader", SEC_NOTE, &note->rows, &note->nrows);
}

static bool read_notes(struct ctx *c, const struct ytree_node *root)
{
	const struct ytree_node *v = ytree_get(root, "noter");
	if (!v)
		return true;
	if (!ytree_want(c->r, v, YT_SEQ, "noter"))
		return false;
	if (!v->n)
		return true;
	c->m->notes = xcalloc(v->n, sizeof *c->m->notes);
	c->note_nodes = xcalloc(v->n, sizeof *c->note_nodes);
	for (size_t i = 0; i < v->n; i++) {
		c->m->nnotes++;
		if (!read_note(c, &v->kids[i], i))
			return false;
	}
	return true;
}

/* ---- the whole --------------------------------------------------------------------------- */

static const struct ytree_key top_keys[] = {
	{ "resultaträkning", true },
	{ "balansräkning", true },
	{ "noter", false },
	{ NULL, false },
};

bool stmt_map_parse(const char *text, size_t len, const char *file, struct stmt_map *out,
		    struct error *err)
{
	memset(out, 0, sizeof *out);
	out->name = xstrdup("egen");
	struct ytree_reader r = {
		.name = file ? file : "-",
		.text = text,
		.len = len,
		.err = err,
		.in_what = "i rapportmappningen",
		.text_max = STMT_TEXT_MAX,
	};
	if (len > STMT_MAP_MAX) {
		error_set_at(err, ERR_INPUT, r.name, 0, "%s", TOO_BIG);
		return false;
	}
	struct ytree t;
	struct ctx c = { &r, out, NULL };
	bool ok = ytree_parse(&t, &r);
	const struct ytree_node *root = ok ? ytree_root(&t) : NULL;
	if (ok && (!root || root->null)) {
		error_set_at(err, ERR_INPUT, r.name, 0,
			     "filen är tom; en rapportmappning har resultaträkning och "
			     "balansräkning (docs/mapping.md)");
		ok = false;
	}
	ok = ok && ytree_map_of(&r, root, top_keys, NULL) && read_notes(&c, root) &&
	     read_lines(&c, root, "resultaträkning", SEC_RR, &out->rr, &out->nrr) &&
	     read_lines(&c, root, "balansräkning", SEC_BR, &out->br, &out->nbr);
	free(c.note_nodes);
	ytree_free(&t);
	return ok;
}

/* ---- defaults ------------------------------------------------------------------------ */

static const struct {
	const char *name;
	const unsigned char *text;
	const size_t *len;
} defaults[] = {
	{ "kommun-bas", mapping_kommun_bas, &mapping_kommun_bas_len },
	{ "bas", mapping_bas, &mapping_bas_len },
};

const char *stmt_map_default_text(const char *name, size_t *len)
{
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		if (strcmp(defaults[i].name, name) == 0) {
			*len = *defaults[i].len;
			return (const char *)defaults[i].text;
		}
	return NULL;
}

bool stmt_map_default(const char *name, struct stmt_map *out, struct error *err)
{
	size_t len;
	const char *text = stmt_map_default_text(name, &len);
	memset(out, 0, sizeof *out);
	if (!text) {
		error_set(err, ERR_USAGE, "ingen standardmappning heter '%s' (kommun-bas eller bas)",
			  name);
		return false;
	}
	char *file = xasprintf("standardmappningen %s", name);
	bool ok = stmt_map_parse(text, len, file, out, err);
	free(file);
	if (ok) {
		free(out->name);
		out->name = xstrdup(name);
	}
	return ok;
}

bool stmt_map_default_name(struct store *st, const char **name, struct error *err)
{
	struct org_info org;
	if (!org_get(st, &org, err))
		return false;
	*name = org.chart == CHART_KOMMUN_BAS ? "kommun-bas" : "bas";
	org_info_free(&org);
	return true;
}

/* ---- the store ----------------------------------------------------------------------- */

/* The stored mapping's text, file and time; *found false when none. */
static bool stored(struct store *st, bool *found, char **text, char **file, char **saved,
		   struct error *err)
{
	sqlite3_stmt *q;
	*found = false;
	if (!store_prepare(st, &q, "SELECT text, file, saved FROM statement_mapping WHERE id = 1",
			   err))
		return false;
	int rc = store_step(st, q, err);
	if (rc == SQLITE_ROW) {
		*found = true;
		if (text)
			*text = xstrdup(store_column_text(q, 0));
		if (file)
			*file = xstrdup(store_column_text(q, 1));
		if (saved)
			*saved = xstrdup(store_column_text(q, 2));
	}
	sqlite3_finalize(q);
	return rc >= 0;
}

bool stmt_map_load(struct store *st, struct stmt_map *out, struct error *err)
{
	bool found;
	char *text = NULL, *file = NULL;
	memset(out, 0, sizeof *out);
	if (!stored(st, &found, &text, &file, NULL, err))
		return false;
	bool ok;
	if (found) {
		char *name = *file ? xasprintf("%s (i databasen)", file)
				   : xstrdup("rapportmappningen i databasen");
		ok = stmt_map_parse(text, strlen(text), name, out, err);
		free(name);
	} else {
		const char *dflt;
		ok = stmt_map_default_name(st, &dflt, err) && stmt_map_default(dflt, out, err);
	}
	free(text);
	free(file);
	return ok;
}

bool stmt_map_save(struct store *st, const char *text, size_t len, const char *file,
		   struct error *err)
{
	struct stmt_map m;
	bool ok = stmt_map_parse(text, len, file, &m, err);
	stmt_map_free(&m);
	if (!ok)
		return false;
	if (memchr(text, '\0', len)) {
		error_set_at(err, ERR_INPUT, file, 0, "filen innehåller ett NUL-tecken");
		return false;
	}
	if (!store_begin(st, err))
		return false;
	sqlite3_stmt *q;
	char now[32];
	ok = store_prepare(st, &q,
			   "INSERT OR REPLACE INTO statement_mapping (id, text, file, saved) "
			   "VALUES (1, ?, ?, ?)",
			   err);
	if (ok) {
		sqlite3_bind_text(q, 1, text, (int)len, SQLITE_TRANSIENT);
		store_bind_text(q, 2, file ? file : "");
		store_bind_text(q, 3, date_now_iso(now, sizeof now));
		ok = store_step(st, q, err) == SQLITE_DONE;
		sqlite3_finalize(q);
	}
	ok = ok && store_commit(st, err);
	if (!ok)
		store_rollback(st);
	return ok;
}

bool stmt_map_text(struct store *st, char **text, struct error *err)
{
	bool found;
	*text = NULL;
	if (!stored(st, &found, text, NULL, NULL, err))
		return false;
	if (found)
		return true;
	const char *name;
	size_t len;
	if (!stmt_map_default_name(st, &name, err))
		return false;
	const char *dflt = stmt_map_default_text(name, &len);
	*text = xstrndup(dflt, len);
	return true;
}

bool stmt_map_info(struct store *st, bool *own, char **source, struct error *err)
{
	char *file = NULL, *saved = NULL;
	*source = NULL;
	if (!stored(st, own, NULL, &file, &saved, err))
		return false;
	bool ok = true;
	if (*own) {
		*source = *file ? xasprintf("%s, sparad %s", file, saved)
				: xasprintf("sparad %s", saved);
	} else {
		const char *name;
		ok = stmt_map_default_name(st, &name, err);
		if (ok)
			*source = xasprintf("standard för %s",
					    strcmp(name, "kommun-bas") == 0 ? "Kommun-BAS" : "BAS");
	}
	free(file);
	free(saved);
	return ok;
}

bool stmt_map_reset(struct store *st, struct error *err)
{
	return store_exec(st, "DELETE FROM statement_mapping", err);
}
