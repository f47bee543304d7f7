/*
 * Unit tests of util/csv: Swedish Excel's CSV read (encodings, delimiters,
 * quoting, line ends, limits), its numbers parsed, and what finsam writes
 * read back unchanged.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/csv.h"
#include "util/xalloc.h"

/* Read data (n = -1: strlen) named "t.csv", asserting success. */
static void read_ok(const char *data, long n, struct csv_file *f)
{
	struct error err = ERROR_INIT;
	bool ok = csv_read_mem("t.csv", data, n < 0 ? strlen(data) : (size_t)n, f, &err);
	if (!ok)
		fail_msg("csv_read_mem: %s", err.msg);
	error_clear(&err);
}

/* Read data, asserting failure with an input error; returns the error,
 * whose message the caller checks and clears. */
static struct error read_fails(const char *data, long n)
{
	struct error err = ERROR_INIT;
	struct csv_file f;
	assert_false(csv_read_mem("t.csv", data, n < 0 ? strlen(data) : (size_t)n, &f, &err));
	assert_int_equal(err.code, ERR_INPUT);
	assert_null(f.records);
	assert_int_equal(f.nrecords, 0);
	csv_free(&f);
	return err;
}

/* Assert that r began on `line` and has exactly the nfields strings that
 * follow. */
static void assert_record(const struct csv_record *r, long line, size_t nfields, ...)
{
	assert_int_equal(r->line, line);
	assert_int_equal(r->nfields, nfields);
	va_list ap;
	va_start(ap, nfields);
	for (size_t i = 0; i < nfields; i++)
		assert_string_equal(r->fields[i], va_arg(ap, const char *));
	va_end(ap);
}

static void utf8_with_bom_is_read_and_the_bom_dropped(void **state)
{
	(void)state;
	struct csv_file f;
	read_ok("\xEF\xBB\xBFKonto;Namn\r\n1930;Bank \xC3\xA4r\r\n", -1, &f);
	assert_true(f.bom);
	assert_int_equal(f.encoding, ENC_UTF8);
	assert_int_equal(f.nrecords, 2);
	assert_record(&f.records[0], 1, 2, "Konto", "Namn");
	assert_record(&f.records[1], 2, 2, "1930", "Bank är");
	assert_int_equal(csv_find_column(&f.records[0], "konto"), 0);
	csv_free(&f);
	/* A BOM added to a file that already had one. */
	read_ok("\xEF\xBB\xBF\xEF\xBB\xBFKonto;Namn\r\n", -1, &f);
	assert_true(f.bom);
	assert_record(&f.records[0], 1, 2, "Konto", "Namn");
	csv_free(&f);
}

static void utf8_without_bom_and_plain_ascii_are_told_apart(void **state)
{
	(void)state;
	struct csv_file f;
	read_ok("Kommun;Andel\nÖrebro;33,33\n", -1, &f);
	assert_false(f.bom);
	assert_int_equal(f.encoding, ENC_UTF8);
	assert_string_equal(f.records[1].fields[0], "Örebro");
	csv_free(&f);
	read_ok("Kommun;Andel\nLekeberg;10\n", -1, &f);
	assert_false(f.bom);
	assert_int_equal(f.encoding, ENC_ASCII);
	csv_free(&f);
}

static void windows_1252_bytes_become_utf8(void **state)
{
	(void)state;
	struct csv_file f;
	read_ok("Namn;Not\r\n\xE5\xE4\xF6\xC5\xC4\xD6;\x80 \x96 \x93x\x94\r\n", -1, &f);
	assert_false(f.bom);
	assert_int_equal(f.encoding, ENC_CP1252);
	assert_record(&f.records[1], 2, 2, "åäöÅÄÖ", "€ – “x”");
	csv_free(&f);
}

static void invalid_utf8_after_a_bom_is_refused_at_its_line(void **state)
{
	(void)state;
	struct error err = read_fails("\xEF\xBB\xBFNamn;Ort\r\nK\xE5;x\r\n", -1);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "t.csv:2: ogiltig UTF-8"));
	assert_non_null(strstr(err.msg, "CSV UTF-8"));
	error_clear(&err);
}

static void a_mixture_of_utf8_and_windows_1252_is_refused(void **state)
{
	(void)state;
	struct error err = read_fails("Namn\n\xC3\xA5sa\nK\xE5re\n", -1);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "blandar UTF-8 och Windows-1252"));
	error_clear(&err);
}

static void crlf_lf_and_lone_cr_all_end_records(void **state)
{
	(void)state;
	const char *files[] = { "a;b\r\nc;d\r\ne;f\r\n", "a;b\nc;d\ne;f\n", "a;b\rc;d\re;f\r",
				"a;b\r\nc;d\ne;f", "a;b\rc;d\r\ne;f" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct csv_file f;
		read_ok(files[i], -1, &f);
		assert_int_equal(f.nrecords, 3);
		assert_record(&f.records[0], 1, 2, "a", "b");
		assert_record(&f.records[1], 2, 2, "c", "d");
		assert_record(&f.records[2], 3, 2, "e", "f");
		csv_free(&f);
	}
}

static void quoted_fields_keep_delimiters_quotes_and_line_breaks(void **state)
{
	(void)state;
	struct csv_file f;
	read_ok("Text;Citat;Rader\r\n"
		"\"a;b\";\"hon sa \"\"hej\"\"\";\"rad 1\r\nrad 2\nrad 3\"\r\n"
		"\"\";\"\"\"\";x\r\n"
		"sist;\"\";\"\"\r\n",
		-1, &f);
	assert_int_equal(f.nrecords, 4);
	assert_record(&f.records[1], 2, 3, "a;b", "hon sa \"hej\"", "rad 1\r\nrad 2\nrad 3");
	/* The field spans lines 2 to 4; the next record begins on line 5. */
	assert_record(&f.records[2], 5, 3, "", "\"", "x");
	assert_record(&f.records[3], 6, 3, "sist", "", "");
	csv_free(&f);
}

static void a_quote_inside_an_unquoted_field_is_an_ordinary_character(void **state)
{
	(void)state;
	struct csv_file f;
	read_ok("Namn;Tum\nO\"Brien;12\"\n", -1, &f);
	assert_int_equal(f.delimiter, ';');
	assert_record(&f.records[1], 2, 2, "O\"Brien", "12\"");
	csv_free(&f);
}

static void an_unterminated_quote_is_refused_at_the_line_where_it_began(void **state)
{
	(void)state;
	struct error err = read_fails("a;b\r\nc;\"öppen\r\nmer\r\nännu mer\r\n", -1);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.file, "t.csv");
	assert_non_null(strstr(err.msg, "t.csv:2: kolumn 2: citattecknet som inleder fältet "
					"avslutas aldrig"));
	error_clear(&err);
}

static void text_after_a_closing_quote_is_refused(void **state)
{
	(void)state;
	struct error err = read_fails("a;b\n\"x\"y;z\n", -1);
	assert_int_equal(err.line, 2);
	assert_non_null(
		strstr(err.msg, "t.csv:2: kolumn 1: text efter det avslutande citattecknet"));
	error_clear(&err);
	/* Spaces after it are fine. */
	struct csv_file f;
	read_ok("a;b\n\"x\"  ;z\n", -1, &f);
	assert_record(&f.records[1], 2, 2, "x", "z");
	csv_free(&f);
}

static void records_of_empty_fields_are_skipped_and_lines_still_count(void **state)
{
	(void)state;
	struct csv_file f;
	read_ok("\r\n;;\r\nKonto;Belopp\r\n;;\r\n\r\n1930;5\r\n ; \r\n\"\";\"\"\r\n3010;7", -1, &f);
	assert_int_equal(f.nrecords, 3);
	assert_record(&f.records[0], 3, 2, "Konto", "Belopp");
	assert_record(&f.records[1], 6, 2, "1930", "5");
	assert_record(&f.records[2], 9, 2, "3010", "7");
	csv_free(&f);
}

static void unquoted_fields_are_trimmed_and_quoted_ones_kept(void **state)
{
	(void)state;
	struct csv_file f;
	read_ok("  a  ; \" b \" ;c\t;\t\" d\"\n", -1, &f);
	assert_int_equal(f.delimiter, ';');
	assert_record(&f.records[0], 1, 4, "a", " b ", "c", " d");
	csv_free(&f);
	/* With tab as the delimiter, tabs are not trimmed: they separate. */
	read_ok("a\tb\t c \n1\t\t3\n", -1, &f);
	assert_int_equal(f.delimiter, '\t');
	assert_record(&f.records[0], 1, 3, "a", "b", "c");
	assert_record(&f.records[1], 2, 3, "1", "", "3");
	csv_free(&f);
}

static void the_delimiter_is_detected_from_the_header(void **state)
{
	(void)state;
	struct {
		const char *data;
		char delim;
		size_t nfields; /* of the first record */
	} cases[] = {
		{ "Konto;Belopp\r\n1930;1,50\r\n", ';', 2 },
		{ "konto,belopp,andel\n1930,12,3\n", ',', 3 },
		{ "konto\tbelopp, kr\tandel\n", '\t', 3 },
		{ "a,b;c;d\n", ';', 3 },            /* the most frequent */
		{ "a,b;c\n", ';', 2 },              /* a tie goes to the semicolon */
		{ "a\tb,c\n", '\t', 2 },            /* and tab before comma */
		{ "\"x,y,z\";\"w\"\n", ';', 2 },    /* quoted commas do not count */
		{ "\"a \"\"b,c\"\",d\";e\n", ';', 2 }, /* nor those after a quoted quote */
		{ "\n , ,\nNamn,Ort\n", ',', 2 },   /* lines with nothing are passed over */
		{ "Namn\n", ';', 1 },               /* one column: the semicolon */
		{ "sep=,\r\nx;y,z\r\n", ',', 2 },   /* Excel's sep= line is obeyed */
		{ "\"Belopp, kr\";Andel\n", ';', 2 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct csv_file f;
		read_ok(cases[i].data, -1, &f);
		assert_int_equal(f.delimiter, cases[i].delim);
		assert_int_equal(f.records[0].nfields, cases[i].nfields);
		csv_free(&f);
	}
	/* The sep= line is not a record, and the next line is line 2. */
	struct csv_file f;
	read_ok("sep=;\nA;B\n", -1, &f);
	assert_int_equal(f.nrecords, 1);
	assert_record(&f.records[0], 2, 2, "A", "B");
	csv_free(&f);
}

static void a_nul_byte_is_refused_at_its_line(void **state)
{
	(void)state;
	struct error err = read_fails("a;b\r\nc;d\r\ne\0f;g\r\n", 16);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "t.csv:3: en NUL-byte"));
	error_clear(&err);
}

static void oversized_input_is_refused(void **state)
{
	(void)state;
	size_t n = CSV_MAX_BYTES + 1;
	char *big = xmalloc(n);
	memset(big, 'a', n);
	struct error err = read_fails(big, (long)n);
	assert_non_null(strstr(err.msg, "t.csv: filen är större än 16 MiB"));
	error_clear(&err);
	free(big);

	/* A file: refused by its size before it is read. */
	char *dir = test_tempdir();
	char *path = test_write(dir, "stor.csv", "a;b\n", -1);
	assert_int_equal(truncate(path, (off_t)CSV_MAX_BYTES + 1), 0);
	struct csv_file f;
	assert_false(csv_read_file(path, &f, &err));
	assert_int_equal(err.code, ERR_INPUT);
	assert_non_null(strstr(err.msg, "större än 16 MiB"));
	assert_non_null(strstr(err.msg, "stor.csv"));
	error_clear(&err);
	csv_free(&f);
	free(path);
	test_rmtree(dir);
	free(dir);
}

static void too_many_fields_or_records_are_refused(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(0);
	buf_puts(&b, "a;b\n");
	for (int i = 0; i <= CSV_MAX_FIELDS; i++)
		buf_puts(&b, i ? ";x" : "x");
	struct error err = read_fails(b.data, (long)b.len);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "fler än 1 000 fält"));
	error_clear(&err);
	/* Exactly the limit is fine. */
	struct csv_file f;
	read_ok(b.data, (long)(b.len - 2), &f);
	assert_int_equal(f.records[1].nfields, CSV_MAX_FIELDS);
	csv_free(&f);

	buf_reset(&b);
	for (int i = 0; i < CSV_MAX_RECORDS; i++)
		buf_puts(&b, "x\n;\n");
	read_ok(b.data, (long)b.len, &f);
	assert_int_equal(f.nrecords, CSV_MAX_RECORDS);
	assert_int_equal(f.records[CSV_MAX_RECORDS - 1].line, 2 * CSV_MAX_RECORDS - 1);
	csv_free(&f);
	buf_puts(&b, "y\n");
	err = read_fails(b.data, (long)b.len);
	assert_int_equal(err.line, 2 * CSV_MAX_RECORDS + 1);
	assert_non_null(strstr(err.msg, "fler än 100 000 rader"));
	error_clear(&err);
	buf_free(&b);
}

static void files_are_read_by_path_and_unreadable_ones_refused(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	char *path = test_write(dir, "budget.csv", "Konto;Belopp\r\n5010;-1 234,50\r\n;;\r\n", -1);
	struct csv_file f;
	struct error err = ERROR_INIT;
	assert_true(csv_read_file(path, &f, &err));
	assert_string_equal(f.name, path);
	assert_int_equal(f.nrecords, 2);
	assert_record(&f.records[1], 2, 2, "5010", "-1 234,50");
	csv_free(&f);

	char *missing = test_path(dir, "saknas.csv");
	assert_false(csv_read_file(missing, &f, &err));
	assert_int_equal(err.code, ERR_INPUT);
	assert_non_null(strstr(err.msg, "kan inte öppna filen"));
	error_clear(&err);
	assert_false(csv_read_file(dir, &f, &err));
	assert_non_null(strstr(err.msg, "är en katalog"));
	error_clear(&err);
	csv_free(&f);

	free(missing);
	free(path);
	test_rmtree(dir);
	free(dir);
}

static void an_empty_file_has_no_records_and_a_zeroed_file_can_be_freed(void **state)
{
	(void)state;
	struct csv_file f;
	read_ok("", 0, &f);
	assert_int_equal(f.nrecords, 0);
	assert_int_equal(f.delimiter, ';');
	csv_free(&f);
	read_ok("\xEF\xBB\xBF\r\n;;;\r\n", -1, &f);
	assert_int_equal(f.nrecords, 0);
	csv_free(&f);
	struct csv_file zero = { 0 };
	csv_free(&zero);
	csv_free(&zero);
}

static void header_lookup_ignores_case_and_spaces_swedish_letters_included(void **state)
{
	(void)state;
	struct csv_file f;
	read_ok(" Belopp ;ÅR;\" Kommun \";Ärende;Öre;Idé;Ar\n", -1, &f);
	const struct csv_record *h = &f.records[0];
	assert_int_equal(csv_find_column(h, "belopp"), 0);
	assert_int_equal(csv_find_column(h, "BELOPP"), 0);
	assert_int_equal(csv_find_column(h, "år"), 1);
	assert_int_equal(csv_find_column(h, "År"), 1);
	assert_int_equal(csv_find_column(h, "kommun"), 2);
	assert_int_equal(csv_find_column(h, "  KOMMUN"), 2);
	assert_int_equal(csv_find_column(h, "äRENDE"), 3);
	assert_int_equal(csv_find_column(h, "öre"), 4);
	assert_int_equal(csv_find_column(h, "IDÉ"), 5);
	assert_int_equal(csv_find_column(h, "ar"), 6); /* not ÅR: å is not a */
	assert_int_equal(csv_find_column(h, "ore"), -1);
	assert_int_equal(csv_find_column(h, "kommu"), -1);
	assert_int_equal(csv_find_column(h, ""), -1);
	assert_int_equal(csv_find_column(NULL, "år"), -1);
	csv_free(&f);
}

static void errors_name_the_file_line_and_column(void **state)
{
	(void)state;
	struct csv_file f;
	read_ok("Konto;Belopp;\n;;\n1930;12.50;x\n", -1, &f);
	struct error err = ERROR_INIT;
	csv_error(&err, &f, &f.records[1], 1, "%s", "använd decimalkomma");
	assert_string_equal(err.msg, "t.csv:3: kolumn 2 (Belopp): använd decimalkomma");
	assert_int_equal(err.code, ERR_INPUT);
	assert_int_equal(err.line, 3);
	/* The first error wins. */
	csv_error(&err, &f, &f.records[1], 0, "senare");
	assert_string_equal(err.msg, "t.csv:3: kolumn 2 (Belopp): använd decimalkomma");
	error_clear(&err);
	/* A column the header leaves unnamed, or beyond it. */
	csv_error(&err, &f, &f.records[1], 2, "okänt värde %d", 7);
	assert_string_equal(err.msg, "t.csv:3: kolumn 3: okänt värde 7");
	error_clear(&err);
	csv_error(&err, &f, &f.records[1], 8, "x");
	assert_string_equal(err.msg, "t.csv:3: kolumn 9: x");
	error_clear(&err);
	csv_error(&err, &f, &f.records[0], -1, "kolumnen Andel saknas");
	assert_string_equal(err.msg, "t.csv:1: kolumnen Andel saknas");
	error_clear(&err);
	csv_error(&err, &f, NULL, -1, "filen har inga rader");
	assert_string_equal(err.msg, "t.csv: filen har inga rader");
	error_clear(&err);
	csv_free(&f);
}

static void amounts_are_parsed_in_their_swedish_forms(void **state)
{
	(void)state;
	struct {
		const char *s;
		money_t ore;
	} cases[] = {
		{ "1 234 567,89", 123456789 },
		{ "1234567", 123456700 },
		{ "-1 234,5", -123450 },
		{ "\xE2\x88\x92" "1 234", -123400 },           /* U+2212 minus */
		{ "1\xC2\xA0" "234", 123400 },                 /* no-break space */
		{ "12\xE2\x80\xAF" "345\xE2\x80\xAF" "678", 1234567800 }, /* narrow */
		{ "1 234 kr", 123400 },
		{ "1 234,50kr", 123450 },
		{ "1\xC2\xA0" "234,50\xC2\xA0kr", 123450 },     /* as Excel shows kr */
		{ "-12 KR", -1200 },
		{ "+12", 1200 },
		{ "  7,05  ", 705 },
		{ "0", 0 },
		{ "-0,00", 0 },
		{ "1,500", 150 },                              /* zeros beyond öre */
		{ ",5", 50 },
		{ "007", 700 },
		{ "10 000 000 000 000", MONEY_MAX },
		{ "-10000000000000", -MONEY_MAX },
		{ "123", 12300 },
		{ "999 999,99", 99999999 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		money_t m = 42;
		const char *why = NULL;
		if (!csv_parse_amount(cases[i].s, &m, &why))
			fail_msg("\"%s\": %s", cases[i].s, why);
		assert_int_equal(m, cases[i].ore);
	}
}

static void amounts_that_are_ambiguous_or_inexact_are_refused_with_a_reason(void **state)
{
	(void)state;
	struct {
		const char *s;
		const char *reason; /* a part of the reason */
	} cases[] = {
		{ "12.50", "decimalkomma" },
		{ "1.234", "decimalkomma" },
		{ "1,234.50", "decimalkomma" },
		{ "1,234", "fler än två decimaler" },
		{ "0,001", "fler än två decimaler" },
		{ "", "tomt" },
		{ "   ", "tomt" },
		{ "abc", "inte ett belopp" },
		{ "kr", "inte ett belopp" },
		{ "-", "inte ett belopp" },
		{ "12a", "inte ett belopp" },
		{ "1 2,3", "tre siffror" },
		{ "1234 567", "tre siffror" },
		{ "12 34", "tre siffror" },
		{ "1 2345", "tre siffror" },
		{ "1  234", "inte ett belopp" },
		{ "1 234 ,5", "inte ett belopp" },
		{ "--1", "inte ett belopp" },
		{ "1e5", "inte ett belopp" },
		{ "10000000000000,01", "orimligt stort" },
		{ "123456789012345678901234567890", "orimligt stort" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		money_t m = 42;
		const char *why = NULL;
		if (csv_parse_amount(cases[i].s, &m, &why))
			fail_msg("\"%s\" was read as %lld", cases[i].s, (long long)m);
		assert_int_equal(m, 42);
		assert_non_null(why);
		if (!strstr(why, cases[i].reason))
			fail_msg("\"%s\": \"%s\" does not say \"%s\"", cases[i].s, why,
				 cases[i].reason);
	}
}

static void percentages_are_read_as_hundredths_of_a_percent(void **state)
{
	(void)state;
	struct {
		const char *s;
		int32_t bp;
	} ok[] = {
		{ "33,33", 3333 },  { "33,33 %", 3333 }, { "33,33%", 3333 },
		{ "100", 10000 },   { "0", 0 },          { "12,5", 1250 },
		{ "1 000 %", 100000 }, { "-0", 0 },      { "33,330", 3333 },
		{ "0,01\xC2\xA0%", 1 },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		int32_t bp = -1;
		const char *why = NULL;
		if (!csv_parse_percent(ok[i].s, &bp, &why))
			fail_msg("\"%s\": %s", ok[i].s, why);
		assert_int_equal(bp, ok[i].bp);
	}
	struct {
		const char *s;
		const char *reason;
	} bad[] = {
		{ "-5", "negativ" },         { "1000,01", "högst 1 000 %" },
		{ "5000", "högst 1 000 %" }, { "33,333", "högst två decimaler" },
		{ "33.33", "decimalkomma" }, { "", "tomt" },
		{ "%", "inte en procentsats" }, { "abc", "inte en procentsats" },
		{ "99999999999999999999999", "högst 1 000 %" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int32_t bp = -1;
		const char *why = NULL;
		if (csv_parse_percent(bad[i].s, &bp, &why))
			fail_msg("\"%s\" was read as %d", bad[i].s, (int)bp);
		assert_int_equal(bp, -1);
		if (!why || !strstr(why, bad[i].reason))
			fail_msg("\"%s\": \"%s\" does not say \"%s\"", bad[i].s, why,
				 bad[i].reason);
	}
}

static void integers_are_read_with_grouping_and_without_decimals(void **state)
{
	(void)state;
	struct {
		const char *s;
		int64_t v;
	} ok[] = {
		{ "12 345", 12345 },
		{ "1\xC2\xA0" "234", 1234 },
		{ "-3", -3 },
		{ "+3", 3 },
		{ "0", 0 },
		{ "1 234,00", 1234 },
		{ "9 223 372 036 854 775 807", INT64_MAX },
		{ " 31 000 ", 31000 },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		int64_t v = 42;
		const char *why = NULL;
		if (!csv_parse_int(ok[i].s, &v, &why))
			fail_msg("\"%s\": %s", ok[i].s, why);
		assert_int_equal(v, ok[i].v);
	}
	struct {
		const char *s;
		const char *reason;
	} bad[] = {
		{ "12,5", "inga decimaler" },
		{ "1,001", "inga decimaler" },
		{ "1.5", "decimalkomma" },
		{ "9223372036854775808", "orimligt stort" },
		{ "123456789012345678901234", "orimligt stort" },
		{ "", "tomt" },
		{ "tolv", "inte ett heltal" },
		{ "12 34", "tre siffror" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t v = 42;
		const char *why = NULL;
		if (csv_parse_int(bad[i].s, &v, &why))
			fail_msg("\"%s\" was read as %lld", bad[i].s, (long long)v);
		assert_int_equal(v, 42);
		if (!why || !strstr(why, bad[i].reason))
			fail_msg("\"%s\": \"%s\" does not say \"%s\"", bad[i].s, why,
				 bad[i].reason);
	}
}

/* What fn wrote to a memory stream, as a string the caller frees. */
static char *written(void (*fn)(FILE *))
{
	char *data = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&data, &n);
	assert_non_null(f);
	fn(f);
	assert_false(ferror(f));
	assert_int_equal(fclose(f), 0);
	return data;
}

static void write_sample(FILE *f)
{
	csv_write_bom(f);
	csv_write_field(f, "Konto", false);
	csv_write_field(f, "a;b", false);
	csv_write_field(f, "hon sa \"hej\"", false);
	csv_write_field(f, " ledande", false);
	csv_write_field(f, "x,y", false);
	csv_write_field(f, "", false);
	csv_write_field(f, "\xEF\xBB\xBFx", false);
	csv_write_field(f, "Örebro", true);
	csv_write_amount(f, 123456789, false);
	csv_write_amount(f, -5, false);
	csv_write_amount(f, 0, false);
	csv_write_amount(f, -MONEY_MAX, false);
	csv_write_percent(f, 3333, false);
	csv_write_percent(f, 10000, true);
}

static void the_writer_quotes_only_when_needed_and_ends_lines_with_crlf(void **state)
{
	(void)state;
	char *s = written(write_sample);
	assert_string_equal(s, "\xEF\xBB\xBF"
			       "Konto;\"a;b\";\"hon sa \"\"hej\"\"\";\" ledande\";\"x,y\";;"
			       "\"\xEF\xBB\xBFx\";"
			       "Örebro\r\n"
			       "1234567,89;-0,05;0,00;-10000000000000,00;33,33;100,00\r\n");
	free(s);
}

/* Texts that need care, written as a table and read back. */
static const char *const tricky[] = {
	"Namn",        "Kommentar",   "Belopp",     "Andel",      "åäö ÅÄÖ é",
	"a;b",         "\"",          "\"\"",       "rad 1\r\nrad 2", "rad 1\nrad 2",
	"ensam\rCR",   " mellanslag ", "tab\there", "\ttab",      "1,50",
	"",            "sep=;",       "x,y,z",      "=SUMMA(A1)", "; \" ;",
};

/* First records that would read back as something else if written
 * naively: a BOM, and Excel's "sep=" line. */
static void write_bom_lookalike(FILE *f)
{
	csv_write_field(f, "\xEF\xBB\xBF" "a", true);
}

static void write_sep_lookalike(FILE *f)
{
	csv_write_field(f, "sep=", false);
	csv_write_field(f, "", true);
}

static void first_fields_that_look_like_a_bom_or_a_sep_line_read_back(void **state)
{
	(void)state;
	char *s = written(write_bom_lookalike);
	assert_string_equal(s, "\"\xEF\xBB\xBF" "a\"\r\n");
	struct csv_file f;
	read_ok(s, -1, &f);
	assert_false(f.bom);
	assert_record(&f.records[0], 1, 1, "\xEF\xBB\xBF" "a");
	csv_free(&f);
	free(s);

	s = written(write_sep_lookalike);
	assert_string_equal(s, "\"sep=\";\r\n");
	read_ok(s, -1, &f);
	assert_record(&f.records[0], 1, 2, "sep=", "");
	csv_free(&f);
	free(s);
}

static void write_table(FILE *f)
{
	csv_write_bom(f);
	size_t n = sizeof tricky / sizeof tricky[0];
	/* A header, then the tricky texts two by two with an amount and a
	 * share after them. */
	csv_write_field(f, "Text 1", false);
	csv_write_field(f, "Text 2", false);
	csv_write_field(f, "Belopp", false);
	csv_write_field(f, "Andel", true);
	for (size_t i = 0; i + 1 < n; i += 2) {
		csv_write_field(f, tricky[i], false);
		csv_write_field(f, tricky[i + 1], false);
		csv_write_amount(f, (money_t)i * -123457 + 5, false);
		csv_write_percent(f, (int32_t)(i * 1111), true);
	}
}

static void what_the_writer_writes_reads_back_identically(void **state)
{
	(void)state;
	char *s = written(write_table);
	struct csv_file f;
	read_ok(s, -1, &f);
	assert_true(f.bom);
	assert_int_equal(f.delimiter, ';');
	size_t n = sizeof tricky / sizeof tricky[0];
	assert_int_equal(f.nrecords, 1 + n / 2);
	int amount = csv_find_column(&f.records[0], "belopp");
	int share = csv_find_column(&f.records[0], "ANDEL");
	assert_int_equal(amount, 2);
	assert_int_equal(share, 3);
	for (size_t i = 0; i + 1 < n; i += 2) {
		const struct csv_record *r = &f.records[1 + i / 2];
		assert_int_equal(r->nfields, 4);
		assert_string_equal(r->fields[0], tricky[i]);
		assert_string_equal(r->fields[1], tricky[i + 1]);
		money_t m;
		int32_t bp;
		const char *why;
		assert_true(csv_parse_amount(r->fields[amount], &m, &why));
		assert_int_equal(m, (money_t)i * -123457 + 5);
		assert_true(csv_parse_percent(r->fields[share], &bp, &why));
		assert_int_equal(bp, (int32_t)(i * 1111));
	}
	/* Line numbers count the line breaks inside quoted fields. */
	assert_int_equal(f.records[5].line, 6);  /* "rad 1\r\nrad 2";"rad 1\nrad 2" */
	assert_int_equal(f.records[6].line, 9);  /* "ensam\rCR";" mellanslag " */
	assert_int_equal(f.records[7].line, 11);
	csv_free(&f);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_with_bom_is_read_and_the_bom_dropped),
		cmocka_unit_test(utf8_without_bom_and_plain_ascii_are_told_apart),
		cmocka_unit_test(windows_1252_bytes_become_utf8),
		cmocka_unit_test(invalid_utf8_after_a_bom_is_refused_at_its_line),
		cmocka_unit_test(a_mixture_of_utf8_and_windows_1252_is_refused),
		cmocka_unit_test(crlf_lf_and_lone_cr_all_end_records),
		cmocka_unit_test(quoted_fields_keep_delimiters_quotes_and_line_breaks),
		cmocka_unit_test(a_quote_inside_an_unquoted_field_is_an_ordinary_character),
		cmocka_unit_test(an_unterminated_quote_is_refused_at_the_line_where_it_began),
		cmocka_unit_test(text_after_a_closing_quote_is_refused),
		cmocka_unit_test(records_of_empty_fields_are_skipped_and_lines_still_count),
		cmocka_unit_test(unquoted_fields_are_trimmed_and_quoted_ones_kept),
		cmocka_unit_test(the_delimiter_is_detected_from_the_header),
		cmocka_unit_test(a_nul_byte_is_refused_at_its_line),
		cmocka_unit_test(oversized_input_is_refused),
		cmocka_unit_test(too_many_fields_or_records_are_refused),
		cmocka_unit_test(files_are_read_by_path_and_unreadable_ones_refused),
		cmocka_unit_test(an_empty_file_has_no_records_and_a_zeroed_file_can_be_freed),
		cmocka_unit_test(header_lookup_ignores_case_and_spaces_swedish_letters_included),
		cmocka_unit_test(errors_name_the_file_line_and_column),
		cmocka_unit_test(amounts_are_parsed_in_their_swedish_forms),
		cmocka_unit_test(amounts_that_are_ambiguous_or_inexact_are_refused_with_a_reason),
		cmocka_unit_test(percentages_are_read_as_hundredths_of_a_percent),
		cmocka_unit_test(integers_are_read_with_grouping_and_without_decimals),
		cmocka_unit_test(the_writer_quotes_only_when_needed_and_ends_lines_with_crlf),
		cmocka_unit_test(what_the_writer_writes_reads_back_identically),
		cmocka_unit_test(first_fields_that_look_like_a_bom_or_a_sep_line_read_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
