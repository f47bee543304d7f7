/*
 * The budget CSV (plan/budget_csv) against bad input: every refusal names
 * the file and line (and the column where there is one) in Swedish, and
 * nothing reaches the store. And the encodings Excel saves in: Windows-1252
 * and UTF-8 with or without a byte order mark read the same.
 *
 * Each case is the bundled example's budget-2023.csv with one thing broken,
 * read and saved the way `finsam budget import` does, into a store that has
 * the example's books (so its accounts and objects exist).
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include "books/import.h"
#include "plan/budget.h"
#include "plan/budget_csv.h"
#include "util/xalloc.h"

struct fixture {
	char *dir;
	struct store st;
	char *text; /* the example's budget CSV */
	size_t len;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	f->dir = test_tempdir();
	test_store(&f->st, f->dir);
	test_example_load(&f->st, EXAMPLE_BOOKS);
	char *path = test_example("budget-2023.csv");
	f->text = test_read(path, &f->len);
	assert_non_null(f->text);
	free(path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	free(f->text);
	store_close(&f->st);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* text with the first occurrence of `from` replaced by `to`. */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	if (!at)
		fail_msg("\"%s\" is not in the example budget", from);
	return xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

/* Read and save like `finsam budget import`; the error message or NULL. */
static char *import(struct fixture *f, const char *path, int year, bool revision,
		    enum err_code *code)
{
	struct budget b;
	struct error err = ERROR_INIT;
	bool ok = budget_csv_read(&f->st, path, year, &b, &err) &&
		  budget_save(&f->st, &b, revision, &err);
	budget_free(&b);
	if (ok)
		return NULL;
	*code = err.code;
	char *msg = xstrdup(err.msg);
	error_clear(&err);
	return msg;
}

/* The example with `from` replaced by `to` is refused with
 * "<path>:<where>" and the store is as it was: no budget for 2023. */
static void refused(struct fixture *f, const char *from, const char *to, const char *where)
{
	char *text = replace(f->text, from, to);
	char *path = test_write(f->dir, "budget.csv", text, -1);
	char *before = test_store_dump(&f->st);
	enum err_code code = ERR_NONE;
	char *msg = import(f, path, 0, false, &code);
	char *want = xasprintf("%s:%s", path, where);
	if (!msg)
		fail_msg("accepted; expected %s", want);
	assert_string_equal(msg, want);
	assert_int_equal(code, ERR_INPUT);
	char *after = test_store_dump(&f->st);
	assert_string_equal(before, after);
	bool exists = true;
	struct error err = ERROR_INIT;
	assert_true(budget_exists(&f->st, 2023, &exists, &err));
	assert_false(exists);
	free(after);
	free(before);
	free(want);
	free(msg);
	free(path);
	free(text);
}

/* ---- refusals -------------------------------------------------------------------------- */

static void an_unknown_column_is_refused_by_name(void **state)
{
	refused(*state, "Typ;Grupp;", "Typ;Grup;",
		"1: kolumn 2 (Grup): okänd kolumn \"Grup\" (se docs/plan.md)");
}

static void a_missing_required_column_is_refused(void **state)
{
	refused(*state, "Summarad;Rad;", "Summarad;;", "1: kolumnen \"Rad\" saknas i rubrikraden");
}

static void text_in_an_amount_names_line_and_column(void **state)
{
	refused(*state, ";Finsammassa;;6:FMA;30000;", ";Finsammassa;;6:FMA;abc;",
		"9: kolumn 8 (Budget 2023): \"abc\" är inget belopp: inte ett belopp");
}

static void a_decimal_point_is_refused_as_ambiguous(void **state)
{
	refused(*state, ";Finsammassa;;6:FMA;30000;", ";Finsammassa;;6:FMA;12.50;",
		"9: kolumn 8 (Budget 2023): \"12.50\" är inget belopp: punkt som decimaltecken "
		"kan missförstås; använd decimalkomma (1 234,50)");
}

static void text_in_a_plan_amount_names_its_column(void **state)
{
	refused(*state, ";6:FMA;30000;30000;30000;", ";6:FMA;30000;trettio;30000;",
		"9: kolumn 9 (Plan 2024): \"trettio\" är inget belopp: inte ett belopp");
}

static void an_account_prefix_without_accounts_is_refused(void **state)
{
	refused(*state, ";Personal;5;", ";Personal;\"5, 99\";",
		"16: raden \"Personal\": inget konto i kontoplanen börjar med 99");
}

static void letters_among_the_accounts_are_refused(void **state)
{
	refused(*state, ";Personal;5;", ";Personal;5xx;",
		"16: kolumn 6 (Konton): \"5xx\": konton skrivs som nummer eller början av "
		"nummer, åtskilda med komma (\"351, 352\")");
}

static void an_unknown_object_is_refused(void **state)
{
	refused(*state, ";Finsammassa;;6:FMA;", ";Finsammassa;;6:XYZ;",
		"9: kolumn 7 (Objekt): objektet \"6:XYZ\" finns inte (se finsam objects)");
}

static void an_object_in_the_wrong_dimension_is_refused(void **state)
{
	refused(*state, ";Finsammassa;;6:FMA;", ";Finsammassa;;1:FMA;",
		"9: kolumn 7 (Objekt): objektet \"1:FMA\" finns inte (se finsam objects)");
}

static void a_line_name_given_twice_is_refused_with_both_lines(void **state)
{
	refused(*state, ";Finsammassa;;6:FMA;", ";Insatskatalogen;;6:FMA;",
		"10: raden \"Insatskatalogen\" finns redan (rad 9)");
}

static void two_lines_selecting_the_same_amounts_are_refused(void **state)
{
	refused(*state, ";Finsammassa;;6:FMA;", ";Finsammassa;;6:IKA;",
		"10: raden \"Insatskatalogen\" väljer samma konton (alla) och objekt (6:IKA) som "
		"raden \"Finsammassa\"");
	refused(*state, ";Sjuklöneersättning;359;", ";Sjuklöneersättning;\"351, 352, 353\";",
		"3: raden \"Sjuklöneersättning\" väljer samma konton (351,352,353) och objekt "
		"(inget) som raden \"Medlemsbidrag\"");
}

static void a_profile_that_is_not_100_percent_is_refused(void **state)
{
	refused(*state, "\"33,34\"", "\"33,33\"",
		"14: raden \"Utbildning ACT (genomförs Q1)\": månadsfördelningen summerar till "
		"99,99 %, inte 100 %");
}

static void a_share_that_is_not_a_number_names_its_month(void **state)
{
	refused(*state, "\"33,34\"", "en tredjedel",
		"14: kolumn 13 (Mar): \"en tredjedel\" är ingen andel: inte en procentsats");
}

static void an_unknown_line_kind_is_refused(void **state)
{
	refused(*state, "Intäkt;Intäkter;;;Sjuklöneersättning",
		"Utgift;Intäkter;;;Sjuklöneersättning",
		"3: kolumn 1 (Typ): \"Utgift\" är ingen radtyp (Medlemsbidrag, Intäkt, Kostnad "
		"eller Finansiell)");
}

/* A cost line may be budgeted negative: a credit such as 5999
 * "Personalkostnad omförd till insats" lowers costs. */
static void a_negative_cost_is_kept_as_a_credit(void **state)
{
	struct fixture *f = *state;
	char *text = replace(f->text, ";Finsammassa;;6:FMA;30000;", ";Finsammassa;;6:FMA;-30000;");
	char *path = test_write(f->dir, "budget.csv", text, -1);
	enum err_code code = ERR_NONE;
	char *msg = import(f, path, 0, false, &code);
	assert_null(msg);
	struct budget b;
	struct error err = ERROR_INIT;
	assert_true(budget_load(&f->st, 2023, 0, &b, &err));
	const struct budget_line *l = budget_find_line(&b, "Finsammassa");
	assert_non_null(l);
	assert_int_equal(l->amount, -3000000);
	assert_int_equal(budget_total(&b, BK_COST), 881771000 - 6000000);
	budget_free(&b);
	free(path);
	free(text);
}

static void plan_years_before_the_budget_year_are_refused(void **state)
{
	refused(*state, ";Plan 2024;", ";Plan 2022;",
		"1: kolumn 9 (Plan 2022): planåren kommer efter budgetåret 2023, i ordning");
}

static void a_year_column_and_another_year_are_refused(void **state)
{
	struct fixture *f = *state;
	char *path = test_write(f->dir, "budget.csv", f->text, (long)f->len);
	enum err_code code = ERR_NONE;
	char *msg = import(f, path, 2024, false, &code);
	char *want = xasprintf("%s:1: kolumn 8 (Budget 2023): kolumnen gäller 2023, men --year "
			       "säger 2024",
			       path);
	assert_non_null(msg);
	assert_string_equal(msg, want);
	free(msg);
	free(want);
	/* "Helår" needs the year from outside. */
	char *text = replace(f->text, ";Budget 2023;", ";Helår;");
	free(path);
	path = test_write(f->dir, "budget.csv", text, -1);
	msg = import(f, path, 0, false, &code);
	want = xasprintf("%s:1: vilket år gäller budgeten? Döp beloppskolumnen till \"Budget "
			 "ÅÅÅÅ\" eller ange --year",
			 path);
	assert_non_null(msg);
	assert_string_equal(msg, want);
	free(msg);
	free(want);
	/* and with it, it reads */
	assert_null(import(f, path, 2023, false, &code));
	bool exists = false;
	struct error err = ERROR_INIT;
	assert_true(budget_exists(&f->st, 2023, &exists, &err));
	assert_true(exists);
	free(text);
	free(path);
}

static void a_bad_revision_leaves_the_adopted_budget_alone(void **state)
{
	struct fixture *f = *state;
	char *good = test_write(f->dir, "good.csv", f->text, (long)f->len);
	enum err_code code = ERR_NONE;
	assert_null(import(f, good, 0, false, &code));
	char *before = test_store_dump(&f->st);
	char *text = replace(f->text, ";Finsammassa;;6:FMA;30000;", ";Finsammassa;;6:FMA;abc;");
	char *bad = test_write(f->dir, "bad.csv", text, -1);
	char *msg = import(f, bad, 0, true, &code);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "bad.csv:9: kolumn 8 (Budget 2023): "));
	char *after = test_store_dump(&f->st);
	assert_string_equal(before, after);
	/* A revision failing validation (after reading) leaves it too. */
	free(text);
	free(msg);
	text = replace(f->text, "\"33,34\"", "\"33,33\"");
	free(bad);
	bad = test_write(f->dir, "bad.csv", text, -1);
	msg = import(f, bad, 0, true, &code);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "månadsfördelningen summerar till 99,99 %"));
	free(after);
	after = test_store_dump(&f->st);
	assert_string_equal(before, after);
	free(after);
	free(msg);
	free(bad);
	free(text);
	free(before);
	free(good);
}

/* ---- encodings ----------------------------------------------------------------------------- */

static void read_ok(struct fixture *f, const char *path, struct budget *b)
{
	struct error err = ERROR_INIT;
	if (!budget_csv_read(&f->st, path, 0, b, &err))
		fail_msg("%s", err.msg);
}

static void assert_same_lines(const struct budget *a, const struct budget *b)
{
	assert_int_equal(a->year, b->year);
	assert_int_equal(a->nplan, b->nplan);
	assert_int_equal(a->nlines, b->nlines);
	for (size_t i = 0; i < a->nlines; i++) {
		const struct budget_line *x = &a->lines[i], *y = &b->lines[i];
		assert_int_equal(x->kind, y->kind);
		assert_string_equal(x->group, y->group);
		assert_string_equal(x->subgroup, y->subgroup);
		assert_string_equal(x->name, y->name);
		assert_string_equal(x->accounts, y->accounts);
		assert_int_equal(x->amount, y->amount);
		assert_int_equal(x->has_profile, y->has_profile);
		assert_memory_equal(x->profile, y->profile, sizeof x->profile);
		assert_true((x->sum_label == NULL) == (y->sum_label == NULL));
		if (x->sum_label)
			assert_string_equal(x->sum_label, y->sum_label);
		assert_true((x->object_code == NULL) == (y->object_code == NULL));
		if (x->object_code)
			assert_string_equal(x->object_code, y->object_code);
	}
}

/* UTF-8 without BOM to Windows-1252, for text whose only non-ASCII
 * letters are Latin-1 (where the two agree). */
static char *to_cp1252(const char *s, size_t *n)
{
	char *out = xmalloc(strlen(s) + 1);
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80) {
			out[o++] = (char)*p;
			continue;
		}
		if ((*p != 0xC2 && *p != 0xC3) || (p[1] & 0xC0) != 0x80)
			fail_msg("not Latin-1: byte %02x", *p);
		out[o++] = (char)((*p == 0xC3 ? 0xC0 : 0x80) + (p[1] & 0x3F));
		p++;
	}
	out[o] = '\0';
	*n = o;
	return out;
}

static void windows_1252_reads_like_utf8(void **state)
{
	struct fixture *f = *state;
	assert_memory_equal(f->text, "\xEF\xBB\xBF", 3);
	size_t n;
	char *cp = to_cp1252(f->text + 3, &n);
	/* "Sjuklöneersättning" in Windows-1252: ö = F6, ä = E4. */
	assert_non_null(strstr(cp, "Sjukl\xF6neers\xE4ttning"));
	char *cp_path = test_write(f->dir, "cp1252.csv", cp, (long)n);
	char *utf_path = test_write(f->dir, "utf8.csv", f->text, (long)f->len);
	struct budget a, b;
	read_ok(f, utf_path, &a);
	read_ok(f, cp_path, &b);
	assert_same_lines(&a, &b);
	assert_non_null(budget_find_line(&b, "Sjuklöneersättning"));
	assert_non_null(budget_find_line(&b, "Förbundschef-strukturellt arbete"));
	assert_non_null(budget_find_line(&b, "Coachingteam Örebro"));
	assert_string_equal(budget_find_line(&b, "Finsammassa")->subgroup,
			    "Strukturövergripande insatser");
	/* and it saves: the names are stored as UTF-8 */
	struct error err = ERROR_INIT;
	assert_true(budget_save(&f->st, &b, false, &err));
	struct budget c;
	assert_true(budget_load(&f->st, 2023, 0, &c, &err));
	assert_non_null(budget_find_line(&c, "Sjuklöneersättning"));
	budget_free(&a);
	budget_free(&b);
	budget_free(&c);
	free(cp);
	free(cp_path);
	free(utf_path);
}

static void a_byte_order_mark_is_not_part_of_the_first_column(void **state)
{
	struct fixture *f = *state;
	char *with = test_write(f->dir, "bom.csv", f->text, (long)f->len);
	char *without = test_write(f->dir, "nobom.csv", f->text + 3, (long)f->len - 3);
	struct budget a, b;
	read_ok(f, with, &a);
	read_ok(f, without, &b);
	assert_same_lines(&a, &b);
	assert_int_equal(a.nlines, 16);
	assert_int_equal(a.lines[0].kind, BK_CONTRIBUTIONS);
	budget_free(&a);
	budget_free(&b);
	/* A BOM before a wrong header still names the header as written. */
	char *text = replace(f->text, "Typ;", "Sort;");
	char *bad = test_write(f->dir, "bad.csv", text, -1);
	struct budget c;
	struct error err = ERROR_INIT;
	assert_false(budget_csv_read(&f->st, bad, 0, &c, &err));
	budget_free(&c);
	char *want =
	    xasprintf("%s:1: kolumn 1 (Sort): okänd kolumn \"Sort\" (se docs/plan.md)", bad);
	assert_string_equal(err.msg, want);
	error_clear(&err);
	free(want);
	free(bad);
	free(text);
	free(with);
	free(without);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(an_unknown_column_is_refused_by_name),
	    T(a_missing_required_column_is_refused),
	    T(text_in_an_amount_names_line_and_column),
	    T(a_decimal_point_is_refused_as_ambiguous),
	    T(text_in_a_plan_amount_names_its_column),
	    T(an_account_prefix_without_accounts_is_refused),
	    T(letters_among_the_accounts_are_refused),
	    T(an_unknown_object_is_refused),
	    T(an_object_in_the_wrong_dimension_is_refused),
	    T(a_line_name_given_twice_is_refused_with_both_lines),
	    T(two_lines_selecting_the_same_amounts_are_refused),
	    T(a_profile_that_is_not_100_percent_is_refused),
	    T(a_share_that_is_not_a_number_names_its_month),
	    T(an_unknown_line_kind_is_refused),
	    T(a_negative_cost_is_kept_as_a_credit),
	    T(plan_years_before_the_budget_year_are_refused),
	    T(a_year_column_and_another_year_are_refused),
	    T(a_bad_revision_leaves_the_adopted_budget_alone),
	    T(windows_1252_reads_like_utf8),
	    T(a_byte_order_mark_is_not_part_of_the_first_column),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
