/*
 * period_acc — sums voucher rows into per-month balances during an import.
 *
 * Every counting row adds its amount to (year, account, object 0, month)
 * and to (year, account, object, month) for each of its objects. The sums
 * live in a hash map; when the map grows past a limit it is spilled to a
 * temporary table, so memory stays bounded whatever the file's size.
 * period_acc_store() merges everything into period_balance.
 */
#ifndef FINSAM_BOOKS_PERIOD_ACC_H
#define FINSAM_BOOKS_PERIOD_ACC_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/strmap.h"

struct period_acc {
	struct store *st;
	struct strmap sums;     /* packed key -> öre */
	sqlite3_stmt *spill;    /* upsert into temp.period_acc */
	size_t spill_limit;     /* spill when this many keys are held */
};

bool period_acc_init(struct period_acc *acc, struct store *st, struct error *err);
/* Add amount to one key; false on overflow. */
bool period_acc_add(struct period_acc *acc, int64_t year_id, int64_t account_id,
		    int64_t object_id, int32_t period, int64_t amount, struct error *err);
/* Merge the sums into period_balance (added to what is there). */
bool period_acc_store(struct period_acc *acc, struct error *err);
void period_acc_free(struct period_acc *acc);

#endif
