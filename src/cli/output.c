/*
 * output — table, CSV and JSON rendering of command results; see
 * output.h for the contract.
 */
#include "cli/output.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/charset.h"
#include "util/xalloc.h"

#define MAX_TEXT_WIDTH 48 /* longer text is shortened in tables only */

bool out_parse_format(const char *s, enum out_format *out, struct error *err)
{
	if (!s || strcmp(s, "table") == 0)
		*out = OUT_TABLE;
	else if (strcmp(s, "csv") == 0)
		*out = OUT_CSV;
	else if (strcmp(s, "json") == 0)
		*out = OUT_JSON;
	else {
		error_set(err, ERR_USAGE, "okänt format \"%s\" (table, csv eller json)", s);
		return false;
	}
	return true;
}

void out_init(struct out_table *t, const struct out_column *cols, size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->cols = cols;
	t->ncols = ncols;
}

void out_free(struct out_table *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t c = 0; c < t->ncols; c++)
			free(t->rows[i].cells[c].text);
		free(t->rows[i].cells);
	}
	free(t->rows);
	for (size_t i = 0; i < t->nmeta; i++)
		free(t->meta[i].text);
	free(t->meta);
	for (size_t i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	free(t->notes);
	free(t->title);
	memset(t, 0, sizeof *t);
}

void out_set_title(struct out_table *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(t->title);
	if (vasprintf(&t->title, fmt, ap) < 0)
		t->title = NULL;
	va_end(ap);
}

static struct out_meta *add_meta(struct out_table *t, const char *key, const char *label)
{
	t->meta = xgrow(t->meta, &t->meta_cap, t->nmeta + 1, sizeof *t->meta);
	struct out_meta *m = &t->meta[t->nmeta++];
	memset(m, 0, sizeof *m);
	m->key = key;
	m->label = label;
	return m;
}

void out_meta_text(struct out_table *t, const char *key, const char *label, const char *value)
{
	add_meta(t, key, label)->text = xstrdup(value ? value : "");
}

void out_meta_json(struct out_table *t, const char *key, const char *label, const char *json)
{
	struct out_meta *m = add_meta(t, key, label);
	m->text = xstrdup(json ? json : "null");
	m->is_json = true;
}

void out_meta_int(struct out_table *t, const char *key, const char *label, int64_t value)
{
	struct out_meta *m = add_meta(t, key, label);
	m->number = value;
}

void out_note(struct out_table *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s;
	if (vasprintf(&s, fmt, ap) >= 0) {
		t->notes = xgrow(t->notes, &t->notes_cap, t->nnotes + 1, sizeof *t->notes);
		t->notes[t->nnotes++] = s;
	}
	va_end(ap);
}

void out_row(struct out_table *t, bool total)
{
	t->rows = xgrow(t->rows, &t->rows_cap, t->nrows + 1, sizeof *t->rows);
	struct out_row *r = &t->rows[t->nrows++];
	r->cells = xcalloc(t->ncols, sizeof *r->cells);
	for (size_t c = 0; c < t->ncols; c++)
		r->cells[c].null = true;
	r->total = total;
	t->cur = 0;
}

static struct out_cell *next_cell(struct out_table *t)
{
	if (t->nrows == 0 || t->cur >= t->ncols)
		abort(); /* a programming error: more cells than columns */
	struct out_cell *c = &t->rows[t->nrows - 1].cells[t->cur++];
	c->null = false;
	return c;
}

void out_text(struct out_table *t, const char *s)
{
	next_cell(t)->text = xstrdup(s ? s : "");
}

void out_money(struct out_table *t, money_t m)
{
	next_cell(t)->number = m;
}

void out_int(struct out_table *t, int64_t n)
{
	next_cell(t)->number = n;
}

void out_date(struct out_table *t, date_t d)
{
	struct out_cell *c = next_cell(t);
	c->number = d;
	c->null = d == 0;
}

void out_null(struct out_table *t)
{
	t->cur++;
}

/* ---- table -------------------------------------------------------------- */

/* A cell as the table shows it: its text and its width in columns. */
struct shown {
	char *text;
	size_t width;
};

char *out_percent_text(int64_t hundredths, char *buf, size_t size)
{
	/* Whole percent, rounded half away from zero, as reports write it. */
	int64_t whole = (hundredths < 0 ? hundredths - 50 : hundredths + 50) / 100;
	snprintf(buf, size, "%s%lld %%", whole < 0 ? "-" : "", (long long)(whole < 0 ? -whole : whole));
	return buf;
}

/* The cell's text, kept in a (the texts of a table go at once). */
static char *cell_text(struct arena *a, const struct out_column *col, const struct out_cell *c)
{
	char buf[64];
	const char *s = ""; /* a null cell is shown empty */
	if (!c->null) {
		switch (col->type) {
		case OUT_TEXT:
			s = c->text ? c->text : "";
			break;
		case OUT_MONEY:
			s = money_format_sv(c->number, &money_style_terminal, buf, sizeof buf);
			break;
		case OUT_KRONOR:
			s = money_format_sv(c->number, &money_style_terminal_kr, buf, sizeof buf);
			break;
		case OUT_PERCENT:
			s = out_percent_text(c->number, buf, sizeof buf);
			break;
		case OUT_INT:
			snprintf(buf, sizeof buf, "%lld", (long long)c->number);
			s = buf;
			break;
		case OUT_DATE:
			s = date_format((date_t)c->number, buf);
			break;
		}
	}
	/* Room for shorten's "…" in place of the last character kept. */
	size_t n = strlen(s);
	char *copy = arena_alloc(a, n + 4);
	memcpy(copy, s, n + 1);
	return copy;
}

/* Cut s to at most w display columns, ending in "…" when cut. */
static void shorten(char *s, size_t w)
{
	if (utf8_width(s) <= w)
		return;
	size_t cols = 0;
	char *p = s;
	for (; *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		if (cols == w - 1)
			break;
		cols++;
	}
	memcpy(p, "\u2026", sizeof "\u2026");
}

static void pad(FILE *f, size_t n)
{
	static const char spaces[] = "                                ";
	for (; n > sizeof spaces - 1; n -= sizeof spaces - 1)
		fwrite(spaces, 1, sizeof spaces - 1, f);
	fwrite(spaces, 1, n, f);
}

static void print_table(const struct out_table *t, FILE *f)
{
	if (t->title)
		fprintf(f, "%s\n", t->title);
	for (size_t i = 0; i < t->nmeta; i++)
		if (t->meta[i].label) {
			if (t->meta[i].text)
				fprintf(f, "%s: %s\n", t->meta[i].label, t->meta[i].text);
			else
				fprintf(f, "%s: %lld\n", t->meta[i].label,
					(long long)t->meta[i].number);
		}
	if (t->title || t->nmeta)
		fputc('\n', f);

	size_t *width = xcalloc(t->ncols, sizeof *width);
	struct shown *cells = xcalloc(t->nrows * t->ncols + 1, sizeof *cells);
	struct arena texts;
	arena_init(&texts);
	for (size_t c = 0; c < t->ncols; c++)
		width[c] = utf8_width(t->cols[c].title);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			struct shown *s = &cells[r * t->ncols + c];
			s->text = cell_text(&texts, &t->cols[c], &t->rows[r].cells[c]);
			int limit = t->cols[c].max_width;
			if (t->cols[c].type == OUT_TEXT && limit >= 0)
				shorten(s->text, limit ? (size_t)limit : MAX_TEXT_WIDTH);
			s->width = utf8_width(s->text);
			if (s->width > width[c])
				width[c] = s->width;
		}
	}
	/* A text column that is last has no padding after it. */
	for (size_t c = 0; c < t->ncols; c++) {
		bool right = t->cols[c].type != OUT_TEXT && t->cols[c].type != OUT_DATE;
		size_t w = utf8_width(t->cols[c].title);
		if (c)
			fputs("  ", f);
		if (right)
			pad(f, width[c] - w);
		fputs(t->cols[c].title, f);
		if (!right && c + 1 < t->ncols)
			pad(f, width[c] - w);
	}
	fputc('\n', f);
	bool separated = false;
	for (size_t r = 0; r <= t->nrows; r++) {
		bool rule = r == 0 || (r < t->nrows && t->rows[r].total && !separated);
		if (rule) {
			for (size_t c = 0; c < t->ncols; c++) {
				if (c)
					fputs("  ", f);
				for (size_t i = 0; i < width[c]; i++)
					fputc('-', f);
			}
			fputc('\n', f);
			if (r > 0)
				separated = true;
		}
		if (r == t->nrows)
			break;
		for (size_t c = 0; c < t->ncols; c++) {
			bool right = t->cols[c].type != OUT_TEXT && t->cols[c].type != OUT_DATE;
			const struct shown *s = &cells[r * t->ncols + c];
			if (c)
				fputs("  ", f);
			if (right)
				pad(f, width[c] - s->width);
			fputs(s->text, f);
			if (!right && c + 1 < t->ncols)
				pad(f, width[c] - s->width);
		}
		fputc('\n', f);
	}
	if (t->nrows == 0)
		fputs("(inga rader)\n", f);
	for (size_t i = 0; i < t->nnotes; i++)
		fprintf(f, "%s%s\n", i == 0 ? "\n" : "", t->notes[i]);
	arena_free(&texts);
	free(cells);
	free(width);
}

void out_padded(FILE *f, const char *s, size_t width, bool cut)
{
	size_t w = utf8_width(s);
	if (cut && w > width && width > 1) {
		char *copy = xmalloc(strlen(s) + 4);
		memcpy(copy, s, strlen(s) + 1);
		shorten(copy, width);
		fputs(copy, f);
		free(copy);
		w = width;
	} else {
		fputs(s, f);
	}
	if (w < width)
		pad(f, width - w);
}

/* ---- CSV -------------------------------------------------------------- */

void out_csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (s[0] == '\0' || s[strlen(s) - 1] != ' ')) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void print_csv(const struct out_table *t, FILE *f)
{
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			fputc(',', f);
		out_csv_field(f, t->cols[c].key);
	}
	fputc('\n', f);
	for (size_t r = 0; r < t->nrows; r++) {
		if (t->rows[r].total)
			continue;
		for (size_t c = 0; c < t->ncols; c++) {
			const struct out_cell *cell = &t->rows[r].cells[c];
			char buf[64];
			if (c)
				fputc(',', f);
			if (cell->null)
				continue;
			switch (t->cols[c].type) {
			case OUT_TEXT:
				out_csv_field(f, cell->text ? cell->text : "");
				break;
			case OUT_MONEY:
			case OUT_KRONOR:
			case OUT_PERCENT: /* hundredths: two decimals, like öre */
				fputs(money_format_plain(cell->number, buf), f);
				break;
			case OUT_INT:
				fprintf(f, "%lld", (long long)cell->number);
				break;
			case OUT_DATE:
				fputs(date_format((date_t)cell->number, buf), f);
				break;
			}
		}
		fputc('\n', f);
	}
}

/* ---- JSON ----------------------------------------------------------------- */

static json_t *row_json(const struct out_table *t, const struct out_row *row)
{
	json_t *o = json_object();
	for (size_t c = 0; c < t->ncols; c++) {
		const struct out_cell *cell = &row->cells[c];
		json_t *v;
		char buf[16];
		if (cell->null)
			v = json_null();
		else if (t->cols[c].type == OUT_TEXT)
			v = json_string(cell->text ? cell->text : "");
		else if (t->cols[c].type == OUT_DATE)
			v = json_string(date_format((date_t)cell->number, buf));
		else
			v = json_integer(cell->number);
		json_object_set_new(o, t->cols[c].key, v);
	}
	return o;
}

static bool print_json(const struct out_table *t, FILE *f, const char *rows_key,
		       struct error *err)
{
	json_t *top = json_object();
	for (size_t i = 0; i < t->nmeta; i++) {
		const struct out_meta *m = &t->meta[i];
		if (!m->key)
			continue;
		json_t *v = m->is_json ? json_loads(m->text, JSON_DECODE_ANY, NULL)
			    : m->text  ? json_string(m->text)
				       : json_integer(m->number);
		json_object_set_new(top, m->key, v ? v : json_null());
	}
	bool money = false;
	for (size_t c = 0; c < t->ncols; c++)
		money |= t->cols[c].type == OUT_MONEY || t->cols[c].type == OUT_KRONOR;
	if (money)
		json_object_set_new(top, "amount_unit", json_string("öre"));
	json_t *rows = json_array();
	json_t *totals = NULL;
	for (size_t r = 0; r < t->nrows; r++) {
		if (t->rows[r].total)
			totals = row_json(t, &t->rows[r]);
		else
			json_array_append_new(rows, row_json(t, &t->rows[r]));
	}
	json_object_set_new(top, rows_key, rows);
	if (totals)
		json_object_set_new(top, "totals", totals);
	int rc = json_dumpf(top, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(top);
	fputc('\n', f);
	if (rc != 0) {
		error_set(err, ERR_INTERNAL, "kunde inte skriva JSON");
		return false;
	}
	return true;
}

bool out_print(const struct out_table *t, FILE *f, enum out_format fmt, const char *rows_key,
	       struct error *err)
{
	switch (fmt) {
	case OUT_TABLE:
		print_table(t, f);
		break;
	case OUT_CSV:
		print_csv(t, f);
		break;
	case OUT_JSON:
		return print_json(t, f, rows_key, err);
	}
	return true;
}
