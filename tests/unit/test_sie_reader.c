/*
 * Unit tests of sie/sie_reader: what each record means, the voucher rules
 * (#RTRANS, #BTRANS, balance), producer quirks, and the refusals.
 * The files are in tests/data/sie/.
 */
#include "testlib.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sie/sie_reader.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* What a read produced. */
struct record {
	int vouchers, rows, accounts, objects, balances, periods, warnings;
	money_t sum_all_rows;       /* all counting rows of all vouchers */
	money_t ib_1930;            /* #IB 0 1930 */
	char voucher_b2[512];       /* the rows of voucher B 2, described */
	char first_warning[512];
	char account_8510[64];      /* name of account 8510 */
	int32_t pbudget_period;     /* period of the last #PBUDGET */
	char pbudget_account[16];
};

static bool on_event(void *ctx, const struct sie_event *ev, struct error *err)
{
	(void)err;
	struct record *r = ctx;
	switch (ev->kind) {
	case SIE_EV_ACCOUNT:
		r->accounts++;
		if (strcmp(ev->account, "8510") == 0)
			snprintf(r->account_8510, sizeof r->account_8510, "%s", ev->text);
		break;
	case SIE_EV_OBJECT:
		r->objects++;
		break;
	case SIE_EV_BALANCE:
		r->balances++;
		if (ev->balance == SIE_IB && ev->year == 0 && strcmp(ev->account, "1930") == 0)
			r->ib_1930 = ev->amount;
		break;
	case SIE_EV_PERIOD:
		r->periods++;
		if (ev->period_kind == SIE_PBUDGET) {
			r->pbudget_period = ev->period;
			snprintf(r->pbudget_account, sizeof r->pbudget_account, "%s", ev->account);
		}
		break;
	case SIE_EV_VOUCHER: {
		const struct sie_voucher *v = ev->voucher;
		r->vouchers++;
		r->rows += (int)v->nrows;
		bool b2 = strcmp(v->series, "B") == 0 && strcmp(v->number, "2") == 0;
		for (size_t i = 0; i < v->nrows; i++) {
			const struct sie_row *row = &v->rows[i];
			if (row->kind != SIE_ROW_REMOVED)
				r->sum_all_rows += row->amount;
			if (b2) {
				size_t len = strlen(r->voucher_b2);
				snprintf(r->voucher_b2 + len, sizeof r->voucher_b2 - len,
					 "%s%d:%s:%lld%s", len ? " " : "", row->kind, row->account,
					 (long long)row->amount, row->mirrored ? "(m)" : "");
			}
		}
		break;
	}
	default:
		break;
	}
	return true;
}

static bool count_row(void *ctx, const struct sie_row_sum *row, struct error *err)
{
	(void)err;
	(void)row;
	struct record *r = ctx;
	r->rows++;
	return true;
}

static void on_warning(void *ctx, long line, const char *msg)
{
	struct record *r = ctx;
	if (r->warnings++ == 0)
		snprintf(r->first_warning, sizeof r->first_warning, "%ld: %s", line, msg);
}

/* Read tests/data/sie/name; returns the error message or NULL. */
static char *read_file(const char *name, bool allow_unbalanced, struct record *r,
		       struct sie_summary *s)
{
	char *rel = xasprintf("sie/%s", name);
	char *path = test_data(rel);
	free(rel);
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	memset(r, 0, sizeof *r);
	struct sie_read_options o = { .allow_unbalanced = allow_unbalanced, .want_sha256 = true };
	struct sie_handler h = { .ctx = r, .event = on_event, .warning = on_warning };
	struct error err = ERROR_INIT;
	bool ok = sie_read(name, fd, &o, &h, s, &err);
	close(fd);
	free(path);
	if (ok)
		return NULL;
	char *msg = xstrdup(err.msg);
	error_clear(&err);
	return msg;
}

static void reads_every_record_of_a_type_4e_file(void **state)
{
	(void)state;
	struct record r;
	struct sie_summary s;
	assert_null(read_file("minimal-4e.se", false, &r, &s));
	assert_string_equal(sie_type_name(&s), "4E");
	assert_string_equal(s.header.fnamn, "Testförbundet");
	assert_string_equal(s.header.orgnr, "222000-1234");
	assert_string_equal(s.header.program, "finsam-testdata");
	assert_int_equal(s.header.nrar, 2);
	assert_int_equal(s.header.rar[0].start, 20230101);
	assert_int_equal(s.header.rar[1].year, -1);
	assert_int_equal(s.header.gen_date, 20230701);
	assert_int_equal(r.accounts, 7);
	assert_int_equal(r.objects, 2);
	assert_int_equal(r.balances, 11);
	assert_int_equal(r.vouchers, 4);
	assert_int_equal(r.rows, 9);
	assert_int_equal(r.sum_all_rows, 0);
	assert_int_equal(r.ib_1930, 100000);
	assert_int_equal(s.counts.ver, 4);
	assert_int_equal(s.counts.trans, 9);
	assert_int_equal(r.warnings, 0);
	assert_int_equal(strlen(s.sha256), 64);
	sie_summary_free(&s);
}

static void an_rtrans_copy_is_not_counted_twice_and_btrans_does_not_count(void **state)
{
	(void)state;
	struct record r;
	struct sie_summary s;
	assert_null(read_file("quirk-rtrans-btrans.se", false, &r, &s));
	/* 1930 +12.34; 8510 removed; 8410 added (its #TRANS copy skipped). */
	assert_string_equal(r.voucher_b2, "0:1930:1234 2:8510:-1234 1:8410:-1234(m)");
	assert_int_equal(s.counts.trans, 9);
	assert_int_equal(s.counts.rtrans, 1);
	assert_int_equal(s.counts.btrans, 1);
	assert_int_equal(s.counts.unbalanced, 0);
	sie_summary_free(&s);
}

static void an_unbalanced_voucher_is_refused_unless_allowed(void **state)
{
	(void)state;
	struct record r;
	struct sie_summary s;
	char *msg = read_file("err-unbalanced.se", false, &r, &s);
	assert_non_null(msg);
	assert_string_equal(msg, "err-unbalanced.se:37: verifikation A 2 balanserar inte: raderna "
				 "summerar till -0,50 kr (använd --allow-unbalanced för att läsa "
				 "in den ändå, flaggad)");
	free(msg);
	assert_null(read_file("err-unbalanced.se", true, &r, &s));
	assert_int_equal(s.counts.unbalanced, 1);
	assert_int_equal(r.sum_all_rows, -50);
	assert_int_equal(r.warnings, 1);
	sie_summary_free(&s);
}

static void producer_quirks_are_read_the_same_as_the_clean_file(void **state)
{
	(void)state;
	const char *quirks[] = {
		"quirk-lf-no-final-newline.se", "quirk-tabs.se",	     "quirk-utf8.se",
		"quirk-bom-utf8.se",		"quirk-windows-1252.se",     "quirk-negative-zero.se",
		"quirk-empty-fields.se",	"quirk-misplaced-konto.se",  "quirk-iso-dates.se",
		"quirk-ksumma.se",		"quirk-escaped-quotes.se",   "quirk-unquoted-name.se",
		"quirk-missing-open-brace.se",	"quirk-lowercase-and-unknown-records.se",
	};
	for (size_t i = 0; i < sizeof quirks / sizeof quirks[0]; i++) {
		struct record r;
		struct sie_summary s;
		char *msg = read_file(quirks[i], false, &r, &s);
		if (msg)
			fail_msg("%s: %s", quirks[i], msg);
		if (r.vouchers != 4 || r.rows != 9 || r.sum_all_rows != 0 || r.ib_1930 != 100000 ||
		    r.accounts != 7)
			fail_msg("%s: %d vouchers, %d rows, sum %lld, IB %lld, %d accounts", quirks[i],
				 r.vouchers, r.rows, (long long)r.sum_all_rows, (long long)r.ib_1930,
				 r.accounts);
		assert_string_equal(r.account_8510, "Räntekostnader");
		sie_summary_free(&s);
	}
}

static void quirks_that_deserve_a_look_are_warned_about_with_their_line(void **state)
{
	(void)state;
	struct {
		const char *file, *warning;
	} cases[] = {
		{ "quirk-iso-dates.se", "43: datum skrivet med bindestreck (\"2023-02-28\")" },
		{ "quirk-missing-open-brace.se", "45: #VER på rad 43 saknar { före sina rader" },
		{ "quirk-pbudget-swapped.se", "53: #PBUDGET har period och konto i omvänd ordning" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct record r;
		struct sie_summary s;
		assert_null(read_file(cases[i].file, false, &r, &s));
		if (strncmp(r.first_warning, cases[i].warning, strlen(cases[i].warning)) != 0)
			fail_msg("%s: warning \"%s\", expected \"%s\"", cases[i].file,
				 r.first_warning, cases[i].warning);
		sie_summary_free(&s);
	}
}

static void swapped_pbudget_fields_are_read_in_the_right_order(void **state)
{
	(void)state;
	struct record r;
	struct sie_summary s;
	assert_null(read_file("quirk-pbudget-swapped.se", false, &r, &s));
	assert_int_equal(r.pbudget_period, 202302);
	assert_string_equal(r.pbudget_account, "4590");
	sie_summary_free(&s);
}

static void an_unquoted_company_name_keeps_all_its_words(void **state)
{
	(void)state;
	struct record r;
	struct sie_summary s;
	assert_null(read_file("quirk-unquoted-name.se", false, &r, &s));
	assert_string_equal(s.header.fnamn, "Testförbundet i Örebro");
	sie_summary_free(&s);
}

static void type_4_without_balances_is_4i_and_types_1_to_3_are_named(void **state)
{
	(void)state;
	struct {
		const char *file, *type;
	} cases[] = { { "quirk-4i-undeclared.si", "4I" }, { "type1.se", "1" }, { "type3.se", "3" } };
	for (size_t i = 0; i < 3; i++) {
		struct record r;
		struct sie_summary s;
		assert_null(read_file(cases[i].file, false, &r, &s));
		assert_string_equal(sie_type_name(&s), cases[i].type);
		sie_summary_free(&s);
	}
}

static void broken_files_are_refused_with_file_line_and_reason(void **state)
{
	(void)state;
	struct {
		const char *file, *message;
	} cases[] = {
		{ "err-bad-account.se", "err-bad-account.se:45: #TRANS: ogiltigt kontonummer \"24X0\"" },
		{ "err-bad-amount.se", "err-bad-amount.se:50: #TRANS: ogiltigt belopp \"12,34\"" },
		{ "err-too-many-decimals.se",
		  "err-too-many-decimals.se:50: #TRANS: ogiltigt belopp \"12.345\": fler än två "
		  "decimaler" },
		{ "err-bad-date.se",
		  "err-bad-date.se:43: #VER: ogiltigt verifikationsdatum \"20230230\"" },
		{ "err-close-without-voucher.se",
		  "err-close-without-voucher.se:11: } utan en öppen verifikation" },
		{ "err-ksumma-truncated.se", "err-ksumma-truncated.se:2: filen är avkortad" },
		{ "err-ksumma-wrong.se", "err-ksumma-wrong.se:54: kontrollsumman stämmer inte" },
		{ "err-no-data.se", "err-no-data.se: filen innehåller ingen bokföring" },
		{ "err-not-a-record.se", "err-not-a-record.se:11: raden är ingen SIE-post" },
		{ "err-nul-byte.se", "err-nul-byte.se:43: raden innehåller NUL-tecken" },
		{ "err-odd-object-list.se",
		  "err-odd-object-list.se:40: #TRANS: objektlistan har ett udda antal värden" },
		{ "err-truncated-in-voucher.se",
		  "err-truncated-in-voucher.se:48: filen tar slut mitt i verifikationen" },
		{ "err-unterminated-quote.se",
		  "err-unterminated-quote.se:43: en text inom citattecken avslutas aldrig" },
		{ "err-ver-inside-voucher.se",
		  "err-ver-inside-voucher.se:37: verifikationen som börjar här avslutas inte med } "
		  "före #VER på rad 42" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct record r;
		struct sie_summary s;
		char *msg = read_file(cases[i].file, false, &r, &s);
		if (!msg)
			fail_msg("%s was read, but should be refused", cases[i].file);
		if (strncmp(msg, cases[i].message, strlen(cases[i].message)) != 0)
			fail_msg("%s: got \"%s\"\nexpected \"%s...\"", cases[i].file, msg,
				 cases[i].message);
		free(msg);
	}
}

static void a_voucher_too_big_to_hold_is_refused_not_misread(void **state)
{
	(void)state;
	/* 600 rows of 60 000 bytes of text: more than a voucher may hold
	 * when read in full. */
	char *dir = test_tempdir();
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, "#SIETYP 4\n#RAR 0 20230101 20231231\n#VER A 1 20230115 \"\"\n{\n");
	char *text = xmalloc(60001);
	memset(text, 'x', 60000);
	text[60000] = 0;
	for (int i = 0; i < 600; i++)
		buf_printf(&b, "#TRANS 1930 {} %d.00 20230115 \"%s\"\n", i % 2 ? -1 : 1, text);
	buf_puts(&b, "}\n");
	free(text);
	char *path = test_write(dir, "big.se", b.data, (long)b.len);
	buf_free(&b);
	for (int rows_only = 0; rows_only <= 1; rows_only++) {
		int fd = open(path, O_RDONLY);
		assert_true(fd >= 0);
		struct record r = { 0 };
		struct sie_read_options o = { .rows_only = rows_only };
		struct sie_handler h = { .ctx = &r, .event = on_event, .warning = on_warning,
					 .row = rows_only ? count_row : NULL };
		struct sie_summary s;
		struct error err = ERROR_INIT;
		if (rows_only) {
			/* Totals need no texts: nothing to hold, the rows are read. */
			assert_true(sie_read(path, fd, &o, &h, &s, &err));
			assert_int_equal(r.rows, 600);
			sie_summary_free(&s);
		} else {
			assert_false(sie_read(path, fd, &o, &h, &s, &err));
			assert_non_null(strstr(err.msg, "verifikationen är för stor"));
			assert_int_equal(r.vouchers, 0);
			error_clear(&err);
		}
		close(fd);
	}
	test_rmtree(dir);
	free(dir);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_every_record_of_a_type_4e_file),
		cmocka_unit_test(an_rtrans_copy_is_not_counted_twice_and_btrans_does_not_count),
		cmocka_unit_test(an_unbalanced_voucher_is_refused_unless_allowed),
		cmocka_unit_test(producer_quirks_are_read_the_same_as_the_clean_file),
		cmocka_unit_test(quirks_that_deserve_a_look_are_warned_about_with_their_line),
		cmocka_unit_test(swapped_pbudget_fields_are_read_in_the_right_order),
		cmocka_unit_test(an_unquoted_company_name_keeps_all_its_words),
		cmocka_unit_test(type_4_without_balances_is_4i_and_types_1_to_3_are_named),
		cmocka_unit_test(broken_files_are_refused_with_file_line_and_reason),
		cmocka_unit_test(a_voucher_too_big_to_hold_is_refused_not_misread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
