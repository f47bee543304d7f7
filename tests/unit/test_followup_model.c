/*
 * Unit tests of what the follow-up's model gives the web pages beside the
 * CLI: the numbers of the text file (whole, integer, hundredths), a goal's
 * status, the default period of the views, and fu_store_write, which
 * saves inside the caller's transaction so that a change-log row commits
 * or rolls back with it.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include "followup/evaluate.h"
#include "followup/store.h"
#include "util/xalloc.h"
#include "web/users.h"

static struct store *store_of(void **state)
{
	return &((struct store_fixture *)*state)->st;
}

/* ---- numbers ------------------------------------------------------------------------- */

static void whole_numbers_are_digits_up_to_a_limit(void **state)
{
	(void)state;
	int64_t v = -7;
	assert_true(fu_whole_parse("0", 10, &v));
	assert_int_equal(v, 0);
	assert_true(fu_whole_parse("10000000", 10000000, &v));
	assert_int_equal(v, 10000000);
	v = -7;
	assert_false(fu_whole_parse("10000001", 10000000, &v));
	assert_false(fu_whole_parse("", 10, &v));
	assert_false(fu_whole_parse("-1", 10, &v));
	assert_false(fu_whole_parse("1 000", 10000, &v));
	assert_false(fu_whole_parse("12a", 100, &v));
	assert_int_equal(v, -7); /* untouched on failure */
}

static void integers_may_be_negative_with_at_most_15_digits(void **state)
{
	(void)state;
	int64_t v = 0;
	assert_true(fu_integer_parse("-3", &v));
	assert_int_equal(v, -3);
	assert_true(fu_integer_parse("286", &v));
	assert_int_equal(v, 286);
	assert_true(fu_integer_parse("999999999999999", &v));
	assert_int_equal(v, 999999999999999);
	v = 5;
	assert_false(fu_integer_parse("1000000000000000", &v));
	assert_false(fu_integer_parse("-", &v));
	assert_false(fu_integer_parse("--1", &v));
	assert_false(fu_integer_parse("+1", &v));
	assert_false(fu_integer_parse("1,5", &v));
	assert_false(fu_integer_parse("", &v));
	assert_int_equal(v, 5);
}

static void hundredths_take_a_comma_or_a_point_and_two_decimals(void **state)
{
	(void)state;
	int64_t v = 0;
	assert_true(fu_hundredths_parse("3,8", 3, &v));
	assert_int_equal(v, 380);
	assert_true(fu_hundredths_parse("3.85", 4, &v));
	assert_int_equal(v, 385);
	assert_true(fu_hundredths_parse("4", 1, &v));
	assert_int_equal(v, 400);
	/* Only the n bytes count. */
	assert_true(fu_hundredths_parse("12,5 %", 4, &v));
	assert_int_equal(v, 1250);
	v = 1;
	assert_false(fu_hundredths_parse("3,855", 5, &v));
	assert_false(fu_hundredths_parse("3,", 2, &v));
	assert_false(fu_hundredths_parse(",5", 2, &v));
	assert_false(fu_hundredths_parse("-1", 2, &v));
	assert_false(fu_hundredths_parse("1000000000000", 13, &v));
	assert_int_equal(v, 1);
}

/* ---- a goal's status ----------------------------------------------------------------- */

static void a_goal_keeps_its_own_status_else_gets_it_computed(void **state)
{
	(void)state;
	struct fu_goal g = { .status = FU_ST_NONE, .has_target = true, .target = 286,
			     .has_actual = true, .actual = 252 };
	/* 252 of 286 is past three quarters: partly. */
	assert_int_equal(fu_goal_status(&g), FU_ST_PARTLY);
	g.actual = 286;
	assert_int_equal(fu_goal_status(&g), FU_ST_MET);
	g.actual = 214; /* 4 × 214 = 856 < 3 × 286 = 858 */
	assert_int_equal(fu_goal_status(&g), FU_ST_NOT_MET);
	g.has_actual = false;
	assert_int_equal(fu_goal_status(&g), FU_ST_UNKNOWN);
	g.status = FU_ST_MET;
	assert_int_equal(fu_goal_status(&g), FU_ST_MET);
}

/* ---- the default period -------------------------------------------------------------- */

static void the_default_period_is_todays_year_in_an_empty_store(void **state)
{
	setenv("FINSAM_TODAY", "2026-11-24", 1);
	struct error err = ERROR_INIT;
	struct followup_doc d;
	followup_doc_init(&d);
	date_t from = 0, to = 0;
	assert_true(fu_default_period(store_of(state), &d, &from, &to, &err));
	assert_int_equal(from, 20260101);
	assert_int_equal(to, 20261124);
}

static void the_default_period_is_the_latest_statistics_else_the_fiscal_year(void **state)
{
	struct store *st = store_of(state);
	struct error err = ERROR_INIT;
	test_example_load(st, EXAMPLE_BOOKS);
	struct followup_doc d;
	followup_doc_init(&d);
	date_t from = 0, to = 0;
	assert_true(fu_default_period(st, &d, &from, &to, &err));
	assert_int_equal(from, 20230101);
	assert_int_equal(to, 20231231);
	test_example_load(st, EXAMPLE_FOLLOWUP);
	assert_true(fu_store_load(st, &d, &err));
	assert_true(fu_default_period(st, &d, &from, &to, &err));
	assert_int_equal(from, 20230101);
	assert_int_equal(to, 20230630);
	followup_doc_free(&d);
}

/* ---- writing inside a transaction ---------------------------------------------------- */

/* A document with MTL's statistics for 2023H2: total 4, 2 women and
 * `men` men. */
static void mtl_h2(struct followup_doc *d, struct fu_stats *s, int64_t men)
{
	followup_doc_init(d);
	fu_stats_init(s);
	s->intervention = xstrdup("MTL");
	s->comment = xstrdup("");
	s->from = 20230701;
	s->to = 20231231;
	s->total = 4;
	s->women = 2;
	s->men = men;
	d->stats = s;
	d->nstats = 1;
}

static int64_t h2_records(struct store *st)
{
	struct error err = ERROR_INIT;
	int64_t n = -1;
	assert_true(store_query_int(st,
				    "SELECT count(*) FROM participant_stats WHERE period_from = "
				    "20230701",
				    NULL, 0, 0, &n, &err));
	return n;
}

static void a_write_commits_or_rolls_back_with_the_callers_change_log_row(void **state)
{
	struct store *st = store_of(state);
	struct error err = ERROR_INIT;
	test_example_load(st, EXAMPLE_FOLLOWUP);
	struct followup_doc d;
	struct fu_stats s;
	struct fu_findings f = { 0 };
	mtl_h2(&d, &s, 2);
	/* Rolled back: neither the statistics nor the log row stay. */
	assert_true(store_begin(st, &err));
	assert_true(fu_store_write(st, &d, NULL, &f, &err));
	assert_true(change_log_add(st, "anna", "insatser/MTL/statistik/2023H2", NULL, "totalt 4",
				   &err));
	assert_true(store_in_transaction(st));
	store_rollback(st);
	assert_int_equal(h2_records(st), 0);
	struct change_list l;
	assert_true(change_log_list(st, 0, &l, &err));
	assert_int_equal(l.n, 0);
	change_list_free(&l);
	/* Committed: both. */
	assert_true(store_begin(st, &err));
	assert_true(fu_store_write(st, &d, NULL, &f, &err));
	assert_true(change_log_add(st, "anna", "insatser/MTL/statistik/2023H2", NULL, "totalt 4",
				   &err));
	assert_true(store_commit(st, &err));
	assert_int_equal(h2_records(st), 1);
	assert_true(change_log_list(st, 0, &l, &err));
	assert_int_equal(l.n, 1);
	change_list_free(&l);
	assert_int_equal(f.n, 0);
	fu_findings_free(&f);
	fu_stats_free(&s);
}

static void a_refused_write_names_the_figures_and_leaves_the_store_to_roll_back(void **state)
{
	struct store *st = store_of(state);
	struct error err = ERROR_INIT;
	test_example_load(st, EXAMPLE_FOLLOWUP);
	char *before = test_store_dump(st);
	struct followup_doc d;
	struct fu_stats s;
	struct fu_findings f = { 0 };
	mtl_h2(&d, &s, 3);
	assert_true(store_begin(st, &err));
	assert_false(fu_store_write(st, &d, NULL, &f, &err));
	assert_int_equal(err.code, ERR_INPUT);
	assert_string_equal(err.msg, "1 fel i deltagarstatistiken; inget sparades");
	assert_int_equal(f.errors, 1);
	assert_string_equal(f.items[0].text,
			    "MTL 2023H2: kvinnor 2 + män 3 = 5, men totalt är 4");
	/* The transaction is still the caller's to end. */
	assert_true(store_in_transaction(st));
	store_rollback(st);
	char *after = test_store_dump(st);
	assert_string_equal(before, after);
	free(before);
	free(after);
	error_clear(&err);
	fu_findings_free(&f);
	fu_stats_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_numbers_are_digits_up_to_a_limit),
		cmocka_unit_test(integers_may_be_negative_with_at_most_15_digits),
		cmocka_unit_test(hundredths_take_a_comma_or_a_point_and_two_decimals),
		cmocka_unit_test(a_goal_keeps_its_own_status_else_gets_it_computed),
		cmocka_unit_test_setup_teardown(the_default_period_is_todays_year_in_an_empty_store,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(
			the_default_period_is_the_latest_statistics_else_the_fiscal_year,
			store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(
			a_write_commits_or_rolls_back_with_the_callers_change_log_row,
			store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(
			a_refused_write_names_the_figures_and_leaves_the_store_to_roll_back,
			store_fixture_setup, store_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
