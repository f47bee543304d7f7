/*
 * Unit tests of render/pdf: the sample document (docsample) rendered to a
 * temporary file and read back with the real tools (poppler's pdfinfo,
 * pdftotext, pdffonts, pdftoppm): page count, cover, running header and
 * "Sida N av M", the table of contents' page numbers against the pages
 * the headings land on, Swedish figures, a long table over pages with
 * its header repeated, embedded fonts, pages that are not blank, status
 * colours, bookmarks and links, reproducible output, the same bytes in
 * memory (render_bytes, for the web) as in a file, an empty document
 * and an unwritable path; and documents made to stress the page breaking
 * (a row taller than a page, a card over pages, a heading near the foot
 * of a page, a table of contents of two pages).
 */
#include "testlib.h"

#include <cairo.h>
#include <dirent.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docsample.h"
#include "render/render.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* ---- helpers ---------------------------------------------------------------------------- */

/* The standard output of a shell command (asserting it succeeded). */
static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *run(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct buf cmd = BUF_INIT(0);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	FILE *f = popen(buf_cstr(&cmd), "r");
	assert_non_null(f);
	struct buf out = BUF_INIT(0);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&out, chunk, n);
	int st = pclose(f);
	if (st != 0)
		fail_msg("command failed (%d): %s", st, buf_cstr(&cmd));
	buf_free(&cmd);
	if (!out.data)
		buf_puts(&out, "");
	return buf_take(&out);
}

/* A rendered document in a temporary directory. */
struct out {
	char *dir;
	char *pdf;
	int pages;
};

static int page_count(const char *pdf)
{
	char *info = run("pdfinfo '%s'", pdf);
	const char *p = strstr(info, "\nPages:");
	assert_non_null(p);
	int n = (int)strtol(p + 7, NULL, 10);
	free(info);
	return n;
}

static void render_doc(struct doc *d, struct out *o)
{
	o->dir = test_tempdir();
	o->pdf = test_path(o->dir, "rapport.pdf");
	struct error err = ERROR_INIT;
	bool ok = render_pdf.write(d, o->pdf, &err);
	if (!ok)
		fail_msg("%s", err.msg);
	o->pages = page_count(o->pdf);
}

static void render_sample(struct out *o)
{
	struct doc d;
	docsample_build(&d);
	render_doc(&d, o);
	doc_free(&d);
}

/* Remove the output; FINSAM_TEST_KEEP=1 keeps it (and says where) for a
 * person to look at the pages. */
static void out_free(struct out *o)
{
	if (getenv("FINSAM_TEST_KEEP"))
		fprintf(stderr, "# kept %s\n", o->pdf);
	else
		test_rmtree(o->dir);
	free(o->dir);
	free(o->pdf);
}

/* The text of page n (pdftotext -layout). */
static char *page_text(const struct out *o, int n)
{
	return run("pdftotext -layout -f %d -l %d '%s' -", n, n, o->pdf);
}

static char *all_text(const struct out *o)
{
	return run("pdftotext -layout '%s' -", o->pdf);
}

/* The line of `text` holding `needle` (a copy), or NULL. */
static char *line_with(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	if (!p)
		return NULL;
	const char *a = p, *b = p;
	while (a > text && a[-1] != '\n')
		a--;
	while (*b && *b != '\n')
		b++;
	return xstrndup(a, (size_t)(b - a));
}

/* Whether some line of `text` starts, after blanks, with `prefix`. */
static bool line_starts(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *s = l;
		while (*s == ' ')
			s++;
		if (strncmp(s, prefix, n) == 0)
			return true;
	}
	return false;
}

/* The first page from page `from` on with a line starting with
 * `heading`, or 0. */
static int heading_page(const struct out *o, const char *heading, int from)
{
	for (int n = from; n <= o->pages; n++) {
		char *t = page_text(o, n);
		bool hit = line_starts(t, heading);
		free(t);
		if (hit)
			return n;
	}
	return 0;
}

/* The page number a TOC line holding `heading` ends with, or -1. */
static int toc_page(const char *toc, const char *heading)
{
	char *line = line_with(toc, heading);
	if (!line)
		return -1;
	size_t n = strlen(line);
	while (n > 0 && line[n - 1] == ' ')
		n--;
	size_t k = n;
	while (k > 0 && line[k - 1] >= '0' && line[k - 1] <= '9')
		k--;
	int page = k < n ? (int)strtol(line + k, NULL, 10) : -1;
	free(line);
	return page;
}

static size_t count(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(text, needle); p; p = strstr(p + strlen(needle), needle))
		n++;
	return n;
}

/* Page n rasterised at `dpi` (cairo image; the caller destroys it). */
static cairo_surface_t *raster(const struct out *o, int n, int dpi)
{
	char *prefix = test_path(o->dir, "page");
	free(run("pdftoppm -r %d -f %d -l %d -singlefile -png '%s' '%s'", dpi, n, n, o->pdf, prefix));
	char *png = xasprintf("%s.png", prefix);
	cairo_surface_t *s = cairo_image_surface_create_from_png(png);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	remove(png);
	free(png);
	free(prefix);
	return s;
}

static void pixel(cairo_surface_t *s, int x, int y, int rgb[3])
{
	const unsigned char *row = cairo_image_surface_get_data(s) + (size_t)y * (size_t)cairo_image_surface_get_stride(s);
	uint32_t v;
	memcpy(&v, row + 4 * (size_t)x, sizeof v);
	rgb[0] = (int)((v >> 16) & 0xff);
	rgb[1] = (int)((v >> 8) & 0xff);
	rgb[2] = (int)(v & 0xff);
}

/* Pixels of s within `tol` of (r, g, b) in every channel. */
static long pixels_near(cairo_surface_t *s, int r, int g, int b, int tol)
{
	cairo_surface_flush(s);
	long n = 0;
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int c[3];
			pixel(s, x, y, c);
			if (abs(c[0] - r) <= tol && abs(c[1] - g) <= tol && abs(c[2] - b) <= tol)
				n++;
		}
	return n;
}

/* ---- documents made for page breaking --------------------------------------------------- */

static const char *const LOREM =
	"Måluppfyllelsen för verksamheten är relativt hög undantaget antal individer som "
	"förbättrat sin förmåga till arbete eller studier. Denna avvikelse har främst två "
	"orsaker, och båda är beskrivna i uppföljningen. ";

static void cover_fields(struct doc *d)
{
	doc_init(d);
	d->title = doc_strdup(d, "Årsredovisning");
	d->org_name = doc_strdup(d, "Samordningsförbundet Prov");
	d->orgnr = doc_strdup(d, "222000-0000");
	d->period_text = doc_strdup(d, "1 januari–31 december 2023");
}

static void add_heading(struct doc *d, int level, const char *number, const char *text)
{
	struct doc_block *b = doc_add_block(d, DB_HEADING);
	b->u.heading.level = level;
	b->u.heading.number = doc_strdup(d, number);
	b->u.heading.in_toc = true;
	doc_run_add(d, &b->u.heading.runs, text, DOC_PLAIN);
}

static void add_paragraph(struct doc *d, const char *text, int times)
{
	struct doc_block *p = doc_add_block(d, DB_PARAGRAPH);
	for (int i = 0; i < times; i++)
		doc_run_add(d, &p->u.paragraph, text, DOC_PLAIN);
}

/* ---- the sample ------------------------------------------------------------------------- */

static void sample_opens_with_a_page_count_in_range(void **state)
{
	(void)state;
	struct out o;
	render_sample(&o);
	/* cover, contents, section 1 (card, matrix, three charts), a page
	 * break, then 120 rows of at least 11 pt (more than one page of
	 * 708 pt) and the signatures: at least 5 pages, and not twice that */
	assert_in_range(o.pages, 5, 12);
	out_free(&o);
}

static void cover_has_title_period_note_and_orgnr_but_no_header_or_footer(void **state)
{
	(void)state;
	struct out o;
	render_sample(&o);
	char *t = page_text(&o, 1);
	assert_non_null(strstr(t, "Delårsredovisning"));
	assert_non_null(strstr(t, "1 januari–30 juni 2023"));
	assert_non_null(strstr(t, "Beslutad av styrelsen 2023-09-13"));
	assert_non_null(strstr(t, "Organisationsnummer: 222000-2493"));
	assert_non_null(strstr(t, "Finsam Lekeberg Örebro"));
	assert_null(strstr(t, "Sida"));
	assert_null(strstr(t, "Innehållsförteckning"));
	free(t);
	out_free(&o);
}

static void pages_after_the_cover_have_the_org_in_the_header_and_sida_n_av_m(void **state)
{
	(void)state;
	struct out o;
	render_sample(&o);
	for (int n = 2; n <= o.pages; n++) {
		char *t = page_text(&o, n);
		char want[64];
		snprintf(want, sizeof want, "Sida %d av %d", n, o.pages);
		char *first = xstrndup(t, strcspn(t, "\n"));
		assert_non_null(strstr(first, "Finsam Lekeberg Örebro"));
		assert_non_null(strstr(t, want));
		free(first);
		free(t);
	}
	out_free(&o);
}

static void toc_lists_every_heading_with_the_page_it_lands_on(void **state)
{
	(void)state;
	struct out o;
	render_sample(&o);
	char *toc = page_text(&o, 2);
	assert_non_null(strstr(toc, "Innehållsförteckning"));
	static const char *const headings[] = {
		"1 Förvaltningsberättelse",
		"1.1 Viktiga förhållanden för resultat och ekonomisk ställning",
		"1.2 Uppföljning av insatser",
		"2 Resultaträkning",
		"3 Bilaga",
		"4 Styrelsens underskrift",
	};
	for (size_t i = 0; i < sizeof headings / sizeof *headings; i++) {
		int real = heading_page(&o, headings[i], 3);
		assert_true(real >= 3);
		assert_int_equal(toc_page(toc, headings[i]), real);
	}
	/* the sample's page break puts section 2 on a page of its own start */
	assert_true(heading_page(&o, "2 Resultaträkning", 3) > heading_page(&o, "1.2 Uppföljning av insatser", 3));
	free(toc);
	out_free(&o);
}

/* Lines of `text` after the line holding `needle` that are neither
 * blank nor the footer. */
static int lines_after(const char *text, const char *needle)
{
	const char *h = strstr(text, needle);
	if (!h)
		return -1;
	int n = 0;
	for (const char *l = strchr(h, '\n'); l && l[1]; l = strchr(l + 1, '\n')) {
		const char *s = l + 1;
		while (*s == ' ')
			s++;
		if (*s != '\n' && *s && strncmp(s, "Sida ", 5) != 0)
			n++;
	}
	return n;
}

static void no_heading_of_the_sample_ends_a_page(void **state)
{
	(void)state;
	struct out o;
	render_sample(&o);
	static const char *const headings[] = {
		"1 Förvaltningsberättelse", "1.1 Viktiga förhållanden", "1.2 Uppföljning av insatser",
		"2 Resultaträkning", "3 Bilaga", "4 Styrelsens underskrift",
	};
	for (size_t i = 0; i < sizeof headings / sizeof *headings; i++) {
		int page = heading_page(&o, headings[i], 3);
		assert_true(page >= 3);
		char *t = page_text(&o, page);
		if (lines_after(t, headings[i]) < 1)
			fail_msg("\"%s\" ends page %d", headings[i], page);
		free(t);
	}
	/* the signatures stay together, under their heading */
	int page = heading_page(&o, "4 Styrelsens underskrift", 3);
	char *t = page_text(&o, page);
	assert_non_null(strstr(t, "Carola Johansson"));
	assert_non_null(strstr(t, "Christopher Hedbom Rydæus"));
	assert_non_null(strstr(t, "Vice ordförande"));
	free(t);
	out_free(&o);
}

static void figures_are_set_in_swedish_typography(void **state)
{
	(void)state;
	struct out o;
	render_sample(&o);
	char *t = all_text(&o);
	/* pdftotext reports the narrow no-break space (U+202F) as a plain
	 * space; the minus is a real minus (U+2212) */
	assert_non_null(strstr(t, "4 271 231"));
	assert_non_null(strstr(t, "\u2212266 690"));
	assert_non_null(strstr(t, "\u22124 270 918"));
	assert_non_null(strstr(t, "48 %"));
	assert_null(strstr(t, "-266"));
	free(t);
	/* ... and it is narrower than a word space: compare the gaps around
	 * "till 4 271 231" in pdftotext's word boxes */
	char *bbox = run("pdftotext -bbox -f 3 -l 3 '%s' -", o.pdf);
	double x0[4] = { 0 }, x1[4] = { 0 };
	static const char *const words[] = { ">till<", ">4<", ">271<", ">231<" };
	for (int i = 0; i < 4; i++) {
		const char *w = strstr(bbox, words[i]);
		assert_non_null(w);
		const char *line = w;
		while (line > bbox && line[-1] != '\n')
			line--;
		assert_int_equal(sscanf(strstr(line, "xMin="), "xMin=\"%lf\"", &x0[i]), 1);
		assert_int_equal(sscanf(strstr(line, "xMax="), "xMax=\"%lf\"", &x1[i]), 1);
	}
	double word_gap = x0[1] - x1[0], thin_gap = x0[2] - x1[1];
	assert_true(thin_gap > 0.5);
	assert_true(thin_gap < word_gap - 0.3);
	assert_true(x0[3] - x1[2] < word_gap - 0.3);
	free(bbox);
	out_free(&o);
}

static void long_table_breaks_across_pages_with_its_header_on_each(void **state)
{
	(void)state;
	struct out o;
	render_sample(&o);
	int first = 0, last = 0;
	for (int n = 3; n <= o.pages; n++) {
		char *t = page_text(&o, n);
		if (strstr(t, "Rad nummer ")) {
			if (!first)
				first = n;
			last = n;
			char *head = line_with(t, "Belopp");
			assert_non_null(head);
			assert_non_null(strstr(head, "Antal"));
			assert_non_null(strstr(head, "Andel"));
			free(head);
			if (n > first)
				assert_non_null(strstr(t, "En lång tabell (forts.)"));
		}
		free(t);
	}
	assert_true(first > 0);
	assert_true(last >= first + 1);
	/* every row once, none lost at a break or drawn twice */
	char *t = all_text(&o);
	for (int i = 1; i <= DOCSAMPLE_LONG_ROWS; i++) {
		char row[32];
		snprintf(row, sizeof row, "Rad nummer %d ", i);
		assert_int_equal(count(t, row), 1);
	}
	char *sum = line_with(t, "Summa");
	assert_non_null(sum);
	assert_non_null(strstr(sum, "8 962 963 680"));
	free(sum);
	free(t);
	out_free(&o);
}

static void every_font_is_embedded(void **state)
{
	(void)state;
	struct out o;
	render_sample(&o);
	char *fonts = run("pdffonts '%s'", o.pdf);
	int nfonts = 0;
	bool liberation = false;
	char *save = NULL;
	int line = 0;
	for (char *l = strtok_r(fonts, "\n", &save); l; l = strtok_r(NULL, "\n", &save), line++) {
		if (line < 2)
			continue; /* the column titles and the rule */
		char *tok[16];
		int n = 0;
		char *s2 = NULL;
		for (char *w = strtok_r(l, " ", &s2); w && n < 16; w = strtok_r(NULL, " ", &s2))
			tok[n++] = w;
		assert_true(n >= 7);
		/* ... emb sub uni object ID */
		assert_string_equal(tok[n - 5], "yes");
		liberation |= strstr(tok[0], "Liberation") != NULL;
		nfonts++;
	}
	assert_true(nfonts >= 2);
	assert_true(liberation);
	free(fonts);
	out_free(&o);
}

static void no_page_is_blank(void **state)
{
	(void)state;
	struct out o;
	render_sample(&o);
	for (int n = 1; n <= o.pages; n++) {
		cairo_surface_t *s = raster(&o, n, 30);
		long all = (long)cairo_image_surface_get_width(s) * cairo_image_surface_get_height(s);
		long white = pixels_near(s, 255, 255, 255, 8);
		/* header, footer and some content: more than 0.5 % of the page */
		assert_true(all - white > all / 200);
		cairo_surface_destroy(s);
	}
	out_free(&o);
}

static void status_colours_are_painted_with_their_words(void **state)
{
	(void)state;
	struct out o;
	render_sample(&o);
	int page = heading_page(&o, "Aktivitetsmål", 3);
	assert_true(page >= 3);
	char *t = page_text(&o, page);
	assert_non_null(strstr(t, "Uppnått"));
	assert_non_null(strstr(t, "Delvis uppnått"));
	assert_non_null(strstr(t, "Ej uppnått"));
	free(t);
	cairo_surface_t *s = raster(&o, page, 30);
	assert_true(pixels_near(s, 217, 237, 211, 10) > 50);  /* green */
	assert_true(pixels_near(s, 255, 241, 189, 10) > 50);  /* yellow */
	assert_true(pixels_near(s, 248, 208, 203, 10) > 50);  /* red */
	cairo_surface_destroy(s);
	out_free(&o);
}

static void metadata_names_the_report(void **state)
{
	(void)state;
	struct out o;
	render_sample(&o);
	char *info = run("pdfinfo '%s'", o.pdf);
	char *title = line_with(info, "Title:");
	assert_non_null(title);
	assert_non_null(strstr(title, "Delårsredovisning 2023 – Finsam Lekeberg Örebro"));
	char *author = line_with(info, "Author:");
	assert_non_null(author);
	assert_non_null(strstr(author, "Finsam Lekeberg Örebro"));
	assert_non_null(strstr(info, "Page size:       595.276 x 841.89 pts (A4)"));
	free(title);
	free(author);
	free(info);
	out_free(&o);
}

static void headings_are_destinations_linked_from_the_toc_and_bookmarked(void **state)
{
	(void)state;
	struct out o;
	render_sample(&o);
	/* named destinations on the pages the headings land on */
	char *dests = run("pdfinfo -dests '%s'", o.pdf);
	int page = heading_page(&o, "2 Resultaträkning", 3);
	char want[32];
	snprintf(want, sizeof want, "%4d [ XYZ", page);
	int found = 0;
	for (char *l = dests; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		found += strncmp(l, want, strlen(want)) == 0;
	assert_true(found >= 1);
	free(dests);
	size_t n;
	char *raw = test_read(o.pdf, &n);
	assert_non_null(raw);
	/* six TOC entries link to destinations; there is an outline */
	size_t links = 0;
	for (size_t i = 0; i + 10 < n; i++)
		links += memcmp(raw + i, "/Dest (b", 8) == 0;
	assert_true(links >= 6 + 6);  /* the TOC's links and the bookmarks */
	assert_non_null(memmem(raw, n, "/Type /Outlines", 15));
	free(raw);
	out_free(&o);
}

static void renders_are_byte_identical_with_source_date_epoch(void **state)
{
	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1694563200", 1); /* 2023-09-13 00:00:00 UTC */
	struct out a, b;
	render_sample(&a);
	render_sample(&b);
	unsetenv("SOURCE_DATE_EPOCH");
	size_t na, nb;
	char *da = test_read(a.pdf, &na), *db = test_read(b.pdf, &nb);
	assert_non_null(da);
	assert_non_null(db);
	assert_int_equal(na, nb);
	assert_memory_equal(da, db, na);
	char *info = run("pdfinfo -isodates '%s'", a.pdf);
	assert_non_null(strstr(info, "2023-09-13T00:00:00"));
	free(info);
	free(da);
	free(db);
	out_free(&a);
	out_free(&b);
}

/* The number of entries in dir but . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static void render_bytes_gives_the_file_in_memory_and_leaves_no_temporary_file(void **state)
{
	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1694563200", 1);
	char *tmp = test_tempdir();
	setenv("TMPDIR", tmp, 1);
	struct out file;
	render_sample(&file);
	struct doc d;
	docsample_build(&d);
	struct buf bytes = BUF_INIT(0);
	struct error err = ERROR_INIT;
	buf_puts(&bytes, "före:");
	size_t before = strlen("före:");
	if (!render_bytes(&render_pdf, &d, &bytes, &err))
		fail_msg("%s", err.msg);
	size_t n;
	char *want = test_read(file.pdf, &n);
	assert_non_null(want);
	/* Appended after what the buffer held, byte for byte, NULs and all. */
	assert_int_equal(bytes.len, before + n);
	assert_memory_equal(bytes.data, "före:", before);
	assert_memory_equal(bytes.data + before, want, n);
	assert_int_equal(entries(tmp), 0);

	/* No temporary directory to be had: a Swedish error, nothing appended. */
	char *gone = test_path(tmp, "finns-inte");
	setenv("TMPDIR", gone, 1);
	assert_false(render_bytes(&render_pdf, &d, &bytes, &err));
	assert_non_null(strstr(err.msg, "kan inte skapa en tillfällig katalog"));
	assert_int_equal(bytes.len, before + n);
	unsetenv("TMPDIR");
	unsetenv("SOURCE_DATE_EPOCH");
	error_clear(&err);
	buf_free(&bytes);
	free(want);
	free(gone);
	doc_free(&d);
	out_free(&file);
	test_rmtree(tmp);
	free(tmp);
}

/* ---- edge cases ------------------------------------------------------------------------- */

static void an_empty_document_renders_its_cover_only(void **state)
{
	(void)state;
	struct doc d;
	cover_fields(&d);
	struct out o;
	render_doc(&d, &o);
	assert_int_equal(o.pages, 1);
	char *t = page_text(&o, 1);
	assert_non_null(strstr(t, "Årsredovisning"));
	assert_non_null(strstr(t, "Samordningsförbundet Prov"));
	free(t);
	out_free(&o);
	doc_free(&d);

	/* no fields at all */
	doc_init(&d);
	render_doc(&d, &o);
	assert_int_equal(o.pages, 1);
	out_free(&o);
	doc_free(&d);
}

static void an_unwritable_path_fails_in_swedish(void **state)
{
	(void)state;
	struct doc d;
	docsample_build(&d);
	struct error err = ERROR_INIT;
	assert_false(render_pdf.write(&d, "/nonexistent-finsam-dir/rapport.pdf", &err));
	assert_int_equal(err.code, ERR_INTERNAL);
	assert_non_null(strstr(err.msg, "kunde inte skriva PDF-filen /nonexistent-finsam-dir/rapport.pdf: "));
	error_clear(&err);
	doc_free(&d);
}

/* Odd but possible content renders without a crash and shows what it
 * has: an empty paragraph, a table without rows, a table of one column,
 * a chart block without a chart, an empty list, no signatures, invalid
 * UTF-8, an unnumbered heading, a link. */
static void odd_content_renders_and_links_become_annotations(void **state)
{
	(void)state;
	struct doc d;
	cover_fields(&d);
	add_heading(&d, 1, "1", "Udda innehåll");
	doc_add_block(&d, DB_PARAGRAPH);
	add_paragraph(&d, "\n", 1);
	struct doc_block *h = doc_add_block(&d, DB_HEADING);
	h->u.heading.level = 7;
	doc_run_add(&d, &h->u.heading.runs, "Rubrik utan nummer", DOC_PLAIN);
	doc_add_block(&d, DB_TABLE)->u.table = doc_table_new(&d, "tom", "Tom tabell", DTS_FIGURES, 2);
	struct doc_table *one = doc_table_new(&d, "en", NULL, DTS_GRID, 1);
	doc_table_col(&d, one, 0, "Enda kolumnen", DC_TEXT, 0);
	doc_cell_text(&d, &doc_table_row(&d, one, DR_NORMAL, 9)->cells[0], "Enda cellen", DOC_PLAIN);
	doc_add_block(&d, DB_TABLE)->u.table = one;
	doc_add_block(&d, DB_TABLE);
	doc_add_block(&d, DB_CHART);
	doc_add_block(&d, DB_LIST);
	doc_add_block(&d, DB_SIGNATURES);
	doc_add_block(&d, DB_PAGEBREAK);
	doc_add_block(&d, DB_PAGEBREAK);
	struct doc_block *p = doc_add_block(&d, DB_PARAGRAPH);
	doc_run_add(&d, &p->u.paragraph, "Trasig \xff\xfe text och ", DOC_PLAIN);
	doc_run_add(&d, &p->u.paragraph, "förbundets webbplats", DOC_UNDERLINE);
	p->u.paragraph.v[1].link = doc_strdup(&d, "https://www.finsam.se/l'o");
	struct out o;
	render_doc(&d, &o);
	/* the two page breaks in a row make one new page */
	assert_int_equal(o.pages, 3);
	char *t = all_text(&o);
	assert_non_null(strstr(t, "Rubrik utan nummer"));
	assert_non_null(strstr(t, "Tom tabell"));
	assert_non_null(strstr(t, "Enda kolumnen"));
	assert_non_null(strstr(t, "Enda cellen"));
	assert_non_null(strstr(t, "Trasig"));
	assert_non_null(strstr(t, "förbundets webbplats"));
	free(t);
	size_t n;
	char *raw = test_read(o.pdf, &n);
	assert_non_null(memmem(raw, n, "/URI (https://www.finsam.se/l'o)", 32));
	free(raw);
	out_free(&o);
	doc_free(&d);
}

static void a_row_taller_than_a_page_is_cut_between_its_lines(void **state)
{
	(void)state;
	struct doc d;
	cover_fields(&d);
	add_heading(&d, 1, "1", "En rad högre än en sida");
	struct doc_table *t = doc_table_new(&d, "jatte", "Jätterad", DTS_GRID, 2);
	doc_table_col(&d, t, 0, "Mål", DC_TEXT, 20);
	doc_table_col(&d, t, 1, "Utfall", DC_TEXT, 60);
	struct doc_row *r = doc_table_row(&d, t, DR_NORMAL, 0);
	doc_cell_text(&d, &r->cells[0], "Ett mål", DOC_PLAIN);
	for (int i = 1; i <= 60; i++) {
		char *item = doc_printf(&d, "Punkt %d: %s", i, LOREM);
		doc_cell_text(&d, &r->cells[1], item, DOC_BULLET);
	}
	r->cells[1].status = DS_GREEN;
	doc_add_block(&d, DB_TABLE)->u.table = t;
	struct out o;
	render_doc(&d, &o);
	assert_true(o.pages >= 4);
	char *all = all_text(&o);
	for (int i = 1; i <= 60; i++) {
		char want[32];
		snprintf(want, sizeof want, "Punkt %d:", i);
		assert_int_equal(count(all, want), 1);
	}
	free(all);
	/* the column headers and the caption come again on each page */
	for (int n = 3; n <= o.pages; n++) {
		char *p = page_text(&o, n);
		assert_non_null(strstr(p, "Jätterad (forts.)"));
		char *head = line_with(p, "Utfall");
		assert_non_null(head);
		assert_non_null(strstr(head, "Mål"));
		free(head);
		free(p);
	}
	out_free(&o);
	doc_free(&d);
}

static void a_card_over_pages_repeats_its_band_as_forts(void **state)
{
	(void)state;
	struct doc d;
	cover_fields(&d);
	add_heading(&d, 1, "1", "Uppföljning");
	struct doc_table *t = doc_table_new(&d, "insats", "Coachingteamet Örebro", DTS_CARD, 2);
	doc_table_col(&d, t, 0, "", DC_TEXT, 14);
	doc_table_col(&d, t, 1, "", DC_TEXT, 46);
	t->header = false;
	for (int i = 1; i <= 12; i++) {
		struct doc_row *r = doc_table_row(&d, t, DR_NORMAL, 0);
		char *label = doc_printf(&d, "Etikett %d", i);
		doc_cell_text(&d, &r->cells[0], label, DOC_BOLD);
		for (int k = 0; k < 4; k++)
			doc_cell_text(&d, &r->cells[1], LOREM, DOC_PLAIN);
	}
	doc_add_block(&d, DB_TABLE)->u.table = t;
	struct out o;
	render_doc(&d, &o);
	assert_true(o.pages >= 3);
	char *first = page_text(&o, 2);
	assert_non_null(strstr(first, "Coachingteamet Örebro"));
	assert_null(strstr(first, "(forts.)"));
	free(first);
	for (int n = 3; n <= o.pages; n++) {
		char *p = page_text(&o, n);
		assert_non_null(strstr(p, "Coachingteamet Örebro (forts.)"));
		free(p);
	}
	char *all = all_text(&o);
	for (int i = 1; i <= 12; i++) {
		char want[32];
		snprintf(want, sizeof want, "Etikett %d ", i);
		assert_int_equal(count(all, want), 1);
	}
	free(all);
	out_free(&o);
	doc_free(&d);
}

/* A card row cut by a page break shows its label again where it goes on,
 * so the reader of the next page knows what the text is. */
static void a_card_row_over_a_page_break_repeats_its_label(void **state)
{
	(void)state;
	struct doc d;
	cover_fields(&d);
	add_heading(&d, 1, "1", "Uppföljning");
	struct doc_table *t = doc_table_new(&d, "insats", "Samverkansteamet Örebro", DTS_CARD, 2);
	doc_table_col(&d, t, 0, "", DC_TEXT, 14);
	doc_table_col(&d, t, 1, "", DC_TEXT, 46);
	t->header = false;
	struct doc_row *r = doc_table_row(&d, t, DR_NORMAL, 0);
	doc_cell_text(&d, &r->cells[0], "Insatsägare", DOC_BOLD);
	doc_cell_text(&d, &r->cells[1], "Örebro kommun", DOC_PLAIN);
	r = doc_table_row(&d, t, DR_NORMAL, 0);
	doc_cell_text(&d, &r->cells[0], "Utvärdering", DOC_BOLD);
	for (int k = 0; k < 30; k++)
		doc_cell_text(&d, &r->cells[1], LOREM, DOC_PLAIN);
	doc_add_block(&d, DB_TABLE)->u.table = t;
	struct out o;
	render_doc(&d, &o);
	assert_true(o.pages >= 3);
	for (int n = 2; n <= o.pages; n++) {
		char *p = page_text(&o, n);
		assert_non_null(strstr(p, "Utvärdering"));
		free(p);
	}
	out_free(&o);
	doc_free(&d);
}

/* Whatever the room left above it, a heading has lines of its
 * paragraph under it on its page, and a paragraph broken over pages
 * leaves two lines at least on each. */
static void a_heading_never_ends_a_page(void **state)
{
	(void)state;
	for (int fill = 30; fill <= 66; fill++) {
		struct doc d;
		cover_fields(&d);
		add_heading(&d, 1, "1", "Inledning");
		for (int i = 0; i < fill; i++)
			add_paragraph(&d, "En rad.", 1);
		add_heading(&d, 2, "1.1", "Rubriken att hålla ihop");
		add_paragraph(&d, LOREM, 3);
		struct out o;
		render_doc(&d, &o);
		int page = heading_page(&o, "1.1 Rubriken att hålla ihop", 2);
		assert_true(page >= 2);
		char *t = page_text(&o, page);
		int after = lines_after(t, "1.1 Rubriken att hålla ihop");
		if (after < 2)
			fail_msg("fill %d: %d line(s) under the heading on page %d", fill, after, page);
		free(t);
		out_free(&o);
		doc_free(&d);
	}
}

/* A paragraph of seven lines (hard breaks, so each line can be found),
 * moved down the page one line at a time: wherever it breaks, two lines
 * at least stay at the foot and two go to the next page. */
static void a_paragraph_breaks_with_two_lines_at_least_on_each_page(void **state)
{
	(void)state;
	int broken = 0;
	for (int fill = 30; fill <= 66; fill++) {
		struct doc d;
		cover_fields(&d);
		for (int i = 0; i < fill; i++)
			add_paragraph(&d, "En rad.", 1);
		struct doc_block *p = doc_add_block(&d, DB_PARAGRAPH);
		for (int i = 1; i <= 7; i++) {
			char *line = doc_printf(&d, "Stycke rad %d.", i);
			doc_run_add(&d, &p->u.paragraph, line, DOC_PLAIN);
			if (i < 7)
				doc_run_add(&d, &p->u.paragraph, "\n", DOC_PLAIN);
		}
		struct out o;
		render_doc(&d, &o);
		int total = 0, pages = 0;
		for (int n = 2; n <= o.pages; n++) {
			char *t = page_text(&o, n);
			int k = (int)count(t, "Stycke rad ");
			if (k) {
				pages++;
				if (k < 2)
					fail_msg("fill %d: %d line(s) of the paragraph on page %d", fill, k, n);
			}
			total += k;
			free(t);
		}
		assert_int_equal(total, 7);
		broken += pages > 1;
		out_free(&o);
		doc_free(&d);
	}
	assert_true(broken >= 3);  /* the sweep did break the paragraph */
}

static void a_long_toc_still_gives_the_right_pages(void **state)
{
	(void)state;
	struct doc d;
	cover_fields(&d);
	doc_add_block(&d, DB_TOC);
	doc_add_block(&d, DB_PAGEBREAK);
	for (int i = 1; i <= 70; i++) {
		char *num = doc_printf(&d, "%d", i);
		char *text = doc_printf(&d, "Avsnitt nummer %d", i);
		add_heading(&d, 1, num, text);
		add_paragraph(&d, LOREM, 2 + i % 4);
	}
	struct out o;
	render_doc(&d, &o);
	/* the contents take two pages, and the body starts after them */
	char *p2 = page_text(&o, 2), *p3 = page_text(&o, 3);
	assert_non_null(strstr(p2, "Avsnitt nummer 1 "));
	assert_non_null(strstr(p3, "Avsnitt nummer 70"));
	char *toc = xasprintf("%s%s", p2, p3);
	for (int i = 1; i <= 70; i += 23) {
		char h[64];
		snprintf(h, sizeof h, "%d Avsnitt nummer %d", i, i);
		int real = 0;
		for (int n = 4; n <= o.pages && !real; n++) {
			char *t = page_text(&o, n);
			if (line_starts(t, h))
				real = n;
			free(t);
		}
		assert_true(real >= 4);
		char entry[64];
		snprintf(entry, sizeof entry, "Avsnitt nummer %d ", i);
		assert_int_equal(toc_page(toc, entry), real);
	}
	free(toc);
	free(p2);
	free(p3);
	out_free(&o);
	doc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sample_opens_with_a_page_count_in_range),
		cmocka_unit_test(cover_has_title_period_note_and_orgnr_but_no_header_or_footer),
		cmocka_unit_test(pages_after_the_cover_have_the_org_in_the_header_and_sida_n_av_m),
		cmocka_unit_test(toc_lists_every_heading_with_the_page_it_lands_on),
		cmocka_unit_test(no_heading_of_the_sample_ends_a_page),
		cmocka_unit_test(figures_are_set_in_swedish_typography),
		cmocka_unit_test(long_table_breaks_across_pages_with_its_header_on_each),
		cmocka_unit_test(every_font_is_embedded),
		cmocka_unit_test(no_page_is_blank),
		cmocka_unit_test(status_colours_are_painted_with_their_words),
		cmocka_unit_test(metadata_names_the_report),
		cmocka_unit_test(headings_are_destinations_linked_from_the_toc_and_bookmarked),
		cmocka_unit_test(renders_are_byte_identical_with_source_date_epoch),
		cmocka_unit_test(render_bytes_gives_the_file_in_memory_and_leaves_no_temporary_file),
		cmocka_unit_test(an_empty_document_renders_its_cover_only),
		cmocka_unit_test(an_unwritable_path_fails_in_swedish),
		cmocka_unit_test(odd_content_renders_and_links_become_annotations),
		cmocka_unit_test(a_row_taller_than_a_page_is_cut_between_its_lines),
		cmocka_unit_test(a_card_over_pages_repeats_its_band_as_forts),
		cmocka_unit_test(a_card_row_over_a_page_break_repeats_its_label),
		cmocka_unit_test(a_heading_never_ends_a_page),
		cmocka_unit_test(a_paragraph_breaks_with_two_lines_at_least_on_each_page),
		cmocka_unit_test(a_long_toc_still_gives_the_right_pages),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	test_release_font_caches();
	return failed;
}
