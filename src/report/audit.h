/*
 * audit — the checks that prove a report's figures agree, run by
 * `finsam check` after the books' own checks (books/check.h) and before
 * every report.
 *
 * For a period (default: the latest year's books to date) it checks:
 *   - the balance sheet balances (assets = equity and liabilities), in
 *     both columns;
 *   - the result equals the balance sheet's result for the period (the
 *     change in equity that the period's books make);
 *   - every account with a balance lands on exactly one statement line;
 *   - each note adds up to the statement line that refers to it;
 *   - the printed (rounded) lines of each statement add up to its printed
 *     sums under the report's rounding (plain rounding lets them drift;
 *     largest remainder never does);
 *   - the forecast table's subtotals and totals add up to its lines;
 *   - every intervention's participant statistics add up (the sums the
 *     follow-up checks, followup/stats.h);
 *   - the members' contributions booked in the year follow the law's
 *     shares (state 1/2, region 1/4, municipalities 1/4).
 * Each finding names the figure, where it is used and the data behind it.
 */
#ifndef FINSAM_REPORT_AUDIT_H
#define FINSAM_REPORT_AUDIT_H

#include <stdbool.h>

#include "report/doc.h"
#include "store/store.h"
#include "util/date.h"
#include "util/error.h"

struct audit_query {
	date_t from, to;          /* 0: the latest year with books, to its books' end */
	date_t cmp_from, cmp_to;  /* the comparison; 0: the previous year when known */
	bool no_comparison;
	bool plain_rounding;      /* the report rounds each figure on its own */
};

/* The audit of a built report (`finsam report`, the web's Rapport):
 * the report's period, its comparison (none when it has none) and its
 * rounding. */
struct audit_query audit_query_of_doc(const struct doc *d);

/* Receives each finding: the area ("Balansräkning", "Prognos" …) and a
 * Swedish sentence. */
typedef void (*audit_fn)(void *ctx, const char *area, const char *text);

/* Run every check; *findings counts them. False only when a check could
 * not run (err set). */
bool audit_run(struct store *st, const struct audit_query *q, audit_fn fn, void *ctx,
	       long *findings, struct error *err);

#endif
