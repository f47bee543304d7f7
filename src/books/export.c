/*
 * export — the store's books of one fiscal year as a SIE file.
 *
 * SIE 4E: the organisation, chart, dimensions and objects, the year and
 * the one before (#RAR 0, -1), opening and closing balances as the books
 * compute them (#IB #UB #RES, per object #OIB #OUB), period budgets, and
 * every voucher with its rows. SIE 4I: just the vouchers and what they
 * need. A year known only from declared balances is written as SIE 1 (or
 * 3 when it has period or object balances). The balances come from
 * balance_trial, the same computation every report uses, so an export
 * read back gives the same books.
 */
#include "books/export.h"

#include <stdlib.h>
#include <string.h>

#include "books/balance.h"
#include "books/chart.h"
#include "books/org.h"
#include "sie/sie_writer.h"
#include "util/xalloc.h"

struct exporter {
	struct store *st;
	struct sie_writer w;
	struct error *err;
	int64_t year_id, prev_id;
	date_t start, end, prev_start, prev_end, complete_to;
	bool has_books, prev_has_books;
};

/* Split the queries' object text, "dim\x1fcode\x1edim\x1fcode", in place
 * into refs (which point into s); returns how many. */
static size_t split_objects(char *s, struct sie_objref refs[SIE_MAX_ITEMS / 2])
{
	size_t n = 0;
	for (char *save = NULL, *p = strtok_r(s, "\x1e", &save); p && n < SIE_MAX_ITEMS / 2;
	     p = strtok_r(NULL, "\x1e", &save)) {
		char *sep = strchr(p, '\x1f');
		if (!sep)
			continue;
		*sep = '\0';
		refs[n++] = (struct sie_objref){ (int)strtol(p, NULL, 10), sep + 1 };
	}
	return n;
}

static void word_int(char *buf, size_t n, long long v)
{
	snprintf(buf, n, "%lld", v);
}

static bool header(struct exporter *x, const struct export_options *opt)
{
	struct org_info org;
	if (!org_get(x->st, &org, x->err))
		return false;
	char gen[9], a[9], b[9], type[2];
	sie_write(&x->w, "#FLAGGA", (struct sie_wfield[]){ SIE_WORD("0") }, 1);
	sie_writer_begin_ksumma(&x->w);
	sie_write(&x->w, "#PROGRAM",
		  (struct sie_wfield[]){ SIE_STR("finsam"), SIE_STR(FINSAM_VERSION) }, 2);
	sie_write(&x->w, "#FORMAT", (struct sie_wfield[]){ SIE_WORD("PC8") }, 1);
	sie_write(&x->w, "#GEN", (struct sie_wfield[]){ SIE_WORD(date_format_sie(opt->today, gen)) },
		  1);
	snprintf(type, sizeof type, "%d", opt->sie_type);
	sie_write(&x->w, "#SIETYP", (struct sie_wfield[]){ SIE_WORD(type) }, 1);
	if (*org.orgnr)
		sie_write(&x->w, "#ORGNR", (struct sie_wfield[]){ SIE_WORD(org.orgnr) }, 1);
	sie_write(&x->w, "#FNAMN", (struct sie_wfield[]){ SIE_STR(org.name) }, 1);
	if (!opt->only_vouchers) {
		sie_write(&x->w, "#RAR",
			  (struct sie_wfield[]){ SIE_WORD("0"), SIE_WORD(date_format_sie(x->start, a)),
						 SIE_WORD(date_format_sie(x->end, b)) },
			  3);
		if (x->prev_id)
			sie_write(&x->w, "#RAR",
				  (struct sie_wfield[]){ SIE_WORD("-1"),
							 SIE_WORD(date_format_sie(x->prev_start, a)),
							 SIE_WORD(date_format_sie(x->prev_end, b)) },
				  3);
		if (x->complete_to)
			sie_write(&x->w, "#OMFATTN",
				  (struct sie_wfield[]){ SIE_WORD(date_format_sie(x->complete_to, a)) },
				  1);
	}
	if (org.chart != CHART_UNKNOWN)
		sie_write(&x->w, "#KPTYP",
			  (struct sie_wfield[]){ SIE_WORD(org.chart == CHART_KOMMUN_BAS ? "KBAS" : "BAS") },
			  1);
	org_info_free(&org);
	return true;
}

static bool chart(struct exporter *x)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(x->st, &stmt,
			   "SELECT number, name, coalesce(type, ''), coalesce(unit, ''),\n"
			   "  coalesce(sru, '') FROM account ORDER BY number",
			   x->err))
		return false;
	int rc;
	while ((rc = store_step(x->st, stmt, x->err)) == SQLITE_ROW) {
		const char *n = store_column_text(stmt, 0);
		sie_write(&x->w, "#KONTO",
			  (struct sie_wfield[]){ SIE_WORD(n), SIE_STR(store_column_text(stmt, 1)) }, 2);
		if (*store_column_text(stmt, 2))
			sie_write(&x->w, "#KTYP",
				  (struct sie_wfield[]){ SIE_WORD(n),
							 SIE_WORD(store_column_text(stmt, 2)) },
				  2);
		if (*store_column_text(stmt, 3))
			sie_write(&x->w, "#ENHET",
				  (struct sie_wfield[]){ SIE_WORD(n),
							 SIE_STR(store_column_text(stmt, 3)) },
				  2);
		if (*store_column_text(stmt, 4))
			sie_write(&x->w, "#SRU",
				  (struct sie_wfield[]){ SIE_WORD(n),
							 SIE_WORD(store_column_text(stmt, 4)) },
				  2);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return false;

	if (!store_prepare(x->st, &stmt,
			   "SELECT number, name, coalesce(parent, 0) FROM dimension ORDER BY number",
			   x->err))
		return false;
	while ((rc = store_step(x->st, stmt, x->err)) == SQLITE_ROW) {
		char d[16], p[16];
		word_int(d, sizeof d, sqlite3_column_int64(stmt, 0));
		word_int(p, sizeof p, sqlite3_column_int64(stmt, 2));
		if (sqlite3_column_int64(stmt, 2))
			sie_write(&x->w, "#UNDERDIM",
				  (struct sie_wfield[]){ SIE_WORD(d), SIE_STR(store_column_text(stmt, 1)),
							 SIE_WORD(p) },
				  3);
		else
			sie_write(&x->w, "#DIM",
				  (struct sie_wfield[]){ SIE_WORD(d), SIE_STR(store_column_text(stmt, 1)) },
				  2);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return false;
	if (!store_prepare(x->st, &stmt, "SELECT dim, code, name FROM object ORDER BY dim, code",
			   x->err))
		return false;
	while ((rc = store_step(x->st, stmt, x->err)) == SQLITE_ROW) {
		char d[16];
		word_int(d, sizeof d, sqlite3_column_int64(stmt, 0));
		sie_write(&x->w, "#OBJEKT",
			  (struct sie_wfield[]){ SIE_WORD(d), SIE_STR(store_column_text(stmt, 1)),
						 SIE_STR(store_column_text(stmt, 2)) },
			  3);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

/* #IB/#UB/#RES of one year (årsnr year_no) as the books compute them,
 * and #OIB/#OUB per object of every dimension. */
static bool balances(struct exporter *x, int64_t year_id, const char *year_no)
{
	struct tb_result tb;
	struct tb_query q = { .year_id = year_id };
	if (!balance_trial(x->st, &q, &tb, x->err))
		return false;
	char m[32];
	for (size_t i = 0; i < tb.nrows; i++) {
		const struct tb_row *r = &tb.rows[i];
		if (chart_is_balance_type(r->type)) {
			if (r->opening)
				sie_write(&x->w, "#IB",
					  (struct sie_wfield[]){ SIE_WORD(year_no), SIE_WORD(r->number),
								 SIE_WORD(money_format_plain(r->opening, m)) },
					  3);
			if (r->closing)
				sie_write(&x->w, "#UB",
					  (struct sie_wfield[]){ SIE_WORD(year_no), SIE_WORD(r->number),
								 SIE_WORD(money_format_plain(r->closing, m)) },
					  3);
		} else if (r->change) {
			sie_write(&x->w, "#RES",
				  (struct sie_wfield[]){ SIE_WORD(year_no), SIE_WORD(r->number),
							 SIE_WORD(money_format_plain(r->change, m)) },
				  3);
		}
	}
	tb_result_free(&tb);

	/* Per object, dimension by dimension. */
	sqlite3_stmt *dims;
	if (!store_prepare(x->st, &dims, "SELECT DISTINCT dim FROM object ORDER BY dim", x->err))
		return false;
	int rc;
	bool ok = true;
	while (ok && (rc = store_step(x->st, dims, x->err)) == SQLITE_ROW) {
		q.by_dim = sqlite3_column_int(dims, 0);
		if (!(ok = balance_trial(x->st, &q, &tb, x->err)))
			break;
		for (size_t i = 0; i < tb.nrows; i++) {
			const struct tb_row *r = &tb.rows[i];
			if (!r->object_id || !chart_is_balance_type(r->type))
				continue;
			struct sie_objref o = { q.by_dim, r->object_code };
			if (r->opening)
				sie_write(&x->w, "#OIB",
					  (struct sie_wfield[]){ SIE_WORD(year_no), SIE_WORD(r->number),
								 SIE_LIST(&o, 1),
								 SIE_WORD(money_format_plain(r->opening, m)) },
					  4);
			if (r->closing)
				sie_write(&x->w, "#OUB",
					  (struct sie_wfield[]){ SIE_WORD(year_no), SIE_WORD(r->number),
								 SIE_LIST(&o, 1),
								 SIE_WORD(money_format_plain(r->closing, m)) },
					  4);
		}
		tb_result_free(&tb);
	}
	sqlite3_finalize(dims);
	return ok && rc == SQLITE_DONE;
}

/* Declared per-period figures (#PBUDGET; #PSALDO for years without
 * vouchers, whose only month figures they are). */
static bool periods(struct exporter *x, int64_t year_id, const char *year_no, bool psaldo)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(x->st, &stmt,
			   "SELECT p.kind, p.period, a.number, p.amount, coalesce(p.quantity, ''),\n"
			   "  coalesce((SELECT group_concat(o.dim || char(31) || o.code, char(30))\n"
			   "   FROM object o WHERE ',' || p.objects || ',' LIKE '%,' || o.id || ',%'),\n"
			   "   '')\n"
			   "FROM declared_period p JOIN account a ON a.id = p.account_id\n"
			   "WHERE p.year_id = ? AND (p.kind = 'PBUDGET' OR ?)\n"
			   "ORDER BY p.kind, a.number, p.period, p.objects",
			   x->err))
		return false;
	sqlite3_bind_int64(stmt, 1, year_id);
	sqlite3_bind_int(stmt, 2, psaldo);
	int rc;
	while ((rc = store_step(x->st, stmt, x->err)) == SQLITE_ROW) {
		char label[16], period[16], m[32];
		snprintf(label, sizeof label, "#%s", store_column_text(stmt, 0));
		word_int(period, sizeof period, sqlite3_column_int64(stmt, 1));
		char *objs = xstrdup(store_column_text(stmt, 5));
		struct sie_objref refs[SIE_MAX_ITEMS / 2];
		size_t n = split_objects(objs, refs);
		struct sie_wfield f[] = { SIE_WORD(year_no),
					  SIE_WORD(period),
					  SIE_WORD(store_column_text(stmt, 2)),
					  SIE_LIST(refs, n),
					  SIE_WORD(money_format_plain(sqlite3_column_int64(stmt, 3), m)),
					  SIE_WORD(store_column_text(stmt, 4)) };
		sie_write(&x->w, label, f, *store_column_text(stmt, 4) ? 6 : 5);
		free(objs);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

static bool vouchers(struct exporter *x)
{
	static const char sql[] =
		"SELECT v.id, v.series, v.number, v.date, v.text, coalesce(v.reg_date, 0),\n"
		"  coalesce(v.sign, ''), a.number, r.amount, r.kind, coalesce(r.date, 0),\n"
		"  r.text, coalesce(r.quantity, ''), coalesce(r.sign, ''),\n"
		"  coalesce((SELECT group_concat(x.dim || char(31) || x.code, char(30)) FROM\n"
		"    (SELECT o.dim, o.code FROM json_each(r.objects) ro JOIN object o ON o.id = ro.value\n"
		"     ORDER BY o.dim) x), ''),\n"
		"  r.seq IS NULL\n"
		"FROM voucher v JOIN voucher_line r ON r.voucher_id = v.id\n"
		"LEFT JOIN account a ON a.id = r.account_id\n"
		"WHERE v.year_id = ?\n"
		"ORDER BY v.date, v.series, CAST(v.number AS INTEGER), v.number, v.id, r.seq";
	sqlite3_stmt *stmt;
	if (!store_prepare(x->st, &stmt, sql, x->err))
		return false;
	sqlite3_bind_int64(stmt, 1, x->year_id);
	int64_t current = 0;
	int rc;
	while ((rc = store_step(x->st, stmt, x->err)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		char d[9], rd[9], m[32];
		if (id != current) {
			if (current)
				sie_write_brace(&x->w, '}');
			current = id;
			struct sie_wfield f[] = {
				SIE_STR(store_column_text(stmt, 1)),
				SIE_STR(store_column_text(stmt, 2)),
				SIE_WORD(date_format_sie(sqlite3_column_int(stmt, 3), d)),
				SIE_STR(store_column_text(stmt, 4)),
				SIE_WORD(sqlite3_column_int(stmt, 5)
						 ? date_format_sie(sqlite3_column_int(stmt, 5), rd)
						 : ""),
				SIE_STR(store_column_text(stmt, 6)),
			};
			size_t n = *store_column_text(stmt, 6) ? 6 : sqlite3_column_int(stmt, 5) ? 5 : 4;
			if (n == 6 && !sqlite3_column_int(stmt, 5))
				f[4] = SIE_STR("");
			sie_write(&x->w, "#VER", f, n);
			sie_write_brace(&x->w, '{');
		}
		if (sqlite3_column_int(stmt, 15))
			continue; /* a voucher without rows */
		char *objs = xstrdup(store_column_text(stmt, 14));
		struct sie_objref refs[SIE_MAX_ITEMS / 2];
		size_t n = split_objects(objs, refs);
		int kind = sqlite3_column_int(stmt, 9);
		int rdate = sqlite3_column_int(stmt, 10);
		bool has_text = sqlite3_column_type(stmt, 11) != SQLITE_NULL;
		const char *qty = store_column_text(stmt, 12), *sign = store_column_text(stmt, 13);
		struct sie_wfield f[] = {
			SIE_WORD(store_column_text(stmt, 7)),
			SIE_LIST(refs, n),
			SIE_WORD(money_format_plain(sqlite3_column_int64(stmt, 8), m)),
			rdate ? SIE_WORD(date_format_sie(rdate, rd)) : SIE_STR(""),
			SIE_STR(has_text ? store_column_text(stmt, 11) : ""),
			*qty ? SIE_WORD(qty) : SIE_STR(""),
			SIE_STR(sign),
		};
		/* Leave out trailing optional fields that are empty. */
		size_t nf = *sign ? 7 : *qty ? 6 : has_text ? 5 : rdate ? 4 : 3;
		const char *label = kind == 1 ? "#RTRANS" : kind == 2 ? "#BTRANS" : "#TRANS";
		sie_write(&x->w, label, f, nf);
		/* An added row is followed by its #TRANS copy, for older readers. */
		if (kind == 1)
			sie_write(&x->w, "#TRANS", f, nf);
		free(objs);
	}
	if (current)
		sie_write_brace(&x->w, '}');
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

static bool load_years(struct exporter *x, const struct export_options *opt)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(x->st, &stmt,
			   "SELECT start_date, end_date, has_books, coalesce(complete_to, 0)\n"
			   "FROM fiscal_year WHERE id = ?",
			   x->err))
		return false;
	sqlite3_bind_int64(stmt, 1, opt->year_id);
	int rc = store_step(x->st, stmt, x->err);
	if (rc == SQLITE_ROW) {
		x->start = sqlite3_column_int(stmt, 0);
		x->end = sqlite3_column_int(stmt, 1);
		x->has_books = sqlite3_column_int(stmt, 2) != 0;
		x->complete_to = sqlite3_column_int(stmt, 3);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			error_set(x->err, ERR_INPUT, "räkenskapsåret finns inte");
		return false;
	}
	x->year_id = opt->year_id;
	const int64_t args[] = { date_add_days(x->start, -1) };
	if (!store_query_int(x->st, "SELECT id FROM fiscal_year WHERE end_date = ?", args, 1, 0,
			     &x->prev_id, x->err))
		return false;
	if (x->prev_id) {
		const int64_t a2[] = { x->prev_id };
		int64_t s, books;
		if (!store_query_int(x->st, "SELECT start_date FROM fiscal_year WHERE id = ?", a2, 1,
				     0, &s, x->err) ||
		    !store_query_int(x->st, "SELECT has_books FROM fiscal_year WHERE id = ?", a2, 1,
				     0, &books, x->err))
			return false;
		x->prev_start = (date_t)s;
		x->prev_has_books = books != 0;
		x->prev_end = date_add_days(x->start, -1);
	}
	return true;
}

bool books_export_sie(struct store *st, FILE *f, struct export_options *opt, struct error *err)
{
	struct exporter x = { .st = st, .err = err };
	if (!load_years(&x, opt))
		return false;
	if (!x.has_books && opt->only_vouchers) {
		error_set(err, ERR_INPUT,
			  "räkenskapsåret har inga verifikationer, bara saldon; SIE 4I går inte");
		return false;
	}
	if (!x.has_books) {
		int64_t detail;
		const int64_t args[] = { x.year_id };
		if (!store_query_int(st,
				     "SELECT EXISTS (SELECT 1 FROM declared_period WHERE year_id = ?1\n"
				     "               AND kind = 'PSALDO')\n"
				     "  OR EXISTS (SELECT 1 FROM declared_balance WHERE year_id = ?1\n"
				     "             AND objects <> '')",
				     args, 1, 0, &detail, err))
			return false;
		opt->sie_type = detail ? 3 : 1;
	} else {
		opt->sie_type = 4;
	}
	if (!sie_writer_open(&x.w, f, err))
		return false;
	bool ok = header(&x, opt) && chart(&x);
	if (ok && !opt->only_vouchers) {
		ok = balances(&x, x.year_id, "0") && (!x.prev_id || balances(&x, x.prev_id, "-1")) &&
		     periods(&x, x.year_id, "0", !x.has_books) &&
		     (!x.prev_id || periods(&x, x.prev_id, "-1", !x.prev_has_books));
	}
	if (ok && x.has_books)
		ok = vouchers(&x);
	ok = ok && sie_writer_finish(&x.w, err);
	sie_writer_close(&x.w);
	return ok;
}
