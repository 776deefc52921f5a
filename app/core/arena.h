/* arena.h: the per-request arena. Everything a request allocates comes from here and
 * is released at once by arena_reset() when the request ends; foreign objects
 * (PGresult, json_object, jwt_t) are handed over with arena_defer(). */
#ifndef PREPTALK_ARENA_H
#define PREPTALK_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* Creates an arena whose first block holds block_size bytes. (caller frees with arena_free) */
struct arena *arena_new(size_t block_size);
/* Runs the deferred destructors, then frees every block. */
void arena_free(struct arena *a);
/* Runs deferred destructors (last registered first) and empties the arena, keeping its
 * first block so the next request allocates nothing. */
void arena_reset(struct arena *a);
/* Returns n bytes aligned for any type. Aborts on out-of-memory, never returns NULL. (arena) */
void *arena_alloc(struct arena *a, size_t n);
/* Like arena_alloc, zeroed. (arena) */
void *arena_zalloc(struct arena *a, size_t n);
/* Copies s (NULL gives NULL). (arena) */
char *arena_strdup(struct arena *a, const char *s);
/* Copies n bytes of s and terminates the copy. (arena) */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into the arena. (arena) */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Registers fn(ptr) to run at the next reset or free. */
void arena_defer(struct arena *a, void (*fn)(void *), void *ptr);
/* Bytes handed out since the last reset (for metrics and tests). */
size_t arena_used(const struct arena *a);

#endif
