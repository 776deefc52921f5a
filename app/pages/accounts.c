/* accounts.c: sign-up, log-in, log-out, profile, password change and API tokens.
 * Statements: ST_SIGNUP, ST_LOGIN_*, ST_LOGOUT, ST_PROFILE_*, ST_PASSWORD_CHANGE,
 * ST_MY_PASSWORD_HASH. Templates: accounts/. Every write is audited in its SQL function. */
#include "pages/accounts.h"

#include "auth/password.h"
#include "auth/session.h"
#include "core/config.h"
#include "core/resp.h"
#include "db/db.h"
#include "pages/form.h"

#include <json-c/json.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *const profile_fields[] = {
	"full_name", "current_job_role", "target_role", "experience_level", "years_of_experience",
	"linkedin_url", "github_url", "portfolio_url", "preferred_interview_style", "timezone", NULL};

static bool
email_valid(const char *e)
{
	const char *at = strchr(e, '@');

	return at && at > e && strchr(at + 1, '.') && !strchr(at + 1, '@') && strlen(e) <= 254 &&
	       !strpbrk(e, " \t<>\"'(),;:\\[]");
}

/* A local path to return to after log-in; anything else becomes "/". */
static const char *
safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strpbrk(next, "\r\n"))
		return "/";
	return next;
}


int
accounts_signup_form(struct req *r)
{
	if (r->me.user_id)
		return resp_redirect(r, "/");
	req_model(r);
	return 200;
}

int
accounts_signup(struct req *r)
{
	static const char *const echo[] = {"email", "full_name", NULL};
	const char *email = form_text(r, "email"), *pw = req_form(r, "password"), *problem, *model;
	char hash[crypto_pwhash_STRBYTES];
	struct json_object *user, *id;
	int rc;

	form_echo(r, "form", echo);
	if (!email_valid(email))
		return form_error(r, 422, "email", "Enter a valid email address, such as name@example.com.");
	problem = password_problem(pw);
	if (problem)
		return form_error(r, 422, "password", problem);
	if (strlen(form_text(r, "full_name")) > 200)
		return form_error(r, 422, "full_name", "Use at most 200 characters.");
	if (password_hash(pw, hash, sizeof(hash)) != 0)
		return 500;
	rc = db_value(r, ST_SIGNUP, &model, email, hash, form_text(r, "full_name"), r->remote_addr, r->user_agent, r->request_id);
	sodium_memzero(hash, sizeof(hash));
	if (rc == ERR_DB_CONFLICT || rc == ERR_DB_USER)
		return form_error(r, rc == ERR_DB_CONFLICT ? 409 : 422, "email", r->error_detail);
	if (rc)
		return db_status(r, rc);
	user = req_json_text(r, model);
	if (!user || !json_object_object_get_ex(user, "id", &id))
		return 500;
	if (!session_start(r, arena_strdup(r->arena, json_object_get_string(id)), "candidate"))
		return 500;
	if (r->is_api) {
		r->model = user;
		return 201;
	}
	return resp_redirect(r, "/?welcome=1");
}

int
accounts_login_form(struct req *r)
{
	struct json_object *m = req_model(r);

	if (r->me.user_id)
		return resp_redirect(r, safe_next(req_query(r, "next")));
	json_object_object_add(m, "next", json_object_new_string(safe_next(req_query(r, "next"))));
	return 200;
}

/* Checks email and password. Returns 0 with *user_id and *role set, or a status with the
 * form error set. Unknown e-mails cost one argon2 verification too, so timing reveals nothing. */
static int
check_credentials(struct req *r, const char **user_id, const char **role)
{
	const char *email = form_text(r, "email"), *pw = req_form(r, "password"), *text = NULL;
	struct json_object *row = NULL, *v;
	const char *hash = NULL, *id = NULL, *new_hash = "";
	bool active = false, ok;
	char fresh[crypto_pwhash_STRBYTES];
	int rc;

	if (!*email || !pw || !*pw || strlen(pw) > PASSWORD_MAX || strlen(email) > 254) {
		password_verify(NULL, "x");
		return form_error(r, 401, "form", "The email or password is not right.");
	}
	rc = db_value(r, ST_LOGIN_LOOKUP, &text, email);
	if (rc)
		return db_status(r, rc);
	if ((row = req_json_text(r, text)) != NULL) {
		if (json_object_object_get_ex(row, "hash", &v))
			hash = json_object_get_string(v);
		if (json_object_object_get_ex(row, "id", &v))
			id = json_object_get_string(v);
		if (json_object_object_get_ex(row, "role", &v))
			*role = json_object_get_string(v);
		if (json_object_object_get_ex(row, "active", &v))
			active = json_object_get_boolean(v);
	}
	ok = password_verify(hash, pw) && active && id;
	if (ok && password_needs_rehash(hash) && password_hash(pw, fresh, sizeof(fresh)) == 0)
		new_hash = arena_strdup(r->arena, fresh);
	rc = db_exec(r, ST_LOGIN_RECORD, id, email, ok ? "true" : "false", new_hash, r->remote_addr, r->user_agent,
	             r->request_id);
	if (rc)
		return db_status(r, rc);
	if (!ok)
		return form_error(r, 401, "form", "The email or password is not right.");
	*user_id = arena_strdup(r->arena, id);
	*role = arena_strdup(r->arena, *role);
	return 0;
}

int
accounts_login(struct req *r)
{
	static const char *const echo[] = {"email", NULL};
	const char *user_id = NULL, *role = "candidate", *next = safe_next(req_form(r, "next"));
	struct json_object *m = req_model(r);
	int status;

	form_echo(r, "form", echo);
	json_object_object_add(m, "next", json_object_new_string(next));
	status = check_credentials(r, &user_id, &role);
	if (status)
		return status;
	if (!session_start(r, user_id, role))
		return 500;
	return resp_redirect(r, next);
}

int
accounts_token(struct req *r)
{
	const char *user_id = NULL, *role = "candidate";
	struct json_object *m;
	char *tok;
	int status = check_credentials(r, &user_id, &role);

	if (status)
		return status;
	tok = session_start(r, user_id, role);
	if (!tok)
		return 500;
	m = json_object_new_object();
	req_own_json(r, m);
	json_object_object_add(m, "token", json_object_new_string(tok));
	json_object_object_add(m, "token_type", json_object_new_string("Bearer"));
	json_object_object_add(m, "expires_in", json_object_new_int64(cfg.session_ttl_s));
	r->model = m;
	resp_header(r, "Cache-Control", "no-store");
	return 200;
}

int
accounts_logout(struct req *r)
{
	char exp[32];
	int rc;

	if (r->me.jti) {
		snprintf(exp, sizeof(exp), "%ld", r->me.exp);
		rc = db_exec(r, ST_LOGOUT, r->me.jti, exp, r->remote_addr, r->user_agent, r->request_id);
		if (rc)
			return db_status(r, rc);
	}
	session_end(r);
	if (r->is_api)
		return 204;
	return resp_redirect(r, "/");
}

int
accounts_profile(struct req *r)
{
	int rc = db_model(r, ST_PROFILE_PAGE);
	const char *saved = req_query(r, "saved");

	if (rc)
		return db_status(r, rc);
	if (saved && !r->is_api) {
		struct json_object *m = req_model(r);

		json_object_object_add(m, "saved", json_object_new_string(strcmp(saved, "password") == 0
		                                                               ? "Your password was changed."
		                                                               : "Your profile was saved."));
	}
	return 200;
}

int
accounts_profile_update(struct req *r)
{
	static const char *const flags[] = {"notify_session_complete", "notify_weekly_progress",
	                                    "notify_new_features", NULL};
	struct json_object *in = json_object_new_object(), *m;
	int rc;

	req_own_json(r, in);
	for (const char *const *f = profile_fields; *f; f++)
		json_object_object_add(in, *f, json_object_new_string(form_text(r, *f)));
	for (const char *const *f = flags; *f; f++)
		json_object_object_add(in, *f, json_object_new_string(form_text(r, *f)));
	rc = db_model(r, ST_PROFILE_UPDATE, json_object_to_json_string_ext(in, JSON_C_TO_STRING_PLAIN), r->remote_addr,
	              r->user_agent, r->request_id);
	if (rc == 0)
		return r->is_api ? 200 : resp_redirect(r, "/profile?saved=1");
	if (rc != ERR_DB_USER && rc != ERR_DB_INPUT)
		return db_status(r, rc);
	/* show the form again with what was typed and the message next to its field */
	const char *detail = r->error_detail;
	if (db_model(r, ST_PROFILE_PAGE) != 0)
		return 500;
	m = req_model(r);
	form_echo(r, "profile", profile_fields);
	(void)m;
	r->error_detail = detail;
	return form_db_error(r, 422);
}

int
accounts_password(struct req *r)
{
	const char *current = req_form(r, "current_password"), *pw = req_form(r, "password"), *hash = NULL,
	           *problem;
	char fresh[crypto_pwhash_STRBYTES], exp[32];
	int rc;

	rc = db_model(r, ST_PROFILE_PAGE);
	if (rc)
		return db_status(r, rc);
	if (db_value(r, ST_MY_PASSWORD_HASH, &hash) != 0 || !current || strlen(current) > PASSWORD_MAX ||
	    !password_verify(hash, current))
		return form_error(r, 422, "current_password", "This is not your current password.");
	problem = password_problem(pw);
	if (problem)
		return form_error(r, 422, "password", problem);
	if (password_hash(pw, fresh, sizeof(fresh)) != 0)
		return 500;
	snprintf(exp, sizeof(exp), "%ld", r->me.exp);
	rc = db_exec(r, ST_PASSWORD_CHANGE, fresh, r->me.jti, exp, r->remote_addr, r->user_agent, r->request_id);
	sodium_memzero(fresh, sizeof(fresh));
	if (rc)
		return db_status(r, rc);
	if (!session_start(r, r->me.user_id, r->me.role))
		return 500;
	if (r->is_api) {
		r->model = NULL;
		r->model_text = "{\"ok\":true}";
		return 200;
	}
	return resp_redirect(r, "/profile?saved=password");
}
