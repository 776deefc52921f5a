#!/usr/bin/env bash
# test.sh: `make test`. Runs every suite against a stack of its own (HTTP 18080, data in
# build/test-var, wiped first) so it can run beside `make run`: unit, sql, http, browser,
# fuzz. Prints one line per suite, then exactly `N passed, N failed`; exits non-zero when
# anything failed or a suite could not run. Teardown always happens (trap).
set -euo pipefail

LOG_TAG="test"
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

HTTP_PORT=${PREPTALK_TEST_HTTP_PORT:-18080}
PG_PORT=${PREPTALK_TEST_PG_PORT:-15432}
DATA_DIR=${PREPTALK_TEST_DATA_DIR:-$ROOT/build/test-var}
# TEST_SUITES (for a developer's quick loop, e.g. "sql http"): the suites to run; all when unset.
# The summary names the ones left out, so a partial run never reads as a full one.
TEST_SUITES=${TEST_SUITES:-unit sql http browser fuzz}
# TEST_HTTP_ONLY (quick loop too): only the HTTP test files whose name contains it.
TEST_HTTP_ONLY=${TEST_HTTP_ONLY:-}
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
PYTHON=/usr/bin/python3

# The tests always get a cluster of their own: they need its superuser (pgTAP, scratch
# databases) and they stop and start it. An outside DATABASE_URL is not used here.
unset DATABASE_URL PREPTALK_MIGRATE_URL PREPTALK_SOCKET PREPTALK_JWT_SECRET

# A cluster left running by an interrupted earlier run would lose its files under it.
if [ -f "$DATA_DIR/pg/postmaster.pid" ]; then
	as_pg "$PG_BIN/pg_ctl" -D "$DATA_DIR/pg" -m immediate -w stop >/dev/null 2>&1 || true
fi
rm -rf "$DATA_DIR"

# Fast and throwaway: the test cluster never needs to survive a power cut.
# Generous credential rate limits so the tests are not throttled (tests may read them).
export PREPTALK_TEST_AUTH_RATE=${PREPTALK_TEST_AUTH_RATE:-50r/s}
export PREPTALK_TEST_AUTH_BURST=${PREPTALK_TEST_AUTH_BURST:-100}
PT_AUTH_RATE=$PREPTALK_TEST_AUTH_RATE
PT_AUTH_BURST=$PREPTALK_TEST_AUTH_BURST
PT_PG_EXTRA_CONF="fsync = off
synchronous_commit = off
full_page_writes = off"
stack_config "$DATA_DIR" "$HTTP_PORT" "$PG_PORT"
PT_MASTER_LOG=$PT_LOG/preptalk.log
LOGS=$PT_LOG

TOTAL_PASS=0
TOTAL_FAIL=0
SUITE_LINES=()

# suite_result NAME PASS FAIL [NOTE]: records one suite's counts.
suite_result() {
	TOTAL_PASS=$((TOTAL_PASS + $2))
	TOTAL_FAIL=$((TOTAL_FAIL + $3))
	SUITE_LINES+=("$1: $2 passed, $3 failed${4:+ ($4)}")
}

teardown() {
	stack_stop
}
trap teardown EXIT
trap 'exit 130' INT TERM

# tap_count FILE: prints "PASS FAIL" for TAP output. `not ok ... # TODO` is an expected
# failure (counted as passed); a plan larger than the results counts the missing ones as
# failed, so a test file that dies half-way cannot look green.
tap_count() {
	awk '
		/^[ \t]*1\.\.[0-9]+/ { match($0, /[0-9]+$/); plan += substr($0, RSTART, RLENGTH); next }
		/^[ \t]*not ok/ { if ($0 ~ /# *TODO/) pass++; else fail++; next }
		/^[ \t]*ok([ \t]|$)/ { pass++; next }
		END {
			missing = plan - pass - fail
			if (missing > 0) fail += missing
			printf "%d %d\n", pass, fail
		}' "$1"
}

# --- unit: every build/unit/** binary (cmocka) ------------------------------------------
run_unit() {
	local pass=0 fail=0 bin out rc p f name
	export CMOCKA_MESSAGE_OUTPUT=STDOUT
	export UBSAN_OPTIONS=print_stacktrace=1
	while IFS= read -r bin; do
		name=${bin#build/}
		out=$LOGS/${name//\//_}.log
		set +e
		"$bin" >"$out" 2>&1
		rc=$?
		set -e
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\..*/\1/p' "$out" | awk '{s += $1} END {print s + 0}')
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s).*/\1/p' "$out" | awk '{s += $1} END {print s + 0}')
		# A crash, a sanitizer report or a leak after the summary: at least one failure.
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			f=1
		fi
		if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
			echo "  $name printed no cmocka summary" >&2
			f=1
		fi
		if [ "$f" -gt 0 ]; then
			echo "--- $name (exit $rc): $p passed, $f failed; its output:" >&2
			tail -n 60 "$out" >&2
		else
			echo "  $name: $p passed"
		fi
		pass=$((pass + p))
		fail=$((fail + f))
	done < <(find build/unit -type f -perm -u+x 2>/dev/null | sort)
	suite_result unit "$pass" "$fail"
}

# --- sql: pgTAP files through pg_prove, plus TAP-printing scripts --------------------------
run_sql() {
	local pass=0 fail=0 file out rc p f
	psql_super preptalk -c 'CREATE EXTENSION IF NOT EXISTS pgtap' ||
		{ suite_result sql 0 1 "could not create the pgtap extension"; return; }
	for file in tests/sql/*.sql tests/sql/*.sh; do
		[ -e "$file" ] || continue
		out=$LOGS/sql_$(basename "$file").log
		set +e
		case $file in
		*.sql) pg_prove --verbose --failures -d preptalk "$file" >"$out" 2>&1 ;;
		*.sh) bash "$file" >"$out" 2>&1 ;;
		esac
		rc=$?
		set -e
		read -r p f < <(tap_count "$out")
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			f=1
		fi
		if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
			f=1 # ran no test at all
		fi
		if [ "$f" -gt 0 ]; then
			echo "--- $file (exit $rc): $p passed, $f failed; its output:" >&2
			grep -v '^ok' "$out" | tail -n 60 >&2
		else
			echo "  $file: $p passed"
		fi
		pass=$((pass + p))
		fail=$((fail + f))
	done
	suite_result sql "$pass" "$fail"
}

# run_counted NAME CMD...: runs a suite that ends with `NAME: N passed, N failed`.
run_counted() {
	local name=$1 out=$LOGS/$1.log rc line p f
	shift
	set +e
	"$@" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	set -e
	line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$out" | tail -n 1 || true)
	if [ -z "$line" ]; then
		suite_result "$name" 0 1 "no result line, exit $rc"
		return
	fi
	p=$(echo "$line" | sed -E 's/^[a-z]+: ([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.*passed, ([0-9]+) failed.*/\1/')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		suite_result "$name" "$p" 1 "exit $rc"
		return
	fi
	suite_result "$name" "$p" "$f"
}

# --- fuzz: every build/fuzz/* target for FUZZ_SECONDS, seeded with its corpus ---------------
run_fuzz() {
	local pass=0 fail=0 bin name work out seeds
	for bin in build/fuzz/*; do
		if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then
			continue
		fi
		name=$(basename "$bin")
		work=$PT_DATA/fuzz/$name
		out=$LOGS/fuzz_$name.log
		mkdir -p "$work/corpus"
		# New inputs go to the scratch dir (first); the repository corpus is only read.
		seeds=()
		[ -d "tests/fuzz/corpus/$name" ] && seeds=("tests/fuzz/corpus/$name")
		if "$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -print_final_stats=1 \
			-artifact_prefix="$work/" "$work/corpus" "${seeds[@]}" >"$out" 2>&1; then
			echo "  fuzz $name: clean for ${FUZZ_SECONDS}s ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out" | grep -o '[0-9]*$' || echo '?') runs)"
			pass=$((pass + 1))
		else
			echo "--- fuzz $name found a problem; artifacts in $work:" >&2
			grep -v '^#' "$out" | tail -n 40 >&2
			fail=$((fail + 1))
		fi
	done
	suite_result fuzz "$pass" "$fail"
}

# wanted NAME: true when the suite NAME is in TEST_SUITES (else notes it as left out).
wanted() {
	case " $TEST_SUITES " in
	*" $1 "*) return 0 ;;
	esac
	SUITE_LINES+=("$1: not run (TEST_SUITES=\"$TEST_SUITES\")")
	return 1
}

# --- main ---------------------------------------------------------------------------------
if wanted unit; then
	echo "== unit"
	run_unit
fi

echo "== starting the test stack ($PT_URL, data in $PT_DATA)"
export PREPTALK_WORKERS=${PREPTALK_WORKERS:-4}
PREPTALK_JWT_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export PREPTALK_JWT_SECRET

db_up=0
app_up=0
if stack_start_db; then
	db_up=1
	if stack_start_app; then
		app_up=1
	fi
fi

# What the tests need to drive and inspect the stack.
export PREPTALK_ROOT=$ROOT
export PREPTALK_TEST_URL=$PT_URL
export PREPTALK_BIN
export PREPTALK_MASTER_PID_FILE=$PT_MASTER_PIDFILE
export PREPTALK_NGINX_PID_FILE=$PT_NGINX_PIDFILE
export PREPTALK_MASTER_LOG=$PT_MASTER_LOG
export PREPTALK_NGINX_LOG_DIR=$PT_NGINX/logs
export PREPTALK_PG_BIN=$PG_BIN
export PREPTALK_PGDATA=$PT_PGDATA
export PREPTALK_PG_LOG=$PT_PGLOG
export PREPTALK_PG_SUPERUSER=$PT_PG_SUPERUSER
export PREPTALK_SUPER_URL=$PT_SUPER_URL
export PREPTALK_STATEMENT_TIMEOUT_MS=${PREPTALK_STATEMENT_TIMEOUT_MS:-2000}
export PGHOST=$PT_PGSOCK PGPORT=$PT_PG_PORT PGUSER=$PT_PG_SUPERUSER PGDATABASE=preptalk

if ! wanted sql; then
	:
elif [ "$db_up" = 1 ]; then
	echo "== sql"
	run_sql
else
	suite_result sql 0 1 "could not run: the database did not come up"
fi

if [ "$app_up" = 1 ]; then
	if wanted http; then
		echo "== http"
		run_counted http "$PYTHON" tests/http/run.py "$TEST_HTTP_ONLY"
		[ -z "$TEST_HTTP_ONLY" ] || SUITE_LINES+=("http: only the files matching TEST_HTTP_ONLY=\"$TEST_HTTP_ONLY\"")
	fi
	if [ -f tests/browser/run.sh ] && wanted browser; then
		echo "== browser"
		run_counted browser bash tests/browser/run.sh
	fi
else
	suite_result http 0 1 "could not run: the stack did not start (logs: $LOGS)"
	if [ -f tests/browser/run.sh ]; then
		suite_result browser 0 1 "could not run: the stack did not start"
	fi
fi

echo "== stopping the test stack"
teardown

if compgen -G 'build/fuzz/*' >/dev/null && wanted fuzz; then
	echo "== fuzz (${FUZZ_SECONDS}s per target)"
	run_fuzz
fi

echo
for line in "${SUITE_LINES[@]}"; do
	echo "$line"
done
echo "$TOTAL_PASS passed, $TOTAL_FAIL failed"
[ "$TOTAL_FAIL" -eq 0 ]
