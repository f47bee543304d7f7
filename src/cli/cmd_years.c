/*
 * cmd_years — `finsam years`: the fiscal years in the store and where
 * their figures come from.
 */
#include "books/org.h"
#include "cli/cli.h"
#include "cli/output.h"

static const struct cli_option options[] = {
	{ "format", 0, "FORMAT", "table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

static int run(struct cli *cli, const struct cli_args *a)
{
	static const struct out_column cols[] = {
		{ "start", "Från", OUT_DATE, 0 },		 { "end", "Till", OUT_DATE, 0 },
		{ "source", "Saldon från", OUT_TEXT, 0 },	 { "vouchers", "Verifikationer", OUT_INT, 0 },
		{ "unbalanced", "Obalanserade", OUT_INT, 0 }, { "complete_to", "Komplett t.o.m.", OUT_DATE, 0 },
		{ "file", "Senast inläst fil", OUT_TEXT, 0 }, { "imported", "Inläst", OUT_TEXT, 0 },
	};
	struct error err = ERROR_INIT;
	enum out_format fmt;
	struct year_summary *ys;
	size_t n;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    !cli_open_store(cli, STORE_EXISTING, &err) || !org_years(&cli->store, &ys, &n, &err))
		return cli_fail(cli, &err);
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Räkenskapsår");
	for (size_t i = 0; i < n; i++) {
		out_row(&t, false);
		out_date(&t, ys[i].start);
		out_date(&t, ys[i].end);
		out_text(&t, ys[i].has_books ? "verifikationer"
			     : ys[i].own_file ? "årssaldon (SIE 1–3)"
					      : "föregående år i senare fil");
		out_int(&t, ys[i].vouchers);
		out_int(&t, ys[i].unbalanced);
		out_date(&t, ys[i].complete_to);
		out_text(&t, ys[i].source_file);
		out_text(&t, ys[i].source_time);
	}
	org_years_free(ys, n);
	bool ok = out_print(&t, cli->out, fmt, "years", &err);
	out_free(&t);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_years = {
	.name = "years",
	.args = "",
	.summary = "räkenskapsåren i databasen och varifrån deras saldon kommer",
	.description = NULL,
	.options = options,
	.min_args = 0,
	.max_args = 0,
	.run = run,
};
