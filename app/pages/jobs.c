/* jobs.c: the job page: description, structured requirements, the active curriculum and the
 * "Start practice" form (the POST belongs to sessions.c). Statements: ST_JOB_PAGE. Templates: jobs/. */
#include "pages/jobs.h"

#include "db/db.h"

int
jobs_show(struct req *r)
{
	const char *id;
	int rc;

	if (req_path_uuid(r, "id", &id) != 0) {
		r->error_detail = "There is no such job.";
		return 404;
	}
	rc = db_model(r, ST_JOB_PAGE, id);
	if (rc == ERR_DB_NOTFOUND)
		r->error_detail = "There is no such job.";
	if (rc)
		return db_status(r, rc);
	return 200;
}
