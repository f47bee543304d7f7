/*
 * store — opening, migrating and talking to the SQLite store; see store.h.
 */
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/schema.h"

/* New stores use 16 KiB pages: a municipality's import writes and reads a
 * quarter as many pages as with SQLite's 4 KiB default, and small stores
 * lose nothing by it. */
#define STORE_PAGE_SIZE "16384"
#include "util/xalloc.h"

bool store_fail(struct store *st, struct error *err)
{
	error_set(err, ERR_INTERNAL, "databasfel i %s: %s", st->path ? st->path : "databasen",
		  st->db ? sqlite3_errmsg(st->db) : "ingen anslutning");
	return false;
}

bool store_exec(struct store *st, const char *sql, struct error *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, err);
	return true;
}

bool store_prepare(struct store *st, sqlite3_stmt **stmt, const char *sql, struct error *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK) {
		*stmt = NULL;
		return store_fail(st, err);
	}
	return true;
}

int store_step(struct store *st, sqlite3_stmt *stmt, struct error *err)
{
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	store_fail(st, err);
	return -1;
}

/* Prepare sql and bind its parameters from args (those it has of them). */
static bool prepare_ints(struct store *st, sqlite3_stmt **stmt, const char *sql,
			 const int64_t *args, int n, struct error *err)
{
	if (!store_prepare(st, stmt, sql, err))
		return false;
	int have = sqlite3_bind_parameter_count(*stmt);
	for (int i = 0; i < n && i < have; i++)
		sqlite3_bind_int64(*stmt, i + 1, args[i]);
	return true;
}

bool store_exec_ints(struct store *st, const char *sql, const int64_t *args, int n,
		     struct error *err)
{
	sqlite3_stmt *stmt;
	if (!prepare_ints(st, &stmt, sql, args, n, err))
		return false;
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW)
		;
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

bool store_query_int(struct store *st, const char *sql, const int64_t *args, int n,
		     int64_t dflt, int64_t *out, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!prepare_ints(st, &stmt, sql, args, n, err))
		return false;
	int rc = store_step(st, stmt, err);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_type(stmt, 0) == SQLITE_NULL ? dflt
								    : sqlite3_column_int64(stmt, 0);
	else if (rc == SQLITE_DONE)
		*out = dflt;
	sqlite3_finalize(stmt);
	return rc >= 0;
}

bool store_in_transaction(struct store *st)
{
	return st->db && !sqlite3_get_autocommit(st->db);
}

bool store_begin(struct store *st, struct error *err)
{
	return store_exec(st, "BEGIN IMMEDIATE", err);
}

bool store_commit(struct store *st, struct error *err)
{
	return store_exec(st, "COMMIT", err);
}

void store_library_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

bool store_begin_step(struct store *st, bool *nested, struct error *err)
{
	*nested = store_in_transaction(st);
	return store_exec(st, *nested ? "SAVEPOINT step" : "BEGIN IMMEDIATE", err);
}

bool store_end_step(struct store *st, bool nested, bool ok, struct error *err)
{
	if (ok && store_exec(st, nested ? "RELEASE step" : "COMMIT", err))
		return true;
	if (nested)
		sqlite3_exec(st->db, "ROLLBACK TO step; RELEASE step", NULL, NULL, NULL);
	else
		store_rollback(st);
	return false;
}

void store_rollback(struct store *st)
{
	if (st->db && !sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

void store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, i);
}

void store_bind_int_or_null(sqlite3_stmt *stmt, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(stmt, i, v);
	else
		sqlite3_bind_null(stmt, i);
}

const char *store_column_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char *s = sqlite3_column_text(stmt, i);
	return s ? (const char *)s : "";
}

int store_latest_version(void)
{
	return (int)store_migration_count;
}

bool store_migrate(struct store *st, int version, struct error *err)
{
	int64_t current;
	if (!store_query_int(st, "PRAGMA user_version", NULL, 0, 0, &current, err))
		return false;
	for (int v = (int)current; v < version; v++) {
		/* Each migration and its version bump commit together. */
		char bump[64];
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
		if (!store_begin(st, err))
			return false;
		if (!store_exec(st, store_migrations[v], err) || !store_exec(st, bump, err)) {
			store_rollback(st);
			return false;
		}
		if (!store_commit(st, err))
			return false;
	}
	return true;
}

static bool open_at(struct store *st, const char *path, enum store_open_mode mode, int version,
		    struct error *err)
{
	memset(st, 0, sizeof *st);
	st->path = xstrdup(path);
	struct stat sb;
	bool exists = stat(path, &sb) == 0;
	if (!exists && mode == STORE_EXISTING) {
		error_set(err, ERR_INPUT,
			  "det finns ingen finsam-databas i %s; skapa en med \"finsam init\", läs in "
			  "en SIE-fil med \"finsam import FIL\" eller ange en annan med -d FIL",
			  path);
		goto fail;
	}
	if (exists && !S_ISREG(sb.st_mode)) {
		error_set(err, ERR_INPUT, "%s är ingen vanlig fil", path);
		goto fail;
	}
	/* A connection is only ever used by one thread at a time (the web
	 * server lends each to one request at a time), so SQLite need not
	 * lock it on every call. */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (exists ? 0 : SQLITE_OPEN_CREATE);
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		error_set(err, ERR_INPUT, "kan inte öppna databasen %s: %s", path,
			  st->db ? sqlite3_errmsg(st->db) : strerror(errno));
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 1);

	int64_t app_id, user_version;
	if (sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		error_set(err, ERR_INPUT, "%s är ingen finsam-databas (%s)", path,
			  sqlite3_errmsg(st->db));
		goto fail;
	}
	if (!store_query_int(st, "PRAGMA application_id", NULL, 0, 0, &app_id, err) ||
	    !store_query_int(st, "PRAGMA user_version", NULL, 0, 0, &user_version, err))
		goto fail;
	int64_t tables;
	if (!store_query_int(st, "SELECT count(*) FROM sqlite_schema", NULL, 0, 0, &tables, err))
		goto fail;
	if (app_id != STORE_APPLICATION_ID && (tables > 0 || user_version > 0)) {
		error_set(err, ERR_INPUT, "%s är en SQLite-databas men ingen finsam-databas", path);
		goto fail;
	}
	if (user_version > store_latest_version()) {
		error_set(err, ERR_INPUT,
			  "%s har schemaversion %lld, men denna finsam känner bara till version "
			  "%d; uppgradera finsam",
			  path, (long long)user_version, store_latest_version());
		goto fail;
	}
	char pragma[96];
	snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d", STORE_APPLICATION_ID);
	if (!store_exec(st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL", err))
		goto fail;
	if (user_version == 0 && tables == 0 &&
	    !store_exec(st, "PRAGMA page_size = " STORE_PAGE_SIZE, err))
		goto fail;
	if (user_version < version) {
		/* Only a store that is about to change is switched to WAL and
		 * stamped; reading never writes. */
		if (!store_exec(st, "PRAGMA journal_mode = WAL", err) || !store_exec(st, pragma, err))
			goto fail;
		if (!store_migrate(st, version, err))
			goto fail;
	}
	return true;
fail:
	store_close(st);
	return false;
}

bool store_open(struct store *st, const char *path, enum store_open_mode mode, struct error *err)
{
	return open_at(st, path, mode, store_latest_version(), err);
}

bool store_open_at_version(struct store *st, const char *path, int version, struct error *err)
{
	return open_at(st, path, STORE_CREATE, version, err);
}

void store_close(struct store *st)
{
	if (st->db)
		sqlite3_close_v2(st->db);
	st->db = NULL;
	free(st->path);
	st->path = NULL;
}
