/*
 * import_report — tells the user what an import did: the file, its year
 * and counts, what changed since the previous import, and the warnings
 * (on standard error, as "file:line: varning: ...").
 */
#ifndef FINSAM_CLI_IMPORT_REPORT_H
#define FINSAM_CLI_IMPORT_REPORT_H

#include "books/import.h"
#include "cli/cli.h"

void import_report_print(FILE *out, FILE *warn, const char *path, const struct import_result *res);

#endif
