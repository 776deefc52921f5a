-- 60_scale_plans.sql: migration 060. The set-based monthly credit reset keeps 010's rules (expiry
-- of unused monthly credits, the plan's grant for active and trialing plans, nothing for a
-- canceled one, 1 credit without a subscription, bonus untouched, the ledger = the balance, users
-- not due untouched, a second run does nothing); the admin user list, search and paging, the
-- bounded moderation queue and the audit log's entity types answer as before, from their indexes.
BEGIN;
\set QUIET 1
\ir fixtures.psql
\set D '''00000000-0000-4000-a000-00000000000d'''
\set E '''00000000-0000-4000-a000-00000000000e'''
SELECT plan(29);

-- Everyone else is not due; A (active, 5 a month, 3 used), B (canceled), ADM (no subscription),
-- D (trialing, 15 a month, no monthly credit left) are due today; E is due tomorrow.
INSERT INTO auth.users (id, email, password_hash, role) VALUES
	(:D, 'tap-d@preptalk.test', '$argon2id$v=19$m=19456,t=2,p=1$x$y', 'candidate'),
	(:E, 'tap-e@preptalk.test', '$argon2id$v=19$m=19456,t=2,p=1$x$y', 'candidate');
INSERT INTO subscriptions (user_id, plan_type, status, monthly_credits) VALUES
	(:D, 'premium', 'trialing', 15), (:E, 'basic', 'active', 5);
INSERT INTO user_credits (user_id, monthly_credits, bonus_credits) VALUES (:D, 0, 2), (:E, 5, 0);
INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description) VALUES
	(:D, 'purchased', 'bonus', 2, 'fixture pack'), (:E, 'earned', 'monthly', 5, 'fixture');
UPDATE user_credits SET current_period_start = CURRENT_DATE - 5, current_period_end = CURRENT_DATE + 10;
UPDATE user_credits SET current_period_start = CURRENT_DATE - 31, current_period_end = CURRENT_DATE
WHERE user_id IN (:A, :B, :ADM, :D);
UPDATE user_credits SET current_period_start = CURRENT_DATE - 30, current_period_end = CURRENT_DATE + 1 WHERE user_id = :E;
UPDATE user_credits SET credits_used_this_month = 3 WHERE user_id = :A;
UPDATE subscriptions SET monthly_credits = 5 WHERE user_id = :A;
UPDATE subscriptions SET status = 'canceled' WHERE user_id = :B;
DELETE FROM subscriptions WHERE user_id = :ADM;
CREATE TEMP TABLE before_reset AS SELECT user_id, monthly_credits, bonus_credits, current_period_end, updated_at FROM user_credits;
CREATE TEMP TABLE ledger_before AS SELECT count(*) AS n FROM credit_transactions;

SELECT is(app.job_monthly_credit_reset(), 'reset monthly credits for 4 users', 'the four due users are reset');
SELECT is((SELECT monthly_credits || '/' || bonus_credits || '/' || credits_used_this_month FROM user_credits WHERE user_id = :A),
	'5/4/0', 'active plan: the plan''s 5 monthly credits, bonus kept, usage back to 0');
SELECT is((SELECT array_agg(transaction_type || ':' || amount ORDER BY transaction_type) FROM credit_transactions
           WHERE user_id = :A AND created_at = now() AND transaction_type IN ('expired', 'reset')),
	'{expired:-1,reset:5}', 'A: the unused credit expires, the grant is a reset row');
SELECT is((SELECT related_entity_type FROM credit_transactions WHERE user_id = :A AND transaction_type = 'reset'),
	'subscription', 'the grant names the subscription');
SELECT is((SELECT monthly_credits || '/' || bonus_credits FROM user_credits WHERE user_id = :B), '0/4',
	'canceled plan: the monthly credit expires, nothing granted, bonus kept');
SELECT is((SELECT array_agg(transaction_type || ':' || amount) FROM credit_transactions
           WHERE user_id = :B AND transaction_type IN ('expired', 'reset')), '{expired:-1}', 'B: only the expiry in the ledger');
SELECT is((SELECT monthly_credits FROM user_credits WHERE user_id = :ADM), 1, 'no subscription: 1 monthly credit');
SELECT is((SELECT array_agg(transaction_type || ':' || amount ORDER BY transaction_type) FROM credit_transactions
           WHERE user_id = :ADM AND transaction_type IN ('expired', 'reset')), '{expired:-1,reset:1}', 'ADM: expiry and a grant of 1');
SELECT is((SELECT monthly_credits || '/' || bonus_credits FROM user_credits WHERE user_id = :D), '15/2', 'trialing plan: 15 granted');
SELECT is((SELECT array_agg(transaction_type || ':' || amount) FROM credit_transactions
           WHERE user_id = :D AND transaction_type IN ('expired', 'reset')), '{reset:15}', 'D: nothing to expire, no zero expiry row');
SELECT is((SELECT count(*)::int FROM user_credits WHERE user_id IN (:A, :B, :ADM, :D)
           AND current_period_start = CURRENT_DATE AND current_period_end = (CURRENT_DATE + interval '1 month')::date), 4,
	'the four periods start today and end in a month');
SELECT is((SELECT count(*)::int FROM credit_transactions), (SELECT n::int + 6 FROM ledger_before), 'six ledger rows in all');
SELECT is((SELECT count(*)::int FROM user_credits c JOIN before_reset b USING (user_id)
           WHERE c.user_id NOT IN (:A, :B, :ADM, :D)
             AND (c.monthly_credits, c.bonus_credits, c.current_period_end) IS DISTINCT FROM (b.monthly_credits, b.bonus_credits, b.current_period_end)),
	0, 'users not due (E, due tomorrow, among them) are untouched');
SELECT is((SELECT count(*)::int FROM user_credits uc
           LEFT JOIN (SELECT user_id, sum(amount) FILTER (WHERE credit_type = 'monthly') AS m,
                             sum(amount) FILTER (WHERE credit_type = 'bonus') AS b
                      FROM credit_transactions GROUP BY user_id) t ON t.user_id = uc.user_id
           WHERE uc.user_id IN (:A, :B, :ADM, :D, :E)
             AND (uc.monthly_credits <> coalesce(t.m, 0) OR uc.bonus_credits <> coalesce(t.b, 0))), 0,
	'the ledger sums to every balance');
SELECT is(app.job_monthly_credit_reset(), 'reset monthly credits for 0 users', 'a second run does nothing');
SET LOCAL ROLE preptalk_app;
SELECT is(app.job_monthly_credit_reset(), 'reset monthly credits for 0 users', 'the scheduler''s role may run it');
RESET ROLE;

-- Admin user list: email order from the cursor; search by email or name; 60 more users to page.
INSERT INTO auth.users (email, password_hash, role)
SELECT format('page-%s@preptalk.test', lpad(i::text, 2, '0')), '$argon2id$v=19$m=19456,t=2,p=1$x$y', 'candidate'
FROM generate_series(1, 60) i;
CREATE TEMP TABLE all_emails AS SELECT row_number() OVER (ORDER BY email::text) AS n, email::text AS email FROM auth.users;
GRANT SELECT ON all_emails TO preptalk_app;
SELECT tap_rls.act_as(:ADM, 'admin');
SELECT is((SELECT array_agg(u->>'email') FROM json_array_elements(app.admin_users(NULL, '{}')->'users') u),
	(SELECT array_agg(email ORDER BY n) FROM all_emails WHERE n <= 50), 'the list: the first 50 emails in order');
SELECT is(app.admin_users(NULL, '{}')->>'next', '?q=&after=' || app.admin_urlenc((SELECT email FROM all_emails WHERE n = 50)),
	'the next link continues after the 50th');
SELECT is((SELECT array_agg(u->>'email') FROM json_array_elements(
               app.admin_users(NULL, jsonb_build_object('after', (SELECT email FROM all_emails WHERE n = 50)))->'users') u),
	(SELECT array_agg(email ORDER BY n) FROM all_emails WHERE n > 50 AND n <= 100), 'the second page starts at the 51st');
SELECT is((SELECT array_agg(u->>'email') FROM json_array_elements(app.admin_users(NULL, '{"q": "tap b"}')->'users') u),
	'{tap-b@preptalk.test}', 'search by name (any case)');
SELECT is((SELECT array_agg(u->>'email' ORDER BY u->>'email') FROM json_array_elements(app.admin_users(NULL, '{"q": "TAP-"}')->'users') u),
	'{tap-a@preptalk.test,tap-admin@preptalk.test,tap-b@preptalk.test,tap-d@preptalk.test,tap-e@preptalk.test}',
	'search by email (any case)');
SELECT is((SELECT count(*)::int FROM json_array_elements(app.admin_users(NULL, '{"q": "page-"}')->'users') u), 50,
	'a search is paged too');
SELECT is(json_array_length(app.admin_users(NULL, '{"q": "100%"}')->'users'), 0, 'wildcards in the term are literal');
RESET ROLE;

-- Moderation: the oldest of the pending and reported posts, oldest first, and whether more wait.
INSERT INTO user_feedback (user_id, company_id, content, moderation_status, created_at)
SELECT :B, md5('company:1')::uuid, 'old pending ' || i, 'pending', now() - make_interval(days => 400 - i)
FROM generate_series(1, 49) i;
INSERT INTO user_feedback (id, user_id, company_id, content, moderation_status, published_at, created_at) VALUES
	('5000000f-0000-4000-a000-00000000000b', :B, md5('company:1')::uuid, 'old reported', 'published', now(), now() - interval '450 days');
INSERT INTO user_feedback_reports (feedback_id, user_id, reason, status)
VALUES ('5000000f-0000-4000-a000-00000000000b', :A, 'spam', 'open');
SELECT tap_rls.act_as(:ADM, 'admin');
CREATE TEMP TABLE queue AS SELECT app.admin_moderation(NULL, '{}')::jsonb AS m;
RESET ROLE;
SELECT is(jsonb_array_length((SELECT m->'posts' FROM queue)), 25, 'the queue shows 25 posts (071)');
SELECT is((SELECT m->'posts'->0->>'excerpt' FROM queue), 'old reported', 'a reported published post is in it, oldest first');
SELECT is((SELECT m->'posts'->0->'reports'->0->>'reason' FROM queue), 'spam', 'with its open report');
SELECT is((SELECT array_agg(p->>'excerpt' ORDER BY o) FROM queue, jsonb_array_elements(m->'posts') WITH ORDINALITY x(p, o) WHERE o BETWEEN 2 AND 4),
	'{"old pending 1","old pending 2","old pending 3"}', 'then the oldest pending ones');
SELECT ok((SELECT (m->>'more')::boolean FROM queue), 'more are waiting');

-- Audit log: the entity types (skip scan) are the distinct ones, in order.
INSERT INTO audit_logs (user_id, action, entity_type) VALUES (:A, 'tap', 'zz_tap_entity'), (:A, 'tap', 'aa_tap_entity');
SELECT tap_rls.act_as(:ADM, 'admin');
SELECT is((SELECT array_agg(t) FROM json_array_elements_text(app.admin_audit_log(NULL, '{}')->'entity_types') t),
	(SELECT array_agg(DISTINCT entity_type ORDER BY entity_type) FROM audit_logs), 'entity types: every distinct one, in order');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
