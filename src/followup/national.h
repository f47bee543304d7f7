/*
 * followup/national — the figures the national follow-up system (Uppföljning
 * Finsam) asks of a förbund each year, so the office stops retyping them:
 * allocated funds (the members' contributions: budget and booked), equity
 * at the year's start and at the day asked for, administration (budget and
 * actual), and per intervention its budget and actual costs, planned
 * participants and participants by sex.
 *
 * Administration is the budget lines of one group: `admin_group` when
 * given, else the group of the förbund's administration-andel goal, else
 * the first group whose name begins with "Administra". Participants come
 * from each intervention's statistics record that ends last within the
 * year (through `to`); with `published`, counts follow the publishing rule
 * (followup/stats.h), so a small count reads "<5".
 */
#ifndef FINSAM_FOLLOWUP_NATIONAL_H
#define FINSAM_FOLLOWUP_NATIONAL_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "util/date.h"
#include "util/error.h"
#include "util/money.h"

struct fu_national_row {
	const char *area;       /* "förbund" or "insats" (static) */
	char *code;             /* the intervention's code, "" for the förbund */
	char *name;             /* the intervention's name, or the förbund's */
	const char *key;        /* field key, English snake_case (static) */
	const char *label;      /* field label, Swedish (static) */
	bool is_amount;         /* amount (öre) or count */
	bool known;             /* false: the store does not give it */
	money_t amount;
	char *count;            /* the count as published: "9", "<5", "x"; NULL for amounts */
};

struct fu_national {
	int year;
	date_t to;              /* actual outcome through this day */
	char *basis;            /* the budget used, "" without */
	char *admin_group;      /* the administration group used, "" when none found */
	struct fu_national_row *rows;
	size_t n;
};

bool fu_national_compute(struct store *st, int year, date_t to, const char *admin_group,
			 bool published, struct fu_national *out, struct error *err);
void fu_national_free(struct fu_national *n);

#endif
