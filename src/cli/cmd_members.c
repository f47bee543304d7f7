/*
 * cmd_members — `finsam members list|import|export|offer|split`: the
 * member register, its split of the municipal quarter and each member's
 * offer per year. `finsam contributions` applies the law's rule to them.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "plan/members.h"

static const struct cli_option options[] = {
	{ "year", 'y', "ÅÅÅÅ", "list, offer: året för erbjudandena (standard: budgetåret)" },
	{ "output", 'o', "FIL", "export: skriv till filen (standard: standard ut)" },
	{ "format", 0, "FORMAT", "list: table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

enum { A_LIST, A_IMPORT, A_EXPORT, A_OFFER, A_SPLIT };
static const char *const actions[] = { "list", "import", "export", "offer", "split", NULL };

static bool list(struct cli *cli, int year, enum out_format fmt, struct error *err)
{
	static const struct out_column cols[] = {
		{ "code", "Kod", OUT_TEXT, 0 },	      { "name", "Namn", OUT_TEXT, 0 },
		{ "kind", "Typ", OUT_TEXT, 0 },	      { "share", "Andel", OUT_PERCENT, 0 },
		{ "population", "Folkmängd", OUT_INT, 0 }, { "accounts", "Konton", OUT_TEXT, 0 },
		{ "offer", "Erbjudande", OUT_KRONOR, 0 },
	};
	struct member_list l;
	if (!members_load(&cli->store, year, &l, err))
		return false;
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Medlemmar och erbjudanden %d", year);
	out_meta_int(&t, "year", NULL, year);
	out_meta_text(&t, "municipal_split", "Kommunernas fjärdedel fördelas efter",
		      municipal_split_name(l.split));
	for (size_t i = 0; i < l.n; i++) {
		const struct member *m = &l.m[i];
		out_row(&t, false);
		out_text(&t, m->code);
		out_text(&t, m->name);
		out_text(&t, member_kind_name(m->kind));
		out_int(&t, m->share_bp);
		out_int(&t, m->population);
		out_text(&t, m->accounts);
		if (m->has_offer)
			out_money(&t, m->offer);
		else
			out_null(&t);
	}
	if (!l.n)
		out_note(&t, "Inga medlemmar än: läs in dem med finsam members import FIL.");
	members_free(&l);
	bool ok = out_print(&t, cli->out, fmt, "members", err);
	out_free(&t);
	return ok;
}

static bool write_members(FILE *f, void *ctx, struct error *err)
{
	return members_csv_write(ctx, f, err);
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	static const int nargs[] = { 1, 2, 1, 3, 2 };
	int action = cli_action_args(cli, a, actions, nargs, A_LIST);
	if (action < 0)
		return EXIT_USAGE;
	enum out_format fmt;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    !cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	bool ok;
	size_t n = 0;
	int year = 0;
	enum municipal_split split;
	money_t offer;
	switch (action) {
	case A_IMPORT:
		ok = members_csv_import(&cli->store, a->rest[1], &n, &err);
		if (ok)
			fprintf(cli->out, "Läste in %zu medlemmar ur %s.\n", n, a->rest[1]);
		break;
	case A_EXPORT:
		ok = cli_write_output(cli, cli_value(a, "output"), write_members, &cli->store, &err);
		break;
	case A_SPLIT:
		if (!municipal_split_parse(a->rest[1], &split))
			return cli_usage_error(cli, a->cmd, "split tar andel eller folkmängd");
		ok = members_set_split(&cli->store, split, &err);
		break;
	case A_OFFER:
		ok = cli_plan_year(cli, a, &year, &err) &&
		     cli_parse_amount(a->rest[1], a->rest[2], &offer, &err) &&
		     members_set_offer(&cli->store, a->rest[1], year, offer, &err);
		break;
	default:
		ok = cli_plan_year(cli, a, &year, &err) && list(cli, year, fmt, &err);
		break;
	}
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_members = {
	.name = "members",
	.args = "[list|import FIL|export|offer KOD BELOPP|split andel|folkmängd]",
	.summary = "medlemmarna, deras andelar och erbjudanden",
	.description =
		"list visar medlemmarna med årets erbjudanden. import FIL ersätter registret\n"
		"med en CSV-fil (Kod;Namn;Typ;Andel;Folkmängd;Konton;Erbjudande ÅÅÅÅ...; se\n"
		"docs/plan.md); export skriver den tillbaka. offer KOD BELOPP sätter en\n"
		"medlems erbjudande för --year. split väljer om kommunernas fjärdedel\n"
		"fördelas efter fasta andelar eller efter folkmängd.",
	.options = options,
	.min_args = 0,
	.max_args = 3,
	.run = run,
};
