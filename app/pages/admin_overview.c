/* admin_overview.c: admin pages for overview and system health.
 * Statements: ST_ADMIN_HEALTH, ST_ADMIN_OVERVIEW. Templates: templates/admin/.
 * Each handler is one page or one audited write (sql/migrations/05x_admin*). */
#include "pages/admin_overview.h"

#include "core/metrics.h"
#include "pages/admin_common.h"
#include "pages/form.h"

#include <json-c/json.h>
#include <unistd.h>

/* The overview adds the workers' own figures (the counters behind /metrics) to the model
 * PostgreSQL built. */
int
admin_overview(struct req *r)
{
	struct json_object *workers;
	int status = admin_page(r, ST_ADMIN_OVERVIEW, NULL);

	if (status != 200)
		return status;
	workers = metrics_summary();
	json_object_object_add(workers, "worker_pid", json_object_new_int(getpid()));
	json_object_object_add(req_model(r), "workers", workers);
	return status;
}

int
admin_health(struct req *r)
{
	return admin_page(r, ST_ADMIN_HEALTH, NULL);
}
