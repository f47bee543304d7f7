/*
 * http — fields, responses and cookies of the application's own request
 * and response structs (http.h).
 */
#include "web/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

bool web_fields_add(struct web_fields *fs, const char *name, const char *value, size_t len,
		    const char *filename)
{
	fs->f = xgrow(fs->f, &fs->cap, fs->n + 1, sizeof fs->f[0]);
	struct web_field *f = &fs->f[fs->n++];
	f->name = xstrdup(name);
	f->value = xmalloc(len + 1);
	memcpy(f->value, value, len);
	f->value[len] = '\0';
	f->len = len;
	f->filename = filename ? xstrdup(filename) : NULL;
	return true;
}

bool web_fields_append_last(struct web_fields *fs, const char *data, size_t len, size_t max)
{
	if (!fs->n)
		return false;
	struct web_field *f = &fs->f[fs->n - 1];
	if (len > max || f->len > max - len)
		return false;
	f->value = xrealloc(f->value, f->len + len + 1);
	memcpy(f->value + f->len, data, len);
	f->len += len;
	f->value[f->len] = '\0';
	return true;
}

const struct web_field *web_fields_get(const struct web_fields *fs, const char *name)
{
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].name, name))
			return &fs->f[i];
	return NULL;
}

const char *web_fields_value(const struct web_fields *fs, const char *name)
{
	const struct web_field *f = web_fields_get(fs, name);
	return f ? f->value : NULL;
}

void web_fields_free(struct web_fields *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->f[i].name);
		free(fs->f[i].value);
		free(fs->f[i].filename);
	}
	free(fs->f);
	memset(fs, 0, sizeof *fs);
}

const char *web_query(const struct web_request *rq, const char *name)
{
	return web_fields_value(&rq->query, name);
}

const char *web_form(const struct web_request *rq, const char *name)
{
	return web_fields_value(&rq->form, name);
}

bool web_is_post(const struct web_request *rq)
{
	return !strcmp(rq->method, "POST");
}

bool web_query_date(const struct web_request *rq, const char *name, date_t *out,
		    struct error *err)
{
	const char *s = web_query(rq, name);
	*out = 0;
	if (!s || !*s)
		return true;
	if (!date_parse(s, strlen(s), out, NULL)) {
		error_set(err, ERR_INPUT, "%s: \"%s\" är inget giltigt datum (ÅÅÅÅ-MM-DD)", name, s);
		return false;
	}
	return true;
}

void web_response_init(struct web_response *rs)
{
	memset(rs, 0, sizeof *rs);
	rs->status = 200;
	rs->content_type = "text/html; charset=utf-8";
	buf_init(&rs->body, 0);
}

void web_response_free(struct web_response *rs)
{
	buf_free(&rs->body);
	for (size_t i = 0; i < rs->nheaders; i++) {
		free(rs->headers[i][0]);
		free(rs->headers[i][1]);
	}
	free(rs->csp);
	free(rs->user_name);
	memset(rs, 0, sizeof *rs);
}

bool web_header(struct web_response *rs, const char *name, const char *value)
{
	if (rs->nheaders == WEB_MAX_HEADERS)
		return false;
	rs->headers[rs->nheaders][0] = xstrdup(name);
	rs->headers[rs->nheaders][1] = xstrdup(value);
	rs->nheaders++;
	return true;
}

void web_redirect(struct web_response *rs, const char *base_path, const char *location)
{
	char *abs = xasprintf("%s%s", location[0] == '/' ? base_path : "", location);
	rs->status = 303;
	web_header(rs, "Location", abs);
	free(abs);
}

void web_cookie(struct web_response *rs, const char *base_path, bool secure, const char *name,
		const char *value, long max_age)
{
	char age[48] = "";
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	char *c = xasprintf("%s=%s; Path=%s; HttpOnly; SameSite=Strict%s%s", name, value,
			    *base_path ? base_path : "/", secure ? "; Secure" : "", age);
	web_header(rs, "Set-Cookie", c);
	free(c);
}

bool web_cookie_value(const char *header, const char *name, char *out, size_t size)
{
	size_t nlen = strlen(name);
	const char *p = header;
	while (p && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > nlen && !strncmp(p, name, nlen) && p[nlen] == '=') {
			size_t vlen = len - nlen - 1;
			if (vlen >= size)
				return false;
			memcpy(out, p + nlen + 1, vlen);
			out[vlen] = '\0';
			return true;
		}
		p = end;
	}
	return false;
}
