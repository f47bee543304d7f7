/*
 * cli — the command table and what every command shares.
 *
 * Each command lives in its own cmd_*.c and exports one struct
 * cli_command: its name, arguments, options, help text and handler. The
 * table in cli.c lists them all; option parsing, --help and the check
 * that the man page names every command and option are all driven by it,
 * so they cannot drift apart (the tmux model).
 *
 * Handlers are thin: they parse arguments, call the books/ layer and
 * format its answer. No accounting rule lives here.
 */
#ifndef FINSAM_CLI_H
#define FINSAM_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "store/store.h"
#include "util/date.h"
#include "util/error.h"
#include "util/money.h"

/* Exit statuses (see finsam(1)). */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,
	EXIT_USAGE = 2,
	EXIT_INTERNAL = 3,
};

struct cli_option {
	const char *name;  /* long name, without "--" */
	char short_name;   /* single letter, or 0 */
	const char *arg;   /* placeholder of its value ("FIL"), NULL for a flag */
	const char *help;  /* one line, Swedish */
};

#define CLI_OPTIONS_END { NULL, 0, NULL, NULL }

/* The parsed command line of one command. */
struct cli_args {
	const struct cli_command *cmd;
	const char **values;  /* per option of cmd->options: its value, or NULL */
	bool *given;          /* per option: whether it was given */
	char **rest;          /* positional arguments */
	int nrest;
};

/* What every handler gets. */
struct cli {
	char **argv;          /* the command line as given (for full_exec.c) */
	const char *db_path;  /* -d/--db, FINSAM_DB, or "finsam.db" */
	FILE *out;            /* standard output */
	FILE *err;            /* standard error */
	struct store store;   /* opened by cli_open_store */
	bool store_open;
};

struct cli_command {
	const char *name;
	const char *args;        /* synopsis of the arguments, "" for none */
	const char *summary;     /* one line for the command list */
	const char *description; /* paragraphs for COMMAND --help, may be NULL */
	const struct cli_option *options; /* ends with CLI_OPTIONS_END */
	int min_args, max_args;  /* positional arguments allowed; max -1: no limit */
	int (*run)(struct cli *cli, const struct cli_args *args);
};

/* The work of the two commands that need the rendering and web libraries
 * (pango, cairo, libxlsxwriter, libmicrohttpd). The full binary,
 * finsam-full, has them; the finsam that users run does not load those
 * libraries (they cost most of its start) and runs these two by executing
 * finsam-full with the same command line (cli/full_exec.c). */
int cmd_report_run(struct cli *cli, const struct cli_args *a);
int cmd_serve_run(struct cli *cli, const struct cli_args *a);

/* Every command, in the order --help lists them; ends with NULL. */
extern const struct cli_command *const cli_commands[];

/* Entry point for main(). */
int cli_main(int argc, char **argv);

/* The value of option `name`, or NULL when not given. */
const char *cli_value(const struct cli_args *a, const char *name);
/* Whether option `name` was given. */
bool cli_flag(const struct cli_args *a, const char *name);

/* Open the store at cli->db_path; STORE_CREATE creates it if missing. */
bool cli_open_store(struct cli *cli, enum store_open_mode mode, struct error *err);

/* Report an error on stderr ("finsam: message") and return its exit status. */
int cli_fail(struct cli *cli, struct error *err);
/* Report a usage error and return EXIT_USAGE. */
int cli_usage_error(struct cli *cli, const struct cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Parsers for option values; on failure they set err (ERR_USAGE). */
bool cli_parse_date(const char *opt, const char *s, date_t *out, struct error *err);
bool cli_parse_int(const char *opt, const char *s, long min, long max, long *out,
		   struct error *err);

/* Write through `write` to `path` (NULL or "-": standard output): to a
 * temporary file beside it, renamed into place only when everything was
 * written, so a failed export never leaves half a file. */
bool cli_write_output(struct cli *cli, const char *path,
		      bool (*write)(FILE *f, void *ctx, struct error *err), void *ctx,
		      struct error *err);

/* The action a command's first argument names, among `actions` (ending
 * with NULL); `dflt` when there is no argument. -1 after reporting a
 * usage error. */
int cli_action(struct cli *cli, const struct cli_args *a, const char *const *actions, int dflt);

/* cli_action, and the number of arguments (the action's name included)
 * the action takes, nargs[action]; -1 after reporting a usage error. The
 * default action may also be given with no arguments at all. */
int cli_action_args(struct cli *cli, const struct cli_args *a, const char *const *actions,
		    const int *nargs, int dflt);

/* --period as a follow-up period (2023, 2023H1, 2023-01-01..2023-03-31);
 * *given false (from, to untouched) when it is not given. */
bool cli_period(const struct cli_args *a, bool *given, date_t *from, date_t *to,
		struct error *err);

/* --year as a calendar year, or the plan's default year (budget_default_year). */
bool cli_plan_year(struct cli *cli, const struct cli_args *a, int *year, struct error *err);

/* The plan year (cli_plan_year) and --to, which must lie in it (0 when not
 * given); the store must be open. */
bool cli_plan_period(struct cli *cli, const struct cli_args *a, int *year, date_t *to,
		     struct error *err);

/* Parse an amount typed on the command line the Swedish way ("1 200 000",
 * "280854,50"); the error names the option. */
bool cli_parse_amount(const char *what, const char *s, money_t *out, struct error *err);

/* Print the help of one command, or of the whole program (cmd NULL). */
void cli_print_help(FILE *f, const struct cli_command *cmd);

#endif
