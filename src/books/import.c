/*
 * import — a SIE file into the store, all or nothing; see import.h.
 *
 * The reader streams events; the importer writes accounts, objects and
 * vouchers straight into the store as they come (inside a SAVEPOINT),
 * sums rows into per-month balances, and stages declared balances in a
 * temporary table. When the file has been read to the end, finish()
 * decides what the file replaces, compares old and new vouchers, moves
 * the staged balances into place and writes the import log. Any failure
 * rolls the savepoint back.
 */
#include "books/import.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "books/chart.h"
#include "books/check.h"
#include "books/import_diff.h"
#include "books/period_acc.h"
#include "sie/sie_pipe.h"
#include "store/batch.h"
#include "util/jsonw.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#define MAX_MESSAGES 1000

/* Where one serialised row lies in the fingerprint buffer. */
struct span {
	size_t off, len;
};

/* A fiscal year as the importer knows it. */
struct year {
	int64_t id;
	date_t start, end;
};

struct importer {
	struct store *st;
	const char *path;
	struct import_result *res;
	int64_t import_id;

	struct strmap accounts; /* number -> account id */
	struct strmap objects;  /* "dim\x1fcode" -> object id */
	struct strmap dims;     /* dimension number (as text) -> 1 */

	struct year *years;     /* every fiscal year in the store */
	size_t nyears, years_cap;
	size_t rar_seen;        /* header RARs resolved into rar_year */
	int64_t rar_year[SIE_MAX_RAR];

	sqlite3_stmt *ins_account, *set_account_name, *set_account_type, *set_account_unit,
		*set_account_sru, *ins_dim, *set_dim, *ins_object, *set_object_name, *ins_staged;
	struct store_batch vouchers_out;
	bool batches_ready;
	int64_t next_voucher_id;  /* ids are given here, not by SQLite */
	int64_t first_voucher_id; /* the first of this import's */
	struct buf rows_json;     /* the voucher being written: its rows as JSON */
	struct period_acc acc;

	bool bulk;              /* row indexes dropped during the load */
	char **index_sql;       /* their definitions, to build them again */
	size_t nindex_sql;
	struct buf scratch;     /* per-voucher serialisation */
	struct span *spans;
	size_t spans_cap;

	long vouchers;          /* vouchers read */
	int64_t first_voucher_year;
	bool many_voucher_years;
	long messages_dropped;
};

/* ---- messages ------------------------------------------------------- */

static void add_message(struct importer *im, long line, const char *text)
{
	struct import_result *res = im->res;
	if (res->nmessages == MAX_MESSAGES) {
		im->messages_dropped++;
		return;
	}
	res->messages = xrealloc(res->messages, (res->nmessages + 1) * sizeof *res->messages);
	res->messages[res->nmessages++] = (struct import_message){ line, xstrdup(text) };
}

static void on_warning(void *ctx, long line, const char *msg)
{
	add_message(ctx, line, msg);
}

/* ---- fiscal years --------------------------------------------------- */

static bool load_years(struct importer *im, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(im->st, &stmt, "SELECT id, start_date, end_date FROM fiscal_year", err))
		return false;
	int rc;
	while ((rc = store_step(im->st, stmt, err)) == SQLITE_ROW) {
		im->years = xgrow(im->years, &im->years_cap, im->nyears + 1, sizeof *im->years);
		im->years[im->nyears++] = (struct year){ sqlite3_column_int64(stmt, 0),
							 sqlite3_column_int(stmt, 1),
							 sqlite3_column_int(stmt, 2) };
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

/* The id of the fiscal year start..end, created when new. A year that
 * overlaps another with different dates is an error. */
static bool year_for_range(struct importer *im, date_t start, date_t end, long lineno,
			   int64_t *id, struct error *err)
{
	for (size_t i = 0; i < im->nyears; i++) {
		struct year *y = &im->years[i];
		if (y->start == start && y->end == end) {
			*id = y->id;
			return true;
		}
		if (start <= y->end && y->start <= end) {
			char a[11], b[11], c[11], d[11];
			error_set_at(err, ERR_INPUT, im->path, lineno,
				     "räkenskapsåret %s – %s överlappar det befintliga %s – %s",
				     date_format(start, a), date_format(end, b),
				     date_format(y->start, c), date_format(y->end, d));
			return false;
		}
	}
	sqlite3_stmt *stmt;
	if (!store_prepare(im->st, &stmt,
			   "INSERT INTO fiscal_year (start_date, end_date) VALUES (?, ?)", err))
		return false;
	sqlite3_bind_int(stmt, 1, start);
	sqlite3_bind_int(stmt, 2, end);
	int rc = store_step(im->st, stmt, err);
	sqlite3_finalize(stmt);
	if (rc < 0)
		return false;
	*id = sqlite3_last_insert_rowid(im->st->db);
	im->years = xgrow(im->years, &im->years_cap, im->nyears + 1, sizeof *im->years);
	im->years[im->nyears++] = (struct year){ *id, start, end };
	return true;
}

/* Resolve #RAR records the header has gained since last time. */
static bool resolve_rars(struct importer *im, const struct sie_header *h, struct error *err)
{
	for (; im->rar_seen < h->nrar; im->rar_seen++) {
		const struct sie_rar *r = &h->rar[im->rar_seen];
		if (!year_for_range(im, r->start, r->end, 0, &im->rar_year[im->rar_seen], err))
			return false;
	}
	return true;
}

static int64_t rar_year_id(const struct importer *im, const struct sie_header *h, int year)
{
	for (size_t i = 0; i < im->rar_seen && i < h->nrar; i++)
		if (h->rar[i].year == year)
			return im->rar_year[i];
	return 0;
}

/* The fiscal year a voucher dated d belongs to: a declared #RAR, a year
 * the store has, or else a new calendar year. */
static bool year_for_date(struct importer *im, const struct sie_header *h, date_t d,
			  long lineno, int64_t *id, struct error *err)
{
	for (size_t i = 0; i < im->rar_seen; i++)
		if (h->rar[i].start <= d && d <= h->rar[i].end) {
			*id = im->rar_year[i];
			return true;
		}
	for (size_t i = 0; i < im->nyears; i++)
		if (im->years[i].start <= d && d <= im->years[i].end) {
			*id = im->years[i].id;
			return true;
		}
	date_t start = d / 10000 * 10000 + 101, end = d / 10000 * 10000 + 1231;
	return year_for_range(im, start, end, lineno, id, err);
}

/* ---- chart, dimensions, objects -------------------------------------- */

static bool load_map(struct importer *im, struct strmap *map, const char *sql,
		     struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(im->st, &stmt, sql, err))
		return false;
	int rc;
	while ((rc = store_step(im->st, stmt, err)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_blob(stmt, 0);
		int n = sqlite3_column_bytes(stmt, 0);
		strmap_put(map, key ? key : "", (size_t)n, sqlite3_column_int64(stmt, 1));
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

static bool step_reset(struct importer *im, sqlite3_stmt *stmt, struct error *err)
{
	int rc = store_step(im->st, stmt, err);
	sqlite3_reset(stmt);
	return rc >= 0;
}

static bool account_id(struct importer *im, const char *number, int64_t *id, struct error *err)
{
	size_t n = strlen(number);
	if (strmap_get(&im->accounts, number, n, id))
		return true;
	store_bind_text(im->ins_account, 1, number);
	if (!step_reset(im, im->ins_account, err))
		return false;
	*id = sqlite3_last_insert_rowid(im->st->db);
	strmap_put(&im->accounts, number, n, *id);
	return true;
}

static const char *standard_dim_name(int dim)
{
	/* The dimensions the SIE standard reserves. */
	switch (dim) {
	case 1:
		return "Kostnadsställe";
	case 2:
		return "Kostnadsbärare";
	case 6:
		return "Projekt";
	case 7:
		return "Anställd";
	case 8:
		return "Kund";
	case 9:
		return "Leverantör";
	case 10:
		return "Faktura";
	default:
		return NULL;
	}
}

static bool ensure_dim(struct importer *im, int dim, struct error *err)
{
	char key[16];
	int n = snprintf(key, sizeof key, "%d", dim);
	int64_t dummy;
	if (strmap_get(&im->dims, key, (size_t)n, &dummy))
		return true;
	const char *name = standard_dim_name(dim);
	char fallback[32];
	if (!name) {
		snprintf(fallback, sizeof fallback, "Dimension %d", dim);
		name = fallback;
	}
	sqlite3_bind_int(im->ins_dim, 1, dim);
	store_bind_text(im->ins_dim, 2, name);
	if (!step_reset(im, im->ins_dim, err))
		return false;
	strmap_put(&im->dims, key, (size_t)n, 1);
	return true;
}

static bool object_id(struct importer *im, int dim, const char *code, int64_t *id,
		      struct error *err)
{
	char key[256 + 16];
	size_t len = strlen(code);
	if (len > 256) {
		error_set_at(err, ERR_INPUT, im->path, 0, "objektkoden \"%.40s...\" är för lång",
			     code);
		return false;
	}
	/* "dim\x1fcode", as load_map builds it from the store. */
	char digits[16];
	int nd = 0;
	for (unsigned d = (unsigned)dim; nd == 0 || d; d /= 10)
		digits[nd++] = (char)('0' + d % 10);
	int n = 0;
	while (nd)
		key[n++] = digits[--nd];
	key[n++] = '\x1f';
	memcpy(key + n, code, len);
	n += (int)len;
	if (strmap_get(&im->objects, key, (size_t)n, id))
		return true;
	if (!ensure_dim(im, dim, err))
		return false;
	sqlite3_bind_int(im->ins_object, 1, dim);
	store_bind_text(im->ins_object, 2, code);
	if (!step_reset(im, im->ins_object, err))
		return false;
	*id = sqlite3_last_insert_rowid(im->st->db);
	strmap_put(&im->objects, key, (size_t)n, *id);
	return true;
}

/* Sorted, comma-separated object ids of an object list: the key declared
 * balances are stored under. */
static bool objects_key(struct importer *im, const struct sie_objref *objs, size_t n,
			struct buf *out, struct error *err)
{
	int64_t ids[SIE_MAX_ITEMS / 2];
	for (size_t i = 0; i < n; i++) {
		if (!object_id(im, objs[i].dim, objs[i].code, &ids[i], err))
			return false;
		for (size_t j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			int64_t t = ids[j];
			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	}
	buf_reset(out);
	for (size_t i = 0; i < n; i++)
		buf_printf(out, i ? ",%lld" : "%lld", (long long)ids[i]);
	return true;
}

/* ---- events ---------------------------------------------------------- */

static bool on_account_event(struct importer *im, const struct sie_event *ev, struct error *err)
{
	int64_t id;
	if (!account_id(im, ev->account, &id, err))
		return false;
	sqlite3_stmt *stmt = ev->kind == SIE_EV_ACCOUNT	       ? im->set_account_name
			     : ev->kind == SIE_EV_ACCOUNT_TYPE ? im->set_account_type
			     : ev->kind == SIE_EV_ACCOUNT_UNIT ? im->set_account_unit
							       : im->set_account_sru;
	char type[2] = { ev->text[0], '\0' };
	if (ev->kind == SIE_EV_ACCOUNT_TYPE && type[0] >= 'a')
		type[0] = (char)(type[0] - 'a' + 'A');
	store_bind_text(stmt, 1, ev->kind == SIE_EV_ACCOUNT_TYPE ? type : ev->text);
	sqlite3_bind_int64(stmt, 2, id);
	return step_reset(im, stmt, err);
}

static bool on_dim(struct importer *im, const struct sie_event *ev, struct error *err)
{
	if (ev->parent_dim && !ensure_dim(im, ev->parent_dim, err))
		return false;
	sqlite3_bind_int(im->set_dim, 1, ev->dim);
	store_bind_text(im->set_dim, 2, ev->text);
	store_bind_int_or_null(im->set_dim, 3, ev->parent_dim);
	if (!step_reset(im, im->set_dim, err))
		return false;
	char key[16];
	int n = snprintf(key, sizeof key, "%d", ev->dim);
	strmap_put(&im->dims, key, (size_t)n, 1);
	return true;
}

static bool on_object(struct importer *im, const struct sie_event *ev, struct error *err)
{
	int64_t id;
	if (!object_id(im, ev->dim, ev->code, &id, err))
		return false;
	store_bind_text(im->set_object_name, 1, ev->text);
	sqlite3_bind_int64(im->set_object_name, 2, id);
	return step_reset(im, im->set_object_name, err);
}

static bool stage(struct importer *im, const struct sie_event *ev, const char *kind,
		  int32_t period, struct error *err)
{
	int64_t acc;
	struct buf key = BUF_INIT(0);
	bool ok = account_id(im, ev->account, &acc, err) &&
		  objects_key(im, ev->objects, ev->nobjects, &key, err);
	if (ok) {
		sqlite3_stmt *s = im->ins_staged;
		sqlite3_bind_int(s, 1, ev->year);
		sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, period);
		sqlite3_bind_int64(s, 4, acc);
		store_bind_text(s, 5, buf_cstr(&key));
		sqlite3_bind_int64(s, 6, ev->amount);
		store_bind_text(s, 7, ev->quantity);
		sqlite3_bind_int64(s, 8, ev->lineno);
		ok = step_reset(im, s, err);
	}
	buf_free(&key);
	return ok;
}

static bool on_balance(struct importer *im, const struct sie_event *ev, struct error *err)
{
	static const char *const kinds[] = { "IB", "UB", "RES", "IB", "UB" };
	return stage(im, ev, kinds[ev->balance], 0, err);
}

static bool on_period(struct importer *im, const struct sie_event *ev, struct error *err)
{
	return stage(im, ev, ev->period_kind == SIE_PSALDO ? "PSALDO" : "PBUDGET", ev->period,
		     err);
}

/* Append s and the separator '|' (NULL as "\x01", which no text holds). */
static void field(struct buf *b, const char *s)
{
	buf_puts(b, s ? s : "\x01");
	buf_putc(b, '|');
}

static void int_field(struct buf *b, int64_t v)
{
	buf_put_int(b, v);
	buf_putc(b, '|');
}

/* One row, serialised for the fingerprint: every field, objects in
 * dimension order. */
static void serialise_row(struct buf *out, const struct sie_row *r)
{
	int_field(out, r->kind);
	int_field(out, r->amount);
	int_field(out, r->date);
	field(out, r->account);
	field(out, r->text);
	field(out, r->quantity);
	field(out, r->sign);
	for (int last = 0;;) {
		int next = -1;
		size_t at = 0;
		for (size_t k = 0; k < r->nobjects; k++)
			if (r->objects[k].dim > last && (next < 0 || r->objects[k].dim < next)) {
				next = r->objects[k].dim;
				at = k;
			}
		if (next < 0)
			break;
		buf_put_int(out, next);
		buf_putc(out, ':');
		field(out, r->objects[at].code);
		last = next;
	}
}

static int compare_spans(const void *pa, const void *pb, void *base)
{
	const struct span *a = pa, *b = pb;
	const char *text = base;
	int c = memcmp(text + a->off, text + b->off, a->len < b->len ? a->len : b->len);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* A fingerprint of everything a voucher says, independent of the order of
 * its rows: BLAKE2b over the header and the rows sorted by their bytes. */
static void fingerprint(struct importer *im, const struct sie_voucher *v, unsigned char out[16])
{
	struct buf *b = &im->scratch;
	buf_reset(b);
	int_field(b, v->date);
	int_field(b, v->reg_date);
	field(b, v->series);
	field(b, v->number);
	field(b, v->text);
	field(b, v->sign);
	size_t header = b->len;
	im->spans = xgrow(im->spans, &im->spans_cap, v->nrows ? v->nrows : 1, sizeof *im->spans);
	for (size_t i = 0; i < v->nrows; i++) {
		size_t off = b->len;
		serialise_row(b, &v->rows[i]);
		im->spans[i] = (struct span){ off, b->len - off };
	}
	qsort_r(im->spans, v->nrows, sizeof *im->spans, compare_spans, b->data);
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 16);
	crypto_generichash_update(&h, (const unsigned char *)b->data, header);
	/* Each row and then a line end: the row's bytes alone, so the order
	 * of the rows in the file cannot change the fingerprint. */
	for (size_t i = 0; i < v->nrows; i++) {
		crypto_generichash_update(&h, (const unsigned char *)b->data + im->spans[i].off,
					  im->spans[i].len);
		crypto_generichash_update(&h, (const unsigned char *)"\n", 1);
	}
	crypto_generichash_final(&h, out, 16);
}

/* One row as stored: [kind, account_id, amount, objects, date, text,
 * quantity, sign], without the empty fields at the end. */
static void row_json(struct buf *b, const struct sie_row *r, int64_t account,
		     const int64_t *objects, size_t nobjects)
{
	int last = r->sign ? 7 : r->quantity ? 6 : r->text ? 5 : r->date ? 4 : nobjects ? 3 : 2;
	buf_putc(b, '[');
	buf_put_int(b, r->kind);
	buf_putc(b, ',');
	buf_put_int(b, account);
	buf_putc(b, ',');
	buf_put_int(b, r->amount);
	if (last >= 3) {
		buf_puts(b, ",[");
		for (size_t k = 0; k < nobjects; k++) {
			if (k)
				buf_putc(b, ',');
			buf_put_int(b, objects[k]);
		}
		buf_putc(b, ']');
	}
	if (last >= 4) {
		buf_putc(b, ',');
		if (r->date)
			buf_put_int(b, r->date);
		else
			buf_puts(b, "null");
	}
	const char *texts[] = { r->text, r->quantity, r->sign };
	for (int k = 0; 5 + k <= last; k++) {
		buf_putc(b, ',');
		jsonw_string(b, texts[k]);
	}
	buf_putc(b, ']');
}

static bool on_voucher(struct importer *im, const struct sie_event *ev, struct error *err)
{
	const struct sie_voucher *v = ev->voucher;
	int64_t year;
	if (!year_for_date(im, ev->header, v->date, v->lineno, &year, err))
		return false;
	if (im->vouchers++ == 0)
		im->first_voucher_year = year;
	else if (year != im->first_voucher_year)
		im->many_voucher_years = true;

	int64_t voucher_id = im->next_voucher_id++;
	int32_t period = date_period(v->date);
	struct buf *json = &im->rows_json;
	buf_reset(json);
	buf_putc(json, '[');
	int64_t objs[SIE_MAX_ITEMS / 2];
	for (size_t i = 0; i < v->nrows; i++) {
		const struct sie_row *r = &v->rows[i];
		int64_t acc;
		if (!account_id(im, r->account, &acc, err))
			return false;
		for (size_t k = 0; k < r->nobjects; k++)
			if (!object_id(im, r->objects[k].dim, r->objects[k].code, &objs[k], err))
				return false;
		if (i)
			buf_putc(json, ',');
		row_json(json, r, acc, objs, r->nobjects);
		if (r->kind == SIE_ROW_REMOVED)
			continue;
		if (!period_acc_add(&im->acc, year, acc, 0, period, r->amount, err))
			return false;
		for (size_t k = 0; k < r->nobjects; k++)
			if (!period_acc_add(&im->acc, year, acc, objs[k], period, r->amount, err))
				return false;
	}
	buf_putc(json, ']');

	unsigned char fp[16];
	fingerprint(im, v, fp);
	struct store_batch *vb = &im->vouchers_out;
	if (!store_batch_int(vb, voucher_id, err) || !store_batch_int(vb, year, err) ||
	    !store_batch_int(vb, im->import_id, err) || !store_batch_text(vb, v->series, err) ||
	    !store_batch_text(vb, v->number, err) || !store_batch_int(vb, v->date, err) ||
	    !store_batch_text(vb, v->text, err) || !store_batch_int_or_null(vb, v->reg_date, err) ||
	    !store_batch_text(vb, v->sign, err) || !store_batch_int(vb, v->imbalance, err) ||
	    !store_batch_blob(vb, fp, sizeof fp, err) || !store_batch_int(vb, v->lineno, err) ||
	    !store_batch_text(vb, buf_cstr(json), err))
		return false;
	return true;
}

static bool on_event(void *ctx, const struct sie_event *ev, struct error *err)
{
	struct importer *im = ctx;
	if (ev->header->nrar > im->rar_seen && !resolve_rars(im, ev->header, err))
		return false;
	switch (ev->kind) {
	case SIE_EV_ACCOUNT:
	case SIE_EV_ACCOUNT_TYPE:
	case SIE_EV_ACCOUNT_UNIT:
	case SIE_EV_SRU:
		return on_account_event(im, ev, err);
	case SIE_EV_DIM:
		return on_dim(im, ev, err);
	case SIE_EV_OBJECT:
		return on_object(im, ev, err);
	case SIE_EV_BALANCE:
		return on_balance(im, ev, err);
	case SIE_EV_PERIOD:
		return on_period(im, ev, err);
	case SIE_EV_VOUCHER:
		return on_voucher(im, ev, err);
	}
	return true;
}

/* ---- setup ------------------------------------------------------------- */

static bool prepare_all(struct importer *im, struct error *err)
{
	struct {
		sqlite3_stmt **stmt;
		const char *sql;
	} stmts[] = {
		{ &im->ins_account, "INSERT INTO account (number) VALUES (?)" },
		{ &im->set_account_name, "UPDATE account SET name = ? WHERE id = ?" },
		{ &im->set_account_type, "UPDATE account SET type = ? WHERE id = ?" },
		{ &im->set_account_unit, "UPDATE account SET unit = ? WHERE id = ?" },
		{ &im->set_account_sru, "UPDATE account SET sru = ? WHERE id = ?" },
		{ &im->ins_dim, "INSERT INTO dimension (number, name) VALUES (?, ?)" },
		{ &im->set_dim, "INSERT INTO dimension (number, name, parent) VALUES (?, ?, ?)\n"
				"ON CONFLICT (number) DO UPDATE SET name = excluded.name,\n"
				"  parent = excluded.parent" },
		{ &im->ins_object, "INSERT INTO object (dim, code) VALUES (?, ?)" },
		{ &im->set_object_name, "UPDATE object SET name = ? WHERE id = ?" },
		{ &im->ins_staged, "INSERT INTO temp.staged VALUES (?, ?, ?, ?, ?, ?, ?, ?)" },
	};
	if (!store_exec(im->st,
			"CREATE TEMP TABLE IF NOT EXISTS staged (\n"
			"  year INTEGER, kind TEXT, period INTEGER, account_id INTEGER,\n"
			"  objects TEXT, amount INTEGER, quantity TEXT, line INTEGER);\n"
			"DELETE FROM temp.staged;",
			err))
		return false;
	for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++)
		if (!store_prepare(im->st, stmts[i].stmt, stmts[i].sql, err))
			return false;
	im->batches_ready = true;
	/* INSERT OR FAIL: see store/batch.h. */
	return store_batch_init(&im->vouchers_out, im->st,
				"INSERT OR FAIL INTO voucher (id, year_id, import_id, series, number,\n"
				"  date, text, reg_date, sign, imbalance, fingerprint, source_line,\n"
				"  rows)",
				NULL, 13, 64, err);
}

static bool flush_batches(struct importer *im, struct error *err)
{
	return store_batch_flush(&im->vouchers_out, err);
}

static void finalize_all(struct importer *im)
{
	sqlite3_stmt **all[] = { &im->ins_account,    &im->set_account_name, &im->set_account_type,
				 &im->set_account_unit, &im->set_account_sru,  &im->ins_dim,
				 &im->set_dim,	       &im->ins_object,	       &im->set_object_name,
				 &im->ins_staged };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		sqlite3_finalize(*all[i]);
		*all[i] = NULL;
	}
	if (im->batches_ready) {
		store_batch_free(&im->vouchers_out);
		im->batches_ready = false;
	}
}

/* Below this many vouchers in the store, the voucher indexes are dropped
 * for the load and built again afterwards: sorting once beats updating them
 * row by row. Above it, rebuilding for those already there would cost
 * more. */
#define BULK_LOAD_MAX_ROWS 100000

static const char bulk_indexes[] =
	"SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL\n"
	"  AND tbl_name = 'voucher' ORDER BY name";

static bool begin_bulk(struct importer *im, struct error *err)
{
	int64_t rows;
	if (!store_query_int(im->st, "SELECT coalesce(max(id), 0) FROM voucher", NULL, 0, 0,
			     &rows, err))
		return false;
	if (rows > BULK_LOAD_MAX_ROWS)
		return true;
	sqlite3_stmt *stmt;
	if (!store_prepare(im->st, &stmt, bulk_indexes, err))
		return false;
	int rc;
	struct buf drop = BUF_INIT(0);
	while ((rc = store_step(im->st, stmt, err)) == SQLITE_ROW) {
		im->index_sql = xrealloc(im->index_sql, (im->nindex_sql + 1) * sizeof *im->index_sql);
		im->index_sql[im->nindex_sql++] = xstrdup(store_column_text(stmt, 1));
		buf_printf(&drop, "DROP INDEX \"%s\";", store_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	bool ok = rc == SQLITE_DONE && store_exec(im->st, buf_cstr(&drop), err);
	buf_free(&drop);
	im->bulk = ok;
	return ok;
}

static bool end_bulk(struct importer *im, struct error *err)
{
	for (size_t i = 0; im->bulk && i < im->nindex_sql; i++)
		if (!store_exec(im->st, im->index_sql[i], err))
			return false;
	im->bulk = false;
	return true;
}

/* The log entry is written first (vouchers refer to it) and completed
 * at the end. */
static bool begin_log(struct importer *im, const char *name, struct error *err)
{
	char now[32];
	date_now_iso(now, sizeof now);
	sqlite3_stmt *stmt;
	if (!store_prepare(im->st, &stmt,
			   "INSERT INTO import (time, file_name, sha256, bytes, format, mode, counts)\n"
			   "VALUES (?, ?, '', 0, '', 'replace', '{}')",
			   err))
		return false;
	store_bind_text(stmt, 1, now);
	store_bind_text(stmt, 2, name);
	int rc = store_step(im->st, stmt, err);
	sqlite3_finalize(stmt);
	im->import_id = sqlite3_last_insert_rowid(im->st->db);
	/* The import now holds the write lock: ids can be handed out here. */
	return rc >= 0 &&
	       store_query_int(im->st, "SELECT coalesce(max(id), 0) + 1 FROM voucher", NULL, 0, 1,
			       &im->next_voucher_id, err) &&
	       (im->first_voucher_id = im->next_voucher_id, true);
}

/* ---- finishing -------------------------------------------------------- */

static char *orgnr_digits(const char *s)
{
	struct buf b = BUF_INIT(0);
	for (; s && *s; s++)
		if (*s >= '0' && *s <= '9')
			buf_putc(&b, *s);
	return buf_take(&b);
}

/* The file must be about the store's förbund; an empty store adopts the
 * file's name and number. */
static bool check_org(struct importer *im, const struct sie_header *h, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(im->st, &stmt, "SELECT name, orgnr FROM org WHERE id = 1", err))
		return false;
	if (store_step(im->st, stmt, err) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		return false;
	}
	char *name = xstrdup(store_column_text(stmt, 0));
	char *orgnr = xstrdup(store_column_text(stmt, 1));
	sqlite3_finalize(stmt);
	char *a = orgnr_digits(orgnr), *b = orgnr_digits(h->orgnr);
	bool ok = true;
	if (*a && *b && strcmp(a, b) != 0) {
		error_set_at(err, ERR_INPUT, im->path, 0,
			     "filen gäller organisationsnummer %s (%s), men databasen är för %s "
			     "(%s); fel fil eller fel databas?",
			     h->orgnr, h->fnamn ? h->fnamn : "namn saknas", orgnr, name);
		ok = false;
	} else if (store_prepare(im->st, &stmt,
				 "UPDATE org SET name = CASE WHEN name = '' THEN ?1 ELSE name END,\n"
				 "  orgnr = CASE WHEN orgnr = '' THEN ?2 ELSE orgnr END WHERE id = 1",
				 err)) {
		store_bind_text(stmt, 1, h->fnamn ? h->fnamn : "");
		store_bind_text(stmt, 2, h->orgnr ? h->orgnr : "");
		ok = store_step(im->st, stmt, err) >= 0;
		sqlite3_finalize(stmt);
	} else {
		ok = false;
	}
	free(a);
	free(b);
	free(name);
	free(orgnr);
	return ok;
}

/* Whether the file is the same as the import that last shaped its year
 * (replace), or a batch already in the books (append). */
static bool is_repeat(struct importer *im, int64_t year, bool append, const char *sha,
		      bool *repeat, struct error *err)
{
	sqlite3_stmt *stmt;
	const char *sql =
		append ? "SELECT 1 FROM import i WHERE i.sha256 = ?1 AND i.mode = 'append'\n"
			 "  AND EXISTS (SELECT 1 FROM voucher v WHERE v.import_id = i.id)"
		       : "SELECT 1 FROM fiscal_year y JOIN import i ON i.id = y.source_import\n"
			 "WHERE y.id = ?2 AND i.sha256 = ?1";
	if (!store_prepare(im->st, &stmt, sql, err))
		return false;
	store_bind_text(stmt, 1, sha);
	if (!append)
		sqlite3_bind_int64(stmt, 2, year);
	int rc = store_step(im->st, stmt, err);
	sqlite3_finalize(stmt);
	*repeat = rc == SQLITE_ROW;
	return rc >= 0;
}

static bool exec_with_id(struct importer *im, const char *sql, int64_t a, int64_t b,
			 struct error *err)
{
	const int64_t args[] = { a, b };
	return store_exec_ints(im->st, sql, args, 2, err);
}

/* Remove the year's vouchers from earlier imports. This import's have
 * the ids from first_voucher_id up, so the year's index alone finds the
 * others. */
static bool delete_old_vouchers(struct importer *im, int64_t year, struct error *err)
{
	return exec_with_id(im, "DELETE FROM voucher WHERE year_id = ?1 AND id < ?2", year,
			    im->first_voucher_id, err);
}

/* Move the staged balances of årsnr `year_no` into fiscal year `year`. */
static bool adopt_declared(struct importer *im, int year_no, int64_t year, struct error *err)
{
	static const char move_balances[] =
		"INSERT INTO declared_balance (year_id, kind, account_id, objects, amount,\n"
		"  quantity, import_id)\n"
		"SELECT ?2, kind, account_id, objects, amount, quantity, ?3 FROM temp.staged\n"
		"WHERE year = ?1 AND kind IN ('IB', 'UB', 'RES') ORDER BY line\n"
		"ON CONFLICT DO UPDATE SET amount = excluded.amount, quantity = excluded.quantity";
	static const char move_periods[] =
		"INSERT INTO declared_period (year_id, kind, period, account_id, objects, amount,\n"
		"  quantity, import_id)\n"
		"SELECT ?2, kind, period, account_id, objects, amount, quantity, ?3\n"
		"FROM temp.staged WHERE year = ?1 AND kind IN ('PSALDO', 'PBUDGET') ORDER BY line\n"
		"ON CONFLICT DO UPDATE SET amount = excluded.amount, quantity = excluded.quantity";
	const char *sqls[] = { move_balances, move_periods };
	for (size_t i = 0; i < 2; i++) {
		sqlite3_stmt *stmt;
		if (!store_prepare(im->st, &stmt, sqls[i], err))
			return false;
		sqlite3_bind_int(stmt, 1, year_no);
		sqlite3_bind_int64(stmt, 2, year);
		sqlite3_bind_int64(stmt, 3, im->import_id);
		int rc = store_step(im->st, stmt, err);
		sqlite3_finalize(stmt);
		if (rc < 0)
			return false;
	}
	return true;
}

/* Staged data for years before the file's own: kept for years the store
 * has no file of their own for, otherwise compared. */
static bool adopt_other_years(struct importer *im, const struct sie_header *h, struct error *err)
{
	for (size_t i = 0; i < h->nrar; i++) {
		if (h->rar[i].year == 0)
			continue;
		int64_t year = im->rar_year[i], owner;
		const int64_t args[] = { year };
		if (!store_query_int(im->st, "SELECT source_import FROM fiscal_year WHERE id = ?",
				     args, 1, 0, &owner, err))
			return false;
		if (owner) {
			if (!check_staged_against_year(im->st, h->rar[i].year, year, im->path,
						       on_warning, im, err))
				return false;
			continue;
		}
		if (!exec_with_id(im, "DELETE FROM declared_balance WHERE year_id = ?", year, 0, err) ||
		    !exec_with_id(im, "DELETE FROM declared_period WHERE year_id = ?", year, 0, err) ||
		    !adopt_declared(im, h->rar[i].year, year, err))
			return false;
	}
	return true;
}

static bool staged_orphans(struct importer *im, const struct sie_header *h, struct error *err)
{
	/* Balances for an årsnr without #RAR cannot be placed in time. */
	sqlite3_stmt *stmt;
	if (!store_prepare(im->st, &stmt, "SELECT year, min(line) FROM temp.staged GROUP BY year",
			   err))
		return false;
	int rc;
	while ((rc = store_step(im->st, stmt, err)) == SQLITE_ROW) {
		int year_no = sqlite3_column_int(stmt, 0);
		bool known = false;
		for (size_t i = 0; i < h->nrar; i++)
			known |= h->rar[i].year == year_no;
		if (!known) {
			error_set_at(err, ERR_INPUT, im->path, sqlite3_column_int(stmt, 1),
				     "saldon för årsnummer %d, men filen har ingen #RAR %d som säger "
				     "vilket år det är",
				     year_no, year_no);
			rc = -1;
			break;
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

static bool detect_chart(struct importer *im, const struct sie_header *h, struct error *err)
{
	static const char sql[] =
		"SELECT\n"
		"  count(DISTINCT CASE WHEN a.number LIKE '83%' THEN a.id END),\n"
		"  count(DISTINCT CASE WHEN a.number LIKE '85%' THEN a.id END),\n"
		"  coalesce(sum(CASE WHEN a.number LIKE '84%' THEN p.amount END), 0),\n"
		"  count(DISTINCT CASE WHEN a.number LIKE '84%' THEN a.id END)\n"
		"FROM (SELECT p.account_id, p.amount FROM period_balance p\n"
		"      JOIN fiscal_year y ON y.id = p.year_id AND p.period = y.end_date / 100\n"
		"      WHERE p.object_id = 0\n"
		"      UNION ALL SELECT account_id, amount FROM declared_balance\n"
		"      WHERE kind = 'RES' AND objects = '') p\n"
		"JOIN account a ON a.id = p.account_id WHERE p.amount <> 0";
	sqlite3_stmt *stmt;
	if (!store_prepare(im->st, &stmt, sql, err))
		return false;
	int rc = store_step(im->st, stmt, err);
	struct chart_evidence ev = { .kptyp = h->kptyp };
	if (rc == SQLITE_ROW) {
		ev.used_83 = sqlite3_column_int64(stmt, 0);
		ev.used_85 = sqlite3_column_int64(stmt, 1);
		ev.net_84 = sqlite3_column_int64(stmt, 2);
		ev.used_84 = sqlite3_column_int64(stmt, 3);
	}
	sqlite3_finalize(stmt);
	if (rc < 0)
		return false;
	const char *reason;
	enum chart_kind kind = chart_detect(&ev, &reason);
	if (kind == CHART_UNKNOWN)
		return true;
	char current[32] = "", source[16] = "";
	if (!store_prepare(im->st, &stmt, "SELECT chart_kind, chart_kind_source FROM org", err))
		return false;
	if (store_step(im->st, stmt, err) == SQLITE_ROW) {
		snprintf(current, sizeof current, "%s", store_column_text(stmt, 0));
		snprintf(source, sizeof source, "%s", store_column_text(stmt, 1));
	}
	sqlite3_finalize(stmt);
	if (strcmp(current, chart_kind_name(kind)) == 0)
		return true;
	char msg[512];
	if (strcmp(source, "user") == 0) {
		snprintf(msg, sizeof msg,
			 "kontoplanen är angiven som %s, men filen tyder på %s: %s", current,
			 chart_kind_name(kind), reason);
		add_message(im, 0, msg);
		return true;
	}
	if (!store_prepare(im->st, &stmt, "UPDATE org SET chart_kind = ? WHERE id = 1", err))
		return false;
	store_bind_text(stmt, 1, chart_kind_name(kind));
	rc = store_step(im->st, stmt, err);
	sqlite3_finalize(stmt);
	im->res->chart_note = xasprintf("Kontoplanen bedöms vara %s: %s.", chart_kind_name(kind),
					reason);
	return rc >= 0;
}

static void describe_encoding(const struct sie_summary *s, char *out, size_t n)
{
	out[0] = '\0';
	size_t used = 0;
	for (int e = ENC_UTF8; e <= ENC_MIXED; e++)
		if (s->encodings_seen & (1u << e))
			used += (size_t)snprintf(out + used, used < n ? n - used : 0, "%s%s",
						 used ? " + " : "", charset_name((enum text_encoding)e));
	if (!out[0])
		snprintf(out, n, "ASCII");
}

static bool write_log(struct importer *im, const struct sie_summary *s, const char *mode,
		      int64_t year, struct error *err)
{
	const struct sie_counts *c = &s->counts;
	char counts[1024];
	snprintf(counts, sizeof counts,
		 "{\"ver\": %ld, \"trans\": %ld, \"rtrans\": %ld, \"btrans\": %ld, "
		 "\"unbalanced\": %ld, \"empty_ver\": %ld, \"konto\": %ld, \"dim\": %ld, "
		 "\"underdim\": %ld, \"objekt\": %ld, \"ib\": %ld, \"ub\": %ld, \"res\": %ld, "
		 "\"oib\": %ld, \"oub\": %ld, \"psaldo\": %ld, \"pbudget\": %ld, "
		 "\"unknown\": %ld, \"ksumma\": %s}",
		 c->ver, c->trans, c->rtrans, c->btrans, c->unbalanced, c->empty_ver, c->konto,
		 c->dim, c->underdim, c->objekt, c->ib, c->ub, c->res, c->oib, c->oub, c->psaldo,
		 c->pbudget, c->unknown, s->ksumma == SIE_KSUMMA_OK ? "true" : "false");
	char format[16];
	snprintf(format, sizeof format, "SIE %s", im->res->type);
	sqlite3_stmt *stmt;
	if (!store_prepare(im->st, &stmt,
			   "UPDATE import SET sha256 = ?, bytes = ?, format = ?, program = ?,\n"
			   "  program_version = ?, encoding = ?, year_id = ?, mode = ?, counts = ?,\n"
			   "  vouchers_added = ?, vouchers_removed = ?, vouchers_changed = ?\n"
			   "WHERE id = ?",
			   err))
		return false;
	store_bind_text(stmt, 1, s->sha256);
	sqlite3_bind_int64(stmt, 2, (int64_t)s->bytes);
	store_bind_text(stmt, 3, format);
	store_bind_text(stmt, 4, s->header.program ? s->header.program : "");
	store_bind_text(stmt, 5, s->header.program_version ? s->header.program_version : "");
	store_bind_text(stmt, 6, im->res->encoding);
	store_bind_int_or_null(stmt, 7, year);
	store_bind_text(stmt, 8, mode);
	store_bind_text(stmt, 9, counts);
	sqlite3_bind_int64(stmt, 10, im->res->added);
	sqlite3_bind_int64(stmt, 11, im->res->removed);
	sqlite3_bind_int64(stmt, 12, im->res->changed);
	sqlite3_bind_int64(stmt, 13, im->import_id);
	int rc = store_step(im->st, stmt, err);
	sqlite3_finalize(stmt);
	if (rc < 0)
		return false;
	if (im->messages_dropped) {
		char msg[128];
		snprintf(msg, sizeof msg, "ytterligare %ld varningar visas inte",
			 im->messages_dropped);
		im->messages_dropped = 0;
		add_message(im, 0, msg);
	}
	if (!store_prepare(im->st, &stmt,
			   "INSERT INTO import_message (import_id, seq, line, text) VALUES (?, ?, ?, ?)",
			   err))
		return false;
	for (size_t i = 0; i < im->res->nmessages && rc >= 0; i++) {
		sqlite3_bind_int64(stmt, 1, im->import_id);
		sqlite3_bind_int64(stmt, 2, (int64_t)i + 1);
		store_bind_int_or_null(stmt, 3, im->res->messages[i].line);
		store_bind_text(stmt, 4, im->res->messages[i].text);
		rc = store_step(im->st, stmt, err);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return rc >= 0;
}

/* Everything that happens once the whole file has been read. */
static bool finish(struct importer *im, const struct sie_summary *s, struct error *err)
{
	const struct sie_header *h = &s->header;
	struct import_result *res = im->res;
	if (!flush_batches(im, err) || !end_bulk(im, err))
		return false;
	if (!resolve_rars(im, h, err) || !staged_orphans(im, h, err) || !check_org(im, h, err))
		return false;
	bool append = sie_is_4i(s);
	res->append = append;
	int64_t year = append ? (im->many_voucher_years ? 0 : im->first_voucher_year)
			      : rar_year_id(im, h, 0);
	if (!append && !year) {
		error_set_at(err, ERR_INPUT, im->path, 0,
			     "filen saknar #RAR 0 med datum, så räkenskapsåret går inte att avgöra");
		return false;
	}

	bool repeat;
	if (!is_repeat(im, year, append, s->sha256, &repeat, err))
		return false;
	if (repeat) {
		res->noop = true;
		return true;
	}

	if (append) {
		/* Batches go into years that keep books, and never twice. */
		int64_t declared_only;
		const int64_t args[] = { im->import_id };
		if (!store_query_int(im->st,
				     "SELECT y.start_date FROM fiscal_year y WHERE y.has_books = 0\n"
				     "  AND y.source_import IS NOT NULL\n"
				     "  AND EXISTS (SELECT 1 FROM voucher v WHERE v.year_id = y.id\n"
				     "              AND v.import_id = ?) LIMIT 1",
				     args, 1, 0, &declared_only, err))
			return false;
		if (declared_only) {
			error_set_at(err, ERR_INPUT, im->path, 0,
				     "räkenskapsåret som börjar %d har bara saldon (SIE 1–3), inga "
				     "verifikationer; läs in en fullständig SIE 4E-fil för året först",
				     (int)declared_only);
			return false;
		}
		sqlite3_stmt *stmt;
		if (!store_prepare(im->st, &stmt,
				   "SELECT n.series, n.number, n.source_line FROM voucher n\n"
				   "JOIN voucher o ON o.year_id = n.year_id AND o.series = n.series\n"
				   "  AND o.number = n.number AND o.import_id <> n.import_id\n"
				   "WHERE n.import_id = ? AND n.number <> '' LIMIT 1",
				   err))
			return false;
		sqlite3_bind_int64(stmt, 1, im->import_id);
		int rc = store_step(im->st, stmt, err);
		if (rc == SQLITE_ROW)
			error_set_at(err, ERR_INPUT, im->path, sqlite3_column_int(stmt, 2),
				     "verifikation %s %s finns redan i bokföringen",
				     store_column_text(stmt, 0), store_column_text(stmt, 1));
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE)
			return false;
		res->added = im->vouchers;
		if (!exec_with_id(im,
				  "UPDATE fiscal_year SET has_books = 1 WHERE id IN\n"
				  "  (SELECT DISTINCT year_id FROM voucher WHERE import_id = ?)",
				  im->import_id, 0, err))
			return false;
	} else {
		int64_t has_books, outside_line;
		const int64_t a1[] = { year }, a2[] = { im->import_id, year };
		if (!store_query_int(im->st, "SELECT has_books FROM fiscal_year WHERE id = ?", a1, 1,
				     0, &has_books, err) ||
		    !store_query_int(im->st,
				     "SELECT min(source_line) FROM voucher WHERE import_id = ?\n"
				     "  AND year_id <> ?",
				     a2, 2, 0, &outside_line, err))
			return false;
		if (outside_line) {
			error_set_at(err, ERR_INPUT, im->path, outside_line,
				     "verifikationen har ett datum utanför filens räkenskapsår (#RAR "
				     "0)");
			return false;
		}
		bool declared_only = s->header.sietyp <= 3; /* no #SIETYP means type 1 */
		if (has_books && declared_only) {
			error_set_at(err, ERR_INPUT, im->path, 0,
				     "räkenskapsåret har verifikationer (SIE 4), men denna SIE %s-fil "
				     "har bara saldon och skulle ersätta dem; läs in en SIE 4E-fil i "
				     "stället",
				     res->type);
			return false;
		}
		int64_t before;
		const int64_t a3[] = { year, im->import_id };
		if (!store_query_int(im->st,
				     "SELECT count(*) FROM voucher WHERE year_id = ?1 AND import_id <> ?2",
				     a3, 2, 0, &before, err))
			return false;
		res->vouchers_before = before;
		if (before > 0) {
			if (!import_diff(im->st, year, im->import_id, res, err))
				return false;
		} else {
			res->added = im->vouchers;
		}
		if (!delete_old_vouchers(im, year, err) ||
		    !exec_with_id(im, "DELETE FROM period_balance WHERE year_id = ?", year, 0, err) ||
		    !exec_with_id(im, "DELETE FROM declared_balance WHERE year_id = ?", year, 0,
				  err) ||
		    !exec_with_id(im, "DELETE FROM declared_period WHERE year_id = ?", year, 0, err) ||
		    !adopt_declared(im, 0, year, err))
			return false;
		sqlite3_stmt *stmt;
		if (!store_prepare(im->st, &stmt,
				   "UPDATE fiscal_year SET has_books = ?, source_import = ?,\n"
				   "  complete_to = ? WHERE id = ?",
				   err))
			return false;
		sqlite3_bind_int(stmt, 1, !declared_only);
		sqlite3_bind_int64(stmt, 2, im->import_id);
		store_bind_int_or_null(stmt, 3, h->omfattn);
		sqlite3_bind_int64(stmt, 4, year);
		int rc = store_step(im->st, stmt, err);
		sqlite3_finalize(stmt);
		if (rc < 0)
			return false;
		if (!adopt_other_years(im, h, err))
			return false;
	}
	if (!period_acc_store(&im->acc, err) || !detect_chart(im, h, err))
		return false;
	/* A #RAR for a year the file says nothing about leaves no empty year. */
	if (!store_exec(im->st,
			"DELETE FROM fiscal_year WHERE source_import IS NULL AND has_books = 0\n"
			"  AND NOT EXISTS (SELECT 1 FROM voucher v WHERE v.year_id = fiscal_year.id)\n"
			"  AND NOT EXISTS (SELECT 1 FROM declared_balance b\n"
			"                  WHERE b.year_id = fiscal_year.id)\n"
			"  AND NOT EXISTS (SELECT 1 FROM declared_period p\n"
			"                  WHERE p.year_id = fiscal_year.id)\n"
			"  AND NOT EXISTS (SELECT 1 FROM import i WHERE i.year_id = fiscal_year.id)",
			err))
		return false;
	if (!append && !check_declared_against_books(im->st, year, on_warning, im, err))
		return false;
	return write_log(im, s, append ? "append" : "replace", year, err);
}

/* ---- entry points -------------------------------------------------------- */

bool books_looks_like_sie(const char *head, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
		i++;
	return i < n && head[i] == '#';
}

static void fill_result(struct import_result *res, const struct sie_summary *s)
{
	snprintf(res->type, sizeof res->type, "%s", sie_type_name(s));
	res->counts = s->counts;
	describe_encoding(s, res->encoding, sizeof res->encoding);
	for (size_t i = 0; i < s->header.nrar; i++)
		if (s->header.rar[i].year == 0) {
			res->year_start = s->header.rar[i].start;
			res->year_end = s->header.rar[i].end;
		}
	res->company = xstrdup(s->header.fnamn ? s->header.fnamn : "");
	res->program = xasprintf("%s%s%s", s->header.program ? s->header.program : "",
				 s->header.program_version && *s->header.program_version ? " " : "",
				 s->header.program_version ? s->header.program_version : "");
	memcpy(res->sha256, s->sha256, sizeof res->sha256);
}

bool books_import_sie(struct store *st, const char *path, const struct import_options *opt,
		      struct import_result *res, struct error *err)
{
	memset(res, 0, sizeof *res);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		error_set_at(err, ERR_INPUT, path, 0, "kan inte öppna filen: %s", strerror(errno));
		return false;
	}
	struct importer im = { .st = st, .path = path, .res = res };
	strmap_init(&im.accounts);
	strmap_init(&im.objects);
	strmap_init(&im.dims);
	bool acc_ready = false, ok = false, summary_ready = false;
	struct sie_summary summary;

	/* A bigger page cache for the load. */
	bool own_tx = !store_in_transaction(st);
	if (!store_exec(st, "PRAGMA cache_size = -8192; SAVEPOINT import", err))
		goto done;
	if (!load_years(&im, err) ||
	    !load_map(&im, &im.accounts, "SELECT number, id FROM account", err) ||
	    !load_map(&im, &im.objects, "SELECT dim || char(31) || code, id FROM object", err) ||
	    !load_map(&im, &im.dims, "SELECT CAST(number AS TEXT), 1 FROM dimension", err) ||
	    !begin_log(&im, opt->log_name ? opt->log_name : path, err) || !begin_bulk(&im, err) ||
	    !prepare_all(&im, err) || !(acc_ready = period_acc_init(&im.acc, st, err)))
		goto rollback;

	struct sie_read_options ro = { .allow_unbalanced = opt->allow_unbalanced,
				       .want_sha256 = true };
	struct sie_handler h = { .ctx = &im, .event = on_event, .warning = on_warning };
	if (!sie_pipe_read(path, fd, &ro, &h, &summary, err))
		goto rollback;
	summary_ready = true;
	fill_result(res, &summary);
	if (!finish(&im, &summary, err))
		goto rollback;
	finalize_all(&im);
	if (res->noop) {
		/* Nothing may change, not even the header's change counter: a
		 * transaction of our own is rolled back, not committed. */
		res->import_id = 0;
		store_exec(st, own_tx ? "ROLLBACK" : "ROLLBACK TO import; RELEASE import", NULL);
		ok = true;
		goto done;
	}
	if (!store_exec(st, "RELEASE import", err))
		goto rollback;
	res->import_id = im.import_id;
	ok = true;
	goto done;
rollback:
	finalize_all(&im);
	store_exec(st, own_tx ? "ROLLBACK" : "ROLLBACK TO import; RELEASE import", NULL);
	import_result_free(res); /* a failed import leaves nothing to free */
done:
	store_exec(st, "PRAGMA cache_size = -2000", NULL);
	if (acc_ready)
		period_acc_free(&im.acc);
	if (summary_ready)
		sie_summary_free(&summary);
	strmap_free(&im.accounts);
	strmap_free(&im.objects);
	strmap_free(&im.dims);
	free(im.years);
	for (size_t i = 0; i < im.nindex_sql; i++)
		free(im.index_sql[i]);
	free(im.index_sql);
	buf_free(&im.scratch);
	buf_free(&im.rows_json);
	free(im.spans);
	close(fd);
	return ok;
}

void import_result_free(struct import_result *res)
{
	for (size_t i = 0; i < res->nchanges; i++) {
		free(res->changes[i].series);
		free(res->changes[i].number);
		free(res->changes[i].text);
		free(res->changes[i].detail);
	}
	free(res->changes);
	for (size_t i = 0; i < res->nmessages; i++)
		free(res->messages[i].text);
	free(res->messages);
	free(res->company);
	free(res->program);
	free(res->chart_note);
	memset(res, 0, sizeof *res);
}
