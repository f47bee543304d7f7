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
	close(fd);
	return 0;
}
