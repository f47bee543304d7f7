/*
 * forecast — the full-year forecast (prognos) per budget line, and the
 * forecast table built from budget, books and forecast.
 *
 * A forecast entry gives one budget line (by name) a method, dated: the
 * day whose actual outcome it was made with. The forecast at a day uses
 * each line's latest entry up to that day, and a line without one is
 * forecast at its budget; entries are never overwritten by later ones, so
 * the history shows how a forecast moved.
 *
 * Methods, with A the actual outcome so far and B the year's budget:
 *   manuell      an amount typed by the office (with a comment)
 *   budget       B
 *   linjär       A scaled to the year (by months when the day ends a
 *                month, else by days)
 *   utfall+rest  A plus the budget still to come by the line's profile
 *
 * The table has the shape of an interim report's "Prognos": Budget helår,
 * Utfall perioden, Prognos helår and Differens, the difference signed so
 * that positive is better than budget (income: forecast − budget; costs:
 * budget − forecast). Rows come by section (income, costs, financial
 * items), group and subgroup, with subtotals, and end with the result.
 */
#ifndef FINSAM_PLAN_FORECAST_H
#define FINSAM_PLAN_FORECAST_H

#include <stdbool.h>
#include <stddef.h>

#include "plan/budget.h"
#include "store/store.h"
#include "util/date.h"
#include "util/error.h"
#include "util/money.h"

enum forecast_method { FM_MANUAL, FM_BUDGET, FM_LINEAR, FM_ACTUAL_PLUS_REST };

const char *forecast_method_name(enum forecast_method m); /* "manuell", "budget", ... */
bool forecast_method_parse(const char *s, enum forecast_method *out);

struct forecast_entry {
	char *line;                 /* the budget line's name */
	date_t as_of;               /* made with the actual outcome through this day */
	enum forecast_method method;
	money_t amount;             /* FM_MANUAL: the forecast */
	char *comment;
	char *created;              /* when it was entered */
};

/* Enter a forecast for `line` of `year` as of `as_of` (replacing an entry
 * of the same line and day). The line must exist in the year's latest
 * budget; a manual forecast needs an amount (`has_amount`). */
bool forecast_set(struct store *st, int year, const char *line, date_t as_of,
		  enum forecast_method method, bool has_amount, money_t amount,
		  const char *comment, struct error *err);
/* The entries of `year` (made up to `upto`, 0: all), by line and day. */
bool forecast_entries(struct store *st, int year, date_t upto, struct forecast_entry **out,
		      size_t *n, struct error *err);
void forecast_entries_free(struct forecast_entry *e, size_t n);

enum forecast_row_kind {
	FR_HEADING,       /* a section or group name, no figures */
	FR_LINE,          /* a budget line */
	FR_SUBTOTAL,      /* a subgroup's sum, shown before its lines */
	FR_GROUP_TOTAL,   /* a group's sum, after its lines */
	FR_SECTION_TOTAL, /* Summa intäkter, Summa kostnader, Finansiella poster */
	FR_OTHER,         /* book amounts that no line selects */
	FR_RESULT,        /* Resultat */
};

struct forecast_figures {
	money_t budget;        /* the year's budget */
	money_t period_budget; /* the budget through the period's end, by profile */
	money_t actual;        /* the books through the period's end */
	money_t forecast;      /* the full-year forecast */
	money_t difference;    /* positive: better than budget */
};

struct forecast_row {
	enum forecast_row_kind kind;
	char *label;
	int level;                      /* indentation: 0 section, 1 group, 2 subgroup, 3 line */
	enum budget_kind line_kind;     /* FR_LINE, FR_OTHER */
	struct forecast_figures f;
	enum forecast_method method;    /* FR_LINE */
	date_t method_as_of;            /* FR_LINE: the entry used, 0 when none (budget) */
	char *comment;                  /* FR_LINE: the entry's comment, "" */
};

/* One year of the equity path. */
struct equity_point {
	int year;
	money_t result;         /* forecast (first year) or planned result */
	money_t equity;         /* at the year's end */
	money_t contributions;  /* the year's contributions (forecast or plan) */
	money_t income;         /* the year's income (contributions and other) */
};

struct forecast_table {
	int year;
	date_t from, to;             /* the period of the actual outcome */
	int months;                  /* whole months in the period, 0 when it ends mid-month */
	bool has_books;
	struct budget budget;        /* the version compared against */
	struct forecast_row *rows;
	size_t nrows, rows_cap;
	struct forecast_figures income, costs, financial, result;
	money_t contributions_forecast;
	money_t book_result;         /* the books' result, equal to result.actual */
	bool equity_known;           /* the books have the year's opening balance */
	money_t opening_equity;      /* at the year's start */
	struct equity_point path[1 + BUDGET_PLAN_MAX]; /* the year, then the plan years */
	size_t npath;
	char *other_accounts;        /* accounts no line selects, "" */
};

/* Build the forecast table of `year` against budget version `seq` (0: the
 * latest), with the actual outcome through `to` (0: the books' last day)
 * and the forecast entries made up to that day. */
bool forecast_compute(struct store *st, int year, int seq, date_t to, struct forecast_table *out,
		      struct error *err);
void forecast_table_free(struct forecast_table *t);

/* The day a forecast entered now against t is made with: the last day of
 * t's actual outcome, 0 when t's year has no books yet (nothing to
 * forecast from, so the day must be given). */
date_t forecast_entry_day(const struct forecast_table *t);

/* share = part / whole in hundredths of a percent, rounded half away from
 * zero; false when whole is 0. */
bool plan_percent(money_t part, money_t whole, int64_t *share);

#endif
