/*
 * ph — the table of placeholders; see ph.h and docs/report.md, which
 * documents each with an example (a test checks that every name here is
 * documented there).
 */
#include "report/ph.h"

#include <string.h>

static const char *const opt_unit[] = { "enhet", "kolumn", NULL };
static const char *const opt_chart[] = { "titel", NULL };
static const char *const opt_org[] = { NULL };

static const struct ph_def defs[] = {
	{ "innehåll", PH_BLOCK, 0, 0, NULL, ph_toc, "innehåll",
	  "innehållsförteckningen (rubriker med nummer och sida)" },
	{ "sidbrytning", PH_BLOCK, 0, 0, NULL, ph_pagebreak, "sidbrytning",
	  "ny sida i PDF och utskrift" },
	{ "organisation", PH_INLINE, 1, 1, opt_org, ph_org, "organisation namn|orgnr",
	  "förbundets namn eller organisationsnummer" },
	{ "period", PH_INLINE, 0, 1, NULL, ph_period, "period [text|från|till|år|jämförelse]",
	  "rapportens period i ord, dess datum eller år" },
	{ "underskrifter", PH_BLOCK, 0, 0, NULL, ph_signatures, "underskrifter",
	  "styrelsens underskrifter (namn och roll ur huvudets underskrifter:)" },
	{ "resultaträkning", PH_BLOCK, 0, 0, NULL, ph_rr, "resultaträkning",
	  "resultaträkningen med jämförelsekolumn och notreferenser" },
	{ "balansräkning", PH_BLOCK, 0, 0, NULL, ph_br, "balansräkning",
	  "balansräkningen med jämförelsekolumn och notreferenser" },
	{ "noter", PH_BLOCK, 0, 0, NULL, ph_notes, "noter", "alla noter i mappningens ordning" },
	{ "not", PH_BLOCK, 1, 1, NULL, ph_note, "not NUMMER", "en not" },
	{ "belopp", PH_INLINE, 2, 2, opt_unit, ph_amount,
	  "belopp rr|br \"RAD\" [kolumn=period|jämförelse] [enhet=kr|tkr]",
	  "en rads belopp ur resultat- eller balansräkningen" },
	{ "prognos", PH_BLOCK, 0, 0, NULL, ph_forecast, "prognos",
	  "prognostabellen: budget, utfall, prognos och differens per budgetrad" },
	{ "medlemsbidrag", PH_BLOCK, 0, 0, NULL, ph_contributions, "medlemsbidrag",
	  "medlemmarnas bidrag för året enligt lagens andelar, och vad som bokförts" },
	{ "driftredovisning", PH_BLOCK, 0, 0, NULL, ph_operations, "driftredovisning",
	  "budget mot utfall per budgetrad för perioden, med avvikelsen" },
	{ "kassaflödesanalys", PH_BLOCK, 0, 0, NULL, ph_cashflow, "kassaflödesanalys",
	  "kassaflödet enligt indirekt metod, från resultatet till likvida medel" },
	{ "femårsöversikt", PH_BLOCK, 0, 0, NULL, ph_five_years, "femårsöversikt",
	  "intäkter, kostnader, resultat, eget kapital och soliditet för de senaste fem åren" },
	{ "nyckeltal", PH_INLINE, 1, 1, opt_unit, ph_ratio, "nyckeltal NYCKEL [enhet=kr|tkr]",
	  "ett nyckeltal i löptext (se finsam statement ratios)" },
	{ "nyckeltalstabell", PH_BLOCK, 0, 0, NULL, ph_ratios, "nyckeltalstabell",
	  "alla nyckeltal som tabell" },
	{ "ekonomiska-mål", PH_BLOCK, 0, 0, NULL, ph_fin_goals, "ekonomiska-mål",
	  "de finansiella målen med status" },
	{ "diagram", PH_BLOCK, 1, 1, opt_chart, ph_chart,
	  "diagram budget-utfall|eget-kapital|deltagare|utfall [titel=\"…\"]",
	  "ett diagram" },
	{ "insatskort", PH_BLOCK, 1, 1, NULL, ph_card,
	  "insatskort KOD|individinriktade|strukturövergripande",
	  "insatsens kort med resultatmål och deltagarstatistik" },
	{ "målmatris", PH_BLOCK, 1, 1, NULL, ph_goal_matrix, "målmatris \"OMRÅDE\"",
	  "ett målområdes matris med färgad status" },
	{ "insats", PH_INLINE, 2, 2, opt_unit, ph_intervention,
	  "insats KOD budget|utfall|andel|deltagare|kvinnor|män|nya|avslutade",
	  "en siffra om en insats" },
};

const struct ph_def *ph_defs(size_t *n)
{
	*n = sizeof defs / sizeof defs[0];
	return defs;
}

const struct ph_def *ph_find(const char *name)
{
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
		if (strcmp(defs[i].name, name) == 0)
			return &defs[i];
	return NULL;
}

bool ph_check_args(struct report *r, const struct ph_def *def, const struct placeholder *p,
		   struct error *err)
{
	size_t n = ph_npos(p);
	if ((int)n < def->min_args || (int)n > def->max_args) {
		report_ph_error(r, p, err, "{{ %s }} tar %s%d argument, inte %zu (%s)", p->name,
				def->min_args == def->max_args ? "" : "högst ", def->max_args, n,
				def->usage);
		return false;
	}
	for (size_t i = 0; i < p->nargs; i++) {
		if (!p->args[i].key)
			continue;
		bool ok = false;
		for (size_t k = 0; def->options && def->options[k] && !ok; k++)
			ok = strcmp(def->options[k], p->args[i].key) == 0;
		if (!ok) {
			report_ph_error(r, p, err, "{{ %s }} har inget val '%s=' (%s)", p->name,
					p->args[i].key, def->usage);
			return false;
		}
	}
	return true;
}

void ph_figure(struct report *r, struct doc_runs *runs, unsigned style, const char *text)
{
	doc_run_add(r->doc, runs, text, style | DOC_FIGURE);
}
