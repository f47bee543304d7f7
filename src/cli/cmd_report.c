/*
 * cmd_report — `finsam report MALL -o FIL…`: the report from a template
 * (docs/report.md) as PDF, HTML and/or XLSX (by each file's extension),
 * and as CSV and JSON per table (--tables KATALOG); `finsam report new`
 * writes a starter template; `finsam report placeholders` lists the
 * placeholders. The audit (finsam check) runs first and its summary is
 * printed; the report is built either way, so the office can see what the
 * findings are about.
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
#include "util/file.h"
#include "util/xalloc.h"

/* A template is read whole; bigger than this is not a report. */
#define TEMPLATE_MAX (4 * 1024 * 1024)

extern const unsigned char report_starter[];
extern const size_t report_starter_len;

static const struct cli_option options[] = {
	{ "output", 'o', "FIL", "skriv rapporten till FIL (.pdf, .html eller .xlsx); fler filer "
				"kan följa som argument" },
	{ "tables", 0, "KATALOG", "skriv också varje tabell som CSV och JSON i KATALOG" },
	CLI_OPTIONS_END,
};

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
	struct audit_query q = { 0 };
	q.from = d->from;
	q.to = d->to;
	q.cmp_from = d->cmp_from;
	q.cmp_to = d->cmp_to;
	q.no_comparison = !d->cmp_to;
	q.plain_rounding = d->plain_rounding;
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
	bool ok = file_read_all(template, TEMPLATE_MAX, "mallen är större än 4 MB", &text, &len, &err) &&
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

static int run(struct cli *cli, const struct cli_args *a)
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
	return build(cli, a);
}

const struct cli_command cmd_report = {
	.name = "report",
	.args = "MALL -o FIL [FIL…] | new [-o FIL] | placeholders",
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
		"new skriver en mall att börja från; placeholders listar platshållarna.",
	.options = options,
	.min_args = 1,
	.max_args = -1,
	.run = run,
};
