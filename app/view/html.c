/* html.c: HTML text/attribute escaping and URL percent-encoding (see html.h).
 * Table-driven: runs of safe bytes are appended in one piece. */
#include "view/html.h"

#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

static const char *const text_ent[256] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
};

static const char *const attr_ent[256] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
	['`'] = "&#96;", ['='] = "&#61;",
};

/* Entity lengths per byte (0: copied as is), matching the tables above. */
static const unsigned char text_len[256] = {
	['&'] = 5, ['<'] = 4, ['>'] = 4, ['"'] = 6, ['\''] = 5,
};

static const unsigned char attr_len[256] = {
	['&'] = 5, ['<'] = 4, ['>'] = 4, ['"'] = 6, ['\''] = 5, ['`'] = 5, ['='] = 5,
};

static int
escape(struct buf *b, const char *s, size_t n, const char *const *ent, const unsigned char *elen)
{
	size_t i, run = 0;
	const char *e;
	char *d;

	/* fast path: room for the worst case (6 bytes per input byte), copy runs in place */
	if (n < ((size_t)-1) / 8 && (!b->limit || b->len + n * 6 <= b->limit) && buf_reserve(b, n * 6) == 0) {
		d = b->data + b->len;
		i = 0;
#ifdef __SSE2__
		/* 16 bytes per step: most text has no special byte at all */
		for (; i + 16 <= n; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			__m128i m = _mm_or_si128(
				_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')), _mm_cmpeq_epi8(v, _mm_set1_epi8('<'))),
				_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('>')),
					     _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
							  _mm_cmpeq_epi8(v, _mm_set1_epi8('\'')))));
			unsigned bits;

			if (ent == attr_ent)
				m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('`')),
								 _mm_cmpeq_epi8(v, _mm_set1_epi8('='))));
			bits = (unsigned)_mm_movemask_epi8(m);
			while (bits) {
				size_t j = i + (size_t)__builtin_ctz(bits);
				unsigned char c = (unsigned char)s[j];

				bits &= bits - 1;
				memcpy(d, s + run, j - run);
				d += j - run;
				memcpy(d, ent[c], elen[c]);
				d += elen[c];
				run = j + 1;
			}
		}
#endif
		for (; i < n; i++) {
			unsigned char c = (unsigned char)s[i];

			if (!elen[c])
				continue;
			memcpy(d, s + run, i - run);
			d += i - run;
			memcpy(d, ent[c], elen[c]);
			d += elen[c];
			run = i + 1;
		}
		memcpy(d, s + run, n - run);
		d += n - run;
		b->len = (size_t)(d - b->data);
		b->data[b->len] = '\0';
		return 0;
	}
	for (i = 0; i < n; i++) {
		e = ent[(unsigned char)s[i]];
		if (!e)
			continue;
		if (i > run && buf_append(b, s + run, i - run) != 0)
			return -1;
		if (buf_puts(b, e) != 0)
			return -1;
		run = i + 1;
	}
	if (n > run)
		return buf_append(b, s + run, n - run);
	return 0;
}

int
html_text(struct buf *b, const char *s, size_t n)
{
	return escape(b, s, n, text_ent, text_len);
}

int
html_attr(struct buf *b, const char *s, size_t n)
{
	return escape(b, s, n, attr_ent, attr_len);
}

int
html_url_arg(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;
	char pct[3];
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			if (buf_putc(b, (char)c) != 0)
				return -1;
			continue;
		}
		pct[0] = '%';
		pct[1] = hex[c >> 4];
		pct[2] = hex[c & 15];
		if (buf_append(b, pct, 3) != 0)
			return -1;
	}
	return 0;
}
