/*
 * placeholder — finding and parsing the {{ … }} of a report template.
 *
 * A placeholder is a name and arguments between double braces:
 *
 *     {{ nyckeltal kostnader }}
 *     {{ insatskort MTL }}
 *     {{ belopp rr "Verksamhetens intäkter" kolumn=jämförelse }}
 *
 * Arguments are words or "quoted text" (\" and \\ inside quotes), each
 * either positional or key=value. ph_scan finds them all in a template's
 * text and replaces each by a token that the Markdown parser leaves alone
 * (U+E000, the placeholder's index, U+E001), so placeholders survive
 * parsing wherever they stand and keep the line and column where the
 * writer put them, for error messages.
 */
#ifndef FINSAM_REPORT_PLACEHOLDER_H
#define FINSAM_REPORT_PLACEHOLDER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

#define PH_TOKEN_OPEN "\xee\x80\x80"  /* U+E000 */
#define PH_TOKEN_CLOSE "\xee\x80\x81" /* U+E001 */
/* The most placeholders one template may hold. */
#define PH_MAX 10000

struct ph_arg {
	char *key;              /* NULL for a positional argument */
	char *value;
};

struct placeholder {
	char *name;
	struct ph_arg *args;
	size_t nargs;
	long line, col;         /* where "{{" stands, 1-based */
};

struct ph_list {
	struct placeholder *v;
	size_t n, cap;
};

/* Find every placeholder in text[0..len) (a template whose first
 * `first_line - 1` lines were cut away: its header). On success *out_text
 * is the text with tokens in their place (malloc'd) and `list` holds the
 * placeholders; on error (unclosed braces, a bad quote, an empty name) err
 * names file:line:col. */
bool ph_scan(const char *text, size_t len, const char *file, long first_line,
	     struct ph_list *list, char **out_text, struct error *err);
void ph_list_free(struct ph_list *l);

/* The positional argument i, or NULL. */
const char *ph_pos(const struct placeholder *p, size_t i);
size_t ph_npos(const struct placeholder *p);
/* The value of key=value, or NULL. */
const char *ph_opt(const struct placeholder *p, const char *key);

/* If s starts with a token, its index and length in bytes; else false. */
bool ph_token_at(const char *s, size_t *index, size_t *len);

#endif
