#!/usr/bin/env bash
# run.sh: `make run`. Starts PrepTalk in the foreground: the embedded PostgreSQL cluster
# (unless DATABASE_URL is set), migrations, demo data, the worker pool and nginx.
# Ctrl-C or SIGTERM stops all of it cleanly; a second run reuses the cluster and its data.
set -euo pipefail

LOG_TAG=run
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

HTTP_PORT=${PREPTALK_HTTP_PORT:-8080}
DATA_DIR=${PREPTALK_DATA_DIR:-$ROOT/var}
PG_PORT=${PREPTALK_PG_PORT:-5432}

stack_config "$DATA_DIR" "$HTTP_PORT" "$PG_PORT"

stopping=0
shutdown() {
	[ "$stopping" = 0 ] || return 0
	stopping=1
	log "stopping"
	stack_stop
	log "stopped"
}
trap 'shutdown; exit 0' INT TERM
trap 'shutdown' EXIT

stack_start || exit 1

cat <<EOF

PrepTalk is running at http://127.0.0.1:$HTTP_PORT/
  demo accounts:  demo@preptalk.test   / practice-makes-perfect
                  admin@preptalk.test  / admin-preptalk-2026
  data directory: $PT_DATA
  Ctrl-C stops it.

EOF

# Stay in the foreground until a signal arrives or one of our two servers dies.
# `wait -n` returns when either child exits; the trap handles signals.
set +e
wait -n "$PT_MASTER_PID" "$PT_NGINX_PID"
status=$?
set -e
if [ "$stopping" = 0 ]; then
	log "error: a server exited unexpectedly (status $status)"
	exit 1
fi
