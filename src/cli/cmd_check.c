/*
 * cmd_check — `finsam check`: every consistency check over the store.
 * Exit status 0 when nothing was found, 1 when something was.
 */
#include "books/check.h"
#include "cli/cli.h"
#include "report/audit.h"

static const struct cli_option options[] = {
	CLI_OPTIONS_END,
};

static void report(void *ctx, long line, const char *msg)
{
	(void)line;
	struct cli *cli = ctx;
	fprintf(cli->out, "%s\n", msg);
}

static void report_audit(void *ctx, const char *area, const char *text)
{
	struct cli *cli = ctx;
	fprintf(cli->out, "%s: %s\n", area, text);
}

static int run(struct cli *cli, const struct cli_args *a)
{
	(void)a;
	struct error err = ERROR_INIT;
	long findings = 0, audited = 0;
	struct audit_query q = { 0 };
	if (!cli_open_store(cli, STORE_EXISTING, &err) ||
	    !check_store(&cli->store, report, cli, &findings, &err) ||
	    !audit_run(&cli->store, &q, report_audit, cli, &audited, &err))
		return cli_fail(cli, &err);
	findings += audited;
	if (findings == 0) {
		fprintf(cli->out, "Inga avvikelser: bokföringen stämmer med sig själv och med de "
				  "inlästa filerna, och rapportens siffror stämmer med varandra.\n");
		return EXIT_OK;
	}
	fprintf(cli->out, "\n%ld %s.\n", findings, findings == 1 ? "avvikelse" : "avvikelser");
	return EXIT_INPUT;
}

const struct cli_command cmd_check = {
	.name = "check",
	.args = "",
	.summary = "kontrollera att bokföringen stämmer (avvikelser ger status 1)",
	.description =
		"Jämför filernas deklarerade utgående saldon (#UB, #RES) med verifikationerna,\n"
		"varje års ingående balanser med föregående års utgående, kontrollerar att\n"
		"saldona summerar till noll, listar verifikationer som lästs in obalanserade\n"
		"och att de sparade månadssaldona stämmer med verifikationsraderna. Granskar\n"
		"sedan rapportens siffror för det senaste årets period: att balansräkningen\n"
		"balanserar, att resultatet är balansräkningens, att varje konto med saldo\n"
		"hamnar på exakt en rad, att noterna summerar till sina rader, att tryckta\n"
		"rader summerar till tryckta summor, att prognosens summor stämmer, att\n"
		"deltagarstatistiken går ihop och att bokförda medlemsbidrag följer lagens\n"
		"andelar. Varje avvikelse namnger siffran, var den används och underlaget.",
	.options = options,
	.min_args = 0,
	.max_args = 0,
	.run = run,
};
