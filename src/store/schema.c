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

	/* Vouchers, each with its rows. A voucher's rows are one JSON array
	 * in `rows`, a row being [kind, account_id, amount, objects, date,
	 * text, quantity, sign] with trailing empty fields left out: kind 0
	 * #TRANS, 1 #RTRANS (added later), 2 #BTRANS (removed later, does not
	 * count); amount in öre; objects a list of object ids. Rows are never
	 * changed, so they are stored with their voucher: a million rows are
	 * then a fifth as many database rows, and the views voucher_row and
	 * row_object below still show them row by row to any SQL client.
	 * Reports read the month balances (period_balance), never the rows;
	 * a drill-down reads the rows of the period it asks for.
	 * imbalance is non-zero only for a voucher imported unbalanced on
	 * request (it is flagged wherever it shows). fingerprint: a hash of the
	 * voucher's content, to see changes between imports. */
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
	"  source_line INTEGER,\n"
	"  rows TEXT NOT NULL DEFAULT '[]'\n"
	");\n"
	"CREATE INDEX voucher_by_year ON voucher (year_id, series, number);\n"
	"CREATE INDEX voucher_by_date ON voucher (date);\n"
	"CREATE INDEX voucher_by_import ON voucher (import_id);\n"
	"CREATE INDEX voucher_unbalanced ON voucher (year_id, date) WHERE imbalance <> 0;\n"
	/* The rows one by one: voucher_line has each voucher with each of its
	 * rows (seq numbering them from 0), and a voucher without rows once
	 * with seq NULL; voucher_row only the rows; row_object each row's
	 * objects. Joined on voucher_id, SQLite flattens them into a seek per
	 * voucher. */
	"CREATE VIEW voucher_line AS\n"
	"  SELECT v.id AS voucher_id, r.key AS seq, r.value ->> 0 AS kind,\n"
	"    r.value ->> 1 AS account_id, r.value ->> 2 AS amount,\n"
	"    coalesce(r.value -> 3, '[]') AS objects, r.value ->> 4 AS date,\n"
	"    r.value ->> 5 AS text, r.value ->> 6 AS quantity, r.value ->> 7 AS sign\n"
	"  FROM voucher v LEFT JOIN json_each(v.rows) r;\n"
	"CREATE VIEW voucher_row AS\n"
	"  SELECT * FROM voucher_line WHERE seq IS NOT NULL;\n"
	"CREATE VIEW row_object AS\n"
	"  SELECT r.voucher_id, r.seq, o.value AS object_id\n"
	"  FROM voucher_row r, json_each(r.objects) o;\n"
	"\n"
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

/* The plan (docs/plan.md): budgets with their versions and monthly
 * profiles, the multi-year plan, forecasts, members and their offers,
 * saved scenarios and financial goals. Years here are calendar years (a
 * förbund's fiscal year is the calendar year). Amounts are öre, written
 * as people write a budget: income and costs both positive; a
 * 'finansiell' line is net, income positive. */
static const char migration_2[] =
	/* How the municipalities split their quarter: by fixed shares or by
	 * the population figures the user enters. */
	"ALTER TABLE org ADD COLUMN municipal_split TEXT NOT NULL DEFAULT 'andel'\n"
	"  CHECK (municipal_split IN ('andel', 'folkmängd'));\n"

	/* A budget version: the adopted budget (seq 1) and each revision the
	 * board decided later. */
	"CREATE TABLE budget_version (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  year INTEGER NOT NULL,\n"
	"  seq INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  decided INTEGER,\n"
	"  decision_ref TEXT NOT NULL DEFAULT '',\n"
	"  source TEXT NOT NULL DEFAULT '',\n"
	"  created TEXT NOT NULL,\n"
	"  UNIQUE (year, seq)\n"
	");\n"
	/* Its lines. kind: what the line is (contributions, other income,
	 * costs, net financial items). A line selects book amounts by account
	 * number prefixes (comma-separated; '' any result account) and
	 * optionally one object. profile: NULL for even months, else twelve
	 * comma-separated shares in hundredths of a percent, January first. */
	"CREATE TABLE budget_line (\n"
	"  version_id INTEGER NOT NULL REFERENCES budget_version(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('bidrag', 'intäkt', 'kostnad', 'finansiell')),\n"
	"  grp TEXT NOT NULL,\n"
	"  subgrp TEXT NOT NULL DEFAULT '',\n"
	"  name TEXT NOT NULL,\n"
	"  accounts TEXT NOT NULL DEFAULT '',\n"
	"  object_dim INTEGER,\n"
	"  object_code TEXT,\n"
	"  amount INTEGER NOT NULL,\n"
	"  profile TEXT,\n"
	"  PRIMARY KEY (version_id, seq),\n"
	"  UNIQUE (version_id, name)\n"
	") WITHOUT ROWID;\n"
	/* The multi-year plan beside a version: the line's amount in later years. */
	"CREATE TABLE budget_plan (\n"
	"  version_id INTEGER NOT NULL,\n"
	"  seq INTEGER NOT NULL,\n"
	"  year INTEGER NOT NULL,\n"
	"  amount INTEGER NOT NULL,\n"
	"  PRIMARY KEY (version_id, seq, year),\n"
	"  FOREIGN KEY (version_id, seq) REFERENCES budget_line(version_id, seq) ON DELETE CASCADE\n"
	") WITHOUT ROWID;\n"
	/* The label of a group's sum row in the forecast table ("Summa kansli
	 * och personal"); a group without one gets "Summa <group>". */
	"CREATE TABLE plan_group (\n"
	"  name TEXT PRIMARY KEY,\n"
	"  sum_label TEXT NOT NULL\n"
	");\n"

	/* Forecasts: per budget line (by name) a method, dated; the forecast
	 * at a day uses each line's latest entry up to that day. */
	"CREATE TABLE forecast_entry (\n"
	"  year INTEGER NOT NULL,\n"
	"  line TEXT NOT NULL,\n"
	"  as_of INTEGER NOT NULL,\n"
	"  method TEXT NOT NULL\n"
	"    CHECK (method IN ('manuell', 'budget', 'linjär', 'utfall+rest')),\n"
	"  amount INTEGER,\n"
	"  comment TEXT NOT NULL DEFAULT '',\n"
	"  created TEXT NOT NULL,\n"
	"  PRIMARY KEY (year, line, as_of),\n"
	"  CHECK ((method = 'manuell') = (amount IS NOT NULL))\n"
	") WITHOUT ROWID;\n"

	/* Members. kind: stat (Försäkringskassan and Arbetsförmedlingen
	 * together), region, kommun. share_bp: a municipality's fixed share of
	 * the municipal quarter in hundredths of a percent; population: its
	 * inhabitants; accounts: where its contributions are booked. */
	"CREATE TABLE member (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('stat', 'region', 'kommun')),\n"
	"  share_bp INTEGER NOT NULL DEFAULT 0 CHECK (share_bp >= 0),\n"
	"  population INTEGER NOT NULL DEFAULT 0 CHECK (population >= 0),\n"
	"  accounts TEXT NOT NULL DEFAULT ''\n"
	");\n"
	"CREATE TABLE member_offer (\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,\n"
	"  year INTEGER NOT NULL,\n"
	"  amount INTEGER NOT NULL CHECK (amount >= 0),\n"
	"  PRIMARY KEY (member_id, year)\n"
	") WITHOUT ROWID;\n"

	/* Saved "what if" scenarios: the changes to members' offers as typed
	 * ("ORK=50%;REG=1200000,00"), and how to close a gap. */
	"CREATE TABLE scenario (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  year INTEGER NOT NULL,\n"
	"  changes TEXT NOT NULL,\n"
	"  closing TEXT NOT NULL CHECK (closing IN ('pro-rata', 'prioritet')),\n"
	"  priority TEXT NOT NULL DEFAULT '',\n"
	"  created TEXT NOT NULL\n"
	");\n"

	/* Financial goals (god ekonomisk hushållning). percent_bp: a limit in
	 * hundredths of a percent; min/max: kronor bounds in öre; grp: the
	 * budget group a share is computed for. */
	"CREATE TABLE financial_goal (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('eget-kapital-andel', 'eget-kapital-intervall',\n"
	"    'administration-andel', 'resultat-mot-budget', 'insatser-mot-budget')),\n"
	"  label TEXT NOT NULL DEFAULT '',\n"
	"  percent_bp INTEGER,\n"
	"  min_amount INTEGER,\n"
	"  max_amount INTEGER,\n"
	"  grp TEXT NOT NULL DEFAULT ''\n"
	");\n";

/* Version 3: the follow-up (docs/followup.md) — interventions with their
 * cards, participant statistics as counts only, and the goals. */
static const char migration_3[] =
	/* The publishing threshold: counts below it are shown as "<N" in
	 * published outputs; NULL: the default (5), 0: off. */
	"ALTER TABLE org ADD COLUMN publish_threshold INTEGER CHECK (publish_threshold >= 0);\n"

	/* An intervention; code is the book's object code. kind is fixed
	 * once created (refused by finsam, not by SQL, to say why). */
	"CREATE TABLE intervention (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('individinriktad', 'strukturövergripande')),\n"
	"  owner TEXT NOT NULL DEFAULT '',\n"
	"  start_date INTEGER,\n"
	"  end_date INTEGER,\n"
	"  esf INTEGER NOT NULL DEFAULT 0,\n"
	"  budget_group TEXT NOT NULL DEFAULT '',\n"
	"  summary TEXT NOT NULL DEFAULT '',\n"
	"  purpose TEXT NOT NULL DEFAULT '',\n"
	"  target_group TEXT NOT NULL DEFAULT '',\n"
	"  done TEXT NOT NULL DEFAULT '',\n"
	"  cost_effect TEXT NOT NULL DEFAULT '',\n"
	"  cooperation TEXT NOT NULL DEFAULT '',\n"
	"  outlook TEXT NOT NULL DEFAULT '',\n"
	"  evaluation TEXT NOT NULL DEFAULT ''\n"
	");\n"
	/* Its structured target-group tags, staffing lines, result goals and
	 * (structural) parts, each in the order given. Percentages and
	 * targets as in followup.h: basis points, hundredths of a mean. */
	"CREATE TABLE intervention_tag (\n"
	"  intervention_id INTEGER NOT NULL REFERENCES intervention(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  tag TEXT NOT NULL,\n"
	"  PRIMARY KEY (intervention_id, seq)\n"
	");\n"
	"CREATE TABLE intervention_staff (\n"
	"  intervention_id INTEGER NOT NULL REFERENCES intervention(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  role TEXT NOT NULL,\n"
	"  employer TEXT NOT NULL DEFAULT '',\n"
	"  percent_bp INTEGER,\n"
	"  from_date INTEGER,\n"
	"  to_date INTEGER,\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  PRIMARY KEY (intervention_id, seq)\n"
	");\n"
	"CREATE TABLE result_goal (\n"
	"  intervention_id INTEGER NOT NULL REFERENCES intervention(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  measure TEXT NOT NULL,\n"
	"  source TEXT NOT NULL,\n"
	"  survey TEXT NOT NULL DEFAULT '',\n"
	"  target INTEGER,\n"
	"  at_most INTEGER NOT NULL DEFAULT 0,\n"
	"  actual INTEGER,\n"
	"  deviation TEXT NOT NULL DEFAULT '',\n"
	"  status TEXT NOT NULL DEFAULT '',\n"
	"  PRIMARY KEY (intervention_id, seq)\n"
	");\n"
	"CREATE TABLE intervention_activity (\n"
	"  intervention_id INTEGER NOT NULL REFERENCES intervention(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  description TEXT NOT NULL DEFAULT '',\n"
	"  attendees INTEGER,\n"
	"  PRIMARY KEY (intervention_id, seq)\n"
	");\n"

	/* The förbund's own outcome categories (the defaults live in code). */
	"CREATE TABLE outcome_category (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  step INTEGER NOT NULL DEFAULT 0,\n"
	"  denominator INTEGER NOT NULL DEFAULT 1\n"
	");\n"

	/* Participant statistics: counts per intervention and period, never a
	 * person. NULL: not reported. incomplete: the parts the user marked
	 * (comma-separated names: kön, utfall, ...). */
	"CREATE TABLE participant_stats (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  intervention_id INTEGER NOT NULL REFERENCES intervention(id) ON DELETE CASCADE,\n"
	"  period_from INTEGER NOT NULL,\n"
	"  period_to INTEGER NOT NULL,\n"
	"  total INTEGER NOT NULL,\n"
	"  new INTEGER,\n"
	"  ongoing INTEGER,\n"
	"  ended INTEGER,\n"
	"  planned INTEGER,\n"
	"  waiting INTEGER,\n"
	"  women INTEGER,\n"
	"  men INTEGER,\n"
	"  other INTEGER,\n"
	"  incomplete TEXT NOT NULL DEFAULT '',\n"
	"  comment TEXT NOT NULL DEFAULT '',\n"
	"  UNIQUE (intervention_id, period_from, period_to)\n"
	");\n"
	/* Its labelled counts: kind 'utfall' (exits by category), 'ålder'
	 * (age bands), 'försörjning' (income before). */
	"CREATE TABLE participant_count (\n"
	"  stats_id INTEGER NOT NULL REFERENCES participant_stats(id) ON DELETE CASCADE,\n"
	"  kind TEXT NOT NULL,\n"
	"  seq INTEGER NOT NULL,\n"
	"  label TEXT NOT NULL,\n"
	"  count INTEGER NOT NULL,\n"
	"  PRIMARY KEY (stats_id, kind, seq)\n"
	");\n"
	"CREATE TABLE participant_survey (\n"
	"  stats_id INTEGER NOT NULL REFERENCES participant_stats(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  mean INTEGER,\n"
	"  answers INTEGER,\n"
	"  PRIMARY KEY (stats_id, seq)\n"
	");\n"

	/* The förbund's goal areas and goals (verksamhetsmål). status '':
	 * computed from target and actual. */
	"CREATE TABLE goal_area (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE\n"
	");\n"
	"CREATE TABLE goal (\n"
	"  area_id INTEGER NOT NULL REFERENCES goal_area(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  activities TEXT NOT NULL DEFAULT '',\n"
	"  outcome TEXT NOT NULL DEFAULT '',\n"
	"  status TEXT NOT NULL DEFAULT '',\n"
	"  target INTEGER,\n"
	"  actual INTEGER,\n"
	"  unit TEXT NOT NULL DEFAULT '',\n"
	"  PRIMARY KEY (area_id, seq)\n"
	");\n";

/* Version 4: the förbund's own statement mapping (docs/mapping.md), kept
 * as the text it was imported from, so that an export gives back what was
 * written, comments included. No row: the default the chart calls for. */
static const char migration_4[] =
	"CREATE TABLE statement_mapping (\n"
	"  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
	"  text TEXT NOT NULL,\n"
	"  file TEXT NOT NULL DEFAULT '',\n"
	"  saved TEXT NOT NULL\n"
	");\n";

/* Version 5: what the web application needs (docs/web.md): its users and
 * their roles, the interventions an insatsägare answers for, the sessions
 * (only a hash of each token), the change log, and the login attempts the
 * throttling counts. Times are UTC, "YYYY-MM-DDTHH:MM:SSZ", so that they
 * compare as text. */
static const char migration_5[] =
	/* A user. name is the login: ASCII letters, digits, . _ -; unique
	 * whatever its case. password_hash is libsodium's crypto_pwhash_str
	 * (argon2id), never the password. */
	"CREATE TABLE app_user (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE\n"
	"    CHECK (length(name) BETWEEN 1 AND 64),\n"
	"  display_name TEXT NOT NULL DEFAULT '',\n"
	"  role TEXT NOT NULL CHECK (role IN ('admin', 'ekonom', 'insatsägare', 'läsare')),\n"
	"  password_hash TEXT NOT NULL,\n"
	"  created TEXT NOT NULL,\n"
	"  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))\n"
	");\n"
	/* The interventions an insatsägare may see and edit; they go with the
	 * user and with the intervention. */
	"CREATE TABLE user_intervention (\n"
	"  user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,\n"
	"  intervention_id INTEGER NOT NULL REFERENCES intervention(id) ON DELETE CASCADE,\n"
	"  PRIMARY KEY (user_id, intervention_id)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX user_intervention_by_intervention ON user_intervention (intervention_id);\n"
	/* A logged-in browser. token_hash is the BLAKE2b-256 (hex) of the
	 * cookie's token, so a copy of the store lets no one in; csrf is the
	 * token every form carries. expires moves on with last_seen. */
	"CREATE TABLE web_session (\n"
	"  token_hash TEXT PRIMARY KEY,\n"
	"  user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,\n"
	"  csrf TEXT NOT NULL,\n"
	"  created TEXT NOT NULL,\n"
	"  last_seen TEXT NOT NULL,\n"
	"  expires TEXT NOT NULL\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX web_session_by_user ON web_session (user_id);\n"
	/* Every change made through the web: who (the user's name then, kept
	 * when the user is removed), when, what (a path such as
	 * "budget/2023/Coachingteam Örebro"), the old and the new value. */
	"CREATE TABLE change_log (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  time TEXT NOT NULL,\n"
	"  user_name TEXT NOT NULL,\n"
	"  what TEXT NOT NULL,\n"
	"  old_value TEXT,\n"
	"  new_value TEXT\n"
	");\n"
	/* Logins tried, for throttling; older than the window they are pruned. */
	"CREATE TABLE login_attempt (\n"
	"  name TEXT NOT NULL COLLATE NOCASE,\n"
	"  time TEXT NOT NULL,\n"
	"  success INTEGER NOT NULL CHECK (success IN (0, 1))\n"
	");\n"
	"CREATE INDEX login_attempt_by_name ON login_attempt (name, time);\n";

/* Version 6: the report templates the web edits (docs/web.md, "Rapport"),
 * by name: the template's Markdown text as saved, when (UTC, as in
 * version 5) and by whom (the web user's name; '' from the CLI). */
static const char migration_6[] =
	"CREATE TABLE report_template (\n"
	"  name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),\n"
	"  text TEXT NOT NULL,\n"
	"  updated TEXT NOT NULL,\n"
	"  updated_by TEXT NOT NULL DEFAULT ''\n"
	");\n";

const char *const store_migrations[] = {
	migration_1,
	migration_2,
	migration_3,
	migration_4,
	migration_5,
	migration_6,
};

const size_t store_migration_count = sizeof store_migrations / sizeof store_migrations[0];
