/* jwt_fuzz.c: libFuzzer target for the JWT path, token_verify() with a fixed secret.
 * First byte even: the rest is a raw token (forged, truncated, alg none, ...). Odd: the rest
 * is `HEADER_JSON\nCLAIMS_JSON`, encoded and signed with the right secret, so the claims
 * checks (alg pinning, sub/jti UUIDs, role, exp) see arbitrary JSON. An accepted token must
 * satisfy every invariant the rest of the worker relies on. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "auth/token.h"

#define SECRET "fuzz-secret-fuzz-secret-fuzz-secret-0123456789"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct arena *arena;

static char *
b64url(const uint8_t *p, size_t n)
{
	size_t len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = malloc(len);

	sodium_bin2base64(out, len, p, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* header.claims.signature with HMAC-SHA256 under SECRET. (malloc) */
static char *
signed_token(const uint8_t *head, size_t hlen, const uint8_t *claims, size_t clen)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char *h = b64url(head, hlen), *c = b64url(claims, clen), *s, *tok;
	size_t msglen = strlen(h) + 1 + strlen(c);
	char *msg = malloc(msglen + 1);
	crypto_auth_hmacsha256_state st;

	strcpy(msg, h);
	strcat(msg, ".");
	strcat(msg, c);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)SECRET, strlen(SECRET));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, msglen);
	crypto_auth_hmacsha256_final(&st, mac);
	s = b64url(mac, sizeof(mac));
	tok = malloc(msglen + 1 + strlen(s) + 1);
	strcpy(tok, msg);
	strcat(tok, ".");
	strcat(tok, s);
	free(h);
	free(c);
	free(s);
	free(msg);
	return tok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct identity me;
	char *tok;
	int rc;

	if (!arena) {
		arena = arena_new(16 * 1024);
		if (token_init(SECRET) != 0)
			abort();
	}
	if (size < 1 || size > 4096)
		return 0;
	if (data[0] & 1) {
		const uint8_t *nl = memchr(data + 1, '\n', size - 1);
		size_t hlen = nl ? (size_t)(nl - data - 1) : size - 1;

		tok = signed_token(data + 1, hlen, nl ? nl + 1 : data + size,
		                   nl ? size - 1 - hlen - 1 : 0);
	} else {
		tok = malloc(size);
		memcpy(tok, data + 1, size - 1);
		tok[size - 1] = '\0';
	}
	rc = token_verify(arena, tok, &me);
	if (rc == 0) {
		if (!req_is_uuid(me.user_id) || !req_is_uuid(me.jti) || !me.role ||
		    (strcmp(me.role, "candidate") != 0 && strcmp(me.role, "admin") != 0) ||
		    me.exp <= (long)time(NULL))
			__builtin_trap();
		/* a valid token must re-verify identically after a round trip through issue */
		{
			const char *jti;
			char *again = token_issue(arena, me.user_id, me.role, 60, &jti);
			struct identity me2;

			if (!again || token_verify(arena, again, &me2) != 0 || strcmp(me2.user_id, me.user_id) != 0)
				__builtin_trap();
		}
	} else if (rc != -1 || me.user_id)
		__builtin_trap();
	free(tok);
	arena_reset(arena);
	return 0;
}
