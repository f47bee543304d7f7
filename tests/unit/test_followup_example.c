/*
 * Unit tests of the follow-up against the seed report: the bundled example
 * (examples/lekeberg-orebro: the books to 2023-06-30, the 2023 budget and
 * uppfoljning.yaml, transcribed from the report's section 1.4) loaded into
 * a fresh store, and every derived figure of the report's intervention
 * cards computed by followup/ and compared with the report — the figures
 * file (tests/data/seed/...-figures.json) where it has them. Where the
 * seed disagrees with itself, the test says which of its numbers finsam
 * reproduces and why.
 */
#include "testlib.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "books/import.h"
#include "followup/evaluate.h"
#include "followup/stats.h"
#include "followup/store.h"
#include "followup/yaml.h"
#include "plan/budget_csv.h"
#include "util/xalloc.h"

/* The example in a fresh store, with its follow-up loaded back. */
struct example {
	struct store_fixture *f;
	struct followup_doc doc;
	struct fu_categories cats;
	struct fu_books books;
	json_t *seed;          /* the figures file's "interventions" */
	json_t *root;
};

static int setup(void **state)
{
	store_fixture_setup(state);
	struct store_fixture *f = *state;
	struct example *e = xcalloc(1, sizeof *e);
	e->f = f;
	struct error err = ERROR_INIT;
	test_example_load(&f->st, EXAMPLE_BOOKS | EXAMPLE_BUDGET);
	char *yaml = test_example("uppfoljning.yaml");
	struct followup_doc in;
	struct fu_findings findings = { 0 };
	if (!fu_yaml_read_file(yaml, &in, &err) ||
	    !fu_store_save(&f->st, &in, yaml, false, &findings, &err))
		fail_msg("the example: %s", err.msg);
	/* The example is complete and consistent: no warnings either. */
	assert_int_equal(findings.n, 0);
	fu_findings_free(&findings);
	followup_doc_free(&in);
	if (!fu_store_load(&f->st, &e->doc, &err) || !fu_store_categories(&f->st, &e->cats, &err) ||
	    !fu_books_load(&f->st, 2023, 20230630, &e->books, &err))
		fail_msg("loading the follow-up: %s", err.msg);
	char *figures = test_data("seed/finsam-lekeberg-orebro-2023-figures.json");
	json_error_t jerr;
	e->root = json_load_file(figures, 0, &jerr);
	if (!e->root)
		fail_msg("%s: %s", figures, jerr.text);
	e->seed = json_object_get(e->root, "interventions");
	free(figures);
	free(yaml);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct example *e = *state;
	followup_doc_free(&e->doc);
	fu_categories_free(&e->cats);
	fu_books_free(&e->books);
	json_decref(e->root);
	void *f = e->f;
	free(e);
	return store_fixture_teardown(&f);
}

static const struct fu_intervention *intervention(const struct example *e, const char *code)
{
	for (size_t i = 0; i < e->doc.ninterventions; i++)
		if (strcmp(e->doc.interventions[i].code, code) == 0)
			return &e->doc.interventions[i];
	fail_msg("no intervention %s", code);
	return NULL;
}

static const struct fu_stats *stats(const struct example *e, const char *code)
{
	for (size_t i = 0; i < e->doc.nstats; i++)
		if (strcmp(e->doc.stats[i].intervention, code) == 0 &&
		    e->doc.stats[i].from == 20230101 && e->doc.stats[i].to == 20230630)
			return &e->doc.stats[i];
	fail_msg("no statistics for %s 2023H1", code);
	return NULL;
}

static int64_t outcome(const struct fu_stats *s, const char *label)
{
	for (size_t i = 0; i < s->noutcomes; i++)
		if (strcmp(s->outcomes[i].label, label) == 0)
			return s->outcomes[i].count;
	return FU_NONE;
}

/* A number of the figures file: interventions[name][key] (or [key][sub]). */
static json_int_t seed_int(const struct example *e, const char *name, const char *key,
			   const char *sub)
{
	json_t *v = json_object_get(json_object_get(e->seed, name), key);
	if (sub)
		v = json_object_get(v, sub);
	if (!json_is_integer(v))
		fail_msg("figures file: %s.%s%s%s is not an integer", name, key, sub ? "." : "",
			 sub ? sub : "");
	return json_integer_value(v);
}

/* The evaluation of result goal `i` of intervention `code`. */
static void goal(const struct example *e, const char *code, size_t i, struct fu_goal_eval *out)
{
	const struct fu_intervention *iv = intervention(e, code);
	assert_true(i < iv->ngoals);
	struct fu_budget_use use;
	fu_budget_use(&e->books, iv, &use);
	fu_goal_evaluate(&iv->goals[i], stats(e, code), &e->cats, &use, NULL, out);
}

/* Budget use in whole kronor as the cards print it. */
static void budget_use(const struct example *e, const char *code, int64_t *budget_kr,
		       int64_t *actual_kr, int64_t *whole_percent)
{
	struct fu_budget_use use;
	fu_budget_use(&e->books, intervention(e, code), &use);
	assert_true(use.known && use.has_share);
	*budget_kr = money_round_kronor(use.budget);
	*actual_kr = money_round_kronor(use.actual);
	*whole_percent = (use.share_bp + 50) / 100;
}

static void mottagningsteamet_gives_the_seed_card_figures(void **state)
{
	const struct example *e = *state;
	const char *name = "Mottagningsteamet Lekeberg";
	const struct fu_stats *s = stats(e, "MTL");
	/* "9 individer, 6 kvinnor och 3 män, 4 vägledningar och 5 kartläggningar" */
	assert_int_equal(s->total, seed_int(e, name, "participants", "total"));
	assert_int_equal(s->women, seed_int(e, name, "participants", "women"));
	assert_int_equal(s->men, seed_int(e, name, "participants", "men"));
	assert_int_equal(outcome(s, "vägledning"), seed_int(e, name, "participants", "vagledningar"));
	assert_int_equal(outcome(s, "kartläggning"),
			 seed_int(e, name, "participants", "kartlaggningar"));
	struct fu_goal_eval g;
	goal(e, "MTL", 0, &g); /* Arbeta med 30 individer: 9 */
	assert_string_equal(g.actual_text, "9");
	assert_int_equal(g.status, FU_ST_NOT_MET);
	fu_goal_eval_free(&g);
	goal(e, "MTL", 1, &g); /* snitt i avslutsenkäten, mål 3,0: 3,8 */
	assert_int_equal(g.actual, 380);
	assert_string_equal(g.actual_text, "3,8");
	assert_string_equal(g.target_text, "minst 3,0");
	assert_int_equal(g.status, FU_ST_MET);
	fu_goal_eval_free(&g);
	/* "40 %, 139 821 kr är förbrukat av helårsbudgeten 351 068 kr" */
	int64_t budget, actual, pct;
	budget_use(e, "MTL", &budget, &actual, &pct);
	assert_int_equal(budget, seed_int(e, name, "budget_year", NULL));
	assert_int_equal(actual, seed_int(e, name, "spent_h1", NULL));
	assert_int_equal(pct, seed_int(e, name, "spent_percent", NULL));
	goal(e, "MTL", 2, &g);
	assert_string_equal(g.actual_text, "40 %, 139 821 kr av 351 068 kr");
	fu_goal_eval_free(&g);
}

static void coachingteamet_orebro_gives_31_percent_of_12_over_39(void **state)
{
	const struct example *e = *state;
	const char *name = "Coachingteamet Örebro";
	const struct fu_stats *s = stats(e, "CTO");
	assert_int_equal(s->total, seed_int(e, name, "participants", "total"));        /* 149 */
	assert_int_equal(s->ongoing, seed_int(e, name, "participants", "enrolled"));   /* 107 */
	assert_int_equal(s->waiting, seed_int(e, name, "participants", "on_the_way_in")); /* 8 */
	assert_int_equal(s->ended, seed_int(e, name, "participants", "ended"));        /* 42 */
	/* The outcome breakdown: 2 arbete, 1 studier, 8 gemensam kartläggning,
	 * 1 AF-aktivt sökande (the default "arbetssökande"), 27 åter
	 * remittent, 3 övrigt. */
	json_t *exits = json_object_get(json_object_get(json_object_get(e->seed, name),
							"participants"), "exits");
	static const struct {
		const char *seed, *ours;
	} map[] = { { "arbete", "arbete" },
		    { "studier", "studier" },
		    { "gemensam kartläggning", "gemensam kartläggning" },
		    { "AF-aktivt sökande", "arbetssökande" },
		    { "åter remittent", "åter remittent" },
		    { "övrigt", "övrigt" } };
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		assert_int_equal(outcome(s, map[i].ours),
				 json_integer_value(json_object_get(exits, map[i].seed)));
	struct fu_derived d;
	fu_stats_derive(s, &e->cats, &d);
	assert_true(d.improved.known);
	assert_int_equal(d.improved.num, seed_int(e, name, "participants", "improved"));
	assert_int_equal(d.improved.den, seed_int(e, name, "participants", "improved_denominator"));
	assert_int_equal((d.improved.bp + 50) / 100,
			 seed_int(e, name, "participants", "improved_percent"));
	struct fu_goal_eval g;
	goal(e, "CTO", 0, &g); /* 121 individer: 149 */
	assert_string_equal(g.actual_text, "149");
	assert_int_equal(g.status, FU_ST_MET);
	fu_goal_eval_free(&g);
	goal(e, "CTO", 1, &g); /* 50 % av avslutade har förbättrat: 31 % (12/39) */
	assert_string_equal(g.actual_text, "31 % (12/39)");
	assert_int_equal(g.status, FU_ST_NOT_MET);
	fu_goal_eval_free(&g);
	/* Budget: 49 % of 3 997 000. The books hold 1 977 400,50 kr: the card's
	 * 1 977 400 truncates it, the forecast's 1 977 401 rounds it. finsam
	 * rounds, so its card and its forecast say the same 1 977 401. */
	int64_t budget, actual, pct;
	budget_use(e, "CTO", &budget, &actual, &pct);
	assert_int_equal(budget, seed_int(e, name, "budget_year", NULL));
	assert_int_equal(pct, seed_int(e, name, "spent_percent", NULL));
	assert_int_equal(actual, seed_int(e, name, "spent_h1", NULL) + 1);
	struct fu_budget_use use;
	fu_budget_use(&e->books, intervention(e, "CTO"), &use);
	assert_int_equal(use.actual, 197740050);
}

static void the_other_cards_give_the_seed_text_figures(void **state)
{
	const struct example *e = *state;
	/* Samverkansteamet: 64 individer, 32 kvinnor och 31 män (= 63: the
	 * 64th is of another or unknown sex), 3,6 in the survey, 49 % of
	 * 1 165 693. The card says 574 188 kr spent; the forecast and the
	 * books 574 187. */
	const struct fu_stats *s = stats(e, "SVO");
	assert_int_equal(s->total, 64);
	assert_int_equal(s->women, 32);
	assert_int_equal(s->men, 31);
	assert_int_equal(s->other, 1);
	assert_int_equal(s->ended, 11 + 22 + 19);
	assert_int_equal(s->ongoing, 12);
	int64_t budget, actual, pct;
	budget_use(e, "SVO", &budget, &actual, &pct);
	assert_int_equal(budget, 1165693);
	assert_int_equal(actual, 574187);
	assert_int_equal(pct, 49);
	struct fu_goal_eval g;
	goal(e, "SVO", 1, &g);
	assert_string_equal(g.actual_text, "3,6");
	fu_goal_eval_free(&g);
	/* Coachingteamet Lekeberg: 30 individer, 16 kvinnor och 14 män;
	 * 71 % (5/7); 100 % on external placements; 48 %, 272 582 kr of the
	 * year's budget — 569 978 kr in the budget and forecast, 568 978 in
	 * the card (48 % either way). */
	s = stats(e, "CTL");
	assert_int_equal(s->total, 30);
	assert_int_equal(s->women, 16);
	assert_int_equal(s->men, 14);
	goal(e, "CTL", 1, &g);
	assert_string_equal(g.actual_text, "71 % (5/7)");
	assert_int_equal(g.status, FU_ST_MET); /* target 55 % */
	fu_goal_eval_free(&g);
	goal(e, "CTL", 2, &g);
	assert_string_equal(g.actual_text, "100 %");
	assert_int_equal(g.status, FU_ST_MET);
	fu_goal_eval_free(&g);
	budget_use(e, "CTL", &budget, &actual, &pct);
	assert_int_equal(budget, 569978);
	assert_int_equal(actual, 272582);
	assert_int_equal(pct, 48);
	/* The structural interventions: 449 966 kr of 1 056 083 kr (43 %),
	 * from the six lines of their budget subgroup. */
	const char *str = "Strukturövergripande insatser";
	budget_use(e, "STR", &budget, &actual, &pct);
	assert_int_equal(budget, seed_int(e, str, "budget_year", NULL));
	assert_int_equal(actual, seed_int(e, str, "spent_h1", NULL));
	assert_int_equal(pct, seed_int(e, str, "spent_percent", NULL));
	const struct fu_intervention *iv = intervention(e, "STR");
	json_t *acts = json_object_get(json_object_get(e->seed, str), "activities");
	for (size_t i = 0; i < json_array_size(acts); i++) {
		const char *want = json_string_value(json_array_get(json_array_get(acts, i), 0));
		json_int_t n = json_integer_value(json_array_get(json_array_get(acts, i), 1));
		bool found = false;
		for (size_t j = 0; j < iv->nactivities && !found; j++)
			if (strncmp(iv->activities[j].name, want, strlen(want)) == 0) {
				assert_int_equal(iv->activities[j].attendees, n);
				found = true;
			}
		assert_true(found);
	}
	/* Rosängen: 4 participants, 3 continued in the team, 1 back to the referrer. */
	s = stats(e, "ATR");
	assert_int_equal(s->total, 4);
	assert_int_equal(outcome(s, "fortsatt i coachingteamet"), 3);
	assert_int_equal(outcome(s, "åter remittent"), 1);
}

static void the_staffing_and_owners_are_the_seed_cards(void **state)
{
	const struct example *e = *state;
	const struct fu_intervention *iv = intervention(e, "MTL");
	json_t *staffing = json_object_get(json_object_get(e->seed, "Mottagningsteamet Lekeberg"),
					   "staffing");
	assert_int_equal(iv->nstaff, json_array_size(staffing));
	for (size_t i = 0; i < iv->nstaff; i++) {
		json_t *row = json_array_get(staffing, i);
		assert_string_equal(iv->staff[i].role, json_string_value(json_array_get(row, 0)));
		assert_string_equal(iv->staff[i].employer, json_string_value(json_array_get(row, 1)));
		assert_int_equal(iv->staff[i].percent_bp,
				 json_integer_value(json_array_get(row, 2)) * 100);
	}
	assert_string_equal(iv->owner, "Lekebergs kommun");
	assert_int_equal(iv->kind, FU_INDIVIDUAL);
	assert_int_equal(intervention(e, "STR")->kind, FU_STRUCTURAL);
}

static void the_published_cards_hide_what_could_identify_someone(void **state)
{
	const struct example *e = *state;
	/* Mottagningsteamet's 3 men are below 5; 9 − 6 − 0 would give them
	 * away, so the 6 women are hidden as well. */
	struct fu_published pub;
	fu_publish(stats(e, "MTL"), &e->cats, 5, &pub);
	assert_int_equal(pub.total, FU_SHOWN);
	assert_int_equal(pub.men, FU_HIDDEN);
	assert_int_equal(pub.women, FU_SECONDARY);
	assert_false(pub.share_men);
	assert_false(pub.share_women);
	fu_published_free(&pub);
	/* The satisfaction mean has 7 answers: shown at 5, hidden at 10. */
	const struct fu_stats *s = stats(e, "MTL");
	fu_publish(s, &e->cats, 10, &pub);
	assert_false(pub.survey_mean[0]);
	fu_published_free(&pub);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(mottagningsteamet_gives_the_seed_card_figures, setup,
						teardown),
		cmocka_unit_test_setup_teardown(coachingteamet_orebro_gives_31_percent_of_12_over_39,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_other_cards_give_the_seed_text_figures, setup,
						teardown),
		cmocka_unit_test_setup_teardown(the_staffing_and_owners_are_the_seed_cards, setup,
						teardown),
		cmocka_unit_test_setup_teardown(the_published_cards_hide_what_could_identify_someone,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
