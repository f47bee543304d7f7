/*
 * ratios — the key figures (nyckeltal) a report quotes in its text, each
 * under a stable key: "Förbundets kostnader för halvåret uppgår till
 * {{ kostnader }} kr ... utgör således {{ kostnader-andel-budget }} av
 * förbundets helårsbudget".
 *
 * Computed for a period from the books, the year's budget (the latest
 * version) and its forecast, by the same functions as the statements and
 * the forecast table, so the text cannot disagree with the tables. The
 * keys and what each is are listed in docs/statements.md; they are only
 * ever added to. A figure that cannot be had (no budget for the year,
 * nothing to divide by, no opening balance) is there with has_value false,
 * never as 0.
 *
 * Money in öre, percentages in hundredths of a percent (rounded half away
 * from zero), counts as they are.
 */
#ifndef FINSAM_REPORT_RATIOS_H
#define FINSAM_REPORT_RATIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/statement.h"
#include "store/store.h"
#include "util/date.h"
#include "util/error.h"

enum ratio_type {
	RT_MONEY,   /* öre */
	RT_PERCENT, /* hundredths of a percent: 4844 is 48,44 % */
	RT_INT,     /* a count */
};

struct ratio {
	char *key;          /* stable, lowercase ASCII: "kostnader-andel-budget" */
	char *label;        /* Swedish, for people */
	enum ratio_type type;
	int64_t value;      /* when has_value */
	bool has_value;     /* false: not available for this period */
};

struct ratios {
	date_t from, to;      /* the period of the books */
	int year;             /* the budget's (calendar) year */
	bool has_budget;      /* the year has a budget: the budget and forecast figures */
	struct ratio *v;      /* in a fixed order: the figures of docs/statements.md,
			       * then the cost shares in the budget's order */
	size_t n;
};

/* The key figures for the period of q (its comparison is not used): the
 * books from q's `from` to `to`, the budget and forecast of the calendar
 * year the period's fiscal year starts in, through `to`. ERR_INPUT when
 * the store has no books for the period. Free with ratios_free. */
bool ratios_compute(struct store *st, const struct stmt_query *q, struct ratios *out,
		    struct error *err);
void ratios_free(struct ratios *r);

/* The figure under key, or NULL when there is none. */
const struct ratio *ratios_find(const struct ratios *r, const char *key);

/* A key made from a name: lowercase ASCII, å and ä to a, ö to o, é to e,
 * any other run of characters that are not letters or digits to one "-",
 * none at either end ("Projekt/individinsatser" → "projekt-individinsatser").
 * The caller frees it. */
char *ratio_slug(const char *name);

#endif
