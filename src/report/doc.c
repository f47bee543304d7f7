/*
 * doc — building the document tree; see doc.h.
 *
 * Arrays that grow (blocks, rows, runs) are reallocated inside the arena:
 * the old copy stays until doc_free, which costs a little memory and
 * keeps ownership trivial (one arena, freed once).
 */
#include "report/doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report/typo.h"
#include "util/buf.h"
#include "util/xalloc.h"

void doc_init(struct doc *d)
{
	memset(d, 0, sizeof *d);
	arena_init(&d->arena);
	d->lang = "sv";
}

void doc_free(struct doc *d)
{
	if (!d)
		return;
	arena_free(&d->arena);
	memset(d, 0, sizeof *d);
}

char *doc_strdup(struct doc *d, const char *s)
{
	return arena_strdup(&d->arena, s);
}

char *doc_printf(struct doc *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = arena_alloc(&d->arena, (size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* Make room for `need` elements of `size` in an arena array. */
static void *grow(struct doc *d, void *v, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return v;
	size_t ncap = *cap ? *cap * 2 : 8;
	while (ncap < need)
		ncap *= 2;
	void *nv = arena_alloc(&d->arena, ncap * size);
	memset(nv, 0, ncap * size);
	if (v && *cap)
		memcpy(nv, v, *cap * size);
	*cap = ncap;
	return nv;
}

struct doc_block *doc_add_block(struct doc *d, enum doc_block_kind kind)
{
	d->blocks = grow(d, d->blocks, &d->cap, d->nblocks + 1, sizeof *d->blocks);
	struct doc_block *b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

void doc_run_add(struct doc *d, struct doc_runs *r, const char *text, unsigned style)
{
	r->v = grow(d, r->v, &r->cap, r->n + 1, sizeof *r->v);
	struct doc_run *run = &r->v[r->n++];
	run->text = doc_strdup(d, text ? text : "");
	run->style = style;
	run->link = NULL;
}

char *doc_runs_text(struct doc *d, const struct doc_runs *r)
{
	struct buf b = BUF_INIT(0);
	for (size_t i = 0; i < r->n; i++) {
		if ((r->v[i].style & DOC_BULLET) && b.len)
			buf_putc(&b, '\n');
		buf_puts(&b, r->v[i].text);
	}
	char *s = doc_strdup(d, buf_cstr(&b));
	buf_free(&b);
	return s;
}

struct doc_table *doc_table_new(struct doc *d, const char *key, const char *title,
				enum doc_table_style style, size_t ncols)
{
	struct doc_table *t = arena_alloc(&d->arena, sizeof *t);
	memset(t, 0, sizeof *t);
	t->key = doc_strdup(d, key);
	t->title = title ? doc_strdup(d, title) : NULL;
	t->style = style;
	t->ncols = ncols;
	t->cols = arena_alloc(&d->arena, ncols * sizeof *t->cols);
	memset(t->cols, 0, ncols * sizeof *t->cols);
	t->header = true;
	return t;
}

void doc_table_col(struct doc *d, struct doc_table *t, size_t i, const char *title,
		   enum doc_col_type type, int width)
{
	t->cols[i].title = doc_strdup(d, title ? title : "");
	t->cols[i].type = type;
	t->cols[i].width = width;
}

struct doc_row *doc_table_row(struct doc *d, struct doc_table *t, enum doc_row_kind kind,
			      int indent)
{
	t->rows = grow(d, t->rows, &t->rows_cap, t->nrows + 1, sizeof *t->rows);
	struct doc_row *r = &t->rows[t->nrows++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->indent = indent;
	r->cells = arena_alloc(&d->arena, t->ncols * sizeof *r->cells);
	memset(r->cells, 0, t->ncols * sizeof *r->cells);
	return r;
}

void doc_cell_text(struct doc *d, struct doc_cell *c, const char *text, unsigned style)
{
	doc_run_add(d, &c->runs, text, style);
}

void doc_cell_money(struct doc_cell *c, money_t value, int64_t shown_kronor)
{
	c->has_value = true;
	c->value = value;
	c->shown = shown_kronor;
}

void doc_cell_int(struct doc_cell *c, int64_t n)
{
	c->has_value = true;
	c->value = n;
	c->shown = n;
}

void doc_cell_percent(struct doc_cell *c, int64_t hundredths)
{
	c->has_value = true;
	c->value = hundredths;
	c->shown = typo_whole_percent(hundredths);
}

void doc_cell_decimal(struct doc_cell *c, int64_t hundredths)
{
	c->has_value = true;
	c->value = hundredths;
	c->shown = hundredths;
}

struct doc_chart *doc_chart_new(struct doc *d, enum doc_chart_kind kind, const char *title,
				const char *unit, int64_t scale, size_t ncategories,
				size_t nseries)
{
	struct doc_chart *c = arena_alloc(&d->arena, sizeof *c);
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->title = doc_strdup(d, title);
	c->unit = doc_strdup(d, unit);
	c->scale = scale > 0 ? scale : 1;
	c->ncategories = ncategories;
	c->categories = arena_alloc(&d->arena, (ncategories ? ncategories : 1) * sizeof(char *));
	memset(c->categories, 0, (ncategories ? ncategories : 1) * sizeof(char *));
	c->nseries = nseries;
	c->series = arena_alloc(&d->arena, (nseries ? nseries : 1) * sizeof *c->series);
	memset(c->series, 0, (nseries ? nseries : 1) * sizeof *c->series);
	for (size_t s = 0; s < nseries; s++) {
		size_t bytes = (ncategories ? ncategories : 1) * sizeof(int64_t);
		c->series[s].values = arena_alloc(&d->arena, bytes);
		memset(c->series[s].values, 0, bytes);
	}
	return c;
}

struct doc_table **doc_tables(struct doc *d, size_t *n)
{
	size_t count = 0;
	for (size_t i = 0; i < d->nblocks; i++)
		count += d->blocks[i].kind == DB_TABLE;
	struct doc_table **v = arena_alloc(&d->arena, (count ? count : 1) * sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < d->nblocks; i++)
		if (d->blocks[i].kind == DB_TABLE)
			v[k++] = d->blocks[i].u.table;
	*n = count;
	return v;
}

bool doc_status_valid(enum doc_status s)
{
	return s == DS_GREEN || s == DS_YELLOW || s == DS_RED;
}

bool doc_table_has_status(const struct doc_table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		if (doc_status_valid(t->rows[r].status))
			return true;
		for (size_t c = 0; c < t->ncols; c++)
			if (doc_status_valid(t->rows[r].cells[c].status))
				return true;
	}
	return false;
}

enum doc_status doc_row_status(const struct doc_table *t, const struct doc_row *r)
{
	if (doc_status_valid(r->status))
		return r->status;
	for (size_t c = 0; c < t->ncols; c++)
		if (doc_status_valid(r->cells[c].status))
			return r->cells[c].status;
	return DS_NONE;
}
