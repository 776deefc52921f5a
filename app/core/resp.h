/* resp.h: building the response of a request: status, headers, cookies, body, and
 * writing it as a FastCGI/CGI response. The body buffer is r->body_out. */
#ifndef PREPTALK_RESP_H
#define PREPTALK_RESP_H

#include "core/req.h"

/* Adds a header line. name and value must not contain CR or LF (asserted). */
void resp_header(struct req *r, const char *name, const char *value);
/* Sets an HttpOnly, SameSite=Lax, Path=/ cookie (Secure over https). max_age < 0 deletes it. */
void resp_cookie(struct req *r, const char *name, const char *value, long max_age);
/* Sets a redirect: 303 after a POST, 302 otherwise. Returns the status to return. Only
 * local paths ("/...", not "//...") are accepted; anything else redirects to "/". */
int resp_redirect(struct req *r, const char *location);
/* The reason phrase of a status code. (static) */
const char *resp_reason(int status);
/* Serialises status line, headers and body (omitted for HEAD or 304) into out. */
void resp_serialize(struct req *r, const char *content_type, struct buf *out);

#endif
