/*
 * cmd_user — `finsam user add|passwd|remove|list|role|assign|unassign|
 * disable|enable`: the users of the web application (docs/web.md).
 *
 * A password is read from standard input, never from the command line
 * (where ps and the shell's history would show it): on a terminal without
 * echo and twice, otherwise one line, so that scripts and tests can pipe
 * it in.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "web/users.h"

static const struct cli_option options[] = {
	{ "role", 0, "ROLL", "add: admin, ekonom, insatsägare eller läsare" },
	{ "name", 0, "NAMN", "add: visningsnamnet (\"Anna Berg\")" },
	{ "intervention", 0, "KOD", "add: insatserna en insatsägare svarar för (KOD,KOD...)" },
	{ "format", 0, "FORMAT", "list: table (standard), csv eller json" },
	CLI_OPTIONS_END,
};

enum { A_ADD, A_PASSWD, A_REMOVE, A_LIST, A_ROLE, A_ASSIGN, A_UNASSIGN, A_DISABLE, A_ENABLE };
static const char *const actions[] = { "add",	 "passwd",   "remove",	"list",	  "role",
				       "assign", "unassign", "disable", "enable", NULL };

/* Room for the longest password allowed, its newline and the NUL. */
#define PASSWORD_BUF (USER_PASSWORD_MAX + 2)

/* One line of standard input into buf, without its line ending. */
static bool read_line(char *buf, struct error *err)
{
	if (!fgets(buf, PASSWORD_BUF, stdin)) {
		error_set(err, ERR_INPUT, "inget lösenord på standard in");
		return false;
	}
	size_t n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (!feof(stdin)) {
		error_set(err, ERR_INPUT, "lösenordet är för långt: högst %d byte", USER_PASSWORD_MAX);
		return false;
	}
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return true;
}

/* Ask for a line on the terminal with echo off. */
static bool ask_quietly(struct cli *cli, const char *prompt, char *buf, struct error *err)
{
	int fd = STDIN_FILENO;
	struct termios old, quiet;
	if (tcgetattr(fd, &old) != 0)
		return read_line(buf, err);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	fputs(prompt, cli->err);
	fflush(cli->err);
	tcsetattr(fd, TCSAFLUSH, &quiet);
	bool ok = read_line(buf, err);
	tcsetattr(fd, TCSAFLUSH, &old);
	return ok;
}

/* The new password into pw: twice on a terminal, once from a pipe. */
static bool read_password(struct cli *cli, char *pw, struct error *err)
{
	if (!isatty(STDIN_FILENO))
		return read_line(pw, err);
	char *again = xmalloc(PASSWORD_BUF);
	bool ok = ask_quietly(cli, "Nytt lösenord: ", pw, err) &&
		  user_password_check(pw, err) &&
		  ask_quietly(cli, "Samma lösenord igen: ", again, err);
	if (ok && strcmp(pw, again) != 0) {
		error_set(err, ERR_INPUT, "lösenorden är inte lika; ingenting ändrades");
		ok = false;
	}
	sodium_memzero(again, PASSWORD_BUF);
	free(again);
	return ok;
}

static bool list(struct cli *cli, enum out_format fmt, struct error *err)
{
	static const struct out_column cols[] = {
		{ "name", "Användare", OUT_TEXT, 0 },	 { "display_name", "Namn", OUT_TEXT, 0 },
		{ "role", "Roll", OUT_TEXT, 0 },	 { "interventions", "Insatser", OUT_TEXT, 0 },
		{ "created", "Skapad", OUT_TEXT, 0 }, { "status", "Status", OUT_TEXT, 0 },
	};
	struct user_list l;
	if (!user_list(&cli->store, &l, err))
		return false;
	struct out_table t;
	out_init(&t, cols, sizeof cols / sizeof cols[0]);
	out_set_title(&t, "Användare");
	for (size_t i = 0; i < l.n; i++) {
		const struct user *u = &l.u[i];
		struct buf codes = BUF_INIT(0);
		for (size_t k = 0; k < u->ninterventions; k++) {
			if (k)
				buf_putc(&codes, ',');
			buf_puts(&codes, u->interventions[k]);
		}
		out_row(&t, false);
		out_text(&t, u->name);
		out_text(&t, u->display_name);
		out_text(&t, user_role_name(u->role));
		out_text(&t, buf_cstr(&codes));
		out_text(&t, u->created);
		out_text(&t, u->disabled ? "avstängd" : "aktiv");
		buf_free(&codes);
	}
	if (!l.n)
		out_note(&t, "Inga användare än: lägg till en med finsam user add NAMN --role admin.");
	user_list_free(&l);
	bool ok = out_print(&t, cli->out, fmt, "users", err);
	out_free(&t);
	return ok;
}

static bool parse_role(const char *s, enum user_role *role, struct error *err)
{
	if (user_role_parse(s, role))
		return true;
	error_set(err, ERR_USAGE, "okänd roll \"%s\": admin, ekonom, insatsägare eller läsare", s);
	return false;
}

static bool add(struct cli *cli, const struct cli_args *a, struct error *err)
{
	const char *name = a->rest[1], *role_text = cli_value(a, "role");
	struct user_new nu = { .name = name, .display_name = cli_value(a, "name") };
	if (!role_text) {
		error_set(err, ERR_USAGE, "user add kräver --role (admin, ekonom, insatsägare eller läsare)");
		return false;
	}
	if (!parse_role(role_text, &nu.role, err))
		return false;
	/* The codes of --intervention, split at commas. */
	char *codes = cli_value(a, "intervention") ? xstrdup(cli_value(a, "intervention")) : NULL;
	const char **list = NULL;
	size_t cap = 0;
	char *save = NULL;
	for (char *c = codes ? strtok_r(codes, ",", &save) : NULL; c; c = strtok_r(NULL, ",", &save)) {
		list = xgrow(list, &cap, nu.ninterventions + 1, sizeof *list);
		list[nu.ninterventions++] = c;
	}
	nu.interventions = list;
	/* A name that is taken is refused before the password is asked for. */
	struct user old;
	bool found = false, ok = user_get(&cli->store, name, &old, &found, err);
	if (found) {
		error_set(err, ERR_INPUT, "det finns redan en användare som heter %s", old.name);
		user_free(&old);
		ok = false;
	}
	char *pw = ok ? xmalloc(PASSWORD_BUF) : NULL;
	if (ok) {
		nu.password = pw;
		ok = read_password(cli, pw, err) && user_add(&cli->store, &nu, err);
		sodium_memzero(pw, PASSWORD_BUF);
		free(pw);
	}
	if (ok)
		fprintf(cli->out, "Lade till användaren %s (%s).\n", name, user_role_name(nu.role));
	free(list);
	free(codes);
	return ok;
}

static bool passwd(struct cli *cli, const char *name, struct error *err)
{
	struct user u;
	bool found;
	if (!user_get(&cli->store, name, &u, &found, err))
		return false;
	user_free(&u);
	if (!found) {
		error_set(err, ERR_INPUT, "det finns ingen användare som heter %s", name);
		return false;
	}
	char *pw = xmalloc(PASSWORD_BUF);
	bool ok = read_password(cli, pw, err) && user_set_password(&cli->store, name, pw, err);
	sodium_memzero(pw, PASSWORD_BUF);
	free(pw);
	if (ok)
		fprintf(cli->out, "Bytte lösenordet för %s; användarens inloggningar är avslutade.\n",
			name);
	return ok;
}

static int run(struct cli *cli, const struct cli_args *a)
{
	struct error err = ERROR_INIT;
	static const int nargs[] = { 2, 2, 2, 1, 3, 3, 3, 2, 2 };
	int action = cli_action_args(cli, a, actions, nargs, A_LIST);
	if (action < 0)
		return EXIT_USAGE;
	if (action != A_ADD &&
	    (cli_flag(a, "role") || cli_flag(a, "name") || cli_flag(a, "intervention")))
		return cli_usage_error(cli, a->cmd, "--role, --name och --intervention hör till add");
	enum out_format fmt;
	if (!out_parse_format(cli_value(a, "format"), &fmt, &err) ||
	    !cli_open_store(cli, STORE_EXISTING, &err))
		return cli_fail(cli, &err);
	struct store *st = &cli->store;
	const char *name = a->nrest > 1 ? a->rest[1] : NULL, *arg = a->nrest > 2 ? a->rest[2] : NULL;
	enum user_role role;
	bool ok;
	switch (action) {
	case A_ADD:
		ok = add(cli, a, &err);
		break;
	case A_PASSWD:
		ok = passwd(cli, name, &err);
		break;
	case A_REMOVE:
		ok = user_remove(st, name, &err);
		if (ok)
			fprintf(cli->out, "Tog bort användaren %s.\n", name);
		break;
	case A_ROLE:
		ok = parse_role(arg, &role, &err) && user_set_role(st, name, role, &err);
		if (ok)
			fprintf(cli->out, "%s har nu rollen %s.\n", name, user_role_name(role));
		break;
	case A_ASSIGN:
		ok = user_assign(st, name, arg, &err);
		if (ok)
			fprintf(cli->out, "%s svarar nu för insatsen %s.\n", name, arg);
		break;
	case A_UNASSIGN:
		ok = user_unassign(st, name, arg, &err);
		if (ok)
			fprintf(cli->out, "%s svarar inte längre för insatsen %s.\n", name, arg);
		break;
	case A_DISABLE:
	case A_ENABLE:
		ok = user_set_disabled(st, name, action == A_DISABLE, &err);
		if (ok)
			fprintf(cli->out, action == A_DISABLE ? "Stängde av %s.\n"
							       : "%s kan logga in igen.\n",
				name);
		break;
	default:
		ok = list(cli, fmt, &err);
		break;
	}
	return ok ? EXIT_OK : cli_fail(cli, &err);
}

const struct cli_command cmd_user = {
	.name = "user",
	.args = "[list|add NAMN|passwd NAMN|remove NAMN|role NAMN ROLL|assign NAMN KOD|"
		"unassign NAMN KOD|disable NAMN|enable NAMN]",
	.summary = "webbens användare, roller och insatsägarnas insatser",
	.description =
		"list visar användarna (aldrig lösenorden). add NAMN --role ROLL lägger till en\n"
		"användare; lösenordet (minst 10 tecken) läses från standard in, två gånger\n"
		"utan eko på en terminal, annars en rad. passwd NAMN byter lösenordet på samma\n"
		"sätt och avslutar användarens inloggningar. role NAMN ROLL byter roll: admin\n"
		"(allt, även användarna), ekonom (bokföring, budget, prognos, plan, rapporter,\n"
		"uppföljning), insatsägare (uppföljningen av de egna insatserna) eller läsare\n"
		"(läsa allt, ändra inget). assign och unassign ger och tar en insatsägares\n"
		"insatser; disable och enable stänger av och släpper in en användare.\n"
		"Den sista administratören kan inte tas bort. Se docs/web.md.",
	.options = options,
	.min_args = 0,
	.max_args = 3,
	.run = run,
};
