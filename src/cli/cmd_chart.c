/*
 * cmd_chart — `finsam accounts` and `finsam objects`: the chart of
 * accounts, and the dimensions with their objects (interventions).
 */
#include <string.h>

#include "books/chart.h"
#include "books/org.h"
#include "cli/cli.h"
#include "cli/output.h"

static const struct cli_option format_only[] = {
	{ "format", 0, "FORMAT", "table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

static const char *type_name(char t)
{
	switch (t) {
	case 'T':
		return "tillgång";
	case 'S':
		return "skuld/eget kapital";
	case 'I':
		return "intäkt";
	default:
		return "kostnad";
	}
}

/* Run a query (with ?1 bound to `bind`) and put each row into the
 * table, column by column. */
static bool table_from_query(struct cli *cli, struct out_table *t, const char *sql, int bind,
			     struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(&cli->store, &stmt, sql, err))
		return false;
	sqlite3_bind_int(stmt, 1, bind);
	int rc;
	while ((rc = store_step(&cli->store, stmt, err)) == SQLITE_ROW) {
		out_row(t, false);
		for (size_t c = 0; c < t->ncols; c++) {
			if (sqlite3_column_type(stmt, (int)c) == SQLITE_NULL)
				out_null(t);
			else if (t->cols[c].type == OUT_TEXT)
				out_text(t, store_column_text(stmt, (int)c));
			else
				out_int(t, sqlite3_column_int64(stmt, (int)c));
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

static int run_accounts(struct cli *cli, const struct cli_args *a)
{
	static const struct out_column cols[] = {
		{ "account", "Konto", OUT_TEXT, 0 }, { "name", "Namn", OUT_TEXT, 0 },
		{ "type", "Typ", OUT_TEXT, 0 },	  { "type_name", "Kontotyp", OUT_TEXT, 0 },
		{ "sru", "SRU", OUT_TEXT, 0 },	  { "unit", "Enhet", OUT_TEXT, 0 },
	};
	struct error err = ERROR_INIT;
	enum out_format fmt;
	struct org_info org;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    !cli_open_store(cli, STORE_EXISTING, &err) || !org_get(&cli->store, &org, &err))
		return cli_fail(cli, &err);
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Kontoplan%s%s", *org.name ? ", " : "", org.name);
	out_meta_text(&t, "chart", "Kontoplanstyp", chart_kind_name(org.chart));
	org_info_free(&org);
	sqlite3_stmt *stmt;
	bool ok = store_prepare(&cli->store, &stmt,
				"SELECT number, name, type, sru, unit FROM account ORDER BY number",
				&err);
	int rc = SQLITE_DONE;
	while (ok && (rc = store_step(&cli->store, stmt, &err)) == SQLITE_ROW) {
		const char *number = store_column_text(stmt, 0);
		char type = chart_account_type(number, store_column_text(stmt, 2));
		char tt[2] = { type, '\0' };
		out_row(&t, false);
		out_text(&t, number);
		out_text(&t, store_column_text(stmt, 1));
		out_text(&t, tt);
		out_text(&t, type_name(type));
		out_text(&t, store_column_text(stmt, 3));
		out_text(&t, store_column_text(stmt, 4));
	}
	if (ok) {
		sqlite3_finalize(stmt);
		ok = rc == SQLITE_DONE && out_print(&t, cli->out, fmt, "accounts", &err);
	}
	out_free(&t);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_accounts = {
	.name = "accounts",
	.args = "",
	.summary = "kontoplanen: konton med namn, typ och SRU-kod",
	.description = "Typ är T (tillgång), S (skuld eller eget kapital), K (kostnad) eller\n"
		       "I (intäkt): från filens #KTYP, annars från kontonumrets första siffra.",
	.options = format_only,
	.min_args = 0,
	.max_args = 0,
	.run = run_accounts,
};

static const struct cli_option object_options[] = {
	{ "dim", 0, "DIM", "bara objekten i dimensionen" },
	{ "format", 0, "FORMAT", "table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

static int run_objects(struct cli *cli, const struct cli_args *a)
{
	static const struct out_column cols[] = {
		{ "dimension", "Dim", OUT_INT, 0 },
		{ "dimension_name", "Dimension", OUT_TEXT, 0 },
		{ "object", "Objekt", OUT_TEXT, 0 },
		{ "name", "Namn", OUT_TEXT, 0 },
		{ "parent_dimension", "Överordnad", OUT_INT, 0 },
	};
	struct error err = ERROR_INIT;
	enum out_format fmt;
	long dim = 0;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    (cli_value(a, "dim") && !cli_parse_int("dim", cli_value(a, "dim"), 1, 999999, &dim, &err)) ||
	    !cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Dimensioner och objekt");
	bool ok = table_from_query(
		cli, &t,
		"SELECT d.number, d.name, coalesce(o.code, ''), coalesce(o.name, ''), d.parent\n"
		"FROM dimension d LEFT JOIN object o ON o.dim = d.number\n"
		"WHERE ?1 = 0 OR d.number = ?1 ORDER BY d.number, o.code",
		(int)dim, &err);
	ok = ok && out_print(&t, cli->out, fmt, "objects", &err);
	out_free(&t);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_objects = {
	.name = "objects",
	.args = "",
	.summary = "dimensioner och objekt, t.ex. insatserna som projekt",
	.description = "Insatser bokförs oftast som objekt i dimension 6 (projekt) eller 1\n"
		       "(kostnadsställe). En dimension utan objekt visas med tom objektkolumn.",
	.options = object_options,
	.min_args = 0,
	.max_args = 0,
	.run = run_objects,
};
