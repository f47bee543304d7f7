/*
 * docsample — a document with one of everything; see docsample.h.
 */
#include "docsample.h"

#include <stdio.h>

static void heading(struct doc *d, int level, const char *number, const char *text)
{
	struct doc_block *b = doc_add_block(d, DB_HEADING);
	b->u.heading.level = level;
	b->u.heading.number = number ? doc_strdup(d, number) : NULL;
	b->u.heading.anchor = doc_printf(d, "h-%s", number ? number : "x");
	b->u.heading.in_toc = number != NULL;
	doc_run_add(d, &b->u.heading.runs, text, DOC_PLAIN);
}

static void statement(struct doc *d)
{
	struct doc_table *t = doc_table_new(d, "resultatrakning", "Resultaträkning", DTS_FIGURES, 4);
	doc_table_col(d, t, 0, "", DC_TEXT, 50);
	doc_table_col(d, t, 1, "Not", DC_TEXT, 6);
	doc_table_col(d, t, 2, "2023-01-01\n–2023-06-30", DC_KRONOR, 16);
	doc_table_col(d, t, 3, "2022-01-01\n–2022-12-31", DC_KRONOR, 16);
	struct doc_row *r = doc_table_row(d, t, DR_NORMAL, 0);
	doc_cell_text(d, &r->cells[0], "Verksamhetens intäkter", DOC_PLAIN);
	doc_cell_text(d, &r->cells[1], "2", DOC_PLAIN);
	r->cells[1].note = doc_strdup(d, "2");
	doc_cell_money(&r->cells[2], 400454400, 4004544);
	doc_cell_money(&r->cells[3], 803871780, 8038718);
	r = doc_table_row(d, t, DR_NORMAL, 0);
	doc_cell_text(d, &r->cells[0], "Verksamhetens kostnader", DOC_PLAIN);
	doc_cell_text(d, &r->cells[1], "3", DOC_PLAIN);
	doc_cell_money(&r->cells[2], -427091810, -4270918);
	doc_cell_money(&r->cells[3], -736706800, -7367068);
	r = doc_table_row(d, t, DR_TOTAL, 0);
	doc_cell_text(d, &r->cells[0], "Årets resultat", DOC_BOLD);
	doc_cell_money(&r->cells[2], -26669000, -266690);
	doc_cell_money(&r->cells[3], 68977160, 689772);
	doc_add_block(d, DB_TABLE)->u.table = t;
}

static void long_table(struct doc *d)
{
	struct doc_table *t = doc_table_new(d, "lang-tabell", "En lång tabell", DTS_FIGURES, 4);
	doc_table_col(d, t, 0, "Rad", DC_TEXT, 40);
	doc_table_col(d, t, 1, "Antal", DC_INT, 10);
	doc_table_col(d, t, 2, "Andel", DC_PERCENT, 10);
	doc_table_col(d, t, 3, "Belopp", DC_KRONOR, 16);
	int64_t sum = 0;
	for (int i = 1; i <= DOCSAMPLE_LONG_ROWS; i++) {
		struct doc_row *r = doc_table_row(d, t, DR_NORMAL, i % 3);
		char label[32];
		snprintf(label, sizeof label, "Rad nummer %d", i);
		doc_cell_text(d, &r->cells[0], label, DOC_PLAIN);
		doc_cell_int(&r->cells[1], i);
		doc_cell_percent(&r->cells[2], i * 37);
		doc_cell_money(&r->cells[3], (int64_t)i * 123456789, (int64_t)i * 1234568);
		sum += (int64_t)i * 1234568;
	}
	struct doc_row *r = doc_table_row(d, t, DR_TOTAL, 0);
	doc_cell_text(d, &r->cells[0], "Summa", DOC_BOLD);
	doc_cell_money(&r->cells[3], sum * 100, sum);
	doc_add_block(d, DB_TABLE)->u.table = t;
}

static void card(struct doc *d)
{
	struct doc_table *t = doc_table_new(d, "insats-mtl", "Mottagningsteamet Lekeberg", DTS_CARD, 2);
	doc_table_col(d, t, 0, "", DC_TEXT, 14);
	doc_table_col(d, t, 1, "", DC_TEXT, 46);
	t->header = false;
	struct doc_row *r = doc_table_row(d, t, DR_NORMAL, 0);
	doc_cell_text(d, &r->cells[0], "Insatsägare", DOC_BOLD);
	doc_cell_text(d, &r->cells[1], "Lekebergs kommun.", DOC_PLAIN);
	r = doc_table_row(d, t, DR_NORMAL, 0);
	doc_cell_text(d, &r->cells[0], "Typ av insats", DOC_BOLD);
	doc_cell_text(d, &r->cells[1], "Vägledning, kartläggning och uppföljning. Personal:", DOC_PLAIN);
	doc_cell_text(d, &r->cells[1], "20 % Arbetsmarknadskonsulent, Lekebergs kommun.", DOC_BULLET);
	doc_cell_text(d, &r->cells[1], "15 % Arbetsförmedlare, Arbetsförmedlingen.", DOC_BULLET);
	r = doc_table_row(d, t, DR_NORMAL, 0);
	doc_cell_text(d, &r->cells[0], "Resultatmål, utfall", DOC_BOLD);
	doc_cell_text(d, &r->cells[1], "1. ", DOC_PLAIN);
	doc_cell_text(d, &r->cells[1], "Arbeta med 30 individer totalt under året.", DOC_ITALIC);
	doc_cell_text(d, &r->cells[1], "\n", DOC_PLAIN);
	doc_cell_text(d, &r->cells[1], "9 individer, 6 kvinnor och 3 män.", DOC_FIGURE);
	r->status = DS_RED;
	doc_add_block(d, DB_TABLE)->u.table = t;
}

static void matrix(struct doc *d)
{
	struct doc_table *t = doc_table_new(d, "mal-aktivitet", "Aktivitetsmål", DTS_GRID, 3);
	doc_table_col(d, t, 0, "Mål", DC_TEXT, 30);
	doc_table_col(d, t, 1, "Förslag på aktiviteter", DC_TEXT, 30);
	doc_table_col(d, t, 2, "Utfall aktiviteter/måluppfyllelse", DC_TEXT, 30);
	const enum doc_status st[] = {DS_GREEN, DS_YELLOW, DS_RED};
	for (int i = 0; i < 3; i++) {
		struct doc_row *r = doc_table_row(d, t, DR_NORMAL, 0);
		doc_cell_text(d, &r->cells[0], "1. Förbundet har hittat arbetssätt <&> för att arbeta systematiskt.", DOC_PLAIN);
		doc_cell_text(d, &r->cells[1], "Skapa en analysgrupp.", DOC_BULLET);
		doc_cell_text(d, &r->cells[1], "Planera justeringar.", DOC_BULLET);
		doc_cell_text(d, &r->cells[2], "Arbete pågår med en ", DOC_BULLET);
		doc_cell_text(d, &r->cells[2], "Lokal behovsanalys", DOC_ITALIC);
		doc_cell_text(d, &r->cells[2], ".", DOC_PLAIN);
		r->cells[2].status = st[i];
		r->status = st[i];
	}
	doc_add_block(d, DB_TABLE)->u.table = t;
}

static void charts(struct doc *d)
{
	const char *cats[] = {"Coachingteam Örebro", "Samverkansteam Örebro", "Mottagningsteam Lekeberg"};
	struct doc_chart *c = doc_chart_new(d, DCH_BARS, "Budget och utfall per insats", "kr", 100, 3, 2);
	c->alt = doc_strdup(d, "Stapeldiagram: budget och utfall per insats.");
	c->series[0].name = doc_strdup(d, "Budget helår");
	c->series[1].name = doc_strdup(d, "Utfall");
	const int64_t budget[] = {399700000, 116569300, 35106800}, actual[] = {197740100, 57418700, 13982100};
	for (int i = 0; i < 3; i++) {
		c->categories[i] = doc_strdup(d, cats[i]);
		c->series[0].values[i] = budget[i];
		c->series[1].values[i] = actual[i];
	}
	doc_add_block(d, DB_CHART)->u.chart = c;

	c = doc_chart_new(d, DCH_LINE, "Eget kapital och tak", "kr", 100, 4, 2);
	c->alt = doc_strdup(d, "Linjediagram: eget kapital 2022–2025 mot taket.");
	c->series[0].name = doc_strdup(d, "Eget kapital");
	c->series[1].name = doc_strdup(d, "Tak (20 % av medlemsbidragen)");
	c->series[1].dashed = true;
	for (int i = 0; i < 4; i++) {
		c->categories[i] = doc_printf(d, "%d", 2022 + i);
		c->series[0].values[i] = (int64_t)(236 - 45 * i) * 1000000;
		c->series[1].values[i] = 160000000;
	}
	doc_add_block(d, DB_CHART)->u.chart = c;

	c = doc_chart_new(d, DCH_STACKED, "Deltagare efter kön", "personer", 1, 3, 2);
	c->alt = doc_strdup(d, "Staplade staplar: kvinnor och män per insats.");
	c->series[0].name = doc_strdup(d, "Kvinnor");
	c->series[1].name = doc_strdup(d, "Män");
	const int64_t women[] = {70, 32, 6}, men[] = {79, 31, 3};
	for (int i = 0; i < 3; i++) {
		c->categories[i] = doc_strdup(d, cats[i]);
		c->series[0].values[i] = women[i];
		c->series[1].values[i] = men[i];
	}
	doc_add_block(d, DB_CHART)->u.chart = c;
}

void docsample_build(struct doc *d)
{
	doc_init(d);
	d->kind = DOC_INTERIM;
	d->title = doc_strdup(d, "Delårsredovisning");
	d->org_name = doc_strdup(d, "Finsam Lekeberg Örebro");
	d->orgnr = doc_strdup(d, "222000-2493");
	d->period_text = doc_strdup(d, "1 januari–30 juni 2023");
	d->cover_note = doc_strdup(d, "Beslutad av styrelsen 2023-09-13");

	doc_add_block(d, DB_TOC);
	doc_add_block(d, DB_PAGEBREAK);
	heading(d, 1, "1", "Förvaltningsberättelse");
	struct doc_block *p = doc_add_block(d, DB_PARAGRAPH);
	doc_run_add(d, &p->u.paragraph, "Förbundets kostnader för halvåret uppgår till ", DOC_PLAIN);
	doc_run_add(d, &p->u.paragraph, "4\u202f271\u202f231", DOC_FIGURE);
	doc_run_add(d, &p->u.paragraph, " kr, vilket är ", DOC_PLAIN);
	doc_run_add(d, &p->u.paragraph, "48\u00a0%", DOC_FIGURE);
	doc_run_add(d, &p->u.paragraph, " av helårsbudgeten. ", DOC_PLAIN);
	doc_run_add(d, &p->u.paragraph, "Verksamhetsutveckling", DOC_ITALIC);
	doc_run_add(d, &p->u.paragraph, " och ", DOC_PLAIN);
	doc_run_add(d, &p->u.paragraph, "strukturell samverkan", DOC_BOLD);
	doc_run_add(d, &p->u.paragraph, " <script>alert(1)</script> & \"citat\".", DOC_PLAIN);
	heading(d, 2, "1.1", "Viktiga förhållanden för resultat och ekonomisk ställning");
	struct doc_block *l = doc_add_block(d, DB_LIST);
	l->u.list.ordered = false;
	l->u.list.nitems = 3;
	l->u.list.items = arena_alloc(&d->arena, 3 * sizeof *l->u.list.items);
	for (int i = 0; i < 3; i++) {
		l->u.list.items[i].level = i == 2;
		l->u.list.items[i].runs = (struct doc_runs){0};
		doc_run_add(d, &l->u.list.items[i].runs, i == 2 ? "Underpunkt" : "Punkt i en lista", DOC_PLAIN);
	}
	heading(d, 2, "1.2", "Uppföljning av insatser");
	card(d);
	matrix(d);
	charts(d);
	doc_add_block(d, DB_PAGEBREAK);
	heading(d, 1, "2", "Resultaträkning");
	statement(d);
	heading(d, 1, "3", "Bilaga");
	long_table(d);
	heading(d, 1, "4", "Styrelsens underskrift");
	struct doc_block *s = doc_add_block(d, DB_SIGNATURES);
	s->u.signatures.intro = doc_strdup(d, "Årsredovisningen signeras digitalt av styrelsens ledamöter.");
	s->u.signatures.n = 3;
	s->u.signatures.v = arena_alloc(&d->arena, 3 * sizeof *s->u.signatures.v);
	const char *names[] = {"Carola Johansson", "Erika Karlsson", "Christopher Hedbom Rydæus"};
	const char *roles[] = {"Ordförande", "Vice ordförande", "Ledamot"};
	for (int i = 0; i < 3; i++) {
		s->u.signatures.v[i].name = doc_strdup(d, names[i]);
		s->u.signatures.v[i].role = doc_strdup(d, roles[i]);
	}
}
