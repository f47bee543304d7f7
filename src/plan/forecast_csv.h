/*
 * forecast_csv — forecast entries as CSV (Rad;Datum;Metod;Belopp;Kommentar),
 * for `finsam forecast import` and `export`; docs/plan.md has the format.
 */
#ifndef FINSAM_PLAN_FORECAST_CSV_H
#define FINSAM_PLAN_FORECAST_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "plan/forecast.h"
#include "store/store.h"
#include "util/error.h"

/* Enter every row of `path` as a forecast entry, all or nothing (one
 * transaction); *count gets how many. Errors name file, line and column. */
bool forecast_csv_import(struct store *st, const char *path, size_t *count, struct error *err);

/* Write the entries of `year` as CSV. */
bool forecast_csv_write(struct store *st, int year, FILE *f, struct error *err);

#endif
