/* session.c: identity and CSRF for each request (see session.h). The CSRF token is an
 * HMAC of the session's jti (or of a random anonymous cookie before log-in), so it is
 * bound to one session and needs no server-side storage. */
#include "auth/session.h"

#include "auth/token.h"
#include "core/config.h"
#include "core/resp.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

static void
bind_csrf(struct req *r)
{
	r->csrf_token = token_mac(r->arena, arena_printf(r->arena, "csrf|%s", r->csrf_binding));
}

/* The anonymous CSRF binding: the pt_anon cookie, or a new one set with the HTML answer. */
static void
bind_anonymous(struct req *r)
{
	const char *anon = req_cookie(r, ANON_COOKIE);

	memset(&r->me, 0, sizeof(r->me));
	if (!anon || strlen(anon) != 32 || strspn(anon, "0123456789abcdef") != 32) {
		anon = token_random_hex(r->arena);
		r->anon_cookie = anon;
	}
	r->csrf_binding = anon;
	bind_csrf(r);
}

void
session_forget(struct req *r)
{
	if (!r->is_api && req_cookie(r, SESSION_COOKIE))
		session_end(r);
	bind_anonymous(r);
}

void
session_identify(struct req *r)
{
	const char *tok = NULL;

	if (r->authorization && strncasecmp(r->authorization, "Bearer ", 7) == 0) {
		tok = r->authorization + 7;
		r->me.via_bearer = true;
	} else
		tok = req_cookie(r, SESSION_COOKIE);
	if (tok && token_verify(r->arena, tok, &r->me) == 0) {
		r->me.via_bearer = r->authorization && strncasecmp(r->authorization, "Bearer ", 7) == 0;
		r->csrf_binding = r->me.jti;
		bind_csrf(r);
	} else
		bind_anonymous(r);
}

bool
session_csrf_ok(const struct req *r)
{
	const char *given;

	if (r->is_api)
		return r->me.via_bearer ||
		       (r->x_requested_with && strcasecmp(r->x_requested_with, "XMLHttpRequest") == 0) ||
		       (r->x_requested_with && strcasecmp(r->x_requested_with, "preptalk") == 0);
	given = req_form(r, "csrf_token");
	if (!given || !r->csrf_token || strlen(given) != strlen(r->csrf_token))
		return false;
	return sodium_memcmp(given, r->csrf_token, strlen(given)) == 0;
}

char *
session_start(struct req *r, const char *user_id, const char *role)
{
	const char *jti;
	char *tok = token_issue(r->arena, user_id, role, cfg.session_ttl_s, &jti);

	if (!tok)
		return NULL;
	r->me.user_id = user_id;
	r->me.role = role;
	r->me.jti = jti;
	r->csrf_binding = jti;
	bind_csrf(r);
	if (!r->is_api)
		resp_cookie(r, SESSION_COOKIE, tok, cfg.session_ttl_s);
	return tok;
}

void
session_set_anon_cookie(struct req *r)
{
	if (r->anon_cookie && !r->me.user_id)
		resp_cookie(r, ANON_COOKIE, r->anon_cookie, 365L * 86400);
}

void
session_end(struct req *r)
{
	resp_cookie(r, SESSION_COOKIE, "", -1);
}
