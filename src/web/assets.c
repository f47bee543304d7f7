/*
 * assets — the stylesheet and script built into the binary (from
 * src/web/static/, embedded by the Makefile), served under /static/.
 */
#include <string.h>

#include "web/html.h"
#include "web/pages.h"

extern const unsigned char web_css[], web_js[];
extern const size_t web_css_len, web_js_len;

void page_static(struct web_ctx *c)
{
	const unsigned char *data = NULL;
	size_t len = 0;
	if (!strcmp(c->arg[0], "finsam.css")) {
		data = web_css;
		len = web_css_len;
		c->rs->content_type = "text/css; charset=utf-8";
	} else if (!strcmp(c->arg[0], "finsam.js")) {
		data = web_js;
		len = web_js_len;
		c->rs->content_type = "text/javascript; charset=utf-8";
	}
	if (!data) {
		page_error(c, 404, "Filen finns inte", "Det finns ingen sådan fil.");
		return;
	}
	c->rs->static_body = data;
	c->rs->static_len = len;
	web_header(c->rs, "Cache-Control", "public, max-age=3600");
}
