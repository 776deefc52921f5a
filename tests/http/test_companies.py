"""test_companies.py: the companies directory, company insights and the job page (issue 6),
HTML and JSON twins from one model, search, filters, keyset pages, 404s, escaping."""
import json
import re
import unittest
import urllib.parse

from lib import DEMO, Browser, api_token, get, psql, request

COMPANY1 = psql("SELECT md5('company:1')::uuid")
JOB1 = psql("SELECT md5('job:1')::uuid")
MISSING = "00000000-0000-4000-a000-000000000000"


def api(path, token=None):
    h = {"Authorization": "Bearer " + token} if token else {}
    return request("GET", "/api/v1" + path, headers=h)


class Directory(unittest.TestCase):
    def test_html_and_json_come_from_one_model(self):
        h = get("/companies")
        j = api("/companies")
        self.assertEqual(h.status, 200, h.text[:300])
        self.assertEqual(j.status, 200, j.text[:300])
        self.assertTrue(j.header("content-type").startswith("application/json"))
        m = j.json()
        self.assertEqual(len(m["companies"]), 20)
        total = int(psql("SELECT count(*) FROM companies"))
        self.assertEqual(m["total"], total)
        for c in m["companies"]:
            self.assertIn('href="/companies/%s"' % c["id"], h.text)
        self.assertTrue(h.header("etag"))

    def test_keyset_pages_cover_everything_once(self):
        seen, path, pages = [], "/api/v1/companies", 0
        while path:
            r = request("GET", path)
            self.assertEqual(r.status, 200, r.text[:300])
            m = r.json()
            seen += [c["name"] for c in m["companies"]]
            path = m["next"]
            pages += 1
            self.assertLess(pages, 10)
        names = psql("SELECT string_agg(name, '|' ORDER BY name, id) FROM companies").split("|")
        self.assertEqual(seen, names)
        self.assertEqual(pages, 2)
        html = get("/companies")
        self.assertIn('rel="next"', html.text)
        self.assertRegex(html.text, r'href="/companies\?after=[0-9a-f-]{36}"')

    def test_search_by_name_prefix_and_industry(self):
        m = api("/companies?q=northw").json()
        self.assertEqual([c["name"] for c in m["companies"]], ["Northwind Ledger"])
        m = api("/companies?q=fintech").json()
        expect = int(psql("SELECT count(*) FROM companies WHERE industry = 'Fintech' OR sub_industry ILIKE '%fintech%' "
                          "OR name ILIKE '%fintech%'"))
        self.assertEqual(m["total"], expect)
        self.assertGreater(expect, 0)
        self.assertTrue(all(c["industry"] == "Fintech" for c in m["companies"]))

    def test_filters_and_form_shows_current_values(self):
        m = api("/companies?industry=Fintech&remote=no").json()
        expect = int(psql("SELECT count(*) FROM companies WHERE industry = 'Fintech' AND NOT remote_first"))
        self.assertEqual(m["total"], expect)
        self.assertTrue(all(c["industry"] == "Fintech" and not c["remote_first"] for c in m["companies"]))
        self.assertEqual(m["filters"]["remote"], "no")
        h = get("/companies?industry=Fintech&remote=no&q=led")
        self.assertIn('<option value="Fintech" selected>', h.text)
        self.assertIn('<option value="no" selected>', h.text)
        self.assertIn('value="led"', h.text)
        self.assertIn("Clear filters", h.text)
        size = psql("SELECT company_size FROM companies WHERE id = md5('company:1')::uuid")
        m = api("/companies?size=" + urllib.parse.quote(size)).json()
        self.assertTrue(m["companies"])
        self.assertTrue(all(c["company_size"] == size for c in m["companies"]))
        facets = [f["value"] for f in m["industries"]]
        self.assertEqual(facets, sorted(facets))
        self.assertIn("Fintech", facets)

    def test_next_link_keeps_the_filters(self):
        m = api("/companies?type=scaleup").json()
        n = int(psql("SELECT count(*) FROM companies WHERE company_type = 'scaleup'"))
        self.assertEqual(m["total"], n)
        if n > 20:
            self.assertIn("type=scaleup", m["next"])
        else:
            self.assertIsNone(m["next"])

    def test_bad_filters_are_400(self):
        for q in ("remote=maybe", "size=huge", "after=not-a-uuid", "q=" + "x" * 201, "type=%3Cscript%3E"):
            with self.subTest(q=q):
                self.assertEqual(get("/companies?" + q).status, 400)
                r = api("/companies?" + q)
                self.assertEqual(r.status, 400)
                self.assertTrue(r.header("content-type").startswith("application/problem+json"))

    def test_script_in_search_is_escaped(self):
        r = get("/companies?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        self.assertEqual(r.status, 200)
        self.assertNotIn("<script>alert(1)", r.text)
        self.assertIn("&lt;script&gt;alert(1)", r.text)
        r = get("/companies?q=%27%3B+DROP+TABLE+companies%3B--")
        self.assertEqual(r.status, 200)
        self.assertEqual(int(psql("SELECT count(*) > 0 FROM companies") == "t"), 1)


class Insights(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.browser = Browser()
        cls.browser.login(*DEMO)
        cls.token = api_token(*DEMO)

    def test_one_model_two_representations(self):
        h = self.browser.get("/companies/" + COMPANY1)
        j = api("/companies/" + COMPANY1, self.token)
        self.assertEqual(h.status, 200, h.text[:300])
        self.assertEqual(j.status, 200)
        m = j.json()
        self.assertIn(m["company"]["name"].replace("&", "&amp;"), h.text)
        self.assertIn(m["overview"]["mission"], h.text)
        for flag in m["process"]["green_flags"] + m["process"]["red_flags"]:
            self.assertIn(flag.replace("'", "&#39;").replace("&", "&amp;") if "&" in flag else flag.replace("'", "&#39;"),
                          h.text)
        for job in m["jobs"]:
            self.assertIn('href="/jobs/%s"' % job["id"], h.text)
        for p in m["patterns"]:
            self.assertIn("%d%% confidence" % p["confidence_pct"], h.text)
        self.assertTrue(m["questions_by_round"])
        self.assertTrue(m["questions_by_role"])
        for e in m["experiences"]:
            self.assertIn('id="post-%s"' % e["id"], h.text)

    def test_aggregates_match_the_stats_view(self):
        m = api("/companies/" + COMPANY1).json()
        row = psql("SELECT feedback_count || '|' || round(positive_share * 100) || '|' || avg_difficulty_shrunk || '|' "
                   "|| total_sessions FROM company_interview_stats WHERE company_id = md5('company:1')::uuid").split("|")
        s = m["stats"]
        self.assertEqual(s["experiences"], int(row[0]))
        self.assertEqual(s["positive_pct"], int(row[1]))
        self.assertAlmostEqual(s["avg_difficulty"], float(row[2]))
        self.assertEqual(s["sessions"], int(row[3]))
        self.assertEqual(sum(x["count"] for x in s["sources"]),
                         int(psql("SELECT sum(value::int) FROM company_interview_stats, jsonb_each_text(application_sources) "
                                  "WHERE company_id = md5('company:1')::uuid")))

    def test_experiences_sorted_by_helpfulness_and_only_published(self):
        m = api("/companies/" + COMPANY1).json()
        counts = [e["helpful_count"] for e in m["experiences"]]
        self.assertEqual(counts, sorted(counts, reverse=True))
        published = int(psql("SELECT count(*) FROM user_feedback WHERE company_id = md5('company:1')::uuid "
                             "AND moderation_status = 'published' AND is_public"))
        self.assertEqual(len(m["experiences"]), min(published, 10))
        self.assertTrue(all(e["moderation_status"] == "published" for e in m["experiences"]))
        self.assertEqual(m["my_posts"], [], "anonymous visitors have no own posts")

    def test_anonymous_posts_show_no_name_and_hidden_posts_never_appear(self):
        cid = psql("SELECT company_id FROM user_feedback WHERE moderation_status = 'hidden' LIMIT 1")
        m = api("/companies/" + cid).json()
        hidden = psql("SELECT string_agg(id::text, ',') FROM user_feedback WHERE company_id = '%s' "
                      "AND moderation_status <> 'published'" % cid).split(",")
        ids = [e["id"] for e in m["experiences"]]
        for h in hidden:
            self.assertNotIn(h, ids)
        page = get("/companies/" + cid).text
        self.assertNotIn("whose full name I will share", page)
        anon = [e for e in m["experiences"] if e["is_anonymous"]]
        for e in anon:
            self.assertIsNone(e["author"])

    def test_unknown_or_malformed_id_is_404(self):
        for path in ("/companies/" + MISSING, "/companies/not-a-uuid", "/jobs/" + MISSING, "/jobs/123"):
            with self.subTest(path=path):
                self.assertEqual(get(path).status, 404)
                r = request("GET", "/api/v1" + path)
                self.assertEqual(r.status, 404)
                self.assertTrue(r.header("content-type").startswith("application/problem+json"))


class JobPage(unittest.TestCase):
    def test_job_model_and_html(self):
        b = Browser()
        b.login(*DEMO)
        h = b.get("/jobs/" + JOB1)
        self.assertEqual(h.status, 200, h.text[:300])
        m = api("/jobs/" + JOB1, api_token(*DEMO)).json()
        self.assertEqual(m["job"]["id"], JOB1)
        self.assertIn(m["job"]["title"], h.text)
        rounds = m["curriculum"]["rounds"]
        n = int(psql("SELECT count(*) FROM curriculum_rounds r JOIN curricula c ON c.id = r.curriculum_id "
                     "WHERE c.job_id = md5('job:1')::uuid AND c.is_active"))
        self.assertEqual(len(rounds), n)
        for rd in rounds:
            self.assertIn("Round %d: " % rd["number"], h.text)
            self.assertIn(rd["persona"]["name"], h.text)
            self.assertTrue(rd["criteria"])
        for s in m["requirements"]["technical"]:
            self.assertIn(s["skill"], h.text)
            self.assertIn("%d%%" % s["weight_pct"], h.text)
        self.assertEqual(m["credit_cost"], 1)
        credits = psql("SELECT monthly_credits + bonus_credits FROM user_credits u JOIN auth.users a ON a.id = u.user_id "
                       "WHERE a.email = 'demo@preptalk.test'")
        self.assertEqual(m["credits"]["total"], int(credits))
        self.assertIn('action="/jobs/%s/sessions"' % JOB1, h.text)
        self.assertRegex(h.text, r'<form method="post" action="/jobs/%s/sessions">\s*<input type="hidden" '
                                 r'name="csrf_token" value="[^"]+">' % JOB1)
        self.assertIn("You have <strong>%s</strong> credits" % credits, h.text)

    def test_logged_out_sees_log_in_to_practise(self):
        h = get("/jobs/" + JOB1)
        self.assertEqual(h.status, 200)
        self.assertIn('href="/login?next=/jobs/%s"' % JOB1, h.text)
        self.assertIn("Log in to practise", h.text)
        self.assertNotIn('action="/jobs/%s/sessions"' % JOB1, h.text)
        m = api("/jobs/" + JOB1).json()
        self.assertFalse(m["logged_in"])
        self.assertIsNone(m["credits"])

    def test_closed_job_is_404_for_strangers(self):
        closed = psql("SELECT j.id FROM jobs j WHERE NOT j.is_active AND NOT EXISTS "
                      "(SELECT 1 FROM interview_sessions s JOIN auth.users u ON u.id = s.user_id "
                      "WHERE s.job_id = j.id AND u.email = 'demo@preptalk.test') LIMIT 1")
        if not closed:
            self.skipTest("no closed job in the demo data")
        self.assertEqual(get("/jobs/" + closed).status, 404)
        self.assertEqual(api("/jobs/" + closed, api_token(*DEMO)).status, 404)


if __name__ == "__main__":
    unittest.main()
