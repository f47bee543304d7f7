/*
 * ph_books — placeholders from the books: the resultaträkning, the
 * balansräkning and their notes as tables, and any line's amount in
 * running text. A line's printed figure is computed by one function
 * (shown_of) for the table and the text alike, with the report's rounding.
 */
#include "report/ph.h"

#include <stdlib.h>
#include <string.h>

#include "report/rounding.h"
#include "report/typo.h"
#include "util/xalloc.h"

#define NO_PIN ((size_t)-1)

static int64_t *shown_pinned(const struct report *r, const struct stmt_table *t, int cmp,
			     size_t pin_row, int64_t pin);

/* The row of t that an earlier table's printed figure pins, and that
 * figure: the balance sheet's result line takes the income statement's
 * printed result; a note with one sum takes its line's printed amount. */
static size_t pin_of(const struct report *r, const struct stmt_table *t, int cmp, int64_t *pin)
{
	if (t == &r->br) {
		size_t res = NO_PIN, line = NO_PIN;
		for (size_t i = 0; i < r->rr.nrows; i++)
			if (r->rr.rows[i].kind == SR_SUM)
				res = i;
		for (size_t i = 0; i < t->nrows; i++)
			if (t->rows[i].line && t->rows[i].line->result)
				line = i;
		if (res == NO_PIN || line == NO_PIN)
			return NO_PIN;
		int64_t *rr = shown_pinned(r, &r->rr, cmp, NO_PIN, 0);
		*pin = rr[res];
		free(rr);
		return line;
	}
	if (t->note <= 0)
		return NO_PIN;
	size_t sum = NO_PIN, nsums = 0;
	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i].kind == SR_SUM) {
			sum = i;
			nsums++;
		}
	const struct stmt_table *const stmts[2] = { &r->rr, &r->br };
	for (int s = 0; nsums == 1 && s < 2; s++)
		for (size_t i = 0; i < stmts[s]->nrows; i++)
			if (stmts[s]->rows[i].note == t->note) {
				int64_t *v = shown_pinned(r, stmts[s], cmp, NO_PIN, 0);
				size_t p2;
				int64_t pin2 = 0;
				if ((p2 = pin_of(r, stmts[s], cmp, &pin2)) != NO_PIN) {
					free(v);
					v = shown_pinned(r, stmts[s], cmp, p2, pin2);
				}
				*pin = v[i] < 0 ? -v[i] : v[i];
				free(v);
				return sum;
			}
	return NO_PIN;
}

/* The printed figures of column `cmp` (0 period, 1 comparison) of t. */
static int64_t *shown_of(const struct report *r, const struct stmt_table *t, int cmp)
{
	int64_t pin = 0;
	size_t row = pin_of(r, t, cmp, &pin);
	return shown_pinned(r, t, cmp, row, pin);
}

static int64_t *shown_pinned(const struct report *r, const struct stmt_table *t, int cmp,
			     size_t pin_row, int64_t pin)
{
	struct round_item *items = xcalloc(t->nrows ? t->nrows : 1, sizeof *items);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct stmt_row *row = &t->rows[i];
		items[i].exact = cmp ? row->comparison : row->amount;
		items[i].sum_level = row->kind == SR_SUM ? (row->level ? row->level : 1) : 0;
		items[i].skip = row->kind == SR_HEADING;
		items[i].pinned = i == pin_row;
		items[i].pin = pin;
	}
	int64_t *shown = xcalloc(t->nrows ? t->nrows : 1, sizeof *shown);
	round_items(items, t->nrows, !r->h.plain_rounding, shown);
	free(items);
	return shown;
}

static char *date_title(struct doc *d, date_t from, date_t to, bool span)
{
	char a[16], b[16];
	if (!span)
		return doc_strdup(d, date_format(to, b));
	return doc_printf(d, "%s\n\u2013%s", date_format(from, a), date_format(to, b));
}

/* A statement table as a document table, with a Not column when any row
 * refers to a note. */
static void add_statement(struct report *r, const struct stmt_table *st, const char *key,
			  const char *title, bool span)
{
	struct doc *d = r->doc;
	bool notes = false;
	for (size_t i = 0; i < st->nrows; i++)
		notes |= st->rows[i].note > 0;
	size_t ncols = 2 + notes + st->has_comparison;
	struct doc_table *t = doc_table_new(d, report_table_key(r, key), title, DTS_FIGURES, ncols);
	size_t c = 0;
	doc_table_col(d, t, c++, "", DC_TEXT, 44);
	if (notes)
		doc_table_col(d, t, c++, "Not", DC_TEXT, 5);
	doc_table_col(d, t, c++, date_title(d, st->from, st->to, span), DC_KRONOR, 15);
	if (st->has_comparison)
		doc_table_col(d, t, c++, date_title(d, st->cmp_from, st->cmp_to, span), DC_KRONOR, 15);
	char a[16], b[16];
	t->source = doc_printf(d, "Bokföringen %s\u2013%s", date_format(st->from, a),
			       date_format(st->to, b));
	int64_t *shown = shown_of(r, st, 0), *shown_cmp = shown_of(r, st, 1);
	for (size_t i = 0; i < st->nrows; i++) {
		const struct stmt_row *sr = &st->rows[i];
		enum doc_row_kind kind = sr->kind == SR_HEADING ? DR_HEADING
					 : sr->kind == SR_SUM   ? (sr->level >= 2 ? DR_TOTAL : DR_SUBTOTAL)
								: DR_NORMAL;
		struct doc_row *row = doc_table_row(d, t, kind, 0);
		doc_cell_text(d, &row->cells[0], sr->label,
			      sr->kind == SR_LINE ? DOC_PLAIN : DOC_BOLD);
		c = 1;
		if (notes) {
			if (sr->note) {
				char *n = doc_printf(d, "%d", sr->note);
				doc_cell_text(d, &row->cells[c], n, DOC_PLAIN);
				row->cells[c].note = n;
			}
			c++;
		}
		if (sr->kind == SR_HEADING)
			continue;
		doc_cell_money(&row->cells[c++], sr->amount, shown[i]);
		if (st->has_comparison)
			doc_cell_money(&row->cells[c], sr->comparison, shown_cmp[i]);
	}
	free(shown);
	free(shown_cmp);
	doc_add_block(d, DB_TABLE)->u.table = t;
}

bool ph_rr(struct report *r, const struct placeholder *p, struct doc_runs *runs, unsigned style,
	   struct error *err)
{
	(void)p, (void)runs, (void)style;
	if (!report_statements(r, err))
		return false;
	add_statement(r, &r->rr, "resultatrakning", "Resultaträkning", true);
	return true;
}

bool ph_br(struct report *r, const struct placeholder *p, struct doc_runs *runs, unsigned style,
	   struct error *err)
{
	(void)p, (void)runs, (void)style;
	if (!report_statements(r, err))
		return false;
	add_statement(r, &r->br, "balansrakning", "Balansräkning", false);
	return true;
}

static void add_note(struct report *r, const struct stmt_table *n)
{
	struct doc *d = r->doc;
	struct doc_block *h = doc_add_block(d, DB_HEADING);
	h->u.heading.level = 3;
	h->u.heading.anchor = doc_printf(d, "not-%d", n->note);
	doc_run_add(d, &h->u.heading.runs, n->title, DOC_PLAIN);
	if (n->text) {
		doc_run_add(d, &doc_add_block(d, DB_PARAGRAPH)->u.paragraph, n->text, DOC_PLAIN);
		return;
	}
	char *key = doc_printf(d, "not-%d", n->note);
	add_statement(r, n, key, NULL, false);
	/* The table is captioned by the heading above it; keep its title for
	 * the spreadsheet's sheet name. */
	struct doc_table *t = d->blocks[d->nblocks - 1].u.table;
	t->title = doc_strdup(d, n->title);
}

bool ph_notes(struct report *r, const struct placeholder *p, struct doc_runs *runs,
	      unsigned style, struct error *err)
{
	(void)runs, (void)style;
	if (!report_statements(r, err))
		return false;
	if (!r->nnotes) {
		report_ph_error(r, p, err, "mappningen har inga noter (se finsam mapping)");
		return false;
	}
	for (size_t i = 0; i < r->nnotes; i++)
		add_note(r, &r->notes[i]);
	return true;
}

bool ph_note(struct report *r, const struct placeholder *p, struct doc_runs *runs,
	     unsigned style, struct error *err)
{
	(void)runs, (void)style;
	if (!report_statements(r, err))
		return false;
	const char *s = ph_pos(p, 0);
	char *end;
	long n = strtol(s, &end, 10);
	for (size_t i = 0; *end == '\0' && i < r->nnotes; i++)
		if (r->notes[i].note == n) {
			add_note(r, &r->notes[i]);
			return true;
		}
	report_ph_error(r, p, err, "det finns ingen not %s i mappningen (se finsam mapping)", s);
	return false;
}

bool ph_amount(struct report *r, const struct placeholder *p, struct doc_runs *runs,
	       unsigned style, struct error *err)
{
	if (!report_statements(r, err))
		return false;
	const char *which = ph_pos(p, 0), *label = ph_pos(p, 1);
	const char *col = ph_opt(p, "kolumn"), *unit = ph_opt(p, "enhet");
	const struct stmt_table *t = !strcmp(which, "rr") ? &r->rr : !strcmp(which, "br") ? &r->br : NULL;
	if (!t) {
		report_ph_error(r, p, err, "{{ belopp %s … }}: välj rr eller br", which);
		return false;
	}
	int cmp = 0;
	if (col && !strcmp(col, "jämförelse"))
		cmp = 1;
	else if (col && strcmp(col, "period") != 0) {
		report_ph_error(r, p, err, "kolumn=%s: välj period eller jämförelse", col);
		return false;
	}
	if (cmp && !t->has_comparison) {
		report_ph_error(r, p, err, "rapporten har ingen jämförelseperiod");
		return false;
	}
	if (unit && strcmp(unit, "kr") != 0 && strcmp(unit, "tkr") != 0) {
		report_ph_error(r, p, err, "enhet=%s: välj kr eller tkr", unit);
		return false;
	}
	for (size_t i = 0; i < t->nrows; i++) {
		if (strcmp(t->rows[i].label, label) != 0 || t->rows[i].kind == SR_HEADING)
			continue;
		char buf[TYPO_BUF];
		if (unit && !strcmp(unit, "tkr")) {
			money_t m = cmp ? t->rows[i].comparison : t->rows[i].amount;
			ph_figure(r, runs, style, typo_int(report_tkr(m), buf, sizeof buf));
		} else {
			int64_t *shown = shown_of(r, t, cmp);
			ph_figure(r, runs, style, typo_int(shown[i], buf, sizeof buf));
			free(shown);
		}
		return true;
	}
	report_ph_error(r, p, err, "%s har ingen rad \"%s\"", !strcmp(which, "rr") ? "resultaträkningen" : "balansräkningen", label);
	return false;
}
