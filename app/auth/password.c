/* password.c: argon2id hashing and password rules (see password.h). The common-password
 * list is kept sorted in memory and searched with bsearch. */
#include "auth/password.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPSLIMIT 2ULL
#define MEMLIMIT (19ULL * 1024 * 1024)

static char **common;
static size_t ncommon;
static char dummy_hash[crypto_pwhash_STRBYTES];

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
password_load_common(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[256];
	size_t cap = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line)
			continue;
		for (char *p = line; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (ncommon == cap) {
			cap = cap ? cap * 2 : 1024;
			common = realloc(common, cap * sizeof(*common));
			if (!common)
				abort();
		}
		common[ncommon] = strdup(line);
		if (!common[ncommon])
			abort();
		ncommon++;
	}
	fclose(f);
	qsort(common, ncommon, sizeof(*common), cmp);
	return 0;
}

const char *
password_problem(const char *pw)
{
	char lower[PASSWORD_MAX + 1];
	const char *key = lower;
	size_t n = pw ? strlen(pw) : 0;

	if (n < PASSWORD_MIN)
		return "Use at least 10 characters.";
	if (n > PASSWORD_MAX)
		return "Use at most 256 characters.";
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)tolower((unsigned char)pw[i]);
	if (ncommon && bsearch(&key, common, ncommon, sizeof(*common), cmp))
		return "This password is one of the 10,000 most common passwords, which attackers try first. "
		       "Choose another.";
	return NULL;
}

int
password_hash(const char *pw, char *out, size_t outlen)
{
	if (outlen < crypto_pwhash_STRBYTES)
		return -1;
	return crypto_pwhash_str(out, pw, strlen(pw), OPSLIMIT, MEMLIMIT) == 0 ? 0 : -1;
}

bool
password_verify(const char *hash, const char *pw)
{
	if (!hash) {
		if (!*dummy_hash && password_hash("preptalk-dummy-password", dummy_hash, sizeof(dummy_hash)))
			return false;
		/* the same work as a real check; the answer is always no */
		bool spent = crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw)) == 0;

		(void)spent;
		return false;
	}
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

bool
password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, OPSLIMIT, MEMLIMIT) != 0;
}
