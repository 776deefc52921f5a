/* form.c: form redisplay helpers (see form.h). */
#include "pages/form.h"

#include <ctype.h>
#include <json-c/json.h>
#include <string.h>

int
form_error(struct req *r, int status, const char *field, const char *message)
{
	struct json_object *m = req_model(r), *errors;

	if (!json_object_object_get_ex(m, "errors", &errors)) {
		errors = json_object_new_object();
		json_object_object_add(m, "errors", errors);
	}
	json_object_object_add(errors, field, json_object_new_string(message));
	if (!r->error_detail)
		r->error_detail = message;
	return status;
}

void
form_echo(struct req *r, const char *object, const char *const *names)
{
	struct json_object *m = req_model(r), *o;

	if (!json_object_object_get_ex(m, object, &o) || !json_object_is_type(o, json_type_object)) {
		o = json_object_new_object();
		json_object_object_add(m, object, o);
	}
	for (; *names; names++)
		json_object_object_add(o, *names, json_object_new_string(form_text(r, *names)));
}

int
form_db_error(struct req *r, int status)
{
	const char *msg = r->error_detail ? r->error_detail : "The change could not be saved.";
	const char *colon = strstr(msg, ": ");

	r->error_detail = NULL;
	if (colon && strspn(msg, "abcdefghijklmnopqrstuvwxyz_") == (size_t)(colon - msg))
		return form_error(r, status, arena_strndup(r->arena, msg, (size_t)(colon - msg)), colon + 2);
	return form_error(r, status, "form", msg);
}

const char *
form_text(struct req *r, const char *key)
{
	const char *v = req_form(r, key);
	size_t n;

	if (!v)
		return "";
	while (isspace((unsigned char)*v))
		v++;
	n = strlen(v);
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	return arena_strndup(r->arena, v, n);
}

bool
form_in_list(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(v, *list) == 0)
			return true;
	return false;
}
