/* page_overview — Översikt (being written). */
#include "web/html.h"
#include "web/pages.h"

void page_overview(struct web_ctx *c)
{
	page_begin(c, "Översikt", "oversikt");
	page_end(c);
}
