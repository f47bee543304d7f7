/*
 * output — tables for people, CSV and JSON for programs.
 *
 * A command fills an out_table (columns with a type, then rows of cells)
 * and prints it in the format the user chose. The three formats are a
 * stable contract (docs/output.md):
 *   table  Swedish number formatting ("-1 234,50"), aligned columns, a
 *          title; for people.
 *   csv    a header row of the column keys, comma-separated, amounts as
 *          plain decimals with a dot and two decimals, ISO dates.
 *   json   an object: the meta fields, then the rows as an array of
 *          objects under `rows_key`, and the totals row under "totals";
 *          amounts as integers in öre ("amount_unit": "öre").
 */
#ifndef FINSAM_CLI_OUTPUT_H
#define FINSAM_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util/date.h"
#include "util/error.h"
#include "util/money.h"

enum out_format { OUT_TABLE, OUT_CSV, OUT_JSON };

enum out_type {
	OUT_TEXT,  /* left-aligned text */
	OUT_MONEY, /* öre; right-aligned */
	OUT_INT,   /* integer; right-aligned */
	OUT_DATE,  /* YYYYMMDD; ISO in every format */
	OUT_KRONOR,  /* öre shown in whole kronor in tables; as OUT_MONEY elsewhere */
	OUT_PERCENT, /* hundredths of a percent: "24 %" in tables, "23.82" in CSV,
		      * the integer 2382 in JSON */
};

struct out_column {
	const char *key;    /* CSV header and JSON key (English, snake_case) */
	const char *title;  /* table header (Swedish) */
	enum out_type type;
	int max_width;      /* tables: text is shortened beyond this many columns;
			     * 0: the default (48), -1: never shortened */
};

struct out_cell {
	char *text;         /* OUT_TEXT; NULL for an empty cell */
	int64_t number;     /* OUT_MONEY, OUT_INT, OUT_DATE */
	bool null;          /* no value */
};

struct out_row {
	struct out_cell *cells;
	bool total;         /* a sum row: set apart in tables, "totals" in JSON */
};

struct out_meta {
	const char *key;    /* JSON key; NULL: table only */
	const char *label;  /* table: "label: value" under the title; NULL: JSON only */
	char *text;         /* the value as text (JSON string) */
	int64_t number;     /* used when text is NULL */
	bool is_json;       /* text is JSON, embedded as it is */
};

struct out_table {
	const struct out_column *cols;
	size_t ncols;
	struct out_row *rows;
	size_t nrows, rows_cap;
	size_t cur;          /* next cell of the last row */
	char *title;         /* table format: printed first */
	struct out_meta *meta;
	size_t nmeta, meta_cap;
	char **notes;        /* table format: printed after the table */
	size_t nnotes, notes_cap;
};

/* Parse --format; false (ERR_USAGE) on an unknown name. NULL means table. */
bool out_parse_format(const char *s, enum out_format *out, struct error *err);

void out_init(struct out_table *t, const struct out_column *cols, size_t ncols);
void out_free(struct out_table *t);
void out_set_title(struct out_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void out_meta_text(struct out_table *t, const char *key, const char *label, const char *value);
void out_meta_int(struct out_table *t, const char *key, const char *label, int64_t value);
/* A fact whose value is JSON text: embedded in JSON, shown as text in tables. */
void out_meta_json(struct out_table *t, const char *key, const char *label, const char *json);
void out_note(struct out_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Start a row (a total row when `total`); then add its cells in order. */
void out_row(struct out_table *t, bool total);
void out_text(struct out_table *t, const char *s);
void out_money(struct out_table *t, money_t m);
void out_int(struct out_table *t, int64_t n);
void out_date(struct out_table *t, date_t d);
void out_null(struct out_table *t);

/* Print in the chosen format; `rows_key` names the JSON array. */
bool out_print(const struct out_table *t, FILE *f, enum out_format fmt, const char *rows_key,
	       struct error *err);

/* Write s left-aligned in `width` terminal columns (UTF-8 aware); with
 * `cut`, longer text is shortened to fit, ending in "…". */
void out_padded(FILE *f, const char *s, size_t width, bool cut);

/* A share in hundredths of a percent as people read it: "24 %". */
char *out_percent_text(int64_t hundredths, char *buf, size_t size);
/* Write s as a CSV field (quoted when it needs to be). */
void out_csv_field(FILE *f, const char *s);

#endif
