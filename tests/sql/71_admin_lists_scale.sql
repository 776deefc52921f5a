-- 71_admin_lists_scale.sql: migration 071. The audit log pages newest first by (time, id), 25 a
-- page, every entry reached exactly once (rows sharing a time across page breaks, microsecond
-- cursors), with or without the entity-type filter and with the other filters; its entity types
-- come from a list rebuilt every 5 minutes. The moderation queue: 25 posts a page with a next
-- cursor that reaches every pending post and every published post with an open report (not those
-- whose reports were all closed, nor hidden posts), excerpts of 300 characters, the oldest 3 open
-- reports and their count. The user page: the 20 newest ledger rows, newest first.
BEGIN;
\set QUIET 1
\ir fixtures.psql
SELECT plan(38);

-- Every audit entry the filters q reach, page after page by the next links: ids in page order,
-- and the number of pages.
CREATE FUNCTION pg_temp.audit_walk(q jsonb, OUT ids uuid[], OUT pages integer) RETURNS record
LANGUAGE plpgsql AS $$
DECLARE
	m jsonb;
	cur jsonb := q;
BEGIN
	ids := '{}';
	pages := 0;
	LOOP
		m := tap_rls.admin_page('admin_audit_log', NULL, cur);
		pages := pages + 1;
		ids := ids || ARRAY(SELECT (e->>'id')::uuid FROM jsonb_array_elements(m->'entries') WITH ORDINALITY x(e, o) ORDER BY o);
		EXIT WHEN m->>'next' IS NULL OR pages > 100;
		cur := q || jsonb_build_object('before', substring(m->>'next' FROM '&before=([0-9]+_[0-9a-f-]+)$'));
	END LOOP;
END;
$$;

-- Audit rows: 130 sharing one time (page breaks fall inside them), 40 at microsecond steps, 20 of
-- another type in between.
INSERT INTO audit_logs (id, user_id, action, entity_type, created_at)
SELECT ('a0000000-0000-4000-a000-' || lpad(i::text, 12, '0'))::uuid, :A, 'tap_same', 'tap_thing',
       timestamptz '2026-03-10 12:00:00.123457+00'
FROM generate_series(1, 130) i;
INSERT INTO audit_logs (id, user_id, action, entity_type, created_at)
SELECT ('a1000000-0000-4000-a000-' || lpad(i::text, 12, '0'))::uuid, :A, 'tap_step', 'tap_thing',
       timestamptz '2026-03-11 08:00:00.000001+00' + make_interval(secs => i / 1000000.0)
FROM generate_series(1, 40) i;
INSERT INTO audit_logs (id, admin_id, user_id, action, entity_type, created_at, old_values, new_values)
SELECT ('a2000000-0000-4000-a000-' || lpad(i::text, 12, '0'))::uuid, :ADM, :B, 'tap_other', 'tap_other',
       timestamptz '2026-03-10 18:00:00+00' + make_interval(mins => i), '{"n": 1}', '{"n": 2}'
FROM generate_series(1, 20) i;

CREATE TEMP TABLE all_walk AS SELECT * FROM pg_temp.audit_walk('{}');
SELECT is((SELECT ids FROM all_walk),
          (SELECT array_agg(id ORDER BY created_at DESC, id DESC) FROM audit_logs),
          'audit: every entry once, newest first by (time, id), page after page');
SELECT is((SELECT pages FROM all_walk), (SELECT (count(*)::int + 24) / 25 FROM audit_logs), 'audit: 25 a page');
CREATE TEMP TABLE type_walk AS SELECT * FROM pg_temp.audit_walk('{"entity_type": "tap_thing"}');
SELECT is((SELECT ids FROM type_walk),
          (SELECT array_agg(id ORDER BY created_at DESC, id DESC) FROM audit_logs WHERE entity_type = 'tap_thing'),
          'audit by entity type: every entry of the type once, in order, across the shared time');
SELECT is((SELECT pages FROM type_walk), 7, 'audit by entity type: 170 entries on 7 pages');
SELECT is((SELECT ids FROM pg_temp.audit_walk('{"entity_type": "tap_thing", "action": "tap_step"}')),
          (SELECT array_agg(id ORDER BY created_at DESC, id DESC) FROM audit_logs WHERE action = 'tap_step'),
          'audit by type and action (planned for its values): the 40 steps, microsecond apart, in order');
SELECT is((SELECT ids FROM pg_temp.audit_walk('{"from": "2026-03-10", "to": "2026-03-10"}')),
          (SELECT array_agg(id ORDER BY created_at DESC, id DESC) FROM audit_logs
           WHERE created_at >= '2026-03-10' AND created_at < '2026-03-11'),
          'audit by dates: the day''s entries, across pages');
SELECT is((SELECT ids FROM pg_temp.audit_walk(jsonb_build_object('actor', 'tap-admin@preptalk.test'))),
          (SELECT array_agg(id ORDER BY created_at DESC, id DESC) FROM audit_logs WHERE admin_id = :ADM),
          'audit by actor (email): the admin''s entries');
SELECT is((SELECT ids FROM pg_temp.audit_walk(jsonb_build_object('actor', :B::text, 'entity_type', 'user'))),
          (SELECT array_agg(id ORDER BY created_at DESC, id DESC) FROM audit_logs
           WHERE admin_id IS NULL AND user_id = :B AND entity_type = 'user'),
          'audit by actor (id) and type');
CREATE TEMP TABLE p1 AS SELECT tap_rls.admin_page('admin_audit_log', NULL, '{"entity_type": "tap_other"}') AS m;
SELECT is((SELECT m->'entries'->0->>'actor_email' || '|' || (m->'entries'->0->>'user_email') FROM p1),
          'tap-admin@preptalk.test|tap-b@preptalk.test', 'an entry names its actor (the admin) and its user');
SELECT is((SELECT m->'entries'->0->'changes'->0 FROM p1), '{"field": "n", "old": "1", "new": "2", "changed": true}',
          'and its changes, field by field');
SELECT is((SELECT m->'entries'->0->'has_changes' FROM p1), 'true', 'which it says it has');
SELECT is((SELECT m->'next' FROM p1), 'null'::jsonb, 'no next link when one page holds them all');
CREATE TEMP TABLE t1 AS SELECT tap_rls.admin_page('admin_audit_log', NULL, '{"entity_type": "tap_thing"}') AS m;
CREATE TEMP TABLE t2 AS SELECT tap_rls.admin_page('admin_audit_log', NULL, jsonb_build_object('entity_type', 'tap_thing',
	'before', substring((SELECT m->>'next' FROM t1) FROM '&before=(.*)$'))) AS m;
SELECT is((SELECT m->>'next' FROM t2),
          '?actor=&entity_type=tap_thing&entity_id=&action=&from=&to=&before=1773144000123457_a0000000-0000-4000-a000-000000000121',
          'the next link: the filters and the 25th entry''s time in microseconds and id');
SELECT is((SELECT (m->'entries'->0->>'has_changes') || '|' || (m->'entries'->0->'changes')::text FROM t2), 'false|[]',
          'an entry without old or new values: no changes');
SELECT is((SELECT jsonb_array_length(m->'entries') FROM (SELECT tap_rls.admin_page('admin_audit_log', NULL,
           '{"before": "junk"}') AS m) x), 25, 'a cursor that is not one is the first page');

-- The entity types: built on first use, then the same list for 5 minutes, then built again.
SELECT is((SELECT array_agg(t ORDER BY t) FROM jsonb_array_elements_text(
               tap_rls.admin_page('admin_audit_log', NULL, '{}')->'entity_types') t),
          (SELECT array_agg(DISTINCT entity_type ORDER BY entity_type) FROM audit_logs), 'entity types: every distinct one');
INSERT INTO audit_logs (user_id, action, entity_type) VALUES (:A, 'tap', 'aaa_tap_new');
SELECT ok(NOT tap_rls.admin_page('admin_audit_log', NULL, '{}')->'entity_types' ? 'aaa_tap_new', 'a new type waits for the next build');
UPDATE app.audit_entity_types SET built_at = now() - interval '6 minutes';
SELECT is((SELECT tap_rls.admin_page('admin_audit_log', NULL, '{}')->'entity_types'->>0), 'aaa_tap_new',
          'and is listed (in order) once the list is 5 minutes old');
SELECT tap_rls.act_as(:A);
SELECT throws_ok($$SELECT app.admin_audit_entity_types()$$, '42501', NULL, 'candidate: entity types refused');
SELECT throws_ok($$SELECT * FROM app.admin_moderation_queue('-infinity', '00000000-0000-0000-0000-000000000000', 26)$$,
                 '42501', NULL, 'candidate: the queue refused');
SELECT is((SELECT count(*)::int FROM app.admin_audit_rows(NULL, '', '', '', NULL, NULL, 'infinity', 'ffffffff-ffff-ffff-ffff-ffffffffffff') a
           WHERE a.user_id IS DISTINCT FROM :A), 0, 'candidate: the audit rows are only their own');
RESET ROLE;

-- Moderation: 40 old pending posts (4 of them sharing a time, 1 long), a published post with
-- 5 open reports, one whose reports were all dismissed, one with only an actioned report
-- (restored), a hidden one with an open report.
INSERT INTO user_feedback (id, user_id, company_id, content, moderation_status, created_at)
SELECT ('b0000000-0000-4000-a000-' || lpad(i::text, 12, '0'))::uuid, :B, md5('company:1')::uuid,
       CASE WHEN i = 1 THEN repeat('word ', 200) ELSE 'pending ' || i END, 'pending',
       CASE WHEN i BETWEEN 24 AND 27 THEN timestamptz '2020-01-01 00:00:24+00'
            ELSE timestamptz '2020-01-01' + make_interval(secs => i) END
FROM generate_series(1, 40) i;
INSERT INTO user_feedback (id, user_id, company_id, content, moderation_status, published_at, hidden_reason, created_at) VALUES
	('b1000000-0000-4000-a000-000000000001', :B, md5('company:1')::uuid, 'reported five times', 'published', now(), NULL, '2020-01-01 00:00:10.5+00'),
	('b1000000-0000-4000-a000-000000000002', :B, md5('company:1')::uuid, 'reports dismissed', 'published', now(), NULL, '2019-06-01'),
	('b1000000-0000-4000-a000-000000000003', :B, md5('company:1')::uuid, 'restored after a report', 'published', now(), NULL, '2019-06-02'),
	('b1000000-0000-4000-a000-000000000004', :B, md5('company:1')::uuid, 'hidden and reported', 'hidden', NULL, 'Names someone', '2019-06-03');
INSERT INTO auth.users (id, email, password_hash, role)
SELECT ('c2000000-0000-4000-a000-' || lpad(i::text, 12, '0'))::uuid, 'tap-reporter-' || i || '@preptalk.test',
       '$argon2id$v=19$m=19456,t=2,p=1$x$y', 'candidate'
FROM generate_series(1, 5) i;
INSERT INTO user_feedback_reports (feedback_id, user_id, reason, details, status, created_at)
SELECT 'b1000000-0000-4000-a000-000000000001', ('c2000000-0000-4000-a000-' || lpad(i::text, 12, '0'))::uuid,
       'other', CASE WHEN i = 1 THEN repeat('detail ', 100) ELSE 'report ' || i END, 'open', now() - make_interval(mins => 10 - i)
FROM generate_series(1, 5) i;
INSERT INTO user_feedback_reports (feedback_id, user_id, reason, status) VALUES
	('b1000000-0000-4000-a000-000000000002', :A, 'spam', 'dismissed'),
	('b1000000-0000-4000-a000-000000000003', :A, 'spam', 'actioned'),
	('b1000000-0000-4000-a000-000000000004', :A, 'spam', 'open');

-- The whole queue as the admin sees it page by page.
CREATE TEMP TABLE queue_pages AS
WITH RECURSIVE w(n, m) AS (
	SELECT 1, tap_rls.admin_page('admin_moderation', NULL, '{}')
	UNION ALL
	SELECT n + 1, tap_rls.admin_page('admin_moderation', NULL, jsonb_build_object('after', substring(m->>'next' FROM 'after=(.*)$')))
	FROM w WHERE m->>'next' IS NOT NULL AND n < 50)
SELECT n, m FROM w;
CREATE TEMP TABLE queue_seen AS
SELECT row_number() OVER (ORDER BY n, o) AS k, (p->>'id')::uuid AS id, p
FROM queue_pages, jsonb_array_elements(m->'posts') WITH ORDINALITY x(p, o);
SELECT is((SELECT jsonb_array_length(m->'posts') FROM queue_pages WHERE n = 1), 25, 'moderation: 25 posts a page');
SELECT ok((SELECT (m->>'more')::boolean AND m->>'next' LIKE '?after=%' AND m->'after' = 'null'::jsonb FROM queue_pages WHERE n = 1),
          'more are waiting: a next link; the first page has no cursor');
SELECT is((SELECT array_agg(id ORDER BY k) FROM queue_seen),
          (SELECT array_agg(f.id ORDER BY f.created_at, f.id) FROM user_feedback f
           WHERE f.moderation_status = 'pending'
              OR (f.moderation_status = 'published'
                  AND EXISTS (SELECT 1 FROM user_feedback_reports r WHERE r.feedback_id = f.id AND r.status = 'open'))),
          'every pending post and every published post with an open report once, oldest first, across pages');
SELECT is((SELECT count(*)::int FROM queue_seen WHERE id IN ('b1000000-0000-4000-a000-000000000002',
           'b1000000-0000-4000-a000-000000000003', 'b1000000-0000-4000-a000-000000000004')), 0,
          'not a post whose reports are closed, nor a hidden one');
SELECT ok((SELECT m->'next' = 'null'::jsonb AND NOT (m->>'more')::boolean AND m->>'after' IS NOT NULL
           FROM queue_pages WHERE n = (SELECT max(n) FROM queue_pages)), 'the last page: no next link, its own cursor');
SELECT is((SELECT length(p->>'excerpt') FROM queue_seen WHERE id = 'b0000000-0000-4000-a000-000000000001'), 300,
          'a long post: an excerpt of at most 300 characters (with the …), cut between words');
SELECT is((SELECT right(p->>'excerpt', 6) || '|' || (p->>'truncated') FROM queue_seen WHERE id = 'b0000000-0000-4000-a000-000000000001'),
          ' word…|true', 'ending in … and marked truncated');
SELECT is((SELECT p->>'excerpt' || '|' || (p->>'truncated') FROM queue_seen WHERE id = 'b0000000-0000-4000-a000-000000000002'),
          'pending 2|false', 'a short post whole');
SELECT is((SELECT (p->>'open_reports') || '|' || (p->>'more_reports') || '|' || jsonb_array_length(p->'reports')
           FROM queue_seen WHERE id = 'b1000000-0000-4000-a000-000000000001'), '5|2|3',
          'a reported post: its oldest 3 open reports, the count of all and of the others');
SELECT is((SELECT length(p->'reports'->0->>'details') FROM queue_seen WHERE id = 'b1000000-0000-4000-a000-000000000001'), 301,
          'report details cut at 300 characters (and …)');
SELECT is((SELECT (p->>'has_reports') || '|' || (p->>'open_reports') || '|' || (p->'more_reports')::text FROM queue_seen
           WHERE id = 'b0000000-0000-4000-a000-000000000002'), 'false|0|null', 'a post without reports');
SELECT is((SELECT jsonb_array_length(m->'posts') FROM (SELECT tap_rls.admin_page('admin_moderation', NULL, '{"after": "nope"}') AS m) x), 25,
          'a cursor that is not one is the first page');

-- One user: the 20 newest ledger rows, newest first (30 more rows, 5 sharing a time).
INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description, created_at)
SELECT :A, 'earned', 'bonus', 1, 'tap ledger ' || i,
       CASE WHEN i > 25 THEN timestamptz '2030-01-01' ELSE timestamptz '2029-01-01' + make_interval(days => i) END
FROM generate_series(1, 30) i;
CREATE TEMP TABLE u1 AS SELECT tap_rls.admin_page('admin_user', :A::text, '{}') AS m;
SELECT is((SELECT array_agg(t->>'description' ORDER BY o) FROM u1, jsonb_array_elements(m->'transactions') WITH ORDINALITY x(t, o)),
          (SELECT array_agg(description ORDER BY created_at DESC, id DESC) FROM (
               SELECT description, created_at, id FROM credit_transactions WHERE user_id = :A
               ORDER BY created_at DESC, id DESC LIMIT 20) t),
          'user: the 20 newest ledger rows, newest first');
SELECT is((SELECT array_agg(k ORDER BY k) FROM u1, jsonb_object_keys(m->'transactions'->0) k),
          '{amount,created_at,credit_type,description,transaction_type}', 'each with its date, type, credit type, amount and description');
SELECT is((SELECT m->'user'->>'email' FROM u1), 'tap-a@preptalk.test', 'and the user');
SELECT is(tap_rls.admin_page('admin_user', '00000000-0000-4000-a000-0000000000ff', '{}'), NULL, 'an unknown user: no page');

SELECT is((SELECT count(*)::int FROM pg_proc WHERE oid IN ('app.admin_audit_log(text, jsonb)'::regprocedure,
           'app.admin_moderation(text, jsonb)'::regprocedure, 'app.admin_users(text, jsonb)'::regprocedure,
           'app.admin_user(text, jsonb)'::regprocedure) AND 'plan_cache_mode=force_generic_plan' = ANY (proconfig)), 4,
          'the four pages plan their statements once per connection');

SELECT * FROM finish();
ROLLBACK;
