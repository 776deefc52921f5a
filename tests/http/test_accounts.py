"""test_accounts.py: accounts and security through nginx, the workers and PostgreSQL (issue 5):
sign-up, log-in, log-out with a replayed cookie, forged and expired tokens, CSRF, the API token,
profile and password change, audit rows, argon2id hashes and logs free of secrets."""
import base64
import hashlib
import hmac
import json
import os
import re
import time
import unittest

from lib import (ADMIN, DEMO, Browser, api_token, get, psql, request, unique_email)

SECRET = os.environ.get("PREPTALK_JWT_SECRET", "")
GOOD_PASSWORD = "correct horse battery staple 42"


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def sign(header, claims, secret=SECRET):
    head = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    mac = hmac.new(secret.encode(), head.encode(), hashlib.sha256).digest()
    return head + "." + b64(mac)


def claims_of(token):
    return json.loads(unb64(token.split(".")[1]))


def logged_in_as(cookie_value):
    """Who /api/v1/profile says the cookie belongs to: an email, or None when logged out."""
    r = get("/api/v1/profile", headers={"Cookie": "pt_session=" + cookie_value})
    if r.status == 200:
        return r.json()["profile"]["email"]
    return None


class SignupLoginLogout(unittest.TestCase):
    def test_full_cycle_and_replayed_cookie(self):
        b = Browser()
        email = unique_email("cycle")
        b.signup(email, GOOD_PASSWORD, name="Ada Cycle")
        # a new account gets the free plan and one monthly credit in the same transaction
        row = psql("SELECT s.plan_type, c.monthly_credits, c.bonus_credits, "
                   "(SELECT sum(amount) FROM credit_transactions t WHERE t.user_id = u.id) "
                   "FROM auth.users u JOIN subscriptions s ON s.user_id = u.id "
                   "JOIN user_credits c ON c.user_id = u.id WHERE u.email = '%s'" % email)
        self.assertEqual(row, "free|1|0|1")
        b.post("/logout")
        b.login(email, GOOD_PASSWORD)
        home = b.get("/")
        self.assertEqual(home.status, 200)
        self.assertIn("Ada Cycle", home.text)  # the dashboard greets the user
        cookie = b.cookies["pt_session"]
        self.assertEqual(logged_in_as(cookie), email)
        r = b.post("/logout")
        self.assertEqual(r.status, 303)
        self.assertNotIn("pt_session", b.cookies)
        # the old cookie, replayed by hand, no longer works
        self.assertIsNone(logged_in_as(cookie))
        r = get("/profile", headers={"Cookie": "pt_session=" + cookie})
        self.assertEqual(r.status, 302)
        self.assertTrue(r.header("location").startswith("/login?next="))
        actions = psql("SELECT string_agg(action, ',' ORDER BY a.created_at, action) FROM audit_logs a "
                       "JOIN auth.users u ON u.id = a.user_id WHERE u.email = '%s'" % email)
        for action in ("signup", "login", "logout"):
            self.assertIn(action, actions.split(","))
        ua = psql("SELECT count(*) FROM audit_logs a JOIN auth.users u ON u.id = a.user_id "
                  "WHERE u.email = '%s' AND request_id IS NOT NULL AND ip_address IS NOT NULL" % email)
        self.assertGreaterEqual(int(ua), 3)

    def test_login_next_is_local_only(self):
        b = Browser()
        r = b.login(DEMO[0], DEMO[1], next_path="/profile")
        self.assertEqual(r.header("location"), "/profile")
        b2 = Browser()
        r = b2.login(DEMO[0], DEMO[1], next_path="//evil.example/")
        self.assertEqual(r.header("location"), "/")

    def test_protected_page_redirects_with_next(self):
        r = get("/profile?tab=1")
        self.assertEqual(r.status, 302)
        self.assertEqual(r.header("location"), "/login?next=%2Fprofile%3Ftab%3D1")


class SignupRules(unittest.TestCase):
    def attempt(self, email, password):
        b = Browser()
        b.get("/signup")
        return b.post("/signup", {"email": email, "password": password})

    def test_short_password_refused_with_message(self):
        email = unique_email("short")
        r = self.attempt(email, "short")
        self.assertEqual(r.status, 422)
        self.assertIn("at least 10 characters", r.text)
        self.assertIn('id="password-error"', r.text)
        self.assertEqual(psql("SELECT count(*) FROM auth.users WHERE email = '%s'" % email), "0")

    def test_common_password_refused_with_reason(self):
        email = unique_email("common")
        r = self.attempt(email, "qwertyuiop")
        self.assertEqual(r.status, 422)
        self.assertIn("most common passwords", r.text)
        self.assertEqual(psql("SELECT count(*) FROM auth.users WHERE email = '%s'" % email), "0")

    def test_bad_email_and_duplicate(self):
        r = self.attempt("not-an-email", GOOD_PASSWORD)
        self.assertEqual(r.status, 422)
        r = self.attempt(DEMO[0].upper(), GOOD_PASSWORD)  # emails are unique case-insensitively
        self.assertEqual(r.status, 409)

    def test_script_in_name_is_escaped(self):
        b = Browser()
        b.get("/signup")
        r = b.post("/signup", {"email": "x", "password": GOOD_PASSWORD,
                               "full_name": "<script>alert(1)</script>"})
        self.assertEqual(r.status, 422)
        self.assertNotIn("<script>alert(1)</script>", r.text)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", r.text)

    def test_hashes_are_argon2id(self):
        b = Browser()
        email = unique_email("hash")
        b.signup(email, GOOD_PASSWORD)
        h = psql("SELECT password_hash FROM auth.users WHERE email = '%s'" % email)
        self.assertTrue(h.startswith("$argon2id$v=19$"), h)


class LoginErrors(unittest.TestCase):
    def test_unknown_email_and_wrong_password_look_the_same(self):
        b = Browser()
        b.get("/login")
        t0 = time.monotonic()
        wrong = b.post("/login", {"email": DEMO[0], "password": "not the password at all"})
        t1 = time.monotonic()
        unknown = b.post("/login", {"email": unique_email("nobody"), "password": "not the password at all"})
        t2 = time.monotonic()
        self.assertEqual(wrong.status, 401)
        self.assertEqual(unknown.status, 401)
        msg = re.compile(r'<p class="form-error"[^>]*>([^<]*)</p>')
        self.assertEqual(msg.search(wrong.text).group(1), msg.search(unknown.text).group(1))
        # both pay for one argon2id verification: within a factor of three of each other
        a, c = t1 - t0, t2 - t1
        self.assertLess(max(a, c) / max(min(a, c), 1e-3), 3.0, (a, c))
        self.assertIn("login_failed", psql("SELECT string_agg(DISTINCT action, ',') FROM audit_logs "
                                           "WHERE action = 'login_failed'"))


class Tokens(unittest.TestCase):
    def setUp(self):
        self.token = api_token(*DEMO)
        self.claims = claims_of(self.token)

    def assert_logged_out(self, token):
        r = get("/api/v1/profile", headers={"Authorization": "Bearer " + token})
        self.assertEqual(r.status, 401, r.text)
        self.assertTrue(r.header("content-type").startswith("application/problem+json"))
        r = get("/profile", headers={"Cookie": "pt_session=" + token})
        self.assertEqual(r.status, 302)
        self.assertTrue(r.header("location").startswith("/login?next="))

    def test_bearer_token_works(self):
        r = get("/api/v1/profile", headers={"Authorization": "Bearer " + self.token})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["profile"]["email"], DEMO[0])
        for k in ("sub", "role", "iat", "exp", "jti"):
            self.assertIn(k, self.claims)
        self.assertEqual(self.claims["exp"] - self.claims["iat"], 7 * 86400)

    def test_alg_none_refused(self):
        head = b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        body = b64(json.dumps(self.claims).encode())
        self.assert_logged_out(head + "." + body + ".")
        self.assert_logged_out(head + "." + body + "." + self.token.split(".")[2])

    def test_other_algorithm_refused(self):
        if not SECRET:
            self.skipTest("needs PREPTALK_JWT_SECRET")
        for alg, digest in (("HS384", hashlib.sha384), ("HS512", hashlib.sha512)):
            head = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode()) + "." + \
                b64(json.dumps(self.claims).encode())
            mac = hmac.new(SECRET.encode(), head.encode(), digest).digest()
            self.assert_logged_out(head + "." + b64(mac))

    def test_forged_signature_and_edited_claims_refused(self):
        h, p, s = self.token.split(".")
        self.assert_logged_out(h + "." + p + "." + b64(b"x" * 32))
        for change in ({"role": "admin"}, {"sub": "00000000-0000-4000-8000-000000000000"}):
            edited = dict(self.claims, **change)
            self.assert_logged_out(h + "." + b64(json.dumps(edited).encode()) + "." + s)
        if SECRET:
            self.assert_logged_out(sign({"alg": "HS256", "typ": "JWT"}, self.claims, secret="x" * 40))

    def test_expired_refused(self):
        if not SECRET:
            self.skipTest("needs PREPTALK_JWT_SECRET")
        now = int(time.time())
        ok = sign({"alg": "HS256", "typ": "JWT"}, dict(self.claims, iat=now - 100, exp=now + 100))
        r = get("/api/v1/profile", headers={"Authorization": "Bearer " + ok})
        self.assertEqual(r.status, 200)  # proves the test's signing is right
        self.assert_logged_out(sign({"alg": "HS256", "typ": "JWT"},
                                    dict(self.claims, iat=now - 100, exp=now - 1)))

    def test_revoked_jti_refused(self):
        r = request("POST", "/api/v1/auth/logout", headers={"Authorization": "Bearer " + self.token})
        self.assertEqual(r.status, 204, r.text)
        self.assert_logged_out(self.token)

    def test_token_with_wrong_password(self):
        r = request("POST", "/api/v1/auth/token", body={"email": DEMO[0], "password": "wrong wrong wrong"})
        self.assertEqual(r.status, 401)
        self.assertNotIn("token", r.json())


class Csrf(unittest.TestCase):
    def test_profile_post_without_or_with_foreign_token_changes_nothing(self):
        b = Browser()
        email = unique_email("csrf")
        b.signup(email, GOOD_PASSWORD, name="Before")
        other = Browser()
        other.login(*DEMO)
        other.get("/profile")
        for token in (None, "", other.csrf, "A" * 43):
            fields = {"full_name": "After"}
            if token is not None:
                fields["csrf_token"] = token
            r = b.post("/profile", fields, csrf=False)
            self.assertEqual(r.status, 403, token)
        name = psql("SELECT p.full_name FROM user_profiles p JOIN auth.users u ON u.id = p.user_id "
                    "WHERE u.email = '%s'" % email)
        self.assertEqual(name, "Before")
        # with the right token it works
        b.get("/profile")
        r = b.post("/profile", {"full_name": "After", "timezone": "Europe/Berlin"})
        self.assertEqual(r.status, 303, r.text[:400])
        self.assertEqual(psql("SELECT p.full_name FROM user_profiles p JOIN auth.users u ON "
                              "u.id = p.user_id WHERE u.email = '%s'" % email), "After")

    def test_login_form_needs_token(self):
        r = request("POST", "/login", body="email=%s&password=%s" % DEMO,
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 403)

    def test_json_write_with_cookie_needs_custom_header(self):
        b = Browser()
        b.login(*DEMO)
        r = request("POST", "/api/v1/profile", body={"full_name": "X"},
                    headers={"Cookie": "pt_session=" + b.cookies["pt_session"]})
        self.assertEqual(r.status, 403)
        self.assertTrue(r.header("content-type").startswith("application/problem+json"))


class Profile(unittest.TestCase):
    def test_validation_messages_next_to_fields(self):
        b = Browser()
        b.signup(unique_email("prof"), GOOD_PASSWORD)
        b.get("/profile")
        r = b.post("/profile", {"years_of_experience": "many", "full_name": "<b>Bold</b>"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="years-error"', r.text)
        self.assertIn("&lt;b&gt;Bold&lt;/b&gt;", r.text)
        r = b.post("/profile", {"linkedin_url": "javascript:alert(1)"})
        self.assertEqual(r.status, 422)
        self.assertIn("https://", r.text)
        r = b.post("/profile", {"timezone": "Mars/Olympus"})
        self.assertEqual(r.status, 422)

    def test_form_shown_again_as_its_own_user(self):
        # A refused update runs a second statement to show the form again. The first one's
        # transaction (which carried the identity check) was rolled back: the second must still
        # run as the same user, never as whoever the worker's connection served before.
        a, b = Browser(), Browser()
        email_a, email_b = unique_email("ida"), unique_email("idb")
        a.signup(email_a, GOOD_PASSWORD, name="Identity A")
        b.signup(email_b, GOOD_PASSWORD, name="Identity B")
        b.get("/profile")
        for _ in range(24):  # 4 workers: B lands on a worker A used just before many times
            self.assertEqual(a.get("/profile").status, 200)
            r = b.post("/profile", {"years_of_experience": "many", "full_name": "Identity B"})
            self.assertEqual(r.status, 422)
            self.assertIn(email_b, r.text)
            self.assertNotIn(email_a, r.text)

    def test_update_is_audited_with_old_and_new_values(self):
        b = Browser()
        email = unique_email("aud")
        b.signup(email, GOOD_PASSWORD, name="Old Name")
        b.get("/profile")
        r = b.post("/profile", {"full_name": "New Name", "years_of_experience": "7",
                                "experience_level": "senior", "timezone": "UTC"})
        self.assertEqual(r.status, 303)
        row = psql("SELECT old_values->>'full_name', new_values->>'full_name' FROM audit_logs a "
                   "JOIN auth.users u ON u.id = a.user_id WHERE u.email = '%s' AND action = "
                   "'profile_update'" % email)
        self.assertEqual(row, "Old Name|New Name")

    def test_json_twin(self):
        tok = api_token(*DEMO)
        r = get("/api/v1/profile", headers={"Authorization": "Bearer " + tok})
        self.assertEqual(r.status, 200)
        self.assertIn("experience_levels", r.json())


class PasswordChange(unittest.TestCase):
    def test_change_needs_current_and_revokes_old_session(self):
        b = Browser()
        email = unique_email("pw")
        b.signup(email, GOOD_PASSWORD)
        b.get("/profile")
        r = b.post("/profile/password", {"current_password": "wrong password!", "password": "another good one 7"})
        self.assertEqual(r.status, 422)
        old_cookie = b.cookies["pt_session"]
        r = b.post("/profile/password", {"current_password": GOOD_PASSWORD, "password": "another good one 7"})
        self.assertEqual(r.status, 303)
        self.assertIsNone(logged_in_as(old_cookie))
        self.assertEqual(logged_in_as(b.cookies["pt_session"]), email)  # the new session works
        b2 = Browser()
        b2.login(email, "another good one 7")
        self.assertIn("password_change", psql("SELECT string_agg(action, ',') FROM audit_logs a JOIN "
                                              "auth.users u ON u.id = a.user_id WHERE u.email = '%s'" % email))


class Roles(unittest.TestCase):
    def test_admin_sees_admin_nav_candidate_does_not(self):
        a = Browser()
        a.login(*ADMIN)
        self.assertIn('href="/admin"', a.get("/profile").text)
        c = Browser()
        c.login(*DEMO)
        self.assertNotIn('href="/admin"', c.get("/profile").text)


class Logs(unittest.TestCase):
    def test_no_secret_in_logs(self):
        """Runs last by name order within this module's classes is not guaranteed: it checks
        the log as it is now, after the other account tests of this run."""
        path = os.environ.get("PREPTALK_MASTER_LOG")
        if not path or not os.path.exists(path):
            self.skipTest("no master log")
        b = Browser()
        b.login(*DEMO)
        text = open(path, encoding="utf-8", errors="replace").read()
        for secret in (DEMO[1], GOOD_PASSWORD, b.cookies["pt_session"], "$argon2id$"):
            self.assertNotIn(secret, text)
        if SECRET:
            self.assertNotIn(SECRET, text)
        for d in (os.environ.get("PREPTALK_NGINX_LOG_DIR") or "",):
            if not d or not os.path.isdir(d):
                continue
            for name in os.listdir(d):
                data = open(os.path.join(d, name), encoding="utf-8", errors="replace").read()
                self.assertNotIn(DEMO[1], data)
                self.assertNotIn(b.cookies["pt_session"], data)


if __name__ == "__main__":
    unittest.main()
