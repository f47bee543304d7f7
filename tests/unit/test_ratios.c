/*
 * Unit tests of report/ratios: every key figure of the bundled example
 * (books, budget and forecast) against the figures the seed report's text
 * quotes (tests/data/seed/...-figures.json: text_figures and the
 * forecast's equity), with the seed's own contradictions asserted as
 * finsam's real figures; the same from the books alone, where the budget
 * and forecast figures are absent rather than 0; and the keys' slugs.
 */
#include "testlib.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report/ratios.h"
#include "util/xalloc.h"

struct fixture {
	char *dir;
	struct store st;
	json_t *seed;
	struct ratios r;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	f->dir = test_tempdir();
	test_store(&f->st, f->dir);
	test_example_load(&f->st, EXAMPLE_BOOKS | EXAMPLE_BUDGET | EXAMPLE_FORECAST);
	char *path = test_data("seed/finsam-lekeberg-orebro-2023-figures.json");
	json_error_t jerr;
	f->seed = json_load_file(path, 0, &jerr);
	if (!f->seed)
		fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
	free(path);
	struct stmt_query q = { 0 };
	struct error err = ERROR_INIT;
	if (!ratios_compute(&f->st, &q, &f->r, &err))
		fail_msg("ratios_compute: %s", err.msg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ratios_free(&f->r);
	json_decref(f->seed);
	store_close(&f->st);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* The value of key, which must be there with a value of `type`. */
static int64_t value(const struct ratios *r, const char *key, enum ratio_type type)
{
	const struct ratio *x = ratios_find(r, key);
	if (!x)
		fail_msg("no figure %s", key);
	if (!x->has_value)
		fail_msg("%s has no value", key);
	assert_int_equal(x->type, type);
	assert_true(*x->label);
	return x->value;
}

static int64_t kronor(int64_t ore)
{
	return money_round_kronor(ore);
}

/* Whole percent from hundredths, half away from zero. */
static int64_t whole(int64_t bp)
{
	return (bp + (bp < 0 ? -50 : 50)) / 100;
}

/* A figure the seed's text quotes, by its description in the JSON. */
static const json_t *text_figure(const struct fixture *f, const char *what)
{
	size_t i;
	const json_t *s;
	json_array_foreach (json_object_get(f->seed, "text_figures"), i, s)
		if (strcmp(json_string_value(json_array_get(s, 1)), what) == 0)
			return json_array_get(s, 2);
	fail_msg("no text figure \"%s\"", what);
	return NULL;
}

static void the_period_is_the_books_half_year(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(f->r.from, 20230101);
	assert_int_equal(f->r.to, 20230630);
	assert_int_equal(f->r.year, 2023);
	assert_true(f->r.has_budget);
	assert_int_equal(value(&f->r, "manader", RT_INT), 6);
}

static void the_statements_figures_are_the_resultatraknings(void **state)
{
	struct fixture *f = *state;
	/* Verksamhetens intäkter 4 004 544 and Årets resultat -266 690. */
	assert_int_equal(value(&f->r, "intakter", RT_MONEY), 400454400);
	assert_int_equal(value(&f->r, "resultat", RT_MONEY), -26669000);
}

static void costs_and_their_share_of_the_budget_are_section_1_2s(void **state)
{
	struct fixture *f = *state;
	/* "Förbundets kostnader för halvåret uppgår till 4 271 231 kr": the
	 * seed's forecast folded the net financial items (313 kr) into its
	 * costs; finsam's forecast table, and so this figure, has the books'
	 * costs, 4 270 918 (see tests/unit/test_forecast.c). */
	int64_t costs = value(&f->r, "kostnader", RT_MONEY);
	assert_int_equal(costs, 427091800);
	assert_int_equal(json_integer_value(
				 text_figure(f, "Costs of the half-year (prognos basis)")),
			 kronor(costs) + 313);
	/* "... 234 665 kr mindre än budgeterat" */
	int64_t below = value(&f->r, "avvikelse-periodbudget", RT_MONEY);
	assert_int_equal(below, 23466500);
	assert_int_equal(kronor(below),
			 json_integer_value(text_figure(f, "Below period budget by")));
	/* "... utgör således 48 % av förbundets helårsbudget på 8 817 710 kr" */
	int64_t share = value(&f->r, "kostnader-andel-budget", RT_PERCENT);
	assert_int_equal(share, 4844);
	assert_int_equal(whole(share),
			 json_integer_value(text_figure(f, "Share of annual budget, percent")));
}

static void the_forecast_figures_are_the_forecast_tables(void **state)
{
	struct fixture *f = *state;
	const json_t *rows = json_object_get(json_object_get(f->seed, "prognos"), "rows");
	const json_t *result = json_array_get(rows, json_array_size(rows) - 1);
	assert_string_equal(json_string_value(json_array_get(result, 1)), "Resultat");
	/* Budget −817 710, Prognos −453 526, Differens 364 184. */
	int64_t budget = value(&f->r, "budget-resultat", RT_MONEY);
	int64_t forecast = value(&f->r, "prognos-resultat", RT_MONEY);
	int64_t difference = value(&f->r, "prognos-avvikelse", RT_MONEY);
	assert_int_equal(budget, -81771000);
	assert_int_equal(forecast, -45352600);
	assert_int_equal(difference, 36418400);
	assert_int_equal(kronor(budget), json_integer_value(json_array_get(result, 2)));
	assert_int_equal(kronor(forecast), json_integer_value(json_array_get(result, 4)));
	assert_int_equal(kronor(difference), json_integer_value(json_array_get(result, 5)));
}

/* Thousands of kronor, as the seed's forecast prints the equity. */
static int64_t tkr(int64_t ore)
{
	return (ore + (ore < 0 ? -50000 : 50000)) / 100000;
}

static void equity_falls_to_24_percent_of_the_years_income(void **state)
{
	struct fixture *f = *state;
	const json_t *eq = json_object_get(json_object_get(f->seed, "prognos"), "equity");
	/* The year's start: exact 2 359 937,30. The seed's balance sheet
	 * prints 2 359 938 for 2022's Summa eget kapital (its rows added
	 * after rounding), and 2 360 tkr under its forecast. */
	int64_t start = value(&f->r, "eget-kapital-ingaende", RT_MONEY);
	assert_int_equal(start, 235993730);
	assert_int_equal(kronor(start), 2359937);
	assert_int_equal(tkr(start), json_integer_value(json_object_get(eq, "2022-12-31_tkr")));
	/* The period's end: the balance sheet's Summa eget kapital 2 093 247. */
	assert_int_equal(value(&f->r, "eget-kapital", RT_MONEY), 209324730);
	/* "Det egna kapitalet beräknas således uppgå till 24% av 2023 års
	 * intäkter": 1 906 tkr at the year's end, of 8 004 544 income. */
	int64_t end = value(&f->r, "eget-kapital-prognos", RT_MONEY);
	assert_int_equal(end, 190641130);
	assert_int_equal(tkr(end),
			 json_integer_value(json_object_get(eq, "2023-12-31_forecast_tkr")));
	int64_t share = value(&f->r, "eget-kapital-andel", RT_PERCENT);
	assert_int_equal(share, 2382);
	assert_int_equal(whole(share),
			 json_integer_value(json_object_get(eq, "share_of_2023_income_percent")));
	/* Soliditet: 2 093 247,30 of the assets 6 290 500,50. */
	assert_int_equal(value(&f->r, "soliditet", RT_PERCENT), 3328);
}

static void cost_shares_are_section_1_4s_distribution(void **state)
{
	struct fixture *f = *state;
	/* "Individinriktade insatser 71 %, Strukturövergripande insatser 12 %
	 * och Administration 17 %" of the budget's 8 817 710 kr of costs. */
	const json_t *seed = NULL;
	size_t i;
	const json_t *s;
	json_array_foreach (json_object_get(f->seed, "text_figures"), i, s)
		if (json_is_array(json_array_get(s, 2)))
			seed = json_array_get(s, 2);
	assert_non_null(seed);
	static const struct {
		const char *key;
		int64_t bp;
	} shares[] = {
		{ "andel-projekt-individinsatser", 7079 },      /* 6 242 463 */
		{ "andel-strukturovergripande-insatser", 1198 }, /* 1 056 083 */
		{ "andel-administrativa-kostnader", 1723 },      /* 1 519 164 */
	};
	for (size_t k = 0; k < 3; k++) {
		int64_t bp = value(&f->r, shares[k].key, RT_PERCENT);
		assert_int_equal(bp, shares[k].bp);
		assert_int_equal(whole(bp), json_integer_value(json_array_get(seed, k)));
	}
	/* The group over the first two, 7 298 546. */
	assert_int_equal(value(&f->r, "andel-direkta-verksamhetskostnader", RT_PERCENT), 8277);
	const struct ratio *x = ratios_find(&f->r, "andel-projekt-individinsatser");
	assert_string_equal(x->label,
			    "Projekt/individinsatser, andel av årets budgeterade kostnader");
	/* Each group once, after the fixed figures, in the budget's order. */
	assert_string_equal(f->r.v[f->r.n - 4].key, "andel-direkta-verksamhetskostnader");
	assert_string_equal(f->r.v[f->r.n - 1].key, "andel-administrativa-kostnader");
	assert_int_equal(f->r.n, 15 + 4);
}

static void without_a_budget_its_figures_are_absent_not_zero(void **state)
{
	struct store_fixture *f = *state;
	test_example_load(&f->st, EXAMPLE_BOOKS);
	struct ratios r;
	struct stmt_query q = { .to = 20230331 };
	struct error err = ERROR_INIT;
	if (!ratios_compute(&f->st, &q, &r, &err))
		fail_msg("%s", err.msg);
	assert_false(r.has_budget);
	static const char *const absent[] = {
		"kostnader",	    "kostnader-andel-budget", "budget-kostnader", "avvikelse-periodbudget",
		"budget-resultat", "prognos-resultat",	     "prognos-avvikelse",
		"eget-kapital-prognos", "eget-kapital-andel",
	};
	for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++) {
		const struct ratio *x = ratios_find(&r, absent[i]);
		assert_non_null(x);
		assert_false(x->has_value);
		assert_int_equal(x->value, 0);
	}
	assert_null(ratios_find(&r, "andel-administrativa-kostnader"));
	assert_int_equal(r.n, 15);
	/* The books still give theirs, for January to March. */
	assert_int_equal(value(&r, "manader", RT_INT), 3);
	assert_int_equal(value(&r, "eget-kapital-ingaende", RT_MONEY), 235993730);
	assert_int_equal(value(&r, "eget-kapital", RT_MONEY),
			 235993730 + value(&r, "resultat", RT_MONEY));
	ratios_free(&r);

	/* A period that does not end a month has no whole months. */
	q = (struct stmt_query){ .from = 20230101, .to = 20230315 };
	assert_true(ratios_compute(&f->st, &q, &r, &err));
	assert_false(ratios_find(&r, "manader")->has_value);
	ratios_free(&r);

	/* No books for the period: an error, not zeros. */
	q = (struct stmt_query){ .to = 20210630 };
	assert_false(ratios_compute(&f->st, &q, &r, &err));
	assert_int_equal(err.code, ERR_INPUT);
	assert_string_equal(err.msg, "inget räkenskapsår innehåller 2021-06-30");
	error_clear(&err);
}

static void slugs_are_lowercase_ascii_with_dashes(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "Projekt/individinsatser", "projekt-individinsatser" },
		{ "Strukturövergripande insatser", "strukturovergripande-insatser" },
		{ "Administrativa kostnader", "administrativa-kostnader" },
		{ "  Åtgärder & Äldre — 2023 ", "atgarder-aldre-2023" },
		{ "Café/Ökat stöd", "cafe-okat-stod" },
		{ "---", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = ratio_slug(cases[i].in);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

int main(void)
{
	const struct CMUnitTest with_example[] = {
		cmocka_unit_test(the_period_is_the_books_half_year),
		cmocka_unit_test(the_statements_figures_are_the_resultatraknings),
		cmocka_unit_test(costs_and_their_share_of_the_budget_are_section_1_2s),
		cmocka_unit_test(the_forecast_figures_are_the_forecast_tables),
		cmocka_unit_test(equity_falls_to_24_percent_of_the_years_income),
		cmocka_unit_test(cost_shares_are_section_1_4s_distribution),
	};
	const struct CMUnitTest alone[] = {
		cmocka_unit_test_setup_teardown(without_a_budget_its_figures_are_absent_not_zero,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test(slugs_are_lowercase_ascii_with_dashes),
	};
	return cmocka_run_group_tests(with_example, setup, teardown) |
	       cmocka_run_group_tests(alone, NULL, NULL);
}
