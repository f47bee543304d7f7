/*
 * members — the member register and offers; see members.h.
 */
#include "plan/members.h"

#include <stdlib.h>
#include <string.h>

#include "books/balance.h"
#include "plan/actuals.h"
#include "plan/budget.h"
#include "plan/plan_csv.h"
#include "util/csv.h"
#include "util/xalloc.h"

const char *municipal_split_name(enum municipal_split s)
{
	return s == SPLIT_POPULATION ? "folkmängd" : "andel";
}

bool municipal_split_parse(const char *s, enum municipal_split *out)
{
	if (strcmp(s, "andel") == 0 || strcmp(s, "andelar") == 0)
		*out = SPLIT_SHARES;
	else if (strcmp(s, "folkmängd") == 0 || strcmp(s, "folkmangd") == 0)
		*out = SPLIT_POPULATION;
	else
		return false;
	return true;
}

bool members_load(struct store *st, int year, struct member_list *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, "SELECT municipal_split FROM org WHERE id = 1", err))
		return false;
	if (store_step(st, stmt, err) == SQLITE_ROW)
		municipal_split_parse(store_column_text(stmt, 0), &out->split);
	sqlite3_finalize(stmt);
	if (!store_prepare(st, &stmt,
			   "SELECT m.code, m.name, m.kind, m.share_bp, m.population, m.accounts,\n"
			   "  o.amount FROM member m\n"
			   "LEFT JOIN member_offer o ON o.member_id = m.id AND o.year = ?\n"
			   "ORDER BY m.id",
			   err))
		return false;
	sqlite3_bind_int(stmt, 1, year);
	size_t cap = 0;
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		out->m = xgrow(out->m, &cap, out->n + 1, sizeof *out->m);
		struct member *m = &out->m[out->n++];
		memset(m, 0, sizeof *m);
		m->code = xstrdup(store_column_text(stmt, 0));
		m->name = xstrdup(store_column_text(stmt, 1));
		member_kind_parse(store_column_text(stmt, 2), &m->kind);
		m->share_bp = sqlite3_column_int(stmt, 3);
		m->population = sqlite3_column_int64(stmt, 4);
		m->accounts = xstrdup(store_column_text(stmt, 5));
		m->has_offer = sqlite3_column_type(stmt, 6) != SQLITE_NULL;
		m->offer = sqlite3_column_int64(stmt, 6);
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return true;
	members_free(out);
	return false;
}

void members_free(struct member_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->m[i].code);
		free(l->m[i].name);
		free(l->m[i].accounts);
	}
	free(l->m);
	memset(l, 0, sizeof *l);
}

struct contrib_member *members_contrib_input(const struct member_list *l)
{
	struct contrib_member *in = xcalloc(l->n ? l->n : 1, sizeof *in);
	for (size_t i = 0; i < l->n; i++) {
		const struct member *m = &l->m[i];
		in[i] = (struct contrib_member){
			.name = m->name,
			.kind = m->kind,
			.weight = l->split == SPLIT_POPULATION ? m->population : m->share_bp,
			.offer = m->has_offer ? m->offer : 0,
		};
	}
	return in;
}

/* ---- CSV -------------------------------------------------------------------------- */

enum { C_CODE, C_NAME, C_KIND, C_SHARE, C_POPULATION, C_ACCOUNTS, NCOLS };
#define MAX_OFFER_YEARS 10

/* What import_member needs of the header. */
struct member_columns {
	struct plan_column cols[NCOLS];
	struct plan_year_column years[MAX_OFFER_YEARS];
	size_t nyears;
};

static bool import_member(struct store *st, const struct csv_file *f, const struct csv_record *r,
			  void *ctx, struct error *err)
{
	const struct member_columns *mc = ctx;
	const struct plan_column *cols = mc->cols;
	const struct plan_year_column *years = mc->years;
	size_t nyears = mc->nyears;
	const char *code = plan_csv_field(r, &cols[C_CODE]);
	const char *name = plan_csv_field(r, &cols[C_NAME]);
	const char *kind_text = plan_csv_field(r, &cols[C_KIND]);
	const char *share_text = plan_csv_field(r, &cols[C_SHARE]);
	const char *population_text = plan_csv_field(r, &cols[C_POPULATION]);
	const char *why = NULL;
	enum member_kind kind;
	int32_t share = 0;
	int64_t population = 0;
	if (!*code || !*name) {
		csv_error(err, f, r, cols[*code ? C_NAME : C_CODE].index, "fältet är tomt");
		return false;
	}
	if (!member_kind_parse(kind_text, &kind)) {
		csv_error(err, f, r, cols[C_KIND].index,
			  "\"%s\" är ingen medlemstyp (stat, region eller kommun)", kind_text);
		return false;
	}
	if (*share_text && !csv_parse_percent(share_text, &share, &why)) {
		csv_error(err, f, r, cols[C_SHARE].index, "\"%s\" är ingen andel: %s", share_text,
			  why);
		return false;
	}
	if (*population_text &&
	    (!csv_parse_int(population_text, &population, &why) || population < 0)) {
		csv_error(err, f, r, cols[C_POPULATION].index, "\"%s\" är ingen folkmängd%s%s",
			  population_text, why ? ": " : "", why ? why : "");
		return false;
	}
	const char *accounts = plan_csv_field(r, &cols[C_ACCOUNTS]);
	for (const char *p = accounts; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == ',' || *p == ' ')) {
			csv_error(err, f, r, cols[C_ACCOUNTS].index,
				  "\"%s\": konton skrivs som nummer åtskilda med komma", accounts);
			return false;
		}
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "INSERT INTO member (code, name, kind, share_bp, population, accounts)\n"
			   "VALUES (?, ?, ?, ?, ?, replace(?, ' ', ''))",
			   err))
		return false;
	store_bind_text(stmt, 1, code);
	store_bind_text(stmt, 2, name);
	store_bind_text(stmt, 3, member_kind_name(kind));
	sqlite3_bind_int(stmt, 4, share);
	sqlite3_bind_int64(stmt, 5, population);
	store_bind_text(stmt, 6, accounts);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_CONSTRAINT) {
		csv_error(err, f, r, cols[C_CODE].index, "koden \"%s\" finns redan", code);
		return false;
	}
	if (rc != SQLITE_DONE)
		return store_fail(st, err);
	for (size_t y = 0; y < nyears; y++) {
		money_t offer;
		if ((size_t)years[y].index >= r->nfields || !*r->fields[years[y].index])
			continue; /* no offer for that year */
		if (!plan_csv_amount(f, r, years[y].index, false, &offer, err))
			return false;
		if (offer < 0) {
			csv_error(err, f, r, years[y].index, "ett erbjudande kan inte vara negativt");
			return false;
		}
		if (!members_set_offer(st, code, years[y].year, offer, err))
			return false;
	}
	return true;
}

bool members_csv_import(struct store *st, const char *path, size_t *count, struct error *err)
{
	struct member_columns mc = {
		.cols = {
			[C_CODE] = { "Kod", NULL, true, -1 },
			[C_NAME] = { "Namn", NULL, true, -1 },
			[C_KIND] = { "Typ", NULL, true, -1 },
			[C_SHARE] = { "Andel", NULL, false, -1 },
			[C_POPULATION] = { "Folkmängd", NULL, false, -1 },
			[C_ACCOUNTS] = { "Konton", "Konto", false, -1 },
		},
	};
	static const char *const year_words[] = { "Erbjudande", NULL };
	struct csv_file f;
	memset(&f, 0, sizeof f);
	*count = 0;
	bool ok = csv_read_file(path, &f, err) &&
		  plan_csv_columns(&f, mc.cols, NCOLS, year_words, mc.years, MAX_OFFER_YEARS,
				   &mc.nyears, err) &&
		  plan_csv_apply(st, &f, "DELETE FROM member", import_member, &mc, count, err);
	csv_free(&f);
	return ok;
}

/* The member's own fields of the register's CSV. */
static void write_member(FILE *f, sqlite3_stmt *stmt, bool last)
{
	csv_write_field(f, store_column_text(stmt, 1), false);
	csv_write_field(f, store_column_text(stmt, 2), false);
	csv_write_field(f, store_column_text(stmt, 3), false);
	if (sqlite3_column_int(stmt, 4))
		csv_write_percent(f, sqlite3_column_int(stmt, 4), false);
	else
		csv_write_field(f, "", false);
	char n[24] = "";
	if (sqlite3_column_int64(stmt, 5))
		snprintf(n, sizeof n, "%lld", (long long)sqlite3_column_int64(stmt, 5));
	csv_write_field(f, n, false);
	csv_write_field(f, store_column_text(stmt, 6), last);
}

bool members_csv_write(struct store *st, FILE *f, struct error *err)
{
	int64_t last_year = 0;
	if (!store_query_int(st, "SELECT max(year) FROM member_offer", NULL, 0, 0, &last_year, err))
		return false;
	/* One row per member and year with offers (the year NULL when there
	 * are none), members in the order entered. */
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT m.id, m.code, m.name, m.kind, m.share_bp, m.population, m.accounts,\n"
			   "  y.year, o.amount\n"
			   "FROM member m LEFT JOIN (SELECT DISTINCT year FROM member_offer) y ON 1\n"
			   "LEFT JOIN member_offer o ON o.member_id = m.id AND o.year = y.year\n"
			   "ORDER BY m.id, y.year",
			   err))
		return false;
	csv_write_bom(f);
	static const char *const head[] = { "Kod", "Namn", "Typ", "Andel", "Folkmängd", "Konton" };
	for (size_t c = 0; c < NCOLS; c++)
		csv_write_field(f, head[c], c == NCOLS - 1 && !last_year);
	sqlite3_stmt *years;
	int rc = -1;
	if (store_prepare(st, &years, "SELECT DISTINCT year FROM member_offer ORDER BY year", err)) {
		while ((rc = store_step(st, years, err)) == SQLITE_ROW) {
			char name[32];
			int year = sqlite3_column_int(years, 0);
			snprintf(name, sizeof name, "Erbjudande %d", year);
			csv_write_field(f, name, year == last_year);
		}
		sqlite3_finalize(years);
	}
	int64_t member = 0;
	while (rc != -1 && (rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		if (sqlite3_column_int64(stmt, 0) != member) {
			member = sqlite3_column_int64(stmt, 0);
			write_member(f, stmt, !last_year);
		}
		if (sqlite3_column_type(stmt, 7) == SQLITE_NULL)
			continue;
		bool last = sqlite3_column_int64(stmt, 7) == last_year;
		if (sqlite3_column_type(stmt, 8) == SQLITE_NULL)
			csv_write_field(f, "", last);
		else
			csv_write_amount(f, sqlite3_column_int64(stmt, 8), last);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return false;
	if (fflush(f) != 0 || ferror(f)) {
		error_set(err, ERR_INTERNAL, "kunde inte skriva medlemsfilen");
		return false;
	}
	return true;
}

bool members_set_split(struct store *st, enum municipal_split split, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, "UPDATE org SET municipal_split = ? WHERE id = 1", err))
		return false;
	store_bind_text(stmt, 1, municipal_split_name(split));
	int rc = store_step(st, stmt, err);
	sqlite3_finalize(stmt);
	return rc >= 0;
}

bool members_set_offer(struct store *st, const char *code, int year, money_t offer,
		       struct error *err)
{
	if (offer < 0 || offer > MONEY_MAX) {
		error_set(err, ERR_INPUT, "ett erbjudande är ett belopp från 0 kr");
		return false;
	}
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "INSERT OR REPLACE INTO member_offer (member_id, year, amount)\n"
			   "SELECT id, ?, ? FROM member WHERE code = ?",
			   err))
		return false;
	sqlite3_bind_int(stmt, 1, year);
	sqlite3_bind_int64(stmt, 2, offer);
	store_bind_text(stmt, 3, code);
	int rc = store_step(st, stmt, err);
	sqlite3_finalize(stmt);
	if (rc < 0)
		return false;
	if (sqlite3_changes(st->db) == 0) {
		error_set(err, ERR_INPUT, "det finns ingen medlem med koden \"%s\" (se finsam members)",
			  code);
		return false;
	}
	return true;
}

bool members_booked(struct store *st, const struct member_list *l, money_t *booked,
		    struct error *err)
{
	for (size_t i = 0; i < l->n; i++)
		booked[i] = 0;
	struct tb_result tb;
	bool found = false;
	if (!plan_year_balance(st, l->year, 0, 0, &tb, &found, err))
		return false;
	if (!found)
		return true;
	for (size_t r = 0; r < tb.nrows; r++)
		for (size_t i = 0; i < l->n; i++)
			if (*l->m[i].accounts && plan_prefix_match(l->m[i].accounts, tb.rows[r].number) > 0)
				booked[i] -= tb.rows[r].change;
	tb_result_free(&tb);
	return true;
}
