/* rcache.c: the worker's answer cache (see rcache.h). A direct-mapped table: the slot is a
 * keyed SipHash of the key, a new answer replaces whatever the slot held. Entries own their
 * memory (malloc); the total is capped so that a worker's memory stays bounded. */
#include "core/rcache.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/metrics.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct entry {
	char *key;
	char *snapshot;
	char *ctype;
	char *etag;
	struct buf headers, body;
	long stored_us;
};

static struct entry *slots;
static size_t nslots, max_bytes, bytes;
static long ttl_us;
static unsigned char hash_key[crypto_shorthash_KEYBYTES];

void
rcache_configure(size_t entries, size_t max_total, long ttl_ms)
{
	rcache_free();
	if (entries == 0 || sodium_init() < 0)
		return;
	slots = calloc(entries, sizeof(*slots));
	if (!slots)
		return;
	nslots = entries;
	max_bytes = max_total;
	ttl_us = ttl_ms * 1000L;
	randombytes_buf(hash_key, sizeof(hash_key));
}

static void
clear(struct entry *e)
{
	bytes -= e->headers.cap + e->body.cap;
	free(e->key);
	free(e->snapshot);
	free(e->ctype);
	free(e->etag);
	buf_free(&e->headers);
	buf_free(&e->body);
	memset(e, 0, sizeof(*e));
}

void
rcache_free(void)
{
	for (size_t i = 0; i < nslots; i++)
		clear(&slots[i]);
	free(slots);
	slots = NULL;
	nslots = 0;
	bytes = 0;
}

static struct entry *
slot(const char *key)
{
	unsigned char h[crypto_shorthash_BYTES];
	unsigned long long n = 0;

	crypto_shorthash(h, (const unsigned char *)key, strlen(key), hash_key);
	memcpy(&n, h, sizeof(n) < sizeof(h) ? sizeof(n) : sizeof(h));
	return &slots[n % nslots];
}

bool
rcache_candidate(struct req *r, bool route_uses_db)
{
	struct entry *e;

	r->cache_key = NULL;
	if (!nslots || r->method != M_GET || !route_uses_db || !r->me.user_id || !r->me.jti ||
	    (r->cache_control && strcasestr(r->cache_control, "no-cache")))
		return false;
	r->cache_key = arena_printf(r->arena, "GET %s?%s\n%s\n%s\n%s\n%s", r->path, r->raw_query ? r->raw_query : "",
	                            r->me.user_id, r->me.role ? r->me.role : "", r->me.jti,
	                            r->csrf_token ? r->csrf_token : "");
	e = slot(r->cache_key);
	return e->key && strcmp(e->key, r->cache_key) == 0;
}

bool
rcache_serve(struct req *r, const char *snapshot)
{
	struct entry *e;

	if (!r->cache_key || !snapshot)
		return false;
	e = slot(r->cache_key);
	if (!e->key || strcmp(e->key, r->cache_key) != 0 || strcmp(e->snapshot, snapshot) != 0 ||
	    req_now_us() - e->stored_us > ttl_us) {
		metrics_cache(false);
		return false;
	}
	buf_reset(r->headers);
	buf_append(r->headers, e->headers.data ? e->headers.data : "", e->headers.len);
	buf_reset(r->body_out);
	buf_append(r->body_out, e->body.data ? e->body.data : "", e->body.len);
	r->body_type = arena_strdup(r->arena, e->ctype);
	r->etag = e->etag ? arena_strdup(r->arena, e->etag) : NULL;
	r->status = 200;
	r->cache_key = NULL; /* served: nothing to store */
	metrics_cache(true);
	return true;
}

void
rcache_store(struct req *r, const char *ctype, const char *snapshot)
{
	const char *h = r->headers->data ? r->headers->data : "";
	size_t need = r->headers->len + r->body_out->len + 2;
	struct entry *e;

	if (!r->cache_key || !snapshot || !ctype || r->status != 200 || r->location ||
	    strcasestr(h, "Set-Cookie:") || strcasestr(h, "no-store"))
		return;
	e = slot(r->cache_key);
	clear(e);
	if (bytes + need > max_bytes)
		return;
	e->key = strdup(r->cache_key);
	e->snapshot = strdup(snapshot);
	e->ctype = strdup(ctype);
	e->etag = r->etag ? strdup(r->etag) : NULL;
	if (!e->key || !e->snapshot || !e->ctype || (r->etag && !e->etag)) {
		clear(e);
		return;
	}
	buf_init(&e->headers, 0);
	buf_init(&e->body, 0);
	buf_append(&e->headers, h, r->headers->len);
	buf_append(&e->body, r->body_out->data ? r->body_out->data : "", r->body_out->len);
	bytes += e->headers.cap + e->body.cap;
	e->stored_us = req_now_us();
}
