"""test_admin.py: the admin pages of issue 8 through nginx, the workers and PostgreSQL.

An admin curates a company, a job with requirements and a two-round curriculum, activates it and a
candidate starts a practice for that job; moderation (publish, hide with a reason, restore); users
(bonus credits, deactivate); the audit log; every admin row of app/routes.c answers 404 to a visitor
and to a candidate; every admin write route writes its audit row (checked by request id)."""
import json
import os
import re
import unittest
import uuid

from lib import ADMIN, Browser, api_token, get, psql, request, unique_email

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
PASSWORD = "admin tests use this 1 long phrase"


def admin_routes():
    """(method, path pattern) of every row of app/routes.c under /admin or /api/v1/admin."""
    with open(os.path.join(ROOT, "app", "routes.c")) as f:
        src = f.read()
    rows = []
    for m in re.finditer(r'\{\s*M_(GET|POST|PUT|DELETE|PATCH)\s*,\s*(API\s+)?"([^"]+)"', src):
        path = ("/api/v1" if m.group(2) else "") + m.group(3)
        if path.startswith("/admin") or path.startswith("/api/v1/admin"):
            rows.append((m.group(1), path))
    return rows


def concrete(pattern):
    return re.sub(r":[a-z_]+", str(uuid.uuid4()), pattern)


def q(s):
    return s.replace("'", "''")


class AdminFlow(unittest.TestCase):
    """Shared helpers: an admin browser, and the audit row a write left behind."""

    covered = set()  # POST patterns exercised with their audit row checked

    @classmethod
    def setUpClass(cls):
        cls.admin = Browser()
        cls.admin.login(*ADMIN)
        cls.admin_id = psql("SELECT id FROM auth.users WHERE email = '%s'" % ADMIN[0])

    def write(self, pattern, path, fields, action, status=303, browser=None):
        """POSTs a form; on success checks the audit row of that very request."""
        b = browser or self.admin
        r = b.post(path, fields)
        self.assertEqual(r.status, status, "%s: %s" % (path, r.text[:500]))
        if status < 400:
            rid = r.header("x-request-id")
            self.assertTrue(rid)
            row = psql("SELECT action, admin_id, ip_address IS NOT NULL, user_agent IS NOT NULL, "
                       "(old_values IS NOT NULL OR new_values IS NOT NULL) FROM audit_logs "
                       "WHERE request_id = '%s'" % q(rid))
            self.assertEqual(row, "%s|%s|t|t|t" % (action, self.admin_id), "audit row of %s" % path)
            AdminFlow.covered.add(pattern)
        return r

    def audit_count(self):
        return int(psql("SELECT count(*) FROM audit_logs"))


class T1Curation(AdminFlow):
    def test_company_job_curriculum_then_practice(self):
        b = self.admin
        name = "Admin Test Co %d" % os.getpid()
        # validation: errors next to their fields, nothing written
        b.get("/admin/companies/new")
        before = self.audit_count()
        r = b.post("/admin/companies", {"name": "", "confidence_score": "7", "verification_status": "verified",
                                        "domain": "not a domain", "ip_round_1_duration_minutes": "45"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="name-error"', r.text)
        self.assertIn('id="confidence_score-error"', r.text)
        self.assertIn('id="domain-error"', r.text)
        self.assertIn("Name the round", r.text)
        self.assertIn('value="not a domain"', r.text)  # what was typed is shown again
        self.assertEqual(self.audit_count(), before)
        # create, with structured fields through real form fields
        fields = {"name": name, "domain": "admintest%d.example" % os.getpid(), "industry": "Testing",
                  "company_size": "11-50", "company_type": "startup", "locations": "Berlin\nRemote\n",
                  "remote_first": "on", "mission": "Test <script>alert(1)</script> things",
                  "values": "Rigor\nKindness", "funding_stage": "Seed", "funding_investors": "Alpha Fund\nBeta VC",
                  "ip_typical_rounds": "3", "ip_average_duration_days": "14", "ip_green_flags": "Fast answers",
                  "ip_red_flags": "Long take-home", "ip_round_1_name": "Recruiter call",
                  "ip_round_1_duration_minutes": "30", "ip_round_2_name": "Pairing", "data_sources": "website",
                  "verification_status": "verified", "confidence_score": "0.8"}
        r = self.write("/admin/companies", "/admin/companies", fields, "company_create")
        cid = re.search(UUID_RE, r.header("location")).group(0)
        row = json.loads(psql("SELECT json_build_object('loc', locations, 'remote', remote_first, 'values', overview->'values', "
                              "'rounds', interview_process->'rounds', 'inv', funding_info->'investors', 'v', verification_status, "
                              "'c', confidence_score) FROM companies WHERE id = '%s'" % cid))
        self.assertEqual(row["loc"], ["Berlin", "Remote"])
        self.assertTrue(row["remote"])
        self.assertEqual(row["values"], ["Rigor", "Kindness"])
        self.assertEqual(row["rounds"], [{"name": "Recruiter call", "duration_minutes": 30},
                                         {"name": "Pairing", "duration_minutes": None}])
        self.assertEqual(row["inv"], ["Alpha Fund", "Beta VC"])
        self.assertEqual((row["v"], row["c"]), ("verified", 0.8))
        page = b.get("/admin/companies/%s/edit" % cid)
        self.assertEqual(page.status, 200)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", page.text)
        self.assertNotIn("<script>alert(1)", page.text)
        self.assertIn("Berlin\nRemote</textarea>", page.text)
        self.assertRegex(page.text, r'<option value="11-50" selected>')
        # the JSON twin has the same model
        tok = api_token(*ADMIN)
        j = request("GET", "/api/v1/admin/companies/%s/edit" % cid, headers={"Authorization": "Bearer " + tok})
        self.assertEqual(j.status, 200)
        self.assertEqual(j.json()["form"]["locations"], "Berlin\nRemote")
        self.assertEqual(j.json()["company"]["id"], cid)
        # edit
        fields["industry"] = "Quality"
        self.write("/admin/companies/:id", "/admin/companies/%s" % cid, fields, "company_update")
        self.assertEqual(psql("SELECT industry FROM companies WHERE id = '%s'" % cid), "Quality")
        # search
        self.assertIn(name, b.get("/admin/companies?q=" + name.replace(" ", "+")).text)

        # a job with requirements
        b.get("/admin/jobs/new?company_id=" + cid)
        r = b.post("/admin/jobs", {"company_id": cid, "title": "", "salary_currency": "usd",
                                   "tech_1_skill": "Go", "tech_1_weight": "3"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="title-error"', r.text)
        self.assertIn("Enter a weight from 0 to 1", r.text)
        self.assertIn('value="Go"', r.text)
        job = {"company_id": cid, "title": "Test Engineer", "level": "mid", "job_type": "full-time",
               "work_arrangement": "remote", "salary_currency": "EUR", "salary_min": "50000", "salary_max": "70000",
               "tech_1_skill": "Go", "tech_1_level": "advanced", "tech_1_years": "3", "tech_1_required": "on",
               "tech_1_weight": "0.4", "tech_2_skill": "SQL", "tech_2_level": "intermediate", "tech_2_weight": "0.2",
               "soft_1_skill": "Communication", "soft_1_required": "on", "soft_1_weight": "0.2",
               "min_years": "2", "preferred_years": "4", "education_level": "bachelor",
               "required_certifications": "CKA"}
        r = self.write("/admin/jobs", "/admin/jobs", job, "job_create")
        jid = re.search(UUID_RE, r.header("location")).group(0)
        req = json.loads(psql("SELECT json_build_object('t', technical_skills, 's', soft_skills, 'c', required_certifications) "
                              "FROM job_requirements WHERE job_id = '%s'" % jid))
        self.assertEqual(req["t"][0], {"skill": "Go", "level": "advanced", "years": 3, "required": True, "weight": 0.4})
        self.assertEqual(req["t"][1], {"skill": "SQL", "level": "intermediate", "required": False, "weight": 0.2})
        self.assertEqual(req["s"][0]["skill"], "Communication")
        self.assertEqual(req["c"], ["CKA"])
        job["title"] = "Test Engineer II"
        self.write("/admin/jobs/:id", "/admin/jobs/%s" % jid, job, "job_update")
        self.write("/admin/jobs/:id/deactivate", "/admin/jobs/%s/deactivate" % jid, {}, "job_deactivate")
        self.write("/admin/jobs/:id/activate", "/admin/jobs/%s/activate" % jid, {}, "job_activate")

        # a curriculum: new (empty) version, two rounds with questions, then activate
        b.get("/admin/jobs/%s/curricula" % jid)
        r = self.write("/admin/jobs/:id/curricula", "/admin/jobs/%s/curricula" % jid,
                       {"title": "Test Engineer practice"}, "curriculum_create")
        kid = re.search(UUID_RE, r.header("location")).group(0)
        self.write("/admin/curricula/:id", "/admin/curricula/%s" % kid,
                   {"title": "Test Engineer practice v1", "difficulty_level": "intermediate",
                    "learning_objectives": "Explain trade-offs"}, "curriculum_update")
        r = b.post("/admin/curricula/%s/rounds" % kid, {"new_round_type": "bogus", "new_round_title": "",
                                                       "new_round_minutes": "2"})
        self.assertEqual(r.status, 422)
        for k in ("new_round_type", "new_round_title", "new_round_minutes"):
            self.assertIn('id="%s-error"' % k, r.text)
        rounds = []
        for rtype, title in (("phone_screen", "Screen"), ("coding", "Coding")):
            r = self.write("/admin/curricula/:id/rounds", "/admin/curricula/%s/rounds" % kid,
                           {"new_round_type": rtype, "new_round_title": title, "new_round_minutes": "30"}, "round_create")
            rounds.append(re.search(UUID_RE, r.header("location")).group(0))
        r = b.post("/admin/curricula/%s/activate" % kid, {})
        self.assertEqual(r.status, 422)
        self.assertIn("Round 1 has no questions", r.text)
        rnd = {"round_type": "coding", "title": "Coding", "duration_minutes": "45", "passing_score": "70",
               "persona_name": "Kim", "persona_role": "Staff engineer", "opening_script": "Hello",
               "closing_script": "Thanks", "topic_1_topic": "Concurrency", "topic_1_subtopics": "channels, locks",
               "topic_1_minutes": "20", "topic_1_must_cover": "on", "crit_1_criterion": "Correctness",
               "crit_1_weight": "0.6", "crit_1_excellent": "Handles edge cases", "crit_1_good": "Mostly right",
               "crit_1_needs_improvement": "Misses cases"}
        bad = dict(rnd, crit_2_weight="0.3")
        r = b.post("/admin/rounds/%s" % rounds[1], bad)
        self.assertEqual(r.status, 422)
        self.assertIn("Name the criterion", r.text)
        self.write("/admin/rounds/:id", "/admin/rounds/%s" % rounds[1], rnd, "round_update")
        crit = json.loads(psql("SELECT evaluation_criteria FROM curriculum_rounds WHERE id = '%s'" % rounds[1]))
        self.assertEqual(crit[0]["scoring_rubric"]["excellent"], "Handles edge cases")
        topics = json.loads(psql("SELECT topics_to_cover FROM curriculum_rounds WHERE id = '%s'" % rounds[1]))
        self.assertEqual(topics[0], {"topic": "Concurrency", "subtopics": ["channels", "locks"], "time_allocation": 20,
                                     "must_cover": True})
        questions = []
        for rid in rounds:
            b.get("/admin/rounds/%s/questions/new" % rid)
            r = b.post("/admin/rounds/%s/questions" % rid, {"question_text": "Hi"})
            self.assertEqual(r.status, 422)
            self.assertIn('id="question_text-error"', r.text)
            r = self.write("/admin/rounds/:id/questions", "/admin/rounds/%s/questions" % rid,
                           {"question_text": "Tell me about <b>a hard bug</b> you fixed.", "question_type": "behavioral",
                            "difficulty": "medium", "is_required": "on", "expected_answer_points": "Context\nResult",
                            "follow_up_questions": "What would you change?", "excellent_indicators": "Numbers",
                            "red_flags": "Blame", "partial_credit": "on"}, "question_create")
            qid = psql("SELECT id FROM question_bank WHERE curriculum_round_id = '%s'" % rid)
            questions.append(qid)
        page = b.get("/admin/rounds/%s" % rounds[0])
        self.assertIn("Tell me about &lt;b&gt;a hard bug&lt;/b&gt;", page.text)
        self.write("/admin/questions/:id", "/admin/questions/%s" % questions[0],
                   {"question_text": "Tell me about a hard bug you fixed.", "question_type": "behavioral",
                    "difficulty": "hard", "expected_answer_points": "Context\nAction\nResult"}, "question_update")
        self.assertEqual(psql("SELECT expected_answer_points::text FROM question_bank WHERE id = '%s'" % questions[0]),
                         '["Context", "Action", "Result"]')
        # a third round and an extra question, deleted again
        r = self.write("/admin/curricula/:id/rounds", "/admin/curricula/%s/rounds" % kid,
                       {"new_round_type": "final", "new_round_title": "Extra", "new_round_minutes": "15"}, "round_create")
        extra = re.search(UUID_RE, r.header("location")).group(0)
        self.write("/admin/rounds/:id/questions", "/admin/rounds/%s/questions" % extra,
                   {"question_text": "An extra question?"}, "question_create")
        xq = psql("SELECT id FROM question_bank WHERE curriculum_round_id = '%s'" % extra)
        self.write("/admin/questions/:id/delete", "/admin/questions/%s/delete" % xq, {}, "question_delete")
        self.write("/admin/rounds/:id/delete", "/admin/rounds/%s/delete" % extra, {}, "round_delete")
        self.write("/admin/curricula/:id/activate", "/admin/curricula/%s/activate" % kid, {}, "curriculum_activate")
        self.assertEqual(psql("SELECT is_active, total_rounds FROM curricula WHERE id = '%s'" % kid), "t|2")

        # a candidate can now start a practice for that job
        cand = Browser()
        email = unique_email("admin-practice")
        cand.signup(email, PASSWORD)
        with open(os.path.join(ROOT, "app", "routes.c")) as f:
            has_route = '"/jobs/:id/sessions"' in f.read()
        if has_route:
            cand.get("/jobs/%s" % jid)
            r = cand.post("/jobs/%s/sessions" % jid, {})
            self.assertIn(r.status, (201, 302, 303), r.text[:300])
        else:  # the sessions pages are not there yet: start it as that candidate in SQL
            uid = psql("SELECT id FROM auth.users WHERE email = '%s'" % email)
            psql("SET ROLE preptalk_app; SELECT set_config('app.user_id', '%s', false), "
                 "set_config('app.role', 'candidate', false); SELECT app.session_start('%s')" % (uid, jid))
        self.assertEqual(psql("SELECT s.curriculum_id, s.total_rounds FROM interview_sessions s JOIN auth.users u "
                              "ON u.id = s.user_id WHERE u.email = '%s'" % email), "%s|2" % kid)
        # the used version is now frozen; a new version copies it
        r = b.post("/admin/rounds/%s" % rounds[1], rnd)
        self.assertEqual(r.status, 422)
        self.assertIn("Create a new version", r.text)
        r = b.post("/admin/jobs/%s/curricula" % jid, {"title": "Test Engineer practice v2"})
        self.assertEqual(r.status, 303)
        k2 = re.search(UUID_RE, r.header("location")).group(0)
        self.assertEqual(psql("SELECT count(*) FROM question_bank b JOIN curriculum_rounds r ON r.id = b.curriculum_round_id "
                              "WHERE r.curriculum_id = '%s'" % k2), "2")
        self.assertEqual(psql("SELECT is_active FROM curricula WHERE id = '%s'" % k2), "f")

        # deleting the company says what depends on it
        page = b.get("/admin/companies/%s/delete" % cid)
        self.assertIn("1 practice session(s)", page.text)
        r = b.post("/admin/companies/%s/delete" % cid, {})
        self.assertEqual(r.status, 422)
        self.assertIn("cannot be deleted: 1 practice session(s)", r.text)
        self.assertEqual(psql("SELECT count(*) FROM companies WHERE id = '%s'" % cid), "1")
        # a company nothing depends on goes
        r = self.write("/admin/companies", "/admin/companies", {"name": name + " spare", "verification_status": "unverified",
                                                               "confidence_score": "0.5"}, "company_create")
        spare = re.search(UUID_RE, r.header("location")).group(0)
        self.write("/admin/companies/:id/delete", "/admin/companies/%s/delete" % spare, {}, "company_delete")
        self.assertEqual(psql("SELECT count(*) FROM companies WHERE id = '%s'" % spare), "0")

        # the audit log filters by entity and shows old and new values side by side
        page = b.get("/admin/audit?entity_type=company&entity_id=%s" % cid)
        self.assertEqual(page.status, 200)
        self.assertIn("company_update", page.text)
        self.assertIn("Quality", page.text)
        j = request("GET", "/api/v1/admin/audit?entity_type=company&entity_id=%s&action=company_update" % cid,
                    headers={"Authorization": "Bearer " + tok}).json()
        self.assertEqual(len(j["entries"]), 1)
        change = [c for c in j["entries"][0]["changes"] if c["field"] == "industry"][0]
        self.assertEqual((change["old"], change["new"], change["changed"]), ("Testing", "Quality", True))
        page = b.get("/admin/audit?entity_id=nope&from=2026-13-45")
        self.assertIn("Enter an id", page.text)
        self.assertIn("Enter a date that exists", page.text)


class T2Moderation(AdminFlow):
    def test_publish_hide_restore(self):
        b = self.admin
        pending = psql("SELECT id FROM user_feedback WHERE moderation_status = 'pending' ORDER BY created_at LIMIT 1")
        queue = b.get("/admin/moderation")
        self.assertEqual(queue.status, 200)
        self.assertIn(pending, queue.text)
        self.write("/admin/posts/:id/publish", "/admin/posts/%s/publish" % pending, {}, "moderate_publish")
        self.assertEqual(psql("SELECT moderation_status, published_at IS NOT NULL FROM user_feedback WHERE id = '%s'"
                              % pending), "published|t")
        # a reported post, with its reason in the queue
        post = psql("SELECT id FROM user_feedback WHERE moderation_status = 'published' AND id <> '%s' "
                    "AND NOT EXISTS (SELECT 1 FROM user_feedback_reports r WHERE r.feedback_id = user_feedback.id) "
                    "ORDER BY created_at LIMIT 1" % pending)
        reporter = psql("SELECT id FROM auth.users WHERE email = 'demo@preptalk.test'")
        psql("INSERT INTO user_feedback_reports (feedback_id, user_id, reason, details) VALUES ('%s', '%s', 'other', "
             "'<script>bad</script> details')" % (post, reporter))
        queue = b.get("/admin/moderation")
        self.assertIn(post, queue.text)
        self.assertIn("&lt;script&gt;bad&lt;/script&gt; details", queue.text)
        self.assertNotIn("<script>bad", queue.text)
        before = self.audit_count()
        b.get("/admin/posts/%s" % post)
        r = b.post("/admin/posts/%s/hide" % post, {"reason": "  "})
        self.assertEqual(r.status, 422)
        self.assertIn('id="reason-error"', r.text)
        self.assertEqual(self.audit_count(), before)
        self.assertEqual(psql("SELECT moderation_status FROM user_feedback WHERE id = '%s'" % post), "published")
        # no CSRF token: 403 and nothing written
        r = b.post("/admin/posts/%s/hide" % post, {"reason": "x"}, csrf=False)
        self.assertEqual(r.status, 403)
        self.assertEqual(psql("SELECT moderation_status FROM user_feedback WHERE id = '%s'" % post), "published")
        self.write("/admin/posts/:id/hide", "/admin/posts/%s/hide" % post, {"reason": "Names an interviewer."},
                   "moderate_hide")
        self.assertEqual(psql("SELECT moderation_status, hidden_reason FROM user_feedback WHERE id = '%s'" % post),
                         "hidden|Names an interviewer.")
        self.assertEqual(psql("SELECT status FROM user_feedback_reports WHERE feedback_id = '%s'" % post), "actioned")
        self.write("/admin/posts/:id/restore", "/admin/posts/%s/restore" % post, {}, "moderate_restore")
        self.assertEqual(psql("SELECT moderation_status, hidden_reason IS NULL FROM user_feedback WHERE id = '%s'" % post),
                         "published|t")
        r = b.post("/admin/posts/%s/restore" % post, {})
        self.assertEqual(r.status, 422)


class T3Users(AdminFlow):
    def test_search_credits_deactivate(self):
        b = self.admin
        email = unique_email("admin-user")
        Browser().signup(email, PASSWORD, name="Grace Granted")
        uid = psql("SELECT id FROM auth.users WHERE email = '%s'" % email)
        page = b.get("/admin/users?q=Grace+Granted")
        self.assertIn(email, page.text)
        page = b.get("/admin/users/%s" % uid)
        self.assertEqual(page.status, 200)
        r = b.post("/admin/users/%s/credits" % uid, {"amount": "0", "reason": ""})
        self.assertEqual(r.status, 422)
        self.assertIn('id="amount-error"', r.text)
        self.assertIn('id="reason-error"', r.text)
        self.write("/admin/users/:id/credits", "/admin/users/%s/credits" % uid, {"amount": "5", "reason": "Beta tester"},
                   "credit_grant")
        self.assertEqual(psql("SELECT c.bonus_credits, (SELECT sum(amount) FROM credit_transactions t WHERE t.user_id = c.user_id), "
                              "c.monthly_credits + c.bonus_credits FROM user_credits c WHERE c.user_id = '%s'" % uid), "5|6|6")
        self.write("/admin/users/:id/deactivate", "/admin/users/%s/deactivate" % uid, {}, "user_deactivate")
        r = request("POST", "/api/v1/auth/token", body={"email": email, "password": PASSWORD})
        self.assertEqual(r.status, 401)
        self.write("/admin/users/:id/reactivate", "/admin/users/%s/reactivate" % uid, {}, "user_reactivate")
        self.assertEqual(api_token(email, PASSWORD) != "", True)
        # the JSON twin of a write: Bearer token, JSON body, the same function and audit row
        tok = api_token(*ADMIN)
        r = request("POST", "/api/v1/admin/users/%s/credits" % uid, body={"amount": 2, "reason": "API grant"},
                    headers={"Authorization": "Bearer " + tok})
        self.assertEqual(r.status, 200, r.text[:300])
        self.assertEqual(r.json()["balance"], 8)
        self.assertEqual(psql("SELECT action FROM audit_logs WHERE request_id = '%s'" % q(r.header("x-request-id"))),
                         "credit_grant")
        r = request("POST", "/api/v1/admin/users/%s/credits" % uid, body={"amount": "lots", "reason": ""},
                    headers={"Authorization": "Bearer " + tok})
        self.assertEqual(r.status, 422)
        self.assertTrue(r.header("content-type").startswith("application/problem+json"))
        self.assertEqual(set(r.json()["errors"]) >= {"amount", "reason"}, True)
        self.assertEqual(psql("SELECT bonus_credits FROM user_credits WHERE user_id = '%s'" % uid), "7")
        j = request("GET", "/api/v1/admin/users/%s" % uid, headers={"Authorization": "Bearer " + tok}).json()
        self.assertEqual(j["credits"]["bonus"], 7)
        self.assertEqual(j["user"]["email"], email)
        # an admin cannot deactivate themself
        r = b.post("/admin/users/%s/deactivate" % self.admin_id, {})
        self.assertEqual(r.status, 422)
        # unknown user: 404
        self.assertEqual(b.get("/admin/users/%s" % uuid.uuid4()).status, 404)
        self.assertEqual(b.get("/admin/users/not-a-uuid").status, 404)

    def test_overview_and_health(self):
        b = self.admin
        psql("INSERT INTO system_health (service_name, endpoint, response_time_ms, status_code, success) "
             "VALUES ('admin-test-service', '/probe', 12, 200, true)")
        page = b.get("/admin")
        self.assertEqual(page.status, 200)
        self.assertIn("admin-test-service", page.text)
        self.assertIn("Company interview statistics last refreshed", page.text)
        self.assertIn('href="/admin"', b.get("/").text)  # the admin link of the layout
        tok = api_token(*ADMIN)
        j = request("GET", "/api/v1/admin", headers={"Authorization": "Bearer " + tok}).json()
        self.assertEqual(j["moderation"]["pending"], int(psql(
            "SELECT count(*) FROM user_feedback WHERE moderation_status = 'pending'")))
        self.assertIn("refresh_company_stats", [s["job"] for s in j["scheduler"]])
        page = b.get("/admin/health")
        self.assertIn("admin-test-service", page.text)


class T5CatalogueAtScale(AdminFlow):
    """070: the jobs list pages by 50, the job form names its company (no list of every company) and
    a new job without one starts with a company search; counts on the delete page are bounded."""

    def test_jobs_list_pages(self):
        b = self.admin
        total = int(psql("SELECT count(*) FROM jobs"))
        self.assertGreater(total, 50, "the demo data has more than a page of jobs")
        page = b.get("/admin/jobs")
        self.assertEqual(page.status, 200)
        first = re.findall(r'href="/admin/jobs/(%s)/edit"' % UUID_RE, page.text)
        self.assertEqual(len(first), 50)
        more = re.search(r'<a href="(/admin/jobs\?q=&amp;after=%s)">More jobs</a>' % UUID_RE, page.text)
        self.assertTrue(more, "a link to the next page")
        nxt = b.get(more.group(1).replace("&amp;", "&"))
        second = re.findall(r'href="/admin/jobs/(%s)/edit"' % UUID_RE, nxt.text)
        self.assertTrue(second)
        self.assertFalse(set(first) & set(second), "the next page continues the list")
        # the JSON twin: the same page and the same cursor
        tok = api_token(*ADMIN)
        j = request("GET", "/api/v1/admin/jobs", headers={"Authorization": "Bearer " + tok}).json()
        self.assertEqual([x["id"] for x in j["jobs"]], first)
        self.assertEqual(j["next"], "?q=&after=" + first[-1])
        # a search by company name keeps the search in the next link
        company = psql("SELECT c.name FROM companies c JOIN jobs j ON j.company_id = c.id GROUP BY c.name "
                       "ORDER BY count(*) DESC, c.name LIMIT 1")
        page = b.get("/admin/jobs?q=" + company.replace(" ", "+"))
        self.assertIn(company, page.text)

    def test_job_form_company_is_fixed_or_picked(self):
        b = self.admin
        cid, cname = psql("SELECT id, name FROM companies ORDER BY name, id LIMIT 1").split("|")
        # no company: a search step instead of a <select> of every company
        page = b.get("/admin/jobs/new")
        self.assertEqual(page.status, 200)
        self.assertNotIn('<select id="company_id"', page.text)
        self.assertNotIn('name="title"', page.text, "the form waits for the company")
        self.assertIn('action="/admin/jobs/new"', page.text)
        self.assertIn('href="/admin/jobs/new?company_id=%s"' % cid, page.text)
        self.assertLess(len(page.text), 40000)
        page = b.get("/admin/jobs/new?q=" + cname.replace(" ", "+"))
        self.assertIn('href="/admin/jobs/new?company_id=%s"' % cid, page.text)
        page = b.get("/admin/jobs/new?q=no+such+company+zzqx")
        self.assertIn("No company matches.", page.text)
        # ?company_id= (the company page's link): the company as text, carried by a hidden field
        page = b.get("/admin/jobs/new?company_id=" + cid)
        self.assertIn('<input type="hidden" name="company_id" value="%s">' % cid, page.text)
        self.assertIn(">%s</strong>" % cname.replace("&", "&amp;"), page.text)
        self.assertIn('name="title"', page.text)
        # refused: the company and what was typed are shown again
        r = b.post("/admin/jobs", {"company_id": cid, "title": "", "department": "Kept department",
                                   "salary_currency": "USD"})
        self.assertEqual(r.status, 422)
        self.assertIn('<input type="hidden" name="company_id" value="%s">' % cid, r.text)
        self.assertIn('value="Kept department"', r.text)
        self.assertIn('id="title-error"', r.text)
        # an unknown company is refused by the server, with the search to choose one
        r = b.post("/admin/jobs", {"company_id": str(uuid.uuid4()), "title": "Ghost job", "salary_currency": "USD"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="company_id-error"', r.text)
        self.assertIn('value="Ghost job"', r.text)
        self.assertIn('action="/admin/jobs/new"', r.text)
        self.assertEqual(psql("SELECT count(*) FROM jobs WHERE title = 'Ghost job'"), "0")
        # editing: the job's company as text
        jid, jcid = psql("SELECT id, company_id FROM jobs ORDER BY id LIMIT 1").split("|")
        page = b.get("/admin/jobs/%s/edit" % jid)
        self.assertIn('<input type="hidden" name="company_id" value="%s">' % jcid, page.text)
        self.assertNotIn("<option value=\"%s\"" % cid, page.text)
        tok = api_token(*ADMIN)
        j = request("GET", "/api/v1/admin/jobs/%s/edit" % jid, headers={"Authorization": "Bearer " + tok}).json()
        self.assertEqual(j["company"]["id"], jcid)
        self.assertNotIn("company_id", j["choices"])
        j = request("GET", "/api/v1/admin/jobs/new?q=" + cname.replace(" ", "+"),
                    headers={"Authorization": "Bearer " + tok}).json()
        self.assertIsNone(j["company"])
        self.assertIn(cid, [c["id"] for c in j["pick"]["companies"]])

    def test_delete_page_counts_are_bounded(self):
        cid = psql("SELECT company_id FROM user_feedback GROUP BY company_id ORDER BY count(*) DESC LIMIT 1")
        page = self.admin.get("/admin/companies/%s/delete" % cid)
        self.assertEqual(page.status, 200)
        posts = int(psql("SELECT count(*) FROM user_feedback WHERE company_id = '%s'" % cid))
        if posts > 100:
            self.assertIn("more than 100 community post(s)", page.text)
        else:
            self.assertIn("%d community post(s)" % posts, page.text)
        self.assertIn("cannot be deleted while", page.text)


class T4NotFoundForOthers(unittest.TestCase):
    def test_every_admin_route_is_404_for_visitor_and_candidate(self):
        rows = admin_routes()
        self.assertGreater(len(rows), 40)
        cand = Browser()
        cand.signup(unique_email("admin-404"), PASSWORD)
        cand.get("/profile")
        before = psql("SELECT count(*) FROM audit_logs WHERE admin_id IS NOT NULL")
        for method, pattern in rows:
            path = concrete(pattern)
            with self.subTest(method=method, path=pattern):
                r = request(method, path, body="" if method == "POST" else None,
                            headers={"Content-Type": "application/x-www-form-urlencoded"} if method == "POST" else None)
                self.assertEqual(r.status, 404, "visitor %s %s" % (method, pattern))
                if method == "GET":
                    r = cand.get(path)
                else:
                    r = cand.post(path, {"name": "x", "reason": "x"})
                self.assertEqual(r.status, 404, "candidate %s %s" % (method, pattern))
        self.assertEqual(psql("SELECT count(*) FROM audit_logs WHERE admin_id IS NOT NULL"), before)

    def test_candidate_bearer_gets_404_on_api(self):
        email = unique_email("admin-404-api")
        Browser().signup(email, PASSWORD)
        tok = api_token(email, PASSWORD)
        for method, pattern in admin_routes():
            if not pattern.startswith("/api/"):
                continue
            with self.subTest(method=method, path=pattern):
                r = request(method, concrete(pattern), body={} if method == "POST" else None,
                            headers={"Authorization": "Bearer " + tok})
                self.assertEqual(r.status, 404)
                self.assertTrue(r.header("content-type", "").startswith("application/problem+json"))


if __name__ == "__main__":
    unittest.main()
