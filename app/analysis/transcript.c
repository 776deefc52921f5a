/* transcript.c: WebVTT and SubRip transcript import. Strict where a wrong answer would
 * mislead the metrics (timestamps, order, overlaps, encoding), lenient about what the
 * exporting tools vary on (cue identifiers, cue settings, styling tags, CRLF, a BOM). */
#include "analysis/analysis.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"

enum fmt { FMT_VTT, FMT_SRT };

struct lines {
	const char *d;
	size_t len, pos;
	unsigned lineno;  /* number of the line last returned */
};

struct line {
	const char *s;
	size_t n;
};

struct cue_sink {
	const char *candidate;
	struct json_object *arr;   /* messages, or NULL when only collecting names */
	struct json_object *names; /* distinct names, or NULL */
	char prev_name[128];
	int candidate_seen;
	size_t ncues;
};

static void seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static int
next_line(struct lines *L, struct line *out)
{
	size_t i;

	if (L->pos >= L->len)
		return 0;
	i = L->pos;
	while (i < L->len && L->d[i] != '\n' && L->d[i] != '\r')
		i++;
	out->s = L->d + L->pos;
	out->n = i - L->pos;
	if (i < L->len && L->d[i] == '\r' && i + 1 < L->len && L->d[i + 1] == '\n')
		i += 2;
	else if (i < L->len)
		i++;
	L->pos = i;
	L->lineno++;
	return 1;
}

static int
blank(const struct line *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->s[i] != ' ' && l->s[i] != '\t')
			return 0;
	return 1;
}

/* Rejects NUL bytes and invalid UTF-8 (overlongs, surrogates, > U+10FFFF), naming the line. */
static int
check_bytes(const char *d, size_t len, char *err, size_t errlen)
{
	const unsigned char *p = (const unsigned char *)d;
	unsigned line = 1;

	for (size_t i = 0; i < len;) {
		unsigned c = p[i];
		size_t n;
		unsigned cp;

		if (c == 0) {
			seterr(err, errlen, "line %u: binary data (a NUL byte); upload a text .vtt or .srt file",
			       line);
			return -1;
		}
		if (c == '\n' || (c == '\r' && !(i + 1 < len && p[i + 1] == '\n')))
			line++;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			goto bad;
		}
		if (i + n >= len)
			goto bad;
		for (size_t k = 1; k <= n; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += n + 1;
		continue;
	bad:
		seterr(err, errlen, "line %u: invalid UTF-8 (binary data?); upload a text .vtt or .srt file",
		       line);
		return -1;
	}
	return 0;
}

static void
quote_token(const char *s, size_t n, char *dst, size_t dstlen)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < dstlen && k < 40; i++) {
		unsigned char c = (unsigned char)s[i];
		dst[k++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	while (k > 0 && ((unsigned char)dst[k - 1] & 0x80))
		k--; /* never cut a UTF-8 sequence in a message */
	dst[k] = '\0';
}

/* Parses one timestamp at s[0..n); VTT: [HH:]MM:SS.mmm, SRT: HH:MM:SS,mmm (also '.').
 * Returns the number of bytes consumed, or 0. */
static size_t
parse_ts(const char *s, size_t n, enum fmt f, double *out)
{
	unsigned long part[3] = {0, 0, 0};
	size_t digits[3] = {0, 0, 0};
	int np = 0;
	size_t i = 0;
	unsigned long ms = 0;

	for (;;) {
		if (np == 3)
			return 0;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (digits[np] < 9)
				part[np] = part[np] * 10 + (unsigned long)(s[i] - '0');
			digits[np]++;
			i++;
		}
		if (digits[np] == 0)
			return 0;
		np++;
		if (i < n && s[i] == ':') {
			i++;
			continue;
		}
		break;
	}
	if (i >= n || !(s[i] == '.' || (f == FMT_SRT && s[i] == ',')))
		return 0;
	i++;
	for (int k = 0; k < 3; k++, i++) {
		if (i >= n || s[i] < '0' || s[i] > '9')
			return 0;
		ms = ms * 10 + (unsigned long)(s[i] - '0');
	}
	if (i < n && s[i] >= '0' && s[i] <= '9')
		return 0;
	if (f == FMT_SRT && np != 3)
		return 0;
	if (np < 2)
		return 0;
	{
		unsigned long h = np == 3 ? part[0] : 0, m = part[np - 2], sec = part[np - 1];
		size_t dm = digits[np - 2], ds = digits[np - 1];
		if (dm != 2 || ds != 2 || m > 59 || sec > 59)
			return 0;
		if (np == 3 && (digits[0] < (f == FMT_VTT ? 2u : 1u) || h > 99))
			return 0;
		*out = (double)h * 3600.0 + (double)m * 60.0 + (double)sec + (double)ms / 1000.0;
	}
	return i;
}

static void
fmt_ts(double t, char *dst, size_t dstlen)
{
	long ms = (long)(t * 1000.0 + 0.5);

	snprintf(dst, dstlen, "%02ld:%02ld:%02ld.%03ld", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60,
	         ms % 1000);
}

static int
parse_timing(const struct line *l, unsigned lineno, enum fmt f, double *start, double *end, char *err,
             size_t errlen)
{
	const char *s = l->s;
	size_t n = l->n, i = 0, k, tokend;
	char tok[48];

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (tokend = i; tokend < n && s[tokend] != ' ' && s[tokend] != '\t'; tokend++)
		if (tokend + 2 < n && s[tokend] == '-' && s[tokend + 1] == '-' && s[tokend + 2] == '>')
			break;
	k = parse_ts(s + i, n - i, f, start);
	if (k == 0 || i + k != tokend) {
		quote_token(s + i, tokend - i, tok, sizeof(tok));
		seterr(err, errlen, "line %u: bad timestamp '%s' (expected %s)", lineno, tok,
		       f == FMT_VTT ? "HH:MM:SS.mmm" : "HH:MM:SS,mmm");
		return -1;
	}
	i += k;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (!(i + 3 <= n && memcmp(s + i, "-->", 3) == 0)) {
		seterr(err, errlen, "line %u: expected '-->' between the start and end times", lineno);
		return -1;
	}
	i += 3;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (tokend = i; tokend < n && s[tokend] != ' ' && s[tokend] != '\t'; tokend++)
		;
	k = parse_ts(s + i, n - i, f, end);
	if (k == 0 || i + k != tokend) {
		quote_token(s + i, tokend - i, tok, sizeof(tok));
		seterr(err, errlen, "line %u: bad timestamp '%s' (expected %s)", lineno, tok,
		       f == FMT_VTT ? "HH:MM:SS.mmm" : "HH:MM:SS,mmm");
		return -1;
	}
	if (*end < *start) {
		char a[32], b[32];
		fmt_ts(*start, a, sizeof(a));
		fmt_ts(*end, b, sizeof(b));
		seterr(err, errlen, "line %u: the cue ends (%s) before it starts (%s)", lineno, b, a);
		return -1;
	}
	return 0;
}

static int
has_arrow(const struct line *l)
{
	for (size_t i = 0; i + 3 <= l->n; i++)
		if (memcmp(l->s + i, "-->", 3) == 0)
			return 1;
	return 0;
}

/* "Name:" prefix: up to 40 bytes of letters, digits, spaces and . - ' _ ( ), at most 4 words,
 * starting with a letter, the colon followed by a space or the end. Returns the colon index+1. */
static size_t
name_prefix(const char *s, size_t n)
{
	size_t i, spaces = 0;

	if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') ||
	                ((unsigned char)s[0] & 0x80)))
		return 0;
	for (i = 0; i < n && i <= 40; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ':')
			break;
		if (c == ' ') {
			if (++spaces > 3 || s[i - 1] == ' ')
				return 0;
			continue;
		}
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 ||
		      c == '.' || c == '-' || c == '\'' || c == '_' || c == '(' || c == ')'))
			return 0;
	}
	if (i >= n || i > 40 || s[i] != ':')
		return 0;
	if (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t')
		return 0;
	return i + 1;
}

static void
append_text(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<') {
			while (i < n && s[i] != '>')
				i++;
			continue;
		}
		if (s[i] == '&') {
			static const struct {
				const char *e;
				const char *r;
			} ents[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
			            {"&apos;", "'"}, {"&nbsp;", " "}, {"&lrm;", ""}, {"&rlm;", ""}};
			size_t e;
			for (e = 0; e < sizeof(ents) / sizeof(ents[0]); e++) {
				size_t el = strlen(ents[e].e);
				if (i + el <= n && memcmp(s + i, ents[e].e, el) == 0) {
					buf_puts(b, ents[e].r);
					i += el - 1;
					break;
				}
			}
			if (e < sizeof(ents) / sizeof(ents[0]))
				continue;
		}
		if (s[i] == '\t')
			buf_putc(b, ' ');
		else
			buf_putc(b, s[i]);
	}
}

static void
trim_copy(char *dst, size_t dstlen, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= dstlen) {
		n = dstlen - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--; /* s[n] is inside the source: n was cut */
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static struct json_object *
json_seconds(double t)
{
	char num[32];

	snprintf(num, sizeof(num), "%.3f", t);
	return json_object_new_double_s(t, num);
}

static void
emit_cue(struct cue_sink *k, const struct line *first, struct buf *text, double start, double end)
{
	char name[128] = "";
	const char *body = text->data ? text->data : "";
	size_t blen = text->len;
	struct buf clean;

	/* speaker: <v Name> / <v.class Name> voice tag, else a Name: prefix, else the previous */
	if (first->n > 2 && memcmp(first->s, "<v", 2) == 0 && (first->s[2] == ' ' || first->s[2] == '.')) {
		size_t i = 2, e;
		while (i < first->n && first->s[i] != ' ' && first->s[i] != '>')
			i++;
		e = i;
		while (e < first->n && first->s[e] != '>')
			e++;
		if (e > i)
			trim_copy(name, sizeof(name), first->s + i, e - i);
	}
	buf_init(&clean, 0);
	while (blen > 0 && (*body == ' '))
		body++, blen--;
	if (!name[0]) {
		size_t np = name_prefix(body, blen);
		if (np) {
			trim_copy(name, sizeof(name), body, np - 1);
			body += np;
			blen -= np;
		}
	}
	while (blen > 0 && (*body == ' '))
		body++, blen--;
	while (blen > 0 && body[blen - 1] == ' ')
		blen--;
	k->ncues++;
	if (!name[0])
		memcpy(name, k->prev_name, sizeof(name));
	else
		memcpy(k->prev_name, name, sizeof(name));
	if (k->names && name[0]) {
		size_t nn = json_object_array_length(k->names), i;
		for (i = 0; i < nn; i++)
			if (strcasecmp(json_object_get_string(json_object_array_get_idx(k->names, i)), name) ==
			    0)
				break;
		if (i == nn)
			json_object_array_add(k->names, json_object_new_string(name));
	}
	if (k->arr && blen > 0) {
		struct json_object *m = json_object_new_object();
		const char *sp = "unknown";
		if (k->candidate) {
			if (strcasecmp(name, k->candidate) == 0) {
				sp = "candidate";
				k->candidate_seen = 1;
			} else {
				sp = "interviewer";
			}
		}
		buf_append(&clean, body, blen);
		json_object_object_add(m, "speaker", json_object_new_string(sp));
		json_object_object_add(m, "name", json_object_new_string(name));
		json_object_object_add(m, "text",
		                       json_object_new_string_len(clean.data ? clean.data : "", (int)clean.len));
		json_object_object_add(m, "start_s", json_seconds(start));
		json_object_object_add(m, "end_s", json_seconds(end));
		json_object_array_add(k->arr, m);
	}
	buf_free(&clean);
}

static int
parse(const char *data, size_t len, enum fmt f, struct cue_sink *k, char *err, size_t errlen)
{
	struct lines L = {data, len, 0, 0};
	struct line l, first;
	struct buf text;
	double prev_end = -1.0, prev_start = -1.0;
	int rc = -1;
	size_t textcues = 0;

	buf_init(&text, 0);
	if (len > TRANSCRIPT_MAX_BYTES) {
		seterr(err, errlen, "the transcript is %zu bytes; the limit is 2 MB", len);
		goto out;
	}
	if (check_bytes(data, len, err, errlen) != 0)
		goto out;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		L.pos = 3;
	if (f == FMT_VTT) {
		if (!next_line(&L, &l) || l.n < 6 || memcmp(l.s, "WEBVTT", 6) != 0 ||
		    (l.n > 6 && l.s[6] != ' ' && l.s[6] != '\t')) {
			seterr(err, errlen, "line 1: a WebVTT file must start with 'WEBVTT'");
			goto out;
		}
		while (next_line(&L, &l) && !blank(&l))
			if (has_arrow(&l)) {
				seterr(err, errlen, "line %u: a blank line must separate the header from the first cue",
				       L.lineno);
				goto out;
			}
	}
	for (;;) {
		double start, end;
		unsigned timing_line;

		if (!next_line(&L, &l))
			break;
		if (blank(&l))
			continue;
		if (f == FMT_VTT && ((l.n >= 4 && memcmp(l.s, "NOTE", 4) == 0 && (l.n == 4 || l.s[4] == ' ' || l.s[4] == '\t')) ||
		                     (l.n >= 5 && memcmp(l.s, "STYLE", 5) == 0 && blank(&(struct line){l.s + 5, l.n - 5})) ||
		                     (l.n >= 6 && memcmp(l.s, "REGION", 6) == 0 && blank(&(struct line){l.s + 6, l.n - 6})))) {
			while (next_line(&L, &l) && !blank(&l))
				;
			continue;
		}
		if (!has_arrow(&l)) {
			/* cue identifier (VTT) or cue number (SRT) */
			if (f == FMT_SRT) {
				size_t i = 0;
				while (i < l.n && l.s[i] >= '0' && l.s[i] <= '9')
					i++;
				if (i == 0 || !blank(&(struct line){l.s + i, l.n - i})) {
					char tok[48];
					quote_token(l.s, l.n, tok, sizeof(tok));
					seterr(err, errlen, "line %u: expected a cue number or a timing line, found '%s'",
					       L.lineno, tok);
					goto out;
				}
			}
			if (!next_line(&L, &l) || !has_arrow(&l)) {
				seterr(err, errlen, "line %u: expected a timing line 'HH:MM:SS%cmmm --> HH:MM:SS%cmmm'",
				       L.lineno, f == FMT_VTT ? '.' : ',', f == FMT_VTT ? '.' : ',');
				goto out;
			}
		}
		timing_line = L.lineno;
		if (parse_timing(&l, L.lineno, f, &start, &end, err, errlen) != 0)
			goto out;
		if (start < prev_end || start < prev_start) {
			char a[32], b[32];
			fmt_ts(start, a, sizeof(a));
			fmt_ts(prev_end, b, sizeof(b));
			seterr(err, errlen, "line %u: the cue starting at %s overlaps the previous cue, which ends at %s",
			       timing_line, a, b);
			goto out;
		}
		prev_start = start;
		prev_end = end;
		buf_reset(&text);
		first.s = "";
		first.n = 0;
		while (next_line(&L, &l) && !blank(&l)) {
			if (has_arrow(&l)) {
				seterr(err, errlen, "line %u: a timing line inside a cue; separate cues with a blank line",
				       L.lineno);
				goto out;
			}
			if (first.n == 0 && text.len == 0)
				first = l;
			if (text.len > 0)
				buf_putc(&text, ' ');
			append_text(&text, l.s, l.n);
		}
		if (text.len > 0)
			textcues++;
		emit_cue(k, &first, &text, start, end);
	}
	if (k->ncues == 0) {
		seterr(err, errlen, "no cues found: expected blocks like '%s00:00:01%c000 --> 00:00:04%c000' followed by text",
		       f == FMT_SRT ? "1, then " : "", f == FMT_VTT ? '.' : ',', f == FMT_VTT ? '.' : ',');
		goto out;
	}
	if (textcues == 0) {
		seterr(err, errlen, "the transcript has %zu cues but none has any text", k->ncues);
		goto out;
	}
	rc = 0;
out:
	buf_free(&text);
	return rc;
}

static int
parse_messages(const char *data, size_t len, enum fmt f, const char *candidate,
               struct json_object **messages, char *err, size_t errlen)
{
	struct cue_sink k;
	char cand[128];

	*messages = NULL;
	memset(&k, 0, sizeof(k));
	if (candidate) {
		trim_copy(cand, sizeof(cand), candidate, strlen(candidate));
		k.candidate = cand[0] ? cand : NULL;
	}
	k.arr = json_object_new_array();
	k.names = json_object_new_array();
	if (parse(data, len, f, &k, err, errlen) != 0)
		goto fail;
	if (k.candidate && !k.candidate_seen) {
		struct buf b;
		size_t nn = json_object_array_length(k.names);
		buf_init(&b, 512);
		for (size_t i = 0; i < nn; i++)
			buf_printf(&b, "%s'%s'", i ? ", " : "",
			           json_object_get_string(json_object_array_get_idx(k.names, i)));
		seterr(err, errlen, "speaker '%s' does not speak in this transcript (speakers: %s)", k.candidate,
		       nn ? b.data : "none named");
		buf_free(&b);
		goto fail;
	}
	json_object_put(k.names);
	*messages = k.arr;
	return 0;
fail:
	json_object_put(k.names);
	json_object_put(k.arr);
	return -1;
}

int
transcript_parse_vtt(const char *data, size_t len, const char *candidate_speaker,
                     struct json_object **messages, char *err, size_t errlen)
{
	return parse_messages(data, len, FMT_VTT, candidate_speaker, messages, err, errlen);
}

int
transcript_parse_srt(const char *data, size_t len, const char *candidate_speaker,
                     struct json_object **messages, char *err, size_t errlen)
{
	return parse_messages(data, len, FMT_SRT, candidate_speaker, messages, err, errlen);
}

static enum fmt
detect(const char *data, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	return (len - i >= 6 && memcmp(data + i, "WEBVTT", 6) == 0) ? FMT_VTT : FMT_SRT;
}

int
transcript_parse(const char *data, size_t len, const char *candidate_speaker,
                 struct json_object **messages, char *err, size_t errlen)
{
	return parse_messages(data, len, detect(data, len), candidate_speaker, messages, err, errlen);
}

int
transcript_speakers(const char *data, size_t len, struct json_object **names, char *err, size_t errlen)
{
	struct cue_sink k;

	*names = NULL;
	memset(&k, 0, sizeof(k));
	k.names = json_object_new_array();
	if (parse(data, len, detect(data, len), &k, err, errlen) != 0) {
		json_object_put(k.names);
		return -1;
	}
	*names = k.names;
	return 0;
}
