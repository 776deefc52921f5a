"""test_malformed.py: hostile and malformed requests get a 4xx, never a 5xx, and no worker
dies (issue 2, "Done when"): the master's children are the same before and after."""
import unittest

from lib import children, get, master_pid, raw_request, request

CASES = [
    # (name, method, target, headers, body)
    ("bad percent-encoding in the query", "GET", "/?q=%zz", {}, b""),
    ("truncated percent-encoding in the query", "GET", "/?q=abc%4", {}, b""),
    ("bad percent-encoding in the path", "GET", "/%zz", {}, b""),
    ("a 10,000-character path", "GET", "/" + "a" * 10000, {}, b""),
    ("invalid UTF-8 in a parameter", "GET", "/?q=%C3%28", {}, b""),
    ("a lone continuation byte in a parameter", "GET", "/?q=%80", {}, b""),
    ("a NUL byte in a parameter", "GET", "/?q=a%00b", {}, b""),
    ("a NUL byte in a form field", "POST", "/login",
     {"Content-Type": "application/x-www-form-urlencoded"}, b"email=a%00b&password=x"),
    ("invalid UTF-8 in a form field", "POST", "/login",
     {"Content-Type": "application/x-www-form-urlencoded"}, b"email=%FF%FE&password=x"),
    ("bad percent-encoding in a form body", "POST", "/login",
     {"Content-Type": "application/x-www-form-urlencoded"}, b"email=%zz&password=%"),
    ("an unknown method", "FOOBAR", "/healthz", {}, b""),
    ("an unknown method on an unknown path", "BREW", "/no-such-page", {}, b""),
    ("a raw invalid UTF-8 byte in the path", "GET", b"/\xff\xfe", {}, b""),
    ("broken JSON to the API", "POST", "/api/v1/auth/token",
     {"Content-Type": "application/json"}, b'{"email": "a@b.c", "password": '),
]


class Malformed(unittest.TestCase):
    def setUp(self):
        self.master = master_pid()
        self.before = children(self.master)
        self.assertTrue(self.before, "the master has no children")

    def assert_workers_survived(self):
        self.assertEqual(get("/healthz").status, 200)
        self.assertEqual(children(self.master), self.before, "a worker died or was replaced")

    def test_malformed_requests_get_4xx(self):
        for name, method, target, headers, body in CASES:
            with self.subTest(name):
                r = raw_request(method, target, headers, body)
                self.assertGreaterEqual(r.status, 400, "%s: %r" % (name, r))
                self.assertLess(r.status, 500, "%s: %r %r" % (name, r, r.body[:300]))
        self.assert_workers_survived()

    def test_body_over_the_cap(self):
        big = b"email=" + b"a" * (2 * 1024 * 1024)
        r = request("POST", "/login", body=big,
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 413)
        self.assert_workers_survived()

    def test_json_body_over_the_cap(self):
        big = b'{"email": "' + b"a" * (2 * 1024 * 1024) + b'"}'
        r = request("POST", "/api/v1/auth/token", body=big,
                    headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 413)
        self.assert_workers_survived()
