/* admin_jobs.h: admin pages for jobs and their requirements: create, edit, deactivate (issue 8).
 * Handlers for app/routes.c. */
#ifndef PREPTALK_PAGES_ADMIN_JOBS_H
#define PREPTALK_PAGES_ADMIN_JOBS_H

#include "core/req.h"

/* GET: the page model of ST_ADMIN_JOBS; returns the status. */
int admin_jobs_list(struct req *r);
/* GET: the page model of ST_ADMIN_JOB_FORM; returns the status. */
int admin_jobs_new(struct req *r);
/* POST: ST_ADMIN_JOB_SAVE, audited; redirects (HTML) or answers 201 (API); 4xx re-shows the form. */
int admin_jobs_create(struct req *r);
/* GET: the page model of ST_ADMIN_JOB_FORM; returns the status. */
int admin_jobs_edit(struct req *r);
/* POST: ST_ADMIN_JOB_SAVE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_jobs_update(struct req *r);
/* POST: ST_ADMIN_JOB_DEACTIVATE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_jobs_deactivate(struct req *r);
/* POST: ST_ADMIN_JOB_ACTIVATE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_jobs_activate(struct req *r);

#endif
