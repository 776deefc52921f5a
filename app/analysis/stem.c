/* stem.c: the Porter (1980) algorithm, steps 1 to 5, on lowercase ASCII words.
 * Written from the published description; "y" counts as a vowel after a consonant. */
#include "analysis/stem.h"

#include <stdbool.h>
#include <string.h>

struct st {
	char *b;
	int k;  /* index of the last letter */
	int j;  /* end of the stem during a suffix test */
};

static bool
cons(const struct st *z, int i)
{
	switch (z->b[i]) {
	case 'a': case 'e': case 'i': case 'o': case 'u':
		return false;
	case 'y':
		return i == 0 ? true : !cons(z, i - 1);
	default:
		return true;
	}
}

/* m(): the number of VC sequences in b[0..j] */
static int
measure(const struct st *z)
{
	int n = 0, i = 0;

	for (;;) {
		if (i > z->j)
			return n;
		if (!cons(z, i))
			break;
		i++;
	}
	i++;
	for (;;) {
		for (;;) {
			if (i > z->j)
				return n;
			if (cons(z, i))
				break;
			i++;
		}
		i++;
		n++;
		for (;;) {
			if (i > z->j)
				return n;
			if (!cons(z, i))
				break;
			i++;
		}
		i++;
	}
}

static bool
vowel_in_stem(const struct st *z)
{
	for (int i = 0; i <= z->j; i++)
		if (!cons(z, i))
			return true;
	return false;
}

static bool
double_cons(const struct st *z, int j)
{
	return j >= 1 && z->b[j] == z->b[j - 1] && cons(z, j);
}

/* cvc(i): consonant-vowel-consonant ending at i, the last not w, x or y */
static bool
cvc(const struct st *z, int i)
{
	int ch;

	if (i < 2 || !cons(z, i) || cons(z, i - 1) || !cons(z, i - 2))
		return false;
	ch = (unsigned char)z->b[i];
	return !(ch == 'w' || ch == 'x' || ch == 'y');
}

static bool
ends(struct st *z, const char *s)
{
	int n = (int)strlen(s);

	if (n > z->k + 1)
		return false;
	if (memcmp(z->b + z->k - n + 1, s, (size_t)n) != 0)
		return false;
	z->j = z->k - n;
	return true;
}

static void
setto(struct st *z, const char *s)
{
	int n = (int)strlen(s);

	memcpy(z->b + z->j + 1, s, (size_t)n);
	z->k = z->j + n;
}

static void
r(struct st *z, const char *s)
{
	if (measure(z) > 0)
		setto(z, s);
}

static void
step1ab(struct st *z)
{
	if (z->b[z->k] == 's') {
		if (ends(z, "sses"))
			z->k -= 2;
		else if (ends(z, "ies"))
			setto(z, "i");
		else if (z->k >= 1 && z->b[z->k - 1] != 's' && !ends(z, "us") && !ends(z, "is"))
			z->k--;
	}
	if (ends(z, "eed")) {
		if (measure(z) > 0)
			z->k--;
	} else if ((ends(z, "ed") || ends(z, "ing")) && vowel_in_stem(z)) {
		z->k = z->j;
		if (ends(z, "at"))
			setto(z, "ate");
		else if (ends(z, "bl"))
			setto(z, "ble");
		else if (ends(z, "iz"))
			setto(z, "ize");
		else if (double_cons(z, z->k)) {
			int ch = (unsigned char)z->b[z->k];
			if (ch != 'l' && ch != 's' && ch != 'z')
				z->k--;
		} else {
			z->j = z->k;
			if (measure(z) == 1 && cvc(z, z->k))
				setto(z, "e");
		}
	}
}

static void
step1c(struct st *z)
{
	if (ends(z, "y") && vowel_in_stem(z))
		z->b[z->k] = 'i';
}

static void
step2(struct st *z)
{
	static const char *const pairs[][2] = {
		{"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"},
		{"izer", "ize"}, {"isation", "ize"}, {"bli", "ble"}, {"alli", "al"}, {"entli", "ent"},
		{"eli", "e"}, {"ousli", "ous"}, {"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"},
		{"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"}, {"ousness", "ous"},
		{"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"}, {"logi", "log"},
	};
	if (z->k < 2)
		return;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (ends(z, pairs[i][0])) {
			r(z, pairs[i][1]);
			return;
		}
}

static void
step3(struct st *z)
{
	static const char *const pairs[][2] = {
		{"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"alise", "al"}, {"iciti", "ic"},
		{"ical", "ic"}, {"ful", ""}, {"ness", ""},
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (ends(z, pairs[i][0])) {
			r(z, pairs[i][1]);
			return;
		}
}

static void
step4(struct st *z)
{
	static const char *const sfx[] = {
		"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
		"ou", "ism", "ate", "iti", "ous", "ive", "ize", "ise",
	};
	bool hit = false;

	if (z->k < 1)
		return;
	for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++)
		if (ends(z, sfx[i])) {
			hit = true;
			break;
		}
	if (!hit) {
		if (ends(z, "ion") && z->j >= 0 && (z->b[z->j] == 's' || z->b[z->j] == 't'))
			hit = true;
	}
	if (hit && measure(z) > 1)
		z->k = z->j;
}

static void
step5(struct st *z)
{
	z->j = z->k;
	if (z->b[z->k] == 'e') {
		int a;
		z->j = z->k - 1;
		a = measure(z);
		if (a > 1 || (a == 1 && !cvc(z, z->k - 1)))
			z->k--;
	}
	z->j = z->k;
	if (z->b[z->k] == 'l' && double_cons(z, z->k) && measure(z) > 1)
		z->k--;
}

size_t
stem_word(char *w, size_t len)
{
	struct st z;

	if (len <= 2)
		return len;
	for (size_t i = 0; i < len; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return len;
	z.b = w;
	z.k = (int)len - 1;
	z.j = 0;
	step1ab(&z);
	if (z.k > 0) {
		step1c(&z);
		step2(&z);
		step3(&z);
		step4(&z);
		step5(&z);
	}
	return (size_t)z.k + 1;
}
