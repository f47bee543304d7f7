/*
 * forecast — forecast entries and the forecast table; see forecast.h and
 * docs/plan.md.
 */
#include "plan/forecast.h"

#include <stdlib.h>
#include <string.h>

#include "plan/actuals.h"
#include "util/xalloc.h"

static const char *const method_names[] = {
	[FM_MANUAL] = "manuell",
	[FM_BUDGET] = "budget",
	[FM_LINEAR] = "linjär",
	[FM_ACTUAL_PLUS_REST] = "utfall+rest",
};

const char *forecast_method_name(enum forecast_method m)
{
	return method_names[m];
}

bool forecast_method_parse(const char *s, enum forecast_method *out)
{
	for (size_t m = 0; m < sizeof method_names / sizeof method_names[0]; m++)
		if (strcmp(s, method_names[m]) == 0) {
			*out = (enum forecast_method)m;
			return true;
		}
	if (strcmp(s, "linjar") == 0) { /* as typed on a keyboard without ä */
		*out = FM_LINEAR;
		return true;
	}
	return false;
}

bool plan_percent(money_t part, money_t whole, int64_t *share)
{
	if (!whole)
		return false;
	*share = whole > 0 ? money_scale(part, 10000, whole) : money_scale(-part, 10000, -whole);
	return true;
}

/* ---- entries ------------------------------------------------------------------- */

bool forecast_set(struct store *st, int year, const char *line, date_t as_of,
		  enum forecast_method method, bool has_amount, money_t amount,
		  const char *comment, struct error *err)
{
	if (method == FM_MANUAL && !has_amount) {
		error_set(err, ERR_USAGE, "en manuell prognos behöver ett belopp");
		return false;
	}
	if (method != FM_MANUAL && has_amount) {
		error_set(err, ERR_USAGE, "metoden %s räknar fram beloppet själv; ett belopp hör "
					  "bara till metoden manuell",
			  forecast_method_name(method));
		return false;
	}
	if (as_of / 10000 != year) {
		error_set(err, ERR_USAGE, "prognosdagen %d-%02d-%02d ligger inte i %d", as_of / 10000,
			  as_of / 100 % 100, as_of % 100, year);
		return false;
	}
	struct budget b;
	if (!budget_load(st, year, 0, &b, err))
		return false;
	bool known = budget_find_line(&b, line) != NULL;
	budget_free(&b);
	if (!known) {
		error_set(err, ERR_INPUT,
			  "budgeten för %d har ingen rad \"%s\" (se finsam budget show)", year, line);
		return false;
	}
	char now[32];
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "INSERT OR REPLACE INTO forecast_entry (year, line, as_of, method, amount, "
			   "comment, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
			   err))
		return false;
	sqlite3_bind_int(stmt, 1, year);
	store_bind_text(stmt, 2, line);
	sqlite3_bind_int(stmt, 3, as_of);
	store_bind_text(stmt, 4, forecast_method_name(method));
	if (method == FM_MANUAL)
		sqlite3_bind_int64(stmt, 5, amount);
	store_bind_text(stmt, 6, comment ? comment : "");
	store_bind_text(stmt, 7, date_now_iso(now, sizeof now));
	int rc = store_step(st, stmt, err);
	sqlite3_finalize(stmt);
	return rc >= 0;
}

bool forecast_entries(struct store *st, int year, date_t upto, struct forecast_entry **out,
		      size_t *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT line, as_of, method, amount, comment, created FROM forecast_entry\n"
			   "WHERE year = ?1 AND (?2 = 0 OR as_of <= ?2) ORDER BY line, as_of",
			   err))
		return false;
	sqlite3_bind_int(stmt, 1, year);
	sqlite3_bind_int(stmt, 2, upto);
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct forecast_entry *e = &(*out)[(*n)++];
		e->line = xstrdup(store_column_text(stmt, 0));
		e->as_of = (date_t)sqlite3_column_int(stmt, 1);
		forecast_method_parse(store_column_text(stmt, 2), &e->method);
		e->amount = sqlite3_column_int64(stmt, 3);
		e->comment = xstrdup(store_column_text(stmt, 4));
		e->created = xstrdup(store_column_text(stmt, 5));
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return true;
	forecast_entries_free(*out, *n);
	*out = NULL;
	*n = 0;
	return false;
}

void forecast_entries_free(struct forecast_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].line);
		free(e[i].comment);
		free(e[i].created);
	}
	free(e);
}

/* ---- the figures of a line ---------------------------------------------------------- */

/* Whole months from the year's start through `to`, when `to` ends a month. */
static int whole_months(date_t year_start, date_t to)
{
	int y = to / 10000, m = to / 100 % 100;
	int months = (y - year_start / 10000) * 12 + m - year_start / 100 % 100 + 1;
	return to % 100 == date_days_in_month(y, m) ? months : 0;
}

static int days_between(date_t from, date_t to)
{
	int n = 0;
	for (date_t d = from; d <= to && n < 400; d = date_add_days(d, 1))
		n++;
	return n;
}

static money_t linear(const struct forecast_table *t, money_t actual)
{
	if (t->months)
		return money_scale(actual, 12, t->months);
	int elapsed = days_between(t->from, t->to);
	int year = days_between(t->from, t->budget.year * 10000 + 1231);
	return elapsed > 0 ? money_scale(actual, year, elapsed) : actual;
}

/* Months of the period for the period budget: whole months, or the months
 * completed before a period that ends mid-month. */
static int budget_months(const struct forecast_table *t)
{
	if (t->months)
		return t->months;
	int m = (t->to / 10000 - t->from / 10000) * 12 + t->to / 100 % 100 - t->from / 100 % 100;
	return m < 0 ? 0 : m;
}

static void set_difference(struct forecast_figures *f, bool costs)
{
	f->difference = costs ? f->budget - f->forecast : f->forecast - f->budget;
}

static void line_figures(const struct forecast_table *t, const struct budget_line *l,
			 money_t actual, const struct forecast_entry *e, struct forecast_row *row)
{
	struct forecast_figures *f = &row->f;
	f->budget = l->amount;
	f->period_budget = budget_line_through(l, budget_months(t));
	f->actual = actual;
	row->method = e ? e->method : FM_BUDGET;
	row->method_as_of = e ? e->as_of : 0;
	free(row->comment); /* add_row gave it "" */
	row->comment = xstrdup(e ? e->comment : "");
	switch (row->method) {
	case FM_MANUAL:
		f->forecast = e->amount;
		break;
	case FM_BUDGET:
		f->forecast = l->amount;
		break;
	case FM_LINEAR:
		f->forecast = linear(t, actual);
		break;
	case FM_ACTUAL_PLUS_REST:
		f->forecast = actual + (l->amount - f->period_budget);
		break;
	}
	set_difference(f, l->kind == BK_COST);
}

/* ---- building the table ------------------------------------------------------------- */

static struct forecast_row *add_row(struct forecast_table *t, enum forecast_row_kind kind,
				    const char *label, int level)
{
	t->rows = xgrow(t->rows, &t->rows_cap, t->nrows + 1, sizeof *t->rows);
	struct forecast_row *r = &t->rows[t->nrows++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->label = xstrdup(label);
	r->level = level;
	r->comment = xstrdup("");
	return r;
}

static void add_figures(struct forecast_figures *sum, const struct forecast_figures *f)
{
	sum->budget += f->budget;
	sum->period_budget += f->period_budget;
	sum->actual += f->actual;
	sum->forecast += f->forecast;
	sum->difference += f->difference;
}

enum section { SEC_INCOME, SEC_COSTS, SEC_FINANCIAL };

static enum section section_of(enum budget_kind k)
{
	return budget_kind_is_income(k) ? SEC_INCOME : k == BK_COST ? SEC_COSTS : SEC_FINANCIAL;
}

struct build {
	struct forecast_table *t;
	const struct plan_actuals *actuals;
	struct forecast_entry *entries;
	size_t nentries;
};

/* The entry that applies to a line: its latest up to the period's end
 * (entries come ordered by line and day). */
static const struct forecast_entry *entry_for(const struct build *bd, const char *line)
{
	const struct forecast_entry *found = NULL;
	for (size_t i = 0; i < bd->nentries; i++)
		if (strcmp(bd->entries[i].line, line) == 0)
			found = &bd->entries[i];
	return found;
}

static bool seen_before(const struct budget *b, size_t i, enum section sec, bool subgroup)
{
	const struct budget_line *l = &b->lines[i];
	for (size_t j = 0; j < i; j++) {
		const struct budget_line *o = &b->lines[j];
		if (section_of(o->kind) != sec || strcmp(o->group, l->group) != 0)
			continue;
		if (!subgroup || strcmp(o->subgroup, l->subgroup) == 0)
			return true;
	}
	return false;
}

static size_t count_groups(const struct budget *b, enum section sec)
{
	size_t n = 0;
	for (size_t i = 0; i < b->nlines; i++)
		if (section_of(b->lines[i].kind) == sec && !seen_before(b, i, sec, false))
			n++;
	return n;
}

/* The rows of one subgroup: its subtotal first (as interim reports print
 * it), then its lines. */
static void build_subgroup(struct build *bd, enum section sec, size_t first, int level,
			   struct forecast_figures *group_sum)
{
	const struct budget *b = &bd->t->budget;
	const struct budget_line *head = &b->lines[first];
	add_row(bd->t, FR_SUBTOTAL, head->subgroup, level);
	size_t sub_index = bd->t->nrows - 1; /* rows move as lines are added */
	struct forecast_figures sum = { 0 };
	for (size_t i = first; i < b->nlines; i++) {
		const struct budget_line *l = &b->lines[i];
		if (section_of(l->kind) != sec || strcmp(l->group, head->group) != 0 ||
		    strcmp(l->subgroup, head->subgroup) != 0)
			continue;
		struct forecast_row *r = add_row(bd->t, FR_LINE, l->name, level + 1);
		r->line_kind = l->kind;
		line_figures(bd->t, l, bd->actuals->line[i], entry_for(bd, l->name), r);
		add_figures(&sum, &r->f);
	}
	bd->t->rows[sub_index].f = sum;
	add_figures(group_sum, &sum);
}

static void build_group(struct build *bd, enum section sec, size_t first, bool own_heading,
			struct forecast_figures *section_sum)
{
	const struct budget *b = &bd->t->budget;
	const char *group = b->lines[first].group;
	int level = own_heading ? 2 : 1;
	if (own_heading)
		add_row(bd->t, FR_HEADING, group, 1);
	struct forecast_figures sum = { 0 };
	for (size_t i = first; i < b->nlines; i++) {
		const struct budget_line *l = &b->lines[i];
		if (section_of(l->kind) != sec || strcmp(l->group, group) != 0)
			continue;
		if (*l->subgroup) {
			if (!seen_before(b, i, sec, true))
				build_subgroup(bd, sec, i, level, &sum);
			continue;
		}
		struct forecast_row *r = add_row(bd->t, FR_LINE, l->name, level);
		r->line_kind = l->kind;
		line_figures(bd->t, l, bd->actuals->line[i], entry_for(bd, l->name), r);
		add_figures(&sum, &r->f);
	}
	if (own_heading) {
		const char *label = b->lines[first].sum_label;
		/* "Summa administrativa kostnader": the group's name mid-sentence. */
		char *dflt = label ? NULL : xasprintf("Summa %c%s",
						      group[0] >= 'A' && group[0] <= 'Z' ? group[0] + 32 : group[0],
						      group + 1);
		add_row(bd->t, FR_GROUP_TOTAL, label ? label : dflt, 1)->f = sum;
		free(dflt);
	}
	add_figures(section_sum, &sum);
}

static void add_other(struct build *bd, const char *label, money_t actual, enum budget_kind kind,
		      struct forecast_figures *sum)
{
	if (!actual)
		return;
	struct forecast_row *r = add_row(bd->t, FR_OTHER, label, 1);
	r->line_kind = kind;
	r->method = FM_ACTUAL_PLUS_REST;
	r->f.actual = actual;
	r->f.forecast = actual;
	set_difference(&r->f, kind == BK_COST);
	add_figures(sum, &r->f);
}

static void build_section(struct build *bd, enum section sec, struct forecast_figures *sum)
{
	static const char *const heading[] = { "Intäkter", "Kostnader", "Finansiella poster" };
	static const char *const total[] = { "Summa intäkter", "Summa kostnader",
					     "Summa finansiella poster" };
	const struct budget *b = &bd->t->budget;
	bool other = (sec == SEC_INCOME && bd->actuals->other_income) ||
		     (sec == SEC_COSTS && bd->actuals->other_costs);
	size_t groups = count_groups(b, sec);
	if (!groups && !other)
		return;
	add_row(bd->t, FR_HEADING, heading[sec], 0);
	for (size_t i = 0; i < b->nlines; i++)
		if (section_of(b->lines[i].kind) == sec && !seen_before(b, i, sec, false))
			build_group(bd, sec, i, groups > 1, sum);
	if (sec == SEC_INCOME)
		add_other(bd, "Övriga intäkter (ej budgeterade)", bd->actuals->other_income,
			  BK_INCOME, sum);
	if (sec == SEC_COSTS)
		add_other(bd, "Övriga kostnader (ej budgeterade)", bd->actuals->other_costs, BK_COST,
			  sum);
	add_row(bd->t, FR_SECTION_TOTAL, total[sec], 0)->f = *sum;
}

static void result_figures(struct forecast_table *t)
{
	struct forecast_figures *r = &t->result;
	r->budget = t->income.budget - t->costs.budget + t->financial.budget;
	r->period_budget =
		t->income.period_budget - t->costs.period_budget + t->financial.period_budget;
	r->actual = t->income.actual - t->costs.actual + t->financial.actual;
	r->forecast = t->income.forecast - t->costs.forecast + t->financial.forecast;
	set_difference(r, false);
	add_row(t, FR_RESULT, "Resultat", 0)->f = *r;
}

static bool equity_path(struct store *st, struct forecast_table *t, struct error *err)
{
	bool found = false;
	if (!plan_opening_equity(st, t->year, &t->opening_equity, &found, err))
		return false;
	t->equity_known = found;
	money_t equity = t->opening_equity;
	equity += t->result.forecast;
	t->path[0] = (struct equity_point){ t->year, t->result.forecast, equity,
					    t->contributions_forecast, t->income.forecast };
	t->npath = 1;
	for (size_t i = 0; i < t->budget.nplan; i++) {
		money_t result = budget_plan_result(&t->budget, i);
		equity += result;
		t->path[t->npath++] = (struct equity_point){
			t->budget.plan_years[i], result, equity,
			budget_plan_total(&t->budget, i, BK_CONTRIBUTIONS),
			budget_plan_total(&t->budget, i, BK_INCOME)
		};
	}
	return true;
}

bool forecast_compute(struct store *st, int year, int seq, date_t to, struct forecast_table *out,
		      struct error *err)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	out->other_accounts = xstrdup("");
	if (!budget_load(st, year, seq, &out->budget, err)) {
		forecast_table_free(out);
		return false;
	}
	struct plan_actuals actuals;
	if (!plan_actuals_compute(st, &out->budget, to, &actuals, err)) {
		forecast_table_free(out);
		return false;
	}
	out->from = actuals.year_start;
	out->to = actuals.has_books ? actuals.to : (to ? to : actuals.year_start - 1);
	out->has_books = actuals.has_books;
	out->months = actuals.has_books ? whole_months(out->from, out->to) : 0;
	out->book_result = actuals.result;
	free(out->other_accounts);
	out->other_accounts = xstrdup(actuals.other_accounts);

	struct build bd = { .t = out, .actuals = &actuals };
	bool ok = forecast_entries(st, year, out->to, &bd.entries, &bd.nentries, err);
	if (ok) {
		build_section(&bd, SEC_INCOME, &out->income);
		build_section(&bd, SEC_COSTS, &out->costs);
		build_section(&bd, SEC_FINANCIAL, &out->financial);
		for (size_t r = 0; r < out->nrows; r++)
			if (out->rows[r].kind == FR_LINE && out->rows[r].line_kind == BK_CONTRIBUTIONS)
				out->contributions_forecast += out->rows[r].f.forecast;
		result_figures(out);
		ok = equity_path(st, out, err);
	}
	forecast_entries_free(bd.entries, bd.nentries);
	plan_actuals_free(&actuals);
	if (!ok)
		forecast_table_free(out);
	return ok;
}

void forecast_table_free(struct forecast_table *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		free(t->rows[i].label);
		free(t->rows[i].comment);
	}
	free(t->rows);
	free(t->other_accounts);
	budget_free(&t->budget);
	memset(t, 0, sizeof *t);
}

date_t forecast_entry_day(const struct forecast_table *t)
{
	return t->has_books ? t->to : 0;
}
