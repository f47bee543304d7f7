/*
 * cmd_balance — `finsam balance`: the trial balance (saldobalans), from
 * the store or straight from a SIE file.
 */
#include <stdlib.h>
#include <string.h>

#include "books/balance.h"
#include "books/file_balance.h"
#include "books/org.h"
#include "cli/cli.h"
#include "cli/output.h"

static const struct cli_option options[] = {
	{ "year", 'y', "ÅÅÅÅ", "räkenskapsåret som börjar detta år (standard: det senaste)" },
	{ "from", 0, "DATUM", "periodens första dag (standard: årets första)" },
	{ "to", 0, "DATUM", "periodens sista dag (standard: bokföringens sista, #OMFATTN)" },
	{ "by", 0, "DIM", "dela upp per objekt i dimensionen (t.ex. 6 för projekt)" },
	{ "all", 'a', NULL, "visa även konton utan saldo" },
	{ "file", 0, "FIL", "räkna direkt på en SIE-fil, utan databas" },
	{ "format", 0, "FORMAT", "table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

static const struct out_column columns[] = {
	{ "account", "Konto", OUT_TEXT, 0 },       { "name", "Namn", OUT_TEXT, 0 },
	{ "opening", "Ingående", OUT_MONEY, 0 },   { "change", "Förändring", OUT_MONEY, 0 },
	{ "closing", "Utgående", OUT_MONEY, 0 },
};

static const struct out_column columns_by[] = {
	{ "account", "Konto", OUT_TEXT, 0 },	  { "name", "Namn", OUT_TEXT, 0 },
	{ "object", "Objekt", OUT_TEXT, 0 },	  { "object_name", "Objektnamn", OUT_TEXT, 0 },
	{ "opening", "Ingående", OUT_MONEY, 0 }, { "change", "Förändring", OUT_MONEY, 0 },
	{ "closing", "Utgående", OUT_MONEY, 0 },
};

static void fill(struct out_table *t, const struct tb_result *tb, const char *company,
		 const char *orgnr)
{
	char a[11], b[11], c[11], d[11], m[64];
	if (company && *company)
		out_set_title(t, "%s%s%s%s\nSaldobalans %s – %s", company, orgnr && *orgnr ? " (" : "",
			      orgnr && *orgnr ? orgnr : "", orgnr && *orgnr ? ")" : "",
			      date_format(tb->from, a), date_format(tb->to, b));
	else
		out_set_title(t, "Saldobalans %s – %s", date_format(tb->from, a),
			      date_format(tb->to, b));
	out_meta_text(t, "organisation", NULL, company);
	out_meta_text(t, "orgnr", NULL, orgnr);
	if (tb->year_start) {
		char y[32];
		snprintf(y, sizeof y, "%s – %s", date_format(tb->year_start, c),
			 date_format(tb->year_end, d));
		out_meta_text(t, "year_start", NULL, date_format(tb->year_start, c));
		out_meta_text(t, "year_end", NULL, date_format(tb->year_end, d));
		out_meta_text(t, "fiscal_year", "Räkenskapsår", y);
	}
	if (tb->complete_to) {
		out_meta_text(t, "complete_to", "Bokfört t.o.m.", date_format(tb->complete_to, c));
		if (tb->to > tb->complete_to)
			out_note(t, "Bokföringen är inläst t.o.m. %s; saldona efter det är inte "
				    "kända än.",
				 date_format(tb->complete_to, d));
	}
	out_meta_text(t, "from", NULL, date_format(tb->from, a));
	out_meta_text(t, "to", NULL, date_format(tb->to, b));
	out_meta_text(t, "source", "Källa",
		      tb->has_books ? "verifikationer" : "deklarerade saldon (filen saknar "
							 "verifikationer)");
	if (tb->by_dim)
		out_meta_int(t, "by_dimension", NULL, tb->by_dim);
	for (size_t i = 0; i < tb->nrows; i++) {
		const struct tb_row *r = &tb->rows[i];
		out_row(t, false);
		out_text(t, r->number);
		out_text(t, r->name);
		if (tb->by_dim) {
			out_text(t, r->object_code);
			out_text(t, r->object_id ? r->object_name : "(utan objekt)");
		}
		out_money(t, r->opening);
		out_money(t, r->change);
		out_money(t, r->closing);
	}
	out_row(t, true);
	out_text(t, "");
	out_text(t, "Summa");
	if (tb->by_dim) {
		out_text(t, "");
		out_text(t, "");
	}
	out_money(t, tb->opening);
	out_money(t, tb->change);
	out_money(t, tb->closing);
	out_meta_int(t, "result", NULL, tb->result);
	out_note(t, "Periodens resultat: %s kr%s",
		 money_format_sv(tb->result, &money_style_terminal, m, sizeof m),
		 tb->result < 0 ? " (underskott)" : tb->result > 0 ? " (överskott)" : "");
	out_meta_int(t, "unbalanced_vouchers", NULL, tb->unbalanced_vouchers);
	if (tb->unbalanced_vouchers)
		out_note(t, "OBS: perioden innehåller %ld %s som inte balanserar (inlästa med "
			    "--allow-unbalanced); se \"finsam check\".",
			 tb->unbalanced_vouchers,
			 tb->unbalanced_vouchers == 1 ? "verifikation" : "verifikationer");
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	struct tb_query q = { .all_accounts = cli_flag(a, "all") };
	enum out_format fmt;
	long year = 0, dim = 0;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    (cli_value(a, "from") && !cli_parse_date("from", cli_value(a, "from"), &q.from, &err)) ||
	    (cli_value(a, "to") && !cli_parse_date("to", cli_value(a, "to"), &q.to, &err)) ||
	    (cli_value(a, "year") &&
	     !cli_parse_int("year", cli_value(a, "year"), 1000, 9999, &year, &err)) ||
	    (cli_value(a, "by") && !cli_parse_int("by", cli_value(a, "by"), 1, 999999, &dim, &err)))
		return cli_fail(cli, &err);
	q.by_dim = (int)dim;

	struct tb_result tb;
	struct out_table t;
	out_init(&t, dim ? columns_by : columns,
		 dim ? sizeof columns_by / sizeof columns_by[0] : sizeof columns / sizeof columns[0]);
	bool ok;
	if (cli_value(a, "file")) {
		if (year)
			return cli_usage_error(cli, a->cmd, "--year går inte att använda med --file");
		struct file_balance_info info;
		ok = file_balance(cli_value(a, "file"), &q, &tb, &info, &err);
		if (ok) {
			fill(&t, &tb, info.company, info.orgnr);
			file_balance_info_free(&info);
		}
	} else {
		struct org_info org;
		ok = cli_open_store(cli, STORE_EXISTING, &err) &&
		     (!year || balance_find_year(&cli->store, (int)year, 0, &q.year_id, &err));
		if (ok && year && !q.year_id) {
			error_set(&err, ERR_INPUT, "databasen har inget räkenskapsår som börjar %ld",
				  year);
			ok = false;
		}
		ok = ok && balance_trial(&cli->store, &q, &tb, &err) &&
		     org_get(&cli->store, &org, &err);
		if (ok) {
			fill(&t, &tb, org.name, org.orgnr);
			org_info_free(&org);
		}
	}
	if (ok) {
		ok = out_print(&t, cli->out, fmt, "accounts", &err);
		tb_result_free(&tb);
	}
	out_free(&t);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_balance = {
	.name = "balance",
	.args = "",
	.summary = "saldobalans: ingående balans, förändring och utgående balans per konto",
	.description =
		"Visar saldobalansen för ett räkenskapsår eller en del av det. Ingående balans\n"
		"är saldot vid periodens början, förändring summan av periodens verifikationer,\n"
		"utgående balans saldot vid periodens slut. Med --by DIM delas varje konto upp\n"
		"per objekt (insats), med en rad för det som inte har något objekt.\n\n"
		"Med --file FIL räknas saldobalansen direkt på en SIE-fil, utan att läsa in den:\n"
		"för en snabb granskning av en fil.",
	.options = options,
	.min_args = 0,
	.max_args = 0,
	.run = run,
};
