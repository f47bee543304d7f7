/*
 * vouchers — the drill-down: the vouchers behind a balance.
 *
 * Selects vouchers by period, account, object and series and hands each
 * to a callback with all its rows, in date order. A row "matches" when it
 * is one the filter asked for (its account, its object), so a caller can
 * total exactly the rows that make up a balance.
 */
#ifndef FINSAM_BOOKS_VOUCHERS_H
#define FINSAM_BOOKS_VOUCHERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/date.h"
#include "util/money.h"

struct voucher_filter {
	int64_t year_id;       /* 0: any year */
	date_t from, to;       /* 0: open */
	const char *account;   /* exact number, or a prefix ending in '*'; NULL: any */
	int object_dim;        /* with object_code: rows carrying this object */
	const char *object_code;
	const char *series;    /* NULL: any */
};

struct voucher_row_view {
	const char *account;
	const char *account_name;
	const char *objects;   /* "1 ADM, 6 P1" or "" */
	money_t amount;
	int kind;              /* 0 #TRANS, 1 #RTRANS (added), 2 #BTRANS (removed) */
	date_t date;           /* 0 when not given */
	const char *text;      /* "" when not given */
	const char *quantity;  /* "" when not given */
	bool matches;          /* selected by the filter's account/object */
};

struct voucher_view {
	int64_t id;
	const char *series, *number;
	date_t date;
	const char *text;
	date_t reg_date;
	const char *sign;
	money_t imbalance;     /* non-zero: imported unbalanced, flagged */
	size_t nrows;
	const struct voucher_row_view *rows;
};

typedef bool (*voucher_fn)(void *ctx, const struct voucher_view *v, struct error *err);

/* Call fn for each selected voucher, in date, series, number order. */
bool vouchers_each(struct store *st, const struct voucher_filter *f, voucher_fn fn, void *ctx,
		   struct error *err);

#endif
