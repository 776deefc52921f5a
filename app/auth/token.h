/* token.h: session tokens — HS256 JWTs made and checked with libjwt. Verification pins
 * the algorithm (libjwt 1.10 trusts the token's header otherwise), refuses `none`,
 * expired tokens and malformed claims. Revocation is checked in the database (db/). */
#ifndef PREPTALK_TOKEN_H
#define PREPTALK_TOKEN_H

#include "core/req.h"

/* Sets the HS256 secret (worker-lifetime, borrowed). Returns 0, or -1 if it is too short. */
int token_init(const char *secret);
/* Issues a token for user_id with role, lifetime ttl_s; the jti is random.
 * Returns the token (arena) or NULL on failure; *jti receives the id (arena). */
char *token_issue(struct arena *a, const char *user_id, const char *role, long ttl_s, const char **jti);
/* Verifies token and fills *me. Returns 0, or -1 for anything not exactly right. */
int token_verify(struct arena *a, const char *token, struct identity *me);
/* HMAC-SHA256 of msg under the secret, base64url without padding. (arena) */
char *token_mac(struct arena *a, const char *msg);
/* 16 random bytes as 32 hex characters. (arena) */
char *token_random_hex(struct arena *a);

#endif
