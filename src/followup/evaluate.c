/*
 * followup/evaluate — budget use of an intervention, result goals' actual
 * values and statuses. See evaluate.h.
 */
#include "followup/evaluate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* ---- the books ----------------------------------------------------------------------- */

bool fu_books_load(struct store *st, int year, date_t to, struct fu_books *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	out->to = to;
	struct error none = ERROR_INIT;
	if (!budget_load_for_year(st, year, &out->budget, &out->basis, &none)) {
		/* No budget for the year is an answer, not a failure. */
		bool input = none.code == ERR_INPUT;
		if (!input)
			error_move(err, &none);
		error_clear(&none);
		return input;
	}
	out->has_budget = true;
	if (!plan_actuals_compute(st, &out->budget, to, &out->actuals, err)) {
		fu_books_free(out);
		return false;
	}
	out->to = out->actuals.to;
	return true;
}

void fu_books_free(struct fu_books *b)
{
	if (b->has_budget) {
		budget_free(&b->budget);
		plan_actuals_free(&b->actuals);
	}
	free(b->basis);
	memset(b, 0, sizeof *b);
}

/* Whether budget line l belongs to intervention iv. */
static bool line_of(const struct budget_line *l, const struct fu_intervention *iv)
{
	if (iv->budget_group && iv->budget_group[0])
		return strcmp(l->group, iv->budget_group) == 0 ||
		       strcmp(l->subgroup, iv->budget_group) == 0;
	return l->object_code && strcmp(l->object_code, iv->code) == 0;
}

void fu_budget_use(const struct fu_books *books, const struct fu_intervention *iv,
		   struct fu_budget_use *out)
{
	memset(out, 0, sizeof *out);
	if (!books->has_budget)
		return;
	for (size_t i = 0; i < books->budget.nlines; i++) {
		const struct budget_line *l = &books->budget.lines[i];
		if (!line_of(l, iv))
			continue;
		out->nlines++;
		out->budget += l->amount;
		out->actual += books->actuals.line[i];
	}
	out->known = out->nlines > 0;
	out->has_share = out->known && out->budget > 0;
	if (out->has_share)
		out->share_bp = money_scale(out->actual, 10000, out->budget);
}

/* ---- status -------------------------------------------------------------------------- */

enum fu_status fu_status_compute(bool has_target, int64_t target, bool has_actual, int64_t actual,
				 bool at_most)
{
	if (!has_target || !has_actual)
		return FU_ST_UNKNOWN;
	__int128 a = actual, t = target;
	if (at_most) {
		if (a <= t)
			return FU_ST_MET;
		return 3 * a <= 4 * t ? FU_ST_PARTLY : FU_ST_NOT_MET;
	}
	if (a >= t)
		return FU_ST_MET;
	return 4 * a >= 3 * t ? FU_ST_PARTLY : FU_ST_NOT_MET;
}

enum fu_status fu_goal_status(const struct fu_goal *g)
{
	if (g->status != FU_ST_NONE)
		return g->status;
	return fu_status_compute(g->has_target, g->target, g->has_actual, g->actual, false);
}

bool fu_default_period(struct store *st, const struct followup_doc *d, date_t *from, date_t *to,
		       struct error *err)
{
	if (followup_doc_latest(d, NULL, 0, 0, from, to))
		return true;
	int64_t last = 0;
	if (!store_query_int(st, "SELECT max(end_date) FROM fiscal_year", NULL, 0, 0, &last, err))
		return false;
	if (!last)
		last = date_today();
	*from = (date_t)(last / 10000 * 10000 + 101);
	*to = (date_t)last;
	return true;
}

/* ---- text ---------------------------------------------------------------------------- */

/* A whole number with a space between thousands: "1 977 401". */
static char *count_text(int64_t v, char *buf, size_t size)
{
	return money_format_sv(v * 100, &money_style_terminal_kr, buf, size);
}

/* num / den in whole percent, rounded half away from zero; den > 0. */
static int64_t whole_percent(int64_t num, int64_t den)
{
	return money_scale(num, 100, den);
}

char *fu_share_text(const struct fu_share *sh)
{
	if (!sh->known)
		return xstrdup("");
	return xasprintf("%lld %% (%lld/%lld)", (long long)whole_percent(sh->num, sh->den),
			 (long long)sh->num, (long long)sh->den);
}

char *fu_measure_text(enum fu_measure m, int64_t v, char *buf, size_t size)
{
	const char *minus = v < 0 ? "-" : "";
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	switch (m) {
	case FU_COUNT:
		return count_text(v, buf, size);
	case FU_PERCENT:
		/* "50 %", "12,5 %": the decimals only when there are any. */
		if (a % 100 == 0)
			snprintf(buf, size, "%s%llu %%", minus, (unsigned long long)(a / 100));
		else if (a % 10 == 0)
			snprintf(buf, size, "%s%llu,%llu %%", minus, (unsigned long long)(a / 100),
				 (unsigned long long)(a % 100 / 10));
		else
			snprintf(buf, size, "%s%llu,%02llu %%", minus, (unsigned long long)(a / 100),
				 (unsigned long long)(a % 100));
		return buf;
	case FU_MEAN:
		/* Survey means have one decimal, as the reports print them; a
		 * second only when it is there. */
		if (a % 10 == 0)
			snprintf(buf, size, "%s%llu,%llu", minus, (unsigned long long)(a / 100),
				 (unsigned long long)(a % 100 / 10));
		else
			snprintf(buf, size, "%s%llu,%02llu", minus, (unsigned long long)(a / 100),
				 (unsigned long long)(a % 100));
		return buf;
	}
	buf[0] = '\0';
	return buf;
}

/* ---- result goals -------------------------------------------------------------------- */

/* A count of s by source, with how it is published. */
static bool source_count(const struct fu_stats *s, const struct fu_published *pub,
			 enum fu_source src, int64_t *v, enum fu_shown *shown)
{
	switch (src) {
	case FU_SRC_TOTAL:
		*v = s->total;
		*shown = pub ? pub->total : FU_SHOWN;
		break;
	case FU_SRC_NEW:
		*v = s->new_;
		*shown = pub ? pub->new_ : FU_SHOWN;
		break;
	case FU_SRC_ONGOING:
		*v = s->ongoing;
		*shown = pub ? pub->ongoing : FU_SHOWN;
		break;
	case FU_SRC_ENDED:
		*v = s->ended;
		*shown = pub ? pub->ended : FU_SHOWN;
		break;
	default:
		return false;
	}
	return *v != FU_NONE;
}

/* The actual of a computed goal; false when the data does not give it. */
static bool computed_actual(const struct fu_result_goal *g, const struct fu_stats *s,
			    const struct fu_categories *cats, const struct fu_budget_use *use,
			    const struct fu_published *pub, struct fu_goal_eval *out)
{
	if (g->source == FU_SRC_BUDGET) {
		if (!use || !use->has_share)
			return false;
		out->actual = use->share_bp;
		return true;
	}
	if (!s)
		return false;
	if (g->source == FU_SRC_IMPROVED) {
		struct fu_derived d;
		fu_stats_derive(s, cats, &d);
		if (!d.improved.known)
			return false;
		out->parts = d.improved;
		out->actual = d.improved.bp;
		out->hidden = pub && !pub->improved;
		return true;
	}
	if (g->source == FU_SRC_SURVEY) {
		for (size_t i = 0; i < s->nsurveys; i++) {
			if (strcmp(s->surveys[i].name, g->survey) != 0 || s->surveys[i].mean == FU_NONE)
				continue;
			out->actual = s->surveys[i].mean;
			out->hidden = pub && !pub->survey_mean[i];
			return true;
		}
		return false;
	}
	enum fu_shown shown;
	if (!source_count(s, pub, g->source, &out->actual, &shown))
		return false;
	out->hidden = shown != FU_SHOWN;
	return true;
}

static char *actual_text(const struct fu_result_goal *g, const struct fu_budget_use *use,
			 const struct fu_published *pub, const struct fu_goal_eval *e)
{
	char buf[48], a[48], b[48];
	if (!e->has_actual)
		return xstrdup("");
	/* A hidden count is "<T"; a share or a mean has no such range to
	 * give, and is only said to be withheld. */
	if (e->hidden && g->measure == FU_COUNT)
		return xasprintf("<%lld", (long long)(pub ? pub->threshold : 0));
	if (e->hidden)
		return xstrdup("dold (under publiceringsgränsen)");
	if (g->source == FU_SRC_IMPROVED)
		return fu_share_text(&e->parts);
	if (g->source == FU_SRC_BUDGET)
		return xasprintf("%lld %%, %s kr av %s kr",
				 (long long)whole_percent(use->actual, use->budget),
				 money_format_sv(use->actual, &money_style_terminal_kr, a, sizeof a),
				 money_format_sv(use->budget, &money_style_terminal_kr, b, sizeof b));
	return xstrdup(fu_measure_text(g->measure, e->actual, buf, sizeof buf));
}

void fu_goal_evaluate(const struct fu_result_goal *g, const struct fu_stats *s,
		      const struct fu_categories *cats, const struct fu_budget_use *use,
		      const struct fu_published *pub, struct fu_goal_eval *out)
{
	memset(out, 0, sizeof *out);
	if (g->source == FU_SRC_TYPED) {
		out->has_actual = g->has_actual;
		out->actual = g->actual;
	} else {
		out->has_actual = computed_actual(g, s, cats, use, pub, out);
	}
	out->computed = g->status == FU_ST_NONE;
	if (!out->computed)
		out->status = g->status;
	else /* from the real figure: a status tells a range, never the count */
		out->status = fu_status_compute(g->has_target, g->target, out->has_actual,
						out->actual, g->at_most);
	out->actual_text = actual_text(g, use, pub, out);
	char buf[48];
	if (!g->has_target)
		out->target_text = xstrdup("");
	else
		out->target_text = xasprintf("%s %s", g->at_most ? "högst" : "minst",
					     fu_measure_text(g->measure, g->target, buf, sizeof buf));
}

void fu_goal_eval_free(struct fu_goal_eval *e)
{
	free(e->actual_text);
	free(e->target_text);
	memset(e, 0, sizeof *e);
}
