/*
 * Unit tests of sie/sie_lexer: lines to fields, encodings, #KSUMMA, and
 * the limits that protect against broken input.
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sie/sie_lexer.h"
#include "util/xalloc.h"

/* A lexer over the bytes of s (n = -1: strlen). */
struct lexfix {
	FILE *f;
	struct sie_lexer lx;
	struct error err;
};

static void lex_open(struct lexfix *x, const char *s, long n)
{
	x->f = tmpfile();
	assert_non_null(x->f);
	size_t len = n < 0 ? strlen(s) : (size_t)n;
	assert_int_equal(fwrite(s, 1, len, x->f), len);
	rewind(x->f);
	x->err = (struct error)ERROR_INIT;
	assert_true(sie_lexer_open(&x->lx, "t.se", fileno(x->f), true, &x->err));
}

static void lex_close(struct lexfix *x)
{
	sie_lexer_close(&x->lx);
	fclose(x->f);
	error_clear(&x->err);
}

/* Read to the end; the error text when reading failed, else NULL. */
static const char *lex_all(struct lexfix *x)
{
	struct sie_line line;
	int r;
	while ((r = sie_lexer_next(&x->lx, &line, &x->err)) == 1)
		;
	return r < 0 ? x->err.msg : NULL;
}

static void splits_label_words_strings_and_object_lists(void **state)
{
	(void)state;
	struct lexfix x;
	lex_open(&x, "#TRANS 1930 {1 \"K 1\"\t6 P7} -12.50 20230101 \"Text med \\\"citat\\\"\"\n",
		 -1);
	struct sie_line l;
	assert_int_equal(sie_lexer_next(&x.lx, &l, &x.err), 1);
	assert_int_equal(l.kind, SIE_LINE_RECORD);
	assert_string_equal(l.label, "#TRANS");
	assert_int_equal(l.nfields, 5);
	assert_int_equal(l.fields[0].kind, SIE_WORD);
	assert_string_equal(l.fields[0].s, "1930");
	assert_int_equal(l.fields[1].kind, SIE_LIST);
	assert_int_equal(l.fields[1].count, 4);
	assert_string_equal(l.items[l.fields[1].first + 1].s, "K 1");
	assert_string_equal(l.items[l.fields[1].first + 3].s, "P7");
	assert_string_equal(l.fields[2].s, "-12.50");
	assert_int_equal(l.fields[4].kind, SIE_STRING);
	assert_string_equal(l.fields[4].s, "Text med \"citat\"");
	assert_int_equal(sie_lexer_next(&x.lx, &l, &x.err), 0);
	lex_close(&x);
}

static void object_list_words_may_touch_the_closing_brace(void **state)
{
	(void)state;
	struct lexfix x;
	lex_open(&x, "#TRANS 1930 {\"1\"\"A\" 6 B7} 1\n#TRANS 1930 {} 2\n#TRANS 1930 { } 3\n", -1);
	struct sie_line l;
	assert_int_equal(sie_lexer_next(&x.lx, &l, &x.err), 1);
	assert_int_equal(l.fields[1].count, 4);
	assert_string_equal(l.items[l.fields[1].first + 0].s, "1");
	assert_string_equal(l.items[l.fields[1].first + 1].s, "A");
	assert_string_equal(l.items[l.fields[1].first + 3].s, "B7");
	assert_string_equal(l.fields[2].s, "1");
	for (int i = 0; i < 2; i++) {
		assert_int_equal(sie_lexer_next(&x.lx, &l, &x.err), 1);
		assert_int_equal(l.fields[1].kind, SIE_LIST);
		assert_int_equal(l.fields[1].count, 0);
	}
	lex_close(&x);
}

static void backslashes_escape_only_quotes_and_backslashes(void **state)
{
	(void)state;
	struct lexfix x;
	lex_open(&x, "#FNR \"C:\\\\a\\b\" \"x\\\\\"\n", -1);
	struct sie_line l;
	assert_int_equal(sie_lexer_next(&x.lx, &l, &x.err), 1);
	assert_string_equal(l.fields[0].s, "C:\\a\\b");
	assert_string_equal(l.fields[1].s, "x\\");
	lex_close(&x);
}

static void braces_blank_lines_crlf_and_missing_final_newline(void **state)
{
	(void)state;
	struct lexfix x;
	lex_open(&x, "#VER A 1 20230101\r\n\r\n  {  \r\n#TRANS 1 {} 1\r\n}", -1);
	struct sie_line l;
	int kinds[] = { SIE_LINE_RECORD, SIE_LINE_OPEN, SIE_LINE_RECORD, SIE_LINE_CLOSE };
	long lines[] = { 1, 3, 4, 5 };
	for (int i = 0; i < 4; i++) {
		assert_int_equal(sie_lexer_next(&x.lx, &l, &x.err), 1);
		assert_int_equal(l.kind, kinds[i]);
		assert_int_equal(l.lineno, lines[i]);
	}
	assert_int_equal(sie_lexer_next(&x.lx, &l, &x.err), 0);
	lex_close(&x);
}

static void decodes_cp437_windows_1252_utf8_and_mixed_lines(void **state)
{
	(void)state;
	struct lexfix x;
	/* CP437 "Årsta" (8F), Windows-1252 "Årsta" (C5) with a dash (96), UTF-8,
	 * and one line with CP437 å (86) and Latin-1 Å (C5). */
	lex_open(&x,
		 "#FNAMN \"\x8frsta\"\n#FNAMN \"\xc5rsta \x96 x\"\n#FNAMN \"\xc3\x85rsta\"\n"
		 "#OBJEKT 6 \"\xc5\x31\" \"\x86rsta\"\n",
		 -1);
	struct sie_line l;
	const char *want[] = { "Årsta", "Årsta – x", "Årsta" };
	enum text_encoding enc[] = { ENC_CP437, ENC_CP1252, ENC_UTF8 };
	for (int i = 0; i < 3; i++) {
		assert_int_equal(sie_lexer_next(&x.lx, &l, &x.err), 1);
		assert_string_equal(l.fields[0].s, want[i]);
		assert_int_equal(l.enc, enc[i]);
	}
	assert_int_equal(sie_lexer_next(&x.lx, &l, &x.err), 1);
	assert_int_equal(l.enc, ENC_MIXED);
	assert_string_equal(l.fields[1].s, "Å1");
	assert_string_equal(l.fields[2].s, "årsta");
	lex_close(&x);
}

static void a_line_that_is_not_a_record_is_refused_with_its_line(void **state)
{
	(void)state;
	struct lexfix x;
	lex_open(&x, "#FLAGGA 0\nhej\n", -1);
	const char *msg = lex_all(&x);
	assert_non_null(msg);
	assert_string_equal(msg, "t.se:2: raden är ingen SIE-post (den börjar inte med #)");
	lex_close(&x);
}

static void nul_bytes_are_refused(void **state)
{
	(void)state;
	struct lexfix x;
	lex_open(&x, "#FLAGGA 0\n#FNAMN \"a\0b\"\n", 22);
	const char *msg = lex_all(&x);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "t.se:2: raden innehåller NUL-tecken"));
	lex_close(&x);
}

static void a_megabyte_line_is_refused_without_reading_it_all(void **state)
{
	(void)state;
	size_t n = 1 << 20;
	char *big = xmalloc(n + 16);
	memcpy(big, "#FLAGGA 0\n#FNAMN ", 17);
	memset(big + 17, 'x', n - 17);
	struct lexfix x;
	lex_open(&x, big, (long)n);
	const char *msg = lex_all(&x);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "t.se:2: raden är längre än 65536 byte"));
	lex_close(&x);
	free(big);
}

static void unterminated_strings_and_lists_are_refused(void **state)
{
	(void)state;
	const char *bad[] = { "#FNAMN \"abc\n", "#TRANS 1 {1 \"a\" 1\n" };
	const char *want[] = { "t.se:1: en text inom citattecken avslutas aldrig",
			       "t.se:1: en objektlista { ... } avslutas aldrig" };
	for (int i = 0; i < 2; i++) {
		struct lexfix x;
		lex_open(&x, bad[i], -1);
		const char *msg = lex_all(&x);
		assert_non_null(msg);
		assert_string_equal(msg, want[i]);
		lex_close(&x);
	}
}

static void ksumma_is_verified_over_labels_and_field_contents(void **state)
{
	(void)state;
	/* 3778583430 is the CRC-32 of "#FNAMNÖ" in CP437 ("#FNAMN" then 0x99). */
	const char *ok = "#FLAGGA 0\n#KSUMMA\n#FNAMN \"\x99\"\n#KSUMMA 3778583430\n";
	struct lexfix x;
	lex_open(&x, ok, -1);
	assert_null(lex_all(&x));
	assert_int_equal(x.lx.ksumma, SIE_KSUMMA_OK);
	lex_close(&x);

	lex_open(&x, "#FLAGGA 0\n#KSUMMA\n#FNAMN \"\x99\"\n#KSUMMA 3778583431\n", -1);
	const char *msg = lex_all(&x);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "t.se:4: kontrollsumman stämmer inte: filen anger 3778583431 "
				    "men innehållet ger 3778583430"));
	lex_close(&x);
}

static void ksumma_of_a_utf8_file_is_checked_as_cp437(void **state)
{
	(void)state;
	/* The same content saved as UTF-8: the checksum still verifies. */
	struct lexfix x;
	lex_open(&x, "#FLAGGA 0\n#KSUMMA\n#FNAMN \"Ö\"\n#KSUMMA 3778583430\n", -1);
	assert_null(lex_all(&x));
	lex_close(&x);
}

static void an_opened_ksumma_that_never_closes_means_a_truncated_file(void **state)
{
	(void)state;
	struct lexfix x;
	lex_open(&x, "#FLAGGA 0\n#KSUMMA\n#FNAMN \"x\"\n", -1);
	const char *msg = lex_all(&x);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "t.se:2: filen är avkortad"));
	lex_close(&x);
}

static void records_after_the_closing_ksumma_are_refused(void **state)
{
	(void)state;
	struct lexfix x;
	lex_open(&x, "#FLAGGA 0\n#KSUMMA\n#KSUMMA 0\n#FNAMN \"x\"\n", -1);
	const char *msg = lex_all(&x);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "t.se:4: data efter den avslutande #KSUMMA"));
	lex_close(&x);
}

static void computes_the_sha256_of_the_bytes(void **state)
{
	(void)state;
	struct lexfix x;
	lex_open(&x, "#FLAGGA 0\n", -1);
	assert_null(lex_all(&x));
	/* sha256sum of the line "#FLAGGA 0" */
	assert_string_equal(x.lx.sha256_hex,
			    "9326ccc5b93ccec8c33c5a52a000d6d9ef091d983a060714b053f0ee3d640f80");
	lex_close(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(splits_label_words_strings_and_object_lists),
		cmocka_unit_test(object_list_words_may_touch_the_closing_brace),
		cmocka_unit_test(backslashes_escape_only_quotes_and_backslashes),
		cmocka_unit_test(braces_blank_lines_crlf_and_missing_final_newline),
		cmocka_unit_test(decodes_cp437_windows_1252_utf8_and_mixed_lines),
		cmocka_unit_test(a_line_that_is_not_a_record_is_refused_with_its_line),
		cmocka_unit_test(nul_bytes_are_refused),
		cmocka_unit_test(a_megabyte_line_is_refused_without_reading_it_all),
		cmocka_unit_test(unterminated_strings_and_lists_are_refused),
		cmocka_unit_test(ksumma_is_verified_over_labels_and_field_contents),
		cmocka_unit_test(ksumma_of_a_utf8_file_is_checked_as_cp437),
		cmocka_unit_test(an_opened_ksumma_that_never_closes_means_a_truncated_file),
		cmocka_unit_test(records_after_the_closing_ksumma_are_refused),
		cmocka_unit_test(computes_the_sha256_of_the_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
