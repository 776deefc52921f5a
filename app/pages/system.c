/* system.c: /healthz (is this worker and its database fine?), /metrics (Prometheus
 * text) and /api/v1/openapi.json (generated from the route table, so it cannot drift).
 * Statements: ST_PING. Templates: none. */
#include "pages/system.h"

#include "core/metrics.h"
#include "core/resp.h"
#include "core/router.h"
#include "db/db.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
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

static const char *
method_name(int m)
{
	switch (m) {
	case M_GET: return "get";
	case M_POST: return "post";
	case M_PUT: return "put";
	case M_PATCH: return "patch";
	case M_DELETE: return "delete";
	default: return "get";
	}
}

static struct json_object *
response(const char *description, const char *type)
{
	struct json_object *o = json_object_new_object(), *content = json_object_new_object(),
	                   *media = json_object_new_object();

	json_object_object_add(o, "description", json_object_new_string(description));
	json_object_object_add(media, "schema", json_object_new_object());
	json_object_object_add(content, type, media);
	json_object_object_add(o, "content", content);
	return o;
}

/* One operation object for a route row: its path parameters, security and responses. */
static struct json_object *
operation(const struct route *rt)
{
	struct json_object *op = json_object_new_object(), *params = json_object_new_array(),
	                   *responses = json_object_new_object();
	const char *p = rt->pattern;

	json_object_object_add(op, "summary", json_object_new_string(rt->summary ? rt->summary : ""));
	while ((p = strchr(p, ':')) != NULL) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p - 1) : strlen(p + 1);
		struct json_object *param = json_object_new_object(), *schema = json_object_new_object();

		json_object_object_add(param, "name", json_object_new_string_len(p + 1, (int)n));
		json_object_object_add(param, "in", json_object_new_string("path"));
		json_object_object_add(param, "required", json_object_new_boolean(1));
		json_object_object_add(schema, "type", json_object_new_string(n == 1 ? "integer" : "string"));
		if (n >= 2 && strncmp(p + 1 + n - 2, "id", 2) == 0)
			json_object_object_add(schema, "format", json_object_new_string("uuid"));
		json_object_object_add(param, "schema", schema);
		json_object_array_add(params, param);
		p += n + 1;
	}
	json_object_object_add(op, "parameters", params);
	if (rt->auth != AUTH_NONE) {
		struct json_object *sec = json_object_new_array(), *req = json_object_new_object();

		json_object_object_add(req, "bearer", json_object_new_array());
		json_object_array_add(sec, req);
		json_object_object_add(op, "security", sec);
	}
	json_object_object_add(responses, rt->method == M_POST ? "2XX" : "200",
	                       response("The page model.", "application/json"));
	json_object_object_add(responses, "4XX", response("A problem.", "application/problem+json"));
	json_object_object_add(op, "responses", responses);
	return op;
}

int
system_openapi(struct req *r)
{
	struct json_object *doc = req_own_json(r, json_object_new_object()), *info = json_object_new_object(),
	                   *paths = json_object_new_object(), *comps = json_object_new_object(),
	                   *schemes = json_object_new_object(), *bearer = json_object_new_object();
	bool admin = r->me.role && strcmp(r->me.role, "admin") == 0;

	json_object_object_add(doc, "openapi", json_object_new_string("3.1.0"));
	json_object_object_add(info, "title", json_object_new_string("PrepTalk API"));
	json_object_object_add(info, "version", json_object_new_string(PREPTALK_VERSION));
	json_object_object_add(doc, "info", info);
	for (int i = 0; i < nroutes; i++) {
		const struct route *rt = &routes[i];
		struct json_object *item;
		char path[512], *o = path;

		if (strncmp(rt->pattern, "/api/v1/", 8) != 0 || (rt->auth == AUTH_ADMIN && !admin))
			continue;
		/* "/api/v1/companies/:id" -> "/companies/{id}" (the server url carries /api/v1) */
		for (const char *p = rt->pattern + 7; *p && o < path + sizeof(path) - 3; p++) {
			if (*p == ':') {
				*o++ = '{';
				while (p[1] && p[1] != '/' && o < path + sizeof(path) - 3)
					*o++ = *++p;
				*o++ = '}';
			} else
				*o++ = *p;
		}
		*o = '\0';
		if (!json_object_object_get_ex(paths, path, &item)) {
			item = json_object_new_object();
			json_object_object_add(paths, path, item);
		}
		json_object_object_add(item, method_name(rt->method), operation(rt));
	}
	json_object_object_add(doc, "servers", json_tokener_parse("[{\"url\": \"/api/v1\"}]"));
	json_object_object_add(doc, "paths", paths);
	json_object_object_add(bearer, "type", json_object_new_string("http"));
	json_object_object_add(bearer, "scheme", json_object_new_string("bearer"));
	json_object_object_add(bearer, "bearerFormat", json_object_new_string("JWT"));
	json_object_object_add(schemes, "bearer", bearer);
	json_object_object_add(comps, "securitySchemes", schemes);
	json_object_object_add(doc, "components", comps);
	r->model = doc;
	return 200;
}
