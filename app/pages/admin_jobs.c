/* admin_jobs.c: admin pages for jobs and their requirements: create, edit, deactivate.
 * Statements: ST_ADMIN_JOBS, ST_ADMIN_JOB_ACTIVATE, ST_ADMIN_JOB_DEACTIVATE, ST_ADMIN_JOB_FORM,
 * ST_ADMIN_JOB_SAVE. Templates: templates/admin/.
 * Each handler is one page or one audited write (sql/migrations/05x_admin*, 070). A refused job
 * form is re-shown from its own fields, so it names the company they chose. */
#include "pages/admin_jobs.h"

#include "pages/admin_common.h"

int
admin_jobs_list(struct req *r)
{
	return admin_page(r, ST_ADMIN_JOBS, NULL);
}

int
admin_jobs_new(struct req *r)
{
	return admin_page(r, ST_ADMIN_JOB_FORM, NULL);
}

int
admin_jobs_create(struct req *r)
{
	return admin_write_requery(r, ST_ADMIN_JOB_SAVE, NULL, ST_ADMIN_JOB_FORM, 201);
}

int
admin_jobs_edit(struct req *r)
{
	return admin_page(r, ST_ADMIN_JOB_FORM, "id");
}

int
admin_jobs_update(struct req *r)
{
	return admin_write_requery(r, ST_ADMIN_JOB_SAVE, "id", ST_ADMIN_JOB_FORM, 200);
}

int
admin_jobs_deactivate(struct req *r)
{
	return admin_write(r, ST_ADMIN_JOB_DEACTIVATE, "id", ST_ADMIN_JOB_FORM, 200);
}

int
admin_jobs_activate(struct req *r)
{
	return admin_write(r, ST_ADMIN_JOB_ACTIVATE, "id", ST_ADMIN_JOB_FORM, 200);
}
