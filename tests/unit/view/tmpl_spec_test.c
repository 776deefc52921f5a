/* tmpl_spec_test.c: the official Mustache specification (shared/mustache-spec/NAME.json)
 * run through the engine, one cmocka test per spec case, one group per file.
 * ~lambdas is skipped: its data holds source code for other languages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "view/tmpl.h"

#ifndef SHARED_DIR
#define SHARED_DIR "../shared"
#endif

static const char *const spec_files[] = {
	"comments", "delimiters", "interpolation", "inverted", "partials", "sections",
	"~inheritance", "~dynamic-names",
};

static int passed;

static void
spec_case(void **state)
{
	struct json_object *tc = *state, *tmpl, *data = NULL, *partials = NULL, *expected;
	struct tmpl_registry *reg = tmpl_registry_new();
	struct tmpl_error err;
	struct buf out;

	assert_true(json_object_object_get_ex(tc, "template", &tmpl));
	assert_true(json_object_object_get_ex(tc, "expected", &expected));
	json_object_object_get_ex(tc, "data", &data);
	json_object_object_get_ex(tc, "partials", &partials);
	if (partials) {
		json_object_object_foreach(partials, pname, ptext) {
			if (tmpl_registry_add(reg, pname, json_object_get_string(ptext),
					      (size_t)json_object_get_string_len(ptext), &err) != 0)
				fail_msg("partial %s:%d:%d: %s", err.name, err.line, err.col, err.msg);
		}
	}
	if (tmpl_registry_add(reg, "(spec template)", json_object_get_string(tmpl),
			      (size_t)json_object_get_string_len(tmpl), &err) != 0)
		fail_msg("%s:%d:%d: %s", err.name, err.line, err.col, err.msg);
	assert_int_equal(tmpl_registry_link(reg, 0, &err), 0);
	buf_init(&out, 0);
	assert_int_equal(tmpl_render(reg, "(spec template)", data, &out), 0);
	if (out.len != (size_t)json_object_get_string_len(expected) ||
	    memcmp(out.data ? out.data : "", json_object_get_string(expected), out.len) != 0) {
		print_error("template: %s\nexpected: [%s]\n     got: [%s]\n", json_object_get_string(tmpl),
			    json_object_get_string(expected), out.data ? out.data : "");
		buf_free(&out);
		tmpl_registry_free(reg);
		fail();
	}
	buf_free(&out);
	tmpl_registry_free(reg);
	passed++;
}

int
main(void)
{
	const char *dir = getenv("SHARED_DIR");
	char path[4096];
	size_t f, i, n;
	int failed = 0;

	if (!dir || !*dir)
		dir = SHARED_DIR;
	for (f = 0; f < sizeof(spec_files) / sizeof(spec_files[0]); f++) {
		struct json_object *doc, *cases;
		struct CMUnitTest *tests;

		snprintf(path, sizeof(path), "%s/mustache-spec/%s.json", dir, spec_files[f]);
		doc = json_object_from_file(path);
		if (!doc || !json_object_object_get_ex(doc, "tests", &cases)) {
			fprintf(stderr, "%s: cannot load: %s\n", path, json_util_get_last_err());
			return 1;
		}
		n = json_object_array_length(cases);
		tests = calloc(n, sizeof(*tests));
		if (!tests)
			return 1;
		for (i = 0; i < n; i++) {
			struct json_object *tc = json_object_array_get_idx(cases, i), *name;

			json_object_object_get_ex(tc, "name", &name);
			tests[i].name = json_object_get_string(name);
			tests[i].test_func = spec_case;
			tests[i].initial_state = tc;
		}
		passed = 0;
		failed += _cmocka_run_group_tests(spec_files[f], tests, n, NULL, NULL);
		printf("%s: %d passed, %d failed, 0 skipped\n", spec_files[f], passed, (int)n - passed);
		free(tests);
		json_object_put(doc);
	}
	printf("~lambdas: 0 passed, 0 failed, skipped (needs code in other languages)\n");
	return failed ? 1 : 0;
}
