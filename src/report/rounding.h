/*
 * rounding — whole kronor for print, so that printed tables add up.
 *
 * Plain rounding rounds every figure half away from zero; then the
 * printed lines of a sum need not add up to the printed sum (the seed's
 * balance sheet prints 6 290 501 and 6 290 500 for two sides that are
 * equal in öre). Largest-remainder rounding (Hamilton's method) keeps
 * every sum rounded as it is and shares its kronor out among its parts:
 * each part gets its amount rounded down, and the kronor still missing go
 * to the parts with the largest remainders. Sums are handled from the
 * top level down, so a sum that is itself a part (a subtotal in a total)
 * is fixed before its own parts are shared out. Every printed figure is
 * then within one krona of its exact amount.
 *
 * A figure printed elsewhere too (the result in both statements, a
 * note's sum and its statement line) is pinned to the value printed
 * there; the sum it belongs to shares out what is left among the others.
 *
 * A table whose lines are quoted one by one elsewhere (the forecast's
 * lines in the intervention cards) is rounded the other way round: each
 * line on its own, and each sum as the sum of its printed parts
 * (round_items_up).
 */
#ifndef FINSAM_REPORT_ROUNDING_H
#define FINSAM_REPORT_ROUNDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/money.h"

/* One figure of a table: its exact amount and how it sums. */
struct round_item {
	money_t exact;          /* öre */
	int sum_level;          /* 0: a part only; 1..3: a sum (see statement.h) */
	bool skip;              /* no figure (a heading) */
	bool pinned;            /* printed as `pin`, whatever its exact amount */
	int64_t pin;
};

/* The parts of the sum at index i (statement.h's levels): their indexes
 * into parts (sized n), count returned. */
size_t round_parts(const struct round_item *items, size_t n, size_t i, size_t *parts);

/* Whole kronor for each item into shown[n]. */
void round_items(const struct round_item *items, size_t n, bool largest_remainder,
		 int64_t *shown);
/* Lines rounded on their own, sums the sums of their printed parts. */
void round_items_up(const struct round_item *items, size_t n, int64_t *shown);

#endif
