/*
 * cmd_export — `finsam export sie`: a fiscal year as a SIE file; `finsam
 * export national`: the figures of the national follow-up system.
 *
 * The file is written to a temporary name beside the target and renamed
 * into place, so a failed export never leaves half a file.
 */
#include <string.h>

#include "books/balance.h"
#include "books/export.h"
#include "cli/cli.h"
#include "cli/output.h"
#include "followup/national.h"

static const struct cli_option options[] = {
	{ "year", 'y', "ÅÅÅÅ", "räkenskapsåret som börjar detta år (standard: det senaste)" },
	{ "type", 't', "TYP", "4e (standard: hela året med saldon) eller 4i (bara verifikationer)" },
	{ "output", 'o', "FIL", "skriv till filen (standard: standard ut)" },
	{ "to", 0, "DATUM", "national: utfall till och med dagen (standard: bokföringens sista)" },
	{ "admin-group", 0, "GRUPP", "national: budgetgruppen som är administration" },
	{ "internal", 0, NULL, "national: verkliga antal, även under publiceringsgränsen" },
	{ "format", 0, "FORMAT", "national: table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

struct export_job {
	struct store *st;
	struct export_options *opt; /* the export fills in what it wrote */
};

static bool write_sie(FILE *f, void *ctx, struct error *err)
{
	const struct export_job *job = ctx;
	return books_export_sie(job->st, f, job->opt, err);
}

/* ---- national ------------------------------------------------------------------------ */

struct national_job {
	const struct fu_national *n;
	enum out_format fmt;
};

static bool write_national(FILE *f, void *ctx, struct error *err)
{
	static const struct out_column cols[] = {
		{ "area", "Område", OUT_TEXT, 0 },    { "code", "Insats", OUT_TEXT, 0 },
		{ "name", "Namn", OUT_TEXT, 36 },     { "field", "", OUT_TEXT, 0 },
		{ "label", "Uppgift", OUT_TEXT, -1 }, { "amount", "Belopp", OUT_KRONOR, 0 },
		{ "count", "Antal", OUT_TEXT, 0 },
	};
	const struct national_job *job = ctx;
	const struct fu_national *n = job->n;
	char to[11];
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Uppgifter till Uppföljning Finsam %d", n->year);
	out_meta_int(&t, "year", NULL, n->year);
	out_meta_text(&t, "to", "Utfall till och med", date_format(n->to, to));
	out_meta_text(&t, "budget_version", "Budget", *n->basis ? n->basis : "ingen");
	out_meta_text(&t, "admin_group", "Administration", *n->admin_group ? n->admin_group : "okänd");
	for (size_t i = 0; i < n->n; i++) {
		const struct fu_national_row *r = &n->rows[i];
		out_row(&t, false);
		out_text(&t, r->area);
		out_text(&t, r->code);
		out_text(&t, r->name);
		out_text(&t, r->key);
		out_text(&t, r->label);
		if (r->is_amount && r->known)
			out_money(&t, r->amount);
		else
			out_null(&t);
		if (!r->is_amount && r->known)
			out_text(&t, r->count);
		else
			out_null(&t);
	}
	bool ok = out_print(&t, f, job->fmt, "fields", err);
	out_free(&t);
	return ok;
}

static int national(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	if (cli_flag(a, "type"))
		return cli_usage_error(cli, a->cmd, "--type hör till export sie");
	enum out_format fmt;
	int year = 0;
	date_t to = 0;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    !cli_open_store(cli, STORE_EXISTING, &err) || !cli_plan_period(cli, a, &year, &to, &err))
		return cli_fail(cli, &err);
	struct fu_national n;
	if (!fu_national_compute(&cli->store, year, to, cli_value(a, "admin-group"),
				 !cli_flag(a, "internal"), &n, &err))
		return cli_fail(cli, &err);
	struct national_job job = { &n, fmt };
	bool ok = cli_write_output(cli, cli_value(a, "output"), write_national, &job, &err);
	fu_national_free(&n);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

/* ---- sie ----------------------------------------------------------------------------- */

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	if (strcmp(a->rest[0], "national") == 0)
		return national(cli, a);
	if (strcmp(a->rest[0], "sie") != 0)
		return cli_usage_error(cli, a->cmd,
				       "okänt exportformat \"%s\" (finns: sie, national)", a->rest[0]);
	static const char *const national_only[] = { "to", "admin-group", "internal", "format",
						      NULL };
	for (size_t i = 0; national_only[i]; i++)
		if (cli_flag(a, national_only[i]))
			return cli_usage_error(cli, a->cmd, "--%s hör till export national",
					       national_only[i]);
	struct export_options opt = { .today = date_today() };
	const char *type = cli_value(a, "type");
	if (type && strcmp(type, "4i") != 0 && strcmp(type, "4I") != 0 && strcmp(type, "4e") != 0 &&
	    strcmp(type, "4E") != 0)
		return cli_usage_error(cli, a->cmd, "--type: \"%s\" (4e eller 4i)", type);
	opt.only_vouchers = type && (type[1] == 'i' || type[1] == 'I');
	long year = 0;
	if ((cli_value(a, "year") &&
	     !cli_parse_int("year", cli_value(a, "year"), 1000, 9999, &year, &err)) ||
	    !cli_open_store(cli, STORE_EXISTING, &err) ||
	    !balance_find_year(&cli->store, (int)year, 0, &opt.year_id, &err))
		return cli_fail(cli, &err);
	if (!opt.year_id) {
		if (year)
			error_set(&err, ERR_INPUT, "databasen har inget räkenskapsår som börjar %ld",
				  year);
		else
			error_set(&err, ERR_INPUT, "databasen har ingen bokföring att exportera");
		return cli_fail(cli, &err);
	}
	const char *path = cli_value(a, "output");
	struct export_job job = { &cli->store, &opt };
	if (!cli_write_output(cli, path, write_sie, &job, &err))
		return cli_fail(cli, &err);
	if (!path || strcmp(path, "-") == 0)
		return EXIT_OK;
	fprintf(cli->err, "Skrev %s (SIE %d%s).\n", path, opt.sie_type,
		opt.sie_type == 4 ? (opt.only_vouchers ? "I" : "E") : "");
	return EXIT_OK;
}

const struct cli_command cmd_export = {
	.name = "export",
	.args = "sie|national",
	.summary = "skriv ett räkenskapsår som SIE-fil, eller uppgifterna till Uppföljning Finsam",
	.description =
		"SIE 4E innehåller kontoplan, dimensioner och objekt, ingående och utgående\n"
		"saldon (även per objekt) för året och året före, periodbudgetar och alla\n"
		"verifikationer. SIE 4I innehåller bara verifikationerna, för inläsning i ett\n"
		"annat system. Saldona är bokföringens egna, beräknade ur verifikationerna.\n"
		"Ett år som bara har saldon skrivs som SIE 1 (eller 3).\n"
		"national skriver det nationella uppföljningssystemets uppgifter för --year:\n"
		"tilldelade medel (medlemsbidragen: budget och bokfört), eget kapital,\n"
		"administration (budget och utfall) och per insats budget, utfall, planerat\n"
		"antal deltagare och deltagare per kön (ur periodens sista statistik i året).\n"
		"Antal under publiceringsgränsen visas \"<5\" om inte --internal anges.",
	.options = options,
	.min_args = 1,
	.max_args = 1,
	.run = run,
};
