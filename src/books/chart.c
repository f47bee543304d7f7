/*
 * chart — account types and chart-kind detection; see chart.h.
 */
#include "books/chart.h"

#include <string.h>
#include <strings.h>

char chart_account_type(const char *number, const char *declared)
{
	if (declared && declared[0] && strchr("TSKI", declared[0]))
		return declared[0];
	switch (number[0]) {
	case '1':
		return 'T';
	case '2':
		return 'S';
	case '3':
		return 'I';
	default:
		return 'K';
	}
}

bool chart_is_balance_type(char type)
{
	return type == 'T' || type == 'S';
}

bool chart_is_result_closing(const char *number)
{
	return strncmp(number, "899", 3) == 0;
}

const char *chart_kind_name(enum chart_kind kind)
{
	switch (kind) {
	case CHART_KOMMUN_BAS:
		return "kommun-bas";
	case CHART_BAS:
		return "bas";
	case CHART_UNKNOWN:
		break;
	}
	return "okänd";
}

bool chart_kind_parse(const char *name, enum chart_kind *out)
{
	if (strcasecmp(name, "kommun-bas") == 0 || strcasecmp(name, "kbas") == 0)
		*out = CHART_KOMMUN_BAS;
	else if (strcasecmp(name, "bas") == 0)
		*out = CHART_BAS;
	else if (strcasecmp(name, "okänd") == 0 || strcasecmp(name, "unknown") == 0)
		*out = CHART_UNKNOWN;
	else
		return false;
	return true;
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

enum chart_kind chart_detect(const struct chart_evidence *ev, const char **reason)
{
	if (ev->kptyp && (contains_ci(ev->kptyp, "KBAS") || contains_ci(ev->kptyp, "K-BAS") ||
			  contains_ci(ev->kptyp, "KOMMUN"))) {
		*reason = "#KPTYP anger Kommun-BAS";
		return CHART_KOMMUN_BAS;
	}
	if (ev->used_85 > 0 && ev->used_83 == 0) {
		*reason = "konton i 85-serien används (finansiella kostnader i Kommun-BAS; BAS har "
			  "ingen 85-serie)";
		return CHART_KOMMUN_BAS;
	}
	if (ev->used_83 > 0 && ev->used_85 == 0) {
		*reason = "konton i 83-serien används (finansiella intäkter i BAS)";
		return CHART_BAS;
	}
	if (ev->kptyp && contains_ci(ev->kptyp, "BAS")) {
		*reason = "#KPTYP anger BAS";
		return CHART_BAS;
	}
	if (ev->used_84 > 0 && ev->used_83 == 0 && ev->used_85 == 0) {
		if (ev->net_84 < 0) {
			*reason = "84-serien har intäkter (finansiella intäkter i Kommun-BAS)";
			return CHART_KOMMUN_BAS;
		}
		if (ev->net_84 > 0) {
			*reason = "84-serien har kostnader (finansiella kostnader i BAS)";
			return CHART_BAS;
		}
	}
	*reason = "kontona visar inte vilken kontoplan som används";
	return CHART_UNKNOWN;
}
