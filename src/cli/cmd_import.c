/*
 * cmd_import — `finsam import FILE...`: SIE files into the store.
 *
 * All files of one invocation land together or not at all. If the store
 * did not exist and the import fails, the new file is removed again, so a
 * failed first import leaves nothing behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "books/import.h"
#include "cli/cli.h"
#include "cli/import_report.h"

static const struct cli_option options[] = {
	{ "allow-unbalanced", 0, NULL,
	  "läs in verifikationer som inte balanserar (de flaggas överallt)" },
	{ "dry-run", 'n', NULL, "kontrollera och visa vad som skulle hända, men spara inget" },
	CLI_OPTIONS_END,
};

/* Read the start of the file to tell its format by content. */
static bool check_format(const char *path, struct error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		error_set_at(err, ERR_INPUT, path, 0, "kan inte öppna filen: %s", strerror(errno));
		return false;
	}
	struct stat sb;
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		close(fd);
		error_set_at(err, ERR_INPUT, path, 0, "är en katalog, inte en fil");
		return false;
	}
	char head[4096];
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	if (n < 0) {
		error_set_at(err, ERR_INPUT, path, 0, "kan inte läsa filen: %s", strerror(errno));
		return false;
	}
	if (n == 0) {
		error_set_at(err, ERR_INPUT, path, 0, "filen är tom");
		return false;
	}
	if (!books_looks_like_sie(head, (size_t)n)) {
		error_set_at(err, ERR_INPUT, path, 0,
			     "okänt filformat; finsam läser SIE-filer (typ 1–4), som börjar med "
			     "en rad som \"#FLAGGA 0\"");
		return false;
	}
	return true;
}

static void remove_store_files(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char *p = NULL;
		if (asprintf(&p, "%s%s", path, suffixes[i]) >= 0) {
			unlink(p);
			free(p);
		}
	}
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	for (int i = 0; i < a->nrest; i++)
		if (!check_format(a->rest[i], &err))
			return cli_fail(cli, &err);

	struct stat sb;
	bool created = stat(cli->db_path, &sb) != 0;
	if (!cli_open_store(cli, STORE_CREATE, &err) || !store_begin(&cli->store, &err)) {
		if (created && cli->store_open) {
			store_close(&cli->store);
			cli->store_open = false;
			remove_store_files(cli->db_path);
		}
		return cli_fail(cli, &err);
	}
	struct import_options opt = { .allow_unbalanced = cli_flag(a, "allow-unbalanced") };
	bool ok = true, changed = false;
	for (int i = 0; ok && i < a->nrest; i++) {
		struct import_result res;
		opt.log_name = a->rest[i];
		ok = books_import_sie(&cli->store, a->rest[i], &opt, &res, &err);
		if (ok) {
			import_report_print(cli->out, cli->err, a->rest[i], &res);
			changed |= !res.noop;
			import_result_free(&res);
		}
	}
	bool dry = cli_flag(a, "dry-run");
	/* When every file was already in, the store is left untouched: rolled
	 * back, not committed. */
	if (ok && !dry && changed)
		ok = store_commit(&cli->store, &err);
	store_rollback(&cli->store);
	if (!ok || (dry && created)) {
		store_close(&cli->store);
		cli->store_open = false;
		if (created)
			remove_store_files(cli->db_path);
	}
	if (!ok) {
		if (a->nrest > 1)
			fprintf(cli->err, "finsam: ingen av filerna lästes in\n");
		return cli_fail(cli, &err);
	}
	if (dry)
		fprintf(cli->out, "\nInget sparades (--dry-run).\n");
	return EXIT_OK;
}

const struct cli_command cmd_import = {
	.name = "import",
	.args = "FIL...",
	.summary = "läs in SIE-filer (typ 1–4) i databasen",
	.description =
		"Läser SIE-filer från vilket svenskt ekonomisystem som helst. Filtypen avgörs av\n"
		"innehållet. En fil med ett helt räkenskapsår (SIE 1–3 och 4E) ersätter det som\n"
		"tidigare lästs in för året och visar vilka verifikationer som tillkommit, "
		"tagits\n"
		"bort eller ändrats sedan förra inläsningen. En SIE 4I-fil lägger till sina\n"
		"verifikationer. Samma fil två gånger ändrar ingenting.\n\n"
		"Allt eller inget: om någon fil är felaktig sparas ingen av dem, och databasen\n"
		"lämnas precis som den var. Databasen skapas om den inte finns.",
	.options = options,
	.min_args = 1,
	.max_args = -1,
	.run = run,
};
