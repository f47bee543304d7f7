/*
 * fuzz_sie — libFuzzer target for the SIE reader (lexer, encodings,
 * #KSUMMA, records, vouchers). Any input must be read or refused with an
 * error; never a crash, a leak or undefined behaviour. Built and run by
 * `make fuzz-smoke` (clang), seeded with tests/data/sie and the corpus.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sie/sie_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool on_event(void *ctx, const struct sie_event *ev, struct error *err)
{
	/* Touch what the reader hands out, so bad pointers are found. */
	size_t *n = ctx;
	if (ev->kind == SIE_EV_VOUCHER)
		for (size_t i = 0; i < ev->voucher->nrows; i++)
			*n += ev->voucher->rows[i].account[0] + ev->voucher->rows[i].nobjects;
	else if (ev->account)
		*n += ev->account[0];
	(void)err;
	return true;
}

static void on_warning(void *ctx, long line, const char *msg)
{
	size_t *n = ctx;
	*n += (size_t)line + msg[0];
}

/* What both reading modes must agree on: the counting rows, summarised. */
struct totals {
	uint64_t rows, sum, weighted;
};

static uint64_t account_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h | 1;
}

static void tally(struct totals *t, const char *account, money_t amount)
{
	t->rows++;
	t->sum += (uint64_t)amount;
	t->weighted += (uint64_t)amount * account_hash(account);
}

static bool full_event(void *ctx, const struct sie_event *ev, struct error *err)
{
	(void)err;
	if (ev->kind != SIE_EV_VOUCHER)
		return true;
	for (size_t i = 0; i < ev->voucher->nrows; i++)
		if (ev->voucher->rows[i].kind != SIE_ROW_REMOVED)
			tally(ctx, ev->voucher->rows[i].account, ev->voucher->rows[i].amount);
	return true;
}

static bool no_event(void *ctx, const struct sie_event *ev, struct error *err)
{
	(void)ctx;
	(void)ev;
	(void)err;
	return true;
}

static bool row_event(void *ctx, const struct sie_row_sum *row, struct error *err)
{
	(void)err;
	tally(ctx, row->account, row->amount);
	return true;
}

/* Read the input both ways; when both accept it, their totals must agree. */
static void compare_modes(int fd)
{
	struct totals full = { 0 }, quick = { 0 };
	struct sie_read_options fo = { .allow_unbalanced = true };
	struct sie_read_options qo = { .allow_unbalanced = true, .rows_only = true,
				       .want_objects = true };
	struct sie_handler fh = { .ctx = &full, .event = full_event };
	struct sie_handler qh = { .ctx = &quick, .event = no_event, .row = row_event };
	struct sie_summary s;
	struct error e1 = ERROR_INIT, e2 = ERROR_INIT;
	lseek(fd, 0, SEEK_SET);
	bool a = sie_read("fuzz.se", fd, &fo, &fh, &s, &e1);
	if (a)
		sie_summary_free(&s);
	lseek(fd, 0, SEEK_SET);
	bool b = sie_read("fuzz.se", fd, &qo, &qh, &s, &e2);
	if (b)
		sie_summary_free(&s);
	if (a && b && (full.rows != quick.rows || full.sum != quick.sum ||
		       full.weighted != quick.weighted))
		__builtin_trap(); /* the quick path disagrees with the full one */
	error_clear(&e1);
	error_clear(&e2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz.se", 0);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return 0;
	}
	size_t touched = 0;
	struct sie_read_options opt = { .allow_unbalanced = size % 2 == 0, .want_sha256 = true };
	struct sie_handler h = { .ctx = &touched, .event = on_event, .warning = on_warning };
	struct sie_summary s;
	struct error err = ERROR_INIT;
	if (sie_read("fuzz.se", fd, &opt, &h, &s, &err))
		sie_summary_free(&s);
	else if (!err.msg || err.code == ERR_NONE)
		__builtin_trap(); /* a failure must say why */
	error_clear(&err);
	compare_modes(fd);
	close(fd);
	return 0;
}
