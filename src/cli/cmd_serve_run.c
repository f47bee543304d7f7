/*
 * cmd_serve_run — the work of `finsam serve` (docs/web.md): check the
 * options and start the server. In the full binary (cli/full_exec.c).
 */
#include "cli/cli.h"
#include "web/server.h"


int cmd_serve_run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	char base[256];
	long threads = WEB_DEFAULT_THREADS, max_mb = WEB_DEFAULT_MAX_BODY >> 20;
	const char *base_opt = cli_value(a, "base-path");
	if (!web_base_path_parse(base_opt ? base_opt : "", base, sizeof base, &err) ||
	    (cli_value(a, "threads") &&
	     !cli_parse_int("threads", cli_value(a, "threads"), 1, 256, &threads, &err)) ||
	    (cli_value(a, "max-body") &&
	     !cli_parse_int("max-body", cli_value(a, "max-body"), 1, 4096, &max_mb, &err)))
		return cli_fail(cli, &err);
	/* The store must exist and be migrated before the threads open it. */
	if (!cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	const struct web_serve_options opt = {
		.db_path = cli->db_path,
		.listen = cli_value(a, "listen") ? cli_value(a, "listen") : WEB_DEFAULT_LISTEN,
		.base_path = base,
		.proxy = cli_flag(a, "proxy"),
		.threads = (unsigned)threads,
		.max_body = (size_t)max_mb << 20,
		.log = cli->err,
		.out = cli->out,
	};
	if (!web_serve(&opt, &err))
		return cli_fail(cli, &err);
	return EXIT_OK;
}
