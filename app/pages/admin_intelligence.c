/* admin_intelligence.c: admin pages for smart questions and interview patterns.
 * Statements: ST_ADMIN_INTELLIGENCE, ST_ADMIN_SMART_QUESTION_*, ST_ADMIN_PATTERN_*.
 * Templates: templates/admin/intelligence*. Each handler is one page or one audited write
 * (sql/migrations/052_admin_intelligence, 069_intelligence_scale); a refused save shows the
 * submitted company's form again (its job choices depend on it). */
#include "pages/admin_intelligence.h"

#include "pages/admin_common.h"

int
admin_intelligence_list(struct req *r)
{
	return admin_page(r, ST_ADMIN_INTELLIGENCE, NULL);
}

int
admin_intelligence_question_new(struct req *r)
{
	return admin_page(r, ST_ADMIN_SMART_QUESTION_FORM, NULL);
}

int
admin_intelligence_question_create(struct req *r)
{
	return admin_write_requery(r, ST_ADMIN_SMART_QUESTION_SAVE, NULL, ST_ADMIN_SMART_QUESTION_FORM, 201);
}

int
admin_intelligence_question_edit(struct req *r)
{
	return admin_page(r, ST_ADMIN_SMART_QUESTION_FORM, "id");
}

int
admin_intelligence_question_update(struct req *r)
{
	return admin_write_requery(r, ST_ADMIN_SMART_QUESTION_SAVE, "id", ST_ADMIN_SMART_QUESTION_FORM, 200);
}

int
admin_intelligence_question_confirm_delete(struct req *r)
{
	return admin_page(r, ST_ADMIN_SMART_QUESTION_DELETE_PAGE, "id");
}

int
admin_intelligence_question_delete(struct req *r)
{
	return admin_write(r, ST_ADMIN_SMART_QUESTION_DELETE, "id", ST_ADMIN_SMART_QUESTION_DELETE_PAGE, 200);
}

int
admin_intelligence_pattern_new(struct req *r)
{
	return admin_page(r, ST_ADMIN_PATTERN_FORM, NULL);
}

int
admin_intelligence_pattern_create(struct req *r)
{
	return admin_write_requery(r, ST_ADMIN_PATTERN_SAVE, NULL, ST_ADMIN_PATTERN_FORM, 201);
}

int
admin_intelligence_pattern_edit(struct req *r)
{
	return admin_page(r, ST_ADMIN_PATTERN_FORM, "id");
}

int
admin_intelligence_pattern_update(struct req *r)
{
	return admin_write_requery(r, ST_ADMIN_PATTERN_SAVE, "id", ST_ADMIN_PATTERN_FORM, 200);
}

int
admin_intelligence_pattern_verify(struct req *r)
{
	return admin_write(r, ST_ADMIN_PATTERN_VERIFY, "id", ST_ADMIN_PATTERN_FORM, 200);
}

int
admin_intelligence_pattern_deactivate(struct req *r)
{
	return admin_write(r, ST_ADMIN_PATTERN_DEACTIVATE, "id", ST_ADMIN_PATTERN_FORM, 200);
}

int
admin_intelligence_pattern_activate(struct req *r)
{
	return admin_write(r, ST_ADMIN_PATTERN_ACTIVATE, "id", ST_ADMIN_PATTERN_FORM, 200);
}

int
admin_intelligence_pattern_confirm_delete(struct req *r)
{
	return admin_page(r, ST_ADMIN_PATTERN_DELETE_PAGE, "id");
}

int
admin_intelligence_pattern_delete(struct req *r)
{
	return admin_write(r, ST_ADMIN_PATTERN_DELETE, "id", ST_ADMIN_PATTERN_DELETE_PAGE, 200);
}
