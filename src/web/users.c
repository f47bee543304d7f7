/*
 * users — users, roles, sessions, login throttling and the change log in
 * the store; see users.h and docs/web.md.
 */
#include "web/users.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/date.h"
#include "util/xalloc.h"

/* ---- roles ------------------------------------------------------------------ */

static const char *const role_names[USER_ROLE_COUNT] = {
	[USER_ADMIN] = "admin",
	[USER_EKONOM] = "ekonom",
	[USER_INSATSAGARE] = "insatsägare",
	[USER_LASARE] = "läsare",
};

static const char *const action_names[USER_ACTION_COUNT] = {
	[USER_READ] = "read",
	[USER_WRITE_BOOKS] = "write-books",
	[USER_WRITE_BUDGET] = "write-budget",
	[USER_WRITE_FORECAST] = "write-forecast",
	[USER_WRITE_PLAN] = "write-plan",
	[USER_WRITE_REPORT] = "write-report",
	[USER_READ_FOLLOWUP] = "read-followup",
	[USER_WRITE_FOLLOWUP] = "write-followup",
	[USER_WRITE_GOALS] = "write-goals",
	[USER_READ_CHANGES] = "read-changes",
	[USER_MANAGE_USERS] = "manage-users",
};

/* The rights of each role (docs/web.md); what is not named is denied. */
static const enum user_scope role_table[USER_ROLE_COUNT][USER_ACTION_COUNT] = {
	[USER_ADMIN] = {
		[USER_READ] = USER_ALL, [USER_WRITE_BOOKS] = USER_ALL,
		[USER_WRITE_BUDGET] = USER_ALL, [USER_WRITE_FORECAST] = USER_ALL,
		[USER_WRITE_PLAN] = USER_ALL, [USER_WRITE_REPORT] = USER_ALL,
		[USER_READ_FOLLOWUP] = USER_ALL, [USER_WRITE_FOLLOWUP] = USER_ALL,
		[USER_WRITE_GOALS] = USER_ALL, [USER_READ_CHANGES] = USER_ALL,
		[USER_MANAGE_USERS] = USER_ALL,
	},
	[USER_EKONOM] = {
		[USER_READ] = USER_ALL, [USER_WRITE_BOOKS] = USER_ALL,
		[USER_WRITE_BUDGET] = USER_ALL, [USER_WRITE_FORECAST] = USER_ALL,
		[USER_WRITE_PLAN] = USER_ALL, [USER_WRITE_REPORT] = USER_ALL,
		[USER_READ_FOLLOWUP] = USER_ALL, [USER_WRITE_FOLLOWUP] = USER_ALL,
		[USER_WRITE_GOALS] = USER_ALL, [USER_READ_CHANGES] = USER_ALL,
	},
	[USER_INSATSAGARE] = {
		[USER_READ_FOLLOWUP] = USER_ASSIGNED, [USER_WRITE_FOLLOWUP] = USER_ASSIGNED,
	},
	[USER_LASARE] = {
		[USER_READ] = USER_ALL, [USER_READ_FOLLOWUP] = USER_ALL,
		[USER_READ_CHANGES] = USER_ALL,
	},
};

const char *user_role_name(enum user_role r)
{
	return (unsigned)r < USER_ROLE_COUNT ? role_names[r] : "?";
}

bool user_role_parse(const char *s, enum user_role *out)
{
	for (int r = 0; r < USER_ROLE_COUNT; r++)
		if (strcmp(s, role_names[r]) == 0) {
			*out = (enum user_role)r;
			return true;
		}
	/* Without the Swedish letters, for keyboards and scripts that lack them. */
	if (strcmp(s, "insatsagare") == 0)
		*out = USER_INSATSAGARE;
	else if (strcmp(s, "lasare") == 0)
		*out = USER_LASARE;
	else
		return false;
	return true;
}

const char *user_action_name(enum user_action a)
{
	return (unsigned)a < USER_ACTION_COUNT ? action_names[a] : "?";
}

enum user_scope user_scope(enum user_role r, enum user_action a)
{
	if ((unsigned)r >= USER_ROLE_COUNT || (unsigned)a >= USER_ACTION_COUNT)
		return USER_DENIED;
	return role_table[r][a];
}

bool user_may(enum user_role r, enum user_action a)
{
	return user_scope(r, a) != USER_DENIED;
}

bool user_may_intervention(const struct user *u, enum user_action a, const char *code)
{
	if (u->disabled)
		return false;
	switch (user_scope(u->role, a)) {
	case USER_ALL:
		return true;
	case USER_ASSIGNED:
		for (size_t i = 0; i < u->ninterventions; i++)
			if (strcmp(u->interventions[i], code) == 0)
				return true;
		return false;
	default:
		return false;
	}
}

/* ---- store helpers -------------------------------------------------------------- */

/* A bound parameter: text (may be NULL: binds NULL) or an integer. */
struct param {
	const char *text;
	int64_t num;
	bool is_text;
};
#define PT(s) { (s), 0, true }
#define PI(v) { NULL, (v), false }

/* Run sql with the parameters p[0..n); when out is not NULL it gets the
 * first column of the first row, or dflt when there is none. */
static bool run(struct store *st, const char *sql, const struct param *p, int n, int64_t dflt,
		int64_t *out, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, sql, err))
		return false;
	for (int i = 0; i < n; i++) {
		if (p[i].is_text)
			store_bind_text(stmt, i + 1, p[i].text);
		else
			sqlite3_bind_int64(stmt, i + 1, p[i].num);
	}
	int rc = store_step(st, stmt, err);
	if (out)
		*out = rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL
			       ? sqlite3_column_int64(stmt, 0)
			       : dflt;
	while (rc == SQLITE_ROW)
		rc = store_step(st, stmt, err);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

static bool sodium_ready(struct error *err)
{
	if (sodium_init() < 0) {
		error_set(err, ERR_INTERNAL, "libsodium kunde inte startas");
		return false;
	}
	return true;
}

/* The current time in seconds since 1970 (UTC), from date_now_iso so that
 * FINSAM_NOW moves it. */
static bool now_seconds(int64_t *out, struct error *err)
{
	char buf[64];
	date_now_iso(buf, sizeof buf);
	int y, mo, d, h, mi, s, end = 0;
	if (sscanf(buf, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &s, &end) != 6 ||
	    end == 0 || buf[end] || !date_valid(y * 10000 + mo * 100 + d) || h > 23 || mi > 59 ||
	    s > 60) {
		error_set(err, ERR_INTERNAL,
			  "klockan \"%s\" (FINSAM_NOW?) är ingen tidpunkt ÅÅÅÅ-MM-DDTHH:MM:SSZ", buf);
		return false;
	}
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi, .tm_sec = s };
	*out = (int64_t)timegm(&tm);
	return true;
}

/* t as "YYYY-MM-DDTHH:MM:SSZ" (UTC) in buf. */
static char *iso_time(int64_t t, char buf[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

/* ---- names and passwords -------------------------------------------------------- */

bool user_name_valid(const char *name)
{
	size_t n = strlen(name);
	if (n < 1 || n > USER_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

bool user_password_check(const char *password, struct error *err)
{
	size_t bytes = strlen(password), chars = 0;
	for (size_t i = 0; i < bytes; i++)
		if (((unsigned char)password[i] & 0xC0) != 0x80)
			chars++;
	if (chars < USER_PASSWORD_MIN) {
		error_set(err, ERR_INPUT, "lösenordet är för kort: minst %d tecken",
			  USER_PASSWORD_MIN);
		return false;
	}
	if (bytes > USER_PASSWORD_MAX) {
		error_set(err, ERR_INPUT, "lösenordet är för långt: högst %d byte",
			  USER_PASSWORD_MAX);
		return false;
	}
	return true;
}

static bool hash_password(const char *password, char hash[crypto_pwhash_STRBYTES],
			  struct error *err)
{
	if (!sodium_ready(err))
		return false;
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		error_set(err, ERR_INTERNAL, "lösenordet kunde inte hashas (slut på minne?)");
		return false;
	}
	return true;
}

/* ---- loading users -------------------------------------------------------------- */

static const char user_columns[] =
	"SELECT id, name, display_name, role, created, disabled FROM app_user ";

static void read_user(sqlite3_stmt *stmt, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(stmt, 0);
	u->name = xstrdup(store_column_text(stmt, 1));
	u->display_name = xstrdup(store_column_text(stmt, 2));
	u->created = xstrdup(store_column_text(stmt, 4));
	u->disabled = sqlite3_column_int(stmt, 5) != 0;
	/* A role the program does not know (a store edited by hand) may do
	 * nothing. */
	if (!user_role_parse(store_column_text(stmt, 3), &u->role)) {
		u->role = USER_LASARE;
		u->disabled = true;
	}
}

static bool load_interventions(struct store *st, struct user *u, struct error *err)
{
	/* Only an insatsägare has any (user_set_role takes them away from
	 * other roles), and every request loads its user: spare the query. */
	if (u->role != USER_INSATSAGARE)
		return true;
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT i.code FROM user_intervention ui\n"
			   "JOIN intervention i ON i.id = ui.intervention_id\n"
			   "WHERE ui.user_id = ? ORDER BY i.code",
			   err))
		return false;
	sqlite3_bind_int64(stmt, 1, u->id);
	size_t cap = 0;
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		u->interventions = xgrow(u->interventions, &cap, u->ninterventions + 1,
					 sizeof *u->interventions);
		u->interventions[u->ninterventions++] = xstrdup(store_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE;
}

/* One user by name (p is the name) or by id. */
static bool load_user(struct store *st, const char *where, struct param p, struct user *out,
		      bool *found, struct error *err)
{
	memset(out, 0, sizeof *out);
	*found = false;
	char sql[160];
	snprintf(sql, sizeof sql, "%s%s", user_columns, where);
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt, sql, err))
		return false;
	if (p.is_text)
		store_bind_text(stmt, 1, p.text);
	else
		sqlite3_bind_int64(stmt, 1, p.num);
	int rc = store_step(st, stmt, err);
	if (rc == SQLITE_ROW) {
		read_user(stmt, out);
		*found = true;
	}
	sqlite3_finalize(stmt);
	if (rc < 0)
		return false;
	if (*found && !load_interventions(st, out, err)) {
		user_free(out);
		*found = false;
		return false;
	}
	return true;
}

bool user_get(struct store *st, const char *name, struct user *out, bool *found,
	      struct error *err)
{
	return load_user(st, "WHERE name = ?", (struct param)PT(name), out, found, err);
}

void user_free(struct user *u)
{
	if (!u)
		return;
	free(u->name);
	free(u->display_name);
	free(u->created);
	for (size_t i = 0; i < u->ninterventions; i++)
		free(u->interventions[i]);
	free(u->interventions);
	memset(u, 0, sizeof *u);
}

bool user_list(struct store *st, struct user_list *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt;
	char sql[160];
	snprintf(sql, sizeof sql, "%sORDER BY name COLLATE NOCASE, id", user_columns);
	if (!store_prepare(st, &stmt, sql, err))
		return false;
	size_t cap = 0;
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		out->u = xgrow(out->u, &cap, out->n + 1, sizeof *out->u);
		read_user(stmt, &out->u[out->n++]);
	}
	sqlite3_finalize(stmt);
	for (size_t i = 0; rc == SQLITE_DONE && i < out->n; i++)
		if (!load_interventions(st, &out->u[i], err))
			rc = -1;
	if (rc == SQLITE_DONE)
		return true;
	user_list_free(out);
	return false;
}

void user_list_free(struct user_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		user_free(&l->u[i]);
	free(l->u);
	memset(l, 0, sizeof *l);
}

/* ---- changing users -------------------------------------------------------------- */

/* The id and role of user `name`; an error when there is none. */
static bool find_user(struct store *st, const char *name, int64_t *id, enum user_role *role,
		      bool *disabled, struct error *err)
{
	struct user u;
	bool found;
	if (!user_get(st, name, &u, &found, err))
		return false;
	if (!found) {
		error_set(err, ERR_INPUT, "det finns ingen användare som heter %s", name);
		return false;
	}
	*id = u.id;
	if (role)
		*role = u.role;
	if (disabled)
		*disabled = u.disabled;
	user_free(&u);
	return true;
}

/* Refuse when user `id`, an enabled admin, is the last one while other
 * users remain: no one could manage the users any more. */
static bool keeps_an_admin(struct store *st, int64_t id, const char *name, const char *doing,
			   struct error *err)
{
	int64_t admins, others;
	const struct param p[] = { PI(id) };
	if (!run(st,
		 "SELECT count(*) FROM app_user WHERE role = 'admin' AND disabled = 0 AND id <> ?",
		 p, 1, 0, &admins, err) ||
	    !run(st, "SELECT count(*) FROM app_user WHERE id <> ?", p, 1, 0, &others, err))
		return false;
	if (admins == 0 && others > 0) {
		error_set(err, ERR_INPUT,
			  "%s är den sista administratören och kan inte %s; ge först någon annan "
			  "rollen admin",
			  name, doing);
		return false;
	}
	return true;
}

static bool intervention_id(struct store *st, const char *code, int64_t *id, struct error *err)
{
	const struct param p[] = { PT(code) };
	if (!run(st, "SELECT id FROM intervention WHERE code = ?", p, 1, 0, id, err))
		return false;
	if (*id == 0) {
		error_set(err, ERR_INPUT,
			  "%s är ingen registrerad insats (se finsam interventions)", code);
		return false;
	}
	return true;
}

static bool assign_id(struct store *st, int64_t user_id, const char *code, struct error *err)
{
	int64_t iid;
	if (!intervention_id(st, code, &iid, err))
		return false;
	const struct param p[] = { PI(user_id), PI(iid) };
	return run(st, "INSERT OR IGNORE INTO user_intervention (user_id, intervention_id) VALUES (?, ?)",
		   p, 2, 0, NULL, err);
}

/* Each change below is one step (store_begin_step): alone, or inside the
 * web's transaction with its change-log row. */

bool user_add(struct store *st, const struct user_new *nu, struct error *err)
{
	bool nested;
	if (!user_name_valid(nu->name)) {
		error_set(err, ERR_INPUT,
			  "\"%s\" duger inte som användarnamn: 1–%d tecken av bokstäverna a–z, "
			  "siffror, punkt, understreck och bindestreck",
			  nu->name, USER_NAME_MAX);
		return false;
	}
	if ((unsigned)nu->role >= USER_ROLE_COUNT) {
		error_set(err, ERR_INPUT, "okänd roll");
		return false;
	}
	if (nu->ninterventions && nu->role != USER_INSATSAGARE) {
		error_set(err, ERR_INPUT, "bara en insatsägare tilldelas insatser, inte en %s",
			  user_role_name(nu->role));
		return false;
	}
	char hash[crypto_pwhash_STRBYTES];
	if (!user_password_check(nu->password, err) || !hash_password(nu->password, hash, err))
		return false;
	char now_iso[32];
	int64_t now, taken;
	const struct param pname[] = { PT(nu->name) };
	if (!now_seconds(&now, err) || !store_begin_step(st, &nested, err))
		return false;
	bool ok = run(st, "SELECT count(*) FROM app_user WHERE name = ?", pname, 1, 0, &taken, err);
	if (ok && taken) {
		error_set(err, ERR_INPUT, "det finns redan en användare som heter %s", nu->name);
		ok = false;
	}
	const struct param p[] = { PT(nu->name), PT(nu->display_name ? nu->display_name : ""),
				   PT(user_role_name(nu->role)), PT(hash),
				   PT(iso_time(now, now_iso)) };
	ok = ok && run(st,
		       "INSERT INTO app_user (name, display_name, role, password_hash, created)\n"
		       "VALUES (?, ?, ?, ?, ?)",
		       p, 5, 0, NULL, err);
	int64_t id = ok ? sqlite3_last_insert_rowid(st->db) : 0;
	for (size_t i = 0; ok && i < nu->ninterventions; i++)
		ok = assign_id(st, id, nu->interventions[i], err);
	sodium_memzero(hash, sizeof hash);
	return store_end_step(st, nested, ok, err);
}

bool user_set_password(struct store *st, const char *name, const char *password,
		       struct error *err)
{
	bool nested;
	char hash[crypto_pwhash_STRBYTES];
	int64_t id;
	if (!find_user(st, name, &id, NULL, NULL, err) || !user_password_check(password, err) ||
	    !hash_password(password, hash, err) || !store_begin_step(st, &nested, err))
		return false;
	const struct param p[] = { PT(hash), PI(id) };
	bool ok = run(st, "UPDATE app_user SET password_hash = ? WHERE id = ?", p, 2, 0, NULL, err) &&
		  user_session_destroy_all(st, id, err);
	sodium_memzero(hash, sizeof hash);
	return store_end_step(st, nested, ok, err);
}

bool user_remove(struct store *st, const char *name, struct error *err)
{
	bool nested;
	int64_t id;
	enum user_role role;
	if (!store_begin_step(st, &nested, err))
		return false;
	bool ok = find_user(st, name, &id, &role, NULL, err) &&
		  (role != USER_ADMIN || keeps_an_admin(st, id, name, "tas bort", err));
	const struct param p[] = { PI(ok ? id : 0) };
	/* Sessions and assignments go with it (ON DELETE CASCADE). */
	ok = ok && run(st, "DELETE FROM app_user WHERE id = ?", p, 1, 0, NULL, err);
	return store_end_step(st, nested, ok, err);
}

bool user_set_role(struct store *st, const char *name, enum user_role role, struct error *err)
{
	bool nested;
	if ((unsigned)role >= USER_ROLE_COUNT) {
		error_set(err, ERR_INPUT, "okänd roll");
		return false;
	}
	int64_t id;
	enum user_role old;
	if (!store_begin_step(st, &nested, err))
		return false;
	bool ok = find_user(st, name, &id, &old, NULL, err) &&
		  (old != USER_ADMIN || role == USER_ADMIN ||
		   keeps_an_admin(st, id, name, "bli något annat", err));
	const struct param p[] = { PT(user_role_name(role)), PI(ok ? id : 0) };
	ok = ok && run(st, "UPDATE app_user SET role = ? WHERE id = ?", p, 2, 0, NULL, err);
	if (ok && role != USER_INSATSAGARE)
		ok = run(st, "DELETE FROM user_intervention WHERE user_id = ?", p + 1, 1, 0, NULL,
			 err);
	return store_end_step(st, nested, ok, err);
}

bool user_set_disabled(struct store *st, const char *name, bool disabled, struct error *err)
{
	bool nested;
	int64_t id;
	enum user_role role;
	if (!store_begin_step(st, &nested, err))
		return false;
	bool ok = find_user(st, name, &id, &role, NULL, err) &&
		  (!disabled || role != USER_ADMIN ||
		   keeps_an_admin(st, id, name, "stängas av", err));
	const struct param p[] = { PI(disabled), PI(ok ? id : 0) };
	ok = ok && run(st, "UPDATE app_user SET disabled = ? WHERE id = ?", p, 2, 0, NULL, err);
	if (ok && disabled)
		ok = user_session_destroy_all(st, id, err);
	return store_end_step(st, nested, ok, err);
}

bool user_assign(struct store *st, const char *name, const char *code, struct error *err)
{
	bool nested;
	int64_t id;
	enum user_role role;
	if (!store_begin_step(st, &nested, err))
		return false;
	bool ok = find_user(st, name, &id, &role, NULL, err);
	if (ok && role != USER_INSATSAGARE) {
		error_set(err, ERR_INPUT,
			  "%s är %s; bara en insatsägare tilldelas insatser (ändra rollen med "
			  "finsam user role)",
			  name, user_role_name(role));
		ok = false;
	}
	ok = ok && assign_id(st, id, code, err);
	return store_end_step(st, nested, ok, err);
}

bool user_unassign(struct store *st, const char *name, const char *code, struct error *err)
{
	bool nested;
	int64_t id, iid;
	if (!store_begin_step(st, &nested, err))
		return false;
	bool ok = find_user(st, name, &id, NULL, NULL, err) && intervention_id(st, code, &iid, err);
	const struct param p[] = { PI(ok ? id : 0), PI(ok ? iid : 0) };
	ok = ok && run(st, "DELETE FROM user_intervention WHERE user_id = ? AND intervention_id = ?",
		       p, 2, 0, NULL, err);
	if (ok && sqlite3_changes(st->db) == 0) {
		error_set(err, ERR_INPUT, "%s har inte insatsen %s", name, code);
		ok = false;
	}
	return store_end_step(st, nested, ok, err);
}

/* ---- logins ------------------------------------------------------------------------ */

/* An argon2id hash of a password no one has, at the same limits as real
 * ones: an unknown or disabled name is verified against it, so that it
 * fails in the same time as a wrong password. */
static const char dummy_hash[] =
	"$argon2id$v=19$m=65536,t=2,p=1$9cqyOTKqyZy3g5CPSu95Uw$"
	"vWD4KZ6Q8xBZjt+u9SLpWAv4ddNmqlddP02EXUjPHbc";

bool user_login(struct store *st, const char *name, const char *password,
		enum user_login_result *result, struct user *out, struct error *err)
{
	*result = USER_LOGIN_FAILED;
	if (out)
		memset(out, 0, sizeof *out);
	int64_t now, failures;
	char now_iso[32], cutoff[32];
	if (!sodium_ready(err) || !now_seconds(&now, err))
		return false;
	iso_time(now, now_iso);
	iso_time(now - USER_THROTTLE_WINDOW, cutoff);
	/* A name that cannot exist is checked against the dummy hash like an
	 * unknown one, but not recorded: whoever sends megabytes as a name
	 * must not be able to grow the store with them. */
	bool valid = user_name_valid(name);
	int64_t attempt = 0;
	if (valid) {
		/* Count the failures within the window since the name's last
		 * success, and record this attempt as one, in one step: logins
		 * that run at the same time cannot all slip under the limit. */
		const struct param pc[] = { PT(cutoff) };
		const struct param pf[] = { PT(name), PT(cutoff), PT(name) };
		const struct param pa[] = { PT(name), PT(now_iso) };
		bool nested;
		if (!store_begin_step(st, &nested, err))
			return false;
		bool ok = run(st, "DELETE FROM login_attempt WHERE time <= ?", pc, 1, 0, NULL, err) &&
			  run(st,
			      "SELECT count(*) FROM login_attempt WHERE name = ? AND success = 0\n"
			      "  AND time > ? AND rowid > coalesce((SELECT max(rowid) FROM login_attempt\n"
			      "                        WHERE name = ? AND success = 1), 0)",
			      pf, 3, 0, &failures, err);
		if (ok && failures < USER_THROTTLE_FAILURES) {
			ok = run(st, "INSERT INTO login_attempt (name, time, success) VALUES (?, ?, 0)",
				 pa, 2, 0, NULL, err);
			attempt = sqlite3_last_insert_rowid(st->db);
		}
		if (!store_end_step(st, nested, ok, err))
			return false;
		if (failures >= USER_THROTTLE_FAILURES) {
			*result = USER_LOGIN_THROTTLED;
			return true;
		}
	}

	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT id, password_hash, disabled FROM app_user WHERE name = ?", err))
		return false;
	store_bind_text(stmt, 1, valid ? name : "");
	int rc = store_step(st, stmt, err);
	if (rc < 0) {
		sqlite3_finalize(stmt);
		return false;
	}
	bool known = rc == SQLITE_ROW && sqlite3_column_int(stmt, 2) == 0;
	int64_t id = known ? sqlite3_column_int64(stmt, 0) : 0;
	char *hash = xstrdup(known ? store_column_text(stmt, 1) : dummy_hash);
	sqlite3_finalize(stmt);
	size_t len = strlen(password);
	bool match = len <= USER_PASSWORD_MAX &&
		     crypto_pwhash_str_verify(hash, password, len) == 0 && known;
	bool rehash = match && crypto_pwhash_str_needs_rehash(
				       hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
				       crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
	free(hash);

	const struct param ps[] = { PI(attempt) };
	if (match && !run(st, "UPDATE login_attempt SET success = 1 WHERE rowid = ?", ps, 1, 0,
			  NULL, err))
		return false;
	if (rehash) {
		/* The limits were raised since the hash was made: hash anew. */
		char fresh[crypto_pwhash_STRBYTES];
		if (!hash_password(password, fresh, err))
			return false;
		const struct param ph[] = { PT(fresh), PI(id) };
		bool ok = run(st, "UPDATE app_user SET password_hash = ? WHERE id = ?", ph, 2, 0,
			      NULL, err);
		sodium_memzero(fresh, sizeof fresh);
		if (!ok)
			return false;
	}
	if (!match)
		return true;
	if (out) {
		bool found;
		if (!load_user(st, "WHERE id = ?", (struct param)PI(id), out, &found, err))
			return false;
	}
	*result = USER_LOGIN_OK;
	return true;
}

/* ---- sessions ------------------------------------------------------------------------ */

static void random_token(char out[USER_TOKEN_CHARS + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, USER_TOKEN_CHARS + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

/* The BLAKE2b-256 of a token, in hex: what the store keeps. */
static void token_hash(const char *token, char hex[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

bool user_session_create(struct store *st, int64_t user_id, struct user_session *out,
			 struct error *err)
{
	int64_t now;
	char now_iso[32], expires[32], hash[65];
	if (!sodium_ready(err) || !now_seconds(&now, err))
		return false;
	random_token(out->token);
	random_token(out->csrf);
	token_hash(out->token, hash);
	iso_time(now, now_iso);
	iso_time(now + USER_SESSION_IDLE, expires);
	const struct param pe[] = { PT(now_iso) };
	const struct param p[] = { PT(hash), PI(user_id), PT(out->csrf), PT(now_iso), PT(now_iso),
				   PT(expires) };
	/* Expired sessions of anyone go at each login, so the table stays small. */
	return run(st, "DELETE FROM web_session WHERE expires <= ?", pe, 1, 0, NULL, err) &&
	       run(st,
		   "INSERT INTO web_session (token_hash, user_id, csrf, created, last_seen, expires)\n"
		   "VALUES (?, ?, ?, ?, ?, ?)",
		   p, 6, 0, NULL, err);
}

/* Whether s looks like one of our tokens (so nothing longer is hashed). */
static bool token_shaped(const char *s)
{
	size_t n = strlen(s);
	if (n != USER_TOKEN_CHARS)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

bool user_session_lookup(struct store *st, const char *token, struct user *u,
			 char csrf[USER_TOKEN_CHARS + 1], bool *found, struct error *err)
{
	*found = false;
	if (u)
		memset(u, 0, sizeof *u);
	if (!token_shaped(token))
		return true;
	int64_t now;
	char now_iso[32], expires[32], touch_before[32], hash[65];
	if (!sodium_ready(err) || !now_seconds(&now, err))
		return false;
	token_hash(token, hash);
	iso_time(now, now_iso);
	iso_time(now + USER_SESSION_IDLE, expires);
	iso_time(now - USER_SESSION_TOUCH, touch_before);
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT s.user_id, s.csrf, s.expires > ?, u.disabled, s.last_seen <= ?\n"
			   "FROM web_session s JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = ?",
			   err))
		return false;
	store_bind_text(stmt, 1, now_iso);
	store_bind_text(stmt, 2, touch_before);
	store_bind_text(stmt, 3, hash);
	int rc = store_step(st, stmt, err);
	int64_t user_id = 0;
	bool alive = false, touch = false;
	if (rc == SQLITE_ROW) {
		user_id = sqlite3_column_int64(stmt, 0);
		alive = sqlite3_column_int(stmt, 2) && !sqlite3_column_int(stmt, 3);
		touch = sqlite3_column_int(stmt, 4);
		if (alive && csrf)
			snprintf(csrf, USER_TOKEN_CHARS + 1, "%s", store_column_text(stmt, 1));
	}
	sqlite3_finalize(stmt);
	if (rc < 0)
		return false;
	if (rc != SQLITE_ROW)
		return true;
	if (!alive)
		return user_session_destroy(st, token, err);
	const struct param p[] = { PT(now_iso), PT(expires), PT(hash) };
	if (touch && !run(st, "UPDATE web_session SET last_seen = ?, expires = ? WHERE token_hash = ?",
			  p, 3, 0, NULL, err))
		return false;
	if (u && !load_user(st, "WHERE id = ?", (struct param)PI(user_id), u, found, err))
		return false;
	*found = true;
	return true;
}

bool user_session_destroy(struct store *st, const char *token, struct error *err)
{
	if (!token_shaped(token))
		return true;
	char hash[65];
	if (!sodium_ready(err))
		return false;
	token_hash(token, hash);
	const struct param p[] = { PT(hash) };
	return run(st, "DELETE FROM web_session WHERE token_hash = ?", p, 1, 0, NULL, err);
}

bool user_session_destroy_all(struct store *st, int64_t user_id, struct error *err)
{
	const struct param p[] = { PI(user_id) };
	return run(st, "DELETE FROM web_session WHERE user_id = ?", p, 1, 0, NULL, err);
}

/* ---- the change log ------------------------------------------------------------------- */

bool change_log_add(struct store *st, const char *user_name, const char *what,
		    const char *old_value, const char *new_value, struct error *err)
{
	int64_t now;
	char now_iso[32];
	if (!now_seconds(&now, err))
		return false;
	const struct param p[] = { PT(iso_time(now, now_iso)), PT(user_name), PT(what),
				   PT(old_value), PT(new_value) };
	return run(st,
		   "INSERT INTO change_log (time, user_name, what, old_value, new_value)\n"
		   "VALUES (?, ?, ?, ?, ?)",
		   p, 5, 0, NULL, err);
}

static char *column_or_null(sqlite3_stmt *stmt, int i)
{
	return sqlite3_column_type(stmt, i) == SQLITE_NULL ? NULL
							   : xstrdup(store_column_text(stmt, i));
}

bool change_log_list(struct store *st, size_t limit, struct change_list *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt;
	if (!store_prepare(st, &stmt,
			   "SELECT * FROM (SELECT id, time, user_name, what, old_value, new_value\n"
			   "  FROM change_log ORDER BY id DESC LIMIT ?) ORDER BY id",
			   err))
		return false;
	sqlite3_bind_int64(stmt, 1, limit ? (int64_t)limit : -1);
	size_t cap = 0;
	int rc;
	while ((rc = store_step(st, stmt, err)) == SQLITE_ROW) {
		out->c = xgrow(out->c, &cap, out->n + 1, sizeof *out->c);
		struct change *c = &out->c[out->n++];
		c->id = sqlite3_column_int64(stmt, 0);
		c->time = xstrdup(store_column_text(stmt, 1));
		c->user_name = xstrdup(store_column_text(stmt, 2));
		c->what = xstrdup(store_column_text(stmt, 3));
		c->old_value = column_or_null(stmt, 4);
		c->new_value = column_or_null(stmt, 5);
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return true;
	change_list_free(out);
	return false;
}

void change_list_free(struct change_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->c[i].time);
		free(l->c[i].user_name);
		free(l->c[i].what);
		free(l->c[i].old_value);
		free(l->c[i].new_value);
	}
	free(l->c);
	memset(l, 0, sizeof *l);
}
