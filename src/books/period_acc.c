/*
 * period_acc — bounded accumulation of per-month balances; see
 * period_acc.h. The table is keyed by integers and never allocates per
 * key: it is on the import's hot path, touched once or more per row.
 */
#include "books/period_acc.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define DEFAULT_SPILL_LIMIT 50000

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
			  "  year_id INTEGER, account_id INTEGER, object_id INTEGER,\n"
			  "  period INTEGER, amount INTEGER,\n"
			  "  PRIMARY KEY (year_id, account_id, object_id, period));\n"
			  "DELETE FROM temp.period_acc;",
			  err) &&
	       (acc->spill_ready = store_batch_init(
			&acc->spill, st, "INSERT INTO temp.period_acc",
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
	struct period_acc_slot *s = find(acc->slots, acc->cap, year_id, account_id, object_id,
					 period);
	if (!s->period) {
		*s = (struct period_acc_slot){ year_id, account_id, object_id, period, 0 };
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

bool period_acc_store(struct period_acc *acc, struct error *err)
{
	return spill(acc, err) &&
	       store_exec(acc->st,
			  "INSERT INTO period_balance (year_id, account_id, object_id, period, "
			  "amount)\n"
			  "  SELECT year_id, account_id, object_id, period, amount\n"
			  "  FROM temp.period_acc WHERE true\n"
			  "ON CONFLICT DO UPDATE SET amount = amount + excluded.amount;\n"
			  "DELETE FROM period_balance WHERE amount = 0;\n"
			  "DELETE FROM temp.period_acc;",
			  err);
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
