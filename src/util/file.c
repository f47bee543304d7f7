/*
 * file — a whole input file into memory, within a limit. See file.h.
 */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

bool file_read_all(const char *path, size_t max, const char *too_big, char **data, size_t *len,
		   struct error *err)
{
	*data = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		error_set_at(err, ERR_INPUT, path, 0, "kan inte öppna filen: %s", strerror(errno));
		return false;
	}
	struct stat sb;
	bool ok = true;
	bool known = fstat(fd, &sb) == 0;
	if (known && S_ISDIR(sb.st_mode)) {
		error_set_at(err, ERR_INPUT, path, 0, "är en katalog, inte en fil");
		ok = false;
	} else if (known && S_ISREG(sb.st_mode) && (uintmax_t)sb.st_size > max) {
		error_set_at(err, ERR_INPUT, path, 0, "%s", too_big);
		ok = false;
	}
	/* Read to the end, whatever fstat said: the file may be a pipe. */
	size_t cap = 0;
	while (ok) {
		*data = xgrow(*data, &cap, *len + 64 * 1024 + 1, 1);
		ssize_t got = read(fd, *data + *len, cap - *len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			error_set_at(err, ERR_INPUT, path, 0, "kan inte läsa filen: %s",
				     strerror(errno));
			ok = false;
		} else if (got == 0) {
			break;
		} else if ((*len += (size_t)got) > max) {
			error_set_at(err, ERR_INPUT, path, 0, "%s", too_big);
			ok = false;
		}
	}
	close(fd);
	if (*data)
		(*data)[*len] = '\0';
	return ok;
}
