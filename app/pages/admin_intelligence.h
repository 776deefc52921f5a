/* admin_intelligence.h: admin pages for company intelligence (issue 8, item 5): smart questions
 * and interview patterns per company and job — list with filters, create, edit, verify,
 * deactivate, delete with confirmation. Handlers for app/routes.c. */
#ifndef PREPTALK_PAGES_ADMIN_INTELLIGENCE_H
#define PREPTALK_PAGES_ADMIN_INTELLIGENCE_H

#include "core/req.h"

/* GET: the page model of ST_ADMIN_INTELLIGENCE (filters company_id, job_id, kind); returns the status. */
int admin_intelligence_list(struct req *r);

/* GET: the page model of ST_ADMIN_SMART_QUESTION_FORM, blank (company_id/job_id of the query preselected). */
int admin_intelligence_question_new(struct req *r);
/* POST: ST_ADMIN_SMART_QUESTION_SAVE, audited; redirects (HTML) or answers 201 (API); 4xx re-shows the form. */
int admin_intelligence_question_create(struct req *r);
/* GET: the page model of ST_ADMIN_SMART_QUESTION_FORM for :id; 404 when there is none. */
int admin_intelligence_question_edit(struct req *r);
/* POST: ST_ADMIN_SMART_QUESTION_SAVE for :id, audited; redirects (HTML) or answers 200 (API). */
int admin_intelligence_question_update(struct req *r);
/* GET: the page model of ST_ADMIN_SMART_QUESTION_DELETE_PAGE (the confirmation). */
int admin_intelligence_question_confirm_delete(struct req *r);
/* POST: ST_ADMIN_SMART_QUESTION_DELETE, audited; redirects (HTML) or answers 200 (API). */
int admin_intelligence_question_delete(struct req *r);

/* GET: the page model of ST_ADMIN_PATTERN_FORM, blank (company_id/job_id of the query preselected). */
int admin_intelligence_pattern_new(struct req *r);
/* POST: ST_ADMIN_PATTERN_SAVE, audited; redirects (HTML) or answers 201 (API); 4xx re-shows the form. */
int admin_intelligence_pattern_create(struct req *r);
/* GET: the page model of ST_ADMIN_PATTERN_FORM for :id; 404 when there is none. */
int admin_intelligence_pattern_edit(struct req *r);
/* POST: ST_ADMIN_PATTERN_SAVE for :id, audited; redirects (HTML) or answers 200 (API). */
int admin_intelligence_pattern_update(struct req *r);
/* POST: ST_ADMIN_PATTERN_VERIFY (marks it manually verified), audited; 422 when it already is. */
int admin_intelligence_pattern_verify(struct req *r);
/* POST: ST_ADMIN_PATTERN_DEACTIVATE, audited (an inactive pattern leaves the company page). */
int admin_intelligence_pattern_deactivate(struct req *r);
/* POST: ST_ADMIN_PATTERN_ACTIVATE, audited. */
int admin_intelligence_pattern_activate(struct req *r);
/* GET: the page model of ST_ADMIN_PATTERN_DELETE_PAGE (the confirmation). */
int admin_intelligence_pattern_confirm_delete(struct req *r);
/* POST: ST_ADMIN_PATTERN_DELETE, audited; redirects (HTML) or answers 200 (API). */
int admin_intelligence_pattern_delete(struct req *r);

#endif
