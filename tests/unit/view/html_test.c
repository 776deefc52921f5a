/* html_test.c: the html_* escaping table: text, attribute and URL-argument
 * contexts, byte for byte, plus the buffer limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "view/html.h"

struct row {
	int (*fn)(struct buf *, const char *, size_t);
	const char *in;
	const char *out;
};

static const struct row rows[] = {
	{ html_text, "", "" },
	{ html_text, "plain text", "plain text" },
	{ html_text, "&", "&amp;" },
	{ html_text, "<", "&lt;" },
	{ html_text, ">", "&gt;" },
	{ html_text, "\"", "&quot;" },
	{ html_text, "'", "&#39;" },
	{ html_text, "a<b>&\"c'd", "a&lt;b&gt;&amp;&quot;c&#39;d" },
	{ html_text, "`=/", "`=/" },
	{ html_text, "caf\xc3\xa9 \xe2\x9c\x93", "caf\xc3\xa9 \xe2\x9c\x93" },
	{ html_attr, "x\" onload='y'", "x&quot; onload&#61;&#39;y&#39;" },
	{ html_attr, "`<>&", "&#96;&lt;&gt;&amp;" },
	{ html_attr, "ok", "ok" },
	{ html_url_arg, "AZaz09-._~", "AZaz09-._~" },
	{ html_url_arg, "a b", "a%20b" },
	{ html_url_arg, "a/b?c=d&e#f", "a%2Fb%3Fc%3Dd%26e%23f" },
	{ html_url_arg, "100%+", "100%25%2B" },
	{ html_url_arg, "\xc3\xa9", "%C3%A9" },
	{ html_url_arg, "<'\">", "%3C%27%22%3E" },
	{ html_text, "0123456789abcde&<0123456789abcdef>\"", "0123456789abcde&amp;&lt;0123456789abcdef&gt;&quot;" },
	{ html_attr, "================", "&#61;&#61;&#61;&#61;&#61;&#61;&#61;&#61;&#61;&#61;&#61;&#61;&#61;&#61;&#61;&#61;" },
};

static void
test_table(void **state)
{
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		buf_init(&b, 0);
		assert_int_equal(rows[i].fn(&b, rows[i].in, strlen(rows[i].in)), 0);
		assert_int_equal(b.len, strlen(rows[i].out));
		assert_memory_equal(b.data ? b.data : "", rows[i].out, b.len);
		buf_free(&b);
	}
}

/* Byte-at-a-time reference for long inputs (the library scans 16 bytes at a time). */
static void
reference(struct buf *b, const char *s, size_t n, int attr)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		case '`': buf_puts(b, attr ? "&#96;" : "`"); break;
		case '=': buf_puts(b, attr ? "&#61;" : "="); break;
		default: buf_putc(b, s[i]); break;
		}
	}
}

static void
test_long_inputs(void **state)
{
	static const char alphabet[] = "abc &<>\"'`=xyz\xc3\xa9";
	char s[200];
	struct buf got, want;
	unsigned seed = 12345;
	size_t len, i;
	int attr;

	for (len = 0; len < sizeof(s); len++) {
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			/* mostly plain letters, so some 16-byte blocks have no special byte */
			s[i] = (seed >> 16) % 4 ? (char)('a' + (seed >> 8) % 26) : alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		for (attr = 0; attr < 2; attr++) {
			buf_init(&got, 0);
			buf_init(&want, 0);
			assert_int_equal((attr ? html_attr : html_text)(&got, s, len), 0);
			reference(&want, s, len, attr);
			assert_int_equal(got.len, want.len);
			assert_memory_equal(got.data ? got.data : "", want.data ? want.data : "", want.len);
			buf_free(&got);
			buf_free(&want);
		}
	}
}

static void
test_appends(void **state)
{
	struct buf b;

	buf_init(&b, 0);
	buf_puts(&b, "<p>");
	assert_int_equal(html_text(&b, "1 < 2", 5), 0);
	buf_puts(&b, "</p>");
	assert_string_equal(b.data, "<p>1 &lt; 2</p>");
	buf_free(&b);
}

static void
test_embedded_nul(void **state)
{
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(html_text(&b, "a\0<", 3), 0);
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.data, "a\0&lt;", 6);
	buf_reset(&b);
	assert_int_equal(html_url_arg(&b, "\0", 1), 0);
	assert_string_equal(b.data, "%00");
	buf_free(&b);
}

static void
test_limit(void **state)
{
	struct buf b;

	buf_init(&b, 8);
	assert_int_equal(html_text(&b, "<<<", 3), -1);
	assert_true(b.overflow);
	assert_true(b.len <= 8);
	buf_free(&b);
	buf_init(&b, 8);
	assert_int_equal(html_text(&b, "<a", 2), 0);
	assert_string_equal(b.data, "&lt;a");
	assert_int_equal(html_url_arg(&b, "   ", 3), -1);
	assert_true(b.overflow);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_long_inputs),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_limit),
	};

	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
