/*
 * sie_quick — row totals from the plain part of a SIE file; see
 * sie_quick.h.
 *
 * Each piece is read with pread in blocks into its thread's buffer and
 * scanned line by line. A line's parts are checked against the narrowest
 * form the general reader reads the same way, eight bytes at a time where
 * that is quicker; whatever falls outside makes the whole scan give up
 * (scan_lines returns false, and every thread stops).
 */
#include "sie/sie_quick.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sie/sie_lexer.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#define QUICK_BLOCK (128 * 1024) /* read at a time (fits a core's cache) */
#define QUICK_MAX_ACCOUNT 17  /* digits (sie_read allows 20; longer ones are not plain) */
#define QUICK_MAX_CODE 200    /* bytes of an object code */
#define QUICK_MAX_OBJECTS 16  /* pairs in one object list */
#define QUICK_CHUNK (1024 * 1024) /* a body is cut into pieces of about this */
#define QUICK_MAX_THREADS 8
#define QUICK_FIND_BLOCK 4096     /* read at a time looking for a #VER */
#define QUICK_PAD 16          /* zero bytes after the data in a block buffer */

/* The totals of one thread. */
struct totals {
	struct strmap index;   /* account, or account "\x1f" code -> sums index */
	struct sie_quick_sum *sums;
	size_t n, cap;
	long rows;
	struct arena text;
	/* Accounts by key (see account_key) -> sums index + 1, open
	 * addressing; what a row looks up, so it must be quick. */
	uint64_t *akeys;
	uint32_t *aslots;
	unsigned abits;
	size_t acount;
};

/* One piece being scanned. */
struct scan {
	const struct sie_quick_query *q;
	struct totals *t;

	/* The voucher being read. */
	bool expect_open;      /* after #VER, before { */
	bool in_block;         /* between { and } */
	uint64_t date_raw;     /* the 8 bytes of its date */
	enum { BEFORE, WITHIN, AFTER } when; /* date against the query's period */
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

/* The key of total() for an account and an object code (clen 0: none)
 * in buf, which holds QUICK_MAX_ACCOUNT + 1 + QUICK_MAX_CODE bytes; its
 * length. */
static size_t object_key(char *buf, const char *account, size_t alen, const char *code,
			 size_t clen)
{
	memcpy(buf, account, alen);
	if (!clen)
		return alen;
	buf[alen] = '\x1f';
	memcpy(buf + alen + 1, code, clen);
	return alen + 1 + clen;
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

static struct sie_quick_sum *new_account_total(struct totals *t, const char *account,
					       size_t alen, uint64_t key, size_t i)
	__attribute__((noinline, cold));

/* The total of the account whose digits are account[0..alen), known by
 * key (see account_key). */
static struct sie_quick_sum *account_total(struct totals *t, const char *account, size_t alen,
					   uint64_t key)
{
	size_t i = account_slot(t, key);
	if (t->akeys[i])
		return &t->sums[t->aslots[i] - 1];
	return new_account_total(t, account, alen, key, i);
}

/* The first row of an account: its total, and its key in place i. */
static struct sie_quick_sum *new_account_total(struct totals *t, const char *account,
					       size_t alen, uint64_t key, size_t i)
{
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

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool add_amount(struct sie_quick_sum *s, bool before, money_t amount)
{
	money_t *field = before ? &s->before : &s->change;
	return !__builtin_add_overflow(*field, amount, field);
}

/*
 * Eight bytes at a time. The block buffer has QUICK_PAD zero bytes after
 * its data, so eight bytes can be loaded from anywhere in a line.
 */

#define ONES 0x0101010101010101ULL

/* The 8 bytes at p, p[0] in the lowest byte. */
static uint64_t load8(const char *p)
{
	uint64_t x;
	memcpy(&x, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	return x;
}

/* How many of the bytes of x, from the lowest, are digits (0 to 8). */
static unsigned digit_run(uint64_t x)
{
	uint64_t a = x ^ (ONES * '0'); /* digits become 0 to 9 */
	uint64_t non_digit = (((a & (ONES * 0x7f)) + ONES * 0x76) | a) & (ONES * 0x80);
	return non_digit ? (unsigned)__builtin_ctzll(non_digit) / 8 : 8;
}

/* A mark (0x80) on each byte of x that is b, and perhaps on bytes above
 * the first such byte: the lowest mark is always right. */
static uint64_t bytes_equal(uint64_t x, unsigned char b)
{
	uint64_t y = x ^ (ONES * b);
	return (y - ONES) & ~y & (ONES * 0x80);
}

/* The same for bytes below b (b at most 0x80). */
static uint64_t bytes_below(uint64_t x, unsigned char b)
{
	return (x - ONES * b) & ~x & (ONES * 0x80);
}

/* The index of the lowest marked byte. */
static unsigned first_marked(uint64_t marks)
{
	return (unsigned)__builtin_ctzll(marks) / 8;
}

/* The value of the n (1 to 8) digits in the lowest bytes of x. */
static uint64_t digits_value(uint64_t x, unsigned n)
{
	/* Move the digits to the top, so that leading zero bytes are
	 * leading zeros; then add up pairs, quads and the two halves. */
	uint64_t v = (x - ONES * '0') << (8 * (8 - n));
	v = v * 10 + (v >> 8);
	v = ((v & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32)) +
	     ((v >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32))) >> 32;
	return v;
}

/* The account number at p: its digits (*alen of them, 0 when there are
 * none or more than QUICK_MAX_ACCOUNT) and a key that tells it from every
 * other account: its bytes themselves up to 7 digits, its value, length
 * and the top bit beyond (the two kinds cannot meet). */
static uint64_t account_key(const char *p, size_t *alen)
{
	uint64_t x = load8(p);
	unsigned n = digit_run(x);
	if (n < 8) {
		*alen = n;
		return n ? x & ((1ULL << (8 * n)) - 1) : 0;
	}
	uint64_t num = 0;
	size_t k = 0;
	while (is_digit(p[k]) && k <= QUICK_MAX_ACCOUNT)
		num = num * 10 + (uint64_t)(p[k++] - '0');
	*alen = k <= QUICK_MAX_ACCOUNT ? k : 0;
	return (num * 32 + k + 1) | 1ULL << 63;
}

/*
 * The parsers below read lines in a buffer whose last byte is a '\n'.
 * They stop at the first byte that does not belong to what they read;
 * since no digit, space or plain character is a '\n', no loop can run
 * past the buffer without comparing positions. Each returns the end of
 * what it read, or NULL when the line is not plain.
 */

/* Printable ASCII, as a plain word or quoted text may hold. */
static bool is_plain_char(char c)
{
	return c > ' ' && c < 0x7f && c != '"' && c != '\\' && c != '{' && c != '}';
}

/* A word, or a quoted text of plain characters and spaces, at p; s and n
 * get its content. */
static const char *plain_token(const char *p, const char **s, size_t *n)
{
	if (*p == '"') {
		/* Up to the first byte that is not printable ASCII or is a
		 * quote or a backslash: it must be the closing quote. */
		const char *start = ++p;
		for (;; p += 8) {
			uint64_t x = load8(p);
			uint64_t stop = bytes_below(x, ' ') | bytes_equal(x, '"') |
					bytes_equal(x, '\\') | bytes_equal(x, 0x7f) | (x & ONES * 0x80);
			if (stop) {
				p += first_marked(stop);
				break;
			}
		}
		if (*p != '"')
			return NULL;
		*s = start;
		*n = (size_t)(p - start);
		return p + 1;
	}
	const char *start = p;
	while (is_plain_char(*p))
		p++;
	*s = start;
	*n = (size_t)(p - start);
	return *n ? p : NULL;
}

/* One or more spaces. */
static const char *spaces(const char *p)
{
	if (*p != ' ')
		return NULL;
	if (p[1] != ' ')
		return p + 1; /* the common case */
	do
		p++;
	while (*p == ' ');
	return p;
}

/* The line end after the fields read: at once, or after spaces and then
 * anything but a NUL or a carriage return (the general reader leaves it
 * unread too). The result points at the '\n', or at the '\r' before it. */
static const char *plain_tail(const char *p)
{
	if (*p != ' ')
		return p;
	/* Eight bytes at a time up to the first control character below
	 * 0x0e (which the three that matter are), then byte by byte past
	 * any other (a tab, say). */
	for (;;) {
		uint64_t stop = bytes_below(load8(p), 0x0e);
		if (!stop) {
			p += 8;
			continue;
		}
		p += first_marked(stop);
		if (*p == '\n')
			return p;
		if (*p == '\r')
			return p[1] == '\n' ? p : NULL;
		if (*p == 0)
			return NULL;
		p++;
	}
}

static bool is_amount_char(char c)
{
	return is_digit(c) || c == '-' || c == '+' || c == '.';
}

/* An amount at p read by money_parse as sie_read reads it: a word of
 * sign, digits and point (range and decimals included). */
static const char *general_amount(const char *p, money_t *out) __attribute__((noinline, cold));

static const char *general_amount(const char *p, money_t *out)
{
	const char *word = p;
	while (is_amount_char(*p))
		p++;
	if (p == word || money_parse(word, (size_t)(p - word), '.', out) != MONEY_OK)
		return NULL;
	return p;
}

/* An amount, as general_amount reads it; the common shape -?D{1,7}(.DD)?
 * is read here directly, with the same result. */
static const char *plain_amount(const char *p, money_t *out)
{
	const char *word = p;
	bool neg = *p == '-';
	p += neg;
	uint64_t x = load8(p);
	unsigned ndigits = digit_run(x);
	if (ndigits - 1 < 7) { /* 1 to 7 digits: no more than MONEY_MAX */
		uint64_t v = digits_value(x, ndigits);
		p += ndigits;
		if (*p != '.') {
			v *= 100;
		} else if (is_digit(p[1]) && is_digit(p[2])) {
			v = v * 100 + (uint64_t)(p[1] - '0') * 10 + (uint64_t)(p[2] - '0');
			p += 3;
		} else {
			return general_amount(word, out);
		}
		if (!is_amount_char(*p)) {
			*out = neg ? -(money_t)v : (money_t)v;
			return p;
		}
	}
	return general_amount(word, out);
}

/* #VER series number date [tail], p after "#VER " */
static const char *scan_ver(struct scan *s, const char *p)
{
	if (s->in_block || s->expect_open)
		return NULL;
	const char *f;
	size_t n;
	if (!(p = plain_token(p, &f, &n)) || !(p = spaces(p)) || !(p = plain_token(p, &f, &n)) ||
	    !(p = spaces(p)))
		return NULL;
	uint64_t raw = load8(p);
	if (digit_run(raw) != 8 || is_digit(p[8]))
		return NULL;
	/* Vouchers come in date order: the same date needs no new check. */
	if (raw != s->date_raw) {
		date_t date;
		bool iso;
		if (!date_parse(p, 8, &date, &iso) || iso)
			return NULL;
		s->date_raw = raw;
		s->when = date > s->q->to ? AFTER : date < s->q->from ? BEFORE : WITHIN;
	}
	s->expect_open = true;
	s->sum = 0;
	return plain_tail(p + 8);
}

/* {dim code ...}, p after the '{'; *code gets the object of by_dim. */
static const char *object_list(const char *p, int by_dim, const char **code, size_t *clen)
	__attribute__((noinline));

static const char *object_list(const char *p, int by_dim, const char **code, size_t *clen)
{
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
		if (p == d || dim < 1 || !(p = spaces(p)) || !(p = plain_token(p, &c, &n)) ||
		    n == 0 || n > QUICK_MAX_CODE || ndims == QUICK_MAX_OBJECTS)
			return NULL;
		for (size_t k = 0; k < ndims; k++)
			if (dims[k] == dim)
				return NULL;
		dims[ndims++] = dim;
		if (dim == by_dim) {
			*code = c;
			*clen = n;
		}
		if (*p == ' ')
			p = spaces(p);
		else if (*p != '}')
			return NULL;
	}
	return p + 1;
}

/* #TRANS account {objects} amount [tail], p after "#TRANS " */
static const char *scan_trans(struct scan *s, const char *p)
{
	if (!s->in_block)
		return NULL;
	const char *account = p;
	size_t alen;
	uint64_t key = account_key(p, &alen);
	if (alen == 0 || !(p = spaces(p + alen)) || *p != '{')
		return NULL;
	const char *code = NULL;
	size_t clen = 0;
	if (p[1] == '}')
		p += 2; /* no objects, the common case */
	else if (!(p = object_list(p + 1, s->q->by_dim, &code, &clen)))
		return NULL;
	money_t amount;
	if (!(p = spaces(p)) || !(p = plain_amount(p, &amount)) || !(p = plain_tail(p)) ||
	    __builtin_add_overflow(s->sum, amount, &s->sum))
		return NULL;
	s->t->rows++;
	if (s->when == AFTER)
		return p;
	bool before = s->when == BEFORE;
	if (!add_amount(account_total(s->t, account, alen, key), before, amount))
		return NULL;
	if (!code)
		return p;
	char key_text[QUICK_MAX_ACCOUNT + 1 + QUICK_MAX_CODE];
	size_t klen = object_key(key_text, account, alen, code, clen);
	return add_amount(total(s->t, key_text, klen, alen), before, amount) ? p : NULL;
}

/* A line of only '{' or '}'. */
static const char *scan_brace(struct scan *s, const char *p)
{
	if (*p == '{') {
		if (!s->expect_open)
			return NULL;
		s->expect_open = false;
		s->in_block = true;
	} else {
		if (!s->in_block || s->sum != 0)
			return NULL;
		s->in_block = false;
	}
	return p + 1;
}

/* "#TRANS " and "#VER " as load8 sees them, with masks for their length. */
#define TRANS_WORD 0x0020534E41525423ULL
#define TRANS_MASK 0x00FFFFFFFFFFFFFFULL
#define VER_WORD 0x0000002052455623ULL
#define VER_MASK 0x000000FFFFFFFFFFULL

/* The lines in [p, end), end[-1] being '\n'; false at the first line
 * that is not plain. */
static bool scan_lines(struct scan *s, const char *p, const char *end)
{
	while (p < end) {
		const char *line = p, *e;
		switch (*p) {
		case '#': {
			uint64_t x = load8(p);
			if ((x & TRANS_MASK) == TRANS_WORD)
				e = scan_trans(s, p + 7);
			else if ((x & VER_MASK) == VER_WORD)
				e = scan_ver(s, p + 5);
			else
				return false;
			break;
		}
		case '{':
		case '}':
			e = scan_brace(s, p);
			break;
		case '\r':
		case '\n':
			e = p; /* empty lines are skipped, as by the lexer */
			break;
		default:
			return false;
		}
		/* e is the line's end: "\r\n" or "\n". */
		if (!e || e - line > SIE_MAX_LINE)
			return false;
		if (*e == '\r')
			e++;
		if (*e != '\n')
			return false;
		p = e + 1;
	}
	return true;
}

/* The pieces of a body, cut at #VER lines, and who takes which. */
struct job {
	int fd;
	const struct sie_quick_query *q;
	off_t *bounds;          /* piece k is bounds[k] .. bounds[k + 1] */
	size_t npieces;
	atomic_size_t next;     /* the next piece nobody has taken */
	atomic_bool not_plain;  /* some piece was not plain: all stop */
};

/* One thread: its totals and its buffer. */
struct worker {
	struct job *job;
	struct totals t;
	char *buf; /* QUICK_BLOCK + a '\n' after a last line without one + QUICK_PAD */
};

/* Scan bytes start .. end of the file into w's totals; false when a line
 * was not plain, a voucher was left open, or the file could not be read
 * (the general reader will report it). */
static bool scan_piece(struct worker *w, off_t start, off_t end)
{
	struct scan s = { .q = w->job->q, .t = &w->t };
	char *buf = w->buf;
	size_t have = 0; /* bytes of an unfinished line at the start of buf */
	off_t pos = start;
	while (pos < end) {
		size_t want = QUICK_BLOCK - have;
		if ((off_t)want > end - pos)
			want = (size_t)(end - pos);
		ssize_t got = pread(w->job->fd, buf + have, want, pos);
		if (got <= 0)
			return false;
		pos += got;
		size_t len = have + (size_t)got, upto;
		if (pos >= end) {
			if (buf[len - 1] != '\n')
				buf[len++] = '\n';
			upto = len;
		} else {
			const char *nl = memrchr(buf, '\n', len);
			if (!nl && len == QUICK_BLOCK)
				return false; /* a line longer than the block */
			upto = nl ? (size_t)(nl - buf) + 1 : 0;
		}
		memset(buf + len, 0, QUICK_PAD);
		if (!scan_lines(&s, buf, buf + upto))
			return false;
		have = len - upto;
		memmove(buf, buf + upto, have);
	}
	return !s.expect_open && !s.in_block;
}

/* Take pieces until there are none left or one was not plain. */
static void *work(void *arg)
{
	struct worker *w = arg;
	struct job *job = w->job;
	while (!atomic_load(&job->not_plain)) {
		size_t k = atomic_fetch_add(&job->next, 1);
		if (k >= job->npieces)
			break;
		if (!scan_piece(w, job->bounds[k], job->bounds[k + 1]))
			atomic_store(&job->not_plain, true);
	}
	return NULL;
}

/* The start of the first line beginning "#VER " at or after `from`,
 * reading at most `limit` bytes; -1 when there is none. */
static off_t find_ver(int fd, off_t from, off_t size, size_t limit)
{
	char buf[QUICK_FIND_BLOCK + 1];
	off_t found = -1, pos = from;
	/* A match must begin a line: look for "\n#VER " from one byte back. */
	bool at_line_start = from == 0;
	while (found < 0 && pos < size && (size_t)(pos - from) < limit) {
		size_t want = QUICK_FIND_BLOCK;
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
		size_t alen = strlen(s->account);
		size_t klen = object_key(key, s->account, alen, s->code, strlen(s->code));
		struct sie_quick_sum *t = total(a, key, klen, alen);
		if (!add_amount(t, true, s->before) || !add_amount(t, false, s->change))
			return false;
	}
	a->rows += b->rows;
	return true;
}

/* Cut start .. size into pieces of about QUICK_CHUNK, each beginning at a
 * #VER line; job->bounds gets npieces + 1 offsets. */
static void cut_pieces(struct job *job, off_t start, off_t size)
{
	size_t max = (size_t)((size - start) / QUICK_CHUNK) + 1;
	job->bounds = xmalloc((max + 1) * sizeof *job->bounds);
	size_t n = 0;
	job->bounds[n++] = start;
	for (size_t k = 1; k < max; k++) {
		off_t at = find_ver(job->fd, start + (off_t)k * QUICK_CHUNK, size, QUICK_CHUNK);
		if (at > job->bounds[n - 1])
			job->bounds[n++] = at;
	}
	job->bounds[n] = size;
	job->npieces = n;
}

static size_t thread_count(const struct sie_quick_query *q, size_t npieces)
{
	long n = q->threads;
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (n > QUICK_MAX_THREADS)
		n = QUICK_MAX_THREADS;
	return (size_t)n < npieces ? (size_t)n : npieces;
}

enum sie_quick_status sie_quick_body(int fd, off_t start, off_t size,
				     const struct sie_quick_query *q,
				     struct sie_quick_result *out)
{
	memset(out, 0, sizeof *out);
	struct job job = { .fd = fd, .q = q };
	atomic_init(&job.next, 0);
	atomic_init(&job.not_plain, false);
	cut_pieces(&job, start, size);
	size_t nworkers = thread_count(q, job.npieces);
	struct worker workers[QUICK_MAX_THREADS];
	pthread_t threads[QUICK_MAX_THREADS];
	bool started[QUICK_MAX_THREADS] = { false };
	for (size_t i = 0; i < nworkers; i++) {
		workers[i].job = &job;
		totals_init(&workers[i].t);
		workers[i].buf = xmalloc(QUICK_BLOCK + 1 + QUICK_PAD);
	}
	/* Worker 0 is this thread; a thread that cannot be started leaves
	 * its share to the others. */
	for (size_t i = 1; i < nworkers; i++)
		started[i] = pthread_create(&threads[i], NULL, work, &workers[i]) == 0;
	work(&workers[0]);
	for (size_t i = 1; i < nworkers; i++)
		if (started[i])
			pthread_join(threads[i], NULL);

	bool plain = !atomic_load(&job.not_plain);
	for (size_t i = 1; i < nworkers; i++) {
		if (plain)
			plain = merge(&workers[0].t, &workers[i].t);
		totals_free(&workers[i].t);
	}
	for (size_t i = 0; i < nworkers; i++)
		free(workers[i].buf);
	free(job.bounds);
	struct totals *t = &workers[0].t;
	if (!plain) {
		totals_free(t);
		return SIE_QUICK_NOT_PLAIN;
	}
	/* The sums and their strings go to out, the indexes away. */
	out->sums = t->sums;
	out->n = t->n;
	out->rows = t->rows;
	out->text = t->text;
	t->sums = NULL;
	arena_init(&t->text);
	totals_free(t);
	return SIE_QUICK_DONE;
}

void sie_quick_result_free(struct sie_quick_result *r)
{
	free(r->sums);
	arena_free(&r->text);
	memset(r, 0, sizeof *r);
}
