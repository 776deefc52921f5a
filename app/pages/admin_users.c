/* admin_users.c: admin pages for users: search, one user's sessions, credits and posts, deactivate,
 * bonus credits.
 * Statements: ST_ADMIN_USER, ST_ADMIN_USERS, ST_ADMIN_USER_DEACTIVATE, ST_ADMIN_USER_GRANT,
 * ST_ADMIN_USER_REACTIVATE. Templates: templates/admin/.
 * Each handler is one page or one audited write (sql/migrations/05x_admin*). */
#include "pages/admin_users.h"

#include "pages/admin_common.h"

int
admin_users_list(struct req *r)
{
	return admin_page(r, ST_ADMIN_USERS, NULL);
}

int
admin_users_show(struct req *r)
{
	return admin_page(r, ST_ADMIN_USER, "id");
}

int
admin_users_deactivate(struct req *r)
{
	return admin_write(r, ST_ADMIN_USER_DEACTIVATE, "id", ST_ADMIN_USER, 200);
}

int
admin_users_reactivate(struct req *r)
{
	return admin_write(r, ST_ADMIN_USER_REACTIVATE, "id", ST_ADMIN_USER, 200);
}

int
admin_users_grant(struct req *r)
{
	return admin_write(r, ST_ADMIN_USER_GRANT, "id", ST_ADMIN_USER, 200);
}
