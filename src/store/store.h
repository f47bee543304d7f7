/*
 * store — the förbund's database: one SQLite file, versioned schema.
 *
 * A thin layer over SQLite in the manner of Fossil's db.c: open and
 * migrate, prepare/bind/step through helpers that turn SQLite failures
 * into error values, and transactions. Every statement uses bound
 * parameters; no SQL is ever built from data.
 *
 * The store is opened in WAL mode with foreign keys on. The schema version
 * is PRAGMA user_version and every migration in schema.c moves it up by
 * one, so a fresh store is built by the same steps as an upgraded one.
 */
#ifndef FINSAM_STORE_H
#define FINSAM_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/error.h"

/* 'FINS' in PRAGMA application_id marks a database as finsam's. */
#define STORE_APPLICATION_ID 0x46494e53

struct store {
	sqlite3 *db;  /* the connection */
	char *path;   /* file name, for messages */
};

enum store_open_mode {
	STORE_EXISTING, /* the file must exist already */
	STORE_CREATE,   /* create the file if it is missing */
};

/* Configure SQLite for the process before any store is opened (main
 * calls it first): without the global memory statistics, which take a
 * process-wide mutex on every allocation that the web server's threads
 * would queue on. */
void store_library_init(void);

/* Open (and when needed create and migrate) the store at path. */
bool store_open(struct store *st, const char *path, enum store_open_mode mode,
		struct error *err);
/* Like store_open, but migrate no further than `version` (for tests). */
bool store_open_at_version(struct store *st, const char *path, int version, struct error *err);
void store_close(struct store *st);

/* The schema version finsam writes. */
int store_latest_version(void);
/* Bring an open store to `version` (never down). */
bool store_migrate(struct store *st, int version, struct error *err);

/* Run SQL without results (may hold several statements). */
bool store_exec(struct store *st, const char *sql, struct error *err);
/* Prepare one statement; the caller finalizes it. */
bool store_prepare(struct store *st, sqlite3_stmt **stmt, const char *sql, struct error *err);
/* Step a statement: SQLITE_ROW or SQLITE_DONE, or -1 with err set. */
int store_step(struct store *st, sqlite3_stmt *stmt, struct error *err);
/* Record the connection's last error in err as an internal fault. */
bool store_fail(struct store *st, struct error *err);

/* Run one statement with integer parameters bound from args (the first
 * n, as many as it has). */
bool store_exec_ints(struct store *st, const char *sql, const int64_t *args, int n,
		     struct error *err);
/* One integer from a query with at most one row and column; `dflt` when
 * there is no row. Parameters are bound as by store_exec_ints. */
bool store_query_int(struct store *st, const char *sql, const int64_t *args, int n,
		     int64_t dflt, int64_t *out, struct error *err);

/* Whether a transaction is open. */
bool store_in_transaction(struct store *st);

bool store_begin(struct store *st, struct error *err);
bool store_commit(struct store *st, struct error *err);
/* Roll back if a transaction is open; never fails. */
void store_rollback(struct store *st);

/* One step that changes the store as a whole: a transaction of its own,
 * or, when the caller has one open, a savepoint inside it, so the step can
 * also be part of a larger change (the web writes its change-log row in
 * the same transaction). *nested records which. store_end_step commits
 * (releases) when ok, otherwise rolls the step back, and returns whether
 * it was committed. */
bool store_begin_step(struct store *st, bool *nested, struct error *err);
bool store_end_step(struct store *st, bool nested, bool ok, struct error *err);

/* Bind helpers: text may be NULL (binds NULL). */
void store_bind_text(sqlite3_stmt *stmt, int i, const char *s);
/* Binds NULL when v is 0 (dates and ids where 0 means "none"). */
void store_bind_int_or_null(sqlite3_stmt *stmt, int i, int64_t v);
/* Column text, "" for NULL. */
const char *store_column_text(sqlite3_stmt *stmt, int i);

#endif
