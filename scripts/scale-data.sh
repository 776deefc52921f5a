#!/usr/bin/env bash
# scale-data.sh: `make scale-data`. Starts a PostgreSQL cluster of its own (build/scale-var, port
# 35432), migrates it and fills it to the PrepTalk document's targets (100,000 users, 1,000,000
# sessions, 10,000,000 feedback items, the rest in proportion) with the set-based generators in
# sql/scale/. The cluster stays up and filled; SCALE_RESET=1 wipes it and fills it again.
set -euo pipefail

LOG_TAG=scale
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

DATA_DIR=${SCALE_DATA_DIR:-$ROOT/build/scale-var}
PG_PORT=${SCALE_PG_PORT:-35432}
SCALE_USERS=${SCALE_USERS:-100000}
SCALE_SESSIONS=${SCALE_SESSIONS:-1000000}
SCALE_FEEDBACK=${SCALE_FEEDBACK:-10000000}
SCALE_COMPANIES=${SCALE_COMPANIES:-2000}
SCALE_POSTS=${SCALE_POSTS:-200000}
# Bulk-load settings: no WAL for tables truncated in the loading transaction (wal_level minimal),
# room for sorts and index builds, and no autovacuum racing the load (see docs/scale.md).
# shellcheck disable=SC2034
PT_PG_EXTRA_CONF="wal_level = minimal
max_wal_senders = 0
shared_buffers = 2GB
work_mem = 64MB
maintenance_work_mem = 1GB
max_wal_size = 16GB
checkpoint_timeout = 30min
synchronous_commit = off
autovacuum = off
max_parallel_workers_per_gather = 1
max_parallel_maintenance_workers = 1
log_min_messages = warning
${SCALE_PG_EXTRA_CONF:-}"

unset DATABASE_URL PREPTALK_MIGRATE_URL

stop_cluster() {
	if [ -f "$DATA_DIR/pg/postmaster.pid" ]; then
		as_pg "$PG_BIN/pg_ctl" -D "$DATA_DIR/pg" -m fast -w -t 60 stop >/dev/null 2>&1 || true
	fi
}

if [ "${SCALE_RESET:-0}" = 1 ] && [ -d "$DATA_DIR" ]; then
	log "SCALE_RESET=1: wiping $DATA_DIR"
	stop_cluster
	rm -rf "$DATA_DIR"
fi

stack_config "$DATA_DIR" 0 "$PG_PORT"
owner_psql() { psql -X -q -v ON_ERROR_STOP=1 -d "$PREPTALK_MIGRATE_URL" "$@"; }

pg_start || exit 1
filled=$(psql -X -tA -d "$PT_SUPER_URL" -c "SELECT 1 FROM pg_database WHERE datname = 'preptalk'" 2>/dev/null || true)
if [ "$filled" = 1 ]; then
	state=$(owner_psql -tA -c "SELECT CASE WHEN to_regclass('scale.meta') IS NULL THEN 'none'
		ELSE coalesce((SELECT CASE WHEN finished_at IS NULL THEN 'partial' ELSE 'done' END
		               FROM scale.meta ORDER BY started_at DESC LIMIT 1), 'none') END" 2>/dev/null || echo none)
	if [ "$state" = done ]; then
		log "already filled ($DATA_DIR, port $PG_PORT); SCALE_RESET=1 fills it again"
		owner_psql -c "SELECT * FROM scale.meta ORDER BY started_at DESC LIMIT 1" -x
		exit 0
	fi
	if [ "$state" != none ] || [ "$(owner_psql -tA -c 'SELECT count(*) > 0 FROM auth.users' 2>/dev/null)" = t ]; then
		log "a previous fill did not finish: starting over from an empty cluster"
		stop_cluster
		rm -rf "$DATA_DIR"
		stack_config "$DATA_DIR" 0 "$PG_PORT"
		pg_start || exit 1
	fi
fi
pg_bootstrap || { fail "bootstrap of roles and database failed"; exit 1; }
"$PREPTALK_BIN" migrate up || { fail "migrations failed (run make build/preptalk first)"; exit 1; }

T0=$(date +%s)
elapsed() { local s=$(($(date +%s) - T0)); printf '%02d:%02d' $((s / 60)) $((s % 60)); }
step() { printf '[%s] %s\n' "$(elapsed)" "$*"; }

# run_sql FILE...: one psql per file, as the owner (RLS does not apply to it), progress on stdout.
run_sql() {
	local f
	for f in "$@"; do
		step "$(basename "$f"): $(sed -n '1s/^-- *//p' "$f" | cut -c1-100)"
		psql -X -q -v ON_ERROR_STOP=1 -d "$PREPTALK_MIGRATE_URL" \
			-v users="$SCALE_USERS" -v sessions="$SCALE_SESSIONS" -v feedback="$SCALE_FEEDBACK" \
			-v companies="$SCALE_COMPANIES" -v posts="$SCALE_POSTS" \
			-c "SET jit = off" -f "$f" 2>&1 | sed "s/^/[$(elapsed)]   /"
		[ "${PIPESTATUS[0]}" = 0 ] || { fail "$f failed"; exit 1; }
	done
}

step "filling $DATA_DIR (port $PG_PORT): $SCALE_USERS users, $SCALE_SESSIONS sessions, $SCALE_FEEDBACK feedback items"
run_sql sql/scale/00_prepare.sql
# The reference content of the demo (companies, jobs, curricula, question banks) is the template
# the generators clone; its scratch schema `demo` is dropped once the clones exist.
step "demo reference content (sql/demo/010_reference.sql, 020_jobs.sql)"
owner_psql -f sql/demo/010_reference.sql -f sql/demo/020_jobs.sql >/dev/null
run_sql sql/scale/10_reference.sql sql/scale/20_users.sql sql/scale/30_sessions.sql \
	sql/scale/40_rounds.sql sql/scale/50_feedback.sql sql/scale/60_credits.sql sql/scale/70_community.sql

# Rebuild keys and indexes two tables at a time (each table's statements in one stream, biggest
# tables spread over both), then the foreign keys one by one (each validates the whole table).
step "rebuilding primary keys, unique constraints and indexes (2 streams)"
for stream in 0 1; do
	owner_psql -tA -c "SELECT stmt || ';' FROM scale.ddl d JOIN scale.ddl_stream s USING (tbl)
		WHERE d.phase = 1 AND s.stream = $stream ORDER BY s.rank, d.ord" >"$PT_RUN/restore-$stream.sql"
done
pids=()
for stream in 0 1; do
	( owner_psql -c "SET maintenance_work_mem = '1GB'" -e -f "$PT_RUN/restore-$stream.sql" 2>&1 |
		while IFS= read -r line; do
			case $line in
			ALTER* | CREATE*) step "  $(printf '%s' "$line" | cut -c1-110)" ;;
			esac
		done
		exit "${PIPESTATUS[0]}" ) &
	pids+=($!)
done
for pid in "${pids[@]}"; do
	wait "$pid" || { fail "rebuilding indexes failed"; exit 1; }
done
step "adding and validating the foreign keys"
owner_psql -tA -c "SELECT stmt || ';' FROM scale.ddl WHERE phase = 2 ORDER BY ord" >"$PT_RUN/restore-fk.sql"
owner_psql -e -f "$PT_RUN/restore-fk.sql" 2>&1 | while IFS= read -r line; do
	case $line in ALTER*) step "  $(printf '%s' "$line" | cut -c1-110)" ;; esac
done
[ "${PIPESTATUS[0]}" = 0 ] || { fail "foreign keys failed"; exit 1; }

run_sql sql/scale/90_finish.sql
step "done in $(elapsed)"
owner_psql -c "UPDATE scale.meta SET finished_at = clock_timestamp(), load_seconds = $(($(date +%s) - T0))
	WHERE finished_at IS NULL"
owner_psql -c "SELECT * FROM scale.sizes" 
log "the cluster keeps running: psql 'host=$PT_PGSOCK port=$PG_PORT dbname=preptalk user=preptalk_owner'"
log "stop it with: runuser -u postgres -- $PG_BIN/pg_ctl -D $PT_PGDATA stop"
