/*
 * org — organisation facts and fiscal years; see org.h.
 */
#include "books/org.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

bool org_get(struct store *st, struct org_info *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT name, orgnr, chart_kind, chart_kind_source FROM org WHERE id = 1",
			   err))
		return false;
	int rc = store_step(st, stmt, err);
	if (rc == SQLITE_ROW) {
		out->name = xstrdup(store_column_text(stmt, 0));
		out->orgnr = xstrdup(store_column_text(stmt, 1));
		chart_kind_parse(store_column_text(stmt, 2), &out->chart);
		out->chart_set_by_user = strcmp(store_column_text(stmt, 3), "user") == 0;
	} else if (rc == SQLITE_DONE) {
		error_set(err, ERR_INTERNAL, "databasen saknar organisationsuppgifter");
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW;
}

void org_info_free(struct org_info *o)
{
	free(o->name);
	free(o->orgnr);
	memset(o, 0, sizeof *o);
}

bool org_valid_orgnr(const char *s)
{
	size_t digits = 0, i = 0;
	for (; s[i]; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!(s[i] == '-' && digits == 6))
			return false;
	}
	return digits == 10;
}

bool org_set(struct store *st, const char *name, const char *orgnr, struct error *err)
{
	if (orgnr && *orgnr && !org_valid_orgnr(orgnr)) {
		error_set(err, ERR_USAGE,
			  "\"%s\" är inget organisationsnummer (tio siffror, NNNNNN-NNNN)", orgnr);
		return false;
	}
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "UPDATE org SET name = coalesce(?1, name), orgnr = coalesce(?2, orgnr)\n"
			   "WHERE id = 1",
			   err))
		return false;
	store_bind_text(stmt, 1, name);
	store_bind_text(stmt, 2, orgnr);
	int rc = store_step(st, stmt, err);
	sqlite3_finalize(stmt);
	return rc >= 0;
}

bool org_set_chart(struct store *st, enum chart_kind kind, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "UPDATE org SET chart_kind = ?, chart_kind_source = 'user' WHERE id = 1",
			   err))
		return false;
	store_bind_text(stmt, 1, chart_kind_name(kind));
	int rc = store_step(st, stmt, err);
	sqlite3_finalize(stmt);
	return rc >= 0;
}

bool org_years(struct store *st, struct year_summary **out, size_t *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT y.id, y.start_date, y.end_date, y.has_books,\n"
			   "  y.source_import IS NOT NULL, coalesce(y.complete_to, 0),\n"
			   "  (SELECT count(*) FROM voucher v WHERE v.year_id = y.id),\n"
			   "  (SELECT count(*) FROM voucher v WHERE v.year_id = y.id\n"
			   "     AND v.imbalance <> 0),\n"
			   "  coalesce(i.file_name, ''), coalesce(i.time, '')\n"
			   "FROM fiscal_year y LEFT JOIN import i ON i.id = y.source_import\n"
			   "ORDER BY y.start_date",
			   err))
		return false;
	size_t cap = 0;
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = (struct year_summary){
			.id = sqlite3_column_int64(stmt, 0),
			.start = sqlite3_column_int(stmt, 1),
			.end = sqlite3_column_int(stmt, 2),
			.has_books = sqlite3_column_int(stmt, 3) != 0,
			.own_file = sqlite3_column_int(stmt, 4) != 0,
			.complete_to = sqlite3_column_int(stmt, 5),
			.vouchers = sqlite3_column_int64(stmt, 6),
			.unbalanced = sqlite3_column_int64(stmt, 7),
			.source_file = xstrdup(store_column_text(stmt, 8)),
			.source_time = xstrdup(store_column_text(stmt, 9)),
		};
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		org_years_free(*out, *n);
		*out = NULL;
		*n = 0;
		return false;
	}
	return true;
}

void org_years_free(struct year_summary *y, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(y[i].source_file);
		free(y[i].source_time);
	}
	free(y);
}
