/* metrics.h: counters shared by the master and every worker (one anonymous shared
 * mapping made before the first fork), exported in Prometheus text format. */
#ifndef PREPTALK_METRICS_H
#define PREPTALK_METRICS_H

#include "core/buf.h"

#include <stdbool.h>

/* Maps the shared counters; call once in the master before forking. Returns 0 or -1. */
int metrics_init(int nroutes);
/* Counts one request of route index (-1: no route) with its status and duration. */
void metrics_request(int route, int status, long us);
void metrics_db_reconnect(void);
void metrics_worker_restart(void);
/* Counts a response-cache entry found for a request: served (hit) or stale (miss). */
void metrics_cache(bool hit);
/* Totals since the master started, for the admin overview: requests, server errors,
 * average time, share under 10 ms, reconnects, worker restarts. (caller puts) */
struct json_object *metrics_summary(void);
/* Writes every counter in Prometheus text format; route_name(i) names route i. */
void metrics_write(struct buf *out, const char *(*route_name)(int i, const char **method));

#endif
