"""test_admin_lists.py: the admin lists of migration 071 through nginx, the workers and PostgreSQL.

The moderation queue shows 25 posts a page, oldest first, each an excerpt with a link to the
whole post, its open reports (3 at most, with the count), and a link to the next page that
continues where the page ended; the JSON twin carries the same model. The audit log pages by its
'Older entries' link without repeating or skipping an entry, its entity-type filter keeps to the
type, and it suggests the entity types; 25 entries a page, a diff table only for an entry with
old or new values. The user page lists the newest ledger rows first."""
import re
import unittest

from lib import ADMIN, Browser, api_token, psql, request

UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
TAIL = "THE-END-OF-THE-LONG-POST"


def ids_in(html, prefix):
    """The distinct ids of links /admin/<prefix>/<id> in page order."""
    seen = []
    for m in re.finditer(r'href="/admin/%s/(%s)"' % (prefix, UUID_RE), html):
        if m.group(1) not in seen:
            seen.append(m.group(1))
    return seen


def unescape_href(s):
    return s.replace("&amp;", "&")


class AdminLists(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.admin = Browser()
        cls.admin.login(*ADMIN)
        cls.token = api_token(*ADMIN)
        # 30 pending posts older than any other (one long, one with 4 open reports), so the first
        # two pages of the queue are these.
        author = psql("SELECT id FROM auth.users WHERE email = 'demo@preptalk.test'")
        company = psql("SELECT id FROM companies ORDER BY name LIMIT 1")
        cls.posts = psql(
            "INSERT INTO user_feedback (user_id, company_id, title, content, moderation_status, created_at) "
            "SELECT '%s', '%s', 'Lists test post ' || i, "
            "CASE WHEN i = 1 THEN repeat('Long words here. ', 100) || '%s' ELSE 'Short post ' || i END, "
            "'pending', timestamptz '1990-01-01' + make_interval(mins => i) "
            "FROM generate_series(1, 30) i RETURNING id" % (author, company, TAIL)).split("\n")
        cls.reporters = psql(
            "INSERT INTO auth.users (email, password_hash, role) "
            "SELECT 'lists-reporter-' || i || '-' || md5(random()::text) || '@preptalk.test', "
            "'$argon2id$v=19$m=19456,t=2,p=1$x$y', 'candidate' "
            "FROM generate_series(1, 4) i RETURNING id").split("\n")
        psql("INSERT INTO user_feedback_reports (feedback_id, user_id, reason, details, created_at) "
             "SELECT '%s', u, 'other', 'Lists report ' || n, now() + make_interval(secs => n::int) "
             "FROM unnest('{%s}'::uuid[]) WITH ORDINALITY x(u, n)" % (cls.posts[2], ",".join(cls.reporters)))

    @classmethod
    def tearDownClass(cls):
        psql("DELETE FROM user_feedback WHERE id IN (%s)" % ",".join("'%s'" % p for p in cls.posts))
        psql("DELETE FROM auth.users WHERE id IN (%s)" % ",".join("'%s'" % u for u in cls.reporters))

    def test_moderation_pages_of_25_with_excerpts(self):
        page = self.admin.get("/admin/moderation")
        self.assertEqual(page.status, 200)
        first = ids_in(page.text, "posts")
        self.assertEqual(first, self.posts[:25], "the 25 oldest, oldest first")
        self.assertIn("Long words here.", page.text)
        self.assertNotIn(TAIL, page.text, "an excerpt, not the whole post")
        self.assertIn('<a href="/admin/posts/%s">Read the whole post</a>' % self.posts[0], page.text)
        self.assertIn("Open reports (4)", page.text)
        self.assertIn("Lists report 3", page.text)
        self.assertNotIn("Lists report 4", page.text, "3 reports at most in the queue")
        self.assertIn("1 more on the post", page.text)
        whole = self.admin.get("/admin/posts/%s" % self.posts[0])
        self.assertIn(TAIL, whole.text, "the post's page has all of it")
        self.assertIn("Lists report 4", self.admin.get("/admin/posts/%s" % self.posts[2]).text)
        # the next page continues after the 25th
        m = re.search(r'<a href="(/admin/moderation\?after=[^"]+)">Next 25 posts</a>', page.text)
        self.assertTrue(m, "a link to the next page")
        page2 = self.admin.get(unescape_href(m.group(1)))
        self.assertEqual(page2.status, 200)
        self.assertEqual(ids_in(page2.text, "posts")[:5], self.posts[25:30], "the next ones, none repeated")
        self.assertIn('<a href="/admin/moderation">Back to the oldest posts</a>', page2.text)
        self.assertNotIn("Back to the oldest posts", page.text)
        # a cursor that is not one: the first page
        self.assertEqual(ids_in(self.admin.get("/admin/moderation?after=junk").text, "posts"), first)

    def test_moderation_json_twin(self):
        r = request("GET", "/api/v1/admin/moderation", headers={"Authorization": "Bearer " + self.token})
        self.assertEqual(r.status, 200)
        j = r.json()
        self.assertEqual([p["id"] for p in j["posts"]], self.posts[:25])
        self.assertEqual((j["more"], j["page_size"], j["after"]), (True, 25, None))
        self.assertTrue(j["next"].startswith("?after="))
        long_post = j["posts"][0]
        self.assertTrue(long_post["truncated"])
        self.assertLessEqual(len(long_post["excerpt"]), 301)
        self.assertTrue(long_post["excerpt"].endswith("…"))
        self.assertNotIn("content", long_post)
        reported = j["posts"][2]
        self.assertEqual((reported["open_reports"], reported["more_reports"], len(reported["reports"])), (4, 1, 3))
        j2 = request("GET", "/api/v1/admin/moderation" + j["next"],
                     headers={"Authorization": "Bearer " + self.token}).json()
        self.assertEqual([p["id"] for p in j2["posts"]][:5], self.posts[25:30])

    def test_audit_log_pages_and_entity_filter(self):
        # 120 entries of one type at one time: the page breaks fall among them
        psql("INSERT INTO audit_logs (action, entity_type, created_at) "
             "SELECT 'lists_test', 'lists_test_entity', timestamptz '2001-02-03 04:05:06.789012+00' "
             "FROM generate_series(1, 120)")
        seen = []
        path = "/admin/audit?entity_type=lists_test_entity"
        for _ in range(10):
            page = self.admin.get(path)
            self.assertEqual(page.status, 200)
            entries = re.findall(r'<article class="card audit-entry">', page.text)
            self.assertLessEqual(len(entries), 25)
            self.assertEqual(len(re.findall(r"lists_test <span class=\"muted\">on lists_test_entity</span>", page.text)),
                             len(entries), "only the filtered type")
            seen.append(len(entries))
            m = re.search(r'<a href="(/admin/audit\?[^"]+)">Older entries</a>', page.text)
            if not m:
                break
            path = unescape_href(m.group(1))
        self.assertEqual(seen, [25, 25, 25, 25, 20], "120 entries on five pages of 25")
        self.assertNotIn('class="audit-diff"', page.text, "no old and new values: no table")
        # the JSON twin pages the same entries, each once
        got = []
        nxt = "?entity_type=lists_test_entity"
        while nxt:
            j = request("GET", "/api/v1/admin/audit" + nxt, headers={"Authorization": "Bearer " + self.token}).json()
            got += [e["id"] for e in j["entries"]]
            nxt = j["next"]
        want = psql("SELECT string_agg(id::text, ',' ORDER BY created_at DESC, id DESC) FROM audit_logs "
                    "WHERE entity_type = 'lists_test_entity'").split(",")
        self.assertEqual(got, want, "every entry once, newest first by (time, id)")
        # the filter suggests the entity types (a list rebuilt every 5 minutes)
        psql("UPDATE app.audit_entity_types SET built_at = now() - interval '1 hour'")
        page = self.admin.get("/admin/audit")
        self.assertIn('<option value="lists_test_entity">', page.text)
        psql("DELETE FROM audit_logs WHERE entity_type = 'lists_test_entity'")

    def test_user_ledger_newest_first(self):
        uid = psql("SELECT id FROM auth.users WHERE email = 'demo@preptalk.test'")
        psql("INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description, created_at) "
             "SELECT '%s', 'earned', 'bonus', 1, 'Lists ledger ' || i, timestamptz '2090-01-01' + make_interval(days => i) "
             "FROM generate_series(1, 3) i" % uid)
        try:
            page = self.admin.get("/admin/users/%s" % uid)
            self.assertEqual(page.status, 200)
            order = [page.text.find("Lists ledger %d" % i) for i in (3, 2, 1)]
            self.assertTrue(all(o > 0 for o in order) and order == sorted(order), "newest first: %s" % order)
        finally:
            psql("DELETE FROM credit_transactions WHERE description LIKE 'Lists ledger %%' AND user_id = '%s'" % uid)


if __name__ == "__main__":
    unittest.main()
