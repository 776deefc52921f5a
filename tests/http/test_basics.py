"""test_basics.py: the foundation's HTTP contract through nginx (issue 2): /healthz,
/metrics, 404/405 and problem+json, X-Request-Id, security headers, static files."""
import os
import re
import unittest

from lib import get, gunzip, request

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
ROOT = os.environ.get("PREPTALK_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))


class Healthz(unittest.TestCase):
    def test_healthz_reports_ok_database(self):
        r = get("/healthz")
        self.assertEqual(r.status, 200, r.text)
        self.assertTrue(r.header("content-type", "").startswith("application/json"))
        h = r.json()
        self.assertEqual(h["status"], "ok")
        self.assertIs(h["database"]["ok"], True)
        self.assertIsInstance(h["database"]["ms"], (int, float))
        self.assertGreaterEqual(h["database"]["ms"], 0)
        self.assertIsInstance(h["version"], str)
        self.assertTrue(h["version"])
        self.assertIsInstance(h["worker_pid"], int)
        self.assertGreater(h["worker_pid"], 1)
        self.assertIsInstance(h["uptime_s"], (int, float))

    def test_head_and_home_page(self):
        r = get("/")
        self.assertEqual(r.status, 200, r.text[:500])
        self.assertTrue(r.header("content-type", "").startswith("text/html"))
        self.assertIn(b"<html", r.body.lower())


class Errors(unittest.TestCase):
    def test_unknown_path_is_404(self):
        r = get("/no-such-page-here")
        self.assertEqual(r.status, 404)
        self.assertTrue(r.header("content-type", "").startswith("text/html"))

    def test_unknown_api_path_is_problem_json(self):
        r = get("/api/v1/no-such-thing")
        self.assertEqual(r.status, 404)
        self.assertTrue(r.header("content-type", "").startswith("application/problem+json"),
                        r.header("content-type"))
        p = r.json()
        self.assertEqual(p["status"], 404)
        self.assertTrue(p["title"])

    def test_wrong_method_is_405_with_allow(self):
        r = request("POST", "/healthz", body=b"", headers={"Content-Type": "text/plain"})
        self.assertEqual(r.status, 405)
        allow = [m.strip() for m in r.header("allow", "").split(",")]
        self.assertIn("GET", allow)
        self.assertNotIn("POST", allow)

    def test_request_id_header(self):
        a = get("/healthz").header("x-request-id")
        b = get("/no-such-page").header("x-request-id")
        self.assertRegex(a or "", r"^[0-9a-f]{32}$")  # nginx $request_id
        self.assertRegex(b or "", r"^[0-9a-f]{32}$")
        self.assertNotEqual(a, b)


class Metrics(unittest.TestCase):
    SAMPLE = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"'
                        r'(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*\})? '
                        r'[-+]?([0-9.eE+-]+|NaN|[+-]?Inf)( [0-9]+)?$')

    def test_prometheus_text_format(self):
        get("/healthz")
        r = get("/metrics")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("content-type", "").startswith("text/plain"))
        types = {}
        for line in r.text.splitlines():
            if not line or line.startswith("# HELP"):
                continue
            if line.startswith("# TYPE"):
                parts = line.split()
                self.assertEqual(len(parts), 4, line)
                self.assertIn(parts[3], ("counter", "gauge", "histogram", "summary", "untyped"))
                types[parts[2]] = parts[3]
                continue
            self.assertRegex(line, self.SAMPLE)
        self.assertIn("histogram", types.values(), "a latency histogram")
        self.assertRegex(r.text, r'_bucket\{[^}]*le="\+Inf"[^}]*\} [0-9]')
        names = " ".join(types)
        self.assertIn("request", names)
        self.assertIn("restart", names)
        self.assertIn("reconnect", names)


class Headers(unittest.TestCase):
    def check_security_headers(self, r):
        self.assertEqual(r.header("content-security-policy"), CSP)
        self.assertNotIn("unsafe-inline", r.header("content-security-policy", ""))
        self.assertEqual(r.header("x-content-type-options"), "nosniff")
        self.assertEqual(r.header("referrer-policy"), "strict-origin-when-cross-origin")
        self.assertEqual(r.header("server"), "nginx")  # server_tokens off: no version

    def test_on_pages_errors_and_static(self):
        for path in ("/healthz", "/", "/no-such-page", "/api/v1/nothing", "/static/bench-8k.txt",
                     "/static/no-such-file.css"):
            with self.subTest(path=path):
                self.check_security_headers(get(path))


class Static(unittest.TestCase):
    def test_cached_and_gzipped(self):
        with open(os.path.join(ROOT, "static", "bench-8k.txt"), "rb") as f:
            original = f.read()
        plain = get("/static/bench-8k.txt")
        self.assertEqual(plain.status, 200)
        self.assertEqual(plain.body, original)
        m = re.search(r"max-age=(\d+)", plain.header("cache-control", ""))
        self.assertTrue(m, plain.header("cache-control"))
        self.assertGreaterEqual(int(m.group(1)), 7 * 86400)
        zipped = get("/static/bench-8k.txt", headers={"Accept-Encoding": "gzip"})
        self.assertEqual(zipped.header("content-encoding"), "gzip")
        self.assertLess(len(zipped.body), len(original))
        self.assertEqual(gunzip(zipped.body), original)

    def test_static_is_served_by_nginx_not_the_workers(self):
        # a missing static file is nginx's plain 404, with no request id from a worker
        r = get("/static/no-such-file.css")
        self.assertEqual(r.status, 404)
        self.assertIsNone(r.header("x-request-id"))

    def test_no_traversal_out_of_static(self):
        for path in ("/static/../Makefile", "/static/..%2fMakefile", "/static/%2e%2e/Makefile",
                     "/static/../../etc/passwd"):
            with self.subTest(path=path):
                r = get(path)
                self.assertNotIn(b"plain GNU make", r.body)
                self.assertNotIn(b"root:x:0:0", r.body)
                self.assertLess(r.status, 500)
