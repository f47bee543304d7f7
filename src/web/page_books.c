/*
 * page_books — Bokföring: upload a SIE file, the statements and the trial
 * balance of a period, and the drill-down from a statement line to its
 * accounts and from an account to its vouchers. The figures are the
 * CLI's: balance_trial (`finsam balance`), stmt_rr/stmt_br (`finsam
 * statement`), vouchers_each (`finsam vouchers`), books_import_sie
 * (`finsam import`, whose summary text is printed here as it is there).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "books/balance.h"
#include "books/import.h"
#include "books/vouchers.h"
#include "cli/import_report.h"
#include "report/statement.h"
#include "util/xalloc.h"
#include "web/html.h"
#include "web/pages.h"

struct period {
	date_t from, to; /* 0: the default (the latest year, to its books' end) */
};

/* ?fran=&till=; false after an error page. */
static bool read_period(struct web_ctx *c, struct period *p)
{
	struct error err = ERROR_INIT;
	if (!web_query_date(c->rq, "fran", &p->from, &err) ||
	    !web_query_date(c->rq, "till", &p->to, &err)) {
		page_error(c, 400, "Fel period", err.msg);
		error_clear(&err);
		return false;
	}
	return true;
}

/* "?fran=…&till=…" of the period the page shows (dates are safe in a URL). */
static void period_query(struct buf *b, date_t from, date_t to)
{
	char f[11], t[11];
	buf_printf(b, "?fran=%s&amp;till=%s", date_format(from, f), date_format(to, t));
}

static void fail(struct web_ctx *c, int status, const char *title, struct error *err)
{
	page_error(c, err->code == ERR_INPUT ? status : 500, title, err->msg);
	error_clear(err);
}

static void upload_form(struct web_ctx *c)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<section class=\"kort\"><h2>Läs in en SIE-fil</h2>\n"
		    "<p>En export från ekonomisystemet (SIE 1–4). Ett nyare uttag av samma "
		    "räkenskapsår ersätter det förra, och sidan visar vad som ändrats sedan dess.</p>\n");
	page_form_begin(c, "/bokforing/import", "enctype=\"multipart/form-data\"");
	buf_puts(b, "<label for=\"fil\">SIE-fil</label>"
		    "<input id=\"fil\" name=\"fil\" type=\"file\" required "
		    "accept=\".se,.si,.sie,.txt,text/plain\">\n"
		    "<label><input type=\"checkbox\" name=\"obalanserade\" value=\"1\"> "
		    "Läs in verifikationer som inte balanserar (de flaggas)</label>\n"
		    "<button type=\"submit\">Läs in</button></form></section>\n");
}

/* One statement as a table whose lines link to their accounts. */
static void statement_table(struct web_ctx *c, const struct stmt_map *m,
			    const struct stmt_table *t, bool rr)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<div class=\"tabellram\"><table>\n<caption>");
	html_esc(b, t->title);
	buf_puts(b, "</caption>\n<thead><tr><th scope=\"col\">Rad</th>"
		    "<th scope=\"col\" class=\"belopp\">Perioden</th>");
	if (t->has_comparison)
		buf_puts(b, "<th scope=\"col\" class=\"belopp\">Jämförelse</th>");
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	const struct stmt_line *lines = rr ? m->rr : m->br;
	for (size_t i = 0; i < t->nrows; i++) {
		const struct stmt_row *r = &t->rows[i];
		buf_puts(b, r->kind == SR_SUM ? "<tr class=\"summa\">" : "<tr>");
		buf_puts(b, r->kind == SR_HEADING ? "<th scope=\"row\" colspan=\"3\">" : "<td>");
		if (r->kind == SR_LINE && r->line) {
			buf_puts(b, "<a href=\"");
			page_href(c, rr ? "/bokforing/rad/rr/" : "/bokforing/rad/br/");
			buf_printf(b, "%td", r->line - lines);
			period_query(b, t->from, t->to);
			buf_puts(b, "\">");
			html_esc(b, r->label);
			buf_puts(b, "</a>");
		} else {
			html_esc(b, r->label);
		}
		if (r->kind == SR_HEADING) {
			buf_puts(b, "</th></tr>\n");
			continue;
		}
		buf_puts(b, "</td><td class=\"belopp\">");
		html_kr(b, r->amount);
		buf_puts(b, "</td>");
		if (t->has_comparison) {
			buf_puts(b, "<td class=\"belopp\">");
			html_kr(b, r->comparison);
			buf_puts(b, "</td>");
		}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody></table></div>\n");
}

static void account_link(struct web_ctx *c, const struct tb_result *tb, const char *number)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<a href=\"");
	page_href(c, "/bokforing/konto/");
	html_url(b, number);
	period_query(b, tb->from, tb->to);
	buf_puts(b, "\">");
	html_esc(b, number);
	buf_puts(b, "</a>");
}

static void trial_balance_table(struct web_ctx *c, const struct tb_result *tb,
				const struct stmt_line *only, bool rr)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<div class=\"tabellram\"><table>\n<thead><tr><th scope=\"col\">Konto</th>"
		    "<th scope=\"col\">Namn</th><th scope=\"col\" class=\"belopp\">Ingående</th>"
		    "<th scope=\"col\" class=\"belopp\">Förändring</th>"
		    "<th scope=\"col\" class=\"belopp\">Utgående</th></tr></thead>\n<tbody>\n");
	money_t sum[3] = { 0, 0, 0 };
	for (size_t i = 0; i < tb->nrows; i++) {
		const struct tb_row *r = &tb->rows[i];
		if (only && !stmt_line_selects(only, rr, r->number, r->type))
			continue;
		buf_puts(b, "<tr><td>");
		account_link(c, tb, r->number);
		buf_puts(b, "</td><td>");
		html_esc(b, r->name);
		const money_t v[3] = { r->opening, r->change, r->closing };
		for (int k = 0; k < 3; k++) {
			buf_puts(b, "</td><td class=\"belopp\">");
			html_money(b, v[k]);
			sum[k] += v[k];
		}
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "<tr class=\"summa\"><td colspan=\"2\">Summa</td>");
	for (int k = 0; k < 3; k++) {
		buf_puts(b, "<td class=\"belopp\">");
		html_money(b, sum[k]);
		buf_puts(b, "</td>");
	}
	buf_puts(b, "</tr>\n</tbody></table></div>\n");
}

static void period_heading(struct web_ctx *c, const struct tb_result *tb)
{
	char f[11], t[11];
	buf_printf(&c->rs->body, "<p class=\"dampad\">Perioden %s – %s", date_format(tb->from, f),
		   date_format(tb->to, t));
	if (tb->unbalanced_vouchers)
		buf_printf(&c->rs->body, "; %ld verifikationer som inte balanserar är flaggade",
			   tb->unbalanced_vouchers);
	buf_puts(&c->rs->body, ".</p>\n");
}

void page_books(struct web_ctx *c)
{
	struct period p;
	if (!read_period(c, &p))
		return;
	struct error err = ERROR_INIT;
	struct tb_result tb;
	const struct tb_query q = { .from = p.from, .to = p.to };
	bool may_import = web_may(c, USER_WRITE_BOOKS);
	if (!balance_trial(c->st, &q, &tb, &err)) {
		if (err.code != ERR_INPUT || p.from || p.to) {
			fail(c, 400, "Bokföring", &err);
			return;
		}
		/* No books yet: say so, and offer the upload. */
		page_begin(c, "Bokföring", "bokforing");
		page_message(c, "varning", err.msg);
		error_clear(&err);
		if (may_import)
			upload_form(c);
		page_end(c);
		return;
	}
	struct stmt_map m;
	struct stmt_table rr = { 0 }, br = { 0 };
	const struct stmt_query sq = { .from = tb.from, .to = tb.to };
	bool ok = stmt_map_load(c->st, &m, &err);
	if (ok && !(stmt_rr(c->st, &m, &sq, &rr, &err) && stmt_br(c->st, &m, &sq, &br, &err))) {
		stmt_map_free(&m);
		ok = false;
	}
	if (!ok) {
		tb_result_free(&tb);
		fail(c, 400, "Bokföring", &err);
		return;
	}
	page_begin(c, "Bokföring", "bokforing");
	if (may_import)
		upload_form(c);
	page_period_form(c, "/bokforing", tb.from, tb.to);
	period_heading(c, &tb);
	buf_puts(&c->rs->body, "<div class=\"rutnat\"><section>\n");
	statement_table(c, &m, &rr, true);
	buf_puts(&c->rs->body, "</section><section>\n");
	statement_table(c, &m, &br, false);
	buf_puts(&c->rs->body, "</section></div>\n<h2>Råbalans</h2>\n");
	trial_balance_table(c, &tb, NULL, false);
	page_end(c);
	stmt_table_free(&rr);
	stmt_table_free(&br);
	stmt_map_free(&m);
	tb_result_free(&tb);
}

void page_books_line(struct web_ctx *c)
{
	struct period p;
	if (!read_period(c, &p))
		return;
	bool rr = !strcmp(c->arg[0], "rr");
	char *end;
	long idx = strtol(c->arg[1], &end, 10);
	struct error err = ERROR_INIT;
	struct stmt_map m;
	if (!stmt_map_load(c->st, &m, &err)) {
		fail(c, 400, "Bokföring", &err);
		return;
	}
	size_t n = rr ? m.nrr : m.nbr;
	const struct stmt_line *lines = rr ? m.rr : m.br;
	if ((!rr && strcmp(c->arg[0], "br")) || *end || idx < 0 || (size_t)idx >= n ||
	    lines[idx].kind != SL_LINE) {
		stmt_map_free(&m);
		page_error(c, 404, "Raden finns inte", "Rapportmappningen har ingen sådan rad.");
		return;
	}
	struct tb_result tb;
	const struct tb_query q = { .from = p.from, .to = p.to };
	if (!balance_trial(c->st, &q, &tb, &err)) {
		stmt_map_free(&m);
		fail(c, 400, "Bokföring", &err);
		return;
	}
	char *title = xasprintf("%s: %s", rr ? "Resultaträkning" : "Balansräkning",
				lines[idx].label);
	page_begin(c, title, "bokforing");
	free(title);
	period_heading(c, &tb);
	buf_puts(&c->rs->body, "<p><a href=\"");
	page_href(c, "/bokforing");
	period_query(&c->rs->body, tb.from, tb.to);
	buf_puts(&c->rs->body, "\">Tillbaka till bokföringen</a></p>\n<h2>Konton på raden</h2>\n");
	trial_balance_table(c, &tb, &lines[idx], rr);
	page_end(c);
	tb_result_free(&tb);
	stmt_map_free(&m);
}

struct voucher_page {
	struct web_ctx *c;
	const char *account;
	money_t sum;
	long n;
};

static bool voucher_row(void *ctx, const struct voucher_view *v, struct error *err)
{
	(void)err;
	struct voucher_page *vp = ctx;
	struct buf *b = &vp->c->rs->body;
	char d[11];
	money_t own = 0;
	for (size_t i = 0; i < v->nrows; i++)
		if (v->rows[i].kind != 2 && !strcmp(v->rows[i].account, vp->account))
			own += v->rows[i].amount;
	buf_printf(b, "<tr><td>%s</td><td>", date_format(v->date, d));
	html_esc(b, v->series);
	buf_putc(b, ' ');
	html_esc(b, v->number);
	buf_puts(b, "</td><td>");
	html_esc(b, v->text);
	if (v->imbalance) {
		buf_puts(b, " <span class=\"status rod\">balanserar inte: ");
		html_money(b, v->imbalance);
		buf_puts(b, "</span>");
	}
	buf_puts(b, "</td><td class=\"belopp\">");
	html_money(b, own);
	buf_puts(b, "</td><td><ul class=\"konteringar\">");
	for (size_t i = 0; i < v->nrows; i++) {
		const struct voucher_row_view *r = &v->rows[i];
		buf_puts(b, r->kind == 2 ? "<li><del>" : "<li>");
		html_esc(b, r->account);
		buf_putc(b, ' ');
		html_esc(b, r->account_name);
		if (*r->objects) {
			buf_puts(b, " (");
			html_esc(b, r->objects);
			buf_putc(b, ')');
		}
		buf_puts(b, ": ");
		html_money(b, r->amount);
		buf_puts(b, r->kind == 2 ? "</del></li>" : r->kind == 1 ? " (tillagd)</li>" : "</li>");
	}
	buf_puts(b, "</ul></td></tr>\n");
	vp->sum += own;
	vp->n++;
	return true;
}

void page_books_account(struct web_ctx *c)
{
	struct period p;
	if (!read_period(c, &p))
		return;
	const char *number = c->arg[0];
	if (strspn(number, "0123456789") != strlen(number)) {
		page_error(c, 404, "Kontot finns inte", "Ett kontonummer består av siffror.");
		return;
	}
	struct error err = ERROR_INIT;
	struct tb_result tb;
	const struct tb_query q = { .from = p.from, .to = p.to, .all_accounts = true };
	if (!balance_trial(c->st, &q, &tb, &err)) {
		fail(c, 400, "Bokföring", &err);
		return;
	}
	const struct tb_row *row = NULL;
	for (size_t i = 0; i < tb.nrows && !row; i++)
		if (!strcmp(tb.rows[i].number, number))
			row = &tb.rows[i];
	if (!row) {
		tb_result_free(&tb);
		page_error(c, 404, "Kontot finns inte", "Kontoplanen har inget sådant konto.");
		return;
	}
	char *title = xasprintf("Konto %s %s", row->number, row->name);
	page_begin(c, title, "bokforing");
	free(title);
	struct buf *b = &c->rs->body;
	period_heading(c, &tb);
	buf_puts(b, "<p><a href=\"");
	page_href(c, "/bokforing");
	period_query(b, tb.from, tb.to);
	buf_puts(b, "\">Tillbaka till bokföringen</a></p>\n<p>Ingående saldo <strong>");
	html_money(b, row->opening);
	buf_puts(b, "</strong>, förändring <strong>");
	html_money(b, row->change);
	buf_puts(b, "</strong>, utgående saldo <strong>");
	html_money(b, row->closing);
	buf_puts(b, "</strong>.</p>\n<h2>Verifikationer</h2>\n<div class=\"tabellram\"><table>\n"
		    "<thead><tr><th scope=\"col\">Datum</th><th scope=\"col\">Verifikation</th>"
		    "<th scope=\"col\">Text</th><th scope=\"col\" class=\"belopp\">På kontot</th>"
		    "<th scope=\"col\">Konteringar</th></tr></thead>\n<tbody>\n");
	struct voucher_page vp = { .c = c, .account = number };
	const struct voucher_filter f = { .year_id = tb.year_id, .from = tb.from, .to = tb.to,
					  .account = number };
	bool ok = vouchers_each(c->st, &f, voucher_row, &vp, &err);
	buf_puts(b, "<tr class=\"summa\"><td colspan=\"3\">Summa</td><td class=\"belopp\">");
	html_money(b, vp.sum);
	buf_puts(b, "</td><td></td></tr>\n</tbody></table></div>\n");
	if (!vp.n)
		buf_puts(b, "<p>Inga verifikationer på kontot under perioden.</p>\n");
	tb_result_free(&tb);
	if (!ok) {
		fail(c, 500, "Bokföring", &err);
		return;
	}
	page_end(c);
}

/* The upload's file name without any folder, for the import log. */
static const char *upload_name(const struct web_field *f)
{
	const char *name = f->filename && *f->filename ? f->filename : "uppladdning.se";
	const char *slash = strrchr(name, '/'), *back = strrchr(name, '\\');
	if (back > slash)
		slash = back;
	return slash ? slash + 1 : name;
}

/* Write the upload to a private temporary file; its path in `path`. */
static bool upload_to_file(const struct web_field *f, char *path, size_t size, struct error *err)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, size, "%s/finsam-upload-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		error_set(err, ERR_INTERNAL, "kan inte skapa en tillfällig fil för uppladdningen");
		return false;
	}
	size_t done = 0;
	while (done < f->len) {
		ssize_t w = write(fd, f->value + done, f->len - done);
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	close(fd);
	if (done != f->len) {
		unlink(path);
		error_set(err, ERR_INTERNAL, "kan inte skriva den tillfälliga filen för uppladdningen");
		return false;
	}
	return true;
}

/* Import the file in one transaction with its change-log row. */
static bool import_upload(struct web_ctx *c, const char *path, const char *name,
			  struct import_result *res, struct error *err)
{
	const struct import_options opt = { .allow_unbalanced = web_form(c->rq, "obalanserade") != NULL,
					    .log_name = name };
	if (!store_begin(c->st, err))
		return false;
	bool imported = books_import_sie(c->st, path, &opt, res, err), ok = imported;
	if (ok && !res->noop) {
		char a[11], b[11];
		char *what = xasprintf("bokföring/import/%s", name);
		char *value = xasprintf("SIE %s, räkenskapsår %s – %s, %ld verifikationer, sha256 %s",
					res->type, date_format(res->year_start, a),
					date_format(res->year_end, b), res->counts.ver, res->sha256);
		ok = web_log_change(c, what, NULL, value, err);
		free(what);
		free(value);
	}
	if (ok && !store_commit(c->st, err))
		ok = false;
	if (!ok) {
		store_rollback(c->st);
		if (imported) /* a failed import leaves nothing to free */
			import_result_free(res);
	}
	return ok;
}

void page_books_import_post(struct web_ctx *c)
{
	const struct web_field *f = web_fields_get(&c->rq->form, "fil");
	if (!f || !f->filename || !f->len) {
		page_error(c, 400, "Ingen fil", "Välj en SIE-fil att läsa in.");
		return;
	}
	const char *name = upload_name(f);
	struct error err = ERROR_INIT;
	char path[512];
	if (!upload_to_file(f, path, sizeof path, &err)) {
		fail(c, 500, "Inläsningen misslyckades", &err);
		return;
	}
	struct import_result res;
	memset(&res, 0, sizeof res);
	bool ok = import_upload(c, path, name, &res, &err);
	unlink(path);
	if (!ok) {
		/* Messages name the upload, not the temporary file. */
		char *msg = err.msg;
		struct buf text = BUF_INIT(0);
		if (err.line)
			buf_printf(&text, "%s:%ld: %s", name, err.line, err.text ? err.text : msg);
		else
			buf_printf(&text, "%s: %s", name, err.text ? err.text : msg);
		page_error(c, err.code == ERR_INPUT ? 422 : 500, "Filen lästes inte in",
			   buf_cstr(&text));
		buf_free(&text);
		error_clear(&err);
		return;
	}
	char *summary = NULL, *warnings = NULL;
	size_t slen = 0, wlen = 0;
	FILE *out = open_memstream(&summary, &slen), *warn = open_memstream(&warnings, &wlen);
	if (out && warn)
		import_report_print(out, warn, name, &res);
	if (out)
		fclose(out);
	if (warn)
		fclose(warn);
	page_begin(c, "Inläsningen är klar", "bokforing");
	struct buf *b = &c->rs->body;
	page_message(c, "ok", res.noop ? "Inget ändrades." : "Filen är inläst.");
	buf_puts(b, "<pre class=\"sammanfattning\">");
	html_esc(b, summary ? summary : "");
	buf_puts(b, "</pre>\n");
	if (warnings && *warnings) {
		buf_puts(b, "<h2>Varningar</h2>\n<pre class=\"sammanfattning\">");
		html_esc(b, warnings);
		buf_puts(b, "</pre>\n");
	}
	buf_puts(b, "<p><a href=\"");
	page_href(c, "/bokforing");
	buf_puts(b, "\">Till bokföringen</a></p>\n");
	page_end(c);
	free(summary);
	free(warnings);
	import_result_free(&res);
}
