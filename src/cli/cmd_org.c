/*
 * cmd_org — `finsam init` (a new store) and `finsam org` (show or change
 * the organisation: name, organisation number, chart kind).
 */
#include <sys/stat.h>

#include "books/org.h"
#include "cli/cli.h"

static const struct cli_option options[] = {
	{ "name", 0, "NAMN", "förbundets namn" },
	{ "orgnr", 0, "NNNNNN-NNNN", "organisationsnummer" },
	{ "chart", 0, "TYP", "kontoplan: kommun-bas eller bas" },
	CLI_OPTIONS_END,
};

/* Apply --name, --orgnr and --chart. */
static bool apply(struct cli *cli, const struct cli_args *a, struct error *err)
{
	const char *chart = cli_value(a, "chart");
	enum chart_kind kind = CHART_UNKNOWN;
	if (chart && (!chart_kind_parse(chart, &kind) || kind == CHART_UNKNOWN)) {
		error_set(err, ERR_USAGE, "--chart: \"%s\" är ingen kontoplan (kommun-bas eller bas)",
			  chart);
		return false;
	}
	return org_set(&cli->store, cli_value(a, "name"), cli_value(a, "orgnr"), err) &&
	       (!chart || org_set_chart(&cli->store, kind, err));
}

static void show(struct cli *cli, const struct org_info *o)
{
	fprintf(cli->out, "Namn:                %s\n", *o->name ? o->name : "(inte angivet)");
	fprintf(cli->out, "Organisationsnummer: %s\n", *o->orgnr ? o->orgnr : "(inte angivet)");
	fprintf(cli->out, "Kontoplan:           %s (%s)\n", chart_kind_name(o->chart),
		o->chart_set_by_user ? "angiven"
		: o->chart == CHART_UNKNOWN ? "ännu inte bedömd"
					    : "bedömd vid inläsning");
	fprintf(cli->out, "Databas:             %s\n", cli->db_path);
}

static int run_org(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	struct org_info o;
	if (!cli_open_store(cli, STORE_EXISTING, &err) || !apply(cli, a, &err) ||
	    !org_get(&cli->store, &o, &err))
		return cli_fail(cli, &err);
	show(cli, &o);
	org_info_free(&o);
	return EXIT_OK;
}

static int run_init(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	struct stat sb;
	if (stat(cli->db_path, &sb) == 0) {
		error_set(&err, ERR_INPUT, "%s finns redan; välj ett annat namn med -d FIL",
			  cli->db_path);
		return cli_fail(cli, &err);
	}
	struct org_info o;
	if (!cli_open_store(cli, STORE_CREATE, &err) || !apply(cli, a, &err) ||
	    !org_get(&cli->store, &o, &err))
		return cli_fail(cli, &err);
	fprintf(cli->out, "Ny databas %s skapad.\n", cli->db_path);
	show(cli, &o);
	org_info_free(&o);
	return EXIT_OK;
}

const struct cli_command cmd_init = {
	.name = "init",
	.args = "",
	.summary = "skapa en ny, tom databas för ett förbund",
	.description = "Kontoplanen avgör senare hur konton förs till resultat- och\n"
		       "balansräkningens rader: Kommun-BAS har finansiella intäkter i 84 och\n"
		       "kostnader i 85, BAS i 83 och 84. Utan --chart bedöms den vid inläsning.",
	.options = options,
	.min_args = 0,
	.max_args = 0,
	.run = run_init,
};

const struct cli_command cmd_org = {
	.name = "org",
	.args = "",
	.summary = "visa eller ändra förbundets namn, organisationsnummer och kontoplan",
	.description = NULL,
	.options = options,
	.min_args = 0,
	.max_args = 0,
	.run = run_org,
};
