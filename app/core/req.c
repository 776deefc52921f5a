/* req.c: request parsing and validation (see req.h). Bad outside input is refused here
 * with a 4xx, so handlers only ever see decoded, valid UTF-8 text without NUL bytes. */
#include "core/req.h"

#include <ctype.h>
#include <json-c/json.h>
#include <string.h>
#include <strings.h>
#include <time.h>

long
req_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

static void
put_json(void *o)
{
	json_object_put(o);
}

struct json_object *
req_own_json(struct req *r, struct json_object *o)
{
	if (o)
		arena_defer(r->arena, put_json, o);
	return o;
}

struct json_object *
req_json_text(struct req *r, const char *text)
{
	return text ? req_own_json(r, json_tokener_parse(text)) : NULL;
}

struct json_object *
req_model(struct req *r)
{
	if (!r->model && r->model_text)
		r->model = req_json_text(r, r->model_text);
	if (!r->model || !json_object_is_type(r->model, json_type_object))
		r->model = req_own_json(r, json_object_new_object());
	r->model_text = NULL; /* the object is the model from now on */
	return r->model;
}

void
kvlist_add(struct arena *a, struct kvlist *l, const char *k, const char *v, size_t len)
{
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		struct kv *items = arena_alloc(a, (size_t)cap * sizeof(*items));

		if (l->n)
			memcpy(items, l->items, (size_t)l->n * sizeof(*items));
		l->items = items;
		l->cap = cap;
	}
	l->items[l->n].key = k;
	l->items[l->n].val = v;
	l->items[l->n].len = len;
	l->n++;
}

const char *
kvlist_get(const struct kvlist *l, const char *k)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->items[i].key, k) == 0)
			return l->items[i].val;
	return NULL;
}

bool
req_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		unsigned c = *p;
		size_t n;
		unsigned cp;

		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else
			return false;
		if ((size_t)(end - p) <= n)
			return false;
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
			return false;
		p += n + 1;
	}
	return true;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *
req_percent_decode(struct arena *a, const char *s, size_t len, bool plus_as_space, size_t *outlen)
{
	char *out = arena_alloc(a, len + 1), *o = out;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%') {
			int h, l;

			if (i + 2 >= len)
				return NULL;
			h = hexval((unsigned char)s[i + 1]);
			l = hexval((unsigned char)s[i + 2]);
			if (h < 0 || l < 0)
				return NULL;
			*o++ = (char)(h * 16 + l);
			i += 2;
		} else if (s[i] == '+' && plus_as_space)
			*o++ = ' ';
		else
			*o++ = s[i];
		if (o[-1] == '\0')
			return NULL;
	}
	*o = '\0';
	if (outlen)
		*outlen = (size_t)(o - out);
	return out;
}

int
req_parse_urlencoded(struct arena *a, const char *s, size_t len, struct kvlist *list)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i, eq = (size_t)-1;
		char *k, *v;
		size_t klen, vlen;

		while (j < len && s[j] != '&') {
			if (s[j] == '=' && eq == (size_t)-1)
				eq = j;
			j++;
		}
		if (j > i) {
			if (list->n >= REQ_MAX_PARAMS)
				return -1;
			if (eq == (size_t)-1)
				eq = j;
			k = req_percent_decode(a, s + i, eq - i, true, &klen);
			v = req_percent_decode(a, s + (eq < j ? eq + 1 : j), eq < j ? j - eq - 1 : 0, true,
			                       &vlen);
			if (!k || !v || !req_utf8_valid(k, klen) || !req_utf8_valid(v, vlen))
				return -1;
			kvlist_add(a, list, k, v, vlen);
		}
		i = j + 1;
	}
	return 0;
}

static void
parse_cookies(struct req *r, const char *s)
{
	while (s && *s) {
		const char *end = strchr(s, ';'), *eq;
		size_t n;

		while (*s == ' ')
			s++;
		n = end ? (size_t)(end - s) : strlen(s);
		eq = memchr(s, '=', n);
		if (eq && eq > s && r->cookies.n < REQ_MAX_PARAMS)
			kvlist_add(r->arena, &r->cookies, arena_strndup(r->arena, s, (size_t)(eq - s)),
			           arena_strndup(r->arena, eq + 1, n - (size_t)(eq - s) - 1),
			           n - (size_t)(eq - s) - 1);
		s = end ? end + 1 : NULL;
	}
}

static int
method_of(const char *m)
{
	static const struct {
		const char *name;
		int id;
	} methods[] = {{"GET", M_GET},       {"POST", M_POST},   {"HEAD", M_HEAD},
	               {"PUT", M_PUT},       {"DELETE", M_DELETE}, {"PATCH", M_PATCH}};

	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(m, methods[i].name) == 0)
			return methods[i].id;
	return M_OTHER;
}

static const char *
param_value(char **envp, const char *key)
{
	size_t n = strlen(key);

	for (char **e = envp; e && *e; e++)
		if (strncmp(*e, key, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

/* A value inside a header such as `multipart/form-data; boundary=xyz` or
 * `form-data; name="f"; filename="a.vtt"`. (arena) */
static char *
header_attr(struct arena *a, const char *h, size_t hlen, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i + n < hlen; i++) {
		if ((i == 0 || h[i - 1] == ' ' || h[i - 1] == ';') && strncasecmp(h + i, name, n) == 0 &&
		    h[i + n] == '=') {
			const char *v = h + i + n + 1, *end = h + hlen, *e;

			if (v < end && *v == '"') {
				v++;
				e = memchr(v, '"', (size_t)(end - v));
				if (!e)
					return NULL;
			} else {
				for (e = v; e < end && *e != ';' && *e != '\r' && *e != ' '; e++)
					;
			}
			return arena_strndup(a, v, (size_t)(e - v));
		}
	}
	return NULL;
}

static const char *
memmem_str(const char *h, size_t hlen, const char *n, size_t nlen)
{
	return memmem(h, hlen, n, nlen);
}

/* multipart/form-data: text fields go to r->form, the first file part to r->upload. */
static int
parse_multipart(struct req *r)
{
	char *boundary = header_attr(r->arena, r->content_type, strlen(r->content_type), "boundary");
	char *delim;
	const char *p, *end = r->body + r->body_len;
	size_t dlen;

	if (!boundary || !*boundary || strlen(boundary) > 200)
		return -1;
	delim = arena_printf(r->arena, "--%s", boundary);
	dlen = strlen(delim);
	p = memmem_str(r->body, r->body_len, delim, dlen);
	if (!p)
		return -1;
	for (;;) {
		const char *hdr, *hend, *data, *next;
		char *name, *filename;
		size_t len;

		p += dlen;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return -1;
		hdr = p + 2;
		hend = memmem_str(hdr, (size_t)(end - hdr), "\r\n\r\n", 4);
		if (!hend)
			return -1;
		data = hend + 4;
		next = memmem_str(data, (size_t)(end - data), delim, dlen);
		if (!next || next - data < 2 || next[-2] != '\r' || next[-1] != '\n')
			return -1;
		len = (size_t)(next - data - 2);
		name = header_attr(r->arena, hdr, (size_t)(hend - hdr), "name");
		filename = header_attr(r->arena, hdr, (size_t)(hend - hdr), "filename");
		if (!name || r->form.n >= REQ_MAX_PARAMS || !req_utf8_valid(name, strlen(name)) ||
		    (filename && !req_utf8_valid(filename, strlen(filename))))
			return -1;
		if (filename) {
			if (!r->upload.field) {
				r->upload.field = name;
				r->upload.filename = filename;
				r->upload.data = data;
				r->upload.len = len;
			}
		} else {
			if (memchr(data, '\0', len) || !req_utf8_valid(data, len))
				return -1;
			kvlist_add(r->arena, &r->form, name, arena_strndup(r->arena, data, len), len);
		}
		p = next;
	}
}

static int
fail(struct req *r, int status, const char *detail)
{
	r->error_detail = detail;
	return status;
}

int
req_parse(struct req *r, char **envp, const char *body, size_t body_len)
{
	const char *uri, *q, *v;
	size_t plen;
	char *path;

	r->method_name = param_value(envp, "REQUEST_METHOD");
	if (!r->method_name)
		r->method_name = "GET";
	r->method = method_of(r->method_name);
	r->request_id = param_value(envp, "REQUEST_ID");
	if (!r->request_id || !*r->request_id || strlen(r->request_id) > 64)
		r->request_id = arena_printf(r->arena, "%lx", (unsigned long)req_now_us());
	r->remote_addr = param_value(envp, "REMOTE_ADDR");
	if (!r->remote_addr)
		r->remote_addr = "";
	r->user_agent = param_value(envp, "HTTP_USER_AGENT");
	if (!r->user_agent)
		r->user_agent = "";
	r->content_type = param_value(envp, "CONTENT_TYPE");
	r->accept = param_value(envp, "HTTP_ACCEPT");
	r->authorization = param_value(envp, "HTTP_AUTHORIZATION");
	r->if_none_match = param_value(envp, "HTTP_IF_NONE_MATCH");
	r->cache_control = param_value(envp, "HTTP_CACHE_CONTROL");
	r->x_requested_with = param_value(envp, "HTTP_X_REQUESTED_WITH");
	v = param_value(envp, "HTTPS");
	r->https = v && (strcasecmp(v, "on") == 0 || strcmp(v, "1") == 0);
	r->path = "/";

	uri = param_value(envp, "REQUEST_URI");
	if (!uri || *uri != '/')
		uri = param_value(envp, "DOCUMENT_URI");
	if (!uri || *uri != '/')
		return fail(r, 400, "The request target must be an absolute path.");
	q = strchr(uri, '?');
	plen = q ? (size_t)(q - uri) : strlen(uri);
	if (plen > REQ_MAX_PATH)
		return fail(r, 414, "The path is too long.");
	path = req_percent_decode(r->arena, uri, plen, false, &plen);
	if (!path || !req_utf8_valid(path, plen))
		return fail(r, 400, "The path is not valid percent-encoded UTF-8.");
	r->path = path;
	r->is_api = strncmp(path, "/api/", 5) == 0;
	r->raw_query = q ? q + 1 : "";
	if (strlen(r->raw_query) > 8192)
		return fail(r, 414, "The query string is too long.");
	if (req_parse_urlencoded(r->arena, r->raw_query, strlen(r->raw_query), &r->query) != 0)
		return fail(r, 400, "The query string is not valid percent-encoded UTF-8.");
	parse_cookies(r, param_value(envp, "HTTP_COOKIE"));
	if (r->method == M_OTHER)
		return fail(r, 405, "This method is not supported.");

	r->body = body;
	r->body_len = body_len;
	if (body_len == 0)
		return 0;
	if (!r->content_type)
		return fail(r, 415, "A request body needs a Content-Type.");
	if (strncasecmp(r->content_type, "application/x-www-form-urlencoded", 33) == 0) {
		if (body_len > REQ_MAX_BODY)
			return fail(r, 413, "The form is too large.");
		if (req_parse_urlencoded(r->arena, body, body_len, &r->form) != 0)
			return fail(r, 400, "The form is not valid percent-encoded UTF-8.");
	} else if (strncasecmp(r->content_type, "application/json", 16) == 0) {
		struct json_tokener *tok;
		struct json_object *obj;

		if (body_len > REQ_MAX_BODY)
			return fail(r, 413, "The JSON body is too large.");
		if (memchr(body, '\0', body_len) || !req_utf8_valid(body, body_len))
			return fail(r, 400, "The JSON body is not valid UTF-8.");
		tok = json_tokener_new_ex(32);
		if (!tok)
			return fail(r, 500, "Out of memory.");
		obj = json_tokener_parse_ex(tok, body, (int)body_len);
		if (!obj || json_tokener_get_error(tok) != json_tokener_success ||
		    json_tokener_get_parse_end(tok) != body_len) {
			json_object_put(obj);
			json_tokener_free(tok);
			return fail(r, 400, "The JSON body is not valid JSON.");
		}
		json_tokener_free(tok);
		req_own_json(r, obj);
		r->json = obj;
		/* JSON objects of scalars also answer req_form, so one handler serves both. */
		if (json_object_is_type(obj, json_type_object)) {
			json_object_object_foreach(obj, key, val)
			{
				const char *s;

				if (json_object_is_type(val, json_type_object) ||
				    json_object_is_type(val, json_type_array) || r->form.n >= REQ_MAX_PARAMS)
					continue;
				s = json_object_is_type(val, json_type_null) ? "" : json_object_get_string(val);
				kvlist_add(r->arena, &r->form, arena_strdup(r->arena, key), arena_strdup(r->arena, s),
				           strlen(s));
			}
		}
	} else if (strncasecmp(r->content_type, "multipart/form-data", 19) == 0) {
		if (body_len > REQ_MAX_UPLOAD)
			return fail(r, 413, "The upload is too large.");
		if (parse_multipart(r) != 0)
			return fail(r, 400, "The multipart body is malformed.");
	} else
		return fail(r, 415, "Unsupported Content-Type.");
	return 0;
}

const char *
req_query(const struct req *r, const char *key)
{
	return kvlist_get(&r->query, key);
}

const char *
req_form(const struct req *r, const char *key)
{
	return kvlist_get(&r->form, key);
}

const char *
req_cookie(const struct req *r, const char *key)
{
	return kvlist_get(&r->cookies, key);
}

const char *
req_param(const struct req *r, const char *key)
{
	const char *v = kvlist_get(&r->params, key);

	if (!v)
		v = kvlist_get(&r->query, key);
	if (!v)
		v = kvlist_get(&r->form, key);
	return v;
}

bool
req_is_uuid(const char *s)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

	if (!s || strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++) {
		if (shape[i] == '-' ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

int
req_path_uuid(const struct req *r, const char *key, const char **out)
{
	const char *v = kvlist_get(&r->params, key);
	char *lower;

	if (!req_is_uuid(v))
		return -1;
	lower = arena_strdup(r->arena, v);
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	*out = lower;
	return 0;
}
