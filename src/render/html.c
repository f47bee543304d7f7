/*
 * html — the document tree as one self-contained HTML5 file.
 *
 * Everything the page needs is inside it: the style sheet in a <style>
 * element and the charts as inline SVG (drawn by render/chart.c, the same
 * code that draws them into the PDF). No fonts, scripts or images are
 * fetched from anywhere, so the file can be mailed, archived and opened
 * offline, and a viewer cannot be tracked through it.
 *
 * The page reads on screen (one column of limited width, tables with
 * right-aligned tabular figures) and prints on A4 (page breaks where the
 * document has them, table heads repeated on every page, rows kept whole,
 * a running header and page numbers where the browser supports them).
 *
 * Every text that comes from the document passes through one escaping
 * function (esc), in element content and attribute values alike; the
 * only other way doc text reaches the output is css_string, for the
 * running header inside the style sheet.
 */
#include "render/render.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render/chart.h"
#include "report/typo.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* Largest page written; a report is a few hundred KiB, charts included. */
#define HTML_MAX ((size_t)256 * 1024 * 1024)

/* The size charts are drawn at, in points; the page scales them to its
 * column. 16:9 reads well on screen and fits the A4 text width. */
#define CHART_W 480.0
#define CHART_H 270.0

/* One page being written. */
struct html {
	struct buf out;    /* the page so far, capped at HTML_MAX */
	bool full;         /* an append failed: the page passed HTML_MAX */
	struct doc *d;     /* the document being written */
	int charts;        /* charts written so far, for unique SVG ids */
	const char *ids;   /* prefix of the SVG ids ("" for a whole page) */
	const struct render_chart_sink *sink; /* charts go there, not inline; may be NULL */
	struct error *err; /* where a failure is reported */
};

/* ---- output primitives ------------------------------------------------------------------ */

static void putn(struct html *h, const char *s, size_t n)
{
	if (!h->full && !buf_append(&h->out, s, n))
		h->full = true;
}

static void put(struct html *h, const char *s)
{
	putn(h, s, strlen(s));
}

static void putf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct html *h, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (!h->full && !buf_vprintf(&h->out, fmt, ap))
		h->full = true;
	va_end(ap);
}

/* The one escaping function: text from the document, in element content
 * or in a quoted attribute value. NULL writes nothing. */
static void esc(struct html *h, const char *s)
{
	if (!s)
		return;
	const char *run = s;
	for (const char *p = s; *p; p++) {
		const char *rep;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		putn(h, run, (size_t)(p - run));
		put(h, rep);
		run = p + 1;
	}
	put(h, run);
}

/* An anchor as an id or a fragment: HTML ids hold no whitespace, so
 * whitespace becomes '-' (the same for the id and every link to it). */
static void anchor(struct html *h, const char *a)
{
	char *s = xstrdup(a ? a : "");
	for (char *p = s; *p; p++)
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
			*p = '-';
	esc(h, s);
	free(s);
}

/* Text from the document inside a CSS string ("..."), in the <style>
 * element: every ASCII character but letters, digits and space becomes a
 * CSS escape, so neither the string nor the element can be ended early. */
static void css_string(struct html *h, const char *s)
{
	put(h, "\"");
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p >= 0x80 || *p == ' ' || (*p >= '0' && *p <= '9') ||
		    (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			putn(h, (const char *)p, 1);
		else
			putf(h, "\\%x ", *p);
	}
	put(h, "\"");
}

/* ---- inline text ------------------------------------------------------------------------- */

/* Links are kept only to places a reader can follow safely. */
static bool safe_url(const char *url)
{
	return url && (strncasecmp(url, "https://", 8) == 0 || strncasecmp(url, "http://", 7) == 0 ||
		       strncasecmp(url, "mailto:", 7) == 0);
}

/* Runs v[0..n) with their styles; "\n" runs are line breaks. */
static void runs_inline(struct html *h, const struct doc_run *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct doc_run *r = &v[i];
		if (strcmp(r->text, "\n") == 0) {
			put(h, "<br>");
			continue;
		}
		bool link = safe_url(r->link);
		if (link) {
			put(h, "<a href=\"");
			esc(h, r->link);
			put(h, "\">");
		}
		if (r->style & DOC_FIGURE)
			put(h, "<span class=\"fig\">");
		if (r->style & DOC_BOLD)
			put(h, "<strong>");
		if (r->style & DOC_ITALIC)
			put(h, "<em>");
		if (r->style & DOC_UNDERLINE)
			put(h, "<u>");
		if (r->style & DOC_CODE)
			put(h, "<code>");
		esc(h, r->text);
		if (r->style & DOC_CODE)
			put(h, "</code>");
		if (r->style & DOC_UNDERLINE)
			put(h, "</u>");
		if (r->style & DOC_ITALIC)
			put(h, "</em>");
		if (r->style & DOC_BOLD)
			put(h, "</strong>");
		if (r->style & DOC_FIGURE)
			put(h, "</span>");
		if (link)
			put(h, "</a>");
	}
}

/* Runs as plain text (the table of contents, where links cannot nest). */
static void runs_plain(struct html *h, const struct doc_runs *r)
{
	for (size_t i = 0; i < r->n; i++)
		esc(h, strcmp(r->v[i].text, "\n") == 0 ? " " : r->v[i].text);
}

/* A cell's runs: the text before the first bullet, then the bullets as a
 * list (an item runs until the next bullet). */
static void cell_runs(struct html *h, const struct doc_runs *r)
{
	size_t first = 0;
	while (first < r->n && !(r->v[first].style & DOC_BULLET))
		first++;
	runs_inline(h, r->v, first);
	if (first == r->n)
		return;
	put(h, "<ul class=\"cell-list\">");
	for (size_t i = first; i < r->n;) {
		size_t end = i + 1;
		while (end < r->n && !(r->v[end].style & DOC_BULLET))
			end++;
		put(h, "<li>");
		runs_inline(h, r->v + i, end - i);
		put(h, "</li>");
		i = end;
	}
	put(h, "</ul>");
}

/* ---- the style sheet --------------------------------------------------------------------- */

static const char style_sheet[] =
	":root{color-scheme:light;--ink:#1b1b1b;--muted:#5a5a5a;--rule:#1b1b1b;--thin:#c9c9c9;"
	"--band:#e6edf3;--label:#f3f4f5;--green:#d9f0d9;--yellow:#fbefc0;--red:#f6d6d3;}\n"
	"*,*::before,*::after{box-sizing:border-box;}\n"
	"body{margin:0 auto;max-width:48rem;padding:2rem 1.25rem 4rem;color:var(--ink);"
	"background:#fff;font-family:\"Liberation Sans\",\"DejaVu Sans\",Arial,Helvetica,"
	"sans-serif;font-size:1rem;line-height:1.5;}\n"
	".cover{padding:2.5rem 0 1.75rem;margin-bottom:2rem;border-bottom:2px solid var(--rule);}\n"
	".cover .org{margin:0;font-size:1.1rem;color:var(--muted);}\n"
	".cover h1{margin:.3rem 0 .6rem;font-size:2.4rem;line-height:1.15;}\n"
	".cover .period{margin:0;font-size:1.25rem;}\n"
	".cover .orgnr,.cover .cover-note{margin:.3rem 0 0;color:var(--muted);}\n"
	"h1,h2,h3{margin:2.2rem 0 .8rem;line-height:1.25;break-after:avoid;"
	"page-break-after:avoid;}\n"
	"h1{font-size:1.65rem;}h2{font-size:1.3rem;}h3{font-size:1.1rem;}\n"
	".hnum{display:inline-block;min-width:1.5em;margin-right:.3em;"
	"font-variant-numeric:tabular-nums;}\n"
	"p{margin:0 0 .9rem;}\n"
	".fig{font-variant-numeric:tabular-nums;white-space:nowrap;}\n"
	"code{font-family:\"DejaVu Sans Mono\",\"Liberation Mono\",monospace;font-size:.9em;}\n"
	"a{color:#0b4f8a;}\n"
	"ul.list,ol.list{margin:0 0 1rem;padding-left:1.6rem;}\n"
	"ul.list ul,ol.list ol{margin:.2rem 0;padding-left:1.4rem;}\n"
	".toc{margin:1rem 0 2rem;}\n"
	".toc-title{font-size:1.3rem;font-weight:bold;margin:0 0 .6rem;}\n"
	".toc ol{list-style:none;margin:0;padding:0;}\n"
	".toc li{margin:.25rem 0;}\n"
	".toc a{color:inherit;text-decoration:none;}\n"
	".toc a:hover .toc-text{text-decoration:underline;}\n"
	".toc-l1{font-weight:bold;margin-top:.6rem;}\n"
	".toc-l2{padding-left:2.2em;}.toc-l3{padding-left:4.4em;}\n"
	".toc-num{display:inline-block;min-width:2.6em;font-variant-numeric:tabular-nums;}\n"
	/* Room for the half of a collapsed outer border that lies outside
	 * the table, which print would clip at the page's edge. */
	".table-wrap{overflow-x:auto;margin:1.25rem 0 1.75rem;padding:0 2px;}\n"
	"table{border-collapse:collapse;width:100%;font-size:.92rem;line-height:1.4;}\n"
	"caption{caption-side:top;text-align:left;font-weight:bold;padding:0 0 .45rem;}\n"
	"th,td{padding:.3rem .5rem;text-align:left;vertical-align:top;}\n"
	"thead th{vertical-align:bottom;font-weight:bold;border-bottom:1.5px solid var(--rule);}\n"
	"tbody th{font-weight:normal;}\n"
	".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;}\n"
	".note{text-align:center;white-space:nowrap;}\n"
	".tbl-figures tbody tr+tr>*{border-top:1px solid #e6e6e6;}\n"
	".tbl tbody tr.r-heading>*{font-weight:bold;padding-top:.9rem;}\n"
	".tbl tbody tr.r-subtotal>*{font-weight:bold;border-top:1px solid var(--rule);}\n"
	".tbl tbody tr.r-total>*{font-weight:bold;border-top:1px solid var(--rule);"
	"border-bottom:3px double var(--rule);}\n"
	".i1{padding-left:1.7rem;}.i2{padding-left:2.9rem;}.i3{padding-left:4.1rem;}\n"
	".tbl-grid th,.tbl-grid td{border:1px solid #9a9a9a;}\n"
	".tbl-grid thead th{background:var(--band);}\n"
	".tbl-card{border:1px solid #9a9a9a;}\n"
	".tbl-card caption{background:var(--band);border:1px solid #9a9a9a;border-bottom:0;"
	"padding:.5rem .6rem;}\n"
	".tbl-card th,.tbl-card td{border:1px solid #9a9a9a;}\n"
	".tbl-card tbody th{background:var(--label);font-weight:bold;}\n"
	".cell-list{margin:.15rem 0 0;padding-left:1.2rem;}\n"
	".cell-list li{margin:.1rem 0;}\n"
	".st-green,.tbl-card tbody tr.st-green>th{background:var(--green);}\n"
	".st-yellow,.tbl-card tbody tr.st-yellow>th{background:var(--yellow);}\n"
	".st-red,.tbl-card tbody tr.st-red>th{background:var(--red);}\n"
	".st-label{display:block;margin-top:.3rem;font-size:.78rem;font-weight:bold;"
	"white-space:nowrap;}\n"
	".st-label::before{content:\"\\25cf\\a0\";}\n"
	".st-label-green::before{color:#1d7a35;}.st-label-yellow::before{color:#a57a00;}"
	".st-label-red::before{color:#b3261e;}\n"
	"figure.chart{margin:1.5rem 0 2rem;}\n"
	"figure.chart figcaption{font-weight:bold;margin-bottom:.5rem;}\n"
	"figure.chart svg{display:block;width:100%;height:auto;}\n"
	".signatures{margin-top:1.5rem;}\n"
	".sig-grid{list-style:none;margin:0;padding:0;display:grid;"
	"grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:1rem 2.5rem;}\n"
	".sig{padding-top:3.2rem;}\n"
	".sig-line{border-top:1px solid var(--rule);}\n"
	".sig-name{margin:.35rem 0 0;font-weight:bold;}\n"
	".sig-role{margin:0;color:var(--muted);}\n"
	".page-break{height:0;margin:0;border:0;}\n"
	"@page{size:A4;margin:20mm 18mm 22mm 20mm;"
	"@bottom-right{content:counter(page);font:9pt \"Liberation Sans\",\"DejaVu Sans\",Arial,sans-serif;"
	"color:#5a5a5a;}}\n"
	"@page:first{@top-left{content:none;}@bottom-right{content:none;}}\n"
	"@media print{\n"
	"html{font-size:10.5pt;}\n"
	"body{max-width:none;padding:0;}\n"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact;}\n"
	".cover{border-bottom:0;padding-top:30vh;break-after:page;page-break-after:always;}\n"
	".cover h1{font-size:28pt;}\n"
	".page-break{break-before:page;page-break-before:always;}\n"
	".table-wrap{overflow:visible;}\n"
	"thead{display:table-header-group;}\n"
	"tr,figure,.sig,caption{break-inside:avoid;page-break-inside:avoid;}\n"
	"caption,h1,h2,h3{break-after:avoid;page-break-after:avoid;}\n"
	"a{color:inherit;text-decoration:none;}\n"
	"}\n";

/* The fixed style sheet and the running header, which names the report. */
static void head_style(struct html *h)
{
	put(h, "<style>\n");
	put(h, style_sheet);
	put(h, "@page{@top-left{content:");
	struct doc *d = h->d;
	char *running = xasprintf("%s%s%s", d->org_name ? d->org_name : "",
				  d->org_name && d->title ? " – " : "", d->title ? d->title : "");
	css_string(h, running);
	free(running);
	put(h, ";font:9pt \"Liberation Sans\",\"DejaVu Sans\",Arial,sans-serif;color:#5a5a5a;}}\n"
	       "</style>\n");
}

/* ---- blocks ------------------------------------------------------------------------------ */

static void cover(struct html *h)
{
	struct doc *d = h->d;
	put(h, "<header class=\"cover\">\n");
	if (d->org_name) {
		put(h, "<p class=\"org\">");
		esc(h, d->org_name);
		put(h, "</p>\n");
	}
	put(h, "<h1>");
	esc(h, d->title ? d->title : "Rapport");
	put(h, "</h1>\n");
	if (d->period_text) {
		put(h, "<p class=\"period\">");
		esc(h, d->period_text);
		put(h, "</p>\n");
	}
	if (d->orgnr) {
		put(h, "<p class=\"orgnr\">Organisationsnummer ");
		esc(h, d->orgnr);
		put(h, "</p>\n");
	}
	if (d->cover_note) {
		put(h, "<p class=\"cover-note\">");
		esc(h, d->cover_note);
		put(h, "</p>\n");
	}
	put(h, "</header>\n");
}

static int heading_level(int level)
{
	return level < 1 ? 1 : level > 3 ? 3 : level;
}

static void toc(struct html *h)
{
	struct doc *d = h->d;
	put(h, "<nav class=\"toc\" aria-label=\"Innehållsförteckning\">\n"
	       "<p class=\"toc-title\">Innehåll</p>\n<ol>\n");
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		if (b->kind != DB_HEADING || !b->u.heading.in_toc)
			continue;
		putf(h, "<li class=\"toc-l%d\">", heading_level(b->u.heading.level));
		bool link = b->u.heading.anchor && *b->u.heading.anchor;
		if (link) {
			put(h, "<a href=\"#");
			anchor(h, b->u.heading.anchor);
			put(h, "\">");
		}
		if (b->u.heading.number) {
			put(h, "<span class=\"toc-num\">");
			esc(h, b->u.heading.number);
			put(h, "</span>");
		}
		put(h, "<span class=\"toc-text\">");
		runs_plain(h, &b->u.heading.runs);
		put(h, "</span>");
		if (link)
			put(h, "</a>");
		put(h, "</li>\n");
	}
	put(h, "</ol>\n</nav>\n");
}

static void heading(struct html *h, const struct doc_block *b)
{
	int level = heading_level(b->u.heading.level);
	putf(h, "<h%d", level);
	if (b->u.heading.anchor && *b->u.heading.anchor) {
		put(h, " id=\"");
		anchor(h, b->u.heading.anchor);
		put(h, "\"");
	}
	put(h, ">");
	if (b->u.heading.number) {
		put(h, "<span class=\"hnum\">");
		esc(h, b->u.heading.number);
		put(h, "</span> ");
	}
	runs_inline(h, b->u.heading.runs.v, b->u.heading.runs.n);
	putf(h, "</h%d>\n", level);
}

static void paragraph(struct html *h, const struct doc_runs *r)
{
	put(h, "<p>");
	runs_inline(h, r->v, r->n);
	put(h, "</p>\n");
}

/* A list whose items carry their nesting level: a deeper item opens a
 * list inside the open item (a level that jumps by more than one is taken
 * as one deeper), a shallower one closes lists back to its level. */
static void list(struct html *h, const struct doc_block *b)
{
	const char *tag = b->u.list.ordered ? "ol" : "ul";
	int depth = -1;
	for (size_t i = 0; i < b->u.list.nitems; i++) {
		const struct doc_list_item *it = &b->u.list.items[i];
		int level = it->level < 0 ? 0 : it->level;
		if (level > depth + 1)
			level = depth + 1;
		if (level > depth) {
			putf(h, depth < 0 ? "<%s class=\"list\">\n" : "<%s>\n", tag);
			depth = level;
		} else {
			put(h, "</li>\n");
			for (; depth > level; depth--)
				putf(h, "</%s></li>\n", tag);
		}
		put(h, "<li>");
		runs_inline(h, it->runs.v, it->runs.n);
	}
	if (depth < 0)
		return;
	put(h, "</li>\n");
	for (; depth > 0; depth--)
		putf(h, "</%s></li>\n", tag);
	putf(h, "</%s>\n", tag);
}

/* ---- tables ------------------------------------------------------------------------------ */

static const char *const status_class[] = { "", "green", "yellow", "red" };
static const char *const status_label[] = { "", "Uppnått", "Delvis uppnått",
					    "Ej uppnått" };

/* The status in words, so that colour is not its only sign. */
static void status_text(struct html *h, enum doc_status s)
{
	putf(h, "<span class=\"st-label st-label-%s\">%s</span>", status_class[s], status_label[s]);
}

static bool runs_empty(const struct doc_runs *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].text[0])
			return false;
	return true;
}

static bool is_note_column(const struct doc_column *c)
{
	return c->type == DC_TEXT && c->title && strcasecmp(c->title, "Not") == 0;
}

static const char *table_class(enum doc_table_style s)
{
	switch (s) {
	case DTS_GRID: return "tbl tbl-grid";
	case DTS_CARD: return "tbl tbl-card";
	case DTS_FIGURES: break;
	}
	return "tbl tbl-figures";
}

static const char *row_class(enum doc_row_kind k)
{
	switch (k) {
	case DR_HEADING: return "r-heading";
	case DR_SUBTOTAL: return "r-subtotal";
	case DR_TOTAL: return "r-total";
	case DR_NORMAL: break;
	}
	return NULL;
}

/* Column widths as shares of the table, from the relative widths. */
static void colgroup(struct html *h, const struct doc_table *t)
{
	long total = 0;
	for (size_t i = 0; i < t->ncols; i++)
		total += t->cols[i].width > 0 ? t->cols[i].width : 0;
	if (total <= 0)
		return;
	put(h, "<colgroup>");
	for (size_t i = 0; i < t->ncols; i++) {
		/* Tenths of a percent in integers: no locale can turn the
		 * point into a comma. */
		long w = t->cols[i].width > 0 ? t->cols[i].width : 0;
		long tenths = (w * 1000 + total / 2) / total;
		putf(h, "<col style=\"width:%ld.%ld%%\">", tenths / 10, tenths % 10);
	}
	put(h, "</colgroup>\n");
}

static void thead(struct html *h, const struct doc_table *t)
{
	put(h, "<thead><tr>");
	for (size_t i = 0; i < t->ncols; i++) {
		const struct doc_column *c = &t->cols[i];
		put(h, c->type != DC_TEXT ? "<th scope=\"col\" class=\"num\">"
			: is_note_column(c) ? "<th scope=\"col\" class=\"note\">"
					    : "<th scope=\"col\">");
		const char *title = c->title ? c->title : "";
		for (const char *p = title;;) {
			const char *nl = strchr(p, '\n');
			char *line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
			esc(h, line);
			free(line);
			if (!nl)
				break;
			put(h, "<br>");
			p = nl + 1;
		}
		put(h, "</th>");
	}
	put(h, "</tr></thead>\n");
}

/* One cell; `label` makes it the row's header, `row_status` is the
 * row's status when this cell is to say it in words. */
static void cell(struct html *h, const struct doc_table *t, const struct doc_row *r, size_t i,
		 bool label, enum doc_status row_status)
{
	const struct doc_column *col = &t->cols[i];
	const struct doc_cell *c = &r->cells[i];
	const char *tag = label ? "th" : "td";
	putf(h, "<%s", tag);
	if (label)
		put(h, " scope=\"row\"");
	/* Classes: alignment, indentation of the first cell, status. */
	char cls[64] = "";
	size_t o = 0;
	if (col->type != DC_TEXT)
		o += (size_t)snprintf(cls + o, sizeof cls - o, " num");
	else if (is_note_column(col))
		o += (size_t)snprintf(cls + o, sizeof cls - o, " note");
	if (i == 0 && r->indent > 0)
		o += (size_t)snprintf(cls + o, sizeof cls - o, " i%d", r->indent > 3 ? 3 : r->indent);
	if (doc_status_valid(c->status))
		snprintf(cls + o, sizeof cls - o, " st-%s", status_class[c->status]);
	if (cls[0])
		putf(h, " class=\"%s\"", cls + 1);
	put(h, ">");

	if (col->type != DC_TEXT && c->has_value) {
		char num[TYPO_BUF];
		esc(h, typo_cell(c, col->type, num, sizeof num));
	} else if (!runs_empty(&c->runs)) {
		cell_runs(h, &c->runs);
	} else if (c->note) {
		esc(h, c->note);
	}
	if (doc_status_valid(c->status))
		status_text(h, c->status);
	else if (doc_status_valid(row_status))
		status_text(h, row_status);
	putf(h, "</%s>", tag);
}

static void table(struct html *h, const struct doc_table *t)
{
	put(h, "<div class=\"table-wrap\">\n");
	putf(h, "<table class=\"%s\"", table_class(t->style));
	if (t->key && *t->key) {
		put(h, " id=\"t-");
		anchor(h, t->key);
		put(h, "\"");
	}
	put(h, ">\n");
	if (t->title) {
		put(h, "<caption>");
		esc(h, t->title);
		put(h, "</caption>\n");
	}
	colgroup(h, t);
	if (t->header)
		thead(h, t);
	put(h, "<tbody>\n");
	for (size_t ri = 0; ri < t->nrows; ri++) {
		const struct doc_row *r = &t->rows[ri];
		const char *rc = row_class(r->kind);
		bool rs = doc_status_valid(r->status);
		put(h, "<tr");
		if (rc || rs)
			putf(h, " class=\"%s%s%s%s\"", rc ? rc : "", rc && rs ? " " : "",
			     rs ? "st-" : "", rs ? status_class[r->status] : "");
		put(h, ">");
		/* The row's status is said in words in its first cell, unless
		 * its cells say their own. */
		bool cells_say = false;
		for (size_t i = 0; i < t->ncols; i++)
			cells_say = cells_say || doc_status_valid(r->cells[i].status);
		for (size_t i = 0; i < t->ncols; i++) {
			bool label = i == 0 && t->cols[0].type == DC_TEXT &&
				     !runs_empty(&r->cells[0].runs);
			cell(h, t, r, i, label, i == 0 && rs && !cells_say ? r->status : DS_NONE);
		}
		put(h, "</tr>\n");
	}
	put(h, "</tbody>\n</table>\n</div>\n");
}

/* ---- charts ------------------------------------------------------------------------------ */

/* Where an id is defined or referred to in an SVG (at or after p): the
 * start of the mark, whose length goes to *len. */
static const char *next_mark(const char *p, size_t *len)
{
	static const char *const marks[] = { " id=\"", "\nid=\"", "\tid=\"", "href=\"#", "url(#" };
	const char *best = NULL;
	size_t blen = 0;
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		const char *m = strstr(p, marks[i]);
		if (m && (!best || m < best)) {
			best = m;
			blen = strlen(marks[i]);
		}
	}
	if (len)
		*len = blen;
	return best;
}

/* The SVG of chart number n, inline: any XML prolog dropped and the ids
 * renamed "cN-1", "cN-2", … in the order they are defined (references
 * alike). chart_svg names its ids after the chart's content, so the same
 * chart twice in a report would clash; numbering them by place in the
 * page makes every id unique and the page the same for the same doc. */
static void inline_svg(struct html *h, const char *svg, int n)
{
	const char *p = strstr(svg, "<svg");
	if (!p) {
		error_set(h->err, ERR_INTERNAL, "diagrammet blev ingen SVG");
		return;
	}
	/* The root tag: namespace declarations dropped (HTML puts <svg> in
	 * its namespace by itself, and the page then names no outside URL),
	 * width and height in points as plain user units (HTML wants numbers
	 * there; the style sheet scales the chart to the column anyway). */
	const char *end = strchr(p, '>');
	if (!end) {
		error_set(h->err, ERR_INTERNAL, "diagrammet blev ingen SVG");
		return;
	}
	put(h, "<svg");
	for (const char *q = p + 4; q < end;) {
		while (q < end && (*q == ' ' || *q == '\n' || *q == '\t' || *q == '\r'))
			q++;
		const char *eq = memchr(q, '=', (size_t)(end - q));
		if (!eq || eq + 1 >= end || (eq[1] != '"' && eq[1] != '\''))
			break;
		const char *close = memchr(eq + 2, eq[1], (size_t)(end - eq - 2));
		if (!close)
			break;
		size_t nlen = (size_t)(eq - q), vlen = (size_t)(close - eq - 2);
		bool xmlns = nlen >= 5 && strncmp(q, "xmlns", 5) == 0;
		bool size = (nlen == 5 && strncmp(q, "width", 5) == 0) ||
			    (nlen == 6 && strncmp(q, "height", 6) == 0);
		if (size && vlen > 2 && strncmp(close - 2, "pt", 2) == 0)
			vlen -= 2;
		if (!xmlns) {
			put(h, " ");
			putn(h, q, nlen);
			put(h, "=\"");
			putn(h, eq + 2, vlen);
			put(h, "\"");
		}
		q = close + 1;
	}
	p = end;

	/* The ids, in the order they are defined. */
	char **ids = NULL;
	size_t nids = 0, cap = 0;
	for (const char *q = next_mark(p, NULL); q; q = next_mark(q + 1, NULL)) {
		size_t mlen;
		next_mark(q, &mlen);
		if (q[mlen - 1] != '"' || q[mlen - 2] != '=' || q[mlen - 3] != 'd')
			continue; /* a reference, not a definition */
		size_t len = strcspn(q + mlen, "\"");
		ids = xgrow(ids, &cap, nids + 1, sizeof *ids);
		ids[nids++] = xstrndup(q + mlen, len);
	}
	/* Each id and reference becomes "cN-K", K its place in that order. */
	for (const char *q; (q = next_mark(p, NULL));) {
		size_t mlen;
		next_mark(q, &mlen);
		putn(h, p, (size_t)(q - p) + mlen);
		const char *name = q + mlen;
		size_t len = strcspn(name, "\")");
		size_t k = 0;
		while (k < nids && (strlen(ids[k]) != len || strncmp(ids[k], name, len) != 0))
			k++;
		if (k < nids)
			putf(h, "%sc%d-%zu", h->ids, n, k + 1);
		else
			putf(h, "%sc%d-x", h->ids, n); /* a reference to nothing stays one */
		p = name + len;
	}
	put(h, p);
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
}

static void chart(struct html *h, const struct doc_chart *c)
{
	const char *alt = c->alt && *c->alt ? c->alt : c->title;
	/* The title is the figure's caption, as text the reader can select
	 * and search, so the drawing goes without it. */
	struct doc_chart untitled = *c;
	untitled.title = NULL;
	char *svg = chart_svg(&untitled, CHART_W, CHART_H, h->err);
	if (!svg) {
		if (!error_isset(h->err))
			error_set(h->err, ERR_INTERNAL, "diagrammet ”%s” kunde inte ritas",
				  c->title ? c->title : "");
		return;
	}
	h->charts++;
	put(h, "<figure class=\"chart\" role=\"img\"");
	if (alt) {
		put(h, " aria-label=\"");
		esc(h, alt);
		put(h, "\"");
	}
	put(h, ">\n");
	if (c->title) {
		put(h, "<figcaption>");
		esc(h, c->title);
		put(h, "</figcaption>\n");
	}
	if (h->sink) {
		char *url = h->sink->put(h->sink->ctx, svg);
		put(h, "<img src=\"");
		esc(h, url);
		putf(h, "\" alt=\"\" width=\"%d\" height=\"%d\">", (int)CHART_W, (int)CHART_H);
		free(url);
	} else {
		inline_svg(h, svg, h->charts);
		free(svg);
	}
	put(h, "\n</figure>\n");
}

/* ---- signatures -------------------------------------------------------------------------- */

static void signatures(struct html *h, const struct doc_block *b)
{
	put(h, "<section class=\"signatures\" aria-label=\"Underskrifter\">\n");
	if (b->u.signatures.intro) {
		put(h, "<p>");
		esc(h, b->u.signatures.intro);
		put(h, "</p>\n");
	}
	put(h, "<ul class=\"sig-grid\">\n");
	for (size_t i = 0; i < b->u.signatures.n; i++) {
		const struct doc_signature *s = &b->u.signatures.v[i];
		put(h, "<li class=\"sig\"><div class=\"sig-line\"></div><p class=\"sig-name\">");
		esc(h, s->name);
		put(h, "</p><p class=\"sig-role\">");
		esc(h, s->role);
		put(h, "</p></li>\n");
	}
	put(h, "</ul>\n</section>\n");
}

/* ---- the page ---------------------------------------------------------------------------- */

static void block(struct html *h, const struct doc_block *b)
{
	switch (b->kind) {
	case DB_HEADING: heading(h, b); break;
	case DB_PARAGRAPH: paragraph(h, &b->u.paragraph); break;
	case DB_LIST: list(h, b); break;
	case DB_TABLE:
		if (b->u.table)
			table(h, b->u.table);
		break;
	case DB_CHART:
		if (b->u.chart)
			chart(h, b->u.chart);
		break;
	case DB_SIGNATURES: signatures(h, b); break;
	case DB_TOC: toc(h); break;
	case DB_PAGEBREAK: put(h, "<div class=\"page-break\"></div>\n"); break;
	}
}

/* The whole page (whole) or the blocks alone, with SVG ids prefixed by
 * ids or the charts given to sink. */
static char *render(struct doc *d, bool whole, const char *ids,
		    const struct render_chart_sink *sink, struct error *err)
{
	struct html h = { .d = d, .ids = ids, .sink = sink, .err = err };
	buf_init(&h.out, HTML_MAX);
	if (!whole) {
		put(&h, "<div class=\"rapport\">\n");
		for (size_t i = 0; i < d->nblocks && !error_isset(err) && !h.full; i++)
			block(&h, &d->blocks[i]);
		put(&h, "</div>\n");
		goto done;
	}
	put(&h, "<!DOCTYPE html>\n<html lang=\"");
	esc(&h, d->lang && *d->lang ? d->lang : "sv");
	put(&h, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"finsam\">\n<title>");
	esc(&h, d->title ? d->title : "Rapport");
	if (d->org_name) {
		put(&h, " – ");
		esc(&h, d->org_name);
	}
	put(&h, "</title>\n");
	head_style(&h);
	put(&h, "</head>\n<body>\n");
	cover(&h);
	put(&h, "<main>\n");
	for (size_t i = 0; i < d->nblocks && !error_isset(err) && !h.full; i++)
		block(&h, &d->blocks[i]);
	put(&h, "</main>\n</body>\n</html>\n");
done:
	if (h.full)
		error_set(err, ERR_INTERNAL, "rapporten blir större än %zu MiB som HTML",
			  HTML_MAX / (1024 * 1024));
	if (error_isset(err)) {
		buf_free(&h.out);
		return NULL;
	}
	return buf_take(&h.out);
}

char *render_html_string(struct doc *d, struct error *err)
{
	return render(d, true, "", NULL, err);
}

char *render_html_fragment(struct doc *d, const char *id_prefix,
			   const struct render_chart_sink *sink, struct error *err)
{
	return render(d, false, id_prefix, sink, err);
}

static bool write_html(struct doc *d, const char *path, struct error *err)
{
	char *s = render_html_string(d, err);
	if (!s)
		return false;
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(s, 1, strlen(s), f) == strlen(s);
	int saved = errno;
	if (f && fclose(f) != 0 && ok) {
		saved = errno;
		ok = false;
	}
	if (!ok)
		error_set(err, ERR_INTERNAL, "%s", strerror(saved));
	free(s);
	return ok;
}

const struct renderer render_html = { "html", ".html", write_html };
