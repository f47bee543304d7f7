/*
 * scenario — "what if a member changes its part": the konsekvensanalys.
 *
 * A scenario changes members' offers for a year ("ORK=50%": Örebro kommun
 * offers half of what it offers now; "REG=1 200 000": the region offers
 * 1,2 MSEK) and shows what the law's rule makes of them: the new total and
 * each member's contribution, the gap against the contributions the
 * year's budget (or budget plan) counts on, the result without measures,
 * a proposal for closing the gap — cuts pro rata across the cost lines,
 * or line by line in a priority order the user gives — so that the
 * budgeted result holds, and the equity at the year's end either way.
 * Scenarios can be saved by name and compared side by side.
 */
#ifndef FINSAM_PLAN_SCENARIO_H
#define FINSAM_PLAN_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "plan/budget.h"
#include "plan/contributions.h"
#include "plan/members.h"
#include "store/store.h"
#include "util/error.h"
#include "util/money.h"

enum scenario_closing { CLOSE_PRO_RATA, CLOSE_PRIORITY };

/* A saved scenario's name: 1..SCENARIO_NAME_MAX characters of valid UTF-8
 * without control characters. */
#define SCENARIO_NAME_MAX 80

struct scenario_change {
	char *code;         /* the member */
	bool relative;      /* percent of its current offer, else an amount */
	int32_t percent_bp; /* hundredths of a percent */
	money_t amount;
};

struct scenario_spec {
	char *name;           /* "" while not saved */
	int year;
	struct scenario_change *changes;
	size_t nchanges;
	enum scenario_closing closing;
	char *priority;       /* line names separated by ';' (CLOSE_PRIORITY) */
};

struct scenario_cut {
	char *line;
	money_t budget;       /* the line's budget for the year */
	money_t cut;          /* how much less, >= 0 */
};

struct scenario_result {
	int year;
	char *basis;                  /* which budget the year's figures come from */
	struct member_list members;   /* with the current offers */
	money_t *offer;               /* per member: the scenario's offer */
	struct contrib_result now;    /* the rule on the current offers */
	struct contrib_result then;   /* the rule on the scenario's offers */
	money_t budget_contributions; /* what the budget counts on */
	money_t gap;                  /* budget_contributions - then.total; > 0 is missing */
	money_t budget_result;        /* the budgeted result */
	money_t result_without;       /* budget_result - gap */
	struct scenario_cut *cuts;
	size_t ncuts;
	money_t cut_total;
	money_t uncovered;            /* gap the proposal could not close */
	money_t result_with;          /* result_without + cut_total */
	bool equity_known;
	money_t opening_equity;       /* at the year's start (books or forecast) */
	money_t equity_without, equity_with;
};

/* The figures a scenario is compared by, in the order they are shown. */
enum scenario_figure {
	SF_TOTAL,           /* the members' contributions in all */
	SF_GAP,             /* missing against the budget (> 0), or over it (< 0) */
	SF_RESULT_WITHOUT,  /* the year's result without measures */
	SF_CUTS,            /* the proposal's cuts */
	SF_RESULT_WITH,     /* the result with the proposal */
	SF_EQUITY_WITHOUT,  /* equity at the year's end without measures */
	SF_EQUITY_WITH,     /* equity at the year's end with the proposal */
	SCENARIO_FIGURES,
};

/* Parse "KOD=50%" or "KOD=1 200 000" into out. */
bool scenario_parse_change(const char *s, struct scenario_change *out, struct error *err);
/* A change's new offer as typed and stored: "50,00%" or "1200000,00";
 * buf holds 48 bytes at least. */
char *scenario_change_value(const struct scenario_change *c, char *buf, size_t size);
void scenario_spec_free(struct scenario_spec *s);

/* "pro-rata" or "prioritet", as the store and the command line write it. */
const char *scenario_closing_name(enum scenario_closing c);
bool scenario_closing_parse(const char *s, enum scenario_closing *out);
/* Whether name can be a saved scenario's name; err (ERR_INPUT) says why not. */
bool scenario_name_check(const char *name, struct error *err);

/* Run spec on the store's current members, offers and budget. A priority
 * order is checked whether or not it is needed: every line it names must
 * be a cost line of the year's budget, named once. */
bool scenario_run(struct store *st, const struct scenario_spec *spec, struct scenario_result *out,
		  struct error *err);
void scenario_result_free(struct scenario_result *r);

/* Figure f of r: of the scenario, or with `now` of the current offers
 * (nothing cut, nothing missing beyond what the current offers leave).
 * False when it is not known (the equity, when the opening equity is not). */
bool scenario_figure(const struct scenario_result *r, bool now, enum scenario_figure f,
		     money_t *out);
/* Its label: "Medlemsbidrag totalt", "Saknas mot budgeten", ... */
const char *scenario_figure_label(enum scenario_figure f);

/* Load and run the n (>= 1) saved scenarios `names` into specs[i] and
 * res[i] (free each with scenario_spec_free and scenario_result_free).
 * Refused (ERR_INPUT) when one does not exist or they are not all of one
 * year; on failure nothing is left to free. */
bool scenario_run_saved(struct store *st, const char *const *names, size_t n,
			struct scenario_spec *specs, struct scenario_result *res,
			struct error *err);

/* Save spec under spec->name (replacing one of the same name); refuses a
 * name scenario_name_check refuses. */
bool scenario_save(struct store *st, const struct scenario_spec *spec, struct error *err);
/* Whether a scenario called `name` is saved. */
bool scenario_exists(struct store *st, const char *name, bool *out, struct error *err);
/* Load the scenario called `name`; ERR_INPUT when there is none. */
bool scenario_load(struct store *st, const char *name, struct scenario_spec *out,
		   struct error *err);
/* The saved scenarios' names, oldest first (free each and the array). */
bool scenario_names(struct store *st, char ***names, size_t *n, struct error *err);
bool scenario_remove(struct store *st, const char *name, struct error *err);
/* The changes as stored and typed: "ORK=50%;REG=1200000,00". */
char *scenario_changes_text(const struct scenario_spec *s);

#endif
