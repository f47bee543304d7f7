/*
 * scenario — changed offers, their consequence and a proposal; see
 * scenario.h and docs/plan.md.
 */
#include "plan/scenario.h"

#include <stdlib.h>
#include <string.h>

#include "plan/actuals.h"
#include "plan/forecast.h"
#include "util/buf.h"
#include "util/charset.h"
#include "util/csv.h"
#include "util/xalloc.h"

bool scenario_parse_change(const char *s, struct scenario_change *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	const char *eq = strchr(s, '=');
	if (!eq || eq == s || !eq[1]) {
		error_set(err, ERR_USAGE, "\"%s\": skriv KOD=BELOPP eller KOD=PROCENT%%", s);
		return false;
	}
	const char *value = eq + 1, *why = NULL;
	size_t n = strlen(value);
	bool ok;
	if (value[n - 1] == '%') {
		out->relative = true;
		ok = csv_parse_percent(value, &out->percent_bp, &why);
	} else {
		ok = csv_parse_amount(value, &out->amount, &why) && out->amount >= 0;
		if (!why && !ok)
			why = "ett erbjudande kan inte vara negativt";
	}
	if (!ok) {
		error_set(err, ERR_USAGE, "\"%s\": %s", s, why);
		return false;
	}
	out->code = xstrndup(s, (size_t)(eq - s));
	return true;
}

char *scenario_change_value(const struct scenario_change *c, char *buf, size_t size)
{
	if (c->relative) {
		snprintf(buf, size, "%d,%02d%%", c->percent_bp / 100, c->percent_bp % 100);
	} else {
		/* Written as typed: a decimal comma, which the parser wants. */
		char amount[32];
		char *dot = strchr(money_format_plain(c->amount, amount), '.');
		if (dot)
			*dot = ',';
		snprintf(buf, size, "%s", amount);
	}
	return buf;
}

const char *scenario_closing_name(enum scenario_closing c)
{
	return c == CLOSE_PRIORITY ? "prioritet" : "pro-rata";
}

bool scenario_closing_parse(const char *s, enum scenario_closing *out)
{
	if (strcmp(s, "pro-rata") == 0)
		*out = CLOSE_PRO_RATA;
	else if (strcmp(s, "prioritet") == 0)
		*out = CLOSE_PRIORITY;
	else
		return false;
	return true;
}

bool scenario_name_check(const char *name, struct error *err)
{
	size_t bytes = strlen(name), chars = 0;
	if (!bytes) {
		error_set(err, ERR_INPUT, "ett sparat scenario behöver ett namn");
		return false;
	}
	if (!utf8_valid(name, bytes)) {
		error_set(err, ERR_INPUT, "scenariots namn är inte giltig UTF-8");
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		/* C0 controls and DEL; C1 controls are U+0080..U+009F (C2 80..C2 9F). */
		if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)) {
			error_set(err, ERR_INPUT, "scenariots namn får inte innehålla styrtecken");
			return false;
		}
		if ((*p & 0xc0) != 0x80)
			chars++;
	}
	if (chars > SCENARIO_NAME_MAX) {
		error_set(err, ERR_INPUT, "scenariots namn är för långt: högst %d tecken",
			  SCENARIO_NAME_MAX);
		return false;
	}
	return true;
}

void scenario_spec_free(struct scenario_spec *s)
{
	for (size_t i = 0; i < s->nchanges; i++)
		free(s->changes[i].code);
	free(s->changes);
	free(s->name);
	free(s->priority);
	memset(s, 0, sizeof *s);
}

char *scenario_changes_text(const struct scenario_spec *s)
{
	struct buf b = BUF_INIT(0);
	buf_puts(&b, "");
	for (size_t i = 0; i < s->nchanges; i++) {
		char value[48];
		buf_printf(&b, "%s%s=%s", i ? ";" : "", s->changes[i].code,
			   scenario_change_value(&s->changes[i], value, sizeof value));
	}
	return buf_take(&b);
}

/* ---- the consequence -------------------------------------------------------------- */

static bool apply_changes(const struct scenario_spec *spec, struct scenario_result *r,
			  struct error *err)
{
	for (size_t i = 0; i < r->members.n; i++)
		r->offer[i] = r->members.m[i].has_offer ? r->members.m[i].offer : 0;
	for (size_t c = 0; c < spec->nchanges; c++) {
		const struct scenario_change *ch = &spec->changes[c];
		size_t i = 0;
		while (i < r->members.n && strcmp(r->members.m[i].code, ch->code) != 0)
			i++;
		if (i == r->members.n) {
			error_set(err, ERR_INPUT,
				  "det finns ingen medlem med koden \"%s\" (se finsam members)", ch->code);
			return false;
		}
		r->offer[i] = ch->relative ? money_scale(r->offer[i], ch->percent_bp, 10000)
					   : ch->amount;
	}
	return true;
}

static bool contributions(struct scenario_result *r, struct error *err)
{
	struct contrib_member *in = members_contrib_input(&r->members);
	bool ok = contrib_compute(in, r->members.n, &r->now, err);
	for (size_t i = 0; i < r->members.n; i++)
		in[i].offer = r->offer[i];
	ok = ok && contrib_compute(in, r->members.n, &r->then, err);
	free(in);
	return ok;
}

static void add_cut(struct scenario_result *r, const struct budget_line *l, money_t cut)
{
	if (cut <= 0)
		return;
	r->cuts = xrealloc(r->cuts, (r->ncuts + 1) * sizeof *r->cuts);
	r->cuts[r->ncuts++] = (struct scenario_cut){ xstrdup(l->name), l->amount, cut };
	r->cut_total += cut;
}

/* Whole kronor taken pro rata to the cost lines' budgets. */
static void cut_pro_rata(const struct budget *b, money_t gap, struct scenario_result *r)
{
	money_t costs = budget_total(b, BK_COST);
	money_t want = gap >= costs ? costs : gap;
	int64_t *weights = xcalloc(b->nlines ? b->nlines : 1, sizeof *weights);
	money_t *parts = xcalloc(b->nlines ? b->nlines : 1, sizeof *parts);
	for (size_t i = 0; i < b->nlines; i++)
		weights[i] = b->lines[i].kind == BK_COST ? b->lines[i].amount : 0;
	if (costs > 0 && contrib_split((want + 99) / 100, weights, b->nlines, parts))
		for (size_t i = 0; i < b->nlines; i++) {
			money_t cut = parts[i] * 100;
			add_cut(r, &b->lines[i], cut > b->lines[i].amount ? b->lines[i].amount : cut);
		}
	free(weights);
	free(parts);
}

/* The priority's lines in order (each a cost line of b, named once);
 * *lines gets them (free the array, not the lines). */
static bool priority_lines(const struct budget *b, const char *priority,
			   const struct budget_line ***lines, size_t *n, struct error *err)
{
	*lines = NULL;
	*n = 0;
	for (const char *p = priority; *p;) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *name = xstrndup(p, len);
		const struct budget_line *l = budget_find_line(b, name);
		bool cost = l && l->kind == BK_COST, twice = false;
		for (size_t i = 0; cost && i < *n; i++)
			twice |= (*lines)[i] == l;
		if (!cost || twice)
			error_set(err, ERR_INPUT, "prioriteringen nämner \"%s\"%s", name,
				  cost ? " två gånger" : ", som inte är en kostnadsrad i budgeten");
		free(name);
		if (!cost || twice) {
			free(*lines);
			*lines = NULL;
			*n = 0;
			return false;
		}
		*lines = xrealloc(*lines, (*n + 1) * sizeof **lines);
		(*lines)[(*n)++] = l;
		p += len + (end != NULL);
	}
	return true;
}

static void cut_by_priority(const struct budget_line *const *lines, size_t n, money_t gap,
			    struct scenario_result *r)
{
	for (size_t i = 0; i < n && r->cut_total < gap; i++) {
		money_t left = gap - r->cut_total;
		add_cut(r, lines[i], lines[i]->amount < left ? lines[i]->amount : left);
	}
}

/* Equity at the start of the year: the books' opening balance, or the
 * forecast's year-end equity of the year before. */
static bool opening_equity(struct store *st, int year, struct scenario_result *r,
			   struct error *err)
{
	bool found = false;
	if (!plan_opening_equity(st, year, &r->opening_equity, &found, err))
		return false;
	for (int from = year - 1; !found && from >= year - BUDGET_PLAN_MAX - 1; from--) {
		bool has = false;
		if (!budget_exists(st, from, &has, err))
			return false;
		if (!has)
			continue;
		struct forecast_table ft;
		if (!forecast_compute(st, from, 0, 0, &ft, err))
			return false;
		for (size_t i = 0; ft.equity_known && i < ft.npath; i++)
			if (ft.path[i].year == year - 1) {
				r->opening_equity = ft.path[i].equity;
				found = true;
			}
		forecast_table_free(&ft);
		break;
	}
	r->equity_known = found;
	return true;
}

bool scenario_run(struct store *st, const struct scenario_spec *spec, struct scenario_result *out,
		  struct error *err)
{
	memset(out, 0, sizeof *out);
	out->year = spec->year;
	struct budget b;
	if (!budget_load_for_year(st, spec->year, &b, &out->basis, err))
		return false;
	const struct budget_line **priority = NULL;
	size_t npriority = 0;
	bool ok = (spec->closing != CLOSE_PRIORITY ||
		   priority_lines(&b, spec->priority ? spec->priority : "", &priority, &npriority,
				  err)) &&
		  members_load(st, spec->year, &out->members, err);
	if (ok && !out->members.n) {
		error_set(err, ERR_INPUT,
			  "det finns inga medlemmar (läs in dem med finsam members import FIL)");
		ok = false;
	}
	if (ok) {
		out->offer = xcalloc(out->members.n, sizeof *out->offer);
		ok = apply_changes(spec, out, err) && contributions(out, err);
	}
	if (ok) {
		out->budget_contributions = budget_total(&b, BK_CONTRIBUTIONS);
		out->gap = out->budget_contributions - out->then.total;
		out->budget_result = budget_result(&b);
		out->result_without = out->budget_result - out->gap;
		if (out->gap > 0) {
			if (spec->closing == CLOSE_PRO_RATA)
				cut_pro_rata(&b, out->gap, out);
			else
				cut_by_priority(priority, npriority, out->gap, out);
			out->uncovered = out->gap > out->cut_total ? out->gap - out->cut_total : 0;
		}
		out->result_with = out->result_without + out->cut_total;
	}
	ok = ok && opening_equity(st, spec->year, out, err);
	if (ok) {
		out->equity_without = out->opening_equity + out->result_without;
		out->equity_with = out->opening_equity + out->result_with;
	}
	free(priority);
	budget_free(&b);
	if (!ok)
		scenario_result_free(out);
	return ok;
}

void scenario_result_free(struct scenario_result *r)
{
	for (size_t i = 0; i < r->ncuts; i++)
		free(r->cuts[i].line);
	free(r->cuts);
	free(r->basis);
	free(r->offer);
	contrib_result_free(&r->now);
	contrib_result_free(&r->then);
	members_free(&r->members);
	memset(r, 0, sizeof *r);
}

bool scenario_figure(const struct scenario_result *r, bool now, enum scenario_figure f,
		     money_t *out)
{
	money_t gap = now ? r->budget_contributions - r->now.total : r->gap;
	money_t without = now ? r->budget_result - gap : r->result_without;
	money_t with = now ? without : r->result_with;
	switch (f) {
	case SF_TOTAL: *out = now ? r->now.total : r->then.total; break;
	case SF_GAP: *out = gap; break;
	case SF_RESULT_WITHOUT: *out = without; break;
	case SF_CUTS: *out = now ? 0 : r->cut_total; break;
	case SF_RESULT_WITH: *out = with; break;
	case SF_EQUITY_WITHOUT: *out = r->opening_equity + without; break;
	case SF_EQUITY_WITH: *out = r->opening_equity + with; break;
	default: return false;
	}
	return r->equity_known || (f != SF_EQUITY_WITHOUT && f != SF_EQUITY_WITH);
}

const char *scenario_figure_label(enum scenario_figure f)
{
	static const char *const labels[SCENARIO_FIGURES] = {
		[SF_TOTAL] = "Medlemsbidrag totalt",
		[SF_GAP] = "Saknas mot budgeten",
		[SF_RESULT_WITHOUT] = "Resultat utan åtgärder",
		[SF_CUTS] = "Föreslagna minskningar",
		[SF_RESULT_WITH] = "Resultat med förslaget",
		[SF_EQUITY_WITHOUT] = "Eget kapital, utan åtgärder",
		[SF_EQUITY_WITH] = "Eget kapital, med förslaget",
	};
	return (unsigned)f < SCENARIO_FIGURES ? labels[f] : "";
}

bool scenario_run_saved(struct store *st, const char *const *names, size_t n,
			struct scenario_spec *specs, struct scenario_result *res,
			struct error *err)
{
	bool ok = true;
	size_t done = 0; /* pairs loaded and run */
	while (ok && done < n) {
		ok = scenario_load(st, names[done], &specs[done], err);
		if (ok && !scenario_run(st, &specs[done], &res[done], err)) {
			scenario_spec_free(&specs[done]);
			ok = false;
		}
		if (!ok)
			break;
		done++;
		if (res[done - 1].year != res[0].year) {
			error_set(err, ERR_INPUT, "scenarierna gäller olika år (%d och %d)",
				  res[0].year, res[done - 1].year);
			ok = false;
		}
	}
	if (ok)
		return true;
	for (size_t i = 0; i < done; i++) {
		scenario_spec_free(&specs[i]);
		scenario_result_free(&res[i]);
	}
	return false;
}

/* ---- saved scenarios ---------------------------------------------------------------- */

bool scenario_save(struct store *st, const struct scenario_spec *spec, struct error *err)
{
	if (!scenario_name_check(spec->name, err))
		return false;
	char now[32];
	char *changes = scenario_changes_text(spec);
	sqlite3_stmt *stmt;
	bool ok = store_prepare(st, &stmt,
				"INSERT OR REPLACE INTO scenario (name, year, changes, closing, "
				"priority, created) VALUES (?, ?, ?, ?, ?, ?)",
				err);
	if (ok) {
		store_bind_text(stmt, 1, spec->name);
		sqlite3_bind_int(stmt, 2, spec->year);
		store_bind_text(stmt, 3, changes);
		store_bind_text(stmt, 4, scenario_closing_name(spec->closing));
		store_bind_text(stmt, 5, spec->priority ? spec->priority : "");
		store_bind_text(stmt, 6, date_now_iso(now, sizeof now));
		ok = store_step(st, stmt, err) >= 0;
		sqlite3_finalize(stmt);
	}
	free(changes);
	return ok;
}

static bool parse_changes(const char *text, struct scenario_spec *out, struct error *err)
{
	for (const char *p = text; *p;) {
		const char *end = strchr(p, ';');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *one = xstrndup(p, n);
		out->changes = xrealloc(out->changes, (out->nchanges + 1) * sizeof *out->changes);
		bool ok = scenario_parse_change(one, &out->changes[out->nchanges], err);
		free(one);
		if (!ok)
			return false;
		out->nchanges++;
		p += n + (end != NULL);
	}
	return true;
}

bool scenario_load(struct store *st, const char *name, struct scenario_spec *out,
		   struct error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT year, changes, closing, priority FROM scenario WHERE name = ?", err))
		return false;
	store_bind_text(stmt, 1, name);
	int rc = store_step(st, stmt, err);
	bool ok = rc == SQLITE_ROW;
	if (ok) {
		out->name = xstrdup(name);
		out->year = sqlite3_column_int(stmt, 0);
		if (!scenario_closing_parse(store_column_text(stmt, 2), &out->closing))
			out->closing = CLOSE_PRO_RATA; /* the table's CHECK allows nothing else */
		out->priority = xstrdup(store_column_text(stmt, 3));
		ok = parse_changes(store_column_text(stmt, 1), out, err);
	} else if (rc == SQLITE_DONE) {
		error_set(err, ERR_INPUT, "det finns inget sparat scenario \"%s\" (se finsam scenario "
					  "list)",
			  name);
	}
	sqlite3_finalize(stmt);
	if (!ok)
		scenario_spec_free(out);
	return ok;
}

bool scenario_exists(struct store *st, const char *name, bool *out, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, "SELECT 1 FROM scenario WHERE name = ?", err))
		return false;
	store_bind_text(stmt, 1, name);
	int rc = store_step(st, stmt, err);
	sqlite3_finalize(stmt);
	*out = rc == SQLITE_ROW;
	return rc >= 0;
}

bool scenario_names(struct store *st, char ***names, size_t *n, struct error *err)
{
	*names = NULL;
	*n = 0;
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, "SELECT name FROM scenario ORDER BY id", err))
		return false;
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		*names = xrealloc(*names, (*n + 1) * sizeof **names);
		(*names)[(*n)++] = xstrdup(store_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

bool scenario_remove(struct store *st, const char *name, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, "DELETE FROM scenario WHERE name = ?", err))
		return false;
	store_bind_text(stmt, 1, name);
	int rc = store_step(st, stmt, err);
	sqlite3_finalize(stmt);
	if (rc >= 0 && sqlite3_changes(st->db) == 0) {
		error_set(err, ERR_INPUT, "det finns inget sparat scenario \"%s\"", name);
		return false;
	}
	return rc >= 0;
}
