/*
 * render — choosing a backend by file name, and writing its output through
 * a temporary file that is renamed into place; see render.h.
 *
 * The backend writes a file of its own (libxlsxwriter and cairo insist on
 * a path), so render_file makes a private temporary name beside the
 * target, lets the backend write there, flushes it to disk and renames it
 * over the target. rename(2) within one directory is atomic: a reader sees
 * the old file or the complete new one, never half of either, and a failed
 * render leaves an existing target as it was.
 *
 * render_bytes, for the web's downloads, lets the backend write into a
 * private temporary directory (mkdtemp: mode 0700) and reads the file
 * back, so no other user of the machine sees or swaps it.
 */
#include "render/render.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file.h"
#include "util/xalloc.h"

/* The extensions render_for_path knows, compared without regard to case. */
static const struct {
	const char *ext;
	const struct renderer *r;
} by_extension[] = {
	{ ".html", &render_html },
	{ ".htm", &render_html },
	{ ".pdf", &render_pdf },
	{ ".xlsx", &render_xlsx },
};

const struct renderer *render_for_path(const char *path)
{
	if (!path)
		return NULL;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base)
		return NULL;
	for (size_t i = 0; i < sizeof by_extension / sizeof by_extension[0]; i++)
		if (strcasecmp(dot, by_extension[i].ext) == 0)
			return by_extension[i].r;
	return NULL;
}

/* The directory part of path ("." when it has none), allocated. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Flush a written file to disk; false with errno set on failure. */
static bool sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	int rc = fsync(fd);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc == 0;
}

/* Make the rename itself durable. Best effort: the file is complete and
 * in place either way, and some file systems refuse fsync on a directory. */
static void sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

bool render_file(const struct renderer *r, struct doc *d, const char *path, struct error *err)
{
	if (!r || !path || !*path) {
		error_set(err, ERR_USAGE, "ingen utdatafil eller inget format angivet");
		return false;
	}
	char *tmp = xasprintf("%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		error_set(err, ERR_INPUT, "kan inte skriva %s: %s", path, strerror(errno));
		free(tmp);
		return false;
	}
	/* mkstemp makes the file private; give it the usual permissions. */
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	close(fd);

	/* The backend's message is about the temporary file; the reader wants
	 * the target's name. */
	struct error werr = ERROR_INIT;
	bool ok = r->write(d, tmp, &werr) && !error_isset(&werr);
	if (!ok)
		error_set(err, error_isset(&werr) ? werr.code : ERR_INTERNAL, "kan inte skriva %s: %s",
			  path, error_isset(&werr) ? werr.msg : "okänt fel i utdataformatet");
	error_clear(&werr);
	if (ok && !sync_file(tmp)) {
		error_set(err, ERR_INTERNAL, "kan inte skriva %s: %s", path, strerror(errno));
		ok = false;
	}
	if (ok && rename(tmp, path) != 0) {
		error_set(err, ERR_INPUT, "kan inte skriva %s: %s", path, strerror(errno));
		ok = false;
	}
	if (ok)
		sync_dir(path);
	else
		unlink(tmp);
	free(tmp);
	return ok;
}

/* The system's directory for temporary files. */
static const char *temp_root(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t == '/' ? t : "/tmp";
}

bool render_bytes(const struct renderer *r, struct doc *d, struct buf *out, struct error *err)
{
	char *dir = xasprintf("%s/finsam-render-XXXXXX", temp_root());
	if (!mkdtemp(dir)) {
		error_set(err, ERR_INTERNAL, "kan inte skapa en tillfällig katalog i %s: %s",
			  temp_root(), strerror(errno));
		free(dir);
		return false;
	}
	char *path = xasprintf("%s/rapport%s", dir, r->extension);
	struct error werr = ERROR_INIT;
	bool ok = r->write(d, path, &werr) && !error_isset(&werr);
	if (!ok)
		error_set(err, ERR_INTERNAL, "kan inte skriva rapporten som %s: %s", r->name,
			  error_isset(&werr) ? werr.msg : "okänt fel i utdataformatet");
	error_clear(&werr);
	char *data = NULL;
	size_t len = 0;
	if (ok) {
		ok = file_read_all(path, RENDER_BYTES_MAX, "rapporten blev för stor", &data, &len, err);
		if (ok && !buf_append(out, data, len)) {
			error_set(err, ERR_INTERNAL, "rapporten får inte plats i svaret");
			ok = false;
		}
	}
	free(data);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	return ok;
}
