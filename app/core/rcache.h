/* rcache.h: each worker's cache of whole answers to logged-in GETs, checked against the
 * database's snapshot. The session check of every request (auth.identify) also returns
 * pg_current_snapshot(): an answer stored under snapshot S is served again, without running
 * the page's statement or rendering it, only while the check still returns S (no write has
 * committed anywhere since: the same data) and for at most PREPTALK_RESPONSE_CACHE_MS
 * (pages that show the time). The session is checked on every request as before.
 * The key is the method, path and query, user, role, token id and CSRF token. */
#ifndef PREPTALK_RCACHE_H
#define PREPTALK_RCACHE_H

#include "core/req.h"

#include <stdbool.h>
#include <stddef.h>

/* Sizes the cache: up to entries answers, max_bytes in all, each kept ttl_ms at most.
 * entries 0 turns it off. */
void rcache_configure(size_t entries, size_t max_bytes, long ttl_ms);
/* Frees every entry. */
void rcache_free(void);
/* Sets r->cache_key when r may be answered from the cache (a logged-in GET of a route
 * that uses the database, without Cache-Control: no-cache). Returns true when an entry
 * exists for it, whatever its snapshot. */
bool rcache_candidate(struct req *r, bool route_uses_db);
/* Answers r from the cache when its entry was stored under snapshot: headers and body are
 * copied into r, r->body_type and r->etag are set and the status is 200. */
bool rcache_serve(struct req *r, const char *snapshot);
/* Keeps r's answer (status 200, Content-Type ctype, r->etag) under snapshot, unless it
 * sets a cookie or says Cache-Control: no-store. */
void rcache_store(struct req *r, const char *ctype, const char *snapshot);

#endif
