/*
 * check — consistency checks of the books; see check.h.
 */
#include "books/check.h"

#include <stdio.h>
#include <string.h>

#include "books/balance.h"
#include "books/chart.h"
#include "util/date.h"
#include "util/money.h"
#include "util/strmap.h"
#include "util/xalloc.h"

struct counter {
	check_report_fn report;
	void *ctx;
	long count;
};

static void counted(void *ctx, long line, const char *msg)
{
	struct counter *c = ctx;
	c->count++;
	c->report(c->ctx, line, msg);
}

static const char *kr(money_t m, char *buf)
{
	return money_format_sv(m, &money_style_terminal, buf, 64);
}

static void year_label(date_t start, date_t end, char *buf, size_t n)
{
	char a[11], b[11];
	if (start / 10000 == end / 10000 && start % 10000 == 101 && end % 10000 == 1231)
		snprintf(buf, n, "%d", start / 10000);
	else
		snprintf(buf, n, "%s – %s", date_format(start, a), date_format(end, b));
}

/* Closing balance per account (object 0) of a whole year, as a map from
 * account number to öre. */
static bool closing_by_number(struct store *st, int64_t year_id, struct strmap *out,
			      struct tb_result *tb, struct error *err)
{
	struct tb_query q = { .year_id = year_id };
	if (!balance_trial(st, &q, tb, err))
		return false;
	strmap_init(out);
	for (size_t i = 0; i < tb->nrows; i++)
		strmap_put(out, tb->rows[i].number, strlen(tb->rows[i].number),
			   chart_is_balance_type(tb->rows[i].type) ? tb->rows[i].closing
								    : tb->rows[i].change);
	return true;
}

/* Compare declared closing figures (rows of number, kind, amount from
 * `sql`, bound to `a` and `b`) with the computed ones. */
static bool compare_declared(struct store *st, const char *sql, int64_t a, int64_t b,
			     int64_t year_id, const char *what, check_report_fn report, void *ctx,
			     struct error *err)
{
	struct tb_result tb;
	struct strmap computed;
	if (!closing_by_number(st, year_id, &computed, &tb, err))
		return false;
	sqlite3_stmt *stmt;
	bool ok = store_prepare(st, &stmt, sql, err);
	struct strmap seen;
	strmap_init(&seen);
	bool any_ub = false, any_res = false;
	if (ok) {
		sqlite3_bind_int64(stmt, 1, a);
		sqlite3_bind_int64(stmt, 2, b);
		int rc;
		while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
			const char *number = store_column_text(stmt, 0);
			const char *kind = store_column_text(stmt, 1);
			money_t declared = sqlite3_column_int64(stmt, 2);
			char type = chart_account_type(number, store_column_text(stmt, 3));
			/* #UB concerns balance accounts, #RES result accounts. */
			if (chart_is_balance_type(type) != (strcmp(kind, "UB") == 0))
				continue;
			any_ub |= strcmp(kind, "UB") == 0;
			any_res |= strcmp(kind, "RES") == 0;
			strmap_put(&seen, number, strlen(number), 1);
			int64_t have = 0;
			strmap_get(&computed, number, strlen(number), &have);
			if (have != declared) {
				char x[64], y[64], msg[512];
				snprintf(msg, sizeof msg,
					 "%s: konto %s: #%s anger %s kr, men verifikationerna ger %s "
					 "kr",
					 what, number, kind, kr(declared, x), kr(have, y));
				report(ctx, 0, msg);
			}
		}
		sqlite3_finalize(stmt);
		ok = rc == SQLITE_DONE;
	}
	/* An account the books have but the file left out differs too, when
	 * the file declared closing balances of that kind at all. */
	for (size_t i = 0; ok && i < tb.nrows; i++) {
		const struct tb_row *r = &tb.rows[i];
		int64_t dummy;
		bool balance = chart_is_balance_type(r->type);
		money_t have = balance ? r->closing : r->change;
		if (have && (balance ? any_ub : any_res) &&
		    !strmap_get(&seen, r->number, strlen(r->number), &dummy)) {
			char x[64], msg[512];
			snprintf(msg, sizeof msg,
				 "%s: konto %s: filen anger inget #%s, men verifikationerna ger %s kr",
				 what, r->number, chart_is_balance_type(r->type) ? "UB" : "RES",
				 kr(have, x));
			report(ctx, 0, msg);
		}
	}
	strmap_free(&seen);
	strmap_free(&computed);
	tb_result_free(&tb);
	return ok;
}

bool check_declared_against_books(struct store *st, int64_t year_id, check_report_fn report,
				  void *ctx, struct error *err)
{
	int64_t has_books;
	const int64_t args[] = { year_id };
	if (!store_query_int(st, "SELECT has_books FROM fiscal_year WHERE id = ?", args, 1, 0,
			     &has_books, err))
		return false;
	if (!has_books)
		return true;
	return compare_declared(st,
				"SELECT a.number, b.kind, b.amount, a.type FROM declared_balance b\n"
				"JOIN account a ON a.id = b.account_id\n"
				"WHERE b.year_id = ?1 AND ?2 = ?2 AND b.kind IN ('UB', 'RES')\n"
				"  AND b.objects = '' ORDER BY a.number",
				year_id, 0, year_id, "filens utgående saldon", report, ctx, err);
}

bool check_staged_against_year(struct store *st, int year_no, int64_t year_id, const char *path,
			       check_report_fn report, void *ctx, struct error *err)
{
	(void)path;
	char what[96];
	int64_t start;
	const int64_t args[] = { year_id };
	if (!store_query_int(st, "SELECT start_date FROM fiscal_year WHERE id = ?", args, 1, 0,
			     &start, err))
		return false;
	snprintf(what, sizeof what, "år %d i filen (räkenskapsåret som börjar %d) skiljer sig",
		 year_no, (int)start);
	return compare_declared(st,
				"SELECT a.number, s.kind, s.amount, a.type FROM temp.staged s\n"
				"JOIN account a ON a.id = s.account_id\n"
				"WHERE s.year = ?1 AND ?2 = ?2 AND s.kind IN ('UB', 'RES')\n"
				"  AND s.objects = '' ORDER BY a.number",
				year_no, 0, year_id, what, report, ctx, err);
}

/* The year's #IB against the closing balances of the year before. */
static bool check_opening(struct store *st, int64_t year_id, date_t start, const char *label,
			  check_report_fn report, void *ctx, struct error *err)
{
	int64_t prev_id;
	const int64_t args[] = { date_add_days(start, -1) };
	if (!store_query_int(st, "SELECT id FROM fiscal_year WHERE end_date = ?", args, 1, 0,
			     &prev_id, err))
		return false;
	int64_t has_ib;
	const int64_t a2[] = { year_id };
	if (!store_query_int(st,
			     "SELECT count(*) FROM declared_balance WHERE year_id = ? AND kind = 'IB'",
			     a2, 1, 0, &has_ib, err))
		return false;
	int64_t prev_has_figures = 0;
	const int64_t a3[] = { prev_id };
	if (prev_id &&
	    !store_query_int(st,
			     "SELECT has_books OR EXISTS (SELECT 1 FROM declared_balance\n"
			     "  WHERE year_id = ?1 AND kind IN ('UB', 'RES'))\n"
			     "FROM fiscal_year WHERE id = ?1",
			     a3, 1, 0, &prev_has_figures, err))
		return false;
	if (!prev_id || !has_ib || !prev_has_figures)
		return true;
	struct tb_result prev, cur;
	struct tb_query qp = { .year_id = prev_id }, qc = { .year_id = year_id };
	if (!balance_trial(st, &qp, &prev, err))
		return false;
	if (!balance_trial(st, &qc, &cur, err)) {
		tb_result_free(&prev);
		return false;
	}
	struct strmap closing;
	strmap_init(&closing);
	for (size_t i = 0; i < prev.nrows; i++)
		if (chart_is_balance_type(prev.rows[i].type))
			strmap_put(&closing, prev.rows[i].number, strlen(prev.rows[i].number),
				   prev.rows[i].closing);
	struct strmap opened;
	strmap_init(&opened);
	for (size_t i = 0; i < cur.nrows; i++) {
		const struct tb_row *r = &cur.rows[i];
		if (!chart_is_balance_type(r->type))
			continue;
		strmap_put(&opened, r->number, strlen(r->number), 1);
		int64_t before = 0;
		strmap_get(&closing, r->number, strlen(r->number), &before);
		if (before != r->opening) {
			char x[64], y[64], msg[512];
			snprintf(msg, sizeof msg,
				 "%s: konto %s: ingående balans %s kr, men föregående års utgående "
				 "balans är %s kr",
				 label, r->number, kr(r->opening, x), kr(before, y));
			report(ctx, 0, msg);
		}
	}
	for (size_t i = 0; i < prev.nrows; i++) {
		const struct tb_row *r = &prev.rows[i];
		int64_t dummy;
		if (chart_is_balance_type(r->type) && r->closing &&
		    !strmap_get(&opened, r->number, strlen(r->number), &dummy)) {
			char x[64], msg[512];
			snprintf(msg, sizeof msg,
				 "%s: konto %s saknar ingående balans, men föregående års utgående "
				 "balans är %s kr",
				 label, r->number, kr(r->closing, x));
			report(ctx, 0, msg);
		}
	}
	strmap_free(&closing);
	strmap_free(&opened);
	tb_result_free(&prev);
	tb_result_free(&cur);
	return true;
}

/* Rows that are not what the import writes (damage, or a hand-made
 * edit): JSON that does not parse, a row that is not [kind, account,
 * amount, ...], a kind other than 0-2, an amount that is not whole öre, an
 * account or object that does not exist. Reports each such voucher; *bad
 * tells whether there was one, for then the rows cannot be summed. */
static bool check_rows(struct store *st, int64_t year_id, const char *label,
		       check_report_fn report, void *ctx, bool *bad, struct error *err)
{
	static const char *const faults[] = {
		"",
		"raderna är inte giltig JSON",
		"en rad har inte formen [typ, konto, belopp, …] med typ 0–2 och belopp i hela ören",
		"en rad hänvisar till ett konto som inte finns",
		"en rad hänvisar till ett objekt som inte finns",
	};
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT series, number, date, fault FROM (\n"
			   "  SELECT v.series, v.number, v.date, CASE\n"
			   "    WHEN NOT json_valid(v.rows) OR json_type(v.rows) <> 'array' THEN 1\n"
			   "    WHEN EXISTS (SELECT 1 FROM json_each(v.rows) r WHERE r.type <> 'array'\n"
			   "      OR json_type(r.value, '$[0]') IS NOT 'integer'\n"
			   "      OR r.value ->> 0 NOT BETWEEN 0 AND 2\n"
			   "      OR json_type(r.value, '$[1]') IS NOT 'integer'\n"
			   "      OR json_type(r.value, '$[2]') IS NOT 'integer'\n"
			   "      OR coalesce(json_type(r.value, '$[3]'), 'array') <> 'array') THEN 2\n"
			   "    WHEN EXISTS (SELECT 1 FROM json_each(v.rows) r\n"
			   "      WHERE NOT EXISTS (SELECT 1 FROM account a WHERE a.id = r.value ->> 1))\n"
			   "      THEN 3\n"
			   "    WHEN EXISTS (SELECT 1 FROM json_each(v.rows) r,\n"
			   "      json_each(coalesce(r.value -> 3, '[]')) o\n"
			   "      WHERE o.type <> 'integer'\n"
			   "        OR NOT EXISTS (SELECT 1 FROM object b WHERE b.id = o.value))\n"
			   "      THEN 4\n"
			   "  END AS fault\n"
			   "  FROM voucher v WHERE v.year_id = ?)\n"
			   "WHERE fault IS NOT NULL ORDER BY date, series, number",
			   err))
		return false;
	sqlite3_bind_int64(stmt, 1, year_id);
	*bad = false;
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		char msg[512], d[11];
		snprintf(msg, sizeof msg, "%s: verifikation %s %s (%s): %s; databasen är skadad",
			 label, store_column_text(stmt, 0), store_column_text(stmt, 1),
			 date_format(sqlite3_column_int(stmt, 2), d),
			 faults[sqlite3_column_int(stmt, 3)]);
		report(ctx, 0, msg);
		*bad = true;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

static bool check_year(struct store *st, int64_t year_id, date_t start, date_t end,
		       bool has_books, check_report_fn report, void *ctx, struct error *err)
{
	char label[64], msg[512], x[64], y[64];
	year_label(start, end, label, sizeof label);
	struct tb_result tb;
	struct tb_query q = { .year_id = year_id };
	if (!balance_trial(st, &q, &tb, err))
		return false;
	if (tb.opening) {
		int64_t has_ib;
		const int64_t args[] = { year_id };
		if (!store_query_int(st,
				     "SELECT count(*) FROM declared_balance WHERE year_id = ?\n"
				     "  AND kind = 'IB'",
				     args, 1, 0, &has_ib, err)) {
			tb_result_free(&tb);
			return false;
		}
		snprintf(msg, sizeof msg, "%s: de ingående balanserna summerar till %s kr, inte 0%s",
			 label, kr(tb.opening, x),
			 has_ib ? ""
				: " (de är föregående års utgående balanser, och dess resultat har "
				  "inte förts till eget kapital)");
		report(ctx, 0, msg);
	}
	if (tb.closing && tb.opening != tb.closing) {
		snprintf(msg, sizeof msg, "%s: de utgående saldona summerar till %s kr, inte 0",
			 label, kr(tb.closing, x));
		report(ctx, 0, msg);
	}
	tb_result_free(&tb);

	char what[96];
	snprintf(what, sizeof what, "%s: filens utgående saldon", label);
	if (has_books &&
	    !compare_declared(st,
			      "SELECT a.number, b.kind, b.amount, a.type FROM declared_balance b\n"
			      "JOIN account a ON a.id = b.account_id\n"
			      "WHERE b.year_id = ?1 AND ?2 = ?2 AND b.kind IN ('UB', 'RES')\n"
			      "  AND b.objects = '' ORDER BY a.number",
			      year_id, 0, year_id, what, report, ctx, err))
		return false;
	if (!check_opening(st, year_id, start, label, report, ctx, err))
		return false;
	bool bad_rows;
	if (!check_rows(st, year_id, label, report, ctx, &bad_rows, err))
		return false;
	if (bad_rows)
		return true;

	/* Vouchers taken in unbalanced, and any whose rows do not add up to
	 * what was recorded (that would be damage). */
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT v.series, v.number, v.date, v.imbalance,\n"
			   "  (SELECT coalesce(sum(r.amount), 0) FROM voucher_row r\n"
			   "   WHERE r.voucher_id = v.id AND r.kind <> 2) AS sum\n"
			   "FROM voucher v WHERE v.year_id = ?\n"
			   "  AND (v.imbalance <> 0 OR v.imbalance <> sum)\n"
			   "ORDER BY v.date, v.series, v.number",
			   err))
		return false;
	sqlite3_bind_int64(stmt, 1, year_id);
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		char d[11];
		money_t imbalance = sqlite3_column_int64(stmt, 3), sum = sqlite3_column_int64(stmt, 4);
		if (imbalance != sum)
			snprintf(msg, sizeof msg,
				 "%s: verifikation %s %s (%s): raderna summerar till %s kr men %s kr "
				 "registrerades; databasen är skadad",
				 label, store_column_text(stmt, 0), store_column_text(stmt, 1),
				 date_format(sqlite3_column_int(stmt, 2), d), kr(sum, x),
				 kr(imbalance, y));
		else
			snprintf(msg, sizeof msg,
				 "%s: verifikation %s %s (%s) balanserar inte (%s kr); den lästes in "
				 "med --allow-unbalanced",
				 label, store_column_text(stmt, 0), store_column_text(stmt, 1),
				 date_format(sqlite3_column_int(stmt, 2), d), kr(imbalance, x));
		report(ctx, 0, msg);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return false;

	/* The month sums kept at import must equal the rows. */
	if (!store_prepare(st, &stmt,
			   "WITH rows AS (\n"
			   "  SELECT r.account_id, v.date / 100 AS period, sum(r.amount) AS amount\n"
			   "  FROM voucher v JOIN voucher_row r ON r.voucher_id = v.id\n"
			   "  WHERE v.year_id = ?1 AND r.kind <> 2 GROUP BY 1, 2),\n"
			   "kept AS (SELECT account_id, period, amount FROM (\n"
			   "  SELECT account_id, period, amount - coalesce(lag(amount) OVER (\n"
			   "    PARTITION BY account_id ORDER BY period), 0) AS amount\n"
			   "  FROM period_balance WHERE year_id = ?1 AND object_id = 0)\n"
			   "  WHERE amount <> 0)\n"
			   "SELECT count(*) FROM (\n"
			   "  SELECT account_id, period, amount FROM rows WHERE amount <> 0\n"
			   "  EXCEPT SELECT * FROM kept\n"
			   "  UNION ALL\n"
			   "  SELECT * FROM kept EXCEPT SELECT account_id, period, amount FROM rows)",
			   err))
		return false;
	sqlite3_bind_int64(stmt, 1, year_id);
	rc = store_step(st, stmt, err);
	if (rc == SQLITE_ROW && sqlite3_column_int64(stmt, 0) > 0) {
		snprintf(msg, sizeof msg,
			 "%s: de sparade månadssaldona stämmer inte med verifikationerna (%lld "
			 "skillnader); databasen är skadad",
			 label, (long long)sqlite3_column_int64(stmt, 0));
		report(ctx, 0, msg);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW;
}

bool check_store(struct store *st, check_report_fn report, void *ctx, long *findings,
		 struct error *err)
{
	struct counter c = { report, ctx, 0 };
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT id, start_date, end_date, has_books FROM fiscal_year\n"
			   "ORDER BY start_date",
			   err))
		return false;
	int rc;
	bool ok = true;
	while (ok && (rc = store_step(st, stmt, err)) == SQLITE_ROW)
		ok = check_year(st, sqlite3_column_int64(stmt, 0), sqlite3_column_int(stmt, 1),
				sqlite3_column_int(stmt, 2), sqlite3_column_int(stmt, 3) != 0, counted,
				&c, err);
	sqlite3_finalize(stmt);
	*findings = c.count;
	return ok && rc == SQLITE_DONE;
}
