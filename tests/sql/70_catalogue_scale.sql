-- 70_catalogue_scale.sql: migration 070. The admin companies and jobs lists page by keyset (50 a
-- page, a next link only when there is more, the old '<name>|<id>' cursor still works), searches
-- match a name or an industry (trigram or not), the job form names its company instead of listing
-- them all and offers a pick step without one, the delete page's counts stop at 100 while what
-- blocks the delete stays exact, and a version's sessions are counted up to 100.
BEGIN;
\set QUIET 1
\ir fixtures.psql
SELECT plan(37);

-- 60 companies sharing a prefix (two pages of a search), one with 102 jobs and a smart question,
-- and a company nothing depends on.
INSERT INTO companies (id, name, industry)
SELECT ('c0000000-0000-4000-a000-0000000000' || lpad(n::text, 2, '0'))::uuid, 'Tap Page ' || lpad(n::text, 2, '0'),
       CASE WHEN n = 7 THEN 'Zyxology' END
FROM generate_series(1, 60) n;
INSERT INTO companies (id, name, industry) VALUES ('c1000000-0000-4000-a000-000000000001', 'Tap Empty Co', 'Tapping');
INSERT INTO jobs (company_id, title, source_url)
SELECT 'c0000000-0000-4000-a000-000000000001', 'Tap Job ' || lpad(n::text, 3, '0'), 'https://tap.example/' || n
FROM generate_series(1, 102) n;
INSERT INTO smart_questions (company_id, question_text, question_category)
VALUES ('c0000000-0000-4000-a000-000000000001', 'Why this team?', 'team');

-- companies: keyset pages
CREATE TEMP TABLE p1 AS SELECT tap_rls.admin_page('admin_companies', NULL, '{"q": "Tap Page"}') AS m;
SELECT is(jsonb_array_length((SELECT m->'companies' FROM p1)), 50, 'companies: 50 a page');
SELECT is((SELECT m->'companies'->0->>'name' FROM p1), 'Tap Page 01', 'in name order');
SELECT is((SELECT m->>'next' FROM p1), '?q=Tap%20Page&after=Tap%20Page%2050%7Cc0000000-0000-4000-a000-000000000050',
          'next: the search and the last company of the page');
SELECT is((SELECT (m->'companies'->0->>'jobs')::int FROM p1), 102, 'each company with its number of jobs');
CREATE TEMP TABLE p2 AS SELECT tap_rls.admin_page('admin_companies', NULL,
	'{"q": "Tap Page", "after": "Tap Page 50|c0000000-0000-4000-a000-000000000050"}') AS m;
SELECT is((SELECT array_agg(x->>'name') FROM p2, jsonb_array_elements(m->'companies') x),
          (SELECT array_agg('Tap Page ' || n) FROM generate_series(51, 60) n), 'page 2: the other ten, in order');
SELECT is((SELECT m->'next' FROM p2), 'null'::jsonb, 'no next after the last page');
SELECT is(jsonb_array_length(tap_rls.admin_page('admin_companies', NULL, '{"q": "Tap Page", "after": "nonsense"}')->'companies'), 50,
          'a malformed cursor starts at the beginning');
SELECT ok(jsonb_array_length(tap_rls.admin_page('admin_companies', NULL, '{}')->'companies') = 50
          AND tap_rls.admin_page('admin_companies', NULL, '{}')->>'next' LIKE '?q=&after=%',
          'the whole list: 50 and a next page');
SELECT is((SELECT array_agg(x->>'name') FROM jsonb_array_elements(tap_rls.admin_page('admin_companies', NULL, '{"q": "zyxol"}')->'companies') x),
          ARRAY['Tap Page 07'], 'a search matches the industry');
SELECT is((SELECT array_agg(x->>'name') FROM jsonb_array_elements(tap_rls.admin_page('admin_companies', NULL, '{"q": "y Co"}')->'companies') x),
          ARRAY['Tap Empty Co'], 'a search matches inside the name');
SELECT is(jsonb_array_length(tap_rls.admin_page('admin_companies', NULL, '{"q": "%_\\"}')->'companies'), 0,
          'LIKE characters in a search are literal');

-- jobs: 50 a page in (company, title) order, the cursor is a job id
CREATE TEMP TABLE j1 AS SELECT tap_rls.admin_page('admin_jobs', NULL, '{"q": "Tap Job"}') AS m;
SELECT is(jsonb_array_length((SELECT m->'jobs' FROM j1)), 50, 'jobs: 50 a page');
SELECT is((SELECT m->'jobs'->49->>'title' FROM j1), 'Tap Job 050', 'in title order');
SELECT is((SELECT m->>'next' FROM j1), '?q=Tap%20Job&after=' || (SELECT id FROM jobs WHERE title = 'Tap Job 050'),
          'next: the search and the last job of the page');
CREATE TEMP TABLE j3 AS SELECT tap_rls.admin_page('admin_jobs', NULL,
	jsonb_build_object('q', 'Tap Job', 'after', (SELECT id FROM jobs WHERE title = 'Tap Job 100'))) AS m;
SELECT is((SELECT array_agg(x->>'title') FROM j3, jsonb_array_elements(m->'jobs') x), ARRAY['Tap Job 101', 'Tap Job 102'],
          'the last page');
SELECT is((SELECT m->'next' FROM j3), 'null'::jsonb, 'and no next');
SELECT is((SELECT m->'jobs'->0->>'company' FROM j3), 'Tap Page 01', 'each job with its company');
SELECT is(jsonb_array_length(tap_rls.admin_page('admin_jobs', NULL, '{"q": "Tap Page 01"}')->'jobs'), 50,
          'a search matches the company name');
SELECT is(tap_rls.admin_page('admin_jobs', NULL, '{}')->'jobs'->0->>'company',
          (SELECT c.name FROM companies c WHERE EXISTS (SELECT 1 FROM jobs j WHERE j.company_id = c.id) ORDER BY c.name LIMIT 1),
          'the whole list starts with the first company that has jobs');
SELECT is(jsonb_array_length(tap_rls.admin_page('admin_jobs', NULL, jsonb_build_object('q', 'Tap Job', 'after', gen_random_uuid()))->'jobs'), 50,
          'an unknown cursor starts at the beginning');

-- job form: the company as text, or the pick step
CREATE TEMP TABLE jf AS SELECT tap_rls.admin_page('admin_job_form', NULL, '{}') AS m;
SELECT is((SELECT m->'choices'->'company_id' FROM jf), NULL, 'no list of every company');
SELECT is((SELECT (m->>'show_form')::boolean FROM jf), false, 'a new job without a company: the pick step only');
SELECT is(jsonb_array_length((SELECT m->'pick'->'companies' FROM jf)), 20, 'the pick step lists 20 companies');
SELECT ok((SELECT m->'pick'->>'next' LIKE '?q=&after=%' FROM jf), 'and pages on');
SELECT is((SELECT array_agg(x->>'name') FROM jsonb_array_elements(tap_rls.admin_page('admin_job_form', NULL, '{"q": "tapping"}')->'pick'->'companies') x),
          ARRAY['Tap Empty Co'], 'the pick step searches names and industries');
CREATE TEMP TABLE jf2 AS SELECT tap_rls.admin_page('admin_job_form', NULL, '{"company_id": "c0000000-0000-4000-a000-000000000002"}') AS m;
SELECT is((SELECT m->'company' FROM jf2), '{"id": "c0000000-0000-4000-a000-000000000002", "name": "Tap Page 02"}'::jsonb,
          '?company_id= names the company');
SELECT ok((SELECT (m->>'show_form')::boolean AND m->'pick' = 'null' AND m->'form'->>'company_id' = 'c0000000-0000-4000-a000-000000000002'
           FROM jf2), 'and the form is shown for it');
CREATE TEMP TABLE jf3 AS SELECT tap_rls.admin_page('admin_job_form', NULL, '{"company_id": "c9999999-0000-4000-a000-000000000002", "title": "x"}') AS m;
SELECT ok((SELECT m->'company' = 'null' AND (m->>'show_form')::boolean AND jsonb_array_length(m->'pick'->'companies') = 20 FROM jf3),
          'an unknown company: the form (a refused one keeps its input) and the pick step');
SELECT is(tap_rls.admin_page('admin_job_form', :JOB::text, '{}')->'company'->>'id', md5('company:1')::uuid::text,
          'editing: the job''s company');
SELECT throws_like($$SELECT app.admin_job_save(NULL, '{"company_id": "c9999999-0000-4000-a000-000000000002", "title": "T",
	"salary_currency": "USD"}', '', '', '')$$, '%company_id%', 'saving still checks the company exists');

-- delete page: counts stop at 100, what blocks is exact
CREATE TEMP TABLE d1 AS SELECT tap_rls.admin_page('admin_company_delete_page', 'c0000000-0000-4000-a000-000000000001', '{}') AS m;
SELECT is((SELECT m->'dependents'->'jobs' FROM d1), '100'::jsonb, 'delete page: jobs counted up to 100');
SELECT is((SELECT m->'more' FROM d1),
          '{"jobs": true, "posts": false, "patterns": false, "sessions": false, "curricula": false, "smart_questions": false}'::jsonb,
          'more.jobs: there are more than 100');
SELECT is((SELECT (m->'dependents'->>'smart_questions')::int || '|' || (m->>'blocked') FROM d1), '1|false', 'exact below 100; nothing blocks');
SELECT is(tap_rls.admin_page('admin_company_delete_page', md5('company:1')::uuid::text, '{}')->'blocked', 'true'::jsonb,
          'sessions and posts block the delete');
SELECT is(tap_rls.admin_page('admin_company_delete_page', gen_random_uuid()::text, '{}'), NULL, 'an unknown company: nothing (404)');

-- versions: sessions counted up to 100
SELECT is((SELECT (x->>'sessions') || '|' || (x->>'sessions_more') FROM jsonb_array_elements(tap_rls.admin_page('admin_job_curricula', :JOB::text, '{}')->'versions') x
           WHERE x->>'id' = :CUR::text), (SELECT count(*) FROM interview_sessions WHERE curriculum_id = :CUR) || '|false',
          'a version''s sessions');
INSERT INTO interview_sessions (user_id, curriculum_id, job_id, status, total_rounds)
SELECT :A, :CUR, :JOB, 'abandoned', 1 FROM generate_series(1, 101);
SELECT is((SELECT (m->'curriculum'->>'sessions') || '|' || (m->'curriculum'->>'sessions_more') || '|' || (m->'curriculum'->>'editable')
           FROM (SELECT tap_rls.admin_page('admin_curriculum', :CUR::text, '{}') AS m) x), '100|true|false',
          'a curriculum: 100 and more, not editable');

SELECT * FROM finish();
ROLLBACK;
