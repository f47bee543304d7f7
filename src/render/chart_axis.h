/*
 * chart_axis — the value axis of a chart: where the ticks go and in what
 * unit they are printed. Internal to render/chart.c; a header of its own
 * so the unit tests can check the arithmetic without drawing.
 *
 * Ticks fall on "nice" steps (1, 2, 2,5 or 5 × 10^n, never below 1), the
 * axis always includes zero, and large amounts in kronor are printed in
 * tkr or mnkr so that the tick labels stay short whole numbers.
 */
#ifndef FINSAM_RENDER_CHART_AXIS_H
#define FINSAM_RENDER_CHART_AXIS_H

#include <stdint.h>

/* Axis values are in axis units: the chart's values divided by its scale
 * (kronor for amounts in öre, persons for counts). */
struct chart_axis {
	int64_t lo, hi;   /* the axis' ends, multiples of step; lo <= 0 <= hi, lo < hi */
	int64_t step;     /* distance between ticks, >= 1 */
	int64_t div;      /* printed figures are value / div: 1, 1 000 (tkr) or
			   * 1 000 000 (mnkr); always divides step */
	const char *unit; /* the unit printed with the axis: the chart's own
			   * ("kr", "personer", "" for none) or "tkr"/"mnkr";
			   * static or the caller's string */
};

/* Fit an axis over [min, max] (axis units; clamped to ±10^15) with about
 * `target` intervals between ticks (at least 1). `unit` is the chart's
 * unit or NULL. Ticks are lo, lo + step, …, hi. Never fails. */
void chart_axis_fit(int64_t min, int64_t max, int target, const char *unit,
		    struct chart_axis *ax);

#endif
