# lib.sh: the PrepTalk stack (embedded PostgreSQL, the preptalk master, nginx), shared by
# run.sh, test.sh and bench.sh. Source it, call stack_config with a data dir and ports,
# then stack_start; stack_stop tears down whatever was started (safe to call twice).
# shellcheck shell=bash
# The PT_* variables are read by the scripts that source this file (SC2034); the quotes in
# the conninfo strings are for libpq, not for the shell (SC2089, SC2090).
# shellcheck disable=SC2034,SC2089,SC2090

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PREPTALK_BIN=${PREPTALK_BIN:-$ROOT/build/preptalk}

log() { printf '%s: %s\n' "${LOG_TAG:-preptalk}" "$*" >&2; }
# fail MESSAGE: logs an error and returns 1. Functions here return instead of exiting so
# test.sh can report a suite that could not run; use as `cmd || { fail "..."; return 1; }`.
fail() { log "error: $*"; return 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a PostgreSQL server binary as the cluster's owner: PostgreSQL refuses to run as
# root, so as root it runs as the `postgres` system user. cd / because that user may not
# be allowed into the current directory.
as_pg() {
	if is_root; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

# stack_config DATA_DIR HTTP_PORT PG_PORT: sets every path and address the stack uses.
# With DATABASE_URL already set, no cluster is managed and that database is used.
stack_config() {
	mkdir -p "$1"
	PT_DATA=$(cd "$1" && pwd)
	PT_HTTP_PORT=$2
	PT_PG_PORT=$3
	PT_RUN=$PT_DATA/run
	PT_LOG=$PT_DATA/log
	PT_PGDATA=$PT_DATA/pg
	PT_PGSOCK=$PT_RUN/pg
	PT_PGLOG=$PT_LOG/postgresql.log
	PT_NGINX=$PT_DATA/nginx
	PT_SOCKET=${PREPTALK_SOCKET:-$PT_RUN/preptalk.sock}
	PT_MASTER_PIDFILE=$PT_RUN/preptalk.pid
	PT_NGINX_PIDFILE=$PT_NGINX/nginx.pid
	PT_URL=http://127.0.0.1:$PT_HTTP_PORT
	PT_AUTH_RATE=${PT_AUTH_RATE:-20r/s}
	PT_AUTH_BURST=${PT_AUTH_BURST:-40}
	PT_MASTER_LOG=${PT_MASTER_LOG:-}   # empty: the master logs to our stderr
	PT_PG_SUPERUSER=postgres
	mkdir -p "$PT_RUN" "$PT_LOG"

	if [ -n "${DATABASE_URL:-}" ]; then
		PT_EMBEDDED=0
		PREPTALK_MIGRATE_URL=${PREPTALK_MIGRATE_URL:-$DATABASE_URL}
	else
		PT_EMBEDDED=1
		local base="host='$PT_PGSOCK' port=$PT_PG_PORT dbname=preptalk"
		DATABASE_URL="$base user=preptalk_app"
		PREPTALK_MIGRATE_URL="$base user=preptalk_owner"
		PT_SUPER_URL="host='$PT_PGSOCK' port=$PT_PG_PORT dbname=preptalk user=$PT_PG_SUPERUSER"
	fi
	export DATABASE_URL PREPTALK_MIGRATE_URL
	export PREPTALK_SQL_DIR=${PREPTALK_SQL_DIR:-$ROOT/sql}
	export PREPTALK_TEMPLATES=${PREPTALK_TEMPLATES:-$ROOT/templates}
	export PREPTALK_PASSWORD_LIST=${PREPTALK_PASSWORD_LIST:-$ROOT/data/common-passwords.txt}
	export PREPTALK_SOCKET=$PT_SOCKET
	export PREPTALK_DATA_DIR=$PT_DATA
	PT_STARTED_PG=0
	PT_MASTER_PID=
	PT_NGINX_PID=
}

# As root, the postgres user must be able to reach the data dir: give o+x to every
# ancestor that it cannot traverse (e.g. a 0700 mktemp dir), and say so.
ensure_pg_can_traverse() {
	is_root || return 0
	local dir=$1
	while [ "$dir" != "/" ]; do
		if ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
			log "adding o+x to $dir so the postgres user can reach the cluster"
			chmod o+x "$dir"
		fi
		dir=$(dirname "$dir")
	done
}

# Creates the cluster once: trust auth on the unix socket only, no TCP at all.
pg_init() {
	ensure_pg_can_traverse "$PT_DATA"
	mkdir -p "$PT_PGSOCK"
	touch "$PT_PGLOG"
	if is_root; then
		chown postgres: "$PT_PGSOCK" "$PT_PGLOG"
	fi
	if [ -f "$PT_PGDATA/PG_VERSION" ]; then
		return 0
	fi
	log "creating the PostgreSQL cluster in $PT_PGDATA"
	mkdir -p "$PT_PGDATA"
	if is_root; then
		chown postgres: "$PT_PGDATA"
	fi
	as_pg "$PG_BIN/initdb" -D "$PT_PGDATA" -U "$PT_PG_SUPERUSER" -E UTF8 --locale=C.UTF-8 \
		--auth-local=trust --auth-host=reject --no-instructions >"$PT_LOG/initdb.log" 2>&1 ||
		{ cat "$PT_LOG/initdb.log" >&2; fail "initdb failed"; return 1; }
	# Port and socket dir change per stack: they live in a file rewritten at each start.
	as_pg sh -c "echo \"include_if_exists = 'preptalk.conf'\" >> '$PT_PGDATA/postgresql.conf'" ||
		{ fail "cannot write $PT_PGDATA/postgresql.conf"; return 1; }
}

# Writes the per-start settings and starts the cluster (reusing one already running).
pg_start() {
	pg_init || return 1
	local conf
	conf="listen_addresses = ''
unix_socket_directories = '$PT_PGSOCK'
port = $PT_PG_PORT
log_min_messages = warning
log_line_prefix = '%m [%p] %u@%d '
${PT_PG_EXTRA_CONF:-}"
	printf '%s\n' "$conf" | as_pg sh -c "cat > '$PT_PGDATA/preptalk.conf'" ||
		{ fail "cannot write $PT_PGDATA/preptalk.conf"; return 1; }
	if as_pg "$PG_BIN/pg_ctl" -D "$PT_PGDATA" status >/dev/null 2>&1; then
		log "PostgreSQL already running in $PT_PGDATA: reusing it"
	else
		as_pg "$PG_BIN/pg_ctl" -D "$PT_PGDATA" -l "$PT_PGLOG" -w -t 60 start >/dev/null ||
			{ tail -n 20 "$PT_PGLOG" >&2; fail "PostgreSQL did not start (log: $PT_PGLOG)"; return 1; }
	fi
	PT_STARTED_PG=1
}

pg_stop() {
	[ "${PT_STARTED_PG:-0}" = 1 ] || return 0
	PT_STARTED_PG=0
	as_pg "$PG_BIN/pg_ctl" -D "$PT_PGDATA" -m fast -w -t 60 stop >/dev/null ||
		log "warning: pg_ctl stop failed (log: $PT_PGLOG)"
}

# psql as the superuser, on the embedded cluster (database given as $1).
psql_super() {
	local db=$1
	shift
	psql -X -q -v ON_ERROR_STOP=1 -h "$PT_PGSOCK" -p "$PT_PG_PORT" -U "$PT_PG_SUPERUSER" -d "$db" "$@"
}

# Once per cluster: the owner role that runs migrations and the database it owns.
# (The workers' login role, preptalk_app, is made by the migrations themselves.)
pg_bootstrap() {
	psql_super postgres <<-'SQL'
		SELECT 'CREATE ROLE preptalk_owner LOGIN CREATEROLE'
		WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'preptalk_owner')
		\gexec
		SELECT 'CREATE DATABASE preptalk OWNER preptalk_owner'
		WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'preptalk')
		\gexec
	SQL
}

# Applies the migrations, then loads the demo data when there are no users yet.
db_prepare() {
	"$PREPTALK_BIN" migrate up || { fail "migrations failed"; return 1; }
	local files=()
	local f
	for f in "$ROOT"/sql/demo/*.sql; do
		[ -e "$f" ] && files+=(-f "$f")
	done
	[ "${#files[@]}" -gt 0 ] || return 0
	local empty
	empty=$(psql -X -tA -d "$PREPTALK_MIGRATE_URL" -c 'SELECT count(*) = 0 FROM auth.users') ||
		{ fail "cannot count auth.users"; return 1; }
	if [ "$empty" = t ]; then
		log "loading the demo data (sql/demo)"
		psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d "$PREPTALK_MIGRATE_URL" "${files[@]}" >/dev/null ||
			{ fail "loading the demo data failed"; return 1; }
	fi
}

# Renders nginx/preptalk.conf.in into the prefix $PT_NGINX.
nginx_render() {
	mkdir -p "$PT_NGINX/logs" "$PT_NGINX/tmp" "$PT_NGINX/extra"
	local user_directive=""
	# As root the workers must read a tree that may be 0700 (and the socket).
	is_root && user_directive="user root;"
	sed -e "s|@USER_DIRECTIVE@|$user_directive|g" \
		-e "s|@PREFIX@|$PT_NGINX|g" \
		-e "s|@LISTEN@|127.0.0.1:$PT_HTTP_PORT|g" \
		-e "s|@STATIC_DIR@|$ROOT/static|g" \
		-e "s|@SOCKET@|$PT_SOCKET|g" \
		-e "s|@AUTH_RATE@|$PT_AUTH_RATE|g" \
		-e "s|@AUTH_BURST@|$PT_AUTH_BURST|g" \
		"$ROOT/nginx/preptalk.conf.in" >"$PT_NGINX/nginx.conf"
	if grep -q '@[A-Z_]*@' "$PT_NGINX/nginx.conf"; then
		fail "unrendered variable in $PT_NGINX/nginx.conf"
		return 1
	fi
}

nginx_start() {
	nginx_render || return 1
	nginx -t -q -p "$PT_NGINX/" -c "$PT_NGINX/nginx.conf" -e "$PT_NGINX/logs/error.log" ||
		{ fail "nginx configuration test failed"; return 1; }
	nginx -p "$PT_NGINX/" -c "$PT_NGINX/nginx.conf" -e "$PT_NGINX/logs/error.log" &
	PT_NGINX_PID=$!
	wait_http "$PT_URL/static/" 10 || { fail "nginx did not answer on $PT_URL"; return 1; }
}

# wrk_summary: reads the output of `wrk --latency` and prints "RPS P50_MS P99_MS NON2XX REQUESTS"
# (NON2XX: the count of non-2xx/3xx answers, "+sock" added on socket errors; 0 when none).
wrk_summary() {
	awk '
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
		/requests in/ { n = $1 }
		END { printf "%.0f %.2f %.2f %s %d\n", rps, p50, p99, (bad == "" ? 0 : bad), n }'
}

# wait_http URL SECONDS: true once URL answers anything at all over HTTP.
wait_http() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		if curl -s -o /dev/null --max-time 1 "$1"; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# The JWT secret: the environment's, else (persistent) one generated into the data dir.
jwt_secret_prepare() {
	if [ -n "${PREPTALK_JWT_SECRET:-}" ]; then
		export PREPTALK_JWT_SECRET
		return 0
	fi
	local file=$PT_DATA/jwt-secret
	if [ ! -s "$file" ]; then
		(umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file")
		[ -s "$file" ] || { fail "cannot write $file"; return 1; }
		log "generated a JWT secret into $file"
	fi
	PREPTALK_JWT_SECRET=$(cat "$file")
	export PREPTALK_JWT_SECRET
}

# Starts the master; it creates the FastCGI socket itself.
master_start() {
	[ -x "$PREPTALK_BIN" ] || { fail "$PREPTALK_BIN is missing: run make"; return 1; }
	rm -f "$PT_SOCKET"
	# In a process group of its own (setsid execs without forking here), so that at stop
	# every process it left behind, even orphans of a crashed master, can be found.
	if [ -n "$PT_MASTER_LOG" ]; then
		setsid "$PREPTALK_BIN" serve 2>>"$PT_MASTER_LOG" &
	else
		setsid "$PREPTALK_BIN" serve &
	fi
	PT_MASTER_PID=$!
	echo "$PT_MASTER_PID" >"$PT_MASTER_PIDFILE"
	local i
	for ((i = 0; i < 100; i++)); do
		[ -S "$PT_SOCKET" ] && return 0
		kill -0 "$PT_MASTER_PID" 2>/dev/null || { fail "preptalk serve exited at start"; return 1; }
		sleep 0.1
	done
	fail "preptalk serve did not create $PT_SOCKET within 10 s"
	return 1
}

# stop_pid PID NAME: SIGTERM, wait up to 10 s, then SIGKILL. Only our own children.
stop_pid() {
	local pid=$1 name=$2 i
	[ -n "$pid" ] || return 0
	kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		log "warning: $name ($pid) ignored SIGTERM for 10 s: killing it"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

# Children of the master (its workers and scheduler), by pid.
master_children() {
	[ -n "${PT_MASTER_PID:-}" ] || return 0
	# field 4 of /proc/PID/stat is the parent pid (the name in field 2 has no spaces here)
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v ppid="$PT_MASTER_PID" '$4 == ppid { print $1 }' || true
}

master_stop() {
	[ -n "${PT_MASTER_PID:-}" ] || return 0
	local children
	children=$(master_children | tr '\n' ' ')
	stop_pid "$PT_MASTER_PID" "preptalk master"
	local pid
	for pid in $children; do
		if kill -0 "$pid" 2>/dev/null; then
			log "warning: worker $pid outlived the master: killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
	done
	if kill -0 -- "-$PT_MASTER_PID" 2>/dev/null; then
		log "warning: processes of the master's group outlived it: killing them"
		kill -KILL -- "-$PT_MASTER_PID" 2>/dev/null || true
	fi
	PT_MASTER_PID=
	rm -f "$PT_MASTER_PIDFILE"
}

nginx_stop() {
	stop_pid "${PT_NGINX_PID:-}" nginx
	PT_NGINX_PID=
}

# The database half: cluster (when embedded), roles, migrations, demo data.
stack_start_db() {
	if [ "$PT_EMBEDDED" = 1 ]; then
		pg_start || return 1
		pg_bootstrap || { fail "bootstrap of roles and database failed"; return 1; }
	fi
	db_prepare
}

# The application half: the master and its workers, then nginx in front.
stack_start_app() {
	jwt_secret_prepare || return 1
	master_start || return 1
	nginx_start
}

# The whole stack, in order; stack_stop undoes it in reverse.
stack_start() {
	stack_start_db || return 1
	stack_start_app
}

stack_stop() {
	nginx_stop
	master_stop
	pg_stop
}
