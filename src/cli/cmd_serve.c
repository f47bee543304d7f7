/*
 * cmd_serve — `finsam serve`: its options and help (the command table's
 * entry). The work is in cmd_serve_run.c, in the full binary, as it needs
 * the web libraries (cli/full_exec.c).
 */
#include "cli/cli.h"
#include "web/server.h"

static const struct cli_option options[] = {
	{ "listen", 0, "ADRESS:PORT", "var servern lyssnar (standard " WEB_DEFAULT_LISTEN ")" },
	{ "base-path", 0, "SÖKVÄG", "där en omvänd proxy monterar webben, t.ex. /finsam" },
	{ "proxy", 0, NULL, "bakom en omvänd proxy: lita på X-Forwarded-Proto och -For" },
	{ "threads", 0, "N", "antal trådar (standard 4)" },
	{ "max-body", 0, "MB", "största förfrågan i megabyte (standard 32)" },
	CLI_OPTIONS_END,
};

const struct cli_command cmd_serve = {
	.name = "serve",
	.args = "",
	.summary = "webben: kontoret, insatsägare, styrelse och revisorer i webbläsaren",
	.description =
		"Startar webbservern på förbundets databas. Användarna läggs upp med\n"
		"finsam user; logga in på adressen som skrivs ut. Servern skriver en\n"
		"JSON-rad per förfrågan på standard fel (åtkomstloggen) och stänger\n"
		"snyggt på SIGTERM eller Ctrl-C. Se docs/web.md för drift bakom nginx.",
	.options = options,
	.min_args = 0,
	.max_args = 0,
	.run = cmd_serve_run,
};
