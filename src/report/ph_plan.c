/*
 * ph_plan — placeholders from the plan: the forecast table, the financial
 * goals, and the charts of budget against actual and of the equity path.
 * Every figure comes from forecast_compute (plan/forecast.h) and the
 * follow-up's budget use, computed once per report.
 */
#include "report/ph.h"

#include <stdlib.h>
#include <string.h>

#include "plan/contributions.h"
#include "plan/fin_goals.h"
#include "plan/members.h"
#include "report/forecast_round.h"
#include "report/typo.h"
#include "util/xalloc.h"

static const char *const months_short[] = {
	"jan", "feb", "mars", "april", "maj", "juni", "juli", "aug", "sept", "okt", "nov", "dec",
};

/* "Halvår 2023", "Helår 2023", "Jan–aug 2023", "t.o.m. 2023-08-15". */
static char *actual_title(struct report *r)
{
	const struct forecast_table *t = &r->ft;
	if (t->months == 6)
		return doc_printf(r->doc, "Utfall\nHalvår %d", t->year);
	if (t->months == 12)
		return doc_printf(r->doc, "Utfall\nHelår %d", t->year);
	if (t->months > 0)
		return doc_printf(r->doc, "Utfall\njan\u2013%s %d", months_short[t->months - 1],
				  t->year);
	char d[16];
	return doc_printf(r->doc, "Utfall\nt.o.m. %s", date_format(t->to, d));
}

bool ph_forecast(struct report *r, const struct placeholder *p, struct doc_runs *runs,
		 unsigned style, struct error *err)
{
	(void)p, (void)runs, (void)style;
	if (!report_forecast(r, err))
		return false;
	const struct forecast_table *ft = &r->ft;
	struct doc *d = r->doc;
	struct doc_table *t = doc_table_new(d, report_table_key(r, "prognos"),
					    doc_printf(d, "Prognos %d", ft->year), DTS_FIGURES, 5);
	doc_table_col(d, t, 0, "", DC_TEXT, 40);
	doc_table_col(d, t, 1, doc_printf(d, "Budget\nHelår %d", ft->year), DC_KRONOR, 14);
	doc_table_col(d, t, 2, actual_title(r), DC_KRONOR, 14);
	doc_table_col(d, t, 3, doc_printf(d, "Prognos\nHelår %d", ft->year), DC_KRONOR, 14);
	doc_table_col(d, t, 4, "Differens\nbudget\u2013prognos", DC_KRONOR, 14);
	char from[16], to[16];
	t->source = doc_printf(d, "Budget %d, bokföringen %s\u2013%s och prognosen", ft->year,
			       date_format(ft->from, from), date_format(ft->to, to));
	const int64_t *shown = r->ft_shown;
	for (size_t i = 0; i < ft->nrows; i++) {
		const struct forecast_row *fr = &ft->rows[i];
		enum doc_row_kind kind = DR_NORMAL;
		unsigned st = DOC_PLAIN;
		switch (fr->kind) {
		case FR_HEADING:
			kind = DR_HEADING;
			st = fr->level == 0 ? DOC_BOLD : DOC_UNDERLINE;
			break;
		case FR_SUBTOTAL:
		case FR_LINE:
		case FR_OTHER:
			kind = DR_NORMAL;
			break;
		case FR_GROUP_TOTAL:
			kind = DR_SUBTOTAL;
			st = DOC_BOLD;
			break;
		case FR_SECTION_TOTAL:
		case FR_RESULT:
			kind = DR_TOTAL;
			st = DOC_BOLD;
			break;
		}
		struct doc_row *row = doc_table_row(d, t, kind, fr->level > 3 ? 3 : fr->level);
		doc_cell_text(d, &row->cells[0], fr->label,
			      fr->kind == FR_SUBTOTAL ? DOC_ITALIC : st);
		if (fr->kind == FR_HEADING)
			continue;
		for (int c = 0; c < FC_COLS; c++)
			doc_cell_money(&row->cells[c + 1], forecast_exact(fr, (enum fc_col)c),
				       shown[i * FC_COLS + (size_t)c]);
	}
	doc_add_block(d, DB_TABLE)->u.table = t;
	return true;
}

static enum doc_status fin_status(enum fin_goal_status s)
{
	switch (s) {
	case FGS_MET:
		return DS_GREEN;
	case FGS_PARTLY:
		return DS_YELLOW;
	case FGS_NOT_MET:
		return DS_RED;
	case FGS_UNKNOWN:
		break;
	}
	return DS_NONE;
}

bool ph_fin_goals(struct report *r, const struct placeholder *p, struct doc_runs *runs,
		  unsigned style, struct error *err)
{
	(void)p, (void)runs, (void)style;
	if (!report_forecast(r, err))
		return false;
	struct fin_goal_result *res = NULL;
	size_t n = 0;
	bool defaulted = false;
	if (!fin_goal_evaluate_all(r->st, &r->ft, &res, &n, &defaulted, err))
		return false;
	struct doc *d = r->doc;
	struct doc_table *t = doc_table_new(d, report_table_key(r, "ekonomiska-mal"),
					    "Finansiella mål", DTS_GRID, 3);
	doc_table_col(d, t, 0, "Mål", DC_TEXT, 26);
	doc_table_col(d, t, 1, "Gräns", DC_TEXT, 14);
	doc_table_col(d, t, 2, "Utfall och prognos", DC_TEXT, 54);
	for (size_t i = 0; i < n; i++) {
		struct doc_row *row = doc_table_row(d, t, DR_NORMAL, 0);
		doc_cell_text(d, &row->cells[0], res[i].title, DOC_PLAIN);
		doc_cell_text(d, &row->cells[1], res[i].limit, DOC_PLAIN);
		doc_cell_text(d, &row->cells[2], res[i].explanation, DOC_PLAIN);
		/* The renderers label the colour; "kan ej bedömas" is said in
		 * the explanation and has none. */
		row->cells[2].status = fin_status(res[i].status);
	}
	fin_goal_results_free(res, n);
	doc_add_block(d, DB_TABLE)->u.table = t;
	return true;
}

/* ---- charts ---------------------------------------------------------------------------- */

static bool chart_budget(struct report *r, const struct placeholder *p, const char *title,
			 struct error *err)
{
	if (!report_followup(r, err))
		return false;
	struct fu_budget_use *use = xcalloc(r->fu.ninterventions + 1, sizeof *use);
	size_t n = 0;
	for (size_t i = 0; i < r->fu.ninterventions; i++) {
		fu_budget_use(&r->books, &r->fu.interventions[i], &use[i]);
		n += use[i].known;
	}
	if (!n) {
		free(use);
		report_ph_error(r, p, err, "ingen insats har budget %d (diagram budget-utfall)",
				r->year);
		return false;
	}
	struct doc *d = r->doc;
	struct doc_chart *c = doc_chart_new(d, DCH_BARS, title ? title : "Budget och utfall per insats",
					    "kr", 100, n, 2);
	char to[16];
	c->series[0].name = doc_printf(d, "Budget helår %d", r->year);
	c->series[1].name = doc_printf(d, "Utfall t.o.m. %s", date_format(r->books.to, to));
	size_t k = 0;
	for (size_t i = 0; i < r->fu.ninterventions; i++) {
		if (!use[i].known)
			continue;
		c->categories[k] = doc_strdup(d, r->fu.interventions[i].name);
		c->series[0].values[k] = use[i].budget;
		c->series[1].values[k] = use[i].actual;
		k++;
	}
	free(use);
	c->alt = doc_printf(d, "Stapeldiagram: budget för %d och utfall till och med %s för "
			       "%zu insatser.", r->year, to, n);
	doc_add_block(d, DB_CHART)->u.chart = c;
	return true;
}

static bool chart_equity(struct report *r, const struct placeholder *p, const char *title,
			 struct error *err)
{
	if (!report_forecast(r, err))
		return false;
	const struct forecast_table *ft = &r->ft;
	if (!ft->equity_known || !ft->npath) {
		report_ph_error(r, p, err, "bokföringen saknar ingående eget kapital för %d "
					   "(diagram eget-kapital)", ft->year);
		return false;
	}
	struct doc *d = r->doc;
	size_t n = ft->npath + 1;
	struct doc_chart *c = doc_chart_new(d, DCH_LINE, title ? title : "Eget kapital och taket",
					    "kr", 100, n, 2);
	c->series[0].name = doc_strdup(d, "Eget kapital vid årets slut");
	c->series[1].name = doc_printf(d, "Tak: %d %% av medlemsbidragen",
				       FIN_GOAL_DEFAULT_EQUITY_BP / 100);
	c->series[1].dashed = true;
	c->categories[0] = doc_printf(d, "%d", ft->year - 1);
	c->series[0].values[0] = ft->opening_equity;
	for (size_t i = 0; i < ft->npath; i++) {
		const struct equity_point *e = &ft->path[i];
		c->categories[i + 1] = doc_printf(d, "%d%s", e->year, i == 0 ? " (prognos)" : " (plan)");
		c->series[0].values[i + 1] = e->equity;
		c->series[1].values[i + 1] =
			money_scale(e->contributions, FIN_GOAL_DEFAULT_EQUITY_BP, 10000);
	}
	c->series[1].values[0] = c->series[1].values[1];
	c->alt = doc_printf(d, "Linjediagram: eget kapital %d–%d mot taket på %d %% av "
			       "medlemsbidragen.", ft->year - 1, ft->path[ft->npath - 1].year,
			    FIN_GOAL_DEFAULT_EQUITY_BP / 100);
	doc_add_block(d, DB_CHART)->u.chart = c;
	return true;
}

/* The interventions with statistics for the report's period (with exits
 * by outcome when `outcomes`), each with its published view; free with
 * period_stats_free. */
struct period_stats {
	const struct fu_intervention *iv;
	const struct fu_stats *s;
	struct fu_published pub;
};

static void period_stats_free(struct period_stats *v, size_t n);

/* NULL with err at p, naming the chart `what`, when no intervention has
 * such statistics. */
static struct period_stats *period_stats(struct report *r, const struct placeholder *p,
					 bool outcomes, const char *what, size_t *n,
					 struct error *err)
{
	*n = 0;
	if (!report_followup(r, err))
		return NULL;
	struct period_stats *v = xcalloc(r->fu.ninterventions + 1, sizeof *v);
	*n = 0;
	for (size_t i = 0; i < r->fu.ninterventions; i++) {
		const struct fu_intervention *iv = &r->fu.interventions[i];
		const struct fu_stats *s = followup_doc_stats(&r->fu, iv->code, r->h.from, r->h.to);
		if (!s || (outcomes && !s->noutcomes))
			continue;
		v[*n].iv = iv;
		v[*n].s = s;
		fu_publish(s, &r->cats, r->threshold, &v[*n].pub);
		(*n)++;
	}
	if (!*n) {
		period_stats_free(v, 0);
		report_ph_error(r, p, err, "ingen insats har %s för perioden (diagram %s)",
				outcomes ? "avslut per utfall" : "deltagarstatistik", what);
		return NULL;
	}
	return v;
}

static void period_stats_free(struct period_stats *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fu_published_free(&v[i].pub);
	free(v);
}

static bool chart_participants(struct report *r, const struct placeholder *p, const char *title,
			       struct error *err)
{
	size_t n;
	struct period_stats *ps = period_stats(r, p, false, "deltagare", &n, err);
	if (!ps)
		return false;
	struct doc *d = r->doc;
	struct doc_chart *c = doc_chart_new(d, DCH_STACKED, title ? title : "Deltagare efter kön",
					    "personer", 1, n, 3);
	c->series[0].name = doc_strdup(d, "Kvinnor");
	c->series[1].name = doc_strdup(d, "Män");
	c->series[2].name = doc_strdup(d, "Annat/okänt eller dolt");
	bool hid = false;
	for (size_t k = 0; k < n; k++) {
		const struct fu_stats *s = ps[k].s;
		const struct fu_published *pub = &ps[k].pub;
		/* Published counts only: a hidden count joins the third series,
		 * which is never split, so the bar's height (the total) is all a
		 * reader learns — and the total is itself shown only when it may be. */
		int64_t total = pub->total == FU_SHOWN ? s->total : 0;
		int64_t w = pub->women == FU_SHOWN && s->women > 0 ? s->women : 0;
		int64_t m = pub->men == FU_SHOWN && s->men > 0 ? s->men : 0;
		hid |= pub->women != FU_SHOWN || pub->men != FU_SHOWN || pub->total != FU_SHOWN;
		c->categories[k] = doc_strdup(d, ps[k].iv->name);
		c->series[0].values[k] = w;
		c->series[1].values[k] = m;
		c->series[2].values[k] = total > w + m ? total - w - m : 0;
	}
	period_stats_free(ps, n);
	c->alt = doc_printf(d, "Staplat stapeldiagram: deltagare per insats efter kön%s.",
			    hid ? "; antal under publiceringsgränsen redovisas inte per kön" : "");
	doc_add_block(d, DB_CHART)->u.chart = c;
	return true;
}

/* Exits by outcome per intervention, as published: each category a
 * series; counts the publishing rule hides join one series of their own,
 * so a bar's height (the ended, when shown) is all they add. */
static bool chart_outcomes(struct report *r, const struct placeholder *p, const char *title,
			   struct error *err)
{
	size_t n;
	struct period_stats *ps = period_stats(r, p, true, "utfall", &n, err);
	if (!ps)
		return false;
	/* The categories in force with a published count, in their order. */
	size_t ncat = r->cats.n;
	bool *used = xcalloc(ncat + 1, sizeof *used);
	size_t *series_of = xcalloc(ncat + 1, sizeof *series_of);
	for (size_t k = 0; k < n; k++)
		for (size_t o = 0; o < ps[k].s->noutcomes; o++)
			for (size_t c = 0; c < ncat; c++)
				if (!strcmp(r->cats.items[c].name, ps[k].s->outcomes[o].label) &&
				    ps[k].pub.outcomes[o] == FU_SHOWN && ps[k].s->outcomes[o].count > 0)
					used[c] = true;
	size_t nseries = 1;
	for (size_t c = 0; c < ncat; c++)
		nseries += used[c];
	struct doc *d = r->doc;
	struct doc_chart *ch = doc_chart_new(d, DCH_STACKED,
					     title ? title : "Avslut efter utfall per insats",
					     "personer", 1, n, nseries);
	size_t si = 0;
	for (size_t c = 0; c < ncat; c++)
		if (used[c]) {
			series_of[c] = si;
			ch->series[si++].name = doc_strdup(d, r->cats.items[c].name);
		}
	ch->series[si].name = doc_strdup(d, "Under publiceringsgränsen");
	for (size_t k = 0; k < n; k++) {
		const struct fu_stats *s = ps[k].s;
		ch->categories[k] = doc_strdup(d, ps[k].iv->name);
		int64_t hidden = 0;
		for (size_t o = 0; o < s->noutcomes; o++) {
			size_t c = 0;
			while (c < ncat && strcmp(r->cats.items[c].name, s->outcomes[o].label) != 0)
				c++;
			if (c < ncat && used[c] && ps[k].pub.outcomes[o] == FU_SHOWN)
				ch->series[series_of[c]].values[k] += s->outcomes[o].count;
			else if (s->outcomes[o].count > 0)
				hidden += s->outcomes[o].count;
		}
		/* The hidden part only when the total it adds up to is shown. */
		ch->series[si].values[k] = ps[k].pub.ended == FU_SHOWN ? hidden : 0;
	}
	period_stats_free(ps, n);
	ch->alt = doc_printf(d, "Staplat stapeldiagram: avslutade deltagare per insats efter "
				"utfall; antal under publiceringsgränsen redovisas tillsammans.");
	free(used);
	free(series_of);
	doc_add_block(d, DB_CHART)->u.chart = ch;
	return true;
}

bool ph_chart(struct report *r, const struct placeholder *p, struct doc_runs *runs,
	      unsigned style, struct error *err)
{
	(void)runs, (void)style;
	const char *what = ph_pos(p, 0), *title = ph_opt(p, "titel");
	if (strcmp(what, "budget-utfall") == 0)
		return chart_budget(r, p, title, err);
	if (strcmp(what, "eget-kapital") == 0)
		return chart_equity(r, p, title, err);
	if (strcmp(what, "deltagare") == 0)
		return chart_participants(r, p, title, err);
	if (strcmp(what, "utfall") == 0)
		return chart_outcomes(r, p, title, err);
	report_ph_error(r, p, err, "okänt diagram '%s' (budget-utfall, eget-kapital, deltagare, "
				   "utfall)", what);
	return false;
}

/* ---- key ratios ------------------------------------------------------------------------ */

/* Ratios that the forecast table prints too: the text quotes the table's
 * printed figure, so the two cannot differ by a krona of rounding. */
static const struct {
	const char *key;
	enum forecast_row_kind kind;  /* FR_SECTION_TOTAL: the costs section */
	enum fc_col col;
} ratio_in_forecast[] = {
	{ "kostnader", FR_SECTION_TOTAL, FC_ACTUAL },
	{ "budget-kostnader", FR_SECTION_TOTAL, FC_BUDGET },
	{ "budget-resultat", FR_RESULT, FC_BUDGET },
	{ "prognos-resultat", FR_RESULT, FC_FORECAST },
	{ "prognos-avvikelse", FR_RESULT, FC_DIFFERENCE },
};

/* The forecast table's printed figure for key, when it prints one. */
static bool printed_in_forecast(struct report *r, const char *key, int64_t *out,
				struct error *err)
{
	for (size_t k = 0; k < sizeof ratio_in_forecast / sizeof ratio_in_forecast[0]; k++) {
		if (strcmp(ratio_in_forecast[k].key, key) != 0)
			continue;
		if (!report_forecast(r, err))
			return false;
		const struct forecast_table *ft = &r->ft;
		const int64_t *shown = r->ft_shown;
		/* The costs section is the second; the result row is the last. */
		int sections = 0;
		bool found = false;
		for (size_t i = 0; i < ft->nrows && !found; i++) {
			const struct forecast_row *row = &ft->rows[i];
			if (row->kind == FR_SECTION_TOTAL)
				sections++;
			if (row->kind == ratio_in_forecast[k].kind &&
			    (row->kind == FR_RESULT || sections == 2)) {
				*out = shown[i * FC_COLS + ratio_in_forecast[k].col];
				found = true;
			}
		}
			return found;
	}
	return false;
}

static char *ratio_text(struct report *r, const struct ratio *q, const char *unit, char *buf,
			size_t size, struct error *err)
{
	switch (q->type) {
	case RT_MONEY: {
		if (unit && strcmp(unit, "tkr") == 0)
			return typo_int(report_tkr(q->value), buf, size);
		int64_t printed;
		error_clear(err);
		if (!printed_in_forecast(r, q->key, &printed, err)) {
			if (error_isset(err))
				return NULL;
			printed = report_kronor(q->value);
		}
		return typo_int(printed, buf, size);
	}
	case RT_PERCENT:
		return typo_percent_bp(q->value, buf, size);
	case RT_INT:
		return typo_int(q->value, buf, size);
	}
	return NULL;
}

bool ph_ratio(struct report *r, const struct placeholder *p, struct doc_runs *runs,
	      unsigned style, struct error *err)
{
	if (!report_ratios(r, err))
		return false;
	const char *key = ph_pos(p, 0), *unit = ph_opt(p, "enhet");
	const struct ratio *q = ratios_find(&r->ratios, key);
	if (!q) {
		report_ph_error(r, p, err, "okänt nyckeltal '%s' (se finsam statement ratios)", key);
		return false;
	}
	if (unit && strcmp(unit, "kr") != 0 && strcmp(unit, "tkr") != 0) {
		report_ph_error(r, p, err, "enhet=%s: välj kr eller tkr", unit);
		return false;
	}
	if (unit && q->type != RT_MONEY) {
		report_ph_error(r, p, err, "nyckeltalet %s är inget belopp; enhet= passar inte", key);
		return false;
	}
	if (!q->has_value) {
		report_ph_error(r, p, err, "nyckeltalet %s (%s) saknas för perioden: det behöver "
					   "budget, prognos eller ingående balans", key, q->label);
		return false;
	}
	char buf[TYPO_BUF];
	if (!ratio_text(r, q, unit, buf, sizeof buf, err))
		return false;
	ph_figure(r, runs, style, buf);
	return true;
}

bool ph_ratios(struct report *r, const struct placeholder *p, struct doc_runs *runs,
	       unsigned style, struct error *err)
{
	(void)p, (void)runs, (void)style;
	if (!report_ratios(r, err))
		return false;
	struct doc *d = r->doc;
	struct doc_table *t = doc_table_new(d, report_table_key(r, "nyckeltal"), "Nyckeltal",
					    DTS_FIGURES, 2);
	doc_table_col(d, t, 0, "", DC_TEXT, 50);
	doc_table_col(d, t, 1, "", DC_TEXT, 16);
	t->header = false;
	for (size_t i = 0; i < r->ratios.n; i++) {
		const struct ratio *q = &r->ratios.v[i];
		if (!q->has_value)
			continue;
		struct doc_row *row = doc_table_row(d, t, DR_NORMAL, 0);
		doc_cell_text(d, &row->cells[0], q->label, DOC_PLAIN);
		char buf[TYPO_BUF];
		if (!ratio_text(r, q, NULL, buf, sizeof buf, err))
			return false;
		doc_cell_text(d, &row->cells[1],
			      doc_printf(d, "%s%s", buf, q->type == RT_MONEY ? " kr" : ""), DOC_FIGURE);
	}
	doc_add_block(d, DB_TABLE)->u.table = t;
	return true;
}

/* ---- driftredovisning ------------------------------------------------------------------ */

bool ph_operations(struct report *r, const struct placeholder *p, struct doc_runs *runs,
		   unsigned style, struct error *err)
{
	(void)p, (void)runs, (void)style;
	if (!report_forecast(r, err))
		return false;
	const struct forecast_table *ft = &r->ft;
	struct doc *d = r->doc;
	struct doc_table *t = doc_table_new(d, report_table_key(r, "driftredovisning"),
					    doc_printf(d, "Driftredovisning %d", ft->year),
					    DTS_FIGURES, 4);
	doc_table_col(d, t, 0, "", DC_TEXT, 44);
	doc_table_col(d, t, 1, doc_printf(d, "Budget\n%d", ft->year), DC_KRONOR, 15);
	doc_table_col(d, t, 2, actual_title(r), DC_KRONOR, 15);
	doc_table_col(d, t, 3, "Avvikelse\nmot budget", DC_KRONOR, 15);
	const int64_t *shown = r->ft_shown;
	/* The deviation is better-than-budget positive: income and the
	 * financial items actual − budget, costs budget − actual. */
	int section = -1;
	for (size_t i = 0; i < ft->nrows; i++) {
		const struct forecast_row *fr = &ft->rows[i];
		if (fr->kind == FR_HEADING && fr->level == 0)
			section++;
		enum doc_row_kind kind = fr->kind == FR_HEADING       ? DR_HEADING
					 : fr->kind == FR_GROUP_TOTAL ? DR_SUBTOTAL
					 : fr->kind == FR_SECTION_TOTAL || fr->kind == FR_RESULT
						 ? DR_TOTAL
						 : DR_NORMAL;
		struct doc_row *row = doc_table_row(d, t, kind, fr->level > 3 ? 3 : fr->level);
		doc_cell_text(d, &row->cells[0], fr->label,
			      kind == DR_NORMAL ? (fr->kind == FR_SUBTOTAL ? DOC_ITALIC : DOC_PLAIN)
						: DOC_BOLD);
		if (fr->kind == FR_HEADING)
			continue;
		int64_t b = shown[i * FC_COLS + FC_BUDGET], a = shown[i * FC_COLS + FC_ACTUAL];
		bool cost = section == 1 && fr->kind != FR_RESULT;
		doc_cell_money(&row->cells[1], fr->f.budget, b);
		doc_cell_money(&row->cells[2], fr->f.actual, a);
		doc_cell_money(&row->cells[3], cost ? fr->f.budget - fr->f.actual
						    : fr->f.actual - fr->f.budget,
			       cost ? b - a : a - b);
	}
	doc_add_block(d, DB_TABLE)->u.table = t;
	return true;
}

/* ---- members' contributions ------------------------------------------------------------ */

bool ph_contributions(struct report *r, const struct placeholder *p, struct doc_runs *runs,
		      unsigned style, struct error *err)
{
	(void)runs, (void)style;
	struct member_list l;
	if (!members_load(r->st, r->year, &l, err))
		return false;
	if (!l.n) {
		members_free(&l);
		report_ph_error(r, p, err, "det finns inga medlemmar (finsam members import FIL)");
		return false;
	}
	struct contrib_member *in = members_contrib_input(&l);
	struct contrib_result res;
	money_t *booked = xcalloc(l.n, sizeof *booked);
	bool ok = contrib_compute(in, l.n, &res, err) && members_booked(r->st, &l, booked, err);
	if (ok) {
		struct doc *d = r->doc;
		struct doc_table *t = doc_table_new(
			d, report_table_key(r, "medlemsbidrag"),
			doc_printf(d, "Medlemsbidrag %d (staten 1/2, regionen 1/4, kommunerna 1/4)",
				   r->year),
			DTS_FIGURES, 4);
		char to[16];
		doc_table_col(d, t, 0, "Medlem", DC_TEXT, 40);
		doc_table_col(d, t, 1, doc_printf(d, "Bidrag\n%d", r->year), DC_KRONOR, 15);
		doc_table_col(d, t, 2, "Andel", DC_PERCENT, 9);
		doc_table_col(d, t, 3, doc_printf(d, "Bokfört\nt.o.m. %s", date_format(r->h.to, to)),
			      DC_KRONOR, 15);
		money_t paid = 0;
		for (size_t i = 0; i < l.n; i++) {
			struct doc_row *row = doc_table_row(d, t, DR_NORMAL, 0);
			doc_cell_text(d, &row->cells[0], l.m[i].name, DOC_PLAIN);
			doc_cell_money(&row->cells[1], res.shares[i].contribution,
				       money_round_kronor(res.shares[i].contribution));
			int64_t bp;
			if (plan_percent(res.shares[i].contribution, res.total, &bp))
				doc_cell_percent(&row->cells[2], bp);
			doc_cell_money(&row->cells[3], booked[i], money_round_kronor(booked[i]));
			paid += booked[i];
		}
		struct doc_row *row = doc_table_row(d, t, DR_TOTAL, 0);
		doc_cell_text(d, &row->cells[0], "Summa", DOC_BOLD);
		doc_cell_money(&row->cells[1], res.total, money_round_kronor(res.total));
		doc_cell_money(&row->cells[3], paid, money_round_kronor(paid));
		doc_add_block(d, DB_TABLE)->u.table = t;
	}
	contrib_result_free(&res);
	free(booked);
	free(in);
	members_free(&l);
	return ok;
}
