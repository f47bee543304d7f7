/*
 * Unit tests of books/import: SIE files into the store, all or nothing;
 * replacing a year and reporting what changed; 4I batches; refusals.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include "books/check.h"
#include "books/import.h"
#include "util/buf.h"
#include "util/xalloc.h"


/* Import tests/data/sie/name; returns the error message (or NULL). */
static char *import(struct store_fixture *f, const char *name, struct import_result *res,
		    bool allow_unbalanced)
{
	return test_import(&f->st, name, true, allow_unbalanced, res);
}

static void import_ok(struct store_fixture *f, const char *name, struct import_result *res)
{
	char *msg = import(f, name, res, false);
	if (msg)
		fail_msg("%s: %s", name, msg);
}

/* Import a file written from text into the fixture's directory. */
static char *import_text(struct store_fixture *f, const char *name, const char *text,
			 struct import_result *res)
{
	char *path = test_write(f->dir, name, text, -1);
	struct import_options opt = { .log_name = name };
	struct error err = ERROR_INIT;
	bool ok = books_import_sie(&f->st, path, &opt, res, &err);
	free(path);
	if (ok)
		return NULL;
	char *msg = xstrdup(err.msg);
	error_clear(&err);
	return msg;
}

static int64_t count(struct store_fixture *f, const char *sql)
{
	int64_t n = -1;
	struct error err = ERROR_INIT;
	assert_true(store_query_int(&f->st, sql, NULL, 0, -1, &n, &err));
	return n;
}

static char *minimal_text(void)
{
	char *path = test_data("sie/minimal-4e.se");
	char *text = test_read(path, NULL);
	free(path);
	assert_non_null(text);
	return text;
}

/* text with the first occurrence of `from` replaced by `to`. */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	assert_non_null(at);
	return xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

static void a_first_import_stores_year_chart_objects_vouchers_and_log(void **state)
{
	struct store_fixture *f = *state;
	struct import_result res;
	import_ok(f, "minimal-4e.se", &res);
	assert_false(res.noop);
	assert_string_equal(res.type, "4E");
	assert_int_equal(res.year_start, 20230101);
	assert_int_equal(res.added, 4);
	assert_int_equal(res.vouchers_before, 0);
	assert_int_equal(res.nmessages, 0);
	import_result_free(&res);
	assert_int_equal(count(f, "SELECT count(*) FROM fiscal_year"), 2);
	assert_int_equal(count(f, "SELECT has_books FROM fiscal_year WHERE start_date = 20230101"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM account"), 7);
	assert_int_equal(count(f, "SELECT count(*) FROM object"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM voucher"), 4);
	assert_int_equal(count(f, "SELECT count(*) FROM voucher_row"), 9);
	assert_int_equal(count(f, "SELECT count(*) FROM row_object"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM import"), 1);
	assert_int_equal(count(f, "SELECT json_extract(counts, '$.trans') FROM import"), 9);
	assert_int_equal(count(f, "SELECT length(sha256) FROM import"), 64);
	assert_int_equal(count(f, "SELECT chart_kind = 'kommun-bas' FROM org"), 1);
	assert_int_equal(count(f, "SELECT orgnr = '222000-1234' FROM org"), 1);
	/* The month sums kept at import: 4590 in February, per object too. */
	assert_int_equal(count(f, "SELECT amount FROM period_balance p JOIN account a ON\n"
				  "a.id = p.account_id WHERE a.number = '4590' AND period = 202302\n"
				  "AND object_id = 0"),
			 100000);
	/* Kept cumulative: P1's sum through any month from February on. */
	assert_int_equal(count(f, "SELECT amount FROM period_balance p JOIN object o ON\n"
				  "o.id = p.object_id WHERE o.code = 'P1' AND period = 202306"),
			 75050);
	assert_int_equal(count(f, "SELECT count(*) FROM period_balance p JOIN object o ON\n"
				  "o.id = p.object_id WHERE o.code = 'P1'"),
			 11);
}

static void importing_the_same_file_again_changes_nothing_and_says_so(void **state)
{
	struct store_fixture *f = *state;
	struct import_result res;
	import_ok(f, "minimal-4e.se", &res);
	import_result_free(&res);
	char *before = test_store_dump(&f->st);
	import_ok(f, "minimal-4e.se", &res);
	assert_true(res.noop);
	assert_int_equal(res.import_id, 0);
	import_result_free(&res);
	char *after = test_store_dump(&f->st);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void a_newer_export_replaces_the_year_and_names_changed_vouchers(void **state)
{
	struct store_fixture *f = *state;
	struct import_result res;
	char *text = minimal_text();
	assert_null(import_text(f, "v1.se", text, &res));
	import_result_free(&res);

	/* After the fact: A 2's amounts moved between objects, B 1 removed,
	 * B 3 added. */
	char *t1 = replace(text, "{6 \"P1\"} 750.50", "{6 \"P1\"} 700.50");
	char *t2 = replace(t1, "{6 \"P2\"} 249.50", "{6 \"P2\"} 299.50");
	char *t3 = replace(t2, "#VER B 1 20230228 \"Betalning\"\r\n{\r\n#TRANS 2440 {} 1000.00\r\n"
			       "#TRANS 1930 {} -1000.00\r\n}\r\n",
			   "");
	char *t4 = xasprintf("%s#VER B 3 20230630 \"Avgift\"\r\n{\r\n#TRANS 8510 {} 5.00\r\n"
			     "#TRANS 1930 {} -5.00\r\n}\r\n",
			     t3);
	assert_null(import_text(f, "v2.se", t4, &res));
	assert_false(res.noop);
	assert_int_equal(res.vouchers_before, 4);
	assert_int_equal(res.added, 1);
	assert_int_equal(res.removed, 1);
	assert_int_equal(res.changed, 1);
	assert_int_equal(res.nchanges, 3);
	/* Changed first, then removed, then added. */
	assert_int_equal(res.changes[0].kind, '~');
	assert_string_equal(res.changes[0].series, "A");
	assert_string_equal(res.changes[0].number, "2");
	assert_string_equal(res.changes[0].detail,
			    "rad borta: 4590 {6 P1} 750,50; rad borta: 4590 {6 P2} 249,50; ny rad: "
			    "4590 {6 P1} 700,50; ny rad: 4590 {6 P2} 299,50");
	assert_int_equal(res.changes[1].kind, '-');
	assert_string_equal(res.changes[1].number, "1");
	assert_int_equal(res.changes[2].kind, '+');
	assert_string_equal(res.changes[2].number, "3");
	long id = res.import_id;
	import_result_free(&res);
	/* Only the new vouchers remain; the log keeps all three changes. */
	assert_int_equal(count(f, "SELECT count(*) FROM voucher"), 4);
	assert_int_equal(count(f, "SELECT count(DISTINCT import_id) FROM voucher"), 1);
	char *sql = xasprintf("SELECT count(*) FROM import_change WHERE import_id = %ld", id);
	assert_int_equal(count(f, sql), 3);
	free(sql);
	assert_int_equal(count(f, "SELECT amount FROM period_balance p JOIN object o ON\n"
				  "o.id = p.object_id WHERE o.code = 'P1' AND period = 202312"),
			 70050);
	free(text);
	free(t1);
	free(t2);
	free(t3);
	free(t4);
}

static void a_voucher_whose_rows_only_changed_order_is_not_changed(void **state)
{
	struct store_fixture *f = *state;
	struct import_result res;
	char *text = minimal_text();
	assert_null(import_text(f, "v1.se", text, &res));
	import_result_free(&res);
	/* The same file, but A 2's last row moved first (and #GEN moved on,
	 * so it is not the identical file). */
	char *t1 = replace(text,
			   "{\r\n#TRANS 4590 {6 \"P1\"} 750.50\r\n#TRANS 4590 {6 \"P2\"} 249.50\r\n"
			   "#TRANS 2440 {} -1000.00\r\n",
			   "{\r\n#TRANS 2440 {} -1000.00\r\n#TRANS 4590 {6 \"P1\"} 750.50\r\n"
			   "#TRANS 4590 {6 \"P2\"} 249.50\r\n");
	char *t2 = replace(t1, "#GEN 20230701", "#GEN 20230702");
	assert_null(import_text(f, "v2.se", t2, &res));
	assert_int_equal(res.added, 0);
	assert_int_equal(res.removed, 0);
	assert_int_equal(res.changed, 0);
	import_result_free(&res);
	free(text);
	free(t1);
	free(t2);
}

/* An export (SIE 4E: it has an opening balance) with `copies` identical
 * vouchers without a number; gen tells the exports apart. */
static char *unnumbered_text(int copies, int gen)
{
	struct buf b = BUF_INIT(0);
	buf_printf(&b, "#FLAGGA 0\r\n#PROGRAM \"test\" 1\r\n#FORMAT PC8\r\n#GEN 202307%02d\r\n"
		       "#SIETYP 4\r\n#FNAMN \"Testf\x94rbundet\"\r\n#RAR 0 20230101 20231231\r\n"
		       "#KONTO 1930 \"Bank\"\r\n#KONTO 3511 \"Bidrag\"\r\n#IB 0 1930 0.00\r\n", gen);
	for (int i = 0; i < copies; i++)
		buf_puts(&b, "#VER A \"\" 20230115 \"Bidrag\"\r\n{\r\n#TRANS 1930 {} 100.00\r\n"
			     "#TRANS 3511 {} -100.00\r\n}\r\n");
	return buf_take(&b);
}

static void identical_vouchers_without_number_are_paired_copy_by_copy(void **state)
{
	struct store_fixture *f = *state;
	struct import_result res;
	char *two = unnumbered_text(2, 1), *three = unnumbered_text(3, 2),
	     *one = unnumbered_text(1, 3);
	assert_null(import_text(f, "two.se", two, &res));
	import_result_free(&res);
	/* A third copy is one voucher added, nothing removed. */
	assert_null(import_text(f, "three.se", three, &res));
	assert_int_equal(res.added, 1);
	assert_int_equal(res.removed, 0);
	assert_int_equal(res.changed, 0);
	import_result_free(&res);
	/* Down to one copy: two removed. */
	assert_null(import_text(f, "one.se", one, &res));
	assert_int_equal(res.added, 0);
	assert_int_equal(res.removed, 2);
	assert_int_equal(res.changed, 0);
	import_result_free(&res);
	assert_int_equal(count(f, "SELECT count(*) FROM voucher"), 1);
	free(two);
	free(three);
	free(one);
}

static void a_failed_import_leaves_the_store_exactly_as_it_was(void **state)
{
	struct store_fixture *f = *state;
	struct import_result res;
	import_ok(f, "minimal-4e.se", &res);
	import_result_free(&res);
	char *before = test_store_dump(&f->st);
	const char *bad[] = { "err-unbalanced.se",	   "err-truncated-in-voucher.se",
			      "err-ksumma-wrong.se",	   "err-bad-date.se",
			      "err-voucher-outside-year.se", "other-org.se",
			      "err-nul-byte.se",	   "type1.se" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *msg = import(f, bad[i], &res, false);
		if (!msg)
			fail_msg("%s was imported", bad[i]);
		free(msg);
		char *after = test_store_dump(&f->st);
		if (strcmp(before, after) != 0)
			fail_msg("%s changed the store", bad[i]);
		free(after);
	}
	free(before);
}

static void a_file_for_another_organisation_is_refused(void **state)
{
	struct store_fixture *f = *state;
	struct import_result res;
	import_ok(f, "minimal-4e.se", &res);
	import_result_free(&res);
	char *msg = import(f, "other-org.se", &res, false);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "other-org.se: filen gäller organisationsnummer 556000-0001 "
				    "(Testförbundet), men databasen är för 222000-1234"));
	free(msg);
}

static void a_year_with_vouchers_is_not_replaced_by_balances_only(void **state)
{
	struct store_fixture *f = *state;
	struct import_result res;
	import_ok(f, "minimal-4e.se", &res);
	import_result_free(&res);
	char *msg = import(f, "type1.se", &res, false);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "räkenskapsåret har verifikationer (SIE 4), men denna SIE 1-fil"));
	free(msg);
}

static void a_4i_batch_adds_vouchers_once_and_refuses_duplicates(void **state)
{
	struct store_fixture *f = *state;
	struct import_result res;
	import_ok(f, "minimal-4e.se", &res);
	import_result_free(&res);
	import_ok(f, "quirk-4i-undeclared.si", &res);
	assert_true(res.append);
	assert_string_equal(res.type, "4I");
	assert_int_equal(res.added, 1);
	import_result_free(&res);
	assert_int_equal(count(f, "SELECT count(*) FROM voucher"), 5);
	/* The batch's undeclared account and object were created. */
	assert_int_equal(count(f, "SELECT count(*) FROM account WHERE number = '5010'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM object WHERE code = 'P9'"), 1);
	/* The same batch again: nothing happens. */
	import_ok(f, "quirk-4i-undeclared.si", &res);
	assert_true(res.noop);
	import_result_free(&res);
	/* Another batch with the same voucher number: refused. */
	char *path = test_data("sie/quirk-4i-undeclared.si");
	char *text = test_read(path, NULL);
	char *other = replace(text, "#GEN 20230731", "#GEN 20230801");
	char *msg = import_text(f, "other.si", other, &res);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "other.si:8: verifikation L 1 finns redan i bokföringen"));
	free(msg);
	free(path);
	free(text);
	free(other);
	assert_int_equal(count(f, "SELECT count(*) FROM voucher"), 5);
}

static void declared_closing_balances_that_disagree_are_named_with_both_amounts(void **state)
{
	struct store_fixture *f = *state;
	struct import_result res;
	import_ok(f, "quirk-ub-disagrees.se", &res);
	assert_int_equal(res.nmessages, 1);
	assert_string_equal(res.messages[0].text,
			    "filens utgående saldon: konto 1930: #UB anger 2 000,00 kr, men "
			    "verifikationerna ger 2 012,34 kr");
	import_result_free(&res);
	/* The books are the vouchers, and check keeps saying so. */
	assert_int_equal(count(f, "SELECT amount FROM period_balance p JOIN account a ON\n"
				  "a.id = p.account_id WHERE a.number = '1930' AND object_id = 0\n"
				  "AND period = 202312"),
			 101234);
}

/* Collects check findings. */
struct findings {
	long n;
	char text[8][256];
};

static void collect(void *ctx, long line, const char *msg)
{
	(void)line;
	struct findings *fs = ctx;
	if (fs->n < 8)
		snprintf(fs->text[fs->n], sizeof fs->text[0], "%s", msg);
	fs->n++;
}

static void check_keeps_reporting_what_the_import_warned_about(void **state)
{
	struct store_fixture *f = *state;
	struct import_result res;
	import_ok(f, "quirk-ub-disagrees.se", &res);
	import_result_free(&res);
	struct findings fs = { 0 };
	long total = 0;
	struct error err = ERROR_INIT;
	assert_true(check_store(&f->st, collect, &fs, &total, &err));
	assert_int_equal(total, 1);
	assert_int_equal(fs.n, 1);
	assert_string_equal(fs.text[0], "2023: filens utgående saldon: konto 1930: #UB anger "
					"2 000,00 kr, men verifikationerna ger 2 012,34 kr");
}

static void check_finds_nothing_in_consistent_books(void **state)
{
	struct store_fixture *f = *state;
	struct import_result res;
	import_ok(f, "minimal-4e.se", &res);
	import_result_free(&res);
	struct findings fs = { 0 };
	long total = -1;
	struct error err = ERROR_INIT;
	assert_true(check_store(&f->st, collect, &fs, &total, &err));
	if (total)
		fail_msg("unexpected finding: %s", fs.text[0]);
}

static void an_unbalanced_voucher_imported_on_request_is_flagged(void **state)
{
	struct store_fixture *f = *state;
	struct import_result res;
	char *msg = import(f, "err-unbalanced.se", &res, true);
	assert_null(msg);
	assert_int_equal(res.counts.unbalanced, 1);
	import_result_free(&res);
	assert_int_equal(count(f, "SELECT imbalance FROM voucher WHERE series = 'A' AND number = '2'"),
			 -50);
}

static void previous_year_data_is_kept_only_where_the_store_has_no_better(void **state)
{
	struct store_fixture *f = *state;
	struct import_result res;
	import_ok(f, "minimal-4e.se", &res);
	import_result_free(&res);
	/* 2022 came from #UB -1/#RES -1 and is declared-only. */
	assert_int_equal(count(f, "SELECT count(*) FROM declared_balance b JOIN fiscal_year y ON\n"
				  "y.id = b.year_id WHERE y.start_date = 20220101"),
			 4);
	assert_int_equal(count(f, "SELECT source_import IS NULL FROM fiscal_year\n"
				  "WHERE start_date = 20220101"),
			 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_first_import_stores_year_chart_objects_vouchers_and_log,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(importing_the_same_file_again_changes_nothing_and_says_so,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_newer_export_replaces_the_year_and_names_changed_vouchers,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_voucher_whose_rows_only_changed_order_is_not_changed,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(identical_vouchers_without_number_are_paired_copy_by_copy,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_failed_import_leaves_the_store_exactly_as_it_was,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_file_for_another_organisation_is_refused, store_fixture_setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_year_with_vouchers_is_not_replaced_by_balances_only,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_4i_batch_adds_vouchers_once_and_refuses_duplicates,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(
			declared_closing_balances_that_disagree_are_named_with_both_amounts, store_fixture_setup,
			store_fixture_teardown),
		cmocka_unit_test_setup_teardown(check_keeps_reporting_what_the_import_warned_about,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(check_finds_nothing_in_consistent_books, store_fixture_setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(an_unbalanced_voucher_imported_on_request_is_flagged,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(previous_year_data_is_kept_only_where_the_store_has_no_better,
						store_fixture_setup, store_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
