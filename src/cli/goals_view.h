/*
 * goals_view — `finsam goals [list]` and `finsam goals remove OMRÅDE`: the
 * förbund's goal areas and goals (verksamhetsmål) with their status, and
 * the financial goals of the plan evaluated against the year's forecast.
 * Part of the goals command (cmd_goals.c dispatches here).
 */
#ifndef FINSAM_CLI_GOALS_VIEW_H
#define FINSAM_CLI_GOALS_VIEW_H

#include "cli/cli.h"

/* Run `goals`, `goals list` or `goals remove OMRÅDE`; the exit status. */
int goals_view_run(struct cli *cli, const struct cli_args *a);

#endif
