/* router.h: the route row type and path matching. The table itself is app/routes.c;
 * this file knows patterns, not pages. Patterns are literal segments and `:name` captures. */
#ifndef PREPTALK_ROUTER_H
#define PREPTALK_ROUTER_H

#include "core/req.h"

enum auth_level {
	AUTH_NONE,  /* anyone; the identity is read when present */
	AUTH_USER,  /* a logged-in user: HTML redirects to /login, /api/ answers 401 */
	AUTH_ADMIN, /* role admin: everyone else gets 404, as if the route did not exist */
};

enum route_flags {
	R_NO_CSRF = 1, /* a POST that carries no session yet and sets none (token exchange) */
	R_NO_DB = 2,   /* the handler needs no database (health, metrics, static-like pages) */
};

struct route {
	int method;        /* one M_* */
	const char *pattern;
	int auth;          /* enum auth_level */
	int (*handler)(struct req *r);
	const char *template; /* NULL: JSON only (or redirect) */
	int flags;
	const char *summary;  /* one line for the OpenAPI document */
};

extern const struct route routes[];
extern const int nroutes;

/* Finds the route for method and path. On a match returns it and fills r->params (arena).
 * On no match returns NULL with *allow = bitmask of methods that match the path (0: 404). */
const struct route *router_match(struct req *r, int method, const char *path, int *allow);
/* True when path matches rows and every one of them is AUTH_ADMIN: to anyone but an admin
 * such a path answers 404 even for the wrong method, as if it did not exist. */
bool router_admin_only(const char *path);
/* Writes "GET, POST" for an allow bitmask. (arena) */
const char *router_allow_header(struct arena *a, int allow);
/* Index of a route in the table (for metrics). */
int router_index(const struct route *rt);

#endif
