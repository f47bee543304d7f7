/*
 * strmap — open-addressing hash map from strings to int64; see strmap.h.
 */
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* FNV-1a, 64 bit: short keys, good enough spread, no dependencies. */
static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void strmap_init(struct strmap *m)
{
	m->slots = NULL;
	m->cap = 0;
	m->count = 0;
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	strmap_init(m);
}

static struct strmap_slot *find(const struct strmap *m, const char *key, size_t n, uint64_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && s->keylen == n && memcmp(s->key, key, n) == 0))
			return s;
	}
}

static void grow(struct strmap *m)
{
	struct strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	for (size_t i = 0; i < old.cap; i++) {
		struct strmap_slot *s = &old.slots[i];
		if (s->key)
			*find(m, s->key, s->keylen, s->hash) = *s;
	}
	free(old.slots);
}

bool strmap_get(const struct strmap *m, const char *key, size_t n, int64_t *value)
{
	if (!m->cap)
		return false;
	struct strmap_slot *s = find(m, key, n, hash_bytes(key, n));
	if (!s->key)
		return false;
	*value = s->value;
	return true;
}

int64_t *strmap_slot(struct strmap *m, const char *key, size_t n, int64_t initial, bool *added)
{
	if ((m->count + 1) * 10 > m->cap * 7)
		grow(m);
	uint64_t h = hash_bytes(key, n);
	struct strmap_slot *s = find(m, key, n, h);
	if (added)
		*added = !s->key;
	if (!s->key) {
		s->key = xstrndup(key, n);
		s->keylen = n;
		s->hash = h;
		s->value = initial;
		m->count++;
	}
	return &s->value;
}

void strmap_put(struct strmap *m, const char *key, size_t n, int64_t value)
{
	*strmap_slot(m, key, n, value, NULL) = value;
}

