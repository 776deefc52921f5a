/* arena.c: bump allocator with deferred destructors (see arena.h).
 * With -DARENA_SAN=1 every allocation is its own malloc so AddressSanitizer
 * sees overruns; the interface and the lifetime rules stay the same. */
#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16

struct block {
	struct block *next;
	size_t size, used;
	_Alignas(ALIGN) unsigned char data[];
};

struct defer {
	struct defer *next;
	void (*fn)(void *);
	void *ptr;
};

struct arena {
	struct block *head;   /* current block; the first block is kept across resets */
	struct block *first;
	struct defer *defers;
	size_t block_size;
	size_t used;
#if ARENA_SAN
	void **allocs;
	size_t nallocs, capallocs;
#endif
};

static struct block *
block_new(size_t size)
{
	struct block *b = malloc(sizeof(*b) + size);

	if (!b)
		abort();
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *
arena_new(size_t block_size)
{
	struct arena *a = calloc(1, sizeof(*a));

	if (!a)
		abort();
	a->block_size = block_size ? block_size : 64 * 1024;
	a->first = a->head = block_new(a->block_size);
	return a;
}

static void
run_defers(struct arena *a)
{
	while (a->defers) {
		struct defer *d = a->defers;

		a->defers = d->next;
		d->fn(d->ptr);
#if ARENA_SAN
		free(d);
#endif
	}
}

void
arena_reset(struct arena *a)
{
	struct block *b, *next;

	run_defers(a);
#if ARENA_SAN
	for (size_t i = 0; i < a->nallocs; i++)
		free(a->allocs[i]);
	a->nallocs = 0;
#endif
	for (b = a->head; b && b != a->first; b = next) {
		next = b->next;
		free(b);
	}
	a->head = a->first;
	a->first->used = 0;
	a->used = 0;
}

void
arena_free(struct arena *a)
{
	if (!a)
		return;
	arena_reset(a);
#if ARENA_SAN
	free(a->allocs);
#endif
	free(a->first);
	free(a);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	void *p;

	if (n == 0)
		n = 1;
	a->used += n;
#if ARENA_SAN
	if (a->nallocs == a->capallocs) {
		a->capallocs = a->capallocs ? a->capallocs * 2 : 64;
		a->allocs = realloc(a->allocs, a->capallocs * sizeof(void *));
		if (!a->allocs)
			abort();
	}
	p = malloc(n);
	if (!p)
		abort();
	a->allocs[a->nallocs++] = p;
	return p;
#else
	size_t off = (a->head->used + (ALIGN - 1)) & ~(size_t)(ALIGN - 1);

	if (n > SIZE_MAX - ALIGN)
		abort();
	if (off + n > a->head->size) {
		size_t size = n > a->block_size / 4 ? n : a->block_size;
		struct block *b = block_new(size);

		b->next = a->head;
		a->head = b;
		off = 0;
	}
	p = a->head->data + off;
	a->head->used = off + n;
	return p;
#endif
}

void *
arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);

	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_defer(struct arena *a, void (*fn)(void *), void *ptr)
{
#if ARENA_SAN
	struct defer *d = malloc(sizeof(*d));

	if (!d)
		abort();
#else
	struct defer *d = arena_alloc(a, sizeof(*d));
#endif
	d->fn = fn;
	d->ptr = ptr;
	d->next = a->defers;
	a->defers = d;
}

size_t
arena_used(const struct arena *a)
{
	return a->used;
}
