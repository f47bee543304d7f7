/*
 * money — exact parsing and formatting of öre amounts; see money.h.
 */
#include "util/money.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

const struct money_style money_style_terminal = { " ", "-", true };
const struct money_style money_style_terminal_kr = { " ", "-", false };

enum money_parse_status money_parse(const char *s, size_t n, char decimal_sep, money_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (i < n && (s[i] == '-' || s[i] == '+')) {
		neg = s[i] == '-';
		i++;
	}
	int64_t whole = 0;
	size_t int_digits = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, int_digits++) {
		if (whole > MONEY_MAX / 10)
			return MONEY_RANGE;
		whole = whole * 10 + (s[i] - '0');
	}
	int64_t frac = 0;
	size_t frac_digits = 0;
	if (i < n && s[i] == decimal_sep) {
		i++;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, frac_digits++) {
			if (frac_digits < 2)
				frac = frac * 10 + (s[i] - '0');
			else if (s[i] != '0')
				return MONEY_PRECISION;
		}
		if (frac_digits == 0 && int_digits == 0)
			return MONEY_SYNTAX;
	}
	if (i != n || (int_digits == 0 && frac_digits == 0))
		return MONEY_SYNTAX;
	if (frac_digits == 1)
		frac *= 10;
	if (whole > MONEY_MAX / 100)
		return MONEY_RANGE;
	money_t v = whole * 100 + frac;
	if (v > MONEY_MAX)
		return MONEY_RANGE;
	*out = neg ? -v : v;
	return MONEY_OK;
}

const char *money_parse_reason(enum money_parse_status st)
{
	switch (st) {
	case MONEY_OK:
		return "giltigt belopp";
	case MONEY_SYNTAX:
		return "inte ett belopp";
	case MONEY_PRECISION:
		return "fler än två decimaler (ören) går inte att bokföra exakt";
	case MONEY_RANGE:
		return "beloppet är orimligt stort";
	}
	return "okänt fel";
}

bool money_add(money_t a, money_t b, money_t *out)
{
	money_t r;
	if (__builtin_add_overflow(a, b, &r))
		return false;
	*out = r;
	return true;
}

money_t money_scale(money_t a, int64_t num, int64_t den)
{
	unsigned __int128 p = (unsigned __int128)(a < 0 ? -(__int128)a : a) * (uint64_t)num;
	money_t q = (money_t)((p + (uint64_t)den / 2) / (uint64_t)den);
	return a < 0 ? -q : q;
}

int64_t money_round_kronor(money_t m)
{
	/* Half away from zero, without overflowing at the extremes. */
	int64_t kr = m / 100, ore = m % 100;
	if (ore >= 50)
		kr++;
	else if (ore <= -50)
		kr--;
	return kr;
}

char *money_format_plain(money_t m, char *buf)
{
	/* Work on the magnitude as unsigned so INT64_MIN cannot overflow. */
	uint64_t mag = m < 0 ? (uint64_t)0 - (uint64_t)m : (uint64_t)m;
	snprintf(buf, 32, "%s%llu.%02llu", m < 0 ? "-" : "", (unsigned long long)(mag / 100),
		 (unsigned long long)(mag % 100));
	return buf;
}

char *money_format_sv(money_t m, const struct money_style *style, char *buf, size_t size)
{
	uint64_t mag;
	bool neg;
	unsigned cents = 0;
	if (style->decimals) {
		neg = m < 0;
		mag = neg ? (uint64_t)0 - (uint64_t)m : (uint64_t)m;
		cents = (unsigned)(mag % 100);
		mag /= 100;
	} else {
		int64_t kr = money_round_kronor(m);
		neg = kr < 0;
		mag = neg ? (uint64_t)0 - (uint64_t)kr : (uint64_t)kr;
	}
	/* Written right to left: öre, then digits in groups of three. */
	char tmp[96];
	char *p = tmp + sizeof tmp;
	size_t glen = strlen(style->group), mlen = strlen(style->minus);
	assert(glen <= 8 && mlen <= 8);
	if (style->decimals) {
		*--p = (char)('0' + cents % 10);
		*--p = (char)('0' + cents / 10);
		*--p = ',';
	}
	for (int i = 0;; i++) {
		if (i > 0 && i % 3 == 0) {
			p -= glen;
			memcpy(p, style->group, glen);
		}
		*--p = (char)('0' + mag % 10);
		mag /= 10;
		if (!mag)
			break;
	}
	if (neg) {
		p -= mlen;
		memcpy(p, style->minus, mlen);
	}
	/* At most 20 digits, 6 groups and a minus of a few bytes each fit. */
	size_t len = (size_t)(tmp + sizeof tmp - p);
	if (size == 0)
		return buf;
	if (len >= size)
		len = size - 1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return buf;
}
