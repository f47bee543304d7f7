/*
 * fu_stats_form — the participant statistics form of an intervention's
 * card (fu_stats_form.h).
 */
#include "web/fu_stats_form.h"

#include <stdlib.h>
#include <string.h>

#include "followup/evaluate.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "web/fu_form.h"
#include "web/html.h"

/* Empty rows offered under the stored ones of a breakdown. */
#define BLANK_ROWS 2

/* The single counts, by their key in the text file, as the card labels them. */
static const struct {
	const char *key, *label;
} counts[] = {
	{ "totalt", "Deltagare totalt" },
	{ "nya", "Nya" },
	{ "pågående", "Pågående vid periodens slut" },
	{ "avslutade", "Avslutade" },
	{ "planerade", "Planerade" },
	{ "på_väg_in", "På väg in" },
	{ "kvinnor", "Kvinnor" },
	{ "män", "Män" },
	{ "annat_okänt", "Annat/okänt kön" },
};
#define NCOUNTS (sizeof counts / sizeof counts[0])

static int64_t *count_of(struct fu_stats *s, size_t i)
{
	int64_t *const of[NCOUNTS] = { &s->total,   &s->new_,  &s->ongoing, &s->ended, &s->planned,
				       &s->waiting, &s->women, &s->men,     &s->other };
	return of[i];
}

static int64_t count_in(const struct fu_stats *s, size_t i)
{
	const int64_t of[NCOUNTS] = { s->total,   s->new_,  s->ongoing, s->ended, s->planned,
				      s->waiting, s->women, s->men,     s->other };
	return of[i];
}

/* The labelled breakdowns besides the outcomes. */
enum { AGES, INCOMES, NBREAKDOWNS };
static const struct {
	const char *key, *legend;
} breakdowns[NBREAKDOWNS] = {
	[AGES] = { "ålder", "Ålder (åldersgrupper som förbundet väljer)" },
	[INCOMES] = { "försörjning", "Försörjning före insatsen" },
};

static struct fu_count **breakdown_of(struct fu_stats *s, int which, size_t **n)
{
	*n = which == AGES ? &s->nages : &s->nincomes;
	return which == AGES ? &s->ages : &s->incomes;
}

static const struct fu_count *breakdown_in(const struct fu_stats *s, int which, size_t *n)
{
	*n = which == AGES ? s->nages : s->nincomes;
	return which == AGES ? s->ages : s->incomes;
}

static char *field_name(const char *key, const char *part, size_t nr)
{
	return xasprintf("%s.%s.%zu", key, part, nr);
}

/* ---- a record to fields -------------------------------------------------------------- */

void fu_stats_form_fields(const struct fu_stats *s, const struct fu_categories *cats,
			  const char *period, struct web_fields *out)
{
	struct fu_stats none;
	fu_stats_init(&none);
	if (!s)
		s = &none;
	fu_form_add_text(out, "period", period);
	for (size_t i = 0; i < NCOUNTS; i++)
		fu_form_add_int(out, counts[i].key, count_in(s, i) != FU_NONE, count_in(s, i));
	for (size_t i = 0; i < cats->n; i++) {
		char *name = xasprintf("avslut.%s", cats->items[i].name);
		const struct fu_count *o = NULL;
		for (size_t j = 0; j < s->noutcomes && !o; j++)
			if (!strcmp(s->outcomes[j].label, cats->items[i].name))
				o = &s->outcomes[j];
		fu_form_add_int(out, name, o != NULL, o ? o->count : 0);
		free(name);
	}
	for (int k = 0; k < NBREAKDOWNS; k++) {
		size_t n;
		const struct fu_count *c = breakdown_in(s, k, &n);
		for (size_t i = 0; i < n; i++) {
			char *label = field_name(breakdowns[k].key, "namn", i + 1);
			char *count = field_name(breakdowns[k].key, "antal", i + 1);
			fu_form_add_text(out, label, c[i].label);
			fu_form_add_int(out, count, true, c[i].count);
			free(label);
			free(count);
		}
	}
	for (size_t i = 0; i < s->nsurveys; i++) {
		const struct fu_survey *sv = &s->surveys[i];
		char *name = field_name("enkäter", "namn", i + 1);
		char *mean = field_name("enkäter", "medel", i + 1);
		char *answers = field_name("enkäter", "svar", i + 1);
		char buf[48] = "";
		if (sv->mean != FU_NONE)
			fu_measure_text(FU_MEAN, sv->mean, buf, sizeof buf);
		fu_form_add_text(out, name, sv->name);
		fu_form_add_text(out, mean, buf);
		fu_form_add_int(out, answers, sv->answers != FU_NONE, sv->answers);
		free(name);
		free(mean);
		free(answers);
	}
	for (unsigned bit = 1; bit <= FU_PART_SURVEY; bit <<= 1) {
		char *name = xasprintf("ofullständigt.%s", fu_part_name((enum fu_part)bit));
		fu_form_add_text(out, name, s->incomplete & bit ? "ja" : "");
		free(name);
	}
	fu_form_add_text(out, "kommentar", s->comment);
}

/* ---- fields to inputs ---------------------------------------------------------------- */

/* The numbers (the "N" of "KEY.namn.N") of the rows of `key` that fs
 * holds with something typed in them, in the order of the form. */
static size_t typed_rows(const struct web_fields *fs, const char *key, const char *const *parts,
			 size_t nparts, char ***out)
{
	char *prefix = xasprintf("%s.%s.", key, parts[0]);
	size_t n = 0, cap = 0;
	*out = NULL;
	for (size_t i = 0; i < fs->n; i++) {
		if (strncmp(fs->f[i].name, prefix, strlen(prefix)))
			continue;
		const char *nr = fs->f[i].name + strlen(prefix);
		bool typed = false;
		for (size_t p = 0; p < nparts && !typed; p++) {
			char *name = xasprintf("%s.%s.%s", key, parts[p], nr);
			char *v = fu_form_trimmed(fs, name);
			typed = *v != '\0';
			free(v);
			free(name);
		}
		if (!typed)
			continue;
		*out = xgrow(*out, &cap, n + 1, sizeof **out);
		(*out)[n++] = xstrdup(nr);
	}
	free(prefix);
	return n;
}

static void free_rows(char **rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i]);
	free(rows);
}

/* One row of inputs, numbered `row` on the page, with the values of the
 * form's row `nr` (NULL: a blank row). */
static void row_inputs(struct web_ctx *c, const struct web_fields *fs, const char *key,
		       const char *const *parts, const char *const *labels,
		       const char *const *attrs, size_t nparts, const char *nr, size_t row)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<div class=\"rad\">");
	for (size_t p = 0; p < nparts; p++) {
		char *id = xasprintf("st-%s-%s-%zu", key, parts[p], row);
		char *name = field_name(key, parts[p], row);
		char *from = nr ? xasprintf("%s.%s.%s", key, parts[p], nr) : NULL;
		char *label = xasprintf("%s %zu", labels[p], row);
		fu_form_input_value(c, id, name, label, from ? web_fields_value(fs, from) : "",
				    attrs[p]);
		free(label);
		free(from);
		free(name);
		free(id);
	}
	buf_puts(b, "</div>\n");
}

/* A breakdown's rows: those typed, then blank ones. */
static void rows_fieldset(struct web_ctx *c, const struct web_fields *fs, const char *key,
			  const char *legend, const char *const *parts, const char *const *labels,
			  const char *const *attrs, size_t nparts, const char *sum_of)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<fieldset><legend>");
	html_esc(b, legend);
	buf_puts(b, "</legend>\n");
	char **rows;
	size_t n = typed_rows(fs, key, parts, nparts, &rows);
	for (size_t i = 0; i < n + BLANK_ROWS; i++)
		row_inputs(c, fs, key, parts, labels, attrs, nparts, i < n ? rows[i] : NULL, i + 1);
	free_rows(rows, n);
	if (sum_of) {
		buf_puts(b, "<p class=\"dampad\">Summa: <output data-summa=\"");
		html_esc(b, sum_of);
		buf_puts(b, "\"></output> (ska vara totalt)</p>\n");
	}
	buf_puts(b, "</fieldset>\n");
}

#define NUMBER_ATTRS "inputmode=\"numeric\" class=\"antal\""

static void counts_fieldset(struct web_ctx *c, const struct web_fields *fs)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<fieldset><legend>Deltagare under perioden</legend>\n<div class=\"rad\">");
	for (size_t i = 0; i < NCOUNTS; i++) {
		char *id = xasprintf("st-%zu", i);
		fu_form_input(c, fs, id, counts[i].key, counts[i].label,
			      i == 0 ? NUMBER_ATTRS " required" : NUMBER_ATTRS);
		free(id);
	}
	buf_puts(b, "</div>\n</fieldset>\n");
}

static void outcomes_fieldset(struct web_ctx *c, const struct web_fields *fs,
			      const struct fu_categories *cats)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<fieldset><legend>Avslutade per utfall</legend>\n<div class=\"rad\">");
	for (size_t i = 0; i < cats->n; i++) {
		char *id = xasprintf("st-avslut-%zu", i);
		char *name = xasprintf("avslut.%s", cats->items[i].name);
		char *label = xasprintf("%s%s", cats->items[i].name,
					cats->items[i].step ? " (stegförflyttning)" : "");
		fu_form_input(c, fs, id, name, label, NUMBER_ATTRS);
		free(label);
		free(name);
		free(id);
	}
	buf_puts(b, "</div>\n<p class=\"dampad\">Summa: <output data-summa=\"avslut.\"></output> "
		    "(ska vara avslutade)</p>\n</fieldset>\n");
}

static void parts_fieldset(struct web_ctx *c, const struct web_fields *fs)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<fieldset><legend>Ofullständiga uppgifter</legend>\n<p class=\"dampad\">"
		    "Summorna av det som kryssas i här ger en varning i stället för att stoppa "
		    "sparandet.</p>\n<div class=\"rad\">");
	size_t i = 0;
	for (unsigned bit = 1; bit <= FU_PART_SURVEY; bit <<= 1, i++) {
		const char *part = fu_part_name((enum fu_part)bit);
		char *name = xasprintf("ofullständigt.%s", part);
		const char *v = web_fields_value(fs, name);
		buf_printf(b, "<div class=\"kryss\"><input type=\"checkbox\" id=\"st-ofullst-%zu\" "
			      "name=\"",
			   i);
		html_esc(b, name);
		buf_printf(b, "\" value=\"ja\"%s><label for=\"st-ofullst-%zu\">", v && *v ? " checked" : "",
			   i);
		html_esc(b, part);
		buf_puts(b, "</label></div>");
		free(name);
	}
	buf_puts(b, "</div>\n</fieldset>\n");
}

void fu_stats_form_render(struct web_ctx *c, const char *code, const struct web_fields *fs,
			  const struct fu_categories *cats)
{
	struct buf *b = &c->rs->body;
	struct buf action = BUF_INIT(0);
	buf_puts(&action, "/insatser/");
	html_url(&action, code);
	buf_puts(&action, "/statistik");
	page_form_begin(c, buf_cstr(&action), "class=\"statistik\"");
	buf_free(&action);
	buf_puts(b, "\n<p>Bara antal: aldrig namn, personnummer eller annat om en enskild "
		    "deltagare. Statistiken för en period ersätter den som finns för samma "
		    "period.</p>\n");
	fu_form_input(c, fs, "st-period", "period", "Period (2023, 2023H1, 2023H2 eller "
						    "2023-01-01..2023-03-31)",
		      "required");
	counts_fieldset(c, fs);
	outcomes_fieldset(c, fs, cats);
	static const char *const row_parts[] = { "namn", "antal" };
	static const char *const row_attrs[] = { NULL, NUMBER_ATTRS };
	for (int k = 0; k < NBREAKDOWNS; k++) {
		const char *const labels[] = { k == AGES ? "Åldersgrupp" : "Försörjning", "Antal" };
		char *sum = xasprintf("%s.antal.", breakdowns[k].key);
		rows_fieldset(c, fs, breakdowns[k].key, breakdowns[k].legend, row_parts, labels,
			      row_attrs, 2, sum);
		free(sum);
	}
	static const char *const survey_parts[] = { "namn", "medel", "svar" };
	static const char *const survey_labels[] = { "Enkät", "Medel (1,0–4,0)", "Antal svar" };
	static const char *const survey_attrs[] = { NULL, "inputmode=\"decimal\" class=\"antal\"",
						    NUMBER_ATTRS };
	rows_fieldset(c, fs, "enkäter", "Enkäter", survey_parts, survey_labels, survey_attrs, 3,
		      NULL);
	parts_fieldset(c, fs);
	fu_form_textarea(c, fs, "st-kommentar", "kommentar", "Kommentar till siffrorna");
	buf_puts(b, "<button type=\"submit\">Spara statistiken</button>\n</form>\n");
}

/* ---- fields to a record -------------------------------------------------------------- */

static bool read_counts(const struct web_fields *fs, struct fu_stats *out, struct error *err)
{
	for (size_t i = 0; i < NCOUNTS; i++) {
		bool has;
		int64_t v = 0;
		if (!fu_form_count(fs, counts[i].key, counts[i].key, &has, &v, err))
			return false;
		*count_of(out, i) = has ? v : FU_NONE;
	}
	return true;
}

static void add_count(struct fu_count **items, size_t *n, const char *label, int64_t v)
{
	size_t cap = *n;
	*items = xgrow(*items, &cap, *n + 1, sizeof **items);
	(*items)[*n].label = xstrdup(label);
	(*items)[*n].count = v;
	(*n)++;
}

static bool read_outcomes(const struct web_fields *fs, const struct fu_categories *cats,
			  struct fu_stats *out, struct error *err)
{
	for (size_t i = 0; i < cats->n; i++) {
		char *name = xasprintf("avslut.%s", cats->items[i].name);
		bool has;
		int64_t v = 0;
		bool ok = fu_form_count(fs, name, name, &has, &v, err);
		if (ok && has)
			add_count(&out->outcomes, &out->noutcomes, cats->items[i].name, v);
		free(name);
		if (!ok)
			return false;
	}
	return true;
}

/* Refuse a text that looks like a personnummer, as the text file does. */
static bool not_personal(const char *text, const char *key, struct error *err)
{
	if (!fu_text_personal(text))
		return true;
	error_set(err, ERR_INPUT, "%s: " FU_PERSONAL_MSG, key);
	return false;
}

/* The label of row `nr` of `key`, trimmed; NULL on an error. */
static char *row_label(const struct web_fields *fs, const char *key, const char *nr,
		       struct error *err)
{
	char *name = xasprintf("%s.namn.%s", key, nr);
	char *label;
	if (fu_form_text(fs, name, key, true, &label, err) && !not_personal(label, key, err)) {
		free(label);
		label = NULL;
	}
	free(name);
	return label;
}

/* Whether a row that has something typed lacks its label. */
static bool unnamed(const char *label, bool has_value, const char *key, struct error *err)
{
	if (*label || !has_value)
		return false;
	error_set(err, ERR_INPUT, "%s: en rad saknar namn", key);
	return true;
}

static bool read_breakdown(const struct web_fields *fs, const char *key, struct fu_count **items,
			   size_t *n, struct error *err)
{
	static const char *const parts[] = { "namn", "antal" };
	char **rows;
	size_t nrows = typed_rows(fs, key, parts, 2, &rows);
	bool ok = true;
	for (size_t i = 0; i < nrows && ok; i++) {
		char *label = row_label(fs, key, rows[i], err);
		char *count = xasprintf("%s.antal.%s", key, rows[i]);
		bool has = false;
		int64_t v = 0;
		ok = label && fu_form_count(fs, count, key, &has, &v, err) &&
		     !unnamed(label, has, key, err);
		if (ok && !has) {
			error_set(err, ERR_INPUT, "%s: antalet saknas för '%s'", key,
				  fu_text_personal(label) ? "(värdet)" : label);
			ok = false;
		}
		if (ok)
			add_count(items, n, label, v);
		free(count);
		free(label);
	}
	free_rows(rows, nrows);
	return ok;
}

static bool read_survey(const struct web_fields *fs, const char *nr, struct fu_stats *out,
			struct error *err)
{
	char *label = row_label(fs, "enkäter", nr, err);
	if (!label)
		return false;
	char *mean_name = xasprintf("enkäter.medel.%s", nr);
	char *answers_name = xasprintf("enkäter.svar.%s", nr);
	char *mean = fu_form_trimmed(fs, mean_name);
	int64_t m = FU_NONE, answers = 0;
	bool has_answers = false;
	bool ok = true;
	if (*mean && !fu_hundredths_parse(mean, strlen(mean), &m)) {
		error_set(err, ERR_INPUT,
			  "enkäter: medel: ett medelvärde skrivs som 3,8 eller 3.8 (högst två "
			  "decimaler)");
		ok = false;
	}
	ok = ok && fu_form_count(fs, answers_name, "enkäter: svar", &has_answers, &answers, err) &&
	     !unnamed(label, *mean || has_answers, "enkäter", err);
	if (ok) {
		size_t cap = out->nsurveys;
		out->surveys = xgrow(out->surveys, &cap, out->nsurveys + 1, sizeof *out->surveys);
		out->surveys[out->nsurveys++] = (struct fu_survey){
			.name = xstrdup(label),
			.mean = m,
			.answers = has_answers ? answers : FU_NONE,
		};
	}
	free(mean);
	free(answers_name);
	free(mean_name);
	free(label);
	return ok;
}

static bool read_surveys(const struct web_fields *fs, struct fu_stats *out, struct error *err)
{
	static const char *const parts[] = { "namn", "medel", "svar" };
	char **rows;
	size_t n = typed_rows(fs, "enkäter", parts, 3, &rows);
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++)
		ok = read_survey(fs, rows[i], out, err);
	free_rows(rows, n);
	return ok;
}

static unsigned read_parts(const struct web_fields *fs)
{
	unsigned parts = 0;
	for (unsigned bit = 1; bit <= FU_PART_SURVEY; bit <<= 1) {
		char *name = xasprintf("ofullständigt.%s", fu_part_name((enum fu_part)bit));
		const char *v = web_fields_value(fs, name);
		if (v && *v)
			parts |= bit;
		free(name);
	}
	return parts;
}

static bool read_period(const struct web_fields *fs, struct fu_stats *out, struct error *err)
{
	char *p = fu_form_trimmed(fs, "period");
	bool ok = fu_period_parse(p, &out->from, &out->to);
	if (!*p)
		error_set(err, ERR_INPUT, "period: perioden saknas");
	else if (!ok)
		error_set(err, ERR_INPUT,
			  "period: skrivs 2023, 2023H1, 2023H2 eller 2023-01-01..2023-03-31 (inte "
			  "'%s')",
			  fu_text_personal(p) ? "(värdet)" : p);
	free(p);
	return ok;
}

bool fu_stats_form_read(const struct web_fields *fs, const struct fu_categories *cats,
			const char *code, struct fu_stats *out, struct error *err)
{
	fu_stats_init(out);
	out->intervention = xstrdup(code);
	bool ok = read_period(fs, out, err) && read_counts(fs, out, err) &&
		  read_outcomes(fs, cats, out, err);
	for (int k = 0; ok && k < NBREAKDOWNS; k++) {
		size_t *n;
		struct fu_count **items = breakdown_of(out, k, &n);
		ok = read_breakdown(fs, breakdowns[k].key, items, n, err);
	}
	ok = ok && read_surveys(fs, out, err) &&
	     fu_form_text(fs, "kommentar", "kommentar", false, &out->comment, err) &&
	     not_personal(out->comment, "kommentar", err);
	if (!out->comment)
		out->comment = xstrdup("");
	out->incomplete = read_parts(fs);
	return ok;
}

/* ---- a record as text ---------------------------------------------------------------- */

static void labelled(struct buf *b, const char *key, const struct fu_count *c, size_t n)
{
	if (!n)
		return;
	buf_printf(b, "; %s:", key);
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s %s %lld", i ? "," : "", c[i].label, (long long)c[i].count);
}

char *fu_stats_form_text(const struct fu_stats *s)
{
	struct buf b = BUF_INIT(0);
	bool first = true;
	for (size_t i = 0; i < NCOUNTS; i++) {
		if (count_in(s, i) == FU_NONE)
			continue;
		buf_printf(&b, "%s%s %lld", first ? "" : ", ", counts[i].key,
			   (long long)count_in(s, i));
		first = false;
	}
	labelled(&b, "avslut", s->outcomes, s->noutcomes);
	for (int k = 0; k < NBREAKDOWNS; k++) {
		size_t n;
		const struct fu_count *c = breakdown_in(s, k, &n);
		labelled(&b, breakdowns[k].key, c, n);
	}
	for (size_t i = 0; i < s->nsurveys; i++) {
		const struct fu_survey *sv = &s->surveys[i];
		char m[48] = "–";
		if (sv->mean != FU_NONE)
			fu_measure_text(FU_MEAN, sv->mean, m, sizeof m);
		buf_printf(&b, "%s %s %s", i ? "," : "; enkäter:", sv->name, m);
		if (sv->answers != FU_NONE)
			buf_printf(&b, " (%lld svar)", (long long)sv->answers);
	}
	if (s->incomplete) {
		buf_puts(&b, "; ofullständigt:");
		const char *sep = " ";
		for (unsigned bit = 1; bit <= FU_PART_SURVEY; bit <<= 1) {
			if (!(s->incomplete & bit))
				continue;
			buf_printf(&b, "%s%s", sep, fu_part_name((enum fu_part)bit));
			sep = ", ";
		}
	}
	if (s->comment && *s->comment)
		buf_printf(&b, "; kommentar: %s", s->comment);
	char *text = buf_take(&b);
	return text ? text : xstrdup("");
}
