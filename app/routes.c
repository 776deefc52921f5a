/* routes.c: THE route table — every URL of PrepTalk, its auth level, handler and
 * template. The router (core/router.c) checks auth and CSRF before a handler runs;
 * /api/v1/... rows answer JSON from the same handlers as their HTML twins. */
#include "core/router.h"
#include "pages/accounts.h"
#include "pages/community.h"
#include "pages/companies.h"
#include "pages/home.h"
#include "pages/jobs.h"
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

	/* ---- admin: pages/admin_*.c ---- */
};

const int nroutes = sizeof(routes) / sizeof(routes[0]);
