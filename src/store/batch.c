/*
 * batch — multi-row INSERTs for bulk loading; see batch.h.
 */
#include "store/batch.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* "head VALUES (?, ?), (?, ?), ..." for `rows` rows. */
static char *insert_sql(const struct store_batch *b, int rows)
{
	struct buf sql = BUF_INIT(0);
	buf_printf(&sql, "%s VALUES ", b->head);
	for (int r = 0; r < rows; r++) {
		buf_puts(&sql, r ? ", (" : "(");
		for (int c = 0; c < b->ncols; c++)
			buf_puts(&sql, c ? ", ?" : "?");
		buf_putc(&sql, ')');
	}
	if (b->tail)
		buf_printf(&sql, " %s", b->tail);
	return buf_take(&sql);
}

bool store_batch_init(struct store_batch *b, struct store *st, const char *head,
		      const char *tail, int ncols, int per_batch, struct error *err)
{
	memset(b, 0, sizeof *b);
	b->st = st;
	b->head = xstrdup(head);
	b->tail = xstrdup(tail);
	b->ncols = ncols;
	b->per_batch = per_batch;
	b->values = xcalloc((size_t)per_batch * (size_t)ncols, sizeof *b->values);
	buf_init(&b->arena, 0);
	char *sql = insert_sql(b, per_batch);
	bool ok = store_prepare(st, &b->full, sql, err);
	free(sql);
	return ok;
}

/* Bind `rows` held rows to stmt, run it once. */
static bool write_rows(struct store_batch *b, sqlite3_stmt *stmt, int rows, struct error *err)
{
	int n = rows * b->ncols;
	for (int k = 0; k < n; k++) {
		const struct batch_value *v = &b->values[k];
		switch (v->type) {
		case SQLITE_INTEGER:
			sqlite3_bind_int64(stmt, k + 1, v->i);
			break;
		case SQLITE_TEXT:
			sqlite3_bind_text(stmt, k + 1, b->arena.data + v->off, (int)v->len,
					  SQLITE_STATIC);
			break;
		case SQLITE_BLOB:
			sqlite3_bind_blob(stmt, k + 1, b->arena.data + v->off, (int)v->len,
					  SQLITE_STATIC);
			break;
		default:
			sqlite3_bind_null(stmt, k + 1);
		}
	}
	int rc = store_step(b->st, stmt, err);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	b->rows = 0;
	buf_reset(&b->arena);
	return rc >= 0;
}

static struct batch_value *next_value(struct store_batch *b)
{
	return &b->values[b->rows * b->ncols + b->col];
}

/* The current row got a value: when it is complete and the batch full,
 * write the batch. */
static bool advance(struct store_batch *b, struct error *err)
{
	if (++b->col < b->ncols)
		return true;
	b->col = 0;
	if (++b->rows < b->per_batch)
		return true;
	return write_rows(b, b->full, b->rows, err);
}

bool store_batch_int(struct store_batch *b, int64_t v, struct error *err)
{
	*next_value(b) = (struct batch_value){ SQLITE_INTEGER, v, 0, 0 };
	return advance(b, err);
}

bool store_batch_int_or_null(struct store_batch *b, int64_t v, struct error *err)
{
	*next_value(b) = (struct batch_value){ v ? SQLITE_INTEGER : SQLITE_NULL, v, 0, 0 };
	return advance(b, err);
}

bool store_batch_blob(struct store_batch *b, const void *p, size_t n, struct error *err)
{
	struct batch_value *v = next_value(b);
	*v = (struct batch_value){ SQLITE_BLOB, 0, b->arena.len, n };
	buf_append(&b->arena, p, n);
	return advance(b, err);
}

bool store_batch_text(struct store_batch *b, const char *s, struct error *err)
{
	if (!s) {
		*next_value(b) = (struct batch_value){ SQLITE_NULL, 0, 0, 0 };
		return advance(b, err);
	}
	struct batch_value *v = next_value(b);
	size_t n = strlen(s);
	*v = (struct batch_value){ SQLITE_TEXT, 0, b->arena.len, n };
	buf_append(&b->arena, s, n);
	return advance(b, err);
}

bool store_batch_flush(struct store_batch *b, struct error *err)
{
	if (b->rows == 0)
		return true;
	if (!b->partial)
		b->partial = xcalloc((size_t)b->per_batch, sizeof *b->partial);
	sqlite3_stmt **stmt = &b->partial[b->rows];
	if (!*stmt) {
		char *sql = insert_sql(b, b->rows);
		bool ok = store_prepare(b->st, stmt, sql, err);
		free(sql);
		if (!ok)
			return false;
	}
	return write_rows(b, *stmt, b->rows, err);
}

void store_batch_free(struct store_batch *b)
{
	if (b->full)
		sqlite3_finalize(b->full);
	for (int i = 0; b->partial && i < b->per_batch; i++)
		sqlite3_finalize(b->partial[i]);
	free(b->partial);
	free(b->head);
	free(b->tail);
	free(b->values);
	buf_free(&b->arena);
	memset(b, 0, sizeof *b);
}
