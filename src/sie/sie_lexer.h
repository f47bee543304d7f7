/*
 * sie_lexer — the lowest layer of the SIE reader: bytes to fields.
 *
 * Reads a SIE file in one pass through a fixed-size buffer, so memory does
 * not grow with the file. For each line it
 *   - finds the line end (CRLF, LF, or none at end of file),
 *   - refuses NUL bytes and over-long lines,
 *   - works out the encoding (CP437, Windows-1252, UTF-8, or a mixture)
 *     and converts the line to UTF-8,
 *   - splits it into the label and fields: words, "quoted strings" (with
 *     \" and \\ escapes) and {object lists},
 *   - keeps the #KSUMMA CRC-32 over the fields (labels and field contents,
 *     without separators, quotes or braces, as the standard computes it)
 *     and checks it at the closing #KSUMMA,
 *   - feeds the raw bytes to SHA-256 for the import log.
 * It knows nothing of what the records mean; sie_reader does.
 */
#ifndef FINSAM_SIE_LEXER_H
#define FINSAM_SIE_LEXER_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/charset.h"
#include "util/error.h"

#define SIE_MAX_LINE 65536   /* longest line accepted, in bytes */
#define SIE_MAX_FIELDS 64    /* fields on one line, an object list counting as one */
#define SIE_MAX_ITEMS 256    /* items in all object lists of one line */

enum sie_field_kind {
	SIE_WORD,   /* an unquoted token */
	SIE_STRING, /* a "quoted" token, unescaped */
	SIE_LIST,   /* an {object list}; its items are in sie_line.items */
};

struct sie_field {
	enum sie_field_kind kind;
	const char *s;  /* UTF-8 text, NUL-terminated (WORD, STRING); "" for LIST */
	size_t len;     /* bytes in s */
	unsigned first; /* LIST: index of its first item in sie_line.items */
	unsigned count; /* LIST: number of items */
};

enum sie_line_kind {
	SIE_LINE_RECORD, /* #LABEL fields... */
	SIE_LINE_OPEN,   /* "{" opening a voucher's rows */
	SIE_LINE_CLOSE,  /* "}" closing them */
	SIE_LINE_RAW_ROW,/* with raw_rows: a #VER, #TRANS, #RTRANS or #BTRANS line
			  * left untokenized (label in `label`, the rest in `raw`) */
};

struct sie_line {
	enum sie_line_kind kind;
	long lineno;              /* 1-based line number in the file */
	const char *label;        /* "#TRANS" (upper case) for records */
	size_t nfields;           /* fields after the label */
	struct sie_field *fields; /* nfields fields */
	struct sie_field *items;  /* object list items (WORD or STRING) */
	enum text_encoding enc;   /* how the line was encoded in the file */
	char *raw;                /* SIE_LINE_RAW_ROW: the fields, NUL-terminated */
};

enum sie_ksumma {
	SIE_KSUMMA_NONE,   /* the file has no checksum */
	SIE_KSUMMA_OPEN,   /* opened, not yet closed */
	SIE_KSUMMA_OK,     /* closed and verified */
};

struct sie_lexer {
	const char *path;   /* for messages */
	int fd;             /* read from here */
	char *buf;          /* read buffer */
	size_t cap;         /* its size */
	size_t start, end;  /* unread bytes are buf[start..end) */
	bool eof;           /* read() has returned 0 */
	long lineno;        /* number of the line last returned */
	uint64_t bytes;     /* bytes read so far */

	struct charset cs;             /* converters to UTF-8 */
	enum text_encoding preferred;  /* 8-bit code page the file has shown */
	unsigned encodings_seen;       /* bit (1 << enc) for each encoding met */
	size_t replacement_chars;      /* U+FFFD characters met */
	struct buf decoded;            /* the current line in UTF-8 */
	struct buf rawcopy;            /* a copy of the raw line, for the checksum */
	struct buf cp437;              /* a field re-encoded to CP437 */

	char *arena, *arena2;          /* room for object-list words, per line */
	struct sie_field fields[SIE_MAX_FIELDS];
	struct sie_field items[SIE_MAX_ITEMS];

	enum sie_ksumma ksumma;  /* checksum state */
	long ksumma_line;        /* line of the opening #KSUMMA */
	uint32_t crc_raw;        /* CRC-32 over the fields as the file's bytes */
	uint32_t crc_cp437;      /* CRC-32 over the fields re-encoded to CP437 */
	uint32_t ksumma_declared;/* the value the closing #KSUMMA gave */

	bool raw_rows;                     /* hand row lines over untokenized
					    * (not while a #KSUMMA is open) */
	bool want_sha256;                  /* keep a SHA-256 of the bytes */
	crypto_hash_sha256_state sha256;   /* its state */
	char sha256_hex[65];               /* filled at end of file */
};

/* Start reading fd (not closed by the lexer); path names it in messages.
 * With want_sha256 the file's SHA-256 is in lx->sha256_hex at end of file. */
bool sie_lexer_open(struct sie_lexer *lx, const char *path, int fd, bool want_sha256,
		    struct error *err);
/* Next non-empty line: 1 when *line is filled, 0 at a clean end of file,
 * -1 on an error. The line's strings are valid until the next call. */
int sie_lexer_next(struct sie_lexer *lx, struct sie_line *line, struct error *err);
/* For a SIE_LINE_RAW_ROW: split its first `max` fields into line->fields
 * (the rest of the line is left alone). */
bool sie_lexer_split_raw(struct sie_lexer *lx, struct sie_line *line, size_t max,
			 struct error *err);
/* Convert the fields of a split raw line that are not ASCII to UTF-8. */
bool sie_lexer_decode_fields(struct sie_lexer *lx, struct sie_line *line, struct error *err);
void sie_lexer_close(struct sie_lexer *lx);

#endif
