/*
 * check — do the books agree with themselves and with what files said?
 *
 * Used after every import (its findings become import warnings) and by
 * `finsam check`, which runs all of them over the whole store:
 *   - closing balances a file declared (#UB, #RES) against those computed
 *     from its vouchers, naming each account that differs with both
 *     amounts (the books are the vouchers);
 *   - the previous year as a newer file declares it, against the store;
 *   - each year's opening balances against the previous year's closing;
 *   - opening and closing balances that do not sum to zero;
 *   - vouchers imported unbalanced on request;
 *   - the stored per-month sums against the voucher rows (integrity).
 */
#ifndef FINSAM_BOOKS_CHECK_H
#define FINSAM_BOOKS_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* Receives each finding; line is 0 unless it points into a file. */
typedef void (*check_report_fn)(void *ctx, long line, const char *msg);

/* Declared #UB/#RES of a year with vouchers, against its books. */
bool check_declared_against_books(struct store *st, int64_t year_id, check_report_fn report,
				  void *ctx, struct error *err);

/* During an import: the file's staged #UB/#RES for årsnr year_no, against
 * the store's balances of year_id. */
bool check_staged_against_year(struct store *st, int year_no, int64_t year_id, const char *path,
			       check_report_fn report, void *ctx, struct error *err);

/* Every check over the whole store; *findings counts what was reported. */
bool check_store(struct store *st, check_report_fn report, void *ctx, long *findings,
		 struct error *err);

#endif
