/*
 * Unit tests of sie/sie_quick and of the quick way of books/file_balance:
 * plain vouchers are summed exactly (per account, per object, split at the
 * period), every line it cannot read exactly as sie_read does makes it
 * give up, and a trial balance from a file comes out the same whether it
 * is read the quick way or the general way — for every test file, the
 * corpus when present, and a file cut into pieces for several threads.
 */
#include "testlib.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "books/file_balance.h"
#include "sie/sie_quick.h"
#include "util/buf.h"
#include "util/xalloc.h"

static const char head[] = "#FLAGGA 0\r\n#SIETYP 4\r\n#RAR 0 20230101 20231231\r\n"
			   "#KONTO 1930 \"Bank\"\r\n";

/* Run sie_quick over the body of a file of `head` and the n bytes of body;
 * *path (when not NULL) keeps the file, in a directory of its own. */
static enum sie_quick_status quick_file(const char *body, size_t n, int by_dim,
					struct sie_quick_result *r, char **kept)
{
	char *dir = test_tempdir();
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, head);
	buf_append(&b, body, n);
	char *path = test_write(dir, "f.se", b.data, (long)b.len);
	buf_free(&b);
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	struct stat sb;
	assert_int_equal(fstat(fd, &sb), 0);
	off_t start;
	assert_true(sie_quick_find_body(fd, sb.st_size, &start));
	assert_int_equal(start, (off_t)strlen(head));
	struct sie_quick_query q = { .from = 20230201, .to = 20230630, .by_dim = by_dim };
	enum sie_quick_status st = sie_quick_body(fd, start, sb.st_size, &q, r);
	close(fd);
	if (kept) {
		*kept = path;
	} else {
		test_rmtree(dir);
		free(path);
	}
	free(dir);
	return st;
}

static enum sie_quick_status quick_n(const char *body, size_t n, int by_dim,
				     struct sie_quick_result *r)
{
	return quick_file(body, n, by_dim, r, NULL);
}

static enum sie_quick_status quick(const char *body, int by_dim, struct sie_quick_result *r)
{
	return quick_n(body, strlen(body), by_dim, r);
}

static const struct sie_quick_sum *find(const struct sie_quick_result *r, const char *account,
					const char *code)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->sums[i].account, account) == 0 && strcmp(r->sums[i].code, code) == 0)
			return &r->sums[i];
	fail_msg("no total for %s [%s]", account, code);
	return NULL;
}

static void plain_vouchers_are_summed_per_account_and_object_and_split_at_the_period(void **state)
{
	(void)state;
	const char *body =
		/* Before the period (January): counts as `before`. */
		"#VER A 1 20230115 \"Bidrag\"\r\n{\r\n"
		"#TRANS 1930 {} 1000.00\r\n#TRANS 3511 {} -1000\r\n}\r\n"
		/* In it, with objects quoted and not, more spaces, a tail. */
		"#VER \"B\" \"7\" 20230210 \"Faktura\" 20230211\r\n{\r\n"
		"#TRANS 4590 {1 \"K12\" 6 \"P 1\"} 750.5 20230210 \"text, med {}\"\r\n"
		"#TRANS 4590 {6 P2}  249.50\r\n"
		"#TRANS 2440 { } -1000.00\r\n}\r\n"
		/* After it (July): not counted, but must still balance. */
		"#VER A 2 20230701 \"\"\n{\n#TRANS 1930 {} -5.00\n#TRANS 4590 {6 \"P2\"} 5\n}\n"
		/* A voucher without rows; the last line without a line end. */
		"#VER A 3 20230301 \"tom\"\n{\n}";
	struct sie_quick_result r;
	assert_int_equal(quick(body, 6, &r), SIE_QUICK_DONE);
	assert_int_equal(r.rows, 7);
	assert_int_equal(find(&r, "1930", "")->before, 100000);
	assert_int_equal(find(&r, "1930", "")->change, 0);
	assert_int_equal(find(&r, "3511", "")->before, -100000);
	assert_int_equal(find(&r, "4590", "")->change, 100000);
	assert_int_equal(find(&r, "4590", "P 1")->change, 75050);
	assert_int_equal(find(&r, "4590", "P2")->change, 24950);
	assert_int_equal(find(&r, "2440", "")->change, -100000);
	/* Only dimension 6 is totalled by object; July is left out. */
	assert_int_equal(r.n, 6);
	sie_quick_result_free(&r);

	assert_int_equal(quick(body, 0, &r), SIE_QUICK_DONE);
	assert_int_equal(r.n, 4);
	sie_quick_result_free(&r);
}

static void assert_both_ways_agree(const char *path);

/* The quick scanner reads common amounts and account numbers eight bytes
 * at a time and the rest the general way: every length on both sides of
 * that line must come out as money_parse and the general reader have it. */
static void amounts_and_accounts_of_every_length_are_read_as_the_general_reader_reads_them(
	void **state)
{
	(void)state;
	const char *body =
		"#VER A 1 20230210 \"\"\n{\n"
		"#TRANS 1 {} 1\n"
		"#TRANS 12 {} 12.3\n"
		"#TRANS 123 {} -0.00\n"
		"#TRANS 1234567 {} 1234567.89\n"
		"#TRANS 12345678 {} 12345678.90\n"
		"#TRANS 012345678 {} 1.00\n"
		"#TRANS 12345678901234567 {} +5\n"
		"#TRANS 7 {} 5.\n"
		"#TRANS 7 {} .5\n"
		"#TRANS 01 {} 0001.50 \"tab\there\"\n"
		"#TRANS 2440 {} -13580273.09\n"
		"}\n";
	struct sie_quick_result r;
	char *path;
	assert_int_equal(quick_file(body, strlen(body), 0, &r, &path), SIE_QUICK_DONE);
	assert_int_equal(r.rows, 11);
	assert_int_equal(find(&r, "1", "")->change, 100);
	assert_int_equal(find(&r, "12", "")->change, 1230);
	assert_int_equal(find(&r, "123", "")->change, 0);
	assert_int_equal(find(&r, "1234567", "")->change, 123456789);
	assert_int_equal(find(&r, "12345678", "")->change, 1234567890);
	assert_int_equal(find(&r, "012345678", "")->change, 100);
	assert_int_equal(find(&r, "12345678901234567", "")->change, 500);
	assert_int_equal(find(&r, "7", "")->change, 550);
	assert_int_equal(find(&r, "01", "")->change, 150);
	assert_int_equal(find(&r, "2440", "")->change, -1358027309);
	assert_int_equal(r.n, 10);
	sie_quick_result_free(&r);
	assert_both_ways_agree(path);
	char *dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
	test_rmtree(dir);
	free(dir);
	free(path);
}

static void a_line_it_cannot_read_exactly_makes_it_give_up(void **state)
{
	(void)state;
#define BODY(text) { text, sizeof text - 1 }
	static const struct {
		const char *s;
		size_t n;
	} bodies[] = {
		BODY("#VER A 1 20230115 \"\"\n{\n#RTRANS 1930 {} 1\n#TRANS 1930 {} 1\n"
		"#TRANS 3511 {} -1\n}\n"),                                   /* #RTRANS */
		BODY("#VER A 1 20230115 \"\"\n{\n#BTRANS 1930 {} 1\n}\n"),        /* #BTRANS */
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS 1930 {} 1\n#TRANS 3511 {} -2\n}\n"), /* unbalanced */
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS\t1930 {} 1\n#TRANS 3511 {} -1\n}\n"), /* tab */
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS 1930 1\n#TRANS 3511 -1\n}\n"), /* no {} */
		BODY("#VER A 1 \"20230115\" \"\"\n{\n}\n"),                       /* quoted date */
		BODY("#VER A 1 2023-01-15 \"\"\n{\n}\n"),                         /* ISO date */
		BODY("#VER A 1 20230230 \"\"\n{\n}\n"),                           /* no such day */
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS 1930 {} 1 \"a\0b\"\n#TRANS 3511 {} -1\n}\n"),
		BODY("#VER A 1 20230115 \"\"\n{\n}\n#KONTO 3511 \"Bidrag\"\n"),   /* a record after */
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS 1930 {6 \"P1\" 6 \"P2\"} 0\n}\n"), /* dim twice */
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS 1930 {6} 0\n}\n"),       /* odd list */
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS 1930 {6 \"\"} 0\n}\n"),  /* empty object */
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS 123456789012345678 {} 0\n}\n"), /* 18 digits */
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS 1930 {} 1.005\n#TRANS 3511 {} -1.005\n}\n"),
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS 1930 {} 1,00\n#TRANS 3511 {} -1,00\n}\n"),
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS 1930 {6 \"P\\\"1\"} 0\n}\n"), /* escape */
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS 1930 {} 0\n"),           /* never closed */
		BODY("#VER A 1 20230115 \"\"\n#TRANS 1930 {} 0\n}\n"),           /* no { */
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS 1930 {} 0\n}\n  \n"),     /* blank line */
		BODY("#VER A 1 20230115 \"\"\n{\n}\n#ver A 2 20230115 \"\"\n{\n}\n"), /* lower case */
		BODY("#VER A 1 20230115 \"\"\n{\n}\n#KSUMMA 123\n"),
		/* A carriage return inside a line's tail. */
		BODY("#VER A 1 20230115 \"a\rb\"\n{\n}\n"),
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS 1930 {} 1 \"a\rb\"\n"
		     "#TRANS 3511 {} -1\n}\n"),
		/* Larger than money_parse allows: sie_read refuses it. */
		BODY("#VER A 1 20230115 \"\"\n{\n#TRANS 1930 {} 99999999999999\n"
		     "#TRANS 3511 {} -99999999999999\n}\n"),
	};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		struct sie_quick_result r;
		if (quick_n(bodies[i].s, bodies[i].n, 6, &r) != SIE_QUICK_NOT_PLAIN)
			fail_msg("body %zu was read as plain:\n%s", i, bodies[i].s);
	}
}

/* Both results as text, field by field. */
static void describe(struct buf *b, bool ok, const struct tb_result *t,
		     const struct file_balance_info *info, const struct error *err)
{
	if (!ok) {
		buf_printf(b, "FEL %s", err->msg);
		return;
	}
	buf_printf(b, "%d-%d %d-%d %d %d %d %lld %lld %lld %lld %ld %s %s\n", (int)t->year_start,
		   (int)t->year_end, (int)t->from, (int)t->to, t->has_books, (int)t->complete_to,
		   t->by_dim, (long long)t->opening, (long long)t->change, (long long)t->closing,
		   (long long)t->result, t->unbalanced_vouchers, info->company, info->orgnr);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct tb_row *r = &t->rows[i];
		buf_printf(b, "%s|%s|%c|%s|%s|%lld|%lld|%lld\n", r->number, r->name, r->type,
			   r->object_code, r->object_name, (long long)r->opening,
			   (long long)r->change, (long long)r->closing);
	}
}

static char *balance_text(const char *path, const struct tb_query *q, bool general)
{
	struct tb_result t;
	struct file_balance_info info;
	struct error err = ERROR_INIT;
	bool ok = general ? file_balance_general(path, q, &t, &info, &err)
			  : file_balance(path, q, &t, &info, &err);
	struct buf b;
	buf_init(&b, 0);
	describe(&b, ok, &t, &info, &err);
	if (ok) {
		tb_result_free(&t);
		file_balance_info_free(&info);
	}
	error_clear(&err);
	return buf_take(&b);
}

/* The quick and the general way agree on path, by dimension 0, 1 and 6
 * and for the year's second quarter. */
static void assert_both_ways_agree(const char *path)
{
	struct tb_query queries[] = {
		{ 0 },
		{ .by_dim = 6 },
		{ .by_dim = 1 },
		{ .from = 20230401, .to = 20230630 },
		{ .from = 20240401, .to = 20240630, .by_dim = 6 },
	};
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		char *quick_way = balance_text(path, &queries[i], false);
		char *general_way = balance_text(path, &queries[i], true);
		if (strcmp(quick_way, general_way) != 0)
			fail_msg("%s (query %zu): the quick way differs:\n%.1500s\n--- the general "
				 "way:\n%.1500s",
				 path, i, quick_way, general_way);
		free(quick_way);
		free(general_way);
	}
}

static void every_test_file_balances_the_same_the_quick_and_the_general_way(void **state)
{
	(void)state;
	char *dir = test_data("sie");
	assert_true(test_each_sie_file(dir, assert_both_ways_agree) >= 30);
	free(dir);
}

static void every_corpus_file_balances_the_same_the_quick_and_the_general_way(void **state)
{
	(void)state;
	const char *dir = test_corpus();
	if (!dir)
		skip();
	assert_int_equal(test_each_sie_file(dir, assert_both_ways_agree), 30);
}

static void object_codes_in_cp437_come_out_in_utf8_as_their_names(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	char *path = test_write(dir, "cp437.se",
				"#SIETYP 4\r\n#RAR 0 20230101 20231231\r\n"
				"#DIM 1 \"Kostnadsst\x84lle\"\r\n#OBJEKT 1 \"G\x94t\" \"G\x94teborg\"\r\n"
				"#VER A 1 20230115 \"\"\r\n{\r\n#TRANS 4590 {1 \"G\x94t\"} 10.00\r\n"
				"#TRANS 1930 {} -10.00\r\n}\r\n",
				-1);
	struct tb_query q = { .by_dim = 1 };
	struct tb_result t;
	struct file_balance_info info;
	struct error err = ERROR_INIT;
	assert_true(file_balance(path, &q, &t, &info, &err));
	bool seen = false;
	for (size_t i = 0; i < t.nrows; i++)
		if (*t.rows[i].object_code) {
			assert_string_equal(t.rows[i].object_code, "Göt");
			assert_string_equal(t.rows[i].object_name, "Göteborg");
			assert_int_equal(t.rows[i].change, 1000);
			seen = true;
		}
	assert_true(seen);
	tb_result_free(&t);
	file_balance_info_free(&info);
	test_rmtree(dir);
	free(dir);
	free(path);
}

/* Sum a file's body with at most `threads` threads. */
static enum sie_quick_status quick_threads(const char *path, int threads, int by_dim,
					   struct sie_quick_result *r)
{
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	struct stat sb;
	assert_int_equal(fstat(fd, &sb), 0);
	off_t start;
	assert_true(sie_quick_find_body(fd, sb.st_size, &start));
	struct sie_quick_query q = { .from = 20240101, .to = 20241231, .by_dim = by_dim,
				     .threads = threads };
	enum sie_quick_status st = sie_quick_body(fd, start, sb.st_size, &q, r);
	close(fd);
	return st;
}

static void pieces_summed_on_one_thread_or_four_give_the_same_totals(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	char *path = test_write_big_sie(dir, 30000, 0, 0); /* about 3 MB: 3 pieces */
	struct sie_quick_result one, four;
	assert_int_equal(quick_threads(path, 1, 6, &one), SIE_QUICK_DONE);
	assert_int_equal(quick_threads(path, 4, 6, &four), SIE_QUICK_DONE);
	assert_int_equal(one.rows, 60000);
	assert_int_equal(four.rows, 60000);
	assert_int_equal(one.n, four.n);
	for (size_t i = 0; i < one.n; i++) {
		const struct sie_quick_sum *a = &one.sums[i];
		const struct sie_quick_sum *b = find(&four, a->account, a->code);
		assert_int_equal(a->before, b->before);
		assert_int_equal(a->change, b->change);
	}
	sie_quick_result_free(&one);
	sie_quick_result_free(&four);
	test_rmtree(dir);
	free(dir);
	free(path);
}

static void a_line_it_cannot_read_in_the_last_piece_makes_every_thread_give_up(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	char *path = test_write_big_sie(dir, 30000, 0, 29990);
	struct sie_quick_result r;
	assert_int_equal(quick_threads(path, 4, 0, &r), SIE_QUICK_NOT_PLAIN);
	assert_int_equal(quick_threads(path, 1, 0, &r), SIE_QUICK_NOT_PLAIN);
	/* The general reader then refuses the file, naming the line. */
	struct tb_query q = { 0 };
	struct tb_result t;
	struct file_balance_info info;
	struct error err = ERROR_INIT;
	assert_false(file_balance(path, &q, &t, &info, &err));
	assert_non_null(strstr(err.msg, "datum"));
	error_clear(&err);
	test_rmtree(dir);
	free(dir);
	free(path);
}

static void a_file_cut_in_pieces_balances_as_the_general_reader_has_it(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	/* About 3 MB: cut into three pieces. */
	char *path = test_write_big_sie(dir, 30000, 0, 0);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_true(sb.st_size > 2 * 1024 * 1024);
	assert_both_ways_agree(path);
	/* The numbers themselves: 4590 holds the sum of i + (i % 100) / 100
	 * kronor over the vouchers (P(i % 20 + 1)); 1930 the opposite. */
	struct tb_query q = { .by_dim = 6 };
	struct tb_result t;
	struct file_balance_info info;
	struct error err = ERROR_INIT;
	assert_true(file_balance(path, &q, &t, &info, &err));
	assert_true(info.quick);
	money_t total = 0, p1 = 0;
	for (long i = 1; i <= 30000; i++) {
		total += i * 100 + i % 100;
		if (i % 20 + 1 == 1)
			p1 += i * 100 + i % 100;
	}
	bool seen_p1 = false, seen_1930 = false;
	for (size_t i = 0; i < t.nrows; i++) {
		if (strcmp(t.rows[i].number, "1930") == 0 && !*t.rows[i].object_code) {
			assert_int_equal(t.rows[i].change, -total);
			seen_1930 = true;
		}
		if (strcmp(t.rows[i].number, "4590") == 0 &&
		    strcmp(t.rows[i].object_code, "P1") == 0) {
			assert_int_equal(t.rows[i].change, p1);
			seen_p1 = true;
		}
	}
	assert_true(seen_1930 && seen_p1);
	tb_result_free(&t);
	file_balance_info_free(&info);
	free(path);

	/* A broken line late in the file: both ways give the reader's error. */
	path = test_write_big_sie(dir, 30000, 0, 29990);
	assert_both_ways_agree(path);
	char *msg = balance_text(path, &q, false);
	assert_non_null(strstr(msg, "ogiltigt verifikationsdatum \"2024013X\""));
	free(msg);
	free(path);
	/* A plain file that is summed the quick way, and one that is not. */
	path = test_data("sie/minimal-4e.se");
	assert_true(file_balance(path, &q, &t, &info, &err));
	assert_true(info.quick);
	tb_result_free(&t);
	file_balance_info_free(&info);
	free(path);
	path = test_data("sie/quirk-rtrans-btrans.se");
	assert_true(file_balance(path, &q, &t, &info, &err));
	assert_false(info.quick);
	tb_result_free(&t);
	file_balance_info_free(&info);
	free(path);
	test_rmtree(dir);
	free(dir);
}


/*
 * The fast paths against the reference parsers. Every body below is summed
 * three ways — the fast paths with SSE2 (where the processor has it), the
 * fast paths eight bytes at a time in plain C (what other processors run),
 * and the reference parsers alone — which must agree on whether the body
 * is plain and, when it is, on every total.
 */

static const enum sie_quick_way all_ways[] = { SIE_QUICK_BEST, SIE_QUICK_SWAR,
					       SIE_QUICK_REFERENCE };

/* A file of `head` and a body, open, with where its body starts; in
 * memory (memfd), or also on disk at path when `on_disk`. */
struct body_file {
	char *dir, *path;
	int fd;
	off_t start, size;
};

static void body_file_open(struct body_file *f, const char *body, size_t n, bool on_disk)
{
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, head);
	buf_append(&b, body, n);
	f->dir = f->path = NULL;
	if (on_disk) {
		f->dir = test_tempdir();
		f->path = test_write(f->dir, "f.se", b.data, (long)b.len);
		f->fd = open(f->path, O_RDONLY);
	} else {
		f->fd = memfd_create("body", MFD_CLOEXEC);
		assert_true(f->fd >= 0);
		assert_int_equal(write(f->fd, b.data, b.len), (ssize_t)b.len);
	}
	assert_true(f->fd >= 0);
	f->size = (off_t)b.len;
	buf_free(&b);
	assert_true(sie_quick_find_body(f->fd, f->size, &f->start));
}

static void body_file_close(struct body_file *f)
{
	close(f->fd);
	if (f->dir)
		test_rmtree(f->dir);
	free(f->dir);
	free(f->path);
}

static enum sie_quick_status quick_way(const struct body_file *f, enum sie_quick_way way,
				       int by_dim, int threads, struct sie_quick_result *r)
{
	struct sie_quick_query q = { .from = 20230201, .to = 20230630, .by_dim = by_dim,
				     .threads = threads, .way = way };
	return sie_quick_body(f->fd, f->start, f->size, &q, r);
}

/* a and b hold the same totals. */
static void assert_same_totals(const struct sie_quick_result *a, const struct sie_quick_result *b,
			       const char *what)
{
	if (a->n != b->n || a->rows != b->rows)
		fail_msg("%s: %zu totals of %ld rows against %zu of %ld", what, a->n, a->rows, b->n,
			 b->rows);
	for (size_t i = 0; i < a->n; i++) {
		const struct sie_quick_sum *x = &a->sums[i], *y = find(b, x->account, x->code);
		if (x->before != y->before || x->change != y->change)
			fail_msg("%s: %s [%s] %lld/%lld against %lld/%lld", what, x->account,
				 x->code, (long long)x->before, (long long)x->change,
				 (long long)y->before, (long long)y->change);
	}
}

static const char *plain_or_not(enum sie_quick_status st)
{
	return st == SIE_QUICK_DONE ? "plain" : "not plain";
}

/* Sum the n bytes of body every way, by dimensions 0, 1 and 6; all must
 * agree. The status; *fast_missed (when not NULL) gets the most #TRANS and
 * #VER lines a way with fast paths left to the reference parsers. */
static enum sie_quick_status quick_every_way(const char *body, size_t n, long *fast_missed)
{
	struct body_file f;
	body_file_open(&f, body, n, false);
	enum sie_quick_status status = SIE_QUICK_DONE;
	long missed = 0;
	static const int dims[] = { 0, 1, 6 };
	for (size_t d = 0; d < sizeof dims / sizeof dims[0]; d++) {
		struct sie_quick_result first;
		enum sie_quick_status st0 = quick_way(&f, all_ways[0], dims[d], 1, &first);
		for (size_t w = 1; w < sizeof all_ways / sizeof all_ways[0]; w++) {
			struct sie_quick_result r;
			enum sie_quick_status st = quick_way(&f, all_ways[w], dims[d], 1, &r);
			if (st != st0)
				fail_msg("way %d: %s, the best way: %s, by dimension %d, of:\n%.*s",
					 (int)all_ways[w], plain_or_not(st), plain_or_not(st0),
					 dims[d], (int)n, body);
			if (st != SIE_QUICK_DONE)
				continue;
			assert_same_totals(&first, &r, body);
			bool fast = all_ways[w] != SIE_QUICK_REFERENCE;
			if (fast && r.reference_lines > missed)
				missed = r.reference_lines;
			sie_quick_result_free(&r);
		}
		if (st0 == SIE_QUICK_DONE) {
			if (first.reference_lines > missed)
				missed = first.reference_lines;
			sie_quick_result_free(&first);
		}
		status = st0;
	}
	body_file_close(&f);
	if (fast_missed)
		*fast_missed = missed;
	return status;
}

static enum sie_quick_status quick_every_way_s(const char *body, long *fast_missed)
{
	return quick_every_way(body, strlen(body), fast_missed);
}

static void common_lines_take_the_fast_paths_and_read_alike_every_way(void **state)
{
	(void)state;
	const char *body =
		"#VER A 1 20230115 \"Bidrag\"\r\n{\r\n"
		"#TRANS 1930 {} 1000.00\r\n#TRANS 3511 {} -1000.00\r\n}\r\n"
		"#VER B 17 20230210 \"Faktura, med {} och \\\"citat\\\"\"\r\n{\r\n"
		"#TRANS 4590 {1 \"K12\" 6 \"P 1\"} 750.50 20230210 \"text\"\r\n"
		"#TRANS 4590 {6 \"P2\"} 249.50\r\n"
		"#TRANS 7 {1 \"K{1}\"} 0.01\r\n#TRANS 7 {} -0.01\r\n"
		"#TRANS 1234567 {} 1234567.89\r\n#TRANS 1234567 {} -1234567.89\r\n"
		"#TRANS 12345 {} 123456.78\r\n#TRANS 12345 {} -123456.78\r\n"
		"#TRANS 2440 {} -1000.00\r\n}\r\n"
		"#VER C 2 20230701 \"\"\n{\n#TRANS 1930 {} -5.00\n#TRANS 4590 {6 \"P2\"} 5.00\n}\n"
		"#VER A-1 3.2 20230301 \"\tflik\"\n{\n}\n";
	long missed;
	assert_int_equal(quick_every_way_s(body, &missed), SIE_QUICK_DONE);
	assert_int_equal(missed, 0);
	/* The reference way reads every #TRANS and #VER line itself. */
	struct body_file f;
	body_file_open(&f, body, strlen(body), false);
	struct sie_quick_result r;
	assert_int_equal(quick_way(&f, SIE_QUICK_REFERENCE, 6, 1, &r), SIE_QUICK_DONE);
	assert_int_equal(r.reference_lines, 4 + 13);
	assert_int_equal(find(&r, "4590", "P 1")->change, 75050);
	assert_int_equal(find(&r, "7", "")->change, 0);
	sie_quick_result_free(&r);
	body_file_close(&f);

	/* Shapes the fast paths leave to the reference parsers, which read
	 * them: the same totals every way. */
	const char *unusual[] = {
		"#VER \"A\" 1 20230210 \"\"\n{\n#TRANS 1 {} 1.00\n#TRANS 2 {} -1.00\n}\n",
		"#VER A  1 20230210\n{\n#TRANS 1  {} 1.00\n#TRANS 2 {}  -1.00\n}\n",
		"#VER A 1 20230210\n{\n#TRANS 12345678 {} 5\n#TRANS 2 {} -5.0\n}\n",
		"#VER A 1 20230210\n{\n#TRANS 1 {6 P2} +5.00\n#TRANS 2 { 6 \"P2\" } -5.00\n}\n",
		"#VER A 1 20230210\n{\n#TRANS 1 {10 \"X\" 6 \"P2\" 1 \"K\"} 5.00\n"
		"#TRANS 2 {6 \"P}2\"} -5.00\n}\n",
		"#VER A 1 20230210\n{\n#TRANS 1 {6 \"0123456789abcdef\"} 5.00\n"
		"#TRANS 2 {6  \"P2\"} -5.00\n}\n",
		"#VER A 1 20230210\n{\n#TRANS 1 {06 \"P2\"} .5\n#TRANS 2 {6 \"P2\" } -.50\n}\n",
	};
	for (size_t i = 0; i < sizeof unusual / sizeof unusual[0]; i++) {
		assert_int_equal(quick_every_way_s(unusual[i], &missed), SIE_QUICK_DONE);
		assert_true(missed > 0);
	}
}

/* A voucher of three rows whose object lists hold code (clen bytes),
 * after an account of alen digits: as plain as `plain` says every way;
 * when `fast`, without the reference parsers. */
static void object_code_case(int alen, const char *code, int clen, bool plain, bool fast)
{
	char account[16];
	for (int k = 0; k < alen; k++)
		account[k] = (char)('1' + k % 9);
	account[alen] = 0;
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, "#VER A 1 20230210 \"\"\n{\n");
	buf_printf(&b, "#TRANS %s {6 \"", account);
	buf_append(&b, code, (size_t)clen);
	buf_printf(&b, "\"} 1.00\n#TRANS %s {1 \"K\" 6 \"", account);
	buf_append(&b, code, (size_t)clen);
	buf_puts(&b, "\"} 2.00\n#TRANS 2440 {6 \"");
	buf_append(&b, code, (size_t)clen);
	buf_puts(&b, "\" 1 \"K\"} -3.00\n}\n");
	long missed;
	enum sie_quick_status st = quick_every_way(b.data, b.len, &missed);
	if (st != (plain ? SIE_QUICK_DONE : SIE_QUICK_NOT_PLAIN) || (fast && missed))
		fail_msg("%s, %ld lines left to the reference parsers:\n%.*s", plain_or_not(st),
			 missed, (int)b.len, b.data);
	buf_free(&b);
}

/* Object lists of codes of every length after accounts of every length,
 * so that quotes and braces fall at every place of the 16 bytes a fast
 * path looks at, and codes with a brace, a space or a byte quoted text
 * cannot hold at every place: the same answer every way; codes of plain
 * characters up to 15 bytes after accounts up to 7 digits all fast. */
static void quotes_and_braces_at_every_offset_read_alike_every_way(void **state)
{
	(void)state;
	/* Quoted text may hold the first four, not the others. */
	static const char inner[] = { 'x', '{', '}', ' ', '\t', '\\', 0x7f, (char)0x94, '\0' };
	for (int alen = 1; alen <= 9; alen++)
		for (int clen = 1; clen <= 20; clen++)
			for (size_t c = 0; c < sizeof inner; c++)
				for (int at = 0; at < clen; at += c ? 1 : clen) {
					char code[32];
					for (int k = 0; k < clen; k++)
						code[k] = (char)('A' + k);
					code[at] = inner[c];
					object_code_case(alen, code, clen, c < 4,
							 c < 4 && alen <= 7 && clen <= 15);
				}
}

/* A voucher whose #VER line and first row end in the tail text (len
 * bytes) and nl: as plain as `plain` says every way, and all fast. */
static void tail_case(const char *text, int len, const char *nl, bool plain)
{
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, "#VER A 1 20230210 ");
	buf_append(&b, text, (size_t)len);
	buf_printf(&b, "%s{%s#TRANS 1930 {} 1.00 ", nl, nl);
	buf_append(&b, text, (size_t)len);
	buf_printf(&b, "%s#TRANS 2440 {} -1.00%s}%s", nl, nl, nl);
	long missed;
	enum sie_quick_status st = quick_every_way(b.data, b.len, &missed);
	if (st != (plain ? SIE_QUICK_DONE : SIE_QUICK_NOT_PLAIN) || (plain && missed))
		fail_msg("%s, %ld lines left to the reference parsers:\n%.*s", plain_or_not(st),
			 missed, (int)b.len, b.data);
	buf_free(&b);
}

/* Line tails (a voucher's text, a row's trailing fields) of every length
 * up to past the 64 bytes a fast path looks at in one go, ending in "\n"
 * or "\r\n", with a tab, a NUL, a carriage return, DEL or a byte above
 * 0x7f at every place: the same answer every way. */
static void line_tails_of_every_length_with_control_bytes_read_alike_every_way(void **state)
{
	(void)state;
	/* A tail may hold all but the NUL and the carriage return. */
	static const char odd[] = { 'x', '\t', 0x7f, (char)0x94, '\0', '\r' };
	for (int crlf = 0; crlf < 2; crlf++)
		for (int len = 0; len <= 70; len++)
			for (size_t c = 0; c < sizeof odd; c++)
				for (int at = 0; at < len; at += c ? 1 : len) {
					char text[80];
					memset(text, 'a', sizeof text);
					text[at] = odd[c];
					/* A carriage return last before "\n" ends the
					 * line as "\r\n" does. */
					bool crlf_end = odd[c] == '\r' && at == len - 1 && !crlf;
					tail_case(text, len, crlf ? "\r\n" : "\n",
						  c < 4 || len == 0 || crlf_end);
				}
}

/* A body a little longer than a block (128 KiB), its lines moved by 0 to
 * 47 bytes, so that the end of the first block falls at every place of a
 * line: in a field, between "\r" and "\n", just after a line. */
static void lines_split_at_every_place_by_a_block_end_read_alike_every_way(void **state)
{
	(void)state;
	struct buf b;
	for (int shift = 0; shift < 48; shift++) {
		buf_init(&b, 0);
		buf_puts(&b, "#VER A 0 20230101 \"");
		for (int k = 0; k < shift; k++)
			buf_puts(&b, "s");
		buf_puts(&b, "\"\r\n{\r\n}\r\n");
		for (int i = 1; b.len < 128 * 1024 + 4096; i++) {
			buf_printf(&b, "#VER A %d 2023%02d%02d \"Text %d\"\r\n{\r\n", i, i % 12 + 1,
				   i % 28 + 1, i);
			buf_printf(&b, "#TRANS %d {6 \"P%d\"} %d.%02d\r\n", 4000 + i % 50, i % 7, i,
				   i % 100);
			buf_printf(&b, "#TRANS 1930 {} -%d.%02d \"rad\"\r\n}\r\n", i, i % 100);
		}
		long missed;
		assert_int_equal(quick_every_way(b.data, b.len, &missed), SIE_QUICK_DONE);
		assert_int_equal(missed, 0);
		buf_free(&b);
	}
}

/* A few thousand bodies damaged at random — a byte replaced by one of
 * those that matter to the parsers, or removed, or doubled — read alike
 * every way; and where they are plain, the quick way's trial balance is
 * the general reader's. */
static void damaged_bodies_read_alike_every_way_and_as_the_general_reader(void **state)
{
	(void)state;
	static const char body[] =
		"#VER A 1 20230115 \"Bidrag\"\r\n{\r\n"
		"#TRANS 1930 {} 1000.00\r\n#TRANS 3511 {} -1000.00\r\n}\r\n"
		"#VER B 7 20230210 \"Faktura\" 20230211\r\n{\r\n"
		"#TRANS 4590 {1 \"K12\" 6 \"P1\"} 750.50 20230210 \"text\"\r\n"
		"#TRANS 4590 {6 \"P2\"} 249.50\r\n"
		"#TRANS 2440 {} -1000.00\r\n}\r\n"
		"#VER A 2 20230701 \"\"\n{\n#TRANS 1930 {} -5.00\n#TRANS 4590 {6 \"P2\"} 5\n}\n";
	static const char bytes[] = " \"{}\r\n\t-.+09#A\\\x7f\x94\0";
	uint64_t seed = 20230101;
	char copy[sizeof body + 8];
	int plain = 0;
	for (int i = 0; i < 2500; i++) {
		size_t n = sizeof body - 1;
		memcpy(copy, body, n);
		for (int k = 0; k < 1 + i % 3; k++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			size_t at = (size_t)(seed >> 33) % n;
			char c = bytes[(seed >> 20) % (sizeof bytes - 1)];
			switch ((seed >> 12) % 4) {
			case 0: /* removed */
				memmove(copy + at, copy + at + 1, n - at - 1);
				n--;
				break;
			case 1: /* doubled */
				memmove(copy + at + 1, copy + at, n - at);
				n++;
				break;
			default: /* replaced */
				copy[at] = c;
			}
		}
		if (n < 6 || memcmp(copy, "#VER ", 5) != 0)
			continue; /* the body starts at its first "#VER " */
		if (quick_every_way(copy, n, NULL) != SIE_QUICK_DONE || i % 10)
			continue;
		plain++;
		struct body_file f;
		body_file_open(&f, copy, n, true);
		assert_both_ways_agree(f.path);
		body_file_close(&f);
	}
	assert_true(plain > 20);
}

/* A file cut into pieces summed every way on one thread and on four. */
static void a_big_file_sums_alike_every_way_on_one_thread_or_four(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	char *path = test_write_big_sie(dir, 30000, 0, 0);
	struct body_file f = { .fd = open(path, O_RDONLY) };
	assert_true(f.fd >= 0);
	struct stat sb;
	assert_int_equal(fstat(f.fd, &sb), 0);
	f.size = sb.st_size;
	assert_true(sie_quick_find_body(f.fd, f.size, &f.start));
	struct sie_quick_result first;
	assert_int_equal(quick_way(&f, SIE_QUICK_REFERENCE, 6, 1, &first), SIE_QUICK_DONE);
	assert_int_equal(first.rows, 60000);
	for (size_t w = 0; w < sizeof all_ways / sizeof all_ways[0]; w++)
		for (int threads = 1; threads <= 4; threads += 3) {
			struct sie_quick_result r;
			enum sie_quick_status st = quick_way(&f, all_ways[w], 6, threads, &r);
			assert_int_equal(st, SIE_QUICK_DONE);
			assert_same_totals(&first, &r, "big.se");
			if (all_ways[w] != SIE_QUICK_REFERENCE)
				assert_int_equal(r.reference_lines, 0);
			sie_quick_result_free(&r);
		}
	sie_quick_result_free(&first);
	close(f.fd);
	test_rmtree(dir);
	free(dir);
	free(path);
}

/* Thousands of accounts and objects, codes of every length on both sides
 * of the 16 bytes the object table holds in place: the tables grow, and
 * the trial balance by object is the general reader's. */
static void many_accounts_and_objects_balance_as_the_general_reader_has_them(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, "#SIETYP 4\n#RAR 0 20230101 20231231\n#DIM 1 \"Ka\"\n#DIM 6 \"Pr\"\n");
	for (int i = 0; i < 3000; i++) {
		int len = 1 + i % 20;
		char code[24];
		for (int k = 0; k < len; k++)
			code[k] = (char)('A' + (i / (k + 1)) % 26);
		buf_printf(&b, "#VER A %d 2023%02d15 \"\"\n{\n", i + 1, 1 + i % 12);
		buf_printf(&b, "#TRANS %d {6 \"%.*s\" 1 \"K%d\"} %d.%02d\n", 3000 + i % 700, len,
			   code, i % 9, i, i % 100);
		buf_printf(&b, "#TRANS %d {} -%d.%02d\n}\n", 1000 + i % 900, i, i % 100);
	}
	char *dir = test_tempdir();
	char *path = test_write(dir, "many.se", b.data, (long)b.len);
	buf_free(&b);
	assert_both_ways_agree(path);
	struct tb_query q = { .by_dim = 6 };
	struct tb_result t;
	struct file_balance_info info;
	struct error err = ERROR_INIT;
	assert_true(file_balance(path, &q, &t, &info, &err));
	assert_true(info.quick);
	assert_true(t.nrows > 3000);
	tb_result_free(&t);
	file_balance_info_free(&info);
	test_rmtree(dir);
	free(dir);
	free(path);
}

/* Lines of the shapes the fast paths read but for one byte or one rule,
 * and vouchers left open just before the #VER line where the second half
 * of a block begins: not plain, every way. */
static void a_line_the_fast_paths_would_read_but_for_one_thing_is_not_plain(void **state)
{
	(void)state;
#define FAST(rows) "#VER A 1 20230115 \"\"\n{\n" rows "}\n"
	static const struct {
		const char *s;
		size_t n;
	} bodies[] = {
		BODY(FAST("#TRANS 1930 {6 \"P1\" 6 \"P2\"} 1.00\n#TRANS 2440 {} -1.00\n")),
		BODY(FAST("#TRANS 1930 {6 \"\"} 1.00\n#TRANS 2440 {} -1.00\n")),
		BODY(FAST("#TRANS 1930 {6 \"P1\" 1 \"\"} 1.00\n#TRANS 2440 {} -1.00\n")),
		BODY(FAST("#TRANS 1930 {0 \"P1\"} 1.00\n#TRANS 2440 {} -1.00\n")),
		BODY(FAST("#TRANS 1930 {6 \"P\\1\"} 1.00\n#TRANS 2440 {} -1.00\n")),
		BODY(FAST("#TRANS 1930 {6 \"P1\"}1.00\n#TRANS 2440 {} -1.00\n")),
		BODY(FAST("#TRANS 1930 {6 \"P1\"x} 1.00\n#TRANS 2440 {} -1.00\n")),
		BODY(FAST("#TRANS 1930 {} 1.00\r\r\n#TRANS 2440 {} -1.00\n")),
		BODY(FAST("#TRANS 1930 {} 1.00 a\rb\n#TRANS 2440 {} -1.00\n")),
		BODY(FAST("#TRANS 1930 {} 1.00 a\0b\n#TRANS 2440 {} -1.00\n")),
		BODY(FAST("#TRANS 1930 {} 1.00x\n#TRANS 2440 {} -1.00\n")),
		BODY(FAST("#TRANS 1930 {} 1.0a\n#TRANS 2440 {} -1.00\n")),
		BODY(FAST("#TRANS 1930 {} 1.001\n#TRANS 2440 {} -1.001\n")),
		BODY(FAST("#TRANS 1930 {} 1.00\n#TRANS 2440 {} -1.01\n")),
		BODY(FAST("#TRANS 19x0 {} 1.00\n#TRANS 2440 {} -1.00\n")),
		BODY("#VER A 1 20230115x\n{\n}\n"),
		BODY("#VER A 1 202301150\n{\n}\n"),
		BODY("#VER A 1 20230115 \"a\rb\"\n{\n}\n"),
		BODY("#VER A 1 20230115 \"a\0b\"\n{\n}\n"),
		BODY("#VER A{ 1 20230115 \"\"\n{\n}\n"),
		BODY("#VER A 1 20231315 \"\"\n{\n}\n"),
		BODY("#VER A 1 20230115 \"\"\n{\n#VER A 2 20230115 \"\"\n{\n}\n"),
		BODY("#VER A 1 20230115 \"\"\n}\n"),
	};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
		if (quick_every_way(bodies[i].s, bodies[i].n, NULL) != SIE_QUICK_NOT_PLAIN)
			fail_msg("body %zu was read as plain:\n%s", i, bodies[i].s);
	/* A voucher left open, each in turn, one of them just before where
	 * the second half begins. */
	for (int open_one = 1; open_one <= 40; open_one++) {
		struct buf b;
		buf_init(&b, 0);
		for (int i = 1; i <= 40; i++) {
			buf_printf(&b, "#VER A %d 20230115 \"\"\n{\n#TRANS 1930 {} %d.00\n", i, i);
			buf_printf(&b, "#TRANS 2440 {} -%d.00\n%s", i, i == open_one ? "" : "}\n");
		}
		assert_int_equal(quick_every_way(b.data, b.len, NULL), SIE_QUICK_NOT_PLAIN);
		buf_free(&b);
	}
}

/* Object codes that differ in their last byte only, of every length on
 * both sides of the 8 and 16 bytes the object table holds in one and two
 * words: each its own total. */
static void codes_that_differ_in_the_last_byte_have_totals_of_their_own(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, "#VER A 1 20230210 \"\"\n{\n");
	static const char letters[] = "ABCDEFGHIJKLMNOPQRST";
	for (int len = 1; len <= 20; len++)
		for (char last = 'a'; last <= 'c'; last++)
			buf_printf(&b, "#TRANS 4590 {6 \"%.*s%c\"} %d.00\n", len - 1, letters, last,
				   len * 10 + last - 'a');
	buf_puts(&b, "#TRANS 2440 {} -");
	int sum = 0;
	for (int len = 1; len <= 20; len++)
		sum += 3 * len * 10 + 3;
	buf_printf(&b, "%d.00\n}\n", sum);
	long missed;
	assert_int_equal(quick_every_way(b.data, b.len, &missed), SIE_QUICK_DONE);
	struct body_file f;
	body_file_open(&f, b.data, b.len, false);
	struct sie_quick_result r;
	assert_int_equal(quick_way(&f, SIE_QUICK_BEST, 6, 1, &r), SIE_QUICK_DONE);
	for (int len = 1; len <= 20; len++)
		for (char last = 'a'; last <= 'c'; last++) {
			char code[24];
			snprintf(code, sizeof code, "%.*s%c", len - 1, letters, last);
			money_t expect = (len * 10 + last - 'a') * 100;
			assert_int_equal(find(&r, "4590", code)->change, expect);
		}
	assert_int_equal(r.n, 2 + 60);
	sie_quick_result_free(&r);
	body_file_close(&f);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			plain_vouchers_are_summed_per_account_and_object_and_split_at_the_period),
		cmocka_unit_test(
			amounts_and_accounts_of_every_length_are_read_as_the_general_reader_reads_them),
		cmocka_unit_test(a_line_it_cannot_read_exactly_makes_it_give_up),
		cmocka_unit_test(every_test_file_balances_the_same_the_quick_and_the_general_way),
		cmocka_unit_test(every_corpus_file_balances_the_same_the_quick_and_the_general_way),
		cmocka_unit_test(object_codes_in_cp437_come_out_in_utf8_as_their_names),
		cmocka_unit_test(a_file_cut_in_pieces_balances_as_the_general_reader_has_it),
		cmocka_unit_test(pieces_summed_on_one_thread_or_four_give_the_same_totals),
		cmocka_unit_test(a_line_it_cannot_read_in_the_last_piece_makes_every_thread_give_up),
		cmocka_unit_test(common_lines_take_the_fast_paths_and_read_alike_every_way),
		cmocka_unit_test(quotes_and_braces_at_every_offset_read_alike_every_way),
		cmocka_unit_test(
			line_tails_of_every_length_with_control_bytes_read_alike_every_way),
		cmocka_unit_test(lines_split_at_every_place_by_a_block_end_read_alike_every_way),
		cmocka_unit_test(damaged_bodies_read_alike_every_way_and_as_the_general_reader),
		cmocka_unit_test(a_big_file_sums_alike_every_way_on_one_thread_or_four),
		cmocka_unit_test(many_accounts_and_objects_balance_as_the_general_reader_has_them),
		cmocka_unit_test(a_line_the_fast_paths_would_read_but_for_one_thing_is_not_plain),
		cmocka_unit_test(codes_that_differ_in_the_last_byte_have_totals_of_their_own),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
