/*
 * sie_writer — SIE records in CP437 with a #KSUMMA; see sie_writer.h.
 */
#include "sie/sie_writer.h"

#include <string.h>
#include <zlib.h>

bool sie_writer_open(struct sie_writer *w, FILE *f, struct error *err)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	buf_init(&w->line, 0);
	buf_init(&w->text, 0);
	return charset_open(&w->cs, err);
}

void sie_writer_close(struct sie_writer *w)
{
	charset_close(&w->cs);
	buf_free(&w->line);
	buf_free(&w->text);
}

static void emit_line(struct sie_writer *w)
{
	buf_append(&w->line, "\r\n", 2);
	if (fwrite(w->line.data, 1, w->line.len, w->f) != w->line.len)
		w->failed = true;
	buf_reset(&w->line);
}

/* Put a field's content (UTF-8) into w->text as CP437 without line breaks,
 * and add it to the checksum. */
static void field_text(struct sie_writer *w, const char *s)
{
	buf_reset(&w->text);
	charset_to_cp437(&w->cs, s, strlen(s), &w->text);
	for (size_t i = 0; i < w->text.len; i++)
		if (w->text.data[i] == '\r' || w->text.data[i] == '\n' || w->text.data[i] == '\t')
			w->text.data[i] = ' ';
	if (w->ksumma)
		w->crc = (uint32_t)crc32(w->crc, (const Bytef *)buf_cstr(&w->text),
					 (uInt)w->text.len);
}

static void quoted(struct sie_writer *w)
{
	buf_putc(&w->line, '"');
	const char *t = buf_cstr(&w->text);
	for (size_t i = 0; i < w->text.len; i++) {
		char c = t[i];
		/* A backslash is escaped only where a reader would otherwise
		 * take it for an escape: before a quote, a backslash, or the
		 * closing quote. */
		if (c == '"' || (c == '\\' && (i + 1 == w->text.len || t[i + 1] == '"' ||
					       t[i + 1] == '\\')))
			buf_putc(&w->line, '\\');
		buf_putc(&w->line, c);
	}
	buf_putc(&w->line, '"');
}

void sie_write(struct sie_writer *w, const char *label, const struct sie_wfield *fields,
	       size_t n)
{
	buf_puts(&w->line, label);
	if (w->ksumma)
		w->crc = (uint32_t)crc32(w->crc, (const Bytef *)label, (uInt)strlen(label));
	for (size_t i = 0; i < n; i++) {
		const struct sie_wfield *f = &fields[i];
		buf_putc(&w->line, ' ');
		if (f->kind == SIE_W_LIST) {
			buf_putc(&w->line, '{');
			for (size_t k = 0; k < f->nobjects; k++) {
				char dim[16];
				snprintf(dim, sizeof dim, "%d", f->objects[k].dim);
				field_text(w, dim);
				buf_printf(&w->line, "%s%s ", k ? " " : "", dim);
				field_text(w, f->objects[k].code);
				quoted(w);
			}
			buf_putc(&w->line, '}');
			continue;
		}
		field_text(w, f->s ? f->s : "");
		if (f->kind == SIE_W_STRING)
			quoted(w);
		else
			buf_append(&w->line, buf_cstr(&w->text), w->text.len);
	}
	emit_line(w);
}

void sie_write_brace(struct sie_writer *w, char brace)
{
	buf_putc(&w->line, brace);
	emit_line(w);
}

void sie_writer_begin_ksumma(struct sie_writer *w)
{
	buf_puts(&w->line, "#KSUMMA");
	emit_line(w);
	w->ksumma = true;
	w->crc = (uint32_t)crc32(0L, Z_NULL, 0);
}

bool sie_writer_finish(struct sie_writer *w, struct error *err)
{
	if (w->ksumma) {
		w->ksumma = false;
		buf_printf(&w->line, "#KSUMMA %u", w->crc);
		emit_line(w);
	}
	if (fflush(w->f) != 0 || ferror(w->f))
		w->failed = true;
	if (w->failed) {
		error_set(err, ERR_INTERNAL, "kunde inte skriva SIE-filen");
		return false;
	}
	return true;
}
