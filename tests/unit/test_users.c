/*
 * Unit tests of web/users: password hashes, logins and their throttling,
 * sessions, the role table, an insatsägare's interventions, removing users
 * and the change log. The clock is moved with FINSAM_NOW.
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xalloc.h"
#include "web/users.h"

#define PASSWORD "korrekt häst batteri"

static void at(const char *iso)
{
	setenv("FINSAM_NOW", iso, 1);
}

static int setup(void **state)
{
	at("2026-11-24T12:00:00Z");
	return store_fixture_setup(state);
}

static struct store *store_of(void **state)
{
	return &((struct store_fixture *)*state)->st;
}

static void add(struct store *st, const char *name, enum user_role role, const char *codes[],
		size_t ncodes)
{
	struct error err = ERROR_INIT;
	struct user_new nu = { .name = name, .role = role, .password = PASSWORD,
			       .interventions = codes, .ninterventions = ncodes };
	if (!user_add(st, &nu, &err))
		fail_msg("user_add %s: %s", name, err.msg);
}

static void add_intervention(struct store *st, const char *code)
{
	struct error err = ERROR_INIT;
	char *sql = xasprintf("INSERT INTO intervention (code, name, kind) "
			      "VALUES ('%s', 'Insats %s', 'individinriktad')",
			      code, code);
	assert_true(store_exec(st, sql, &err));
	free(sql);
}

static int64_t count(struct store *st, const char *sql)
{
	struct error err = ERROR_INIT;
	int64_t n = -1;
	assert_true(store_query_int(st, sql, NULL, 0, 0, &n, &err));
	return n;
}

static enum user_login_result login(struct store *st, const char *name, const char *pw)
{
	struct error err = ERROR_INIT;
	enum user_login_result r;
	if (!user_login(st, name, pw, &r, NULL, &err))
		fail_msg("user_login: %s", err.msg);
	return r;
}

static double seconds_of_login(struct store *st, const char *name, const char *pw)
{
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(login(st, name, pw), USER_LOGIN_FAILED);
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static void a_password_round_trips_through_its_argon2id_hash(void **state)
{
	struct store *st = store_of(state);
	add(st, "anna", USER_EKONOM, NULL, 0);
	struct error err = ERROR_INIT;
	struct user u;
	enum user_login_result r;
	assert_true(user_login(st, "anna", PASSWORD, &r, &u, &err));
	assert_int_equal(r, USER_LOGIN_OK);
	assert_string_equal(u.name, "anna");
	assert_int_equal(u.role, USER_EKONOM);
	assert_string_equal(u.created, "2026-11-24T12:00:00Z");
	user_free(&u);
	/* The store holds an argon2id hash at the interactive limits, not the password. */
	assert_int_equal(count(st, "SELECT count(*) FROM app_user WHERE password_hash "
				   "LIKE '$argon2id$v=19$m=65536,t=2,p=1$%'"),
			 1);
	assert_int_equal(count(st, "SELECT count(*) FROM app_user WHERE instr(password_hash, "
				   "'batteri') > 0"),
			 0);
	assert_int_equal(count(st, "SELECT count(*) FROM login_attempt WHERE success = 1"), 1);
}

static void a_wrong_password_fails(void **state)
{
	struct store *st = store_of(state);
	add(st, "anna", USER_EKONOM, NULL, 0);
	struct error err = ERROR_INIT;
	struct user u;
	enum user_login_result r;
	assert_true(user_login(st, "anna", "korrekt häst batteri!", &r, &u, &err));
	assert_int_equal(r, USER_LOGIN_FAILED);
	assert_null(u.name);
	assert_int_equal(login(st, "anna", ""), USER_LOGIN_FAILED);
	assert_int_equal(count(st, "SELECT count(*) FROM login_attempt WHERE success = 0"), 2);
}

static void an_unknown_or_disabled_user_fails_like_a_wrong_password_and_as_slowly(void **state)
{
	struct store *st = store_of(state);
	add(st, "anna", USER_EKONOM, NULL, 0);
	add(st, "bo", USER_EKONOM, NULL, 0);
	struct error err = ERROR_INIT;
	assert_true(user_set_disabled(st, "bo", true, &err));
	assert_int_equal(login(st, "bo", PASSWORD), USER_LOGIN_FAILED);
	double wrong = seconds_of_login(st, "anna", "fel lösenord här");
	double unknown = seconds_of_login(st, "nisse", "fel lösenord här");
	double disabled = seconds_of_login(st, "bo", PASSWORD);
	/* Each runs argon2id once (tens of milliseconds); a lookup alone
	 * would take microseconds. */
	assert_true(unknown > wrong / 3);
	assert_true(disabled > wrong / 3);
	assert_true(user_set_disabled(st, "bo", false, &err));
	assert_int_equal(login(st, "bo", PASSWORD), USER_LOGIN_OK);
}

static void a_weak_password_is_refused_and_adds_nobody(void **state)
{
	struct store *st = store_of(state);
	struct error err = ERROR_INIT;
	struct user_new nu = { .name = "anna", .role = USER_LASARE, .password = "123456789" };
	assert_false(user_add(st, &nu, &err));
	assert_int_equal(err.code, ERR_INPUT);
	assert_string_equal(err.msg, "lösenordet är för kort: minst 10 tecken");
	error_clear(&err);
	assert_int_equal(count(st, "SELECT count(*) FROM app_user"), 0);
	/* Ten characters are enough, counted as characters, not bytes. */
	nu.password = "åäöåäöåäö";
	assert_false(user_add(st, &nu, &err));
	error_clear(&err);
	nu.password = "åäöåäöåäöx";
	assert_true(user_add(st, &nu, &err));
	assert_false(user_set_password(st, "anna", "kort", &err));
	assert_string_equal(err.msg, "lösenordet är för kort: minst 10 tecken");
	error_clear(&err);
	assert_int_equal(login(st, "anna", "åäöåäöåäöx"), USER_LOGIN_OK);
}

static void names_are_unique_whatever_their_case_and_well_formed(void **state)
{
	struct store *st = store_of(state);
	add(st, "Anna.Berg", USER_EKONOM, NULL, 0);
	struct error err = ERROR_INIT;
	struct user_new nu = { .name = "anna.berg", .role = USER_LASARE, .password = PASSWORD };
	assert_false(user_add(st, &nu, &err));
	assert_string_equal(err.msg, "det finns redan en användare som heter anna.berg");
	error_clear(&err);
	const char *bad[] = { "", "anna berg", "åsa", "a/b",
			      "a2345678901234567890123456789012345678901234567890123456789012345" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		nu.name = bad[i];
		assert_false(user_add(st, &nu, &err));
		assert_non_null(strstr(err.msg, "duger inte som användarnamn"));
		error_clear(&err);
	}
	assert_true(user_name_valid("a_b-c.9"));
	assert_int_equal(count(st, "SELECT count(*) FROM app_user"), 1);
	/* The login is found whatever its case. */
	struct user u;
	bool found;
	assert_true(user_get(st, "ANNA.BERG", &u, &found, &err));
	assert_true(found);
	assert_string_equal(u.name, "Anna.Berg");
	user_free(&u);
	assert_int_equal(login(st, "anna.BERG", PASSWORD), USER_LOGIN_OK);
}

static void logins_are_throttled_after_five_failures_until_fifteen_minutes_pass(void **state)
{
	struct store *st = store_of(state);
	add(st, "anna", USER_EKONOM, NULL, 0);
	add(st, "bo", USER_EKONOM, NULL, 0);
	at("2026-11-24T12:00:00Z");
	for (int i = 0; i < USER_THROTTLE_FAILURES; i++)
		assert_int_equal(login(st, "anna", "fel lösenord här"), USER_LOGIN_FAILED);
	/* Even the right password is not tried now, and the name's case does not help. */
	assert_int_equal(login(st, "anna", PASSWORD), USER_LOGIN_THROTTLED);
	assert_int_equal(login(st, "ANNA", PASSWORD), USER_LOGIN_THROTTLED);
	/* Another name is not affected. */
	assert_int_equal(login(st, "bo", PASSWORD), USER_LOGIN_OK);
	at("2026-11-24T12:14:59Z");
	assert_int_equal(login(st, "anna", PASSWORD), USER_LOGIN_THROTTLED);
	at("2026-11-24T12:15:00Z");
	assert_int_equal(login(st, "anna", PASSWORD), USER_LOGIN_OK);
	/* Unknown names are throttled alike. */
	for (int i = 0; i < USER_THROTTLE_FAILURES; i++)
		assert_int_equal(login(st, "nisse", "fel lösenord här"), USER_LOGIN_FAILED);
	assert_int_equal(login(st, "nisse", "fel lösenord här"), USER_LOGIN_THROTTLED);
	/* Attempts older than the window are pruned. */
	at("2026-11-24T13:00:00Z");
	assert_int_equal(login(st, "bo", PASSWORD), USER_LOGIN_OK);
	assert_int_equal(count(st, "SELECT count(*) FROM login_attempt"), 1);
}

static void a_success_clears_the_failures_before_it(void **state)
{
	struct store *st = store_of(state);
	add(st, "anna", USER_EKONOM, NULL, 0);
	for (int i = 0; i < USER_THROTTLE_FAILURES - 1; i++)
		assert_int_equal(login(st, "anna", "fel lösenord här"), USER_LOGIN_FAILED);
	assert_int_equal(login(st, "anna", PASSWORD), USER_LOGIN_OK);
	for (int i = 0; i < USER_THROTTLE_FAILURES - 1; i++)
		assert_int_equal(login(st, "anna", "fel lösenord här"), USER_LOGIN_FAILED);
	assert_int_equal(login(st, "anna", PASSWORD), USER_LOGIN_OK);
}

static int64_t anna_id(struct store *st)
{
	return count(st, "SELECT id FROM app_user WHERE name = 'anna'");
}

static bool alive(struct store *st, const char *token, char *csrf)
{
	struct error err = ERROR_INIT;
	bool found;
	struct user u;
	if (!user_session_lookup(st, token, &u, csrf, &found, &err))
		fail_msg("lookup: %s", err.msg);
	if (found) {
		assert_string_equal(u.name, "anna");
		user_free(&u);
	}
	return found;
}

static void sessions_expire_after_thirty_idle_minutes_and_are_touched_by_use(void **state)
{
	struct store *st = store_of(state);
	add(st, "anna", USER_EKONOM, NULL, 0);
	struct error err = ERROR_INIT;
	struct user_session s;
	assert_true(user_session_create(st, anna_id(st), &s, &err));
	assert_int_equal(strlen(s.token), USER_TOKEN_CHARS);
	assert_int_equal(strlen(s.csrf), USER_TOKEN_CHARS);
	assert_string_not_equal(s.token, s.csrf);
	/* The store keeps only the token's hash. */
	char *sql = xasprintf("SELECT count(*) FROM web_session WHERE token_hash = '%s'", s.token);
	assert_int_equal(count(st, sql), 0);
	free(sql);
	assert_int_equal(count(st, "SELECT count(*) FROM web_session WHERE length(token_hash) = 64"),
			 1);

	char csrf[USER_TOKEN_CHARS + 1] = "";
	at("2026-11-24T12:29:59Z");
	assert_true(alive(st, s.token, csrf));
	assert_string_equal(csrf, s.csrf);
	/* Used at 12:29:59, it lives to 12:59:59. */
	at("2026-11-24T12:59:58Z");
	assert_true(alive(st, s.token, NULL));
	/* A use within a minute of the last touch does not write: the
	 * session still dies at 13:29:58, not at 13:30:40. */
	at("2026-11-24T13:00:40Z");
	assert_true(alive(st, s.token, NULL));
	at("2026-11-24T13:29:58Z");
	assert_false(alive(st, s.token, NULL));
	assert_int_equal(count(st, "SELECT count(*) FROM web_session"), 0);
	/* Neither a stranger's token nor garbage finds anything. */
	struct user_session other;
	assert_true(user_session_create(st, anna_id(st), &other, &err));
	char forged[USER_TOKEN_CHARS + 1];
	memcpy(forged, other.token, sizeof forged);
	forged[0] = forged[0] == 'A' ? 'B' : 'A';
	assert_false(alive(st, forged, NULL));
	assert_false(alive(st, "", NULL));
	assert_false(alive(st, "'; DROP TABLE app_user; --", NULL));
	assert_true(alive(st, other.token, NULL));
}

static void sessions_end_when_destroyed_with_a_new_password_or_when_disabled(void **state)
{
	struct store *st = store_of(state);
	add(st, "anna", USER_EKONOM, NULL, 0);
	add(st, "bo", USER_EKONOM, NULL, 0);
	struct error err = ERROR_INIT;
	struct user_session a, b, c, bo;
	int64_t id = anna_id(st);
	assert_true(user_session_create(st, id, &a, &err));
	assert_true(user_session_create(st, id, &b, &err));
	assert_true(user_session_create(st, count(st, "SELECT id FROM app_user WHERE name = 'bo'"),
					&bo, &err));
	assert_true(user_session_destroy(st, a.token, &err));
	assert_false(alive(st, a.token, NULL));
	assert_true(alive(st, b.token, NULL));
	assert_true(user_session_destroy_all(st, id, &err));
	assert_false(alive(st, b.token, NULL));
	assert_true(user_session_create(st, id, &c, &err));
	assert_true(user_set_password(st, "anna", "ett nytt lösenord", &err));
	assert_false(alive(st, c.token, NULL));
	assert_int_equal(login(st, "anna", PASSWORD), USER_LOGIN_FAILED);
	assert_int_equal(login(st, "anna", "ett nytt lösenord"), USER_LOGIN_OK);
	assert_true(user_session_create(st, id, &c, &err));
	assert_true(user_set_disabled(st, "anna", true, &err));
	assert_false(alive(st, c.token, NULL));
	/* Bo's session lived through all of it. */
	assert_int_equal(count(st, "SELECT count(*) FROM web_session"), 1);
}

static void the_role_table_gives_each_role_its_rights(void **state)
{
	(void)state;
	/* Rows: admin, ekonom, insatsägare, läsare; columns the actions in
	 * their order. A all, O own interventions, - nothing. */
	static const char *const want[USER_ROLE_COUNT] = {
		"AAAAAAAAAAA",
		"AAAAAAAAAA-",
		"------OO---",
		"A-----A--A-",
	};
	for (int r = 0; r < USER_ROLE_COUNT; r++)
		for (int a = 0; a < USER_ACTION_COUNT; a++) {
			enum user_scope s = user_scope((enum user_role)r, (enum user_action)a);
			char got = s == USER_ALL ? 'A' : s == USER_ASSIGNED ? 'O' : '-';
			if (got != want[r][a])
				fail_msg("%s may %s: %c, want %c", user_role_name((enum user_role)r),
					 user_action_name((enum user_action)a), got, want[r][a]);
			assert_int_equal(user_may((enum user_role)r, (enum user_action)a),
					 want[r][a] != '-');
		}
	assert_int_equal(strlen(want[0]), USER_ACTION_COUNT);
	enum user_role role;
	assert_true(user_role_parse("insatsägare", &role));
	assert_int_equal(role, USER_INSATSAGARE);
	assert_true(user_role_parse("lasare", &role));
	assert_int_equal(role, USER_LASARE);
	assert_false(user_role_parse("Admin", &role));
	assert_false(user_scope(USER_ROLE_COUNT, USER_READ));
}

static void an_insatsagare_sees_and_edits_only_its_interventions(void **state)
{
	struct store *st = store_of(state);
	add_intervention(st, "CTO");
	add_intervention(st, "MTL");
	add_intervention(st, "ATR");
	const char *codes[] = { "MTL", "CTO" };
	add(st, "cia", USER_INSATSAGARE, codes, 2);
	add(st, "eva", USER_EKONOM, NULL, 0);
	add(st, "lars", USER_LASARE, NULL, 0);
	struct error err = ERROR_INIT;
	struct user u;
	bool found;
	assert_true(user_get(st, "cia", &u, &found, &err));
	assert_int_equal(u.ninterventions, 2);
	assert_string_equal(u.interventions[0], "CTO");
	assert_string_equal(u.interventions[1], "MTL");
	assert_true(user_may_intervention(&u, USER_WRITE_FOLLOWUP, "CTO"));
	assert_true(user_may_intervention(&u, USER_READ_FOLLOWUP, "MTL"));
	assert_false(user_may_intervention(&u, USER_READ_FOLLOWUP, "ATR"));
	assert_false(user_may_intervention(&u, USER_WRITE_BUDGET, "CTO"));
	user_free(&u);

	assert_true(user_assign(st, "cia", "ATR", &err));
	assert_true(user_unassign(st, "cia", "CTO", &err));
	assert_true(user_get(st, "cia", &u, &found, &err));
	assert_true(user_may_intervention(&u, USER_WRITE_FOLLOWUP, "ATR"));
	assert_false(user_may_intervention(&u, USER_WRITE_FOLLOWUP, "CTO"));
	user_free(&u);

	assert_true(user_get(st, "eva", &u, &found, &err));
	assert_true(user_may_intervention(&u, USER_WRITE_FOLLOWUP, "CTO"));
	user_free(&u);
	assert_true(user_get(st, "lars", &u, &found, &err));
	assert_true(user_may_intervention(&u, USER_READ_FOLLOWUP, "CTO"));
	assert_false(user_may_intervention(&u, USER_WRITE_FOLLOWUP, "CTO"));
	user_free(&u);

	/* Refusals. */
	assert_false(user_assign(st, "cia", "XYZ", &err));
	assert_string_equal(err.msg, "XYZ är ingen registrerad insats (se finsam interventions)");
	error_clear(&err);
	assert_false(user_assign(st, "eva", "CTO", &err));
	assert_non_null(strstr(err.msg, "bara en insatsägare tilldelas insatser"));
	error_clear(&err);
	assert_false(user_unassign(st, "cia", "CTO", &err));
	assert_string_equal(err.msg, "cia har inte insatsen CTO");
	error_clear(&err);
	const char *bad[] = { "CTO", "NOPE" };
	struct user_new nu = { .name = "dan", .role = USER_INSATSAGARE, .password = PASSWORD,
			       .interventions = bad, .ninterventions = 2 };
	assert_false(user_add(st, &nu, &err));
	error_clear(&err);
	assert_int_equal(count(st, "SELECT count(*) FROM app_user WHERE name = 'dan'"), 0);

	/* An intervention removed takes its assignments along; a user who
	 * stops being insatsägare loses the rest. */
	assert_true(store_exec(st, "DELETE FROM intervention WHERE code = 'ATR'", &err));
	assert_int_equal(count(st, "SELECT count(*) FROM user_intervention"), 1);
	assert_true(user_set_role(st, "cia", USER_LASARE, &err));
	assert_int_equal(count(st, "SELECT count(*) FROM user_intervention"), 0);
}

static void removing_a_user_removes_its_sessions_and_assignments(void **state)
{
	struct store *st = store_of(state);
	add_intervention(st, "CTO");
	const char *codes[] = { "CTO" };
	add(st, "anna", USER_INSATSAGARE, codes, 1);
	add(st, "bo", USER_INSATSAGARE, codes, 1);
	struct error err = ERROR_INIT;
	struct user_session s;
	assert_true(user_session_create(st, anna_id(st), &s, &err));
	assert_true(change_log_add(st, "anna", "deltagare/CTO/2023", "3", "4", &err));
	assert_true(user_remove(st, "ANNA", &err));
	assert_int_equal(count(st, "SELECT count(*) FROM app_user"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM web_session"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM user_intervention"), 1);
	/* The log keeps who did what. */
	assert_int_equal(count(st, "SELECT count(*) FROM change_log WHERE user_name = 'anna'"), 1);
	assert_false(user_remove(st, "anna", &err));
	assert_string_equal(err.msg, "det finns ingen användare som heter anna");
	error_clear(&err);
}

static void the_last_admin_stays(void **state)
{
	struct store *st = store_of(state);
	add(st, "anna", USER_ADMIN, NULL, 0);
	add(st, "bo", USER_LASARE, NULL, 0);
	struct error err = ERROR_INIT;
	assert_false(user_remove(st, "anna", &err));
	assert_string_equal(err.msg, "anna är den sista administratören och kan inte tas bort; "
				     "ge först någon annan rollen admin");
	error_clear(&err);
	assert_false(user_set_role(st, "anna", USER_EKONOM, &err));
	error_clear(&err);
	assert_false(user_set_disabled(st, "anna", true, &err));
	error_clear(&err);
	assert_true(user_set_role(st, "bo", USER_ADMIN, &err));
	assert_true(user_set_role(st, "anna", USER_EKONOM, &err));
	assert_true(user_remove(st, "anna", &err));
	/* The only user may go: then no one is left to lock out. */
	assert_true(user_remove(st, "bo", &err));
	assert_int_equal(count(st, "SELECT count(*) FROM app_user"), 0);
}

static void the_change_log_keeps_who_when_what_and_the_values(void **state)
{
	struct store *st = store_of(state);
	struct error err = ERROR_INIT;
	at("2026-11-24T12:00:00Z");
	assert_true(change_log_add(st, "anna", "budget/2023/Coachingteam Örebro", "100000",
				   "120000", &err));
	at("2026-11-24T12:05:00Z");
	assert_true(change_log_add(st, "bo", "mål/Arbete/2", NULL, "Fler i arbete", &err));
	at("2026-11-24T12:10:00Z");
	assert_true(change_log_add(st, "cia", "deltagare/CTO/2023H1", "12", NULL, &err));
	struct change_list l;
	assert_true(change_log_list(st, 0, &l, &err));
	assert_int_equal(l.n, 3);
	assert_string_equal(l.c[0].time, "2026-11-24T12:00:00Z");
	assert_string_equal(l.c[0].user_name, "anna");
	assert_string_equal(l.c[0].what, "budget/2023/Coachingteam Örebro");
	assert_string_equal(l.c[0].old_value, "100000");
	assert_string_equal(l.c[0].new_value, "120000");
	assert_null(l.c[1].old_value);
	assert_null(l.c[2].new_value);
	change_list_free(&l);
	assert_true(change_log_list(st, 2, &l, &err));
	assert_int_equal(l.n, 2);
	assert_string_equal(l.c[0].user_name, "bo");
	assert_string_equal(l.c[1].user_name, "cia");
	change_list_free(&l);
}

static void a_clock_that_is_no_time_is_an_error(void **state)
{
	struct store *st = store_of(state);
	struct error err = ERROR_INIT;
	at("i morgon");
	assert_false(change_log_add(st, "anna", "x", "1", "2", &err));
	assert_int_equal(err.code, ERR_INTERNAL);
	assert_non_null(strstr(err.msg, "\"i morgon\""));
	error_clear(&err);
	assert_int_equal(count(st, "SELECT count(*) FROM change_log"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, store_fixture_teardown)
		T(a_password_round_trips_through_its_argon2id_hash),
		T(a_wrong_password_fails),
		T(an_unknown_or_disabled_user_fails_like_a_wrong_password_and_as_slowly),
		T(a_weak_password_is_refused_and_adds_nobody),
		T(names_are_unique_whatever_their_case_and_well_formed),
		T(logins_are_throttled_after_five_failures_until_fifteen_minutes_pass),
		T(a_success_clears_the_failures_before_it),
		T(sessions_expire_after_thirty_idle_minutes_and_are_touched_by_use),
		T(sessions_end_when_destroyed_with_a_new_password_or_when_disabled),
		T(the_role_table_gives_each_role_its_rights),
		T(an_insatsagare_sees_and_edits_only_its_interventions),
		T(removing_a_user_removes_its_sessions_and_assignments),
		T(the_last_admin_stays),
		T(the_change_log_keeps_who_when_what_and_the_values),
		T(a_clock_that_is_no_time_is_an_error),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
