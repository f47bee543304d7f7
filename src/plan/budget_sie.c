/*
 * budget_sie — a budget from the store's #PBUDGET; see budget_sie.h.
 */
#include "plan/budget_sie.h"

#include <stdlib.h>
#include <string.h>

#include "books/balance.h"
#include "plan/contributions.h"
#include "util/xalloc.h"

/* The periods of one line, January first. */
struct pending {
	money_t month[12];
};

static void finish_line(struct budget_line *l, const struct pending *p)
{
	money_t sum = 0;
	bool positive = true, negative = true;
	for (int m = 0; m < 12; m++) {
		sum += p->month[m];
		positive = positive && p->month[m] >= 0;
		negative = negative && p->month[m] <= 0;
	}
	/* Income and financial lines are written income positive. */
	bool credit = l->kind != BK_COST;
	l->amount = credit ? -sum : sum;
	if (!sum || !(positive || negative))
		return; /* no shape to keep: even months */
	int64_t weights[12];
	money_t parts[12];
	for (int m = 0; m < 12; m++)
		weights[m] = p->month[m] < 0 ? -p->month[m] : p->month[m];
	if (!contrib_split(BUDGET_PROFILE_WHOLE, weights, 12, parts))
		return;
	for (int m = 0; m < 12; m++)
		l->profile[m] = (int32_t)parts[m];
	l->has_profile = true;
}

bool budget_from_sie(struct store *st, int year, struct budget *out, struct error *err)
{
	budget_init(out, year);
	free(out->source);
	out->source = xstrdup("#PBUDGET");
	int64_t year_id = 0;
	if (!balance_find_year(st, year, 0, &year_id, err))
		return false;
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT a.number, a.name, a.type, p.objects, p.period, p.amount,\n"
			   "  o.dim, o.code, o.name, y.start_date\n"
			   "FROM declared_period p JOIN account a ON a.id = p.account_id\n"
			   "JOIN fiscal_year y ON y.id = p.year_id\n"
			   "LEFT JOIN object o ON p.objects <> '' AND o.id = CAST(p.objects AS INTEGER)\n"
			   "WHERE p.year_id = ? AND p.kind = 'PBUDGET'\n"
			   "ORDER BY a.number, p.objects, p.period",
			   err))
		return false;
	sqlite3_bind_int64(stmt, 1, year_id);
	struct pending p = { { 0 } };
	struct budget_line *l = NULL;
	char *key = NULL;
	int rc;
	bool ok = true;
	while (ok && (rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		const char *number = store_column_text(stmt, 0), *objects = store_column_text(stmt, 3);
		if (strchr(objects, ',')) {
			error_set(err, ERR_INPUT, "#PBUDGET för konto %s har flera objekt; en budgetrad "
						  "kan ha ett",
				  number);
			ok = false;
			break;
		}
		char *this_key = xasprintf("%s\t%s", number, objects);
		if (!key || strcmp(key, this_key) != 0) {
			if (l)
				finish_line(l, &p);
			memset(&p, 0, sizeof p);
			free(key);
			key = this_key;
			l = budget_add_line(out);
			char type = *store_column_text(stmt, 2);
			l->kind = number[0] == '8' ? BK_FINANCIAL : type == 'I' || number[0] == '3' ? BK_INCOME : BK_COST;
			l->group = xstrdup(l->kind == BK_COST ? "Kostnader"
					   : l->kind == BK_INCOME ? "Intäkter"
								  : "Finansiella poster");
			l->subgroup = xstrdup("");
			l->accounts = xstrdup(number);
			if (sqlite3_column_type(stmt, 6) != SQLITE_NULL) {
				l->object_dim = sqlite3_column_int(stmt, 6);
				l->object_code = xstrdup(store_column_text(stmt, 7));
				l->name = xasprintf("%s %s, %s", number, store_column_text(stmt, 1),
						    store_column_text(stmt, 8));
			} else {
				l->name = xasprintf("%s %s", number, store_column_text(stmt, 1));
			}
		} else {
			free(this_key);
		}
		int period = sqlite3_column_int(stmt, 4), start = sqlite3_column_int(stmt, 9) / 100;
		int m = (period / 100 - start / 100) * 12 + period % 100 - start % 100;
		if (m >= 0 && m < 12)
			p.month[m] += sqlite3_column_int64(stmt, 5);
	}
	if (l && ok)
		finish_line(l, &p);
	free(key);
	sqlite3_finalize(stmt);
	if (ok && rc != SQLITE_DONE)
		ok = false;
	if (ok && !out->nlines) {
		error_set(err, ERR_INPUT, "bokföringen för %d har ingen #PBUDGET (läs in SIE-filen "
					  "med budgeten först)",
			  year);
		ok = false;
	}
	return ok;
}
