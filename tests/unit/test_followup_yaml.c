/*
 * Unit tests of followup/yaml: the follow-up's text file (docs/followup.md)
 * read into the model with every key's value, written in the canonical
 * form and read back to the same document and the same bytes (Markdown,
 * quotes, colons, '#', åäö and the like included), and bad files refused
 * with the exact "file:line:column: message" — unknown keys, wrong types,
 * bad numbers, dates, periods and names, duplicate keys, YAML syntax,
 * aliases, and a personnummer in any text of the statistics.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "followup/yaml.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define NAME "uppfoljning.yaml"

/* ---- helpers ------------------------------------------------------------------------- */

static void read_ok(const char *text, struct followup_doc *d)
{
	struct error err = ERROR_INIT;
	if (!fu_yaml_read(text, strlen(text), NAME, d, &err))
		fail_msg("fu_yaml_read: %s", err.msg);
	error_clear(&err);
}

/* Assert that text is refused with exactly the message msg. */
static void refused(const char *text, const char *msg)
{
	struct error err = ERROR_INIT;
	struct followup_doc d;
	bool ok = fu_yaml_read(text, strlen(text), NAME, &d, &err);
	followup_doc_free(&d);
	if (ok)
		fail_msg("accepted, expected: %s\n--- input:\n%s", msg, text);
	assert_int_equal(err.code, ERR_INPUT);
	if (strcmp(err.msg, msg) != 0)
		fail_msg("got:      %s\nexpected: %s\n--- input:\n%s", err.msg, msg, text);
	error_clear(&err);
}

/* The canonical form of d (free it). */
static char *written(const struct followup_doc *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	struct error err = ERROR_INIT;
	if (!fu_yaml_write(f, d, &err))
		fail_msg("fu_yaml_write: %s", err.msg);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void same_text(const char *a, const char *b)
{
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
}

static void same_counts(const struct fu_count *a, size_t na, const struct fu_count *b, size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		same_text(a[i].label, b[i].label);
		assert_int_equal(a[i].count, b[i].count);
	}
}

static void same_result_goal(const struct fu_result_goal *a, const struct fu_result_goal *b)
{
	same_text(a->text, b->text);
	assert_int_equal(a->measure, b->measure);
	assert_int_equal(a->source, b->source);
	same_text(a->survey, b->survey);
	assert_int_equal(a->has_target, b->has_target);
	if (a->has_target)
		assert_int_equal(a->target, b->target);
	assert_int_equal(a->at_most, b->at_most);
	assert_int_equal(a->has_actual, b->has_actual);
	if (a->has_actual)
		assert_int_equal(a->actual, b->actual);
	same_text(a->deviation, b->deviation);
	assert_int_equal(a->status, b->status);
}

static void same_intervention_lists(const struct fu_intervention *a,
				    const struct fu_intervention *b)
{
	assert_int_equal(a->ntags, b->ntags);
	for (size_t i = 0; i < a->ntags; i++)
		same_text(a->tags[i], b->tags[i]);
	assert_int_equal(a->nstaff, b->nstaff);
	for (size_t i = 0; i < a->nstaff; i++) {
		same_text(a->staff[i].role, b->staff[i].role);
		same_text(a->staff[i].employer, b->staff[i].employer);
		assert_int_equal(a->staff[i].percent_bp, b->staff[i].percent_bp);
		assert_int_equal(a->staff[i].from, b->staff[i].from);
		assert_int_equal(a->staff[i].to, b->staff[i].to);
		same_text(a->staff[i].note, b->staff[i].note);
	}
	assert_int_equal(a->ngoals, b->ngoals);
	for (size_t i = 0; i < a->ngoals; i++)
		same_result_goal(&a->goals[i], &b->goals[i]);
	assert_int_equal(a->nactivities, b->nactivities);
	for (size_t i = 0; i < a->nactivities; i++) {
		same_text(a->activities[i].name, b->activities[i].name);
		same_text(a->activities[i].description, b->activities[i].description);
		assert_int_equal(a->activities[i].attendees, b->activities[i].attendees);
	}
}

static void same_intervention(const struct fu_intervention *a, const struct fu_intervention *b)
{
	same_text(a->code, b->code);
	same_text(a->name, b->name);
	assert_int_equal(a->kind, b->kind);
	same_text(a->owner, b->owner);
	assert_int_equal(a->start, b->start);
	assert_int_equal(a->end, b->end);
	assert_int_equal(a->esf, b->esf);
	same_text(a->budget_group, b->budget_group);
	same_text(a->summary, b->summary);
	same_text(a->purpose, b->purpose);
	same_text(a->target_group, b->target_group);
	same_intervention_lists(a, b);
	same_text(a->done, b->done);
	same_text(a->cost_effect, b->cost_effect);
	same_text(a->cooperation, b->cooperation);
	same_text(a->outlook, b->outlook);
	same_text(a->evaluation, b->evaluation);
}

static void same_stats(const struct fu_stats *a, const struct fu_stats *b)
{
	same_text(a->intervention, b->intervention);
	assert_int_equal(a->from, b->from);
	assert_int_equal(a->to, b->to);
	assert_int_equal(a->total, b->total);
	assert_int_equal(a->new_, b->new_);
	assert_int_equal(a->ongoing, b->ongoing);
	assert_int_equal(a->ended, b->ended);
	assert_int_equal(a->planned, b->planned);
	assert_int_equal(a->waiting, b->waiting);
	assert_int_equal(a->women, b->women);
	assert_int_equal(a->men, b->men);
	assert_int_equal(a->other, b->other);
	same_counts(a->outcomes, a->noutcomes, b->outcomes, b->noutcomes);
	same_counts(a->ages, a->nages, b->ages, b->nages);
	same_counts(a->incomes, a->nincomes, b->incomes, b->nincomes);
	assert_int_equal(a->nsurveys, b->nsurveys);
	for (size_t i = 0; i < a->nsurveys; i++) {
		same_text(a->surveys[i].name, b->surveys[i].name);
		assert_int_equal(a->surveys[i].mean, b->surveys[i].mean);
		assert_int_equal(a->surveys[i].answers, b->surveys[i].answers);
	}
	assert_int_equal(a->incomplete, b->incomplete);
	same_text(a->comment, b->comment);
}

static void same_area(const struct fu_goal_area *a, const struct fu_goal_area *b)
{
	same_text(a->name, b->name);
	assert_int_equal(a->ngoals, b->ngoals);
	for (size_t i = 0; i < a->ngoals; i++) {
		const struct fu_goal *x = &a->goals[i], *y = &b->goals[i];
		same_text(x->text, y->text);
		same_text(x->activities, y->activities);
		same_text(x->outcome, y->outcome);
		assert_int_equal(x->status, y->status);
		assert_int_equal(x->has_target, y->has_target);
		assert_int_equal(x->has_actual, y->has_actual);
		if (x->has_target)
			assert_int_equal(x->target, y->target);
		if (x->has_actual)
			assert_int_equal(x->actual, y->actual);
		same_text(x->unit, y->unit);
	}
}

static void same_doc(const struct followup_doc *a, const struct followup_doc *b)
{
	assert_int_equal(a->has_threshold, b->has_threshold);
	if (a->has_threshold)
		assert_int_equal(a->threshold, b->threshold);
	assert_int_equal(a->ncategories, b->ncategories);
	for (size_t i = 0; i < a->ncategories; i++) {
		same_text(a->categories[i].name, b->categories[i].name);
		assert_int_equal(a->categories[i].step, b->categories[i].step);
		assert_int_equal(a->categories[i].denominator, b->categories[i].denominator);
	}
	assert_int_equal(a->ninterventions, b->ninterventions);
	for (size_t i = 0; i < a->ninterventions; i++)
		same_intervention(&a->interventions[i], &b->interventions[i]);
	assert_int_equal(a->nstats, b->nstats);
	for (size_t i = 0; i < a->nstats; i++)
		same_stats(&a->stats[i], &b->stats[i]);
	assert_int_equal(a->nareas, b->nareas);
	for (size_t i = 0; i < a->nareas; i++)
		same_area(&a->areas[i], &b->areas[i]);
}

/* write → read → same document; write again → same bytes. */
static void round_trip(const struct followup_doc *d)
{
	char *first = written(d);
	struct followup_doc back;
	struct error err = ERROR_INIT;
	if (!fu_yaml_read(first, strlen(first), NAME, &back, &err))
		fail_msg("reading what was written: %s\n---\n%s", err.msg, first);
	same_doc(d, &back);
	char *second = written(&back);
	assert_string_equal(first, second);
	followup_doc_free(&back);
	free(first);
	free(second);
}

/* ---- the full document --------------------------------------------------------------- */

static const char full[] =
	"# Lekeberg–Örebro\n"
	"publiceringsgräns: 3          # counts below this are shown as \"<3\"\n"
	"\n"
	"utfallskategorier:\n"
	"  - namn: vägledning\n"
	"    stegförflyttning: nej\n"
	"    i_nämnaren: ja\n"
	"  - namn: kartläggning\n"
	"    stegförflyttning: true\n"
	"  - namn: flyttat\n"
	"    i_nämnaren: false\n"
	"\n"
	"insatser:\n"
	"  - kod: MTL\n"
	"    namn: Mottagningsteamet Lekeberg\n"
	"    slag: individinriktad\n"
	"    ägare: Lekebergs kommun\n"
	"    start: 2022-01-01\n"
	"    slut: 2024-12-31\n"
	"    esf: ja\n"
	"    budgetgrupp: \"Insatser: individ\"\n"
	"    typ: Vägledning, kartläggning och uppföljning.\n"
	"    syfte: |\n"
	"      Erbjuda vägledning, kartläggning och uppföljning …\n"
	"    målgrupp: |\n"
	"      Invånare i Lekebergs kommun mellan 16–65 år …\n"
	"      Andra raden.\n"
	"    målgruppstaggar: [16–65 år, Lekebergs kommun]\n"
	"    bemanning:\n"
	"      - roll: Arbetsmarknadskonsulent\n"
	"        arbetsgivare: Lekebergs kommun\n"
	"        procent: 12,5 %\n"
	"        från: 2023-01-01\n"
	"        till: 2023-12-31\n"
	"        not: ESF-medel\n"
	"      - roll: Samordnare\n"
	"        procent: 20\n"
	"    resultatmål:\n"
	"      - text: Arbeta med 30 individer totalt under året\n"
	"        mått: antal\n"
	"        källa: deltagare\n"
	"        mål: 30\n"
	"        riktning: minst\n"
	"        avvikelse: Lågt inflöde.\n"
	"        status: delvis\n"
	"      - text: Nå ett snitt på 3,0 i avslutsenkäten\n"
	"        mått: medel\n"
	"        källa: enkät\n"
	"        enkät: Avslutsenkät\n"
	"        mål: 3,25\n"
	"      - text: Högst 10 % avbrott\n"
	"        mått: procent\n"
	"        källa: utfall\n"
	"        mål: 10\n"
	"        riktning: högst\n"
	"        utfall: 12.5\n"
	"        status: ej uppnått\n"
	"      - text: Stegförflyttning\n"
	"        källa: stegförflyttning\n"
	"        mål: 30 %\n"
	"    delaktiviteter:\n"
	"      - namn: Utbildning i ACT\n"
	"        beskrivning: Gruppledarutbildning …\n"
	"        deltagare: 15\n"
	"      - namn: Nätverksträff\n"
	"    genomförda_aktiviteter: |\n"
	"      - Jobbat ihop nytt team.\n"
	"    kostnadseffektivitet: |\n"
	"      - Arbetssättet.\n"
	"    samverkanseffekter: |\n"
	"      - Samverkan.\n"
	"    framåtspaning: |\n"
	"      - Framåt.\n"
	"    utvärdering: |\n"
	"      Måluppfyllelsen för verksamheten är måttlig …\n"
	"  - kod: ACT\n"
	"    namn: ACT-utbildning\n"
	"    slag: strukturövergripande\n"
	"\n"
	"statistik:\n"
	"  - insats: MTL\n"
	"    period: 2023H1\n"
	"    totalt: 9\n"
	"    nya: 4\n"
	"    pågående: 0\n"
	"    avslutade: 9\n"
	"    planerade: 30\n"
	"    på_väg_in: 2\n"
	"    kvinnor: 6\n"
	"    män: 3\n"
	"    annat_okänt: 0\n"
	"    avslut:\n"
	"      vägledning: 4\n"
	"      kartläggning: 5\n"
	"    ålder:\n"
	"      16–29: 5\n"
	"      30–65: 4\n"
	"    försörjning:\n"
	"      försörjningsstöd: 6\n"
	"      sjukpenning: 3\n"
	"    enkäter:\n"
	"      - namn: Avslutsenkät\n"
	"        medel: 3,8\n"
	"        svar: 5\n"
	"      - namn: NNS indikator 1\n"
	"        medel: 2.75\n"
	"    ofullständigt: [kön, enkät]\n"
	"    kommentar: Lågt inflöde.\n"
	"  - insats: MTL\n"
	"    period: 2023-01-01..2023-03-31\n"
	"    totalt: 5\n"
	"\n"
	"målområden:\n"
	"  - namn: Aktivitetsmål\n"
	"    mål:\n"
	"      - text: Förbundet har hittat arbetssätt för att arbeta systematiskt …\n"
	"        aktiviteter: |\n"
	"          - Skapa en analysgrupp.\n"
	"        utfall: |\n"
	"          - Arbete pågår med en *Lokal behovsanalys*.\n"
	"        status: delvis uppnått\n"
	"        målvärde: 286\n"
	"        utfallsvärde: -149\n"
	"        enhet: individer\n"
	"      - text: Ett mål utan mer\n"
	"  - namn: Organisationsmål\n";

static void check_categories(const struct followup_doc *d)
{
	assert_true(d->has_threshold);
	assert_int_equal(d->threshold, 3);
	assert_int_equal(d->ncategories, 3);
	assert_string_equal(d->categories[0].name, "vägledning");
	assert_false(d->categories[0].step);
	assert_true(d->categories[0].denominator);
	assert_string_equal(d->categories[1].name, "kartläggning");
	assert_true(d->categories[1].step);
	assert_true(d->categories[1].denominator); /* the default */
	assert_string_equal(d->categories[2].name, "flyttat");
	assert_false(d->categories[2].step);
	assert_false(d->categories[2].denominator);
}

static void check_mtl_head(const struct fu_intervention *iv)
{
	assert_string_equal(iv->code, "MTL");
	assert_string_equal(iv->name, "Mottagningsteamet Lekeberg");
	assert_int_equal(iv->kind, FU_INDIVIDUAL);
	assert_string_equal(iv->owner, "Lekebergs kommun");
	assert_int_equal(iv->start, 20220101);
	assert_int_equal(iv->end, 20241231);
	assert_true(iv->esf);
	assert_string_equal(iv->budget_group, "Insatser: individ");
	assert_string_equal(iv->summary, "Vägledning, kartläggning och uppföljning.");
	assert_string_equal(iv->purpose, "Erbjuda vägledning, kartläggning och uppföljning …\n");
	assert_string_equal(iv->target_group,
			    "Invånare i Lekebergs kommun mellan 16–65 år …\nAndra raden.\n");
	assert_int_equal(iv->ntags, 2);
	assert_string_equal(iv->tags[0], "16–65 år");
	assert_string_equal(iv->tags[1], "Lekebergs kommun");
	assert_string_equal(iv->done, "- Jobbat ihop nytt team.\n");
	assert_string_equal(iv->cost_effect, "- Arbetssättet.\n");
	assert_string_equal(iv->cooperation, "- Samverkan.\n");
	assert_string_equal(iv->outlook, "- Framåt.\n");
	assert_string_equal(iv->evaluation, "Måluppfyllelsen för verksamheten är måttlig …\n");
}

static void check_mtl_staff_and_activities(const struct fu_intervention *iv)
{
	assert_int_equal(iv->nstaff, 2);
	assert_string_equal(iv->staff[0].role, "Arbetsmarknadskonsulent");
	assert_string_equal(iv->staff[0].employer, "Lekebergs kommun");
	assert_int_equal(iv->staff[0].percent_bp, 1250);
	assert_int_equal(iv->staff[0].from, 20230101);
	assert_int_equal(iv->staff[0].to, 20231231);
	assert_string_equal(iv->staff[0].note, "ESF-medel");
	assert_string_equal(iv->staff[1].role, "Samordnare");
	assert_string_equal(iv->staff[1].employer, "");
	assert_int_equal(iv->staff[1].percent_bp, 2000);
	assert_int_equal(iv->staff[1].from, 0);
	assert_int_equal(iv->staff[1].to, 0);
	assert_string_equal(iv->staff[1].note, "");
	assert_int_equal(iv->nactivities, 2);
	assert_string_equal(iv->activities[0].name, "Utbildning i ACT");
	assert_string_equal(iv->activities[0].description, "Gruppledarutbildning …");
	assert_int_equal(iv->activities[0].attendees, 15);
	assert_string_equal(iv->activities[1].name, "Nätverksträff");
	assert_string_equal(iv->activities[1].description, "");
	assert_int_equal(iv->activities[1].attendees, FU_NONE);
}

static void check_mtl_goals(const struct fu_intervention *iv)
{
	assert_int_equal(iv->ngoals, 4);
	const struct fu_result_goal *g = iv->goals;
	assert_string_equal(g[0].text, "Arbeta med 30 individer totalt under året");
	assert_int_equal(g[0].measure, FU_COUNT);
	assert_int_equal(g[0].source, FU_SRC_TOTAL);
	assert_string_equal(g[0].survey, "");
	assert_true(g[0].has_target);
	assert_int_equal(g[0].target, 30);
	assert_false(g[0].at_most);
	assert_false(g[0].has_actual);
	assert_string_equal(g[0].deviation, "Lågt inflöde.");
	assert_int_equal(g[0].status, FU_ST_PARTLY);
	assert_int_equal(g[1].measure, FU_MEAN);
	assert_int_equal(g[1].source, FU_SRC_SURVEY);
	assert_string_equal(g[1].survey, "Avslutsenkät");
	assert_int_equal(g[1].target, 325);
	assert_int_equal(g[1].status, FU_ST_NONE);
	assert_int_equal(g[2].measure, FU_PERCENT);
	assert_int_equal(g[2].source, FU_SRC_TYPED);
	assert_int_equal(g[2].target, 1000);
	assert_true(g[2].at_most);
	assert_true(g[2].has_actual);
	assert_int_equal(g[2].actual, 1250);
	assert_int_equal(g[2].status, FU_ST_NOT_MET);
	/* mått left out: the one källa gives */
	assert_int_equal(g[3].measure, FU_PERCENT);
	assert_int_equal(g[3].source, FU_SRC_IMPROVED);
	assert_int_equal(g[3].target, 3000);
}

static void check_stats(const struct followup_doc *d)
{
	assert_int_equal(d->nstats, 2);
	const struct fu_stats *s = &d->stats[0];
	assert_string_equal(s->intervention, "MTL");
	assert_int_equal(s->from, 20230101);
	assert_int_equal(s->to, 20230630);
	assert_int_equal(s->total, 9);
	assert_int_equal(s->new_, 4);
	assert_int_equal(s->ongoing, 0);
	assert_int_equal(s->ended, 9);
	assert_int_equal(s->planned, 30);
	assert_int_equal(s->waiting, 2);
	assert_int_equal(s->women, 6);
	assert_int_equal(s->men, 3);
	assert_int_equal(s->other, 0);
	assert_int_equal(s->noutcomes, 2);
	assert_string_equal(s->outcomes[1].label, "kartläggning");
	assert_int_equal(s->outcomes[1].count, 5);
	assert_int_equal(s->nages, 2);
	assert_string_equal(s->ages[0].label, "16–29");
	assert_int_equal(s->ages[0].count, 5);
	assert_int_equal(s->nincomes, 2);
	assert_string_equal(s->incomes[0].label, "försörjningsstöd");
	assert_int_equal(s->incomes[1].count, 3);
	assert_int_equal(s->nsurveys, 2);
	assert_string_equal(s->surveys[0].name, "Avslutsenkät");
	assert_int_equal(s->surveys[0].mean, 380);
	assert_int_equal(s->surveys[0].answers, 5);
	assert_int_equal(s->surveys[1].mean, 275);
	assert_int_equal(s->surveys[1].answers, FU_NONE);
	assert_int_equal(s->incomplete, FU_PART_SEX | FU_PART_SURVEY);
	assert_string_equal(s->comment, "Lågt inflöde.");
	s = &d->stats[1];
	assert_int_equal(s->from, 20230101);
	assert_int_equal(s->to, 20230331);
	assert_int_equal(s->total, 5);
	assert_int_equal(s->new_, FU_NONE);
	assert_int_equal(s->women, FU_NONE);
	assert_int_equal(s->noutcomes, 0);
	assert_int_equal(s->incomplete, 0);
	assert_string_equal(s->comment, "");
}

static void check_areas(const struct followup_doc *d)
{
	assert_int_equal(d->nareas, 2);
	assert_string_equal(d->areas[0].name, "Aktivitetsmål");
	assert_int_equal(d->areas[0].ngoals, 2);
	const struct fu_goal *g = &d->areas[0].goals[0];
	assert_string_equal(g->text,
			    "Förbundet har hittat arbetssätt för att arbeta systematiskt …");
	assert_string_equal(g->activities, "- Skapa en analysgrupp.\n");
	assert_string_equal(g->outcome, "- Arbete pågår med en *Lokal behovsanalys*.\n");
	assert_int_equal(g->status, FU_ST_PARTLY);
	assert_true(g->has_target);
	assert_int_equal(g->target, 286);
	assert_true(g->has_actual);
	assert_int_equal(g->actual, -149);
	assert_string_equal(g->unit, "individer");
	g = &d->areas[0].goals[1];
	assert_string_equal(g->activities, "");
	assert_int_equal(g->status, FU_ST_NONE);
	assert_false(g->has_target);
	assert_false(g->has_actual);
	assert_string_equal(d->areas[1].name, "Organisationsmål");
	assert_int_equal(d->areas[1].ngoals, 0);
}

static void every_key_is_read_into_the_model(void **state)
{
	(void)state;
	struct followup_doc d;
	read_ok(full, &d);
	check_categories(&d);
	assert_int_equal(d.ninterventions, 2);
	check_mtl_head(&d.interventions[0]);
	check_mtl_staff_and_activities(&d.interventions[0]);
	check_mtl_goals(&d.interventions[0]);
	const struct fu_intervention *act = &d.interventions[1];
	assert_int_equal(act->kind, FU_STRUCTURAL);
	assert_false(act->esf);
	assert_string_equal(act->owner, "");
	assert_string_equal(act->evaluation, "");
	assert_int_equal(act->ntags + act->nstaff + act->ngoals + act->nactivities, 0);
	check_stats(&d);
	check_areas(&d);
	followup_doc_free(&d);
}

static void the_full_document_round_trips(void **state)
{
	(void)state;
	struct followup_doc d;
	read_ok(full, &d);
	round_trip(&d);
	followup_doc_free(&d);
}

/* The first ```yaml block of docs/followup.md (free it). */
static char *documented_example(void)
{
	const char *top = getenv("FINSAM_TOP");
	char *path = xasprintf("%s/docs/followup.md", top ? top : ".");
	size_t n = 0;
	char *md = test_read(path, &n);
	if (!md)
		fail_msg("cannot read %s", path);
	const char *start = strstr(md, "```yaml\n");
	assert_non_null(start);
	start += 8;
	const char *end = strstr(start, "```");
	assert_non_null(end);
	char *yaml = xstrndup(start, (size_t)(end - start));
	free(md);
	free(path);
	return yaml;
}

static void the_documented_example_reads_and_round_trips(void **state)
{
	(void)state;
	char *yaml = documented_example();
	struct followup_doc d;
	read_ok(yaml, &d);
	assert_int_equal(d.threshold, 5);
	assert_int_equal(d.ncategories, 1);
	assert_int_equal(d.ninterventions, 1);
	assert_int_equal(d.interventions[0].goals[1].target, 300);
	assert_string_equal(d.interventions[0].budget_group, "");
	assert_int_equal(d.nstats, 1);
	assert_int_equal(d.stats[0].surveys[0].mean, 380);
	assert_int_equal(d.stats[0].incomplete, FU_PART_SEX);
	assert_int_equal(d.nareas, 1);
	assert_int_equal(d.areas[0].goals[0].actual, 149);
	round_trip(&d);
	followup_doc_free(&d);
	free(yaml);
}

/* ---- the canonical form -------------------------------------------------------------- */

static void the_canonical_form_is_ordered_and_leaves_out_what_is_absent(void **state)
{
	(void)state;
	struct followup_doc d;
	read_ok("målområden:\n"
		"  - mål:\n"
		"      - enhet: st\n"
		"        text: Nöjda\n"
		"        målvärde: 3\n"
		"    namn: Resultat\n"
		"statistik:\n"
		"  - kommentar: ''\n"
		"    totalt: 12\n"
		"    period: 2023H2\n"
		"    insats: CTO\n"
		"    enkäter: [{namn: BIP, medel: 3.50}]\n"
		"insatser:\n"
		"  - slag: individinriktad\n"
		"    kod: CTO\n"
		"    namn: Coachingteamet\n"
		"    esf: nej\n"
		"    bemanning:\n"
		"      - procent: 50,0\n"
		"        roll: Coach\n"
		"    resultatmål:\n"
		"      - text: Snitt\n"
		"        källa: enkät\n"
		"        enkät: BIP\n"
		"        mål: 3,10\n"
		"utfallskategorier:\n"
		"  - namn: praktik\n"
		"publiceringsgräns: 0\n",
		&d);
	char *text = written(&d);
	assert_string_equal(text, "# finsam uppföljning — docs/followup.md\n"
				  "publiceringsgräns: 0\n"
				  "utfallskategorier:\n"
				  "- namn: praktik\n"
				  "  stegförflyttning: nej\n"
				  "  i_nämnaren: ja\n"
				  "insatser:\n"
				  "- kod: CTO\n"
				  "  namn: Coachingteamet\n"
				  "  slag: individinriktad\n"
				  "  bemanning:\n"
				  "  - roll: Coach\n"
				  "    procent: 50\n"
				  "  resultatmål:\n"
				  "  - text: Snitt\n"
				  "    mått: medel\n"
				  "    källa: enkät\n"
				  "    enkät: BIP\n"
				  "    mål: 3,1\n"
				  "statistik:\n"
				  "- insats: CTO\n"
				  "  period: 2023H2\n"
				  "  totalt: 12\n"
				  "  enkäter:\n"
				  "  - namn: BIP\n"
				  "    medel: 3,5\n"
				  "målområden:\n"
				  "- namn: Resultat\n"
				  "  mål:\n"
				  "  - text: Nöjda\n"
				  "    målvärde: 3\n"
				  "    enhet: st\n");
	free(text);
	followup_doc_free(&d);
}

static void an_empty_file_is_an_empty_document(void **state)
{
	(void)state;
	const char *empty[] = { "", "# bara en kommentar\n", "---\n", "\xEF\xBB\xBF" };
	for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
		struct followup_doc d;
		read_ok(empty[i], &d);
		assert_false(d.has_threshold);
		assert_int_equal(d.ncategories + d.ninterventions + d.nstats + d.nareas, 0);
		followup_doc_free(&d);
	}
	struct followup_doc d;
	followup_doc_init(&d);
	char *text = written(&d);
	assert_string_equal(text, "# finsam uppföljning — docs/followup.md\n{}\n");
	round_trip(&d);
	free(text);
}

/* ---- texts that need care ------------------------------------------------------------ */

static const char *const tricky[] = {
	"Enkel text",
	"Markdown:\n\n- punkt ett\n- punkt två med *kursiv* och **fet**\n\n## Rubrik #1\n\n"
	"> citat: \"så\" och 'så'\n",
	"- börjar som en listrad",
	"# börjar som en kommentar",
	"text # med kommentartecken",
	"nyckel: värde",
	"slutar med kolon:",
	"\"citat\" och 'apostrof'",
	"'apostrof först",
	"  inledande mellanslag",
	"avslutande mellanslag  ",
	"tabb\ti texten",
	"rad ett\nrad två utan radslut",
	"rad med avslutande mellanslag  \nnästa\n",
	"  indragen första rad\nandra\n",
	"flera radslut\n\n\n",
	"\ninledande radslut\n",
	"null",
	"~",
	"ja",
	"nej",
	"true",
	"no",
	"30",
	"-3",
	"12,5",
	"3.8",
	"2023-06-30",
	".inf",
	"0x1F",
	"åäö ÅÄÖ é ü — “typografiska” citat …",
	"emoji \xF0\x9F\x98\x80",
	"bakåtsnedstreck \\ och \\n",
	"---",
	"...",
	"--- mitt i",
	"@at",
	"`backtick`",
	"%procent",
	"&ankare",
	"*stjärna",
	"!tagg",
	"|",
	">",
	"[lista]",
	"{mapp}",
	"?",
	":",
	",komma",
	"<<",
	"radskiljare\xE2\x80\xA8här",
	"nel\xC2\x85här",
	"bom\xEF\xBB\xBFhär",
	"styrtecken \x01 här",
	"vagnretur\r\nhär",
};

/* A copy of s, or of `instead` when s is empty. */
static char *dup_or(const char *s, const char *instead)
{
	return xstrdup(*s ? s : instead);
}

static void tricky_intervention(struct fu_intervention *iv, const char *s)
{
	iv->code = dup_or(s, "K");
	iv->name = dup_or(s, "N");
	iv->kind = FU_STRUCTURAL;
	iv->owner = xstrdup(s);
	iv->start = 20230101;
	iv->budget_group = xstrdup(s);
	iv->summary = xstrdup(s);
	iv->purpose = xstrdup(s);
	iv->target_group = xstrdup(s);
	iv->ntags = 2;
	iv->tags = xcalloc(2, sizeof *iv->tags);
	iv->tags[0] = xstrdup(s);
	iv->tags[1] = xstrdup("andra");
	iv->nstaff = 1;
	iv->staff = xcalloc(1, sizeof *iv->staff);
	iv->staff[0] = (struct fu_staff){ dup_or(s, "R"), xstrdup(s), 1234, 0, 20231231,
					  xstrdup(s) };
	iv->ngoals = 1;
	iv->goals = xcalloc(1, sizeof *iv->goals);
	iv->goals[0] = (struct fu_result_goal){ dup_or(s, "T"), FU_MEAN, FU_SRC_SURVEY,
						 dup_or(s, "E"), true, 305, true, false, 0,
						 xstrdup(s), FU_ST_UNKNOWN };
	iv->nactivities = 1;
	iv->activities = xcalloc(1, sizeof *iv->activities);
	iv->activities[0] = (struct fu_activity){ dup_or(s, "A"), xstrdup(s), 0 };
	iv->done = xstrdup(s);
	iv->cost_effect = xstrdup(s);
	iv->cooperation = xstrdup(s);
	iv->outlook = xstrdup(s);
	iv->evaluation = xstrdup(s);
}

static struct fu_count *one_count(const char *label, int64_t n)
{
	struct fu_count *c = xcalloc(1, sizeof *c);
	c->label = dup_or(label, "L");
	c->count = n;
	return c;
}

static void tricky_stats(struct fu_stats *st, const char *s)
{
	fu_stats_init(st);
	st->intervention = dup_or(s, "K");
	st->from = 20230701;
	st->to = 20231231;
	st->total = 0;
	st->ended = 10000000;
	st->outcomes = one_count(s, 1);
	st->noutcomes = 1;
	st->ages = one_count(s, 2);
	st->nages = 1;
	st->incomes = one_count(s, 3);
	st->nincomes = 1;
	st->surveys = xcalloc(1, sizeof *st->surveys);
	st->surveys[0] = (struct fu_survey){ dup_or(s, "S"), 400, FU_NONE };
	st->nsurveys = 1;
	st->incomplete = FU_PART_OUTCOME | FU_PART_STATUS;
	st->comment = xstrdup(s);
}

static void tricky_doc(struct followup_doc *d, const char *s)
{
	followup_doc_init(d);
	d->categories = xcalloc(1, sizeof *d->categories);
	d->categories[0] = (struct fu_category){ dup_or(s, "C"), true, false };
	d->ncategories = 1;
	d->interventions = xcalloc(1, sizeof *d->interventions);
	d->ninterventions = 1;
	tricky_intervention(d->interventions, s);
	d->stats = xcalloc(1, sizeof *d->stats);
	d->nstats = 1;
	tricky_stats(d->stats, s);
	d->areas = xcalloc(1, sizeof *d->areas);
	d->nareas = 1;
	d->areas[0].name = dup_or(s, "O");
	d->areas[0].goals = xcalloc(1, sizeof *d->areas[0].goals);
	d->areas[0].ngoals = 1;
	d->areas[0].goals[0] = (struct fu_goal){ dup_or(s, "G"), xstrdup(s), xstrdup(s),
						  FU_ST_MET, true, false, -5, 0, xstrdup(s) };
}

static void any_text_round_trips_in_every_field(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof tricky / sizeof tricky[0]; i++) {
		struct followup_doc d;
		tricky_doc(&d, tricky[i]);
		round_trip(&d);
		followup_doc_free(&d);
	}
}

static void a_text_of_the_largest_size_round_trips(void **state)
{
	(void)state;
	char *big = xmalloc(FU_TEXT_MAX + 1);
	for (size_t i = 0; i < FU_TEXT_MAX; i++)
		big[i] = i % 80 == 79 ? '\n' : (char)('a' + i % 26);
	big[FU_TEXT_MAX] = '\0';
	struct followup_doc d;
	tricky_doc(&d, big);
	round_trip(&d);
	followup_doc_free(&d);
	free(big);
}

static void multi_line_text_is_written_as_a_block(void **state)
{
	(void)state;
	struct followup_doc d;
	followup_doc_init(&d);
	d.areas = xcalloc(1, sizeof *d.areas);
	d.nareas = 1;
	d.areas[0].name = xstrdup("Område: ett");
	d.areas[0].goals = xcalloc(1, sizeof *d.areas[0].goals);
	d.areas[0].ngoals = 1;
	d.areas[0].goals[0] = (struct fu_goal){ xstrdup("- Mål #1"),
						 xstrdup("- Skapa en \"analysgrupp\".\n- Två: åäö\n"),
						 xstrdup("Utan radslut\nsist"), FU_ST_NONE, false,
						 false, 0, 0, xstrdup("30") };
	char *text = written(&d);
	assert_string_equal(text, "# finsam uppföljning — docs/followup.md\n"
				  "målområden:\n"
				  "- namn: 'Område: ett'\n"
				  "  mål:\n"
				  "  - text: '- Mål #1'\n"
				  "    aktiviteter: |\n"
				  "      - Skapa en \"analysgrupp\".\n"
				  "      - Två: åäö\n"
				  "    utfall: |-\n"
				  "      Utan radslut\n"
				  "      sist\n"
				  "    enhet: \"30\"\n");
	round_trip(&d);
	free(text);
	followup_doc_free(&d);
}

/* ---- refusals ------------------------------------------------------------------------ */

static void unknown_keys_are_named(void **state)
{
	(void)state;
	refused("statistik:\n  - insats: MTL\n    period: 2023\n    kvinor: 6\n",
		NAME ":4:5: okänd nyckel 'kvinor' i statistik (menade du 'kvinnor'?)");
	refused("insatser:\n  - kod: A\n    namn: B\n    slag: individinriktad\n    pagaende: 1\n",
		NAME ":5:5: okänd nyckel 'pagaende' i insatser; de kända är kod, namn, slag, ägare, "
		     "start, slut, esf, budgetgrupp, typ, syfte, målgrupp, målgruppstaggar, "
		     "bemanning, resultatmål, delaktiviteter, genomförda_aktiviteter, "
		     "kostnadseffektivitet, samverkanseffekter, framåtspaning, utvärdering");
	refused("publiceringsgrans: 5\n",
		NAME ":1:1: okänd nyckel 'publiceringsgrans' överst i filen (menade du "
		     "'publiceringsgräns'?)");
	refused("utfallskategorier:\n  - namn: praktik\n    steg: ja\n",
		NAME ":3:5: okänd nyckel 'steg' i utfallskategorier; de kända är namn, "
		     "stegförflyttning, i_nämnaren");
}

static void wrong_types_are_refused(void **state)
{
	(void)state;
	refused("insatser:\n  kod: MTL\n",
		NAME ":2:3: insatser ska vara en lista, inte nycklar med värden");
	refused("statistik:\n  - MTL\n",
		NAME ":2:5: varje rad i statistik ska vara nycklar med värden, inte ett enkelt "
		     "värde");
	refused("statistik:\n  - insats: MTL\n    period: 2023\n    totalt: [9]\n",
		NAME ":4:13: totalt ska vara ett enkelt värde, inte en lista");
	refused("statistik:\n  - insats: MTL\n    period: 2023\n    avslut: [arbete]\n",
		NAME ":4:13: avslut ska vara nycklar med värden, inte en lista");
	refused("- publiceringsgräns: 5\n",
		NAME ":1:1: filen ska vara nycklar med värden, inte en lista");
	refused("{[a]: 1}\n", NAME ":1:2: en nyckel ska vara ett enkelt värde, inte en lista");
}

static void missing_required_keys_are_named(void **state)
{
	(void)state;
	refused("statistik:\n  - insats: MTL\n    totalt: 9\n",
		NAME ":2:5: nyckeln 'period' saknas i statistik");
	refused("insatser:\n  - kod: MTL\n    namn:\n    slag: individinriktad\n",
		NAME ":3:10: namn: värdet saknas");
	refused("insatser:\n  - kod: \"\"\n    namn: A\n    slag: individinriktad\n",
		NAME ":2:10: kod: värdet saknas");
	refused("insatser:\n  - kod: A\n    namn: B\n    slag: individinriktad\n"
		"    resultatmål:\n      - text: Snitt\n        källa: enkät\n",
		NAME ":6:9: källa enkät kräver nyckeln 'enkät' med enkätens namn");
}

static void bad_numbers_are_refused(void **state)
{
	(void)state;
	const char *head = "statistik:\n  - insats: MTL\n    period: 2023\n";
	const struct {
		const char *line, *msg;
	} cases[] = {
		{ "    totalt: nio\n", ":4:13: totalt: antal måste vara ett heltal 0–10 000 000" },
		{ "    nya: -3\n", ":4:10: nya: antal måste vara ett heltal 0–10 000 000" },
		{ "    män: 3.5\n", ":4:10: män: antal måste vara ett heltal 0–10 000 000" },
		{ "    kvinnor: 10000001\n",
		  ":4:14: kvinnor: antal måste vara ett heltal 0–10 000 000" },
		{ "    avslut:\n      arbete: 1 000\n",
		  ":5:15: avslut: antal måste vara ett heltal 0–10 000 000" },
		{ "    avslut:\n      arbete:\n", ":5:14: avslut: antalet saknas för 'arbete'" },
		{ "    enkäter:\n      - namn: BIP\n        medel: 3,825\n",
		  ":6:16: medel: ett medelvärde skrivs som 3,8 eller 3.8 (högst två decimaler)" },
		{ "    enkäter:\n      - namn: BIP\n        medel: tre\n",
		  ":6:16: medel: ett medelvärde skrivs som 3,8 eller 3.8 (högst två decimaler)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text = xasprintf("%s%s", head, cases[i].line);
		char *msg = xasprintf("%s%s", NAME, cases[i].msg);
		refused(text, msg);
		free(text);
		free(msg);
	}
	refused("publiceringsgräns: fem\n",
		NAME ":1:20: publiceringsgräns: antal måste vara ett heltal 0–10 000 000");
	refused("målområden:\n  - namn: A\n    mål:\n      - text: B\n        målvärde: 2,5\n",
		NAME ":5:19: målvärde: skriv ett heltal");
}

static void bad_percentages_are_refused(void **state)
{
	(void)state;
	const char *head = "insatser:\n  - kod: A\n    namn: B\n    slag: individinriktad\n"
			   "    bemanning:\n      - roll: C\n";
	const char *bad[] = { "20 procent", "12,555", "-5", ",5", "5,", "%", "tjugo", "1e3" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *text = xasprintf("%s        procent: '%s'\n", head, bad[i]);
		refused(text, NAME ":7:18: procent: procent skrivs som 20, 12,5 eller 12.5 (högst "
				   "två decimaler, ev. följt av %)");
		free(text);
	}
	const struct {
		const char *text;
		int64_t bp;
	} good[] = { { "20", 2000 }, { "12,5", 1250 }, { "12.5", 1250 }, { "12,25 %", 1225 },
		     { "7%", 700 }, { "0,05", 5 }, { "100\xC2\xA0%", 10000 } };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		char *text = xasprintf("%s        procent: %s\n", head, good[i].text);
		struct followup_doc d;
		read_ok(text, &d);
		assert_int_equal(d.interventions[0].staff[0].percent_bp, good[i].bp);
		followup_doc_free(&d);
		free(text);
	}
	refused("insatser:\n  - kod: A\n    namn: B\n    slag: individinriktad\n"
		"    resultatmål:\n      - text: T\n        källa: budget\n        mål: 90,125\n",
		NAME ":8:14: mål: procent skrivs som 20, 12,5 eller 12.5 (högst två decimaler, "
		     "ev. följt av %)");
}

static void bad_dates_and_periods_are_refused(void **state)
{
	(void)state;
	const char *iv = "insatser:\n  - kod: A\n    namn: B\n    slag: individinriktad\n";
	const char *dates[] = { "2023-02-30", "20230101", "2023-1-1", "igår" };
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		char *text = xasprintf("%s    start: %s\n", iv, dates[i]);
		refused(text, NAME ":5:12: start: ett datum skrivs ÅÅÅÅ-MM-DD, till exempel "
				   "2023-06-30");
		free(text);
	}
	const char *periods[] = { "2023H3", "2023Q1", "23", "2023-12-31..2023-01-01",
				  "2023-01-01.." };
	for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		char *text = xasprintf("statistik:\n  - insats: MTL\n    period: %s\n", periods[i]);
		char *msg = xasprintf(NAME ":3:13: period: skrivs 2023, 2023H1, 2023H2 eller "
					   "2023-01-01..2023-03-31 (inte '%s')",
				      periods[i]);
		refused(text, msg);
		free(text);
		free(msg);
	}
}

static void unknown_names_are_refused(void **state)
{
	(void)state;
	const char *iv = "insatser:\n  - kod: A\n    namn: B\n";
	char *text = xasprintf("%s    slag: individ\n", iv);
	refused(text, NAME ":4:11: slag: okänt slag 'individ' (individinriktad eller "
			   "strukturövergripande)");
	free(text);
	const char *goal = "insatser:\n  - kod: A\n    namn: B\n    slag: individinriktad\n"
			   "    resultatmål:\n      - text: T\n";
	const struct {
		const char *line, *msg;
	} cases[] = {
		{ "        mått: styck\n",
		  ":7:15: mått: okänt mått 'styck' (antal, procent eller medel)" },
		{ "        källa: ekonomi\n",
		  ":7:16: källa: okänd källa 'ekonomi' (utfall, deltagare, nya, pågående, "
		  "avslutade, stegförflyttning, enkät eller budget)" },
		{ "        status: klart\n",
		  ":7:17: status: okänd status 'klart' (uppnått, delvis, ej uppnått eller kan ej "
		  "bedömas)" },
		{ "        riktning: över\n", ":7:19: riktning: skriv minst eller högst" },
		{ "        källa: deltagare\n        mått: procent\n",
		  ":8:15: mått: källa deltagare ger antal, inte procent" },
		{ "        källa: nya\n        utfall: 3\n",
		  ":8:17: utfall: skrivs bara med källa utfall; med källa nya räknas det fram" },
		{ "        källa: nya\n        enkät: BIP\n",
		  ":8:16: enkät: hör bara till källa enkät" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = xasprintf("%s%s", goal, cases[i].line);
		char *msg = xasprintf("%s%s", NAME, cases[i].msg);
		refused(t, msg);
		free(t);
		free(msg);
	}
	refused("statistik:\n  - insats: MTL\n    period: 2023\n    ofullständigt: [kön, alder]\n",
		NAME ":4:26: ofullständigt: okänd del 'alder' (kön, utfall, ålder, försörjning, "
		     "status eller enkät)");
	refused("utfallskategorier:\n  - namn: x\n    i_nämnaren: kanske\n",
		NAME ":3:17: i_nämnaren: skriv ja eller nej");
}

static void duplicate_keys_are_refused(void **state)
{
	(void)state;
	refused("statistik:\n  - insats: MTL\n    period: 2023\n    totalt: 9\n    totalt: 8\n",
		NAME ":5:5: nyckeln 'totalt' står två gånger (första gången på rad 4)");
	refused("statistik:\n  - insats: MTL\n    period: 2023\n    ålder:\n      16–29: 1\n"
		"      16–29: 2\n",
		NAME ":6:7: nyckeln '16–29' står två gånger (första gången på rad 5)");
	refused("insatser: []\ninsatser: []\n",
		NAME ":2:1: nyckeln 'insatser' står två gånger (första gången på rad 1)");
}

static void yaml_syntax_errors_are_located(void **state)
{
	(void)state;
	refused("statistik:\n  - insats: MTL\n    kommentar: a: b\n",
		NAME ":3:17: YAML-fel: kolon på fel ställe (en text med ': ' i behöver "
		     "citattecken) eller fel indrag");
	refused("insatser:\n  - kod: \"MTL\n",
		NAME ":3:1: YAML-fel: filen tar slut mitt i ett värde (saknas ett avslutande "
		     "citattecken?)");
	refused("statistik:\n\t- insats: MTL\n",
		NAME ":2:1: YAML-fel: ett tecken som inget värde kan börja med (en tabb i "
		     "indraget?)");
	refused("målgruppstaggar: [a, b\n",
		NAME ":2:1: YAML-fel: ',' eller ']' väntades");
	refused("publiceringsgräns: 5\n\xff\n", NAME ":2:1: YAML-fel: filen är inte giltig UTF-8");
	refused("publiceringsgräns: 5\n---\npubliceringsgräns: 6\n",
		NAME ":2:1: filen får bara innehålla ett YAML-dokument");
}

static void aliases_anchors_and_tags_are_refused(void **state)
{
	(void)state;
	refused("insatser:\n  - &a\n    kod: A\n",
		NAME ":2:5: ankare (&a) används inte i uppföljningsfilen; skriv ut värdet där "
		     "det behövs");
	refused("insatser:\n  - *a\n",
		NAME ":2:5: alias (*a) används inte i uppföljningsfilen; skriv ut värdet");
	refused("publiceringsgräns: !!int 5\n",
		NAME ":1:20: taggar (tag:yaml.org,2002:int) används inte i uppföljningsfilen");
	/* The classic alias bomb stops at its first anchor. */
	refused("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
		NAME ":1:4: ankare (&a) används inte i uppföljningsfilen; skriv ut värdet där "
		     "det behövs");
}

static void limits_are_kept(void **state)
{
	(void)state;
	struct buf deep = BUF_INIT(0);
	for (int i = 0; i < 40; i++)
		buf_putc(&deep, '[');
	refused(buf_cstr(&deep), NAME ":1:17: för djupt nästlat (mer än 16 nivåer)");
	buf_free(&deep);
	char *long_text = xmalloc(FU_TEXT_MAX + 32);
	memcpy(long_text, "statistik:\n  - kommentar: ", 26);
	memset(long_text + 26, 'x', FU_TEXT_MAX + 1);
	long_text[26 + FU_TEXT_MAX + 1] = '\0';
	refused(long_text, NAME ":2:16: texten är längre än 20000 byte");
	free(long_text);
	refused("statistik:\n  - kommentar: \"a\\0b\"\n",
		NAME ":2:16: texten innehåller ett NUL-tecken");
	size_t n = (size_t)FU_YAML_MAX + 1;
	char *huge = xmalloc(n);
	memset(huge, ' ', n);
	struct error err = ERROR_INIT;
	struct followup_doc d;
	assert_false(fu_yaml_read(huge, n, NAME, &d, &err));
	assert_string_equal(err.msg, NAME ": filen är större än 16777216 byte");
	error_clear(&err);
	followup_doc_free(&d);
	free(huge);
}

/* ---- personnummer -------------------------------------------------------------------- */

#define PNR_MSG                                                                              \
	"värdet ser ut som ett person- eller samordningsnummer; deltagarstatistiken tar bara " \
	"antal, aldrig uppgifter om en person"

static const char *const pnr[] = { "19850101-1234", "850101-1234", "8501011234", "850161+1234",
				   "850101 1234" };

/* Each place a text of the statistics or the categories may hold, with
 * its key and where the value starts (%s: the value). */
static const struct {
	const char *yaml, *where;
} places[] = {
	{ "statistik:\n  - insats: MTL\n    period: 2023\n    kommentar: Ring %s\n",
	  ":4:16: kommentar: " },
	{ "statistik:\n  - insats: MTL\n    period: 2023\n    avslut:\n      %s: 1\n",
	  ":5:7: avslut: " },
	{ "statistik:\n  - insats: MTL\n    period: 2023\n    ålder:\n      %s: 1\n",
	  ":5:7: ålder: " },
	{ "statistik:\n  - insats: MTL\n    period: 2023\n    försörjning:\n      %s: 1\n",
	  ":5:7: försörjning: " },
	{ "statistik:\n  - insats: MTL\n    period: 2023\n    enkäter:\n      - namn: Om %s\n",
	  ":5:15: namn: " },
	{ "statistik:\n  - insats: %s\n    period: 2023\n", ":2:13: insats: " },
	{ "utfallskategorier:\n  - namn: '%s'\n", ":2:11: namn: " },
};

/* The template t with its one "%s" replaced by v. */
static char *fill(const char *t, const char *v)
{
	const char *at = strstr(t, "%s");
	assert_non_null(at);
	return xasprintf("%.*s%s%s", (int)(at - t), t, v, at + 2);
}

static void a_personnummer_is_refused_in_every_text_of_the_statistics(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
		for (size_t j = 0; j < sizeof pnr / sizeof pnr[0]; j++) {
			char *text = fill(places[i].yaml, pnr[j]);
			char *msg = xasprintf("%s%s%s", NAME, places[i].where, PNR_MSG);
			refused(text, msg);
			free(text);
			free(msg);
		}
}

static void a_duplicate_personnummer_label_is_not_echoed(void **state)
{
	(void)state;
	refused("statistik:\n  - insats: MTL\n    period: 2023\n    avslut:\n"
		"      850101-1234: 1\n      850101-1234: 2\n",
		NAME ":6:7: nyckeln '(värdet)' står två gånger (första gången på rad 5)");
}

static void texts_that_are_not_personnummer_are_accepted(void **state)
{
	(void)state;
	const char *fine[] = { "2023-06-30", "3 arbete", "16–29", "ring 019-12 34 56",
			       "Lågt inflöde 2023", "123456-1234", "850101-12345" };
	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
		for (size_t j = 0; j < sizeof fine / sizeof fine[0]; j++) {
			char *text = fill(places[i].yaml, fine[j]);
			struct followup_doc d;
			read_ok(text, &d);
			followup_doc_free(&d);
			free(text);
		}
}

/* ---- files --------------------------------------------------------------------------- */

static void files_are_read_by_path(void **state)
{
	(void)state;
	char *dir = test_tempdir();
	char *path = test_write(dir, "u.yaml", full, -1);
	struct followup_doc d;
	struct error err = ERROR_INIT;
	assert_true(fu_yaml_read_file(path, &d, &err));
	assert_int_equal(d.ninterventions, 2);
	followup_doc_free(&d);
	char *bad = test_write(dir, "bad.yaml", "statistik: 5\n", -1);
	assert_false(fu_yaml_read_file(bad, &d, &err));
	char *msg = xasprintf("%s:1:12: statistik ska vara en lista, inte ett enkelt värde", bad);
	assert_string_equal(err.msg, msg);
	error_clear(&err);
	followup_doc_free(&d);
	char *missing = test_path(dir, "finns-inte.yaml");
	assert_false(fu_yaml_read_file(missing, &d, &err));
	assert_int_equal(err.code, ERR_INPUT);
	error_clear(&err);
	followup_doc_free(&d);
	test_rmtree(dir);
	free(msg);
	free(missing);
	free(bad);
	free(path);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_key_is_read_into_the_model),
		cmocka_unit_test(the_full_document_round_trips),
		cmocka_unit_test(the_documented_example_reads_and_round_trips),
		cmocka_unit_test(the_canonical_form_is_ordered_and_leaves_out_what_is_absent),
		cmocka_unit_test(an_empty_file_is_an_empty_document),
		cmocka_unit_test(any_text_round_trips_in_every_field),
		cmocka_unit_test(a_text_of_the_largest_size_round_trips),
		cmocka_unit_test(multi_line_text_is_written_as_a_block),
		cmocka_unit_test(unknown_keys_are_named),
		cmocka_unit_test(wrong_types_are_refused),
		cmocka_unit_test(missing_required_keys_are_named),
		cmocka_unit_test(bad_numbers_are_refused),
		cmocka_unit_test(bad_percentages_are_refused),
		cmocka_unit_test(bad_dates_and_periods_are_refused),
		cmocka_unit_test(unknown_names_are_refused),
		cmocka_unit_test(duplicate_keys_are_refused),
		cmocka_unit_test(yaml_syntax_errors_are_located),
		cmocka_unit_test(aliases_anchors_and_tags_are_refused),
		cmocka_unit_test(limits_are_kept),
		cmocka_unit_test(a_personnummer_is_refused_in_every_text_of_the_statistics),
		cmocka_unit_test(a_duplicate_personnummer_label_is_not_echoed),
		cmocka_unit_test(texts_that_are_not_personnummer_are_accepted),
		cmocka_unit_test(files_are_read_by_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
