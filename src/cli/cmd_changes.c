/*
 * cmd_changes — `finsam changes`: the change log, every change made
 * through the web application (who, when, what, the old and the new
 * value; docs/web.md).
 */
#include "cli/cli.h"
#include "cli/output.h"
#include "web/users.h"

static const struct cli_option options[] = {
	{ "limit", 'n', "N", "bara de N senaste ändringarna" },
	{ "format", 0, "FORMAT", "table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

static void text_or_null(struct out_table *t, const char *s)
{
	if (s)
		out_text(t, s);
	else
		out_null(t);
}

static int run(struct cli *cli, const struct cli_args *a)
{
	static const struct out_column cols[] = {
		{ "time", "Tid", OUT_TEXT, 0 },	       { "user", "Användare", OUT_TEXT, 0 },
		{ "what", "Vad", OUT_TEXT, 0 },	       { "old_value", "Före", OUT_TEXT, 0 },
		{ "new_value", "Efter", OUT_TEXT, 0 },
	};
	struct error err = ERROR_INIT;
	enum out_format fmt;
	long limit = 0;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    (cli_value(a, "limit") &&
	     !cli_parse_int("limit", cli_value(a, "limit"), 1, 1000000000, &limit, &err)) ||
	    !cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	struct change_list l;
	if (!change_log_list(&cli->store, (size_t)limit, &l, &err))
		return cli_fail(cli, &err);
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Ändringslogg");
	for (size_t i = 0; i < l.n; i++) {
		out_row(&t, false);
		out_text(&t, l.c[i].time);
		out_text(&t, l.c[i].user_name);
		out_text(&t, l.c[i].what);
		text_or_null(&t, l.c[i].old_value);
		text_or_null(&t, l.c[i].new_value);
	}
	if (!l.n)
		out_note(&t, "Inga ändringar gjorda i webben än.");
	change_list_free(&l);
	bool ok = out_print(&t, cli->out, fmt, "changes", &err);
	out_free(&t);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_changes = {
	.name = "changes",
	.args = "",
	.summary = "ändringsloggen: varje ändring gjord i webben",
	.description =
		"Visar vem som ändrade vad och när i webben, med värdet före och efter,\n"
		"äldst först. Importer och andra kommandon syns i finsam imports.",
	.options = options,
	.min_args = 0,
	.max_args = 0,
	.run = run,
};
