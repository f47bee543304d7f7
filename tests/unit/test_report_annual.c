/*
 * Unit tests of report/annual: the cash-flow statement of the example's
 * half-year (indirect method, from the result to the change in cash) and
 * the five-year overview from the years the store knows.
 */
#include "testlib.h"

#include "report/annual.h"

static int setup(void **state)
{
	store_fixture_setup(state);
	struct store_fixture *f = *state;
	test_example_load(&f->st, EXAMPLE_BOOKS);
	return 0;
}

static void the_half_years_cash_flow_explains_the_change_in_cash(void **state)
{
	struct store_fixture *f = *state;
	struct cashflow cf;
	struct error err = ERROR_INIT;
	if (!cashflow_compute(&f->st, 20230101, 20230630, &cf, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(cf.result, -26669000);
	/* The pension provisions did not move. */
	assert_int_equal(cf.provisions, 0);
	/* Receivables 43 748 → 136 594 + 19 350: 112 196 less cash. */
	assert_int_equal(cf.receivables, -11219600);
	/* Short-term debts 1 844 709,00 → 4 056 840,20. */
	assert_int_equal(cf.debts, 221213120);
	assert_int_equal(cf.operations, cf.result + cf.provisions + cf.receivables + cf.debts);
	assert_int_equal(cf.investments, 0);
	assert_int_equal(cf.long_term, 0);
	/* An open period: equity moved by its result only. */
	assert_int_equal(cf.other_equity, 0);
	/* Bank 4 301 311,30 → 6 134 556,50. */
	assert_int_equal(cf.cash_start, 430131130);
	assert_int_equal(cf.cash_end, 613455650);
	assert_int_equal(cf.cash_start + cf.flow, cf.cash_end);
}

static void the_five_year_overview_has_the_years_that_have_ended(void **state)
{
	struct store_fixture *f = *state;
	struct year_figures y[FIVE_YEARS];
	size_t n = 0;
	struct error err = ERROR_INIT;
	/* By 2023-06-30 only 2022 has ended; it is known from the file's
	 * declared balances (#UB -1, #RES -1). */
	if (!five_years(&f->st, 20230630, y, &n, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(n, 1);
	assert_int_equal(y[0].year, 2022);
	assert_int_equal(y[0].income, 803871780);
	assert_int_equal(y[0].costs, -736706820);
	assert_int_equal(y[0].result, 68977160);
	/* The closed year: 2091 and 2099 hold it all, nothing open. */
	assert_int_equal(y[0].equity, 235993730);
	assert_int_equal(y[0].assets, 434505930);
	assert_true(y[0].has_solidity);
	assert_int_equal(y[0].solidity_bp, 5431);
	/* By the end of 2023 both years count. */
	if (!five_years(&f->st, 20231231, y, &n, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(n, 2);
	assert_int_equal(y[1].year, 2023);
	assert_int_equal(y[1].result, -26669000);
	assert_int_equal(y[1].equity, 235993730 - 26669000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_half_years_cash_flow_explains_the_change_in_cash,
						setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(the_five_year_overview_has_the_years_that_have_ended,
						setup, store_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
