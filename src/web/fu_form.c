/*
 * fu_form — reading and writing the follow-up's form fields (fu_form.h).
 */
#include "web/fu_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "followup/followup.h"
#include "util/xalloc.h"
#include "web/html.h"

/* A value as a message may repeat it: never one that looks like a
 * personnummer (the follow-up's text file does the same). */
static const char *shown(const char *s)
{
	return fu_text_personal(s) ? "(värdet)" : s;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* s without the spaces around it, in place. */
static char *trim(char *s)
{
	size_t start = 0, n = strlen(s);
	while (start < n && is_space(s[start]))
		start++;
	while (n > start && is_space(s[n - 1]))
		n--;
	memmove(s, s + start, n - start);
	s[n - start] = '\0';
	return s;
}

char *fu_form_trimmed(const struct web_fields *fs, const char *name)
{
	const char *v = web_fields_value(fs, name);
	return trim(xstrdup(v ? v : ""));
}

bool fu_form_text(const struct web_fields *fs, const char *name, const char *label, bool trimmed,
		  char **out, struct error *err)
{
	const struct web_field *f = web_fields_get(fs, name);
	*out = NULL;
	if (f && memchr(f->value, '\0', f->len)) {
		error_set(err, ERR_INPUT, "%s: texten innehåller ett NUL-tecken", label);
		return false;
	}
	if (f && f->len > FU_TEXT_MAX) {
		error_set(err, ERR_INPUT, "%s: texten är längre än %d byte", label, FU_TEXT_MAX);
		return false;
	}
	/* Forms send line ends as CRLF; the store keeps LF. */
	char *s = xstrdup(f ? f->value : ""), *w = s;
	for (const char *r = s; *r; r++) {
		if (*r != '\r')
			*w++ = *r;
		else if (r[1] != '\n')
			*w++ = '\n';
	}
	*w = '\0';
	*out = trimmed ? trim(s) : s;
	return true;
}

/* A number field: parse (fu_integer_parse, or a count when count). */
static bool number(const struct web_fields *fs, const char *name, const char *label,
		   const char *why, bool count, bool *has, int64_t *out, struct error *err)
{
	char *v = fu_form_trimmed(fs, name);
	*has = *v != '\0';
	bool ok = !*has ||
		  (count ? fu_whole_parse(v, FU_COUNT_MAX, out) : fu_integer_parse(v, out));
	if (!ok)
		error_set(err, ERR_INPUT, "%s: %s (inte ”%s”)", label, why, shown(v));
	free(v);
	return ok;
}

bool fu_form_integer(const struct web_fields *fs, const char *name, const char *label,
		     const char *why, bool *has, int64_t *out, struct error *err)
{
	return number(fs, name, label, why, false, has, out, err);
}

bool fu_form_count(const struct web_fields *fs, const char *name, const char *label, bool *has,
		   int64_t *out, struct error *err)
{
	return number(fs, name, label, FU_COUNT_MSG, true, has, out, err);
}

void fu_form_add_int(struct web_fields *fs, const char *name, bool has, int64_t v)
{
	char buf[32] = "";
	if (has)
		snprintf(buf, sizeof buf, "%lld", (long long)v);
	web_fields_add(fs, name, buf, strlen(buf), NULL);
}

void fu_form_add_text(struct web_fields *fs, const char *name, const char *v)
{
	v = v ? v : "";
	web_fields_add(fs, name, v, strlen(v), NULL);
}

void fu_form_overlay(const struct web_fields *stored, const struct web_fields *sent,
		     struct web_fields *out)
{
	for (size_t i = 0; i < stored->n; i++) {
		const struct web_field *f = web_fields_get(sent, stored->f[i].name);
		if (!f)
			f = &stored->f[i];
		web_fields_add(out, f->name, f->value, f->len, NULL);
	}
}

static void label_for(struct buf *b, const char *id, const char *label)
{
	buf_puts(b, "<label for=\"");
	html_esc(b, id);
	buf_puts(b, "\">");
	html_esc(b, label);
	buf_puts(b, "</label>");
}

/* id="..." name="..." */
static void id_and_name(struct buf *b, const char *id, const char *name)
{
	buf_puts(b, " id=\"");
	html_esc(b, id);
	buf_puts(b, "\" name=\"");
	html_esc(b, name);
	buf_puts(b, "\"");
}

void fu_form_input_value(struct web_ctx *c, const char *id, const char *name, const char *label,
			 const char *value, const char *attrs)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<div>");
	label_for(b, id, label);
	buf_puts(b, "<input");
	id_and_name(b, id, name);
	buf_puts(b, " value=\"");
	html_esc(b, value);
	buf_puts(b, "\"");
	if (attrs) {
		buf_putc(b, ' ');
		buf_puts(b, attrs);
	}
	buf_puts(b, "></div>\n");
}

void fu_form_input(struct web_ctx *c, const struct web_fields *fs, const char *id,
		   const char *name, const char *label, const char *attrs)
{
	fu_form_input_value(c, id, name, label, web_fields_value(fs, name), attrs);
}

void fu_form_textarea(struct web_ctx *c, const struct web_fields *fs, const char *id,
		      const char *name, const char *label)
{
	struct buf *b = &c->rs->body;
	label_for(b, id, label);
	buf_puts(b, "<textarea class=\"kort-text\"");
	id_and_name(b, id, name);
	/* A newline right after the tag is dropped by the parser: one of the
	 * text's own would be lost without this one. */
	buf_puts(b, ">\n");
	html_esc(b, web_fields_value(fs, name));
	buf_puts(b, "</textarea>\n");
}

void fu_form_hidden(struct web_ctx *c, const char *name, const char *value)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<input type=\"hidden\" name=\"");
	html_esc(b, name);
	buf_puts(b, "\" value=\"");
	html_esc(b, value);
	buf_puts(b, "\">");
}

void fu_form_errors(struct web_ctx *c, const char *text, const struct fu_findings *f)
{
	struct buf *b = &c->rs->body;
	buf_puts(b, "<div class=\"meddelande fel\" role=\"alert\"><p>");
	html_esc(b, text);
	buf_puts(b, "</p>");
	if (f && f->n) {
		buf_puts(b, "<ul>");
		for (size_t i = 0; i < f->n; i++) {
			buf_puts(b, "<li>");
			buf_puts(b, f->items[i].warning ? "varning: " : "fel: ");
			html_esc(b, f->items[i].text);
			buf_puts(b, "</li>");
		}
		buf_puts(b, "</ul>");
	}
	buf_puts(b, "</div>\n");
}
