/*
 * import — bringing a SIE file into the store.
 *
 * An import is all or nothing: it runs inside one SAVEPOINT and either
 * every part of the file lands or the store is left exactly as it was.
 *
 * What a file does to the store depends on its type:
 *   - SIE 1, 2, 3 and 4E are exports of a whole fiscal year (#RAR 0). They
 *     replace everything earlier imports brought for that year. For a
 *     year that had vouchers before, the import compares old and new and
 *     reports vouchers added, removed, and changed after the fact.
 *   - SIE 4I (type 4 without balances) is a batch of vouchers to add to
 *     the books; a voucher number that already exists is refused.
 *   - Data about earlier years in the file (#UB -1, #RES -1, ...) is kept
 *     for years the store has no file of their own for; otherwise it is
 *     only compared.
 * Importing the very file that was last imported for its year changes
 * nothing and says so.
 *
 * In a year with vouchers, the books are the vouchers: closing balances
 * are computed from the opening balances and the rows. Where the file's
 * own #UB or #RES disagree, the import warns (and `finsam check` keeps
 * saying it).
 */
#ifndef FINSAM_BOOKS_IMPORT_H
#define FINSAM_BOOKS_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "sie/sie_reader.h"
#include "store/store.h"

struct import_options {
	bool allow_unbalanced;   /* take unbalanced vouchers in, flagged */
	const char *log_name;    /* the file name as the user gave it (for the log) */
};

/* One line of "what changed since the previous import". */
struct import_change {
	char kind;        /* '+' added, '-' removed, '~' changed */
	char *series;
	char *number;
	date_t date;
	char *text;
	char *detail;     /* for '~': what differs */
};

struct import_message {
	long line;        /* 0: the file as a whole */
	char *text;
};

struct import_result {
	bool noop;                 /* the same file as last time: nothing changed */
	long import_id;            /* the log entry, 0 for a no-op */
	char type[4];              /* "1", "2", "3", "4E", "4I" */
	bool append;               /* 4I: vouchers added to the books */
	struct sie_counts counts;
	char encoding[48];         /* how the file was encoded */
	date_t year_start, year_end; /* the file's fiscal year (#RAR 0), 0 if none */
	char *company;             /* #FNAMN */
	char *program;             /* #PROGRAM with version */
	char sha256[65];
	long vouchers_before;      /* vouchers the year had before (replace) */
	long added, removed, changed;
	struct import_change *changes; /* the first few, for printing */
	size_t nchanges;
	char *chart_note;          /* set when the import decided the chart kind */
	struct import_message *messages; /* warnings */
	size_t nmessages;
};

/* Import the SIE file at path. The result (also on a no-op) is filled on
 * success; free it with import_result_free. On failure err is set and
 * there is nothing to free. */
bool books_import_sie(struct store *st, const char *path, const struct import_options *opt,
		      struct import_result *res, struct error *err);
void import_result_free(struct import_result *res);

/* True when the first bytes of the file look like SIE (a line starting
 * with '#', after an optional byte-order mark and blank lines). */
bool books_looks_like_sie(const char *head, size_t n);

#endif
