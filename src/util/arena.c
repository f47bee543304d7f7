/*
 * arena — chunked bump allocation; see arena.h.
 */
#include "util/arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
};

void arena_init(struct arena *a)
{
	a->chunks = NULL;
	a->used = 0;
}

static size_t align_up(size_t n)
{
	size_t al = alignof(max_align_t);
	return (n + al - 1) / al * al;
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = align_up(n ? n : 1);
	struct arena_chunk *c = a->chunks;
	if (!c || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		c->next = a->chunks;
		a->chunks = c;
	}
	void *p = c->data + c->used;
	c->used += n;
	a->used += n;
	return p;
}

void *arena_memdup(struct arena *a, const void *p, size_t n)
{
	if (!p)
		return NULL;
	void *q = arena_alloc(a, n);
	if (n)
		memcpy(q, p, n);
	return q;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_memdup(a, s, strlen(s) + 1) : NULL;
}

void arena_reset(struct arena *a)
{
	/* Keep one chunk of the usual size, never an outsized one. */
	struct arena_chunk *keep = NULL, *c = a->chunks;
	while (c) {
		struct arena_chunk *next = c->next;
		if (!keep && c->size == ARENA_CHUNK) {
			keep = c;
			keep->next = NULL;
			keep->used = 0;
		} else {
			free(c);
		}
		c = next;
	}
	a->chunks = keep;
	a->used = 0;
}

void arena_free(struct arena *a)
{
	arena_reset(a);
	free(a->chunks);
	a->chunks = NULL;
}
