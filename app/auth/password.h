/* password.h: argon2id password hashing through libsodium, with bounded memory
 * (19 MiB, 2 passes: OWASP's argon2id minimum) so a burst of log-ins cannot exhaust
 * a worker, and the rules a new password must meet. */
#ifndef PREPTALK_PASSWORD_H
#define PREPTALK_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_MIN 10
#define PASSWORD_MAX 256

/* Loads the list of common passwords (one per line) from path. 0 or -1. */
int password_load_common(const char *path);
/* Checks a new password. Returns NULL when acceptable, else a message for the user. (static) */
const char *password_problem(const char *pw);
/* Hashes pw into out (crypto_pwhash_STRBYTES). 0 or -1. */
int password_hash(const char *pw, char *out, size_t outlen);
/* Verifies pw against hash. With hash NULL it verifies against a dummy hash so an unknown
 * account costs the same time as a wrong password, and returns false. */
bool password_verify(const char *hash, const char *pw);
/* True when hash was made with other parameters than today's. */
bool password_needs_rehash(const char *hash);

#endif
