/*
 * Unit tests of render/table_data.c: the sample's tables as CSV (column
 * keys, exact amounts with a dot, percentages, counts, RFC 4180 quoting,
 * the "typ" and "status" columns) and as JSON (parsed back with jansson:
 * the keys, exact values in öre, kinds, statuses); text that is not UTF-8
 * and a stream that cannot be written fail with a Swedish message.
 */
#include "testlib.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docsample.h"
#include "render/render.h"
#include "util/xalloc.h"

struct sample {
	struct doc d;
	struct doc_table **tables; /* card, matrix, statement, long table */
	size_t n;
};

static int sample_setup(void **state)
{
	struct sample *s = xcalloc(1, sizeof *s);
	docsample_build(&s->d);
	s->tables = doc_tables(&s->d, &s->n);
	*state = s;
	return s->n == 4 ? 0 : -1;
}

static int sample_teardown(void **state)
{
	struct sample *s = *state;
	doc_free(&s->d);
	free(s);
	return 0;
}

static struct doc_table *table(void **state, const char *key)
{
	struct sample *s = *state;
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->tables[i]->key, key) == 0)
			return s->tables[i];
	fail_msg("no table %s", key);
	return NULL;
}

static char *csv(const struct doc_table *t)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	struct error err = ERROR_INIT;
	bool ok = render_table_csv(t, f, &err);
	fclose(f);
	if (!ok)
		fail_msg("render_table_csv: %s", err.msg);
	return out;
}

static json_t *json(const struct doc_table *t)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	struct error err = ERROR_INIT;
	bool ok = render_table_json(t, f, &err);
	fclose(f);
	if (!ok)
		fail_msg("render_table_json: %s", err.msg);
	assert_true(len > 0 && out[len - 1] == '\n');
	json_error_t jerr;
	json_t *root = json_loadb(out, len, 0, &jerr);
	if (!root)
		fail_msg("JSON does not parse: %s (line %d)", jerr.text, jerr.line);
	free(out);
	return root;
}

/* Line i (0-based, CRLF-terminated) of a CSV text; allocated. */
static char *line(const char *text, int i)
{
	const char *p = text;
	for (; i > 0; i--) {
		p = strstr(p, "\r\n");
		assert_non_null(p);
		p += 2;
	}
	const char *e = strstr(p, "\r\n");
	assert_non_null(e);
	return xstrndup(p, (size_t)(e - p));
}

static int lines(const char *text)
{
	int n = 0;
	for (const char *p = strstr(text, "\r\n"); p; p = strstr(p + 2, "\r\n"))
		n++;
	return n;
}

#define ASSERT_LINE(text, i, want)                 \
	do {                                       \
		char *l_ = line((text), (i));      \
		assert_string_equal(l_, (want));   \
		free(l_);                          \
	} while (0)

/* ---- CSV --------------------------------------------------------------------------------- */

static void statement_as_csv_has_exact_amounts_with_a_dot(void **state)
{
	char *c = csv(table(state, "resultatrakning"));
	assert_int_equal(lines(c), 4);
	ASSERT_LINE(c, 0, "rad,not,2023_01_01_2023_06_30,2022_01_01_2022_12_31,typ");
	ASSERT_LINE(c, 1, "Verksamhetens intäkter,2,4004544.00,8038717.80,normal");
	ASSERT_LINE(c, 2, "Verksamhetens kostnader,3,-4270918.10,-7367068.00,normal");
	ASSERT_LINE(c, 3, "Årets resultat,,-266690.00,689771.60,summa");
	free(c);
}

static void long_table_has_counts_percentages_and_the_sum(void **state)
{
	char *c = csv(table(state, "lang-tabell"));
	assert_int_equal(lines(c), 1 + DOCSAMPLE_LONG_ROWS + 1);
	ASSERT_LINE(c, 0, "rad,antal,andel,belopp,typ");
	ASSERT_LINE(c, 1, "Rad nummer 1,1,0.37,1234567.89,normal");
	ASSERT_LINE(c, 100, "Rad nummer 100,100,37.00,123456789.00,normal");
	ASSERT_LINE(c, 121, "Summa,,,8962963680.00,summa");
	free(c);
}

static void text_cells_are_one_line_and_quoted_when_needed(void **state)
{
	char *c = csv(table(state, "insats-mtl"));
	ASSERT_LINE(c, 0, "rad,kolumn_2,status,typ");
	ASSERT_LINE(c, 1, "Insatsägare,Lekebergs kommun.,,normal");
	ASSERT_LINE(c, 2, "Typ av insats,\"Vägledning, kartläggning och uppföljning. Personal:; "
			  "20 % Arbetsmarknadskonsulent, Lekebergs kommun.; 15 % "
			  "Arbetsförmedlare, Arbetsförmedlingen.\",,normal");
	ASSERT_LINE(c, 3, "\"Resultatmål, utfall\",\"1. Arbeta med 30 individer totalt under "
			  "året. 9 individer, 6 kvinnor och 3 män.\",red,normal");
	free(c);
}

static void matrix_rows_carry_their_status(void **state)
{
	char *c = csv(table(state, "mal-aktivitet"));
	ASSERT_LINE(c, 0, "rad,forslag_pa_aktiviteter,utfall_aktiviteter_maluppfyllelse,status,typ");
	ASSERT_LINE(c, 1, "1. Förbundet har hittat arbetssätt <&> för att arbeta systematiskt.,"
			  "Skapa en analysgrupp.; Planera justeringar.,"
			  "Arbete pågår med en Lokal behovsanalys.,green,normal");
	ASSERT_LINE(c, 2, "1. Förbundet har hittat arbetssätt <&> för att arbeta systematiskt.,"
			  "Skapa en analysgrupp.; Planera justeringar.,"
			  "Arbete pågår med en Lokal behovsanalys.,yellow,normal");
	free(c);
}

/* A table of every awkward thing: titles that fold, collide or vanish,
 * fields with quotes, commas and line breaks, every row kind. */
static struct doc_table *awkward(struct doc *d)
{
	doc_init(d);
	struct doc_table *t = doc_table_new(d, "svar", "Svår", DTS_FIGURES, 8);
	doc_table_col(d, t, 0, "Ärende", DC_TEXT, 10);
	doc_table_col(d, t, 1, "Budget\nHelår 2023", DC_KRONOR, 10);
	doc_table_col(d, t, 2, "Budget\nHelår 2023", DC_KRONOR, 10);
	doc_table_col(d, t, 3, "", DC_INT, 10);
	doc_table_col(d, t, 4, "Typ", DC_TEXT, 10);
	doc_table_col(d, t, 5, "ÖVERSIKT – Medel (%)!", DC_DECIMAL, 10);
	doc_table_col(d, t, 6, "not", DC_TEXT, 4);
	doc_table_col(d, t, 7, "Åtgärd", DC_PERCENT, 10);
	struct doc_row *r = doc_table_row(d, t, DR_HEADING, 0);
	doc_cell_text(d, &r->cells[0], "Säg \"hej\", då", DOC_PLAIN);
	r = doc_table_row(d, t, DR_SUBTOTAL, 1);
	doc_cell_text(d, &r->cells[0], "två\nrader", DOC_PLAIN);
	doc_cell_money(&r->cells[1], -5, 0);
	doc_cell_money(&r->cells[2], 0, 0);
	doc_cell_int(&r->cells[3], -12);
	doc_cell_text(d, &r->cells[4], "a", DOC_PLAIN);
	doc_cell_decimal(&r->cells[5], 380);
	r->cells[6].note = doc_strdup(d, "4");
	doc_cell_text(d, &r->cells[7], "x", DOC_PLAIN);
	r = doc_table_row(d, t, DR_TOTAL, 0);
	doc_cell_money(&r->cells[1], 100, 1);
	doc_cell_decimal(&r->cells[5], -5);
	doc_cell_percent(&r->cells[7], 2382);
	return t;
}

static void keys_fold_collide_and_never_vanish(void **state)
{
	(void)state;
	struct doc d;
	struct doc_table *t = awkward(&d);
	char *c = csv(t);
	ASSERT_LINE(c, 0, "rad,budget_helar_2023,budget_helar_2023_2,kolumn_4,typ_2,"
			  "oversikt_medel,not,atgard,typ");
	free(c);
	doc_free(&d);
}

static void fields_are_quoted_per_rfc_4180(void **state)
{
	(void)state;
	struct doc d;
	struct doc_table *t = awkward(&d);
	char *c = csv(t);
	assert_int_equal(lines(c), 4); /* a quoted line break is a bare LF */
	assert_non_null(strstr(c, "\r\n\"Säg \"\"hej\"\", då\",,,,,,,,rubrik\r\n"));
	assert_non_null(strstr(c, "\r\n\"två\nrader\",-0.05,0.00,-12,a,3.80,4,x,delsumma\r\n"));
	assert_non_null(strstr(c, "\r\n,1.00,,,,-0.05,,23.82,summa\r\n"));
	free(c);
	doc_free(&d);
}

static void a_stream_that_cannot_be_written_is_a_swedish_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	struct error err = ERROR_INIT;
	assert_false(render_table_csv(table(state, "resultatrakning"), f, &err));
	assert_string_equal(err.msg, "tabellen resultatrakning kunde inte skrivas som CSV");
	error_clear(&err);
	assert_false(render_table_json(table(state, "resultatrakning"), f, &err));
	assert_string_equal(err.msg, "tabellen resultatrakning kunde inte skrivas som JSON");
	error_clear(&err);
	fclose(f);
}

/* ---- JSON -------------------------------------------------------------------------------- */

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_string(v))
		fail_msg("\"%s\" is not a string", key);
	return json_string_value(v);
}

static json_int_t jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v))
		fail_msg("\"%s\" is not an integer", key);
	return json_integer_value(v);
}

static void statement_as_json_has_exact_values(void **state)
{
	json_t *root = json(table(state, "resultatrakning"));
	assert_string_equal(jstr(root, "table"), "resultatrakning");
	assert_string_equal(jstr(root, "title"), "Resultaträkning");
	assert_string_equal(jstr(root, "style"), "figures");
	assert_string_equal(jstr(root, "amount_unit"), "öre");
	assert_true(json_is_null(json_object_get(root, "source")));

	json_t *cols = json_object_get(root, "columns");
	assert_int_equal(json_array_size(cols), 4);
	json_t *c2 = json_array_get(cols, 2);
	assert_string_equal(jstr(c2, "key"), "2023_01_01_2023_06_30");
	assert_string_equal(jstr(c2, "title"), "2023-01-01\n–2023-06-30");
	assert_string_equal(jstr(c2, "type"), "kronor");
	assert_int_equal(jint(c2, "scale"), 100);
	assert_string_equal(jstr(json_array_get(cols, 0), "key"), "rad");
	assert_string_equal(jstr(json_array_get(cols, 1), "key"), "not");
	assert_null(json_object_get(json_array_get(cols, 0), "scale"));

	json_t *rows = json_object_get(root, "rows");
	assert_int_equal(json_array_size(rows), 3);
	json_t *r0 = json_array_get(rows, 0);
	assert_string_equal(jstr(r0, "kind"), "line");
	assert_int_equal(jint(r0, "indent"), 0);
	json_t *cells = json_object_get(r0, "cells");
	assert_string_equal(jstr(cells, "rad"), "Verksamhetens intäkter");
	assert_string_equal(jstr(cells, "not"), "2");
	json_t *v = json_object_get(cells, "2023_01_01_2023_06_30");
	assert_int_equal(jint(v, "value"), 400454400);
	assert_int_equal(jint(v, "shown"), 4004544);
	assert_null(json_object_get(v, "text"));
	v = json_object_get(cells, "2022_01_01_2022_12_31");
	assert_int_equal(jint(v, "value"), 803871780);

	json_t *r2 = json_array_get(rows, 2);
	assert_string_equal(jstr(r2, "kind"), "total");
	cells = json_object_get(r2, "cells");
	assert_string_equal(jstr(cells, "not"), "");
	assert_int_equal(jint(json_object_get(cells, "2023_01_01_2023_06_30"), "value"), -26669000);
	assert_int_equal(jint(json_object_get(cells, "2023_01_01_2023_06_30"), "shown"), -266690);
	assert_null(json_object_get(r2, "status"));
	json_decref(root);
}

static void matrix_as_json_keeps_lines_and_statuses(void **state)
{
	json_t *root = json(table(state, "mal-aktivitet"));
	assert_string_equal(jstr(root, "style"), "grid");
	json_t *r1 = json_array_get(json_object_get(root, "rows"), 1);
	assert_string_equal(jstr(r1, "status"), "yellow");
	json_t *cells = json_object_get(r1, "cells");
	assert_string_equal(jstr(cells, "forslag_pa_aktiviteter"),
			    "Skapa en analysgrupp.\nPlanera justeringar.");
	json_t *cs = json_object_get(r1, "cell_status");
	assert_string_equal(jstr(cs, "utfall_aktiviteter_maluppfyllelse"), "yellow");
	assert_int_equal(json_object_size(cs), 1);
	json_decref(root);
}

static void figures_in_json_keep_text_and_empty_cells_are_null(void **state)
{
	(void)state;
	struct doc d;
	struct doc_table *t = awkward(&d);
	json_t *root = json(t);
	json_t *cols = json_object_get(root, "columns");
	assert_string_equal(jstr(json_array_get(cols, 7), "type"), "percent");
	assert_int_equal(jint(json_array_get(cols, 3), "scale"), 1);
	json_t *rows = json_object_get(root, "rows");
	json_t *r0 = json_array_get(rows, 0), *r1 = json_array_get(rows, 1),
	       *r2 = json_array_get(rows, 2);
	assert_string_equal(jstr(r0, "kind"), "heading");
	assert_string_equal(jstr(r1, "kind"), "subtotal");
	assert_int_equal(jint(r1, "indent"), 1);
	json_t *c0 = json_object_get(r0, "cells");
	assert_string_equal(jstr(c0, "rad"), "Säg \"hej\", då");
	assert_true(json_is_null(json_object_get(c0, "budget_helar_2023")));
	json_t *c1 = json_object_get(r1, "cells");
	assert_string_equal(jstr(c1, "not"), "4");
	assert_string_equal(jstr(json_object_get(c1, "atgard"), "text"), "x");
	assert_null(json_object_get(json_object_get(c1, "atgard"), "value"));
	assert_int_equal(jint(json_object_get(c1, "kolumn_4"), "value"), -12);
	assert_int_equal(jint(json_object_get(c1, "oversikt_medel"), "value"), 380);
	json_t *c2 = json_object_get(r2, "cells");
	assert_int_equal(jint(json_object_get(c2, "atgard"), "value"), 2382);
	assert_int_equal(jint(json_object_get(c2, "atgard"), "shown"), 24);
	json_decref(root);
	doc_free(&d);
}

static void text_that_is_not_utf8_fails_the_json(void **state)
{
	(void)state;
	struct doc d;
	struct doc_table *t = awkward(&d);
	doc_cell_text(&d, &t->rows[2].cells[0], "\xe5r", DOC_PLAIN); /* Latin-1 "år" */
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct error err = ERROR_INIT;
	assert_false(render_table_json(t, f, &err));
	fclose(f);
	assert_string_equal(err.msg, "tabellen svar har text som inte är UTF-8");
	assert_int_equal(len, 0);
	free(out);
	error_clear(&err);
	doc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(statement_as_csv_has_exact_amounts_with_a_dot),
		cmocka_unit_test(long_table_has_counts_percentages_and_the_sum),
		cmocka_unit_test(text_cells_are_one_line_and_quoted_when_needed),
		cmocka_unit_test(matrix_rows_carry_their_status),
		cmocka_unit_test(keys_fold_collide_and_never_vanish),
		cmocka_unit_test(fields_are_quoted_per_rfc_4180),
		cmocka_unit_test(a_stream_that_cannot_be_written_is_a_swedish_error),
		cmocka_unit_test(statement_as_json_has_exact_values),
		cmocka_unit_test(matrix_as_json_keeps_lines_and_statuses),
		cmocka_unit_test(figures_in_json_keep_text_and_empty_cells_are_null),
		cmocka_unit_test(text_that_is_not_utf8_fails_the_json),
	};
	return cmocka_run_group_tests(tests, sample_setup, sample_teardown);
}
