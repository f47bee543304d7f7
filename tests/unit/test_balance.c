/*
 * Unit tests of books/balance and books/file_balance: trial balances for
 * whole years and parts of them, by object, from declared balances, and
 * straight from a file.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include "books/balance.h"
#include "books/file_balance.h"
#include "books/import.h"
#include "util/xalloc.h"


static void import(struct store_fixture *f, const char *name)
{
	struct import_result res;
	char *msg = test_import(&f->st, name, true, false, &res);
	if (msg)
		fail_msg("%s: %s", name, msg);
	import_result_free(&res);
}

static void trial(struct store_fixture *f, const struct tb_query *q, struct tb_result *tb)
{
	struct error err = ERROR_INIT;
	if (!balance_trial(&f->st, q, tb, &err))
		fail_msg("balance_trial: %s", err.msg);
}

/* The row of account (and object code, "" for none); fails when absent. */
static const struct tb_row *row(const struct tb_result *tb, const char *account,
				const char *object)
{
	for (size_t i = 0; i < tb->nrows; i++)
		if (strcmp(tb->rows[i].number, account) == 0 &&
		    strcmp(tb->rows[i].object_code, object) == 0)
			return &tb->rows[i];
	fail_msg("no row for %s [%s]", account, object);
	return NULL;
}

static void assert_row(const struct tb_result *tb, const char *account, const char *object,
		       money_t opening, money_t change, money_t closing)
{
	const struct tb_row *r = row(tb, account, object);
	if (r->opening != opening || r->change != change || r->closing != closing)
		fail_msg("%s [%s]: %lld %lld %lld, expected %lld %lld %lld", account, object,
			 (long long)r->opening, (long long)r->change, (long long)r->closing,
			 (long long)opening, (long long)change, (long long)closing);
}

static void a_whole_year_is_opening_plus_vouchers(void **state)
{
	struct store_fixture *f = *state;
	import(f, "minimal-4e.se");
	struct tb_query q = { 0 };
	struct tb_result tb;
	trial(f, &q, &tb);
	assert_int_equal(tb.from, 20230101);
	assert_int_equal(tb.to, 20231231);
	assert_true(tb.has_books);
	/* 2440 was zero all year and is left out. */
	assert_int_equal(tb.nrows, 5);
	assert_row(&tb, "1930", "", 100000, 101234, 201234);
	assert_row(&tb, "2091", "", -100000, 0, -100000);
	assert_row(&tb, "3511", "", 0, -200000, -200000);
	assert_row(&tb, "4590", "", 0, 100000, 100000);
	assert_row(&tb, "8410", "", 0, -1234, -1234);
	assert_int_equal(tb.opening, 0);
	assert_int_equal(tb.change, 0);
	assert_int_equal(tb.closing, 0);
	assert_int_equal(tb.result, 101234);
	tb_result_free(&tb);
}

static void a_period_that_starts_and_ends_mid_month_splits_at_the_right_day(void **state)
{
	struct store_fixture *f = *state;
	import(f, "minimal-4e.se");
	/* Vouchers: 01-15 bank +2000, 02-10 invoice, 02-28 payment, 06-30 interest. */
	struct tb_query q = { .from = 20230211, .to = 20230629 };
	struct tb_result tb;
	trial(f, &q, &tb);
	assert_row(&tb, "1930", "", 300000, -100000, 200000);
	assert_row(&tb, "2440", "", -100000, 100000, 0);
	assert_row(&tb, "4590", "", 100000, 0, 100000);
	tb_result_free(&tb);
	/* A single day, and whole months. */
	struct tb_query day = { .from = 20230630, .to = 20230630 };
	trial(f, &day, &tb);
	assert_row(&tb, "8410", "", 0, -1234, -1234);
	tb_result_free(&tb);
	struct tb_query months = { .from = 20230201, .to = 20230531 };
	trial(f, &months, &tb);
	assert_row(&tb, "1930", "", 300000, -100000, 200000);
	assert_row(&tb, "3511", "", -200000, 0, -200000);
	tb_result_free(&tb);
}

static void by_object_gives_each_object_and_what_no_object_covers(void **state)
{
	struct store_fixture *f = *state;
	import(f, "minimal-4e.se");
	struct tb_query q = { .by_dim = 6 };
	struct tb_result tb;
	trial(f, &q, &tb);
	assert_row(&tb, "4590", "P1", 0, 75050, 75050);
	assert_row(&tb, "4590", "P2", 0, 24950, 24950);
	assert_row(&tb, "1930", "", 100000, 101234, 201234);
	assert_string_equal(row(&tb, "4590", "P1")->object_name, "Coachingteam");
	assert_string_equal(tb.dim_name, "Projekt");
	/* Objects first, then the account's row without object. */
	for (size_t i = 0; i < tb.nrows; i++)
		if (strcmp(tb.rows[i].number, "4590") == 0)
			assert_string_not_equal(tb.rows[i].object_code, "");
	assert_int_equal(tb.closing, 0);
	tb_result_free(&tb);
}

static void a_period_outside_its_year_is_refused(void **state)
{
	struct store_fixture *f = *state;
	import(f, "minimal-4e.se");
	struct tb_query q = { .from = 20221215, .to = 20230115 };
	struct tb_result tb;
	struct error err = ERROR_INIT;
	q.year_id = 0;
	assert_false(balance_trial(&f->st, &q, &tb, &err));
	assert_string_equal(err.msg, "perioden 2022-12-15 – 2023-01-15 ligger inte inom "
				     "räkenskapsåret 2022-01-01 – 2022-12-31");
	error_clear(&err);
}

static void a_year_without_ib_opens_with_the_previous_closing_balances(void **state)
{
	struct store_fixture *f = *state;
	import(f, "minimal-4e.se");
	import(f, "quirk-4i-undeclared.si"); /* 2023-07-25: lön */
	/* A 2024 batch creates 2024, whose opening is 2023's closing. */
	char *path = test_data("sie/quirk-4i-undeclared.si");
	char *text = test_read(path, NULL);
	free(path);
	char *t = xstrdup(text);
	char *at = strstr(t, "20230725");
	memcpy(at, "20240125", 8);
	memcpy(strstr(t, "#VER L 1"), "#VER L 2", 8);
	char *p2 = test_write(f->dir, "2024.si", t, -1);
	struct import_options opt = { 0 };
	struct import_result res;
	struct error err = ERROR_INIT;
	assert_true(books_import_sie(&f->st, p2, &opt, &res, &err));
	import_result_free(&res);
	int64_t y2024;
	assert_true(balance_find_year(&f->st, 2024, 0, &y2024, &err));
	assert_true(y2024 > 0);
	struct tb_query q = { .year_id = y2024 };
	struct tb_result tb;
	trial(f, &q, &tb);
	/* 1930: 2012.34 after 2023, less July's 21000 net pay, less January's. */
	assert_row(&tb, "1930", "", 201234 - 2100000, -2100000, 201234 - 4200000);
	/* Result accounts start from zero. */
	assert_row(&tb, "5010", "", 0, 3000000, 3000000);
	tb_result_free(&tb);
	free(text);
	free(t);
	free(p2);
}

static void a_year_with_only_declared_balances_uses_ub_and_res(void **state)
{
	struct store_fixture *f = *state;
	import(f, "type1.se");
	struct tb_query q = { 0 };
	struct tb_result tb;
	trial(f, &q, &tb);
	assert_false(tb.has_books);
	assert_row(&tb, "1930", "", 100000, 101234, 201234);
	assert_row(&tb, "3511", "", 0, -200000, -200000);
	tb_result_free(&tb);
	/* The previous year, from the file's #UB -1 and #RES -1. */
	struct error err = ERROR_INIT;
	int64_t y2022;
	assert_true(balance_find_year(&f->st, 2022, 0, &y2022, &err));
	struct tb_query prev = { .year_id = y2022 };
	trial(f, &prev, &tb);
	assert_row(&tb, "1930", "", 0, 100000, 100000);
	assert_row(&tb, "4590", "", 0, 50000, 50000);
	tb_result_free(&tb);
	/* A part of a year without vouchers or #PSALDO cannot be computed. */
	struct tb_query part = { .from = 20230201, .to = 20230228 };
	assert_false(balance_trial(&f->st, &part, &tb, &err));
	assert_non_null(strstr(err.msg, "bara årssaldon"));
	error_clear(&err);
}

static void whole_months_of_a_declared_year_come_from_psaldo(void **state)
{
	struct store_fixture *f = *state;
	import(f, "type3.se");
	struct tb_query q = { .from = 20230201, .to = 20230228, .by_dim = 6 };
	struct tb_result tb;
	trial(f, &q, &tb);
	assert_row(&tb, "4590", "P1", 0, 75050, 75050);
	assert_row(&tb, "3511", "", -200000, 0, -200000);
	assert_row(&tb, "1930", "P1", 10000, 0, 10000);
	tb_result_free(&tb);
}

static void a_file_gives_the_same_trial_balance_as_the_store(void **state)
{
	struct store_fixture *f = *state;
	const char *files[] = { "minimal-4e.se", "quirk-rtrans-btrans.se", "type1.se" };
	for (size_t k = 0; k < 3; k++) {
		char *dir = test_tempdir();
		struct store_fixture g = { .dir = dir };
		test_store(&g.st, dir);
		import(&g, files[k]);
		for (int dim = 0; dim <= 6; dim += 6) {
			struct tb_query q = { .by_dim = dim, .from = k == 2 ? 0 : 20230201 };
			struct tb_result a, b;
			struct file_balance_info info;
			struct error err = ERROR_INIT;
			trial(&g, &q, &a);
			char *rel = xasprintf("sie/%s", files[k]);
			char *path = test_data(rel);
			if (!file_balance(path, &q, &b, &info, &err))
				fail_msg("%s: %s", files[k], err.msg);
			assert_int_equal(a.nrows, b.nrows);
			for (size_t i = 0; i < a.nrows; i++) {
				assert_string_equal(a.rows[i].number, b.rows[i].number);
				assert_string_equal(a.rows[i].object_code, b.rows[i].object_code);
				assert_int_equal(a.rows[i].opening, b.rows[i].opening);
				assert_int_equal(a.rows[i].change, b.rows[i].change);
				assert_int_equal(a.rows[i].closing, b.rows[i].closing);
			}
			assert_string_equal(info.company, "Testförbundet");
			file_balance_info_free(&info);
			tb_result_free(&a);
			tb_result_free(&b);
			free(rel);
			free(path);
		}
		store_close(&g.st);
		test_rmtree(dir);
		free(dir);
	}
	(void)f;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_whole_year_is_opening_plus_vouchers, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(
			a_period_that_starts_and_ends_mid_month_splits_at_the_right_day, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(by_object_gives_each_object_and_what_no_object_covers,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_period_outside_its_year_is_refused, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(
			a_year_without_ib_opens_with_the_previous_closing_balances, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_year_with_only_declared_balances_uses_ub_and_res,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(whole_months_of_a_declared_year_come_from_psaldo, store_fixture_setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_file_gives_the_same_trial_balance_as_the_store, store_fixture_setup,
						store_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
