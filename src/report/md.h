/*
 * md — CommonMark (cmark) into the document tree's runs and blocks.
 *
 * Used twice: by the template (report/template.c), whose text becomes
 * headings, paragraphs and lists with placeholder tokens in them, and for
 * the Markdown texts the follow-up keeps (an intervention card's
 * "Syfte", "Genomförda aktiviteter" …), which become the rich text of a
 * table cell: paragraphs separated by an empty line, list items as
 * bullets, emphasis kept.
 */
#ifndef FINSAM_REPORT_MD_H
#define FINSAM_REPORT_MD_H

#include <cmark.h>
#include <stdbool.h>

#include "report/doc.h"
#include "util/error.h"

/* Called for each placeholder token met in text: append what it stands
 * for to `runs` (with `style` added). NULL: tokens stay as text. */
typedef bool (*md_token_fn)(void *ctx, size_t index, struct doc_runs *runs, unsigned style,
			    struct error *err);

/* Append the inline content of `parent` (a paragraph, heading, item …)
 * to `runs`. */
bool md_inlines(struct doc *d, cmark_node *parent, struct doc_runs *runs, unsigned style,
		md_token_fn fn, void *ctx, struct error *err);

/* A Markdown text as the rich text of a table cell, appended to `runs`;
 * its first paragraph continues what `runs` already holds. */
void md_cell_runs(struct doc *d, const char *markdown, struct doc_runs *runs);

#endif
