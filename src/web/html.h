/*
 * html — writing pages: escaping, the common layout and small pieces
 * every page uses (forms with their CSRF token, amounts, messages).
 *
 * Everything that comes from the store or the request goes through
 * html_esc (or a helper that calls it): a page never appends such text
 * raw. The layout links only the built-in stylesheet and script
 * (/static/...), so the Content-Security-Policy can forbid inline script.
 */
#ifndef FINSAM_WEB_HTML_H
#define FINSAM_WEB_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/date.h"
#include "util/money.h"
#include "web/app.h"

/* Append s with & < > " ' escaped (for text and attribute values alike). */
void html_esc(struct buf *b, const char *s);
void html_escn(struct buf *b, const char *s, size_t n);
/* Append s percent-encoded for a URL path segment or query value. */
void html_url(struct buf *b, const char *s);

/* Append an amount in whole kronor ("1 234 567", "−12"), for tables. */
void html_kr(struct buf *b, money_t m);
/* Append an amount with öre ("1 234 567,50"). */
void html_money(struct buf *b, money_t m);

/* Start a page: doctype, head, the header with the navigation for the
 * user's role, and <main>. `nav` names the menu item to mark current
 * ("oversikt", "bokforing", ...; NULL: none). Use page_end to finish. */
void page_begin(struct web_ctx *c, const char *title, const char *nav);
void page_end(struct web_ctx *c);

/* A whole page that says what went wrong, with `status`. */
void page_error(struct web_ctx *c, int status, const char *title, const char *text);

/* <form method="post" action="BASE/action"> with the CSRF token; extra is
 * raw attributes (e.g. enctype), may be NULL. Close with "</form>". */
void page_form_begin(struct web_ctx *c, const char *action, const char *extra);
/* The hidden CSRF field alone. */
void page_csrf_field(struct web_ctx *c);

/* A message box: kind "fel", "varning" or "ok"; text escaped. */
void page_message(struct web_ctx *c, const char *kind, const char *text);

/* A GET form choosing a period (fran, till) for the page at `action`,
 * showing from..to. */
void page_period_form(struct web_ctx *c, const char *action, date_t from, date_t to);

/* href value for a path below the base path (escaped). */
void page_href(struct web_ctx *c, const char *path);

#endif
