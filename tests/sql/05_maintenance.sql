-- 05_maintenance.sql: the scheduler's jobs (stats refresh, monthly reset, stale-session expiry,
-- audit partitions, revoked-token purge) and the triggers (updated_at, last_active_at, curriculum
-- usage, vote and report counts, auto-publishing).
BEGIN;
\set QUIET 1
\ir fixtures.psql
SELECT plan(27);

-- company_interview_stats refreshes concurrently and reflects new data.
INSERT INTO user_feedback (user_id, company_id, content, moderation_status, experience, difficulty)
VALUES (:ADM, md5('company:2')::uuid, 'stats probe', 'published', 'positive', 5);
CREATE TEMP TABLE st0 AS SELECT feedback_count FROM company_interview_stats WHERE company_id = md5('company:2')::uuid;
SELECT matches(app.job_refresh_company_stats(), '^refreshed company_interview_stats: \d+ companies$', 'refresh job returns a summary');
SELECT is((SELECT feedback_count FROM company_interview_stats WHERE company_id = md5('company:2')::uuid),
	(SELECT feedback_count + 1 FROM st0), 'the refreshed view counts the new published experience');
SELECT is((SELECT count(*) FROM company_interview_stats), (SELECT count(*) FROM companies), 'one stats row per company');
SELECT has_index('public', 'company_interview_stats', 'company_interview_stats_company_id', 'the view has its unique index');
SELECT ok((SELECT avg_difficulty_shrunk BETWEEN 1 AND 5 FROM company_interview_stats WHERE company_id = md5('company:2')::uuid),
	'shrunk difficulty stays on the 1-5 scale');

-- Monthly reset: unused monthly credits expire, plan credits granted, bonus untouched, ledger consistent.
UPDATE subscriptions SET monthly_credits = 5 WHERE user_id = :A;
UPDATE user_credits SET current_period_start = CURRENT_DATE - 31, current_period_end = CURRENT_DATE - 1 WHERE user_id = :A;
SELECT matches(app.job_monthly_credit_reset(), '^reset monthly credits for [1-9]\d* users$', 'reset job returns a summary');
SELECT is((SELECT monthly_credits || '/' || bonus_credits FROM user_credits WHERE user_id = :A), '5/4', 'A gets the plan''s 5 monthly credits, keeps bonus');
SELECT is((SELECT current_period_end FROM user_credits WHERE user_id = :A), (CURRENT_DATE + interval '1 month')::date, 'the period moves forward');
SELECT is((SELECT amount FROM credit_transactions WHERE user_id = :A AND transaction_type = 'expired'), -1, 'the unused monthly credit expires in the ledger');
SELECT is((SELECT sum(amount)::int FROM credit_transactions WHERE user_id = :A AND credit_type = 'monthly'), 5, 'monthly ledger matches');
SELECT is(app.job_monthly_credit_reset(), 'reset monthly credits for 0 users', 'a second run does nothing');

-- Stale sessions expire after 7 days; fresh ones do not.
UPDATE interview_sessions SET started_at = now() - interval '8 days', expires_at = now() - interval '1 day'
WHERE user_id = :A AND status = 'in_progress';
SELECT matches(app.job_expire_stale_sessions(), '^expired [1-9]\d* stale sessions$', 'expiry job returns a summary');
SELECT is((SELECT status FROM interview_sessions WHERE user_id = :A), 'expired', 'A''s 8-day-old session expired');
SELECT is((SELECT status FROM interview_sessions WHERE user_id = :B), 'in_progress', 'B''s fresh session did not');
SELECT is((SELECT count(*)::int FROM interview_sessions WHERE status IN ('not_started', 'in_progress')
           AND expires_at <= now()), 0, 'no stale session remains (demo ones included)');

-- Audit partitions: the next three months exist; rows in the default partition are moved out.
INSERT INTO audit_logs (user_id, action, entity_type, created_at) VALUES (:A, 'future', 'tap', date_trunc('month', now()) + interval '5 months');
SELECT matches(app.job_create_audit_partitions(), '^created \d+ audit_logs partitions$', 'partition job returns a summary');
SELECT is((SELECT count(*)::int FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = 'audit_logs'::regclass
             AND c.relname IN (SELECT format('audit_logs_%s', to_char(date_trunc('month', now()) + make_interval(months => k), 'YYYY_MM'))
                               FROM generate_series(0, 3) k)), 4, 'this month and the next three have partitions');
SELECT ok(app.audit_partition_for((date_trunc('month', now()) + interval '5 months')::date), 'a partition can be made for a month already in default');
SELECT is((SELECT tableoid::regclass::text FROM audit_logs WHERE action = 'future'),
	format('audit_logs_%s', to_char(date_trunc('month', now()) + interval '5 months', 'YYYY_MM')), 'its rows moved from default into it');

-- Revoked tokens are purged once expired.
UPDATE auth.revoked_tokens SET expires_at = now() - interval '1 minute' WHERE user_id = :A;
SELECT is(app.job_purge_revoked_tokens(), 'purged 1 expired revoked tokens', 'purge removes expired revocations');

-- Triggers.
CREATE TEMP TABLE t0 AS SELECT (SELECT times_used FROM curricula WHERE id = :CUR) AS used,
	(SELECT updated_at FROM user_profiles WHERE user_id = :B) AS upd;
INSERT INTO interview_sessions (user_id, curriculum_id, job_id, status, last_activity_at)
VALUES (:B, :CUR, :JOB, 'in_progress', now());
SET CONSTRAINTS ALL IMMEDIATE;
SELECT is((SELECT times_used FROM curricula WHERE id = :CUR), (SELECT used + 1 FROM t0), 'a new session increments curriculum usage');
SELECT ok((SELECT last_active_at IS NOT NULL FROM user_profiles WHERE user_id = :B), 'a new session marks the user active');
UPDATE user_profiles SET updated_at = '2000-01-01' WHERE user_id = :B;
SELECT ok((SELECT updated_at > '2000-01-02' FROM user_profiles WHERE user_id = :B), 'updated_at is set on every update');

SELECT tap_rls.act_as(:A);
UPDATE user_feedback_votes SET vote = 'outdated' WHERE feedback_id = '50000001-0000-4000-a000-00000000000b';
INSERT INTO user_feedback_reports (feedback_id, user_id, reason, details)
VALUES ('50000001-0000-4000-a000-00000000000b', :A, 'other', 'second report by A') ON CONFLICT DO NOTHING;
RESET ROLE;
SELECT is((SELECT helpful_count || '/' || outdated_count FROM user_feedback WHERE id = '50000001-0000-4000-a000-00000000000b'),
	'0/1', 'changing a vote moves the counts');
SELECT is((SELECT report_count FROM user_feedback WHERE id = '50000001-0000-4000-a000-00000000000b'), 1, 'reports are counted, one per user');

-- A post by an author with two published posts is published at once; otherwise it waits.
INSERT INTO user_feedback (user_id, company_id, content, moderation_status, published_at)
VALUES (:A, md5('company:3')::uuid, 'second published', 'published', now());
SELECT tap_rls.act_as(:A);
INSERT INTO user_feedback (id, user_id, company_id, content) VALUES ('5000000f-0000-4000-a000-00000000000a', :A, md5('company:3')::uuid, 'trusted');
SELECT tap_rls.act_as(:B);
INSERT INTO user_feedback (id, user_id, company_id, content, moderation_status)
VALUES ('5000000f-0000-4000-a000-00000000000b', :B, md5('company:3')::uuid, 'new author', 'published');
RESET ROLE;
SELECT is((SELECT moderation_status FROM user_feedback WHERE id = '5000000f-0000-4000-a000-00000000000a'), 'published',
	'an author with a published history is published at once');
SELECT is((SELECT moderation_status FROM user_feedback WHERE id = '5000000f-0000-4000-a000-00000000000b'), 'pending',
	'a new author''s post waits for moderation whatever they ask');

SELECT * FROM finish();
ROLLBACK;
