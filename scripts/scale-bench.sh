#!/usr/bin/env bash
# scale-bench.sh: `make scale-bench`. Page latency against the `make scale-data` cluster
# (build/scale-var, port 35432, left running): PrepTalk's master and nginx on HTTP 30880, log-ins
# as demo@preptalk.test (the heaviest user), an ordinary user and admin@preptalk.test, then wrk
# (16 connections, 10 s after a 1 s warm-up) on every page of the candidate product and of the
# admin, HTML and JSON twin: requests/s, p50, p99, and every p99 of 20 ms or more flagged.
# Knobs: SCALE_BENCH_SECONDS, SCALE_BENCH_WARMUP, SCALE_BENCH_CONNECTIONS, SCALE_BENCH_ONLY (a
# regular expression on the target names), SCALE_BENCH_NOCACHE, PREPTALK_WORKERS.
set -euo pipefail

LOG_TAG=scale-bench
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

# shellcheck source=scripts/scale-lib.sh
. "$ROOT/scripts/scale-lib.sh"
HTTP_PORT=${SCALE_BENCH_HTTP_PORT:-30880}  # below the ephemeral range: no clash with outgoing connections
CONNECTIONS=${SCALE_BENCH_CONNECTIONS:-16}
DURATION=${SCALE_BENCH_SECONDS:-10}
WARMUP=${SCALE_BENCH_WARMUP:-1}
THREADS=2
ONLY=${SCALE_BENCH_ONLY:-}
LIMIT_MS=20
# SCALE_BENCH_NOCACHE=1: every request says Cache-Control: no-cache, so no answer comes from the
# workers' cache (app/core/rcache.c): each one runs its SQL and template, as after a write.
NOCACHE=${SCALE_BENCH_NOCACHE:-0}
export PREPTALK_WORKERS=${PREPTALK_WORKERS:-$((2 * $(nproc)))}

unset DATABASE_URL PREPTALK_MIGRATE_URL PREPTALK_SOCKET PREPTALK_JWT_SECRET
[ -f "$DATA_DIR/pg/PG_VERSION" ] || { fail "no scale cluster in $DATA_DIR: run make scale-data first"; exit 1; }
command -v wrk >/dev/null || { fail "wrk is missing (make deps)"; exit 1; }
stack_config "$DATA_DIR" "$HTTP_PORT" "$PG_PORT"
PT_MASTER_LOG=$PT_LOG/preptalk-bench.log
# Log-ins are measured elsewhere (make bench): nginx's brute-force brake is not in the way here.
PT_AUTH_RATE=1000r/s
PT_AUTH_BURST=1000

# The cluster is shared with make explain and keeps running: only the master and nginx stop.
# shellcheck disable=SC2317 # called by the EXIT trap
teardown() {
	nginx_stop
	master_stop
}
trap teardown EXIT
trap 'exit 130' INT TERM

owner() { psql -X -q -tA -v ON_ERROR_STOP=1 -d "$PREPTALK_MIGRATE_URL" -c "$1"; }

pg_start || exit 1
"$PREPTALK_BIN" migrate up >/dev/null || { fail "migrations failed (run make build/preptalk first)"; exit 1; }
STARTED=$(owner "SELECT date_trunc('second', now())")  # the scheduler records whole seconds
stack_start_app || exit 1
# The scheduler runs every job once at start (the statistics refresh alone takes seconds of CPU
# at this scale): measure once its first round is over. It runs the refresh again every minute
# while the pages are measured, as it would in production.
for ((i = 0; i < 300; i++)); do
	[ "$(owner "SELECT count(DISTINCT job) FROM app.scheduler_runs WHERE started_at >= '$STARTED' AND finished_at IS NOT NULL")" -ge 5 ] && break
	sleep 1
done
log "the scheduler's first round took $(owner "SELECT coalesce(round(extract(epoch FROM max(finished_at) - '$STARTED'::timestamptz))::text, '?')
	FROM app.scheduler_runs WHERE started_at >= '$STARTED'") s"

# The ids the pages need, as explain.sh picks them: the demo candidate's latest completed and open
# sessions, an ordinary user's latest completed session, the company with most published posts,
# the open job with most sessions, a pending post, curriculum, round, question, smart question, pattern.
IFS='|' read -r DEMO_ID USER_EMAIL USER_SESSION SESSION OPEN_SESSION COMPANY JOB POST CURRICULUM ROUND QUESTION \
	SMART PATTERN < <(owner "
	WITH v AS (
		SELECT md5('user:demo')::uuid AS demo_id, md5('suser:50000')::uuid AS user_id,
		       (SELECT company_id FROM company_interview_stats ORDER BY feedback_count DESC, company_id LIMIT 1) AS company_id,
		       (SELECT s.job_id FROM interview_sessions s JOIN jobs j ON j.id = s.job_id WHERE j.is_active GROUP BY s.job_id ORDER BY count(*) DESC, s.job_id LIMIT 1) AS job_id
	), w AS (
		SELECT v.*,
		       (SELECT email FROM auth.users WHERE id = v.user_id) AS user_email,
		       (SELECT id FROM interview_sessions WHERE user_id = v.user_id AND status = 'completed' ORDER BY created_at DESC LIMIT 1) AS user_session,
		       (SELECT id FROM interview_sessions WHERE user_id = v.demo_id AND status = 'completed' ORDER BY created_at DESC LIMIT 1) AS session_id,
		       (SELECT id FROM interview_sessions WHERE user_id = v.demo_id AND status = 'in_progress' ORDER BY created_at DESC LIMIT 1) AS open_session,
		       (SELECT id FROM user_feedback WHERE moderation_status = 'pending' ORDER BY created_at LIMIT 1) AS post_id,
		       (SELECT id FROM curricula WHERE job_id = v.job_id AND is_active) AS curriculum_id
		FROM v
	), x AS (
		SELECT w.*, (SELECT id FROM curriculum_rounds WHERE curriculum_id = w.curriculum_id ORDER BY round_number LIMIT 1) AS round_id
		FROM w
	)
	SELECT concat_ws('|', demo_id, user_email, user_session, session_id, open_session, company_id, job_id, post_id,
	                 curriculum_id, round_id,
	                 (SELECT id FROM question_bank WHERE curriculum_round_id = x.round_id ORDER BY id LIMIT 1),
	                 (SELECT id FROM smart_questions WHERE company_id = x.company_id ORDER BY id LIMIT 1),
	                 (SELECT id FROM interview_patterns WHERE company_id = x.company_id ORDER BY id LIMIT 1))
	FROM x")
[ -n "${PATTERN:-}" ] || { fail "the scale data lacks an id a page needs (is the fill complete?)"; exit 1; }

# login EMAIL PASSWORD FILE: logs in through the token endpoint; the token is the session cookie.
login() {
	local token
	token=$(curl -fsS -X POST -H 'Content-Type: application/json' \
		-d "{\"email\":\"$1\",\"password\":\"$2\"}" "$PT_URL/api/v1/auth/token" |
		sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
	[ -n "$token" ] || { fail "cannot log $1 in"; return 1; }
	echo "pt_session=$token" >"$3"
}
DEMO=$PT_RUN/demo.cookie
CAND=$PT_RUN/user.cookie
ADMIN=$PT_RUN/admin.cookie
login demo@preptalk.test practice-makes-perfect "$DEMO" || exit 1
login "$USER_EMAIL" practice-makes-perfect "$CAND" || exit 1
login admin@preptalk.test admin-preptalk-2026 "$ADMIN" || exit 1

# Targets: NAME PATH COOKIE (- for none). Every HTML page is followed by its /api/v1 twin (NAME.json).
TARGETS=()
page() { # page NAME PATH COOKIE: the HTML page and its JSON twin
	TARGETS+=("$1 $2 $3" "$1.json /api/v1$2 $3")
}
TARGETS+=("dashboard / $DEMO" "dashboard.json /api/v1/dashboard $DEMO")
TARGETS+=("dashboard-user / $CAND" "dashboard-user.json /api/v1/dashboard $CAND")
page profile /profile "$DEMO"
page companies /companies -
page companies-search "/companies?q=cobalt" -
page company "/companies/$COMPANY" "$DEMO"
page company-anon "/companies/$COMPANY" -
page experience-new "/companies/$COMPANY/experiences/new" "$DEMO"
page job "/jobs/$JOB" "$DEMO"
page session "/sessions/$OPEN_SESSION" "$DEMO"
page report "/sessions/$SESSION/report" "$DEMO"
page report-user "/sessions/$USER_SESSION/report" "$CAND"
page round-report "/sessions/$SESSION/rounds/1/report" "$DEMO"
page credits /credits "$DEMO"
page credits-user /credits "$CAND"
page admin /admin "$ADMIN"
page admin-health /admin/health "$ADMIN"
page admin-audit /admin/audit "$ADMIN"
page admin-audit-filter "/admin/audit?entity_type=interview_session" "$ADMIN"
page admin-moderation /admin/moderation "$ADMIN"
page admin-post "/admin/posts/$POST" "$ADMIN"
page admin-users /admin/users "$ADMIN"
page admin-users-search "/admin/users?q=dana" "$ADMIN"
page admin-user "/admin/users/$DEMO_ID" "$ADMIN"
page admin-companies /admin/companies "$ADMIN"
page admin-companies-search "/admin/companies?q=cobalt" "$ADMIN"
page admin-company-new /admin/companies/new "$ADMIN"
page admin-company-edit "/admin/companies/$COMPANY/edit" "$ADMIN"
page admin-company-delete "/admin/companies/$COMPANY/delete" "$ADMIN"
page admin-jobs /admin/jobs "$ADMIN"
page admin-job-new /admin/jobs/new "$ADMIN"
page admin-job-edit "/admin/jobs/$JOB/edit" "$ADMIN"
page admin-job-curricula "/admin/jobs/$JOB/curricula" "$ADMIN"
page admin-curriculum "/admin/curricula/$CURRICULUM" "$ADMIN"
page admin-round "/admin/rounds/$ROUND" "$ADMIN"
page admin-question-new "/admin/rounds/$ROUND/questions/new" "$ADMIN"
page admin-question "/admin/questions/$QUESTION" "$ADMIN"
page admin-intelligence /admin/intelligence "$ADMIN"
page admin-intelligence-company "/admin/intelligence?company_id=$COMPANY" "$ADMIN"
page admin-smart-new /admin/intelligence/questions/new "$ADMIN"
page admin-smart-edit "/admin/intelligence/questions/$SMART/edit" "$ADMIN"
page admin-smart-delete "/admin/intelligence/questions/$SMART/delete" "$ADMIN"
page admin-pattern-new /admin/intelligence/patterns/new "$ADMIN"
page admin-pattern-edit "/admin/intelligence/patterns/$PATTERN/edit" "$ADMIN"
page admin-pattern-delete "/admin/intelligence/patterns/$PATTERN/delete" "$ADMIN"

# wrk_run PATH COOKIE: prints "RPS P50_MS P99_MS NON2XX" for one target.
wrk_run() {
	local url=$PT_URL$1 cookie=$2 out args=()
	[ "$cookie" = - ] || args=(-H "Cookie: $(head -n 1 "$cookie")")
	[ "$NOCACHE" = 0 ] || args+=(-H "Cache-Control: no-cache")
	wrk -t "$THREADS" -c "$CONNECTIONS" -d "${WARMUP}s" --timeout 10s "${args[@]}" "$url" >/dev/null 2>&1 || true
	out=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 10s --latency "${args[@]}" "$url" 2>&1) ||
		{ echo "0 0 0 wrk-failed"; return; }
	echo "$out" | wrk_summary | cut -d" " -f1-4
}

echo "scale-bench: wrk -c $CONNECTIONS -d ${DURATION}s (after ${WARMUP}s warm-up), $PREPTALK_WORKERS workers, $(nproc) cores," \
	"$([ "$NOCACHE" = 0 ] && echo "answer cache on" || echo "Cache-Control: no-cache (no cached answers)")," \
	"against $DATA_DIR ($(owner "SELECT format('%s users, %s sessions, %s feedback items', (SELECT count(*) FROM auth.users),
		(SELECT count(*) FROM interview_sessions), (SELECT reltuples::bigint FROM pg_class WHERE oid = 'feedback_items'::regclass))"))"
printf '%-32s %9s %9s %9s  %s\n' "page" "req/s" "p50 ms" "p99 ms" "path"
over=0
status=0
for row in "${TARGETS[@]}"; do
	read -r name path cookie <<<"$row"
	if [ -n "$ONLY" ] && ! [[ $name =~ $ONLY ]]; then
		continue
	fi
	# a page that does not answer 200 is a failed target, not a fast one
	hdr=()
	[ "$cookie" = - ] || hdr=(-H "Cookie: $(head -n 1 "$cookie")")
	code=$(curl -s -o /dev/null -w '%{http_code}' "${hdr[@]}" "$PT_URL$path")
	read -r rps p50 p99 bad < <(wrk_run "$path" "$cookie")
	flag=
	if awk -v p="$p99" -v l="$LIMIT_MS" 'BEGIN { exit !(p >= l) }'; then
		flag="  P99 OVER ${LIMIT_MS} MS"
		over=$((over + 1))
	fi
	if [ "$code" != 200 ] || [ "$bad" != 0 ]; then
		flag="$flag  ERRORS: HTTP $code, $bad non-2xx/3xx"
		status=1
	fi
	printf '%-32s %9s %9s %9s  %s%s\n' "$name" "$rps" "$p50" "$p99" "$path" "$flag"
done
echo "scale-bench: $over page(s) with p99 >= $LIMIT_MS ms"
[ "$over" = 0 ] || status=1
exit "$status"
