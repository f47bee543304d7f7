/*
 * Unit tests of web/fu_stats_form: every statistics record of the bundled
 * example goes into the form's fields and comes back the same; malformed
 * fields are refused with the follow-up file's messages; line ends and
 * blank rows are handled as a browser sends them.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include "followup/store.h"
#include "util/xalloc.h"
#include "web/fu_stats_form.h"

struct fixture {
	struct store_fixture *f;
	struct followup_doc doc;
	struct fu_categories cats;
};

static int setup(void **state)
{
	store_fixture_setup(state);
	struct fixture *x = xcalloc(1, sizeof *x);
	x->f = *state;
	struct error err = ERROR_INIT;
	test_example_load(&x->f->st, EXAMPLE_FOLLOWUP);
	if (!fu_store_load(&x->f->st, &x->doc, &err))
		fail_msg("%s", err.msg);
	fu_categories_build(&x->cats, x->doc.categories, x->doc.ncategories);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;
	followup_doc_free(&x->doc);
	fu_categories_free(&x->cats);
	void *f = x->f;
	free(x);
	return store_fixture_teardown(&f);
}

static void every_example_record_comes_back_from_its_form(void **state)
{
	struct fixture *x = *state;
	assert_true(x->doc.nstats >= 5);
	for (size_t i = 0; i < x->doc.nstats; i++) {
		const struct fu_stats *s = &x->doc.stats[i];
		char period[FU_PERIOD_MAX];
		struct web_fields fs = { 0 };
		fu_stats_form_fields(s, &x->cats, fu_period_format(s->from, s->to, period), &fs);
		struct fu_stats back;
		struct error err = ERROR_INIT;
		if (!fu_stats_form_read(&fs, &x->cats, s->intervention, &back, &err))
			fail_msg("%s: %s", s->intervention, err.msg);
		char *a = fu_stats_form_text(s), *b = fu_stats_form_text(&back);
		assert_string_equal(a, b);
		assert_int_equal(back.from, s->from);
		assert_int_equal(back.to, s->to);
		assert_int_equal(back.incomplete, s->incomplete);
		assert_string_equal(back.intervention, s->intervention);
		free(a);
		free(b);
		fu_stats_free(&back);
		web_fields_free(&fs);
	}
}

static void the_text_names_every_figure_by_the_files_key(void **state)
{
	struct fixture *x = *state;
	const struct fu_stats *s = followup_doc_stats(&x->doc, "CTL", 20230101, 20230630);
	assert_non_null(s);
	char *t = fu_stats_form_text(s);
	assert_string_equal(t, "totalt 30, pågående 23, avslutade 7, planerade 40, kvinnor 16, "
			       "män 14, annat_okänt 0; avslut: arbete 3, studier 1, gemensam "
			       "kartläggning 1, åter remittent 1, sjukersättning 1");
	free(t);
}

/* Read fields given as "name", "value", ... ; NULL-terminated. */
static bool read(struct fixture *x, const char *const *kv, struct fu_stats *out,
		 struct error *err)
{
	struct web_fields fs = { 0 };
	for (size_t i = 0; kv[i]; i += 2)
		web_fields_add(&fs, kv[i], kv[i + 1], strlen(kv[i + 1]), NULL);
	bool ok = fu_stats_form_read(&fs, &x->cats, "CTL", out, err);
	web_fields_free(&fs);
	return ok;
}

static void refused(struct fixture *x, const char *const *kv, const char *msg)
{
	struct fu_stats s;
	struct error err = ERROR_INIT;
	assert_false(read(x, kv, &s, &err));
	assert_int_equal(err.code, ERR_INPUT);
	assert_string_equal(err.msg, msg);
	error_clear(&err);
	fu_stats_free(&s);
}

#define FIELDS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void malformed_fields_get_the_files_messages(void **state)
{
	struct fixture *x = *state;
	refused(x, FIELDS("period", "2023H3", "totalt", "1"),
		"period: skrivs 2023, 2023H1, 2023H2 eller 2023-01-01..2023-03-31 (inte '2023H3')");
	refused(x, FIELDS("period", " ", "totalt", "1"), "period: perioden saknas");
	refused(x, FIELDS("period", "2023", "totalt", "tolv"),
		"totalt: antal måste vara ett heltal 0–10 000 000 (inte ”tolv”)");
	refused(x, FIELDS("period", "2023", "kvinnor", "1,5"),
		"kvinnor: antal måste vara ett heltal 0–10 000 000 (inte ”1,5”)");
	refused(x, FIELDS("period", "2023", "avslut.arbete", "x"),
		"avslut.arbete: antal måste vara ett heltal 0–10 000 000 (inte ”x”)");
	refused(x, FIELDS("period", "2023", "ålder.namn.1", "16–29", "ålder.antal.1", ""),
		"ålder: antalet saknas för '16–29'");
	refused(x, FIELDS("period", "2023", "försörjning.namn.1", "", "försörjning.antal.1", "3"),
		"försörjning: en rad saknar namn");
	refused(x,
		FIELDS("period", "2023", "enkäter.namn.1", "Avslutsenkät", "enkäter.medel.1",
		       "3,855", "enkäter.svar.1", "4"),
		"enkäter: medel: ett medelvärde skrivs som 3,8 eller 3.8 (högst två decimaler)");
	/* A NUL byte (a form may send %00). */
	struct web_fields fs = { 0 };
	web_fields_add(&fs, "period", "2023", 4, NULL);
	web_fields_add(&fs, "kommentar", "a\0b", 3, NULL);
	struct fu_stats s;
	struct error err = ERROR_INIT;
	assert_false(fu_stats_form_read(&fs, &x->cats, "CTL", &s, &err));
	assert_string_equal(err.msg, "kommentar: texten innehåller ett NUL-tecken");
	error_clear(&err);
	fu_stats_free(&s);
	web_fields_free(&fs);
	/* A personnummer typed as a value is not repeated in the message. */
	refused(x, FIELDS("period", "2023", "totalt", "19800101-1234"),
		"totalt: antal måste vara ett heltal 0–10 000 000 (inte ”(värdet)”)");
}

static void counts_and_texts_are_refused_as_the_file_refuses_them(void **state)
{
	struct fixture *x = *state;
	refused(x, FIELDS("period", "2023", "män", "-2"),
		"män: antal måste vara ett heltal 0–10 000 000 (inte ”-2”)");
	refused(x, FIELDS("period", "2023", "totalt", "10000001"),
		"totalt: antal måste vara ett heltal 0–10 000 000 (inte ”10000001”)");
	refused(x, FIELDS("period", "2023", "kommentar", "Gäller 19800101-1234."),
		"kommentar: värdet ser ut som ett person- eller samordningsnummer; "
		"deltagarstatistiken tar bara antal, aldrig uppgifter om en person");
	refused(x, FIELDS("period", "2023", "försörjning.namn.1", "800101-1234",
			  "försörjning.antal.1", "1"),
		"försörjning: värdet ser ut som ett person- eller samordningsnummer; "
		"deltagarstatistiken tar bara antal, aldrig uppgifter om en person");
	/* The largest count passes the form; the sums are the checks'. */
	struct fu_stats s;
	struct error err = ERROR_INIT;
	assert_true(read(x, FIELDS("period", "2023H2", "totalt", " 10000000 ", "män", "3"), &s,
			 &err));
	assert_int_equal(s.total, 10000000);
	assert_int_equal(s.women, FU_NONE);
	struct fu_findings f = { 0 };
	assert_false(fu_stats_check(&s, &x->cats, NULL, &f));
	assert_string_equal(f.items[0].text, "män 3, men totalt är 10000000");
	fu_findings_free(&f);
	fu_stats_free(&s);
}

static void blank_rows_are_skipped_and_line_ends_become_lf(void **state)
{
	struct fixture *x = *state;
	struct fu_stats s;
	struct error err = ERROR_INIT;
	assert_true(read(x,
			 FIELDS("period", "2023-01-01..2023-03-31", "totalt", "9", "ålder.namn.1",
				"", "ålder.antal.1", "", "ålder.namn.2", " 30–65 ", "ålder.antal.2",
				"9", "enkäter.namn.1", "", "enkäter.medel.1", "", "enkäter.svar.1", "",
				"ofullständigt.kön", "ja", "kommentar", "rad 1\r\nrad 2\r"),
			 &s, &err));
	assert_int_equal(s.from, 20230101);
	assert_int_equal(s.to, 20230331);
	assert_int_equal(s.nages, 1);
	assert_string_equal(s.ages[0].label, "30–65");
	assert_int_equal(s.ages[0].count, 9);
	assert_int_equal(s.nsurveys, 0);
	assert_int_equal(s.incomplete, FU_PART_SEX);
	assert_string_equal(s.comment, "rad 1\nrad 2\n");
	fu_stats_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_example_record_comes_back_from_its_form, setup,
						teardown),
		cmocka_unit_test_setup_teardown(the_text_names_every_figure_by_the_files_key, setup,
						teardown),
		cmocka_unit_test_setup_teardown(malformed_fields_get_the_files_messages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(counts_and_texts_are_refused_as_the_file_refuses_them,
						setup, teardown),
		cmocka_unit_test_setup_teardown(blank_rows_are_skipped_and_line_ends_become_lf, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
