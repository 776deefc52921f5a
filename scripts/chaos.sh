#!/usr/bin/env bash
# chaos.sh: `make chaos`. Faults under load against a stack of its own (HTTP 38080, data in
# build/chaos-var, wiped first): SIGKILL a random worker every 200 ms for 30 s, PostgreSQL
# stopped for 5 s, SIGHUP every second, and (as root, when a tmpfs can be mounted) the
# cluster's file system filled up. The checks live in tests/http/test_chaos.py (its short
# version runs in make test); this runs the long one and then checks that no process of the
# stack is left behind. Knobs: PREPTALK_CHAOS_KILL_S, _PGDOWN_S, _HUP_S, _THREADS, CHAOS_DISK_MB.
set -euo pipefail

LOG_TAG=chaos
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

HTTP_PORT=${PREPTALK_CHAOS_HTTP_PORT:-38080}
PG_PORT=${PREPTALK_CHAOS_PG_PORT:-35432}
DATA_DIR=$ROOT/build/chaos-var
DISK_MB=${CHAOS_DISK_MB:-400}
PYTHON=/usr/bin/python3

unset DATABASE_URL PREPTALK_MIGRATE_URL PREPTALK_SOCKET PREPTALK_JWT_SECRET
if [ -f "$DATA_DIR/pg/postmaster.pid" ]; then
	as_pg "$PG_BIN/pg_ctl" -D "$DATA_DIR/pg" -m immediate -w stop >/dev/null 2>&1 || true
fi
if mountpoint -q "$DATA_DIR/pg" 2>/dev/null; then
	umount "$DATA_DIR/pg"
fi
rm -rf "$DATA_DIR"

PT_AUTH_RATE=100r/s
PT_AUTH_BURST=200
PT_PG_EXTRA_CONF="max_wal_size = 64MB
min_wal_size = 32MB"
stack_config "$DATA_DIR" "$HTTP_PORT" "$PG_PORT"
PT_MASTER_LOG=$PT_LOG/preptalk.log
MOUNTED=0

# The cluster on a small tmpfs of its own, so that filling it up is possible and harmless.
if is_root && mkdir -p "$PT_PGDATA" && mount -t tmpfs -o "size=${DISK_MB}m,mode=0700" chaos-pg "$PT_PGDATA" 2>/dev/null; then
	MOUNTED=1
	chown postgres: "$PT_PGDATA"
	log "the cluster lives on a ${DISK_MB} MB tmpfs ($PT_PGDATA)"
else
	log "cannot mount a tmpfs (not root?): the disk-full check is skipped"
fi

teardown() {
	stack_stop
	if [ "$MOUNTED" = 1 ]; then
		umount "$PT_PGDATA" 2>/dev/null || umount -l "$PT_PGDATA" 2>/dev/null || true
		MOUNTED=0
	fi
}
trap teardown EXIT
trap 'exit 130' INT TERM

export PREPTALK_WORKERS=${PREPTALK_WORKERS:-4}
PREPTALK_JWT_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export PREPTALK_JWT_SECRET
stack_start || exit 1

export PREPTALK_ROOT=$ROOT PREPTALK_TEST_URL=$PT_URL PREPTALK_MASTER_PID_FILE=$PT_MASTER_PIDFILE
export PREPTALK_PG_BIN=$PG_BIN PREPTALK_PGDATA=$PT_PGDATA PREPTALK_PG_LOG=$PT_PGLOG
export PREPTALK_STATEMENT_TIMEOUT_MS=${PREPTALK_STATEMENT_TIMEOUT_MS:-2000}
export PGHOST=$PT_PGSOCK PGPORT=$PT_PG_PORT PGUSER=$PT_PG_SUPERUSER PGDATABASE=preptalk
export PREPTALK_CHAOS_FULL=1
[ "$MOUNTED" = 1 ] && export PREPTALK_CHAOS_DISK=$PT_PGDATA

MASTER=$PT_MASTER_PID
status=0
"$PYTHON" tests/http/test_chaos.py 2>&1 | tee "$PT_LOG/chaos.log" || status=1
[ "${PIPESTATUS[0]}" = 0 ] || status=1

# Nothing may outlive the stack: no worker, scheduler or zombie of the master's group.
log "stopping the stack"
stack_stop
sleep 0.5
left=$(ps -eo pid=,pgid=,stat=,args= | awk -v g="$MASTER" '$2 == g' || true)
if [ -n "$left" ]; then
	log "error: processes left behind by the master ($MASTER):"
	echo "$left" >&2
	status=1
else
	echo "chaos: no process of the stack left behind"
fi
[ "$status" = 0 ] && echo "chaos: all checks passed" || echo "chaos: FAILED (logs: $PT_LOG)"
exit "$status"
