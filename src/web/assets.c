/*
 * assets — the stylesheet, the script and the typeface built into the
 * binary (src/web/static/ and fonts-liberation2, embedded by the
 * Makefile), served under /static/.
 */
#include <string.h>

#include "web/html.h"
#include "web/pages.h"

extern const unsigned char web_css[], web_js[], web_font_regular[], web_font_bold[];
extern const size_t web_css_len, web_js_len, web_font_regular_len, web_font_bold_len;

struct asset {
	const char *name;
	const unsigned char *data;
	const size_t *len;
	const char *type;
};

static const struct asset assets[] = {
	{ "finsam.css", web_css, &web_css_len, "text/css; charset=utf-8" },
	{ "finsam.js", web_js, &web_js_len, "text/javascript; charset=utf-8" },
	{ "LiberationSans-Regular.ttf", web_font_regular, &web_font_regular_len, "font/ttf" },
	{ "LiberationSans-Bold.ttf", web_font_bold, &web_font_bold_len, "font/ttf" },
};

void page_static(struct web_ctx *c)
{
	for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++) {
		if (strcmp(c->arg[0], assets[i].name))
			continue;
		c->rs->content_type = assets[i].type;
		c->rs->static_body = assets[i].data;
		c->rs->static_len = *assets[i].len;
		web_header(c->rs, "Cache-Control", "public, max-age=3600");
		return;
	}
	page_error(c, 404, "Filen finns inte", "Det finns ingen sådan fil.");
}
