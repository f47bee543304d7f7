/*
 * cmd_export — `finsam export sie`: a fiscal year as a SIE file.
 *
 * The file is written to a temporary name beside the target and renamed
 * into place, so a failed export never leaves half a file.
 */
#include <string.h>

#include "books/balance.h"
#include "books/export.h"
#include "cli/cli.h"

static const struct cli_option options[] = {
	{ "year", 'y', "ÅÅÅÅ", "räkenskapsåret som börjar detta år (standard: det senaste)" },
	{ "type", 't', "TYP", "4e (standard: hela året med saldon) eller 4i (bara verifikationer)" },
	{ "output", 'o', "FIL", "skriv till filen (standard: standard ut)" },
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

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	if (strcmp(a->rest[0], "sie") != 0)
		return cli_usage_error(cli, a->cmd, "okänt exportformat \"%s\" (finns: sie)",
				       a->rest[0]);
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
	.args = "sie",
	.summary = "skriv ett räkenskapsår som SIE-fil (4E eller 4I, CP437 med #KSUMMA)",
	.description =
		"SIE 4E innehåller kontoplan, dimensioner och objekt, ingående och utgående\n"
		"saldon (även per objekt) för året och året före, periodbudgetar och alla\n"
		"verifikationer. SIE 4I innehåller bara verifikationerna, för inläsning i ett\n"
		"annat system. Saldona är bokföringens egna, beräknade ur verifikationerna.\n"
		"Ett år som bara har saldon skrivs som SIE 1 (eller 3).",
	.options = options,
	.min_args = 1,
	.max_args = 1,
	.run = run,
};
