/*
 * followup/yaml — the follow-up as a human-editable text file (YAML 1.1
 * through libyaml), read and written; the format is docs/followup.md.
 *
 * Reading builds a struct followup_doc and checks only what the format
 * itself says (known keys, value types, names of kinds, measures, sources
 * and statuses, periods and dates, numbers and percentages written the
 * Swedish way, no personnummer in any text of the statistics or the
 * categories); the sums and the rules between figures are fu_stats_check's,
 * run when the document is saved. Every error carries file:line:column of
 * the value that is wrong ("uppfoljning.yaml:14:12: ...", 1-based) and
 * the first error wins. Input is capped (FU_YAML_MAX bytes, FU_TEXT_MAX a
 * text), and nothing is stored by reading.
 *
 * Writing produces the canonical form: sections and keys in the documented
 * order, absent values left out, block scalars (|) for multi-line text.
 * Reading what was written gives the same document, and writing it again
 * the same bytes (the round trip the tests prove).
 */
#ifndef FINSAM_FOLLOWUP_YAML_H
#define FINSAM_FOLLOWUP_YAML_H

#include <stdbool.h>
#include <stdio.h>

#include "followup/followup.h"
#include "util/error.h"

/* The largest file read, in bytes. */
#define FU_YAML_MAX (16 * 1024 * 1024)

/* Read the document in `path` into out (followup_doc_init'ed by the call;
 * free it even on failure); messages name the file by `path`. */
bool fu_yaml_read_file(const char *path, struct followup_doc *out, struct error *err);
/* The same from memory (len bytes of text); `name` for messages. */
bool fu_yaml_read(const char *text, size_t len, const char *name, struct followup_doc *out,
		  struct error *err);

/* Write doc in the canonical form to f; ERR_INTERNAL on a write error. */
bool fu_yaml_write(FILE *f, const struct followup_doc *doc, struct error *err);

#endif
