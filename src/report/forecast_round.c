/*
 * forecast_round — printed forecast figures that add up; see
 * forecast_round.h.
 */
#include "report/forecast_round.h"

#include <stdlib.h>

#include "report/rounding.h"
#include "util/xalloc.h"

money_t forecast_exact(const struct forecast_row *r, enum fc_col col)
{
	switch (col) {
	case FC_BUDGET:
		return r->f.budget;
	case FC_ACTUAL:
		return r->f.actual;
	case FC_FORECAST:
		return r->f.forecast;
	default:
		return r->f.difference;
	}
}

static int sum_level(enum forecast_row_kind k)
{
	switch (k) {
	case FR_SUBTOTAL:
		return 1;
	case FR_GROUP_TOTAL:
		return 2;
	case FR_SECTION_TOTAL:
		return 3;
	default:
		return 0;
	}
}

/* Rows in the order parts come before their sums: a subtotal moves to
 * after the lines under it. */
static size_t post_order(const struct forecast_table *t, size_t *order)
{
	size_t k = 0;
	size_t pending = (size_t)-1; /* a subtotal waiting for its lines */
	for (size_t i = 0; i < t->nrows; i++) {
		const struct forecast_row *r = &t->rows[i];
		if (pending != (size_t)-1 && r->level <= t->rows[pending].level) {
			order[k++] = pending;
			pending = (size_t)-1;
		}
		if (r->kind == FR_HEADING || r->kind == FR_RESULT)
			continue;
		if (r->kind == FR_SUBTOTAL) {
			pending = i;
			continue;
		}
		order[k++] = i;
	}
	if (pending != (size_t)-1)
		order[k++] = pending;
	return k;
}

void forecast_round(const struct forecast_table *t, bool largest_remainder, int64_t *shown)
{
	size_t n = t->nrows;
	size_t *order = xmalloc((n ? n : 1) * sizeof *order);
	struct round_item *items = xcalloc(n ? n : 1, sizeof *items);
	int64_t *col_shown = xcalloc(n ? n : 1, sizeof *col_shown);
	size_t k = post_order(t, order);
	for (size_t i = 0; i < n * FC_COLS; i++)
		shown[i] = 0;
	for (int c = FC_BUDGET; c <= FC_FORECAST; c++) {
		for (size_t j = 0; j < k; j++) {
			const struct forecast_row *r = &t->rows[order[j]];
			items[j] = (struct round_item){ .exact = forecast_exact(r, (enum fc_col)c),
							.sum_level = sum_level(r->kind) };
		}
		if (largest_remainder)
			round_items_up(items, k, col_shown);
		else
			round_items(items, k, false, col_shown);
		for (size_t j = 0; j < k; j++)
			shown[order[j] * FC_COLS + (size_t)c] = col_shown[j];
	}
	/* Sections in order: income, costs, financial items (plan/forecast.h). */
	int64_t section[3][3] = { { 0 } };
	int s = -1;
	for (size_t i = 0; i < n; i++) {
		const struct forecast_row *r = &t->rows[i];
		if (r->kind == FR_HEADING && r->level == 0)
			s++;
		if (r->kind == FR_SECTION_TOTAL && s >= 0 && s < 3)
			for (int c = 0; c < 3; c++)
				section[s][c] = shown[i * FC_COLS + (size_t)c];
	}
	for (size_t i = 0; i < n; i++) {
		const struct forecast_row *r = &t->rows[i];
		int64_t *row = &shown[i * FC_COLS];
		if (r->kind == FR_HEADING)
			continue;
		if (r->kind == FR_RESULT)
			for (int c = 0; c < 3; c++)
				row[c] = largest_remainder
						 ? section[0][c] - section[1][c] + section[2][c]
						 : money_round_kronor(forecast_exact(r, (enum fc_col)c));
		/* The difference is forecast − budget or budget − forecast by
		 * the row's kind; print the one the exact figures are. */
		money_t d = r->f.difference;
		if (!largest_remainder)
			row[FC_DIFFERENCE] = money_round_kronor(d);
		else if (d == r->f.forecast - r->f.budget)
			row[FC_DIFFERENCE] = row[FC_FORECAST] - row[FC_BUDGET];
		else
			row[FC_DIFFERENCE] = row[FC_BUDGET] - row[FC_FORECAST];
	}
	free(order);
	free(items);
	free(col_shown);
}
