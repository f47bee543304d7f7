/*
 * error — failures as values.
 *
 * A function that can fail takes a `struct error *` owned by its caller,
 * fills it and returns false (or -1). The message is Swedish, written for
 * the person who will read it, and carries the file and line where the
 * problem is when there is one ("budget.csv:12: ..."). Parsers never
 * print; the command that called them decides how to report.
 *
 * The code doubles as the process exit status (see error_exit_status).
 */
#ifndef FINSAM_UTIL_ERROR_H
#define FINSAM_UTIL_ERROR_H

#include <stdbool.h>

enum err_code {
	ERR_NONE = 0,
	ERR_INPUT = 1,    /* the input (a file, an argument's value) was wrong */
	ERR_USAGE = 2,    /* the command line was wrong */
	ERR_INTERNAL = 3, /* a fault of finsam or its environment (disk, database) */
};

struct error {
	enum err_code code; /* ERR_NONE while nothing has failed */
	char *file;         /* file the problem is in, or NULL */
	long line;          /* 1-based line in `file`, or 0 */
	char *text;         /* the message without location */
	char *msg;          /* "file:line: text" (or "file:line:column: text"), or just text */
};

#define ERROR_INIT { ERR_NONE, NULL, 0, NULL, NULL }

/* Record a failure. The first failure wins: later calls on an error that
 * is already set are ignored, so the root cause is what gets reported. */
void error_set(struct error *e, enum err_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Record a failure located at file:line (line 0: the file as a whole). */
void error_set_at(struct error *e, enum err_code code, const char *file, long line,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The same at file:line:column (1-based column; 0: none): the message
 * reads "file:line:column: text". The struct keeps file and line. */
void error_set_at_col(struct error *e, enum err_code code, const char *file, long line,
		      long column, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* True when a failure has been recorded. */
bool error_isset(const struct error *e);
/* Free the message and make the error empty again. */
void error_clear(struct error *e);
/* Move src into dst (dst must be empty); src is left empty. */
void error_move(struct error *dst, struct error *src);

#endif
