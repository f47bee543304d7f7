/*
 * csv — Swedish Excel's CSV read into records, its numbers parsed, and
 * written back; see csv.h and docs/csv.md.
 */
#include "util/csv.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/file.h"
#include "util/xalloc.h"

/* The messages below spell the limits out the Swedish way. */
_Static_assert(CSV_MAX_BYTES == 16u * 1024 * 1024, "the message says 16 MiB");
_Static_assert(CSV_MAX_FIELDS == 1000, "the message says 1 000 fält");
_Static_assert(CSV_MAX_RECORDS == 100000, "the message says 100 000 rader");
_Static_assert(CSV_MAX_PERCENT_BP == 100000, "the message says 1 000 %");

/* ---- Bytes to UTF-8 text --------------------------------------------- */

/* True when s[i] ends a physical line: a CR, or an LF not after a CR. */
static bool ends_line(const char *s, size_t i)
{
	return s[i] == '\r' || (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'));
}

/* The 1-based line that byte pos of s is on. */
static long line_at(const char *s, size_t pos)
{
	long line = 1;
	for (size_t i = 0; i < pos; i++)
		if (ends_line(s, i))
			line++;
	return line;
}

/* The length of the UTF-8 character that lead byte c begins; 0 when c
 * cannot begin one. */
static size_t utf8_length(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

/* Where s first stops being well-formed UTF-8 (n when it never does);
 * *multibyte gets how many well-formed multibyte characters s has in all,
 * before and after that point. */
static size_t utf8_scan(const char *s, size_t n, size_t *multibyte)
{
	size_t bad = n;
	*multibyte = 0;
	for (size_t i = 0; i < n;) {
		size_t len = utf8_length((unsigned char)s[i]);
		if (len == 0 || len > n - i || !utf8_valid(s + i, len)) {
			if (bad == n)
				bad = i;
			i++;
			continue;
		}
		if (len > 1)
			(*multibyte)++;
		i += len;
	}
	return bad;
}

#define TOO_BIG "filen är större än 16 MiB, och så stora CSV-filer läser finsam inte"

static void too_big(struct error *err, const char *name)
{
	error_set_at(err, ERR_INPUT, name, 0, TOO_BIG);
}

/* Check the bytes and bring what follows any BOM to UTF-8: *text points
 * into data, or into `decoded` when the bytes were Windows-1252. Sets
 * f->bom and f->encoding. */
static bool decode(struct csv_file *f, const char *data, size_t n, struct buf *decoded,
		   const char **text, size_t *len, struct error *err)
{
	const char *nul = n > 0 ? memchr(data, '\0', n) : NULL;
	if (nul) {
		error_set_at(err, ERR_INPUT, f->name, line_at(data, (size_t)(nul - data)),
			     "en NUL-byte (tecknet 0), som en CSV-fil aldrig har; är det verkligen "
			     "en CSV-fil?");
		return false;
	}
	/* A tool that adds a BOM to a file that has one makes two. */
	while (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		f->bom = true;
		data += 3;
		n -= 3;
	}
	size_t multibyte;
	size_t bad = utf8_scan(data, n, &multibyte);
	if (bad == n) {
		f->encoding = multibyte > 0 ? ENC_UTF8 : ENC_ASCII;
		*text = data;
		*len = n;
		return true;
	}
	/* Not UTF-8 throughout. Windows-1252 text practically never holds a
	 * well-formed UTF-8 sequence (it would be "Ã¥" and the like), so a
	 * file with both is a mixture that no single reading gets right. */
	if (f->bom || multibyte > 0) {
		const char *what = f->bom ? "ogiltig UTF-8, fast filen börjar med en "
					    "UTF-8-markering (BOM)"
					  : "filen blandar UTF-8 och Windows-1252 (här är texten "
					    "inte UTF-8)";
		error_set_at(err, ERR_INPUT, f->name, line_at(data, bad),
			     "%s; spara den på nytt i Excel som \"CSV UTF-8\"", what);
		return false;
	}
	struct charset cs;
	if (!charset_open(&cs, err))
		return false;
	bool ok = charset_decode(&cs, data, n, ENC_CP1252, decoded);
	charset_close(&cs);
	if (!ok) {
		error_set_at(err, ERR_INTERNAL, f->name, 0,
			     "filen blev för stor när den omvandlades från Windows-1252 till "
			     "UTF-8");
		return false;
	}
	f->encoding = ENC_CP1252;
	*text = buf_cstr(decoded);
	*len = decoded->len;
	return true;
}

/* ---- Text to records ------------------------------------------------- */

static const char delimiters[3] = { ';', '\t', ',' }; /* in order of preference */

/* The delimiter of the first line that holds something other than spaces,
 * quotes and delimiters: the one of ; tab , that occurs most often there
 * outside quotes, the earlier in `delimiters` on ties; ';' when no line
 * holds anything. A line is a record: quoted line breaks do not end it.
 * As in read_field, a quote opens a quoted field only where a field
 * begins (here: after any of the three, and spaces). */
static char detect_delimiter(const char *t, size_t n)
{
	size_t count[3] = { 0, 0, 0 };
	bool content = false, quoted = false, field_start = true;
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if (quoted) {
			if (c != '"')
				content = true;
			else if (i + 1 < n && t[i + 1] == '"')
				i++;
			else
				quoted = false;
			continue;
		}
		if (c == '"' && field_start) {
			quoted = true;
			field_start = false;
			continue;
		}
		if (c == '\r' || c == '\n') {
			if (content)
				break;
			memset(count, 0, sizeof count);
			field_start = true;
			continue;
		}
		const char *d = memchr(delimiters, c, sizeof delimiters);
		if (d) {
			count[d - delimiters]++;
			field_start = true;
		} else if (c != ' ') {
			content = true;
			field_start = false;
		}
	}
	if (!content)
		return ';';
	size_t best = 0;
	for (size_t k = 1; k < 3; k++)
		if (count[k] > count[best])
			best = k;
	return delimiters[best];
}

/* The length of an Excel "sep=;" line (with its line break) at the start
 * of t, setting *delim; 0 when t does not start with one. */
static size_t sep_line(const char *t, size_t n, char *delim)
{
	if (n < 5 || memcmp(t, "sep=", 4) != 0 || !memchr(delimiters, t[4], sizeof delimiters))
		return 0;
	size_t end = 5;
	if (end < n && t[end] == '\r')
		end++;
	if (end < n && t[end] == '\n')
		end++;
	if (end == 5 && n > 5)
		return 0;
	*delim = t[4];
	return end;
}

struct parser {
	struct csv_file *f;  /* where the records go */
	const char *t;       /* the UTF-8 text */
	size_t n;            /* its length */
	size_t i;            /* the next byte to read */
	long line;           /* the physical line t[i] is on */
	char delim;          /* the delimiter */
	struct buf rec;      /* the current record's field texts, each NUL-terminated */
	size_t *starts;      /* where each field of the current record begins in rec */
	size_t nfields;      /* fields of the current record so far */
	size_t cap_starts;   /* elements allocated in starts */
	size_t cap_records;  /* elements allocated in f->records */
	struct error *err;   /* where a failure goes */
};

/* Space around an unquoted field (and a quoted one's quotes). */
static bool blank(const struct parser *p, char c)
{
	return c == ' ' || (c == '\t' && p->delim != '\t');
}

/* Read the field at p->i into p->rec, NUL-terminated; p->i is left on
 * what ends it: a delimiter, a line break or the end of the text. */
static bool read_field(struct parser *p)
{
	const char *t = p->t;
	size_t i = p->i;
	while (i < p->n && blank(p, t[i]))
		i++;
	if (i < p->n && t[i] == '"') {
		long begin = p->line;
		for (i++;; i++) {
			if (i == p->n) {
				error_set_at(p->err, ERR_INPUT, p->f->name, begin,
					     "kolumn %zu: citattecknet som inleder fältet "
					     "avslutas aldrig (ett citattecken inuti ett fält "
					     "skrivs dubbelt: \"\")",
					     p->nfields);
				return false;
			}
			if (t[i] == '"') {
				if (i + 1 == p->n || t[i + 1] != '"')
					break;
				i++;
			} else if (ends_line(t, i)) {
				p->line++;
			}
			buf_putc(&p->rec, t[i]);
		}
		i++;
		while (i < p->n && blank(p, t[i]))
			i++;
		if (i < p->n && t[i] != p->delim && t[i] != '\r' && t[i] != '\n') {
			error_set_at(p->err, ERR_INPUT, p->f->name, p->line,
				     "kolumn %zu: text efter det avslutande citattecknet (ett "
				     "citattecken inuti ett fält skrivs dubbelt: \"\", och hela "
				     "fältet inom citattecken)",
				     p->nfields);
			return false;
		}
	} else {
		size_t start = i;
		while (i < p->n && t[i] != p->delim && t[i] != '\r' && t[i] != '\n')
			i++;
		size_t end = i;
		while (end > start && blank(p, t[end - 1]))
			end--;
		buf_append(&p->rec, t + start, end - start);
	}
	buf_putc(&p->rec, '\0');
	p->i = i;
	return true;
}

/* Copy the current record into the file's arena, as its next record. */
static bool keep_record(struct parser *p, long line)
{
	struct csv_file *f = p->f;
	if (f->nrecords == CSV_MAX_RECORDS) {
		error_set_at(p->err, ERR_INPUT, f->name, line,
			     "filen har fler än 100 000 rader, fler än finsam läser");
		return false;
	}
	f->records = xgrow(f->records, &p->cap_records, f->nrecords + 1, sizeof *f->records);
	char *text = arena_memdup(&f->mem, p->rec.data, p->rec.len);
	char **fields = arena_alloc(&f->mem, p->nfields * sizeof *fields);
	for (size_t k = 0; k < p->nfields; k++)
		fields[k] = text + p->starts[k];
	f->records[f->nrecords++] = (struct csv_record){ fields, p->nfields, line };
	return true;
}

/* Read every record of the text into p->f, leaving out those whose fields
 * are all empty. */
static bool read_records(struct parser *p)
{
	while (p->i < p->n) {
		long begin = p->line;
		bool empty = true;
		buf_reset(&p->rec);
		p->nfields = 0;
		for (;;) {
			if (p->nfields == CSV_MAX_FIELDS) {
				error_set_at(p->err, ERR_INPUT, p->f->name, begin,
					     "raden har fler än 1 000 fält, fler än finsam läser");
				return false;
			}
			p->starts = xgrow(p->starts, &p->cap_starts, p->nfields + 1,
					  sizeof *p->starts);
			p->starts[p->nfields++] = p->rec.len;
			if (!read_field(p))
				return false;
			if (p->rec.data[p->starts[p->nfields - 1]] != '\0')
				empty = false;
			if (p->i == p->n || p->t[p->i] != p->delim)
				break;
			p->i++;
		}
		if (p->i < p->n) {
			/* A line break: CRLF, LF or a lone CR. */
			if (p->t[p->i] == '\r' && p->i + 1 < p->n && p->t[p->i + 1] == '\n')
				p->i++;
			p->i++;
			p->line++;
		}
		if (!empty && !keep_record(p, begin))
			return false;
	}
	return true;
}

bool csv_read_mem(const char *name, const char *data, size_t n, struct csv_file *out,
		  struct error *err)
{
	memset(out, 0, sizeof *out);
	arena_init(&out->mem);
	out->name = xstrdup(name);
	if (n > CSV_MAX_BYTES) {
		too_big(err, name);
		csv_free(out);
		return false;
	}
	struct buf decoded = BUF_INIT(3 * CSV_MAX_BYTES);
	struct parser p = { .f = out, .line = 1, .err = err };
	buf_init(&p.rec, 0);
	bool ok = decode(out, data, n, &decoded, &p.t, &p.n, err);
	if (ok) {
		size_t skip = sep_line(p.t, p.n, &p.delim);
		if (skip > 0) {
			p.i = skip;
			p.line = 2;
		} else {
			p.delim = detect_delimiter(p.t, p.n);
		}
		out->delimiter = p.delim;
		ok = read_records(&p);
	}
	buf_free(&decoded);
	buf_free(&p.rec);
	free(p.starts);
	if (!ok)
		csv_free(out);
	return ok;
}

bool csv_read_file(const char *path, struct csv_file *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	char *data;
	size_t len;
	bool ok = file_read_all(path, CSV_MAX_BYTES, TOO_BIG, &data, &len, err) &&
		  csv_read_mem(path, data, len, out, err);
	free(data);
	return ok;
}

void csv_free(struct csv_file *f)
{
	free(f->name);
	free(f->records);
	arena_free(&f->mem);
	memset(f, 0, sizeof *f);
}

/* ---- Helpers for callers --------------------------------------------- */

/* s[k] in lower case, for ASCII and for the Latin-1 capitals U+00C0 to
 * U+00DE (but ×), whose UTF-8 is 0xC3 then 0x80..0x9E: + 0x20 makes the
 * small letter (Å C3 85, å C3 A5). The byte before a second byte is 0xC3,
 * which never occurs inside another character. */
static unsigned char fold(const char *s, size_t k)
{
	unsigned char c = (unsigned char)s[k];
	if (c >= 'A' && c <= 'Z')
		return (unsigned char)(c + 0x20);
	if (k > 0 && (unsigned char)s[k - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
		return (unsigned char)(c + 0x20);
	return c;
}

static void trim_blanks(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

bool csv_same_name(const char *a, const char *b)
{
	size_t an = strlen(a), bn = strlen(b);
	trim_blanks(&a, &an);
	trim_blanks(&b, &bn);
	if (an != bn)
		return false;
	size_t k = 0;
	while (k < an && fold(a, k) == fold(b, k))
		k++;
	return k == an;
}

int csv_find_column(const struct csv_record *header, const char *name)
{
	for (size_t c = 0; header && c < header->nfields && c < INT_MAX; c++)
		if (csv_same_name(header->fields[c], name))
			return (int)c;
	return -1;
}

void csv_error(struct error *err, const struct csv_file *f, const struct csv_record *r,
	       int column, const char *fmt, ...)
{
	if (error_isset(err))
		return;
	char *text = NULL;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	const char *msg = text ? text : "okänt fel";
	long line = r ? r->line : 0;
	const char *head = NULL;
	if (column >= 0 && f->nrecords > 0 && (size_t)column < f->records[0].nfields)
		head = f->records[0].fields[column];
	if (column < 0)
		error_set_at(err, ERR_INPUT, f->name, line, "%s", msg);
	else if (head && *head)
		error_set_at(err, ERR_INPUT, f->name, line, "kolumn %d (%s): %s", column + 1, head,
			     msg);
	else
		error_set_at(err, ERR_INPUT, f->name, line, "kolumn %d: %s", column + 1, msg);
	free(text);
}

/* ---- Numbers --------------------------------------------------------- */

static const char reason_empty[] = "fältet är tomt";
static const char reason_dot[] = "punkt som decimaltecken kan missförstås; använd decimalkomma "
				 "(1 234,50)";
static const char reason_grouping[] = "tusental grupperas tre siffror i taget, med mellanslag "
				      "(1 234 567)";
static const char reason_not_percent[] = "inte en procentsats";
static const char reason_percent_negative[] = "en andel kan inte vara negativ";
static const char reason_percent_range[] = "högst 1 000 %";
static const char reason_percent_decimals[] = "högst två decimaler (33,33 %)";
static const char reason_not_int[] = "inte ett heltal";
static const char reason_int_decimals[] = "ett antal har inga decimaler";
static const char reason_int_range[] = "talet är orimligt stort";

/* The length of the thousands separator at s (space, U+00A0 or U+202F),
 * or 0. */
static size_t group_sep(const char *s, size_t n)
{
	if (n >= 1 && s[0] == ' ')
		return 1;
	if (n >= 2 && memcmp(s, "\xC2\xA0", 2) == 0)
		return 2;
	if (n >= 3 && memcmp(s, "\xE2\x80\xAF", 3) == 0)
		return 3;
	return 0;
}

/* Drop spaces (of the three kinds group_sep knows) at both ends. */
static void trim_spaces(const char **s, size_t *n)
{
	size_t k;
	while ((k = group_sep(*s, *n)) > 0) {
		*s += k;
		*n -= k;
	}
	for (;;) {
		if (*n >= 1 && (*s)[*n - 1] == ' ')
			*n -= 1;
		else if (*n >= 2 && memcmp(*s + *n - 2, "\xC2\xA0", 2) == 0)
			*n -= 2;
		else if (*n >= 3 && memcmp(*s + *n - 3, "\xE2\x80\xAF", 3) == 0)
			*n -= 3;
		else
			break;
	}
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A number as written, brought to the form money_parse reads. */
struct number {
	bool neg;      /* written with '-' or U+2212 */
	bool decimals; /* written with a decimal comma */
	bool huge;     /* 20 or more significant integer digits: beyond int64 */
	char text[32]; /* "1234567,89": no sign, grouping or leading zeros,
			* at most three decimals (a third only when not zero) */
	size_t len;    /* bytes of text */
};

/* Read s (n bytes, trimmed): an optional sign (+, -, U+2212), digits
 * either ungrouped or in groups of exactly three after a first group of
 * one to three, and optionally a decimal comma and decimals. On failure
 * *why is set: to `not_number` unless a more precise reason applies. */
static bool scan_number(const char *s, size_t n, struct number *num, const char *not_number,
			const char **why)
{
	memset(num, 0, sizeof *num);
	size_t i = 0;
	if (n > 0 && (s[0] == '+' || s[0] == '-')) {
		num->neg = s[0] == '-';
		i = 1;
	} else if (n >= 3 && memcmp(s, "\xE2\x88\x92", 3) == 0) {
		num->neg = true;
		i = 3;
	}
	size_t digits = 0, significant = 0, group = 0, groups = 0;
	for (;;) {
		if (i < n && is_digit(s[i])) {
			if (significant > 0 || s[i] != '0') {
				if (significant < 20)
					num->text[num->len++] = s[i];
				significant++;
			}
			digits++;
			group++;
			i++;
			continue;
		}
		size_t k = group > 0 ? group_sep(s + i, n - i) : 0;
		if (k == 0 || i + k == n || !is_digit(s[i + k]))
			break;
		if (groups == 0 ? group > 3 : group != 3) {
			*why = reason_grouping;
			return false;
		}
		groups++;
		group = 0;
		i += k;
	}
	if (groups > 0 && group != 3) {
		*why = reason_grouping;
		return false;
	}
	num->huge = significant >= 20;
	if (digits > 0 && significant == 0)
		num->text[num->len++] = '0';
	size_t decimals = 0;
	if (i < n && s[i] == ',') {
		num->decimals = true;
		num->text[num->len++] = ',';
		bool third = false;
		for (i++; i < n && is_digit(s[i]); i++, decimals++) {
			if (decimals < 2 || (s[i] != '0' && !third)) {
				third = decimals >= 2;
				num->text[num->len++] = s[i];
			}
		}
	}
	if (i < n && s[i] == '.') {
		*why = reason_dot;
		return false;
	}
	if (i != n || digits + decimals == 0) {
		*why = not_number;
		return false;
	}
	return true;
}

bool csv_parse_amount(const char *s, money_t *out, const char **why)
{
	size_t n = strlen(s);
	trim_spaces(&s, &n);
	if (n == 0) {
		*why = reason_empty;
		return false;
	}
	if (n >= 2 && (s[n - 2] == 'k' || s[n - 2] == 'K') &&
	    (s[n - 1] == 'r' || s[n - 1] == 'R')) {
		n -= 2;
		trim_spaces(&s, &n);
	}
	struct number num;
	if (!scan_number(s, n, &num, money_parse_reason(MONEY_SYNTAX), why))
		return false;
	money_t m;
	enum money_parse_status st =
		num.huge ? MONEY_RANGE : money_parse(num.text, num.len, ',', &m);
	if (st != MONEY_OK) {
		*why = money_parse_reason(st);
		return false;
	}
	*out = num.neg ? -m : m;
	return true;
}

bool csv_parse_percent(const char *s, int32_t *basis_points, const char **why)
{
	size_t n = strlen(s);
	trim_spaces(&s, &n);
	if (n == 0) {
		*why = reason_empty;
		return false;
	}
	if (s[n - 1] == '%') {
		n--;
		trim_spaces(&s, &n);
	}
	struct number num;
	if (!scan_number(s, n, &num, reason_not_percent, why))
		return false;
	/* Hundredths of a percent are read exactly as öre are. */
	money_t v = 0;
	enum money_parse_status st =
		num.huge ? MONEY_RANGE : money_parse(num.text, num.len, ',', &v);
	if (st == MONEY_PRECISION) {
		*why = reason_percent_decimals;
		return false;
	}
	if (st != MONEY_OK || v > CSV_MAX_PERCENT_BP) {
		*why = st == MONEY_SYNTAX ? reason_not_percent : reason_percent_range;
		return false;
	}
	if (num.neg && v != 0) {
		*why = reason_percent_negative;
		return false;
	}
	*basis_points = (int32_t)v;
	return true;
}

bool csv_parse_int(const char *s, int64_t *out, const char **why)
{
	size_t n = strlen(s);
	trim_spaces(&s, &n);
	if (n == 0) {
		*why = reason_empty;
		return false;
	}
	struct number num;
	if (!scan_number(s, n, &num, reason_not_int, why))
		return false;
	int64_t v = 0;
	size_t k = 0;
	for (; k < num.len && num.text[k] != ','; k++) {
		if (num.huge || __builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, num.text[k] - '0', &v)) {
			*why = reason_int_range;
			return false;
		}
	}
	/* Decimals are allowed only as zeros ("1 234,00", as Excel may show a
	 * count); the text keeps no zero beyond the second. */
	for (k++; k < num.len; k++) {
		if (num.text[k] != '0') {
			*why = reason_int_decimals;
			return false;
		}
	}
	*out = num.neg ? -v : v;
	return true;
}

/* ---- Writing --------------------------------------------------------- */

/* Amounts for Excel: decimal comma, no grouping, a plain minus. */
static const struct money_style csv_money_style = { "", "-", true };

static void end_field(FILE *f, bool last)
{
	fputs(last ? "\r\n" : ";", f);
}

void csv_write_bom(FILE *f)
{
	fputs("\xEF\xBB\xBF", f);
}

void csv_write_field(FILE *f, const char *s, bool last)
{
	size_t n = strlen(s);
	/* A comma or tab would not confuse a reader told the delimiter, but
	 * ours detects it: quoted, they cannot outvote the semicolons. At the
	 * start of a file, a leading U+FEFF would be taken for a BOM, and
	 * "sep=" followed by an empty field for Excel's "sep=;" line. */
	if (!strpbrk(s, ";\",\t\r\n") && (n == 0 || (s[0] != ' ' && s[n - 1] != ' ')) &&
	    strncmp(s, "\xEF\xBB\xBF", 3) != 0 && strncmp(s, "sep=", 4) != 0) {
		fputs(s, f);
	} else {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	}
	end_field(f, last);
}

void csv_write_amount(FILE *f, money_t m, bool last)
{
	char buf[64];
	fputs(money_format_sv(m, &csv_money_style, buf, sizeof buf), f);
	end_field(f, last);
}

void csv_write_percent(FILE *f, int32_t basis_points, bool last)
{
	csv_write_amount(f, basis_points, last);
}
