/* admin_common.c: the page and write helpers behind every admin handler (see admin_common.h).
 * Statements: whichever the handlers pass. No SQL and no markup here. */
#include "pages/admin_common.h"

#include "core/resp.h"
#include "pages/form.h"

#include <ctype.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#define ADMIN_MAX_ROWS 20


/* A kvlist as a JSON object text of strings; later duplicates win, csrf_token is left out. */
static const char *
kv_json(struct req *r, const struct kvlist *l)
{
	struct json_object *o = req_own_json(r, json_object_new_object());

	for (int i = 0; i < l->n; i++) {
		if (strcmp(l->items[i].key, "csrf_token") == 0)
			continue;
		json_object_object_add(o, l->items[i].key,
		                       json_object_new_string_len(l->items[i].val, (int)l->items[i].len));
	}
	return arena_strdup(r->arena, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
}

/* The route's key, or NULL when the route has none. Returns -1 when it is not a UUID. */
static int
route_key(struct req *r, const char *key_name, const char **key)
{
	*key = NULL;
	if (!key_name)
		return 0;
	return req_path_uuid(r, key_name, key);
}

static const char *
saved_message(const char *v)
{
	static const struct {
		const char *code, *text;
	} msgs[] = {
		{"created", "Created."},
		{"deleted", "Deleted."},
		{"activated", "This version is now active. New practice sessions use it."},
		{"publish", "The post is published."},
		{"hide", "The post is hidden; its author sees the reason."},
		{"restore", "The post is restored."},
		{"credits", "The credits were granted and written to the ledger."},
		{"question", "The question was saved."},
	};

	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (strcmp(v, msgs[i].code) == 0)
			return msgs[i].text;
	return "Saved.";
}

static bool
is_flag_on(const char *v)
{
	return v && (strcmp(v, "on") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
	             strcmp(v, "yes") == 0);
}

/* "<prefix>_<n>_<field>" -> n (1..max) and field; 0 when key does not have that shape. */
static int
row_field(const char *key, const char *prefix, int max, const char **field)
{
	size_t pl = strlen(prefix);
	char *end;
	long n;

	if (strncmp(key, prefix, pl) != 0 || key[pl] != '_' || !isdigit((unsigned char)key[pl + 1]))
		return 0;
	n = strtol(key + pl + 1, &end, 10);
	if (*end != '_' || !end[1] || n < 1 || n > max)
		return 0;
	*field = end + 1;
	return (int)n;
}

static void
build_rows(struct req *r, struct json_object *m, struct json_object *form, struct json_object *errors)
{
	struct json_object *spec;

	if (!json_object_object_get_ex(m, "rows", &spec) || !json_object_is_type(spec, json_type_object))
		return;
	json_object_object_foreach(spec, prefix, countv)
	{
		int count = json_object_get_int(countv);
		struct json_object *rows = json_object_new_array();
		const char *field;
		int n;

		if (count < 1 || count > ADMIN_MAX_ROWS) {
			json_object_put(rows);
			continue;
		}
		for (int i = 1; i <= count; i++) {
			struct json_object *row = json_object_new_object();

			json_object_object_add(row, "n", json_object_new_int(i));
			json_object_array_add(rows, row);
		}
		json_object_object_foreach(form, key, val)
		{
			if ((n = row_field(key, prefix, count, &field)) > 0)
				json_object_object_add(json_object_array_get_idx(rows, (size_t)n - 1), field,
				                       json_object_get(val));
		}
		if (errors) {
			json_object_object_foreach(errors, ekey, eval)
			{
				if ((n = row_field(ekey, prefix, count, &field)) > 0)
					json_object_object_add(json_object_array_get_idx(rows, (size_t)n - 1),
					                       arena_printf(r->arena, "error_%s", field),
					                       json_object_get(eval));
			}
		}
		json_object_object_add(m, arena_printf(r->arena, "rows_%s", prefix), rows);
	}
}

void
admin_prepare(struct req *r)
{
	struct json_object *m = req_model(r), *form, *choices, *errors = NULL;
	const char *saved = req_query(r, "saved");

	if (saved && r->status < 400 && !json_object_object_get_ex(m, "errors", NULL))
		json_object_object_add(m, "saved", json_object_new_string(saved_message(saved)));
	if (!json_object_object_get_ex(m, "form", &form) || !json_object_is_type(form, json_type_object))
		return;
	json_object_object_get_ex(m, "errors", &errors);
	if (json_object_object_get_ex(m, "choices", &choices) && json_object_is_type(choices, json_type_object)) {
		json_object_object_foreach(choices, name, list)
		{
			struct json_object *cur;
			const char *want = json_object_object_get_ex(form, name, &cur) ? json_object_get_string(cur) : "";
			size_t len = json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;

			for (size_t i = 0; i < len; i++) {
				struct json_object *opt = json_object_array_get_idx(list, i), *v;
				bool sel = json_object_object_get_ex(opt, "value", &v) && want &&
				           strcmp(json_object_get_string(v), want) == 0;

				json_object_object_add(opt, "selected", json_object_new_boolean(sel));
			}
		}
	}
	build_rows(r, m, form, errors);
}

int
admin_page(struct req *r, enum st_id st, const char *key_name)
{
	const char *key;
	int rc;

	if (route_key(r, key_name, &key) != 0) {
		r->error_detail = "There is nothing at this address.";
		return 404;
	}
	rc = db_model(r, st, key, kv_json(r, &r->query));
	if (rc)
		return db_status(r, rc);
	if (!r->is_api)
		admin_prepare(r);
	return 200;
}

/* The stored form, overwritten with what was submitted: booleans (checkboxes) become true only
 * when ticked; text fields keep the stored value when the submission did not carry them. */
static void
echo_submission(struct req *r, struct json_object *m)
{
	struct json_object *form, *fresh = json_object_new_object();

	if (!json_object_object_get_ex(m, "form", &form) || !json_object_is_type(form, json_type_object))
		form = NULL;
	if (form) {
		json_object_object_foreach(form, key, val)
		{
			const char *v = req_form(r, key);

			if (json_object_is_type(val, json_type_boolean))
				json_object_object_add(fresh, key, json_object_new_boolean(is_flag_on(v)));
			else if (v)
				json_object_object_add(fresh, key, json_object_new_string(v));
			else
				json_object_object_add(fresh, key, json_object_get(val));
		}
	}
	json_object_object_add(m, "form", fresh);
}

/* Shows the field errors of a refused write: a JSON object of field -> message (several), or
 * one "field: message". */
static int
show_errors(struct req *r, int status, const char *detail)
{
	struct json_object *errs;

	if (detail && detail[0] == '{' && (errs = json_tokener_parse(detail)) != NULL) {
		struct json_object *m = req_model(r), *all;

		if (!json_object_is_type(errs, json_type_object)) {
			json_object_put(errs);
			return form_error(r, status, "form", "The change could not be saved.");
		}
		if (!json_object_object_get_ex(m, "errors", &all)) {
			all = json_object_new_object();
			json_object_object_add(m, "errors", all);
		}
		json_object_object_foreach(errs, k, v)
		{
			json_object_object_add(all, k, json_object_get(v));
		}
		json_object_put(errs);
		return form_error(r, status, "form", "Some fields need attention: see the messages next to them.");
	}
	r->error_detail = detail;
	return form_db_error(r, status);
}

/* requery: the refused form's page gets the submission as its query instead of none. */
static int
write_form(struct req *r, enum st_id st, const char *key_name, enum st_id form_st, int ok_status, bool requery)
{
	const char *key, *detail, *form_json;
	struct json_object *m, *to;
	int rc, status;

	if (route_key(r, key_name, &key) != 0) {
		r->error_detail = "There is nothing at this address.";
		return 404;
	}
	form_json = kv_json(r, &r->form);
	rc = db_model(r, st, key, form_json, r->remote_addr, r->user_agent, r->request_id);
	if (rc == 0) {
		if (r->is_api)
			return ok_status;
		m = req_model(r);
		if (json_object_object_get_ex(m, "redirect", &to) && json_object_is_type(to, json_type_string))
			return resp_redirect(r, arena_strdup(r->arena, json_object_get_string(to)));
		return resp_redirect(r, "/admin");
	}
	if (rc != ERR_DB_USER && rc != ERR_DB_INPUT && rc != ERR_DB_CONFLICT)
		return db_status(r, rc);
	status = rc == ERR_DB_USER ? 422 : rc == ERR_DB_CONFLICT ? 409 : 400;
	detail = r->error_detail ? r->error_detail : "A value is not valid.";
	r->error_detail = NULL;
	r->model = NULL;
	r->model_text = NULL;
	rc = db_model(r, form_st, key, requery ? form_json : "{}");
	if (rc)
		return db_status(r, rc);
	m = req_model(r);
	echo_submission(r, m);
	status = show_errors(r, status, detail);
	r->status = status;
	if (!r->is_api)
		admin_prepare(r);
	return status;
}

int
admin_write(struct req *r, enum st_id st, const char *key_name, enum st_id form_st, int ok_status)
{
	return write_form(r, st, key_name, form_st, ok_status, false);
}

int
admin_write_requery(struct req *r, enum st_id st, const char *key_name, enum st_id form_st, int ok_status)
{
	return write_form(r, st, key_name, form_st, ok_status, true);
}
