/*
 * ratios — the key figures of a period; see ratios.h.
 *
 * The books' figures come from the statements themselves (report/
 * statement.c) by a small mapping of their own, so that the period, the
 * open result and the signs are the statements': income is the RR's
 * class 3, the result every income and cost account, the equity the BR's
 * class 20 with the result not yet closed, the assets class 1. The budget
 * and forecast figures are the forecast table's (plan/forecast.c).
 */
#include "report/ratios.h"

#include <stdlib.h>
#include <string.h>

#include "plan/actuals.h"
#include "plan/budget.h"
#include "plan/forecast.h"
#include "util/buf.h"
#include "util/xalloc.h"

char *ratio_slug(const char *name)
{
	static const struct {
		const char *from;
		char to;
	} letters[] = {
		{ "å", 'a' }, { "ä", 'a' }, { "ö", 'o' }, { "Å", 'a' }, { "Ä", 'a' },
		{ "Ö", 'o' }, { "é", 'e' }, { "É", 'e' }, { "ü", 'u' }, { "Ü", 'u' },
	};
	struct buf b = BUF_INIT(0);
	bool dash = false;
	for (const char *p = name; *p;) {
		char c = 0;
		size_t step = 1;
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			c = *p;
		else if (*p >= 'A' && *p <= 'Z')
			c = (char)(*p - 'A' + 'a');
		for (size_t i = 0; !c && i < sizeof letters / sizeof letters[0]; i++) {
			size_t len = strlen(letters[i].from);
			if (strncmp(p, letters[i].from, len) == 0) {
				c = letters[i].to;
				step = len;
			}
		}
		if (!c) {
			/* Another character: skip the rest of a UTF-8 sequence. */
			while (p[step] && ((unsigned char)p[step] & 0xC0) == 0x80)
				step++;
			dash = b.len > 0;
		} else {
			if (dash)
				buf_append(&b, "-", 1);
			buf_append(&b, &c, 1);
			dash = false;
		}
		p += step;
	}
	char *s = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void add(struct ratios *r, size_t *cap, const char *key, const char *label,
		enum ratio_type type, bool has, int64_t value)
{
	r->v = xgrow(r->v, cap, r->n + 1, sizeof *r->v);
	r->v[r->n++] = (struct ratio){ .key = xstrdup(key),
				       .label = xstrdup(label),
				       .type = type,
				       .value = has ? value : 0,
				       .has_value = has };
}

static void add_percent(struct ratios *r, size_t *cap, const char *key, const char *label,
			bool known, money_t part, money_t whole)
{
	int64_t share = 0;
	bool has = known && plan_percent(part, whole, &share);
	add(r, cap, key, label, RT_PERCENT, has, share);
}

const struct ratio *ratios_find(const struct ratios *r, const char *key)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].key, key) == 0)
			return &r->v[i];
	return NULL;
}

void ratios_free(struct ratios *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].key);
		free(r->v[i].label);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* ---- the books ----------------------------------------------------------------------- */

struct book_figures {
	date_t from, to;
	money_t income, result, equity, assets;
};

static money_t amount_of(const struct stmt_table *t, const char *label)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(t->rows[i].label, label) == 0)
			return t->rows[i].amount;
	return 0; /* a line with nothing is left out of a statement */
}

/* The books' figures through the statements, by a mapping of their own. */
static bool book_figures(struct store *st, const struct stmt_query *q, struct book_figures *out,
			 struct error *err)
{
	char income[] = "intäkter", result[] = "resultat", assets[] = "tillgångar",
	     equity[] = "eget kapital";
	struct stmt_range class3 = { "3", "3", false }, all = { "3", "9", false },
			  class1 = { "1", "1", false }, class20 = { "20", "20", false };
	struct stmt_line rr[] = {
		{ .kind = SL_LINE, .label = income, .accounts = { &class3, 1 }, .sign = -1 },
		{ .kind = SL_LINE, .label = result, .accounts = { &all, 1 }, .sign = -1 },
	};
	struct stmt_line br[] = {
		{ .kind = SL_LINE, .label = assets, .accounts = { &class1, 1 }, .sign = 1,
		  .assets = true },
		{ .kind = SL_LINE, .label = equity, .accounts = { &class20, 1 }, .sign = -1,
		  .result = true },
	};
	const struct stmt_map m = { .rr = rr, .nrr = 2, .br = br, .nbr = 2 };
	struct stmt_query pq = *q;
	pq.no_comparison = true;
	struct stmt_table r, b;
	if (!stmt_rr(st, &m, &pq, &r, err))
		return false;
	bool ok = stmt_br(st, &m, &pq, &b, err);
	if (ok) {
		*out = (struct book_figures){
			.from = r.from,
			.to = r.to,
			.income = amount_of(&r, income),
			.result = amount_of(&r, result),
			.equity = amount_of(&b, equity),
			.assets = amount_of(&b, assets),
		};
		stmt_table_free(&b);
	}
	stmt_table_free(&r);
	return ok;
}

/* Whole months from `from` to `to`, or 0 when they are not whole. */
static int whole_months(date_t from, date_t to)
{
	if (from != period_first_day(date_period(from)) || to != period_last_day(date_period(to)))
		return 0;
	int a = date_period(from), b = date_period(to);
	return (b / 100 - a / 100) * 12 + b % 100 - a % 100 + 1;
}

/* ---- the cost shares ----------------------------------------------------------------- */

/* The budget's cost groups and subgroups, each once, in the budget's order:
 * the share of the year's budgeted costs. */
static void cost_shares(struct ratios *r, size_t *cap, const struct forecast_table *ft)
{
	const struct budget *b = &ft->budget;
	for (size_t i = 0; i < b->nlines; i++) {
		const struct budget_line *l = &b->lines[i];
		if (l->kind != BK_COST)
			continue;
		const char *names[2] = { l->group, l->subgroup };
		for (int k = 0; k < 2; k++) {
			if (!names[k] || !*names[k])
				continue;
			char *slug = ratio_slug(names[k]);
			char *key = xasprintf("andel-%s", slug);
			free(slug);
			if (!ratios_find(r, key)) {
				money_t sum = 0;
				for (size_t j = 0; j < b->nlines; j++) {
					const struct budget_line *o = &b->lines[j];
					if (o->kind == BK_COST &&
					    strcmp(k ? o->subgroup : o->group, names[k]) == 0)
						sum += o->amount;
				}
				char *label = xasprintf("%s, andel av årets budgeterade kostnader",
							names[k]);
				add_percent(r, cap, key, label, true, sum, ft->costs.budget);
				free(label);
			}
			free(key);
		}
	}
}

/* ---- all ----------------------------------------------------------------------------- */

bool ratios_compute(struct store *st, const struct stmt_query *q, struct ratios *out,
		    struct error *err)
{
	memset(out, 0, sizeof *out);
	struct book_figures bf;
	if (!book_figures(st, q, &bf, err))
		return false;
	out->from = bf.from;
	out->to = bf.to;
	out->year = bf.from / 10000;

	struct forecast_table ft;
	bool have_ft = false;
	if (!budget_exists(st, out->year, &out->has_budget, err))
		return false;
	if (out->has_budget) {
		if (!forecast_compute(st, out->year, 0, bf.to, &ft, err))
			return false;
		have_ft = true;
	}
	money_t opening = 0;
	bool opening_known = false;
	if (!plan_opening_equity(st, out->year, &opening, &opening_known, err)) {
		if (have_ft)
			forecast_table_free(&ft);
		return false;
	}
	bool eq = have_ft && ft.equity_known;
	int months = whole_months(bf.from, bf.to);
	size_t cap = 0;
	add(out, &cap, "intakter", "Verksamhetens intäkter för perioden", RT_MONEY, true,
	    bf.income);
	add(out, &cap, "kostnader", "Kostnader för perioden", RT_MONEY, have_ft,
	    have_ft ? ft.costs.actual : 0);
	add(out, &cap, "resultat", "Periodens resultat", RT_MONEY, true, bf.result);
	add(out, &cap, "manader", "Hela månader i perioden", RT_INT, months > 0, months);
	add_percent(out, &cap, "kostnader-andel-budget",
		    "Periodens kostnader av årets budgeterade kostnader", have_ft,
		    have_ft ? ft.costs.actual : 0, have_ft ? ft.costs.budget : 0);
	add(out, &cap, "budget-kostnader", "Årets budgeterade kostnader", RT_MONEY, have_ft,
	    have_ft ? ft.costs.budget : 0);
	add(out, &cap, "avvikelse-periodbudget", "Periodens resultat mot periodens budget",
	    RT_MONEY, have_ft, have_ft ? ft.result.actual - ft.result.period_budget : 0);
	add(out, &cap, "budget-resultat", "Budgeterat resultat för året", RT_MONEY, have_ft,
	    have_ft ? ft.result.budget : 0);
	add(out, &cap, "prognos-resultat", "Prognos för årets resultat", RT_MONEY, have_ft,
	    have_ft ? ft.result.forecast : 0);
	add(out, &cap, "prognos-avvikelse", "Prognosens avvikelse från budgeterat resultat",
	    RT_MONEY, have_ft, have_ft ? ft.result.difference : 0);
	add(out, &cap, "eget-kapital-ingaende", "Eget kapital vid årets början", RT_MONEY,
	    opening_known, opening);
	add(out, &cap, "eget-kapital", "Eget kapital vid periodens slut", RT_MONEY, true,
	    bf.equity);
	add(out, &cap, "eget-kapital-prognos", "Eget kapital vid årets slut enligt prognos",
	    RT_MONEY, eq, eq ? ft.path[0].equity : 0);
	add_percent(out, &cap, "eget-kapital-andel",
		    "Eget kapital vid årets slut av årets intäkter enligt prognos", eq,
		    eq ? ft.path[0].equity : 0, eq ? ft.path[0].income : 0);
	add_percent(out, &cap, "soliditet", "Soliditet (eget kapital av tillgångarna)", true,
		    bf.equity, bf.assets);
	if (have_ft) {
		cost_shares(out, &cap, &ft);
		forecast_table_free(&ft);
	}
	return true;
}
