/*
 * cli — the command table, option parsing, help, and shared plumbing; see
 * cli.h.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/output.h"
#include "followup/followup.h"
#include "plan/budget.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/xalloc.h"

extern const struct cli_command cmd_init, cmd_import, cmd_export, cmd_accounts, cmd_objects,
	cmd_balance, cmd_vouchers, cmd_imports, cmd_check, cmd_years, cmd_org, cmd_example,
	cmd_budget, cmd_forecast, cmd_members, cmd_contributions, cmd_scenario, cmd_goals,
	cmd_interventions, cmd_participants, cmd_followup, cmd_statement, cmd_mapping,
	cmd_report, cmd_user, cmd_changes, cmd_serve, cmd_help;

const struct cli_command *const cli_commands[] = {
	&cmd_example, &cmd_init,  &cmd_import, &cmd_export, &cmd_balance, &cmd_vouchers,
	&cmd_accounts, &cmd_objects, &cmd_years, &cmd_imports, &cmd_check,  &cmd_org,
	&cmd_budget,  &cmd_forecast, &cmd_members, &cmd_contributions, &cmd_scenario,
	&cmd_goals,   &cmd_interventions, &cmd_participants, &cmd_followup, &cmd_statement,
	&cmd_mapping, &cmd_report, &cmd_user, &cmd_changes, &cmd_serve, &cmd_help, NULL,
};

/* Options every command takes, after its own. */
static const struct cli_option common_options[] = {
	{ "db", 'd', "FIL", "databasen (standard: $FINSAM_DB eller ./finsam.db)" },
	{ "help", 'h', NULL, "visa hjälp för kommandot" },
	CLI_OPTIONS_END,
};

static size_t count_options(const struct cli_option *o)
{
	size_t n = 0;
	while (o && o[n].name)
		n++;
	return n;
}

static const struct cli_option *option_at(const struct cli_command *cmd, size_t i)
{
	size_t own = count_options(cmd->options);
	return i < own ? &cmd->options[i] : &common_options[i - own];
}

static ssize_t option_index(const struct cli_command *cmd, const char *name)
{
	size_t n = count_options(cmd->options) + count_options(common_options);
	for (size_t i = 0; i < n; i++)
		if (strcmp(option_at(cmd, i)->name, name) == 0)
			return (ssize_t)i;
	return -1;
}

const char *cli_value(const struct cli_args *a, const char *name)
{
	ssize_t i = option_index(a->cmd, name);
	if (i < 0)
		abort(); /* the command asked for an option it does not declare */
	return a->values[i];
}

bool cli_flag(const struct cli_args *a, const char *name)
{
	ssize_t i = option_index(a->cmd, name);
	if (i < 0)
		abort();
	return a->given[i];
}

/* ---- help ----------------------------------------------------------------- */

static void print_options(FILE *f, const struct cli_option *opts)
{
	/* "-y, --year ÅÅÅÅ" and "    --from DATUM": long names in one column. */
	for (size_t i = 0; opts && opts[i].name; i++) {
		char left[96], shortname[8] = "    ";
		if (opts[i].short_name)
			snprintf(shortname, sizeof shortname, "-%c, ", opts[i].short_name);
		snprintf(left, sizeof left, "%s--%s%s%s", shortname, opts[i].name,
			 opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		fputs("  ", f);
		out_padded(f, left, 26, false);
		fprintf(f, " %s\n", opts[i].help);
	}
}

void cli_print_help(FILE *f, const struct cli_command *cmd)
{
	if (!cmd) {
		fprintf(f, "finsam %s — bokföring, plan, uppföljning och rapporter för "
			   "samordningsförbund\n\n",
			FINSAM_VERSION);
		fprintf(f, "Användning: finsam [-d FIL] KOMMANDO [FLAGGOR] [ARGUMENT]\n\n");
		fprintf(f, "Kommandon:\n");
		for (size_t i = 0; cli_commands[i]; i++)
			fprintf(f, "  %-10s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
		fprintf(f, "\nFlaggor före kommandot:\n");
		print_options(f, common_options);
		fprintf(f, "  %-26s %s\n", "--version", "visa versionen");
		fprintf(f, "\n\"finsam KOMMANDO --help\" visar hjälp för ett kommando; "
			   "\"man finsam\" visar manualen.\n");
		return;
	}
	fprintf(f, "Användning: finsam %s%s%s%s\n\n%s\n", cmd->name,
		count_options(cmd->options) ? " [FLAGGOR]" : "", *cmd->args ? " " : "", cmd->args,
		cmd->summary);
	if (cmd->description)
		fprintf(f, "\n%s\n", cmd->description);
	fprintf(f, "\nFlaggor:\n");
	print_options(f, cmd->options);
	print_options(f, common_options);
}

/* ---- errors ---------------------------------------------------------------- */

int cli_fail(struct cli *cli, struct error *err)
{
	fprintf(cli->err, "finsam: %s\n", err->msg ? err->msg : "okänt fel");
	int status = err->code == ERR_USAGE	 ? EXIT_USAGE
		     : err->code == ERR_INTERNAL ? EXIT_INTERNAL
						 : EXIT_INPUT;
	error_clear(err);
	return status;
}

int cli_usage_error(struct cli *cli, const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("finsam: ", cli->err);
	vfprintf(cli->err, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(cli->err, "\nSe \"finsam %s --help\".\n", cmd->name);
	else
		fprintf(cli->err, "\nSe \"finsam --help\".\n");
	return EXIT_USAGE;
}

bool cli_parse_date(const char *opt, const char *s, date_t *out, struct error *err)
{
	if (!date_parse(s, strlen(s), out, NULL)) {
		error_set(err, ERR_USAGE, "--%s: \"%s\" är inget giltigt datum (ÅÅÅÅ-MM-DD)", opt, s);
		return false;
	}
	return true;
}

bool cli_parse_int(const char *opt, const char *s, long min, long max, long *out,
		   struct error *err)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < min || v > max) {
		error_set(err, ERR_USAGE, "--%s: \"%s\" är inget tal mellan %ld och %ld", opt, s, min,
			  max);
		return false;
	}
	*out = v;
	return true;
}

bool cli_write_output(struct cli *cli, const char *path,
		      bool (*write)(FILE *f, void *ctx, struct error *err), void *ctx,
		      struct error *err)
{
	if (!path || strcmp(path, "-") == 0)
		return write(cli->out, ctx, err);
	char *tmp = NULL;
	if (asprintf(&tmp, "%s.tmp-XXXXXX", path) < 0)
		abort();
	int fd = mkstemp(tmp);
	if (fd >= 0) {
		/* mkstemp makes the file private; give it the usual permissions. */
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f) {
		error_set(err, ERR_INPUT, "kan inte skriva %s: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return false;
	}
	bool ok = write(f, ctx, err);
	if (fclose(f) != 0 && ok) {
		error_set(err, ERR_INTERNAL, "kan inte skriva %s: %s", path, strerror(errno));
		ok = false;
	}
	if (ok && rename(tmp, path) != 0) {
		error_set(err, ERR_INPUT, "kan inte skriva %s: %s", path, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok;
}

int cli_action(struct cli *cli, const struct cli_args *a, const char *const *actions, int dflt)
{
	if (a->nrest == 0) {
		if (dflt >= 0)
			return dflt;
		cli_usage_error(cli, a->cmd, "ange vad som ska göras");
		return -1;
	}
	for (int i = 0; actions[i]; i++)
		if (strcmp(a->rest[0], actions[i]) == 0)
			return i;
	cli_usage_error(cli, a->cmd, "okänd åtgärd \"%s\"", a->rest[0]);
	return -1;
}

int cli_action_args(struct cli *cli, const struct cli_args *a, const char *const *actions,
		    const int *nargs, int dflt)
{
	int action = cli_action(cli, a, actions, dflt);
	if (action < 0)
		return -1;
	if (a->nrest > nargs[action] || (a->nrest && a->nrest < nargs[action])) {
		cli_usage_error(cli, a->cmd, "fel antal argument till %s", actions[action]);
		return -1;
	}
	return action;
}

bool cli_period(const struct cli_args *a, bool *given, date_t *from, date_t *to,
		struct error *err)
{
	const char *p = cli_value(a, "period");
	*given = p != NULL;
	if (!p || fu_period_parse(p, from, to))
		return true;
	error_set(err, ERR_USAGE,
		  "--period: \"%s\" är ingen period (2023, 2023H1, 2023H2 eller 2023-01-01..2023-03-31)",
		  p);
	return false;
}

bool cli_plan_year(struct cli *cli, const struct cli_args *a, int *year, struct error *err)
{
	const char *s = cli_value(a, "year");
	if (!s)
		return budget_default_year(&cli->store, year, err);
	long y;
	if (!cli_parse_int("year", s, 1900, 9999, &y, err))
		return false;
	*year = (int)y;
	return true;
}

bool cli_plan_period(struct cli *cli, const struct cli_args *a, int *year, date_t *to,
		     struct error *err)
{
	const char *to_text = cli_value(a, "to");
	*to = 0;
	if ((to_text && !cli_parse_date("to", to_text, to, err)) ||
	    !cli_plan_year(cli, a, year, err))
		return false;
	if (*to && *to / 10000 != *year) {
		error_set(err, ERR_USAGE, "--to ligger inte i %d", *year);
		return false;
	}
	return true;
}

bool cli_parse_amount(const char *what, const char *s, money_t *out, struct error *err)
{
	const char *why = NULL;
	if (csv_parse_amount(s, out, &why))
		return true;
	error_set(err, ERR_USAGE, "%s: \"%s\" är inget belopp: %s", what, s, why);
	return false;
}

bool cli_open_store(struct cli *cli, enum store_open_mode mode, struct error *err)
{
	if (cli->store_open)
		return true;
	if (!store_open(&cli->store, cli->db_path, mode, err))
		return false;
	cli->store_open = true;
	return true;
}

/* ---- dispatch ----------------------------------------------------------------- */

static const struct cli_command *find_command(const char *name)
{
	for (size_t i = 0; cli_commands[i]; i++)
		if (strcmp(cli_commands[i]->name, name) == 0)
			return cli_commands[i];
	return NULL;
}

static int run_command(struct cli *cli, const struct cli_command *cmd, int argc, char **argv)
{
	size_t n = count_options(cmd->options) + count_options(common_options);
	struct option *longopts = xcalloc(n + 1, sizeof *longopts);
	struct buf shortopts = BUF_INIT(0);
	buf_puts(&shortopts, ":"); /* options may also follow arguments */
	for (size_t i = 0; i < n; i++) {
		const struct cli_option *o = option_at(cmd, i);
		longopts[i] = (struct option){ o->name, o->arg ? required_argument : no_argument,
					       NULL, 256 + (int)i };
		if (o->short_name) {
			buf_putc(&shortopts, o->short_name);
			if (o->arg)
				buf_putc(&shortopts, ':');
		}
	}
	struct cli_args args = { .cmd = cmd };
	args.values = xcalloc(n + 1, sizeof *args.values);
	args.given = xcalloc(n + 1, sizeof *args.given);
	int status = EXIT_OK;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, buf_cstr(&shortopts), longopts, NULL)) != -1) {
		ssize_t i = -1;
		if (c >= 256) {
			i = c - 256;
		} else if (c == '?') {
			status = optopt ? cli_usage_error(cli, cmd, "okänd flagga -%c", optopt)
					: cli_usage_error(cli, cmd, "okänd flagga %s",
							  argv[optind - 1]);
			goto done;
		} else if (c == ':') {
			status = cli_usage_error(cli, cmd, "flaggan %s kräver ett värde",
						 argv[optind - 1]);
			goto done;
		} else {
			for (size_t k = 0; k < n && i < 0; k++)
				if (option_at(cmd, k)->short_name == c)
					i = (ssize_t)k;
		}
		if (i < 0)
			continue;
		args.given[i] = true;
		args.values[i] = optarg;
	}
	if (cli_flag(&args, "help")) {
		cli_print_help(cli->out, cmd);
		goto done;
	}
	if (cli_value(&args, "db"))
		cli->db_path = cli_value(&args, "db");
	args.rest = argv + optind;
	args.nrest = argc - optind;
	if (args.nrest < cmd->min_args) {
		status = cli_usage_error(cli, cmd, "%s kräver %s", cmd->name, cmd->args);
		goto done;
	}
	if (cmd->max_args >= 0 && args.nrest > cmd->max_args) {
		status = cli_usage_error(cli, cmd, "för många argument: %s", args.rest[cmd->max_args]);
		goto done;
	}
	status = cmd->run(cli, &args);
done:
	free(longopts);
	free(args.values);
	free(args.given);
	buf_free(&shortopts);
	return status;
}

int cli_main(int argc, char **argv)
{
	struct cli cli = { .argv = argv, .out = stdout, .err = stderr };
	const char *env = getenv("FINSAM_DB");
	cli.db_path = env && *env ? env : "finsam.db";

	/* Options before the command: -d FILE, --db FILE, --help, --version. */
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--version") == 0) {
			printf("finsam %s\n", FINSAM_VERSION);
			return EXIT_OK;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli_print_help(stdout, NULL);
			return EXIT_OK;
		}
		if (strcmp(a, "-d") == 0 || strcmp(a, "--db") == 0) {
			if (i + 1 >= argc)
				return cli_usage_error(&cli, NULL, "%s kräver ett filnamn", a);
			cli.db_path = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			cli.db_path = a + 5;
		} else {
			return cli_usage_error(&cli, NULL, "okänd flagga %s", a);
		}
	}
	if (i >= argc) {
		cli_print_help(stderr, NULL);
		return EXIT_USAGE;
	}
	const struct cli_command *cmd = find_command(argv[i]);
	if (!cmd)
		return cli_usage_error(&cli, NULL, "okänt kommando \"%s\"", argv[i]);
	int status = run_command(&cli, cmd, argc - i, argv + i);
	if (cli.store_open)
		store_close(&cli.store);
	if (fflush(stdout) != 0 && status == EXIT_OK) {
		fprintf(stderr, "finsam: kunde inte skriva utdata\n");
		status = EXIT_INTERNAL;
	}
	return status;
}
