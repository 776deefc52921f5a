/* tmpl_bench.c: renders shared/bench/insights-page with its JSON on one core for
 * ~3 s; prints renders/s, MB/s and heap allocations per render after warm-up
 * (counted by malloc/calloc/realloc wrappers over glibc's __libc_* functions). */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "view/tmpl.h"

#ifndef SHARED_DIR
#define SHARED_DIR "../shared"
#endif

#define EXPECTED_BYTES 34287

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);
void free(void *p);

static unsigned long nallocs;

void *
malloc(size_t n)
{
	nallocs++;
	return __libc_malloc(n);
}

void *
calloc(size_t n, size_t m)
{
	nallocs++;
	return __libc_calloc(n, m);
}

void *
realloc(void *p, size_t n)
{
	nallocs++;
	return __libc_realloc(p, n);
}

void
free(void *p)
{
	__libc_free(p);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(void)
{
	const char *dir = getenv("SHARED_DIR");
	char path[4096];
	struct tmpl_registry *reg = tmpl_registry_new();
	struct tmpl_error err;
	struct json_object *data;
	struct buf out;
	unsigned long renders = 0, before, grows;
	double t0, t1, bytes = 0;
	int i;

	if (!dir || !*dir)
		dir = SHARED_DIR;
	snprintf(path, sizeof(path), "%s/bench", dir);
	if (tmpl_registry_load_dir(reg, path, &err) != 0 || tmpl_registry_link(reg, 1, &err) != 0) {
		fprintf(stderr, "%s:%d:%d: %s\n", err.name, err.line, err.col, err.msg);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/bench/insights-page.json", dir);
	data = json_object_from_file(path);
	if (!data) {
		fprintf(stderr, "%s: %s\n", path, json_util_get_last_err());
		return 1;
	}
	buf_init(&out, 0);
	for (i = 0; i < 100; i++) { /* warm-up: the buffer grows, json-c caches number strings */
		buf_reset(&out);
		if (tmpl_render(reg, "insights-page", data, &out) != 0)
			return 1;
	}
	if (out.len != EXPECTED_BYTES) {
		fprintf(stderr, "tmpl: rendered %zu bytes, expected %d\n", out.len, EXPECTED_BYTES);
		return 1;
	}
	before = nallocs;
	grows = out.grows;
	t0 = now();
	do {
		for (i = 0; i < 1000; i++) {
			buf_reset(&out);
			tmpl_render(reg, "insights-page", data, &out);
			bytes += (double)out.len;
		}
		renders += 1000;
		t1 = now();
	} while (t1 - t0 < 3.0);
	printf("tmpl: %.0f renders/s, %.0f MB/s, %.3f allocations/render (%lu buffer grows)\n",
	       (double)renders / (t1 - t0), bytes / (t1 - t0) / 1e6,
	       (double)(nallocs - before) / (double)renders, out.grows - grows);
	buf_free(&out);
	json_object_put(data);
	tmpl_registry_free(reg);
	return 0;
}
