-- 52_admin_intelligence.sql: the intelligence admin functions of migration 052: admins only
-- (42501 for anyone else), per-field validation that writes nothing, company/job targeting, every
-- write audited, verify/deactivate flags, deletes; and edits reach the cached company page at once.
BEGIN;
\set QUIET 1
\ir fixtures.psql
\set C 'md5(''company:1'')::uuid'
SELECT plan(28);

-- The company page as a visitor would get it (through the cache of 032).
CREATE FUNCTION pg_temp.cpage(p_company uuid) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	m text;
BEGIN
	PERFORM tap_rls.act_as(NULL);
	m := app.company_page(p_company, NULL, '/api/v1/companies/' || p_company);
	RESET ROLE;
	RETURN m::jsonb;
END;
$$;
CREATE FUNCTION pg_temp.page_questions(p_company uuid) RETURNS text[]
LANGUAGE sql AS $$
	SELECT coalesce(array_agg(x->>'text'), '{}') FROM jsonb_array_elements(pg_temp.cpage(p_company)->'questions_by_round') g,
	       jsonb_array_elements(g->'questions') x
$$;
CREATE FUNCTION pg_temp.page_patterns(p_company uuid) RETURNS jsonb
LANGUAGE sql AS $$ SELECT pg_temp.cpage(p_company)->'patterns' $$;

CREATE TEMP TABLE ids (k text PRIMARY KEY, id uuid);
GRANT ALL ON ids TO preptalk_app;
CREATE TEMP TABLE job AS SELECT (SELECT id FROM jobs WHERE company_id = :C ORDER BY id LIMIT 1) AS id,
	(SELECT id FROM jobs WHERE company_id <> :C ORDER BY id LIMIT 1) AS other;
GRANT SELECT ON job TO preptalk_app;

-- a candidate is refused everything
SELECT tap_rls.act_as(:A);
SELECT throws_ok($$SELECT app.admin_intelligence(NULL, '{}')$$, '42501', NULL, 'candidate: list refused');
SELECT throws_ok(format($$SELECT app.admin_smart_question_save(NULL, %L, '', '', '')$$,
                        jsonb_build_object('company_id', :C, 'question_text', 'Sneaky question?', 'source', 'generated')),
                 '42501', NULL, 'candidate: cannot create a smart question');
SELECT throws_ok(format($$SELECT app.admin_pattern_verify(%L, '{}', '', '', '')$$,
                        (SELECT id FROM interview_patterns WHERE company_id = :C LIMIT 1)),
                 '42501', NULL, 'candidate: cannot verify a pattern');
RESET ROLE;

-- warm the company page, then write as the admin
SELECT ok(pg_temp.cpage(:C) IS NOT NULL, 'the company page is built');
SELECT ok((SELECT head IS NOT NULL FROM app.page_cache WHERE key = 'company:' || :C), 'and cached');
SELECT tap_rls.act_as(:ADM, 'admin');
SELECT throws_ok(format($$SELECT app.admin_smart_question_save(NULL, %L, '', '', '')$$,
                        jsonb_build_object('company_id', :C, 'question_text', 'Why?', 'source', 'generated')),
                 'P0001', 'question_text: Write the question in 5 to 1000 characters.', 'one error: field: message');
SELECT throws_like(format($$SELECT app.admin_smart_question_save(NULL, %L, '', '', '')$$,
                          jsonb_build_object('company_id', :C, 'job_id', (SELECT other FROM job), 'question_text', 'Why?',
                                             'question_category', 'gossip', 'source', 'x')),
                   '{%"job_id"%"source"%', 'several errors: one JSON object');
SELECT throws_ok($$SELECT app.admin_smart_question_save(NULL, '{"question_text": "Which company?", "source": "generated"}', '', '', '')$$,
                 'P0001', 'company_id: Choose a company, a job, or both.', 'a company or a job is needed');
SELECT lives_ok(format($$INSERT INTO ids SELECT 'q', (app.admin_smart_question_save(NULL, %L, '10.0.0.9', 'tap', 'tap-intel-1')->>'id')::uuid$$,
                       jsonb_build_object('company_id', :C, 'question_text', 'What does <b>great</b> look like here?',
                                          'question_category', 'culture', 'best_asked_in_round', 'final',
                                          'follow_up_suggestions', E'One\n\nTwo', 'source', 'expert_curated')),
                'a valid smart question is created');
RESET ROLE;
SELECT is((SELECT follow_up_suggestions FROM smart_questions WHERE id = (SELECT id FROM ids WHERE k = 'q')),
          '["One", "Two"]'::jsonb, 'follow-ups from lines');
SELECT is((SELECT action || '|' || entity_type || '|' || (admin_id = :ADM)::text || '|' || host(ip_address) FROM audit_logs
           WHERE request_id = 'tap-intel-1'), 'smart_question_create|smart_question|true|10.0.0.9', 'the create is audited');
SELECT ok('What does <b>great</b> look like here?' = ANY (pg_temp.page_questions(:C)), 'the new question shows on the cached company page');

-- moving it to a job: its company comes along, it leaves the company-wide list
SELECT tap_rls.act_as(:ADM, 'admin');
SELECT lives_ok(format($$SELECT app.admin_smart_question_save(%L, %L, '', '', 'tap-intel-2')$$, (SELECT id FROM ids WHERE k = 'q'),
                       jsonb_build_object('job_id', (SELECT id FROM job), 'question_text', 'Job-level question?', 'source', 'generated')),
                'the question moves to a job');
RESET ROLE;
SELECT is((SELECT company_id FROM smart_questions WHERE id = (SELECT id FROM ids WHERE k = 'q')), :C, 'the job''s company is set');
SELECT ok(NOT ('Job-level question?' = ANY (pg_temp.page_questions(:C))) AND NOT ('What does <b>great</b> look like here?' = ANY (pg_temp.page_questions(:C))),
          'a job-level question is not on the company page');
SELECT is((SELECT old_values->>'question_text' || '|' || (new_values->>'question_text') FROM audit_logs WHERE request_id = 'tap-intel-2'),
          'What does <b>great</b> look like here?|Job-level question?', 'the update keeps old and new values');

-- patterns
SELECT tap_rls.act_as(:ADM, 'admin');
SELECT throws_like(format($$SELECT app.admin_pattern_save(NULL, %L, '', '', '')$$,
                          jsonb_build_object('company_id', :C, 'pattern_type', 'red_flag', 'description', 'x',
                                             'occurrence_count', '5', 'total_observations', '2', 'confidence_score', '0.5',
                                             'last_observed', '2025-02-30')),
                   '{%"occurrence_count"%', 'counts and dates are checked');
SELECT lives_ok(format($$INSERT INTO ids SELECT 'p', (app.admin_pattern_save(NULL, %L, '', '', 'tap-intel-3')->>'id')::uuid$$,
                       jsonb_build_object('company_id', :C, 'pattern_type', 'success_factor', 'description', 'Tap pattern',
                                          'context', 'ctx', 'examples', E'e1\ne2', 'occurrence_count', '3',
                                          'total_observations', '4', 'confidence_score', '0.35',
                                          'last_observed', to_char(current_date, 'YYYY-MM-DD'), 'is_active', 'on')),
                'a valid pattern is created');
RESET ROLE;
SELECT is((SELECT pattern_content FROM interview_patterns WHERE id = (SELECT id FROM ids WHERE k = 'p')),
          '{"description": "Tap pattern", "context": "ctx", "examples": ["e1", "e2"]}'::jsonb, 'content from real fields');
SELECT ok(EXISTS (SELECT 1 FROM jsonb_array_elements(pg_temp.page_patterns(:C)) x WHERE x->>'description' = 'Tap pattern'
                  AND NOT (x->>'verified')::boolean), 'the pattern shows, not verified');
SELECT tap_rls.act_as(:ADM, 'admin');
SELECT lives_ok(format($$SELECT app.admin_pattern_verify(%L, '{}', '', '', 'tap-intel-4')$$, (SELECT id FROM ids WHERE k = 'p')),
                'verify');
SELECT throws_ok(format($$SELECT app.admin_pattern_verify(%L, '{}', '', '', '')$$, (SELECT id FROM ids WHERE k = 'p')),
                 'P0001', 'form: This pattern is already verified.', 'verifying twice says so');
RESET ROLE;
SELECT ok(EXISTS (SELECT 1 FROM jsonb_array_elements(pg_temp.page_patterns(:C)) x WHERE x->>'description' = 'Tap pattern'
                  AND (x->>'verified')::boolean), 'verified on the company page');
SELECT tap_rls.act_as(:ADM, 'admin');
SELECT lives_ok(format($$SELECT app.admin_pattern_deactivate(%L, '{}', '', '', 'tap-intel-5')$$, (SELECT id FROM ids WHERE k = 'p')),
                'deactivate');
RESET ROLE;
SELECT ok(NOT EXISTS (SELECT 1 FROM jsonb_array_elements(pg_temp.page_patterns(:C)) x WHERE x->>'description' = 'Tap pattern'),
          'an inactive pattern leaves the company page');
SELECT tap_rls.act_as(:ADM, 'admin');
SELECT lives_ok(format($$SELECT app.admin_pattern_delete(%L, '{}', '', '', 'tap-intel-6')$$, (SELECT id FROM ids WHERE k = 'p')),
                'delete a pattern');
SELECT throws_ok(format($$SELECT app.admin_smart_question_delete(%L, '{}', '', '', '')$$, gen_random_uuid()),
                 'P0002', NULL, 'deleting what is not there: not found');
RESET ROLE;
SELECT is((SELECT string_agg(action, ',' ORDER BY request_id) FROM audit_logs WHERE request_id LIKE 'tap-intel-%'),
          'smart_question_create,smart_question_update,pattern_create,pattern_verify,pattern_deactivate,pattern_delete',
          'every write left its audit row');

SELECT * FROM finish();
ROLLBACK;
