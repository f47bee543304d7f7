/*
 * Unit tests of report/audit: the bundled example passes every check;
 * each kind of disagreement is found and named with its figures — an
 * account no statement line takes, printed lines that do not add up under
 * plain rounding, contributions booked against the law's shares.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include "report/audit.h"
#include "report/statement.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct findings {
	struct buf text;       /* "area: text\n" each */
	long n;
};

static void collect(void *ctx, const char *area, const char *text)
{
	struct findings *f = ctx;
	buf_printf(&f->text, "%s: %s\n", area, text);
	f->n++;
}

static int setup(void **state)
{
	store_fixture_setup(state);
	struct store_fixture *f = *state;
	test_example_load(&f->st, EXAMPLE_ALL);
	return 0;
}

/* Run the audit over the example's half-year; the findings' text. */
static struct findings run_audit(struct store *st, bool plain)
{
	struct findings f = { BUF_INIT(0), 0 };
	struct audit_query q = { .from = 20230101, .to = 20230630, .plain_rounding = plain };
	struct error err = ERROR_INIT;
	long n = 0;
	if (!audit_run(st, &q, collect, &f, &n, &err))
		fail_msg("audit_run: %s", err.msg);
	assert_int_equal(n, f.n);
	return f;
}

static void the_example_passes_every_check(void **state)
{
	struct store_fixture *sf = *state;
	struct findings f = run_audit(&sf->st, false);
	if (f.n)
		fail_msg("findings:\n%s", buf_cstr(&f.text));
	buf_free(&f.text);
}

static void plain_rounding_shows_where_printed_lines_do_not_add_up(void **state)
{
	struct store_fixture *sf = *state;
	struct findings f = run_audit(&sf->st, true);
	/* The seed's own case: equity and liabilities 2 093 247 + 140 413 +
	 * 4 056 840 = 6 290 500 printed, against a sum of 6 290 500,50. */
	assert_non_null(strstr(buf_cstr(&f.text),
			       "Balansräkning: tryckt SUMMA EGET KAPITAL OCH SKULDER är 6290501 kr men "
			       "de tryckta raderna ovanför summerar till 6290500 kr"));
	buf_free(&f.text);
}

static void an_account_no_line_takes_is_named_with_its_amount(void **state)
{
	struct store_fixture *sf = *state;
	/* The example's mapping without the bank (19) among the assets. */
	char *path = test_example("rapportmappning.yaml");
	size_t n = 0;
	char *text = test_read(path, &n);
	assert_non_null(text);
	char *at = strstr(text, "konton: 18-19\n");
	if (!at)
		fail_msg("the example mapping no longer has \"konton: 18-19\"");
	memcpy(at, "konton: 18-18", 13);
	struct error err = ERROR_INIT;
	if (!stmt_map_save(&sf->st, text, n, "utan-bank.yaml", &err))
		fail_msg("stmt_map_save: %s", err.msg);
	struct findings f = run_audit(&sf->st, false);
	assert_non_null(strstr(buf_cstr(&f.text), "Mappning: konto 1930 Bank (6 134 556,50 kr) "
						 "hamnar inte på någon rad i balansräkningen"));
	/* And so the balance sheet no longer balances. */
	assert_non_null(strstr(buf_cstr(&f.text), "balanserar inte"));
	buf_free(&f.text);
	free(text);
	free(path);
}

static void contributions_against_the_law_are_found(void **state)
{
	struct store_fixture *sf = *state;
	struct error err = ERROR_INIT;
	/* The region's contributions looked for on Lekeberg's account: the
	 * books then show the region paying 50 000, not a quarter. */
	if (!store_exec(&sf->st, "UPDATE member SET accounts = '3532' WHERE code = 'REG'", &err))
		fail_msg("%s", err.msg);
	struct findings f = run_audit(&sf->st, false);
	assert_non_null(strstr(buf_cstr(&f.text),
			       "Medlemsbidrag: bokförda medlemsbidrag 2023 följer inte lagens andelar "
			       "(staten 1/2, regionen 1/4, kommunerna 1/4): staten 2 000 000,00 kr, "
			       "regionen 50 000,00 kr, kommunerna 1 000 000,00 kr"));
	buf_free(&f.text);
}

static void a_report_is_audited_for_its_period_comparison_and_rounding(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d);
	d.from = 20230101;
	d.to = 20230630;
	d.cmp_from = 20220101;
	d.cmp_to = 20221231;
	d.plain_rounding = true;
	struct audit_query q = audit_query_of_doc(&d);
	assert_int_equal(q.from, 20230101);
	assert_int_equal(q.to, 20230630);
	assert_int_equal(q.cmp_from, 20220101);
	assert_int_equal(q.cmp_to, 20221231);
	assert_false(q.no_comparison);
	assert_true(q.plain_rounding);
	/* "jämförelse: ingen" leaves the doc without one: so is the audit. */
	d.cmp_from = d.cmp_to = 0;
	d.plain_rounding = false;
	q = audit_query_of_doc(&d);
	assert_true(q.no_comparison);
	assert_false(q.plain_rounding);
	doc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_example_passes_every_check, setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(plain_rounding_shows_where_printed_lines_do_not_add_up,
						setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(an_account_no_line_takes_is_named_with_its_amount,
						setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(contributions_against_the_law_are_found, setup,
						store_fixture_teardown),
		cmocka_unit_test(a_report_is_audited_for_its_period_comparison_and_rounding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
