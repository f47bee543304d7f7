/*
 * jsonw — JSON strings into a buffer; see jsonw.h.
 */
#include "util/jsonw.h"

#include <string.h>

bool jsonw_string(struct buf *b, const char *s)
{
	if (!s)
		return buf_puts(b, "null");
	bool ok = buf_putc(b, '"');
	const char *run = s;
	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c && c != '"' && c != '\\' && c >= 0x20)
			continue;
		ok = ok && buf_append(b, run, (size_t)(p - run));
		if (!c)
			break;
		if (c == '"' || c == '\\') {
			char esc[2] = { '\\', (char)c };
			ok = ok && buf_append(b, esc, 2);
		} else {
			static const char hex[] = "0123456789abcdef";
			char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			ok = ok && buf_append(b, esc, 6);
		}
		run = p + 1;
	}
	return ok && buf_putc(b, '"');
}
