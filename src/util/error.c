/*
 * error — failures as values; see error.h.
 */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/xalloc.h"

static void set_va(struct error *e, enum err_code code, const char *file, long line,
		   long column, const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
static void set_va(struct error *e, enum err_code code, const char *file, long line,
		   long column, const char *fmt, va_list ap)
{
	if (!e || e->code != ERR_NONE)
		return;
	char *text = NULL;
	if (vasprintf(&text, fmt, ap) < 0)
		text = xstrdup("okänt fel");
	e->code = code;
	e->file = xstrdup(file);
	e->line = line;
	e->text = text;
	if (file && line > 0 && column > 0)
		e->msg = xasprintf("%s:%ld:%ld: %s", file, line, column, text);
	else if (file && line > 0)
		e->msg = xasprintf("%s:%ld: %s", file, line, text);
	else if (file)
		e->msg = xasprintf("%s: %s", file, text);
	else
		e->msg = xstrdup(text);
}

void error_set(struct error *e, enum err_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_va(e, code, NULL, 0, 0, fmt, ap);
	va_end(ap);
}

void error_set_at(struct error *e, enum err_code code, const char *file, long line,
		  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_va(e, code, file, line, 0, fmt, ap);
	va_end(ap);
}

void error_set_at_col(struct error *e, enum err_code code, const char *file, long line,
		      long column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_va(e, code, file, line, column, fmt, ap);
	va_end(ap);
}

bool error_isset(const struct error *e)
{
	return e && e->code != ERR_NONE;
}

void error_clear(struct error *e)
{
	if (!e)
		return;
	free(e->file);
	free(e->text);
	free(e->msg);
	*e = (struct error)ERROR_INIT;
}

void error_move(struct error *dst, struct error *src)
{
	error_clear(dst);
	*dst = *src;
	*src = (struct error)ERROR_INIT;
}
