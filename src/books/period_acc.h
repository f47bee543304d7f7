/*
 * period_acc — sums voucher rows into per-month balances during an import.
 *
 * Every counting row adds its amount to (year, account, object 0, month)
 * and to (year, account, object, month) for each of its objects. The sums
 * live in a hash map; when the map grows past a limit it is spilled to a
 * temporary table, so memory stays bounded whatever the file's size.
 * period_acc_store() merges everything into period_balance, as running
 * totals from the start of the year (added to the months a year has there
 * already).
 */
#ifndef FINSAM_BOOKS_PERIOD_ACC_H
#define FINSAM_BOOKS_PERIOD_ACC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/batch.h"
#include "store/store.h"

/* One sum: its key and the öre so far (24 bytes; ids are store row ids,
 * far below 2^31). */
struct period_acc_slot {
	int32_t year_id, account_id, object_id;
	int32_t period;  /* YYYYMM; 0 marks an empty slot */
	int64_t amount;
};

struct period_acc {
	struct store *st;
	struct period_acc_slot *slots; /* open addressing, power-of-two size */
	size_t cap, count;
	struct store_batch spill; /* upserts into temp.period_acc */
	bool spill_ready;
	bool spilled;           /* some sums are in temp.period_acc */
	size_t spill_limit;     /* spill when this many keys are held */
	int64_t *years;         /* the years with sums, to merge with what */
	size_t nyears, years_cap; /* period_balance holds for them already */
	int64_t last_year;      /* the year of the last sum added */
};

bool period_acc_init(struct period_acc *acc, struct store *st, struct error *err);
/* Add amount to one key; false on overflow. */
bool period_acc_add(struct period_acc *acc, int64_t year_id, int64_t account_id,
		    int64_t object_id, int32_t period, int64_t amount, struct error *err);
/* Merge the sums into period_balance (added to what is there), which keeps
 * them cumulative: see schema.c. */
bool period_acc_store(struct period_acc *acc, struct error *err);
void period_acc_free(struct period_acc *acc);

#endif
