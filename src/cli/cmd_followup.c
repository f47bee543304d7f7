/*
 * cmd_followup — `finsam followup import FIL [--dry-run]` and `finsam
 * followup export [-o FIL]`: the follow-up (interventions, participant
 * statistics, goals) in and out as the text file of docs/followup.md.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "followup/store.h"
#include "followup/yaml.h"

static const struct cli_option options[] = {
	{ "dry-run", 'n', NULL, "import: kontrollera filen mot databasen men spara inget" },
	{ "output", 'o', "FIL", "export: skriv till filen (standard: standard ut)" },
	CLI_OPTIONS_END,
};

enum { A_IMPORT, A_EXPORT };
static const char *const actions[] = { "import", "export", NULL };

/* Print the checks' findings: warnings as "varning:", errors as "fel:". */
static void print_findings(struct cli *cli, const char *file, const struct fu_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		fprintf(cli->err, "%s: %s: %s\n", file, f->items[i].warning ? "varning" : "fel",
			f->items[i].text);
}

static void print_summary(struct cli *cli, const struct followup_doc *d, const char *file,
			  bool dry_run)
{
	fprintf(cli->out, "%s %s: %zu insatser, %zu statistikposter, %zu målområden, %zu egna "
			  "utfallskategorier%s.\n",
		dry_run ? "Kontrollerade" : "Läste in", file, d->ninterventions, d->nstats, d->nareas,
		d->ncategories, d->has_threshold ? ", publiceringsgräns" : "");
	if (dry_run)
		fprintf(cli->out, "Filen är riktig; inget sparades (--dry-run).\n");
}

static int import(struct cli *cli, const char *path, bool dry_run)
{
	struct error err = ERROR_INIT;
	struct followup_doc d;
	if (!fu_yaml_read_file(path, &d, &err)) {
		followup_doc_free(&d);
		return cli_fail(cli, &err);
	}
	if (!cli_open_store(cli, STORE_EXISTING, &err)) {
		followup_doc_free(&d);
		return cli_fail(cli, &err);
	}
	struct fu_findings f = { 0 };
	bool ok = fu_store_save(&cli->store, &d, path, dry_run, &f, &err);
	print_findings(cli, path, &f);
	fu_findings_free(&f);
	if (ok)
		print_summary(cli, &d, path, dry_run);
	followup_doc_free(&d);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

static bool write_doc(FILE *f, void *ctx, struct error *err)
{
	return fu_yaml_write(f, ctx, err);
}

static int export(struct cli *cli, const char *path)
{
	struct error err = ERROR_INIT;
	struct followup_doc d;
	if (!cli_open_store(cli, STORE_EXISTING, &err) || !fu_store_load(&cli->store, &d, &err))
		return cli_fail(cli, &err);
	bool ok = cli_write_output(cli, path, write_doc, &d, &err);
	followup_doc_free(&d);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

static int run(struct cli *cli, const struct cli_args *a)
{
	int action = cli_action(cli, a, actions, -1);
	if (action < 0)
		return EXIT_USAGE;
	if (action == A_IMPORT) {
		if (a->nrest != 2)
			return cli_usage_error(cli, a->cmd, "import tar en fil");
		if (cli_flag(a, "output"))
			return cli_usage_error(cli, a->cmd, "--output hör till export");
		return import(cli, a->rest[1], cli_flag(a, "dry-run"));
	}
	if (a->nrest != 1)
		return cli_usage_error(cli, a->cmd, "export tar inga fler argument");
	if (cli_flag(a, "dry-run"))
		return cli_usage_error(cli, a->cmd, "--dry-run hör till import");
	return export(cli, cli_value(a, "output"));
}

const struct cli_command cmd_followup = {
	.name = "followup",
	.args = "import FIL | export",
	.summary = "läs in eller skriv ut uppföljningen (insatser, deltagarstatistik, mål) som text",
	.description =
		"import FIL läser en uppföljningsfil (YAML, se docs/followup.md): insatser med\n"
		"kort och resultatmål, deltagarstatistik (bara antal, aldrig personer),\n"
		"utfallskategorier, målområden med mål och publiceringsgränsen. Allt kontrolleras\n"
		"först (summor, personnummer, insatsens slag) och sparas i en transaktion: vid\n"
		"fel sparas inget. Det som filen inte nämner lämnas orört. export skriver allt\n"
		"tillbaka i samma format; import av det ger samma databas.",
	.options = options,
	.min_args = 1,
	.max_args = 2,
	.run = run,
};
