/* req_test.c: request parsing: percent-decoding, forms, cookies, JSON and multipart bodies,
 * and every refusal (bad encoding, NUL, invalid UTF-8, long paths, unknown methods). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/req.h"

static struct arena *arena;

static int
parse(struct req *r, const char *method, const char *uri, const char *ctype, const char *body, size_t len)
{
	char m[64], u[12000], c[256];
	char *envp[8];
	int n = 0;

	memset(r, 0, sizeof(*r));
	arena_reset(arena);
	r->arena = arena;
	snprintf(m, sizeof(m), "REQUEST_METHOD=%s", method);
	snprintf(u, sizeof(u), "REQUEST_URI=%s", uri);
	envp[n++] = m;
	envp[n++] = u;
	if (ctype) {
		snprintf(c, sizeof(c), "CONTENT_TYPE=%s", ctype);
		envp[n++] = c;
	}
	envp[n++] = "HTTP_COOKIE=a=1; pt_session=tok.en.x;  b = 2";
	envp[n] = NULL;
	return req_parse(r, envp, body, len);
}

static void
test_query_and_path(void **state)
{
	struct req r;

	assert_int_equal(parse(&r, "GET", "/comp%61nies?q=caf%C3%A9+bar&x=1&x=2&empty=&flag", NULL, NULL, 0), 0);
	assert_string_equal(r.path, "/companies");
	assert_string_equal(req_query(&r, "q"), "café bar");
	assert_string_equal(req_query(&r, "x"), "1");
	assert_string_equal(req_query(&r, "empty"), "");
	assert_string_equal(req_query(&r, "flag"), "");
	assert_string_equal(req_cookie(&r, "a"), "1");
	assert_string_equal(req_cookie(&r, "pt_session"), "tok.en.x");
	assert_false(r.is_api);
	assert_int_equal(parse(&r, "GET", "/api/v1/x", NULL, NULL, 0), 0);
	assert_true(r.is_api);
}

static void
test_refusals(void **state)
{
	struct req r;
	static char longpath[11000];

	assert_int_equal(parse(&r, "GET", "/a%zz", NULL, NULL, 0), 400);
	assert_int_equal(parse(&r, "GET", "/a%2", NULL, NULL, 0), 400);
	assert_int_equal(parse(&r, "GET", "/a%00b", NULL, NULL, 0), 400);
	assert_int_equal(parse(&r, "GET", "/x?q=%00", NULL, NULL, 0), 400);
	assert_int_equal(parse(&r, "GET", "/x?q=%C3%28", NULL, NULL, 0), 400);  /* invalid UTF-8 */
	assert_int_equal(parse(&r, "GET", "/x?q=%ED%A0%80", NULL, NULL, 0), 400); /* a surrogate */
	assert_int_equal(parse(&r, "GET", "/x?q=%C0%AF", NULL, NULL, 0), 400); /* overlong */
	assert_int_equal(parse(&r, "BREW", "/x", NULL, NULL, 0), 405);
	assert_int_equal(parse(&r, "GET", "relative", NULL, NULL, 0), 400);
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	assert_int_equal(parse(&r, "GET", longpath, NULL, NULL, 0), 414);
	assert_int_equal(parse(&r, "POST", "/x", NULL, "a=1", 3), 415);
	assert_int_equal(parse(&r, "POST", "/x", "text/plain", "a=1", 3), 415);
}

static void
test_form_body(void **state)
{
	struct req r;
	const char *body = "email=a%40b.c&password=p+w%26d&csrf_token=t";

	assert_int_equal(parse(&r, "POST", "/login", "application/x-www-form-urlencoded", body, strlen(body)), 0);
	assert_string_equal(req_form(&r, "email"), "a@b.c");
	assert_string_equal(req_form(&r, "password"), "p w&d");
	assert_int_equal(parse(&r, "POST", "/login", "application/x-www-form-urlencoded", "a=%FF", 5), 400);
}

static void
test_json_body(void **state)
{
	struct req r;
	const char *ok = "{\"email\":\"x@y.z\",\"n\":5,\"b\":true,\"o\":{\"k\":1}}";

	assert_int_equal(parse(&r, "POST", "/api/v1/x", "application/json", ok, strlen(ok)), 0);
	assert_string_equal(req_form(&r, "email"), "x@y.z");
	assert_string_equal(req_form(&r, "n"), "5");
	assert_null(req_form(&r, "o"));
	assert_int_equal(parse(&r, "POST", "/api/v1/x", "application/json", "{\"a\":", 5), 400);
	assert_int_equal(parse(&r, "POST", "/api/v1/x", "application/json", "{} x", 4), 400);
	assert_int_equal(parse(&r, "POST", "/api/v1/x", "application/json; charset=utf-8", "[1]", 3), 0);
}

static void
test_multipart(void **state)
{
	struct req r;
	const char *body = "--XyZ\r\n"
	                   "Content-Disposition: form-data; name=\"speaker\"\r\n\r\n"
	                   "Ada\r\n"
	                   "--XyZ\r\n"
	                   "Content-Disposition: form-data; name=\"file\"; filename=\"a.vtt\"\r\n"
	                   "Content-Type: text/vtt\r\n\r\n"
	                   "WEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\nhi\r\n"
	                   "--XyZ--\r\n";

	assert_int_equal(parse(&r, "POST", "/u", "multipart/form-data; boundary=XyZ", body, strlen(body)), 0);
	assert_string_equal(req_form(&r, "speaker"), "Ada");
	assert_string_equal(r.upload.filename, "a.vtt");
	assert_int_equal(r.upload.len, strlen("WEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\nhi"));
	assert_int_equal(parse(&r, "POST", "/u", "multipart/form-data; boundary=XyZ", "--XyZ\r\nbroken", 14), 400);
	assert_int_equal(parse(&r, "POST", "/u", "multipart/form-data", body, strlen(body)), 400);
}

static void
test_uuid(void **state)
{
	assert_true(req_is_uuid("0f8fad5b-d9cb-469f-a165-70867728950e"));
	assert_true(req_is_uuid("0F8FAD5B-D9CB-469F-A165-70867728950E"));
	assert_false(req_is_uuid("0f8fad5b-d9cb-469f-a165-70867728950"));
	assert_false(req_is_uuid("0f8fad5b_d9cb-469f-a165-70867728950e"));
	assert_false(req_is_uuid("' OR 1=1 --"));
	assert_false(req_is_uuid(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_and_path), cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_form_body),      cmocka_unit_test(test_json_body),
		cmocka_unit_test(test_multipart),      cmocka_unit_test(test_uuid),
	};
	int rc;

	arena = arena_new(4096);
	rc = cmocka_run_group_tests_name("req", tests, NULL, NULL);
	arena_free(arena);
	return rc;
}
