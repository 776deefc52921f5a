/* tmpl.h: a compiled, spec-conformant Mustache engine over json-c data.
 * Templates are compiled once into immutable instruction lists held by a
 * registry; rendering does no parsing and allocates nothing but output. */
#ifndef PREPTALK_TMPL_H
#define PREPTALK_TMPL_H

#include <stddef.h>

#include "core/buf.h"

struct json_object;

/* Sections (and blocks/parents) nest at most this deep inside one template. */
#define TMPL_MAX_DEPTH 32
/* Partials, parents and blocks nest at most this deep while rendering. */
#define TMPL_MAX_RECURSION 64

struct tmpl_registry; /* opaque: every compiled template by name */

struct tmpl_error {
	char name[256]; /* template name */
	int line, col;  /* 1-based position of the offending tag */
	char msg[256];  /* what went wrong and what was expected */
};

/* Returns an empty registry (caller frees with tmpl_registry_free). Aborts on OOM. */
struct tmpl_registry *tmpl_registry_new(void);
/* Frees the registry and every template in it. NULL is allowed. */
void tmpl_registry_free(struct tmpl_registry *reg);
/* Compiles src (len bytes) under name, replacing a template of that name.
 * Returns 0, or -1 with err filled (name, line, column, message). */
int tmpl_registry_add(struct tmpl_registry *reg, const char *name, const char *src, size_t len,
		      struct tmpl_error *err);
/* Loads every *.mustache under dir recursively; name = relative path without
 * ".mustache". Returns 0, or -1 with err filled (I/O errors have line 0). */
int tmpl_registry_load_dir(struct tmpl_registry *reg, const char *dir, struct tmpl_error *err);
/* Resolves static partial and parent names. strict=1: an unknown name is an
 * error (reported at the tag); strict=0: it renders as empty (spec behaviour).
 * Returns 0 or -1 with err filled. Call again after adding templates. */
int tmpl_registry_link(struct tmpl_registry *reg, int strict, struct tmpl_error *err);
/* Returns 1 when a template of that name is registered, else 0. */
int tmpl_exists(const struct tmpl_registry *reg, const char *name);
/* Renders name with data, appending to out. Returns 0, or -1 for an unknown
 * name, recursion past TMPL_MAX_RECURSION, or output refused by out's limit.
 * Allocates nothing except by growing out. */
int tmpl_render(const struct tmpl_registry *reg, const char *name, struct json_object *data,
		struct buf *out);

#endif
