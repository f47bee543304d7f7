/*
 * cmd_example — `finsam example DIR`: the bundled example förbund, ready
 * to try: its SIE file and a store with the file imported (the way
 * bean-example gives beancount users a book to play with).
 *
 * The example's file is compiled into the binary (scripts/embed.sh), so
 * this works wherever finsam is installed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "books/import.h"
#include "cli/cli.h"
#include "cli/import_report.h"
#include "plan/budget_csv.h"
#include "plan/forecast_csv.h"
#include "followup/store.h"
#include "followup/yaml.h"
#include "util/file.h"
#include "plan/members.h"
#include "report/statement.h"

extern const unsigned char example_sie[], example_budget[], example_forecast[],
	example_members[], example_followup[], example_mapping[], example_report[];
extern const size_t example_sie_len, example_budget_len, example_forecast_len,
	example_members_len, example_followup_len, example_mapping_len, example_report_len;

#define EXAMPLE_FILE "bokforing-2023-h1.se"

/* The example's files, in the order they are read. */
static const struct {
	const char *name;
	const unsigned char *data;
	const size_t *len;
	const char *what;
} files[] = {
	{ EXAMPLE_FILE, example_sie, &example_sie_len, "bokföringen januari–juni 2023 (SIE 4E)" },
	{ "budget-2023.csv", example_budget, &example_budget_len,
	  "budget 2023 med plan 2024–2025 (finsam budget)" },
	{ "prognos-2023.csv", example_forecast, &example_forecast_len,
	  "prognoserna per 30 juni (finsam forecast)" },
	{ "medlemmar.csv", example_members, &example_members_len,
	  "medlemmarna och deras erbjudanden (finsam members)" },
	{ "uppfoljning.yaml", example_followup, &example_followup_len,
	  "insatser, deltagarstatistik och mål (finsam followup)" },
	{ "rapportmappning.yaml", example_mapping, &example_mapping_len,
	  "konton till rader i rapporterna, noterna (finsam mapping)" },
	{ "rapport.md", example_report, &example_report_len,
	  "mallen för delårsrapporten (finsam report)" },
};
#define NFILES (sizeof files / sizeof files[0])

static const struct cli_option options[] = {
	CLI_OPTIONS_END,
};

static bool make_dir(const char *dir, struct error *err)
{
	if (mkdir(dir, 0777) == 0)
		return true;
	if (errno == EEXIST) {
		char *probe = NULL;
		if (asprintf(&probe, "%s/finsam.db", dir) < 0)
			abort();
		struct stat sb;
		bool taken = stat(probe, &sb) == 0;
		free(probe);
		if (!taken && stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
			return true;
		error_set(err, ERR_INPUT, "%s finns redan%s; välj en ny katalog", dir,
			  taken ? " och har en finsam.db" : "");
		return false;
	}
	error_set(err, ERR_INPUT, "kan inte skapa katalogen %s: %s", dir, strerror(errno));
	return false;
}

static bool write_file(const char *path, const unsigned char *data, size_t len,
		       struct error *err)
{
	FILE *f = fopen(path, "wbx");
	if (!f) {
		error_set(err, ERR_INPUT, "kan inte skriva %s: %s", path, strerror(errno));
		return false;
	}
	bool ok = fwrite(data, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	if (!ok)
		error_set(err, ERR_INTERNAL, "kan inte skriva %s", path);
	return ok;
}

/* Read the follow-up file into the store. */
static bool read_followup(struct store *st, const char *path, struct error *err)
{
	struct followup_doc d;
	struct fu_findings f = { 0 };
	bool ok = fu_yaml_read_file(path, &d, err) && fu_store_save(st, &d, path, false, &f, err);
	fu_findings_free(&f);
	followup_doc_free(&d);
	return ok;
}

/* Read the statement mapping into the store. */
static bool read_mapping(struct store *st, const char *path, struct error *err)
{
	char *text = NULL;
	size_t len = 0;
	bool ok = file_read_all(path, STMT_MAP_MAX, "filen är för stor", &text, &len, err) &&
		  stmt_map_save(st, text, len, path, err);
	free(text);
	return ok;
}

/* Read the plan and follow-up files after the books: budget, forecast,
 * members, the follow-up, the statement mapping. */
static bool read_plan(struct store *st, char *const paths[NFILES], struct error *err)
{
	struct budget b;
	size_t n;
	bool ok = budget_csv_read(st, paths[1], 0, &b, err) && budget_save(st, &b, false, err);
	budget_free(&b);
	return ok && forecast_csv_import(st, paths[2], &n, err) &&
	       members_csv_import(st, paths[3], &n, err) && read_followup(st, paths[4], err) &&
	       read_mapping(st, paths[5], err);
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	const char *dir = a->rest[0];
	char *paths[NFILES], *db = NULL;
	for (size_t i = 0; i < NFILES; i++)
		if (asprintf(&paths[i], "%s/%s", dir, files[i].name) < 0)
			abort();
	if (asprintf(&db, "%s/finsam.db", dir) < 0)
		abort();
	cli->db_path = db;
	bool ok = make_dir(dir, &err);
	for (size_t i = 0; ok && i < NFILES; i++)
		ok = write_file(paths[i], files[i].data, *files[i].len, &err);
	struct import_result res;
	struct import_options opt = { .log_name = EXAMPLE_FILE };
	ok = ok && cli_open_store(cli, STORE_CREATE, &err) &&
	     books_import_sie(&cli->store, paths[0], &opt, &res, &err);
	if (ok) {
		import_report_print(cli->out, cli->err, paths[0], &res);
		import_result_free(&res);
		ok = read_plan(&cli->store, paths, &err);
	}
	if (ok) {
		fprintf(cli->out, "\nExemplet ligger i %s/:\n", dir);
		for (size_t i = 0; i < NFILES; i++)
			fprintf(cli->out, "  %-24s %s\n", files[i].name, files[i].what);
		fprintf(cli->out,
			"  %-24s databasen, med allt detta inläst\n\n"
			"Prova till exempel:\n"
			"  finsam -d %s balance\n"
			"  finsam -d %s balance --by 6\n"
			"  finsam -d %s vouchers --account 4590\n"
			"  finsam -d %s forecast\n"
			"  finsam -d %s contributions\n"
			"  finsam -d %s interventions show CTO\n"
			"  finsam -d %s participants --published\n"
			"  finsam -d %s goals\n"
			"  finsam -d %s statement br\n"
			"  finsam -d %s report %s/rapport.md -o rapport.pdf rapport.html rapport.xlsx\n",
			"finsam.db", db, db, db, db, db, db, db, db, db, db, dir);
	}
	cli->db_path = "finsam.db";
	for (size_t i = 0; i < NFILES; i++)
		free(paths[i]);
	free(db);
	if (!ok)
		return cli_fail(cli, &err);
	store_close(&cli->store);
	cli->store_open = false;
	return EXIT_OK;
}

const struct cli_command cmd_example = {
	.name = "example",
	.args = "KATALOG",
	.summary = "skapa exempelförbundet (Finsam Lekeberg Örebro 2023) att prova med",
	.description = "Skriver exemplets filer till KATALOG – bokföringen (SIE), budgeten,\n"
		       "prognoserna, medlemmarna, uppföljningen och rapportmappningen – och\n"
		       "läser in dem i en ny databas, KATALOG/finsam.db (flaggan -d används\n"
		       "inte).",
	.options = options,
	.min_args = 1,
	.max_args = 1,
	.run = run,
};
