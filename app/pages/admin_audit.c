/* admin_audit.c: admin pages for the audit log with filters.
 * Statements: ST_ADMIN_AUDIT_LOG. Templates: templates/admin/.
 * Each handler is one page or one audited write (sql/migrations/05x_admin*). */
#include "pages/admin_audit.h"

#include "pages/admin_common.h"

int
admin_audit(struct req *r)
{
	return admin_page(r, ST_ADMIN_AUDIT_LOG, NULL);
}
