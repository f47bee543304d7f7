/*
 * import_diff — vouchers added, removed and changed between imports; see
 * import_diff.h.
 */
#include "books/import_diff.h"

#include <stdlib.h>
#include <string.h>

#include "util/money.h"
#include "util/xalloc.h"

void import_describe_row(struct buf *out, const char *account, const char *objects,
			 int64_t amount, int kind)
{
	char a[64];
	money_format_sv(amount, &money_style_terminal, a, sizeof a);
	buf_printf(out, "%s", account);
	if (objects && *objects)
		buf_printf(out, " {%s}", objects);
	buf_printf(out, " %s", a);
	if (kind == 1)
		buf_puts(out, " (tillagd rad)");
	else if (kind == 2)
		buf_puts(out, " (borttagen rad)");
}

/* The rows of a voucher as sorted description lines, one per row. */
static bool row_lines(struct store *st, int64_t voucher_id, char ***lines, size_t *n,
		      struct error *err)
{
	static const char sql[] =
		"SELECT a.number, r.amount, r.kind,\n"
		"  coalesce((SELECT group_concat(o.dim || ' ' || o.code, ' ')\n"
		"            FROM (SELECT o.dim, o.code FROM json_each(r.objects) ro\n"
		"                  JOIN object o ON o.id = ro.value ORDER BY o.dim) o), ''),\n"
		"  coalesce(r.text, ''), coalesce(r.date, 0)\n"
		"FROM voucher_row r JOIN account a ON a.id = r.account_id\n"
		"WHERE r.voucher_id = ? ORDER BY 1, 2, 3, 4, 5, 6";
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, sql, err))
		return false;
	sqlite3_bind_int64(stmt, 1, voucher_id);
	size_t cap = 0;
	*lines = NULL;
	*n = 0;
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		struct buf b = BUF_INIT(0);
		import_describe_row(&b, store_column_text(stmt, 0), store_column_text(stmt, 3),
				    sqlite3_column_int64(stmt, 1), sqlite3_column_int(stmt, 2));
		const char *text = store_column_text(stmt, 4);
		if (*text)
			buf_printf(&b, " \"%s\"", text);
		*lines = xgrow(*lines, &cap, *n + 1, sizeof **lines);
		(*lines)[(*n)++] = buf_take(&b);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

static void free_lines(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What differs between two versions of a voucher, in Swedish. */
static bool describe_change(struct store *st, int64_t old_id, int64_t new_id, struct buf *out,
			    struct error *err)
{
	static const char sql[] =
		"SELECT o.date, n.date, o.text, n.text, coalesce(o.reg_date, 0),\n"
		"  coalesce(n.reg_date, 0), coalesce(o.sign, ''), coalesce(n.sign, '')\n"
		"FROM voucher o, voucher n WHERE o.id = ? AND n.id = ?";
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, sql, err))
		return false;
	sqlite3_bind_int64(stmt, 1, old_id);
	sqlite3_bind_int64(stmt, 2, new_id);
	int rc = store_step(st, stmt, err);
	if (rc == SQLITE_ROW) {
		char a[11], b[11];
		if (sqlite3_column_int(stmt, 0) != sqlite3_column_int(stmt, 1))
			buf_printf(out, "datum %s → %s; ",
				   date_format(sqlite3_column_int(stmt, 0), a),
				   date_format(sqlite3_column_int(stmt, 1), b));
		if (strcmp(store_column_text(stmt, 2), store_column_text(stmt, 3)) != 0)
			buf_printf(out, "text \"%s\" → \"%s\"; ", store_column_text(stmt, 2),
				   store_column_text(stmt, 3));
		if (sqlite3_column_int(stmt, 4) != sqlite3_column_int(stmt, 5))
			buf_printf(out, "registreringsdatum %s → %s; ",
				   date_format(sqlite3_column_int(stmt, 4), a),
				   date_format(sqlite3_column_int(stmt, 5), b));
		if (strcmp(store_column_text(stmt, 6), store_column_text(stmt, 7)) != 0)
			buf_printf(out, "signatur \"%s\" → \"%s\"; ", store_column_text(stmt, 6),
				   store_column_text(stmt, 7));
	}
	sqlite3_finalize(stmt);
	if (rc < 0)
		return false;

	char **old_rows, **new_rows;
	size_t nold, nnew;
	if (!row_lines(st, old_id, &old_rows, &nold, err))
		return false;
	if (!row_lines(st, new_id, &new_rows, &nnew, err)) {
		free_lines(old_rows, nold);
		return false;
	}
	qsort(old_rows, nold, sizeof *old_rows, cmp_str);
	qsort(new_rows, nnew, sizeof *new_rows, cmp_str);
	/* Walk both sorted lists: what only the old has was removed, what only
	 * the new has was added. Removed rows are told first. */
	struct buf added = BUF_INIT(0);
	size_t i = 0, j = 0;
	while (i < nold || j < nnew) {
		int c = i == nold ? 1 : j == nnew ? -1 : strcmp(old_rows[i], new_rows[j]);
		if (c < 0)
			buf_printf(out, "rad borta: %s; ", old_rows[i++]);
		else if (c > 0)
			buf_printf(&added, "ny rad: %s; ", new_rows[j++]);
		else
			i++, j++;
	}
	buf_append(out, buf_cstr(&added), added.len);
	buf_free(&added);
	free_lines(old_rows, nold);
	free_lines(new_rows, nnew);
	if (out->len >= 2)
		out->data[out->len -= 2] = '\0';
	else
		buf_puts(out, "innehållet skiljer sig");
	return true;
}

static void remember(struct import_result *res, char kind, const char *series, const char *number,
		     date_t date, const char *text, const char *detail)
{
	if (res->nchanges >= IMPORT_CHANGES_SHOWN)
		return;
	if (!res->changes)
		res->changes = xcalloc(IMPORT_CHANGES_SHOWN, sizeof *res->changes);
	res->changes[res->nchanges++] = (struct import_change){
		kind, xstrdup(series), xstrdup(number), date, xstrdup(text), xstrdup(detail)
	};
}

bool import_diff(struct store *st, int64_t year_id, int64_t import_id,
		 struct import_result *res, struct error *err)
{
	/* Pairs of (old, new): matched by series and number, or for vouchers
	 * without a number by identical content — the first old copy with
	 * the first new one, the second with the second, so that a copy more
	 * or fewer is an addition or a removal. A voucher on one side only
	 * has NULL on the other. */
	static const char sql[] =
		"WITH old AS (SELECT * FROM voucher WHERE year_id = ?1 AND import_id <> ?2),\n"
		"     new AS (SELECT * FROM voucher WHERE import_id = ?2),\n"
		"pairs AS (\n"
		"  SELECT o.id AS old_id, n.id AS new_id FROM new n JOIN old o\n"
		"    ON o.series = n.series AND o.number = n.number AND n.number <> ''\n"
		"  UNION ALL\n"
		"  SELECT o.id, n.id FROM\n"
		"    (SELECT id, fingerprint, row_number() OVER (PARTITION BY fingerprint ORDER BY id)\n"
		"       AS k FROM new WHERE number = '') n\n"
		"    JOIN (SELECT id, fingerprint, row_number() OVER (PARTITION BY fingerprint\n"
		"       ORDER BY id) AS k FROM old WHERE number = '') o\n"
		"    ON o.fingerprint = n.fingerprint AND o.k = n.k)\n"
		"SELECT * FROM (\n"
		"SELECT 'changed' AS what, p.old_id, p.new_id, 0 AS rank, n.id AS seq FROM pairs p\n"
		"  JOIN voucher o ON o.id = p.old_id JOIN voucher n ON n.id = p.new_id\n"
		"  WHERE o.fingerprint <> n.fingerprint\n"
		"UNION ALL\n"
		"SELECT 'removed', o.id, NULL, 1, o.id FROM old o\n"
		"  WHERE o.id NOT IN (SELECT old_id FROM pairs)\n"
		"UNION ALL\n"
		"SELECT 'added', NULL, n.id, 2, n.id FROM new n\n"
		"  WHERE n.id NOT IN (SELECT new_id FROM pairs))\n"
		"ORDER BY rank, seq";
	static const char info_sql[] = "SELECT series, number, date, text FROM voucher WHERE id = ?";
	static const char log_sql[] =
		"INSERT INTO import_change (import_id, seq, change, series, number, date, text, "
		"detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *stmt = NULL, *info = NULL, *log = NULL;
	bool ok = false;
	if (!store_prepare(st, &stmt, sql, err) || !store_prepare(st, &info, info_sql, err) ||
	    !store_prepare(st, &log, log_sql, err))
		goto done;
	sqlite3_bind_int64(stmt, 1, year_id);
	sqlite3_bind_int64(stmt, 2, import_id);
	long seq = 0;
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		const char *what = store_column_text(stmt, 0);
		int64_t old_id = sqlite3_column_int64(stmt, 1), new_id = sqlite3_column_int64(stmt, 2);
		char kind = what[0] == 'c' ? '~' : what[0] == 'r' ? '-' : '+';
		sqlite3_bind_int64(info, 1, kind == '-' ? old_id : new_id);
		if (store_step(st, info, err) != SQLITE_ROW)
			goto done;
		struct buf detail = BUF_INIT(0);
		if (kind == '~' && !describe_change(st, old_id, new_id, &detail, err)) {
			buf_free(&detail);
			goto done;
		}
		const char *series = store_column_text(info, 0), *number = store_column_text(info, 1);
		const char *text = store_column_text(info, 3);
		date_t date = sqlite3_column_int(info, 2);
		sqlite3_bind_int64(log, 1, import_id);
		sqlite3_bind_int64(log, 2, ++seq);
		sqlite3_bind_text(log, 3, what, -1, SQLITE_STATIC);
		store_bind_text(log, 4, series);
		store_bind_text(log, 5, number);
		sqlite3_bind_int(log, 6, date);
		store_bind_text(log, 7, text);
		store_bind_text(log, 8, buf_cstr(&detail));
		bool logged = store_step(st, log, err) == SQLITE_DONE;
		sqlite3_reset(log);
		if (logged) {
			if (kind == '~')
				res->changed++;
			else if (kind == '-')
				res->removed++;
			else
				res->added++;
			remember(res, kind, series, number, date, text, buf_cstr(&detail));
		}
		sqlite3_reset(info);
		buf_free(&detail);
		if (!logged)
			goto done;
	}
	ok = rc == SQLITE_DONE;
done:
	sqlite3_finalize(stmt);
	sqlite3_finalize(info);
	sqlite3_finalize(log);
	return ok;
}
