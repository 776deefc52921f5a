/* companies.c: the companies directory (search, filters, keyset pages) and company insights.
 * Statements: ST_COMPANIES_PAGE, ST_COMPANY_PAGE. Templates: companies/. */
#include "pages/companies.h"

#include "db/db.h"
#include "pages/form.h"

#include <json-c/json.h>
#include <string.h>


/* A query parameter no longer than max bytes ("" when absent), or NULL when too long. */
static const char *
query_text(struct req *r, const char *key, size_t max)
{
	const char *v = req_query(r, key);

	if (!v)
		return "";
	return strlen(v) <= max ? v : NULL;
}

/* The keyset cursor: NULL when absent or empty, *bad set when present and not a UUID. */
static const char *
cursor(struct req *r, bool *bad)
{
	const char *v = req_query(r, "after");

	*bad = false;
	if (!v || !*v)
		return NULL;
	if (!req_is_uuid(v)) {
		*bad = true;
		return NULL;
	}
	return v;
}

int
companies_list(struct req *r)
{
	static const char *const sizes[] = {"", "1-10", "11-50", "51-200", "201-500", "501-1000",
	                                    "1001-5000", "5000+", NULL};
	static const char *const types[] = {"", "startup", "scaleup", "enterprise", "agency",
	                                    "nonprofit", "government", NULL};
	static const char *const remote[] = {"", "yes", "no", NULL};
	const char *q = query_text(r, "q", 200), *industry = query_text(r, "industry", 100);
	const char *size = query_text(r, "size", 20), *type = query_text(r, "type", 20);
	const char *rem = query_text(r, "remote", 5), *after;
	bool bad;
	int rc;

	if (!q || !industry) {
		r->error_detail = "The search text is too long: use at most 200 characters.";
		return 400;
	}
	if (!size || !type || !rem || !form_in_list(size, sizes) || !form_in_list(type, types) || !form_in_list(rem, remote)) {
		r->error_detail = "A filter has a value that is not one of its choices.";
		return 400;
	}
	after = cursor(r, &bad);
	if (bad) {
		r->error_detail = "The page cursor is not valid.";
		return 400;
	}
	rc = db_model(r, ST_COMPANIES_PAGE, q, industry, size, type, rem, after, r->path);
	if (rc)
		return db_status(r, rc);
	return 200;
}

int
companies_show(struct req *r)
{
	const char *id, *after, *shared, *notice = NULL;
	bool bad;
	int rc;

	if (req_path_uuid(r, "id", &id) != 0) {
		r->error_detail = "There is no such company.";
		return 404;
	}
	after = cursor(r, &bad);
	if (bad) {
		r->error_detail = "The page cursor is not valid.";
		return 400;
	}
	rc = db_model(r, ST_COMPANY_PAGE, id, after, r->path);
	if (rc == ERR_DB_NOTFOUND)
		r->error_detail = "There is no such company.";
	if (rc)
		return db_status(r, rc);
	if (r->is_api)
		return 200;
	shared = req_query(r, "shared");
	if (shared && strcmp(shared, "published") == 0)
		notice = "Thanks for sharing your experience. It is published below.";
	else if (shared && strcmp(shared, "pending") == 0)
		notice = "Thanks for sharing your experience. It is pending review: other candidates will see it "
		         "once a moderator publishes it.";
	else if (req_query(r, "reported"))
		notice = "Thanks, your report was sent to the moderators.";
	if (notice)
		json_object_object_add(req_model(r), "notice", json_object_new_string(notice));
	return 200;
}
