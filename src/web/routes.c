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

	{ "GET", "/budget", false, USER_READ, false, page_plan },
	{ "POST", "/budget/rad", false, USER_WRITE_BUDGET, false, page_plan_budget_post },
	{ "POST", "/prognos/rad", false, USER_WRITE_FORECAST, false, page_plan_forecast_post },

	{ "GET", "/andringar", false, USER_READ_CHANGES, false, page_changes },
	{ NULL, NULL, false, USER_READ, false, NULL },
};
