/* tmpl.c: the template registry and the renderer (see tmpl.h).
 * Rendering walks instruction ranges with a fixed-size context stack on the C
 * stack; indentation and block overrides are linked lists of stack frames. */
#include "view/tmpl.h"

#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "view/html.h"
#include "view/tmpl_int.h"

#define CTX_MAX 1024

struct tmpl_registry {
	struct tmpl **v; /* sorted by name */
	size_t n, cap;
	int linked;
};

struct indent {
	const char *s;
	size_t n;
	const struct indent *up;
};

/* A parent being rendered: its OP_BLOCK children override blocks below it. */
struct frame {
	const struct tmpl *t;
	const struct tmpl_ins *parent;
	const struct frame *up;
};

struct rstate {
	const struct tmpl_registry *reg;
	struct buf *out;
	struct json_object *ctx[CTX_MAX];
	int nctx;
	int depth;
	int err;
};

/* buf_append without the call when the bytes fit and no limit applies. */
static inline void
put(struct buf *b, const char *s, size_t n)
{
	if (!b->limit && b->len + n < b->cap) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
		return;
	}
	buf_append(b, s, n);
}

struct tmpl_registry *
tmpl_registry_new(void)
{
	struct tmpl_registry *reg = calloc(1, sizeof(*reg));

	if (!reg)
		abort();
	return reg;
}

void
tmpl_registry_free(struct tmpl_registry *reg)
{
	size_t i;

	if (!reg)
		return;
	for (i = 0; i < reg->n; i++)
		tmpl_free(reg->v[i]);
	free(reg->v);
	free(reg);
}

/* Index of name, or -(insertion point) - 1. */
static long
reg_index(const struct tmpl_registry *reg, const char *name)
{
	size_t lo = 0, hi = reg->n, mid;
	int cmp;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = strcmp(reg->v[mid]->name, name);
		if (cmp == 0)
			return (long)mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -(long)lo - 1;
}

static const struct tmpl *
reg_find(const struct tmpl_registry *reg, const char *name)
{
	long i = reg_index(reg, name);

	return i >= 0 ? reg->v[i] : NULL;
}

int
tmpl_registry_add(struct tmpl_registry *reg, const char *name, const char *src, size_t len,
		  struct tmpl_error *err)
{
	struct tmpl *t = tmpl_compile(name, src, len, err);
	long i;
	size_t at;

	if (!t)
		return -1;
	reg->linked = 0; /* targets may point at a replaced template */
	i = reg_index(reg, name);
	if (i >= 0) {
		tmpl_free(reg->v[i]);
		reg->v[i] = t;
		return 0;
	}
	if (reg->n == reg->cap) {
		reg->cap = reg->cap ? reg->cap * 2 : 16;
		reg->v = realloc(reg->v, reg->cap * sizeof(*reg->v)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
		if (!reg->v)
			abort();
	}
	at = (size_t)(-i - 1);
	memmove(reg->v + at + 1, reg->v + at, (reg->n - at) * sizeof(*reg->v)); /* NOLINT(bugprone-sizeof-expression) */
	reg->v[at] = t;
	reg->n++;
	return 0;
}

static int
io_error(struct tmpl_error *err, const char *name, const char *what)
{
	if (err) {
		snprintf(err->name, sizeof(err->name), "%s", name);
		err->line = err->col = 0;
		snprintf(err->msg, sizeof(err->msg), "%s: %s", what, strerror(errno));
	}
	return -1;
}

static int
load_file(struct tmpl_registry *reg, const char *path, const char *name, struct tmpl_error *err)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[8192];
	size_t n;
	int rc;

	if (!f)
		return io_error(err, path, "cannot open");
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	if (ferror(f)) {
		fclose(f);
		buf_free(&b);
		return io_error(err, path, "cannot read");
	}
	fclose(f);
	rc = tmpl_registry_add(reg, name, b.data ? b.data : "", b.len, err);
	buf_free(&b);
	return rc;
}

static int
load_tree(struct tmpl_registry *reg, const char *dir, const char *prefix, struct tmpl_error *err, int level)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	char path[4096], name[4096];
	size_t n;
	int rc = 0;

	if (level > 16)
		return 0;
	d = opendir(dir);
	if (!d)
		return io_error(err, dir, "cannot open directory");
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path))
			continue;
		if (stat(path, &st) != 0)
			continue;
		if (snprintf(name, sizeof(name), "%s%s", prefix, e->d_name) >= (int)sizeof(name))
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (strlen(name) + 2 > sizeof(name))
				continue;
			strcat(name, "/");
			rc = load_tree(reg, path, name, err, level + 1);
			continue;
		}
		n = strlen(name);
		if (!S_ISREG(st.st_mode) || n <= 9 || strcmp(name + n - 9, ".mustache") != 0)
			continue;
		name[n - 9] = '\0';
		rc = load_file(reg, path, name, err);
	}
	closedir(d);
	return rc;
}

int
tmpl_registry_load_dir(struct tmpl_registry *reg, const char *dir, struct tmpl_error *err)
{
	return load_tree(reg, dir, "", err, 0);
}

int
tmpl_registry_link(struct tmpl_registry *reg, int strict, struct tmpl_error *err)
{
	size_t i, j;

	for (i = 0; i < reg->n; i++) {
		struct tmpl *t = reg->v[i];

		for (j = 0; j < t->nins; j++) {
			struct tmpl_ins *in = &t->ins[j];

			if ((in->op != OP_PARTIAL && in->op != OP_PARENT) || in->dyn)
				continue;
			in->target = reg_find(reg, in->s);
			if (!in->target && strict) {
				if (err) {
					snprintf(err->name, sizeof(err->name), "%s", t->name);
					err->line = in->line;
					err->col = in->col;
					snprintf(err->msg, sizeof(err->msg), "unknown %s '%s': expected a template of that name",
						 in->op == OP_PARTIAL ? "partial" : "parent", in->s);
				}
				return -1;
			}
		}
	}
	reg->linked = 1;
	return 0;
}

int
tmpl_exists(const struct tmpl_registry *reg, const char *name)
{
	return reg_find(reg, name) != NULL;
}

/* Member k of name nm in o: 1 and *v set (NULL for JSON null), or 0 when absent. */
static int
member(struct json_object *o, const struct tmpl_name *nm, int k, struct json_object **v)
{
	struct lh_table *tb;
	struct lh_entry *e;

	if (!json_object_is_type(o, json_type_object))
		return 0;
	tb = json_object_get_object(o);
	if (tb->hash_fn != nm->hfn)
		return json_object_object_get_ex(o, nm->parts[k], v);
	e = lh_table_lookup_entry_w_hash(tb, nm->parts[k], nm->hash[k]);
	if (!e)
		return 0;
	*v = (struct json_object *)lh_entry_v(e);
	return 1;
}

static struct json_object *
lookup(const struct rstate *r, const struct tmpl_name *nm)
{
	struct json_object *v = NULL;
	int i, k;

	if (nm->n == 0)
		return r->ctx[r->nctx - 1];
	for (i = r->nctx - 1; i >= 0; i--)
		if (member(r->ctx[i], nm, 0, &v))
			break;
	if (i < 0)
		return NULL;
	for (k = 1; k < nm->n; k++)
		if (!member(v, nm, k, &v))
			return NULL;
	return v;
}

static int
truthy(struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null: return 0;
	case json_type_boolean: return json_object_get_boolean(v);
	case json_type_array: return json_object_array_length(v) > 0;
	default: return 1;
	}
}

static void
put_value(struct rstate *r, struct json_object *v, int esc)
{
	const char *s;
	size_t n;
	char num[32];
	int64_t x;
	uint64_t u;
	int neg, k;

	switch (json_object_get_type(v)) {
	case json_type_null:
		return;
	case json_type_string:
		s = json_object_get_string(v);
		n = (size_t)json_object_get_string_len(v);
		break;
	case json_type_int:
		/* digits by hand: no printbuf is touched or allocated */
		x = json_object_get_int64(v);
		if (x == INT64_MAX) {
			s = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
			n = strlen(s);
			break;
		}
		neg = x < 0;
		u = neg ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
		k = (int)sizeof(num);
		do {
			num[--k] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (neg)
			num[--k] = '-';
		s = num + k;
		n = sizeof(num) - (size_t)k;
		break;
	default:
		s = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
		n = strlen(s);
		break;
	}
	if (esc)
		html_text(r->out, s, n);
	else
		put(r->out, s, n);
}

static void
put_indent(struct rstate *r, const struct indent *ind)
{
	if (!ind)
		return;
	put_indent(r, ind->up);
	if (ind->n)
		put(r->out, ind->s, ind->n);
}

static void
put_text(struct rstate *r, const char *s, size_t n, const struct indent *ind)
{
	const char *nl;
	size_t k;

	if (!ind) {
		put(r->out, s, n);
		return;
	}
	while (n) {
		nl = memchr(s, '\n', n);
		k = nl ? (size_t)(nl - s) + 1 : n;
		put(r->out, s, k);
		s += k;
		n -= k;
		if (n)
			put_indent(r, ind);
	}
}

static void render_range(struct rstate *r, const struct tmpl *t, size_t from, size_t to,
			 const struct indent *ind, const struct frame *chain);

static const struct tmpl *
resolve(const struct rstate *r, const struct tmpl_ins *in)
{
	struct json_object *v;

	if (in->dyn) {
		v = lookup(r, &in->nm);
		if (!json_object_is_type(v, json_type_string))
			return NULL;
		return reg_find(r->reg, json_object_get_string(v));
	}
	return r->reg->linked ? in->target : reg_find(r->reg, in->s);
}

static int
has_body(const struct tmpl_ins *in)
{
	return in->op == OP_SECTION || in->op == OP_INVERTED || in->op == OP_PARENT || in->op == OP_BLOCK;
}

/* The outermost parent argument named like block in, or NULL (then *bt is unchanged). */
static const struct tmpl_ins *
find_override(const struct frame *chain, const struct tmpl_ins *in, const struct tmpl **bt)
{
	const struct frame *f;
	const struct tmpl_ins *found = NULL;
	size_t j, k;

	for (f = chain; f; f = f->up) {
		const struct tmpl_ins *p = f->parent;
		const struct tmpl_ins *base = f->t->ins;

		j = (size_t)(p - base) + 1;
		while (j < p->end) {
			const struct tmpl_ins *c = &base[j];

			if (c->op == OP_BLOCK && c->n == in->n && memcmp(c->s, in->s, in->n) == 0) {
				found = c;
				*bt = f->t;
			}
			k = has_body(c) ? c->end : j + 1;
			j = k > j ? k : j + 1;
		}
	}
	return found;
}

static void
render_section(struct rstate *r, const struct tmpl *t, size_t i, const struct indent *ind,
	       const struct frame *chain)
{
	const struct tmpl_ins *in = &t->ins[i];
	struct json_object *v = lookup(r, &in->nm);
	size_t k, n;

	if (in->op == OP_INVERTED) {
		if (!truthy(v))
			render_range(r, t, i + 1, in->end, ind, chain);
		return;
	}
	if (!truthy(v))
		return;
	if (r->nctx == CTX_MAX) {
		r->err = 1;
		return;
	}
	if (json_object_is_type(v, json_type_array)) {
		n = json_object_array_length(v);
		for (k = 0; k < n && !r->err; k++) {
			r->ctx[r->nctx++] = json_object_array_get_idx(v, k);
			render_range(r, t, i + 1, in->end, ind, chain);
			r->nctx--;
		}
		return;
	}
	r->ctx[r->nctx++] = v;
	render_range(r, t, i + 1, in->end, ind, chain);
	r->nctx--;
}

static void
render_range(struct rstate *r, const struct tmpl *t, size_t from, size_t to, const struct indent *ind,
	     const struct frame *chain)
{
	const struct tmpl_ins *in, *ov;
	const struct tmpl *target;
	struct indent sub;
	struct frame f;
	size_t i = from;

	while (i < to && !r->err) {
		in = &t->ins[i];
		if (in->bol && ind)
			put_indent(r, ind);
		switch (in->op) {
		case OP_TEXT:
			put_text(r, in->s, in->n, ind);
			i++;
			continue;
		case OP_VAR:
		case OP_RAW:
			put_value(r, lookup(r, &in->nm), in->op == OP_VAR);
			i++;
			continue;
		case OP_SECTION:
		case OP_INVERTED:
			render_section(r, t, i, ind, chain);
			i = in->end;
			continue;
		default:
			break;
		}
		if (r->depth >= TMPL_MAX_RECURSION) {
			r->err = 1;
			return;
		}
		r->depth++;
		sub.s = in->ind;
		sub.n = in->nind;
		sub.up = ind;
		if (in->op == OP_PARTIAL || in->op == OP_PARENT) {
			target = resolve(r, in);
			f.t = t;
			f.parent = in;
			f.up = chain;
			if (target)
				render_range(r, target, 0, target->nins, in->sa ? &sub : NULL,
					     in->op == OP_PARENT ? &f : chain);
		} else { /* OP_BLOCK */
			target = t;
			ov = find_override(chain, in, &target);
			if (ov)
				render_range(r, target, (size_t)(ov - target->ins) + 1, ov->end, in->sa ? &sub : ind,
					     chain);
			else
				render_range(r, t, i + 1, in->end, in->sa ? &sub : ind, chain);
		}
		r->depth--;
		i = in->op == OP_PARTIAL ? i + 1 : in->end;
	}
}

int
tmpl_render(const struct tmpl_registry *reg, const char *name, struct json_object *data, struct buf *out)
{
	const struct tmpl *t = reg_find(reg, name);
	struct rstate r;

	if (!t)
		return -1;
	r.reg = reg;
	r.out = out;
	r.ctx[0] = data;
	r.nctx = 1;
	r.depth = 0;
	r.err = 0;
	render_range(&r, t, 0, t->nins, NULL, NULL);
	return r.err || out->overflow ? -1 : 0;
}
