/* system.c: /healthz (is this worker and its database fine?) and /metrics (Prometheus
 * text). Statements: ST_PING. Templates: none. */
#include "pages/system.h"

#include "core/metrics.h"
#include "core/resp.h"
#include "core/router.h"
#include "db/db.h"

#include <json-c/json.h>
#include <stdio.h>
#include <unistd.h>

long worker_uptime_s(void);

int
system_healthz(struct req *r)
{
	struct json_object *m = json_object_new_object(), *db = json_object_new_object();
	double ms = db_ping(r);

	req_own_json(r, m);
	json_object_object_add(m, "status", json_object_new_string(ms >= 0 ? "ok" : "degraded"));
	json_object_object_add(db, "ok", json_object_new_boolean(ms >= 0));
	if (ms >= 0) {
		char text[32];

		snprintf(text, sizeof(text), "%.2f", ms);
		json_object_object_add(db, "ms", json_object_new_double_s(ms, text));
	}
	json_object_object_add(m, "database", db);
	json_object_object_add(m, "version", json_object_new_string(PREPTALK_VERSION));
	json_object_object_add(m, "worker_pid", json_object_new_int(getpid()));
	json_object_object_add(m, "uptime_s", json_object_new_int64(worker_uptime_s()));
	r->model = m;
	r->is_api = true; /* always JSON, also when degraded */
	r->model_is_body = true;
	if (ms < 0)
		resp_header(r, "Retry-After", "1");
	resp_header(r, "Cache-Control", "no-store");
	return ms >= 0 ? 200 : 503;
}

static const char *
route_name(int i, const char **method)
{
	switch (routes[i].method) {
	case M_GET: *method = "GET"; break;
	case M_POST: *method = "POST"; break;
	case M_PUT: *method = "PUT"; break;
	case M_PATCH: *method = "PATCH"; break;
	case M_DELETE: *method = "DELETE"; break;
	default: *method = "OTHER";
	}
	return routes[i].pattern;
}

int
system_metrics(struct req *r)
{
	metrics_write(r->body_out, route_name);
	r->body_type = "text/plain; version=0.0.4; charset=utf-8";
	resp_header(r, "Cache-Control", "no-store");
	return 200;
}
