/* token.c: JWT issue and verification with libjwt (see token.h), and the worker's memory of
 * the tokens it verified lately. */
#include "auth/token.h"

#include <jwt.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const unsigned char *secret;
static size_t secret_len;

/* Tokens that passed every check lately, in a direct-mapped table keyed by a BLAKE2b digest of
 * the token (compared in constant time, so a guess learns nothing from timing). A browser sends
 * the same token with each request; verifying its HMAC through libjwt each time was an eighth of
 * a worker's time. A hit still checks the expiry; revocation stays the database's
 * (auth.identify, with the request's first statement). */
#define SEEN_SLOTS 64
static struct seen {
	unsigned char digest[crypto_generichash_BYTES];
	char sub[37], jti[37];
	bool admin, used;
	long exp;
} seen[SEEN_SLOTS];

int
token_init(const char *s)
{
	if (!s || strlen(s) < 32)
		return -1;
	if (sodium_init() < 0)
		return -1;
	secret = (const unsigned char *)s;
	secret_len = strlen(s);
	memset(seen, 0, sizeof(seen));
	return 0;
}

char *
token_random_hex(struct arena *a)
{
	unsigned char raw[16];
	char *hex = arena_alloc(a, 33);

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, 33, raw, sizeof(raw));
	return hex;
}

static char *
random_uuid(struct arena *a)
{
	unsigned char b[16];

	randombytes_buf(b, sizeof(b));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	return arena_printf(a, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
	                    b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
	                    b[14], b[15]);
}

char *
token_issue(struct arena *a, const char *user_id, const char *role, long ttl_s, const char **jti)
{
	jwt_t *jwt = NULL;
	char *s = NULL, *out = NULL;
	long now = (long)time(NULL);

	*jti = random_uuid(a);
	if (jwt_new(&jwt) != 0)
		goto out;
	if (jwt_add_grant(jwt, "sub", user_id) || jwt_add_grant(jwt, "role", role) ||
	    jwt_add_grant(jwt, "jti", *jti) || jwt_add_grant_int(jwt, "iat", now) ||
	    jwt_add_grant_int(jwt, "exp", now + ttl_s) ||
	    jwt_set_alg(jwt, JWT_ALG_HS256, secret, (int)secret_len))
		goto out;
	s = jwt_encode_str(jwt);
	if (s)
		out = arena_strdup(a, s);
out:
	free(s);
	jwt_free(jwt);
	return out;
}

static void
identity_from(struct arena *a, const struct seen *e, struct identity *me)
{
	me->user_id = arena_strdup(a, e->sub);
	me->role = e->admin ? "admin" : "candidate";
	me->jti = arena_strdup(a, e->jti);
	me->exp = e->exp;
}

int
token_verify(struct arena *a, const char *token, struct identity *me)
{
	jwt_t *jwt = NULL;
	const char *sub, *role, *jti;
	long exp, now = (long)time(NULL);
	unsigned char digest[crypto_generichash_BYTES];
	struct seen *e;
	int rc = -1;

	memset(me, 0, sizeof(*me));
	if (!token || !*token || strlen(token) > 2048 || !secret)
		return -1;
	crypto_generichash(digest, sizeof(digest), (const unsigned char *)token, strlen(token), NULL, 0);
	e = &seen[digest[0] % SEEN_SLOTS];
	if (e->used && sodium_memcmp(e->digest, digest, sizeof(digest)) == 0) {
		if (e->exp <= now)
			return -1;
		identity_from(a, e, me);
		return 0;
	}
	if (jwt_decode(&jwt, token, secret, (int)secret_len) != 0 || !jwt)
		goto out;
	/* libjwt 1.10 verifies with the algorithm the token names: only HS256 is ours */
	if (jwt_get_alg(jwt) != JWT_ALG_HS256)
		goto out;
	sub = jwt_get_grant(jwt, "sub");
	role = jwt_get_grant(jwt, "role");
	jti = jwt_get_grant(jwt, "jti");
	exp = jwt_get_grant_int(jwt, "exp");
	if (!req_is_uuid(sub) || !req_is_uuid(jti) || !role ||
	    (strcmp(role, "candidate") != 0 && strcmp(role, "admin") != 0) || exp <= now)
		goto out;
	memcpy(e->digest, digest, sizeof(digest));
	snprintf(e->sub, sizeof(e->sub), "%s", sub);
	snprintf(e->jti, sizeof(e->jti), "%s", jti);
	e->admin = strcmp(role, "admin") == 0;
	e->exp = exp;
	e->used = true;
	identity_from(a, e, me);
	rc = 0;
out:
	jwt_free(jwt);
	return rc;
}

char *
token_mac(struct arena *a, const char *msg)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	size_t n = sodium_base64_encoded_len(sizeof(mac), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, n);

	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, strlen(msg), secret);
	sodium_bin2base64(out, n, mac, sizeof(mac), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}
