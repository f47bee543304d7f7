/*
 * goals_view — the goal areas and goals with their status, and the
 * financial goals beside them. See goals_view.h.
 */
#include "cli/goals_view.h"

#include <stdlib.h>
#include <string.h>

#include "cli/output.h"
#include "followup/evaluate.h"
#include "followup/store.h"
#include "plan/budget.h"
#include "plan/fin_goals.h"
#include "plan/forecast.h"
#include "util/xalloc.h"

/* The area the plan's financial goals are shown under. */
#define FINANCIAL_AREA "Ekonomiska mål"

static void number_or_null(struct out_table *t, bool known, int64_t v)
{
	if (known)
		out_int(t, v);
	else
		out_null(t);
}

/* One goal's row; limit and value (NULL: from the goal's numbers) are what
 * the target and actual columns show. */
static void goal_row(struct out_table *t, bool people, const char *area, size_t nr,
		     const struct fu_goal *g, const char *limit, const char *value)
{
	enum fu_status st = fu_goal_status(g);
	out_row(t, false);
	out_text(t, area);
	out_int(t, (int64_t)nr);
	out_text(t, g->text);
	char *target = limit		? xstrdup(limit)
		       : g->has_target ? xasprintf("%lld%s%s", (long long)g->target,
						   *g->unit ? " " : "", g->unit)
				       : xstrdup("");
	char *actual = value		? xstrdup(value)
		       : g->has_actual ? xasprintf("%lld%s%s", (long long)g->actual,
						   *g->unit ? " " : "", g->unit)
				       : xstrdup("");
	out_text(t, target);
	out_text(t, actual);
	out_text(t, fu_status_name(st));
	free(target);
	free(actual);
	if (people)
		return;
	out_text(t, fu_status_code(st));
	out_text(t, fu_status_colour(st));
	out_text(t, g->status == FU_ST_NONE ? "computed" : "set");
	number_or_null(t, g->has_target, g->target);
	number_or_null(t, g->has_actual, g->actual);
	out_text(t, g->unit);
	out_text(t, g->activities);
	out_text(t, g->outcome);
}

/* The financial goals as rows of their own area; a year without a budget
 * gets a note instead. */
static bool financial_rows(struct cli *cli, const struct cli_args *a, struct out_table *t,
			   bool people, struct error *err)
{
	int year = 0;
	date_t to = 0;
	bool any = false;
	if (!budget_default_year(&cli->store, &year, err))
		return false;
	if (!cli_value(a, "year") && !year) {
		out_note(t, "Ingen budget än: de finansiella målen bedöms när det finns en "
			    "(finsam budget import).");
		return true;
	}
	if (!cli_plan_period(cli, a, &year, &to, err))
		return false;
	struct forecast_table ft;
	if (!forecast_compute(&cli->store, year, 0, to, &ft, err))
		return false;
	struct fin_goal_result *res;
	size_t n;
	bool defaulted;
	bool ok = fin_goal_evaluate_all(&cli->store, &ft, &res, &n, &defaulted, err);
	for (size_t i = 0; ok && i < n; i++) {
		static const enum fu_status status_of[] = {
			[FGS_MET] = FU_ST_MET,
			[FGS_PARTLY] = FU_ST_PARTLY,
			[FGS_NOT_MET] = FU_ST_NOT_MET,
			[FGS_UNKNOWN] = FU_ST_UNKNOWN,
		};
		struct fu_goal g = {
			.text = res[i].title,
			.activities = (char *)"",
			.outcome = res[i].explanation,
			.status = status_of[res[i].status],
			.unit = (char *)"",
		};
		goal_row(t, people, FINANCIAL_AREA, i + 1, &g, res[i].limit, res[i].value);
		any = true;
	}
	if (ok) {
		fin_goal_results_free(res, n);
		if (any)
			out_note(t, "%s: prognos %d med utfall till och med %04d-%02d-%02d, mot %s%s.",
				 FINANCIAL_AREA, ft.year, ft.to / 10000, ft.to / 100 % 100,
				 ft.to % 100, ft.budget.name,
				 defaulted ? "; standardmålet (inga egna finansiella mål)" : "");
	}
	forecast_table_free(&ft);
	return ok;
}

static bool list(struct cli *cli, const struct cli_args *a, enum out_format fmt,
		 struct error *err)
{
	static const struct out_column table_cols[] = {
		{ "area", "Område", OUT_TEXT, 20 }, { "nr", "Nr", OUT_INT, 0 },
		{ "goal", "Mål", OUT_TEXT, 60 },    { "target", "Målvärde", OUT_TEXT, 24 },
		{ "actual", "Utfall", OUT_TEXT, 24 }, { "status", "Status", OUT_TEXT, -1 },
	};
	static const struct out_column data_cols[] = {
		{ "area", "", OUT_TEXT, 0 },	    { "nr", "", OUT_INT, 0 },
		{ "goal", "", OUT_TEXT, 0 },	    { "target_text", "", OUT_TEXT, 0 },
		{ "actual_text", "", OUT_TEXT, 0 }, { "status", "", OUT_TEXT, 0 },
		{ "status_code", "", OUT_TEXT, 0 }, { "colour", "", OUT_TEXT, 0 },
		{ "status_source", "", OUT_TEXT, 0 }, { "target", "", OUT_INT, 0 },
		{ "actual", "", OUT_INT, 0 },	    { "unit", "", OUT_TEXT, 0 },
		{ "activities", "", OUT_TEXT, 0 },  { "outcome", "", OUT_TEXT, 0 },
	};
	struct followup_doc d;
	if (!fu_store_load(&cli->store, &d, err))
		return false;
	bool people = fmt == OUT_TABLE;
	struct out_table t;
	if (people)
		out_init(&t, table_cols, sizeof table_cols / sizeof table_cols[0]);
	else
		out_init(&t, data_cols, sizeof data_cols / sizeof data_cols[0]);
	out_set_title(&t, "Mål och måluppfyllelse");
	for (size_t i = 0; i < d.nareas; i++)
		for (size_t j = 0; j < d.areas[i].ngoals; j++)
			goal_row(&t, people, d.areas[i].name, j + 1, &d.areas[i].goals[j], NULL,
				 NULL);
	if (!d.nareas)
		out_note(&t, "Inga verksamhetsmål än: läs in dem med finsam followup import FIL.");
	followup_doc_free(&d);
	bool ok = financial_rows(cli, a, &t, people, err) &&
		  out_print(&t, cli->out, fmt, "goals", err);
	out_free(&t);
	return ok;
}

int goals_view_run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	bool remove = a->nrest > 0 && strcmp(a->rest[0], "remove") == 0;
	if (remove ? a->nrest != 2 : a->nrest > 1)
		return cli_usage_error(cli, a->cmd, remove ? "goals remove tar ett målområde"
							   : "för många argument");
	static const char *const allowed[] = { "year", "to", "format", NULL };
	/* list takes these; remove none. */
	for (size_t o = 0; a->cmd->options[o].name; o++) {
		const char *name = a->cmd->options[o].name;
		bool takes = false;
		for (size_t i = 0; allowed[i] && !remove; i++)
			takes = takes || strcmp(allowed[i], name) == 0;
		if (cli_flag(a, name) && !takes)
			return cli_usage_error(cli, a->cmd, "--%s hör inte till goals %s", name,
					       remove ? "remove" : "list");
	}
	enum out_format fmt;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    !cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	if (remove) {
		if (!fu_store_remove_area(&cli->store, a->rest[1], &err))
			return cli_fail(cli, &err);
		fprintf(cli->out, "Tog bort målområdet %s med dess mål.\n", a->rest[1]);
		return EXIT_OK;
	}
	return list(cli, a, fmt, &err) ? EXIT_OK : cli_fail(cli, &err);
}
