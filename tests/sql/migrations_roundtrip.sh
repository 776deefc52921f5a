#!/usr/bin/env bash
# migrations_roundtrip.sh: on a scratch database, `preptalk migrate` goes up, all the way
# down, and up again to the same schema; then an applied migration whose file changed is
# refused with a message naming it. Prints TAP. Run by scripts/test.sh, which exports
# PGHOST/PGPORT/PGUSER (the superuser), PREPTALK_BIN and PREPTALK_SQL_DIR.
set -uo pipefail

BIN=${PREPTALK_BIN:?}
SQL_DIR=${PREPTALK_SQL_DIR:?}
DB=preptalk_roundtrip
OWNER_URL="host='$PGHOST' port=$PGPORT dbname=$DB user=preptalk_owner"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1' EXIT

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; [ -f "$TMP/out" ] && sed 's/^/# /' "$TMP/out"; }
check() { # check DESCRIPTION CMD...: one test line from a command's exit status
	local desc=$1
	shift
	if "$@" >"$TMP/out" 2>&1; then ok "$desc"; else not_ok "$desc"; fi
}
migrate() { PREPTALK_MIGRATE_URL=$OWNER_URL DATABASE_URL=$OWNER_URL "$BIN" migrate "$@"; }
# The tables the migrations made (everything but the migration ledger itself).
tables() {
	psql -X -tA -d "$OWNER_URL" -c "SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY schemaname, tablename)
		FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
		AND tablename <> 'schema_migrations'"
}

echo "1..10"
ups=$(find "$SQL_DIR/migrations" -name '*.up.sql' 2>/dev/null | wc -l)

check "scratch database $DB created, owned by preptalk_owner" \
	psql -X -q -v ON_ERROR_STOP=1 -d postgres \
	-c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB OWNER preptalk_owner"
check "there are migrations ($ups)" test "$ups" -gt 0
check "migrate up" migrate up
first=$(tables)
check "migrate up made tables ($first)" test -n "$first"
check "migrate status" migrate status
check "migrate down $ups (all)" migrate down "$ups"
after_down=$(tables)
check "no table left after down all (left: ${after_down:-none})" test -z "$after_down"
check "migrate up again" migrate up
check "same tables after the round trip" test "$(tables)" = "$first"

# Change an applied migration (a harmless comment) in a copy of the sql dir.
cp -r "$SQL_DIR" "$TMP/sql"
changed=$(find "$TMP/sql/migrations" -name '*.up.sql' | sort | head -n 1)
if [ -n "$changed" ]; then
	echo "-- changed after it was applied" >>"$changed"
	if PREPTALK_SQL_DIR=$TMP/sql migrate up >"$TMP/out" 2>&1; then
		not_ok "migrate up refuses a changed applied migration (it succeeded)"
	elif grep -q "$(basename "$changed" .up.sql)" "$TMP/out"; then
		ok "migrate up refuses a changed applied migration, naming $(basename "$changed")"
	else
		not_ok "the refusal names $(basename "$changed")"
	fi
else
	not_ok "no migration to change"
fi
