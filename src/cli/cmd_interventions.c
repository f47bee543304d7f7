/*
 * cmd_interventions — `finsam interventions [list|show KOD|remove KOD]`:
 * the register of interventions with their budget use from the books,
 * and one intervention's card (owner, staffing, purpose, result goals with
 * their actual values, the card's texts).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "followup/evaluate.h"
#include "followup/stats.h"
#include "followup/store.h"
#include "util/xalloc.h"

static const struct cli_option options[] = {
	{ "period", 'p', "PERIOD", "list, show: perioden för statistik och budgetutfall "
				   "(standard: den senaste med statistik)" },
	{ "published", 0, NULL, "list, show: som publicerat: antal under gränsen visas \"<5\"" },
	{ "format", 0, "FORMAT", "table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

enum { A_LIST, A_SHOW, A_REMOVE };
static const char *const actions[] = { "list", "show", "remove", NULL };

/* Everything a card needs, loaded once. */
struct ctx {
	struct followup_doc doc;
	struct fu_categories cats;
	struct fu_books books;
	int64_t threshold;     /* 0 when internal */
	bool published;
	date_t from, to;       /* the period */
};

/* The period: --period, else the follow-up's default (fu_default_period). */
static bool choose_period(struct cli *cli, const struct cli_args *a, struct ctx *c,
			  struct error *err)
{
	bool given;
	if (!cli_period(a, &given, &c->from, &c->to, err))
		return false;
	return given || fu_default_period(&cli->store, &c->doc, &c->from, &c->to, err);
}

static bool ctx_load(struct cli *cli, const struct cli_args *a, struct ctx *c, struct error *err)
{
	memset(c, 0, sizeof *c);
	if (!fu_store_load(&cli->store, &c->doc, err))
		return false;
	c->published = cli_flag(a, "published");
	c->threshold = c->published ? c->doc.threshold : 0;
	fu_categories_build(&c->cats, c->doc.categories, c->doc.ncategories);
	bool ok = choose_period(cli, a, c, err) &&
		  fu_books_load(&cli->store, c->to / 10000, c->to, &c->books, err);
	if (!ok) {
		followup_doc_free(&c->doc);
		fu_categories_free(&c->cats);
	}
	return ok;
}

static void ctx_free(struct ctx *c)
{
	followup_doc_free(&c->doc);
	fu_categories_free(&c->cats);
	fu_books_free(&c->books);
}

/* The intervention's statistics of the period, or NULL. */
static const struct fu_stats *stats_of(const struct ctx *c, const char *code)
{
	return followup_doc_stats(&c->doc, code, c->from, c->to);
}

/* ---- list ---------------------------------------------------------------------------- */

static bool list(struct cli *cli, struct ctx *c, enum out_format fmt, struct error *err)
{
	static const struct out_column cols[] = {
		{ "code", "Kod", OUT_TEXT, 0 },
		{ "name", "Namn", OUT_TEXT, 40 },
		{ "kind", "Slag", OUT_TEXT, 0 },
		{ "owner", "Insatsägare", OUT_TEXT, 24 },
		{ "staffing", "Tjänster", OUT_PERCENT, 0 },
		{ "budget", "Budget helår", OUT_KRONOR, 0 },
		{ "actual", "Utfall", OUT_KRONOR, 0 },
		{ "used", "Förbrukat", OUT_PERCENT, 0 },
		{ "participants", "Deltagare", OUT_TEXT, 0 },
	};
	char period[FU_PERIOD_MAX], to[11];
	fu_period_format(c->from, c->to, period);
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Insatser %s", period);
	out_meta_text(&t, "period", "Statistik", period);
	out_meta_text(&t, "to", "Utfall till och med", date_format(c->books.to ? c->books.to : c->to, to));
	out_meta_text(&t, "budget_version", "Budget", c->books.basis ? c->books.basis : "ingen");
	for (size_t i = 0; i < c->doc.ninterventions; i++) {
		const struct fu_intervention *iv = &c->doc.interventions[i];
		struct fu_budget_use use;
		fu_budget_use(&c->books, iv, &use);
		const struct fu_stats *s = stats_of(c, iv->code);
		out_row(&t, false);
		out_text(&t, iv->code);
		out_text(&t, iv->name);
		out_text(&t, fu_kind_name(iv->kind));
		out_text(&t, iv->owner);
		if (iv->nstaff)
			out_int(&t, fu_staff_total(iv, c->to));
		else
			out_null(&t);
		if (use.known) {
			out_money(&t, use.budget);
			out_money(&t, use.actual);
		} else {
			out_null(&t);
			out_null(&t);
		}
		if (use.has_share)
			out_int(&t, use.share_bp);
		else
			out_null(&t);
		if (s) {
			struct fu_published pub;
			char buf[24];
			fu_publish(s, &c->cats, c->threshold, &pub);
			out_text(&t, fu_shown_text(c->published ? pub.total : FU_SHOWN, s->total,
						   c->threshold, buf));
			fu_published_free(&pub);
		} else {
			out_null(&t);
		}
	}
	if (!c->doc.ninterventions)
		out_note(&t, "Inga insatser än: läs in dem med finsam followup import FIL.");
	bool ok = out_print(&t, cli->out, fmt, "interventions", err);
	out_free(&t);
	return ok;
}

/* ---- show ---------------------------------------------------------------------------- */

static void field(struct out_table *t, const char *key, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	out_row(t, false);
	out_text(t, key);
	out_text(t, label);
	out_text(t, value);
}

static void staff_fields(struct out_table *t, const struct fu_intervention *iv)
{
	for (size_t i = 0; i < iv->nstaff; i++) {
		const struct fu_staff *s = &iv->staff[i];
		char pct[48] = "", a[11], b[11];
		if (s->percent_bp != FU_NONE)
			fu_measure_text(FU_PERCENT, s->percent_bp, pct, sizeof pct);
		char *when = s->from || s->to
				     ? xasprintf(" (%s–%s)", s->from ? date_format(s->from, a) : "",
						 s->to ? date_format(s->to, b) : "")
				     : xstrdup("");
		char *v = xasprintf("%s%s%s, %s%s%s%s", pct, *pct ? " " : "", s->role, s->employer, when,
				    *s->note ? ", " : "", s->note);
		char *key = xasprintf("staff.%zu", i + 1);
		field(t, key, "Bemanning", v);
		free(key);
		free(v);
		free(when);
	}
}

static void goal_fields(struct out_table *t, const struct ctx *c, const struct fu_intervention *iv,
			const struct fu_stats *s, const struct fu_budget_use *use)
{
	struct fu_published pub;
	struct fu_stats none;
	fu_stats_init(&none);
	fu_publish(s ? s : &none, &c->cats, c->threshold, &pub);
	for (size_t i = 0; i < iv->ngoals; i++) {
		const struct fu_result_goal *g = &iv->goals[i];
		struct fu_goal_eval e;
		fu_goal_evaluate(g, s, &c->cats, use, c->published ? &pub : NULL, &e);
		char *label = xasprintf("Resultatmål %zu", i + 1);
		char *v = xasprintf("%s. Mål: %s. Utfall: %s. %s%s%s%s", g->text,
				    *e.target_text ? e.target_text : "inget",
				    *e.actual_text ? e.actual_text : "saknas",
				    fu_status_name(e.status), e.computed ? " (beräknat)" : "",
				    *g->deviation ? ". " : "", g->deviation);
		char *key = xasprintf("goal.%zu", i + 1);
		field(t, key, label, v);
		free(key);
		free(label);
		free(v);
		fu_goal_eval_free(&e);
	}
	fu_published_free(&pub);
}

static void activity_fields(struct out_table *t, const struct fu_intervention *iv)
{
	for (size_t i = 0; i < iv->nactivities; i++) {
		const struct fu_activity *a = &iv->activities[i];
		char *v = a->attendees == FU_NONE
				  ? xasprintf("%s: %s", a->name, a->description)
				  : xasprintf("%s: %s (%lld deltagare)", a->name, a->description,
					      (long long)a->attendees);
		char *key = xasprintf("activity.%zu", i + 1);
		field(t, key, "Delaktivitet", v);
		free(key);
		free(v);
	}
}

/* The card for people: "Uppgift: värde" on one line when it is short, else
 * the label as a heading with the text indented under it. */
static void print_card(FILE *f, const struct out_table *t)
{
	fprintf(f, "%s\n", t->title);
	for (size_t i = 0; i < t->nrows; i++) {
		const char *label = t->rows[i].cells[1].text, *value = t->rows[i].cells[2].text;
		if (!strchr(value, '\n') && strlen(value) <= 72) {
			fprintf(f, "%s: %s\n", label, value);
			continue;
		}
		fprintf(f, "\n%s\n", label);
		for (const char *p = value; *p;) {
			size_t n = strcspn(p, "\n");
			if (n)
				fprintf(f, "  %.*s\n", (int)n, p);
			else if (p[n] && p[n + 1])
				fputc('\n', f);
			p += n + (p[n] == '\n');
		}
	}
	for (size_t i = 0; i < t->nnotes; i++)
		fprintf(f, "\n%s\n", t->notes[i]);
}

static bool show(struct cli *cli, struct ctx *c, const char *code, enum out_format fmt,
		 struct error *err)
{
	const struct fu_intervention *iv = followup_doc_intervention(&c->doc, code);
	if (!iv) {
		error_set(err, ERR_INPUT, "det finns ingen insats %s (se finsam interventions)", code);
		return false;
	}
	static const struct out_column cols[] = {
		{ "key", "", OUT_TEXT, 0 },
		{ "label", "Uppgift", OUT_TEXT, -1 },
		{ "value", "Värde", OUT_TEXT, -1 },
	};
	char period[FU_PERIOD_MAX], a[11], b[11], buf[64], kr[64];
	fu_period_format(c->from, c->to, period);
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "%s (%s), %s", iv->name, iv->code, period);
	out_meta_text(&t, "period", NULL, period);
	field(&t, "kind", "Slag", fu_kind_name(iv->kind));
	field(&t, "owner", "Insatsägare", iv->owner);
	if (iv->start || iv->end) {
		char *when = xasprintf("%s – %s", iv->start ? date_format(iv->start, a) : "",
				       iv->end ? date_format(iv->end, b) : "");
		field(&t, "period", "Pågår", when);
		free(when);
	}
	field(&t, "esf", "ESF-medfinansierad", iv->esf ? "ja" : "nej");
	field(&t, "summary", "Typ av insats", iv->summary);
	staff_fields(&t, iv);
	field(&t, "purpose", "Syfte", iv->purpose);
	field(&t, "target_group", "Målgrupp", iv->target_group);
	for (size_t i = 0; i < iv->ntags; i++)
		field(&t, "tag", "Målgruppstagg", iv->tags[i]);
	struct fu_budget_use use;
	fu_budget_use(&c->books, iv, &use);
	if (use.known) {
		char *v = xasprintf(
			"%s kr av helårsbudgeten %s kr (%s) till och med %s",
			money_format_sv(use.actual, &money_style_terminal_kr, buf, sizeof buf),
			money_format_sv(use.budget, &money_style_terminal_kr, kr, sizeof kr),
			use.has_share ? out_percent_text(use.share_bp, a, sizeof a) : "–",
			date_format(c->books.to, b));
		field(&t, "budget_use", "Budgetutfall", v);
		free(v);
	}
	goal_fields(&t, c, iv, stats_of(c, iv->code), &use);
	activity_fields(&t, iv);
	field(&t, "done", "Genomförda aktiviteter", iv->done);
	field(&t, "cost_effect", "Kostnadseffektivitet", iv->cost_effect);
	field(&t, "cooperation", "Samverkans effekter", iv->cooperation);
	field(&t, "outlook", "Framåtspaning", iv->outlook);
	field(&t, "evaluation", "Utvärdering", iv->evaluation);
	if (!stats_of(c, iv->code))
		out_note(&t, "Ingen deltagarstatistik för %s.", period);
	bool ok = true;
	if (fmt == OUT_TABLE)
		print_card(cli->out, &t);
	else
		ok = out_print(&t, cli->out, fmt, "card", err);
	out_free(&t);
	return ok;
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	static const int nargs[] = { 1, 2, 2 };
	int action = cli_action_args(cli, a, actions, nargs, A_LIST);
	if (action < 0)
		return EXIT_USAGE;
	enum out_format fmt;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    !cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	if (action == A_REMOVE) {
		if (!fu_store_remove_intervention(&cli->store, a->rest[1], &err))
			return cli_fail(cli, &err);
		fprintf(cli->out, "Tog bort insats %s med dess statistik.\n", a->rest[1]);
		return EXIT_OK;
	}
	struct ctx c;
	if (!ctx_load(cli, a, &c, &err))
		return cli_fail(cli, &err);
	bool ok = action == A_SHOW ? show(cli, &c, a->rest[1], fmt, &err) : list(cli, &c, fmt, &err);
	ctx_free(&c);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_interventions = {
	.name = "interventions",
	.args = "[list|show KOD|remove KOD]",
	.summary = "insatserna: register, budgetutfall ur bokföringen och insatskort",
	.description =
		"list visar insatserna med slag, insatsägare, tjänster, årets budget och utfall\n"
		"ur bokföringen (budgetraderna med insatsens objekt, eller dess budgetgrupp) och\n"
		"antal deltagare. show KOD visar insatskortet: bemanning, syfte, målgrupp,\n"
		"resultatmål med utfall och status (beräknat ur deltagarstatistiken och\n"
		"bokföringen där det går), delaktiviteter och kortets texter. remove KOD tar bort\n"
		"en insats med dess statistik. Insatserna läses in med finsam followup import.",
	.options = options,
	.min_args = 0,
	.max_args = 2,
	.run = run,
};
