/*
 * docsample — a document tree with one of everything, for the renderers'
 * tests: cover, table of contents, numbered headings, paragraphs with
 * live figures, lists, a statement with note references, a table long
 * enough to break across pages, a card, a goal matrix with statuses, a
 * chart of each kind and the signature block.
 */
#ifndef FINSAM_TESTS_DOCSAMPLE_H
#define FINSAM_TESTS_DOCSAMPLE_H

#include "report/doc.h"

/* Rows in the long table "lang-tabell" (enough for two or more A4 pages). */
#define DOCSAMPLE_LONG_ROWS 120

void docsample_build(struct doc *d);

#endif
