"""test_response_cache.py: the workers' answer cache (app/core/rcache.c) through nginx: a
repeated logged-in page is served from it; a write through the app, a write made directly in
PostgreSQL and a log-out are all seen by the next request whichever worker answers it; the
JSON twin and the HTML page are cached apart; Cache-Control: no-cache skips it."""
import re
import unittest

from lib import DEMO, Browser, get, psql, unique_email

PASSWORD = "correct horse battery staple 42"
TRIES = 16  # several times the number of workers: every worker answers some of them


def cache_counts():
    text = get("/metrics").text
    hit = re.search(r'preptalk_response_cache_total\{result="hit"\} (\d+)', text)
    miss = re.search(r'preptalk_response_cache_total\{result="miss"\} (\d+)', text)
    return int(hit.group(1)) if hit else 0, int(miss.group(1)) if miss else 0


def new_candidate(name):
    b = Browser()
    b.signup(unique_email("rcache"), PASSWORD, name=name)
    return b


class ResponseCache(unittest.TestCase):
    def test_repeated_page_is_served_from_the_cache(self):
        b = Browser()
        b.login(*DEMO)
        hits0, _ = cache_counts()
        bodies = set()
        for _ in range(TRIES * 2):
            r = b.get("/api/v1/dashboard")
            self.assertEqual(r.status, 200)
            bodies.add(r.text)
        hits1, _ = cache_counts()
        self.assertGreater(hits1 - hits0, 0, "no answer came from the cache")
        self.assertEqual(len(bodies), 1, "a cached answer differs from a computed one")

    def test_no_cache_request_header_skips_it(self):
        b = Browser()
        b.login(*DEMO)
        for _ in range(TRIES):
            b.get("/api/v1/dashboard")
        hits0, misses0 = cache_counts()
        for _ in range(TRIES):
            self.assertEqual(b.get("/api/v1/dashboard", headers={"Cache-Control": "no-cache"}).status, 200)
        self.assertEqual(cache_counts(), (hits0, misses0))

    def test_a_write_through_the_app_is_seen_at_once(self):
        b = new_candidate("Cache Before")
        for _ in range(TRIES):
            self.assertIn("Cache Before", b.get("/profile").text)
            b.get("/api/v1/profile")
        for i in range(3):
            name = "Cache After %d" % i
            r = b.post("/profile", {"full_name": name, "timezone": "Europe/Berlin"})
            self.assertEqual(r.status, 303, r.text[:300])
            for _ in range(TRIES):
                self.assertIn(name, b.get("/profile").text)
                self.assertEqual(b.get("/api/v1/profile").json()["profile"]["full_name"], name)

    def test_a_write_made_in_postgresql_is_seen_at_once(self):
        b = new_candidate("Direct Before")
        for _ in range(TRIES):
            self.assertIn("Direct Before", b.get("/profile").text)
        psql("UPDATE user_profiles SET full_name = 'Direct After' WHERE full_name = 'Direct Before'")
        for _ in range(TRIES):
            self.assertIn("Direct After", b.get("/profile").text)

    def test_a_logged_out_session_is_refused_at_once(self):
        b = new_candidate("Cache Logout")
        cookie = {"Cookie": "pt_session=" + b.cookies["pt_session"]}
        for _ in range(TRIES):
            self.assertEqual(get("/api/v1/dashboard", headers=cookie).status, 200)
            self.assertIn("Cache Logout", get("/", headers=cookie).text)
        self.assertEqual(b.post("/logout").status, 303)
        for _ in range(TRIES):
            self.assertEqual(get("/api/v1/dashboard", headers=cookie).status, 401)
            self.assertNotIn("Cache Logout", get("/", headers=cookie).text)

    def test_html_and_json_are_cached_apart(self):
        b = Browser()
        b.login(*DEMO)
        for _ in range(TRIES):
            html = b.get("/")
            api = b.get("/api/v1/dashboard")
            self.assertTrue(html.header("content-type").startswith("text/html"))
            self.assertTrue(api.header("content-type").startswith("application/json"))
            self.assertTrue(api.text.startswith("{"))


if __name__ == "__main__":
    unittest.main()
