"""test_admin_intelligence.py: the admin Intelligence pages of issue 8 (item 5) through nginx, the
workers and PostgreSQL: smart questions and interview patterns per company and job — list with
filters, create, edit, verify, deactivate, delete with confirmation; validation errors next to their
fields with nothing written; every write audited (checked by request id); edits reach the company
insights page at once (its page cache); JSON twins; CSRF; a candidate gets 404. Since 069 (scale):
the list shows the latest items with an "older" link, a company is found by name (never a select
of every company), job choices are one company's, and a new form starts with the company step."""
import json
import re
import unittest
import uuid

from lib import ADMIN, Browser, api_token, psql, request, unique_email
from test_admin import UUID_RE, AdminFlow, admin_routes, q

PASSWORD = "intelligence tests use this 1 phrase"


def demo_company():
    """A demo company with an active job and company-wide intelligence (its insights page lists them)."""
    return psql("SELECT c.id FROM companies c WHERE EXISTS (SELECT 1 FROM jobs j WHERE j.company_id = c.id AND j.is_active) "
                "AND EXISTS (SELECT 1 FROM smart_questions s WHERE s.company_id = c.id AND s.job_id IS NULL) "
                "AND EXISTS (SELECT 1 FROM interview_patterns x WHERE x.company_id = c.id AND x.job_id IS NULL) "
                "ORDER BY c.name LIMIT 1")


class IntelligenceFlow(AdminFlow):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = demo_company()
        cls.job = psql("SELECT id FROM jobs WHERE company_id = '%s' AND is_active ORDER BY title LIMIT 1" % cls.company)
        cls.other_job = psql("SELECT id FROM jobs WHERE company_id <> '%s' ORDER BY title LIMIT 1" % cls.company)
        cls.token = api_token(*ADMIN)

    def company_page(self):
        r = request("GET", "/api/v1/companies/%s" % self.company, headers={"Authorization": "Bearer " + self.token})
        self.assertEqual(r.status, 200, r.text[:300])
        return r.json()

    def api(self, method, path, body=None):
        return request(method, path, body=body, headers={"Authorization": "Bearer " + self.token})


class T1SmartQuestions(IntelligenceFlow):
    def test_create_edit_delete_with_validation_and_cache(self):
        b = self.admin
        self.company_page()  # warm the company page cache first: the writes must invalidate it
        page = b.get("/admin/intelligence/questions/new?company_id=%s" % self.company)
        self.assertEqual(page.status, 200)
        self.assertIn('<input type="hidden" name="company_id" value="%s">' % self.company, page.text)
        for label in ('for="question_text"', 'for="question_category"', 'for="best_asked_in_round"',
                      'for="best_asked_to_role"', 'for="rationale"', 'for="expected_insights"',
                      'for="follow_up_suggestions"', 'for="source"', 'for="job_id"'):
            self.assertIn(label, page.text)

        # validation: every message next to its field, what was typed shown again, nothing written
        before = self.audit_count()
        n_before = psql("SELECT count(*) FROM smart_questions")
        r = b.post("/admin/intelligence/questions", {"company_id": self.company, "job_id": self.other_job,
                                                    "question_text": "Hm", "question_category": "gossip",
                                                    "best_asked_in_round": "lunch", "best_asked_to_role": "x" * 101,
                                                    "source": "rumour", "rationale": "Keep <this>"})
        self.assertEqual(r.status, 422)
        for f in ("job_id", "question_text", "question_category", "best_asked_in_round", "best_asked_to_role", "source"):
            self.assertIn('id="%s-error"' % f, r.text, f)
        self.assertIn("belongs to another company", r.text)
        self.assertIn("Keep &lt;this&gt;</textarea>", r.text)
        r = b.post("/admin/intelligence/questions", {"question_text": "A good question?", "source": "generated"})
        self.assertEqual(r.status, 422)
        self.assertIn("Choose a company, a job, or both.", r.text)
        self.assertIn('role="search"', r.text)  # back to the company step
        r = b.post("/admin/intelligence/questions", {"company_id": "not-a-uuid", "question_text": "A good question?",
                                                    "source": "generated"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="company_id-error"', r.text)
        self.assertEqual(self.audit_count(), before)
        self.assertEqual(psql("SELECT count(*) FROM smart_questions"), n_before)
        # no CSRF token: 403, nothing written
        r = b.post("/admin/intelligence/questions", {"company_id": self.company, "question_text": "A good question?",
                                                    "source": "generated"}, csrf=False)
        self.assertEqual(r.status, 403)
        self.assertEqual(psql("SELECT count(*) FROM smart_questions"), n_before)

        # create, company-wide
        text = "What would <script>alert(1)</script> surprise a new hire here?"
        fields = {"company_id": self.company, "job_id": "", "question_text": text, "question_category": "culture",
                  "best_asked_in_round": "culture_fit", "best_asked_to_role": "hiring manager",
                  "rationale": "Shows curiosity.", "expected_insights": "Unwritten rules.",
                  "follow_up_suggestions": "Was that a good surprise?\n\n  And for you?  \n", "source": "expert_curated"}
        r = self.write("/admin/intelligence/questions", "/admin/intelligence/questions", fields, "smart_question_create")
        sid = re.search(UUID_RE, r.header("location")).group(0)
        row = json.loads(psql("SELECT json_build_object('c', company_id, 'j', job_id, 'f', follow_up_suggestions, "
                              "'r', best_asked_in_round, 's', source) FROM smart_questions WHERE id = '%s'" % sid))
        self.assertEqual(row, {"c": self.company, "j": None, "f": ["Was that a good surprise?", "And for you?"],
                               "r": "culture_fit", "s": "expert_curated"})
        self.assertEqual(psql("SELECT entity_type || '|' || entity_id FROM audit_logs WHERE action = 'smart_question_create' "
                              "AND entity_id = '%s'" % sid), "smart_question|" + sid)
        edit = b.get(r.header("location"))
        self.assertEqual(edit.status, 200)
        self.assertIn("Created.", edit.text)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", edit.text)
        self.assertNotIn("<script>alert(1)", edit.text)
        self.assertIn("Was that a good surprise?\nAnd for you?</textarea>", edit.text)
        self.assertRegex(edit.text, r'<option value="culture_fit" selected>')
        # it shows at once on the company insights page (the cache was warm)
        groups = self.company_page()["questions_by_round"]
        self.assertIn(text, [x["text"] for g in groups for x in g["questions"]])
        # the list filters by company and job
        lst = b.get("/admin/intelligence?company_id=%s&kind=questions" % self.company)
        self.assertIn(sid, lst.text)
        self.assertNotIn("Interview patterns</h2>", lst.text)
        self.assertNotIn(sid, b.get("/admin/intelligence?job_id=%s" % self.job).text)
        j = self.api("GET", "/api/v1/admin/intelligence?company_id=%s" % self.company).json()
        self.assertIn(sid, [x["id"] for x in j["questions"]])
        self.assertTrue(all(x["company_id"] == self.company for x in j["questions"] + j["patterns"]))
        # the JSON twin of the form has the same model
        j = self.api("GET", "/api/v1/admin/intelligence/questions/%s/edit" % sid).json()
        self.assertEqual(j["form"]["question_text"], text)
        self.assertEqual(j["form"]["follow_up_suggestions"], "Was that a good surprise?\nAnd for you?")

        # edit: move it to a job (its company comes along) — it leaves the company-wide insights
        fields.update(company_id="", job_id=self.job, question_text="What surprised you when you joined?")
        self.write("/admin/intelligence/questions/:id", "/admin/intelligence/questions/%s" % sid, fields,
                   "smart_question_update")
        self.assertEqual(psql("SELECT company_id || '|' || job_id FROM smart_questions WHERE id = '%s'" % sid),
                         "%s|%s" % (self.company, self.job))
        old_new = json.loads(psql("SELECT json_build_object('o', old_values->>'question_text', 'n', new_values->>'question_text') "
                                  "FROM audit_logs WHERE action = 'smart_question_update' AND entity_id = '%s'" % sid))
        self.assertEqual(old_new, {"o": text, "n": "What surprised you when you joined?"})
        groups = self.company_page()["questions_by_round"]
        self.assertNotIn(text, [x["text"] for g in groups for x in g["questions"]])
        self.assertIn(sid, b.get("/admin/intelligence?job_id=%s" % self.job).text)
        # back to company-wide, edited text shows on the insights page
        fields.update(company_id=self.company, job_id="")
        self.write("/admin/intelligence/questions/:id", "/admin/intelligence/questions/%s" % sid, fields,
                   "smart_question_update")
        groups = self.company_page()["questions_by_round"]
        self.assertIn("What surprised you when you joined?", [x["text"] for g in groups for x in g["questions"]])

        # JSON write twin: 422 problem with field errors, then 200
        r = self.api("POST", "/api/v1/admin/intelligence/questions/%s" % sid, dict(fields, source="nope"))
        self.assertEqual(r.status, 422)
        self.assertTrue(r.header("content-type").startswith("application/problem+json"))
        r = self.api("POST", "/api/v1/admin/intelligence/questions/%s" % sid, dict(fields, best_asked_to_role="peer"))
        self.assertEqual(r.status, 200, r.text[:300])
        self.assertEqual(psql("SELECT action FROM audit_logs WHERE request_id = '%s'" % q(r.header("x-request-id"))),
                         "smart_question_update")

        # delete, with a confirmation page
        page = b.get("/admin/intelligence/questions/%s/delete" % sid)
        self.assertEqual(page.status, 200)
        self.assertIn("Delete this smart question?", page.text)
        self.write("/admin/intelligence/questions/:id/delete", "/admin/intelligence/questions/%s/delete" % sid, {},
                   "smart_question_delete")
        self.assertEqual(psql("SELECT count(*) FROM smart_questions WHERE id = '%s'" % sid), "0")
        groups = self.company_page()["questions_by_round"]
        self.assertNotIn("What surprised you when you joined?", [x["text"] for g in groups for x in g["questions"]])
        # gone: 404 everywhere
        self.assertEqual(b.get("/admin/intelligence/questions/%s/edit" % sid).status, 404)
        self.assertEqual(b.post("/admin/intelligence/questions/%s/delete" % sid, {}).status, 404)
        self.assertEqual(b.post("/admin/intelligence/questions/%s" % sid, fields).status, 404)
        self.assertEqual(b.get("/admin/intelligence/questions/not-a-uuid/edit").status, 404)


class T2Patterns(IntelligenceFlow):
    def test_create_edit_verify_deactivate_delete(self):
        b = self.admin
        self.company_page()
        page = b.get("/admin/intelligence/patterns/new?job_id=%s" % self.job)
        self.assertEqual(page.status, 200)
        self.assertRegex(page.text, r'<option value="%s" selected>' % self.job)
        before = self.audit_count()
        r = b.post("/admin/intelligence/patterns", {"company_id": self.company, "pattern_type": "gossip", "description": " ",
                                                   "examples": "x" * 501, "occurrence_count": "5",
                                                   "total_observations": "3", "confidence_score": "1.5",
                                                   "last_observed": "2025-02-30", "is_active": "on"})
        self.assertEqual(r.status, 422)
        for f in ("pattern_type", "description", "examples", "occurrence_count", "confidence_score", "last_observed"):
            self.assertIn('id="%s-error"' % f, r.text, f)
        self.assertIn("cannot exceed the number of observations", r.text)
        self.assertIn("Enter a date that exists", r.text)
        r = b.post("/admin/intelligence/patterns", {"company_id": self.company, "pattern_type": "red_flag",
                                                   "description": "Late", "occurrence_count": "1",
                                                   "total_observations": "1", "confidence_score": "0.5",
                                                   "last_observed": "2999-01-01"})
        self.assertEqual(r.status, 422)
        self.assertIn("cannot be in the future", r.text)
        self.assertEqual(self.audit_count(), before)

        desc = "Interviewers <b>probe</b> for ownership %s" % uuid.uuid4().hex[:8]
        fields = {"company_id": self.company, "job_id": "", "pattern_type": "evaluation_focus", "description": desc,
                  "context": "Final round", "examples": "Tell me about a failure\nWho decided?\n",
                  "occurrence_count": "7", "total_observations": "10", "confidence_score": "0.7",
                  "last_observed": psql("SELECT to_char(current_date - 3, 'YYYY-MM-DD')"), "is_active": "on"}
        r = self.write("/admin/intelligence/patterns", "/admin/intelligence/patterns", fields, "pattern_create")
        pid = re.search(UUID_RE, r.header("location")).group(0)
        row = json.loads(psql("SELECT json_build_object('content', pattern_content, 'occ', occurrence_count, "
                              "'tot', total_observations, 'conf', confidence_score, 'ver', manually_verified, 'act', is_active, "
                              "'last', to_char(last_observed_at, 'YYYY-MM-DD'), 'first_ok', first_observed_at <= last_observed_at) "
                              "FROM interview_patterns WHERE id = '%s'" % pid))
        self.assertEqual(row["content"], {"description": desc, "context": "Final round",
                                          "examples": ["Tell me about a failure", "Who decided?"]})
        self.assertEqual((row["occ"], row["tot"], row["conf"], row["ver"], row["act"], row["last"], row["first_ok"]),
                         (7, 10, 0.7, False, True, fields["last_observed"], True))
        edit = b.get(r.header("location"))
        self.assertIn("Interviewers &lt;b&gt;probe&lt;/b&gt;", edit.text)
        self.assertIn("Tell me about a failure\nWho decided?</textarea>", edit.text)
        self.assertIn("Mark as manually verified", edit.text)
        pats = {p["description"]: p for p in self.company_page()["patterns"]}
        self.assertIn(desc, pats)
        self.assertEqual(pats[desc]["examples"], ["Tell me about a failure", "Who decided?"])
        self.assertFalse(pats[desc]["verified"])
        j = self.api("GET", "/api/v1/admin/intelligence/patterns/%s/edit" % pid).json()
        self.assertEqual(j["form"]["examples"], "Tell me about a failure\nWho decided?")
        self.assertEqual(j["pattern"]["id"], pid)

        # edit: content keys the form does not show (such as frequency) are kept
        psql("UPDATE interview_patterns SET pattern_content = pattern_content || '{\"frequency\": 0.7}' WHERE id = '%s'" % pid)
        fields.update(description=desc + " (edited)", confidence_score="0.9", examples="Only one")
        r = b.post("/admin/intelligence/patterns/%s" % pid, dict(fields, total_observations="0"))
        self.assertEqual(r.status, 422)
        self.assertIn('id="total_observations-error"', r.text)
        self.write("/admin/intelligence/patterns/:id", "/admin/intelligence/patterns/%s" % pid, fields, "pattern_update")
        self.assertEqual(json.loads(psql("SELECT pattern_content FROM interview_patterns WHERE id = '%s'" % pid)),
                         {"description": desc + " (edited)", "context": "Final round", "examples": ["Only one"],
                          "frequency": 0.7})
        pats = {p["description"]: p for p in self.company_page()["patterns"]}
        self.assertIn(desc + " (edited)", pats)

        # manual verification
        self.write("/admin/intelligence/patterns/:id/verify", "/admin/intelligence/patterns/%s/verify" % pid, {},
                   "pattern_verify")
        self.assertEqual(psql("SELECT manually_verified FROM interview_patterns WHERE id = '%s'" % pid), "t")
        self.assertTrue({p["description"]: p for p in self.company_page()["patterns"]}[desc + " (edited)"]["verified"])
        r = b.post("/admin/intelligence/patterns/%s/verify" % pid, {})
        self.assertEqual(r.status, 422)
        self.assertIn("already verified", r.text)
        # saving the form keeps the verification when its box is ticked
        self.assertIn('name="manually_verified" checked', b.get("/admin/intelligence/patterns/%s/edit" % pid).text)

        # deactivate: it leaves the insights page; reactivate: it is back
        self.write("/admin/intelligence/patterns/:id/deactivate", "/admin/intelligence/patterns/%s/deactivate" % pid, {},
                   "pattern_deactivate")
        self.assertNotIn(desc + " (edited)", [p["description"] for p in self.company_page()["patterns"]])
        self.assertIn("inactive", b.get("/admin/intelligence?company_id=%s&kind=patterns" % self.company).text)
        self.write("/admin/intelligence/patterns/:id/activate", "/admin/intelligence/patterns/%s/activate" % pid, {},
                   "pattern_activate")
        self.assertIn(desc + " (edited)", [p["description"] for p in self.company_page()["patterns"]])
        # the JSON twin of a flag write
        r = self.api("POST", "/api/v1/admin/intelligence/patterns/%s/deactivate" % pid, {})
        self.assertEqual(r.status, 200, r.text[:300])
        self.assertEqual(r.json()["is_active"], False)
        self.assertEqual(psql("SELECT action FROM audit_logs WHERE request_id = '%s'" % q(r.header("x-request-id"))),
                         "pattern_deactivate")

        # delete with confirmation
        page = b.get("/admin/intelligence/patterns/%s/delete" % pid)
        self.assertIn("Delete this interview pattern?", page.text)
        self.write("/admin/intelligence/patterns/:id/delete", "/admin/intelligence/patterns/%s/delete" % pid, {},
                   "pattern_delete")
        self.assertEqual(psql("SELECT count(*) FROM interview_patterns WHERE id = '%s'" % pid), "0")
        self.assertEqual(psql("SELECT old_values->'pattern_content'->>'frequency' FROM audit_logs "
                              "WHERE action = 'pattern_delete' AND entity_id = '%s'" % pid), "0.7")
        self.assertEqual(b.get("/admin/intelligence/patterns/%s/edit" % pid).status, 404)
        self.assertEqual(b.post("/admin/intelligence/patterns/%s/verify" % pid, {}).status, 404)

    def test_per_job_pattern_stays_off_the_company_page(self):
        fields = {"company_id": "", "job_id": self.job, "pattern_type": "process_step",
                  "description": "Job-only step %s" % uuid.uuid4().hex[:8], "occurrence_count": "2",
                  "total_observations": "4", "confidence_score": "0.5",
                  "last_observed": psql("SELECT to_char(current_date, 'YYYY-MM-DD')"), "is_active": "on"}
        r = self.write("/admin/intelligence/patterns", "/admin/intelligence/patterns", fields, "pattern_create")
        pid = re.search(UUID_RE, r.header("location")).group(0)
        self.assertEqual(psql("SELECT company_id || '|' || job_id FROM interview_patterns WHERE id = '%s'" % pid),
                         "%s|%s" % (self.company, self.job))
        self.assertNotIn(fields["description"], [p["description"] for p in self.company_page()["patterns"]])
        j = self.api("GET", "/api/v1/admin/intelligence?job_id=%s&kind=patterns" % self.job).json()
        self.assertEqual([p["id"] for p in j["patterns"] if p["id"] == pid], [pid])
        self.assertEqual(j["questions"], [])
        self.write("/admin/intelligence/patterns/:id/delete", "/admin/intelligence/patterns/%s/delete" % pid, {},
                   "pattern_delete")


def option_values(html, select_id):
    """The values of the options of <select id=select_id> (empty list when there is no such select)."""
    m = re.search(r'<select id="%s"[^>]*>(.*?)</select>' % select_id, html, re.S)
    return re.findall(r'<option value="([^"]*)"', m.group(1)) if m else []


class T4Scale(IntelligenceFlow):
    """069: pages that stay small at the document's scale (2,026 companies, 20,150 jobs)."""

    def company_jobs(self, company):
        return sorted(psql("SELECT id FROM jobs WHERE company_id = '%s'" % company).split())

    def test_list_latest_then_older(self):
        b = self.admin
        page = b.get("/admin/intelligence")
        self.assertEqual(page.status, 200)
        self.assertIn("most recently updated", page.text)
        self.assertEqual(option_values(page.text, "company_id"), [])
        self.assertNotIn('id="job_id"', page.text)  # no job choices without a company
        self.assertLess(page.text.count("<option"), 10)
        newest = psql("SELECT id FROM smart_questions ORDER BY updated_at DESC, id DESC LIMIT 50").split()
        ids = re.findall(r'/admin/intelligence/questions/(%s)/edit' % UUID_RE, page.text)
        self.assertEqual(ids, newest)
        n = int(psql("SELECT count(*) FROM smart_questions"))
        self.assertGreater(n, 50, "the demo data has more than one page of smart questions")
        older = re.search(r'href="(/admin/intelligence\?kind=questions&amp;before=[^"]+)">Older smart questions', page.text)
        self.assertTrue(older, "an older link")
        page2 = b.get(older.group(1).replace("&amp;", "&"))
        self.assertEqual(page2.status, 200)
        ids2 = re.findall(r'/admin/intelligence/questions/(%s)/edit' % UUID_RE, page2.text)
        self.assertEqual(ids2, psql("SELECT id FROM smart_questions ORDER BY updated_at DESC, id DESC "
                                    "OFFSET 50 LIMIT 50").split())
        self.assertNotIn("Interview patterns</h2>", page2.text)
        self.assertIn("Back to the newest", page2.text)
        self.assertEqual(bool(re.search("Older smart questions", page2.text)), n > 100)
        # the JSON twin: the same model
        j = self.api("GET", "/api/v1/admin/intelligence").json()
        self.assertEqual([x["id"] for x in j["questions"]], newest)
        self.assertTrue(j["recent"])
        self.assertTrue(j["questions_older"].startswith("?kind=questions&before="))
        self.assertNotIn("company_id", j["choices"])

    def test_search_a_company_then_its_items_and_jobs(self):
        b = self.admin
        name = psql("SELECT name FROM companies WHERE id = '%s'" % self.company)
        frag = name.split()[0].lower()
        page = b.get("/admin/intelligence?q=%s&kind=questions" % frag)
        self.assertEqual(page.status, 200)
        self.assertIn('href="/admin/intelligence?company_id=%s&amp;kind=questions"' % self.company, page.text)
        self.assertIn('value="%s"' % frag, page.text)  # the search box keeps the term
        self.assertIn("No company name contains", b.get("/admin/intelligence?q=zzqx-none").text)
        page = b.get("/admin/intelligence?company_id=%s&kind=questions" % self.company)
        self.assertIn("<strong>%s</strong>" % name.replace("&", "&amp;"), page.text)
        self.assertIn('<input type="hidden" name="company_id" value="%s">' % self.company, page.text)
        self.assertEqual(sorted(v for v in option_values(page.text, "job_id") if v), self.company_jobs(self.company))
        ids = re.findall(r'/admin/intelligence/questions/(%s)/edit' % UUID_RE, page.text)
        self.assertEqual(sorted(ids), sorted(psql("SELECT id FROM smart_questions WHERE company_id = '%s'" % self.company).split()))
        self.assertNotIn("Older smart questions", page.text)
        j = self.api("GET", "/api/v1/admin/intelligence?q=%s" % frag).json()
        self.assertIn(self.company, [c["id"] for c in j["companies"]])
        j = self.api("GET", "/api/v1/admin/intelligence?company_id=%s" % self.company).json()
        self.assertEqual(sorted(c["value"] for c in j["choices"]["job_id"]), self.company_jobs(self.company))

    def test_new_form_starts_with_the_company_step(self):
        b = self.admin
        for kind in ("questions", "patterns"):
            form = "/admin/intelligence/%s/new" % kind
            page = b.get(form)
            self.assertEqual(page.status, 200)
            self.assertIn('<form method="get" action="%s" role="search">' % form, page.text)
            self.assertNotIn('method="post" action="/admin/intelligence/%s"' % kind, page.text)
            self.assertNotIn('id="job_id"', page.text)
            name = psql("SELECT name FROM companies WHERE id = '%s'" % self.company)
            page = b.get("%s?q=%s" % (form, name.split()[0]))
            link = '%s?company_id=%s' % (form, self.company)
            self.assertIn('href="%s"' % link, page.text)
            page = b.get(link)
            self.assertIn('<input type="hidden" name="company_id" value="%s">' % self.company, page.text)
            self.assertEqual(sorted(v for v in option_values(page.text, "job_id") if v), self.company_jobs(self.company))
            self.assertIn('href="%s?q="' % form, page.text)  # change company
            self.assertLess(page.text.count("<option"), 40)
            j = self.api("GET", "/api/v1" + form).json()
            self.assertTrue(j["pick"])
            self.assertEqual(j["choices"]["job_id"], [])

    def test_edit_form_fixed_company_and_move(self):
        b = self.admin
        sid = psql("SELECT id FROM smart_questions WHERE company_id = '%s' LIMIT 1" % self.company)
        other = psql("SELECT company_id FROM jobs WHERE id = '%s'" % self.other_job)
        page = b.get("/admin/intelligence/questions/%s/edit" % sid)
        self.assertIn('<input type="hidden" name="company_id" value="%s">' % self.company, page.text)
        self.assertEqual(sorted(v for v in option_values(page.text, "job_id") if v), self.company_jobs(self.company))
        page = b.get("/admin/intelligence/questions/%s/edit?q=" % sid)
        self.assertIn("Move it to another company", page.text)
        page = b.get("/admin/intelligence/questions/%s/edit?company_id=%s" % (sid, other))
        self.assertIn('<input type="hidden" name="company_id" value="%s">' % other, page.text)
        self.assertEqual(sorted(v for v in option_values(page.text, "job_id") if v), self.company_jobs(other))

    def test_job_of_another_company_refused_input_kept(self):
        b = self.admin
        n_before = psql("SELECT count(*) FROM smart_questions")
        r = b.post("/admin/intelligence/questions", {"company_id": self.company, "job_id": self.other_job,
                                                    "question_text": "Whose <job> is it anyway?", "source": "generated"})
        self.assertEqual(r.status, 422)
        self.assertIn("belongs to another company", r.text)
        self.assertIn('id="job_id-error"', r.text)
        self.assertIn("Whose &lt;job&gt; is it anyway?</textarea>", r.text)
        self.assertIn('<input type="hidden" name="company_id" value="%s">' % self.company, r.text)
        jobs = [v for v in option_values(r.text, "job_id") if v]
        self.assertEqual(sorted(jobs), self.company_jobs(self.company))
        self.assertNotIn(self.other_job, jobs)
        self.assertEqual(psql("SELECT count(*) FROM smart_questions"), n_before)
        # a pattern, edited: the same refusal, the company's jobs shown again
        pid = psql("SELECT id FROM interview_patterns WHERE company_id = '%s' LIMIT 1" % self.company)
        row_before = psql("SELECT coalesce(job_id::text, '-') || updated_at FROM interview_patterns WHERE id = '%s'" % pid)
        r = b.post("/admin/intelligence/patterns/%s" % pid, {"company_id": self.company, "job_id": self.other_job,
                                                             "pattern_type": "red_flag", "description": "Kept text",
                                                             "occurrence_count": "1", "total_observations": "1",
                                                             "confidence_score": "0.5",
                                                             "last_observed": psql("SELECT to_char(current_date, 'YYYY-MM-DD')")})
        self.assertEqual(r.status, 422)
        self.assertIn("belongs to another company", r.text)
        self.assertIn("Kept text</textarea>", r.text)
        self.assertEqual(sorted(v for v in option_values(r.text, "job_id") if v), self.company_jobs(self.company))
        self.assertEqual(psql("SELECT coalesce(job_id::text, '-') || updated_at FROM interview_patterns WHERE id = '%s'" % pid),
                         row_before, "the pattern is unchanged")


class T3Others(unittest.TestCase):
    def test_candidate_gets_404_and_writes_nothing(self):
        company = demo_company()
        sid = psql("SELECT id FROM smart_questions WHERE company_id = '%s' LIMIT 1" % company)
        pid = psql("SELECT id FROM interview_patterns WHERE company_id = '%s' LIMIT 1" % company)
        cand = Browser()
        cand.signup(unique_email("intel-404"), PASSWORD)
        before = psql("SELECT count(*) FROM audit_logs WHERE admin_id IS NOT NULL")
        for path in ("/admin/intelligence", "/admin/intelligence/questions/%s/edit" % sid,
                     "/admin/intelligence/patterns/%s/edit" % pid, "/admin/intelligence/patterns/%s/delete" % pid):
            self.assertEqual(cand.get(path).status, 404, path)
        for path in ("/admin/intelligence/patterns/%s/verify" % pid, "/admin/intelligence/patterns/%s/delete" % pid,
                     "/admin/intelligence/questions/%s/delete" % sid):
            self.assertEqual(cand.post(path, {}).status, 404, path)
        self.assertEqual(psql("SELECT count(*) FROM interview_patterns WHERE id = '%s'" % pid), "1")
        self.assertEqual(psql("SELECT count(*) FROM smart_questions WHERE id = '%s'" % sid), "1")
        self.assertEqual(psql("SELECT count(*) FROM audit_logs WHERE admin_id IS NOT NULL"), before)

    def test_nav_links_the_page(self):
        b = Browser()
        b.login(*ADMIN)
        self.assertIn('href="/admin/intelligence"', b.get("/admin").text)


class T9IntelligenceWritesAudited(unittest.TestCase):
    def test_every_intelligence_post_route_was_driven_with_its_audit_row(self):
        posts = {p for m, p in admin_routes() if m == "POST" and p.startswith("/admin/intelligence")}
        self.assertGreaterEqual(len(posts), 8)
        if not AdminFlow.covered:
            self.skipTest("the flows did not run in this process")
        self.assertEqual(posts - AdminFlow.covered, set())


if __name__ == "__main__":
    unittest.main()
