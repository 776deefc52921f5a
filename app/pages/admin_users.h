/* admin_users.h: admin pages for users: search, one user's sessions, credits and posts, deactivate,
 * bonus credits (issue 8). Handlers for app/routes.c. */
#ifndef PREPTALK_PAGES_ADMIN_USERS_H
#define PREPTALK_PAGES_ADMIN_USERS_H

#include "core/req.h"

/* GET: the page model of ST_ADMIN_USERS; returns the status. */
int admin_users_list(struct req *r);
/* GET: the page model of ST_ADMIN_USER; returns the status. */
int admin_users_show(struct req *r);
/* POST: ST_ADMIN_USER_DEACTIVATE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_users_deactivate(struct req *r);
/* POST: ST_ADMIN_USER_REACTIVATE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_users_reactivate(struct req *r);
/* POST: ST_ADMIN_USER_GRANT, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_users_grant(struct req *r);

#endif
