/* buf.h: a growable byte buffer, the one output type of the program.
 * Response bodies, rendered templates and logs are written into a buf; it only
 * allocates when it grows, so a reused buf costs nothing once warm. */
#ifndef PREPTALK_BUF_H
#define PREPTALK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;    /* NUL-terminated when len < cap (always, after any append) */
	size_t len;
	size_t cap;
	size_t limit;  /* 0: unlimited; else appends past it set overflow and are dropped */
	int overflow;  /* set when an append was refused by limit */
	unsigned long grows; /* number of reallocations, for allocation-count benchmarks */
};

/* Initialises an empty buffer with an optional size limit (0 = none). */
void buf_init(struct buf *b, size_t limit);
/* Frees the storage and makes the buffer empty again. */
void buf_free(struct buf *b);
/* Empties the buffer, keeping its storage for reuse. */
void buf_reset(struct buf *b);
/* Makes room for n more bytes. Aborts on out-of-memory. Returns 0, or -1 when limit forbids it. */
int buf_reserve(struct buf *b, size_t n);
/* Appends n bytes. Returns 0, or -1 when the limit was reached (nothing appended). */
int buf_append(struct buf *b, const void *p, size_t n);
/* Appends a NUL-terminated string. */
int buf_puts(struct buf *b, const char *s);
/* Appends one byte. */
int buf_putc(struct buf *b, char c);
/* Appends printf-formatted text. */
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
