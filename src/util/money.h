/*
 * money — amounts as int64 öre, parsed and written exactly.
 *
 * Money is never a floating-point number in finsam. An amount is an
 * int64_t count of öre (1/100 krona). Parsing accepts the decimal text that
 * files carry ("-1234.5", "12", "-0.00") and refuses anything that cannot
 * be represented exactly; formatting writes either the plain form that
 * machines read ("-1234.50") or the Swedish form people read ("−1 234,50").
 * Rounding to whole kronor happens only when something is displayed.
 */
#ifndef FINSAM_UTIL_MONEY_H
#define FINSAM_UTIL_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t money_t;

/* The largest magnitude a single parsed amount may have: 10^13 kronor. */
#define MONEY_MAX ((money_t)1000000000000000LL)

enum money_parse_status {
	MONEY_OK = 0,
	MONEY_SYNTAX,    /* not a decimal number */
	MONEY_PRECISION, /* non-zero digits beyond two decimals */
	MONEY_RANGE,     /* larger than MONEY_MAX */
};

/* Parse n bytes of s: optional sign, digits, optionally the separator
 * `decimal_sep` ('.' or ',') and decimals. Extra decimals are accepted when
 * they are zeros ("1.500"). */
enum money_parse_status money_parse(const char *s, size_t n, char decimal_sep, money_t *out);
/* A short Swedish explanation of a parse status, for error messages. */
const char *money_parse_reason(enum money_parse_status st);

/* a + b into *out; false on int64 overflow (and *out unchanged). */
bool money_add(money_t a, money_t b, money_t *out);

/* a * num / den rounded half away from zero (den > 0; num >= 0), exact in
 * 128 bits: a share of an amount (a profile's months, a percentage in
 * hundredths as num / 10000, an amount scaled to a year). The result must
 * fit in money_t. */
money_t money_scale(money_t a, int64_t num, int64_t den);
/* Whole kronor, rounded half away from zero (the way reports round). */
int64_t money_round_kronor(money_t m);

/* "-1234.50": dot, two decimals, no grouping. buf must hold 32 bytes. */
char *money_format_plain(money_t m, char *buf);

/* How a Swedish amount is written for people. */
struct money_style {
	const char *group; /* thousands separator: " ", "\u00a0" or "\u202f" */
	const char *minus; /* "-" for terminals, "\u2212" for typeset output */
	bool decimals;     /* ",50" öre; otherwise rounded to whole kronor */
};

extern const struct money_style money_style_terminal;      /* "-1 234,50" */
extern const struct money_style money_style_terminal_kr;   /* "-1 235" */

/* Format m in the given style into buf (64 bytes suffice). */
char *money_format_sv(money_t m, const struct money_style *style, char *buf, size_t size);

#endif
