/*
 * Unit tests of report/rounding: plain rounding, and largest-remainder
 * rounding that makes printed parts add up to printed sums at every level
 * while keeping each figure within one krona of its exact amount.
 */
#include "testlib.h"

#include <stdlib.h>

#include "report/rounding.h"

#define IT(e, l, s) { .exact = (e), .sum_level = (l), .skip = (s) }

static void plain_rounding_rounds_each_figure_half_away_from_zero(void **state)
{
	(void)state;
	const struct round_item items[] = {
		IT(150, 0, false), IT(-150, 0, false), IT(149, 0, false), IT(0, 0, true),
		IT(149, 1, false),
	};
	int64_t shown[5];
	round_items(items, 5, false, shown);
	assert_int_equal(shown[0], 2);
	assert_int_equal(shown[1], -2);
	assert_int_equal(shown[2], 1);
	assert_int_equal(shown[3], 0);
	assert_int_equal(shown[4], 1);
}

static void parts_of_each_level_are_found(void **state)
{
	(void)state;
	/* a b S1(a,b) c S1(c) d S2(S1,S1,d) e S3(S2,e) */
	const struct round_item it[] = {
		IT(1, 0, false), IT(1, 0, false), IT(2, 1, false), IT(0, 0, true), IT(1, 0, false),
		IT(1, 1, false), IT(1, 0, false), IT(4, 2, false), IT(1, 0, false), IT(5, 3, false),
	};
	size_t parts[10];
	size_t k = round_parts(it, 10, 2, parts);
	assert_int_equal(k, 2);
	assert_int_equal(parts[0], 1);
	assert_int_equal(parts[1], 0);
	k = round_parts(it, 10, 5, parts);
	assert_int_equal(k, 1);
	assert_int_equal(parts[0], 4);
	k = round_parts(it, 10, 7, parts);
	assert_int_equal(k, 3);
	assert_int_equal(parts[0], 6);
	assert_int_equal(parts[1], 5);
	assert_int_equal(parts[2], 2);
	k = round_parts(it, 10, 9, parts);
	assert_int_equal(k, 2);
	assert_int_equal(parts[0], 8);
	assert_int_equal(parts[1], 7);
}

/* The seed's balance sheet: assets 136 594,00 + 19 350,00 + 6 134 556,50
 * = 6 290 500,50. Plain rounding prints 6 134 557 and a sum of 6 290 501
 * that the lines (6 290 501) match; the equity side's lines carry .30,
 * .10 … remainders whose plain rounding drifts by a krona. */
static void largest_remainder_makes_printed_parts_add_up(void **state)
{
	(void)state;
	const struct round_item it[] = {
		IT(33340, 0, false),  /* 333,40 */
		IT(33340, 0, false),  /* 333,40 */
		IT(33320, 0, false),  /* 333,20 */
		IT(100000, 1, false), /* 1 000,00 */
	};
	int64_t plain[4], lr[4];
	round_items(it, 4, false, plain);
	assert_int_equal(plain[0] + plain[1] + plain[2], 999);
	assert_int_equal(plain[3], 1000);
	round_items(it, 4, true, lr);
	assert_int_equal(lr[3], 1000);
	assert_int_equal(lr[0] + lr[1] + lr[2], 1000);
	/* The extra krona goes to the largest remainder (the first .40). */
	assert_int_equal(lr[0], 334);
	assert_int_equal(lr[1], 333);
	assert_int_equal(lr[2], 333);
}

static void nested_sums_add_up_at_every_level_and_stay_within_a_krona(void **state)
{
	(void)state;
	/* Random exact amounts, sums computed exactly; check the invariants. */
	srand(7);
	for (int round = 0; round < 500; round++) {
		struct round_item it[12];
		size_t n = 0;
		money_t total = 0;
		for (int s = 0; s < 3; s++) {
			money_t sum = 0;
			for (int k = 0; k < 2; k++) {
				money_t v = (money_t)(rand() % 2000001) - 1000000;
				it[n++] = (struct round_item)IT(v, 0, false);
				sum += v;
			}
			it[n++] = (struct round_item)IT(sum, 1, false);
			total += sum;
		}
		it[n++] = (struct round_item)IT(total, 2, false);
		int64_t shown[12];
		round_items(it, n, true, shown);
		for (size_t i = 0; i < n; i++) {
			int64_t diff = shown[i] * 100 - it[i].exact;
			assert_true(diff > -100 && diff < 100);
		}
		int64_t top = 0;
		for (int s = 0; s < 3; s++) {
			assert_int_equal(shown[s * 3] + shown[s * 3 + 1], shown[s * 3 + 2]);
			top += shown[s * 3 + 2];
		}
		assert_int_equal(top, shown[9]);
		assert_int_equal(shown[9], money_round_kronor(total));
	}
}

/* The seed's equity at 2022-12-31: 1 670 165,70 + 689 771,60 = 2 359 937,30.
 * Largest remainder alone would print 1 670 166 + 689 771; the year's
 * result is printed 689 772 in the income statement, so the balance
 * sheet's line is pinned to it and the other line takes what is left. */
static void a_pinned_part_keeps_its_figure_and_the_others_share_the_rest(void **state)
{
	(void)state;
	struct round_item it[] = { IT(167016570, 0, false), IT(68977160, 0, false),
				   IT(235993730, 1, false) };
	int64_t shown[3];
	round_items(it, 3, true, shown);
	assert_int_equal(shown[0], 1670166);
	assert_int_equal(shown[1], 689771);
	it[1].pinned = true;
	it[1].pin = 689772;
	round_items(it, 3, true, shown);
	assert_int_equal(shown[1], 689772);
	assert_int_equal(shown[2], 2359937);
	assert_int_equal(shown[0], 1670165);
}

static void sums_of_printed_parts_add_up_by_construction(void **state)
{
	(void)state;
	const struct round_item it[] = { IT(197740050, 0, false), IT(10139940, 0, false),
					 IT(207879990, 1, false), IT(100, 0, false),
					 IT(207880090, 2, false) };
	int64_t shown[5];
	round_items_up(it, 5, shown);
	assert_int_equal(shown[0], 1977401);
	assert_int_equal(shown[1], 101399);
	assert_int_equal(shown[2], 2078800);
	assert_int_equal(shown[4], 2078801);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_rounding_rounds_each_figure_half_away_from_zero),
		cmocka_unit_test(parts_of_each_level_are_found),
		cmocka_unit_test(largest_remainder_makes_printed_parts_add_up),
		cmocka_unit_test(nested_sums_add_up_at_every_level_and_stay_within_a_krona),
		cmocka_unit_test(a_pinned_part_keeps_its_figure_and_the_others_share_the_rest),
		cmocka_unit_test(sums_of_printed_parts_add_up_by_construction),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
