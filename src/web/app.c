/*
 * app — routing, identification, rights and CSRF before any page runs
 * (app.h).
 */
#include "web/app.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "web/html.h"

void web_app_init(struct web_app *app, const struct web_config *cfg)
{
	memset(app, 0, sizeof *app);
	app->cfg = *cfg;
	pthread_mutex_init(&app->throttle.mu, NULL);
	web_charts_init(&app->charts);
}

void web_app_free(struct web_app *app)
{
	pthread_mutex_destroy(&app->throttle.mu);
	web_charts_free(&app->charts);
}

/* Whether path matches pattern; the segments under '*' go to c->arg. */
static bool route_match(const char *pattern, const char *path, struct web_ctx *c,
			char segs[][128])
{
	size_t narg = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '*') {
			size_t len = strcspn(s, "/");
			if (!len || len >= 128 || narg == 3)
				return false;
			memcpy(segs[narg], s, len);
			segs[narg][len] = '\0';
			narg++;
			s += len;
			p++;
		} else if (*p++ != *s++) {
			return false;
		}
	}
	if (*p || *s)
		return false;
	for (size_t i = 0; i < narg; i++)
		c->arg[i] = segs[i];
	c->narg = narg;
	return true;
}

bool web_may(const struct web_ctx *c, enum user_action a)
{
	return c->logged_in && !c->user.disabled && user_may(c->user.role, a);
}

bool web_may_intervention(const struct web_ctx *c, enum user_action a, const char *code)
{
	return c->logged_in && user_may_intervention(&c->user, a, code);
}

bool web_log_change(struct web_ctx *c, const char *what, const char *old_value,
		    const char *new_value, struct error *err)
{
	return change_log_add(c->st, c->user.name, what, old_value, new_value, err);
}

static bool same_token(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t n = strlen(a);
	return n == USER_TOKEN_CHARS && strlen(b) == n && sodium_memcmp(a, b, n) == 0;
}

/* Identify the user from the session cookie; false on a fault of the store. */
static bool identify(struct web_ctx *c, struct error *err)
{
	if (!c->rq->session_cookie)
		return true;
	bool found = false;
	if (!user_session_lookup(c->st, c->rq->session_cookie, &c->user, c->csrf, &found, err))
		return false;
	c->logged_in = found;
	if (found)
		c->rs->user_name = xstrdup(c->user.name);
	return true;
}

static bool safe_method(const char *m)
{
	return !strcmp(m, "GET") || !strcmp(m, "HEAD");
}

/* The route for the request: *route NULL and *path_known tell 404 from 405. */
static const struct web_route *find_route(struct web_ctx *c, char segs[][128], bool *path_known)
{
	*path_known = false;
	bool get = safe_method(c->rq->method);
	for (const struct web_route *r = web_routes; r->pattern; r++) {
		if (!route_match(r->pattern, c->rq->path, c, segs))
			continue;
		*path_known = true;
		if (get ? !strcmp(r->method, "GET") : !strcmp(r->method, c->rq->method))
			return r;
	}
	c->narg = 0;
	return NULL;
}

static void send_to_login(struct web_ctx *c)
{
	struct buf loc = BUF_INIT(0);
	buf_puts(&loc, "/logga-in");
	if (strcmp(c->rq->path, "/")) {
		buf_puts(&loc, "?till=");
		html_url(&loc, c->rq->path);
	}
	web_redirect(c->rs, c->base, buf_cstr(&loc));
	buf_free(&loc);
}

static void allow_header(struct web_ctx *c)
{
	bool get = false, post = false;
	char segs[3][128];
	for (const struct web_route *r = web_routes; r->pattern; r++) {
		if (!route_match(r->pattern, c->rq->path, c, segs))
			continue;
		get |= !strcmp(r->method, "GET");
		post |= !strcmp(r->method, "POST");
	}
	c->narg = 0;
	web_header(c->rs, "Allow", get && post ? "GET, HEAD, POST" : get ? "GET, HEAD" : "POST");
}

static bool store_state(struct store *st, int64_t *version, int64_t *changes)
{
	struct error err = ERROR_INIT;
	bool ok = store_query_int(st, "PRAGMA data_version", NULL, 0, 0, version, &err);
	error_clear(&err);
	*changes = (int64_t)sqlite3_total_changes64(st->db);
	return ok;
}

bool web_cache_fresh(struct store *st, const struct web_cache *cache)
{
	int64_t version, changes;
	return store_state(st, &version, &changes) && version == cache->data_version &&
	       changes == cache->own_changes;
}

void web_cache_stamp(struct store *st, struct web_cache *cache)
{
	if (!store_state(st, &cache->data_version, &cache->own_changes))
		cache->data_version = -1;
}

void web_cache_free(struct web_cache *cache)
{
	free(cache->overview);
	cache->overview = NULL;
}

void web_handle(struct web_app *app, struct store *st, struct web_cache *cache,
		const struct web_request *rq, struct web_response *rs)
{
	struct web_ctx c = { .app = app, .st = st, .cache = cache, .rq = rq, .rs = rs,
			     .base = app->cfg.base_path };
	struct error err = ERROR_INIT;
	char segs[3][128];
	if (!identify(&c, &err)) {
		page_error(&c, 500, "Internt fel", err.msg);
		goto out;
	}
	bool path_known;
	const struct web_route *r = find_route(&c, segs, &path_known);
	if (!r) {
		if (path_known) {
			allow_header(&c);
			page_error(&c, 405, "Fel metod", "Sidan tar inte emot den sortens anrop.");
		} else {
			page_error(&c, 404, "Sidan finns inte", "Det finns ingen sida med den adressen.");
		}
		goto out;
	}
	if (!r->public) {
		if (!c.logged_in) {
			if (safe_method(rq->method))
				send_to_login(&c);
			else
				page_error(&c, 403, "Inte inloggad",
					   "Du är inte inloggad (eller har varit borta för länge). "
					   "Logga in och försök igen; inget har ändrats.");
			goto out;
		}
		if (!safe_method(rq->method) &&
		    !same_token(rq->csrf_header ? rq->csrf_header : web_form(rq, "csrf"), c.csrf)) {
			page_error(&c, 403, "Formuläret har gått ut",
				   "Formuläret saknar eller har fel kontrollkod (CSRF). Ladda om sidan "
				   "och försök igen; inget har ändrats.");
			goto out;
		}
		bool allowed = r->intervention_arg
				       ? web_may_intervention(&c, r->action, c.arg[0])
				       : web_may(&c, r->action);
		if (!allowed) {
			page_error(&c, 403, "Ingen behörighet",
				   "Din roll får inte göra det här. Fråga förbundets administratör.");
			goto out;
		}
	}
	r->page(&c);
out:
	error_clear(&err);
	if (c.logged_in)
		user_free(&c.user);
}

/* The slot of addr, a fresh one (the least recently started window) when
 * it has none or its window has passed; the lock is held. */
static size_t ip_slot(struct web_ip_throttle *t, const char *addr, int64_t now)
{
	size_t pick = 0;
	for (size_t i = 0; i < WEB_IP_THROTTLE_SLOTS; i++) {
		if (!strcmp(t->slot[i].addr, addr)) {
			pick = i;
			break;
		}
		if (t->slot[i].window_start < t->slot[pick].window_start)
			pick = i;
	}
	if (strcmp(t->slot[pick].addr, addr) ||
	    now - t->slot[pick].window_start >= WEB_IP_THROTTLE_WINDOW) {
		snprintf(t->slot[pick].addr, sizeof t->slot[pick].addr, "%s", addr);
		t->slot[pick].window_start = now;
		t->slot[pick].failures = 0;
	}
	return pick;
}

bool web_ip_attempt(struct web_app *app, const char *addr, int64_t now)
{
	struct web_ip_throttle *t = &app->throttle;
	pthread_mutex_lock(&t->mu);
	size_t i = ip_slot(t, addr, now);
	bool ok = t->slot[i].failures < WEB_IP_THROTTLE_FAILURES;
	if (ok)
		t->slot[i].failures++;
	pthread_mutex_unlock(&t->mu);
	return ok;
}

void web_ip_forgive(struct web_app *app, const char *addr)
{
	struct web_ip_throttle *t = &app->throttle;
	pthread_mutex_lock(&t->mu);
	for (size_t i = 0; i < WEB_IP_THROTTLE_SLOTS; i++)
		if (!strcmp(t->slot[i].addr, addr) && t->slot[i].failures > 0)
			t->slot[i].failures--;
	pthread_mutex_unlock(&t->mu);
}
