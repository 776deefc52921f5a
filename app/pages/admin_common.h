/* admin_common.h: what every admin page family shares. An admin page is one statement
 * (key, query as JSON) -> model; an admin write is one statement (key, form as JSON, ip, user
 * agent, request id) -> {"redirect": ...}, re-showing its form with per-field errors on 4xx. */
#ifndef PREPTALK_PAGES_ADMIN_COMMON_H
#define PREPTALK_PAGES_ADMIN_COMMON_H

#include "core/req.h"
#include "db/db.h"

/* Renders the page model of st. key_name: the route capture holding the page's UUID (404 when
 * it is not one), or NULL for pages without a key. The query string goes to SQL as a JSON
 * object of strings. Returns the status. */
int admin_page(struct req *r, enum st_id st, const char *key_name);
/* Runs write st with the submitted fields (form or JSON body) as a JSON object. On success an
 * HTML request is redirected to the model's "redirect"; an API request gets the model with
 * ok_status. On a validation error (422/400/409) the page of form_st (same key) is rendered
 * again with the submitted values in model.form and the messages in model.errors. */
int admin_write(struct req *r, enum st_id st, const char *key_name, enum st_id form_st, int ok_status);
/* As admin_write, but a refused form's page gets the submitted fields as its query (instead of
 * none), for forms whose choices depend on them (the jobs of the submitted company). */
int admin_write_requery(struct req *r, enum st_id st, const char *key_name, enum st_id form_st, int ok_status);
/* For HTML: marks the selected entry of every model.choices.<field> list from model.form, and
 * builds model.rows_<prefix> arrays (fixed rows of fields named <prefix>_<n>_<field>). */
void admin_prepare(struct req *r);

#endif
