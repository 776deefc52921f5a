/* token_test.c: JWT issue and verification: the happy path, and refusal of alg none,
 * other algorithms, bad signatures, edited claims, expiry and malformed input; the memory
 * of verified tokens (a hit gives the same identity, still expires, forgets a changed secret). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jwt.h>
#include <sodium.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/password.h"
#include "auth/token.h"

#define SECRET "unit-test-secret-0123456789abcdef0123456789"

static struct arena *a;

static char *
make(jwt_alg_t alg, const char *key, const char *role, long exp)
{
	jwt_t *jwt;
	char *s, *out;

	jwt_new(&jwt);
	jwt_add_grant(jwt, "sub", "0f8fad5b-d9cb-469f-a165-70867728950e");
	jwt_add_grant(jwt, "role", role);
	jwt_add_grant(jwt, "jti", "1f8fad5b-d9cb-469f-a165-70867728950e");
	jwt_add_grant_int(jwt, "iat", (long)time(NULL));
	jwt_add_grant_int(jwt, "exp", exp);
	jwt_set_alg(jwt, alg, (const unsigned char *)key, key ? (int)strlen(key) : 0);
	s = jwt_encode_str(jwt);
	out = arena_strdup(a, s);
	free(s);
	jwt_free(jwt);
	return out;
}

static void
test_roundtrip(void **state)
{
	struct identity me;
	const char *jti;
	char *tok = token_issue(a, "0f8fad5b-d9cb-469f-a165-70867728950e", "admin", 3600, &jti);

	assert_non_null(tok);
	assert_int_equal(token_verify(a, tok, &me), 0);
	assert_string_equal(me.user_id, "0f8fad5b-d9cb-469f-a165-70867728950e");
	assert_string_equal(me.role, "admin");
	assert_string_equal(me.jti, jti);
}

static void
test_refusals(void **state)
{
	struct identity me;
	long later = (long)time(NULL) + 3600;
	char *good = make(JWT_ALG_HS256, SECRET, "candidate", later), *edited;

	assert_int_equal(token_verify(a, good, &me), 0);
	assert_int_not_equal(token_verify(a, make(JWT_ALG_NONE, NULL, "candidate", later), &me), 0);
	assert_int_not_equal(token_verify(a, make(JWT_ALG_HS512, SECRET, "candidate", later), &me), 0);
	assert_int_not_equal(token_verify(a, make(JWT_ALG_HS256, "another-secret-0123456789abcdef012345",
	                                          "candidate", later), &me), 0);
	assert_int_not_equal(token_verify(a, make(JWT_ALG_HS256, SECRET, "candidate", (long)time(NULL) - 1), &me),
	                     0);
	assert_int_not_equal(token_verify(a, make(JWT_ALG_HS256, SECRET, "root", later), &me), 0);
	/* flip one character of the payload: the signature no longer matches */
	edited = arena_strdup(a, good);
	edited[strchr(edited, '.') - edited + 5] ^= 1;
	assert_int_not_equal(token_verify(a, edited, &me), 0);
	assert_null(me.user_id);
	assert_int_not_equal(token_verify(a, "", &me), 0);
	assert_int_not_equal(token_verify(a, "a.b", &me), 0);
	assert_int_not_equal(token_verify(a, "....", &me), 0);
}

static void
test_verified_tokens_remembered(void **state)
{
	struct identity first, again, other;
	long now = (long)time(NULL);
	char *good = make(JWT_ALG_HS256, SECRET, "admin", now + 3600);
	char *soon = make(JWT_ALG_HS256, SECRET, "candidate", now + 1);

	assert_int_equal(token_verify(a, good, &first), 0);
	assert_int_equal(token_verify(a, good, &again), 0);
	assert_string_equal(again.user_id, first.user_id);
	assert_string_equal(again.jti, first.jti);
	assert_string_equal(again.role, "admin");
	assert_int_equal(again.exp, first.exp);
	/* remembered, and still refused once it has expired */
	assert_int_equal(token_verify(a, soon, &other), 0);
	while ((long)time(NULL) <= now + 1)
		usleep(100000);
	assert_int_not_equal(token_verify(a, soon, &other), 0);
	assert_null(other.user_id);
	/* a new secret forgets every token signed with the old one */
	assert_int_equal(token_init("another-secret-0123456789abcdef012345"), 0);
	assert_int_not_equal(token_verify(a, good, &other), 0);
	assert_int_equal(token_init(SECRET), 0);
	assert_int_equal(token_verify(a, good, &other), 0);
}

static void
test_mac_is_stable_and_keyed(void **state)
{
	assert_string_equal(token_mac(a, "csrf|x"), token_mac(a, "csrf|x"));
	assert_string_not_equal(token_mac(a, "csrf|x"), token_mac(a, "csrf|y"));
	assert_int_equal(strlen(token_random_hex(a)), 32);
}

static void
test_password_rules(void **state)
{
	char hash[crypto_pwhash_STRBYTES];

	assert_non_null(password_problem("short"));
	assert_null(password_problem("a long enough passphrase"));
	assert_int_equal(password_hash("a long enough passphrase", hash, sizeof(hash)), 0);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_true(password_verify(hash, "a long enough passphrase"));
	assert_false(password_verify(hash, "a long enough passphrasE"));
	assert_false(password_verify(NULL, "anything at all"));
	assert_false(password_needs_rehash(hash));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_verified_tokens_remembered),
		cmocka_unit_test(test_mac_is_stable_and_keyed),
		cmocka_unit_test(test_password_rules),
	};
	int rc;

	a = arena_new(4096);
	if (token_init(SECRET) != 0)
		return 1;
	rc = cmocka_run_group_tests_name("token", tests, NULL, NULL);
	arena_free(a);
	return rc;
}
