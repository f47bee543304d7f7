/*
 * forecast_view — the forecast table as `finsam forecast show` prints it,
 * shared with `finsam statement forecast` (both print the same table, in
 * the same three formats, with the same facts and notes).
 */
#ifndef FINSAM_CLI_FORECAST_VIEW_H
#define FINSAM_CLI_FORECAST_VIEW_H

#include <stdbool.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "plan/forecast.h"

/* Print ft (from forecast_compute) to cli->out in fmt: the report's four
 * columns for people, every figure with the row's kind, level and method
 * for programs (docs/output.md). ERR_INTERNAL on a write error. */
bool forecast_view_print(struct cli *cli, const struct forecast_table *ft, enum out_format fmt,
			 struct error *err);

#endif
