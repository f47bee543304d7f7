/*
 * template_store — report templates in the store by name, checked by
 * building them before they are saved (template_store.h).
 */
#include "report/template_store.h"

#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/charset.h"
#include "util/date.h"
#include "util/xalloc.h"

extern const unsigned char example_report[];
extern const size_t example_report_len;

/* A control character (C0, DEL or C1) at s[i]. */
static bool control_at(const unsigned char *s, size_t i)
{
	return s[i] < 0x20 || s[i] == 0x7f || (s[i] == 0xc2 && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f);
}

bool report_template_name_ok(const char *name, struct error *err)
{
	size_t len = strlen(name), chars = 0;
	const unsigned char *s = (const unsigned char *)name;
	for (size_t i = 0; i < len; i++) {
		if (control_at(s, i) || s[i] == '/') {
			error_set(err, ERR_INPUT, "mallens namn får inte innehålla '/' eller styrtecken");
			return false;
		}
		chars += (s[i] & 0xc0) != 0x80;
	}
	if (!chars || chars > REPORT_TEMPLATE_NAME_MAX) {
		error_set(err, ERR_INPUT, "mallens namn ska ha 1–%d tecken", REPORT_TEMPLATE_NAME_MAX);
		return false;
	}
	if (!utf8_valid(name, len)) {
		error_set(err, ERR_INPUT, "mallens namn är inte giltig UTF-8");
		return false;
	}
	if (name[0] == ' ' || name[len - 1] == ' ') {
		error_set(err, ERR_INPUT, "mallens namn får inte börja eller sluta med mellanslag");
		return false;
	}
	return true;
}

bool report_template_get(struct store *st, const char *name, struct report_template *out,
			 bool *found, struct error *err)
{
	memset(out, 0, sizeof *out);
	*found = false;
	sqlite3_stmt *q;
	if (!store_prepare(st, &q,
			   "SELECT text, updated, updated_by FROM report_template WHERE name = ?",
			   err))
		return false;
	store_bind_text(q, 1, name);
	int rc = store_step(st, q, err);
	if (rc == SQLITE_ROW) {
		*found = true;
		out->name = xstrdup(name);
		const char *text = store_column_text(q, 0);
		out->len = (size_t)sqlite3_column_bytes(q, 0);
		out->text = xstrndup(text, out->len);
		out->updated = xstrdup(store_column_text(q, 1));
		out->updated_by = xstrdup(store_column_text(q, 2));
		out->stored = true;
	}
	sqlite3_finalize(q);
	return rc >= 0;
}

bool report_template_load(struct store *st, const char *name, struct report_template *out,
			  bool *found, struct error *err)
{
	if (!report_template_get(st, name, out, found, err))
		return false;
	if (*found || strcmp(name, REPORT_TEMPLATE_DEFAULT) != 0)
		return true;
	*found = true;
	out->name = xstrdup(name);
	out->len = example_report_len;
	out->text = xstrndup((const char *)example_report, example_report_len);
	out->updated = xstrdup("");
	out->updated_by = xstrdup("");
	out->stored = false;
	return true;
}

bool report_template_names(struct store *st, char ***names, size_t *n, struct error *err)
{
	*names = NULL;
	*n = 0;
	sqlite3_stmt *q;
	if (!store_prepare(st, &q, "SELECT name FROM report_template ORDER BY name", err))
		return false;
	size_t cap = 0;
	int rc;
	while ((rc = store_step(st, q, err)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*names = xrealloc(*names, cap * sizeof **names);
		}
		(*names)[(*n)++] = xstrdup(store_column_text(q, 0));
	}
	sqlite3_finalize(q);
	if (rc < 0) {
		report_template_names_free(*names, *n);
		*names = NULL;
		*n = 0;
		return false;
	}
	return true;
}

void report_template_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

bool report_template_build(struct store *st, const struct report_template *t, struct doc *doc,
			   struct error *err)
{
	return report_build(st, t->name, t->text, t->len, doc, err);
}

/* Whether t may be stored and builds. */
static bool check(struct store *st, const struct report_template_new *t, struct error *err)
{
	if (!report_template_name_ok(t->name, err))
		return false;
	if (t->len > REPORT_TEMPLATE_MAX) {
		error_set(err, ERR_INPUT, "mallen är större än %d MB", REPORT_TEMPLATE_MAX >> 20);
		return false;
	}
	if (memchr(t->text, '\0', t->len)) {
		error_set(err, ERR_INPUT, "mallen innehåller ett NUL-tecken");
		return false;
	}
	if (!utf8_valid(t->text, t->len)) {
		error_set(err, ERR_INPUT, "mallen är inte giltig UTF-8");
		return false;
	}
	struct doc d;
	bool ok = report_build(st, t->file ? t->file : t->name, t->text, t->len, &d, err);
	doc_free(&d);
	return ok;
}

bool report_template_put(struct store *st, const struct report_template_new *t, char **old_text,
			 struct error *err)
{
	if (old_text)
		*old_text = NULL;
	if (!check(st, t, err))
		return false;
	struct report_template old;
	bool found;
	if (!report_template_get(st, t->name, &old, &found, err))
		return false;
	sqlite3_stmt *q;
	char now[32];
	bool ok = store_prepare(st, &q,
				"INSERT OR REPLACE INTO report_template (name, text, updated, updated_by) "
				"VALUES (?, ?, ?, ?)",
				err);
	if (ok) {
		store_bind_text(q, 1, t->name);
		sqlite3_bind_text(q, 2, t->text, (int)t->len, SQLITE_TRANSIENT);
		store_bind_text(q, 3, date_now_iso(now, sizeof now));
		store_bind_text(q, 4, t->user ? t->user : "");
		ok = store_step(st, q, err) == SQLITE_DONE;
		sqlite3_finalize(q);
	}
	if (ok && found && old_text) {
		*old_text = old.text;
		old.text = NULL;
	}
	report_template_free(&old);
	return ok;
}

bool report_template_save(struct store *st, const struct report_template_new *t,
			  struct error *err)
{
	if (!store_begin(st, err))
		return false;
	bool ok = report_template_put(st, t, NULL, err) && store_commit(st, err);
	if (!ok)
		store_rollback(st);
	return ok;
}

void report_template_free(struct report_template *t)
{
	free(t->name);
	free(t->text);
	free(t->updated);
	free(t->updated_by);
	memset(t, 0, sizeof *t);
}
