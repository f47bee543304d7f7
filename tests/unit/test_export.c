/*
 * Unit tests of books/export and sie/sie_writer: the SIE a store writes is
 * valid CP437 with a correct #KSUMMA, and reading it back gives the same
 * books.
 */
#include "testlib.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "books/balance.h"
#include "books/export.h"
#include "books/import.h"
#include "sie/sie_reader.h"
#include "util/xalloc.h"

static void import_path(struct store *st, const char *path)
{
	struct import_options opt = { .log_name = path };
	struct import_result res;
	struct error err = ERROR_INIT;
	if (!books_import_sie(st, path, &opt, &res, &err))
		fail_msg("%s: %s", path, err.msg);
	import_result_free(&res);
}

/* Export year_id of st to dir/name; returns the path. */
static char *export_to(struct store *st, const char *dir, const char *name, int64_t year_id,
		       bool only_vouchers)
{
	char *path = test_path(dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	struct export_options opt = { .year_id = year_id, .only_vouchers = only_vouchers,
				      .today = 20261124 };
	struct error err = ERROR_INIT;
	if (!books_export_sie(st, f, &opt, &err))
		fail_msg("export: %s", err.msg);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Import file, export its latest year, import the export in a new store:
 * the books must be the same. */
static void round_trip(const char *file)
{
	char *dir = test_tempdir();
	char *d1 = test_path(dir, "a"), *d2 = test_path(dir, "b");
	assert_int_equal(mkdir(d1, 0700), 0);
	assert_int_equal(mkdir(d2, 0700), 0);
	struct store a, b;
	test_store(&a, d1);
	test_store(&b, d2);
	import_path(&a, file);
	int64_t year;
	struct error err = ERROR_INIT;
	assert_true(balance_find_year(&a, 0, 0, &year, &err));
	char *out = export_to(&a, dir, "export.se", year, false);
	import_path(&b, out);
	char *da = test_books_dump(&a), *db = test_books_dump(&b);
	if (strcmp(da, db) != 0) {
		fprintf(stderr, "--- %s imported:\n%s\n--- its export imported:\n%s\n", file, da, db);
		fail_msg("%s: the export does not give the same books", file);
	}
	free(da);
	free(db);
	free(out);
	store_close(&a);
	store_close(&b);
	test_rmtree(dir);
	free(dir);
	free(d1);
	free(d2);
}

static void export_then_import_gives_the_same_books(void **state)
{
	(void)state;
	const char *files[] = { "minimal-4e.se", "quirk-rtrans-btrans.se", "quirk-empty-fields.se",
				"quirk-escaped-quotes.se", "quirk-ver-without-rows.se",
				"quirk-pbudget-swapped.se", "type1.se", "type3.se",
				"quirk-mixed-cp437-latin1.se" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *rel = xasprintf("sie/%s", files[i]);
		char *path = test_data(rel);
		round_trip(path);
		free(rel);
		free(path);
	}
}

static void the_bundled_example_survives_a_round_trip(void **state)
{
	(void)state;
	char *path = test_example("bokforing-2023-h1.se");
	round_trip(path);
	free(path);
}

static bool ignore_event(void *ctx, const struct sie_event *ev, struct error *err)
{
	(void)ctx;
	(void)ev;
	(void)err;
	return true;
}

static void the_export_is_cp437_with_a_checksum_that_verifies(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	struct store st;
	test_store(&st, dir);
	char *in = test_data("sie/minimal-4e.se");
	import_path(&st, in);
	int64_t year;
	struct error err = ERROR_INIT;
	assert_true(balance_find_year(&st, 2023, 0, &year, &err));
	char *out = export_to(&st, dir, "x.se", year, false);
	size_t n;
	char *bytes = test_read(out, &n);
	/* "Testförbundet" with ö as CP437 0x94, CRLF line ends. */
	const char *name = "#FNAMN \"Testf\x94rbundet\"\r\n";
	assert_non_null(memmem(bytes, n, name, strlen(name)));
	assert_non_null(strstr(bytes, "#FLAGGA 0\r\n#KSUMMA\r\n"));
	assert_non_null(strstr(bytes, "#GEN 20261124\r\n"));
	int fd = open(out, O_RDONLY);
	struct sie_read_options ro = { 0 };
	struct sie_handler h = { .ctx = NULL, .event = ignore_event, .warning = NULL };
	struct sie_summary s;
	assert_true(sie_read(out, fd, &ro, &h, &s, &err));
	close(fd);
	assert_int_equal(s.ksumma, SIE_KSUMMA_OK);
	assert_string_equal(sie_type_name(&s), "4E");
	sie_summary_free(&s);
	free(bytes);
	free(out);
	free(in);
	store_close(&st);
	test_rmtree(dir);
	free(dir);
}

static void a_4i_export_holds_just_the_vouchers(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	struct store st;
	test_store(&st, dir);
	char *in = test_data("sie/minimal-4e.se");
	import_path(&st, in);
	int64_t year;
	struct error err = ERROR_INIT;
	assert_true(balance_find_year(&st, 2023, 0, &year, &err));
	char *out = export_to(&st, dir, "x.si", year, true);
	char *text = test_read(out, NULL);
	assert_null(strstr(text, "#IB"));
	assert_null(strstr(text, "#RAR"));
	assert_non_null(strstr(text, "#VER \"A\" \"2\" 20230210 \"Faktura coachingteam\"\r\n{\r\n"
				     "#TRANS 4590 {6 \"P1\"} 750.50\r\n"));
	int fd = open(out, O_RDONLY);
	struct sie_read_options ro = { 0 };
	struct sie_handler h = { .ctx = NULL, .event = ignore_event, .warning = NULL };
	struct sie_summary s;
	assert_true(sie_read(out, fd, &ro, &h, &s, &err));
	close(fd);
	assert_string_equal(sie_type_name(&s), "4I");
	assert_int_equal(s.counts.ver, 4);
	sie_summary_free(&s);
	free(text);
	free(out);
	free(in);
	store_close(&st);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(export_then_import_gives_the_same_books),
		cmocka_unit_test(the_bundled_example_survives_a_round_trip),
		cmocka_unit_test(the_export_is_cp437_with_a_checksum_that_verifies),
		cmocka_unit_test(a_4i_export_holds_just_the_vouchers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
