/*
 * Unit tests of the small util modules: buf (capped buffers), date,
 * charset (classification and conversion), strmap and jsonw.
 */
#include "testlib.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/charset.h"
#include "util/date.h"
#include "util/jsonw.h"
#include "util/strmap.h"

static void a_buffer_refuses_to_grow_past_its_cap_and_keeps_its_content(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(8);
	assert_true(buf_puts(&b, "abcde"));
	assert_false(buf_puts(&b, "fghij"));
	assert_string_equal(buf_cstr(&b), "abcde");
	assert_true(buf_puts(&b, "fgh"));
	assert_false(buf_putc(&b, 'i'));
	assert_int_equal(b.len, 8);
	char *taken = buf_take(&b);
	assert_string_equal(taken, "abcdefgh");
	assert_int_equal(b.len, 0);
	free(taken);
	buf_free(&b);
}

static void integers_are_appended_in_decimal(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(0);
	int64_t values[] = { 0, 7, -7, 1234567890123LL, INT64_MIN, INT64_MAX };
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		buf_put_int(&b, values[i]);
		buf_putc(&b, ' ');
	}
	assert_string_equal(buf_cstr(&b), "0 7 -7 1234567890123 -9223372036854775808 "
					  "9223372036854775807 ");
	buf_free(&b);
}

static void dates_are_validated_against_the_calendar(void **state)
{
	(void)state;
	date_t d;
	bool iso;
	assert_true(date_parse("20240229", 8, &d, &iso));
	assert_int_equal(d, 20240229);
	assert_false(iso);
	assert_false(date_parse("20230229", 8, &d, NULL));
	assert_false(date_parse("20231301", 8, &d, NULL));
	assert_false(date_parse("2023011", 7, &d, NULL));
	assert_true(date_parse("2023-06-30", 10, &d, &iso));
	assert_true(iso);
	assert_false(date_parse("2023/06/30", 10, &d, NULL));
	assert_false(date_parse("09991231", 8, &d, NULL));
}

static void days_and_months_are_counted_across_year_ends(void **state)
{
	(void)state;
	assert_int_equal(date_add_days(20231231, 1), 20240101);
	assert_int_equal(date_add_days(20240301, -1), 20240229);
	assert_int_equal(date_add_days(20230315, -20), 20230223);
	assert_int_equal(date_add_days(20230101, 365), 20240101);
	assert_int_equal(period_next(202312), 202401);
	assert_int_equal(period_last_day(202402), 20240229);
	assert_int_equal(date_period(20230630), 202306);
	char buf[11];
	assert_string_equal(date_format(20230630, buf), "2023-06-30");
	assert_string_equal(date_format(0, buf), "");
}

static void lines_are_classified_by_their_bytes(void **state)
{
	(void)state;
	assert_int_equal(charset_classify("abc", 3, ENC_ASCII), ENC_ASCII);
	assert_int_equal(charset_classify("\xc3\xa5", 2, ENC_ASCII), ENC_UTF8);
	assert_int_equal(charset_classify("\x86", 1, ENC_ASCII), ENC_CP437);
	assert_int_equal(charset_classify("\xe5", 1, ENC_ASCII), ENC_CP1252);
	assert_int_equal(charset_classify("\xe5 \x96", 3, ENC_ASCII), ENC_CP1252);
	assert_int_equal(charset_classify("\x86 \xc5", 3, ENC_ASCII), ENC_MIXED);
	/* A dash alone: CP437 û by the standard, 1252 in a 1252 file. */
	assert_int_equal(charset_classify("\x96", 1, ENC_CP437), ENC_CP437);
	assert_int_equal(charset_classify("\x96", 1, ENC_CP1252), ENC_CP1252);
}

static void text_is_converted_to_utf8_and_back_to_cp437(void **state)
{
	(void)state;
	struct charset cs;
	struct error err = ERROR_INIT;
	assert_true(charset_open(&cs, &err));
	struct buf out = BUF_INIT(0);
	assert_true(charset_decode(&cs, "\x8f\x84\x94", 3, ENC_CP437, &out));
	assert_string_equal(buf_cstr(&out), "Åäö");
	buf_reset(&out);
	assert_true(charset_decode(&cs, "\x86 \xc5", 3, ENC_MIXED, &out));
	assert_string_equal(buf_cstr(&out), "å Å");
	buf_reset(&out);
	assert_true(charset_to_cp437(&cs, "Åäö €", strlen("Åäö €"), &out));
	assert_memory_equal(out.data, "\x8f\x84\x94 EUR", 7);
	buf_free(&out);
	charset_close(&cs);
	assert_int_equal(utf8_width("Åäö"), 3);
	assert_int_equal(utf8_count_replacement("a\xef\xbf\xbd b \xef\xbf\xbd", 10), 2);
	assert_false(utf8_valid("\xc0\xaf", 2)); /* an overlong "/" */
}

static void the_map_keeps_every_key_through_growth(void **state)
{
	(void)state;
	struct strmap m;
	strmap_init(&m);
	char key[32];
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(key, sizeof key, "k%d", i);
		strmap_put(&m, key, (size_t)n, i * 3);
	}
	assert_int_equal(m.count, 5000);
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(key, sizeof key, "k%d", i);
		int64_t v = -1;
		assert_true(strmap_get(&m, key, (size_t)n, &v));
		assert_int_equal(v, i * 3);
	}
	int64_t v;
	assert_false(strmap_get(&m, "k5000", 5, &v));
	bool added;
	*strmap_slot(&m, "k1", 2, 0, &added) += 1;
	assert_false(added);
	assert_true(strmap_get(&m, "k1", 2, &v));
	assert_int_equal(v, 4);
	strmap_free(&m);
}

static void json_strings_are_escaped_and_read_back_unchanged(void **state)
{
	(void)state;
	const char *texts[] = { "", "Ränta", "citat \" och \\ snedstreck",
				"tab\there\nrad\x01\x1f", "åäö ÅÄÖ €" };
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct buf b = BUF_INIT(0);
		assert_true(jsonw_string(&b, texts[i]));
		json_error_t jerr;
		json_t *j = json_loads(buf_cstr(&b), JSON_DECODE_ANY, &jerr);
		assert_non_null(j);
		assert_string_equal(json_string_value(j), texts[i]);
		json_decref(j);
		buf_free(&b);
	}
	struct buf b = BUF_INIT(0);
	assert_true(jsonw_string(&b, "a\"b\x02"));
	assert_string_equal(buf_cstr(&b), "\"a\\\"b\\u0002\"");
	buf_reset(&b);
	assert_true(jsonw_string(&b, NULL));
	assert_string_equal(buf_cstr(&b), "null");
	buf_free(&b);
}

static void arena_allocations_are_aligned_and_keep_their_contents_across_chunks(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	for (int round = 0; round < 2; round++) {
		/* Enough strings to fill several chunks, one outsized block. */
		enum { N = 20000 };
		char *strs[N];
		for (int i = 0; i < N; i++) {
			char text[32];
			snprintf(text, sizeof text, "sträng %d", i * 7 + round);
			strs[i] = arena_strdup(&a, text);
			assert_int_equal((uintptr_t)strs[i] % alignof(max_align_t), 0);
		}
		unsigned char *big = arena_alloc(&a, 3 * ARENA_CHUNK);
		memset(big, 0xab, 3 * ARENA_CHUNK);
		int64_t v = INT64_MIN + round;
		int64_t *copy = arena_memdup(&a, &v, sizeof v);
		for (int i = 0; i < N; i++) {
			char text[32];
			snprintf(text, sizeof text, "sträng %d", i * 7 + round);
			assert_string_equal(strs[i], text);
		}
		assert_int_equal(big[0], 0xab);
		assert_int_equal(big[3 * ARENA_CHUNK - 1], 0xab);
		assert_true(*copy == INT64_MIN + round);
		assert_true(a.used >= 3 * ARENA_CHUNK + N * 8);
		assert_null(arena_strdup(&a, NULL));
		assert_null(arena_memdup(&a, NULL, 4));
		arena_reset(&a);
		assert_int_equal(a.used, 0);
	}
	arena_free(&a);
	assert_null(a.chunks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_buffer_refuses_to_grow_past_its_cap_and_keeps_its_content),
		cmocka_unit_test(integers_are_appended_in_decimal),
		cmocka_unit_test(dates_are_validated_against_the_calendar),
		cmocka_unit_test(days_and_months_are_counted_across_year_ends),
		cmocka_unit_test(lines_are_classified_by_their_bytes),
		cmocka_unit_test(text_is_converted_to_utf8_and_back_to_cp437),
		cmocka_unit_test(the_map_keeps_every_key_through_growth),
		cmocka_unit_test(json_strings_are_escaped_and_read_back_unchanged),
		cmocka_unit_test(arena_allocations_are_aligned_and_keep_their_contents_across_chunks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
