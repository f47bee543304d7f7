/*
 * load — the model's figures for a report, computed on first use and kept
 * for the rest of the build (see report.h): the statements by the mapping
 * in force, the forecast table of the period's year, and the follow-up
 * with the budget use of the interventions.
 */
#include "report/report.h"

#include "followup/store.h"
#include "report/forecast_round.h"
#include "util/xalloc.h"

bool report_statements(struct report *r, struct error *err)
{
	if (r->notes_loaded)
		return true;
	struct stmt_query q = {
		.from = r->h.from,
		.to = r->h.to,
		.cmp_from = r->h.has_cmp ? r->h.cmp_from : 0,
		.cmp_to = r->h.has_cmp ? r->h.cmp_to : 0,
		.no_comparison = !r->h.has_cmp,
	};
	if (!r->map_loaded) {
		if (!stmt_map_load(r->st, &r->map, err))
			return false;
		r->map_loaded = true;
	}
	if (!r->rr_loaded) {
		if (!stmt_rr(r->st, &r->map, &q, &r->rr, err))
			return false;
		r->rr_loaded = true;
	}
	if (!r->br_loaded) {
		if (!stmt_br(r->st, &r->map, &q, &r->br, err))
			return false;
		r->br_loaded = true;
	}
	if (!stmt_notes(r->st, &r->map, &q, &r->notes, &r->nnotes, err))
		return false;
	r->notes_loaded = true;
	return true;
}

bool report_ratios(struct report *r, struct error *err)
{
	if (r->ratios_loaded)
		return true;
	struct stmt_query q = { .from = r->h.from, .to = r->h.to, .no_comparison = true };
	if (!ratios_compute(r->st, &q, &r->ratios, err))
		return false;
	r->ratios_loaded = true;
	return true;
}

bool report_forecast(struct report *r, struct error *err)
{
	if (r->ft_loaded)
		return true;
	if (!forecast_compute(r->st, r->year, 0, r->h.to, &r->ft, err))
		return false;
	r->ft_shown = xcalloc(r->ft.nrows * FC_COLS + 1, sizeof *r->ft_shown);
	forecast_round(&r->ft, !r->h.plain_rounding, r->ft_shown);
	r->ft_loaded = true;
	return true;
}

bool report_followup(struct report *r, struct error *err)
{
	if (r->fu_loaded)
		return true;
	followup_doc_init(&r->fu);
	if (!fu_store_load(r->st, &r->fu, err)) {
		followup_doc_free(&r->fu);
		return false;
	}
	if (!fu_store_categories(r->st, &r->cats, err)) {
		followup_doc_free(&r->fu);
		return false;
	}
	if (!fu_store_threshold(r->st, &r->threshold, err) ||
	    !fu_books_load(r->st, r->year, r->h.to, &r->books, err)) {
		followup_doc_free(&r->fu);
		fu_categories_free(&r->cats);
		return false;
	}
	r->fu_loaded = true;
	return true;
}
