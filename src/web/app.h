/*
 * app — the web application without the server: a request, the store and
 * the logged-in user in, a response out.
 *
 * web_handle finds the route (routes.c), identifies the user by the
 * session cookie, refuses what the user's role may not do (users.h's
 * table, named per route), checks the CSRF token of every POST, and only
 * then calls the page. A page therefore never checks rights itself,
 * except per intervention on routes that take no intervention code in
 * the path (it uses web_may_intervention).
 */
#ifndef FINSAM_WEB_APP_H
#define FINSAM_WEB_APP_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "web/charts.h"
#include "util/date.h"
#include "web/http.h"
#include "web/users.h"

#define WEB_IP_THROTTLE_FAILURES 20 /* failed logins per address ... */
#define WEB_IP_THROTTLE_WINDOW 900  /* ... within this many seconds */
#define WEB_IP_THROTTLE_SLOTS 256   /* addresses remembered at once */

struct web_config {
	const char *base_path; /* "" or "/finsam": where the proxy mounts the application */
	bool proxy;            /* trust X-Forwarded-Proto and X-Forwarded-For */
};

/* Failed logins per client address, in memory (the store's throttle is
 * per name; this one stops one address trying many names). */
struct web_ip_throttle {
	pthread_mutex_t mu;
	struct {
		char addr[48];
		int64_t window_start;
		int failures;
	} slot[WEB_IP_THROTTLE_SLOTS];
};

struct web_app {
	struct web_config cfg;
	struct web_ip_throttle throttle;
	struct web_charts charts;
};

#define WEB_CACHE_CHARTS 8 /* charts an overview may show */

/* What pages keep between requests on one store connection. Each server
 * thread has its own connection and cache, so there is no locking. An
 * entry is valid while the store has not changed since it was made
 * (web_cache_fresh). */
struct web_cache {
	int64_t data_version;   /* PRAGMA data_version: commits of other connections */
	int64_t own_changes;    /* sqlite3_total_changes64: changes of this one */
	char *overview;         /* the overview's sections, HTML; NULL: none */
	date_t overview_from, overview_to; /* its period */
	char overview_charts[WEB_CACHE_CHARTS][WEB_CHART_KEY + 1]; /* the charts it shows */
	size_t noverview_charts;
};

/* Whether what was cached after web_cache_stamp is still what the store
 * holds; false on a fault too (then nothing is trusted). */
bool web_cache_fresh(struct store *st, const struct web_cache *cache);
/* Remember the store's state as the cache's. */
void web_cache_stamp(struct store *st, struct web_cache *cache);
void web_cache_free(struct web_cache *cache);

/* What a page gets. */
struct web_ctx {
	struct web_app *app;
	struct store *st;
	struct web_cache *cache;  /* this connection's; may be NULL (no caching) */
	const struct web_request *rq;
	struct web_response *rs;
	const char *base;         /* the base path ("" or "/finsam") */
	bool logged_in;
	struct user user;         /* the user, when logged in */
	char csrf[USER_TOKEN_CHARS + 1]; /* the session's CSRF token */
	const char *arg[3];       /* the path segments the route's '*'s matched */
	size_t narg;
};

struct web_route {
	const char *method;       /* "GET" (HEAD too) or "POST" */
	const char *pattern;      /* a path; a star matches one segment ("/insatser/STAR") */
	bool public;              /* no login needed */
	enum user_action action;  /* what the role must be allowed (unless public) */
	bool intervention_arg;    /* arg[0] is an intervention code, checked per user */
	void (*page)(struct web_ctx *c);
};

/* The route table (routes.c), ending with a NULL pattern. */
extern const struct web_route web_routes[];

void web_app_init(struct web_app *app, const struct web_config *cfg);
void web_app_free(struct web_app *app);

/* Answer one request with the store st and its cache (may be NULL). */
void web_handle(struct web_app *app, struct store *st, struct web_cache *cache,
		const struct web_request *rq, struct web_response *rs);

/* Whether the logged-in user may do action a on the intervention `code`. */
bool web_may_intervention(const struct web_ctx *c, enum user_action a, const char *code);
/* Whether the logged-in user may do action a at all. */
bool web_may(const struct web_ctx *c, enum user_action a);

/* Write one change to the change log as the logged-in user; a failure is
 * returned (the page reports it and its transaction rolls back). */
bool web_log_change(struct web_ctx *c, const char *what, const char *old_value,
		    const char *new_value, struct error *err);

/* Per-address login throttle. web_ip_attempt: whether addr may try a
 * login now; if so the attempt counts as a failure at once (so that
 * logins at the same time cannot all slip under the limit) until
 * web_ip_forgive takes it back after a success. */
bool web_ip_attempt(struct web_app *app, const char *addr, int64_t now);
void web_ip_forgive(struct web_app *app, const char *addr);

#endif
