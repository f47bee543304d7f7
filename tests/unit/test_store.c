/*
 * Unit tests of store/: creation, migrations, and refusing files that are
 * not finsam stores.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

static void a_fresh_store_and_an_upgraded_one_are_identical(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	char *fresh_path = test_path(dir, "fresh.db"), *old_path = test_path(dir, "old.db");
	struct store fresh, old;
	struct error err = ERROR_INIT;
	assert_true(store_open(&fresh, fresh_path, STORE_CREATE, &err));
	/* Every version a store may have been left at, upgraded to the latest. */
	for (int v = 1; v <= store_latest_version(); v++) {
		unlink(old_path);
		assert_true(store_open_at_version(&old, old_path, v, &err));
		store_close(&old);
		assert_true(store_open(&old, old_path, STORE_EXISTING, &err));
		char *a = test_schema_dump(&fresh), *b = test_schema_dump(&old);
		assert_string_equal(a, b);
		free(a);
		free(b);
		store_close(&old);
	}
	store_close(&fresh);
	test_rmtree(dir);
	free(dir);
	free(fresh_path);
	free(old_path);
}

static void a_new_store_is_wal_with_foreign_keys_and_finsams_id(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	struct store st;
	test_store(&st, dir);
	int64_t fk, app, version;
	struct error err = ERROR_INIT;
	assert_true(store_query_int(&st, "PRAGMA foreign_keys", NULL, 0, 0, &fk, &err));
	assert_true(store_query_int(&st, "PRAGMA application_id", NULL, 0, 0, &app, &err));
	assert_true(store_query_int(&st, "PRAGMA user_version", NULL, 0, 0, &version, &err));
	assert_int_equal(fk, 1);
	assert_int_equal(app, STORE_APPLICATION_ID);
	assert_int_equal(version, store_latest_version());
	char *schema = test_schema_dump(&st);
	assert_non_null(strstr(schema, "\nwal\n"));
	free(schema);
	store_close(&st);
	test_rmtree(dir);
	free(dir);
}

static void a_store_from_a_newer_finsam_is_refused(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	struct store st;
	test_store(&st, dir);
	struct error err = ERROR_INIT;
	assert_true(store_exec(&st, "PRAGMA user_version = 99", &err));
	store_close(&st);
	char *path = test_path(dir, "finsam.db");
	assert_false(store_open(&st, path, STORE_EXISTING, &err));
	assert_non_null(strstr(err.msg, "har schemaversion 99, men denna finsam känner bara till"));
	error_clear(&err);
	test_rmtree(dir);
	free(dir);
	free(path);
}

static void files_that_are_not_finsam_stores_are_refused(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	char *text = test_write(dir, "text.db", "inte en databas, bara text\n", -1);
	struct store st;
	struct error err = ERROR_INIT;
	assert_false(store_open(&st, text, STORE_EXISTING, &err));
	assert_non_null(strstr(err.msg, "är ingen finsam-databas"));
	error_clear(&err);
	char *missing = test_path(dir, "saknas.db");
	assert_false(store_open(&st, missing, STORE_EXISTING, &err));
	assert_non_null(strstr(err.msg, "det finns ingen finsam-databas i"));
	error_clear(&err);
	test_rmtree(dir);
	free(dir);
	free(text);
	free(missing);
}

static void opening_an_existing_store_to_read_writes_nothing(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	struct store st;
	test_store(&st, dir);
	store_close(&st);
	char *path = test_path(dir, "finsam.db");
	size_t n1, n2;
	char *before = test_read(path, &n1);
	struct error err = ERROR_INIT;
	assert_true(store_open(&st, path, STORE_EXISTING, &err));
	int64_t x;
	assert_true(store_query_int(&st, "SELECT count(*) FROM account", NULL, 0, 0, &x, &err));
	store_close(&st);
	char *after = test_read(path, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
	free(path);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_fresh_store_and_an_upgraded_one_are_identical),
		cmocka_unit_test(a_new_store_is_wal_with_foreign_keys_and_finsams_id),
		cmocka_unit_test(a_store_from_a_newer_finsam_is_refused),
		cmocka_unit_test(files_that_are_not_finsam_stores_are_refused),
		cmocka_unit_test(opening_an_existing_store_to_read_writes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
