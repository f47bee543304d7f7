/*
 * cmd_participants — `finsam participants [list|show KOD|categories|remove
 * KOD PERIOD]`: the participant statistics, as counts only; with
 * --published as every published output shows them (small counts hidden,
 * followup/stats.h).
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
	{ "period", 'p', "PERIOD", "list, show: perioden (2023, 2023H1, 2023-01-01..2023-03-31; "
				   "standard: den senaste)" },
	{ "published", 0, NULL, "list, show: som publicerat: antal under gränsen visas \"<5\"" },
	{ "format", 0, "FORMAT", "table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

enum { A_LIST, A_SHOW, A_CATEGORIES, A_REMOVE };
static const char *const actions[] = { "list", "show", "categories", "remove", NULL };

/* What list and show share: the store's follow-up and its rules. */
struct view {
	struct followup_doc doc;
	struct fu_categories cats;
	int64_t threshold;      /* 0 when the view is internal */
	bool published;
	bool has_period;
	date_t from, to;        /* --period */
};

static bool view_load(struct cli *cli, const struct cli_args *a, struct view *v, struct error *err)
{
	memset(v, 0, sizeof *v);
	if (!cli_period(a, &v->has_period, &v->from, &v->to, err) ||
	    !fu_store_load(&cli->store, &v->doc, err))
		return false;
	v->published = cli_flag(a, "published");
	v->threshold = v->published ? v->doc.threshold : 0;
	fu_categories_build(&v->cats, v->doc.categories, v->doc.ncategories);
	return true;
}

static void view_free(struct view *v)
{
	followup_doc_free(&v->doc);
	fu_categories_free(&v->cats);
}

/* The period every statistics record is shown for: --period, else the
 * latest (by end, then start) among the records `code` has (NULL: all). */
static bool chosen_period(const struct view *v, const char *code, date_t *from, date_t *to)
{
	if (v->has_period) {
		*from = v->from;
		*to = v->to;
		return true;
	}
	return followup_doc_latest(&v->doc, code, 0, 0, from, to);
}

/* A share as people read it: "31 % (12/39)"; "" when unknown or hidden. */
static char *share_text(const struct fu_share *sh, bool shown)
{
	return shown ? fu_share_text(sh) : xstrdup("");
}

/* A count cell: a number internally, the published text otherwise. */
static void count_cell(struct out_table *t, const struct view *v, int64_t value,
		       enum fu_shown shown)
{
	char buf[24];
	if (value == FU_NONE)
		out_null(t);
	else if (!v->published)
		out_int(t, value);
	else
		out_text(t, fu_shown_text(shown, value, v->threshold, buf));
}

/* ---- list ---------------------------------------------------------------------------- */

static bool list(struct cli *cli, const struct view *v, enum out_format fmt, struct error *err)
{
	enum out_type ct = v->published ? OUT_TEXT : OUT_INT;
	const struct out_column cols[] = {
		{ "code", "Insats", OUT_TEXT, 0 },	{ "name", "Namn", OUT_TEXT, 32 },
		{ "period", "Period", OUT_TEXT, -1 },	{ "total", "Totalt", ct, 0 },
		{ "new", "Nya", ct, 0 },		{ "ongoing", "Pågående", ct, 0 },
		{ "ended", "Avslutade", ct, 0 },	{ "planned", "Planerade", ct, 0 },
		{ "women", "Kvinnor", ct, 0 },		{ "men", "Män", ct, 0 },
		{ "other", "Annat/okänt", ct, 0 },	{ "improved", "Stegförflyttning", OUT_TEXT, -1 },
		{ "of_planned", "Av planerat", OUT_TEXT, -1 },
	};
	date_t from = 0, to = 0;
	bool any = chosen_period(v, NULL, &from, &to);
	char period[FU_PERIOD_MAX];
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	if (any)
		fu_period_format(from, to, period);
	else
		period[0] = '\0';
	out_set_title(&t, "Deltagarstatistik %s%s", period,
		      v->published ? " (som publicerad)" : "");
	out_meta_text(&t, "period", NULL, period);
	out_meta_json(&t, "published", NULL, v->published ? "true" : "false");
	out_meta_int(&t, "threshold", NULL, v->threshold);
	for (size_t i = 0; any && i < v->doc.nstats; i++) {
		const struct fu_stats *s = &v->doc.stats[i];
		if (s->from != from || s->to != to)
			continue;
		const struct fu_intervention *iv = followup_doc_intervention(&v->doc, s->intervention);
		struct fu_published pub;
		struct fu_derived d;
		fu_publish(s, &v->cats, v->threshold, &pub);
		fu_stats_derive(s, &v->cats, &d);
		out_row(&t, false);
		out_text(&t, s->intervention);
		out_text(&t, iv ? iv->name : "");
		out_text(&t, period);
		count_cell(&t, v, s->total, pub.total);
		count_cell(&t, v, s->new_, pub.new_);
		count_cell(&t, v, s->ongoing, pub.ongoing);
		count_cell(&t, v, s->ended, pub.ended);
		count_cell(&t, v, s->planned, pub.planned);
		count_cell(&t, v, s->women, pub.women);
		count_cell(&t, v, s->men, pub.men);
		count_cell(&t, v, s->other, pub.other);
		char *improved = share_text(&d.improved, pub.improved);
		char *planned = share_text(&d.of_planned, pub.of_planned);
		out_text(&t, improved);
		out_text(&t, planned);
		free(improved);
		free(planned);
		fu_published_free(&pub);
	}
	if (!any)
		out_note(&t, "Ingen deltagarstatistik än: läs in den med finsam followup import FIL.");
	else if (v->published && v->threshold)
		out_note(&t, "Antal under %lld visas \"<%lld\"; \"x\" döljer ett antal som annars "
			     "kunde räknas fram ur summorna.",
			 (long long)v->threshold, (long long)v->threshold);
	bool ok = out_print(&t, cli->out, fmt, "participants", err);
	out_free(&t);
	return ok;
}

/* ---- show ---------------------------------------------------------------------------- */

/* A row of the key/label/value table (the key only for programs: a table
 * of two columns has none). */
static void field(struct out_table *t, const char *key, const char *label, const char *value)
{
	out_row(t, false);
	if (t->ncols == 3)
		out_text(t, key);
	out_text(t, label);
	out_text(t, value);
}

static void count_field(struct out_table *t, const struct view *v, const char *key,
			const char *label, int64_t value, enum fu_shown shown)
{
	if (value == FU_NONE)
		return;
	char buf[24];
	field(t, key, label, fu_shown_text(v->published ? shown : FU_SHOWN, value, v->threshold, buf));
}

static void share_field(struct out_table *t, const char *key, const char *label,
			const struct fu_share *sh, bool shown)
{
	char *s = share_text(sh, shown);
	if (*s)
		field(t, key, label, s);
	free(s);
}

static void list_fields(struct out_table *t, const struct view *v, const char *kind,
			const char *label, const struct fu_count *c, size_t n,
			const enum fu_shown *shown, const struct fu_categories *cats)
{
	for (size_t i = 0; i < n; i++) {
		char *key = xasprintf("%s.%s", kind, c[i].label);
		const struct fu_category *cat = cats ? fu_categories_find(cats, c[i].label) : NULL;
		char *lab = xasprintf("%s: %s%s", label, c[i].label,
				      cat && cat->step ? " (stegförflyttning)" : "");
		count_field(t, v, key, lab, c[i].count, shown[i]);
		free(key);
		free(lab);
	}
}

static void survey_fields(struct out_table *t, const struct view *v, const struct fu_stats *s,
			  const struct fu_published *pub)
{
	for (size_t i = 0; i < s->nsurveys; i++) {
		const struct fu_survey *sv = &s->surveys[i];
		char buf[48];
		char *key = xasprintf("survey.%s", sv->name);
		char *label = xasprintf("Enkät: %s", sv->name);
		char *value;
		if (v->published && !pub->survey_mean[i])
			value = xstrdup("(färre svar än gränsen)");
		else if (sv->mean == FU_NONE)
			value = xasprintf("%lld svar", (long long)sv->answers);
		else if (sv->answers == FU_NONE)
			value = xstrdup(fu_measure_text(FU_MEAN, sv->mean, buf, sizeof buf));
		else
			value = xasprintf("%s (%lld svar)",
					  fu_measure_text(FU_MEAN, sv->mean, buf, sizeof buf),
					  (long long)sv->answers);
		field(t, key, label, value);
		free(key);
		free(label);
		free(value);
	}
}

static bool show(struct cli *cli, const struct view *v, const char *code, enum out_format fmt,
		 struct error *err)
{
	const struct fu_intervention *iv = followup_doc_intervention(&v->doc, code);
	if (!iv) {
		error_set(err, ERR_INPUT, "det finns ingen insats %s (se finsam interventions)", code);
		return false;
	}
	date_t from = 0, to = 0;
	const struct fu_stats *s = NULL;
	if (chosen_period(v, code, &from, &to))
		s = followup_doc_stats(&v->doc, code, from, to);
	char period[FU_PERIOD_MAX];
	if (!s) {
		error_set(err, ERR_INPUT, "%s har ingen deltagarstatistik%s%s", code,
			  v->has_period ? " för " : "",
			  v->has_period ? fu_period_format(v->from, v->to, period) : "");
		return false;
	}
	fu_period_format(s->from, s->to, period);
	static const struct out_column cols[] = {
		{ "key", "", OUT_TEXT, 0 },
		{ "label", "Uppgift", OUT_TEXT, -1 },
		{ "value", "Värde", OUT_TEXT, -1 },
	};
	/* People do not need the key column: it is for programs. */
	static const struct out_column people_cols[] = {
		{ "label", "Uppgift", OUT_TEXT, -1 },
		{ "value", "Värde", OUT_TEXT, -1 },
	};
	struct fu_published pub;
	struct fu_derived d;
	fu_publish(s, &v->cats, v->threshold, &pub);
	fu_stats_derive(s, &v->cats, &d);
	struct out_table t;
	if (fmt == OUT_TABLE)
		out_init(&t, people_cols, sizeof people_cols / sizeof people_cols[0]);
	else
		out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "%s (%s), deltagare %s%s", iv->name, code, period,
		      v->published ? " (som publicerad)" : "");
	out_meta_text(&t, "intervention", NULL, code);
	out_meta_text(&t, "period", NULL, period);
	out_meta_json(&t, "published", NULL, v->published ? "true" : "false");
	count_field(&t, v, "total", "Deltagare totalt", s->total, pub.total);
	count_field(&t, v, "new", "Nya", s->new_, pub.new_);
	count_field(&t, v, "ongoing", "Pågående vid periodens slut", s->ongoing, pub.ongoing);
	count_field(&t, v, "ended", "Avslutade", s->ended, pub.ended);
	count_field(&t, v, "planned", "Planerade", s->planned, pub.planned);
	count_field(&t, v, "waiting", "På väg in", s->waiting, pub.waiting);
	count_field(&t, v, "women", "Kvinnor", s->women, pub.women);
	count_field(&t, v, "men", "Män", s->men, pub.men);
	count_field(&t, v, "other", "Annat/okänt kön", s->other, pub.other);
	list_fields(&t, v, "outcome", "Avslut", s->outcomes, s->noutcomes, pub.outcomes, &v->cats);
	list_fields(&t, v, "age", "Ålder", s->ages, s->nages, pub.ages, NULL);
	list_fields(&t, v, "income", "Försörjning före", s->incomes, s->nincomes, pub.incomes, NULL);
	survey_fields(&t, v, s, &pub);
	share_field(&t, "improved", "Stegförflyttning (förbättrad förmåga)", &d.improved,
		    !v->published || pub.improved);
	share_field(&t, "of_planned", "Deltagare av planerat antal", &d.of_planned,
		    !v->published || pub.of_planned);
	share_field(&t, "share_women", "Andel kvinnor", &d.women, !v->published || pub.share_women);
	share_field(&t, "share_men", "Andel män", &d.men, !v->published || pub.share_men);
	if (*s->comment)
		field(&t, "comment", "Kommentar", s->comment);
	/* The checks again: a record saved with parts marked incomplete keeps
	 * its warnings where people look at it. */
	struct fu_findings f = { 0 };
	fu_stats_check(s, &v->cats, iv, &f);
	for (size_t i = 0; i < f.n; i++)
		out_note(&t, "%s: %s", f.items[i].warning ? "Varning" : "Fel", f.items[i].text);
	fu_findings_free(&f);
	fu_published_free(&pub);
	bool ok = out_print(&t, cli->out, fmt, "figures", err);
	out_free(&t);
	return ok;
}

/* ---- categories ---------------------------------------------------------------------- */

static bool categories(struct cli *cli, const struct view *v, enum out_format fmt,
		       struct error *err)
{
	static const struct out_column cols[] = {
		{ "name", "Kategori", OUT_TEXT, 0 },
		{ "step", "Stegförflyttning", OUT_TEXT, 0 },
		{ "denominator", "I nämnaren", OUT_TEXT, 0 },
		{ "own", "Förbundets egen", OUT_TEXT, 0 },
	};
	size_t ndefault;
	const struct fu_category *defaults = fu_default_categories(&ndefault);
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Utfallskategorier vid avslut");
	for (size_t i = 0; i < v->cats.n; i++) {
		const struct fu_category *c = &v->cats.items[i];
		bool own = true;
		for (size_t j = 0; j < ndefault && own; j++)
			own = strcmp(defaults[j].name, c->name) != 0;
		out_row(&t, false);
		out_text(&t, c->name);
		out_text(&t, c->step ? "ja" : "nej");
		out_text(&t, c->denominator ? "ja" : "nej");
		out_text(&t, own ? "ja" : "nej");
	}
	bool ok = out_print(&t, cli->out, fmt, "categories", err);
	out_free(&t);
	return ok;
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	static const int nargs[] = { 1, 2, 1, 3 };
	int action = cli_action_args(cli, a, actions, nargs, A_LIST);
	if (action < 0)
		return EXIT_USAGE;
	enum out_format fmt;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    !cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	if (action == A_REMOVE) {
		date_t from, to;
		if (!fu_period_parse(a->rest[2], &from, &to))
			return cli_usage_error(cli, a->cmd, "\"%s\" är ingen period", a->rest[2]);
		if (!fu_store_remove_stats(&cli->store, a->rest[1], from, to, &err))
			return cli_fail(cli, &err);
		fprintf(cli->out, "Tog bort statistiken för %s %s.\n", a->rest[1], a->rest[2]);
		return EXIT_OK;
	}
	struct view v;
	if (!view_load(cli, a, &v, &err))
		return cli_fail(cli, &err);
	bool ok;
	if (action == A_SHOW)
		ok = show(cli, &v, a->rest[1], fmt, &err);
	else if (action == A_CATEGORIES)
		ok = categories(cli, &v, fmt, &err);
	else
		ok = list(cli, &v, fmt, &err);
	view_free(&v);
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_participants = {
	.name = "participants",
	.args = "[list|show KOD|categories|remove KOD PERIOD]",
	.summary = "deltagarstatistiken per insats och period (bara antal)",
	.description =
		"list visar alla insatsers statistik för en period: totalt, nya, pågående,\n"
		"avslutade, planerade, per kön, andelen med stegförflyttning (t.ex. \"31 %\n"
		"(12/39)\") och deltagare av planerat antal. show KOD visar en insats alla siffror:\n"
		"avslut per kategori, ålder, försörjning, enkäter och varningar. Med --published\n"
		"visas siffrorna som i rapporter och exporter: antal under publiceringsgränsen\n"
		"(standard 5) som \"<5\", och ett antal som kunde räknas fram ur summorna som \"x\".\n"
		"categories listar utfallskategorierna; remove KOD PERIOD tar bort en periods\n"
		"statistik. Statistiken läses in med finsam followup import.",
	.options = options,
	.min_args = 0,
	.max_args = 3,
	.run = run,
};
