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
	/* Every role may read some follow-up, so this is "any user". */
	{ "POST", "/logga-ut", false, USER_READ_FOLLOWUP, false, page_logout_post },

	/* Everyone's start page; who may not read the books is sent on. */
	{ "GET", "/", false, USER_READ_FOLLOWUP, false, page_overview },
	{ "GET", "/diagram/*", false, USER_READ, false, page_chart },

	{ "GET", "/bokforing", false, USER_READ, false, page_books },
	{ "GET", "/bokforing/rad/*/*", false, USER_READ, false, page_books_line },
	{ "GET", "/bokforing/konto/*", false, USER_READ, false, page_books_account },
	{ "POST", "/bokforing/import", false, USER_WRITE_BOOKS, false, page_books_import_post },

	{ "GET", "/rapport", false, USER_READ, false, page_report },
	{ "POST", "/rapport/mall", false, USER_WRITE_REPORT, false, page_report_save_post },
	{ "GET", "/rapport/forhandsvisning", false, USER_READ, false, page_report_preview },
	{ "GET", "/rapport/rapport.pdf", false, USER_READ, false, page_report_pdf },
	{ "GET", "/rapport/rapport.xlsx", false, USER_READ, false, page_report_xlsx },
	{ "GET", "/rapport/granskning", false, USER_READ, false, page_report_audit },

	{ "GET", "/budget", false, USER_READ, false, page_plan },
	{ "POST", "/budget/rad", false, USER_WRITE_BUDGET, false, page_plan_budget_post },
	{ "POST", "/prognos/rad", false, USER_WRITE_FORECAST, false, page_plan_forecast_post },

	{ "GET", "/medlemsbidrag", false, USER_READ, false, page_members },
	{ "GET", "/medlemsbidrag/scenario", false, USER_READ, false, page_members_scenario },
	{ "POST", "/medlemsbidrag/scenario", false, USER_WRITE_PLAN, false, page_members_scenario_post },
	{ "POST", "/medlemsbidrag/scenario/ta-bort", false, USER_WRITE_PLAN, false,
	  page_members_scenario_remove_post },
	{ "GET", "/medlemsbidrag/jamfor", false, USER_READ, false, page_members_compare },

	{ "GET", "/insatser", false, USER_READ_FOLLOWUP, false, page_followup },
	{ "GET", "/insatser/*", false, USER_READ_FOLLOWUP, true, page_followup_card },
	{ "POST", "/insatser/*/statistik", false, USER_WRITE_FOLLOWUP, true, page_followup_stats_post },

	{ "GET", "/mal", false, USER_READ, false, page_goals },
	{ "POST", "/mal/nytt", false, USER_WRITE_GOALS, false, page_goals_add_post },
	{ "POST", "/mal/*/*", false, USER_WRITE_GOALS, false, page_goals_change_post },
	{ "POST", "/mal/*/*/ta-bort", false, USER_WRITE_GOALS, false, page_goals_remove_post },

	{ "GET", "/andringar", false, USER_READ_CHANGES, false, page_changes },

	{ "GET", "/anvandare", false, USER_MANAGE_USERS, false, page_users },
	{ "POST", "/anvandare/ny", false, USER_MANAGE_USERS, false, page_users_add_post },
	{ "POST", "/anvandare/*/roll", false, USER_MANAGE_USERS, false, page_users_role_post },
	{ "POST", "/anvandare/*/insatser", false, USER_MANAGE_USERS, false,
	  page_users_interventions_post },
	{ "POST", "/anvandare/*/losenord", false, USER_MANAGE_USERS, false,
	  page_users_password_post },
	{ "POST", "/anvandare/*/avstangd", false, USER_MANAGE_USERS, false,
	  page_users_disabled_post },
	{ "POST", "/anvandare/*/ta-bort", false, USER_MANAGE_USERS, false, page_users_remove_post },
	{ NULL, NULL, false, USER_READ, false, NULL },
};
