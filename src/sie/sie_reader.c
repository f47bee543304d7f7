/*
 * sie_reader — SIE records to typed events; see sie_reader.h.
 *
 * The record handlers below each take one line from the lexer, check its
 * fields and either update the header, pass an event on, or add to the
 * voucher being assembled. A voucher's strings live in an arena until the
 * closing "}" hands the finished voucher to the caller.
 */
#include "sie/sie_reader.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define NONE ((size_t)-1)
#define VOUCHER_ARENA_MAX (32u << 20)

enum voucher_state { V_NONE, V_EXPECT_OPEN, V_IN_BLOCK };

/* Warnings that may repeat on many lines are reported once, with a count. */
enum warn_kind {
	W_ISO_DATE,
	W_RAR_NO_DATES,
	W_PERIOD_SWAP,
	W_VER_NO_BLOCK,
	W_VER_NO_OPEN,
	W_TRANS_NO_LIST,
	W_EMPTY_OBJECT,
	W_UNBALANCED,
	W_KINDS
};

struct pending_row {
	enum sie_row_kind kind;
	size_t account, text, quantity, sign; /* arena offsets, NONE = absent */
	size_t obj_first, nobj;               /* range in reader.objs */
	money_t amount;
	date_t date;
	bool mirrored;
	long lineno;
};

struct pending_obj {
	int dim;
	size_t code; /* arena offset */
};

struct reader {
	bool arena_full;        /* a string of this voucher did not fit in arena */
	const char *path;
	struct sie_lexer lx;
	const struct sie_read_options *opt;
	const struct sie_handler *h;
	struct sie_header header;
	struct sie_counts counts;
	const struct sie_line *line; /* the line being handled */
	struct error *err;

	enum voucher_state vstate;
	struct buf arena;                 /* strings of the voucher being read */
	size_t v_series, v_number, v_text, v_sign;
	date_t v_date, v_regdate;
	long v_line;
	struct pending_row *rows;
	size_t nrows, rows_cap;
	struct pending_obj *objs;
	size_t nobjs, objs_cap;
	struct sie_row *out_rows;         /* the finished voucher, for the handler */
	size_t out_rows_cap;
	struct sie_objref *out_objs;
	size_t out_objs_cap;

	struct sie_objref evobjs[SIE_MAX_ITEMS / 2]; /* objects of a balance record */

	/* rows_only: the voucher's running sum, and the last #RTRANS row, to
	 * recognise the #TRANS copy that follows it. */
	money_t v_sum;
	long v_rows;
	bool last_added;          /* the previous row was an unmatched #RTRANS */
	char last_account[24];
	money_t last_amount;
	struct buf last_objects;  /* "dim\x1fcode\x1e..." of that row */

	long warn_first[W_KINDS]; /* line of the first warning of each kind */
	long warn_more[W_KINDS];  /* how many more followed */
	char warn_text[W_KINDS][256];
};

/* ---- messages ------------------------------------------------------- */

static bool fail(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(struct reader *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	error_set_at(r->err, ERR_INPUT, r->path, r->line ? r->line->lineno : 0, "%s", msg);
	return false;
}

static void warn(struct reader *r, long lineno, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void warn(struct reader *r, long lineno, const char *fmt, ...)
{
	if (!r->h->warning)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->h->warning(r->h->ctx, lineno, msg);
}

/* A warning that is told once, at its first line, and counted after. */
static void warn_once(struct reader *r, enum warn_kind k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void warn_once(struct reader *r, enum warn_kind k, const char *fmt, ...)
{
	if (r->warn_first[k]) {
		r->warn_more[k]++;
		return;
	}
	r->warn_first[k] = r->line->lineno;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->warn_text[k], sizeof r->warn_text[k], fmt, ap);
	va_end(ap);
}

static void flush_warnings(struct reader *r)
{
	for (int k = 0; k < W_KINDS; k++) {
		if (!r->warn_first[k])
			continue;
		if (r->warn_more[k])
			warn(r, r->warn_first[k], "%s (och på %ld rader till)", r->warn_text[k],
			     r->warn_more[k]);
		else
			warn(r, r->warn_first[k], "%s", r->warn_text[k]);
	}
}

/* ---- fields ------------------------------------------------------------ */

static const struct sie_field *field(struct reader *r, size_t i)
{
	return i < r->line->nfields ? &r->line->fields[i] : NULL;
}

/* Field i as text, or NULL when absent; an object list there is an error. */
static bool text_at(struct reader *r, size_t i, const char **out)
{
	const struct sie_field *f = field(r, i);
	*out = NULL;
	if (!f)
		return true;
	if (f->kind == SIE_LIST)
		return fail(r, "%s: fält %zu ska vara en text, inte en objektlista", r->line->label,
			    i + 1);
	*out = f->s;
	return true;
}

static bool need(struct reader *r, size_t n, const char *what)
{
	if (r->line->nfields < n)
		return fail(r, "%s saknar fält (väntade %s)", r->line->label, what);
	return true;
}

static bool parse_int(const char *s, long min, long max, long *out)
{
	if (!s || !*s)
		return false;
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool int_at(struct reader *r, size_t i, long min, long max, const char *what, long *out)
{
	const char *s;
	if (!text_at(r, i, &s))
		return false;
	if (!parse_int(s, min, max, out))
		return fail(r, "%s: ogiltigt %s \"%s\"", r->line->label, what, s ? s : "");
	return true;
}

static bool valid_account(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (s[n] < '0' || s[n] > '9')
			return false;
	return n >= 1 && n <= 20;
}

static bool account_at(struct reader *r, size_t i, const char **out)
{
	if (!text_at(r, i, out))
		return false;
	if (!*out || !valid_account(*out))
		return fail(r, "%s: ogiltigt kontonummer \"%s\" (ett konto är 1–20 siffror)",
			    r->line->label, *out ? *out : "");
	return true;
}

static bool money_at(struct reader *r, size_t i, money_t *out)
{
	const char *s;
	if (!text_at(r, i, &s))
		return false;
	if (!s)
		return fail(r, "%s saknar belopp", r->line->label);
	enum money_parse_status st = money_parse(s, strlen(s), '.', out);
	if (st != MONEY_OK)
		return fail(r, "%s: ogiltigt belopp \"%s\": %s", r->line->label, s,
			    money_parse_reason(st));
	return true;
}

/* A date field; empty or absent gives 0 when optional. */
static bool date_at(struct reader *r, size_t i, bool optional, const char *what, date_t *out)
{
	const char *s;
	if (!text_at(r, i, &s))
		return false;
	*out = 0;
	if (!s || !*s) {
		if (optional)
			return true;
		return fail(r, "%s saknar %s", r->line->label, what);
	}
	bool iso;
	if (!date_parse(s, strlen(s), out, &iso))
		return fail(r, "%s: ogiltigt %s \"%s\" (väntade ÅÅÅÅMMDD)", r->line->label, what, s);
	if (iso)
		warn_once(r, W_ISO_DATE,
			  "datum skrivet med bindestreck (\"%s\"); standarden föreskriver ÅÅÅÅMMDD, "
			  "datumet lästes ändå",
			  s);
	return true;
}

/* A quantity: a decimal number, or empty. Kept as text so nothing is lost. */
static bool quantity_at(struct reader *r, size_t i, const char **out)
{
	if (!text_at(r, i, out))
		return false;
	if (!*out || !**out) {
		*out = NULL;
		return true;
	}
	const char *s = *out;
	size_t k = 0, digits = 0;
	if (s[k] == '-' || s[k] == '+')
		k++;
	for (; s[k] >= '0' && s[k] <= '9'; k++)
		digits++;
	if (s[k] == '.')
		for (k++; s[k] >= '0' && s[k] <= '9'; k++)
			digits++;
	if (s[k] || !digits)
		return fail(r, "%s: ogiltig kvantitet \"%s\"", r->line->label, s);
	return true;
}

/* An object list at field i into out (at most cap pairs). A missing list is
 * allowed (no objects) and reported through *present. */
static bool objects_at(struct reader *r, size_t i, struct sie_objref *out, size_t cap,
		       size_t *n, bool *present)
{
	const struct sie_field *f = field(r, i);
	*n = 0;
	*present = f && f->kind == SIE_LIST;
	if (!*present)
		return true;
	if (f->count % 2)
		return fail(r, "%s: objektlistan har ett udda antal värden (ska vara par av "
			       "dimension och objekt)",
			    r->line->label);
	for (unsigned k = 0; k < f->count; k += 2) {
		const struct sie_field *d = &r->line->items[f->first + k];
		const struct sie_field *o = &r->line->items[f->first + k + 1];
		long dim;
		if (!parse_int(d->s, 1, 999999, &dim))
			return fail(r, "%s: ogiltigt dimensionsnummer \"%s\" i objektlistan",
				    r->line->label, d->s);
		if (o->len == 0) {
			warn_once(r, W_EMPTY_OBJECT,
				  "tomt objekt för dimension %ld i en objektlista; det hoppades över",
				  dim);
			continue;
		}
		for (size_t j = 0; j < *n; j++)
			if (out[j].dim == dim)
				return fail(r, "%s: dimension %ld förekommer två gånger i "
					       "objektlistan",
					    r->line->label, dim);
		if (*n == cap)
			return fail(r, "%s: för många objekt", r->line->label);
		out[*n].dim = (int)dim;
		out[*n].code = o->s;
		(*n)++;
	}
	return true;
}

/* ---- header records --------------------------------------------------- */

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s ? s : "");
}

/* The rest of the line from field i, joined by single spaces: a name that a
 * producer forgot to quote arrives as several words. */
static char *rest_joined(struct reader *r, size_t i)
{
	struct buf b = BUF_INIT(0);
	for (size_t k = i; k < r->line->nfields; k++) {
		const struct sie_field *f = &r->line->fields[k];
		if (f->kind == SIE_LIST)
			break;
		if (b.len)
			buf_putc(&b, ' ');
		buf_append(&b, f->s, f->len);
	}
	return buf_take(&b);
}

static bool rec_flagga(struct reader *r)
{
	long v;
	if (!int_at(r, 0, 0, 1, "flaggvärde", &v))
		return false;
	r->header.flagga = (int)v;
	if (v == 1)
		warn(r, r->line->lineno,
		     "#FLAGGA 1: filen är markerad som redan inläst i något system; den läses "
		     "ändå");
	return true;
}

static bool rec_program(struct reader *r)
{
	const char *name, *version;
	if (!text_at(r, 0, &name) || !text_at(r, 1, &version))
		return false;
	set_str(&r->header.program, name);
	set_str(&r->header.program_version, version);
	return true;
}

static bool rec_format(struct reader *r)
{
	const char *f;
	if (!text_at(r, 0, &f))
		return false;
	set_str(&r->header.format, f);
	if (f && strcmp(f, "PC8") != 0)
		warn(r, r->line->lineno,
		     "#FORMAT %s: standarden känner bara PC8; teckenkodningen avgörs av innehållet",
		     f);
	return true;
}

static bool rec_gen(struct reader *r)
{
	return date_at(r, 0, true, "datum", &r->header.gen_date);
}

static bool rec_sietyp(struct reader *r)
{
	long v;
	if (!int_at(r, 0, 1, 4, "SIE-typ", &v))
		return false;
	r->header.sietyp = (int)v;
	return true;
}

static bool rec_joined(struct reader *r, char **dst)
{
	free(*dst);
	*dst = rest_joined(r, 0);
	return true;
}

static bool rec_prosa(struct reader *r)
{
	return rec_joined(r, &r->header.prosa);
}

static bool rec_fnamn(struct reader *r)
{
	return rec_joined(r, &r->header.fnamn);
}

static bool rec_simple(struct reader *r, char **dst)
{
	const char *s;
	if (!text_at(r, 0, &s))
		return false;
	set_str(dst, s);
	return true;
}

static bool rec_ftyp(struct reader *r)
{
	return rec_simple(r, &r->header.ftyp);
}

static bool rec_fnr(struct reader *r)
{
	return rec_simple(r, &r->header.fnr);
}

static bool rec_orgnr(struct reader *r)
{
	return rec_simple(r, &r->header.orgnr);
}

static bool rec_kptyp(struct reader *r)
{
	return rec_simple(r, &r->header.kptyp);
}

static bool rec_valuta(struct reader *r)
{
	return rec_simple(r, &r->header.valuta);
}

static bool rec_taxar(struct reader *r)
{
	long v;
	if (!int_at(r, 0, 1000, 9999, "taxeringsår", &v))
		return false;
	r->header.taxar = (int)v;
	return true;
}

static bool rec_omfattn(struct reader *r)
{
	if (!date_at(r, 0, true, "datum", &r->header.omfattn))
		return false;
	if (r->header.omfattn && r->header.omfattn < 19800101) {
		warn(r, r->line->lineno,
		     "#OMFATTN anger %d, ett osannolikt datum; uppgiften används inte",
		     r->header.omfattn);
		r->header.omfattn = 0;
	}
	return true;
}

static bool rec_rar(struct reader *r)
{
	long year;
	if (!int_at(r, 0, -99, 99, "årsnummer", &year))
		return false;
	date_t start, end;
	if (!date_at(r, 1, true, "startdatum", &start) || !date_at(r, 2, true, "slutdatum", &end))
		return false;
	if (!start || !end) {
		warn_once(r, W_RAR_NO_DATES, "#RAR %ld saknar datum; räkenskapsåret bestäms av "
					     "verifikationernas datum",
			  year);
		return true;
	}
	if (end < start)
		return fail(r, "#RAR %ld slutar (%d) före det börjar (%d)", year, end, start);
	for (size_t i = 0; i < r->header.nrar; i++)
		if (r->header.rar[i].year == year)
			return fail(r, "#RAR %ld anges två gånger", year);
	if (r->header.nrar == SIE_MAX_RAR)
		return fail(r, "för många #RAR (över %d)", SIE_MAX_RAR);
	r->header.rar[r->header.nrar++] = (struct sie_rar){ (int)year, start, end };
	return true;
}

/* ---- chart, dimensions, objects ----------------------------------------- */

static bool emit(struct reader *r, struct sie_event *ev)
{
	ev->lineno = r->line->lineno;
	ev->header = &r->header;
	return r->h->event(r->h->ctx, ev, r->err);
}

static bool rec_konto(struct reader *r)
{
	struct sie_event ev = { .kind = SIE_EV_ACCOUNT };
	if (!need(r, 1, "kontonummer och namn") || !account_at(r, 0, &ev.account))
		return false;
	char *name = rest_joined(r, 1);
	ev.text = name;
	r->counts.konto++;
	bool ok = emit(r, &ev);
	free(name);
	return ok;
}

static bool rec_account_attr(struct reader *r, enum sie_event_kind kind)
{
	struct sie_event ev = { .kind = kind };
	if (!need(r, 2, "kontonummer och värde") || !account_at(r, 0, &ev.account) ||
	    !text_at(r, 1, &ev.text))
		return false;
	if (kind == SIE_EV_ACCOUNT_TYPE) {
		const char *t = ev.text;
		if (strlen(t) != 1 || !strchr("TSKItski", t[0]))
			return fail(r, "#KTYP: okänd kontotyp \"%s\" (T, S, K eller I)", t);
	}
	return emit(r, &ev);
}

static bool rec_ktyp(struct reader *r)
{
	return rec_account_attr(r, SIE_EV_ACCOUNT_TYPE);
}

static bool rec_enhet(struct reader *r)
{
	return rec_account_attr(r, SIE_EV_ACCOUNT_UNIT);
}

static bool rec_sru(struct reader *r)
{
	return rec_account_attr(r, SIE_EV_SRU);
}

static bool rec_dim(struct reader *r)
{
	long dim;
	struct sie_event ev = { .kind = SIE_EV_DIM };
	if (!need(r, 1, "dimensionsnummer och namn") ||
	    !int_at(r, 0, 1, 999999, "dimensionsnummer", &dim))
		return false;
	char *name = rest_joined(r, 1);
	ev.dim = (int)dim;
	ev.text = name;
	r->counts.dim++;
	bool ok = emit(r, &ev);
	free(name);
	return ok;
}

static bool rec_underdim(struct reader *r)
{
	long dim, parent;
	struct sie_event ev = { .kind = SIE_EV_DIM };
	if (!need(r, 3, "dimensionsnummer, namn och överordnad dimension") ||
	    !int_at(r, 0, 1, 999999, "dimensionsnummer", &dim) || !text_at(r, 1, &ev.text) ||
	    !int_at(r, 2, 1, 999999, "överordnad dimension", &parent))
		return false;
	ev.dim = (int)dim;
	ev.parent_dim = (int)parent;
	r->counts.underdim++;
	return emit(r, &ev);
}

static bool rec_objekt(struct reader *r)
{
	long dim;
	struct sie_event ev = { .kind = SIE_EV_OBJECT };
	if (!need(r, 2, "dimension, objektkod och namn") ||
	    !int_at(r, 0, 1, 999999, "dimensionsnummer", &dim) || !text_at(r, 1, &ev.code))
		return false;
	if (!*ev.code)
		return fail(r, "#OBJEKT har en tom objektkod");
	char *name = rest_joined(r, 2);
	ev.dim = (int)dim;
	ev.text = name;
	r->counts.objekt++;
	bool ok = emit(r, &ev);
	free(name);
	return ok;
}

/* ---- balances ----------------------------------------------------------- */

static bool rec_balance(struct reader *r, enum sie_balance_kind kind)
{
	struct sie_event ev = { .kind = SIE_EV_BALANCE, .balance = kind };
	long year;
	bool with_objects = kind == SIE_OIB || kind == SIE_OUB;
	size_t amount_at = with_objects ? 3 : 2;
	if (!need(r, amount_at + 1, with_objects ? "årsnr, konto, objekt och saldo"
						: "årsnr, konto och saldo") ||
	    !int_at(r, 0, -99, 99, "årsnummer", &year) || !account_at(r, 1, &ev.account))
		return false;
	if (with_objects) {
		bool present;
		if (!objects_at(r, 2, r->evobjs, SIE_MAX_ITEMS / 2, &ev.nobjects, &present))
			return false;
		if (!present)
			return fail(r, "%s saknar objektlista", r->line->label);
		ev.objects = r->evobjs;
	}
	if (!money_at(r, amount_at, &ev.amount) || !quantity_at(r, amount_at + 1, &ev.quantity))
		return false;
	ev.year = (int)year;
	long *count[] = { &r->counts.ib, &r->counts.ub, &r->counts.res, &r->counts.oib,
			  &r->counts.oub };
	(*count[kind])++;
	return emit(r, &ev);
}

static bool rec_ib(struct reader *r)
{
	return rec_balance(r, SIE_IB);
}
static bool rec_ub(struct reader *r)
{
	return rec_balance(r, SIE_UB);
}
static bool rec_res(struct reader *r)
{
	return rec_balance(r, SIE_RES);
}
static bool rec_oib(struct reader *r)
{
	return rec_balance(r, SIE_OIB);
}
static bool rec_oub(struct reader *r)
{
	return rec_balance(r, SIE_OUB);
}

static bool rec_period(struct reader *r, enum sie_period_kind kind)
{
	struct sie_event ev = { .kind = SIE_EV_PERIOD, .period_kind = kind };
	long year, period;
	if (!need(r, 4, "årsnr, period, konto, objektlista och belopp") ||
	    !int_at(r, 0, -99, 99, "årsnummer", &year))
		return false;
	const char *ps, *as;
	if (!text_at(r, 1, &ps) || !text_at(r, 2, &as))
		return false;
	if (!(parse_int(ps, 100001, 999912, &period) && period_valid((int32_t)period))) {
		long swapped;
		if (as && parse_int(as, 100001, 999912, &swapped) &&
		    period_valid((int32_t)swapped) && valid_account(ps)) {
			warn_once(r, W_PERIOD_SWAP,
				  "%s har period och konto i omvänd ordning (\"%s %s\"); läst som "
				  "period %s, konto %s",
				  r->line->label, ps, as, as, ps);
			period = swapped;
			as = ps;
		} else {
			return fail(r, "%s: ogiltig period \"%s\" (väntade ÅÅÅÅMM)", r->line->label,
				    ps ? ps : "");
		}
	}
	if (!as || !valid_account(as))
		return fail(r, "%s: ogiltigt kontonummer \"%s\"", r->line->label, as ? as : "");
	ev.account = as;
	bool present;
	if (!objects_at(r, 3, r->evobjs, SIE_MAX_ITEMS / 2, &ev.nobjects, &present))
		return false;
	size_t amount_at = present ? 4 : 3;
	if (!money_at(r, amount_at, &ev.amount) || !quantity_at(r, amount_at + 1, &ev.quantity))
		return false;
	ev.objects = r->evobjs;
	ev.year = (int)year;
	ev.period = (int32_t)period;
	if (kind == SIE_PSALDO)
		r->counts.psaldo++;
	else
		r->counts.pbudget++;
	return emit(r, &ev);
}

static bool rec_psaldo(struct reader *r)
{
	return rec_period(r, SIE_PSALDO);
}
static bool rec_pbudget(struct reader *r)
{
	return rec_period(r, SIE_PBUDGET);
}

/* ---- vouchers ------------------------------------------------------------ */

static size_t arena_add(struct reader *r, const char *s)
{
	if (!s)
		return NONE;
	size_t off = r->arena.len;
	if (!buf_append(&r->arena, s, strlen(s) + 1)) {
		r->arena_full = true;
		return NONE;
	}
	return off;
}

static const char *arena_str(struct reader *r, size_t off)
{
	return off == NONE ? NULL : r->arena.data + off;
}

static bool rec_ver(struct reader *r)
{
	const char *series, *number, *text, *sign;
	if (!need(r, 3, "serie, nummer och datum") || !text_at(r, 0, &series) ||
	    !text_at(r, 1, &number) || !date_at(r, 2, false, "verifikationsdatum", &r->v_date) ||
	    !text_at(r, 3, &text) || !date_at(r, 4, true, "registreringsdatum", &r->v_regdate) ||
	    !text_at(r, 5, &sign))
		return false;
	buf_reset(&r->arena);
	r->arena_full = false;
	r->nrows = 0;
	r->nobjs = 0;
	r->v_series = arena_add(r, series);
	r->v_number = arena_add(r, number);
	r->v_text = arena_add(r, text ? text : "");
	r->v_sign = sign && *sign ? arena_add(r, sign) : NONE;
	r->v_line = r->line->lineno;
	r->vstate = V_EXPECT_OPEN;
	r->counts.ver++;
	r->v_sum = 0;
	r->v_rows = 0;
	r->last_added = false;
	return true;
}

/* The fields every row begins with, in both ways of reading: inside a
 * voucher, an account, an object list (which some producers leave out)
 * and an amount. *next is the field after the amount. */
static bool row_head(struct reader *r, enum sie_row_kind kind, const char **account,
		     struct sie_objref *objs, size_t *nobj, money_t *amount, size_t *next)
{
	if (r->vstate != V_IN_BLOCK)
		return fail(r, "%s utanför en verifikation", r->line->label);
	long *count[] = { &r->counts.trans, &r->counts.rtrans, &r->counts.btrans };
	(*count[kind])++;
	bool present;
	if (!need(r, 2, "konto och belopp") || !account_at(r, 0, account) ||
	    !objects_at(r, 1, objs, SIE_MAX_ITEMS / 2, nobj, &present))
		return false;
	if (!present)
		warn_once(r, W_TRANS_NO_LIST, "%s saknar objektlista {}; raden lästes utan objekt",
			  r->line->label);
	size_t k = present ? 2 : 1;
	*next = k + 1;
	return money_at(r, k, amount);
}

static bool same_objects(const struct reader *r, const struct pending_row *a,
			 const struct sie_objref *objs, size_t n)
{
	if (a->nobj != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool found = false;
		for (size_t j = 0; j < a->nobj && !found; j++) {
			const struct pending_obj *o = &r->objs[a->obj_first + j];
			found = o->dim == objs[i].dim &&
				strcmp(r->arena.data + o->code, objs[i].code) == 0;
		}
		if (!found)
			return false;
	}
	return true;
}

static bool rec_row(struct reader *r, enum sie_row_kind kind)
{
	const char *account, *text, *quantity, *sign;
	struct sie_objref objs[SIE_MAX_ITEMS / 2];
	size_t nobj, k;
	money_t amount;
	date_t date;
	if (!row_head(r, kind, &account, objs, &nobj, &amount, &k) ||
	    !date_at(r, k, true, "transaktionsdatum", &date) || !text_at(r, k + 1, &text) ||
	    !quantity_at(r, k + 2, &quantity) || !text_at(r, k + 3, &sign))
		return false;

	/* An #RTRANS is followed by a #TRANS copy of itself for older readers;
	 * that copy is not a row of its own. */
	if (kind == SIE_ROW_NORMAL && r->nrows > 0) {
		struct pending_row *last = &r->rows[r->nrows - 1];
		if (last->kind == SIE_ROW_ADDED && !last->mirrored && last->amount == amount &&
		    strcmp(r->arena.data + last->account, account) == 0 &&
		    same_objects(r, last, objs, nobj)) {
			last->mirrored = true;
			return true;
		}
	}

	if (r->nrows == SIE_MAX_VOUCHER_ROWS)
		return fail(r, "verifikationen har fler än %d rader", SIE_MAX_VOUCHER_ROWS);
	r->rows = xgrow(r->rows, &r->rows_cap, r->nrows + 1, sizeof *r->rows);
	r->objs = xgrow(r->objs, &r->objs_cap, r->nobjs + nobj, sizeof *r->objs);
	struct pending_row *row = &r->rows[r->nrows++];
	*row = (struct pending_row){
		.kind = kind,
		.account = arena_add(r, account),
		.text = text && *text ? arena_add(r, text) : NONE,
		.quantity = arena_add(r, quantity),
		.sign = sign && *sign ? arena_add(r, sign) : NONE,
		.obj_first = r->nobjs,
		.nobj = nobj,
		.amount = amount,
		.date = date,
		.lineno = r->line->lineno,
	};
	for (size_t i = 0; i < nobj; i++)
		r->objs[r->nobjs++] = (struct pending_obj){ objs[i].dim, arena_add(r, objs[i].code) };
	if (r->arena_full)
		return fail(r, "verifikationen är för stor");
	return true;
}

/* The objects of a row as "dim\x1fcode\x1e...", to compare an #RTRANS
 * with the #TRANS copy after it. */
static void objects_text(struct buf *out, const struct sie_objref *objs, size_t n)
{
	buf_reset(out);
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%d\x1f%s\x1e", objs[i].dim, objs[i].code);
}

static bool same_objects_text(const struct sie_objref *objs, size_t n, const struct buf *text)
{
	/* Objects rarely come in a different order; compare as sets. */
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		char item[300];
		int k = snprintf(item, sizeof item, "%d\x1f%s\x1e", objs[i].dim, objs[i].code);
		if (k < 0 || (size_t)k >= sizeof item || !memmem(buf_cstr(text), text->len, item, (size_t)k))
			return false;
		len += (size_t)k;
	}
	return len == text->len;
}

/* rows_only: a #VER read for its series, number and date only; its text
 * is not needed, so it is neither split nor converted. */
static bool rec_raw_ver(struct reader *r, struct sie_line *line)
{
	if (r->vstate == V_IN_BLOCK) {
		error_set_at(r->err, ERR_INPUT, r->path, r->v_line,
			     "verifikationen som börjar här avslutas inte med } före #VER på rad %ld",
			     line->lineno);
		return false;
	}
	return sie_lexer_split_raw(&r->lx, line, 3, r->err) &&
	       sie_lexer_decode_fields(&r->lx, line, r->err) && rec_ver(r);
}

/* rows_only: a row line read for its total alone. */
static bool rec_raw_row(struct reader *r, enum sie_row_kind kind, struct sie_line *line)
{
	if (!sie_lexer_split_raw(&r->lx, line, 3, r->err) ||
	    (r->opt->want_objects && !sie_lexer_decode_fields(&r->lx, line, r->err)))
		return false;
	const char *account;
	money_t amount;
	size_t nobj, next;
	struct sie_objref *objs = r->evobjs;
	if (!row_head(r, kind, &account, objs, &nobj, &amount, &next))
		return false;
	if (kind == SIE_ROW_REMOVED) {
		r->last_added = false;
		return true;
	}
	if (kind == SIE_ROW_NORMAL && r->last_added && r->last_amount == amount &&
	    strcmp(r->last_account, account) == 0 && same_objects_text(objs, nobj, &r->last_objects)) {
		r->last_added = false; /* the #TRANS copy of the #RTRANS before it */
		return true;
	}
	r->last_added = kind == SIE_ROW_ADDED && strlen(account) < sizeof r->last_account;
	if (r->last_added) {
		memcpy(r->last_account, account, strlen(account) + 1);
		r->last_amount = amount;
		objects_text(&r->last_objects, objs, nobj);
	}
	if (!money_add(r->v_sum, amount, &r->v_sum))
		return fail(r, "verifikationens summa blir orimligt stor");
	r->v_rows++;
	struct sie_row_sum row = {
		.account = account,
		.account_len = line->fields[0].len,
		.amount = amount,
		.date = r->v_date,
		.objects = r->opt->want_objects ? objs : NULL,
		.nobjects = r->opt->want_objects ? nobj : 0,
		.header = &r->header,
	};
	return r->h->row(r->h->ctx, &row, r->err);
}

static bool rec_trans(struct reader *r)
{
	return rec_row(r, SIE_ROW_NORMAL);
}
static bool rec_rtrans(struct reader *r)
{
	return rec_row(r, SIE_ROW_ADDED);
}
static bool rec_btrans(struct reader *r)
{
	return rec_row(r, SIE_ROW_REMOVED);
}

/* rows_only, for a voucher read in full: hand its counting rows on. */
static bool deliver_rows(struct reader *r)
{
	struct sie_objref objs[SIE_MAX_ITEMS / 2];
	for (size_t i = 0; i < r->nrows; i++) {
		const struct pending_row *p = &r->rows[i];
		if (p->kind == SIE_ROW_REMOVED)
			continue;
		size_t n = r->opt->want_objects ? p->nobj : 0;
		for (size_t k = 0; k < n && k < SIE_MAX_ITEMS / 2; k++)
			objs[k] = (struct sie_objref){ r->objs[p->obj_first + k].dim,
						       arena_str(r, r->objs[p->obj_first + k].code) };
		const char *account = arena_str(r, p->account);
		struct sie_row_sum row = { .account = account,
					   .account_len = strlen(account),
					   .amount = p->amount,
					   .date = r->v_date,
					   .objects = n ? objs : NULL,
					   .nobjects = n,
					   .header = &r->header };
		if (!r->h->row(r->h->ctx, &row, r->err))
			return false;
	}
	r->nrows = 0;
	r->nobjs = 0;
	return true;
}

/* The voucher is complete: check that it balances and hand it on. */
static bool finish_voucher(struct reader *r)
{
	/* Rows read the quick way were summed as they came; rows read in full
	 * (always, when the file has #KSUMMA) are in r->rows. */
	money_t sum = r->v_sum;
	for (size_t i = 0; i < r->nrows; i++)
		if (r->rows[i].kind != SIE_ROW_REMOVED && !money_add(sum, r->rows[i].amount, &sum))
			return fail(r, "verifikationens summa blir orimligt stor");
	const char *series = arena_str(r, r->v_series), *number = arena_str(r, r->v_number);
	if (sum != 0) {
		char amount[64];
		money_format_sv(sum, &money_style_terminal, amount, sizeof amount);
		if (!r->opt->allow_unbalanced) {
			error_set_at(r->err, ERR_INPUT, r->path, r->v_line,
				     "verifikation %s %s balanserar inte: raderna summerar till %s "
				     "kr (använd --allow-unbalanced för att läsa in den ändå, "
				     "flaggad)",
				     series, number, amount);
			return false;
		}
		r->counts.unbalanced++;
		warn(r, r->v_line, "verifikation %s %s balanserar inte (%s kr); inläst och flaggad",
		     series, number, amount);
	}
	if (r->opt->rows_only) {
		if (r->v_rows == 0 && r->nrows == 0)
			r->counts.empty_ver++;
		r->vstate = V_NONE;
		return deliver_rows(r);
	}
	if (r->nrows == 0)
		r->counts.empty_ver++;

	r->out_rows = xgrow(r->out_rows, &r->out_rows_cap, r->nrows, sizeof *r->out_rows);
	r->out_objs = xgrow(r->out_objs, &r->out_objs_cap, r->nobjs, sizeof *r->out_objs);
	for (size_t i = 0; i < r->nobjs; i++)
		r->out_objs[i] = (struct sie_objref){ r->objs[i].dim, arena_str(r, r->objs[i].code) };
	for (size_t i = 0; i < r->nrows; i++) {
		const struct pending_row *p = &r->rows[i];
		r->out_rows[i] = (struct sie_row){
			.kind = p->kind,
			.account = arena_str(r, p->account),
			.nobjects = p->nobj,
			.objects = p->nobj ? r->out_objs + p->obj_first : NULL,
			.amount = p->amount,
			.date = p->date,
			.text = arena_str(r, p->text),
			.quantity = arena_str(r, p->quantity),
			.sign = arena_str(r, p->sign),
			.mirrored = p->mirrored,
			.lineno = p->lineno,
		};
	}
	struct sie_voucher v = {
		.series = series,
		.number = number,
		.date = r->v_date,
		.text = arena_str(r, r->v_text),
		.reg_date = r->v_regdate,
		.sign = arena_str(r, r->v_sign),
		.lineno = r->v_line,
		.nrows = r->nrows,
		.rows = r->out_rows,
		.imbalance = sum,
	};
	struct sie_event ev = { .kind = SIE_EV_VOUCHER, .voucher = &v };
	r->vstate = V_NONE;
	ev.lineno = r->v_line;
	ev.header = &r->header;
	return r->h->event(r->h->ctx, &ev, r->err);
}

/* ---- dispatch ------------------------------------------------------------ */

struct record_type {
	const char *label;
	bool (*handle)(struct reader *r);
	bool in_voucher; /* may stand between { and } */
	bool header;     /* sets a field of struct sie_header */
};

/* Sorted by label for bsearch. */
static const struct record_type record_types[] = {
	{ "#BTRANS", rec_btrans, true, false },
	{ "#DIM", rec_dim, false, false },
	{ "#ENHET", rec_enhet, false, false },
	{ "#FLAGGA", rec_flagga, false, true },
	{ "#FNAMN", rec_fnamn, false, true },
	{ "#FNR", rec_fnr, false, true },
	{ "#FORMAT", rec_format, false, true },
	{ "#FTYP", rec_ftyp, false, true },
	{ "#GEN", rec_gen, false, true },
	{ "#IB", rec_ib, false, false },
	{ "#KONTO", rec_konto, false, false },
	{ "#KPTYP", rec_kptyp, false, true },
	{ "#KTYP", rec_ktyp, false, false },
	{ "#OBJEKT", rec_objekt, false, false },
	{ "#OIB", rec_oib, false, false },
	{ "#OMFATTN", rec_omfattn, false, true },
	{ "#ORGNR", rec_orgnr, false, true },
	{ "#OUB", rec_oub, false, false },
	{ "#PBUDGET", rec_pbudget, false, false },
	{ "#PROGRAM", rec_program, false, true },
	{ "#PROSA", rec_prosa, false, true },
	{ "#PSALDO", rec_psaldo, false, false },
	{ "#RAR", rec_rar, false, true },
	{ "#RES", rec_res, false, false },
	{ "#RTRANS", rec_rtrans, true, false },
	{ "#SIETYP", rec_sietyp, false, true },
	{ "#SRU", rec_sru, false, false },
	{ "#TAXAR", rec_taxar, false, true },
	{ "#TRANS", rec_trans, true, false },
	{ "#UB", rec_ub, false, false },
	{ "#UNDERDIM", rec_underdim, false, false },
	{ "#VALUTA", rec_valuta, false, true },
	{ "#VER", rec_ver, false, false },
};

static int compare_label(const void *key, const void *elem)
{
	return strcmp(key, ((const struct record_type *)elem)->label);
}

static const struct record_type *lookup(const char *label)
{
	if (label[1] == 'T' && strcmp(label, "#TRANS") == 0)
		return &record_types[28];
	return bsearch(label, record_types, sizeof record_types / sizeof record_types[0],
		       sizeof record_types[0], compare_label);
}

static bool handle_line(struct reader *r, const struct sie_line *line)
{
	r->line = line;
	if (r->vstate == V_EXPECT_OPEN) {
		if (line->kind == SIE_LINE_OPEN) {
			r->vstate = V_IN_BLOCK;
			return true;
		}
		const struct record_type *t =
			line->kind == SIE_LINE_RECORD || line->kind == SIE_LINE_RAW_ROW
				? lookup(line->label)
				: NULL;
		if (t && t->in_voucher) {
			/* Rows right after #VER: the producer left out the "{". */
			warn_once(r, W_VER_NO_OPEN,
				  "#VER på rad %ld saknar { före sina rader; raderna lästes ändå",
				  r->v_line);
			r->vstate = V_IN_BLOCK;
			return handle_line(r, line);
		}
		warn_once(r, W_VER_NO_BLOCK,
			  "#VER på rad %ld följs inte av { ... }; verifikationen lästes utan rader",
			  r->v_line);
		if (!finish_voucher(r))
			return false;
		r->line = line;
	}
	if (line->kind == SIE_LINE_RAW_ROW && line->label[1] == 'V')
		return rec_raw_ver(r, (struct sie_line *)line);
	if (line->kind == SIE_LINE_RAW_ROW) {
		enum sie_row_kind kind = line->label[1] == 'R'	 ? SIE_ROW_ADDED
					 : line->label[1] == 'B' ? SIE_ROW_REMOVED
								 : SIE_ROW_NORMAL;
		return rec_raw_row(r, kind, (struct sie_line *)line);
	}
	if (line->kind == SIE_LINE_OPEN)
		return fail(r, "{ utan föregående #VER");
	if (line->kind == SIE_LINE_CLOSE) {
		if (r->vstate != V_IN_BLOCK)
			return fail(r, "} utan en öppen verifikation");
		return finish_voucher(r);
	}
	const struct record_type *t = lookup(line->label);
	if (!t) {
		r->counts.unknown++;
		return true; /* the standard: ignore records you do not know */
	}
	if (r->vstate == V_IN_BLOCK && !t->in_voucher) {
		error_set_at(r->err, ERR_INPUT, r->path, r->v_line,
			     "verifikationen som börjar här avslutas inte med } före %s på rad %ld",
			     line->label, line->lineno);
		return false;
	}
	if (!t->handle(r))
		return false;
	r->header.changes += t->header;
	return true;
}

static void header_free(struct sie_header *h)
{
#define FREE_STRING(f) \
	free(h->f);      \
	h->f = NULL;
	SIE_HEADER_STRINGS(FREE_STRING)
#undef FREE_STRING
}

bool sie_read(const char *path, int fd, const struct sie_read_options *opt,
	      const struct sie_handler *h, struct sie_summary *summary, struct error *err)
{
	struct reader *r = xcalloc(1, sizeof *r);
	r->path = path;
	r->opt = opt;
	r->h = h;
	r->err = err;
	buf_init(&r->arena, VOUCHER_ARENA_MAX);
	memset(summary, 0, sizeof *summary);
	bool ok = sie_lexer_open(&r->lx, path, fd, opt->want_sha256, err);
	bool lexer_open = ok;
	r->lx.raw_rows = opt->rows_only && h->row;
	buf_init(&r->last_objects, 0);
	while (ok) {
		struct sie_line line;
		int got = sie_lexer_next(&r->lx, &line, err);
		if (got < 0) {
			ok = false;
			break;
		}
		if (got == 0)
			break;
		ok = handle_line(r, &line);
	}
	if (ok && r->vstate == V_EXPECT_OPEN) {
		ok = finish_voucher(r);
	} else if (ok && r->vstate == V_IN_BLOCK) {
		error_set_at(err, ERR_INPUT, path, r->v_line,
			     "filen tar slut mitt i verifikationen som börjar här; filen är avkortad");
		ok = false;
	}
	if (ok && r->header.nrar == 0 && r->counts.ver == 0 && r->counts.ib + r->counts.ub +
									r->counts.res ==
								0 &&
	    r->counts.konto == 0 && r->counts.psaldo == 0) {
		error_set_at(err, ERR_INPUT, path, 0,
			     "filen innehåller ingen bokföring (inga konton, saldon eller "
			     "verifikationer)");
		ok = false;
	}
	if (ok) {
		r->line = NULL;
		flush_warnings(r);
		if (r->lx.replacement_chars)
			warn(r, 0,
			     "filen innehåller %zu ersättningstecken (U+FFFD): texten har skadats i "
			     "en tidigare teckenkonvertering; beloppen påverkas inte",
			     r->lx.replacement_chars);
		summary->header = r->header;
		memset(&r->header, 0, sizeof r->header);
		summary->counts = r->counts;
		summary->ksumma = r->lx.ksumma;
		summary->ksumma_value = r->lx.ksumma_declared;
		summary->encodings_seen = r->lx.encodings_seen;
		summary->replacement_chars = r->lx.replacement_chars;
		summary->bytes = r->lx.bytes;
		summary->lines = r->lx.lineno;
		memcpy(summary->sha256, r->lx.sha256_hex, sizeof summary->sha256);
	}
	if (lexer_open)
		sie_lexer_close(&r->lx);
	header_free(&r->header);
	buf_free(&r->arena);
	buf_free(&r->last_objects);
	free(r->rows);
	free(r->objs);
	free(r->out_rows);
	free(r->out_objs);
	free(r);
	return ok;
}

void sie_summary_free(struct sie_summary *s)
{
	header_free(&s->header);
}

bool sie_is_4i(const struct sie_summary *s)
{
	const struct sie_counts *c = &s->counts;
	return s->header.sietyp == 4 && c->ib + c->ub + c->res + c->oib + c->oub + c->psaldo == 0;
}

const char *sie_type_name(const struct sie_summary *s)
{
	switch (s->header.sietyp) {
	case 0:
	case 1:
		return "1";
	case 2:
		return "2";
	case 3:
		return "3";
	default:
		return sie_is_4i(s) ? "4I" : "4E";
	}
}
