/*
 * annual — cash flow and the five-year overview from the balances; see
 * annual.h.
 */
#include "report/annual.h"

#include <string.h>

#include "books/balance.h"
#include "books/org.h"
#include "plan/forecast.h"

/* Sums of one trial balance by account class prefix. */
struct class_sums {
	money_t delta[100];     /* by two-digit prefix: closing − opening */
	money_t closing[100];
	money_t opening[100];
};

static int prefix2(const char *number)
{
	if (number[0] < '0' || number[0] > '9' || number[1] < '0' || number[1] > '9')
		return -1;
	return (number[0] - '0') * 10 + (number[1] - '0');
}

static bool class_sums(struct store *st, date_t from, date_t to, int64_t year_id,
		       struct class_sums *out, money_t *result, struct error *err)
{
	struct tb_query q = { .year_id = year_id, .from = from, .to = to };
	struct tb_result tb;
	if (!balance_trial(st, &q, &tb, err))
		return false;
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < tb.nrows; i++) {
		int p = prefix2(tb.rows[i].number);
		if (p < 0)
			continue;
		out->delta[p] += tb.rows[i].closing - tb.rows[i].opening;
		out->closing[p] += tb.rows[i].closing;
		out->opening[p] += tb.rows[i].opening;
	}
	*result = tb.result;
	tb_result_free(&tb);
	return true;
}

static money_t range(const money_t *v, int lo, int hi)
{
	money_t s = 0;
	for (int p = lo; p <= hi; p++)
		s += v[p];
	return s;
}

bool cashflow_compute(struct store *st, date_t from, date_t to, struct cashflow *out,
		      struct error *err)
{
	memset(out, 0, sizeof *out);
	struct class_sums c;
	money_t result;
	if (!class_sums(st, from, to, 0, &c, &result, err))
		return false;
	out->from = from;
	out->to = to;
	out->result = result;
	out->provisions = -range(c.delta, 21, 22);
	out->receivables = -range(c.delta, 14, 17);
	out->debts = -range(c.delta, 24, 29);
	out->operations = out->result + out->provisions + out->receivables + out->debts;
	out->investments = -range(c.delta, 10, 13);
	out->long_term = -range(c.delta, 23, 23);
	/* Equity's change: class 20 and the result still open in classes
	 * 3–8 (closing entries included); what the result does not explain. */
	money_t open = -range(c.delta, 30, 89);
	out->other_equity = -range(c.delta, 20, 20) + open - out->result;
	out->flow = out->operations + out->investments + out->long_term + out->other_equity;
	out->cash_start = range(c.opening, 18, 19);
	out->cash_end = range(c.closing, 18, 19);
	return true;
}

bool five_years(struct store *st, date_t upto, struct year_figures out[FIVE_YEARS], size_t *n,
		struct error *err)
{
	struct year_summary *years = NULL;
	size_t ny = 0;
	*n = 0;
	if (!org_years(st, &years, &ny, err))
		return false;
	size_t first = ny;
	size_t count = 0;
	for (size_t i = ny; i > 0 && count < FIVE_YEARS; i--)
		if (years[i - 1].end <= upto) {
			first = i - 1;
			count++;
		}
	bool ok = true;
	for (size_t i = first; ok && i < ny && *n < count; i++) {
		if (years[i].end > upto)
			continue;
		struct class_sums c;
		money_t result;
		ok = class_sums(st, years[i].start, years[i].end, years[i].id, &c, &result, err);
		if (!ok)
			break;
		struct year_figures *y = &out[(*n)++];
		memset(y, 0, sizeof *y);
		y->year = years[i].start / 10000;
		y->start = years[i].start;
		y->end = years[i].end;
		y->income = -range(c.delta, 30, 39);
		y->costs = -range(c.delta, 40, 79);
		y->result = result;
		/* Equity: class 20 and the year's result not closed into it. */
		y->equity = -range(c.closing, 20, 20) - range(c.delta, 30, 89);
		y->assets = range(c.closing, 10, 19);
		y->has_solidity = plan_percent(y->equity, y->assets, &y->solidity_bp);
	}
	org_years_free(years, ny);
	return ok;
}
