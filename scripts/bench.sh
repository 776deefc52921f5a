#!/usr/bin/env bash
# bench.sh: `make bench`. Starts a stack of its own (HTTP 28080, data in build/bench-var,
# wiped first) and measures each target with wrk (64 connections, 10 s after a 2 s
# warm-up): requests/s, p50, p99 and the ratio to two ceilings measured in the same run:
# A, an 8 KB static file from the same nginx; B, a minimal libfcgi responder
# (tests/bench/fcgi_ceiling) answering 8 KB with as many processes as PrepTalk has
# workers. Then runs every other build/bench/* program. Knobs: BENCH_SECONDS,
# BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_THREADS, PREPTALK_WORKERS, BENCH_ONLY (a regular
# expression on the target names, "answers" included: only those, no memory or other check).
set -euo pipefail

LOG_TAG=bench
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

# HTTP targets: NAME PATH [COOKIE_FILE] [WRK_LUA]. A cookie file holds one `name=value` line and is
# sent as the Cookie header (for pages behind log-in); `-` for none. WRK_LUA (optional) is a
# wrk script for the target (method, body: e.g. tests/bench/login.lua). Add a page by adding a row.
# DEMO_COOKIE is the demo candidate's session, written once the stack is up (see demo_login).
DEMO_COOKIE=$ROOT/build/bench-demo.cookie
TARGETS=(
	"healthz /healthz"
	"login /api/v1/auth/token - tests/bench/login.lua"
	"profile /profile $DEMO_COOKIE"
	"profile.json /api/v1/profile $DEMO_COOKIE"
	"company /companies/68c73eb9-c410-17dc-aff7-5ade8fbbcbb7 $DEMO_COOKIE"
	"company.json /api/v1/companies/68c73eb9-c410-17dc-aff7-5ade8fbbcbb7 $DEMO_COOKIE"
	"job /jobs/db79150b-9f91-c5fd-af50-6fe1779e3ef6 $DEMO_COOKIE"
	"job.json /api/v1/jobs/db79150b-9f91-c5fd-af50-6fe1779e3ef6 $DEMO_COOKIE"
	"dashboard / $DEMO_COOKIE"
	"dashboard.json /api/v1/dashboard $DEMO_COOKIE"
	"report /sessions/e26e8720-3269-de7d-004a-4e85f5a2afde/report $DEMO_COOKIE"
	"report.json /api/v1/sessions/e26e8720-3269-de7d-004a-4e85f5a2afde/report $DEMO_COOKIE"
	"round-report /sessions/e26e8720-3269-de7d-004a-4e85f5a2afde/rounds/1/report $DEMO_COOKIE"
	"round-report.json /api/v1/sessions/e26e8720-3269-de7d-004a-4e85f5a2afde/rounds/1/report $DEMO_COOKIE"
	"credits /credits $DEMO_COOKIE"
	"dashboard/no-cache / $DEMO_COOKIE tests/bench/nocache.lua"
	"dashboard.json/no-cache /api/v1/dashboard $DEMO_COOKIE tests/bench/nocache.lua"
	"company/no-cache /companies/68c73eb9-c410-17dc-aff7-5ade8fbbcbb7 $DEMO_COOKIE tests/bench/nocache.lua"
	"company.json/no-cache /api/v1/companies/68c73eb9-c410-17dc-aff7-5ade8fbbcbb7 $DEMO_COOKIE tests/bench/nocache.lua"
)

HTTP_PORT=${PREPTALK_BENCH_HTTP_PORT:-28080}
PG_PORT=${PREPTALK_BENCH_PG_PORT:-25432}
DATA_DIR=$ROOT/build/bench-var
CONNECTIONS=${BENCH_CONNECTIONS:-64}
DURATION=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-2}
THREADS=${BENCH_THREADS:-2}
NPROC=$(nproc)
export PREPTALK_WORKERS=${PREPTALK_WORKERS:-$((2 * NPROC))}
CEILING_BIN=${CEILING_BIN:-$ROOT/build/bench/fcgi_ceiling}

unset DATABASE_URL PREPTALK_MIGRATE_URL PREPTALK_SOCKET PREPTALK_JWT_SECRET
# The log-in target measures argon2id, not nginx's brute-force brake: lift it for this stack.
PT_AUTH_RATE=${PREPTALK_BENCH_AUTH_RATE:-100000r/s}
PT_AUTH_BURST=${PREPTALK_BENCH_AUTH_BURST:-100000}
# The memory check: 200,000 requests for each worker, none recycled meanwhile (a recycled worker
# would hide growth).
MIX_REQUESTS=${BENCH_MIX_REQUESTS:-$((200000 * PREPTALK_WORKERS))}
export PREPTALK_MAX_REQUESTS=0
# Every run starts from a fresh cluster with the demo data, so runs compare.
if [ -f "$DATA_DIR/pg/postmaster.pid" ]; then
	as_pg "$PG_BIN/pg_ctl" -D "$DATA_DIR/pg" -m immediate -w stop >/dev/null 2>&1 || true
fi
rm -rf "$DATA_DIR"
stack_config "$DATA_DIR" "$HTTP_PORT" "$PG_PORT"
PT_MASTER_LOG=$PT_LOG/preptalk.log
CEILING_SOCKET=$PT_RUN/ceiling.sock
CEILING_PID=

teardown() {
	stop_pid "$CEILING_PID" fcgi_ceiling
	CEILING_PID=
	stack_stop
}
trap teardown EXIT
trap 'exit 130' INT TERM

command -v wrk >/dev/null || { fail "wrk is missing (make deps)"; exit 1; }
[ -x "$CEILING_BIN" ] || { fail "$CEILING_BIN is missing (make bench builds it)"; exit 1; }

# Ceiling B sits behind the same nginx on its own location and socket.
mkdir -p "$PT_NGINX/extra"
cat >"$PT_NGINX/extra/ceiling.conf" <<EOF
location = /__ceiling {
	fastcgi_pass unix:$CEILING_SOCKET;
}
EOF
"$CEILING_BIN" "$CEILING_SOCKET" "$PREPTALK_WORKERS" &
CEILING_PID=$!

stack_start || exit 1

# Logs the demo candidate in through the token endpoint and keeps the token as the session
# cookie (the cookie holds the same signed token), for the targets whose third column is it.
demo_login() {
	local token
	token=$(curl -fsS -X POST -H 'Content-Type: application/json' \
		-d '{"email":"demo@preptalk.test","password":"practice-makes-perfect"}' \
		"$PT_URL/api/v1/auth/token" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
	[ -n "$token" ] || { fail "cannot log the demo user in"; return 1; }
	mkdir -p "$(dirname "$DEMO_COOKIE")"
	echo "pt_session=$token" >"$DEMO_COOKIE"
}
demo_login || exit 1
wait_http "$PT_URL/__ceiling" 5 || { fail "ceiling B does not answer"; exit 1; }

# cpu_ticks: prints "PG APP NGINX", the CPU time (clock ticks, user + system) used so far by
# this stack's PostgreSQL (postmaster and backends), the FastCGI side (PrepTalk's master,
# workers and scheduler, or ceiling B's processes) and nginx. Differences around a run give
# each one's CPU cost per request: what limits a page.
cpu_ticks() {
	local pm app=$PT_MASTER_PID
	pm=$(head -n 1 "$PT_PGDATA/postmaster.pid" 2>/dev/null || true)
	if [ "$CPU_SIDE" = ceiling ]; then
		app=$CEILING_PID
	fi
	echo "$(group_ticks "$pm") $(group_ticks "$app") $(group_ticks "$(cat "$PT_NGINX_PIDFILE" 2>/dev/null)")"
}
CPU_SIDE=app
CLK_TCK=$(getconf CLK_TCK)

# group_ticks PID: CPU ticks of process PID and its children (0 without a PID), counting the
# children that have exited too (a parent's cutime and cstime hold those it reaped: a recycled
# worker, a PostgreSQL backend whose worker went away).
group_ticks() {
	local root=$1 pids
	[ -n "$root" ] || { echo 0; return; }
	pids="$root $(pgrep -P "$root" | tr '\n' ' ')"
	# shellcheck disable=SC2046,SC2086 # the pids are words on purpose
	(cd /proc && cat $(printf '%s/stat ' $pids) 2>/dev/null) | awk '{ t += $14 + $15 + $16 + $17 } END { print t + 0 }'
}

# wrk_run PATH [COOKIE_FILE|-] [WRK_LUA]: prints "RPS P50_MS P99_MS NON2XX PG_US APP_US NGINX_US"
# for one target: the last three are CPU microseconds per request (see cpu_ticks).
wrk_run() {
	local url=$PT_URL$1 cookie=${2:-} lua=${3:-} out args=() t0 t1 rps p50 p99 bad n
	if [ -n "$cookie" ] && [ "$cookie" != - ]; then
		args=(-H "Cookie: $(head -n 1 "$cookie")")
	fi
	if [ -n "$lua" ]; then
		args+=(-s "$lua")
	fi
	wrk -t "$THREADS" -c "$CONNECTIONS" -d "${WARMUP}s" --timeout 10s "${args[@]}" "$url" >/dev/null 2>&1 || true
	t0=$(cpu_ticks)
	out=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 10s --latency "${args[@]}" "$url" 2>&1) ||
		{ echo "0 0 0 wrk-failed 0 0 0"; return; }
	t1=$(cpu_ticks)
	read -r rps p50 p99 bad n < <(echo "$out" | wrk_summary)
	echo "$rps $p50 $p99 $bad $(cpu_per "$t0" "$t1" "$n")"
}

# cpu_per T0 T1 N: "PG APP NGINX", the CPU microseconds each spent per one of N units of work
# between two cpu_ticks readings.
cpu_per() {
	awk -v t0="$1" -v t1="$2" -v hz="$CLK_TCK" -v n="$3" 'BEGIN {
		split(t0, a); split(t1, b)
		for (i = 1; i <= 3; i++)
			printf "%s%.0f", (i > 1 ? " " : ""), (n ? (b[i] - a[i]) * 1e6 / hz / n : 0)
		print ""
	}'
}

# cpu_line PG APP NGINX [WHAT]: the CPU split of one target, in microseconds per request (or WHAT).
cpu_line() {
	printf '%-24s %s\n' "" "CPU per ${4:-request}: PostgreSQL $1 us, FastCGI $2 us, nginx $3 us"
}

# GET paths for the memory and leak checks: every route without a :param, plus the targets.
mix_paths() {
	{
		sed -n 's/^[[:space:]]*{M_GET, *\(API \)\{0,1\}"\([^"]*\)".*/\1\2/p' app/routes.c |
			sed 's|^API |/api/v1|' | grep -v ':'
		local row name path cookie lua
		for row in "${TARGETS[@]}"; do
			read -r name path cookie lua <<<"$row"
			[ -z "${lua:-}" ] && echo "$path"
		done
	} | sort -u | tr '\n' ' '
}

# The pids that answer /healthz: the workers (the scheduler never answers).
worker_pids() {
	local i
	for ((i = 0; i < 100; i++)); do
		curl -s "$PT_URL/healthz" | grep -o '"worker_pid":[0-9]*' | cut -d: -f2
	done | sort -un | tr '\n' ' '
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# mix_run N LOG: N requests of the mix through wrk. wrk runs until its -d even when the
# script stops its threads, so it is interrupted (SIGINT: it prints its summary) once
# nginx's access log shows N more requests.
mix_run() {
	local n=$1 out=$2 log=$PT_NGINX/logs/access.log start pid i
	start=$(wc -l <"$log")
	BENCH_MIX_REQUESTS=$n wrk -t "$THREADS" -c "$CONNECTIONS" -d 1800s --timeout 10s \
		-s tests/bench/mix.lua "$PT_URL/" >"$out" 2>&1 &
	pid=$!
	for ((i = 0; i < 18000; i++)); do
		[ "$(($(wc -l <"$log") - start))" -ge "$n" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -INT "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# Worker memory: each worker's resident set before and after MIX_REQUESTS requests (200,000 per
# worker unless BENCH_MIX_REQUESTS says otherwise) over every route, after a warm-up so that
# first-touch pages do not count as growth. Targets: under 16 MB each, growth under 10%.
worker_memory() {
	local paths cookie pids pid before after ok=0
	paths=$(mix_paths)
	cookie=$(head -n 1 "$DEMO_COOKIE" 2>/dev/null || true)
	export BENCH_MIX_PATHS=$paths BENCH_MIX_COOKIE=$cookie BENCH_MIX_THREADS=$THREADS
	mix_run $((2000 * PREPTALK_WORKERS)) /dev/null
	pids=$(worker_pids)
	declare -A start
	for pid in $pids; do
		start[$pid]=$(rss_kb "$pid")
	done
	mix_run "$MIX_REQUESTS" "$PT_LOG/wrk-mix.log"
	local served
	served=$(awk '/requests in/ { print $1 }' "$PT_LOG/wrk-mix.log")
	echo "worker memory: ${served:-?} requests (about $((${served:-0} / PREPTALK_WORKERS)) per worker, none recycled)" \
		"over $(echo "$paths" | wc -w) routes ($paths)"
	for pid in $pids; do
		before=${start[$pid]}
		if [ ! -d "/proc/$pid" ]; then
			echo "  worker $pid: gone (recycled or died) after the run"
			continue
		fi
		after=$(rss_kb "$pid")
		awk -v p="$pid" -v b="$before" -v a="$after" 'BEGIN {
			g = b ? 100 * (a - b) / b : 0
			printf "  worker %s: RSS %.1f MB -> %.1f MB (%+.1f%%)%s\n", p, b / 1024, a / 1024, g,
			       (a > 16 * 1024 || g >= 10) ? "  OVER TARGET (16 MB, +10%)" : ""
			exit (a > 16 * 1024 || g >= 10) }' || ok=1
	done
	return "$ok"
}

# A valgrind leak check of one worker serving every route: the master runs under valgrind
# (forked children are traced too) with one worker; SIGTERM makes the worker leave its loop,
# free what it holds and exit, and valgrind reports. Fails on "definitely" or "indirectly lost".
worker_leaks() {
	if ! command -v valgrind >/dev/null; then
		log "valgrind is missing: leak check skipped"
		return 0
	fi
	local vdir=$PT_DATA/valgrind wrapper=$PT_DATA/valgrind-preptalk bin=$PREPTALK_BIN path cookie token f
	local ok=0 workers_before=$PREPTALK_WORKERS
	mkdir -p "$vdir"
	cat >"$wrapper" <<-EOF
		#!/bin/sh
		exec valgrind --leak-check=full --show-leak-kinds=definite,indirect \
			--log-file=$vdir/vg.%p.log "$bin" "\$@"
	EOF
	chmod +x "$wrapper"
	master_stop
	PREPTALK_BIN=$wrapper PREPTALK_WORKERS=1 master_start || { fail "preptalk under valgrind did not start"; return 1; }
	PREPTALK_BIN=$bin
	PREPTALK_WORKERS=$workers_before
	wait_http "$PT_URL/healthz" 60 || { fail "no answer under valgrind"; return 1; }
	cookie=$(head -n 1 "$DEMO_COOKIE" 2>/dev/null || true)
	token=${cookie#pt_session=}
	for path in $(mix_paths) /no-such-page "/?q=%zz"; do
		curl -s -o /dev/null --max-time 30 "$PT_URL$path" || true
		curl -s -o /dev/null --max-time 30 -H "Cookie: $cookie" "$PT_URL$path" || true
	done
	curl -s -o /dev/null --max-time 60 -X POST -H 'Content-Type: application/json' \
		-d '{"email":"demo@preptalk.test","password":"wrong password here"}' "$PT_URL/api/v1/auth/token" || true
	curl -s -o /dev/null --max-time 30 -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
		-d '{"full_name":"Leak Check"}' "$PT_URL/api/v1/profile" || true
	curl -s -o /dev/null --max-time 30 -X POST -H "Cookie: $cookie" -d 'full_name=x' "$PT_URL/profile" || true
	master_stop
	local lost=0 n=0 unfinished=0
	for f in "$vdir"/vg.*.log; do
		[ -e "$f" ] || continue
		n=$((n + 1))
		# a process killed before valgrind's exit report proves nothing
		grep -q 'HEAP SUMMARY' "$f" || { unfinished=$((unfinished + 1)); continue; }
		if grep -Eq '(definitely|indirectly) lost: [1-9]' "$f"; then
			lost=1
			grep -A14 'are definitely lost\|are indirectly lost' "$f" | head -n 60 >&2
		fi
	done
	if [ "$n" -lt 3 ] || [ "$unfinished" -gt 0 ]; then
		echo "valgrind: INCONCLUSIVE: $n processes traced, $unfinished ended before their leak report (logs in $vdir)"
		ok=1
	elif [ "$lost" = 0 ]; then
		echo "valgrind: no leak (definitely/indirectly lost) in the master, the scheduler or the worker" \
			"after every route ($n processes traced, logs in $vdir)"
	else
		echo "valgrind: LEAKS found (logs in $vdir)"
		ok=1
	fi
	return "$ok"
}

echo "bench: wrk -c $CONNECTIONS -d ${DURATION}s (after ${WARMUP}s warm-up), $PREPTALK_WORKERS workers, $NPROC cores"
read -r A_RPS A_P50 A_P99 A_BAD pg app ngx < <(wrk_run /static/bench-8k.txt)
printf '%-24s %9s req/s  p50 %6s ms  p99 %6s ms%s\n' "ceiling A (static 8 KB)" "$A_RPS" "$A_P50" "$A_P99" \
	"$([ "$A_BAD" = 0 ] || echo "  ERRORS: $A_BAD")"
cpu_line "$pg" "$app" "$ngx"
CPU_SIDE=ceiling
read -r B_RPS B_P50 B_P99 B_BAD pg app ngx < <(wrk_run /__ceiling)
CPU_SIDE=app
printf '%-24s %9s req/s  p50 %6s ms  p99 %6s ms%s\n' "ceiling B (fcgi 8 KB)" "$B_RPS" "$B_P50" "$B_P99" \
	"$([ "$B_BAD" = 0 ] || echo "  ERRORS: $B_BAD")"
cpu_line "$pg" "$app" "$ngx"

status=0
for row in "${TARGETS[@]}"; do
	read -r name path cookie lua <<<"$row"
	[ -z "${BENCH_ONLY:-}" ] || [[ $name =~ $BENCH_ONLY ]] || continue
	read -r rps p50 p99 bad pg app ngx < <(wrk_run "$path" "${cookie:-}" "${lua:-}")
	printf '%-24s %9s req/s  p50 %6s ms  p99 %6s ms  = %s of A, %s of B%s\n' "$name ($path)" \
		"$rps" "$p50" "$p99" \
		"$(awk -v a="$rps" -v b="$A_RPS" 'BEGIN { printf "%.0f%%", b ? 100 * a / b : 0 }')" \
		"$(awk -v a="$rps" -v b="$B_RPS" 'BEGIN { printf "%.0f%%", b ? 100 * a / b : 0 }')" \
		"$([ "$bad" = 0 ] || echo "  ERRORS: $bad non-2xx/3xx")"
	cpu_line "$pg" "$app" "$ngx"
	[ "$bad" = 0 ] || status=1
done

# answers_bench: answer submissions through POST /api/v1/sessions/:id/answers. One bench
# candidate per connection (a candidate answers one question at a time: their writes touch
# their own profile and dashboard rows), each with 40 practice sessions started through
# app.session_start (so each is paid for in the ledger). Every wrk thread, one connection
# each, walks its candidate's sessions question by question (tests/bench/answers.lua).
# Target: 3,000 saved answers/s.
answers_bench() {
	local per=40 c token t0 t1 saved pg app ngx
	psql -X -q -v ON_ERROR_STOP=1 -d "$PT_SUPER_URL" >/dev/null <<-SQL || { fail "cannot prepare the answer bench"; return 1; }
		SELECT app.signup('bench' || i || '@preptalk.test', u.password_hash, 'Bench Candidate ' || i)
		FROM auth.users u, generate_series(1, $CONNECTIONS) i WHERE u.email = 'demo@preptalk.test';
		DO \$\$
		DECLARE
			b record;
			job uuid := (SELECT c.job_id FROM curricula c JOIN jobs j ON j.id = c.job_id
			             WHERE c.is_active AND j.is_active ORDER BY c.job_id LIMIT 1);
		BEGIN
			FOR b IN SELECT id FROM auth.users WHERE email LIKE 'bench%@preptalk.test' ORDER BY email LOOP
				PERFORM set_config('app.user_id', b.id::text, false), set_config('app.role', 'candidate', false);
				PERFORM app.credit_grant(b.id, $per, 'answer benchmark', NULL);
				PERFORM app.session_start(job) FROM generate_series(1, $per);
			END LOOP;
		END
		\$\$;
	SQL
	: >"$PT_DATA/bench-sessions.txt"
	: >"$PT_DATA/bench-tokens.txt"
	for ((c = 1; c <= CONNECTIONS; c++)); do
		token=$(curl -fsS -X POST -H 'Content-Type: application/json' \
			-d "{\"email\":\"bench$c@preptalk.test\",\"password\":\"practice-makes-perfect\"}" \
			"$PT_URL/api/v1/auth/token" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
		[ -n "$token" ] || { fail "cannot log bench$c in"; return 1; }
		echo "$token" >>"$PT_DATA/bench-tokens.txt"
		psql -X -tA -d "$PT_SUPER_URL" -c "SELECT string_agg(s.id::text, ' ' ORDER BY s.id) FROM interview_sessions s
			JOIN auth.users u ON u.id = s.user_id WHERE u.email = 'bench$c@preptalk.test'" >>"$PT_DATA/bench-sessions.txt"
	done
	t0=$(cpu_ticks)
	out=$(BENCH_SESSIONS_FILE=$PT_DATA/bench-sessions.txt BENCH_TOKENS_FILE=$PT_DATA/bench-tokens.txt \
		wrk -t "$CONNECTIONS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 10s --latency \
		-s tests/bench/answers.lua "$PT_URL/" 2>&1) || { fail "wrk failed: $out"; return 1; }
	t1=$(cpu_ticks)
	echo "$out" | awk '$1 == "50%" || $1 == "99%" { printf "  %s %s", $1, $2 } END { print "" }' |
		sed "s/^/answer submissions ($CONNECTIONS candidates x $per sessions, one connection each; GETs included):/"
	echo "$out" | grep '^answers:'
	saved=$(echo "$out" | sed -n 's/^answers: \([0-9]*\) saved.*/\1/p')
	read -r pg app ngx < <(cpu_per "$t0" "$t1" "${saved:-0}")
	cpu_line "$pg" "$app" "$ngx" "saved answer (with its GETs)"
}

if [ -n "${BENCH_ONLY:-}" ]; then
	[[ answers =~ $BENCH_ONLY ]] && { answers_bench || status=1; }
	teardown
	exit "$status"
fi
answers_bench || status=1
worker_memory || status=1
worker_leaks || status=1

teardown

# The in-process benchmarks (templates, analysis, ...), each printing its own lines.
for bin in build/bench/*; do
	if [ ! -f "$bin" ] || [ ! -x "$bin" ] || [ "$(basename "$bin")" = fcgi_ceiling ]; then
		continue
	fi
	"$bin" || { log "error: $bin failed"; status=1; }
done
exit "$status"
