/* admin_curricula.c: admin pages for curricula: versions per job, rounds, question banks, activation.
 * Statements: ST_ADMIN_CURRICULUM, ST_ADMIN_CURRICULUM_ACTIVATE, ST_ADMIN_CURRICULUM_NEW_VERSION,
 * ST_ADMIN_CURRICULUM_SAVE, ST_ADMIN_JOB_CURRICULA, ST_ADMIN_QUESTION, ST_ADMIN_QUESTION_CREATE,
 * ST_ADMIN_QUESTION_DELETE, ST_ADMIN_QUESTION_NEW, ST_ADMIN_QUESTION_SAVE, ST_ADMIN_ROUND,
 * ST_ADMIN_ROUND_ADD, ST_ADMIN_ROUND_DELETE, ST_ADMIN_ROUND_SAVE. Templates: templates/admin/.
 * Each handler is one page or one audited write (sql/migrations/05x_admin*). */
#include "pages/admin_curricula.h"

#include "pages/admin_common.h"

int
admin_curricula_versions(struct req *r)
{
	return admin_page(r, ST_ADMIN_JOB_CURRICULA, "id");
}

int
admin_curricula_create(struct req *r)
{
	return admin_write(r, ST_ADMIN_CURRICULUM_NEW_VERSION, "id", ST_ADMIN_JOB_CURRICULA, 201);
}

int
admin_curricula_show(struct req *r)
{
	return admin_page(r, ST_ADMIN_CURRICULUM, "id");
}

int
admin_curricula_update(struct req *r)
{
	return admin_write(r, ST_ADMIN_CURRICULUM_SAVE, "id", ST_ADMIN_CURRICULUM, 200);
}

int
admin_curricula_add_round(struct req *r)
{
	return admin_write(r, ST_ADMIN_ROUND_ADD, "id", ST_ADMIN_CURRICULUM, 201);
}

int
admin_curricula_activate(struct req *r)
{
	return admin_write(r, ST_ADMIN_CURRICULUM_ACTIVATE, "id", ST_ADMIN_CURRICULUM, 200);
}

int
admin_curricula_round(struct req *r)
{
	return admin_page(r, ST_ADMIN_ROUND, "id");
}

int
admin_curricula_round_update(struct req *r)
{
	return admin_write(r, ST_ADMIN_ROUND_SAVE, "id", ST_ADMIN_ROUND, 200);
}

int
admin_curricula_round_delete(struct req *r)
{
	return admin_write(r, ST_ADMIN_ROUND_DELETE, "id", ST_ADMIN_ROUND, 200);
}

int
admin_curricula_question_new(struct req *r)
{
	return admin_page(r, ST_ADMIN_QUESTION_NEW, "id");
}

int
admin_curricula_question_create(struct req *r)
{
	return admin_write(r, ST_ADMIN_QUESTION_CREATE, "id", ST_ADMIN_QUESTION_NEW, 201);
}

int
admin_curricula_question(struct req *r)
{
	return admin_page(r, ST_ADMIN_QUESTION, "id");
}

int
admin_curricula_question_update(struct req *r)
{
	return admin_write(r, ST_ADMIN_QUESTION_SAVE, "id", ST_ADMIN_QUESTION, 200);
}

int
admin_curricula_question_delete(struct req *r)
{
	return admin_write(r, ST_ADMIN_QUESTION_DELETE, "id", ST_ADMIN_QUESTION, 200);
}
