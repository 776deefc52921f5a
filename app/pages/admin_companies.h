/* admin_companies.h: admin pages for companies: list with search, create, edit, delete with
 * confirmation (issue 8). Handlers for app/routes.c. */
#ifndef PREPTALK_PAGES_ADMIN_COMPANIES_H
#define PREPTALK_PAGES_ADMIN_COMPANIES_H

#include "core/req.h"

/* GET: the page model of ST_ADMIN_COMPANIES; returns the status. */
int admin_companies_list(struct req *r);
/* GET: the page model of ST_ADMIN_COMPANY_FORM; returns the status. */
int admin_companies_new(struct req *r);
/* POST: ST_ADMIN_COMPANY_SAVE, audited; redirects (HTML) or answers 201 (API); 4xx re-shows the form. */
int admin_companies_create(struct req *r);
/* GET: the page model of ST_ADMIN_COMPANY_FORM; returns the status. */
int admin_companies_edit(struct req *r);
/* POST: ST_ADMIN_COMPANY_SAVE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_companies_update(struct req *r);
/* GET: the page model of ST_ADMIN_COMPANY_DELETE_PAGE; returns the status. */
int admin_companies_confirm_delete(struct req *r);
/* POST: ST_ADMIN_COMPANY_DELETE, audited; redirects (HTML) or answers 200 (API); 4xx re-shows the form. */
int admin_companies_delete(struct req *r);

#endif
