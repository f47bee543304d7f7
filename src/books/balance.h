/*
 * balance — the trial balance (saldobalans): for each account, the
 * balance at the start of a period, the change during it, and the balance
 * at its end; optionally broken down by the objects of one dimension.
 *
 * This is the one place balances are computed; reports, checks and the
 * SIE export all ask here. In a year with books (vouchers), balances are
 * the opening balances plus the voucher rows: whole months come from the
 * per-month sums kept at import, the odd days at a period's edges from
 * the rows themselves, so no report scans a year of rows. In a year
 * known only from declared balances (SIE 1–3, or the previous-year
 * figures of a SIE 4 file), they come from #IB, #UB, #RES and #PSALDO.
 */
#ifndef FINSAM_BOOKS_BALANCE_H
#define FINSAM_BOOKS_BALANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/date.h"
#include "util/money.h"

struct tb_query {
	int64_t year_id;  /* fiscal year; 0: the one containing `from`, else the latest */
	date_t from, to;  /* 0: the year's first day / the last day of its books
			   * (#OMFATTN when known, else the year's last day) */
	int by_dim;       /* break down by the objects of this dimension; 0: no */
	bool all_accounts;/* include accounts with nothing in the period */
};

struct tb_row {
	int64_t account_id;
	char *number;
	char *name;
	char type;            /* T, S, K or I */
	int64_t object_id;    /* by_dim: the object; 0 for rows without one */
	char *object_code;    /* "" when none */
	char *object_name;
	money_t opening;      /* balance at the start of the period */
	money_t change;       /* sum of the period */
	money_t closing;      /* balance at its end */
};

struct tb_result {
	int64_t year_id;
	date_t year_start, year_end;
	date_t from, to;
	bool has_books;           /* vouchers (true) or declared balances (false) */
	date_t complete_to;       /* the books are complete to this day (#OMFATTN), or 0 */
	int by_dim;
	char *dim_name;
	struct tb_row *rows;      /* sorted by account number, then object code */
	size_t nrows;
	money_t opening, change, closing;   /* sums over all rows */
	money_t result;           /* the period's result: -(change of K and I accounts),
				   * without the closing entry 899x */
	long unbalanced_vouchers; /* vouchers in the period imported unbalanced */
};

/* Compute the trial balance; the result is freed with tb_result_free. */
bool balance_trial(struct store *st, const struct tb_query *q, struct tb_result *out,
		   struct error *err);
void tb_result_free(struct tb_result *r);

/* The fiscal year to use for a --year value (the year whose first day is in
 * calendar year `y`), the year containing `d`, or the latest year with
 * data; 0 (no error) when there is none. */
bool balance_find_year(struct store *st, int y, date_t d, int64_t *year_id, struct error *err);

#endif
