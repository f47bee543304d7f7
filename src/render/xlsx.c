/*
 * xlsx — the document's tables as an Excel workbook (libxlsxwriter).
 *
 * A first sheet "Rapport" holds the cover's facts and a linked list of the
 * tables; then every table of the document (doc_tables) gets a sheet of
 * its own, named after its title: the title in bold, the column titles,
 * then the rows. Figures are real numbers that a reader can sum and
 * chart: whole kronor as printed (`shown`), percentages as fractions
 * (0.2382 formatted "0%"), counts as integers, decimals as hundredths
 * divided by 100. Number formats use Excel's portable codes, which Excel
 * shows with the reader's own separators.
 *
 * Sums and subtotals are bold with a rule above (a total has a double
 * rule below), headings bold, indentation is the format's indent level,
 * statuses are a fill colour and, in a last column "Status", in words.
 *
 * Every lxw_error is checked: the first one is kept and reported in
 * Swedish after the workbook is closed (closing also frees it).
 */
#include "render/render.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <xlsxwriter.h>

#include "util/buf.h"
#include "util/xalloc.h"

/* Excel's limit on a sheet name, in UTF-16 code units. */
#define SHEET_NAME_MAX 31
/* Widths computed from the content stay within these (characters). */
#define WIDTH_MIN 6
#define WIDTH_MAX 60
/* Points per line of the default 11-point font. */
#define LINE_HEIGHT 15.0
/* Wider sheets than this (characters) are printed landscape. */
#define PORTRAIT_MAX 95
/* The cover sheet's name. */
#define COVER_SHEET "Rapport"

/* What a cell's format is made of; formats are shared between cells with
 * the same key (Excel keeps one record per distinct format). */
enum numfmt { NF_TEXT, NF_KRONOR, NF_INT, NF_PERCENT, NF_DECIMAL };
enum align { AL_LEFT, AL_RIGHT, AL_CENTER };
enum rule { RULE_NONE, RULE_THIN, RULE_MEDIUM, RULE_DOUBLE };

struct fmt_key {
	unsigned char numfmt;   /* enum numfmt */
	unsigned char bold;     /* 1: bold */
	unsigned char italic;   /* 1: italic */
	unsigned char size;     /* font size in points, 0: the default */
	unsigned char top;      /* enum rule above the cell */
	unsigned char bottom;   /* enum rule below the cell */
	unsigned char indent;   /* indent level 0..3 */
	unsigned char wrap;     /* 1: wrap text (multi-line cells) */
	unsigned char align;    /* enum align */
	unsigned char status;   /* enum doc_status: the fill colour */
	unsigned char link;     /* 1: hyperlink style */
};

struct fmt_entry {
	struct fmt_key key;
	lxw_format *format;
};

/* One workbook being written. */
struct xw {
	lxw_workbook *wb;
	lxw_error rc;              /* the first error, LXW_NO_ERROR while all is well */
	struct fmt_entry *fmts;    /* formats made so far */
	size_t nfmts, fmts_cap;
	char **names;              /* the sheet names taken so far (allocated) */
	size_t nnames;
};

static void chk(struct xw *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->rc == LXW_NO_ERROR)
		x->rc = e;
}

static const char *const num_formats[] = {
	[NF_TEXT] = NULL,
	[NF_KRONOR] = "#,##0;-#,##0",
	[NF_INT] = "0",
	[NF_PERCENT] = "0%",
	[NF_DECIMAL] = "0.00",
};

static const lxw_color_t status_fill[] = { 0, 0xD9F0D9, 0xFBEFC0, 0xF6D6D3 };
static const char *const status_label[] = { "", "Uppnått", "Delvis uppnått", "Ej uppnått" };

static uint8_t border_style(unsigned char rule)
{
	switch (rule) {
	case RULE_THIN: return LXW_BORDER_THIN;
	case RULE_MEDIUM: return LXW_BORDER_MEDIUM;
	case RULE_DOUBLE: return LXW_BORDER_DOUBLE;
	default: return LXW_BORDER_NONE;
	}
}

/* The format for a key, made on first use. */
static lxw_format *fmt(struct xw *x, const struct fmt_key *k)
{
	for (size_t i = 0; i < x->nfmts; i++)
		if (memcmp(&x->fmts[i].key, k, sizeof *k) == 0)
			return x->fmts[i].format;
	lxw_format *f = workbook_add_format(x->wb);
	if (!f) {
		chk(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return NULL;
	}
	if (num_formats[k->numfmt])
		format_set_num_format(f, num_formats[k->numfmt]);
	if (k->bold)
		format_set_bold(f);
	if (k->italic)
		format_set_italic(f);
	if (k->size)
		format_set_font_size(f, k->size);
	if (k->top)
		format_set_top(f, border_style(k->top));
	if (k->bottom)
		format_set_bottom(f, border_style(k->bottom));
	if (k->indent)
		format_set_indent(f, k->indent);
	if (k->wrap)
		format_set_text_wrap(f);
	if (k->align == AL_RIGHT)
		format_set_align(f, LXW_ALIGN_RIGHT);
	else if (k->align == AL_CENTER)
		format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	if (doc_status_valid((enum doc_status)k->status)) {
		format_set_pattern(f, LXW_PATTERN_SOLID);
		format_set_bg_color(f, status_fill[k->status]);
	}
	if (k->link) {
		format_set_underline(f, LXW_UNDERLINE_SINGLE);
		format_set_font_color(f, LXW_COLOR_BLUE);
	}
	x->fmts = xgrow(x->fmts, &x->fmts_cap, x->nfmts + 1, sizeof *x->fmts);
	x->fmts[x->nfmts++] = (struct fmt_entry){ *k, f };
	return f;
}

/* ---- text -------------------------------------------------------------------------------- */

/* Characters in a UTF-8 string as Excel counts them (UTF-16 units). */
static size_t excel_len(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) != 0x80)
			n++;
		if (*p >= 0xF0)
			n++; /* outside the BMP: a surrogate pair */
	}
	return n;
}

/* The longest line of s in characters (for column widths). */
static size_t longest_line(const char *s)
{
	size_t best = 0;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		char *line = xstrndup(s, n);
		size_t len = excel_len(line);
		free(line);
		if (len > best)
			best = len;
		if (!nl)
			break;
		s = nl + 1;
	}
	return best;
}

/* Lines that s takes in a column `width` characters wide, wrapped. The
 * width counts digits; text in a proportional font is about a tenth
 * narrower, and a line too many is better than a line cut off. */
static size_t wrapped_lines(const char *s, double width)
{
	size_t per = width >= 2 ? (size_t)(width * 1.1) : 1, lines = 0;
	for (;;) {
		const char *nl = strchr(s, '\n');
		char *line = xstrndup(s, nl ? (size_t)(nl - s) : strlen(s));
		size_t len = excel_len(line);
		free(line);
		lines += len == 0 ? 1 : (len + per - 1) / per;
		if (!nl)
			break;
		s = nl + 1;
	}
	return lines;
}

/* Set a row's height for `lines` lines of text. Excel fits the height of
 * wrapped rows itself, LibreOffice does not: the height is written. */
static void row_lines(struct xw *x, lxw_worksheet *ws, lxw_row_t row, size_t lines)
{
	if (lines > 1)
		chk(x, worksheet_set_row(ws, row, LINE_HEIGHT * (double)(lines > 40 ? 40 : lines),
					 NULL));
}

/* A cell's runs as the text of one spreadsheet cell: "\n" runs are line
 * breaks and each bullet item starts a new line with "• ". Allocated. */
static char *cell_text(const struct doc_runs *r)
{
	struct buf b = BUF_INIT(0);
	for (size_t i = 0; i < r->n; i++) {
		const struct doc_run *run = &r->v[i];
		if (run->style & DOC_BULLET) {
			if (b.len)
				buf_putc(&b, '\n');
			buf_puts(&b, "• ");
		}
		buf_puts(&b, run->text);
	}
	char *s = buf_take(&b);
	return s ? s : xstrdup("");
}

/* True when every run with text is bold (a card's label). */
static bool runs_bold(const struct doc_runs *r)
{
	bool any = false;
	for (size_t i = 0; i < r->n; i++) {
		if (!r->v[i].text[0] || strcmp(r->v[i].text, "\n") == 0)
			continue;
		if (!(r->v[i].style & DOC_BOLD))
			return false;
		any = true;
	}
	return any;
}

/* ---- sheet names ------------------------------------------------------------------------- */

/* Fold a name for Excel's case-insensitive comparison: ASCII and the
 * Latin-1 capitals (Å Ä Ö É …) to lower case. Allocated. */
static char *fold(const char *s)
{
	char *f = xstrdup(s);
	for (unsigned char *p = (unsigned char *)f; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (unsigned char)(*p + 32);
		else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97) {
			p[1] = (unsigned char)(p[1] + 32);
			p++;
		}
	}
	return f;
}

static bool name_taken(const struct xw *x, const char *name)
{
	char *f = fold(name);
	bool taken = strcmp(f, "history") == 0; /* reserved by Excel */
	for (size_t i = 0; i < x->nnames && !taken; i++) {
		char *g = fold(x->names[i]);
		taken = strcmp(f, g) == 0;
		free(g);
	}
	free(f);
	return taken;
}

/* Trailing bytes of s[0..end) that end a name badly after a cut: spaces,
 * commas, colons, dashes, an opening parenthesis. */
static size_t trim_end(const char *s, size_t end)
{
	for (;;) {
		if (end > 0 && strchr(" ,;:-(", s[end - 1]))
			end--;
		else if (end >= 3 && strncmp(s + end - 3, "–", 3) == 0)
			end -= 3;
		else
			return end;
	}
}

/* s cut to at most max characters (Excel's count) on a character
 * boundary. When it has to be cut: at a space when there is one in the
 * second half (so a word is not cut in two), before a parenthesis left
 * open, and without trailing punctuation ("Medlemsbidrag 2023 (staten
 * 12, regionen …" becomes "Medlemsbidrag 2023"). Allocated. */
static char *cut(const char *s, size_t max)
{
	size_t n = 0, end = 0;
	for (size_t i = 0; s[i];) {
		size_t len = 1;
		unsigned char c = (unsigned char)s[i];
		if (c >= 0xF0)
			len = 4;
		else if (c >= 0xE0)
			len = 3;
		else if (c >= 0xC0)
			len = 2;
		size_t units = len == 4 ? 2 : 1;
		if (n + units > max)
			break;
		n += units;
		for (size_t k = 0; k < len && s[i]; k++)
			i++;
		end = i;
	}
	if (!s[end])
		return xstrndup(s, end);
	size_t raw = end; /* on a character boundary, whatever the trimming leaves */
	if (s[end] != ' ') {
		size_t sp = end;
		while (sp > 0 && s[sp - 1] != ' ')
			sp--;
		if (sp > end / 2)
			end = sp;
	}
	int open = 0;
	size_t last_open = 0;
	for (size_t i = 0; i < end; i++) {
		if (s[i] == '(') {
			open++;
			last_open = i;
		} else if (s[i] == ')' && open > 0) {
			open--;
		}
	}
	if (open > 0 && trim_end(s, last_open) > 0)
		end = last_open;
	end = trim_end(s, end);
	return xstrndup(s, end ? end : raw);
}

/* A sheet name from a table's title: the characters Excel refuses
 * ([]:*?/\) dropped, line breaks and tabs as spaces, no apostrophe at
 * either end, at most 31 characters, unique (" (2)", " (3)", …). The name
 * is recorded as taken and returned (owned by x). */
static const char *sheet_name(struct xw *x, const char *title, size_t index)
{
	struct buf b = BUF_INIT(0);
	bool space = true; /* drops leading and repeated spaces */
	for (const char *p = title ? title : ""; *p; p++) {
		char c = *p;
		if (strchr("[]:*?/\\", c))
			continue;
		if (c == '\n' || c == '\r' || c == '\t' || (unsigned char)c < 0x20)
			c = ' ';
		if (c == ' ' && space)
			continue;
		space = c == ' ';
		buf_putc(&b, c);
	}
	char *clean = buf_take(&b);
	if (!clean)
		clean = xstrdup("");
	/* No apostrophe at the ends (Excel refuses it). */
	char *start = clean;
	while (*start == '\'' || *start == ' ')
		start++;
	size_t len = strlen(start);
	while (len > 0 && (start[len - 1] == '\'' || start[len - 1] == ' '))
		len--;
	char *base = xstrndup(start, len);
	free(clean);
	if (!*base) {
		free(base);
		base = xasprintf("Tabell %zu", index);
	}

	char *name = cut(base, SHEET_NAME_MAX);
	for (int k = 2; name_taken(x, name) ||
			workbook_validate_sheet_name(x->wb, name) != LXW_NO_ERROR;
	     k++) {
		free(name);
		char suffix[16];
		snprintf(suffix, sizeof suffix, " (%d)", k);
		char *stem = cut(base, SHEET_NAME_MAX - strlen(suffix));
		name = xasprintf("%s%s", stem, suffix);
		free(stem);
		if (k > 10000) { /* cannot happen with fewer tables than that */
			free(name);
			name = xasprintf("Tabell %zu", index);
			break;
		}
	}
	free(base);
	x->names = xrealloc(x->names, (x->nnames + 1) * sizeof *x->names);
	x->names[x->nnames++] = name;
	return name;
}

/* ---- a table's sheet --------------------------------------------------------------------- */

static enum numfmt col_numfmt(enum doc_col_type t)
{
	switch (t) {
	case DC_KRONOR: return NF_KRONOR;
	case DC_INT: return NF_INT;
	case DC_PERCENT: return NF_PERCENT;
	case DC_DECIMAL: return NF_DECIMAL;
	case DC_TEXT: break;
	}
	return NF_TEXT;
}

static bool is_note_column(const struct doc_column *c)
{
	return c->type == DC_TEXT && c->title && strcasecmp(c->title, "Not") == 0;
}

/* The rules and weight of a row kind. */
static void kind_style(enum doc_row_kind k, struct fmt_key *key)
{
	switch (k) {
	case DR_HEADING: key->bold = 1; break;
	case DR_SUBTOTAL:
		key->bold = 1;
		key->top = RULE_THIN;
		break;
	case DR_TOTAL:
		key->bold = 1;
		key->top = RULE_THIN;
		key->bottom = RULE_DOUBLE;
		break;
	case DR_NORMAL: break;
	}
}

/* The width of column c: the document's, or from the content. */
/* The longest word of s in characters (split at spaces, line breaks and
 * hyphens, where a cell may wrap). */
static size_t longest_word(const char *s)
{
	size_t best = 0;
	while (*s) {
		size_t n = strcspn(s, " \n-");
		char *word = xstrndup(s, n);
		size_t len = excel_len(word);
		free(word);
		if (len > best)
			best = len;
		s += n;
		if (*s)
			s++;
	}
	return best;
}

/* The width of a column whose document width is given: at least its
 * longest word in a text column (a bold label a tenth wider), so that
 * no word is broken in two, within WIDTH_MAX. */
static double given_width(const struct doc_table *t, size_t c)
{
	double w = t->cols[c].width;
	if (t->cols[c].type != DC_TEXT)
		return w;
	for (size_t r = 0; r < t->nrows; r++) {
		char *s = cell_text(&t->rows[r].cells[c].runs);
		double need = (double)longest_word(s) * 1.1 + 1;
		free(s);
		if (need > w)
			w = need;
	}
	return w > WIDTH_MAX && t->cols[c].width <= WIDTH_MAX ? WIDTH_MAX : w;
}

static double column_width(const struct doc_table *t, size_t c)
{
	if (t->cols[c].width > 0)
		return given_width(t, c);
	size_t w = longest_line(t->cols[c].title ? t->cols[c].title : "");
	for (size_t r = 0; r < t->nrows; r++) {
		const struct doc_cell *cell = &t->rows[r].cells[c];
		size_t n;
		if (t->cols[c].type != DC_TEXT && cell->has_value) {
			n = 12; /* a grouped figure up to a thousand million */
		} else {
			char *s = cell_text(&cell->runs);
			n = longest_line(s) + (c == 0 ? 2 * (size_t)t->rows[r].indent : 0);
			free(s);
		}
		if (n > w)
			w = n;
	}
	w += 2;
	return (double)(w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w);
}

/* Write cell c of row r; returns the lines of text it takes. */
static size_t write_cell(struct xw *x, lxw_worksheet *ws, lxw_row_t row, const struct doc_table *t,
			 const struct doc_row *r, size_t c, double width)
{
	const struct doc_column *col = &t->cols[c];
	const struct doc_cell *cell = &r->cells[c];
	struct fmt_key k = { 0 };
	kind_style(r->kind, &k);
	k.status = (unsigned char)(doc_status_valid(cell->status) ? cell->status
				   : doc_status_valid(r->status) ? r->status
							     : DS_NONE);
	lxw_col_t cc = (lxw_col_t)c;
	if (col->type != DC_TEXT && cell->has_value) {
		k.numfmt = (unsigned char)col_numfmt(col->type);
		double v;
		switch (col->type) {
		case DC_KRONOR: v = (double)cell->shown; break;
		case DC_PERCENT: v = (double)cell->value / 10000.0; break;
		case DC_DECIMAL: v = (double)cell->value / 100.0; break;
		default: v = (double)cell->value; break;
		}
		chk(x, worksheet_write_number(ws, row, cc, v, fmt(x, &k)));
		return 1;
	}
	char *s = cell_text(&cell->runs);
	if (!*s && cell->note) {
		free(s);
		s = xstrdup(cell->note);
	}
	if (runs_bold(&cell->runs))
		k.bold = 1;
	if (c == 0 && r->indent > 0)
		k.indent = (unsigned char)(r->indent > 3 ? 3 : r->indent);
	if (col->type != DC_TEXT)
		k.align = AL_RIGHT;
	else if (is_note_column(col))
		k.align = AL_CENTER;
	/* An indented label has that much less room. */
	double room = width - (double)(3 * k.indent);
	size_t lines = 1;
	if (strchr(s, '\n') || (double)longest_line(s) > room) {
		k.wrap = 1;
		lines = wrapped_lines(s, room);
	}
	if (*s)
		chk(x, worksheet_write_string(ws, row, cc, s, fmt(x, &k)));
	else if (k.status || k.top || k.bottom)
		chk(x, worksheet_write_blank(ws, row, cc, fmt(x, &k)));
	free(s);
	return lines;
}

/* A4, landscape when the columns are wider than a portrait page, and
 * never more than one page wide. */
static void page_setup(lxw_worksheet *ws, double total_width)
{
	worksheet_set_paper(ws, 9); /* A4 */
	if (total_width > PORTRAIT_MAX)
		worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
}

static void table_sheet(struct xw *x, const struct doc_table *t, const char *name)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	if (!ws) {
		chk(x, LXW_ERROR_SHEETNAME_ALREADY_USED);
		return;
	}
	bool status_col = doc_table_has_status(t);
	size_t ncols = t->ncols + (status_col ? 1 : 0);
	double *widths = xcalloc(ncols ? ncols : 1, sizeof *widths);
	for (size_t c = 0; c < t->ncols; c++) {
		widths[c] = column_width(t, c);
		chk(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
	}
	if (status_col) {
		widths[t->ncols] = 16;
		chk(x, worksheet_set_column(ws, (lxw_col_t)t->ncols, (lxw_col_t)t->ncols, 16, NULL));
	}
	double total = 0;
	for (size_t c = 0; c < ncols; c++)
		total += widths[c];
	page_setup(ws, total);

	lxw_row_t row = 0;
	struct fmt_key title = { .bold = 1, .size = 12 };
	chk(x, worksheet_write_string(ws, row++, 0, t->title ? t->title : t->key, fmt(x, &title)));
	if (t->source) {
		struct fmt_key src = { .italic = 1 };
		chk(x, worksheet_write_string(ws, row++, 0, t->source, fmt(x, &src)));
	}
	row++; /* a blank line above the table */

	if (t->header) {
		for (size_t c = 0; c < ncols; c++) {
			const char *text = c < t->ncols ? t->cols[c].title : "Status";
			struct fmt_key h = { .bold = 1, .bottom = RULE_THIN };
			if (c < t->ncols && t->cols[c].type != DC_TEXT)
				h.align = AL_RIGHT;
			else if (c < t->ncols && is_note_column(&t->cols[c]))
				h.align = AL_CENTER;
			if (text && strchr(text, '\n'))
				h.wrap = 1;
			if (text && *text)
				chk(x, worksheet_write_string(ws, row, (lxw_col_t)c, text, fmt(x, &h)));
			else
				chk(x, worksheet_write_blank(ws, row, (lxw_col_t)c, fmt(x, &h)));
		}
		size_t lines = 1;
		for (size_t c = 0; c < t->ncols; c++) {
			size_t n = wrapped_lines(t->cols[c].title ? t->cols[c].title : "", 1000);
			lines = n > lines ? n : lines;
		}
		row_lines(x, ws, row, lines);
		chk(x, worksheet_repeat_rows(ws, row, row));
		row++;
		worksheet_freeze_panes(ws, row, 0);
	} else if (status_col) {
		struct fmt_key h = { .bold = 1 };
		chk(x, worksheet_write_string(ws, row++, (lxw_col_t)t->ncols, "Status", fmt(x, &h)));
	}

	for (size_t ri = 0; ri < t->nrows; ri++, row++) {
		const struct doc_row *r = &t->rows[ri];
		size_t lines = 1;
		for (size_t c = 0; c < t->ncols; c++) {
			size_t n = write_cell(x, ws, row, t, r, c, widths[c]);
			lines = n > lines ? n : lines;
		}
		row_lines(x, ws, row, lines);
		enum doc_status st = status_col ? doc_row_status(t, r) : DS_NONE;
		if (doc_status_valid(st)) {
			struct fmt_key k = { .status = (unsigned char)st };
			kind_style(r->kind, &k);
			chk(x, worksheet_write_string(ws, row, (lxw_col_t)t->ncols, status_label[st],
						      fmt(x, &k)));
		}
	}
	free(widths);
}

/* ---- the cover sheet --------------------------------------------------------------------- */

static void cover_sheet(struct xw *x, struct doc *d, struct doc_table **tables,
			const char *const *names, size_t n)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, COVER_SHEET);
	if (!ws) {
		chk(x, LXW_ERROR_SHEETNAME_ALREADY_USED);
		return;
	}
	chk(x, worksheet_set_column(ws, 0, 0, 24, NULL));
	chk(x, worksheet_set_column(ws, 1, 1, 44, NULL));
	chk(x, worksheet_set_column(ws, 2, 2, 26, NULL));
	page_setup(ws, 24 + 44 + 26);
	struct fmt_key title = { .bold = 1, .size = 14 }, label = { .bold = 1 }, plain = { 0 };
	struct fmt_key link = { .link = 1 }, head = { .bold = 1, .bottom = RULE_THIN };
	lxw_row_t row = 0;
	chk(x, worksheet_write_string(ws, row++, 0, d->title ? d->title : "Rapport",
				      fmt(x, &title)));
	row++;
	const struct {
		const char *label, *value;
	} facts[] = {
		{ "Organisation", d->org_name },
		{ "Organisationsnummer", d->orgnr },
		{ "Period", d->period_text },
		{ "Anmärkning", d->cover_note },
	};
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
		if (!facts[i].value)
			continue;
		chk(x, worksheet_write_string(ws, row, 0, facts[i].label, fmt(x, &label)));
		chk(x, worksheet_write_string(ws, row++, 1, facts[i].value, fmt(x, &plain)));
	}
	row++;
	chk(x, worksheet_write_string(ws, row, 0, "Blad", fmt(x, &head)));
	chk(x, worksheet_write_string(ws, row, 1, "Tabell", fmt(x, &head)));
	chk(x, worksheet_write_string(ws, row++, 2, "Källa", fmt(x, &head)));
	for (size_t i = 0; i < n; i++, row++) {
		/* internal:'Blad ''x'''!A1 — apostrophes doubled inside quotes. */
		struct buf b = BUF_INIT(0);
		buf_puts(&b, "internal:'");
		for (const char *p = names[i]; *p; p++) {
			if (*p == '\'')
				buf_putc(&b, '\'');
			buf_putc(&b, *p);
		}
		buf_puts(&b, "'!A1");
		chk(x, worksheet_write_url_opt(ws, row, 0, buf_cstr(&b), fmt(x, &link), names[i],
					       NULL));
		buf_free(&b);
		if (tables[i]->title)
			chk(x, worksheet_write_string(ws, row, 1, tables[i]->title, fmt(x, &plain)));
		if (tables[i]->source)
			chk(x, worksheet_write_string(ws, row, 2, tables[i]->source, fmt(x, &plain)));
	}
}

/* ---- the workbook ------------------------------------------------------------------------ */

/* SOURCE_DATE_EPOCH (reproducible output), or 0 for "now". */
static time_t creation_time(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s || !*s)
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v <= 0)
		return 0;
	return (time_t)v;
}

static const char *lxw_swedish(lxw_error e)
{
	switch (e) {
	case LXW_ERROR_MEMORY_MALLOC_FAILED: return "minnet tog slut";
	case LXW_ERROR_CREATING_XLSX_FILE: return "filen kunde inte skapas";
	case LXW_ERROR_CREATING_TMPFILE: return "en temporär fil kunde inte skapas";
	case LXW_ERROR_READING_TMPFILE: return "en temporär fil kunde inte läsas";
	case LXW_ERROR_ZIP_FILE_OPERATION:
	case LXW_ERROR_ZIP_PARAMETER_ERROR:
	case LXW_ERROR_ZIP_BAD_ZIP_FILE:
	case LXW_ERROR_ZIP_INTERNAL_ERROR:
	case LXW_ERROR_ZIP_FILE_ADD: return "filen kunde inte packas (zip)";
	case LXW_ERROR_ZIP_CLOSE: return "filen kunde inte stängas";
	case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED: return "en cell har mer än 32 767 tecken";
	case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
		return "tabellen har fler rader eller kolumner än Excel rymmer";
	default: return "fel i kalkylbladsbiblioteket";
	}
}

static bool write_xlsx(struct doc *d, const char *path, struct error *err)
{
	/* libxlsxwriter opens the file only when it closes the workbook, and
	 * then prints its complaint in English on stderr; try first. */
	FILE *probe = fopen(path, "ab");
	if (!probe) {
		error_set(err, ERR_INTERNAL, "filen kunde inte skapas: %s", strerror(errno));
		return false;
	}
	fclose(probe);

	struct xw x = { .rc = LXW_NO_ERROR };
	x.wb = workbook_new(path);
	if (!x.wb) {
		error_set(err, ERR_INTERNAL, "kalkylbladet kunde inte påbörjas (libxlsxwriter)");
		return false;
	}
	lxw_doc_properties props = {
		.title = d->title,
		.company = d->org_name,
		.subject = d->period_text,
		.created = creation_time(),
	};
	chk(&x, workbook_set_properties(x.wb, &props));

	size_t n = 0;
	struct doc_table **tables = doc_tables(d, &n);
	/* Names first: the cover sheet lists them. */
	x.names = xcalloc(1, sizeof *x.names);
	x.names[x.nnames++] = xstrdup(COVER_SHEET);
	const char **names = xcalloc(n ? n : 1, sizeof *names);
	for (size_t i = 0; i < n; i++)
		names[i] = sheet_name(&x, tables[i]->title ? tables[i]->title : tables[i]->key, i + 1);
	cover_sheet(&x, d, tables, names, n);
	for (size_t i = 0; i < n; i++)
		table_sheet(&x, tables[i], names[i]);

	lxw_error close_rc = workbook_close(x.wb); /* also frees the workbook */
	chk(&x, close_rc);
	if (x.rc != LXW_NO_ERROR)
		error_set(err, ERR_INTERNAL, "%s (libxlsxwriter: %s)", lxw_swedish(x.rc),
			  lxw_strerror(x.rc));
	for (size_t i = 0; i < x.nnames; i++)
		free(x.names[i]);
	free(x.names);
	free(names);
	free(x.fmts);
	return x.rc == LXW_NO_ERROR;
}

const struct renderer render_xlsx = { "xlsx", ".xlsx", write_xlsx };
