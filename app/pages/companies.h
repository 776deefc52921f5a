/* companies.h: the companies directory and the company insights page. */
#ifndef PREPTALK_PAGES_COMPANIES_H
#define PREPTALK_PAGES_COMPANIES_H

#include "core/req.h"

/* GET /companies: search q, filters industry/size/type/remote, keyset cursor after.
 * 200 with the model; 400 for a malformed filter or cursor. */
int companies_list(struct req *r);
/* GET /companies/:id: insights, patterns, smart questions, community posts (cursor after).
 * 404 for an unknown or malformed id. */
int companies_show(struct req *r);

#endif
