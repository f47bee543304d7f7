/*
 * cmd_forecast — `finsam forecast show|set|history|import|export`: the
 * full-year forecast per budget line and the forecast table of an interim
 * report, with the year-end equity it leads to.
 */
#include <stdlib.h>
#include <string.h>

#include "books/org.h"
#include "cli/cli.h"
#include "cli/forecast_view.h"
#include "cli/output.h"
#include "plan/forecast.h"
#include "plan/forecast_csv.h"
#include "util/buf.h"
#include "util/xalloc.h"

static const struct cli_option options[] = {
	{ "year", 'y', "ÅÅÅÅ", "budgetåret (standard: det senaste med budget)" },
	{ "to", 0, "DATUM", "show: utfall till och med dagen (standard: bokföringens sista)" },
	{ "version", 0, "N", "show: jämför mot budgetversion N (standard: den senaste)" },
	{ "date", 0, "DATUM", "set: prognosens datum (standard: bokföringens sista dag)" },
	{ "amount", 0, "BELOPP", "set: beloppet för metoden manuell" },
	{ "comment", 0, "TEXT", "set: kommentar (varför prognosen ser ut så)" },
	{ "output", 'o', "FIL", "export: skriv till filen (standard: standard ut)" },
	{ "format", 0, "FORMAT", "show, history: table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

enum { A_SHOW, A_SET, A_HISTORY, A_IMPORT, A_EXPORT };
static const char *const actions[] = { "show", "set", "history", "import", "export", NULL };

static const char *const row_kinds[] = {
	[FR_HEADING] = "heading", [FR_LINE] = "line",		 [FR_SUBTOTAL] = "subtotal",
	[FR_GROUP_TOTAL] = "group_total", [FR_SECTION_TOTAL] = "section_total",
	[FR_OTHER] = "other",	  [FR_RESULT] = "result",
};

static const char *kronor(money_t m, char *buf, size_t size)
{
	return money_format_sv(m, &money_style_terminal_kr, buf, size);
}

static char *percent_json(int64_t bp, bool known)
{
	return known ? xasprintf("%lld", (long long)bp) : xstrdup("null");
}

/* The sentences an interim report writes from the table (section 1.2 and
 * the equity under the forecast), as notes and as JSON facts. */
static void statements(struct out_table *t, const struct forecast_table *ft)
{
	char a[64], b[64], c[64];
	money_t vs_period = ft->result.actual - ft->result.period_budget;
	out_meta_int(t, "period_budget_result", NULL, ft->result.period_budget);
	out_meta_int(t, "result_against_period_budget", NULL, vs_period);
	out_note(t, "Resultat för perioden %s kr mot periodens budget %s kr: %s kr %s än budget.",
		 kronor(ft->result.actual, a, sizeof a), kronor(ft->result.period_budget, b, sizeof b),
		 kronor(vs_period < 0 ? -vs_period : vs_period, c, sizeof c),
		 vs_period >= 0 ? "bättre" : "sämre");
	int64_t share = 0;
	bool known = plan_percent(ft->costs.actual, ft->costs.budget, &share);
	char *js = percent_json(share, known);
	out_meta_json(t, "costs_share_of_budget", NULL, js);
	free(js);
	if (known) {
		char p[16];
		out_note(t, "Kostnaderna för perioden, %s kr, är %s av årets budgeterade kostnader "
			    "%s kr.",
			 kronor(ft->costs.actual, a, sizeof a), out_percent_text(share, p, sizeof p),
			 kronor(ft->costs.budget, b, sizeof b));
	}
	out_note(t, "Budgeterat resultat %s kr, prognos %s kr: en avvikelse om %s kr.",
		 kronor(ft->result.budget, a, sizeof a), kronor(ft->result.forecast, b, sizeof b),
		 kronor(ft->result.difference, c, sizeof c));
	if (*ft->other_accounts)
		out_note(t, "Ej budgeterat: konto %s har utfall men ingen budgetrad väljer dem.",
			 ft->other_accounts);
}

/* "= 24 % av årets intäkter och 24 % av medlemsbidragen" as far as known. */
static void equity_shares(struct buf *b, int64_t of_income, bool ki, int64_t of_contrib, bool kc)
{
	char p[16];
	if (ki)
		buf_printf(b, " = %s av årets intäkter", out_percent_text(of_income, p, sizeof p));
	if (kc)
		buf_printf(b, "%s %s av medlemsbidragen", ki ? " och" : " =",
			   out_percent_text(of_contrib, p, sizeof p));
}

static void equity(struct out_table *t, const struct forecast_table *ft)
{
	if (!ft->equity_known) {
		out_meta_json(t, "equity_path", NULL, "null");
		out_note(t, "Eget kapital: bokföringen har ingen ingående balans för %d.", ft->year);
		return;
	}
	char a[64], b[64];
	out_meta_int(t, "opening_equity", NULL, ft->opening_equity);
	out_meta_int(t, "equity_forecast", NULL, ft->path[0].equity);
	out_note(t, "Eget kapital vid årets början: %s kr.", kronor(ft->opening_equity, a, sizeof a));
	struct buf json = BUF_INIT(0);
	buf_puts(&json, "[");
	for (size_t i = 0; i < ft->npath; i++) {
		const struct equity_point *p = &ft->path[i];
		int64_t of_income = 0, of_contrib = 0;
		bool ki = plan_percent(p->equity, p->income, &of_income);
		bool kc = plan_percent(p->equity, p->contributions, &of_contrib);
		char *si = percent_json(of_income, ki), *sc = percent_json(of_contrib, kc);
		buf_printf(&json,
			   "%s{\"year\": %d, \"kind\": \"%s\", \"result\": %lld, \"equity\": %lld, "
			   "\"share_of_income\": %s, \"share_of_contributions\": %s}",
			   i ? ", " : "", p->year, i ? "plan" : "forecast", (long long)p->result,
			   (long long)p->equity, si, sc);
		free(si);
		free(sc);
		struct buf note = BUF_INIT(0);
		buf_printf(&note, "%d (%s): resultat %s kr, eget kapital vid årets slut %s kr",
			   p->year, i ? "plan" : "prognos", kronor(p->result, a, sizeof a),
			   kronor(p->equity, b, sizeof b));
		equity_shares(&note, of_income, ki, of_contrib, kc);
		out_note(t, "%s.", buf_cstr(&note));
		buf_free(&note);
	}
	buf_puts(&json, "]");
	out_meta_json(t, "equity_path", NULL, buf_cstr(&json));
	buf_free(&json);
}

bool forecast_view_print(struct cli *cli, const struct forecast_table *ft, enum out_format fmt,
			 struct error *err)
{
	/* People get the report's four columns; programs also get the
	 * row's kind and level, the period budget and the method. */
	static const struct out_column table_cols[] = {
		{ "line", "", OUT_TEXT, -1 },
		{ "budget", "Budget helår", OUT_KRONOR, 0 },
		{ "actual", "Utfall perioden", OUT_KRONOR, 0 },
		{ "forecast", "Prognos helår", OUT_KRONOR, 0 },
		{ "difference", "Differens", OUT_KRONOR, 0 },
		{ "method", "Metod", OUT_TEXT, 0 },
	};
	static const struct out_column data_cols[] = {
		{ "kind", "", OUT_TEXT, 0 },	       { "level", "", OUT_INT, 0 },
		{ "line", "", OUT_TEXT, 0 },	       { "budget", "", OUT_MONEY, 0 },
		{ "period_budget", "", OUT_MONEY, 0 }, { "actual", "", OUT_MONEY, 0 },
		{ "forecast", "", OUT_MONEY, 0 },      { "difference", "", OUT_MONEY, 0 },
		{ "method", "", OUT_TEXT, 0 },	       { "method_date", "", OUT_DATE, 0 },
		{ "comment", "", OUT_TEXT, 0 },
	};
	bool people = fmt == OUT_TABLE;
	struct out_table t;
	if (people)
		out_init(&t, table_cols, sizeof table_cols / sizeof table_cols[0]);
	else
		out_init(&t, data_cols, sizeof data_cols / sizeof data_cols[0]);
	struct org_info org;
	char from[11], to[11];
	bool named = org_get(&cli->store, &org, err);
	out_set_title(&t, "%s%sPrognos %d (utfall %s – %s)", named ? org.name : "",
		      named && *org.name ? "\n" : "", ft->year, date_format(ft->from, from),
		      date_format(ft->to, to));
	if (named)
		org_info_free(&org);
	error_clear(err);
	char *version = ft->budget.decided || *ft->budget.decision_ref
				? xasprintf("%s (beslut %s%s%s)", ft->budget.name,
					    ft->budget.decided ? date_format(ft->budget.decided, from)
							       : "",
					    ft->budget.decided && *ft->budget.decision_ref ? ", " : "",
					    ft->budget.decision_ref)
				: xstrdup(ft->budget.name);
	out_meta_int(&t, "year", NULL, ft->year);
	out_meta_text(&t, "from", NULL, date_format(ft->from, from));
	out_meta_text(&t, "to", NULL, date_format(ft->to, to));
	out_meta_text(&t, "budget_version", "Jämförs mot", version);
	out_meta_int(&t, "budget_version_number", NULL, ft->budget.seq);
	free(version);
	for (size_t r = 0; r < ft->nrows; r++) {
		const struct forecast_row *row = &ft->rows[r];
		bool figures = row->kind != FR_HEADING;
		out_row(&t, false);
		if (people) {
			char *label = xasprintf("%*s%s", row->level * 2, "", row->label);
			out_text(&t, label);
			free(label);
		} else {
			out_text(&t, row_kinds[row->kind]);
			out_int(&t, row->level);
			out_text(&t, row->label);
		}
		const money_t values[] = { row->f.budget, row->f.period_budget, row->f.actual,
					   row->f.forecast, row->f.difference };
		for (size_t v = 0; v < 5; v++) {
			if (people && v == 1)
				continue;
			if (figures)
				out_money(&t, values[v]);
			else
				out_null(&t);
		}
		bool line = row->kind == FR_LINE;
		out_text(&t, line ? forecast_method_name(row->method) : "");
		if (!people) {
			if (line && row->method_as_of)
				out_date(&t, row->method_as_of);
			else
				out_null(&t);
			out_text(&t, row->comment);
		}
	}
	statements(&t, ft);
	equity(&t, ft);
	bool ok = out_print(&t, cli->out, fmt, "rows", err);
	out_free(&t);
	return ok;
}

/* The forecast each entry gave at its own date, for `history`. */
static bool entry_value(struct store *st, int year, const struct forecast_entry *e,
			money_t *out, struct error *err)
{
	struct forecast_table ft;
	if (!forecast_compute(st, year, 0, e->as_of, &ft, err))
		return false;
	*out = 0;
	for (size_t r = 0; r < ft.nrows; r++)
		if (ft.rows[r].kind == FR_LINE && strcmp(ft.rows[r].label, e->line) == 0)
			*out = ft.rows[r].f.forecast;
	forecast_table_free(&ft);
	return true;
}

static bool history(struct cli *cli, int year, const char *line, enum out_format fmt,
		    struct error *err)
{
	static const struct out_column cols[] = {
		{ "line", "Rad", OUT_TEXT, 0 },	      { "date", "Datum", OUT_DATE, 0 },
		{ "method", "Metod", OUT_TEXT, 0 },    { "forecast", "Prognos helår", OUT_KRONOR, 0 },
		{ "comment", "Kommentar", OUT_TEXT, -1 }, { "entered", "Inlagd (UTC)", OUT_TEXT, 0 },
	};
	struct forecast_entry *e;
	size_t n;
	if (!forecast_entries(&cli->store, year, 0, &e, &n, err))
		return false;
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Prognoshistorik %d%s%s", year, line ? ": " : "", line ? line : "");
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		if (line && strcmp(line, e[i].line) != 0)
			continue;
		money_t value = 0;
		ok = entry_value(&cli->store, year, &e[i], &value, err);
		out_row(&t, false);
		out_text(&t, e[i].line);
		out_date(&t, e[i].as_of);
		out_text(&t, forecast_method_name(e[i].method));
		out_money(&t, value);
		out_text(&t, e[i].comment);
		out_text(&t, e[i].created);
	}
	forecast_entries_free(e, n);
	ok = ok && out_print(&t, cli->out, fmt, "entries", err);
	out_free(&t);
	return ok;
}

static int do_set(struct cli *cli, const struct cli_args *a, int year)
{
	struct error err = ERROR_INIT;
	if (a->nrest != 3)
		return cli_usage_error(cli, a->cmd, "forecast set tar en rad och en metod");
	enum forecast_method method;
	if (!forecast_method_parse(a->rest[2], &method))
		return cli_usage_error(cli, a->cmd,
				       "\"%s\" är ingen metod (manuell, budget, linjär eller "
				       "utfall+rest)",
				       a->rest[2]);
	money_t amount = 0;
	date_t as_of = 0;
	const char *amount_text = cli_value(a, "amount"), *date_text = cli_value(a, "date");
	if ((amount_text && !cli_parse_amount("--amount", amount_text, &amount, &err)) ||
	    (date_text && !cli_parse_date("date", date_text, &as_of, &err)))
		return cli_fail(cli, &err);
	if (!as_of) {
		/* The day of the actual outcome the forecast is made with. */
		struct forecast_table ft;
		if (!forecast_compute(&cli->store, year, 0, 0, &ft, &err))
			return cli_fail(cli, &err);
		as_of = forecast_entry_day(&ft);
		forecast_table_free(&ft);
		if (!as_of)
			return cli_usage_error(cli, a->cmd,
					       "%d har ingen bokföring än; ange prognosens --date", year);
	}
	if (!forecast_set(&cli->store, year, a->rest[1], as_of, method, amount_text != NULL, amount,
			  cli_value(a, "comment"), &err))
		return cli_fail(cli, &err);
	char d[11];
	fprintf(cli->out, "Prognos för \"%s\" per %s: %s.\n", a->rest[1], date_format(as_of, d),
		forecast_method_name(method));
	return EXIT_OK;
}

struct entries_job {
	struct store *st;
	int year;
};

static bool write_entries(FILE *f, void *ctx, struct error *err)
{
	const struct entries_job *job = ctx;
	return forecast_csv_write(job->st, job->year, f, err);
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	int action = cli_action(cli, a, actions, A_SHOW);
	if (action < 0)
		return EXIT_USAGE;
	enum out_format fmt;
	long version = 0;
	date_t to = 0;
	int year = 0;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    (cli_value(a, "version") &&
	     !cli_parse_int("version", cli_value(a, "version"), 1, 1000, &version, &err)) ||
	    !cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	if (action == A_IMPORT) {
		size_t n = 0;
		if (a->nrest != 2)
			return cli_usage_error(cli, a->cmd, "forecast import tar en fil");
		if (!forecast_csv_import(&cli->store, a->rest[1], &n, &err))
			return cli_fail(cli, &err);
		fprintf(cli->out, "Läste in %zu prognoser ur %s.\n", n, a->rest[1]);
		return EXIT_OK;
	}
	if (!cli_plan_period(cli, a, &year, &to, &err))
		return cli_fail(cli, &err);
	if (action == A_SET)
		return do_set(cli, a, year);
	if (a->nrest > (action == A_HISTORY ? 2 : 1))
		return cli_usage_error(cli, a->cmd, "för många argument");
	bool ok;
	if (action == A_HISTORY) {
		ok = history(cli, year, a->nrest == 2 ? a->rest[1] : NULL, fmt, &err);
	} else if (action == A_EXPORT) {
		struct entries_job job = { &cli->store, year };
		ok = cli_write_output(cli, cli_value(a, "output"), write_entries, &job, &err);
	} else {
		struct forecast_table ft;
		ok = forecast_compute(&cli->store, year, (int)version, to, &ft, &err);
		if (ok) {
			ok = forecast_view_print(cli, &ft, fmt, &err);
			forecast_table_free(&ft);
		}
	}
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_forecast = {
	.name = "forecast",
	.args = "[show|set RAD METOD|history [RAD]|import FIL|export]",
	.summary = "helårsprognos per budgetrad och prognostabellen",
	.description =
		"show visar prognostabellen: budget helår, utfall för perioden, prognos helår och\n"
		"differens (positiv = bättre än budget), grupperad som budgeten med delsummor,\n"
		"samt det egna kapitalet vid årets slut och över budgetplanens år.\n"
		"set RAD METOD sätter en rads prognos. Metoder: manuell (med --amount),\n"
		"budget, linjär (utfallet uppräknat till helår) och utfall+rest (utfallet plus\n"
		"återstående budget enligt månadsfördelningen). Varje prognos sparas med sitt\n"
		"datum; history visar hur prognosen har rört sig. import och export läser och\n"
		"skriver prognoserna som CSV (Rad;Datum;Metod;Belopp;Kommentar).",
	.options = options,
	.min_args = 0,
	.max_args = -1,
	.run = run,
};
