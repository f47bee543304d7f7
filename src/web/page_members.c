/*
 * page_members — Medlemsbidrag: the members, the law's split of their
 * contributions for a year and what the books show as paid (what `finsam
 * members` and `finsam contributions` show), and the scenario tool
 * ("what if …", `finsam scenario`): run changed offers and see them beside
 * the current state, save a scenario by name, compare saved ones side by
 * side, remove one. Every figure comes from plan/members, plan/
 * contributions and plan/scenario; this file only lays them out.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "plan/budget.h"
#include "plan/contributions.h"
#include "plan/members.h"
#include "plan/scenario.h"
#include "report/typo.h"
#include "util/xalloc.h"
#include "web/html.h"
#include "web/pages.h"

#define FIELD_CHANGE "andring_" /* + a member's code: its new offer */
#define FIELD_PLACE "ordning_"   /* + a cost line's name: its place in the priority order */
#define PLACE_MAX 999
#define COMPARE_MAX 10           /* saved scenarios compared at once */

/* ---- small pieces ------------------------------------------------------------------ */

/* A message of the model ("det finns ingen ...", "året ...") as a
 * sentence on the page: its first letter a capital (ASCII, or a Latin-1
 * letter such as å ä ö: U+00E0..U+00FE but U+00F7, two bytes C3 xx). */
static void say(struct web_ctx *c, const char *kind, const char *text)
{
	char *s = xstrdup(text);
	unsigned char *u = (unsigned char *)s;
	if (islower(u[0]))
		u[0] = (unsigned char)toupper(u[0]);
	else if (u[0] == 0xc3 && u[1] >= 0xa0 && u[1] <= 0xbe && u[1] != 0xb7)
		u[1] -= 0x20;
	page_message(c, kind, s);
	free(s);
}

/* What a failure answers: a fault of finsam or the store 500, refused input 422. */
static int failure_status(const struct error *err)
{
	return err->code == ERR_INTERNAL ? 500 : 422;
}

/* s without leading and trailing spaces, allocated. */
static char *trimmed(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The year fs asks for ("ar"), else the one the CLI takes when none is given. */
static bool year_asked(struct store *st, const struct web_fields *fs, int *year, struct error *err)
{
	const char *s = fs ? web_fields_value(fs, "ar") : NULL;
	if (!s || !*s)
		return budget_default_year(st, year, err);
	char *end;
	long y = strtol(s, &end, 10);
	if (!isdigit((unsigned char)s[0]) || *end || y < 1900 || y > 9999) {
		error_set(err, ERR_INPUT, "året \"%s\" är inget årtal (ÅÅÅÅ, 1900–9999)", s);
		return false;
	}
	*year = (int)y;
	return true;
}

static void th(struct buf *b, const char *label, bool amount)
{
	buf_puts(b, amount ? "<th scope=\"col\" class=\"belopp\">" : "<th scope=\"col\">");
	html_esc(b, label);
	buf_puts(b, "</th>");
}

static void td_text(struct buf *b, const char *s)
{
	buf_puts(b, "<td>");
	html_esc(b, s);
	buf_puts(b, "</td>");
}

static void td_kr(struct buf *b, money_t m)
{
	buf_puts(b, "<td class=\"belopp\">");
	html_kr(b, m);
	buf_puts(b, "</td>");
}

/* A cell for a figure that may not be known. */
static void td_figure(struct buf *b, const struct scenario_result *r, bool now,
		      enum scenario_figure f)
{
	money_t v;
	if (scenario_figure(r, now, f, &v))
		td_kr(b, v);
	else
		buf_puts(b, "<td class=\"belopp dampad\">okänt</td>");
}

static void kr_text(struct buf *b, money_t m)
{
	html_kr(b, m);
	buf_puts(b, "\u00a0kr");
}

static void hidden(struct buf *b, const char *name, const char *value)
{
	buf_puts(b, "<input type=\"hidden\" name=\"");
	html_esc(b, name);
	buf_puts(b, "\" value=\"");
	html_esc(b, value);
	buf_puts(b, "\">");
}

/* The path of the page of the saved scenario `name`, with `flag` ("&sparat=1", or ""). */
static char *scenario_path(const char *name, const char *flag)
{
	struct buf path = BUF_INIT(0);
	buf_puts(&path, "/medlemsbidrag/scenario?visa=");
	html_url(&path, name);
	buf_puts(&path, flag);
	return buf_take(&path);
}

/* The link to a saved scenario. */
static void scenario_link(struct web_ctx *c, const char *name)
{
	char *path = scenario_path(name, "");
	buf_puts(&c->rs->body, "<a href=\"");
	page_href(c, path);
	buf_puts(&c->rs->body, "\">");
	html_esc(&c->rs->body, name);
	buf_puts(&c->rs->body, "</a>");
	free(path);
}

/* "pro rata" or "i prioritetsordning: A, B". */
static void closing_text(struct buf *b, const struct scenario_spec *s)
{
	if (s->closing != CLOSE_PRIORITY) {
		buf_puts(b, "pro rata över kostnadsraderna");
		return;
	}
	buf_puts(b, "i prioritetsordning: ");
	for (const char *p = s->priority; *p; p++) {
		if (*p == ';')
			buf_puts(b, ", ");
		else
			html_escn(b, p, 1);
	}
}

/* ---- the scenario as the form gives it ------------------------------------------------ */

/* A cost line's place in the priority order, as typed. */
struct place {
	long place;
	size_t typed; /* the field's index, for a stable order */
	const char *line;
};

static int place_cmp(const void *a, const void *b)
{
	const struct place *x = a, *y = b;
	if (x->place != y->place)
		return x->place < y->place ? -1 : 1;
	return x->typed < y->typed ? -1 : x->typed > y->typed;
}

/* The priority order in fs (FIELD_PLACE + line = 1, 2, ...; empty: not
 * in it) as the model takes it: "A;B;C". */
static bool priority_from_fields(const struct web_fields *fs, char **out, struct error *err)
{
	struct place *p = xcalloc(fs->n ? fs->n : 1, sizeof *p);
	size_t n = 0;
	bool ok = true;
	for (size_t i = 0; ok && i < fs->n; i++) {
		const struct web_field *f = &fs->f[i];
		if (!starts_with(f->name, FIELD_PLACE))
			continue;
		char *value = trimmed(f->value), *end;
		const char *line = f->name + strlen(FIELD_PLACE);
		long place = strtol(value, &end, 10);
		if (*value && (!isdigit((unsigned char)*value) || *end || place < 1 ||
			       place > PLACE_MAX)) {
			error_set(err, ERR_INPUT, "platsen för \"%s\" i ordningen ska vara ett heltal "
						  "från 1 till %d, inte \"%s\"",
				  line, PLACE_MAX, value);
			ok = false;
		} else if (*value) {
			p[n++] = (struct place){ place, i, line };
		}
		free(value);
	}
	qsort(p, n, sizeof *p, place_cmp);
	struct buf b = BUF_INIT(0);
	buf_puts(&b, "");
	for (size_t i = 0; ok && i < n; i++) {
		if (i && p[i].place == p[i - 1].place) {
			error_set(err, ERR_INPUT, "\"%s\" och \"%s\" har samma plats (%ld) i ordningen",
				  p[i - 1].line, p[i].line, p[i].place);
			ok = false;
		}
		buf_printf(&b, "%s%s", i ? ";" : "", p[i].line);
	}
	free(p);
	*out = buf_take(&b);
	return ok;
}

/* The spec in fs: the year ("ar"), a new offer per member (FIELD_CHANGE
 * + code: "50%" or "1 200 000"; empty: unchanged), the closing rule
 * ("stangning": pro-rata or prioritet), the priority order (FIELD_PLACE
 * + line) and the name ("namn"). */
static bool spec_from_fields(struct store *st, const struct web_fields *fs,
			     struct scenario_spec *s, struct error *err)
{
	memset(s, 0, sizeof *s);
	const char *name = web_fields_value(fs, "namn");
	s->name = trimmed(name ? name : "");
	bool ok = year_asked(st, fs, &s->year, err);
	const char *closing = web_fields_value(fs, "stangning");
	if (ok && closing && !scenario_closing_parse(closing, &s->closing)) {
		error_set(err, ERR_INPUT, "förslaget görs pro-rata eller i prioritet, inte \"%s\"",
			  closing);
		ok = false;
	}
	for (size_t i = 0; ok && i < fs->n; i++) {
		const struct web_field *f = &fs->f[i];
		if (!starts_with(f->name, FIELD_CHANGE))
			continue;
		char *value = trimmed(f->value);
		if (*value) {
			char *change = xasprintf("%s=%s", f->name + strlen(FIELD_CHANGE), value);
			s->changes = xrealloc(s->changes, (s->nchanges + 1) * sizeof *s->changes);
			ok = scenario_parse_change(change, &s->changes[s->nchanges], err);
			s->nchanges += ok;
			free(change);
		}
		free(value);
	}
	ok = priority_from_fields(fs, &s->priority, err) && ok;
	if (ok && !s->nchanges) {
		error_set(err, ERR_INPUT, "ange minst en ändring: ett nytt erbjudande för någon "
					  "medlem, t.ex. 50%% eller 1 200 000");
		ok = false;
	}
	if (ok && s->closing == CLOSE_PRIORITY && !*s->priority) {
		error_set(err, ERR_INPUT, "ge minst en kostnadsrad en plats i ordningen (1 minskas "
					  "först)");
		ok = false;
	}
	return ok;
}

/* The fields of a saved scenario, as the form would send them. */
static void fields_from_spec(const struct scenario_spec *s, struct web_fields *fs)
{
	char year[16], value[48];
	snprintf(year, sizeof year, "%d", s->year);
	memset(fs, 0, sizeof *fs);
	web_fields_add(fs, "ar", year, strlen(year), NULL);
	web_fields_add(fs, "namn", s->name, strlen(s->name), NULL);
	for (size_t i = 0; i < s->nchanges; i++) {
		char *name = xasprintf(FIELD_CHANGE "%s", s->changes[i].code);
		scenario_change_value(&s->changes[i], value, sizeof value);
		web_fields_add(fs, name, value, strlen(value), NULL);
		free(name);
	}
	const char *closing = scenario_closing_name(s->closing);
	web_fields_add(fs, "stangning", closing, strlen(closing), NULL);
	int place = 0;
	for (const char *p = s->priority; *p;) {
		size_t n = strcspn(p, ";");
		char *name = xasprintf(FIELD_PLACE "%.*s", (int)n, p);
		snprintf(value, sizeof value, "%d", ++place);
		web_fields_add(fs, name, value, strlen(value), NULL);
		free(name);
		p += n + (p[n] == ';');
	}
}

/* ---- forms ------------------------------------------------------------------------- */

static void year_form(struct web_ctx *c, const struct web_fields *fs, int year)
{
	struct buf *b = &c->rs->body;
	const char *typed = fs ? web_fields_value(fs, "ar") : NULL;
	buf_puts(b, "<form method=\"get\" action=\"");
	page_href(c, "/medlemsbidrag");
	buf_puts(b, "\" class=\"rad\"><div><label for=\"ar\">År</label><input id=\"ar\" name=\"ar\" "
		    "inputmode=\"numeric\" size=\"6\" value=\"");
	if (typed)
		html_esc(b, typed);
	else if (year)
		buf_printf(b, "%d", year);
	buf_puts(b, "\"></div><button type=\"submit\" class=\"sekundar\">Visa året</button></form>\n");
}

/* The cost lines of bud, each with a field for its place in the
 * priority order, filled in from fs. */
static void priority_table(struct buf *b, const struct budget *bud, const struct web_fields *fs)
{
	buf_puts(b, "<div class=\"tabellram\"><table id=\"ordning\">\n<caption>Kostnadsraderna: "
		    "1 minskas först, sedan 2, …; tomt: minskas inte</caption>\n<thead><tr>");
	th(b, "Kostnadsrad", false);
	th(b, "Budget", true);
	th(b, "Plats", false);
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < bud->nlines; i++) {
		const struct budget_line *l = &bud->lines[i];
		if (l->kind != BK_COST)
			continue;
		char *field = xasprintf(FIELD_PLACE "%s", l->name);
		const char *typed = fs ? web_fields_value(fs, field) : NULL;
		buf_printf(b, "<tr><td><label for=\"ordning-%zu\">", i + 1);
		html_esc(b, l->name);
		buf_puts(b, "</label></td>");
		td_kr(b, l->amount);
		buf_printf(b, "<td><input id=\"ordning-%zu\" name=\"", i + 1);
		html_esc(b, field);
		buf_puts(b, "\" size=\"4\" inputmode=\"numeric\" value=\"");
		html_esc(b, typed ? typed : "");
		buf_puts(b, "\"></td></tr>\n");
		free(field);
	}
	buf_puts(b, "</tbody></table></div>\n");
}

/* The form that runs a scenario (GET /medlemsbidrag/scenario), filled in
 * from fs (NULL: empty): a row per member with its current offer and a
 * field for the new one, and how a gap is to be closed. bud is the year's
 * budget (its cost lines are the priority order's choices), NULL when the
 * year has none. */
static void scenario_form(struct web_ctx *c, int year, const struct member_list *l,
			  const struct budget *bud, const struct web_fields *fs)
{
	struct buf *b = &c->rs->body;
	char ystr[16];
	snprintf(ystr, sizeof ystr, "%d", year);
	buf_puts(b, "<form method=\"get\" action=\"");
	page_href(c, "/medlemsbidrag/scenario");
	buf_puts(b, "\" class=\"scenario\">");
	hidden(b, "ar", ystr);
	buf_printf(b, "\n<div class=\"tabellram\"><table>\n<caption>Nya erbjudanden %d</caption>\n"
		      "<thead><tr>",
		   year);
	th(b, "Kod", false);
	th(b, "Medlem", false);
	th(b, "Erbjudande nu", true);
	th(b, "Nytt erbjudande", false);
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < l->n; i++) {
		const struct member *m = &l->m[i];
		char *field = xasprintf(FIELD_CHANGE "%s", m->code);
		const char *typed = fs ? web_fields_value(fs, field) : NULL;
		buf_puts(b, "<tr>");
		td_text(b, m->code);
		buf_printf(b, "<td><label for=\"andring-%zu\">", i + 1);
		html_esc(b, m->name);
		buf_puts(b, "</label></td>");
		td_kr(b, m->has_offer ? m->offer : 0);
		buf_printf(b, "<td><input id=\"andring-%zu\" name=\"", i + 1);
		html_esc(b, field);
		buf_puts(b, "\" size=\"14\" placeholder=\"oförändrat\" value=\"");
		html_esc(b, typed ? typed : "");
		buf_puts(b, "\"></td></tr>\n");
		free(field);
	}
	buf_puts(b, "</tbody></table></div>\n<p class=\"dampad\">Skriv ett belopp i kronor "
		    "(1 200 000) eller en andel av nuvarande erbjudande (50%). Tomt: "
		    "oförändrat.</p>\n");

	const char *closing = fs ? web_fields_value(fs, "stangning") : NULL;
	bool priority = closing && !strcmp(closing, "prioritet");
	buf_puts(b, "<fieldset><legend>Om bidragen inte räcker: förslag som håller det "
		    "budgeterade resultatet</legend>\n");
	buf_printf(b, "<label class=\"val\"><input type=\"radio\" name=\"stangning\" "
		      "value=\"pro-rata\"%s> Minska alla kostnadsrader pro rata</label>\n",
		   priority ? "" : " checked");
	buf_printf(b, "<label class=\"val\"><input type=\"radio\" name=\"stangning\" "
		      "value=\"prioritet\"%s> Minska kostnadsraderna i tur och ordning, var och en "
		      "ned till noll innan nästa</label>\n",
		   priority ? " checked" : "");
	if (bud)
		priority_table(b, bud, fs);
	buf_puts(b, "</fieldset>\n<button type=\"submit\">Räkna</button></form>\n");
}

/* The form that saves the scenario of `year` in fs (POST
 * /medlemsbidrag/scenario): its fields again, hidden, and the name. */
static void save_form(struct web_ctx *c, int year, const struct web_fields *fs)
{
	struct buf *b = &c->rs->body;
	const char *name = web_fields_value(fs, "namn");
	char ystr[16];
	snprintf(ystr, sizeof ystr, "%d", year);
	buf_puts(b, "<section class=\"kort\"><h2>Spara scenariot</h2>\n");
	page_form_begin(c, "/medlemsbidrag/scenario", "class=\"rad\"");
	hidden(b, "ar", ystr);
	for (size_t i = 0; i < fs->n; i++) {
		const char *n = fs->f[i].name;
		if (!strcmp(n, "stangning") || starts_with(n, FIELD_CHANGE) ||
		    starts_with(n, FIELD_PLACE))
			hidden(b, n, fs->f[i].value);
	}
	buf_printf(b, "<div><label for=\"namn\">Namn</label><input id=\"namn\" name=\"namn\" "
		      "required maxlength=\"%d\" size=\"30\" value=\"",
		   SCENARIO_NAME_MAX);
	html_esc(b, name ? name : "");
	buf_puts(b, "\"></div><button type=\"submit\">Spara</button></form>\n"
		    "<p class=\"dampad\">Ett sparat scenario räknas om med aktuella siffror varje "
		    "gång det visas. Ett scenario med samma namn ersätts.</p></section>\n");
}

/* ---- the members and their contributions --------------------------------------------- */

static const char *const kind_label[MEMBER_KINDS] = {
	[MEMBER_STATE] = "Staten",
	[MEMBER_REGION] = "Regionen",
	[MEMBER_MUNICIPALITY] = "Kommunerna",
};
static const char *const kind_part[MEMBER_KINDS] = {
	[MEMBER_STATE] = "1/2",
	[MEMBER_REGION] = "1/4",
	[MEMBER_MUNICIPALITY] = "1/4",
};

/* The law's parts: what each kind pays of the total. */
static void kinds_table(struct buf *b, const struct contrib_result *r)
{
	buf_puts(b, "<div class=\"tabellram\"><table id=\"lagens-delar\">\n<caption>Lagens "
		    "fördelning</caption>\n<thead><tr>");
	th(b, "Medlemmar", false);
	th(b, "Del enligt lagen", false);
	th(b, "Bidrag", true);
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (int k = 0; k < MEMBER_KINDS; k++) {
		buf_puts(b, "<tr>");
		td_text(b, kind_label[k]);
		td_text(b, kind_part[k]);
		td_kr(b, r->kind_total[k]);
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "<tr class=\"summa\"><td>Summa</td><td></td>");
	td_kr(b, r->total);
	buf_puts(b, "</tr>\n</tbody></table></div>\n");
}

/* The member's part within its kind: its share, its population, or the
 * whole when it is alone of its kind (its weight is then ignored). */
static void td_within_kind(struct buf *b, const struct member_list *l, size_t i)
{
	size_t of_kind = 0;
	for (size_t j = 0; j < l->n; j++)
		of_kind += l->m[j].kind == l->m[i].kind;
	char s[TYPO_BUF];
	if (of_kind == 1)
		buf_puts(b, "<td class=\"num\">hela</td>");
	else if (l->split == SPLIT_POPULATION)
		buf_printf(b, "<td class=\"num\">%s</td>", typo_int(l->m[i].population, s, sizeof s));
	else
		buf_printf(b, "<td class=\"num\">%s</td>", typo_percent_bp(l->m[i].share_bp, s, sizeof s));
}

static void contributions_table(struct buf *b, const struct member_list *l,
				const struct contrib_member *in, const struct contrib_result *r,
				const money_t *booked)
{
	buf_printf(b, "<div class=\"tabellram\"><table id=\"bidrag\">\n<caption>Medlemmarnas "
		      "bidrag %d</caption>\n<thead><tr>",
		   l->year);
	th(b, "Kod", false);
	th(b, "Medlem", false);
	th(b, "Typ", false);
	th(b, l->split == SPLIT_POPULATION ? "Folkmängd" : "Andel inom typen", true);
	th(b, "Erbjudande", true);
	th(b, "Bidrag", true);
	th(b, "Outnyttjat", true);
	th(b, "Begränsar", false);
	th(b, "Bokfört", true);
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	money_t offers = 0, unused = 0, paid = 0;
	for (size_t i = 0; i < l->n; i++) {
		buf_puts(b, "<tr>");
		td_text(b, l->m[i].code);
		td_text(b, l->m[i].name);
		td_text(b, member_kind_name(l->m[i].kind));
		td_within_kind(b, l, i);
		td_kr(b, in[i].offer);
		td_kr(b, r->shares[i].contribution);
		td_kr(b, r->shares[i].unused);
		td_text(b, r->shares[i].binding ? "ja" : "");
		td_kr(b, booked[i]);
		buf_puts(b, "</tr>\n");
		offers += in[i].offer;
		unused += r->shares[i].unused;
		paid += booked[i];
	}
	buf_puts(b, "<tr class=\"summa\"><td></td><td>Summa</td><td></td><td></td>");
	td_kr(b, offers);
	td_kr(b, r->total);
	td_kr(b, unused);
	buf_puts(b, "<td></td>");
	td_kr(b, paid);
	buf_puts(b, "</tr>\n</tbody></table></div>\n<p>Största möjliga totala bidrag: <strong>");
	kr_text(b, r->total);
	buf_puts(b, "</strong>.");
	if (r->missing) {
		buf_puts(b, " ");
		html_esc(b, r->missing);
		buf_puts(b, ": utan den blir det inget bidrag enligt lagen.");
	}
	for (size_t i = 0; i < l->n; i++) {
		if (!r->shares[i].binding)
			continue;
		buf_puts(b, " ");
		html_esc(b, l->m[i].name);
		buf_puts(b, " begränsar totalen.");
	}
	buf_puts(b, "</p>\n");
}

/* The contributions of l's year (what `finsam contributions` shows). */
static bool contributions_section(struct web_ctx *c, const struct member_list *l,
				  struct error *err)
{
	struct buf *b = &c->rs->body;
	struct contrib_member *in = members_contrib_input(l);
	money_t *booked = xcalloc(l->n, sizeof *booked);
	struct contrib_result r;
	bool ok = contrib_compute(in, l->n, &r, err) && members_booked(c->st, l, booked, err);
	if (ok) {
		buf_printf(b, "<h2>Medlemmar och bidrag %d</h2>\n<p>Enligt lagen om finansiell "
			      "samordning (2003:1210) betalar staten hälften av bidragen, regionen "
			      "en fjärdedel och kommunerna tillsammans en fjärdedel. Kommunernas "
			      "fjärdedel fördelas efter ",
			   l->year);
		buf_puts(b, l->split == SPLIT_POPULATION ? "folkmängd" : "fasta andelar");
		buf_puts(b, ". Erbjudandena ger det största totala bidrag som regeln tillåter; "
			    "den medlem vars erbjudande räcker kortast begränsar det.</p>\n");
		kinds_table(b, &r);
		contributions_table(b, l, in, &r, booked);
	}
	contrib_result_free(&r);
	free(booked);
	free(in);
	return ok;
}

/* The saved scenarios, to open, compare and (for those who may) remove;
 * a fault of the store in err. */
static void saved_section(struct web_ctx *c, int year, struct error *err)
{
	struct buf *b = &c->rs->body;
	char **names;
	size_t n;
	if (!scenario_names(c->st, &names, &n, err))
		return;
	buf_puts(b, "<section><h2>Sparade scenarier</h2>\n");
	if (!n)
		buf_puts(b, "<p>Inga sparade scenarier än.</p>\n");
	bool ok = true;
	if (n) {
		buf_puts(b, "<form method=\"get\" action=\"");
		page_href(c, "/medlemsbidrag/jamfor");
		buf_puts(b, "\">\n<div class=\"tabellram\"><table id=\"sparade\">\n<thead><tr>");
		th(b, "Jämför", false);
		th(b, "Namn", false);
		th(b, "År", false);
		th(b, "Ändringar", false);
		th(b, "Förslag", false);
		buf_puts(b, "</tr></thead>\n<tbody>\n");
	}
	for (size_t i = 0; ok && i < n; i++) {
		struct scenario_spec s;
		struct error load_err = ERROR_INIT;
		buf_puts(b, "<tr><td><input type=\"checkbox\" name=\"namn\" value=\"");
		html_esc(b, names[i]);
		buf_puts(b, "\" aria-label=\"Jämför ");
		html_esc(b, names[i]);
		buf_puts(b, "\"></td><td>");
		scenario_link(c, names[i]);
		buf_puts(b, "</td>");
		if (scenario_load(c->st, names[i], &s, &load_err)) {
			char *changes = scenario_changes_text(&s);
			buf_printf(b, "<td>%d</td>", s.year);
			td_text(b, changes);
			buf_puts(b, "<td>");
			closing_text(b, &s);
			buf_puts(b, "</td>");
			free(changes);
			scenario_spec_free(&s);
		} else if (load_err.code == ERR_INTERNAL) {
			error_move(err, &load_err);
			ok = false;
		} else {
			buf_puts(b, "<td colspan=\"3\">");
			html_esc(b, load_err.msg);
			buf_puts(b, "</td>");
		}
		error_clear(&load_err);
		buf_puts(b, "</tr>\n");
	}
	if (n) {
		buf_puts(b, "</tbody></table></div>\n<button type=\"submit\" class=\"sekundar\">Jämför "
			    "de markerade sida vid sida</button></form>\n");
	}
	if (ok && n && web_may(c, USER_WRITE_PLAN)) {
		char ystr[16];
		snprintf(ystr, sizeof ystr, "%d", year);
		page_form_begin(c, "/medlemsbidrag/scenario/ta-bort",
				"class=\"rad\" data-bekrafta=\"Ta bort scenariot?\"");
		if (year)
			hidden(b, "ar", ystr);
		buf_puts(b, "<div><label for=\"ta-bort\">Ta bort ett scenario</label><select "
			    "id=\"ta-bort\" name=\"namn\">");
		for (size_t i = 0; i < n; i++) {
			buf_puts(b, "<option>");
			html_esc(b, names[i]);
			buf_puts(b, "</option>");
		}
		buf_puts(b, "</select></div><button type=\"submit\" class=\"sekundar\">Ta "
			    "bort</button></form>\n");
	}
	buf_puts(b, "</section>\n");
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The section "Vad händer om …?": the scenario form for l's year; bud
 * is the year's budget, NULL when it has none. */
static void what_if_section(struct web_ctx *c, const struct member_list *l,
			    const struct budget *bud)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<section class=\"kort\"><h2>Vad händer om …?</h2>\n<p>Ändra en eller flera "
		    "medlemmars erbjudanden och se vad lagens regel gör av dem: varje medlems "
		    "bidrag, vad som saknas mot årets budget, resultatet utan åtgärder, ett förslag "
		    "som håller det budgeterade resultatet och det egna kapitalet vid årets "
		    "slut.</p>\n");
	if (!bud)
		buf_printf(b, "<p class=\"meddelande varning\">%d har ingen budget eller budgetplan: "
			      "ett scenario går inte att räkna.</p>\n",
			   l->year);
	scenario_form(c, l->year, l, bud, NULL);
	buf_puts(b, "</section>\n");
}

/* Say a refusal of the model (bad data, not a fault) on the page and go
 * on; a fault of finsam or the store stays in err. */
static void say_refusal(struct web_ctx *c, struct error *err)
{
	if (error_isset(err) && err->code != ERR_INTERNAL) {
		say(c, "fel", err->msg);
		error_clear(err);
	}
}

/* The page Medlemsbidrag for the year fs asks ("ar"). `failure`: a change
 * that was refused, said at the top (with its status). */
static void members_page(struct web_ctx *c, const struct web_fields *fs, const struct error *failure)
{
	struct error err = ERROR_INIT;
	struct member_list l = { 0 };
	struct budget bud;
	char *basis = NULL;
	bool have_budget = false;
	int year = 0;
	page_begin(c, "Medlemsbidrag", "medlemsbidrag");
	if (failure) {
		c->rs->status = failure_status(failure);
		say(c, "fel", failure->msg);
	} else if (web_query(c->rq, "borttaget")) {
		page_message(c, "ok", "Scenariot är borttaget.");
	}
	bool have_year = year_asked(c->st, fs, &year, &err);
	year_form(c, fs, have_year ? year : 0);
	if (!have_year && err.code != ERR_INTERNAL) {
		/* A year typed wrong is refused; no budget to take one from is said. */
		const char *asked = fs ? web_fields_value(fs, "ar") : NULL;
		bool typed = asked && *asked;
		if (typed && !failure)
			c->rs->status = 422;
		say(c, typed ? "fel" : "varning", err.msg);
		error_clear(&err);
	}
	if (have_year && members_load(c->st, year, &l, &err) && !l.n)
		page_message(c, "varning", "Inga medlemmar än: läs in dem med finsam members import FIL.");
	say_refusal(c, &err);
	if (l.n && !contributions_section(c, &l, &err))
		say_refusal(c, &err);
	if (l.n && !error_isset(&err)) {
		have_budget = budget_load_for_year(c->st, year, &bud, &basis, &err);
		if (!have_budget && err.code != ERR_INTERNAL)
			error_clear(&err); /* the year has no budget: said in the section */
		if (!error_isset(&err))
			what_if_section(c, &l, have_budget ? &bud : NULL);
	}
	if (!error_isset(&err))
		saved_section(c, year, &err);
	if (error_isset(&err))
		page_error(c, 500, "Internt fel", err.msg);
	else
		page_end(c);
	if (have_budget)
		budget_free(&bud);
	free(basis);
	members_free(&l);
	error_clear(&err);
}

void page_members(struct web_ctx *c)
{
	members_page(c, &c->rq->query, NULL);
}

/* ---- one scenario ------------------------------------------------------------------- */

/* Each member now and in the scenario, side by side. */
static void scenario_members_table(struct buf *b, const struct scenario_result *r)
{
	buf_puts(b, "<div class=\"tabellram\"><table id=\"scenario-medlemmar\">\n<caption>Varje "
		    "medlems bidrag, nu och i scenariot</caption>\n<thead><tr>");
	th(b, "Kod", false);
	th(b, "Medlem", false);
	th(b, "Erbjudande nu", true);
	th(b, "Bidrag nu", true);
	th(b, "Erbjudande i scenariot", true);
	th(b, "Bidrag i scenariot", true);
	th(b, "Förändring", true);
	th(b, "Begränsar", false);
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < r->members.n; i++) {
		const struct member *m = &r->members.m[i];
		buf_puts(b, "<tr>");
		td_text(b, m->code);
		td_text(b, m->name);
		td_kr(b, m->has_offer ? m->offer : 0);
		td_kr(b, r->now.shares[i].contribution);
		td_kr(b, r->offer[i]);
		td_kr(b, r->then.shares[i].contribution);
		td_kr(b, r->then.shares[i].contribution - r->now.shares[i].contribution);
		td_text(b, r->then.shares[i].binding ? "ja" : "");
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "<tr class=\"summa\"><td></td><td>Summa</td><td></td>");
	td_kr(b, r->now.total);
	buf_puts(b, "<td></td>");
	td_kr(b, r->then.total);
	td_kr(b, r->then.total - r->now.total);
	buf_puts(b, "<td></td></tr>\n</tbody></table></div>\n");
}

/* The year's figures now and in the scenario, side by side. */
static void scenario_figures_table(struct buf *b, const struct scenario_result *r)
{
	buf_printf(b, "<div class=\"tabellram\"><table id=\"scenario-utfall\">\n<caption>%d: "
		      "nuläge och scenario</caption>\n<thead><tr><td></td>",
		   r->year);
	th(b, "Nuläge", true);
	th(b, "Scenariot", true);
	buf_puts(b, "</tr></thead>\n<tbody>\n<tr><th scope=\"row\">Budgeterade medlemsbidrag</th>");
	td_kr(b, r->budget_contributions);
	td_kr(b, r->budget_contributions);
	buf_puts(b, "</tr>\n<tr><th scope=\"row\">Budgeterat resultat</th>");
	td_kr(b, r->budget_result);
	td_kr(b, r->budget_result);
	buf_puts(b, "</tr>\n");
	for (int f = 0; f < SCENARIO_FIGURES; f++) {
		buf_puts(b, "<tr><th scope=\"row\">");
		html_esc(b, scenario_figure_label(f));
		buf_puts(b, "</th>");
		td_figure(b, r, true, f);
		td_figure(b, r, false, f);
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody></table></div>\n");
}

/* What the scenario means, in words, and the proposal line by line. */
static void scenario_proposal(struct buf *b, const struct scenario_spec *spec,
			      const struct scenario_result *r)
{
	buf_puts(b, "<p>Budgeten räknar med ");
	kr_text(b, r->budget_contributions);
	buf_puts(b, " i medlemsbidrag; scenariot ger ");
	kr_text(b, r->then.total);
	buf_puts(b, ".");
	if (r->gap <= 0) {
		buf_puts(b, " Bidragen räcker till budgeten (");
		kr_text(b, -r->gap);
		buf_puts(b, " över).</p>\n");
	} else {
		buf_puts(b, " Det saknas <strong>");
		kr_text(b, r->gap);
		buf_puts(b, "</strong>. Utan åtgärder blir resultatet ");
		kr_text(b, r->result_without);
		buf_puts(b, " (budget ");
		kr_text(b, r->budget_result);
		buf_puts(b, ").</p>\n<div class=\"tabellram\"><table id=\"scenario-forslag\">\n"
			    "<caption>Förslag ");
		buf_puts(b, spec->closing == CLOSE_PRIORITY ? "i prioritetsordning" : "pro rata");
		buf_puts(b, " för att hålla det budgeterade resultatet</caption>\n<thead><tr>");
		th(b, "Kostnadsrad", false);
		th(b, "Budget", true);
		th(b, "Minskning", true);
		buf_puts(b, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < r->ncuts; i++) {
			buf_puts(b, "<tr>");
			td_text(b, r->cuts[i].line);
			td_kr(b, r->cuts[i].budget);
			td_kr(b, r->cuts[i].cut);
			buf_puts(b, "</tr>\n");
		}
		buf_puts(b, "<tr class=\"summa\"><td>Summa</td><td></td>");
		td_kr(b, r->cut_total);
		buf_puts(b, "</tr>\n</tbody></table></div>\n");
		if (r->uncovered) {
			buf_puts(b, "<p class=\"meddelande varning\">Förslaget räcker inte: ");
			kr_text(b, r->uncovered);
			buf_puts(b, " återstår.</p>\n");
		}
	}
	if (r->equity_known) {
		buf_puts(b, "<p>Eget kapital vid årets slut: ");
		kr_text(b, r->equity_without);
		buf_puts(b, " utan åtgärder, ");
		kr_text(b, r->equity_with);
		buf_puts(b, " med förslaget (");
		kr_text(b, r->opening_equity);
		buf_puts(b, " vid årets början).</p>\n");
	} else {
		buf_puts(b, "<p class=\"dampad\">Eget kapital vid årets början är okänt (varken "
			    "bokföringen eller en prognos ger det), så det vid årets slut "
			    "också.</p>\n");
	}
}

/* The scenario page for the fields fs: the result beside the current
 * state, the form again to change it and the form that saves it; or,
 * when fs is refused, why, with the form as typed. `failure`: a refused
 * save to say (the scenario itself may still run). `title`: the page's. */
static void scenario_page(struct web_ctx *c, const struct web_fields *fs, const char *title,
			  const struct error *failure)
{
	struct buf *b = &c->rs->body;
	struct error err = ERROR_INIT;
	struct scenario_spec spec;
	struct scenario_result r;
	struct member_list l = { 0 };
	struct budget bud;
	char *basis = NULL;
	bool have_budget = false;
	bool ran = spec_from_fields(c->st, fs, &spec, &err) && scenario_run(c->st, &spec, &r, &err);
	const struct error *refused = failure ? failure : ran ? NULL : &err;
	if (refused && refused->code == ERR_INTERNAL) {
		page_error(c, 500, "Internt fel", refused->msg);
		goto out;
	}
	/* The form needs the year's members and budget, whatever was typed. */
	int year = ran ? spec.year : 0;
	struct error form_err = ERROR_INIT;
	bool form = (ran || year_asked(c->st, fs, &year, &form_err)) &&
		    members_load(c->st, year, &l, &form_err);
	if (form)
		have_budget = budget_load_for_year(c->st, year, &bud, &basis, &form_err);
	if (form_err.code == ERR_INTERNAL) {
		page_error(c, 500, "Internt fel", form_err.msg);
		error_clear(&form_err);
		goto out;
	}
	error_clear(&form_err); /* a refusal here is the one said already */

	page_begin(c, title, "medlemsbidrag");
	if (refused) {
		c->rs->status = failure_status(refused);
		say(c, "fel", refused->msg);
	} else if (web_query(c->rq, "sparat")) {
		page_message(c, "ok", "Scenariot är sparat.");
	}
	if (ran) {
		char *changes = scenario_changes_text(&spec);
		buf_printf(b, "<p>År <strong>%d</strong>. Ändringar: <strong>", spec.year);
		html_esc(b, changes);
		buf_puts(b, "</strong>. Budget: ");
		html_esc(b, r.basis);
		buf_puts(b, ". Förslag: ");
		closing_text(b, &spec);
		buf_puts(b, ".</p>\n");
		free(changes);
		scenario_members_table(b, &r);
		scenario_figures_table(b, &r);
		scenario_proposal(b, &spec, &r);
	}
	if (ran && web_may(c, USER_WRITE_PLAN))
		save_form(c, spec.year, fs);
	if (form && l.n) {
		buf_puts(b, "<section class=\"kort\"><h2>Ändra scenariot</h2>\n");
		scenario_form(c, year, &l, have_budget ? &bud : NULL, fs);
		buf_puts(b, "</section>\n");
	}
	buf_puts(b, "<p><a href=\"");
	page_href(c, "/medlemsbidrag");
	buf_puts(b, "\">Tillbaka till medlemsbidragen</a></p>\n");
	page_end(c);
out:
	if (ran)
		scenario_result_free(&r);
	if (have_budget)
		budget_free(&bud);
	free(basis);
	members_free(&l);
	scenario_spec_free(&spec);
	error_clear(&err);
}

void page_members_scenario(struct web_ctx *c)
{
	const char *show = web_query(c->rq, "visa");
	if (!show) {
		scenario_page(c, &c->rq->query, "Scenario", NULL);
		return;
	}
	struct scenario_spec s;
	struct error err = ERROR_INIT;
	if (!scenario_load(c->st, show, &s, &err)) {
		if (err.code == ERR_INTERNAL)
			page_error(c, 500, "Internt fel", err.msg);
		else
			page_error(c, 404, "Scenariot finns inte", err.msg);
		error_clear(&err);
		return;
	}
	struct web_fields fs;
	fields_from_spec(&s, &fs);
	char *title = xasprintf("Scenario: %s", s.name);
	scenario_page(c, &fs, title, NULL);
	free(title);
	web_fields_free(&fs);
	scenario_spec_free(&s);
}

/* ---- saving and removing -------------------------------------------------------------- */

static char *change_what(const char *name)
{
	return xasprintf("scenario/%s", name);
}

/* Save spec with its row in the change log, in one transaction. */
static bool save_logged(struct web_ctx *c, const struct scenario_spec *spec, struct error *err)
{
	if (!store_begin(c->st, err))
		return false;
	struct scenario_spec old = { 0 };
	bool existed = false;
	bool ok = scenario_exists(c->st, spec->name, &existed, err) &&
		  (!existed || scenario_load(c->st, spec->name, &old, err)) &&
		  scenario_save(c->st, spec, err);
	if (ok) {
		char *was = existed ? scenario_changes_text(&old) : NULL;
		char *now = scenario_changes_text(spec);
		char *what = change_what(spec->name);
		ok = web_log_change(c, what, was, now, err) && store_commit(c->st, err);
		free(what);
		free(now);
		free(was);
	}
	scenario_spec_free(&old);
	if (!ok)
		store_rollback(c->st);
	return ok;
}

void page_members_scenario_post(struct web_ctx *c)
{
	struct scenario_spec spec;
	struct scenario_result r;
	struct error err = ERROR_INIT;
	bool ok = spec_from_fields(c->st, &c->rq->form, &spec, &err) &&
		  scenario_run(c->st, &spec, &r, &err);
	if (ok) {
		scenario_result_free(&r);
		ok = save_logged(c, &spec, &err);
	}
	if (ok) {
		char *path = scenario_path(spec.name, "&sparat=1");
		web_redirect(c->rs, c->base, path);
		free(path);
	} else {
		scenario_page(c, &c->rq->form, "Scenario", &err);
	}
	scenario_spec_free(&spec);
	error_clear(&err);
}

/* Remove the scenario `name` with its row in the change log, in one
 * transaction; *year gets its year. */
static bool remove_logged(struct web_ctx *c, const char *name, int *year, struct error *err)
{
	if (!store_begin(c->st, err))
		return false;
	struct scenario_spec old;
	bool ok = scenario_load(c->st, name, &old, err);
	if (ok) {
		*year = old.year;
		char *was = scenario_changes_text(&old);
		char *what = change_what(name);
		ok = web_log_change(c, what, was, NULL, err) && scenario_remove(c->st, name, err) &&
		     store_commit(c->st, err);
		free(what);
		free(was);
		scenario_spec_free(&old);
	}
	if (!ok)
		store_rollback(c->st);
	return ok;
}

void page_members_scenario_remove_post(struct web_ctx *c)
{
	const char *name = web_form(c->rq, "namn");
	struct error err = ERROR_INIT;
	int year = 0;
	if (!name || !*name)
		error_set(&err, ERR_INPUT, "välj ett sparat scenario att ta bort");
	if (!error_isset(&err) && remove_logged(c, name, &year, &err)) {
		char loc[64];
		snprintf(loc, sizeof loc, "/medlemsbidrag?ar=%d&borttaget=1", year);
		web_redirect(c->rs, c->base, loc);
	} else {
		members_page(c, &c->rq->form, &err);
	}
	error_clear(&err);
}

/* ---- saved scenarios side by side ----------------------------------------------------- */

static void compare_table(struct buf *b, const struct scenario_spec *specs,
			  const struct scenario_result *res, size_t n)
{
	const struct scenario_result *r0 = &res[0];
	buf_printf(b, "<div class=\"tabellram\"><table id=\"jamforelse\">\n<caption>Scenarier "
		      "sida vid sida med nuläget, %d</caption>\n<thead><tr><td></td>",
		   r0->year);
	th(b, "Nuläge", true);
	for (size_t i = 0; i < n; i++)
		th(b, specs[i].name, true);
	buf_puts(b, "</tr></thead>\n<tbody>\n<tr><th scope=\"row\">Ändringar</th><td></td>");
	for (size_t i = 0; i < n; i++) {
		char *changes = scenario_changes_text(&specs[i]);
		td_text(b, changes);
		free(changes);
	}
	buf_puts(b, "</tr>\n");
	for (size_t m = 0; m < r0->members.n; m++) {
		buf_puts(b, "<tr><th scope=\"row\">");
		html_esc(b, r0->members.m[m].name);
		buf_puts(b, "</th>");
		td_kr(b, r0->now.shares[m].contribution);
		for (size_t i = 0; i < n; i++)
			td_kr(b, m < res[i].members.n ? res[i].then.shares[m].contribution : 0);
		buf_puts(b, "</tr>\n");
	}
	for (int f = 0; f < SCENARIO_FIGURES; f++) {
		buf_puts(b, f == SF_TOTAL ? "<tr class=\"summa\"><th scope=\"row\">"
					  : "<tr><th scope=\"row\">");
		html_esc(b, scenario_figure_label(f));
		buf_puts(b, "</th>");
		td_figure(b, r0, true, f);
		for (size_t i = 0; i < n; i++)
			td_figure(b, &res[i], false, f);
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody></table></div>\n");
}

void page_members_compare(struct web_ctx *c)
{
	const struct web_fields *q = &c->rq->query;
	const char *names[COMPARE_MAX];
	size_t n = 0;
	struct error err = ERROR_INIT;
	for (size_t i = 0; i < q->n; i++) {
		if (strcmp(q->f[i].name, "namn"))
			continue;
		if (n == COMPARE_MAX) {
			error_set(&err, ERR_INPUT, "jämför högst %d scenarier åt gången", COMPARE_MAX);
			break;
		}
		names[n++] = q->f[i].value;
	}
	if (!n)
		error_set(&err, ERR_INPUT, "välj minst ett sparat scenario att jämföra");
	struct scenario_spec specs[COMPARE_MAX];
	struct scenario_result res[COMPARE_MAX];
	bool ok = !error_isset(&err) && scenario_run_saved(c->st, names, n, specs, res, &err);
	if (!ok && err.code == ERR_INTERNAL) {
		page_error(c, 500, "Internt fel", err.msg);
		error_clear(&err);
		return;
	}
	struct buf *b = &c->rs->body;
	page_begin(c, "Scenarier sida vid sida", "medlemsbidrag");
	if (ok) {
		compare_table(b, specs, res, n);
		buf_printf(b, "<p class=\"dampad\">Nuläge: medlemmarnas nuvarande erbjudanden för "
			      "%d. Varje scenario räknas om med aktuella siffror.</p>\n",
			   res[0].year);
		for (size_t i = 0; i < n; i++) {
			scenario_spec_free(&specs[i]);
			scenario_result_free(&res[i]);
		}
	} else {
		c->rs->status = failure_status(&err);
		say(c, "fel", err.msg);
	}
	buf_puts(b, "<p><a href=\"");
	page_href(c, "/medlemsbidrag");
	buf_puts(b, "\">Tillbaka till medlemsbidragen</a></p>\n");
	page_end(c);
	error_clear(&err);
}
