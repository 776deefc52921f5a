/* admin_audit.h: admin pages for the audit log with filters (issue 8). Handlers for app/routes.c. */
#ifndef PREPTALK_PAGES_ADMIN_AUDIT_H
#define PREPTALK_PAGES_ADMIN_AUDIT_H

#include "core/req.h"

/* GET: the page model of ST_ADMIN_AUDIT_LOG; returns the status. */
int admin_audit(struct req *r);

#endif
