/*
 * forecast_round — the forecast table's figures in whole kronor for print,
 * so that the printed lines add up to the printed subtotals and totals
 * and each printed difference is the printed budget and forecast's.
 *
 * The table shows a subgroup's sum before its lines (plan/forecast.h);
 * for rounding the rows are taken in the order sums follow their parts —
 * lines, subgroup (level 1), group (level 2), section (level 3) — and
 * handed to report/rounding.c: with the report's largest-remainder
 * rounding, each line is rounded on its own (an intervention's card quotes
 * its line, and must print the same figure) and each sum is the sum of its
 * printed parts (round_items_up); with plain rounding every figure alone.
 * The difference column is then derived from the printed budget and
 * forecast with the row's own sign, and the result row from the printed
 * sections.
 */
#ifndef FINSAM_REPORT_FORECAST_ROUND_H
#define FINSAM_REPORT_FORECAST_ROUND_H

#include <stdbool.h>
#include <stdint.h>

#include "plan/forecast.h"

enum fc_col { FC_BUDGET, FC_ACTUAL, FC_FORECAST, FC_DIFFERENCE, FC_COLS };

/* shown[row * FC_COLS + col] for every row of t (headings get 0). */
void forecast_round(const struct forecast_table *t, bool largest_remainder, int64_t *shown);

/* The exact figure of a row's column. */
money_t forecast_exact(const struct forecast_row *r, enum fc_col col);

#endif
