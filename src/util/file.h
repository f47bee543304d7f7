/*
 * file — a whole input file read into memory, with a size limit, for the
 * readers that parse from memory (CSV, the follow-up's YAML). A directory
 * is refused, a regular file over the limit before it is read, and a pipe
 * when it has given more than the limit.
 */
#ifndef FINSAM_UTIL_FILE_H
#define FINSAM_UTIL_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* Read path into *data (NUL-terminated, *len bytes before the NUL; free
 * it, also on failure). More than max bytes is an error with the text
 * too_big; a file that cannot be opened or read, or a directory, is an
 * error naming the file (ERR_INPUT). */
bool file_read_all(const char *path, size_t max, const char *too_big, char **data, size_t *len,
		   struct error *err);

#endif
