/*
 * testdump — text dumps of a store for the unit tests; see testlib.h.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include "books/balance.h"
#include "books/vouchers.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* Append every row of a query, fields separated by '|'. */
static void dump_query(struct store *st, struct buf *out, const char *sql, int64_t arg)
{
	sqlite3_stmt *stmt;
	struct error err = ERROR_INIT;
	if (!store_prepare(st, &stmt, sql, &err))
		fail_msg("%s\n%s", sql, err.msg);
	if (sqlite3_bind_parameter_count(stmt) > 0)
		sqlite3_bind_int64(stmt, 1, arg);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		int n = sqlite3_column_count(stmt);
		for (int i = 0; i < n; i++) {
			if (i)
				buf_putc(out, '|');
			if (sqlite3_column_type(stmt, i) == SQLITE_BLOB) {
				const unsigned char *b = sqlite3_column_blob(stmt, i);
				for (int k = 0; k < sqlite3_column_bytes(stmt, i); k++)
					buf_printf(out, "%02x", b[k]);
			} else {
				buf_puts(out, store_column_text(stmt, i));
			}
		}
		buf_putc(out, '\n');
	}
	sqlite3_finalize(stmt);
}

char *test_store_dump(struct store *st)
{
	struct buf out = BUF_INIT(0);
	sqlite3_stmt *tables;
	struct error err = ERROR_INIT;
	assert_true(store_prepare(st, &tables,
				  "SELECT name FROM sqlite_schema WHERE type = 'table'\n"
				  "  AND name NOT LIKE 'sqlite_%' ORDER BY name",
				  &err));
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = store_column_text(tables, 0);
		char *sql = xasprintf("SELECT * FROM \"%s\" ORDER BY 1, 2", name);
		buf_printf(&out, "== %s\n", name);
		dump_query(st, &out, sql, 0);
		free(sql);
	}
	sqlite3_finalize(tables);
	dump_query(st, &out, "PRAGMA user_version", 0);
	return buf_take(&out);
}

char *test_schema_dump(struct store *st)
{
	struct buf out = BUF_INIT(0);
	dump_query(st, &out,
		   "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name", 0);
	dump_query(st, &out, "PRAGMA user_version", 0);
	dump_query(st, &out, "PRAGMA application_id", 0);
	dump_query(st, &out, "PRAGMA journal_mode", 0);
	return buf_take(&out);
}

static void dump_tb(struct store *st, struct buf *out, int64_t year_id, int dim)
{
	struct tb_query q = { .year_id = year_id, .by_dim = dim };
	struct tb_result tb;
	struct error err = ERROR_INIT;
	if (!balance_trial(st, &q, &tb, &err))
		fail_msg("balance_trial: %s", err.msg);
	buf_printf(out, "tb dim %d from %d to %d books %d\n", dim, tb.from, tb.to, tb.has_books);
	for (size_t i = 0; i < tb.nrows; i++) {
		const struct tb_row *r = &tb.rows[i];
		buf_printf(out, "  %s %s %c [%s %s] %lld %lld %lld\n", r->number, r->name, r->type,
			   r->object_code, r->object_name, (long long)r->opening,
			   (long long)r->change, (long long)r->closing);
	}
	tb_result_free(&tb);
}

static bool dump_voucher(void *ctx, const struct voucher_view *v, struct error *err)
{
	(void)err;
	struct buf *out = ctx;
	buf_printf(out, "  ver %s %s %d \"%s\" reg %d sign \"%s\" imbalance %lld\n", v->series,
		   v->number, v->date, v->text, v->reg_date, v->sign, (long long)v->imbalance);
	for (size_t i = 0; i < v->nrows; i++) {
		const struct voucher_row_view *r = &v->rows[i];
		buf_printf(out, "    %d %s {%s} %lld %d \"%s\" q\"%s\"\n", r->kind, r->account,
			   r->objects, (long long)r->amount, r->date, r->text, r->quantity);
	}
	return true;
}

char *test_books_dump(struct store *st)
{
	struct buf out = BUF_INIT(0);
	buf_puts(&out, "== org\n");
	dump_query(st, &out, "SELECT name, orgnr, chart_kind FROM org", 0);
	buf_puts(&out, "== accounts\n");
	dump_query(st, &out,
		   "SELECT number, name, coalesce(type, ''), coalesce(sru, ''), coalesce(unit, '')\n"
		   "FROM account ORDER BY number",
		   0);
	buf_puts(&out, "== dimensions\n");
	dump_query(st, &out, "SELECT number, name, coalesce(parent, 0) FROM dimension ORDER BY 1", 0);
	dump_query(st, &out, "SELECT dim, code, name FROM object ORDER BY dim, code", 0);
	sqlite3_stmt *years;
	struct error err = ERROR_INIT;
	assert_true(store_prepare(st, &years,
				  "SELECT id, start_date, end_date, has_books, coalesce(complete_to, 0)\n"
				  "FROM fiscal_year ORDER BY start_date",
				  &err));
	while (sqlite3_step(years) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(years, 0);
		buf_printf(&out, "== year %d-%d books %d complete %d\n", sqlite3_column_int(years, 1),
			   sqlite3_column_int(years, 2), sqlite3_column_int(years, 3),
			   sqlite3_column_int(years, 4));
		dump_tb(st, &out, id, 0);
		sqlite3_stmt *dims;
		assert_true(store_prepare(st, &dims, "SELECT DISTINCT dim FROM object ORDER BY dim",
					  &err));
		while (sqlite3_step(dims) == SQLITE_ROW)
			dump_tb(st, &out, id, sqlite3_column_int(dims, 0));
		sqlite3_finalize(dims);
		dump_query(st, &out,
			   "SELECT p.period, a.number, p.objects = '', p.amount FROM declared_period p\n"
			   "JOIN account a ON a.id = p.account_id\n"
			   "WHERE p.year_id = ? AND p.kind = 'PBUDGET' ORDER BY 1, 2, 3, 4",
			   id);
		struct voucher_filter f = { .year_id = id };
		if (!vouchers_each(st, &f, dump_voucher, &out, &err))
			fail_msg("vouchers_each: %s", err.msg);
	}
	sqlite3_finalize(years);
	return buf_take(&out);
}
