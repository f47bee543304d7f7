/*
 * Unit tests of report/template_store: the example stands in for the
 * default name until a template is saved; a template is saved only when
 * it builds, with its time and user, and gives back the text it replaced;
 * a refused template (unknown placeholder, bad header, NUL, bad UTF-8, too
 * big, bad name) writes nothing; names are checked and listed.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include "report/template_store.h"
#include "util/xalloc.h"

#define GOOD "---\ntyp: delårsrapport\nperiod: 2023H1\n---\n\n" \
	     "Resultatet blev {{ belopp rr \"Årets resultat\" }} kr.\n"
#define BETTER "---\ntyp: delårsrapport\nperiod: 2023H1\n---\n\n" \
	       "# Resultat\n\nÅrets resultat: {{ belopp rr \"Årets resultat\" }} kr.\n"
/* Line 6, column 58: the unknown placeholder. */
#define UNKNOWN "---\ntyp: delårsrapport\nperiod: 2023H1\n---\n\n" \
		"Resultatet blev {{ belopp rr \"Årets resultat\" }} kr och {{ okänd sak }}.\n"

/* A period the books do not reach. */
#define NO_BOOKS "---\ntyp: delårsrapport\nperiod: 2031H1\n---\n\n{{ prognos }}\n"

static int setup(void **state)
{
	setenv("FINSAM_NOW", "2026-11-24T12:00:00Z", 1);
	store_fixture_setup(state);
	struct store_fixture *f = *state;
	test_example_load(&f->st, EXAMPLE_ALL);
	return 0;
}

static struct store *store_of(void **state)
{
	return &((struct store_fixture *)*state)->st;
}

static int64_t stored_rows(struct store *st)
{
	struct error err = ERROR_INIT;
	int64_t n = -1;
	assert_true(store_query_int(st, "SELECT count(*) FROM report_template", NULL, 0, 0, &n, &err));
	return n;
}

static bool put(struct store *st, const char *name, const char *text, size_t len,
		const char *user, char **old, struct error *err)
{
	struct report_template_new t = { .name = name, .text = text, .len = len, .user = user };
	return report_template_put(st, &t, old, err);
}

static void the_default_name_stands_for_the_example_until_one_is_saved(void **state)
{
	struct store *st = store_of(state);
	struct error err = ERROR_INIT;
	struct report_template t;
	bool found = false;
	assert_true(report_template_load(st, REPORT_TEMPLATE_DEFAULT, &t, &found, &err));
	assert_true(found);
	assert_false(t.stored);
	char *path = test_example("rapport.md");
	size_t n;
	char *example = test_read(path, &n);
	assert_non_null(example);
	assert_int_equal(t.len, n);
	assert_memory_equal(t.text, example, n);
	/* It builds against the example's store, as the web's preview needs. */
	struct doc d;
	if (!report_template_build(st, &t, &d, &err))
		fail_msg("%s", err.msg);
	doc_free(&d);
	report_template_free(&t);
	/* No other name has an example, and get never gives one. */
	assert_true(report_template_load(st, "årsredovisning", &t, &found, &err));
	assert_false(found);
	assert_true(report_template_get(st, REPORT_TEMPLATE_DEFAULT, &t, &found, &err));
	assert_false(found);
	/* Once saved, the stored text wins. */
	assert_true(put(st, REPORT_TEMPLATE_DEFAULT, GOOD, strlen(GOOD), "erik", NULL, &err));
	assert_true(report_template_load(st, REPORT_TEMPLATE_DEFAULT, &t, &found, &err));
	assert_true(found && t.stored);
	assert_string_equal(t.text, GOOD);
	report_template_free(&t);
	free(example);
	free(path);
}

static void a_template_that_builds_is_saved_with_time_and_user_and_gives_back_the_old(void **state)
{
	struct store *st = store_of(state);
	struct error err = ERROR_INIT;
	char sentinel = 'x';
	char *old = &sentinel; /* put sets it, NULL for nothing replaced */
	assert_true(put(st, "rapport", GOOD, strlen(GOOD), "erik", &old, &err));
	assert_null(old);
	setenv("FINSAM_NOW", "2026-11-25T08:30:00Z", 1);
	assert_true(put(st, "rapport", BETTER, strlen(BETTER), "anna", &old, &err));
	assert_non_null(old);
	assert_string_equal(old, GOOD);
	free(old);
	struct report_template t;
	bool found;
	assert_true(report_template_get(st, "rapport", &t, &found, &err));
	assert_true(found && t.stored);
	assert_string_equal(t.name, "rapport");
	assert_string_equal(t.text, BETTER);
	assert_int_equal(t.len, strlen(BETTER));
	assert_string_equal(t.updated, "2026-11-25T08:30:00Z");
	assert_string_equal(t.updated_by, "anna");
	report_template_free(&t);
	assert_int_equal(stored_rows(st), 1);
	/* From the CLI: no user, in a transaction of its own. */
	struct report_template_new cli = { .name = "delår", .text = GOOD, .len = strlen(GOOD),
					   .user = "", .file = "mall.md" };
	assert_true(report_template_save(st, &cli, &err));
	assert_false(store_in_transaction(st));
	assert_true(report_template_get(st, "delår", &t, &found, &err));
	assert_true(found);
	assert_string_equal(t.updated_by, "");
	report_template_free(&t);
}

/* put refuses text with a message containing want, and writes nothing. */
static void refused(struct store *st, const char *name, const char *text, size_t len,
		    const char *want)
{
	struct error err = ERROR_INIT;
	char *old = NULL;
	assert_false(put(st, name, text, len, "erik", &old, &err));
	assert_null(old);
	assert_int_equal(err.code, ERR_INPUT);
	if (!strstr(err.msg, want))
		fail_msg("expected \"%s\" in \"%s\"", want, err.msg);
	error_clear(&err);
	assert_int_equal(stored_rows(st), 0);
}

static void a_template_that_does_not_build_or_is_not_text_is_refused_and_nothing_written(void **state)
{
	struct store *st = store_of(state);
	refused(st, "rapport", UNKNOWN, strlen(UNKNOWN),
		"rapport:6:58: okänd platshållare 'okänd'");
	refused(st, "rapport", "Ingen rubrik\n", 13, "rapport:1: mallen ska börja med ett huvud");
	refused(st, "rapport", NO_BOOKS, strlen(NO_BOOKS),
		"rapport:3: period: bokföringen har inget räkenskapsår som rymmer perioden");
	refused(st, "rapport", GOOD "\0x", strlen(GOOD) + 2, "NUL-tecken");
	refused(st, "rapport", GOOD "\xff", strlen(GOOD) + 1, "inte giltig UTF-8");
	size_t big = REPORT_TEMPLATE_MAX + 1;
	char *huge = xmalloc(big);
	memset(huge, 'a', big);
	refused(st, "rapport", huge, big, "större än 4 MB");
	free(huge);
	refused(st, "a/b", GOOD, strlen(GOOD), "'/'");
	/* The CLI names its file in the message. */
	struct error err = ERROR_INIT;
	struct report_template_new t = { .name = "rapport", .text = UNKNOWN, .len = strlen(UNKNOWN),
					 .user = "", .file = "mall.md" };
	assert_false(report_template_save(st, &t, &err));
	assert_non_null(strstr(err.msg, "mall.md:6:58: okänd platshållare"));
	assert_false(store_in_transaction(st));
	error_clear(&err);
	assert_int_equal(stored_rows(st), 0);
}

static void name_is(const char *name, bool ok)
{
	struct error err = ERROR_INIT;
	if (report_template_name_ok(name, &err) != ok)
		fail_msg("name \"%s\": expected %s (%s)", name, ok ? "ok" : "refused",
			 err.msg ? err.msg : "");
	if (!ok)
		assert_int_equal(err.code, ERR_INPUT);
	error_clear(&err);
}

static void names_are_checked(void **state)
{
	(void)state;
	name_is("rapport", true);
	name_is("Årsredovisning 2023", true);
	name_is("delår-H1_v2.md", true);
	char name[2 * 65 + 1];
	for (int i = 0; i < 65; i++)
		memcpy(name + 2 * i, "å", 2);
	name[2 * 65] = '\0';
	name_is(name, false); /* 65 characters */
	name[2 * 64] = '\0';
	name_is(name, true); /* 64 characters, 128 bytes */
	name_is("", false);
	name_is("a/b", false);
	name_is(" rapport", false);
	name_is("rapport ", false);
	name_is("rap\tport", false);
	name_is("rap\nport", false);
	name_is("rap\xc2\x85port", false); /* U+0085, a C1 control */
	name_is("rap\xffport", false);
}

static void names_are_listed_in_order(void **state)
{
	struct store *st = store_of(state);
	struct error err = ERROR_INIT;
	char **names;
	size_t n;
	assert_true(report_template_names(st, &names, &n, &err));
	assert_int_equal(n, 0);
	report_template_names_free(names, n);
	assert_true(put(st, "rapport", GOOD, strlen(GOOD), "erik", NULL, &err));
	assert_true(put(st, "delår", GOOD, strlen(GOOD), "erik", NULL, &err));
	assert_true(put(st, "rapport", BETTER, strlen(BETTER), "erik", NULL, &err));
	assert_true(report_template_names(st, &names, &n, &err));
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "delår");
	assert_string_equal(names[1], "rapport");
	report_template_names_free(names, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, store_fixture_teardown)
		T(the_default_name_stands_for_the_example_until_one_is_saved),
		T(a_template_that_builds_is_saved_with_time_and_user_and_gives_back_the_old),
		T(a_template_that_does_not_build_or_is_not_text_is_refused_and_nothing_written),
		cmocka_unit_test(names_are_checked),
		T(names_are_listed_in_order),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
