/*
 * budget — versions, lines, profiles and the plan in the store; see
 * budget.h and docs/plan.md.
 */
#include "plan/budget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/csv.h"
#include "util/xalloc.h"

/* ---- kinds ----------------------------------------------------------------- */

static const struct {
	const char *store, *label, *alias;
} kinds[] = {
	[BK_CONTRIBUTIONS] = { "bidrag", "Medlemsbidrag", "medlemsbidrag" },
	[BK_INCOME] = { "intäkt", "Intäkt", "intäkter" },
	[BK_COST] = { "kostnad", "Kostnad", "kostnader" },
	[BK_FINANCIAL] = { "finansiell", "Finansiell", "finansiella poster" },
};

const char *budget_kind_name(enum budget_kind k)
{
	return kinds[k].store;
}

const char *budget_kind_label(enum budget_kind k)
{
	return kinds[k].label;
}

bool budget_kind_parse(const char *s, enum budget_kind *out)
{
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		if (csv_same_name(s, kinds[k].store) || csv_same_name(s, kinds[k].label) ||
		    csv_same_name(s, kinds[k].alias)) {
			*out = (enum budget_kind)k;
			return true;
		}
	return false;
}

bool budget_kind_is_income(enum budget_kind k)
{
	return k == BK_CONTRIBUTIONS || k == BK_INCOME;
}

/* ---- the struct ---------------------------------------------------------------- */

void budget_init(struct budget *b, int year)
{
	memset(b, 0, sizeof *b);
	b->year = year;
	b->name = xstrdup("");
	b->decision_ref = xstrdup("");
	b->source = xstrdup("");
}

static void line_free(struct budget_line *l)
{
	free(l->group);
	free(l->subgroup);
	free(l->sum_label);
	free(l->name);
	free(l->accounts);
	free(l->object_code);
}

void budget_free(struct budget *b)
{
	for (size_t i = 0; i < b->nlines; i++)
		line_free(&b->lines[i]);
	free(b->lines);
	free(b->name);
	free(b->decision_ref);
	free(b->source);
	memset(b, 0, sizeof *b);
}

struct budget_line *budget_add_line(struct budget *b)
{
	b->lines = xgrow(b->lines, &b->lines_cap, b->nlines + 1, sizeof *b->lines);
	struct budget_line *l = &b->lines[b->nlines++];
	memset(l, 0, sizeof *l);
	return l;
}

const struct budget_line *budget_find_line(const struct budget *b, const char *name)
{
	for (size_t i = 0; i < b->nlines; i++)
		if (strcmp(b->lines[i].name, name) == 0)
			return &b->lines[i];
	return NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void budget_copy(struct budget *dst, const struct budget *src)
{
	*dst = *src;
	dst->name = xstrdup(src->name);
	dst->decision_ref = xstrdup(src->decision_ref);
	dst->source = xstrdup(src->source);
	dst->lines = xcalloc(src->nlines ? src->nlines : 1, sizeof *dst->lines);
	dst->lines_cap = src->nlines ? src->nlines : 1;
	for (size_t i = 0; i < src->nlines; i++) {
		struct budget_line *d = &dst->lines[i];
		*d = src->lines[i];
		d->group = xstrdup(src->lines[i].group);
		d->subgroup = xstrdup(src->lines[i].subgroup);
		d->sum_label = dup_or_null(src->lines[i].sum_label);
		d->name = xstrdup(src->lines[i].name);
		d->accounts = xstrdup(src->lines[i].accounts);
		d->object_code = dup_or_null(src->lines[i].object_code);
	}
}

/* ---- sums ------------------------------------------------------------------------ */

/* Kind classes: contributions count with other income. */
static bool same_class(enum budget_kind a, enum budget_kind b)
{
	return a == b || (budget_kind_is_income(a) && budget_kind_is_income(b));
}

money_t budget_total(const struct budget *b, enum budget_kind k)
{
	money_t sum = 0;
	for (size_t i = 0; i < b->nlines; i++)
		if (k == BK_CONTRIBUTIONS ? b->lines[i].kind == k : same_class(b->lines[i].kind, k))
			sum += b->lines[i].amount;
	return sum;
}

money_t budget_result(const struct budget *b)
{
	return budget_total(b, BK_INCOME) - budget_total(b, BK_COST) +
	       budget_total(b, BK_FINANCIAL);
}

money_t budget_plan_total(const struct budget *b, size_t i, enum budget_kind k)
{
	money_t sum = 0;
	for (size_t l = 0; l < b->nlines; l++)
		if (k == BK_CONTRIBUTIONS ? b->lines[l].kind == k : same_class(b->lines[l].kind, k))
			sum += b->lines[l].plan[i];
	return sum;
}

money_t budget_plan_result(const struct budget *b, size_t i)
{
	return budget_plan_total(b, i, BK_INCOME) - budget_plan_total(b, i, BK_COST) +
	       budget_plan_total(b, i, BK_FINANCIAL);
}

/* ---- profiles --------------------------------------------------------------------- */

void budget_even_profile(int32_t profile[12])
{
	/* 10000 / 12 = 833 rest 4: the first four months get 834, so the
	 * cumulative shares stay as close to even as whole hundredths allow.
	 * budget_line_through does not use this for even lines (it divides by
	 * twelve exactly); it is what an even line shows as its profile. */
	for (int m = 0; m < 12; m++)
		profile[m] = 833 + (m < 4);
}

money_t budget_line_through(const struct budget_line *l, int months)
{
	if (months <= 0)
		return 0;
	if (months >= 12)
		return l->amount;
	if (!l->has_profile)
		return money_scale(l->amount, months, 12);
	int64_t cum = 0;
	for (int m = 0; m < months; m++)
		cum += l->profile[m];
	return money_scale(l->amount, cum, BUDGET_PROFILE_WHOLE);
}

bool budget_profile_parse(const char *s, int32_t profile[12])
{
	const char *p = s;
	for (int m = 0; m < 12; m++) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || v < 0 || v > BUDGET_PROFILE_WHOLE)
			return false;
		profile[m] = (int32_t)v;
		p = end;
		if (m < 11) {
			if (*p != ',')
				return false;
			p++;
		}
	}
	return *p == '\0';
}

static char *profile_text(const int32_t profile[12])
{
	struct buf b = BUF_INIT(0);
	for (int m = 0; m < 12; m++) {
		if (m)
			buf_putc(&b, ',');
		buf_put_int(&b, profile[m]);
	}
	return buf_take(&b);
}

/* ---- selectors ------------------------------------------------------------------------ */

int plan_prefix_match(const char *prefixes, const char *number)
{
	if (!*prefixes)
		return 0;
	int best = -1;
	for (const char *p = prefixes; *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n && strncmp(number, p, n) == 0 && (int)n > best)
			best = (int)n;
		p += n + (end != NULL);
	}
	return best;
}

/* The object key of a line for messages: "6:CTO", or "" when none. */
static void object_key(const struct budget_line *l, char *buf, size_t size)
{
	if (l->object_code)
		snprintf(buf, size, "%d:%s", l->object_dim, l->object_code);
	else
		snprintf(buf, size, "%s", "");
}

static bool same_selector(const struct budget_line *a, const struct budget_line *b)
{
	if (strcmp(a->accounts, b->accounts) != 0 || a->object_dim != b->object_dim)
		return false;
	return (!a->object_code && !b->object_code) ||
	       (a->object_code && b->object_code && strcmp(a->object_code, b->object_code) == 0);
}

static bool prefix_exists(struct store *st, const char *prefix, size_t n, bool *found,
			  struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT 1 FROM account WHERE substr(number, 1, ?2) = ?1 LIMIT 1", err))
		return false;
	sqlite3_bind_text(stmt, 1, prefix, (int)n, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, (int64_t)n);
	int rc = store_step(st, stmt, err);
	sqlite3_finalize(stmt);
	*found = rc == SQLITE_ROW;
	return rc >= 0;
}

static bool object_exists(struct store *st, int dim, const char *code, bool *found,
			  struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, "SELECT 1 FROM object WHERE dim = ? AND code = ?", err))
		return false;
	sqlite3_bind_int(stmt, 1, dim);
	store_bind_text(stmt, 2, code);
	int rc = store_step(st, stmt, err);
	sqlite3_finalize(stmt);
	*found = rc == SQLITE_ROW;
	return rc >= 0;
}

static bool validate_line(struct store *st, const struct budget *b, const struct budget_line *l,
			  struct error *err)
{
	const char *file = *b->source ? b->source : NULL;
	if (!*l->name) {
		error_set_at(err, ERR_INPUT, file, l->source_line, "raden saknar namn");
		return false;
	}
	if (!*l->accounts && !l->object_code) {
		error_set_at(err, ERR_INPUT, file, l->source_line,
			     "raden \"%s\" väljer varken konton eller objekt", l->name);
		return false;
	}
	for (const char *p = l->accounts; *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		bool found = false;
		if (!prefix_exists(st, p, n, &found, err))
			return false;
		if (!found) {
			error_set_at(err, ERR_INPUT, file, l->source_line,
				     "raden \"%s\": inget konto i kontoplanen börjar med %.*s", l->name,
				     (int)n, p);
			return false;
		}
		p += n + (end != NULL);
	}
	if (l->object_code) {
		bool found = false;
		if (!object_exists(st, l->object_dim, l->object_code, &found, err))
			return false;
		if (!found) {
			error_set_at(err, ERR_INPUT, file, l->source_line,
				     "raden \"%s\": objektet %d:%s finns inte (se finsam objects)",
				     l->name, l->object_dim, l->object_code);
			return false;
		}
	}
	if (l->has_profile) {
		int64_t sum = 0;
		for (int m = 0; m < 12; m++)
			sum += l->profile[m];
		if (sum != BUDGET_PROFILE_WHOLE) {
			error_set_at(err, ERR_INPUT, file, l->source_line,
				     "raden \"%s\": månadsfördelningen summerar till %lld,%02lld %%, inte 100 %%",
				     l->name, (long long)(sum / 100), (long long)(sum % 100));
			return false;
		}
	}
	return true;
}

bool budget_validate(struct store *st, const struct budget *b, struct error *err)
{
	const char *file = *b->source ? b->source : NULL;
	if (b->nlines == 0) {
		error_set_at(err, ERR_INPUT, file, 0, "budgeten har inga rader");
		return false;
	}
	for (size_t i = 0; i < b->nplan; i++)
		if (b->plan_years[i] <= b->year || (i && b->plan_years[i] <= b->plan_years[i - 1])) {
			error_set_at(err, ERR_INPUT, file, 0,
				     "planåren måste komma efter budgetåret %d, i ordning", b->year);
			return false;
		}
	int dim = 0;
	for (size_t i = 0; i < b->nlines; i++) {
		const struct budget_line *l = &b->lines[i];
		if (!validate_line(st, b, l, err))
			return false;
		if (l->object_code) {
			if (dim && dim != l->object_dim) {
				error_set_at(err, ERR_INPUT, file, l->source_line,
					     "raden \"%s\": alla rader med objekt måste använda samma "
					     "dimension (här %d och %d)",
					     l->name, dim, l->object_dim);
				return false;
			}
			dim = l->object_dim;
		}
		for (size_t j = 0; j < i; j++) {
			const struct budget_line *o = &b->lines[j];
			if (strcmp(o->name, l->name) == 0) {
				error_set_at(err, ERR_INPUT, file, l->source_line,
					     "raden \"%s\" finns redan (rad %ld)", l->name, o->source_line);
				return false;
			}
			if (same_selector(o, l)) {
				char key[96];
				object_key(l, key, sizeof key);
				error_set_at(err, ERR_INPUT, file, l->source_line,
					     "raden \"%s\" väljer samma konton (%s) och objekt (%s) som "
					     "raden \"%s\"",
					     l->name, *l->accounts ? l->accounts : "alla", *key ? key : "inget",
					     o->name);
				return false;
			}
		}
	}
	return true;
}

/* ---- the store ------------------------------------------------------------------------- */

bool budget_exists(struct store *st, int year, bool *out, struct error *err)
{
	int64_t args[] = { year }, n = 0;
	if (!store_query_int(st, "SELECT count(*) FROM budget_version WHERE year = ?", args, 1, 0,
			     &n, err))
		return false;
	*out = n > 0;
	return true;
}

bool budget_default_year(struct store *st, int *year, struct error *err)
{
	int64_t y = 0;
	if (!store_query_int(st,
			     "SELECT coalesce(\n"
			     "  (SELECT max(v.year) FROM budget_version v WHERE v.year <=\n"
			     "    (SELECT max(start_date / 10000) FROM fiscal_year WHERE has_books = 1)),\n"
			     "  (SELECT max(year) FROM budget_version), 0)",
			     NULL, 0, 0, &y, err))
		return false;
	if (!y) {
		error_set(err, ERR_INPUT,
			  "det finns ingen budget (läs in en med finsam budget import)");
		return false;
	}
	*year = (int)y;
	return true;
}

static bool insert_version(struct store *st, struct budget *b, struct error *err)
{
	char now[32];
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "INSERT INTO budget_version (year, seq, name, decided, decision_ref, "
			   "source, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
			   err))
		return false;
	sqlite3_bind_int(stmt, 1, b->year);
	sqlite3_bind_int(stmt, 2, b->seq);
	store_bind_text(stmt, 3, b->name);
	store_bind_int_or_null(stmt, 4, b->decided);
	store_bind_text(stmt, 5, b->decision_ref);
	store_bind_text(stmt, 6, b->source);
	store_bind_text(stmt, 7, date_now_iso(now, sizeof now));
	int rc = store_step(st, stmt, err);
	sqlite3_finalize(stmt);
	b->version_id = sqlite3_last_insert_rowid(st->db);
	return rc >= 0;
}

/* The groups' sum labels belong to the förbund, not to one version. */
static bool save_sum_labels(struct store *st, const struct budget *b, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "INSERT OR REPLACE INTO plan_group (name, sum_label) VALUES (?, ?)", err))
		return false;
	bool ok = true;
	for (size_t i = 0; ok && i < b->nlines; i++) {
		if (!b->lines[i].sum_label)
			continue;
		sqlite3_reset(stmt);
		store_bind_text(stmt, 1, b->lines[i].group);
		store_bind_text(stmt, 2, b->lines[i].sum_label);
		ok = store_step(st, stmt, err) >= 0;
	}
	sqlite3_finalize(stmt);
	return ok;
}

static bool insert_lines(struct store *st, const struct budget *b, struct error *err)
{
	sqlite3_stmt *line = NULL, *plan = NULL;
	bool ok = store_prepare(st, &line,
				"INSERT INTO budget_line (version_id, seq, kind, grp, subgrp, name, "
				"accounts, object_dim, object_code, amount, profile) "
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				err) &&
		  store_prepare(st, &plan,
				"INSERT INTO budget_plan (version_id, seq, year, amount) "
				"VALUES (?, ?, ?, ?)",
				err);
	for (size_t i = 0; ok && i < b->nlines; i++) {
		const struct budget_line *l = &b->lines[i];
		char *profile = l->has_profile ? profile_text(l->profile) : NULL;
		sqlite3_reset(line);
		sqlite3_bind_int64(line, 1, b->version_id);
		sqlite3_bind_int64(line, 2, (int64_t)i + 1);
		store_bind_text(line, 3, budget_kind_name(l->kind));
		store_bind_text(line, 4, l->group);
		store_bind_text(line, 5, l->subgroup);
		store_bind_text(line, 6, l->name);
		store_bind_text(line, 7, l->accounts);
		store_bind_int_or_null(line, 8, l->object_dim);
		store_bind_text(line, 9, l->object_code);
		sqlite3_bind_int64(line, 10, l->amount);
		store_bind_text(line, 11, profile);
		ok = store_step(st, line, err) >= 0;
		free(profile);
		for (size_t y = 0; ok && y < b->nplan; y++) {
			sqlite3_reset(plan);
			sqlite3_bind_int64(plan, 1, b->version_id);
			sqlite3_bind_int64(plan, 2, (int64_t)i + 1);
			sqlite3_bind_int(plan, 3, b->plan_years[y]);
			sqlite3_bind_int64(plan, 4, l->plan[y]);
			ok = store_step(st, plan, err) >= 0;
		}
	}
	sqlite3_finalize(line);
	sqlite3_finalize(plan);
	return ok && save_sum_labels(st, b, err);
}

bool budget_save(struct store *st, struct budget *b, bool revision, struct error *err)
{
	if (!budget_validate(st, b, err))
		return false;
	bool own_tx = !store_in_transaction(st);
	if (own_tx && !store_begin(st, err))
		return false;
	int64_t args[] = { b->year }, last = 0;
	bool ok = store_query_int(st, "SELECT max(seq) FROM budget_version WHERE year = ?", args, 1,
				  0, &last, err);
	if (ok && last && !revision) {
		error_set(err, ERR_INPUT,
			  "det finns redan en budget för %d; en ändring som styrelsen beslutat läses "
			  "in som revidering (--revision)",
			  b->year);
		ok = false;
	}
	if (ok && !last && revision) {
		error_set(err, ERR_INPUT, "det finns ingen antagen budget för %d att revidera",
			  b->year);
		ok = false;
	}
	if (ok) {
		b->seq = (int)last + 1;
		if (!*b->name) {
			free(b->name);
			b->name = b->seq == 1 ? xasprintf("Antagen budget %d", b->year)
					      : xasprintf("Reviderad budget %d (%d)", b->year, b->seq - 1);
		}
		ok = insert_version(st, b, err) && insert_lines(st, b, err);
	}
	if (!own_tx)
		return ok;
	if (ok)
		return store_commit(st, err);
	store_rollback(st);
	return false;
}

bool budget_revision_draft(struct store *st, int year, struct budget *out, struct error *err)
{
	if (!budget_load(st, year, 0, out, err))
		return false;
	out->version_id = 0;
	out->seq = 0;
	out->decided = 0;
	free(out->name);
	free(out->source);
	free(out->decision_ref);
	out->name = xstrdup("");
	out->source = xstrdup("");
	out->decision_ref = xstrdup("");
	return true;
}

bool budget_set_line_amount(struct budget *b, const char *name, money_t amount, money_t *old,
			    struct error *err)
{
	for (size_t i = 0; i < b->nlines; i++) {
		if (strcmp(b->lines[i].name, name) != 0)
			continue;
		if (old)
			*old = b->lines[i].amount;
		b->lines[i].amount = amount;
		return true;
	}
	error_set(err, ERR_INPUT, "budgeten för %d har ingen rad \"%s\"", b->year, name);
	return false;
}

static bool load_lines(struct store *st, struct budget *b, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT l.kind, l.grp, l.subgrp, l.name, l.accounts, l.object_dim,\n"
			   "  l.object_code, l.amount, l.profile, g.sum_label\n"
			   "FROM budget_line l LEFT JOIN plan_group g ON g.name = l.grp\n"
			   "WHERE l.version_id = ? ORDER BY l.seq",
			   err))
		return false;
	sqlite3_bind_int64(stmt, 1, b->version_id);
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		struct budget_line *l = budget_add_line(b);
		budget_kind_parse(store_column_text(stmt, 0), &l->kind);
		l->group = xstrdup(store_column_text(stmt, 1));
		l->subgroup = xstrdup(store_column_text(stmt, 2));
		l->name = xstrdup(store_column_text(stmt, 3));
		l->accounts = xstrdup(store_column_text(stmt, 4));
		l->object_dim = sqlite3_column_int(stmt, 5);
		if (sqlite3_column_type(stmt, 6) != SQLITE_NULL)
			l->object_code = xstrdup(store_column_text(stmt, 6));
		l->amount = sqlite3_column_int64(stmt, 7);
		if (sqlite3_column_type(stmt, 8) != SQLITE_NULL)
			l->has_profile = budget_profile_parse(store_column_text(stmt, 8), l->profile);
		if (sqlite3_column_type(stmt, 9) != SQLITE_NULL)
			l->sum_label = xstrdup(store_column_text(stmt, 9));
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

static bool load_plan(struct store *st, struct budget *b, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT seq, year, amount FROM budget_plan WHERE version_id = ? "
			   "ORDER BY year, seq",
			   err))
		return false;
	sqlite3_bind_int64(stmt, 1, b->version_id);
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(stmt, 0);
		int year = sqlite3_column_int(stmt, 1);
		if (b->nplan == 0 || b->plan_years[b->nplan - 1] != year) {
			if (b->nplan == BUDGET_PLAN_MAX)
				break;
			b->plan_years[b->nplan++] = year;
		}
		if (seq >= 1 && (size_t)seq <= b->nlines)
			b->lines[seq - 1].plan[b->nplan - 1] = sqlite3_column_int64(stmt, 2);
	}
	sqlite3_finalize(stmt);
	return rc != -1;
}

bool budget_load(struct store *st, int year, int seq, struct budget *out, struct error *err)
{
	budget_init(out, year);
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT id, seq, name, decided, decision_ref, source FROM budget_version\n"
			   "WHERE year = ?1 AND (?2 = 0 OR seq = ?2) ORDER BY seq DESC LIMIT 1",
			   err))
		return false;
	sqlite3_bind_int(stmt, 1, year);
	sqlite3_bind_int(stmt, 2, seq);
	int rc = store_step(st, stmt, err);
	if (rc == SQLITE_ROW) {
		out->version_id = sqlite3_column_int64(stmt, 0);
		out->seq = sqlite3_column_int(stmt, 1);
		free(out->name);
		free(out->decision_ref);
		free(out->source);
		out->name = xstrdup(store_column_text(stmt, 2));
		out->decided = (date_t)sqlite3_column_int(stmt, 3);
		out->decision_ref = xstrdup(store_column_text(stmt, 4));
		out->source = xstrdup(store_column_text(stmt, 5));
	} else if (rc == SQLITE_DONE) {
		if (seq)
			error_set(err, ERR_INPUT, "budgeten för %d har ingen version %d (se finsam "
						  "budget versions)",
				  year, seq);
		else
			error_set(err, ERR_INPUT,
				  "det finns ingen budget för %d (läs in en med finsam budget import)",
				  year);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW || !load_lines(st, out, err) || !load_plan(st, out, err)) {
		budget_free(out);
		return false;
	}
	return true;
}

bool budget_versions(struct store *st, int year, struct budget_version_info **out, size_t *n,
		     struct error *err)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	sqlite3_stmt *stmt;
	if (!store_prepare(
		    st, &stmt,
		    "SELECT v.year, v.seq, v.name, v.decided, v.decision_ref, v.source, v.created,\n"
		    "  count(l.seq),\n"
		    "  coalesce(sum(l.amount) FILTER (WHERE l.kind IN ('bidrag', 'intäkt')), 0),\n"
		    "  coalesce(sum(l.amount) FILTER (WHERE l.kind = 'kostnad'), 0),\n"
		    "  coalesce(sum(l.amount) FILTER (WHERE l.kind = 'finansiell'), 0)\n"
		    "FROM budget_version v LEFT JOIN budget_line l ON l.version_id = v.id\n"
		    "WHERE ?1 = 0 OR v.year = ?1 GROUP BY v.id ORDER BY v.year, v.seq",
		    err))
		return false;
	sqlite3_bind_int(stmt, 1, year);
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct budget_version_info *v = &(*out)[(*n)++];
		v->year = sqlite3_column_int(stmt, 0);
		v->seq = sqlite3_column_int(stmt, 1);
		v->name = xstrdup(store_column_text(stmt, 2));
		v->decided = (date_t)sqlite3_column_int(stmt, 3);
		v->decision_ref = xstrdup(store_column_text(stmt, 4));
		v->source = xstrdup(store_column_text(stmt, 5));
		v->created = xstrdup(store_column_text(stmt, 6));
		v->nlines = (size_t)sqlite3_column_int64(stmt, 7);
		v->income = sqlite3_column_int64(stmt, 8);
		v->costs = sqlite3_column_int64(stmt, 9);
		v->financial = sqlite3_column_int64(stmt, 10);
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return true;
	budget_versions_free(*out, *n);
	*out = NULL;
	*n = 0;
	return false;
}

void budget_versions_free(struct budget_version_info *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].decision_ref);
		free(v[i].source);
		free(v[i].created);
	}
	free(v);
}

bool budget_load_for_year(struct store *st, int year, struct budget *out, char **basis,
			  struct error *err)
{
	*basis = NULL;
	bool own = false;
	if (!budget_exists(st, year, &own, err))
		return false;
	if (own) {
		if (!budget_load(st, year, 0, out, err))
			return false;
		*basis = xstrdup(out->name);
		return true;
	}
	int64_t args[] = { year }, from = 0;
	if (!store_query_int(st,
			     "SELECT max(v.year) FROM budget_version v JOIN budget_plan p\n"
			     "  ON p.version_id = v.id WHERE p.year = ? AND v.year < p.year",
			     args, 1, 0, &from, err))
		return false;
	if (!from) {
		error_set(err, ERR_INPUT,
			  "det finns ingen budget eller budgetplan för %d (se finsam budget versions)",
			  year);
		return false;
	}
	struct budget src;
	if (!budget_load(st, (int)from, 0, &src, err))
		return false;
	size_t col = 0;
	while (col < src.nplan && src.plan_years[col] != year)
		col++;
	budget_copy(out, &src);
	out->year = year;
	out->nplan = 0;
	for (size_t i = 0; i < out->nlines; i++) {
		out->lines[i].amount = src.lines[i].plan[col];
		out->lines[i].has_profile = false;
	}
	*basis = xasprintf("Plan %d i %s", year, src.name);
	budget_free(&src);
	return true;
}
