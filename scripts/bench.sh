#!/usr/bin/env bash
# bench.sh: `make bench`. Starts a stack of its own (HTTP 28080, data in build/bench-var,
# wiped first) and measures each target with wrk (64 connections, 10 s after a 2 s
# warm-up): requests/s, p50, p99 and the ratio to two ceilings measured in the same run:
# A, an 8 KB static file from the same nginx; B, a minimal libfcgi responder
# (tests/bench/fcgi_ceiling) answering 8 KB with as many processes as PrepTalk has
# workers. Then runs every other build/bench/* program. Knobs: BENCH_SECONDS,
# BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_THREADS, PREPTALK_WORKERS.
set -euo pipefail

LOG_TAG=bench
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

# HTTP targets: NAME PATH [COOKIE_FILE]. A cookie file holds one `name=value` line and is
# sent as the Cookie header (for pages behind log-in). Add a page by adding a row.
TARGETS=(
	"healthz /healthz"
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
wait_http "$PT_URL/__ceiling" 5 || { fail "ceiling B does not answer"; exit 1; }

# wrk_run PATH [COOKIE_FILE]: prints "RPS P50_MS P99_MS NON2XX" for one target.
wrk_run() {
	local url=$PT_URL$1 cookie=${2:-} out args=()
	if [ -n "$cookie" ]; then
		args=(-H "Cookie: $(head -n 1 "$cookie")")
	fi
	wrk -t "$THREADS" -c "$CONNECTIONS" -d "${WARMUP}s" "${args[@]}" "$url" >/dev/null 2>&1 || true
	out=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --latency "${args[@]}" "$url" 2>&1) ||
		{ echo "0 0 0 wrk-failed"; return; }
	echo "$out" | awk '
		function ms(v) {   # wrk prints 812.00us, 1.23ms, 2.01s
			if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
			if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
			if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
			return v + 0
		}
		/Requests\/sec:/ { rps = $2 }
		$1 == "50%" { p50 = ms($2) }
		$1 == "99%" { p99 = ms($2) }
		/Non-2xx or 3xx responses:/ { bad = $NF }
		/Socket errors:/ { bad = bad "+sock" }
		END { printf "%.0f %.2f %.2f %s\n", rps, p50, p99, (bad == "" ? 0 : bad) }'
}

echo "bench: wrk -c $CONNECTIONS -d ${DURATION}s (after ${WARMUP}s warm-up), $PREPTALK_WORKERS workers, $NPROC cores"
read -r A_RPS A_P50 A_P99 A_BAD < <(wrk_run /static/bench-8k.txt)
printf '%-24s %9s req/s  p50 %6s ms  p99 %6s ms%s\n' "ceiling A (static 8 KB)" "$A_RPS" "$A_P50" "$A_P99" \
	"$([ "$A_BAD" = 0 ] || echo "  ERRORS: $A_BAD")"
read -r B_RPS B_P50 B_P99 B_BAD < <(wrk_run /__ceiling)
printf '%-24s %9s req/s  p50 %6s ms  p99 %6s ms%s\n' "ceiling B (fcgi 8 KB)" "$B_RPS" "$B_P50" "$B_P99" \
	"$([ "$B_BAD" = 0 ] || echo "  ERRORS: $B_BAD")"

status=0
for row in "${TARGETS[@]}"; do
	read -r name path cookie <<<"$row"
	read -r rps p50 p99 bad < <(wrk_run "$path" "${cookie:-}")
	printf '%-24s %9s req/s  p50 %6s ms  p99 %6s ms  = %s of A, %s of B%s\n' "$name ($path)" \
		"$rps" "$p50" "$p99" \
		"$(awk -v a="$rps" -v b="$A_RPS" 'BEGIN { printf "%.0f%%", b ? 100 * a / b : 0 }')" \
		"$(awk -v a="$rps" -v b="$B_RPS" 'BEGIN { printf "%.0f%%", b ? 100 * a / b : 0 }')" \
		"$([ "$bad" = 0 ] || echo "  ERRORS: $bad non-2xx/3xx")"
	[ "$bad" = 0 ] || status=1
done

teardown

# The in-process benchmarks (templates, analysis, ...), each printing its own lines.
for bin in build/bench/*; do
	if [ ! -f "$bin" ] || [ ! -x "$bin" ] || [ "$(basename "$bin")" = fcgi_ceiling ]; then
		continue
	fi
	"$bin" || { log "error: $bin failed"; status=1; }
done
exit "$status"
