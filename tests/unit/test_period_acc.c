/*
 * Unit tests of period_acc: month sums in, cumulative month balances out,
 * the same whether the sums stayed in memory or were spilled to the
 * temporary table, and merged with what a year holds already.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "books/period_acc.h"
#include "util/buf.h"

#define NYEARS 2
#define NOBJECTS 4 /* object 0 (the account as a whole) and 1..3 */
#define NACCOUNTS 6
#define NMONTHS 12

/* Year 1 is 2023 (January–December), year 2 a broken year from July 2023
 * to June 2024: months are counted from each year's first. */
static const int32_t first_month[NYEARS] = { 202301, 202307 };

static int32_t month_of(int year, int m)
{
	int32_t p = first_month[year];
	for (int i = 0; i < m; i++)
		p = p % 100 == 12 ? p + 89 : p + 1;
	return p;
}

/* What the test added, month by month. */
struct model {
	int64_t sum[NYEARS][NOBJECTS][NACCOUNTS][NMONTHS];
	bool used[NYEARS][NOBJECTS][NACCOUNTS][NMONTHS];
};

static void setup_years_and_accounts(struct store *st)
{
	assert_true(store_exec(st,
			       "INSERT INTO fiscal_year (id, start_date, end_date) VALUES\n"
			       "  (1, 20230101, 20231231), (2, 20230701, 20240630);\n"
			       "INSERT INTO account (id, number) VALUES (1, '1510'), (2, '1930'),\n"
			       "  (3, '2440'), (4, '3511'), (5, '4590'), (6, '8410');",
			       NULL));
}

/* Add n pseudo-random sums (a fixed sequence from seed) to acc and model. */
static void add_sums(struct period_acc *acc, struct model *m, unsigned seed, int n)
{
	uint64_t x = seed;
	for (int i = 0; i < n; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		int y = (int)(x >> 60) % NYEARS, o = (int)(x >> 50) % NOBJECTS,
		    a = (int)(x >> 40) % NACCOUNTS, mo = (int)(x >> 33) % NMONTHS;
		int64_t amount = (int64_t)((x >> 8) % 2000001) - 1000000;
		struct error err = { 0 };
		assert_true(period_acc_add(acc, y + 1, a + 1, o, month_of(y, mo), amount, &err));
		m->sum[y][o][a][mo] += amount;
		m->used[y][o][a][mo] = true;
	}
}

/* The cumulative rows the model says period_balance must hold, in its key
 * order, one per line. */
static char *expected_rows(const struct model *m)
{
	struct buf b = BUF_INIT(0);
	for (int y = 0; y < NYEARS; y++)
		for (int o = 0; o < NOBJECTS; o++)
			for (int mo = 0; mo < NMONTHS; mo++)
				for (int a = 0; a < NACCOUNTS; a++) {
					bool started = false;
					int64_t total = 0;
					for (int k = 0; k <= mo; k++) {
						started |= m->used[y][o][a][k];
						total += m->sum[y][o][a][k];
					}
					if (started)
						buf_printf(&b, "%d %d %d %d %lld\n", y + 1, o,
							   month_of(y, mo), a + 1, (long long)total);
				}
	return buf_take(&b);
}

static char *stored_rows(struct store *st)
{
	sqlite3_stmt *stmt;
	assert_true(store_prepare(st, &stmt,
				  "SELECT year_id, object_id, period, account_id, amount\n"
				  "FROM period_balance ORDER BY year_id, object_id, period, account_id",
				  NULL));
	struct buf b = BUF_INIT(0);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		buf_printf(&b, "%lld %lld %lld %lld %lld\n",
			   (long long)sqlite3_column_int64(stmt, 0),
			   (long long)sqlite3_column_int64(stmt, 1),
			   (long long)sqlite3_column_int64(stmt, 2),
			   (long long)sqlite3_column_int64(stmt, 3),
			   (long long)sqlite3_column_int64(stmt, 4));
	sqlite3_finalize(stmt);
	return buf_take(&b);
}

/* Store `n` sums from `seed` in one accumulator that spills past `limit`
 * keys (0: the default), on top of what the store holds. */
static void store_sums(struct store *st, struct model *m, unsigned seed, int n, size_t limit,
		       bool expect_spill)
{
	struct period_acc acc;
	struct error err = { 0 };
	assert_true(period_acc_init(&acc, st, &err));
	if (limit)
		acc.spill_limit = limit;
	add_sums(&acc, m, seed, n);
	assert_int_equal(acc.spilled, expect_spill);
	assert_true(period_acc_store(&acc, &err));
	period_acc_free(&acc);
}

static void assert_rows_match(struct store *st, const struct model *m)
{
	char *want = expected_rows(m), *got = stored_rows(st);
	assert_true(strlen(want) > 1000); /* the test covers many keys */
	assert_string_equal(got, want);
	free(want);
	free(got);
}

static void month_sums_become_running_totals_to_the_years_end(void **state)
{
	struct store_fixture *f = *state;
	setup_years_and_accounts(&f->st);
	struct model *m = calloc(1, sizeof *m);
	store_sums(&f->st, m, 1, 3000, 0, false);
	assert_rows_match(&f->st, m);
	free(m);
}

static void spilled_sums_give_the_same_totals_as_sums_kept_in_memory(void **state)
{
	struct store_fixture *f = *state;
	setup_years_and_accounts(&f->st);
	struct model *m = calloc(1, sizeof *m);
	store_sums(&f->st, m, 1, 3000, 7, true);
	assert_rows_match(&f->st, m);
	free(m);
}

static void new_sums_are_merged_with_the_months_a_year_holds(void **state)
{
	struct store_fixture *f = *state;
	setup_years_and_accounts(&f->st);
	struct model *m = calloc(1, sizeof *m);
	store_sums(&f->st, m, 1, 400, 0, false);
	store_sums(&f->st, m, 2, 400, 0, false);
	assert_rows_match(&f->st, m);
	store_sums(&f->st, m, 3, 400, 50, true);
	assert_rows_match(&f->st, m);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(month_sums_become_running_totals_to_the_years_end,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(
			spilled_sums_give_the_same_totals_as_sums_kept_in_memory,
			store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(new_sums_are_merged_with_the_months_a_year_holds,
						store_fixture_setup, store_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
