/*
 * plan_csv — columns, amounts and objects of the plan's CSV files; see
 * plan_csv.h.
 */
#include "plan/plan_csv.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* "Plan 2024" with year_word "Plan" gives 2024; 0 when it is not such a header. */
static int year_header(const char *field, const char *year_word)
{
	size_t n = strlen(year_word);
	if (strlen(field) <= n)
		return 0;
	char *word = xstrndup(field, n);
	bool same = csv_same_name(word, year_word);
	free(word);
	if (!same || field[n] != ' ')
		return 0;
	const char *p = field + n;
	while (*p == ' ')
		p++;
	char *end;
	long y = strtol(p, &end, 10);
	while (*end == ' ')
		end++;
	return end - p >= 4 && !*end && y >= 1900 && y <= 9999 ? (int)y : 0;
}

bool plan_csv_columns(const struct csv_file *f, struct plan_column *cols, size_t n,
		      const char *const *year_words, struct plan_year_column *years,
		      size_t max_years, size_t *nyears, struct error *err)
{
	if (nyears)
		*nyears = 0;
	if (f->nrecords == 0) {
		csv_error(err, f, NULL, -1, "filen är tom (den ska ha en rubrikrad och rader)");
		return false;
	}
	const struct csv_record *h = &f->records[0];
	for (size_t c = 0; c < n; c++)
		cols[c].index = -1;
	for (size_t i = 0; i < h->nfields; i++) {
		const char *name = h->fields[i];
		int found = -1;
		for (size_t c = 0; c < n && found < 0; c++)
			if (csv_same_name(name, cols[c].name) ||
			    (cols[c].alias && csv_same_name(name, cols[c].alias)))
				found = (int)c;
		int year = 0, word = 0;
		for (; found < 0 && !year && year_words && year_words[word]; word++)
			year = year_header(name, year_words[word]);
		if (found >= 0) {
			if (cols[found].index >= 0) {
				csv_error(err, f, h, (int)i, "kolumnen finns två gånger");
				return false;
			}
			cols[found].index = (int)i;
		} else if (year) {
			for (size_t y = 0; y < *nyears; y++)
				if (years[y].year == year && years[y].word == word - 1) {
					csv_error(err, f, h, (int)i, "kolumnen finns två gånger");
					return false;
				}
			if (*nyears == max_years) {
				csv_error(err, f, h, (int)i, "för många kolumner med år (högst %zu)",
					  max_years);
				return false;
			}
			years[(*nyears)++] = (struct plan_year_column){ word - 1, year, (int)i };
		} else if (*name) {
			csv_error(err, f, h, (int)i, "okänd kolumn \"%s\" (se docs/plan.md)", name);
			return false;
		}
	}
	for (size_t c = 0; c < n; c++)
		if (cols[c].required && cols[c].index < 0) {
			csv_error(err, f, h, -1, "kolumnen \"%s\" saknas i rubrikraden", cols[c].name);
			return false;
		}
	if (f->nrecords < 2) {
		csv_error(err, f, h, -1, "filen har bara en rubrikrad");
		return false;
	}
	return true;
}

const char *plan_csv_field(const struct csv_record *r, const struct plan_column *col)
{
	return col->index >= 0 && (size_t)col->index < r->nfields ? r->fields[col->index] : "";
}

bool plan_csv_amount(const struct csv_file *f, const struct csv_record *r, int index,
		     bool empty_ok, money_t *out, struct error *err)
{
	const char *s = index >= 0 && (size_t)index < r->nfields ? r->fields[index] : "";
	if (!*s && empty_ok) {
		*out = 0;
		return true;
	}
	const char *why = NULL;
	if (csv_parse_amount(s, out, &why))
		return true;
	csv_error(err, f, r, index, "\"%s\" är inget belopp: %s", s, why);
	return false;
}

bool plan_csv_object(struct store *st, const struct csv_file *f, const struct csv_record *r,
		     int index, int *dim, char **code, struct error *err)
{
	const char *s = r->fields[index];
	const char *colon = strchr(s, ':');
	long want_dim = 0;
	const char *want = s;
	if (colon) {
		char *end;
		want_dim = strtol(s, &end, 10);
		if (end != colon || want_dim <= 0) {
			csv_error(err, f, r, index, "\"%s\" är inget objekt (DIM:KOD eller KOD)", s);
			return false;
		}
		want = colon + 1;
	}
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT dim FROM object WHERE code = ?1 AND (?2 = 0 OR dim = ?2) "
			   "ORDER BY dim LIMIT 2",
			   err))
		return false;
	store_bind_text(stmt, 1, want);
	sqlite3_bind_int64(stmt, 2, want_dim);
	int found = 0, rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW)
		if (found++ == 0)
			*dim = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return false;
	if (found != 1) {
		csv_error(err, f, r, index,
			  found ? "objektet \"%s\" finns i flera dimensioner; skriv DIM:KOD"
				: "objektet \"%s\" finns inte (se finsam objects)",
			  s);
		return false;
	}
	*code = xstrdup(want);
	return true;
}

bool plan_csv_apply(struct store *st, const struct csv_file *f, const char *first_sql,
		    plan_csv_row_fn *fn, void *ctx, size_t *count, struct error *err)
{
	*count = 0;
	if (!store_begin(st, err))
		return false;
	bool ok = !first_sql || store_exec(st, first_sql, err);
	for (size_t r = 1; ok && r < f->nrecords; r++, ++*count)
		ok = fn(st, f, &f->records[r], ctx, err);
	if (ok)
		return store_commit(st, err);
	store_rollback(st);
	*count = 0;
	return false;
}
