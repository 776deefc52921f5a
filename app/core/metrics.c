/* metrics.c: shared-memory counters (see metrics.h). Updates are relaxed atomic adds:
 * exact totals, no locks, and a worker killed mid-request corrupts nothing. */
#include "core/metrics.h"

#include <json-c/json.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

static const int codes[] = {200, 201, 204, 302, 303, 304, 400, 401, 403, 404,
                            405, 409, 413, 414, 415, 422, 429, 500, 503, 0};
#define NCODES (sizeof(codes) / sizeof(codes[0])) /* the last slot counts any other code */
static const long bounds_us[] = {500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 1000000};
#define NBOUNDS (sizeof(bounds_us) / sizeof(bounds_us[0]))

struct shm {
	int nroutes;
	unsigned long db_reconnects, worker_restarts;
	unsigned long cache_hits, cache_misses;
	unsigned long buckets[NBOUNDS + 1];
	unsigned long sum_us, count;
	unsigned long requests[]; /* (nroutes + 1) * NCODES */
};

static struct shm *shm;

int
metrics_init(int nroutes)
{
	size_t size = sizeof(struct shm) + (size_t)(nroutes + 1) * NCODES * sizeof(unsigned long);
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	shm = p;
	shm->nroutes = nroutes;
	return 0;
}

static void
add(unsigned long *p, unsigned long n)
{
	__atomic_fetch_add(p, n, __ATOMIC_RELAXED);
}

void
metrics_request(int route, int status, long us)
{
	size_t c = 0, b = 0;

	if (!shm)
		return;
	if (route < 0 || route >= shm->nroutes)
		route = shm->nroutes;
	while (c < NCODES - 1 && codes[c] != status)
		c++;
	while (b < NBOUNDS && us > bounds_us[b])
		b++;
	add(&shm->requests[(size_t)route * NCODES + c], 1);
	add(&shm->buckets[b], 1);
	add(&shm->sum_us, us > 0 ? (unsigned long)us : 0);
	add(&shm->count, 1);
}

void
metrics_db_reconnect(void)
{
	if (shm)
		add(&shm->db_reconnects, 1);
}

void
metrics_worker_restart(void)
{
	if (shm)
		add(&shm->worker_restarts, 1);
}

void
metrics_cache(bool hit)
{
	if (shm)
		add(hit ? &shm->cache_hits : &shm->cache_misses, 1);
}

static unsigned long
get(const unsigned long *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

void
metrics_write(struct buf *out, const char *(*route_name)(int i, const char **method))
{
	unsigned long cum = 0;

	if (!shm)
		return;
	buf_puts(out, "# HELP preptalk_requests_total Requests by route and status.\n"
	              "# TYPE preptalk_requests_total counter\n");
	for (int i = 0; i <= shm->nroutes; i++) {
		const char *method = "", *name = i < shm->nroutes ? route_name(i, &method) : "unmatched";

		for (size_t c = 0; c < NCODES; c++) {
			unsigned long n = get(&shm->requests[(size_t)i * NCODES + c]);

			if (!n)
				continue;
			if (codes[c])
				buf_printf(out, "preptalk_requests_total{method=\"%s\",route=\"%s\",status=\"%d\"} %lu\n",
				           method, name, codes[c], n);
			else
				buf_printf(out, "preptalk_requests_total{method=\"%s\",route=\"%s\",status=\"other\"} %lu\n",
				           method, name, n);
		}
	}
	buf_puts(out, "# HELP preptalk_request_duration_seconds Time spent in the worker per request.\n"
	              "# TYPE preptalk_request_duration_seconds histogram\n");
	for (size_t b = 0; b < NBOUNDS; b++) {
		cum += get(&shm->buckets[b]);
		buf_printf(out, "preptalk_request_duration_seconds_bucket{le=\"%g\"} %lu\n",
		           (double)bounds_us[b] / 1e6, cum);
	}
	cum += get(&shm->buckets[NBOUNDS]);
	buf_printf(out, "preptalk_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
	buf_printf(out, "preptalk_request_duration_seconds_sum %.6f\n", (double)get(&shm->sum_us) / 1e6);
	buf_printf(out, "preptalk_request_duration_seconds_count %lu\n", get(&shm->count));
	buf_printf(out, "# HELP preptalk_db_reconnects_total Reconnections to PostgreSQL.\n"
	                "# TYPE preptalk_db_reconnects_total counter\n"
	                "preptalk_db_reconnects_total %lu\n"
	                "# HELP preptalk_worker_restarts_total Workers replaced after dying.\n"
	                "# TYPE preptalk_worker_restarts_total counter\n"
	                "preptalk_worker_restarts_total %lu\n",
	           get(&shm->db_reconnects), get(&shm->worker_restarts));
	buf_printf(out, "# HELP preptalk_response_cache_total Cached answers looked at: served (hit) or stale (miss).\n"
	                "# TYPE preptalk_response_cache_total counter\n"
	                "preptalk_response_cache_total{result=\"hit\"} %lu\n"
	                "preptalk_response_cache_total{result=\"miss\"} %lu\n",
	           get(&shm->cache_hits), get(&shm->cache_misses));
}

struct json_object *
metrics_summary(void)
{
	struct json_object *o = json_object_new_object();
	unsigned long total = 0, errors = 0, count, fast = 0;
	char ms[32];

	if (!shm)
		return o;
	for (int i = 0; i <= shm->nroutes; i++)
		for (size_t c = 0; c < NCODES; c++) {
			unsigned long n = get(&shm->requests[(size_t)i * NCODES + c]);

			total += n;
			if (codes[c] >= 500 || codes[c] == 0)
				errors += n;
		}
	count = get(&shm->count);
	for (size_t b = 0; b < NBOUNDS && bounds_us[b] <= 10000; b++)
		fast += get(&shm->buckets[b]);
	snprintf(ms, sizeof(ms), "%.2f", count ? (double)get(&shm->sum_us) / (double)count / 1000.0 : 0.0);
	json_object_object_add(o, "requests", json_object_new_int64((int64_t)total));
	json_object_object_add(o, "server_errors", json_object_new_int64((int64_t)errors));
	json_object_object_add(o, "avg_ms", json_object_new_double_s(atof(ms), ms));
	json_object_object_add(o, "under_10ms_pct",
	                       json_object_new_int(count ? (int)(100.0 * (double)fast / (double)count) : 100));
	json_object_object_add(o, "db_reconnects", json_object_new_int64((int64_t)get(&shm->db_reconnects)));
	json_object_object_add(o, "worker_restarts", json_object_new_int64((int64_t)get(&shm->worker_restarts)));
	return o;
}
