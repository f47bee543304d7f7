/*
 * actuals — what the books say for each budget line.
 *
 * Every amount on a result account in the period lands on exactly one
 * budget line, or is reported as not budgeted, so a table built from the
 * lines always has the books' result:
 *   1. an amount carrying an object goes to the line with that object whose
 *      account prefixes match best (a line without prefixes matches any
 *      account);
 *   2. otherwise (no object, or no line for its object and account) to the
 *      line without an object whose prefixes match best;
 *   3. otherwise it is "ej budgeterat", income or costs by account type.
 * All lines with objects use one dimension (budget_validate sees to it).
 * Amounts are signed as the line shows them: income and costs positive,
 * net financial items income positive.
 */
#ifndef FINSAM_PLAN_ACTUALS_H
#define FINSAM_PLAN_ACTUALS_H

#include <stdbool.h>
#include <stddef.h>

#include "books/balance.h"
#include "plan/budget.h"
#include "store/store.h"
#include "util/date.h"
#include "util/error.h"
#include "util/money.h"

struct plan_actuals {
	date_t year_start, year_end;  /* the fiscal year of the budget's year */
	date_t to;                    /* actual outcome through this day */
	bool has_books;               /* the year has vouchers (else nothing is actual yet) */
	money_t *line;                /* per budget line, in the budget's order */
	money_t other_income;         /* income no line selects */
	money_t other_costs;          /* costs no line selects */
	char *other_accounts;         /* their account numbers, "3990, 6999", or "" */
	money_t result;               /* the books' result of the period */
};

/* The actual outcome of b's lines from the start of b's year to `to` (0:
 * the last day of the books). A year not yet in the books gives zeros
 * (has_books false), not an error. Free with plan_actuals_free. */
bool plan_actuals_compute(struct store *st, const struct budget *b, date_t to,
			  struct plan_actuals *out, struct error *err);
void plan_actuals_free(struct plan_actuals *a);

/* The trial balance of the fiscal year that starts in calendar year `year`,
 * through `to` (0: the books' last day), by the objects of `by_dim` (0:
 * none); *found false (tb untouched) when the store has no such year. */
bool plan_year_balance(struct store *st, int year, date_t to, int by_dim, struct tb_result *tb,
		       bool *found, struct error *err);

/* The equity at the start of calendar year `year`, from the balance
 * sheet's accounts 20xx (positive when the förbund has capital); *found
 * false when the store knows no such year. */
bool plan_opening_equity(struct store *st, int year, money_t *out, bool *found,
			 struct error *err);

#endif
