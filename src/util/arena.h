/*
 * arena — a bump allocator whose pointers never move.
 *
 * For data made in bulk and dropped all at once, such as a block of SIE
 * events handed from the reading thread to the importing one: allocations
 * are carved from chunks of ARENA_CHUNK bytes (a bigger one gets a chunk of
 * its own), nothing is freed singly, and arena_reset makes the room
 * reusable while keeping one chunk.
 */
#ifndef FINSAM_UTIL_ARENA_H
#define FINSAM_UTIL_ARENA_H

#include <stddef.h>

#define ARENA_CHUNK (64 * 1024)

struct arena_chunk;

struct arena {
	struct arena_chunk *chunks; /* newest first */
	size_t used;                /* bytes handed out since the last reset */
};

void arena_init(struct arena *a);
/* n bytes, aligned for any type; never NULL (out of memory aborts). */
void *arena_alloc(struct arena *a, size_t n);
/* A copy of n bytes; NULL when p is NULL. */
void *arena_memdup(struct arena *a, const void *p, size_t n);
/* A copy of s; NULL when s is NULL. */
char *arena_strdup(struct arena *a, const char *s);
/* Forget every allocation; keeps one chunk of the usual size for reuse. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif
