/*
 * cmd_mapping — `finsam mapping show|import FIL|export|reset`: the mapping
 * from accounts to the lines of the statements (docs/mapping.md). show
 * lists the lines of the mapping in force and checks it against the
 * books; import replaces the default with the förbund's own (refused
 * whole, with file:line:column, when anything is wrong); export writes the
 * text in force; reset goes back to the default the chart calls for.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "report/statement.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/jsonw.h"
#include "util/xalloc.h"

static const struct cli_option options[] = {
	{ "output", 'o', "FIL", "export: skriv till filen (standard: standard ut)" },
	{ "format", 0, "FORMAT", "show: table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

enum { A_SHOW, A_IMPORT, A_EXPORT, A_RESET };
static const char *const actions[] = { "show", "import", "export", "reset", NULL };
static const int nargs[] = { 1, 2, 1, 1 };

static const char *const kind_names[] = {
	[SL_LINE] = "line",
	[SL_HEADING] = "heading",
	[SL_SUM] = "sum",
};

/* A line's accounts as the mapping writes them: "20, !2099". */
static char *accounts_text(const struct stmt_line *l)
{
	struct buf b = BUF_INIT(0);
	for (size_t i = 0; i < l->accounts.n; i++) {
		const struct stmt_range *r = &l->accounts.v[i];
		buf_printf(&b, "%s%s%s", i ? ", " : "", r->not ? "!" : "", r->lo);
		if (strcmp(r->lo, r->hi) != 0)
			buf_printf(&b, "-%s", r->hi);
	}
	if (l->result)
		buf_printf(&b, "%sårets resultat", l->accounts.n ? " + " : "");
	char *s = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void put_lines(struct out_table *t, const char *statement, const struct stmt_line *v,
		      size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out_row(t, false);
		out_text(t, statement);
		out_text(t, kind_names[v[i].kind]);
		out_text(t, v[i].label);
		char *acc = accounts_text(&v[i]);
		out_text(t, acc);
		free(acc);
		if (v[i].note)
			out_int(t, v[i].note);
		else
			out_null(t);
		if (v[i].kind == SL_SUM)
			out_int(t, v[i].level);
		else
			out_null(t);
	}
}

/* The mapping checked against the books of the default period: notes
 * for people, the fact `unmapped` for programs. */
static bool check(struct cli *cli, const struct stmt_map *m, struct out_table *t,
		  struct error *err)
{
	int64_t years = 0;
	if (!store_query_int(&cli->store, "SELECT count(*) FROM fiscal_year", NULL, 0, 0, &years,
			     err))
		return false;
	if (!years) {
		out_note(t, "Databasen har ingen bokföring att kontrollera mappningen mot.");
		out_meta_json(t, "unmapped", NULL, "[]");
		return true;
	}
	struct stmt_query q = { 0 };
	struct stmt_unmapped *v;
	size_t n;
	struct stmt_note_finding *f;
	size_t nf;
	if (!stmt_check_mapping(&cli->store, m, &q, &v, &n, err))
		return false;
	if (!stmt_check_notes(&cli->store, m, &q, &f, &nf, err)) {
		stmt_unmapped_free(v, n);
		return false;
	}
	struct buf json = BUF_INIT(0);
	buf_puts(&json, "[");
	for (size_t i = 0; i < n; i++) {
		char a[64], b[64];
		out_note(t, "Konto %s%s%s (%s kr, jämförelse %s kr): %d rader i %s%s%s.", v[i].account,
			 *v[i].name ? " " : "", v[i].name,
			 money_format_sv(v[i].amount, &money_style_terminal, a, sizeof a),
			 money_format_sv(v[i].comparison, &money_style_terminal, b, sizeof b),
			 v[i].times, v[i].in_rr ? "resultaträkningen" : "balansräkningen",
			 *v[i].lines ? ": " : "", v[i].lines);
		buf_printf(&json, "%s{\"account\": ", i ? ", " : "");
		jsonw_string(&json, v[i].account);
		buf_puts(&json, ", \"name\": ");
		jsonw_string(&json, v[i].name);
		buf_printf(&json,
			   ", \"statement\": \"%s\", \"amount\": %lld, \"comparison\": %lld, "
			   "\"times\": %d, \"lines\": ",
			   v[i].in_rr ? "rr" : "br", (long long)v[i].amount,
			   (long long)v[i].comparison, v[i].times);
		jsonw_string(&json, v[i].lines);
		buf_puts(&json, "}");
	}
	buf_puts(&json, "]");
	out_meta_json(t, "unmapped", NULL, buf_cstr(&json));
	buf_free(&json);
	for (size_t i = 0; i < nf; i++) {
		char a[64], b[64];
		out_note(t, "Not %d %s summerar till %s kr men %s till %s kr (%s).", f[i].note,
			 f[i].title, money_format_sv(f[i].note_total, &money_style_terminal, a, sizeof a),
			 f[i].lines,
			 money_format_sv(f[i].line_total, &money_style_terminal, b, sizeof b),
			 f[i].column ? "jämförelsen" : "perioden");
	}
	out_meta_int(t, "notes_not_adding_up", NULL, (int64_t)nf);
	if (!n && !nf)
		out_note(t, "Varje konto med saldo hamnar på exakt en rad, och noterna summerar till "
			    "sina rader.");
	stmt_note_findings_free(f, nf);
	stmt_unmapped_free(v, n);
	return true;
}

static bool show(struct cli *cli, enum out_format fmt, struct error *err)
{
	static const struct out_column cols[] = {
		{ "statement", "Rapport", OUT_TEXT, 0 }, { "kind", "Slag", OUT_TEXT, 0 },
		{ "label", "Rad", OUT_TEXT, -1 },	 { "accounts", "Konton", OUT_TEXT, -1 },
		{ "note", "Not", OUT_INT, 0 },		 { "level", "Nivå", OUT_INT, 0 },
	};
	struct stmt_map m;
	bool own;
	char *source = NULL;
	if (!stmt_map_info(&cli->store, &own, &source, err) || !stmt_map_load(&cli->store, &m, err)) {
		free(source);
		return false;
	}
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Rapportmappning");
	out_meta_text(&t, "mapping", "Mappning", m.name);
	out_meta_text(&t, "source", "Källa", source);
	out_meta_json(&t, "own", NULL, own ? "true" : "false");
	free(source);
	put_lines(&t, "rr", m.rr, m.nrr);
	put_lines(&t, "br", m.br, m.nbr);
	for (size_t k = 0; k < m.nnotes; k++) {
		const struct stmt_note *note = &m.notes[k];
		char *name = xasprintf("not %d", note->number);
		out_row(&t, false);
		out_text(&t, name);
		out_text(&t, "note");
		out_text(&t, note->title);
		out_text(&t, note->per_account ? "(ett konto per rad)" : "");
		out_int(&t, note->number);
		out_null(&t);
		put_lines(&t, name, note->rows, note->nrows);
		free(name);
	}
	bool ok = check(cli, &m, &t, err) && out_print(&t, cli->out, fmt, "lines", err);
	out_free(&t);
	stmt_map_free(&m);
	return ok;
}

static bool write_text(FILE *f, void *ctx, struct error *err)
{
	const char *text = ctx;
	if (fputs(text, f) == EOF) {
		error_set(err, ERR_INTERNAL, "kan inte skriva rapportmappningen");
		return false;
	}
	return true;
}

static int do_import(struct cli *cli, const char *path)
{
	struct error err = ERROR_INIT;
	char *text = NULL;
	size_t len = 0;
	bool ok = file_read_all(path, STMT_MAP_MAX, "filen är större än 1048576 byte", &text, &len,
				&err) &&
		  stmt_map_save(&cli->store, text, len, path, &err);
	free(text);
	if (!ok)
		return cli_fail(cli, &err);
	fprintf(cli->out, "Läste in rapportmappningen ur %s; den ersätter standardmappningen.\n",
		path);
	/* What the new mapping does with the books. */
	struct stmt_map m = { 0 };
	struct stmt_unmapped *v = NULL;
	size_t n = 0;
	int64_t years = 0;
	ok = store_query_int(&cli->store, "SELECT count(*) FROM fiscal_year", NULL, 0, 0, &years,
			     &err) &&
	     stmt_map_load(&cli->store, &m, &err);
	if (ok && years) {
		struct stmt_query q = { 0 };
		ok = stmt_check_mapping(&cli->store, &m, &q, &v, &n, &err);
		for (size_t i = 0; ok && i < n; i++)
			fprintf(cli->err, "finsam: varning: konto %s%s%s finns på %d rader i %s%s%s\n",
				v[i].account, *v[i].name ? " " : "", v[i].name, v[i].times,
				v[i].in_rr ? "resultaträkningen" : "balansräkningen",
				*v[i].lines ? ": " : "", v[i].lines);
		stmt_unmapped_free(v, n);
	}
	stmt_map_free(&m);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	int action = cli_action_args(cli, a, actions, nargs, A_SHOW);
	if (action < 0)
		return EXIT_USAGE;
	enum out_format fmt;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    !cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	bool ok = true;
	switch (action) {
	case A_IMPORT:
		return do_import(cli, a->rest[1]);
	case A_EXPORT: {
		char *text = NULL;
		ok = stmt_map_text(&cli->store, &text, &err) &&
		     cli_write_output(cli, cli_value(a, "output"), write_text, text, &err);
		free(text);
		break;
	}
	case A_RESET: {
		const char *name;
		ok = stmt_map_reset(&cli->store, &err) &&
		     stmt_map_default_name(&cli->store, &name, &err);
		if (ok)
			fprintf(cli->out, "Rapportmappningen är standardmappningen för %s.\n",
				strcmp(name, "kommun-bas") == 0 ? "Kommun-BAS" : "BAS");
		break;
	}
	default:
		ok = show(cli, fmt, &err);
		break;
	}
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_mapping = {
	.name = "mapping",
	.args = "[show|import FIL|export|reset]",
	.summary = "vilka konton som hamnar på vilka rader i resultat- och balansräkningen",
	.description =
		"show visar mappningen som gäller: standard för kontoplanen (Kommun-BAS eller\n"
		"BAS) eller förbundets egen, med resultaträkningens och balansräkningens rader,\n"
		"deras konton och noter, och kontrollerar den mot bokföringen: varje konto med\n"
		"saldo ska hamna på exakt en rad och varje not summera till sina rader.\n"
		"import FIL läser in förbundets egen mappning (YAML, docs/mapping.md); en fil\n"
		"med fel ändrar ingenting. export skriver mappningen som gäller (-o FIL) och\n"
		"reset går tillbaka till standardmappningen.",
	.options = options,
	.min_args = 0,
	.max_args = 2,
	.run = run,
};
