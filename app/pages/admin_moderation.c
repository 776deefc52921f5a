/* admin_moderation.c: admin pages for the moderation queue: publish, hide with a reason, restore.
 * Statements: ST_ADMIN_MODERATION, ST_ADMIN_POST, ST_ADMIN_POST_HIDE, ST_ADMIN_POST_PUBLISH,
 * ST_ADMIN_POST_RESTORE. Templates: templates/admin/.
 * Each handler is one page or one audited write (sql/migrations/05x_admin*). */
#include "pages/admin_moderation.h"

#include "pages/admin_common.h"

int
admin_moderation_queue(struct req *r)
{
	return admin_page(r, ST_ADMIN_MODERATION, NULL);
}

int
admin_moderation_post(struct req *r)
{
	return admin_page(r, ST_ADMIN_POST, "id");
}

int
admin_moderation_publish(struct req *r)
{
	return admin_write(r, ST_ADMIN_POST_PUBLISH, "id", ST_ADMIN_POST, 200);
}

int
admin_moderation_hide(struct req *r)
{
	return admin_write(r, ST_ADMIN_POST_HIDE, "id", ST_ADMIN_POST, 200);
}

int
admin_moderation_restore(struct req *r)
{
	return admin_write(r, ST_ADMIN_POST_RESTORE, "id", ST_ADMIN_POST, 200);
}
