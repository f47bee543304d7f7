/*
 * auth — logging in and out.
 *
 * The login form is protected against cross-site submission by a double
 * submit: GET /logga-in sets a random finsam_login cookie and puts the
 * same value in the form; POST /logga-in must bring both. A successful
 * login starts a new session (a new token: no fixation) in the
 * finsam_session cookie. Failed logins are throttled per name (users.c)
 * and per client address (app.c).
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xalloc.h"
#include "web/html.h"
#include "web/pages.h"

#define LOGIN_COOKIE "finsam_login"
#define SESSION_COOKIE "finsam_session"

/* A redirect target after login: a path of ours, nothing else. No
 * control character may pass (a browser drops a tab, so "/<TAB>/x"
 * would become "//x", another site), nor a backslash or "//" at the
 * start. */
static const char *safe_target(const char *till)
{
	if (!till || till[0] != '/' || till[1] == '/' || strlen(till) > 512)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)till; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return NULL;
	return till;
}

static void home_of(struct web_ctx *c, const struct user *u, const char *till)
{
	const char *target = safe_target(till);
	if (!target)
		target = u->role == USER_INSATSAGARE ? "/insatser" : "/";
	web_redirect(c->rs, c->base, target);
}

static void login_form(struct web_ctx *c, const char *name, const char *message)
{
	char token[USER_TOKEN_CHARS + 1];
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, sizeof token, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	web_cookie(c->rs, c->base, c->rq->secure, LOGIN_COOKIE, token, -1);
	memcpy(c->csrf, token, sizeof token);

	struct buf *b = &c->rs->body;
	page_begin(c, "Logga in", NULL);
	if (message)
		page_message(c, "fel", message);
	page_form_begin(c, "/logga-in", "class=\"inloggning\"");
	const char *till = safe_target(web_query(c->rq, "till"));
	if (!till)
		till = safe_target(web_form(c->rq, "till"));
	if (till) {
		buf_puts(b, "<input type=\"hidden\" name=\"till\" value=\"");
		html_esc(b, till);
		buf_puts(b, "\">");
	}
	buf_puts(b, "\n<label for=\"namn\">Användarnamn</label>\n"
		    "<input id=\"namn\" name=\"namn\" autocomplete=\"username\" required value=\"");
	html_esc(b, name ? name : "");
	buf_puts(b, "\">\n<label for=\"losenord\">Lösenord</label>\n"
		    "<input id=\"losenord\" name=\"losenord\" type=\"password\" "
		    "autocomplete=\"current-password\" required>\n"
		    "<button type=\"submit\">Logga in</button>\n</form>\n");
	page_end(c);
}

void page_login(struct web_ctx *c)
{
	if (c->logged_in) {
		home_of(c, &c->user, web_query(c->rq, "till"));
		return;
	}
	login_form(c, NULL, NULL);
}

void page_login_post(struct web_ctx *c)
{
	const char *form_token = web_form(c->rq, "csrf");
	const char *cookie = c->rq->login_cookie;
	if (!form_token || !cookie || strlen(cookie) != USER_TOKEN_CHARS ||
	    strlen(form_token) != USER_TOKEN_CHARS ||
	    sodium_memcmp(form_token, cookie, USER_TOKEN_CHARS) != 0) {
		c->rs->status = 403;
		login_form(c, NULL, "Inloggningsformuläret har gått ut. Försök igen.");
		return;
	}
	const char *name = web_form(c->rq, "namn");
	const char *password = web_form(c->rq, "losenord");
	int64_t now = (int64_t)time(NULL);
	if (!web_ip_attempt(c->app, c->rq->remote, now)) {
		c->rs->status = 429;
		login_form(c, name, "För många misslyckade inloggningar från din adress. "
				    "Vänta en kvart och försök igen.");
		return;
	}
	struct error err = ERROR_INIT;
	enum user_login_result result = USER_LOGIN_FAILED;
	struct user u;
	if (name && password && *name && *password &&
	    !user_login(c->st, name, password, &result, &u, &err)) {
		page_error(c, 500, "Internt fel", err.msg);
		error_clear(&err);
		return;
	}
	if (result == USER_LOGIN_THROTTLED) {
		c->rs->status = 429;
		login_form(c, name, "För många misslyckade inloggningar med det namnet. "
				    "Vänta en kvart och försök igen.");
		return;
	}
	if (result != USER_LOGIN_OK) {
		c->rs->status = 403;
		login_form(c, name, "Fel användarnamn eller lösenord.");
		return;
	}
	web_ip_forgive(c->app, c->rq->remote);
	struct user_session s;
	if (!user_session_create(c->st, u.id, &s, &err)) {
		page_error(c, 500, "Internt fel", err.msg);
		error_clear(&err);
		user_free(&u);
		return;
	}
	web_cookie(c->rs, c->base, c->rq->secure, SESSION_COOKIE, s.token, -1);
	web_cookie(c->rs, c->base, c->rq->secure, LOGIN_COOKIE, "", 0);
	free(c->rs->user_name);
	c->rs->user_name = xstrdup(u.name);
	home_of(c, &u, web_form(c->rq, "till"));
	sodium_memzero(&s, sizeof s);
	user_free(&u);
}

void page_logout_post(struct web_ctx *c)
{
	struct error err = ERROR_INIT;
	if (!user_session_destroy(c->st, c->rq->session_cookie, &err)) {
		page_error(c, 500, "Internt fel", err.msg);
		error_clear(&err);
		return;
	}
	web_cookie(c->rs, c->base, c->rq->secure, SESSION_COOKIE, "", 0);
	web_redirect(c->rs, c->base, "/logga-in");
}
