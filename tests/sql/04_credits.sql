-- 04_credits.sql: credits are money. spend (monthly first, then bonus, refusal at zero writing
-- nothing), refund (idempotent), grant (admin only), sign-up, the paid-session rule, and the
-- ledger summing to the balance for every user.
BEGIN;
\set QUIET 1
\ir fixtures.psql
SELECT plan(35);

-- A: 1 monthly + 4 bonus. Acting through the workers' role with A's identity.
SET SESSION AUTHORIZATION preptalk_app;
SELECT set_config('app.user_id', :A, true), set_config('app.role', 'candidate', true);
CREATE TEMP TABLE spent (n int, left_after int);
INSERT INTO spent SELECT 1, app.credit_spend(:A, 'a1000000-0000-4000-a000-000000000001', 'tap 1');
INSERT INTO spent SELECT 2, app.credit_spend(:A, 'a1000000-0000-4000-a000-000000000002', 'tap 2');
SELECT throws_ok(format('SELECT app.credit_spend(%L, %L, ''again'')', :A, 'a1000000-0000-4000-a000-000000000001'),
	'23505', 'session already paid for', 'a session is charged only once');
SELECT throws_ok(format('SELECT app.credit_spend(%L, gen_random_uuid(), ''x'')', :B), '42501', NULL,
	'A cannot spend B''s credits');
SELECT throws_ok(format('SELECT app.credit_grant(%L, 5, ''x'')', :A), '42501', NULL, 'a candidate cannot grant credits');
SELECT throws_ok(format('SELECT app.credit_spend(%L, %L, ''x'')', :A, '00000001-0000-4000-a000-00000000000b'), '42501', NULL,
	'A cannot charge a session of B''s');
RESET SESSION AUTHORIZATION;

SELECT is((SELECT array_agg(left_after ORDER BY n) FROM spent), ARRAY[4, 3], 'spend returns the balance left');
SELECT is((SELECT credit_type FROM credit_transactions WHERE related_entity_id = 'a1000000-0000-4000-a000-000000000001'), 'monthly',
	'the first spend takes the monthly credit');
SELECT is((SELECT credit_type FROM credit_transactions WHERE related_entity_id = 'a1000000-0000-4000-a000-000000000002'), 'bonus',
	'then bonus credits');
SELECT is((SELECT amount FROM credit_transactions WHERE related_entity_id = 'a1000000-0000-4000-a000-000000000002'), -1,
	'a spend is one credit, negative in the ledger');
SELECT is((SELECT monthly_credits || '/' || bonus_credits || '/' || credits_used_this_month FROM user_credits WHERE user_id = :A),
	'0/3/2', 'balance after two spends');
SELECT is((SELECT actor_id FROM credit_transactions WHERE related_entity_id = 'a1000000-0000-4000-a000-000000000001'), :A::uuid,
	'the ledger records who spent');

-- Drain A, then the refusal writes nothing.
SELECT app.credit_spend(:A, gen_random_uuid(), 'drain') FROM generate_series(1, 3);
CREATE TEMP TABLE before_zero AS SELECT (SELECT count(*) FROM credit_transactions WHERE user_id = :A) AS n,
	(SELECT updated_at FROM user_credits WHERE user_id = :A) AS upd;
SELECT throws_ok(format('SELECT app.credit_spend(%L, gen_random_uuid(), ''none left'')', :A), 'P0001', 'insufficient credits',
	'a zero balance is refused with P0001 insufficient credits');
SELECT is((SELECT count(*) FROM credit_transactions WHERE user_id = :A), (SELECT n FROM before_zero), 'the refusal writes no ledger row');
SELECT is((SELECT monthly_credits + bonus_credits FROM user_credits WHERE user_id = :A), 0, 'the balance stays at zero');
SELECT throws_ok(format('SELECT app.credit_spend(%L, gen_random_uuid(), ''x'')', '00000000-0000-4000-a000-0000000000ff'),
	'P0001', 'insufficient credits', 'a user without a credit account cannot spend');

-- Refund: back to the same kind while the period lasts; idempotent; only for charged sessions.
SELECT is(app.credit_refund(:A, 'a1000000-0000-4000-a000-000000000001', 'technical failure'), 1, 'refund returns 1 credit');
SELECT is(app.credit_refund(:A, 'a1000000-0000-4000-a000-000000000001', 'technical failure'), 0, 'a second refund is a no-op');
SELECT is((SELECT monthly_credits FROM user_credits WHERE user_id = :A), 1, 'a monthly spend is refunded as monthly');
SELECT is((SELECT count(*)::int FROM credit_transactions WHERE related_entity_id = 'a1000000-0000-4000-a000-000000000001'
           AND transaction_type = 'refunded'), 1, 'one refund row in the ledger');
SELECT throws_ok(format('SELECT app.credit_refund(%L, gen_random_uuid(), ''x'')', :A), 'P0001', 'nothing to refund',
	'refunding a session that was never charged is refused');

-- Grant: admin or privileged only; positive amount; bonus; actor recorded.
SET SESSION AUTHORIZATION preptalk_app;
SELECT set_config('app.user_id', :ADM, true), set_config('app.role', 'admin', true);
CREATE TEMP TABLE granted AS SELECT app.credit_grant(:B, 3, 'goodwill') AS bal;
SELECT throws_ok(format('SELECT app.credit_grant(%L, 0, ''x'')', :B), '22023', NULL, 'a grant must be positive');
SELECT throws_ok(format('SELECT app.credit_grant(%L, 2, '' '')', :B), '22023', NULL, 'a grant needs a reason');
RESET SESSION AUTHORIZATION;
SELECT is((SELECT bal FROM granted), 8, 'grant returns the new balance');
SELECT is((SELECT actor_id FROM credit_transactions WHERE user_id = :B AND description = 'goodwill'), :ADM::uuid, 'grant records the admin');
SELECT is((SELECT credit_type FROM credit_transactions WHERE user_id = :B AND description = 'goodwill'), 'bonus', 'grants are bonus credits');

-- Sessions must be paid for: an unpaid session created by the app fails at commit time.
SET SESSION AUTHORIZATION preptalk_app;
SELECT set_config('app.user_id', :B, true), set_config('app.role', 'candidate', true);
SAVEPOINT unpaid;
INSERT INTO interview_sessions (id, user_id, curriculum_id, job_id) VALUES ('b2000000-0000-4000-a000-000000000001', :B, :CUR, :JOB);
SELECT throws_ok('SET CONSTRAINTS trigger_session_paid IMMEDIATE', 'P0001', NULL, 'an unpaid session is refused');
ROLLBACK TO SAVEPOINT unpaid;
SAVEPOINT paid;
INSERT INTO interview_sessions (id, user_id, curriculum_id, job_id) VALUES ('b2000000-0000-4000-a000-000000000002', :B, :CUR, :JOB);
SELECT app.credit_spend(:B, 'b2000000-0000-4000-a000-000000000002', 'paid');
SELECT lives_ok('SET CONSTRAINTS trigger_session_paid IMMEDIATE', 'a paid session is accepted');
ROLLBACK TO SAVEPOINT paid;
-- session_start does it all: spend, session, rounds.
CREATE TEMP TABLE started AS SELECT app.session_start(:JOB) AS id;
SELECT lives_ok('SET CONSTRAINTS trigger_session_paid IMMEDIATE', 'session_start creates a paid session');
RESET SESSION AUTHORIZATION;
SELECT is((SELECT count(*)::int FROM session_rounds WHERE session_id = (SELECT id FROM started)),
	(SELECT total_rounds FROM curricula WHERE id = :CUR), 'session_start creates one row per curriculum round');
SELECT is((SELECT status FROM interview_sessions WHERE id = (SELECT id FROM started)), 'in_progress', 'the session starts in progress');

-- Sign-up: user, profile, free subscription, one monthly credit and its ledger row, in one call.
CREATE TEMP TABLE su AS SELECT app.signup('New.Person@Example.test', '$argon2id$v=19$m=19456,t=2,p=1$a$b', 'New Person') AS id;
SELECT is((SELECT plan_type || '/' || status || '/' || monthly_credits FROM subscriptions WHERE user_id = (SELECT id FROM su)),
	'free/active/1', 'sign-up creates the free subscription');
SELECT is((SELECT monthly_credits + bonus_credits FROM user_credits WHERE user_id = (SELECT id FROM su)), 1, 'sign-up grants one credit');
SELECT is((SELECT full_name FROM user_profiles WHERE user_id = (SELECT id FROM su)), 'New Person', 'sign-up creates the profile');
SELECT throws_ok('SELECT app.signup(''new.person@example.test'', ''$argon2id$x'')', '23505', NULL,
	'e-mail is unique regardless of case');
SELECT is((SELECT count(*)::int FROM app.auth_lookup('NEW.PERSON@example.test')), 1, 'log-in look-up is case-insensitive');

-- The invariant, for every user (demo data included).
SELECT is((SELECT count(*)::int FROM user_credits uc
           WHERE uc.monthly_credits <> (SELECT coalesce(sum(amount), 0) FROM credit_transactions t
                                        WHERE t.user_id = uc.user_id AND t.credit_type = 'monthly')
              OR uc.bonus_credits <> (SELECT coalesce(sum(amount), 0) FROM credit_transactions t
                                      WHERE t.user_id = uc.user_id AND t.credit_type = 'bonus')),
	0, 'for every user the ledger sums to the balance (monthly and bonus separately)');

SELECT * FROM finish();
ROLLBACK;
