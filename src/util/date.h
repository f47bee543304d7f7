/*
 * date — calendar dates and accounting periods without time zones.
 *
 * A date is the integer YYYYMMDD (20230630), which sorts and compares
 * correctly and is what SIE files write. 0 means "no date". A period is a
 * month, YYYYMM (202306), the unit of #PSALDO and of finsam's stored
 * period balances. Only the Gregorian calendar from year 1000 to 9999 is
 * accepted; anything else in an input file is an error, not a guess.
 */
#ifndef FINSAM_UTIL_DATE_H
#define FINSAM_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t date_t;

/* True when d is a real calendar date. */
bool date_valid(date_t d);
/* Parse "YYYYMMDD" or "YYYY-MM-DD" (n bytes); false when not a real date.
 * *iso is set to whether the dashed form was used (may be NULL). */
bool date_parse(const char *s, size_t n, date_t *out, bool *iso);
/* Write "YYYY-MM-DD" into buf (11 bytes); "" for 0. */
char *date_format(date_t d, char *buf);
/* Write "YYYYMMDD" into buf (9 bytes), the SIE form. */
char *date_format_sie(date_t d, char *buf);
/* d moved by `days` (may be negative). */
date_t date_add_days(date_t d, int days);
/* Days in the month (1..12) of year y. */
int date_days_in_month(int y, int m);
/* The period (YYYYMM) that d falls in. */
int32_t date_period(date_t d);
/* First and last day of period p (YYYYMM). */
date_t period_first_day(int32_t p);
date_t period_last_day(int32_t p);
/* True when p is a valid YYYYMM. */
bool period_valid(int32_t p);
/* The period after p. */
int32_t period_next(int32_t p);
/* Today's date, or the date in the environment variable FINSAM_TODAY
 * (YYYY-MM-DD) so that tests can freeze the clock. */
date_t date_today(void);
/* The current time as "YYYY-MM-DDTHH:MM:SSZ" in buf (32 bytes), or
 * $FINSAM_NOW when set (so tests get stable logs). */
char *date_now_iso(char *buf, size_t size);

#endif
