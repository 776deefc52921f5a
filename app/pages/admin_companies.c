/* admin_companies.c: admin pages for companies: list with search, create, edit, delete with confirmation.
 * Statements: ST_ADMIN_COMPANIES, ST_ADMIN_COMPANY_DELETE, ST_ADMIN_COMPANY_DELETE_PAGE,
 * ST_ADMIN_COMPANY_FORM, ST_ADMIN_COMPANY_SAVE. Templates: templates/admin/.
 * Each handler is one page or one audited write (sql/migrations/05x_admin*). */
#include "pages/admin_companies.h"

#include "pages/admin_common.h"

int
admin_companies_list(struct req *r)
{
	return admin_page(r, ST_ADMIN_COMPANIES, NULL);
}

int
admin_companies_new(struct req *r)
{
	return admin_page(r, ST_ADMIN_COMPANY_FORM, NULL);
}

int
admin_companies_create(struct req *r)
{
	return admin_write(r, ST_ADMIN_COMPANY_SAVE, NULL, ST_ADMIN_COMPANY_FORM, 201);
}

int
admin_companies_edit(struct req *r)
{
	return admin_page(r, ST_ADMIN_COMPANY_FORM, "id");
}

int
admin_companies_update(struct req *r)
{
	return admin_write(r, ST_ADMIN_COMPANY_SAVE, "id", ST_ADMIN_COMPANY_FORM, 200);
}

int
admin_companies_confirm_delete(struct req *r)
{
	return admin_page(r, ST_ADMIN_COMPANY_DELETE_PAGE, "id");
}

int
admin_companies_delete(struct req *r)
{
	return admin_write(r, ST_ADMIN_COMPANY_DELETE, "id", ST_ADMIN_COMPANY_DELETE_PAGE, 200);
}
