/*
 * Conformance: every file of the SIE corpus (../shared/sie-corpus, 30 real
 * files from about twenty producers, with checked facts in expected.json)
 * is either imported with exactly the expected record counts, or refused
 * for the reason the file deserves. Each imported file also survives an
 * export and a re-import with the same books. Skipped when the corpus is
 * not present.
 */
#include "testlib.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "books/balance.h"
#include "books/export.h"
#include "books/file_balance.h"
#include "books/import.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* Files that must be refused, and why. */
static const struct {
	const char *prefix;
	const char *reason;
} refused[] = {
	{ "18_", "balanserar inte" },		   /* a voucher edited to be unbalanced */
	{ "30_", "kontrollsumman stämmer inte" }, /* #KSUMMA 123456789, a placeholder */
};

static const char *refusal_reason(const char *file)
{
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if (strncmp(file, refused[i].prefix, strlen(refused[i].prefix)) == 0)
			return refused[i].reason;
	return NULL;
}

static long counted(const struct sie_counts *c, const char *key)
{
	struct {
		const char *key;
		long value;
	} map[] = { { "ver", c->ver },	       { "trans", c->trans },
		    { "rtrans", c->rtrans },   { "btrans", c->btrans },
		    { "unbalanced", c->unbalanced }, { "empty_ver", c->empty_ver },
		    { "dim", c->dim },	       { "underdim", c->underdim },
		    { "objekt", c->objekt },   { "ib", c->ib },
		    { "ub", c->ub },	       { "res", c->res },
		    { "oib", c->oib },	       { "oub", c->oub },
		    { "psaldo", c->psaldo },   { "pbudget", c->pbudget } };
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].key, key) == 0)
			return map[i].value;
	fail_msg("unknown count %s", key);
	return -1;
}

static const char *const count_keys[] = { "ver", "trans", "rtrans", "btrans", "unbalanced",
					  "empty_ver", "dim", "underdim", "objekt", "ib", "ub",
					  "res", "oib", "oub", "psaldo", "pbudget" };

/* Import one file into a fresh store in dir; message on failure. */
static char *import_fresh(const char *dir, const char *name, const char *path,
			  bool allow_unbalanced, struct import_result *res, struct store *st)
{
	char *sub = test_path(dir, name);
	mkdir(sub, 0700);
	test_store(st, sub);
	free(sub);
	struct import_options opt = { .allow_unbalanced = allow_unbalanced, .log_name = name };
	struct error err = ERROR_INIT;
	if (books_import_sie(st, path, &opt, res, &err))
		return NULL;
	char *msg = xstrdup(err.msg);
	error_clear(&err);
	return msg;
}

/* The corpus, loaded once for all tests: its directory, expected.json, and
 * a scratch directory. NULL when the corpus is not present. */
struct corpus {
	const char *dir;
	json_t *expected;
	char *scratch;
};

static int corpus_setup(void **state)
{
	const char *dir = test_corpus();
	*state = NULL;
	if (!dir)
		return 0;
	char *manifest = xasprintf("%s/expected.json", dir);
	json_error_t jerr;
	json_t *all = json_load_file(manifest, 0, &jerr);
	free(manifest);
	if (!all) {
		fprintf(stderr, "%s/expected.json: %s\n", dir, jerr.text);
		return -1;
	}
	struct corpus *c = xcalloc(1, sizeof *c);
	c->dir = dir;
	c->expected = all;
	c->scratch = test_tempdir();
	*state = c;
	return 0;
}

static int corpus_teardown(void **state)
{
	struct corpus *c = *state;
	if (c) {
		json_decref(c->expected);
		test_rmtree(c->scratch);
		free(c->scratch);
		free(c);
	}
	return 0;
}

/* The corpus of this test run; skips the test when there is none. */
static struct corpus *corpus_or_skip(void **state)
{
	if (!*state)
		skip();
	return *state;
}

static void check_counts(const char *file, json_t *expected, const struct sie_counts *c)
{
	for (size_t k = 0; k < sizeof count_keys / sizeof count_keys[0]; k++) {
		json_t *v = json_object_get(expected, count_keys[k]);
		if (!json_is_integer(v))
			fail_msg("%s: expected.json has no %s", file, count_keys[k]);
		if (json_integer_value(v) != counted(c, count_keys[k]))
			fail_msg("%s: %s is %ld, expected %lld", file, count_keys[k],
				 counted(c, count_keys[k]), (long long)json_integer_value(v));
	}
}

static void every_corpus_file_is_imported_with_the_expected_counts_or_refused(void **state)
{
	struct corpus *corpus = corpus_or_skip(state);
	json_t *all = corpus->expected;
	char *dir = corpus->scratch;
	size_t index;
	json_t *entry;
	int imported = 0, refusals = 0;
	json_array_foreach(all, index, entry) {
		const char *file = json_string_value(json_object_get(entry, "file"));
		char *path = xasprintf("%s/%s", corpus->dir, file);
		struct import_result res;
		struct store st;
		char *msg = import_fresh(dir, file, path, false, &res, &st);
		const char *reason = refusal_reason(file);
		if (reason) {
			if (!msg)
				fail_msg("%s was imported, but should be refused (%s)", file, reason);
			if (!strstr(msg, reason) || strncmp(msg, path, strlen(path)) != 0)
				fail_msg("%s refused for \"%s\", expected \"%s\"", file, msg, reason);
			refusals++;
		} else {
			if (msg)
				fail_msg("%s: %s", file, msg);
			check_counts(file, entry, &res.counts);
			/* The checksum was verified when the file had one. */
			json_t *ks = json_object_get(entry, "ksumma");
			int64_t verified;
			struct error err = ERROR_INIT;
			assert_true(store_query_int(&st,
						    "SELECT json_extract(counts, '$.ksumma') FROM import",
						    NULL, 0, 0, &verified, &err));
			if (json_is_string(ks) != (verified == 1))
				fail_msg("%s: checksum verified %lld, expected.json says %s", file,
					 (long long)verified, json_is_string(ks) ? "OK" : "none");
			import_result_free(&res);
			imported++;
		}
		free(msg);
		store_close(&st);
		free(path);
	}
	assert_int_equal(imported + refusals, (int)json_array_size(all));
	assert_int_equal(refusals, 2);
}

static void the_unbalanced_file_imports_flagged_when_asked(void **state)
{
	struct corpus *corpus = corpus_or_skip(state);
	char *path = xasprintf("%s/18_Avendo-5.20_typ4_UNBALANCED_neg-zero.se", corpus->dir);
	char *dir = corpus->scratch;
	struct import_result res;
	struct store st;
	char *msg = import_fresh(dir, "18", path, true, &res, &st);
	if (msg)
		fail_msg("%s", msg);
	assert_int_equal(res.counts.unbalanced, 1);
	assert_int_equal(res.counts.ver, 163);
	import_result_free(&res);
	int64_t flagged;
	struct error err = ERROR_INIT;
	assert_true(store_query_int(&st, "SELECT count(*) FROM voucher WHERE imbalance <> 0", NULL,
				    0, 0, &flagged, &err));
	assert_int_equal(flagged, 1);
	store_close(&st);
	free(path);
}

/* Replace every `from` in s (in place; `to` is not longer than `from`). */
static void replace_all(char *s, const char *from, const char *to)
{
	size_t nf = strlen(from), nt = strlen(to);
	char *w = s;
	for (const char *r = s; *r;) {
		if (strncmp(r, from, nf) == 0) {
			memcpy(w, to, nt);
			w += nt;
			r += nf;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* The part of a books dump about the year starting `start` ("" when there is
 * none); with balances_only, just its trial-balance rows. */
static char *year_block(const char *dump, date_t start, bool balances_only)
{
	char marker[32];
	snprintf(marker, sizeof marker, "== year %d-", start);
	const char *from = start ? strstr(dump, marker) : NULL;
	if (!from)
		return xstrdup("");
	const char *to = strstr(from + 1, "\n== year");
	size_t n = to ? (size_t)(to - from) : strlen(from);
	if (!balances_only)
		return xstrndup(from, n);
	struct buf out = BUF_INIT(0);
	for (const char *line = from; line < from + n;) {
		const char *end = memchr(line, '\n', (size_t)(from + n - line));
		size_t len = end ? (size_t)(end - line) : (size_t)(from + n - line);
		if (len > 2 && line[0] == ' ' && line[1] == ' ' && line[2] != ' ' &&
		    strncmp(line, "  ver ", 6) != 0) {
			buf_append(&out, line, len);
			buf_putc(&out, '\n');
		}
		line += len + 1;
	}
	return buf_take(&out);
}

static void every_imported_corpus_file_survives_export_and_reimport(void **state)
{
	struct corpus *corpus = corpus_or_skip(state);
	json_t *all = corpus->expected;
	char *dir = corpus->scratch;
	size_t index;
	json_t *entry;
	json_array_foreach(all, index, entry) {
		const char *file = json_string_value(json_object_get(entry, "file"));
		if (refusal_reason(file))
			continue;
		char *path = xasprintf("%s/%s", corpus->dir, file);
		struct import_result res;
		struct store a, b;
		char *msg = import_fresh(dir, file, path, false, &res, &a);
		assert_null(msg);
		import_result_free(&res);
		int64_t year;
		struct error err = ERROR_INIT;
		/* The year the file was about. */
		assert_true(store_query_int(&a, "SELECT coalesce(year_id, 0) FROM import", NULL, 0,
					    0, &year, &err));
		if (!year)
			assert_true(balance_find_year(&a, 0, 0, &year, &err));
		char *out = xasprintf("%s/%s.export.se", dir, file);
		FILE *f = fopen(out, "wb");
		struct export_options opt = { .year_id = year, .today = 20261124 };
		if (!books_export_sie(&a, f, &opt, &err))
			fail_msg("%s: export: %s", file, err.msg);
		fclose(f);
		char *name2 = xasprintf("%s.again", file);
		msg = import_fresh(dir, name2, out, false, &res, &b);
		if (msg)
			fail_msg("%s: its export is refused: %s", file, msg);
		import_result_free(&res);
		/* The exported year must be the same in every respect; the year
		 * before it travels as balances only, so its balances must be. */
		char *da = test_books_dump(&a), *db = test_books_dump(&b);
		int64_t start, prev_start;
		const int64_t args[] = { year };
		assert_true(store_query_int(&a, "SELECT start_date FROM fiscal_year WHERE id = ?",
					    args, 1, 0, &start, &err));
		const int64_t pargs[] = { date_add_days((date_t)start, -1) };
		assert_true(store_query_int(&a, "SELECT start_date FROM fiscal_year\n"
					    "WHERE end_date = ?", pargs, 1, 0, &prev_start, &err));
		/* CP437 has no U+FFFD: text a producer already damaged is written
		 * as "?" (the amounts are untouched). */
		replace_all(da, "\xEF\xBF\xBD", "?");
		char *ya = year_block(da, start, false), *yb = year_block(db, start, false);
		if (strcmp(ya, yb) != 0) {
			fprintf(stderr, "--- %s:\n%s\n--- export:\n%s\n", file, ya, yb);
			fail_msg("%s: export and re-import changed the year's books", file);
		}
		free(ya);
		free(yb);
		ya = year_block(da, (date_t)prev_start, true);
		yb = year_block(db, (date_t)prev_start, true);
		if (strcmp(ya, yb) != 0) {
			fprintf(stderr, "--- %s:\n%s\n--- export:\n%s\n", file, ya, yb);
			fail_msg("%s: export and re-import changed the previous year's balances", file);
		}
		free(ya);
		free(yb);
		free(da);
		free(db);
		free(name2);
		free(out);
		free(path);
		store_close(&a);
		store_close(&b);
	}
}

static void the_quick_trial_balance_of_a_file_equals_its_imported_books(void **state)
{
	struct corpus *corpus = corpus_or_skip(state);
	json_t *all = corpus->expected;
	char *dir = corpus->scratch;
	size_t index;
	json_t *entry;
	int compared = 0;
	json_array_foreach(all, index, entry) {
		const char *file = json_string_value(json_object_get(entry, "file"));
		char *path = xasprintf("%s/%s", corpus->dir, file);
		struct import_result res;
		struct store st;
		char *msg = import_fresh(dir, file, path, true, &res, &st);
		bool usable = !msg && !res.append; /* 4I batches may span years */
		if (!msg)
			import_result_free(&res);
		free(msg);
		for (int dim = 0; usable && dim <= 6; dim += 6) {
			struct tb_query q = { .by_dim = dim };
			struct tb_result a, b;
			struct file_balance_info info;
			struct error err = ERROR_INIT;
			int64_t year;
			assert_true(store_query_int(&st, "SELECT year_id FROM import", NULL, 0, 0, &year,
						    &err));
			q.year_id = year;
			int64_t dims;
			const int64_t args[] = { dim };
			assert_true(store_query_int(&st, "SELECT count(*) FROM dimension WHERE number = ?",
						    args, 1, 0, &dims, &err));
			if (dim && !dims)
				continue;
			if (!balance_trial(&st, &q, &a, &err))
				fail_msg("%s: %s", file, err.msg);
			q.year_id = 0;
			if (!file_balance(path, &q, &b, &info, &err))
				fail_msg("%s: balance --file: %s", file, err.msg);
			if (a.nrows != b.nrows)
				fail_msg("%s (dim %d): %zu rows from the store, %zu from the file", file,
					 dim, a.nrows, b.nrows);
			for (size_t i = 0; i < a.nrows; i++)
				if (strcmp(a.rows[i].number, b.rows[i].number) != 0 ||
				    strcmp(a.rows[i].object_code, b.rows[i].object_code) != 0 ||
				    a.rows[i].opening != b.rows[i].opening ||
				    a.rows[i].change != b.rows[i].change)
					fail_msg("%s (dim %d): %s [%s] %lld %lld from the store, %s [%s] "
						 "%lld %lld from the file",
						 file, dim, a.rows[i].number, a.rows[i].object_code,
						 (long long)a.rows[i].opening, (long long)a.rows[i].change,
						 b.rows[i].number, b.rows[i].object_code,
						 (long long)b.rows[i].opening, (long long)b.rows[i].change);
			tb_result_free(&a);
			tb_result_free(&b);
			file_balance_info_free(&info);
			compared++;
		}
		store_close(&st);
		free(path);
	}
	assert_true(compared >= 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_corpus_file_is_imported_with_the_expected_counts_or_refused),
		cmocka_unit_test(the_unbalanced_file_imports_flagged_when_asked),
		cmocka_unit_test(every_imported_corpus_file_survives_export_and_reimport),
		cmocka_unit_test(the_quick_trial_balance_of_a_file_equals_its_imported_books),
	};
	return cmocka_run_group_tests(tests, corpus_setup, corpus_teardown);
}
