-- 32_page_cache.sql: the page cache of migration 032 is exact. After every kind of change the
-- company and job page models served from the cache equal a cold build (cache cleared), and show
-- the change: votes, reports, moderation, company edits, author names, job requirements,
-- curricula, the statistics refresh. The per-user part is right for two users and visitors.
BEGIN;
\set QUIET 1
\ir fixtures.psql
SELECT plan(45);

\set C 'md5(''company:1'')::uuid'
\set PA '''50000001-0000-4000-a000-00000000000a'''
\set PB '''50000001-0000-4000-a000-00000000000b'''

-- The company page of p_company (first page, or after p_after) for p_uid (NULL: a visitor), as
-- the workers' role; cold: with every cache entry cleared first.
CREATE FUNCTION pg_temp.cpage(p_uid uuid, p_company uuid, p_after uuid DEFAULT NULL) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	m text;
BEGIN
	PERFORM tap_rls.act_as(p_uid);
	m := app.company_page(p_company, p_after, '/api/v1/companies/' || p_company);
	RESET ROLE;
	RETURN m;
END;
$$;
CREATE FUNCTION pg_temp.jpage(p_uid uuid, p_job uuid, p_role text DEFAULT 'candidate') RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	m text;
BEGIN
	PERFORM tap_rls.act_as(p_uid, p_role);
	m := app.job_page(p_job);
	RESET ROLE;
	RETURN m;
END;
$$;
CREATE FUNCTION pg_temp.clear() RETURNS void
LANGUAGE sql AS $$ UPDATE app.page_cache SET head = NULL, version = version + 1 $$;
CREATE FUNCTION pg_temp.cold_cpage(p_uid uuid, p_company uuid, p_after uuid DEFAULT NULL) RETURNS text
LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_temp.clear(); RETURN pg_temp.cpage(p_uid, p_company, p_after); END $$;
CREATE FUNCTION pg_temp.cold_jpage(p_uid uuid, p_job uuid, p_role text DEFAULT 'candidate') RETURNS text
LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_temp.clear(); RETURN pg_temp.jpage(p_uid, p_job, p_role); END $$;
-- One listed post of a page model.
CREATE FUNCTION pg_temp.post(p_model text, p_post uuid) RETURNS jsonb
LANGUAGE sql AS $$
	SELECT e FROM jsonb_array_elements(p_model::jsonb->'experiences') e WHERE e->>'id' = p_post::text
	UNION ALL
	SELECT e FROM jsonb_array_elements(p_model::jsonb->'my_posts') e WHERE e->>'id' = p_post::text
	LIMIT 1
$$;
CREATE FUNCTION pg_temp.warm_job(p_uid uuid, p_job uuid, p_role text DEFAULT 'candidate') RETURNS void
LANGUAGE sql AS $$ SELECT pg_temp.jpage(p_uid, p_job, p_role) $$;
-- Warms the pages of the visitor, A and B for the company, and returns nothing.
CREATE FUNCTION pg_temp.warm(p_company uuid) RETURNS void
LANGUAGE sql AS $$
	SELECT pg_temp.cpage(NULL, p_company), pg_temp.cpage('00000000-0000-4000-a000-00000000000a', p_company),
	       pg_temp.cpage('00000000-0000-4000-a000-00000000000b', p_company)
$$;

-- the cache itself
SELECT pg_temp.clear();
SELECT ok(pg_temp.cpage(NULL, :C) IS NOT NULL, 'a visitor gets the company page');
SELECT ok((SELECT head IS NOT NULL AND built_at IS NOT NULL FROM app.page_cache WHERE key = 'company:' || :C),
	'the first read builds the cache entry');
SELECT is(pg_temp.cpage(NULL, :C), pg_temp.cold_cpage(NULL, :C), 'a cached page equals a cold build (visitor)');
SELECT is(pg_temp.cpage(:A, :C), pg_temp.cold_cpage(:A, :C), 'a cached page equals a cold build (A)');
SELECT ok(pg_temp.cpage(NULL, '00000000-0000-4000-a000-000000000000') IS NULL
          AND NOT EXISTS (SELECT 1 FROM app.page_cache WHERE key = 'company:00000000-0000-4000-a000-000000000000'),
	'an unknown company is NULL and leaves no entry');
SELECT tap_rls.act_as(:A);
SELECT throws_ok('SELECT count(*) FROM app.page_cache', '42501', NULL, 'the workers'' role cannot read the cache');
RESET ROLE;

-- the per-user part, for A, B and a visitor, over the same cached entry
SELECT pg_temp.warm(:C);
SELECT is((SELECT jsonb_build_object('my_vote', p->'my_vote', 'is_mine', p->'is_mine', 'can_vote', p->'can_vote', 'reported', p->'reported')
           FROM pg_temp.post(pg_temp.cpage(:A, :C), :PB) p),
	'{"my_vote": "helpful", "is_mine": false, "can_vote": true, "reported": true}'::jsonb, 'A sees A''s vote and report on B''s post');
SELECT is((SELECT jsonb_build_object('my_vote', p->'my_vote', 'is_mine', p->'is_mine', 'can_vote', p->'can_vote', 'reported', p->'reported')
           FROM pg_temp.post(pg_temp.cpage(:B, :C), :PB) p),
	'{"my_vote": null, "is_mine": true, "can_vote": false, "reported": false}'::jsonb, 'B sees B''s own post as B''s');
SELECT is((SELECT jsonb_build_object('my_vote', p->'my_vote', 'reported', p->'reported', 'voted_outdated', p->'voted_outdated')
           FROM pg_temp.post(pg_temp.cpage(:B, :C), :PA) p),
	'{"my_vote": "outdated", "reported": true, "voted_outdated": true}'::jsonb, 'B sees B''s vote and report on A''s post');
SELECT is((SELECT jsonb_build_object('my_vote', p->'my_vote', 'is_mine', p->'is_mine', 'can_vote', p->'can_vote', 'reported', p->'reported')
           FROM pg_temp.post(pg_temp.cpage(NULL, :C), :PB) p),
	'{"my_vote": null, "is_mine": false, "can_vote": false, "reported": false}'::jsonb, 'a visitor has no vote, report or post');
SELECT is((SELECT array_agg(e->>'id') FROM jsonb_array_elements(pg_temp.cpage(:A, :C)::jsonb->'my_posts') e),
	ARRAY['50000000-0000-4000-a000-00000000000a'], 'A''s pending post is in A''s page only');
SELECT is((SELECT array_agg(e->>'id') FROM jsonb_array_elements(pg_temp.cpage(:B, :C)::jsonb->'my_posts') e),
	ARRAY['50000000-0000-4000-a000-00000000000b'], 'B''s pending post is in B''s page only');
SELECT is(pg_temp.cpage(:B, :C), pg_temp.cold_cpage(:B, :C), 'a cached page equals a cold build (B)');

-- a vote shows up at once, in the counts of every viewer and in the voter's own state
SELECT pg_temp.warm(:C);
SELECT tap_rls.act_as(:A);
SELECT ok(app.experience_vote(:PB, 'outdated', '', '', '') IS NOT NULL, 'A changes the vote on B''s post');
RESET ROLE;
SELECT is((SELECT jsonb_build_object('my_vote', p->'my_vote', 'helpful', p->'helpful_count', 'outdated', p->'outdated_count')
           FROM pg_temp.post(pg_temp.cpage(:A, :C), :PB) p),
	'{"my_vote": "outdated", "helpful": 0, "outdated": 1}'::jsonb, 'after a vote: the voter''s page');
SELECT is((SELECT jsonb_build_object('my_vote', p->'my_vote', 'helpful', p->'helpful_count', 'outdated', p->'outdated_count')
           FROM pg_temp.post(pg_temp.cpage(NULL, :C), :PB) p),
	'{"my_vote": null, "helpful": 0, "outdated": 1}'::jsonb, 'after a vote: a visitor''s page');
SELECT is(pg_temp.cpage(:B, :C), pg_temp.cold_cpage(:B, :C), 'after a vote: cached equals cold');

-- a report is the reporter's alone
SELECT pg_temp.warm(:C);
RESET ROLE;
DELETE FROM user_feedback_reports WHERE user_id = :A;
SELECT ok(NOT (pg_temp.post(pg_temp.cpage(:A, :C), :PB)->>'reported')::boolean, 'a withdrawn report is gone from the page');
SELECT tap_rls.act_as(:A);
SELECT ok(app.experience_report(:PB, 'spam', '', '', '', '') IS NOT NULL, 'A reports B''s post again');
RESET ROLE;
SELECT ok((pg_temp.post(pg_temp.cpage(:A, :C), :PB)->>'reported')::boolean, 'a new report shows for the reporter');
SELECT ok(NOT (pg_temp.post(pg_temp.cpage(NULL, :C), :PB)->>'reported')::boolean, 'and not for others');

-- moderation
SELECT pg_temp.warm(:C);
UPDATE user_feedback SET moderation_status = 'hidden', hidden_reason = 'names an interviewer' WHERE id = :PB;
SELECT ok(pg_temp.post(pg_temp.cpage(NULL, :C), :PB) IS NULL, 'a hidden post leaves the list at once');
SELECT is((SELECT jsonb_build_object('hidden', p->'hidden', 'reason', p->'hidden_reason') FROM pg_temp.post(pg_temp.cpage(:B, :C), :PB) p),
	'{"hidden": true, "reason": "names an interviewer"}'::jsonb, 'its author sees it hidden, with the reason');
SELECT is(pg_temp.cpage(:B, :C), pg_temp.cold_cpage(:B, :C), 'after moderation: cached equals cold');
UPDATE user_feedback SET moderation_status = 'published' WHERE id = :PB;
SELECT is(pg_temp.post(pg_temp.cpage(NULL, :C), :PB)->>'id', :PB, 'published again: listed again');

-- author names
SELECT pg_temp.warm(:C);
UPDATE user_profiles SET full_name = '  Zoe Ann Quill ' WHERE user_id = :B;
SELECT is(pg_temp.post(pg_temp.cpage(NULL, :C), :PB)->>'author', 'Zoe Q.', 'a new author name shows at once');
UPDATE user_profiles SET last_active_at = now() WHERE user_id = :B;
SELECT ok((SELECT head IS NOT NULL FROM app.page_cache WHERE key = 'company:' || :C), 'other profile changes keep the entry');

-- company edits reach the company page and its job pages
SELECT pg_temp.warm(:C), pg_temp.warm_job(:A, (SELECT id FROM jobs WHERE company_id = :C AND is_active ORDER BY id LIMIT 1));
UPDATE companies SET name = 'Renamed & <Co>' WHERE id = :C;
SELECT is(pg_temp.cpage(:A, :C)::jsonb->'company'->>'name', 'Renamed & <Co>', 'a company edit shows on its page');
SELECT is(pg_temp.jpage(:A, (SELECT id FROM jobs WHERE company_id = :C AND is_active ORDER BY id LIMIT 1))::jsonb->'company'->>'name',
	'Renamed & <Co>', 'and on its job pages');
UPDATE interview_patterns SET pattern_content = pattern_content || '{"description": "tap pattern"}'
WHERE id = (SELECT id FROM interview_patterns WHERE company_id = :C AND job_id IS NULL AND is_active ORDER BY id LIMIT 1);
SELECT ok(EXISTS (SELECT 1 FROM jsonb_array_elements(pg_temp.cpage(NULL, :C)::jsonb->'patterns') p WHERE p->>'description' = 'tap pattern'),
	'an interview pattern edit shows');

-- the scheduler's statistics refresh
SELECT pg_temp.warm((SELECT company_id FROM jobs WHERE id = :JOB));
CREATE TEMP TABLE st AS SELECT (pg_temp.cpage(NULL, (SELECT company_id FROM jobs WHERE id = :JOB))::jsonb->'stats'->>'completed_sessions')::int AS before;
UPDATE interview_sessions SET status = 'completed', completed_at = now() WHERE user_id IN (:A, :B) AND job_id = :JOB;
SELECT is((pg_temp.cpage(NULL, (SELECT company_id FROM jobs WHERE id = :JOB))::jsonb->'stats'->>'completed_sessions')::int,
	(SELECT before FROM st), 'statistics wait for the refresh');
SELECT matches(app.job_refresh_company_stats(), '^refreshed', 'the scheduler''s refresh runs');
SELECT is((pg_temp.cpage(NULL, (SELECT company_id FROM jobs WHERE id = :JOB))::jsonb->'stats'->>'completed_sessions')::int,
	(SELECT before + 2 FROM st), 'the refresh shows in the next page');
SELECT is(pg_temp.cpage(:A, (SELECT company_id FROM jobs WHERE id = :JOB)), pg_temp.cold_cpage(:A, (SELECT company_id FROM jobs WHERE id = :JOB)),
	'after the refresh: cached equals cold');

-- keyset pages of posts: 14 more published posts at company 2
INSERT INTO user_feedback (id, user_id, company_id, content, moderation_status, published_at, is_public)
SELECT ('5100000' || to_hex(i) || '-0000-4000-a000-00000000000b')::uuid, :B, md5('company:2')::uuid, 'keyset post ' || i,
       'published', now() - i * interval '1 minute', true
FROM generate_series(1, 14) i;
SELECT pg_temp.warm(md5('company:2')::uuid);
CREATE TEMP TABLE kp AS SELECT pg_temp.cpage(:A, md5('company:2')::uuid)::jsonb AS m;
SELECT is((SELECT jsonb_array_length(m->'experiences') FROM kp), 10, 'pages of 10 posts');
SELECT ok((SELECT m->>'experiences_next' LIKE '/api/v1/companies/%?after=%#experiences' FROM kp), 'a next link');
SELECT is(pg_temp.cpage(:A, md5('company:2')::uuid, (SELECT (m->'experiences'->9->>'id')::uuid FROM kp)),
	pg_temp.cold_cpage(:A, md5('company:2')::uuid, (SELECT (m->'experiences'->9->>'id')::uuid FROM kp)), 'the next page: cached equals cold');
SELECT is((SELECT count(*)::int FROM jsonb_array_elements(pg_temp.cpage(:A, md5('company:2')::uuid,
		(SELECT (m->'experiences'->9->>'id')::uuid FROM kp))::jsonb->'experiences') e
           WHERE e->>'id' IN (SELECT x->>'id' FROM kp, jsonb_array_elements(m->'experiences') x)), 0, 'no post on both pages');

-- the job page: public part from the cache, credits per user, RLS in front
SELECT pg_temp.warm_job(:A, :JOB), pg_temp.warm_job(:B, :JOB);
UPDATE job_requirements SET minimum_years_experience = 9, preferred_years_experience = 12 WHERE job_id = :JOB;
SELECT is((pg_temp.jpage(:A, :JOB)::jsonb->'requirements'->>'min_years')::int, 9, 'a requirements edit shows');
UPDATE curriculum_rounds SET title = 'Renamed round' WHERE id = :CROUND;
SELECT ok(pg_temp.jpage(:B, :JOB)::jsonb->'curriculum'->'rounds' @> '[{"title": "Renamed round"}]', 'a curriculum round edit shows');
CREATE TEMP TABLE qb AS SELECT (pg_temp.jpage(:A, :JOB)::jsonb->'curriculum'->'rounds'->0->>'questions')::int AS n;
UPDATE question_bank SET curriculum_round_id = (SELECT id FROM curriculum_rounds WHERE curriculum_id = :CUR AND id <> :CROUND ORDER BY round_number LIMIT 1)
WHERE id = (SELECT id FROM question_bank WHERE curriculum_round_id = :CROUND ORDER BY id LIMIT 1);
SELECT is((pg_temp.jpage(:A, :JOB)::jsonb->'curriculum'->'rounds'->0->>'questions')::int, (SELECT n - 1 FROM qb), 'question bank moves show');
UPDATE user_credits SET monthly_credits = 0, bonus_credits = 0 WHERE user_id = :B;
SELECT is((SELECT jsonb_build_object('total', m->'credits'->'total', 'can_start', m->'can_start', 'no_credits', m->'no_credits')
           FROM (SELECT pg_temp.jpage(:A, :JOB)::jsonb AS m) x),
	'{"total": 5, "can_start": true, "no_credits": false}'::jsonb, 'A''s credits on A''s job page');
SELECT is((SELECT jsonb_build_object('total', m->'credits'->'total', 'can_start', m->'can_start', 'no_credits', m->'no_credits')
           FROM (SELECT pg_temp.jpage(:B, :JOB)::jsonb AS m) x),
	'{"total": 0, "can_start": false, "no_credits": true}'::jsonb, 'B''s credits on B''s job page');
SELECT is(pg_temp.jpage(:B, :JOB), pg_temp.cold_jpage(:B, :JOB), 'job page: cached equals cold');
CREATE TEMP TABLE jx AS SELECT id FROM jobs WHERE is_active AND id <> :JOB
	AND NOT EXISTS (SELECT 1 FROM interview_sessions s WHERE s.job_id = jobs.id AND s.user_id IN (:A, :B)) ORDER BY id LIMIT 1;
SELECT pg_temp.warm_job(:ADM, (SELECT id FROM jx), 'admin');
UPDATE jobs SET is_active = false WHERE id = (SELECT id FROM jx);
SELECT ok(pg_temp.jpage(:B, (SELECT id FROM jx)) IS NULL AND pg_temp.jpage(:ADM, (SELECT id FROM jx), 'admin') IS NOT NULL,
	'a closed job: RLS still decides who sees it');

SELECT * FROM finish();
ROLLBACK;
