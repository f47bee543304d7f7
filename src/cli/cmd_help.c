/*
 * cmd_help — `finsam help [COMMAND]`, the same text as --help.
 */
#include <string.h>

#include "cli/cli.h"

static const struct cli_option options[] = {
	CLI_OPTIONS_END,
};

static int run(struct cli *cli, const struct cli_args *a)
{
	if (a->nrest == 0) {
		cli_print_help(cli->out, NULL);
		return EXIT_OK;
	}
	for (size_t i = 0; cli_commands[i]; i++)
		if (strcmp(cli_commands[i]->name, a->rest[0]) == 0) {
			cli_print_help(cli->out, cli_commands[i]);
			return EXIT_OK;
		}
	return cli_usage_error(cli, NULL, "okänt kommando \"%s\"", a->rest[0]);
}

const struct cli_command cmd_help = {
	.name = "help",
	.args = "[KOMMANDO]",
	.summary = "visa hjälp för finsam eller ett kommando",
	.description = NULL,
	.options = options,
	.min_args = 0,
	.max_args = 1,
	.run = run,
};
