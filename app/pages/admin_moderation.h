/* admin_moderation.h: admin pages for the moderation queue: publish, hide with a reason, restore
 * (issue 8). Handlers for app/routes.c. */
#ifndef PREPTALK_PAGES_ADMIN_MODERATION_H
#define PREPTALK_PAGES_ADMIN_MODERATION_H

#include "core/req.h"

/* GET: the page model of ST_ADMIN_MODERATION; returns the status. */
int admin_moderation_queue(struct req *r);
/* GET: the page model of ST_ADMIN_POST; returns the status. */
int admin_moderation_post(struct req *r);
/* POST: ST_ADMIN_POST_PUBLISH, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_moderation_publish(struct req *r);
/* POST: ST_ADMIN_POST_HIDE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_moderation_hide(struct req *r);
/* POST: ST_ADMIN_POST_RESTORE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_moderation_restore(struct req *r);

#endif
