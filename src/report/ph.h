/*
 * ph — the placeholders a template may use: one table (report/ph.c)
 * naming each with its kind, its arguments and the function that fills
 * it in; the functions live by subject in report/ph_*.c.
 *
 * An inline placeholder appends text (a figure) to the runs of the
 * paragraph or heading it stands in; a block placeholder stands alone in
 * its paragraph and appends blocks (tables, charts …) to the document.
 */
#ifndef FINSAM_REPORT_PH_H
#define FINSAM_REPORT_PH_H

#include <stdbool.h>

#include "report/report.h"

enum ph_kind { PH_INLINE, PH_BLOCK };

typedef bool (*ph_fn)(struct report *r, const struct placeholder *p, struct doc_runs *runs,
		      unsigned style, struct error *err);

struct ph_def {
	const char *name;
	enum ph_kind kind;
	int min_args, max_args;        /* positional arguments */
	const char *const *options;    /* the key=value keys allowed, NULL-terminated; NULL: none */
	ph_fn run;
	const char *usage;             /* "nyckeltal NYCKEL [enhet=kr|tkr]" */
	const char *summary;           /* one line for `finsam report placeholders` */
};

/* The table, and lookup by name (NULL when unknown). */
const struct ph_def *ph_defs(size_t *n);
const struct ph_def *ph_find(const char *name);
/* Check p's arguments against its definition (err at p on a mismatch). */
bool ph_check_args(struct report *r, const struct ph_def *def, const struct placeholder *p,
		   struct error *err);

/* Append a figure's text as a run (DOC_FIGURE added to style). */
void ph_figure(struct report *r, struct doc_runs *runs, unsigned style, const char *text);

/* ph_doc.c: the document's own facts and furniture. */
bool ph_toc(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_pagebreak(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_org(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_period(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_signatures(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);

/* ph_books.c: statements and figures from the books. */
bool ph_rr(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_br(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_notes(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_note(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_amount(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);

/* ph_plan.c: forecast, key ratios, contributions, financial goals, charts. */
bool ph_forecast(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_ratio(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_ratios(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_fin_goals(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_chart(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_contributions(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_operations(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);

/* ph_annual.c: the cash-flow statement and the five-year overview. */
bool ph_cashflow(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_five_years(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);

/* ph_followup.c: intervention cards, goal matrices, participant figures. */
bool ph_card(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_goal_matrix(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);
bool ph_intervention(struct report *, const struct placeholder *, struct doc_runs *, unsigned, struct error *);

#endif
