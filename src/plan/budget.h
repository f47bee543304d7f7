/*
 * budget — the förbund's budget: versions, lines, monthly profiles and the
 * multi-year plan, kept in the store.
 *
 * A budget belongs to a calendar year (a förbund's fiscal year is the
 * calendar year). It has versions: the adopted budget (version 1) and each
 * revision the board decides later, with its date and decision reference;
 * whatever compares against a budget says which version it used.
 *
 * A line is what people budget: "Coachingteam Örebro", "Personal",
 * "Medlemsbidrag". It selects amounts in the books by account number
 * prefixes and optionally one object (an intervention), so its actual
 * outcome comes from the books (see plan/actuals.h). Amounts are written
 * as people write a budget: income and costs both positive; a
 * financial line is net, income positive.
 */
#ifndef FINSAM_PLAN_BUDGET_H
#define FINSAM_PLAN_BUDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/date.h"
#include "util/error.h"
#include "util/money.h"

/* What a line is. */
enum budget_kind {
	BK_CONTRIBUTIONS, /* members' contributions (medlemsbidrag), income */
	BK_INCOME,        /* other operating income */
	BK_COST,          /* operating costs */
	BK_FINANCIAL,     /* net financial items, income positive */
};

/* The multi-year plan: at most this many later years beside the budget. */
#define BUDGET_PLAN_MAX 3
/* Hundredths of a percent in a whole: a profile sums to this. */
#define BUDGET_PROFILE_WHOLE 10000

struct budget_line {
	enum budget_kind kind;
	char *group;          /* "Direkta verksamhetskostnader"; never NULL */
	char *subgroup;       /* "Projekt/individinsatser", "" for none */
	char *sum_label;      /* its group's sum row ("Summa kansli och personal"),
			       * NULL for "Summa <group>"; kept per group name */
	char *name;           /* unique within the version */
	char *accounts;       /* account number prefixes, comma-separated; "" none */
	int object_dim;       /* the object's dimension, 0 when the line has none */
	char *object_code;    /* the object's code, NULL when none */
	money_t amount;       /* the year's budget */
	bool has_profile;     /* false: even months */
	int32_t profile[12];  /* January first, hundredths of a percent, sum 10000 */
	money_t plan[BUDGET_PLAN_MAX]; /* the amount in each plan year of the budget */
	long source_line;     /* input line it came from (messages), 0 from the store */
};

struct budget {
	int64_t version_id;   /* 0 until saved */
	int year;             /* calendar year */
	int seq;              /* 1 adopted, 2... revisions */
	char *name;           /* "Antagen budget 2023", "Reviderad budget 2023 (2)" */
	date_t decided;       /* the board's decision, 0 unknown */
	char *decision_ref;   /* "§ 45", "" unknown */
	char *source;         /* file it came from, "" when typed */
	int plan_years[BUDGET_PLAN_MAX]; /* the calendar years of the plan, ascending */
	size_t nplan;
	struct budget_line *lines;
	size_t nlines, lines_cap;
};

/* A version as listed by budget_versions. */
struct budget_version_info {
	int year, seq;
	char *name;
	date_t decided;
	char *decision_ref;
	char *source;
	char *created;
	size_t nlines;
	money_t income, costs, financial; /* sums over the lines by kind class */
};

const char *budget_kind_name(enum budget_kind k);   /* "bidrag", "intäkt", ... (the store) */
const char *budget_kind_label(enum budget_kind k);  /* "Medlemsbidrag", "Intäkt", ... (people) */
/* Parse a kind as people or the store write it (case-insensitive). */
bool budget_kind_parse(const char *s, enum budget_kind *out);
/* Whether the kind counts as income (contributions and other income). */
bool budget_kind_is_income(enum budget_kind k);

void budget_init(struct budget *b, int year);
void budget_free(struct budget *b);
/* Append a zeroed line (strings NULL) and return it. */
struct budget_line *budget_add_line(struct budget *b);
/* The line called `name`, or NULL. */
const struct budget_line *budget_find_line(const struct budget *b, const char *name);
/* Deep copy of src into dst (an uninitialised struct). */
void budget_copy(struct budget *dst, const struct budget *src);

/* Sum of the year's budget by kind class (income, costs, net financial),
 * and the budgeted result. */
money_t budget_total(const struct budget *b, enum budget_kind k);
money_t budget_result(const struct budget *b);
/* The same for plan year index i (0..nplan-1). */
money_t budget_plan_total(const struct budget *b, size_t i, enum budget_kind k);
money_t budget_plan_result(const struct budget *b, size_t i);

/* A line's budget from the year's start to the end of month `months`
 * (0..12) by its profile, rounded half away from zero; at 12 it is the
 * whole amount, so the months of a year always add up. */
money_t budget_line_through(const struct budget_line *l, int months);
/* The shares of an even profile (833 or 834 hundredths, summing to 10000). */
void budget_even_profile(int32_t profile[12]);

/* How well account number `number` matches `prefixes` (comma-separated):
 * the length of the longest matching prefix, 0 for "", -1 for no match. */
int plan_prefix_match(const char *prefixes, const char *number);

/* The budget of `year` as the latest decision has it: the year's own
 * latest version, else the plan column for `year` of the latest version of
 * an earlier year (amounts taken from the plan; *basis says which, e.g.
 * "Plan 2024 i Antagen budget 2023"; free it). */
bool budget_load_for_year(struct store *st, int year, struct budget *out, char **basis,
			  struct error *err);

/* Check a budget before it is saved: names unique, no two lines selecting
 * the same accounts and object, every prefix matching an account of the
 * chart, every object existing, profiles summing to 100 %, plan years
 * after the year. Messages name b->source and the line's source_line. */
bool budget_validate(struct store *st, const struct budget *b, struct error *err);

/* Save b as a new version of its year, in one transaction: the adopted
 * budget when the year has none (refused when it has, unless `revision`),
 * otherwise the next revision. Sets b->version_id, seq and (when empty) name.
 * When the caller has a transaction open, b is written in it (with the
 * caller's other writes, such as a change-log row); the caller then
 * commits, or rolls back on failure. */
bool budget_save(struct store *st, struct budget *b, bool revision, struct error *err);

/* A draft of the next revision of `year`: its latest version without that
 * version's own facts (id, name, source, decision), to change and save
 * with budget_save(..., true). ERR_INPUT when the year has no budget. */
bool budget_revision_draft(struct store *st, int year, struct budget *out, struct error *err);

/* Set the amount of b's line called `name`; *old (may be NULL) gets the
 * amount it had. ERR_INPUT when b has no such line (b unchanged). */
bool budget_set_line_amount(struct budget *b, const char *name, money_t amount, money_t *old,
			    struct error *err);

/* Load version `seq` of `year` (0: the latest). ERR_INPUT when there is none. */
bool budget_load(struct store *st, int year, int seq, struct budget *out, struct error *err);
/* The year plan commands use when none is given: the latest year with a
 * budget that the books have reached, else the latest year with a budget;
 * ERR_INPUT when there is no budget at all. */
bool budget_default_year(struct store *st, int *year, struct error *err);
/* Whether `year` has a budget. */
bool budget_exists(struct store *st, int year, bool *out, struct error *err);

/* The versions of `year` (all years when 0), oldest first. */
bool budget_versions(struct store *st, int year, struct budget_version_info **out, size_t *n,
		     struct error *err);
void budget_versions_free(struct budget_version_info *v, size_t n);

/* Profile text as stored ("833,833,...") to shares and back. */
bool budget_profile_parse(const char *s, int32_t profile[12]);

#endif
