/* sessions.c: practice sessions — start, the session page, answers, finish/skip a round,
 * transcript import (WebVTT/SubRip), abandon. Finishing reads the round (ST_ROUND_INPUT), runs
 * analysis/ in C and stores it all with one write (ST_ROUND_FINISH). Statements: ST_SESSION_*,
 * ST_ROUND_*. Templates: sessions/. */
#include "pages/sessions.h"

#include "analysis/analysis.h"
#include "core/resp.h"
#include "db/db.h"
#include "pages/form.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ANSWER_MAX_BYTES 40000 /* 10,000 characters of up to 4 bytes; SQL counts characters */


/* The :n of a round route, 1..20, as text; NULL when it is anything else. */
static const char *
round_param(struct req *r)
{
	const char *n = req_param(r, "n");
	size_t len = n ? strlen(n) : 0;

	if (len == 0 || len > 2 || strspn(n, "0123456789") != len || n[0] == '0' || atoi(n) > 20)
		return NULL;
	return n;
}

static struct json_object *
get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const char *
get_str(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}


/* Shows the session page again with message next to field (or above the page for "form"). */
static int
redisplay(struct req *r, const char *id, int status, const char *field, const char *message)
{
	const char *msg = arena_strdup(r->arena, message ? message : "The change could not be saved.");
	int rc = db_model(r, ST_SESSION_PAGE, id);

	if (rc)
		return db_status(r, rc);
	r->error_detail = NULL;
	return form_error(r, status, field, msg);
}

/* A database refusal of a session write as the page shows it: "field: message" next to the
 * field, a form-level message otherwise; 404 and 503 as they are. */
static int
write_failed(struct req *r, const char *id, int rc)
{
	const char *msg = r->error_detail;
	const char *colon;

	if (rc != ERR_DB_USER && rc != ERR_DB_CONFLICT && rc != ERR_DB_INPUT)
		return db_status(r, rc);
	if (r->is_api)
		return db_status(r, rc);
	if (rc == ERR_DB_CONFLICT)
		return resp_redirect(r, arena_printf(r->arena, "/sessions/%s", id));
	msg = msg ? msg : "The change could not be saved.";
	colon = strstr(msg, ": ");
	if (colon && strspn(msg, "abcdefghijklmnopqrstuvwxyz_") == (size_t)(colon - msg))
		return redisplay(r, id, 422, arena_strndup(r->arena, msg, (size_t)(colon - msg)), colon + 2);
	return redisplay(r, id, 422, "form", msg);
}

int
sessions_start(struct req *r)
{
	const char *job_id, *url;
	struct json_object *m;
	int rc;

	if (req_path_uuid(r, "id", &job_id) != 0) {
		r->error_detail = "There is no such job.";
		return 404;
	}
	rc = db_model(r, ST_SESSION_BEGIN, job_id, r->remote_addr, r->user_agent, r->request_id);
	if (rc == ERR_DB_USER && r->error_detail && strstr(r->error_detail, "insufficient credits")) {
		r->error_detail = "You have no credits left, so no session was started and nothing was spent. "
		                  "Monthly credits renew with your plan; see /credits.";
		if (r->is_api)
			return 402;
		m = req_model(r);
		json_object_object_add(m, "job_id", json_object_new_string(job_id));
		json_object_object_add(m, "message", json_object_new_string(r->error_detail));
		return 402;
	}
	if (rc == ERR_DB_NOTFOUND) {
		r->error_detail = "This job has no practice interview to start.";
		return 404;
	}
	if (rc)
		return db_status(r, rc);
	if (r->is_api)
		return 201;
	m = req_model(r);
	url = get_str(m, "url");
	return url ? resp_redirect(r, url) : 500;
}

int
sessions_show(struct req *r)
{
	const char *id;
	int rc;

	if (req_path_uuid(r, "id", &id) != 0) {
		r->error_detail = "There is no such session.";
		return 404;
	}
	rc = db_model(r, ST_SESSION_PAGE, id);
	if (rc == ERR_DB_NOTFOUND)
		r->error_detail = "There is no such session.";
	return rc ? db_status(r, rc) : 200;
}

int
sessions_answer(struct req *r)
{
	const char *id, *qid, *answer;
	int rc;

	if (req_path_uuid(r, "id", &id) != 0) {
		r->error_detail = "There is no such session.";
		return 404;
	}
	qid = form_text(r, "question_id");
	answer = form_text(r, "answer");
	if (!req_is_uuid(qid))
		return r->is_api ? form_error(r, 422, "question_id", "question_id must be the id of the question asked.")
		                 : redisplay(r, id, 422, "answer", "The form was incomplete. Type your answer again.");
	if (strlen(answer) > ANSWER_MAX_BYTES) {
		if (r->is_api)
			return form_error(r, 422, "answer", "Keep an answer under 10,000 characters.");
		rc = redisplay(r, id, 422, "answer", "Keep an answer under 10,000 characters.");
		return rc;
	}
	rc = db_model(r, ST_SESSION_ANSWER, id, qid, answer, r->remote_addr, r->user_agent, r->request_id);
	if (rc == 0)
		return r->is_api ? 200 : resp_redirect(r, arena_printf(r->arena, "/sessions/%s#question", id));
	rc = write_failed(r, id, rc);
	if (rc == 422 && !r->is_api) {
		/* keep what was typed */
		struct json_object *m = req_model(r), *f = json_object_new_object();

		json_object_object_add(f, "answer", json_object_new_string(answer));
		json_object_object_add(m, "form", f);
	}
	return rc;
}

/* The session is stopped for a technical reason and its credit refunded; the user is told. */
static int
fail_and_refund(struct req *r, const char *id, const char *why)
{
	const char *reason = arena_printf(r->arena, "the analysis could not run (%s)", why);
	int rc = db_exec(r, ST_SESSION_FAIL, id, reason, r->remote_addr, r->user_agent, r->request_id);

	r->error_detail = rc == 0 ? "The analysis of this round could not run. The session was stopped and "
	                            "its credit was refunded to your balance."
	                          : "The analysis of this round could not run.";
	return 500;
}

/* The session-level analysis over the rounds already analysed plus this one (NULL when the
 * session does not end here). Returns 0, or -1 with err filled. *out is arena-owned text. */
static int
session_level(struct req *r, struct json_object *in, struct json_object *round_out, const char **out, char *err,
              size_t errlen)
{
	struct json_object *prev = get(in, "previous"), *rounds, *sess = NULL, *last = get(in, "is_last");
	size_t n;

	*out = NULL;
	if (!last || !json_object_get_boolean(last))
		return 0;
	rounds = req_own_json(r, json_object_new_array());
	n = prev && json_object_is_type(prev, json_type_array) ? json_object_array_length(prev) : 0;
	for (size_t i = 0; i < n; i++)
		json_object_array_add(rounds, json_object_get(json_object_array_get_idx(prev, i)));
	if (round_out)
		json_object_array_add(rounds, json_object_get(round_out));
	if (json_object_array_length(rounds) == 0)
		return 0; /* every round skipped: the session ends without a score */
	if (analysis_session(rounds, &sess, err, errlen) != 0)
		return -1;
	req_own_json(r, sess);
	*out = arena_strdup(r->arena, json_object_to_json_string_ext(sess, JSON_C_TO_STRING_PLAIN));
	return 0;
}

/* Reads round n's analysis input. Returns 0 with *in set, or a status (404, 409, ...). */
static int
load_round(struct req *r, const char *id, const char *n, struct json_object **in)
{
	const char *text = NULL, *status;
	int rc = db_value(r, ST_ROUND_INPUT, &text, id, n);

	*in = NULL;
	if (rc)
		return db_status(r, rc);
	*in = req_json_text(r, text);
	if (!*in) {
		r->error_detail = "There is no such round in this session.";
		return 404;
	}
	status = get_str(*in, "status");
	if (status && (strcmp(status, "completed") == 0 || strcmp(status, "skipped") == 0)) {
		r->error_detail = "This round is already finished.";
		if (!r->is_api && strcmp(status, "completed") == 0)
			return resp_redirect(r, arena_printf(r->arena, "/sessions/%s/rounds/%s/report", id, n));
		return r->is_api ? 409 : resp_redirect(r, arena_printf(r->arena, "/sessions/%s", id));
	}
	return 0;
}

/* Analyses round n of session id (transcript replaced by messages when given, from an import
 * of the named provider) and stores it. Returns the handler status. */
static int
analyse_and_store(struct req *r, const char *id, const char *n, struct json_object *in, struct json_object *messages,
                  const char *provider)
{
	struct json_object *input = get(in, "input"), *out = NULL, *m;
	const char *session_text, *url, *msgs_text = NULL;
	char err[256], ms[32];
	long t0 = req_now_us();
	int rc;

	if (!input)
		return 500;
	if (messages) {
		json_object_object_add(input, "transcript", json_object_get(messages));
		msgs_text = json_object_to_json_string_ext(messages, JSON_C_TO_STRING_PLAIN);
	}
	err[0] = '\0';
	if (analysis_round(input, &out, err, sizeof(err)) != 0) {
		if (messages) /* the imported file is the problem, not the system: nothing stored */
			return redisplay(r, id, 422, "transcript", arena_printf(r->arena, "The transcript could not be analysed: %s", err));
		return fail_and_refund(r, id, err);
	}
	req_own_json(r, out);
	if (session_level(r, in, out, &session_text, err, sizeof(err)) != 0)
		return fail_and_refund(r, id, err);
	snprintf(ms, sizeof(ms), "%ld", (req_now_us() - t0) / 1000);
	rc = db_model(r, ST_ROUND_FINISH, id, n, json_object_to_json_string_ext(out, JSON_C_TO_STRING_PLAIN), session_text,
	              msgs_text, provider, ms, r->remote_addr, r->user_agent, r->request_id);
	if (rc)
		return write_failed(r, id, rc);
	if (r->is_api)
		return 200;
	m = req_model(r);
	url = get_str(m, "report_url");
	return url ? resp_redirect(r, url) : 500;
}

int
sessions_finish_round(struct req *r)
{
	const char *id, *n;
	struct json_object *in, *answers;
	int status;

	if (req_path_uuid(r, "id", &id) != 0 || !(n = round_param(r))) {
		r->error_detail = "There is no such round.";
		return 404;
	}
	status = load_round(r, id, n, &in);
	if (status)
		return status;
	answers = get(in, "answers");
	if (!answers || json_object_get_int(answers) == 0)
		return r->is_api ? form_error(r, 422, "form", "Answer at least one question before finishing the round, or skip it.")
		                 : redisplay(r, id, 422, "form", "Answer at least one question before finishing the round, or skip it.");
	return analyse_and_store(r, id, n, in, NULL, NULL);
}

int
sessions_skip_round(struct req *r)
{
	const char *id, *n, *session_text, *url;
	struct json_object *in;
	char err[256];
	int status, rc;

	if (req_path_uuid(r, "id", &id) != 0 || !(n = round_param(r))) {
		r->error_detail = "There is no such round.";
		return 404;
	}
	status = load_round(r, id, n, &in);
	if (status)
		return status;
	if (session_level(r, in, NULL, &session_text, err, sizeof(err)) != 0)
		return fail_and_refund(r, id, err);
	rc = db_model(r, ST_ROUND_SKIP, id, n, session_text, r->remote_addr, r->user_agent, r->request_id);
	if (rc)
		return write_failed(r, id, rc);
	if (r->is_api)
		return 200;
	url = get_str(req_model(r), "url");
	return url ? resp_redirect(r, url) : 500;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

int
sessions_import(struct req *r)
{
	const char *id, *n, *speaker = form_text(r, "speaker"), *fname = r->upload.filename, *provider;
	struct json_object *in, *messages = NULL, *names = NULL;
	char err[256];
	int status;

	if (req_path_uuid(r, "id", &id) != 0 || !(n = round_param(r))) {
		r->error_detail = "There is no such round.";
		return 404;
	}
	if (!r->upload.data || r->upload.len == 0)
		return redisplay(r, id, 422, "transcript", "Choose a transcript file (.vtt or .srt) to upload.");
	if (!fname || !(ends_with(fname, ".vtt") || ends_with(fname, ".srt")))
		return redisplay(r, id, 422, "transcript", "Upload a WebVTT (.vtt) or SubRip (.srt) file.");
	if (strlen(speaker) > 100)
		return redisplay(r, id, 422, "speaker", "Use at most 100 characters.");
	if (!*speaker) {
		if (transcript_speakers(r->upload.data, r->upload.len, &names, err, sizeof(err)) != 0)
			return redisplay(r, id, 422, "transcript", err);
		req_own_json(r, names);
		return redisplay(r, id, 422, "speaker",
		                 arena_printf(r->arena, "Type the name you have in the transcript. Its speakers are: %s.",
		                              json_object_to_json_string_ext(names, JSON_C_TO_STRING_PLAIN)));
	}
	err[0] = '\0';
	if (transcript_parse(r->upload.data, r->upload.len, speaker, &messages, err, sizeof(err)) != 0)
		return redisplay(r, id, 422, "transcript", err);
	req_own_json(r, messages);
	provider = r->upload.len >= 6 && (memcmp(r->upload.data, "WEBVTT", 6) == 0 ||
	                                  (r->upload.len >= 9 && memcmp(r->upload.data, "\xEF\xBB\xBFWEBVTT", 9) == 0))
	                   ? "webvtt"
	                   : "srt";
	status = load_round(r, id, n, &in);
	if (status)
		return status;
	return analyse_and_store(r, id, n, in, messages, provider);
}

int
sessions_abandon(struct req *r)
{
	const char *id, *confirm = form_text(r, "confirm");
	int rc;

	if (req_path_uuid(r, "id", &id) != 0) {
		r->error_detail = "There is no such session.";
		return 404;
	}
	if (strcmp(confirm, "yes") != 0 && strcmp(confirm, "on") != 0 && strcmp(confirm, "true") != 0)
		return r->is_api ? form_error(r, 422, "confirm", "Send confirm=yes to abandon the session.")
		                 : redisplay(r, id, 422, "confirm", "Tick the box to confirm that you want to abandon this session.");
	rc = db_model(r, ST_SESSION_ABANDON, id, r->remote_addr, r->user_agent, r->request_id);
	if (rc)
		return write_failed(r, id, rc);
	return r->is_api ? 200 : resp_redirect(r, arena_printf(r->arena, "/sessions/%s", id));
}
