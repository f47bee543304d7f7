/*
 * period_acc — bounded accumulation of per-month balances; see
 * period_acc.h. The table is keyed by integers and never allocates per
 * key: it is on the import's hot path, touched once or more per row.
 * At the end the month sums become the cumulative balances the store
 * keeps.
 */
#include "books/period_acc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/xalloc.h"

#define DEFAULT_SPILL_LIMIT 200000

/* splitmix64's finaliser over the four parts of the key. */
static uint64_t hash_key(int64_t y, int64_t a, int64_t o, int32_t p)
{
	uint64_t h = (uint64_t)y * 0x9E3779B97F4A7C15ULL ^ (uint64_t)a * 0xC2B2AE3D27D4EB4FULL ^
		     (uint64_t)o * 0x165667B19E3779F9ULL ^ (uint64_t)p * 0x27D4EB2F165667C5ULL;
	h ^= h >> 30;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 27;
	h *= 0x94D049BB133111EBULL;
	return h ^ (h >> 31);
}

bool period_acc_init(struct period_acc *acc, struct store *st, struct error *err)
{
	memset(acc, 0, sizeof *acc);
	acc->st = st;
	acc->spill_limit = DEFAULT_SPILL_LIMIT;
	return store_exec(st,
			  "CREATE TEMP TABLE IF NOT EXISTS period_acc (\n"
			  "  year_id INTEGER, object_id INTEGER, account_id INTEGER,\n"
			  "  period INTEGER, amount INTEGER,\n"
			  "  PRIMARY KEY (year_id, object_id, account_id, period)) WITHOUT ROWID;\n"
			  "DELETE FROM temp.period_acc;",
			  err) &&
	       (acc->spill_ready = store_batch_init(
			&acc->spill, st,
			"INSERT OR FAIL INTO temp.period_acc (year_id, account_id, object_id, period, amount)",
			"ON CONFLICT DO UPDATE SET amount = amount + excluded.amount", 5, 128, err));
}

static struct period_acc_slot *find(struct period_acc_slot *slots, size_t cap, int64_t y,
				    int64_t a, int64_t o, int32_t p)
{
	size_t mask = cap - 1;
	for (size_t i = hash_key(y, a, o, p) & mask;; i = (i + 1) & mask) {
		struct period_acc_slot *s = &slots[i];
		if (!s->period || (s->period == p && s->account_id == a && s->object_id == o &&
				   s->year_id == y))
			return s;
	}
}

static void grow(struct period_acc *acc)
{
	size_t cap = acc->cap ? acc->cap * 2 : 1024;
	struct period_acc_slot *slots = xcalloc(cap, sizeof *slots);
	for (size_t i = 0; i < acc->cap; i++) {
		struct period_acc_slot *s = &acc->slots[i];
		if (s->period)
			*find(slots, cap, s->year_id, s->account_id, s->object_id, s->period) = *s;
	}
	free(acc->slots);
	acc->slots = slots;
	acc->cap = cap;
}

static bool spill(struct period_acc *acc, struct error *err)
{
	for (size_t i = 0; i < acc->cap; i++) {
		struct period_acc_slot *s = &acc->slots[i];
		if (!s->period)
			continue;
		if (!store_batch_int(&acc->spill, s->year_id, err) ||
		    !store_batch_int(&acc->spill, s->account_id, err) ||
		    !store_batch_int(&acc->spill, s->object_id, err) ||
		    !store_batch_int(&acc->spill, s->period, err) ||
		    !store_batch_int(&acc->spill, s->amount, err))
			return false;
	}
	if (!store_batch_flush(&acc->spill, err))
		return false;
	acc->spilled = true;
	if (acc->cap)
		memset(acc->slots, 0, acc->cap * sizeof *acc->slots);
	acc->count = 0;
	return true;
}

bool period_acc_add(struct period_acc *acc, int64_t year_id, int64_t account_id,
		    int64_t object_id, int32_t period, int64_t amount, struct error *err)
{
	if ((acc->count + 1) * 10 > acc->cap * 7)
		grow(acc);
	if (year_id > INT32_MAX || account_id > INT32_MAX || object_id > INT32_MAX) {
		error_set(err, ERR_INTERNAL, "för många rader i databasen för månadssaldona");
		return false;
	}
	if (year_id != acc->last_year) {
		bool seen = false;
		for (size_t i = 0; i < acc->nyears; i++)
			seen |= acc->years[i] == year_id;
		if (!seen) {
			acc->years = xgrow(acc->years, &acc->years_cap, acc->nyears + 1,
					   sizeof *acc->years);
			acc->years[acc->nyears++] = year_id;
		}
		acc->last_year = year_id;
	}
	struct period_acc_slot *s = find(acc->slots, acc->cap, year_id, account_id, object_id,
					 period);
	if (!s->period) {
		*s = (struct period_acc_slot){ (int32_t)year_id, (int32_t)account_id,
					       (int32_t)object_id, period, 0 };
		acc->count++;
	}
	if (__builtin_add_overflow(s->amount, amount, &s->amount)) {
		error_set(err, ERR_INPUT, "summan på ett konto blir orimligt stor");
		return false;
	}
	if (acc->count > acc->spill_limit)
		return spill(acc, err);
	return true;
}

/* ---- from month sums to cumulative rows -------------------------------- */

/* One month sum, as the accumulator or the spill table gives them: sorted
 * by year, object, account and month. */
struct sum {
	int64_t year_id, object_id, account_id;
	int32_t period;
	int64_t amount;
};

/* One cumulative row of the (year, object) being written. */
struct cell {
	int64_t account_id;
	int32_t period;
	int64_t amount;
};

/* Turns the sorted month sums into period_balance rows. It collects one
 * (year, object) at a time, a running total per account for every month
 * from its first with rows to the year's last, and writes them in the
 * table's key order (month, then account), so that every insert appends:
 * written in the order they come (account, then month), each would land
 * somewhere inside the index. Memory is one (year, object) at a time:
 * accounts × months. */
struct writer {
	struct store *st;
	struct store_batch out;
	int64_t year_id, object_id; /* the group being collected */
	int32_t last;               /* its year's last month */
	struct cell *cells;
	size_t ncells, cap;
	int64_t account_id;         /* the account whose total is running */
	int32_t period;             /* the month of its last cell */
	int64_t total;
	bool group_open, run_open;
};

static int cmp_cell(const void *a, const void *b)
{
	const struct cell *x = a, *y = b;
	if (x->period != y->period)
		return x->period < y->period ? -1 : 1;
	return (x->account_id > y->account_id) - (x->account_id < y->account_id);
}

static void add_cell(struct writer *w, int32_t period)
{
	w->cells = xgrow(w->cells, &w->cap, w->ncells + 1, sizeof *w->cells);
	w->cells[w->ncells++] = (struct cell){ w->account_id, period, w->total };
	w->period = period;
}

/* Carry the running total through the months after the last cell, up to
 * (not including) `until`, or to the year's last month when until is 0. */
static void carry(struct writer *w, int32_t until)
{
	for (int32_t p = period_next(w->period); p <= w->last && (!until || p < until);
	     p = period_next(p))
		add_cell(w, p);
}

static bool end_group(struct writer *w, struct error *err)
{
	if (w->run_open)
		carry(w, 0);
	w->run_open = false;
	if (!w->group_open)
		return true;
	w->group_open = false;
	if (w->ncells)
		qsort(w->cells, w->ncells, sizeof *w->cells, cmp_cell);
	for (size_t i = 0; i < w->ncells; i++) {
		const struct cell *c = &w->cells[i];
		if (!store_batch_int(&w->out, w->year_id, err) ||
		    !store_batch_int(&w->out, w->object_id, err) ||
		    !store_batch_int(&w->out, c->period, err) ||
		    !store_batch_int(&w->out, c->account_id, err) ||
		    !store_batch_int(&w->out, c->amount, err))
			return false;
	}
	w->ncells = 0;
	return true;
}

static bool year_last_month(struct store *st, int64_t year_id, int32_t *last, struct error *err)
{
	int64_t end;
	const int64_t args[] = { year_id };
	if (!store_query_int(st, "SELECT end_date FROM fiscal_year WHERE id = ?", args, 1, 0, &end,
			     err))
		return false;
	if (!end) {
		error_set(err, ERR_INTERNAL, "räkenskapsår %lld saknas för månadssaldona",
			  (long long)year_id);
		return false;
	}
	*last = date_period((date_t)end);
	return true;
}

static bool write_sum(struct writer *w, const struct sum *s, struct error *err)
{
	if (!w->group_open || s->year_id != w->year_id || s->object_id != w->object_id) {
		bool new_year = !w->group_open || s->year_id != w->year_id;
		if (!end_group(w, err) ||
		    (new_year && !year_last_month(w->st, s->year_id, &w->last, err)))
			return false;
		w->year_id = s->year_id;
		w->object_id = s->object_id;
		w->group_open = true;
	}
	if (!w->run_open || s->account_id != w->account_id) {
		if (w->run_open)
			carry(w, 0);
		w->account_id = s->account_id;
		w->total = 0;
		w->run_open = true;
	} else {
		carry(w, s->period);
	}
	if (__builtin_add_overflow(w->total, s->amount, &w->total)) {
		error_set(err, ERR_INPUT, "summan på ett konto blir orimligt stor");
		return false;
	}
	add_cell(w, s->period);
	return true;
}

static int cmp_slot(const void *a, const void *b)
{
	const struct period_acc_slot *x = a, *y = b;
	if (x->year_id != y->year_id)
		return x->year_id < y->year_id ? -1 : 1;
	if (x->object_id != y->object_id)
		return x->object_id < y->object_id ? -1 : 1;
	if (x->account_id != y->account_id)
		return x->account_id < y->account_id ? -1 : 1;
	return (x->period > y->period) - (x->period < y->period);
}

/* Everything held in memory: sorted here. */
static bool write_slots(struct period_acc *acc, struct writer *w, struct error *err)
{
	size_t n = 0;
	for (size_t i = 0; i < acc->cap; i++)
		if (acc->slots[i].period)
			acc->slots[n++] = acc->slots[i];
	if (n)
		qsort(acc->slots, n, sizeof *acc->slots, cmp_slot);
	for (size_t i = 0; i < n; i++) {
		const struct period_acc_slot *s = &acc->slots[i];
		struct sum sum = { s->year_id, s->object_id, s->account_id, s->period, s->amount };
		if (!write_sum(w, &sum, err))
			return false;
	}
	/* The table is no longer a hash table; empty it. */
	if (acc->cap)
		memset(acc->slots, 0, acc->cap * sizeof *acc->slots);
	acc->count = 0;
	return true;
}

/* Some were spilled: everything goes through the spill table, which keeps
 * them in order. */
static bool write_spilled(struct period_acc *acc, struct writer *w, struct error *err)
{
	if (!spill(acc, err))
		return false;
	sqlite3_stmt *stmt;
	if (!store_prepare(acc->st, &stmt,
			   "SELECT year_id, object_id, account_id, period, amount FROM temp.period_acc\n"
			   "ORDER BY year_id, object_id, account_id, period",
			   err))
		return false;
	int rc;
	bool ok = true;
	while (ok && (rc = store_step(acc->st, stmt, err)) == SQLITE_ROW) {
		struct sum s = { sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1),
				 sqlite3_column_int64(stmt, 2), sqlite3_column_int(stmt, 3),
				 sqlite3_column_int64(stmt, 4) };
		ok = write_sum(w, &s, err);
	}
	sqlite3_finalize(stmt);
	return ok && rc == SQLITE_DONE && store_exec(acc->st, "DELETE FROM temp.period_acc", err);
}

/* A year with cumulative rows already (a batch appended to it): take them
 * back as month sums into the accumulator, and clear them. */
static bool reopen(struct period_acc *acc, int64_t year_id, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(acc->st, &stmt,
			   "SELECT object_id, account_id, period,\n"
			   "  amount - coalesce(lag(amount) OVER (PARTITION BY object_id, account_id\n"
			   "                                     ORDER BY period), 0)\n"
			   "FROM period_balance WHERE year_id = ?",
			   err))
		return false;
	sqlite3_bind_int64(stmt, 1, year_id);
	int rc;
	bool ok = true;
	while (ok && (rc = store_step(acc->st, stmt, err)) == SQLITE_ROW) {
		int64_t monthly = sqlite3_column_int64(stmt, 3);
		if (monthly)
			ok = period_acc_add(acc, year_id, sqlite3_column_int64(stmt, 1),
					    sqlite3_column_int64(stmt, 0),
					    sqlite3_column_int(stmt, 2), monthly, err);
	}
	sqlite3_finalize(stmt);
	const int64_t args[] = { year_id };
	return ok && rc == SQLITE_DONE &&
	       store_exec_ints(acc->st, "DELETE FROM period_balance WHERE year_id = ?", args, 1,
			       err);
}

bool period_acc_store(struct period_acc *acc, struct error *err)
{
	for (size_t i = 0; i < acc->nyears; i++)
		if (!reopen(acc, acc->years[i], err))
			return false;
	struct writer w = { .st = acc->st };
	if (!store_batch_init(&w.out, acc->st,
			      "INSERT OR FAIL INTO period_balance (year_id, object_id, period,"
			      " account_id, amount)",
			      NULL, 5, 128, err))
		return false;
	bool ok = (acc->spilled ? write_spilled(acc, &w, err) : write_slots(acc, &w, err)) &&
		  end_group(&w, err) && store_batch_flush(&w.out, err);
	store_batch_free(&w.out);
	free(w.cells);
	acc->nyears = 0;
	acc->spilled = false;
	return ok;
}

void period_acc_free(struct period_acc *acc)
{
	if (acc->spill_ready)
		store_batch_free(&acc->spill);
	acc->spill_ready = false;
	free(acc->slots);
	acc->slots = NULL;
	acc->cap = acc->count = 0;
	free(acc->years);
	acc->years = NULL;
	acc->nyears = acc->years_cap = 0;
}
