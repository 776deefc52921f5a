/* router.c: linear-scan matching of the route table (see router.h). HEAD is served
 * by GET rows. */
#include "core/router.h"

#include <string.h>

/* Matches one pattern against path, collecting captures into params. */
static int
match(struct req *r, const char *pat, const char *path, struct kvlist *params)
{
	params->n = 0;
	while (*pat && *path) {
		if (*pat == ':') {
			const char *name = ++pat, *seg = path;
			size_t nlen, slen;

			while (*pat && *pat != '/')
				pat++;
			while (*path && *path != '/')
				path++;
			nlen = (size_t)(pat - name);
			slen = (size_t)(path - seg);
			if (slen == 0)
				return 0;
			if (r)
				kvlist_add(r->arena, params, arena_strndup(r->arena, name, nlen),
				           arena_strndup(r->arena, seg, slen), slen);
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	return *pat == '\0' && *path == '\0';
}

const struct route *
router_match(struct req *r, int method, const char *path, int *allow)
{
	struct kvlist scratch = {0};

	*allow = 0;
	if (method == M_HEAD)
		method = M_GET;
	for (int i = 0; i < nroutes; i++) {
		if (!match(NULL, routes[i].pattern, path, &scratch))
			continue;
		if (routes[i].method == method) {
			r->params.n = 0;
			match(r, routes[i].pattern, path, &r->params);
			return &routes[i];
		}
		*allow |= routes[i].method;
		if (routes[i].method == M_GET)
			*allow |= M_HEAD;
	}
	return NULL;
}

const char *
router_allow_header(struct arena *a, int allow)
{
	static const struct {
		int bit;
		const char *name;
	} names[] = {{M_GET, "GET"}, {M_HEAD, "HEAD"}, {M_POST, "POST"},
	             {M_PUT, "PUT"}, {M_PATCH, "PATCH"}, {M_DELETE, "DELETE"}};
	char out[64] = "";

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(allow & names[i].bit))
			continue;
		if (*out)
			strcat(out, ", ");
		strcat(out, names[i].name);
	}
	return arena_strdup(a, out);
}

int
router_index(const struct route *rt)
{
	return rt ? (int)(rt - routes) : -1;
}

bool
router_admin_only(const char *path)
{
	struct kvlist scratch = {0};
	bool any = false;

	for (int i = 0; i < nroutes; i++) {
		if (!match(NULL, routes[i].pattern, path, &scratch))
			continue;
		if (routes[i].auth != AUTH_ADMIN)
			return false;
		any = true;
	}
	return any;
}
