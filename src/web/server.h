/*
 * server — `finsam serve`: the web application on libmicrohttpd.
 *
 * A pool of threads (libmicrohttpd's) answers requests; each request
 * borrows one of as many store connections as there are threads, so no
 * request waits for another's connection. The server reads bodies up to
 * a limit (413 past it), hands forms and uploads to the application
 * (app.h) as fields, adds the security headers to every response and
 * writes one JSON line per request to the access log.
 *
 * SIGTERM or SIGINT stops it gracefully: no new connections are
 * accepted, requests in flight finish (up to WEB_DRAIN_SECONDS), then the
 * store connections are closed.
 */
#ifndef FINSAM_WEB_SERVER_H
#define FINSAM_WEB_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/error.h"

#define WEB_DEFAULT_LISTEN "127.0.0.1:8080"
#define WEB_DEFAULT_THREADS 4
#define WEB_DEFAULT_MAX_BODY (32u << 20) /* bytes of a logged-in user's request body */
#define WEB_ANON_MAX_BODY (64u << 10)    /* ... and of one without a session */
#define WEB_MAX_FIELDS 2000              /* fields in one form */
#define WEB_TIMEOUT_SECONDS 30           /* an idle or slow connection is closed */
#define WEB_DRAIN_SECONDS 10             /* how long shutdown waits for requests */

struct web_serve_options {
	const char *db_path;
	const char *listen;     /* "ADDR:PORT", "[ADDR]:PORT"; port 0: any free port */
	const char *base_path;  /* "" or "/finsam" */
	bool proxy;             /* behind a reverse proxy: trust X-Forwarded-* */
	unsigned threads;
	size_t max_body;
	FILE *log;              /* the access log (and what the server says) */
	FILE *out;              /* where "listening on ..." is printed */
};

/* Serve until SIGTERM or SIGINT. Returns false with err set when the
 * server could not start (the store, the address). */
bool web_serve(const struct web_serve_options *opt, struct error *err);

/* Check a --base-path: "" or "/" and segments, no trailing slash
 * ("/finsam"); out gets its normal form. */
bool web_base_path_parse(const char *s, char *out, size_t size, struct error *err);

#endif
