/*
 * chart — the report's charts drawn with cairo, once for every output:
 * into a PDF page (pdf.c) and as inline SVG for HTML (html.c), from the
 * same drawing code, so the two cannot differ.
 *
 * Bars (grouped per category), lines (with dashed reference series such
 * as the equity ceiling) and stacked bars; axis labels and legends set
 * with pango in Swedish typography.
 */
#ifndef FINSAM_RENDER_CHART_H
#define FINSAM_RENDER_CHART_H

#include <cairo.h>

#include "report/doc.h"
#include "util/error.h"

/* Draw `c` into the rectangle (x, y, w, h) of `cr`, in points. */
void chart_draw(cairo_t *cr, const struct doc_chart *c, double x, double y, double w, double h);

/* The chart as an SVG document of w × h points (malloc'd, caller frees);
 * NULL with err set on failure. */
char *chart_svg(const struct doc_chart *c, double w, double h, struct error *err);

#endif
