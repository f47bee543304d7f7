/*
 * cmd_budget — `finsam budget import|show|export|versions|revise`: the
 * year's budget, its versions and the multi-year plan.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "plan/budget.h"
#include "plan/budget_csv.h"
#include "plan/budget_sie.h"
#include "util/xalloc.h"

static const struct cli_option options[] = {
	{ "year", 'y', "ÅÅÅÅ", "budgetåret (standard: det senaste med budget)" },
	{ "version", 0, "N", "budgetversion (1 = antagen; standard: den senaste)" },
	{ "revision", 0, NULL, "import: läs in en revidering av årets budget" },
	{ "from-sie", 0, NULL, "import: budgeten ur inlästa SIE-filers #PBUDGET (med --year)" },
	{ "name", 0, "NAMN", "import, revise: versionens namn" },
	{ "decided", 0, "DATUM", "import, revise: styrelsens beslutsdatum" },
	{ "ref", 0, "TEXT", "import, revise: beslutets referens (t.ex. § 45)" },
	{ "output", 'o', "FIL", "export: skriv till filen (standard: standard ut)" },
	{ "format", 0, "FORMAT", "show, versions: table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

enum { A_SHOW, A_IMPORT, A_EXPORT, A_VERSIONS, A_REVISE };
static const char *const actions[] = { "show", "import", "export", "versions", "revise", NULL };

/* --name, --decided and --ref onto a new version. */
static bool version_facts(const struct cli_args *a, struct budget *b, struct error *err)
{
	const char *name = cli_value(a, "name"), *ref = cli_value(a, "ref");
	const char *decided = cli_value(a, "decided");
	if (decided && !cli_parse_date("decided", decided, &b->decided, err))
		return false;
	if (name) {
		free(b->name);
		b->name = xstrdup(name);
	}
	if (ref) {
		free(b->decision_ref);
		b->decision_ref = xstrdup(ref);
	}
	return true;
}

static char *version_text(const char *name, date_t decided, const char *ref)
{
	char d[11];
	if (decided && *ref)
		return xasprintf("%s (beslut %s, %s)", name, date_format(decided, d), ref);
	if (decided)
		return xasprintf("%s (beslut %s)", name, date_format(decided, d));
	return xstrdup(name);
}

static void print_saved(struct cli *cli, const struct budget *b)
{
	char *v = version_text(b->name, b->decided, b->decision_ref);
	char inc[64], cost[64], res[64];
	fprintf(cli->out, "Läste in %s: version %d, %zu rader.\n", v, b->seq, b->nlines);
	fprintf(cli->out, "Intäkter %s kr, kostnader %s kr, budgeterat resultat %s kr.\n",
		money_format_sv(budget_total(b, BK_INCOME), &money_style_terminal_kr, inc, sizeof inc),
		money_format_sv(budget_total(b, BK_COST), &money_style_terminal_kr, cost, sizeof cost),
		money_format_sv(budget_result(b), &money_style_terminal_kr, res, sizeof res));
	free(v);
}

static int do_import(struct cli *cli, const struct cli_args *a, int year)
{
	struct error err = ERROR_INIT;
	bool sie = cli_flag(a, "from-sie");
	if (a->nrest != (sie ? 1 : 2))
		return cli_usage_error(cli, a->cmd, sie ? "--from-sie läser ingen fil"
						       : "budget import tar en fil");
	if (sie && !year)
		return cli_usage_error(cli, a->cmd, "--from-sie behöver --year");
	struct budget b;
	bool ok = (sie ? budget_from_sie(&cli->store, year, &b, &err)
		       : budget_csv_read(&cli->store, a->rest[1], year, &b, &err)) &&
		  version_facts(a, &b, &err) &&
		  budget_save(&cli->store, &b, cli_flag(a, "revision"), &err);
	if (ok)
		print_saved(cli, &b);
	budget_free(&b);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

/* "RAD=BELOPP" arguments onto a draft of the next revision. */
static int do_revise(struct cli *cli, const struct cli_args *a, int year)
{
	struct error err = ERROR_INIT;
	if (a->nrest < 2)
		return cli_usage_error(cli, a->cmd, "ange ändringarna som RAD=BELOPP");
	struct budget b;
	if (!budget_revision_draft(&cli->store, year, &b, &err))
		return cli_fail(cli, &err);
	bool ok = true;
	for (int i = 1; ok && i < a->nrest; i++) {
		const char *eq = strrchr(a->rest[i], '=');
		if (!eq) {
			error_set(&err, ERR_USAGE, "\"%s\": skriv RAD=BELOPP", a->rest[i]);
			ok = false;
			break;
		}
		char *line = xstrndup(a->rest[i], (size_t)(eq - a->rest[i]));
		money_t amount = 0;
		ok = cli_parse_amount(line, eq + 1, &amount, &err) &&
		     budget_set_line_amount(&b, line, amount, NULL, &err);
		free(line);
	}
	ok = ok && version_facts(a, &b, &err) && budget_save(&cli->store, &b, true, &err);
	if (ok)
		print_saved(cli, &b);
	budget_free(&b);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

static char *profile_text(const struct budget_line *l)
{
	if (!l->has_profile)
		return xstrdup("jämn");
	static const char *const months[] = { "jan", "feb", "mar", "apr", "maj", "jun",
					       "jul", "aug", "sep", "okt", "nov", "dec" };
	char *out = xstrdup("");
	for (int m = 0; m < 12; m++) {
		if (!l->profile[m])
			continue;
		char *next = xasprintf("%s%s%s %d,%02d %%", out, *out ? ", " : "", months[m],
				       l->profile[m] / 100, l->profile[m] % 100);
		free(out);
		out = next;
	}
	return out;
}

static bool show(struct cli *cli, const struct budget *b, enum out_format fmt, struct error *err)
{
	struct out_column cols[16] = {
		{ "kind", "Typ", OUT_TEXT, 0 },	     { "group", "Grupp", OUT_TEXT, 0 },
		{ "subgroup", "Undergrupp", OUT_TEXT, 0 }, { "line", "Rad", OUT_TEXT, 0 },
		{ "accounts", "Konton", OUT_TEXT, 0 },   { "object", "Objekt", OUT_TEXT, 0 },
		{ "amount", "Helår", OUT_KRONOR, 0 },
	};
	size_t ncols = 7;
	char titles[BUDGET_PLAN_MAX][2][24];
	for (size_t y = 0; y < b->nplan; y++) {
		snprintf(titles[y][0], sizeof titles[y][0], "plan_%d", b->plan_years[y]);
		snprintf(titles[y][1], sizeof titles[y][1], "Plan %d", b->plan_years[y]);
		cols[ncols++] = (struct out_column){ titles[y][0], titles[y][1], OUT_KRONOR, 0 };
	}
	cols[ncols++] = (struct out_column){ "profile", "Månadsfördelning", OUT_TEXT, 0 };
	struct out_table t;
	out_init(&t, cols, ncols);
	char *v = version_text(b->name, b->decided, b->decision_ref);
	out_set_title(&t, "Budget %d: %s", b->year, v);
	out_meta_int(&t, "year", NULL, b->year);
	out_meta_int(&t, "version", "Version", b->seq);
	out_meta_text(&t, "version_name", NULL, v);
	free(v);
	for (size_t i = 0; i < b->nlines; i++) {
		const struct budget_line *l = &b->lines[i];
		char object[64] = "";
		if (l->object_code)
			snprintf(object, sizeof object, "%d:%s", l->object_dim, l->object_code);
		out_row(&t, false);
		out_text(&t, budget_kind_label(l->kind));
		out_text(&t, l->group);
		out_text(&t, l->subgroup);
		out_text(&t, l->name);
		out_text(&t, l->accounts);
		out_text(&t, object);
		out_money(&t, l->amount);
		for (size_t y = 0; y < b->nplan; y++)
			out_money(&t, l->plan[y]);
		char *p = profile_text(l);
		out_text(&t, p);
		free(p);
	}
	char a[64], c[64], r[64], res[64];
	out_note(&t, "Intäkter %s kr, kostnader %s kr, finansiella poster %s kr: resultat %s kr.",
		 money_format_sv(budget_total(b, BK_INCOME), &money_style_terminal_kr, a, sizeof a),
		 money_format_sv(budget_total(b, BK_COST), &money_style_terminal_kr, c, sizeof c),
		 money_format_sv(budget_total(b, BK_FINANCIAL), &money_style_terminal_kr, r, sizeof r),
		 money_format_sv(budget_result(b), &money_style_terminal_kr, res, sizeof res));
	for (size_t y = 0; y < b->nplan; y++)
		out_note(&t, "Plan %d: resultat %s kr.", b->plan_years[y],
			 money_format_sv(budget_plan_result(b, y), &money_style_terminal_kr, r,
					 sizeof r));
	bool ok = out_print(&t, cli->out, fmt, "lines", err);
	out_free(&t);
	return ok;
}

static bool versions(struct cli *cli, int year, enum out_format fmt, struct error *err)
{
	static const struct out_column cols[] = {
		{ "year", "År", OUT_INT, 0 },	       { "version", "Version", OUT_INT, 0 },
		{ "name", "Namn", OUT_TEXT, 0 },       { "decided", "Beslutad", OUT_DATE, 0 },
		{ "decision_ref", "Beslut", OUT_TEXT, 0 }, { "lines", "Rader", OUT_INT, 0 },
		{ "income", "Intäkter", OUT_KRONOR, 0 }, { "costs", "Kostnader", OUT_KRONOR, 0 },
		{ "result", "Resultat", OUT_KRONOR, 0 }, { "source", "Källa", OUT_TEXT, 0 },
		{ "created", "Inläst (UTC)", OUT_TEXT, 0 },
	};
	struct budget_version_info *v;
	size_t n;
	if (!budget_versions(&cli->store, year, &v, &n, err))
		return false;
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Budgetversioner");
	for (size_t i = 0; i < n; i++) {
		out_row(&t, false);
		out_int(&t, v[i].year);
		out_int(&t, v[i].seq);
		out_text(&t, v[i].name);
		if (v[i].decided)
			out_date(&t, v[i].decided);
		else
			out_null(&t);
		out_text(&t, v[i].decision_ref);
		out_int(&t, (int64_t)v[i].nlines);
		out_money(&t, v[i].income);
		out_money(&t, v[i].costs);
		out_money(&t, v[i].income - v[i].costs + v[i].financial);
		out_text(&t, v[i].source);
		out_text(&t, v[i].created);
	}
	budget_versions_free(v, n);
	bool ok = out_print(&t, cli->out, fmt, "versions", err);
	out_free(&t);
	return ok;
}

static bool write_budget(FILE *f, void *ctx, struct error *err)
{
	return budget_csv_write(ctx, f, err);
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	int action = cli_action(cli, a, actions, A_SHOW);
	if (action < 0)
		return EXIT_USAGE;
	enum out_format fmt;
	long version = 0;
	long given_year = 0;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    (cli_value(a, "version") &&
	     !cli_parse_int("version", cli_value(a, "version"), 1, 1000, &version, &err)) ||
	    (cli_value(a, "year") &&
	     !cli_parse_int("year", cli_value(a, "year"), 1900, 9999, &given_year, &err)) ||
	    !cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	if (action == A_IMPORT)
		return do_import(cli, a, (int)given_year);
	if (action == A_VERSIONS)
		return versions(cli, (int)given_year, fmt, &err) ? EXIT_OK : cli_fail(cli, &err);
	int year = (int)given_year;
	if (!year && !budget_default_year(&cli->store, &year, &err))
		return cli_fail(cli, &err);
	if (action == A_REVISE)
		return do_revise(cli, a, year);
	if (a->nrest > 1)
		return cli_usage_error(cli, a->cmd, "för många argument");
	struct budget b;
	if (!budget_load(&cli->store, year, (int)version, &b, &err))
		return cli_fail(cli, &err);
	bool ok = action == A_SHOW ? show(cli, &b, fmt, &err)
				   : cli_write_output(cli, cli_value(a, "output"), write_budget, &b, &err);
	budget_free(&b);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_budget = {
	.name = "budget",
	.args = "[show|import FIL|export|versions|revise RAD=BELOPP...]",
	.summary = "budget, budgetversioner och flerårsplan",
	.description =
		"show visar årets budget rad för rad med flerårsplan och månadsfördelning.\n"
		"import FIL läser en budget ur en CSV-fil som Excel sparar den (semikolon,\n"
		"decimalkomma, UTF-8 eller Windows-1252); formatet står i docs/plan.md. Den\n"
		"första budgeten för ett år blir den antagna; --revision läser in en\n"
		"revidering som styrelsen beslutat. Ett fel i filen ändrar ingenting.\n"
		"import --from-sie --year ÅÅÅÅ gör budgeten av #PBUDGET i inlästa SIE-filer.\n"
		"export skriver samma CSV-format tillbaka. versions listar versionerna.\n"
		"revise RAD=BELOPP... gör en ny version av den senaste med ändrade belopp.",
	.options = options,
	.min_args = 0,
	.max_args = -1,
	.run = run,
};
