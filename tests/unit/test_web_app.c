/*
 * Unit tests of the web application without a socket (web/app.c,
 * html.c, http.c): escaping, cookies, the routing and its refusals, the
 * per-address login throttle, and the cache that follows the store.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/app.h"
#include "web/html.h"

static struct store *store_of(void **state)
{
	return &((struct store_fixture *)*state)->st;
}

static void html_escapes_markup_quotes_and_nul(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(0);
	html_escn(&b, "<a href=\"x\" title='y'>&amp;</a>\0z", 33);
	assert_string_equal(buf_cstr(&b), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;"
					  "&lt;/a&gt;\xef\xbf\xbdz");
	buf_reset(&b);
	html_esc(&b, "Örebro 1 200");
	assert_string_equal(buf_cstr(&b), "Örebro 1 200");
	buf_reset(&b);
	html_url(&b, "/a b?c=ö&d");
	assert_string_equal(buf_cstr(&b), "%2Fa%20b%3Fc%3D%C3%B6%26d");
	buf_free(&b);
}

static void amounts_print_with_no_break_groups_and_a_real_minus(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(0);
	html_kr(&b, -123456750); /* −1 234 567,50 kr, rounded half away from zero */
	assert_string_equal(buf_cstr(&b), "\u22121\u00a0234\u00a0568");
	buf_reset(&b);
	html_money(&b, 5);
	assert_string_equal(buf_cstr(&b), "0,05");
	buf_free(&b);
}

static void cookies_are_found_by_exact_name_and_bounded(void **state)
{
	(void)state;
	char v[8];
	assert_true(web_cookie_value("a=1; finsam_session=abc; b=2", "finsam_session", v, sizeof v));
	assert_string_equal(v, "abc");
	assert_false(web_cookie_value("xfinsam_session=abc", "finsam_session", v, sizeof v));
	assert_false(web_cookie_value("finsam_session=0123456789", "finsam_session", v, sizeof v));
	assert_false(web_cookie_value("", "finsam_session", v, sizeof v));
	assert_true(web_cookie_value("b=2;finsam_session=", "finsam_session", v, sizeof v));
	assert_string_equal(v, "");
}

/* Run one request through web_handle. */
static void handle(struct store *st, const char *method, const char *path, const char *csrf,
		   struct web_response *rs)
{
	struct web_app app;
	const struct web_config cfg = { .base_path = "" };
	web_app_init(&app, &cfg);
	struct web_request rq = { .method = method, .path = path, .remote = "192.0.2.1" };
	if (csrf)
		web_fields_add(&rq.form, "csrf", csrf, strlen(csrf), NULL);
	web_response_init(rs);
	web_handle(&app, st, NULL, &rq, rs);
	web_fields_free(&rq.form);
	web_app_free(&app);
}

static const char *header(const struct web_response *rs, const char *name)
{
	for (size_t i = 0; i < rs->nheaders; i++)
		if (!strcmp(rs->headers[i][0], name))
			return rs->headers[i][1];
	return NULL;
}

static void routes_refuse_strangers_unknown_paths_and_wrong_methods(void **state)
{
	struct store *st = store_of(state);
	struct web_response rs;
	handle(st, "GET", "/bokforing/konto/1930", NULL, &rs);
	assert_int_equal(rs.status, 303);
	assert_string_equal(header(&rs, "Location"), "/logga-in?till=%2Fbokforing%2Fkonto%2F1930");
	web_response_free(&rs);

	handle(st, "POST", "/bokforing/import", "x", &rs);
	assert_int_equal(rs.status, 403);
	assert_non_null(strstr(buf_cstr(&rs.body), "Du är inte inloggad"));
	web_response_free(&rs);

	handle(st, "GET", "/finns/inte", NULL, &rs);
	assert_int_equal(rs.status, 404);
	web_response_free(&rs);

	handle(st, "GET", "/bokforing/konto/", NULL, &rs); /* an empty segment matches nothing */
	assert_int_equal(rs.status, 404);
	web_response_free(&rs);

	handle(st, "PUT", "/bokforing", NULL, &rs);
	assert_int_equal(rs.status, 405);
	assert_string_equal(header(&rs, "Allow"), "GET, HEAD");
	web_response_free(&rs);

	/* The login page is public; HEAD is answered like GET. */
	handle(st, "HEAD", "/logga-in", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(header(&rs, "Set-Cookie"));
	web_response_free(&rs);
}

static void an_address_is_throttled_after_twenty_failures_for_a_quarter(void **state)
{
	(void)state;
	struct web_app app;
	const struct web_config cfg = { .base_path = "" };
	web_app_init(&app, &cfg);
	/* A success is forgiven: it does not count. */
	assert_true(web_ip_attempt(&app, "192.0.2.7", 999));
	web_ip_forgive(&app, "192.0.2.7");
	for (int i = 0; i < WEB_IP_THROTTLE_FAILURES; i++)
		assert_true(web_ip_attempt(&app, "192.0.2.7", 1000 + i));
	assert_false(web_ip_attempt(&app, "192.0.2.7", 1100));
	assert_true(web_ip_attempt(&app, "192.0.2.8", 1100));
	/* The window is counted from the first attempt. */
	assert_false(web_ip_attempt(&app, "192.0.2.7", 999 + WEB_IP_THROTTLE_WINDOW - 1));
	assert_true(web_ip_attempt(&app, "192.0.2.7", 999 + WEB_IP_THROTTLE_WINDOW));
	/* Many addresses cannot push the memory past its slots, and the
	 * address longest in its window is the one forgotten. */
	char addr[32];
	for (int i = 0; i < 3 * WEB_IP_THROTTLE_SLOTS; i++) {
		snprintf(addr, sizeof addr, "198.51.100.%d", i);
		assert_true(web_ip_attempt(&app, addr, 5000 + i));
	}
	web_app_free(&app);
}

static void the_cache_goes_stale_when_any_connection_changes_the_store(void **state)
{
	struct store *st = store_of(state);
	struct error err = ERROR_INIT;
	struct web_cache cache = { 0 };
	web_cache_stamp(st, &cache);
	assert_true(web_cache_fresh(st, &cache));
	/* A change through this connection. */
	assert_true(store_exec(st, "INSERT OR REPLACE INTO org (id, name) VALUES (1, 'A')", &err));
	assert_false(web_cache_fresh(st, &cache));
	web_cache_stamp(st, &cache);
	assert_true(web_cache_fresh(st, &cache));
	/* A change through another connection (another process, the CLI). */
	struct store other;
	assert_true(store_open(&other, st->path, STORE_EXISTING, &err));
	assert_true(store_exec(&other, "INSERT OR REPLACE INTO org (id, name) VALUES (1, 'B')", &err));
	store_close(&other);
	assert_false(web_cache_fresh(st, &cache));
	web_cache_free(&cache);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(html_escapes_markup_quotes_and_nul),
		cmocka_unit_test(amounts_print_with_no_break_groups_and_a_real_minus),
		cmocka_unit_test(cookies_are_found_by_exact_name_and_bounded),
		cmocka_unit_test_setup_teardown(routes_refuse_strangers_unknown_paths_and_wrong_methods,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test(an_address_is_throttled_after_twenty_failures_for_a_quarter),
		cmocka_unit_test_setup_teardown(the_cache_goes_stale_when_any_connection_changes_the_store,
						store_fixture_setup, store_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
