/*
 * sie_quick — row totals from the plain part of a SIE file, fast.
 *
 * A trial balance straight from a file (`finsam balance --file`) needs,
 * of each voucher row, only its account, its object of one dimension, its
 * amount and its voucher's date. In the files accounting programs write,
 * everything after the first #VER is a long run of lines of four plain
 * shapes:
 *
 *     #VER series number YYYYMMDD [anything]
 *     {
 *     #TRANS account {dim code ...} amount [anything]
 *     }
 *
 * sie_quick_body sums such a run without the general reader's tokenising,
 * decoding and per-row bookkeeping, cut at #VER lines into pieces of
 * about a megabyte that one thread per processor takes in turn (so a
 * slower processor gets fewer). It accepts only lines it can read exactly as
 * sie_read reads them, and only balanced vouchers; at the first line of
 * any other shape (#RTRANS, #BTRANS, a record after the vouchers, a tab,
 * a missing object list, a quoted date, an unbalanced voucher, a NUL …)
 * it gives up, and the caller reads the file the general way, which then
 * reads or refuses it with its usual messages. So the quick way changes
 * how fast a result comes, never what it is.
 */
#ifndef FINSAM_SIE_QUICK_H
#define FINSAM_SIE_QUICK_H

#include <stdbool.h>
#include <sys/types.h>

#include "util/arena.h"
#include "util/date.h"
#include "util/error.h"
#include "util/money.h"

/* The offset of the first line that begins "#VER ": where the plain part
 * of a file may start. False when there is none (or fd cannot be read). */
bool sie_quick_find_body(int fd, off_t size, off_t *start);

/* How lines are read. Every way gives the same result; the ways other
 * than the first are there so that tests can hold them against each
 * other. */
enum sie_quick_way {
	SIE_QUICK_BEST = 0,  /* the fast paths, 16 to 64 bytes at a time (SSE2)
			      * where the processor has it */
	SIE_QUICK_SWAR,      /* the fast paths, 8 bytes at a time in plain C
			      * (what other processors use) */
	SIE_QUICK_REFERENCE, /* no fast paths: every line by the reference
			      * parsers the fast paths hand over to */
};

struct sie_quick_query {
	date_t from, to; /* rows of vouchers dated before `from` count as
			  * `before`, after `to` not at all */
	int by_dim;      /* also total per object of this dimension; 0: not */
	int threads;     /* at most this many threads; 0: one per processor */
	enum sie_quick_way way; /* tests: how lines are read; 0 in use */
};

/* The total of one account (code "") or one account and object. */
struct sie_quick_sum {
	const char *account;
	const char *code;
	money_t before, change;
};

struct sie_quick_result {
	struct sie_quick_sum *sums;
	size_t n;
	long rows;          /* counting rows read (all dates) */
	long reference_lines; /* #TRANS and #VER lines the fast paths left to
			       * the reference parsers (for tests) */
	struct arena text;  /* the strings of sums */
};

enum sie_quick_status {
	SIE_QUICK_DONE,      /* every line was plain: *out holds the totals */
	SIE_QUICK_NOT_PLAIN, /* read the file the general way */
};

/* Sum the rows in bytes [start, size) of fd (a regular file). */
enum sie_quick_status sie_quick_body(int fd, off_t start, off_t size,
				     const struct sie_quick_query *q,
				     struct sie_quick_result *out);
void sie_quick_result_free(struct sie_quick_result *r);

#endif
