-- 30_companies.sql: the page models and community writes of migration 030: directory search,
-- filters and keyset pages; company page visibility (own pending posts, hidden posts); job page;
-- sharing (pending vs verified history), votes (toggle, own, hidden) and reports (once, reasons).
BEGIN;
\set QUIET 1
\ir fixtures.psql
SELECT plan(43);

-- helpers
SELECT is(app.url_encode('a b&c=d/é'), 'a%20b%26c%3Dd%2F%C3%A9', 'url_encode percent-encodes UTF-8 bytes');
SELECT is(app.company_tsquery('North  fin!'), $$'north':* & 'fin':*$$::tsquery, 'every word becomes a prefix term');
SELECT ok(app.company_tsquery('<> & | !') IS NULL, 'punctuation never reaches tsquery syntax');
SELECT is(app.humanize('offer_accepted'), 'Offer accepted', 'humanize');

-- the directory, as an anonymous visitor through the workers' role
SELECT tap_rls.act_as(NULL);
CREATE TEMP TABLE d1 AS SELECT app.companies_page('', '', '', '', '', NULL, '/companies')::jsonb AS m;
SELECT is((SELECT jsonb_array_length(m->'companies') FROM d1), 20, 'pages hold 20 companies');
SELECT is((SELECT (m->>'total')::int FROM d1), (SELECT count(*)::int FROM companies), 'total counts every match');
SELECT ok((SELECT m->>'next' LIKE '/companies?after=%' FROM d1), 'a next link when there is more');
CREATE TEMP TABLE d2 AS SELECT app.companies_page('', '', '', '', '',
	(SELECT (m->'companies'->19->>'id')::uuid FROM d1), '/api/v1/companies')::jsonb AS m;
SELECT is((SELECT jsonb_array_length(m->'companies') FROM d2) + 20, (SELECT count(*)::int FROM companies),
	'the second page holds the rest');
SELECT ok((SELECT m->'next' = 'null'::jsonb FROM d2), 'no next link on the last page');
SELECT is((SELECT array_agg(x->>'name') FROM d1, jsonb_array_elements(m->'companies') x)
          || (SELECT array_agg(x->>'name') FROM d2, jsonb_array_elements(m->'companies') x),
	(SELECT array_agg(name ORDER BY name, id) FROM companies), 'pages are in (name, id) order without gaps');
SELECT is((SELECT app.companies_page('northw', '', '', '', '', NULL, '/companies')::jsonb->'companies'->0->>'name'),
	'Northwind Ledger', 'prefix search by name');
SELECT is((SELECT (app.companies_page('', 'Fintech', '', '', 'no', NULL, '/companies')::jsonb->>'total')::int),
	(SELECT count(*)::int FROM companies WHERE industry = 'Fintech' AND NOT remote_first), 'industry and remote filters');
SELECT ok((SELECT app.companies_page('a&b', 'X Y', '', 'scaleup', '', NULL, '/c')::jsonb->'filters'->>'q') = 'a&b',
	'the filters are echoed as typed');
SELECT is((SELECT count(*)::int FROM jsonb_array_elements(app.companies_page('', '', '', '', '', NULL, '/c')::jsonb->'industries') i
           WHERE (i->>'selected')::boolean), 0, 'no facet is selected without a filter');

-- the company page
SELECT ok(app.company_page('00000000-0000-4000-a000-000000000000', NULL, '/x') IS NULL, 'unknown company: NULL (404)');
SELECT is((SELECT jsonb_array_length(app.company_page(md5('company:1')::uuid, NULL, '/x')::jsonb->'my_posts')), 0,
	'visitors have no own posts');
SELECT ok(NOT EXISTS (SELECT 1 FROM jsonb_array_elements(app.company_page(md5('company:1')::uuid, NULL, '/x')::jsonb->'experiences') e
                      WHERE e->>'moderation_status' <> 'published'), 'only published posts are listed');
SELECT ok(NOT EXISTS (SELECT 1 FROM jsonb_array_elements(app.company_page(c.id, NULL, '/x')::jsonb->'experiences') e
                      WHERE (e->>'is_anonymous')::boolean AND e->>'author' IS NOT NULL)
          , 'anonymous posts carry no name') FROM companies c WHERE c.id = md5('company:1')::uuid;
RESET ROLE;
SELECT tap_rls.act_as(:A);
SELECT is((SELECT array_agg(e->>'id') FROM jsonb_array_elements(app.company_page(md5('company:1')::uuid, NULL, '/x')::jsonb->'my_posts') e),
	ARRAY['50000000-0000-4000-a000-00000000000a'], 'A sees A''s own pending post, and not B''s');
SELECT ok((SELECT (e->>'pending')::boolean FROM jsonb_array_elements(app.company_page(md5('company:1')::uuid, NULL, '/x')::jsonb->'my_posts') e),
	'marked pending');
SELECT is((app.job_page(md5('job:1')::uuid)::jsonb->'credits'->>'total')::int,
	(SELECT monthly_credits + bonus_credits FROM user_credits WHERE user_id = :A), 'the job page shows the caller''s credits');
SELECT is(jsonb_array_length(app.job_page(md5('job:1')::uuid)::jsonb->'curriculum'->'rounds'),
	(SELECT count(*)::int FROM curriculum_rounds WHERE curriculum_id = md5('curriculum:1')::uuid), 'every curriculum round');

-- sharing: A has a published post but no completed session, so the new post waits for moderation
CREATE TEMP TABLE s1 AS SELECT app.experience_create(md5('company:1')::uuid, '{"role_title": "Engineer", "outcome": "no_offer",
	"experience": "positive", "difficulty": "3", "content": "A fair and well organised loop.", "interview_month": "2026-01",
	"round1_type": "coding", "round1_duration": "45", "round1_topics": "graphs, , heaps", "round1_questions": "Q one\nQ two\n",
	"round2_type": "", "round2_duration": "", "is_anonymous": "on"}', '127.0.0.1', 'tap', 'tap-1')::jsonb AS m;
SELECT is((SELECT m->>'moderation_status' FROM s1), 'pending', 'without a verified history a post is pending');
RESET ROLE;
SELECT is((SELECT rounds FROM user_feedback WHERE id = (SELECT (m->>'id')::uuid FROM s1)),
	'[{"type": "coding", "duration_minutes": 45, "topics": ["graphs", "heaps"], "questions": ["Q one", "Q two"]}]'::jsonb,
	'round rows become the rounds array; empty rows and items are dropped');
SELECT is((SELECT user_id::text || is_anonymous::text || to_char(interview_date, 'YYYY-MM-DD') FROM user_feedback
           WHERE id = (SELECT (m->>'id')::uuid FROM s1)), :A || 'true2026-01-01', 'author, anonymity and month');
SELECT is((SELECT count(*)::int FROM audit_logs WHERE action = 'experience_create' AND entity_id = (SELECT (m->>'id')::uuid FROM s1)),
	1, 'sharing is audited');
UPDATE interview_sessions SET status = 'completed', completed_at = now() WHERE user_id = :A;
SELECT tap_rls.act_as(:A);
SELECT is(app.experience_create(md5('company:1')::uuid, '{"role_title": "Engineer", "outcome": "pending", "experience": "neutral",
	"difficulty": "2", "content": "Second experience from a verified author."}', '', '', 'tap-2')::jsonb->>'moderation_status',
	'published', 'a completed session and a published post: published at once');
SELECT throws_ok($$SELECT app.experience_create(md5('company:1')::uuid, '{"content": "x", "interview_month": "2099-01"}', '', '', '')$$,
	'P0001', 'interview_month: The interview month cannot be in the future.', 'future months are refused');
SELECT throws_ok($$SELECT app.experience_create(md5('company:1')::uuid, '{"content": "long enough content", "difficulty": "9"}', '', '', '')$$,
	'23514', NULL, 'the table''s checks back the handler''s validation');
RESET ROLE;
UPDATE user_feedback SET moderation_status = 'hidden', hidden_reason = 'tap' WHERE id = '50000001-0000-4000-a000-00000000000a';
SELECT ok(NOT app.author_is_trusted(:A), 'a hidden post loses the verified history');
SELECT tap_rls.act_as(NULL);
SELECT throws_ok($$SELECT app.experience_create(md5('company:1')::uuid, '{}', '', '', '')$$, '42501', NULL,
	'anonymous visitors cannot share');

-- votes: A already found B's published post helpful
RESET ROLE;
SELECT tap_rls.act_as(:A);
SELECT is(app.experience_vote('50000001-0000-4000-a000-00000000000b', 'helpful', '', '', '')::jsonb - 'id' - 'company_id',
	'{"helpful_count": 0, "outdated_count": 0, "my_vote": null}'::jsonb, 'the same value again removes the vote');
SELECT is(app.experience_vote('50000001-0000-4000-a000-00000000000b', 'outdated', '', '', '')::jsonb->>'outdated_count', '1',
	'a new vote counts');
SELECT is(app.experience_vote('50000001-0000-4000-a000-00000000000b', 'helpful', '', '', '')::jsonb - 'id' - 'company_id',
	'{"helpful_count": 1, "outdated_count": 0, "my_vote": "helpful"}'::jsonb, 'changing the vote moves it');
SELECT throws_ok($$SELECT app.experience_vote('50000001-0000-4000-a000-00000000000b', 'love', '', '', '')$$, 'P0001',
	'value: Choose helpful or outdated.', 'only helpful or outdated');
SELECT throws_ok($$SELECT app.experience_vote((SELECT (m->>'id')::uuid FROM s1), 'helpful', '', '', '')$$, 'P0002', NULL,
	'pending posts cannot be voted on');
RESET ROLE;
SELECT tap_rls.act_as(:B);
SELECT throws_ok($$SELECT app.experience_vote('50000001-0000-4000-a000-00000000000b', 'helpful', '', '', '')$$, 'P0001',
	'You cannot vote on your own post.', 'not on one''s own post');
SELECT throws_ok($$SELECT app.experience_vote('50000001-0000-4000-a000-00000000000a', 'helpful', '', '', '')$$, 'P0002', NULL,
	'not on a hidden post');

-- reports: A reported B's post in the fixtures already
RESET ROLE;
SELECT tap_rls.act_as(:A);
SELECT throws_ok($$SELECT app.experience_report('50000001-0000-4000-a000-00000000000b', 'spam', '', '', '', '')$$, 'P0003',
	'You have already reported this post.', 'one report per user and post');
RESET ROLE;
DELETE FROM user_feedback_reports WHERE user_id = :A;
SELECT tap_rls.act_as(:A);
SELECT throws_ok($$SELECT app.experience_report('50000001-0000-4000-a000-00000000000b', 'other', '  ', '', '', '')$$, 'P0001',
	'details: Tell us what is wrong with this post.', '"other" needs details');
SELECT is(app.experience_report('50000001-0000-4000-a000-00000000000b', 'confidential', 'NDA', '', '', 'tap-r')::jsonb->>'reported',
	'true', 'a report is filed');
RESET ROLE;
SELECT is((SELECT reason || '|' || details || '|' || status FROM user_feedback_reports WHERE user_id = :A), 'confidential|NDA|open',
	'with its reason, details and open status');
SELECT is((SELECT count(*)::int FROM audit_logs WHERE action IN ('experience_vote', 'experience_report') AND user_id = :A), 4,
	'votes and reports are audited');

SELECT * FROM finish();
ROLLBACK;
