-- 01_schema.sql: the schema exists as designed, and the workers' role is what it must be:
-- no BYPASSRLS, not superuser, owns nothing, cannot switch row-level security off.
BEGIN;
\set QUIET 1
SELECT plan(45);

SELECT has_table('auth', t, 'auth.' || t) FROM unnest(ARRAY['users', 'revoked_tokens']) t;
SELECT has_table('public', t, t) FROM unnest(ARRAY['user_profiles', 'subscriptions', 'user_credits', 'credit_transactions',
	'companies', 'jobs', 'job_requirements', 'curricula', 'curriculum_rounds', 'question_bank', 'interview_sessions',
	'session_rounds', 'round_transcripts', 'round_analyses', 'feedback_items', 'user_feedback', 'user_feedback_votes',
	'user_feedback_reports', 'interview_patterns', 'smart_questions', 'audit_logs', 'usage_metrics', 'system_health']) t;
SELECT has_table('app', 'scheduler_runs', 'app.scheduler_runs');
SELECT has_materialized_view('public', 'company_interview_stats', 'company_interview_stats');

-- RLS is on for every table the app can reach with user data.
SELECT is((SELECT string_agg(c.oid::regclass::text, ', ' ORDER BY 1) FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname IN ('public', 'auth') AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
             AND NOT c.relispartition),
	NULL, 'every table in public and auth has row-level security enabled');
SELECT is((SELECT relkind::text FROM pg_class WHERE oid = 'audit_logs'::regclass), 'p', 'audit_logs is a partitioned table');
SELECT is((SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_index i
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
           WHERE i.indrelid = 'audit_logs'::regclass AND i.indisprimary), ARRAY['created_at', 'id'],
	'the audit_logs primary key includes the partition key');
SELECT ok((SELECT count(*) >= 4 FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass), 'audit_logs has monthly partitions');

-- The workers' role.
SELECT ok((SELECT NOT rolbypassrls AND NOT rolsuper AND rolcanlogin AND NOT rolcreaterole AND NOT rolcreatedb
           FROM pg_roles WHERE rolname = 'preptalk_app'), 'preptalk_app: LOGIN, no BYPASSRLS, not superuser, no CREATEROLE/CREATEDB');
SELECT is((SELECT count(*)::int FROM pg_class WHERE relowner = 'preptalk_app'::regrole), 0, 'preptalk_app owns no relation');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE proowner = 'preptalk_app'::regrole), 0, 'preptalk_app owns no function');
SELECT is((SELECT count(*)::int FROM pg_namespace WHERE nspowner = 'preptalk_app'::regrole), 0, 'preptalk_app owns no schema');
SELECT is((SELECT count(*)::int FROM pg_auth_members WHERE member = 'preptalk_app'::regrole), 0, 'preptalk_app is a member of no role');

SET SESSION AUTHORIZATION preptalk_app;
SELECT throws_ok('ALTER TABLE interview_sessions DISABLE ROW LEVEL SECURITY', '42501', NULL, 'the app cannot disable RLS');
SELECT throws_ok('ALTER TABLE user_profiles NO FORCE ROW LEVEL SECURITY', '42501', NULL, 'the app cannot alter a table''s RLS');
SELECT throws_ok('DROP POLICY users_own_sessions ON interview_sessions', '42501', NULL, 'the app cannot drop a policy');
SELECT throws_ok('SET row_security = off; SELECT count(*) FROM interview_sessions', '42501', NULL,
	'with row_security off the app gets an error, not the rows');
SELECT throws_ok('SET ROLE preptalk_owner', '42501', NULL, 'the app cannot become the owner');
SELECT throws_ok('SELECT count(*) FROM audit_logs_default', '42501', NULL, 'the app cannot read a partition directly');
SELECT throws_ok('CREATE TABLE public.x (id int)', '42501', NULL, 'the app cannot create tables');
RESET SESSION AUTHORIZATION;

-- Every SECURITY DEFINER function pins its search_path.
SELECT is((SELECT string_agg(p.oid::regprocedure::text, ', ') FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname IN ('app', 'auth') AND p.prosecdef
             AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, public, app, auth'], false)),
	NULL, 'every SECURITY DEFINER function sets search_path');
SELECT ok(NOT has_function_privilege('public', 'app.credit_grant(uuid, integer, text, uuid)', 'EXECUTE'), 'PUBLIC cannot run credit_grant');

SELECT * FROM finish();
ROLLBACK;
