/* home.c: `/` — the landing page for visitors, the dashboard for a logged-in candidate
 * (credits, sessions in progress, recent results with charts, focus areas, jobs).
 * Statements: ST_DASHBOARD_PAGE. Templates: home, dashboard. */
#include "pages/home.h"

#include "db/db.h"
#include "pages/form.h"
#include "pages/reports.h"

int
home_show(struct req *r)
{
	int rc;

	if (!r->me.user_id) {
		req_model(r);
		return 200;
	}
	rc = db_model(r, ST_DASHBOARD_PAGE);
	if (rc)
		return db_status(r, rc);
	if (r->is_api)
		return 200;
	reports_dashboard_charts(r);
	r->template = "dashboard";
	return 200;
}
