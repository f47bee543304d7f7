/*
 * md — CommonMark into runs; see md.h.
 */
#include "report/md.h"

#include <stdlib.h>
#include <string.h>

#include "report/placeholder.h"

/* Text with placeholder tokens: plain stretches as runs, tokens through fn. */
static bool text_runs(struct doc *d, const char *s, struct doc_runs *runs, unsigned style,
		      md_token_fn fn, void *ctx, struct error *err)
{
	const char *p = s;
	while (*p) {
		const char *t = fn ? strstr(p, PH_TOKEN_OPEN) : NULL;
		size_t index, len;
		while (t && !ph_token_at(t, &index, &len))
			t = strstr(t + 1, PH_TOKEN_OPEN);
		if (!t) {
			doc_run_add(d, runs, p, style);
			return true;
		}
		if (t > p) {
			char *chunk = strndup(p, (size_t)(t - p));
			doc_run_add(d, runs, chunk, style);
			free(chunk);
		}
		if (!fn(ctx, index, runs, style, err))
			return false;
		p = t + len;
	}
	return true;
}

bool md_inlines(struct doc *d, cmark_node *parent, struct doc_runs *runs, unsigned style,
		md_token_fn fn, void *ctx, struct error *err)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		const char *lit = cmark_node_get_literal(n);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			if (!text_runs(d, lit ? lit : "", runs, style, fn, ctx, err))
				return false;
			break;
		case CMARK_NODE_SOFTBREAK:
			doc_run_add(d, runs, " ", style);
			break;
		case CMARK_NODE_LINEBREAK:
			doc_run_add(d, runs, "\n", style);
			break;
		case CMARK_NODE_CODE:
			doc_run_add(d, runs, lit ? lit : "", style | DOC_CODE);
			break;
		case CMARK_NODE_HTML_INLINE:
			/* Raw HTML is shown as the text it is; renderers escape it. */
			doc_run_add(d, runs, lit ? lit : "", style);
			break;
		case CMARK_NODE_EMPH:
			if (!md_inlines(d, n, runs, style | DOC_ITALIC, fn, ctx, err))
				return false;
			break;
		case CMARK_NODE_STRONG:
			if (!md_inlines(d, n, runs, style | DOC_BOLD, fn, ctx, err))
				return false;
			break;
		case CMARK_NODE_LINK: {
			size_t first = runs->n;
			if (!md_inlines(d, n, runs, style, fn, ctx, err))
				return false;
			const char *url = cmark_node_get_url(n);
			for (size_t i = first; i < runs->n && url && *url; i++)
				runs->v[i].link = doc_strdup(d, url);
			break;
		}
		case CMARK_NODE_IMAGE:
			/* No images in reports: the description stands in. */
			if (!md_inlines(d, n, runs, style, fn, ctx, err))
				return false;
			break;
		default:
			break;
		}
	}
	return true;
}

/* Blocks into runs; separators only after the runs that were there at
 * `start` (what the caller put before the text is not a paragraph). */
static void cell_blocks(struct doc *d, cmark_node *parent, struct doc_runs *runs, int depth,
			size_t start)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
			if (runs->n > start && !(depth && cmark_node_previous(n) == NULL)) {
				doc_run_add(d, runs, "\n", DOC_PLAIN);
				doc_run_add(d, runs, "\n", DOC_PLAIN);
			}
			md_inlines(d, n, runs,
				   cmark_node_get_type(n) == CMARK_NODE_HEADING ? DOC_BOLD : DOC_PLAIN,
				   NULL, NULL, NULL);
			break;
		case CMARK_NODE_LIST:
			for (cmark_node *item = cmark_node_first_child(n); item;
			     item = cmark_node_next(item)) {
				/* The item's first run carries the bullet. */
				size_t first = runs->n;
				cell_blocks(d, item, runs, depth + 1, start);
				if (runs->n > first)
					runs->v[first].style |= DOC_BULLET;
			}
			break;
		case CMARK_NODE_CODE_BLOCK:
		case CMARK_NODE_HTML_BLOCK: {
			const char *lit = cmark_node_get_literal(n);
			if (runs->n > start)
				doc_run_add(d, runs, "\n", DOC_PLAIN);
			doc_run_add(d, runs, lit ? lit : "", DOC_PLAIN);
			break;
		}
		case CMARK_NODE_BLOCK_QUOTE:
			cell_blocks(d, n, runs, depth, start);
			break;
		default:
			break;
		}
	}
}

void md_cell_runs(struct doc *d, const char *markdown, struct doc_runs *runs)
{
	cmark_node *root = cmark_parse_document(markdown, strlen(markdown), CMARK_OPT_DEFAULT);
	if (!root)
		return;
	cell_blocks(d, root, runs, 0, runs->n);
	cmark_node_free(root);
}
