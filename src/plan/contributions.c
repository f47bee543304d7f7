/*
 * contributions — the law's rule for members' contributions; see
 * contributions.h and docs/plan.md.
 *
 * Every limit is a fraction compared exactly: products of öre and weights
 * are unsigned 128-bit integers. With offers up to MONEY_MAX (< 2^50),
 * weights up to CONTRIB_WEIGHT_MAX (< 2^30) and at most
 * CONTRIB_MEMBERS_MAX members (a kind's weights sum to < 2^40), a limit's
 * numerator offer * d * W stays below 2^92 and a cross product of two
 * limits below 2^122.
 */
#include "plan/contributions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

typedef unsigned __int128 u128;

static const char *const kind_names[MEMBER_KINDS] = { "stat", "region", "kommun" };

/* The kind's part of T is T / divisor: the state 1/2, the others 1/4. */
static const unsigned kind_divisor[MEMBER_KINDS] = { 2, 4, 4 };

static const char *const missing_reason[MEMBER_KINDS] = {
	"förbundet saknar medlem av typen stat",
	"förbundet saknar medlem av typen region",
	"förbundet saknar medlem av typen kommun",
};

const char *member_kind_name(enum member_kind k)
{
	return (unsigned)k < MEMBER_KINDS ? kind_names[k] : "okänd";
}

bool member_kind_parse(const char *s, enum member_kind *out)
{
	static const struct {
		const char *name;
		enum member_kind kind;
	} names[] = {
		{ "stat", MEMBER_STATE },
		{ "staten", MEMBER_STATE },
		{ "region", MEMBER_REGION },
		{ "kommun", MEMBER_MUNICIPALITY },
	};
	for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].kind;
			return true;
		}
	}
	return false;
}

/* One part of a split while the left-over öre are handed out. */
struct split_part {
	u128 rem;      /* |total| * weight mod sum of weights */
	uint64_t part; /* öre so far, as a magnitude */
	size_t index;  /* position in the caller's arrays */
};

/* Largest remainder first; on equal remainders the earlier part. */
static int by_remainder(const void *a, const void *b)
{
	const struct split_part *x = a, *y = b;
	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/*
 * Why no part ends beyond its quota rounded away from zero: with magnitude
 * M, weights w_i summing to W, the exact quota of part i is M*w_i/W =
 * q_i + r_i/W with 0 <= r_i < W. The öre left after the q_i are
 * L = M - sum q_i = sum r_i / W. If P parts have r_i > 0, then L < P
 * (each r_i/W < 1) and L = 0 when P = 0. The L parts that get one öre
 * more are the first L by decreasing remainder, so all have r_i > 0: a
 * part whose quota is whole gets exactly it, any other at most q_i + 1,
 * its quota rounded up. Hence also: a part of weight 0 gets 0.
 */
bool contrib_split(money_t total, const int64_t *weights, size_t n, money_t *out)
{
	u128 sum = 0; /* n int64 weights: below 2^127 */
	for (size_t i = 0; i < n; i++) {
		if (weights[i] < 0)
			return false;
		sum += (u128)weights[i];
	}
	if (sum == 0)
		return false;

	bool neg = total < 0;
	uint64_t mag = neg ? 0 - (uint64_t)total : (uint64_t)total; /* INT64_MIN too */
	struct split_part *parts = xcalloc(n, sizeof *parts);
	uint64_t given = 0;
	for (size_t i = 0; i < n; i++) {
		u128 prod = (u128)mag * (u128)weights[i]; /* < 2^126 */
		parts[i].part = (uint64_t)(prod / sum);   /* <= mag */
		parts[i].rem = prod % sum;
		parts[i].index = i;
		given += parts[i].part;
	}
	uint64_t left = mag - given; /* < n, see above */
	if (left > 0) {
		qsort(parts, n, sizeof *parts, by_remainder);
		for (uint64_t j = 0; j < left; j++)
			parts[j].part++;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t p = parts[i].part;
		money_t v;
		if (!neg)
			v = (money_t)p;
		else if (p == 0)
			v = 0;
		else
			v = -(money_t)(p - 1) - 1; /* p may be 2^63 when total is INT64_MIN */
		out[parts[i].index] = v;
	}
	free(parts);
	return true;
}

void contrib_result_free(struct contrib_result *r)
{
	free(r->shares);
	memset(r, 0, sizeof *r);
}

/* The member's name for a message, or "medlem N" (1-based) without one. */
static const char *label(const struct contrib_member *mb, size_t i, char *buf, size_t size)
{
	if (mb->name && *mb->name)
		return mb->name;
	snprintf(buf, size, "medlem %zu", i + 1);
	return buf;
}

/* Refuse what the rule cannot take: see contrib_compute's contract. */
static bool check_members(const struct contrib_member *m, size_t n, size_t count[],
			  int64_t weight_sum[], struct error *err)
{
	if (n > CONTRIB_MEMBERS_MAX) {
		error_set(err, ERR_INPUT, "ett förbund kan ha högst %d medlemmar, inte %zu",
			  CONTRIB_MEMBERS_MAX, n);
		return false;
	}
	char buf[32], amount[64];
	for (size_t i = 0; i < n; i++) {
		const struct contrib_member *mb = &m[i];
		const char *who = label(mb, i, buf, sizeof buf);
		if ((unsigned)mb->kind >= MEMBER_KINDS) {
			error_set(err, ERR_INPUT, "%s har en okänd medlemstyp (%d)", who,
				  (int)mb->kind);
			return false;
		}
		if (mb->offer < 0 || mb->offer > MONEY_MAX) {
			money_format_sv(mb->offer, &money_style_terminal, amount, sizeof amount);
			if (mb->offer < 0)
				error_set(err, ERR_INPUT,
					  "%s erbjuder %s kr, men ett erbjudande kan inte vara negativt",
					  who, amount);
			else
				error_set(err, ERR_INPUT,
					  "%s erbjuder %s kr, men ett erbjudande får vara högst "
					  "10 000 000 000 000 kr",
					  who, amount);
			return false;
		}
		if (mb->weight < 0) {
			error_set(err, ERR_INPUT,
				  "%s har vikten %lld, men en vikt kan inte vara negativ", who,
				  (long long)mb->weight);
			return false;
		}
		if (mb->weight > CONTRIB_WEIGHT_MAX) {
			error_set(err, ERR_INPUT,
				  "%s har vikten %lld, men en vikt får vara högst 1 000 000 000",
				  who, (long long)mb->weight);
			return false;
		}
		count[mb->kind]++;
		weight_sum[mb->kind] += mb->weight; /* <= 1000 * 10^9 */
	}
	for (int k = 0; k < MEMBER_KINDS; k++) {
		if (count[k] > 1 && weight_sum[k] == 0) {
			error_set(err, ERR_INPUT,
				  "alla %zu medlemmar av typen %s har vikten 0, så deras del går "
				  "inte att fördela; ange andelar eller folkmängd",
				  count[k], kind_names[k]);
			return false;
		}
	}
	return true;
}

/*
 * Split each kind's part among its members by contrib_split. No
 * contribution exceeds its offer: T <= T_real, so member i's exact quota
 * x_i = T * w_i / (d_k * W_k) is at most offer_i. contrib_split gives it
 * at most x_i rounded up (see there), and since offer_i is a whole number
 * of öre, ceil(x_i) <= offer_i.
 */
static bool split_kinds(const struct contrib_member *m, size_t n, const size_t count[],
			struct contrib_result *out)
{
	int64_t *weights = xcalloc(n, sizeof *weights);
	money_t *parts = xcalloc(n, sizeof *parts);
	size_t *at = xcalloc(n, sizeof *at);
	bool ok = true;
	for (int k = 0; k < MEMBER_KINDS && ok; k++) {
		size_t c = 0;
		for (size_t i = 0; i < n; i++) {
			if ((int)m[i].kind != k)
				continue;
			weights[c] = count[k] == 1 ? 1 : m[i].weight;
			at[c++] = i;
		}
		ok = contrib_split(out->kind_total[k], weights, c, parts);
		for (size_t j = 0; ok && j < c; j++)
			out->shares[at[j]].contribution = parts[j];
	}
	free(weights);
	free(parts);
	free(at);
	return ok;
}

/* The limit member mb's offer puts on T, as the fraction num / den:
 * offer * d_k * W_k / w (a lone member of its kind: offer * d_k / 1).
 * den = 0: a weight of 0 limits nothing. */
static void member_limit(const struct contrib_member *mb, const size_t count[],
			 const int64_t weight_sum[], u128 *num, u128 *den)
{
	int k = (int)mb->kind;
	bool alone = count[k] == 1;
	*den = alone ? 1 : (u128)mb->weight;
	*num = (u128)mb->offer * kind_divisor[k] * (alone ? 1 : (u128)weight_sum[k]);
}

bool contrib_compute(const struct contrib_member *m, size_t n, struct contrib_result *out,
		     struct error *err)
{
	memset(out, 0, sizeof *out);
	size_t count[MEMBER_KINDS] = { 0 };
	int64_t weight_sum[MEMBER_KINDS] = { 0 };
	if (!check_members(m, n, count, weight_sum, err))
		return false;

	out->shares = xcalloc(n, sizeof *out->shares);
	out->n = n;
	for (size_t i = 0; i < n; i++)
		out->shares[i].unused = m[i].offer;
	for (int k = 0; k < MEMBER_KINDS; k++) {
		if (count[k] == 0) {
			out->missing = missing_reason[k];
			return true;
		}
	}

	/*
	 * Member i of kind k pays T * w_i / (d_k * W_k), so its offer allows
	 * T <= offer_i * d_k * W_k / w_i =: num_i / den_i. T_real is the
	 * smallest such fraction over the members with w_i > 0 (every kind has
	 * one: a lone member counts with w = W = 1, and several members with
	 * all weights 0 were refused). Summing a kind's constraints gives
	 * T_real <= d_k * (the kind's offers) <= 4 * 1000 * 10^15, within int64.
	 */
	u128 best_num = 0, best_den = 0, num, w;
	for (size_t i = 0; i < n; i++) {
		member_limit(&m[i], count, weight_sum, &num, &w);
		if (w == 0)
			continue;
		if (best_den == 0 || num * best_den < best_num * w) {
			best_num = num;
			best_den = w;
		}
	}
	/* The largest multiple of 4 öre not above T_real: then T/2 and T/4
	 * are whole öre, and floor(T_real / 4) = floor(num / (4 den)). */
	u128 total = best_num / (best_den * 4) * 4;
	if (total > (u128)INT64_MAX) {
		error_set(err, ERR_INTERNAL, "insatsregeln gav en orimligt stor summa");
		contrib_result_free(out);
		return false;
	}
	out->total = (money_t)total;
	for (int k = 0; k < MEMBER_KINDS; k++)
		out->kind_total[k] = out->total / kind_divisor[k];

	/* The binding members: those whose own limit is T_real exactly. */
	for (size_t i = 0; i < n; i++) {
		member_limit(&m[i], count, weight_sum, &num, &w);
		out->shares[i].binding = w > 0 && num * best_den == best_num * w;
	}

	if (!split_kinds(m, n, count, out)) {
		error_set(err, ERR_INTERNAL, "insatserna gick inte att fördela");
		contrib_result_free(out);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		out->shares[i].unused = m[i].offer - out->shares[i].contribution;
	return true;
}
