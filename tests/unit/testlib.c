/*
 * testlib — shared helpers for the unit tests; see testlib.h.
 */
#include "testlib.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pango/pangocairo.h>

#include "books/import.h"
#include "plan/budget_csv.h"
#include "plan/forecast_csv.h"
#include "plan/members.h"
#include "followup/store.h"
#include "followup/yaml.h"
#include "report/statement.h"
#include "util/buf.h"
#include "util/xalloc.h"

char *test_tempdir(void)
{
	char *dir = xstrdup("/tmp/finsam-test-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	return dir;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void test_rmtree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *test_path(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

char *test_write(const char *dir, const char *name, const char *data, long n)
{
	char *path = test_path(dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	size_t len = n < 0 ? strlen(data) : (size_t)n;
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

char *test_data(const char *name)
{
	const char *dir = getenv("FINSAM_TEST_DATA");
	return xasprintf("%s/%s", dir ? dir : "tests/data", name);
}

char *test_example(const char *name)
{
	const char *top = getenv("FINSAM_TOP");
	return xasprintf("%s/examples/lekeberg-orebro/%s", top ? top : ".", name);
}

const char *test_corpus(void)
{
	const char *dir = getenv("FINSAM_SIE_CORPUS");
	if (!dir)
		dir = "../shared/sie-corpus";
	struct stat sb;
	return stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) ? dir : NULL;
}

char *test_read(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, len = 0;
	for (;;) {
		buf = xgrow(buf, &cap, len + 65536, 1);
		size_t r = fread(buf + len, 1, cap - len - 1, f);
		len += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[len] = '\0';
	if (n)
		*n = len;
	return buf;
}

void test_store(struct store *st, const char *dir)
{
	char *path = test_path(dir, "finsam.db");
	struct error err = ERROR_INIT;
	bool ok = store_open(st, path, STORE_CREATE, &err);
	if (!ok)
		fprintf(stderr, "%s\n", err.msg);
	assert_true(ok);
	free(path);
}

int store_fixture_setup(void **state)
{
	struct store_fixture *f = xcalloc(1, sizeof *f);
	f->dir = test_tempdir();
	test_store(&f->st, f->dir);
	*state = f;
	return 0;
}

int store_fixture_teardown(void **state)
{
	struct store_fixture *f = *state;
	store_close(&f->st);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

char *test_import(struct store *st, const char *file, bool fixture, bool allow_unbalanced,
		  struct import_result *res)
{
	char *rel = fixture ? xasprintf("sie/%s", file) : NULL;
	char *path = fixture ? test_data(rel) : xstrdup(file);
	const char *slash = strrchr(file, '/');
	struct import_options opt = { .allow_unbalanced = allow_unbalanced,
				      .log_name = slash ? slash + 1 : file };
	struct error err = ERROR_INIT;
	char *msg = NULL;
	if (!books_import_sie(st, path, &opt, res, &err)) {
		msg = xstrdup(err.msg);
		error_clear(&err);
	}
	free(rel);
	free(path);
	return msg;
}

void test_example_load(struct store *st, unsigned parts)
{
	struct error err = ERROR_INIT;
	if (parts & EXAMPLE_BOOKS) {
		char *sie = test_example("bokforing-2023-h1.se");
		struct import_result res;
		char *msg = test_import(st, sie, false, false, &res);
		if (msg)
			fail_msg("%s: %s", sie, msg);
		import_result_free(&res);
		free(sie);
	}
	if (parts & EXAMPLE_BUDGET) {
		char *path = test_example("budget-2023.csv");
		struct budget b;
		if (!budget_csv_read(st, path, 0, &b, &err) || !budget_save(st, &b, false, &err))
			fail_msg("%s: %s", path, err.msg);
		budget_free(&b);
		free(path);
	}
	if (parts & EXAMPLE_FORECAST) {
		char *path = test_example("prognos-2023.csv");
		size_t n = 0;
		if (!forecast_csv_import(st, path, &n, &err))
			fail_msg("%s: %s", path, err.msg);
		free(path);
	}
	if (parts & EXAMPLE_MEMBERS) {
		char *path = test_example("medlemmar.csv");
		size_t n = 0;
		if (!members_csv_import(st, path, &n, &err))
			fail_msg("%s: %s", path, err.msg);
		free(path);
	}
	if (parts & EXAMPLE_FOLLOWUP) {
		char *path = test_example("uppfoljning.yaml");
		struct followup_doc d;
		struct fu_findings f = { 0 };
		if (!fu_yaml_read_file(path, &d, &err) || !fu_store_save(st, &d, path, false, &f, &err))
			fail_msg("%s: %s", path, err.msg);
		fu_findings_free(&f);
		followup_doc_free(&d);
		free(path);
	}
	if (parts & EXAMPLE_MAPPING) {
		char *path = test_example("rapportmappning.yaml");
		size_t n = 0;
		char *text = test_read(path, &n);
		if (!text || !stmt_map_save(st, text, n, path, &err))
			fail_msg("%s: %s", path, text ? err.msg : "kan inte läsas");
		free(text);
		free(path);
	}
}

/* A type 4 file of n vouchers with a row text and an object each; the
 * company name changes after `rename_after` vouchers (0: never) and a
 * broken line follows voucher `break_after` (0: none). */
char *test_write_big_sie(const char *dir, long n, long rename_after, long break_after)
{
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, "#FLAGGA 0\n#PROGRAM \"finsam-test\" 1\n#FORMAT PC8\n#GEN 20240101\n"
		     "#SIETYP 4\n#FNAMN \"Storf\x94rbundet\"\n#RAR 0 20240101 20241231\n"
		     "#KONTO 1930 \"Bank\"\n#KONTO 4590 \"K\x94p\"\n#DIM 6 \"Projekt\"\n");
	for (int i = 1; i <= 20; i++)
		buf_printf(&b, "#OBJEKT 6 \"P%d\" \"Insats %d\"\n", i, i);
	for (long i = 1; i <= n; i++) {
		buf_printf(&b, "#VER A %ld 202401%02ld \"Faktura %ld\"\n{\n", i, i % 28 + 1, i);
		buf_printf(&b, "#TRANS 4590 {6 \"P%ld\"} %ld.%02ld \"\" \"rad %ld\"\n",
			   i % 20 + 1, i, i % 100, i);
		buf_printf(&b, "#TRANS 1930 {} -%ld.%02ld\n}\n", i, i % 100);
		if (i == rename_after)
			buf_puts(&b, "#FNAMN \"Nytt namn\"\n#KPTYP BAS2014\n");
		if (i == break_after)
			buf_puts(&b, "#VER A x 2024013X \"trasigt datum\"\n{\n}\n");
	}
	char *path = test_write(dir, "big.se", buf_cstr(&b), (long)b.len);
	buf_free(&b);
	return path;
}

int test_each_sie_file(const char *dir, void (*fn)(const char *path))
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *dot = strrchr(de->d_name, '.');
		if (!dot || (strcasecmp(dot, ".se") != 0 && strcasecmp(dot, ".si") != 0))
			continue;
		char *path = test_path(dir, de->d_name);
		fn(path);
		free(path);
		n++;
	}
	closedir(d);
	return n;
}

#if defined(__SANITIZE_ADDRESS__)
/* LeakSanitizer (make SAN=1) reads this hook: fontconfig, loaded by
 * pango, leaks 288 bytes once per process while it parses its
 * configuration; its fast unwinder stops inside fontconfig, so the rule
 * names that library. A leak of our own pango or cairo objects has our
 * frames on its stack and is still reported. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}
#endif

void test_release_font_caches(void)
{
	/* Only pango's font map: cairo_debug_reset_static_data and FcFini
	 * assert that nothing of theirs is alive, and cairo keeps scaled fonts
	 * in a cache of its own whose emptying is not ours to time (the chart
	 * test aborted one run in five). What stays is reachable, not lost. */
	pango_cairo_font_map_set_default(NULL);
}
