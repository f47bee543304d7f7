/*
 * page_goals — Mål: the förbund's goal areas and goals (verksamhetsmål)
 * with their activities, outcome, numbers and status, and the financial
 * goals judged against the year's forecast beside them — what `finsam
 * goals` shows. Those who may change goals add a goal (to an area or a
 * new one), change one or remove one: the area is saved as the follow-up
 * file saves it (its goals replaced as a whole, fu_store_write), with a
 * change-log row, in one transaction.
 *
 * A goal is addressed by its area's and its own number on the page
 * (/mal/2/1); the form carries the area's name and the goal's text as
 * they were shown, and a change to a goal that has since moved or
 * changed is refused (409) rather than applied to the wrong one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "followup/evaluate.h"
#include "followup/store.h"
#include "plan/budget.h"
#include "plan/fin_goals.h"
#include "plan/forecast.h"
#include "util/xalloc.h"
#include "web/fu_form.h"
#include "web/html.h"
#include "web/pages.h"

#define STALE_TEXT                                                                          \
	"Målen har ändrats sedan sidan visades. Ladda om sidan och försök igen; inget har " \
	"ändrats."

static const char *const status_choices[] = { "", "uppnått", "delvis", "ej uppnått",
					      "kan ej bedömas" };

/* A form sent back with an error: which one, why, and what it held. */
struct sent_back {
	size_t area, goal; /* 1-based: the goal's change form; 0, 0: the form for a new goal */
	const char *error;
	const struct web_fields *fields;
};

/* ---- a goal to fields and back ------------------------------------------------------- */

static void goal_fields(const struct fu_goal *g, struct web_fields *out)
{
	fu_form_add_text(out, "text", g->text);
	fu_form_add_text(out, "aktiviteter", g->activities);
	fu_form_add_text(out, "utfall", g->outcome);
	fu_form_add_text(out, "status", fu_status_name(g->status));
	fu_form_add_int(out, "målvärde", g->has_target, g->target);
	fu_form_add_int(out, "utfallsvärde", g->has_actual, g->actual);
	fu_form_add_text(out, "enhet", g->unit);
}

static void goal_free(struct fu_goal *g)
{
	free(g->text);
	free(g->activities);
	free(g->outcome);
	free(g->unit);
	memset(g, 0, sizeof *g);
}

static bool read_status(const struct web_fields *fs, enum fu_status *out, struct error *err)
{
	char *v = fu_form_trimmed(fs, "status");
	bool ok = !*v || fu_status_parse(v, out);
	if (!*v)
		*out = FU_ST_NONE;
	if (!ok)
		error_set(err, ERR_INPUT,
			  "status: okänd status '%s' (uppnått, delvis, ej uppnått eller kan ej "
			  "bedömas)",
			  v);
	free(v);
	return ok;
}

/* The goal the fields describe, checked as the follow-up file's `mål` is
 * read: a text, a known status, whole numbers. Free it with goal_free. */
static bool goal_read(const struct web_fields *fs, struct fu_goal *g, struct error *err)
{
	memset(g, 0, sizeof *g);
	bool ok = fu_form_text(fs, "text", "text", true, &g->text, err) &&
		  fu_form_text(fs, "aktiviteter", "aktiviteter", false, &g->activities, err) &&
		  fu_form_text(fs, "utfall", "utfall", false, &g->outcome, err) &&
		  fu_form_text(fs, "enhet", "enhet", true, &g->unit, err) &&
		  read_status(fs, &g->status, err) &&
		  fu_form_integer(fs, "målvärde", "målvärde", "skriv ett heltal", &g->has_target,
				  &g->target, err) &&
		  fu_form_integer(fs, "utfallsvärde", "utfallsvärde", "skriv ett heltal",
				  &g->has_actual, &g->actual, err);
	if (ok && !*g->text) {
		error_set(err, ERR_INPUT, "text: målet behöver en text");
		ok = false;
	}
	if (!ok)
		goal_free(g);
	return ok;
}

/* The goal as one line for the change log, in the file's keys. Free it. */
static char *goal_text(const struct fu_goal *g)
{
	struct buf b = BUF_INIT(0);
	buf_printf(&b, "text: %s", g->text);
	if (*g->activities)
		buf_printf(&b, "; aktiviteter: %s", g->activities);
	if (*g->outcome)
		buf_printf(&b, "; utfall: %s", g->outcome);
	if (g->status != FU_ST_NONE)
		buf_printf(&b, "; status: %s", fu_status_name(g->status));
	if (g->has_target)
		buf_printf(&b, "; målvärde: %lld", (long long)g->target);
	if (g->has_actual)
		buf_printf(&b, "; utfallsvärde: %lld", (long long)g->actual);
	if (*g->unit)
		buf_printf(&b, "; enhet: %s", g->unit);
	return buf_take(&b);
}

/* ---- the page ------------------------------------------------------------------------ */

static void status_badge(struct buf *b, const char *code, const char *name, bool computed)
{
	buf_printf(b, "<span class=\"status %s\">", code);
	html_esc(b, name);
	buf_puts(b, "</span>");
	if (computed)
		buf_puts(b, " <span class=\"dampad\">(beräknat)</span>");
}

static void number_fact(struct buf *b, const char *label, bool has, int64_t v, const char *unit)
{
	if (!has)
		return;
	buf_printf(b, "<dt>%s</dt><dd>%lld", label, (long long)v);
	if (*unit) {
		buf_putc(b, ' ');
		html_esc(b, unit);
	}
	buf_puts(b, "</dd>");
}

static void text_block(struct buf *b, const char *heading, const char *text)
{
	if (!*text)
		return;
	buf_printf(b, "<h4>%s</h4>\n<div class=\"brodtext\">", heading);
	html_esc(b, text);
	buf_puts(b, "</div>\n");
}

static void status_select(struct web_ctx *c, const struct web_fields *fs, const char *id)
{
	struct buf *b = &c->rs->body;
	const char *current = web_fields_value(fs, "status");
	buf_printf(b, "<div><label for=\"%s-status\">Status</label><select id=\"%s-status\" "
		      "name=\"status\">",
		   id, id);
	for (size_t i = 0; i < sizeof status_choices / sizeof status_choices[0]; i++) {
		buf_puts(b, "<option value=\"");
		html_esc(b, status_choices[i]);
		buf_puts(b, "\"");
		if (current && !strcmp(current, status_choices[i]))
			buf_puts(b, " selected");
		buf_puts(b, ">");
		html_esc(b, *status_choices[i] ? status_choices[i]
					       : "beräknas av målvärde och utfallsvärde");
		buf_puts(b, "</option>");
	}
	buf_puts(b, "</select></div>\n");
}

/* The inputs of a goal; ids start with `id`. */
static void goal_inputs(struct web_ctx *c, const struct web_fields *fs, const char *id)
{
	struct buf *b = &c->rs->body;
	char *i;
	static const struct {
		const char *name, *label;
	} texts[] = {
		{ "text", "Mål" },
		{ "aktiviteter", "Aktiviteter" },
		{ "utfall", "Utfall" },
	};
	for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
		i = xasprintf("%s-%s", id, texts[k].name);
		fu_form_textarea(c, fs, i, texts[k].name, texts[k].label);
		free(i);
	}
	buf_puts(b, "<div class=\"rad\">");
	status_select(c, fs, id);
	static const struct {
		const char *name, *label, *attrs;
	} numbers[] = {
		{ "målvärde", "Målvärde", "inputmode=\"numeric\" class=\"antal\"" },
		{ "utfallsvärde", "Utfallsvärde", "inputmode=\"numeric\" class=\"antal\"" },
		{ "enhet", "Enhet", "class=\"antal\"" },
	};
	for (size_t k = 0; k < sizeof numbers / sizeof numbers[0]; k++) {
		i = xasprintf("%s-%zu", id, k);
		fu_form_input(c, fs, i, numbers[k].name, numbers[k].label, numbers[k].attrs);
		free(i);
	}
	buf_puts(b, "</div>\n");
}

/* The change and remove forms of goal g, number nr in area a (1-based). */
static void goal_forms(struct web_ctx *c, const struct fu_goal_area *area, size_t a, size_t nr,
		       const struct sent_back *back)
{
	struct buf *b = &c->rs->body;
	bool this_one = back && back->area == a && back->goal == nr;
	const struct fu_goal *g = &area->goals[nr - 1];
	buf_printf(b, "<details%s><summary>Ändra eller ta bort mål %zu</summary>\n",
		   this_one ? " open" : "", nr);
	if (this_one)
		page_message(c, "fel", back->error);
	char path[96], id[48];
	snprintf(path, sizeof path, "/mal/%zu/%zu", a, nr);
	snprintf(id, sizeof id, "m-%zu-%zu", a, nr);
	struct web_fields stored = { 0 };
	goal_fields(g, &stored);
	page_form_begin(c, path, NULL);
	fu_form_hidden(c, "område_före", area->name);
	fu_form_hidden(c, "text_före", g->text);
	goal_inputs(c, this_one ? back->fields : &stored, id);
	buf_puts(b, "<button type=\"submit\">Spara målet</button></form>\n");
	web_fields_free(&stored);
	snprintf(path, sizeof path, "/mal/%zu/%zu/ta-bort", a, nr);
	page_form_begin(c, path, "data-bekrafta=\"Ta bort målet?\"");
	fu_form_hidden(c, "område_före", area->name);
	fu_form_hidden(c, "text_före", g->text);
	buf_puts(b, "<button type=\"submit\" class=\"sekundar\">Ta bort målet</button></form>\n"
		    "</details>\n");
}

static void goal_article(struct web_ctx *c, const struct fu_goal_area *area, size_t a, size_t nr,
			 bool may_write, const struct sent_back *back)
{
	struct buf *b = &c->rs->body;
	const struct fu_goal *g = &area->goals[nr - 1];
	enum fu_status st = fu_goal_status(g);
	buf_printf(b, "<article class=\"mal\" id=\"mal-%zu-%zu\">\n<h3>%zu. ", a, nr, nr);
	html_esc(b, g->text);
	buf_puts(b, "</h3>\n<p>");
	status_badge(b, fu_status_code(st), fu_status_name(st), g->status == FU_ST_NONE);
	buf_puts(b, "</p>\n");
	if (g->has_target || g->has_actual) {
		buf_puts(b, "<dl class=\"uppgifter\">");
		number_fact(b, "Målvärde", g->has_target, g->target, g->unit);
		number_fact(b, "Utfallsvärde", g->has_actual, g->actual, g->unit);
		buf_puts(b, "</dl>\n");
	}
	text_block(b, "Aktiviteter", g->activities);
	text_block(b, "Utfall", g->outcome);
	if (may_write)
		goal_forms(c, area, a, nr, back);
	buf_puts(b, "</article>\n");
}

/* The plan's financial goals against the year's forecast, as `finsam
 * goals` shows them under "Ekonomiska mål". */
static void financial_section(struct web_ctx *c)
{
	struct buf *b = &c->rs->body;
	struct error err = ERROR_INIT;
	int year = 0;
	buf_puts(b, "<section class=\"kort\" id=\"ekonomiska-mal\"><h2>Ekonomiska mål</h2>\n");
	struct forecast_table ft;
	struct fin_goal_result *res = NULL;
	size_t n = 0;
	bool defaulted = false;
	if (!budget_default_year(c->st, &year, &err)) {
		if (err.code == ERR_INPUT)
			buf_puts(b, "<p>Ingen budget än: de finansiella målen bedöms när det finns "
				    "en.</p>\n");
		else
			page_message(c, "fel", err.msg);
		goto out;
	}
	if (!forecast_compute(c->st, year, 0, 0, &ft, &err)) {
		page_message(c, "fel", err.msg);
		goto out;
	}
	if (!fin_goal_evaluate_all(c->st, &ft, &res, &n, &defaulted, &err)) {
		page_message(c, "fel", err.msg);
		forecast_table_free(&ft);
		goto out;
	}
	buf_puts(b, "<div class=\"tabellram\"><table>\n<thead><tr><th scope=\"col\">Mål</th>"
		    "<th scope=\"col\">Gräns</th><th scope=\"col\">Prognos</th>"
		    "<th scope=\"col\">Status</th><th scope=\"col\">Förklaring</th></tr></thead>\n"
		    "<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct fin_goal_result *r = &res[i];
		buf_puts(b, "<tr><td>");
		html_esc(b, r->title);
		buf_puts(b, "</td><td>");
		html_esc(b, r->limit);
		buf_puts(b, "</td><td>");
		html_esc(b, r->value);
		buf_puts(b, "</td><td>");
		status_badge(b, fin_goal_status_code(r->status), fin_goal_status_name(r->status),
			     false);
		buf_puts(b, "</td><td>");
		html_esc(b, r->explanation);
		buf_puts(b, "</td></tr>\n");
	}
	char to[11];
	buf_printf(b, "</tbody></table></div>\n<p class=\"dampad\">Prognos %d med utfall till och "
		      "med %s, mot ",
		   ft.year, date_format(ft.to, to));
	html_esc(b, ft.budget.name);
	buf_printf(b, "%s. De finansiella målen ändras under Budget och prognos.</p>\n",
		   defaulted ? "; standardmålet (inga egna finansiella mål)" : "");
	fin_goal_results_free(res, n);
	forecast_table_free(&ft);
out:
	error_clear(&err);
	buf_puts(b, "</section>\n");
}

static void add_section(struct web_ctx *c, const struct followup_doc *d,
			const struct sent_back *back)
{
	struct buf *b = &c->rs->body;
	bool this_one = back && !back->area;
	buf_puts(b, "<section class=\"kort\" id=\"nytt-mal\"><h2>Lägg till ett mål</h2>\n");
	if (this_one)
		page_message(c, "fel", back->error);
	struct web_fields empty = { 0 };
	const struct web_fields *fs = this_one ? back->fields : &empty;
	page_form_begin(c, "/mal/nytt", NULL);
	fu_form_input(c, fs, "nytt-omrade", "område",
		      "Målområde (ett som finns, eller ett nytt namn)",
		      "list=\"omraden\" required");
	buf_puts(b, "<datalist id=\"omraden\">");
	for (size_t i = 0; i < d->nareas; i++) {
		buf_puts(b, "<option value=\"");
		html_esc(b, d->areas[i].name);
		buf_puts(b, "\"></option>");
	}
	buf_puts(b, "</datalist>\n");
	goal_inputs(c, fs, "nytt");
	buf_puts(b, "<button type=\"submit\">Lägg till målet</button></form>\n</section>\n");
}

static const struct {
	const char *flag, *text;
} done_texts[] = {
	{ "sparat", "Målet är sparat." },
	{ "tillagt", "Målet är tillagt." },
	{ "borttaget", "Målet är borttaget." },
	{ "oforandrat", "Inget ändrades: målet var redan så." },
};

static void goals_page(struct web_ctx *c, const struct followup_doc *d,
		       const struct sent_back *back)
{
	struct buf *b = &c->rs->body;
	bool may_write = web_may(c, USER_WRITE_GOALS);
	page_begin(c, "Mål", "mal");
	const char *done = web_query(c->rq, "klart");
	for (size_t i = 0; done && i < sizeof done_texts / sizeof done_texts[0]; i++)
		if (!strcmp(done, done_texts[i].flag))
			page_message(c, "ok", done_texts[i].text);
	if (back)
		page_message(c, "fel", "Inget sparades; se formuläret nedan.");
	buf_puts(b, "<p>Förbundets målområden och mål med aktiviteter, utfall och status. "
		    "Status beräknas av målvärde och utfallsvärde när den inte är satt.</p>\n");
	for (size_t i = 0; i < d->nareas; i++) {
		const struct fu_goal_area *area = &d->areas[i];
		buf_printf(b, "<section class=\"kort\" id=\"omrade-%zu\"><h2>", i + 1);
		html_esc(b, area->name);
		buf_puts(b, "</h2>\n");
		if (!area->ngoals)
			buf_puts(b, "<p>Inga mål i området.</p>\n");
		for (size_t j = 0; j < area->ngoals; j++)
			goal_article(c, area, i + 1, j + 1, may_write, back);
		buf_puts(b, "</section>\n");
	}
	if (!d->nareas)
		buf_puts(b, "<p>Inga verksamhetsmål än.</p>\n");
	financial_section(c);
	if (may_write)
		add_section(c, d, back);
	page_end(c);
}

void page_goals(struct web_ctx *c)
{
	struct error err = ERROR_INIT;
	struct followup_doc d;
	if (!fu_store_load(c->st, &d, &err)) {
		page_error(c, 500, "Internt fel", err.msg);
		error_clear(&err);
		return;
	}
	goals_page(c, &d, NULL);
	followup_doc_free(&d);
}

/* ---- changes ------------------------------------------------------------------------- */

/* Save area a (its goals as they are now) and the change-log row, and
 * commit; the transaction is open. */
static bool save_area(struct web_ctx *c, const struct fu_goal_area *a, size_t nr,
		      const char *old_text, const char *new_text, struct error *err)
{
	struct followup_doc one;
	followup_doc_init(&one);
	one.areas = (struct fu_goal_area *)a;
	one.nareas = 1;
	struct fu_findings f = { 0 };
	char *what = xasprintf("mal/%s/%zu", a->name, nr);
	bool ok = fu_store_write(c->st, &one, NULL, &f, err) &&
		  web_log_change(c, what, old_text, new_text, err) && store_commit(c->st, err);
	free(what);
	fu_findings_free(&f);
	return ok;
}

/* After a change: the page again with what happened, at the area. */
static void done(struct web_ctx *c, const char *flag, size_t area)
{
	char to[64];
	snprintf(to, sizeof to, "/mal?klart=%s#omrade-%zu", flag, area);
	web_redirect(c->rs, c->base, to);
}

/* How a change ended that did not: input sent back (422), or a fault. */
static void refused(struct web_ctx *c, const struct followup_doc *d, size_t area, size_t goal,
		    const struct web_fields *fields, struct error *err)
{
	if (err->code == ERR_INPUT) {
		c->rs->status = 422;
		goals_page(c, d, &(struct sent_back){ area, goal, err->msg, fields });
	} else {
		page_error(c, 500, "Internt fel", err->msg);
	}
}

/* Begin the transaction and load the goals in it; false after an error
 * page. */
static bool begin(struct web_ctx *c, struct followup_doc *d, struct error *err)
{
	if (store_begin(c->st, err)) {
		if (fu_store_load(c->st, d, err))
			return true;
		store_rollback(c->st);
	}
	page_error(c, 500, "Internt fel", err->msg);
	error_clear(err);
	return false;
}

void page_goals_add_post(struct web_ctx *c)
{
	struct error err = ERROR_INIT;
	struct followup_doc d;
	if (!begin(c, &d, &err))
		return;
	struct fu_goal g;
	char *name = NULL, *new_text = NULL;
	bool ok = fu_form_text(&c->rq->form, "område", "område", true, &name, &err);
	if (ok && !*name) {
		error_set(&err, ERR_INPUT, "område: skriv målområdets namn");
		ok = false;
	}
	ok = ok && goal_read(&c->rq->form, &g, &err);
	size_t a = 0;
	if (ok) {
		while (a < d.nareas && strcmp(d.areas[a].name, name))
			a++;
		if (a == d.nareas) {
			size_t cap = d.nareas;
			d.areas = xgrow(d.areas, &cap, d.nareas + 1, sizeof *d.areas);
			d.areas[d.nareas++] = (struct fu_goal_area){ .name = xstrdup(name) };
		}
		struct fu_goal_area *area = &d.areas[a];
		size_t cap = area->ngoals;
		area->goals = xgrow(area->goals, &cap, area->ngoals + 1, sizeof *area->goals);
		area->goals[area->ngoals++] = g;
		new_text = goal_text(&g);
		ok = save_area(c, area, area->ngoals, NULL, new_text, &err);
	}
	store_rollback(c->st);
	if (ok)
		done(c, "tillagt", a + 1);
	else
		refused(c, &d, 0, 0, &c->rq->form, &err);
	free(new_text);
	free(name);
	error_clear(&err);
	followup_doc_free(&d);
}

/* Whether the form's field `name` holds `stored` (as a form sends it). */
static bool shown_as(struct web_ctx *c, const char *name, const char *stored)
{
	struct error err = ERROR_INIT;
	char *v = NULL;
	bool same = web_form(c->rq, name) &&
		    fu_form_text(&c->rq->form, name, name, false, &v, &err) && !strcmp(v, stored);
	free(v);
	error_clear(&err);
	return same;
}

/* The goal of the path (/mal/AREA/GOAL), as the form saw it. NULL, with
 * the page answered (404, 409), when it is not there any more. */
static struct fu_goal *addressed(struct web_ctx *c, struct followup_doc *d, size_t *a, size_t *g)
{
	int64_t an = 0, gn = 0;
	if (!fu_whole_parse(c->arg[0], 100000, &an) || !fu_whole_parse(c->arg[1], 100000, &gn) ||
	    an < 1 || gn < 1 || (size_t)an > d->nareas || (size_t)gn > d->areas[an - 1].ngoals) {
		page_error(c, 404, "Målet finns inte", "Det finns inget mål med den adressen.");
		return NULL;
	}
	struct fu_goal_area *area = &d->areas[an - 1];
	struct fu_goal *goal = &area->goals[gn - 1];
	if (!shown_as(c, "område_före", area->name) || !shown_as(c, "text_före", goal->text)) {
		page_error(c, 409, "Målen har ändrats", STALE_TEXT);
		return NULL;
	}
	*a = (size_t)an;
	*g = (size_t)gn;
	return goal;
}

/* A change: a field the form leaves out keeps its stored value. */
void page_goals_change_post(struct web_ctx *c)
{
	struct error err = ERROR_INIT;
	struct followup_doc d;
	if (!begin(c, &d, &err))
		return;
	size_t a = 0, n = 0;
	struct fu_goal *goal = addressed(c, &d, &a, &n);
	struct fu_goal g;
	struct web_fields stored = { 0 }, fields = { 0 };
	char *old_text = NULL, *new_text = NULL;
	if (goal) {
		goal_fields(goal, &stored);
		fu_form_overlay(&stored, &c->rq->form, &fields);
	}
	bool ok = goal && goal_read(&fields, &g, &err);
	if (ok) {
		old_text = goal_text(goal);
		new_text = goal_text(&g);
		goal_free(goal);
		*goal = g;
		if (!strcmp(old_text, new_text)) {
			store_rollback(c->st);
			done(c, "oforandrat", a);
			goto out;
		}
		ok = save_area(c, &d.areas[a - 1], n, old_text, new_text, &err);
	}
	store_rollback(c->st);
	if (ok)
		done(c, "sparat", a);
	else if (goal)
		refused(c, &d, a, n, &fields, &err);
out:
	web_fields_free(&stored);
	web_fields_free(&fields);
	free(old_text);
	free(new_text);
	error_clear(&err);
	followup_doc_free(&d);
}

void page_goals_remove_post(struct web_ctx *c)
{
	struct error err = ERROR_INIT;
	struct followup_doc d;
	if (!begin(c, &d, &err))
		return;
	size_t a = 0, n = 0;
	struct fu_goal *goal = addressed(c, &d, &a, &n);
	char *old_text = NULL;
	bool ok = goal != NULL;
	if (ok) {
		struct fu_goal_area *area = &d.areas[a - 1];
		old_text = goal_text(goal);
		goal_free(goal);
		memmove(goal, goal + 1, (area->ngoals - n) * sizeof *goal);
		area->ngoals--;
		ok = save_area(c, area, n, old_text, NULL, &err);
	}
	store_rollback(c->st);
	if (ok)
		done(c, "borttaget", a);
	else if (goal)
		page_error(c, 500, "Internt fel", err.msg);
	free(old_text);
	error_clear(&err);
	followup_doc_free(&d);
}
