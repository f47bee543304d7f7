/*
 * fin_goals — the förbund's financial goals (god ekonomisk hushållning),
 * kept in the store, and their evaluation against the year's forecast.
 *
 * A goal has a kind and, by kind, a percentage (hundredths of a percent),
 * kronor bounds (öre) and a budget group. It is evaluated from the
 * forecast table (plan/forecast.h: the books through a day and the
 * forecast of the rest of the year) to a status with a Swedish sentence
 * that gives the figures. The rules, with E the forecast equity at the
 * year's end (opening equity + forecast result), E0 the opening equity and
 * C the year's forecast members' contributions:
 *
 *   eget-kapital-andel (P, default 20 %): E / C <= P uppnått; above P but
 *       E < E0 (a share lower than at the year's start, E0 / C: moving
 *       toward the ceiling) delvis uppnått; else ej uppnått. No opening
 *       balance in the books, or C <= 0: kan ej bedömas.
 *   eget-kapital-intervall (min, max; either may be missing = unbounded):
 *       E within uppnått; outside but nearer the interval than E0 delvis
 *       uppnått; else ej uppnått. No opening balance: kan ej bedömas.
 *   administration-andel (P, group G): the forecast of the cost lines of
 *       budget group G over the year's total forecast costs (unbudgeted
 *       costs included) <= P uppnått, else ej uppnått. No cost line in G,
 *       or total costs <= 0: kan ej bedömas.
 *   resultat-mot-budget (tolerance P, default 0): forecast result >=
 *       budgeted result uppnått; >= budgeted result − P of the budgeted
 *       costs delvis uppnått; else ej uppnått.
 *   insatser-mot-budget (group G optional): the interventions are the
 *       cost lines that select an object (of group G when given); all
 *       with forecast <= budget uppnått, some delvis uppnått, none ej
 *       uppnått. No such line: kan ej bedömas.
 *
 * A group is a budget line's group as the budget names it, matched
 * exactly. Comparisons are exact (in 128-bit integers); shares in the text
 * are rounded half away from zero to hundredths of a percent. A förbund
 * with no goals is judged by the default goal: eget-kapital-andel 20 %,
 * the practice of the law (an equity at the year's end of at most a fifth
 * of the contributions). See docs/plan.md.
 */
#ifndef FINSAM_PLAN_FIN_GOALS_H
#define FINSAM_PLAN_FIN_GOALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plan/forecast.h"
#include "store/store.h"
#include "util/error.h"
#include "util/money.h"

enum fin_goal_kind {
	FGK_EQUITY_SHARE,  /* eget-kapital-andel */
	FGK_EQUITY_RANGE,  /* eget-kapital-intervall */
	FGK_ADMIN_SHARE,   /* administration-andel */
	FGK_RESULT,        /* resultat-mot-budget */
	FGK_INTERVENTIONS, /* insatser-mot-budget */
};

/* The default goal's ceiling: 20 % of the contributions. */
#define FIN_GOAL_DEFAULT_EQUITY_BP 2000
/* The longest label or group name stored, in bytes. */
#define FIN_GOAL_TEXT_MAX 500

const char *fin_goal_kind_name(enum fin_goal_kind k); /* "eget-kapital-andel", ... */
bool fin_goal_kind_parse(const char *s, enum fin_goal_kind *out);

struct fin_goal {
	int64_t id;         /* its number in the store; 0 for the default goal */
	enum fin_goal_kind kind;
	char *label;        /* the board's wording, "" for none */
	bool has_percent;
	int64_t percent_bp; /* the share or tolerance, hundredths of a percent */
	bool has_min, has_max;
	money_t min_amount; /* eget-kapital-intervall: the bounds, öre */
	money_t max_amount;
	char *group;        /* the budget group, "" for none */
};

/* Fill out with the default goal (eget-kapital-andel 20 %, id 0). */
void fin_goal_default(struct fin_goal *out);
/* Free a goal's strings (of fin_goal_default or a copy). */
void fin_goal_free(struct fin_goal *g);

/* The goal in words made from its kind and limits, whatever its label:
 * "Eget kapital högst 20 % av medlemsbidragen". Free it. */
char *fin_goal_describe(const struct fin_goal *g);
/* The goal as people read it: its label, or fin_goal_describe. Free it. */
char *fin_goal_title(const struct fin_goal *g);

/* Check g and store it, with the kind's default percentage filled in when
 * it has none; sets g->id. ERR_USAGE, saying what is wrong, for a value
 * its kind does not take, a missing percentage, group or bound, a minimum
 * above the maximum, or a value out of range; nothing is stored then. */
bool fin_goal_add(struct store *st, struct fin_goal *g, struct error *err);
/* Remove goal `id`; ERR_INPUT when there is none. */
bool fin_goal_remove(struct store *st, int64_t id, struct error *err);
/* The stored goals in the order they were added (none: *n 0); free with
 * fin_goal_list_free. */
bool fin_goal_list(struct store *st, struct fin_goal **out, size_t *n, struct error *err);
void fin_goal_list_free(struct fin_goal *g, size_t n);

enum fin_goal_status {
	FGS_MET,     /* uppnått */
	FGS_PARTLY,  /* delvis uppnått */
	FGS_NOT_MET, /* ej uppnått */
	FGS_UNKNOWN, /* kan ej bedömas */
};

const char *fin_goal_status_name(enum fin_goal_status s); /* "uppnått", ... */
const char *fin_goal_status_code(enum fin_goal_status s); /* "met", "partly", "not_met", "unknown" */

/* One goal evaluated. Figures that do not apply to its kind, or that the
 * table does not give, are absent (has_* false). */
struct fin_goal_result {
	struct fin_goal goal;       /* a copy of the goal */
	char *title;                /* fin_goal_title */
	char *limit;                /* the limit as text: "högst 20 %", "minst -817 710 kr" */
	char *value;                /* the value judged as text: "23,83 %", "11 av 11"; ""
				     * when unknown */
	enum fin_goal_status status;
	char *explanation;          /* a Swedish sentence or two, with the figures */
	bool has_share, has_start_share;
	int64_t share_bp;           /* the andel goals: the share at the year's end */
	int64_t start_share_bp;     /* eget-kapital-andel: the share at the year's start */
	bool has_amount, has_start_amount, has_base;
	money_t amount;             /* the amount judged: the forecast equity at the year's
				     * end (equity goals), the group's forecast costs
				     * (administration), the forecast result (result) */
	money_t start_amount;       /* equity goals: the opening equity */
	money_t base;               /* what a share is of, or what is compared against:
				     * the contributions, the total forecast costs, the
				     * budgeted result */
	bool has_lines;
	size_t lines_within, lines; /* insatser-mot-budget: lines within budget, of all */
};

/* Evaluate goal g against ft (from forecast_compute) into out (free with
 * fin_goal_result_free). Cannot fail: what the table does not allow to be
 * judged is FGS_UNKNOWN, and the explanation says why. */
void fin_goal_evaluate(const struct fin_goal *g, const struct forecast_table *ft,
		       struct fin_goal_result *out);
void fin_goal_result_free(struct fin_goal_result *r);

/* Evaluate every stored goal against ft, or the default goal when there
 * are none (*defaulted true then); *out gets *n results, free with
 * fin_goal_results_free. */
bool fin_goal_evaluate_all(struct store *st, const struct forecast_table *ft,
			   struct fin_goal_result **out, size_t *n, bool *defaulted,
			   struct error *err);
void fin_goal_results_free(struct fin_goal_result *r, size_t n);

#endif
