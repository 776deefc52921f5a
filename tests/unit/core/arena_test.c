/* arena_test.c: the per-request arena: alignment, large allocations, deferred destructors
 * run once per reset in reverse order, and reuse after reset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

static int order[8], norder;

static void
record(void *p)
{
	order[norder++] = (int)(intptr_t)p;
}

static void
test_alloc_and_reset(void **state)
{
	struct arena *a = arena_new(256);

	for (int i = 0; i < 1000; i++) {
		char *p = arena_alloc(a, (size_t)(i % 37) + 1);

		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 'x', (size_t)(i % 37) + 1);
	}
	char *big = arena_alloc(a, 1 << 20);
	memset(big, 1, 1 << 20);
	assert_string_equal(arena_printf(a, "%d-%s", 42, "x"), "42-x");
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_null(arena_strdup(a, NULL));
	assert_true(arena_used(a) > (1 << 20));
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	assert_non_null(arena_zalloc(a, 10));
	arena_free(a);
}

static void
test_defer_order(void **state)
{
	struct arena *a = arena_new(256);

	norder = 0;
	arena_defer(a, record, (void *)1);
	arena_defer(a, record, (void *)2);
	arena_defer(a, record, (void *)3);
	arena_reset(a);
	assert_int_equal(norder, 3);
	assert_int_equal(order[0], 3);
	assert_int_equal(order[2], 1);
	arena_reset(a);
	assert_int_equal(norder, 3); /* each destructor runs once */
	arena_free(a);
}

static void
test_buf(void **state)
{
	struct buf b;

	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "12345"), 0);
	assert_int_equal(buf_puts(&b, "6789"), -1); /* over the limit: refused whole */
	assert_true(b.overflow);
	assert_string_equal(b.data, "12345");
	buf_reset(&b);
	assert_int_equal(buf_printf(&b, "%d", 1234567), 0);
	assert_string_equal(b.data, "1234567");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_and_reset),
		cmocka_unit_test(test_defer_order),
		cmocka_unit_test(test_buf),
	};

	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
