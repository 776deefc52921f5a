/* tmpl_test.c: engine behaviour beyond the spec: compile errors with position,
 * nesting and recursion bounds, big lists, UTF-8, escaping, registry loading,
 * output cap and the `render` command. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "view/render_cmd.h"
#include "view/tmpl.h"

/* Compiles src as "t" (plus partial p when given), links leniently, renders with JSON data. */
static int
render_str(const char *src, const char *pname, const char *psrc, const char *json, struct buf *out)
{
	struct tmpl_registry *reg = tmpl_registry_new();
	struct json_object *data = json ? json_tokener_parse(json) : NULL;
	struct tmpl_error err;
	int rc;

	if (pname)
		assert_int_equal(tmpl_registry_add(reg, pname, psrc, strlen(psrc), &err), 0);
	assert_int_equal(tmpl_registry_add(reg, "t", src, strlen(src), &err), 0);
	assert_int_equal(tmpl_registry_link(reg, 0, &err), 0);
	rc = tmpl_render(reg, "t", data, out);
	json_object_put(data);
	tmpl_registry_free(reg);
	return rc;
}

static void
expect(const char *src, const char *json, const char *want)
{
	struct buf out;

	buf_init(&out, 0);
	assert_int_equal(render_str(src, NULL, NULL, json, &out), 0);
	assert_string_equal(out.data ? out.data : "", want);
	buf_free(&out);
}

struct err_row {
	const char *src;
	int line, col;
	const char *msg; /* a substring of the message */
};

static const struct err_row err_rows[] = {
	{ "a\n  {{#x}}\nb", 2, 3, "expected {{/x}}" },
	{ "{{^inv}}", 1, 1, "expected {{/inv}}" },
	{ "{{<lay}}{{$b}}", 1, 9, "expected {{/b}}" },
	{ "{{#a}}\n\t{{/b}}", 2, 2, "expected {{/a}}" },
	{ "x{{/a}}", 1, 2, "no section is open" },
	{ "ab\n{{x", 2, 1, "expected '}}'" },
	{ "{{{x}}", 1, 1, "expected '}}}'" },
	{ "{{=<% %>}}", 1, 1, "expected '=}}'" },
	{ "line\n {{= a =}}", 2, 2, "bad delimiter" },
	{ "{{=<% %> x=}}", 1, 1, "bad delimiter" },
	{ "{{=<%=%> %>=}}", 1, 1, "bad delimiter" },
	{ "{{=<% %>=}}\n<%a", 2, 1, "expected '%>'" },
	{ "{{}}", 1, 1, "empty tag" },
	{ "{{#  }}", 1, 1, "empty tag" },
	{ "12345{{a b}}", 1, 6, "space inside tag name" },
	{ "{{a..b}}", 1, 1, "bad name" },
	{ "{{.a}}", 1, 1, "bad name" },
	{ "{{>*}}", 1, 1, "empty dynamic name" },
};

static void
test_compile_errors(void **state)
{
	struct tmpl_registry *reg = tmpl_registry_new();
	struct tmpl_error err;
	size_t i;

	for (i = 0; i < sizeof(err_rows) / sizeof(err_rows[0]); i++) {
		const struct err_row *r = &err_rows[i];

		memset(&err, 0, sizeof(err));
		assert_int_equal(tmpl_registry_add(reg, "pages/broken", r->src, strlen(r->src), &err), -1);
		assert_string_equal(err.name, "pages/broken");
		if (err.line != r->line || err.col != r->col || !strstr(err.msg, r->msg))
			fail_msg("row %zu [%s]: got %d:%d: %s", i, r->src, err.line, err.col, err.msg);
	}
	assert_int_equal(tmpl_exists(reg, "pages/broken"), 0);
	tmpl_registry_free(reg);
}

static void
test_unknown_partial_strict(void **state)
{
	struct tmpl_registry *reg = tmpl_registry_new();
	struct tmpl_error err;
	const char *src = "line one\n  {{>nope}}\n";
	const char *par = "{{<missing/layout}}{{/missing/layout}}";

	assert_int_equal(tmpl_registry_add(reg, "a", src, strlen(src), &err), 0);
	assert_int_equal(tmpl_registry_link(reg, 1, &err), -1);
	assert_string_equal(err.name, "a");
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 3);
	assert_non_null(strstr(err.msg, "unknown partial 'nope'"));
	assert_int_equal(tmpl_registry_add(reg, "nope", "x", 1, &err), 0);
	assert_int_equal(tmpl_registry_link(reg, 1, &err), 0);
	assert_int_equal(tmpl_registry_add(reg, "b", par, strlen(par), &err), 0);
	assert_int_equal(tmpl_registry_link(reg, 1, &err), -1);
	assert_string_equal(err.name, "b");
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 1);
	assert_non_null(strstr(err.msg, "missing/layout"));
	/* lenient linking renders the unknown names as empty */
	assert_int_equal(tmpl_registry_link(reg, 0, &err), 0);
	tmpl_registry_free(reg);
}

static char *
nested(int depth)
{
	struct buf b;
	int i;

	buf_init(&b, 0);
	for (i = 0; i < depth; i++)
		buf_printf(&b, "{{#s%d}}", i);
	buf_puts(&b, "deep");
	for (i = depth - 1; i >= 0; i--)
		buf_printf(&b, "{{/s%d}}", i);
	return b.data;
}

static void
test_nesting_bound(void **state)
{
	struct tmpl_registry *reg = tmpl_registry_new();
	struct tmpl_error err;
	struct json_object *data = json_object_new_object();
	char *ok = nested(TMPL_MAX_DEPTH), *bad = nested(TMPL_MAX_DEPTH + 1);
	struct buf out;
	int i;
	char key[16];

	for (i = 0; i <= TMPL_MAX_DEPTH; i++) {
		snprintf(key, sizeof(key), "s%d", i);
		json_object_object_add(data, key, json_object_new_boolean(1));
	}
	assert_int_equal(tmpl_registry_add(reg, "ok", ok, strlen(ok), &err), 0);
	assert_int_equal(tmpl_registry_add(reg, "bad", bad, strlen(bad), &err), -1);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 1 + 7 * 10 + 8 * (TMPL_MAX_DEPTH - 10)); /* the 33rd {{#sN}} */
	assert_non_null(strstr(err.msg, "deeper than 32"));
	buf_init(&out, 0);
	assert_int_equal(tmpl_render(reg, "ok", data, &out), 0);
	assert_string_equal(out.data, "deep");
	buf_free(&out);
	free(ok);
	free(bad);
	json_object_put(data);
	tmpl_registry_free(reg);
}

static void
test_self_partial(void **state)
{
	struct buf out;

	/* unbounded by data: the recursion bound stops it, with an error and no crash */
	buf_init(&out, 0);
	assert_int_equal(render_str("{{>p}}", "p", "x{{>p}}", "{}", &out), -1);
	assert_int_equal(out.len, TMPL_MAX_RECURSION);
	buf_free(&out);
	/* a parent extending itself, and a dynamic partial naming itself */
	buf_init(&out, 0);
	assert_int_equal(render_str("{{<p}}{{/p}}", "p", "{{<p}}{{$b}}y{{/b}}{{/p}}", "{}", &out), -1);
	buf_free(&out);
	buf_init(&out, 0);
	assert_int_equal(render_str("{{>*n}}", "p", "z{{>*n}}", "{\"n\":\"p\"}", &out), -1);
	buf_free(&out);
	/* bounded by data: a tree renders */
	buf_init(&out, 0);
	assert_int_equal(render_str("{{>p}}", "p", "({{#kids}}{{>p}}{{/kids}})",
				    "{\"kids\":[{\"kids\":[{\"kids\":[]}]},{\"kids\":[]}]}", &out),
			 0);
	assert_string_equal(out.data, "((())())");
	buf_free(&out);
}

static void
test_big_list(void **state)
{
	struct tmpl_registry *reg = tmpl_registry_new();
	struct tmpl_error err;
	struct json_object *data = json_object_new_object(), *list = json_object_new_array();
	const char *src = "{{#items}}<li>{{n}}:{{name}}</li>{{/items}}{{^items}}none{{/items}}";
	struct buf out, want;
	int i;
	char name[32];

	buf_init(&want, 0);
	for (i = 0; i < 100000; i++) {
		struct json_object *o = json_object_new_object();

		snprintf(name, sizeof(name), "item<%d>", i);
		json_object_object_add(o, "n", json_object_new_int(i));
		json_object_object_add(o, "name", json_object_new_string(name));
		json_object_array_add(list, o);
		buf_printf(&want, "<li>%d:item&lt;%d&gt;</li>", i, i);
	}
	json_object_object_add(data, "items", list);
	assert_int_equal(tmpl_registry_add(reg, "list", src, strlen(src), &err), 0);
	buf_init(&out, 0);
	assert_int_equal(tmpl_render(reg, "list", data, &out), 0);
	assert_int_equal(out.len, want.len);
	assert_memory_equal(out.data, want.data, want.len);
	buf_free(&out);
	buf_free(&want);
	json_object_put(data);
	tmpl_registry_free(reg);
}

static void
test_utf8(void **state)
{
	expect("h\xc3\xa9llo {{x}} \xe6\x97\xa5\xe6\x9c\xac {{{y}}}|",
	       "{\"x\":\"\xc3\xbcmlaut \xe2\x86\x92 \xe2\x9c\x93\",\"y\":\"\xf0\x9f\x98\x80\"}",
	       "h\xc3\xa9llo \xc3\xbcmlaut \xe2\x86\x92 \xe2\x9c\x93 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80|");
	/* a JSON escape decodes to UTF-8 and passes through */
	expect("{{x}}", "{\"x\":\"caf\\u00e9\"}", "caf\xc3\xa9");
}

static void
test_escaping(void **state)
{
	expect("{{x}}", "{\"x\":\"&\"}", "&amp;");
	expect("{{x}}", "{\"x\":\"<\"}", "&lt;");
	expect("{{x}}", "{\"x\":\">\"}", "&gt;");
	expect("{{x}}", "{\"x\":\"\\\"\"}", "&quot;");
	expect("{{x}}", "{\"x\":\"'\"}", "&#39;");
	expect("{{x}}", "{\"x\":\"<a href='/?a=1&b=2'>\\\"hi\\\"</a>\"}",
	       "&lt;a href=&#39;/?a=1&amp;b=2&#39;&gt;&quot;hi&quot;&lt;/a&gt;");
	expect("{{{x}}}|{{&x}}", "{\"x\":\"<b>&'\\\"\"}", "<b>&'\"|<b>&'\"");
	expect("{{x}}", "{\"x\":\"{{y}}\",\"y\":\"no\"}", "{{y}}");
}

static void
test_values(void **state)
{
	expect("{{a}} {{b}} {{c}} {{d}} {{e}} [{{f}}] {{g}}",
	       "{\"a\":1.21,\"b\":-42,\"c\":9007199254740993,\"d\":true,\"e\":false,\"f\":null,\"g\":1e3}",
	       "1.21 -42 9007199254740993 true false [] 1e3");
	expect("{{#z}}zero{{/z}}{{#s}}[{{.}}]{{/s}}{{^e}}empty{{/e}}",
	       "{\"z\":0,\"s\":\"str\",\"e\":[]}", "zero[str]empty");
	expect("{{a.b.c}}|{{a.x.c}}|{{#a}}{{b.c}}{{/a}}", "{\"a\":{\"b\":{\"c\":\"deep\"}}}", "deep||deep");
}

static void
test_layout(void **state)
{
	struct tmpl_registry *reg = tmpl_registry_new();
	struct tmpl_error err;
	struct json_object *data = json_tokener_parse("{\"title\":\"T&C\",\"name\":\"Ann\",\"part\":\"p/x\"}");
	const char *lay = "<html>\n<title>{{$title}}PrepTalk{{/title}}</title>\n<body>\n  {{$content}}\n  {{/content}}\n</body>\n";
	const char *page = "{{<layouts/main}}\n{{$title}}{{title}}{{/title}}\n{{$content}}\n<p>Hi {{name}}</p>\n{{>*part}}\n{{/content}}\n{{/layouts/main}}\n";
	struct buf out;

	assert_int_equal(tmpl_registry_add(reg, "layouts/main", lay, strlen(lay), &err), 0);
	assert_int_equal(tmpl_registry_add(reg, "pages/home", page, strlen(page), &err), 0);
	assert_int_equal(tmpl_registry_add(reg, "p/x", "<i>{{name}}</i>\n", 16, &err), 0);
	assert_int_equal(tmpl_registry_link(reg, 1, &err), 0);
	assert_int_equal(tmpl_exists(reg, "pages/home"), 1);
	assert_int_equal(tmpl_exists(reg, "pages/none"), 0);
	buf_init(&out, 0);
	assert_int_equal(tmpl_render(reg, "pages/home", data, &out), 0);
	assert_string_equal(out.data, "<html>\n<title>T&amp;C</title>\n<body>\n  <p>Hi Ann</p>\n  <i>Ann</i>\n</body>\n");
	buf_reset(&out);
	assert_int_equal(tmpl_render(reg, "pages/none", data, &out), -1);
	buf_free(&out);
	json_object_put(data);
	tmpl_registry_free(reg);
}

static void
test_output_cap(void **state)
{
	struct buf out;

	buf_init(&out, 10);
	assert_int_equal(render_str("{{#l}}{{x}}{{/l}}", NULL, NULL, "{\"l\":[1,2,3,4,5,6],\"x\":\"<<\"}", &out), -1);
	assert_true(out.overflow);
	assert_true(out.len <= 10);
	buf_free(&out);
	buf_init(&out, 10);
	assert_int_equal(render_str("0123456789", NULL, NULL, "{}", &out), 0);
	buf_free(&out);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Runs render_main with stdout sent to a file; returns its status, output in *got. */
static int
run_render(char **argv, const char *outpath, char *got, size_t gotsz)
{
	int saved, fd, rc;
	FILE *f;
	size_t n;

	fflush(stdout);
	saved = dup(1);
	fd = fileno(fopen(outpath, "w"));
	dup2(fd, 1);
	close(fd);
	rc = render_main(4, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	f = fopen(outpath, "r");
	n = fread(got, 1, gotsz - 1, f);
	got[n] = '\0';
	fclose(f);
	return rc;
}

static void
test_load_dir_and_command(void **state)
{
	char dir[] = "/tmp/tmpl_test_XXXXXX", path[512], json[512], outp[512], got[256];
	char *argv[4];
	struct tmpl_registry *reg = tmpl_registry_new();
	struct tmpl_error err;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/layouts", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/layouts/main.mustache", dir);
	write_file(path, "[{{$body}}{{/body}}]");
	snprintf(path, sizeof(path), "%s/home.mustache", dir);
	write_file(path, "{{<layouts/main}}{{$body}}hi {{who}}{{/body}}{{/layouts/main}}\n");
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	write_file(path, "{{#not a template");
	snprintf(json, sizeof(json), "%s/data.json", dir);
	write_file(json, "{\"who\":\"<you>\"}");
	snprintf(outp, sizeof(outp), "%s/out", dir);

	assert_int_equal(tmpl_registry_load_dir(reg, dir, &err), 0);
	assert_int_equal(tmpl_exists(reg, "layouts/main"), 1);
	assert_int_equal(tmpl_exists(reg, "home"), 1);
	assert_int_equal(tmpl_exists(reg, "notes"), 0);
	tmpl_registry_free(reg);

	argv[0] = "render";
	argv[1] = dir;
	argv[2] = "home";
	argv[3] = json;
	assert_int_equal(run_render(argv, outp, got, sizeof(got)), 0);
	assert_string_equal(got, "[hi &lt;you&gt;]\n");
	argv[2] = "nothing";
	assert_int_equal(run_render(argv, outp, got, sizeof(got)), 1);
	assert_int_equal(render_main(2, argv), 2);
	snprintf(path, sizeof(path), "%s/bad.mustache", dir);
	write_file(path, "ok\n{{#open}}");
	argv[2] = "home";
	assert_int_equal(run_render(argv, outp, got, sizeof(got)), 1);
	unlink(path);
	snprintf(path, sizeof(path), "%s/layouts/main.mustache", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/layouts", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/home.mustache", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	unlink(path);
	unlink(json);
	unlink(outp);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_unknown_partial_strict),
		cmocka_unit_test(test_nesting_bound),
		cmocka_unit_test(test_self_partial),
		cmocka_unit_test(test_big_list),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_output_cap),
		cmocka_unit_test(test_load_dir_and_command),
	};

	return cmocka_run_group_tests_name("tmpl", tests, NULL, NULL);
}
