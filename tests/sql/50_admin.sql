-- 50_admin.sql: the admin functions of migrations 050/051: only admins may call them (42501 for
-- anyone else), validation raises per-field messages and writes nothing, every write leaves its
-- audit row (admin_id = the acting admin), credit grants keep the ledger whole, curriculum
-- versions copy, freeze once used and activate one at a time, deletes say what blocks them.
BEGIN;
\set QUIET 1
\ir fixtures.psql
SELECT plan(32);

-- helpers
SELECT is(app.admin_lines(E' a \r\n\n b\n'), '["a", "b"]'::jsonb, 'lines: trimmed, empty ones dropped');
SELECT is(app.admin_unlines('["a", "b"]'), E'a\nb', 'unlines: one per line');
SELECT ok(app.admin_int_ok('', 1, 5) AND app.admin_int_ok('5', 1, 5) AND NOT app.admin_int_ok('6', 1, 5)
          AND NOT app.admin_int_ok('1e3', 1, 5000), 'int_ok: empty or a whole number in range');
SELECT ok(app.admin_num_ok('0.75', 0, 1) AND NOT app.admin_num_ok('1.5', 0, 1) AND NOT app.admin_num_ok('x', 0, 1),
          'num_ok');
SELECT is(app.admin_urlenc('a b&c=é'), 'a%20b%26c%3D%C3%A9', 'urlenc percent-encodes UTF-8');
SELECT throws_ok($$SELECT app.admin_check('{"name": "Enter it."}')$$, 'P0001', 'name: Enter it.', 'one error: field: message');
SELECT throws_like($$SELECT app.admin_check('{"a": "x", "b": "y"}')$$, '{%', 'several errors: a JSON object');

-- a candidate gets 42501 (404 over HTTP) from every admin function
SELECT tap_rls.act_as(:A);
SELECT throws_ok($$SELECT app.admin_overview(NULL, '{}')$$, '42501', NULL, 'candidate: overview refused');
SELECT throws_ok($$SELECT app.admin_users(NULL, '{}')$$, '42501', NULL, 'candidate: users refused');
SELECT throws_ok(format($$SELECT app.admin_user_grant(%L, '{"amount": "5", "reason": "x"}', '', '', '')$$, :A),
                 '42501', NULL, 'candidate: cannot grant credits to themself');
SELECT throws_ok($$SELECT app.admin_company_save(NULL, '{"name": "X", "verification_status": "verified", "confidence_score": "1"}', '', '', '')$$,
                 '42501', NULL, 'candidate: cannot create a company');
SELECT throws_ok($$SELECT app.admin_audit('x', 'y', NULL, NULL, NULL, '', '', '')$$, '42501', NULL,
                 'candidate: cannot forge an admin audit row');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM companies WHERE name = 'X'), 0, 'nothing written for the candidate');

-- as the admin
SELECT tap_rls.act_as(:ADM, 'admin');
SELECT throws_like($$SELECT app.admin_company_save(NULL, '{"name": "", "confidence_score": "2", "verification_status": "verified"}', '', '', '')$$,
                   '%"name"%', 'invalid company: field errors');
SELECT lives_ok($$CREATE TEMP TABLE made AS SELECT app.admin_company_save(NULL, '{"name": "Tap Co", "domain": "tapco.example",
	"locations": "Paris\nRemote", "values": "One\nTwo", "ip_round_1_name": "Screen", "ip_round_1_duration_minutes": "30",
	"verification_status": "verified", "confidence_score": "0.9", "remote_first": "on"}', '10.1.2.3', 'tap', 'tap-req-1') AS r$$,
                'a valid company is created');
RESET ROLE;
SELECT is((SELECT locations FROM companies WHERE name = 'Tap Co'), '["Paris", "Remote"]'::jsonb, 'locations from lines');
SELECT is((SELECT interview_process->'rounds' FROM companies WHERE name = 'Tap Co'),
          '[{"name": "Screen", "duration_minutes": 30}]'::jsonb, 'interview rounds from fixed rows');
SELECT is((SELECT last_verified_at IS NOT NULL FROM companies WHERE name = 'Tap Co'), true, 'verified: stamped');
SELECT is((SELECT action || '|' || (admin_id = :ADM)::text || '|' || host(ip_address) FROM audit_logs WHERE request_id = 'tap-req-1'),
          'company_create|true|10.1.2.3', 'the create is audited with the admin and the ip');

-- moderation
SELECT tap_rls.act_as(:ADM, 'admin');
SELECT throws_ok($$SELECT app.admin_post_hide('50000001-0000-4000-a000-00000000000b', '{"reason": " "}', '', '', '')$$,
                 'P0001', 'reason: Say why the post is hidden; the author will see this.', 'hiding needs a reason');
SELECT lives_ok($$SELECT app.admin_post_hide('50000001-0000-4000-a000-00000000000b', '{"reason": "Spam"}', '', '', 'tap-req-2')$$,
                'hide with a reason');
SELECT lives_ok($$SELECT app.admin_post_publish('50000000-0000-4000-a000-00000000000a', '{}', '', '', 'tap-req-3')$$,
                'publish a pending post');
RESET ROLE;
SELECT is((SELECT moderation_status || '|' || hidden_reason FROM user_feedback WHERE id = '50000001-0000-4000-a000-00000000000b'),
          'hidden|Spam', 'hidden with the reason the author sees');
SELECT is((SELECT status FROM user_feedback_reports WHERE id = '60000000-0000-4000-a000-00000000000a'), 'actioned',
          'its open report is actioned');
SELECT is((SELECT moderation_status FROM user_feedback WHERE id = '50000000-0000-4000-a000-00000000000a'), 'published', 'published');

-- credits through app.credit_grant: the ledger stays equal to the balance
SELECT tap_rls.act_as(:ADM, 'admin');
SELECT lives_ok(format($$SELECT app.admin_user_grant(%L, '{"amount": "7", "reason": "Thanks"}', '', '', 'tap-req-4')$$, :B),
                'grant bonus credits');
RESET ROLE;
SELECT is((SELECT c.monthly_credits + c.bonus_credits - (SELECT sum(amount) FROM credit_transactions t WHERE t.user_id = c.user_id)
           FROM user_credits c WHERE c.user_id = :B), 0::bigint, 'ledger sums to the balance after a grant');
SELECT is((SELECT (new_values->>'amount') || '|' || (user_id = :B)::text FROM audit_logs WHERE request_id = 'tap-req-4'),
          '7|true', 'the grant is audited on the user''s trail');

-- curricula: the fixture curriculum is used by sessions, so it is frozen; a new version copies it
SELECT tap_rls.act_as(:ADM, 'admin');
SELECT throws_like(format($$SELECT app.admin_curriculum_save(%L, '{"title": "x"}', '', '', '')$$, :CUR),
                   'form: Practice sessions already use this version%', 'a used version is read-only');
CREATE TEMP TABLE v2 AS SELECT (app.admin_curriculum_new_version(:JOB::text, '{}', '', '', '')->>'id')::uuid AS id;
SELECT lives_ok(format($$SELECT app.admin_curriculum_activate(%L, '{}', '', '', '')$$, (SELECT id FROM v2)),
                'the copy can be activated');
RESET ROLE;
SELECT is((SELECT array_agg(is_active ORDER BY version) FROM curricula WHERE id IN (:CUR, (SELECT id FROM v2))),
          ARRAY[false, true], 'one active version; the old one stays for its sessions');

-- deleting a company that sessions and posts depend on says so
SELECT tap_rls.act_as(:ADM, 'admin');
SELECT throws_like($$SELECT app.admin_company_delete(md5('company:1')::uuid::text, '{}', '', '', '')$$,
                   'form: % cannot be deleted: % practice session(s)%', 'delete blocked by dependents');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
