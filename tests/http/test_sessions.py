"""test_sessions.py: practice sessions through nginx, the workers and PostgreSQL (issue 6 and 7):
start spends one credit (none left: 402, nothing spent), questions one at a time with a
follow-up when an answer misses expected points, answers saved at once, finish runs the
analysis and opens the report, skip, abandon with confirmation, transcript import (good and
malformed files), refund when the analysis cannot run, CSRF, validation, escaping, 404 for
another user's session in HTML and JSON."""
import os
import re
import unittest
import uuid

from lib import Browser, psql, request, unique_email

PASSWORD = "correct horse battery staple 42"
JOB = psql("SELECT md5('job:1')::uuid")
FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "transcripts")
STRONG = ("In my last role I led the migration of our billing service to PostgreSQL. First I measured the "
          "error rate, then I designed the new schema and wrote the rollout plan with the team. As a result "
          "we reduced invoice errors by 40 percent and shipped two weeks early.")


def new_user(prefix="sess"):
    b = Browser()
    b.email = unique_email(prefix)
    b.signup(b.email, PASSWORD, name="Sam Session")
    b.uid = psql("SELECT id FROM auth.users WHERE email = '%s'" % b.email)
    return b



def start(b, job=JOB):
    b.get("/")
    r = b.post("/jobs/%s/sessions" % job)
    assert r.status == 303, (r.status, r.text[:300])
    return r.header("location").rsplit("/", 1)[1]


def prompt(b, sid):
    r = b.get("/sessions/%s" % sid)
    m = re.search(r'name="question_id" value="([^"]+)"', r.text)
    return r, (m.group(1) if m else None)


def multipart(fields, files):
    boundary = "----pt" + uuid.uuid4().hex
    out = []
    for k, v in fields.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v)).encode())
    for k, (name, data) in files.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: text/vtt\r\n\r\n" % (boundary, k, name)).encode() + data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def upload(b, path, fields, files):
    body, ctype = multipart(dict(fields, csrf_token=b.csrf), files)
    h = b._headers({"Content-Type": ctype})
    return b._absorb(request("POST", path, body=body, headers=h, timeout=10))


class Practice(unittest.TestCase):
    def test_full_round_follow_up_and_report(self):
        b = new_user()
        email_uid = b.uid
        sid = start(b)
        # one credit spent, in the ledger, atomically with the session
        self.assertEqual(psql("SELECT monthly_credits + bonus_credits FROM user_credits c JOIN interview_sessions s "
                              "ON s.user_id = c.user_id WHERE s.id = '%s'" % sid), "0")
        self.assertEqual(psql("SELECT count(*) FROM credit_transactions WHERE related_entity_id = '%s' "
                              "AND transaction_type = 'used'" % sid), "1")
        r, qid = prompt(b, sid)
        self.assertEqual(r.status, 200)
        self.assertRegex(r.text, r"Round 1 of \d")
        self.assertIn("<progress", r.text)
        self.assertIn("Question 1 of", r.text)
        # a weak answer misses the expected points: the follow-up comes next, for the same question
        r = b.post("/sessions/%s/answers" % sid, {"question_id": qid, "answer": "I guess maybe."})
        self.assertEqual(r.status, 303)
        r, qid2 = prompt(b, sid)
        self.assertEqual(qid2, qid)
        self.assertIn("Follow-up to question 1", r.text)
        # the answer is already in the transcript: a refresh (or a crashed worker) loses nothing
        saved = psql("SELECT count(*) FROM round_transcripts t JOIN session_rounds sr ON sr.id = t.session_round_id "
                     "WHERE sr.session_id = '%s' AND t.messages::text LIKE '%%I guess maybe.%%'" % sid)
        self.assertEqual(saved, "1")
        # the JSON twin is the same model
        j = b.get("/api/v1/sessions/%s" % sid, headers={"X-Requested-With": "XMLHttpRequest"}).json()
        self.assertEqual(j["round"]["prompt"]["question_id"], qid)
        self.assertTrue(j["round"]["prompt"]["is_follow_up"])
        self.assertIn(j["round"]["prompt"]["text"].replace("'", "&#39;"), r.text)
        # a resubmitted form for an answered question writes nothing
        before = psql("SELECT count(*) FROM audit_logs WHERE action = 'session_answer' AND user_id = '%s'" % email_uid)
        b.post("/sessions/%s/answers" % sid, {"question_id": qid, "answer": STRONG})
        r = b.post("/sessions/%s/answers" % sid, {"question_id": qid, "answer": STRONG})
        self.assertIn(r.status, (303, 409))
        after = psql("SELECT count(*) FROM audit_logs WHERE action = 'session_answer' AND user_id = '%s'" % email_uid)
        self.assertEqual(int(after), int(before) + 1)
        # answer every remaining question (follow-ups included)
        for _ in range(12):
            _, q = prompt(b, sid)
            if not q:
                break
            self.assertEqual(b.post("/sessions/%s/answers" % sid, {"question_id": q, "answer": STRONG}).status, 303)
        r, q = prompt(b, sid)
        self.assertIsNone(q)
        self.assertIn("You answered every question of this round", r.text)
        r = b.post("/sessions/%s/rounds/1/finish" % sid)
        self.assertEqual(r.status, 303, r.text[:500])
        self.assertEqual(r.header("location"), "/sessions/%s/rounds/1/report" % sid)
        rep = b.get(r.header("location"))
        self.assertEqual(rep.status, 200)
        row = psql("SELECT a.overall_score, (SELECT count(*) FROM feedback_items f WHERE f.analysis_id = a.id), "
                   "t.processing_completed, sr.status, s.current_round FROM round_analyses a "
                   "JOIN session_rounds sr ON sr.id = a.session_round_id JOIN interview_sessions s ON s.id = sr.session_id "
                   "JOIN round_transcripts t ON t.session_round_id = sr.id WHERE s.id = '%s'" % sid).split("|")
        self.assertGreater(int(row[1]), 0)
        self.assertEqual(row[2:], ["t", "completed", "2"])
        self.assertIn("%g" % round(float(row[0]), 1), rep.text)
        self.assertIn("<mark>", rep.text)
        self.assertIn("Scores per dimension", rep.text)
        self.assertIn("round_finish", psql("SELECT string_agg(action, ',') FROM audit_logs WHERE entity_type = 'session_round' "
                                           "AND user_id = '%s'" % email_uid))
        # finishing twice is refused without a second analysis
        b.get("/sessions/%s" % sid)
        b.post("/sessions/%s/rounds/1/finish" % sid)
        self.assertEqual(psql("SELECT count(*) FROM round_analyses a JOIN session_rounds sr ON sr.id = a.session_round_id "
                              "WHERE sr.session_id = '%s'" % sid), "1")

    def test_no_credit_left_spends_nothing(self):
        b = new_user("broke")
        start(b)
        uid = b.uid
        n_sessions = psql("SELECT count(*) FROM interview_sessions WHERE user_id = '%s'" % uid)
        n_ledger = psql("SELECT count(*) FROM credit_transactions WHERE user_id = '%s'" % uid)
        r = b.post("/jobs/%s/sessions" % JOB)
        self.assertEqual(r.status, 402)
        self.assertIn("No credits left", r.text)
        self.assertIn('href="/credits"', r.text)
        r = b.post_json("/api/v1/jobs/%s/sessions" % JOB, {})
        self.assertEqual(r.status, 402)
        self.assertTrue(r.header("content-type").startswith("application/problem+json"))
        self.assertEqual(psql("SELECT count(*) FROM interview_sessions WHERE user_id = '%s'" % uid), n_sessions)
        self.assertEqual(psql("SELECT count(*) FROM credit_transactions WHERE user_id = '%s'" % uid), n_ledger)
        self.assertEqual(b.post("/jobs/%s/sessions" % uuid.uuid4()).status, 404)

    def test_validation_csrf_and_escaping(self):
        b = new_user("valid")
        sid = start(b)
        _, qid = prompt(b, sid)
        count = "SELECT count(*) FROM round_transcripts t JOIN session_rounds sr ON sr.id = t.session_round_id " \
                "WHERE sr.session_id = '%s'" % sid
        r = b.post("/sessions/%s/answers" % sid, {"question_id": qid, "answer": "   "})
        self.assertEqual(r.status, 422)
        self.assertIn('class="field-error" id="answer-error"', r.text)
        r = b.post("/sessions/%s/answers" % sid, {"question_id": qid, "answer": "x" * 10001})
        self.assertEqual(r.status, 422)
        self.assertIn("10,000", r.text)
        r = b.post("/sessions/%s/answers" % sid, {"question_id": "not-a-uuid", "answer": "hello there"})
        self.assertEqual(r.status, 422)
        r = b.post("/sessions/%s/answers" % sid, {"question_id": str(uuid.uuid4()), "answer": "hello there"})
        self.assertEqual(r.status, 422)
        self.assertIn("not part of the current round", r.text)
        r = b.post("/sessions/%s/answers" % sid, {"question_id": qid, "answer": "hello"}, csrf=False)
        self.assertEqual(r.status, 403)
        self.assertEqual(psql(count), "0")
        r = b.post("/sessions/%s/answers" % sid, {"question_id": qid,
                                                  "answer": "<script>alert(1)</script>'; DROP TABLE jobs; --"})
        self.assertEqual(r.status, 303)
        page = b.get("/sessions/%s" % sid).text
        self.assertNotIn("<script>alert(1)", page)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", page)
        self.assertEqual(psql("SELECT count(*) > 0 FROM jobs"), "t")
        self.assertEqual(b.post("/sessions/%s/rounds/0/finish" % sid).status, 404)
        self.assertEqual(b.post("/sessions/%s/rounds/abc/finish" % sid).status, 404)

    def test_other_users_session_is_404(self):
        a = new_user("owner")
        sid = start(a)
        _, qid = prompt(a, sid)
        other = new_user("intruder")
        for path in ("/sessions/%s", "/api/v1/sessions/%s", "/sessions/%s/report", "/api/v1/sessions/%s/report",
                     "/sessions/%s/rounds/1/report", "/api/v1/sessions/%s/rounds/1/report"):
            r = other.get(path % sid, headers={"X-Requested-With": "XMLHttpRequest"})
            self.assertEqual(r.status, 404, path)
        r = other.post("/sessions/%s/answers" % sid, {"question_id": qid, "answer": "mine now"})
        self.assertEqual(r.status, 404)
        r = other.post_json("/api/v1/sessions/%s/answers" % sid, {"question_id": qid, "answer": "mine now"})
        self.assertEqual(r.status, 404)
        self.assertTrue(r.header("content-type").startswith("application/problem+json"))
        for action in ("rounds/1/finish", "rounds/1/skip", "abandon"):
            self.assertEqual(other.post("/sessions/%s/%s" % (sid, action), {"confirm": "yes"}).status, 404, action)
        self.assertEqual(psql("SELECT status FROM interview_sessions WHERE id = '%s'" % sid), "in_progress")

    def test_api_answer_skip_and_abandon(self):
        b = new_user("api")
        sid = start(b)
        _, qid = prompt(b, sid)
        r = b.post_json("/api/v1/sessions/%s/answers" % sid, {"question_id": qid, "answer": STRONG})
        self.assertEqual(r.status, 200, r.text[:300])
        self.assertTrue(r.json()["saved"])
        r = b.post("/sessions/%s/rounds/1/skip" % sid)
        self.assertEqual(r.status, 303)
        self.assertEqual(psql("SELECT sr.status || '|' || s.current_round || '|' || s.rounds_skipped FROM session_rounds sr "
                              "JOIN interview_sessions s ON s.id = sr.session_id WHERE s.id = '%s' AND sr.round_number = 1" % sid),
                         "skipped|2|1")
        r = b.post("/sessions/%s/abandon" % sid, {})
        self.assertEqual(r.status, 422)
        self.assertIn('id="confirm-error"', r.text)
        self.assertEqual(psql("SELECT status FROM interview_sessions WHERE id = '%s'" % sid), "in_progress")
        r = b.post("/sessions/%s/abandon" % sid, {"confirm": "yes"})
        self.assertEqual(r.status, 303)
        self.assertEqual(psql("SELECT status FROM interview_sessions WHERE id = '%s'" % sid), "abandoned")
        r = b.post("/sessions/%s/answers" % sid, {"question_id": qid, "answer": STRONG})
        self.assertEqual(r.status, 422)
        self.assertIn("abandoned", r.text)


class Import(unittest.TestCase):
    def test_import_vtt_and_malformed(self):
        b = new_user("import")
        sid = start(b)
        prompt(b, sid)
        data = open(os.path.join(FIXTURES, "zoom.vtt"), "rb").read()
        analyses = "SELECT count(*) FROM round_analyses a JOIN session_rounds sr ON sr.id = a.session_round_id " \
                   "WHERE sr.session_id = '%s'" % sid
        bad = data.replace(b"00:00:08.010", b"00:00:8,010", 1)
        r = upload(b, "/sessions/%s/rounds/1/transcript" % sid, {"speaker": "Priya Raman"}, {"transcript": ("zoom.vtt", bad)})
        self.assertEqual(r.status, 422)
        self.assertRegex(r.text, r"line \d+: bad timestamp")
        self.assertEqual(psql(analyses), "0")
        r = upload(b, "/sessions/%s/rounds/1/transcript" % sid, {"speaker": ""}, {"transcript": ("zoom.vtt", data)})
        self.assertEqual(r.status, 422)
        self.assertIn("Priya Raman", r.text)
        r = upload(b, "/sessions/%s/rounds/1/transcript" % sid, {"speaker": "Nobody"}, {"transcript": ("zoom.vtt", data)})
        self.assertEqual(r.status, 422)
        r = upload(b, "/sessions/%s/rounds/1/transcript" % sid, {"speaker": "Priya Raman"}, {"transcript": ("zoom.txt", data)})
        self.assertEqual(r.status, 422)
        self.assertEqual(psql(analyses), "0")
        r = upload(b, "/sessions/%s/rounds/1/transcript" % sid, {"speaker": "Priya Raman"}, {"transcript": ("zoom.vtt", data)})
        self.assertEqual(r.status, 303, r.text[:500])
        row = psql("SELECT t.transcription_provider, t.speaking_pace_wpm IS NOT NULL FROM round_transcripts t "
                   "JOIN session_rounds sr ON sr.id = t.session_round_id WHERE sr.session_id = '%s'" % sid)
        self.assertEqual(row, "webvtt|t")
        rep = b.get(r.header("location"))
        self.assertIn("words a minute", rep.text)


class Refund(unittest.TestCase):
    def test_analysis_failure_refunds_the_credit(self):
        b = new_user("refund")
        sid = start(b)
        _, qid = prompt(b, sid)
        self.assertEqual(b.post("/sessions/%s/answers" % sid, {"question_id": qid, "answer": STRONG}).status, 303)
        # a transcript the engine refuses (a speaker it does not know) stands for a technical failure
        psql("UPDATE round_transcripts SET messages = messages || '[{\"speaker\": \"robot\", \"text\": \"beep\"}]' "
             "WHERE session_round_id IN (SELECT id FROM session_rounds WHERE session_id = '%s')" % sid)
        r = b.post("/sessions/%s/rounds/1/finish" % sid)
        self.assertEqual(r.status, 500)
        self.assertIn("refunded", r.text)
        self.assertEqual(psql("SELECT status FROM interview_sessions WHERE id = '%s'" % sid), "failed")
        self.assertEqual(psql("SELECT count(*) FROM credit_transactions WHERE related_entity_id = '%s' "
                              "AND transaction_type = 'refunded'" % sid), "1")
        self.assertEqual(psql("SELECT monthly_credits + bonus_credits FROM user_credits c JOIN interview_sessions s "
                              "ON s.user_id = c.user_id WHERE s.id = '%s'" % sid), "1")


if __name__ == "__main__":
    unittest.main()
