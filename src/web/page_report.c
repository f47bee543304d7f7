/*
 * page_report — Rapport: the report template stored in the store
 * (report/template_store.h) in a textarea to edit, the placeholders it
 * may use, and the report built from it — as an HTML preview, a PDF and
 * an XLSX to download — and the audit that `finsam report` runs.
 *
 * Every route takes ?mall=NAMN (default "rapport"); with nothing stored
 * under "rapport" the bundled example's template is the starting text.
 */
#include <stdlib.h>
#include <string.h>

#include "books/check.h"
#include "render/render.h"
#include "report/audit.h"
#include "report/ph.h"
#include "report/template_store.h"
#include "util/xalloc.h"
#include "web/html.h"
#include "web/pages.h"

/* The preview is a whole document of its own with its style sheet inline;
 * it may hold no script, post no form and load nothing, and the CSP's
 * sandbox keeps it in an origin of its own. */
#define PREVIEW_CSP                                                                        \
	"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; " \
	"form-action 'none'; frame-ancestors 'none'; sandbox"

/* The template name the request asks for. */
static const char *requested_name(struct web_ctx *c)
{
	const char *name = web_query(c->rq, "mall");
	return name && *name ? name : REPORT_TEMPLATE_DEFAULT;
}

/* Append "?mall=NAMN" (or nothing for the default) to b, raw for a URL. */
static void name_query(struct buf *b, const char *name, const char *sep)
{
	if (!strcmp(name, REPORT_TEMPLATE_DEFAULT))
		return;
	buf_puts(b, sep);
	buf_puts(b, "mall=");
	html_url(b, name);
}

/* href for path with the template's ?mall= (escaped). */
static void template_href(struct web_ctx *c, const char *path, const char *name)
{
	struct buf u = BUF_INIT(0);
	buf_puts(&u, path);
	name_query(&u, name, "?");
	page_href(c, buf_cstr(&u));
	buf_free(&u);
}

/* The template the request names; false after an error page. */
static bool requested_template(struct web_ctx *c, struct report_template *t)
{
	struct error err = ERROR_INIT;
	bool found = false;
	const char *name = requested_name(c);
	if (!report_template_name_ok(name, &err) ||
	    !report_template_load(c->st, name, t, &found, &err) || !found) {
		if (err.code == ERR_INTERNAL)
			page_error(c, 500, "Internt fel", err.msg);
		else
			page_error(c, 404, "Mallen finns inte",
				   "Det finns ingen rapportmall med det namnet.");
		error_clear(&err);
		return false;
	}
	return true;
}

/* A failed build: what is wrong, in Swedish, with a way back (422 when
 * the template or the data is at fault). */
static void build_error_page(struct web_ctx *c, const char *name, struct error *err)
{
	if (err->code == ERR_INTERNAL) {
		page_error(c, 500, "Internt fel", err->msg);
		return;
	}
	struct buf *b = &c->rs->body;
	buf_reset(b);
	c->rs->status = 422;
	c->rs->content_type = "text/html; charset=utf-8";
	page_begin(c, "Rapporten kan inte byggas", "rapport");
	char *text = xasprintf("Rapporten kunde inte byggas ur mallen: %s", err->msg);
	page_message(c, "fel", text);
	free(text);
	buf_puts(b, "<p>Rätta mallen, eller läs in det som saknas, och försök igen.</p>\n"
		    "<p><a href=\"");
	template_href(c, "/rapport", name);
	buf_puts(b, "\">Tillbaka till Rapport</a></p>\n");
	page_end(c);
}

/* The requested template built into *d; false after an error page. */
static bool built_report(struct web_ctx *c, struct report_template *t, struct doc *d)
{
	doc_init(d);
	if (!requested_template(c, t))
		return false;
	struct error err = ERROR_INIT;
	doc_free(d);
	if (report_template_build(c->st, t, d, &err))
		return true;
	build_error_page(c, t->name, &err);
	error_clear(&err);
	return false;
}

/* ---- the page ------------------------------------------------------------------------ */

/* Where the template on show comes from. */
static void template_source(struct web_ctx *c, const struct report_template *t)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<p>");
	if (!t->stored) {
		buf_puts(b, "Ingen mall är sparad än. Nedan står exempelförbundets mall att börja "
			    "från; den gäller tills en mall sparas.");
	} else {
		buf_puts(b, "Mallen <strong>");
		html_esc(b, t->name);
		buf_puts(b, "</strong> sparades ");
		html_esc(b, t->updated);
		buf_puts(b, " (UTC) ");
		if (*t->updated_by) {
			buf_puts(b, "av ");
			html_esc(b, t->updated_by);
		} else {
			buf_puts(b, "från kommandoraden (<code>finsam report save</code>)");
		}
		buf_puts(b, ".");
	}
	buf_puts(b, "</p>\n");
}

/* The other templates in the store, when there are any. */
static bool template_list(struct web_ctx *c, const char *current, struct error *err)
{
	char **names;
	size_t n;
	if (!report_template_names(c->st, &names, &n, err))
		return false;
	bool others = n > 1 || (n == 1 && strcmp(names[0], current));
	struct buf *b = &c->rs->body;
	if (others) {
		buf_puts(b, "<nav aria-label=\"Sparade mallar\" class=\"mallval\">"
			    "<p>Sparade mallar:</p><ul>\n");
		for (size_t i = 0; i < n; i++) {
			buf_puts(b, "<li><a href=\"");
			template_href(c, "/rapport", names[i]);
			buf_puts(b, "\"");
			if (!strcmp(names[i], current))
				buf_puts(b, " aria-current=\"page\"");
			buf_puts(b, ">");
			html_esc(b, names[i]);
			buf_puts(b, "</a></li>\n");
		}
		buf_puts(b, "</ul></nav>\n");
	}
	report_template_names_free(names, n);
	return true;
}

/* The links to the report built from the template. */
static void report_links(struct web_ctx *c, const char *name)
{
	static const struct {
		const char *path, *label;
	} links[] = {
		{ "/rapport/forhandsvisning", "Förhandsvisning (HTML)" },
		{ "/rapport/rapport.pdf", "Ladda ned PDF" },
		{ "/rapport/rapport.xlsx", "Ladda ned XLSX" },
		{ "/rapport/granskning", "Granskning" },
	};
	struct buf *b = &c->rs->body;
	buf_puts(b, "<ul class=\"rapportlankar\">\n");
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		buf_puts(b, "<li><a href=\"");
		template_href(c, links[i].path, name);
		buf_puts(b, "\">");
		html_esc(b, links[i].label);
		buf_puts(b, "</a></li>\n");
	}
	buf_puts(b, "</ul>\n<p class=\"dampad\">Rapporten byggs ur den sparade mallen; spara "
		    "ändringar först.</p>\n");
}

/* The template's text: a form for those who may change it, else read-only. */
static void template_editor(struct web_ctx *c, const char *name, const char *text, size_t len)
{
	struct buf *b = &c->rs->body;
	bool may_write = web_may(c, USER_WRITE_REPORT);
	buf_puts(b, "<h2 id=\"mall\">Mall</h2>\n");
	if (may_write) {
		page_form_begin(c, "/rapport/mall", NULL);
		buf_printf(b, "\n<label for=\"namn\">Mallens namn</label>\n"
			      "<input id=\"namn\" name=\"namn\" required maxlength=\"%d\" value=\"",
			   REPORT_TEMPLATE_NAME_MAX);
		html_esc(b, name);
		buf_puts(b, "\">\n<label for=\"mall-text\">Mallen (Markdown med huvud och "
			    "platshållare)</label>\n<textarea id=\"mall-text\" name=\"mall\" rows=\"30\" "
			    "spellcheck=\"false\">\n");
	} else {
		buf_puts(b, "<label for=\"mall-text\">Mallen (bara läsning)</label>\n"
			    "<textarea id=\"mall-text\" rows=\"30\" readonly spellcheck=\"false\">\n");
	}
	/* The newline after <textarea> is the one HTML drops; the text keeps its own. */
	html_escn(b, text, len);
	buf_puts(b, "</textarea>\n");
	if (may_write)
		buf_puts(b, "<p><button type=\"submit\">Spara mallen</button> Mallen sparas bara om "
			    "rapporten går att bygga ur den.</p>\n</form>\n");
}

/* The placeholders, from the table `finsam report placeholders` prints. */
static void placeholder_table(struct web_ctx *c)
{
	struct buf *b = &c->rs->body;
	size_t n;
	const struct ph_def *defs = ph_defs(&n);
	buf_puts(b, "<h2 id=\"platshallare\">Platshållare</h2>\n<p>Skriv en platshållare inom "
		    "<code>{{ }}</code> i mallen. En blockplatshållare står ensam i sitt stycke; "
		    "de andra ger en siffra eller text mitt i en mening.</p>\n"
		    "<div class=\"tabellram\"><table class=\"platshallare\">\n<thead><tr>"
		    "<th scope=\"col\">Platshållare</th><th scope=\"col\">Beskrivning</th>"
		    "<th scope=\"col\">Sort</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, "<tr><td><code>{{ ");
		html_esc(b, defs[i].usage);
		buf_puts(b, " }}</code></td><td>");
		html_esc(b, defs[i].summary);
		buf_puts(b, defs[i].kind == PH_BLOCK ? "</td><td>block" : "</td><td>i texten");
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody></table></div>\n");
}

/* The whole page around the text in the textarea (the template's, or
 * what was posted); message: NULL or a refusal to show. */
static void report_page(struct web_ctx *c, const struct report_template *t, const char *name,
			const char *text, size_t len, const char *message)
{
	struct error err = ERROR_INIT;
	page_begin(c, "Rapport", "rapport");
	if (message)
		page_message(c, "fel", message);
	else if (web_query(c->rq, "sparat"))
		page_message(c, "ok", "Mallen är sparad.");
	else if (web_query(c->rq, "oforandrad"))
		page_message(c, "ok", "Mallen var redan sparad så; inget ändrades.");
	template_source(c, t);
	if (!template_list(c, t->name, &err)) {
		page_error(c, 500, "Internt fel", err.msg);
		error_clear(&err);
		return;
	}
	report_links(c, t->name);
	template_editor(c, name, text, len);
	placeholder_table(c);
	page_end(c);
}

void page_report(struct web_ctx *c)
{
	struct report_template t;
	if (!requested_template(c, &t))
		return;
	report_page(c, &t, t.name, t.text, t.len, NULL);
	report_template_free(&t);
}

/* ---- saving ------------------------------------------------------------------------- */

/* A textarea's text as browsers send it (CRLF) with LF line ends; n is
 * updated. */
static char *lf_text(const char *s, size_t *n)
{
	char *out = xmalloc(*n + 1);
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if (!(s[i] == '\r' && i + 1 < *n && s[i + 1] == '\n'))
			out[k++] = s[i];
	out[k] = '\0';
	*n = k;
	return out;
}

/* Refuse the posted template: the page again with the message, the
 * name and the text as typed, 422. */
static void refuse_template(struct web_ctx *c, const char *name, const char *text, size_t len,
			    const char *why)
{
	struct report_template t;
	struct error err = ERROR_INIT;
	bool found = false;
	/* The source line and the list speak of what is stored (or the example). */
	const char *shown = report_template_name_ok(name, &err) ? name : REPORT_TEMPLATE_DEFAULT;
	error_clear(&err);
	if (!report_template_load(c->st, shown, &t, &found, &err) ||
	    (!found && !report_template_load(c->st, REPORT_TEMPLATE_DEFAULT, &t, &found, &err))) {
		page_error(c, 500, "Internt fel", err.msg);
		error_clear(&err);
		return;
	}
	char *message = xasprintf("Mallen sparades inte: %s", why);
	buf_reset(&c->rs->body);
	c->rs->status = 422;
	report_page(c, &t, name, text, len, message);
	free(message);
	report_template_free(&t);
}

void page_report_save_post(struct web_ctx *c)
{
	const char *name = web_form(c->rq, "namn");
	const struct web_field *field = web_fields_get(&c->rq->form, "mall");
	if (!name || !*name)
		name = REPORT_TEMPLATE_DEFAULT;
	if (!field) {
		refuse_template(c, name, "", 0, "formuläret saknar mallens text.");
		return;
	}
	size_t len = field->len;
	char *text = lf_text(field->value, &len);
	char *what = xasprintf("rapport/%s", name);
	char *old = NULL;
	struct error err = ERROR_INIT;
	struct report_template_new t = { .name = name, .text = text, .len = len,
					 .user = c->user.name };
	bool ok = store_begin(c->st, &err) && report_template_put(c->st, &t, &old, &err);
	bool unchanged = ok && old && !strcmp(old, text);
	ok = ok && (unchanged || web_log_change(c, what, old, text, &err));
	if (ok && unchanged)
		store_rollback(c->st);
	else
		ok = ok && store_commit(c->st, &err);
	if (!ok) {
		store_rollback(c->st);
		if (err.code == ERR_INPUT)
			refuse_template(c, name, text, len, err.msg);
		else
			page_error(c, 500, "Internt fel", err.msg);
	} else {
		struct buf loc = BUF_INIT(0);
		buf_puts(&loc, unchanged ? "/rapport?oforandrad=1" : "/rapport?sparat=1");
		name_query(&loc, name, "&");
		web_redirect(c->rs, c->base, buf_cstr(&loc));
		buf_free(&loc);
	}
	error_clear(&err);
	free(old);
	free(what);
	free(text);
}

/* ---- the report --------------------------------------------------------------------- */

void page_report_preview(struct web_ctx *c)
{
	struct report_template t = { 0 };
	struct doc d;
	if (built_report(c, &t, &d)) {
		struct error err = ERROR_INIT;
		char *html = render_html_string(&d, &err);
		if (html) {
			buf_reset(&c->rs->body);
			buf_puts(&c->rs->body, html);
			c->rs->csp = xstrdup(PREVIEW_CSP);
			free(html);
		} else {
			page_error(c, 500, "Internt fel", err.msg);
		}
		error_clear(&err);
	}
	doc_free(&d);
	report_template_free(&t);
}

/* Content-Disposition for a download of template `name` as ext: an
 * ASCII file name for every browser, the real one (RFC 6266) for most. */
static void attachment_header(struct web_ctx *c, const char *name, const char *ext)
{
	struct buf h = BUF_INIT(0);
	buf_puts(&h, "attachment; filename=\"");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		bool plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			     (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.';
		/* A multibyte character becomes one '_'. */
		if (plain)
			buf_putc(&h, (char)*p);
		else if ((*p & 0xc0) != 0x80)
			buf_putc(&h, '_');
	}
	buf_printf(&h, "%s\"; filename*=UTF-8''", ext);
	html_url(&h, name);
	buf_puts(&h, ext);
	web_header(c->rs, "Content-Disposition", buf_cstr(&h));
	buf_free(&h);
}

/* The report rendered by r as a download of type content_type. */
static void send_rendered(struct web_ctx *c, const struct renderer *r, const char *content_type)
{
	struct report_template t = { 0 };
	struct doc d;
	if (built_report(c, &t, &d)) {
		struct error err = ERROR_INIT;
		struct buf *b = &c->rs->body;
		buf_reset(b);
		if (render_bytes(r, &d, b, &err)) {
			c->rs->content_type = content_type;
			attachment_header(c, t.name, r->extension);
		} else {
			page_error(c, 500, "Internt fel", err.msg);
		}
		error_clear(&err);
	}
	doc_free(&d);
	report_template_free(&t);
}

void page_report_pdf(struct web_ctx *c)
{
	send_rendered(c, &render_pdf, "application/pdf");
}

void page_report_xlsx(struct web_ctx *c)
{
	send_rendered(c, &render_xlsx,
		      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

/* ---- the audit ---------------------------------------------------------------------- */

struct findings {
	struct buf items; /* <li>…</li> each, escaped */
	long n;
};

static void books_finding(void *ctx, long line, const char *msg)
{
	(void)line;
	struct findings *f = ctx;
	buf_puts(&f->items, "<li>");
	html_esc(&f->items, msg);
	buf_puts(&f->items, "</li>\n");
	f->n++;
}

static void figure_finding(void *ctx, const char *area, const char *text)
{
	struct findings *f = ctx;
	buf_puts(&f->items, "<li>");
	html_esc(&f->items, area);
	buf_puts(&f->items, ": ");
	html_esc(&f->items, text);
	buf_puts(&f->items, "</li>\n");
	f->n++;
}

void page_report_audit(struct web_ctx *c)
{
	struct report_template t;
	if (!requested_template(c, &t))
		return;
	/* The audit of the report's period, as `finsam report` runs it; when
	 * the report cannot be built, that of the latest year, as `finsam
	 * check` runs it. */
	struct error err = ERROR_INIT, build_err = ERROR_INIT;
	struct doc d;
	struct audit_query q = { 0 };
	bool built = report_template_build(c->st, &t, &d, &build_err);
	if (built)
		q = audit_query_of_doc(&d);
	else if (build_err.code == ERR_INTERNAL)
		error_move(&err, &build_err);
	struct findings f = { BUF_INIT(0), 0 };
	long books = 0, figures = 0;
	bool ok = !error_isset(&err) && check_store(c->st, books_finding, &f, &books, &err) &&
		  audit_run(c->st, &q, figure_finding, &f, &figures, &err);
	if (!ok) {
		page_error(c, 500, "Internt fel", err.msg);
	} else {
		struct buf *b = &c->rs->body;
		page_begin(c, "Granskning", "rapport");
		if (built) {
			buf_puts(b, "<p>Bokföringens kontroller och granskningen av rapportens siffror "
				    "för ");
			html_esc(b, d.period_text);
			buf_puts(b, ", som <code>finsam report</code> kör dem.</p>\n");
		} else {
			char *text = xasprintf("Rapporten kan inte byggas ur mallen (%s); granskningen "
					       "gäller därför det senaste årets bokföring, som "
					       "finsam check kör den.",
					       build_err.msg);
			page_message(c, "varning", text);
			free(text);
		}
		if (!f.n) {
			page_message(c, "ok", "Inga avvikelser: bokföringen stämmer med sig själv och "
					      "med de inlästa filerna, och rapportens siffror stämmer "
					      "med varandra.");
		} else {
			buf_printf(b, "<p><strong>%ld %s.</strong></p>\n<ul class=\"avvikelser\">\n", f.n,
				   f.n == 1 ? "avvikelse" : "avvikelser");
			buf_append(b, f.items.data, f.items.len);
			buf_puts(b, "</ul>\n");
		}
		buf_puts(b, "<p><a href=\"");
		template_href(c, "/rapport", t.name);
		buf_puts(b, "\">Tillbaka till Rapport</a></p>\n");
		page_end(c);
	}
	buf_free(&f.items);
	error_clear(&err);
	error_clear(&build_err);
	doc_free(&d);
	report_template_free(&t);
}
