"""lib.py: helpers for the HTTP tests, which drive nginx -> workers -> PostgreSQL.

Python 3 standard library only. scripts/test.sh exports what these read: PREPTALK_TEST_URL,
the master's pid file, the cluster's data dir and PGHOST/PGPORT/PGUSER (superuser).
"""
import gzip
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.parse

BASE_URL = os.environ.get("PREPTALK_TEST_URL", "http://127.0.0.1:18080")
_parsed = urllib.parse.urlsplit(BASE_URL)
HOST = _parsed.hostname or "127.0.0.1"
PORT = _parsed.port or 80
STATEMENT_TIMEOUT_S = int(os.environ.get("PREPTALK_STATEMENT_TIMEOUT_MS", "2000")) / 1000.0


class Response:
    """A response: status, headers (lower-case names; `header_list` keeps repeats), body."""

    def __init__(self, status, reason, header_list, body, elapsed):
        self.status = status
        self.reason = reason
        self.header_list = header_list
        self.headers = {k.lower(): v for k, v in header_list}
        self.body = body
        self.elapsed = elapsed

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "<%d %s, %d bytes>" % (self.status, self.reason, len(self.body))


def request(method, path, body=None, headers=None, timeout=5.0):
    """One HTTP/1.1 request on a fresh connection; body may be bytes, str or a dict (JSON)."""
    hdrs = dict(headers or {})
    if isinstance(body, dict):
        body = json.dumps(body).encode()
        hdrs.setdefault("Content-Type", "application/json")
    elif isinstance(body, str):
        body = body.encode()
    conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    start = time.monotonic()
    try:
        conn.request(method, path, body=body, headers=hdrs)
        r = conn.getresponse()
        data = r.read()
        return Response(r.status, r.reason, r.getheaders(), data, time.monotonic() - start)
    finally:
        conn.close()


def get(path, **kw):
    return request("GET", path, **kw)


def form_body(fields):
    return urllib.parse.urlencode(fields)


def raw(data, timeout=5.0):
    """Sends raw bytes (for requests http.client refuses to build) and parses the answer.

    The caller's bytes should ask for `Connection: close`; everything until close is read."""
    start = time.monotonic()
    with socket.create_connection((HOST, PORT), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    elapsed = time.monotonic() - start
    resp = b"".join(chunks)
    head, _, body = resp.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3}) ?(.*)", lines[0] if lines else "")
    if not m:
        raise AssertionError("no HTTP status line in %r" % resp[:200])
    header_list = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        header_list.append((name.strip(), value.strip()))
    return Response(int(m.group(1)), m.group(2), header_list, body, elapsed)


def raw_request(method, target, headers=None, body=b""):
    """Builds a request from bytes-or-str pieces without any validation, then sends it."""
    def b(x):
        return x if isinstance(x, bytes) else x.encode("latin-1")
    lines = [b(method) + b" " + b(target) + b" HTTP/1.1", b"Host: 127.0.0.1", b"Connection: close"]
    for k, v in (headers or {}).items():
        lines.append(b(k) + b": " + b(v))
    if body:
        lines.append(b"Content-Length: %d" % len(body))
    return raw(b"\r\n".join(lines) + b"\r\n\r\n" + b(body))


def gunzip(data):
    return gzip.decompress(data)


# --- PostgreSQL --------------------------------------------------------------------------

def psql(sql, url=None, database=None, check=True):
    """Runs SQL with psql (-tA): as the superuser on the test database by default, or with a
    libpq conninfo/URL. Returns stdout stripped; raises on error when check is true."""
    cmd = ["psql", "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1"]
    if url:
        cmd += ["-d", url]
    elif database:
        cmd += ["-d", database]
    cmd += ["-c", sql]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    if check and p.returncode != 0:
        raise AssertionError("psql failed (%d): %s\n%s" % (p.returncode, sql, p.stderr))
    return p.stdout.strip()


def _pg_ctl(*args):
    pg_ctl = os.path.join(os.environ.get("PREPTALK_PG_BIN", "/usr/lib/postgresql/15/bin"), "pg_ctl")
    cmd = [pg_ctl, "-D", os.environ["PREPTALK_PGDATA"]] + list(args)
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        cmd = ["runuser", "-u", "postgres", "--"] + cmd
    subprocess.run(cmd, check=True, cwd="/", stdout=subprocess.DEVNULL, timeout=90)


def pg_stop():
    """Stops the test cluster (fast shutdown: open connections are cut)."""
    _pg_ctl("-m", "fast", "-w", "stop")


def pg_start():
    """Starts the test cluster again with its log where test.sh put it."""
    _pg_ctl("-l", os.environ["PREPTALK_PG_LOG"], "-w", "start")


def pg_is_up():
    p = subprocess.run(["pg_isready", "-q"], timeout=10)
    return p.returncode == 0


# --- processes ---------------------------------------------------------------------------

def master_pid():
    with open(os.environ["PREPTALK_MASTER_PID_FILE"]) as f:
        return int(f.read().strip())


def children(pid):
    """Pids whose parent is pid (the master's workers and scheduler)."""
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
        except OSError:
            continue
        # the name (field 2) is in parentheses and may hold spaces: split after it
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and int(fields[1]) == pid and fields[0] != "Z":
            kids.append(int(entry))
    return sorted(kids)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


def worker_pids_seen(n=40):
    """The worker pids that answered n /healthz requests (the scheduler never answers)."""
    pids = set()
    for _ in range(n):
        r = get("/healthz")
        if r.status in (200, 503):
            try:
                pids.add(int(r.json()["worker_pid"]))
            except (ValueError, KeyError, TypeError):
                pass
    return pids


def signal_pid(pid, sig=signal.SIGTERM):
    os.kill(pid, sig)


def wait_for(predicate, timeout=5.0, interval=0.05):
    """Polls predicate until it returns a true value (returned) or timeout (returns None)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


# --- a browser-like client: cookies, CSRF tokens from forms, log-in ----------------------

DEMO = ("demo@preptalk.test", "practice-makes-perfect")
ADMIN = ("admin@preptalk.test", "admin-preptalk-2026")
_CSRF_RE = re.compile(r'name="csrf_token" value="([^"]*)"')


class Browser:
    """Keeps cookies like a browser and remembers the CSRF token of the last HTML page.
    get/post return lib.Response; post() sends the remembered token unless csrf=False."""

    def __init__(self):
        self.cookies = {}
        self.csrf = None

    def _headers(self, extra=None):
        h = dict(extra or {})
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        return h

    def _absorb(self, r):
        for name, value in r.header_list:
            if name.lower() != "set-cookie":
                continue
            pair = value.split(";", 1)[0]
            k, _, v = pair.partition("=")
            if "Max-Age=0" in value or v == "":
                self.cookies.pop(k, None)
            else:
                self.cookies[k] = v
        m = _CSRF_RE.search(r.text) if r.header("content-type", "").startswith("text/html") else None
        if m:
            self.csrf = m.group(1)
        return r

    def get(self, path, headers=None):
        return self._absorb(request("GET", path, headers=self._headers(headers)))

    def post(self, path, fields=None, csrf=True, headers=None):
        fields = dict(fields or {})
        if csrf and "csrf_token" not in fields:
            if self.csrf is None:
                self.get("/")
            fields["csrf_token"] = self.csrf or ""
        h = self._headers(headers)
        h["Content-Type"] = "application/x-www-form-urlencoded"
        return self._absorb(request("POST", path, body=form_body(fields), headers=h))

    def post_json(self, path, obj, headers=None):
        h = self._headers(headers)
        h["X-Requested-With"] = "XMLHttpRequest"
        return self._absorb(request("POST", path, body=obj, headers=h))

    def login(self, email, password, next_path=None):
        self.get("/login")
        fields = {"email": email, "password": password}
        if next_path:
            fields["next"] = next_path
        r = self.post("/login", fields)
        if r.status != 303:
            raise AssertionError("log-in of %s failed: %d %s" % (email, r.status, r.text[:300]))
        self.get("/")
        return r

    def signup(self, email, password, name="Test Candidate"):
        self.get("/signup")
        r = self.post("/signup", {"email": email, "password": password, "full_name": name})
        if r.status != 303:
            raise AssertionError("sign-up of %s failed: %d %s" % (email, r.status, r.text[:300]))
        self.get("/")
        return r


def api_token(email, password):
    """A Bearer token from POST /api/v1/auth/token."""
    r = request("POST", "/api/v1/auth/token", body={"email": email, "password": password})
    if r.status != 200:
        raise AssertionError("token for %s failed: %d %s" % (email, r.status, r.text[:300]))
    return r.json()["token"]


def unique_email(prefix="user"):
    return "%s-%d-%d@example.test" % (prefix, os.getpid(), time.monotonic_ns())
