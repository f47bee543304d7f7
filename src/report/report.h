/*
 * report — a report template and the store's data made into a document.
 *
 * report_build reads a template (docs/report.md): a YAML header between
 * "---" lines (kind, period, comparison, title, rounding, signatures)
 * and a CommonMark body with placeholders. It numbers the headings (1,
 * 1.1), and puts in each placeholder's figure or block, computed once
 * per report from the model (statements, forecast, follow-up), so a
 * figure quoted in the text and the same figure in a table are one
 * number. Any unknown placeholder, wrong argument or missing data stops
 * the build with template file:line:column; nothing is left empty.
 *
 * The struct below is the build's context, shared by the placeholder
 * modules (report/ph_*.c); everything the model computes is loaded on
 * first use and freed by report_free.
 */
#ifndef FINSAM_REPORT_REPORT_H
#define FINSAM_REPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "books/org.h"
#include "followup/evaluate.h"
#include "followup/followup.h"
#include "followup/stats.h"
#include "plan/forecast.h"
#include "report/doc.h"
#include "report/placeholder.h"
#include "report/ratios.h"
#include "report/statement.h"
#include "store/store.h"
#include "util/date.h"
#include "util/error.h"

struct report_header {
	enum doc_kind kind;      /* typ: delårsrapport | årsredovisning */
	char *title;             /* titel (default by kind) */
	date_t from, to;         /* period */
	bool has_cmp;            /* jämförelse given (or defaulted) */
	bool no_cmp;             /* jämförelse: ingen */
	date_t cmp_from, cmp_to;
	char *decided;           /* beslutad: the cover's note, or NULL */
	bool plain_rounding;     /* avrundning: vanlig (default: största-rest) */
	char **signers;          /* underskrifter: "Namn, Roll" */
	size_t nsigners;
	long line_of_period;     /* header lines, for errors about them */
	long body_line;          /* the body's first line in the file */
};

struct report {
	struct store *st;
	const char *file;        /* the template's name, for messages */
	struct report_header h;
	struct doc *doc;
	struct ph_list ph;
	struct org_info org;
	int year;                /* the fiscal year the period lies in */
	int heading[3];          /* counters of numbered headings */
	size_t seq;              /* tables made, for unique keys */

	/* Loaded on first use (report_* below). */
	bool map_loaded, rr_loaded, br_loaded, notes_loaded, ft_loaded, fu_loaded, ratios_loaded;
	struct ratios ratios;
	struct stmt_map map;
	struct stmt_table rr, br;
	struct stmt_table *notes;
	size_t nnotes;
	struct forecast_table ft;
	int64_t *ft_shown;       /* ft's printed figures (report/forecast_round.h) */
	struct followup_doc fu;
	struct fu_categories cats;
	int64_t threshold;
	struct fu_books books;
};

/* Build the document of template `text` (from file `file`) against the
 * store. *doc is initialised here and freed by the caller (doc_free),
 * also on failure. */
bool report_build(struct store *st, const char *file, const char *text, size_t len,
		  struct doc *doc, struct error *err);

/* Loaders for the placeholder modules; each computes once per report. */
bool report_statements(struct report *r, struct error *err);  /* map, rr, br, notes */
bool report_forecast(struct report *r, struct error *err);    /* ft, ft_shown */
bool report_followup(struct report *r, struct error *err);    /* fu, cats, threshold, books */
bool report_ratios(struct report *r, struct error *err);      /* ratios */

/* An error at placeholder p (ERR_INPUT, template file:line:column). */
void report_ph_error(const struct report *r, const struct placeholder *p, struct error *err,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A table key unique in the document: "<base>" or "<base>-2" … */
char *report_table_key(struct report *r, const char *base);

/* Whole kronor for print: rounded half away from zero. */
int64_t report_kronor(money_t m);
/* Thousands of kronor (tkr), rounded half away from zero. */
int64_t report_tkr(money_t m);

#endif
