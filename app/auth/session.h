/* session.h: who is asking — the session cookie or Bearer token of a request — and the
 * CSRF token its forms must carry. Sets r->me, r->csrf_binding and r->csrf_token. */
#ifndef PREPTALK_SESSION_H
#define PREPTALK_SESSION_H

#include <stdbool.h>

#include "core/req.h"

#define SESSION_COOKIE "pt_session"
#define ANON_COOKIE "pt_anon"

/* Reads the identity from the cookie or the Authorization header (signature, algorithm
 * and expiry checked; revocation is checked by the caller in the database). Makes sure a
 * CSRF binding exists, setting the anonymous cookie when needed. */
void session_identify(struct req *r);
/* True when the request carries the right CSRF proof for a state-changing request:
 * the form field csrf_token for HTML forms; for /api/, a Bearer token, or the cookie
 * together with the X-Requested-With header that a cross-site form cannot send. */
bool session_csrf_ok(const struct req *r);
/* Logs r in as user_id/role: issues the token and sets the cookie. Returns the token (arena). */
char *session_start(struct req *r, const char *user_id, const char *role);
/* Treats the request as anonymous from now on (the database said its session is revoked
 * or no longer valid) and clears the session cookie of a browser. */
void session_forget(struct req *r);
/* Sets the anonymous CSRF cookie chosen by session_identify, if any: called for HTML
 * answers only, since only HTML pages carry forms. */
void session_set_anon_cookie(struct req *r);
/* Clears the session cookie. */
void session_end(struct req *r);

#endif
