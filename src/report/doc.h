/*
 * doc — the report as a document tree, the one thing every renderer reads.
 *
 * A template (report/template.c) and the model's figures become a `struct
 * doc`: a cover, then blocks in reading order — headings (numbered 1,
 * 1.1, …), paragraphs, lists, tables, charts, the signature block, the
 * table of contents and page breaks. The renderers (render/html.c, pdf.c,
 * xlsx.c, table_data.c) only lay out what is here; they never compute a
 * figure, so the HTML, the PDF and the spreadsheet cannot disagree.
 *
 * Amounts are carried twice: `value` is exact (öre) and `shown` is the
 * whole-krona figure the reader sees, chosen by the report layer (rounded
 * half away from zero, or by largest remainder so that printed rows add
 * up to printed totals). Renderers print `shown` and never round.
 *
 * Everything in a doc lives in its arena and is freed by doc_free.
 */
#ifndef FINSAM_REPORT_DOC_H
#define FINSAM_REPORT_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/date.h"
#include "util/money.h"

/* A run of inline text with one style. A run whose text is "\n" is a hard
 * line break; within table cells, a run with DOC_BULLET starts a bulleted
 * line (the renderer draws the bullet and the hanging indent). */
enum doc_style {
	DOC_PLAIN = 0,
	DOC_BOLD = 1,
	DOC_ITALIC = 2,
	DOC_CODE = 4,
	DOC_BULLET = 8,     /* starts a bullet item in a cell (text is the item's first run) */
	DOC_UNDERLINE = 16, /* the seed underlines group headings in notes */
	DOC_FIGURE = 32,    /* text that came from a placeholder (a live figure) */
};

struct doc_run {
	char *text;       /* UTF-8, never NULL */
	unsigned style;   /* enum doc_style bits */
	char *link;       /* URL for a link, or NULL */
};

struct doc_runs {
	struct doc_run *v;
	size_t n, cap;
};

/* Traffic-light status of a goal or a finding. */
enum doc_status { DS_NONE, DS_GREEN, DS_YELLOW, DS_RED };

/* What a table column holds; decides alignment, formatting and the XLSX
 * number format. */
enum doc_col_type {
	DC_TEXT,    /* rich text (runs) */
	DC_KRONOR,  /* money: `shown` in whole kronor, "−4 271 231" */
	DC_INT,     /* a count: "149" */
	DC_PERCENT, /* hundredths of a percent in `value`, `shown` in whole
		     * percent: "48 %" */
	DC_DECIMAL, /* hundredths in `value` ("3,80"), e.g. a survey mean */
};

struct doc_cell {
	struct doc_runs runs; /* DC_TEXT, or a text in a numeric column (e.g. "x") */
	bool has_value;       /* numeric: false leaves the cell empty */
	int64_t value;        /* exact: öre, a count, hundredths */
	int64_t shown;        /* what is printed: kronor, count, whole percent,
			       * hundredths (DC_DECIMAL) */
	enum doc_status status; /* a coloured cell (goal matrices); DS_NONE: plain */
	char *note;           /* a note reference shown in the "Not" column, or NULL */
};

enum doc_row_kind {
	DR_NORMAL,
	DR_HEADING,   /* a section name inside a table ("TILLGÅNGAR"), no figures */
	DR_SUBTOTAL,  /* "Summa omsättningstillgångar": rule above, bold */
	DR_TOTAL,     /* "SUMMA TILLGÅNGAR", "Resultat": double rule, bold */
};

struct doc_row {
	enum doc_row_kind kind;
	int indent;              /* 0..3: levels of indentation of the first cell */
	struct doc_cell *cells;  /* ncols cells */
	enum doc_status status;  /* a status for the whole row (goal matrix), or DS_NONE */
};

struct doc_column {
	char *title;            /* header text; "\n" separates header lines
				 * ("Budget\nHelår 2023") */
	enum doc_col_type type;
	int width;              /* relative width (the renderers share it out);
				 * XLSX: width in characters */
};

enum doc_table_style {
	DTS_FIGURES,  /* a financial table: numbers right, rules for sums */
	DTS_GRID,     /* a matrix with borders (goal matrices) */
	DTS_CARD,     /* a key/value card: first column is the label, shaded;
		       * the title spans both columns as the card's header */
};

struct doc_table {
	char *key;              /* short unique name: XLSX sheet, CSV/JSON file
				 * ("resultatrakning", "not-3", "insats-cto") */
	char *title;            /* caption shown above, or NULL */
	enum doc_table_style style;
	struct doc_column *cols;
	size_t ncols;
	bool header;            /* print the column titles (repeated on each page) */
	struct doc_row *rows;
	size_t nrows, rows_cap;
	char *source;           /* what the figures are ("Bokföringen 2023-01-01–
				 * 2023-06-30"), for XLSX/JSON metadata; or NULL */
};

enum doc_chart_kind {
	DCH_BARS,      /* grouped bars per category (budget vs actual per insats) */
	DCH_LINE,      /* a line per series over the categories (equity path) */
	DCH_STACKED,   /* stacked bars per category (participants by sex/outcome) */
};

struct doc_series {
	char *name;
	int64_t *values;        /* one per category; units of the chart */
	bool dashed;            /* a reference line (the equity ceiling) */
};

struct doc_chart {
	enum doc_chart_kind kind;
	char *title;
	char *alt;              /* the chart in words, for screen readers */
	char *unit;             /* axis unit: "kr", "tkr", "personer" */
	int64_t scale;          /* values are divided by this for the axis
				 * (100 for öre → kronor); 1 for counts */
	char **categories;
	size_t ncategories;
	struct doc_series *series;
	size_t nseries;
};

struct doc_signature {
	char *name;
	char *role;
};

enum doc_block_kind {
	DB_HEADING,
	DB_PARAGRAPH,
	DB_LIST,
	DB_TABLE,
	DB_CHART,
	DB_SIGNATURES,
	DB_TOC,
	DB_PAGEBREAK,
};

struct doc_list_item {
	int level;              /* nesting: 0 outermost */
	struct doc_runs runs;
};

struct doc_block {
	enum doc_block_kind kind;
	union {
		struct {
			int level;          /* 1, 2, 3 */
			char *number;       /* "1.2", or NULL for an unnumbered heading */
			char *anchor;       /* id for links and the TOC ("h-1-2") */
			bool in_toc;        /* listed in the table of contents */
			struct doc_runs runs;
		} heading;
		struct doc_runs paragraph;
		struct {
			bool ordered;
			struct doc_list_item *items;
			size_t nitems, cap;
		} list;
		struct doc_table *table;
		struct doc_chart *chart;
		struct {
			char *intro;        /* a line above the names, or NULL */
			struct doc_signature *v;
			size_t n;
		} signatures;
	} u;
};

enum doc_kind { DOC_INTERIM, DOC_ANNUAL };

struct doc {
	struct arena arena;
	enum doc_kind kind;
	char *title;            /* "Delårsredovisning" */
	char *org_name;         /* running header and cover */
	char *orgnr;
	char *period_text;      /* "1 januari–30 juni 2023" */
	char *cover_note;       /* "Beslutad av styrelsen 2023-09-13", or NULL */
	const char *lang;       /* "sv" */
	date_t from, to;        /* the report's period */
	date_t cmp_from, cmp_to;/* its comparison, 0 when none */
	bool plain_rounding;    /* figures rounded one by one (not largest remainder) */
	struct doc_block *blocks;
	size_t nblocks, cap;
};

void doc_init(struct doc *d);
void doc_free(struct doc *d);

/* Strings and arrays in the doc's arena. */
char *doc_strdup(struct doc *d, const char *s);
char *doc_printf(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append a block (zeroed, of `kind`) and return it; valid until the next
 * doc_add_block. */
struct doc_block *doc_add_block(struct doc *d, enum doc_block_kind kind);

/* Append a run to `r` (text copied into the doc). */
void doc_run_add(struct doc *d, struct doc_runs *r, const char *text, unsigned style);
/* The runs' text concatenated, styles dropped (alt text, sheet cells,
 * tests); in the doc's arena. */
char *doc_runs_text(struct doc *d, const struct doc_runs *r);

/* A new table with `ncols` columns (titles and types set by the caller). */
struct doc_table *doc_table_new(struct doc *d, const char *key, const char *title,
				enum doc_table_style style, size_t ncols);
void doc_table_col(struct doc *d, struct doc_table *t, size_t i, const char *title,
		   enum doc_col_type type, int width);
/* Append a row (cells empty) and return it. */
struct doc_row *doc_table_row(struct doc *d, struct doc_table *t, enum doc_row_kind kind,
			      int indent);
/* Cell setters: text (plain run), an amount in öre shown as `shown`
 * kronor, a count, a percent (hundredths; shown rounded to whole). */
void doc_cell_text(struct doc *d, struct doc_cell *c, const char *text, unsigned style);
void doc_cell_money(struct doc_cell *c, money_t value, int64_t shown_kronor);
void doc_cell_int(struct doc_cell *c, int64_t n);
void doc_cell_percent(struct doc_cell *c, int64_t hundredths);
void doc_cell_decimal(struct doc_cell *c, int64_t hundredths);

/* A chart with the given categories and series (values zeroed). */
struct doc_chart *doc_chart_new(struct doc *d, enum doc_chart_kind kind, const char *title,
				const char *unit, int64_t scale, size_t ncategories,
				size_t nseries);

/* Whether s is a colour (green, yellow, red). */
bool doc_status_valid(enum doc_status s);
/* Whether any row or cell of t has a status. */
bool doc_table_has_status(const struct doc_table *t);
/* The status a row states: its own, or else its first coloured cell's. */
enum doc_status doc_row_status(const struct doc_table *t, const struct doc_row *r);

/* Every table of the doc in reading order (for XLSX/CSV/JSON); the array
 * is in the arena. */
struct doc_table **doc_tables(struct doc *d, size_t *n);

#endif
