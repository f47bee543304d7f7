/*
 * actuals — budget lines' actual outcome from the books; see actuals.h.
 */
#include "plan/actuals.h"

#include <stdlib.h>
#include <string.h>

#include "books/balance.h"
#include "books/chart.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* The line for an amount on account `number` carrying object `code` ("" for
 * none): see the rules in actuals.h. -1 when no line selects it. */
static long line_for(const struct budget *b, const char *number, const char *code)
{
	long best = -1;
	int best_len = -1;
	for (int pass = *code ? 0 : 1; pass < 2 && best < 0; pass++)
		for (size_t i = 0; i < b->nlines; i++) {
			const struct budget_line *l = &b->lines[i];
			bool object_ok = pass == 0 ? l->object_code && strcmp(l->object_code, code) == 0
						   : !l->object_code;
			if (!object_ok)
				continue;
			int len = plan_prefix_match(l->accounts, number);
			if (len > best_len) {
				best_len = len;
				best = (long)i;
			}
		}
	return best;
}

static int object_dimension(const struct budget *b)
{
	for (size_t i = 0; i < b->nlines; i++)
		if (b->lines[i].object_code)
			return b->lines[i].object_dim;
	return 0;
}

static bool is_equity(const char *number)
{
	return number[0] == '2' && number[1] == '0';
}

bool plan_actuals_compute(struct store *st, const struct budget *b, date_t to,
			  struct plan_actuals *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	out->line = xcalloc(b->nlines ? b->nlines : 1, sizeof *out->line);
	out->other_accounts = xstrdup("");
	out->year_start = b->year * 10000 + 101;
	out->year_end = b->year * 10000 + 1231;
	out->to = to ? to : out->year_start - 1;

	struct tb_result tb;
	bool found = false;
	if (!plan_year_balance(st, b->year, to, object_dimension(b), &tb, &found, err))
		return false;
	if (!found)
		return true; /* a year not in the books yet: nothing is actual */
	out->year_start = tb.year_start;
	out->year_end = tb.year_end;
	out->to = tb.to;
	out->has_books = tb.has_books;
	out->result = tb.result;
	struct buf others = BUF_INIT(0);
	const char *last_other = "";
	for (size_t r = 0; r < tb.nrows; r++) {
		const struct tb_row *row = &tb.rows[r];
		if (chart_is_balance_type(row->type) || chart_is_result_closing(row->number) ||
		    !row->change)
			continue;
		long i = line_for(b, row->number, row->object_code);
		if (i >= 0) {
			bool costs = b->lines[i].kind == BK_COST;
			out->line[i] += costs ? row->change : -row->change;
			continue;
		}
		if (row->type == 'I')
			out->other_income -= row->change;
		else
			out->other_costs += row->change;
		if (strcmp(last_other, row->number) != 0) { /* rows come by account */
			if (others.len)
				buf_puts(&others, ", ");
			buf_puts(&others, row->number);
			last_other = row->number;
		}
	}
	free(out->other_accounts);
	out->other_accounts = buf_take(&others);
	tb_result_free(&tb);
	return true;
}

void plan_actuals_free(struct plan_actuals *a)
{
	free(a->line);
	free(a->other_accounts);
	memset(a, 0, sizeof *a);
}

bool plan_year_balance(struct store *st, int year, date_t to, int by_dim, struct tb_result *tb,
		       bool *found, struct error *err)
{
	*found = false;
	int64_t year_id = 0;
	if (!balance_find_year(st, year, 0, &year_id, err))
		return false;
	if (!year_id)
		return true;
	struct tb_query q = { .year_id = year_id, .to = to, .by_dim = by_dim };
	if (!balance_trial(st, &q, tb, err))
		return false;
	*found = true;
	return true;
}

bool plan_opening_equity(struct store *st, int year, money_t *out, bool *found,
			 struct error *err)
{
	*out = 0;
	struct tb_result tb;
	if (!plan_year_balance(st, year, 0, 0, &tb, found, err))
		return false;
	for (size_t r = 0; *found && r < tb.nrows; r++)
		if (is_equity(tb.rows[r].number))
			*out -= tb.rows[r].opening;
	if (*found)
		tb_result_free(&tb);
	return true;
}
