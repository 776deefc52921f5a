/* resp.c: response building (see resp.h). */
#include "core/resp.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

void
resp_header(struct req *r, const char *name, const char *value)
{
	assert(!strpbrk(name, "\r\n") && !strpbrk(value, "\r\n"));
	buf_printf(r->headers, "%s: %s\r\n", name, value);
}

void
resp_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	char line[1024];

	assert(!strpbrk(value, "\r\n;"));
	snprintf(line, sizeof(line), "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s", name,
	         max_age < 0 ? "" : value, max_age < 0 ? 0 : max_age, r->https ? "; Secure" : "");
	resp_header(r, "Set-Cookie", line);
}

int
resp_redirect(struct req *r, const char *location)
{
	if (!location || location[0] != '/' || location[1] == '/' || location[1] == '\\' ||
	    strpbrk(location, "\r\n"))
		location = "/";
	r->location = location;
	r->status = r->method == M_POST ? 303 : 302;
	return r->status;
}

const char *
resp_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 402: return "Payment Required";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

void
resp_serialize(struct req *r, const char *content_type, struct buf *out)
{
	bool has_body = r->method != M_HEAD && r->status != 304 && r->status != 204;

	buf_printf(out, "Status: %d %s\r\n", r->status, resp_reason(r->status));
	if (content_type && r->status != 304)
		buf_printf(out, "Content-Type: %s\r\n", content_type);
	buf_printf(out, "Content-Length: %zu\r\nX-Request-Id: %s\r\n", has_body ? r->body_out->len : 0,
	           r->request_id);
	if (r->location)
		buf_printf(out, "Location: %s\r\n", r->location);
	buf_append(out, r->headers->data ? r->headers->data : "", r->headers->len);
	buf_puts(out, "\r\n");
	if (has_body)
		buf_append(out, r->body_out->data, r->body_out->len);
}
