/*
 * http — one request and its response as the application sees them.
 *
 * The server (server.c) turns what libmicrohttpd gives it into a
 * web_request and a web_response into libmicrohttpd's answer; everything
 * between (app.c, the pages) sees only these structs. That keeps the
 * pages free of the HTTP library and lets tests drive the application
 * without a socket.
 */
#ifndef FINSAM_WEB_HTTP_H
#define FINSAM_WEB_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/date.h"
#include "util/error.h"

/* One field of a query string or a form; uploads carry their file name. */
struct web_field {
	char *name;
	char *value;    /* NUL-terminated; may hold NUL bytes before len (uploads) */
	size_t len;
	char *filename; /* the upload's file name, NULL for a plain field */
};

struct web_fields {
	struct web_field *f;
	size_t n, cap;
};

struct web_request {
	const char *method;          /* "GET", "HEAD", "POST" */
	const char *path;            /* below the base path, always starting with "/" */
	struct web_fields query;     /* from the URL */
	struct web_fields form;      /* from a POST body (urlencoded or multipart) */
	const char *session_cookie;  /* the finsam_session cookie, or NULL */
	const char *login_cookie;    /* the finsam_login cookie (login form CSRF), or NULL */
	const char *csrf_header;     /* X-CSRF-Token, for scripts; or NULL */
	const char *remote;          /* the client's address */
	bool secure;                 /* reached over TLS (or a proxy says so) */
};

/* The Content-Security-Policy of every response: nothing inline, nothing
 * from elsewhere, no framing. */
#define WEB_CSP                                                                           \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
	"font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "      \
	"frame-ancestors 'none'"
/* The same for a page that embeds rendered report HTML, whose tables and
 * charts carry style attributes: inline style allowed, script still not. */
#define WEB_CSP_INLINE_STYLE                                                                   \
	"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' " \
	"data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "        \
	"frame-ancestors 'none'"

#define WEB_MAX_HEADERS 8

struct web_response {
	int status;                   /* 200 unless set */
	const char *content_type;     /* static string */
	struct buf body;
	const unsigned char *static_body; /* instead of body: bytes that outlive the response */
	size_t static_len;
	char *headers[WEB_MAX_HEADERS][2]; /* extra headers, owned */
	size_t nheaders;
	char *csp;                    /* a Content-Security-Policy other than the default, or NULL */
	char *user_name;              /* who asked, for the access log; NULL: nobody */
};

/* Add a field (copies name and value; filename may be NULL). */
bool web_fields_add(struct web_fields *fs, const char *name, const char *value, size_t len,
		    const char *filename);
/* Append bytes to the value of the last field (for values that arrive in
 * pieces); false past `max` bytes. */
bool web_fields_append_last(struct web_fields *fs, const char *data, size_t len, size_t max);
/* The first field called name, or NULL. */
const struct web_field *web_fields_get(const struct web_fields *fs, const char *name);
/* Its value, or NULL. */
const char *web_fields_value(const struct web_fields *fs, const char *name);
void web_fields_free(struct web_fields *fs);

/* A query parameter or a form field of the request. */
const char *web_query(const struct web_request *rq, const char *name);
const char *web_form(const struct web_request *rq, const char *name);
bool web_is_post(const struct web_request *rq);
/* Query parameter `name` as a date (YYYY-MM-DD); *out 0 when absent or
 * empty; false with a Swedish message in err (ERR_INPUT) when it is no
 * date. */
bool web_query_date(const struct web_request *rq, const char *name, date_t *out,
		    struct error *err);

void web_response_init(struct web_response *rs);
void web_response_free(struct web_response *rs);
/* Add a header (copied); false when there are WEB_MAX_HEADERS already. */
bool web_header(struct web_response *rs, const char *name, const char *value);
/* A 303 See Other to `location` (a path below the base path is made
 * absolute by the server). */
void web_redirect(struct web_response *rs, const char *base_path, const char *location);
/* Set a cookie: HttpOnly, SameSite=Strict, Path=base path, Secure when
 * secure; max_age < 0: a session cookie, 0: delete it. */
void web_cookie(struct web_response *rs, const char *base_path, bool secure, const char *name,
		const char *value, long max_age);

/* The value of cookie `name` in a Cookie header, copied into out (size
 * bytes); false when absent or too long. */
bool web_cookie_value(const char *header, const char *name, char *out, size_t size);

#endif
