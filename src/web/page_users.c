/*
 * page_users — Användare (admin only): the users of the web application,
 * as `finsam user` manages them: add, change role, assign interventions,
 * set a new password, disable or enable, remove. Each change is one
 * transaction with its change-log row ("användare/NAMN/…"; a password is
 * logged as changed, never its value; a change to the same value is not
 * logged). The rules (the last admin stays,
 * only an insatsägare has interventions, password strength) are users.c's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "web/html.h"
#include "web/pages.h"

static const char *const role_names[USER_ROLE_COUNT] = {
	[USER_ADMIN] = "admin", [USER_EKONOM] = "ekonom",
	[USER_INSATSAGARE] = "insatsägare", [USER_LASARE] = "läsare",
};

static void role_select(struct buf *b, const char *id, enum user_role current)
{
	buf_printf(b, "<select id=\"%s\" name=\"roll\">", id);
	for (int r = 0; r < USER_ROLE_COUNT; r++)
		buf_printf(b, "<option value=\"%s\"%s>%s</option>", role_names[r],
			   r == (int)current ? " selected" : "", role_names[r]);
	buf_puts(b, "</select>");
}

/* The interventions as "A,B,C". */
static char *codes_text(const struct user *u)
{
	struct buf t = BUF_INIT(0);
	for (size_t i = 0; i < u->ninterventions; i++) {
		if (i)
			buf_putc(&t, ',');
		buf_puts(&t, u->interventions[i]);
	}
	char *s = buf_take(&t);
	return s ? s : xstrdup("");
}

/* A small form posting to /anvandare/NAME/<action>. */
static void user_form_begin(struct web_ctx *c, const struct user *u, const char *action,
			    const char *extra)
{
	struct buf path = BUF_INIT(0);
	buf_puts(&path, "/anvandare/");
	html_url(&path, u->name);
	buf_printf(&path, "/%s", action);
	page_form_begin(c, buf_cstr(&path), extra);
	buf_free(&path);
}

static void user_row(struct web_ctx *c, const struct user *u)
{
	struct buf *b = &c->rs->body;
	char id[32];
	buf_puts(b, "<tr><th scope=\"row\">");
	html_esc(b, u->name);
	if (*u->display_name) {
		buf_puts(b, "<br><span class=\"dampad\">");
		html_esc(b, u->display_name);
		buf_puts(b, "</span>");
	}
	buf_puts(b, u->disabled ? "<br><span class=\"status rod\">avstängd</span>" : "");
	buf_puts(b, "</th><td>");
	user_form_begin(c, u, "roll", "class=\"rad\"");
	snprintf(id, sizeof id, "roll-%" PRId64, u->id);
	buf_printf(b, "<label class=\"dold\" for=\"%s\">Roll</label>", id);
	role_select(b, id, u->role);
	buf_puts(b, "<button type=\"submit\" class=\"sekundar\">Byt roll</button></form></td><td>");
	if (u->role == USER_INSATSAGARE) {
		char *codes = codes_text(u);
		user_form_begin(c, u, "insatser", "class=\"rad\"");
		snprintf(id, sizeof id, "insatser-%" PRId64, u->id);
		buf_printf(b, "<label class=\"dold\" for=\"%s\">Insatser</label><input id=\"%s\" "
			      "name=\"insatser\" size=\"12\" value=\"",
			   id, id);
		html_esc(b, codes);
		buf_puts(b, "\"><button type=\"submit\" class=\"sekundar\">Spara</button></form>");
		free(codes);
	} else {
		buf_puts(b, "<span class=\"dampad\">alla (enligt rollen)</span>");
	}
	buf_puts(b, "</td><td>");
	user_form_begin(c, u, "losenord", "class=\"rad\"");
	snprintf(id, sizeof id, "losenord-%" PRId64, u->id);
	buf_printf(b, "<label class=\"dold\" for=\"%s\">Nytt lösenord</label><input id=\"%s\" "
		      "name=\"losenord\" type=\"password\" autocomplete=\"new-password\" "
		      "minlength=\"%d\" required><button type=\"submit\" class=\"sekundar\">Byt "
		      "lösenord</button></form></td><td>",
		   id, id, USER_PASSWORD_MIN);
	user_form_begin(c, u, "avstangd", NULL);
	buf_printf(b, "<input type=\"hidden\" name=\"avstangd\" value=\"%d\"><button type=\"submit\" "
		      "class=\"sekundar\">%s</button></form>",
		   !u->disabled, u->disabled ? "Släpp in" : "Stäng av");
	struct buf attr = BUF_INIT(0);
	buf_puts(&attr, "data-bekrafta=\"Ta bort användaren ");
	html_esc(&attr, u->name);
	buf_puts(&attr, "?\"");
	user_form_begin(c, u, "ta-bort", buf_cstr(&attr));
	buf_free(&attr);
	buf_puts(b, "<button type=\"submit\" class=\"sekundar\">Ta bort</button></form></td></tr>\n");
}

static void add_form(struct web_ctx *c)
{
	struct buf *b = &c->rs->body;
	const struct web_request *rq = c->rq;
	buf_puts(b, "<section class=\"kort\"><h2>Ny användare</h2>\n");
	page_form_begin(c, "/anvandare/ny", NULL);
	const char *fields[][3] = {
		{ "namn", "Användarnamn (a–z, 0–9, . _ -)", "" },
		{ "visningsnamn", "Namn som visas", "" },
	};
	for (size_t i = 0; i < 2; i++) {
		buf_printf(b, "<label for=\"ny-%s\">%s</label><input id=\"ny-%s\" name=\"%s\"%s value=\"",
			   fields[i][0], fields[i][1], fields[i][0], fields[i][0],
			   i == 0 ? " required" : "");
		html_esc(b, web_is_post(rq) ? web_form(rq, fields[i][0]) : "");
		buf_puts(b, "\">\n");
	}
	buf_puts(b, "<label for=\"ny-roll\">Roll</label>");
	enum user_role r = USER_LASARE;
	if (web_is_post(rq) && web_form(rq, "roll"))
		user_role_parse(web_form(rq, "roll"), &r);
	role_select(b, "ny-roll", r);
	buf_puts(b, "\n<label for=\"ny-insatser\">Insatser (insatsägare; koder med komma "
		    "emellan)</label><input id=\"ny-insatser\" name=\"insatser\" value=\"");
	html_esc(b, web_is_post(rq) ? web_form(rq, "insatser") : "");
	buf_printf(b, "\">\n<label for=\"ny-losenord\">Lösenord (minst %d tecken)</label>"
		      "<input id=\"ny-losenord\" name=\"losenord\" type=\"password\" "
		      "autocomplete=\"new-password\" minlength=\"%d\" required>\n"
		      "<p><button type=\"submit\">Lägg till</button></p></form></section>\n",
		   USER_PASSWORD_MIN, USER_PASSWORD_MIN);
}

/* The page; `message` (an error, status 422) or ?sparat=1 on top. */
static void users_page(struct web_ctx *c, const char *message)
{
	struct error err = ERROR_INIT;
	struct user_list l;
	if (!user_list(c->st, &l, &err)) {
		page_error(c, 500, "Internt fel", err.msg);
		error_clear(&err);
		return;
	}
	struct buf *b = &c->rs->body;
	page_begin(c, "Användare", "anvandare");
	if (message) {
		c->rs->status = 422;
		page_message(c, "fel", message);
	} else if (web_query(c->rq, "sparat")) {
		page_message(c, "ok", "Ändringen är sparad.");
	}
	buf_puts(b, "<p>Roller: <strong>admin</strong> (allt, även användarna), "
		    "<strong>ekonom</strong> (bokföring, budget, prognos, plan, rapporter, "
		    "uppföljning), <strong>insatsägare</strong> (uppföljningen av de egna "
		    "insatserna) och <strong>läsare</strong> (läsa allt, ändra inget).</p>\n"
		    "<div class=\"tabellram\"><table>\n<thead><tr><th scope=\"col\">Användare</th>"
		    "<th scope=\"col\">Roll</th><th scope=\"col\">Insatser</th>"
		    "<th scope=\"col\">Lösenord</th><th scope=\"col\">Åtgärder</th></tr></thead>\n"
		    "<tbody>\n");
	for (size_t i = 0; i < l.n; i++)
		user_row(c, &l.u[i]);
	buf_puts(b, "</tbody></table></div>\n");
	add_form(c);
	page_end(c);
	user_list_free(&l);
}

void page_users(struct web_ctx *c)
{
	users_page(c, NULL);
}

/* A change: `op` inside one transaction with its change-log row, then
 * back to the page, or the page again with the reason (422). */
static void apply(struct web_ctx *c, bool ok, struct error *err, const char *what,
		  const char *old_value, const char *new_value)
{
	/* A change that changes nothing (the same role again) is not logged. */
	bool same = old_value && new_value && !strcmp(old_value, new_value);
	if (ok && !same)
		ok = web_log_change(c, what, old_value, new_value, err);
	if (ok)
		ok = store_commit(c->st, err);
	if (!ok) {
		store_rollback(c->st);
		if (err->code == ERR_INPUT)
			users_page(c, err->msg);
		else
			page_error(c, 500, "Internt fel", err->msg);
		error_clear(err);
		return;
	}
	web_redirect(c->rs, c->base, "/anvandare?sparat=1");
}

/* The user named in the path, loaded; false after a 404 page. */
static bool path_user(struct web_ctx *c, struct user *u)
{
	struct error err = ERROR_INIT;
	bool found = false;
	if (!user_get(c->st, c->arg[0], u, &found, &err) || !found) {
		page_error(c, found || !error_isset(&err) ? 404 : 500, "Användaren finns inte",
			   error_isset(&err) ? err.msg : "Det finns ingen användare med det namnet.");
		error_clear(&err);
		return false;
	}
	return true;
}

/* Split "A, B,C" into codes (owned by the returned array and *buf). */
static const char **split_codes(const char *s, char **copy, size_t *n)
{
	*copy = xstrdup(s ? s : "");
	*n = 0;
	const char **v = xcalloc(strlen(*copy) / 2 + 2, sizeof *v);
	for (char *save = NULL, *t = strtok_r(*copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
		v[(*n)++] = t;
	return v;
}

static char *what_of(const char *name, const char *field)
{
	return field ? xasprintf("användare/%s/%s", name, field) : xasprintf("användare/%s", name);
}

void page_users_add_post(struct web_ctx *c)
{
	struct error err = ERROR_INIT;
	const char *role_s = web_form(c->rq, "roll");
	enum user_role role;
	if (!role_s || !user_role_parse(role_s, &role)) {
		users_page(c, "Välj en roll: admin, ekonom, insatsägare eller läsare.");
		return;
	}
	char *copy;
	size_t n;
	const char **codes = split_codes(web_form(c->rq, "insatser"), &copy, &n);
	const char *name = web_form(c->rq, "namn");
	const struct user_new nu = { .name = name ? name : "", .display_name = web_form(c->rq, "visningsnamn"),
				     .role = role, .password = web_form(c->rq, "losenord"),
				     .interventions = codes, .ninterventions = n };
	bool ok = nu.password && store_begin(c->st, &err) && user_add(c->st, &nu, &err);
	if (!nu.password)
		error_set(&err, ERR_INPUT, "lösenordet saknas");
	char *what = what_of(nu.name, NULL);
	apply(c, ok, &err, what, NULL, user_role_name(role));
	free(what);
	free(codes);
	free(copy);
}

void page_users_role_post(struct web_ctx *c)
{
	struct user u;
	if (!path_user(c, &u))
		return;
	struct error err = ERROR_INIT;
	const char *role_s = web_form(c->rq, "roll");
	enum user_role role;
	bool ok = false;
	if (!role_s || !user_role_parse(role_s, &role))
		error_set(&err, ERR_INPUT, "okänd roll \"%s\"", role_s ? role_s : "");
	else
		ok = store_begin(c->st, &err) && user_set_role(c->st, u.name, role, &err);
	char *what = what_of(u.name, "roll");
	apply(c, ok, &err, what, user_role_name(u.role), ok ? user_role_name(role) : role_s);
	free(what);
	user_free(&u);
}

void page_users_interventions_post(struct web_ctx *c)
{
	struct user u;
	if (!path_user(c, &u))
		return;
	struct error err = ERROR_INIT;
	char *copy;
	size_t n;
	const char **codes = split_codes(web_form(c->rq, "insatser"), &copy, &n);
	bool ok = store_begin(c->st, &err);
	for (size_t i = 0; ok && i < u.ninterventions; i++) {
		bool kept = false;
		for (size_t k = 0; k < n && !kept; k++)
			kept = !strcmp(codes[k], u.interventions[i]);
		if (!kept)
			ok = user_unassign(c->st, u.name, u.interventions[i], &err);
	}
	for (size_t k = 0; ok && k < n; k++)
		ok = user_assign(c->st, u.name, codes[k], &err);
	char *old_codes = codes_text(&u);
	struct user now = { 0 };
	bool found = false;
	if (ok)
		ok = user_get(c->st, u.name, &now, &found, &err);
	char *new_codes = ok ? codes_text(&now) : xstrdup("");
	char *what = what_of(u.name, "insatser");
	apply(c, ok, &err, what, old_codes, new_codes);
	free(what);
	free(old_codes);
	free(new_codes);
	if (found)
		user_free(&now);
	free(codes);
	free(copy);
	user_free(&u);
}

void page_users_password_post(struct web_ctx *c)
{
	struct user u;
	if (!path_user(c, &u))
		return;
	struct error err = ERROR_INIT;
	const char *pw = web_form(c->rq, "losenord");
	bool ok = pw && store_begin(c->st, &err) && user_set_password(c->st, u.name, pw, &err);
	if (!pw)
		error_set(&err, ERR_INPUT, "lösenordet saknas");
	char *what = what_of(u.name, "lösenord");
	apply(c, ok, &err, what, NULL, "(nytt lösenord)");
	free(what);
	user_free(&u);
}

void page_users_disabled_post(struct web_ctx *c)
{
	struct user u;
	if (!path_user(c, &u))
		return;
	struct error err = ERROR_INIT;
	const char *v = web_form(c->rq, "avstangd");
	bool disable = v && !strcmp(v, "1");
	bool ok = v && (!strcmp(v, "1") || !strcmp(v, "0")) && store_begin(c->st, &err) &&
		  user_set_disabled(c->st, u.name, disable, &err);
	if (!v || (strcmp(v, "1") && strcmp(v, "0")))
		error_set(&err, ERR_INPUT, "avstangd ska vara 1 eller 0");
	char *what = what_of(u.name, "avstängd");
	apply(c, ok, &err, what, u.disabled ? "ja" : "nej", disable ? "ja" : "nej");
	free(what);
	user_free(&u);
}

void page_users_remove_post(struct web_ctx *c)
{
	struct user u;
	if (!path_user(c, &u))
		return;
	struct error err = ERROR_INIT;
	bool ok = store_begin(c->st, &err) && user_remove(c->st, u.name, &err);
	char *what = what_of(u.name, NULL);
	apply(c, ok, &err, what, user_role_name(u.role), NULL);
	free(what);
	user_free(&u);
}
