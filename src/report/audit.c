/*
 * audit — the report's figures checked against each other; see audit.h.
 */
#include "report/audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "books/balance.h"
#include "followup/stats.h"
#include "followup/store.h"
#include "plan/forecast.h"
#include "plan/members.h"
#include "report/annual.h"
#include "report/forecast_round.h"
#include "report/rounding.h"
#include "report/statement.h"
#include "util/xalloc.h"

struct audit {
	struct store *st;
	audit_fn fn;
	void *ctx;
	long findings;
};

static void finding(struct audit *a, const char *area, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void finding(struct audit *a, const char *area, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	a->fn(a->ctx, area, msg);
	free(msg);
	a->findings++;
}

/* "-1 234,50 kr" for a finding's data. */
static const char *kr(money_t m, char *buf)
{
	char n[64];
	snprintf(buf, 80, "%s kr", money_format_sv(m, &money_style_terminal, n, sizeof n));
	return buf;
}

/* ---- statements -------------------------------------------------------------------------- */

static void check_br_balances(struct audit *a, const struct stmt_table *br)
{
	/* The two sides are the sums of the highest level. */
	int top = 0;
	for (size_t i = 0; i < br->nrows; i++)
		if (br->rows[i].kind == SR_SUM && br->rows[i].level > top)
			top = br->rows[i].level;
	const struct stmt_row *sums[2] = { NULL, NULL };
	size_t n = 0;
	for (size_t i = 0; i < br->nrows && n < 2; i++)
		if (br->rows[i].kind == SR_SUM && br->rows[i].level == top)
			sums[n++] = &br->rows[i];
	if (n < 2) {
		finding(a, "Balansräkning", "mappningens balansräkning har inte två slutsummor "
					    "(tillgångar; eget kapital och skulder) att jämföra");
		return;
	}
	char x[80], y[80], d[16];
	for (int c = 0; c < 1 + br->has_comparison; c++) {
		money_t l = c ? sums[0]->comparison : sums[0]->amount;
		money_t r = c ? sums[1]->comparison : sums[1]->amount;
		if (l != r)
			finding(a, "Balansräkning",
				"balansräkningen per %s balanserar inte: %s %s, %s %s",
				date_format(c ? br->cmp_to : br->to, d), sums[0]->label, kr(l, x),
				sums[1]->label, kr(r, y));
	}
}

static void check_result(struct audit *a, const struct stmt_table *rr, const struct stmt_table *br)
{
	const struct stmt_row *res = NULL, *line = NULL;
	for (size_t i = 0; i < rr->nrows; i++)
		if (rr->rows[i].kind == SR_SUM)
			res = &rr->rows[i];
	for (size_t i = 0; i < br->nrows; i++)
		if (br->rows[i].line && br->rows[i].line->result)
			line = &br->rows[i];
	if (!res || !line)
		return;
	char x[80], y[80];
	if (res->amount != line->amount)
		finding(a, "Resultat",
			"resultaträkningens %s (%s) är inte balansräkningens %s (%s): eget kapital "
			"har ändrats med annat än periodens resultat",
			res->label, kr(res->amount, x), line->label, kr(line->amount, y));
}

static void check_mapping(struct audit *a, const struct stmt_map *m, const struct stmt_query *q,
			  struct error *err, bool *ok)
{
	struct stmt_unmapped *v = NULL;
	size_t n = 0;
	if (!stmt_check_mapping(a->st, m, q, &v, &n, err)) {
		*ok = false;
		return;
	}
	char x[80];
	for (size_t i = 0; i < n; i++) {
		if (v[i].times == 0)
			finding(a, "Mappning", "konto %s %s (%s) hamnar inte på någon rad i %s",
				v[i].account, v[i].name, kr(v[i].amount, x),
				v[i].in_rr ? "resultaträkningen" : "balansräkningen");
		else
			finding(a, "Mappning", "konto %s %s (%s) hamnar på %d rader i %s: %s",
				v[i].account, v[i].name, kr(v[i].amount, x), v[i].times,
				v[i].in_rr ? "resultaträkningen" : "balansräkningen", v[i].lines);
	}
	stmt_unmapped_free(v, n);
}

/* A note's lines against the statement lines that refer to it: the
 * mapping's lines with its number (a line with nothing in either column
 * is left out of the statement, and then so must the note be). */
static bool note_referred(const struct stmt_map *m, int note)
{
	for (size_t i = 0; i < m->nrr; i++)
		if (m->rr[i].note == note)
			return true;
	for (size_t i = 0; i < m->nbr; i++)
		if (m->br[i].note == note)
			return true;
	return false;
}

static bool check_notes(struct audit *a, const struct stmt_map *m, const struct stmt_query *q,
			struct error *err)
{
	for (size_t k = 0; k < m->nnotes; k++)
		if (!m->notes[k].text && !note_referred(m, m->notes[k].number))
			finding(a, "Noter", "not %d %s: ingen rad i resultat- eller balansräkningen "
					    "hänvisar till noten",
				m->notes[k].number, m->notes[k].title);
	struct stmt_note_finding *v = NULL;
	size_t n = 0;
	if (!stmt_check_notes(a->st, m, q, &v, &n, err))
		return false;
	char x[80], y[80];
	for (size_t i = 0; i < n; i++)
		finding(a, "Noter", "not %d %s summerar till %s%s men %s är %s", v[i].note,
			v[i].title, kr(v[i].note_total, x),
			v[i].column ? " i jämförelsekolumnen" : "", v[i].lines,
			kr(v[i].line_total, y));
	stmt_note_findings_free(v, n);
	return true;
}

/* The printed lines of each sum against the printed sum. */
static void check_printed(struct audit *a, const struct stmt_table *t, bool plain)
{
	size_t n = t->nrows;
	struct round_item *items = xcalloc(n ? n : 1, sizeof *items);
	int64_t *shown = xcalloc(n ? n : 1, sizeof *shown);
	size_t *parts = xcalloc(n ? n : 1, sizeof *parts);
	for (int c = 0; c < 1 + t->has_comparison; c++) {
		for (size_t i = 0; i < n; i++) {
			const struct stmt_row *r = &t->rows[i];
			items[i] = (struct round_item){
				.exact = c ? r->comparison : r->amount,
				.sum_level = r->kind == SR_SUM ? (r->level ? r->level : 1) : 0,
				.skip = r->kind == SR_HEADING,
			};
		}
		round_items(items, n, !plain, shown);
		for (size_t i = 0; i < n; i++) {
			if (items[i].skip || !items[i].sum_level)
				continue;
			size_t k = round_parts(items, n, i, parts);
			int64_t sum = 0;
			for (size_t j = 0; j < k; j++)
				sum += shown[parts[j]];
			if (sum != shown[i])
				finding(a, t->title,
					"tryckt %s%s är %lld kr men de tryckta raderna ovanför "
					"summerar till %lld kr (välj avrundning: största-rest)",
					t->rows[i].label, c ? " i jämförelsekolumnen" : "",
					(long long)shown[i], (long long)sum);
		}
	}
	free(items);
	free(shown);
	free(parts);
}

static bool check_statements(struct audit *a, const struct audit_query *aq, struct error *err)
{
	struct stmt_map m;
	struct stmt_query q = { aq->from, aq->to, aq->cmp_from, aq->cmp_to, aq->no_comparison };
	struct stmt_table rr, br, *notes = NULL;
	size_t nnotes = 0;
	memset(&rr, 0, sizeof rr);
	memset(&br, 0, sizeof br);
	if (!stmt_map_load(a->st, &m, err))
		return false;
	bool ok = stmt_rr(a->st, &m, &q, &rr, err) && stmt_br(a->st, &m, &q, &br, err) &&
		  stmt_notes(a->st, &m, &q, &notes, &nnotes, err);
	if (ok) {
		check_br_balances(a, &br);
		check_result(a, &rr, &br);
		check_mapping(a, &m, &q, err, &ok);
		ok = ok && check_notes(a, &m, &q, err);
		check_printed(a, &rr, aq->plain_rounding);
		check_printed(a, &br, aq->plain_rounding);
		for (size_t i = 0; i < nnotes; i++)
			if (!notes[i].text)
				check_printed(a, &notes[i], aq->plain_rounding);
	}
	stmt_table_free(&rr);
	stmt_table_free(&br);
	stmt_tables_free(notes, nnotes);
	stmt_map_free(&m);
	return ok;
}

/* ---- forecast ---------------------------------------------------------------------------- */

static const char *const fc_names[FC_COLS] = { "budget", "utfall", "prognos", "differens" };

static void check_forecast(struct audit *a, const struct forecast_table *t, bool plain)
{
	size_t n = t->nrows;
	int64_t *shown = xcalloc(n * FC_COLS + 1, sizeof *shown);
	forecast_round(t, !plain, shown);
	char x[80], y[80];
	for (size_t i = 0; i < n; i++) {
		const struct forecast_row *r = &t->rows[i];
		if (r->kind != FR_SUBTOTAL && r->kind != FR_GROUP_TOTAL && r->kind != FR_SECTION_TOTAL)
			continue;
		/* The lines under it: after a subtotal up to the next row at
		 * its level or above; before a total back to the heading. */
		size_t from, to;
		if (r->kind == FR_SUBTOTAL) {
			from = i + 1;
			for (to = from; to < n && t->rows[to].level > r->level; to++)
				;
		} else {
			to = i;
			for (from = i; from > 0 && !(t->rows[from - 1].kind == FR_HEADING &&
						     t->rows[from - 1].level <= r->level);
			     from--)
				;
		}
		for (int c = 0; c < FC_COLS; c++) {
			money_t exact = 0;
			int64_t printed = 0;
			for (size_t j = from; j < to; j++)
				if (t->rows[j].kind == FR_LINE || t->rows[j].kind == FR_OTHER) {
					exact += forecast_exact(&t->rows[j], (enum fc_col)c);
					printed += shown[j * FC_COLS + (size_t)c];
				}
			money_t own = forecast_exact(r, (enum fc_col)c);
			if (exact != own)
				finding(a, "Prognos", "%s, %s: raderna summerar till %s men summan är %s",
					r->label, fc_names[c], kr(exact, x), kr(own, y));
			else if (printed != shown[i * FC_COLS + (size_t)c])
				finding(a, "Prognos",
					"%s, %s: tryckt %lld kr men de tryckta raderna summerar till "
					"%lld kr (välj avrundning: största-rest)",
					r->label, fc_names[c], (long long)shown[i * FC_COLS + (size_t)c],
					(long long)printed);
		}
	}
	free(shown);
}

/* ---- follow-up and contributions -------------------------------------------------------- */

static bool check_participants(struct audit *a, struct error *err)
{
	struct followup_doc d;
	struct fu_categories cats;
	if (!fu_store_load(a->st, &d, err))
		return false;
	if (!fu_store_categories(a->st, &cats, err)) {
		followup_doc_free(&d);
		return false;
	}
	for (size_t i = 0; i < d.nstats; i++) {
		struct fu_findings f = { 0 };
		const struct fu_stats *s = &d.stats[i];
		fu_stats_check(s, &cats, followup_doc_intervention(&d, s->intervention), &f);
		char period[FU_PERIOD_MAX];
		for (size_t k = 0; k < f.n; k++)
			if (!f.items[k].warning)
				finding(a, "Deltagare", "%s %s: %s", s->intervention,
					fu_period_format(s->from, s->to, period), f.items[k].text);
		fu_findings_free(&f);
	}
	fu_categories_free(&cats);
	followup_doc_free(&d);
	return true;
}

static bool check_contributions(struct audit *a, int year, struct error *err)
{
	struct member_list l;
	if (!members_load(a->st, year, &l, err))
		return false;
	if (!l.n) {
		members_free(&l);
		return true;
	}
	money_t *booked = xcalloc(l.n, sizeof *booked);
	bool ok = members_booked(a->st, &l, booked, err);
	money_t kind[3] = { 0, 0, 0 };
	for (size_t i = 0; ok && i < l.n; i++)
		kind[l.m[i].kind] += booked[i];
	char x[80], y[80], z[80];
	/* The law: the state half, the region and the municipalities a
	 * quarter each, so state = 2 × region = 2 × municipalities. */
	if (ok && (kind[MEMBER_STATE] != 2 * kind[MEMBER_REGION] ||
		   kind[MEMBER_STATE] != 2 * kind[MEMBER_MUNICIPALITY]))
		finding(a, "Medlemsbidrag",
			"bokförda medlemsbidrag %d följer inte lagens andelar (staten 1/2, regionen "
			"1/4, kommunerna 1/4): staten %s, regionen %s, kommunerna %s",
			year, kr(kind[MEMBER_STATE], x), kr(kind[MEMBER_REGION], y),
			kr(kind[MEMBER_MUNICIPALITY], z));
	free(booked);
	members_free(&l);
	return ok;
}

/* The cash flow explains the change in cash (it does whenever the
 * vouchers balance and every balance account is in a class). */
static bool check_cashflow(struct audit *a, date_t from, date_t to, struct error *err)
{
	struct cashflow cf;
	if (!cashflow_compute(a->st, from, to, &cf, err))
		return false;
	char x[80], y[80], z[80];
	if (cf.cash_start + cf.flow != cf.cash_end)
		finding(a, "Kassaflödesanalys",
			"likvida medel %s vid periodens början och kassaflödet %s ger inte "
			"likvida medel %s vid dess slut",
			kr(cf.cash_start, x), kr(cf.flow, y), kr(cf.cash_end, z));
	return true;
}

/* ---- the whole ---------------------------------------------------------------------------- */

struct audit_query audit_query_of_doc(const struct doc *d)
{
	struct audit_query q = { 0 };
	q.from = d->from;
	q.to = d->to;
	q.cmp_from = d->cmp_from;
	q.cmp_to = d->cmp_to;
	q.no_comparison = !d->cmp_to;
	q.plain_rounding = d->plain_rounding;
	return q;
}

bool audit_run(struct store *st, const struct audit_query *q, audit_fn fn, void *ctx,
	       long *findings, struct error *err)
{
	struct audit a = { st, fn, ctx, 0 };
	struct audit_query aq = *q;
	int64_t year_id = 0;
	if (!balance_find_year(st, 0, aq.to, &year_id, err))
		return false;
	*findings = 0;
	if (!year_id)
		return true; /* no books: nothing to audit */
	struct tb_query tq = { .year_id = year_id };
	struct tb_result tb;
	if (!balance_trial(st, &tq, &tb, err))
		return false;
	if (!aq.to)
		aq.to = tb.to;
	if (!aq.from)
		aq.from = tb.year_start;
	int year = tb.year_start / 10000;
	tb_result_free(&tb);
	bool ok = check_statements(&a, &aq, err);
	struct forecast_table ft;
	if (ok && forecast_compute(st, year, 0, aq.to, &ft, err)) {
		check_forecast(&a, &ft, aq.plain_rounding);
		forecast_table_free(&ft);
	} else if (ok && err->code == ERR_INPUT) {
		/* No budget for the year: no forecast to audit. */
		error_clear(err);
	} else {
		ok = false;
	}
	ok = ok && check_cashflow(&a, aq.from, aq.to, err) && check_participants(&a, err) &&
	     check_contributions(&a, year, err);
	*findings = a.findings;
	return ok;
}
