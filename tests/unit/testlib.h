/*
 * testlib — what the unit tests share: cmocka, temporary directories and
 * files, a scratch store, and paths to the test data and the SIE corpus.
 */
#ifndef FINSAM_TESTLIB_H
#define FINSAM_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the headers above first. */
#include <cmocka.h>

#include "store/store.h"

/* A fresh temporary directory (removed by test_rmtree); the caller frees. */
char *test_tempdir(void);
/* Remove a directory tree. */
void test_rmtree(const char *dir);
/* dir/name, allocated. */
char *test_path(const char *dir, const char *name);
/* Write n bytes (n = -1: strlen) to dir/name; returns the path (free it). */
char *test_write(const char *dir, const char *name, const char *data, long n);
/* A file of the test data (tests/data/NAME); the caller frees. */
char *test_data(const char *name);
/* A file of the bundled example (examples/lekeberg-orebro/NAME, under
 * $FINSAM_TOP when set); the caller frees. */
char *test_example(const char *name);
/* The SIE corpus directory, or NULL when it is not present. */
const char *test_corpus(void);
/* Read a whole file; *n gets its size; NULL if it cannot be read. */
char *test_read(const char *path, size_t *n);
/* What test_example_load reads of the bundled example into a store. */
enum {
	EXAMPLE_BOOKS = 1,    /* bokforing-2023-h1.se */
	EXAMPLE_BUDGET = 2,   /* budget-2023.csv, as the adopted budget */
	EXAMPLE_FORECAST = 4, /* prognos-2023.csv */
	EXAMPLE_MEMBERS = 8,  /* medlemmar.csv */
	EXAMPLE_FOLLOWUP = 16,/* uppfoljning.yaml */
	EXAMPLE_MAPPING = 32, /* rapportmappning.yaml, as the förbund's own mapping */
	EXAMPLE_ALL = 63,
};
/* Read the parts of the example `parts` names into st, in that order; the
 * test fails with the file's message when one is refused. */
void test_example_load(struct store *st, unsigned parts);
/* dir/big.se: a type 4 file of n vouchers of two rows (account 4590
 * with object P1..P20 of dimension 6 and a row text, then 1930), 20
 * objects, 2 accounts; the company is renamed (#FNAMN, #KPTYP) after
 * voucher `rename_after` and a #VER with a broken date follows voucher
 * `break_after` (0: neither). Returns the path (free it). */
char *test_write_big_sie(const char *dir, long n, long rename_after, long break_after);
/* Call fn with the path of every SIE file (.se, .si) in dir; returns how
 * many there were. */
int test_each_sie_file(const char *dir, void (*fn)(const char *path));
/* Drop pango's font map (and the fonts it holds) at the end of a test
 * program that drew text, so that valgrind shows only what the program
 * itself might leak. (LeakSanitizer is told in testlib.c to pass over the
 * few hundred bytes fontconfig leaks, once, parsing its configuration.) */
void test_release_font_caches(void);
/* Open a new store in dir (asserting success). */
void test_store(struct store *st, const char *dir);

/* A fresh store in a temporary directory, for cmocka setup/teardown:
 * `*state` is a struct store_fixture. */
struct store_fixture {
	char *dir;
	struct store st;
};
int store_fixture_setup(void **state);
int store_fixture_teardown(void **state);

struct import_result;
/* Import a file into st: the path as given, or under tests/data/sie/ when
 * `fixture` is true. Returns NULL, or the error message (free it). On
 * success res is filled (free with import_result_free). */
char *test_import(struct store *st, const char *file, bool fixture, bool allow_unbalanced,
		  struct import_result *res);

#endif

#ifndef FINSAM_TESTLIB_DUMP
#define FINSAM_TESTLIB_DUMP
/* Every row of every table of the store as text (tables in name order,
 * rows in primary-key order): equal dumps mean an unchanged store. */
char *test_store_dump(struct store *st);
/* The schema (sqlite_schema) as text, normalised, for comparing stores. */
char *test_schema_dump(struct store *st);
/* The books as a person would compare them: organisation, chart,
 * dimensions and objects, and per fiscal year its trial balance (in total
 * and by every dimension), period budgets and vouchers with their rows.
 * Independent of row ids and import history. */
char *test_books_dump(struct store *st);
#endif
