/*
 * balance — trial balances from per-month sums and declared balances; see
 * balance.h.
 *
 * The computation keeps one entry per (account, object) with opening,
 * change and closing. Object 0 is the account as a whole; with a
 * dimension breakdown, entries for that dimension's objects are filled
 * too, and what the objects do not cover becomes a row without object.
 */
#include "books/balance.h"

#include <stdlib.h>
#include <string.h>

#include "books/chart.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#define MAX_YEAR_DEPTH 50

struct entry {
	int64_t account_id, object_id;
	money_t opening, change;
};

struct acc {
	struct strmap index; /* packed (account, object) -> index into e */
	struct entry *e;
	size_t n, cap;
};

struct year_info {
	int64_t id;
	date_t start, end;
	bool has_books;
	date_t complete_to;
};

static void acc_init(struct acc *a)
{
	strmap_init(&a->index);
	a->e = NULL;
	a->n = a->cap = 0;
}

static void acc_free(struct acc *a)
{
	strmap_free(&a->index);
	free(a->e);
}

static struct entry *acc_get(struct acc *a, int64_t account_id, int64_t object_id)
{
	int64_t key[2] = { account_id, object_id };
	bool added;
	int64_t *slot = strmap_slot(&a->index, (const char *)key, sizeof key, (int64_t)a->n, &added);
	if (added) {
		a->e = xgrow(a->e, &a->cap, a->n + 1, sizeof *a->e);
		a->e[a->n] = (struct entry){ account_id, object_id, 0, 0 };
		a->n++;
	}
	return &a->e[*slot];
}

static bool add_to(struct acc *a, int64_t account_id, int64_t object_id, money_t amount,
		   bool opening, struct error *err)
{
	struct entry *e = acc_get(a, account_id, object_id);
	money_t *field = opening ? &e->opening : &e->change;
	if (!money_add(*field, amount, field)) {
		error_set(err, ERR_INPUT, "ett saldo blir orimligt stort");
		return false;
	}
	return true;
}

/* ---- what the store knows about accounts and objects ---------------- */

struct names {
	struct strmap account_index; /* id -> index */
	struct strmap object_index;
	struct account_info {
		int64_t id;
		char *number, *name;
		char type;
	} *accounts;
	size_t naccounts, accounts_cap;
	struct object_info {
		int dim;
		char *code, *name;
	} *objects;
	size_t nobjects, objects_cap;
};

static bool load_names(struct store *st, struct names *nm, struct error *err)
{
	memset(nm, 0, sizeof *nm);
	strmap_init(&nm->account_index);
	strmap_init(&nm->object_index);
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, "SELECT id, number, name, type FROM account", err))
		return false;
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		nm->accounts = xgrow(nm->accounts, &nm->accounts_cap, nm->naccounts + 1,
				     sizeof *nm->accounts);
		const char *number = store_column_text(stmt, 1);
		nm->accounts[nm->naccounts] = (struct account_info){
			id, xstrdup(number), xstrdup(store_column_text(stmt, 2)),
			chart_account_type(number, store_column_text(stmt, 3))
		};
		strmap_put(&nm->account_index, (const char *)&id, sizeof id, (int64_t)nm->naccounts++);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return false;
	if (!store_prepare(st, &stmt, "SELECT id, dim, code, name FROM object", err))
		return false;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		nm->objects = xgrow(nm->objects, &nm->objects_cap, nm->nobjects + 1,
				    sizeof *nm->objects);
		nm->objects[nm->nobjects] =
			(struct object_info){ sqlite3_column_int(stmt, 1),
					      xstrdup(store_column_text(stmt, 2)),
					      xstrdup(store_column_text(stmt, 3)) };
		strmap_put(&nm->object_index, (const char *)&id, sizeof id, (int64_t)nm->nobjects++);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

static void free_names(struct names *nm)
{
	for (size_t i = 0; i < nm->naccounts; i++) {
		free(nm->accounts[i].number);
		free(nm->accounts[i].name);
	}
	for (size_t i = 0; i < nm->nobjects; i++) {
		free(nm->objects[i].code);
		free(nm->objects[i].name);
	}
	free(nm->accounts);
	free(nm->objects);
	strmap_free(&nm->account_index);
	strmap_free(&nm->object_index);
}

static const struct account_info *account_of(const struct names *nm, int64_t id)
{
	int64_t i;
	return strmap_get(&nm->account_index, (const char *)&id, sizeof id, &i) ? &nm->accounts[i]
									       : NULL;
}

static const struct object_info *object_of(const struct names *nm, int64_t id)
{
	int64_t i;
	return strmap_get(&nm->object_index, (const char *)&id, sizeof id, &i) ? &nm->objects[i]
									      : NULL;
}

/* ---- years ----------------------------------------------------------- */

static bool load_year(struct store *st, int64_t id, struct year_info *y, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT start_date, end_date, has_books, coalesce(complete_to, 0)\n"
			   "FROM fiscal_year WHERE id = ?",
			   err))
		return false;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = store_step(st, stmt, err);
	if (rc == SQLITE_ROW)
		*y = (struct year_info){ id, sqlite3_column_int(stmt, 0), sqlite3_column_int(stmt, 1),
					 sqlite3_column_int(stmt, 2) != 0, sqlite3_column_int(stmt, 3) };
	else if (rc == SQLITE_DONE)
		error_set(err, ERR_INPUT, "räkenskapsåret finns inte");
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW;
}

bool balance_find_year(struct store *st, int y, date_t d, int64_t *year_id, struct error *err)
{
	if (y) {
		const int64_t args[] = { (int64_t)y * 10000 + 101, (int64_t)y * 10000 + 1231 };
		return store_query_int(st,
				       "SELECT id FROM fiscal_year WHERE start_date BETWEEN ? AND ?",
				       args, 2, 0, year_id, err);
	}
	if (d) {
		const int64_t args[] = { d };
		return store_query_int(
			st, "SELECT id FROM fiscal_year WHERE ?1 BETWEEN start_date AND end_date",
			args, 1, 0, year_id, err);
	}
	return store_query_int(st,
			       "SELECT id FROM fiscal_year WHERE has_books = 1\n"
			       "  OR source_import IS NOT NULL\n"
			       "  OR EXISTS (SELECT 1 FROM declared_balance b WHERE b.year_id = id)\n"
			       "ORDER BY start_date DESC LIMIT 1",
			       NULL, 0, 0, year_id, err);
}

/* ---- sums -------------------------------------------------------------- */

/* Run a query returning (account_id, object_id, amount) and add each row,
 * times `sign`, to opening or change. Parameters: ?1 year, ?2 from,
 * ?3 to, ?4 dimension. */
static bool add_query(struct store *st, struct acc *a, const char *sql, int64_t year,
		      int64_t from, int64_t to, int dim, int sign, bool opening, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, sql, err))
		return false;
	sqlite3_bind_int64(stmt, 1, year);
	if (sqlite3_bind_parameter_count(stmt) >= 3) {
		sqlite3_bind_int64(stmt, 2, from);
		sqlite3_bind_int64(stmt, 3, to);
	}
	if (sqlite3_bind_parameter_count(stmt) >= 4)
		sqlite3_bind_int(stmt, 4, dim);
	int rc;
	bool ok = true;
	while (ok && (rc = store_step(st, stmt, err)) == SQLITE_ROW)
		ok = add_to(a, sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1),
			    sign * sqlite3_column_int64(stmt, 2), opening, err);
	sqlite3_finalize(stmt);
	return ok && rc == SQLITE_DONE;
}

/* The cumulative sums at the end of month ?2 (see the schema): for the
 * accounts as a whole and for the objects of dimension ?4. */
static const char sql_cumulative[] =
	"SELECT account_id, 0, amount FROM period_balance\n"
	"WHERE year_id = ?1 AND object_id = 0 AND period = ?2\n"
	"UNION ALL\n"
	/* CROSS JOIN keeps this order: the dimension's few objects first, then
	 * a seek per object, never a pass over the whole year. */
	"SELECT p.account_id, p.object_id, p.amount FROM object o\n"
	"CROSS JOIN period_balance p ON p.year_id = ?1 AND p.object_id = o.id\n"
	"  AND p.period = ?2 AND ?3 = ?3\n"
	"WHERE o.dim = ?4";

static const char sql_rows[] =
	"SELECT r.account_id, 0, sum(r.amount)\n"
	"FROM voucher v JOIN voucher_row r ON r.voucher_id = v.id\n"
	"WHERE v.year_id = ?1 AND v.date BETWEEN ?2 AND ?3 AND r.kind <> 2\n"
	"GROUP BY r.account_id\n"
	"UNION ALL\n"
	"SELECT r.account_id, o.id, sum(r.amount)\n"
	"FROM voucher v JOIN voucher_row r ON r.voucher_id = v.id\n"
	"JOIN json_each(r.objects) ro JOIN object o ON o.id = ro.value\n"
	"WHERE v.year_id = ?1 AND v.date BETWEEN ?2 AND ?3 AND r.kind <> 2 AND o.dim = ?4\n"
	"GROUP BY r.account_id, o.id";

/* Books: add sign × (the counting rows from the year's first day through
 * d) to opening or change. A month's end is one lookup of the cumulative
 * sums; any other day is the month before plus that month's rows so far. */
static bool add_books_through(struct store *st, struct acc *a, const struct year_info *y,
			      date_t d, int dim, int sign, bool opening, struct error *err)
{
	if (d < y->start)
		return true;
	int32_t p = date_period(d);
	if (d == period_last_day(p) || d == y->end)
		return add_query(st, a, sql_cumulative, y->id, p, 0, dim, sign, opening, err);
	date_t month_start = period_first_day(p);
	if (month_start > y->start &&
	    !add_query(st, a, sql_cumulative, y->id, date_period(month_start - 1 > 0
								    ? date_add_days(month_start, -1)
								    : 0),
		       0, dim, sign, opening, err))
		return false;
	return add_query(st, a, sql_rows, y->id, month_start > y->start ? month_start : y->start,
			 d, dim, sign, opening, err);
}

/* Books: the voucher rows dated from..to. */
static bool add_books_range(struct store *st, struct acc *a, const struct year_info *y,
			    date_t from, date_t to, int dim, bool opening, struct error *err)
{
	if (from > to)
		return true;
	return add_books_through(st, a, y, to, dim, 1, opening, err) &&
	       (from <= y->start ||
		add_books_through(st, a, y, date_add_days(from, -1), dim, -1, opening, err));
}

static const char sql_declared[] =
	"SELECT b.account_id, CASE WHEN b.objects = '' THEN 0 ELSE CAST(b.objects AS INTEGER) END,\n"
	"  b.amount\n"
	"FROM declared_balance b WHERE b.year_id = ?1 AND b.kind = ?2\n"
	"  AND (b.objects = '' OR (instr(b.objects, ',') = 0 AND CAST(b.objects AS INTEGER) IN\n"
	"       (SELECT id FROM object WHERE dim = ?3)))";

/* Declared balances of one kind; with nm, only those of balance-sheet
 * accounts (an #IB on a result account means nothing). */
static bool add_declared(struct store *st, struct acc *a, int64_t year, const char *kind, int dim,
			 bool opening, const struct names *nm, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, sql_declared, err))
		return false;
	sqlite3_bind_int64(stmt, 1, year);
	sqlite3_bind_text(stmt, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, dim);
	int rc;
	bool ok = true;
	while (ok && (rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		const struct account_info *ai =
			nm ? account_of(nm, sqlite3_column_int64(stmt, 0)) : NULL;
		if (nm && (!ai || !chart_is_balance_type(ai->type)))
			continue;
		ok = add_to(a, sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1),
			    sqlite3_column_int64(stmt, 2), opening, err);
	}
	sqlite3_finalize(stmt);
	return ok && rc == SQLITE_DONE;
}

static const char sql_psaldo[] =
	"SELECT account_id, CASE WHEN objects = '' THEN 0 ELSE CAST(objects AS INTEGER) END,\n"
	"  sum(amount)\n"
	"FROM declared_period WHERE year_id = ?1 AND kind = 'PSALDO' AND period BETWEEN ?2 AND ?3\n"
	"  AND (objects = '' OR (instr(objects, ',') = 0 AND CAST(objects AS INTEGER) IN\n"
	"       (SELECT id FROM object WHERE dim = ?4)))\n"
	"GROUP BY 1, 2";

static bool closing_of_year(struct store *st, const struct year_info *y, int dim, struct acc *out,
			    const struct names *nm, int depth, struct error *err);

/* Balances at the first day of year y: its #IB, or else the closing
 * balances of the year before, for balance-sheet accounts. */
static bool year_opening(struct store *st, const struct year_info *y, int dim, struct acc *a,
			 const struct names *nm, int depth, struct error *err)
{
	int64_t has_ib;
	const int64_t args[] = { y->id };
	if (!store_query_int(st,
			     "SELECT count(*) FROM declared_balance WHERE year_id = ? AND kind = 'IB'",
			     args, 1, 0, &has_ib, err))
		return false;
	if (has_ib)
		return add_declared(st, a, y->id, "IB", dim, true, nm, err);
	int64_t prev_id;
	const int64_t pargs[] = { date_add_days(y->start, -1) };
	if (!store_query_int(st, "SELECT id FROM fiscal_year WHERE end_date = ?", pargs, 1, 0,
			     &prev_id, err))
		return false;
	if (!prev_id || depth >= MAX_YEAR_DEPTH)
		return true;
	struct year_info prev;
	struct acc closing;
	acc_init(&closing);
	bool ok = load_year(st, prev_id, &prev, err) &&
		  closing_of_year(st, &prev, dim, &closing, nm, depth + 1, err);
	for (size_t i = 0; ok && i < closing.n; i++) {
		const struct entry *e = &closing.e[i];
		const struct account_info *ai = account_of(nm, e->account_id);
		if (ai && chart_is_balance_type(ai->type))
			ok = add_to(a, e->account_id, e->object_id, e->opening + e->change, true, err);
	}
	acc_free(&closing);
	return ok;
}

/* Declared year, whole year: closing from #UB (balance) and #RES (result);
 * the change is what lies between. */
static bool declared_full_year(struct store *st, const struct year_info *y, int dim,
			       struct acc *a, const struct names *nm, struct error *err)
{
	struct acc closing;
	acc_init(&closing);
	bool ok = add_declared(st, &closing, y->id, "UB", dim, false, nm, err) &&
		  add_declared(st, &closing, y->id, "RES", dim, false, NULL, err);
	if (ok && dim) {
		/* Result accounts per object exist only as #PSALDO. */
		struct acc ps;
		acc_init(&ps);
		ok = add_query(st, &ps, sql_psaldo, y->id, date_period(y->start),
			       date_period(y->end), dim, 1, false, err);
		for (size_t i = 0; ok && i < ps.n; i++) {
			const struct account_info *ai = account_of(nm, ps.e[i].account_id);
			if (ps.e[i].object_id && ai && !chart_is_balance_type(ai->type))
				ok = add_to(&closing, ps.e[i].account_id, ps.e[i].object_id,
					    ps.e[i].change, false, err);
		}
		acc_free(&ps);
	}
	bool any_ub = false;
	for (size_t i = 0; ok && i < closing.n; i++) {
		const struct entry *c = &closing.e[i];
		const struct account_info *ai = account_of(nm, c->account_id);
		bool balance = ai && chart_is_balance_type(ai->type);
		any_ub |= balance;
		struct entry *e = acc_get(a, c->account_id, c->object_id);
		ok = money_add(c->change, balance ? -e->opening : 0, &e->change);
	}
	/* SIE files leave out zero balances: a balance account with an #IB
	 * but no #UB closed at zero, when the file declared closing balances
	 * at all. */
	for (size_t i = 0; ok && any_ub && i < a->n; i++) {
		struct entry *e = &a->e[i];
		int64_t key[2] = { e->account_id, e->object_id }, dummy;
		const struct account_info *ai = account_of(nm, e->account_id);
		if (e->opening && ai && chart_is_balance_type(ai->type) &&
		    !strmap_get(&closing.index, (const char *)key, sizeof key, &dummy))
			e->change = -e->opening;
	}
	acc_free(&closing);
	if (!ok && !error_isset(err))
		error_set(err, ERR_INPUT, "ett saldo blir orimligt stort");
	return ok;
}

/* Opening and change of the whole year y into out. */
static bool closing_of_year(struct store *st, const struct year_info *y, int dim, struct acc *out,
			    const struct names *nm, int depth, struct error *err)
{
	if (!year_opening(st, y, dim, out, nm, depth, err))
		return false;
	if (y->has_books)
		return add_books_range(st, out, y, y->start, y->end, dim, false, err);
	return declared_full_year(st, y, dim, out, nm, err);
}

/* ---- the trial balance ------------------------------------------------- */

static int compare_rows(const void *pa, const void *pb)
{
	const struct tb_row *a = pa, *b = pb;
	int c = strcmp(a->number, b->number);
	if (c)
		return c;
	if (!a->object_id != !b->object_id)
		return a->object_id ? -1 : 1; /* the row without object last */
	return strcmp(a->object_code, b->object_code);
}

static bool period_is_months(date_t from, date_t to)
{
	return from == period_first_day(date_period(from)) && to == period_last_day(date_period(to));
}

/* Declared year, part of it: needs #PSALDO and whole months. */
static bool declared_part(struct store *st, const struct year_info *y, const struct tb_query *q,
			  date_t from, date_t to, struct acc *a, const struct names *nm,
			  struct error *err)
{
	(void)nm;
	int64_t has_psaldo;
	const int64_t args[] = { y->id };
	if (!store_query_int(st,
			     "SELECT count(*) FROM declared_period WHERE year_id = ? AND kind = 'PSALDO'",
			     args, 1, 0, &has_psaldo, err))
		return false;
	if (!has_psaldo || !period_is_months(from, to)) {
		error_set(err, ERR_INPUT,
			  "räkenskapsåret har inga verifikationer, bara %s; saldon för en del av "
			  "året går inte att beräkna%s",
			  has_psaldo ? "periodsaldon per månad" : "årssaldon",
			  has_psaldo ? " för annat än hela månader" : "");
		return false;
	}
	if (from > y->start &&
	    !add_query(st, a, sql_psaldo, y->id, date_period(y->start),
		       date_period(date_add_days(from, -1)), q->by_dim, 1, true, err))
		return false;
	return add_query(st, a, sql_psaldo, y->id, date_period(from), date_period(to), q->by_dim, 1,
			 false, err);
}

bool balance_trial(struct store *st, const struct tb_query *q, struct tb_result *out,
		   struct error *err)
{
	memset(out, 0, sizeof *out);
	int64_t year_id = q->year_id;
	if (!year_id && !balance_find_year(st, 0, q->from, &year_id, err))
		return false;
	if (!year_id) {
		if (q->from)
			error_set(err, ERR_INPUT, "inget räkenskapsår innehåller %d", q->from);
		else
			error_set(err, ERR_INPUT, "databasen har ingen bokföring än; läs in en "
						  "SIE-fil med \"finsam import FIL\"");
		return false;
	}
	struct year_info y;
	if (!load_year(st, year_id, &y, err))
		return false;
	/* Without --to, the period ends where the books do (#OMFATTN). */
	date_t default_to = y.complete_to >= y.start && y.complete_to <= y.end && y.complete_to
				    ? y.complete_to
				    : y.end;
	date_t from = q->from ? q->from : y.start, to = q->to ? q->to : default_to;
	if (from < y.start || to > y.end || from > to) {
		char a[11], b[11], c[11], d[11];
		error_set(err, ERR_INPUT,
			  "perioden %s – %s ligger inte inom räkenskapsåret %s – %s",
			  date_format(from, a), date_format(to, b), date_format(y.start, c),
			  date_format(y.end, d));
		return false;
	}
	if (q->by_dim) {
		int64_t exists;
		const int64_t args[] = { q->by_dim };
		if (!store_query_int(st, "SELECT count(*) FROM dimension WHERE number = ?", args, 1,
				     0, &exists, err))
			return false;
		if (!exists) {
			error_set(err, ERR_INPUT, "dimension %d finns inte", q->by_dim);
			return false;
		}
	}

	struct names nm;
	struct acc a;
	acc_init(&a);
	bool ok = load_names(st, &nm, err) && year_opening(st, &y, q->by_dim, &a, &nm, 0, err);
	if (ok) {
		if (y.has_books)
			ok = add_books_range(st, &a, &y, y.start, date_add_days(from, -1), q->by_dim,
					     true, err) &&
			     add_books_range(st, &a, &y, from, to, q->by_dim, false, err);
		else if (from == y.start && to == y.end)
			ok = declared_full_year(st, &y, q->by_dim, &a, &nm, err);
		else
			ok = declared_part(st, &y, q, from, to, &a, &nm, err);
	}
	if (ok && q->by_dim) {
		/* What the objects do not cover is the row without object. */
		size_t n = a.n;
		for (size_t i = 0; i < n; i++) {
			if (a.e[i].object_id == 0)
				continue;
			struct entry obj = a.e[i];
			struct entry *total = acc_get(&a, obj.account_id, 0);
			total->opening -= obj.opening;
			total->change -= obj.change;
		}
	}
	if (ok && q->all_accounts)
		for (size_t i = 0; i < nm.naccounts; i++)
			acc_get(&a, nm.accounts[i].id, 0);

	out->year_id = y.id;
	out->year_start = y.start;
	out->year_end = y.end;
	out->from = from;
	out->to = to;
	out->has_books = y.has_books;
	out->complete_to = y.complete_to;
	out->by_dim = q->by_dim;
	size_t cap = 0;
	for (size_t i = 0; ok && i < a.n; i++) {
		const struct entry *e = &a.e[i];
		money_t closing = e->opening + e->change;
		if (!q->all_accounts && !e->opening && !e->change && !closing)
			continue;
		const struct account_info *ai = account_of(&nm, e->account_id);
		const struct object_info *oi = e->object_id ? object_of(&nm, e->object_id) : NULL;
		out->rows = xgrow(out->rows, &cap, out->nrows + 1, sizeof *out->rows);
		out->rows[out->nrows++] = (struct tb_row){
			.account_id = e->account_id,
			.number = xstrdup(ai ? ai->number : "?"),
			.name = xstrdup(ai ? ai->name : ""),
			.type = ai ? ai->type : 'K',
			.object_id = e->object_id,
			.object_code = xstrdup(oi ? oi->code : ""),
			.object_name = xstrdup(oi ? oi->name : ""),
			.opening = e->opening,
			.change = e->change,
			.closing = closing,
		};
		out->opening += e->opening;
		out->change += e->change;
		out->closing += closing;
		if (!chart_is_balance_type(out->rows[out->nrows - 1].type) &&
		    !chart_is_result_closing(out->rows[out->nrows - 1].number))
			out->result -= e->change;
	}
	if (ok) {
		qsort(out->rows, out->nrows, sizeof *out->rows, compare_rows);
		const int64_t args[] = { y.id, from, to };
		int64_t unbalanced = 0;
		ok = store_query_int(st,
				     "SELECT count(*) FROM voucher WHERE year_id = ? AND date BETWEEN ? "
				     "AND ? AND imbalance <> 0",
				     args, 3, 0, &unbalanced, err);
		out->unbalanced_vouchers = (long)unbalanced;
	}
	if (ok && q->by_dim) {
		sqlite3_stmt *stmt;
		ok = store_prepare(st, &stmt, "SELECT name FROM dimension WHERE number = ?", err);
		if (ok) {
			sqlite3_bind_int(stmt, 1, q->by_dim);
			if (store_step(st, stmt, err) == SQLITE_ROW)
				out->dim_name = xstrdup(store_column_text(stmt, 0));
			sqlite3_finalize(stmt);
		}
	}
	acc_free(&a);
	free_names(&nm);
	if (!ok)
		tb_result_free(out);
	return ok;
}

void tb_result_free(struct tb_result *r)
{
	for (size_t i = 0; i < r->nrows; i++) {
		free(r->rows[i].number);
		free(r->rows[i].name);
		free(r->rows[i].object_code);
		free(r->rows[i].object_name);
	}
	free(r->rows);
	free(r->dim_name);
	memset(r, 0, sizeof *r);
}
