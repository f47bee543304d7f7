/*
 * cmd_report — `finsam report`: its options and help (the command table's
 * entry). The work is in cmd_report_run.c, in the full binary, as it needs
 * the rendering libraries (cli/full_exec.c).
 */
#include "cli/cli.h"

static const struct cli_option options[] = {
	{ "output", 'o', "FIL", "skriv rapporten till FIL (.pdf, .html eller .xlsx); fler filer "
				"kan följa som argument" },
	{ "tables", 0, "KATALOG", "skriv också varje tabell som CSV och JSON i KATALOG" },
	CLI_OPTIONS_END,
};

const struct cli_command cmd_report = {
	.name = "report",
	.args = "MALL -o FIL [FIL…] | new [-o FIL] | placeholders | save NAMN FIL | "
		"load NAMN [-o FIL]",
	.summary = "bygg delårsrapporten eller årsredovisningen ur en mall (PDF, HTML, XLSX)",
	.description =
		"MALL är en Markdown-fil med ett huvud (typ, period, jämförelse, titel …) och\n"
		"platshållare som {{ resultaträkning }} och {{ nyckeltal kostnader }} (se\n"
		"docs/report.md). Varje siffra räknas fram ur bokföringen, budgeten, prognosen\n"
		"och uppföljningen; en okänd platshållare eller data som saknas är ett fel med\n"
		"mallens fil:rad:kolumn. Filernas ändelser väljer format: .pdf, .html, .xlsx;\n"
		"`finsam report mall.md -o rapport.{pdf,html,xlsx}` skriver alla tre.\n"
		"--tables KATALOG skriver varje tabell som CSV och JSON. Granskningen (finsam\n"
		"check) körs först och sammanfattas.\n"
		"new skriver en mall att börja från; placeholders listar platshållarna.\n"
		"save NAMN FIL sparar mallen i databasen under NAMN (där webben redigerar\n"
		"den; webbens mall heter rapport) om den går att bygga; load NAMN skriver\n"
		"ut den sparade mallen.",
	.options = options,
	.min_args = 1,
	.max_args = -1,
	.run = cmd_report_run,
};
