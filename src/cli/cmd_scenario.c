/*
 * cmd_scenario — `finsam scenario run|list|show|compare|remove`: what
 * happens when a member changes its part (the konsekvensanalys), saved by
 * name and compared side by side.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "plan/scenario.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/xalloc.h"

static const struct cli_option options[] = {
	{ "year", 'y', "ÅÅÅÅ", "run: året scenariot gäller (standard: budgetåret)" },
	{ "close", 0, "SÄTT", "run: pro-rata (standard) eller prioritet" },
	{ "priority", 0, "RADER", "run: kostnadsrader att minska i tur och ordning, \"A;B;C\"" },
	{ "save", 0, "NAMN", "run: spara scenariot under namnet" },
	{ "format", 0, "FORMAT", "table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

enum { A_RUN, A_LIST, A_SHOW, A_COMPARE, A_REMOVE };
static const char *const actions[] = { "run", "list", "show", "compare", "remove", NULL };

static const char *kr(money_t m, char *buf, size_t size)
{
	return money_format_sv(m, &money_style_terminal_kr, buf, size);
}

static void cuts_json(struct out_table *t, const struct scenario_result *r)
{
	struct buf b = BUF_INIT(0);
	buf_puts(&b, "[");
	for (size_t i = 0; i < r->ncuts; i++) {
		buf_puts(&b, i ? ", {\"line\": " : "{\"line\": ");
		jsonw_string(&b, r->cuts[i].line);
		buf_printf(&b, ", \"budget\": %lld, \"cut\": %lld}", (long long)r->cuts[i].budget,
			   (long long)r->cuts[i].cut);
	}
	buf_puts(&b, "]");
	out_meta_json(t, "cuts", NULL, buf_cstr(&b));
	buf_free(&b);
}

static bool print_one(struct cli *cli, const struct scenario_spec *spec,
		      const struct scenario_result *r, enum out_format fmt, struct error *err)
{
	static const struct out_column cols[] = {
		{ "code", "Kod", OUT_TEXT, 0 },
		{ "name", "Medlem", OUT_TEXT, 0 },
		{ "offer_now", "Erbjudande nu", OUT_KRONOR, 0 },
		{ "contribution_now", "Bidrag nu", OUT_KRONOR, 0 },
		{ "offer", "Erbjudande", OUT_KRONOR, 0 },
		{ "contribution", "Bidrag", OUT_KRONOR, 0 },
		{ "change", "Förändring", OUT_KRONOR, 0 },
		{ "binding", "Begränsar", OUT_TEXT, 0 },
	};
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	char *changes = scenario_changes_text(spec);
	out_set_title(&t, "Scenario %s%s%d: %s", *spec->name ? spec->name : "",
		      *spec->name ? " – " : "", r->year, changes);
	out_meta_text(&t, "name", NULL, spec->name);
	out_meta_int(&t, "year", NULL, r->year);
	out_meta_text(&t, "changes", NULL, changes);
	out_meta_text(&t, "basis", "Budget", r->basis);
	free(changes);
	for (size_t i = 0; i < r->members.n; i++) {
		const struct member *m = &r->members.m[i];
		out_row(&t, false);
		out_text(&t, m->code);
		out_text(&t, m->name);
		out_money(&t, m->has_offer ? m->offer : 0);
		out_money(&t, r->now.shares[i].contribution);
		out_money(&t, r->offer[i]);
		out_money(&t, r->then.shares[i].contribution);
		out_money(&t, r->then.shares[i].contribution - r->now.shares[i].contribution);
		out_text(&t, r->then.shares[i].binding ? "ja" : "");
	}
	out_row(&t, true);
	out_text(&t, "");
	out_text(&t, "Summa");
	out_null(&t);
	out_money(&t, r->now.total);
	out_null(&t);
	out_money(&t, r->then.total);
	out_money(&t, r->then.total - r->now.total);
	out_text(&t, "");
	const struct { const char *key; money_t v; } facts[] = {
		{ "total_now", r->now.total },	 { "total", r->then.total },
		{ "budget_contributions", r->budget_contributions },
		{ "gap", r->gap },		 { "budget_result", r->budget_result },
		{ "result_without_measures", r->result_without },
		{ "cut_total", r->cut_total },	 { "uncovered", r->uncovered },
		{ "result_with_proposal", r->result_with },
	};
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
		out_meta_int(&t, facts[i].key, NULL, facts[i].v);
	cuts_json(&t, r);
	char a[64], b[64], c[64];
	out_note(&t, "Budgeten räknar med %s kr i medlemsbidrag; scenariot ger %s kr.",
		 kr(r->budget_contributions, a, sizeof a), kr(r->then.total, b, sizeof b));
	if (r->gap > 0) {
		out_note(&t, "Det saknas %s kr. Utan åtgärder blir resultatet %s kr (budget %s kr).",
			 kr(r->gap, a, sizeof a), kr(r->result_without, b, sizeof b),
			 kr(r->budget_result, c, sizeof c));
		out_note(&t, "Förslag (%s) för att hålla det budgeterade resultatet:",
			 spec->closing == CLOSE_PRIORITY ? "i prioritetsordning" : "pro rata");
		for (size_t i = 0; i < r->ncuts; i++)
			out_note(&t, "  %s: %s kr mindre (budget %s kr)", r->cuts[i].line,
				 kr(r->cuts[i].cut, a, sizeof a), kr(r->cuts[i].budget, b, sizeof b));
		if (r->uncovered)
			out_note(&t, "  Förslaget räcker inte: %s kr återstår.",
				 kr(r->uncovered, a, sizeof a));
	} else {
		out_note(&t, "Bidragen räcker till budgeten (%s kr över).", kr(-r->gap, a, sizeof a));
	}
	if (r->equity_known) {
		out_meta_int(&t, "opening_equity", NULL, r->opening_equity);
		out_meta_int(&t, "equity_without_measures", NULL, r->equity_without);
		out_meta_int(&t, "equity_with_proposal", NULL, r->equity_with);
		out_note(&t, "Eget kapital vid årets slut: %s kr utan åtgärder, %s kr med förslaget "
			     "(%s kr vid årets början).",
			 kr(r->equity_without, a, sizeof a), kr(r->equity_with, b, sizeof b),
			 kr(r->opening_equity, c, sizeof c));
	}
	bool ok = out_print(&t, cli->out, fmt, "members", err);
	out_free(&t);
	return ok;
}

/* Rows of facts, one column per scenario, the current offers first. */
static bool compare(struct cli *cli, struct scenario_spec *specs, struct scenario_result *res,
		    size_t n, enum out_format fmt, struct error *err)
{
	size_t ncols = n + 2;
	struct out_column *cols = xcalloc(ncols, sizeof *cols);
	char **keys = xcalloc(n, sizeof *keys);
	cols[0] = (struct out_column){ "item", "", OUT_TEXT, -1 };
	cols[1] = (struct out_column){ "now", "Nuläge", OUT_KRONOR, 0 };
	for (size_t i = 0; i < n; i++) {
		keys[i] = xasprintf("scenario_%zu", i + 1);
		cols[i + 2] = (struct out_column){ keys[i], specs[i].name, OUT_KRONOR, 0 };
	}
	struct out_table t;
	out_init(&t, cols, ncols);
	out_set_title(&t, "Scenarier sida vid sida");
	const struct scenario_result *r0 = &res[0];
	for (size_t m = 0; m < r0->members.n; m++) {
		out_row(&t, false);
		out_text(&t, r0->members.m[m].name);
		out_money(&t, r0->now.shares[m].contribution);
		for (size_t i = 0; i < n; i++)
			out_money(&t, m < res[i].members.n ? res[i].then.shares[m].contribution : 0);
	}
	for (int f = 0; f < SCENARIO_FIGURES; f++) {
		out_row(&t, false);
		out_text(&t, scenario_figure_label(f));
		for (size_t i = 0; i <= n; i++) {
			money_t v;
			if (scenario_figure(&res[i ? i - 1 : 0], i == 0, f, &v))
				out_money(&t, v);
			else
				out_null(&t);
		}
	}
	out_note(&t, "Nuläge: medlemmarnas nuvarande erbjudanden för %d.", r0->year);
	bool ok = out_print(&t, cli->out, fmt, "rows", err);
	out_free(&t);
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	free(cols);
	return ok;
}

static bool spec_from_args(struct cli *cli, const struct cli_args *a, struct scenario_spec *s,
			   struct error *err)
{
	memset(s, 0, sizeof *s);
	s->name = xstrdup(cli_value(a, "save") ? cli_value(a, "save") : "");
	s->priority = xstrdup(cli_value(a, "priority") ? cli_value(a, "priority") : "");
	const char *close = cli_value(a, "close");
	if (close && !scenario_closing_parse(close, &s->closing)) {
		error_set(err, ERR_USAGE, "--close: \"%s\" är varken pro-rata eller prioritet", close);
		return false;
	}
	if (s->closing == CLOSE_PRIORITY && !*s->priority) {
		error_set(err, ERR_USAGE, "--close prioritet behöver --priority \"RAD;RAD;...\"");
		return false;
	}
	if (a->nrest < 2) {
		error_set(err, ERR_USAGE, "ange minst en ändring, t.ex. ORK=50%% eller REG=1 200 000");
		return false;
	}
	s->changes = xcalloc((size_t)a->nrest, sizeof *s->changes);
	for (int i = 1; i < a->nrest; i++) {
		if (!scenario_parse_change(a->rest[i], &s->changes[s->nchanges], err))
			return false;
		s->nchanges++;
	}
	return cli_plan_year(cli, a, &s->year, err);
}

static int run_compare(struct cli *cli, const struct cli_args *a, enum out_format fmt)
{
	struct error err = ERROR_INIT;
	size_t n = (size_t)a->nrest - 1;
	if (n < 1)
		return cli_usage_error(cli, a->cmd, "ange scenarier att jämföra");
	struct scenario_spec *specs = xcalloc(n, sizeof *specs);
	struct scenario_result *res = xcalloc(n, sizeof *res);
	bool ok = scenario_run_saved(&cli->store, (const char *const *)a->rest + 1, n, specs, res,
				     &err);
	if (ok) {
		ok = compare(cli, specs, res, n, fmt, &err);
		for (size_t i = 0; i < n; i++) {
			scenario_spec_free(&specs[i]);
			scenario_result_free(&res[i]);
		}
	}
	free(specs);
	free(res);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	int action = cli_action(cli, a, actions, -1);
	if (action < 0)
		return EXIT_USAGE;
	enum out_format fmt;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    !cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	if (action == A_COMPARE)
		return run_compare(cli, a, fmt);
	if (action == A_LIST) {
		char **names;
		size_t n;
		if (!scenario_names(&cli->store, &names, &n, &err))
			return cli_fail(cli, &err);
		for (size_t i = 0; i < n; i++) {
			fprintf(cli->out, "%s\n", names[i]);
			free(names[i]);
		}
		free(names);
		return EXIT_OK;
	}
	if ((action == A_SHOW || action == A_REMOVE) && a->nrest != 2)
		return cli_usage_error(cli, a->cmd, "ange ett scenarios namn");
	if (action == A_REMOVE)
		return scenario_remove(&cli->store, a->rest[1], &err) ? EXIT_OK : cli_fail(cli, &err);
	struct scenario_spec spec;
	struct scenario_result r;
	bool ok = action == A_SHOW ? scenario_load(&cli->store, a->rest[1], &spec, &err)
				   : spec_from_args(cli, a, &spec, &err);
	ok = ok && scenario_run(&cli->store, &spec, &r, &err);
	if (ok) {
		ok = (action == A_SHOW || !*spec.name || scenario_save(&cli->store, &spec, &err)) &&
		     print_one(cli, &spec, &r, fmt, &err);
		scenario_result_free(&r);
	}
	scenario_spec_free(&spec);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_scenario = {
	.name = "scenario",
	.args = "run KOD=ÄNDRING...|list|show NAMN|compare NAMN...|remove NAMN",
	.summary = "vad händer om en medlem ändrar sin del (konsekvensanalys)",
	.description =
		"run KOD=ÄNDRING... räknar om medlemsbidragen med ändrade erbjudanden, t.ex.\n"
		"ORK=50% (hälften av nuvarande erbjudande) eller REG=1 200 000, och visar varje\n"
		"medlems nya bidrag, vad som saknas mot årets budget (eller budgetplan),\n"
		"resultatet utan åtgärder, ett förslag som håller det budgeterade resultatet –\n"
		"minskningar pro rata över kostnadsraderna eller i den ordning --priority\n"
		"anger – och det egna kapitalet vid årets slut. --save NAMN sparar scenariot;\n"
		"compare visar sparade scenarier sida vid sida med nuläget.",
	.options = options,
	.min_args = 1,
	.max_args = -1,
	.run = run,
};
