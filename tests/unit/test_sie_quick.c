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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
