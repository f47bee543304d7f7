/*
 * Unit tests of plan/contributions: the law's rule for members'
 * contributions (the state 1/2, the region 1/4, the municipalities 1/4),
 * its rounding to whole öre, and the largest-remainder split. Expected
 * figures are computed by hand; a randomised test checks the rule's
 * properties over thousands of offers.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include "plan/contributions.h"
#include "util/xalloc.h"

typedef unsigned __int128 u128;

#define KR(x) ((money_t)(x) * 100)
#define N(a)  (sizeof(a) / sizeof((a)[0]))

/* The seed förbund, Finsam Lekeberg Örebro 2023, a whole year. The lone
 * state and region state no weight: alone of their kind, it is ignored. */
static const struct contrib_member seed_year[] = {
	{ "Staten", MEMBER_STATE, 0, KR(4000000) },
	{ "Region Örebro län", MEMBER_REGION, 0, KR(2000000) },
	{ "Örebro kommun", MEMBER_MUNICIPALITY, 9500, KR(1900000) },
	{ "Lekebergs kommun", MEMBER_MUNICIPALITY, 500, KR(100000) },
};

static struct contrib_result compute_ok(const struct contrib_member *m, size_t n)
{
	struct contrib_result r;
	struct error err = ERROR_INIT;
	if (!contrib_compute(m, n, &r, &err))
		fail_msg("contrib_compute: %s", err.msg);
	assert_int_equal(r.n, n);
	return r;
}

/* contrib_compute fails with ERR_INPUT and a message containing `want`. */
static void compute_fails(const struct contrib_member *m, size_t n, const char *want)
{
	struct contrib_result r;
	struct error err = ERROR_INIT;
	assert_false(contrib_compute(m, n, &r, &err));
	assert_int_equal(err.code, ERR_INPUT);
	if (!strstr(err.msg, want))
		fail_msg("\"%s\" does not say \"%s\"", err.msg, want);
	assert_null(r.shares);
	contrib_result_free(&r);
	error_clear(&err);
}

static void assert_share(const struct contrib_result *r, size_t i, money_t contribution,
			 money_t unused, bool binding)
{
	assert_int_equal(r->shares[i].contribution, contribution);
	assert_int_equal(r->shares[i].unused, unused);
	if (r->shares[i].binding != binding)
		fail_msg("member %zu: binding is %d, expected %d", i, r->shares[i].binding,
			 binding);
}

static void assert_kinds(const struct contrib_result *r, money_t total)
{
	assert_int_equal(r->total, total);
	assert_int_equal(r->kind_total[MEMBER_STATE], total / 2);
	assert_int_equal(r->kind_total[MEMBER_REGION], total / 4);
	assert_int_equal(r->kind_total[MEMBER_MUNICIPALITY], total / 4);
	assert_null(r->missing);
}

static void seed_offers_give_eight_million_and_all_bind(void **state)
{
	(void)state;
	struct contrib_result r = compute_ok(seed_year, N(seed_year));
	assert_kinds(&r, KR(8000000));
	assert_share(&r, 0, KR(4000000), 0, true);
	assert_share(&r, 1, KR(2000000), 0, true);
	assert_share(&r, 2, KR(1900000), 0, true);
	assert_share(&r, 3, KR(100000), 0, true);
	contrib_result_free(&r);
}

static void seed_half_year_gives_four_million_and_all_bind(void **state)
{
	(void)state;
	const struct contrib_member m[] = {
		{ "Staten", MEMBER_STATE, 0, KR(2000000) },
		{ "Region Örebro län", MEMBER_REGION, 0, KR(1000000) },
		{ "Örebro kommun", MEMBER_MUNICIPALITY, 9500, KR(950000) },
		{ "Lekebergs kommun", MEMBER_MUNICIPALITY, 500, KR(50000) },
	};
	struct contrib_result r = compute_ok(m, N(m));
	assert_kinds(&r, KR(4000000));
	assert_share(&r, 0, KR(2000000), 0, true);
	assert_share(&r, 1, KR(1000000), 0, true);
	assert_share(&r, 2, KR(950000), 0, true);
	assert_share(&r, 3, KR(50000), 0, true);
	contrib_result_free(&r);
}

/* The seed report's "4 000 000 instead of 8 000 000". */
static void orebro_halving_its_offer_halves_the_total_and_binds(void **state)
{
	(void)state;
	struct contrib_member m[N(seed_year)];
	memcpy(m, seed_year, sizeof m);
	m[2].offer = KR(950000);
	struct contrib_result r = compute_ok(m, N(m));
	assert_kinds(&r, KR(4000000));
	assert_share(&r, 0, KR(2000000), KR(2000000), false);
	assert_share(&r, 1, KR(1000000), KR(1000000), false);
	assert_share(&r, 2, KR(950000), 0, true);
	assert_share(&r, 3, KR(50000), KR(50000), false);
	contrib_result_free(&r);
}

/* Örebro 160 000 and Lekeberg 8 000 inhabitants: Örebro's part of the
 * municipalities' quarter is 20/21, so its offer allows
 * T = 950 000 * 4 * 21/20 = 3 990 000 kr (a multiple of 4 öre already). */
static void population_weights_split_the_municipal_quarter(void **state)
{
	(void)state;
	struct contrib_member m[N(seed_year)];
	memcpy(m, seed_year, sizeof m);
	m[2].weight = 160000;
	m[2].offer = KR(950000);
	m[3].weight = 8000;
	struct contrib_result r = compute_ok(m, N(m));
	assert_kinds(&r, KR(3990000));
	assert_share(&r, 0, KR(1995000), KR(2005000), false);
	assert_share(&r, 1, KR(997500), KR(1002500), false);
	assert_share(&r, 2, KR(950000), 0, true);   /* 997 500 * 20/21 */
	assert_share(&r, 3, KR(47500), KR(52500), false); /* 997 500 / 21 */
	contrib_result_free(&r);
}

/* The whole-year offers were made for 95/5; by population Örebro's
 * 1 900 000 allows only 1 900 000 * 4 * 21/20 = 7 980 000 kr. */
static void offers_made_for_fixed_shares_do_not_fit_population_weights(void **state)
{
	(void)state;
	struct contrib_member m[N(seed_year)];
	memcpy(m, seed_year, sizeof m);
	m[2].weight = 160000;
	m[3].weight = 8000;
	struct contrib_result r = compute_ok(m, N(m));
	assert_kinds(&r, KR(7980000));
	assert_share(&r, 0, KR(3990000), KR(10000), false);
	assert_share(&r, 1, KR(1995000), KR(5000), false);
	assert_share(&r, 2, KR(1900000), 0, true);
	assert_share(&r, 3, KR(95000), KR(5000), false);
	contrib_result_free(&r);
}

static void a_member_offering_nothing_makes_the_total_zero_and_binds(void **state)
{
	(void)state;
	struct contrib_member m[N(seed_year)];
	memcpy(m, seed_year, sizeof m);
	m[3].offer = 0; /* Lekeberg */
	struct contrib_result r = compute_ok(m, N(m));
	assert_kinds(&r, 0);
	for (size_t i = 0; i < N(m); i++)
		assert_share(&r, i, 0, m[i].offer, i == 3);
	contrib_result_free(&r);

	memcpy(m, seed_year, sizeof m);
	m[0].offer = 0; /* the state */
	m[1].offer = 0; /* and the region: both bind */
	r = compute_ok(m, N(m));
	assert_kinds(&r, 0);
	for (size_t i = 0; i < N(m); i++)
		assert_share(&r, i, 0, m[i].offer, i < 2);
	contrib_result_free(&r);
}

/* A member of weight 0 beside others pays nothing and limits nothing, even
 * when it offers nothing. */
static void a_weight_of_zero_beside_others_pays_and_limits_nothing(void **state)
{
	(void)state;
	struct contrib_member m[N(seed_year) + 1];
	memcpy(m, seed_year, sizeof seed_year);
	m[4] = (struct contrib_member){ "Kumla kommun", MEMBER_MUNICIPALITY, 0, 0 };
	struct contrib_result r = compute_ok(m, N(m));
	assert_kinds(&r, KR(8000000));
	assert_share(&r, 2, KR(1900000), 0, true);
	assert_share(&r, 4, 0, 0, false);
	contrib_result_free(&r);
}

/* A lone member of its kind pays the kind's whole part, whatever its
 * weight says. */
static void a_lone_members_weight_is_ignored(void **state)
{
	(void)state;
	struct contrib_member m[N(seed_year)];
	memcpy(m, seed_year, sizeof m);
	m[0].weight = 7;
	m[1].weight = 123456;
	struct contrib_result r = compute_ok(m, N(m));
	assert_kinds(&r, KR(8000000));
	assert_share(&r, 0, KR(4000000), 0, true);
	assert_share(&r, 1, KR(2000000), 0, true);
	contrib_result_free(&r);
}

/* The region's 1 200 000 kr allow T = 4 * 1 200 000 = 4 800 000 kr when the
 * others offer for 8 000 000. */
static void a_region_offering_1_2_msek_limits_the_total_to_4_8_msek(void **state)
{
	(void)state;
	struct contrib_member m[N(seed_year)];
	memcpy(m, seed_year, sizeof m);
	m[1].offer = KR(1200000);
	struct contrib_result r = compute_ok(m, N(m));
	assert_kinds(&r, KR(4800000));
	assert_share(&r, 0, KR(2400000), KR(1600000), false);
	assert_share(&r, 1, KR(1200000), 0, true);
	assert_share(&r, 2, KR(1140000), KR(760000), false);
	assert_share(&r, 3, KR(60000), KR(40000), false);
	contrib_result_free(&r);
}

/* With the others at the half-year level (allowing 4 000 000), the region's
 * 1 200 000 kr is more than the rule lets it pay: 200 000 kr unused. */
static void a_region_offering_1_2_msek_beside_smaller_offers_keeps_a_rest(void **state)
{
	(void)state;
	const struct contrib_member m[] = {
		{ "Staten", MEMBER_STATE, 0, KR(2000000) },
		{ "Region Örebro län", MEMBER_REGION, 0, KR(1200000) },
		{ "Örebro kommun", MEMBER_MUNICIPALITY, 9500, KR(950000) },
		{ "Lekebergs kommun", MEMBER_MUNICIPALITY, 500, KR(50000) },
	};
	struct contrib_result r = compute_ok(m, N(m));
	assert_kinds(&r, KR(4000000));
	assert_share(&r, 0, KR(2000000), 0, true);
	assert_share(&r, 1, KR(1000000), KR(200000), false);
	assert_share(&r, 2, KR(950000), 0, true);
	assert_share(&r, 3, KR(50000), 0, true);
	contrib_result_free(&r);
}

static void offers_above_the_rule_are_left_unused(void **state)
{
	(void)state;
	struct contrib_member m[N(seed_year)];
	memcpy(m, seed_year, sizeof m);
	m[0].offer = KR(10000000);
	struct contrib_result r = compute_ok(m, N(m));
	assert_kinds(&r, KR(8000000));
	assert_share(&r, 0, KR(4000000), KR(6000000), false);
	assert_share(&r, 1, KR(2000000), 0, true);
	assert_share(&r, 2, KR(1900000), 0, true);
	assert_share(&r, 3, KR(100000), 0, true);
	contrib_result_free(&r);
}

/* Försäkringskassan and Arbetsförmedlingen as two members sharing the
 * state's half 2:1. */
static void two_state_members_share_the_half_by_weight(void **state)
{
	(void)state;
	const struct contrib_member m[] = {
		{ "Försäkringskassan", MEMBER_STATE, 2, KR(3000000) },
		{ "Arbetsförmedlingen", MEMBER_STATE, 1, KR(1000000) },
		{ "Region Örebro län", MEMBER_REGION, 0, KR(2000000) },
		{ "Örebro kommun", MEMBER_MUNICIPALITY, 9500, KR(1900000) },
		{ "Lekebergs kommun", MEMBER_MUNICIPALITY, 500, KR(100000) },
	};
	/* Arbetsförmedlingen allows 1 000 000 * 2 * 3 = 6 000 000 kr. */
	struct contrib_result r = compute_ok(m, N(m));
	assert_kinds(&r, KR(6000000));
	assert_share(&r, 0, KR(2000000), KR(1000000), false);
	assert_share(&r, 1, KR(1000000), 0, true);
	assert_share(&r, 2, KR(1500000), KR(500000), false);
	assert_share(&r, 3, KR(1425000), KR(475000), false);
	assert_share(&r, 4, KR(75000), KR(25000), false);
	contrib_result_free(&r);
}

/*
 * Odd öre. Municipalities A, B, C weigh 3, 3, 1 (W = 7). A's 214 286 öre
 * allow T = 214 286 * 4 * 7/3 = 2 000 002,67 öre, below the state's
 * 2 * 1 000 003 = 2 000 006 and the region's 4 * 500 001 = 2 000 004, so
 * A binds and T is floored to 2 000 000 öre. The municipal quarter
 * 500 000 splits 3:3:1 as 214 285,71 + 214 285,71 + 71 428,57: floors
 * 214 285 + 214 285 + 71 428 = 499 998, remainders 5/7, 5/7, 4/7, so the
 * two öre left go to A and B. A pays its whole offer: the quota rounded up.
 */
static void rounding_floors_to_4_ore_and_splits_by_largest_remainder(void **state)
{
	(void)state;
	const struct contrib_member m[] = {
		{ "Staten", MEMBER_STATE, 1, 1000003 },
		{ "Regionen", MEMBER_REGION, 1, 500001 },
		{ "A", MEMBER_MUNICIPALITY, 3, 214286 },
		{ "B", MEMBER_MUNICIPALITY, 3, 300000 },
		{ "C", MEMBER_MUNICIPALITY, 1, 100000 },
	};
	struct contrib_result r = compute_ok(m, N(m));
	assert_kinds(&r, 2000000);
	assert_share(&r, 0, 1000000, 3, false);
	assert_share(&r, 1, 500000, 1, false);
	assert_share(&r, 2, 214286, 0, true);
	assert_share(&r, 3, 214286, 85714, false);
	assert_share(&r, 4, 71428, 28572, false);
	money_t sum = 0;
	for (size_t i = 0; i < N(m); i++)
		sum += r.shares[i].contribution;
	assert_int_equal(sum, r.total);
	contrib_result_free(&r);
}

/* The state's 1 000 001 öre allow 2 000 002: T is 2 000 000 though the
 * state binds, and it keeps 1 öre. */
static void a_binding_member_may_keep_an_ore_after_rounding(void **state)
{
	(void)state;
	const struct contrib_member m[] = {
		{ "Staten", MEMBER_STATE, 1, 1000001 },
		{ "Regionen", MEMBER_REGION, 1, 600000 },
		{ "Kommunen", MEMBER_MUNICIPALITY, 1, 600000 },
	};
	struct contrib_result r = compute_ok(m, N(m));
	assert_kinds(&r, 2000000);
	assert_share(&r, 0, 1000000, 1, true);
	assert_share(&r, 1, 500000, 100000, false);
	assert_share(&r, 2, 500000, 100000, false);
	contrib_result_free(&r);
}

static void split_gives_leftover_ore_to_the_largest_remainders(void **state)
{
	(void)state;
	money_t out[4];
	/* 100 * 1/7 = 14,29, * 2/7 = 28,57, * 4/7 = 57,14: the öre left goes
	 * to the second part, not the first. */
	assert_true(contrib_split(100, (const int64_t[]){ 1, 2, 4 }, 3, out));
	assert_int_equal(out[0], 14);
	assert_int_equal(out[1], 29);
	assert_int_equal(out[2], 57);
	/* Equal remainders: the earlier parts first. */
	assert_true(contrib_split(500000, (const int64_t[]){ 1, 1, 1 }, 3, out));
	assert_int_equal(out[0], 166667);
	assert_int_equal(out[1], 166667);
	assert_int_equal(out[2], 166666);
	assert_true(contrib_split(10, (const int64_t[]){ 2, 3, 5 }, 3, out));
	assert_int_equal(out[0], 2);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], 5);
	assert_true(contrib_split(100, (const int64_t[]){ 0, 1, 0 }, 3, out));
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 100);
	assert_int_equal(out[2], 0);
	assert_true(contrib_split(0, (const int64_t[]){ 5, 7 }, 2, out));
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 0);
	/* Fewer öre than parts. */
	assert_true(contrib_split(2, (const int64_t[]){ 1, 1, 1, 1 }, 4, out));
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 1);
	assert_int_equal(out[2], 0);
	assert_int_equal(out[3], 0);
}

static void split_of_a_negative_total_mirrors_the_positive(void **state)
{
	(void)state;
	money_t out[3];
	assert_true(contrib_split(-500000, (const int64_t[]){ 1, 1, 1 }, 3, out));
	assert_int_equal(out[0], -166667);
	assert_int_equal(out[1], -166667);
	assert_int_equal(out[2], -166666);
	assert_true(contrib_split(-100, (const int64_t[]){ 1, 2, 4 }, 3, out));
	assert_int_equal(out[0], -14);
	assert_int_equal(out[1], -29);
	assert_int_equal(out[2], -57);
	assert_true(contrib_split(-7, (const int64_t[]){ 1, 1 }, 2, out));
	assert_int_equal(out[0], -4);
	assert_int_equal(out[1], -3);
}

static void split_is_exact_at_the_int64_extremes(void **state)
{
	(void)state;
	money_t out[3];
	assert_true(contrib_split(INT64_MIN, (const int64_t[]){ 1 }, 1, out));
	assert_int_equal(out[0], INT64_MIN);
	assert_true(contrib_split(INT64_MIN, (const int64_t[]){ 0, 3 }, 2, out));
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], INT64_MIN);
	/* The weights' sum is beyond int64: (2^63 - 1) / 2 each. */
	assert_true(contrib_split(INT64_MAX, (const int64_t[]){ INT64_MAX, INT64_MAX }, 2, out));
	assert_int_equal(out[0], INT64_MAX / 2 + 1);
	assert_int_equal(out[1], INT64_MAX / 2);
	assert_true(contrib_split(INT64_MIN, (const int64_t[]){ 1, INT64_MAX, 1 }, 3, out));
	assert_int_equal(out[0] + out[1] + out[2], INT64_MIN);
	assert_int_equal(out[0], -1);
	assert_int_equal(out[2], -1);
}

static void split_refuses_negative_or_all_zero_weights(void **state)
{
	(void)state;
	money_t out[2] = { 11, 22 };
	assert_false(contrib_split(100, (const int64_t[]){ 0, 0 }, 2, out));
	assert_false(contrib_split(100, (const int64_t[]){ 3, -1 }, 2, out));
	assert_false(contrib_split(0, NULL, 0, out));
	assert_int_equal(out[0], 11);
	assert_int_equal(out[1], 22);
}

static void negative_offers_and_weights_are_refused_by_name(void **state)
{
	(void)state;
	struct contrib_member m[N(seed_year)];
	memcpy(m, seed_year, sizeof m);
	m[3].offer = -KR(1000);
	compute_fails(m, N(m), "Lekebergs kommun erbjuder -1 000,00 kr");

	memcpy(m, seed_year, sizeof m);
	m[2].weight = -9500;
	compute_fails(m, N(m), "Örebro kommun har vikten -9500");

	/* Even where the weight would be ignored. */
	memcpy(m, seed_year, sizeof m);
	m[1].weight = -1;
	compute_fails(m, N(m), "Region Örebro län har vikten -1");

	memcpy(m, seed_year, sizeof m);
	m[0].name = NULL;
	m[0].offer = -1;
	compute_fails(m, N(m), "medlem 1 erbjuder -0,01 kr");
}

static void several_members_of_a_kind_all_weighing_zero_are_refused(void **state)
{
	(void)state;
	struct contrib_member m[N(seed_year)];
	memcpy(m, seed_year, sizeof m);
	m[2].weight = 0;
	m[3].weight = 0;
	compute_fails(m, N(m), "alla 2 medlemmar av typen kommun har vikten 0");
}

static void inputs_beyond_the_limits_are_refused(void **state)
{
	(void)state;
	struct contrib_member m[N(seed_year)];
	memcpy(m, seed_year, sizeof m);
	m[0].offer = MONEY_MAX + 1;
	compute_fails(m, N(m), "Staten erbjuder");

	memcpy(m, seed_year, sizeof m);
	m[2].weight = CONTRIB_WEIGHT_MAX + 1;
	compute_fails(m, N(m), "Örebro kommun har vikten 1000000001");

	memcpy(m, seed_year, sizeof m);
	m[1].kind = (enum member_kind)7;
	compute_fails(m, N(m), "Region Örebro län har en okänd medlemstyp");

	struct contrib_member *many = xcalloc(CONTRIB_MEMBERS_MAX + 1, sizeof *many);
	for (size_t i = 0; i < CONTRIB_MEMBERS_MAX + 1; i++)
		many[i] = seed_year[i % N(seed_year)];
	compute_fails(many, CONTRIB_MEMBERS_MAX + 1, "högst 1000 medlemmar");
	free(many);
}

static void a_missing_kind_gives_zero_and_says_why(void **state)
{
	(void)state;
	const struct contrib_member m[] = {
		{ "Staten", MEMBER_STATE, 0, KR(4000000) },
		{ "Örebro kommun", MEMBER_MUNICIPALITY, 9500, KR(1900000) },
		{ "Lekebergs kommun", MEMBER_MUNICIPALITY, 500, KR(100000) },
	};
	struct contrib_result r = compute_ok(m, N(m));
	assert_int_equal(r.total, 0);
	assert_int_equal(r.kind_total[MEMBER_STATE], 0);
	assert_string_equal(r.missing, "förbundet saknar medlem av typen region");
	for (size_t i = 0; i < N(m); i++)
		assert_share(&r, i, 0, m[i].offer, false);
	contrib_result_free(&r);
	contrib_result_free(&r); /* twice is harmless */

	r = compute_ok(NULL, 0);
	assert_int_equal(r.total, 0);
	assert_string_equal(r.missing, "förbundet saknar medlem av typen stat");
	contrib_result_free(&r);
}

static void member_kinds_have_swedish_names(void **state)
{
	(void)state;
	enum member_kind k = MEMBER_MUNICIPALITY;
	assert_string_equal(member_kind_name(MEMBER_STATE), "stat");
	assert_string_equal(member_kind_name(MEMBER_REGION), "region");
	assert_string_equal(member_kind_name(MEMBER_MUNICIPALITY), "kommun");
	assert_true(member_kind_parse("staten", &k));
	assert_int_equal(k, MEMBER_STATE);
	assert_true(member_kind_parse("region", &k));
	assert_int_equal(k, MEMBER_REGION);
	assert_true(member_kind_parse("kommun", &k));
	assert_int_equal(k, MEMBER_MUNICIPALITY);
	assert_true(member_kind_parse("stat", &k));
	assert_int_equal(k, MEMBER_STATE);
	assert_false(member_kind_parse("Kommun", &k));
	assert_false(member_kind_parse("", &k));
	assert_false(member_kind_parse(NULL, &k));
	assert_int_equal(k, MEMBER_STATE);
}

/* Everything the rule promises of r for the members m, checked exactly:
 * the parts add up, nobody pays more than it offers or more than one öre
 * off its exact quota, T is the largest multiple of 4 öre every offer
 * allows, and exactly the members whose limit is the smallest bind. */
static void check_rule(const struct contrib_member *m, size_t n, const struct contrib_result *r)
{
	static const u128 divisor[MEMBER_KINDS] = { 2, 4, 4 };
	size_t count[MEMBER_KINDS] = { 0 };
	u128 wsum[MEMBER_KINDS] = { 0 };
	money_t kind_sum[MEMBER_KINDS] = { 0 };
	for (size_t i = 0; i < n; i++) {
		count[m[i].kind]++;
		wsum[m[i].kind] += (u128)m[i].weight;
	}
	assert_null(r->missing);
	assert_true(r->total >= 0);
	assert_int_equal(r->total % 4, 0);
	money_t sum = 0;
	/* The smallest limit num/den over the members, to check binding. */
	u128 best_num = 0, best_den = 0;
	bool some_limit_exceeded_by_4 = false;
	for (size_t i = 0; i < n; i++) {
		int k = (int)m[i].kind;
		u128 w = count[k] == 1 ? 1 : (u128)m[i].weight;
		u128 wk = count[k] == 1 ? 1 : wsum[k];
		money_t c = r->shares[i].contribution;
		assert_true(c >= 0);
		assert_true(c <= m[i].offer);
		assert_int_equal(r->shares[i].unused, m[i].offer - c);
		sum += c;
		kind_sum[k] += c;
		/* |c * W - part * w| < W: within one öre of the exact quota. */
		u128 cw = (u128)c * wk, pw = (u128)r->kind_total[k] * w;
		assert_true(cw > pw ? cw - pw < wk : pw - cw < wk);
		if (w == 0) {
			assert_false(r->shares[i].binding);
			continue;
		}
		/* T * w <= offer * d * W, and T + 4 must break some member's. */
		u128 num = (u128)m[i].offer * divisor[k] * wk;
		assert_true((u128)r->total * w <= num);
		if ((u128)(r->total + 4) * w > num)
			some_limit_exceeded_by_4 = true;
		if (best_den == 0 || num * best_den < best_num * w) {
			best_num = num;
			best_den = w;
		}
	}
	assert_true(some_limit_exceeded_by_4);
	assert_int_equal(sum, r->total);
	assert_int_equal(kind_sum[MEMBER_STATE], r->total / 2);
	assert_int_equal(kind_sum[MEMBER_REGION], r->total / 4);
	assert_int_equal(kind_sum[MEMBER_MUNICIPALITY], r->total / 4);
	size_t binding = 0;
	for (size_t i = 0; i < n; i++) {
		int k = (int)m[i].kind;
		u128 w = count[k] == 1 ? 1 : (u128)m[i].weight;
		u128 wk = count[k] == 1 ? 1 : wsum[k];
		u128 num = (u128)m[i].offer * divisor[k] * wk;
		bool ties = w > 0 && num * best_den == best_num * w;
		assert_int_equal(r->shares[i].binding, ties);
		if (ties) /* rounding T down leaves a binding member at most 2 öre */
			assert_true(r->shares[i].unused <= 2);
		binding += ties;
	}
	assert_true(binding >= 1);
}

/* xorshift64: a fixed, reproducible sequence without rand()'s state. */
static uint64_t next_random(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* A number in 0..max, drawn from one of a few magnitudes so that small,
 * equal and extreme values all occur. */
static int64_t random_amount(uint64_t *s, int64_t max)
{
	switch (next_random(s) % 8) {
	case 0:
		return 0;
	case 1:
		return (int64_t)(next_random(s) % 10);
	case 2:
		return (int64_t)(next_random(s) % 1000);
	case 3:
		return max;
	case 4:
		return (int64_t)(next_random(s) % 1000000);
	default:
		return (int64_t)(next_random(s) % ((uint64_t)max + 1));
	}
}

static void random_offers_keep_every_promise_of_the_rule(void **state)
{
	(void)state;
	uint64_t seed = 0x5EED2003121000ULL;
	struct contrib_member m[16];
	int computed = 0, refused = 0;
	for (int round = 0; round < 20000; round++) {
		size_t per_kind[MEMBER_KINDS];
		per_kind[MEMBER_STATE] = 1 + next_random(&seed) % 3;
		per_kind[MEMBER_REGION] = 1 + next_random(&seed) % 2;
		per_kind[MEMBER_MUNICIPALITY] = 1 + next_random(&seed) % 8;
		size_t n = 0;
		for (int k = 0; k < MEMBER_KINDS; k++) {
			for (size_t j = 0; j < per_kind[k]; j++) {
				m[n].name = NULL;
				m[n].kind = (enum member_kind)k;
				m[n].weight = random_amount(&seed, CONTRIB_WEIGHT_MAX);
				m[n].offer = random_amount(&seed, MONEY_MAX);
				n++;
			}
		}
		/* Shuffle, so kinds interleave. */
		for (size_t i = n - 1; i > 0; i--) {
			size_t j = next_random(&seed) % (i + 1);
			struct contrib_member t = m[i];
			m[i] = m[j];
			m[j] = t;
		}
		bool all_zero = false;
		for (int k = 0; k < MEMBER_KINDS; k++) {
			int64_t w = 0;
			for (size_t i = 0; i < n; i++)
				w += (int)m[i].kind == k ? m[i].weight : 0;
			all_zero |= per_kind[k] > 1 && w == 0;
		}
		struct contrib_result r;
		struct error err = ERROR_INIT;
		bool ok = contrib_compute(m, n, &r, &err);
		assert_int_equal(ok, !all_zero);
		if (ok) {
			check_rule(m, n, &r);
			computed++;
		} else {
			assert_int_equal(err.code, ERR_INPUT);
			refused++;
		}
		contrib_result_free(&r);
		error_clear(&err);
	}
	assert_true(computed > 15000);
	assert_true(refused > 0);
}

/* 1000 members all offering MONEY_MAX with the largest weights: the
 * products stay within 128 bits and T within int64. */
static void the_largest_inputs_do_not_overflow(void **state)
{
	(void)state;
	size_t n = CONTRIB_MEMBERS_MAX;
	struct contrib_member *m = xcalloc(n, sizeof *m);
	for (size_t i = 0; i < n; i++) {
		m[i].kind = i < 500 ? MEMBER_STATE : i < 750 ? MEMBER_REGION : MEMBER_MUNICIPALITY;
		m[i].weight = CONTRIB_WEIGHT_MAX;
		m[i].offer = MONEY_MAX;
	}
	/* 2 * 500 * 10^15 = 4 * 250 * 10^15 = 10^18 öre: everyone binds. */
	struct contrib_result r = compute_ok(m, n);
	assert_kinds(&r, 1000000000000000000LL);
	for (size_t i = 0; i < n; i++)
		assert_share(&r, i, MONEY_MAX, 0, true);
	check_rule(m, n, &r);
	contrib_result_free(&r);

	/* One municipality of weight 1 among 249 of 10^9: each of those pays
	 * 10^9 / (249 * 10^9 + 1) of the quarter, so its 10^15 allow only
	 * T = 4 * 10^15 * (249 * 10^9 + 1) / 10^9 = 996 * 10^15 + 4 * 10^6. */
	m[999].weight = 1;
	r = compute_ok(m, n);
	check_rule(m, n, &r);
	assert_kinds(&r, 996000000004000000LL);
	assert_share(&r, 750, MONEY_MAX, 0, true);
	assert_share(&r, 999, 1000000, MONEY_MAX - 1000000, false);
	assert_share(&r, 0, 996000000004000000LL / 1000, MONEY_MAX - 996000000004000000LL / 1000,
		     false);
	contrib_result_free(&r);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_offers_give_eight_million_and_all_bind),
		cmocka_unit_test(seed_half_year_gives_four_million_and_all_bind),
		cmocka_unit_test(orebro_halving_its_offer_halves_the_total_and_binds),
		cmocka_unit_test(population_weights_split_the_municipal_quarter),
		cmocka_unit_test(offers_made_for_fixed_shares_do_not_fit_population_weights),
		cmocka_unit_test(a_member_offering_nothing_makes_the_total_zero_and_binds),
		cmocka_unit_test(a_weight_of_zero_beside_others_pays_and_limits_nothing),
		cmocka_unit_test(a_lone_members_weight_is_ignored),
		cmocka_unit_test(a_region_offering_1_2_msek_limits_the_total_to_4_8_msek),
		cmocka_unit_test(a_region_offering_1_2_msek_beside_smaller_offers_keeps_a_rest),
		cmocka_unit_test(offers_above_the_rule_are_left_unused),
		cmocka_unit_test(two_state_members_share_the_half_by_weight),
		cmocka_unit_test(rounding_floors_to_4_ore_and_splits_by_largest_remainder),
		cmocka_unit_test(a_binding_member_may_keep_an_ore_after_rounding),
		cmocka_unit_test(split_gives_leftover_ore_to_the_largest_remainders),
		cmocka_unit_test(split_of_a_negative_total_mirrors_the_positive),
		cmocka_unit_test(split_is_exact_at_the_int64_extremes),
		cmocka_unit_test(split_refuses_negative_or_all_zero_weights),
		cmocka_unit_test(negative_offers_and_weights_are_refused_by_name),
		cmocka_unit_test(several_members_of_a_kind_all_weighing_zero_are_refused),
		cmocka_unit_test(inputs_beyond_the_limits_are_refused),
		cmocka_unit_test(a_missing_kind_gives_zero_and_says_why),
		cmocka_unit_test(member_kinds_have_swedish_names),
		cmocka_unit_test(random_offers_keep_every_promise_of_the_rule),
		cmocka_unit_test(the_largest_inputs_do_not_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
