/*
 * date — calendar dates as YYYYMMDD integers; see date.h.
 */
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool date_valid(date_t d)
{
	int y = d / 10000, m = d / 100 % 100, day = d % 100;
	return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && day >= 1 &&
	       day <= date_days_in_month(y, m);
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

bool date_parse(const char *s, size_t n, date_t *out, bool *iso)
{
	date_t d;
	bool dashed = false;
	if (n == 8 && digits(s, 8)) {
		d = num(s, 8);
	} else if (n == 10 && s[4] == '-' && s[7] == '-' && digits(s, 4) && digits(s + 5, 2) &&
		   digits(s + 8, 2)) {
		d = num(s, 4) * 10000 + num(s + 5, 2) * 100 + num(s + 8, 2);
		dashed = true;
	} else {
		return false;
	}
	if (!date_valid(d))
		return false;
	*out = d;
	if (iso)
		*iso = dashed;
	return true;
}

char *date_format(date_t d, char *buf)
{
	if (d <= 0 || d > 99991231) {
		buf[0] = '\0';
		return buf;
	}
	unsigned y = (unsigned)d / 10000, m = (unsigned)d / 100 % 100, day = (unsigned)d % 100;
	snprintf(buf, 11, "%04u-%02u-%02u", y % 10000, m % 100, day % 100);
	return buf;
}

char *date_format_sie(date_t d, char *buf)
{
	unsigned v = d > 0 ? (unsigned)d % 100000000u : 0;
	snprintf(buf, 9, "%08u", v);
	return buf;
}

date_t date_add_days(date_t d, int days)
{
	int y = d / 10000, m = d / 100 % 100, day = d % 100;
	while (days > 0) {
		int left = date_days_in_month(y, m) - day;
		if (days <= left) {
			day += days;
			days = 0;
		} else {
			days -= left + 1;
			day = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	while (days < 0) {
		if (-days < day) {
			day += days;
			days = 0;
		} else {
			days += day;
			if (--m < 1) {
				m = 12;
				y--;
			}
			day = date_days_in_month(y, m);
		}
	}
	return y * 10000 + m * 100 + day;
}

int32_t date_period(date_t d)
{
	return d / 100;
}

bool period_valid(int32_t p)
{
	int y = p / 100, m = p % 100;
	return y >= 1000 && y <= 9999 && m >= 1 && m <= 12;
}

date_t period_first_day(int32_t p)
{
	return p * 100 + 1;
}

date_t period_last_day(int32_t p)
{
	return p * 100 + date_days_in_month(p / 100, p % 100);
}

int32_t period_next(int32_t p)
{
	return p % 100 == 12 ? (p / 100 + 1) * 100 + 1 : p + 1;
}

date_t date_today(void)
{
	const char *env = getenv("FINSAM_TODAY");
	date_t d;
	if (env && date_parse(env, strlen(env), &d, NULL))
		return d;
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

char *date_now_iso(char *buf, size_t size)
{
	const char *frozen = getenv("FINSAM_NOW");
	if (frozen && *frozen) {
		snprintf(buf, size, "%s", frozen);
		return buf;
	}
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}
