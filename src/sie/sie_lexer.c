/*
 * sie_lexer — SIE bytes to labelled fields, in one bounded pass; see
 * sie_lexer.h for what it does and why.
 */
#include "sie/sie_lexer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "util/xalloc.h"

#define READ_BUFFER (1u << 20)

/* The fields of one tokenized line. */
struct tokens {
	const char *label;
	size_t nfields;
	struct sie_field *fields;
	size_t nitems;
	struct sie_field *items;
	char *arena;       /* room for list words that cannot end in place */
	size_t arena_used; /* bytes of arena in use */
};

bool sie_lexer_open(struct sie_lexer *lx, const char *path, int fd, bool want_sha256,
		    struct error *err)
{
	memset(lx, 0, sizeof *lx);
	lx->path = path;
	lx->fd = fd;
	if (!charset_open(&lx->cs, err))
		return false;
	lx->cap = READ_BUFFER;
	lx->arena = xmalloc(4 * SIE_MAX_LINE + SIE_MAX_ITEMS + 1);
	lx->arena2 = xmalloc(4 * SIE_MAX_LINE + SIE_MAX_ITEMS + 1);
	lx->buf = xmalloc(lx->cap + 1);
	lx->preferred = ENC_ASCII;
	buf_init(&lx->decoded, 4 * SIE_MAX_LINE);
	buf_init(&lx->rawcopy, SIE_MAX_LINE + 1);
	buf_init(&lx->cp437, SIE_MAX_LINE + 1);
	lx->want_sha256 = want_sha256;
	if (want_sha256) {
		if (sodium_init() < 0) {
			error_set(err, ERR_INTERNAL, "libsodium kunde inte startas");
			sie_lexer_close(lx);
			return false;
		}
		crypto_hash_sha256_init(&lx->sha256);
	}
	return true;
}

void sie_lexer_close(struct sie_lexer *lx)
{
	charset_close(&lx->cs);
	free(lx->buf);
	free(lx->arena);
	free(lx->arena2);
	lx->buf = lx->arena = lx->arena2 = NULL;
	buf_free(&lx->decoded);
	buf_free(&lx->rawcopy);
	buf_free(&lx->cp437);
}

/* Move the unread bytes to the front and read more after them. */
static bool fill(struct sie_lexer *lx, struct error *err)
{
	if (lx->start > 0) {
		memmove(lx->buf, lx->buf + lx->start, lx->end - lx->start);
		lx->end -= lx->start;
		lx->start = 0;
	}
	while (lx->end < lx->cap) {
		ssize_t r = read(lx->fd, lx->buf + lx->end, lx->cap - lx->end);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			error_set_at(err, ERR_INPUT, lx->path, 0, "kan inte läsa filen: %s",
				     strerror(errno));
			return false;
		}
		if (r == 0) {
			lx->eof = true;
			if (lx->want_sha256) {
				unsigned char digest[crypto_hash_sha256_BYTES];
				crypto_hash_sha256_final(&lx->sha256, digest);
				sodium_bin2hex(lx->sha256_hex, sizeof lx->sha256_hex, digest,
					       sizeof digest);
			}
			return true;
		}
		if (lx->want_sha256)
			crypto_hash_sha256_update(&lx->sha256,
						  (unsigned char *)lx->buf + lx->end, (size_t)r);
		lx->end += (size_t)r;
		lx->bytes += (uint64_t)r;
		/* One read is enough when it completed a line. */
		if (memchr(lx->buf + lx->end - (size_t)r, '\n', (size_t)r))
			return true;
	}
	return true;
}

/* The next raw line (without its line end), NUL-terminated in the buffer.
 * 1: a line; 0: end of file; -1: error. */
static int raw_line(struct sie_lexer *lx, char **line, size_t *len, struct error *err)
{
	for (;;) {
		char *p = lx->buf + lx->start;
		size_t avail = lx->end - lx->start;
		char *nl = memchr(p, '\n', avail);
		if (nl || (lx->eof && avail > 0)) {
			size_t n = nl ? (size_t)(nl - p) : avail;
			lx->lineno++;
			lx->start += nl ? n + 1 : n;
			if (n > SIE_MAX_LINE) {
				error_set_at(err, ERR_INPUT, lx->path, lx->lineno,
					     "raden är längre än %d byte; filen är skadad eller "
					     "inte en SIE-fil",
					     SIE_MAX_LINE);
				return -1;
			}
			if (n > 0 && p[n - 1] == '\r')
				n--;
			p[n] = '\0';
			*line = p;
			*len = n;
			return 1;
		}
		if (lx->eof)
			return 0;
		if (avail > SIE_MAX_LINE) {
			error_set_at(err, ERR_INPUT, lx->path, lx->lineno + 1,
				     "raden är längre än %d byte; filen är skadad eller inte en "
				     "SIE-fil",
				     SIE_MAX_LINE);
			return -1;
		}
		if (!fill(lx, err))
			return -1;
	}
}

/* Whether the line has bytes >= 0x80 and whether it has NUL bytes, eight
 * bytes at a time. */
static void scan_bytes(const char *s, size_t n, bool *high, bool *nul)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t any_high = 0, any_zero = 0;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		any_high |= v & highs;
		any_zero |= (v - ones) & ~v & highs;
	}
	bool h = any_high != 0, z = any_zero != 0;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		h |= c >= 0x80;
		z |= c == 0;
	}
	*high = h;
	*nul = z;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Read one token at *pp: a quoted string or a word, unescaped and
 * NUL-terminated in place. Inside an object list a word also ends at '}' or
 * '"'; such a word has no room for its terminator, so it is copied to the
 * line's arena instead. */
static bool token(char **pp, struct sie_field *f, struct tokens *t, bool in_list,
		  const char *path, long lineno, struct error *err)
{
	char *p = *pp;
	if (*p == '"') {
		char *w = ++p;
		f->kind = SIE_STRING;
		f->s = w;
		for (;;) {
			if (*p == '\0') {
				error_set_at(err, ERR_INPUT, path, lineno,
					     "en text inom citattecken avslutas aldrig");
				return false;
			}
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) {
				*w++ = p[1];
				p += 2;
			} else if (*p == '"') {
				p++;
				break;
			} else {
				*w++ = *p++;
			}
		}
		f->len = (size_t)(w - f->s);
		*w = '\0'; /* w is at or before the closing quote */
		*pp = p;
		return true;
	}
	f->kind = SIE_WORD;
	f->s = p;
	while (*p && !is_space(*p) && !(in_list && (*p == '}' || *p == '"')))
		p++;
	f->len = (size_t)(p - f->s);
	if (*p && is_space(*p)) {
		*p++ = '\0';
	} else if (*p) {
		char *copy = t->arena + t->arena_used;
		memcpy(copy, f->s, f->len);
		copy[f->len] = '\0';
		t->arena_used += f->len + 1;
		f->s = copy;
	}
	*pp = p;
	return true;
}

/* Split the fields at p into t, in place, stopping after `max` fields. */
static bool tokenize_fields(char *p, struct tokens *t, size_t max, const char *path, long lineno,
			    struct error *err)
{
	for (;;) {
		while (is_space(*p))
			p++;
		if (!*p || t->nfields == max)
			return true;
		if (t->nfields == SIE_MAX_FIELDS) {
			error_set_at(err, ERR_INPUT, path, lineno, "för många fält på raden (över %d)",
				     SIE_MAX_FIELDS);
			return false;
		}
		struct sie_field *f = &t->fields[t->nfields++];
		if (*p == '{') {
			p++;
			f->kind = SIE_LIST;
			f->s = "";
			f->len = 0;
			f->first = (unsigned)t->nitems;
			f->count = 0;
			for (;;) {
				while (is_space(*p))
					p++;
				if (*p == '}') {
					p++;
					break;
				}
				if (!*p) {
					error_set_at(err, ERR_INPUT, path, lineno,
						     "en objektlista { ... } avslutas aldrig");
					return false;
				}
				if (t->nitems == SIE_MAX_ITEMS) {
					error_set_at(err, ERR_INPUT, path, lineno,
						     "för många objekt på raden (över %d)",
						     SIE_MAX_ITEMS / 2);
					return false;
				}
				if (!token(&p, &t->items[t->nitems++], t, true, path, lineno, err))
					return false;
				f->count++;
			}
			continue;
		}
		if (!token(&p, f, t, false, path, lineno, err))
			return false;
	}
}

/* Split a record line (label first) into tokens, in place. */
static bool tokenize(char *p, struct tokens *t, const char *path, long lineno,
		     struct error *err)
{
	t->nfields = 0;
	t->nitems = 0;
	t->arena_used = 0;
	while (is_space(*p))
		p++;
	t->label = p;
	while (*p && !is_space(*p)) {
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		p++;
	}
	if (*p)
		*p++ = '\0';
	return tokenize_fields(p, t, SIZE_MAX, path, lineno, err);
}

bool sie_lexer_decode_fields(struct sie_lexer *lx, struct sie_line *line, struct error *err)
{
	buf_reset(&lx->decoded);
	/* The fields, then the items of their object lists. */
	size_t nitems = 0;
	for (size_t i = 0; i < line->nfields; i++)
		if (line->fields[i].kind == SIE_LIST)
			nitems = line->fields[i].first + line->fields[i].count;
	size_t n = line->nfields + nitems;
	size_t offsets[SIE_MAX_FIELDS + SIE_MAX_ITEMS];
	for (size_t i = 0; i < n; i++) {
		struct sie_field *f = i < line->nfields ? &line->fields[i]
							: &line->items[i - line->nfields];
		offsets[i] = SIZE_MAX;
		if (f->kind == SIE_LIST || !text_has_high(f->s, f->len))
			continue;
		enum text_encoding enc = charset_classify(f->s, f->len, lx->preferred);
		offsets[i] = lx->decoded.len;
		if (!charset_decode(&lx->cs, f->s, f->len, enc, &lx->decoded) ||
		    !buf_putc(&lx->decoded, '\0')) {
			error_set_at(err, ERR_INPUT, lx->path, line->lineno,
				     "raden går inte att omvandla till UTF-8");
			return false;
		}
		f->len = lx->decoded.len - offsets[i] - 1;
	}
	/* Point at the decoded texts only now: the buffer may have moved. */
	for (size_t i = 0; i < n; i++)
		if (offsets[i] != SIZE_MAX)
			(i < line->nfields ? &line->fields[i] : &line->items[i - line->nfields])->s =
				lx->decoded.data + offsets[i];
	return true;
}

bool sie_lexer_split_raw(struct sie_lexer *lx, struct sie_line *line, size_t max,
			 struct error *err)
{
	struct tokens t = { .fields = lx->fields, .items = lx->items, .arena = lx->arena };
	if (!tokenize_fields(line->raw, &t, max, lx->path, line->lineno, err))
		return false;
	line->nfields = t.nfields;
	line->fields = t.fields;
	line->items = t.items;
	return true;
}

static uint32_t crc_add(uint32_t crc, const char *s, size_t n)
{
	return (uint32_t)crc32(crc, (const Bytef *)s, (uInt)n);
}

/* The CRC-32 of the label and fields, the way #KSUMMA is computed. With a
 * charset, each text is re-encoded to CP437 first. */
static uint32_t crc_tokens(uint32_t crc, const struct tokens *t, struct sie_lexer *lx,
			   bool to_cp437)
{
	crc = crc_add(crc, t->label, strlen(t->label));
	for (size_t i = 0; i < t->nfields; i++) {
		const struct sie_field *f = &t->fields[i];
		size_t from = f->kind == SIE_LIST ? f->first : 0;
		size_t to = f->kind == SIE_LIST ? f->first + f->count : 1;
		for (size_t j = from; j < to; j++) {
			const struct sie_field *x = f->kind == SIE_LIST ? &t->items[j] : f;
			if (to_cp437) {
				buf_reset(&lx->cp437);
				charset_to_cp437(&lx->cs, x->s, x->len, &lx->cp437);
				crc = crc_add(crc, lx->cp437.data ? lx->cp437.data : "",
					      lx->cp437.len);
			} else {
				crc = crc_add(crc, x->s, x->len);
			}
		}
	}
	return crc;
}

static bool handle_ksumma(struct sie_lexer *lx, const struct tokens *t, struct error *err)
{
	if (t->nfields == 0) {
		if (lx->ksumma != SIE_KSUMMA_NONE) {
			error_set_at(err, ERR_INPUT, lx->path, lx->lineno,
				     "#KSUMMA inleder en kontrollsumma en andra gång");
			return false;
		}
		lx->ksumma = SIE_KSUMMA_OPEN;
		lx->ksumma_line = lx->lineno;
		lx->crc_raw = lx->crc_cp437 = (uint32_t)crc32(0L, Z_NULL, 0);
		return true;
	}
	const struct sie_field *f = &t->fields[0];
	char *end = NULL;
	errno = 0;
	unsigned long long v = strtoull(f->s, &end, 10);
	if (f->kind == SIE_LIST || f->len == 0 || *end || errno || v > UINT32_MAX) {
		error_set_at(err, ERR_INPUT, lx->path, lx->lineno,
			     "#KSUMMA har ett ogiltigt värde \"%s\"", f->s);
		return false;
	}
	if (lx->ksumma != SIE_KSUMMA_OPEN) {
		error_set_at(err, ERR_INPUT, lx->path, lx->lineno,
			     "avslutande #KSUMMA utan en inledande #KSUMMA");
		return false;
	}
	lx->ksumma_declared = (uint32_t)v;
	if (lx->ksumma_declared != lx->crc_raw && lx->ksumma_declared != lx->crc_cp437) {
		error_set_at(err, ERR_INPUT, lx->path, lx->lineno,
			     "kontrollsumman stämmer inte: filen anger %u men innehållet ger "
			     "%u; filen har ändrats eller skadats efter att den skrevs",
			     lx->ksumma_declared, lx->crc_cp437);
		return false;
	}
	lx->ksumma = SIE_KSUMMA_OK;
	return true;
}

int sie_lexer_next(struct sie_lexer *lx, struct sie_line *out, struct error *err)
{
	for (;;) {
		char *raw;
		size_t n;
		int r = raw_line(lx, &raw, &n, err);
		if (r < 0)
			return -1;
		if (r == 0) {
			if (lx->ksumma == SIE_KSUMMA_OPEN) {
				error_set_at(err, ERR_INPUT, lx->path, lx->ksumma_line,
					     "filen är avkortad: #KSUMMA här inleder en "
					     "kontrollsumma, men filen tar slut utan den "
					     "avslutande #KSUMMA");
				return -1;
			}
			return 0;
		}
		if (lx->lineno == 1 && n >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) {
			raw += 3; /* UTF-8 byte order mark */
			n -= 3;
		}
		/* Row lines for a reader that only totals: no decoding, no
		 * tokenizing; numbers are ASCII in every encoding. */
		if (lx->raw_rows && lx->ksumma == SIE_KSUMMA_NONE) {
			char *q = raw;
			while (*q == ' ' || *q == '\t')
				q++;
			size_t label = 0;
			if (q[0] == '#') {
				/* strncmp: the line may be shorter than the label. */
				if (strncmp(q, "#TRANS", 6) == 0)
					label = 6;
				else if (strncmp(q, "#RTRANS", 7) == 0 || strncmp(q, "#BTRANS", 7) == 0)
					label = 7;
				else if (strncmp(q, "#VER", 4) == 0)
					label = 4;
			}
			if (label && (q[label] == ' ' || q[label] == '\t')) {
				if (memchr(raw, '\0', n)) {
					error_set_at(err, ERR_INPUT, lx->path, lx->lineno,
						     "raden innehåller NUL-tecken; filen är binär eller "
						     "skadad");
					return -1;
				}
				q[label] = '\0';
				out->kind = SIE_LINE_RAW_ROW;
				out->lineno = lx->lineno;
				out->label = q;
				out->nfields = 0;
				out->fields = lx->fields;
				out->items = lx->items;
				out->enc = ENC_ASCII;
				out->raw = q + label + 1;
				return 1;
			}
		}
		bool high, nul;
		scan_bytes(raw, n, &high, &nul);
		if (nul) {
			error_set_at(err, ERR_INPUT, lx->path, lx->lineno,
				     "raden innehåller NUL-tecken; filen är binär eller skadad");
			return -1;
		}

		/* Skip blank lines, a DOS end-of-file mark, and recognise braces. */
		char *p = raw;
		while (is_space(*p))
			p++;
		if (!*p || (*p == '\x1a' && p[1] == '\0'))
			continue;
		if (*p == '{' || *p == '}') {
			char *q = p + 1;
			while (is_space(*q))
				q++;
			if (!*q) {
				if (lx->ksumma == SIE_KSUMMA_OK)
					goto after_checksum;
				out->kind = *p == '{' ? SIE_LINE_OPEN : SIE_LINE_CLOSE;
				out->lineno = lx->lineno;
				out->label = *p == '{' ? "{" : "}";
				out->nfields = 0;
				out->fields = lx->fields;
				out->items = lx->items;
				out->enc = ENC_ASCII;
				return 1;
			}
		}
		if (*p != '#') {
			error_set_at(err, ERR_INPUT, lx->path, lx->lineno,
				     "raden är ingen SIE-post (den börjar inte med #)");
			return -1;
		}

		enum text_encoding enc = high ? charset_classify(raw, n, lx->preferred) : ENC_ASCII;
		lx->encodings_seen |= 1u << enc;
		if (lx->preferred == ENC_ASCII && (enc == ENC_CP437 || enc == ENC_CP1252))
			lx->preferred = enc;

		struct tokens t = { .fields = lx->fields, .items = lx->items, .arena = lx->arena };
		bool counted = lx->ksumma == SIE_KSUMMA_OPEN && strncmp(p, "#KSUMMA", 7) != 0;
		if (counted && enc != ENC_ASCII && enc != ENC_UTF8) {
			/* The checksum is over the file's own bytes: tokenize a copy of
			 * the raw line before it is converted. */
			struct sie_field rf[SIE_MAX_FIELDS], ri[SIE_MAX_ITEMS];
			struct tokens rt = { .fields = rf, .items = ri, .arena = lx->arena2 };
			buf_reset(&lx->rawcopy);
			buf_append(&lx->rawcopy, raw, n);
			if (!tokenize(lx->rawcopy.data, &rt, lx->path, lx->lineno, err))
				return -1;
			lx->crc_raw = crc_tokens(lx->crc_raw, &rt, lx, false);
			if (enc == ENC_CP437)
				lx->crc_cp437 = crc_tokens(lx->crc_cp437, &rt, lx, false);
		}
		char *text = raw;
		if (enc == ENC_CP437 || enc == ENC_CP1252 || enc == ENC_MIXED) {
			buf_reset(&lx->decoded);
			if (!charset_decode(&lx->cs, raw, n, enc, &lx->decoded)) {
				error_set_at(err, ERR_INPUT, lx->path, lx->lineno,
					     "raden går inte att omvandla till UTF-8");
				return -1;
			}
			text = lx->decoded.data;
		} else if (enc == ENC_UTF8) {
			lx->replacement_chars += utf8_count_replacement(raw, n);
		}
		if (!tokenize(text, &t, lx->path, lx->lineno, err))
			return -1;

		if (strcmp(t.label, "#KSUMMA") == 0) {
			if (!handle_ksumma(lx, &t, err))
				return -1;
			continue;
		}
		if (lx->ksumma == SIE_KSUMMA_OK)
			goto after_checksum;
		if (counted) {
			if (enc == ENC_ASCII) {
				lx->crc_raw = crc_tokens(lx->crc_raw, &t, lx, false);
				lx->crc_cp437 = crc_tokens(lx->crc_cp437, &t, lx, false);
			} else if (enc == ENC_UTF8) {
				lx->crc_raw = crc_tokens(lx->crc_raw, &t, lx, false);
				lx->crc_cp437 = crc_tokens(lx->crc_cp437, &t, lx, true);
			} else if (enc != ENC_CP437) {
				lx->crc_cp437 = crc_tokens(lx->crc_cp437, &t, lx, true);
			}
		}
		out->kind = SIE_LINE_RECORD;
		out->lineno = lx->lineno;
		out->label = t.label;
		out->nfields = t.nfields;
		out->fields = t.fields;
		out->items = t.items;
		out->enc = enc;
		return 1;

	after_checksum:
		error_set_at(err, ERR_INPUT, lx->path, lx->lineno,
			     "data efter den avslutande #KSUMMA täcks inte av kontrollsumman");
		return -1;
	}
}
