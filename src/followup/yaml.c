/*
 * followup/yaml — the follow-up's text file (docs/followup.md) read into
 * and written from a struct followup_doc with libyaml; see yaml.h.
 *
 * Reading has two steps. libyaml's events become a small tree of nodes
 * that keep their line and column (util/ytree.c, shared with the other
 * text formats); aliases, anchors, tags, duplicate keys, a second
 * document and deep nesting are refused on the way. Then each mapping of
 * the tree is read into its struct, after its keys have been checked
 * against the ones the format knows.
 *
 * Writing emits events in the documented order and leaves the quoting to
 * libyaml's emitter, so that any text reads back as it was. Multi-line
 * text is asked for as a literal block (|); the emitter makes it a quoted
 * string with escapes when a block cannot hold it (trailing spaces, tabs,
 * control characters). A text that other YAML tools would take for a
 * number, a date, a boolean or null is quoted.
 */
#include "followup/yaml.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/buf.h"
#include "util/file.h"
#include "util/xalloc.h"
#include "util/ytree.h"

/* The first line of a written file. */
#define HEADER "# finsam uppföljning — docs/followup.md\n"

/* A user's text as a message shows it: never one that looks like a
 * personnummer. */
static const char *shown(const char *s)
{
	return fu_text_personal(s) ? "(värdet)" : s;
}

/* ---- numbers ------------------------------------------------------------------------- */

/* A percentage, optionally followed by "%" or " %" (a space or a no-break
 * space), as basis points. */
static bool parse_percent(const char *s, int64_t *out)
{
	size_t n = strlen(s);
	if (n && s[n - 1] == '%') {
		n--;
		if (n && s[n - 1] == ' ')
			n--;
		else if (n >= 2 && memcmp(s + n - 2, "\xc2\xa0", 2) == 0)
			n -= 2;
	}
	return fu_hundredths_parse(s, n, out);
}

static bool count_value(const struct ytree_reader *r, const struct ytree_node *v, const char *key,
			int64_t *out)
{
	if (!fu_whole_parse(v->text, FU_COUNT_MAX, out))
		return ytree_fail(r, v, "%s: " FU_COUNT_MSG, key);
	return true;
}

static bool percent_value(const struct ytree_reader *r, const struct ytree_node *v, const char *key,
			  int64_t *out)
{
	if (!parse_percent(v->text, out))
		return ytree_fail(r, v,
			    "%s: procent skrivs som 20, 12,5 eller 12.5 (högst två decimaler, "
			    "ev. följt av %%)",
			    key);
	return true;
}

static bool mean_value(const struct ytree_reader *r, const struct ytree_node *v, const char *key,
		       int64_t *out)
{
	if (!fu_hundredths_parse(v->text, strlen(v->text), out))
		return ytree_fail(
		    r, v, "%s: ett medelvärde skrivs som 3,8 eller 3.8 (högst två decimaler)", key);
	return true;
}

static bool measured_value(const struct ytree_reader *r, const struct ytree_node *v,
			   const char *key, enum fu_measure m, int64_t *out)
{
	switch (m) {
	case FU_PERCENT:
		return percent_value(r, v, key, out);
	case FU_MEAN:
		return mean_value(r, v, key, out);
	case FU_COUNT:
	default:
		return count_value(r, v, key, out);
	}
}

/* ---- values by key ------------------------------------------------------------------- */

/* Text under key ("" when absent); personal: refused when it looks like a
 * personnummer. */
static bool rd_text(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		    bool personal, char **out)
{
	const struct ytree_node *v;
	if (!ytree_scalar(r, m, key, &v))
		return false;
	if (v && personal && fu_text_personal(v->text))
		return ytree_fail(r, v, "%s: " FU_PERSONAL_MSG, key);
	*out = xstrdup(v ? v->text : "");
	return true;
}

static bool rd_count(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		     int64_t *out)
{
	const struct ytree_node *v;
	return ytree_scalar(r, m, key, &v) && (!v || count_value(r, v, key, out));
}

static bool rd_percent(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		       int64_t *out)
{
	const struct ytree_node *v;
	return ytree_scalar(r, m, key, &v) && (!v || percent_value(r, v, key, out));
}

static bool rd_mean(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		    int64_t *out)
{
	const struct ytree_node *v;
	return ytree_scalar(r, m, key, &v) && (!v || mean_value(r, v, key, out));
}

/* A number in the unit of measure `unit`; *has tells whether it is there. */
static bool rd_measured(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
			enum fu_measure unit, bool *has, int64_t *out)
{
	const struct ytree_node *v;
	if (!ytree_scalar(r, m, key, &v))
		return false;
	*has = v != NULL;
	return !v || measured_value(r, v, key, unit, out);
}

/* A whole number, maybe negative; *has tells whether it is there. */
static bool rd_integer(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		       bool *has, int64_t *out)
{
	const struct ytree_node *v;
	if (!ytree_scalar(r, m, key, &v))
		return false;
	*has = v != NULL;
	if (v && !fu_integer_parse(v->text, out))
		return ytree_fail(r, v, "%s: skriv ett heltal", key);
	return true;
}

static bool rd_date(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		    date_t *out)
{
	const struct ytree_node *v;
	if (!ytree_scalar(r, m, key, &v))
		return false;
	bool iso = false;
	if (v && !(strlen(v->text) == 10 && date_parse(v->text, 10, out, &iso) && iso))
		return ytree_fail(r, v, "%s: ett datum skrivs ÅÅÅÅ-MM-DD, till exempel 2023-06-30",
				  key);
	return true;
}

static bool rd_period(const struct ytree_reader *r, const struct ytree_node *m, date_t *from,
		      date_t *to)
{
	const struct ytree_node *v;
	if (!ytree_scalar(r, m, "period", &v))
		return false;
	if (v && !fu_period_parse(v->text, from, to))
		return ytree_fail(
		    r, v,
		    "period: skrivs 2023, 2023H1, 2023H2 eller 2023-01-01..2023-03-31 (inte "
		    "'%s')",
		    shown(v->text));
	return true;
}

static bool rd_kind(const struct ytree_reader *r, const struct ytree_node *m, enum fu_kind *out)
{
	const struct ytree_node *v;
	if (!ytree_scalar(r, m, "slag", &v))
		return false;
	if (v && !fu_kind_parse(v->text, out))
		return ytree_fail(
		    r, v, "slag: okänt slag '%s' (individinriktad eller strukturövergripande)",
		    shown(v->text));
	return true;
}

static bool rd_measure(const struct ytree_reader *r, const struct ytree_node *v,
		       enum fu_measure *out)
{
	if (!fu_measure_parse(v->text, out))
		return ytree_fail(r, v, "mått: okänt mått '%s' (antal, procent eller medel)",
			    shown(v->text));
	return true;
}

static bool rd_source(const struct ytree_reader *r, const struct ytree_node *m, enum fu_source *out)
{
	const struct ytree_node *v;
	if (!ytree_scalar(r, m, "källa", &v))
		return false;
	if (v && !fu_source_parse(v->text, out))
		return ytree_fail(
		    r, v,
		    "källa: okänd källa '%s' (utfall, deltagare, nya, pågående, avslutade, "
		    "stegförflyttning, enkät eller budget)",
		    shown(v->text));
	return true;
}

static bool rd_status(const struct ytree_reader *r, const struct ytree_node *m, enum fu_status *out)
{
	const struct ytree_node *v;
	if (!ytree_scalar(r, m, "status", &v))
		return false;
	if (v && !fu_status_parse(v->text, out))
		return ytree_fail(
		    r, v,
		    "status: okänd status '%s' (uppnått, delvis, ej uppnått eller kan ej "
		    "bedömas)",
		    shown(v->text));
	return true;
}

static bool rd_direction(const struct ytree_reader *r, const struct ytree_node *m, bool *at_most)
{
	const struct ytree_node *v;
	if (!ytree_scalar(r, m, "riktning", &v))
		return false;
	if (!v)
		return true;
	if (strcmp(v->text, "minst") == 0)
		*at_most = false;
	else if (strcmp(v->text, "högst") == 0)
		*at_most = true;
	else
		return ytree_fail(r, v, "riktning: skriv minst eller högst");
	return true;
}

/* ---- lists and labelled counts ------------------------------------------------------- */

/* A list of texts (target-group tags). */
static bool rd_texts(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		     char ***items, size_t *n)
{
	const struct ytree_node *v = ytree_get(m, key);
	if (!v)
		return true;
	if (!ytree_want(r, v, YT_SEQ, key))
		return false;
	*items = xcalloc(v->n, sizeof **items);
	for (size_t i = 0; i < v->n; i++) {
		const struct ytree_node *t = &v->kids[i];
		if (!ytree_want(r, t, YT_SCALAR, key))
			return false;
		(*items)[(*n)++] = xstrdup(t->null ? "" : t->text);
	}
	return true;
}

/* A mapping of labels to counts; labels are refused when personal. */
static bool rd_counts(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		      struct fu_count **items, size_t *n)
{
	const struct ytree_node *v = ytree_get(m, key);
	if (!v)
		return true;
	if (!ytree_want(r, v, YT_MAP, key))
		return false;
	*items = xcalloc(v->n / 2, sizeof **items);
	for (size_t i = 0; i < v->n; i += 2) {
		const struct ytree_node *label = &v->kids[i], *c = &v->kids[i + 1];
		if (label->null)
			return ytree_fail(r, label, "%s: en rad saknar namn", key);
		if (fu_text_personal(label->text))
			return ytree_fail(r, label, "%s: " FU_PERSONAL_MSG, key);
		if (!ytree_want(r, c, YT_SCALAR, key))
			return false;
		if (c->null)
			return ytree_fail(r, c, "%s: antalet saknas för '%s'", key, label->text);
		struct fu_count *it = &(*items)[(*n)++];
		it->label = xstrdup(label->text);
		if (!count_value(r, c, key, &it->count))
			return false;
	}
	return true;
}

/* ofullständigt: a list of parts. */
static bool rd_parts(const struct ytree_reader *r, const struct ytree_node *m, unsigned *out)
{
	const struct ytree_node *v = ytree_get(m, "ofullständigt");
	if (!v)
		return true;
	if (!ytree_want(r, v, YT_SEQ, "ofullständigt"))
		return false;
	for (size_t i = 0; i < v->n; i++) {
		const struct ytree_node *t = &v->kids[i];
		enum fu_part p;
		if (!ytree_want(r, t, YT_SCALAR, "ofullständigt"))
			return false;
		if (!fu_part_parse(t->text, &p))
			return ytree_fail(
			    r, t,
			    "ofullständigt: okänd del '%s' (kön, utfall, ålder, försörjning, "
			    "status eller enkät)",
			    shown(t->text));
		*out |= (unsigned)p;
	}
	return true;
}

/* ---- categories ---------------------------------------------------------------------- */

static const struct ytree_key category_keys[] = {
	{ "namn", true },
	{ "stegförflyttning", false },
	{ "i_nämnaren", false },
	{ NULL, false },
};

static bool read_category(const struct ytree_reader *r, const struct ytree_node *m, void *dst)
{
	struct fu_category *c = dst;
	c->denominator = true;
	return ytree_map_of(r, m, category_keys, "utfallskategorier") &&
	       rd_text(r, m, "namn", true, &c->name) &&
	       ytree_flag(r, m, "stegförflyttning", &c->step) &&
	       ytree_flag(r, m, "i_nämnaren", &c->denominator);
}

/* ---- interventions ------------------------------------------------------------------- */

static const struct ytree_key staff_keys[] = {
	{ "roll", true }, { "arbetsgivare", false }, { "procent", false }, { "från", false },
	{ "till", false }, { "not", false },        { NULL, false },
};

static bool read_staff(const struct ytree_reader *r, const struct ytree_node *m, void *dst)
{
	struct fu_staff *s = dst;
	s->percent_bp = FU_NONE;
	return ytree_map_of(r, m, staff_keys, "bemanning") &&
	       rd_text(r, m, "roll", false, &s->role) &&
	       rd_text(r, m, "arbetsgivare", false, &s->employer) &&
	       rd_percent(r, m, "procent", &s->percent_bp) && rd_date(r, m, "från", &s->from) &&
	       rd_date(r, m, "till", &s->to) && rd_text(r, m, "not", false, &s->note);
}

static const struct ytree_key result_goal_keys[] = {
	{ "text", true },      { "mått", false },      { "källa", false },
	{ "enkät", false },    { "mål", false },       { "riktning", false },
	{ "utfall", false },   { "avvikelse", false }, { "status", false },
	{ NULL, false },
};

/* The measure a source gives; false for a typed actual, which may be any. */
static bool source_measure(enum fu_source s, enum fu_measure *m)
{
	switch (s) {
	case FU_SRC_TYPED:
		return false;
	case FU_SRC_IMPROVED:
	case FU_SRC_BUDGET:
		*m = FU_PERCENT;
		return true;
	case FU_SRC_SURVEY:
		*m = FU_MEAN;
		return true;
	default:
		*m = FU_COUNT;
		return true;
	}
}

/* mått: as given, else what källa gives (antal for a typed actual); one
 * that källa cannot give is refused. */
static bool rd_goal_measure(const struct ytree_reader *r, const struct ytree_node *m,
			    struct fu_result_goal *g)
{
	enum fu_measure given = FU_COUNT;
	bool fixed = source_measure(g->source, &given);
	g->measure = given;
	const struct ytree_node *v;
	if (!ytree_scalar(r, m, "mått", &v))
		return false;
	if (!v)
		return true;
	if (!rd_measure(r, v, &g->measure))
		return false;
	if (fixed && g->measure != given)
		return ytree_fail(r, v, "mått: källa %s ger %s, inte %s", fu_source_name(g->source),
				  fu_measure_name(given), fu_measure_name(g->measure));
	return true;
}

/* enkät: the survey's name, there exactly when källa is enkät. */
static bool rd_goal_survey(const struct ytree_reader *r, const struct ytree_node *m,
			   struct fu_result_goal *g)
{
	if (!rd_text(r, m, "enkät", false, &g->survey))
		return false;
	bool survey = g->source == FU_SRC_SURVEY;
	if (survey && !*g->survey)
		return ytree_fail(r, m, "källa enkät kräver nyckeln 'enkät' med enkätens namn");
	if (!survey && *g->survey)
		return ytree_fail(r, ytree_get(m, "enkät"), "enkät: hör bara till källa enkät");
	return true;
}

/* utfall: typed only when källa is utfall; the others are computed. */
static bool rd_goal_actual(const struct ytree_reader *r, const struct ytree_node *m,
			   struct fu_result_goal *g)
{
	const struct ytree_node *v = ytree_get(m, "utfall");
	if (v && g->source != FU_SRC_TYPED)
		return ytree_fail(
		    r, v, "utfall: skrivs bara med källa utfall; med källa %s räknas det fram",
		    fu_source_name(g->source));
	return rd_measured(r, m, "utfall", g->measure, &g->has_actual, &g->actual);
}

static bool read_result_goal(const struct ytree_reader *r, const struct ytree_node *m, void *dst)
{
	struct fu_result_goal *g = dst;
	return ytree_map_of(r, m, result_goal_keys, "resultatmål") &&
	       rd_text(r, m, "text", false, &g->text) && rd_source(r, m, &g->source) &&
	       rd_goal_measure(r, m, g) && rd_goal_survey(r, m, g) &&
	       rd_measured(r, m, "mål", g->measure, &g->has_target, &g->target) &&
	       rd_direction(r, m, &g->at_most) && rd_goal_actual(r, m, g) &&
	       rd_text(r, m, "avvikelse", false, &g->deviation) && rd_status(r, m, &g->status);
}

static const struct ytree_key activity_keys[] = {
	{ "namn", true },
	{ "beskrivning", false },
	{ "deltagare", false },
	{ NULL, false },
};

static bool read_activity(const struct ytree_reader *r, const struct ytree_node *m, void *dst)
{
	struct fu_activity *a = dst;
	a->attendees = FU_NONE;
	return ytree_map_of(r, m, activity_keys, "delaktiviteter") &&
	       rd_text(r, m, "namn", false, &a->name) &&
	       rd_text(r, m, "beskrivning", false, &a->description) &&
	       rd_count(r, m, "deltagare", &a->attendees);
}

static const struct ytree_key intervention_keys[] = {
	{ "kod", true },
	{ "namn", true },
	{ "slag", true },
	{ "ägare", false },
	{ "start", false },
	{ "slut", false },
	{ "esf", false },
	{ "budgetgrupp", false },
	{ "typ", false },
	{ "syfte", false },
	{ "målgrupp", false },
	{ "målgruppstaggar", false },
	{ "bemanning", false },
	{ "resultatmål", false },
	{ "delaktiviteter", false },
	{ "genomförda_aktiviteter", false },
	{ "kostnadseffektivitet", false },
	{ "samverkanseffekter", false },
	{ "framåtspaning", false },
	{ "utvärdering", false },
	{ NULL, false },
};

/* From kod to målgruppstaggar. */
static bool rd_iv_head(const struct ytree_reader *r, const struct ytree_node *m,
		       struct fu_intervention *iv)
{
	return rd_text(r, m, "kod", false, &iv->code) && rd_text(r, m, "namn", false, &iv->name) &&
	       rd_kind(r, m, &iv->kind) && rd_text(r, m, "ägare", false, &iv->owner) &&
	       rd_date(r, m, "start", &iv->start) && rd_date(r, m, "slut", &iv->end) &&
	       ytree_flag(r, m, "esf", &iv->esf) &&
	       rd_text(r, m, "budgetgrupp", false, &iv->budget_group) &&
	       rd_text(r, m, "typ", false, &iv->summary) &&
	       rd_text(r, m, "syfte", false, &iv->purpose) &&
	       rd_text(r, m, "målgrupp", false, &iv->target_group) &&
	       rd_texts(r, m, "målgruppstaggar", &iv->tags, &iv->ntags);
}

/* bemanning, resultatmål, delaktiviteter. */
static bool rd_iv_lists(const struct ytree_reader *r, const struct ytree_node *m,
			struct fu_intervention *iv)
{
	void *staff = NULL, *goals = NULL, *activities = NULL;
	bool ok =
	    ytree_list(r, m, "bemanning", sizeof *iv->staff, read_staff, &staff, &iv->nstaff) &&
	    ytree_list(r, m, "resultatmål", sizeof *iv->goals, read_result_goal, &goals,
		       &iv->ngoals) &&
	    ytree_list(r, m, "delaktiviteter", sizeof *iv->activities, read_activity, &activities,
		       &iv->nactivities);
	iv->staff = staff;
	iv->goals = goals;
	iv->activities = activities;
	return ok;
}

/* The card's free text. */
static bool rd_iv_card(const struct ytree_reader *r, const struct ytree_node *m,
		       struct fu_intervention *iv)
{
	return rd_text(r, m, "genomförda_aktiviteter", false, &iv->done) &&
	       rd_text(r, m, "kostnadseffektivitet", false, &iv->cost_effect) &&
	       rd_text(r, m, "samverkanseffekter", false, &iv->cooperation) &&
	       rd_text(r, m, "framåtspaning", false, &iv->outlook) &&
	       rd_text(r, m, "utvärdering", false, &iv->evaluation);
}

static bool read_intervention(const struct ytree_reader *r, const struct ytree_node *m, void *dst)
{
	struct fu_intervention *iv = dst;
	return ytree_map_of(r, m, intervention_keys, "insatser") && rd_iv_head(r, m, iv) &&
	       rd_iv_lists(r, m, iv) && rd_iv_card(r, m, iv);
}

/* ---- statistics ---------------------------------------------------------------------- */

static const struct ytree_key survey_keys[] = {
	{ "namn", true },
	{ "medel", false },
	{ "svar", false },
	{ NULL, false },
};

static bool read_survey(const struct ytree_reader *r, const struct ytree_node *m, void *dst)
{
	struct fu_survey *s = dst;
	s->mean = s->answers = FU_NONE;
	return ytree_map_of(r, m, survey_keys, "enkäter") &&
	       rd_text(r, m, "namn", true, &s->name) && rd_mean(r, m, "medel", &s->mean) &&
	       rd_count(r, m, "svar", &s->answers);
}

static const struct ytree_key stats_keys[] = {
	{ "insats", true },       { "period", true },      { "totalt", false },
	{ "nya", false },         { "pågående", false },   { "avslutade", false },
	{ "planerade", false },   { "på_väg_in", false },  { "kvinnor", false },
	{ "män", false },         { "annat_okänt", false }, { "avslut", false },
	{ "ålder", false },       { "försörjning", false }, { "enkäter", false },
	{ "ofullständigt", false }, { "kommentar", false }, { NULL, false },
};

static bool rd_stats_counts(const struct ytree_reader *r, const struct ytree_node *m,
			    struct fu_stats *s)
{
	return rd_count(r, m, "totalt", &s->total) && rd_count(r, m, "nya", &s->new_) &&
	       rd_count(r, m, "pågående", &s->ongoing) && rd_count(r, m, "avslutade", &s->ended) &&
	       rd_count(r, m, "planerade", &s->planned) &&
	       rd_count(r, m, "på_väg_in", &s->waiting) && rd_count(r, m, "kvinnor", &s->women) &&
	       rd_count(r, m, "män", &s->men) && rd_count(r, m, "annat_okänt", &s->other);
}

static bool rd_stats_breakdowns(const struct ytree_reader *r, const struct ytree_node *m,
				struct fu_stats *s)
{
	void *surveys = NULL;
	bool ok = rd_counts(r, m, "avslut", &s->outcomes, &s->noutcomes) &&
		  rd_counts(r, m, "ålder", &s->ages, &s->nages) &&
		  rd_counts(r, m, "försörjning", &s->incomes, &s->nincomes) &&
		  ytree_list(r, m, "enkäter", sizeof *s->surveys, read_survey, &surveys,
			  &s->nsurveys);
	s->surveys = surveys;
	return ok;
}

static bool read_stats(const struct ytree_reader *r, const struct ytree_node *m, void *dst)
{
	struct fu_stats *s = dst;
	fu_stats_init(s);
	return ytree_map_of(r, m, stats_keys, "statistik") &&
	       rd_text(r, m, "insats", true, &s->intervention) &&
	       rd_period(r, m, &s->from, &s->to) && rd_stats_counts(r, m, s) &&
	       rd_stats_breakdowns(r, m, s) && rd_parts(r, m, &s->incomplete) &&
	       rd_text(r, m, "kommentar", true, &s->comment);
}

/* ---- goals --------------------------------------------------------------------------- */

static const struct ytree_key goal_keys[] = {
	{ "text", true },      { "aktiviteter", false },  { "utfall", false },
	{ "status", false },   { "målvärde", false },     { "utfallsvärde", false },
	{ "enhet", false },    { NULL, false },
};

static bool read_goal(const struct ytree_reader *r, const struct ytree_node *m, void *dst)
{
	struct fu_goal *g = dst;
	return ytree_map_of(r, m, goal_keys, "mål") && rd_text(r, m, "text", false, &g->text) &&
	       rd_text(r, m, "aktiviteter", false, &g->activities) &&
	       rd_text(r, m, "utfall", false, &g->outcome) && rd_status(r, m, &g->status) &&
	       rd_integer(r, m, "målvärde", &g->has_target, &g->target) &&
	       rd_integer(r, m, "utfallsvärde", &g->has_actual, &g->actual) &&
	       rd_text(r, m, "enhet", false, &g->unit);
}

static const struct ytree_key area_keys[] = {
	{ "namn", true },
	{ "mål", false },
	{ NULL, false },
};

static bool read_area(const struct ytree_reader *r, const struct ytree_node *m, void *dst)
{
	struct fu_goal_area *a = dst;
	void *goals = NULL;
	bool ok = ytree_map_of(r, m, area_keys, "målområden") &&
		  rd_text(r, m, "namn", false, &a->name) &&
		  ytree_list(r, m, "mål", sizeof *a->goals, read_goal, &goals, &a->ngoals);
	a->goals = goals;
	return ok;
}

/* ---- the document -------------------------------------------------------------------- */

static const struct ytree_key doc_keys[] = {
	{ "publiceringsgräns", false }, { "utfallskategorier", false }, { "insatser", false },
	{ "statistik", false },         { "målområden", false },        { NULL, false },
};

static bool read_doc(const struct ytree_reader *r, const struct ytree_node *root,
		     struct followup_doc *d)
{
	if (!root || root->null)
		return true;
	if (!ytree_map_of(r, root, doc_keys, NULL))
		return false;
	d->has_threshold = ytree_get(root, "publiceringsgräns") != NULL;
	void *cats = NULL, *ivs = NULL, *stats = NULL, *areas = NULL;
	bool ok =
	    rd_count(r, root, "publiceringsgräns", &d->threshold) &&
	    ytree_list(r, root, "utfallskategorier", sizeof *d->categories, read_category, &cats,
		       &d->ncategories) &&
	    ytree_list(r, root, "insatser", sizeof *d->interventions, read_intervention, &ivs,
		       &d->ninterventions) &&
	    ytree_list(r, root, "statistik", sizeof *d->stats, read_stats, &stats, &d->nstats) &&
	    ytree_list(r, root, "målområden", sizeof *d->areas, read_area, &areas, &d->nareas);
	d->categories = cats;
	d->interventions = ivs;
	d->stats = stats;
	d->areas = areas;
	return ok;
}

/* What a file over FU_YAML_MAX is told, from memory or from disk. */
#define TOO_BIG "filen är större än 16777216 byte"
_Static_assert(FU_YAML_MAX == 16777216, "TOO_BIG names FU_YAML_MAX");

bool fu_yaml_read(const char *text, size_t len, const char *name, struct followup_doc *out,
		  struct error *err)
{
	followup_doc_init(out);
	struct ytree_reader r = {
		.name = name ? name : "-",
		.text = text,
		.len = len,
		.err = err,
		.in_what = "i uppföljningsfilen",
		.text_max = FU_TEXT_MAX,
		.shown = shown,
	};
	if (len > FU_YAML_MAX) {
		error_set_at(err, ERR_INPUT, r.name, 0, "%s", TOO_BIG);
		return false;
	}
	struct ytree t;
	bool ok = ytree_parse(&t, &r) && read_doc(&r, ytree_root(&t), out);
	ytree_free(&t);
	return ok;
}

bool fu_yaml_read_file(const char *path, struct followup_doc *out, struct error *err)
{
	followup_doc_init(out);
	char *text = NULL;
	size_t len = 0;
	bool ok = file_read_all(path, FU_YAML_MAX, TOO_BIG, &text, &len, err) &&
		  fu_yaml_read(text, len, path, out, err);
	free(text);
	return ok;
}

/* ---- writing ------------------------------------------------------------------------- */

struct wr {
	yaml_emitter_t em;
	struct buf out;
	bool ok;
	const char *problem; /* what went wrong, when not the emitter's */
};

static int collect(void *data, unsigned char *bytes, size_t size)
{
	return buf_append(data, bytes, size);
}

/* Emit an event made by an initialize call that returned `made`. */
static void emit(struct wr *w, yaml_event_t *ev, int made)
{
	if (!made) {
		if (w->ok)
			w->problem = "en text är inte giltig UTF-8";
		w->ok = false;
	} else if (!w->ok) {
		yaml_event_delete(ev);
	} else if (!yaml_emitter_emit(&w->em, ev)) {
		w->ok = false;
	}
}

static void w_scalar(struct wr *w, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	int made = yaml_scalar_event_initialize(&ev, NULL, NULL, (const yaml_char_t *)s,
						(int)strlen(s), 1, 1, style);
	emit(w, &ev, made);
}

static void w_plain(struct wr *w, const char *s)
{
	w_scalar(w, s, YAML_PLAIN_SCALAR_STYLE);
}

/* Whether a text written plain would be read as something else by YAML
 * 1.1 tools: empty, null, a boolean, a number, a date or a merge key. */
static bool looks_typed(const char *s)
{
	static const char *const words[] = {
		"~",    "null", "Null", "NULL", "y",     "Y",     "yes",   "Yes", "YES",
		"n",    "N",    "no",   "No",   "NO",    "true",  "True",  "TRUE", "false",
		"False", "FALSE", "on", "On",   "ON",    "off",   "Off",   "OFF", "=",
		"<<",
	};
	if (!*s)
		return true;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	if (!strchr("0123456789+-.", s[0]))
		return false;
	return s[0] == '.' || strspn(s, "0123456789+-.,_:eExXoObBaAcCdDfF") == strlen(s);
}

/* Whether s holds a line break other than '\n' (NEL, LS, PS), which YAML
 * reads as a break but editors may not show as one. */
static bool odd_break(const char *s)
{
	return strstr(s, "\xC2\x85") || strstr(s, "\xE2\x80\xA8") || strstr(s, "\xE2\x80\xA9");
}

/* A text value: a literal block when it has several lines, quoted (with
 * escapes) when it could be taken for something else or has an odd line
 * break, else as the emitter finds best. */
static void w_textv(struct wr *w, const char *s)
{
	yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
	if (odd_break(s) || looks_typed(s))
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	else if (strchr(s, '\n'))
		style = YAML_LITERAL_SCALAR_STYLE;
	w_scalar(w, s, style);
}

static void w_map(struct wr *w)
{
	yaml_event_t ev;
	emit(w, &ev,
	     yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
}

static void w_end_map(struct wr *w)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_mapping_end_event_initialize(&ev));
}

static void w_seq(struct wr *w, bool flow)
{
	yaml_event_t ev;
	emit(w, &ev,
	     yaml_sequence_start_event_initialize(
		 &ev, NULL, NULL, 1, flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

static void w_end_seq(struct wr *w)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_sequence_end_event_initialize(&ev));
}

/* key: text, always (a required key). */
static void w_need(struct wr *w, const char *key, const char *s)
{
	w_plain(w, key);
	w_textv(w, s ? s : "");
}

/* key: text, left out when empty. */
static void w_text(struct wr *w, const char *key, const char *s)
{
	if (s && *s)
		w_need(w, key, s);
}

static void w_int(struct wr *w, const char *key, int64_t v)
{
	char s[24];
	snprintf(s, sizeof s, "%" PRId64, v);
	w_plain(w, key);
	w_plain(w, s);
}

static void w_count(struct wr *w, const char *key, int64_t v)
{
	if (v != FU_NONE)
		w_int(w, key, v);
}

/* Hundredths the Swedish way, decimals only when needed: "20", "12,5",
 * "3,25". */
static void w_hundredths(struct wr *w, const char *key, int64_t v)
{
	char s[32];
	const char *sign = v < 0 ? "-" : "";
	uint64_t a = v < 0 ? -(uint64_t)v : (uint64_t)v;
	if (a % 100 == 0)
		snprintf(s, sizeof s, "%s%" PRIu64, sign, a / 100);
	else if (a % 10 == 0)
		snprintf(s, sizeof s, "%s%" PRIu64 ",%" PRIu64, sign, a / 100, a % 100 / 10);
	else
		snprintf(s, sizeof s, "%s%" PRIu64 ",%02" PRIu64, sign, a / 100, a % 100);
	w_plain(w, key);
	w_plain(w, s);
}

static void w_measured(struct wr *w, const char *key, enum fu_measure m, int64_t v)
{
	if (m == FU_COUNT)
		w_int(w, key, v);
	else
		w_hundredths(w, key, v);
}

static void w_date(struct wr *w, const char *key, date_t d)
{
	char s[11];
	if (!d)
		return;
	w_plain(w, key);
	w_plain(w, date_format(d, s));
}

static void w_flag(struct wr *w, const char *key, bool v)
{
	w_plain(w, key);
	w_plain(w, v ? "ja" : "nej");
}

typedef void (*write_fn)(struct wr *w, const void *item);

/* key: a block list of n items of `size` bytes, left out when empty. */
static void w_list(struct wr *w, const char *key, const void *items, size_t n, size_t size,
		   write_fn fn)
{
	if (!n)
		return;
	w_plain(w, key);
	w_seq(w, false);
	for (size_t i = 0; i < n; i++)
		fn(w, (const char *)items + i * size);
	w_end_seq(w);
}

static void w_category(struct wr *w, const void *item)
{
	const struct fu_category *c = item;
	w_map(w);
	w_need(w, "namn", c->name);
	w_flag(w, "stegförflyttning", c->step);
	w_flag(w, "i_nämnaren", c->denominator);
	w_end_map(w);
}

static void w_staff(struct wr *w, const void *item)
{
	const struct fu_staff *s = item;
	w_map(w);
	w_need(w, "roll", s->role);
	w_text(w, "arbetsgivare", s->employer);
	if (s->percent_bp != FU_NONE)
		w_hundredths(w, "procent", s->percent_bp);
	w_date(w, "från", s->from);
	w_date(w, "till", s->to);
	w_text(w, "not", s->note);
	w_end_map(w);
}

static void w_result_goal(struct wr *w, const void *item)
{
	const struct fu_result_goal *g = item;
	w_map(w);
	w_need(w, "text", g->text);
	w_need(w, "mått", fu_measure_name(g->measure));
	w_need(w, "källa", fu_source_name(g->source));
	w_text(w, "enkät", g->survey);
	if (g->has_target)
		w_measured(w, "mål", g->measure, g->target);
	if (g->at_most)
		w_need(w, "riktning", "högst");
	if (g->has_actual)
		w_measured(w, "utfall", g->measure, g->actual);
	w_text(w, "avvikelse", g->deviation);
	w_text(w, "status", fu_status_name(g->status));
	w_end_map(w);
}

static void w_activity(struct wr *w, const void *item)
{
	const struct fu_activity *a = item;
	w_map(w);
	w_need(w, "namn", a->name);
	w_text(w, "beskrivning", a->description);
	w_count(w, "deltagare", a->attendees);
	w_end_map(w);
}

static void w_tags(struct wr *w, char *const *tags, size_t n)
{
	if (!n)
		return;
	w_plain(w, "målgruppstaggar");
	w_seq(w, true);
	for (size_t i = 0; i < n; i++)
		w_textv(w, tags[i] ? tags[i] : "");
	w_end_seq(w);
}

static void w_intervention(struct wr *w, const void *item)
{
	const struct fu_intervention *iv = item;
	w_map(w);
	w_need(w, "kod", iv->code);
	w_need(w, "namn", iv->name);
	w_need(w, "slag", fu_kind_name(iv->kind));
	w_text(w, "ägare", iv->owner);
	w_date(w, "start", iv->start);
	w_date(w, "slut", iv->end);
	if (iv->esf)
		w_flag(w, "esf", true);
	w_text(w, "budgetgrupp", iv->budget_group);
	w_text(w, "typ", iv->summary);
	w_text(w, "syfte", iv->purpose);
	w_text(w, "målgrupp", iv->target_group);
	w_tags(w, iv->tags, iv->ntags);
	w_list(w, "bemanning", iv->staff, iv->nstaff, sizeof *iv->staff, w_staff);
	w_list(w, "resultatmål", iv->goals, iv->ngoals, sizeof *iv->goals, w_result_goal);
	w_list(w, "delaktiviteter", iv->activities, iv->nactivities, sizeof *iv->activities,
	       w_activity);
	w_text(w, "genomförda_aktiviteter", iv->done);
	w_text(w, "kostnadseffektivitet", iv->cost_effect);
	w_text(w, "samverkanseffekter", iv->cooperation);
	w_text(w, "framåtspaning", iv->outlook);
	w_text(w, "utvärdering", iv->evaluation);
	w_end_map(w);
}

/* key: a mapping of labels to counts, left out when empty. */
static void w_counts(struct wr *w, const char *key, const struct fu_count *c, size_t n)
{
	if (!n)
		return;
	w_plain(w, key);
	w_map(w);
	for (size_t i = 0; i < n; i++) {
		char s[24];
		w_textv(w, c[i].label ? c[i].label : "");
		snprintf(s, sizeof s, "%" PRId64, c[i].count);
		w_plain(w, s);
	}
	w_end_map(w);
}

static void w_survey(struct wr *w, const void *item)
{
	const struct fu_survey *s = item;
	w_map(w);
	w_need(w, "namn", s->name);
	if (s->mean != FU_NONE)
		w_hundredths(w, "medel", s->mean);
	w_count(w, "svar", s->answers);
	w_end_map(w);
}

static void w_parts(struct wr *w, unsigned parts)
{
	if (!parts)
		return;
	w_plain(w, "ofullständigt");
	w_seq(w, true);
	for (unsigned bit = 1; bit <= FU_PART_SURVEY; bit <<= 1)
		if (parts & bit)
			w_plain(w, fu_part_name((enum fu_part)bit));
	w_end_seq(w);
}

static void w_stats(struct wr *w, const void *item)
{
	const struct fu_stats *s = item;
	char period[FU_PERIOD_MAX];
	w_map(w);
	w_need(w, "insats", s->intervention);
	w_need(w, "period", fu_period_format(s->from, s->to, period));
	w_count(w, "totalt", s->total);
	w_count(w, "nya", s->new_);
	w_count(w, "pågående", s->ongoing);
	w_count(w, "avslutade", s->ended);
	w_count(w, "planerade", s->planned);
	w_count(w, "på_väg_in", s->waiting);
	w_count(w, "kvinnor", s->women);
	w_count(w, "män", s->men);
	w_count(w, "annat_okänt", s->other);
	w_counts(w, "avslut", s->outcomes, s->noutcomes);
	w_counts(w, "ålder", s->ages, s->nages);
	w_counts(w, "försörjning", s->incomes, s->nincomes);
	w_list(w, "enkäter", s->surveys, s->nsurveys, sizeof *s->surveys, w_survey);
	w_parts(w, s->incomplete);
	w_text(w, "kommentar", s->comment);
	w_end_map(w);
}

static void w_goal(struct wr *w, const void *item)
{
	const struct fu_goal *g = item;
	w_map(w);
	w_need(w, "text", g->text);
	w_text(w, "aktiviteter", g->activities);
	w_text(w, "utfall", g->outcome);
	w_text(w, "status", fu_status_name(g->status));
	if (g->has_target)
		w_int(w, "målvärde", g->target);
	if (g->has_actual)
		w_int(w, "utfallsvärde", g->actual);
	w_text(w, "enhet", g->unit);
	w_end_map(w);
}

static void w_area(struct wr *w, const void *item)
{
	const struct fu_goal_area *a = item;
	w_map(w);
	w_need(w, "namn", a->name);
	w_list(w, "mål", a->goals, a->ngoals, sizeof *a->goals, w_goal);
	w_end_map(w);
}

static void w_doc(struct wr *w, const struct followup_doc *d)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	emit(w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	w_map(w);
	if (d->has_threshold)
		w_int(w, "publiceringsgräns", d->threshold);
	w_list(w, "utfallskategorier", d->categories, d->ncategories, sizeof *d->categories,
	       w_category);
	w_list(w, "insatser", d->interventions, d->ninterventions, sizeof *d->interventions,
	       w_intervention);
	w_list(w, "statistik", d->stats, d->nstats, sizeof *d->stats, w_stats);
	w_list(w, "målområden", d->areas, d->nareas, sizeof *d->areas, w_area);
	w_end_map(w);
	emit(w, &ev, yaml_document_end_event_initialize(&ev, 1));
	emit(w, &ev, yaml_stream_end_event_initialize(&ev));
}

/* The header line and the emitted text to f. */
static bool put(FILE *f, const struct buf *b, struct error *err)
{
	if (fputs(HEADER, f) < 0 || (b->len && fwrite(b->data, 1, b->len, f) != b->len) ||
	    fflush(f) != 0 || ferror(f)) {
		error_set(err, ERR_INTERNAL, "kan inte skriva uppföljningen: %s", strerror(errno));
		return false;
	}
	return true;
}

bool fu_yaml_write(FILE *f, const struct followup_doc *doc, struct error *err)
{
	struct wr w = { .ok = true };
	buf_init(&w.out, 0);
	if (!yaml_emitter_initialize(&w.em)) {
		error_set(err, ERR_INTERNAL, "kan inte starta YAML-skrivaren");
		return false;
	}
	yaml_emitter_set_output(&w.em, collect, &w.out);
	yaml_emitter_set_unicode(&w.em, 1);
	yaml_emitter_set_width(&w.em, -1);
	yaml_emitter_set_indent(&w.em, 2);
	yaml_emitter_set_break(&w.em, YAML_LN_BREAK);
	w_doc(&w, doc);
	bool ok = w.ok && yaml_emitter_flush(&w.em);
	if (!ok)
		error_set(err, ERR_INTERNAL, "kan inte skriva uppföljningen som YAML: %s",
			  w.problem ? w.problem : w.em.problem ? w.em.problem : "okänt fel");
	yaml_emitter_delete(&w.em);
	ok = ok && put(f, &w.out, err);
	buf_free(&w.out);
	return ok;
}
