/*
 * sie_reader — reads a SIE file (types 1, 2, 3, 4E, 4I) and reports what it
 * holds as typed events, in one pass with bounded memory.
 *
 * The reader validates every field it interprets (account numbers, years,
 * periods, dates, amounts, object lists), assembles each #VER with its
 * rows, applies the standard's meaning of #RTRANS (a row added afterwards,
 * followed by a #TRANS copy that must not be counted twice) and #BTRANS (a
 * row removed afterwards, which does not count), and refuses an unbalanced
 * voucher unless told to accept it. Header records (#FNAMN, #RAR, ...) are
 * collected in a struct sie_header that every event can see.
 *
 * It tolerates what real producers write (see docs/sie.md): missing
 * #FORMAT, quoted or unquoted fields, empty optional fields, "-0.00",
 * ISO dates, records out of order, unquoted names with spaces, and swapped
 * period/account in #PBUDGET. Unknown records are ignored, as the standard
 * requires. Anything it cannot make sense of stops the read with a Swedish
 * message naming file and line.
 */
#ifndef FINSAM_SIE_READER_H
#define FINSAM_SIE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sie/sie_lexer.h"
#include "util/date.h"
#include "util/error.h"
#include "util/money.h"

#define SIE_MAX_RAR 16               /* fiscal years a file may declare */
#define SIE_MAX_VOUCHER_ROWS 200000  /* rows in one voucher */

/* A fiscal year as #RAR declares it: number 0 is the file's year, -1 the
 * one before. */
struct sie_rar {
	int year;      /* 0, -1, -2, ... */
	date_t start;  /* first day */
	date_t end;    /* last day */
};

struct sie_header {
	int flagga;             /* #FLAGGA: 1 means "already imported" */
	char *program;          /* #PROGRAM name */
	char *program_version;  /* #PROGRAM version */
	char *format;           /* #FORMAT, normally "PC8" */
	date_t gen_date;        /* #GEN date */
	int sietyp;             /* #SIETYP 1-4; 0 when missing */
	char *prosa;            /* #PROSA free text */
	char *ftyp;             /* #FTYP company type */
	char *fnr;              /* #FNR the producer's company id */
	char *orgnr;            /* #ORGNR organisation number */
	char *fnamn;            /* #FNAMN company name */
	char *kptyp;            /* #KPTYP chart type, e.g. "BAS2014" */
	char *valuta;           /* #VALUTA currency; SEK when missing */
	date_t omfattn;         /* #OMFATTN: balances are up to this date */
	int taxar;              /* #TAXAR tax year */
	struct sie_rar rar[SIE_MAX_RAR]; /* #RAR records */
	size_t nrar;
	unsigned long changes;  /* header records read so far: a new value
				 * means the header may have changed */
};

/* X(field) for every string of struct sie_header, for code that must
 * treat them all alike (free, copy). */
#define SIE_HEADER_STRINGS(X) \
	X(program) X(program_version) X(format) X(prosa) X(ftyp) X(fnr) X(orgnr) X(fnamn) \
	X(kptyp) X(valuta)

/* How many records of each kind the file had (raw records, so a #TRANS
 * that mirrors an #RTRANS counts as one #TRANS). */
struct sie_counts {
	long ver, trans, rtrans, btrans, unbalanced, empty_ver;
	long konto, dim, underdim, objekt;
	long ib, ub, res, oib, oub, psaldo, pbudget;
	long unknown;  /* records the reader does not know and skipped */
};

enum sie_row_kind {
	SIE_ROW_NORMAL = 0,  /* #TRANS */
	SIE_ROW_ADDED = 1,   /* #RTRANS: added after the voucher was registered */
	SIE_ROW_REMOVED = 2, /* #BTRANS: removed afterwards; does not count */
};

struct sie_objref {
	int dim;           /* dimension number */
	const char *code;  /* object code within the dimension */
};

struct sie_row {
	enum sie_row_kind kind;
	const char *account;              /* digits */
	size_t nobjects;
	const struct sie_objref *objects; /* in the order written */
	money_t amount;                   /* öre; debit positive */
	date_t date;                      /* transdat, 0 when not given */
	const char *text;                 /* transtext, NULL when not given */
	const char *quantity;             /* decimal text, NULL when not given */
	const char *sign;                 /* signature, NULL when not given */
	bool mirrored;                    /* ADDED row whose #TRANS copy followed */
	long lineno;
};

struct sie_voucher {
	const char *series;   /* may be "" */
	const char *number;   /* may be "" */
	date_t date;          /* verdatum */
	const char *text;     /* vertext, "" when not given */
	date_t reg_date;      /* regdatum, 0 when not given */
	const char *sign;     /* NULL when not given */
	long lineno;          /* line of the #VER */
	size_t nrows;
	const struct sie_row *rows;
	money_t imbalance;    /* sum of counting rows; 0 when balanced */
};

enum sie_balance_kind { SIE_IB, SIE_UB, SIE_RES, SIE_OIB, SIE_OUB };
enum sie_period_kind { SIE_PSALDO, SIE_PBUDGET };

enum sie_event_kind {
	SIE_EV_ACCOUNT,      /* #KONTO: account, text */
	SIE_EV_ACCOUNT_TYPE, /* #KTYP: account, text = T, S, K or I */
	SIE_EV_ACCOUNT_UNIT, /* #ENHET: account, text */
	SIE_EV_SRU,          /* #SRU: account, text = SRU code */
	SIE_EV_DIM,          /* #DIM / #UNDERDIM: dim, text, parent_dim */
	SIE_EV_OBJECT,       /* #OBJEKT: dim, code, text */
	SIE_EV_BALANCE,      /* #IB #UB #RES #OIB #OUB */
	SIE_EV_PERIOD,       /* #PSALDO #PBUDGET */
	SIE_EV_VOUCHER,      /* #VER with its rows */
};

struct sie_event {
	enum sie_event_kind kind;
	long lineno;
	const struct sie_header *header; /* what the file has declared so far */
	const char *account;             /* ACCOUNT*, SRU, BALANCE, PERIOD */
	const char *text;                /* name, type, unit, SRU code */
	int dim;                         /* DIM, OBJECT */
	int parent_dim;                  /* DIM: the super-dimension of #UNDERDIM, else 0 */
	const char *code;                /* OBJECT */
	enum sie_balance_kind balance;   /* BALANCE */
	enum sie_period_kind period_kind;/* PERIOD */
	int year;                        /* BALANCE, PERIOD: 0, -1, ... */
	int32_t period;                  /* PERIOD: YYYYMM */
	size_t nobjects;                 /* BALANCE (OIB/OUB), PERIOD */
	const struct sie_objref *objects;
	money_t amount;                  /* BALANCE, PERIOD */
	const char *quantity;            /* BALANCE, PERIOD: NULL when not given */
	const struct sie_voucher *voucher; /* VOUCHER */
};

/* A counting row, for readers that only total (sie_read_options.rows_only):
 * #TRANS and #RTRANS rows, with #RTRANS copies and #BTRANS rows left out. */
struct sie_row_sum {
	const char *account;              /* digits, NUL-terminated */
	size_t account_len;
	money_t amount;
	date_t date;                      /* the voucher's date */
	const struct sie_objref *objects; /* only with want_objects */
	size_t nobjects;
	const struct sie_header *header;  /* what the file has declared so far */
};

struct sie_handler {
	void *ctx;
	/* Called for each event; return false (with err set) to stop. With
	 * rows_only there are no SIE_EV_VOUCHER events. */
	bool (*event)(void *ctx, const struct sie_event *ev, struct error *err);
	/* Called for each warning: something was read but deserves a look. */
	void (*warning)(void *ctx, long lineno, const char *msg);
	/* With rows_only: called for each counting row as it is read. */
	bool (*row)(void *ctx, const struct sie_row_sum *row, struct error *err);
};

struct sie_read_options {
	bool allow_unbalanced; /* accept unbalanced vouchers (flagged), instead of refusing */
	bool want_sha256;      /* compute the file's SHA-256 */
	/* For readers that only total the rows (a trial balance from a file):
	 * rows are handed to handler->row as they come, vouchers are not
	 * assembled, and only the fields a total needs are read from a row
	 * (account, objects, amount); the voucher rules (#RTRANS, #BTRANS,
	 * balance) hold as always. A file with #KSUMMA is read in full. */
	bool rows_only;
	bool want_objects;     /* with rows_only: also each row's objects */
};

/* What the whole file turned out to be; filled by sie_read. */
struct sie_summary {
	struct sie_header header;
	struct sie_counts counts;
	enum sie_ksumma ksumma;     /* NONE or OK (a mismatch is an error) */
	uint32_t ksumma_value;
	unsigned encodings_seen;    /* bit (1 << enc) per encoding met */
	size_t replacement_chars;   /* U+FFFD met: text damaged before it reached us */
	uint64_t bytes;
	char sha256[65];            /* hex; "" unless asked for */
	long lines;
};

/* Read the SIE file at fd (named path in messages) and call the handler.
 * On success fills *summary (free it with sie_summary_free). On failure
 * returns false with err set; the handler may have seen some events and
 * must discard what it did with them. */
bool sie_read(const char *path, int fd, const struct sie_read_options *opt,
	      const struct sie_handler *h, struct sie_summary *summary, struct error *err);
void sie_summary_free(struct sie_summary *s);

/* The SIE type as finsam names it: "1", "2", "3", "4E" or "4I". A type 4
 * file without balances is 4I: vouchers to add to existing books. */
const char *sie_type_name(const struct sie_summary *s);
bool sie_is_4i(const struct sie_summary *s);

#endif
