/* text.c: tokeniser, word and stem dictionaries, and quote extraction.
 * One pass over the bytes; each distinct word is normalised (lexicon, synonym, stem) once,
 * so the cost per token is a hash lookup. */
#include "analysis/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/lexicon.h"
#include "analysis/stem.h"

#define WORD_MAX 48

static void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		fputs("analysis: out of memory\n", stderr);
		abort();
	}
	return q;
}

static uint32_t
hash_bytes(const char *w, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

static void
tab_init(struct text_tab *tab, uint32_t size)
{
	tab->slots = xrealloc(NULL, size * sizeof(uint32_t));
	memset(tab->slots, 0, size * sizeof(uint32_t));
	tab->mask = size - 1;
}

void
text_init(struct text *t)
{
	memset(t, 0, sizeof(*t));
	tab_init(&t->wtab, 1024);
	tab_init(&t->stab, 1024);
}

void
text_free(struct text *t)
{
	free(t->pool);
	free(t->words);
	free(t->wtab.slots);
	free(t->stem_off);
	free(t->stab.slots);
	memset(t, 0, sizeof(*t));
}

void
toks_free(struct text_toks *tt)
{
	free(tt->v);
	memset(tt, 0, sizeof(*tt));
}

static uint32_t
pool_add(struct text *t, const char *s, size_t n)
{
	uint32_t off;

	if (t->pool_len + n + 1 > t->pool_cap) {
		size_t cap = t->pool_cap ? t->pool_cap * 2 : 16384;
		while (cap < t->pool_len + n + 1)
			cap *= 2;
		t->pool = xrealloc(t->pool, cap);
		t->pool_cap = cap;
	}
	off = (uint32_t)t->pool_len;
	memcpy(t->pool + off, s, n);
	t->pool[off + n] = '\0';
	t->pool_len += n + 1;
	return off;
}

static int
pool_eq(const struct text *t, uint32_t off, const char *s, size_t n)
{
	return memcmp(t->pool + off, s, n) == 0 && t->pool[off + n] == '\0';
}

static uint32_t
stem_intern(struct text *t, const char *s, size_t n)
{
	uint32_t h = hash_bytes(s, n), i = h & t->stab.mask;

	for (;;) {
		uint32_t v = t->stab.slots[i];
		if (v == 0)
			break;
		if (pool_eq(t, t->stem_off[v - 1], s, n))
			return v - 1;
		i = (i + 1) & t->stab.mask;
	}
	if (t->nstems == t->stems_cap) {
		t->stems_cap = t->stems_cap ? t->stems_cap * 2 : 512;
		t->stem_off = xrealloc(t->stem_off, t->stems_cap * sizeof(uint32_t));
	}
	t->stem_off[t->nstems] = pool_add(t, s, n);
	t->stab.slots[i] = (uint32_t)++t->nstems;
	if (t->nstems * 2 > t->stab.mask) {
		uint32_t size = (t->stab.mask + 1) * 2;
		free(t->stab.slots);
		tab_init(&t->stab, size);
		for (size_t id = 0; id < t->nstems; id++) {
			const char *ss = t->pool + t->stem_off[id];
			uint32_t j = hash_bytes(ss, strlen(ss)) & t->stab.mask;
			while (t->stab.slots[j])
				j = (j + 1) & t->stab.mask;
			t->stab.slots[j] = (uint32_t)id + 1;
		}
	}
	return (uint32_t)t->nstems - 1;
}

static int
all_letters(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

static uint32_t
word_new(struct text *t, const char *w, size_t n, uint32_t h, uint16_t numflags)
{
	struct text_word *e;
	const char *canon = NULL;
	char base[WORD_MAX + 1];
	size_t bn = n;

	if (t->nwords == t->words_cap) {
		t->words_cap = t->words_cap ? t->words_cap * 2 : 1024;
		t->words = xrealloc(t->words, t->words_cap * sizeof(*t->words));
	}
	e = &t->words[t->nwords];
	e->off = pool_add(t, w, n);
	e->len = (uint32_t)n;
	e->hash = h;
	e->tk = numflags;
	e->lx = numflags ? 0 : lexicon_lookup(w, n, &canon);
	memcpy(base, w, n);
	if (bn > 3 && base[bn - 2] == '\'' && base[bn - 1] == 's')
		bn -= 2; /* possessive */
	else if (bn > 3 && base[bn - 1] == '\'' && base[bn - 2] == 's')
		bn -= 1;
	if (canon) {
		bn = strlen(canon);
		memcpy(base, canon, bn);
	}
	if (!numflags && bn > 2 && all_letters(base, bn)) {
		bn = stem_word(base, bn);
		if ((e->lx & LX_PAST) ||
		    (n >= 4 && w[n - 2] == 'e' && w[n - 1] == 'd' && !(e->lx & LX_NOTPAST) &&
		     all_letters(w, n)))
			e->tk |= TK_PAST;
	} else if (e->lx & LX_PAST) {
		e->tk |= TK_PAST;
	}
	e->stem = stem_intern(t, base, bn);
	return (uint32_t)t->nwords++;
}

static void
wtab_grow(struct text *t)
{
	uint32_t size = (t->wtab.mask + 1) * 2;

	free(t->wtab.slots);
	tab_init(&t->wtab, size);
	for (size_t id = 0; id < t->nwords; id++) {
		uint32_t j = t->words[id].hash & t->wtab.mask;
		while (t->wtab.slots[j])
			j = (j + 1) & t->wtab.mask;
		t->wtab.slots[j] = (uint32_t)id + 1;
	}
}

static uint32_t
word_intern(struct text *t, const char *w, size_t n, uint16_t numflags)
{
	uint32_t h = hash_bytes(w, n), i = h & t->wtab.mask, id;

	for (;;) {
		uint32_t v = t->wtab.slots[i];
		if (v == 0)
			break;
		const struct text_word *e = &t->words[v - 1];
		if (e->hash == h && e->len == n && memcmp(t->pool + e->off, w, n) == 0)
			return v - 1;
		i = (i + 1) & t->wtab.mask;
	}
	id = word_new(t, w, n, h, numflags);
	t->wtab.slots[i] = id + 1;
	if (t->nwords * 2 > t->wtab.mask)
		wtab_grow(t);
	return id;
}

uint32_t
text_word_id(const struct text *t, const char *w)
{
	size_t n = strlen(w);
	uint32_t h = hash_bytes(w, n), i = h & t->wtab.mask;

	for (;;) {
		uint32_t v = t->wtab.slots[i];
		if (v == 0)
			return UINT32_MAX;
		const struct text_word *e = &t->words[v - 1];
		if (e->hash == h && e->len == n && memcmp(t->pool + e->off, w, n) == 0)
			return v - 1;
		i = (i + 1) & t->wtab.mask;
	}
}

const char *
text_word_str(const struct text *t, uint32_t id)
{
	return id < t->nwords ? t->pool + t->words[id].off : "";
}

const char *
text_stem_str(const struct text *t, uint32_t id)
{
	return id < t->nstems ? t->pool + t->stem_off[id] : "";
}

size_t
text_nstems(const struct text *t)
{
	return t->nstems;
}

static int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* U+2018/2019 quotes, U+201C/201D, U+2013/2014 dashes, U+2026 ellipsis: E2 80 xx */
static int
utf8_punct(const unsigned char *p, size_t left)
{
	if (left >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
	    (p[2] == 0x98 || p[2] == 0x99 || p[2] == 0x9C || p[2] == 0x9D || p[2] == 0x93 ||
	     p[2] == 0x94 || p[2] == 0xA6))
		return p[2];
	return 0;
}

static int
is_wordch(const unsigned char *p, size_t left)
{
	return is_alpha(*p) || is_digit(*p) || (*p >= 0x80 && !utf8_punct(p, left));
}

static void
push_tok(struct text_toks *out, const struct text *t, uint32_t off, size_t len, uint32_t wid,
         uint16_t posflags)
{
	struct text_tok *k;

	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 256;
		out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
	}
	k = &out->v[out->n++];
	k->off = off;
	k->len = (uint16_t)(len > 65535 ? 65535 : len);
	k->word = wid;
	k->stem = t->words[wid].stem;
	k->lx = t->words[wid].lx;
	k->tk = (uint16_t)(t->words[wid].tk | posflags);
}

void
text_tokenize(struct text *t, const char *s, size_t len, struct text_toks *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	int sent_start = 1;

	while (i < len) {
		char w[WORD_MAX + 1];
		size_t wn = 0, start = i;
		uint16_t numflags = 0, pos = 0;
		int up;

		if (!is_wordch(p + i, len - i)) {
			int u = utf8_punct(p + i, len - i);
			if (p[i] == '.' || p[i] == '!' || p[i] == '?' || u == 0xA6)
				sent_start = 1;
			if (p[i] == '?' && out->n > 0)
				out->v[out->n - 1].tk |= TK_QMARK_AFTER;
			if (p[i] == ',' && out->n > 0 && !sent_start)
				out->v[out->n - 1].tk |= TK_COMMA_AFTER;
			i += u ? 3 : 1;
			continue;
		}
		if (is_digit(p[i])) {
			size_t digits = 0;
			int sep = 0;
			while (i < len && (is_digit(p[i]) || ((p[i] == '.' || p[i] == ',') && i + 1 < len &&
			                                      is_digit(p[i + 1]) && i > start))) {
				if (!is_digit(p[i]))
					sep = 1;
				if (wn < WORD_MAX)
					w[wn++] = (char)p[i];
				digits++;
				i++;
			}
			numflags = TK_NUMBER;
			if (!sep && digits == 4 && (w[0] == '1' || w[0] == '2') &&
			    (memcmp(w, "19", 2) == 0 || memcmp(w, "20", 2) == 0) &&
			    !(i < len && (is_alpha(p[i]) || p[i] == '%')))
				numflags |= TK_YEAR;
			while (i < len && (is_alpha(p[i]) || p[i] == '%')) {
				if (wn < WORD_MAX)
					w[wn++] = (char)(p[i] | (is_alpha(p[i]) ? 0x20 : 0));
				i++;
			}
		} else {
			while (i < len) {
				if (is_wordch(p + i, len - i)) {
					if (wn < WORD_MAX)
						w[wn++] = (char)(is_alpha(p[i]) ? (p[i] | 0x20) : p[i]);
					i++;
				} else if ((p[i] == '\'' || p[i] == '-' || p[i] == '.') && i + 1 < len &&
				           is_wordch(p + i + 1, len - i - 1) && !(p[i] == '.' && i + 2 < len &&
				                                                 p[i + 1] == ' ')) {
					if (p[i] != '-' && wn < WORD_MAX)
						w[wn++] = (char)p[i]; /* hyphens join: trade-off -> tradeoff */
					i++;
				} else if (utf8_punct(p + i, len - i) == 0x99 && i + 3 < len &&
				           is_wordch(p + i + 3, len - i - 3)) {
					if (wn < WORD_MAX)
						w[wn++] = '\'';
					i += 3;
				} else if ((p[i] == '+' || p[i] == '#') && wn > 0 && wn <= 2) {
					/* c++, c#, f# */
					while (i < len && (p[i] == '+' || p[i] == '#')) {
						if (wn < WORD_MAX)
							w[wn++] = (char)p[i];
						i++;
					}
					break;
				} else if (p[i] == '(' && wn == 1 && w[0] == 'o') {
					size_t j = i + 1, k = 0;
					char tmp[24];
					while (j < len && p[j] != ')' && k < sizeof(tmp) - 1 && j - i < 24) {
						if (p[j] != ' ')
							tmp[k++] = (char)(is_alpha(p[j]) ? (p[j] | 0x20) : p[j]);
						j++;
					}
					if (j < len && p[j] == ')' && k > 0) {
						w[wn++] = '(';
						memcpy(w + wn, tmp, k);
						wn += k;
						w[wn++] = ')';
						numflags = TK_BIGO;
						i = j + 1;
					}
					break;
				} else {
					break;
				}
			}
		}
		/* the number flags double as "do not stem"; big-O terms are not numbers */
		up = numflags;
		uint32_t wid = word_intern(t, w, wn, (uint16_t)up);
		if (numflags & TK_BIGO)
			t->words[wid].lx |= LX_REASON;
		if (sent_start)
			pos |= TK_SENT_START;
		sent_start = 0;
		push_tok(out, t, (uint32_t)start, i - start, wid, pos);
	}
}

size_t
text_content_stems(const struct text_tok *toks, size_t n, uint32_t *ids, size_t cap)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < cap; i++) {
		const struct text_tok *tk = &toks[i];
		int dup = 0;
		if ((tk->lx & (LX_STOP | LX_FILLER | LX_META)) || (tk->len < 2 && !(tk->tk & TK_NUMBER)))
			continue;
		for (size_t j = 0; j < k; j++)
			if (ids[j] == tk->stem) {
				dup = 1;
				break;
			}
		if (!dup)
			ids[k++] = tk->stem;
	}
	return k;
}

static int
is_sentence_end(const char *s, size_t len, size_t i)
{
	return (s[i] == '.' || s[i] == '!' || s[i] == '?') &&
	       (i + 1 >= len || s[i + 1] == ' ' || s[i + 1] == '\n');
}

char *
text_quote(const char *s, size_t len, size_t off, char *dst, size_t dstlen)
{
	size_t a = off, b = off, n;
	int cut_a = 0, cut_b = 0;

	if (dstlen == 0)
		return dst;
	if (off > len)
		off = a = b = len;
	while (a > 0 && !is_sentence_end(s, len, a - 1))
		a--;
	while (b < len && !is_sentence_end(s, len, b))
		b++;
	if (b < len)
		b++; /* keep the full stop */
	if (b - a > 200) {
		if (off > a + 90) {
			a = off - 90;
			cut_a = 1;
		}
		if (b > a + 200) {
			b = a + 200;
			cut_b = 1;
		}
	}
	while (a < b && (s[a] == ' ' || s[a] == '\n' || ((unsigned char)s[a] & 0xC0) == 0x80))
		a++;
	while (b > a && b < len && ((unsigned char)s[b] & 0xC0) == 0x80)
		b--;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n'))
		b--;
	n = b - a;
	if (n + 7 > dstlen)
		n = dstlen > 7 ? dstlen - 7 : 0;
	while (n > 0 && ((unsigned char)s[a + n] & 0xC0) == 0x80)
		n--;
	{
		size_t k = 0;
		if (cut_a) {
			memcpy(dst, "\xe2\x80\xa6", 3);
			k = 3;
		}
		memcpy(dst + k, s + a, n);
		k += n;
		if (cut_b) {
			memcpy(dst + k, "\xe2\x80\xa6", 3);
			k += 3;
		}
		dst[k] = '\0';
	}
	return dst;
}
