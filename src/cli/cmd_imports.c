/*
 * cmd_imports — `finsam imports [ID]`: the import log (the
 * behandlingshistorik): every file that changed the store, when, what it
 * held, and with an ID, its warnings and every voucher it added, removed
 * or found changed.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "util/buf.h"

static const struct cli_option options[] = {
	{ "format", 0, "FORMAT", "table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

static bool print_list(struct cli *cli, enum out_format fmt, struct error *err)
{
	static const struct out_column cols[] = {
		{ "id", "Nr", OUT_INT, 0 },
		{ "time", "Tid (UTC)", OUT_TEXT, 0 },
		{ "file", "Fil", OUT_TEXT, 0 },
		{ "format", "Format", OUT_TEXT, 0 },
		{ "program", "Program", OUT_TEXT, 0 },
		{ "year_start", "Räkenskapsår", OUT_DATE, 0 },
		{ "vouchers", "Verifikationer", OUT_INT, 0 },
		{ "added", "Nya", OUT_INT, 0 },
		{ "removed", "Borttagna", OUT_INT, 0 },
		{ "changed", "Ändrade", OUT_INT, 0 },
		{ "warnings", "Varningar", OUT_INT, 0 },
		{ "sha256", "SHA-256", OUT_TEXT, 0 },
	};
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Inläsningar (behandlingshistorik)");
	sqlite3_stmt *stmt;
	if (!store_prepare(&cli->store, &stmt,
			   "SELECT i.id, i.time, i.file_name, i.format,\n"
			   "  trim(i.program || ' ' || i.program_version), y.start_date,\n"
			   "  json_extract(i.counts, '$.ver'), i.vouchers_added, i.vouchers_removed,\n"
			   "  i.vouchers_changed,\n"
			   "  (SELECT count(*) FROM import_message m WHERE m.import_id = i.id),\n"
			   "  i.sha256\n"
			   "FROM import i LEFT JOIN fiscal_year y ON y.id = i.year_id ORDER BY i.id",
			   err)) {
		out_free(&t);
		return false;
	}
	int rc;
	while ((rc = store_step(&cli->store, stmt, err)) == SQLITE_ROW) {
		out_row(&t, false);
		out_int(&t, sqlite3_column_int64(stmt, 0));
		for (int c = 1; c <= 4; c++)
			out_text(&t, store_column_text(stmt, c));
		out_date(&t, sqlite3_column_int(stmt, 5));
		for (int c = 6; c <= 10; c++)
			out_int(&t, sqlite3_column_int64(stmt, c));
		out_text(&t, fmt == OUT_TABLE ? "" : store_column_text(stmt, 11));
	}
	sqlite3_finalize(stmt);
	bool ok = rc == SQLITE_DONE && out_print(&t, cli->out, fmt, "imports", err);
	out_free(&t);
	return ok;
}

/* The record counts of the log, for people: "146 #VER, 373 #TRANS, ...". */
static char *counts_text(const char *json)
{
	static const char *const keys[] = { "ver",   "trans", "rtrans", "btrans", "konto", "dim",
					    "underdim", "objekt", "ib", "ub",     "res",   "oib",
					    "oub",   "psaldo", "pbudget" };
	json_t *counts = json_loads(json, 0, NULL);
	struct buf out = BUF_INIT(0);
	for (size_t i = 0; counts && i < sizeof keys / sizeof keys[0]; i++) {
		json_int_t n = json_integer_value(json_object_get(counts, keys[i]));
		if (!n)
			continue;
		buf_printf(&out, "%s%lld #", out.len ? ", " : "", (long long)n);
		for (const char *k = keys[i]; *k; k++)
			buf_putc(&out, (char)(*k - 'a' + 'A'));
	}
	if (counts && json_is_true(json_object_get(counts, "ksumma")))
		buf_puts(&out, "; kontrollsumman (#KSUMMA) stämde");
	json_decref(counts);
	return buf_take(&out);
}

static bool print_one(struct cli *cli, long id, enum out_format fmt, struct error *err)
{
	static const struct out_column cols[] = {
		{ "kind", "Vad", OUT_TEXT, 0 },	   { "series", "Serie", OUT_TEXT, 0 },
		{ "number", "Nr", OUT_TEXT, 0 },	   { "date", "Datum", OUT_DATE, 0 },
		{ "line", "Rad", OUT_INT, 0 },	   { "text", "Text", OUT_TEXT, -1 },
		{ "detail", "Ändring", OUT_TEXT, -1 },
	};
	sqlite3_stmt *stmt;
	if (!store_prepare(&cli->store, &stmt,
			   "SELECT time, file_name, format, program, program_version, encoding,\n"
			   "  sha256, bytes, mode, counts FROM import WHERE id = ?",
			   err))
		return false;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = store_step(&cli->store, stmt, err);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		if (rc == SQLITE_DONE)
			error_set(err, ERR_INPUT, "det finns ingen inläsning nummer %ld", id);
		return false;
	}
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Inläsning %ld", id);
	out_meta_int(&t, "id", NULL, id);
	out_meta_text(&t, "time", "Tid (UTC)", store_column_text(stmt, 0));
	out_meta_text(&t, "file", "Fil", store_column_text(stmt, 1));
	out_meta_text(&t, "format", "Format", store_column_text(stmt, 2));
	out_meta_text(&t, "program", "Program", store_column_text(stmt, 3));
	out_meta_text(&t, "program_version", "Programversion", store_column_text(stmt, 4));
	out_meta_text(&t, "encoding", "Teckenkodning", store_column_text(stmt, 5));
	out_meta_text(&t, "sha256", "SHA-256", store_column_text(stmt, 6));
	out_meta_int(&t, "bytes", "Storlek (byte)", sqlite3_column_int64(stmt, 7));
	bool append = strcmp(store_column_text(stmt, 8), "append") == 0;
	out_meta_text(&t, "mode", NULL, store_column_text(stmt, 8));
	out_meta_text(&t, NULL, "Sätt",
		      append ? "verifikationer lades till"
			     : "ersatte räkenskapsårets tidigare inläsning");
	out_meta_json(&t, "counts", NULL, store_column_text(stmt, 9));
	char *counts = counts_text(store_column_text(stmt, 9));
	out_meta_text(&t, NULL, "Poster", counts);
	free(counts);
	sqlite3_finalize(stmt);

	/* Warnings first, then voucher changes, as one list. */
	bool ok = store_prepare(&cli->store, &stmt,
				"SELECT 'varning', '', '', 0, coalesce(line, 0), text, '', 0 AS o, seq\n"
				"FROM import_message WHERE import_id = ?1\n"
				"UNION ALL\n"
				"SELECT CASE change WHEN 'added' THEN 'ny' WHEN 'removed' THEN\n"
				"  'borttagen' ELSE 'ändrad' END, series, number, date, 0, text,\n"
				"  detail, 1, seq FROM import_change WHERE import_id = ?1\n"
				"ORDER BY o, seq",
				err);
	if (ok) {
		sqlite3_bind_int64(stmt, 1, id);
		while ((rc = store_step(&cli->store, stmt, err)) == SQLITE_ROW) {
			out_row(&t, false);
			out_text(&t, store_column_text(stmt, 0));
			out_text(&t, store_column_text(stmt, 1));
			out_text(&t, store_column_text(stmt, 2));
			out_date(&t, sqlite3_column_int(stmt, 3));
			if (sqlite3_column_int(stmt, 4))
				out_int(&t, sqlite3_column_int(stmt, 4));
			else
				out_null(&t);
			out_text(&t, store_column_text(stmt, 5));
			out_text(&t, store_column_text(stmt, 6));
		}
		sqlite3_finalize(stmt);
		ok = rc == SQLITE_DONE && out_print(&t, cli->out, fmt, "events", err);
	}
	out_free(&t);
	return ok;
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	enum out_format fmt;
	long id = 0;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    (a->nrest && !cli_parse_int("ID", a->rest[0], 1, 1L << 40, &id, &err)) ||
	    !cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	bool ok = id ? print_one(cli, id, fmt, &err) : print_list(cli, fmt, &err);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_imports = {
	.name = "imports",
	.args = "[ID]",
	.summary = "inläsningsloggen (behandlingshistorik); med ID dess varningar och ändringar",
	.description =
		"Utan ID: varje inläsning som ändrat databasen, med tid, fil, kontrollsumma\n"
		"(SHA-256), program och hur många verifikationer som tillkom, försvann eller\n"
		"ändrats. Med ID: inläsningens alla varningar och varje verifikation som\n"
		"tillkom, togs bort eller ändrats i källsystemet, med vad som ändrades.",
	.options = options,
	.min_args = 0,
	.max_args = 1,
	.run = run,
};
