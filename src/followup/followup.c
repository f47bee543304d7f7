/*
 * followup — the model's small shared parts: freeing, the names of kinds,
 * measures, sources, statuses and parts, the default outcome categories,
 * periods, and the personnummer check. See followup.h.
 */
#include "followup/followup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- freeing ------------------------------------------------------------------------- */

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void free_counts(struct fu_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].label);
	free(c);
}

void fu_intervention_free(struct fu_intervention *iv)
{
	if (!iv)
		return;
	free(iv->code);
	free(iv->name);
	free(iv->owner);
	free(iv->budget_group);
	free(iv->summary);
	free(iv->purpose);
	free(iv->target_group);
	free_strings(iv->tags, iv->ntags);
	for (size_t i = 0; i < iv->nstaff; i++) {
		free(iv->staff[i].role);
		free(iv->staff[i].employer);
		free(iv->staff[i].note);
	}
	free(iv->staff);
	for (size_t i = 0; i < iv->ngoals; i++) {
		free(iv->goals[i].text);
		free(iv->goals[i].survey);
		free(iv->goals[i].deviation);
	}
	free(iv->goals);
	for (size_t i = 0; i < iv->nactivities; i++) {
		free(iv->activities[i].name);
		free(iv->activities[i].description);
	}
	free(iv->activities);
	free(iv->done);
	free(iv->cost_effect);
	free(iv->cooperation);
	free(iv->outlook);
	free(iv->evaluation);
	memset(iv, 0, sizeof *iv);
}

void fu_stats_init(struct fu_stats *s)
{
	memset(s, 0, sizeof *s);
	s->total = s->new_ = s->ongoing = s->ended = FU_NONE;
	s->planned = s->waiting = FU_NONE;
	s->women = s->men = s->other = FU_NONE;
}

void fu_stats_free(struct fu_stats *s)
{
	if (!s)
		return;
	free(s->intervention);
	free_counts(s->outcomes, s->noutcomes);
	free_counts(s->ages, s->nages);
	free_counts(s->incomes, s->nincomes);
	for (size_t i = 0; i < s->nsurveys; i++)
		free(s->surveys[i].name);
	free(s->surveys);
	free(s->comment);
	fu_stats_init(s);
}

void fu_goal_area_free(struct fu_goal_area *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->ngoals; i++) {
		free(a->goals[i].text);
		free(a->goals[i].activities);
		free(a->goals[i].outcome);
		free(a->goals[i].unit);
	}
	free(a->goals);
	free(a->name);
	memset(a, 0, sizeof *a);
}

void followup_doc_init(struct followup_doc *d)
{
	memset(d, 0, sizeof *d);
}

void followup_doc_free(struct followup_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->ncategories; i++)
		free(d->categories[i].name);
	free(d->categories);
	for (size_t i = 0; i < d->ninterventions; i++)
		fu_intervention_free(&d->interventions[i]);
	free(d->interventions);
	for (size_t i = 0; i < d->nstats; i++)
		fu_stats_free(&d->stats[i]);
	free(d->stats);
	for (size_t i = 0; i < d->nareas; i++)
		fu_goal_area_free(&d->areas[i]);
	free(d->areas);
	followup_doc_init(d);
}

/* ---- queries ------------------------------------------------------------------------ */

const struct fu_intervention *followup_doc_intervention(const struct followup_doc *d,
							const char *code)
{
	for (size_t i = 0; i < d->ninterventions; i++)
		if (strcmp(d->interventions[i].code, code) == 0)
			return &d->interventions[i];
	return NULL;
}

const struct fu_stats *followup_doc_stats(const struct followup_doc *d, const char *code,
					  date_t from, date_t to)
{
	for (size_t i = 0; i < d->nstats; i++) {
		const struct fu_stats *s = &d->stats[i];
		if (strcmp(s->intervention, code) == 0 && s->from == from && s->to == to)
			return s;
	}
	return NULL;
}

bool followup_doc_latest(const struct followup_doc *d, const char *code, date_t first,
			 date_t last, date_t *from, date_t *to)
{
	bool any = false;
	for (size_t i = 0; i < d->nstats; i++) {
		const struct fu_stats *s = &d->stats[i];
		if ((code && strcmp(s->intervention, code) != 0) || (first && s->to < first) ||
		    (last && s->to > last))
			continue;
		if (!any || s->to > *to || (s->to == *to && s->from < *from)) {
			*from = s->from;
			*to = s->to;
		}
		any = true;
	}
	return any;
}

int64_t fu_staff_total(const struct fu_intervention *iv, date_t day)
{
	int64_t sum = 0;
	for (size_t i = 0; i < iv->nstaff; i++) {
		const struct fu_staff *s = &iv->staff[i];
		if (s->percent_bp != FU_NONE && (!s->from || s->from <= day) &&
		    (!s->to || s->to >= day))
			sum += s->percent_bp;
	}
	return sum;
}

/* ---- names --------------------------------------------------------------------------- */

/* The index of s in names[0..n), or -1. */
static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return i;
	return -1;
}

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const kind_names[] = { "individinriktad", "strukturövergripande" };
static const char *const measure_names[] = { "antal", "procent", "medel" };
static const char *const source_names[] = {
	"utfall", "deltagare", "nya", "pågående", "avslutade", "stegförflyttning", "enkät", "budget",
};
static const char *const status_names[] = { "", "uppnått", "delvis", "ej uppnått",
					    "kan ej bedömas" };
static const char *const status_codes[] = { "", "met", "partly", "not_met", "unknown" };
static const char *const status_colours[] = { "", "grön", "gul", "röd", "grå" };
static const char *const part_names[] = { "kön", "utfall", "ålder", "försörjning", "status",
					  "enkät" };

const char *fu_kind_name(enum fu_kind k)
{
	return kind_names[k];
}

bool fu_kind_parse(const char *s, enum fu_kind *out)
{
	int i = name_index(kind_names, COUNT(kind_names), s);
	if (i < 0)
		return false;
	*out = (enum fu_kind)i;
	return true;
}

const char *fu_measure_name(enum fu_measure m)
{
	return measure_names[m];
}

bool fu_measure_parse(const char *s, enum fu_measure *out)
{
	int i = name_index(measure_names, COUNT(measure_names), s);
	if (i < 0)
		return false;
	*out = (enum fu_measure)i;
	return true;
}

const char *fu_source_name(enum fu_source s)
{
	return source_names[s];
}

bool fu_source_parse(const char *s, enum fu_source *out)
{
	int i = name_index(source_names, COUNT(source_names), s);
	if (i < 0)
		return false;
	*out = (enum fu_source)i;
	return true;
}

const char *fu_status_name(enum fu_status s)
{
	return status_names[s];
}

bool fu_status_parse(const char *s, enum fu_status *out)
{
	/* "delvis uppnått" is what people write beside the short form. */
	if (strcmp(s, "delvis uppnått") == 0) {
		*out = FU_ST_PARTLY;
		return true;
	}
	int i = name_index(status_names + 1, COUNT(status_names) - 1, s);
	if (i < 0)
		return false;
	*out = (enum fu_status)(i + 1);
	return true;
}

const char *fu_status_code(enum fu_status s)
{
	return status_codes[s];
}

const char *fu_status_colour(enum fu_status s)
{
	return status_colours[s];
}

const char *fu_part_name(enum fu_part p)
{
	for (int i = 0; i < COUNT(part_names); i++)
		if ((unsigned)p == 1u << i)
			return part_names[i];
	return "";
}

bool fu_part_parse(const char *s, enum fu_part *out)
{
	int i = name_index(part_names, COUNT(part_names), s);
	if (i < 0)
		return false;
	*out = (enum fu_part)(1u << i);
	return true;
}

/* ---- categories ---------------------------------------------------------------------- */

/* The national system's outcomes at exit; the first four are steps
 * towards work or studies, and "övrigt" (moved, died, unknown) says
 * nothing about the intervention, so it is left out of the denominator. */
static const struct fu_category default_categories[] = {
	{ (char *)"arbete", true, true },
	{ (char *)"studier", true, true },
	{ (char *)"arbetssökande", true, true },
	{ (char *)"gemensam kartläggning", true, true },
	{ (char *)"åter remittent", false, true },
	{ (char *)"sjukersättning", false, true },
	{ (char *)"övrigt", false, false },
};

const struct fu_category *fu_default_categories(size_t *n)
{
	*n = sizeof default_categories / sizeof default_categories[0];
	return default_categories;
}

/* ---- periods ------------------------------------------------------------------------- */

char *fu_period_format(date_t from, date_t to, char *buf)
{
	int y = from / 10000;
	if (to / 10000 == y && from % 10000 == 101 && to % 10000 == 1231)
		snprintf(buf, FU_PERIOD_MAX, "%04d", y);
	else if (to / 10000 == y && from % 10000 == 101 && to % 10000 == 630)
		snprintf(buf, FU_PERIOD_MAX, "%04dH1", y);
	else if (to / 10000 == y && from % 10000 == 701 && to % 10000 == 1231)
		snprintf(buf, FU_PERIOD_MAX, "%04dH2", y);
	else {
		char a[11], b[11];
		snprintf(buf, FU_PERIOD_MAX, "%s..%s", date_format(from, a), date_format(to, b));
	}
	return buf;
}

/* An ISO date of exactly n bytes. */
static bool iso_date(const char *s, size_t n, date_t *out)
{
	bool iso = false;
	return n == 10 && date_parse(s, n, out, &iso) && iso;
}

bool fu_period_parse(const char *s, date_t *from, date_t *to)
{
	size_t n = strlen(s);
	const char *dots = strstr(s, "..");
	if (dots) {
		if (!iso_date(s, (size_t)(dots - s), from) ||
		    !iso_date(dots + 2, n - (size_t)(dots - s) - 2, to))
			return false;
		return *to >= *from;
	}
	if (n != 4 && n != 6)
		return false;
	int y = 0;
	for (size_t i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		y = y * 10 + (s[i] - '0');
	}
	if (y < 1900 || y > 2999)
		return false;
	if (n == 4) {
		*from = y * 10000 + 101;
		*to = y * 10000 + 1231;
		return true;
	}
	if ((s[4] != 'H' && s[4] != 'h') || (s[5] != '1' && s[5] != '2'))
		return false;
	*from = y * 10000 + (s[5] == '1' ? 101 : 701);
	*to = y * 10000 + (s[5] == '1' ? 630 : 1231);
	return true;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ---- numbers ------------------------------------------------------------------------- */

bool fu_whole_parse(const char *s, int64_t max, int64_t *out)
{
	int64_t v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (!is_digit(*s))
			return false;
		v = v * 10 + (*s - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

bool fu_integer_parse(const char *s, int64_t *out)
{
	bool minus = *s == '-';
	int64_t v;
	if (!fu_whole_parse(s + minus, 999999999999999, &v))
		return false;
	*out = minus ? -v : v;
	return true;
}

bool fu_hundredths_parse(const char *s, size_t n, int64_t *out)
{
	size_t i = 0;
	int64_t v = 0, frac = 0;
	for (; i < n && is_digit(s[i]); i++) {
		if (i == 12)
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (i == 0)
		return false;
	size_t decimals = 0;
	if (i < n && (s[i] == ',' || s[i] == '.')) {
		for (i++; i < n && is_digit(s[i]); i++, decimals++) {
			if (decimals == 2)
				return false;
			frac = frac * 10 + (s[i] - '0');
		}
		if (decimals == 0)
			return false;
	}
	if (i != n)
		return false;
	*out = v * 100 + (decimals == 1 ? frac * 10 : frac);
	return true;
}

/* ---- personnummer -------------------------------------------------------------------- */

/* Two digits at p as a number. */
static int two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* Whether the 6 digits at p are a plausible YYMMDD (day + 60 for a
 * co-ordination number). */
static bool plausible_date(const char *p)
{
	int m = two(p + 2), d = two(p + 4);
	if (m < 1 || m > 12)
		return false;
	if (d > 60)
		d -= 60;
	return d >= 1 && d <= 31;
}

/* Whether a personnummer starts at s[i], digits counted from there. */
static bool personal_at(const char *s, size_t i, size_t len)
{
	size_t run = 0;
	while (i + run < len && is_digit(s[i + run]))
		run++;
	/* The date part: 6 or 8 digits, followed by a separator and 4
	 * digits, or 10 or 12 digits in one run. */
	size_t date_len;
	if (run == 10 || run == 12)
		date_len = run - 4;
	else if (run == 6 || run == 8)
		date_len = run;
	else
		return false;
	const char *d = s + i + date_len - 6;
	if (date_len == 8 && !(two(s + i) == 19 || two(s + i) == 20))
		return false;
	if (!plausible_date(d))
		return false;
	if (run == 10 || run == 12)
		return true;
	size_t j = i + run;
	if (j < len && (s[j] == '-' || s[j] == '+' || s[j] == ' '))
		j++;
	size_t tail = 0;
	while (j + tail < len && is_digit(s[j + tail]))
		tail++;
	return tail == 4;
}

bool fu_text_personal(const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len; i++) {
		if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1])))
			continue;
		if (personal_at(s, i, len))
			return true;
	}
	return false;
}
