/*
 * html — escaping, the layout every page shares, and small page pieces
 * (html.h).
 */
#include "web/html.h"

#include <string.h>

#include "util/xalloc.h"

void html_escn(struct buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\0': rep = "\xef\xbf\xbd"; break; /* U+FFFD: no NUL in a page */
		default: continue;
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_append(b, s + start, n - start);
}

void html_esc(struct buf *b, const char *s)
{
	if (s)
		html_escn(b, s, strlen(s));
}

void html_url(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			buf_putc(b, (char)*p);
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		}
	}
}

static const struct money_style style_kr = { "\u00a0", "\u2212", false };
static const struct money_style style_ore = { "\u00a0", "\u2212", true };

void html_kr(struct buf *b, money_t m)
{
	char s[64];
	buf_puts(b, money_format_sv(m, &style_kr, s, sizeof s));
}

void html_money(struct buf *b, money_t m)
{
	char s[64];
	buf_puts(b, money_format_sv(m, &style_ore, s, sizeof s));
}

void page_href(struct web_ctx *c, const char *path)
{
	html_esc(&c->rs->body, c->base);
	html_esc(&c->rs->body, path);
}

struct nav_item {
	const char *key, *path, *label;
	enum user_action action;
};

static const struct nav_item nav_items[] = {
	{ "oversikt", "/", "Översikt", USER_READ },
	{ "bokforing", "/bokforing", "Bokföring", USER_READ },
	{ "budget", "/budget", "Budget och prognos", USER_READ },
	{ "medlemsbidrag", "/medlemsbidrag", "Medlemsbidrag", USER_READ },
	{ "insatser", "/insatser", "Insatser", USER_READ_FOLLOWUP },
	{ "mal", "/mal", "Mål", USER_READ },
	{ "rapport", "/rapport", "Rapport", USER_READ },
	{ "andringar", "/andringar", "Ändringar", USER_READ_CHANGES },
	{ "anvandare", "/anvandare", "Användare", USER_MANAGE_USERS },
};

void page_begin(struct web_ctx *c, const char *title, const char *nav)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>");
	html_esc(b, title);
	buf_puts(b, " – finsam</title>\n<link rel=\"icon\" href=\"data:,\">\n"
		    "<link rel=\"stylesheet\" href=\"");
	page_href(c, "/static/finsam.css");
	buf_puts(b, "\">\n<script src=\"");
	page_href(c, "/static/finsam.js");
	buf_puts(b, "\" defer></script>\n</head>\n<body>\n"
		    "<a class=\"hoppa\" href=\"#innehall\">Hoppa till innehållet</a>\n"
		    "<header class=\"sidhuvud\">\n<span class=\"logga\">finsam</span>\n");
	if (c->logged_in) {
		buf_puts(b, "<nav aria-label=\"Huvudmeny\"><ul>\n");
		for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++) {
			const struct nav_item *n = &nav_items[i];
			if (!web_may(c, n->action))
				continue;
			buf_puts(b, "<li><a href=\"");
			page_href(c, n->path);
			buf_puts(b, "\"");
			if (nav && !strcmp(nav, n->key))
				buf_puts(b, " aria-current=\"page\"");
			buf_puts(b, ">");
			html_esc(b, n->label);
			buf_puts(b, "</a></li>\n");
		}
		buf_puts(b, "</ul></nav>\n<div class=\"inloggad\"><span>");
		html_esc(b, *c->user.display_name ? c->user.display_name : c->user.name);
		buf_puts(b, " (");
		html_esc(b, user_role_name(c->user.role));
		buf_puts(b, ")</span>\n");
		page_form_begin(c, "/logga-ut", NULL);
		buf_puts(b, "<button type=\"submit\">Logga ut</button></form></div>\n");
	}
	buf_puts(b, "</header>\n<main id=\"innehall\">\n<h1>");
	html_esc(b, title);
	buf_puts(b, "</h1>\n");
}

void page_end(struct web_ctx *c)
{
	buf_puts(&c->rs->body, "</main>\n</body>\n</html>\n");
}

void page_error(struct web_ctx *c, int status, const char *title, const char *text)
{
	buf_reset(&c->rs->body);
	c->rs->status = status;
	c->rs->content_type = "text/html; charset=utf-8";
	page_begin(c, title, NULL);
	page_message(c, "fel", text);
	buf_puts(&c->rs->body, "<p><a href=\"");
	page_href(c, "/");
	buf_puts(&c->rs->body, "\">Till startsidan</a></p>\n");
	page_end(c);
}

void page_csrf_field(struct web_ctx *c)
{
	buf_puts(&c->rs->body, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_esc(&c->rs->body, c->csrf);
	buf_puts(&c->rs->body, "\">");
}

void page_form_begin(struct web_ctx *c, const char *action, const char *extra)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<form method=\"post\" action=\"");
	page_href(c, action);
	buf_puts(b, "\"");
	if (extra) {
		buf_putc(b, ' ');
		buf_puts(b, extra);
	}
	buf_puts(b, ">");
	page_csrf_field(c);
}

void page_message(struct web_ctx *c, const char *kind, const char *text)
{
	struct buf *b = &c->rs->body;
	bool alert = !strcmp(kind, "fel");
	buf_printf(b, "<div class=\"meddelande %s\" role=\"%s\">", kind, alert ? "alert" : "status");
	html_esc(b, text);
	buf_puts(b, "</div>\n");
}

void page_period_form(struct web_ctx *c, const char *action, date_t from, date_t to)
{
	struct buf *b = &c->rs->body;
	char f[11], t[11];
	buf_puts(b, "<form method=\"get\" action=\"");
	page_href(c, action);
	buf_printf(b, "\" class=\"rad\"><div><label for=\"fran\">Från</label>"
		      "<input id=\"fran\" name=\"fran\" type=\"date\" value=\"%s\"></div>"
		      "<div><label for=\"till\">Till</label>"
		      "<input id=\"till\" name=\"till\" type=\"date\" value=\"%s\"></div>"
		      "<div><button type=\"submit\" class=\"sekundar\">Visa perioden</button></div>"
		      "</form>\n",
		   date_format(from, f), date_format(to, t));
}
