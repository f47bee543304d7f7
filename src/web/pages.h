/*
 * pages — every page of the web application, one function per route
 * (the table is in routes.c). Each page_*.c file holds one area.
 */
#ifndef FINSAM_WEB_PAGES_H
#define FINSAM_WEB_PAGES_H

#include "web/app.h"

/* auth.c */
void page_login(struct web_ctx *c);
void page_login_post(struct web_ctx *c);
void page_logout_post(struct web_ctx *c);

/* assets.c */
void page_static(struct web_ctx *c);

/* page_overview.c */
void page_overview(struct web_ctx *c);
void page_chart(struct web_ctx *c);

/* page_books.c */
void page_books(struct web_ctx *c);
void page_books_line(struct web_ctx *c);
void page_books_account(struct web_ctx *c);
void page_books_import_post(struct web_ctx *c);

/* page_users.c */
void page_users(struct web_ctx *c);
void page_users_add_post(struct web_ctx *c);
void page_users_role_post(struct web_ctx *c);
void page_users_interventions_post(struct web_ctx *c);
void page_users_password_post(struct web_ctx *c);
void page_users_disabled_post(struct web_ctx *c);
void page_users_remove_post(struct web_ctx *c);

/* page_report.c */
void page_report(struct web_ctx *c);
void page_report_save_post(struct web_ctx *c);
void page_report_preview(struct web_ctx *c);
void page_report_pdf(struct web_ctx *c);
void page_report_xlsx(struct web_ctx *c);
void page_report_audit(struct web_ctx *c);

/* page_plan.c */
void page_plan(struct web_ctx *c);
void page_plan_budget_post(struct web_ctx *c);
void page_plan_forecast_post(struct web_ctx *c);

/* page_members.c */
void page_members(struct web_ctx *c);
void page_members_scenario(struct web_ctx *c);
void page_members_scenario_post(struct web_ctx *c);
void page_members_scenario_remove_post(struct web_ctx *c);
void page_members_compare(struct web_ctx *c);

/* page_followup.c */
void page_followup(struct web_ctx *c);
void page_followup_card(struct web_ctx *c);
void page_followup_stats_post(struct web_ctx *c);

/* page_goals.c */
void page_goals(struct web_ctx *c);
void page_goals_add_post(struct web_ctx *c);
void page_goals_change_post(struct web_ctx *c);
void page_goals_remove_post(struct web_ctx *c);

/* page_changes.c */
void page_changes(struct web_ctx *c);

#endif
