/*
 * period_acc — bounded accumulation of per-month balances; see
 * period_acc.h.
 */
#include "books/period_acc.h"

#include <string.h>

#define DEFAULT_SPILL_LIMIT 200000

struct acc_key {
	int64_t year_id, account_id, object_id;
	int64_t period;
};

bool period_acc_init(struct period_acc *acc, struct store *st, struct error *err)
{
	acc->st = st;
	strmap_init(&acc->sums);
	acc->spill = NULL;
	acc->spill_limit = DEFAULT_SPILL_LIMIT;
	return store_exec(st,
			  "CREATE TEMP TABLE IF NOT EXISTS period_acc (\n"
			  "  year_id INTEGER, account_id INTEGER, object_id INTEGER,\n"
			  "  period INTEGER, amount INTEGER,\n"
			  "  PRIMARY KEY (year_id, account_id, object_id, period));\n"
			  "DELETE FROM temp.period_acc;",
			  err) &&
	       store_prepare(st, &acc->spill,
			     "INSERT INTO temp.period_acc VALUES (?, ?, ?, ?, ?)\n"
			     "ON CONFLICT DO UPDATE SET amount = amount + excluded.amount",
			     err);
}

static bool spill(struct period_acc *acc, struct error *err)
{
	size_t pos = 0;
	const char *key;
	size_t n;
	int64_t amount;
	while (strmap_next(&acc->sums, &pos, &key, &n, &amount)) {
		struct acc_key k;
		memcpy(&k, key, sizeof k);
		sqlite3_bind_int64(acc->spill, 1, k.year_id);
		sqlite3_bind_int64(acc->spill, 2, k.account_id);
		sqlite3_bind_int64(acc->spill, 3, k.object_id);
		sqlite3_bind_int64(acc->spill, 4, k.period);
		sqlite3_bind_int64(acc->spill, 5, amount);
		int rc = store_step(acc->st, acc->spill, err);
		sqlite3_reset(acc->spill);
		if (rc < 0)
			return false;
	}
	strmap_free(&acc->sums);
	strmap_init(&acc->sums);
	return true;
}

bool period_acc_add(struct period_acc *acc, int64_t year_id, int64_t account_id,
		    int64_t object_id, int32_t period, int64_t amount, struct error *err)
{
	struct acc_key k = { year_id, account_id, object_id, period };
	int64_t *sum = strmap_slot(&acc->sums, (const char *)&k, sizeof k, 0, NULL);
	if (__builtin_add_overflow(*sum, amount, sum)) {
		error_set(err, ERR_INPUT, "summan på ett konto blir orimligt stor");
		return false;
	}
	if (acc->sums.count > acc->spill_limit)
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
	if (acc->spill)
		sqlite3_finalize(acc->spill);
	acc->spill = NULL;
	strmap_free(&acc->sums);
}
