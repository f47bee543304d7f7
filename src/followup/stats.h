/*
 * stats — checking participant statistics, the figures derived from them,
 * and the publishing rule that hides small counts.
 *
 * Checks (fu_stats_check). Errors refuse the record; a sum check over a
 * part the user marked incomplete (fu_stats.incomplete) is a warning
 * instead. The rules:
 *   - no count is negative or above FU_COUNT_MAX; total is given;
 *   - women + men + other = total (when any sex is given; a missing sex
 *     counts as 0);
 *   - ended <= total, new <= total, ongoing <= total, ongoing + ended =
 *     total (when both are given);
 *   - the outcomes add up to ended (when any outcome is given; ended must
 *     then be given), and each outcome names a known category, once;
 *   - age bands and sources of income each add up to total when given,
 *     labels once each;
 *   - a survey mean lies in 1,00–4,00 and has its number of answers
 *     (answers <= total); answers without a mean are refused;
 *   - the period lies within the intervention's, when both are known;
 *   - no text (comment, labels, survey names) holds a personnummer.
 * Messages are Swedish and name the figures with their values: "kvinnor
 * 6 + män 3 + annat/okänt 1 = 10, men totalt är 9".
 *
 * Derived figures (fu_stats_derive): the improved share (stegförflyttning)
 * = the outcomes of step categories over the outcomes of denominator
 * categories — the seed's "31 % (12/39)": 2 arbete + 1 studier + 8
 * gemensam kartläggning + 1 arbetssökande over 42 ended less 3 övrigt;
 * participants against planned; shares by sex. Shares are basis points
 * rounded half away from zero; a share with a zero denominator is absent.
 *
 * Publishing (fu_publish): with threshold T > 0, a count c with 0 < c < T
 * is shown as "<T" (primary suppression). A count of 0 is shown: it
 * identifies nobody. Then, so that no hidden count can be recomputed from
 * the others, every sum group — total = women + men + other; ended = the
 * outcomes; total = each breakdown; total = ongoing + ended; the improved
 * numerator = its step outcomes; its denominator = its outcomes — that has
 * exactly one hidden member gets a second one hidden (secondary
 * suppression, shown "x"): the smallest shown non-zero member, the group's
 * total when there is none, repeated until no group has a single hidden
 * member. Because groups overlap and "<T" tells a range, that is not
 * always enough (the seed's "31 % (12/39)" gives övrigt = 42 − 39); so
 * every hidden cell is then audited, and one that the published figures
 * pin to a single value gets the cheapest one or two more cells hidden
 * (stats.c explains the search). With T = 2 a hidden count is shown "x"
 * ("<2" would say 1). A share is hidden when its numerator or denominator
 * is hidden, and a survey mean when its number of answers is below T or
 * unknown.
 */
#ifndef FINSAM_FOLLOWUP_STATS_H
#define FINSAM_FOLLOWUP_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "followup/followup.h"

/* The categories in force: the defaults, then the förbund's own (one of
 * the förbund's with a default's name replaces its flags). */
struct fu_categories {
	struct fu_category *items; /* owned copies */
	size_t n;
};

void fu_categories_build(struct fu_categories *out, const struct fu_category *own, size_t n);
void fu_categories_free(struct fu_categories *c);
/* The category called name (compared exactly), or NULL. */
const struct fu_category *fu_categories_find(const struct fu_categories *c, const char *name);

/* One finding of the checks. */
struct fu_finding {
	bool warning;           /* true: accepted, reported; false: refused */
	char *field;            /* the field it is about, as the text format names
				 * it ("kvinnor", "avslut.arbete", "enkäter[1].medel") */
	char *text;             /* the message, Swedish */
};

struct fu_findings {
	struct fu_finding *items;
	size_t n, cap;
	size_t errors;          /* how many are not warnings */
};

void fu_findings_free(struct fu_findings *f);

/* Check s against the categories in force and (when not NULL) its
 * intervention; append what is wrong to out. Returns true when nothing
 * is an error (warnings allowed). */
bool fu_stats_check(const struct fu_stats *s, const struct fu_categories *cats,
		    const struct fu_intervention *iv, struct fu_findings *out);

/* A share with its parts. */
struct fu_share {
	bool known;             /* false: the denominator is 0 or a part is missing */
	int64_t num, den;
	int64_t bp;             /* num / den in basis points */
};

struct fu_derived {
	struct fu_share improved;   /* stegförflyttning */
	struct fu_share of_planned; /* total against planned */
	struct fu_share women, men, other; /* of total */
};

void fu_stats_derive(const struct fu_stats *s, const struct fu_categories *cats,
		     struct fu_derived *out);

/* How a published count is shown. */
enum fu_shown {
	FU_SHOWN,      /* the value */
	FU_HIDDEN,     /* below the threshold: "<T" */
	FU_SECONDARY,  /* hidden so that a hidden count cannot be recomputed: "x" */
	FU_ABSENT,     /* not reported */
};

/* The statistics as they may be published: for each count whether it is
 * shown, and for each share and mean whether it may be. Arrays follow
 * s's arrays. */
struct fu_published {
	int64_t threshold;
	enum fu_shown total, new_, ongoing, ended, planned, waiting;
	enum fu_shown women, men, other;
	enum fu_shown *outcomes, *ages, *incomes;
	enum fu_shown improved_num;  /* the numerator of the improved share */
	bool improved, of_planned, share_women, share_men, share_other;
	bool *survey_mean;           /* per survey: may its mean be shown */
};

/* Apply the publishing rule with threshold t (0: everything shown). */
void fu_publish(const struct fu_stats *s, const struct fu_categories *cats, int64_t t,
		struct fu_published *out);
void fu_published_free(struct fu_published *p);

/* A count as published: "12", "<5", "x", or "" when absent. buf needs
 * 24 bytes. */
const char *fu_shown_text(enum fu_shown shown, int64_t value, int64_t t, char *buf);

#endif
