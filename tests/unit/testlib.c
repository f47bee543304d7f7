/*
 * testlib — shared helpers for the unit tests; see testlib.h.
 */
#include "testlib.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "books/import.h"
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
