/*
 * typo — Swedish typography for figures; see typo.h.
 */
#include "report/typo.h"

#include <stdio.h>
#include <string.h>

#define NNBSP "\u202f"
#define NBSP "\u00a0"
#define MINUS "\u2212"

char *typo_int(int64_t v, char *buf, size_t size)
{
	char digits[24];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
	size_t o = 0;
	buf[0] = '\0';
	if (v < 0 && o + sizeof MINUS < size) {
		memcpy(buf, MINUS, sizeof MINUS - 1);
		o += sizeof MINUS - 1;
	}
	for (int i = 0; i < n && o + sizeof NNBSP < size; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			memcpy(buf + o, NNBSP, sizeof NNBSP - 1);
			o += sizeof NNBSP - 1;
		}
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

char *typo_percent(int64_t whole, char *buf, size_t size)
{
	char n[TYPO_BUF];
	snprintf(buf, size, "%s" NBSP "%%", typo_int(whole, n, sizeof n));
	return buf;
}

int64_t typo_whole_percent(int64_t hundredths)
{
	return (hundredths >= 0 ? hundredths + 50 : hundredths - 50) / 100;
}

char *typo_percent_bp(int64_t hundredths, char *buf, size_t size)
{
	return typo_percent(typo_whole_percent(hundredths), buf, size);
}

char *typo_decimal(int64_t hundredths, char *buf, size_t size)
{
	char n[TYPO_BUF];
	int64_t whole = hundredths / 100, frac = hundredths % 100;
	if (frac < 0)
		frac = -frac;
	const char *sign = hundredths < 0 && whole == 0 ? MINUS : "";
	snprintf(buf, size, "%s%s,%02d", sign, typo_int(whole, n, sizeof n), (int)frac);
	return buf;
}

char *typo_cell(const struct doc_cell *c, enum doc_col_type type, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!c->has_value)
		return buf;
	switch (type) {
	case DC_KRONOR:
	case DC_INT:
		return typo_int(c->shown, buf, size);
	case DC_PERCENT:
		return typo_percent(c->shown, buf, size);
	case DC_DECIMAL:
		return typo_decimal(c->shown, buf, size);
	case DC_TEXT:
		break;
	}
	return buf;
}
