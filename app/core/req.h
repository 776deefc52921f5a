/* req.h: one HTTP request as the worker sees it, parsed from FastCGI parameters and body,
 * and the response being built for it. Everything here lives in the request arena.
 * req_parse() validates everything outside input before a handler sees it. */
#ifndef PREPTALK_REQ_H
#define PREPTALK_REQ_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"

struct json_object;
struct route;

#define REQ_MAX_PATH 2048
#define REQ_MAX_BODY (1024 * 1024)
#define REQ_MAX_UPLOAD (8 * 1024 * 1024)
#define REQ_MAX_PARAMS 256
#define REQ_MAX_HEADERS 32

enum req_method { M_GET = 1, M_POST = 2, M_HEAD = 4, M_PUT = 8, M_DELETE = 16, M_PATCH = 32, M_OTHER = 64 };

struct kv {
	const char *key;
	const char *val;
	size_t len; /* value length: values may be binary for uploads */
};

struct kvlist {
	struct kv *items;
	int n, cap;
};

struct upload {
	const char *field, *filename, *content_type;
	const char *data;
	size_t len;
};

struct identity {
	const char *user_id; /* NULL when anonymous */
	const char *role;    /* "candidate" | "admin" | NULL */
	const char *jti;
	long exp;
	bool via_bearer;
};

struct req {
	struct arena *arena;
	int method;
	const char *method_name;
	const char *path;       /* percent-decoded, no query */
	const char *raw_query;
	const char *request_id;
	const char *remote_addr;  /* "" when unknown, never NULL (also user_agent) */
	const char *user_agent;
	const char *content_type;
	const char *accept;
	const char *authorization;
	const char *if_none_match;
	const char *cache_control;  /* the request's Cache-Control: no-cache skips the response cache */
	const char *x_requested_with;
	bool https;
	bool is_api;            /* path starts with /api/ */
	struct kvlist query, form, cookies, params;
	struct upload upload;   /* first file of a multipart body, if any */
	const char *body;
	size_t body_len;
	struct json_object *json; /* parsed JSON body (arena-deferred) */

	struct identity me;
	const char *csrf_binding; /* what the CSRF token is bound to (jti, or the anonymous cookie) */
	const char *csrf_token;   /* the token forms of this request must carry */
	const char *anon_cookie;  /* a new anonymous cookie to set if the answer is an HTML page */

	const struct route *route;
	struct json_object *model;  /* the page model (arena-deferred) */
	const char *model_text;     /* the same model as JSON text, when it came from PostgreSQL */
	const char *error_detail;   /* message for the error page / problem+json */
	const char *template;       /* overrides the route's template when set */
	const char *body_type;      /* set when the handler wrote body_out itself: its Content-Type */
	bool model_is_body;         /* send the model as JSON whatever the status (/healthz) */
	const char *cache_key;      /* set when the answer may come from / go to the response cache */
	const char *etag;           /* the body's entity tag, for a successful GET */

	/* response */
	int status;
	struct buf *headers;        /* worker-lifetime buffers, reset per request */
	struct buf *body_out;
	const char *location;
	long started_us;
};

/* Parses FastCGI parameters (NULL-terminated "KEY=value" array) and the body into r.
 * Returns 0, or an HTTP status (400, 405, 413, 414, 415) with r->error_detail set. */
int req_parse(struct req *r, char **envp, const char *body, size_t body_len);
/* Looks up a parameter of the query string, the form body or the route, in that order
 * (route first). Returns borrowed arena memory or NULL. */
const char *req_param(const struct req *r, const char *key);
const char *req_query(const struct req *r, const char *key);
const char *req_form(const struct req *r, const char *key);
const char *req_cookie(const struct req *r, const char *key);
/* A route parameter that is a UUID, lower-cased into *out. Returns 0 or -1. */
int req_path_uuid(const struct req *r, const char *key, const char **out);
/* Decodes application/x-www-form-urlencoded s into list. 0, or -1 on bad encoding, NUL or invalid UTF-8. */
int req_parse_urlencoded(struct arena *a, const char *s, size_t len, struct kvlist *list);
/* Percent-decodes s (plus_as_space for forms). Returns arena string, or NULL on bad encoding or NUL. */
char *req_percent_decode(struct arena *a, const char *s, size_t len, bool plus_as_space, size_t *outlen);
bool req_is_uuid(const char *s);
bool req_utf8_valid(const char *s, size_t len);
void kvlist_add(struct arena *a, struct kvlist *l, const char *k, const char *v, size_t len);
const char *kvlist_get(const struct kvlist *l, const char *k);
/* Hands a json-c object to r's arena (put at the end of the request) and returns it. NULL is fine. */
struct json_object *req_own_json(struct req *r, struct json_object *o);
/* Parses JSON text (NULL gives NULL) into an object owned by r's arena. */
struct json_object *req_json_text(struct req *r, const char *text);
/* The page model as a json_object: PostgreSQL's text parsed on first use (a new empty object
 * when there is none); from then on the object is the model. Owned by the arena. */
struct json_object *req_model(struct req *r);
/* Microseconds on the monotonic clock. */
long req_now_us(void);

#endif
