/*
 * Unit tests of render/xlsx.c: the sample rendered to a workbook and read
 * back part by part with unzip. A cover sheet and a sheet per table, in
 * order, with cleaned and unique names; figures stored as numbers (whole
 * kronor, percentages as fractions, counts) with their number formats;
 * sums bold with a rule; texts in the shared strings; frozen header rows;
 * statuses in words; the document's properties with SOURCE_DATE_EPOCH's
 * time; and a file that cannot be written as a Swedish error.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docsample.h"
#include "render/render.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* 2023-11-14T22:13:20Z */
#define EPOCH "1700000000"

struct book {
	char *dir;
	char *path; /* the sample as .xlsx */
};

static char *render_to(struct doc *d, const char *dir, const char *name)
{
	char *path = test_path(dir, name);
	struct error err = ERROR_INIT;
	if (!render_file(&render_xlsx, d, path, &err))
		fail_msg("render_file: %s", err.msg);
	return path;
}

static int book_setup(void **state)
{
	if (system("command -v unzip >/dev/null 2>&1") != 0) {
		fprintf(stderr, "unzip is needed (scripts/install-deps test)\n");
		return -1;
	}
	setenv("SOURCE_DATE_EPOCH", EPOCH, 1);
	struct book *b = xcalloc(1, sizeof *b);
	b->dir = test_tempdir();
	struct doc d;
	docsample_build(&d);
	b->path = render_to(&d, b->dir, "rapport.xlsx");
	doc_free(&d);
	*state = b;
	return 0;
}

static int book_teardown(void **state)
{
	struct book *b = *state;
	test_rmtree(b->dir);
	free(b->dir);
	free(b->path);
	free(b);
	return 0;
}

/* A part of the workbook's zip, allocated ("" when it is missing). */
static char *part(const char *xlsx, const char *name)
{
	char *cmd = xasprintf("unzip -p '%s' '%s' 2>/dev/null", xlsx, name);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct buf b = BUF_INIT(0);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&b, chunk, n);
	pclose(p);
	free(cmd);
	char *s = buf_take(&b);
	return s ? s : xstrdup("");
}

static char *sheet(void **state, int n)
{
	char *name = xasprintf("xl/worksheets/sheet%d.xml", n);
	char *s = part(((struct book *)*state)->path, name);
	free(name);
	return s;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + strlen(needle), needle))
		n++;
	return n;
}

/* The <c r="REF" ...>...</c> element of a cell, allocated; NULL when the
 * sheet has no such cell. */
static char *cell(const char *xml, const char *ref)
{
	char *open = xasprintf("<c r=\"%s\"", ref);
	const char *a = strstr(xml, open);
	free(open);
	if (!a)
		return NULL;
	const char *gt = strchr(a, '>');
	if (gt[-1] == '/')
		return xstrndup(a, (size_t)(gt + 1 - a));
	const char *b = strstr(a, "</c>");
	return xstrndup(a, (size_t)(b + 4 - a));
}

/* The value of attribute `name` in an element's text, allocated or NULL. */
static char *attr(const char *elem, const char *name)
{
	char *pat = xasprintf(" %s=\"", name);
	const char *a = strstr(elem, pat);
	size_t plen = strlen(pat);
	free(pat);
	if (!a)
		return NULL;
	a += plen;
	return xstrndup(a, strcspn(a, "\""));
}

/* The number a cell holds (it must not be a string). */
static char *number(const char *xml, const char *ref)
{
	char *c = cell(xml, ref);
	if (!c)
		fail_msg("no cell %s", ref);
	char *t = attr(c, "t");
	if (t)
		fail_msg("cell %s is of type %s, not a number: %s", ref, t, c);
	const char *v = strstr(c, "<v>");
	assert_non_null(v);
	char *s = xstrndup(v + 3, strcspn(v + 3, "<"));
	free(c);
	return s;
}

/* The n-th (0-based) element <tag ...> inside <section>...</section>,
 * allocated up to its end. */
static char *nth(const char *xml, const char *section, const char *tag, long n)
{
	char *open = xasprintf("<%s", section);
	const char *s = strstr(xml, open);
	free(open);
	assert_non_null(s);
	char *t = xasprintf("<%s", tag);
	char *end = xasprintf("</%s>", tag);
	const char *p = s;
	for (long i = 0; i <= n; i++) {
		p = strstr(p + 1, t);
		/* Skip <fonts> when asking for <font>, and the like. */
		while (p && p[strlen(t)] != ' ' && p[strlen(t)] != '>' && p[strlen(t)] != '/')
			p = strstr(p + 1, t);
		assert_non_null(p);
	}
	const char *gt = strchr(p, '>');
	const char *e = gt[-1] == '/' ? gt + 1 : strstr(p, end) + strlen(end);
	char *r = xstrndup(p, (size_t)(e - p));
	free(t);
	free(end);
	return r;
}

/* The text of shared string number i. */
static char *shared(void **state, long i)
{
	char *sst = part(((struct book *)*state)->path, "xl/sharedStrings.xml");
	char *si = nth(sst, "sst", "si", i);
	const char *t = strstr(si, "<t");
	t = strchr(t, '>') + 1;
	char *s = xstrndup(t, strcspn(t, "<"));
	free(si);
	free(sst);
	return s;
}

/* The text of a string cell. */
static char *text(void **state, const char *xml, const char *ref)
{
	char *c = cell(xml, ref);
	if (!c)
		fail_msg("no cell %s", ref);
	char *t = attr(c, "t");
	assert_non_null(t);
	assert_string_equal(t, "s");
	const char *v = strstr(c, "<v>");
	char *s = shared(state, strtol(v + 3, NULL, 10));
	free(t);
	free(c);
	return s;
}

/* The cellXfs record of a cell's style, allocated. */
static char *style(void **state, const char *xml, const char *ref)
{
	char *c = cell(xml, ref);
	assert_non_null(c);
	char *s = attr(c, "s");
	assert_non_null(s);
	char *styles = part(((struct book *)*state)->path, "xl/styles.xml");
	char *xf = nth(styles, "cellXfs", "xf", strtol(s, NULL, 10));
	free(styles);
	free(s);
	free(c);
	return xf;
}

/* A part of styles.xml that a cell's xf points to by `id_attr`. */
static char *styled(void **state, const char *xf, const char *id_attr, const char *section,
		    const char *tag)
{
	char *id = attr(xf, id_attr);
	assert_non_null(id);
	char *styles = part(((struct book *)*state)->path, "xl/styles.xml");
	char *r = nth(styles, section, tag, strtol(id, NULL, 10));
	free(styles);
	free(id);
	return r;
}

/* The number format of a cell: Excel's built-in ones by number, the
 * others from styles.xml. */
static char *format_code(void **state, const char *xml, const char *ref)
{
	char *xf = style(state, xml, ref);
	char *id = attr(xf, "numFmtId");
	assert_non_null(id);
	long n = strtol(id, NULL, 10);
	static const char *const builtin[] = { [0] = "General", [1] = "0", [2] = "0.00",
					       [3] = "#,##0", [9] = "0%", [10] = "0.00%" };
	char *code = NULL;
	if (n < (long)(sizeof builtin / sizeof builtin[0]) && builtin[n]) {
		code = xstrdup(builtin[n]);
	} else {
		char *styles = part(((struct book *)*state)->path, "xl/styles.xml");
		char *pat = xasprintf("<numFmt numFmtId=\"%s\" formatCode=\"", id);
		const char *p = strstr(styles, pat);
		assert_non_null(p);
		p += strlen(pat);
		code = xstrndup(p, strcspn(p, "\""));
		free(pat);
		free(styles);
	}
	free(id);
	free(xf);
	return code;
}

#define ASSERT_NUMBER(xml, ref, want)                \
	do {                                         \
		char *n_ = number((xml), (ref));     \
		assert_string_equal(n_, (want));     \
		free(n_);                            \
	} while (0)

#define ASSERT_TEXT(xml, ref, want)                       \
	do {                                              \
		char *t_ = text(state, (xml), (ref));     \
		assert_string_equal(t_, (want));          \
		free(t_);                                 \
	} while (0)

/* ---- tests ------------------------------------------------------------------------------- */

static void a_cover_sheet_and_a_sheet_per_table(void **state)
{
	char *wb = part(((struct book *)*state)->path, "xl/workbook.xml");
	assert_int_equal(count(wb, "<sheet "), 5);
	const char *p = wb;
	const char *names[] = { "Rapport", "Mottagningsteamet Lekeberg", "Aktivitetsmål",
				"Resultaträkning", "En lång tabell" };
	for (int i = 0; i < 5; i++) {
		char *s = xasprintf("<sheet name=\"%s\" sheetId=\"%d\"", names[i], i + 1);
		p = strstr(p, s);
		if (!p)
			fail_msg("%s missing or out of order", s);
		free(s);
	}
	free(wb);
}

static void the_cover_sheet_has_the_facts_and_links(void **state)
{
	char *s = sheet(state, 1);
	ASSERT_TEXT(s, "A1", "Delårsredovisning");
	ASSERT_TEXT(s, "A3", "Organisation");
	ASSERT_TEXT(s, "B3", "Finsam Lekeberg Örebro");
	ASSERT_TEXT(s, "B4", "222000-2493");
	ASSERT_TEXT(s, "B5", "1 januari–30 juni 2023");
	ASSERT_TEXT(s, "B6", "Beslutad av styrelsen 2023-09-13");
	ASSERT_TEXT(s, "A11", "Resultaträkning");
	ASSERT_TEXT(s, "B12", "En lång tabell");
	assert_non_null(strstr(s, "<hyperlink ref=\"A11\" location=\"'Resultaträkning'!A1\""));
	assert_int_equal(count(s, "<hyperlink "), 4);
	free(s);
}

static void statement_figures_are_whole_kronor_as_numbers(void **state)
{
	char *s = sheet(state, 4);
	ASSERT_TEXT(s, "A1", "Resultaträkning");
	ASSERT_TEXT(s, "C3", "2023-01-01\n–2023-06-30");
	ASSERT_TEXT(s, "A4", "Verksamhetens intäkter");
	ASSERT_TEXT(s, "B4", "2");
	ASSERT_NUMBER(s, "C4", "4004544");
	ASSERT_NUMBER(s, "D4", "8038718");
	ASSERT_NUMBER(s, "C5", "-4270918");
	ASSERT_TEXT(s, "A6", "Årets resultat");
	ASSERT_NUMBER(s, "C6", "-266690");
	ASSERT_NUMBER(s, "D6", "689772");
	assert_null(cell(s, "A7"));
	/* Kronor in Excel's portable grouped format. */
	char *code = format_code(state, s, "C4");
	assert_string_equal(code, "#,##0;-#,##0");
	free(code);
	free(s);
}

static void sums_are_bold_with_a_rule_above_and_a_double_rule_below(void **state)
{
	char *s = sheet(state, 4);
	const char *refs[] = { "A6", "C6" };
	for (int i = 0; i < 2; i++) {
		char *xf = style(state, s, refs[i]);
		char *font = styled(state, xf, "fontId", "fonts", "font");
		assert_non_null(strstr(font, "<b/>"));
		char *border = styled(state, xf, "borderId", "borders", "border");
		assert_non_null(strstr(border, "<top style=\"thin\">"));
		assert_non_null(strstr(border, "<bottom style=\"double\">"));
		free(border);
		free(font);
		free(xf);
	}
	/* An ordinary row is neither. */
	char *xf = style(state, s, "C4");
	char *font = styled(state, xf, "fontId", "fonts", "font");
	assert_null(strstr(font, "<b/>"));
	char *border = styled(state, xf, "borderId", "borders", "border");
	assert_null(strstr(border, "<top style="));
	free(border);
	free(font);
	free(xf);
	free(s);
}

static void long_table_has_counts_percentages_and_the_sum(void **state)
{
	char *s = sheet(state, 5);
	ASSERT_TEXT(s, "A3", "Rad");
	ASSERT_TEXT(s, "A4", "Rad nummer 1");
	ASSERT_NUMBER(s, "B4", "1");
	ASSERT_NUMBER(s, "C4", "0.0037");
	ASSERT_NUMBER(s, "D4", "1234568");
	ASSERT_TEXT(s, "A103", "Rad nummer 100");
	ASSERT_NUMBER(s, "C103", "0.37");
	ASSERT_TEXT(s, "A124", "Summa");
	ASSERT_NUMBER(s, "D124", "8962963680");
	/* Percent as "0%", counts as "0". */
	char *code = format_code(state, s, "C103");
	assert_string_equal(code, "0%");
	free(code);
	code = format_code(state, s, "B4");
	assert_string_equal(code, "0");
	free(code);
	char *xf;
	/* Indentation as the format's indent level. */
	xf = style(state, s, "A5");
	assert_non_null(strstr(xf, "indent=\"2\""));
	free(xf);
	free(s);
}

static void the_header_row_is_frozen_and_repeated(void **state)
{
	char *s = sheet(state, 4);
	assert_non_null(strstr(s, "<pane ySplit=\"3\" topLeftCell=\"A4\" activePane=\"bottomLeft\" "
				  "state=\"frozen\"/>"));
	assert_non_null(strstr(s, "<col min=\"1\" max=\"1\" width=\"50.7109375\""));
	assert_non_null(strstr(s, "paperSize=\"9\""));
	/* Two header lines, and the height written for them. */
	assert_non_null(strstr(s, "<row r=\"3\" spans=\"1:4\" ht=\"30\" customHeight=\"1\">"));
	assert_non_null(strstr(s, "<row r=\"4\" spans=\"1:4\">"));
	free(s);
	char *wb = part(((struct book *)*state)->path, "xl/workbook.xml");
	assert_non_null(strstr(wb, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"3\">"
				   "'Resultaträkning'!$3:$3</definedName>"));
	free(wb);
	/* The card has no header row, so nothing is frozen there. */
	s = sheet(state, 2);
	assert_null(strstr(s, "<pane "));
	free(s);
}

static void card_texts_are_shared_strings_with_bullets_on_lines(void **state)
{
	char *sst = part(((struct book *)*state)->path, "xl/sharedStrings.xml");
	assert_non_null(strstr(sst, "<t>Lekebergs kommun.</t>"));
	assert_non_null(strstr(sst, "Vägledning, kartläggning och uppföljning. Personal:\n"
				    "• 20 % Arbetsmarknadskonsulent, Lekebergs kommun.\n"
				    "• 15 % Arbetsförmedlare, Arbetsförmedlingen."));
	assert_non_null(strstr(sst, "1. Arbeta med 30 individer totalt under året.\n"
				    "9 individer, 6 kvinnor och 3 män."));
	free(sst);
	char *s = sheet(state, 2);
	ASSERT_TEXT(s, "A1", "Mottagningsteamet Lekeberg");
	ASSERT_TEXT(s, "A4", "Insatsägare");
	char *xf = style(state, s, "B5");
	assert_non_null(strstr(xf, "wrapText=\"1\""));
	free(xf);
	/* The label column is bold (its runs are). */
	/* Wrapped rows get the height of their lines. */
	assert_non_null(strstr(s, "<row r=\"6\" spans=\"1:3\" ht=\"30\" customHeight=\"1\">"));
	assert_non_null(strstr(s, "<row r=\"4\" spans=\"1:3\">"));
	xf = style(state, s, "A4");
	char *font = styled(state, xf, "fontId", "fonts", "font");
	assert_non_null(strstr(font, "<b/>"));
	free(font);
	free(xf);
	free(s);
}

static void statuses_are_a_fill_and_words(void **state)
{
	char *s = sheet(state, 3);
	ASSERT_TEXT(s, "D3", "Status");
	ASSERT_TEXT(s, "D4", "Uppnått");
	ASSERT_TEXT(s, "D5", "Delvis uppnått");
	ASSERT_TEXT(s, "D6", "Ej uppnått");
	char *xf = style(state, s, "C6");
	char *fill = styled(state, xf, "fillId", "fills", "fill");
	assert_non_null(strstr(fill, "<fgColor rgb=\"FFF6D6D3\"/>"));
	free(fill);
	free(xf);
	free(s);
	s = sheet(state, 2);
	ASSERT_TEXT(s, "C6", "Ej uppnått");
	free(s);
}

static void properties_name_the_report_and_its_time(void **state)
{
	char *core = part(((struct book *)*state)->path, "docProps/core.xml");
	assert_non_null(strstr(core, "<dc:title>Delårsredovisning</dc:title>"));
	assert_non_null(strstr(core, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">"
				     "2023-11-14T22:13:20Z</dcterms:created>"));
	free(core);
	char *app = part(((struct book *)*state)->path, "docProps/app.xml");
	assert_non_null(strstr(app, "<Company>Finsam Lekeberg Örebro</Company>"));
	free(app);
}

static void the_same_document_gives_the_same_bytes(void **state)
{
	struct book *b = *state;
	struct doc d;
	docsample_build(&d);
	char *again = render_to(&d, b->dir, "igen.xlsx");
	doc_free(&d);
	size_t n1, n2;
	char *x1 = test_read(b->path, &n1), *x2 = test_read(again, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(x1, x2, n1);
	free(x1);
	free(x2);
	remove(again);
	free(again);
}

/* A table per title that Excel would refuse or that collides. */
static void sheet_names_are_cleaned_shortened_and_unique(void **state)
{
	struct book *b = *state;
	struct doc d;
	doc_init(&d);
	const char *titles[] = {
		"Budget: 2023/2024 [utfall]?",
		"Budget 20232024 utfall",
		"Rapport",
		"'Citat'",
		"En mycket lång rubrik som inte ryms i ett bladnamn",
		"En mycket lång rubrik som inte ryms i ett bladnamn ändå",
		"BUDGET 20232024 UTFALL",
		"*?",
		"Örebro",
		"örebro",
		"Medlemsbidrag 2023 (staten 1/2, regionen 1/4, kommunerna 1/4)",
		"Coachingteamet Örebro, arbetsträningsplatser Rosängen",
		"Coachingteamet Örebro",
	};
	const size_t n = sizeof titles / sizeof titles[0];
	for (size_t i = 0; i < n; i++) {
		struct doc_table *t =
			doc_table_new(&d, doc_printf(&d, "t%zu", i), titles[i], DTS_FIGURES, 1);
		doc_table_col(&d, t, 0, "Kolumn", DC_TEXT, 10);
		doc_add_block(&d, DB_TABLE)->u.table = t;
	}
	char *path = render_to(&d, b->dir, "namn.xlsx");
	char *wb = part(path, "xl/workbook.xml");
	const char *want[] = {
		"Rapport",
		"Budget 20232024 utfall",
		"Budget 20232024 utfall (2)",
		"Rapport (2)",
		"Citat",
		"En mycket lång rubrik som inte",
		"En mycket lång rubrik som (2)",
		"BUDGET 20232024 UTFALL (3)",
		"Tabell 8",
		"Örebro",
		"örebro (2)",
		"Medlemsbidrag 2023",
		"Coachingteamet Örebro",
		"Coachingteamet Örebro (2)",
	};
	const char *p = wb;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char *s = xasprintf("<sheet name=\"%s\" sheetId=\"%zu\"", want[i], i + 1);
		p = strstr(p, s);
		if (!p)
			fail_msg("%s missing or out of order in %s", s, wb);
		free(s);
	}
	free(wb);
	remove(path);
	free(path);
	doc_free(&d);
}

static void a_file_that_cannot_be_written_is_a_swedish_error(void **state)
{
	struct book *b = *state;
	struct doc d;
	docsample_build(&d);
	char *path = xasprintf("%s/finns-inte/rapport.xlsx", b->dir);
	struct error err = ERROR_INIT;
	assert_false(render_xlsx.write(&d, path, &err));
	assert_int_equal(err.code, ERR_INTERNAL);
	assert_string_equal(err.msg, "filen kunde inte skapas: No such file or directory");
	error_clear(&err);
	free(path);
	doc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_cover_sheet_and_a_sheet_per_table),
		cmocka_unit_test(the_cover_sheet_has_the_facts_and_links),
		cmocka_unit_test(statement_figures_are_whole_kronor_as_numbers),
		cmocka_unit_test(sums_are_bold_with_a_rule_above_and_a_double_rule_below),
		cmocka_unit_test(long_table_has_counts_percentages_and_the_sum),
		cmocka_unit_test(the_header_row_is_frozen_and_repeated),
		cmocka_unit_test(card_texts_are_shared_strings_with_bullets_on_lines),
		cmocka_unit_test(statuses_are_a_fill_and_words),
		cmocka_unit_test(properties_name_the_report_and_its_time),
		cmocka_unit_test(the_same_document_gives_the_same_bytes),
		cmocka_unit_test(sheet_names_are_cleaned_shortened_and_unique),
		cmocka_unit_test(a_file_that_cannot_be_written_is_a_swedish_error),
	};
	return cmocka_run_group_tests(tests, book_setup, book_teardown);
}
