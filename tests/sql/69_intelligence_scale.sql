-- 69_intelligence_scale.sql: migration 069. The Intelligence list without a filter shows the 50
-- most recently updated items of each kind and pages to older ones with a keyset cursor (no row
-- twice, none skipped, ties broken by id); a company filter lists that company's items with only
-- its jobs as choices; q finds companies by name (wildcards literal, 20 at most); the forms take
-- their company from the query, the job or the edited item, start with the company search when
-- there is none, and list that company's jobs only; a job of another company is refused on save.
BEGIN;
\set QUIET 1
\ir fixtures.psql
\set C 'md5(''company:1'')::uuid'
\set C2 'md5(''company:2'')::uuid'
SELECT plan(45);

-- 60 smart questions (company 1) and 60 patterns (company 2, half inactive) updated "later than
-- everything else", two by two at the same instant: they lead the list, newest first.
CREATE TEMP TABLE mine AS
SELECT n, gen_random_uuid() AS q_id, gen_random_uuid() AS p_id, now() + interval '1 day' + (n / 2) * interval '1 second' AS at
FROM generate_series(1, 60) n;
INSERT INTO smart_questions (id, company_id, question_text, source, updated_at)
SELECT q_id, :C, 'Tap recent question ' || n || '?', 'generated', at FROM mine;
INSERT INTO interview_patterns (id, company_id, pattern_type, pattern_content, updated_at, is_active)
SELECT p_id, :C2, 'red_flag', jsonb_build_object('description', 'Tap pattern ' || n), at, n % 2 = 0 FROM mine;
CREATE TEMP TABLE q_order AS SELECT q_id AS id, row_number() OVER (ORDER BY at DESC, q_id DESC) AS k FROM mine;
CREATE TEMP TABLE p_order AS SELECT p_id AS id, row_number() OVER (ORDER BY at DESC, p_id DESC) AS k FROM mine;
CREATE TEMP TABLE other_job AS SELECT (SELECT id FROM jobs WHERE company_id = :C ORDER BY id LIMIT 1) AS mine,
	(SELECT id FROM jobs WHERE company_id <> :C ORDER BY id LIMIT 1) AS theirs;
CREATE TEMP TABLE m (k text PRIMARY KEY, v jsonb);
INSERT INTO companies (name) SELECT 'Tapco ' || to_char(n, 'FM00') FROM generate_series(1, 25) n;
GRANT SELECT ON mine, q_order, p_order, other_job TO preptalk_app;
GRANT ALL ON m TO preptalk_app;

SELECT tap_rls.act_as(:A);
SELECT throws_ok($$SELECT app.admin_intelligence(NULL, '{"q": "a"}')$$, '42501', NULL, 'candidate: the list is refused');
SELECT throws_ok($$SELECT app.admin_smart_question_form(NULL, '{"q": "a"}')$$, '42501', NULL, 'candidate: the form is refused');
RESET ROLE;

-- the list without a filter: the newest 50 of each kind, an "older" cursor, no count of everything
SELECT tap_rls.act_as(:ADM, 'admin');
INSERT INTO m VALUES ('p1', app.admin_intelligence(NULL, '{}')::jsonb);
SELECT is((SELECT array_agg(x->>'id' ORDER BY i) FROM jsonb_array_elements((SELECT v FROM m WHERE k = 'p1')->'questions') WITH ORDINALITY e(x, i)),
          (SELECT array_agg(id::text ORDER BY k) FROM q_order WHERE k <= 50), 'the 50 most recently updated questions, newest first');
SELECT is((SELECT array_agg(x->>'id' ORDER BY i) FROM jsonb_array_elements((SELECT v FROM m WHERE k = 'p1')->'patterns') WITH ORDINALITY e(x, i)),
          (SELECT array_agg(id::text ORDER BY k) FROM p_order WHERE k <= 50), 'the 50 most recently updated patterns, inactive ones too');
SELECT is((SELECT v->'recent' FROM m WHERE k = 'p1'), 'true', 'the page says these are the latest');
SELECT is((SELECT v->'paged' FROM m WHERE k = 'p1'), 'false', 'the first page is not an older one');
SELECT alike((SELECT v->>'questions_older' FROM m WHERE k = 'p1'), '?kind=questions&before=%', 'an older link for questions');
SELECT alike((SELECT v->>'patterns_older' FROM m WHERE k = 'p1'), '?kind=patterns&before=%', 'and for patterns');
SELECT is((SELECT v->'choices'->'job_id' FROM m WHERE k = 'p1'), '[]', 'no job choices without a company');
SELECT ok((SELECT NOT (v->'choices' ? 'company_id') FROM m WHERE k = 'p1'), 'no company choices at all');
SELECT is((SELECT (v->'questions'->0->>'company') FROM m WHERE k = 'p1'), (SELECT name FROM companies WHERE id = :C),
          'each row names its company');

-- older: the next 50 from the cursor, from where the first page stopped, then the rest
INSERT INTO m VALUES ('p2', app.admin_intelligence(NULL, jsonb_build_object('kind', 'questions',
	'before', split_part((SELECT v->>'questions_older' FROM m WHERE k = 'p1'), 'before=', 2)))::jsonb);
SELECT is((SELECT array_agg(x->>'id' ORDER BY i) FROM jsonb_array_elements((SELECT v FROM m WHERE k = 'p2')->'questions') WITH ORDINALITY e(x, i)
           WHERE i <= 10),
          (SELECT array_agg(id::text ORDER BY k) FROM q_order WHERE k > 50), 'the older page starts right after the first (ties by id)');
SELECT is((SELECT jsonb_array_length(v->'questions') FROM m WHERE k = 'p2'), 50, 'and is full');
SELECT is((SELECT v->'patterns' FROM m WHERE k = 'p2'), '[]', 'kind=questions: no patterns');
SELECT is((SELECT v->'paged' FROM m WHERE k = 'p2'), 'true', 'an older page says so');
SELECT is((SELECT count(*)::int FROM jsonb_array_elements((SELECT v FROM m WHERE k = 'p1')->'questions') a
           JOIN jsonb_array_elements((SELECT v FROM m WHERE k = 'p2')->'questions') b ON a->>'id' = b->>'id'), 0,
          'no question on both pages');
SELECT is(app.admin_intelligence(NULL, '{"before": "nonsense"}')::jsonb->'questions'->0->>'id',
          (SELECT id::text FROM q_order WHERE k = 1), 'a malformed cursor shows the newest');
SELECT is(app.admin_intelligence(NULL, '{"before": "99999999999999999999_ffffffff-ffff-ffff-ffff-ffffffffffff"}')::jsonb->'questions'->0->>'id',
          (SELECT id::text FROM q_order WHERE k = 1), 'so does one past bigint');
SELECT is(jsonb_array_length(app.admin_intelligence(NULL, '{"before": "1_00000000-0000-0000-0000-000000000000"}')::jsonb->'questions'),
          0, 'nothing is older than 1970');

-- a company filter: its items only, its jobs only, no older link; a job filter brings its company
INSERT INTO m VALUES ('c', app.admin_intelligence(NULL, jsonb_build_object('company_id', :C, 'kind', 'questions'))::jsonb);
SELECT is((SELECT count(*)::int FROM jsonb_array_elements((SELECT v FROM m WHERE k = 'c')->'questions') x WHERE (x->>'company_id')::uuid <> :C),
          0, 'company filter: only its questions');
SELECT is((SELECT jsonb_array_length(v->'questions') FROM m WHERE k = 'c'),
          (SELECT count(*)::int FROM smart_questions WHERE company_id = :C), 'all of them (fewer than 200)');
SELECT is((SELECT array_agg(x->>'value' ORDER BY x->>'value') FROM jsonb_array_elements((SELECT v FROM m WHERE k = 'c')->'choices'->'job_id') x),
          (SELECT array_agg(id::text ORDER BY id::text) FROM jobs WHERE company_id = :C), 'job choices: the company''s jobs only');
SELECT is((SELECT v->'company'->>'name' FROM m WHERE k = 'c'), (SELECT name FROM companies WHERE id = :C), 'the company is named');
SELECT ok((SELECT v->'questions_older' = 'null' AND v->'recent' = 'false' AND v->'questions_more' = 'false' FROM m WHERE k = 'c'),
          'no older link, not "latest", nothing more');
SELECT is(app.admin_intelligence(NULL, jsonb_build_object('job_id', (SELECT mine FROM other_job)))::jsonb->'company'->>'id',
          :C::text, 'a job filter alone shows its company');
SELECT is(app.admin_intelligence(NULL, jsonb_build_object('company_id', gen_random_uuid()))::jsonb->>'company_missing',
          'true', 'an unknown company: said so, nothing listed');

-- q: companies whose name contains it, 20 at most, wildcards literal
SELECT is((SELECT array_agg(x->>'name') FROM jsonb_array_elements(app.admin_intelligence(NULL, '{"q": "& finch"}')::jsonb->'companies') x),
          '{"Maple & Finch Retail"}', 'q finds a company by part of its name, any case');
SELECT is(jsonb_array_length(app.admin_intelligence(NULL, '{"q": "%"}')::jsonb->'companies'), 0, 'wildcards are literal');
SELECT is((SELECT jsonb_array_length(v->'companies') || '/' || (v->>'companies_more') || '/' || (v->'companies'->0->>'name')
           FROM (SELECT app.admin_intelligence(NULL, '{"q": "TAPCO"}')::jsonb AS v) x), '20/true/Tapco 01', 'at most 20, by name, with "more"');

-- forms: the company step, then that company's jobs
INSERT INTO m VALUES ('new', app.admin_smart_question_form(NULL, '{}')::jsonb);
SELECT ok((SELECT (v->>'pick')::boolean AND v->'company' = 'null' AND v->'choices'->'job_id' = '[]' FROM m WHERE k = 'new'),
          'a new form without a company starts with the company search');
SELECT is((SELECT array_agg(x->>'name') FROM jsonb_array_elements(app.admin_pattern_form(NULL, '{"q": "northwind"}')::jsonb->'companies') x),
          (SELECT array_agg(name) FROM companies WHERE name ILIKE '%northwind%'), 'the search lists the matching companies');
INSERT INTO m VALUES ('newc', app.admin_pattern_form(NULL, jsonb_build_object('company_id', :C))::jsonb);
SELECT ok((SELECT NOT (v->>'pick')::boolean AND v->'company'->>'id' = :C::text AND v->'form'->>'company_id' = :C::text FROM m WHERE k = 'newc'),
          'with ?company_id= the form shows that company');
SELECT is((SELECT array_agg(x->>'value' ORDER BY x->>'value') FROM jsonb_array_elements((SELECT v FROM m WHERE k = 'newc')->'choices'->'job_id') x),
          (SELECT array_agg(id::text ORDER BY id::text) FROM jobs WHERE company_id = :C), 'and its jobs only');
SELECT is((SELECT v->>'form_path' FROM m WHERE k = 'newc'), '/admin/intelligence/patterns/new', 'the company links come back to this form');
INSERT INTO m VALUES ('newj', app.admin_smart_question_form(NULL, jsonb_build_object('job_id', (SELECT mine FROM other_job)))::jsonb);
SELECT is((SELECT (v->'company'->>'id') || '|' || (v->'form'->>'job_id') FROM m WHERE k = 'newj'),
          :C::text || '|' || (SELECT mine FROM other_job), 'with ?job_id= the job''s company, the job chosen');
INSERT INTO m VALUES ('edit', app.admin_smart_question_form((SELECT q_id::text FROM mine WHERE n = 1), '{}')::jsonb);
SELECT ok((SELECT NOT (v->>'pick')::boolean AND v->'company'->>'id' = :C::text
          AND v->>'form_path' = '/admin/intelligence/questions/' || (SELECT q_id FROM mine WHERE n = 1) || '/edit' FROM m WHERE k = 'edit'),
          'edit: the item''s company');
SELECT ok(app.admin_smart_question_form((SELECT q_id::text FROM mine WHERE n = 1), '{"q": ""}')::jsonb->'pick' = 'true',
          'edit with q: the company search (to move it)');
SELECT is(app.admin_pattern_form((SELECT p_id::text FROM mine WHERE n = 1), jsonb_build_object('company_id', :C))::jsonb->'company'->>'id',
          :C::text, 'edit with ?company_id=: that company instead');
-- a refused save passes its submission: a job of another company is not kept as a choice
SELECT is(app.admin_smart_question_form(NULL, jsonb_build_object('company_id', :C, 'job_id', (SELECT theirs FROM other_job)))::jsonb->'form'->>'job_id',
          '', 'a job of another company is not chosen on the form');
SELECT ok(length(app.admin_smart_question_form((SELECT q_id::text FROM mine WHERE n = 1), '{}')::text) < 5000, 'the form model is small');
SELECT ok(length(app.admin_intelligence(NULL, '{}')::text) < 100000, 'the list model is bounded');

-- saving: the job must belong to the company (server side), and nothing is written when it does not
SELECT throws_ok(format($$SELECT app.admin_smart_question_save(NULL, %L, '', '', '')$$,
                        jsonb_build_object('company_id', :C, 'job_id', (SELECT theirs FROM other_job),
                                           'question_text', 'Whose job is this?', 'source', 'generated')),
                 'P0001', 'job_id: This job belongs to another company: choose its company, or no company.',
                 'a question: a job of another company is refused');
SELECT throws_ok(format($$SELECT app.admin_pattern_save(%L, %L, '', '', '')$$, (SELECT p_id FROM mine WHERE n = 2),
                        jsonb_build_object('company_id', :C2, 'job_id', (SELECT mine FROM other_job), 'pattern_type', 'red_flag',
                                           'description', 'x', 'occurrence_count', '1', 'total_observations', '1',
                                           'confidence_score', '0.5', 'last_observed', to_char(current_date, 'YYYY-MM-DD'))),
                 'P0001', 'job_id: This job belongs to another company: choose its company, or no company.',
                 'a pattern: likewise');
SELECT lives_ok(format($$SELECT app.admin_smart_question_save(%L, %L, '', '', '')$$, (SELECT q_id FROM mine WHERE n = 3),
                        jsonb_build_object('company_id', :C, 'job_id', (SELECT mine FROM other_job),
                                           'question_text', 'Tap job question?', 'source', 'generated')),
                'a job of the company is accepted');
RESET ROLE;
SELECT is((SELECT job_id FROM smart_questions WHERE id = (SELECT q_id FROM mine WHERE n = 3)), (SELECT mine FROM other_job),
          'and saved');

SELECT * FROM finish();
ROLLBACK;
