/*
 * chart — the report's charts drawn with cairo and pango; see chart.h.
 *
 * From the top of the rectangle down: the title (bold, at most two
 * lines), the legend (rows of swatch and series name), then the plot
 * with its value axis and category names. Every size derives from the
 * rectangle (the base font size from its width and height), so the same
 * code draws a 300-pt figure in HTML and a full-width figure in the PDF.
 *
 * Bars run horizontally, with the category names on the left where long
 * Swedish names have room, unless every name fits on one line under its
 * bar (years, short codes); lines always run left to right. The value
 * axis always includes zero (honest bars, and a zero line to read
 * negative figures against), ticks at 1, 2, 2,5, 5 × 10^n, and switches
 * to tkr or mnkr when amounts are large (chart_axis_fit).
 *
 * Figures are printed with report/typo (narrow no-break spaces, a real
 * minus). Colours are a restrained palette that prints in colour and
 * stays apart in greyscale (dark blue next to light blue); line series
 * also differ by marker shape, and reference lines are dashed dark red.
 *
 * All state lives in a struct on chart_draw's stack: no globals.
 */
#include "render/chart.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include "render/chart_axis.h"
#include "report/typo.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define FONT_FAMILY "Liberation Sans,DejaVu Sans"
#define AXIS_LIMIT INT64_C(1000000000000000) /* 10^15 axis units: beyond any budget */
#define SVG_MAX ((size_t)64 << 20)           /* a chart's SVG is ~100 kB; this is a runaway */
#define MAX_POINT_LABELS 12 /* a line's points are labelled up to this many categories */

/* ---- the value axis ------------------------------------------------------------------ */

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* a / b rounded towards −∞ and +∞ (b > 0). */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && a < 0) ? q - 1 : q;
}

static int64_t ceil_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && a > 0) ? q + 1 : q;
}

void chart_axis_fit(int64_t min, int64_t max, int target, const char *unit, struct chart_axis *ax)
{
	min = clamp64(min, -AXIS_LIMIT, 0);
	max = clamp64(max, 0, AXIS_LIMIT);
	if (min == max)
		max = 1; /* all zero: an axis from 0 to 1 */
	if (target < 1)
		target = 1;
	int64_t range = max - min;
	/* p: the power of ten just above a tenth of the raw step, so one of
	 * 1, 2, 2,5, 5, 10 × p is the smallest nice step that covers the
	 * range in `target` intervals. */
	int64_t p = 1;
	while (p <= range / target / 10)
		p *= 10;
	static const int64_t tenths[] = {10, 20, 25, 50, 100};
	int64_t step = 10 * p;
	for (size_t i = 0; i < sizeof tenths / sizeof tenths[0]; i++) {
		if (tenths[i] == 25 && p < 10)
			continue; /* 2,5 is not a whole step */
		int64_t cand = p * tenths[i] / 10;
		if (cand * target >= range) {
			step = cand;
			break;
		}
	}
	ax->step = step;
	ax->lo = floor_div(min, step) * step;
	ax->hi = ceil_div(max, step) * step;

	int64_t big = ax->hi > -ax->lo ? ax->hi : -ax->lo;
	unit = unit ? unit : "";
	ax->div = 1;
	ax->unit = unit;
	if (strcmp(unit, "kr") == 0) {
		if (big >= 10000000 && step % 1000000 == 0) {
			ax->div = 1000000;
			ax->unit = "mnkr";
		} else if (big >= 10000 && step % 1000 == 0) {
			ax->div = 1000;
			ax->unit = "tkr";
		}
	} else if (strcmp(unit, "tkr") == 0 && big >= 10000 && step % 1000 == 0) {
		ax->div = 1000;
		ax->unit = "mnkr";
	}
}

/* ---- drawing state ------------------------------------------------------------------- */

struct rgb {
	double r, g, b;
};

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

static const struct rgb palette[] = {
	RGB(0x1F4E79), /* dark blue */
	RGB(0x9DC3E6), /* light blue */
	RGB(0xED7D31), /* orange */
	RGB(0x70AD47), /* green */
	RGB(0x7F7F7F), /* grey */
	RGB(0xFFC000), /* gold */
	RGB(0x5B9BD5), /* mid blue */
	RGB(0x843C0C), /* brown */
	RGB(0x548235), /* dark green */
	RGB(0xC9C9C9), /* light grey */
};
#define NPALETTE (sizeof palette / sizeof palette[0])
static const struct rgb col_reference = RGB(0xA50F15); /* dark red, dashed lines */
static const struct rgb col_ink = RGB(0x262626);       /* text */
static const struct rgb col_muted = RGB(0x595959);     /* unit label, "Inga uppgifter" */
static const struct rgb col_grid = RGB(0xD9D9D9);      /* grid lines at the ticks */
static const struct rgb col_zero = RGB(0x404040);      /* the zero line */
static const struct rgb col_white = RGB(0xFFFFFF);

enum marker { MK_CIRCLE, MK_SQUARE, MK_TRIANGLE, MK_DIAMOND, MK_COUNT };

/* One chart being drawn. */
struct frame {
	cairo_t *cr;
	const struct doc_chart *c;
	PangoLayout *lay;          /* reused for every piece of text */
	PangoFontDescription *font;
	double fs;                 /* base font size, points */
	double x, y, w, h;         /* the whole rectangle */
	int64_t scale;             /* the chart's scale, >= 1 */
	struct chart_axis ax;
	bool horizontal;           /* value axis along x (horizontal bars) */
	double px, py, pw, ph;     /* the plot area (inside the axes) */
	double slot;               /* room per category along the category axis */
	bool all_zero;             /* every value is 0: the axis shows only 0 */
};

static void set_colour(cairo_t *cr, struct rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* Light colours take dark text on top of them; dark ones white. */
static struct rgb text_on(struct rgb fill)
{
	double lum = 0.299 * fill.r + 0.587 * fill.g + 0.114 * fill.b;
	return lum < 0.55 ? col_white : col_ink;
}

static struct rgb series_colour(const struct doc_chart *c, size_t s)
{
	if (c->kind == DCH_LINE && c->series[s].dashed)
		return col_reference;
	return palette[s % NPALETTE];
}

/* The marker of a solid line series: shapes in turn, so that lines can be
 * told apart in greyscale too. */
static enum marker series_marker(const struct doc_chart *c, size_t s)
{
	size_t k = 0;
	for (size_t i = 0; i < s; i++)
		k += !c->series[i].dashed;
	return (enum marker)(k % MK_COUNT);
}

static int64_t value(const struct doc_chart *c, size_t s, size_t i)
{
	return c->series[s].values ? c->series[s].values[i] : 0;
}

static const char *category(const struct doc_chart *c, size_t i)
{
	return c->categories[i] ? c->categories[i] : "";
}

static int64_t sat_add(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

static double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* ---- text ------------------------------------------------------------------------------- */

/* Put `s` into the layout at `size` points; width > 0 wraps at that
 * width and ellipsizes after `lines` lines, width <= 0 sets one
 * unbounded line. */
static void text_set(struct frame *f, const char *s, double size, bool bold, double width,
		     int lines, PangoAlignment align)
{
	pango_font_description_set_weight(f->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(f->font, size * PANGO_SCALE);
	pango_layout_set_font_description(f->lay, f->font);
	if (width > 0) {
		pango_layout_set_width(f->lay, (int)(width * PANGO_SCALE));
		pango_layout_set_height(f->lay, -(lines > 0 ? lines : 1));
		pango_layout_set_wrap(f->lay, PANGO_WRAP_WORD);
		pango_layout_set_ellipsize(f->lay, PANGO_ELLIPSIZE_END);
	} else {
		pango_layout_set_width(f->lay, -1);
		pango_layout_set_height(f->lay, -1);
		pango_layout_set_ellipsize(f->lay, PANGO_ELLIPSIZE_NONE);
	}
	pango_layout_set_alignment(f->lay, align);
	pango_layout_set_text(f->lay, s ? s : "", -1);
}

/* The logical size of the layout's text. */
static void text_size(const struct frame *f, double *w, double *h)
{
	PangoRectangle r;
	pango_layout_get_extents(f->lay, NULL, &r);
	if (w)
		*w = r.width / (double)PANGO_SCALE;
	if (h)
		*h = r.height / (double)PANGO_SCALE;
}

static double text_width(struct frame *f, const char *s, double size)
{
	double w;
	text_set(f, s, size, false, 0, 1, PANGO_ALIGN_LEFT);
	text_size(f, &w, NULL);
	return w;
}

/* Draw the layout with its top left corner (of the wrap width, when one
 * is set) at (x, y). */
static void text_show(struct frame *f, double x, double y, struct rgb col)
{
	set_colour(f->cr, col);
	cairo_move_to(f->cr, x, y);
	pango_cairo_show_layout(f->cr, f->lay);
}

/* ---- figures ----------------------------------------------------------------------------- */

/* v / q rounded half away from zero (q > 0). */
static int64_t div_round(int64_t v, int64_t q)
{
	int64_t r = v / q, m = v % q;
	int64_t am = m < 0 ? -m : m;
	if (am >= q - am)
		r += v < 0 ? -1 : 1;
	return r;
}

/* A value of the chart (in its units) as printed in the axis's unit:
 * whole kronor or tkr, mnkr with one decimal below 100 mnkr. */
static void format_value(const struct frame *f, int64_t v, char *out, size_t size)
{
	int64_t q;
	if (__builtin_mul_overflow(f->scale, f->ax.div, &q)) {
		snprintf(out, size, "%s", "");
		return;
	}
	char n[TYPO_BUF];
	if (f->ax.div >= 1000000 && q % 10 == 0) {
		int64_t tenths = div_round(v, q / 10);
		if (tenths > -1000 && tenths < 1000) {
			const char *sign = tenths < 0 && tenths > -10 ? "\u2212" : "";
			int digit = (int)(tenths < 0 ? -tenths : tenths) % 10;
			snprintf(out, size, "%s%s,%d", sign, typo_int(tenths / 10, n, sizeof n), digit);
			return;
		}
	}
	snprintf(out, size, "%s", typo_int(div_round(v, q), n, sizeof n));
}

static void format_tick(const struct frame *f, int64_t tick, char *out, size_t size)
{
	typo_int(tick / f->ax.div, out, size);
}

/* The smallest and largest figure the value axis must show, in the
 * chart's units: every value, or for stacked bars the sums of the
 * positive and of the negative parts of each category. */
static void data_range(const struct doc_chart *c, int64_t *min, int64_t *max)
{
	*min = 0;
	*max = 0;
	for (size_t i = 0; i < c->ncategories; i++) {
		int64_t pos = 0, neg = 0;
		for (size_t s = 0; s < c->nseries; s++) {
			int64_t v = value(c, s, i);
			if (c->kind == DCH_STACKED) {
				if (v >= 0)
					pos = sat_add(pos, v);
				else
					neg = sat_add(neg, v);
			} else {
				pos = v > pos ? v : pos;
				neg = v < neg ? v : neg;
			}
		}
		*max = pos > *max ? pos : *max;
		*min = neg < *min ? neg : *min;
	}
}

/* ---- geometry ---------------------------------------------------------------------------- */

/* A chart value (its units) as a coordinate along the value axis. */
static double vpos(const struct frame *f, double v_units)
{
	double v = v_units / (double)f->scale;
	double t = (v - (double)f->ax.lo) / (double)(f->ax.hi - f->ax.lo);
	t = clampd(t, -0.02, 1.02);
	return f->horizontal ? f->px + t * f->pw : f->py + f->ph * (1 - t);
}

/* Where category i starts along the category axis. */
static double cpos(const struct frame *f, size_t i)
{
	return (f->horizontal ? f->py : f->px) + f->slot * (double)i;
}

/* A bar from c0 (thickness clen) across the category axis and between
 * a0 and a1 along the value axis. */
static void bar_path(const struct frame *f, double c0, double clen, double a0, double a1)
{
	double lo = fmin(a0, a1), len = fabs(a1 - a0);
	if (f->horizontal)
		cairo_rectangle(f->cr, lo, c0, len, clen);
	else
		cairo_rectangle(f->cr, c0, lo, clen, len);
}

/* A figure at the outer end of a bar (a_end) or, when it has no room
 * there, inside the bar's end; nothing when neither fits. */
static void end_label(struct frame *f, int64_t v, double c0, double clen, double a_base,
		      double a_end, struct rgb fill)
{
	char s[TYPO_BUF];
	format_value(f, v, s, sizeof s);
	double tw, th, gap = f->fs * 0.3;
	text_set(f, s, f->fs * 0.8, false, 0, 1, PANGO_ALIGN_LEFT);
	text_size(f, &tw, &th);
	bool up = a_end >= a_base; /* grows towards larger coordinates */
	double len = fabs(a_end - a_base);
	if (f->horizontal) {
		if (th > clen * 1.25)
			return;
		double ty = c0 + (clen - th) / 2;
		double out = up ? a_end + gap : a_end - gap - tw;
		if (up ? out + tw <= f->x + f->w - f->fs * 0.2 : out >= f->px + gap)
			text_show(f, out, ty, col_ink);
		else if (len >= tw + 2 * gap)
			text_show(f, up ? a_end - gap - tw : a_end + gap, ty, text_on(fill));
	} else {
		if (tw > clen * 1.15 + f->fs * 0.2)
			return;
		double tx = c0 + (clen - tw) / 2;
		/* on screen, larger values are up: a_end < a_base */
		bool pos = a_end <= a_base;
		double out = pos ? a_end - gap * 0.5 - th : a_end + gap * 0.5;
		if (pos ? out >= f->y + f->fs * 0.2 : out + th <= f->py + f->ph)
			text_show(f, tx, out, col_ink);
		else if (len >= th + 2 * gap)
			text_show(f, tx, pos ? a_end + gap : a_end - gap - th, text_on(fill));
	}
}

/* ---- the parts ----------------------------------------------------------------------------- */

static void draw_marker(cairo_t *cr, enum marker m, double cx, double cy, double r, struct rgb col)
{
	cairo_new_sub_path(cr);
	switch (m) {
	case MK_CIRCLE:
		cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
		break;
	case MK_SQUARE:
		cairo_rectangle(cr, cx - r * 0.9, cy - r * 0.9, r * 1.8, r * 1.8);
		break;
	case MK_TRIANGLE:
		cairo_move_to(cr, cx, cy - r * 1.2);
		cairo_line_to(cr, cx + r * 1.1, cy + r * 0.75);
		cairo_line_to(cr, cx - r * 1.1, cy + r * 0.75);
		cairo_close_path(cr);
		break;
	case MK_DIAMOND:
	default:
		cairo_move_to(cr, cx, cy - r * 1.25);
		cairo_line_to(cr, cx + r * 1.25, cy);
		cairo_line_to(cr, cx, cy + r * 1.25);
		cairo_line_to(cr, cx - r * 1.25, cy);
		cairo_close_path(cr);
		break;
	}
	set_colour(cr, col);
	cairo_fill_preserve(cr);
	set_colour(cr, col_white);
	cairo_set_line_width(cr, r * 0.3);
	cairo_stroke(cr);
}

static void line_style(const struct frame *f, size_t s)
{
	cairo_t *cr = f->cr;
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	if (f->c->series[s].dashed) {
		double dash[2] = {f->fs * 0.6, f->fs * 0.35};
		cairo_set_dash(cr, dash, 2, 0);
		cairo_set_line_width(cr, f->fs * 0.17);
	} else {
		cairo_set_dash(cr, NULL, 0, 0);
		cairo_set_line_width(cr, f->fs * 0.22);
	}
	set_colour(cr, series_colour(f->c, s));
}

/* The legend from (x, y) in rows no wider than w; returns the y below it. */
static double draw_legend(struct frame *f, double x, double y, double w)
{
	const struct doc_chart *c = f->c;
	double lfs = f->fs * 0.9, row = lfs * 1.45;
	double sw = c->kind == DCH_LINE ? lfs * 2.4 : lfs * 0.9, gap = lfs * 0.4, sep = lfs * 1.5;
	double cx = x, cy = y;
	for (size_t s = 0; s < c->nseries; s++) {
		char fallback[32];
		const char *name = c->series[s].name;
		if (!name) {
			snprintf(fallback, sizeof fallback, "Serie %zu", s + 1);
			name = fallback;
		}
		double room = w - sw - gap, tw, th;
		text_set(f, name, lfs, false, 0, 1, PANGO_ALIGN_LEFT);
		text_size(f, &tw, &th);
		if (tw > room) {
			text_set(f, name, lfs, false, room > lfs ? room : lfs, 1, PANGO_ALIGN_LEFT);
			text_size(f, &tw, &th);
		}
		double item = sw + gap + tw;
		if (cx > x && cx + item > x + w) {
			cx = x;
			cy += row;
		}
		double mid = cy + row / 2;
		text_show(f, cx + sw + gap, mid - th / 2, col_ink);
		cairo_t *cr = f->cr;
		if (c->kind == DCH_LINE) {
			line_style(f, s);
			cairo_move_to(cr, cx, mid);
			cairo_line_to(cr, cx + sw, mid);
			cairo_stroke(cr);
			cairo_set_dash(cr, NULL, 0, 0);
			if (!c->series[s].dashed)
				draw_marker(cr, series_marker(c, s), cx + sw / 2, mid, f->fs * 0.3,
					    series_colour(c, s));
		} else {
			cairo_rectangle(cr, cx, mid - sw / 2, sw, sw);
			set_colour(cr, series_colour(c, s));
			cairo_fill(cr);
		}
		cx += item + sep;
	}
	return cy + row + f->fs * 0.4;
}

/* Grid lines and tick labels of the value axis, and its unit. */
static void draw_value_axis(struct frame *f)
{
	cairo_t *cr = f->cr;
	double tfs = f->fs * 0.85;
	char s[TYPO_BUF];
	cairo_set_line_width(cr, fmax(0.4, f->fs * 0.06));
	cairo_set_dash(cr, NULL, 0, 0);
	for (int64_t t = f->ax.lo; t <= f->ax.hi; t += f->ax.step) {
		if (f->all_zero && t != 0)
			continue; /* an axis of 0 to 1 kr would say more than the data */
		double a = vpos(f, (double)t * (double)f->scale);
		set_colour(cr, col_grid);
		if (f->horizontal) {
			cairo_move_to(cr, a, f->py);
			cairo_line_to(cr, a, f->py + f->ph);
		} else {
			cairo_move_to(cr, f->px, a);
			cairo_line_to(cr, f->px + f->pw, a);
		}
		cairo_stroke(cr);
		format_tick(f, t, s, sizeof s);
		double tw, th;
		text_set(f, s, tfs, false, 0, 1, PANGO_ALIGN_LEFT);
		text_size(f, &tw, &th);
		if (f->horizontal)
			text_show(f, a - tw / 2, f->py + f->ph + f->fs * 0.25, col_muted);
		else
			text_show(f, f->px - f->fs * 0.4 - tw, a - th / 2, col_muted);
	}
	if (*f->ax.unit) {
		double tw, th;
		text_set(f, f->ax.unit, tfs, false, 0, 1, PANGO_ALIGN_LEFT);
		text_size(f, &tw, &th);
		if (f->horizontal)
			text_show(f, f->px + f->pw - tw, f->py + f->ph + f->fs * 0.25 + th, col_muted);
		else
			text_show(f, f->x + f->fs * 0.5, f->py - tfs * 0.9 - th, col_muted);
	}
}

static void draw_zero_line(struct frame *f)
{
	cairo_t *cr = f->cr;
	double a = vpos(f, 0);
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_set_line_width(cr, fmax(0.6, f->fs * 0.09));
	set_colour(cr, col_zero);
	if (f->horizontal) {
		cairo_move_to(cr, a, f->py);
		cairo_line_to(cr, a, f->py + f->ph);
	} else {
		cairo_move_to(cr, f->px, a);
		cairo_line_to(cr, f->px + f->pw, a);
	}
	cairo_stroke(cr);
}

static void draw_bars(struct frame *f)
{
	const struct doc_chart *c = f->c;
	double cap = f->fs * (f->horizontal ? 2.4 : 4.5);
	double bar = fmin(f->slot * 0.75 / (double)c->nseries, cap);
	double group = bar * (double)c->nseries;
	double gap = c->nseries > 1 ? fmin(bar * 0.1, 1.2) : 0;
	double base = vpos(f, 0);
	for (size_t i = 0; i < c->ncategories; i++) {
		double g0 = cpos(f, i) + (f->slot - group) / 2;
		for (size_t s = 0; s < c->nseries; s++) {
			double c0 = g0 + bar * (double)s, end = vpos(f, (double)value(c, s, i));
			bar_path(f, c0 + gap / 2, bar - gap, base, end);
			set_colour(f->cr, series_colour(c, s));
			cairo_fill(f->cr);
		}
	}
	for (size_t i = 0; i < c->ncategories; i++) {
		double g0 = cpos(f, i) + (f->slot - group) / 2;
		for (size_t s = 0; s < c->nseries; s++) {
			double c0 = g0 + bar * (double)s, end = vpos(f, (double)value(c, s, i));
			end_label(f, value(c, s, i), c0, bar, base, end, series_colour(c, s));
		}
	}
}

static void draw_stacked(struct frame *f)
{
	const struct doc_chart *c = f->c;
	double bar = fmin(f->slot * 0.6, f->fs * (f->horizontal ? 2.6 : 5));
	double base = vpos(f, 0);
	for (size_t i = 0; i < c->ncategories; i++) {
		double c0 = cpos(f, i) + (f->slot - bar) / 2;
		int64_t pos = 0, neg = 0;
		for (size_t s = 0; s < c->nseries; s++) {
			int64_t v = value(c, s, i);
			int64_t *acc = v >= 0 ? &pos : &neg;
			int64_t from = *acc;
			*acc = sat_add(*acc, v);
			double a0 = vpos(f, (double)from), a1 = vpos(f, (double)*acc);
			bar_path(f, c0, bar, a0, a1);
			set_colour(f->cr, series_colour(c, s));
			cairo_fill(f->cr);
			/* a thin white seam between the parts */
			if (v != 0 && s > 0) {
				cairo_set_line_width(f->cr, fmax(0.5, f->fs * 0.07));
				set_colour(f->cr, col_white);
				if (f->horizontal) {
					cairo_move_to(f->cr, a0, c0);
					cairo_line_to(f->cr, a0, c0 + bar);
				} else {
					cairo_move_to(f->cr, c0, a0);
					cairo_line_to(f->cr, c0 + bar, a0);
				}
				cairo_stroke(f->cr);
			}
			/* the part's figure inside it, when it fits */
			if (v != 0) {
				char s_[TYPO_BUF];
				format_value(f, v, s_, sizeof s_);
				double tw, th;
				text_set(f, s_, f->fs * 0.8, false, 0, 1, PANGO_ALIGN_LEFT);
				text_size(f, &tw, &th);
				double len = fabs(a1 - a0), along = f->horizontal ? tw : th;
				double across = f->horizontal ? th : tw;
				if (len >= along + f->fs * 0.4 && bar >= across + f->fs * 0.2) {
					double mid = (a0 + a1) / 2;
					struct rgb ink = text_on(series_colour(c, s));
					if (f->horizontal)
						text_show(f, mid - tw / 2, c0 + (bar - th) / 2, ink);
					else
						text_show(f, c0 + (bar - tw) / 2, mid - th / 2, ink);
				}
			}
		}
		/* the totals at the ends, when there are parts to add up */
		if (c->nseries > 1) {
			if (pos > 0)
				end_label(f, pos, c0, bar, base, vpos(f, (double)pos), col_ink);
			if (neg < 0)
				end_label(f, neg, c0, bar, base, vpos(f, (double)neg), col_ink);
		}
	}
}

/* Does a reference line pass through a label from ty to ty + th at
 * category i? */
static bool crosses_reference(const struct frame *f, size_t i, double ty, double th)
{
	for (size_t s = 0; s < f->c->nseries; s++) {
		if (!f->c->series[s].dashed)
			continue;
		double a = vpos(f, (double)value(f->c, s, i));
		if (a >= ty - f->fs * 0.2 && a <= ty + th + f->fs * 0.2)
			return true;
	}
	return false;
}

static void draw_lines(struct frame *f)
{
	const struct doc_chart *c = f->c;
	cairo_t *cr = f->cr;
	size_t solid = 0;
	for (size_t s = 0; s < c->nseries; s++)
		solid += !c->series[s].dashed;
	/* reference lines first, so that the figures' lines lie on top */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t s = 0; s < c->nseries; s++) {
			if (c->series[s].dashed != (pass == 0))
				continue;
			line_style(f, s);
			if (c->ncategories == 1) {
				if (c->series[s].dashed) {
					double a = vpos(f, (double)value(c, s, 0));
					cairo_move_to(cr, f->px + f->slot * 0.1, a);
					cairo_line_to(cr, f->px + f->slot * 0.9, a);
					cairo_stroke(cr);
				}
			} else {
				for (size_t i = 0; i < c->ncategories; i++) {
					double px = cpos(f, i) + f->slot / 2;
					double py = vpos(f, (double)value(c, s, i));
					if (i == 0)
						cairo_move_to(cr, px, py);
					else
						cairo_line_to(cr, px, py);
				}
				cairo_stroke(cr);
			}
			cairo_set_dash(cr, NULL, 0, 0);
			if (c->series[s].dashed)
				continue;
			double r = f->fs * (c->ncategories > 24 ? 0.2 : 0.32);
			for (size_t i = 0; i < c->ncategories; i++)
				draw_marker(cr, series_marker(c, s), cpos(f, i) + f->slot / 2,
					    vpos(f, (double)value(c, s, i)), r, series_colour(c, s));
		}
	}
	/* figures at the points, when there is one line and room for them */
	if (solid != 1 || c->ncategories > MAX_POINT_LABELS)
		return;
	for (size_t s = 0; s < c->nseries; s++) {
		if (c->series[s].dashed)
			continue;
		for (size_t i = 0; i < c->ncategories; i++) {
			char t[TYPO_BUF];
			format_value(f, value(c, s, i), t, sizeof t);
			double tw, th;
			text_set(f, t, f->fs * 0.8, false, 0, 1, PANGO_ALIGN_LEFT);
			text_size(f, &tw, &th);
			if (tw > f->slot * 0.95)
				continue;
			double px = cpos(f, i) + f->slot / 2, py = vpos(f, (double)value(c, s, i));
			double above = py - f->fs * 0.45 - th, below = py + f->fs * 0.45;
			bool up = above >= f->y + f->fs * 0.2 && value(c, s, i) >= 0;
			if (crosses_reference(f, i, up ? above : below, th))
				up = !up;
			double ty = up ? above : below;
			if (!crosses_reference(f, i, ty, th))
				text_show(f, px - tw / 2, ty, col_ink);
		}
	}
}

/* Category names: vertical layouts centre them under their slots (every
 * k-th when they are many), horizontal ones right-align them left of the
 * axis. */
static void draw_categories(struct frame *f, double cfs, int lines, double lw)
{
	const struct doc_chart *c = f->c;
	if (f->horizontal) {
		for (size_t i = 0; i < c->ncategories; i++) {
			double th;
			text_set(f, category(c, i), cfs, false, lw, lines, PANGO_ALIGN_RIGHT);
			text_size(f, NULL, &th);
			text_show(f, f->px - f->fs * 0.4 - lw, cpos(f, i) + (f->slot - th) / 2,
				  col_ink);
		}
		return;
	}
	double widest = 0;
	for (size_t i = 0; i < c->ncategories; i++)
		widest = fmax(widest, text_width(f, category(c, i), cfs));
	size_t k = 1;
	while (k < c->ncategories && f->slot * (double)k < widest + f->fs * 0.8)
		k++;
	for (size_t i = 0; i < c->ncategories; i += k) {
		double width = f->slot * (double)k - f->fs * 0.3;
		double cx = cpos(f, i) + f->slot / 2;
		text_set(f, category(c, i), cfs, false, width > cfs ? width : cfs, 1,
			 PANGO_ALIGN_CENTER);
		text_show(f, cx - (width > cfs ? width : cfs) / 2, f->py + f->ph + f->fs * 0.3,
			  col_ink);
	}
}

/* Fit the axis to a length of `len` points with ticks spaced so that
 * their labels do not collide. */
static void fit_axis(struct frame *f, int64_t lo, int64_t hi, double len)
{
	double tfs = f->fs * 0.85;
	int target = (int)clampd(len / (f->fs * (f->horizontal ? 6.5 : 3.2)), 1, 8);
	for (;;) {
		chart_axis_fit(lo, hi, target, f->c->unit, &f->ax);
		if (target <= 1)
			break;
		double widest = 0;
		char s[TYPO_BUF];
		for (int64_t t = f->ax.lo; t <= f->ax.hi; t += f->ax.step) {
			format_tick(f, t, s, sizeof s);
			widest = fmax(widest, f->horizontal ? text_width(f, s, tfs) : tfs * 1.2);
		}
		double n = (double)((f->ax.hi - f->ax.lo) / f->ax.step);
		if (len / n >= widest + f->fs * (f->horizontal ? 1.2 : 0.8))
			break;
		target--;
	}
}

static double widest_tick(struct frame *f)
{
	double widest = 0;
	char s[TYPO_BUF];
	for (int64_t t = f->ax.lo; t <= f->ax.hi; t += f->ax.step) {
		format_tick(f, t, s, sizeof s);
		widest = fmax(widest, text_width(f, s, f->fs * 0.85));
	}
	return widest;
}

/* Do all category names fit on one line under their bars? */
static bool names_fit_under(struct frame *f, double w, double cfs)
{
	const struct doc_chart *c = f->c;
	if (c->kind == DCH_LINE)
		return true;
	double slot = (w - f->fs * 5) / (double)c->ncategories;
	for (size_t i = 0; i < c->ncategories; i++)
		if (text_width(f, category(c, i), cfs) > slot * 0.9)
			return false;
	return true;
}

/* The plot in (x, y, w, h): axes, bars or lines, figures, names. */
static void draw_plot(struct frame *f, double x, double y, double w, double h)
{
	const struct doc_chart *c = f->c;
	if (w < f->fs * 4 || h < f->fs * 3)
		return;
	int64_t dmin, dmax;
	data_range(c, &dmin, &dmax);
	f->all_zero = dmin == 0 && dmax == 0;
	int64_t lo = floor_div(dmin, f->scale), hi = ceil_div(dmax, f->scale);
	double tfs = f->fs * 0.85, cfs = f->fs * 0.9, line = tfs * 1.25;
	double n = (double)c->ncategories;
	f->horizontal = !names_fit_under(f, w, cfs);

	if (f->horizontal) {
		/* tick labels and the unit below the plot */
		f->py = y + f->fs * 0.2;
		f->ph = h - 0.2 * f->fs - 2 * line - f->fs * 0.3;
		if (f->ph < f->fs)
			return;
		f->slot = f->ph / n;
		cfs = clampd(f->slot / 1.3, 3.5, cfs);
		int lines = f->slot >= cfs * 1.2 * 2.3 ? 2 : 1;
		double widest = 0;
		for (size_t i = 0; i < c->ncategories; i++)
			widest = fmax(widest, text_width(f, category(c, i), cfs));
		double lw = fmin(widest, w * (lines == 2 ? 0.3 : 0.38));
		if (lines == 2 && widest <= lw)
			lines = 1;
		lw = fmax(lw, cfs);
		f->px = x + lw + f->fs * 0.8;
		double right = f->fs * 1.5;
		for (int pass = 0; pass < 2; pass++) {
			f->pw = x + w - right - f->px;
			if (f->pw < f->fs * 2)
				return;
			fit_axis(f, lo, hi, f->pw);
			char s[TYPO_BUF];
			format_tick(f, f->ax.hi, s, sizeof s);
			right = fmax(f->fs * 0.5, text_width(f, s, tfs) / 2 + f->fs * 0.2);
		}
		draw_value_axis(f);
		draw_categories(f, cfs, lines, lw);
	} else {
		/* the unit above the tick labels, the names below the plot */
		f->py = y + line + tfs * 0.9;
		f->ph = y + h - f->py - (cfs * 1.25 + f->fs * 0.4);
		if (f->ph < f->fs)
			return;
		fit_axis(f, lo, hi, f->ph);
		f->px = x + widest_tick(f) + f->fs * 0.5;
		f->pw = x + w - f->px - f->fs * 0.2;
		if (f->pw < f->fs * 2)
			return;
		f->slot = f->pw / n;
		draw_value_axis(f);
		draw_categories(f, cfs, 1, 0);
	}
	cairo_save(f->cr);
	cairo_rectangle(f->cr, f->x, f->y, f->w, f->h);
	cairo_clip(f->cr);
	switch (c->kind) {
	case DCH_BARS:
		draw_bars(f);
		break;
	case DCH_STACKED:
		draw_stacked(f);
		break;
	case DCH_LINE:
	default:
		draw_lines(f);
		break;
	}
	cairo_restore(f->cr);
	if (c->kind != DCH_LINE || f->ax.lo < 0)
		draw_zero_line(f);
}

/* ---- the interface ------------------------------------------------------------------------- */

static bool chart_empty(const struct doc_chart *c)
{
	return c->nseries == 0 || c->ncategories == 0 || !c->series || !c->categories;
}

void chart_draw(cairo_t *cr, const struct doc_chart *c, double x, double y, double w, double h)
{
	if (!cr || !c || !isfinite(x) || !isfinite(y) || !(w >= 8 && w < 1e6) ||
	    !(h >= 8 && h < 1e6))
		return;
	struct frame f = {.cr = cr, .c = c, .x = x, .y = y, .w = w, .h = h};
	f.fs = clampd(fmin(w / 44, h / 20), 5.5, 9.5);
	f.scale = c->scale > 0 ? c->scale : 1;

	cairo_save(cr);
	cairo_new_path(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_new_path(cr);

	f.lay = pango_cairo_create_layout(cr);
	/* unhinted metrics: text measures the same at every size and in
	 * every surface, so the layout scales as a whole */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pango_layout_get_context(f.lay), fo);
	cairo_font_options_destroy(fo);
	pango_layout_context_changed(f.lay);
	f.font = pango_font_description_from_string(FONT_FAMILY);

	double pad = f.fs * 0.5, top = y + pad;
	if (c->title && *c->title) {
		double th;
		text_set(&f, c->title, f.fs * 1.2, true, w - 2 * pad, 2, PANGO_ALIGN_LEFT);
		text_size(&f, NULL, &th);
		text_show(&f, x + pad, top, col_ink);
		top += th + f.fs * 0.5;
	}
	if (chart_empty(c)) {
		double tw, th;
		text_set(&f, "Inga uppgifter", f.fs * 1.1, false, 0, 1, PANGO_ALIGN_LEFT);
		text_size(&f, &tw, &th);
		double mid = top + (y + h - top) / 2;
		text_show(&f, x + (w - tw) / 2, mid - th / 2, col_muted);
	} else {
		top = draw_legend(&f, x + pad, top, w - 2 * pad);
		draw_plot(&f, x + pad, top, w - 2 * pad, y + h - pad - top);
	}

	pango_font_description_free(f.font);
	g_object_unref(f.lay);
	cairo_restore(cr);
}

/* ---- SVG ------------------------------------------------------------------------------------ */

static cairo_status_t svg_write(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_append(closure, data, len) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
	return fnv(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* A hash of everything that is drawn, for ids unique to this chart. */
static uint64_t chart_hash(const struct doc_chart *c, double w, double h)
{
	uint64_t k = UINT64_C(0xcbf29ce484222325);
	int kind = (int)c->kind;
	k = fnv(k, &kind, sizeof kind);
	k = fnv_str(k, c->title);
	k = fnv_str(k, c->unit);
	k = fnv(k, &c->scale, sizeof c->scale);
	k = fnv(k, &w, sizeof w);
	k = fnv(k, &h, sizeof h);
	for (size_t i = 0; c->categories && i < c->ncategories; i++)
		k = fnv_str(k, c->categories[i]);
	for (size_t s = 0; c->series && s < c->nseries; s++) {
		k = fnv_str(k, c->series[s].name);
		k = fnv(k, &c->series[s].dashed, sizeof c->series[s].dashed);
		for (size_t i = 0; c->series[s].values && i < c->ncategories; i++)
			k = fnv(k, &c->series[s].values[i], sizeof(int64_t));
	}
	return k;
}

/* Copy cairo's SVG into out without the XML declaration, with every id
 * and every reference to one (href="#…", url(#…)) prefixed. Cairo numbers
 * surfaces ("surface6") from a process-wide counter; they are numbered
 * again in order of appearance so the same chart gives the same SVG. */
static void svg_rewrite(const char *p, const char *prefix, struct buf *out)
{
	static const char *const marks[] = {"id=\"", "href=\"#", "url(#"};
	unsigned long *surfaces = NULL;
	size_t nsurfaces = 0, cap = 0;
	if (strncmp(p, "<?xml", 5) == 0) {
		const char *end = strstr(p, "?>");
		if (end) {
			p = end + 2;
			while (isspace((unsigned char)*p))
				p++;
		}
	}
	while (*p) {
		const char *next = p + strcspn(p, "ihu");
		buf_append(out, p, (size_t)(next - p));
		p = next;
		if (!*p)
			break;
		bool hit = false;
		for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
			size_t n = strlen(marks[m]);
			if (strncmp(p, marks[m], n) == 0) {
				buf_append(out, p, n);
				buf_puts(out, prefix);
				p += n;
				hit = true;
				break;
			}
		}
		if (!hit) {
			buf_putc(out, *p++);
			continue;
		}
		if (strncmp(p, "surface", 7) == 0 && isdigit((unsigned char)p[7])) {
			char *end;
			unsigned long num = strtoul(p + 7, &end, 10);
			size_t k = 0;
			while (k < nsurfaces && surfaces[k] != num)
				k++;
			if (k == nsurfaces) {
				surfaces = xgrow(surfaces, &cap, nsurfaces + 1, sizeof *surfaces);
				surfaces[nsurfaces++] = num;
			}
			buf_printf(out, "surface%zu", k + 1);
			p = end;
		}
	}
	free(surfaces);
}

char *chart_svg(const struct doc_chart *c, double w, double h, struct error *err)
{
	if (!c || !(w >= 1 && w <= 100000) || !(h >= 1 && h <= 100000)) {
		error_set(err, ERR_INTERNAL, "diagrammet kan inte ritas i storleken %.0f × %.0f punkter",
			  w, h);
		return NULL;
	}
	struct buf raw;
	buf_init(&raw, SVG_MAX);
	cairo_surface_t *surface = cairo_svg_surface_create_for_stream(svg_write, &raw, w, h);
	cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT);
	cairo_t *cr = cairo_create(surface);
	chart_draw(cr, c, 0, 0, w, h);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (st != CAIRO_STATUS_SUCCESS || !raw.data) {
		error_set(err, ERR_INTERNAL, "diagrammet \"%s\" kunde inte ritas som SVG (%s)",
			  c->title ? c->title : "", cairo_status_to_string(st));
		buf_free(&raw);
		return NULL;
	}
	char prefix[24];
	snprintf(prefix, sizeof prefix, "c%012llx-",
		 (unsigned long long)(chart_hash(c, w, h) & UINT64_C(0xffffffffffff)));
	struct buf out;
	buf_init(&out, 0);
	svg_rewrite(raw.data, prefix, &out);
	buf_free(&raw);
	return buf_take(&out);
}
