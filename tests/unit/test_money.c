/*
 * Unit tests of util/money: exact parsing and Swedish formatting of öre.
 */
#include "testlib.h"

#include <string.h>

#include "util/money.h"

static money_t parse_ok(const char *s)
{
	money_t m = 12345;
	assert_int_equal(money_parse(s, strlen(s), '.', &m), MONEY_OK);
	return m;
}

static void parses_whole_and_decimal_amounts_to_ore(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("1234.50"), 123450);
	assert_int_equal(parse_ok("1234.5"), 123450);
	assert_int_equal(parse_ok("1234"), 123400);
	assert_int_equal(parse_ok("-0.01"), -1);
	assert_int_equal(parse_ok("+7"), 700);
	assert_int_equal(parse_ok(".5"), 50);
	assert_int_equal(parse_ok("12."), 1200);
}

static void negative_zero_is_zero(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("-0.00"), 0);
	assert_int_equal(parse_ok("-0"), 0);
}

static void extra_decimals_are_accepted_only_when_zero(void **state)
{
	(void)state;
	money_t m;
	assert_int_equal(parse_ok("1.500"), 150);
	assert_int_equal(money_parse("1.505", 5, '.', &m), MONEY_PRECISION);
}

static void garbage_and_huge_amounts_are_refused(void **state)
{
	(void)state;
	money_t m;
	const char *bad[] = { "", "-", ".", "1,5", "1.2.3", "12a", "--1", "1e5", " 1" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(money_parse(bad[i], strlen(bad[i]), '.', &m), MONEY_SYNTAX);
	assert_int_equal(money_parse("99999999999999999999", 20, '.', &m), MONEY_RANGE);
	assert_int_equal(money_parse("10000000000000.01", 17, '.', &m), MONEY_RANGE);
	assert_int_equal(money_parse("1,5", 3, ',', &m), MONEY_OK);
	assert_int_equal(m, 150);
}

static void rounds_half_away_from_zero(void **state)
{
	(void)state;
	assert_int_equal(money_round_kronor(150), 2);
	assert_int_equal(money_round_kronor(149), 1);
	assert_int_equal(money_round_kronor(-150), -2);
	assert_int_equal(money_round_kronor(-149), -1);
	assert_int_equal(money_round_kronor(INT64_MAX), INT64_MAX / 100);
	assert_int_equal(money_round_kronor(INT64_MIN), INT64_MIN / 100); /* -…758,08 */
	assert_int_equal(money_round_kronor(-149), -1);
	assert_int_equal(money_round_kronor(629050050), 6290501);
}

static void formats_plain_with_dot_and_two_decimals(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(money_format_plain(-123450, buf), "-1234.50");
	assert_string_equal(money_format_plain(5, buf), "0.05");
	assert_string_equal(money_format_plain(-5, buf), "-0.05");
	assert_string_equal(money_format_plain(INT64_MIN, buf), "-92233720368547758.08");
}

static void formats_swedish_with_spaces_and_comma(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(money_format_sv(427123100, &money_style_terminal, buf, sizeof buf),
			    "4 271 231,00");
	assert_string_equal(money_format_sv(-26669000, &money_style_terminal, buf, sizeof buf),
			    "-266 690,00");
	assert_string_equal(money_format_sv(-49, &money_style_terminal_kr, buf, sizeof buf), "0");
	struct money_style typeset = { "\u202f", "\u2212", false };
	assert_string_equal(money_format_sv(-26669000, &typeset, buf, sizeof buf),
			    "\u2212266\u202f690");
	assert_string_equal(money_format_sv(99900, &money_style_terminal, buf, sizeof buf),
			    "999,00");
	assert_string_equal(money_format_sv(0, &money_style_terminal, buf, sizeof buf), "0,00");
	assert_string_equal(money_format_sv(-5, &money_style_terminal, buf, sizeof buf), "-0,05");
	assert_string_equal(money_format_sv(100000, &money_style_terminal_kr, buf, sizeof buf),
			    "1 000");
	/* The extremes, every group and a multi-byte minus included. */
	assert_string_equal(money_format_sv(INT64_MIN, &money_style_terminal, buf, sizeof buf),
			    "-92 233 720 368 547 758,08");
	assert_string_equal(money_format_sv(INT64_MAX, &typeset, buf, sizeof buf),
			    "92\u202f233\u202f720\u202f368\u202f547\u202f758");
	/* A buffer too small gets the start, always terminated. */
	char small[5];
	assert_string_equal(money_format_sv(427123100, &money_style_terminal, small, sizeof small),
			    "4 27");
}

static void addition_detects_overflow(void **state)
{
	(void)state;
	money_t r = 7;
	assert_false(money_add(INT64_MAX, 1, &r));
	assert_int_equal(r, 7);
	assert_true(money_add(-5, 3, &r));
	assert_int_equal(r, -2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_whole_and_decimal_amounts_to_ore),
		cmocka_unit_test(negative_zero_is_zero),
		cmocka_unit_test(extra_decimals_are_accepted_only_when_zero),
		cmocka_unit_test(garbage_and_huge_amounts_are_refused),
		cmocka_unit_test(rounds_half_away_from_zero),
		cmocka_unit_test(formats_plain_with_dot_and_two_decimals),
		cmocka_unit_test(formats_swedish_with_spaces_and_comma),
		cmocka_unit_test(addition_detects_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
