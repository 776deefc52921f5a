/* router_test.c: table-driven tests of route matching against the real route table
 * (app/routes.c): method and path to row, captures, 404 and 405 with Allow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/router.h"

static struct req *
new_req(void)
{
	static struct req r;
	static struct arena *a;

	if (!a)
		a = arena_new(4096);
	arena_reset(a);
	memset(&r, 0, sizeof(r));
	r.arena = a;
	return &r;
}

static void
test_matches(void **state)
{
	static const struct {
		int method;
		const char *path;
		const char *pattern; /* NULL: no match */
		int allow;           /* expected allow mask on no match */
	} cases[] = {
		{M_GET, "/healthz", "/healthz", 0},
		{M_HEAD, "/healthz", "/healthz", 0},
		{M_GET, "/login", "/login", 0},
		{M_POST, "/login", "/login", 0},
		{M_POST, "/healthz", NULL, M_GET | M_HEAD},
		{M_DELETE, "/login", NULL, M_GET | M_HEAD | M_POST},
		{M_GET, "/no-such-thing", NULL, 0},
		{M_GET, "/healthz/", NULL, 0},
		{M_GET, "/loginx", NULL, 0},
		{M_GET, "", NULL, 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct req *r = new_req();
		int allow = -1;
		const struct route *rt = router_match(r, cases[i].method, cases[i].path, &allow);

		if (cases[i].pattern) {
			assert_non_null(rt);
			assert_string_equal(rt->pattern, cases[i].pattern);
		} else {
			assert_null(rt);
			assert_int_equal(allow, cases[i].allow);
		}
	}
}

static void
test_captures(void **state)
{
	struct req *r = new_req();
	int allow;
	const struct route *found = NULL;

	/* find any row with a capture and check it is extracted */
	for (int i = 0; i < nroutes && !found; i++) {
		const char *colon = strchr(routes[i].pattern, ':');
		char path[512], name[64];
		size_t n;

		if (!colon || routes[i].method != M_GET)
			continue;
		n = strcspn(colon + 1, "/");
		snprintf(name, sizeof(name), "%.*s", (int)n, colon + 1);
		snprintf(path, sizeof(path), "%.*s%s%s", (int)(colon - routes[i].pattern), routes[i].pattern,
		         "abc-123", colon + 1 + n);
		/* further captures in the pattern are filled with the same value */
		for (char *c; (c = strchr(path, ':')) != NULL;) {
			size_t m = strcspn(c + 1, "/");
			memmove(c + 7, c + 1 + m, strlen(c + 1 + m) + 1);
			memcpy(c, "abc-123", 7);
		}
		found = router_match(r, M_GET, path, &allow);
		assert_non_null(found);
		assert_string_equal(req_param(r, name), "abc-123");
	}
	if (!found)
		skip();
}

static void
test_allow_header(void **state)
{
	struct arena *a = arena_new(1024);

	assert_string_equal(router_allow_header(a, M_GET | M_HEAD | M_POST), "GET, HEAD, POST");
	assert_string_equal(router_allow_header(a, 0), "");
	arena_free(a);
}

static void
test_table_is_sane(void **state)
{
	/* every row has a handler, a leading slash and a unique method + pattern */
	for (int i = 0; i < nroutes; i++) {
		assert_non_null(routes[i].handler);
		assert_true(routes[i].pattern[0] == '/');
		for (int j = i + 1; j < nroutes; j++)
			assert_false(routes[i].method == routes[j].method &&
			             strcmp(routes[i].pattern, routes[j].pattern) == 0);
		if (strncmp(routes[i].pattern, "/admin", 6) == 0 || strncmp(routes[i].pattern, "/api/v1/admin", 13) == 0)
			assert_int_equal(routes[i].auth, AUTH_ADMIN);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches),
		cmocka_unit_test(test_captures),
		cmocka_unit_test(test_allow_header),
		cmocka_unit_test(test_table_is_sane),
	};

	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
