/*
 * members — the förbund's members, how the municipalities split their
 * quarter, and what each member offers per year; kept in the store and
 * read from CSV (Kod;Namn;Typ;Andel;Folkmängd;Konton;Erbjudande ÅÅÅÅ...,
 * see docs/plan.md). The rule that turns offers into contributions is
 * plan/contributions.h.
 */
#ifndef FINSAM_PLAN_MEMBERS_H
#define FINSAM_PLAN_MEMBERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "plan/contributions.h"
#include "store/store.h"
#include "util/error.h"
#include "util/money.h"

/* How the municipalities split their quarter. */
enum municipal_split { SPLIT_SHARES, SPLIT_POPULATION };

struct member {
	char *code;            /* short name used on the command line ("ORK") */
	char *name;
	enum member_kind kind;
	int32_t share_bp;      /* fixed share of its kind's part, hundredths of a percent */
	int64_t population;    /* inhabitants, for the population split */
	char *accounts;        /* account prefixes its contributions are booked on */
	bool has_offer;        /* it has an offer for the year asked */
	money_t offer;
};

struct member_list {
	int year;                    /* the year of the offers */
	enum municipal_split split;
	struct member *m;
	size_t n;
};

const char *municipal_split_name(enum municipal_split s); /* "andel", "folkmängd" */
bool municipal_split_parse(const char *s, enum municipal_split *out);

/* The members with their offers for `year`, in the order they were entered. */
bool members_load(struct store *st, int year, struct member_list *out, struct error *err);
void members_free(struct member_list *l);

/* The rule's input for the members (weights by the split); the array has
 * l->n entries pointing into l; free it with free(). A member without an
 * offer offers 0. */
struct contrib_member *members_contrib_input(const struct member_list *l);

/* Replace the member register by the file at `path`, offers included, in
 * one transaction; *count gets the number of members. */
bool members_csv_import(struct store *st, const char *path, size_t *count, struct error *err);
/* Write the register with every year's offers as CSV. */
bool members_csv_write(struct store *st, FILE *f, struct error *err);

bool members_set_split(struct store *st, enum municipal_split split, struct error *err);
/* Set member `code`'s offer for `year`. */
bool members_set_offer(struct store *st, const char *code, int year, money_t offer,
		       struct error *err);

/* What the books show each member has paid in `year` through the books'
 * last day (the credit on its accounts); booked[i] per member, 0 when the
 * year has no books. */
bool members_booked(struct store *st, const struct member_list *l, money_t *booked,
		    struct error *err);

#endif
