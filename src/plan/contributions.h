/*
 * contributions — the law's rule for members' contributions.
 *
 * A samordningsförbund is funded by its members (SFS 2003:1210, 7-8 §§):
 * the state (Försäkringskassan and Arbetsförmedlingen together) pays half
 * of the total, the region a quarter and the municipalities together a
 * quarter. Within a kind with several members the kind's part is split by
 * weights (fixed shares such as 9500/500 for 95 % and 5 %, or population
 * figures). Each member states what it offers; the offers give the largest
 * total the rule allows, every member's contribution to it, who limits it
 * and what is left of each offer. See docs/plan.md for the rule, the
 * rounding and a worked example.
 *
 * Pure computation in integers: no store, no I/O, no floating point.
 */
#ifndef FINSAM_PLAN_CONTRIBUTIONS_H
#define FINSAM_PLAN_CONTRIBUTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "util/money.h"

enum member_kind {
	MEMBER_STATE,        /* Försäkringskassan, Arbetsförmedlingen: 1/2 */
	MEMBER_REGION,       /* the region: 1/4 */
	MEMBER_MUNICIPALITY, /* the municipalities together: 1/4 */
};

#define MEMBER_KINDS 3

/* Limits of contrib_compute's input; beyond them it refuses (ERR_INPUT),
 * which keeps every intermediate product within 128 bits. */
#define CONTRIB_WEIGHT_MAX  ((int64_t)1000000000) /* a weight: 10^9 */
#define CONTRIB_MEMBERS_MAX 1000                  /* members of a förbund */

/* One member and its offer. */
struct contrib_member {
	const char *name;      /* for messages ("Örebro kommun"); may be NULL */
	enum member_kind kind;
	int64_t weight;        /* share within its kind, 0..CONTRIB_WEIGHT_MAX;
				* ignored when the member is alone of its kind */
	money_t offer;         /* öre the member offers, 0..MONEY_MAX */
};

/* What the rule makes of one member's offer. */
struct contrib_share {
	money_t contribution; /* öre it pays: 0..offer */
	money_t unused;       /* offer - contribution */
	bool binding;         /* its offer is what limits the total (all members
			       * whose limit equals the smallest are marked);
			       * after rounding it keeps at most 2 öre unused */
};

struct contrib_result {
	money_t total;                   /* T: a multiple of 4 öre */
	money_t kind_total[MEMBER_KINDS]; /* T/2, T/4, T/4, by enum member_kind */
	struct contrib_share *shares;    /* one per member, in the input order */
	size_t n;                        /* number of shares */
	const char *missing;             /* static Swedish reason why T is 0 when
					  * a kind has no member (the first such
					  * kind), else NULL */
};

/* Compute the largest total T the rule allows for the offers of the n
 * members m, and each member's share of it, into *out (free with
 * contrib_result_free; *out is always left freeable).
 *
 * T is the largest multiple of 4 öre such that, for every member i of kind
 * k with weight w_i out of its kind's W_k, q_k * T * w_i / W_k <= offer_i
 * exactly (q_k = 1/2 for the state, 1/4 otherwise). The kind parts T/2,
 * T/4, T/4 are split among the kind's members by contrib_split, so the
 * contributions sum exactly to T and none exceeds its offer. A member with
 * weight 0 in a kind of several pays nothing and limits nothing.
 *
 * A kind without any member is not an error: T is 0, nothing binds, and
 * out->missing says which kind is missing.
 *
 * Fails with ERR_INPUT (a Swedish message naming the member) on a negative
 * or too large offer or weight, on several members of a kind whose weights
 * are all 0, on an unknown kind and on more than CONTRIB_MEMBERS_MAX
 * members. */
bool contrib_compute(const struct contrib_member *m, size_t n, struct contrib_result *out,
		     struct error *err);
/* Free what contrib_compute allocated and empty *r; safe to call twice. */
void contrib_result_free(struct contrib_result *r);

/* Split total (öre, either sign) among n parts in proportion to weights
 * (each >= 0, their sum > 0) by the largest-remainder method: every part
 * first gets its exact quota rounded toward zero, and the öre left over go
 * one each to the parts with the largest remainders, earlier parts first
 * on equal remainders. The parts sum exactly to total; each is within one
 * öre of its exact quota and never further from zero than the quota
 * rounded away from zero; a part of weight 0 gets 0. A negative total is
 * split as the mirror of its magnitude (split(-x) = -split(x)). Writes n
 * parts to out; false (out untouched) when a weight is negative or the
 * weights sum to 0. Works for any int64 total and weights (exact in 128
 * bits). */
bool contrib_split(money_t total, const int64_t *weights, size_t n, money_t *out);

/* "stat", "region" or "kommun". */
const char *member_kind_name(enum member_kind k);
/* Parse "stat" (or "staten"), "region" or "kommun"; false if s is none. */
bool member_kind_parse(const char *s, enum member_kind *out);

#endif
