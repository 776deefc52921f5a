/* stem.h: a light Porter-style suffix stripper for English words, so "caching", "cached"
 * and "cache" or "scaled" and "scales" meet on one stem. Deterministic, allocation-free. */
#ifndef PREPTALK_STEM_H
#define PREPTALK_STEM_H

#include <stddef.h>

/* Stems the lowercase ASCII word w[0..len) in place and returns the new length (<= len).
 * Words of 2 letters or fewer, and words with non-letters, are returned unchanged. */
size_t stem_word(char *w, size_t len);

#endif
