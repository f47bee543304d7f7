/*
 * budget_csv — a budget to and from CSV; see budget_csv.h and the format
 * in docs/plan.md.
 */
#include "plan/budget_csv.h"

#include <stdlib.h>
#include <string.h>

#include "plan/plan_csv.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/xalloc.h"

static const char *const month_names[12] = { "Jan", "Feb", "Mar", "Apr", "Maj", "Jun",
					      "Jul", "Aug", "Sep", "Okt", "Nov", "Dec" };

enum { C_KIND, C_GROUP, C_SUBGROUP, C_SUM_LABEL, C_NAME, C_ACCOUNTS, C_OBJECT, C_AMOUNT,
       C_MONTH0 };
#define NCOLS (C_MONTH0 + 12)

static const char *const year_words[] = { "Budget", "Plan", NULL };
enum { W_BUDGET, W_PLAN };

static void columns_init(struct plan_column cols[NCOLS])
{
	static const struct plan_column fixed[C_MONTH0] = {
		[C_KIND] = { "Typ", NULL, true, -1 },
		[C_GROUP] = { "Grupp", NULL, false, -1 },
		[C_SUBGROUP] = { "Undergrupp", NULL, false, -1 },
		[C_SUM_LABEL] = { "Summarad", NULL, false, -1 },
		[C_NAME] = { "Rad", NULL, true, -1 },
		[C_ACCOUNTS] = { "Konton", "Konto", false, -1 },
		[C_OBJECT] = { "Objekt", NULL, false, -1 },
		[C_AMOUNT] = { "Helår", "Belopp", false, -1 },
	};
	for (int c = 0; c < C_MONTH0; c++)
		cols[c] = fixed[c];
	for (int m = 0; m < 12; m++)
		cols[C_MONTH0 + m] = (struct plan_column){ month_names[m], NULL, false, -1 };
}

/* "351, 352 353" → "351,352,353": digits only, separated by commas. */
static bool parse_accounts(const struct csv_file *f, const struct csv_record *r, int col,
			   char **out, struct error *err)
{
	const char *s = col >= 0 && (size_t)col < r->nfields ? r->fields[col] : "";
	struct buf b = BUF_INIT(0);
	buf_puts(&b, "");
	bool in_number = false;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (!in_number && b.len)
				buf_putc(&b, ',');
			buf_putc(&b, *p);
			in_number = true;
		} else if (*p == ',' || *p == ' ') {
			in_number = false;
		} else {
			buf_free(&b);
			csv_error(err, f, r, col,
				  "\"%s\": konton skrivs som nummer eller början av nummer, "
				  "åtskilda med komma (\"351, 352\")",
				  s);
			return false;
		}
	}
	*out = buf_take(&b);
	return true;
}

static bool parse_profile(const struct csv_file *f, const struct csv_record *r,
			  const struct plan_column *cols, struct budget_line *l, struct error *err)
{
	int given = 0;
	for (int m = 0; m < 12; m++)
		given += *plan_csv_field(r, &cols[C_MONTH0 + m]) != '\0';
	if (!given)
		return true;
	for (int m = 0; m < 12; m++) {
		const char *s = plan_csv_field(r, &cols[C_MONTH0 + m]);
		const char *why = NULL;
		l->profile[m] = 0;
		if (*s && !csv_parse_percent(s, &l->profile[m], &why)) {
			csv_error(err, f, r, cols[C_MONTH0 + m].index, "\"%s\" är ingen andel: %s", s,
				  why);
			return false;
		}
	}
	l->has_profile = true;
	return true;
}

static bool read_line(struct store *st, const struct csv_file *f, const struct csv_record *r,
		      const struct plan_column *cols, int amount_col,
		      const struct plan_year_column *plan, struct budget *b, struct error *err)
{
	struct budget_line *l = budget_add_line(b);
	l->source_line = r->line;
	const char *kind = plan_csv_field(r, &cols[C_KIND]);
	if (!budget_kind_parse(kind, &l->kind)) {
		csv_error(err, f, r, cols[C_KIND].index,
			  "\"%s\" är ingen radtyp (Medlemsbidrag, Intäkt, Kostnad eller Finansiell)",
			  kind);
		return false;
	}
	static const char *const default_group[] = { [BK_CONTRIBUTIONS] = "Intäkter",
						     [BK_INCOME] = "Intäkter",
						     [BK_COST] = "Kostnader",
						     [BK_FINANCIAL] = "Finansiella poster" };
	const char *group = plan_csv_field(r, &cols[C_GROUP]);
	const char *sum_label = plan_csv_field(r, &cols[C_SUM_LABEL]);
	l->group = xstrdup(*group ? group : default_group[l->kind]);
	l->subgroup = xstrdup(plan_csv_field(r, &cols[C_SUBGROUP]));
	l->sum_label = *sum_label ? xstrdup(sum_label) : NULL;
	l->name = xstrdup(plan_csv_field(r, &cols[C_NAME]));
	if (!*l->name) {
		csv_error(err, f, r, cols[C_NAME].index, "raden saknar namn");
		return false;
	}
	if (!parse_accounts(f, r, cols[C_ACCOUNTS].index, &l->accounts, err))
		return false;
	if (*plan_csv_field(r, &cols[C_OBJECT]) &&
	    !plan_csv_object(st, f, r, cols[C_OBJECT].index, &l->object_dim, &l->object_code, err))
		return false;
	if (!plan_csv_amount(f, r, amount_col, false, &l->amount, err))
		return false;
	for (size_t y = 0; y < b->nplan; y++)
		if (!plan_csv_amount(f, r, plan[y].index, true, &l->plan[y], err))
			return false;
	return parse_profile(f, r, cols, l, err);
}

/* The budget's year and amount column from the header: "Budget ÅÅÅÅ" or
 * "Helår" with --year; and the plan columns, in year order. */
static bool year_columns(const struct csv_file *f, const struct plan_column *cols,
			 struct plan_year_column *years, size_t nyears, int year, int *amount_col,
			 struct plan_year_column *plan, struct budget *b, struct error *err)
{
	const struct csv_record *h = &f->records[0];
	*amount_col = cols[C_AMOUNT].index;
	for (size_t y = 0; y < nyears; y++) {
		if (years[y].word != W_BUDGET)
			continue;
		if (*amount_col >= 0) {
			csv_error(err, f, h, years[y].index,
				  "en budgetfil har en beloppskolumn: \"Budget ÅÅÅÅ\" eller \"Helår\"");
			return false;
		}
		*amount_col = years[y].index;
		if (year && year != years[y].year) {
			csv_error(err, f, h, years[y].index,
				  "kolumnen gäller %d, men --year säger %d", years[y].year, year);
			return false;
		}
		year = years[y].year;
	}
	if (*amount_col < 0) {
		csv_error(err, f, h, -1, "kolumnen \"Budget ÅÅÅÅ\" (eller \"Helår\") saknas");
		return false;
	}
	if (!year) {
		csv_error(err, f, h, -1,
			  "vilket år gäller budgeten? Döp beloppskolumnen till \"Budget ÅÅÅÅ\" "
			  "eller ange --year");
		return false;
	}
	b->year = year;
	for (size_t y = 0; y < nyears; y++) {
		if (years[y].word != W_PLAN)
			continue;
		if (years[y].year <= year || (b->nplan && years[y].year <= plan[b->nplan - 1].year)) {
			csv_error(err, f, h, years[y].index,
				  "planåren kommer efter budgetåret %d, i ordning", year);
			return false;
		}
		plan[b->nplan] = years[y];
		b->plan_years[b->nplan++] = years[y].year;
	}
	return true;
}

bool budget_csv_read(struct store *st, const char *path, int year, struct budget *out,
		     struct error *err)
{
	budget_init(out, year);
	free(out->source);
	out->source = xstrdup(path);
	struct csv_file f;
	memset(&f, 0, sizeof f);
	struct plan_column cols[NCOLS];
	columns_init(cols);
	struct plan_year_column years[1 + BUDGET_PLAN_MAX], plan[BUDGET_PLAN_MAX];
	size_t nyears = 0;
	int amount_col = -1;
	bool ok = csv_read_file(path, &f, err) &&
		  plan_csv_columns(&f, cols, NCOLS, year_words, years, 1 + BUDGET_PLAN_MAX,
				   &nyears, err) &&
		  year_columns(&f, cols, years, nyears, year, &amount_col, plan, out, err);
	for (size_t r = 1; ok && r < f.nrecords; r++)
		ok = read_line(st, &f, &f.records[r], cols, amount_col, plan, out, err);
	csv_free(&f);
	return ok;
}

bool budget_csv_write(const struct budget *b, FILE *f, struct error *err)
{
	csv_write_bom(f);
	static const char *const head[] = { "Typ", "Grupp", "Undergrupp", "Summarad",
					    "Rad", "Konton", "Objekt" };
	for (size_t c = 0; c < sizeof head / sizeof head[0]; c++)
		csv_write_field(f, head[c], false);
	char name[32];
	snprintf(name, sizeof name, "Budget %d", b->year);
	csv_write_field(f, name, false);
	for (size_t y = 0; y < b->nplan; y++) {
		snprintf(name, sizeof name, "Plan %d", b->plan_years[y]);
		csv_write_field(f, name, false);
	}
	for (int m = 0; m < 12; m++)
		csv_write_field(f, month_names[m], m == 11);
	for (size_t i = 0; i < b->nlines; i++) {
		const struct budget_line *l = &b->lines[i];
		bool first_of_group = true;
		for (size_t j = 0; j < i && first_of_group; j++)
			first_of_group = strcmp(b->lines[j].group, l->group) != 0;
		char object[64] = "";
		if (l->object_code)
			snprintf(object, sizeof object, "%d:%s", l->object_dim, l->object_code);
		csv_write_field(f, budget_kind_label(l->kind), false);
		csv_write_field(f, l->group, false);
		csv_write_field(f, l->subgroup, false);
		csv_write_field(f, first_of_group && l->sum_label ? l->sum_label : "", false);
		csv_write_field(f, l->name, false);
		csv_write_field(f, l->accounts, false);
		csv_write_field(f, object, false);
		csv_write_amount(f, l->amount, false);
		for (size_t y = 0; y < b->nplan; y++)
			csv_write_amount(f, l->plan[y], false);
		for (int m = 0; m < 12; m++) {
			if (l->has_profile)
				csv_write_percent(f, l->profile[m], m == 11);
			else
				csv_write_field(f, "", m == 11);
		}
	}
	if (fflush(f) != 0 || ferror(f)) {
		error_set(err, ERR_INTERNAL, "kunde inte skriva budgetfilen");
		return false;
	}
	return true;
}
