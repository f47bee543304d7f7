/*
 * statement — the resultaträkning, the balansräkning and the notes
 * computed from the books by a mapping; see statement.h.
 *
 * The books come from books/balance.c, one trial balance for the period
 * and one for the comparison, merged into one list of accounts. Each line
 * of a list (the RR, the BR, a note's rows) is evaluated in two forms: in
 * the books' terms (debit positive, `raw`), which the checks compare, and
 * as the statement shows it (`amount`). A sum of level L adds the lines
 * since the previous sum of level L or higher; a line with nothing in
 * either column is left out, and so are the sums and headings that only
 * such lines are under.
 */
#include "report/statement.h"

#include <stdlib.h>
#include <string.h>

#include "books/balance.h"
#include "books/chart.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define LEVEL_MAX 3

/* Which list a line belongs to: decides the accounts it may select and
 * what an account contributes. */
enum section { SEC_RR, SEC_BR, SEC_NOTE };

/* ---- the books ----------------------------------------------------------------------- */

struct acct {
	char *number, *name;
	char type;      /* T, S, K or I */
	money_t v[2];   /* what it contributes to a line, books' terms: the change
			 * (K, I) or the closing balance (T, S); per column */
	money_t ytd[2]; /* K, I: the balance since the year's start, for the
			 * BR's open result */
};

struct books {
	struct acct *a;     /* by account number */
	size_t n;
	bool has_cmp;
	money_t open_result[2]; /* every K and I account's ytd added (899x included) */
	date_t from, to, cmp_from, cmp_to;
};

static void books_free(struct books *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->a[i].number);
		free(b->a[i].name);
	}
	free(b->a);
}

/* Add the amounts of trial-balance row r as column c. */
static void acct_take(struct books *b, struct acct *a, const struct tb_row *r, int c)
{
	bool balance = chart_is_balance_type(r->type);
	a->v[c] += balance ? r->closing : r->change;
	if (!balance) {
		a->ytd[c] += r->closing;
		b->open_result[c] += r->closing;
	}
}

/* Merge a trial balance (sorted by account number, one row per account)
 * into the accounts as column c. */
static void books_add(struct books *b, const struct tb_result *tb, int c)
{
	size_t n = b->n + tb->nrows, i = 0, j = 0, k = 0;
	struct acct *merged = xcalloc(n ? n : 1, sizeof *merged);
	while (i < b->n || j < tb->nrows) {
		const struct tb_row *r = j < tb->nrows ? &tb->rows[j] : NULL;
		int order = i == b->n ? 1 : !r ? -1 : strcmp(b->a[i].number, r->number);
		if (order <= 0) {
			merged[k] = b->a[i++];
		} else {
			merged[k] = (struct acct){ .number = xstrdup(r->number),
						   .name = xstrdup(r->name),
						   .type = r->type };
		}
		if (order >= 0)
			acct_take(b, &merged[k], &tb->rows[j++], c);
		k++;
	}
	free(b->a);
	b->a = merged;
	b->n = k;
}

/* The fiscal year that ends the day before `start`; *found false if none. */
static bool previous_year(struct store *st, date_t start, int64_t *id, date_t *from, date_t *to,
			  bool *found, struct error *err)
{
	sqlite3_stmt *q;
	*found = false;
	if (!store_prepare(st, &q,
			   "SELECT id, start_date, end_date FROM fiscal_year WHERE end_date = ?", err))
		return false;
	sqlite3_bind_int64(q, 1, date_add_days(start, -1));
	int rc = store_step(st, q, err);
	if (rc == SQLITE_ROW) {
		*found = true;
		*id = sqlite3_column_int64(q, 0);
		*from = (date_t)sqlite3_column_int64(q, 1);
		*to = (date_t)sqlite3_column_int64(q, 2);
	}
	sqlite3_finalize(q);
	return rc >= 0;
}

/* The year of a period: the one holding `from`, else `to`, else the
 * latest with data. */
static bool year_of(struct store *st, date_t from, date_t to, int64_t *id, struct error *err)
{
	if (!balance_find_year(st, 0, from ? from : to, id, err))
		return false;
	if (!*id) {
		char d[11];
		if (from || to)
			error_set(err, ERR_INPUT, "inget räkenskapsår innehåller %s",
				  date_format(from ? from : to, d));
		else
			error_set(err, ERR_INPUT, "databasen har ingen bokföring än; läs in en "
						  "SIE-fil med \"finsam import FIL\"");
		return false;
	}
	return true;
}

static bool trial(struct store *st, int64_t year, date_t from, date_t to, struct tb_result *tb,
		  struct error *err)
{
	struct tb_query tq = { .year_id = year, .from = from, .to = to };
	return balance_trial(st, &tq, tb, err);
}

static bool books_load(struct store *st, const struct stmt_query *q, struct books *b,
		       struct error *err)
{
	memset(b, 0, sizeof *b);
	int64_t year = 0;
	struct tb_result tb;
	if (!year_of(st, q->from, q->to, &year, err) || !trial(st, year, q->from, q->to, &tb, err))
		return false;
	b->from = tb.from;
	b->to = tb.to;
	books_add(b, &tb, 0);
	date_t year_start = tb.year_start;
	tb_result_free(&tb);
	if (q->no_comparison)
		return true;
	int64_t cmp_year = 0;
	date_t cf = q->cmp_from, ct = q->cmp_to;
	if (cf || ct) {
		if (!year_of(st, cf, ct, &cmp_year, err))
			return false;
	} else {
		bool found;
		if (!previous_year(st, year_start, &cmp_year, &cf, &ct, &found, err))
			return false;
		if (!found)
			return true;
	}
	if (!trial(st, cmp_year, cf, ct, &tb, err))
		return false;
	b->has_cmp = true;
	b->cmp_from = tb.from;
	b->cmp_to = tb.to;
	books_add(b, &tb, 1);
	tb_result_free(&tb);
	return true;
}

/* ---- selecting accounts -------------------------------------------------------------- */

static bool range_has(const struct stmt_range *rg, const char *number)
{
	size_t len = strlen(rg->lo);
	return strlen(number) >= len && strncmp(number, rg->lo, len) >= 0 &&
	       strncmp(number, rg->hi, len) <= 0;
}

static bool accounts_have(const struct stmt_accounts *a, const char *number)
{
	bool in = false;
	for (size_t i = 0; i < a->n; i++) {
		if (!range_has(&a->v[i], number))
			continue;
		if (a->v[i].not)
			return false;
		in = true;
	}
	return in;
}

/* Whether an account may be on a line of the section at all: the RR
 * holds income and costs, the BR assets, equity and liabilities, and the
 * closing entries 899x are on neither (they belong to the BR's result). */
static bool section_takes(enum section sec, const struct acct *a)
{
	if (chart_is_result_closing(a->number))
		return false;
	bool balance = chart_is_balance_type(a->type);
	return sec == SEC_RR ? !balance : sec == SEC_BR ? balance : true;
}

static bool selects(const struct stmt_line *l, enum section sec, const struct acct *a)
{
	return l->kind == SL_LINE && section_takes(sec, a) && accounts_have(&l->accounts, a->number);
}

bool stmt_line_selects(const struct stmt_line *l, bool in_rr, const char *number, char type)
{
	const struct acct a = { .number = (char *)number, .type = type };
	return selects(l, in_rr ? SEC_RR : SEC_BR, &a);
}

/* An account in its natural direction: +1 for T and K, −1 for S and I. */
static int natural(const struct acct *a)
{
	return a->type == 'T' || a->type == 'K' ? 1 : -1;
}

/* ---- evaluating a list --------------------------------------------------------------- */

struct eval {
	money_t raw[2];    /* books' terms */
	money_t amount[2]; /* as shown */
	bool shown;
};

static void eval_line(const struct books *b, const struct stmt_line *l, enum section sec,
		      struct eval *e)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct acct *a = &b->a[i];
		if (!selects(l, sec, a))
			continue;
		for (int c = 0; c < 2; c++) {
			e->raw[c] += a->v[c];
			if (sec == SEC_NOTE && !l->sign)
				e->amount[c] += natural(a) * a->v[c];
		}
	}
	for (int c = 0; c < 2; c++) {
		if (l->result)
			e->raw[c] += b->open_result[c];
		if (sec != SEC_NOTE || l->sign)
			e->amount[c] = l->sign * e->raw[c];
	}
}

/* Whether a heading at i covers a shown line: its rows run to the sum
 * that closes it, headings and sums nesting like brackets. */
static bool heading_shown(const struct stmt_line *lines, size_t n, size_t i,
			  const struct eval *ev)
{
	int depth = 0;
	for (size_t j = i + 1; j < n; j++) {
		if (lines[j].kind == SL_HEADING) {
			depth++;
		} else if (lines[j].kind == SL_SUM) {
			if (depth == 0)
				return false;
			depth--;
		} else if (ev[j].shown) {
			return true;
		}
	}
	return false;
}

/* Evaluate n lines into ev (zeroed by the caller). */
static void eval_list(const struct books *b, const struct stmt_line *lines, size_t n,
		      enum section sec, struct eval *ev)
{
	struct eval acc[LEVEL_MAX + 1];
	memset(acc, 0, sizeof acc);
	for (size_t i = 0; i < n; i++) {
		const struct stmt_line *l = &lines[i];
		struct eval *e = &ev[i];
		if (l->kind == SL_LINE) {
			eval_line(b, l, sec, e);
			e->shown = e->amount[0] || e->amount[1];
			for (int k = 1; k <= LEVEL_MAX; k++) {
				for (int c = 0; c < 2; c++) {
					acc[k].raw[c] += e->raw[c];
					acc[k].amount[c] += e->amount[c];
				}
				acc[k].shown |= e->shown;
			}
		} else if (l->kind == SL_SUM) {
			int level = l->level >= 1 && l->level <= LEVEL_MAX ? l->level : 1;
			*e = acc[level];
			for (int k = 1; k <= level; k++)
				memset(&acc[k], 0, sizeof acc[k]);
		}
	}
	for (size_t i = 0; i < n; i++)
		if (lines[i].kind == SL_HEADING)
			ev[i].shown = heading_shown(lines, n, i, ev);
}

/* ---- tables -------------------------------------------------------------------------- */

static enum stmt_row_kind row_kind(enum stmt_line_kind k)
{
	return k == SL_LINE ? SR_LINE : k == SL_HEADING ? SR_HEADING : SR_SUM;
}

static void table_init(struct stmt_table *t, const struct books *b, const char *title)
{
	memset(t, 0, sizeof *t);
	t->title = xstrdup(title);
	t->from = b->from;
	t->to = b->to;
	t->has_comparison = b->has_cmp;
	t->cmp_from = b->has_cmp ? b->cmp_from : 0;
	t->cmp_to = b->has_cmp ? b->cmp_to : 0;
}

static struct stmt_row *table_row(struct stmt_table *t, size_t *cap)
{
	t->rows = xgrow(t->rows, cap, t->nrows + 1, sizeof *t->rows);
	struct stmt_row *r = &t->rows[t->nrows++];
	memset(r, 0, sizeof *r);
	return r;
}

/* The shown lines of a list as rows of t. */
static void list_rows(struct stmt_table *t, size_t *cap, const struct stmt_line *lines, size_t n,
		      const struct eval *ev)
{
	for (size_t i = 0; i < n; i++) {
		if (!ev[i].shown)
			continue;
		struct stmt_row *r = table_row(t, cap);
		r->kind = row_kind(lines[i].kind);
		r->label = xstrdup(lines[i].label);
		r->level = lines[i].kind == SL_SUM ? lines[i].level : 0;
		r->note = lines[i].note;
		r->amount = ev[i].amount[0];
		r->comparison = ev[i].amount[1];
		r->line = &lines[i];
	}
}

static bool statement(struct store *st, const struct stmt_map *m, const struct stmt_query *q,
		      enum section sec, struct stmt_table *out, struct error *err)
{
	struct books b;
	memset(out, 0, sizeof *out);
	if (!books_load(st, q, &b, err)) {
		books_free(&b);
		return false;
	}
	const struct stmt_line *lines = sec == SEC_RR ? m->rr : m->br;
	size_t n = sec == SEC_RR ? m->nrr : m->nbr;
	struct eval *ev = xcalloc(n ? n : 1, sizeof *ev);
	eval_list(&b, lines, n, sec, ev);
	table_init(out, &b, sec == SEC_RR ? "Resultaträkning" : "Balansräkning");
	size_t cap = 0;
	list_rows(out, &cap, lines, n, ev);
	free(ev);
	books_free(&b);
	return true;
}

bool stmt_rr(struct store *st, const struct stmt_map *m, const struct stmt_query *q,
	     struct stmt_table *out, struct error *err)
{
	return statement(st, m, q, SEC_RR, out, err);
}

bool stmt_br(struct store *st, const struct stmt_map *m, const struct stmt_query *q,
	     struct stmt_table *out, struct error *err)
{
	return statement(st, m, q, SEC_BR, out, err);
}

void stmt_table_free(struct stmt_table *t)
{
	if (!t)
		return;
	free(t->title);
	free(t->text);
	for (size_t i = 0; i < t->nrows; i++)
		free(t->rows[i].label);
	free(t->rows);
	memset(t, 0, sizeof *t);
}

void stmt_tables_free(struct stmt_table *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		stmt_table_free(&v[i]);
	free(v);
}

/* ---- notes --------------------------------------------------------------------------- */

/* The RR and BR with their evaluations, for the notes and the checks. */
struct both {
	struct books b;
	struct eval *rr, *br;
};

static void both_free(struct both *x)
{
	books_free(&x->b);
	free(x->rr);
	free(x->br);
}

static bool both_load(struct store *st, const struct stmt_map *m, const struct stmt_query *q,
		      struct both *x, struct error *err)
{
	memset(x, 0, sizeof *x);
	if (!books_load(st, q, &x->b, err))
		return false;
	x->rr = xcalloc(m->nrr ? m->nrr : 1, sizeof *x->rr);
	x->br = xcalloc(m->nbr ? m->nbr : 1, sizeof *x->br);
	eval_list(&x->b, m->rr, m->nrr, SEC_RR, x->rr);
	eval_list(&x->b, m->br, m->nbr, SEC_BR, x->br);
	return true;
}

/* Whether line i of a list, or a line that the sum at i adds up,
 * references note `number` and selects account a. */
static bool referenced_selects(const struct stmt_line *lines, size_t n, enum section sec,
			       int number, const struct acct *a)
{
	for (size_t i = 0; i < n; i++) {
		if (lines[i].note != number)
			continue;
		if (lines[i].kind == SL_LINE && selects(&lines[i], sec, a))
			return true;
		if (lines[i].kind != SL_SUM)
			continue;
		/* The lines back to the previous sum of this level or higher. */
		for (size_t j = i; j-- > 0;) {
			if (lines[j].kind == SL_SUM && lines[j].level >= lines[i].level)
				break;
			if (selects(&lines[j], sec, a))
				return true;
		}
	}
	return false;
}

static bool note_has_account(const struct stmt_map *m, int number, const struct acct *a)
{
	return referenced_selects(m->rr, m->nrr, SEC_RR, number, a) ||
	       referenced_selects(m->br, m->nbr, SEC_BR, number, a);
}

/* "Summa verksamhetens intäkter": the title with its first letter small. */
static char *sum_label(const char *title)
{
	static const struct {
		const char *upper, *lower;
	} letters[] = { { "Å", "å" }, { "Ä", "ä" }, { "Ö", "ö" }, { "É", "é" }, { "Ü", "ü" } };
	for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++) {
		size_t len = strlen(letters[i].upper);
		if (strncmp(title, letters[i].upper, len) == 0)
			return xasprintf("Summa %s%s", letters[i].lower, title + len);
	}
	char first = title[0] >= 'A' && title[0] <= 'Z' ? (char)(title[0] - 'A' + 'a') : title[0];
	return xasprintf("Summa %c%s", first, title[0] ? title + 1 : "");
}

/* A note made from the books: one row per account, then the sum;
 * raw gets the accounts' sum in the books' terms. */
static void per_account_rows(const struct books *b, const struct stmt_map *m,
			     const struct stmt_note *note, struct stmt_table *t, size_t *cap,
			     money_t raw[2])
{
	money_t sum[2] = { 0, 0 };
	bool any = false;
	for (size_t i = 0; i < b->n; i++) {
		const struct acct *a = &b->a[i];
		if (!note_has_account(m, note->number, a))
			continue;
		for (int c = 0; c < 2; c++)
			raw[c] += a->v[c];
		if (!a->v[0] && !a->v[1])
			continue;
		struct stmt_row *r = table_row(t, cap);
		r->kind = SR_LINE;
		r->label = *a->name ? xstrdup(a->name) : xasprintf("Konto %s", a->number);
		r->amount = natural(a) * a->v[0];
		r->comparison = natural(a) * a->v[1];
		sum[0] += r->amount;
		sum[1] += r->comparison;
		any = true;
	}
	if (!any)
		return;
	struct stmt_row *r = table_row(t, cap);
	r->kind = SR_SUM;
	r->level = 1;
	r->label = sum_label(note->title);
	r->amount = sum[0];
	r->comparison = sum[1];
}

/* Note `k` as a table; raw[] gets the books' sum of its SL_LINE rows. */
static void note_table(const struct books *b, const struct stmt_map *m, size_t k,
		       struct stmt_table *t, money_t raw[2])
{
	const struct stmt_note *note = &m->notes[k];
	char *title = xasprintf("Not %d %s", note->number, note->title);
	table_init(t, b, title);
	free(title);
	t->note = note->number;
	t->text = xstrdup(note->text);
	size_t cap = 0;
	raw[0] = raw[1] = 0;
	if (note->per_account) {
		per_account_rows(b, m, note, t, &cap, raw);
		return;
	}
	struct eval *ev = xcalloc(note->nrows ? note->nrows : 1, sizeof *ev);
	eval_list(b, note->rows, note->nrows, SEC_NOTE, ev);
	for (size_t i = 0; i < note->nrows; i++)
		if (note->rows[i].kind == SL_LINE)
			for (int c = 0; c < 2; c++)
				raw[c] += ev[i].raw[c];
	list_rows(t, &cap, note->rows, note->nrows, ev);
	free(ev);
}

bool stmt_notes(struct store *st, const struct stmt_map *m, const struct stmt_query *q,
		struct stmt_table **out, size_t *n, struct error *err)
{
	struct books b;
	*out = NULL;
	*n = 0;
	if (!books_load(st, q, &b, err)) {
		books_free(&b);
		return false;
	}
	if (m->nnotes)
		*out = xcalloc(m->nnotes, sizeof **out);
	for (size_t k = 0; k < m->nnotes; k++) {
		money_t raw[2];
		note_table(&b, m, k, &(*out)[k], raw);
		(*n)++;
	}
	books_free(&b);
	return true;
}

/* ---- checks -------------------------------------------------------------------------- */

/* The labels of the lines of a list that select a, joined; their count. */
static int lines_selecting(const struct stmt_line *lines, size_t n, enum section sec,
			   const struct acct *a, struct buf *names)
{
	int count = 0;
	for (size_t i = 0; i < n; i++) {
		if (!selects(&lines[i], sec, a))
			continue;
		buf_printf(names, "%s%s", count ? ", " : "", lines[i].label);
		count++;
	}
	return count;
}

bool stmt_check_mapping(struct store *st, const struct stmt_map *m, const struct stmt_query *q,
			struct stmt_unmapped **out, size_t *n, struct error *err)
{
	struct books b;
	*out = NULL;
	*n = 0;
	if (!books_load(st, q, &b, err)) {
		books_free(&b);
		return false;
	}
	size_t cap = 0;
	for (size_t i = 0; i < b.n; i++) {
		const struct acct *a = &b.a[i];
		if ((!a->v[0] && !a->v[1]) || chart_is_result_closing(a->number))
			continue;
		bool rr = !chart_is_balance_type(a->type);
		struct buf names = BUF_INIT(0);
		int times = rr ? lines_selecting(m->rr, m->nrr, SEC_RR, a, &names)
			       : lines_selecting(m->br, m->nbr, SEC_BR, a, &names);
		if (times != 1) {
			*out = xgrow(*out, &cap, *n + 1, sizeof **out);
			(*out)[(*n)++] = (struct stmt_unmapped){
				.account = xstrdup(a->number),
				.name = xstrdup(a->name),
				.amount = a->v[0],
				.comparison = a->v[1],
				.times = times,
				.lines = xstrdup(buf_cstr(&names)),
				.in_rr = rr,
			};
		}
		buf_free(&names);
	}
	books_free(&b);
	return true;
}

void stmt_unmapped_free(struct stmt_unmapped *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].account);
		free(v[i].name);
		free(v[i].lines);
	}
	free(v);
}

/* Add the referencing lines of one list: their labels, shown amounts and
 * books' sums. */
static void referencing(const struct stmt_line *lines, size_t n, const struct eval *ev,
			int number, struct buf *names, money_t shown[2], money_t raw[2], int *count)
{
	for (size_t i = 0; i < n; i++) {
		if (lines[i].note != number || lines[i].kind == SL_HEADING)
			continue;
		buf_printf(names, "%s%s", *count ? ", " : "", lines[i].label);
		(*count)++;
		for (int c = 0; c < 2; c++) {
			shown[c] += ev[i].amount[c];
			raw[c] += ev[i].raw[c];
		}
	}
}

bool stmt_check_notes(struct store *st, const struct stmt_map *m, const struct stmt_query *q,
		      struct stmt_note_finding **out, size_t *n, struct error *err)
{
	struct both x;
	*out = NULL;
	*n = 0;
	if (!both_load(st, m, q, &x, err)) {
		both_free(&x);
		return false;
	}
	size_t cap = 0;
	for (size_t k = 0; k < m->nnotes; k++) {
		const struct stmt_note *note = &m->notes[k];
		if (!note->per_account && !note->nrows)
			continue;
		struct buf names = BUF_INIT(0);
		money_t shown[2] = { 0, 0 }, raw[2] = { 0, 0 };
		int count = 0;
		referencing(m->rr, m->nrr, x.rr, note->number, &names, shown, raw, &count);
		referencing(m->br, m->nbr, x.br, note->number, &names, shown, raw, &count);
		if (count) {
			struct stmt_table t;
			money_t note_raw[2];
			note_table(&x.b, m, k, &t, note_raw);
			money_t note_shown[2] = { 0, 0 };
			for (size_t i = 0; i < t.nrows; i++)
				if (t.rows[i].kind == SR_LINE) {
					note_shown[0] += t.rows[i].amount;
					note_shown[1] += t.rows[i].comparison;
				}
			stmt_table_free(&t);
			for (int c = 0; c < (x.b.has_cmp ? 2 : 1); c++) {
				if (note_raw[c] == raw[c])
					continue;
				*out = xgrow(*out, &cap, *n + 1, sizeof **out);
				(*out)[(*n)++] = (struct stmt_note_finding){
					.note = note->number,
					.title = xstrdup(note->title),
					.lines = xstrdup(buf_cstr(&names)),
					.column = c,
					.note_total = note_shown[c],
					.line_total = shown[c],
					.difference = note_raw[c] - raw[c],
				};
			}
		}
		buf_free(&names);
	}
	both_free(&x);
	return true;
}

void stmt_note_findings_free(struct stmt_note_finding *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].title);
		free(v[i].lines);
	}
	free(v);
}
