/*
 * statement — the financial statements from the books: resultaträkning
 * (RR), balansräkning (BR) and the notes that break their lines down, by
 * a mapping from accounts to lines.
 *
 * A mapping (docs/mapping.md) is a small YAML text: the RR's and the BR's
 * lines in order — each a line with its accounts, a heading, or a sum of
 * the lines above it since the previous sum of the same or a higher level
 * — and the notes, each a numbered breakdown whose rows are account
 * groups. Accounts are written as a list of prefixes and ranges ("3",
 * "84", "4-7", "2440", "30-34, !3999"); an account belongs to a line when
 * it matches one of the line's items and none of its exclusions.
 *
 * Defaults for Kommun-BAS and BAS are built in (data/mapping/) and chosen
 * by the chart kind the store has (detected at import from #KPTYP and the
 * accounts used, or set with `finsam org --chart`): Kommun-BAS, else
 * BAS; or named. A förbund's own mapping is kept in the store (`finsam
 * mapping import`) and replaces the default as a whole.
 *
 * Signs: statements show amounts the way a reader expects them, computed
 * from the books' balances (debit positive): RR lines as −balance (income
 * positive, costs negative); BR asset lines as +balance and equity and
 * liability lines as −balance; note rows as the magnitude in the
 * account's natural direction (+balance for T and K accounts, −balance
 * for S and I accounts), so the notes of a cost line list positive costs.
 * The closing entries 899x are on no RR line and in no note: they belong
 * to the BR's Årets resultat below.
 *
 * The BR line marked `resultat` (Årets resultat) holds its accounts
 * (2099) plus the result of the period not yet closed into equity: −(the
 * change in every income and cost account, closing entries 899x
 * included), so a year closed in the books shows its result once and an
 * open interim period shows it too.
 *
 * Amounts are exact (öre); rounding for print is the report's business.
 */
#ifndef FINSAM_REPORT_STATEMENT_H
#define FINSAM_REPORT_STATEMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "util/date.h"
#include "util/error.h"
#include "util/money.h"

/* One item of an account list: the accounts whose number starts with a
 * prefix between `lo` and `hi` (compared as equal-length prefixes: "4-7"
 * is every account from 4000 to 7999), or excluded with `not`. */
struct stmt_accounts {
	struct stmt_range {
		char lo[16], hi[16];
		bool not;
	} *v;
	size_t n;
};

enum stmt_line_kind {
	SL_LINE,     /* a line with accounts */
	SL_HEADING,  /* a heading ("TILLGÅNGAR", "Omsättningstillgångar"); it
		      * covers the rows up to the sum that closes it (headings
		      * and sums nest like brackets) and is left out with them
		      * when none of its lines is shown */
	SL_SUM,      /* a sum of the lines above (see `level`) */
};

struct stmt_line {
	enum stmt_line_kind kind;
	char *label;
	struct stmt_accounts accounts; /* SL_LINE */
	int note;               /* a note number shown against the line, or 0 */
	int level;              /* SL_SUM: 1 adds the SL_LINEs since the previous
				 * sum of any level; 2 adds the level-1 sums (and
				 * lines not under one) since the previous level-2
				 * sum; 3 likewise over level 2 (the grand total) */
	bool result;            /* BR: Årets resultat, see above */
	int sign;               /* +1 or −1, from the defaults above or the
				 * mapping's `tecken`; 0 on a note row without
				 * `tecken`: each account in its natural direction */
	bool assets;            /* BR: on the assets side (sign +1 by default):
				 * every account it names is in class 1 */
	long src_line;          /* where the mapping defines it (messages), or 0 */
};

struct stmt_note {
	int number;
	char *title;            /* "Verksamhetens intäkter" */
	char *text;             /* a note that is only text (Not 1, principles), or NULL */
	struct stmt_line *rows; /* SL_LINE / SL_HEADING / SL_SUM as above */
	size_t nrows;
	bool per_account;       /* rows made from the books: one per account of the
				 * lines that reference the note (named as the chart
				 * names it), then their sum; `rows` is empty */
};

struct stmt_map {
	char *name;             /* "kommun-bas", "bas", or "egen" */
	struct stmt_line *rr, *br;
	size_t nrr, nbr;
	struct stmt_note *notes;
	size_t nnotes;
};

/* The largest mapping text read, in bytes, and the longest label. */
#define STMT_MAP_MAX (1024 * 1024)
#define STMT_TEXT_MAX 4000

/* Parse a mapping (len bytes of UTF-8 YAML; `file` names it in messages)
 * into out, whose name is "egen"; free out even on failure. ERR_INPUT with
 * file:line:column for anything the format refuses: unknown keys (with a
 * suggestion), a line with no accounts or a bad range ("3-", "x", "7-4"),
 * a sum with no line above it since the previous sum of its level, a
 * level outside 1–3, a note number given twice or referenced but not
 * defined, `resultat` outside the BR. */
bool stmt_map_parse(const char *text, size_t len, const char *file, struct stmt_map *out,
		    struct error *err);
/* The built-in default by name ("kommun-bas", "bas"); ERR_USAGE for
 * another name. */
bool stmt_map_default(const char *name, struct stmt_map *out, struct error *err);
/* The text of a built-in default (static, not NUL-terminated), or NULL
 * for an unknown name. */
const char *stmt_map_default_text(const char *name, size_t *len);
/* The name of the default the store's chart calls for: "kommun-bas" for
 * a Kommun-BAS chart, else "bas". */
bool stmt_map_default_name(struct store *st, const char **name, struct error *err);
/* The mapping in force: the store's own when there is one, else the
 * default the chart calls for. */
bool stmt_map_load(struct store *st, struct stmt_map *out, struct error *err);
void stmt_map_free(struct stmt_map *m);

/* The store's own mapping. stmt_map_save checks the text by parsing it
 * first and stores it in one transaction (the store is unchanged on any
 * error). stmt_map_text gives the text of the mapping in force (the
 * store's own, else the default's; the caller frees it). stmt_map_info
 * says whether the store has its own (*own) and where the mapping in
 * force comes from (*source: "rapportmappning.yaml, sparad <time>" or
 * "standard för Kommun-BAS"; the caller frees it). stmt_map_reset removes
 * the store's own, back to the default (a no-op when there is none). */
bool stmt_map_save(struct store *st, const char *text, size_t len, const char *file,
		   struct error *err);
bool stmt_map_text(struct store *st, char **text, struct error *err);
bool stmt_map_info(struct store *st, bool *own, char **source, struct error *err);
bool stmt_map_reset(struct store *st, struct error *err);

/* A period and its comparison. Zero dates take defaults: `to` the last
 * day of the latest year's books, `from` the first day of its year; the
 * comparison is the whole previous fiscal year when the store has it
 * (the interim report's custom), else none. The period lies within one
 * fiscal year (the one holding `from`, else `to`), and so does the
 * comparison when given (cmp_to alone: from the first day of its year).
 * A period outside the books' years is ERR_INPUT. */
struct stmt_query {
	date_t from, to;
	date_t cmp_from, cmp_to;
	bool no_comparison;     /* leave the comparison out even when known */
};

enum stmt_row_kind { SR_LINE, SR_HEADING, SR_SUM };

struct stmt_row {
	enum stmt_row_kind kind;
	char *label;
	int level;              /* SR_SUM: the sum's level; else 0 */
	int note;               /* 0: none */
	money_t amount;         /* the period (RR) or balance at its end (BR) */
	money_t comparison;     /* the same for the comparison */
	const struct stmt_line *line; /* the mapping line it came from; NULL for
				       * the rows of a per-account note */
};

struct stmt_table {
	char *title;            /* "Resultaträkning", "Not 3 Verksamhetens kostnader" */
	int note;               /* notes: the note's number */
	char *text;             /* notes: text-only note, or NULL */
	date_t from, to, cmp_from, cmp_to;
	bool has_comparison;
	struct stmt_row *rows;
	size_t nrows;
};

/* The statements for `q` by mapping `m`: the rows the mapping lists,
 * without the lines that have nothing in either column and the sums and
 * headings over only such lines. Free with stmt_table_free. */
bool stmt_rr(struct store *st, const struct stmt_map *m, const struct stmt_query *q,
	     struct stmt_table *out, struct error *err);
bool stmt_br(struct store *st, const struct stmt_map *m, const struct stmt_query *q,
	     struct stmt_table *out, struct error *err);
/* Every note of the mapping as a table, in the mapping's order (*n =
 * m->nnotes); free with stmt_tables_free. */
bool stmt_notes(struct store *st, const struct stmt_map *m, const struct stmt_query *q,
		struct stmt_table **out, size_t *n, struct error *err);
void stmt_table_free(struct stmt_table *t);
void stmt_tables_free(struct stmt_table *v, size_t n);

/* Whether line l of the RR (in_rr) or the BR takes the account with
 * `number` and type `type` (T, S, K, I): the drill-down from a line to
 * its accounts. */
bool stmt_line_selects(const struct stmt_line *l, bool in_rr, const char *number, char type);

/* An account with a balance in the period or the comparison (RR
 * accounts: a change; BR accounts: a closing balance) that no line of its
 * statement selects, or that more than one selects. Amounts are the
 * books' (debit positive). */
struct stmt_unmapped {
	char *account;          /* number */
	char *name;
	money_t amount;         /* in the period (0 when it has only a comparison) */
	money_t comparison;     /* in the comparison (0 when none) */
	int times;              /* 0: on no line; 2+: on that many lines */
	char *lines;            /* the lines that select it, ", "-joined ("" when none) */
	bool in_rr;             /* RR account (types K and I, the closing entries
				 * 899x left out) or BR (T and S) */
};

/* Every account of the period and the comparison that does not land on
 * exactly one line of its statement, in account order (*n 0: the mapping
 * covers the books). */
bool stmt_check_mapping(struct store *st, const struct stmt_map *m, const struct stmt_query *q,
			struct stmt_unmapped **out, size_t *n, struct error *err);
void stmt_unmapped_free(struct stmt_unmapped *v, size_t n);

/* A note whose rows do not add up to the lines that reference it, in one
 * column. */
struct stmt_note_finding {
	int note;
	char *title;            /* the note's title */
	char *lines;            /* the referencing lines, ", "-joined */
	int column;             /* 0: the period, 1: the comparison */
	money_t note_total;     /* the note's SL_LINE rows added, as the note shows them */
	money_t line_total;     /* the referencing lines added, as the statement shows them */
	money_t difference;     /* in the books' terms (debit positive): the accounts
				 * of the note's rows less those of the lines */
};

/* Check every note that a line of the RR or BR references and that has
 * rows: the accounts its SL_LINE rows select must add up, in each column,
 * to those of the referencing lines (a note referenced by a sum and by a
 * line under it counts that line twice). *n 0: every note adds up. */
bool stmt_check_notes(struct store *st, const struct stmt_map *m, const struct stmt_query *q,
		      struct stmt_note_finding **out, size_t *n, struct error *err);
void stmt_note_findings_free(struct stmt_note_finding *v, size_t n);

#endif
