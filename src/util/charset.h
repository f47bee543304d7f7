/*
 * charset — bringing 8-bit text into UTF-8, and back to CP437.
 *
 * finsam stores only UTF-8. Input arrives as CP437 ("PC8", what the SIE
 * standard prescribes), as Windows-1252/Latin-1 (what many Windows
 * programs write), as UTF-8 (what newer programs write whatever #FORMAT
 * says), and sometimes as a mixture within one file or even one line.
 * This module classifies a line of bytes and converts it; the conversion
 * itself is glibc's iconv. Lines that are plain ASCII cost nothing.
 */
#ifndef FINSAM_UTIL_CHARSET_H
#define FINSAM_UTIL_CHARSET_H

#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

enum text_encoding {
	ENC_ASCII = 0, /* only bytes below 0x80 */
	ENC_UTF8,      /* valid UTF-8 with at least one multibyte character */
	ENC_CP437,     /* IBM PC code page 437, the SIE standard's "PC8" */
	ENC_CP1252,    /* Windows-1252, a superset of Latin-1's letters */
	ENC_MIXED,     /* CP437 letters and Latin-1 letters on the same line */
};

struct charset {
	iconv_t from_cp437;  /* CP437 -> UTF-8 */
	iconv_t from_cp1252; /* WINDOWS-1252 -> UTF-8 */
	iconv_t from_latin1; /* ISO-8859-1 -> UTF-8, for bytes 1252 leaves undefined */
	iconv_t to_cp437;    /* UTF-8 -> CP437, unrepresentable characters become '?' */
};

/* Open the converters; false with an ERR_INTERNAL error if iconv lacks one. */
bool charset_open(struct charset *cs, struct error *err);
void charset_close(struct charset *cs);

/* The human name of an encoding ("CP437", "UTF-8", ...). */
const char *charset_name(enum text_encoding enc);

/* True when some byte of s is 0x80 or above. */
bool text_has_high(const char *s, size_t n);
/* True when s is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t n);
/* How many U+FFFD replacement characters s contains. */
size_t utf8_count_replacement(const char *s, size_t n);
/* Display width of a UTF-8 string in terminal columns (one per character). */
size_t utf8_width(const char *s);

/* Decide how a line of bytes is encoded. `preferred` is what earlier lines of
 * the same file turned out to be (ENC_ASCII when nothing is known yet); it
 * settles lines whose few high bytes fit either 8-bit code page. */
enum text_encoding charset_classify(const char *s, size_t n, enum text_encoding preferred);

/* Append the UTF-8 form of s (encoded as `enc`) to out; false when out's cap
 * would be passed. ENC_ASCII and ENC_UTF8 are copied as they are. */
bool charset_decode(struct charset *cs, const char *s, size_t n, enum text_encoding enc,
		    struct buf *out);

/* Append the CP437 form of UTF-8 text s to out. */
bool charset_to_cp437(struct charset *cs, const char *s, size_t n, struct buf *out);

#endif
