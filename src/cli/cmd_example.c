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

extern const unsigned char example_sie[];
extern const size_t example_sie_len;

#define EXAMPLE_FILE "bokforing-2023-h1.se"

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

static bool write_file(const char *path, struct error *err)
{
	FILE *f = fopen(path, "wbx");
	if (!f) {
		error_set(err, ERR_INPUT, "kan inte skriva %s: %s", path, strerror(errno));
		return false;
	}
	bool ok = fwrite(example_sie, 1, example_sie_len, f) == example_sie_len;
	ok = fclose(f) == 0 && ok;
	if (!ok)
		error_set(err, ERR_INTERNAL, "kan inte skriva %s", path);
	return ok;
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	const char *dir = a->rest[0];
	char *sie = NULL, *db = NULL;
	if (asprintf(&sie, "%s/%s", dir, EXAMPLE_FILE) < 0 || asprintf(&db, "%s/finsam.db", dir) < 0)
		abort();
	cli->db_path = db;
	struct import_result res;
	struct import_options opt = { .log_name = EXAMPLE_FILE };
	bool ok = make_dir(dir, &err) && write_file(sie, &err) &&
		  cli_open_store(cli, STORE_CREATE, &err) &&
		  books_import_sie(&cli->store, sie, &opt, &res, &err);
	if (ok) {
		import_report_print(cli, sie, &res);
		import_result_free(&res);
		fprintf(cli->out,
			"\nExemplet ligger i %s/:\n"
			"  %-24s bokföringen januari–juni 2023 (SIE 4E)\n"
			"  %-24s databasen, med filen inläst\n\n"
			"Prova till exempel:\n"
			"  finsam -d %s balance\n"
			"  finsam -d %s balance --by 6\n"
			"  finsam -d %s vouchers --account 4590\n",
			dir, EXAMPLE_FILE, "finsam.db", db, db, db);
	}
	cli->db_path = "finsam.db";
	if (!ok) {
		free(sie);
		free(db);
		return cli_fail(cli, &err);
	}
	store_close(&cli->store);
	cli->store_open = false;
	free(sie);
	free(db);
	return EXIT_OK;
}

const struct cli_command cmd_example = {
	.name = "example",
	.args = "KATALOG",
	.summary = "skapa exempelförbundet (Finsam Lekeberg Örebro 2023) att prova med",
	.description = "Skriver exemplets SIE-fil till KATALOG och läser in den i en ny databas,\n"
		       "KATALOG/finsam.db (flaggan -d används inte).",
	.options = options,
	.min_args = 1,
	.max_args = 1,
	.run = run,
};
