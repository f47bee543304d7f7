/*
 * users — the web application's users, roles, sessions and change log,
 * as the store keeps them (docs/web.md). No HTTP here: the server and the
 * CLI (`finsam user`) both call these functions.
 *
 * Passwords are hashed with argon2id (libsodium's crypto_pwhash_str) at
 * the INTERACTIVE limits (2 passes, 64 MiB: about a tenth of a second).
 * A session is 32 random bytes given to the browser as base64url; the
 * store keeps only their BLAKE2b hash. Logins are throttled per name:
 * after USER_THROTTLE_FAILURES failed attempts within
 * USER_THROTTLE_WINDOW seconds the name is refused until the oldest of
 * them is older than the window.
 *
 * Times come from the clock helper (date_now_iso), so tests move them
 * with FINSAM_NOW. Every function reports failures in err (Swedish).
 */
#ifndef FINSAM_WEB_USERS_H
#define FINSAM_WEB_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/error.h"

#define USER_NAME_MAX 64            /* login names: 1..64 characters */
#define USER_PASSWORD_MIN 10        /* characters (code points) */
#define USER_PASSWORD_MAX 1024      /* bytes; longer is refused */
#define USER_THROTTLE_FAILURES 5    /* failed logins allowed per name ... */
#define USER_THROTTLE_WINDOW 900    /* ... within this many seconds */
#define USER_SESSION_IDLE 1800      /* a session dies after 30 idle minutes */
#define USER_SESSION_TOUCH 60      /* a session's idle clock restarts at most once a minute */
#define USER_TOKEN_CHARS 43         /* 32 bytes as base64url without padding */

enum user_role {
	USER_ADMIN,       /* the office: everything, users included */
	USER_EKONOM,      /* books, budget, forecast, plan, reports, follow-up */
	USER_INSATSAGARE, /* the follow-up of the interventions assigned to it */
	USER_LASARE,      /* the board and auditors: read everything, change nothing */
	USER_ROLE_COUNT,
};

/* What a request may want to do; the web's route table names one per route. */
enum user_action {
	USER_READ,            /* read books, plan, reports, goals */
	USER_WRITE_BOOKS,     /* import SIE, change the organisation, the mapping */
	USER_WRITE_BUDGET,    /* the budget */
	USER_WRITE_FORECAST,  /* the forecast */
	USER_WRITE_PLAN,      /* members, offers, scenarios, financial goals */
	USER_WRITE_REPORT,    /* the report template; build reports */
	USER_READ_FOLLOWUP,   /* interventions and their statistics */
	USER_WRITE_FOLLOWUP,  /* the same, changed */
	USER_WRITE_GOALS,     /* goal areas and goals */
	USER_READ_CHANGES,    /* the change log */
	USER_MANAGE_USERS,    /* users, roles, assignments */
	USER_ACTION_COUNT,
};

/* How far a role may do an action. */
enum user_scope {
	USER_DENIED,   /* not at all */
	USER_ALL,      /* on everything */
	USER_ASSIGNED, /* only on the interventions assigned to the user */
};

struct user {
	int64_t id;
	char *name;           /* the login */
	char *display_name;   /* "" when none */
	enum user_role role;
	char *created;        /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
	bool disabled;        /* may not log in */
	char **interventions; /* codes assigned (insatsägare), sorted */
	size_t ninterventions;
};

struct user_list {
	struct user *u; /* by name */
	size_t n;
};

/* A new user for user_add. */
struct user_new {
	const char *name;
	const char *display_name;   /* may be NULL */
	enum user_role role;
	const char *password;
	const char *const *interventions; /* codes to assign (insatsägare only) */
	size_t ninterventions;
};

/* A session as user_session_create makes it: the token goes into the
 * cookie (the store never sees it), csrf into every form. */
struct user_session {
	char token[USER_TOKEN_CHARS + 1];
	char csrf[USER_TOKEN_CHARS + 1];
};

enum user_login_result {
	USER_LOGIN_OK,
	USER_LOGIN_FAILED,    /* unknown name, wrong password or disabled: all alike */
	USER_LOGIN_THROTTLED, /* too many failures; not even tried */
};

struct change {
	int64_t id;
	char *time;      /* UTC */
	char *user_name;
	char *what;      /* "budget/2023/Coachingteam Örebro" */
	char *old_value; /* NULL: none (something added) */
	char *new_value; /* NULL: none (something removed) */
};

struct change_list {
	struct change *c; /* oldest first */
	size_t n;
};

/* "admin", "ekonom", "insatsägare", "läsare". */
const char *user_role_name(enum user_role r);
/* Parse a role's name; false when it is none. */
bool user_role_parse(const char *s, enum user_role *out);
/* The action's name in English ("write-budget"), for logs and tests. */
const char *user_action_name(enum user_action a);

/* The role table: how far role r may do action a. */
enum user_scope user_scope(enum user_role r, enum user_action a);
/* Whether r may do a at all (on some interventions at least, for an
 * insatsägare). */
bool user_may(enum user_role r, enum user_action a);
/* Whether user u (as loaded, with its interventions) may do a on the
 * intervention with `code`. */
bool user_may_intervention(const struct user *u, enum user_action a, const char *code);

/* Whether name is a valid login (1..64 of A-Z a-z 0-9 . _ -). */
bool user_name_valid(const char *name);
/* Whether the password is acceptable (USER_PASSWORD_MIN characters at
 * least, USER_PASSWORD_MAX bytes at most); err says why not (ERR_INPUT). */
bool user_password_check(const char *password, struct error *err);

/* Add a user, with its interventions, in one transaction. Refuses an
 * invalid or taken name (whatever its case), a weak password, codes that
 * are not registered interventions and interventions for another role
 * than insatsägare (ERR_INPUT). */
bool user_add(struct store *st, const struct user_new *nu, struct error *err);
/* Set a user's password; its sessions end. */
bool user_set_password(struct store *st, const char *name, const char *password,
		       struct error *err);
/* Remove a user, its sessions and assignments. The last admin cannot be
 * removed while other users remain. */
bool user_remove(struct store *st, const char *name, struct error *err);
/* Change a user's role. The last admin cannot become anything else while
 * other users remain; a user who stops being insatsägare loses its
 * interventions. */
bool user_set_role(struct store *st, const char *name, enum user_role role, struct error *err);
/* Disable (true) or enable a user; disabling ends its sessions. */
bool user_set_disabled(struct store *st, const char *name, bool disabled, struct error *err);
/* Assign the intervention `code` to an insatsägare (a no-op when it is
 * already), or take it away (refused when it was not assigned). */
bool user_assign(struct store *st, const char *name, const char *code, struct error *err);
bool user_unassign(struct store *st, const char *name, const char *code, struct error *err);

/* Load one user by name (any case); *found false when there is none. The
 * caller frees with user_free. */
bool user_get(struct store *st, const char *name, struct user *out, bool *found,
	      struct error *err);
void user_free(struct user *u);
/* Every user, by name; free with user_list_free. */
bool user_list(struct store *st, struct user_list *out, struct error *err);
void user_list_free(struct user_list *l);

/* Try a login and record the attempt. *result says how it went; on
 * USER_LOGIN_OK `out` (may be NULL) gets the user (free with user_free).
 * An unknown or disabled name is checked against a dummy hash so that it
 * fails like a wrong password and takes as long. Returns false only on a
 * fault of the store. */
bool user_login(struct store *st, const char *name, const char *password,
		enum user_login_result *result, struct user *out, struct error *err);

/* Start a session for user `user_id`; out gets its token and CSRF token. */
bool user_session_create(struct store *st, int64_t user_id, struct user_session *out,
			 struct error *err);
/* The session of `token`, if it exists, has not been idle for
 * USER_SESSION_IDLE seconds and its user is not disabled: *found true,
 * the user in `u` and the CSRF token in csrf (either may be NULL), and
 * the session is touched (its idle time starts again) when it was last
 * touched USER_SESSION_TOUCH seconds ago or more, so that a busy session
 * does not write to the store on every request. An expired
 * session is deleted. */
bool user_session_lookup(struct store *st, const char *token, struct user *u,
			 char csrf[USER_TOKEN_CHARS + 1], bool *found, struct error *err);
/* End the session of `token` (nothing happens when there is none). */
bool user_session_destroy(struct store *st, const char *token, struct error *err);
/* End every session of user `user_id`. */
bool user_session_destroy_all(struct store *st, int64_t user_id, struct error *err);

/* Write one change to the log, stamped with the current time. old_value
 * or new_value may be NULL (something added or removed). */
bool change_log_add(struct store *st, const char *user_name, const char *what,
		    const char *old_value, const char *new_value, struct error *err);
/* The log, oldest first; `limit` > 0: only the latest `limit` entries.
 * Free with change_list_free. */
bool change_log_list(struct store *st, size_t limit, struct change_list *out, struct error *err);
void change_list_free(struct change_list *l);

#endif
