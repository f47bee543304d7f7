/*
 * followup/store — the follow-up in the store: saving a document by key in
 * one transaction after checking it, loading it back, removals. See
 * store.h; the tables are migration 3's (docs/store.md).
 */
#include "followup/store.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

/* ---- small helpers ------------------------------------------------------------------- */

/* Bind a count, NULL for FU_NONE. */
static void bind_count(sqlite3_stmt *stmt, int i, int64_t v)
{
	if (v == FU_NONE)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_int64(stmt, i, v);
}

/* Bind text, "" for NULL: the follow-up's texts are never NULL in the store. */
static void bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	store_bind_text(stmt, i, s ? s : "");
}

static int64_t column_count(sqlite3_stmt *stmt, int i)
{
	return sqlite3_column_type(stmt, i) == SQLITE_NULL ? FU_NONE : sqlite3_column_int64(stmt, i);
}

static void bind_optional(sqlite3_stmt *stmt, int i, bool has, int64_t v)
{
	if (has)
		sqlite3_bind_int64(stmt, i, v);
	else
		sqlite3_bind_null(stmt, i);
}

static char *column_dup(sqlite3_stmt *stmt, int i)
{
	return xstrdup(store_column_text(stmt, i));
}

/* Step a prepared write statement to its end and finalize it. */
static bool run(struct store *st, sqlite3_stmt *stmt, struct error *err)
{
	bool ok = store_step(st, stmt, err) == SQLITE_DONE;
	sqlite3_finalize(stmt);
	return ok;
}

/* The id of the row `sql` (one text parameter) finds; 0 when none. */
static bool id_by_text(struct store *st, const char *sql, const char *key, int64_t *id,
		       struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, sql, err))
		return false;
	bind_text(stmt, 1, key);
	int rc = store_step(st, stmt, err);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return rc != -1;
}

/* ---- threshold and categories -------------------------------------------------------- */

bool fu_store_threshold(struct store *st, int64_t *out, struct error *err)
{
	return store_query_int(st, "SELECT coalesce(publish_threshold, ?) FROM org WHERE id = 1",
			       (const int64_t[]){ FU_DEFAULT_THRESHOLD }, 1, FU_DEFAULT_THRESHOLD,
			       out, err);
}

/* The förbund's own categories, in the order added. */
static bool load_categories(struct store *st, struct followup_doc *d, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT name, step, denominator FROM outcome_category ORDER BY id", err))
		return false;
	size_t cap = 0;
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		d->categories = xgrow(d->categories, &cap, d->ncategories + 1, sizeof *d->categories);
		struct fu_category *c = &d->categories[d->ncategories++];
		c->name = column_dup(stmt, 0);
		c->step = sqlite3_column_int(stmt, 1) != 0;
		c->denominator = sqlite3_column_int(stmt, 2) != 0;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

bool fu_store_categories(struct store *st, struct fu_categories *out, struct error *err)
{
	struct followup_doc d;
	followup_doc_init(&d);
	bool ok = load_categories(st, &d, err);
	if (ok)
		fu_categories_build(out, d.categories, d.ncategories);
	followup_doc_free(&d);
	return ok;
}

static bool save_category(struct store *st, const struct fu_category *c, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "INSERT INTO outcome_category (name, step, denominator) VALUES (?, ?, ?)\n"
			   "ON CONFLICT (name) DO UPDATE SET step = excluded.step,\n"
			   "  denominator = excluded.denominator",
			   err))
		return false;
	bind_text(stmt, 1, c->name);
	sqlite3_bind_int(stmt, 2, c->step);
	sqlite3_bind_int(stmt, 3, c->denominator);
	return run(st, stmt, err);
}

/* ---- interventions ------------------------------------------------------------------- */

static bool save_tags(struct store *st, int64_t id, const struct fu_intervention *iv,
		      struct error *err)
{
	for (size_t i = 0; i < iv->ntags; i++) {
		sqlite3_stmt *stmt;
		if (!store_prepare(st, &stmt,
				   "INSERT INTO intervention_tag (intervention_id, seq, tag)\n"
				   "VALUES (?, ?, ?)",
				   err))
			return false;
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, (int64_t)i);
		bind_text(stmt, 3, iv->tags[i]);
		if (!run(st, stmt, err))
			return false;
	}
	return true;
}

static bool save_staff(struct store *st, int64_t id, const struct fu_intervention *iv,
		       struct error *err)
{
	for (size_t i = 0; i < iv->nstaff; i++) {
		const struct fu_staff *s = &iv->staff[i];
		sqlite3_stmt *stmt;
		if (!store_prepare(st, &stmt,
				   "INSERT INTO intervention_staff (intervention_id, seq, role, employer,\n"
				   "  percent_bp, from_date, to_date, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
				   err))
			return false;
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, (int64_t)i);
		bind_text(stmt, 3, s->role);
		bind_text(stmt, 4, s->employer);
		bind_count(stmt, 5, s->percent_bp);
		store_bind_int_or_null(stmt, 6, s->from);
		store_bind_int_or_null(stmt, 7, s->to);
		bind_text(stmt, 8, s->note);
		if (!run(st, stmt, err))
			return false;
	}
	return true;
}

static bool save_result_goals(struct store *st, int64_t id, const struct fu_intervention *iv,
			      struct error *err)
{
	for (size_t i = 0; i < iv->ngoals; i++) {
		const struct fu_result_goal *g = &iv->goals[i];
		sqlite3_stmt *stmt;
		if (!store_prepare(st, &stmt,
				   "INSERT INTO result_goal (intervention_id, seq, text, measure, source,\n"
				   "  survey, target, at_most, actual, deviation, status)\n"
				   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				   err))
			return false;
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, (int64_t)i);
		bind_text(stmt, 3, g->text);
		bind_text(stmt, 4, fu_measure_name(g->measure));
		bind_text(stmt, 5, fu_source_name(g->source));
		bind_text(stmt, 6, g->survey);
		bind_optional(stmt, 7, g->has_target, g->target);
		sqlite3_bind_int(stmt, 8, g->at_most);
		bind_optional(stmt, 9, g->has_actual, g->actual);
		bind_text(stmt, 10, g->deviation);
		bind_text(stmt, 11, fu_status_name(g->status));
		if (!run(st, stmt, err))
			return false;
	}
	return true;
}

static bool save_activities(struct store *st, int64_t id, const struct fu_intervention *iv,
			    struct error *err)
{
	for (size_t i = 0; i < iv->nactivities; i++) {
		const struct fu_activity *a = &iv->activities[i];
		sqlite3_stmt *stmt;
		if (!store_prepare(st, &stmt,
				   "INSERT INTO intervention_activity (intervention_id, seq, name,\n"
				   "  description, attendees) VALUES (?, ?, ?, ?, ?)",
				   err))
			return false;
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, (int64_t)i);
		bind_text(stmt, 3, a->name);
		bind_text(stmt, 4, a->description);
		bind_count(stmt, 5, a->attendees);
		if (!run(st, stmt, err))
			return false;
	}
	return true;
}

/* The stored kind of intervention `code`; *found false when there is none. */
static bool stored_kind(struct store *st, const char *code, enum fu_kind *kind, bool *found,
			struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, "SELECT kind FROM intervention WHERE code = ?", err))
		return false;
	bind_text(stmt, 1, code);
	int rc = store_step(st, stmt, err);
	*found = rc == SQLITE_ROW;
	if (*found)
		fu_kind_parse(store_column_text(stmt, 0), kind);
	sqlite3_finalize(stmt);
	return rc != -1;
}

static bool save_intervention(struct store *st, const struct fu_intervention *iv, const char *file,
			      struct error *err)
{
	enum fu_kind kind = FU_INDIVIDUAL;
	bool found;
	if (!stored_kind(st, iv->code, &kind, &found, err))
		return false;
	if (found && kind != iv->kind) {
		error_set_at(err, ERR_INPUT, file, 0,
			     "insats %s är %s och kan inte bli %s: slaget bestäms när insatsen "
			     "skapas (som i det nationella uppföljningssystemet); en insats med "
			     "båda delarna är två insatser",
			     iv->code, fu_kind_name(kind), fu_kind_name(iv->kind));
		return false;
	}
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "INSERT INTO intervention (code, name, kind, owner, start_date, end_date,\n"
			   "  esf, budget_group, summary, purpose, target_group, done, cost_effect,\n"
			   "  cooperation, outlook, evaluation)\n"
			   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)\n"
			   "ON CONFLICT (code) DO UPDATE SET name = excluded.name,\n"
			   "  owner = excluded.owner, start_date = excluded.start_date,\n"
			   "  end_date = excluded.end_date, esf = excluded.esf,\n"
			   "  budget_group = excluded.budget_group, summary = excluded.summary,\n"
			   "  purpose = excluded.purpose, target_group = excluded.target_group,\n"
			   "  done = excluded.done, cost_effect = excluded.cost_effect,\n"
			   "  cooperation = excluded.cooperation, outlook = excluded.outlook,\n"
			   "  evaluation = excluded.evaluation",
			   err))
		return false;
	const char *texts[] = { iv->budget_group, iv->summary, iv->purpose, iv->target_group,
				iv->done, iv->cost_effect, iv->cooperation, iv->outlook,
				iv->evaluation };
	bind_text(stmt, 1, iv->code);
	bind_text(stmt, 2, iv->name);
	bind_text(stmt, 3, fu_kind_name(iv->kind));
	bind_text(stmt, 4, iv->owner);
	store_bind_int_or_null(stmt, 5, iv->start);
	store_bind_int_or_null(stmt, 6, iv->end);
	sqlite3_bind_int(stmt, 7, iv->esf);
	for (int i = 0; i < 9; i++)
		bind_text(stmt, 8 + i, texts[i]);
	if (!run(st, stmt, err))
		return false;
	int64_t id;
	if (!id_by_text(st, "SELECT id FROM intervention WHERE code = ?", iv->code, &id, err))
		return false;
	const int64_t arg[] = { id };
	return store_exec_ints(st, "DELETE FROM intervention_tag WHERE intervention_id = ?", arg, 1,
			       err) &&
	       store_exec_ints(st, "DELETE FROM intervention_staff WHERE intervention_id = ?", arg, 1,
			       err) &&
	       store_exec_ints(st, "DELETE FROM result_goal WHERE intervention_id = ?", arg, 1,
			       err) &&
	       store_exec_ints(st, "DELETE FROM intervention_activity WHERE intervention_id = ?",
			       arg, 1, err) &&
	       save_tags(st, id, iv, err) && save_staff(st, id, iv, err) &&
	       save_result_goals(st, id, iv, err) && save_activities(st, id, iv, err);
}

/* ---- statistics ---------------------------------------------------------------------- */

static bool save_counts(struct store *st, int64_t stats_id, const char *kind,
			const struct fu_count *c, size_t n, struct error *err)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *stmt;
		if (!store_prepare(st, &stmt,
				   "INSERT INTO participant_count (stats_id, kind, seq, label, count)\n"
				   "VALUES (?, ?, ?, ?, ?)",
				   err))
			return false;
		sqlite3_bind_int64(stmt, 1, stats_id);
		bind_text(stmt, 2, kind);
		sqlite3_bind_int64(stmt, 3, (int64_t)i);
		bind_text(stmt, 4, c[i].label);
		sqlite3_bind_int64(stmt, 5, c[i].count);
		if (!run(st, stmt, err))
			return false;
	}
	return true;
}

static bool save_surveys(struct store *st, int64_t stats_id, const struct fu_stats *s,
			 struct error *err)
{
	for (size_t i = 0; i < s->nsurveys; i++) {
		sqlite3_stmt *stmt;
		if (!store_prepare(st, &stmt,
				   "INSERT INTO participant_survey (stats_id, seq, name, mean, answers)\n"
				   "VALUES (?, ?, ?, ?, ?)",
				   err))
			return false;
		sqlite3_bind_int64(stmt, 1, stats_id);
		sqlite3_bind_int64(stmt, 2, (int64_t)i);
		bind_text(stmt, 3, s->surveys[i].name);
		bind_count(stmt, 4, s->surveys[i].mean);
		bind_count(stmt, 5, s->surveys[i].answers);
		if (!run(st, stmt, err))
			return false;
	}
	return true;
}

/* The incomplete parts as stored: "kön,utfall". Free it. */
static char *parts_text(unsigned parts)
{
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, "");
	for (unsigned bit = 1; bit <= FU_PART_SURVEY; bit <<= 1) {
		if (!(parts & bit))
			continue;
		if (b.len)
			buf_putc(&b, ',');
		buf_puts(&b, fu_part_name((enum fu_part)bit));
	}
	return buf_take(&b);
}

static unsigned parts_parse(const char *s)
{
	unsigned parts = 0;
	char *copy = xstrdup(s), *save = NULL;
	for (char *p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		enum fu_part part;
		if (fu_part_parse(p, &part))
			parts |= (unsigned)part;
	}
	free(copy);
	return parts;
}

static bool save_stats(struct store *st, int64_t iv_id, const struct fu_stats *s,
		       struct error *err)
{
	const int64_t key[] = { iv_id, s->from, s->to };
	if (!store_exec_ints(st,
			     "DELETE FROM participant_stats WHERE intervention_id = ?\n"
			     "  AND period_from = ? AND period_to = ?",
			     key, 3, err))
		return false;
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "INSERT INTO participant_stats (intervention_id, period_from, period_to,\n"
			   "  total, new, ongoing, ended, planned, waiting, women, men, other,\n"
			   "  incomplete, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			   err))
		return false;
	sqlite3_bind_int64(stmt, 1, iv_id);
	sqlite3_bind_int(stmt, 2, s->from);
	sqlite3_bind_int(stmt, 3, s->to);
	const int64_t counts[] = { s->total, s->new_,    s->ongoing, s->ended, s->planned,
				   s->waiting, s->women, s->men,     s->other };
	for (int i = 0; i < 9; i++)
		bind_count(stmt, 4 + i, counts[i]);
	char *parts = parts_text(s->incomplete);
	bind_text(stmt, 13, parts);
	bind_text(stmt, 14, s->comment);
	bool ok = run(st, stmt, err);
	free(parts);
	if (!ok)
		return false;
	int64_t id = sqlite3_last_insert_rowid(st->db);
	return save_counts(st, id, "utfall", s->outcomes, s->noutcomes, err) &&
	       save_counts(st, id, "ålder", s->ages, s->nages, err) &&
	       save_counts(st, id, "försörjning", s->incomes, s->nincomes, err) &&
	       save_surveys(st, id, s, err);
}

/* Append f's findings to out, each prefixed with "CODE PERIOD: ". */
static void take_findings(struct fu_findings *out, struct fu_findings *f, const char *prefix)
{
	for (size_t i = 0; i < f->n; i++) {
		out->items = xgrow(out->items, &out->cap, out->n + 1, sizeof *out->items);
		struct fu_finding *x = &out->items[out->n++];
		x->warning = f->items[i].warning;
		x->field = f->items[i].field;
		x->text = xasprintf("%s: %s", prefix, f->items[i].text);
		free(f->items[i].text);
		if (!x->warning)
			out->errors++;
	}
	free(f->items);
	memset(f, 0, sizeof *f);
}

/* Check and save every statistics record of doc. */
static bool save_all_stats(struct store *st, const struct followup_doc *doc, const char *file,
			   struct fu_findings *findings, struct error *err)
{
	struct fu_categories cats;
	if (!fu_store_categories(st, &cats, err))
		return false;
	bool ok = true;
	size_t errors_before = findings->errors;
	for (size_t i = 0; i < doc->nstats && ok; i++) {
		const struct fu_stats *s = &doc->stats[i];
		char period[FU_PERIOD_MAX];
		fu_period_format(s->from, s->to, period);
		for (size_t j = 0; j < i && ok; j++) {
			const struct fu_stats *o = &doc->stats[j];
			if (strcmp(o->intervention, s->intervention) == 0 && o->from == s->from &&
			    o->to == s->to) {
				error_set_at(err, ERR_INPUT, file, 0,
					     "statistiken för %s %s står två gånger", s->intervention,
					     period);
				ok = false;
			}
		}
		struct fu_intervention iv;
		bool found = false;
		if (ok && !fu_store_intervention(st, s->intervention, &iv, &found, err))
			ok = false;
		if (ok && !found) {
			error_set_at(err, ERR_INPUT, file, 0,
				     "statistik för insats %s, som inte finns; registrera den under "
				     "insatser först",
				     s->intervention);
			ok = false;
		}
		if (!ok || !found)
			break;
		struct fu_findings f = { 0 };
		fu_stats_check(s, &cats, &iv, &f);
		char *prefix = xasprintf("%s %s", s->intervention, period);
		bool clean = f.errors == 0;
		take_findings(findings, &f, prefix);
		free(prefix);
		int64_t iv_id = 0;
		if (clean)
			ok = id_by_text(st, "SELECT id FROM intervention WHERE code = ?", s->intervention,
					&iv_id, err) &&
			     save_stats(st, iv_id, s, err);
		fu_intervention_free(&iv);
	}
	fu_categories_free(&cats);
	if (ok && findings->errors > errors_before) {
		size_t n = findings->errors - errors_before;
		error_set_at(err, ERR_INPUT, file, 0, "%zu fel i deltagarstatistiken; inget sparades",
			     n);
		ok = false;
	}
	return ok;
}

/* ---- goals --------------------------------------------------------------------------- */

static bool save_area(struct store *st, const struct fu_goal_area *a, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, "INSERT INTO goal_area (name) VALUES (?) ON CONFLICT DO NOTHING",
			   err))
		return false;
	bind_text(stmt, 1, a->name);
	if (!run(st, stmt, err))
		return false;
	int64_t id;
	if (!id_by_text(st, "SELECT id FROM goal_area WHERE name = ?", a->name, &id, err) ||
	    !store_exec_ints(st, "DELETE FROM goal WHERE area_id = ?", (const int64_t[]){ id }, 1,
			     err))
		return false;
	for (size_t i = 0; i < a->ngoals; i++) {
		const struct fu_goal *g = &a->goals[i];
		if (!store_prepare(st, &stmt,
				   "INSERT INTO goal (area_id, seq, text, activities, outcome, status,\n"
				   "  target, actual, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
				   err))
			return false;
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, (int64_t)i);
		bind_text(stmt, 3, g->text);
		bind_text(stmt, 4, g->activities);
		bind_text(stmt, 5, g->outcome);
		bind_text(stmt, 6, fu_status_name(g->status));
		bind_optional(stmt, 7, g->has_target, g->target);
		bind_optional(stmt, 8, g->has_actual, g->actual);
		bind_text(stmt, 9, g->unit);
		if (!run(st, stmt, err))
			return false;
	}
	return true;
}

/* ---- saving a document ---------------------------------------------------------------- */

/* Refuse a document that names the same intervention, category or goal
 * area twice: which one should win is not ours to guess. */
static bool check_unique(const struct followup_doc *doc, const char *file, struct error *err)
{
	for (size_t i = 0; i < doc->ninterventions; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(doc->interventions[i].code, doc->interventions[j].code) == 0) {
				error_set_at(err, ERR_INPUT, file, 0, "insats %s står två gånger",
					     doc->interventions[i].code);
				return false;
			}
	for (size_t i = 0; i < doc->ncategories; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(doc->categories[i].name, doc->categories[j].name) == 0) {
				error_set_at(err, ERR_INPUT, file, 0,
					     "utfallskategorin %s står två gånger",
					     doc->categories[i].name);
				return false;
			}
	for (size_t i = 0; i < doc->nareas; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(doc->areas[i].name, doc->areas[j].name) == 0) {
				error_set_at(err, ERR_INPUT, file, 0, "målområdet %s står två gånger",
					     doc->areas[i].name);
				return false;
			}
	return true;
}

bool fu_store_write(struct store *st, const struct followup_doc *doc, const char *file,
		    struct fu_findings *findings, struct error *err)
{
	if (!check_unique(doc, file, err))
		return false;
	bool ok = true;
	if (doc->has_threshold)
		ok = store_exec_ints(st, "UPDATE org SET publish_threshold = ? WHERE id = 1",
				     &doc->threshold, 1, err);
	for (size_t i = 0; ok && i < doc->ncategories; i++)
		ok = save_category(st, &doc->categories[i], err);
	for (size_t i = 0; ok && i < doc->ninterventions; i++)
		ok = save_intervention(st, &doc->interventions[i], file, err);
	if (ok)
		ok = save_all_stats(st, doc, file, findings, err);
	for (size_t i = 0; ok && i < doc->nareas; i++)
		ok = save_area(st, &doc->areas[i], err);
	return ok;
}

bool fu_store_save(struct store *st, const struct followup_doc *doc, const char *file,
		   bool dry_run, struct fu_findings *findings, struct error *err)
{
	if (!store_begin(st, err))
		return false;
	bool ok = fu_store_write(st, doc, file, findings, err);
	if (ok && !dry_run && store_commit(st, err))
		return true;
	store_rollback(st);
	return ok && dry_run;
}

/* ---- loading ------------------------------------------------------------------------- */

/* Rows of `sql` (bound to id) handed one by one to `row`. */
static bool each_row(struct store *st, const char *sql, int64_t id,
		     void (*row)(sqlite3_stmt *stmt, void *ctx), void *ctx, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, sql, err))
		return false;
	sqlite3_bind_int64(stmt, 1, id);
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW)
		row(stmt, ctx);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

static void tag_row(sqlite3_stmt *stmt, void *ctx)
{
	struct fu_intervention *iv = ctx;
	size_t cap = iv->ntags;
	iv->tags = xgrow(iv->tags, &cap, iv->ntags + 1, sizeof *iv->tags);
	iv->tags[iv->ntags++] = column_dup(stmt, 0);
}

static void staff_row(sqlite3_stmt *stmt, void *ctx)
{
	struct fu_intervention *iv = ctx;
	size_t cap = iv->nstaff;
	iv->staff = xgrow(iv->staff, &cap, iv->nstaff + 1, sizeof *iv->staff);
	iv->staff[iv->nstaff++] = (struct fu_staff){
		.role = column_dup(stmt, 0),
		.employer = column_dup(stmt, 1),
		.percent_bp = column_count(stmt, 2),
		.from = sqlite3_column_int(stmt, 3),
		.to = sqlite3_column_int(stmt, 4),
		.note = column_dup(stmt, 5),
	};
}

static void result_goal_row(sqlite3_stmt *stmt, void *ctx)
{
	struct fu_intervention *iv = ctx;
	size_t cap = iv->ngoals;
	iv->goals = xgrow(iv->goals, &cap, iv->ngoals + 1, sizeof *iv->goals);
	struct fu_result_goal *g = &iv->goals[iv->ngoals++];
	memset(g, 0, sizeof *g);
	g->text = column_dup(stmt, 0);
	fu_measure_parse(store_column_text(stmt, 1), &g->measure);
	fu_source_parse(store_column_text(stmt, 2), &g->source);
	g->survey = column_dup(stmt, 3);
	g->has_target = sqlite3_column_type(stmt, 4) != SQLITE_NULL;
	g->target = sqlite3_column_int64(stmt, 4);
	g->at_most = sqlite3_column_int(stmt, 5) != 0;
	g->has_actual = sqlite3_column_type(stmt, 6) != SQLITE_NULL;
	g->actual = sqlite3_column_int64(stmt, 6);
	g->deviation = column_dup(stmt, 7);
	if (!fu_status_parse(store_column_text(stmt, 8), &g->status))
		g->status = FU_ST_NONE;
}

static void activity_row(sqlite3_stmt *stmt, void *ctx)
{
	struct fu_intervention *iv = ctx;
	size_t cap = iv->nactivities;
	iv->activities = xgrow(iv->activities, &cap, iv->nactivities + 1, sizeof *iv->activities);
	iv->activities[iv->nactivities++] = (struct fu_activity){
		.name = column_dup(stmt, 0),
		.description = column_dup(stmt, 1),
		.attendees = column_count(stmt, 2),
	};
}

/* The intervention of the current row of a SELECT of INTERVENTION_COLUMNS,
 * with its lists. */
#define INTERVENTION_COLUMNS \
	"id, code, name, kind, owner, start_date, end_date, esf, budget_group, summary, purpose, " \
	"target_group, done, cost_effect, cooperation, outlook, evaluation"

static bool intervention_from_row(struct store *st, sqlite3_stmt *stmt, struct fu_intervention *iv,
				  struct error *err)
{
	memset(iv, 0, sizeof *iv);
	int64_t id = sqlite3_column_int64(stmt, 0);
	iv->code = column_dup(stmt, 1);
	iv->name = column_dup(stmt, 2);
	fu_kind_parse(store_column_text(stmt, 3), &iv->kind);
	iv->owner = column_dup(stmt, 4);
	iv->start = sqlite3_column_int(stmt, 5);
	iv->end = sqlite3_column_int(stmt, 6);
	iv->esf = sqlite3_column_int(stmt, 7) != 0;
	char **texts[] = { &iv->budget_group, &iv->summary, &iv->purpose, &iv->target_group,
			   &iv->done, &iv->cost_effect, &iv->cooperation, &iv->outlook,
			   &iv->evaluation };
	for (int i = 0; i < 9; i++)
		*texts[i] = column_dup(stmt, 8 + i);
	return each_row(st, "SELECT tag FROM intervention_tag WHERE intervention_id = ? ORDER BY seq",
			id, tag_row, iv, err) &&
	       each_row(st,
			"SELECT role, employer, percent_bp, from_date, to_date, note\n"
			"FROM intervention_staff WHERE intervention_id = ? ORDER BY seq",
			id, staff_row, iv, err) &&
	       each_row(st,
			"SELECT text, measure, source, survey, target, at_most, actual, deviation,\n"
			"  status FROM result_goal WHERE intervention_id = ? ORDER BY seq",
			id, result_goal_row, iv, err) &&
	       each_row(st,
			"SELECT name, description, attendees FROM intervention_activity\n"
			"WHERE intervention_id = ? ORDER BY seq",
			id, activity_row, iv, err);
}

bool fu_store_intervention(struct store *st, const char *code, struct fu_intervention *out,
			   bool *found, struct error *err)
{
	memset(out, 0, sizeof *out);
	*found = false;
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT " INTERVENTION_COLUMNS " FROM intervention WHERE code = ?", err))
		return false;
	bind_text(stmt, 1, code);
	int rc = store_step(st, stmt, err);
	bool ok = rc != -1;
	if (rc == SQLITE_ROW) {
		*found = true;
		ok = intervention_from_row(st, stmt, out, err);
		if (!ok)
			fu_intervention_free(out);
	}
	sqlite3_finalize(stmt);
	return ok;
}

static bool load_interventions(struct store *st, struct followup_doc *d, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT " INTERVENTION_COLUMNS " FROM intervention ORDER BY code", err))
		return false;
	size_t cap = 0;
	int rc;
	bool ok = true;
	while (ok && (rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		d->interventions =
			xgrow(d->interventions, &cap, d->ninterventions + 1, sizeof *d->interventions);
		ok = intervention_from_row(st, stmt, &d->interventions[d->ninterventions++], err);
	}
	sqlite3_finalize(stmt);
	return ok && rc == SQLITE_DONE;
}

/* A labelled count appended to the list its kind names. */
static void count_row(sqlite3_stmt *stmt, void *ctx)
{
	struct fu_stats *s = ctx;
	const char *kind = store_column_text(stmt, 0);
	struct fu_count **list = &s->outcomes;
	size_t *n = &s->noutcomes;
	if (strcmp(kind, "ålder") == 0) {
		list = &s->ages;
		n = &s->nages;
	} else if (strcmp(kind, "försörjning") == 0) {
		list = &s->incomes;
		n = &s->nincomes;
	}
	size_t cap = *n;
	*list = xgrow(*list, &cap, *n + 1, sizeof **list);
	(*list)[(*n)++] = (struct fu_count){ column_dup(stmt, 1), sqlite3_column_int64(stmt, 2) };
}

static void survey_row(sqlite3_stmt *stmt, void *ctx)
{
	struct fu_stats *s = ctx;
	size_t cap = s->nsurveys;
	s->surveys = xgrow(s->surveys, &cap, s->nsurveys + 1, sizeof *s->surveys);
	s->surveys[s->nsurveys++] = (struct fu_survey){
		.name = column_dup(stmt, 0),
		.mean = column_count(stmt, 1),
		.answers = column_count(stmt, 2),
	};
}

static bool load_stats(struct store *st, struct followup_doc *d, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT s.id, i.code, s.period_from, s.period_to, s.total, s.new,\n"
			   "  s.ongoing, s.ended, s.planned, s.waiting, s.women, s.men, s.other,\n"
			   "  s.incomplete, s.comment\n"
			   "FROM participant_stats s JOIN intervention i ON i.id = s.intervention_id\n"
			   "ORDER BY i.code, s.period_from, s.period_to",
			   err))
		return false;
	size_t cap = 0;
	int rc;
	bool ok = true;
	while (ok && (rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		d->stats = xgrow(d->stats, &cap, d->nstats + 1, sizeof *d->stats);
		struct fu_stats *s = &d->stats[d->nstats++];
		fu_stats_init(s);
		int64_t id = sqlite3_column_int64(stmt, 0);
		s->intervention = column_dup(stmt, 1);
		s->from = sqlite3_column_int(stmt, 2);
		s->to = sqlite3_column_int(stmt, 3);
		int64_t *counts[] = { &s->total,   &s->new_,  &s->ongoing, &s->ended, &s->planned,
				      &s->waiting, &s->women, &s->men,     &s->other };
		for (int i = 0; i < 9; i++)
			*counts[i] = column_count(stmt, 4 + i);
		s->incomplete = parts_parse(store_column_text(stmt, 13));
		s->comment = column_dup(stmt, 14);
		ok = each_row(st,
			      "SELECT kind, label, count FROM participant_count WHERE stats_id = ?\n"
			      "ORDER BY kind, seq",
			      id, count_row, s, err) &&
		     each_row(st,
			      "SELECT name, mean, answers FROM participant_survey WHERE stats_id = ?\n"
			      "ORDER BY seq",
			      id, survey_row, s, err);
	}
	sqlite3_finalize(stmt);
	return ok && rc == SQLITE_DONE;
}

static void goal_row(sqlite3_stmt *stmt, void *ctx)
{
	struct fu_goal_area *a = ctx;
	size_t cap = a->ngoals;
	a->goals = xgrow(a->goals, &cap, a->ngoals + 1, sizeof *a->goals);
	struct fu_goal *g = &a->goals[a->ngoals++];
	memset(g, 0, sizeof *g);
	g->text = column_dup(stmt, 0);
	g->activities = column_dup(stmt, 1);
	g->outcome = column_dup(stmt, 2);
	if (!fu_status_parse(store_column_text(stmt, 3), &g->status))
		g->status = FU_ST_NONE;
	g->has_target = sqlite3_column_type(stmt, 4) != SQLITE_NULL;
	g->target = sqlite3_column_int64(stmt, 4);
	g->has_actual = sqlite3_column_type(stmt, 5) != SQLITE_NULL;
	g->actual = sqlite3_column_int64(stmt, 5);
	g->unit = column_dup(stmt, 6);
}

static bool load_areas(struct store *st, struct followup_doc *d, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, "SELECT id, name FROM goal_area ORDER BY id", err))
		return false;
	size_t cap = 0;
	int rc;
	bool ok = true;
	while (ok && (rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		d->areas = xgrow(d->areas, &cap, d->nareas + 1, sizeof *d->areas);
		struct fu_goal_area *a = &d->areas[d->nareas++];
		memset(a, 0, sizeof *a);
		a->name = column_dup(stmt, 1);
		ok = each_row(st,
			      "SELECT text, activities, outcome, status, target, actual, unit\n"
			      "FROM goal WHERE area_id = ? ORDER BY seq",
			      sqlite3_column_int64(stmt, 0), goal_row, a, err);
	}
	sqlite3_finalize(stmt);
	return ok && rc == SQLITE_DONE;
}

bool fu_store_load(struct store *st, struct followup_doc *out, struct error *err)
{
	followup_doc_init(out);
	int64_t set = 0;
	bool ok = store_query_int(st, "SELECT publish_threshold IS NOT NULL FROM org WHERE id = 1",
				  NULL, 0, 0, &set, err) &&
		  fu_store_threshold(st, &out->threshold, err) && load_categories(st, out, err) &&
		  load_interventions(st, out, err) && load_stats(st, out, err) &&
		  load_areas(st, out, err);
	out->has_threshold = set != 0;
	if (!ok)
		followup_doc_free(out);
	return ok;
}

/* ---- removal ------------------------------------------------------------------------- */

/* Run a DELETE with one text parameter; ERR_INPUT `missing` when it
 * removed nothing. */
static bool remove_one(struct store *st, const char *sql, const char *key, const char *missing,
		       struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, sql, err))
		return false;
	bind_text(stmt, 1, key);
	if (!run(st, stmt, err))
		return false;
	if (sqlite3_changes(st->db) == 0) {
		error_set(err, ERR_INPUT, "%s", missing);
		return false;
	}
	return true;
}

bool fu_store_remove_intervention(struct store *st, const char *code, struct error *err)
{
	char *missing = xasprintf("det finns ingen insats %s", code);
	bool ok = remove_one(st, "DELETE FROM intervention WHERE code = ?", code, missing, err);
	free(missing);
	return ok;
}

bool fu_store_remove_area(struct store *st, const char *name, struct error *err)
{
	char *missing = xasprintf("det finns inget målområde %s", name);
	bool ok = remove_one(st, "DELETE FROM goal_area WHERE name = ?", name, missing, err);
	free(missing);
	return ok;
}

bool fu_store_remove_stats(struct store *st, const char *code, date_t from, date_t to,
			   struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "DELETE FROM participant_stats WHERE period_from = ? AND period_to = ?\n"
			   "  AND intervention_id = (SELECT id FROM intervention WHERE code = ?)",
			   err))
		return false;
	sqlite3_bind_int(stmt, 1, from);
	sqlite3_bind_int(stmt, 2, to);
	bind_text(stmt, 3, code);
	if (!run(st, stmt, err))
		return false;
	if (sqlite3_changes(st->db) == 0) {
		char period[FU_PERIOD_MAX];
		error_set(err, ERR_INPUT, "det finns ingen statistik för %s %s", code,
			  fu_period_format(from, to, period));
		return false;
	}
	return true;
}
