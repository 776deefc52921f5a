/* req_fuzz.c: libFuzzer target for everything req_parse() reads from outside: FastCGI
 * parameters (method, URI with query string, cookies, content type, Authorization) and the
 * body (url-encoded forms, JSON, multipart). Input: lines `KEY=value` (one FastCGI param
 * each) up to an empty line, then the body. A parsed request is then identified (cookie /
 * Bearer JWT), CSRF-checked and routed, and every promise of req.h is checked. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "auth/token.h"
#include "core/buf.h"
#include "core/router.h"

#define MAX_ENV 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct arena *arena;

/* Checks one decoded list: valid UTF-8 without NUL, as req_parse promises handlers.
 * Cookies stay raw (raw != 0): only their shape is checked; session.c validates its own. */
static void
check_list(const struct kvlist *l, int raw)
{
	for (int i = 0; i < l->n; i++) {
		const struct kv *kv = &l->items[i];

		if (!kv->key || !kv->val || strlen(kv->val) != kv->len)
			__builtin_trap();
		if (!raw && (!req_utf8_valid(kv->key, strlen(kv->key)) || !req_utf8_valid(kv->val, kv->len)))
			__builtin_trap();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy, *p, *end, *envp[MAX_ENV + 1];
	const char *body = "";
	size_t body_len = 0;
	int n = 0, status, allow = 0;
	struct buf headers, out;
	struct req r;

	if (!arena) {
		arena = arena_new(64 * 1024);
		if (token_init("fuzz-secret-fuzz-secret-fuzz-secret-0123456789") != 0)
			abort();
	}
	/* One NUL-terminated copy: params are C strings, the body keeps its length. */
	copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	p = copy;
	end = copy + size;
	while (p < end && n < MAX_ENV) {
		char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl == p) { /* empty line: the body follows */
			p++;
			break;
		}
		if (!nl)
			nl = end;
		*nl = '\0';
		if (strchr(p, '='))
			envp[n++] = p;
		p = nl < end ? nl + 1 : end;
	}
	envp[n] = NULL;
	if (p < end) {
		body = p;
		body_len = (size_t)(end - p);
	}

	memset(&r, 0, sizeof(r));
	buf_init(&headers, 0);
	buf_init(&out, 0);
	r.arena = arena;
	r.headers = &headers;
	r.body_out = &out;
	status = req_parse(&r, envp, body, body_len);
	if (status != 0) {
		if (status < 400 || status > 499 || !r.error_detail || !r.path || !r.request_id)
			__builtin_trap();
	} else {
		if (!r.path || r.path[0] != '/' || !req_utf8_valid(r.path, strlen(r.path)) || !r.raw_query ||
		    !r.method_name || r.method == M_OTHER)
			__builtin_trap();
		check_list(&r.query, 0);
		check_list(&r.form, 0);
		check_list(&r.cookies, 1);
		if (r.upload.field && (!r.upload.filename || (!r.upload.data && r.upload.len)))
			__builtin_trap();
		(void)req_param(&r, "email");
		(void)req_cookie(&r, SESSION_COOKIE);
		/* the identity path: cookie or Bearer JWT, then CSRF and the route table */
		session_identify(&r);
		if (r.me.user_id && (!req_is_uuid(r.me.user_id) || !r.me.role || !r.me.jti))
			__builtin_trap();
		if (!r.csrf_token || !r.csrf_binding)
			__builtin_trap();
		(void)session_csrf_ok(&r);
		if (router_match(&r, r.method, r.path, &allow)) {
			const char *id;

			for (int i = 0; i < r.params.n; i++)
				(void)req_path_uuid(&r, r.params.items[i].key, &id);
		} else if (allow)
			(void)router_allow_header(r.arena, allow);
	}
	arena_reset(arena);
	buf_free(&headers);
	buf_free(&out);
	free(copy);
	return 0;
}
