/*
 * org — the förbund itself: name, organisation number, chart kind, and
 * its fiscal years.
 */
#ifndef FINSAM_BOOKS_ORG_H
#define FINSAM_BOOKS_ORG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "books/chart.h"
#include "store/store.h"
#include "util/date.h"

struct org_info {
	char *name;
	char *orgnr;
	enum chart_kind chart;
	bool chart_set_by_user; /* false: detected at import (or not yet known) */
};

bool org_get(struct store *st, struct org_info *out, struct error *err);
void org_info_free(struct org_info *o);
/* Change fields; NULL leaves a field as it is. An organisation number must
 * look like one (NNNNNN-NNNN). */
bool org_set(struct store *st, const char *name, const char *orgnr, struct error *err);
/* Set the chart kind by hand; import will no longer change it. */
bool org_set_chart(struct store *st, enum chart_kind kind, struct error *err);
/* Whether s is a Swedish organisation number (10 digits, dash allowed). */
bool org_valid_orgnr(const char *s);

struct year_summary {
	int64_t id;
	date_t start, end;
	bool has_books;      /* balances from vouchers */
	bool own_file;       /* an import had this as its year (not only -1 data) */
	date_t complete_to;  /* #OMFATTN of that import, 0 if none */
	int64_t vouchers;
	int64_t unbalanced;
	char *source_file;   /* file of the import that shaped the year, "" if none */
	char *source_time;
};

/* All fiscal years, oldest first; free with org_years_free. */
bool org_years(struct store *st, struct year_summary **out, size_t *n, struct error *err);
void org_years_free(struct year_summary *y, size_t n);

#endif
