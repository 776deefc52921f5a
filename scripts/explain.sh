#!/usr/bin/env bash
# explain.sh: `make explain`. Against the `make scale-data` cluster (build/scale-var, port 35432),
# migrated to the current migrations first: EXPLAIN (ANALYZE, BUFFERS) of every page statement of
# app/db/statements.def with representative arguments and identity, the plans of the statements
# nested in the SQL functions (auto_explain), every Seq Scan on a table of more than 10,000 rows
# flagged, each page's time, and the times of app.job_refresh_company_stats() and
# app.job_monthly_credit_reset() (the reset rolled back).
set -euo pipefail

LOG_TAG=explain
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

# shellcheck source=scripts/scale-lib.sh
. "$ROOT/scripts/scale-lib.sh"
OUT=${EXPLAIN_OUT:-$ROOT/build/explain}
SEQ_ROWS=${EXPLAIN_SEQ_ROWS:-10000}
REPEAT=${EXPLAIN_REPEAT:-5}
unset DATABASE_URL PREPTALK_MIGRATE_URL
[ -f "$DATA_DIR/pg/PG_VERSION" ] || { fail "no scale cluster in $DATA_DIR: run make scale-data first"; exit 1; }
stack_config "$DATA_DIR" 0 "$PG_PORT"
pg_start || exit 1
# The plans of the current migrations (060 and later are applied to the scale cluster here).
"$PREPTALK_BIN" migrate up >/dev/null || { fail "migrations failed (run make build/preptalk first)"; exit 1; }
mkdir -p "$OUT"
BASE="host='$PT_PGSOCK' port=$PG_PORT dbname=preptalk"

# A login role like the workers' (RLS applies, privileges of preptalk_app) whose sessions load
# auto_explain and log every nested statement's plan, with timing and buffers, to the client.
psql_super preptalk <<-'SQL'
	SELECT 'CREATE ROLE preptalk_explain LOGIN INHERIT NOBYPASSRLS IN ROLE preptalk_app'
	WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'preptalk_explain') \gexec
	ALTER ROLE preptalk_explain SET session_preload_libraries = 'auto_explain';
	ALTER ROLE preptalk_explain SET auto_explain.log_min_duration = 0;
	ALTER ROLE preptalk_explain SET auto_explain.log_analyze = on;
	ALTER ROLE preptalk_explain SET auto_explain.log_buffers = on;
	ALTER ROLE preptalk_explain SET auto_explain.log_nested_statements = on;
	ALTER ROLE preptalk_explain SET auto_explain.log_level = notice;
	ALTER ROLE preptalk_explain SET jit = off;
SQL

# Representative arguments, as the owner: the demo candidate (the heaviest user: users are drawn
# with a power law), a typical user, the admin, the company with most posts, the open job with most
# sessions, sessions, posts, curriculum, round and question that belong to them.
psql -X -q -v ON_ERROR_STOP=1 -d "$BASE user=preptalk_owner" -tA >"$OUT/ids.sql" <<-'SQL'
	WITH v AS (
		SELECT md5('user:demo')::uuid AS demo_id, md5('suser:50000')::uuid AS user_id, md5('user:admin')::uuid AS admin_id,
		       (SELECT company_id FROM company_interview_stats ORDER BY feedback_count DESC, company_id LIMIT 1) AS company_id,
		       (SELECT s.job_id FROM interview_sessions s JOIN jobs j ON j.id = s.job_id WHERE j.is_active GROUP BY s.job_id ORDER BY count(*) DESC, s.job_id LIMIT 1) AS job_id
	), w AS (
		SELECT v.*,
		       (SELECT id FROM interview_sessions WHERE user_id = v.demo_id AND status = 'completed' ORDER BY created_at DESC LIMIT 1) AS session_id,
		       (SELECT id FROM interview_sessions WHERE user_id = v.demo_id AND status = 'in_progress' ORDER BY created_at DESC LIMIT 1) AS open_session_id,
		       (SELECT id FROM interview_sessions WHERE user_id = v.user_id AND status = 'completed' ORDER BY created_at DESC LIMIT 1) AS user_session_id,
		       (SELECT id FROM user_feedback WHERE company_id = v.company_id AND moderation_status = 'published' ORDER BY helpful_count DESC LIMIT 1) AS post_id,
		       (SELECT id FROM user_feedback WHERE moderation_status = 'pending' ORDER BY created_at LIMIT 1) AS pending_post_id,
		       (SELECT id FROM curricula WHERE job_id = v.job_id AND is_active) AS curriculum_id,
		       (SELECT id FROM smart_questions WHERE company_id = v.company_id ORDER BY id LIMIT 1) AS smart_id,
		       (SELECT id FROM interview_patterns WHERE company_id = v.company_id ORDER BY id LIMIT 1) AS pattern_id,
		       (SELECT id FROM credit_transactions WHERE user_id = v.demo_id ORDER BY created_at DESC, id DESC OFFSET 24 LIMIT 1) AS ledger_after
		FROM v
	), x AS (
		SELECT w.*, (SELECT id FROM curriculum_rounds WHERE curriculum_id = w.curriculum_id ORDER BY round_number LIMIT 1) AS round_id
		FROM w
	)
	SELECT format(E'\\set demo_id %s\n\\set user_id %s\n\\set admin_id %s\n\\set company_id %s\n\\set job_id %s\n\\set session_id %s\n\\set open_session_id %s\n\\set user_session_id %s\n\\set post_id %s\n\\set pending_post_id %s\n\\set curriculum_id %s\n\\set round_id %s\n\\set question_id %s\n\\set smart_id %s\n\\set pattern_id %s\n\\set ledger_after %s',
	              demo_id, user_id, admin_id, company_id, job_id, session_id, open_session_id, user_session_id, post_id,
	              pending_post_id, curriculum_id, round_id,
	              (SELECT id FROM question_bank WHERE curriculum_round_id = x.round_id ORDER BY id LIMIT 1),
	              smart_id, pattern_id, ledger_after)
	FROM x;
SQL

# Cases: LABEL|STATEMENT|ROLE (anon, candidate, admin)|USER (psql variable)|ARGUMENTS|w for a write (rolled back).
CASES=(
	"identify|IDENTIFY|anon||:'demo_id', 'candidate', '00000000-0000-4000-8000-000000000001'|"
	"login lookup|LOGIN_LOOKUP|anon||'demo@preptalk.test'|"
	"profile|PROFILE_PAGE|candidate|demo_id||"
	"password hash|MY_PASSWORD_HASH|candidate|demo_id||"
	"dashboard (heaviest user)|DASHBOARD_PAGE|candidate|demo_id||"
	"dashboard (typical user)|DASHBOARD_PAGE|candidate|user_id||"
	"companies directory|COMPANIES_PAGE|anon||NULL, NULL, NULL, NULL, NULL, NULL, '/companies'|"
	"companies search|COMPANIES_PAGE|anon||'cobalt', NULL, NULL, NULL, NULL, NULL, '/companies'|"
	"companies filtered|COMPANIES_PAGE|candidate|demo_id|NULL, 'Fintech', NULL, NULL, 'yes', NULL, '/companies'|"
	"company insights|COMPANY_PAGE|candidate|demo_id|:'company_id', NULL, '/companies/x'|"
	"company insights (anonymous)|COMPANY_PAGE|anon||:'company_id', NULL, '/companies/x'|"
	"job page|JOB_PAGE|candidate|demo_id|:'job_id'|"
	"experience form|EXPERIENCE_FORM|candidate|demo_id|:'company_id', '{}'|"
	"experience company|EXPERIENCE_COMPANY|candidate|demo_id|:'post_id'|"
	"session page|SESSION_PAGE|candidate|demo_id|:'open_session_id'|"
	"round input|ROUND_INPUT|candidate|demo_id|:'session_id', 1|"
	"round report|ROUND_REPORT|candidate|demo_id|:'session_id', 1|"
	"session report|SESSION_REPORT|candidate|demo_id|:'session_id'|"
	"session report (typical user)|SESSION_REPORT|candidate|user_id|:'user_session_id'|"
	"credits (heaviest user)|CREDITS_PAGE|candidate|demo_id|NULL|"
	"credits (heaviest user, page 2)|CREDITS_PAGE|candidate|demo_id|:'ledger_after'|"
	"credits (typical user)|CREDITS_PAGE|candidate|user_id|NULL|"
	"admin overview|ADMIN_OVERVIEW|admin|admin_id|NULL, '{}'|"
	"admin health|ADMIN_HEALTH|admin|admin_id|NULL, '{}'|"
	"admin audit log|ADMIN_AUDIT_LOG|admin|admin_id|NULL, '{}'|"
	"admin audit log (entity filter)|ADMIN_AUDIT_LOG|admin|admin_id|NULL, '{\"entity_type\": \"interview_session\"}'|"
	"admin moderation|ADMIN_MODERATION|admin|admin_id|NULL, '{}'|"
	"admin post|ADMIN_POST|admin|admin_id|:'pending_post_id', '{}'|"
	"admin users|ADMIN_USERS|admin|admin_id|NULL, '{}'|"
	"admin users search|ADMIN_USERS|admin|admin_id|NULL, '{\"q\": \"dana\"}'|"
	"admin user|ADMIN_USER|admin|admin_id|:'demo_id', '{}'|"
	"admin companies|ADMIN_COMPANIES|admin|admin_id|NULL, '{}'|"
	"admin companies search|ADMIN_COMPANIES|admin|admin_id|NULL, '{\"q\": \"cobalt\"}'|"
	"admin company form|ADMIN_COMPANY_FORM|admin|admin_id|:'company_id', '{}'|"
	"admin company delete page|ADMIN_COMPANY_DELETE_PAGE|admin|admin_id|:'company_id', '{}'|"
	"admin jobs|ADMIN_JOBS|admin|admin_id|NULL, '{}'|"
	"admin job form|ADMIN_JOB_FORM|admin|admin_id|:'job_id', '{}'|"
	"admin job curricula|ADMIN_JOB_CURRICULA|admin|admin_id|:'job_id', '{}'|"
	"admin curriculum|ADMIN_CURRICULUM|admin|admin_id|:'curriculum_id', '{}'|"
	"admin round|ADMIN_ROUND|admin|admin_id|:'round_id', '{}'|"
	"admin question new|ADMIN_QUESTION_NEW|admin|admin_id|:'round_id', '{}'|"
	"admin question|ADMIN_QUESTION|admin|admin_id|:'question_id', '{}'|"
	"admin intelligence|ADMIN_INTELLIGENCE|admin|admin_id|NULL, '{}'|"
	"admin intelligence (company)|ADMIN_INTELLIGENCE|admin|admin_id|NULL, json_build_object('company_id', :'company_id')::jsonb|"
	"admin smart question form|ADMIN_SMART_QUESTION_FORM|admin|admin_id|:'smart_id', '{}'|"
	"admin smart question delete page|ADMIN_SMART_QUESTION_DELETE_PAGE|admin|admin_id|:'smart_id', '{}'|"
	"admin pattern form|ADMIN_PATTERN_FORM|admin|admin_id|:'pattern_id', '{}'|"
	"admin pattern delete page|ADMIN_PATTERN_DELETE_PAGE|admin|admin_id|:'pattern_id', '{}'|"
	"start a session (write)|SESSION_BEGIN|candidate|demo_id|:'job_id', '127.0.0.1', 'explain', 'explain-1'|w"
	"vote (write)|EXPERIENCE_VOTE|candidate|demo_id|:'post_id', 'helpful', '127.0.0.1', 'explain', 'explain-2'|w"
)

# NAME -> SQL from statements.def (one ST(...) per line).
declare -A STMT
while IFS=$'\t' read -r name sql; do
	STMT[$name]=$sql
done < <(sed -n 's/^ST(\([A-Z_0-9]*\), *[0-9]*, *"\(.*\)")[[:space:]]*$/\1\t\2/p' app/db/statements.def)

# gen MODE: the psql script. MODE explain: a marker, EXPLAIN ANALYZE; MODE time: REPEAT+1 runs.
gen() {
	local mode=$1 c i=0 label name role user args write sql call
	echo "\\i $OUT/ids.sql"
	echo "\\pset pager off"
	for c in "${CASES[@]}"; do
		IFS='|' read -r label name role user args write <<<"$c"
		i=$((i + 1))
		sql=${STMT[$name]:-}
		[ -n "$sql" ] || continue
		call="p$i"
		[ -z "$args" ] || call="p$i($args)"
		echo "\\echo '#### CASE $i|$label|$name'"
		if [ "$role" = anon ]; then
			echo "SELECT set_config('app.user_id', '', false), set_config('app.role', '', false) \\g /dev/null"
		else
			echo "SELECT set_config('app.user_id', :'$user', false), set_config('app.role', '$role', false) \\g /dev/null"
		fi
		echo "PREPARE p$i AS $sql;"
		[ "$write" = w ] && echo "BEGIN;"
		if [ "$mode" = explain ]; then
			echo "DO \$\$BEGIN RAISE NOTICE '#### CASE $i'; END\$\$;"
			echo "EXECUTE $call \\g /dev/null"
			echo "EXPLAIN (ANALYZE, BUFFERS) EXECUTE $call;"
		else
			echo "\\timing on"
			local k
			for ((k = 0; k <= REPEAT; k++)); do
				echo "EXECUTE $call \\g /dev/null"
			done
			echo "\\timing off"
		fi
		[ "$write" = w ] && echo "ROLLBACK;"
		echo "DEALLOCATE p$i;"
	done
}

# The admin overview's counts are rebuilt at most every 30 s (060): clear them, so that the
# explained call is a rebuild (the worst case) and the timed calls the usual cached ones.
psql -X -q -d "$BASE user=preptalk_owner" -c "DO \$\$BEGIN IF to_regclass('app.admin_overview_counts') IS NOT NULL THEN
	DELETE FROM app.admin_overview_counts; END IF; END\$\$"
log "explaining ${#CASES[@]} page statements (output in $OUT)"
gen explain >"$OUT/explain.sql"
gen time >"$OUT/time.sql"
psql -X -v ON_ERROR_STOP=0 -d "$BASE user=preptalk_explain" -f "$OUT/explain.sql" >"$OUT/explain.out" 2>"$OUT/nested.out" || true
psql -X -v ON_ERROR_STOP=0 -d "$BASE user=preptalk_app" -f "$OUT/time.sql" >"$OUT/time.out" 2>"$OUT/time.err" || true
psql -X -q -tA -F $'\t' -d "$BASE user=preptalk_owner" \
	-c "SELECT c.relname, c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	    WHERE n.nspname IN ('public', 'auth', 'app') AND c.relkind IN ('r', 'm', 'p')" >"$OUT/rows.tsv"

# The two maintenance jobs, as the scheduler runs them (the app role). The reset runs twice in a
# transaction that is rolled back: as due today, and with every user due (the start-of-month worst case).
psql -X -q -v ON_ERROR_STOP=1 -d "$BASE user=preptalk_app" >"$OUT/jobs.out" 2>&1 <<-'SQL' || true
	\timing on
	\echo '#### job_refresh_company_stats'
	SELECT app.job_refresh_company_stats();
	\echo '#### job_monthly_credit_reset (users due today)'
	BEGIN;
	SELECT app.job_monthly_credit_reset();
	ROLLBACK;
	\timing off
SQL
psql -X -q -v ON_ERROR_STOP=1 -d "$BASE user=preptalk_owner" >>"$OUT/jobs.out" 2>&1 <<-'SQL' || true
	BEGIN;
	UPDATE user_credits SET current_period_start = CURRENT_DATE - 31, current_period_end = CURRENT_DATE;
	\echo '#### job_monthly_credit_reset (every user due: worst case)'
	\timing on
	SELECT app.job_monthly_credit_reset();
	\timing off
	ROLLBACK;
SQL

python3 - "$OUT" "$SEQ_ROWS" <<-'PY'
	import re, sys, statistics
	out, limit = sys.argv[1], int(sys.argv[2])
	rows = {}
	for line in open(f"{out}/rows.tsv"):
	    name, n = line.rstrip("\n").split("\t")
	    rows[name] = max(rows.get(name, 0), int(n))
	cases, order = {}, []
	cur = None
	for line in open(f"{out}/explain.out"):
	    m = re.match(r"#### CASE (\d+)\|([^|]*)\|(\S+)", line)
	    if m:
	        cur = m.group(1); order.append(cur)
	        cases[cur] = {"label": m.group(2), "name": m.group(3), "plan": [], "nested": [], "exec": None, "error": None}
	        continue
	    if cur:
	        cases[cur]["plan"].append(line)
	        m = re.search(r"Execution Time: ([\d.]+) ms", line)
	        if m: cases[cur]["exec"] = float(m.group(1))
	cur = None
	for line in open(f"{out}/nested.out"):
	    m = re.search(r"#### CASE (\d+)", line)
	    if m:
	        cur = m.group(1); continue
	    if cur and cur in cases:
	        if "ERROR:" in line and not cases[cur]["error"]:
	            cases[cur]["error"] = line.strip()
	        cases[cur]["nested"].append(line)
	cur = None
	times = {}
	for line in open(f"{out}/time.out"):
	    m = re.match(r"#### CASE (\d+)", line)
	    if m:
	        cur = m.group(1); times[cur] = []; continue
	    m = re.match(r"Time: ([\d.]+) ms", line)
	    if m and cur: times[cur].append(float(m.group(1)))
	def seqscans(lines):
	    found, query, grab = [], None, 0
	    for l in lines:
	        q = re.search(r"Query Text: (.*)", l)
	        if q: query, grab = q.group(1).strip(), 4; continue
	        if grab and not re.match(r"\s*(\w[\w ]*  \(cost|->|\w+ Scan|Result|Aggregate|Limit|Sort)", l):
	            query += " " + " ".join(l.split()); grab -= 1
	        else:
	            grab = 0
	        m = re.search(r"(Parallel )?Seq Scan on (?:\w+\.)?(\w+)", l)
	        # a node that never ran (a branch a constant filter turned off) scanned nothing
	        if m and rows.get(m.group(2), 0) > limit and "(never executed)" not in l:
	            found.append((m.group(2), rows[m.group(2)], query))
	    return found
	print("\n=== plans: %s/explain.out (top level), %s/nested.out (statements inside the functions)" % (out, out))
	print("%-36s %-26s %10s %10s %10s  %s" % ("page", "statement", "explain ms", "first ms", "median ms", "seq scans on >%d rows" % limit))
	problems = []
	for k in order:
	    c = cases[k]
	    t = times.get(k, [])
	    first = "%.2f" % t[0] if t else "-"
	    med = "%.2f" % statistics.median(t[1:]) if len(t) > 1 else "-"
	    ex = "%.2f" % c["exec"] if c["exec"] is not None else "ERROR"
	    seq = sorted(set(seqscans(c["plan"]) + seqscans(c["nested"])), key=lambda s: -s[1])
	    print("%-36s %-26s %10s %10s %10s  %s" % (c["label"][:36], c["name"][:26], ex, first, med,
	          ", ".join("%s (%d)" % (s[0], s[1]) for s in seq) or "none"))
	    if c["error"]: print("    %s" % c["error"][:160])
	    for s in seq: problems.append((c["label"], c["name"], s))
	if problems:
	    print("\n=== sequential scans on large tables (function's statement shown)")
	    for label, name, (tbl, n, q) in problems:
	        print("- %s [%s]: Seq Scan on %s (%d rows)\n    in: %s" % (label, name, tbl, n, (q or "the top-level statement")[:200]))
	print("\n=== maintenance jobs")
	label, jobs = None, {}
	for line in open(f"{out}/jobs.out"):
	    if line.startswith("####"): label = line[5:].strip(); jobs[label] = 0.0
	    m = re.match(r"Time: ([\d.]+) ms", line)
	    if m and label: jobs[label] = max(jobs[label], float(m.group(1)))
	    if "ERROR" in line or line.startswith(" "): print("  " + line.strip())
	for label, ms in jobs.items():
	    print("%-60s %10.1f ms" % (label, ms))
	PY

# Statements no case covers: writes (other than the two above) and the scheduler's jobs.
uncovered=$(sed -n 's/^ST(\([A-Z_0-9]*\),.*/\1/p' app/db/statements.def | while read -r n; do
	printf '%s\n' "${CASES[@]}" | grep -q "|$n|" || printf '%s ' "$n"
done)
printf '\n=== statements not explained (writes and jobs): %s\n' "${uncovered:-none}"
