/*
 * routes — every URL of the web application, the method it answers, and
 * what the user's role must be allowed to do there (app.h). Reading the
 * table is reading the application's rights.
 */
#include "web/app.h"
#include "web/pages.h"

const struct web_route web_routes[] = {
	{ "GET", "/static/*", true, USER_READ, false, page_static },
	{ "GET", "/logga-in", true, USER_READ, false, page_login },
	{ "POST", "/logga-in", true, USER_READ, false, page_login_post },
	{ "POST", "/logga-ut", false, USER_READ_FOLLOWUP, false, page_logout_post },

	{ "GET", "/", false, USER_READ, false, page_overview },

	{ "GET", "/bokforing", false, USER_READ, false, page_books },
	{ "GET", "/bokforing/konto/*", false, USER_READ, false, page_books_account },
	{ "POST", "/bokforing/import", false, USER_WRITE_BOOKS, false, page_books_import_post },

	{ "GET", "/insatser", false, USER_READ_FOLLOWUP, false, page_followup },
	{ "GET", "/insatser/*", false, USER_READ_FOLLOWUP, true, page_followup_card },
	{ "POST", "/insatser/*/statistik", false, USER_WRITE_FOLLOWUP, true, page_followup_stats_post },

	{ "GET", "/mal", false, USER_READ, false, page_goals },
	{ "POST", "/mal/nytt", false, USER_WRITE_GOALS, false, page_goals_add_post },
	{ "POST", "/mal/*/*", false, USER_WRITE_GOALS, false, page_goals_change_post },
	{ "POST", "/mal/*/*/ta-bort", false, USER_WRITE_GOALS, false, page_goals_remove_post },

	{ "GET", "/andringar", false, USER_READ_CHANGES, false, page_changes },
	{ NULL, NULL, false, USER_READ, false, NULL },
};
