/*
 * chart — what an account is, and which chart a förbund keeps.
 *
 * Account types follow SIE's #KTYP: T (tillgång, asset), S (skuld,
 * liabilities and equity), K (kostnad, cost), I (intäkt, income). When a
 * file does not say, the type follows from the first digit, the same in
 * BAS and Kommun-BAS: 1 assets, 2 equity and liabilities, 3 income, 4–8
 * costs and financial items.
 *
 * The chart kind matters later, when accounts are mapped to statement
 * lines: Kommun-BAS puts financial income in 84 and financial costs in 85,
 * plain BAS puts them in 83 and 84. It is detected from #KPTYP and from
 * the accounts used, kept in the store, and can be set by the user.
 */
#ifndef FINSAM_BOOKS_CHART_H
#define FINSAM_BOOKS_CHART_H

#include <stdbool.h>
#include <stdint.h>

enum chart_kind {
	CHART_UNKNOWN = 0,
	CHART_KOMMUN_BAS,
	CHART_BAS,
};

/* 'T', 'S', 'K' or 'I' for the account; `declared` (may be NULL or "")
 * wins over the number. */
char chart_account_type(const char *number, const char *declared);
/* True for balance-sheet accounts (T and S): they carry balances over
 * from year to year. */
bool chart_is_balance_type(char type);

/* True for the closing accounts 899x ("Årets resultat" in BAS and
 * Kommun-BAS): the year-end entry that moves the result to equity. Left out
 * of a period's result, which it would otherwise cancel. */
bool chart_is_result_closing(const char *number);

/* The store's name for a kind ("kommun-bas", "bas", "okänd") and back;
 * chart_kind_parse returns false for an unknown name. */
const char *chart_kind_name(enum chart_kind kind);
bool chart_kind_parse(const char *name, enum chart_kind *out);

/* Evidence for the chart kind, gathered from a file or the store. */
struct chart_evidence {
	const char *kptyp;     /* #KPTYP, may be NULL */
	int64_t used_83;       /* accounts 83xx with any amount */
	int64_t used_85;       /* accounts 85xx with any amount */
	int64_t net_84;        /* sum of all 84xx amounts (credit is negative) */
	int64_t used_84;       /* accounts 84xx with any amount */
};

/* The kind the evidence points to, or CHART_UNKNOWN when it is unclear;
 * *reason (static Swedish text) says why. */
enum chart_kind chart_detect(const struct chart_evidence *ev, const char **reason);

#endif
