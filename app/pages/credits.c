/* credits.c: the credits page — balance, plan and features, the ledger (keyset-paginated).
 * Statements: ST_CREDITS_PAGE. Templates: credits/. */
#include "pages/credits.h"

#include "db/db.h"

int
credits_show(struct req *r)
{
	const char *after = req_query(r, "after");
	int rc;

	if (after && *after && !req_is_uuid(after)) {
		r->error_detail = "after must be the id of a ledger row (from the next link).";
		return 400;
	}
	rc = db_model(r, ST_CREDITS_PAGE, after && *after ? after : NULL);
	if (rc == ERR_DB_NOTFOUND)
		r->error_detail = "This page of the ledger does not exist.";
	return rc ? db_status(r, rc) : 200;
}
