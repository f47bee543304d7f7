/*
 * vouchers — voucher selection for drill-down; see vouchers.h.
 */
#include "books/vouchers.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

/* Whether row r is one the filter asks for: on one of the accounts in the
 * JSON array ?5 and carrying object ?6, either left out (NULL). */
#define ROW_MATCHES                                                               \
	"((?5 IS NULL OR r.account_id IN (SELECT value FROM json_each(?5)))\n"      \
	"  AND (?6 IS NULL OR EXISTS (SELECT 1 FROM json_each(r.objects) ro\n"      \
	"                             WHERE ro.value = ?6)))\n"

/* One query returns every row of every selected voucher, voucher by
 * voucher; the rows are grouped back into vouchers here.
 *
 * Rows are stored as JSON (see store/schema.c) with no index by account
 * or object, so a drill-down reads the vouchers of the period. A text
 * search in the stored JSON first passes over the vouchers that cannot
 * match: a row is [kind,account,amount,[objects],...], so an account id
 * shows as ",ID," and an object id as "[ID," "[ID]" ",ID," or ",ID]".
 * That finds a few too many (an amount can read the same), never too
 * few; ROW_MATCHES then decides. */
static const char sql[] =
	"WITH sel AS (\n"
	"  SELECT v.* FROM voucher v\n"
	"  WHERE (?1 = 0 OR v.year_id = ?1) AND (?2 = 0 OR v.date >= ?2)\n"
	"    AND (?3 = 0 OR v.date <= ?3) AND (?4 IS NULL OR v.series = ?4)\n"
	"    AND (?5 IS NULL OR EXISTS (SELECT 1 FROM json_each(?5) a\n"
	"                               WHERE instr(v.rows, ',' || a.value || ',')))\n"
	"    AND (?6 IS NULL OR instr(v.rows, '[' || ?6 || ',') OR instr(v.rows, '[' || ?6 || ']')\n"
	"         OR instr(v.rows, ',' || ?6 || ',') OR instr(v.rows, ',' || ?6 || ']'))\n"
	"    AND (?5 IS NULL AND ?6 IS NULL OR EXISTS (\n"
	"      SELECT 1 FROM voucher_row r WHERE r.voucher_id = v.id AND " ROW_MATCHES ")))\n"
	"SELECT v.id, v.series, v.number, v.date, v.text, coalesce(v.reg_date, 0),\n"
	"  coalesce(v.sign, ''), v.imbalance,\n"
	"  a.number, a.name, r.amount, r.kind, coalesce(r.date, 0), coalesce(r.text, ''),\n"
	"  coalesce(r.quantity, ''),\n"
	"  coalesce((SELECT group_concat(x.dim || ' ' || x.code, ', ') FROM\n"
	"     (SELECT o.dim, o.code FROM json_each(r.objects) ro JOIN object o ON o.id = ro.value\n"
	"      ORDER BY o.dim) x), ''),\n"
	"  " ROW_MATCHES
	"FROM sel v JOIN voucher_line r ON r.voucher_id = v.id\n"
	"LEFT JOIN account a ON a.id = r.account_id\n"
	"ORDER BY v.date, v.series, CAST(v.number AS INTEGER), v.number, v.id, r.seq";

struct pending {
	struct voucher_view v;
	struct voucher_row_view *rows;
	size_t cap;
	struct buf strings; /* all strings of the voucher, NUL-separated */
};

static const char *keep(struct pending *p, const char *s)
{
	/* Offsets, because the buffer may move; turned into pointers later. */
	size_t off = p->strings.len;
	buf_append(&p->strings, s, strlen(s) + 1);
	return (const char *)(uintptr_t)off;
}

static const char *ptr(const struct pending *p, const char *off)
{
	return p->strings.data + (uintptr_t)off;
}

static bool flush(struct pending *p, voucher_fn fn, void *ctx, struct error *err)
{
	if (!p->v.id)
		return true;
	struct voucher_view v = p->v;
	v.series = ptr(p, v.series);
	v.number = ptr(p, v.number);
	v.text = ptr(p, v.text);
	v.sign = ptr(p, v.sign);
	for (size_t i = 0; i < v.nrows; i++) {
		struct voucher_row_view *r = &p->rows[i];
		r->account = ptr(p, r->account);
		r->account_name = ptr(p, r->account_name);
		r->objects = ptr(p, r->objects);
		r->text = ptr(p, r->text);
		r->quantity = ptr(p, r->quantity);
	}
	v.rows = p->rows;
	bool ok = fn(ctx, &v, err);
	p->v.id = 0;
	p->v.nrows = 0;
	buf_reset(&p->strings);
	return ok;
}

bool vouchers_each(struct store *st, const struct voucher_filter *f, voucher_fn fn, void *ctx,
		   struct error *err)
{
	int64_t object_id = 0;
	if (f->object_code) {
		const char *osql = "SELECT id FROM object WHERE dim = ? AND code = ?";
		sqlite3_stmt *o;
		if (!store_prepare(st, &o, osql, err))
			return false;
		sqlite3_bind_int(o, 1, f->object_dim);
		store_bind_text(o, 2, f->object_code);
		int rc = store_step(st, o, err);
		if (rc == SQLITE_ROW)
			object_id = sqlite3_column_int64(o, 0);
		sqlite3_finalize(o);
		if (rc < 0)
			return false;
		if (!object_id) {
			error_set(err, ERR_INPUT, "objektet %d:%s finns inte", f->object_dim,
				  f->object_code);
			return false;
		}
	}
	/* The accounts asked for, as a JSON array of ids. */
	char *accounts = NULL;
	if (f->account) {
		size_t n = strlen(f->account);
		bool prefix = n > 0 && f->account[n - 1] == '*';
		sqlite3_stmt *a;
		if (!store_prepare(st, &a,
				   "SELECT json_group_array(id) FROM account\n"
				   "WHERE number = ?1 OR (?2 AND substr(number, 1, length(?1)) = ?1)",
				   err))
			return false;
		sqlite3_bind_text(a, 1, f->account, (int)(prefix ? n - 1 : n), SQLITE_TRANSIENT);
		sqlite3_bind_int(a, 2, prefix);
		int rc = store_step(st, a, err);
		if (rc == SQLITE_ROW)
			accounts = xstrdup(store_column_text(a, 0));
		sqlite3_finalize(a);
		if (rc < 0)
			return false;
	}
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, sql, err)) {
		free(accounts);
		return false;
	}
	sqlite3_bind_int64(stmt, 1, f->year_id);
	sqlite3_bind_int(stmt, 2, f->from);
	sqlite3_bind_int(stmt, 3, f->to);
	store_bind_text(stmt, 4, f->series);
	store_bind_text(stmt, 5, accounts);
	if (object_id)
		sqlite3_bind_int64(stmt, 6, object_id);
	else
		sqlite3_bind_null(stmt, 6);

	struct pending p = { 0 };
	buf_init(&p.strings, 0);
	int rc;
	bool ok = true;
	while (ok && (rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		if (id != p.v.id) {
			if (!(ok = flush(&p, fn, ctx, err)))
				break;
			p.v = (struct voucher_view){
				.id = id,
				.series = keep(&p, store_column_text(stmt, 1)),
				.number = keep(&p, store_column_text(stmt, 2)),
				.date = sqlite3_column_int(stmt, 3),
				.text = keep(&p, store_column_text(stmt, 4)),
				.reg_date = sqlite3_column_int(stmt, 5),
				.sign = keep(&p, store_column_text(stmt, 6)),
				.imbalance = sqlite3_column_int64(stmt, 7),
			};
		}
		if (sqlite3_column_type(stmt, 8) == SQLITE_NULL)
			continue; /* a voucher without rows */
		p.rows = xgrow(p.rows, &p.cap, p.v.nrows + 1, sizeof *p.rows);
		p.rows[p.v.nrows++] = (struct voucher_row_view){
			.account = keep(&p, store_column_text(stmt, 8)),
			.account_name = keep(&p, store_column_text(stmt, 9)),
			.amount = sqlite3_column_int64(stmt, 10),
			.kind = sqlite3_column_int(stmt, 11),
			.date = sqlite3_column_int(stmt, 12),
			.text = keep(&p, store_column_text(stmt, 13)),
			.quantity = keep(&p, store_column_text(stmt, 14)),
			.objects = keep(&p, store_column_text(stmt, 15)),
			.matches = sqlite3_column_int(stmt, 16) != 0,
		};
	}
	if (ok)
		ok = rc == SQLITE_DONE && flush(&p, fn, ctx, err);
	sqlite3_finalize(stmt);
	free(p.rows);
	buf_free(&p.strings);
	free(accounts);
	return ok;
}
