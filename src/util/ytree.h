/*
 * ytree — a YAML text read (through libyaml) into a small tree of nodes
 * that remember their line and column, and the checks every reader of
 * finsam's text formats shares: known keys (with a suggestion for a
 * misspelt one), required keys, the kind of a value, lists of records.
 *
 * Used by the follow-up file (followup/yaml.c) and the statement mapping
 * (report/mapping.c). Aliases, anchors, tags, duplicate keys, a second
 * document and deep nesting are refused while the tree is built: none of
 * the formats needs them, and an alias is how a small file becomes a huge
 * one. Every error is ERR_INPUT at "file:line:column" (1-based) of the
 * value that is wrong, in Swedish, and the first error wins.
 */
#ifndef FINSAM_UTIL_YTREE_H
#define FINSAM_UTIL_YTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/error.h"

/* A file nested deeper than this is none of finsam's formats. */
#define YTREE_DEPTH_MAX 16
/* The most values a file may have: a real file has a few thousand, and
 * 16 MiB of ordinary records some two million; the cap keeps a file of
 * nothing but tiny values (some 50 bytes of memory each) within reason. */
#define YTREE_NODES_MAX 3000000

enum ytree_kind { YT_SCALAR, YT_MAP, YT_SEQ };

/* Small, as a file may have millions: the texts and the children of a
 * closed collection live in the tree's arena. */
struct ytree_node {
	char *text;               /* a scalar's value (NUL-terminated) */
	struct ytree_node *kids;  /* a sequence's items; a mapping's keys and values in turn */
	uint32_t n, cap;          /* kids used and allocated */
	uint32_t line, col;       /* where it starts, 1-based */
	unsigned char kind;       /* enum ytree_kind */
	bool null;                /* a plain scalar that is empty, "~" or "null" */
};

/* The text being read and how its errors are told. */
struct ytree_reader {
	const char *name;     /* the file's name in messages */
	const char *text;     /* the text and its length */
	size_t len;
	struct error *err;    /* where the first error goes */
	const char *in_what;  /* "i uppföljningsfilen": where aliases, anchors and
			       * tags are said not to be used */
	size_t text_max;      /* the longest scalar, in bytes */
	/* How a user's text is quoted in a message (the follow-up never
	 * repeats what looks like a personnummer); NULL: as it is. */
	const char *(*shown)(const char *s);
};

struct ytree {
	const struct ytree_reader *r;
	struct arena arena;                       /* texts, and the children of
						   * closed collections */
	struct ytree_node top;                    /* holds the document's root as
						   * its one item */
	struct ytree_node *open[YTREE_DEPTH_MAX + 1]; /* open[0] is &top */
	int depth;
	size_t nodes;
	int documents;
};

/* Parse r's text into t (initialised by the call; ytree_free it even on
 * failure). False with r->err set on a syntax error or a refused
 * construct (ERR_INTERNAL when libyaml runs out of memory). */
bool ytree_parse(struct ytree *t, const struct ytree_reader *r);
/* The document's root, or NULL for an empty document. */
const struct ytree_node *ytree_root(const struct ytree *t);
void ytree_free(struct ytree *t);

/* "ett enkelt värde", "nycklar med värden", "en lista". */
const char *ytree_kind_name(enum ytree_kind k);
/* A user's text as r's messages quote it. */
const char *ytree_shown(const struct ytree_reader *r, const char *s);

/* Record an ERR_INPUT error at node n (file:line:column); returns false. */
bool ytree_fail(const struct ytree_reader *r, const struct ytree_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The value of key in mapping m, or NULL when the key is absent. */
const struct ytree_node *ytree_lookup(const struct ytree_node *m, const char *key);
/* The same, NULL also when the value is null. */
const struct ytree_node *ytree_get(const struct ytree_node *m, const char *key);

/* A key a mapping may have; a list of them ends with { NULL, false }. */
struct ytree_key {
	const char *name;
	bool required;
};

/* Whether m is a mapping of the known keys with the required ones
 * present and not empty; `list` names the list m is an item of (NULL: the
 * file's top). An unknown key is reported with the nearest known one
 * ("menade du 'konton'?") or the list of all. */
bool ytree_map_of(const struct ytree_reader *r, const struct ytree_node *m,
		  const struct ytree_key *keys, const char *list);
/* Whether v is of kind `kind`; an error naming key otherwise. */
bool ytree_want(const struct ytree_reader *r, const struct ytree_node *v, enum ytree_kind kind,
		const char *key);
/* The scalar under key into *out, NULL when absent or null; false when
 * the value is a list or a mapping. */
bool ytree_scalar(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		  const struct ytree_node **out);
/* m[key] as a yes/no flag ("ja"/"nej", "true"/"false"); *out untouched
 * when the key is absent. */
bool ytree_flag(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		bool *out);

/* Reads one item of a list into dst; false after reporting an error. */
typedef bool (*ytree_item_fn)(const struct ytree_reader *r, const struct ytree_node *item,
			      void *dst);
/* The list under key read by fn into a new array of `size`-byte items
 * (zeroed first; the caller frees *items); *n counts the items begun, so
 * that a failure leaves everything read for the caller to free. An
 * absent or empty list leaves *items untouched. */
bool ytree_list(const struct ytree_reader *r, const struct ytree_node *m, const char *key,
		size_t size, ytree_item_fn fn, void **items, size_t *n);

#endif
