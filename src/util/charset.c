/*
 * charset — encoding detection and conversion to UTF-8; see charset.h.
 */
#include "util/charset.h"

#include <errno.h>
#include <string.h>

static const iconv_t NO_ICONV = (iconv_t)-1;

bool charset_open(struct charset *cs, struct error *err)
{
	cs->from_cp437 = iconv_open("UTF-8", "CP437");
	cs->from_cp1252 = iconv_open("UTF-8", "WINDOWS-1252");
	cs->from_latin1 = iconv_open("UTF-8", "ISO-8859-1");
	cs->to_cp437 = iconv_open("CP437//TRANSLIT", "UTF-8");
	if (cs->from_cp437 == NO_ICONV || cs->from_cp1252 == NO_ICONV ||
	    cs->from_latin1 == NO_ICONV || cs->to_cp437 == NO_ICONV) {
		charset_close(cs);
		error_set(err, ERR_INTERNAL,
			  "teckenkonverteringen (iconv) saknar CP437 eller Windows-1252");
		return false;
	}
	return true;
}

void charset_close(struct charset *cs)
{
	iconv_t *all[] = { &cs->from_cp437, &cs->from_cp1252, &cs->from_latin1, &cs->to_cp437 };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (*all[i] != NO_ICONV && *all[i] != NULL)
			iconv_close(*all[i]);
		*all[i] = NO_ICONV;
	}
}

const char *charset_name(enum text_encoding enc)
{
	switch (enc) {
	case ENC_ASCII:
		return "ASCII";
	case ENC_UTF8:
		return "UTF-8";
	case ENC_CP437:
		return "CP437";
	case ENC_CP1252:
		return "Windows-1252";
	case ENC_MIXED:
		return "blandad CP437/Latin-1";
	}
	return "okänd";
}

bool text_has_high(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

bool utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		unsigned c = *p;
		if (c < 0x80) {
			p++;
			continue;
		}
		size_t len;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if ((size_t)(end - p) < len)
			return false;
		for (size_t i = 1; i < len; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		p += len;
	}
	return true;
}

size_t utf8_count_replacement(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i + 2 < n; i++)
		if ((unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
		    (unsigned char)s[i + 2] == 0xBD)
			count++;
	return count;
}

size_t utf8_width(const char *s)
{
	size_t w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			w++;
	return w;
}

/* The letters Swedish text uses, where CP437 has them: ü é ä å Ä Å É ö Ö Ü.
 * Their bytes are quotes and daggers in Windows-1252, which text rarely
 * has, so they vote for CP437. */
static bool cp437_swedish_letter(unsigned char c)
{
	switch (c) {
	case 0x81: case 0x82: case 0x84: case 0x86: case 0x8E:
	case 0x8F: case 0x90: case 0x94: case 0x99: case 0x9A:
		return true;
	default:
		return false;
	}
}

/* Bytes 0xC0..0xFF are the letters of Latin-1 (except the two arithmetic
 * signs); in CP437 they are box-drawing and Greek, which text rarely has. */
static bool latin1_letter(unsigned char c)
{
	return c >= 0xC0 && c != 0xD7 && c != 0xF7;
}

/* Windows-1252 punctuation in 0x80..0x9F (€ ‚ „ … † ‡ ‘ ’ “ ” • – — ™ ...). */
static bool cp1252_defined_c1(unsigned char c)
{
	return c >= 0x80 && c <= 0x9F && c != 0x81 && c != 0x8D && c != 0x8F && c != 0x90 &&
	       c != 0x9D;
}

enum text_encoding charset_classify(const char *s, size_t n, enum text_encoding preferred)
{
	if (!text_has_high(s, n))
		return ENC_ASCII;
	if (utf8_valid(s, n))
		return ENC_UTF8;
	size_t swedish437 = 0, latin = 0, high = 0, fits_1252 = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80)
			continue;
		high++;
		if (cp437_swedish_letter(c))
			swedish437++;
		if (latin1_letter(c))
			latin++;
		if (c >= 0xA0 || cp1252_defined_c1(c))
			fits_1252++;
	}
	/* In a file already known to be Windows-1252, a line that 1252 can
	 * read entirely is 1252: its bytes 0x80..0x9F are quotes and dashes. */
	if (preferred == ENC_CP1252 && fits_1252 == high)
		return ENC_CP1252;
	if (latin == 0) {
		/* No Latin-1 letters: CP437, the standard's code page, unless the
		 * line has no Swedish CP437 letter and reads as 1252 punctuation
		 * in a file that is not known to be CP437. */
		if (swedish437 == 0 && preferred != ENC_CP437 && fits_1252 == high)
			return ENC_CP1252;
		return ENC_CP437;
	}
	if (swedish437 == 0)
		return ENC_CP1252;
	return ENC_MIXED;
}

/* Run one iconv conversion of a whole span, appending to out. */
static bool convert(iconv_t cd, const char *s, size_t n, struct buf *out)
{
	iconv(cd, NULL, NULL, NULL, NULL);
	char *in = (char *)s;
	size_t inleft = n;
	while (inleft > 0) {
		char tmp[512];
		char *o = tmp;
		size_t oleft = sizeof tmp;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		if (!buf_append(out, tmp, sizeof tmp - oleft))
			return false;
		if (r == (size_t)-1 && errno != E2BIG) {
			/* A byte the code page leaves undefined, or a character the
			 * target cannot hold: write a stand-in and go on. */
			if (!buf_putc(out, '?'))
				return false;
			in++;
			inleft--;
			iconv(cd, NULL, NULL, NULL, NULL);
		}
	}
	return true;
}

bool charset_decode(struct charset *cs, const char *s, size_t n, enum text_encoding enc,
		    struct buf *out)
{
	switch (enc) {
	case ENC_ASCII:
	case ENC_UTF8:
		return buf_append(out, s, n);
	case ENC_CP437:
		return convert(cs->from_cp437, s, n, out);
	case ENC_CP1252: {
		/* 1252 leaves five bytes undefined; read those as Latin-1. */
		size_t start = 0;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c >= 0x80 && c <= 0x9F && !cp1252_defined_c1(c)) {
				if (!convert(cs->from_cp1252, s + start, i - start, out) ||
				    !convert(cs->from_latin1, s + i, 1, out))
					return false;
				start = i + 1;
			}
		}
		return convert(cs->from_cp1252, s + start, n - start, out);
	}
	case ENC_MIXED: {
		/* Per byte: below 0xC0 it is CP437, from 0xC0 it is Latin-1. */
		size_t start = 0;
		for (size_t i = 0; i <= n; i++) {
			bool boundary = i == n || (unsigned char)s[i] >= 0xC0;
			if (!boundary)
				continue;
			if (!convert(cs->from_cp437, s + start, i - start, out))
				return false;
			if (i < n && !convert(cs->from_latin1, s + i, 1, out))
				return false;
			start = i + 1;
		}
		return true;
	}
	}
	return false;
}

bool charset_to_cp437(struct charset *cs, const char *s, size_t n, struct buf *out)
{
	if (!text_has_high(s, n))
		return buf_append(out, s, n);
	return convert(cs->to_cp437, s, n, out);
}
