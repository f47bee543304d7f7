/*
 * schema — the SQL of every migration; see schema.h and docs/store.md.
 *
 * Conventions: dates are INTEGER YYYYMMDD, periods INTEGER YYYYMM, amounts
 * INTEGER öre. Text is UTF-8.
 */
#include "store/schema.h"

static const char migration_1[] =
	/* The förbund itself: one row. */
	"CREATE TABLE org (\n"
	"  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
	"  name TEXT NOT NULL DEFAULT '',\n"
	"  orgnr TEXT NOT NULL DEFAULT '',\n"
	"  chart_kind TEXT NOT NULL DEFAULT 'okänd'\n"
	"    CHECK (chart_kind IN ('kommun-bas', 'bas', 'okänd')),\n"
	"  chart_kind_source TEXT NOT NULL DEFAULT 'import'\n"
	"    CHECK (chart_kind_source IN ('import', 'user')),\n"
	"  currency TEXT NOT NULL DEFAULT 'SEK'\n"
	");\n"
	"INSERT INTO org (id) VALUES (1);\n"

	/* The behandlingshistorik: every import that changed the store. */
	"CREATE TABLE import (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  time TEXT NOT NULL,\n"
	"  file_name TEXT NOT NULL,\n"
	"  sha256 TEXT NOT NULL,\n"
	"  bytes INTEGER NOT NULL,\n"
	"  format TEXT NOT NULL,\n"
	"  program TEXT NOT NULL DEFAULT '',\n"
	"  program_version TEXT NOT NULL DEFAULT '',\n"
	"  encoding TEXT NOT NULL DEFAULT '',\n"
	"  year_id INTEGER REFERENCES fiscal_year(id),\n"
	"  mode TEXT NOT NULL CHECK (mode IN ('replace', 'append')),\n"
	"  counts TEXT NOT NULL,\n"
	"  vouchers_added INTEGER NOT NULL DEFAULT 0,\n"
	"  vouchers_removed INTEGER NOT NULL DEFAULT 0,\n"
	"  vouchers_changed INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE TABLE import_message (\n"
	"  import_id INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  line INTEGER,\n"
	"  text TEXT NOT NULL,\n"
	"  PRIMARY KEY (import_id, seq)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE import_change (\n"
	"  import_id INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  change TEXT NOT NULL CHECK (change IN ('added', 'removed', 'changed')),\n"
	"  series TEXT NOT NULL,\n"
	"  number TEXT NOT NULL,\n"
	"  date INTEGER NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  detail TEXT NOT NULL DEFAULT '',\n"
	"  PRIMARY KEY (import_id, seq)\n"
	") WITHOUT ROWID;\n"

	/* Fiscal years. has_books: the year's own file carried vouchers, so its
	 * balances are computed from them; otherwise they are as declared. */
	"CREATE TABLE fiscal_year (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  start_date INTEGER NOT NULL UNIQUE,\n"
	"  end_date INTEGER NOT NULL UNIQUE CHECK (end_date >= start_date),\n"
	"  has_books INTEGER NOT NULL DEFAULT 0,\n"
	"  source_import INTEGER REFERENCES import(id),\n"
	"  complete_to INTEGER\n"
	");\n"

	/* The chart. type: T tillgång, S skuld/eget kapital, K kostnad,
	 * I intäkt; NULL means "derive from the number". */
	"CREATE TABLE account (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  number TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL DEFAULT '',\n"
	"  type TEXT CHECK (type IN ('T', 'S', 'K', 'I')),\n"
	"  sru TEXT,\n"
	"  unit TEXT\n"
	");\n"
	"CREATE TABLE dimension (\n"
	"  number INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL DEFAULT '',\n"
	"  parent INTEGER REFERENCES dimension(number)\n"
	");\n"
	"CREATE TABLE object (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  dim INTEGER NOT NULL REFERENCES dimension(number),\n"
	"  code TEXT NOT NULL,\n"
	"  name TEXT NOT NULL DEFAULT '',\n"
	"  UNIQUE (dim, code)\n"
	");\n"

	/* Vouchers and their rows. (CHECK uses BETWEEN, not IN: SQLite 3.40
	 * evaluates an IN list through a temporary table for every row, which
	 * cost an import of a million rows a fifth of its time.)
	 * imbalance is non-zero only for a voucher
	 * imported unbalanced on request (it is flagged wherever it shows).
	 * fingerprint: a hash of the voucher's content, to see changes between
	 * imports. kind: 0 #TRANS, 1 #RTRANS (added later), 2 #BTRANS (removed
	 * later, does not count). */
	"CREATE TABLE voucher (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  year_id INTEGER REFERENCES fiscal_year(id),\n"
	"  import_id INTEGER NOT NULL REFERENCES import(id),\n"
	"  series TEXT NOT NULL,\n"
	"  number TEXT NOT NULL,\n"
	"  date INTEGER NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  reg_date INTEGER,\n"
	"  sign TEXT,\n"
	"  imbalance INTEGER NOT NULL DEFAULT 0,\n"
	"  fingerprint BLOB NOT NULL,\n"
	"  source_line INTEGER\n"
	");\n"
	"CREATE INDEX voucher_by_year ON voucher (year_id, series, number);\n"
	"CREATE INDEX voucher_by_date ON voucher (date);\n"
	"CREATE INDEX voucher_by_import ON voucher (import_id);\n"
	"CREATE INDEX voucher_unbalanced ON voucher (year_id, date) WHERE imbalance <> 0;\n"
	"CREATE TABLE voucher_row (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  voucher_id INTEGER NOT NULL REFERENCES voucher(id) ON DELETE CASCADE,\n"
	"  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 2),\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  amount INTEGER NOT NULL,\n"
	"  date INTEGER,\n"
	"  text TEXT,\n"
	"  quantity TEXT,\n"
	"  sign TEXT\n"
	");\n"
	"CREATE INDEX voucher_row_by_voucher ON voucher_row (voucher_id);\n"
	"CREATE INDEX voucher_row_by_account ON voucher_row (account_id);\n"
	"CREATE TABLE row_object (\n"
	"  row_id INTEGER NOT NULL REFERENCES voucher_row(id) ON DELETE CASCADE,\n"
	"  object_id INTEGER NOT NULL REFERENCES object(id),\n"
	"  PRIMARY KEY (row_id, object_id)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX row_object_by_object ON row_object (object_id);\n"

	/* The books per month, kept at import so that reports never scan rows:
	 * amount is the sum of the counting rows from the year's first day to
	 * the end of month `period` (cumulative, so a balance at a month's end
	 * is one row). object_id 0 is the account as a whole, any other id the
	 * rows that carry that object. Each (object, account) has a row for
	 * every month from its first with rows to the year's last; before that
	 * its sum is 0. Only for years with has_books. Keyed object first, so a
	 * trial balance reads one contiguous run per object and month. */
	"CREATE TABLE period_balance (\n"
	"  year_id INTEGER NOT NULL REFERENCES fiscal_year(id) ON DELETE CASCADE,\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  object_id INTEGER NOT NULL,\n"
	"  period INTEGER NOT NULL,\n"
	"  amount INTEGER NOT NULL,\n"
	"  PRIMARY KEY (year_id, object_id, period, account_id)\n"
	") WITHOUT ROWID;\n"

	/* What files declared: #IB #UB #RES (#OIB #OUB with objects) and
	 * #PSALDO #PBUDGET. objects: the object ids of the object list, sorted,
	 * comma-separated; '' for none. */
	"CREATE TABLE declared_balance (\n"
	"  year_id INTEGER NOT NULL REFERENCES fiscal_year(id) ON DELETE CASCADE,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('IB', 'UB', 'RES')),\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  objects TEXT NOT NULL DEFAULT '',\n"
	"  amount INTEGER NOT NULL,\n"
	"  quantity TEXT,\n"
	"  import_id INTEGER NOT NULL REFERENCES import(id),\n"
	"  PRIMARY KEY (year_id, kind, account_id, objects)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE declared_period (\n"
	"  year_id INTEGER NOT NULL REFERENCES fiscal_year(id) ON DELETE CASCADE,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('PSALDO', 'PBUDGET')),\n"
	"  period INTEGER NOT NULL,\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  objects TEXT NOT NULL DEFAULT '',\n"
	"  amount INTEGER NOT NULL,\n"
	"  quantity TEXT,\n"
	"  import_id INTEGER NOT NULL REFERENCES import(id),\n"
	"  PRIMARY KEY (year_id, kind, period, account_id, objects)\n"
	") WITHOUT ROWID;\n";

const char *const store_migrations[] = {
	migration_1,
};

const size_t store_migration_count = sizeof store_migrations / sizeof store_migrations[0];
