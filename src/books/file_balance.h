/*
 * file_balance — a trial balance straight from a SIE file, no store.
 *
 * For an auditor's quick look at a file before (or instead of) importing
 * it: `finsam balance --file FILE.se`. Reads the file once with the same
 * reader as the import and totals per account as it goes: the #IB of year
 * 0 plus the voucher rows, split at --from into opening and change. A file
 * without vouchers (SIE 1–3) gives its declared #IB, #UB and #RES. The
 * result has the same shape as a trial balance from the store.
 *
 * Where everything after the first #VER is plain (as accounting programs
 * write it), that part is summed by sie_quick on two threads instead; the
 * header still goes through the general reader. Any other file, and any
 * doubt, is read the general way from the start: same result, same
 * messages, only slower.
 */
#ifndef FINSAM_BOOKS_FILE_BALANCE_H
#define FINSAM_BOOKS_FILE_BALANCE_H

#include "books/balance.h"

struct file_balance_info {
	char *company;  /* #FNAMN */
	char *orgnr;    /* #ORGNR */
	bool quick;     /* the vouchers were summed the quick way */
};

/* q->year_id is ignored; q->from/to default to #RAR 0. */
bool file_balance(const char *path, const struct tb_query *q, struct tb_result *out,
		  struct file_balance_info *info, struct error *err);
/* The same, always the general way: to check the quick way against. */
bool file_balance_general(const char *path, const struct tb_query *q, struct tb_result *out,
			  struct file_balance_info *info, struct error *err);
void file_balance_info_free(struct file_balance_info *info);

#endif
