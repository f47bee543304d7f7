/*
 * batch — many rows into one table with few statements.
 *
 * Executing one INSERT per row costs SQLite more in statement overhead
 * than in storing the row. A batch collects rows (copying their values)
 * and writes them with one multi-row INSERT per `per_batch` rows; the
 * remainder goes out in store_batch_flush. Rows are written in the order
 * they were added. Used by the import, where a municipality's file can
 * hold millions of rows.
 *
 * Use "INSERT OR FAIL" (or OR IGNORE) inside a transaction that is rolled
 * back as a whole on failure: a plain multi-row INSERT makes SQLite keep a
 * statement journal, a copy of every page it touches, to undo just that
 * statement, which a bulk load never needs and which doubles its writes.
 */
#ifndef FINSAM_STORE_BATCH_H
#define FINSAM_STORE_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/buf.h"

struct batch_value {
	int type;        /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_TEXT or SQLITE_BLOB */
	int64_t i;       /* INTEGER */
	size_t off, len; /* TEXT, BLOB: bytes in the batch's arena */
};

struct store_batch {
	struct store *st;
	char *head;                 /* "INSERT INTO t (a, b)" */
	char *tail;                 /* after the VALUES, e.g. an ON CONFLICT clause */
	int ncols;                  /* values per row */
	int per_batch;              /* rows per full INSERT */
	sqlite3_stmt *full;         /* the prepared full INSERT */
	struct batch_value *values; /* per_batch * ncols */
	int rows;                   /* complete rows held */
	int col;                    /* next column of the row being added */
	struct buf arena;           /* text and blob bytes of the held rows */
	sqlite3_stmt **partial;     /* INSERTs for 1..per_batch-1 rows, made
				     * when first needed */
};

/* Prepare a batch for `head` ("INSERT INTO t (a, b)" or with OR IGNORE);
 * `tail` (may be NULL) follows the VALUES, e.g. "ON CONFLICT DO UPDATE ...". */
bool store_batch_init(struct store_batch *b, struct store *st, const char *head,
		      const char *tail, int ncols, int per_batch, struct error *err);
/* Add the next value of the current row; after ncols values the row is
 * complete, and a full batch is written. Each returns false on a database
 * error. */
bool store_batch_int(struct store_batch *b, int64_t v, struct error *err);
/* 0 is written as NULL. */
bool store_batch_int_or_null(struct store_batch *b, int64_t v, struct error *err);
/* NULL is written as NULL. */
bool store_batch_text(struct store_batch *b, const char *s, struct error *err);
bool store_batch_blob(struct store_batch *b, const void *p, size_t n, struct error *err);
/* Write the rows still held. */
bool store_batch_flush(struct store_batch *b, struct error *err);
void store_batch_free(struct store_batch *b);

#endif
