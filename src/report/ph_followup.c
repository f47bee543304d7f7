/*
 * ph_followup — placeholders from the follow-up: intervention cards with
 * their result goals and participant statistics, goal matrices with
 * coloured status, and single figures about an intervention.
 *
 * A report is published: every participant count goes through the
 * publishing rule (followup/stats.h, fu_publish), so a card shows "<5"
 * where the statistics hold a count under the threshold, exactly as
 * `finsam participants --published` does.
 */
#include "report/ph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/md.h"
#include "report/typo.h"
#include "util/buf.h"
#include "util/xalloc.h"

static enum doc_status fu_doc_status(enum fu_status s)
{
	switch (s) {
	case FU_ST_MET:
		return DS_GREEN;
	case FU_ST_PARTLY:
		return DS_YELLOW;
	case FU_ST_NOT_MET:
		return DS_RED;
	default:
		return DS_NONE;
	}
}

static struct doc_row *card_row(struct report *r, struct doc_table *t, const char *label)
{
	struct doc_row *row = doc_table_row(r->doc, t, DR_NORMAL, 0);
	doc_cell_text(r->doc, &row->cells[0], label, DOC_BOLD);
	return row;
}

static void card_md(struct report *r, struct doc_table *t, const char *label, const char *md)
{
	if (!md || !*md)
		return;
	md_cell_runs(r->doc, md, &card_row(r, t, label)->cells[1].runs);
}

/* "9 deltagare: 6 kvinnor och 3 män. Avslutade 9: vägledning 4, …" as
 * published. */
static void participants_text(struct report *r, const struct fu_stats *s, struct buf *b)
{
	struct fu_published pub;
	fu_publish(s, &r->cats, r->threshold, &pub);
	char n1[24], n2[24], n3[24];
	int64_t t = r->threshold;
	if (s->total != FU_NONE)
		buf_printf(b, "%s deltagare", fu_shown_text(pub.total, s->total, t, n1));
	if (s->women != FU_NONE && s->men != FU_NONE)
		buf_printf(b, ", %s kvinnor och %s män", fu_shown_text(pub.women, s->women, t, n2),
			   fu_shown_text(pub.men, s->men, t, n3));
	if (s->other > 0)
		buf_printf(b, ", %s annat/okänt", fu_shown_text(pub.other, s->other, t, n1));
	if (s->waiting > 0)
		buf_printf(b, ", därtill %s på väg in", fu_shown_text(pub.waiting, s->waiting, t, n1));
	buf_puts(b, ".");
	if (s->ended != FU_NONE && s->noutcomes) {
		buf_printf(b, " Avslutade %s:", fu_shown_text(pub.ended, s->ended, t, n1));
		for (size_t i = 0; i < s->noutcomes; i++)
			buf_printf(b, "%s %s %s", i ? "," : "", s->outcomes[i].label,
				   fu_shown_text(pub.outcomes[i], s->outcomes[i].count, t, n2));
		buf_puts(b, ".");
	}
	if (s->ongoing != FU_NONE)
		buf_printf(b, " Pågående: %s.", fu_shown_text(pub.ongoing, s->ongoing, t, n1));
	fu_published_free(&pub);
}

/* "139 821 kr är förbrukat av helårsbudgeten 351 068 kr" and the share
 * spent ("40 %", or "–" without a budget), for the card's sentences. */
static void budget_use_text(const struct fu_budget_use *use, struct buf *b, char *share,
			    size_t size)
{
	char a[TYPO_BUF], bud[TYPO_BUF];
	buf_printf(b, "%s kr är förbrukat av helårsbudgeten %s kr",
		   typo_int(report_kronor(use->actual), a, sizeof a),
		   typo_int(report_kronor(use->budget), bud, sizeof bud));
	if (use->has_share)
		typo_percent_bp(use->share_bp, share, size);
	else
		snprintf(share, size, "\u2013");
}

static void goal_rows(struct report *r, struct doc_table *t, const struct fu_intervention *iv,
		      const struct fu_stats *s, const struct fu_budget_use *use)
{
	struct fu_published pub;
	struct fu_stats none;
	fu_stats_init(&none);
	fu_publish(s ? s : &none, &r->cats, r->threshold, &pub);
	for (size_t i = 0; i < iv->ngoals; i++) {
		const struct fu_result_goal *g = &iv->goals[i];
		struct fu_goal_eval e;
		fu_goal_evaluate(g, s, &r->cats, use, &pub, &e);
		char *label = xasprintf("Resultatmål %zu", i + 1);
		struct doc_row *row = card_row(r, t, label);
		free(label);
		struct doc_cell *c = &row->cells[1];
		doc_cell_text(r->doc, c, g->text, DOC_ITALIC);
		doc_cell_text(r->doc, c, ".", DOC_ITALIC);
		doc_cell_text(r->doc, c, "\n", DOC_PLAIN);
		struct buf b = BUF_INIT(0);
		if (g->source == FU_SRC_BUDGET && use && use->known) {
			char pc[TYPO_BUF];
			struct buf spent = BUF_INIT(0);
			budget_use_text(use, &spent, pc, sizeof pc);
			buf_printf(&b, "%s, %s.", pc, buf_cstr(&spent));
			buf_free(&spent);
		} else if (g->source == FU_SRC_TOTAL && s) {
			/* The count with its parts, as published. */
			participants_text(r, s, &b);
		} else if (*e.actual_text) {
			buf_printf(&b, "%s.", e.actual_text);
		} else {
			buf_puts(&b, "Utfall saknas.");
		}
		doc_cell_text(r->doc, c, buf_cstr(&b), DOC_PLAIN);
		buf_free(&b);
		if (*g->deviation) {
			doc_cell_text(r->doc, c, " ", DOC_PLAIN);
			doc_cell_text(r->doc, c, g->deviation, DOC_PLAIN);
		}
		/* The renderers label the coloured status; a goal without a
		 * target is not judged and gets no colour. */
		c->status = fu_doc_status(e.status);
		fu_goal_eval_free(&e);
	}
	fu_published_free(&pub);
	fu_stats_free(&none);
}

static void card(struct report *r, const struct fu_intervention *iv)
{
	struct doc *d = r->doc;
	char *base = xasprintf("insats-%s", iv->code);
	for (char *c = base; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	struct doc_table *t = doc_table_new(d, report_table_key(r, base), iv->name, DTS_CARD, 2);
	free(base);
	t->header = false;
	doc_table_col(d, t, 0, "", DC_TEXT, 14);
	doc_table_col(d, t, 1, "", DC_TEXT, 46);
	if (*iv->owner)
		doc_cell_text(d, &card_row(r, t, "Insatsägare")->cells[1], iv->owner, DOC_PLAIN);
	if (*iv->summary || iv->nstaff) {
		struct doc_cell *c = &card_row(r, t, "Typ av insats")->cells[1];
		if (*iv->summary)
			doc_cell_text(d, c, iv->summary, DOC_PLAIN);
		if (iv->nstaff)
			doc_cell_text(d, c, *iv->summary ? " Personal:" : "Personal:", DOC_PLAIN);
		for (size_t i = 0; i < iv->nstaff; i++) {
			const struct fu_staff *s = &iv->staff[i];
			char pct[48] = "";
			if (s->percent_bp != FU_NONE)
				fu_measure_text(FU_PERCENT, s->percent_bp, pct, sizeof pct);
			char *v = xasprintf("%s%s%s, %s%s%s%s.", pct, *pct ? " " : "", s->role,
					    s->employer, *s->note ? " (" : "", s->note,
					    *s->note ? ")" : "");
			doc_cell_text(d, c, v, DOC_BULLET);
			free(v);
		}
	}
	card_md(r, t, "Syfte", iv->purpose);
	card_md(r, t, "Målgrupp", iv->target_group);
	const struct fu_stats *s = followup_doc_stats(&r->fu, iv->code, r->h.from, r->h.to);
	struct fu_budget_use use;
	fu_budget_use(&r->books, iv, &use);
	goal_rows(r, t, iv, s, use.known ? &use : NULL);
	bool counted = false;
	for (size_t i = 0; i < iv->ngoals; i++)
		counted |= iv->goals[i].source == FU_SRC_TOTAL;
	if (s && iv->kind == FU_INDIVIDUAL && !counted) {
		struct buf b = BUF_INIT(0);
		participants_text(r, s, &b);
		doc_cell_text(d, &card_row(r, t, "Deltagare")->cells[1], buf_cstr(&b), DOC_PLAIN);
		buf_free(&b);
	}
	if (iv->nactivities) {
		struct doc_cell *c = &card_row(r, t, "Insatser/aktiviteter")->cells[1];
		for (size_t i = 0; i < iv->nactivities; i++) {
			const struct fu_activity *a = &iv->activities[i];
			doc_cell_text(d, c, a->name, DOC_BULLET | DOC_BOLD);
			doc_cell_text(d, c, ": ", DOC_PLAIN);
			md_cell_runs(d, a->description, &c->runs);
			if (a->attendees != FU_NONE) {
				char *v = xasprintf(" %lld deltagare.", (long long)a->attendees);
				doc_cell_text(d, c, v, DOC_FIGURE);
				free(v);
			}
		}
	}
	if (use.known && !iv->ngoals) {
		char pc[TYPO_BUF];
		struct buf b = BUF_INIT(0);
		budget_use_text(&use, &b, pc, sizeof pc);
		buf_printf(&b, " (%s).", pc);
		doc_cell_text(d, &card_row(r, t, "Budget")->cells[1], buf_cstr(&b), DOC_PLAIN);
		buf_free(&b);
	}
	card_md(r, t, "Genomförda aktiviteter", iv->done);
	card_md(r, t, "Kostnadseffektivitet", iv->cost_effect);
	card_md(r, t, "Samverkans effekter", iv->cooperation);
	card_md(r, t, "Framåtspaning", iv->outlook);
	card_md(r, t, "Utvärdering", iv->evaluation);
	doc_add_block(d, DB_TABLE)->u.table = t;
}

bool ph_card(struct report *r, const struct placeholder *p, struct doc_runs *runs,
	     unsigned style, struct error *err)
{
	(void)runs, (void)style;
	if (!report_followup(r, err))
		return false;
	const char *what = ph_pos(p, 0);
	enum fu_kind kind;
	bool all = fu_kind_parse(what, &kind) ||
		   (strcmp(what, "individinriktade") == 0 && (kind = FU_INDIVIDUAL, true)) ||
		   (strcmp(what, "strukturövergripande") == 0 && (kind = FU_STRUCTURAL, true));
	if (all) {
		size_t n = 0;
		for (size_t i = 0; i < r->fu.ninterventions; i++)
			if (r->fu.interventions[i].kind == kind) {
				card(r, &r->fu.interventions[i]);
				n++;
			}
		if (!n) {
			report_ph_error(r, p, err, "det finns inga %s insatser", what);
			return false;
		}
		return true;
	}
	const struct fu_intervention *iv = followup_doc_intervention(&r->fu, what);
	if (!iv) {
		report_ph_error(r, p, err, "det finns ingen insats %s (se finsam interventions)",
				what);
		return false;
	}
	card(r, iv);
	return true;
}

bool ph_goal_matrix(struct report *r, const struct placeholder *p, struct doc_runs *runs,
		    unsigned style, struct error *err)
{
	(void)runs, (void)style;
	if (!report_followup(r, err))
		return false;
	const char *name = ph_pos(p, 0);
	const struct fu_goal_area *a = NULL;
	for (size_t i = 0; i < r->fu.nareas && !a; i++)
		if (strcmp(r->fu.areas[i].name, name) == 0)
			a = &r->fu.areas[i];
	if (!a) {
		report_ph_error(r, p, err, "det finns inget målområde \"%s\" (se finsam goals)",
				name);
		return false;
	}
	struct doc *d = r->doc;
	char *slug = ratio_slug(a->name);
	char *base = xasprintf("mal-%s", slug);
	free(slug);
	struct doc_table *t = doc_table_new(d, report_table_key(r, base), a->name, DTS_GRID, 3);
	free(base);
	doc_table_col(d, t, 0, "Mål", DC_TEXT, 30);
	doc_table_col(d, t, 1, "Förslag på aktiviteter", DC_TEXT, 30);
	doc_table_col(d, t, 2, "Utfall aktiviteter/måluppfyllelse", DC_TEXT, 34);
	for (size_t i = 0; i < a->ngoals; i++) {
		const struct fu_goal *g = &a->goals[i];
		struct doc_row *row = doc_table_row(d, t, DR_NORMAL, 0);
		char *num = xasprintf("%zu. ", i + 1);
		doc_cell_text(d, &row->cells[0], num, DOC_PLAIN);
		free(num);
		doc_cell_text(d, &row->cells[0], g->text, DOC_PLAIN);
		md_cell_runs(d, g->activities, &row->cells[1].runs);
		md_cell_runs(d, g->outcome, &row->cells[2].runs);
		row->cells[2].status = fu_doc_status(fu_goal_status(g));
	}
	doc_add_block(d, DB_TABLE)->u.table = t;
	return true;
}

bool ph_intervention(struct report *r, const struct placeholder *p, struct doc_runs *runs,
		     unsigned style, struct error *err)
{
	if (!report_followup(r, err))
		return false;
	const char *code = ph_pos(p, 0), *what = ph_pos(p, 1);
	const struct fu_intervention *iv = followup_doc_intervention(&r->fu, code);
	if (!iv) {
		report_ph_error(r, p, err, "det finns ingen insats %s (se finsam interventions)",
				code);
		return false;
	}
	char buf[TYPO_BUF];
	struct fu_budget_use use;
	fu_budget_use(&r->books, iv, &use);
	if (!strcmp(what, "budget") || !strcmp(what, "utfall") || !strcmp(what, "andel")) {
		if (!use.known) {
			report_ph_error(r, p, err, "insatsen %s har ingen budget %d", code, r->year);
			return false;
		}
		if (!strcmp(what, "andel")) {
			if (!use.has_share) {
				report_ph_error(r, p, err, "insatsen %s har en budget på 0 kr", code);
				return false;
			}
			ph_figure(r, runs, style, typo_percent_bp(use.share_bp, buf, sizeof buf));
		} else {
			ph_figure(r, runs, style,
				  typo_int(report_kronor(!strcmp(what, "budget") ? use.budget
										 : use.actual),
					   buf, sizeof buf));
		}
		return true;
	}
	const struct fu_stats *s = followup_doc_stats(&r->fu, code, r->h.from, r->h.to);
	if (!s) {
		report_ph_error(r, p, err, "insatsen %s har ingen deltagarstatistik för perioden",
				code);
		return false;
	}
	struct fu_published pub;
	fu_publish(s, &r->cats, r->threshold, &pub);
	int64_t v = FU_NONE;
	enum fu_shown sh = FU_ABSENT;
	if (!strcmp(what, "deltagare"))
		v = s->total, sh = pub.total;
	else if (!strcmp(what, "kvinnor"))
		v = s->women, sh = pub.women;
	else if (!strcmp(what, "män"))
		v = s->men, sh = pub.men;
	else if (!strcmp(what, "nya"))
		v = s->new_, sh = pub.new_;
	else if (!strcmp(what, "avslutade"))
		v = s->ended, sh = pub.ended;
	else {
		fu_published_free(&pub);
		report_ph_error(r, p, err, "{{ insats %s %s }}: okänd uppgift (%s)", code, what,
				"budget, utfall, andel, deltagare, kvinnor, män, nya, avslutade");
		return false;
	}
	fu_published_free(&pub);
	if (v == FU_NONE) {
		report_ph_error(r, p, err, "insatsen %s saknar uppgiften %s för perioden", code, what);
		return false;
	}
	char n[24];
	ph_figure(r, runs, style, fu_shown_text(sh, v, r->threshold, n));
	return true;
}
