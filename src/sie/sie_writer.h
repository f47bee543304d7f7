/*
 * sie_writer — writes SIE records the way the standard asks: CP437
 * ("PC8"), CRLF line ends, texts in quotes with \" escapes, object lists
 * in braces, and a #KSUMMA CRC-32 over the contents.
 *
 * The caller writes records in order; the writer quotes, converts and
 * checksums, and sie_writer_finish closes the checksum. Text that CP437
 * cannot hold becomes '?'; line breaks and tabs inside a text become
 * spaces, since a SIE field cannot hold them.
 */
#ifndef FINSAM_SIE_WRITER_H
#define FINSAM_SIE_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sie/sie_reader.h"
#include "util/buf.h"
#include "util/charset.h"

enum sie_wkind {
	SIE_W_WORD,   /* written as is: numbers, dates, account numbers */
	SIE_W_STRING, /* written in quotes */
	SIE_W_LIST,   /* an object list */
};

struct sie_wfield {
	enum sie_wkind kind;
	const char *s;                   /* WORD, STRING */
	const struct sie_objref *objects;/* LIST */
	size_t nobjects;
};

#define SIE_WORD(x) ((struct sie_wfield){ SIE_W_WORD, (x), NULL, 0 })
#define SIE_STR(x) ((struct sie_wfield){ SIE_W_STRING, (x), NULL, 0 })
#define SIE_LIST(o, n) ((struct sie_wfield){ SIE_W_LIST, NULL, (o), (n) })

struct sie_writer {
	FILE *f;
	struct charset cs;
	struct buf line;   /* the record being written, CP437 */
	struct buf text;   /* one field's text, CP437, for the checksum */
	bool ksumma;       /* a checksum is open */
	uint32_t crc;
	bool failed;       /* a write failed */
};

/* Start writing to f; with ksumma, the file gets #KSUMMA after #FLAGGA
 * (the caller writes #FLAGGA first, then calls sie_writer_begin_ksumma). */
bool sie_writer_open(struct sie_writer *w, FILE *f, struct error *err);
/* Open the checksum: writes "#KSUMMA" and starts the CRC. */
void sie_writer_begin_ksumma(struct sie_writer *w);
/* Write one record. */
void sie_write(struct sie_writer *w, const char *label, const struct sie_wfield *fields,
	       size_t n);
/* Write "{" or "}" on a line of its own. */
void sie_write_brace(struct sie_writer *w, char brace);
/* Close the checksum (if open) and report whether everything was written. */
bool sie_writer_finish(struct sie_writer *w, struct error *err);
void sie_writer_close(struct sie_writer *w);

#endif
