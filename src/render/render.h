/*
 * render — the document tree written as HTML, PDF, XLSX, or CSV/JSON per
 * table, behind one interface.
 *
 * Each backend is a `struct renderer` (render/html.c, pdf.c, xlsx.c,
 * table_data.c). render_file picks one by the output's extension, writes
 * to a temporary file beside the target and renames it into place, so a
 * failed render never leaves half a file behind.
 */
#ifndef FINSAM_RENDER_H
#define FINSAM_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "report/doc.h"
#include "util/buf.h"
#include "util/error.h"

/* The largest output render_bytes gives back. */
#define RENDER_BYTES_MAX (256u << 20)

struct renderer {
	const char *name;       /* "html", "pdf", "xlsx" */
	const char *extension;  /* ".html" */
	/* Write the whole document to `path` (a temporary name chosen by
	 * render_file); false with err set on failure. */
	bool (*write)(struct doc *d, const char *path, struct error *err);
};

extern const struct renderer render_html;
extern const struct renderer render_pdf;
extern const struct renderer render_xlsx;

/* The renderer for a file name's extension (.html/.htm, .pdf, .xlsx), or
 * NULL. */
const struct renderer *render_for_path(const char *path);

/* Render `d` to `path` through a temporary file renamed into place. */
bool render_file(const struct renderer *r, struct doc *d, const char *path, struct error *err);

/* Render `d` with r and append the file's bytes to out (binary-safe:
 * out->len counts them), through a private temporary directory that is
 * removed again (the web's downloads use it). */
bool render_bytes(const struct renderer *r, struct doc *d, struct buf *out, struct error *err);

/* The HTML of the whole document into a malloc'd string (the web preview
 * uses it); NULL with err set on failure. */
char *render_html_string(struct doc *d, struct error *err);
/* Where a fragment's charts go when they are not written inline: `put`
 * takes each chart's SVG (and frees it) and returns the URL (malloc'd)
 * the fragment shows it by, in an <img>. */
struct render_chart_sink {
	char *(*put)(void *ctx, char *svg);
	void *ctx;
};

/* The document's blocks alone, in <div class="rapport">: no head, style
 * sheet, cover or contents (a web page puts them in its own layout and
 * styles them with its own style sheet). Charts are inline SVG whose ids
 * start with id_prefix, so several fragments can share a page, or, with
 * a sink, images. */
char *render_html_fragment(struct doc *d, const char *id_prefix,
			   const struct render_chart_sink *sink, struct error *err);

/* One table as CSV (header row, amounts as plain decimals with a dot) or
 * JSON into `f`. */
bool render_table_csv(const struct doc_table *t, FILE *f, struct error *err);
bool render_table_json(const struct doc_table *t, FILE *f, struct error *err);

#endif
