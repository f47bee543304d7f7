/*
 * table_data — one table of the document as CSV or JSON, for scripts
 * (docs/report-data.md describes both formats).
 *
 * Unlike the spreadsheet, these carry the exact figures: amounts in öre
 * (CSV: kronor with two decimals and a dot, "-4270918.10"), percentages in
 * hundredths, so that a script can recompute and compare. Columns are
 * named by stable keys derived from the titles ("rad", "not",
 * "budget_helar_2023"), the same in both formats.
 */
#include "render/render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/xalloc.h"

/* ---- column keys ------------------------------------------------------------------------- */

/* Letters outside ASCII that have an obvious ASCII form in a key. */
static const struct {
	const char *utf8, *ascii;
} fold_table[] = {
	{ "å", "a" }, { "ä", "a" }, { "ö", "o" }, { "Å", "a" }, { "Ä", "a" }, { "Ö", "o" },
	{ "é", "e" }, { "É", "e" }, { "è", "e" }, { "ü", "u" }, { "Ü", "u" }, { "æ", "ae" },
	{ "Æ", "ae" }, { "ø", "o" }, { "Ø", "o" }, { "á", "a" }, { "à", "a" }, { "í", "i" },
	{ "ó", "o" }, { "ú", "u" },
};

/* A title as a key: lower-case ASCII letters and digits, every other run
 * of characters one "_", none at either end. Allocated; "" when nothing
 * is left. */
static char *slug(const char *title)
{
	struct buf b = BUF_INIT(0);
	bool sep = false;
	for (const char *p = title ? title : ""; *p;) {
		const char *ascii = NULL;
		size_t len = 1;
		unsigned char c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			char one[2] = { (char)c, 0 };
			buf_puts(&b, sep && b.len ? "_" : "");
			buf_puts(&b, one);
			sep = false;
			p++;
			continue;
		}
		if (c >= 'A' && c <= 'Z') {
			char one[2] = { (char)(c + 32), 0 };
			buf_puts(&b, sep && b.len ? "_" : "");
			buf_puts(&b, one);
			sep = false;
			p++;
			continue;
		}
		for (size_t i = 0; i < sizeof fold_table / sizeof fold_table[0]; i++) {
			size_t n = strlen(fold_table[i].utf8);
			if (strncmp(p, fold_table[i].utf8, n) == 0) {
				ascii = fold_table[i].ascii;
				len = n;
				break;
			}
		}
		if (ascii) {
			buf_puts(&b, sep && b.len ? "_" : "");
			buf_puts(&b, ascii);
			sep = false;
		} else {
			/* Anything else separates words; skip a whole UTF-8 sequence. */
			sep = true;
			if (c >= 0xC0)
				while ((((unsigned char)p[len]) & 0xC0) == 0x80)
					len++;
		}
		p += len;
	}
	char *s = buf_take(&b);
	return s ? s : xstrdup("");
}

static bool is_note_column(const struct doc_column *c)
{
	return c->type == DC_TEXT && c->title && strcasecmp(c->title, "Not") == 0;
}

/* The table's column keys, unique: the first text column "rad", a "Not"
 * column "not", the others from their titles ("kolumn_N" when a title
 * gives nothing); a repeated key gets "_2", "_3". The keys "typ" and
 * "status" are kept for the CSV's own columns. Free with keys_free. */
static char **column_keys(const struct doc_table *t)
{
	char **keys = xcalloc(t->ncols ? t->ncols : 1, sizeof *keys);
	bool have_rad = false;
	for (size_t i = 0; i < t->ncols; i++) {
		const struct doc_column *c = &t->cols[i];
		char *base;
		if (c->type == DC_TEXT && !have_rad && !is_note_column(c)) {
			base = xstrdup("rad");
			have_rad = true;
		} else if (is_note_column(c)) {
			base = xstrdup("not");
		} else {
			base = slug(c->title);
			if (!*base) {
				free(base);
				base = xasprintf("kolumn_%zu", i + 1);
			}
		}
		char *key = xstrdup(base);
		for (int n = 2;; n++) {
			bool taken = strcmp(key, "typ") == 0 || strcmp(key, "status") == 0;
			for (size_t j = 0; j < i && !taken; j++)
				taken = strcmp(keys[j], key) == 0;
			if (!taken)
				break;
			free(key);
			key = xasprintf("%s_%d", base, n);
		}
		free(base);
		keys[i] = key;
	}
	return keys;
}

static void keys_free(char **keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

/* ---- values ------------------------------------------------------------------------------ */

static const char *const kind_csv[] = { "normal", "rubrik", "delsumma", "summa" };
static const char *const kind_json[] = { "line", "heading", "subtotal", "total" };
static const char *const status_name[] = { "", "green", "yellow", "red" };

static size_t kind_index(enum doc_row_kind k)
{
	return k >= DR_NORMAL && k <= DR_TOTAL ? (size_t)k : 0;
}

/* Hundredths as a decimal with a dot: 400454400 → "4004544.00",
 * -427091810 → "-4270918.10", -5 → "-0.05". */
static void put_hundredths(struct buf *b, int64_t v)
{
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	buf_printf(b, "%s%llu.%02llu", v < 0 ? "-" : "", (unsigned long long)(u / 100),
		   (unsigned long long)(u % 100));
}

/* A cell's runs as one line of plain text: "\n" runs as a space, bullet
 * items joined with "; ". */
static void put_text_line(struct buf *b, const struct doc_runs *r)
{
	size_t start = b->len;
	for (size_t i = 0; i < r->n; i++) {
		const struct doc_run *run = &r->v[i];
		if (strcmp(run->text, "\n") == 0) {
			buf_putc(b, ' ');
			continue;
		}
		if ((run->style & DOC_BULLET) && b->len > start)
			buf_puts(b, "; ");
		buf_puts(b, run->text);
	}
}

/* A cell's runs as text with line breaks: "\n" runs and bullet items
 * each start a line (the JSON's text). */
static void put_text_lines(struct buf *b, const struct doc_runs *r)
{
	size_t start = b->len;
	for (size_t i = 0; i < r->n; i++) {
		const struct doc_run *run = &r->v[i];
		if ((run->style & DOC_BULLET) && b->len > start && b->data[b->len - 1] != '\n')
			buf_putc(b, '\n');
		buf_puts(b, run->text);
	}
}

/* The cell's text, or its note when it has no text. */
static void cell_plain(struct buf *b, const struct doc_cell *c, bool lines)
{
	bool any = false;
	for (size_t i = 0; i < c->runs.n && !any; i++)
		any = c->runs.v[i].text[0] != '\0';
	if (any) {
		if (lines)
			put_text_lines(b, &c->runs);
		else
			put_text_line(b, &c->runs);
	} else if (c->note) {
		buf_puts(b, c->note);
	}
}

/* The CSV field of a cell (into b, which is reset first). */
static void csv_value(struct buf *b, const struct doc_column *col, const struct doc_cell *c)
{
	buf_reset(b);
	if (col->type == DC_TEXT || !c->has_value) {
		cell_plain(b, c, false);
		return;
	}
	switch (col->type) {
	case DC_KRONOR:
	case DC_PERCENT:
	case DC_DECIMAL: put_hundredths(b, c->value); break;
	case DC_INT: buf_put_int(b, c->value); break;
	case DC_TEXT: break;
	}
}

/* ---- CSV --------------------------------------------------------------------------------- */

/* A field, quoted per RFC 4180 when it holds a comma, a quote or a line
 * break; then a comma, or CRLF after the last field. */
static void csv_field(FILE *f, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				fputc('"', f);
			fputc(*p, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputs(last ? "\r\n" : ",", f);
}

bool render_table_csv(const struct doc_table *t, FILE *f, struct error *err)
{
	char **keys = column_keys(t);
	bool status = doc_table_has_status(t);
	for (size_t i = 0; i < t->ncols; i++)
		csv_field(f, keys[i], false);
	if (status)
		csv_field(f, "status", false);
	csv_field(f, "typ", true);
	struct buf b = BUF_INIT(0);
	for (size_t r = 0; r < t->nrows; r++) {
		const struct doc_row *row = &t->rows[r];
		for (size_t i = 0; i < t->ncols; i++) {
			csv_value(&b, &t->cols[i], &row->cells[i]);
			csv_field(f, buf_cstr(&b), false);
		}
		if (status) {
			enum doc_status st = doc_row_status(t, row);
			csv_field(f, doc_status_valid(st) ? status_name[st] : "", false);
		}
		csv_field(f, kind_csv[kind_index(row->kind)], true);
	}
	buf_free(&b);
	keys_free(keys, t->ncols);
	if (ferror(f)) {
		error_set(err, ERR_INTERNAL, "tabellen %s kunde inte skrivas som CSV",
			  t->key ? t->key : "");
		return false;
	}
	return true;
}

/* ---- JSON -------------------------------------------------------------------------------- */

static const char *const type_name[] = { "text", "kronor", "int", "percent", "decimal" };

/* Everything added to the tree goes through these, so that a string that
 * is not UTF-8 (which jansson refuses) fails the table instead of
 * dropping a field silently. */
struct jb {
	bool bad; /* a value could not be made */
};

static json_t *jstr(struct jb *j, const char *s)
{
	json_t *v = s ? json_string(s) : json_null();
	if (!v)
		j->bad = true;
	return v;
}

static void jset(struct jb *j, json_t *obj, const char *key, json_t *v)
{
	if (!v || json_object_set_new(obj, key, v) != 0)
		j->bad = true;
}

static void jappend(struct jb *j, json_t *arr, json_t *v)
{
	if (!v || json_array_append_new(arr, v) != 0)
		j->bad = true;
}

/* A cell's JSON value: text as a string, a figure as {"value", "shown"}
 * (with "text" when the cell also has text), null when empty. */
static json_t *json_cell(struct jb *j, const struct doc_column *col, const struct doc_cell *c,
			 struct buf *b)
{
	buf_reset(b);
	cell_plain(b, c, true);
	if (col->type == DC_TEXT)
		return jstr(j, buf_cstr(b));
	if (!c->has_value && b->len == 0)
		return json_null();
	json_t *o = json_object();
	if (c->has_value) {
		jset(j, o, "value", json_integer(c->value));
		jset(j, o, "shown", json_integer(c->shown));
	}
	if (b->len)
		jset(j, o, "text", jstr(j, buf_cstr(b)));
	return o;
}

static json_t *json_column(struct jb *j, const struct doc_column *c, const char *key)
{
	json_t *o = json_object();
	jset(j, o, "key", jstr(j, key));
	jset(j, o, "title", jstr(j, c->title ? c->title : ""));
	size_t ti = c->type >= DC_TEXT && c->type <= DC_DECIMAL ? (size_t)c->type : 0;
	jset(j, o, "type", jstr(j, type_name[ti]));
	if (c->type == DC_KRONOR || c->type == DC_PERCENT || c->type == DC_DECIMAL)
		jset(j, o, "scale", json_integer(100));
	else if (c->type == DC_INT)
		jset(j, o, "scale", json_integer(1));
	return o;
}

static json_t *json_row(struct jb *j, const struct doc_table *t, const struct doc_row *r,
			char **keys, struct buf *b)
{
	json_t *o = json_object();
	jset(j, o, "kind", jstr(j, kind_json[kind_index(r->kind)]));
	jset(j, o, "indent", json_integer(r->indent));
	if (doc_status_valid(r->status))
		jset(j, o, "status", jstr(j, status_name[r->status]));
	json_t *cells = json_object();
	json_t *cell_status = NULL;
	for (size_t i = 0; i < t->ncols; i++) {
		jset(j, cells, keys[i], json_cell(j, &t->cols[i], &r->cells[i], b));
		if (doc_status_valid(r->cells[i].status)) {
			if (!cell_status)
				cell_status = json_object();
			jset(j, cell_status, keys[i], jstr(j, status_name[r->cells[i].status]));
		}
	}
	jset(j, o, "cells", cells);
	if (cell_status)
		jset(j, o, "cell_status", cell_status);
	return o;
}

bool render_table_json(const struct doc_table *t, FILE *f, struct error *err)
{
	static const char *const style_name[] = { "figures", "grid", "card" };
	struct jb j = { false };
	char **keys = column_keys(t);
	struct buf b = BUF_INIT(0);
	json_t *root = json_object();
	jset(&j, root, "table", jstr(&j, t->key));
	jset(&j, root, "title", jstr(&j, t->title));
	size_t si = t->style >= DTS_FIGURES && t->style <= DTS_CARD ? (size_t)t->style : 0;
	jset(&j, root, "style", jstr(&j, style_name[si]));
	jset(&j, root, "source", jstr(&j, t->source));
	jset(&j, root, "amount_unit", jstr(&j, "öre"));
	json_t *cols = json_array();
	for (size_t i = 0; i < t->ncols; i++)
		jappend(&j, cols, json_column(&j, &t->cols[i], keys[i]));
	jset(&j, root, "columns", cols);
	json_t *rows = json_array();
	for (size_t r = 0; r < t->nrows; r++)
		jappend(&j, rows, json_row(&j, t, &t->rows[r], keys, &b));
	jset(&j, root, "rows", rows);
	bool ok = !j.bad;
	if (!ok)
		error_set(err, ERR_INTERNAL, "tabellen %s har text som inte är UTF-8",
			  t->key ? t->key : "");
	else if (json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
		 fputc('\n', f) == EOF || ferror(f)) {
		error_set(err, ERR_INTERNAL, "tabellen %s kunde inte skrivas som JSON",
			  t->key ? t->key : "");
		ok = false;
	}
	json_decref(root);
	buf_free(&b);
	keys_free(keys, t->ncols);
	return ok;
}
