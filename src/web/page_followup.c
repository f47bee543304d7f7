/*
 * page_followup — Insatser: the interventions with their budget use and
 * participants (what `finsam interventions` lists), each intervention's
 * card (owner, staffing, result goals with actual and status, budget use,
 * the participant statistics of the period as `finsam participants show`
 * gives them, the card's texts), and the form that enters the
 * statistics of a period — only counts, checked by the same rules as an
 * imported file (fu_stats_check), saved with a change-log row in one
 * transaction. An insatsägare sees and edits only its own interventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "followup/evaluate.h"
#include "followup/stats.h"
#include "followup/store.h"
#include "report/typo.h"
#include "util/xalloc.h"
#include "web/fu_form.h"
#include "web/fu_stats_form.h"
#include "web/html.h"
#include "web/pages.h"

/* Everything the pages show, loaded once per request. */
struct view {
	struct followup_doc doc;
	struct fu_categories cats;
	struct fu_books books;
	date_t from, to;              /* the period */
	bool period_given;            /* asked for, not the default */
	char period[FU_PERIOD_MAX];
};

/* Load the follow-up with the period `asked` (NULL: the default of
 * fu_default_period). An unreadable period is ERR_INPUT, or, when
 * lenient, the default. */
static bool view_load(struct web_ctx *c, const char *asked, bool lenient, struct view *v,
		      struct error *err)
{
	memset(v, 0, sizeof *v);
	if (!fu_store_load(c->st, &v->doc, err))
		return false;
	fu_categories_build(&v->cats, v->doc.categories, v->doc.ncategories);
	v->period_given = asked && fu_period_parse(asked, &v->from, &v->to);
	bool ok = true;
	if (asked && !v->period_given && !lenient) {
		error_set(err, ERR_INPUT,
			  "Perioden skrivs 2023, 2023H1, 2023H2 eller 2023-01-01..2023-03-31.");
		ok = false;
	}
	ok = ok && (v->period_given || fu_default_period(c->st, &v->doc, &v->from, &v->to, err)) &&
	     fu_books_load(c->st, v->to / 10000, v->to, &v->books, err);
	if (!ok) {
		followup_doc_free(&v->doc);
		fu_categories_free(&v->cats);
		return false;
	}
	fu_period_format(v->from, v->to, v->period);
	return true;
}

static void view_free(struct view *v)
{
	followup_doc_free(&v->doc);
	fu_categories_free(&v->cats);
	fu_books_free(&v->books);
}

/* A failure as a page: bad input 400, anything else 500. */
static void fail(struct web_ctx *c, struct error *err)
{
	if (err->code == ERR_INPUT)
		page_error(c, 400, "Felaktig uppgift", err->msg);
	else
		page_error(c, 500, "Internt fel", err->msg);
	error_clear(err);
}

/* The path of an intervention's card, with the period when one is given. */
static void card_path(struct buf *b, const char *code, const char *period)
{
	buf_puts(b, "/insatser/");
	html_url(b, code);
	if (period) {
		buf_puts(b, "?period=");
		html_url(b, period);
	}
}

static void card_link(struct web_ctx *c, const char *code, const char *period, const char *text)
{
	struct buf path = BUF_INIT(0);
	card_path(&path, code, period);
	buf_puts(&c->rs->body, "<a href=\"");
	page_href(c, buf_cstr(&path));
	buf_puts(&c->rs->body, "\">");
	html_esc(&c->rs->body, text);
	buf_puts(&c->rs->body, "</a>");
	buf_free(&path);
}

/* A GET form that asks for another period. */
static void period_form(struct web_ctx *c, const char *action, const struct view *v)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<form method=\"get\" action=\"");
	page_href(c, action);
	buf_puts(b, "\" class=\"rad\">");
	fu_form_input_value(c, "visa-period", "period", "Period", v->period,
			    "class=\"antal\" required");
	buf_puts(b, "<div><button type=\"submit\" class=\"sekundar\">Visa</button></div></form>\n");
}

static void percent_cell(struct buf *b, bool known, int64_t bp)
{
	char s[48];
	buf_puts(b, "<td class=\"num\">");
	if (known)
		buf_puts(b, typo_percent_bp(bp, s, sizeof s));
	buf_puts(b, "</td>");
}

static void money_cell(struct buf *b, bool known, money_t m)
{
	buf_puts(b, "<td class=\"belopp\">");
	if (known)
		html_kr(b, m);
	buf_puts(b, "</td>");
}

/* ---- the list ------------------------------------------------------------------------ */

static void list_row(struct web_ctx *c, const struct view *v, const struct fu_intervention *iv)
{
	struct buf *b = &c->rs->body;
	struct fu_budget_use use;
	fu_budget_use(&v->books, iv, &use);
	const struct fu_stats *s = followup_doc_stats(&v->doc, iv->code, v->from, v->to);
	buf_puts(b, "<tr><td>");
	card_link(c, iv->code, v->period_given ? v->period : NULL, iv->code);
	buf_puts(b, "</td><td>");
	card_link(c, iv->code, v->period_given ? v->period : NULL, iv->name);
	buf_puts(b, "</td><td>");
	html_esc(b, fu_kind_name(iv->kind));
	buf_puts(b, "</td><td>");
	html_esc(b, iv->owner);
	buf_puts(b, "</td>");
	percent_cell(b, iv->nstaff > 0, fu_staff_total(iv, v->to));
	money_cell(b, use.known, use.budget);
	money_cell(b, use.known, use.actual);
	percent_cell(b, use.has_share, use.share_bp);
	buf_puts(b, "<td class=\"num\">");
	if (s && s->total != FU_NONE)
		buf_printf(b, "%lld", (long long)s->total);
	buf_puts(b, "</td></tr>\n");
}

/* "Statistik 2023H1; budgetutfall till och med 2023-06-30 mot Antagen budget 2023." */
static void basis_line(struct web_ctx *c, const struct view *v)
{
	struct buf *b = &c->rs->body;
	char to[11];
	buf_puts(b, "<p>Deltagarstatistik för ");
	html_esc(b, v->period);
	buf_printf(b, "; budgetutfall ur bokföringen till och med %s",
		   date_format(v->books.to ? v->books.to : v->to, to));
	if (v->books.basis) {
		buf_puts(b, " mot ");
		html_esc(b, v->books.basis);
	} else {
		buf_printf(b, " (ingen budget för %d)", v->to / 10000);
	}
	buf_puts(b, ".</p>\n");
}

void page_followup(struct web_ctx *c)
{
	struct error err = ERROR_INIT;
	struct view v;
	if (!view_load(c, web_query(c->rq, "period"), false, &v, &err)) {
		fail(c, &err);
		return;
	}
	struct buf *b = &c->rs->body;
	page_begin(c, "Insatser", "insatser");
	period_form(c, "/insatser", &v);
	basis_line(c, &v);
	size_t shown = 0;
	for (size_t i = 0; i < v.doc.ninterventions; i++) {
		const struct fu_intervention *iv = &v.doc.interventions[i];
		if (!web_may_intervention(c, USER_READ_FOLLOWUP, iv->code))
			continue;
		if (!shown++)
			buf_puts(b, "<div class=\"tabellram\"><table id=\"insatser\">\n<thead><tr>"
				    "<th scope=\"col\">Kod</th><th scope=\"col\">Namn</th>"
				    "<th scope=\"col\">Slag</th><th scope=\"col\">Insatsägare</th>"
				    "<th scope=\"col\" class=\"num\">Tjänster</th>"
				    "<th scope=\"col\" class=\"belopp\">Budget helår</th>"
				    "<th scope=\"col\" class=\"belopp\">Utfall</th>"
				    "<th scope=\"col\" class=\"num\">Förbrukat</th>"
				    "<th scope=\"col\" class=\"num\">Deltagare</th></tr></thead>\n"
				    "<tbody>\n");
		list_row(c, &v, iv);
	}
	if (shown)
		buf_puts(b, "</tbody></table></div>\n");
	else if (v.doc.ninterventions)
		buf_puts(b, "<p>Du har inga insatser tilldelade. Fråga förbundets "
			    "administratör.</p>\n");
	else
		buf_puts(b, "<p>Inga insatser än: de läses in med <code>finsam followup import "
			    "FIL</code>.</p>\n");
	page_end(c);
	view_free(&v);
}

/* ---- the card ------------------------------------------------------------------------ */

static void fact(struct buf *b, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	buf_puts(b, "<dt>");
	html_esc(b, label);
	buf_puts(b, "</dt><dd>");
	html_esc(b, value);
	buf_puts(b, "</dd>\n");
}

/* A text of the card (Markdown, shown as written). */
static void card_text(struct buf *b, const char *heading, const char *text)
{
	if (!text || !*text)
		return;
	buf_puts(b, "<h3>");
	html_esc(b, heading);
	buf_puts(b, "</h3>\n<div class=\"brodtext\">");
	html_esc(b, text);
	buf_puts(b, "</div>\n");
}

static void staff_facts(struct buf *b, const struct fu_intervention *iv)
{
	for (size_t i = 0; i < iv->nstaff; i++) {
		const struct fu_staff *s = &iv->staff[i];
		char pct[48], day[11];
		struct buf v = BUF_INIT(0);
		if (s->percent_bp != FU_NONE)
			buf_printf(&v, "%s ", typo_percent_bp(s->percent_bp, pct, sizeof pct));
		buf_printf(&v, "%s, %s", s->role, s->employer);
		if (s->from || s->to) {
			buf_printf(&v, " (%s–", s->from ? date_format(s->from, day) : "");
			buf_printf(&v, "%s)", s->to ? date_format(s->to, day) : "");
		}
		if (*s->note)
			buf_printf(&v, ", %s", s->note);
		fact(b, "Bemanning", buf_cstr(&v));
		buf_free(&v);
	}
}

static void about(struct web_ctx *c, const struct fu_intervention *iv)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<section class=\"kort\" id=\"om\"><h2>Om insatsen</h2>\n"
		    "<dl class=\"uppgifter\">\n");
	fact(b, "Slag", fu_kind_name(iv->kind));
	fact(b, "Insatsägare", iv->owner);
	if (iv->start || iv->end) {
		char a[11] = "", z[11] = "";
		char *when = xasprintf("%s – %s", iv->start ? date_format(iv->start, a) : "",
				       iv->end ? date_format(iv->end, z) : "");
		fact(b, "Pågår", when);
		free(when);
	}
	fact(b, "ESF-medfinansierad", iv->esf ? "ja" : "nej");
	fact(b, "Typ av insats", iv->summary);
	staff_facts(b, iv);
	struct buf tags = BUF_INIT(0);
	for (size_t i = 0; i < iv->ntags; i++)
		buf_printf(&tags, "%s%s", i ? ", " : "", iv->tags[i]);
	fact(b, "Målgruppstaggar", buf_cstr(&tags));
	buf_free(&tags);
	buf_puts(b, "</dl>\n");
	card_text(b, "Syfte", iv->purpose);
	card_text(b, "Målgrupp", iv->target_group);
	buf_puts(b, "</section>\n");
}

static void budget_section(struct web_ctx *c, const struct view *v, const struct fu_budget_use *use)
{
	struct buf *b = &c->rs->body;
	char pct[48], to[11];
	buf_puts(b, "<section class=\"kort\" id=\"budget\"><h2>Budgetutfall</h2>\n<p>");
	if (!use->known) {
		buf_printf(b, "Ingen rad i budgeten för %d hör till insatsen.", v->to / 10000);
	} else {
		html_kr(b, use->actual);
		buf_puts(b, " kr av helårsbudgeten ");
		html_kr(b, use->budget);
		buf_printf(b, " kr (%s) till och med %s.",
			   use->has_share ? typo_percent_bp(use->share_bp, pct, sizeof pct) : "–",
			   date_format(v->books.to, to));
	}
	buf_puts(b, "</p>\n</section>\n");
}

static void status_badge(struct buf *b, enum fu_status st, bool computed)
{
	buf_printf(b, "<span class=\"status %s\">", fu_status_code(st));
	html_esc(b, fu_status_name(st));
	buf_puts(b, "</span>");
	if (computed)
		buf_puts(b, " <span class=\"dampad\">(beräknat)</span>");
}

static void goals_section(struct web_ctx *c, const struct view *v, const struct fu_intervention *iv,
			  const struct fu_stats *s, const struct fu_budget_use *use)
{
	struct buf *b = &c->rs->body;
	if (!iv->ngoals)
		return;
	buf_puts(b, "<section class=\"kort\" id=\"resultatmal\"><h2>Resultatmål ");
	html_esc(b, v->period);
	buf_puts(b, "</h2>\n<div class=\"tabellram\"><table>\n<thead><tr><th scope=\"col\">Nr</th>"
		    "<th scope=\"col\">Mål</th><th scope=\"col\">Målvärde</th>"
		    "<th scope=\"col\">Utfall</th><th scope=\"col\">Status</th>"
		    "<th scope=\"col\">Orsak till avvikelse</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < iv->ngoals; i++) {
		const struct fu_result_goal *g = &iv->goals[i];
		struct fu_goal_eval e;
		fu_goal_evaluate(g, s, &v->cats, use, NULL, &e);
		buf_printf(b, "<tr><td class=\"num\">%zu</td><td>", i + 1);
		html_esc(b, g->text);
		buf_puts(b, "</td><td>");
		html_esc(b, *e.target_text ? e.target_text : "inget");
		buf_puts(b, "</td><td>");
		html_esc(b, *e.actual_text ? e.actual_text : "saknas");
		buf_puts(b, "</td><td>");
		status_badge(b, e.status, e.computed);
		buf_puts(b, "</td><td>");
		html_esc(b, g->deviation);
		buf_puts(b, "</td></tr>\n");
		fu_goal_eval_free(&e);
	}
	buf_puts(b, "</tbody></table></div>\n</section>\n");
}

/* One row of the statistics table: the figure and how it is published. */
static void figure_row(struct buf *b, const char *label, const char *value, const char *published)
{
	if (!value || !*value)
		return;
	buf_puts(b, "<tr><th scope=\"row\">");
	html_esc(b, label);
	buf_puts(b, "</th><td class=\"num\">");
	html_esc(b, value);
	buf_puts(b, "</td><td class=\"num\">");
	html_esc(b, published);
	buf_puts(b, "</td></tr>\n");
}

static void count_row(struct buf *b, const char *label, int64_t value, enum fu_shown shown,
		      int64_t threshold)
{
	if (value == FU_NONE)
		return;
	char v[24], p[24];
	snprintf(v, sizeof v, "%lld", (long long)value);
	figure_row(b, label, v, fu_shown_text(shown, value, threshold, p));
}

static void count_rows(struct buf *b, const char *what, const struct fu_count *items, size_t n,
		       const enum fu_shown *shown, const struct fu_categories *cats,
		       int64_t threshold)
{
	for (size_t i = 0; i < n; i++) {
		const struct fu_category *cat =
			cats ? fu_categories_find(cats, items[i].label) : NULL;
		char *label = xasprintf("%s: %s%s", what, items[i].label,
					cat && cat->step ? " (stegförflyttning)" : "");
		count_row(b, label, items[i].count, shown[i], threshold);
		free(label);
	}
}

static void share_row(struct buf *b, const char *label, const struct fu_share *sh, bool published)
{
	char *text = fu_share_text(sh);
	figure_row(b, label, text, published ? text : "döljs");
	free(text);
}

static void survey_rows(struct buf *b, const struct fu_stats *s, const struct fu_published *pub)
{
	for (size_t i = 0; i < s->nsurveys; i++) {
		const struct fu_survey *sv = &s->surveys[i];
		char m[48];
		char *label = xasprintf("Enkät: %s", sv->name);
		char *value;
		if (sv->mean == FU_NONE)
			value = xasprintf("%lld svar", (long long)sv->answers);
		else if (sv->answers == FU_NONE)
			value = xstrdup(fu_measure_text(FU_MEAN, sv->mean, m, sizeof m));
		else
			value = xasprintf("%s (%lld svar)", fu_measure_text(FU_MEAN, sv->mean, m, sizeof m),
					  (long long)sv->answers);
		figure_row(b, label, value,
			   pub->survey_mean[i] ? value : "(färre svar än gränsen)");
		free(value);
		free(label);
	}
}

/* The checks again, as `finsam participants show` repeats them: a record
 * saved with parts marked incomplete keeps its warnings in view. */
static void findings_of(struct web_ctx *c, const struct view *v, const struct fu_stats *s,
			const struct fu_intervention *iv)
{
	struct fu_findings f = { 0 };
	fu_stats_check(s, &v->cats, iv, &f);
	for (size_t i = 0; i < f.n; i++)
		page_message(c, f.items[i].warning ? "varning" : "fel", f.items[i].text);
	fu_findings_free(&f);
}

static void stats_section(struct web_ctx *c, const struct view *v, const struct fu_intervention *iv,
			  const struct fu_stats *s)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<section class=\"kort\" id=\"deltagare\"><h2>Deltagarstatistik ");
	html_esc(b, v->period);
	buf_puts(b, "</h2>\n");
	if (!s) {
		buf_puts(b, "<p>Ingen deltagarstatistik för ");
		html_esc(b, v->period);
		buf_puts(b, ".</p>\n</section>\n");
		return;
	}
	int64_t t = v->doc.threshold;
	struct fu_published pub;
	struct fu_derived d;
	fu_publish(s, &v->cats, t, &pub);
	fu_stats_derive(s, &v->cats, &d);
	findings_of(c, v, s, iv);
	buf_puts(b, "<div class=\"tabellram\"><table>\n<thead><tr><th scope=\"col\">Uppgift</th>"
		    "<th scope=\"col\" class=\"num\">Värde</th>"
		    "<th scope=\"col\" class=\"num\">Som publicerat</th></tr></thead>\n<tbody>\n");
	count_row(b, "Deltagare totalt", s->total, pub.total, t);
	count_row(b, "Nya", s->new_, pub.new_, t);
	count_row(b, "Pågående vid periodens slut", s->ongoing, pub.ongoing, t);
	count_row(b, "Avslutade", s->ended, pub.ended, t);
	count_row(b, "Planerade", s->planned, pub.planned, t);
	count_row(b, "På väg in", s->waiting, pub.waiting, t);
	count_row(b, "Kvinnor", s->women, pub.women, t);
	count_row(b, "Män", s->men, pub.men, t);
	count_row(b, "Annat/okänt kön", s->other, pub.other, t);
	count_rows(b, "Avslut", s->outcomes, s->noutcomes, pub.outcomes, &v->cats, t);
	count_rows(b, "Ålder", s->ages, s->nages, pub.ages, NULL, t);
	count_rows(b, "Försörjning före", s->incomes, s->nincomes, pub.incomes, NULL, t);
	survey_rows(b, s, &pub);
	share_row(b, "Stegförflyttning (förbättrad förmåga)", &d.improved, pub.improved);
	share_row(b, "Deltagare av planerat antal", &d.of_planned, pub.of_planned);
	share_row(b, "Andel kvinnor", &d.women, pub.share_women);
	share_row(b, "Andel män", &d.men, pub.share_men);
	buf_puts(b, "</tbody></table></div>\n");
	if (t)
		buf_printf(b, "<p class=\"dampad\">Som publicerat: så visar rapporter och exporter "
			      "siffrorna. Antal under %lld visas \"&lt;%lld\"; \"x\" döljer ett antal "
			      "som annars kunde räknas fram ur summorna.</p>\n",
			   (long long)t, (long long)t);
	card_text(b, "Kommentar", s->comment);
	buf_puts(b, "</section>\n");
	fu_published_free(&pub);
}

static void activities_section(struct web_ctx *c, const struct fu_intervention *iv)
{
	struct buf *b = &c->rs->body;
	if (!iv->nactivities)
		return;
	buf_puts(b, "<section class=\"kort\" id=\"delaktiviteter\"><h2>Delaktiviteter</h2>\n"
		    "<div class=\"tabellram\"><table>\n<thead><tr><th scope=\"col\">Delaktivitet</th>"
		    "<th scope=\"col\">Beskrivning</th>"
		    "<th scope=\"col\" class=\"num\">Deltagare</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < iv->nactivities; i++) {
		const struct fu_activity *a = &iv->activities[i];
		buf_puts(b, "<tr><td>");
		html_esc(b, a->name);
		buf_puts(b, "</td><td class=\"brodtext\">");
		html_esc(b, a->description);
		buf_puts(b, "</td><td class=\"num\">");
		if (a->attendees != FU_NONE)
			buf_printf(b, "%lld", (long long)a->attendees);
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody></table></div>\n</section>\n");
}

static void texts_section(struct web_ctx *c, const struct fu_intervention *iv)
{
	struct buf *b = &c->rs->body;
	const char *texts[] = { iv->done, iv->cost_effect, iv->cooperation, iv->outlook,
				iv->evaluation };
	bool any = false;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		any = any || *texts[i];
	if (!any)
		return;
	buf_puts(b, "<section class=\"kort\" id=\"texter\"><h2>Kortets texter</h2>\n");
	card_text(b, "Genomförda aktiviteter", iv->done);
	card_text(b, "Kostnadseffektivitet", iv->cost_effect);
	card_text(b, "Samverkans effekter", iv->cooperation);
	card_text(b, "Framåtspaning", iv->outlook);
	card_text(b, "Utvärdering", iv->evaluation);
	buf_puts(b, "</section>\n");
}

/* Links to the periods the intervention has statistics for. */
static void periods_line(struct web_ctx *c, const struct view *v, const char *code)
{
	struct buf *b = &c->rs->body;
	size_t n = 0;
	for (size_t i = 0; i < v->doc.nstats; i++) {
		const struct fu_stats *s = &v->doc.stats[i];
		if (strcmp(s->intervention, code))
			continue;
		char p[FU_PERIOD_MAX];
		fu_period_format(s->from, s->to, p);
		buf_puts(b, n++ ? ", " : "<p>Statistik finns för ");
		if (s->from == v->from && s->to == v->to)
			html_esc(b, p);
		else
			card_link(c, code, p, p);
	}
	if (n)
		buf_puts(b, ".</p>\n");
}

/* What the form shows when the card is not a form sent back. */
struct form_state {
	const struct web_fields *fields; /* the values typed; NULL: the stored record */
	const char *error;               /* why it was sent back, or NULL */
	const struct fu_findings *findings;
};

static void form_section(struct web_ctx *c, const struct view *v, const struct fu_intervention *iv,
			 const struct fu_stats *s, const struct form_state *fst)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<section class=\"kort\" id=\"mata-in\"><h2>Mata in deltagarstatistik</h2>\n");
	if (fst->error)
		fu_form_errors(c, fst->error, fst->findings);
	struct web_fields stored = { 0 };
	if (!fst->fields)
		fu_stats_form_fields(s, &v->cats, v->period, &stored);
	fu_stats_form_render(c, iv->code, fst->fields ? fst->fields : &stored, &v->cats);
	web_fields_free(&stored);
	buf_puts(b, "</section>\n");
}

static void card(struct web_ctx *c, const struct view *v, const struct fu_intervention *iv,
		 const struct form_state *fst)
{
	struct buf *b = &c->rs->body;
	char *title = xasprintf("%s (%s)", iv->name, iv->code);
	page_begin(c, title, "insatser");
	free(title);
	if (fst->error)
		page_message(c, "fel", "Statistiken sparades inte; se formuläret nedan.");
	else if (web_query(c->rq, "sparat"))
		page_message(c, "ok", "Statistiken är sparad.");
	else if (web_query(c->rq, "oforandrat"))
		page_message(c, "ok", "Inget ändrades: siffrorna var redan desamma.");
	buf_puts(b, "<p><a href=\"");
	page_href(c, "/insatser");
	buf_puts(b, "\">Alla insatser</a></p>\n");
	struct buf path = BUF_INIT(0);
	card_path(&path, iv->code, NULL);
	period_form(c, buf_cstr(&path), v);
	buf_free(&path);
	periods_line(c, v, iv->code);
	const struct fu_stats *s = followup_doc_stats(&v->doc, iv->code, v->from, v->to);
	struct fu_budget_use use;
	fu_budget_use(&v->books, iv, &use);
	about(c, iv);
	budget_section(c, v, &use);
	goals_section(c, v, iv, s, &use);
	stats_section(c, v, iv, s);
	if (web_may_intervention(c, USER_WRITE_FOLLOWUP, iv->code))
		form_section(c, v, iv, s, fst);
	activities_section(c, iv);
	texts_section(c, iv);
	page_end(c);
}

void page_followup_card(struct web_ctx *c)
{
	struct error err = ERROR_INIT;
	struct view v;
	if (!view_load(c, web_query(c->rq, "period"), false, &v, &err)) {
		fail(c, &err);
		return;
	}
	const struct fu_intervention *iv = followup_doc_intervention(&v.doc, c->arg[0]);
	if (!iv)
		page_error(c, 404, "Insatsen finns inte", "Det finns ingen insats med den koden.");
	else
		card(c, &v, iv, &(struct form_state){ 0 });
	view_free(&v);
}

/* ---- entering statistics ------------------------------------------------------------- */

/* Save s (checked by the store) with its change-log row; the transaction
 * is open. On an error of the figures, findings say which. */
static bool save_stats(struct web_ctx *c, const struct fu_stats *s, const char *old_text,
		       const char *new_text, struct fu_findings *findings, struct error *err)
{
	struct followup_doc one;
	followup_doc_init(&one);
	one.stats = (struct fu_stats *)s;
	one.nstats = 1;
	char period[FU_PERIOD_MAX];
	char *what = xasprintf("insatser/%s/statistik/%s", s->intervention,
			       fu_period_format(s->from, s->to, period));
	bool ok = fu_store_write(c->st, &one, NULL, findings, err) &&
		  web_log_change(c, what, old_text, new_text, err) && store_commit(c->st, err);
	free(what);
	return ok;
}

static void saved(struct web_ctx *c, const struct fu_stats *s, const char *flag)
{
	char period[FU_PERIOD_MAX];
	struct buf to = BUF_INIT(0);
	card_path(&to, s->intervention, fu_period_format(s->from, s->to, period));
	buf_printf(&to, "&%s=1", flag);
	web_redirect(c->rs, c->base, buf_cstr(&to));
	buf_free(&to);
}

void page_followup_stats_post(struct web_ctx *c)
{
	struct error err = ERROR_INIT;
	struct view v;
	if (!store_begin(c->st, &err)) {
		fail(c, &err);
		return;
	}
	if (!view_load(c, web_form(c->rq, "period"), true, &v, &err)) {
		store_rollback(c->st);
		fail(c, &err);
		return;
	}
	const struct fu_intervention *iv = followup_doc_intervention(&v.doc, c->arg[0]);
	struct fu_stats s;
	struct fu_findings findings = { 0 };
	char *old_text = NULL, *new_text = NULL;
	if (!iv) {
		store_rollback(c->st);
		page_error(c, 404, "Insatsen finns inte", "Det finns ingen insats med den koden.");
		goto out;
	}
	bool ok = fu_stats_form_read(&c->rq->form, &v.cats, iv->code, &s, &err);
	if (ok) {
		const struct fu_stats *old = followup_doc_stats(&v.doc, iv->code, s.from, s.to);
		old_text = old ? fu_stats_form_text(old) : NULL;
		new_text = fu_stats_form_text(&s);
		if (old_text && !strcmp(old_text, new_text)) {
			store_rollback(c->st);
			saved(c, &s, "oforandrat");
			goto free_stats;
		}
		ok = save_stats(c, &s, old_text, new_text, &findings, &err);
	}
	store_rollback(c->st);
	if (ok) {
		saved(c, &s, "sparat");
	} else if (err.code == ERR_INPUT) {
		c->rs->status = 422;
		card(c, &v, iv,
		     &(struct form_state){ &c->rq->form, err.msg, &findings });
	} else {
		page_error(c, 500, "Internt fel", err.msg);
	}
free_stats:
	fu_stats_free(&s);
out:
	free(old_text);
	free(new_text);
	fu_findings_free(&findings);
	error_clear(&err);
	view_free(&v);
}
