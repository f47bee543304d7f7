/*
 * The bundled example's books (examples/lekeberg-orebro/bokforing-2023-h1.se)
 * reproduce the real interim report they were made from
 * (tests/data/seed/finsam-lekeberg-orebro-2023-figures.json): every line of
 * the resultaträkning, the balansräkning and notes 2-6 in both columns, and
 * the forecast's actual cost per intervention.
 *
 * Which accounts make up a line is data (tests/data/lekeberg-line-map.json).
 * The report prints whole kronor and adds up its rounded rows; the books
 * are exact in öre. So every line that is not a sum must round (half away
 * from zero) to the printed figure, and every total must either round to
 * it too or be one of the report's known rounding contradictions, where the
 * printed figure is the sum of the rounded rows and the exact total is at
 * most one krona away.
 */
#include "testlib.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "books/balance.h"
#include "books/chart.h"
#include "books/check.h"
#include "books/import.h"
#include "util/money.h"
#include "util/xalloc.h"

enum { PERIOD, COMPARISON }; /* the report's two columns: 2023 H1 and 2022 */
static const char *const column_key[] = { "period", "comparison" };

struct fixture {
	char *dir;
	struct store st;
	size_t import_warnings;
	json_t *seed, *map;
	struct tb_result tb[2];   /* PERIOD: 2023-01-01..06-30; COMPARISON: 2022 */
	struct tb_result by_object; /* 2023 H1 by dimension 6 */
};

static json_t *load_json(const char *name)
{
	char *path = test_data(name);
	json_error_t jerr;
	json_t *j = json_load_file(path, 0, &jerr);
	if (!j)
		fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
	free(path);
	return j;
}

static void trial(struct store *st, date_t from, date_t to, int by_dim, struct tb_result *tb)
{
	struct tb_query q = { .from = from, .to = to, .by_dim = by_dim };
	struct error err = ERROR_INIT;
	if (!balance_trial(st, &q, tb, &err))
		fail_msg("balance_trial %d..%d: %s", (int)from, (int)to, err.msg);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	f->dir = test_tempdir();
	test_store(&f->st, f->dir);
	char *path = test_example("bokforing-2023-h1.se");
	struct import_options opt = { .log_name = "bokforing-2023-h1.se" };
	struct import_result res;
	struct error err = ERROR_INIT;
	if (!books_import_sie(&f->st, path, &opt, &res, &err))
		fail_msg("%s: %s", path, err.msg);
	f->import_warnings = res.nmessages;
	for (size_t i = 0; i < res.nmessages; i++)
		fprintf(stderr, "# import warning, line %ld: %s\n", res.messages[i].line,
			res.messages[i].text);
	import_result_free(&res);
	free(path);
	f->seed = load_json("seed/finsam-lekeberg-orebro-2023-figures.json");
	f->map = load_json("lekeberg-line-map.json");
	trial(&f->st, 20230101, 20230630, 0, &f->tb[PERIOD]);
	trial(&f->st, 20220101, 20221231, 0, &f->tb[COMPARISON]);
	trial(&f->st, 20230101, 20230630, 6, &f->by_object);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	tb_result_free(&f->tb[PERIOD]);
	tb_result_free(&f->tb[COMPARISON]);
	tb_result_free(&f->by_object);
	json_decref(f->seed);
	json_decref(f->map);
	store_close(&f->st);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* ---- helpers -------------------------------------------------------------- */

/* What an account contributes to a line: its closing balance (balance
 * sheet) or its change in the period (result accounts). */
static money_t amount_of(const struct tb_row *r)
{
	return chart_is_balance_type(r->type) ? r->closing : r->change;
}

static bool has_prefix(const char *number, const json_t *prefixes)
{
	size_t i;
	const json_t *p;
	json_array_foreach (prefixes, i, p) {
		const char *s = json_string_value(p);
		if (s && strncmp(number, s, strlen(s)) == 0)
			return true;
	}
	return false;
}

/* sign × the sum of the accounts of a leaf line; object NULL: every row,
 * else only the rows of that object (by_object trial balance). */
static money_t leaf_exact(const json_t *entry, const struct tb_result *tb, const char *object)
{
	const json_t *accounts = json_object_get(entry, "accounts");
	const json_t *sign = json_object_get(entry, "sign");
	money_t sum = 0;
	for (size_t i = 0; i < tb->nrows; i++) {
		const struct tb_row *r = &tb->rows[i];
		if (object && strcmp(r->object_code, object) != 0)
			continue;
		if (has_prefix(r->number, accounts))
			sum += amount_of(r);
	}
	return sign ? json_integer_value(sign) * sum : sum;
}

static const char *fmt(money_t m, char *buf)
{
	return money_format_plain(m, buf);
}

/* The printed figure of a line: rows are objects {line, period,
 * comparison} (resultaträkning, balansräkning) or arrays [line, period,
 * comparison] (notes). */
static bool seed_figure(const json_t *rows, const char *line, int column, int64_t *out)
{
	size_t i;
	const json_t *row;
	json_array_foreach (rows, i, row) {
		if (json_is_array(row)) {
			if (strcmp(json_string_value(json_array_get(row, 0)), line) == 0) {
				*out = json_integer_value(json_array_get(row, 1 + (size_t)column));
				return true;
			}
		} else if (strcmp(json_string_value(json_object_get(row, "line")), line) == 0) {
			*out = json_integer_value(json_object_get(row, column_key[column]));
			return true;
		}
	}
	return false;
}

static const json_t *map_entry(const json_t *map_rows, const char *line)
{
	size_t i;
	const json_t *e;
	json_array_foreach (map_rows, i, e)
		if (strcmp(json_string_value(json_object_get(e, "line")), line) == 0)
			return e;
	return NULL;
}

static bool listed_contradiction(const struct fixture *f, const char *table, const char *line,
				 int column)
{
	size_t i;
	const json_t *c;
	json_array_foreach (json_object_get(f->map, "rounding_contradictions"), i, c)
		if (strcmp(json_string_value(json_object_get(c, "table")), table) == 0 &&
		    strcmp(json_string_value(json_object_get(c, "line")), line) == 0 &&
		    strcmp(json_string_value(json_object_get(c, "column")), column_key[column]) == 0)
			return true;
	return false;
}

/* Whole kronor the Swedish way ("6 290 500"), as the seed's notes quote
 * them. */
static void kronor_sv(int64_t kr, char *buf, size_t n)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%lld", (long long)(kr < 0 ? -kr : kr));
	size_t len = strlen(digits), o = 0;
	if (kr < 0 && o + 1 < n)
		buf[o++] = '-';
	for (size_t i = 0; i < len && o + 2 < n; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ' ';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

/* Does the seed's list of known contradictions mention this figure? */
static bool seed_mentions(const struct fixture *f, int64_t kr)
{
	char want[48];
	kronor_sv(kr, want, sizeof want);
	size_t i;
	const json_t *s;
	json_array_foreach (json_object_get(f->seed, "known_contradictions"), i, s)
		if (strstr(json_string_value(s), want))
			return true;
	return false;
}

/*
 * Check every line of one table in both columns; print each line that
 * differs and return how many did. Leaves must round to the printed figure;
 * totals must too, or be listed as a rounding contradiction (and then be
 * one: the printed figure is the sum of the rounded leaves, the exact total
 * at most a krona away, and the seed names it among its contradictions).
 */
static int check_table(const struct fixture *f, const char *table, const json_t *seed_rows,
		       const json_t *map_rows)
{
	int bad = 0;
	char x[32];
	/* Every printed line is checked. */
	size_t i;
	const json_t *row;
	json_array_foreach (seed_rows, i, row) {
		const char *line = json_is_array(row) ? json_string_value(json_array_get(row, 0))
						      : json_string_value(json_object_get(row, "line"));
		if (!map_entry(map_rows, line)) {
			fprintf(stderr, "# %s: \"%s\" has no mapping\n", table, line);
			bad++;
		}
	}
	const json_t *e;
	json_array_foreach (map_rows, i, e) {
		const char *line = json_string_value(json_object_get(e, "line"));
		const json_t *parts = json_object_get(e, "sum");
		for (int col = PERIOD; col <= COMPARISON; col++) {
			int64_t want;
			if (!seed_figure(seed_rows, line, col, &want)) {
				fprintf(stderr, "# %s: \"%s\" is not in the report\n", table, line);
				bad++;
				continue;
			}
			const struct tb_result *tb = &f->tb[col];
			if (!parts) {
				money_t exact = leaf_exact(e, tb, NULL);
				if (money_round_kronor(exact) != want) {
					fprintf(stderr, "# %s: \"%s\" (%s): books %s, report %lld\n", table,
						line, column_key[col], fmt(exact, x), (long long)want);
					bad++;
				}
				continue;
			}
			money_t exact = 0;
			int64_t rounded_sum = 0;
			size_t j;
			const json_t *part;
			json_array_foreach (parts, j, part) {
				const json_t *leaf = map_entry(map_rows, json_string_value(part));
				if (!leaf || json_object_get(leaf, "sum")) {
					fprintf(stderr, "# %s: \"%s\" sums \"%s\", not a leaf line\n", table,
						line, json_string_value(part));
					bad++;
					continue;
				}
				money_t v = leaf_exact(leaf, tb, NULL);
				exact += v;
				rounded_sum += money_round_kronor(v);
			}
			int64_t got = money_round_kronor(exact);
			bool listed = listed_contradiction(f, table, line, col);
			if (got == want && !listed)
				continue;
			if (got == want && listed) {
				fprintf(stderr, "# %s: \"%s\" (%s) is listed as a rounding contradiction "
						"but the books give the printed %lld\n",
					table, line, column_key[col], (long long)want);
				bad++;
			} else if (!listed) {
				fprintf(stderr, "# %s: total \"%s\" (%s): books %s, report %lld\n", table,
					line, column_key[col], fmt(exact, x), (long long)want);
				bad++;
			} else if (rounded_sum != want || llabs(got - want) > 1 ||
				   !seed_mentions(f, want)) {
				fprintf(stderr, "# %s: \"%s\" (%s): a rounding contradiction must be the "
						"sum of the rounded rows (%lld), within a krona of the "
						"exact %s and known to the seed; the report says %lld\n",
					table, line, column_key[col], (long long)rounded_sum,
					fmt(exact, x), (long long)want);
				bad++;
			}
		}
	}
	return bad;
}

/* ---- tests ---------------------------------------------------------------- */

static void the_example_imports_without_warnings(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(f->import_warnings, 0);
	assert_true(f->tb[PERIOD].has_books);
	assert_false(f->tb[COMPARISON].has_books);
	assert_int_equal(f->tb[PERIOD].unbalanced_vouchers, 0);
	assert_int_equal(f->tb[PERIOD].complete_to, 20230630);
}

static void income_statement_matches_the_interim_report(void **state)
{
	struct fixture *f = *state;
	int bad = check_table(f, "resultatrakning", json_object_get(f->seed, "resultatrakning"),
			      json_object_get(f->map, "resultatrakning"));
	if (bad)
		fail_msg("%d line(s) of the resultaträkning differ", bad);
	/* The period's result is exactly the reported deficit, to the öre. */
	assert_int_equal(f->tb[PERIOD].result, -26669000);
}

static void balance_sheet_matches_the_interim_report(void **state)
{
	struct fixture *f = *state;
	const json_t *rows = json_object_get(f->map, "balansrakning");
	int bad = check_table(f, "balansrakning", json_object_get(f->seed, "balansrakning"), rows);
	/* Exact books balance: assets equal equity and liabilities to the öre. */
	for (int col = PERIOD; col <= COMPARISON; col++) {
		money_t assets = 0, claims = 0;
		size_t i;
		const json_t *name;
		json_array_foreach (json_object_get(f->map, "assets"), i, name)
			assets += leaf_exact(map_entry(rows, json_string_value(name)), &f->tb[col],
					     NULL);
		json_array_foreach (json_object_get(f->map, "equity_and_liabilities"), i, name)
			claims += leaf_exact(map_entry(rows, json_string_value(name)), &f->tb[col],
					     NULL);
		if (assets != claims) {
			char a[32], b[32];
			fprintf(stderr, "# balansräkning (%s): assets %s, equity and liabilities %s\n",
				column_key[col], fmt(assets, a), fmt(claims, b));
			bad++;
		}
	}
	if (bad)
		fail_msg("%d line(s) of the balansräkning differ", bad);
}

static void notes_match_the_interim_report(void **state)
{
	struct fixture *f = *state;
	const char *notes[] = { "2", "3", "4", "5", "6" };
	int bad = 0;
	for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
		char table[16];
		snprintf(table, sizeof table, "not %s", notes[i]);
		const json_t *seed = json_object_get(json_object_get(f->seed, "notes"), notes[i]);
		const json_t *map = json_object_get(json_object_get(f->map, "notes"), notes[i]);
		if (!seed || !map) {
			fprintf(stderr, "# note %s: missing in the seed or the map\n", notes[i]);
			bad++;
			continue;
		}
		bad += check_table(f, table, seed, map);
	}
	if (bad)
		fail_msg("%d line(s) of notes 2-6 differ", bad);
}

static void intervention_costs_match_the_forecast_actuals(void **state)
{
	struct fixture *f = *state;
	const json_t *iv = json_object_get(f->map, "interventions");
	const json_t *lines = json_object_get(iv, "lines");
	const json_t *leaf = iv; /* has "accounts"; no "sign": costs are positive */
	int bad = 0;
	char x[32];
	/* Each intervention line of the forecast, from its object. */
	size_t i;
	const json_t *row;
	json_array_foreach (json_object_get(json_object_get(f->seed, "prognos"), "rows"), i, row) {
		const char *group = json_string_value(json_array_get(row, 0));
		const char *line = json_string_value(json_array_get(row, 1));
		int64_t want = json_integer_value(json_array_get(row, 3));
		const json_t *code = json_object_get(lines, line);
		const json_t *members = json_object_get(json_object_get(iv, "groups"), line);
		if (code) {
			money_t exact = leaf_exact(leaf, &f->by_object, json_string_value(code));
			if (money_round_kronor(exact) != want) {
				fprintf(stderr, "# prognos: \"%s\" [%s]: books %s, report %lld\n", line,
					json_string_value(code), fmt(exact, x), (long long)want);
				bad++;
			}
		} else if (members) {
			money_t exact = 0;
			size_t j;
			const json_t *m;
			json_array_foreach (members, j, m)
				exact += leaf_exact(leaf, &f->by_object,
						    json_string_value(json_object_get(
							    lines, json_string_value(m))));
			if (money_round_kronor(exact) != want) {
				fprintf(stderr, "# prognos: \"%s\": books %s, report %lld\n", line,
					fmt(exact, x), (long long)want);
				bad++;
			}
		} else if (strcmp(group, "Projekt/individinsatser") == 0 ||
			   strcmp(group, "Strukturövergripande") == 0) {
			fprintf(stderr, "# prognos: intervention \"%s\" has no object\n", line);
			bad++;
		}
	}
	/* Every direct cost carries an intervention, so the objects add up to
	 * note 3's direct costs. */
	money_t all = leaf_exact(leaf, &f->by_object, NULL);
	money_t without = leaf_exact(leaf, &f->by_object, "");
	if (without != 0) {
		fprintf(stderr, "# direct costs without an intervention: %s\n", fmt(without, x));
		bad++;
	}
	const json_t *note3 = json_object_get(json_object_get(f->map, "notes"), "3");
	money_t direct = leaf_exact(map_entry(note3, "Verksamhetskostnader (direkta)"),
				    &f->tb[PERIOD], NULL);
	if (all != direct) {
		char y[32];
		fprintf(stderr, "# interventions %s, note 3 direct costs %s\n", fmt(all, x),
			fmt(direct, y));
		bad++;
	}
	if (bad)
		fail_msg("%d intervention figure(s) differ", bad);

	/* Coachingteam Örebro: the card prints 1 977 400, the forecast 1 977 401.
	 * The books say 1 977 400.50, which the card truncated and the forecast
	 * rounded. */
	const json_t *card = json_object_get(iv, "card_figure");
	const char *code = json_string_value(
		json_object_get(lines, json_string_value(json_object_get(card, "line"))));
	money_t exact = leaf_exact(leaf, &f->by_object, code);
	const json_t *seed_card = json_object_get(
		json_object_get(json_object_get(f->seed, "interventions"),
				json_string_value(json_object_get(card, "seed_intervention"))),
		"spent_h1");
	assert_non_null(seed_card);
	assert_int_equal(exact, 197740050);
	assert_int_equal(exact / 100, json_integer_value(seed_card));
	assert_int_equal(money_round_kronor(exact), 1977401);
}

static void opening_balances_equal_previous_closing(void **state)
{
	struct fixture *f = *state;
	const struct tb_result *now = &f->tb[PERIOD], *before = &f->tb[COMPARISON];
	int bad = 0;
	char x[32], y[32];
	for (size_t i = 0; i < now->nrows; i++) {
		const struct tb_row *r = &now->rows[i];
		if (!chart_is_balance_type(r->type))
			continue;
		money_t closing = 0;
		for (size_t j = 0; j < before->nrows; j++)
			if (strcmp(before->rows[j].number, r->number) == 0)
				closing = before->rows[j].closing;
		if (r->opening != closing) {
			fprintf(stderr, "# %s: opening 2023 %s, closing 2022 %s\n", r->number,
				fmt(r->opening, x), fmt(closing, y));
			bad++;
		}
	}
	for (size_t j = 0; j < before->nrows; j++) {
		const struct tb_row *p = &before->rows[j];
		bool found = false;
		for (size_t i = 0; i < now->nrows && !found; i++)
			found = strcmp(now->rows[i].number, p->number) == 0;
		if (chart_is_balance_type(p->type) && p->closing && !found) {
			fprintf(stderr, "# %s: closing 2022 %s, not opened in 2023\n", p->number,
				fmt(p->closing, x));
			bad++;
		}
	}
	assert_int_equal(now->opening, 0);
	if (bad)
		fail_msg("%d opening balance(s) differ from 2022's closing", bad);
}

static void every_account_is_on_a_report_line(void **state)
{
	struct fixture *f = *state;
	const json_t *outside =
		json_object_get(json_object_get(f->map, "outside_the_income_statement"), "accounts");
	int bad = 0;
	for (int col = PERIOD; col <= COMPARISON; col++) {
		const struct tb_result *tb = &f->tb[col];
		for (size_t i = 0; i < tb->nrows; i++) {
			const struct tb_row *r = &tb->rows[i];
			if (!amount_of(r))
				continue;
			bool balance = chart_is_balance_type(r->type);
			if (!balance && has_prefix(r->number, outside))
				continue;
			const json_t *rows =
				json_object_get(f->map, balance ? "balansrakning" : "resultatrakning");
			int on = 0;
			size_t j;
			const json_t *e;
			json_array_foreach (rows, j, e) {
				const json_t *acc = json_object_get(e, "accounts");
				/* The balance sheet's Årets resultat takes the result
				 * accounts too; a balance account must have a line of its
				 * own kind. */
				if (acc && has_prefix(r->number, acc))
					on++;
			}
			if (on != 1) {
				fprintf(stderr, "# %s (%s): on %d lines of the %s\n", r->number,
					column_key[col], on,
					balance ? "balansräkning" : "resultaträkning");
				bad++;
			}
		}
	}
	if (bad)
		fail_msg("%d account(s) not on exactly one line", bad);
}

static void print_finding(void *ctx, long line, const char *msg)
{
	(void)line;
	(*(long *)ctx)++;
	fprintf(stderr, "# check: %s\n", msg);
}

static void check_finds_nothing(void **state)
{
	struct fixture *f = *state;
	long printed = 0, findings = -1;
	struct error err = ERROR_INIT;
	if (!check_store(&f->st, print_finding, &printed, &findings, &err))
		fail_msg("check_store: %s", err.msg);
	assert_int_equal(findings, 0);
	assert_int_equal(printed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_example_imports_without_warnings, setup,
						teardown),
		cmocka_unit_test_setup_teardown(income_statement_matches_the_interim_report, setup,
						teardown),
		cmocka_unit_test_setup_teardown(balance_sheet_matches_the_interim_report, setup,
						teardown),
		cmocka_unit_test_setup_teardown(notes_match_the_interim_report, setup, teardown),
		cmocka_unit_test_setup_teardown(intervention_costs_match_the_forecast_actuals, setup,
						teardown),
		cmocka_unit_test_setup_teardown(opening_balances_equal_previous_closing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(every_account_is_on_a_report_line, setup, teardown),
		cmocka_unit_test_setup_teardown(check_finds_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
