/*
 * placeholder — scanning {{ … }} in a template; see placeholder.h.
 */
#include "report/placeholder.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

/* The longest placeholder, braces included: enough for any argument a
 * writer types, small enough that a missing "}}" is caught near its "{{". */
#define PH_LEN_MAX 1000

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool word_char(char c)
{
	return c && !is_space(c) && c != '"' && c != '=' && c != '}';
}

/* Parse the inside of one placeholder (between the braces). */
static bool parse_inside(const char *s, size_t n, struct placeholder *p, const char *file,
			 struct error *err)
{
	size_t i = 0, cap = 0;
	struct buf tok = BUF_INIT(PH_LEN_MAX);
	char *key = NULL;
	while (i < n) {
		while (i < n && is_space(s[i]))
			i++;
		if (i >= n)
			break;
		buf_reset(&tok);
		bool quoted = s[i] == '"';
		if (quoted) {
			i++;
			while (i < n && s[i] != '"') {
				if (s[i] == '\\' && i + 1 < n)
					i++;
				buf_putc(&tok, s[i++]);
			}
			if (i >= n) {
				error_set_at_col(err, ERR_INPUT, file, p->line, p->col,
						 "citattecknet i platshållaren avslutas aldrig");
				goto fail;
			}
			i++;
		} else {
			while (i < n && word_char(s[i]))
				buf_putc(&tok, s[i++]);
			if (!tok.len) {
				error_set_at_col(err, ERR_INPUT, file, p->line, p->col,
						 "oväntat tecken '%c' i platshållaren", s[i]);
				goto fail;
			}
		}
		if (!quoted && !key && i < n && s[i] == '=') {
			if (!p->name) {
				error_set_at_col(err, ERR_INPUT, file, p->line, p->col,
						 "platshållaren måste börja med ett namn, inte %s=",
						 buf_cstr(&tok));
				goto fail;
			}
			key = xstrdup(buf_cstr(&tok));
			i++;
			if (i >= n || is_space(s[i])) {
				error_set_at_col(err, ERR_INPUT, file, p->line, p->col,
						 "%s= saknar ett värde", key);
				goto fail;
			}
			continue;
		}
		if (!p->name && !quoted) {
			p->name = xstrdup(buf_cstr(&tok));
			continue;
		}
		if (!p->name) {
			error_set_at_col(err, ERR_INPUT, file, p->line, p->col,
					 "platshållaren måste börja med ett namn");
			goto fail;
		}
		p->args = xgrow(p->args, &cap, p->nargs + 1, sizeof *p->args);
		p->args[p->nargs].key = key;
		p->args[p->nargs].value = xstrdup(buf_cstr(&tok));
		p->nargs++;
		key = NULL;
	}
	if (!p->name) {
		error_set_at_col(err, ERR_INPUT, file, p->line, p->col, "tom platshållare {{ }}");
		goto fail;
	}
	buf_free(&tok);
	return true;
fail:
	free(key);
	buf_free(&tok);
	return false;
}

static void placeholder_free(struct placeholder *p)
{
	free(p->name);
	for (size_t i = 0; i < p->nargs; i++) {
		free(p->args[i].key);
		free(p->args[i].value);
	}
	free(p->args);
}

bool ph_scan(const char *text, size_t len, const char *file, long first_line,
	     struct ph_list *list, char **out_text, struct error *err)
{
	struct buf out = BUF_INIT(0);
	long line = first_line, col = 1;
	size_t i = 0;
	memset(list, 0, sizeof *list);
	while (i < len) {
		if (text[i] == '{' && i + 1 < len && text[i + 1] == '{') {
			const char *end = NULL;
			for (size_t j = i + 2; j + 1 < len && j - i < PH_LEN_MAX; j++) {
				if (text[j] == '}' && text[j + 1] == '}') {
					end = text + j;
					break;
				}
				if (text[j] == '{' && text[j + 1] == '{')
					break;
			}
			if (!end) {
				error_set_at_col(err, ERR_INPUT, file, line, col,
						 "{{ avslutas inte med }}");
				goto fail;
			}
			if (list->n >= PH_MAX) {
				error_set_at_col(err, ERR_INPUT, file, line, col,
						 "mallen har fler än %d platshållare", PH_MAX);
				goto fail;
			}
			list->v = xgrow(list->v, &list->cap, list->n + 1, sizeof *list->v);
			struct placeholder *p = &list->v[list->n];
			memset(p, 0, sizeof *p);
			p->line = line;
			p->col = col;
			if (!parse_inside(text + i + 2, (size_t)(end - text) - i - 2, p, file, err)) {
				placeholder_free(p);
				goto fail;
			}
			buf_printf(&out, PH_TOKEN_OPEN "%zu" PH_TOKEN_CLOSE, list->n);
			list->n++;
			/* Keep line numbers: a placeholder spanning lines leaves its
			 * newlines behind the token. */
			for (const char *q = text + i; q < end + 2; q++) {
				if (*q == '\n') {
					buf_putc(&out, '\n');
					line++;
					col = 1;
				} else {
					col++;
				}
			}
			i = (size_t)(end - text) + 2;
			continue;
		}
		buf_putc(&out, text[i]);
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			col++;
		}
		i++;
	}
	*out_text = buf_take(&out);
	if (!*out_text)
		*out_text = xstrdup("");
	return true;
fail:
	buf_free(&out);
	ph_list_free(list);
	return false;
}

void ph_list_free(struct ph_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		placeholder_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

const char *ph_pos(const struct placeholder *p, size_t i)
{
	for (size_t k = 0; k < p->nargs; k++)
		if (!p->args[k].key && i-- == 0)
			return p->args[k].value;
	return NULL;
}

size_t ph_npos(const struct placeholder *p)
{
	size_t n = 0;
	for (size_t k = 0; k < p->nargs; k++)
		n += !p->args[k].key;
	return n;
}

const char *ph_opt(const struct placeholder *p, const char *key)
{
	for (size_t k = 0; k < p->nargs; k++)
		if (p->args[k].key && strcmp(p->args[k].key, key) == 0)
			return p->args[k].value;
	return NULL;
}

bool ph_token_at(const char *s, size_t *index, size_t *len)
{
	size_t o = sizeof PH_TOKEN_OPEN - 1, c = sizeof PH_TOKEN_CLOSE - 1;
	if (strncmp(s, PH_TOKEN_OPEN, o) != 0)
		return false;
	size_t i = o, v = 0;
	if (s[i] < '0' || s[i] > '9')
		return false;
	while (s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (size_t)(s[i++] - '0');
	if (strncmp(s + i, PH_TOKEN_CLOSE, c) != 0)
		return false;
	*index = v;
	*len = i + c;
	return true;
}
