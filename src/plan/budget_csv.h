/*
 * budget_csv — a budget as a CSV file, the way the office keeps it in
 * Excel; read for `finsam budget import`, written by `finsam budget
 * export`, and the one read back gives the same budget. The format is in
 * docs/plan.md.
 */
#ifndef FINSAM_PLAN_BUDGET_CSV_H
#define FINSAM_PLAN_BUDGET_CSV_H

#include <stdbool.h>
#include <stdio.h>

#include "plan/budget.h"
#include "store/store.h"
#include "util/error.h"

/* Read the budget in `path` into out (an uninitialised struct; free it
 * with budget_free, also after failure). The year comes from the column
 * "Budget ÅÅÅÅ", or from `year` when the amount column is "Helår" (a
 * different `year` with a "Budget ÅÅÅÅ" column is an error). Objects are
 * resolved against the store. Errors name file, line and column; nothing
 * is written to the store. */
bool budget_csv_read(struct store *st, const char *path, int year, struct budget *out,
		     struct error *err);

/* Write b as CSV (UTF-8 with BOM, semicolons, decimal commas). */
bool budget_csv_write(const struct budget *b, FILE *f, struct error *err);

#endif
