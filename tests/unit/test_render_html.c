/*
 * Unit tests of render/html.c and render/render.c: the sample document as
 * one self-contained HTML5 page (escaping, tables with captions and
 * header cells, inline SVG charts with their descriptions, nothing
 * fetched from outside, a table of contents whose links land, statuses
 * in words, Swedish typography of figures, lists, print rules, and the
 * validator's verdict when tidy is installed); and render_file: choosing
 * a backend by extension, the target appearing only complete, and a
 * failed render leaving no temporary file and an existing target intact.
 */
#include "testlib.h"

#include <cairo.h>
#include <dirent.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "docsample.h"
#include "render/render.h"
#include "util/xalloc.h"

/* ---- helpers ----------------------------------------------------------------------------- */

/* The sample rendered once for the tests that only read it. */
struct page {
	struct doc d;
	char *html;
};

static int page_setup(void **state)
{
	struct page *p = xcalloc(1, sizeof *p);
	docsample_build(&p->d);
	struct error err = ERROR_INIT;
	p->html = render_html_string(&p->d, &err);
	if (!p->html) {
		fprintf(stderr, "render_html_string: %s\n", err.msg);
		error_clear(&err);
		return -1;
	}
	*state = p;
	return 0;
}

static int page_teardown(void **state)
{
	struct page *p = *state;
	free(p->html);
	doc_free(&p->d);
	free(p);
	return 0;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + strlen(needle), needle))
		n++;
	return n;
}

/* The text between `open` (at or after `from`) and the next `close`,
 * allocated; NULL when there is none. */
static char *between(const char *from, const char *open, const char *close)
{
	const char *a = strstr(from, open);
	if (!a)
		return NULL;
	a += strlen(open);
	const char *b = strstr(a, close);
	return b ? xstrndup(a, (size_t)(b - a)) : NULL;
}

static char *render(struct doc *d)
{
	struct error err = ERROR_INIT;
	char *html = render_html_string(d, &err);
	if (!html)
		fail_msg("render_html_string: %s", err.msg);
	return html;
}

/* Names in a directory other than . and .., as one sorted-free list
 * "a|b|"; allocated. */
static char *dir_list(const char *dir)
{
	DIR *dh = opendir(dir);
	assert_non_null(dh);
	char *out = xstrdup("");
	struct dirent *e;
	while ((e = readdir(dh))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *n = xasprintf("%s%s|", out, e->d_name);
		free(out);
		out = n;
	}
	closedir(dh);
	return out;
}

/* ---- the page ---------------------------------------------------------------------------- */

static void page_is_one_swedish_html5_document(void **state)
{
	const char *h = ((struct page *)*state)->html;
	assert_true(strncmp(h, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">",
			    strlen("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">")) ==
		    0);
	assert_non_null(strstr(h, "<title>Delårsredovisning – Finsam Lekeberg Örebro</title>"));
	assert_int_equal(count(h, "<style>"), 1);
	assert_int_equal(count(h, "<body>"), 1);
	assert_int_equal(count(h, "<main>"), 1);
	size_t n = strlen(h);
	assert_string_equal(h + n - strlen("</main>\n</body>\n</html>\n"),
			    "</main>\n</body>\n</html>\n");
}

static void cover_is_a_header_with_the_reports_facts(void **state)
{
	const char *h = ((struct page *)*state)->html;
	char *cover = between(h, "<header class=\"cover\">", "</header>");
	assert_non_null(cover);
	assert_non_null(strstr(cover, "<p class=\"org\">Finsam Lekeberg Örebro</p>"));
	assert_non_null(strstr(cover, "<h1>Delårsredovisning</h1>"));
	assert_non_null(strstr(cover, "<p class=\"period\">1 januari–30 juni 2023</p>"));
	assert_non_null(strstr(cover, "222000-2493"));
	assert_non_null(strstr(cover, "Beslutad av styrelsen 2023-09-13"));
	free(cover);
}

static void text_from_the_document_is_escaped(void **state)
{
	const char *h = ((struct page *)*state)->html;
	/* The page has no script of its own, so none at all may appear. */
	assert_null(strstr(h, "<script"));
	assert_non_null(
		strstr(h, " &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;citat&quot;.</p>"));
	assert_non_null(strstr(h, "arbetssätt &lt;&amp;&gt; för att arbeta"));
}

static void attributes_and_the_style_sheet_are_escaped_too(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d);
	d.title = doc_strdup(&d, "R'apport");
	d.org_name = doc_strdup(&d, "</style><script>alert(1)</script>");
	doc_add_block(&d, DB_TOC);
	struct doc_block *b = doc_add_block(&d, DB_HEADING);
	b->u.heading.level = 1;
	b->u.heading.number = doc_strdup(&d, "1");
	b->u.heading.anchor = doc_strdup(&d, "a\" onclick=\"x()");
	b->u.heading.in_toc = true;
	doc_run_add(&d, &b->u.heading.runs, "Rubrik", DOC_PLAIN);
	struct doc_block *p = doc_add_block(&d, DB_PARAGRAPH);
	doc_run_add(&d, &p->u.paragraph, "farlig", DOC_PLAIN);
	p->u.paragraph.v[0].link = doc_strdup(&d, "javascript:alert(1)");
	doc_run_add(&d, &p->u.paragraph, "säker", DOC_PLAIN);
	p->u.paragraph.v[1].link = doc_strdup(&d, "https://example.org/?a=1&b=\"2\"");
	doc_run_add(&d, &p->u.paragraph, "post", DOC_BOLD);
	p->u.paragraph.v[2].link = doc_strdup(&d, "mailto:kansli@example.org");
	char *h = render(&d);

	assert_null(strstr(h, "<script"));
	/* The org name reaches the running header inside the style sheet as a
	 * CSS string, and cannot end the element. */
	assert_int_equal(count(h, "</style>"), 1);
	assert_non_null(strstr(h, "<p class=\"org\">&lt;/style&gt;&lt;script&gt;"));
	assert_non_null(strstr(h, "<title>R&#39;apport"));
	/* The anchor cannot leave its attribute, and the TOC links to it. */
	assert_non_null(strstr(h, "<h1 id=\"a&quot;-onclick=&quot;x()\">"));
	assert_non_null(strstr(h, "<a href=\"#a&quot;-onclick=&quot;x()\">"));
	/* Only http(s) and mailto become links. */
	assert_null(strstr(h, "javascript:"));
	assert_non_null(strstr(h, "<p>farlig<a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\">"
				  "säker</a><a href=\"mailto:kansli@example.org\"><strong>post</strong>"
				  "</a></p>"));
	free(h);
	doc_free(&d);
}

static void every_table_has_a_caption_and_header_cells(void **state)
{
	struct page *pg = *state;
	size_t ntables = 0;
	struct doc_table **tables = doc_tables(&pg->d, &ntables);
	assert_int_equal(ntables, 4);
	assert_int_equal(count(pg->html, "<table"), ntables);
	const char *p = pg->html;
	for (size_t i = 0; i < ntables; i++) {
		p = strstr(p, "<table");
		char *t = between(p, "<table", "</table>");
		assert_non_null(t);
		char *cap = xasprintf("<caption>%s</caption>", tables[i]->title);
		assert_non_null(strstr(t, cap));
		free(cap);
		if (tables[i]->header)
			assert_int_equal(count(t, "<th scope=\"col\""), tables[i]->ncols);
		else
			assert_null(strstr(t, "<thead>"));
		/* Every row's label is its header. */
		assert_int_equal(count(t, "<th scope=\"row\""), tables[i]->nrows);
		assert_int_equal(count(t, "<tr"), tables[i]->nrows + (tables[i]->header ? 1 : 0));
		free(t);
		p++;
	}
	/* Multi-line column titles keep their line break. */
	assert_non_null(strstr(pg->html, "<th scope=\"col\" class=\"num\">2023-01-01<br>–2023-06-30</th>"));
	assert_non_null(strstr(pg->html, "<th scope=\"col\" class=\"note\">Not</th>"));
}

static void figures_are_right_aligned_in_swedish_typography(void **state)
{
	const char *h = ((struct page *)*state)->html;
	assert_non_null(strstr(h, "<td class=\"num\">4\u202f004\u202f544</td>"));
	assert_non_null(strstr(h, "<td class=\"num\">\u22124\u202f270\u202f918</td>"));
	assert_non_null(strstr(h, "<td class=\"num\">\u2212266\u202f690</td>"));
	/* Row 100 of the long table: 37 % and an amount in the millions. */
	assert_non_null(strstr(h, ">Rad nummer 100</th><td class=\"num\">100</td>"
				  "<td class=\"num\">37\u00a0%</td>"
				  "<td class=\"num\">123\u202f456\u202f800</td>"));
	assert_non_null(strstr(h, "<td class=\"num\">8\u202f962\u202f963\u202f680</td>"));
	/* No ASCII hyphen as a minus sign in a figure cell. */
	assert_null(strstr(h, "<td class=\"num\">-"));
	assert_non_null(strstr(h, ".num{text-align:right;font-variant-numeric:tabular-nums;"));
}

static void row_kinds_and_indents_are_classes(void **state)
{
	const char *h = ((struct page *)*state)->html;
	assert_non_null(strstr(h, "<tr class=\"r-total\"><th scope=\"row\"><strong>Årets resultat"
				  "</strong></th><td class=\"note\"></td>"));
	assert_non_null(strstr(h, "<tr class=\"r-total\"><th scope=\"row\"><strong>Summa</strong>"));
	assert_non_null(strstr(h, "<tr><th scope=\"row\" class=\"i1\">Rad nummer 1</th>"));
	assert_non_null(strstr(h, "<tr><th scope=\"row\" class=\"i2\">Rad nummer 2</th>"));
	assert_non_null(strstr(h, "<tr><th scope=\"row\">Rad nummer 3</th>"));
	assert_non_null(strstr(h, "tr.r-total>*{font-weight:bold;border-top:1px solid"));
	assert_non_null(strstr(h, "border-bottom:3px double"));
}

static void statuses_are_colour_and_words(void **state)
{
	const char *h = ((struct page *)*state)->html;
	/* The card's red row says it in its label cell. */
	assert_non_null(strstr(h, "<tr class=\"st-red\"><th scope=\"row\"><strong>Resultatmål, utfall"
				  "</strong><span class=\"st-label st-label-red\">Ej uppnått</span></th>"));
	/* The matrix's cells say theirs; the rows do not repeat it. */
	assert_non_null(strstr(h, "<td class=\"st-green\">"));
	assert_non_null(strstr(h, "<span class=\"st-label st-label-green\">Uppnått</span></td>"));
	assert_non_null(
		strstr(h, "<span class=\"st-label st-label-yellow\">Delvis uppnått</span></td>"));
	assert_int_equal(count(h, "<span class=\"st-label"), 4);
	assert_non_null(strstr(h, ".st-red,.tbl-card tbody tr.st-red>th{background:"));
}

static void bullets_in_cells_are_lists(void **state)
{
	const char *h = ((struct page *)*state)->html;
	assert_non_null(strstr(h, "<td>Vägledning, kartläggning och uppföljning. Personal:"
				  "<ul class=\"cell-list\"><li>20 % Arbetsmarknadskonsulent, "
				  "Lekebergs kommun.</li><li>15 % Arbetsförmedlare, "
				  "Arbetsförmedlingen.</li></ul></td>"));
	/* An item runs on through its styled runs until the next bullet. */
	assert_non_null(strstr(h, "<ul class=\"cell-list\"><li>Arbete pågår med en <em>Lokal "
				  "behovsanalys</em>.</li></ul>"));
	/* "\n" is a line break, a live figure is marked. */
	assert_non_null(strstr(h, "<em>Arbeta med 30 individer totalt under året.</em><br>"
				  "<span class=\"fig\">9 individer, 6 kvinnor och 3 män.</span>"));
}

static void cards_and_grids_have_their_own_style(void **state)
{
	const char *h = ((struct page *)*state)->html;
	assert_non_null(strstr(h, "<table class=\"tbl tbl-card\" id=\"t-insats-mtl\">\n"
				  "<caption>Mottagningsteamet Lekeberg</caption>"));
	assert_non_null(strstr(h, "<table class=\"tbl tbl-grid\" id=\"t-mal-aktivitet\">"));
	assert_non_null(strstr(h, "<table class=\"tbl tbl-figures\" id=\"t-resultatrakning\">"));
	/* Widths shared out from the relative widths: 14 and 46 of 60. */
	assert_non_null(strstr(h, "<colgroup><col style=\"width:23.3%\"><col style=\"width:76.7%\">"
				  "</colgroup>"));
}

static void charts_are_inline_svg_described_in_words(void **state)
{
	struct page *pg = *state;
	const char *h = pg->html;
	assert_int_equal(count(h, "<svg"), 3);
	assert_int_equal(count(h, "</svg>"), 3);
	assert_null(strstr(h, "<?xml"));
	const char *alts[] = {
		"Stapeldiagram: budget och utfall per insats.",
		"Linjediagram: eget kapital 2022–2025 mot taket.",
		"Staplade staplar: kvinnor och män per insats.",
	};
	const char *titles[] = { "Budget och utfall per insats", "Eget kapital och tak",
				 "Deltagare efter kön" };
	const char *p = h;
	for (int i = 0; i < 3; i++) {
		char *fig = xasprintf("<figure class=\"chart\" role=\"img\" aria-label=\"%s\">\n"
				      "<figcaption>%s</figcaption>\n<svg",
				      alts[i], titles[i]);
		const char *at = strstr(p, fig);
		assert_non_null(at);
		free(fig);
		p = at + 1;
	}
	assert_int_equal(count(h, "</figure>"), 3);
}

/* Every id="..." in the page is unique (the SVGs' glyphs and clip paths
 * included: cairo numbers them from 1 in every chart). */
static void ids_are_unique(void **state)
{
	const char *h = ((struct page *)*state)->html;
	size_t n = 0, cap = 0;
	char **ids = NULL;
	for (const char *p = strstr(h, " id=\""); p; p = strstr(p + 1, " id=\"")) {
		const char *a = p + 5, *b = strchr(a, '"');
		assert_non_null(b);
		char *id = xstrndup(a, (size_t)(b - a));
		for (size_t i = 0; i < n; i++)
			if (strcmp(ids[i], id) == 0)
				fail_msg("id \"%s\" twice", id);
		ids = xgrow(ids, &cap, n + 1, sizeof *ids);
		ids[n++] = id;
	}
	assert_true(n >= 10); /* headings and tables at least */
	/* Every fragment reference points to one of them. */
	for (const char *p = strstr(h, "href=\"#"); p; p = strstr(p + 1, "href=\"#")) {
		const char *a = p + 7, *b = strchr(a, '"');
		char *ref = xstrndup(a, (size_t)(b - a));
		bool found = false;
		for (size_t i = 0; i < n && !found; i++)
			found = strcmp(ids[i], ref) == 0;
		if (!found)
			fail_msg("href=\"#%s\" points nowhere", ref);
		free(ref);
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

static void nothing_is_fetched_from_outside(void **state)
{
	const char *h = ((struct page *)*state)->html;
	const char *attrs[] = { "src=", "href=", "url(", "srcset=", "@import", "<link", "<img",
				"<iframe", "<object", "<embed" };
	for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
		for (const char *p = strstr(h, attrs[i]); p; p = strstr(p + 1, attrs[i])) {
			const char *v = p + strlen(attrs[i]);
			if (*v == '"')
				v++;
			/* Only references inside the page. */
			if (*v != '#')
				fail_msg("outside reference: %.60s", p);
		}
	}
	assert_null(strstr(h, "\"http"));
	assert_null(strstr(h, "(http"));
}

static void toc_links_every_numbered_heading(void **state)
{
	const char *h = ((struct page *)*state)->html;
	char *nav = between(h, "<nav class=\"toc\" aria-label=\"Innehållsförteckning\">", "</nav>");
	assert_non_null(nav);
	assert_int_equal(count(nav, "<li"), 6);
	assert_non_null(strstr(nav, "<li class=\"toc-l1\"><a href=\"#h-1\"><span class=\"toc-num\">1"
				    "</span><span class=\"toc-text\">Förvaltningsberättelse</span>"
				    "</a></li>"));
	assert_non_null(strstr(nav, "<li class=\"toc-l2\"><a href=\"#h-1.1\"><span class=\"toc-num\">"
				    "1.1</span><span class=\"toc-text\">Viktiga förhållanden"));
	const char *wanted[] = { "h-1", "h-1.1", "h-1.2", "h-2", "h-3", "h-4" };
	for (size_t i = 0; i < 6; i++) {
		char *link = xasprintf("href=\"#%s\"", wanted[i]);
		char *id = xasprintf(" id=\"%s\">", wanted[i]);
		assert_int_equal(count(nav, link), 1);
		assert_int_equal(count(h, id), 1);
		free(link);
		free(id);
	}
	free(nav);
	assert_non_null(strstr(h, "<h2 id=\"h-1.1\"><span class=\"hnum\">1.1</span> Viktiga"));
	assert_non_null(strstr(h, "<h1 id=\"h-2\"><span class=\"hnum\">2</span> Resultaträkning</h1>"));
}

static void lists_nest_by_level(void **state)
{
	const char *h = ((struct page *)*state)->html;
	assert_non_null(strstr(h, "<ul class=\"list\">\n<li>Punkt i en lista</li>\n<li>Punkt i en "
				  "lista<ul>\n<li>Underpunkt</li>\n</ul></li>\n</ul>\n"));

	/* Levels that jump and fall back still give well-formed lists. */
	struct doc d;
	doc_init(&d);
	struct doc_block *l = doc_add_block(&d, DB_LIST);
	const int levels[] = { 2, 0, 3, 1, 0, 1 };
	l->u.list.ordered = true;
	l->u.list.nitems = 6;
	l->u.list.items = arena_alloc(&d.arena, 6 * sizeof *l->u.list.items);
	for (int i = 0; i < 6; i++) {
		l->u.list.items[i] = (struct doc_list_item){ .level = levels[i] };
		doc_run_add(&d, &l->u.list.items[i].runs, "x", DOC_PLAIN);
	}
	char *out = render(&d);
	char *body = between(out, "<main>\n", "</main>");
	assert_string_equal(body, "<ol class=\"list\">\n<li>x</li>\n<li>x<ol>\n<li>x</li>\n"
				  "<li>x</li>\n</ol></li>\n<li>x<ol>\n<li>x</li>\n</ol></li>\n</ol>\n");
	free(body);
	free(out);
	doc_free(&d);
}

static void signatures_are_names_and_roles_on_lines(void **state)
{
	const char *h = ((struct page *)*state)->html;
	assert_non_null(strstr(h, "<section class=\"signatures\" aria-label=\"Underskrifter\">\n"
				  "<p>Årsredovisningen signeras digitalt av styrelsens ledamöter.</p>"));
	assert_int_equal(count(h, "<li class=\"sig\"><div class=\"sig-line\"></div>"), 3);
	assert_non_null(strstr(h, "<p class=\"sig-name\">Christopher Hedbom Rydæus</p>"
				  "<p class=\"sig-role\">Ledamot</p>"));
}

static void print_rules_for_a4(void **state)
{
	const char *h = ((struct page *)*state)->html;
	assert_non_null(strstr(h, "@page{size:A4;margin:"));
	assert_int_equal(count(h, "<div class=\"page-break\"></div>"), 2);
	assert_non_null(strstr(h, ".page-break{break-before:page;page-break-before:always;}"));
	assert_non_null(strstr(h, "thead{display:table-header-group;}"));
	assert_non_null(strstr(h, "tr,figure,.sig,caption{break-inside:avoid;"));
	/* The running header names the report, as a CSS string. */
	assert_non_null(strstr(h, "@page{@top-left{content:\"Finsam Lekeberg Örebro – Delårsredovisning\";"));
}

/* tidy's verdict: 0 is clean, 1 warnings, 2 errors. */
static void tidy_finds_nothing_to_complain_about(void **state)
{
	if (system("command -v tidy >/dev/null 2>&1") != 0) {
		fprintf(stderr, "tidy is not installed (scripts/install-deps test): skipped\n");
		skip();
	}
	const char *h = ((struct page *)*state)->html;
	char *dir = test_tempdir();
	char *path = test_write(dir, "r.html", h, -1);
	char *cmd = xasprintf("tidy -q -e '%s' 2>&1", path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char out[4096];
	size_t n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	int rc = pclose(p);
	if (rc != 0)
		fail_msg("tidy: %s", out);
	free(cmd);
	free(path);
	test_rmtree(dir);
	free(dir);
}

static void the_same_document_gives_the_same_page(void **state)
{
	struct page *pg = *state;
	struct doc d;
	docsample_build(&d);
	char *again = render(&d);
	assert_string_equal(again, pg->html);
	free(again);
	doc_free(&d);
}

static void a_chart_that_cannot_be_drawn_fails_the_page(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d);
	/* No categories: whatever chart.c makes of it, the page either has
	 * the chart or fails with a message; it never has half a figure. */
	struct doc_chart *c = doc_chart_new(&d, DCH_BARS, "Tom", "kr", 100, 0, 0);
	doc_add_block(&d, DB_CHART)->u.chart = c;
	struct error err = ERROR_INIT;
	char *h = render_html_string(&d, &err);
	if (h) {
		assert_int_equal(count(h, "<figure"), 1);
		assert_int_equal(count(h, "</figure>"), 1);
		assert_non_null(strstr(h, "aria-label=\"Tom\""));
	} else {
		assert_true(error_isset(&err));
		assert_non_null(err.msg);
	}
	free(h);
	error_clear(&err);
	doc_free(&d);
}

/* ---- render_for_path and render_file ----------------------------------------------------- */

static void backend_is_chosen_by_extension(void **state)
{
	(void)state;
	assert_ptr_equal(render_for_path("rapport.html"), &render_html);
	assert_ptr_equal(render_for_path("ut/Rapport.HTM"), &render_html);
	assert_ptr_equal(render_for_path("/tmp/a.b/rapport.Pdf"), &render_pdf);
	assert_ptr_equal(render_for_path("rapport.xlsx"), &render_xlsx);
	assert_null(render_for_path("rapport.csv"));
	assert_null(render_for_path("rapport"));
	assert_null(render_for_path("ut.html/rapport"));
	assert_null(render_for_path(".html"));
	assert_null(render_for_path("rapport.html.bak"));
	assert_null(render_for_path(""));
}

static void render_file_writes_the_whole_page_and_nothing_else(void **state)
{
	struct page *pg = *state;
	char *dir = test_tempdir();
	char *path = test_path(dir, "rapport.html");
	struct error err = ERROR_INIT;
	assert_true(render_file(&render_html, &pg->d, path, &err));
	size_t n = 0;
	char *got = test_read(path, &n);
	assert_non_null(got);
	assert_int_equal(n, strlen(pg->html));
	assert_memory_equal(got, pg->html, n);
	char *names = dir_list(dir);
	assert_string_equal(names, "rapport.html|");
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	mode_t mask = umask(0);
	umask(mask);
	assert_int_equal(sb.st_mode & 0777, 0666 & ~mask);
	free(names);
	free(got);
	free(path);
	test_rmtree(dir);
	free(dir);
}

/* A backend that checks, while it writes, that the target does not exist
 * yet and that its own file is a temporary one beside the target; the
 * doc carries the target's name in (title) and the verdict out
 * (cover_note), since a renderer has nothing else. */
static bool watching_write(struct doc *d, const char *path, struct error *err)
{
	(void)err;
	const char *target = d->title;
	bool beside = strncmp(path, target, strlen(target)) == 0 &&
		      strncmp(path + strlen(target), ".tmp-", 5) == 0;
	bool absent = access(target, F_OK) != 0;
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	fputs("<!DOCTYPE html>komplett", f);
	fclose(f);
	d->cover_note = doc_strdup(d, beside && absent ? "ok" : "fel");
	return true;
}

static void the_target_appears_only_when_complete(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	char *path = test_path(dir, "ny.html");
	struct doc d;
	doc_init(&d);
	d.title = doc_strdup(&d, path);
	const struct renderer watch = { "watch", ".html", watching_write };
	struct error err = ERROR_INIT;
	assert_true(render_file(&watch, &d, path, &err));
	assert_string_equal(d.cover_note, "ok");
	size_t n;
	char *got = test_read(path, &n);
	assert_string_equal(got, "<!DOCTYPE html>komplett");
	char *names = dir_list(dir);
	assert_string_equal(names, "ny.html|");
	free(names);
	free(got);
	doc_free(&d);
	free(path);
	test_rmtree(dir);
	free(dir);
}

/* A backend that writes half a file and then fails. */
static bool failing_write(struct doc *d, const char *path, struct error *err)
{
	(void)d;
	FILE *f = fopen(path, "wb");
	if (f) {
		fputs("<!DOCTYPE html><p>halv", f);
		fclose(f);
	}
	error_set(err, ERR_INTERNAL, "diagrammet kunde inte ritas");
	return false;
}

static void a_failed_render_keeps_the_old_target_and_leaves_no_temporary_file(void **state)
{
	struct page *pg = *state;
	char *dir = test_tempdir();
	char *path = test_write(dir, "rapport.html", "gammal rapport", -1);
	const struct renderer failing = { "failing", ".html", failing_write };
	struct error err = ERROR_INIT;
	assert_false(render_file(&failing, &pg->d, path, &err));
	assert_int_equal(err.code, ERR_INTERNAL);
	char *want = xasprintf("kan inte skriva %s: diagrammet kunde inte ritas", path);
	assert_string_equal(err.msg, want);
	free(want);
	size_t n;
	char *got = test_read(path, &n);
	assert_string_equal(got, "gammal rapport");
	char *names = dir_list(dir);
	assert_string_equal(names, "rapport.html|");
	free(names);
	free(got);
	error_clear(&err);
	free(path);
	test_rmtree(dir);
	free(dir);
}

static void a_directory_that_cannot_be_written_is_a_swedish_error(void **state)
{
	struct page *pg = *state;
	char *dir = test_tempdir();
	struct error err = ERROR_INIT;

	/* A directory that does not exist. */
	char *path = xasprintf("%s/finns-inte/rapport.html", dir);
	assert_false(render_file(&render_html, &pg->d, path, &err));
	assert_int_equal(err.code, ERR_INPUT);
	char *want = xasprintf("kan inte skriva %s: ", path);
	assert_true(strncmp(err.msg, want, strlen(want)) == 0);
	free(want);
	free(path);
	error_clear(&err);

	/* A "directory" that is a file. */
	char *file = test_write(dir, "fil", "x", -1);
	path = xasprintf("%s/rapport.html", file);
	assert_false(render_file(&render_html, &pg->d, path, &err));
	assert_int_equal(err.code, ERR_INPUT);
	assert_non_null(strstr(err.msg, "kan inte skriva"));
	free(path);
	free(file);
	error_clear(&err);

	/* A directory without write permission (root may write anyway). */
	if (geteuid() != 0) {
		char *ro = test_path(dir, "skrivskyddad");
		assert_int_equal(mkdir(ro, 0500), 0);
		path = test_path(ro, "rapport.html");
		assert_false(render_file(&render_html, &pg->d, path, &err));
		assert_non_null(strstr(err.msg, "kan inte skriva"));
		char *names = dir_list(ro);
		assert_string_equal(names, "");
		free(names);
		chmod(ro, 0700);
		free(path);
		free(ro);
		error_clear(&err);
	}
	char *names = dir_list(dir);
	assert_string_equal(names, "fil|");
	free(names);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(page_is_one_swedish_html5_document),
		cmocka_unit_test(cover_is_a_header_with_the_reports_facts),
		cmocka_unit_test(text_from_the_document_is_escaped),
		cmocka_unit_test(attributes_and_the_style_sheet_are_escaped_too),
		cmocka_unit_test(every_table_has_a_caption_and_header_cells),
		cmocka_unit_test(figures_are_right_aligned_in_swedish_typography),
		cmocka_unit_test(row_kinds_and_indents_are_classes),
		cmocka_unit_test(statuses_are_colour_and_words),
		cmocka_unit_test(bullets_in_cells_are_lists),
		cmocka_unit_test(cards_and_grids_have_their_own_style),
		cmocka_unit_test(charts_are_inline_svg_described_in_words),
		cmocka_unit_test(ids_are_unique),
		cmocka_unit_test(nothing_is_fetched_from_outside),
		cmocka_unit_test(toc_links_every_numbered_heading),
		cmocka_unit_test(lists_nest_by_level),
		cmocka_unit_test(signatures_are_names_and_roles_on_lines),
		cmocka_unit_test(print_rules_for_a4),
		cmocka_unit_test(tidy_finds_nothing_to_complain_about),
		cmocka_unit_test(the_same_document_gives_the_same_page),
		cmocka_unit_test(a_chart_that_cannot_be_drawn_fails_the_page),
		cmocka_unit_test(backend_is_chosen_by_extension),
		cmocka_unit_test(render_file_writes_the_whole_page_and_nothing_else),
		cmocka_unit_test(the_target_appears_only_when_complete),
		cmocka_unit_test(a_failed_render_keeps_the_old_target_and_leaves_no_temporary_file),
		cmocka_unit_test(a_directory_that_cannot_be_written_is_a_swedish_error),
	};
	int failed = cmocka_run_group_tests(tests, page_setup, page_teardown);
	test_release_font_caches();
	return failed;
}
