#!/usr/bin/env bash
# scale-data.sh: `make scale-data`. Starts a PostgreSQL cluster of its own (build/scale-var, port
# 35432), migrates it and fills it to the PrepTalk document's targets (100,000 users, 1,000,000
# sessions, 10,000,000 feedback items, the rest in proportion) with the set-based generators in
# sql/scale/, two loading streams side by side (2 cores). The cluster stays up and filled;
# SCALE_RESET=1 wipes it and fills it again.
set -euo pipefail

LOG_TAG=scale
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

# shellcheck source=scripts/scale-lib.sh
. "$ROOT/scripts/scale-lib.sh"
SCALE_USERS=${SCALE_USERS:-100000}
SCALE_SESSIONS=${SCALE_SESSIONS:-1000000}
SCALE_FEEDBACK=${SCALE_FEEDBACK:-10000000}
SCALE_COMPANIES=${SCALE_COMPANIES:-2000}
SCALE_POSTS=${SCALE_POSTS:-200000}

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
	if [ "$state" = "done" ]; then
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

# run_sql [-p PREFIX] FILE...: one psql per file, as the owner (RLS does not apply to it), progress
# on stdout (each line with its own elapsed time; PREFIX names the stream).
run_sql() {
	local f p=""
	if [ "${1:-}" = -p ]; then p="$2 "; shift 2; fi
	for f in "$@"; do
		step "$p$(basename "$f"): $(sed -n '1s/^-- *//p' "$f" | cut -c1-100)"
		psql -X -q -v ON_ERROR_STOP=1 -d "$PREPTALK_MIGRATE_URL" \
			-v users="$SCALE_USERS" -v sessions="$SCALE_SESSIONS" -v feedback="$SCALE_FEEDBACK" \
			-v companies="$SCALE_COMPANIES" -v posts="$SCALE_POSTS" \
			-c "SET jit = off" -f "$f" 2>&1 | while IFS= read -r line; do step "$p  $line"; done
		[ "${PIPESTATUS[0]}" = 0 ] || { fail "$f failed"; return 1; }
	done
}

# run_ddl PREFIX NAME WHERE: the saved keys and indexes (scale.ddl, phase 1) matching WHERE, in
# the order of scale.ddl_stream (biggest table first; a table's constraints before its indexes),
# each statement shown as it starts.
run_ddl() {
	local p=$1 name=$2 where=$3
	owner_psql -tA -c "SELECT stmt || ';' FROM scale.ddl d JOIN scale.ddl_stream s USING (tbl)
		WHERE d.phase = 1 AND ($where) ORDER BY s.rank, d.ord" >"$PT_RUN/restore-$name.sql"
	owner_psql -c "SET maintenance_work_mem = '1GB'" -e -f "$PT_RUN/restore-$name.sql" 2>&1 |
		while IFS= read -r line; do
			case $line in
			ALTER* | CREATE*) step "$p  $(printf '%s' "$line" | cut -c1-110)" ;;
			*ERROR*) step "$p  $line" ;;
			esac
		done
	[ "${PIPESTATUS[0]}" = 0 ] || { fail "rebuilding keys and indexes ($name) failed"; return 1; }
}

# run_vacuum PREFIX WHERE: VACUUM (ANALYZE) the bulk tables matching WHERE (on scale.bulk): the
# statistics, and the visibility map a production database's autovacuum would have set (index-only
# scans), so that plans and timings are those of a database in use.
run_vacuum() {
	step "$1  VACUUM (ANALYZE) $(owner_psql -tA -c "SELECT string_agg(tbl::text, ', ' ORDER BY weight DESC) FROM scale.bulk WHERE $2")"
	owner_psql -tA >/dev/null <<<"SELECT format('VACUUM (ANALYZE) %s', tbl) FROM scale.bulk WHERE $2 ORDER BY weight DESC \\gexec"
}

step "filling $DATA_DIR (port $PG_PORT): $SCALE_USERS users, $SCALE_SESSIONS sessions, $SCALE_FEEDBACK feedback items"
run_sql sql/scale/00_prepare.sql || exit 1
# The reference content of the demo (companies, jobs, curricula, question banks) is the template
# the generators clone; its scratch schema `demo` is dropped once the clones exist.
step "demo reference content (sql/demo/010_reference.sql, 020_jobs.sql)"
owner_psql -f sql/demo/010_reference.sql -f sql/demo/020_jobs.sql >/dev/null
run_sql sql/scale/10_reference.sql sql/scale/20_users.sql sql/scale/30_sessions.sql sql/scale/40_plan.sql || exit 1

# side_by_side FN_A FN_B: runs the two functions at once (one per core); fails when either fails.
side_by_side() {
	local pid_a pid_b ok=0
	"$1" &
	pid_a=$!
	"$2" &
	pid_b=$!
	wait "$pid_a" || ok=1
	wait "$pid_b" || ok=1
	return "$ok"
}

# Two streams (2 cores), each loading its tables (TRUNCATE + INSERT in one transaction: no WAL),
# then rebuilding their keys and indexes and vacuuming them. A: transcripts and analyses (the two
# widest tables); B: everything else, then the transcripts' jsonb GIN index if the schema has one
# (CREATE INDEX takes a SHARE lock: it runs beside A's builds on the same table).
step "loading in two streams: A = round_transcripts, round_analyses; B = every other table"
A_TABLES="tbl IN ('round_transcripts'::regclass, 'round_analyses'::regclass)"
stream_a() {
	run_sql -p A sql/scale/42_transcripts.sql sql/scale/43_analyses.sql &&
		run_ddl A a "$A_TABLES AND name <> 'idx_transcripts_messages'" &&
		run_vacuum A "$A_TABLES"
}
stream_b() {
	run_sql -p B sql/scale/41_session_rounds.sql sql/scale/50_feedback.sql \
		sql/scale/60_credits.sql sql/scale/70_community.sql &&
		run_ddl B b "NOT ($A_TABLES)" &&
		run_vacuum B "NOT ($A_TABLES)" &&
		run_ddl B b2 "name = 'idx_transcripts_messages'"
}
side_by_side stream_a stream_b || { fail "a loading stream failed"; exit 1; }

# Foreign keys in two streams, the biggest referencing tables spread over both. Each ALTER locks
# its table and then the referenced one; with no two tables referencing each other, a stream
# never waits while holding a lock the other wants, so the streams cannot deadlock.
step "adding and validating the foreign keys (2 streams)"
run_fk() {
	owner_psql -tA -c "SELECT stmt || ';' FROM (SELECT d.stmt, d.ord,
			(row_number() OVER (ORDER BY coalesce(b.weight, 0) DESC, d.ord) - 1) % 2 AS stream
			FROM scale.ddl d LEFT JOIN scale.bulk b ON b.tbl = d.tbl WHERE d.phase = 2) x
		WHERE stream = $1 ORDER BY ord" >"$PT_RUN/restore-fk-$1.sql"
	owner_psql -e -f "$PT_RUN/restore-fk-$1.sql" 2>&1 | while IFS= read -r line; do
		case $line in
		ALTER*) step "$2  $(printf '%s' "$line" | cut -c1-110)" ;;
		*ERROR*) step "$2  $line" ;;
		esac
	done
	[ "${PIPESTATUS[0]}" = 0 ] || { fail "foreign keys (stream $2) failed"; return 1; }
}
fk_a() { run_fk 0 A; }
fk_b() { run_fk 1 B; }
side_by_side fk_a fk_b || { fail "foreign keys failed"; exit 1; }
step "foreign keys valid"

run_sql sql/scale/90_finish.sql || exit 1
step "done in $(elapsed)"
owner_psql -c "UPDATE scale.meta SET finished_at = clock_timestamp(), load_seconds = $(($(date +%s) - T0))
	WHERE finished_at IS NULL"
owner_psql -c "SELECT * FROM scale.sizes" 
log "the cluster keeps running: psql 'host=$PT_PGSOCK port=$PG_PORT dbname=preptalk user=preptalk_owner'"
log "stop it with: runuser -u postgres -- $PG_BIN/pg_ctl -D $PT_PGDATA stop"
