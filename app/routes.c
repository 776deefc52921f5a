/* routes.c: THE route table — every URL of PrepTalk, its auth level, handler and
 * template. The router (core/router.c) checks auth and CSRF before a handler runs;
 * /api/v1/... rows answer JSON from the same handlers as their HTML twins. */
#include "core/router.h"
#include "pages/accounts.h"
#include "pages/admin_audit.h"
#include "pages/admin_companies.h"
#include "pages/admin_curricula.h"
#include "pages/admin_jobs.h"
#include "pages/admin_moderation.h"
#include "pages/admin_overview.h"
#include "pages/admin_users.h"
#include "pages/community.h"
#include "pages/companies.h"
#include "pages/credits.h"
#include "pages/home.h"
#include "pages/jobs.h"
#include "pages/reports.h"
#include "pages/sessions.h"
#include "pages/system.h"

#define API "/api/v1"

const struct route routes[] = {
	/* method  pattern                  auth        handler                  template            flags */
	{M_GET,  "/healthz",                AUTH_NONE,  system_healthz,          NULL,               R_NO_DB, "Health of this worker and its database"},
	{M_GET,  "/metrics",                AUTH_NONE,  system_metrics,          NULL,               R_NO_DB, "Prometheus metrics"},
	{M_GET,  "/",                       AUTH_NONE,  home_show,               "home",             0, "Landing page, or the dashboard when logged in"},

	{M_GET,  "/signup",                 AUTH_NONE,  accounts_signup_form,    "accounts/signup",  0, "Sign-up form"},
	{M_POST, "/signup",                 AUTH_NONE,  accounts_signup,         "accounts/signup",  0, "Create an account"},
	{M_GET,  "/login",                  AUTH_NONE,  accounts_login_form,     "accounts/login",   0, "Log-in form"},
	{M_POST, "/login",                  AUTH_NONE,  accounts_login,          "accounts/login",   0, "Log in"},
	{M_POST, "/logout",                 AUTH_USER,  accounts_logout,         NULL,               0, "Log out"},
	{M_GET,  "/profile",                AUTH_USER,  accounts_profile,        "accounts/profile", 0, "The profile"},
	{M_POST, "/profile",                AUTH_USER,  accounts_profile_update, "accounts/profile", 0, "Save the profile"},
	{M_POST, "/profile/password",       AUTH_USER,  accounts_password,       "accounts/profile", 0, "Change the password"},

	{M_POST, API "/auth/token",         AUTH_NONE,  accounts_token,          NULL,               R_NO_CSRF, "Exchange email and password for a Bearer token"},
	{M_POST, API "/auth/logout",        AUTH_USER,  accounts_logout,         NULL,               0, "Revoke the current token"},
	{M_POST, API "/signup",             AUTH_NONE,  accounts_signup,         NULL,               R_NO_CSRF, "Create an account"},
	{M_GET,  API "/profile",            AUTH_USER,  accounts_profile,        NULL,               0, "The profile"},
	{M_POST, API "/profile",            AUTH_USER,  accounts_profile_update, NULL,               0, "Save the profile"},
	{M_POST, API "/profile/password",   AUTH_USER,  accounts_password,       NULL,               0, "Change the password"},
	{M_GET,  API "/openapi.json",       AUTH_NONE,  system_openapi,          NULL,               0, "This document: every /api/v1 route, from the route table"},
	{M_GET,  API "/dashboard",          AUTH_USER,  home_show,               NULL,               0, "The dashboard model"},

	/* ---- companies, jobs and community: pages/companies.c, pages/jobs.c, pages/community.c ---- */
	{M_GET,  "/companies",                AUTH_NONE,  companies_list,          "companies/list",   0, "Companies: search, filters, keyset pages"},
	{M_GET,  "/companies/:id",            AUTH_NONE,  companies_show,          "companies/show",   0, "Company insights, patterns, questions, experiences"},
	{M_GET,  "/companies/:id/experiences/new", AUTH_USER, community_new,      "community/new",    0, "Form to share an interview experience"},
	{M_POST, "/companies/:id/experiences", AUTH_USER, community_create,        "community/new",    0, "Share an interview experience"},
	{M_POST, "/experiences/:id/vote",     AUTH_USER,  community_vote,          "companies/show",   0, "Vote helpful or outdated (again to remove)"},
	{M_POST, "/experiences/:id/report",   AUTH_USER,  community_report,        "companies/show",   0, "Report a post to the moderators"},
	{M_GET,  "/jobs/:id",                 AUTH_NONE,  jobs_show,               "jobs/show",        0, "Job, requirements and practice curriculum"},
	{M_GET,  API "/companies",            AUTH_NONE,  companies_list,          NULL,               0, "Companies: search, filters, keyset pages"},
	{M_GET,  API "/companies/:id",        AUTH_NONE,  companies_show,          NULL,               0, "Company insights, patterns, questions, experiences"},
	{M_GET,  API "/companies/:id/experiences/new", AUTH_USER, community_new,  NULL,               0, "Choices for sharing an interview experience"},
	{M_POST, API "/companies/:id/experiences", AUTH_USER, community_create,   NULL,               0, "Share an interview experience"},
	{M_POST, API "/experiences/:id/vote", AUTH_USER,  community_vote,          NULL,               0, "Vote helpful or outdated; returns the counts"},
	{M_POST, API "/experiences/:id/report", AUTH_USER, community_report,       NULL,               0, "Report a post to the moderators"},
	{M_GET,  API "/jobs/:id",             AUTH_NONE,  jobs_show,               NULL,               0, "Job, requirements and practice curriculum"},

	/* ---- practice sessions, reports, dashboard, credits: pages/sessions.c, pages/reports.c, pages/credits.c ---- */
	{M_POST, "/jobs/:id/sessions",                      AUTH_USER,  sessions_start,                   "sessions/no_credits", 0, "Start a practice session for a job (spends one credit)"},
	{M_GET,  "/sessions/:id",                           AUTH_USER,  sessions_show,                    "sessions/show",       0, "A practice session: its rounds, the question asked now and the transcript"},
	{M_POST, "/sessions/:id/answers",                   AUTH_USER,  sessions_answer,                  "sessions/show",       0, "Answer the question the round is asking"},
	{M_POST, "/sessions/:id/rounds/:n/finish",          AUTH_USER,  sessions_finish_round,            "sessions/show",       0, "Finish a round: analyse it and store its report"},
	{M_POST, "/sessions/:id/rounds/:n/skip",            AUTH_USER,  sessions_skip_round,              "sessions/show",       0, "Skip a round"},
	{M_POST, "/sessions/:id/rounds/:n/transcript",      AUTH_USER,  sessions_import,                  "sessions/show",       0, "Complete a round from a WebVTT or SubRip transcript"},
	{M_POST, "/sessions/:id/abandon",                   AUTH_USER,  sessions_abandon,                 "sessions/show",       0, "Abandon a session"},
	{M_GET,  "/sessions/:id/report",                    AUTH_USER,  reports_session,                  "reports/session",     0, "The feedback report of a session"},
	{M_GET,  "/sessions/:id/rounds/:n/report",          AUTH_USER,  reports_round,                    "reports/round",       0, "The feedback report of one round"},
	{M_GET,  "/credits",                                AUTH_USER,  credits_show,                     "credits/show",        0, "Credits: balance, plan and the ledger"},
	{M_POST, API "/jobs/:id/sessions",                  AUTH_USER,  sessions_start,                   NULL,                  0, "Start a practice session for a job (spends one credit)"},
	{M_GET,  API "/sessions/:id",                       AUTH_USER,  sessions_show,                    NULL,                  0, "A practice session: its rounds, the question asked now and the transcript"},
	{M_POST, API "/sessions/:id/answers",               AUTH_USER,  sessions_answer,                  NULL,                  0, "Answer the question the round is asking"},
	{M_POST, API "/sessions/:id/rounds/:n/finish",      AUTH_USER,  sessions_finish_round,            NULL,                  0, "Finish a round: analyse it and store its report"},
	{M_POST, API "/sessions/:id/rounds/:n/skip",        AUTH_USER,  sessions_skip_round,              NULL,                  0, "Skip a round"},
	{M_POST, API "/sessions/:id/rounds/:n/transcript",  AUTH_USER,  sessions_import,                  NULL,                  0, "Complete a round from a WebVTT or SubRip transcript"},
	{M_POST, API "/sessions/:id/abandon",               AUTH_USER,  sessions_abandon,                 NULL,                  0, "Abandon a session"},
	{M_GET,  API "/sessions/:id/report",                AUTH_USER,  reports_session,                  NULL,                  0, "The feedback report of a session"},
	{M_GET,  API "/sessions/:id/rounds/:n/report",      AUTH_USER,  reports_round,                    NULL,                  0, "The feedback report of one round"},
	{M_GET,  API "/credits",                            AUTH_USER,  credits_show,                     NULL,                  0, "Credits: balance, plan and the ledger"},

	/* ---- admin: pages/admin_*.c ---- */
	{M_GET,  "/admin",                                  AUTH_ADMIN, admin_overview,                   "admin/overview",      0, "Admin overview: users, sessions, credits, moderation, scheduler, health"},
	{M_GET,  "/admin/health",                           AUTH_ADMIN, admin_health,                     "admin/health",        0, "System health history and scheduler runs"},
	{M_GET,  "/admin/audit",                            AUTH_ADMIN, admin_audit,                      "admin/audit",         0, "Audit log filtered by actor, entity, action and dates"},
	{M_GET,  "/admin/moderation",                       AUTH_ADMIN, admin_moderation_queue,           "admin/moderation",    0, "Pending and reported community posts, oldest first"},
	{M_GET,  "/admin/posts/:id",                        AUTH_ADMIN, admin_moderation_post,            "admin/post",          0, "One post with its reports, and the hide form"},
	{M_POST, "/admin/posts/:id/publish",                AUTH_ADMIN, admin_moderation_publish,         "admin/post",          0, "Publish a post"},
	{M_POST, "/admin/posts/:id/hide",                   AUTH_ADMIN, admin_moderation_hide,            "admin/post",          0, "Hide a post with a reason its author sees"},
	{M_POST, "/admin/posts/:id/restore",                AUTH_ADMIN, admin_moderation_restore,         "admin/post",          0, "Restore a hidden post"},
	{M_GET,  "/admin/users",                            AUTH_ADMIN, admin_users_list,                 "admin/users",         0, "Search users by email or name"},
	{M_GET,  "/admin/users/:id",                        AUTH_ADMIN, admin_users_show,                 "admin/user",          0, "A user: sessions, credits, posts"},
	{M_POST, "/admin/users/:id/deactivate",             AUTH_ADMIN, admin_users_deactivate,           "admin/user",          0, "Deactivate a user"},
	{M_POST, "/admin/users/:id/reactivate",             AUTH_ADMIN, admin_users_reactivate,           "admin/user",          0, "Reactivate a user"},
	{M_POST, "/admin/users/:id/credits",                AUTH_ADMIN, admin_users_grant,                "admin/user",          0, "Grant bonus credits with a reason"},
	{M_GET,  "/admin/companies",                        AUTH_ADMIN, admin_companies_list,             "admin/companies",     0, "Companies with search"},
	{M_GET,  "/admin/companies/new",                    AUTH_ADMIN, admin_companies_new,              "admin/company_form",  0, "New company form"},
	{M_POST, "/admin/companies",                        AUTH_ADMIN, admin_companies_create,           "admin/company_form",  0, "Create a company"},
	{M_GET,  "/admin/companies/:id/edit",               AUTH_ADMIN, admin_companies_edit,             "admin/company_form",  0, "Edit a company"},
	{M_POST, "/admin/companies/:id",                    AUTH_ADMIN, admin_companies_update,           "admin/company_form",  0, "Save a company"},
	{M_GET,  "/admin/companies/:id/delete",             AUTH_ADMIN, admin_companies_confirm_delete,   "admin/company_delete", 0, "What deleting a company would take along"},
	{M_POST, "/admin/companies/:id/delete",             AUTH_ADMIN, admin_companies_delete,           "admin/company_delete", 0, "Delete a company"},
	{M_GET,  "/admin/jobs",                             AUTH_ADMIN, admin_jobs_list,                  "admin/jobs",          0, "Jobs with search"},
	{M_GET,  "/admin/jobs/new",                         AUTH_ADMIN, admin_jobs_new,                   "admin/job_form",      0, "New job form"},
	{M_POST, "/admin/jobs",                             AUTH_ADMIN, admin_jobs_create,                "admin/job_form",      0, "Create a job with its requirements"},
	{M_GET,  "/admin/jobs/:id/edit",                    AUTH_ADMIN, admin_jobs_edit,                  "admin/job_form",      0, "Edit a job and its requirements"},
	{M_POST, "/admin/jobs/:id",                         AUTH_ADMIN, admin_jobs_update,                "admin/job_form",      0, "Save a job and its requirements"},
	{M_POST, "/admin/jobs/:id/deactivate",              AUTH_ADMIN, admin_jobs_deactivate,            "admin/job_form",      0, "Deactivate a job"},
	{M_POST, "/admin/jobs/:id/activate",                AUTH_ADMIN, admin_jobs_activate,              "admin/job_form",      0, "Reactivate a job"},
	{M_GET,  "/admin/jobs/:id/curricula",               AUTH_ADMIN, admin_curricula_versions,         "admin/curricula",     0, "Curriculum versions of a job"},
	{M_POST, "/admin/jobs/:id/curricula",               AUTH_ADMIN, admin_curricula_create,           "admin/curricula",     0, "New curriculum version from the active one"},
	{M_GET,  "/admin/curricula/:id",                    AUTH_ADMIN, admin_curricula_show,             "admin/curriculum",    0, "A curriculum version and its rounds"},
	{M_POST, "/admin/curricula/:id",                    AUTH_ADMIN, admin_curricula_update,           "admin/curriculum",    0, "Save a curriculum version"},
	{M_POST, "/admin/curricula/:id/rounds",             AUTH_ADMIN, admin_curricula_add_round,        "admin/curriculum",    0, "Add a round"},
	{M_POST, "/admin/curricula/:id/activate",           AUTH_ADMIN, admin_curricula_activate,         "admin/curriculum",    0, "Activate a curriculum version"},
	{M_GET,  "/admin/rounds/:id",                       AUTH_ADMIN, admin_curricula_round,            "admin/round",         0, "A round and its question bank"},
	{M_POST, "/admin/rounds/:id",                       AUTH_ADMIN, admin_curricula_round_update,     "admin/round",         0, "Save a round"},
	{M_POST, "/admin/rounds/:id/delete",                AUTH_ADMIN, admin_curricula_round_delete,     "admin/round",         0, "Delete a round"},
	{M_GET,  "/admin/rounds/:id/questions/new",         AUTH_ADMIN, admin_curricula_question_new,     "admin/question",      0, "New question form"},
	{M_POST, "/admin/rounds/:id/questions",             AUTH_ADMIN, admin_curricula_question_create,  "admin/question",      0, "Add a question to a round"},
	{M_GET,  "/admin/questions/:id",                    AUTH_ADMIN, admin_curricula_question,         "admin/question",      0, "Edit a question"},
	{M_POST, "/admin/questions/:id",                    AUTH_ADMIN, admin_curricula_question_update,  "admin/question",      0, "Save a question"},
	{M_POST, "/admin/questions/:id/delete",             AUTH_ADMIN, admin_curricula_question_delete,  "admin/question",      0, "Delete a question"},

	{M_GET,  API "/admin",                              AUTH_ADMIN, admin_overview,                   NULL,                  0, "Admin overview: users, sessions, credits, moderation, scheduler, health"},
	{M_GET,  API "/admin/health",                       AUTH_ADMIN, admin_health,                     NULL,                  0, "System health history and scheduler runs"},
	{M_GET,  API "/admin/audit",                        AUTH_ADMIN, admin_audit,                      NULL,                  0, "Audit log filtered by actor, entity, action and dates"},
	{M_GET,  API "/admin/moderation",                   AUTH_ADMIN, admin_moderation_queue,           NULL,                  0, "Pending and reported community posts, oldest first"},
	{M_GET,  API "/admin/posts/:id",                    AUTH_ADMIN, admin_moderation_post,            NULL,                  0, "One post with its reports, and the hide form"},
	{M_POST, API "/admin/posts/:id/publish",            AUTH_ADMIN, admin_moderation_publish,         NULL,                  0, "Publish a post"},
	{M_POST, API "/admin/posts/:id/hide",               AUTH_ADMIN, admin_moderation_hide,            NULL,                  0, "Hide a post with a reason its author sees"},
	{M_POST, API "/admin/posts/:id/restore",            AUTH_ADMIN, admin_moderation_restore,         NULL,                  0, "Restore a hidden post"},
	{M_GET,  API "/admin/users",                        AUTH_ADMIN, admin_users_list,                 NULL,                  0, "Search users by email or name"},
	{M_GET,  API "/admin/users/:id",                    AUTH_ADMIN, admin_users_show,                 NULL,                  0, "A user: sessions, credits, posts"},
	{M_POST, API "/admin/users/:id/deactivate",         AUTH_ADMIN, admin_users_deactivate,           NULL,                  0, "Deactivate a user"},
	{M_POST, API "/admin/users/:id/reactivate",         AUTH_ADMIN, admin_users_reactivate,           NULL,                  0, "Reactivate a user"},
	{M_POST, API "/admin/users/:id/credits",            AUTH_ADMIN, admin_users_grant,                NULL,                  0, "Grant bonus credits with a reason"},
	{M_GET,  API "/admin/companies",                    AUTH_ADMIN, admin_companies_list,             NULL,                  0, "Companies with search"},
	{M_GET,  API "/admin/companies/new",                AUTH_ADMIN, admin_companies_new,              NULL,                  0, "New company form"},
	{M_POST, API "/admin/companies",                    AUTH_ADMIN, admin_companies_create,           NULL,                  0, "Create a company"},
	{M_GET,  API "/admin/companies/:id/edit",           AUTH_ADMIN, admin_companies_edit,             NULL,                  0, "Edit a company"},
	{M_POST, API "/admin/companies/:id",                AUTH_ADMIN, admin_companies_update,           NULL,                  0, "Save a company"},
	{M_GET,  API "/admin/companies/:id/delete",         AUTH_ADMIN, admin_companies_confirm_delete,   NULL,                  0, "What deleting a company would take along"},
	{M_POST, API "/admin/companies/:id/delete",         AUTH_ADMIN, admin_companies_delete,           NULL,                  0, "Delete a company"},
	{M_GET,  API "/admin/jobs",                         AUTH_ADMIN, admin_jobs_list,                  NULL,                  0, "Jobs with search"},
	{M_GET,  API "/admin/jobs/new",                     AUTH_ADMIN, admin_jobs_new,                   NULL,                  0, "New job form"},
	{M_POST, API "/admin/jobs",                         AUTH_ADMIN, admin_jobs_create,                NULL,                  0, "Create a job with its requirements"},
	{M_GET,  API "/admin/jobs/:id/edit",                AUTH_ADMIN, admin_jobs_edit,                  NULL,                  0, "Edit a job and its requirements"},
	{M_POST, API "/admin/jobs/:id",                     AUTH_ADMIN, admin_jobs_update,                NULL,                  0, "Save a job and its requirements"},
	{M_POST, API "/admin/jobs/:id/deactivate",          AUTH_ADMIN, admin_jobs_deactivate,            NULL,                  0, "Deactivate a job"},
	{M_POST, API "/admin/jobs/:id/activate",            AUTH_ADMIN, admin_jobs_activate,              NULL,                  0, "Reactivate a job"},
	{M_GET,  API "/admin/jobs/:id/curricula",           AUTH_ADMIN, admin_curricula_versions,         NULL,                  0, "Curriculum versions of a job"},
	{M_POST, API "/admin/jobs/:id/curricula",           AUTH_ADMIN, admin_curricula_create,           NULL,                  0, "New curriculum version from the active one"},
	{M_GET,  API "/admin/curricula/:id",                AUTH_ADMIN, admin_curricula_show,             NULL,                  0, "A curriculum version and its rounds"},
	{M_POST, API "/admin/curricula/:id",                AUTH_ADMIN, admin_curricula_update,           NULL,                  0, "Save a curriculum version"},
	{M_POST, API "/admin/curricula/:id/rounds",         AUTH_ADMIN, admin_curricula_add_round,        NULL,                  0, "Add a round"},
	{M_POST, API "/admin/curricula/:id/activate",       AUTH_ADMIN, admin_curricula_activate,         NULL,                  0, "Activate a curriculum version"},
	{M_GET,  API "/admin/rounds/:id",                   AUTH_ADMIN, admin_curricula_round,            NULL,                  0, "A round and its question bank"},
	{M_POST, API "/admin/rounds/:id",                   AUTH_ADMIN, admin_curricula_round_update,     NULL,                  0, "Save a round"},
	{M_POST, API "/admin/rounds/:id/delete",            AUTH_ADMIN, admin_curricula_round_delete,     NULL,                  0, "Delete a round"},
	{M_GET,  API "/admin/rounds/:id/questions/new",     AUTH_ADMIN, admin_curricula_question_new,     NULL,                  0, "New question form"},
	{M_POST, API "/admin/rounds/:id/questions",         AUTH_ADMIN, admin_curricula_question_create,  NULL,                  0, "Add a question to a round"},
	{M_GET,  API "/admin/questions/:id",                AUTH_ADMIN, admin_curricula_question,         NULL,                  0, "Edit a question"},
	{M_POST, API "/admin/questions/:id",                AUTH_ADMIN, admin_curricula_question_update,  NULL,                  0, "Save a question"},
	{M_POST, API "/admin/questions/:id/delete",         AUTH_ADMIN, admin_curricula_question_delete,  NULL,                  0, "Delete a question"},
};

const int nroutes = sizeof(routes) / sizeof(routes[0]);
