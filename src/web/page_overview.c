/*
 * page_overview — Översikt: the period's key figures, budget against
 * actual per intervention, equity against its ceiling, the goals' status
 * and the audit's findings, on one page.
 *
 * Each part is a small report template built by the report's own
 * machinery (report_build with {{ nyckeltalstabell }}, {{ diagram
 * budget-utfall }}, {{ ekonomiska-mål }}, {{ målmatris }}), and the audit
 * is the one `finsam check` runs, so the overview quotes the very figures
 * the report prints. A part that lacks its data (no budget yet) says so
 * instead of failing the page. The parts are built once per change of
 * the store and kept in the connection's cache (app.h); the charts are
 * images from the chart store (charts.h). The report's tables carry
 * style attributes (column widths), so the page allows inline style
 * (never script).
 */
#include <stdlib.h>
#include <string.h>

#include "books/balance.h"
#include "followup/store.h"
#include "render/render.h"
#include "report/audit.h"
#include "report/report.h"
#include "util/xalloc.h"
#include "web/html.h"
#include "web/pages.h"

/* Build `body` as a report of the period and append its blocks under
 * `title` (NULL: the blocks' own captions say it); a part that cannot be
 * built shows why. */
/* Where the overview's charts go: the application's chart store, linked
 * as images; their addresses are noted for the cache. */
struct chart_sink {
	struct web_ctx *c;
	char keys[WEB_CACHE_CHARTS][WEB_CHART_KEY + 1];
	size_t n;
};

static char *chart_url(void *ctx, char *svg)
{
	struct chart_sink *cs = ctx;
	char key[WEB_CHART_KEY + 1];
	web_charts_put(&cs->c->app->charts, svg, key);
	if (cs->n < WEB_CACHE_CHARTS)
		memcpy(cs->keys[cs->n++], key, sizeof key);
	return xasprintf("%s/diagram/%s.svg", cs->c->base, key);
}

static void section(struct chart_sink *cs, struct buf *out, const char *title,
		    const char *period, const char *body)
{
	struct store *st = cs->c->st;
	const struct render_chart_sink sink = { chart_url, cs };
	char *text = xasprintf("---\ntyp: delårsrapport\nperiod: %s\n---\n\n%s\n", period, body);
	struct error err = ERROR_INIT;
	struct doc d;
	buf_puts(out, "<section class=\"kort\">");
	if (title) {
		buf_puts(out, "<h2>");
		html_esc(out, title);
		buf_puts(out, "</h2>");
	}
	buf_putc(out, '\n');
	char *html = NULL;
	if (report_build(st, "översikt", text, strlen(text), &d, &err))
		html = render_html_fragment(&d, "", &sink, &err);
	doc_free(&d);
	free(text);
	if (html) {
		buf_puts(out, html);
		free(html);
	} else {
		buf_puts(out, "<p class=\"dampad\">");
		html_esc(out, err.text ? err.text : err.msg);
		buf_puts(out, "</p>\n");
	}
	buf_puts(out, "</section>\n");
	error_clear(&err);
}

struct findings {
	struct buf *out;
	long n;
};

static void finding(void *ctx, const char *area, const char *text)
{
	struct findings *f = ctx;
	if (!f->n++)
		buf_puts(f->out, "<ul class=\"fynd\">\n");
	buf_puts(f->out, "<li><strong>");
	html_esc(f->out, area);
	buf_puts(f->out, ":</strong> ");
	html_esc(f->out, text);
	buf_puts(f->out, "</li>\n");
}

static void audit_section(struct store *st, struct buf *out, date_t from, date_t to)
{
	buf_puts(out, "<section class=\"kort\"><h2>Granskning</h2>\n");
	struct findings f = { .out = out };
	struct error err = ERROR_INIT;
	const struct audit_query q = { .from = from, .to = to };
	long n = 0;
	bool ok = audit_run(st, &q, finding, &f, &n, &err);
	if (f.n)
		buf_puts(out, "</ul>\n");
	if (!ok) {
		buf_puts(out, "<p class=\"dampad\">Granskningen kunde inte köras: ");
		html_esc(out, err.msg);
		buf_puts(out, "</p>\n");
	} else if (!n) {
		buf_puts(out, "<p><span class=\"status gron\">Inga avvikelser</span> Siffrorna "
			      "stämmer överens: balansräkningen balanserar, resultaten och noterna "
			      "går ihop, och medlemsbidragen följer lagens andelar.</p>\n");
	}
	buf_puts(out, "</section>\n");
	error_clear(&err);
}

/* One {{ målmatris "AREA" }} per goal area the store has. */
static char *goal_matrices(struct store *st)
{
	struct followup_doc doc;
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT(0);
	if (fu_store_load(st, &doc, &err)) {
		for (size_t i = 0; i < doc.nareas; i++)
			if (!strpbrk(doc.areas[i].name, "\"{}\n"))
				buf_printf(&b, "{{ målmatris \"%s\" }}\n\n", doc.areas[i].name);
		followup_doc_free(&doc);
	}
	error_clear(&err);
	return buf_take(&b);
}

/* Every part of the overview of from..to; its charts' addresses in cs. */
static char *overview_html(struct chart_sink *cs, date_t from, date_t to)
{
	struct store *st = cs->c->st;
	char period[FU_PERIOD_MAX];
	fu_period_format(from, to, period);
	struct buf out = BUF_INIT(0);
	buf_puts(&out, "<div class=\"rutnat\">\n");
	section(cs, &out, NULL, period, "{{ nyckeltalstabell }}");
	section(cs, &out, "Eget kapital", period, "{{ ekonomiska-mål }}\n\n{{ diagram eget-kapital }}");
	buf_puts(&out, "</div>\n");
	section(cs, &out, NULL, period, "{{ diagram budget-utfall }}");
	char *goals = goal_matrices(st);
	if (goals && *goals)
		section(cs, &out, "Mål", period, goals);
	free(goals);
	audit_section(st, &out, from, to);
	return buf_take(&out);
}

/* Whether the cached overview's charts are all still in the chart store
 * (which forgets the least recently used when other periods fill it). */
static bool charts_kept(struct web_ctx *c)
{
	for (size_t i = 0; i < c->cache->noverview_charts; i++)
		if (!web_charts_has(&c->app->charts, c->cache->overview_charts[i]))
			return false;
	return true;
}

void page_overview(struct web_ctx *c)
{
	/* The start page of whoever may read only interventions (an
	 * insatsägare) is its interventions. */
	if (!web_may(c, USER_READ)) {
		web_redirect(c->rs, c->base, "/insatser");
		return;
	}
	struct error err = ERROR_INIT;
	date_t from = 0, to = 0;
	if (!web_query_date(c->rq, "fran", &from, &err) ||
	    !web_query_date(c->rq, "till", &to, &err)) {
		page_error(c, 400, "Fel period", err.msg);
		error_clear(&err);
		return;
	}
	bool chosen = from || to;
	bool cached = !chosen && c->cache && c->cache->overview && web_cache_fresh(c->st, c->cache) &&
		      charts_kept(c);
	if (!cached) {
		/* The period: as `finsam balance` takes it by default, or as chosen. */
		struct tb_result tb;
		const struct tb_query q = { .from = from, .to = to };
		if (!balance_trial(c->st, &q, &tb, &err)) {
			page_begin(c, "Översikt", "oversikt");
			page_message(c, err.code == ERR_INPUT ? "varning" : "fel", err.msg);
			page_end(c);
			error_clear(&err);
			return;
		}
		from = tb.from;
		to = tb.to;
		tb_result_free(&tb);
		struct chart_sink cs = { .c = c };
		char *html = overview_html(&cs, from, to);
		char *all = xasprintf("%s", html ? html : "");
		free(html);
		if (chosen || !c->cache) {
			page_begin(c, "Översikt", "oversikt");
			page_period_form(c, "/", from, to);
			buf_puts(&c->rs->body, all);
			page_end(c);
			free(all);
			c->rs->csp = xstrdup(WEB_CSP_INLINE_STYLE);
			return;
		}
		free(c->cache->overview);
		c->cache->overview = all;
		c->cache->overview_from = from;
		c->cache->overview_to = to;
		memcpy(c->cache->overview_charts, cs.keys, sizeof cs.keys);
		c->cache->noverview_charts = cs.n;
		web_cache_stamp(c->st, c->cache);
	}
	page_begin(c, "Översikt", "oversikt");
	page_period_form(c, "/", c->cache->overview_from, c->cache->overview_to);
	buf_puts(&c->rs->body, c->cache->overview);
	page_end(c);
	c->rs->csp = xstrdup(WEB_CSP_INLINE_STYLE);
}

void page_chart(struct web_ctx *c)
{
	char key[WEB_CHART_KEY + 8];
	size_t n = strlen(c->arg[0]), len = 0;
	char *svg = NULL;
	if (n == WEB_CHART_KEY + 4 && !strcmp(c->arg[0] + WEB_CHART_KEY, ".svg")) {
		memcpy(key, c->arg[0], WEB_CHART_KEY);
		key[WEB_CHART_KEY] = '\0';
		svg = web_charts_get(&c->app->charts, key, &len);
	}
	if (!svg) {
		page_error(c, 404, "Diagrammet finns inte",
			   "Diagrammet finns inte längre; ladda om sidan.");
		return;
	}
	c->rs->content_type = "image/svg+xml";
	c->rs->csp = xstrdup("default-src 'none'; style-src 'unsafe-inline'");
	/* The address is the content's hash: it never changes. */
	web_header(c->rs, "Cache-Control", "private, max-age=31536000, immutable");
	buf_append(&c->rs->body, svg, len);
	free(svg);
}
