/*
 * cmd_contributions — `finsam contributions`: the law's rule applied to
 * the members' offers for a year (staten 1/2, regionen 1/4, kommunerna
 * 1/4): the largest total, each member's contribution, who binds, what is
 * left of each offer, and what the books show as paid.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "plan/contributions.h"
#include "plan/members.h"
#include "util/xalloc.h"

static const struct cli_option options[] = {
	{ "year", 'y', "ÅÅÅÅ", "året (standard: budgetåret)" },
	{ "format", 0, "FORMAT", "table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

static bool show(struct cli *cli, int year, enum out_format fmt, struct error *err)
{
	static const struct out_column cols[] = {
		{ "code", "Kod", OUT_TEXT, 0 },	       { "name", "Medlem", OUT_TEXT, 0 },
		{ "kind", "Typ", OUT_TEXT, 0 },	       { "offer", "Erbjudande", OUT_KRONOR, 0 },
		{ "contribution", "Bidrag", OUT_KRONOR, 0 }, { "unused", "Outnyttjat", OUT_KRONOR, 0 },
		{ "binding", "Begränsar", OUT_TEXT, 0 }, { "booked", "Bokfört", OUT_KRONOR, 0 },
	};
	struct member_list l;
	if (!members_load(&cli->store, year, &l, err))
		return false;
	if (!l.n) {
		members_free(&l);
		error_set(err, ERR_INPUT, "det finns inga medlemmar (läs in dem med finsam members "
					  "import FIL)");
		return false;
	}
	struct contrib_member *in = members_contrib_input(&l);
	struct contrib_result r;
	money_t *booked = xcalloc(l.n, sizeof *booked);
	bool ok = contrib_compute(in, l.n, &r, err) && members_booked(&cli->store, &l, booked, err);
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Medlemsbidrag %d enligt lagens fördelning (staten 1/2, regionen 1/4, "
			  "kommunerna 1/4)",
		      year);
	out_meta_int(&t, "year", NULL, year);
	out_meta_text(&t, "municipal_split", "Kommunernas fjärdedel fördelas efter",
		      municipal_split_name(l.split));
	money_t offers = 0, paid = 0;
	for (size_t i = 0; ok && i < l.n; i++) {
		out_row(&t, false);
		out_text(&t, l.m[i].code);
		out_text(&t, l.m[i].name);
		out_text(&t, member_kind_name(l.m[i].kind));
		out_money(&t, in[i].offer);
		out_money(&t, r.shares[i].contribution);
		out_money(&t, r.shares[i].unused);
		out_text(&t, r.shares[i].binding ? "ja" : "");
		out_money(&t, booked[i]);
		offers += in[i].offer;
		paid += booked[i];
	}
	if (ok) {
		out_row(&t, true);
		out_text(&t, "");
		out_text(&t, "Summa");
		out_text(&t, "");
		out_money(&t, offers);
		out_money(&t, r.total);
		out_money(&t, offers - r.total);
		out_text(&t, "");
		out_money(&t, paid);
		out_meta_int(&t, "total", NULL, r.total);
		char tot[64];
		out_note(&t, "Största möjliga totala bidrag: %s kr.",
			 money_format_sv(r.total, &money_style_terminal_kr, tot, sizeof tot));
		if (r.missing)
			out_note(&t, "%s: utan den blir det inget bidrag enligt lagen.", r.missing);
		for (size_t i = 0; i < l.n; i++)
			if (r.shares[i].binding)
				out_note(&t, "%s begränsar totalen.", l.m[i].name);
		ok = out_print(&t, cli->out, fmt, "members", err);
		contrib_result_free(&r);
	}
	out_free(&t);
	free(booked);
	free(in);
	members_free(&l);
	return ok;
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	enum out_format fmt;
	int year = 0;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    !cli_open_store(cli, STORE_EXISTING, &err) || !cli_plan_year(cli, a, &year, &err) ||
	    !show(cli, year, fmt, &err))
		return cli_fail(cli, &err);
	return EXIT_OK;
}

const struct cli_command cmd_contributions = {
	.name = "contributions",
	.args = "",
	.summary = "medlemsbidragen enligt lagens fördelning",
	.description =
		"Räknar ut det största totala bidrag som medlemmarnas erbjudanden tillåter när\n"
		"staten betalar hälften, regionen en fjärdedel och kommunerna tillsammans en\n"
		"fjärdedel, varje medlems bidrag, vilken medlem som begränsar och vad som blir\n"
		"kvar av varje erbjudande, samt vad bokföringen visar som inbetalt.",
	.options = options,
	.min_args = 0,
	.max_args = 0,
	.run = run,
};
