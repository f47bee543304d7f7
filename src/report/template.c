/*
 * template — a report template made into a document; see report.h.
 *
 * Steps: split off the YAML header and read it; find the placeholders
 * (placeholder.c) and put tokens in their place; parse the body with
 * cmark; walk the tree into blocks, numbering headings and calling each
 * placeholder's function (ph.c) where its token stands.
 */
#include "report/report.h"

#include <cmark.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "report/md.h"
#include "report/ph.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* ---- the header -------------------------------------------------------------------- */

static const char *const header_keys[] = {
	"typ", "titel", "period", "jämförelse", "beslutad", "avrundning", "underskrifter", NULL,
};

static bool header_error(const char *file, const yaml_event_t *ev, long first_line,
			 struct error *err, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static bool header_error(const char *file, const yaml_event_t *ev, long first_line,
			 struct error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	error_set_at_col(err, ERR_INPUT, file, first_line + (long)ev->start_mark.line,
			 (long)ev->start_mark.column + 1, "%s", msg);
	free(msg);
	return false;
}

static bool header_value(struct report *r, const char *key, const yaml_event_t *ev,
			 long first_line, struct error *err)
{
	const char *v = (const char *)ev->data.scalar.value;
	long line = first_line + (long)ev->start_mark.line;
	struct report_header *h = &r->h;
	if (strcmp(key, "typ") == 0) {
		if (strcmp(v, "delårsrapport") == 0 || strcmp(v, "delårsredovisning") == 0)
			h->kind = DOC_INTERIM;
		else if (strcmp(v, "årsredovisning") == 0)
			h->kind = DOC_ANNUAL;
		else
			return header_error(r->file, ev, first_line, err,
					    "typ: '%s' är okänd (delårsrapport eller årsredovisning)", v);
	} else if (strcmp(key, "titel") == 0) {
		free(h->title);
		h->title = xstrdup(v);
	} else if (strcmp(key, "period") == 0) {
		if (!fu_period_parse(v, &h->from, &h->to))
			return header_error(r->file, ev, first_line, err,
					    "period: '%s' är ingen period (2023, 2023H1 eller "
					    "2023-01-01..2023-06-30)", v);
		h->line_of_period = line;
	} else if (strcmp(key, "jämförelse") == 0) {
		if (strcmp(v, "ingen") == 0) {
			h->no_cmp = true;
		} else if (!fu_period_parse(v, &h->cmp_from, &h->cmp_to)) {
			return header_error(r->file, ev, first_line, err,
					    "jämförelse: '%s' är ingen period (2022, 2022H1, "
					    "2022-01-01..2022-12-31 eller ingen)", v);
		} else {
			h->has_cmp = true;
		}
	} else if (strcmp(key, "beslutad") == 0) {
		free(h->decided);
		h->decided = xstrdup(v);
	} else if (strcmp(key, "avrundning") == 0) {
		if (strcmp(v, "vanlig") == 0)
			h->plain_rounding = true;
		else if (strcmp(v, "största-rest") == 0)
			h->plain_rounding = false;
		else
			return header_error(r->file, ev, first_line, err,
					    "avrundning: '%s' är okänd (största-rest eller vanlig)", v);
	}
	return true;
}

/* Read the header: a flat mapping of scalars, `underskrifter` a list. */
static bool header_parse(struct report *r, const char *text, size_t len, long first_line,
			 struct error *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	char *key = NULL;
	int depth = 0;
	bool in_list = false, ok = false;
	size_t cap = 0;
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev)) {
			error_set_at_col(err, ERR_INPUT, r->file,
					 first_line + (long)parser.problem_mark.line,
					 (long)parser.problem_mark.column + 1,
					 "rapportens huvud är inte giltig YAML: %s", parser.problem);
			goto done;
		}
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		switch (ev.type) {
		case YAML_MAPPING_START_EVENT:
			if (++depth > 1) {
				header_error(r->file, &ev, first_line, err,
					     "%s: värdet ska vara text, inte en tabell", key ? key : "");
				goto fail_event;
			}
			break;
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		case YAML_SEQUENCE_START_EVENT:
			if (!key || strcmp(key, "underskrifter") != 0 || in_list) {
				header_error(r->file, &ev, first_line, err,
					     "%s: värdet ska vara text, inte en lista", key ? key : "");
				goto fail_event;
			}
			in_list = true;
			break;
		case YAML_SEQUENCE_END_EVENT:
			in_list = false;
			free(key);
			key = NULL;
			break;
		case YAML_ALIAS_EVENT:
			header_error(r->file, &ev, first_line, err, "alias (*%s) används inte här",
				     (const char *)ev.data.alias.anchor);
			goto fail_event;
		case YAML_SCALAR_EVENT: {
			const char *v = (const char *)ev.data.scalar.value;
			if (in_list) {
				r->h.signers = xgrow(r->h.signers, &cap, r->h.nsigners + 1,
						     sizeof *r->h.signers);
				r->h.signers[r->h.nsigners++] = xstrdup(v);
				break;
			}
			if (!key) {
				size_t k = 0;
				while (header_keys[k] && strcmp(header_keys[k], v) != 0)
					k++;
				if (!header_keys[k]) {
					header_error(r->file, &ev, first_line, err,
						     "okänd nyckel '%s' i rapportens huvud (typ, titel, "
						     "period, jämförelse, beslutad, avrundning, "
						     "underskrifter)", v);
					goto fail_event;
				}
				key = xstrdup(v);
				break;
			}
			if (strcmp(key, "underskrifter") == 0) {
				header_error(r->file, &ev, first_line, err,
					     "underskrifter: ska vara en lista (\"- Namn, Roll\")");
				goto fail_event;
			}
			if (!header_value(r, key, &ev, first_line, err))
				goto fail_event;
			free(key);
			key = NULL;
			break;
		}
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	ok = true;
	goto done;
fail_event:
	yaml_event_delete(&ev);
done:
	free(key);
	yaml_parser_delete(&parser);
	return ok;
}

/* Find "---\n…\n---\n" at the start; *body and *body_line get the rest. */
static bool header_split(struct report *r, const char *text, size_t len, size_t *body,
			 long *body_line, struct error *err)
{
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	if (len - i < 4 || strncmp(text + i, "---", 3) != 0 ||
	    (text[i + 3] != '\n' && text[i + 3] != '\r')) {
		error_set_at(err, ERR_INPUT, r->file, 1,
			     "mallen ska börja med ett huvud mellan två rader '---' "
			     "(typ, period …; se docs/report.md)");
		return false;
	}
	long line = 1;
	size_t start = i;
	while (start < len && text[start] != '\n')
		start++;
	start++;
	line++;
	for (size_t p = start; p < len;) {
		size_t e = p;
		while (e < len && text[e] != '\n')
			e++;
		size_t n = e - p;
		if (n && text[p + n - 1] == '\r')
			n--;
		if (n == 3 && strncmp(text + p, "---", 3) == 0) {
			if (!header_parse(r, text + start, p - start, 2, err))
				return false;
			*body = e < len ? e + 1 : e;
			*body_line = line + 1;
			return true;
		}
		p = e + 1;
		line++;
	}
	error_set_at(err, ERR_INPUT, r->file, 1, "huvudet avslutas aldrig med en rad '---'");
	return false;
}

/* ---- the body ---------------------------------------------------------------------- */

/* A placeholder's failure located at the placeholder: the model's own
 * errors ("det finns ingen budget för 2023") do not know the template. */
static bool located(struct report *r, const struct placeholder *p, bool ok, struct error *err)
{
	if (ok || err->code != ERR_INPUT || err->file)
		return ok;
	char *text = xstrdup(err->text ? err->text : err->msg);
	error_clear(err);
	report_ph_error(r, p, err, "{{ %s }}: %s", p->name, text);
	free(text);
	return false;
}

/* Expand an inline placeholder token met in text. */
static bool inline_token(void *ctx, size_t index, struct doc_runs *runs, unsigned style,
			 struct error *err)
{
	struct report *r = ctx;
	const struct placeholder *p = &r->ph.v[index];
	const struct ph_def *def = ph_find(p->name);
	if (!def) {
		report_ph_error(r, p, err, "okänd platshållare '%s' (se finsam report "
					   "placeholders)", p->name);
		return false;
	}
	if (def->kind == PH_BLOCK) {
		report_ph_error(r, p, err,
				"{{ %s }} ger ett block (en tabell, ett diagram …) och ska stå "
				"ensam i ett eget stycke", p->name);
		return false;
	}
	return ph_check_args(r, def, p, err) && located(r, p, def->run(r, p, runs, style, err), err);
}

/* A paragraph that is one token and nothing else: its index. */
static bool lone_token(cmark_node *para, size_t *index)
{
	cmark_node *c = cmark_node_first_child(para);
	if (!c || cmark_node_next(c) || cmark_node_get_type(c) != CMARK_NODE_TEXT)
		return false;
	const char *s = cmark_node_get_literal(c);
	while (s && (*s == ' ' || *s == '\t'))
		s++;
	size_t len;
	if (!s || !ph_token_at(s, index, &len))
		return false;
	for (s += len; *s == ' ' || *s == '\t'; s++)
		;
	return *s == '\0';
}

static bool block_token(struct report *r, size_t index, struct error *err)
{
	const struct placeholder *p = &r->ph.v[index];
	const struct ph_def *def = ph_find(p->name);
	if (!def) {
		report_ph_error(r, p, err, "okänd platshållare '%s' (se finsam report "
					   "placeholders)", p->name);
		return false;
	}
	if (!ph_check_args(r, def, p, err))
		return false;
	if (def->kind == PH_INLINE) {
		struct doc_block *b = doc_add_block(r->doc, DB_PARAGRAPH);
		struct doc_runs runs = {0};
		if (!located(r, p, def->run(r, p, &runs, DOC_PLAIN, err), err))
			return false;
		b = &r->doc->blocks[r->doc->nblocks - 1];
		b->u.paragraph = runs;
		return true;
	}
	return located(r, p, def->run(r, p, NULL, DOC_PLAIN, err), err);
}

/* "Bilaga {-}": an unnumbered heading; the marker is cut from the runs. */
static bool unnumbered_marker(struct doc_runs *runs)
{
	if (!runs->n)
		return false;
	char *t = runs->v[runs->n - 1].text;
	size_t n = strlen(t);
	while (n && t[n - 1] == ' ')
		n--;
	if (n < 3 || strncmp(t + n - 3, "{-}", 3) != 0)
		return false;
	n -= 3;
	while (n && t[n - 1] == ' ')
		n--;
	t[n] = '\0';
	return true;
}

static bool heading(struct report *r, cmark_node *n, struct error *err)
{
	int level = cmark_node_get_heading_level(n);
	struct doc_runs runs = {0};
	if (!md_inlines(r->doc, n, &runs, DOC_PLAIN, inline_token, r, err))
		return false;
	bool numbered = level <= 2 && !unnumbered_marker(&runs);
	if (level > 2)
		unnumbered_marker(&runs);
	struct doc_block *b = doc_add_block(r->doc, DB_HEADING);
	b->u.heading.level = level > 3 ? 3 : level;
	b->u.heading.runs = runs;
	if (numbered) {
		r->heading[level - 1]++;
		for (int i = level; i < 3; i++)
			r->heading[i] = 0;
		b->u.heading.number = level == 1 ? doc_printf(r->doc, "%d", r->heading[0])
						 : doc_printf(r->doc, "%d.%d", r->heading[0],
							      r->heading[1]);
		b->u.heading.anchor = doc_printf(r->doc, "avsnitt-%s", b->u.heading.number);
		for (char *c = b->u.heading.anchor; *c; c++)
			if (*c == '.')
				*c = '-';
		b->u.heading.in_toc = true;
	} else {
		b->u.heading.anchor = doc_printf(r->doc, "rubrik-%zu", r->doc->nblocks);
	}
	return true;
}

static bool list_items(struct report *r, cmark_node *list, struct doc_block *b, int level,
		       size_t *cap, struct error *err);

static bool blocks(struct report *r, cmark_node *parent, struct error *err)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		size_t index;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HEADING:
			if (!heading(r, n, err))
				return false;
			break;
		case CMARK_NODE_PARAGRAPH:
			if (lone_token(n, &index)) {
				if (!block_token(r, index, err))
					return false;
			} else {
				struct doc_runs runs = {0};
				if (!md_inlines(r->doc, n, &runs, DOC_PLAIN, inline_token, r, err))
					return false;
				doc_add_block(r->doc, DB_PARAGRAPH)->u.paragraph = runs;
			}
			break;
		case CMARK_NODE_LIST: {
			struct doc_block *b = doc_add_block(r->doc, DB_LIST);
			size_t index_of = r->doc->nblocks - 1, cap = 0;
			b->u.list.ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
			struct doc_block tmp = *b;
			if (!list_items(r, n, &tmp, 0, &cap, err))
				return false;
			r->doc->blocks[index_of] = tmp;
			break;
		}
		case CMARK_NODE_BLOCK_QUOTE:
			if (!blocks(r, n, err))
				return false;
			break;
		case CMARK_NODE_CODE_BLOCK:
		case CMARK_NODE_HTML_BLOCK: {
			struct doc_runs runs = {0};
			const char *lit = cmark_node_get_literal(n);
			doc_run_add(r->doc, &runs, lit ? lit : "",
				    cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK ? DOC_CODE
										    : DOC_PLAIN);
			doc_add_block(r->doc, DB_PARAGRAPH)->u.paragraph = runs;
			break;
		}
		case CMARK_NODE_THEMATIC_BREAK:
			doc_add_block(r->doc, DB_PAGEBREAK);
			break;
		default:
			break;
		}
	}
	return true;
}

/* A list's items (nested lists flattened with their level). */
static bool list_items(struct report *r, cmark_node *list, struct doc_block *b, int level,
		       size_t *cap, struct error *err)
{
	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
		for (cmark_node *c = cmark_node_first_child(item); c; c = cmark_node_next(c)) {
			if (cmark_node_get_type(c) == CMARK_NODE_LIST) {
				if (!list_items(r, c, b, level + 1, cap, err))
					return false;
				continue;
			}
			if (cmark_node_get_type(c) != CMARK_NODE_PARAGRAPH)
				continue;
			size_t index;
			if (lone_token(c, &index) && ph_find(r->ph.v[index].name) &&
			    ph_find(r->ph.v[index].name)->kind == PH_BLOCK) {
				report_ph_error(r, &r->ph.v[index], err,
						"{{ %s }} ger ett block och kan inte stå i en lista",
						r->ph.v[index].name);
				return false;
			}
			if (b->u.list.nitems + 1 > *cap) {
				size_t ncap = *cap ? *cap * 2 : 8;
				struct doc_list_item *v =
					arena_alloc(&r->doc->arena, ncap * sizeof *v);
				memset(v, 0, ncap * sizeof *v);
				if (b->u.list.nitems)
					memcpy(v, b->u.list.items, b->u.list.nitems * sizeof *v);
				b->u.list.items = v;
				*cap = ncap;
			}
			struct doc_list_item *it = &b->u.list.items[b->u.list.nitems++];
			it->level = level;
			if (!md_inlines(r->doc, c, &it->runs, DOC_PLAIN, inline_token, r, err))
				return false;
		}
	}
	return true;
}

/* ---- the whole ----------------------------------------------------------------------- */

static const char *const month_names[] = {
	"januari", "februari", "mars", "april", "maj", "juni",
	"juli", "augusti", "september", "oktober", "november", "december",
};

/* "1 januari–30 juni 2023", or "… 2022–… 2023" across years. */
static char *period_text(struct doc *d, date_t from, date_t to)
{
	int fy = from / 10000, fm = from / 100 % 100, fd = from % 100;
	int ty = to / 10000, tm = to / 100 % 100, td = to % 100;
	if (fy == ty)
		return doc_printf(d, "%d %s\u2013%d %s %d", fd, month_names[fm - 1], td,
				  month_names[tm - 1], ty);
	return doc_printf(d, "%d %s %d\u2013%d %s %d", fd, month_names[fm - 1], fy, td,
			  month_names[tm - 1], ty);
}

/* The fiscal year holding the period, and the comparison by default:
 * the previous fiscal year, when the store has it. */
static bool period_check(struct report *r, struct error *err)
{
	struct year_summary *years = NULL;
	size_t n = 0;
	if (!org_years(r->st, &years, &n, err))
		return false;
	bool found = false;
	date_t prev_start = 0, prev_end = 0, start = 0;
	for (size_t i = 0; i < n; i++) {
		if (years[i].start <= r->h.from && r->h.to <= years[i].end) {
			found = true;
			start = years[i].start;
			r->year = years[i].start / 10000;
		}
	}
	for (size_t i = 0; found && i < n; i++)
		if (years[i].end < start && years[i].end > prev_end) {
			prev_start = years[i].start;
			prev_end = years[i].end;
		}
	org_years_free(years, n);
	if (!found) {
		error_set_at(err, ERR_INPUT, r->file, r->h.line_of_period,
			     "period: bokföringen har inget räkenskapsår som rymmer perioden "
			     "(se finsam years)");
		return false;
	}
	if (!r->h.has_cmp && !r->h.no_cmp && prev_end) {
		r->h.has_cmp = true;
		r->h.cmp_from = prev_start;
		r->h.cmp_to = prev_end;
	}
	return true;
}

static bool build(struct report *r, const char *text, size_t len, struct error *err)
{
	size_t body = 0;
	if (!header_split(r, text, len, &body, &r->h.body_line, err))
		return false;
	if (!r->h.from) {
		error_set_at(err, ERR_INPUT, r->file, 1, "huvudet saknar period:");
		return false;
	}
	if (!org_get(r->st, &r->org, err) || !period_check(r, err))
		return false;
	struct doc *d = r->doc;
	d->kind = r->h.kind;
	d->title = doc_strdup(d, r->h.title ? r->h.title
					     : r->h.kind == DOC_ANNUAL ? "Årsredovisning"
								       : "Delårsrapport");
	d->org_name = doc_strdup(d, r->org.name && *r->org.name ? r->org.name : "Samordningsförbundet");
	d->orgnr = r->org.orgnr && *r->org.orgnr ? doc_strdup(d, r->org.orgnr) : NULL;
	d->period_text = period_text(d, r->h.from, r->h.to);
	d->cover_note = r->h.decided ? doc_strdup(d, r->h.decided) : NULL;
	d->from = r->h.from;
	d->to = r->h.to;
	d->cmp_from = r->h.has_cmp ? r->h.cmp_from : 0;
	d->cmp_to = r->h.has_cmp ? r->h.cmp_to : 0;
	d->plain_rounding = r->h.plain_rounding;

	char *tokens = NULL;
	if (!ph_scan(text + body, len - body, r->file, r->h.body_line, &r->ph, &tokens, err))
		return false;
	cmark_node *root = cmark_parse_document(tokens, strlen(tokens), CMARK_OPT_DEFAULT);
	free(tokens);
	if (!root) {
		error_set(err, ERR_INTERNAL, "kunde inte tolka mallen %s", r->file);
		return false;
	}
	bool ok = blocks(r, root, err);
	cmark_node_free(root);
	return ok;
}

static void report_free(struct report *r)
{
	ph_list_free(&r->ph);
	org_info_free(&r->org);
	free(r->h.title);
	free(r->h.decided);
	for (size_t i = 0; i < r->h.nsigners; i++)
		free(r->h.signers[i]);
	free(r->h.signers);
	if (r->map_loaded)
		stmt_map_free(&r->map);
	if (r->rr_loaded)
		stmt_table_free(&r->rr);
	if (r->br_loaded)
		stmt_table_free(&r->br);
	if (r->notes_loaded)
		stmt_tables_free(r->notes, r->nnotes);
	if (r->ft_loaded) {
		forecast_table_free(&r->ft);
		free(r->ft_shown);
	}
	if (r->ratios_loaded)
		ratios_free(&r->ratios);
	if (r->fu_loaded) {
		followup_doc_free(&r->fu);
		fu_categories_free(&r->cats);
		fu_books_free(&r->books);
	}
}

bool report_build(struct store *st, const char *file, const char *text, size_t len,
		  struct doc *doc, struct error *err)
{
	struct report r;
	memset(&r, 0, sizeof r);
	r.st = st;
	r.file = file;
	r.doc = doc;
	doc_init(doc);
	bool ok = build(&r, text, len, err);
	report_free(&r);
	return ok;
}

/* ---- shared helpers ---------------------------------------------------------------------- */

void report_ph_error(const struct report *r, const struct placeholder *p, struct error *err,
		     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	error_set_at_col(err, ERR_INPUT, r->file, p->line, p->col, "%s", msg);
	free(msg);
}

char *report_table_key(struct report *r, const char *base)
{
	size_t n;
	struct doc_table **t = doc_tables(r->doc, &n);
	for (int k = 1;; k++) {
		char *key = k == 1 ? doc_strdup(r->doc, base) : doc_printf(r->doc, "%s-%d", base, k);
		bool taken = false;
		for (size_t i = 0; i < n && !taken; i++)
			taken = strcmp(t[i]->key, key) == 0;
		if (!taken)
			return key;
	}
}

int64_t report_kronor(money_t m)
{
	return money_round_kronor(m);
}

int64_t report_tkr(money_t m)
{
	return (m >= 0 ? m + 50000 : m - 50000) / 100000;
}
