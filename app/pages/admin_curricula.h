/* admin_curricula.h: admin pages for curricula: versions per job, rounds, question banks, activation
 * (issue 8). Handlers for app/routes.c. */
#ifndef PREPTALK_PAGES_ADMIN_CURRICULA_H
#define PREPTALK_PAGES_ADMIN_CURRICULA_H

#include "core/req.h"

/* GET: the page model of ST_ADMIN_JOB_CURRICULA; returns the status. */
int admin_curricula_versions(struct req *r);
/* POST: ST_ADMIN_CURRICULUM_NEW_VERSION, audited; redirects (HTML) or answers 201 (API); 4xx re-shows the form. */
int admin_curricula_create(struct req *r);
/* GET: the page model of ST_ADMIN_CURRICULUM; returns the status. */
int admin_curricula_show(struct req *r);
/* POST: ST_ADMIN_CURRICULUM_SAVE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_curricula_update(struct req *r);
/* POST: ST_ADMIN_ROUND_ADD, audited; redirects (HTML) or answers 201 (API); 4xx re-shows the form. */
int admin_curricula_add_round(struct req *r);
/* POST: ST_ADMIN_CURRICULUM_ACTIVATE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_curricula_activate(struct req *r);
/* GET: the page model of ST_ADMIN_ROUND; returns the status. */
int admin_curricula_round(struct req *r);
/* POST: ST_ADMIN_ROUND_SAVE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_curricula_round_update(struct req *r);
/* POST: ST_ADMIN_ROUND_DELETE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_curricula_round_delete(struct req *r);
/* GET: the page model of ST_ADMIN_QUESTION_NEW; returns the status. */
int admin_curricula_question_new(struct req *r);
/* POST: ST_ADMIN_QUESTION_CREATE, audited; redirects (HTML) or answers 201 (API); 4xx re-shows the form. */
int admin_curricula_question_create(struct req *r);
/* GET: the page model of ST_ADMIN_QUESTION; returns the status. */
int admin_curricula_question(struct req *r);
/* POST: ST_ADMIN_QUESTION_SAVE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_curricula_question_update(struct req *r);
/* POST: ST_ADMIN_QUESTION_DELETE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_curricula_question_delete(struct req *r);

#endif
