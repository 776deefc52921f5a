"""test_community.py: sharing an interview experience (validation next to each field, pending
until moderation, the author sees it), helpful/outdated votes (one per user, changeable,
removable; the JSON twin returns the counts) and reports (issue 6)."""
import re
import unittest

from lib import DEMO, Browser, api_token, get, psql, request, unique_email

PASSWORD = "correct-horse-battery-staple-42"
COMPANY = psql("SELECT md5('company:2')::uuid")


def count(sql):
    return int(psql(sql))


def good_form(**kw):
    f = {"role_title": "Backend Engineer", "level": "senior", "location": "Boston, MA", "is_remote": "on",
         "interview_month": "2026-01", "application_source": "referral", "process_length_days": "21",
         "outcome": "no_offer", "experience": "neutral", "difficulty": "4",
         "title": "Long but fair", "content": "Recruiter call, then a coding round and a system design round.",
         "tips": "Practise system design out loud.", "confirm": "on",
         "round1_type": "coding", "round1_duration": "60", "round1_interviewer_role": "Staff engineer",
         "round1_topics": "graphs, heaps", "round1_questions": "Merge k sorted lists\nFind a cycle"}
    f.update(kw)
    return f


def new_user():
    b = Browser()
    email = unique_email("community")
    b.signup(email, PASSWORD)
    uid = psql("SELECT id FROM auth.users WHERE email = '%s'" % email)
    return b, email, uid


def posts_of(uid):
    return count("SELECT count(*) FROM user_feedback WHERE user_id = '%s'" % uid)


def published_post(company=None, not_by=None):
    where = "moderation_status = 'published' AND is_public"
    if company:
        where += " AND company_id = '%s'" % company
    if not_by:
        where += " AND user_id IS DISTINCT FROM '%s'" % not_by
    return psql("SELECT id FROM user_feedback WHERE %s ORDER BY id LIMIT 1" % where)


class Share(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.b, cls.email, cls.uid = new_user()

    def test_form_needs_log_in_and_a_real_company(self):
        r = get("/companies/%s/experiences/new" % COMPANY)
        self.assertIn(r.status, (302, 303))
        self.assertIn("/login?next=", r.header("location"))
        self.assertEqual(request("GET", "/api/v1/companies/%s/experiences/new" % COMPANY).status, 401)
        self.assertEqual(self.b.get("/companies/00000000-0000-4000-a000-000000000000/experiences/new").status, 404)
        self.assertEqual(self.b.get("/companies/nope/experiences/new").status, 404)

    def test_form_has_a_label_for_every_field(self):
        r = self.b.get("/companies/%s/experiences/new" % COMPANY)
        self.assertEqual(r.status, 200)
        ids = re.findall(r'<(?:input|select|textarea) id="([^"]+)"', r.text)
        self.assertGreater(len(ids), 20)
        for i in ids:
            self.assertIn('<label for="%s">' % i, r.text)
        for name in ("role_title", "interview_month", "application_source", "process_length_days", "outcome",
                     "experience", "difficulty", "content", "tips", "round3_questions"):
            self.assertIn('name="%s"' % name, r.text)
        self.assertIn('name="is_anonymous"', r.text)
        self.assertIn('name="csrf_token"', r.text)

    def test_empty_form_is_422_with_messages_next_to_fields(self):
        before = posts_of(self.uid)
        self.b.get("/companies/%s/experiences/new" % COMPANY)
        r = self.b.post("/companies/%s/experiences" % COMPANY, {})
        self.assertEqual(r.status, 422)
        for f in ("role_title", "outcome", "experience", "difficulty", "content", "confirm"):
            self.assertIn('id="%s-error"' % f, r.text)
        self.assertEqual(posts_of(self.uid), before)

    def test_bad_values_keep_what_was_typed(self):
        before = posts_of(self.uid)
        self.b.get("/companies/%s/experiences/new" % COMPANY)
        form = good_form(content="<script>alert(1)</script> short", difficulty="9", process_length_days="x1",
                         interview_month="2999-01", level="wizard", round2_duration="3", round2_type="",
                         role_title="R" * 201)
        r = self.b.post("/companies/%s/experiences" % COMPANY, form)
        self.assertEqual(r.status, 422)
        for f in ("difficulty", "process_length_days", "interview_month", "level", "role_title", "round2_type"):
            self.assertIn('id="%s-error"' % f, r.text, f)
        self.assertNotIn('id="content-error"', r.text, "long enough content is fine")
        self.assertNotIn("<script>alert(1)", r.text)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; short", r.text)
        self.assertIn('<option value="referral" selected>', r.text)
        self.assertIn('<option value="coding" selected>', r.text)
        self.assertEqual(posts_of(self.uid), before)

    def test_round_row_errors_sit_next_to_their_field(self):
        self.b.get("/companies/%s/experiences/new" % COMPANY)
        r = self.b.post("/companies/%s/experiences" % COMPANY, good_form(round2_type="coding", round2_duration="3"))
        self.assertEqual(r.status, 422)
        self.assertIn('id="round2_duration-error"', r.text)
        self.assertIn("between 5 and 480", r.text)

    def test_without_csrf_token_nothing_is_written(self):
        before = posts_of(self.uid)
        r = self.b.post("/companies/%s/experiences" % COMPANY, good_form(), csrf=False)
        self.assertEqual(r.status, 403)
        self.assertEqual(posts_of(self.uid), before)

    def test_share_is_pending_and_only_the_author_sees_it(self):
        self.b.get("/companies/%s/experiences/new" % COMPANY)
        r = self.b.post("/companies/%s/experiences" % COMPANY,
                        good_form(title="<script>x</script> headline", round2_type="behavioral"))
        self.assertEqual(r.status, 303, r.text[:500])
        self.assertIn("/companies/%s?shared=pending" % COMPANY, r.header("location"))
        row = psql("SELECT id || '|' || moderation_status || '|' || difficulty || '|' || jsonb_array_length(rounds) "
                   "|| '|' || (rounds->0->'questions'->>1) || '|' || to_char(interview_date, 'YYYY-MM') "
                   "FROM user_feedback WHERE user_id = '%s' ORDER BY created_at DESC LIMIT 1" % self.uid).split("|")
        pid = row[0]
        self.assertEqual(row[1:], ["pending", "4", "2", "Find a cycle", "2026-01"])
        self.assertEqual(count("SELECT count(*) FROM audit_logs WHERE action = 'experience_create' AND entity_id = '%s'"
                               % pid), 1)
        page = self.b.get("/companies/%s?shared=pending" % COMPANY)
        self.assertIn('id="post-%s"' % pid, page.text)
        self.assertIn("Pending review", page.text)
        self.assertIn("pending review", page.text)
        self.assertNotIn("<script>x</script>", page.text)
        self.assertIn("&lt;script&gt;x&lt;/script&gt; headline", page.text)
        self.assertNotIn(pid, get("/companies/%s" % COMPANY).text)
        other = api_token(*DEMO)
        m = request("GET", "/api/v1/companies/%s" % COMPANY, headers={"Authorization": "Bearer " + other}).json()
        self.assertNotIn(pid, [p["id"] for p in m["experiences"] + m["my_posts"]])

    def test_api_twin_creates_and_reports_errors(self):
        tok = api_token(self.email, PASSWORD)
        h = {"Authorization": "Bearer " + tok}
        before = posts_of(self.uid)
        r = request("POST", "/api/v1/companies/%s/experiences" % COMPANY, body={"role_title": ""}, headers=h)
        self.assertEqual(r.status, 422)
        self.assertTrue(r.header("content-type").startswith("application/problem+json"))
        self.assertIn("content", r.json()["errors"])
        self.assertEqual(posts_of(self.uid), before)
        body = good_form(is_anonymous=True, confirm=True, is_remote=False)
        r = request("POST", "/api/v1/companies/%s/experiences" % COMPANY, body=body, headers=h)
        self.assertEqual(r.status, 201, r.text)
        m = r.json()
        self.assertEqual(m["moderation_status"], "pending")
        self.assertEqual(psql("SELECT is_anonymous::text || is_remote::text FROM user_feedback WHERE id = '%s'" % m["id"]),
                         "truefalse")
        r = request("POST", "/api/v1/companies/00000000-0000-4000-a000-000000000000/experiences", body=body, headers=h)
        self.assertEqual(r.status, 404)


class Votes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.b, cls.email, cls.uid = new_user()
        cls.b.get("/companies/%s" % COMPANY)
        cls.post = published_post(COMPANY, cls.uid)

    def counts(self):
        return psql("SELECT helpful_count || '/' || outdated_count FROM user_feedback WHERE id = '%s'" % self.post)

    def test_markup_matches_app_js(self):
        page = self.b.get("/companies/%s" % COMPANY).text
        box = page[page.index('id="post-%s"' % self.post):]
        box = box[:box.index("</article>")]
        self.assertIn("data-post", page[page.index('id="post-%s"' % self.post) - 60:page.index('id="post-%s"' % self.post) + 80])
        self.assertIn('<form class="vote inline" method="post" action="/experiences/%s/vote">' % self.post, box)
        self.assertIn('data-count="helpful"', box)
        self.assertIn('data-count="outdated"', box)
        self.assertIn('name="value" value="helpful"', box)

    def test_vote_change_and_remove_through_the_json_twin(self):
        h0, o0 = map(int, self.counts().split("/"))
        r = self.b.post_json("/api/v1/experiences/%s/vote" % self.post, {"value": "helpful"})
        self.assertEqual(r.status, 200, r.text)
        m = r.json()
        self.assertEqual((m["helpful_count"], m["outdated_count"], m["my_vote"]), (h0 + 1, o0, "helpful"))
        m = self.b.post_json("/api/v1/experiences/%s/vote" % self.post, {"value": "outdated"}).json()
        self.assertEqual((m["helpful_count"], m["outdated_count"], m["my_vote"]), (h0, o0 + 1, "outdated"))
        m = self.b.post_json("/api/v1/experiences/%s/vote" % self.post, {"value": "outdated"}).json()
        self.assertEqual((m["helpful_count"], m["outdated_count"], m["my_vote"]), (h0, o0, None))
        self.assertEqual(self.counts(), "%d/%d" % (h0, o0))
        self.assertEqual(count("SELECT count(*) FROM user_feedback_votes WHERE user_id = '%s'" % self.uid), 0)

    def test_plain_form_vote_without_javascript(self):
        self.b.get("/companies/%s" % COMPANY)
        r = self.b.post("/experiences/%s/vote" % self.post, {"value": "helpful"})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("location"), "/companies/%s#post-%s" % (COMPANY, self.post))
        self.assertEqual(psql("SELECT vote FROM user_feedback_votes WHERE user_id = '%s' AND feedback_id = '%s'"
                              % (self.uid, self.post)), "helpful")
        page = self.b.get("/companies/%s" % COMPANY).text
        box = page[page.index('id="post-%s"' % self.post):]
        self.assertIn('aria-pressed="true">Helpful', box[:box.index("</article>")])
        self.b.post("/experiences/%s/vote" % self.post, {"value": "helpful"})
        self.assertEqual(count("SELECT count(*) FROM user_feedback_votes WHERE user_id = '%s'" % self.uid), 0)

    def test_refused_votes(self):
        before = self.counts()
        r = self.b.post_json("/api/v1/experiences/%s/vote" % self.post, {"value": "love"})
        self.assertEqual(r.status, 422)
        self.b.get("/companies/%s" % COMPANY)
        r = self.b.post("/experiences/%s/vote" % self.post, {"value": "<script>"})
        self.assertEqual(r.status, 422)
        self.assertIn("Choose helpful or outdated", r.text)
        self.assertIn('id="post-%s"' % self.post, r.text)
        r = self.b.post("/experiences/%s/vote" % self.post, {"value": "helpful"}, csrf=False)
        self.assertEqual(r.status, 403)
        hidden = psql("SELECT id FROM user_feedback WHERE moderation_status = 'hidden' LIMIT 1")
        pending = psql("SELECT id FROM user_feedback WHERE moderation_status = 'pending' AND user_id <> '%s' LIMIT 1"
                       % self.uid)
        for pid in (hidden, pending, "00000000-0000-4000-a000-000000000000"):
            self.assertEqual(self.b.post_json("/api/v1/experiences/%s/vote" % pid, {"value": "helpful"}).status, 404)
            self.assertEqual(self.b.post("/experiences/%s/vote" % pid, {"value": "helpful"}).status, 404)
        self.assertEqual(self.counts(), before)
        self.assertEqual(count("SELECT count(*) FROM user_feedback_votes WHERE user_id = '%s'" % self.uid), 0)

    def test_own_post_cannot_be_voted_or_reported(self):
        own = psql("INSERT INTO user_feedback (user_id, company_id, content, moderation_status, published_at) "
                   "VALUES ('%s', '%s', 'my own published post', 'published', now()) RETURNING id" % (self.uid, COMPANY))
        own = own.splitlines()[0]
        r = self.b.post_json("/api/v1/experiences/%s/vote" % own, {"value": "helpful"})
        self.assertEqual(r.status, 422)
        self.assertIn("own post", r.json()["detail"])
        r = self.b.post_json("/api/v1/experiences/%s/report" % own, {"reason": "spam"})
        self.assertEqual(r.status, 422)
        self.b.get("/companies/%s" % COMPANY)
        r = self.b.post("/experiences/%s/vote" % own, {"value": "helpful"})
        self.assertEqual(r.status, 422)
        self.assertIn("cannot vote on your own post", r.text)
        page = self.b.get("/companies/%s" % COMPANY).text
        box = page[page.index('id="post-%s"' % own):]
        self.assertNotIn('class="vote', box[:box.index("</article>")])
        demo = Browser()
        demo.login(*DEMO)
        pending = psql("SELECT f.id FROM user_feedback f JOIN auth.users u ON u.id = f.user_id "
                       "WHERE u.email = 'demo@preptalk.test' AND f.moderation_status = 'pending' ORDER BY f.id LIMIT 1")
        self.assertIn(demo.post_json("/api/v1/experiences/%s/vote" % pending, {"value": "helpful"}).status, (404, 422))
        self.assertEqual(count("SELECT count(*) FROM user_feedback_votes WHERE feedback_id IN ('%s', '%s')" % (own, pending)), 0)
        psql("DELETE FROM user_feedback WHERE id = '%s'" % own)


class Reports(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.b, cls.email, cls.uid = new_user()
        cls.b.get("/companies/%s" % COMPANY)
        cls.post = published_post(COMPANY, cls.uid)

    def reports(self):
        return count("SELECT count(*) FROM user_feedback_reports WHERE user_id = '%s' AND feedback_id = '%s'"
                     % (self.uid, self.post))

    def test_report_validation_then_once(self):
        self.b.get("/companies/%s" % COMPANY)
        r = self.b.post("/experiences/%s/report" % self.post, {"reason": ""})
        self.assertEqual(r.status, 422)
        self.assertIn('id="report-error-%s"' % self.post, r.text)
        r = self.b.post("/experiences/%s/report" % self.post, {"reason": "other", "details": ""})
        self.assertEqual(r.status, 422)
        self.assertIn("Tell us what is wrong", r.text)
        r = self.b.post("/experiences/%s/report" % self.post, {"reason": "spam", "details": "x" * 2001})
        self.assertEqual(r.status, 422)
        r = self.b.post("/experiences/%s/report" % self.post, {"reason": "spam"}, csrf=False)
        self.assertEqual(r.status, 403)
        self.assertEqual(self.reports(), 0)
        r = self.b.post("/experiences/%s/report" % self.post, {"reason": "inaccurate", "details": "<b>old</b>"})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("location"), "/companies/%s?reported=1#post-%s" % (COMPANY, self.post))
        self.assertEqual(psql("SELECT reason || '|' || details FROM user_feedback_reports WHERE user_id = '%s'" % self.uid),
                         "inaccurate|<b>old</b>")
        r = self.b.post("/experiences/%s/report" % self.post, {"reason": "spam"})
        self.assertEqual(r.status, 409)
        self.assertEqual(self.reports(), 1)
        page = self.b.get("/companies/%s?reported=1" % COMPANY).text
        self.assertIn("your report was sent", page)

    def test_api_report_and_hidden_post(self):
        other = published_post(None, self.uid)
        other = psql("SELECT id FROM user_feedback WHERE moderation_status = 'published' AND is_public "
                     "AND id <> '%s' AND user_id IS DISTINCT FROM '%s' ORDER BY id DESC LIMIT 1" % (self.post, self.uid))
        r = self.b.post_json("/api/v1/experiences/%s/report" % other, {"reason": "offensive"})
        self.assertEqual(r.status, 201, r.text)
        self.assertTrue(r.json()["reported"])
        hidden = psql("SELECT id FROM user_feedback WHERE moderation_status = 'hidden' LIMIT 1")
        self.assertEqual(self.b.post_json("/api/v1/experiences/%s/report" % hidden, {"reason": "spam"}).status, 404)
        self.assertEqual(self.b.post("/experiences/%s/report" % hidden, {"reason": "spam"}).status, 404)
        self.assertEqual(count("SELECT count(*) FROM user_feedback_reports WHERE user_id = '%s' AND feedback_id = '%s'"
                               % (self.uid, hidden)), 0)


if __name__ == "__main__":
    unittest.main()
