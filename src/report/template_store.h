/*
 * template_store — report templates kept in the store by name (table
 * report_template, docs/store.md), for the web's Rapport page and
 * `finsam report save/load`.
 *
 * A template is saved only when it builds (report_build against the
 * store as it is), so the store holds no template with an unknown
 * placeholder or a broken header. The name REPORT_TEMPLATE_DEFAULT,
 * while nothing is stored under it, stands for the bundled example's
 * template (examples/lekeberg-orebro/rapport.md), the starting text.
 */
#ifndef FINSAM_REPORT_TEMPLATE_STORE_H
#define FINSAM_REPORT_TEMPLATE_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "report/doc.h"
#include "store/store.h"
#include "util/error.h"

#define REPORT_TEMPLATE_MAX (4 * 1024 * 1024) /* bytes of a template's text */
#define REPORT_TEMPLATE_NAME_MAX 64           /* characters of a name */
#define REPORT_TEMPLATE_DEFAULT "rapport"     /* the name the web opens */

struct report_template {
	char *name;
	char *text;       /* NUL-terminated; len bytes before the NUL */
	size_t len;
	char *updated;    /* when saved (UTC), "" for the example */
	char *updated_by; /* the web user who saved it; "" from the CLI and for the example */
	bool stored;      /* false: the bundled example, not (yet) in the store */
};

/* Whether name may name a template: 1–REPORT_TEMPLATE_NAME_MAX
 * characters of UTF-8, no control character, no '/', no space first or
 * last. err says why not (ERR_INPUT). */
bool report_template_name_ok(const char *name, struct error *err);

/* The template stored under name: *found false (and out zeroed) when
 * there is none. Free with report_template_free. */
bool report_template_get(struct store *st, const char *name, struct report_template *out,
			 bool *found, struct error *err);

/* The template under name, or for REPORT_TEMPLATE_DEFAULT with nothing
 * stored the bundled example (stored false); *found false otherwise. */
bool report_template_load(struct store *st, const char *name, struct report_template *out,
			  bool *found, struct error *err);

/* The names stored, in order; free with report_template_names_free. */
bool report_template_names(struct store *st, char ***names, size_t *n, struct error *err);
void report_template_names_free(char **names, size_t n);

/* Build t into *doc (report_build with the name as the file name in
 * messages: "rapport:6:58: okänd platshållare …"). *doc is initialised
 * here and freed by the caller, also on failure. */
bool report_template_build(struct store *st, const struct report_template *t, struct doc *doc,
			   struct error *err);

/* What to save: text under name, saved by user ("" from the CLI); file
 * names the text in messages ("mall.md:6:58: …"), NULL: the name. */
struct report_template_new {
	const char *name;
	const char *text;
	size_t len;
	const char *user;
	const char *file;
};

/* Check the text (a good name, UTF-8 without NUL, at most
 * REPORT_TEMPLATE_MAX bytes, and a build) and store it, replacing what
 * was there under the name; *old_text (may be NULL) gets the text it
 * replaced, NULL when there was none (free it). Runs in the caller's
 * transaction, so a change-log row can go with it; on failure nothing is
 * written. */
bool report_template_put(struct store *st, const struct report_template_new *t, char **old_text,
			 struct error *err);

/* report_template_put in a transaction of its own (the CLI). */
bool report_template_save(struct store *st, const struct report_template_new *t,
			  struct error *err);

void report_template_free(struct report_template *t);

#endif
