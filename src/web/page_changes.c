/*
 * page_changes — Ändringar: the change log, newest first (what `finsam
 * changes` prints), for the office, the board and the auditors.
 */
#include <string.h>

#include "util/charset.h"
#include "web/html.h"
#include "web/pages.h"

#define CHANGES_SHOWN 500
#define VALUE_SHOWN 300 /* bytes of a long value (a template's text) the page shows */

static void value_cell(struct buf *b, const char *v)
{
	buf_puts(b, "<td>");
	size_t n = v ? strlen(v) : 0;
	if (!v) {
		buf_puts(b, "<span class=\"dampad\">–</span>");
	} else if (n <= VALUE_SHOWN) {
		html_esc(b, v);
	} else {
		/* Cut at a character's start, never inside one. */
		size_t cut = VALUE_SHOWN;
		while (cut && ((unsigned char)v[cut] & 0xc0) == 0x80)
			cut--;
		html_escn(b, v, cut);
		buf_printf(b, " <span class=\"dampad\">… (%zu tecken till; hela värdet i "
			      "<code>finsam changes</code>)</span>",
			   utf8_width(v + cut));
	}
	buf_puts(b, "</td>");
}

void page_changes(struct web_ctx *c)
{
	struct error err = ERROR_INIT;
	struct change_list l;
	if (!change_log_list(c->st, CHANGES_SHOWN, &l, &err)) {
		page_error(c, 500, "Internt fel", err.msg);
		error_clear(&err);
		return;
	}
	struct buf *b = &c->rs->body;
	page_begin(c, "Ändringar", "andringar");
	buf_printf(b, "<p>Varje ändring som gjorts i webben: vem, när, vad, och värdet före och "
		      "efter. De %d senaste visas, nyast först; hela loggen skriver "
		      "<code>finsam changes</code> ut.</p>\n",
		   CHANGES_SHOWN);
	if (!l.n) {
		buf_puts(b, "<p>Inga ändringar gjorda i webben än.</p>\n");
	} else {
		buf_puts(b, "<div class=\"tabellram\"><table>\n<thead><tr><th scope=\"col\">Tid (UTC)</th>"
			    "<th scope=\"col\">Användare</th><th scope=\"col\">Vad</th>"
			    "<th scope=\"col\">Före</th><th scope=\"col\">Efter</th></tr></thead>\n<tbody>\n");
		for (size_t i = l.n; i-- > 0;) {
			const struct change *ch = &l.c[i];
			buf_puts(b, "<tr><td>");
			html_esc(b, ch->time);
			buf_puts(b, "</td><td>");
			html_esc(b, ch->user_name);
			buf_puts(b, "</td><td>");
			html_esc(b, ch->what);
			buf_puts(b, "</td>");
			value_cell(b, ch->old_value);
			value_cell(b, ch->new_value);
			buf_puts(b, "</tr>\n");
		}
		buf_puts(b, "</tbody></table></div>\n");
	}
	change_list_free(&l);
	page_end(c);
}
