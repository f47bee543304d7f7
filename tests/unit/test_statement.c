/*
 * Unit tests of report/statement and report/mapping: the bundled example's
 * books give every line of the seed report's resultaträkning and
 * balansräkning by the built-in Kommun-BAS mapping, and every row of its
 * notes 1-6 by the example's own mapping (rapportmappning.yaml), in whole
 * kronor after rounding the exact öre; the report's own rounding
 * contradictions are asserted as finsam's real figures with the seed's in
 * a comment. Also: the signs, the BR's Årets resultat for a closed year
 * and an open period, the checks that every account lands on exactly one
 * line and that every note adds up, the mapping parser's errors with
 * file:line:column, and the store's own mapping (save, text, reset, a
 * broken one refused with the store unchanged).
 */
#include "testlib.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "books/import.h"
#include "report/statement.h"
#include "util/xalloc.h"

#define H1_FROM 20230101
#define H1_TO 20230630

/* ---- fixture ------------------------------------------------------------------------- */

struct fixture {
	char *dir;
	struct store st;
	json_t *seed;
	struct stmt_map kbas, own; /* the Kommun-BAS default, the example's own */
};

static json_t *load_seed(void)
{
	char *path = test_data("seed/finsam-lekeberg-orebro-2023-figures.json");
	json_error_t jerr;
	json_t *j = json_load_file(path, 0, &jerr);
	if (!j)
		fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
	free(path);
	return j;
}

static void parse_file(const char *path, struct stmt_map *m)
{
	size_t len = 0;
	char *text = test_read(path, &len);
	struct error err = ERROR_INIT;
	assert_non_null(text);
	if (!stmt_map_parse(text, len, path, m, &err))
		fail_msg("%s", err.msg);
	free(text);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	f->dir = test_tempdir();
	test_store(&f->st, f->dir);
	test_example_load(&f->st, EXAMPLE_BOOKS);
	f->seed = load_seed();
	struct error err = ERROR_INIT;
	if (!stmt_map_default("kommun-bas", &f->kbas, &err))
		fail_msg("%s", err.msg);
	char *path = test_example("rapportmappning.yaml");
	parse_file(path, &f->own);
	free(path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	stmt_map_free(&f->kbas);
	stmt_map_free(&f->own);
	json_decref(f->seed);
	store_close(&f->st);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* ---- helpers ------------------------------------------------------------------------- */

static const struct stmt_query DEFAULT_QUERY = { 0 };

static void rr(struct fixture *f, const struct stmt_map *m, const struct stmt_query *q,
	       struct stmt_table *t)
{
	struct error err = ERROR_INIT;
	if (!stmt_rr(&f->st, m, q, t, &err))
		fail_msg("stmt_rr: %s", err.msg);
}

static void br(struct fixture *f, const struct stmt_map *m, const struct stmt_query *q,
	       struct stmt_table *t)
{
	struct error err = ERROR_INIT;
	if (!stmt_br(&f->st, m, q, t, &err))
		fail_msg("stmt_br: %s", err.msg);
}

static const struct stmt_row *row(const struct stmt_table *t, const char *label)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(t->rows[i].label, label) == 0)
			return &t->rows[i];
	fail_msg("no row \"%s\" in %s", label, t->title);
	return NULL;
}

static bool has_row(const struct stmt_table *t, const char *label)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(t->rows[i].label, label) == 0)
			return true;
	return false;
}

static int64_t kr(money_t m)
{
	return money_round_kronor(m);
}

/* The rows of t that carry figures (lines and sums), in order. */
static size_t figure_rows(const struct stmt_table *t, const struct stmt_row **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i].kind != SR_HEADING && n < max)
			out[n++] = &t->rows[i];
	return n;
}

/* A seed line {line, note, period, comparison} against a row. */
static void assert_seed_line(const json_t *s, const struct stmt_row *r)
{
	assert_string_equal(r->label, json_string_value(json_object_get(s, "line")));
	assert_int_equal(kr(r->amount), json_integer_value(json_object_get(s, "period")));
	assert_int_equal(kr(r->comparison), json_integer_value(json_object_get(s, "comparison")));
}

/* ---- the resultaträkning ------------------------------------------------------------- */

static void rr_reproduces_every_line_of_the_seeds_resultatrakning(void **state)
{
	struct fixture *f = *state;
	struct stmt_table t;
	rr(f, &f->kbas, &DEFAULT_QUERY, &t);
	assert_string_equal(t.title, "Resultaträkning");
	assert_int_equal(t.from, H1_FROM);
	assert_int_equal(t.to, H1_TO);
	assert_true(t.has_comparison);
	assert_int_equal(t.cmp_from, 20220101);
	assert_int_equal(t.cmp_to, 20221231);

	const json_t *seed = json_object_get(f->seed, "resultatrakning");
	/* Skatteintäkter, Extraordinära poster and Skatt have nothing in
	 * either year and are left out. */
	assert_int_equal(t.nrows, json_array_size(seed));
	size_t i;
	const json_t *s;
	json_array_foreach (seed, i, s) {
		assert_seed_line(s, &t.rows[i]);
		const json_t *note = json_object_get(s, "note");
		assert_int_equal(t.rows[i].note, note ? json_integer_value(note) : 0);
	}
	/* Exact figures: income positive, costs negative. */
	assert_int_equal(row(&t, "Verksamhetens intäkter")->amount, 400454400);
	assert_int_equal(row(&t, "Verksamhetens kostnader")->amount, -427091800);
	assert_int_equal(row(&t, "Verksamhetens kostnader")->comparison, -736706820);
	assert_int_equal(row(&t, "Finansiella intäkter")->amount, 6200);
	assert_int_equal(row(&t, "Finansiella kostnader")->amount, -37800);
	const struct stmt_row *result = &t.rows[t.nrows - 1];
	assert_int_equal(result->kind, SR_SUM);
	assert_int_equal(result->level, 3);
	assert_int_equal(result->amount, -26669000);
	/* 2022: the closing entry 8999 is on no line, so the year's result
	 * shows although the year was closed into 2099. */
	assert_int_equal(result->comparison, 68977160);
	assert_int_equal(row(&t, "Verksamhetens resultat")->level, 1);
	assert_int_equal(row(&t, "Resultat efter finansiella poster")->level, 2);
	stmt_table_free(&t);
}

/* ---- the balansräkning --------------------------------------------------------------- */

/* The seed's rounding contradictions: finsam sums exact öre and rounds
 * once, the report added its rounded rows. */
static const struct {
	const char *line;
	int column;        /* 0 period, 1 comparison */
	int64_t finsam;    /* the exact sum rounded */
	int64_t seed;      /* what the report prints */
} contradictions[] = {
	/* exact 6 290 500,50 (= SUMMA TILLGÅNGAR, which the report prints as
	 * 6 290 501); the report's rows add to 6 290 500 */
	{ "SUMMA EGET KAPITAL OCH SKULDER", 0, 6290501, 6290500 },
	/* exact 4 345 059,30; the report's rows add to 4 345 060 */
	{ "SUMMA EGET KAPITAL OCH SKULDER", 1, 4345059, 4345060 },
	/* exact 2 359 937,30 (2023's Balanserad vinst prints 2 359 937); the
	 * report adds 1 670 166 + 689 772 */
	{ "Summa eget kapital", 1, 2359937, 2359938 },
};

static int64_t seed_or_real(const char *line, int column, int64_t printed)
{
	for (size_t i = 0; i < sizeof contradictions / sizeof contradictions[0]; i++)
		if (strcmp(contradictions[i].line, line) == 0 && contradictions[i].column == column) {
			assert_int_equal(printed, contradictions[i].seed);
			return contradictions[i].finsam;
		}
	return printed;
}

static void br_reproduces_every_line_of_the_seeds_balansrakning(void **state)
{
	struct fixture *f = *state;
	struct stmt_table t;
	br(f, &f->kbas, &DEFAULT_QUERY, &t);
	assert_string_equal(t.title, "Balansräkning");
	const json_t *seed = json_object_get(f->seed, "balansrakning");
	const struct stmt_row *rows[64];
	size_t n = figure_rows(&t, rows, 64);
	assert_int_equal(n, json_array_size(seed));
	size_t i;
	const json_t *s;
	json_array_foreach (seed, i, s) {
		const char *line = json_string_value(json_object_get(s, "line"));
		assert_string_equal(rows[i]->label, line);
		assert_int_equal(kr(rows[i]->amount),
				 seed_or_real(line, 0,
					      json_integer_value(json_object_get(s, "period"))));
		assert_int_equal(kr(rows[i]->comparison),
				 seed_or_real(line, 1,
					      json_integer_value(json_object_get(s, "comparison"))));
	}
	/* The headings the seed prints, and none over lines without figures
	 * (no fixed assets, no long-term debt). */
	static const char *const headings[] = { "TILLGÅNGAR",	  "Omsättningstillgångar",
						"EGET KAPITAL OCH SKULDER", "Eget kapital",
						"Avsättningar",	  "Kortfristiga skulder" };
	size_t h = 0;
	for (size_t k = 0; k < t.nrows; k++)
		if (t.rows[k].kind == SR_HEADING) {
			assert_true(h < 6);
			assert_string_equal(t.rows[k].label, headings[h++]);
		}
	assert_int_equal(h, 6);
	assert_false(has_row(&t, "Anläggningstillgångar"));
	assert_false(has_row(&t, "Summa anläggningstillgångar"));
	assert_false(has_row(&t, "Långfristiga skulder"));
	/* Notes: 4 and 5 where the seed has them; 6 on the sum of the
	 * short-term debts it breaks down (the seed prints it against
	 * Leverantörsskulder). */
	assert_int_equal(row(&t, "Övriga fordringar")->note, 4);
	assert_int_equal(row(&t, "Avsättningar för pensioner")->note, 5);
	assert_int_equal(row(&t, "Leverantörsskulder")->note, 0);
	assert_int_equal(row(&t, "Summa kortfristiga skulder")->note, 6);
	/* A line with a figure in one column only stays. */
	assert_int_equal(row(&t, "Förutbetalda kostnader och upplupna intäkter")->comparison, 0);
	/* Exact: both sides balance to the öre. */
	assert_int_equal(row(&t, "SUMMA TILLGÅNGAR")->amount, 629050050);
	assert_int_equal(row(&t, "SUMMA EGET KAPITAL OCH SKULDER")->amount, 629050050);
	assert_int_equal(row(&t, "SUMMA TILLGÅNGAR")->comparison, 434505930);
	assert_int_equal(row(&t, "SUMMA EGET KAPITAL OCH SKULDER")->comparison, 434505930);
	assert_int_equal(row(&t, "SUMMA TILLGÅNGAR")->level, 2);
	stmt_table_free(&t);
}

static void signs_follow_the_readers_expectations(void **state)
{
	struct fixture *f = *state;
	struct stmt_table t;
	br(f, &f->kbas, &DEFAULT_QUERY, &t);
	/* Assets +balance; equity and liabilities -balance: all positive here. */
	assert_true(row(&t, "Kassa och bank")->amount > 0);
	assert_true(row(&t, "Kassa och bank")->line->assets);
	assert_int_equal(row(&t, "Kassa och bank")->line->sign, 1);
	assert_true(row(&t, "Leverantörsskulder")->amount > 0);
	assert_false(row(&t, "Leverantörsskulder")->line->assets);
	assert_int_equal(row(&t, "Leverantörsskulder")->line->sign, -1);
	/* The period's loss is a negative Årets resultat. */
	assert_true(row(&t, "Årets resultat")->amount < 0);
	stmt_table_free(&t);

	/* Note rows in the account's natural direction: costs positive,
	 * income positive, debts positive; `tecken` overrides. */
	const char *text = "resultaträkning:\n"
			   "  - rad: Intäkter\n"
			   "    konton: 3\n"
			   "    not: 1\n"
			   "  - rad: Kostnader\n"
			   "    konton: 4-8\n"
			   "  - summa: Resultat\n"
			   "balansräkning:\n"
			   "  - rad: Bank\n"
			   "    konton: 19\n"
			   "  - rad: Skuld\n"
			   "    konton: 2\n"
			   "    tecken: +\n"
			   "noter:\n"
			   "  - not: 1\n"
			   "    rubrik: Blandat\n"
			   "    rader:\n"
			   "      - rad: Personal\n"
			   "        konton: 5\n"
			   "      - rad: Bidrag\n"
			   "        konton: 351\n"
			   "      - rad: Bidrag omvänt\n"
			   "        konton: 351\n"
			   "        tecken: +\n";
	struct stmt_map m;
	struct error err = ERROR_INIT;
	if (!stmt_map_parse(text, strlen(text), "tecken.yaml", &m, &err))
		fail_msg("%s", err.msg);
	br(f, &m, &DEFAULT_QUERY, &t);
	assert_int_equal(row(&t, "Skuld")->line->sign, 1);
	assert_true(row(&t, "Skuld")->amount < 0);
	stmt_table_free(&t);
	struct stmt_table *notes;
	size_t n;
	assert_true(stmt_notes(&f->st, &m, &DEFAULT_QUERY, &notes, &n, &err));
	assert_int_equal(n, 1);
	assert_string_equal(notes[0].title, "Not 1 Blandat");
	assert_int_equal(row(&notes[0], "Personal")->amount, 52294510);
	assert_int_equal(row(&notes[0], "Bidrag")->amount, 200000000);
	assert_int_equal(row(&notes[0], "Bidrag omvänt")->amount, -200000000);
	stmt_tables_free(notes, n);
	stmt_map_free(&m);
}

/* ---- Årets resultat ------------------------------------------------------------------ */

static void the_result_line_shows_a_closed_year_once_and_an_open_period_too(void **state)
{
	struct fixture *f = *state;
	struct stmt_table b, r;
	/* 2022 is closed in the books (8999 against 2099): 2099 holds it and
	 * the result accounts net to nothing. 2023 is open: 2099 was moved to
	 * 2091 in January, and the period's result is the result accounts'. */
	br(f, &f->kbas, &DEFAULT_QUERY, &b);
	assert_int_equal(row(&b, "Årets resultat")->amount, -26669000);
	assert_int_equal(row(&b, "Årets resultat")->comparison, 68977160);
	assert_int_equal(row(&b, "Balanserad vinst")->amount, 235993730);
	assert_int_equal(row(&b, "Summa eget kapital")->amount, 235993730 - 26669000);
	stmt_table_free(&b);

	/* An interim period that does not start with the year: the RR shows
	 * the second quarter, the BR the result since January. */
	struct stmt_query q = { .from = 20230401, .to = H1_TO };
	rr(f, &f->kbas, &q, &r);
	br(f, &f->kbas, &q, &b);
	assert_int_equal(r.from, 20230401);
	assert_int_equal(row(&b, "Årets resultat")->amount, -26669000);
	assert_true(r.rows[r.nrows - 1].amount != -26669000);
	stmt_table_free(&r);
	stmt_table_free(&b);

	/* At the end of March the books balance with the result so far. */
	q = (struct stmt_query){ .to = 20230331, .no_comparison = true };
	rr(f, &f->kbas, &q, &r);
	br(f, &f->kbas, &q, &b);
	assert_false(b.has_comparison);
	assert_int_equal(b.from, H1_FROM);
	assert_int_equal(row(&b, "Årets resultat")->amount, r.rows[r.nrows - 1].amount);
	assert_int_equal(row(&b, "SUMMA TILLGÅNGAR")->amount,
			 row(&b, "SUMMA EGET KAPITAL OCH SKULDER")->amount);
	assert_int_equal(row(&b, "SUMMA TILLGÅNGAR")->comparison, 0);
	stmt_table_free(&r);
	stmt_table_free(&b);

	/* The comparison chosen by hand. */
	q = (struct stmt_query){ .cmp_from = 20220101, .cmp_to = 20221231 };
	br(f, &f->kbas, &q, &b);
	assert_int_equal(b.cmp_to, 20221231);
	assert_int_equal(row(&b, "Årets resultat")->comparison, 68977160);
	stmt_table_free(&b);
}

/* ---- notes --------------------------------------------------------------------------- */

/* Where the example's notes word a row differently from the seed's JSON
 * (which names rows for the reader of the JSON, not as printed). */
static const char *printed_label(const char *seed_label)
{
	if (strcmp(seed_label, "Verksamhetskostnader (direkta)") == 0)
		return "Verksamhetskostnader";
	if (strncmp(seed_label, "Summa (printed as", 17) == 0)
		return "Summa avsättningar för pensioner";
	return seed_label;
}

static void the_examples_mapping_reproduces_notes_1_to_6(void **state)
{
	struct fixture *f = *state;
	struct stmt_table *notes;
	size_t n;
	struct error err = ERROR_INIT;
	assert_true(stmt_notes(&f->st, &f->own, &DEFAULT_QUERY, &notes, &n, &err));
	assert_int_equal(n, 6);
	assert_string_equal(notes[0].title, "Not 1 Redovisnings- och värderingsprinciper");
	assert_int_equal(notes[0].note, 1);
	assert_int_equal(notes[0].nrows, 0);
	assert_string_equal(notes[0].text,
			    "Årsredovisningen är i tillämpliga delar upprättad i enlighet med Lag "
			    "(2018:597) om kommunal bokföring och redovisning samt rekommendationer "
			    "från Rådet för kommunal redovisning. Vissa anpassningar har gjorts "
			    "till Finsams verksamhet.");
	static const char *const titles[] = { "Not 2 Verksamhetens intäkter",
					      "Not 3 Verksamhetens kostnader",
					      "Not 4 Övriga fordringar",
					      "Not 5 Avsatt till pensioner",
					      "Not 6 Kortfristiga skulder" };
	const json_t *seed = json_object_get(f->seed, "notes");
	size_t rows_seen = 0;
	for (int k = 2; k <= 6; k++) {
		const struct stmt_table *t = &notes[k - 1];
		char key[16];
		snprintf(key, sizeof key, "%d", k);
		const json_t *rows = json_object_get(seed, key);
		assert_string_equal(t->title, titles[k - 2]);
		assert_int_equal(t->note, k);
		assert_null(t->text);
		assert_int_equal(t->cmp_to, 20221231);
		const struct stmt_row *fig[32];
		size_t nf = figure_rows(t, fig, 32);
		assert_int_equal(nf, json_array_size(rows));
		size_t i;
		const json_t *s;
		json_array_foreach (rows, i, s) {
			assert_string_equal(fig[i]->label,
					    printed_label(json_string_value(json_array_get(s, 0))));
			assert_int_equal(kr(fig[i]->amount), json_integer_value(json_array_get(s, 1)));
			assert_int_equal(kr(fig[i]->comparison),
					 json_integer_value(json_array_get(s, 2)));
			rows_seen++;
		}
	}
	assert_int_equal(rows_seen, 6 + 5 + 2 + 3 + 11);
	/* Note 3's two groups, headed as the seed heads them. */
	assert_int_equal(notes[2].rows[0].kind, SR_HEADING);
	assert_string_equal(notes[2].rows[0].label, "Direkta kostnader");
	assert_string_equal(notes[2].rows[3].label, "Administrativa kostnader");
	/* Costs in a note are positive, with the negative internal
	 * allocation 5999 inside Personalkostnader. */
	assert_int_equal(row(&notes[2], "Personalkostnader")->amount, 52294510);
	stmt_tables_free(notes, n);
}

static void the_default_notes_list_every_account_of_their_lines(void **state)
{
	struct fixture *f = *state;
	struct stmt_table *notes;
	size_t n;
	struct error err = ERROR_INIT;
	assert_true(stmt_notes(&f->st, &f->kbas, &DEFAULT_QUERY, &notes, &n, &err));
	assert_int_equal(n, 6);
	assert_non_null(notes[0].text);
	assert_int_equal(notes[0].nrows, 0);
	/* Not 2: the five income accounts, named as the chart names them,
	 * then their sum. */
	const struct stmt_table *t = &notes[1];
	assert_int_equal(t->nrows, 6);
	assert_string_equal(t->rows[0].label, "Driftbidrag från staten (FK och AF)");
	assert_int_equal(t->rows[0].amount, 200000000);
	assert_int_equal(t->rows[0].comparison, 400000000);
	assert_null(t->rows[0].line);
	assert_int_equal(t->rows[5].kind, SR_SUM);
	assert_string_equal(t->rows[5].label, "Summa verksamhetens intäkter");
	assert_int_equal(kr(t->rows[5].amount), 4004544);
	assert_int_equal(kr(t->rows[5].comparison), 8038718);
	/* Not 3: costs positive; the sum is the RR's line, sign reversed. */
	t = &notes[2];
	assert_string_equal(t->rows[t->nrows - 1].label, "Summa verksamhetens kostnader");
	assert_int_equal(t->rows[t->nrows - 1].amount, 427091800);
	/* Not 6 on "Summa kortfristiga skulder": every account of the three
	 * lines it adds up. */
	t = &notes[5];
	assert_int_equal(t->nrows, 11);
	assert_string_equal(t->rows[0].label, "Leverantörsskulder");
	assert_string_equal(t->rows[9].label, "Övriga upplupna kostnader");
	assert_string_equal(t->rows[10].label, "Summa kortfristiga skulder");
	assert_int_equal(kr(t->rows[10].amount), 4056840);
	assert_int_equal(kr(t->rows[10].comparison), 1844709);
	/* Not 4: "Övriga fordringar" gives "Summa övriga fordringar". */
	assert_string_equal(notes[3].rows[notes[3].nrows - 1].label, "Summa övriga fordringar");
	stmt_tables_free(notes, n);
}

static void every_note_adds_up_to_its_lines(void **state)
{
	struct fixture *f = *state;
	struct stmt_note_finding *v;
	size_t n;
	struct error err = ERROR_INIT;
	assert_true(stmt_check_notes(&f->st, &f->kbas, &DEFAULT_QUERY, &v, &n, &err));
	assert_int_equal(n, 0);
	assert_true(stmt_check_notes(&f->st, &f->own, &DEFAULT_QUERY, &v, &n, &err));
	assert_int_equal(n, 0);

	/* A note that leaves out the sick-pay refund (3590) no longer adds up
	 * to its line, in either column. */
	const char *text = "resultaträkning:\n"
			   "  - rad: Verksamhetens intäkter\n"
			   "    konton: 3\n"
			   "    not: 2\n"
			   "balansräkning:\n"
			   "  - rad: Bank\n"
			   "    konton: 1\n"
			   "noter:\n"
			   "  - not: 2\n"
			   "    rubrik: Intäkter\n"
			   "    rader:\n"
			   "      - rad: Bidrag\n"
			   "        konton: 35, !359\n"
			   "      - summa: Summa\n";
	struct stmt_map m;
	if (!stmt_map_parse(text, strlen(text), "not.yaml", &m, &err))
		fail_msg("%s", err.msg);
	assert_true(stmt_check_notes(&f->st, &m, &DEFAULT_QUERY, &v, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(v[0].note, 2);
	assert_string_equal(v[0].title, "Intäkter");
	assert_string_equal(v[0].lines, "Verksamhetens intäkter");
	assert_int_equal(v[0].column, 0);
	assert_int_equal(v[0].note_total, 400000000);
	assert_int_equal(v[0].line_total, 400454400);
	assert_int_equal(v[0].difference, 454400); /* the note lacks 3590's credit -4 544,00 */
	assert_int_equal(v[1].column, 1);
	assert_int_equal(v[1].difference, 3871780);
	stmt_note_findings_free(v, n);
	stmt_map_free(&m);
}

/* ---- the mapping check --------------------------------------------------------------- */

static void the_default_mapping_leaves_no_account_of_the_example_unmapped(void **state)
{
	struct fixture *f = *state;
	struct stmt_unmapped *v;
	size_t n;
	struct error err = ERROR_INIT;
	assert_true(stmt_check_mapping(&f->st, &f->kbas, &DEFAULT_QUERY, &v, &n, &err));
	assert_int_equal(n, 0);
	assert_true(stmt_check_mapping(&f->st, &f->own, &DEFAULT_QUERY, &v, &n, &err));
	assert_int_equal(n, 0);
	struct stmt_map bas;
	assert_true(stmt_map_default("bas", &bas, &err));
	assert_true(stmt_check_mapping(&f->st, &bas, &DEFAULT_QUERY, &v, &n, &err));
	assert_int_equal(n, 0);
	stmt_map_free(&bas);
}

static void an_account_on_two_lines_is_reported_with_both(void **state)
{
	struct fixture *f = *state;
	const char *text = "resultaträkning:\n"
			   "  - rad: Intäkter\n"
			   "    konton: 3\n"
			   "  - rad: Driftbidrag\n"
			   "    konton: 351-352\n"
			   "  - rad: Kostnader\n"
			   "    konton: 4-8\n"
			   "balansräkning:\n"
			   "  - rad: Tillgångar\n"
			   "    konton: 1, !1930\n"
			   "  - rad: Skulder\n"
			   "    konton: 2\n";
	struct stmt_map m;
	struct error err = ERROR_INIT;
	if (!stmt_map_parse(text, strlen(text), "dubbel.yaml", &m, &err))
		fail_msg("%s", err.msg);
	struct stmt_unmapped *v;
	size_t n;
	assert_true(stmt_check_mapping(&f->st, &m, &DEFAULT_QUERY, &v, &n, &err));
	assert_int_equal(n, 3);
	assert_string_equal(v[0].account, "1930");
	assert_string_equal(v[0].name, "Bank");
	assert_int_equal(v[0].times, 0);
	assert_string_equal(v[0].lines, "");
	assert_false(v[0].in_rr);
	assert_int_equal(v[0].amount, 613455650);
	assert_int_equal(v[0].comparison, 430131130);
	assert_string_equal(v[1].account, "3511");
	assert_int_equal(v[1].times, 2);
	assert_string_equal(v[1].lines, "Intäkter, Driftbidrag");
	assert_true(v[1].in_rr);
	assert_int_equal(v[1].amount, -200000000);
	assert_string_equal(v[2].account, "3521");
	stmt_unmapped_free(v, n);
	stmt_map_free(&m);
}

/* A year of books with one voucher on 9100, outside every line. */
static const char sie_9100[] = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#KPTYP KBAS\n"
			       "#RAR 0 20230101 20231231\n"
			       "#KONTO 1930 \"Bank\"\n#KONTO 9100 \"Internt\"\n"
			       "#KONTO 4590 \"Insatser\"\n"
			       "#VER A 1 20230115 \"Intern\"\n{\n#TRANS 9100 {} 1250.50\n"
			       "#TRANS 1930 {} -1250.50\n}\n"
			       "#VER A 2 20230116 \"Köp\"\n{\n#TRANS 4590 {} 100.00\n"
			       "#TRANS 4591 {} 20.00\n#TRANS 1930 {} -120.00\n}\n";

static void an_account_outside_every_line_is_reported_with_its_amount(void **state)
{
	struct store_fixture *f = *state;
	char *path = test_write(f->dir, "9100.se", sie_9100, -1);
	struct import_result res;
	char *msg = test_import(&f->st, path, false, false, &res);
	if (msg)
		fail_msg("%s", msg);
	import_result_free(&res);
	free(path);
	struct stmt_map m;
	struct error err = ERROR_INIT;
	assert_true(stmt_map_load(&f->st, &m, &err));
	assert_string_equal(m.name, "kommun-bas");
	struct stmt_unmapped *v;
	size_t n;
	assert_true(stmt_check_mapping(&f->st, &m, &DEFAULT_QUERY, &v, &n, &err));
	assert_int_equal(n, 1);
	assert_string_equal(v[0].account, "9100");
	assert_string_equal(v[0].name, "Internt");
	assert_int_equal(v[0].amount, 125050);
	assert_int_equal(v[0].comparison, 0);
	assert_int_equal(v[0].times, 0);
	assert_true(v[0].in_rr);
	stmt_unmapped_free(v, n);
	/* The RR leaves it out, so its result differs from the books' by it. */
	struct stmt_table t;
	assert_true(stmt_rr(&f->st, &m, &DEFAULT_QUERY, &t, &err));
	assert_false(t.has_comparison);
	assert_int_equal(t.rows[t.nrows - 1].amount, -12000);
	stmt_table_free(&t);
	/* A note by account names an account the chart leaves unnamed by its
	 * number. */
	struct stmt_table *notes;
	assert_true(stmt_notes(&f->st, &m, &DEFAULT_QUERY, &notes, &n, &err));
	assert_int_equal(notes[2].nrows, 3);
	assert_string_equal(notes[2].rows[0].label, "Insatser");
	assert_string_equal(notes[2].rows[1].label, "Konto 4591");
	assert_int_equal(notes[2].rows[1].amount, 2000);
	assert_int_equal(notes[2].rows[2].amount, 12000);
	stmt_tables_free(notes, n);
	stmt_map_free(&m);
}

/* ---- the mapping's text -------------------------------------------------------------- */

/* A mapping's text is refused with this message. */
static void refused(const char *text, const char *want)
{
	struct stmt_map m;
	struct error err = ERROR_INIT;
	bool ok = stmt_map_parse(text, strlen(text), "m.yaml", &m, &err);
	stmt_map_free(&m);
	if (ok)
		fail_msg("accepted: %s", text);
	if (!strstr(err.msg, want))
		fail_msg("got \"%s\", want \"%s\"", err.msg, want);
	assert_int_equal(err.code, ERR_INPUT);
	error_clear(&err);
}

#define BR_OK "balansräkning:\n  - rad: B\n    konton: 1\n"
#define RR_OK "resultaträkning:\n  - rad: R\n    konton: 3\n"

static void the_parser_refuses_with_file_line_and_column(void **state)
{
	(void)state;
	refused(RR_OK "balansräkning:\n  - rad: B\n    kontn: 1\n",
		"m.yaml:6:5: okänd nyckel 'kontn' i balansräkning (menade du 'konton'?)");
	refused("resultaträkning:\n  - rad: R\n    konton: 3-\n" BR_OK,
		"m.yaml:3:13: konton: intervallet '3-' saknar sitt slut");
	refused("resultaträkning:\n  - rad: R\n    konton: x\n" BR_OK,
		"m.yaml:3:13: konton: 'x' är inget kontonummer");
	refused("resultaträkning:\n  - rad: R\n    konton: 3, x4\n" BR_OK,
		"m.yaml:3:13: konton: 'x4' är inget kontonummer");
	refused("resultaträkning:\n  - rad: R\n    konton: 7-4\n" BR_OK,
		"m.yaml:3:13: konton: intervallet '7-4' går baklänges");
	refused("resultaträkning:\n  - rad: R\n    konton: 30-4\n" BR_OK,
		"m.yaml:3:13: konton: intervallet '30-4' ska ha lika många siffror");
	refused("resultaträkning:\n  - rad: R\n    konton:\n" BR_OK,
		"m.yaml:3:12: konton: raden väljer inga konton");
	refused("resultaträkning:\n  - rad: R\n    konton: \"\"\n" BR_OK,
		"m.yaml:3:13: konton: raden väljer inga konton");
	refused("resultaträkning:\n  - rad: R\n    konton: []\n" BR_OK,
		"m.yaml:3:13: konton: raden väljer inga konton");
	refused("resultaträkning:\n  - rad: R\n    konton: 3,,4\n" BR_OK,
		"m.yaml:3:13: konton: ett tomt värde i listan");
	refused("resultaträkning:\n  - rad: R\n    konton: \"!3999\"\n" BR_OK,
		"m.yaml:3:13: konton: bara undantag");
	refused("resultaträkning:\n  - rad: R\n" BR_OK, "m.yaml:2:5: raden 'R' saknar konton");
	refused("resultaträkning:\n  - summa: S\n  - rad: R\n    konton: 3\n" BR_OK,
		"m.yaml:2:5: summan 'S' har inga rader ovanför sig");
	refused(RR_OK "  - summa: S\n  - summa: T\n" BR_OK,
		"m.yaml:5:5: summan 'T' har inga rader ovanför sig att lägga ihop (sedan förra "
		"summan på nivå 1 eller högre)");
	refused(RR_OK "  - summa: S\n    nivå: 4\n" BR_OK, "m.yaml:5:11: nivå: skriv 1, 2 eller 3");
	refused(RR_OK "  - rubrik: H\n    nivå: 2\n" BR_OK, "m.yaml:5:5: nivå: hör bara till en summa");
	refused(RR_OK "  - rad: R2\n    konton: 4\n    resultat: ja\n" BR_OK,
		"m.yaml:6:15: resultat: bara balansräkningens rad");
	refused(RR_OK "  - rad: A\n    summa: B\n" BR_OK,
		"m.yaml:4:5: en rad har bara en av nycklarna rad, rubrik och summa");
	refused(RR_OK "  - konton: 4\n" BR_OK, "m.yaml:4:5: en rad behöver en av nycklarna");
	refused(RR_OK "  - rad: R2\n    konton: 4\n    not: 7\n" BR_OK,
		"m.yaml:6:10: not: not 7 finns inte under noter");
	refused(RR_OK BR_OK "noter:\n  - not: 2\n    rubrik: A\n    text: a\n"
			    "  - not: 2\n    rubrik: B\n    text: b\n",
		"m.yaml:11:10: not 2 finns redan (rad 8)");
	refused(RR_OK BR_OK "noter:\n  - not: 0\n    rubrik: A\n    text: a\n",
		"m.yaml:8:10: not: skriv notens nummer, ett heltal 1–999");
	refused(RR_OK BR_OK "noter:\n  - not: 2\n    rubrik: A\n",
		"m.yaml:8:5: not 2 har varken text, rader eller per_konto: ja");
	refused(RR_OK BR_OK "noter:\n  - not: 2\n    rubrik: A\n    per_konto: ja\n    rader:\n"
			    "      - rad: X\n        konton: 3\n",
		"m.yaml:12:7: rader: en not har antingen rader eller per_konto: ja");
	refused(RR_OK, "m.yaml:1:1: nyckeln 'balansräkning' saknas överst i filen");
	refused("", "m.yaml: filen är tom");
	refused("resultaträkning: &a\n  - rad: R\n    konton: 3\nbalansräkning: *a\n",
		"m.yaml:1:18: ankare (&a) används inte i rapportmappningen");
	refused(RR_OK "balansräkning:\n  - rad: B\n    konton: 1\n    konton: 2\n",
		"m.yaml:7:5: nyckeln 'konton' står två gånger (första gången på rad 6)");
	refused(RR_OK "balansräkning:\n  - rad: B\n    konton: 2099\n    resultat: ja\n"
			  "  - rad: C\n    resultat: ja\n",
		"m.yaml:8:5: bara en rad kan ha resultat: ja (den första står på rad 5)");
}

static void ranges_lists_and_exclusions_are_read(void **state)
{
	(void)state;
	const char *text = "resultaträkning:\n"
			   "  - rad: R\n"
			   "    konton: [3, \"4-7\", \"!4590\", 30-34]\n"
			   "balansräkning:\n"
			   "  - rad: B\n"
			   "    konton: 20, !2099 , 21-22\n"
			   "  - rad: T\n"
			   "    konton: 1\n"
			   "  - rad: Årets resultat\n"
			   "    resultat: ja\n";
	struct stmt_map m;
	struct error err = ERROR_INIT;
	if (!stmt_map_parse(text, strlen(text), "m.yaml", &m, &err))
		fail_msg("%s", err.msg);
	assert_string_equal(m.name, "egen");
	assert_int_equal(m.nrr, 1);
	const struct stmt_accounts *a = &m.rr[0].accounts;
	assert_int_equal(a->n, 4);
	assert_string_equal(a->v[1].lo, "4");
	assert_string_equal(a->v[1].hi, "7");
	assert_true(a->v[2].not);
	assert_string_equal(a->v[2].lo, "4590");
	assert_string_equal(a->v[3].hi, "34");
	assert_int_equal(m.rr[0].sign, -1);
	assert_int_equal(m.rr[0].src_line, 2);
	a = &m.br[0].accounts;
	assert_int_equal(a->n, 3);
	assert_true(a->v[1].not);
	assert_string_equal(a->v[1].lo, "2099");
	assert_string_equal(a->v[2].lo, "21");
	assert_false(m.br[0].assets);
	assert_true(m.br[1].assets);
	assert_int_equal(m.br[1].sign, 1);
	assert_true(m.br[2].result);
	assert_int_equal(m.br[2].accounts.n, 0);
	stmt_map_free(&m);
}

/* ---- the store's own mapping --------------------------------------------------------- */

static void the_chart_chooses_the_default_and_an_own_mapping_replaces_it(void **state)
{
	struct store_fixture *f = *state;
	struct stmt_map m;
	struct error err = ERROR_INIT;
	/* No books: no Kommun-BAS chart, so BAS. */
	assert_true(stmt_map_load(&f->st, &m, &err));
	assert_string_equal(m.name, "bas");
	stmt_map_free(&m);
	test_example_load(&f->st, EXAMPLE_BOOKS);
	assert_true(stmt_map_load(&f->st, &m, &err));
	assert_string_equal(m.name, "kommun-bas");
	stmt_map_free(&m);
	char *text;
	size_t len;
	assert_true(stmt_map_text(&f->st, &text, &err));
	const char *dflt = stmt_map_default_text("kommun-bas", &len);
	assert_int_equal(strlen(text), len);
	assert_memory_equal(text, dflt, len);
	free(text);
	bool own;
	char *source;
	assert_true(stmt_map_info(&f->st, &own, &source, &err));
	assert_false(own);
	assert_string_equal(source, "standard för Kommun-BAS");
	free(source);

	const char *mine = "# egen\n" RR_OK BR_OK;
	assert_true(stmt_map_save(&f->st, mine, strlen(mine), "egen.yaml", &err));
	assert_true(stmt_map_load(&f->st, &m, &err));
	assert_string_equal(m.name, "egen");
	assert_int_equal(m.nrr, 1);
	stmt_map_free(&m);
	assert_true(stmt_map_text(&f->st, &text, &err));
	assert_string_equal(text, mine);
	free(text);
	assert_true(stmt_map_info(&f->st, &own, &source, &err));
	assert_true(own);
	assert_non_null(strstr(source, "egen.yaml, sparad "));
	free(source);

	/* A broken mapping is refused and leaves the store as it was. */
	char *before = test_store_dump(&f->st);
	const char *broken = RR_OK "balansräkning:\n  - rad: B\n    konton: 1-\n";
	assert_false(stmt_map_save(&f->st, broken, strlen(broken), "trasig.yaml", &err));
	assert_string_equal(err.msg, "trasig.yaml:6:13: konton: intervallet '1-' saknar sitt slut "
				     "(skriv t.ex. 4-7)");
	error_clear(&err);
	char *after = test_store_dump(&f->st);
	assert_string_equal(before, after);
	free(before);
	free(after);

	assert_true(stmt_map_reset(&f->st, &err));
	assert_true(stmt_map_load(&f->st, &m, &err));
	assert_string_equal(m.name, "kommun-bas");
	stmt_map_free(&m);
	assert_false(stmt_map_default("kommun", &m, &err));
	assert_int_equal(err.code, ERR_USAGE);
	error_clear(&err);
}

static void both_defaults_parse_and_give_the_same_balance_sheet_totals(void **state)
{
	struct fixture *f = *state;
	struct stmt_map bas;
	struct error err = ERROR_INIT;
	assert_true(stmt_map_default("bas", &bas, &err));
	assert_string_equal(bas.name, "bas");
	assert_string_equal(f->kbas.name, "kommun-bas");
	struct stmt_table a, b;
	br(f, &bas, &DEFAULT_QUERY, &a);
	br(f, &f->kbas, &DEFAULT_QUERY, &b);
	assert_int_equal(row(&a, "SUMMA TILLGÅNGAR")->amount, row(&b, "SUMMA TILLGÅNGAR")->amount);
	assert_int_equal(row(&a, "Summa eget kapital")->comparison,
			 row(&b, "Summa eget kapital")->comparison);
	stmt_table_free(&a);
	stmt_table_free(&b);
	/* BAS puts interest costs in 84: the example's 8410 income lands on
	 * the cost line, and its result is the same. */
	rr(f, &bas, &DEFAULT_QUERY, &a);
	assert_int_equal(a.rows[a.nrows - 1].amount, -26669000);
	stmt_table_free(&a);
	stmt_map_free(&bas);
}

int main(void)
{
	const struct CMUnitTest with_example[] = {
		cmocka_unit_test(rr_reproduces_every_line_of_the_seeds_resultatrakning),
		cmocka_unit_test(br_reproduces_every_line_of_the_seeds_balansrakning),
		cmocka_unit_test(signs_follow_the_readers_expectations),
		cmocka_unit_test(the_result_line_shows_a_closed_year_once_and_an_open_period_too),
		cmocka_unit_test(the_examples_mapping_reproduces_notes_1_to_6),
		cmocka_unit_test(the_default_notes_list_every_account_of_their_lines),
		cmocka_unit_test(every_note_adds_up_to_its_lines),
		cmocka_unit_test(the_default_mapping_leaves_no_account_of_the_example_unmapped),
		cmocka_unit_test(an_account_on_two_lines_is_reported_with_both),
		cmocka_unit_test(both_defaults_parse_and_give_the_same_balance_sheet_totals),
	};
	const struct CMUnitTest alone[] = {
		cmocka_unit_test(the_parser_refuses_with_file_line_and_column),
		cmocka_unit_test(ranges_lists_and_exclusions_are_read),
		cmocka_unit_test_setup_teardown(an_account_outside_every_line_is_reported_with_its_amount,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(
			the_chart_chooses_the_default_and_an_own_mapping_replaces_it,
			store_fixture_setup, store_fixture_teardown),
	};
	return cmocka_run_group_tests(with_example, setup, teardown) |
	       cmocka_run_group_tests(alone, NULL, NULL);
}
