"""test_reports.py: the dashboard, the feedback reports and the credits page (issue 6): each
HTML page and its /api/v1 twin come from one model, charts are inline SVG with a text
alternative, evidence is highlighted safely, the ledger is keyset-paginated and complete,
another user's report is 404."""
import json
import re
import unittest
import uuid

from lib import DEMO, Browser, psql, unique_email

DEMO_UID = psql("SELECT id FROM auth.users WHERE email = 'demo@preptalk.test'")


def api(b, path):
    r = b.get("/api/v1" + path, headers={"X-Requested-With": "XMLHttpRequest"})
    assert r.status == 200, (path, r.status, r.text[:300])
    assert r.header("content-type").startswith("application/json")
    return r.json()


def fmt(v):
    """A number as the templates print it (json: 72.5, 70.0 -> '70.0' from PostgreSQL numerics)."""
    return json.dumps(v)


class Reports(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.b = Browser()
        cls.b.login(*DEMO)
        cls.done = psql("SELECT id FROM interview_sessions WHERE user_id = '%s' AND status = 'completed' "
                        "ORDER BY completed_at DESC LIMIT 1" % DEMO_UID)

    def test_dashboard_html_and_json_are_one_model(self):
        r = self.b.get("/")
        self.assertEqual(r.status, 200)
        m = api(self.b, "/dashboard")
        self.assertIn(">%d<" % m["credits"]["total"], r.text)
        self.assertIn(m["credits"]["renews_on"], r.text)
        for s in m["recent"]:
            self.assertIn(s["report_url"], r.text)
            self.assertIn(">%s<" % fmt(s["score"]), r.text)
        for s in m["in_progress"]:
            self.assertIn('href="%s"' % s["url"], r.text)
        self.assertTrue(m["in_progress"], "the demo candidate has a session in progress")
        for f in m["focus_areas"]:
            self.assertIn(f["area"], r.text)
        for j in m["jobs"]:
            self.assertIn(j["url"], r.text)
        # charts: inline SVG with a title and a desc listing the numbers
        self.assertEqual(r.text.count("<svg"), 2)
        desc = re.search(r'<desc id="score-chart-d">(.*?)</desc>', r.text).group(1)
        for p in m["score_series"]:
            self.assertIn("%s: %s" % (p["label"], ("%g" % p["value"])), desc)
        self.assertIn('aria-labelledby="score-chart-t score-chart-d"', r.text)
        self.assertNotIn("charts", m)  # the charts are a representation, not part of the model

    def test_session_report(self):
        r = self.b.get("/sessions/%s/report" % self.done)
        self.assertEqual(r.status, 200)
        m = api(self.b, "/sessions/%s/report" % self.done)
        self.assertIn(fmt(m["overall_score"]), r.text)
        self.assertIn(m["readiness"], r.text)
        self.assertIsNotNone(m["percentile"])
        self.assertIn(fmt(m["percentile"]) + "<", r.text)
        for d in m["dimensions"]:
            self.assertIn("%s: %s" % (d["label"], "%g" % d["score"]), r.text)  # in the chart's desc
        for rd in m["rounds"]:
            if rd["report_url"]:
                self.assertIn(rd["report_url"], r.text)
        for g in m["feedback_groups"]:
            self.assertIn(g["label"], r.text)
        self.assertIsNotNone(m["previous"], "the demo candidate practised this curriculum before")
        self.assertIn('href="/static/css/print.css" media="print"', r.text)
        stored = psql("SELECT percentile_rank FROM interview_sessions WHERE id = '%s'" % self.done)
        self.assertAlmostEqual(m["percentile"], float(stored))

    def test_round_report_with_marks(self):
        r = self.b.get("/sessions/%s/rounds/1/report" % self.done)
        self.assertEqual(r.status, 200)
        m = api(self.b, "/sessions/%s/rounds/1/report" % self.done)
        self.assertIn(fmt(m["overall_score"]), r.text)
        for d in m["dimensions"]:
            self.assertIn(d["label"], r.text)
        marked = [t for t in m["transcript"] if t["highlights"]]
        self.assertTrue(marked, "evidence quotes are found in the transcript")
        self.assertIn("<mark>", r.text)
        self.assertIn("<desc id=\"fillers-chart-d\">", r.text)
        for path in ("/sessions/%s/rounds/0/report", "/sessions/%s/rounds/99/report", "/sessions/%s/rounds/x/report"):
            self.assertEqual(self.b.get(path % self.done).status, 404)
        self.assertEqual(self.b.get("/sessions/%s/report" % uuid.uuid4()).status, 404)

    def test_marks_are_escaped_first(self):
        # a round whose transcript and evidence hold markup: the mark wraps escaped text
        sr = psql("SELECT sr.id FROM session_rounds sr WHERE sr.session_id = '%s' AND sr.round_number = 2" % self.done)
        old = psql("SELECT messages::text FROM round_transcripts WHERE session_round_id = '%s'" % sr)
        evil = "<script>alert('x')</script> & I shipped it"
        try:
            psql("UPDATE round_transcripts SET messages = messages || jsonb_build_array(jsonb_build_object("
                 "'speaker', 'candidate', 'text', 'Before ' || %s || ' after')) WHERE session_round_id = '%s'"
                 % ("$q$" + evil + "$q$", sr))
            psql("UPDATE round_analyses SET top_strengths = top_strengths || jsonb_build_array(jsonb_build_object("
                 "'area', 'Test', 'evidence', %s)) WHERE session_round_id = '%s'" % ("$q$" + evil + "$q$", sr))
            r = self.b.get("/sessions/%s/rounds/2/report" % self.done)
            self.assertEqual(r.status, 200)
            self.assertNotIn("<script>alert", r.text)
            self.assertIn("Before <mark>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; I shipped it</mark> after", r.text)
        finally:
            psql("UPDATE round_transcripts SET messages = %s::jsonb WHERE session_round_id = '%s'" % ("$q$" + old + "$q$", sr))
            psql("UPDATE round_analyses SET top_strengths = top_strengths - (jsonb_array_length(top_strengths) - 1) "
                 "WHERE session_round_id = '%s'" % sr)

    def test_other_user_gets_404(self):
        b = Browser()
        b.signup(unique_email("peek"), "correct horse battery staple 42")
        for path in ("/sessions/%s/report", "/sessions/%s/rounds/1/report"):
            self.assertEqual(b.get(path % self.done).status, 404)
            r = b.get("/api/v1" + path % self.done, headers={"X-Requested-With": "XMLHttpRequest"})
            self.assertEqual(r.status, 404)
            self.assertTrue(r.header("content-type").startswith("application/problem+json"))
        # a new user's dashboard is empty but complete
        r = b.get("/")
        self.assertEqual(r.status, 200)
        self.assertIn("No session in progress", r.text)
        self.assertEqual(r.text.count("<svg"), 0)


class Credits(unittest.TestCase):
    def test_ledger_pages_cover_everything_once(self):
        b = Browser()
        email = unique_email("ledger")
        b.signup(email, "correct horse battery staple 42")
        uid = psql("SELECT id FROM auth.users WHERE email = '%s'" % email)
        # 40 grants in one transaction share created_at: the keyset must break ties by id
        psql("SELECT app.credit_grant('%s', 1, 'grant ' || g) FROM generate_series(1, 40) g" % uid)
        m = api(b, "/credits")
        r = b.get("/credits")
        self.assertEqual(r.status, 200)
        self.assertIn(">%d <" % m["balance"]["total"], r.text)
        self.assertIn(m["plan"]["name"], r.text)
        for f in m["plan"]["features"]:
            self.assertIn(f["name"], r.text)
        seen = [row["id"] for row in m["ledger"]]
        self.assertLessEqual(len(seen), 25)
        nxt = m["next"]
        while nxt:
            self.assertTrue(nxt.startswith("/credits?after="))
            page = api(b, nxt)
            seen += [row["id"] for row in page["ledger"]]
            nxt = page["next"]
        self.assertGreater(len(seen), 25)
        total = int(psql("SELECT count(*) FROM credit_transactions WHERE user_id = '%s'" % uid))
        self.assertEqual(len(seen), total)
        self.assertEqual(len(set(seen)), total)
        # the ledger sums to the balance
        self.assertEqual(int(psql("SELECT sum(amount) FROM credit_transactions WHERE user_id = '%s'" % uid)),
                         m["balance"]["total"])
        self.assertEqual(b.get("/credits?after=nonsense").status, 400)
        self.assertEqual(b.get("/credits?after=%s" % uuid.uuid4()).status, 404)


if __name__ == "__main__":
    unittest.main()
