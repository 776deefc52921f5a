/* tmpl_compile.c: Mustache source -> instruction list. Three passes: tokenize
 * (delimiters, section matching, errors), mark standalone tags, then emit
 * instructions with every whitespace rule of the spec already applied. */
#include "view/tmpl_int.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

enum tk { TK_VAR, TK_RAW, TK_SEC, TK_INV, TK_CLOSE, TK_COMMENT, TK_PARTIAL, TK_DELIM, TK_PARENT, TK_BLOCK };

#define MAX_DELIM 32

struct tok {
	int kind;
	size_t start, end;   /* the tag, delimiters included */
	size_t nstart, nlen; /* trimmed content after the sigil */
	int match;           /* close: index of its opener; opener: index of its close */
	int sa_before;       /* standalone: drop [lstart, start) */
	int sa_after;        /* standalone: drop [end, anext) (or [end, aeol) if keepnl) */
	int keepnl;
	size_t lstart, aeol, anext;
};

struct comp {
	const char *name;
	const char *src;
	size_t len;
	struct tmpl_error *err;
	struct tok *tok;
	size_t ntok, captok;
	struct tmpl_ins *ins;
	size_t nins, capins;
	struct buf pool;
	int pending_bol;
};

static void
linecol(const char *s, size_t off, int *line, int *col)
{
	size_t i, ls = 0;
	int l = 1;

	for (i = 0; i < off; i++)
		if (s[i] == '\n') {
			l++;
			ls = i + 1;
		}
	*line = l;
	*col = (int)(off - ls) + 1;
}

static int __attribute__((format(printf, 3, 4)))
fail(struct comp *c, size_t off, const char *fmt, ...)
{
	va_list ap;

	if (!c->err)
		return -1;
	snprintf(c->err->name, sizeof(c->err->name), "%s", c->name);
	linecol(c->src, off, &c->err->line, &c->err->col);
	va_start(ap, fmt);
	vsnprintf(c->err->msg, sizeof(c->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static int
is_ws(char ch)
{
	return ch == ' ' || ch == '\t';
}

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

static struct tok *
tok_new(struct comp *c)
{
	if (c->ntok == c->captok) {
		c->captok = c->captok ? c->captok * 2 : 64;
		c->tok = realloc(c->tok, c->captok * sizeof(*c->tok));
		if (!c->tok)
			abort();
	}
	memset(&c->tok[c->ntok], 0, sizeof(*c->tok));
	return &c->tok[c->ntok++];
}

static int
is_opener(int kind)
{
	return kind == TK_SEC || kind == TK_INV || kind == TK_PARENT || kind == TK_BLOCK;
}

static const char *
sigil(int kind)
{
	switch (kind) {
	case TK_SEC: return "#";
	case TK_INV: return "^";
	case TK_PARENT: return "<";
	case TK_BLOCK: return "$";
	default: return "";
	}
}

/* Parses "{{=<% %>=}}" content [a, b) into the new delimiters. */
static int
set_delims(struct comp *c, size_t tagpos, size_t a, size_t b, const char **ot, size_t *ol, const char **ct,
	   size_t *cl)
{
	const char *s = c->src;
	size_t o1, o2, c1, c2;

	while (a < b && is_space(s[a]))
		a++;
	while (b > a && is_space(s[b - 1]))
		b--;
	o1 = a;
	while (a < b && !is_space(s[a]))
		a++;
	o2 = a;
	while (a < b && is_space(s[a]))
		a++;
	c1 = a;
	while (a < b && !is_space(s[a]))
		a++;
	c2 = a;
	if (o2 == o1 || c2 == c1 || c2 != b || o2 - o1 > MAX_DELIM || c2 - c1 > MAX_DELIM ||
	    memchr(s + o1, '=', o2 - o1) || memchr(s + c1, '=', c2 - c1))
		return fail(c, tagpos, "bad delimiter change: expected two delimiters without '=' or spaces, as in {{=<%% %%>=}}");
	*ot = s + o1;
	*ol = o2 - o1;
	*ct = s + c1;
	*cl = c2 - c1;
	return 0;
}

static int
tokenize(struct comp *c)
{
	const char *s = c->src, *ot = "{{", *ct = "}}", *p;
	size_t len = c->len, ol = 2, cl = 2, pos = 0, tstart, q, a, b, closelen;
	char close[MAX_DELIM + 2];
	int stack[TMPL_MAX_DEPTH + 1], depth = 0, kind;
	struct tok *t;

	while (pos < len) {
		p = memmem(s + pos, len - pos, ot, ol);
		if (!p)
			break;
		tstart = (size_t)(p - s);
		q = tstart + ol;
		kind = TK_VAR;
		close[0] = '\0';
		closelen = 0;
		if (q < len) {
			switch (s[q]) {
			case '#': kind = TK_SEC; break;
			case '^': kind = TK_INV; break;
			case '/': kind = TK_CLOSE; break;
			case '!': kind = TK_COMMENT; break;
			case '>': kind = TK_PARTIAL; break;
			case '=': kind = TK_DELIM; close[closelen++] = '='; break;
			case '<': kind = TK_PARENT; break;
			case '$': kind = TK_BLOCK; break;
			case '&': kind = TK_RAW; break;
			case '{': kind = TK_RAW; close[closelen++] = '}'; break;
			}
		}
		if (kind != TK_VAR)
			q++;
		memcpy(close + closelen, ct, cl);
		closelen += cl;
		p = q <= len ? memmem(s + q, len - q, close, closelen) : NULL;
		if (!p)
			return fail(c, tstart, "unclosed tag: expected '%.*s'", (int)closelen, close);
		t = tok_new(c);
		t->kind = kind;
		t->start = tstart;
		t->end = (size_t)(p - s) + closelen;
		t->match = -1;
		pos = t->end;
		a = q;
		b = (size_t)(p - s);
		if (kind == TK_DELIM) {
			if (set_delims(c, t->start, a, b, &ot, &ol, &ct, &cl) != 0)
				return -1;
			continue;
		}
		if (kind == TK_COMMENT)
			continue;
		while (a < b && is_space(s[a]))
			a++;
		while (b > a && is_space(s[b - 1]))
			b--;
		t->nstart = a;
		t->nlen = b - a;
		if (a == b)
			return fail(c, t->start, "empty tag: expected a name");
		if ((kind == TK_PARTIAL || kind == TK_PARENT) && s[a] == '*') {
			a++;
			while (a < b && is_space(s[a]))
				a++;
			if (a == b)
				return fail(c, t->start, "empty dynamic name: expected a name after '*'");
		}
		for (; a < b; a++)
			if (is_space(s[a]))
				return fail(c, t->start, "space inside tag name '%.*s': expected one name",
					    (int)t->nlen, s + t->nstart);
		if (is_opener(kind)) {
			if (depth == TMPL_MAX_DEPTH)
				return fail(c, t->start, "sections nested deeper than %d", TMPL_MAX_DEPTH);
			stack[depth++] = (int)(c->ntok - 1);
		} else if (kind == TK_CLOSE) {
			struct tok *o;

			if (depth == 0)
				return fail(c, t->start, "unexpected {{/%.*s}}: no section is open", (int)t->nlen,
					    s + t->nstart);
			o = &c->tok[stack[depth - 1]];
			if (o->nlen != t->nlen || memcmp(s + o->nstart, s + t->nstart, t->nlen) != 0)
				return fail(c, t->start, "mismatched {{/%.*s}}: expected {{/%.*s}}", (int)t->nlen,
					    s + t->nstart, (int)o->nlen, s + o->nstart);
			t->match = stack[--depth];
			o->match = (int)(c->ntok - 1);
		}
	}
	if (depth > 0) {
		struct tok *o = &c->tok[stack[depth - 1]];

		return fail(c, o->start, "unclosed section {{%s%.*s}}: expected {{/%.*s}}", sigil(o->kind),
			    (int)o->nlen, s + o->nstart, (int)o->nlen, s + o->nstart);
	}
	return 0;
}

static int
ws_before(const struct comp *c, size_t start, size_t *ls)
{
	size_t p = start;

	while (p > 0 && is_ws(c->src[p - 1]))
		p--;
	*ls = p;
	return p == 0 || c->src[p - 1] == '\n';
}

static int
ws_after(const struct comp *c, size_t end, size_t *eol, size_t *next)
{
	size_t p = end;

	while (p < c->len && is_ws(c->src[p]))
		p++;
	*eol = p;
	if (p == c->len) {
		*next = p;
		return 1;
	}
	if (c->src[p] == '\n') {
		*next = p + 1;
		return 1;
	}
	if (c->src[p] == '\r' && p + 1 < c->len && c->src[p + 1] == '\n') {
		*next = p + 2;
		return 1;
	}
	return 0;
}

static int
can_standalone(int kind)
{
	return kind != TK_VAR && kind != TK_RAW;
}

/* Inheritance tags pair up on one line: {{<p}}{{/p}}, {{<p}}{{$b}}, {{/b}}{{/p}}, {{$b}}{{/b}}. */
static int
pairable(const struct comp *c, size_t i, size_t j)
{
	const struct tok *x = &c->tok[i], *y = &c->tok[j];
	int yk = y->kind == TK_CLOSE ? c->tok[y->match].kind : -1;

	if (x->end != y->start)
		return 0;
	if (x->kind == TK_PARENT && y->kind == TK_CLOSE && y->match == (int)i)
		return 1;
	if (x->kind == TK_PARENT && y->kind == TK_BLOCK)
		return 1;
	if (x->kind == TK_CLOSE && c->tok[x->match].kind == TK_BLOCK && yk == TK_PARENT)
		return 1;
	if (x->kind == TK_BLOCK && y->kind == TK_CLOSE && y->match == (int)i)
		return 2;
	return 0;
}

static void
mark_standalone(struct comp *c)
{
	size_t i, ls, eol, nx;
	int pr;

	for (i = 0; i < c->ntok; i++) {
		struct tok *t = &c->tok[i];

		if (!can_standalone(t->kind) || t->sa_after || !ws_before(c, t->start, &ls))
			continue;
		if (ws_after(c, t->end, &eol, &nx)) {
			t->sa_before = t->sa_after = 1;
			t->lstart = ls;
			t->aeol = eol;
			t->anext = nx;
			continue;
		}
		if (i + 1 < c->ntok && (pr = pairable(c, i, i + 1)) != 0 &&
		    ws_after(c, c->tok[i + 1].end, &eol, &nx)) {
			t->sa_before = 1;
			t->lstart = ls;
			t[1].sa_after = 1;
			t[1].aeol = eol;
			t[1].anext = nx;
			t[1].keepnl = pr == 2;
			i++;
		}
	}
}

static struct tmpl_ins *
ins_new(struct comp *c, int op, size_t tokstart)
{
	struct tmpl_ins *in;

	if (c->nins == c->capins) {
		c->capins = c->capins ? c->capins * 2 : 32;
		c->ins = realloc(c->ins, c->capins * sizeof(*c->ins));
		if (!c->ins)
			abort();
	}
	in = &c->ins[c->nins++];
	memset(in, 0, sizeof(*in));
	in->op = (unsigned char)op;
	linecol(c->src, tokstart, &in->line, &in->col);
	return in;
}

static size_t
pool_add(struct comp *c, const char *s, size_t n)
{
	size_t off = c->pool.len;

	buf_append(&c->pool, s, n);
	buf_putc(&c->pool, '\0');
	return off;
}

/* Hashes key as json-c's object tables do, so rendering skips hashing. */
static unsigned long
name_hash(const char *key, unsigned long (**hfn)(const void *))
{
	struct json_object *o = json_object_new_object();
	struct lh_table *tb = json_object_get_object(o);
	unsigned long h = lh_get_hash(tb, key);

	*hfn = tb->hash_fn;
	json_object_put(o);
	return h;
}

static int
parse_name(struct comp *c, const struct tok *t, size_t a, size_t b, struct tmpl_name *nm)
{
	const char *s = c->src;
	size_t i, p;
	int n = 1, k = 0;

	nm->n = 0;
	nm->parts = NULL;
	if (b - a == 1 && s[a] == '.')
		return 0;
	for (i = a; i < b; i++)
		if (s[i] == '.')
			n++;
	nm->parts = calloc((size_t)n, sizeof(char *));
	if (!nm->parts)
		abort();
	nm->hash = calloc((size_t)n, sizeof(unsigned long));
	if (!nm->hash)
		abort();
	nm->n = n;
	for (p = a, i = a; i <= b; i++) {
		if (i < b && s[i] != '.')
			continue;
		if (i == p)
			return fail(c, t->start, "bad name '%.*s': expected name parts between dots",
				    (int)(b - a), s + a);
		nm->parts[k] = strndup(s + p, i - p);
		if (!nm->parts[k])
			abort();
		nm->hash[k] = name_hash(nm->parts[k], &nm->hfn);
		k++;
		p = i + 1;
	}
	return 0;
}

/* Leading blanks on the lines of [a, b) (blank lines ignored): the margin a standalone block removes. */
static size_t
margin_of(const struct comp *c, size_t a, size_t b)
{
	size_t m = SIZE_MAX, p = a, w;

	while (p < b) {
		w = 0;
		while (p + w < b && is_ws(c->src[p + w]))
			w++;
		if (p + w < b && c->src[p + w] != '\n' && c->src[p + w] != '\r' && w < m)
			m = w;
		while (p < b && c->src[p] != '\n')
			p++;
		p++;
	}
	return m == SIZE_MAX ? 0 : m;
}

static void
emit_text(struct comp *c, size_t a, size_t b, size_t margin)
{
	const char *s = c->src;
	size_t off = c->pool.len, k, n;
	struct tmpl_ins *in;

	while (a < b) {
		if (margin && (a == 0 || s[a - 1] == '\n'))
			for (k = 0; k < margin && a < b && is_ws(s[a]); k++)
				a++;
		n = 0;
		while (a + n < b && s[a + n] != '\n')
			n++;
		if (a + n < b)
			n++;
		buf_append(&c->pool, s + a, n);
		a += n;
	}
	n = c->pool.len - off;
	if (n == 0)
		return;
	buf_putc(&c->pool, '\0');
	in = ins_new(c, OP_TEXT, 0);
	in->line = in->col = 0;
	in->soff = off;
	in->n = n;
	in->bol = (unsigned char)c->pending_bol;
	c->pending_bol = c->pool.data[off + n - 1] == '\n';
}

/* Indentation [ls, start) of a standalone tag, less the margin its enclosing block removed. */
static void
set_indent(struct comp *c, struct tmpl_ins *in, size_t ls, size_t start, size_t margin)
{
	size_t k;

	for (k = 0; k < margin && ls < start; k++)
		ls++;
	in->indoff = pool_add(c, c->src + ls, start - ls);
	in->nind = start - ls;
}

static int
emit(struct comp *c)
{
	struct {
		size_t ins;
		int op;
		size_t margin;
	} st[TMPL_MAX_DEPTH + 1];
	int depth = 0;
	size_t i, prev = 0, margin = 0, to;
	const char *s = c->src;

	c->pending_bol = 1;
	for (i = 0; i < c->ntok; i++) {
		struct tok *t = &c->tok[i];
		struct tmpl_ins *in = NULL;
		int in_parent = depth > 0 && st[depth - 1].op == OP_PARENT;
		size_t a = t->nstart, b = t->nstart + t->nlen;

		to = t->sa_before ? t->lstart : t->start;
		if (!in_parent && prev < to)
			emit_text(c, prev, to, margin);
		else if (prev < to) /* text inside a parent is ignored, but lines still end */
			c->pending_bol = s[to - 1] == '\n';
		switch (t->kind) {
		case TK_VAR:
		case TK_RAW:
			in = ins_new(c, t->kind == TK_VAR ? OP_VAR : OP_RAW, t->start);
			if (parse_name(c, t, a, b, &in->nm) != 0)
				return -1;
			break;
		case TK_SEC:
		case TK_INV:
			in = ins_new(c, t->kind == TK_SEC ? OP_SECTION : OP_INVERTED, t->start);
			if (parse_name(c, t, a, b, &in->nm) != 0)
				return -1;
			break;
		case TK_PARTIAL:
		case TK_PARENT:
			in = ins_new(c, t->kind == TK_PARTIAL ? OP_PARTIAL : OP_PARENT, t->start);
			if (s[a] == '*') {
				a++;
				while (is_space(s[a]))
					a++;
				in->dyn = 1;
				if (parse_name(c, t, a, b, &in->nm) != 0)
					return -1;
			}
			in->soff = pool_add(c, s + a, b - a);
			in->n = b - a;
			if (t->sa_before) {
				in->sa = 1;
				set_indent(c, in, t->lstart, t->start, margin);
			}
			break;
		case TK_BLOCK:
			in = ins_new(c, OP_BLOCK, t->start);
			in->soff = pool_add(c, s + a, b - a);
			in->n = b - a;
			break;
		default:
			break;
		}
		if (in) {
			if (t->sa_before || t->sa_after) {
				in->bol = 0;
			} else {
				in->bol = (unsigned char)c->pending_bol;
				c->pending_bol = 0;
			}
		}
		if (in && t->kind == TK_BLOCK) {
			size_t m = margin;

			if (t->sa_before || t->sa_after) {
				const struct tok *e = &c->tok[t->match];
				size_t ba = t->sa_after ? t->anext : t->end;
				size_t bb = e->sa_before ? e->lstart : e->start;
				size_t raw = ba < bb ? margin_of(c, ba, bb) : 0;

				in->sa = 1;
				if (raw > margin) {
					size_t ls = ba;

					/* the first non-blank line gives the margin's bytes */
					while (ls < bb) {
						size_t w = 0;

						while (ls + w < bb && is_ws(s[ls + w]))
							w++;
						if (ls + w < bb && s[ls + w] != '\n' && s[ls + w] != '\r')
							break;
						while (ls < bb && s[ls] != '\n')
							ls++;
						ls++;
					}
					in->indoff = pool_add(c, s + ls + margin, raw - margin);
					in->nind = raw - margin;
					m = raw;
				} else if (t->sa_before) {
					set_indent(c, in, t->lstart, t->start, margin);
				} else {
					in->indoff = pool_add(c, "", 0);
				}
			}
			st[depth].margin = m;
			margin = m;
		} else if (in && (in->op == OP_SECTION || in->op == OP_INVERTED || in->op == OP_PARENT)) {
			st[depth].margin = margin;
		}
		if (in && t->match >= 0 && t->kind != TK_CLOSE) {
			st[depth].ins = c->nins - 1;
			st[depth].op = in->op;
			depth++;
		}
		if (t->kind == TK_CLOSE) {
			assert(depth > 0); /* the parser matched every close to an open */
			depth--;
			c->ins[st[depth].ins].end = (unsigned int)c->nins;
			margin = depth > 0 ? st[depth - 1].margin : 0;
			if (st[depth].op == OP_BLOCK && t->sa_before) /* text resumes at a line start */
				c->pending_bol = 1;
		}
		if (t->keepnl)
			c->pending_bol = 0;
		if (t->sa_after)
			prev = t->keepnl ? t->aeol : t->anext;
		else
			prev = t->end;
	}
	if (prev < c->len)
		emit_text(c, prev, c->len, margin);
	return 0;
}

static void
free_ins(struct tmpl_ins *ins, size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < ins[i].nm.n; k++)
			free(ins[i].nm.parts[k]);
		free(ins[i].nm.parts);
		free(ins[i].nm.hash);
	}
	free(ins);
}

void
tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	free_ins(t->ins, t->nins);
	free(t->pool);
	free(t->name);
	free(t);
}

struct tmpl *
tmpl_compile(const char *name, const char *src, size_t len, struct tmpl_error *err)
{
	struct comp c;
	struct tmpl *t = NULL;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.name = name;
	c.src = src ? src : "";
	c.len = src ? len : 0;
	c.err = err;
	buf_init(&c.pool, 0);
	buf_putc(&c.pool, '\0'); /* offset 0 is "" */
	if (tokenize(&c) != 0)
		goto out;
	mark_standalone(&c);
	if (emit(&c) != 0)
		goto out;
	t = calloc(1, sizeof(*t));
	if (!t || !(t->name = strdup(name)))
		abort();
	t->pool = c.pool.data;
	c.pool.data = NULL;
	for (i = 0; i < c.nins; i++) {
		c.ins[i].s = t->pool + c.ins[i].soff;
		c.ins[i].ind = t->pool + c.ins[i].indoff;
	}
	t->ins = c.ins;
	t->nins = c.nins;
	c.ins = NULL;
	c.nins = 0;
out:
	free_ins(c.ins, c.nins);
	free(c.tok);
	buf_free(&c.pool);
	return t;
}
