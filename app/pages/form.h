/* form.h: helpers every form handler uses to show a form again with the values the user
 * typed and a message next to each field that was wrong. */
#ifndef PREPTALK_PAGES_FORM_H
#define PREPTALK_PAGES_FORM_H

#include <stdbool.h>

#include "core/req.h"

/* Adds errors.<field> = message to the model and returns status, for `return form_error(...)`. */
int form_error(struct req *r, int status, const char *field, const char *message);
/* Copies the submitted fields listed in names (NULL-terminated) into model.<object>, so the
 * form shows what the user typed. Passwords are never echoed: do not list them. */
void form_echo(struct req *r, const char *object, const char *const *names);
/* Turns a database message of the form "field: message" into a field error; other
 * messages become a form-level error (field "form"). Returns status. */
int form_db_error(struct req *r, int status);
/* True when v is one of the NULL-terminated list (an allowed value of a select). */
bool form_in_list(const char *v, const char *const *list);
/* A trimmed form value, or "" when absent. (arena) */
const char *form_text(struct req *r, const char *key);

#endif
