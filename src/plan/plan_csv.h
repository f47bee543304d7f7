/*
 * plan_csv — what the plan's CSV files (budget, forecast, members) share:
 * finding their columns by Swedish header names, columns that carry a
 * year in their name ("Plan 2024", "Erbjudande 2023"), and objects
 * written as "6:CTO" or "CTO".
 */
#ifndef FINSAM_PLAN_CSV_H
#define FINSAM_PLAN_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "util/csv.h"
#include "util/error.h"

/* A named column of a format. */
struct plan_column {
	const char *name;  /* the header as exported ("Rad") */
	const char *alias; /* another header accepted on import, or NULL */
	bool required;
	int index;         /* filled by plan_csv_columns: the field, -1 when absent */
};

/* A column whose header is a word and a year ("Plan 2024"). */
struct plan_year_column {
	int word;  /* which of the year words */
	int year;
	int index; /* the field */
};

/* Map f's header (records[0]) to cols (n of them) and to year columns whose
 * header is one of `year_words` (NULL-terminated; NULL for none) followed
 * by a year, up to max_years in header order. Any other header, a column
 * given twice, a missing required column or a file without rows is an
 * ERR_INPUT error naming the file and line. */
bool plan_csv_columns(const struct csv_file *f, struct plan_column *cols, size_t n,
		      const char *const *year_words, struct plan_year_column *years,
		      size_t max_years, size_t *nyears, struct error *err);

/* The text of column `col` in record r ("" when absent or short). */
const char *plan_csv_field(const struct csv_record *r, const struct plan_column *col);

/* Parse an amount field (an empty one is 0 when `empty_ok`); on failure an
 * error naming file, line and column. */
bool plan_csv_amount(const struct csv_file *f, const struct csv_record *r, int index,
		     bool empty_ok, money_t *out, struct error *err);

/* Resolve an object written "DIM:CODE" or "CODE" (unique over dimensions)
 * against the store; an error naming file, line and column when it is
 * unknown or ambiguous. */
bool plan_csv_object(struct store *st, const struct csv_file *f, const struct csv_record *r,
		     int index, int *dim, char **code, struct error *err);

/* Apply fn to every row of f (after its header) in one transaction, after
 * running `first_sql` (NULL: nothing) in it: all rows land or none does.
 * *count gets the number of rows applied (0 on failure). */
typedef bool plan_csv_row_fn(struct store *st, const struct csv_file *f,
			     const struct csv_record *r, void *ctx, struct error *err);
bool plan_csv_apply(struct store *st, const struct csv_file *f, const char *first_sql,
		    plan_csv_row_fn *fn, void *ctx, size_t *count, struct error *err);

#endif
