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

/* Parse "KOD=50%" or "KOD=1 200 000" into out. */
bool scenario_parse_change(const char *s, struct scenario_change *out, struct error *err);
void scenario_spec_free(struct scenario_spec *s);

bool scenario_run(struct store *st, const struct scenario_spec *spec, struct scenario_result *out,
		  struct error *err);
void scenario_result_free(struct scenario_result *r);

/* Save spec under spec->name (replacing one of the same name). */
bool scenario_save(struct store *st, const struct scenario_spec *spec, struct error *err);
/* Load the scenario called `name`; ERR_INPUT when there is none. */
bool scenario_load(struct store *st, const char *name, struct scenario_spec *out,
		   struct error *err);
/* The saved scenarios' names, oldest first (free each and the array). */
bool scenario_names(struct store *st, char ***names, size_t *n, struct error *err);
bool scenario_remove(struct store *st, const char *name, struct error *err);
/* The changes as stored and typed: "ORK=50%;REG=1200000,00". */
char *scenario_changes_text(const struct scenario_spec *s);

#endif
