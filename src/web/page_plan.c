/*
 * page_plan — Budget och prognos: the year's budget line by line (what
 * `finsam budget` shows) and the forecast table (what `finsam forecast`
 * shows), with a form per budget line that revises its amount (as
 * `finsam budget revise`) and a form that enters one line's forecast (as
 * `finsam forecast set`). The figures come from plan/budget and
 * plan/forecast; the page computes none of them.
 */
#include <stdlib.h>
#include <string.h>

#include "plan/budget.h"
#include "plan/forecast.h"
#include "util/csv.h"
#include "util/xalloc.h"
#include "web/html.h"
#include "web/pages.h"

/* What the user typed into one of the forms, shown again after a refusal. */
struct plan_input {
	const char *form; /* "budget" or "prognos"; NULL: no form was sent */
	const char *line;
	const char *amount;
	const char *method;
	const char *comment;
};

/* What the page says above the figures. */
struct plan_message {
	const char *kind; /* "ok" or "fel"; NULL: nothing */
	const char *text;
};

/* Amounts in a form field: grouped with plain spaces, öre only when there are any. */
static const struct money_style input_kr = { " ", "-", false };
static const struct money_style input_ore = { " ", "-", true };

static const char *const method_help[] = {
	[FM_MANUAL] = "ett belopp du anger nedan",
	[FM_BUDGET] = "årets budget",
	[FM_LINEAR] = "utfallet hittills uppräknat till helår",
	[FM_ACTUAL_PLUS_REST] = "utfallet hittills plus återstående budget enligt månadsfördelningen",
};

/* ---- reading the request ------------------------------------------------------------------ */

/* The year asked for (?ar= or the form's ar), else the year the CLI's plan
 * commands use (budget_default_year). */
static bool plan_year(struct web_ctx *c, const char *text, int *year, struct error *err)
{
	if (!text || !*text)
		return budget_default_year(c->st, year, err);
	if (strlen(text) != 4 || strspn(text, "0123456789") != 4 || text[0] == '0') {
		error_set(err, ERR_USAGE, "\"%s\" är inget år (ÅÅÅÅ)", text);
		return false;
	}
	*year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 +
		(text[3] - '0');
	return true;
}

/* A typed amount ("1 200 000", "280854,50"); the message names the field. */
static bool parse_amount(const char *field, const char *text, money_t *out, struct error *err)
{
	const char *why = NULL;
	if (text && csv_parse_amount(text, out, &why))
		return true;
	if (!text || !*text)
		error_set(err, ERR_USAGE, "%s: ange ett belopp", field);
	else
		error_set(err, ERR_USAGE, "%s: \"%s\" är inget belopp: %s", field, text, why);
	return false;
}

static bool parse_method(const char *text, enum forecast_method *out, struct error *err)
{
	if (text && forecast_method_parse(text, out))
		return true;
	if (!text || !*text)
		error_set(err, ERR_USAGE, "Välj en metod för prognosen.");
	else
		error_set(err, ERR_USAGE,
			  "\"%s\" är ingen metod (manuell, budget, linjär eller utfall+rest)", text);
	return false;
}

static bool blank(const char *s)
{
	return !s || s[strspn(s, " \t\r\n")] == '\0';
}

/* A model's message as a sentence on the page: its first letter capital. */
static char *sentence(const char *msg)
{
	char *text = xstrdup(msg ? msg : "okänt fel");
	if (text[0] >= 'a' && text[0] <= 'z')
		text[0] = (char)(text[0] - 'a' + 'A');
	return text;
}

/* ---- pieces of the page --------------------------------------------------------------------- */

/* An amount as a form field shows it, ready to be typed over: "1 035 200",
 * "280 854,50" (size: 64 bytes suffice). */
static char *input_amount(money_t m, char *s, size_t size)
{
	return money_format_sv(m, m % 100 ? &input_ore : &input_kr, s, size);
}

static void kr_cell(struct buf *b, money_t m)
{
	buf_puts(b, "<td class=\"belopp\">");
	html_kr(b, m);
	buf_puts(b, "</td>");
}

/* "Antagen budget 2023 (beslut 2023-09-13, § 12)". */
static void version_name(struct buf *b, const struct budget *bud)
{
	char d[11];
	html_esc(b, bud->name);
	if (!bud->decided && !*bud->decision_ref)
		return;
	buf_puts(b, " (beslut ");
	if (bud->decided)
		buf_puts(b, date_format(bud->decided, d));
	if (bud->decided && *bud->decision_ref)
		buf_puts(b, ", ");
	html_esc(b, bud->decision_ref);
	buf_puts(b, ")");
}

/* The page's own address for `year` with a query tail (already encoded). */
static void plan_href(struct web_ctx *c, int year, const char *tail)
{
	char *path = xasprintf("/budget?ar=%d%s", year, tail);
	page_href(c, path);
	free(path);
}

/* A choice of the years that have a budget, when there are several. */
static void year_choice(struct web_ctx *c, int year)
{
	struct buf *b = &c->rs->body;
	struct error err = ERROR_INIT;
	struct budget_version_info *v;
	size_t n;
	if (!budget_versions(c->st, 0, &v, &n, &err)) {
		error_clear(&err);
		return;
	}
	if (n && v[0].year != v[n - 1].year) {
		buf_puts(b, "<form method=\"get\" action=\"");
		page_href(c, "/budget");
		buf_puts(b, "\" class=\"rad\"><div><label for=\"ar\">Budgetår</label>"
			    "<select id=\"ar\" name=\"ar\">");
		for (size_t i = 0; i < n; i++) {
			if (i && v[i].year == v[i - 1].year)
				continue;
			buf_printf(b, "<option%s>%d</option>", v[i].year == year ? " selected" : "",
				   v[i].year);
		}
		buf_puts(b, "</select></div><button type=\"submit\" class=\"sekundar\">Visa</button>"
			    "</form>\n");
	}
	budget_versions_free(v, n);
}

static void budget_form(struct web_ctx *c, const struct budget *bud, const struct budget_line *l,
			size_t index, const struct plan_input *in)
{
	struct buf *b = &c->rs->body;
	char amount[64];
	bool typed = in->form && !strcmp(in->form, "budget") && in->line && !strcmp(in->line, l->name);
	buf_puts(b, "<td>");
	page_form_begin(c, "/budget/rad", NULL);
	buf_printf(b, "<input type=\"hidden\" name=\"ar\" value=\"%d\">"
		      "<input type=\"hidden\" name=\"rad\" value=\"",
		   bud->year);
	html_esc(b, l->name);
	buf_printf(b, "\"><input name=\"belopp\" id=\"belopp-%zu\" inputmode=\"decimal\" size=\"12\" "
		      "aria-label=\"Nytt belopp för ",
		   index);
	html_esc(b, l->name);
	buf_puts(b, "\" value=\"");
	if (typed)
		html_esc(b, in->amount);
	else
		html_esc(b, input_amount(l->amount, amount, sizeof amount));
	buf_puts(b, typed ? "\" aria-invalid=\"true\">" : "\">");
	buf_puts(b, "<button type=\"submit\" class=\"sekundar\">Spara</button></form></td>");
}

static void budget_total_row(struct buf *b, const struct budget *bud, const char *label,
			     enum budget_kind k, bool result, bool form_column)
{
	buf_puts(b, "<tr class=\"summa\"><th scope=\"row\" colspan=\"3\">");
	html_esc(b, label);
	buf_puts(b, "</th>");
	kr_cell(b, result ? budget_result(bud) : budget_total(bud, k));
	for (size_t y = 0; y < bud->nplan; y++)
		kr_cell(b, result ? budget_plan_result(bud, y) : budget_plan_total(bud, y, k));
	buf_puts(b, form_column ? "<td></td></tr>\n" : "</tr>\n");
}

/* The budget as `finsam budget` shows it, one form per line to change it. */
static void budget_section(struct web_ctx *c, const struct budget *bud,
			   const struct plan_input *in)
{
	struct buf *b = &c->rs->body;
	bool edit = web_may(c, USER_WRITE_BUDGET);
	buf_printf(b, "<h2 id=\"budget\">Budget %d</h2>\n<p>Version %d: ", bud->year, bud->seq);
	version_name(b, bud);
	buf_puts(b, ".");
	if (edit)
		buf_puts(b, " Ett nytt belopp sparas som en ny version av budgeten (en revidering), "
			    "och prognosen jämförs sedan mot den.");
	buf_puts(b, "</p>\n<div class=\"tabellram\"><table class=\"plan-tabell\" id=\"budget-tabell\">\n"
		    "<thead><tr><th scope=\"col\">Rad</th><th scope=\"col\">Typ</th>"
		    "<th scope=\"col\">Grupp</th>"
		    "<th scope=\"col\" class=\"belopp\">Helår</th>");
	for (size_t y = 0; y < bud->nplan; y++)
		buf_printf(b, "<th scope=\"col\" class=\"belopp\">Plan %d</th>", bud->plan_years[y]);
	if (edit)
		buf_puts(b, "<th scope=\"col\">Nytt belopp</th>");
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < bud->nlines; i++) {
		const struct budget_line *l = &bud->lines[i];
		buf_puts(b, "<tr><th scope=\"row\">");
		html_esc(b, l->name);
		buf_puts(b, "</th><td>");
		html_esc(b, budget_kind_label(l->kind));
		buf_puts(b, "</td><td>");
		html_esc(b, l->group);
		if (*l->subgroup) {
			buf_puts(b, " › ");
			html_esc(b, l->subgroup);
		}
		buf_puts(b, "</td>");
		kr_cell(b, l->amount);
		for (size_t y = 0; y < bud->nplan; y++)
			kr_cell(b, l->plan[y]);
		if (edit)
			budget_form(c, bud, l, i, in);
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody>\n<tfoot>\n");
	budget_total_row(b, bud, "Intäkter", BK_INCOME, false, edit);
	budget_total_row(b, bud, "Kostnader", BK_COST, false, edit);
	budget_total_row(b, bud, "Finansiella poster", BK_FINANCIAL, false, edit);
	budget_total_row(b, bud, "Resultat", BK_INCOME, true, edit);
	buf_puts(b, "</tfoot></table></div>\n");
}

static void forecast_row(struct web_ctx *c, const struct forecast_table *ft,
			 const struct forecast_row *r, bool edit)
{
	struct buf *b = &c->rs->body;
	int columns = edit ? 8 : 7;
	if (r->kind == FR_HEADING) {
		buf_printf(b, "<tr class=\"rubrik\"><th colspan=\"%d\" class=\"niva-%d\">",
			   columns, r->level);
		html_esc(b, r->label);
		buf_puts(b, "</th></tr>\n");
		return;
	}
	bool line = r->kind == FR_LINE;
	buf_puts(b, line || r->kind == FR_OTHER ? "<tr>" : "<tr class=\"summa\">");
	buf_printf(b, "<th scope=\"row\" class=\"niva-%d\">", r->level);
	html_esc(b, r->label);
	buf_puts(b, "</th>");
	kr_cell(b, r->f.budget);
	kr_cell(b, r->f.actual);
	kr_cell(b, r->f.forecast);
	kr_cell(b, r->f.difference);
	buf_puts(b, "<td>");
	if (line)
		html_esc(b, forecast_method_name(r->method));
	buf_puts(b, "</td><td>");
	html_esc(b, r->comment);
	buf_puts(b, "</td>");
	if (edit) {
		buf_puts(b, "<td>");
		if (line) {
			struct buf tail = BUF_INIT(0);
			buf_puts(&tail, "&rad=");
			html_url(&tail, r->label);
			buf_puts(&tail, "#prognos-andra");
			buf_puts(b, "<a href=\"");
			plan_href(c, ft->year, buf_cstr(&tail));
			buf_puts(b, "\">Ändra<span class=\"plan-dold\"> ");
			html_esc(b, r->label);
			buf_puts(b, "</span></a>");
			buf_free(&tail);
		}
		buf_puts(b, "</td>");
	}
	buf_puts(b, "</tr>\n");
}

/* The year-end equity the forecast and the plan lead to. */
static void equity_table(struct buf *b, const struct forecast_table *ft)
{
	if (!ft->equity_known)
		return;
	buf_puts(b, "<p>Eget kapital vid årets början: ");
	html_kr(b, ft->opening_equity);
	buf_puts(b, " kr.</p>\n<div class=\"tabellram\"><table class=\"plan-tabell\" "
		    "id=\"eget-kapital\">\n<thead><tr><th scope=\"col\">År</th>"
		    "<th scope=\"col\" class=\"belopp\">Resultat</th>"
		    "<th scope=\"col\" class=\"belopp\">Eget kapital vid årets slut</th></tr></thead>\n"
		    "<tbody>\n");
	for (size_t i = 0; i < ft->npath; i++) {
		const struct equity_point *p = &ft->path[i];
		buf_printf(b, "<tr><th scope=\"row\">%d (%s)</th>", p->year, i ? "plan" : "prognos");
		kr_cell(b, p->result);
		kr_cell(b, p->equity);
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody></table></div>\n");
}

/* The forecast table as `finsam forecast` shows it. */
static void forecast_table_section(struct web_ctx *c, const struct forecast_table *ft, bool edit)
{
	struct buf *b = &c->rs->body;
	char from[11], to[11];
	buf_printf(b, "<h2 id=\"prognos\">Prognos %d</h2>\n<p>", ft->year);
	if (ft->has_books)
		buf_printf(b, "Utfall %s – %s", date_format(ft->from, from),
			   date_format(ft->to, to));
	else
		buf_printf(b, "Ingen bokföring för %d än", ft->year);
	buf_puts(b, ", jämfört med ");
	version_name(b, &ft->budget);
	buf_puts(b, ". Differensen är positiv när prognosen är bättre än budget.</p>\n"
		    "<div class=\"tabellram\"><table class=\"plan-tabell\" id=\"prognos-tabell\">\n"
		    "<thead><tr><th scope=\"col\">Rad</th>"
		    "<th scope=\"col\" class=\"belopp\">Budget helår</th>"
		    "<th scope=\"col\" class=\"belopp\">Utfall perioden</th>"
		    "<th scope=\"col\" class=\"belopp\">Prognos helår</th>"
		    "<th scope=\"col\" class=\"belopp\">Differens</th>"
		    "<th scope=\"col\">Metod</th><th scope=\"col\">Kommentar</th>");
	if (edit)
		buf_puts(b, "<th scope=\"col\"><span class=\"plan-dold\">Ändra</span></th>");
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < ft->nrows; i++)
		forecast_row(c, ft, &ft->rows[i], edit);
	buf_puts(b, "</tbody></table></div>\n");
	if (*ft->other_accounts) {
		buf_puts(b, "<p>Ej budgeterat: konto ");
		html_esc(b, ft->other_accounts);
		buf_puts(b, " har utfall men ingen budgetrad väljer dem.</p>\n");
	}
	equity_table(b, ft);
}

static const struct forecast_row *line_row(const struct forecast_table *ft, const char *line)
{
	for (size_t i = 0; line && i < ft->nrows; i++)
		if (ft->rows[i].kind == FR_LINE && !strcmp(ft->rows[i].label, line))
			return &ft->rows[i];
	return NULL;
}

/* The form that enters one line's forecast: what was typed, else the
 * current forecast of the line asked for (?rad=), else empty. */
static void forecast_form(struct web_ctx *c, const struct forecast_table *ft,
			  const struct plan_input *in)
{
	struct buf *b = &c->rs->body;
	char day[11];
	buf_puts(b, "<h3 id=\"prognos-andra\">Ändra prognosen för en rad</h3>\n");
	date_t as_of = forecast_entry_day(ft);
	if (!as_of) {
		buf_printf(b, "<p>%d har ingen bokföring än, så det finns inget utfall att göra en "
			      "prognos mot.</p>\n",
			   ft->year);
		return;
	}
	struct plan_input shown = { 0 };
	char amount[64] = "";
	if (in->form && !strcmp(in->form, "prognos")) {
		shown = *in;
	} else {
		const struct forecast_row *r = line_row(ft, web_query(c->rq, "rad"));
		if (r) {
			shown.line = r->label;
			shown.method = forecast_method_name(r->method);
			shown.comment = r->comment;
			if (r->method == FM_MANUAL)
				input_amount(r->f.forecast, amount, sizeof amount);
			shown.amount = amount;
		}
	}
	buf_printf(b, "<p>Prognosen sparas per %s, bokföringens sista dag, och gäller från den "
		      "dagen. Tidigare prognoser finns kvar i historiken.</p>\n",
		   date_format(as_of, day));
	page_form_begin(c, "/prognos/rad", "class=\"plan-prognos\"");
	buf_printf(b, "<input type=\"hidden\" name=\"ar\" value=\"%d\">\n"
		      "<label for=\"prognos-rad\">Rad</label><select id=\"prognos-rad\" name=\"rad\" "
		      "required><option value=\"\">Välj en rad</option>",
		   ft->year);
	for (size_t i = 0; i < ft->budget.nlines; i++) {
		const char *name = ft->budget.lines[i].name;
		buf_puts(b, "<option value=\"");
		html_esc(b, name);
		buf_puts(b, shown.line && !strcmp(shown.line, name) ? "\" selected>" : "\">");
		html_esc(b, name);
		buf_puts(b, "</option>");
	}
	buf_puts(b, "</select>\n<fieldset class=\"plan-metod\"><legend>Metod</legend>\n");
	for (int m = FM_MANUAL; m <= FM_ACTUAL_PLUS_REST; m++) {
		const char *name = forecast_method_name((enum forecast_method)m);
		buf_printf(b, "<div><input type=\"radio\" name=\"metod\" id=\"metod-%d\" value=\"", m);
		html_esc(b, name);
		buf_puts(b, "\" required");
		if (shown.method && !strcmp(shown.method, name))
			buf_puts(b, " checked");
		buf_printf(b, "> <label for=\"metod-%d\">", m);
		html_esc(b, name);
		buf_puts(b, "</label> <span class=\"dampad\">– ");
		html_esc(b, method_help[m]);
		buf_puts(b, "</span></div>\n");
	}
	buf_puts(b, "</fieldset>\n<label for=\"prognos-belopp\">Belopp (bara för manuell)</label>"
		    "<input id=\"prognos-belopp\" name=\"belopp\" inputmode=\"decimal\" size=\"14\" "
		    "value=\"");
	html_esc(b, shown.amount);
	buf_puts(b, "\">\n<label for=\"prognos-kommentar\">Kommentar</label>"
		    "<input id=\"prognos-kommentar\" name=\"kommentar\" size=\"60\" value=\"");
	html_esc(b, shown.comment);
	buf_puts(b, "\">\n<p><button type=\"submit\">Spara prognosen</button></p></form>\n");
}

/* The whole page for `year` with `status`: the figures, the forms the
 * user may use, a message and what was typed into a refused form. A year
 * without a budget is 404 (or `status` when that is an error already). */
static void plan_page(struct web_ctx *c, int year, int status, const struct plan_message *msg,
		      const struct plan_input *in)
{
	struct error err = ERROR_INIT;
	struct forecast_table ft;
	if (!forecast_compute(c->st, year, 0, 0, &ft, &err)) {
		char *text = sentence(err.msg);
		if (err.code == ERR_INPUT)
			page_error(c, status == 200 ? 404 : status, "Ingen budget", text);
		else
			page_error(c, 500, "Internt fel", text);
		free(text);
		error_clear(&err);
		return;
	}
	c->rs->status = status;
	page_begin(c, "Budget och prognos", "budget");
	if (msg && msg->kind)
		page_message(c, msg->kind, msg->text);
	year_choice(c, year);
	budget_section(c, &ft.budget, in);
	/* Forecasts are entered as of the books' last day: none without books. */
	bool edit = web_may(c, USER_WRITE_FORECAST);
	forecast_table_section(c, &ft, edit && forecast_entry_day(&ft));
	if (edit)
		forecast_form(c, &ft, in);
	forecast_table_free(&ft);
	page_end(c);
}

/* ---- the routes ----------------------------------------------------------------------------- */

/* A form refused: the page again with the message and what was typed
 * (422), or a fault (500). */
static void refuse(struct web_ctx *c, int year, const struct plan_input *in, struct error *err)
{
	char *text = sentence(err->msg);
	struct plan_message msg = { "fel", text };
	if (err->code == ERR_INTERNAL)
		page_error(c, 500, "Internt fel", text);
	else if (!year)
		page_error(c, 422, "Inget sparat", text);
	else
		plan_page(c, year, 422, &msg, in);
	free(text);
	error_clear(err);
}

static void saved(struct web_ctx *c, int year, const char *what)
{
	char *to = xasprintf("/budget?ar=%d&sparat=%s#%s", year, what,
			     !strcmp(what, "prognos") ? "prognos" : "budget");
	web_redirect(c->rs, c->base, to);
	free(to);
}

void page_plan(struct web_ctx *c)
{
	struct error err = ERROR_INIT;
	int year = 0;
	const char *asked = web_query(c->rq, "ar");
	if (!plan_year(c, asked, &year, &err)) {
		if (err.code == ERR_USAGE) {
			page_error(c, 400, "Fel år", err.msg);
		} else if (err.code == ERR_INPUT) {
			/* No budget at all yet: say so, without figures. */
			char *text = sentence(err.msg);
			page_begin(c, "Budget och prognos", "budget");
			page_message(c, "varning", text);
			page_end(c);
			free(text);
		} else {
			page_error(c, 500, "Internt fel", err.msg);
		}
		error_clear(&err);
		return;
	}
	struct plan_message msg = { NULL, NULL };
	const char *flag = web_query(c->rq, "sparat");
	if (flag && !strcmp(flag, "budget"))
		msg = (struct plan_message){ "ok", "Budgetraden är sparad i en ny version av budgeten." };
	else if (flag && !strcmp(flag, "prognos"))
		msg = (struct plan_message){ "ok", "Prognosen är sparad." };
	else if (flag && !strcmp(flag, "oforandrat"))
		msg = (struct plan_message){ "ok", "Inget ändrat: värdet var detsamma som förut." };
	struct plan_input none = { 0 };
	plan_page(c, year, 200, &msg, &none);
}

/* Revise one line of `year`'s budget, with its change-log row, in one
 * transaction; the draft is read in it too, so that a revision someone
 * saved meanwhile is built on, not undone. *changed is false (and nothing
 * written) when the line had the amount already. */
static bool revise_line(struct web_ctx *c, int year, const char *line, money_t amount,
			bool *changed, struct error *err)
{
	*changed = false;
	if (!store_begin(c->st, err))
		return false;
	struct budget draft;
	money_t old = 0;
	bool drafted = budget_revision_draft(c->st, year, &draft, err);
	bool ok = drafted && budget_set_line_amount(&draft, line, amount, &old, err);
	*changed = ok && old != amount;
	if (*changed) {
		char old_text[64], new_text[64];
		char *what = xasprintf("budget/%d/%s", year, line);
		ok = budget_save(c->st, &draft, true, err) &&
		     web_log_change(c, what,
				    money_format_sv(old, &money_style_terminal, old_text,
						    sizeof old_text),
				    money_format_sv(amount, &money_style_terminal, new_text,
						    sizeof new_text),
				    err) &&
		     store_commit(c->st, err);
		free(what);
	}
	if (!ok || !*changed)
		store_rollback(c->st);
	if (drafted)
		budget_free(&draft);
	return ok;
}

void page_plan_budget_post(struct web_ctx *c)
{
	struct plan_input in = { .form = "budget", .line = web_form(c->rq, "rad"),
				 .amount = web_form(c->rq, "belopp") };
	struct error err = ERROR_INIT;
	int year = 0;
	if (!plan_year(c, web_form(c->rq, "ar"), &year, &err)) {
		refuse(c, 0, &in, &err);
		return;
	}
	if (blank(in.line)) {
		error_set(&err, ERR_USAGE, "Ange vilken budgetrad som ska ändras.");
		refuse(c, year, &in, &err);
		return;
	}
	money_t amount = 0;
	bool changed = false;
	if (parse_amount(in.line, in.amount, &amount, &err) &&
	    revise_line(c, year, in.line, amount, &changed, &err))
		saved(c, year, changed ? "budget" : "oforandrat");
	else
		refuse(c, year, &in, &err);
}

/* An entry as the change log writes it: "manuell 280 854,00 per
 * 2023-06-30: the comment". */
static char *entry_text(enum forecast_method m, money_t amount, date_t as_of, const char *comment)
{
	char a[64] = "", d[11];
	if (m == FM_MANUAL)
		money_format_sv(amount, &money_style_terminal, a, sizeof a);
	return xasprintf("%s%s%s per %s%s%s", forecast_method_name(m), *a ? " " : "", a,
			 date_format(as_of, d), comment && *comment ? ": " : "",
			 comment ? comment : "");
}

/* The day of a new entry (forecast_entry_day), or a refusal. */
static bool entry_day(const struct forecast_table *ft, date_t *as_of, struct error *err)
{
	*as_of = forecast_entry_day(ft);
	if (*as_of)
		return true;
	error_set(err, ERR_INPUT,
		  "%d har ingen bokföring än, så det finns inget utfall att göra en prognos mot",
		  ft->year);
	return false;
}

/* Enter the line's forecast as of the books' last day, with its change-log
 * row (the forecast that applied until now, NULL when the line followed
 * its budget), in one transaction. */
static bool enter_forecast(struct web_ctx *c, int year, const struct plan_input *in,
			   enum forecast_method m, bool has_amount, money_t amount,
			   struct error *err)
{
	if (!store_begin(c->st, err))
		return false;
	struct forecast_table ft;
	date_t as_of = 0;
	bool computed = forecast_compute(c->st, year, 0, 0, &ft, err);
	bool ok = computed && entry_day(&ft, &as_of, err);
	if (ok) {
		const struct forecast_row *r = line_row(&ft, in->line);
		char *old_text = r && r->method_as_of ? entry_text(r->method, r->f.forecast,
								   r->method_as_of, r->comment)
						      : NULL;
		char *new_text = entry_text(m, amount, as_of, in->comment);
		char *what = xasprintf("prognos/%d/%s", year, in->line);
		ok = forecast_set(c->st, year, in->line, as_of, m, has_amount, amount, in->comment,
				  err) &&
		     web_log_change(c, what, old_text, new_text, err) && store_commit(c->st, err);
		free(what);
		free(new_text);
		free(old_text);
	}
	if (!ok)
		store_rollback(c->st);
	if (computed)
		forecast_table_free(&ft);
	return ok;
}

void page_plan_forecast_post(struct web_ctx *c)
{
	struct plan_input in = { .form = "prognos", .line = web_form(c->rq, "rad"),
				 .amount = web_form(c->rq, "belopp"),
				 .method = web_form(c->rq, "metod"),
				 .comment = web_form(c->rq, "kommentar") };
	struct error err = ERROR_INIT;
	int year = 0;
	if (!plan_year(c, web_form(c->rq, "ar"), &year, &err)) {
		refuse(c, 0, &in, &err);
		return;
	}
	if (blank(in.line)) {
		error_set(&err, ERR_USAGE, "Välj vilken rad prognosen gäller.");
		refuse(c, year, &in, &err);
		return;
	}
	enum forecast_method m = FM_BUDGET;
	bool has_amount = !blank(in.amount);
	money_t amount = 0;
	if (parse_method(in.method, &m, &err) &&
	    (!has_amount || parse_amount("Belopp", in.amount, &amount, &err)) &&
	    enter_forecast(c, year, &in, m, has_amount, amount, &err))
		saved(c, year, "prognos");
	else
		refuse(c, year, &in, &err);
}
