/*
 * sie_quick — row totals from the plain part of a SIE file; see
 * sie_quick.h.
 *
 * Each half is read with pread in blocks into a buffer of its own and
 * scanned line by line. A line's parts are checked byte by byte against
 * the narrowest form the general reader reads the same way; whatever falls
 * outside makes the whole scan give up (scan_line returns false).
 */
#include "sie/sie_quick.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sie/sie_lexer.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#define QUICK_BLOCK (1024 * 1024)
#define QUICK_MAX_ACCOUNT 17  /* digits (sie_read allows 20; longer ones are not plain) */
#define QUICK_MAX_CODE 200    /* bytes of an object code */
#define QUICK_MAX_OBJECTS 16  /* pairs in one object list */
#define QUICK_MIN_SPLIT (2 * QUICK_BLOCK) /* smaller bodies are read on one thread */

/* The totals of one half. */
struct totals {
	struct strmap index;   /* account, or account "\x1f" code -> sums index */
	struct sie_quick_sum *sums;
	size_t n, cap;
	long rows;
	struct arena text;
	/* Accounts by number: (value * 32 + digits + 1) -> sums index + 1,
	 * open addressing; what a row looks up, so it must be quick. */
	uint64_t *akeys;
	uint32_t *aslots;
	unsigned abits;
	size_t acount;
};

/* One half being scanned. */
struct scan {
	int fd;
	off_t start, end;
	const struct sie_quick_query *q;
	struct totals t;
	bool plain;            /* false once a line was not plain, or on I/O errors */

	/* The voucher being read. */
	bool expect_open;      /* after #VER, before { */
	bool in_block;         /* between { and } */
	date_t date;
	money_t sum;
};

static void totals_init(struct totals *t)
{
	memset(t, 0, sizeof *t);
	strmap_init(&t->index);
	arena_init(&t->text);
	t->abits = 10;
	t->akeys = xcalloc((size_t)1 << t->abits, sizeof *t->akeys);
	t->aslots = xcalloc((size_t)1 << t->abits, sizeof *t->aslots);
}

static void totals_free(struct totals *t)
{
	strmap_free(&t->index);
	free(t->sums);
	arena_free(&t->text);
	free(t->akeys);
	free(t->aslots);
}

/* The total for key (account, or account "\x1f" code). */
static struct sie_quick_sum *total(struct totals *t, const char *key, size_t klen, size_t alen)
{
	bool added;
	int64_t *slot = strmap_slot(&t->index, key, klen, (int64_t)t->n, &added);
	if (added) {
		t->sums = xgrow(t->sums, &t->cap, t->n + 1, sizeof *t->sums);
		char *account = arena_alloc(&t->text, klen + 2);
		memcpy(account, key, alen);
		account[alen] = 0;
		char *code = account + alen + 1;
		size_t clen = klen > alen ? klen - alen - 1 : 0;
		memcpy(code, key + klen - clen, clen);
		code[clen] = 0;
		t->sums[t->n++] = (struct sie_quick_sum){ account, code, 0, 0 };
	}
	return &t->sums[*slot];
}

static size_t account_slot(const struct totals *t, uint64_t key)
{
	size_t mask = ((size_t)1 << t->abits) - 1;
	size_t i = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> (64 - t->abits));
	while (t->akeys[i] && t->akeys[i] != key)
		i = (i + 1) & mask;
	return i;
}

/* The total of the account whose digits are account[0..alen), value num
 * (at most QUICK_MAX_ACCOUNT digits, so num * 32 cannot wrap). */
static struct sie_quick_sum *account_total(struct totals *t, const char *account, size_t alen,
					   uint64_t num)
{
	uint64_t key = num * 32 + alen + 1;
	size_t i = account_slot(t, key);
	if (t->akeys[i])
		return &t->sums[t->aslots[i] - 1];
	struct sie_quick_sum *s = total(t, account, alen, alen);
	if ((t->acount + 1) * 2 > (size_t)1 << t->abits) {
		/* Grow, then find the place again. */
		size_t old = (size_t)1 << t->abits;
		uint64_t *keys = t->akeys;
		uint32_t *slots = t->aslots;
		t->abits++;
		t->akeys = xcalloc((size_t)1 << t->abits, sizeof *t->akeys);
		t->aslots = xcalloc((size_t)1 << t->abits, sizeof *t->aslots);
		for (size_t k = 0; k < old; k++)
			if (keys[k]) {
				size_t j = account_slot(t, keys[k]);
				t->akeys[j] = keys[k];
				t->aslots[j] = slots[k];
			}
		free(keys);
		free(slots);
		i = account_slot(t, key);
	}
	t->akeys[i] = key;
	t->aslots[i] = (uint32_t)(s - t->sums) + 1;
	t->acount++;
	return s;
}

static bool add_amount(struct sie_quick_sum *s, bool before, money_t amount)
{
	money_t *field = before ? &s->before : &s->change;
	return money_add(*field, amount, field);
}

/*
 * The parsers below read a line in the block buffer up to its end e. The
 * byte at e is always a line end ('\r' or '\n', a '\n' put there for the
 * last line), which no digit, space or plain character matches, so the
 * loops stop there without comparing positions.
 */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Printable ASCII, as a plain word or quoted text may hold. */
static bool is_plain_char(char c)
{
	return c > ' ' && c < 0x7f && c != '"' && c != '\\' && c != '{' && c != '}';
}

/* A word, or a quoted text of plain characters and spaces, at *p; s and n
 * get its content. */
static bool plain_token(const char **p, const char **s, size_t *n)
{
	const char *q = *p;
	if (*q == '"') {
		const char *start = ++q;
		while (is_plain_char(*q) || *q == ' ' || *q == '{' || *q == '}')
			q++;
		if (*q != '"')
			return false;
		*s = start;
		*n = (size_t)(q - start);
		*p = q + 1;
		return true;
	}
	const char *start = q;
	while (is_plain_char(*q))
		q++;
	*s = start;
	*n = (size_t)(q - start);
	*p = q;
	return *n > 0;
}

/* One or more spaces. */
static bool spaces(const char **p)
{
	const char *q = *p;
	while (*q == ' ')
		q++;
	if (q == *p)
		return false;
	*p = q;
	return true;
}

/* What follows the fields read: nothing, or spaces and then anything but
 * a NUL or a carriage return (the general reader leaves it unread too). */
static bool plain_tail(const char *p, const char *e)
{
	if (p == e)
		return true;
	if (*p != ' ')
		return false;
	return !memchr(p, 0, (size_t)(e - p)) && !memchr(p, '\r', (size_t)(e - p));
}

/* An amount: a word of sign, digits and point, read by money_parse as
 * sie_read reads it (range and decimals included). */
static bool plain_amount(const char **p, money_t *out)
{
	const char *q = *p;
	while (is_digit(*q) || *q == '-' || *q == '+' || *q == '.')
		q++;
	if (q == *p || money_parse(*p, (size_t)(q - *p), '.', out) != MONEY_OK)
		return false;
	*p = q;
	return true;
}

/* #VER series number date [tail] */
static bool scan_ver(struct scan *s, const char *p, const char *e)
{
	if (s->in_block || s->expect_open)
		return false;
	const char *f;
	size_t n;
	if (!plain_token(&p, &f, &n) || !spaces(&p) || !plain_token(&p, &f, &n) || !spaces(&p))
		return false;
	const char *d = p;
	while (is_digit(*p))
		p++;
	bool iso;
	if (p - d != 8 || !date_parse(d, 8, &s->date, &iso) || iso || !plain_tail(p, e))
		return false;
	s->expect_open = true;
	s->sum = 0;
	return true;
}

/* #TRANS account {objects} amount [tail] */
static bool scan_trans(struct scan *s, const char *p, const char *e)
{
	if (!s->in_block)
		return false;
	const char *account = p;
	uint64_t num = 0;
	while (is_digit(*p) && p - account <= QUICK_MAX_ACCOUNT)
		num = num * 10 + (uint64_t)(*p++ - '0');
	size_t alen = (size_t)(p - account);
	if (alen == 0 || alen > QUICK_MAX_ACCOUNT || !spaces(&p) || *p != '{')
		return false;
	p++;
	/* The object of by_dim, if any. */
	const char *code = NULL;
	size_t clen = 0;
	long dims[QUICK_MAX_OBJECTS];
	size_t ndims = 0;
	while (*p == ' ')
		p++;
	while (*p != '}') {
		const char *d = p, *c;
		size_t n;
		long dim = 0;
		while (is_digit(*p) && p - d < 6)
			dim = dim * 10 + (*p++ - '0');
		if (p == d || dim < 1 || !spaces(&p) || !plain_token(&p, &c, &n) || n == 0 ||
		    n > QUICK_MAX_CODE || ndims == QUICK_MAX_OBJECTS)
			return false;
		for (size_t k = 0; k < ndims; k++)
			if (dims[k] == dim)
				return false;
		dims[ndims++] = dim;
		if (dim == s->q->by_dim) {
			code = c;
			clen = n;
		}
		if (*p == ' ')
			spaces(&p);
		else if (*p != '}')
			return false;
	}
	p++; /* } */
	money_t amount;
	if (!spaces(&p) || !plain_amount(&p, &amount) || !plain_tail(p, e) ||
	    !money_add(s->sum, amount, &s->sum))
		return false;
	s->t.rows++;
	if (s->date > s->q->to)
		return true;
	bool before = s->date < s->q->from;
	if (!add_amount(account_total(&s->t, account, alen, num), before, amount))
		return false;
	if (!code)
		return true;
	char key[QUICK_MAX_ACCOUNT + 1 + QUICK_MAX_CODE];
	memcpy(key, account, alen);
	key[alen] = '\x1f';
	memcpy(key + alen + 1, code, clen);
	return add_amount(total(&s->t, key, alen + 1 + clen, alen), before, amount);
}

/* One line without its line end; false when it is not plain. */
static bool scan_line(struct scan *s, const char *p, const char *e)
{
	size_t n = (size_t)(e - p);
	if (n == 0)
		return true; /* empty lines are skipped, as by the lexer */
	if (n > SIE_MAX_LINE)
		return false;
	switch (*p) {
	case '#':
		if (n > 7 && memcmp(p, "#TRANS ", 7) == 0)
			return scan_trans(s, p + 7, e);
		if (n > 5 && memcmp(p, "#VER ", 5) == 0)
			return scan_ver(s, p + 5, e);
		return false;
	case '{':
		if (n != 1 || !s->expect_open)
			return false;
		s->expect_open = false;
		s->in_block = true;
		return true;
	case '}':
		if (n != 1 || !s->in_block || s->sum != 0)
			return false;
		s->in_block = false;
		return true;
	default:
		return false;
	}
}

/* Scan s->start .. s->end; s->plain tells whether every line was plain. */
static void *scan_part(void *arg)
{
	struct scan *s = arg;
	char *buf = xmalloc(QUICK_BLOCK + 1); /* + the last line's sentinel */
	size_t have = 0; /* bytes of an unfinished line at the start of buf */
	off_t pos = s->start;
	s->plain = true;
	while (s->plain && (pos < s->end || have)) {
		size_t want = QUICK_BLOCK - have;
		if ((off_t)want > s->end - pos)
			want = (size_t)(s->end - pos);
		ssize_t got = want ? pread(s->fd, buf + have, want, pos) : 0;
		if (got < 0 || (want && got == 0)) {
			s->plain = false; /* let the general reader report it */
			break;
		}
		pos += got;
		size_t len = have + (size_t)got;
		bool last = pos >= s->end;
		const char *p = buf, *end = buf + len;
		for (;;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl) {
				if (!last)
					break;
				nl = end; /* the last line without a line end */
				*(char *)end = '\n';
			}
			const char *e = nl > p && nl[-1] == '\r' ? nl - 1 : nl;
			if (!scan_line(s, p, e)) {
				s->plain = false;
				break;
			}
			if (nl == end) {
				p = end;
				break;
			}
			p = nl + 1;
		}
		have = (size_t)(end - p);
		if (have == QUICK_BLOCK) {
			s->plain = false; /* a line longer than the block */
			break;
		}
		memmove(buf, p, have);
		if (last && have == 0)
			break;
	}
	if (s->expect_open || s->in_block)
		s->plain = false;
	free(buf);
	return NULL;
}

/* The start of the first line beginning "#VER " at or after `from`,
 * reading at most `limit` bytes; -1 when there is none. */
static off_t find_ver(int fd, off_t from, off_t size, size_t limit)
{
	char *buf = xmalloc(QUICK_BLOCK + 5);
	off_t found = -1, pos = from;
	/* A match must begin a line: look for "\n#VER " from one byte back. */
	bool at_line_start = from == 0;
	while (found < 0 && pos < size && (size_t)(pos - from) < limit) {
		size_t want = QUICK_BLOCK;
		if ((off_t)want > size - pos)
			want = (size_t)(size - pos);
		ssize_t got = pread(fd, buf + 1, want, pos);
		if (got <= 0)
			break;
		buf[0] = at_line_start ? '\n' : 'x';
		const char *hay = buf, *end = buf + 1 + got;
		const char *m = memmem(hay, (size_t)(end - hay), "\n#VER ", 6);
		if (m) {
			found = pos + (m - buf);
			break;
		}
		/* Keep the last 5 bytes in view: step back so a match across
		 * the block boundary is seen. */
		if ((size_t)got <= 5)
			break;
		pos += got - 5;
		at_line_start = false;
	}
	free(buf);
	return found;
}

bool sie_quick_find_body(int fd, off_t size, off_t *start)
{
	off_t at = find_ver(fd, 0, size, (size_t)size);
	if (at < 0)
		return false;
	*start = at;
	return true;
}

/* Add b's totals to a's. */
static bool merge(struct totals *a, const struct totals *b)
{
	char key[QUICK_MAX_ACCOUNT + 1 + QUICK_MAX_CODE];
	for (size_t i = 0; i < b->n; i++) {
		const struct sie_quick_sum *s = &b->sums[i];
		size_t alen = strlen(s->account), clen = strlen(s->code), klen = alen;
		memcpy(key, s->account, alen);
		if (clen) {
			key[klen++] = '\x1f';
			memcpy(key + klen, s->code, clen);
			klen += clen;
		}
		struct sie_quick_sum *t = total(a, key, klen, alen);
		if (!money_add(t->before, s->before, &t->before) ||
		    !money_add(t->change, s->change, &t->change))
			return false;
	}
	a->rows += b->rows;
	return true;
}

enum sie_quick_status sie_quick_body(int fd, off_t start, off_t size,
				     const struct sie_quick_query *q,
				     struct sie_quick_result *out)
{
	memset(out, 0, sizeof *out);
	struct scan parts[2] = {
		{ .fd = fd, .start = start, .end = size, .q = q },
		{ .fd = fd, .end = size, .q = q },
	};
	totals_init(&parts[0].t);
	totals_init(&parts[1].t);
	/* Two halves, the second beginning at a #VER past the middle. */
	size_t nparts = 1;
	if (size - start >= QUICK_MIN_SPLIT) {
		off_t mid = find_ver(fd, start + (size - start) / 2, size, QUICK_BLOCK);
		if (mid > start) {
			parts[0].end = mid;
			parts[1].start = mid;
			nparts = 2;
		}
	}
	pthread_t thread;
	bool threaded = nparts == 2 && pthread_create(&thread, NULL, scan_part, &parts[1]) == 0;
	scan_part(&parts[0]);
	if (threaded)
		pthread_join(thread, NULL);
	else if (nparts == 2)
		scan_part(&parts[1]);

	bool plain = parts[0].plain && (nparts == 1 || parts[1].plain);
	if (plain && nparts == 2)
		plain = merge(&parts[0].t, &parts[1].t);
	totals_free(&parts[1].t);
	if (!plain) {
		totals_free(&parts[0].t);
		return SIE_QUICK_NOT_PLAIN;
	}
	strmap_free(&parts[0].t.index);
	free(parts[0].t.akeys);
	free(parts[0].t.aslots);
	out->sums = parts[0].t.sums;
	out->n = parts[0].t.n;
	out->rows = parts[0].t.rows;
	out->text = parts[0].t.text;
	return SIE_QUICK_DONE;
}

void sie_quick_result_free(struct sie_quick_result *r)
{
	free(r->sums);
	arena_free(&r->text);
	memset(r, 0, sizeof *r);
}
