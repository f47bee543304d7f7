/*
 * ph_annual — placeholders for what an annual report adds: the cash-flow
 * statement and the five-year overview (report/annual.h). Both work for
 * any period; an interim report may show them too.
 */
#include "report/ph.h"

#include <stdlib.h>
#include <string.h>

#include "report/annual.h"
#include "report/rounding.h"
#include "util/xalloc.h"

bool ph_cashflow(struct report *r, const struct placeholder *p, struct doc_runs *runs,
		 unsigned style, struct error *err)
{
	(void)p, (void)runs, (void)style;
	struct cashflow cf;
	if (!cashflow_compute(r->st, r->h.from, r->h.to, &cf, err))
		return false;
	struct doc *d = r->doc;
	struct doc_table *t = doc_table_new(d, report_table_key(r, "kassaflodesanalys"),
					    "Kassaflödesanalys", DTS_FIGURES, 2);
	char a[16], b[16];
	doc_table_col(d, t, 0, "", DC_TEXT, 50);
	doc_table_col(d, t, 1, doc_printf(d, "%s\n\u2013%s", date_format(cf.from, a),
					  date_format(cf.to, b)),
		      DC_KRONOR, 16);
	t->source = doc_printf(d, "Bokföringen %s\u2013%s, indirekt metod", a, b);
	/* Rows: label, exact, sum level (report/rounding.h), heading. */
	const struct {
		const char *label;
		money_t exact;
		int level;
		bool heading;
	} rows[] = {
		{ "Den löpande verksamheten", 0, 0, true },
		{ "Periodens resultat", cf.result, 0, false },
		{ "Justering för avsättningar (ej likviditetspåverkande)", cf.provisions, 0, false },
		{ "Minskning (+) / ökning (−) av kortfristiga fordringar", cf.receivables, 0, false },
		{ "Ökning (+) / minskning (−) av kortfristiga skulder", cf.debts, 0, false },
		{ "Kassaflöde från den löpande verksamheten", cf.operations, 1, false },
		{ "Investeringsverksamheten", 0, 0, true },
		{ "Investeringar i anläggningstillgångar", cf.investments, 0, false },
		{ "Kassaflöde från investeringsverksamheten", cf.investments, 1, false },
		{ "Finansieringsverksamheten", 0, 0, true },
		{ "Förändring av långfristiga skulder", cf.long_term, 0, false },
		{ "Förändring av eget kapital utöver resultatet", cf.other_equity, 0, false },
		{ "Kassaflöde från finansieringsverksamheten", cf.long_term + cf.other_equity, 1,
		  false },
		{ "Periodens kassaflöde", cf.flow, 2, false },
	};
	size_t n = sizeof rows / sizeof rows[0];
	struct round_item items[sizeof rows / sizeof rows[0]];
	int64_t shown[sizeof rows / sizeof rows[0]];
	for (size_t i = 0; i < n; i++)
		items[i] = (struct round_item){ .exact = rows[i].exact, .sum_level = rows[i].level,
						.skip = rows[i].heading };
	/* The printed flows add up: lines on their own, sums of the printed. */
	round_items_up(items, n, shown);
	for (size_t i = 0; i < n; i++) {
		enum doc_row_kind kind = rows[i].heading   ? DR_HEADING
					 : rows[i].level == 2 ? DR_TOTAL
					 : rows[i].level == 1 ? DR_SUBTOTAL
							      : DR_NORMAL;
		struct doc_row *row = doc_table_row(d, t, kind, rows[i].level || rows[i].heading ? 0 : 1);
		doc_cell_text(d, &row->cells[0], rows[i].label,
			      rows[i].level || rows[i].heading ? DOC_BOLD : DOC_PLAIN);
		if (!rows[i].heading)
			doc_cell_money(&row->cells[1], rows[i].exact, shown[i]);
	}
	/* Cash at the start and the end: the end printed as start + flow. */
	int64_t start = money_round_kronor(cf.cash_start);
	struct doc_row *row = doc_table_row(d, t, DR_NORMAL, 0);
	doc_cell_text(d, &row->cells[0], "Likvida medel vid periodens början", DOC_PLAIN);
	doc_cell_money(&row->cells[1], cf.cash_start, start);
	row = doc_table_row(d, t, DR_TOTAL, 0);
	doc_cell_text(d, &row->cells[0], "Likvida medel vid periodens slut", DOC_BOLD);
	doc_cell_money(&row->cells[1], cf.cash_end, start + shown[n - 1]);
	doc_add_block(d, DB_TABLE)->u.table = t;
	return true;
}

bool ph_five_years(struct report *r, const struct placeholder *p, struct doc_runs *runs,
		   unsigned style, struct error *err)
{
	(void)runs, (void)style;
	struct year_figures y[FIVE_YEARS];
	size_t n = 0;
	if (!five_years(r->st, r->h.to, y, &n, err))
		return false;
	if (!n) {
		report_ph_error(r, p, err, "bokföringen har inget helt räkenskapsår till och med "
					   "periodens slut (femårsöversikt)");
		return false;
	}
	struct doc *d = r->doc;
	struct doc_table *t = doc_table_new(d, report_table_key(r, "femarsoversikt"),
					    "Femårsöversikt", DTS_FIGURES, 6);
	doc_table_col(d, t, 0, "År", DC_TEXT, 8);
	doc_table_col(d, t, 1, "Verksamhetens\nintäkter", DC_KRONOR, 14);
	doc_table_col(d, t, 2, "Verksamhetens\nkostnader", DC_KRONOR, 14);
	doc_table_col(d, t, 3, "Årets\nresultat", DC_KRONOR, 14);
	doc_table_col(d, t, 4, "Eget kapital\nvid årets slut", DC_KRONOR, 14);
	doc_table_col(d, t, 5, "Soliditet", DC_PERCENT, 10);
	for (size_t i = 0; i < n; i++) {
		struct doc_row *row = doc_table_row(d, t, DR_NORMAL, 0);
		doc_cell_text(d, &row->cells[0], doc_printf(d, "%d", y[i].year), DOC_PLAIN);
		doc_cell_money(&row->cells[1], y[i].income, money_round_kronor(y[i].income));
		doc_cell_money(&row->cells[2], y[i].costs, money_round_kronor(y[i].costs));
		doc_cell_money(&row->cells[3], y[i].result, money_round_kronor(y[i].result));
		doc_cell_money(&row->cells[4], y[i].equity, money_round_kronor(y[i].equity));
		if (y[i].has_solidity)
			doc_cell_percent(&row->cells[5], y[i].solidity_bp);
	}
	doc_add_block(d, DB_TABLE)->u.table = t;
	return true;
}
