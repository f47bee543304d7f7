/*
 * forecast_csv — forecast entries to and from CSV; see forecast_csv.h.
 */
#include "plan/forecast_csv.h"

#include <string.h>

#include "plan/plan_csv.h"
#include "util/csv.h"

enum { C_LINE, C_DATE, C_METHOD, C_AMOUNT, C_COMMENT, NCOLS };

static bool import_row(struct store *st, const struct csv_file *f, const struct csv_record *r,
		       void *ctx, struct error *err)
{
	const struct plan_column *cols = ctx;
	const char *line = plan_csv_field(r, &cols[C_LINE]);
	const char *day = plan_csv_field(r, &cols[C_DATE]);
	const char *method_text = plan_csv_field(r, &cols[C_METHOD]);
	date_t as_of;
	enum forecast_method method;
	if (!date_parse(day, strlen(day), &as_of, NULL)) {
		csv_error(err, f, r, cols[C_DATE].index, "\"%s\" är inget datum (ÅÅÅÅ-MM-DD)", day);
		return false;
	}
	if (!forecast_method_parse(method_text, &method)) {
		csv_error(err, f, r, cols[C_METHOD].index,
			  "\"%s\" är ingen metod (manuell, budget, linjär eller utfall+rest)",
			  method_text);
		return false;
	}
	bool has_amount = *plan_csv_field(r, &cols[C_AMOUNT]) != '\0';
	money_t amount = 0;
	if (has_amount && !plan_csv_amount(f, r, cols[C_AMOUNT].index, false, &amount, err))
		return false;
	struct error e = ERROR_INIT;
	if (forecast_set(st, as_of / 10000, line, as_of, method, has_amount, amount,
			 plan_csv_field(r, &cols[C_COMMENT]), &e))
		return true;
	csv_error(err, f, r, -1, "%s", e.text ? e.text : "");
	error_clear(&e);
	return false;
}

bool forecast_csv_import(struct store *st, const char *path, size_t *count, struct error *err)
{
	struct plan_column cols[NCOLS] = {
		[C_LINE] = { "Rad", NULL, true, -1 },	     [C_DATE] = { "Datum", NULL, true, -1 },
		[C_METHOD] = { "Metod", NULL, true, -1 },    [C_AMOUNT] = { "Belopp", NULL, false, -1 },
		[C_COMMENT] = { "Kommentar", NULL, false, -1 },
	};
	struct csv_file f;
	memset(&f, 0, sizeof f);
	*count = 0;
	bool ok = csv_read_file(path, &f, err) &&
		  plan_csv_columns(&f, cols, NCOLS, NULL, NULL, 0, NULL, err) &&
		  plan_csv_apply(st, &f, NULL, import_row, cols, count, err);
	csv_free(&f);
	return ok;
}

bool forecast_csv_write(struct store *st, int year, FILE *f, struct error *err)
{
	struct forecast_entry *e;
	size_t n;
	if (!forecast_entries(st, year, 0, &e, &n, err))
		return false;
	csv_write_bom(f);
	static const char *const head[] = { "Rad", "Datum", "Metod", "Belopp", "Kommentar" };
	for (size_t c = 0; c < NCOLS; c++)
		csv_write_field(f, head[c], c == NCOLS - 1);
	for (size_t i = 0; i < n; i++) {
		char day[16];
		csv_write_field(f, e[i].line, false);
		csv_write_field(f, date_format(e[i].as_of, day), false);
		csv_write_field(f, forecast_method_name(e[i].method), false);
		if (e[i].method == FM_MANUAL)
			csv_write_amount(f, e[i].amount, false);
		else
			csv_write_field(f, "", false);
		csv_write_field(f, e[i].comment, true);
	}
	forecast_entries_free(e, n);
	if (fflush(f) != 0 || ferror(f)) {
		error_set(err, ERR_INTERNAL, "kunde inte skriva prognosfilen");
		return false;
	}
	return true;
}
