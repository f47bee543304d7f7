/*
 * sie_quick — row totals from the plain part of a SIE file; see
 * sie_quick.h.
 *
 * Each piece is read with pread in blocks into its thread's buffer, and a
 * block's lines are read as two halves, a line of each in turn (see
 * scan_lines_as). A line goes first to the fast path of its kind, which
 * knows only the commonest shape — a #TRANS with an account of up to 7
 * digits, "{}" or one-digit dimensions with quoted codes, an amount with
 * öre; a #VER of two plain words and a date — and finds line ends, the
 * ends of quoted codes and of words 16 to 64 bytes at a time (SSE2, or
 * eight bytes at a time in plain C on other processors). A fast path
 * never decides against a line: what it does not recognise it hands,
 * untouched, to the reference parser of that kind of line, which checks
 * the line's parts against the narrowest form the general reader reads
 * the same way. Whatever falls outside that makes the whole scan give up
 * (scan_lines returns false, and every thread stops). Rows are summed in
 * small open-addressing tables of accounts and of account-object pairs,
 * whose money goes to the totals (by name) at the end.
 */
#include "sie/sie_quick.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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
#define QUICK_PAD 64          /* zero bytes after the data in a block buffer: a fast
				* path reads up to 64 bytes from any place in a line */

/* A step of the loop over lines: inlined into each of its copies (see
 * scan_lines). */
#define HOT static inline __attribute__((always_inline))

/* A line the fast paths read without a tail is shorter than this, so they
 * check the length of a line only where it has one. */
_Static_assert(SIE_MAX_LINE >= 1024, "fast paths read lines up to 1 KiB unchecked");
_Static_assert(QUICK_BLOCK > SIE_MAX_LINE, "a block holds the longest line");

/* An account in the table that rows look up. */
struct account_slot {
	uint64_t key;     /* see account_key; 0: an empty place */
	money_t money[2]; /* the sums of its rows before the period and within it */
	uint32_t sum;     /* the index of its total in sums */
};

/* An account and an object code of up to QUICK_SHORT_CODE bytes in the
 * table that rows with objects look up (longer codes go by index). */
#define QUICK_SHORT_CODE 16
struct object_slot {
	uint64_t account;  /* the account's key; 0: an empty place */
	uint64_t code[2];  /* the code's bytes, zeros after them */
	uint32_t clen;     /* and how many */
	uint32_t sum;      /* the index of its total in sums */
	money_t money[2];  /* as in account_slot */
};

/* The totals of one thread. */
struct totals {
	struct strmap index;   /* account, or account "\x1f" code -> sums index */
	struct sie_quick_sum *sums;
	size_t n, cap;
	long rows;
	long reference_lines; /* see sie_quick_result */
	struct arena text;
	/* Accounts by key, open addressing: what a row looks up, so it must
	 * be quick. Their money goes to sums in settle_tables. */
	struct account_slot *accounts;
	unsigned abits;
	size_t acount;
	/* Accounts and objects, the same way (allocated at the first). */
	struct object_slot *objects;
	unsigned obits;
	size_t ocount;
};

/* Where a row's amount goes: the index into account_slot.money. */
enum when { BEFORE, WITHIN, AFTER };

/* The voucher being read. The loop over lines keeps a copy in registers
 * and hands it to the reference parsers in their scan. */
struct voucher {
	enum { BETWEEN, AFTER_VER, IN_VOUCHER } state; /* AFTER_VER: before its { */
	enum when when;    /* its date against the query's period */
	uint64_t date_raw; /* the 8 bytes of its date */
	money_t sum;       /* of its rows so far */
};

/* One piece being scanned. */
struct scan {
	const struct sie_quick_query *q;
	struct totals *t;
	struct voucher v;
};

/* One #TRANS row as read, before it is added. */
struct row {
	const char *account; /* its digits */
	size_t alen;
	uint64_t key;        /* see account_key */
	const char *code;    /* its object of the query's dimension; NULL: none */
	size_t clen;
	money_t amount;
};

/*
 * Eight bytes at a time. The block buffer has QUICK_PAD zero bytes after
 * its data, so eight (or sixteen) bytes can be loaded from anywhere in a
 * line.
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

/* A mark (0x80) on each byte of x that is not a digit, and on no other
 * (no carry crosses a byte). */
static uint64_t non_digits(uint64_t x)
{
	uint64_t a = x ^ (ONES * '0'); /* digits become 0 to 9 */
	return (((a & (ONES * 0x7f)) + ONES * 0x76) | a) & (ONES * 0x80);
}

/* How many of the bytes of x, from the lowest, are digits (0 to 8). */
static unsigned digit_run(uint64_t x)
{
	uint64_t non_digit = non_digits(x);
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

static void totals_init(struct totals *t)
{
	memset(t, 0, sizeof *t);
	strmap_init(&t->index);
	arena_init(&t->text);
	t->abits = 10;
	t->accounts = xcalloc((size_t)1 << t->abits, sizeof *t->accounts);
}

static void totals_free(struct totals *t)
{
	strmap_free(&t->index);
	free(t->sums);
	arena_free(&t->text);
	free(t->accounts);
	free(t->objects);
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

static bool add_amount(struct sie_quick_sum *s, bool before, money_t amount)
{
	money_t *field = before ? &s->before : &s->change;
	return !__builtin_add_overflow(*field, amount, field);
}

/* Where key would be first looked for in the account table. */
static size_t account_home(const struct totals *t, uint64_t key)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> (64 - t->abits));
}

/* The place of key in the account table: where it is, or the empty place
 * where it would go. */
static struct account_slot *account_place(const struct totals *t, uint64_t key)
{
	size_t mask = ((size_t)1 << t->abits) - 1, i = account_home(t, key);
	while (t->accounts[i].key && t->accounts[i].key != key)
		i = (i + 1) & mask;
	return &t->accounts[i];
}

/* The place of an account not at its home: further on, or new. */
static struct account_slot *account_elsewhere(struct totals *t, uint64_t key,
					       const char *account, size_t alen)
	__attribute__((noinline));

static struct account_slot *account_elsewhere(struct totals *t, uint64_t key,
					       const char *account, size_t alen)
{
	struct account_slot *a = account_place(t, key);
	if (a->key)
		return a;
	/* The first row of the account: its total in sums, and its place,
	 * the table growing at half full. */
	struct sie_quick_sum *s = total(t, account, alen, alen);
	if ((t->acount + 1) * 2 > (size_t)1 << t->abits) {
		struct account_slot *old = t->accounts;
		size_t n = (size_t)1 << t->abits;
		t->abits++;
		t->accounts = xcalloc((size_t)1 << t->abits, sizeof *t->accounts);
		for (size_t k = 0; k < n; k++)
			if (old[k].key)
				*account_place(t, old[k].key) = old[k];
		free(old);
		a = account_place(t, key);
	}
	*a = (struct account_slot){ .key = key, .sum = (uint32_t)(s - t->sums) };
	t->acount++;
	return a;
}

/* The table place of the row's account: at its home, mostly. */
HOT struct account_slot *account_of(struct totals *t, const struct row *r)
{
	struct account_slot *a = &t->accounts[account_home(t, r->key)];
	return a->key == r->key ? a : account_elsewhere(t, r->key, r->account, r->alen);
}

/* A row's object code as an object_slot holds it (clen at most
 * QUICK_SHORT_CODE; the block buffer's padding lets 16 bytes be read). */
static void code_words(const char *code, size_t clen, uint64_t words[2])
{
	uint64_t keep = clen >= 8 ? ~0ULL : (1ULL << (8 * clen)) - 1;
	words[0] = load8(code) & keep;
	words[1] = clen <= 8    ? 0ULL
		   : clen == 16 ? load8(code + 8)
				: load8(code + 8) & ((1ULL << (8 * (clen - 8))) - 1);
}

static bool same_object(const struct object_slot *o, uint64_t account, const uint64_t code[2],
			size_t clen)
{
	return o->account == account && o->code[0] == code[0] && o->code[1] == code[1] &&
	       o->clen == clen;
}

/* The place of an account and object in the object table: where it is,
 * or the empty place where it would go. */
static struct object_slot *object_place(const struct totals *t, uint64_t account,
					const uint64_t code[2], size_t clen)
{
	size_t mask = ((size_t)1 << t->obits) - 1;
	uint64_t h = (account ^ code[0] * 0xFF51AFD7ED558CCDULL ^ code[1] * 0xC4CEB9FE1A85EC53ULL ^
		      clen) * 0x9E3779B97F4A7C15ULL;
	size_t i = (size_t)(h >> (64 - t->obits));
	while (t->objects[i].account && !same_object(&t->objects[i], account, code, clen))
		i = (i + 1) & mask;
	return &t->objects[i];
}

/* The table place of an account (its key and digits) and object code of
 * at most QUICK_SHORT_CODE bytes, new at its first row; the table grows
 * at half full. */
static struct object_slot *object_of(struct totals *t, uint64_t key, const char *account,
				     size_t alen, const char *code, size_t clen)
	__attribute__((noinline));

static struct object_slot *object_of(struct totals *t, uint64_t key, const char *account,
				     size_t alen, const char *code, size_t clen)
{
	uint64_t words[2];
	code_words(code, clen, words);
	if (!t->objects) {
		t->obits = 10;
		t->objects = xcalloc((size_t)1 << t->obits, sizeof *t->objects);
	}
	struct object_slot *o = object_place(t, key, words, clen);
	if (o->account)
		return o;
	char text[QUICK_MAX_ACCOUNT + 1 + QUICK_MAX_CODE];
	size_t klen = object_key(text, account, alen, code, clen);
	struct sie_quick_sum *s = total(t, text, klen, alen);
	if ((t->ocount + 1) * 2 > (size_t)1 << t->obits) {
		struct object_slot *old = t->objects;
		size_t n = (size_t)1 << t->obits;
		t->obits++;
		t->objects = xcalloc((size_t)1 << t->obits, sizeof *t->objects);
		for (size_t k = 0; k < n; k++)
			if (old[k].account)
				*object_place(t, old[k].account, old[k].code, old[k].clen) = old[k];
		free(old);
		o = object_place(t, key, words, clen);
	}
	*o = (struct object_slot){ .account = key, .code = { words[0], words[1] },
				   .clen = (uint32_t)clen, .sum = (uint32_t)(s - t->sums) };
	t->ocount++;
	return o;
}

/* Add money of a table place to its total in sums; false on overflow. */
static bool settle(struct totals *t, uint32_t sum, money_t money[2])
{
	struct sie_quick_sum *s = &t->sums[sum];
	if (!add_amount(s, true, money[BEFORE]) || !add_amount(s, false, money[WITHIN]))
		return false;
	money[BEFORE] = money[WITHIN] = 0;
	return true;
}

/* Move the money of the tables to sums; false on overflow. */
static bool settle_tables(struct totals *t)
{
	for (size_t i = 0; i < (size_t)1 << t->abits; i++)
		if (t->accounts[i].key && !settle(t, t->accounts[i].sum, t->accounts[i].money))
			return false;
	for (size_t i = 0; t->objects && i < (size_t)1 << t->obits; i++)
		if (t->objects[i].account && !settle(t, t->objects[i].sum, t->objects[i].money))
			return false;
	return true;
}

/* Add a row of voucher v; false on overflow. */
HOT bool add_row(struct totals *t, struct voucher *v, const struct row *r)
{
	if (__builtin_add_overflow(v->sum, r->amount, &v->sum))
		return false;
	t->rows++;
	if (v->when == AFTER)
		return true;
	money_t *m = &account_of(t, r)->money[v->when];
	if (__builtin_add_overflow(*m, r->amount, m))
		return false;
	if (!r->code)
		return true;
	if (r->clen <= QUICK_SHORT_CODE) {
		m = &object_of(t, r->key, r->account, r->alen, r->code, r->clen)->money[v->when];
		return !__builtin_add_overflow(*m, r->amount, m);
	}
	char key[QUICK_MAX_ACCOUNT + 1 + QUICK_MAX_CODE];
	size_t klen = object_key(key, r->account, r->alen, r->code, r->clen);
	return add_amount(total(t, key, klen, r->alen), v->when == BEFORE, r->amount);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
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
 * The end of a line, for every parser: e is where its fields (and tail)
 * end, which must be "\r\n" or "\n"; the result is the start of the next
 * line, or NULL when the line is not plain (or e is NULL: a parser said
 * so). The lexer refuses lines longer than SIE_MAX_LINE.
 */
static const char *next_line(const char *line, const char *e)
{
	if (!e || e - line > SIE_MAX_LINE)
		return NULL;
	if (*e == '\r')
		e++;
	return *e == '\n' ? e + 1 : NULL;
}

/*
 * The reference parsers. They read lines in a buffer whose last byte is a
 * '\n'. They stop at the first byte that does not belong to what they
 * read; since no digit, space or plain character is a '\n', no loop can
 * run past the buffer without comparing positions. Each returns the end
 * of what it read, or NULL when the line is not plain.
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

static bool new_date(const struct sie_quick_query *q, const char *p, enum when *when)
	__attribute__((noinline));

/* A date at p not seen just before: where it falls against the period;
 * false when it is no date. */
static bool new_date(const struct sie_quick_query *q, const char *p, enum when *when)
{
	date_t date;
	bool iso;
	if (!date_parse(p, 8, &date, &iso) || iso)
		return false;
	*when = date > q->to ? AFTER : date < q->from ? BEFORE : WITHIN;
	return true;
}

/* The date of a #VER at p (8 digits, then no digit): its bytes and where
 * it falls against the period; false when it is not such a date. */
HOT bool ver_date(const struct voucher *v, const struct sie_quick_query *q, const char *p,
		  uint64_t *raw, enum when *when)
{
	*raw = load8(p);
	if (non_digits(*raw) || is_digit(p[8]))
		return false;
	/* Vouchers come in date order: the same date needs no new check. */
	*when = v->when;
	return *raw == v->date_raw || new_date(q, p, when);
}

/* A voucher read up to its date begins. */
HOT void begin_voucher(struct voucher *v, uint64_t raw, enum when when)
{
	v->date_raw = raw;
	v->when = when;
	v->state = AFTER_VER;
	v->sum = 0;
}

/* #VER series number date [tail] at p: the next line. */
static const char *scan_ver(struct scan *s, const char *p)
{
	const char *line = p, *f;
	size_t n;
	p += 5; /* "#VER " */
	if (s->v.state != BETWEEN || !(p = plain_token(p, &f, &n)) || !(p = spaces(p)) ||
	    !(p = plain_token(p, &f, &n)) || !(p = spaces(p)))
		return NULL;
	uint64_t raw;
	enum when when;
	if (!ver_date(&s->v, s->q, p, &raw, &when))
		return NULL;
	begin_voucher(&s->v, raw, when);
	return next_line(line, plain_tail(p + 8));
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

/* #TRANS account {objects} amount [tail] at p, into r: the next line. */
static const char *scan_trans(const struct scan *s, const char *p, struct row *r)
{
	const char *line = p;
	p += 7; /* "#TRANS " */
	if (s->v.state != IN_VOUCHER)
		return NULL;
	r->account = p;
	r->key = account_key(p, &r->alen);
	if (r->alen == 0 || !(p = spaces(p + r->alen)) || *p != '{')
		return NULL;
	r->code = NULL;
	r->clen = 0;
	if (p[1] == '}')
		p += 2; /* no objects, the common case */
	else if (!(p = object_list(p + 1, s->q->by_dim, &r->code, &r->clen)))
		return NULL;
	if (!(p = spaces(p)) || !(p = plain_amount(p, &r->amount)))
		return NULL;
	return next_line(line, plain_tail(p));
}

/* A line of only '{' or '}' at p: the next line. */
HOT const char *scan_brace(struct voucher *v, const char *p)
{
	if (*p == '{') {
		if (v->state != AFTER_VER)
			return NULL;
		v->state = IN_VOUCHER;
	} else {
		if (v->state != IN_VOUCHER || v->sum != 0)
			return NULL;
		v->state = BETWEEN;
	}
	return next_line(p, p + 1);
}

/* A #TRANS or #VER line read by the reference parser (and its row added):
 * the next line. */
static const char *reference_line(struct scan *s, const char *p) __attribute__((noinline));

static const char *reference_line(struct scan *s, const char *p)
{
	s->t->reference_lines++;
	if (*p == '#' && p[1] == 'V')
		return scan_ver(s, p);
	struct row r;
	const char *next = scan_trans(s, p, &r);
	return next && add_row(s->t, &s->v, &r) ? next : NULL;
}

/*
 * Sixteen bytes at a time: where the first byte of the sixteen at p is
 * that ends a line's tail, a quoted text or a plain word, or 16 when none
 * of them does. Two versions that always give the same answer: SSE2 (all
 * x86-64 processors have it) and eight bytes at a time in plain C.
 */

enum stop {
	STOP_TAIL,   /* a control character up to 0x0d: '\n', '\r', NUL, ... */
	STOP_QUOTED, /* one below ' ', DEL, above 0x7f, '"' or '\\' */
	STOP_WORD,   /* those, a space, '{' or '}' */
};

/* Marks (0x80) on the bytes of x that stop; the lowest is right. */
HOT uint64_t swar_stops(uint64_t x, enum stop kind)
{
	if (kind == STOP_TAIL)
		return bytes_below(x, 0x0e);
	uint64_t m = bytes_below(x, kind == STOP_WORD ? 0x21 : 0x20) | bytes_equal(x, '"') |
		     bytes_equal(x, '\\') | bytes_equal(x, 0x7f) | (x & ONES * 0x80);
	if (kind == STOP_WORD)
		m |= bytes_equal(x, '{') | bytes_equal(x, '}');
	return m;
}

HOT unsigned first_stop_swar(const char *p, enum stop kind)
{
	uint64_t m = swar_stops(load8(p), kind);
	if (m)
		return first_marked(m);
	m = swar_stops(load8(p + 8), kind);
	return m ? 8 + first_marked(m) : 16;
}

#ifdef __SSE2__
HOT unsigned first_stop_sse2(const char *p, enum stop kind)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p), m;
	if (kind == STOP_TAIL) {
		m = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x0d)), v);
	} else {
		/* A signed comparison: bytes above 0x7f are below ' ' too. */
		m = _mm_cmplt_epi8(v, _mm_set1_epi8(kind == STOP_WORD ? 0x21 : 0x20));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f)));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
		if (kind == STOP_WORD) {
			m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('{')));
			m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('}')));
		}
	}
	return (unsigned)__builtin_ctz((unsigned)_mm_movemask_epi8(m) | 0x10000);
}
#endif

/* The first stop of the sixteen bytes at p, the way `way` reads. */
HOT unsigned first_stop(const char *p, enum stop kind, enum sie_quick_way way)
{
#ifdef __SSE2__
	if (way == SIE_QUICK_BEST)
		return first_stop_sse2(p, kind);
#else
	(void)way;
#endif
	return first_stop_swar(p, kind);
}

/* How far the way `way` looks for the end of a tail at a time. */
#define TAIL_WINDOW(way) ((way) == SIE_QUICK_BEST ? 48u : 16u)

/* The first stop of a tail (STOP_TAIL) among the TAIL_WINDOW(way) bytes
 * at p, or TAIL_WINDOW(way) when there is none: most tails (a voucher's
 * text) end within the first window. */
HOT unsigned first_tail_stop(const char *p, enum sie_quick_way way)
{
#ifdef __SSE2__
	if (way == SIE_QUICK_BEST) {
		const __m128i top = _mm_set1_epi8(0x0d);
		uint64_t m = 0;
		for (int i = 0; i < 3; i++) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
			v = _mm_cmpeq_epi8(_mm_min_epu8(v, top), v);
			m |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << (16 * i);
		}
		return (unsigned)__builtin_ctzll(m | 1ULL << 48);
	}
#endif
	return first_stop_swar(p, STOP_TAIL);
}

/* The first control character up to 0x0d (STOP_TAIL) among the 64 bytes
 * at p, or 64: where a line of up to 64 bytes ends, found apart from its
 * fields. */
HOT unsigned first_control(const char *p, enum sie_quick_way way)
{
#ifdef __SSE2__
	if (way == SIE_QUICK_BEST) {
		const __m128i top = _mm_set1_epi8(0x0d);
		uint64_t m = 0;
		for (int i = 0; i < 4; i++) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
			v = _mm_cmpeq_epi8(_mm_min_epu8(v, top), v);
			m |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << (16 * i);
		}
		return m ? (unsigned)__builtin_ctzll(m) : 64;
	}
#endif
	unsigned k = 0, n;
	do {
		n = first_stop_swar(p + k, STOP_TAIL);
		k += n;
	} while (n == 16 && k < 64);
	return k;
}

/*
 * The fast paths. Each reads the commonest shape of a kind of line and
 * returns the start of the next line, or NULL to hand the line to the
 * reference parser — without having changed anything, so that the
 * reference parser reads the line as if the fast path had not looked.
 */

/* A tail from p (a space) to the line end, as plain_tail reads it: the
 * '\n', or the '\r' before it; NULL to let plain_tail decide. */
HOT const char *fast_tail(const char *p, enum sie_quick_way way)
{
	for (;;) {
		unsigned k = first_tail_stop(p, way);
		p += k;
		if (k == TAIL_WINDOW(way))
			continue;
		if (*p == '\n' || (*p == '\r' && p[1] == '\n'))
			return p;
		if (*p == '\r' || *p == 0)
			return NULL;
		p++; /* another control character, a tab say */
	}
}

/* After the fields of a line at e: the line end ("\r\n" or "\n"), or a
 * tail. */
HOT const char *fast_end(const char *line, const char *e, enum sie_quick_way way)
{
	uint64_t x = load8(e);
	if ((x & 0xffff) == ('\r' | '\n' << 8))
		return e + 2;
	if ((char)x == '\n')
		return e + 1;
	if ((char)x != ' ')
		return NULL;
	e = fast_tail(e, way);
	return e ? next_line(line, e) : NULL;
}

/* An amount -?D{1,7}.DD at p: its end. */
HOT const char *fast_amount(const char *p, money_t *out)
{
	bool neg = *p == '-';
	p += neg;
	uint64_t x = load8(p), nd = non_digits(x);
	unsigned n = (unsigned)__builtin_ctzll(nd | 1ULL << 63) / 8; /* digits, at most 7 */
	uint64_t v;
	if (n - 1 < 5) {
		/* The point and both decimals are among the 8 bytes: take
		 * the point out and read the digits as one number. */
		unsigned at = 8 * n;
		if (((x >> at) & 0xff) != '.' || (nd >> at & 0x808000))
			return NULL;
		uint64_t low = (1ULL << at) - 1;
		v = digits_value((x & low) | (x >> 8 & ~low), n + 2);
	} else {
		if (n == 0 || p[n] != '.' || !is_digit(p[n + 1]) || !is_digit(p[n + 2]))
			return NULL;
		v = digits_value(x, n) * 100 + (uint64_t)(p[n + 1] - '0') * 10 +
		    (uint64_t)(p[n + 2] - '0');
	}
	*out = neg ? -(money_t)v : (money_t)v;
	return p + n + 3;
}

/* An object list after its '{' of pairs of a dimension 1 to 9, a space
 * and a quoted code of 1 to 15 bytes, one space between pairs: its end
 * (after the '}'). */
HOT const char *fast_objects(const char *p, int by_dim, struct row *r, enum sie_quick_way way)
{
	unsigned seen = 0; /* the dimensions read, as bits */
	for (;;) {
		unsigned dim = (unsigned)(unsigned char)*p - '0';
		if (dim - 1 >= 9 || p[1] != ' ' || p[2] != '"' || (seen >> dim & 1))
			return NULL;
		seen |= 1u << dim;
		const char *code = p + 3;
		unsigned n = first_stop(code, STOP_QUOTED, way);
		if (n == 0 || n == 16 || code[n] != '"')
			return NULL;
		if ((int)dim == by_dim) {
			r->code = code;
			r->clen = n;
		}
		p = code + n + 1;
		if (*p == '}')
			return p + 1;
		if (*p != ' ')
			return NULL;
		p++;
	}
}

/* " {} " and " {" as load8 sees them. */
#define NO_OBJECTS (' ' | '{' << 8 | '}' << 16 | (uint64_t)' ' << 24)
#define OBJECTS (' ' | '{' << 8)

/* #TRANS at p with an account of 1 to 7 digits, one space, "{}" or what
 * fast_objects reads, one space, what fast_amount reads and the end. The
 * commonest kind, four digits and "{}", is known at once: whether a row
 * has objects comes in no order a processor could foresee, and the sooner
 * a wrong guess is found the less work it throws away. */
HOT const char *fast_trans(const char *p, int by_dim, struct row *r, enum sie_quick_way way)
{
	const char *a = p + 7, *f;
	uint64_t x = load8(a), nd = non_digits(x);
	r->account = a;
	r->code = NULL;
	r->clen = 0;
	/* Four digits (as in BAS) and " {} ": known from the line's start,
	 * before the account's length is. */
	if ((load8(a + 4) & 0xffffffff) == NO_OBJECTS && !(nd & 0x80808080)) {
		r->alen = 4;
		r->key = x & 0xffffffff;
		f = a + 8;
	} else {
		unsigned alen = first_marked(nd | 1ULL << 63);
		if (alen - 1 >= 7)
			return NULL;
		r->alen = alen;
		r->key = x & ((1ULL << (8 * alen)) - 1); /* as account_key has it */
		f = a + alen;
		uint64_t y = load8(f);
		if ((y & 0xffffffff) == NO_OBJECTS) {
			f += 4;
		} else if ((y & 0xffff) == OBJECTS) {
			f = fast_objects(f + 2, by_dim, r, way);
			if (!f || *f != ' ')
				return NULL;
			f++;
		} else {
			return NULL;
		}
	}
	f = fast_amount(f, &r->amount);
	return f ? fast_end(p, f, way) : NULL;
}

/* #VER at p between vouchers with series and number plain words of up to
 * 16 bytes, one space after each, the date and the end. */
HOT const char *fast_ver(struct voucher *v, const struct sie_quick_query *q, const char *p,
			 enum sie_quick_way way)
{
	if (v->state != BETWEEN)
		return NULL;
	/* Where the line ends is looked for apart from its fields, so that
	 * the next line need not wait for them: mostly at the first control
	 * character. */
	const char *e = p + first_control(p, way), *f = p + 5, *next;
	for (int field = 0; field < 2; field++) {
		unsigned n = first_stop(f, STOP_WORD, way);
		if (n == 0 || f[n] != ' ')
			return NULL;
		f += n + 1;
	}
	uint64_t raw;
	enum when when;
	if (!ver_date(v, q, f, &raw, &when))
		return NULL;
	if (*e == '\n' || (*e == '\r' && e[1] == '\n')) {
		/* After the date the end, or a tail without a control
		 * character. */
		if (f[8] != ' ' && f + 8 != e)
			return NULL;
		next = e + 1 + (*e == '\r');
	} else if (!(next = fast_end(p, f + 8, way))) { /* a tab, say, or a long line */
		return NULL;
	}
	begin_voucher(v, raw, when);
	return next;
}

/*
 * A line at a time: the fast path, then the reference parser.
 */

/* "#TRANS " and "#VER " as load8 sees them, with masks for their length. */
#define TRANS_WORD 0x0020534E41525423ULL
#define TRANS_MASK 0x00FFFFFFFFFFFFFFULL
#define VER_WORD 0x0000002052455623ULL
#define VER_MASK 0x000000FFFFFFFFFFULL

/* The line at p of a scan whose voucher is *v (the loop's copy of s->v):
 * the next line, or NULL when the line is not plain. */
HOT const char *scan_line(struct scan *s, struct voucher *v, const char *p,
			  enum sie_quick_way way)
{
	uint64_t x = load8(p);
	const char *next = NULL;
	if ((x & TRANS_MASK) == TRANS_WORD) {
		struct row r;
		if (way != SIE_QUICK_REFERENCE && v->state == IN_VOUCHER &&
		    (next = fast_trans(p, s->q->by_dim, &r, way)))
			return add_row(s->t, v, &r) ? next : NULL;
	} else if ((x & VER_MASK) == VER_WORD) {
		if (way != SIE_QUICK_REFERENCE && (next = fast_ver(v, s->q, p, way)))
			return next;
	} else if (*p == '{' || *p == '}') {
		return scan_brace(v, p);
	} else if (*p == '\r' || *p == '\n') {
		return next_line(p, p); /* empty lines are skipped, as by the lexer */
	} else {
		return NULL;
	}
	s->v = *v;
	next = reference_line(s, p);
	*v = s->v;
	return next;
}

/* Where the second half of the lines in [p, end) begins: at the first
 * #VER line after the middle, or at end. */
static const char *second_half(const char *p, const char *end)
{
	size_t half = (size_t)(end - p) / 2;
	const char *ver = memmem(p + half, (size_t)(end - p) - half, "\n#VER ", 6);
	return ver ? ver + 1 : end;
}

/*
 * The lines in [p, end), end[-1] being '\n', read the way `way` says;
 * false at the first line that is not plain.
 *
 * They are read as two halves, a line of each in turn, the second half
 * beginning at a #VER line between vouchers: where a line's fields are
 * depends on the fields before, and the next line on where this one ends,
 * so one half alone would leave the processor waiting on that chain; with
 * two it works on both. The first half must end between vouchers, as a
 * #VER line requires; the second begins there.
 */
HOT bool scan_lines_as(struct scan *s, const char *p, const char *end, enum sie_quick_way way)
{
	const char *mid = second_half(p, end), *pa = p, *pb = mid;
	struct scan s2 = { .q = s->q, .t = s->t, .v = { .state = BETWEEN } };
	struct voucher a = s->v, b = s2.v;
	while (pa && pb && pa < mid && pb < end) {
		pa = scan_line(s, &a, pa, way);
		pb = scan_line(&s2, &b, pb, way);
	}
	while (pa && pa < mid)
		pa = scan_line(s, &a, pa, way);
	if (!pa || (mid < end && a.state != BETWEEN))
		return false;
	while (pb && pb < end)
		pb = scan_line(&s2, &b, pb, way);
	if (!pb)
		return false;
	s->v = mid < end ? b : a;
	return true;
}

/* One copy of the loop per way, each with its way's steps inlined. */
static bool scan_lines_best(struct scan *s, const char *p, const char *end)
{
	return scan_lines_as(s, p, end, SIE_QUICK_BEST);
}

static bool scan_lines_swar(struct scan *s, const char *p, const char *end)
{
	return scan_lines_as(s, p, end, SIE_QUICK_SWAR);
}

static bool scan_lines_reference(struct scan *s, const char *p, const char *end)
{
	return scan_lines_as(s, p, end, SIE_QUICK_REFERENCE);
}

static bool scan_lines(struct scan *s, const char *p, const char *end)
{
	switch (s->q->way) {
	case SIE_QUICK_SWAR:
		return scan_lines_swar(s, p, end);
	case SIE_QUICK_REFERENCE:
		return scan_lines_reference(s, p, end);
	default:
		return scan_lines_best(s, p, end);
	}
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
	return s.v.state == BETWEEN;
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
	a->reference_lines += b->reference_lines;
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
	for (size_t i = 0; i < nworkers; i++)
		plain = plain && settle_tables(&workers[i].t);
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
	out->reference_lines = t->reference_lines;
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
