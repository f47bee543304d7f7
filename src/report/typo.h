/*
 * typo — Swedish typography for figures in typeset output (HTML, PDF).
 *
 * Thousands are grouped with a narrow no-break space (U+202F), negative
 * figures take a real minus (U+2212), a percent sign follows a no-break
 * space ("48 %"), decimals take a comma ("3,80"). Terminal output keeps
 * ASCII (cli/output.c); this is for what is printed and read on paper.
 */
#ifndef FINSAM_REPORT_TYPO_H
#define FINSAM_REPORT_TYPO_H

#include <stddef.h>
#include <stdint.h>

#include "report/doc.h"

#define TYPO_BUF 64

/* "−4 271 231" (grouped integer). */
char *typo_int(int64_t v, char *buf, size_t size);
/* "48 %" from whole percent. */
char *typo_percent(int64_t whole, char *buf, size_t size);
/* "48 %" from hundredths of a percent, rounded half away from zero. */
char *typo_percent_bp(int64_t hundredths, char *buf, size_t size);
/* Whole percent from hundredths, rounded half away from zero. */
int64_t typo_whole_percent(int64_t hundredths);
/* "3,80" from hundredths. */
char *typo_decimal(int64_t hundredths, char *buf, size_t size);
/* A numeric cell as printed in a column of `type` ("" when it has no
 * value); text cells are not handled here. */
char *typo_cell(const struct doc_cell *c, enum doc_col_type type, char *buf, size_t size);

#endif
