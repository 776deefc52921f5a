"""test_hostile.py: at least 1,000 malformed or hostile requests across EVERY route of
app/routes.c (parsed from the table, :params replaced by hostile values), logged out, as a
candidate and as an admin, with and without CSRF (issue 9): no 5xx (503 included), no hang,
no worker died, and nothing written by the requests that carried no valid CSRF token.

The requests are random but reproducible: PREPTALK_HOSTILE_SEED picks them (printed on failure),
PREPTALK_HOSTILE_MIN sets the minimum number (1000)."""
import concurrent.futures
import glob
import json
import os
import random
import re
import socket
import time
import unittest
import urllib.parse
import uuid

from lib import (ADMIN, DEMO, HOST, PORT, Browser, api_token, children, get, master_pid, psql, raw_request,
                 request, unique_email)

ROOT = os.environ.get("PREPTALK_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
SEED = int(os.environ.get("PREPTALK_HOSTILE_SEED", "0") or 0) or int(time.time())
MINIMUM = int(os.environ.get("PREPTALK_HOSTILE_MIN", "1000"))
# nginx rate-limits POSTs to these (limit_req): keep well under the burst, 429 is fine
RATE_LIMITED = {"/login", "/signup", "/api/v1/auth/token"}
RATE_LIMITED_MAX = 30
GOOD_PASSWORD = "hostile tests are friendly 42"

ROUTE_RE = re.compile(r'\{\s*(M_[A-Z]+)\s*,\s*(API\s*)?"([^"]*)"\s*,\s*(AUTH_[A-Z]+)\s*,\s*(\w+)\s*,'
                      r'\s*(NULL|"[^"]*")\s*,\s*([^,]*),')


def parse_routes():
    """(method, pattern, auth, handler, flags) for every row of app/routes.c."""
    with open(os.path.join(ROOT, "app", "routes.c"), encoding="utf-8") as f:
        src = f.read()
    src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
    rows = []
    for m in ROUTE_RE.finditer(src):
        method = m.group(1)[2:]
        pattern = ("/api/v1" if m.group(2) else "") + m.group(3)
        rows.append((method, pattern, m.group(4), m.group(5), m.group(7).strip()))
    return rows


def form_fields():
    """Every form field name in the templates, plus names page handlers commonly read."""
    names = set()
    for path in glob.glob(os.path.join(ROOT, "templates", "**", "*.mustache"), recursive=True):
        with open(path, encoding="utf-8", errors="replace") as f:
            names.update(re.findall(r'name="([a-z_][a-z0-9_]*)"', f.read()))
    names.discard("viewport")
    names.update({"email", "password", "full_name", "answer", "answer_text", "question_id",
                  "round_id", "company_id", "job_id", "title", "body", "content", "rating", "vote",
                  "reason", "q", "limit", "cursor", "page", "after", "before", "sort", "status",
                  "role", "plan", "amount", "transcript", "next"})
    return sorted(names)


# Values that have broken parsers, SQL, templates and number conversions elsewhere.
HOSTILE = [
    "", " ", "'", "\"", "' OR '1'='1", "1' OR 1=1 --", "'; DROP TABLE auth.users; --",
    "1; SELECT pg_sleep(5)", "$1", "\\", "\\x00", "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>", "{{csrf_token}}", "{{{me}}}", "${jndi:ldap://x/a}",
    "../../../../etc/passwd", "..%2f..%2fetc%2fpasswd", "-1", "0", "-9223372036854775809",
    "9223372036854775808", "99999999999999999999999999999999", "1e309", "-1e309", "NaN",
    "Infinity", "0x7fffffff", "1.5", "true", "null", "[]", "{}", "\u202egnp.exe",
    "\U0001F600" * 50, "\ufeff", "A" * 5000, "x" * 70000, "\r\nSet-Cookie: evil=1",
    "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-00000000000g",
    "ffffffff-ffff-ffff-ffff-ffffffffffff", "javascript:alert(1)", "//evil.example/x",
    "https://evil.example/", "%", "%zz", "%c3%28", "\t\n\x0b\x0c\r",
]
# Raw (already encoded) fragments that must not decode: broken percent-encoding, bad UTF-8, NUL.
BROKEN_ENCODINGS = ["%", "%4", "%zz", "%C3%28", "%80", "%FF%FE", "%00", "%ED%A0%80", "%F5%80%80%80",
                    "%C0%AF", "a%2", "%%%", "%E2%82"]
BAD_CURSORS = ["-1", "0", "99999999999999999999", "-99999999999999999999", "abc", "Zm9vYmFy",
               "eyJpZCI6IjEnIE9SIDE9MSJ9", "2026-13-45T99:99:99Z", "null", "%00",
               "00000000-0000-0000-0000-000000000000", "' OR 1=1 --", "1e999", "+1", " 5"]
QUERY_KEYS = ["limit", "page", "per_page", "cursor", "after", "before", "next", "q", "sort",
              "offset", "size", "from", "to", "status", "id"]
CONTENT_TYPES = ["text/plain", "application/xml", "multipart/form-data",
                 "multipart/form-data; boundary=", "application/json; charset=utf-16",
                 "application/x-www-form-urlencoded; charset=koi8-r", "image/png", "", "*/*",
                 "application/jsonx", "multipart/form-data; boundary=\"unterminated"]


def enc(value):
    return urllib.parse.quote(value.encode("utf-8", "surrogatepass"), safe="")


class Client:
    """One identity: headers that authenticate it and the CSRF token its forms carry."""

    def __init__(self, name, cookies=None, csrf=None, bearer=None):
        self.name = name
        self.cookies = cookies or {}
        self.csrf = csrf
        self.bearer = bearer

    def headers(self, with_bearer=False):
        h = {}
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if with_bearer and self.bearer:
            h["Authorization"] = "Bearer " + self.bearer
        return h


def browser_client(name, creds=None, signup=False):
    b = Browser()
    if signup:
        b.signup(*creds)
    elif creds:
        b.login(*creds)
    else:
        b.get("/login")
    b.get("/profile" if creds else "/login")
    return Client(name, dict(b.cookies), b.csrf)


class Generator:
    """Builds hostile requests for the route rows: (description, method, target, headers, body)."""

    def __init__(self, rng, fields):
        self.rng = rng
        self.fields = fields

    def value(self):
        return self.rng.choice(HOSTILE)

    def path_for(self, pattern):
        out = []
        for seg in pattern.split("/"):
            if seg.startswith(":"):
                k = self.rng.randrange(6)
                if k == 0:
                    seg = str(uuid.UUID(int=self.rng.getrandbits(128)))  # well-formed, not ours
                elif k == 1:
                    seg = self.rng.choice(BROKEN_ENCODINGS)
                elif k == 2:
                    seg = self.rng.choice(["-1", "0", "99999999999999999999999", "1e9", "NaN"])
                else:
                    seg = enc(self.value())[:3000] or "%20"
            out.append(seg)
        return "/".join(out)

    def query(self):
        parts = []
        for _ in range(self.rng.randrange(1, 4)):
            key = self.rng.choice(QUERY_KEYS)
            k = self.rng.randrange(3)
            if k == 0:
                parts.append(key + "=" + enc(self.rng.choice(BAD_CURSORS)))
            elif k == 1:
                parts.append(key + "=" + self.rng.choice(BROKEN_ENCODINGS))
            else:
                parts.append(enc(key) + "=" + enc(self.value())[:2000])
        return "&".join(parts)

    def form(self, csrf):
        fields = {}
        for name in self.rng.sample(self.fields, min(len(self.fields), self.rng.randrange(1, 8))):
            fields[name] = self.value()
        if csrf is not None:
            fields["csrf_token"] = csrf
        return fields

    def body(self, csrf, is_api):
        """(content_type, body bytes, description) of one hostile body."""
        kind = self.rng.randrange(12)
        fields = self.form(csrf)
        if kind <= 2:
            return ("application/x-www-form-urlencoded",
                    urllib.parse.urlencode(fields).encode("utf-8", "surrogatepass"), "form")
        if kind == 3:
            bad = "&".join("%s=%s" % (k, self.rng.choice(BROKEN_ENCODINGS)) for k in fields)
            return "application/x-www-form-urlencoded", bad.encode(), "form, broken encoding"
        if kind == 4:
            raw = b"&".join(k.encode() + b"=" + bytes([0xff, 0xc0, 0xae, 0x80]) for k in fields)
            return "application/x-www-form-urlencoded", raw, "form, raw invalid UTF-8"
        if kind == 5:
            obj = {k: self.rng.choice([v, 10 ** 30, -1, None, [v], {"$gt": ""}, True, 1.5e300])
                   for k, v in fields.items()}
            return "application/json", json.dumps(obj).encode(), "JSON, wrong types"
        if kind == 6:
            text = json.dumps(fields)
            return ("application/json", text[:self.rng.randrange(1, max(2, len(text)))].encode(),
                    "JSON, truncated")
        if kind == 7:
            depth = self.rng.choice([40, 500, 5000])
            return "application/json", b"[" * depth + b"]" * depth, "JSON, nested %d deep" % depth
        if kind == 8:
            b = "----hostile%d" % self.rng.randrange(10 ** 6)
            parts = []
            for k, v in fields.items():
                parts.append('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (b, k, v))
            parts.append('--%s\r\nContent-Disposition: form-data; name="file"; filename="../../x%s.vtt"'
                         '\r\nContent-Type: text/vtt\r\n\r\nWEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\n'
                         '<v Candidate>%s\r\n' % (b, self.value()[:50], self.value()[:200]))
            body = "".join(parts)
            if self.rng.random() < 0.5:
                body += "--%s--\r\n" % b  # complete; else truncated (no closing delimiter)
            return ("multipart/form-data; boundary=" + b,
                    body.encode("utf-8", "surrogatepass"), "multipart")
        if kind == 9:
            ctype = self.rng.choice(CONTENT_TYPES)
            return ctype, urllib.parse.urlencode(fields).encode("utf-8", "surrogatepass"), \
                "wrong content type %r" % ctype
        if kind == 10:
            return "application/x-www-form-urlencoded", json.dumps(fields).encode(), \
                "JSON sent as a form"
        return "application/json", urllib.parse.urlencode(fields).encode("utf-8", "surrogatepass"), \
            "form sent as JSON"


def send(req):
    desc, method, target, headers, body = req
    try:
        if method == "RAW":
            r = truncated(target)
        elif isinstance(target, bytes) or any(ord(c) > 126 or c in " \r\n" for c in target):
            r = raw_request(method, target, headers, body)
        else:
            r = request(method, target, body=body or None, headers=headers, timeout=15)
        return req, r.status, r.body[:300], r.elapsed
    except Exception as e:  # a cut connection or a hang is a failure too
        return req, None, repr(e).encode(), 0.0


def truncated(data):
    """Sends data, then closes the sending half: the body ends before its Content-Length."""
    start = time.monotonic()
    with socket.create_connection((HOST, PORT), timeout=15) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            chunks.append(chunk)
    resp = b"".join(chunks)

    class R:
        pass
    r = R()
    m = re.match(rb"HTTP/1\.[01] (\d{3})", resp)
    # no answer at all (nginx just closes on a client that gave up) is fine: 499
    r.status = int(m.group(1)) if m else 499
    r.body = resp
    r.elapsed = time.monotonic() - start
    return r


def count_rows():
    """Row counts of every table a request could write (not the logs and metrics)."""
    tables = psql("SELECT string_agg(format('%I.%I', n.nspname, c.relname), ' ' ORDER BY 1) "
                  "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('public', 'auth') "
                  "AND c.relname NOT LIKE 'audit_logs%' AND c.relname NOT IN "
                  "('usage_metrics', 'system_health', 'scheduler_runs', 'schema_migrations')")
    if not tables:
        return {}
    sql = " UNION ALL ".join("SELECT '%s', count(*) FROM %s" % (t, t) for t in tables.split())
    return dict(line.split("|") for line in psql(sql).splitlines())


class Hostile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.routes = parse_routes()
        cls.rng = random.Random(SEED)
        cls.gen = Generator(cls.rng, form_fields())
        cls.anon = browser_client("anonymous")
        cls.demo = browser_client("candidate", DEMO)
        cls.demo.bearer = api_token(*DEMO)
        cls.admin = browser_client("admin", ADMIN)
        cls.admin.bearer = api_token(*ADMIN)
        # Writes WITH a valid token go to a throw-away candidate, never to the demo accounts.
        email = unique_email("hostile")
        cls.fresh = browser_client("fresh candidate", (email, GOOD_PASSWORD, "Hostile Tester"),
                                   signup=True)
        cls.fresh.bearer = api_token(email, GOOD_PASSWORD)
        cls.master = master_pid()

    def setUp(self):
        self.before = children(self.master)
        self.assertTrue(self.before, "the master has no children")
        self.rate_limited = 0

    def build(self, route, client, csrf_mode):
        """One hostile request for route as client. csrf_mode: none | wrong | valid."""
        method, pattern, _auth, _handler, _flags = route
        g, rng = self.gen, self.rng
        is_api = pattern.startswith("/api/")
        target = g.path_for(pattern)
        what = []
        if rng.random() < 0.6 or method == "GET":
            target += "?" + g.query()
            what.append("query")
        headers = client.headers(with_bearer=(csrf_mode == "valid" and is_api and rng.random() < 0.5))
        body = b""
        if method == "POST":
            token = {"none": None, "wrong": rng.choice([self.admin.csrf if client is not self.admin
                                                        else self.demo.csrf, "x" * 43, "' OR 1=1 --"]),
                     "valid": client.csrf}[csrf_mode]
            ctype, body, kind = g.body(token, is_api)
            what.append(kind)
            if ctype:
                headers["Content-Type"] = ctype
            if csrf_mode == "valid" and is_api and "Authorization" not in headers:
                headers["X-Requested-With"] = "XMLHttpRequest"
        elif rng.random() < 0.2:
            headers["Content-Type"] = "application/json"
            body = b'{"a": [1, 2,'
            what.append("GET with a truncated body")
        if rng.random() < 0.15:
            hostile_header = rng.choice([
                ("Cookie", "pt_session=eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."),
                ("Authorization", "Bearer ' OR 1=1 --"),
                ("Authorization", "Bearer " + "A" * 3000),
                ("If-None-Match", "\"" + "0" * 300 + "\""),
                ("Accept", "text/html;q=\"<script>\""),
                ("X-Requested-With", "XMLHttpRequest\u00ff"),
            ])
            if hostile_header[0] == "Cookie" and "Cookie" in headers:
                headers["Cookie"] += "; " + hostile_header[1]
            else:
                headers[hostile_header[0]] = hostile_header[1]
            what.append("hostile %s" % hostile_header[0])
        desc = "%s %s as %s, csrf %s, %s" % (method, pattern, client.name, csrf_mode, "+".join(what))
        return desc, method, target, headers, body

    def plan(self, clients, csrf_modes, per_route, skip):
        reqs = []
        for route in self.routes:
            if skip(route):
                continue
            n = per_route
            if route[0] == "POST" and route[1] in RATE_LIMITED:
                n = min(n, max(1, RATE_LIMITED_MAX // (3 * 2)))
            for _ in range(n):
                client = self.rng.choice(clients)
                mode = self.rng.choice(csrf_modes) if route[0] == "POST" else "none"
                reqs.append(self.build(route, client, mode))
        return reqs

    def run_all(self, reqs):
        failures = []
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            for req, status, body, elapsed in pool.map(send, reqs):
                if status is None or status >= 500:
                    failures.append("%s -> %s %r\n    target %r headers %r body %r" % (
                        req[0], status, body[:200], req[2][:200], req[3], req[4][:200]))
                elif elapsed > 10:
                    failures.append("%s -> %s after %.1f s (hang)" % (req[0], status, elapsed))
        return failures

    def assert_clean(self, reqs, failures):
        self.assertEqual(failures, [], "seed %d: %d of %d hostile requests failed:\n%s" % (
            SEED, len(failures), len(reqs), "\n".join(failures[:25])))
        self.assertEqual(get("/healthz").status, 200)
        self.assertEqual(children(self.master), self.before, "a worker died or was replaced")

    def test_every_route_without_valid_csrf_writes_nothing(self):
        # Routes that need no CSRF (token exchange, API sign-up) are covered below.
        skip = lambda rt: "R_NO_CSRF" in rt[4] and rt[0] == "POST"  # noqa: E731
        open_routes = [rt for rt in self.routes if not skip(rt)
                       and not (rt[0] == "POST" and rt[1] in RATE_LIMITED)]
        per_route = max(20, MINIMUM // max(1, len(open_routes)) + 1)
        reqs = self.plan([self.anon, self.demo, self.admin], ["none", "wrong"], per_route, skip)
        self.assertGreaterEqual(len(reqs), MINIMUM)
        before = count_rows()
        failures = self.run_all(reqs)
        after = count_rows()
        changed = {t: (before[t], after.get(t)) for t in before if before[t] != after.get(t)}
        self.assert_clean(reqs, failures)
        self.assertEqual(changed, {}, "seed %d: requests without a valid CSRF token wrote rows "
                         "(table: before, after)" % SEED)

    def test_every_route_with_valid_csrf_no_5xx(self):
        # A fresh candidate (and anonymous) with valid tokens: hostile values reach the
        # handlers and their SQL. Log-out would end the session: it is covered above.
        reqs = self.plan([self.fresh, self.anon], ["valid"], 12,
                         skip=lambda rt: "logout" in rt[3])
        failures = self.run_all(reqs)
        self.assert_clean(reqs, failures)

    def test_no_csrf_routes_refuse_hostile_input(self):
        users = psql("SELECT count(*) FROM auth.users")
        reqs = self.plan([self.anon], ["none"], 10,
                         skip=lambda rt: not ("R_NO_CSRF" in rt[4] and rt[0] == "POST"))
        failures = self.run_all(reqs)
        self.assert_clean(reqs, failures)
        self.assertEqual(psql("SELECT count(*) FROM auth.users"), users, "hostile sign-up created a user")

    def test_static_path_traversal(self):
        secrets = [b"root:x:0:0", b"PREPTALK_JWT_SECRET", b"#include", b"CREATE TABLE"]
        targets = [
            "/static/../../../../etc/passwd", "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
            "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/....//....//etc/passwd",
            "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/static/..\\..\\app\\main.c",
            "/static/../app/main.c", "/static/..%2fapp%2fmain.c", "/static/%2e%2e%2fsql/migrations",
            "/static../app/main.c", "/static/%00../../etc/passwd", "/static/css/../../app/main.c",
            "/static//etc/passwd", "/static/./../Makefile", "/static/%252e%252e/Makefile",
            "/static/..;/Makefile", "/static/" + "../" * 40 + "etc/passwd",
            "/favicon.ico/../../etc/passwd", "/static/../build/test-var/jwt-secret",
            "/static/../sql/migrations/002_auth.up.sql", "/static/%2e%2e/%2e%2e/proc/self/environ",
        ]
        failures = []
        for t in targets:
            for method in ("GET", "HEAD"):
                r = raw_request(method, t)
                if r.status >= 500 or (r.status == 200 and any(s in r.body for s in secrets)):
                    failures.append("%s %s -> %d %r" % (method, t, r.status, r.body[:120]))
        self.assertEqual(failures, [])
        self.assertEqual(children(self.master), self.before, "a worker died or was replaced")

    def test_oversized_and_truncated_bodies(self):
        reqs = []
        for method, pattern, _a, _h, flags in self.routes:
            if method != "POST" or pattern in RATE_LIMITED:
                continue
            target = self.gen.path_for(pattern)
            h = self.demo.headers()
            h["Content-Type"] = "application/x-www-form-urlencoded"
            reqs.append(("%s oversized form" % pattern, "POST", target, dict(h),
                         b"full_name=" + b"A" * (1024 * 1024 + 10)))
            h["Content-Type"] = "application/json"
            reqs.append(("%s oversized JSON" % pattern, "POST", target, dict(h),
                         b'{"a":"' + b"b" * (1024 * 1024) + b'"}'))
        # A body cut short of its Content-Length (nginx answers 400 when the client closes).
        for pattern in ("/profile", "/api/v1/profile"):
            head = ("POST %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: %s\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
                    "full_name=abc" % (pattern, self.demo.headers()["Cookie"]))
            reqs.append(("%s truncated body" % pattern, "RAW", head.encode(), {}, b""))
        failures = self.run_all(reqs)
        self.assert_clean(reqs, failures)


if __name__ == "__main__":
    unittest.main()
