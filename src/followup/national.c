/*
 * followup/national — the national follow-up system's figures from the
 * books, the plan and the statistics. See national.h.
 */
#include "followup/national.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "books/org.h"
#include "followup/evaluate.h"
#include "followup/stats.h"
#include "followup/store.h"
#include "plan/fin_goals.h"
#include "util/xalloc.h"

static struct fu_national_row *add_row(struct fu_national *n, size_t *cap, const char *area,
				       const char *code, const char *name, const char *key,
				       const char *label)
{
	n->rows = xgrow(n->rows, cap, n->n + 1, sizeof *n->rows);
	struct fu_national_row *r = &n->rows[n->n++];
	memset(r, 0, sizeof *r);
	r->area = area;
	r->code = xstrdup(code);
	r->name = xstrdup(name);
	r->key = key;
	r->label = label;
	return r;
}

static void add_amount(struct fu_national *n, size_t *cap, const char *area, const char *code,
		       const char *name, const char *key, const char *label, bool known,
		       money_t amount)
{
	struct fu_national_row *r = add_row(n, cap, area, code, name, key, label);
	r->is_amount = true;
	r->known = known;
	r->amount = known ? amount : 0;
}

static void add_count(struct fu_national *n, size_t *cap, const char *code, const char *name,
		      const char *key, const char *label, int64_t v, enum fu_shown shown,
		      int64_t threshold)
{
	struct fu_national_row *r = add_row(n, cap, "insats", code, name, key, label);
	char buf[24];
	r->known = v != FU_NONE;
	r->count = xstrdup(r->known ? fu_shown_text(shown, v, threshold, buf) : "");
}

/* The administration group: the one asked for, the administration-andel
 * goal's, or the first budget group named "Administra…". */
static bool find_admin_group(struct store *st, const struct fu_books *books, const char *asked,
			     char **out, struct error *err)
{
	if (asked) {
		*out = xstrdup(asked);
		return true;
	}
	struct fin_goal *goals;
	size_t n;
	if (!fin_goal_list(st, &goals, &n, err))
		return false;
	*out = NULL;
	for (size_t i = 0; i < n && !*out; i++)
		if (goals[i].kind == FGK_ADMIN_SHARE && goals[i].group[0])
			*out = xstrdup(goals[i].group);
	fin_goal_list_free(goals, n);
	for (size_t i = 0; !*out && books->has_budget && i < books->budget.nlines; i++)
		if (strncasecmp(books->budget.lines[i].group, "administra", 10) == 0)
			*out = xstrdup(books->budget.lines[i].group);
	if (!*out)
		*out = xstrdup("");
	return true;
}

/* Sum budget and actual of the lines of `kind` (or, kind < 0, of group). */
static void sum_lines(const struct fu_books *books, int kind, const char *group, money_t *budget,
		      money_t *actual)
{
	*budget = *actual = 0;
	for (size_t i = 0; books->has_budget && i < books->budget.nlines; i++) {
		const struct budget_line *l = &books->budget.lines[i];
		if (kind >= 0 ? (int)l->kind != kind : strcmp(l->group, group) != 0)
			continue;
		*budget += l->amount;
		*actual += books->actuals.line[i];
	}
}

static bool org_rows(struct store *st, struct fu_national *n, size_t *cap,
		     const struct fu_books *books, const char *orgname, struct error *err)
{
	money_t budget, actual;
	sum_lines(books, BK_CONTRIBUTIONS, NULL, &budget, &actual);
	add_amount(n, cap, "förbund", "", orgname, "allocated_budget",
		   "Tilldelade medel (budget)", books->has_budget, budget);
	add_amount(n, cap, "förbund", "", orgname, "allocated_booked",
		   "Tilldelade medel (bokförda)", books->has_budget, actual);
	money_t equity = 0;
	bool found = false;
	if (!plan_opening_equity(st, n->year, &equity, &found, err))
		return false;
	add_amount(n, cap, "förbund", "", orgname, "equity_start", "Eget kapital vid årets början",
		   found, equity);
	add_amount(n, cap, "förbund", "", orgname, "equity_to", "Eget kapital till och med dagen",
		   found && books->has_budget, equity + books->actuals.result);
	bool admin = books->has_budget && n->admin_group[0];
	sum_lines(books, -1, n->admin_group, &budget, &actual);
	add_amount(n, cap, "förbund", "", orgname, "admin_budget", "Administration, budget", admin,
		   budget);
	add_amount(n, cap, "förbund", "", orgname, "admin_actual", "Administration, utfall", admin,
		   actual);
	return true;
}

/* The statistics of intervention `code` that end last within the year
 * through `to`, or NULL. */
static const struct fu_stats *latest_stats(const struct followup_doc *d, const char *code,
					   int year, date_t to)
{
	date_t from = 0, end = 0;
	if (!followup_doc_latest(d, code, year * 10000 + 101, to, &from, &end))
		return NULL;
	return followup_doc_stats(d, code, from, end);
}

static void intervention_rows(struct fu_national *n, size_t *cap, const struct fu_intervention *iv,
			      const struct fu_books *books, const struct fu_stats *s,
			      const struct fu_categories *cats, int64_t threshold)
{
	struct fu_budget_use use;
	fu_budget_use(books, iv, &use);
	add_amount(n, cap, "insats", iv->code, iv->name, "budget", "Budget", use.known, use.budget);
	add_amount(n, cap, "insats", iv->code, iv->name, "actual", "Utfall", use.known, use.actual);
	struct fu_stats none;
	fu_stats_init(&none);
	if (!s)
		s = &none;
	struct fu_published pub;
	fu_publish(s, cats, threshold, &pub);
	add_count(n, cap, iv->code, iv->name, "planned", "Planerat antal deltagare", s->planned,
		  pub.planned, threshold);
	add_count(n, cap, iv->code, iv->name, "participants", "Deltagare", s->total, pub.total,
		  threshold);
	add_count(n, cap, iv->code, iv->name, "women", "Kvinnor", s->women, pub.women, threshold);
	add_count(n, cap, iv->code, iv->name, "men", "Män", s->men, pub.men, threshold);
	add_count(n, cap, iv->code, iv->name, "other", "Annat/okänt kön", s->other, pub.other,
		  threshold);
	fu_published_free(&pub);
}

bool fu_national_compute(struct store *st, int year, date_t to, const char *admin_group,
			 bool published, struct fu_national *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	struct fu_books books;
	if (!fu_books_load(st, year, to, &books, err))
		return false;
	out->to = books.has_budget ? books.to : (to ? to : year * 10000 + 1231);
	out->basis = xstrdup(books.basis ? books.basis : "");
	struct followup_doc d;
	struct fu_categories cats = { 0 };
	struct org_info org = { 0 };
	int64_t threshold = 0;
	size_t cap = 0;
	bool loaded = false;
	bool ok = find_admin_group(st, &books, admin_group, &out->admin_group, err) &&
		  org_get(st, &org, err) && (loaded = fu_store_load(st, &d, err)) &&
		  org_rows(st, out, &cap, &books, org.name ? org.name : "", err);
	if (loaded) {
		fu_categories_build(&cats, d.categories, d.ncategories);
		threshold = published ? d.threshold : 0;
	}
	for (size_t i = 0; ok && i < d.ninterventions; i++) {
		const struct fu_intervention *iv = &d.interventions[i];
		intervention_rows(out, &cap, iv, &books, latest_stats(&d, iv->code, year, out->to),
				  &cats, threshold);
	}
	if (loaded)
		followup_doc_free(&d);
	fu_categories_free(&cats);
	org_info_free(&org);
	fu_books_free(&books);
	if (!ok)
		fu_national_free(out);
	return ok;
}

void fu_national_free(struct fu_national *n)
{
	for (size_t i = 0; i < n->n; i++) {
		free(n->rows[i].code);
		free(n->rows[i].name);
		free(n->rows[i].count);
	}
	free(n->rows);
	free(n->basis);
	free(n->admin_group);
	memset(n, 0, sizeof *n);
}
