/* text.h: tokenising and normalising text for the analysis engine. Words are lowercased,
 * looked up once in the lexicon, mapped through the synonym table and stemmed; each distinct
 * word and stem gets a small integer id so later passes compare integers, never strings. */
#ifndef PREPTALK_TEXT_H
#define PREPTALK_TEXT_H

#include <stddef.h>
#include <stdint.h>

enum {
	TK_SENT_START = 1u << 0, /* first word of a sentence (or of the text) */
	TK_COMMA_AFTER = 1u << 1,/* a comma follows the word */
	TK_NUMBER = 1u << 2,     /* digits: 40, 3.5, 10,000, 30%, 10x, 200ms */
	TK_YEAR = 1u << 3,       /* a number 1900..2099 without a unit */
	TK_QMARK_AFTER = 1u << 4,/* a question mark ends the sentence */
	TK_PAST = 1u << 5,       /* past tense (irregular list or regular -ed) */
	TK_BIGO = 1u << 6,       /* an O(...) complexity term */
};

struct text_word {       /* one distinct lowercase word */
	uint32_t off, len;   /* in text.pool */
	uint32_t hash;
	uint32_t lx;         /* lexicon flags */
	uint32_t stem;       /* stem id */
	uint16_t tk;         /* TK_PAST, TK_NUMBER, TK_YEAR, TK_BIGO (word-level) */
};

struct text_tok {
	uint32_t off;        /* byte offset in the source text */
	uint16_t len;        /* byte length in the source text */
	uint16_t tk;         /* TK_* (word-level and position flags) */
	uint32_t word;       /* word id */
	uint32_t stem;       /* stem id */
	uint32_t lx;         /* lexicon flags of the word */
};

struct text_toks {
	struct text_tok *v;
	size_t n, cap;
};

struct text_tab {        /* open-addressed intern table: slot holds id + 1, 0 = empty */
	uint32_t *slots;
	uint32_t mask;
};

struct text {
	char *pool;          /* word and stem strings, NUL-separated */
	size_t pool_len, pool_cap;
	struct text_word *words;
	size_t nwords, words_cap;
	struct text_tab wtab;
	uint32_t *stem_off;  /* stem id -> offset in pool */
	size_t nstems, stems_cap;
	struct text_tab stab;
};

/* Initialises an empty dictionary (aborts on out-of-memory, like buf). */
void text_init(struct text *t);
void text_free(struct text *t);
/* Appends the tokens of s[0..len) to out; token offsets are relative to s. */
void text_tokenize(struct text *t, const char *s, size_t len, struct text_toks *out);
/* The id of a lowercase word if it was seen, else UINT32_MAX. */
uint32_t text_word_id(const struct text *t, const char *w);
/* The string of a word or stem id (borrowed from the dictionary). */
const char *text_word_str(const struct text *t, uint32_t id);
const char *text_stem_str(const struct text *t, uint32_t id);
/* Number of distinct stems so far (stamp arrays are sized from it). */
size_t text_nstems(const struct text *t);
/* Fills ids (capacity cap) with the distinct content stems of toks[0..n) (stop words, rubric words
 * such as "describes", single letters and fillers skipped) and returns how many. */
size_t text_content_stems(const struct text_tok *toks, size_t n, uint32_t *ids, size_t cap);

void toks_free(struct text_toks *tt);

/* Copies into dst (size dstlen) the sentence of s[0..len) that contains byte offset off,
 * trimmed and cut to about 200 bytes around off on UTF-8 boundaries. Returns dst. */
char *text_quote(const char *s, size_t len, size_t off, char *dst, size_t dstlen);

#endif
