/*
 * Unit tests of render/chart: the value axis' nice ticks and units, the
 * drawing of each kind of chart into an image (ink inside the rectangle
 * and none outside, the series' colours, empty, negative, all-zero and
 * crowded charts), and the SVG for HTML: no XML declaration, a sized
 * <svg>, path data, and ids that two charts on one page do not share.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "docsample.h"
#include "render/chart.h"
#include "render/chart_axis.h"
#include "report/doc.h"
#include "util/xalloc.h"

#define IMG_W 600
#define IMG_H 300
/* the chart's rectangle inside the image; the margin must stay white */
#define RX 40
#define RY 30
#define RW 520
#define RH 240

/* ---- helpers ------------------------------------------------------------------------------ */

/* The docsample's chart number k (0: bars, 1: line, 2: stacked). */
static const struct doc_chart *sample_chart(struct doc *d, int k)
{
	for (size_t i = 0; i < d->nblocks; i++)
		if (d->blocks[i].kind == DB_CHART && k-- == 0)
			return d->blocks[i].u.chart;
	fail_msg("docsample has no chart %d", k);
	return NULL;
}

/* The chart drawn into (RX, RY, RW, RH) of a white IMG_W × IMG_H image. */
static cairo_surface_t *draw(const struct doc_chart *c)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, IMG_W, IMG_H);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	chart_draw(cr, c, RX, RY, RW, RH);
	assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	return s;
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
	const unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	uint32_t p;
	memcpy(&p, data + (size_t)y * (size_t)stride + (size_t)x * 4, sizeof p);
	return p & 0xffffff;
}

static bool inside(int x, int y)
{
	return x >= RX && x < RX + RW && y >= RY && y < RY + RH;
}

/* Non-white pixels inside the rectangle (and, in *outside, beyond it). */
static long ink(cairo_surface_t *s, long *outside)
{
	long in = 0, out = 0;
	for (int y = 0; y < IMG_H; y++)
		for (int x = 0; x < IMG_W; x++)
			if (pixel(s, x, y) != 0xffffff)
				*(inside(x, y) ? &in : &out) += 1;
	*outside = out;
	return in;
}

/* Pixels of exactly this colour. */
static long colour_count(cairo_surface_t *s, uint32_t rgb)
{
	long n = 0;
	for (int y = 0; y < IMG_H; y++)
		for (int x = 0; x < IMG_W; x++)
			n += pixel(s, x, y) == rgb;
	return n;
}

/* Pixels within `tol` of the colour in every channel. */
static long colour_near(cairo_surface_t *s, uint32_t rgb, int tol)
{
	long n = 0;
	for (int y = 0; y < IMG_H; y++)
		for (int x = 0; x < IMG_W; x++) {
			uint32_t p = pixel(s, x, y);
			bool near = true;
			for (int sh = 0; sh < 24; sh += 8) {
				int a = (int)(p >> sh & 0xff), b = (int)(rgb >> sh & 0xff);
				near = near && abs(a - b) <= tol;
			}
			n += near;
		}
	return n;
}

/* Draws inside its rectangle, with ink, and nothing outside. */
static void assert_contained(const struct doc_chart *c)
{
	cairo_surface_t *s = draw(c);
	long out, in = ink(s, &out);
	assert_true(in > 200);
	assert_int_equal(out, 0);
	cairo_surface_destroy(s);
}

/* ---- the value axis ------------------------------------------------------------------------- */

static void axis_ticks_a_budget_of_3997000_kronor_in_whole_millions(void **state)
{
	(void)state;
	struct chart_axis ax;
	chart_axis_fit(0, 3997000, 5, "kr", &ax);
	assert_int_equal(ax.lo, 0);
	assert_int_equal(ax.step, 1000000);
	assert_int_equal(ax.hi, 4000000);
	int64_t want[] = {0, 1000000, 2000000, 3000000, 4000000};
	size_t n = 0;
	for (int64_t t = ax.lo; t <= ax.hi; t += ax.step, n++)
		assert_int_equal(t, want[n]);
	assert_int_equal(n, 5);
	/* printed in tkr: "0, 1 000, 2 000, …" */
	assert_int_equal(ax.div, 1000);
	assert_string_equal(ax.unit, "tkr");
}

static void axis_spans_zero_for_negative_values(void **state)
{
	(void)state;
	struct chart_axis ax;
	chart_axis_fit(-1234, 5678, 5, "kr", &ax);
	assert_int_equal(ax.step, 2000);
	assert_int_equal(ax.lo, -2000);
	assert_int_equal(ax.hi, 6000);
	assert_string_equal(ax.unit, "kr"); /* 6 000 kr is not worth tkr */
	assert_int_equal(ax.div, 1);

	chart_axis_fit(-3500, -200, 4, "personer", &ax);
	assert_int_equal(ax.hi, 0);
	assert_int_equal(ax.step, 1000);
	assert_int_equal(ax.lo, -4000);
}

static void axis_uses_two_and_a_half_steps(void **state)
{
	(void)state;
	struct chart_axis ax;
	chart_axis_fit(0, 11000, 5, "personer", &ax);
	assert_int_equal(ax.step, 2500);
	assert_int_equal(ax.hi, 12500);
	assert_string_equal(ax.unit, "personer");
	/* 2 500 kr cannot be printed in whole tkr: stays in kr */
	chart_axis_fit(0, 11000, 5, "kr", &ax);
	assert_int_equal(ax.step, 2500);
	assert_string_equal(ax.unit, "kr");
	/* a step below 1 would need decimals: 2,5 is skipped below 10 */
	chart_axis_fit(0, 12, 5, "personer", &ax);
	assert_int_equal(ax.step, 5);
	assert_int_equal(ax.hi, 15);
}

static void axis_goes_to_mnkr_for_tens_of_millions(void **state)
{
	(void)state;
	struct chart_axis ax;
	chart_axis_fit(0, 45000000, 5, "kr", &ax);
	assert_int_equal(ax.step, 10000000);
	assert_int_equal(ax.hi, 50000000);
	assert_int_equal(ax.div, 1000000);
	assert_string_equal(ax.unit, "mnkr");
	chart_axis_fit(0, 45000, 5, "tkr", &ax);
	assert_string_equal(ax.unit, "mnkr");
	chart_axis_fit(0, 45000000, 5, NULL, &ax);
	assert_string_equal(ax.unit, "");
	assert_int_equal(ax.div, 1);
}

static void axis_of_all_zero_data_is_zero_to_one(void **state)
{
	(void)state;
	struct chart_axis ax;
	chart_axis_fit(0, 0, 5, "kr", &ax);
	assert_int_equal(ax.lo, 0);
	assert_int_equal(ax.hi, 1);
	assert_int_equal(ax.step, 1);
	/* a target of 0 and absurd figures still give a sane axis */
	chart_axis_fit(INT64_MIN, INT64_MAX, 0, "kr", &ax);
	assert_true(ax.lo < 0 && ax.hi > 0 && ax.step > 0);
	assert_int_equal(ax.lo % ax.step, 0);
}

/* ---- drawing ---------------------------------------------------------------------------------- */

static void each_sample_chart_draws_inside_its_rectangle_only(void **state)
{
	(void)state;
	struct doc d;
	docsample_build(&d);
	for (int k = 0; k < 3; k++)
		assert_contained(sample_chart(&d, k));
	doc_free(&d);
}

static void bars_are_drawn_in_the_series_colours(void **state)
{
	(void)state;
	struct doc d;
	docsample_build(&d);
	cairo_surface_t *s = draw(sample_chart(&d, 0));
	assert_true(colour_count(s, 0x1F4E79) > 500); /* budget: dark blue */
	assert_true(colour_count(s, 0x9DC3E6) > 200); /* actual: light blue */
	cairo_surface_destroy(s);
	s = draw(sample_chart(&d, 2));
	assert_true(colour_count(s, 0x1F4E79) > 500);
	assert_true(colour_count(s, 0x9DC3E6) > 500);
	cairo_surface_destroy(s);
	doc_free(&d);
}

static void line_chart_has_a_dark_red_reference_line(void **state)
{
	(void)state;
	struct doc d;
	docsample_build(&d);
	cairo_surface_t *s = draw(sample_chart(&d, 1));
	assert_true(colour_count(s, 0x1F4E79) > 50);     /* the line and its markers */
	assert_true(colour_near(s, 0xA50F15, 40) > 100); /* the dashed ceiling */
	cairo_surface_destroy(s);
	doc_free(&d);
}

static void an_empty_chart_says_so(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d);
	struct doc_chart *none = doc_chart_new(&d, DCH_BARS, "Budget per insats", "kr", 100, 0, 0);
	struct doc_chart *nocats = doc_chart_new(&d, DCH_LINE, NULL, "kr", 100, 0, 2);
	struct doc_chart *noseries = doc_chart_new(&d, DCH_STACKED, "Deltagare", "personer", 1, 3, 0);
	const struct doc_chart *all[] = {none, nocats, noseries};
	for (size_t i = 0; i < 3; i++) {
		cairo_surface_t *s = draw(all[i]);
		long out, in = ink(s, &out);
		assert_int_equal(out, 0);
		assert_true(in > 50);
		/* "Inga uppgifter" in the middle of the rectangle */
		long middle = 0;
		for (int y = RY + RH / 3; y < RY + RH * 2 / 3; y++)
			for (int x = RX + RW / 3; x < RX + RW * 2 / 3; x++)
				middle += pixel(s, x, y) != 0xffffff;
		assert_true(middle > 50);
		cairo_surface_destroy(s);
	}
	doc_free(&d);
}

static void negative_and_zero_values_stay_inside(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d);
	const enum doc_chart_kind kinds[] = {DCH_BARS, DCH_LINE, DCH_STACKED};
	for (size_t k = 0; k < 3; k++) {
		struct doc_chart *neg = doc_chart_new(&d, kinds[k], "Resultat", "kr", 100, 4, 2);
		struct doc_chart *zero = doc_chart_new(&d, kinds[k], "Noll", "kr", 100, 4, 2);
		for (size_t i = 0; i < 4; i++) {
			neg->categories[i] = doc_printf(&d, "%zu", 2020 + i);
			zero->categories[i] = neg->categories[i];
			neg->series[0].values[i] = (int64_t)(i % 2 ? 1 : -1) * 123456789;
			neg->series[1].values[i] = -(int64_t)i * 50000000;
		}
		neg->series[0].name = doc_strdup(&d, "A");
		neg->series[1].name = doc_strdup(&d, "B");
		neg->series[1].dashed = true;
		assert_contained(neg);
		assert_contained(zero);
	}
	doc_free(&d);
}

static void crowded_and_odd_charts_stay_inside(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d);
	/* 20 categories with long names */
	struct doc_chart *many = doc_chart_new(&d, DCH_BARS, "Budget och utfall per insats", "kr", 100, 20, 2);
	for (size_t i = 0; i < 20; i++) {
		many->categories[i] = doc_printf(&d, "Arbetsträningsplatser Rosängen, delprojekt %zu med mycket lång beskrivning", i);
		many->series[0].values[i] = (int64_t)(i + 1) * 98765432;
		many->series[1].values[i] = (int64_t)(i % 3) * 45678901;
	}
	assert_contained(many);
	/* one category */
	struct doc_chart *one = doc_chart_new(&d, DCH_LINE, "Eget kapital", "kr", 100, 1, 2);
	one->categories[0] = doc_strdup(&d, "2023");
	one->series[0].values[0] = 123456700;
	one->series[1].dashed = true;
	one->series[1].values[0] = 150000000;
	assert_contained(one);
	/* no scale, no unit, a series without values, huge figures */
	struct doc_chart *odd = doc_chart_new(&d, DCH_STACKED, NULL, NULL, 1, 2, 3);
	odd->scale = 0;
	odd->series[1].values = NULL;
	odd->series[0].values[0] = INT64_MAX;
	odd->series[2].values[0] = INT64_MAX;
	odd->series[0].values[1] = INT64_MIN;
	assert_contained(odd);
	doc_free(&d);
}

static void a_tiny_rectangle_draws_nothing_outside(void **state)
{
	(void)state;
	struct doc d;
	docsample_build(&d);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 40, 40);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	chart_draw(cr, sample_chart(&d, 0), 10, 10, 20, 20);
	chart_draw(cr, sample_chart(&d, 0), 10, 10, 0, -5);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	const unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < 40; y++)
		for (int x = 0; x < 40; x++) {
			uint32_t p;
			memcpy(&p, data + y * stride + x * 4, 4);
			if (x < 10 || x >= 30 || y < 10 || y >= 30)
				assert_int_equal(p & 0xffffff, 0xffffff);
		}
	cairo_surface_destroy(s);
	doc_free(&d);
}

/* ---- SVG ------------------------------------------------------------------------------------ */

static void each_kind_is_an_inline_svg(void **state)
{
	(void)state;
	struct doc d;
	docsample_build(&d);
	for (int k = 0; k < 3; k++) {
		struct error err = ERROR_INIT;
		char *svg = chart_svg(sample_chart(&d, k), 480, 260, &err);
		assert_non_null(svg);
		assert_false(error_isset(&err));
		assert_memory_equal(svg, "<svg", 4);
		assert_null(strstr(svg, "<?xml"));
		assert_non_null(strstr(svg, "width=\"480pt\""));
		assert_non_null(strstr(svg, "height=\"260pt\""));
		assert_non_null(strstr(svg, "viewBox=\"0 0 480 260\""));
		assert_non_null(strstr(svg, " d=\"M "));
		assert_non_null(strstr(svg, "</svg>"));
		free(svg);
	}
	doc_free(&d);
}

/* Every id="…" of an SVG (allocated strings in an allocated array). */
static size_t svg_ids(const char *svg, char ***out)
{
	size_t n = 0, cap = 0;
	char **v = NULL;
	for (const char *p = strstr(svg, " id=\""); p; p = strstr(p, " id=\"")) {
		p += 5;
		const char *e = strchr(p, '"');
		assert_non_null(e);
		v = xgrow(v, &cap, n + 1, sizeof *v);
		v[n++] = xstrndup(p, (size_t)(e - p));
		p = e;
	}
	*out = v;
	return n;
}

static bool has_id(char **ids, size_t n, const char *id, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(ids[i]) == len && memcmp(ids[i], id, len) == 0)
			return true;
	return false;
}

/* Every href="#…" and url(#…) names an id of the same SVG. */
static void assert_refs_resolve(const char *svg, char **ids, size_t n)
{
	static const char *const marks[] = {"href=\"#", "url(#"};
	size_t refs = 0;
	for (size_t m = 0; m < 2; m++)
		for (const char *p = strstr(svg, marks[m]); p; p = strstr(p, marks[m])) {
			p += strlen(marks[m]);
			size_t len = strcspn(p, "\")");
			if (!has_id(ids, n, p, len))
				fail_msg("reference to a missing id: %.*s", (int)len, p);
			refs++;
		}
	assert_true(refs > 0);
}

static void two_charts_share_no_svg_ids(void **state)
{
	(void)state;
	struct doc d;
	docsample_build(&d);
	struct error err = ERROR_INIT;
	char *a = chart_svg(sample_chart(&d, 0), 480, 260, &err);
	char *b = chart_svg(sample_chart(&d, 2), 480, 260, &err);
	assert_non_null(a);
	assert_non_null(b);
	char **ia, **ib;
	size_t na = svg_ids(a, &ia), nb = svg_ids(b, &ib);
	assert_true(na > 5);
	assert_true(nb > 5);
	for (size_t i = 0; i < na; i++)
		assert_false(has_id(ib, nb, ia[i], strlen(ia[i])));
	assert_refs_resolve(a, ia, na);
	assert_refs_resolve(b, ib, nb);
	/* the same chart gives the same SVG (ids from its content, not a counter) */
	char *a2 = chart_svg(sample_chart(&d, 0), 480, 260, &err);
	assert_string_equal(a, a2);
	for (size_t i = 0; i < na; i++)
		free(ia[i]);
	for (size_t i = 0; i < nb; i++)
		free(ib[i]);
	free(ia);
	free(ib);
	free(a);
	free(a2);
	free(b);
	doc_free(&d);
}

static void svg_of_an_empty_chart_and_a_bad_size(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d);
	struct doc_chart *c = doc_chart_new(&d, DCH_BARS, "Tomt", "kr", 100, 0, 0);
	struct error err = ERROR_INIT;
	char *svg = chart_svg(c, 300, 180, &err);
	assert_non_null(svg);
	assert_memory_equal(svg, "<svg", 4);
	assert_non_null(strstr(svg, " d=\"M ")); /* the title and "Inga uppgifter" as glyphs */
	free(svg);
	assert_null(chart_svg(c, 0, 180, &err));
	assert_true(error_isset(&err));
	assert_non_null(strstr(err.msg, "storleken"));
	error_clear(&err);
	doc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(axis_ticks_a_budget_of_3997000_kronor_in_whole_millions),
		cmocka_unit_test(axis_spans_zero_for_negative_values),
		cmocka_unit_test(axis_uses_two_and_a_half_steps),
		cmocka_unit_test(axis_goes_to_mnkr_for_tens_of_millions),
		cmocka_unit_test(axis_of_all_zero_data_is_zero_to_one),
		cmocka_unit_test(each_sample_chart_draws_inside_its_rectangle_only),
		cmocka_unit_test(bars_are_drawn_in_the_series_colours),
		cmocka_unit_test(line_chart_has_a_dark_red_reference_line),
		cmocka_unit_test(an_empty_chart_says_so),
		cmocka_unit_test(negative_and_zero_values_stay_inside),
		cmocka_unit_test(crowded_and_odd_charts_stay_inside),
		cmocka_unit_test(a_tiny_rectangle_draws_nothing_outside),
		cmocka_unit_test(each_kind_is_an_inline_svg),
		cmocka_unit_test(two_charts_share_no_svg_ids),
		cmocka_unit_test(svg_of_an_empty_chart_and_a_bad_size),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	test_release_font_caches();
	return failed;
}
