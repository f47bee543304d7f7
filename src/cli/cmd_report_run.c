/*
 * cmd_report_run — the work of `finsam report` (its entry is cmd_report.c;
 * it runs in the full binary, cli/full_exec.c): the report from a template
 * (docs/report.md) as PDF, HTML and/or XLSX (by each file's extension),
 * and as CSV and JSON per table (--tables KATALOG); `finsam report new`
 * writes a starter template; `finsam report placeholders` lists the
 * placeholders; `finsam report save NAMN FIL` and `load NAMN` move a
 * template between a file and the store (where the web edits it). The
 * audit (finsam check) runs first and its summary is printed; the report
 * is built either way, so the office can see what the findings are about.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "books/check.h"
#include "cli/cli.h"
#include "render/render.h"
#include "report/audit.h"
#include "report/ph.h"
#include "report/report.h"
#include "report/template_store.h"
#include "util/file.h"
#include "util/xalloc.h"

extern const unsigned char report_starter[];
extern const size_t report_starter_len;


static void count_finding(void *ctx, long line, const char *msg)
{
	(void)line, (void)msg;
	(void)ctx;
}

static void count_audit(void *ctx, const char *area, const char *text)
{
	(void)ctx, (void)area, (void)text;
}

/* The audit's summary, before the report is built: the books' checks and
 * the figures' audit for the report's period and rounding. */
static bool audit_summary(struct cli *cli, const struct doc *d, struct error *err)
{
	long books = 0, figures = 0;
	struct audit_query q = audit_query_of_doc(d);
	if (!check_store(&cli->store, count_finding, NULL, &books, err) ||
	    !audit_run(&cli->store, &q, count_audit, NULL, &figures, err))
		return false;
	if (books + figures)
		fprintf(cli->err, "Granskning: %ld avvikelser (se finsam check).\n", books + figures);
	else
		fprintf(cli->out, "Granskning: inga avvikelser.\n");
	return true;
}

static bool write_table_files(struct cli *cli, struct doc *d, const char *dir, struct error *err)
{
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		error_set(err, ERR_INPUT, "kunde inte skapa katalogen %s: %s", dir, strerror(errno));
		return false;
	}
	size_t n;
	struct doc_table **t = doc_tables(d, &n);
	for (size_t i = 0; i < n; i++) {
		for (int json = 0; json < 2; json++) {
			char *path = xasprintf("%s/%s.%s", dir, t[i]->key, json ? "json" : "csv");
			char *tmp = xasprintf("%s.tmp", path);
			FILE *f = fopen(tmp, "w");
			bool ok = f && (json ? render_table_json(t[i], f, err)
					     : render_table_csv(t[i], f, err));
			if (f && fclose(f) != 0 && ok) {
				error_set(err, ERR_INTERNAL, "kunde inte skriva %s", tmp);
				ok = false;
			}
			if (!f)
				error_set(err, ERR_INPUT, "kunde inte skriva %s: %s", tmp, strerror(errno));
			if (ok && rename(tmp, path) != 0) {
				error_set(err, ERR_INTERNAL, "kunde inte byta namn till %s", path);
				ok = false;
			}
			if (!ok)
				unlink(tmp);
			free(tmp);
			free(path);
			if (!ok)
				return false;
		}
	}
	fprintf(cli->out, "Skrev %zu tabeller som CSV och JSON i %s.\n", n, dir);
	return true;
}

static int build(struct cli *cli, const struct cli_args *a)
{
	const char *template = a->rest[0];
	const char *first = cli_value(a, "output"), *dir = cli_value(a, "tables");
	if (!first && !dir)
		return cli_usage_error(cli, a->cmd, "ange en utfil med -o (rapport.pdf, .html "
						    "eller .xlsx) eller --tables KATALOG");
	if (!first && a->nrest > 1)
		return cli_usage_error(cli, a->cmd, "fler utfiler kräver -o före dem");
	/* Every output is checked before anything is built. */
	const char **outs = xcalloc((size_t)a->nrest, sizeof *outs);
	size_t nouts = 0;
	if (first)
		outs[nouts++] = first;
	for (int i = 1; i < a->nrest; i++)
		outs[nouts++] = a->rest[i];
	for (size_t i = 0; i < nouts; i++)
		if (!render_for_path(outs[i])) {
			int rc = cli_usage_error(cli, a->cmd, "%s: okänt format (välj .pdf, .html "
							      "eller .xlsx)", outs[i]);
			free(outs);
			return rc;
		}
	struct error err = ERROR_INIT;
	char *text = NULL;
	size_t len = 0;
	struct doc d;
	doc_init(&d);
	bool ok = file_read_all(template, REPORT_TEMPLATE_MAX, "mallen är större än 4 MB", &text,
				&len, &err) &&
		  cli_open_store(cli, STORE_EXISTING, &err);
	if (ok) {
		doc_free(&d);
		ok = report_build(&cli->store, template, text, len, &d, &err) &&
		     audit_summary(cli, &d, &err);
	}
	for (size_t i = 0; ok && i < nouts; i++) {
		ok = render_file(render_for_path(outs[i]), &d, outs[i], &err);
		if (ok)
			fprintf(cli->out, "Skrev %s.\n", outs[i]);
	}
	if (ok && dir)
		ok = write_table_files(cli, &d, dir, &err);
	doc_free(&d);
	free(text);
	free(outs);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

static bool write_starter(FILE *f, void *ctx, struct error *err)
{
	(void)ctx;
	if (fwrite(report_starter, 1, report_starter_len, f) != report_starter_len) {
		error_set(err, ERR_INTERNAL, "kunde inte skriva mallen");
		return false;
	}
	return true;
}

static int placeholders(struct cli *cli)
{
	size_t n;
	const struct ph_def *defs = ph_defs(&n);
	for (size_t i = 0; i < n; i++)
		fprintf(cli->out, "{{ %s }}\n    %s%s\n", defs[i].usage, defs[i].summary,
			defs[i].kind == PH_BLOCK ? " (block: ensam i ett stycke)" : "");
	return EXIT_OK;
}

/* report save NAMN FIL: the file's template into the store, if it builds. */
static int save(struct cli *cli, const struct cli_args *a)
{
	if (a->nrest != 3 || cli_flag(a, "output") || cli_flag(a, "tables"))
		return cli_usage_error(cli, a->cmd, "save tar NAMN och FIL");
	struct error err = ERROR_INIT;
	char *text = NULL;
	size_t len = 0;
	struct report_template_new t = { .name = a->rest[1], .user = "", .file = a->rest[2] };
	bool ok = file_read_all(t.file, REPORT_TEMPLATE_MAX, "mallen är större än 4 MB", &text,
				&len, &err) &&
		  cli_open_store(cli, STORE_EXISTING, &err);
	t.text = text;
	t.len = len;
	ok = ok && report_template_save(&cli->store, &t, &err);
	free(text);
	if (!ok)
		return cli_fail(cli, &err);
	fprintf(cli->out, "Sparade mallen %s i databasen.\n", t.name);
	return EXIT_OK;
}

static bool write_template(FILE *f, void *ctx, struct error *err)
{
	const struct report_template *t = ctx;
	if (fwrite(t->text, 1, t->len, f) != t->len) {
		error_set(err, ERR_INTERNAL, "kunde inte skriva mallen");
		return false;
	}
	return true;
}

/* report load NAMN [-o FIL]: a stored template out to a file. */
static int load(struct cli *cli, const struct cli_args *a)
{
	if (a->nrest != 2 || cli_flag(a, "tables"))
		return cli_usage_error(cli, a->cmd, "load tar NAMN och -o FIL");
	struct error err = ERROR_INIT;
	struct report_template t = { 0 };
	bool found = false;
	bool ok = cli_open_store(cli, STORE_EXISTING, &err) &&
		  report_template_get(&cli->store, a->rest[1], &t, &found, &err);
	if (ok && !found) {
		error_set(&err, ERR_INPUT,
			  "det finns ingen mall som heter %s i databasen (finsam report save "
			  "sparar en)",
			  a->rest[1]);
		ok = false;
	}
	ok = ok && cli_write_output(cli, cli_value(a, "output"), write_template, &t, &err);
	report_template_free(&t);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

int cmd_report_run(struct cli *cli, const struct cli_args *a)
{
	const char *first = a->rest[0];
	if (strcmp(first, "new") == 0) {
		if (a->nrest != 1 || cli_flag(a, "tables"))
			return cli_usage_error(cli, a->cmd, "new tar bara -o FIL");
		struct error err = ERROR_INIT;
		if (!cli_write_output(cli, cli_value(a, "output"), write_starter, NULL, &err))
			return cli_fail(cli, &err);
		return EXIT_OK;
	}
	if (strcmp(first, "placeholders") == 0) {
		if (a->nrest != 1 || cli_flag(a, "output") || cli_flag(a, "tables"))
			return cli_usage_error(cli, a->cmd, "placeholders tar inga argument");
		return placeholders(cli);
	}
	if (strcmp(first, "save") == 0)
		return save(cli, a);
	if (strcmp(first, "load") == 0)
		return load(cli, a);
	return build(cli, a);
}
