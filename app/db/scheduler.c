/* scheduler.c: periodic maintenance (see scheduler.h). Each job is one SQL function of
 * schema app, called in its own transaction; a failing job is logged and recorded, and
 * the others still run. */
#include "db/scheduler.h"

#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/req.h"
#include "db/db.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void
on_term(int sig)
{
	stopping = 1;
}

static const struct {
	const char *name;
	enum st_id st;
	int every_s; /* minimum seconds between runs */
} jobs[] = {
	{"create_audit_partitions", ST_JOB_AUDIT_PARTITIONS, 3600},
	{"expire_stale_sessions", ST_JOB_EXPIRE_SESSIONS, 60},
	{"monthly_credit_reset", ST_JOB_CREDIT_RESET, 300},
	{"purge_revoked_tokens", ST_JOB_PURGE_TOKENS, 3600},
	{"refresh_company_stats", ST_JOB_REFRESH_STATS, 60},
};
#define NJOBS (sizeof(jobs) / sizeof(jobs[0]))

static void
run_job(struct arena *a, size_t i)
{
	struct req r;
	const char *msg = NULL, *started;
	char when[64];
	time_t t = time(NULL);
	struct tm tm;
	int rc;

	memset(&r, 0, sizeof(r));
	r.arena = a;
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	started = when;
	rc = db_value(&r, jobs[i].st, &msg);
	if (rc == ERR_DB_DOWN) {
		log_warn("scheduler: %s skipped, database unavailable", jobs[i].name);
		return;
	}
	if (rc != 0)
		log_error("scheduler: %s failed", jobs[i].name);
	else
		log_debug("scheduler: %s: %s", jobs[i].name, msg ? msg : "");
	(void)db_exec(&r, ST_SCHEDULER_RECORD, jobs[i].name, started, rc == 0 ? "true" : "false",
	              rc == 0 ? (msg ? msg : "") : "failed; see the log");
	arena_reset(a);
}

int
scheduler_main(void)
{
	struct arena *a = arena_new(16 * 1024);
	time_t last[NJOBS] = {0};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGINT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	db_configure(cfg.database_url, 60000);
	while (!stopping) {
		time_t now = time(NULL);

		for (size_t i = 0; i < NJOBS && !stopping; i++) {
			/* a short PREPTALK_SCHEDULER_INTERVAL_S (tests) runs every job that often */
			int every = cfg.scheduler_interval_s < jobs[i].every_s ? cfg.scheduler_interval_s
			                                                         : jobs[i].every_s;

			if (now - last[i] < every)
				continue;
			last[i] = now;
			run_job(a, i);
		}
		sleep(1);
	}
	db_close();
	arena_free(a);
	return 0;
}
