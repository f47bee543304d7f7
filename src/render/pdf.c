/*
 * pdf — the report as a print-quality A4 PDF, set with cairo and pango.
 *
 * The document is typeset in three steps:
 *
 *  1. Every block is prepared once: its text is shaped into PangoLayouts
 *     at the width it will have (a block's width never depends on the page
 *     it lands on) and the vertical share of every line is recorded, so a
 *     paragraph, a list or a table cell can later be cut between lines.
 *  2. A measuring pass walks the blocks and puts them on pages: headings
 *     stay with the first lines of what follows, paragraphs break between
 *     lines with two lines at least on either side, tables break between
 *     rows with the caption and column headers repeated ("(forts.)"), and a
 *     row too tall for what is left is cut between its lines. It learns on
 *     which page each heading lands and how many pages there are.
 *  3. The same walk runs again and draws, now that "Sida N av M" and the
 *     table of contents' page numbers are known.
 *
 * Because the walk is one function run twice, what is drawn is exactly
 * what was measured. The table of contents' height does not depend on its
 * page numbers (they sit in a column of fixed width), so the measuring
 * pass repeats only until the pages are stable: twice in practice.
 *
 * Page 1 is the cover; the body starts on page 2. Pages are numbered
 * physically (the cover is page 1, as in the förbund's own reports), and
 * every page after the cover has the förbund's name in a running header
 * and "Sida N av M" in the footer. Headings become named destinations
 * and PDF bookmarks; the table of contents' entries link to them.
 *
 * Status colours (goal matrices, cards) are soft tones with a marker and
 * a word ("Uppnått", "Delvis uppnått", "Ej uppnått"), so the status does
 * not rest on colour alone. A row's status with no cell status of its own
 * colours the row's last cell (the outcome in a matrix, the value in a
 * card).
 *
 * With SOURCE_DATE_EPOCH set the creation date is taken from it, and two
 * renders of the same document are byte-identical.
 */
#include "render/render.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/chart.h"
#include "report/typo.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* ---- page geometry, in points ----------------------------------------------------------- */

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define MARGIN_X (25.0 * MM)            /* left and right */
#define TEXT_W (PAGE_W - 2 * MARGIN_X)  /* 160 mm */
#define BODY_TOP (25.0 * MM)
#define BODY_BOTTOM (PAGE_H - 22.0 * MM)
#define BODY_H (BODY_BOTTOM - BODY_TOP)
#define HEADER_BASE (14.0 * MM)         /* baseline of the running header */
#define HEADER_RULE (16.0 * MM)
#define FOOTER_BASE (PAGE_H - 12.0 * MM)
#define EPS 0.01

#define CHART_H (TEXT_W * 0.5)
#define INDENT_STEP 10.0    /* a table row's indent level */
#define BULLET_INDENT 10.0  /* text of a bullet in a table cell */
#define LIST_STEP 18.0      /* a list's nesting level */
#define LIST_HANG 14.0      /* from a list item's marker to its text */
#define TOC_STEP 14.0       /* a table of contents entry's level */
#define TOC_PAGE_W 30.0     /* the page number column */
#define SPLIT_ROW 72.0      /* rows taller than this may break across pages */
#define MIN_SLICE 30.0      /* ... when at least this much fits */
#define FIRST_ROWS 40.0     /* of a table's first row, kept with its caption */
#define SIGN_SPACE 34.0     /* room to sign above the line */
#define SIGN_GUTTER 28.0

/* ---- fonts and colours ------------------------------------------------------------------ */

/* Families by fontconfig name, with fallbacks; pango picks per glyph. */
#define SERIF "Liberation Serif,DejaVu Serif,DejaVu Sans"
#define SANS "Liberation Sans,DejaVu Sans"
#define MONO "Liberation Mono,DejaVu Sans Mono"

enum font {
	F_BODY,        /* paragraphs, lists, signature intro */
	F_TD,          /* table cells */
	F_TH,          /* column headers */
	F_CAPTION,     /* a table's title, a card's band */
	F_STATUS,      /* the word beside a status colour */
	F_FURNITURE,   /* running header and footer */
	F_H1,
	F_H2,
	F_H3,
	F_TOC1,        /* level-1 entries of the table of contents */
	F_TOC2,        /* deeper entries */
	F_SIGN_NAME,
	F_SIGN_ROLE,
	F_COVER_ORG,
	F_COVER_TITLE,
	F_COVER_PERIOD,
	F_COVER_NOTE,
	F_COVER_SMALL,
	NFONTS
};

static const struct fontspec {
	const char *family;
	double size;   /* points */
	bool bold;
	bool italic;
} FONTS[NFONTS] = {
	[F_BODY] = { SERIF, 10.5, false, false },
	[F_TD] = { SANS, 9.0, false, false },
	[F_TH] = { SANS, 8.5, true, false },
	[F_CAPTION] = { SANS, 10.0, true, false },
	[F_STATUS] = { SANS, 7.5, true, false },
	[F_FURNITURE] = { SANS, 8.0, false, false },
	[F_H1] = { SANS, 15.0, true, false },
	[F_H2] = { SANS, 12.5, true, false },
	[F_H3] = { SANS, 11.0, true, false },
	[F_TOC1] = { SANS, 10.0, true, false },
	[F_TOC2] = { SANS, 10.0, false, false },
	[F_SIGN_NAME] = { SANS, 10.0, false, false },
	[F_SIGN_ROLE] = { SANS, 9.0, false, true },
	[F_COVER_ORG] = { SANS, 16.0, true, false },
	[F_COVER_TITLE] = { SANS, 34.0, true, false },
	[F_COVER_PERIOD] = { SANS, 16.0, false, false },
	[F_COVER_NOTE] = { SANS, 11.0, false, true },
	[F_COVER_SMALL] = { SANS, 10.0, false, false },
};

struct rgb {
	double r, g, b;
};

static const struct rgb C_TEXT = { 0.10, 0.10, 0.10 };
static const struct rgb C_ACCENT = { 0.122, 0.306, 0.475 }; /* #1f4e79 */
static const struct rgb C_MUTED = { 0.36, 0.36, 0.36 };
static const struct rgb C_RULE = { 0.15, 0.15, 0.15 };
static const struct rgb C_GRID = { 0.56, 0.62, 0.69 };
static const struct rgb C_SHADE = { 0.902, 0.925, 0.953 };  /* label column, grid header */
static const struct rgb C_WHITE = { 1.0, 1.0, 1.0 };
static const struct rgb C_LINK = { 0.05, 0.27, 0.60 };

static const struct statusspec {
	struct rgb bg;      /* the cell's background */
	struct rgb fg;      /* the marker and the word */
	const char *label;
} STATUS[] = {
	[DS_NONE] = { { 1.0, 1.0, 1.0 }, { 0.0, 0.0, 0.0 }, NULL },
	[DS_GREEN] = { { 0.851, 0.929, 0.827 }, { 0.16, 0.47, 0.18 }, "Uppnått" },
	[DS_YELLOW] = { { 1.0, 0.945, 0.741 }, { 0.58, 0.43, 0.0 }, "Delvis uppnått" },
	[DS_RED] = { { 0.973, 0.816, 0.796 }, { 0.70, 0.14, 0.11 }, "Ej uppnått" },
};

/* ---- prepared text ---------------------------------------------------------------------- */

/* A link inside a piece's text. */
struct link {
	unsigned start, end;   /* byte range in the layout's text */
	const char *uri;       /* the doc's string */
};

/* One layout of a text, with an optional marker beside its first line. */
struct piece {
	PangoLayout *lay;
	PangoLayout *mark;     /* bullet, item or heading number, or NULL */
	double x;              /* left edge of the text within its block */
	double mark_x;         /* left edge of the mark */
	struct rgb color;      /* where no attribute says otherwise */
	struct link *links;
	size_t nlinks;
};

/* A line of a text, in the text's coordinates (0 = its top). */
struct tline {
	PangoLayoutLine *line; /* owned by its piece's layout */
	size_t piece;
	bool first;            /* the piece's first line: the mark goes beside it */
	double x;              /* left edge of the line */
	double top, bottom;    /* the line's share of the height */
	double baseline;
};

/* Pieces stacked vertically: a paragraph, a list, a heading, a cell. */
struct text {
	struct piece *pieces;
	size_t npieces, pcap;
	struct tline *lines;
	size_t nlines, lcap;
	double height;
};

/* ---- prepared blocks -------------------------------------------------------------------- */

struct prow {
	struct text *cells;    /* one per column */
	double *off;           /* top of each cell's text within the row */
	double height;         /* with padding */
};

struct ptable {
	const struct doc_table *t;
	double *cx, *cw;       /* columns' left edges and widths */
	double padx, pady;     /* cell padding */
	struct text caption;   /* title above (figures, grid) or the card's band */
	struct text caption_cont;  /* the same with " (forts.)" */
	bool has_head;
	struct prow head;      /* column titles */
	struct prow *rows;
};

struct ptoc {
	size_t block;          /* the heading's block */
	int level;
	struct text text;      /* number (as the mark) and title */
};

struct pblock {
	double before, after;  /* space around the block (collapsing) */
	struct text text;      /* heading, paragraph, list, TOC title, signature intro */
	struct ptable *table;
	struct ptoc *toc;
	size_t ntoc;
	struct text *places;   /* signatures: name and role of each */
	size_t nplaces;
	double place_h;        /* the tallest place's text */
};

/* ---- the renderer's state --------------------------------------------------------------- */

struct pdf {
	struct doc *d;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fm;
	PangoContext *pc;
	PangoFontDescription *fonts[NFONTS];
	struct pblock *blocks; /* one per doc block */
	bool draw;             /* the drawing pass (else measuring) */
	int page;              /* current page, 1-based; 1 is the cover */
	int npages;            /* pages found by the previous pass */
	double y;              /* next free position on the page */
	double pending;        /* space owed after the previous block */
	bool at_top;           /* nothing placed in this page's body yet */
	int *head_page;        /* page of each heading block, this pass */
	const int *toc_page;   /* the same from the previous pass */
	int outline[4];        /* last bookmark id per heading level */
};

static void set_rgb(cairo_t *cr, struct rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

static double units(int u)
{
	return pango_units_to_double(u);
}

/* A number for a cairo attribute string, independent of the locale. */
static const char *num(char *buf, size_t size, double v)
{
	return g_ascii_formatd(buf, (gint)size, "%.2f", v);
}

/* Append s to b, replacing invalid UTF-8 (pango refuses it). */
static void put_valid(struct buf *b, const char *s)
{
	if (g_utf8_validate(s, -1, NULL)) {
		buf_puts(b, s);
		return;
	}
	char *ok = g_utf8_make_valid(s, -1);
	buf_puts(b, ok);
	g_free(ok);
}

/* ---- layouts ---------------------------------------------------------------------------- */

static PangoLayout *layout_new(struct pdf *p, enum font f, double width, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(p->pc);
	pango_layout_set_font_description(l, p->fonts[f]);
	if (width > 0) {
		pango_layout_set_width(l, pango_units_from_double(width));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, align);
	if (f == F_BODY)
		pango_layout_set_line_spacing(l, 1.15f);
	return l;
}

/* A one-line layout of s (no wrapping). */
static PangoLayout *layout_line(struct pdf *p, enum font f, const char *s)
{
	PangoLayout *l = layout_new(p, f, 0, PANGO_ALIGN_LEFT);
	struct buf b = BUF_INIT(0);
	put_valid(&b, s);
	pango_layout_set_text(l, buf_cstr(&b), -1);
	buf_free(&b);
	return l;
}

static double layout_width(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return units(r.width);
}

static double layout_height(PangoLayout *l)
{
	int h;
	pango_layout_get_size(l, NULL, &h);
	return units(h);
}

static void attr_add(PangoAttrList *l, PangoAttribute *a, size_t start, size_t end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(l, a);
}

static guint16 c16(double v)
{
	return (guint16)lround(v * 65535.0);
}

static struct piece piece_new(void)
{
	struct piece pc;
	memset(&pc, 0, sizeof pc);
	pc.color = C_TEXT;
	return pc;
}

/* Set the runs v[0..n) into pc->lay, each with the style bits `force`
 * added; links are collected into pc->links. A hard break at the very end
 * is dropped (it would only leave an empty line). */
static void piece_runs(struct pdf *p, struct piece *pc, const struct doc_run *v, size_t n,
		       unsigned force, enum font f, double width, PangoAlignment align)
{
	struct buf b = BUF_INIT(0);
	PangoAttrList *attrs = pango_attr_list_new();
	size_t nlinks = 0;
	for (size_t i = 0; i < n; i++)
		nlinks += v[i].link != NULL;
	pc->links = nlinks ? xcalloc(nlinks, sizeof *pc->links) : NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned st = v[i].style | force;
		size_t start = b.len;
		put_valid(&b, v[i].text);
		size_t end = b.len;
		if (end == start)
			continue;
		if (st & DOC_BOLD)
			attr_add(attrs, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
		if (st & DOC_ITALIC)
			attr_add(attrs, pango_attr_style_new(PANGO_STYLE_ITALIC), start, end);
		if ((st & DOC_UNDERLINE) || v[i].link)
			attr_add(attrs, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), start, end);
		if (st & DOC_CODE) {
			attr_add(attrs, pango_attr_family_new(MONO), start, end);
			attr_add(attrs, pango_attr_scale_new(0.9), start, end);
		}
		if (v[i].link) {
			attr_add(attrs, pango_attr_foreground_new(c16(C_LINK.r), c16(C_LINK.g), c16(C_LINK.b)),
				 start, end);
			pc->links[pc->nlinks++] = (struct link){ (unsigned)start, (unsigned)end, v[i].link };
		}
	}
	size_t len = b.len;
	while (len > 0 && b.data[len - 1] == '\n')
		len--;
	pc->lay = layout_new(p, f, width, align);
	pango_layout_set_text(pc->lay, len ? b.data : "", (int)len);
	pango_layout_set_attributes(pc->lay, attrs);
	pango_attr_list_unref(attrs);
	buf_free(&b);
}

/* A piece of plain text (style bits as in a run). */
static void piece_text(struct pdf *p, struct piece *pc, const char *s, unsigned style, enum font f,
		       double width, PangoAlignment align)
{
	struct doc_run run = { (char *)(uintptr_t)s, style, NULL };
	piece_runs(p, pc, &run, 1, 0, f, width, align);
}

/* Stack a piece under what `t` holds, `gap` points below it. */
static void text_push(struct text *t, struct piece pc, double gap)
{
	double top = t->npieces ? t->height + gap : 0;
	t->pieces = xgrow(t->pieces, &t->pcap, t->npieces + 1, sizeof *t->pieces);
	size_t k = t->npieces++;
	t->pieces[k] = pc;
	PangoLayoutIter *it = pango_layout_get_iter(pc.lay);
	bool first = true;
	double bottom = top;
	do {
		int ya, yb;
		PangoRectangle log;
		pango_layout_iter_get_line_yrange(it, &ya, &yb);
		pango_layout_iter_get_line_extents(it, NULL, &log);
		t->lines = xgrow(t->lines, &t->lcap, t->nlines + 1, sizeof *t->lines);
		struct tline *ln = &t->lines[t->nlines++];
		ln->line = pango_layout_iter_get_line_readonly(it);
		ln->piece = k;
		ln->first = first;
		first = false;
		ln->x = pc.x + units(log.x);
		ln->top = top + units(ya);
		ln->bottom = top + units(yb);
		ln->baseline = top + units(pango_layout_iter_get_baseline(it));
		bottom = ln->bottom;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	t->height = fmax(bottom, top + layout_height(pc.lay));
}

static void text_free(struct text *t)
{
	for (size_t i = 0; i < t->npieces; i++) {
		g_object_unref(t->pieces[i].lay);
		if (t->pieces[i].mark)
			g_object_unref(t->pieces[i].mark);
		free(t->pieces[i].links);
	}
	free(t->pieces);
	free(t->lines);
	memset(t, 0, sizeof *t);
}

/* The height of the first k lines (all when fewer). */
static double text_first_lines(const struct text *t, size_t k)
{
	if (t->nlines == 0)
		return 0;
	return t->lines[(k < t->nlines ? k : t->nlines) - 1].bottom;
}

/* Write s into a cairo attribute string as a quoted string. */
static void put_quoted(struct buf *b, const char *s)
{
	buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '\'');
}

/* Link annotations over the parts of `ln` that are links. */
static void line_links(struct pdf *p, const struct piece *pc, const struct tline *ln, double x,
		       double y)
{
	int ls = ln->line->start_index, le = ls + ln->line->length;
	for (size_t k = 0; k < pc->nlinks; k++) {
		int s = (int)pc->links[k].start > ls ? (int)pc->links[k].start : ls;
		int e = (int)pc->links[k].end < le ? (int)pc->links[k].end : le;
		if (s >= e)
			continue;
		int xs, xe;
		pango_layout_line_index_to_x(ln->line, s, 0, &xs);
		pango_layout_line_index_to_x(ln->line, e, 0, &xe);
		double x0 = x + ln->x + units(xs < xe ? xs : xe);
		double w = fabs(units(xe - xs));
		char n1[G_ASCII_DTOSTR_BUF_SIZE], n2[G_ASCII_DTOSTR_BUF_SIZE];
		char n3[G_ASCII_DTOSTR_BUF_SIZE], n4[G_ASCII_DTOSTR_BUF_SIZE];
		struct buf a = BUF_INIT(0);
		buf_puts(&a, "uri=");
		put_quoted(&a, pc->links[k].uri);
		buf_printf(&a, " rect=[%s %s %s %s]", num(n1, sizeof n1, x0),
			   num(n2, sizeof n2, y + ln->top), num(n3, sizeof n3, w),
			   num(n4, sizeof n4, ln->bottom - ln->top));
		cairo_tag_begin(p->cr, CAIRO_TAG_LINK, buf_cstr(&a));
		cairo_tag_end(p->cr, CAIRO_TAG_LINK);
		buf_free(&a);
	}
}

/* Draw the lines of t whose top lies in [lo, hi), with the text's top
 * at (x, y). */
static void text_draw(struct pdf *p, const struct text *t, double x, double y, double lo, double hi)
{
	cairo_t *cr = p->cr;
	for (size_t i = 0; i < t->nlines; i++) {
		const struct tline *ln = &t->lines[i];
		if (ln->top < lo - EPS || ln->top >= hi - EPS)
			continue;
		const struct piece *pc = &t->pieces[ln->piece];
		double base = y + ln->baseline;
		set_rgb(cr, pc->color);
		cairo_move_to(cr, x + ln->x, base);
		pango_cairo_show_layout_line(cr, ln->line);
		if (ln->first && pc->mark) {
			cairo_move_to(cr, x + pc->mark_x, base);
			pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(pc->mark, 0));
		}
		if (pc->nlinks)
			line_links(p, pc, ln, x, y);
	}
}

static void text_draw_all(struct pdf *p, const struct text *t, double x, double y)
{
	text_draw(p, t, x, y, -HUGE_VAL, HUGE_VAL);
}

/* Draw a one-line string with its baseline at `base`; align -1 left of x,
 * 0 centred on x, 1 ending at x. */
static void show_line(struct pdf *p, enum font f, const char *s, double x, double base, int align,
		      struct rgb c)
{
	PangoLayout *l = layout_line(p, f, s);
	double w = layout_width(l);
	set_rgb(p->cr, c);
	cairo_move_to(p->cr, align < 0 ? x : align == 0 ? x - w / 2 : x - w, base);
	pango_cairo_show_layout_line(p->cr, pango_layout_get_line_readonly(l, 0));
	g_object_unref(l);
}

/* Draw s wrapped to the text width with its top at y; returns its height. */
static double show_para(struct pdf *p, enum font f, const char *s, double y, struct rgb c)
{
	PangoLayout *l = layout_line(p, f, s);
	pango_layout_set_width(l, pango_units_from_double(TEXT_W));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	set_rgb(p->cr, c);
	cairo_move_to(p->cr, MARGIN_X, y);
	pango_cairo_show_layout(p->cr, l);
	double h = layout_height(l);
	g_object_unref(l);
	return h;
}

static void hline(cairo_t *cr, double x0, double x1, double y, double width, struct rgb c)
{
	set_rgb(cr, c);
	cairo_set_line_width(cr, width);
	cairo_move_to(cr, x0, y);
	cairo_line_to(cr, x1, y);
	cairo_stroke(cr);
}

/* The runs' text without styles (bookmarks). */
static void runs_plain(struct buf *b, const struct doc_runs *r)
{
	for (size_t i = 0; i < r->n; i++)
		put_valid(b, strcmp(r->v[i].text, "\n") == 0 ? " " : r->v[i].text);
}

static bool runs_blank(const struct doc_run *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (const char *s = v[i].text; *s; s++)
			if (*s != ' ' && *s != '\n' && *s != '\t')
				return false;
	return true;
}

/* A cell's runs as pieces: plain text, and a bulleted piece from each
 * DOC_BULLET run up to the next one. */
static void cell_runs(struct pdf *p, struct text *tx, const struct doc_runs *runs, unsigned force,
		      double w, PangoAlignment al, double x0)
{
	size_t s = 0;
	while (s < runs->n) {
		size_t e = s + 1;
		while (e < runs->n && !(runs->v[e].style & DOC_BULLET))
			e++;
		bool bullet = runs->v[s].style & DOC_BULLET;
		if (!runs_blank(runs->v + s, e - s)) {
			struct piece pc = piece_new();
			double bx = bullet ? BULLET_INDENT : 0;
			piece_runs(p, &pc, runs->v + s, e - s, force, F_TD, w - bx,
				   bullet ? PANGO_ALIGN_LEFT : al);
			pc.x = x0 + bx;
			if (bullet) {
				pc.mark = layout_line(p, F_TD, "\u2022");
				pc.mark_x = x0 + 1;
			}
			text_push(tx, pc, tx->npieces ? 2 : 0);
		}
		s = e;
	}
}

/* ---- preparing blocks ------------------------------------------------------------------- */

static enum font heading_font(int level)
{
	return level <= 1 ? F_H1 : level == 2 ? F_H2 : F_H3;
}

static int clamp_level(int level)
{
	return level < 1 ? 1 : level > 3 ? 3 : level;
}

static void heading_prep(struct pdf *p, struct pblock *b, const struct doc_block *db)
{
	int level = clamp_level(db->u.heading.level);
	enum font f = heading_font(level);
	struct piece pc = piece_new();
	double x = 0;
	PangoLayout *mark = NULL;
	if (db->u.heading.number && *db->u.heading.number) {
		mark = layout_line(p, f, db->u.heading.number);
		x = layout_width(mark) + FONTS[f].size * 0.55;
	}
	piece_runs(p, &pc, db->u.heading.runs.v, db->u.heading.runs.n, 0, f, TEXT_W - x,
		   PANGO_ALIGN_LEFT);
	pc.mark = mark;
	pc.x = x;
	pc.color = level <= 2 ? C_ACCENT : C_TEXT;
	text_push(&b->text, pc, 0);
	static const double before[] = { 0, 20, 14, 10 }, after[] = { 0, 8, 5, 3 };
	b->before = before[level];
	b->after = after[level];
}

static void paragraph_prep(struct pdf *p, struct pblock *b, const struct doc_runs *r)
{
	b->before = 0;
	b->after = 7;
	if (runs_blank(r->v, r->n))
		return;             /* nothing to set: no empty line either */
	struct piece pc = piece_new();
	piece_runs(p, &pc, r->v, r->n, 0, F_BODY, TEXT_W, PANGO_ALIGN_LEFT);
	text_push(&b->text, pc, 0);
}

static void list_prep(struct pdf *p, struct pblock *b, const struct doc_block *db)
{
	static const char *const bullets[] = { "\u2022", "\u2013", "\u25e6" };
	int counter[8] = { 0 };
	for (size_t i = 0; i < db->u.list.nitems; i++) {
		const struct doc_list_item *it = &db->u.list.items[i];
		int lv = it->level < 0 ? 0 : it->level > 5 ? 5 : it->level;
		counter[lv]++;
		for (int k = lv + 1; k < 8; k++)
			counter[k] = 0;
		char mark[32];
		if (db->u.list.ordered)
			snprintf(mark, sizeof mark, "%d.", counter[lv]);
		else
			snprintf(mark, sizeof mark, "%s", bullets[lv % 3]);
		double x = lv * LIST_STEP + LIST_HANG + (db->u.list.ordered ? 4 : 0);
		struct piece pc = piece_new();
		piece_runs(p, &pc, it->runs.v, it->runs.n, 0, F_BODY, TEXT_W - x, PANGO_ALIGN_LEFT);
		pc.x = x;
		pc.mark = layout_line(p, F_BODY, mark);
		pc.mark_x = lv * LIST_STEP + 2;
		text_push(&b->text, pc, 2.5);
	}
	b->before = 2;
	b->after = 7;
}

/* The status a cell shows: its own, or its row's on the last cell when
 * no cell of the row has one. */
static enum doc_status cell_status(const struct doc_table *t, const struct doc_row *r, size_t c)
{
	enum doc_status s = r->cells[c].status;
	if (s > DS_NONE && s <= DS_RED)
		return s;
	if (r->status <= DS_NONE || r->status > DS_RED)
		return DS_NONE;
	for (size_t k = 0; k < t->ncols; k++)
		if (r->cells[k].status != DS_NONE)
			return DS_NONE;
	return c + 1 == t->ncols ? r->status : DS_NONE;
}

static bool is_note_col(const struct doc_column *col)
{
	return col->type == DC_TEXT && col->title && strcmp(col->title, "Not") == 0;
}

static PangoAlignment col_align(const struct doc_column *col)
{
	if (col->type != DC_TEXT)
		return PANGO_ALIGN_RIGHT;
	return is_note_col(col) ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT;
}

/* The marker and word of a status at the top of a cell. */
static void status_piece(struct pdf *p, struct text *tx, enum doc_status st, double w, double x0)
{
	struct piece pc = piece_new();
	piece_text(p, &pc, STATUS[st].label, 0, F_STATUS, w - 10, PANGO_ALIGN_LEFT);
	pc.mark = layout_line(p, F_STATUS, "\u25cf");
	pc.mark_x = x0;
	pc.x = x0 + 10;
	pc.color = STATUS[st].fg;
	text_push(tx, pc, 0);
}

/* Prepare a row's cells (dr NULL: the column headers). A heading row gets
 * room above unless it comes first or right after another heading. */
static void row_prep(struct pdf *p, struct ptable *pt, struct prow *r, const struct doc_row *dr,
		     bool after_heading)
{
	const struct doc_table *t = pt->t;
	size_t n = t->ncols;
	r->cells = xcalloc(n, sizeof *r->cells);
	r->off = xcalloc(n, sizeof *r->off);
	unsigned force = dr && dr->kind != DR_NORMAL ? DOC_BOLD : 0;
	double content = 0;
	for (size_t c = 0; c < n; c++) {
		const struct doc_column *col = &t->cols[c];
		int lv = dr && c == 0 ? (dr->indent < 0 ? 0 : dr->indent > 3 ? 3 : dr->indent) : 0;
		double indent = lv * INDENT_STEP;
		double w = pt->cw[c] - 2 * pt->padx - indent;
		if (w < 8)
			w = 8;
		PangoAlignment al = col_align(col);
		struct text *tx = &r->cells[c];
		if (!dr) {
			if (col->title && *col->title) {
				struct piece pc = piece_new();
				piece_text(p, &pc, col->title, 0, F_TH, w, al);
				text_push(tx, pc, 0);
			}
		} else {
			const struct doc_cell *cell = &dr->cells[c];
			unsigned cf = force | (t->style == DTS_CARD && c == 0 ? DOC_BOLD : 0);
			enum doc_status st = cell_status(t, dr, c);
			if (st != DS_NONE)
				status_piece(p, tx, st, w, indent);
			if (col->type != DC_TEXT && cell->has_value) {
				char buf[TYPO_BUF];
				struct piece pc = piece_new();
				piece_text(p, &pc, typo_cell(cell, col->type, buf, sizeof buf), cf, F_TD, w,
					   PANGO_ALIGN_RIGHT);
				text_push(tx, pc, 3);
			} else if (cell->runs.n && !runs_blank(cell->runs.v, cell->runs.n)) {
				cell_runs(p, tx, &cell->runs, cf, w, al, indent);
			} else if (cell->note && *cell->note) {
				struct piece pc = piece_new();
				piece_text(p, &pc, cell->note, cf, F_TD, w, al);
				text_push(tx, pc, 3);
			}
		}
		content = fmax(content, tx->height);
	}
	double extra_top = dr && dr->kind == DR_HEADING && !after_heading && t->style == DTS_FIGURES ? 5 : 0;
	double extra_bottom = dr && dr->kind == DR_TOTAL && t->style == DTS_FIGURES ? 3 : 0;
	for (size_t c = 0; c < n; c++) {
		bool bottom = !dr || (t->style == DTS_FIGURES && t->cols[c].type != DC_TEXT);
		r->off[c] = pt->pady + extra_top + (bottom ? content - r->cells[c].height : 0);
	}
	r->height = content + 2 * pt->pady + extra_top + extra_bottom;
}

/* `caption`: false when the heading right above already says the title
 * (the continuation's "(forts.)" is still shown on later pages). */
static struct ptable *table_prep(struct pdf *p, const struct doc_table *t, bool caption)
{
	struct ptable *pt = xcalloc(1, sizeof *pt);
	pt->t = t;
	size_t n = t->ncols ? t->ncols : 1;
	pt->cx = xcalloc(n, sizeof *pt->cx);
	pt->cw = xcalloc(n, sizeof *pt->cw);
	/* relative widths; a column without one gets the others' mean */
	double given = 0, ngiven = 0;
	for (size_t c = 0; c < t->ncols; c++)
		if (t->cols[c].width > 0) {
			given += t->cols[c].width;
			ngiven++;
		}
	double mean = ngiven > 0 ? given / ngiven : 1.0, total = 0;
	for (size_t c = 0; c < t->ncols; c++)
		total += t->cols[c].width > 0 ? t->cols[c].width : mean;
	double x = MARGIN_X;
	for (size_t c = 0; c < t->ncols; c++) {
		pt->cx[c] = x;
		pt->cw[c] = TEXT_W * (t->cols[c].width > 0 ? t->cols[c].width : mean) / total;
		x += pt->cw[c];
	}
	pt->padx = t->style == DTS_FIGURES ? 4 : 5;
	pt->pady = t->style == DTS_FIGURES ? 2.2 : 4;
	if (t->title && *t->title) {
		bool card = t->style == DTS_CARD;
		double w = TEXT_W - (card ? 2 * pt->padx : 0);
		struct piece pc = piece_new();
		if (caption || card) {
			piece_text(p, &pc, t->title, 0, F_CAPTION, w, PANGO_ALIGN_LEFT);
			pc.color = card ? C_WHITE : C_TEXT;
			text_push(&pt->caption, pc, 0);
		}
		char *cont = xasprintf("%s (forts.)", t->title);
		pc = piece_new();
		piece_text(p, &pc, cont, 0, F_CAPTION, w, PANGO_ALIGN_LEFT);
		pc.color = card ? C_WHITE : C_TEXT;
		text_push(&pt->caption_cont, pc, 0);
		free(cont);
	}
	for (size_t c = 0; c < t->ncols && t->header; c++)
		pt->has_head |= t->cols[c].title && *t->cols[c].title;
	if (pt->has_head)
		row_prep(p, pt, &pt->head, NULL, true);
	pt->rows = xcalloc(t->nrows ? t->nrows : 1, sizeof *pt->rows);
	for (size_t i = 0; i < t->nrows; i++)
		row_prep(p, pt, &pt->rows[i], &t->rows[i], i == 0 || t->rows[i - 1].kind == DR_HEADING);
	return pt;
}

static void row_free(struct prow *r, size_t ncols)
{
	if (!r->cells)
		return;
	for (size_t c = 0; c < ncols; c++)
		text_free(&r->cells[c]);
	free(r->cells);
	free(r->off);
}

static void table_free(struct ptable *pt)
{
	if (!pt)
		return;
	text_free(&pt->caption);
	text_free(&pt->caption_cont);
	row_free(&pt->head, pt->t->ncols);
	for (size_t i = 0; i < pt->t->nrows; i++)
		row_free(&pt->rows[i], pt->t->ncols);
	free(pt->rows);
	free(pt->cx);
	free(pt->cw);
	free(pt);
}

/* The caption's or band's height, with its spacing. */
static double table_caption_h(const struct ptable *pt, bool cont)
{
	const struct text *cap = cont ? &pt->caption_cont : &pt->caption;
	if (!cap->npieces)
		return 0;
	return pt->t->style == DTS_CARD ? cap->height + 2 * pt->pady : cap->height + 4;
}

static double table_top_h(const struct ptable *pt, bool cont)
{
	return table_caption_h(pt, cont) + (pt->has_head ? pt->head.height : 0);
}

static void toc_prep(struct pdf *p, struct pblock *b)
{
	struct doc *d = p->d;
	struct piece pc = piece_new();
	piece_text(p, &pc, "Innehållsförteckning", 0, F_H1, TEXT_W, PANGO_ALIGN_LEFT);
	pc.color = C_ACCENT;
	text_push(&b->text, pc, 0);
	b->before = 0;
	b->after = 14;
	/* the number column of each level fits its widest number */
	double numw[4] = { 0, 0, 0, 0 };
	size_t n = 0;
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct doc_block *h = &d->blocks[i];
		if (h->kind != DB_HEADING || !h->u.heading.in_toc)
			continue;
		n++;
		int lv = clamp_level(h->u.heading.level);
		if (h->u.heading.number) {
			PangoLayout *l = layout_line(p, lv == 1 ? F_TOC1 : F_TOC2, h->u.heading.number);
			numw[lv] = fmax(numw[lv], layout_width(l));
			g_object_unref(l);
		}
	}
	b->toc = xcalloc(n ? n : 1, sizeof *b->toc);
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct doc_block *h = &d->blocks[i];
		if (h->kind != DB_HEADING || !h->u.heading.in_toc)
			continue;
		struct ptoc *e = &b->toc[b->ntoc++];
		e->block = i;
		e->level = clamp_level(h->u.heading.level);
		enum font f = e->level == 1 ? F_TOC1 : F_TOC2;
		double indent = (e->level - 1) * TOC_STEP;
		double numcol = numw[e->level] > 0 ? numw[e->level] + 8 : 0;
		pc = piece_new();
		piece_runs(p, &pc, h->u.heading.runs.v, h->u.heading.runs.n, 0, f,
			   TEXT_W - indent - numcol - TOC_PAGE_W - 12, PANGO_ALIGN_LEFT);
		pc.x = indent + numcol;
		if (h->u.heading.number && *h->u.heading.number) {
			pc.mark = layout_line(p, f, h->u.heading.number);
			pc.mark_x = indent;
		}
		text_push(&e->text, pc, 0);
	}
}

static void signatures_prep(struct pdf *p, struct pblock *b, const struct doc_block *db)
{
	if (db->u.signatures.intro && *db->u.signatures.intro) {
		struct piece pc = piece_new();
		piece_text(p, &pc, db->u.signatures.intro, 0, F_BODY, TEXT_W, PANGO_ALIGN_LEFT);
		text_push(&b->text, pc, 0);
	}
	double w = (TEXT_W - SIGN_GUTTER) / 2;
	b->nplaces = db->u.signatures.n;
	b->places = xcalloc(b->nplaces ? b->nplaces : 1, sizeof *b->places);
	for (size_t i = 0; i < b->nplaces; i++) {
		const struct doc_signature *s = &db->u.signatures.v[i];
		struct piece pc = piece_new();
		piece_text(p, &pc, nz(s->name), 0, F_SIGN_NAME, w, PANGO_ALIGN_LEFT);
		text_push(&b->places[i], pc, 0);
		if (s->role && *s->role) {
			pc = piece_new();
			piece_text(p, &pc, s->role, 0, F_SIGN_ROLE, w, PANGO_ALIGN_LEFT);
			pc.color = C_MUTED;
			text_push(&b->places[i], pc, 1);
		}
		b->place_h = fmax(b->place_h, b->places[i].height);
	}
	b->before = 16;
	b->after = 10;
}

/* Whether block i is a table whose title is the text of the heading
 * right above it ("2 Resultaträkning" over "Resultaträkning"). */
static bool repeats_heading(const struct doc *d, size_t i)
{
	const struct doc_table *t = d->blocks[i].u.table;
	if (i == 0 || d->blocks[i - 1].kind != DB_HEADING || !t || !t->title)
		return false;
	struct buf b = BUF_INIT(0);
	runs_plain(&b, &d->blocks[i - 1].u.heading.runs);
	bool same = strcmp(buf_cstr(&b), t->title) == 0;
	buf_free(&b);
	return same;
}

static void prepare(struct pdf *p)
{
	struct doc *d = p->d;
	p->blocks = xcalloc(d->nblocks ? d->nblocks : 1, sizeof *p->blocks);
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct doc_block *db = &d->blocks[i];
		struct pblock *b = &p->blocks[i];
		switch (db->kind) {
		case DB_HEADING:
			heading_prep(p, b, db);
			break;
		case DB_PARAGRAPH:
			paragraph_prep(p, b, &db->u.paragraph);
			break;
		case DB_LIST:
			list_prep(p, b, db);
			break;
		case DB_TABLE:
			if (db->u.table)
				b->table = table_prep(p, db->u.table, !repeats_heading(d, i));
			b->before = 8;
			b->after = 12;
			break;
		case DB_CHART:
			b->before = 8;
			b->after = 12;
			break;
		case DB_SIGNATURES:
			signatures_prep(p, b, db);
			break;
		case DB_TOC:
			toc_prep(p, b);
			break;
		case DB_PAGEBREAK:
			break;
		}
	}
}

static void unprepare(struct pdf *p)
{
	if (!p->blocks)
		return;
	for (size_t i = 0; i < p->d->nblocks; i++) {
		struct pblock *b = &p->blocks[i];
		text_free(&b->text);
		table_free(b->table);
		for (size_t k = 0; k < b->ntoc; k++)
			text_free(&b->toc[k].text);
		free(b->toc);
		for (size_t k = 0; k < b->nplaces; k++)
			text_free(&b->places[k]);
		free(b->places);
	}
	free(p->blocks);
	p->blocks = NULL;
}

/* ---- pages ------------------------------------------------------------------------------ */

/* The running header and the footer of a page after the cover. */
static void furniture(struct pdf *p)
{
	struct doc *d = p->d;
	show_line(p, F_FURNITURE, nz(d->org_name), MARGIN_X, HEADER_BASE, -1, C_MUTED);
	char *right = xasprintf("%s%s%s", nz(d->title), d->title && d->period_text ? " " : "",
				nz(d->period_text));
	show_line(p, F_FURNITURE, right, MARGIN_X + TEXT_W, HEADER_BASE, 1, C_MUTED);
	free(right);
	hline(p->cr, MARGIN_X, MARGIN_X + TEXT_W, HEADER_RULE, 0.4, C_GRID);
	char foot[64];
	snprintf(foot, sizeof foot, "Sida %d av %d", p->page, p->npages);
	show_line(p, F_FURNITURE, foot, PAGE_W / 2, FOOTER_BASE, 0, C_MUTED);
}

static void page_new(struct pdf *p)
{
	if (p->draw && p->page >= 1)
		cairo_show_page(p->cr);
	p->page++;
	p->y = BODY_TOP;
	p->at_top = true;
	p->pending = 0;
	if (p->draw && p->page > 1)
		furniture(p);
}

/* Start a block that needs `need` points together: after the collapsed
 * space (none at the top of a page), on a new page when it does not fit
 * on this one. */
static void block_start(struct pdf *p, double before, double need)
{
	double s = p->at_top ? 0 : fmax(p->pending, before);
	if (!p->at_top && p->y + s + need > BODY_BOTTOM + EPS) {
		page_new(p);
		s = 0;
	}
	p->y += s;
	p->pending = 0;
}

static void block_end(struct pdf *p, double after)
{
	p->pending = after;
	p->at_top = false;
}

static void cover(struct pdf *p)
{
	struct doc *d = p->d;
	cairo_t *cr = p->cr;
	/* an accent bar down the left edge */
	set_rgb(cr, C_ACCENT);
	cairo_rectangle(cr, 0, 0, 9 * MM, PAGE_H);
	cairo_fill(cr);
	double y = 48 * MM;
	if (d->org_name && *d->org_name)
		y += show_para(p, F_COVER_ORG, d->org_name, y, C_ACCENT) + 4;
	hline(cr, MARGIN_X, MARGIN_X + TEXT_W, y, 1.5, C_ACCENT);
	y = fmax(y + 30 * MM, 105 * MM);
	y += show_para(p, F_COVER_TITLE, d->title && *d->title ? d->title : "Rapport", y, C_TEXT);
	if (d->period_text && *d->period_text)
		y += 6 + show_para(p, F_COVER_PERIOD, d->period_text, y + 6, C_TEXT);
	if (d->cover_note && *d->cover_note)
		show_para(p, F_COVER_NOTE, d->cover_note, y + 18, C_MUTED);
	if (d->orgnr && *d->orgnr) {
		double base = PAGE_H - 25 * MM;
		hline(cr, MARGIN_X, MARGIN_X + TEXT_W, base - 14, 0.5, C_GRID);
		char *s = xasprintf("Organisationsnummer: %s", d->orgnr);
		show_line(p, F_COVER_SMALL, s, MARGIN_X, base, -1, C_TEXT);
		free(s);
	}
}

/* ---- flowing blocks --------------------------------------------------------------------- */

/* Flow a text from the current position, breaking between lines: at
 * least two lines of it stay together at the foot of a page and at the
 * head of the next (unless it has fewer). */
static void text_flow(struct pdf *p, const struct text *t, double x)
{
	size_t n = t->nlines, a = 0;
	while (a < n) {
		double from = a ? t->lines[a].top : 0;
		double avail = BODY_BOTTOM - p->y;
		size_t b = a;
		while (b < n && t->lines[b].bottom - from <= avail + EPS)
			b++;
		if (b == n) {
			if (p->draw)
				text_draw(p, t, x, p->y - from, from, HUGE_VAL);
			p->y += t->height - from;
			p->at_top = false;
			return;
		}
		if (n - b < 2 && b - a > 2)
			b--;                  /* no lone last line on the next page */
		if (b - a < 2 && !p->at_top)
			b = a;                /* no lone first line at the foot */
		if (b == a && p->at_top)
			b = a + 1;            /* a line taller than a page: place it anyway */
		if (b > a && p->draw)
			text_draw(p, t, x, p->y - from, from, t->lines[b].top);
		page_new(p);
		a = b;
	}
}

static double min_height(const struct pdf *p, size_t i, int depth);

static double keep_next(const struct ptable *pt, size_t i);

/* What a table needs to start on a page: its caption and headers with
 * the first row (or the first lines of a row tall enough to be cut). */
static double table_min(const struct ptable *pt)
{
	if (!pt->t->nrows)
		return table_top_h(pt, false);
	double h = pt->rows[0].height;
	double first = h > SPLIT_ROW ? FIRST_ROWS : h + keep_next(pt, 0);
	return table_top_h(pt, false) + first;
}

static double sign_rows_h(const struct pblock *b, size_t rows)
{
	return (double)rows * (SIGN_SPACE + 4 + b->place_h + 14);
}

static double sign_intro_h(const struct pblock *b)
{
	return b->text.npieces ? b->text.height + 10 : 0;
}

/* What the signatures need together: all of them when they fit on a
 * page, else the intro and the first row. */
static double sign_need(const struct pblock *b)
{
	size_t rows = (b->nplaces + 1) / 2;
	double all = sign_intro_h(b) + sign_rows_h(b, rows);
	return all <= BODY_H ? all : sign_intro_h(b) + sign_rows_h(b, rows ? 1 : 0);
}

/* What block i needs at least at the foot of a page (headings keep it). */
static double min_height(const struct pdf *p, size_t i, int depth)
{
	if (i >= p->d->nblocks || depth > 3)
		return 0;
	const struct pblock *b = &p->blocks[i];
	switch (p->d->blocks[i].kind) {
	case DB_HEADING:
		return b->text.height + b->after + min_height(p, i + 1, depth + 1);
	case DB_PARAGRAPH:
	case DB_LIST:
		return text_first_lines(&b->text, 2);
	case DB_TABLE:
		return b->table ? table_min(b->table) : 0;
	case DB_CHART:
		return CHART_H;
	case DB_SIGNATURES:
		return sign_need(b);
	case DB_TOC:
		return b->text.height + b->after + (b->ntoc ? b->toc[0].text.height : 0);
	case DB_PAGEBREAK:
		return 0;
	}
	return 0;
}

static void outline_add(struct pdf *p, int level, const char *number, const struct doc_runs *runs,
			const char *dest)
{
	struct buf b = BUF_INIT(0);
	if (number && *number) {
		put_valid(&b, number);
		buf_putc(&b, ' ');
	}
	runs_plain(&b, runs);
	char *attr = xasprintf("dest='%s'", dest);
	int parent = CAIRO_PDF_OUTLINE_ROOT;
	for (int k = level - 1; k >= 1; k--)
		if (p->outline[k]) {
			parent = p->outline[k];
			break;
		}
	int id = cairo_pdf_surface_add_outline(p->surface, parent, buf_cstr(&b), attr,
					       level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	p->outline[level] = id;
	for (int k = level + 1; k < 4; k++)
		p->outline[k] = 0;
	free(attr);
	buf_free(&b);
}

static void heading_flow(struct pdf *p, size_t i)
{
	const struct doc_block *db = &p->d->blocks[i];
	const struct pblock *b = &p->blocks[i];
	block_start(p, b->before, b->text.height + b->after + min_height(p, i + 1, 0));
	p->head_page[i] = p->page;
	if (p->draw) {
		char dest[32], attr[48];
		snprintf(dest, sizeof dest, "b%zu", i);
		snprintf(attr, sizeof attr, "name='%s'", dest);
		cairo_tag_begin(p->cr, CAIRO_TAG_DEST, attr);
		text_draw_all(p, &b->text, MARGIN_X, p->y);
		cairo_tag_end(p->cr, CAIRO_TAG_DEST);
		outline_add(p, clamp_level(db->u.heading.level), db->u.heading.number,
			    &db->u.heading.runs, dest);
	}
	p->y += b->text.height;
	block_end(p, b->after);
}

/* Dot leaders from x0 to x1 on a baseline, on a grid shared by all lines:
 * one dashed line of zero-length dashes with round caps (a path per
 * entry, not a circle per dot). */
static void leaders(cairo_t *cr, double x0, double x1, double base)
{
	const double step = 4.0;
	double start = MARGIN_X + ceil((x0 - MARGIN_X) / step) * step;
	if (start > x1)
		return;
	const double dash[] = { 0.0, step };
	cairo_save(cr);
	set_rgb(cr, C_MUTED);
	cairo_set_line_width(cr, 1.1);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_dash(cr, dash, 2, 0.0);
	cairo_move_to(cr, start, base - 0.7);
	cairo_line_to(cr, start + floor((x1 - start) / step) * step + 0.01, base - 0.7);
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void toc_entry_draw(struct pdf *p, const struct ptoc *e)
{
	cairo_t *cr = p->cr;
	const struct text *t = &e->text;
	text_draw_all(p, t, MARGIN_X, p->y);
	const struct tline *last = &t->lines[t->nlines - 1];
	PangoRectangle log;
	pango_layout_line_get_extents(last->line, NULL, &log);
	double end = MARGIN_X + last->x + units(log.x + log.width);
	double base = p->y + last->baseline;
	int page = p->toc_page ? p->toc_page[e->block] : 0;
	char num_s[16];
	snprintf(num_s, sizeof num_s, "%d", page);
	PangoLayout *l = layout_line(p, e->level == 1 ? F_TOC1 : F_TOC2, num_s);
	double w = layout_width(l);
	g_object_unref(l);
	leaders(cr, end + 4, MARGIN_X + TEXT_W - w - 4, base);
	show_line(p, e->level == 1 ? F_TOC1 : F_TOC2, num_s, MARGIN_X + TEXT_W, base, 1, C_TEXT);
	char n1[G_ASCII_DTOSTR_BUF_SIZE], n2[G_ASCII_DTOSTR_BUF_SIZE];
	char n3[G_ASCII_DTOSTR_BUF_SIZE], n4[G_ASCII_DTOSTR_BUF_SIZE];
	char *attr = xasprintf("dest='b%zu' rect=[%s %s %s %s]", e->block, num(n1, sizeof n1, MARGIN_X),
			       num(n2, sizeof n2, p->y), num(n3, sizeof n3, TEXT_W),
			       num(n4, sizeof n4, t->height));
	cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	free(attr);
}

static void toc_flow(struct pdf *p, size_t i)
{
	const struct pblock *b = &p->blocks[i];
	block_start(p, b->before, min_height(p, i, 0));
	if (p->draw) {
		char attr[48];
		snprintf(attr, sizeof attr, "name='b%zu'", i);
		cairo_tag_begin(p->cr, CAIRO_TAG_DEST, attr);
		text_draw_all(p, &b->text, MARGIN_X, p->y);
		cairo_tag_end(p->cr, CAIRO_TAG_DEST);
		struct doc_run run = { (char *)(uintptr_t) "Innehållsförteckning", 0, NULL };
		struct doc_runs runs = { &run, 1, 1 };
		snprintf(attr, sizeof attr, "b%zu", i);
		outline_add(p, 1, NULL, &runs, attr);
	}
	p->y += b->text.height;
	block_end(p, b->after);
	for (size_t k = 0; k < b->ntoc; k++) {
		const struct ptoc *e = &b->toc[k];
		block_start(p, e->level == 1 ? 7 : 2.5, e->text.height);
		if (p->draw)
			toc_entry_draw(p, e);
		p->y += e->text.height;
		block_end(p, 0);
	}
	block_end(p, b->after);
}

/* The cut nearest below `limit` (row coordinates) that splits no line of
 * any cell; at most `limit`, possibly at or above `from` (no room). */
static double row_cut(const struct prow *r, size_t ncols, double limit)
{
	double cut = limit;
	for (bool moved = true; moved;) {
		moved = false;
		for (size_t c = 0; c < ncols; c++) {
			const struct text *tx = &r->cells[c];
			for (size_t k = 0; k < tx->nlines; k++) {
				double top = r->off[c] + tx->lines[k].top;
				double bot = r->off[c] + tx->lines[k].bottom;
				if (top < cut - EPS && bot > cut + EPS) {
					cut = top;
					moved = true;
				}
			}
		}
	}
	return cut;
}

/* The left edge of a figures table's figure columns (rules for sums go
 * under them), or the table's left edge when it has none. */
static double figures_left(const struct ptable *pt)
{
	for (size_t c = 0; c < pt->t->ncols; c++)
		if (pt->t->cols[c].type != DC_TEXT)
			return pt->cx[c];
	return MARGIN_X;
}

/* Draw rows [from, to) of r (row coordinates) at the current position; a
 * slice that continues a row gets the top padding again, one that is cut
 * off gets the bottom padding. Returns the slice's height. dr is NULL for
 * the column header row. */
static double row_draw(struct pdf *p, const struct ptable *pt, const struct prow *r,
		       const struct doc_row *dr, double from, double to)
{
	double s = from > EPS ? pt->pady : 0;
	double tail = to < r->height - EPS ? pt->pady : 0;
	double h = (to - from) + s + tail;
	if (!p->draw)
		return h;
	cairo_t *cr = p->cr;
	const struct doc_table *t = pt->t;
	double y = p->y;
	for (size_t c = 0; c < t->ncols; c++) {
		bool fill = false;
		struct rgb bg = C_WHITE;
		if (!dr && t->style != DTS_FIGURES) {
			fill = true;
			bg = C_SHADE;
		} else if (dr) {
			enum doc_status st = cell_status(t, dr, c);
			if (st != DS_NONE) {
				fill = true;
				bg = STATUS[st].bg;
			} else if (t->style == DTS_CARD && c == 0) {
				fill = true;
				bg = C_SHADE;
			}
		}
		if (fill) {
			set_rgb(cr, bg);
			cairo_rectangle(cr, pt->cx[c], y, pt->cw[c], h);
			cairo_fill(cr);
		}
		/* A card row that goes on over a page break shows its label
		 * again at the top of the new page. */
		double cfrom = from, cto = to;
		if (t->style == DTS_CARD && c == 0 && dr && from > EPS) {
			cfrom = 0;
			cto = to - from;
		}
		text_draw(p, &r->cells[c], pt->cx[c] + pt->padx, y + s - cfrom + r->off[c],
			  cfrom - r->off[c], cto - r->off[c]);
	}
	if (t->style != DTS_FIGURES) {
		set_rgb(cr, C_GRID);
		cairo_set_line_width(cr, 0.5);
		for (size_t c = 0; c < t->ncols; c++)
			cairo_rectangle(cr, pt->cx[c], y, pt->cw[c], h);
		cairo_stroke(cr);
		return h;
	}
	double left = figures_left(pt), right = MARGIN_X + TEXT_W;
	if (!dr) {
		hline(cr, MARGIN_X, right, y + h, 0.75, C_RULE);
	} else if (dr->kind == DR_SUBTOTAL && from < EPS) {
		hline(cr, left, right, y, 0.5, C_RULE);
	} else if (dr->kind == DR_TOTAL) {
		if (from < EPS)
			hline(cr, left, right, y, 0.75, C_RULE);
		if (tail == 0) {
			hline(cr, left, right, y + h - 2.6, 0.5, C_RULE);
			hline(cr, left, right, y + h - 0.8, 0.5, C_RULE);
		}
	}
	return h;
}

/* The caption or card band, then the column headers, at the current
 * position. */
static void table_top(struct pdf *p, const struct ptable *pt, bool cont)
{
	const struct text *cap = cont ? &pt->caption_cont : &pt->caption;
	double ch = table_caption_h(pt, cont);
	if (cap->npieces && p->draw) {
		if (pt->t->style == DTS_CARD) {
			set_rgb(p->cr, C_ACCENT);
			cairo_rectangle(p->cr, MARGIN_X, p->y, TEXT_W, ch);
			cairo_fill(p->cr);
			text_draw_all(p, cap, MARGIN_X + pt->padx, p->y + pt->pady);
		} else {
			text_draw_all(p, cap, MARGIN_X, p->y);
		}
	}
	p->y += ch;
	if (pt->has_head)
		p->y += row_draw(p, pt, &pt->head, NULL, 0, pt->head.height);
	p->at_top = false;
}

/* What must go with row i onto its page: the next row after a heading
 * row, and the closing sum after the row before it. */
static double keep_next(const struct ptable *pt, size_t i)
{
	size_t n = pt->t->nrows;
	if (i + 1 >= n)
		return 0;
	const struct doc_row *next = &pt->t->rows[i + 1];
	if (pt->t->rows[i].kind == DR_HEADING)
		return fmin(pt->rows[i + 1].height, FIRST_ROWS);
	if (i + 2 == n && (next->kind == DR_TOTAL || next->kind == DR_SUBTOTAL))
		return pt->rows[i + 1].height;
	return 0;
}

static void table_flow(struct pdf *p, size_t bi)
{
	const struct pblock *b = &p->blocks[bi];
	const struct ptable *pt = b->table;
	if (!pt)
		return;
	const struct doc_table *t = pt->t;
	block_start(p, b->before, table_min(pt));
	table_top(p, pt, false);
	size_t i = 0, on_page = 0;
	double from = 0;
	while (i < t->nrows) {
		const struct prow *r = &pt->rows[i];
		const struct doc_row *dr = &t->rows[i];
		double avail = BODY_BOTTOM - p->y;
		double s = from > EPS ? pt->pady : 0;
		double rest = r->height - from + s;
		double keep = from > EPS ? 0 : keep_next(pt, i);
		bool fresh = on_page == 0;
		if (rest + keep <= avail + EPS || (fresh && rest <= avail + EPS)) {
			p->y += row_draw(p, pt, r, dr, from, r->height);
			i++;
			from = 0;
			on_page++;
			continue;
		}
		if (fresh || r->height - from > SPLIT_ROW) {
			double limit = from + avail - s - pt->pady;
			double cut = row_cut(r, t->ncols, limit);
			bool clip = false;
			if (cut - from < (fresh ? EPS : MIN_SLICE)) {
				cut = from;
				if (fresh) {      /* a line taller than the room: cut through it */
					cut = fmax(limit, from + 12);
					clip = true;
				}
			}
			if (cut > from + EPS) {
				if (clip && p->draw) {
					cairo_save(p->cr);
					cairo_rectangle(p->cr, 0, p->y, PAGE_W, BODY_BOTTOM - p->y);
					cairo_clip(p->cr);
				}
				p->y += row_draw(p, pt, r, dr, from, fmin(cut, r->height));
				if (clip && p->draw)
					cairo_restore(p->cr);
				from = cut;
				if (from >= r->height - EPS) {
					i++;
					from = 0;
				}
			}
		}
		page_new(p);
		table_top(p, pt, true);
		on_page = 0;
	}
	block_end(p, b->after);
}

static void chart_flow(struct pdf *p, size_t i)
{
	const struct pblock *b = &p->blocks[i];
	block_start(p, b->before, CHART_H);
	if (p->draw && p->d->blocks[i].u.chart) {
		cairo_save(p->cr);
		chart_draw(p->cr, p->d->blocks[i].u.chart, MARGIN_X, p->y, TEXT_W, CHART_H);
		cairo_restore(p->cr);
	}
	p->y += CHART_H;
	block_end(p, b->after);
}

static void signatures_flow(struct pdf *p, size_t i)
{
	const struct pblock *b = &p->blocks[i];
	size_t rows = (b->nplaces + 1) / 2;
	block_start(p, b->before, sign_need(b));
	if (b->text.npieces) {
		text_flow(p, &b->text, MARGIN_X);
		p->y += 10;
	}
	double w = (TEXT_W - SIGN_GUTTER) / 2;
	double row_h = sign_rows_h(b, 1);
	for (size_t r = 0; r < rows; r++) {
		if (p->y + row_h > BODY_BOTTOM + EPS && !p->at_top)
			page_new(p);
		for (size_t k = 0; k < 2 && 2 * r + k < b->nplaces; k++) {
			double x = MARGIN_X + (double)k * (w + SIGN_GUTTER);
			double line_y = p->y + SIGN_SPACE;
			if (p->draw) {
				hline(p->cr, x, x + w - 12, line_y, 0.6, C_RULE);
				text_draw_all(p, &b->places[2 * r + k], x, line_y + 4);
			}
		}
		p->y += row_h;
		p->at_top = false;
	}
	block_end(p, b->after);
}

/* One pass over the document: measuring, or drawing when p->draw. */
static void flow(struct pdf *p)
{
	struct doc *d = p->d;
	p->page = 0;
	memset(p->outline, 0, sizeof p->outline);
	page_new(p);
	if (p->draw)
		cover(p);
	if (d->nblocks)
		page_new(p);
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct doc_block *db = &d->blocks[i];
		struct pblock *b = &p->blocks[i];
		switch (db->kind) {
		case DB_HEADING:
			heading_flow(p, i);
			break;
		case DB_PARAGRAPH:
		case DB_LIST:
			if (!b->text.nlines)
				break;
			block_start(p, b->before, text_first_lines(&b->text, 2));
			text_flow(p, &b->text, MARGIN_X);
			block_end(p, b->after);
			break;
		case DB_TABLE:
			table_flow(p, i);
			break;
		case DB_CHART:
			chart_flow(p, i);
			break;
		case DB_SIGNATURES:
			signatures_flow(p, i);
			break;
		case DB_TOC:
			toc_flow(p, i);
			break;
		case DB_PAGEBREAK:
			if (!p->at_top)
				page_new(p);
			break;
		}
	}
	if (p->draw)
		cairo_show_page(p->cr);
}

/* ---- the document ----------------------------------------------------------------------- */

/* The last run of four digits in s (the report's year), or "". */
static void year_of(const char *s, char out[5])
{
	out[0] = '\0';
	for (size_t i = 0; s && s[i]; i++) {
		size_t k = 0;
		while (s[i + k] >= '0' && s[i + k] <= '9')
			k++;
		if (k == 4 && (i == 0 || s[i - 1] < '0' || s[i - 1] > '9')) {
			memcpy(out, s + i, 4);
			out[4] = '\0';
		}
		if (k)
			i += k - 1;
	}
}

static void metadata(struct pdf *p)
{
	struct doc *d = p->d;
	char year[5];
	year_of(d->period_text, year);
	struct buf t = BUF_INIT(0);
	put_valid(&t, d->title && *d->title ? d->title : "Rapport");
	if (*year)
		buf_printf(&t, " %s", year);
	if (d->org_name && *d->org_name) {
		buf_puts(&t, " \u2013 ");
		put_valid(&t, d->org_name);
	}
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, buf_cstr(&t));
	buf_free(&t);
	if (d->org_name && *d->org_name) {
		struct buf a = BUF_INIT(0);
		put_valid(&a, d->org_name);
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_AUTHOR, buf_cstr(&a));
		buf_free(&a);
	}
	if (d->period_text && *d->period_text) {
		struct buf s = BUF_INIT(0);
		put_valid(&s, d->period_text);
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_SUBJECT, buf_cstr(&s));
		buf_free(&s);
	}
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "finsam " FINSAM_VERSION);
	/* reproducible builds: the date from SOURCE_DATE_EPOCH when set */
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch && *epoch) {
		char *end;
		long long v = strtoll(epoch, &end, 10);
		struct tm tm;
		time_t tt = (time_t)v;
		char date[32];
		if (*end == '\0' && v >= 0 && gmtime_r(&tt, &tm) &&
		    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
			cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
			cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_MOD_DATE, date);
		}
	}
}

static void fonts_init(struct pdf *p)
{
	for (int i = 0; i < NFONTS; i++) {
		PangoFontDescription *f = pango_font_description_new();
		pango_font_description_set_family(f, FONTS[i].family);
		pango_font_description_set_size(f, (gint)lround(FONTS[i].size * PANGO_SCALE));
		pango_font_description_set_weight(f, FONTS[i].bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
		pango_font_description_set_style(f, FONTS[i].italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
		p->fonts[i] = f;
	}
}

/* cairo's status in Swedish where we can say it better. */
static const char *status_text(cairo_status_t st)
{
	switch (st) {
	case CAIRO_STATUS_WRITE_ERROR:
		return "skrivfel (finns katalogen, och får filen skrivas?)";
	case CAIRO_STATUS_NO_MEMORY:
		return "slut på minne";
	default:
		return cairo_status_to_string(st);
	}
}

static bool pdf_write(struct doc *d, const char *path, struct error *err)
{
	struct pdf p;
	memset(&p, 0, sizeof p);
	p.d = d;
	p.surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	cairo_status_t st = cairo_surface_status(p.surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		error_set(err, ERR_INTERNAL, "kunde inte skriva PDF-filen %s: %s", path, status_text(st));
		cairo_surface_destroy(p.surface);
		return false;
	}
	metadata(&p);
	p.cr = cairo_create(p.surface);
	/* pango's default font map is per thread (pango ≥ 1.32.6) and keeps
	 * fontconfig's matches and the glyphs warm between renders; chart.c
	 * draws through the same one */
	p.fm = g_object_ref(pango_cairo_font_map_get_default());
	p.pc = pango_font_map_create_context(p.fm);
	pango_cairo_context_set_resolution(p.pc, 72.0);
	pango_cairo_update_context(p.cr, p.pc);
	pango_context_set_round_glyph_positions(p.pc, FALSE);
	fonts_init(&p);
	prepare(&p);

	/* measure until the headings' pages are stable, then draw */
	size_t n = d->nblocks + 1;
	int *prev = xcalloc(n, sizeof *prev), *cur = xcalloc(n, sizeof *cur);
	p.npages = 0;
	for (int pass = 0; pass < 4; pass++) {
		memset(cur, 0, n * sizeof *cur);
		p.draw = false;
		p.toc_page = prev;
		p.head_page = cur;
		flow(&p);
		bool same = p.page == p.npages && memcmp(prev, cur, n * sizeof *cur) == 0;
		int *tmp = prev;
		prev = cur;
		cur = tmp;
		p.npages = p.page;
		if (same)
			break;
	}
	p.draw = true;
	p.toc_page = prev;
	p.head_page = cur;
	flow(&p);

	free(prev);
	free(cur);
	unprepare(&p);
	for (int i = 0; i < NFONTS; i++)
		pango_font_description_free(p.fonts[i]);
	g_object_unref(p.pc);
	g_object_unref(p.fm);
	st = cairo_status(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p.surface);
	cairo_surface_destroy(p.surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		error_set(err, ERR_INTERNAL, "kunde inte skriva PDF-filen %s: %s", path, status_text(st));
		return false;
	}
	return true;
}

const struct renderer render_pdf = {
	.name = "pdf",
	.extension = ".pdf",
	.write = pdf_write,
};
