/*
 * schema — the store's migrations, oldest first.
 *
 * migration[i] moves a store from schema version i to i + 1. A migration,
 * once released, is never edited: a change to the schema is a new
 * migration at the end of the list.
 */
#ifndef FINSAM_STORE_SCHEMA_H
#define FINSAM_STORE_SCHEMA_H

#include <stddef.h>

extern const char *const store_migrations[];
extern const size_t store_migration_count;

#endif
