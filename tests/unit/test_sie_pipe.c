/*
 * Unit tests of sie/sie_pipe: reading on a second thread hands the
 * handler exactly what sie_read does (every event with every field, the
 * header as it stood, warnings in place, the same summary and error), for
 * every test file, the SIE corpus when present, and generated files large
 * enough to fill the queue; a refusing handler stops the reader.
 */
#include "testlib.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sie/sie_pipe.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* What a handler was given, written out field by field. */
struct trace {
	struct buf text;
	long events;
	long refuse_at; /* refuse the event with this number (1-based); 0: never */
};

static void put_str(struct buf *b, const char *s)
{
	buf_puts(b, s ? s : "(null)");
	buf_putc(b, '|');
}

static void put_header(struct buf *b, const struct sie_header *h)
{
	buf_printf(b, "H%d|%d|%d|%d|%d|%lu|", h->flagga, (int)h->gen_date, h->sietyp,
		   (int)h->omfattn, h->taxar, h->changes);
#define PUT_STRING(f) put_str(b, h->f);
	SIE_HEADER_STRINGS(PUT_STRING)
#undef PUT_STRING
	for (size_t i = 0; i < h->nrar; i++)
		buf_printf(b, "R%d:%d:%d|", h->rar[i].year, (int)h->rar[i].start,
			   (int)h->rar[i].end);
}

static void put_objects(struct buf *b, const struct sie_objref *o, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "O%d:%s|", o[i].dim, o[i].code);
}

static void put_voucher(struct buf *b, const struct sie_voucher *v)
{
	buf_printf(b, "V%d|%d|%ld|%lld|", (int)v->date, (int)v->reg_date, v->lineno,
		   (long long)v->imbalance);
	put_str(b, v->series);
	put_str(b, v->number);
	put_str(b, v->text);
	put_str(b, v->sign);
	for (size_t i = 0; i < v->nrows; i++) {
		const struct sie_row *r = &v->rows[i];
		buf_printf(b, "\n  row %d|%lld|%d|%d|%ld|", r->kind, (long long)r->amount,
			   (int)r->date, r->mirrored, r->lineno);
		put_str(b, r->account);
		put_objects(b, r->objects, r->nobjects);
		put_str(b, r->text);
		put_str(b, r->quantity);
		put_str(b, r->sign);
	}
}

static bool trace_event(void *ctx, const struct sie_event *ev, struct error *err)
{
	struct trace *t = ctx;
	struct buf *b = &t->text;
	if (++t->events == t->refuse_at) {
		error_set(err, ERR_INPUT, "handlaren vägrade händelse %ld", t->events);
		return false;
	}
	buf_printf(b, "E%d|%ld|%d|%d|%d|%d|%d|%d|%lld|", ev->kind, ev->lineno, ev->dim,
		   ev->parent_dim, ev->balance, ev->period_kind, ev->year, (int)ev->period,
		   (long long)ev->amount);
	put_str(b, ev->account);
	put_str(b, ev->text);
	put_str(b, ev->code);
	put_str(b, ev->quantity);
	put_objects(b, ev->objects, ev->nobjects);
	put_header(b, ev->header);
	if (ev->voucher)
		put_voucher(b, ev->voucher);
	buf_putc(b, '\n');
	return true;
}

static void trace_warning(void *ctx, long lineno, const char *msg)
{
	struct trace *t = ctx;
	buf_printf(&t->text, "W%ld|%s\n", lineno, msg);
}

/* One way of reading: sie_read or sie_pipe_read. */
typedef bool (*read_fn)(const char *path, int fd, const struct sie_read_options *opt,
			const struct sie_handler *h, struct sie_summary *summary,
			struct error *err);

/* Read path with fn; the trace, then the summary or the error, as text. */
static char *read_with(read_fn fn, const char *path, bool allow_unbalanced, long refuse_at,
		       long *events)
{
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	struct trace t = { .refuse_at = refuse_at };
	buf_init(&t.text, 0);
	struct sie_read_options o = { .allow_unbalanced = allow_unbalanced, .want_sha256 = true };
	struct sie_handler h = { .ctx = &t, .event = trace_event, .warning = trace_warning };
	struct sie_summary s;
	struct error err = ERROR_INIT;
	if (fn(path, fd, &o, &h, &s, &err)) {
		const struct sie_counts *c = &s.counts;
		buf_printf(&t.text, "OK %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld|", c->ver,
			   c->trans, c->rtrans, c->btrans, c->unbalanced, c->konto, c->objekt,
			   c->ib, c->ub, c->psaldo, c->unknown);
		buf_printf(&t.text, "%d|%u|%u|%zu|%llu|%s|%ld|", (int)s.ksumma, s.ksumma_value,
			   s.encodings_seen, s.replacement_chars, (unsigned long long)s.bytes,
			   s.sha256, s.lines);
		put_header(&t.text, &s.header);
		sie_summary_free(&s);
	} else {
		buf_printf(&t.text, "FEL %d %s", err.code, err.msg);
		error_clear(&err);
	}
	close(fd);
	if (events)
		*events = t.events;
	return buf_take(&t.text);
}

/* Both ways read path alike (both unbalanced settings); returns how many
 * events the file had. */
static long assert_read_alike(const char *path)
{
	long events = 0;
	for (int allow = 0; allow <= 1; allow++) {
		char *direct = read_with(sie_read, path, allow, 0, &events);
		char *piped = read_with(sie_pipe_read, path, allow, 0, NULL);
		if (strcmp(direct, piped) != 0)
			fail_msg("%s reads differently through the pipe:\n--- sie_read\n%.2000s\n"
				 "--- sie_pipe_read\n%.2000s", path, direct, piped);
		free(direct);
		free(piped);
	}
	return events;
}

static void assert_file_read_alike(const char *path)
{
	assert_read_alike(path);
}

static void every_test_file_is_read_through_the_pipe_as_by_sie_read(void **state)
{
	(void)state;
	char *dir = test_data("sie");
	assert_true(test_each_sie_file(dir, assert_file_read_alike) >= 30);
	free(dir);
}

static void every_corpus_file_is_read_through_the_pipe_as_by_sie_read(void **state)
{
	(void)state;
	const char *dir = test_corpus();
	if (!dir)
		skip();
	assert_int_equal(test_each_sie_file(dir, assert_file_read_alike), 30);
}

static void a_file_bigger_than_the_queue_is_read_alike_with_the_header_as_it_stood(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	/* Many times SIE_PIPE_BLOCKS * SIE_PIPE_BLOCK_EVENTS events, so the
	 * reader waits for free blocks again and again. */
	long n = 8L * SIE_PIPE_BLOCKS * SIE_PIPE_BLOCK_EVENTS;
	char *path = test_write_big_sie(dir, n, n / 2, 0);
	assert_int_equal(assert_read_alike(path), 20 + 2 + 1 + n);
	/* The renaming is seen midway: events before it carry the old name. */
	char *piped = read_with(sie_pipe_read, path, false, 0, NULL);
	assert_non_null(strstr(piped, "Storförbundet"));
	assert_non_null(strstr(piped, "Nytt namn"));
	assert_true(strstr(piped, "Storförbundet") < strstr(piped, "Nytt namn"));
	free(piped);
	free(path);
	test_rmtree(dir);
	free(dir);
}

static void a_handler_refusal_stops_the_reader_and_its_error_is_returned(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	long n = 4L * SIE_PIPE_BLOCKS * SIE_PIPE_BLOCK_EVENTS;
	char *path = test_write_big_sie(dir, n, 0, 0);
	/* Early (while the reader is filling the queue), on a block's
	 * boundary, and at the very last event. */
	long at[] = { 3, SIE_PIPE_BLOCK_EVENTS + 1, 20 + 2 + 1 + n };
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		long events = 0;
		char *direct = read_with(sie_read, path, false, at[i], NULL);
		char *piped = read_with(sie_pipe_read, path, false, at[i], &events);
		assert_int_equal(events, at[i]);
		assert_string_equal(piped, direct);
		char *expected = xasprintf("FEL %d handlaren vägrade händelse %ld", ERR_INPUT, at[i]);
		assert_non_null(strstr(piped, expected));
		free(expected);
		free(direct);
		free(piped);
	}
	free(path);
	test_rmtree(dir);
	free(dir);
}

static void a_fault_late_in_the_file_comes_after_every_event_before_it(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	long n = 3L * SIE_PIPE_BLOCKS * SIE_PIPE_BLOCK_EVENTS;
	char *path = test_write_big_sie(dir, n, 0, n - 10);
	long events = 0;
	char *direct = read_with(sie_read, path, false, 0, NULL);
	char *piped = read_with(sie_pipe_read, path, false, 0, &events);
	assert_string_equal(piped, direct);
	assert_int_equal(events, 20 + 2 + 1 + n - 10);
	/* The message names the file and the broken line. */
	long line = 10 + 20 + 5 * (n - 10) + 1;
	char *where = xasprintf("%s:%ld:", path, line);
	assert_non_null(strstr(piped, where));
	free(where);
	free(direct);
	free(piped);
	free(path);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_test_file_is_read_through_the_pipe_as_by_sie_read),
		cmocka_unit_test(every_corpus_file_is_read_through_the_pipe_as_by_sie_read),
		cmocka_unit_test(a_file_bigger_than_the_queue_is_read_alike_with_the_header_as_it_stood),
		cmocka_unit_test(a_handler_refusal_stops_the_reader_and_its_error_is_returned),
		cmocka_unit_test(a_fault_late_in_the_file_comes_after_every_event_before_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
