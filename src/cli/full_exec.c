/*
 * full_exec — in the light finsam binary: `finsam report` and `finsam
 * serve` run in finsam-full, the same program with the rendering and web
 * libraries linked in (cli.h). This file stands in for their work: it
 * executes finsam-full with the very same command line, so the process
 * (its PID, signals, exit status) simply becomes the full program.
 *
 * finsam-full is looked for beside this binary (the build tree), then in
 * ../libexec/finsam/ relative to it (`make install`).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/xalloc.h"

/* Execute finsam-full; returns only on failure. */
static int exec_full(struct cli *cli)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0) {
		fprintf(cli->err, "finsam: hittar inte det egna programmet (/proc/self/exe): %s\n",
			strerror(errno));
		return EXIT_INTERNAL;
	}
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	*slash = '\0';
	static const char *const places[] = { "/finsam-full", "/../libexec/finsam/finsam-full" };
	int saved = ENOENT;
	char *tried = NULL;
	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
		char *path = xasprintf("%s%s", self, places[i]);
		execv(path, cli->argv);
		saved = errno;
		free(tried);
		tried = path;
	}
	fprintf(cli->err,
		"finsam: kan inte starta finsam-full, som bygger rapporter och kör webben (%s: %s); "
		"installera med \"make install\"\n",
		tried, strerror(saved));
	free(tried);
	return EXIT_INTERNAL;
}

int cmd_report_run(struct cli *cli, const struct cli_args *a)
{
	(void)a;
	return exec_full(cli);
}

int cmd_serve_run(struct cli *cli, const struct cli_args *a)
{
	(void)a;
	return exec_full(cli);
}
