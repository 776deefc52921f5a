/* tmpl_int.h: the compiled form shared by tmpl_compile.c and tmpl.c.
 * A template is a flat instruction array; bodies are index ranges [i+1, end). */
#ifndef PREPTALK_TMPL_INT_H
#define PREPTALK_TMPL_INT_H

#include <stddef.h>

#include "view/tmpl.h"

enum tmpl_op {
	OP_TEXT,     /* s/n: literal bytes */
	OP_VAR,      /* nm: escaped interpolation */
	OP_RAW,      /* nm: raw interpolation */
	OP_SECTION,  /* nm, end */
	OP_INVERTED, /* nm, end */
	OP_PARTIAL,  /* s (static name) or nm (dyn), sa/ind */
	OP_PARENT,   /* like OP_PARTIAL, plus end: the direct OP_BLOCK children are arguments */
	OP_BLOCK,    /* s: block name, end, sa/ind: indentation added at expansion */
};

struct tmpl_name {
	int n;              /* 0: the implicit iterator "." */
	char **parts;       /* n NUL-terminated parts of a dotted name */
	unsigned long *hash; /* json-c's hash of each part, computed with hfn */
	unsigned long (*hfn)(const void *);
};

struct tmpl_ins {
	unsigned char op;
	unsigned char bol;  /* starts a line: indentation goes before it */
	unsigned char sa;   /* standalone partial/parent/block: push ind while rendering it */
	unsigned char dyn;  /* {{>*name}}: partial name looked up in the context */
	unsigned int end;   /* index past the body */
	const char *s;      /* text, or static partial/parent/block name (NUL-terminated) */
	size_t n;
	const char *ind;    /* indentation pushed for a standalone partial/parent/block */
	size_t nind;
	size_t soff, indoff; /* pool offsets while compiling */
	struct tmpl_name nm;
	const struct tmpl *target; /* linked static partial/parent, or NULL */
	int line, col;
};

struct tmpl {
	char *name;
	char *pool;          /* every string the instructions point into */
	struct tmpl_ins *ins;
	size_t nins;
};

/* Compiles src into a new template (caller frees with tmpl_free). NULL with err filled. */
struct tmpl *tmpl_compile(const char *name, const char *src, size_t len, struct tmpl_error *err);
/* Frees a compiled template. */
void tmpl_free(struct tmpl *t);

#endif
