/*
 * strmap — a hash map from byte strings to 64-bit values.
 *
 * Used where finsam meets the same short keys many times: account numbers
 * and objects while importing a million transaction rows, accounts while
 * totalling a trial balance straight from a file. Keys are copied into the
 * map; values are whatever the caller stores (an id, an index).
 * Open addressing with linear probing; the table doubles at 70 % load.
 */
#ifndef FINSAM_UTIL_STRMAP_H
#define FINSAM_UTIL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	char *key;      /* owned copy of the key, NULL for an empty slot */
	size_t keylen;  /* key length in bytes */
	uint64_t hash;  /* full hash of the key */
	int64_t value;  /* the caller's value */
};

struct strmap {
	struct strmap_slot *slots; /* power-of-two sized table */
	size_t cap;                /* number of slots */
	size_t count;              /* keys present */
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* Look a key up; true and *value set when present. */
bool strmap_get(const struct strmap *m, const char *key, size_t n, int64_t *value);
/* Insert or replace a key's value. */
void strmap_put(struct strmap *m, const char *key, size_t n, int64_t value);
/* The value slot of key, inserting it with `initial` when absent; *added
 * tells which happened (may be NULL). The pointer is valid until the next
 * insertion. */
int64_t *strmap_slot(struct strmap *m, const char *key, size_t n, int64_t initial, bool *added);

#endif
