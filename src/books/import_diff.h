/*
 * import_diff — what changed in a fiscal year between two imports.
 *
 * When a newer export of a year replaces an older one, auditors need to
 * know which vouchers appeared, which disappeared, and — most important —
 * which were altered after the fact in the source system, since
 * vouchers are never to be changed once registered. Vouchers are matched
 * by series and number (by content when a voucher has no number); a
 * matched pair whose content fingerprint differs is "changed", and the
 * detail says how.
 */
#ifndef FINSAM_BOOKS_IMPORT_DIFF_H
#define FINSAM_BOOKS_IMPORT_DIFF_H

#include "books/import.h"

/* How many changes are kept in the result for printing; all are logged. */
#define IMPORT_CHANGES_SHOWN 50

/* Compare the year's vouchers from earlier imports with those of
 * import_id, log every difference in import_change, and count them in res
 * (added, removed, changed, and the first changes). */
bool import_diff(struct store *st, int64_t year_id, int64_t import_id,
		 struct import_result *res, struct error *err);

/* Describe one row for people: "4590 {6 P1} 1 000,00 (#RTRANS)". */
void import_describe_row(struct buf *out, const char *account, const char *objects,
			 int64_t amount, int kind);

#endif
