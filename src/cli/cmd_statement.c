/*
 * cmd_statement — `finsam statement rr|br|notes|forecast|ratios`: the
 * financial statements of a period from the books by the mapping in force
 * (report/statement.h), the forecast table (shared with `finsam
 * forecast`), and the key figures a report's text quotes
 * (report/ratios.h). Formats are docs/output.md's; what each statement
 * shows is docs/statements.md.
 */
#include <stdlib.h>
#include <string.h>

#include "books/org.h"
#include "cli/cli.h"
#include "cli/forecast_view.h"
#include "cli/output.h"
#include "plan/budget.h"
#include "plan/forecast.h"
#include "report/ratios.h"
#include "report/statement.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/xalloc.h"

static const struct cli_option options[] = {
	{ "from", 0, "DATUM", "periodens första dag (standard: räkenskapsårets första)" },
	{ "to", 0, "DATUM", "periodens sista dag (standard: bokföringens sista dag)" },
	{ "format", 0, "FORMAT", "table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

enum { A_RR, A_BR, A_NOTES, A_FORECAST, A_RATIOS };
static const char *const actions[] = { "rr", "br", "notes", "forecast", "ratios", NULL };

static const char *const kind_names[] = {
	[SR_LINE] = "line",
	[SR_HEADING] = "heading",
	[SR_SUM] = "sum",
};

/* "2023-01-01 – 2023-06-30" (a period) or "2023-06-30" (a balance day). */
static char *period_text(date_t from, date_t to, bool balance)
{
	char a[11], b[11];
	if (balance)
		return xstrdup(date_format(to, b));
	return xasprintf("%s – %s", date_format(from, a), date_format(to, b));
}

/* The facts every statement starts with. */
static void facts(struct cli *cli, struct out_table *t, const struct stmt_table *st,
		  const char *code, const char *statement, const char *mapping, bool balance)
{
	struct org_info org;
	struct error err = ERROR_INIT;
	bool named = org_get(&cli->store, &org, &err);
	error_clear(&err);
	char *when = period_text(st->from, st->to, balance);
	out_set_title(t, "%s%s%s %s", named ? org.name : "", named && *org.name ? "\n" : "",
		      statement, when);
	free(when);
	char d[11];
	out_meta_text(t, "organisation", NULL, named ? org.name : "");
	out_meta_text(t, "orgnr", NULL, named ? org.orgnr : "");
	if (named)
		org_info_free(&org);
	out_meta_text(t, "statement", NULL, code);
	out_meta_text(t, "from", NULL, date_format(st->from, d));
	out_meta_text(t, "to", NULL, date_format(st->to, d));
	if (st->has_comparison) {
		char *cmp = period_text(st->cmp_from, st->cmp_to, balance);
		out_meta_text(t, NULL, "Jämförelse", cmp);
		free(cmp);
		out_meta_text(t, "comparison_from", NULL, date_format(st->cmp_from, d));
		out_meta_text(t, "comparison_to", NULL, date_format(st->cmp_to, d));
	} else {
		out_meta_json(t, "comparison_from", NULL, "null");
		out_meta_json(t, "comparison_to", NULL, "null");
	}
	bool own = false;
	char *source = NULL;
	if (stmt_map_info(&cli->store, &own, &source, &err))
		out_meta_text(t, NULL, "Mappning", source);
	error_clear(&err);
	free(source);
	out_meta_text(t, "mapping", NULL, mapping);
}

/* Columns: for people the label, the note and the two figures headed by
 * their dates; for programs every field. */
struct columns {
	struct out_column v[7];
	size_t n;
	char period[32], cmp[32];
};

static void columns_for(struct columns *c, const struct stmt_table *t, bool people,
			bool balance, bool with_note_column)
{
	memset(c, 0, sizeof *c);
	if (people) {
		char *p = period_text(t->from, t->to, balance);
		snprintf(c->period, sizeof c->period, "%s", p);
		free(p);
		if (t->has_comparison) {
			p = period_text(t->cmp_from, t->cmp_to, balance);
			snprintf(c->cmp, sizeof c->cmp, "%s", p);
			free(p);
		}
		c->v[c->n++] = (struct out_column){ "label", "", OUT_TEXT, -1 };
		if (with_note_column)
			c->v[c->n++] = (struct out_column){ "note", "Not", OUT_INT, 0 };
		c->v[c->n++] = (struct out_column){ "amount", c->period, OUT_KRONOR, 0 };
		if (t->has_comparison)
			c->v[c->n++] = (struct out_column){ "comparison", c->cmp, OUT_KRONOR, 0 };
		return;
	}
	c->v[c->n++] = (struct out_column){ "label", "", OUT_TEXT, 0 };
	c->v[c->n++] = (struct out_column){ "kind", "", OUT_TEXT, 0 };
	c->v[c->n++] = (struct out_column){ "level", "", OUT_INT, 0 };
	c->v[c->n++] = (struct out_column){ "note", "", OUT_INT, 0 };
	c->v[c->n++] = (struct out_column){ "amount", "", OUT_MONEY, 0 };
	c->v[c->n++] = (struct out_column){ "comparison", "", OUT_MONEY, 0 };
}

/* One row of a statement in the columns above. */
static void put_row(struct out_table *t, const struct stmt_table *st, const struct stmt_row *r,
		    bool people, bool with_note_column)
{
	bool figures = r->kind != SR_HEADING;
	out_row(t, false);
	if (people) {
		char *label = xasprintf("%s%s", r->kind == SR_LINE ? "  " : "", r->label);
		out_text(t, label);
		free(label);
		if (with_note_column) {
			if (r->note)
				out_int(t, r->note);
			else
				out_null(t);
		}
	} else {
		out_text(t, r->label);
		out_text(t, kind_names[r->kind]);
		if (r->kind == SR_SUM)
			out_int(t, r->level);
		else
			out_null(t);
		if (r->note)
			out_int(t, r->note);
		else
			out_null(t);
	}
	if (figures)
		out_money(t, r->amount);
	else
		out_null(t);
	if (st->has_comparison && figures)
		out_money(t, r->comparison);
	else if (st->has_comparison || !people)
		out_null(t);
}

/* The accounts that do not land on exactly one line, on standard error
 * and (JSON) as the fact `unmapped`. */
static bool unmapped(struct cli *cli, const struct stmt_map *m, const struct stmt_query *q,
		     bool rr, struct out_table *t, struct error *err)
{
	struct stmt_unmapped *v;
	size_t n;
	if (!stmt_check_mapping(&cli->store, m, q, &v, &n, err))
		return false;
	struct buf json = BUF_INIT(0);
	buf_puts(&json, "[");
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].in_rr != rr)
			continue;
		char a[64], b[64];
		fprintf(cli->err, "finsam: varning: konto %s%s%s (%s kr, jämförelse %s kr) finns på "
				  "%d rader i %s%s%s\n",
			v[i].account, *v[i].name ? " " : "", v[i].name,
			money_format_sv(v[i].amount, &money_style_terminal, a, sizeof a),
			money_format_sv(v[i].comparison, &money_style_terminal, b, sizeof b),
			v[i].times, rr ? "resultaträkningen" : "balansräkningen",
			*v[i].lines ? ": " : "", v[i].lines);
		buf_printf(&json, "%s{\"account\": ", shown++ ? ", " : "");
		jsonw_string(&json, v[i].account);
		buf_puts(&json, ", \"name\": ");
		jsonw_string(&json, v[i].name);
		buf_printf(&json, ", \"amount\": %lld, \"comparison\": %lld, \"times\": %d, "
				  "\"lines\": ",
			   (long long)v[i].amount, (long long)v[i].comparison, v[i].times);
		jsonw_string(&json, v[i].lines);
		buf_puts(&json, "}");
	}
	buf_puts(&json, "]");
	out_meta_json(t, "unmapped", NULL, buf_cstr(&json));
	buf_free(&json);
	stmt_unmapped_free(v, n);
	return true;
}

static bool print_statement(struct cli *cli, const struct stmt_map *m,
			    const struct stmt_query *q, bool rr, enum out_format fmt,
			    struct error *err)
{
	struct stmt_table st;
	if (!(rr ? stmt_rr : stmt_br)(&cli->store, m, q, &st, err))
		return false;
	bool people = fmt == OUT_TABLE;
	struct columns c;
	columns_for(&c, &st, people, !rr, true);
	struct out_table t;
	out_init(&t, c.v, c.n);
	facts(cli, &t, &st, rr ? "rr" : "br", rr ? "Resultaträkning" : "Balansräkning", m->name,
	      !rr);
	for (size_t i = 0; i < st.nrows; i++)
		put_row(&t, &st, &st.rows[i], people, true);
	bool ok = unmapped(cli, m, q, rr, &t, err) && out_print(&t, cli->out, fmt, "rows", err);
	out_free(&t);
	stmt_table_free(&st);
	return ok;
}

/* The notes that do not add up to their lines, on standard error. */
static bool note_findings(struct cli *cli, const struct stmt_map *m, const struct stmt_query *q,
			  struct error *err)
{
	struct stmt_note_finding *v;
	size_t n;
	if (!stmt_check_notes(&cli->store, m, q, &v, &n, err))
		return false;
	for (size_t i = 0; i < n; i++) {
		char a[64], b[64];
		fprintf(cli->err,
			"finsam: varning: not %d %s summerar till %s kr men %s till %s kr (%s)\n",
			v[i].note, v[i].title,
			money_format_sv(v[i].note_total, &money_style_terminal, a, sizeof a),
			v[i].lines,
			money_format_sv(v[i].line_total, &money_style_terminal, b, sizeof b),
			v[i].column ? "jämförelsen" : "perioden");
	}
	stmt_note_findings_free(v, n);
	return true;
}

static bool print_notes(struct cli *cli, const struct stmt_map *m, const struct stmt_query *q,
			enum out_format fmt, struct error *err)
{
	struct stmt_table *notes;
	size_t n;
	if (!stmt_notes(&cli->store, m, q, &notes, &n, err))
		return false;
	bool ok = true;
	if (fmt == OUT_TABLE) {
		for (size_t k = 0; ok && k < n; k++) {
			const struct stmt_table *st = &notes[k];
			if (k)
				fputc('\n', cli->out);
			if (!st->nrows) {
				fprintf(cli->out, "%s\n\n%s\n", st->title, st->text ? st->text : "");
				continue;
			}
			struct columns c;
			columns_for(&c, st, true, true, false);
			struct out_table t;
			out_init(&t, c.v, c.n);
			out_set_title(&t, "%s", st->title);
			if (st->text)
				out_meta_text(&t, NULL, "Text", st->text);
			for (size_t i = 0; i < st->nrows; i++)
				put_row(&t, st, &st->rows[i], true, false);
			ok = out_print(&t, cli->out, fmt, "rows", err);
			out_free(&t);
		}
	} else {
		static const struct out_column cols[] = {
			{ "note", "", OUT_INT, 0 },   { "title", "", OUT_TEXT, 0 },
			{ "label", "", OUT_TEXT, 0 }, { "kind", "", OUT_TEXT, 0 },
			{ "level", "", OUT_INT, 0 },  { "amount", "", OUT_MONEY, 0 },
			{ "comparison", "", OUT_MONEY, 0 },
		};
		struct out_table t;
		out_init(&t, cols, sizeof cols / sizeof cols[0]);
		struct stmt_table none = { 0 };
		const struct stmt_table *first = n ? &notes[0] : &none;
		facts(cli, &t, first, "notes", "Noter", m->name, true);
		for (size_t k = 0; k < n; k++) {
			const struct stmt_table *st = &notes[k];
			if (st->text) {
				out_row(&t, false);
				out_int(&t, st->note);
				out_text(&t, st->title);
				out_text(&t, st->text);
				out_text(&t, "text");
				out_null(&t);
				out_null(&t);
				out_null(&t);
			}
			for (size_t i = 0; i < st->nrows; i++) {
				const struct stmt_row *r = &st->rows[i];
				bool figures = r->kind != SR_HEADING;
				out_row(&t, false);
				out_int(&t, st->note);
				out_text(&t, st->title);
				out_text(&t, r->label);
				out_text(&t, kind_names[r->kind]);
				if (r->kind == SR_SUM)
					out_int(&t, r->level);
				else
					out_null(&t);
				if (figures)
					out_money(&t, r->amount);
				else
					out_null(&t);
				if (figures && st->has_comparison)
					out_money(&t, r->comparison);
				else
					out_null(&t);
			}
		}
		ok = out_print(&t, cli->out, fmt, "rows", err);
		out_free(&t);
	}
	stmt_tables_free(notes, n);
	return ok && note_findings(cli, m, q, err);
}

static bool print_ratios(struct cli *cli, const struct stmt_query *q, enum out_format fmt,
			 struct error *err)
{
	static const char *const type_names[] = {
		[RT_MONEY] = "money",
		[RT_PERCENT] = "percent",
		[RT_INT] = "int",
	};
	static const struct out_column people_cols[] = {
		{ "key", "Nyckel", OUT_TEXT, -1 },
		{ "label", "Nyckeltal", OUT_TEXT, -1 },
		{ "value", "Värde", OUT_TEXT, 0 },
	};
	static const struct out_column data_cols[] = {
		{ "key", "", OUT_TEXT, 0 },	  { "label", "", OUT_TEXT, 0 },
		{ "type", "", OUT_TEXT, 0 },	  { "amount", "", OUT_MONEY, 0 },
		{ "percent", "", OUT_PERCENT, 0 }, { "count", "", OUT_INT, 0 },
	};
	struct ratios r;
	if (!ratios_compute(&cli->store, q, &r, err))
		return false;
	bool people = fmt == OUT_TABLE;
	struct out_table t;
	if (people)
		out_init(&t, people_cols, 3);
	else
		out_init(&t, data_cols, sizeof data_cols / sizeof data_cols[0]);
	char a[11], b[11];
	struct org_info org;
	bool named = org_get(&cli->store, &org, err);
	out_set_title(&t, "%s%sNyckeltal %s – %s", named ? org.name : "",
		      named && *org.name ? "\n" : "", date_format(r.from, a), date_format(r.to, b));
	if (named)
		org_info_free(&org);
	error_clear(err);
	out_meta_text(&t, "from", NULL, date_format(r.from, a));
	out_meta_text(&t, "to", NULL, date_format(r.to, a));
	out_meta_int(&t, "year", NULL, r.year);
	out_meta_json(&t, "budget", NULL, r.has_budget ? "true" : "false");
	for (size_t i = 0; i < r.n; i++) {
		const struct ratio *x = &r.v[i];
		out_row(&t, false);
		out_text(&t, x->key);
		out_text(&t, x->label);
		if (people) {
			char buf[64];
			if (!x->has_value)
				out_text(&t, "–");
			else if (x->type == RT_MONEY) {
				char *s = xasprintf("%s kr", money_format_sv(x->value,
									     &money_style_terminal_kr,
									     buf, sizeof buf));
				out_text(&t, s);
				free(s);
			} else if (x->type == RT_PERCENT) {
				out_text(&t, out_percent_text(x->value, buf, sizeof buf));
			} else {
				snprintf(buf, sizeof buf, "%lld", (long long)x->value);
				out_text(&t, buf);
			}
			continue;
		}
		out_text(&t, type_names[x->type]);
		for (int k = RT_MONEY; k <= RT_INT; k++) {
			if (x->has_value && (int)x->type == k)
				(k == RT_INT ? out_int : out_money)(&t, x->value);
			else
				out_null(&t);
		}
	}
	if (people && !r.has_budget)
		out_note(&t, "%d har ingen budget: budgetens och prognosens nyckeltal saknas.",
			 r.year);
	bool ok = out_print(&t, cli->out, fmt, "ratios", err);
	out_free(&t);
	ratios_free(&r);
	return ok;
}

/* The forecast table of the period's year, with the actual outcome
 * through --to (the forecast is of the whole year from its start). */
static bool print_forecast(struct cli *cli, const struct stmt_query *q, enum out_format fmt,
			   struct error *err)
{
	int year;
	if (q->from || q->to)
		year = (q->from ? q->from : q->to) / 10000;
	else if (!budget_default_year(&cli->store, &year, err))
		return false;
	struct forecast_table ft;
	if (!forecast_compute(&cli->store, year, 0, q->to, &ft, err))
		return false;
	bool ok = forecast_view_print(cli, &ft, fmt, err);
	forecast_table_free(&ft);
	return ok;
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	int action = cli_action(cli, a, actions, -1);
	if (action < 0)
		return EXIT_USAGE;
	if (a->nrest > 1)
		return cli_usage_error(cli, a->cmd, "för många argument");
	enum out_format fmt;
	struct stmt_query q = { 0 };
	const char *from = cli_value(a, "from"), *to = cli_value(a, "to");
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    (from && !cli_parse_date("from", from, &q.from, &err)) ||
	    (to && !cli_parse_date("to", to, &q.to, &err)))
		return cli_fail(cli, &err);
	if (q.from && q.to && q.from > q.to)
		return cli_usage_error(cli, a->cmd, "--from är efter --to");
	if (!cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	bool ok;
	if (action == A_FORECAST) {
		ok = print_forecast(cli, &q, fmt, &err);
	} else if (action == A_RATIOS) {
		ok = print_ratios(cli, &q, fmt, &err);
	} else {
		struct stmt_map m;
		ok = stmt_map_load(&cli->store, &m, &err);
		if (ok && action == A_NOTES)
			ok = print_notes(cli, &m, &q, fmt, &err);
		else if (ok)
			ok = print_statement(cli, &m, &q, action == A_RR, fmt, &err);
		stmt_map_free(&m);
	}
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_statement = {
	.name = "statement",
	.args = "rr|br|notes|forecast|ratios",
	.summary = "resultaträkning, balansräkning, noter, prognos och nyckeltal",
	.description =
		"rr visar resultaträkningen för perioden och br balansräkningen vid periodens\n"
		"slut, båda med jämförelse mot hela föregående räkenskapsår när databasen har\n"
		"det; notes visar noterna. Kontona förs till rader av rapportmappningen (se\n"
		"\"finsam mapping\"); konton som inte hamnar på exakt en rad och noter som inte\n"
		"summerar till sina rader visas som varningar. forecast visar prognostabellen\n"
		"för periodens år (som \"finsam forecast\") och ratios nyckeltalen som en\n"
		"rapports text citerar, med deras nycklar (docs/statements.md).",
	.options = options,
	.min_args = 1,
	.max_args = 1,
	.run = run,
};
