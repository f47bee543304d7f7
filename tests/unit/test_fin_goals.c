/*
 * Unit tests of plan/fin_goals: financial goals in the store (add, list,
 * remove, refusals that store nothing) and every rule's evaluation against
 * the bundled example (examples/lekeberg-orebro: the books to 2023-06-30,
 * the 2023 budget and its forecast), with the statuses and figures the
 * interim report gives, and the other statuses made by changing a limit or
 * a forecast.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include "books/import.h"
#include "plan/budget_csv.h"
#include "plan/fin_goals.h"
#include "plan/forecast.h"
#include "plan/forecast_csv.h"
#include "util/xalloc.h"

#define KR(x) ((money_t)(x) * 100)

/* The example's figures (öre): forecast equity at the year's end, the
 * opening equity, the contributions, the administrative costs, the total
 * forecast costs, the forecast and the budgeted result. */
#define EQUITY_END    190641130
#define EQUITY_START  235993730
#define CONTRIBUTIONS KR(8000000)
#define ADMIN_COSTS   KR(1519164)
#define TOTAL_COSTS   KR(8457754)
#define RESULT        -45352600
#define BUDGET_RESULT KR(-817710)

/* The example's books, budget and forecast in a fresh store. */
static int setup(void **state)
{
	store_fixture_setup(state);
	struct store_fixture *f = *state;
	test_example_load(&f->st, EXAMPLE_BOOKS | EXAMPLE_BUDGET | EXAMPLE_FORECAST);
	return 0;
}

static void table(struct store_fixture *f, struct forecast_table *ft)
{
	struct error err = ERROR_INIT;
	if (!forecast_compute(&f->st, 2023, 0, 0, ft, &err))
		fail_msg("forecast_compute: %s", err.msg);
}

/* Evaluate one goal against the example's forecast table. */
static void evaluate(struct store_fixture *f, const struct fin_goal *g, struct fin_goal_result *r)
{
	struct forecast_table ft;
	table(f, &ft);
	fin_goal_evaluate(g, &ft, r);
	forecast_table_free(&ft);
}

/* The status goal g gets from the example; g is freed. */
static enum fin_goal_status status_of(struct store_fixture *f, struct fin_goal g)
{
	struct fin_goal_result r;
	evaluate(f, &g, &r);
	enum fin_goal_status status = r.status;
	fin_goal_result_free(&r);
	fin_goal_free(&g);
	return status;
}

static struct fin_goal goal(enum fin_goal_kind kind, int64_t percent_bp, const char *group)
{
	struct fin_goal g = { .kind = kind, .label = xstrdup(""), .group = xstrdup(group) };
	g.has_percent = percent_bp >= 0;
	g.percent_bp = percent_bp >= 0 ? percent_bp : 0;
	return g;
}

static struct fin_goal range(bool has_min, money_t min, bool has_max, money_t max)
{
	struct fin_goal g = goal(FGK_EQUITY_RANGE, -1, "");
	g.has_min = has_min;
	g.min_amount = min;
	g.has_max = has_max;
	g.max_amount = max;
	return g;
}

/* Give a budget line a manual forecast as of the books' last day. */
static void forecast(struct store_fixture *f, const char *line, money_t amount)
{
	struct error err = ERROR_INIT;
	if (!forecast_set(&f->st, 2023, line, 20230630, FM_MANUAL, true, amount, "test", &err))
		fail_msg("forecast_set %s: %s", line, err.msg);
}

static void contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected \"%s\" in \"%s\"", needle, hay);
}

/* ---- names ---------------------------------------------------------------------- */

static void kinds_and_statuses_have_their_names(void **state)
{
	(void)state;
	static const char *const names[] = { "eget-kapital-andel", "eget-kapital-intervall",
					     "administration-andel", "resultat-mot-budget",
					     "insatser-mot-budget" };
	for (size_t k = 0; k < 5; k++) {
		enum fin_goal_kind kind;
		assert_true(fin_goal_kind_parse(names[k], &kind));
		assert_int_equal(kind, k);
		assert_string_equal(fin_goal_kind_name(kind), names[k]);
	}
	enum fin_goal_kind kind;
	assert_false(fin_goal_kind_parse("eget-kapital", &kind));
	assert_false(fin_goal_kind_parse("", &kind));
	assert_string_equal(fin_goal_status_name(FGS_MET), "uppnått");
	assert_string_equal(fin_goal_status_name(FGS_PARTLY), "delvis uppnått");
	assert_string_equal(fin_goal_status_name(FGS_NOT_MET), "ej uppnått");
	assert_string_equal(fin_goal_status_name(FGS_UNKNOWN), "kan ej bedömas");
	assert_string_equal(fin_goal_status_code(FGS_PARTLY), "partly");
}

static void titles_come_from_the_label_or_the_limits(void **state)
{
	(void)state;
	struct {
		struct fin_goal g;
		const char *want;
	} cases[] = {
		{ goal(FGK_EQUITY_SHARE, -1, ""), "Eget kapital högst 20 % av medlemsbidragen" },
		{ goal(FGK_EQUITY_SHARE, 1750, ""), "Eget kapital högst 17,5 % av medlemsbidragen" },
		{ range(true, KR(1000000), true, KR(2000000)),
		  "Eget kapital mellan 1 000 000 och 2 000 000 kr" },
		{ range(true, KR(500000), false, 0), "Eget kapital minst 500 000 kr" },
		{ goal(FGK_ADMIN_SHARE, 1800, "Administrativa kostnader"),
		  "Administrativa kostnader högst 18 % av kostnaderna" },
		{ goal(FGK_RESULT, -1, ""), "Resultat minst enligt budget" },
		{ goal(FGK_RESULT, 125, ""),
		  "Resultat minst enligt budget (tolerans 1,25 % av de budgeterade kostnaderna)" },
		{ goal(FGK_INTERVENTIONS, -1, ""), "Insatserna inom budget" },
		{ goal(FGK_INTERVENTIONS, -1, "Direkta verksamhetskostnader"),
		  "Insatserna i Direkta verksamhetskostnader inom budget" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = fin_goal_title(&cases[i].g);
		assert_string_equal(t, cases[i].want);
		free(t);
		fin_goal_free(&cases[i].g);
	}
	struct fin_goal g = goal(FGK_EQUITY_SHARE, -1, "");
	free(g.label);
	g.label = xstrdup("En femtedel");
	char *t = fin_goal_title(&g), *d = fin_goal_describe(&g);
	assert_string_equal(t, "En femtedel");
	assert_string_equal(d, "Eget kapital högst 20 % av medlemsbidragen");
	free(t);
	free(d);
	fin_goal_free(&g);
}

/* ---- the store ----------------------------------------------------------------------- */

static void goals_are_added_listed_and_removed(void **state)
{
	struct store_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct fin_goal a = goal(FGK_EQUITY_SHARE, -1, "");
	struct fin_goal b = goal(FGK_ADMIN_SHARE, 1800, "Administrativa kostnader");
	struct fin_goal c = range(false, 0, true, KR(2000000));
	struct fin_goal d = goal(FGK_RESULT, -1, "");
	free(b.label);
	b.label = xstrdup("Administrationen högst 18 %");
	assert_true(fin_goal_add(&f->st, &a, &err));
	assert_true(fin_goal_add(&f->st, &b, &err));
	assert_true(fin_goal_add(&f->st, &c, &err));
	assert_true(fin_goal_add(&f->st, &d, &err));
	assert_int_equal(a.id, 1);
	assert_int_equal(d.id, 4);
	/* The kinds' default percentages are stored. */
	assert_true(a.has_percent);
	assert_int_equal(a.percent_bp, 2000);
	assert_true(d.has_percent);
	assert_int_equal(d.percent_bp, 0);

	struct fin_goal *g;
	size_t n;
	assert_true(fin_goal_list(&f->st, &g, &n, &err));
	assert_int_equal(n, 4);
	assert_int_equal(g[0].kind, FGK_EQUITY_SHARE);
	assert_int_equal(g[0].percent_bp, 2000);
	assert_int_equal(g[1].id, 2);
	assert_string_equal(g[1].label, "Administrationen högst 18 %");
	assert_string_equal(g[1].group, "Administrativa kostnader");
	assert_int_equal(g[1].percent_bp, 1800);
	assert_false(g[2].has_percent);
	assert_false(g[2].has_min);
	assert_true(g[2].has_max);
	assert_int_equal(g[2].max_amount, KR(2000000));
	fin_goal_list_free(g, n);

	assert_true(fin_goal_remove(&f->st, 2, &err));
	assert_false(fin_goal_remove(&f->st, 2, &err));
	assert_int_equal(err.code, ERR_INPUT);
	assert_string_equal(err.msg,
			    "det finns inget finansiellt mål 2 (se finsam goals financial list)");
	error_clear(&err);
	assert_true(fin_goal_list(&f->st, &g, &n, &err));
	assert_int_equal(n, 3);
	assert_int_equal(g[1].id, 3);
	fin_goal_list_free(g, n);
	fin_goal_free(&a);
	fin_goal_free(&b);
	fin_goal_free(&c);
	fin_goal_free(&d);
}

/* fin_goal_add refuses g with ERR_USAGE and a message containing `want`,
 * and the store is as it was. */
static void refused(struct store_fixture *f, struct fin_goal g, const char *want)
{
	struct error err = ERROR_INIT;
	char *before = test_store_dump(&f->st);
	assert_false(fin_goal_add(&f->st, &g, &err));
	assert_int_equal(err.code, ERR_USAGE);
	contains(err.msg, want);
	error_clear(&err);
	char *after = test_store_dump(&f->st);
	assert_string_equal(before, after);
	free(before);
	free(after);
	fin_goal_free(&g);
}

static void bad_goals_are_refused_and_nothing_is_stored(void **state)
{
	struct store_fixture *f = *state;
	struct fin_goal ok = goal(FGK_RESULT, 100, "");
	struct error err = ERROR_INIT;
	assert_true(fin_goal_add(&f->st, &ok, &err));
	fin_goal_free(&ok);
	refused(f, goal(FGK_ADMIN_SHARE, -1, "Administrativa kostnader"),
		"målet administration-andel behöver en procentsats");
	refused(f, goal(FGK_ADMIN_SHARE, 1800, ""),
		"målet administration-andel behöver en budgetgrupp");
	refused(f, goal(FGK_EQUITY_RANGE, -1, ""),
		"målet eget-kapital-intervall behöver ett lägsta eller ett högsta belopp");
	refused(f, range(true, KR(3), true, KR(2)),
		"det lägsta beloppet, 3 kr, är högre än det högsta, 2 kr");
	refused(f, goal(FGK_INTERVENTIONS, 500, ""), "målet insatser-mot-budget har ingen procentsats");
	refused(f, goal(FGK_EQUITY_SHARE, 2000, "Administrativa kostnader"),
		"målet eget-kapital-andel har ingen budgetgrupp");
	refused(f, goal(FGK_EQUITY_SHARE, 100001, ""), "en procentsats är från 0 till 1 000 %");
	struct fin_goal bounds = goal(FGK_RESULT, 0, "");
	bounds.has_min = true;
	refused(f, bounds, "målet resultat-mot-budget har inga belopp");
	struct fin_goal long_label = goal(FGK_RESULT, 0, "");
	free(long_label.label);
	long_label.label = xcalloc(FIN_GOAL_TEXT_MAX + 2, 1);
	memset(long_label.label, 'x', FIN_GOAL_TEXT_MAX + 1);
	refused(f, long_label, "texten är för lång");
}

/* ---- eget-kapital-andel --------------------------------------------------------------- */

static void the_default_goal_is_partly_met_by_the_example(void **state)
{
	struct store_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct forecast_table ft;
	table(f, &ft);
	struct fin_goal_result *r;
	size_t n;
	bool defaulted = false;
	assert_true(fin_goal_evaluate_all(&f->st, &ft, &r, &n, &defaulted, &err));
	forecast_table_free(&ft);
	assert_true(defaulted);
	assert_int_equal(n, 1);
	assert_int_equal(r->goal.id, 0);
	assert_int_equal(r->goal.kind, FGK_EQUITY_SHARE);
	assert_string_equal(r->title, "Eget kapital högst 20 % av medlemsbidragen");
	assert_string_equal(r->limit, "högst 20 %");
	assert_string_equal(r->value, "23,83 %");
	assert_int_equal(r->status, FGS_PARTLY);
	assert_true(r->has_share && r->has_start_share);
	assert_int_equal(r->share_bp, 2383);
	assert_int_equal(r->start_share_bp, 2950);
	assert_int_equal(r->amount, EQUITY_END);
	assert_int_equal(r->start_amount, EQUITY_START);
	assert_int_equal(r->base, CONTRIBUTIONS);
	assert_false(r->has_lines);
	assert_string_equal(r->explanation,
			    "Eget kapital vid årets slut enligt prognosen, 1 906 411 kr, är 23,83 % "
			    "av årets medlemsbidrag 8 000 000 kr, över gränsen 20 % men lägre än vid "
			    "årets början (2 359 937 kr = 29,50 %): det egna kapitalet närmar sig "
			    "gränsen.");
	fin_goal_results_free(r, n);
}

static void stored_goals_replace_the_default(void **state)
{
	struct store_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct fin_goal a = goal(FGK_RESULT, -1, ""), b = goal(FGK_INTERVENTIONS, -1, "");
	assert_true(fin_goal_add(&f->st, &a, &err));
	assert_true(fin_goal_add(&f->st, &b, &err));
	struct forecast_table ft;
	table(f, &ft);
	struct fin_goal_result *r;
	size_t n;
	bool defaulted = true;
	assert_true(fin_goal_evaluate_all(&f->st, &ft, &r, &n, &defaulted, &err));
	forecast_table_free(&ft);
	assert_false(defaulted);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].goal.id, 1);
	assert_int_equal(r[0].goal.kind, FGK_RESULT);
	assert_int_equal(r[1].goal.id, 2);
	assert_int_equal(r[1].goal.kind, FGK_INTERVENTIONS);
	fin_goal_results_free(r, n);
	fin_goal_free(&a);
	fin_goal_free(&b);
}

static void equity_share_within_a_higher_ceiling_is_met(void **state)
{
	struct fin_goal g = goal(FGK_EQUITY_SHARE, 2500, "");
	struct fin_goal_result r;
	evaluate(*state, &g, &r);
	assert_int_equal(r.status, FGS_MET);
	assert_int_equal(r.share_bp, 2383);
	assert_string_equal(r.explanation,
			    "Eget kapital vid årets slut enligt prognosen, 1 906 411 kr, är 23,83 % "
			    "av årets medlemsbidrag 8 000 000 kr, inom gränsen 25 %.");
	fin_goal_result_free(&r);
	fin_goal_free(&g);
	/* Exactly: 23,83 % rounds from 23,8301 %, above a 23,83 % ceiling. */
	assert_int_equal(status_of(*state, goal(FGK_EQUITY_SHARE, 2383, "")), FGS_PARTLY);
	assert_int_equal(status_of(*state, goal(FGK_EQUITY_SHARE, 2384, "")), FGS_MET);
}

static void equity_share_growing_above_the_ceiling_is_not_met(void **state)
{
	struct store_fixture *f = *state;
	/* 1 000 000 kr for the line forecast at its 4 544 kr so far: a surplus
	 * of 541 930 kr, and the equity grows. */
	forecast(f, "Sjuklöneersättning", KR(1000000));
	struct fin_goal g = goal(FGK_EQUITY_SHARE, -1, "");
	struct fin_goal_result r;
	evaluate(f, &g, &r);
	assert_int_equal(r.status, FGS_NOT_MET);
	assert_int_equal(r.amount, EQUITY_END + KR(1000000) - KR(4544));
	assert_int_equal(r.amount, EQUITY_START + KR(541930));
	assert_int_equal(r.share_bp, 3627);
	contains(r.explanation, "över gränsen 20 % och inte lägre än vid årets början "
				"(2 359 937 kr = 29,50 %).");
	fin_goal_result_free(&r);
	fin_goal_free(&g);
}

static void equity_share_cannot_be_judged_without_its_figures(void **state)
{
	struct store_fixture *f = *state;
	struct fin_goal g = goal(FGK_EQUITY_SHARE, -1, "");
	struct fin_goal_result r;
	struct forecast_table ft;
	table(f, &ft);
	/* No opening balance in the books. */
	ft.equity_known = false;
	fin_goal_evaluate(&g, &ft, &r);
	assert_int_equal(r.status, FGS_UNKNOWN);
	assert_false(r.has_share);
	assert_false(r.has_amount);
	assert_string_equal(r.value, "");
	assert_string_equal(r.explanation, "Bokföringen har ingen ingående balans för 2023, så det "
					   "egna kapitalet vid årets slut är okänt.");
	fin_goal_result_free(&r);
	forecast_table_free(&ft);
	/* No contributions in the forecast. */
	forecast(f, "Medlemsbidrag", 0);
	evaluate(f, &g, &r);
	assert_int_equal(r.status, FGS_UNKNOWN);
	assert_int_equal(r.base, 0);
	assert_false(r.has_share);
	assert_string_equal(r.explanation, "Prognosen har inga medlemsbidrag för 2023, så det egna "
					   "kapitalets andel av dem kan inte räknas ut.");
	fin_goal_result_free(&r);
	fin_goal_free(&g);
}

/* ---- eget-kapital-intervall ------------------------------------------------------------ */

static void equity_range(struct store_fixture *f, struct fin_goal g, enum fin_goal_status want,
			 const char *explanation)
{
	struct fin_goal_result r;
	evaluate(f, &g, &r);
	assert_int_equal(r.status, want);
	assert_int_equal(r.amount, EQUITY_END);
	assert_int_equal(r.start_amount, EQUITY_START);
	assert_string_equal(r.value, "1 906 411 kr");
	assert_string_equal(r.explanation, explanation);
	fin_goal_result_free(&r);
	fin_goal_free(&g);
}

static void equity_range_is_judged_by_the_distance_to_it(void **state)
{
	struct store_fixture *f = *state;
	equity_range(f, range(true, KR(1000000), true, KR(2000000)), FGS_MET,
		     "Eget kapital vid årets slut enligt prognosen, 1 906 411 kr, är inom målet "
		     "1 000 000 – 2 000 000 kr.");
	/* Above the interval, but nearer than the 2 359 937 kr of the start. */
	equity_range(f, range(true, 0, true, KR(1500000)), FGS_PARTLY,
		     "Eget kapital vid årets slut enligt prognosen, 1 906 411 kr, är 406 411 kr "
		     "över målet 0 – 1 500 000 kr, men närmare det än vid årets början "
		     "(2 359 937 kr, 859 937 kr över målet).");
	equity_range(f, range(false, 0, true, KR(1500000)), FGS_PARTLY,
		     "Eget kapital vid årets slut enligt prognosen, 1 906 411 kr, är 406 411 kr "
		     "över målet högst 1 500 000 kr, men närmare det än vid årets början "
		     "(2 359 937 kr, 859 937 kr över målet).");
	/* Below the interval and moving away from it. */
	equity_range(f, range(true, KR(2500000), false, 0), FGS_NOT_MET,
		     "Eget kapital vid årets slut enligt prognosen, 1 906 411 kr, är 593 589 kr "
		     "under målet minst 2 500 000 kr och inte närmare det än vid årets början "
		     "(2 359 937 kr, 140 063 kr under målet).");
	/* Within at the start, outside at the end. */
	equity_range(f, range(true, KR(2000000), true, KR(3000000)), FGS_NOT_MET,
		     "Eget kapital vid årets slut enligt prognosen, 1 906 411 kr, är 93 589 kr "
		     "under målet 2 000 000 – 3 000 000 kr och inte närmare det än vid årets "
		     "början (2 359 937 kr, inom målet).");
	/* No opening balance. */
	struct fin_goal g = range(true, 0, false, 0);
	struct fin_goal_result r;
	struct forecast_table ft;
	table(f, &ft);
	ft.equity_known = false;
	fin_goal_evaluate(&g, &ft, &r);
	assert_int_equal(r.status, FGS_UNKNOWN);
	assert_false(r.has_amount);
	fin_goal_result_free(&r);
	forecast_table_free(&ft);
	fin_goal_free(&g);
}

/* ---- administration-andel --------------------------------------------------------------- */

static void administration_share_of_the_example(void **state)
{
	struct store_fixture *f = *state;
	struct fin_goal g = goal(FGK_ADMIN_SHARE, 1800, "Administrativa kostnader");
	struct fin_goal_result r;
	evaluate(f, &g, &r);
	assert_int_equal(r.status, FGS_MET);
	assert_int_equal(r.amount, ADMIN_COSTS);
	assert_int_equal(r.base, TOTAL_COSTS);
	assert_int_equal(r.share_bp, 1796);
	assert_string_equal(r.limit, "högst 18 %");
	assert_string_equal(r.value, "17,96 %");
	assert_string_equal(r.explanation,
			    "Prognosen för Administrativa kostnader, 1 519 164 kr, är 17,96 % av "
			    "årets totala kostnader 8 457 754 kr, inom gränsen 18 %.");
	fin_goal_result_free(&r);
	fin_goal_free(&g);

	g = goal(FGK_ADMIN_SHARE, 1750, "Administrativa kostnader");
	evaluate(f, &g, &r);
	assert_int_equal(r.status, FGS_NOT_MET);
	contains(r.explanation, "17,96 % av årets totala kostnader 8 457 754 kr, över gränsen 17,5 %.");
	fin_goal_result_free(&r);
	fin_goal_free(&g);
}

static void administration_share_of_an_unknown_group_cannot_be_judged(void **state)
{
	struct fin_goal g = goal(FGK_ADMIN_SHARE, 1800, "Kansli");
	struct fin_goal_result r;
	evaluate(*state, &g, &r);
	assert_int_equal(r.status, FGS_UNKNOWN);
	assert_false(r.has_share);
	assert_string_equal(r.explanation,
			    "Budgeten för 2023 har ingen kostnadsgrupp \"Kansli\" (kostnadsgrupperna är "
			    "\"Direkta verksamhetskostnader\", \"Administrativa kostnader\").");
	fin_goal_result_free(&r);
	fin_goal_free(&g);
	/* An income group is no cost group. */
	assert_int_equal(status_of(*state, goal(FGK_ADMIN_SHARE, 1800, "Intäkter")), FGS_UNKNOWN);
}

/* ---- resultat-mot-budget --------------------------------------------------------------- */

static void result_better_than_budget_is_met(void **state)
{
	struct fin_goal g = goal(FGK_RESULT, -1, "");
	struct fin_goal_result r;
	evaluate(*state, &g, &r);
	assert_int_equal(r.status, FGS_MET);
	assert_int_equal(r.amount, RESULT);
	assert_int_equal(r.base, BUDGET_RESULT);
	assert_string_equal(r.limit, "minst -817 710 kr");
	assert_string_equal(r.value, "-453 526 kr");
	assert_string_equal(r.explanation, "Prognosen ger resultatet -453 526 kr mot budgeterat "
					   "-817 710 kr, 364 184 kr bättre än budget.");
	fin_goal_result_free(&r);
	fin_goal_free(&g);
}

static void result_worse_than_budget_is_judged_by_the_tolerance(void **state)
{
	struct store_fixture *f = *state;
	/* 403 000 kr more for Coachingteam Örebro: the result is
	 * -856 526 kr, 38 816 kr worse than budget. */
	forecast(f, "Coachingteam Örebro", KR(4400000));
	struct fin_goal g = goal(FGK_RESULT, 0, "");
	struct fin_goal_result r;
	evaluate(f, &g, &r);
	assert_int_equal(r.status, FGS_NOT_MET);
	assert_int_equal(r.amount, RESULT - KR(403000));
	assert_string_equal(r.explanation, "Prognosen ger resultatet -856 526 kr mot budgeterat "
					   "-817 710 kr, 38 816 kr sämre än budget.");
	fin_goal_result_free(&r);
	fin_goal_free(&g);
	/* 1 % of the budgeted costs 8 817 710 kr is 88 177 kr. */
	g = goal(FGK_RESULT, 100, "");
	evaluate(f, &g, &r);
	assert_int_equal(r.status, FGS_PARTLY);
	assert_string_equal(r.limit, "minst -817 710 kr (delvis: minst -905 887 kr)");
	assert_string_equal(r.explanation,
			    "Prognosen ger resultatet -856 526 kr mot budgeterat -817 710 kr, "
			    "38 816 kr sämre än budget men inom toleransen 1 % av de budgeterade "
			    "kostnaderna 8 817 710 kr (88 177 kr).");
	fin_goal_result_free(&r);
	fin_goal_free(&g);
	/* 0,25 % is 22 044 kr. */
	g = goal(FGK_RESULT, 25, "");
	evaluate(f, &g, &r);
	assert_int_equal(r.status, FGS_NOT_MET);
	contains(r.explanation, "38 816 kr sämre än budget och mer än toleransen 0,25 % av de "
				"budgeterade kostnaderna 8 817 710 kr (22 044 kr).");
	fin_goal_result_free(&r);
	fin_goal_free(&g);
}

/* ---- insatser-mot-budget ---------------------------------------------------------------- */

static void interventions(struct store_fixture *f, const char *group, enum fin_goal_status want,
			  size_t within, size_t lines, const char *explanation)
{
	struct fin_goal g = goal(FGK_INTERVENTIONS, -1, group);
	struct fin_goal_result r;
	evaluate(f, &g, &r);
	assert_int_equal(r.status, want);
	assert_int_equal(r.has_lines, lines > 0);
	assert_int_equal(r.lines_within, within);
	assert_int_equal(r.lines, lines);
	assert_string_equal(r.explanation, explanation);
	fin_goal_result_free(&r);
	fin_goal_free(&g);
}

static void interventions_within_budget(void **state)
{
	struct store_fixture *f = *state;
	/* Every cost line with an object: the eleven interventions and
	 * Administration/kansli (object ADM). */
	interventions(f, "", FGS_MET, 12, 12, "Alla 12 insatser har en prognos inom budget.");
	interventions(f, "Direkta verksamhetskostnader", FGS_MET, 11, 11,
		      "Alla 11 insatser har en prognos inom budget.");
	interventions(f, "Administrativa kostnader", FGS_MET, 1, 1,
		      "Insatsen har en prognos inom budget.");
}

static void interventions_over_budget_are_named(void **state)
{
	struct store_fixture *f = *state;
	forecast(f, "Coachingteam Örebro", KR(4400000));
	forecast(f, "Finsammassa", KR(30001));
	interventions(f, "Direkta verksamhetskostnader", FGS_PARTLY, 9, 11,
		      "9 av 11 insatser har en prognos inom budget; över budget: Coachingteam "
		      "Örebro (prognos 4 400 000 kr, budget 3 997 000 kr), Finsammassa (prognos "
		      "30 001 kr, budget 30 000 kr).");
	forecast(f, "Administration/kansli", KR(500000));
	interventions(f, "Administrativa kostnader", FGS_NOT_MET, 0, 1,
		      "Insatsen har en prognos över budget: Administration/kansli (prognos "
		      "500 000 kr, budget 483 964 kr).");
	/* A line exactly at its budget is within. */
	forecast(f, "Finsammassa", KR(30000));
	interventions(f, "", FGS_PARTLY, 10, 12,
		      "10 av 12 insatser har en prognos inom budget; över budget: Coachingteam "
		      "Örebro (prognos 4 400 000 kr, budget 3 997 000 kr), Administration/kansli "
		      "(prognos 500 000 kr, budget 483 964 kr).");
}

static void interventions_of_a_group_without_them_cannot_be_judged(void **state)
{
	struct store_fixture *f = *state;
	interventions(f, "Intäkter", FGS_UNKNOWN, 0, 0,
		      "Budgeten för 2023 har inga insatser (kostnadsrader med objekt) i gruppen "
		      "\"Intäkter\".");
	interventions(f, "Kansli", FGS_UNKNOWN, 0, 0,
		      "Budgeten för 2023 har inga insatser (kostnadsrader med objekt) i gruppen "
		      "\"Kansli\".");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds_and_statuses_have_their_names),
		cmocka_unit_test(titles_come_from_the_label_or_the_limits),
		cmocka_unit_test_setup_teardown(goals_are_added_listed_and_removed,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(bad_goals_are_refused_and_nothing_is_stored,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(the_default_goal_is_partly_met_by_the_example, setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(stored_goals_replace_the_default, setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(equity_share_within_a_higher_ceiling_is_met, setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(equity_share_growing_above_the_ceiling_is_not_met,
						setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(equity_share_cannot_be_judged_without_its_figures,
						setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(equity_range_is_judged_by_the_distance_to_it, setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(administration_share_of_the_example, setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(
			administration_share_of_an_unknown_group_cannot_be_judged, setup,
			store_fixture_teardown),
		cmocka_unit_test_setup_teardown(result_better_than_budget_is_met, setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(result_worse_than_budget_is_judged_by_the_tolerance,
						setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(interventions_within_budget, setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(interventions_over_budget_are_named, setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(
			interventions_of_a_group_without_them_cannot_be_judged, setup,
			store_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
