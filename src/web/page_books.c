/* page_books — Bokföring (being written). */
#include "web/html.h"
#include "web/pages.h"

void page_books(struct web_ctx *c)
{
	page_begin(c, "Bokföring", "bokforing");
	page_end(c);
}

void page_books_account(struct web_ctx *c)
{
	page_begin(c, "Konto", "bokforing");
	page_end(c);
}

void page_books_import_post(struct web_ctx *c)
{
	page_begin(c, "Import", "bokforing");
	page_end(c);
}
