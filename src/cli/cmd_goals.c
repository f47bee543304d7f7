/*
 * cmd_goals — `finsam goals financial [show|add|remove ID|list]`: the
 * förbund's financial goals (god ekonomisk hushållning) and how the year's
 * forecast measures up to them. `finsam goals [list]` and `goals remove
 * OMRÅDE` (the verksamhetsmål beside them) are in goals_view.c.
 */
#include <stdlib.h>
#include <string.h>

#include "books/org.h"
#include "cli/cli.h"
#include "cli/goals_view.h"
#include "cli/output.h"
#include "plan/fin_goals.h"
#include "plan/forecast.h"
#include "util/csv.h"
#include "util/xalloc.h"

static const struct cli_option options[] = {
	{ "year", 'y', "ÅÅÅÅ", "show: året som bedöms (standard: det senaste med budget)" },
	{ "to", 0, "DATUM", "show: utfall till och med dagen (standard: bokföringens sista)" },
	{ "format", 0, "FORMAT", "show, list: table (standard), csv eller json" },
	{ "kind", 0, "SLAG", "add: målets slag (se ovan)" },
	{ "percent", 0, "P", "add: procentsatsen, en andel eller en tolerans (\"17,5\")" },
	{ "min", 0, "BELOPP", "add: lägsta eget kapital (eget-kapital-intervall)" },
	{ "max", 0, "BELOPP", "add: högsta eget kapital (eget-kapital-intervall)" },
	{ "group", 0, "GRUPP", "add: budgetgruppen (administration-andel, insatser-mot-budget)" },
	{ "label", 0, "TEXT", "add: målets lydelse (standard: byggs av slag och gränser)" },
	CLI_OPTIONS_END,
};

enum { A_SHOW, A_ADD, A_REMOVE, A_LIST };
static const char *const actions[] = { "show", "add", "remove", "list", NULL };

/* The options each action takes (--db and --help aside), and how many
 * arguments it has with the area and the action. */
static const struct {
	const char *options[8];
	int min_args, max_args;
} action_use[] = {
	[A_SHOW] = { { "year", "to", "format", NULL }, 1, 2 },
	[A_ADD] = { { "kind", "percent", "min", "max", "group", "label", NULL }, 2, 2 },
	[A_REMOVE] = { { NULL }, 3, 3 },
	[A_LIST] = { { "format", NULL }, 2, 2 },
};

/* Refuse an option the action does not take (a forgotten "add" should not
 * quietly show the goals) and a wrong number of arguments. */
static int check_use(struct cli *cli, const struct cli_args *a, int action)
{
	for (size_t o = 0; options[o].name; o++) {
		if (!cli_flag(a, options[o].name))
			continue;
		bool takes = false;
		for (size_t i = 0; action_use[action].options[i] && !takes; i++)
			takes = strcmp(action_use[action].options[i], options[o].name) == 0;
		if (!takes)
			return cli_usage_error(cli, a->cmd, "--%s hör inte till goals financial %s",
					       options[o].name, actions[action]);
	}
	if (a->nrest < action_use[action].min_args)
		return cli_usage_error(cli, a->cmd, "goals financial %s tar ett målnummer",
				       actions[action]);
	if (a->nrest > action_use[action].max_args)
		return cli_usage_error(cli, a->cmd, "för många argument: %s",
				       a->rest[action_use[action].max_args]);
	return EXIT_OK;
}

/* ---- show ---------------------------------------------------------------------------- */

static void money_or_null(struct out_table *t, bool known, money_t m)
{
	if (known)
		out_money(t, m);
	else
		out_null(t);
}

static void int_or_null(struct out_table *t, bool known, int64_t n)
{
	if (known)
		out_int(t, n);
	else
		out_null(t);
}

/* Print t (its rows under "goals" in JSON) and free it. */
static bool print(struct cli *cli, struct out_table *t, enum out_format fmt, struct error *err)
{
	bool ok = out_print(t, cli->out, fmt, "goals", err);
	out_free(t);
	return ok;
}

static bool show(struct cli *cli, const struct forecast_table *ft, enum out_format fmt,
		 struct error *err)
{
	/* People get the goal, its limit, the value and the status, with the
	 * explanations under the table; programs get every figure. */
	static const struct out_column table_cols[] = {
		{ "id", "Nr", OUT_INT, 0 },	      { "goal", "Mål", OUT_TEXT, 56 },
		{ "limit", "Gräns", OUT_TEXT, -1 },   { "value", "Prognos", OUT_TEXT, -1 },
		{ "status", "Status", OUT_TEXT, -1 },
	};
	static const struct out_column data_cols[] = {
		{ "id", "", OUT_INT, 0 },
		{ "kind", "", OUT_TEXT, 0 },
		{ "goal", "", OUT_TEXT, 0 },
		{ "limit", "", OUT_TEXT, 0 },
		{ "value", "", OUT_TEXT, 0 },
		{ "status", "", OUT_TEXT, 0 },
		{ "status_code", "", OUT_TEXT, 0 },
		{ "explanation", "", OUT_TEXT, 0 },
		{ "share", "", OUT_PERCENT, 0 },
		{ "start_share", "", OUT_PERCENT, 0 },
		{ "amount", "", OUT_MONEY, 0 },
		{ "start_amount", "", OUT_MONEY, 0 },
		{ "base", "", OUT_MONEY, 0 },
		{ "lines_within", "", OUT_INT, 0 },
		{ "lines", "", OUT_INT, 0 },
		{ "percent", "", OUT_PERCENT, 0 },
		{ "min_amount", "", OUT_MONEY, 0 },
		{ "max_amount", "", OUT_MONEY, 0 },
		{ "group", "", OUT_TEXT, 0 },
	};
	struct fin_goal_result *res;
	size_t n;
	bool defaulted;
	if (!fin_goal_evaluate_all(&cli->store, ft, &res, &n, &defaulted, err))
		return false;
	bool people = fmt == OUT_TABLE;
	struct out_table t;
	if (people)
		out_init(&t, table_cols, sizeof table_cols / sizeof table_cols[0]);
	else
		out_init(&t, data_cols, sizeof data_cols / sizeof data_cols[0]);
	struct org_info org;
	char from[11], to[11];
	bool named = org_get(&cli->store, &org, err);
	out_set_title(&t, "%s%sFinansiella mål %d (prognos med utfall %s – %s)",
		      named ? org.name : "", named && *org.name ? "\n" : "", ft->year,
		      date_format(ft->from, from), date_format(ft->to, to));
	if (named)
		org_info_free(&org);
	error_clear(err);
	out_meta_int(&t, "year", NULL, ft->year);
	out_meta_text(&t, "from", NULL, date_format(ft->from, from));
	out_meta_text(&t, "to", NULL, date_format(ft->to, to));
	out_meta_text(&t, "budget_version", "Jämförs mot", ft->budget.name);
	out_meta_json(&t, "default_goal", NULL, defaulted ? "true" : "false");
	for (size_t i = 0; i < n; i++) {
		const struct fin_goal_result *r = &res[i];
		const struct fin_goal *g = &r->goal;
		out_row(&t, false);
		int_or_null(&t, g->id != 0, g->id);
		if (!people)
			out_text(&t, fin_goal_kind_name(g->kind));
		out_text(&t, r->title);
		out_text(&t, r->limit);
		out_text(&t, r->value);
		out_text(&t, fin_goal_status_name(r->status));
		if (people) {
			if (g->id)
				out_note(&t, "Mål %lld: %s", (long long)g->id, r->explanation);
			else
				out_note(&t, "%s", r->explanation);
			continue;
		}
		out_text(&t, fin_goal_status_code(r->status));
		out_text(&t, r->explanation);
		int_or_null(&t, r->has_share, r->share_bp);
		int_or_null(&t, r->has_start_share, r->start_share_bp);
		money_or_null(&t, r->has_amount, r->amount);
		money_or_null(&t, r->has_start_amount, r->start_amount);
		money_or_null(&t, r->has_base, r->base);
		int_or_null(&t, r->has_lines, (int64_t)r->lines_within);
		int_or_null(&t, r->has_lines, (int64_t)r->lines);
		int_or_null(&t, g->has_percent, g->percent_bp);
		money_or_null(&t, g->has_min, g->min_amount);
		money_or_null(&t, g->has_max, g->max_amount);
		out_text(&t, g->group);
	}
	if (defaulted)
		out_note(&t, "Förbundet har inga egna finansiella mål; bedömningen gäller det "
			     "rekommenderade taket för eget kapital (se finsam goals financial add).");
	fin_goal_results_free(res, n);
	return print(cli, &t, fmt, err);
}

/* ---- add, remove, list ---------------------------------------------------------------- */

static int add(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	const char *kind = cli_value(a, "kind"), *percent = cli_value(a, "percent");
	const char *min = cli_value(a, "min"), *max = cli_value(a, "max");
	const char *label = cli_value(a, "label"), *group = cli_value(a, "group");
	static const char kinds[] = "eget-kapital-andel, eget-kapital-intervall, "
				    "administration-andel, resultat-mot-budget eller "
				    "insatser-mot-budget";
	struct fin_goal g = { 0 };
	if (!kind)
		return cli_usage_error(cli, a->cmd, "goals financial add kräver --kind (%s)", kinds);
	if (!fin_goal_kind_parse(kind, &g.kind))
		return cli_usage_error(cli, a->cmd, "--kind: \"%s\" är inget slag av mål (%s)", kind,
				       kinds);
	if (percent) {
		const char *why = NULL;
		int32_t bp = 0;
		if (!csv_parse_percent(percent, &bp, &why))
			return cli_usage_error(cli, a->cmd, "--percent: \"%s\" är ingen procentsats: %s",
					       percent, why);
		g.has_percent = true;
		g.percent_bp = bp;
	}
	g.has_min = min != NULL;
	g.has_max = max != NULL;
	if ((min && !cli_parse_amount("--min", min, &g.min_amount, &err)) ||
	    (max && !cli_parse_amount("--max", max, &g.max_amount, &err)) ||
	    !cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	g.label = xstrdup(label ? label : "");
	g.group = xstrdup(group ? group : "");
	bool ok = fin_goal_add(&cli->store, &g, &err);
	if (ok) {
		char *title = fin_goal_title(&g);
		fprintf(cli->out, "Lade till finansiellt mål %lld: %s.\n", (long long)g.id, title);
		free(title);
	}
	fin_goal_free(&g);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

static int remove_goal(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	const char *s = a->rest[2];
	char *end;
	long long id = strtoll(s, &end, 10);
	if (!*s || *end || id < 1)
		return cli_usage_error(cli, a->cmd,
				       "\"%s\" är inget målnummer (se finsam goals financial list)", s);
	if (!cli_open_store(cli, STORE_EXISTING, &err) ||
	    !fin_goal_remove(&cli->store, id, &err))
		return cli_fail(cli, &err);
	fprintf(cli->out, "Tog bort finansiellt mål %lld.\n", id);
	return EXIT_OK;
}

static bool list(struct cli *cli, enum out_format fmt, struct error *err)
{
	static const struct out_column table_cols[] = {
		{ "id", "Nr", OUT_INT, 0 },
		{ "kind", "Slag", OUT_TEXT, -1 },
		{ "description", "Mål", OUT_TEXT, -1 },
		{ "label", "Lydelse", OUT_TEXT, 0 },
	};
	static const struct out_column data_cols[] = {
		{ "id", "", OUT_INT, 0 },	    { "kind", "", OUT_TEXT, 0 },
		{ "description", "", OUT_TEXT, 0 }, { "label", "", OUT_TEXT, 0 },
		{ "percent", "", OUT_PERCENT, 0 },  { "min_amount", "", OUT_MONEY, 0 },
		{ "max_amount", "", OUT_MONEY, 0 }, { "group", "", OUT_TEXT, 0 },
	};
	struct fin_goal *g;
	size_t n;
	if (!fin_goal_list(&cli->store, &g, &n, err))
		return false;
	bool people = fmt == OUT_TABLE;
	struct out_table t;
	if (people)
		out_init(&t, table_cols, sizeof table_cols / sizeof table_cols[0]);
	else
		out_init(&t, data_cols, sizeof data_cols / sizeof data_cols[0]);
	out_set_title(&t, "Finansiella mål");
	for (size_t i = 0; i < n; i++) {
		char *description = fin_goal_describe(&g[i]);
		out_row(&t, false);
		out_int(&t, g[i].id);
		out_text(&t, fin_goal_kind_name(g[i].kind));
		out_text(&t, description);
		out_text(&t, g[i].label);
		free(description);
		if (people)
			continue;
		int_or_null(&t, g[i].has_percent, g[i].percent_bp);
		money_or_null(&t, g[i].has_min, g[i].min_amount);
		money_or_null(&t, g[i].has_max, g[i].max_amount);
		out_text(&t, g[i].group);
	}
	if (!n) {
		struct fin_goal dflt;
		fin_goal_default(&dflt);
		char *description = fin_goal_describe(&dflt);
		out_note(&t, "Inga egna mål; goals financial bedömer standardmålet: %s.",
			 description);
		free(description);
		fin_goal_free(&dflt);
	}
	fin_goal_list_free(g, n);
	return print(cli, &t, fmt, err);
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	if (a->nrest == 0 || strcmp(a->rest[0], "list") == 0 || strcmp(a->rest[0], "remove") == 0)
		return goals_view_run(cli, a);
	if (strcmp(a->rest[0], "financial") != 0)
		return cli_usage_error(cli, a->cmd,
				       "okänt argument \"%s\" (list, remove OMRÅDE eller financial)",
				       a->rest[0]);
	/* The action is the argument after the area. */
	struct cli_args sub = *a;
	sub.rest = a->rest + 1;
	sub.nrest = a->nrest - 1;
	int action = cli_action(cli, &sub, actions, A_SHOW);
	if (action < 0)
		return EXIT_USAGE;
	int status = check_use(cli, a, action);
	if (status != EXIT_OK)
		return status;
	if (action == A_ADD)
		return add(cli, a);
	if (action == A_REMOVE)
		return remove_goal(cli, a);
	enum out_format fmt;
	date_t to = 0;
	int year = 0;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    !cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	if (action == A_LIST)
		return list(cli, fmt, &err) ? EXIT_OK : cli_fail(cli, &err);
	if (!cli_plan_period(cli, a, &year, &to, &err))
		return cli_fail(cli, &err);
	struct forecast_table ft;
	bool ok = forecast_compute(&cli->store, year, 0, to, &ft, &err);
	if (ok) {
		ok = show(cli, &ft, fmt, &err);
		forecast_table_free(&ft);
	}
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_goals = {
	.name = "goals",
	.args = "[list|remove OMRÅDE|financial [show|add|remove ID|list]]",
	.summary = "verksamhetsmål med status, och finansiella mål mot prognosen",
	.description =
		"list (standard) visar förbundets målområden och mål (verksamhetsmål) med\n"
		"målvärde, utfall och status (uppnått, delvis, ej uppnått, kan ej bedömas),\n"
		"och de finansiella målen bedömda mot årets prognos under \"Ekonomiska mål\".\n"
		"Målen läses in med finsam followup import; remove OMRÅDE tar bort ett\n"
		"målområde med dess mål.\n"
		"financial show bedömer förbundets finansiella mål mot årets prognos (bokföringen\n"
		"till --to och prognosen för resten av året): uppnått, delvis uppnått, ej uppnått\n"
		"eller kan ej bedömas, med siffrorna bakom. Utan egna mål bedöms det rekommenderade\n"
		"taket: eget kapital vid årets slut högst 20 % av medlemsbidragen.\n"
		"financial add lägger till ett mål av ett slag (--kind):\n"
		"  eget-kapital-andel      eget kapital högst --percent av medlemsbidragen (20)\n"
		"  eget-kapital-intervall  eget kapital mellan --min och --max kronor\n"
		"  administration-andel    --group högst --percent av de totala kostnaderna\n"
		"  resultat-mot-budget     resultatet minst budgeterat (delvis inom --percent\n"
		"                          av de budgeterade kostnaderna)\n"
		"  insatser-mot-budget     varje insats (kostnadsrad med objekt, i --group)\n"
		"                          med prognos inom budget\n"
		"financial remove ID tar bort ett mål; financial list listar målen.",
	.options = options,
	.min_args = 0,
	.max_args = -1,
	.run = run,
};
