/*
 * followup/evaluate — what the follow-up computes from the books, the plan
 * and the statistics: each intervention's budget use, the actual value and
 * status of its result goals, and the status of a goal with a target.
 *
 * Budget use: the intervention's budget is the sum of the year's budget
 * lines that select its object (object code = its code, whatever the
 * dimension), or, when it names a budget group, of the lines whose group
 * or subgroup is that name; its actual costs are those lines' actual
 * outcome through the day asked for (plan/actuals.h), so the card shows
 * exactly what the forecast table shows on the same lines.
 *
 * Status, when a goal does not set its own: no target or no actual → kan
 * ej bedömas; at or beyond the target (a floor: actual >= target; a
 * ceiling: actual <= target) → uppnått; at least three quarters of the
 * way (floor: 4 × actual >= 3 × target; ceiling: 3 × actual <= 4 ×
 * target) → delvis uppnått; else ej uppnått. Exact integer comparisons.
 *
 * Figures are written the Swedish way for people: "149", "1 977 401 kr",
 * "31 % (12/39)", "3,8"; shares rounded half away from zero to whole
 * percent, as the reports print them.
 */
#ifndef FINSAM_FOLLOWUP_EVALUATE_H
#define FINSAM_FOLLOWUP_EVALUATE_H

#include <stdbool.h>
#include <stdint.h>

#include "followup/followup.h"
#include "followup/stats.h"
#include "plan/actuals.h"
#include "plan/budget.h"
#include "store/store.h"
#include "util/error.h"
#include "util/money.h"

/* The year's budget and its actual outcome, loaded once for many
 * interventions. */
struct fu_books {
	int year;
	date_t to;              /* actuals through this day */
	bool has_budget;        /* false: no budget or plan for the year */
	struct budget budget;
	char *basis;            /* which budget ("Antagen budget 2023"), NULL without */
	struct plan_actuals actuals;
};

/* Load the budget of `year` and its actuals through `to` (0: the books'
 * last day). A year without a budget is not an error: has_budget false. */
bool fu_books_load(struct store *st, int year, date_t to, struct fu_books *out,
		   struct error *err);
void fu_books_free(struct fu_books *b);

struct fu_budget_use {
	bool known;             /* some budget line belongs to the intervention */
	size_t nlines;          /* how many */
	money_t budget;         /* the year's budget of those lines, öre */
	money_t actual;         /* their actual costs through books->to, öre */
	bool has_share;
	int64_t share_bp;       /* actual / budget */
};

void fu_budget_use(const struct fu_books *books, const struct fu_intervention *iv,
		   struct fu_budget_use *out);

/* The status a target and an actual give (see above). */
enum fu_status fu_status_compute(bool has_target, int64_t target, bool has_actual, int64_t actual,
				 bool at_most);

/* The status of a goal (verksamhetsmål): its own when set, else computed
 * from its target and actual as a floor. */
enum fu_status fu_goal_status(const struct fu_goal *g);

/* The period the follow-up's views show when none is asked for: the
 * latest of the statistics in d (followup_doc_latest), else the calendar
 * year of the last fiscal year's end, else of today. */
bool fu_default_period(struct store *st, const struct followup_doc *d, date_t *from, date_t *to,
		       struct error *err);

struct fu_goal_eval {
	bool has_actual;
	int64_t actual;         /* in the goal's measure */
	struct fu_share parts;  /* stegförflyttning: the parts of the share */
	bool hidden;            /* published: the actual would reveal a hidden count */
	enum fu_status status;  /* the goal's own, else computed */
	bool computed;          /* status was computed */
	char *actual_text;      /* "31 % (12/39)", "149", "3,8", "40 %", "<5", ""; free it */
	char *target_text;      /* "minst 50 %", "30", "högst 17 %", ""; free it */
};

/* Evaluate result goal g of an intervention from its statistics s of the
 * period (NULL: none), the categories in force and its budget use (NULL:
 * none). With pub (fu_publish of s) the actual is shown as "<T" when it
 * would show a hidden count; the status is still the real figure's (it
 * tells a range, never the count). */
void fu_goal_evaluate(const struct fu_result_goal *g, const struct fu_stats *s,
		      const struct fu_categories *cats, const struct fu_budget_use *use,
		      const struct fu_published *pub, struct fu_goal_eval *out);
void fu_goal_eval_free(struct fu_goal_eval *e);

/* A share with its parts as the reports write it, "31 % (12/39)" (whole
 * percent from the parts, not from the rounded basis points); "" when
 * it is not known. Free it. */
char *fu_share_text(const struct fu_share *sh);

/* A value of a measure as people read it: "149", "31 %", "3,8". buf
 * needs 48 bytes. */
char *fu_measure_text(enum fu_measure m, int64_t v, char *buf, size_t size);

#endif
