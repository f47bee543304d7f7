/*
 * csv — reading and writing CSV as Swedish Excel writes it.
 *
 * The budget, forecast and member imports read small tables that people
 * keep in Excel. Swedish Excel saves them separated by semicolons (the
 * comma is the decimal sign), as Windows-1252 (plain "CSV") or as UTF-8
 * with a byte order mark ("CSV UTF-8"), with CRLF line ends and RFC 4180
 * quoting. This module reads such a file whole into records of UTF-8
 * strings, each with the line it began on for messages ("budget.csv:7:
 * ..."), parses the Swedish way of writing amounts, percentages and
 * counts, and writes files that read back identically and open well in
 * Swedish Excel. See docs/csv.md for the exact rules.
 */
#ifndef FINSAM_UTIL_CSV_H
#define FINSAM_UTIL_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/arena.h"
#include "util/charset.h"
#include "util/error.h"
#include "util/money.h"

/* The largest file read: 16 MiB. */
#define CSV_MAX_BYTES ((size_t)16 * 1024 * 1024)
/* The most fields one record may have. */
#define CSV_MAX_FIELDS 1000
/* The most records (not counting skipped empty ones) a file may have. */
#define CSV_MAX_RECORDS 100000
/* The largest percentage csv_parse_percent accepts, in basis points: 1 000 %. */
#define CSV_MAX_PERCENT_BP 100000

struct csv_record {
	char **fields;  /* nfields NUL-terminated UTF-8 strings, never NULL */
	size_t nfields; /* at least 1 */
	long line;      /* 1-based physical line of the file where the record begins */
};

struct csv_file {
	char *name;                  /* the path or name given, for messages */
	enum text_encoding encoding; /* ENC_ASCII, ENC_UTF8 or ENC_CP1252: what the bytes were */
	bool bom;                    /* the file began with a UTF-8 byte order mark */
	char delimiter;              /* ';', '\t' or ',' */
	struct csv_record *records;  /* in file order, records whose fields are all empty left out;
				      * records[0] is the header when the file has one */
	size_t nrecords;             /* how many records */
	struct arena mem;            /* where the fields and their texts live */
};

/* Read the CSV file at path into out (see csv_read_mem). Fails with
 * ERR_INPUT, the message naming the path, when the file cannot be read, is
 * a directory, is larger than CSV_MAX_BYTES, or csv_read_mem refuses it. */
bool csv_read_file(const char *path, struct csv_file *out, struct error *err);

/* Read n bytes of CSV named `name` (the name goes into messages) into out.
 * Detected: the encoding (UTF-8, leading BOMs dropped; else Windows-1252,
 * converted) and the delimiter (the commonest of ; tab , outside quotes on
 * the first non-empty line, ';' on ties; or what an Excel "sep=;" first
 * line says). Unquoted fields lose their surrounding spaces (and tabs,
 * unless tab is the delimiter); quoted ones are kept exactly. Records
 * whose fields are all empty are left out. Fails with ERR_INPUT and
 * file:line on a NUL byte, invalid UTF-8 after a BOM, a file mixing UTF-8
 * and 8-bit text, an unterminated quote (at the line where the quoted
 * field began), text after a closing quote, or more than CSV_MAX_BYTES,
 * CSV_MAX_FIELDS or CSV_MAX_RECORDS. An empty file gives no records and is
 * not an error. On failure out is left empty; either way csv_free frees
 * it. */
bool csv_read_mem(const char *name, const char *data, size_t n, struct csv_file *out,
		  struct error *err);

/* Free what csv_read_* gave; accepts a zeroed struct. f is zeroed after. */
void csv_free(struct csv_file *f);

/* Whether a and b are the same name: compared without surrounding spaces
 * and without regard to case for ASCII and the Latin-1 letters. */
bool csv_same_name(const char *a, const char *b);

/* The index of the field of header equal to name, comparing without
 * surrounding spaces and without regard to case for ASCII and the Latin-1
 * letters (å ä ö é ü ...): "belopp" finds " Belopp ", "år" finds "ÅR".
 * The first match wins; -1 when there is none (or header is NULL). */
int csv_find_column(const struct csv_record *header, const char *name);

/* Record an ERR_INPUT failure at f's name and r's line (no line when r is
 * NULL). With column >= 0 the text is prefixed "kolumn N (Name): ", N
 * counting from 1 and Name taken from the header, f->records[0] ("kolumn
 * N: " when the header has no name there). The first failure wins. */
void csv_error(struct error *err, const struct csv_file *f, const struct csv_record *r,
	       int column, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Parse a Swedish amount: "1 234 567,89", "-1 234,5", "−1 234" (U+2212),
 * "+12", "1 234 kr", thousands separated by a space, U+00A0 or U+202F in
 * groups of exactly three digits, a decimal comma and at most two non-zero
 * decimals; surrounding spaces are ignored. A decimal point is refused as
 * ambiguous, and so is an empty string. On failure *out is unchanged and
 * *why points to a static Swedish reason. */
bool csv_parse_amount(const char *s, money_t *out, const char **why);

/* Parse a percentage written like an amount, optionally followed by "%":
 * "33,33", "33,33 %", "100" give 3333, 3333, 10000 hundredths of a percent.
 * 0 to 1 000 % (CSV_MAX_PERCENT_BP); negative ones are refused. On failure
 * *basis_points is unchanged and *why gets a static Swedish reason. */
bool csv_parse_percent(const char *s, int32_t *basis_points, const char **why);

/* Parse a whole number such as a population: "12 345" (grouped like an
 * amount), "-3", "1 234,00" (decimals only as zeros), up to INT64_MAX in
 * magnitude; callers check the sign. On failure *out is unchanged and
 * *why gets a static Swedish reason. */
bool csv_parse_int(const char *s, int64_t *out, const char **why);

/* Write the UTF-8 byte order mark, by which Excel knows a file is UTF-8. */
void csv_write_bom(FILE *f);
/* Write a field followed by ';', or by CRLF when it is the last of its
 * record. Quoted (with "" for ") when it contains ; " , tab, CR or LF,
 * begins or ends with a space, or begins with U+FEFF or "sep=", so that
 * csv_read_* reads it back exactly. Errors show in ferror(f). */
void csv_write_field(FILE *f, const char *s, bool last);
/* Write an amount the way Excel reads it: "1234567,89", "-0,05", "0,00". */
void csv_write_amount(FILE *f, money_t m, bool last);
/* Write hundredths of a percent as a number: 3333 as "33,33". */
void csv_write_percent(FILE *f, int32_t basis_points, bool last);

#endif
