/*
 * fin_goals — financial goals in the store and their evaluation against
 * the forecast; see fin_goals.h and docs/plan.md.
 */
#include "plan/fin_goals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

static const char *const kind_names[] = {
	[FGK_EQUITY_SHARE] = "eget-kapital-andel",
	[FGK_EQUITY_RANGE] = "eget-kapital-intervall",
	[FGK_ADMIN_SHARE] = "administration-andel",
	[FGK_RESULT] = "resultat-mot-budget",
	[FGK_INTERVENTIONS] = "insatser-mot-budget",
};

const char *fin_goal_kind_name(enum fin_goal_kind k)
{
	return kind_names[k];
}

bool fin_goal_kind_parse(const char *s, enum fin_goal_kind *out)
{
	for (size_t k = 0; k < sizeof kind_names / sizeof kind_names[0]; k++)
		if (strcmp(s, kind_names[k]) == 0) {
			*out = (enum fin_goal_kind)k;
			return true;
		}
	return false;
}

static const struct {
	const char *name, *code;
} statuses[] = {
	[FGS_MET] = { "uppnått", "met" },
	[FGS_PARTLY] = { "delvis uppnått", "partly" },
	[FGS_NOT_MET] = { "ej uppnått", "not_met" },
	[FGS_UNKNOWN] = { "kan ej bedömas", "unknown" },
};

const char *fin_goal_status_name(enum fin_goal_status s)
{
	return statuses[s].name;
}

const char *fin_goal_status_code(enum fin_goal_status s)
{
	return statuses[s].code;
}

/* ---- goals ----------------------------------------------------------------------- */

void fin_goal_default(struct fin_goal *out)
{
	memset(out, 0, sizeof *out);
	out->kind = FGK_EQUITY_SHARE;
	out->label = xstrdup("");
	out->has_percent = true;
	out->percent_bp = FIN_GOAL_DEFAULT_EQUITY_BP;
	out->group = xstrdup("");
}

void fin_goal_free(struct fin_goal *g)
{
	free(g->label);
	free(g->group);
	memset(g, 0, sizeof *g);
}

static void goal_copy(struct fin_goal *dst, const struct fin_goal *src)
{
	*dst = *src;
	dst->label = xstrdup(src->label ? src->label : "");
	dst->group = xstrdup(src->group ? src->group : "");
}

/* The percentage a goal uses: its own, or its kind's default. */
static int64_t percent_of(const struct fin_goal *g)
{
	if (g->has_percent)
		return g->percent_bp;
	return g->kind == FGK_EQUITY_SHARE ? FIN_GOAL_DEFAULT_EQUITY_BP : 0;
}

/* ---- text ------------------------------------------------------------------------- */

/* Whole kronor as people read them: "-1 906 411". */
static const char *kr(money_t m, char *buf, size_t size)
{
	return money_format_sv(m, &money_style_terminal_kr, buf, size);
}

/* Hundredths of a percent: with `exact` always two decimals ("23,83 %",
 * "29,50 %", a figure); else without the zero ones ("20 %", "17,5 %", a
 * limit). */
static const char *pct(int64_t bp, bool exact, char *buf, size_t size)
{
	unsigned long long a = bp < 0 ? 0ULL - (unsigned long long)bp : (unsigned long long)bp;
	unsigned long long whole = a / 100, frac = a % 100;
	const char *sign = bp < 0 ? "-" : "";
	if (exact || frac % 10)
		snprintf(buf, size, "%s%llu,%02llu %%", sign, whole, frac);
	else if (frac)
		snprintf(buf, size, "%s%llu,%llu %%", sign, whole, frac / 10);
	else
		snprintf(buf, size, "%s%llu %%", sign, whole);
	return buf;
}

/* An eget-kapital-intervall's bounds: "1 000 000 – 2 000 000 kr" (or, in
 * a title, "mellan 1 000 000 och 2 000 000 kr"), "minst 1 000 000 kr",
 * "högst 2 000 000 kr". */
static char *range_text(const struct fin_goal *g, bool title)
{
	char a[64], b[64];
	if (g->has_min && g->has_max)
		return xasprintf(title ? "mellan %s och %s kr" : "%s – %s kr",
				 kr(g->min_amount, a, sizeof a), kr(g->max_amount, b, sizeof b));
	if (g->has_min)
		return xasprintf("minst %s kr", kr(g->min_amount, a, sizeof a));
	if (g->has_max)
		return xasprintf("högst %s kr", kr(g->max_amount, b, sizeof b));
	return xstrdup("utan gränser");
}

char *fin_goal_describe(const struct fin_goal *g)
{
	char p[32];
	const char *share = pct(percent_of(g), false, p, sizeof p);
	const char *group = g->group ? g->group : "";
	switch (g->kind) {
	case FGK_EQUITY_SHARE:
		return xasprintf("Eget kapital högst %s av medlemsbidragen", share);
	case FGK_EQUITY_RANGE: {
		char *range = range_text(g, true);
		char *title = xasprintf("Eget kapital %s", range);
		free(range);
		return title;
	}
	case FGK_ADMIN_SHARE:
		return xasprintf("%s högst %s av kostnaderna", *group ? group : "Gruppens kostnader",
				 share);
	case FGK_RESULT:
		return percent_of(g) ? xasprintf("Resultat minst enligt budget (tolerans %s av de "
						 "budgeterade kostnaderna)",
						 share)
				     : xstrdup("Resultat minst enligt budget");
	case FGK_INTERVENTIONS:
		return *group ? xasprintf("Insatserna i %s inom budget", group)
			      : xstrdup("Insatserna inom budget");
	}
	return xstrdup("");
}

char *fin_goal_title(const struct fin_goal *g)
{
	return g->label && *g->label ? xstrdup(g->label) : fin_goal_describe(g);
}

/* ---- the store ----------------------------------------------------------------------- */

static bool check_goal(const struct fin_goal *g, struct error *err)
{
	const char *kind = fin_goal_kind_name(g->kind);
	const char *group = g->group ? g->group : "", *label = g->label ? g->label : "";
	bool takes_percent = g->kind != FGK_EQUITY_RANGE && g->kind != FGK_INTERVENTIONS;
	bool takes_group = g->kind == FGK_ADMIN_SHARE || g->kind == FGK_INTERVENTIONS;
	char a[64], b[64];
	if (g->has_percent && !takes_percent)
		error_set(err, ERR_USAGE, "målet %s har ingen procentsats", kind);
	else if ((g->has_min || g->has_max) && g->kind != FGK_EQUITY_RANGE)
		error_set(err, ERR_USAGE,
			  "målet %s har inga belopp (lägsta och högsta belopp hör till "
			  "eget-kapital-intervall)",
			  kind);
	else if (*group && !takes_group)
		error_set(err, ERR_USAGE, "målet %s har ingen budgetgrupp", kind);
	else if (g->kind == FGK_ADMIN_SHARE && !g->has_percent)
		error_set(err, ERR_USAGE, "målet %s behöver en procentsats: den högsta andelen", kind);
	else if (g->kind == FGK_ADMIN_SHARE && !*group)
		error_set(err, ERR_USAGE,
			  "målet %s behöver en budgetgrupp (till exempel \"Administrativa kostnader\")",
			  kind);
	else if (g->kind == FGK_EQUITY_RANGE && !g->has_min && !g->has_max)
		error_set(err, ERR_USAGE, "målet %s behöver ett lägsta eller ett högsta belopp", kind);
	else if (g->has_percent && (g->percent_bp < 0 || g->percent_bp > 100000))
		error_set(err, ERR_USAGE, "en procentsats är från 0 till 1 000 %%");
	else if ((g->has_min && (g->min_amount < -MONEY_MAX || g->min_amount > MONEY_MAX)) ||
		 (g->has_max && (g->max_amount < -MONEY_MAX || g->max_amount > MONEY_MAX)))
		error_set(err, ERR_USAGE, "beloppet är för stort");
	else if (g->has_min && g->has_max && g->min_amount > g->max_amount)
		error_set(err, ERR_USAGE, "det lägsta beloppet, %s kr, är högre än det högsta, %s kr",
			  kr(g->min_amount, a, sizeof a), kr(g->max_amount, b, sizeof b));
	else if (strlen(label) > FIN_GOAL_TEXT_MAX || strlen(group) > FIN_GOAL_TEXT_MAX)
		error_set(err, ERR_USAGE, "texten är för lång (högst %d byte)", FIN_GOAL_TEXT_MAX);
	return !error_isset(err);
}

bool fin_goal_add(struct store *st, struct fin_goal *g, struct error *err)
{
	if (!check_goal(g, err))
		return false;
	if (!g->has_percent && (g->kind == FGK_EQUITY_SHARE || g->kind == FGK_RESULT)) {
		g->percent_bp = percent_of(g);
		g->has_percent = true;
	}
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "INSERT INTO financial_goal (kind, label, percent_bp, min_amount, "
			   "max_amount, grp) VALUES (?, ?, ?, ?, ?, ?)",
			   err))
		return false;
	store_bind_text(stmt, 1, fin_goal_kind_name(g->kind));
	store_bind_text(stmt, 2, g->label ? g->label : "");
	if (g->has_percent)
		sqlite3_bind_int64(stmt, 3, g->percent_bp);
	if (g->has_min)
		sqlite3_bind_int64(stmt, 4, g->min_amount);
	if (g->has_max)
		sqlite3_bind_int64(stmt, 5, g->max_amount);
	store_bind_text(stmt, 6, g->group ? g->group : "");
	int rc = store_step(st, stmt, err);
	sqlite3_finalize(stmt);
	if (rc < 0)
		return false;
	g->id = sqlite3_last_insert_rowid(st->db);
	return true;
}

bool fin_goal_remove(struct store *st, int64_t id, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, "DELETE FROM financial_goal WHERE id = ?", err))
		return false;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = store_step(st, stmt, err);
	sqlite3_finalize(stmt);
	if (rc < 0)
		return false;
	if (sqlite3_changes(st->db) == 0) {
		error_set(err, ERR_INPUT,
			  "det finns inget finansiellt mål %lld (se finsam goals financial list)",
			  (long long)id);
		return false;
	}
	return true;
}

bool fin_goal_list(struct store *st, struct fin_goal **out, size_t *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT id, kind, label, percent_bp, min_amount, max_amount, grp\n"
			   "FROM financial_goal ORDER BY id",
			   err))
		return false;
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct fin_goal *g = &(*out)[(*n)++];
		memset(g, 0, sizeof *g);
		g->id = sqlite3_column_int64(stmt, 0);
		fin_goal_kind_parse(store_column_text(stmt, 1), &g->kind);
		g->label = xstrdup(store_column_text(stmt, 2));
		g->has_percent = sqlite3_column_type(stmt, 3) != SQLITE_NULL;
		g->percent_bp = sqlite3_column_int64(stmt, 3);
		g->has_min = sqlite3_column_type(stmt, 4) != SQLITE_NULL;
		g->min_amount = sqlite3_column_int64(stmt, 4);
		g->has_max = sqlite3_column_type(stmt, 5) != SQLITE_NULL;
		g->max_amount = sqlite3_column_int64(stmt, 5);
		g->group = xstrdup(store_column_text(stmt, 6));
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return true;
	fin_goal_list_free(*out, *n);
	*out = NULL;
	*n = 0;
	return false;
}

void fin_goal_list_free(struct fin_goal *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fin_goal_free(&g[i]);
	free(g);
}

/* ---- evaluation ------------------------------------------------------------------------ */

/* part / whole <= bp / 10000, exactly; whole > 0. */
static bool share_within(money_t part, money_t whole, int64_t bp)
{
	return (__int128)part * 10000 <= (__int128)bp * whole;
}

/* The forecast of the budget line `l`: its row in the table (a line
 * without a row of its own would be forecast at its budget). */
static money_t line_forecast(const struct forecast_table *ft, const struct budget_line *l)
{
	for (size_t r = 0; r < ft->nrows; r++)
		if (ft->rows[r].kind == FR_LINE && strcmp(ft->rows[r].label, l->name) == 0)
			return ft->rows[r].f.forecast;
	return l->amount;
}

static void judged(struct fin_goal_result *r, enum fin_goal_status status, char *explanation)
{
	r->status = status;
	r->explanation = explanation;
}

/* The equity goals' figures, E and E0; false, and kan ej bedömas, when the
 * books have no opening balance for the year. */
static bool equity_figures(const struct forecast_table *ft, struct fin_goal_result *r)
{
	if (!ft->equity_known) {
		judged(r, FGS_UNKNOWN,
		       xasprintf("Bokföringen har ingen ingående balans för %d, så det egna "
				 "kapitalet vid årets slut är okänt.",
				 ft->year));
		return false;
	}
	r->has_amount = r->has_start_amount = true;
	r->amount = ft->path[0].equity;
	r->start_amount = ft->opening_equity;
	return true;
}

static void eval_equity_share(const struct fin_goal *g, const struct forecast_table *ft,
			      struct fin_goal_result *r)
{
	char p[32], q[32], a[64], b[64], c[64];
	int64_t bp = percent_of(g);
	const char *limit = pct(bp, false, p, sizeof p);
	r->limit = xasprintf("högst %s", limit);
	if (!equity_figures(ft, r))
		return;
	money_t contrib = ft->contributions_forecast;
	r->has_base = true;
	r->base = contrib;
	if (contrib <= 0) {
		judged(r, FGS_UNKNOWN,
		       xasprintf("Prognosen har inga medlemsbidrag för %d, så det egna kapitalets "
				 "andel av dem kan inte räknas ut.",
				 ft->year));
		return;
	}
	r->has_share = r->has_start_share = true;
	plan_percent(r->amount, contrib, &r->share_bp);
	plan_percent(r->start_amount, contrib, &r->start_share_bp);
	free(r->value);
	r->value = xstrdup(pct(r->share_bp, true, q, sizeof q));
	char *head = xasprintf("Eget kapital vid årets slut enligt prognosen, %s kr, är %s av "
			       "årets medlemsbidrag %s kr",
			       kr(r->amount, a, sizeof a), r->value, kr(contrib, b, sizeof b));
	kr(r->start_amount, c, sizeof c);
	pct(r->start_share_bp, true, q, sizeof q);
	if (share_within(r->amount, contrib, bp))
		judged(r, FGS_MET, xasprintf("%s, inom gränsen %s.", head, limit));
	else if (r->amount < r->start_amount)
		judged(r, FGS_PARTLY,
		       xasprintf("%s, över gränsen %s men lägre än vid årets början (%s kr = %s): "
				 "det egna kapitalet närmar sig gränsen.",
				 head, limit, c, q));
	else
		judged(r, FGS_NOT_MET,
		       xasprintf("%s, över gränsen %s och inte lägre än vid årets början (%s kr = "
				 "%s).",
				 head, limit, c, q));
	free(head);
}

/* How far m is outside the goal's bounds: negative below, positive above,
 * 0 within. */
static money_t outside(const struct fin_goal *g, money_t m)
{
	if (g->has_min && m < g->min_amount)
		return m - g->min_amount;
	if (g->has_max && m > g->max_amount)
		return m - g->max_amount;
	return 0;
}

/* "inom målet" or "350 000 kr över målet". */
static char *where(money_t off)
{
	char a[64];
	if (!off)
		return xstrdup("inom målet");
	return xasprintf("%s kr %s målet", kr(off < 0 ? -off : off, a, sizeof a),
			 off < 0 ? "under" : "över");
}

static void eval_equity_range(const struct fin_goal *g, const struct forecast_table *ft,
			      struct fin_goal_result *r)
{
	char a[64], b[64];
	r->limit = range_text(g, false);
	if (!equity_figures(ft, r))
		return;
	free(r->value);
	r->value = xasprintf("%s kr", kr(r->amount, a, sizeof a));
	money_t off = outside(g, r->amount), start_off = outside(g, r->start_amount);
	char *now = where(off), *then = where(start_off);
	char *head = xasprintf("Eget kapital vid årets slut enligt prognosen, %s kr, är %s %s",
			       a, now, r->limit);
	kr(r->start_amount, b, sizeof b);
	if (!off)
		judged(r, FGS_MET, xasprintf("%s.", head));
	else if ((off < 0 ? -off : off) < (start_off < 0 ? -start_off : start_off))
		judged(r, FGS_PARTLY,
		       xasprintf("%s, men närmare det än vid årets början (%s kr, %s).", head, b,
				 then));
	else
		judged(r, FGS_NOT_MET,
		       xasprintf("%s och inte närmare det än vid årets början (%s kr, %s).", head, b,
				 then));
	free(head);
	free(now);
	free(then);
}

/* The budget's cost groups, quoted and comma-separated, for a message. */
static char *cost_groups(const struct budget *b)
{
	struct buf list = BUF_INIT(0);
	for (size_t i = 0; i < b->nlines; i++) {
		const struct budget_line *l = &b->lines[i];
		bool seen = l->kind != BK_COST;
		for (size_t j = 0; j < i && !seen; j++)
			seen = b->lines[j].kind == BK_COST && strcmp(b->lines[j].group, l->group) == 0;
		if (!seen)
			buf_printf(&list, "%s\"%s\"", list.len ? ", " : "", l->group);
	}
	return buf_take(&list);
}

static void eval_admin_share(const struct fin_goal *g, const struct forecast_table *ft,
			     struct fin_goal_result *r)
{
	char p[32], q[32], a[64], b[64];
	const char *limit = pct(percent_of(g), false, p, sizeof p);
	r->limit = xasprintf("högst %s", limit);
	money_t part = 0;
	size_t found = 0;
	for (size_t i = 0; i < ft->budget.nlines; i++) {
		const struct budget_line *l = &ft->budget.lines[i];
		if (l->kind == BK_COST && strcmp(l->group, g->group) == 0) {
			part += line_forecast(ft, l);
			found++;
		}
	}
	if (!found) {
		char *groups = cost_groups(&ft->budget);
		judged(r, FGS_UNKNOWN,
		       *groups ? xasprintf("Budgeten för %d har ingen kostnadsgrupp \"%s\" "
					   "(kostnadsgrupperna är %s).",
					   ft->year, g->group, groups)
			       : xasprintf("Budgeten för %d har inga kostnader.", ft->year));
		free(groups);
		return;
	}
	money_t total = ft->costs.forecast;
	r->has_amount = r->has_base = true;
	r->amount = part;
	r->base = total;
	if (total <= 0) {
		judged(r, FGS_UNKNOWN,
		       xasprintf("Prognosen har inga kostnader för %d, så andelen kan inte räknas ut.",
				 ft->year));
		return;
	}
	r->has_share = true;
	plan_percent(part, total, &r->share_bp);
	free(r->value);
	r->value = xstrdup(pct(r->share_bp, true, q, sizeof q));
	bool within = share_within(part, total, percent_of(g));
	judged(r, within ? FGS_MET : FGS_NOT_MET,
	       xasprintf("Prognosen för %s, %s kr, är %s av årets totala kostnader %s kr, %s "
			 "gränsen %s.",
			 g->group, kr(part, a, sizeof a), r->value, kr(total, b, sizeof b),
			 within ? "inom" : "över", limit));
}

static void eval_result(const struct fin_goal *g, const struct forecast_table *ft,
			struct fin_goal_result *r)
{
	char p[32], a[64], b[64], c[64], d[64];
	int64_t bp = percent_of(g);
	money_t forecast = ft->result.forecast, budget = ft->result.budget;
	money_t costs = ft->costs.budget, tolerance = money_scale(costs, bp, 10000);
	pct(bp, false, p, sizeof p);
	kr(budget, b, sizeof b);
	kr(tolerance, c, sizeof c);
	kr(costs, d, sizeof d);
	r->limit = bp ? xasprintf("minst %s kr (delvis: minst %s kr)", b,
				  kr(budget - tolerance, a, sizeof a))
		      : xasprintf("minst %s kr", b);
	r->has_amount = r->has_base = true;
	r->amount = forecast;
	r->base = budget;
	free(r->value);
	r->value = xasprintf("%s kr", kr(forecast, a, sizeof a));
	money_t diff = forecast - budget;
	char *head = xasprintf("Prognosen ger resultatet %s kr mot budgeterat %s kr", a, b);
	kr(diff < 0 ? -diff : diff, a, sizeof a);
	if (diff == 0)
		judged(r, FGS_MET, xasprintf("%s, lika med budget.", head));
	else if (diff > 0)
		judged(r, FGS_MET, xasprintf("%s, %s kr bättre än budget.", head, a));
	else if (bp && (__int128)-diff * 10000 <= (__int128)bp * costs)
		judged(r, FGS_PARTLY,
		       xasprintf("%s, %s kr sämre än budget men inom toleransen %s av de "
				 "budgeterade kostnaderna %s kr (%s kr).",
				 head, a, p, d, c));
	else if (bp)
		judged(r, FGS_NOT_MET,
		       xasprintf("%s, %s kr sämre än budget och mer än toleransen %s av de "
				 "budgeterade kostnaderna %s kr (%s kr).",
				 head, a, p, d, c));
	else
		judged(r, FGS_NOT_MET, xasprintf("%s, %s kr sämre än budget.", head, a));
	free(head);
}

static void eval_interventions(const struct fin_goal *g, const struct forecast_table *ft,
			       struct fin_goal_result *r)
{
	char a[64], b[64];
	r->limit = xstrdup("prognos högst budget för varje insats");
	struct buf over = BUF_INIT(0);
	size_t lines = 0, within = 0;
	for (size_t i = 0; i < ft->budget.nlines; i++) {
		const struct budget_line *l = &ft->budget.lines[i];
		if (l->kind != BK_COST || !l->object_code || (*g->group && strcmp(l->group, g->group)))
			continue;
		money_t forecast = line_forecast(ft, l);
		lines++;
		if (forecast <= l->amount)
			within++;
		else
			buf_printf(&over, "%s%s (prognos %s kr, budget %s kr)", over.len ? ", " : "",
				   l->name, kr(forecast, a, sizeof a), kr(l->amount, b, sizeof b));
	}
	if (!lines) {
		judged(r, FGS_UNKNOWN,
		       *g->group ? xasprintf("Budgeten för %d har inga insatser (kostnadsrader med "
					     "objekt) i gruppen \"%s\".",
					     ft->year, g->group)
				 : xasprintf("Budgeten för %d har inga insatser (kostnadsrader med "
					     "objekt).",
					     ft->year));
		buf_free(&over);
		return;
	}
	r->has_lines = true;
	r->lines = lines;
	r->lines_within = within;
	free(r->value);
	r->value = xasprintf("%zu av %zu", within, lines);
	if (within == lines)
		judged(r, FGS_MET,
		       lines == 1 ? xstrdup("Insatsen har en prognos inom budget.")
				  : xasprintf("Alla %zu insatser har en prognos inom budget.", lines));
	else if (within)
		judged(r, FGS_PARTLY,
		       xasprintf("%zu av %zu insatser har en prognos inom budget; över budget: %s.",
				 within, lines, buf_cstr(&over)));
	else
		judged(r, FGS_NOT_MET,
		       lines == 1 ? xasprintf("Insatsen har en prognos över budget: %s.",
					      buf_cstr(&over))
				  : xasprintf("Ingen av %zu insatser har en prognos inom budget; "
					      "över budget: %s.",
					      lines, buf_cstr(&over)));
	buf_free(&over);
}

/* The rule of each kind. */
static void (*const evaluators[])(const struct fin_goal *, const struct forecast_table *,
				  struct fin_goal_result *) = {
	[FGK_EQUITY_SHARE] = eval_equity_share,
	[FGK_EQUITY_RANGE] = eval_equity_range,
	[FGK_ADMIN_SHARE] = eval_admin_share,
	[FGK_RESULT] = eval_result,
	[FGK_INTERVENTIONS] = eval_interventions,
};

void fin_goal_evaluate(const struct fin_goal *g, const struct forecast_table *ft,
		       struct fin_goal_result *out)
{
	memset(out, 0, sizeof *out);
	goal_copy(&out->goal, g);
	out->title = fin_goal_title(&out->goal);
	out->value = xstrdup("");
	evaluators[g->kind](&out->goal, ft, out);
}

void fin_goal_result_free(struct fin_goal_result *r)
{
	fin_goal_free(&r->goal);
	free(r->title);
	free(r->limit);
	free(r->value);
	free(r->explanation);
	memset(r, 0, sizeof *r);
}

bool fin_goal_evaluate_all(struct store *st, const struct forecast_table *ft,
			   struct fin_goal_result **out, size_t *n, bool *defaulted,
			   struct error *err)
{
	struct fin_goal *goals;
	size_t ngoals;
	*out = NULL;
	*n = 0;
	if (!fin_goal_list(st, &goals, &ngoals, err))
		return false;
	*defaulted = ngoals == 0;
	if (*defaulted) {
		struct fin_goal dflt;
		fin_goal_default(&dflt);
		*out = xcalloc(1, sizeof **out);
		fin_goal_evaluate(&dflt, ft, *out);
		fin_goal_free(&dflt);
		*n = 1;
		return true;
	}
	*out = xcalloc(ngoals, sizeof **out);
	for (size_t i = 0; i < ngoals; i++)
		fin_goal_evaluate(&goals[i], ft, &(*out)[i]);
	*n = ngoals;
	fin_goal_list_free(goals, ngoals);
	return true;
}

void fin_goal_results_free(struct fin_goal_result *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fin_goal_result_free(&r[i]);
	free(r);
}
