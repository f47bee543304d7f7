/*
 * Unit tests of report/placeholder: {{ … }} found in a template's text,
 * their names and arguments parsed, tokens put in their place with line
 * numbers kept, and broken placeholders refused at file:line:column.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include "report/placeholder.h"

static void scan_ok(const char *text, long first_line, struct ph_list *l, char **out)
{
	struct error err = ERROR_INIT;
	if (!ph_scan(text, strlen(text), "mall.md", first_line, l, out, &err))
		fail_msg("ph_scan: %s", err.msg);
}

static char *scan_fails(const char *text)
{
	struct error err = ERROR_INIT;
	struct ph_list l;
	char *out = NULL;
	assert_false(ph_scan(text, strlen(text), "mall.md", 10, &l, &out, &err));
	assert_int_equal(err.code, ERR_INPUT);
	assert_null(out);
	assert_int_equal(l.n, 0);
	char *msg = strdup(err.msg);
	error_clear(&err);
	return msg;
}

static void names_positional_and_keyed_arguments_are_parsed(void **state)
{
	(void)state;
	struct ph_list l;
	char *out;
	scan_ok("Kostnader {{ nyckeltal kostnader enhet=tkr }} kr och "
		"{{belopp rr \"Verksamhetens intäkter\" kolumn=\"jämförelse\"}}.",
		1, &l, &out);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].name, "nyckeltal");
	assert_int_equal(ph_npos(&l.v[0]), 1);
	assert_string_equal(ph_pos(&l.v[0], 0), "kostnader");
	assert_string_equal(ph_opt(&l.v[0], "enhet"), "tkr");
	assert_null(ph_opt(&l.v[0], "kolumn"));
	assert_string_equal(l.v[1].name, "belopp");
	assert_string_equal(ph_pos(&l.v[1], 1), "Verksamhetens intäkter");
	assert_string_equal(ph_opt(&l.v[1], "kolumn"), "jämförelse");
	assert_null(ph_pos(&l.v[1], 2));
	assert_string_equal(out, "Kostnader " PH_TOKEN_OPEN "0" PH_TOKEN_CLOSE " kr och " PH_TOKEN_OPEN
				 "1" PH_TOKEN_CLOSE ".");
	size_t index, len;
	assert_true(ph_token_at(strstr(out, PH_TOKEN_OPEN "1"), &index, &len));
	assert_int_equal(index, 1);
	assert_false(ph_token_at("x", &index, &len));
	free(out);
	ph_list_free(&l);
}

static void positions_count_lines_and_characters_from_the_body_start(void **state)
{
	(void)state;
	struct ph_list l;
	char *out;
	scan_ok("första raden\nÅÄÖ {{ a }}\n{{ b\n x=1 }} sist\n", 7, &l, &out);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].line, 8);
	assert_int_equal(l.v[0].col, 5); /* characters, not bytes */
	assert_int_equal(l.v[1].line, 9);
	assert_int_equal(l.v[1].col, 1);
	/* A placeholder over two lines leaves its newline: later lines keep
	 * their numbers for cmark. */
	assert_non_null(strstr(out, PH_TOKEN_CLOSE "\n sist\n"));
	free(out);
	ph_list_free(&l);
}

static void quoted_arguments_take_escapes(void **state)
{
	(void)state;
	struct ph_list l;
	char *out;
	scan_ok("{{ målmatris \"Mål \\\"A\\\" och \\\\B\" }}", 1, &l, &out);
	assert_string_equal(ph_pos(&l.v[0], 0), "Mål \"A\" och \\B");
	free(out);
	ph_list_free(&l);
}

static void broken_placeholders_are_refused_with_their_position(void **state)
{
	(void)state;
	char *m = scan_fails("rad\n  text {{ nyckeltal kostnader\nmer text\n");
	assert_string_equal(m, "mall.md:11:8: {{ avslutas inte med }}");
	free(m);
	m = scan_fails("{{ }}");
	assert_string_equal(m, "mall.md:10:1: tom platshållare {{ }}");
	free(m);
	m = scan_fails("a {{ målmatris \"Aktivitetsmål }}");
	assert_string_equal(m, "mall.md:10:3: citattecknet i platshållaren avslutas aldrig");
	free(m);
	m = scan_fails("{{ enhet=tkr }}");
	assert_string_equal(m, "mall.md:10:1: platshållaren måste börja med ett namn, inte enhet=");
	free(m);
	m = scan_fails("{{ nyckeltal enhet= }}");
	assert_string_equal(m, "mall.md:10:1: enhet= saknar ett värde");
	free(m);
	/* A second "{{" before the first closes: the first is unclosed. */
	m = scan_fails("{{ a {{ b }}");
	assert_string_equal(m, "mall.md:10:1: {{ avslutas inte med }}");
	free(m);
}

static void text_without_placeholders_is_unchanged(void **state)
{
	(void)state;
	struct ph_list l;
	char *out;
	scan_ok("Ingen platshållare { här } eller }} där.\n", 1, &l, &out);
	assert_int_equal(l.n, 0);
	assert_string_equal(out, "Ingen platshållare { här } eller }} där.\n");
	free(out);
	ph_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_positional_and_keyed_arguments_are_parsed),
		cmocka_unit_test(positions_count_lines_and_characters_from_the_body_start),
		cmocka_unit_test(quoted_arguments_take_escapes),
		cmocka_unit_test(broken_placeholders_are_refused_with_their_position),
		cmocka_unit_test(text_without_placeholders_is_unchanged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
