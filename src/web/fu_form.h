/*
 * fu_form — what the follow-up's forms (Insatser, Mål) share: reading a
 * text or a whole number from a form's fields the way the follow-up's
 * text file is read (the same limits, messages in the same words), filling
 * fields from stored values so that one renderer serves a stored record
 * and a form sent back with an error, and the labelled inputs themselves.
 */
#ifndef FINSAM_WEB_FU_FORM_H
#define FINSAM_WEB_FU_FORM_H

#include <stdbool.h>
#include <stdint.h>

#include "followup/stats.h"
#include "util/error.h"
#include "web/app.h"

/* Field `name` of fs as text in *out (free it; "" when absent), with
 * the browser's CRLF line ends made LF, and, with trim, without the
 * spaces around it. ERR_INPUT "<label>: ..." (and *out NULL) when it
 * holds a NUL byte or is longer than FU_TEXT_MAX bytes. */
bool fu_form_text(const struct web_fields *fs, const char *name, const char *label, bool trim,
		  char **out, struct error *err);

/* Field `name` as a whole number, maybe negative, spaces around it
 * ignored: *has false when it is empty or absent. ERR_INPUT "<label>:
 * <why> (inte ”...”)" when it is something else. */
bool fu_form_integer(const struct web_fields *fs, const char *name, const char *label,
		     const char *why, bool *has, int64_t *out, struct error *err);

/* Field `name` as a count of the statistics (0–FU_COUNT_MAX), as the
 * text file reads one: *has false when empty or absent; ERR_INPUT
 * "<label>: " FU_COUNT_MSG " (inte ”...”)" when it is something else. */
bool fu_form_count(const struct web_fields *fs, const char *name, const char *label, bool *has,
		   int64_t *out, struct error *err);

/* Field `name` without the spaces around it ("" when absent); free it. */
char *fu_form_trimmed(const struct web_fields *fs, const char *name);

/* Add a field holding a number ("" when !has), or a text (NULL: ""). */
void fu_form_add_int(struct web_fields *fs, const char *name, bool has, int64_t v);
void fu_form_add_text(struct web_fields *fs, const char *name, const char *v);

/* out = the fields of `stored`, each with the value `sent` has for it
 * when it has the field at all: what a form that leaves fields out
 * changes. */
void fu_form_overlay(const struct web_fields *stored, const struct web_fields *sent,
		     struct web_fields *out);

/* <div><label for=id>label</label><input id=id name=name value=...></div>
 * with the value of field `name` in fs (escaped); attrs are raw extra
 * attributes (may be NULL). */
void fu_form_input(struct web_ctx *c, const struct web_fields *fs, const char *id,
		   const char *name, const char *label, const char *attrs);
/* The same with the value given (NULL: ""). */
void fu_form_input_value(struct web_ctx *c, const char *id, const char *name, const char *label,
			 const char *value, const char *attrs);
/* The same with a <textarea>. */
void fu_form_textarea(struct web_ctx *c, const struct web_fields *fs, const char *id,
		      const char *name, const char *label);
/* <input type=hidden name=name value=value> (escaped). */
void fu_form_hidden(struct web_ctx *c, const char *name, const char *value);

/* A message box of kind "fel": `text`, and under it the findings of the
 * checks (f may be NULL), each "fel: ..." or "varning: ..." as the CLI
 * prints them; all escaped. */
void fu_form_errors(struct web_ctx *c, const char *text, const struct fu_findings *f);

#endif
