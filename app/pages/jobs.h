/* jobs.h: the job page (description, requirements, active curriculum, start form). */
#ifndef PREPTALK_PAGES_JOBS_H
#define PREPTALK_PAGES_JOBS_H

#include "core/req.h"

/* GET /jobs/:id. 200 with the model; 404 for an unknown, malformed or hidden job. */
int jobs_show(struct req *r);

#endif
