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

/* A year with cumulative sums already (a batch appended to it): turn them
 * back into month sums, added to the new ones, and clear them. */
static const char reopen_sql[] =
	"INSERT INTO temp.period_acc (year_id, object_id, account_id, period, amount)\n"
	"  SELECT year_id, object_id, account_id, period, monthly FROM (\n"
	"    SELECT year_id, object_id, account_id, period,\n"
	"      amount - coalesce(lag(amount) OVER (PARTITION BY year_id, object_id, account_id\n"
	"                                          ORDER BY period), 0) AS monthly\n"
	"    FROM period_balance\n"
	"    WHERE year_id IN (SELECT DISTINCT year_id FROM temp.period_acc))\n"
	"  WHERE monthly <> 0\n"
	"ON CONFLICT DO UPDATE SET amount = amount + excluded.amount;\n"
	"DELETE FROM period_balance WHERE year_id IN (SELECT DISTINCT year_id FROM temp.period_acc);";

/* The cumulative rows of one (year, object, account): a running total for
 * every month from the first with rows to the year's last. */
struct run {
	int64_t year_id, object_id, account_id;
	int32_t period;  /* the month written last */
	int32_t last;    /* the year's last month */
	int64_t total;
};

static bool emit(struct store_batch *out, const struct run *r, int32_t period, struct error *err)
{
	return store_batch_int(out, r->year_id, err) && store_batch_int(out, r->object_id, err) &&
	       store_batch_int(out, period, err) && store_batch_int(out, r->account_id, err) &&
	       store_batch_int(out, r->total, err);
}

/* Write the run's remaining months up to (not including) `until`, or to the
 * year's end when until is 0. */
static bool fill(struct store_batch *out, struct run *r, int32_t until, struct error *err)
{
	for (int32_t p = period_next(r->period); p <= r->last && (!until || p < until);
	     p = period_next(p)) {
		if (!emit(out, r, p, err))
			return false;
		r->period = p;
	}
	return true;
}

bool period_acc_store(struct period_acc *acc, struct error *err)
{
	if (!spill(acc, err) || !store_exec(acc->st, reopen_sql, err))
		return false;
	sqlite3_stmt *stmt;
	if (!store_prepare(acc->st, &stmt,
			   "SELECT a.year_id, a.object_id, a.account_id, a.period, a.amount,\n"
			   "  y.end_date / 100\n"
			   "FROM temp.period_acc a JOIN fiscal_year y ON y.id = a.year_id\n"
			   "ORDER BY a.year_id, a.object_id, a.account_id, a.period",
			   err))
		return false;
	struct store_batch out;
	bool ok = store_batch_init(&out, acc->st,
				   "INSERT OR FAIL INTO period_balance (year_id, object_id, period, account_id,"
				   " amount)",
				   NULL, 5, 128, err);
	struct run r = { 0 };
	bool open = false;
	int rc = SQLITE_DONE;
	while (ok && (rc = store_step(acc->st, stmt, err)) == SQLITE_ROW) {
		int64_t y = sqlite3_column_int64(stmt, 0), o = sqlite3_column_int64(stmt, 1),
			a = sqlite3_column_int64(stmt, 2);
		int32_t p = sqlite3_column_int(stmt, 3);
		if (!open || y != r.year_id || o != r.object_id || a != r.account_id) {
			if (open && !fill(&out, &r, 0, err)) {
				ok = false;
				break;
			}
			r = (struct run){ y, o, a, 0, sqlite3_column_int(stmt, 5), 0 };
			open = true;
		} else if (!fill(&out, &r, p, err)) {
			ok = false;
			break;
		}
		r.total += sqlite3_column_int64(stmt, 4);
		r.period = p;
		ok = emit(&out, &r, p, err);
	}
	if (ok && rc == SQLITE_DONE && open)
		ok = fill(&out, &r, 0, err);
	ok = ok && rc == SQLITE_DONE && store_batch_flush(&out, err);
	sqlite3_finalize(stmt);
	store_batch_free(&out);
	return ok && store_exec(acc->st, "DELETE FROM temp.period_acc", err);
}

void period_acc_free(struct period_acc *acc)
{
	if (acc->spill_ready)
		store_batch_free(&acc->spill);
	acc->spill_ready = false;
	free(acc->slots);
	acc->slots = NULL;
	acc->cap = acc->count = 0;
}
