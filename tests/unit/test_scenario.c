/*
 * Unit tests of plan/scenario: saved scenarios' names and closing rules,
 * a change's value as stored, the priority order checked up front, the
 * figures a scenario is compared by (now and in the scenario), and saved
 * scenarios run together. The store is the bundled example (books,
 * adopted budget 2023 with its plan for 2024, forecast, members); the
 * expected figures are those of the seed's year 2024 that the end-to-end
 * tests (contributions.bats) check through the CLI.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include "plan/budget_csv.h"
#include "plan/scenario.h"
#include "util/xalloc.h"

#define KR(x) ((money_t)(x) * 100)

static int setup(void **state)
{
	store_fixture_setup(state);
	struct store_fixture *f = *state;
	test_example_load(&f->st, EXAMPLE_ALL);
	return 0;
}

/* A spec of `year` with the changes "A=B" in changes[] (NULL-terminated). */
static void spec_make(struct scenario_spec *s, const char *name, int year,
		      enum scenario_closing closing, const char *priority,
		      const char *const *changes)
{
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	s->year = year;
	s->closing = closing;
	s->priority = xstrdup(priority);
	size_t n = 0;
	while (changes[n])
		n++;
	s->changes = xcalloc(n, sizeof *s->changes);
	for (; s->nchanges < n; s->nchanges++) {
		struct error err = ERROR_INIT;
		if (!scenario_parse_change(changes[s->nchanges], &s->changes[s->nchanges], &err))
			fail_msg("%s: %s", changes[s->nchanges], err.msg);
	}
}

/* f fails with ERR_INPUT and a message containing `want`. */
static void assert_refused(bool ok, struct error *err, const char *want)
{
	assert_false(ok);
	assert_int_equal(err->code, ERR_INPUT);
	if (!strstr(err->msg, want))
		fail_msg("\"%s\" does not say \"%s\"", err->msg, want);
	error_clear(err);
}

static void name_check_takes_up_to_80_characters_and_refuses_empty_or_control(void **state)
{
	(void)state;
	struct error err = ERROR_INIT;
	assert_true(scenario_name_check("halv", &err));
	assert_true(scenario_name_check("Örebro halverar – 2024", &err));
	char longest[2 * SCENARIO_NAME_MAX + 3];
	for (int i = 0; i < SCENARIO_NAME_MAX; i++)
		memcpy(longest + 2 * i, "ä", 2); /* 80 characters, 160 bytes */
	longest[2 * SCENARIO_NAME_MAX] = '\0';
	assert_true(scenario_name_check(longest, &err));
	memcpy(longest + 2 * SCENARIO_NAME_MAX, "x", 2);
	assert_refused(scenario_name_check(longest, &err), &err, "för långt: högst 80 tecken");
	assert_refused(scenario_name_check("", &err), &err, "behöver ett namn");
	assert_refused(scenario_name_check("a\nb", &err), &err, "styrtecken");
	assert_refused(scenario_name_check("a\x7f", &err), &err, "styrtecken");
	assert_refused(scenario_name_check("a\xc2\x85", &err), &err, "styrtecken");
	assert_refused(scenario_name_check("a\xff", &err), &err, "UTF-8");
}

static void closing_names_parse_back_and_nothing_else_parses(void **state)
{
	(void)state;
	enum scenario_closing c = CLOSE_PRO_RATA;
	assert_true(scenario_closing_parse(scenario_closing_name(CLOSE_PRIORITY), &c));
	assert_int_equal(c, CLOSE_PRIORITY);
	assert_true(scenario_closing_parse(scenario_closing_name(CLOSE_PRO_RATA), &c));
	assert_int_equal(c, CLOSE_PRO_RATA);
	assert_string_equal(scenario_closing_name(CLOSE_PRIORITY), "prioritet");
	assert_false(scenario_closing_parse("prorata", &c));
	assert_false(scenario_closing_parse("", &c));
	assert_false(scenario_closing_parse("Prioritet", &c));
}

static void change_value_is_written_as_the_parser_reads_it(void **state)
{
	(void)state;
	const char *typed[] = { "ORK=50%", "REG=1 200 000", "LEK=12,5 %", "STAT=0" };
	const char *want[] = { "50,00%", "1200000,00", "12,50%", "0,00" };
	for (size_t i = 0; i < 4; i++) {
		struct error err = ERROR_INIT;
		struct scenario_change c, again;
		char value[48], text[64];
		assert_true(scenario_parse_change(typed[i], &c, &err));
		assert_string_equal(scenario_change_value(&c, value, sizeof value), want[i]);
		snprintf(text, sizeof text, "%s=%s", c.code, value);
		assert_true(scenario_parse_change(text, &again, &err));
		assert_int_equal(again.relative, c.relative);
		assert_int_equal(again.percent_bp, c.percent_bp);
		assert_int_equal(again.amount, c.amount);
		free(c.code);
		free(again.code);
	}
}

static void figures_of_orebro_halving_now_and_in_the_scenario(void **state)
{
	struct store_fixture *f = *state;
	struct scenario_spec s;
	spec_make(&s, "", 2024, CLOSE_PRO_RATA, "", (const char *const[]){ "ORK=50%", NULL });
	struct scenario_result r;
	struct error err = ERROR_INIT;
	if (!scenario_run(&f->st, &s, &r, &err))
		fail_msg("%s", err.msg);
	/* Budgeted result 2024: -497 000; equity 1 906 411,30 at the start. */
	const money_t now[SCENARIO_FIGURES] = { KR(8000000), 0, KR(-497000), 0, KR(-497000),
						 140941130, 140941130 };
	const money_t then[SCENARIO_FIGURES] = { KR(4000000), KR(4000000), KR(-4497000),
						  KR(4000000), KR(-497000), -259058870, 140941130 };
	for (int i = 0; i < SCENARIO_FIGURES; i++) {
		money_t v = -1;
		assert_true(scenario_figure(&r, true, i, &v));
		if (v != now[i])
			fail_msg("now %s: %lld, expected %lld", scenario_figure_label(i),
				 (long long)v, (long long)now[i]);
		assert_true(scenario_figure(&r, false, i, &v));
		if (v != then[i])
			fail_msg("then %s: %lld, expected %lld", scenario_figure_label(i),
				 (long long)v, (long long)then[i]);
	}
	/* The scenario's own fields say the same. */
	money_t v;
	assert_true(scenario_figure(&r, false, SF_GAP, &v));
	assert_int_equal(v, r.gap);
	assert_true(scenario_figure(&r, false, SF_EQUITY_WITH, &v));
	assert_int_equal(v, r.equity_with);
	assert_string_equal(scenario_figure_label(SF_GAP), "Saknas mot budgeten");
	assert_string_equal(scenario_figure_label(SF_EQUITY_WITH), "Eget kapital, med förslaget");
	scenario_result_free(&r);
	scenario_spec_free(&s);
}

/* The example's books and members and a budget for 2030 of two lines:
 * neither the books nor a forecast give 2030 an opening equity. */
static int setup_plan_only(void **state)
{
	store_fixture_setup(state);
	struct store_fixture *f = *state;
	test_example_load(&f->st, EXAMPLE_BOOKS | EXAMPLE_MEMBERS);
	char *path = test_write(f->dir, "budget.csv",
				"Typ;Grupp;Undergrupp;Summarad;Rad;Konton;Objekt;Budget 2030\n"
				"Medlemsbidrag;Intäkter;;;Medlemsbidrag;35;;8000000\n"
				"Kostnad;Kostnader;;;Personal;7;;8500000\n",
				-1);
	struct budget b;
	struct error err = ERROR_INIT;
	if (!budget_csv_read(&f->st, path, 0, &b, &err) || !budget_save(&f->st, &b, false, &err))
		fail_msg("%s: %s", path, err.msg);
	budget_free(&b);
	free(path);
	return 0;
}

static void equity_is_unknown_without_an_opening_balance(void **state)
{
	struct store_fixture *f = *state;
	struct scenario_spec s;
	spec_make(&s, "", 2030, CLOSE_PRO_RATA, "", (const char *const[]){ "ORK=50%", NULL });
	struct scenario_result r;
	struct error err = ERROR_INIT;
	if (!scenario_run(&f->st, &s, &r, &err))
		fail_msg("%s", err.msg);
	money_t v;
	assert_false(r.equity_known);
	assert_false(scenario_figure(&r, true, SF_EQUITY_WITHOUT, &v));
	assert_false(scenario_figure(&r, false, SF_EQUITY_WITH, &v));
	assert_true(scenario_figure(&r, false, SF_RESULT_WITH, &v));
	scenario_result_free(&r);
	scenario_spec_free(&s);
}

static void priority_is_checked_even_when_nothing_is_missing(void **state)
{
	struct store_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct scenario_result r;
	const char *const unchanged[] = { "ORK=100%", NULL };
	struct scenario_spec s;
	spec_make(&s, "", 2024, CLOSE_PRIORITY, "Personal;Finns inte", unchanged);
	assert_refused(scenario_run(&f->st, &s, &r, &err), &err,
		       "\"Finns inte\", som inte är en kostnadsrad");
	scenario_spec_free(&s);
	spec_make(&s, "", 2024, CLOSE_PRIORITY, "Medlemsbidrag", unchanged);
	assert_refused(scenario_run(&f->st, &s, &r, &err), &err,
		       "\"Medlemsbidrag\", som inte är en kostnadsrad");
	scenario_spec_free(&s);
	spec_make(&s, "", 2024, CLOSE_PRIORITY, "Personal;Finsammassa;Personal", unchanged);
	assert_refused(scenario_run(&f->st, &s, &r, &err), &err,
		       "\"Personal\" två gånger");
	scenario_spec_free(&s);
	/* A valid order with nothing missing cuts nothing. */
	spec_make(&s, "", 2024, CLOSE_PRIORITY, "Personal;Finsammassa", unchanged);
	if (!scenario_run(&f->st, &s, &r, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(r.gap, 0);
	assert_int_equal(r.ncuts, 0);
	scenario_result_free(&r);
	scenario_spec_free(&s);
}

static void save_refuses_a_bad_name_and_changes_nothing(void **state)
{
	struct store_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct scenario_spec s;
	spec_make(&s, "", 2024, CLOSE_PRO_RATA, "", (const char *const[]){ "ORK=50%", NULL });
	char *before = test_store_dump(&f->st);
	assert_refused(scenario_save(&f->st, &s, &err), &err, "behöver ett namn");
	free(s.name);
	s.name = xstrdup("två\trader");
	assert_refused(scenario_save(&f->st, &s, &err), &err, "styrtecken");
	char *after = test_store_dump(&f->st);
	assert_string_equal(after, before);
	free(before);
	free(after);
	bool found = true;
	assert_true(scenario_exists(&f->st, "två\trader", &found, &err));
	assert_false(found);
	scenario_spec_free(&s);
}

static void saved_scenarios_run_together_only_when_of_one_year(void **state)
{
	struct store_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct scenario_spec s;
	spec_make(&s, "halv", 2024, CLOSE_PRO_RATA, "", (const char *const[]){ "ORK=50%", NULL });
	assert_true(scenario_save(&f->st, &s, &err));
	scenario_spec_free(&s);
	spec_make(&s, "region", 2024, CLOSE_PRIORITY, "Personal",
		  (const char *const[]){ "REG=1 200 000", NULL });
	assert_true(scenario_save(&f->st, &s, &err));
	scenario_spec_free(&s);
	spec_make(&s, "förra året", 2023, CLOSE_PRO_RATA, "",
		  (const char *const[]){ "LEK=0", NULL });
	assert_true(scenario_save(&f->st, &s, &err));
	scenario_spec_free(&s);
	bool found = false;
	assert_true(scenario_exists(&f->st, "region", &found, &err));
	assert_true(found);

	struct scenario_spec specs[3];
	struct scenario_result res[3];
	const char *const both[] = { "halv", "region" };
	if (!scenario_run_saved(&f->st, both, 2, specs, res, &err))
		fail_msg("%s", err.msg);
	assert_string_equal(specs[1].name, "region");
	assert_int_equal(specs[1].closing, CLOSE_PRIORITY);
	assert_int_equal(res[0].then.total, KR(4000000));
	assert_int_equal(res[1].then.total, KR(4800000));
	for (int i = 0; i < 2; i++) {
		scenario_spec_free(&specs[i]);
		scenario_result_free(&res[i]);
	}
	const char *const years[] = { "halv", "region", "förra året" };
	assert_refused(scenario_run_saved(&f->st, years, 3, specs, res, &err), &err,
		       "olika år (2024 och 2023)");
	const char *const unknown[] = { "halv", "saknas" };
	assert_refused(scenario_run_saved(&f->st, unknown, 2, specs, res, &err), &err,
		       "inget sparat scenario \"saknas\"");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, store_fixture_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(name_check_takes_up_to_80_characters_and_refuses_empty_or_control),
		cmocka_unit_test(closing_names_parse_back_and_nothing_else_parses),
		cmocka_unit_test(change_value_is_written_as_the_parser_reads_it),
		T(figures_of_orebro_halving_now_and_in_the_scenario),
		cmocka_unit_test_setup_teardown(equity_is_unknown_without_an_opening_balance,
						setup_plan_only, store_fixture_teardown),
		T(priority_is_checked_even_when_nothing_is_missing),
		T(save_refuses_a_bad_name_and_changes_nothing),
		T(saved_scenarios_run_together_only_when_of_one_year),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
