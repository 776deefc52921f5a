/* community.c: interview experiences shared by candidates — the form, creation with field
 * validation, helpful/outdated votes and reports. Statements: ST_EXPERIENCE_*, ST_COMPANY_PAGE.
 * Templates: community/new, companies/show (a refused vote or report shows the page again). */
#include "pages/community.h"

#include "core/resp.h"
#include "db/db.h"
#include "pages/form.h"

#include <ctype.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ROUNDS 3
#define MAX_ERRORS 48

struct errs {
	const char *field[MAX_ERRORS];
	const char *msg[MAX_ERRORS];
	int n;
};

static const char *const levels[] = {"intern", "entry", "junior", "mid", "senior", "lead", "principal",
                                     "staff", "executive", NULL};
static const char *const sources[] = {"online_application", "referral", "recruiter", "campus", "agency",
                                      "other", NULL};
static const char *const outcomes[] = {"offer_accepted", "offer_declined", "no_offer", "withdrew", "pending", NULL};
static const char *const experiences[] = {"positive", "neutral", "negative", NULL};
static const char *const round_types[] = {"phone_screen", "technical_screen", "coding", "system_design",
                                          "behavioral", "culture_fit", "case_study", "presentation", "final",
                                          "other", NULL};
static const char *const reasons[] = {"spam", "offensive", "confidential", "names_interviewer", "inaccurate",
                                      "other", NULL};
static const char *const text_fields[] = {"role_title", "level", "location", "is_remote", "interview_month",
                                          "application_source", "process_length_days", "outcome", "experience",
                                          "difficulty", "title", "content", "tips", "is_anonymous", "confirm", NULL};
static const char *const round_fields[] = {"type", "duration", "interviewer_role", "topics", "questions", NULL};



static bool
checked(const char *v)
{
	return strcmp(v, "on") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
}

/* A whole number of at most 4 digits in [lo, hi]. */
static bool
int_in(const char *v, int lo, int hi)
{
	size_t n = strlen(v);
	int x;

	if (n == 0 || n > 4 || strspn(v, "0123456789") != n)
		return false;
	x = atoi(v);
	return x >= lo && x <= hi;
}

/* Characters, not bytes (the database limits are in characters); the parser checked UTF-8. */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static void
add(struct errs *e, const char *field, const char *msg)
{
	if (e->n < MAX_ERRORS) {
		e->field[e->n] = field;
		e->msg[e->n] = msg;
		e->n++;
	}
}

static const char *
round_key(struct req *r, int n, const char *field)
{
	return arena_printf(r->arena, "round%d_%s", n, field);
}

/* YYYY-MM from 1990 up to the current month. */
static bool
month_ok(const char *v)
{
	time_t now = time(NULL);
	struct tm tm;
	int y, m;

	if (strlen(v) != 7 || v[4] != '-' || strspn(v, "0123456789") != 4 || strspn(v + 5, "0123456789") != 2)
		return false;
	y = atoi(v);
	m = atoi(v + 5);
	if (m < 1 || m > 12 || y < 1990 || !gmtime_r(&now, &tm))
		return false;
	return y < tm.tm_year + 1900 || (y == tm.tm_year + 1900 && m <= tm.tm_mon + 1);
}

/* Every field of the experience form; all problems at once, each for its own field. */
static void
validate(struct req *r, struct errs *e)
{
	const char *v;

	v = form_text(r, "role_title");
	if (!*v)
		add(e, "role_title", "Enter the role you interviewed for.");
	else if (chars(v) > 200)
		add(e, "role_title", "Use at most 200 characters.");
	v = form_text(r, "level");
	if (*v && !form_in_list(v, levels))
		add(e, "level", "Choose one of the listed levels.");
	if (chars(form_text(r, "location")) > 200)
		add(e, "location", "Use at most 200 characters.");
	v = form_text(r, "interview_month");
	if (*v && !month_ok(v))
		add(e, "interview_month", "Enter a month between 1990 and now, as YYYY-MM.");
	v = form_text(r, "application_source");
	if (*v && !form_in_list(v, sources))
		add(e, "application_source", "Choose how you got the interview from the list.");
	v = form_text(r, "process_length_days");
	if (*v && !int_in(v, 0, 730))
		add(e, "process_length_days", "Enter a whole number of days between 0 and 730.");
	v = form_text(r, "outcome");
	if (!form_in_list(v, outcomes))
		add(e, "outcome", "Choose the outcome.");
	v = form_text(r, "experience");
	if (!form_in_list(v, experiences))
		add(e, "experience", "Choose how the experience felt overall.");
	if (!int_in(form_text(r, "difficulty"), 1, 5))
		add(e, "difficulty", "Choose a difficulty from 1 to 5.");
	if (chars(form_text(r, "title")) > 200)
		add(e, "title", "Use at most 200 characters.");
	v = form_text(r, "content");
	if (chars(v) < 20)
		add(e, "content", "Describe the process in at least 20 characters.");
	else if (chars(v) > 20000)
		add(e, "content", "Use at most 20000 characters.");
	if (chars(form_text(r, "tips")) > 5000)
		add(e, "tips", "Use at most 5000 characters.");
	if (!checked(form_text(r, "confirm")))
		add(e, "confirm", "Confirm that your post names no interviewer and shares nothing confidential.");
	for (int n = 1; n <= ROUNDS; n++) {
		const char *type = form_text(r, round_key(r, n, "type"));
		const char *dur = form_text(r, round_key(r, n, "duration"));
		bool any = *type || *dur || *form_text(r, round_key(r, n, "interviewer_role")) ||
		           *form_text(r, round_key(r, n, "topics")) || *form_text(r, round_key(r, n, "questions"));

		if (!any)
			continue;
		if (!*type)
			add(e, round_key(r, n, "type"), "Choose the type of this round, or clear the row.");
		else if (!form_in_list(type, round_types))
			add(e, round_key(r, n, "type"), "Choose one of the listed round types.");
		if (*dur && !int_in(dur, 5, 480))
			add(e, round_key(r, n, "duration"), "Enter minutes between 5 and 480.");
		if (chars(form_text(r, round_key(r, n, "interviewer_role"))) > 100)
			add(e, round_key(r, n, "interviewer_role"), "Use at most 100 characters (a role, never a name).");
		if (chars(form_text(r, round_key(r, n, "topics"))) > 500)
			add(e, round_key(r, n, "topics"), "Use at most 500 characters.");
		if (chars(form_text(r, round_key(r, n, "questions"))) > 4000)
			add(e, round_key(r, n, "questions"), "Use at most 4000 characters.");
	}
}

/* The submitted form as a JSON object of trimmed strings (what the SQL functions read). */
static const char *
form_json(struct req *r)
{
	struct json_object *in = json_object_new_object();

	req_own_json(r, in);
	for (const char *const *f = text_fields; *f; f++)
		json_object_object_add(in, *f, json_object_new_string(form_text(r, *f)));
	for (int n = 1; n <= ROUNDS; n++)
		for (const char *const *f = round_fields; *f; f++) {
			const char *k = round_key(r, n, *f);

			json_object_object_add(in, k, json_object_new_string(form_text(r, k)));
		}
	return json_object_to_json_string_ext(in, JSON_C_TO_STRING_PLAIN);
}

/* A field error; errors of round rows (roundN_x) also go into rounds[N-1].row_errors.x so the
 * template shows them next to the field of that row. */
static void
field_error(struct req *r, int status, const char *field, const char *msg)
{
	struct json_object *m = req_model(r), *rounds, *row, *errs;
	int n;
	char rest[32];

	form_error(r, status, field, msg);
	if (sscanf(field, "round%d_%31s", &n, rest) != 2 || n < 1 || n > ROUNDS)
		return;
	if (!json_object_object_get_ex(m, "rounds", &rounds) || !(row = json_object_array_get_idx(rounds, n - 1)))
		return;
	if (!json_object_object_get_ex(row, "row_errors", &errs)) {
		errs = json_object_new_object();
		json_object_object_add(row, "row_errors", errs);
	}
	json_object_object_add(errs, rest, json_object_new_string(msg));
}

/* The form again, with what was typed and the messages. */
static int
redisplay_form(struct req *r, const char *company, const char *in, int status, const struct errs *e)
{
	const char *detail = r->error_detail;
	int rc;

	r->model = NULL;
	r->model_text = NULL;
	rc = db_model(r, ST_EXPERIENCE_FORM, company, in);
	if (rc)
		return db_status(r, rc);
	r->error_detail = detail;
	if (e) {
		for (int i = 0; i < e->n; i++)
			field_error(r, status, e->field[i], e->msg[i]);
		return status;
	}
	/* a database message "field: text" goes next to its field */
	if (!detail)
		detail = "The experience could not be saved.";
	const char *colon = strstr(detail, ": ");
	r->error_detail = NULL;
	if (colon && strspn(detail, "abcdefghijklmnopqrstuvwxyz_0123456789") == (size_t)(colon - detail)) {
		field_error(r, status, arena_strndup(r->arena, detail, (size_t)(colon - detail)), colon + 2);
		return status;
	}
	return form_error(r, status, "form", detail);
}

int
community_new(struct req *r)
{
	const char *id;
	int rc;

	if (req_path_uuid(r, "id", &id) != 0) {
		r->error_detail = "There is no such company.";
		return 404;
	}
	rc = db_model(r, ST_EXPERIENCE_FORM, id, "{}");
	if (rc == ERR_DB_NOTFOUND)
		r->error_detail = "There is no such company.";
	if (rc)
		return db_status(r, rc);
	return 200;
}

int
community_create(struct req *r)
{
	struct errs e = {.n = 0};
	const char *id, *in, *text;
	struct json_object *res, *v;
	int rc;

	if (req_path_uuid(r, "id", &id) != 0) {
		r->error_detail = "There is no such company.";
		return 404;
	}
	validate(r, &e);
	in = form_json(r);
	if (e.n) {
		r->error_detail = e.n == 1 ? e.msg[0] : "Some fields need your attention.";
		return redisplay_form(r, id, in, 422, &e);
	}
	rc = db_value(r, ST_EXPERIENCE_CREATE, &text, id, in, r->remote_addr, r->user_agent, r->request_id);
	if (rc == ERR_DB_USER || rc == ERR_DB_INPUT)
		return redisplay_form(r, id, in, 422, NULL);
	if (rc == ERR_DB_NOTFOUND)
		r->error_detail = "There is no such company.";
	if (rc)
		return db_status(r, rc);
	if (r->is_api) {
		r->model_text = text;
		return 201;
	}
	res = req_json_text(r, text);
	if (!res || !json_object_object_get_ex(res, "moderation_status", &v))
		return 500;
	return resp_redirect(r, arena_printf(r->arena, "/companies/%s?shared=%s#experiences", id,
	                                     strcmp(json_object_get_string(v), "published") == 0 ? "published"
	                                                                                         : "pending"));
}

/* After a refused vote or report: the company page again, the message on the post it concerns
 * (HTML), or problem+json with errors.<field> (API). A post the user cannot see is 404. */
static int
redisplay_post(struct req *r, const char *post, int status, const char *field, const char *msg, bool report)
{
	const char *company = NULL;
	struct json_object *m, *list, *item, *pid;

	if (r->is_api) {
		r->model = NULL;
		r->model_text = NULL;
		r->error_detail = msg;
		return form_error(r, status, field, msg);
	}
	if (db_value(r, ST_EXPERIENCE_COMPANY, &company, post) != 0 || !company) {
		r->error_detail = "There is no such post.";
		return 404;
	}
	r->model = NULL;
	r->model_text = NULL;
	if (db_model(r, ST_COMPANY_PAGE, company, (const char *)NULL, arena_printf(r->arena, "/companies/%s", company)) != 0)
		return 500;
	r->template = "companies/show";
	m = req_model(r);
	for (int k = 0; k < 2; k++) {
		if (!json_object_object_get_ex(m, k ? "my_posts" : "experiences", &list))
			continue;
		for (size_t i = 0; i < json_object_array_length(list); i++) {
			item = json_object_array_get_idx(list, i);
			if (!json_object_object_get_ex(item, "id", &pid) || strcmp(json_object_get_string(pid), post) != 0)
				continue;
			json_object_object_add(item, report ? "report_error" : "vote_error", json_object_new_string(msg));
			if (report) {
				json_object_object_add(item, "report_open", json_object_new_boolean(1));
				json_object_object_add(item, "report_reason", json_object_new_string(form_text(r, "reason")));
				json_object_object_add(item, "report_details", json_object_new_string(form_text(r, "details")));
			}
		}
	}
	r->error_detail = msg;
	return form_error(r, status, field, msg);
}

/* Splits a database message "field: text" into its parts; other messages belong to field dflt. */
static const char *
message_field(struct req *r, const char *dflt, const char **msg)
{
	const char *d = r->error_detail ? r->error_detail : "The request was refused.";
	const char *colon = strstr(d, ": ");

	*msg = d;
	if (colon && strspn(d, "abcdefghijklmnopqrstuvwxyz_") == (size_t)(colon - d)) {
		*msg = colon + 2;
		return arena_strndup(r->arena, d, (size_t)(colon - d));
	}
	return dflt;
}

int
community_vote(struct req *r)
{
	const char *post, *value = form_text(r, "value"), *text = NULL, *field, *msg;
	struct json_object *res, *cid;
	int rc, status;

	if (req_path_uuid(r, "id", &post) != 0) {
		r->error_detail = "There is no such post.";
		return 404;
	}
	rc = db_value(r, ST_EXPERIENCE_VOTE, &text, post, value, r->remote_addr, r->user_agent, r->request_id);
	if (rc == ERR_DB_USER) {
		field = message_field(r, "vote", &msg);
		return redisplay_post(r, post, 422, field, msg, false);
	}
	if (rc == ERR_DB_NOTFOUND)
		r->error_detail = "There is no such post.";
	if (rc)
		return db_status(r, rc);
	if (r->is_api) {
		r->model_text = text;
		return 200;
	}
	res = req_json_text(r, text);
	if (!res || !json_object_object_get_ex(res, "company_id", &cid))
		return 500;
	status = resp_redirect(r, arena_printf(r->arena, "/companies/%s#post-%s", json_object_get_string(cid), post));
	return status;
}

int
community_report(struct req *r)
{
	const char *post, *reason = form_text(r, "reason"), *details = form_text(r, "details"), *text = NULL;
	const char *field, *msg;
	struct json_object *res, *cid;
	int rc;

	if (req_path_uuid(r, "id", &post) != 0) {
		r->error_detail = "There is no such post.";
		return 404;
	}
	if (!form_in_list(reason, reasons))
		return redisplay_post(r, post, 422, "reason", "Choose a reason.", true);
	if (chars(details) > 2000)
		return redisplay_post(r, post, 422, "details", "Use at most 2000 characters.", true);
	if (strcmp(reason, "other") == 0 && !*details)
		return redisplay_post(r, post, 422, "details", "Tell us what is wrong with this post.", true);
	rc = db_value(r, ST_EXPERIENCE_REPORT, &text, post, reason, details, r->remote_addr, r->user_agent, r->request_id);
	if (rc == ERR_DB_USER || rc == ERR_DB_CONFLICT) {
		field = message_field(r, "report", &msg);
		return redisplay_post(r, post, rc == ERR_DB_CONFLICT ? 409 : 422, field, msg, true);
	}
	if (rc == ERR_DB_NOTFOUND)
		r->error_detail = "There is no such post.";
	if (rc)
		return db_status(r, rc);
	if (r->is_api) {
		r->model_text = text;
		return 201;
	}
	res = req_json_text(r, text);
	if (!res || !json_object_object_get_ex(res, "company_id", &cid))
		return 500;
	return resp_redirect(r, arena_printf(r->arena, "/companies/%s?reported=1#post-%s",
	                                     json_object_get_string(cid), post));
}
