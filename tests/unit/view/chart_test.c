/* chart_test.c: the inline SVG charts (view/chart.c): geometry from the numbers, the text
 * alternative lists every value, labels are escaped, empty input draws nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <json-c/json.h>
#include <string.h>

#include "view/chart.h"

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void
line_chart_points_and_desc(void **state)
{
	struct chart_point pts[] = {{"Jan", 0}, {"Feb", 50}, {"Mar", 100}};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(chart_line(&b, "score", "Score over time", pts, 3, 100), 0);
	assert_non_null(strstr(b.data, "<svg class=\"chart\" viewBox=\"0 0 600 240\""));
	assert_non_null(strstr(b.data, "aria-labelledby=\"score-t score-d\""));
	assert_non_null(strstr(b.data, "<title id=\"score-t\">Score over time</title>"));
	assert_non_null(strstr(b.data, "<desc id=\"score-d\">Jan: 0; Feb: 50; Mar: 100.</desc>"));
	/* plot area x 36..584, y 16..204: 0 at the bottom, 100 at the top, 50 in the middle */
	assert_non_null(strstr(b.data, "points=\"36.0,204.0 310.0,110.0 584.0,16.0\""));
	assert_int_equal(count(b.data, "<circle"), 3);
	assert_int_equal(count(b.data, "<svg"), 1);
	assert_int_equal(count(b.data, "</svg>"), 1);
	buf_free(&b);
}

static void
values_are_clamped_and_rounded(void **state)
{
	struct chart_point pts[] = {{"a", -20}, {"b", 172.46}};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(chart_line(&b, "c", "t", pts, 2, 100), 0);
	assert_non_null(strstr(b.data, "a: -20; b: 172.5."));               /* the text keeps the numbers */
	assert_non_null(strstr(b.data, "points=\"36.0,204.0 584.0,16.0\"")); /* the marks stay inside */
	buf_free(&b);
}

static void
labels_are_escaped(void **state)
{
	struct chart_point pts[] = {{"<script>alert(1)</script>", 10}, {"A & \"B\"", 20}};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(chart_bars(&b, "x\"><script>", "<b>title</b>", pts, 2, 0, " words"), 0);
	assert_null(strstr(b.data, "<script>"));
	assert_null(strstr(b.data, "<b>"));
	assert_non_null(strstr(b.data, "&lt;script&gt;alert(1)&lt;/script&gt;: 10 words; A &amp; &quot;B&quot;: 20 words."));
	assert_non_null(strstr(b.data, "&lt;b&gt;title&lt;/b&gt;"));
	assert_non_null(strstr(b.data, "id=\"x&quot;&gt;&lt;script&gt;-t\""));
	buf_free(&b);
}

static void
bars_scale_to_the_largest_value(void **state)
{
	struct chart_point pts[] = {{"Q1", 2}, {"Q2", 4}, {"Q3", 0}};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(chart_bars(&b, "f", "Fillers", pts, 3, 0, ""), 0);
	/* bar area is 360 wide: 4 is the full width, 2 half of it, 0 nothing */
	assert_non_null(strstr(b.data, "width=\"180.0\" height=\"20\" rx=\"3\" fill=\"#1f5fbf\""));
	assert_non_null(strstr(b.data, "width=\"360.0\" height=\"20\" rx=\"3\" fill=\"#1f5fbf\""));
	assert_non_null(strstr(b.data, "width=\"0.0\" height=\"20\" rx=\"3\" fill=\"#1f5fbf\""));
	assert_non_null(strstr(b.data, "viewBox=\"0 0 600 98\""));
	buf_free(&b);
}

static void
empty_input_draws_nothing(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(chart_line(&b, "e", "t", NULL, 0, 100), 0);
	assert_int_equal(chart_bars(&b, "e", "t", NULL, 0, 0, ""), 0);
	assert_int_equal((int)b.len, 0);
	buf_free(&b);
}

static void
points_from_json(void **state)
{
	struct json_object *arr = json_tokener_parse(
		"[{\"label\": \"a\", \"score\": 71.5}, {\"label\": \"b\", \"score\": null}, {\"label\": 3, \"score\": 40},"
		" \"junk\", {\"score\": 5}]");
	struct chart_point pts[4];
	size_t n;

	(void)state;
	n = chart_points_from_json(arr, "label", "score", pts, 4);
	assert_int_equal((int)n, 3);
	assert_string_equal(pts[0].label, "a");
	assert_true(pts[0].value > 71.49 && pts[0].value < 71.51);
	assert_string_equal(pts[1].label, "3");
	assert_string_equal(pts[2].label, "");
	assert_int_equal((int)chart_points_from_json(arr, "label", "score", pts, 1), 1);
	assert_int_equal((int)chart_points_from_json(NULL, "label", "score", pts, 4), 0);
	json_object_put(arr);
}

static void
limit_is_reported(void **state)
{
	struct chart_point pts[] = {{"a", 1}, {"b", 2}};
	struct buf b;

	(void)state;
	buf_init(&b, 64);
	assert_int_equal(chart_line(&b, "l", "a long enough title to overflow", pts, 2, 100), -1);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(line_chart_points_and_desc), cmocka_unit_test(values_are_clamped_and_rounded),
		cmocka_unit_test(labels_are_escaped),         cmocka_unit_test(bars_scale_to_the_largest_value),
		cmocka_unit_test(empty_input_draws_nothing),  cmocka_unit_test(points_from_json),
		cmocka_unit_test(limit_is_reported),
	};

	return cmocka_run_group_tests_name("chart", tests, NULL, NULL);
}
