/*
 * file_balance — trial balance from a SIE file in one pass; see
 * file_balance.h.
 */
#include "books/file_balance.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "books/chart.h"
#include "sie/sie_quick.h"
#include "sie/sie_reader.h"
#include "util/strmap.h"
#include "util/xalloc.h"

struct fb_entry {
	char *number;         /* account */
	char *object_code;    /* by_dim: the object, "" for the account as a whole */
	money_t ib, change, before, ub, res;
	money_t psaldo;       /* declared files: the year's #PSALDO for the object */
	bool has_ub, has_res;
};

struct fb {
	const struct tb_query *q;
	struct strmap index;      /* "number\x1fcode" -> entry index */
	struct fb_entry *e;
	size_t n, cap;
	struct strmap names;      /* account number -> index into names_v */
	char **names_v;
	char *types;              /* per names_v: declared #KTYP or 0 */
	size_t nnames, names_cap;
	struct strmap objnames;   /* object code (by_dim) -> index into objnames_v */
	char **objnames_v;
	size_t nobjnames, objnames_cap;
	bool vouchers;
	bool any_ub;              /* the file declared closing balances */
	date_t from, to;          /* resolved at the first voucher */
	bool resolved;
};

static struct fb_entry *entry(struct fb *fb, const char *number, size_t nlen, const char *code)
{
	/* "number\x1fcode" */
	char key[160];
	size_t clen = strlen(code);
	if (nlen > 20)
		nlen = 20;
	if (clen > sizeof key - 22)
		clen = sizeof key - 22;
	memcpy(key, number, nlen);
	key[nlen] = '\x1f';
	memcpy(key + nlen + 1, code, clen);
	size_t n = nlen + 1 + clen;
	bool added;
	int64_t *slot = strmap_slot(&fb->index, key, n, (int64_t)fb->n, &added);
	if (added) {
		fb->e = xgrow(fb->e, &fb->cap, fb->n + 1, sizeof *fb->e);
		memset(&fb->e[fb->n], 0, sizeof fb->e[fb->n]);
		fb->e[fb->n].number = xstrndup(number, nlen);
		fb->e[fb->n].object_code = xstrdup(code);
		fb->n++;
	}
	return &fb->e[*slot];
}

static size_t name_slot(struct fb *fb, const char *number)
{
	bool added;
	int64_t *slot = strmap_slot(&fb->names, number, strlen(number), (int64_t)fb->nnames,
				    &added);
	if (added) {
		fb->names_v = xgrow(fb->names_v, &fb->names_cap, fb->nnames + 1,
				    sizeof *fb->names_v);
		fb->types = xrealloc(fb->types, fb->names_cap);
		fb->names_v[fb->nnames] = xstrdup("");
		fb->types[fb->nnames] = 0;
		fb->nnames++;
	}
	return (size_t)*slot;
}

static const char *object_in(const struct sie_objref *objs, size_t n, int dim)
{
	for (size_t i = 0; i < n; i++)
		if (objs[i].dim == dim)
			return objs[i].code;
	return NULL;
}

static bool add(money_t *field, money_t amount, struct error *err)
{
	if (!money_add(*field, amount, field)) {
		error_set(err, ERR_INPUT, "ett saldo blir orimligt stort");
		return false;
	}
	return true;
}

static void resolve_period(struct fb *fb, const struct sie_header *h)
{
	if (fb->resolved)
		return;
	fb->resolved = true;
	fb->from = fb->q->from;
	fb->to = fb->q->to;
	for (size_t i = 0; i < h->nrar; i++)
		if (h->rar[i].year == 0) {
			const struct sie_rar *y = &h->rar[i];
			if (!fb->from)
				fb->from = y->start;
			/* As in the store: without --to, the period ends where the
			 * books do (#OMFATTN). */
			if (!fb->to)
				fb->to = h->omfattn >= y->start && h->omfattn <= y->end ? h->omfattn
											  : y->end;
		}
}

static bool on_event(void *ctx, const struct sie_event *ev, struct error *err)
{
	struct fb *fb = ctx;
	switch (ev->kind) {
	case SIE_EV_ACCOUNT: {
		size_t i = name_slot(fb, ev->account);
		free(fb->names_v[i]);
		fb->names_v[i] = xstrdup(ev->text);
		return true;
	}
	case SIE_EV_ACCOUNT_TYPE:
		fb->types[name_slot(fb, ev->account)] = (char)(ev->text[0] & ~0x20);
		return true;
	case SIE_EV_OBJECT:
		if (fb->q->by_dim && ev->dim == fb->q->by_dim) {
			bool added;
			strmap_slot(&fb->objnames, ev->code, strlen(ev->code),
				    (int64_t)fb->nobjnames, &added);
			if (added) {
				fb->objnames_v = xgrow(fb->objnames_v, &fb->objnames_cap,
						       fb->nobjnames + 1, sizeof *fb->objnames_v);
				fb->objnames_v[fb->nobjnames++] = xstrdup(ev->text);
			}
		}
		return true;
	case SIE_EV_BALANCE: {
		if (ev->year != 0)
			return true;
		const char *code = "";
		if (ev->balance == SIE_OIB || ev->balance == SIE_OUB) {
			if (!fb->q->by_dim)
				return true;
			code = object_in(ev->objects, ev->nobjects, fb->q->by_dim);
			if (!code || ev->nobjects != 1)
				return true;
		}
		name_slot(fb, ev->account);
		struct fb_entry *e = entry(fb, ev->account, strlen(ev->account), code);
		if (ev->balance == SIE_IB || ev->balance == SIE_OIB)
			return add(&e->ib, ev->amount, err);
		if (ev->balance == SIE_RES) {
			e->has_res = true;
			return add(&e->res, ev->amount, err);
		}
		e->has_ub = true;
		fb->any_ub = true;
		return add(&e->ub, ev->amount, err);
	}
	case SIE_EV_PERIOD: {
		/* Result accounts per object exist in a file without vouchers only
		 * as #PSALDO; as in the store, single-object rows of the year. */
		if (ev->year != 0 || ev->period_kind != SIE_PSALDO || !fb->q->by_dim ||
		    ev->nobjects != 1 || ev->objects[0].dim != fb->q->by_dim)
			return true;
		name_slot(fb, ev->account);
		struct fb_entry *e = entry(fb, ev->account, strlen(ev->account), ev->objects[0].code);
		return add(&e->psaldo, ev->amount, err);
	}
	default:
		return true;
	}
}

/* Each counting row, as the reader finds it. */
static bool on_row(void *ctx, const struct sie_row_sum *row, struct error *err)
{
	struct fb *fb = ctx;
	if (!fb->vouchers) {
		fb->vouchers = true;
		resolve_period(fb, row->header);
	}
	if (row->date > fb->to)
		return true;
	bool before = row->date < fb->from;
	struct fb_entry *e = entry(fb, row->account, row->account_len, "");
	if (!add(before ? &e->before : &e->change, row->amount, err))
		return false;
	if (fb->q->by_dim) {
		const char *code = object_in(row->objects, row->nobjects, fb->q->by_dim);
		if (code) {
			e = entry(fb, row->account, row->account_len, code);
			if (!add(before ? &e->before : &e->change, row->amount, err))
				return false;
		}
	}
	return true;
}

static void on_warning(void *ctx, long line, const char *msg)
{
	(void)ctx;
	(void)line;
	(void)msg; /* the import reports warnings; a quick look does not */
}

static void fb_init(struct fb *fb, const struct tb_query *q)
{
	memset(fb, 0, sizeof *fb);
	fb->q = q;
	strmap_init(&fb->index);
	strmap_init(&fb->names);
	strmap_init(&fb->objnames);
}

static void fb_free(struct fb *fb)
{
	for (size_t i = 0; i < fb->n; i++) {
		free(fb->e[i].number);
		free(fb->e[i].object_code);
	}
	free(fb->e);
	for (size_t i = 0; i < fb->nnames; i++)
		free(fb->names_v[i]);
	free(fb->names_v);
	free(fb->types);
	for (size_t i = 0; i < fb->nobjnames; i++)
		free(fb->objnames_v[i]);
	free(fb->objnames_v);
	strmap_free(&fb->index);
	strmap_free(&fb->names);
	strmap_free(&fb->objnames);
}

/* Copy the first n bytes of fd to the start of out. */
static bool copy_head(int fd, int out, off_t n)
{
	char buf[65536];
	for (off_t pos = 0; pos < n;) {
		size_t want = n - pos < (off_t)sizeof buf ? (size_t)(n - pos) : sizeof buf;
		ssize_t got = pread(fd, buf, want, pos);
		if (got <= 0)
			return false;
		for (ssize_t done = 0; done < got;) {
			ssize_t w = write(out, buf + done, (size_t)(got - done));
			if (w <= 0)
				return false;
			done += w;
		}
		pos += got;
	}
	return lseek(out, 0, SEEK_SET) == 0;
}

/* The quick way (see sie_quick.h): what comes before the first #VER
 * through the general reader, the rest through sie_quick_body. False when
 * the file is not plain enough; fb must then be thrown away. */
static bool read_quick(struct fb *fb, const char *path, int fd,
		       const struct sie_read_options *ro, const struct sie_handler *h,
		       struct sie_summary *s)
{
	struct stat sb;
	off_t body;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    !sie_quick_find_body(fd, sb.st_size, &body))
		return false;
	int head = memfd_create("finsam-sie-head", MFD_CLOEXEC);
	if (head < 0)
		return false;
	struct error ignored = ERROR_INIT;
	bool ok = copy_head(fd, head, body) && sie_read(path, head, ro, h, s, &ignored);
	close(head);
	error_clear(&ignored);
	if (!ok)
		return false;
	resolve_period(fb, &s->header);
	struct sie_quick_query qq = { .from = fb->from, .to = fb->to, .by_dim = fb->q->by_dim };
	struct sie_quick_result r;
	if (sie_quick_body(fd, body, sb.st_size, &qq, &r) != SIE_QUICK_DONE) {
		sie_summary_free(s);
		return false;
	}
	fb->vouchers |= r.rows > 0;
	for (size_t i = 0; ok && i < r.n; i++) {
		const struct sie_quick_sum *q = &r.sums[i];
		struct fb_entry *e = entry(fb, q->account, strlen(q->account), q->code);
		ok = money_add(e->before, q->before, &e->before) &&
		     money_add(e->change, q->change, &e->change);
	}
	sie_quick_result_free(&r);
	if (!ok)
		sie_summary_free(s);
	return ok;
}

static int compare_rows(const void *pa, const void *pb)
{
	const struct tb_row *a = pa, *b = pb;
	int c = strcmp(a->number, b->number);
	if (c)
		return c;
	if (!*a->object_code != !*b->object_code)
		return *a->object_code ? -1 : 1;
	return strcmp(a->object_code, b->object_code);
}

static bool read_balance(const char *path, const struct tb_query *q, bool quick,
			 struct tb_result *out, struct file_balance_info *info, struct error *err)
{
	memset(out, 0, sizeof *out);
	memset(info, 0, sizeof *info);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		error_set_at(err, ERR_INPUT, path, 0, "kan inte öppna filen: %s", strerror(errno));
		return false;
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	struct fb fb;
	fb_init(&fb, q);
	struct sie_read_options ro = { .allow_unbalanced = true, .rows_only = true,
				       .want_objects = q->by_dim != 0 };
	struct sie_handler h = { .ctx = &fb, .event = on_event, .warning = on_warning, .row = on_row };
	struct sie_summary s;
	bool ok = true;
	info->quick = quick && read_quick(&fb, path, fd, &ro, &h, &s);
	if (!info->quick) {
		/* The general way, from the start, with its messages. */
		fb_free(&fb);
		fb_init(&fb, q);
		ok = sie_read(path, fd, &ro, &h, &s, err);
	}
	close(fd);
	if (ok) {
		resolve_period(&fb, &s.header);
		bool declared = !fb.vouchers && s.header.sietyp != 4;
		if (declared && (q->from || q->to)) {
			error_set_at(err, ERR_INPUT, path, 0,
				     "filen har inga verifikationer, bara årssaldon; --from och --to "
				     "går inte att använda");
			ok = false;
		}
		for (size_t i = 0; ok && i < s.header.nrar; i++)
			if (s.header.rar[i].year == 0) {
				out->year_start = s.header.rar[i].start;
				out->year_end = s.header.rar[i].end;
			}
		out->from = fb.from;
		out->to = fb.to;
		out->has_books = !declared;
		out->complete_to = s.header.omfattn;
		out->by_dim = q->by_dim;
		if (q->by_dim) {
			/* The account-wide entries become "what no object covers". */
			size_t n = fb.n;
			for (size_t i = 0; i < n; i++) {
				if (!*fb.e[i].object_code)
					continue;
				struct fb_entry obj = fb.e[i];
				struct fb_entry *all = entry(&fb, obj.number, strlen(obj.number), "");
				all->ib -= obj.ib;
				all->before -= obj.before;
				all->change -= obj.change;
				all->ub -= obj.ub;
				all->res -= obj.res + obj.psaldo;
			}
		}
		info->company = xstrdup(s.header.fnamn ? s.header.fnamn : "");
		info->orgnr = xstrdup(s.header.orgnr ? s.header.orgnr : "");
		size_t cap = 0;
		for (size_t i = 0; ok && i < fb.n; i++) {
			struct fb_entry *e = &fb.e[i];
			int64_t ni = (int64_t)name_slot(&fb, e->number);
			char type = chart_account_type(e->number,
						       fb.types[ni] ? (char[]){ fb.types[ni], 0 } : NULL);
			bool balance = chart_is_balance_type(type);
			money_t opening = balance ? e->ib : 0, change, closing;
			if (declared) {
				/* SIE leaves zero balances out: no #UB means zero, when
				 * the file has closing balances at all (as in the store). */
				closing = balance ? (e->has_ub ? e->ub : fb.any_ub ? 0 : e->ib)
						  : *e->object_code ? e->psaldo : e->res;
				change = closing - opening;
			} else {
				opening += e->before;
				change = e->change;
				closing = opening + change;
			}
			if (!opening && !change && !closing && !q->all_accounts)
				continue;
			const char *objname = "";
			int64_t oi;
			if (*e->object_code &&
			    strmap_get(&fb.objnames, e->object_code, strlen(e->object_code), &oi))
				objname = fb.objnames_v[oi];
			out->rows = xgrow(out->rows, &cap, out->nrows + 1, sizeof *out->rows);
			out->rows[out->nrows++] = (struct tb_row){
				.number = xstrdup(e->number),
				.name = xstrdup(fb.names_v[ni]),
				.type = type,
				.object_id = *e->object_code ? 1 : 0,
				.object_code = xstrdup(e->object_code),
				.object_name = xstrdup(objname),
				.opening = opening,
				.change = change,
				.closing = closing,
			};
		}
		for (size_t i = 0; ok && i < out->nrows; i++) {
			out->opening += out->rows[i].opening;
			out->change += out->rows[i].change;
			out->closing += out->rows[i].closing;
			if (!chart_is_balance_type(out->rows[i].type) &&
			    !chart_is_result_closing(out->rows[i].number))
				out->result -= out->rows[i].change;
		}
		if (ok && out->nrows)
			qsort(out->rows, out->nrows, sizeof *out->rows, compare_rows);
		out->unbalanced_vouchers = s.counts.unbalanced;
		sie_summary_free(&s);
	}
	fb_free(&fb);
	if (!ok) {
		tb_result_free(out);
		file_balance_info_free(info);
	}
	return ok;
}

bool file_balance(const char *path, const struct tb_query *q, struct tb_result *out,
		  struct file_balance_info *info, struct error *err)
{
	return read_balance(path, q, true, out, info, err);
}

bool file_balance_general(const char *path, const struct tb_query *q, struct tb_result *out,
			  struct file_balance_info *info, struct error *err)
{
	return read_balance(path, q, false, out, info, err);
}

void file_balance_info_free(struct file_balance_info *info)
{
	free(info->company);
	free(info->orgnr);
	memset(info, 0, sizeof *info);
}
