/*
 * buf — a growable byte buffer with a size cap.
 *
 * Every buffer that is fed from outside the program (a line of a SIE file,
 * a CSV field, an HTTP body) has a limit, so a hostile or broken input
 * cannot make finsam use unbounded memory. Appending past the cap fails
 * and leaves the buffer as it was; the caller reports the error.
 *
 * The data is always NUL-terminated after a successful append, so
 * buf->data can be used as a C string when the content is text.
 */
#ifndef FINSAM_UTIL_BUF_H
#define FINSAM_UTIL_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	char *data;  /* contents, NUL-terminated; NULL until first append */
	size_t len;  /* bytes in use, not counting the terminating NUL */
	size_t cap;  /* bytes allocated */
	size_t max;  /* largest len allowed; 0 means no limit */
};

#define BUF_INIT(limit) { NULL, 0, 0, (limit) }

/* Start an empty buffer that may hold at most `max` bytes (0: no limit). */
void buf_init(struct buf *b, size_t max);
/* Append n bytes; false (and nothing appended) if the cap would be passed. */
bool buf_append(struct buf *b, const void *p, size_t n);
/* Append a NUL-terminated string. */
bool buf_puts(struct buf *b, const char *s);
/* Append one byte. */
bool buf_putc(struct buf *b, char c);
/* Append formatted text. */
bool buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Append an integer in decimal (no printf: hot paths use it). */
bool buf_put_int(struct buf *b, int64_t v);
/* The contents as a C string ("" when empty); valid until the next change. */
const char *buf_cstr(const struct buf *b);
/* Forget the contents but keep the memory for reuse. */
void buf_reset(struct buf *b);
/* Free the memory; the buffer is empty and reusable afterwards. */
void buf_free(struct buf *b);
/* Hand the contents over to the caller (who frees them); the buffer is emptied. */
char *buf_take(struct buf *b);

#endif
