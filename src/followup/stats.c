/*
 * stats — participant statistics: the outcome categories in force, the
 * checks of a record (fu_stats_check), the shares derived from it
 * (fu_stats_derive) and the publishing rule that hides small counts
 * (fu_publish). The contract is the comment of stats.h; what it leaves open
 * is settled in the comments here.
 *
 * Everything is integer arithmetic: counts are int64_t and shares are
 * basis points rounded half away from zero (money_scale).
 */
#include "followup/stats.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/money.h"
#include "util/xalloc.h"

/* ---- categories ---------------------------------------------------------------------- */

/* The index of the category called name, or -1. */
static long category_index(const struct fu_categories *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->items[i].name, name) == 0)
			return (long)i;
	return -1;
}

void fu_categories_build(struct fu_categories *out, const struct fu_category *own, size_t n)
{
	size_t nd;
	const struct fu_category *def = fu_default_categories(&nd);
	out->items = xcalloc(nd + n, sizeof *out->items);
	out->n = 0;
	for (size_t i = 0; i < nd; i++) {
		out->items[out->n] = def[i];
		out->items[out->n].name = xstrdup(def[i].name);
		out->n++;
	}
	for (size_t i = 0; i < n; i++) {
		if (!own[i].name)
			continue;
		/* One named like a category already there (a default, or an
		 * earlier one of the förbund's) changes its flags in place. */
		long at = category_index(out, own[i].name);
		if (at >= 0) {
			out->items[at].step = own[i].step;
			out->items[at].denominator = own[i].denominator;
			continue;
		}
		out->items[out->n] = own[i];
		out->items[out->n].name = xstrdup(own[i].name);
		out->n++;
	}
}

void fu_categories_free(struct fu_categories *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->items[i].name);
	free(c->items);
	c->items = NULL;
	c->n = 0;
}

const struct fu_category *fu_categories_find(const struct fu_categories *c, const char *name)
{
	long at = category_index(c, name);
	return at < 0 ? NULL : &c->items[at];
}

/* ---- findings ------------------------------------------------------------------------ */

void fu_findings_free(struct fu_findings *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		free(f->items[i].field);
		free(f->items[i].text);
	}
	free(f->items);
	memset(f, 0, sizeof *f);
}

/* Append a finding; takes field and text. */
static void add_finding(struct fu_findings *f, bool warning, char *field, char *text)
{
	f->items = xgrow(f->items, &f->cap, f->n + 1, sizeof *f->items);
	f->items[f->n].warning = warning;
	f->items[f->n].field = field;
	f->items[f->n].text = text;
	f->n++;
	if (!warning)
		f->errors++;
}

/* Append a finding with a formatted text. */
static void report(struct fu_findings *f, bool warning, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(struct fu_findings *f, bool warning, const char *field, const char *fmt, ...)
{
	struct buf b = BUF_INIT(0);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char *text = buf_take(&b);
	add_finding(f, warning, xstrdup(field), text ? text : xstrdup(""));
}

/* ---- checks -------------------------------------------------------------------------- */

#define PERSONAL_TAIL \
	"innehåller något som ser ut som ett personnummer; deltagarstatistiken tar bara antal"
/* What stands for a label or a name that holds a personnummer, so that no
 * message or field name repeats it. */
#define HIDDEN_LABEL "(dold)"

static bool usable(int64_t v)
{
	return v >= 0 && v <= FU_COUNT_MAX;
}

/* A text of the record, "" for NULL. */
static const char *text_of(const char *s)
{
	return s ? s : "";
}

/* A text as messages may repeat it. */
static const char *safe_text(const char *s)
{
	return fu_text_personal(text_of(s)) ? HIDDEN_LABEL : text_of(s);
}

/* A count's range. FU_NONE (not reported) passes; returns whether v is
 * usable in the sums. `name` is how the message names it. */
static bool check_count(struct fu_findings *out, const char *field, const char *name, int64_t v)
{
	if (v == FU_NONE)
		return false;
	if (v < 0) {
		report(out, false, field, "%s är %lld; ett antal kan inte vara negativt", name,
		       (long long)v);
		return false;
	}
	if (v > FU_COUNT_MAX) {
		report(out, false, field, "%s är %lld; ett antal får vara högst 10 000 000", name,
		       (long long)v);
		return false;
	}
	return true;
}

/* A sum being written into a message: "a 1 + b 2". */
struct terms {
	struct buf b;
	size_t n;
	int64_t sum;
};

static void term(struct terms *t, const char *name, const char *sep, int64_t v)
{
	buf_printf(&t->b, "%s%s%s%lld", t->n ? " + " : "", name, sep, (long long)v);
	t->n++;
	t->sum += v;
}

/* Report the terms when they do not add up to `total`: "a 1 + b 2 = 3,
 * men totalt är 4" (without "= 3" for a single term). Frees the terms. */
static void check_sum(struct fu_findings *out, bool warning, const char *field, struct terms *t,
		      const char *total_name, int64_t total)
{
	if (t->sum != total) {
		if (t->n > 1)
			buf_printf(&t->b, " = %lld", (long long)t->sum);
		report(out, warning, field, "%s, men %s är %lld", buf_cstr(&t->b), total_name,
		       (long long)total);
	}
	buf_free(&t->b);
}

/* A mean in hundredths as "3,80". buf: 32 bytes. */
static const char *mean_text(int64_t v, char *buf)
{
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	snprintf(buf, 32, "%s%llu,%02llu", v < 0 ? "-" : "", (unsigned long long)(mag / 100),
		 (unsigned long long)(mag % 100));
	return buf;
}

/* One labelled breakdown: outcomes ("avslut", against `ended` and the
 * categories), age bands ("ålder") or sources of income ("försörjning"),
 * both against total. */
struct breakdown {
	const char *field;          /* "avslut" */
	const struct fu_count *items;
	size_t n;
	bool incomplete;            /* its sum check warns */
	const char *total_field;    /* "avslutade" */
	int64_t total;              /* FU_NONE when not given */
	bool total_usable;
	const struct fu_categories *cats; /* outcomes: labels must be categories */
};

static void check_breakdown(struct fu_findings *out, const struct breakdown *bd)
{
	bool all_usable = true;
	for (size_t i = 0; i < bd->n; i++) {
		const char *label = text_of(bd->items[i].label);
		bool personal = fu_text_personal(label);
		const char *shown = personal ? HIDDEN_LABEL : label;
		char *field = xasprintf("%s.%s", bd->field, shown);
		if (personal)
			report(out, false, bd->field, "etikett nr %zu i %s " PERSONAL_TAIL, i + 1,
			       bd->field);
		int64_t v = bd->items[i].count;
		if (v == FU_NONE) {
			report(out, false, field, "%s saknar antal", field);
			all_usable = false;
		} else if (!check_count(out, field, field, v)) {
			all_usable = false;
		}
		if (!personal && bd->cats && !fu_categories_find(bd->cats, label))
			report(out, false, field, "”%s” är ingen känd utfallskategori", label);
		for (size_t j = 0; j < i; j++) {
			if (strcmp(text_of(bd->items[j].label), label) == 0) {
				report(out, false, field, "”%s” står mer än en gång i %s", shown,
				       bd->field);
				break;
			}
		}
		free(field);
	}
	if (bd->n == 0 || !all_usable)
		return;
	/* "ålder 16–29: 5 + 30–65: 4" */
	struct terms t = { BUF_INIT(0), 0, 0 };
	buf_printf(&t.b, "%s ", bd->field);
	for (size_t i = 0; i < bd->n; i++)
		term(&t, safe_text(bd->items[i].label), ": ", bd->items[i].count);
	/* Outcomes need avslutade to be checked against; a missing totalt is
	 * reported once, by itself. */
	if (bd->total == FU_NONE && bd->cats)
		report(out, bd->incomplete, bd->total_field,
		       "%s är angivna (sammanlagt %lld) men %s saknas", bd->field,
		       (long long)t.sum, bd->total_field);
	if (!bd->total_usable) {
		buf_free(&t.b);
		return;
	}
	check_sum(out, bd->incomplete, bd->field, &t, bd->total_field, bd->total);
}

static void check_surveys(struct fu_findings *out, const struct fu_stats *s, bool total_usable)
{
	bool incomplete = (s->incomplete & FU_PART_SURVEY) != 0;
	for (size_t i = 0; i < s->nsurveys; i++) {
		const struct fu_survey *sv = &s->surveys[i];
		char *name_field = xasprintf("enkäter[%zu].namn", i + 1);
		char *mean_field = xasprintf("enkäter[%zu].medel", i + 1);
		char *answers_field = xasprintf("enkäter[%zu].svar", i + 1);
		/* How messages name the survey. */
		char *what;
		if (fu_text_personal(text_of(sv->name))) {
			report(out, false, name_field, "enkätens namn " PERSONAL_TAIL);
			what = xasprintf("enkät nr %zu", i + 1);
		} else {
			what = xasprintf("enkät ”%s”", sv->name);
		}
		char m[32];
		bool answers_ok = check_count(out, answers_field, answers_field, sv->answers);
		if (sv->mean != FU_NONE && (sv->mean < 100 || sv->mean > 400))
			report(out, false, mean_field, "%s: medel %s ligger utanför 1,00–4,00", what,
			       mean_text(sv->mean, m));
		if (sv->mean != FU_NONE && sv->answers == FU_NONE)
			report(out, incomplete, answers_field, "%s: medel %s saknar antal svar", what,
			       mean_text(sv->mean, m));
		/* A mean of no answers is a contradiction, not a gap. */
		if (sv->mean != FU_NONE && sv->answers == 0)
			report(out, false, answers_field, "%s: medel %s men 0 svar", what,
			       mean_text(sv->mean, m));
		/* Answers without a mean are refused; 0 answers and no mean is a
		 * survey nobody answered, and accepted. */
		if (sv->mean == FU_NONE && answers_ok && sv->answers > 0)
			report(out, false, mean_field, "%s: %lld svar men inget medel", what,
			       (long long)sv->answers);
		if (answers_ok && total_usable && sv->answers > s->total)
			report(out, false, answers_field, "%s: %lld svar är fler än totalt %lld", what,
			       (long long)sv->answers, (long long)s->total);
		free(what);
		free(name_field);
		free(mean_field);
		free(answers_field);
	}
}

static void check_period(struct fu_findings *out, const struct fu_stats *s,
			 const struct fu_intervention *iv)
{
	if (!iv)
		return;
	char p[FU_PERIOD_MAX], a[11], b[11];
	if (iv->start && s->from && s->from < iv->start)
		report(out, false, "period", "perioden %s börjar %s, före insatsens start %s",
		       fu_period_format(s->from, s->to, p), date_format(s->from, a),
		       date_format(iv->start, b));
	if (iv->end && s->to && s->to > iv->end)
		report(out, false, "period", "perioden %s slutar %s, efter insatsens slut %s",
		       fu_period_format(s->from, s->to, p), date_format(s->to, a),
		       date_format(iv->end, b));
}

bool fu_stats_check(const struct fu_stats *s, const struct fu_categories *cats,
		    const struct fu_intervention *iv, struct fu_findings *out)
{
	size_t errors_before = out->errors;

	/* Ranges of the single counts. */
	if (s->total == FU_NONE)
		report(out, false, "totalt", "totalt saknas; antalet deltagare under perioden krävs");
	bool total = check_count(out, "totalt", "totalt", s->total);
	bool new_ = check_count(out, "nya", "nya", s->new_);
	bool ongoing = check_count(out, "pågående", "pågående", s->ongoing);
	bool ended = check_count(out, "avslutade", "avslutade", s->ended);
	check_count(out, "planerade", "planerade", s->planned);
	check_count(out, "på_väg_in", "på väg in", s->waiting);
	bool women = check_count(out, "kvinnor", "kvinnor", s->women);
	bool men = check_count(out, "män", "män", s->men);
	bool other = check_count(out, "annat_okänt", "annat/okänt", s->other);

	/* Sex: a missing one counts as 0. */
	bool any_sex = s->women != FU_NONE || s->men != FU_NONE || s->other != FU_NONE;
	bool sex_usable = (women || s->women == FU_NONE) && (men || s->men == FU_NONE) &&
			  (other || s->other == FU_NONE);
	if (any_sex && sex_usable && total) {
		struct terms t = { BUF_INIT(0), 0, 0 };
		const char *field = NULL;
		if (women) {
			term(&t, "kvinnor", " ", s->women);
			field = "kvinnor";
		}
		if (men) {
			term(&t, "män", " ", s->men);
			field = field ? field : "män";
		}
		if (other) {
			term(&t, "annat/okänt", " ", s->other);
			field = field ? field : "annat_okänt";
		}
		check_sum(out, (s->incomplete & FU_PART_SEX) != 0, field, &t, "totalt", s->total);
	}

	/* Status. */
	if (total) {
		if (ended && s->ended > s->total)
			report(out, false, "avslutade", "avslutade %lld är fler än totalt %lld",
			       (long long)s->ended, (long long)s->total);
		if (new_ && s->new_ > s->total)
			report(out, false, "nya", "nya %lld är fler än totalt %lld",
			       (long long)s->new_, (long long)s->total);
		if (ongoing && s->ongoing > s->total)
			report(out, false, "pågående", "pågående %lld är fler än totalt %lld",
			       (long long)s->ongoing, (long long)s->total);
		if (ongoing && ended) {
			struct terms t = { BUF_INIT(0), 0, 0 };
			term(&t, "pågående", " ", s->ongoing);
			term(&t, "avslutade", " ", s->ended);
			check_sum(out, (s->incomplete & FU_PART_STATUS) != 0, "pågående", &t, "totalt",
				  s->total);
		}
	}

	/* The breakdowns. */
	struct breakdown bd = { "avslut", s->outcomes, s->noutcomes,
				(s->incomplete & FU_PART_OUTCOME) != 0, "avslutade",
				s->ended, ended, cats };
	check_breakdown(out, &bd);
	bd = (struct breakdown){ "ålder", s->ages, s->nages, (s->incomplete & FU_PART_AGE) != 0,
				 "totalt", s->total, total, NULL };
	check_breakdown(out, &bd);
	bd = (struct breakdown){ "försörjning", s->incomes, s->nincomes,
				 (s->incomplete & FU_PART_INCOME) != 0, "totalt", s->total, total,
				 NULL };
	check_breakdown(out, &bd);

	check_surveys(out, s, total);
	check_period(out, s, iv);

	if (s->comment && fu_text_personal(s->comment))
		report(out, false, "kommentar", "kommentaren " PERSONAL_TAIL);

	return out->errors == errors_before;
}

/* ---- derived figures ------------------------------------------------------------------ */

/* The improved share's numerator and denominator: the outcomes of step
 * categories and of denominator categories. False when no outcome is given
 * or one is unusable; outcomes of unknown categories count in neither. */
static bool improved_parts(const struct fu_stats *s, const struct fu_categories *cats,
			   int64_t *num, int64_t *den)
{
	*num = *den = 0;
	if (s->noutcomes == 0)
		return false;
	for (size_t i = 0; i < s->noutcomes; i++) {
		int64_t v = s->outcomes[i].count;
		if (!usable(v))
			return false;
		const struct fu_category *c = fu_categories_find(cats, text_of(s->outcomes[i].label));
		if (c && c->step)
			*num += v;
		if (c && c->denominator)
			*den += v;
	}
	return true;
}

/* num / den in basis points; known when both are usable and den > 0. */
static void make_share(struct fu_share *sh, int64_t num, int64_t den)
{
	memset(sh, 0, sizeof *sh);
	if (num < 0 || den < 0)
		return;
	sh->num = num;
	sh->den = den;
	if (den > 0) {
		sh->known = true;
		sh->bp = money_scale(10000, num, den);
	}
}

void fu_stats_derive(const struct fu_stats *s, const struct fu_categories *cats,
		     struct fu_derived *out)
{
	memset(out, 0, sizeof *out);
	int64_t num, den;
	if (improved_parts(s, cats, &num, &den))
		make_share(&out->improved, num, den);
	int64_t total = usable(s->total) ? s->total : FU_NONE;
	make_share(&out->of_planned, total, usable(s->planned) ? s->planned : FU_NONE);
	make_share(&out->women, usable(s->women) ? s->women : FU_NONE, total);
	make_share(&out->men, usable(s->men) ? s->men : FU_NONE, total);
	make_share(&out->other, usable(s->other) ? s->other : FU_NONE, total);
}

/* ---- publishing ----------------------------------------------------------------------- *
 *
 * The record becomes a table of cells (the counts, the improved share's
 * numerator and denominator, every outcome, age band and source of income)
 * and sum groups over them (sum = members). A reader of the published
 * figures knows every shown cell, that a "<T" cell lies in 1..T-1 (a 0 is
 * shown), that an "x" cell is some count >= 0, and every group's relation.
 *
 * 1. Primary: 0 < c < T is hidden ("<T").
 * 2. The rule of stats.h: a group with exactly one hidden cell gets its
 *    smallest shown non-zero member (ties: the first) hidden as "x", its
 *    sum when there is none; repeated until no group has one.
 * 3. That rule alone still lets a reader recompute some cells: groups
 *    overlap (the outcomes are in the outcome group, the numerator's and
 *    the denominator's), and the bounds 1..T-1 pin values (two "<5" that
 *    add up to 2 are both 1). The seed shows both: Coachingteamet Örebro's
 *    "övrigt 3" is avslutade 42 - nämnaren 39, and Coachingteamet
 *    Lekeberg's sjukersättning 1 and åter remittent 1 are the only
 *    positive split of 7 - 5. So every hidden cell is audited: it is safe
 *    when a change of it by one, balanced by changes of one in other
 *    hidden cells, keeps every relation and every bound — the published
 *    figures then fit two values of it. The search (balance) is over such
 *    unit changes, with a work limit; failing it only hides more. An
 *    unsafe cell gets the cheapest set of one or two more cells hidden
 *    that makes it safe: shown non-zero cells first (by value), then shown
 *    zeros, and last a "<T" cell turned into "x" (which drops the bound
 *    1..T-1 the reader would otherwise have); when no such set helps, the
 *    cheapest single one, and the audit runs again. Everything turned "x"
 *    is always safe, so this ends.
 * 4. With T = 2, "<2" would say the count is 1: such a cell is shown "x".
 *
 * The improved share's denominator is a cell although fu_published has no
 * field for it: it is published inside the share ("31 % (12/39)"), so the
 * share is shown only when numerator and denominator are.
 */

enum {
	C_TOTAL,
	C_NEW,
	C_ONGOING,
	C_ENDED,
	C_PLANNED,
	C_WAITING,
	C_WOMEN,
	C_MEN,
	C_OTHER,
	C_NUM,
	C_DEN,
	C_FIXED, /* then the outcomes, the age bands, the sources of income */
};

#define NGROUPS 7
/* Unit steps one balance search may try, and all searches of one record. */
#define SEARCH_BUDGET (1L << 14)
#define TOTAL_BUDGET (1L << 22)
/* Pairs of extra cells are tried when there are at most this many candidates. */
#define PAIR_CANDIDATES 48
/* What hiding a cell costs when choosing among sets: a shown count its
 * value, a shown zero more than any count, turning "<T" into "x" more. */
#define ZERO_COST ((int64_t)FU_COUNT_MAX + 1)
#define UPGRADE_COST (2 * ZERO_COST)

struct group {
	size_t sum;
	size_t first, n;        /* members: pub.mem[first .. first + n) */
	bool done;              /* the rule of stats.h found nothing to hide */
};

struct pub {
	int64_t t;
	size_t ncell;
	int64_t *val;           /* FU_NONE: absent */
	enum fu_shown *st;
	bool *in_group;
	struct group g[NGROUPS];
	size_t ng;
	size_t *mem;
	size_t nmem;
	int8_t *d;              /* the change being searched */
	long budget, work;
	bool exhausted;         /* work used up: hide everything left */
};

static bool hidden(const struct pub *p, size_t c)
{
	return p->st[c] == FU_HIDDEN || p->st[c] == FU_SECONDARY;
}

/* Whether hidden cell c may hold v as far as a reader can tell. */
static bool in_bounds(const struct pub *p, size_t c, int64_t v)
{
	if (p->st[c] == FU_HIDDEN)
		return v >= 1 && v <= p->t - 1;
	return v >= 0;
}

/* The members of the groups being built, one list. */
struct members {
	size_t *v;
	size_t n, cap;
};

static void push_member(struct members *m, size_t c)
{
	m->v = xgrow(m->v, &m->cap, m->n + 1, sizeof *m->v);
	m->v[m->n++] = c;
}

static void group_close(struct pub *p, struct members *m, size_t sum, size_t first)
{
	if (p->val[sum] < 0 || m->n == first) {
		m->n = first;
		return;
	}
	struct group *g = &p->g[p->ng++];
	g->sum = sum;
	g->first = first;
	g->n = m->n - first;
	g->done = false;
	p->in_group[sum] = true;
	for (size_t i = first; i < m->n; i++)
		p->in_group[m->v[i]] = true;
}

static void group_member(const struct pub *p, struct members *m, size_t c)
{
	if (p->val[c] >= 0)
		push_member(m, c);
}

static void build_cells(struct pub *p, const struct fu_stats *s, const struct fu_categories *cats,
			int64_t t)
{
	memset(p, 0, sizeof *p);
	p->t = t;
	p->ncell = C_FIXED + s->noutcomes + s->nages + s->nincomes;
	p->val = xcalloc(p->ncell, sizeof *p->val);
	p->st = xcalloc(p->ncell, sizeof *p->st);
	p->in_group = xcalloc(p->ncell, sizeof *p->in_group);
	p->d = xcalloc(p->ncell, sizeof *p->d);
	p->work = TOTAL_BUDGET;

	int64_t num, den;
	bool parts = improved_parts(s, cats, &num, &den);
	int64_t fixed[C_FIXED] = {
		[C_TOTAL] = s->total,     [C_NEW] = s->new_,         [C_ONGOING] = s->ongoing,
		[C_ENDED] = s->ended,     [C_PLANNED] = s->planned,  [C_WAITING] = s->waiting,
		[C_WOMEN] = s->women,     [C_MEN] = s->men,          [C_OTHER] = s->other,
		[C_NUM] = parts ? num : FU_NONE, [C_DEN] = parts ? den : FU_NONE,
	};
	memcpy(p->val, fixed, sizeof fixed);
	size_t o = C_FIXED, a = o + s->noutcomes, in = a + s->nages;
	for (size_t i = 0; i < s->noutcomes; i++)
		p->val[o + i] = s->outcomes[i].count;
	for (size_t i = 0; i < s->nages; i++)
		p->val[a + i] = s->ages[i].count;
	for (size_t i = 0; i < s->nincomes; i++)
		p->val[in + i] = s->incomes[i].count;
	/* A count the checks refuse (negative, above FU_COUNT_MAX) is not
	 * published. */
	for (size_t c = 0; c < p->ncell; c++) {
		if (!usable(p->val[c]))
			p->val[c] = FU_NONE;
		p->st[c] = p->val[c] < 0 ? FU_ABSENT : FU_SHOWN;
	}

	/* The groups, in the order of stats.h. */
	struct members m = { NULL, 0, 0 };
	size_t first = 0;
	group_member(p, &m, C_WOMEN); /* sex */
	group_member(p, &m, C_MEN);
	group_member(p, &m, C_OTHER);
	group_close(p, &m, C_TOTAL, first);
	first = m.n;
	for (size_t i = 0; i < s->noutcomes; i++) /* outcomes */
		group_member(p, &m, o + i);
	group_close(p, &m, C_ENDED, first);
	first = m.n;
	for (size_t i = 0; i < s->nages; i++) /* age bands */
		group_member(p, &m, a + i);
	group_close(p, &m, C_TOTAL, first);
	first = m.n;
	for (size_t i = 0; i < s->nincomes; i++) /* sources of income */
		group_member(p, &m, in + i);
	group_close(p, &m, C_TOTAL, first);
	first = m.n;
	if (p->val[C_ONGOING] >= 0 && p->val[C_ENDED] >= 0) { /* status, both given */
		push_member(&m, C_ONGOING);
		push_member(&m, C_ENDED);
		group_close(p, &m, C_TOTAL, first);
	}
	for (int which = 0; which < 2 && parts; which++) { /* numerator, denominator */
		first = m.n;
		for (size_t i = 0; i < s->noutcomes; i++) {
			const struct fu_category *c =
				fu_categories_find(cats, text_of(s->outcomes[i].label));
			if (c && (which == 0 ? c->step : c->denominator))
				group_member(p, &m, o + i);
		}
		group_close(p, &m, which == 0 ? C_NUM : C_DEN, first);
	}
	p->mem = m.v;
	p->nmem = m.n;
}

static void pub_free(struct pub *p)
{
	free(p->val);
	free(p->st);
	free(p->in_group);
	free(p->d);
	free(p->mem);
}

/* ---- the rule of stats.h ---- */

/* Hide a second cell in the first group with exactly one hidden; false
 * when there is none. */
static bool single_hidden_step(struct pub *p)
{
	for (size_t gi = 0; gi < p->ng; gi++) {
		struct group *g = &p->g[gi];
		if (g->done)
			continue;
		size_t nhidden = hidden(p, g->sum);
		for (size_t i = 0; i < g->n; i++)
			nhidden += hidden(p, p->mem[g->first + i]);
		if (nhidden != 1)
			continue;
		size_t pick = SIZE_MAX;
		for (size_t i = 0; i < g->n; i++) {
			size_t c = p->mem[g->first + i];
			if (p->st[c] == FU_SHOWN && p->val[c] > 0 &&
			    (pick == SIZE_MAX || p->val[c] < p->val[pick]))
				pick = c;
		}
		if (pick == SIZE_MAX && p->st[g->sum] == FU_SHOWN)
			pick = g->sum;
		if (pick == SIZE_MAX) {
			/* The one hidden is the sum and every member a shown 0: the
			 * figures disagree, and nothing is left to hide here. */
			g->done = true;
			continue;
		}
		p->st[pick] = FU_SECONDARY;
		return true;
	}
	return false;
}

/* ---- the audit ---- */

/* Balance the change p->d: fix the first group whose sum's change differs
 * from its members' by changing one more hidden cell by one. */
static bool balance(struct pub *p)
{
	if (--p->budget < 0 || --p->work < 0) {
		if (p->work < 0)
			p->exhausted = true;
		return false;
	}
	const struct group *g = NULL;
	int64_t r = 0;
	for (size_t gi = 0; gi < p->ng && !g; gi++) {
		r = p->d[p->g[gi].sum];
		for (size_t i = 0; i < p->g[gi].n; i++)
			r -= p->d[p->mem[p->g[gi].first + i]];
		if (r != 0)
			g = &p->g[gi];
	}
	if (!g)
		return true;
	int8_t want = r > 0 ? 1 : -1;
	for (size_t i = 0; i < g->n; i++) {
		size_t c = p->mem[g->first + i];
		if (p->d[c] != 0 || !hidden(p, c) || !in_bounds(p, c, p->val[c] + want))
			continue;
		p->d[c] = want;
		if (balance(p))
			return true;
		p->d[c] = 0;
		if (p->exhausted)
			return false;
	}
	size_t c = g->sum;
	if (p->d[c] == 0 && hidden(p, c) && in_bounds(p, c, p->val[c] - want)) {
		p->d[c] = (int8_t)-want;
		if (balance(p))
			return true;
		p->d[c] = 0;
	}
	return false;
}

/* Whether the published figures fit another value of hidden cell c. */
static bool movable(struct pub *p, size_t c)
{
	for (int dir = 1; dir >= -1; dir -= 2) {
		if (!in_bounds(p, c, p->val[c] + dir))
			continue;
		memset(p->d, 0, p->ncell * sizeof *p->d);
		p->d[c] = (int8_t)dir;
		p->budget = SEARCH_BUDGET;
		bool ok = balance(p);
		if (ok || p->exhausted)
			return ok;
	}
	return false;
}

/* One or two cells to hide more, and what that costs. */
struct extra {
	size_t a, b; /* b == SIZE_MAX: a alone */
	int64_t cost;
};

static int extra_cmp(const void *x, const void *y)
{
	const struct extra *e = x, *f = y;
	if (e->cost != f->cost)
		return e->cost < f->cost ? -1 : 1;
	if (e->b != f->b && (e->b == SIZE_MAX || f->b == SIZE_MAX))
		return e->b == SIZE_MAX ? -1 : 1; /* one cell before two */
	if (e->a != f->a)
		return e->a < f->a ? -1 : 1;
	if (e->b != f->b)
		return e->b < f->b ? -1 : 1;
	return 0;
}

static int64_t hide_cost(const struct pub *p, size_t c)
{
	int64_t v = p->val[c] < FU_COUNT_MAX ? p->val[c] : FU_COUNT_MAX;
	if (p->st[c] == FU_HIDDEN)
		return UPGRADE_COST + v;
	return v > 0 ? v : ZERO_COST;
}

/* Hide more so that hidden cell c becomes safe (see above); false when
 * there is nothing left to hide. */
static bool make_safe(struct pub *p, size_t c)
{
	size_t *cand = xcalloc(p->ncell, sizeof *cand);
	size_t k = 0;
	for (size_t x = 0; x < p->ncell; x++)
		if (p->in_group[x] && (p->st[x] == FU_SHOWN || p->st[x] == FU_HIDDEN))
			cand[k++] = x;
	if (k == 0) {
		free(cand);
		return false;
	}
	size_t npairs = k <= PAIR_CANDIDATES ? k * (k - 1) / 2 : 0;
	struct extra *ex = xcalloc(k + npairs, sizeof *ex);
	size_t n = 0;
	for (size_t i = 0; i < k; i++) {
		ex[n++] = (struct extra){ cand[i], SIZE_MAX, hide_cost(p, cand[i]) };
		for (size_t j = i + 1; j < k && npairs; j++)
			ex[n++] = (struct extra){ cand[i], cand[j],
						  hide_cost(p, cand[i]) + hide_cost(p, cand[j]) };
	}
	qsort(ex, n, sizeof *ex, extra_cmp);
	size_t pick = 0;
	for (size_t i = 0; i < n && !p->exhausted; i++) {
		enum fu_shown sa = p->st[ex[i].a], sb = FU_ABSENT;
		p->st[ex[i].a] = FU_SECONDARY;
		if (ex[i].b != SIZE_MAX) {
			sb = p->st[ex[i].b];
			p->st[ex[i].b] = FU_SECONDARY;
		}
		bool ok = movable(p, c);
		p->st[ex[i].a] = sa;
		if (ex[i].b != SIZE_MAX)
			p->st[ex[i].b] = sb;
		if (ok) {
			pick = i;
			break;
		}
	}
	p->st[ex[pick].a] = FU_SECONDARY;
	if (ex[pick].b != SIZE_MAX)
		p->st[ex[pick].b] = FU_SECONDARY;
	free(ex);
	free(cand);
	return true;
}

/* One round of the audit: make the first unsafe hidden cell safe, the
 * "<T" ones before the "x" ones (what makes a "<T" safe often makes the
 * "x" beside it safe too). False when every hidden cell is safe (or
 * cannot be made so). */
static bool audit_step(struct pub *p, bool *given_up)
{
	for (size_t i = 0; i < 2 * p->ncell; i++) {
		size_t c = i % p->ncell;
		enum fu_shown pass = i < p->ncell ? FU_HIDDEN : FU_SECONDARY;
		if (p->st[c] != pass || given_up[c])
			continue;
		if (p->st[c] == FU_HIDDEN && p->t <= 2) {
			/* "<2" would say 1. */
			p->st[c] = FU_SECONDARY;
			return true;
		}
		if (!p->in_group[c] || movable(p, c))
			continue;
		if (p->exhausted)
			return false;
		if (make_safe(p, c))
			return true;
		given_up[c] = true;
	}
	return false;
}

static void apply_rule(struct pub *p)
{
	if (p->t <= 0)
		return;
	for (size_t c = 0; c < p->ncell; c++)
		if (p->val[c] > 0 && p->val[c] < p->t)
			p->st[c] = FU_HIDDEN;
	bool *given_up = xcalloc(p->ncell, sizeof *given_up);
	for (;;) {
		while (single_hidden_step(p))
			;
		if (!audit_step(p, given_up))
			break;
	}
	if (p->exhausted) {
		/* The search ran out of work (a record far larger than any real
		 * one): every count in a sum is shown "x", which is always safe. */
		for (size_t c = 0; c < p->ncell; c++)
			if (p->in_group[c] && p->st[c] != FU_ABSENT)
				p->st[c] = FU_SECONDARY;
	}
	free(given_up);
}

void fu_publish(const struct fu_stats *s, const struct fu_categories *cats, int64_t t,
		struct fu_published *out)
{
	memset(out, 0, sizeof *out);
	if (t < 0)
		t = 0;
	out->threshold = t;
	struct pub p;
	build_cells(&p, s, cats, t);
	apply_rule(&p);

	out->total = p.st[C_TOTAL];
	out->new_ = p.st[C_NEW];
	out->ongoing = p.st[C_ONGOING];
	out->ended = p.st[C_ENDED];
	out->planned = p.st[C_PLANNED];
	out->waiting = p.st[C_WAITING];
	out->women = p.st[C_WOMEN];
	out->men = p.st[C_MEN];
	out->other = p.st[C_OTHER];
	out->improved_num = p.st[C_NUM];
	size_t o = C_FIXED, a = o + s->noutcomes, in = a + s->nages;
	if (s->noutcomes) {
		out->outcomes = xcalloc(s->noutcomes, sizeof *out->outcomes);
		memcpy(out->outcomes, p.st + o, s->noutcomes * sizeof *out->outcomes);
	}
	if (s->nages) {
		out->ages = xcalloc(s->nages, sizeof *out->ages);
		memcpy(out->ages, p.st + a, s->nages * sizeof *out->ages);
	}
	if (s->nincomes) {
		out->incomes = xcalloc(s->nincomes, sizeof *out->incomes);
		memcpy(out->incomes, p.st + in, s->nincomes * sizeof *out->incomes);
	}

	/* A share may be shown when it is known and its parts are. */
	struct fu_derived d;
	fu_stats_derive(s, cats, &d);
	out->improved = d.improved.known && p.st[C_NUM] == FU_SHOWN && p.st[C_DEN] == FU_SHOWN;
	out->of_planned = d.of_planned.known && out->total == FU_SHOWN && out->planned == FU_SHOWN;
	out->share_women = d.women.known && out->total == FU_SHOWN && out->women == FU_SHOWN;
	out->share_men = d.men.known && out->total == FU_SHOWN && out->men == FU_SHOWN;
	out->share_other = d.other.known && out->total == FU_SHOWN && out->other == FU_SHOWN;

	/* A survey mean needs T answers; with the number of answers unknown
	 * nobody can tell how few stand behind it, so it is hidden too (unless
	 * suppression is off). */
	if (s->nsurveys) {
		out->survey_mean = xcalloc(s->nsurveys, sizeof *out->survey_mean);
		for (size_t i = 0; i < s->nsurveys; i++) {
			const struct fu_survey *sv = &s->surveys[i];
			out->survey_mean[i] =
				sv->mean != FU_NONE &&
				(t == 0 || (sv->answers != FU_NONE && sv->answers >= t));
		}
	}
	pub_free(&p);
}

void fu_published_free(struct fu_published *p)
{
	if (!p)
		return;
	free(p->outcomes);
	free(p->ages);
	free(p->incomes);
	free(p->survey_mean);
	memset(p, 0, sizeof *p);
}

const char *fu_shown_text(enum fu_shown shown, int64_t value, int64_t t, char *buf)
{
	switch (shown) {
	case FU_SHOWN:
		snprintf(buf, 24, "%lld", (long long)value);
		break;
	case FU_HIDDEN:
		snprintf(buf, 24, "<%lld", (long long)t);
		break;
	case FU_SECONDARY:
		snprintf(buf, 24, "x");
		break;
	case FU_ABSENT:
	default:
		buf[0] = '\0';
		break;
	}
	return buf;
}
