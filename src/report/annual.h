/*
 * annual — what the annual report adds to the statements: the cash-flow
 * statement (kassaflödesanalys, indirect method) and the five-year
 * overview of key figures, both from the books' balances.
 *
 * Cash flow for a period, from each account's balance at its start and
 * end (Δ = closing − opening, debit positive), by the classes that BAS and
 * Kommun-BAS share:
 *   result                   the period's result (899x closing entries left out)
 *   provisions (21–22)       −Δ: a provision made costs nothing in cash
 *   receivables (14–17)      −Δ: more owed to the förbund is less cash
 *   short-term debts (24–29) −Δ: more owed by it is more cash
 *   = from operations
 *   investments (10–13)      −Δ
 *   long-term debts (23)     −Δ
 *   other equity             the change in equity (class 20 and the open
 *                            result) that the result does not explain
 *   = the period's cash flow; cash (18–19) at the start + flow = at the end.
 * The last identity holds whenever the vouchers balance; the audit checks it.
 *
 * Five-year overview: for each of the latest (at most five) fiscal years
 * that end by the report's day: income (−Δ class 3), costs (Δ classes
 * 4–7, shown negative), the result, equity at the year's end and its
 * share of the total assets (soliditet).
 */
#ifndef FINSAM_REPORT_ANNUAL_H
#define FINSAM_REPORT_ANNUAL_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "util/date.h"
#include "util/error.h"
#include "util/money.h"

struct cashflow {
	date_t from, to;
	money_t result, provisions, receivables, debts, operations;
	money_t investments, long_term, other_equity;
	money_t flow;
	money_t cash_start, cash_end;
};

/* The cash flow of from..to (within one fiscal year). */
bool cashflow_compute(struct store *st, date_t from, date_t to, struct cashflow *out,
		      struct error *err);

#define FIVE_YEARS 5

struct year_figures {
	int year;               /* the calendar year the fiscal year starts in */
	date_t start, end;
	money_t income, costs, result, equity, assets;
	bool has_solidity;
	int64_t solidity_bp;    /* equity / assets, hundredths of a percent */
};

/* The fiscal years ending on or before `upto`, latest last, at most five;
 * *n is how many the store has. */
bool five_years(struct store *st, date_t upto, struct year_figures out[FIVE_YEARS], size_t *n,
		struct error *err);

#endif
