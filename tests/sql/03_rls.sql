-- 03_rls.sql: row-level security. For every user-owned table, user A (through preptalk_app, the
-- workers' role) cannot read, update or delete user B's rows, even with no WHERE clause; public
-- reads of companies, active jobs and published posts; admin access through the role.
BEGIN;
\set QUIET 1
\ir fixtures.psql
SELECT plan(113);

CREATE TEMP TABLE probes AS
SELECT t.name, (tap_rls.probe(t.tbl, t.col, t.pred, :A)).*
FROM (VALUES
	('auth.users', 'auth.users'::regclass, 'email', format('id = %L', :B)),
	('user_profiles', 'user_profiles'::regclass, 'full_name', format('user_id = %L', :B)),
	('subscriptions', 'subscriptions'::regclass, 'status', format('user_id = %L', :B)),
	('user_credits', 'user_credits'::regclass, 'bonus_credits', format('user_id = %L', :B)),
	('credit_transactions', 'credit_transactions'::regclass, 'amount', format('user_id = %L', :B)),
	('interview_sessions', 'interview_sessions'::regclass, 'device_info', format('user_id = %L', :B)),
	('session_rounds', 'session_rounds'::regclass, 'duration_seconds', 'id = ''10000000-0000-4000-a000-00000000000b'''),
	('round_transcripts', 'round_transcripts'::regclass, 'full_transcript', 'id = ''20000000-0000-4000-a000-00000000000b'''),
	('round_analyses', 'round_analyses'::regclass, 'overall_score', 'id = ''30000000-0000-4000-a000-00000000000b'''),
	('feedback_items', 'feedback_items'::regclass, 'title', 'id = ''40000000-0000-4000-a000-00000000000b'''),
	('user_feedback (pending)', 'user_feedback'::regclass, 'content', 'id = ''50000000-0000-4000-a000-00000000000b'''),
	('user_feedback_votes', 'user_feedback_votes'::regclass, 'vote', format('user_id = %L', :B)),
	('user_feedback_reports', 'user_feedback_reports'::regclass, 'details', format('user_id = %L', :B)),
	('audit_logs', 'audit_logs'::regclass, 'action', format('user_id = %L', :B)),
	('usage_metrics', 'usage_metrics'::regclass, 'feedback_viewed', format('user_id = %L', :B)),
	('auth.revoked_tokens', 'auth.revoked_tokens'::regclass, 'expires_at', format('user_id = %L', :B))
) AS t(name, tbl, col, pred);

-- 16 tables x 5 assertions
SELECT ok(b_before > 0, name || ': fixture has rows of B') FROM probes ORDER BY name;
SELECT is(b_visible, 0, name || ': A cannot read B''s rows') FROM probes ORDER BY name;
SELECT ok(a_visible > 0, name || ': A still reads own rows') FROM probes ORDER BY name;
SELECT ok(b_untouched, name || ': UPDATE without WHERE as A leaves B''s rows untouched') FROM probes ORDER BY name;
SELECT is(b_after_delete, b_before, name || ': DELETE without WHERE as A leaves B''s rows') FROM probes ORDER BY name;

-- Writing rows that belong to B is refused.
SELECT tap_rls.act_as(:A);
SELECT throws_ok(format('INSERT INTO user_profiles (user_id) VALUES (%L)', :B), '42501', NULL, 'A cannot insert a profile for B');
SELECT throws_ok(format('INSERT INTO interview_sessions (user_id, curriculum_id, job_id) VALUES (%L, %L, %L)', :B, :CUR, :JOB),
	'42501', NULL, 'A cannot create a session for B');
SELECT throws_ok(format('INSERT INTO session_rounds (session_id, curriculum_round_id, round_number) VALUES (%L, %L, 9)',
	'00000001-0000-4000-a000-00000000000b'::uuid, :CROUND), '42501', NULL, 'A cannot add a round to B''s session');
SELECT throws_ok(format('INSERT INTO user_feedback (user_id, company_id, content) VALUES (%L, md5(''company:1'')::uuid, ''x'')', :B),
	'42501', NULL, 'A cannot post as B');
SELECT throws_ok(format('INSERT INTO user_feedback_votes (feedback_id, user_id, vote) VALUES (''50000001-0000-4000-a000-00000000000a'', %L, ''helpful'')', :B),
	'42501', NULL, 'A cannot vote as B');
SELECT throws_ok(format('INSERT INTO audit_logs (user_id, action, entity_type) VALUES (%L, ''login'', ''user'')', :B),
	'42501', NULL, 'A cannot write B''s audit trail');
SELECT throws_ok(format('INSERT INTO auth.revoked_tokens (jti, user_id, expires_at) VALUES (gen_random_uuid(), %L, now())', :B),
	'42501', NULL, 'A cannot revoke B''s tokens');
SELECT throws_ok(format('UPDATE interview_sessions SET user_id = %L', :B), '42501', NULL, 'A cannot hand a session to B');
SELECT throws_ok('UPDATE user_credits SET bonus_credits = 100', '42501', NULL, 'the app cannot write balances directly');
SELECT throws_ok('INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description) VALUES (auth.uid(), ''earned'', ''bonus'', 5, ''x'')',
	'42501', NULL, 'the app cannot write the ledger directly');
SELECT throws_ok(format('UPDATE auth.users SET role = ''admin'' WHERE id = %L', :A), '42501', NULL, 'a candidate cannot make themself admin');
SELECT throws_ok('DELETE FROM audit_logs', '42501', NULL, 'audit logs are append-only for the app');
RESET ROLE;

-- Public reads (anonymous: no identity at all).
SELECT tap_rls.act_as(NULL, '');
CREATE TEMP TABLE anon AS SELECT
	(SELECT count(*) FROM companies) AS companies,
	(SELECT count(*) FROM jobs WHERE NOT is_active) AS inactive_jobs,
	(SELECT count(*) FROM jobs) AS jobs,
	(SELECT count(*) FROM curriculum_rounds) AS rounds,
	(SELECT count(*) FROM user_feedback WHERE moderation_status <> 'published') AS unpublished,
	(SELECT count(*) FROM user_feedback) AS posts,
	(SELECT count(*) FROM user_profiles) AS profiles,
	(SELECT count(*) FROM interview_sessions) AS sessions,
	(SELECT count(*) FROM auth.users) AS users,
	(SELECT count(*) FROM system_health) AS health;
RESET ROLE;
GRANT SELECT ON anon TO preptalk_app;
SELECT is((SELECT companies FROM anon), (SELECT count(*) FROM companies), 'anonymous reads every company');
SELECT is((SELECT inactive_jobs FROM anon), 0::bigint, 'anonymous sees no inactive job');
SELECT is((SELECT jobs FROM anon), (SELECT count(*) FROM jobs WHERE is_active), 'anonymous sees every active job');
SELECT ok((SELECT rounds FROM anon) > 0, 'curricula are public reference material');
SELECT is((SELECT unpublished FROM anon), 0::bigint, 'anonymous sees no pending or hidden post');
SELECT is((SELECT posts FROM anon), (SELECT count(*) FROM user_feedback WHERE moderation_status = 'published' AND is_public), 'anonymous sees every published post');
SELECT is((SELECT profiles FROM anon), 0::bigint, 'anonymous sees no profile');
SELECT is((SELECT sessions FROM anon), 0::bigint, 'anonymous sees no session');
SELECT is((SELECT users FROM anon), 0::bigint, 'anonymous sees no user');
SELECT is((SELECT health FROM anon), 0::bigint, 'system health is admin-only');

-- Authors see their own pending post; others do not; B's published post is visible to A.
SELECT tap_rls.act_as(:A);
CREATE TEMP TABLE a_view AS SELECT
	(SELECT count(*) FROM user_feedback WHERE id = '50000000-0000-4000-a000-00000000000a') AS own_pending,
	(SELECT count(*) FROM user_feedback WHERE id = '50000001-0000-4000-a000-00000000000b') AS b_published,
	(SELECT count(*) FROM jobs j WHERE NOT j.is_active) AS inactive_jobs;
UPDATE user_feedback SET content = 'edited' WHERE id = '50000001-0000-4000-a000-00000000000b';
UPDATE user_feedback SET moderation_status = 'published', helpful_count = 999 WHERE id = '50000000-0000-4000-a000-00000000000a';
RESET ROLE;
SELECT is((SELECT own_pending FROM a_view), 1::bigint, 'the author sees their own pending post');
SELECT is((SELECT b_published FROM a_view), 1::bigint, 'A sees B''s published post');
SELECT is((SELECT content FROM user_feedback WHERE id = '50000001-0000-4000-a000-00000000000b'), 'fixture post', 'A cannot edit B''s published post');
SELECT is((SELECT moderation_status FROM user_feedback WHERE id = '50000000-0000-4000-a000-00000000000a'), 'pending', 'an author cannot publish their own post');
SELECT is((SELECT helpful_count FROM user_feedback WHERE id = '50000000-0000-4000-a000-00000000000a'), 0, 'an author cannot set vote counts');
SELECT is((SELECT inactive_jobs FROM a_view), 0::bigint, 'a candidate does not see inactive jobs they never practised for');

-- Admins see everything through the role, and a forged app.role without a user id is not admin.
SELECT tap_rls.act_as(:ADM, 'admin');
CREATE TEMP TABLE adm AS SELECT
	(SELECT count(*) FROM user_profiles) AS profiles,
	(SELECT count(*) FROM user_feedback) AS posts,
	(SELECT count(*) FROM credit_transactions) AS ledger;
UPDATE user_feedback SET moderation_status = 'hidden', hidden_reason = 'tap' WHERE id = '50000001-0000-4000-a000-00000000000b';
RESET ROLE;
SELECT tap_rls.act_as(NULL, 'admin');
CREATE TEMP TABLE forged AS SELECT (SELECT count(*) FROM user_profiles) AS profiles;
RESET ROLE;
SELECT is((SELECT profiles FROM adm), (SELECT count(*) FROM user_profiles), 'admin reads every profile');
SELECT is((SELECT posts FROM adm), (SELECT count(*) FROM user_feedback), 'admin reads every post, pending and hidden too');
SELECT is((SELECT ledger FROM adm), (SELECT count(*) FROM credit_transactions), 'admin reads the whole ledger');
SELECT is((SELECT moderation_status FROM user_feedback WHERE id = '50000001-0000-4000-a000-00000000000b'), 'hidden', 'admin can hide a post');
SELECT is((SELECT profiles FROM forged), 0::bigint, 'app.role=admin without a user id grants nothing');

SELECT * FROM finish();
ROLLBACK;
