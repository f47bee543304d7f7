/*
 * cmd_vouchers — `finsam vouchers`: the vouchers behind a balance.
 *
 * The table format lists each voucher with its rows in debit and credit
 * columns; CSV has one line per row; JSON has vouchers with their rows.
 * With --account or --object, a closing line totals the matching rows, so
 * the listing can be tied to the trial balance.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "books/balance.h"
#include "books/vouchers.h"
#include "cli/cli.h"
#include "cli/output.h"

static const struct cli_option options[] = {
	{ "year", 'y', "ÅÅÅÅ", "räkenskapsåret som börjar detta år" },
	{ "from", 0, "DATUM", "från och med datum" },
	{ "to", 0, "DATUM", "till och med datum" },
	{ "account", 'k', "KONTO", "verifikationer med rader på kontot (\"45*\": alla 45xx)" },
	{ "object", 'o', "DIM:KOD", "verifikationer med rader på objektet (t.ex. 6:P1)" },
	{ "series", 's', "SERIE", "bara verifikationer i serien" },
	{ "format", 0, "FORMAT", "table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

struct listing {
	struct cli *cli;
	enum out_format fmt;
	bool filtered;          /* --account or --object: total the matching rows */
	long vouchers, rows;
	money_t matched;        /* sum of matching, counting rows */
	json_t *json;           /* JSON: the array of vouchers */
	bool header_done;       /* CSV: header printed */
};

static const char *kind_note(int kind)
{
	return kind == 1 ? " (tillagd)" : kind == 2 ? " (borttagen)" : "";
}

static void print_table_voucher(struct listing *l, const struct voucher_view *v)
{
	FILE *f = l->cli->out;
	char d[11], m[64];
	fprintf(f, "%s%s %s  %s  %s%s\n", l->vouchers ? "\n" : "", v->series, v->number,
		date_format(v->date, d), v->text, v->imbalance ? "  [OBALANSERAD]" : "");
	for (size_t i = 0; i < v->nrows; i++) {
		const struct voucher_row_view *r = &v->rows[i];
		fprintf(f, "  %c %-6s ", l->filtered && r->matches ? '>' : ' ', r->account);
		out_padded(f, r->account_name, 36, true);
		fputs("  ", f);
		out_padded(f, r->objects, 12, true);
		money_format_sv(r->amount < 0 ? -r->amount : r->amount, &money_style_terminal, m,
				sizeof m);
		if (r->amount >= 0)
			fprintf(f, " %15s %15s", m, "");
		else
			fprintf(f, " %15s %15s", "", m);
		fprintf(f, "%s", kind_note(r->kind));
		if (*r->text && strcmp(r->text, v->text) != 0)
			fprintf(f, "  %s", r->text);
		fputc('\n', f);
	}
}

static void print_csv_voucher(struct listing *l, const struct voucher_view *v)
{
	FILE *f = l->cli->out;
	char d[11], rd[11], m[32];
	if (!l->header_done) {
		fputs("series,number,date,text,account,account_name,objects,amount,row_kind,"
		      "row_date,row_text,quantity,unbalanced\n",
		      f);
		l->header_done = true;
	}
	for (size_t i = 0; i < v->nrows; i++) {
		const struct voucher_row_view *r = &v->rows[i];
		const char *fields[] = { v->series, v->number, date_format(v->date, d), v->text,
					 r->account, r->account_name, r->objects };
		for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
			out_csv_field(f, fields[k]);
			fputc(',', f);
		}
		fprintf(f, "%s,%s,%s,", money_format_plain(r->amount, m),
			r->kind == 1 ? "added" : r->kind == 2 ? "removed" : "normal",
			r->date ? date_format(r->date, rd) : "");
		out_csv_field(f, r->text);
		fputc(',', f);
		out_csv_field(f, r->quantity);
		fprintf(f, ",%s\n", v->imbalance ? "yes" : "no");
	}
}

static void add_json_voucher(struct listing *l, const struct voucher_view *v)
{
	char d[11];
	json_t *o = json_object();
	json_object_set_new(o, "series", json_string(v->series));
	json_object_set_new(o, "number", json_string(v->number));
	json_object_set_new(o, "date", json_string(date_format(v->date, d)));
	json_object_set_new(o, "text", json_string(v->text));
	json_object_set_new(o, "registered", v->reg_date ? json_string(date_format(v->reg_date, d))
							 : json_null());
	json_object_set_new(o, "sign", *v->sign ? json_string(v->sign) : json_null());
	json_object_set_new(o, "imbalance", json_integer(v->imbalance));
	json_t *rows = json_array();
	for (size_t i = 0; i < v->nrows; i++) {
		const struct voucher_row_view *r = &v->rows[i];
		json_t *row = json_object();
		json_object_set_new(row, "account", json_string(r->account));
		json_object_set_new(row, "account_name", json_string(r->account_name));
		json_object_set_new(row, "objects", json_string(r->objects));
		json_object_set_new(row, "amount", json_integer(r->amount));
		json_object_set_new(row, "kind",
				    json_string(r->kind == 1   ? "added"
						: r->kind == 2 ? "removed"
							       : "normal"));
		json_object_set_new(row, "date", r->date ? json_string(date_format(r->date, d))
							 : json_null());
		json_object_set_new(row, "text", json_string(r->text));
		json_object_set_new(row, "quantity", *r->quantity ? json_string(r->quantity)
								  : json_null());
		json_object_set_new(row, "matches", json_boolean(r->matches));
		json_array_append_new(rows, row);
	}
	json_object_set_new(o, "rows", rows);
	json_array_append_new(l->json, o);
}

static bool each(void *ctx, const struct voucher_view *v, struct error *err)
{
	(void)err;
	struct listing *l = ctx;
	if (l->fmt == OUT_TABLE)
		print_table_voucher(l, v);
	else if (l->fmt == OUT_CSV)
		print_csv_voucher(l, v);
	else
		add_json_voucher(l, v);
	for (size_t i = 0; i < v->nrows; i++)
		if (v->rows[i].matches && v->rows[i].kind != 2)
			l->matched += v->rows[i].amount;
	l->vouchers++;
	l->rows += (long)v->nrows;
	return true;
}

static bool parse_object(const char *s, struct voucher_filter *f, struct error *err)
{
	const char *colon = strchr(s, ':');
	char *end;
	long dim = colon ? strtol(s, &end, 10) : 0;
	if (!colon || end != colon || dim < 1 || !colon[1]) {
		error_set(err, ERR_USAGE, "--object: \"%s\" ska skrivas DIM:KOD, t.ex. 6:P1", s);
		return false;
	}
	f->object_dim = (int)dim;
	f->object_code = colon + 1;
	return true;
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	struct voucher_filter f = { .account = cli_value(a, "account"),
				    .series = cli_value(a, "series") };
	struct listing l = { .cli = cli };
	long year = 0;
	if (!out_parse_format(cli_value(a, "format"), &l.fmt, &err) ||
	    (cli_value(a, "from") && !cli_parse_date("from", cli_value(a, "from"), &f.from, &err)) ||
	    (cli_value(a, "to") && !cli_parse_date("to", cli_value(a, "to"), &f.to, &err)) ||
	    (cli_value(a, "year") &&
	     !cli_parse_int("year", cli_value(a, "year"), 1000, 9999, &year, &err)) ||
	    (cli_value(a, "object") && !parse_object(cli_value(a, "object"), &f, &err)))
		return cli_fail(cli, &err);
	if (!cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	if (year) {
		if (!balance_find_year(&cli->store, (int)year, 0, &f.year_id, &err))
			return cli_fail(cli, &err);
		if (!f.year_id) {
			error_set(&err, ERR_INPUT, "databasen har inget räkenskapsår som börjar %ld",
				  year);
			return cli_fail(cli, &err);
		}
	}
	l.filtered = f.account || f.object_code;
	if (l.fmt == OUT_JSON)
		l.json = json_array();
	if (!vouchers_each(&cli->store, &f, each, &l, &err)) {
		json_decref(l.json);
		return cli_fail(cli, &err);
	}
	char m[64];
	if (l.fmt == OUT_TABLE) {
		if (l.vouchers == 0)
			fputs("(inga verifikationer)\n", cli->out);
		fprintf(cli->out, "\n%ld %s, %ld rader.", l.vouchers,
			l.vouchers == 1 ? "verifikation" : "verifikationer", l.rows);
		if (l.filtered)
			fprintf(cli->out, " Summa av markerade rader (>): %s kr.",
				money_format_sv(l.matched, &money_style_terminal, m, sizeof m));
		fputc('\n', cli->out);
	} else if (l.fmt == OUT_CSV && !l.header_done) {
		print_csv_voucher(&l, &(struct voucher_view){ .nrows = 0 });
	} else if (l.fmt == OUT_JSON) {
		json_t *top = json_object();
		json_object_set_new(top, "amount_unit", json_string("öre"));
		json_object_set_new(top, "vouchers", l.json);
		if (l.filtered)
			json_object_set_new(top, "matched_total", json_integer(l.matched));
		json_dumpf(top, cli->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', cli->out);
		json_decref(top);
	}
	return EXIT_OK;
}

const struct cli_command cmd_vouchers = {
	.name = "vouchers",
	.args = "",
	.summary = "verifikationslista, t.ex. verifikationerna bakom ett saldo",
	.description =
		"Listar verifikationer med alla rader, i datumordning. Med --account eller\n"
		"--object visas bara verifikationer som berör kontot eller objektet; raderna\n"
		"som gör det markeras med > och summeras sist, så att listan kan stämmas av\n"
		"mot saldobalansens förändring. Verifikationer som inte balanserar märks\n"
		"[OBALANSERAD].",
	.options = options,
	.min_args = 0,
	.max_args = 0,
	.run = run,
};
