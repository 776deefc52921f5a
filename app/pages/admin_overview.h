/* admin_overview.h: admin pages for overview and system health (issue 8). Handlers for app/routes.c. */
#ifndef PREPTALK_PAGES_ADMIN_OVERVIEW_H
#define PREPTALK_PAGES_ADMIN_OVERVIEW_H

#include "core/req.h"

/* GET: the page model of ST_ADMIN_OVERVIEW; returns the status. */
int admin_overview(struct req *r);
/* GET: the page model of ST_ADMIN_HEALTH; returns the status. */
int admin_health(struct req *r);

#endif
