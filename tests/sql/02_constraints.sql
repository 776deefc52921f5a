-- 02_constraints.sql: the constraints that matter, table by table: checks, uniques, foreign keys
-- and cascades (run as the superuser: constraints hold for everyone, RLS is tested in 03).
BEGIN;
\set QUIET 1
\ir fixtures.psql
SELECT plan(40);

-- auth.users
SELECT throws_ok('INSERT INTO auth.users (email, password_hash) VALUES (''TAP-A@preptalk.test'', ''$argon2id$x'')', '23505', NULL, 'users: e-mail unique, case-insensitive');
SELECT throws_ok('INSERT INTO auth.users (email, password_hash) VALUES (''not-an-email'', ''$argon2id$x'')', '23514', NULL, 'users: e-mail shape checked');
SELECT throws_ok('INSERT INTO auth.users (email, password_hash) VALUES (''p@x.test'', ''plaintext'')', '23514', NULL, 'users: only argon2id hashes');
SELECT throws_ok('INSERT INTO auth.users (email, password_hash, role) VALUES (''r@x.test'', ''$argon2id$x'', ''root'')', '23514', NULL, 'users: role is candidate or admin');
-- profiles, subscriptions, credits, ledger
SELECT throws_ok(format('INSERT INTO user_profiles (user_id) VALUES (%L)', :A), '23505', NULL, 'user_profiles: one per user');
SELECT throws_ok(format('UPDATE user_profiles SET experience_level = ''guru'' WHERE user_id = %L', :A), '23514', NULL, 'user_profiles: experience_level checked');
SELECT throws_ok(format('UPDATE user_profiles SET preferred_interview_style = ''shouty'' WHERE user_id = %L', :A), '23514', NULL, 'user_profiles: interview style checked');
SELECT throws_ok(format('INSERT INTO subscriptions (user_id, plan_type, status) VALUES (%L, ''free'', ''active'')', :A), '23505', NULL, 'subscriptions: one per user');
SELECT throws_ok(format('UPDATE subscriptions SET plan_type = ''platinum'' WHERE user_id = %L', :A), '23514', NULL, 'subscriptions: plan_type checked');
SELECT throws_ok(format('UPDATE user_credits SET bonus_credits = -1 WHERE user_id = %L', :A), '23514', NULL, 'user_credits: never negative');
SELECT throws_ok(format('INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description) VALUES (%L, ''used'', ''bonus'', 0, ''x'')', :A), '23514', NULL, 'credit_transactions: amount not zero');
SELECT throws_ok(format('INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description) VALUES (%L, ''used'', ''bonus'', 3, ''x'')', :A), '23514', NULL, 'credit_transactions: usage is negative');
SELECT throws_ok(format('INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description, related_entity_type, related_entity_id) VALUES (%L, ''used'', ''bonus'', -1, ''x'', ''interview_session'', ''00000001-0000-4000-a000-00000000000a''), (%L, ''used'', ''bonus'', -1, ''y'', ''interview_session'', ''00000001-0000-4000-a000-00000000000a'')', :A, :A), '23505', NULL, 'credit_transactions: a session is charged once');
-- companies and jobs
SELECT throws_ok('INSERT INTO companies (name, domain) SELECT name, domain FROM companies LIMIT 1', '23505', NULL, 'companies: (name, domain) unique');
SELECT throws_ok('UPDATE companies SET confidence_score = 1.5 WHERE id = md5(''company:1'')::uuid', '23514', NULL, 'companies: confidence in [0, 1]');
SELECT throws_ok('UPDATE companies SET company_size = ''huge'' WHERE id = md5(''company:1'')::uuid', '23514', NULL, 'companies: size checked');
SELECT throws_ok('UPDATE jobs SET salary_min = 200000, salary_max = 100000 WHERE id = md5(''job:1'')::uuid', '23514', NULL, 'jobs: salary range ordered');
SELECT throws_ok('INSERT INTO jobs (company_id, title, source_url) SELECT company_id, ''dup'', source_url FROM jobs WHERE id = md5(''job:1'')::uuid', '23505', NULL, 'jobs: one posting per source URL');
SELECT throws_ok('INSERT INTO job_requirements (job_id) VALUES (md5(''job:1'')::uuid)', '23505', NULL, 'job_requirements: one per job');
SELECT throws_ok('INSERT INTO interview_patterns (pattern_type, pattern_content) VALUES (''red_flag'', ''{}'')', '23514', NULL, 'interview_patterns: needs a company or job');
-- curricula
SELECT throws_ok('INSERT INTO curricula (job_id, version, generation_model, title) VALUES (md5(''job:1'')::uuid, 2, ''m'', ''t'')', '23505', NULL, 'curricula: one active per job');
SELECT throws_ok('INSERT INTO curricula (job_id, version, is_active, generation_model, title) VALUES (md5(''job:1'')::uuid, 0, false, ''m'', ''t'')', '23514', NULL, 'curricula: version > 0');
SELECT throws_ok('INSERT INTO curriculum_rounds (curriculum_id, round_number, round_type, title) VALUES (md5(''curriculum:1'')::uuid, 1, ''coding'', ''dup'')', '23505', NULL, 'curriculum_rounds: round numbers unique');
SELECT throws_ok('INSERT INTO curriculum_rounds (curriculum_id, round_number, round_type, title) VALUES (md5(''curriculum:1'')::uuid, 99, ''karaoke'', ''t'')', '23514', NULL, 'curriculum_rounds: round_type checked');
SELECT throws_ok('INSERT INTO question_bank (curriculum_round_id, question_text, difficulty) VALUES (md5(''cround:1:1'')::uuid, ''Why?...'', ''extreme'')', '23514', NULL, 'question_bank: difficulty checked');
-- sessions and analyses
SELECT throws_ok(format('INSERT INTO interview_sessions (user_id, curriculum_id, job_id) VALUES (%L, %L, md5(''job:2'')::uuid)', :A, :CUR), '23503', NULL, 'interview_sessions: curriculum must belong to the job');
SELECT throws_ok(format('UPDATE interview_sessions SET rounds_completed = 4 WHERE user_id = %L', :A), '23514', NULL, 'interview_sessions: rounds_completed <= total_rounds');
SELECT throws_ok(format('UPDATE interview_sessions SET status = ''completed'' WHERE user_id = %L', :A), '23514', NULL, 'interview_sessions: completed needs completed_at');
SELECT throws_ok('INSERT INTO session_rounds (session_id, curriculum_round_id, round_number) VALUES (''00000001-0000-4000-a000-00000000000a'', md5(''cround:1:1'')::uuid, 1)', '23505', NULL, 'session_rounds: (session, round, attempt) unique');
SELECT throws_ok('INSERT INTO round_transcripts (session_round_id) VALUES (''10000000-0000-4000-a000-00000000000a'')', '23505', NULL, 'round_transcripts: one per round');
SELECT throws_ok('UPDATE round_analyses SET overall_score = 101 WHERE id = ''30000000-0000-4000-a000-00000000000a''', '23514', NULL, 'round_analyses: scores in [0, 100]');
SELECT throws_ok('UPDATE feedback_items SET category = ''rant'' WHERE id = ''40000000-0000-4000-a000-00000000000a''', '23514', NULL, 'feedback_items: category checked');
-- community
SELECT throws_ok(format('INSERT INTO user_feedback_votes (feedback_id, user_id, vote) VALUES (''50000001-0000-4000-a000-00000000000b'', %L, ''outdated'')', :A), '23505', NULL, 'votes: one per user per post');
SELECT throws_ok(format('UPDATE user_feedback_votes SET vote = ''meh'' WHERE user_id = %L', :A), '23514', NULL, 'votes: helpful or outdated');
SELECT throws_ok('UPDATE user_feedback SET difficulty = 6 WHERE id = ''50000000-0000-4000-a000-00000000000a''', '23514', NULL, 'user_feedback: difficulty 1-5');
SELECT throws_ok('UPDATE user_feedback SET moderation_status = ''hidden'' WHERE id = ''50000000-0000-4000-a000-00000000000a''', '23514', NULL, 'user_feedback: hiding needs a reason');
SELECT throws_ok(format('INSERT INTO user_feedback_reports (feedback_id, user_id, reason) VALUES (''50000001-0000-4000-a000-00000000000b'', %L, ''other'')', :B), '23514', NULL, 'reports: "other" needs details');
-- cascades: deleting a user removes their private data and keeps their posts, anonymised
DELETE FROM auth.users WHERE id = :A;
SELECT is((SELECT count(*)::int FROM interview_sessions WHERE user_id = :A) + (SELECT count(*)::int FROM session_rounds WHERE id = '10000000-0000-4000-a000-00000000000a')
          + (SELECT count(*)::int FROM feedback_items WHERE id = '40000000-0000-4000-a000-00000000000a') + (SELECT count(*)::int FROM user_credits WHERE user_id = :A)
          + (SELECT count(*)::int FROM credit_transactions WHERE user_id = :A) + (SELECT count(*)::int FROM user_feedback_votes WHERE user_id = :A),
	0, 'deleting a user cascades to sessions, rounds, feedback items, credits, ledger and votes');
SELECT is((SELECT user_id FROM user_feedback WHERE id = '50000001-0000-4000-a000-00000000000a'), NULL, 'their community posts stay, anonymised');
SELECT is((SELECT user_id FROM audit_logs WHERE id = '70000000-0000-4000-a000-00000000000a'), NULL, 'their audit trail stays, anonymised');

SELECT * FROM finish();
ROLLBACK;
