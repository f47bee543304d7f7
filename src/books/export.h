/*
 * export — a fiscal year of the store written as a SIE file (see
 * export.c for what goes in). Round trip: importing the export into an
 * empty store gives the same books.
 */
#ifndef FINSAM_BOOKS_EXPORT_H
#define FINSAM_BOOKS_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "store/store.h"
#include "util/date.h"

struct export_options {
	int64_t year_id;     /* the fiscal year to write */
	bool only_vouchers;  /* SIE 4I instead of 4E */
	date_t today;        /* for #GEN */
	int sie_type;        /* out: the type written (1, 3 or 4) */
};

bool books_export_sie(struct store *st, FILE *f, struct export_options *opt, struct error *err);

#endif
