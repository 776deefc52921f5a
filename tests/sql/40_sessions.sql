-- 40_sessions.sql: the practice and report functions of migration 040: start spends a credit,
-- questions in order with a follow-up after a weak answer, answer validation, another user's
-- session invisible, finishing and skipping rounds until the session completes with its
-- percentile, refund on failure, reports, dashboard and the credits ledger.
BEGIN;
\set QUIET 1
\ir fixtures.psql
SELECT plan(29);

SELECT ok(app.point_covered('Trade-offs considered', to_tsvector('english', 'I considered the trade-offs carefully')),
	'a point is covered through stems');
SELECT ok(NOT app.point_covered('A measurable outcome with numbers', to_tsvector('english', 'It went fine')),
	'a point whose words are absent is not covered');
SELECT is((SELECT array_agg(is_required ORDER BY ord) FROM app.round_questions(:CROUND)),
	(SELECT array_agg(r ORDER BY r DESC) FROM (SELECT is_required AS r FROM app.round_questions(:CROUND)) x),
	'required questions come first');

-- A starts a session as the workers do.
SELECT tap_rls.act_as(:A);
CREATE TEMP TABLE started AS SELECT (app.session_begin(:JOB, '127.0.0.1', 'tap', 'r1')->>'id')::uuid AS id;
RESET ROLE;
SELECT is((SELECT monthly_credits + bonus_credits FROM user_credits WHERE user_id = :A), 4, 'starting spent one credit');
SELECT is((SELECT count(*)::int FROM audit_logs WHERE action = 'session_start' AND user_id = :A), 1, 'the start is audited');

SELECT tap_rls.act_as(:A);
CREATE TEMP TABLE p1 AS SELECT (app.session_page((SELECT id FROM started))->'round'->'prompt')::jsonb AS p;
SELECT is((SELECT p->>'number' FROM p1), '1', 'the first prompt is question 1');
SELECT throws_ok(format('SELECT app.session_answer(%L, %L, %L, '''', '''', '''')', (SELECT id FROM started),
	(SELECT p->>'question_id' FROM p1), '   '), 'P0001', 'answer: Type your answer before sending it.', 'an empty answer is refused');
SELECT throws_ok(format('SELECT app.session_answer(%L, %L, ''hello'', '''', '''', '''')', (SELECT id FROM started),
	gen_random_uuid()), 'P0001', 'question: This question is not part of the current round.', 'a foreign question is refused');
SELECT throws_ok(format('SELECT app.session_answer(%L, %L, %L, '''', '''', '''')', (SELECT id FROM started),
	(SELECT p->>'question_id' FROM p1), repeat('x', 10001)), 'P0001', NULL, 'an answer over 10,000 characters is refused');
CREATE TEMP TABLE a1 AS SELECT app.session_answer((SELECT id FROM started), (SELECT (p->>'question_id')::uuid FROM p1),
	'I guess maybe.', '', '', 'r2')::jsonb AS r;
SELECT ok((SELECT (r->'next'->>'is_follow_up')::boolean FROM a1), 'a weak answer is followed up');
SELECT is((SELECT r->'next'->>'question_id' FROM a1), (SELECT p->>'question_id' FROM p1), 'the follow-up belongs to the same question');
SELECT throws_ok(format('SELECT app.session_answer(%L, ''not-a-uuid'', ''again'', '''', '''', '''')', (SELECT id FROM started)),
	'22P02', NULL, 'a malformed question id is an input error');
SELECT is((SELECT jsonb_array_length(t.messages) FROM round_transcripts t JOIN session_rounds sr ON sr.id = t.session_round_id
           WHERE sr.session_id = (SELECT id FROM started)), 2, 'the question and the answer are saved at once');
RESET ROLE;

-- B sees nothing of A's session and cannot write to it.
SELECT tap_rls.act_as(:B);
SELECT is(app.session_page((SELECT id FROM started))::text, NULL, 'B gets no page for A''s session');
SELECT throws_ok(format('SELECT app.session_answer(%L, %L, ''mine'', '''', '''', '''')', (SELECT id FROM started),
	(SELECT p->>'question_id' FROM p1)), 'P0002', NULL, 'B cannot answer in A''s session');
SELECT is(app.round_report((SELECT id FROM started), 1)::text, NULL, 'B gets no report of A''s session');
RESET ROLE;

-- A answers the follow-up, then finishes round 1 with a (small) engine result.
SELECT tap_rls.act_as(:A);
SELECT lives_ok(format('SELECT app.session_answer(%L, %L, ''I measured it and cut errors by 40 percent.'', '''', '''', '''')',
	(SELECT id FROM started), (SELECT p->>'question_id' FROM p1)), 'the follow-up is answered');
SELECT is((app.round_input((SELECT id FROM started), 1)->>'answers')::int, 2, 'round_input counts the answers');
SELECT ok(json_array_length(app.round_input((SELECT id FROM started), 1)->'input'->'questions') >= 4,
	'round_input carries the round''s questions');
CREATE TEMP TABLE fin AS SELECT app.round_finish((SELECT id FROM started), 1,
	'{"overall_score": 64.5, "scores": {"communication_clarity": {"score": 70, "contributions": [{"name": "baseline", "points": 100, "why": "x"}]}},
	  "metrics": {"total_words": 12, "filler_words_count": 1, "filler_words": [{"word": "um", "count": 1}]},
	  "strengths": [{"area": "Impact", "title": "Quantified", "evidence": "cut errors by 40 percent"}],
	  "feedback_items": [{"category": "improvement", "skill_area": "content", "priority": "high", "title": "Cover the points",
	                      "text": "You covered 0 of 3 points.", "evidence": [{"text": "I guess maybe."}], "action_items": [{"action": "Practise"}]}]}',
	NULL, NULL, NULL, 12, '', '', 'r3')::jsonb AS r;
SELECT is((SELECT r->>'session_completed' FROM fin), 'false', 'the session continues after round 1');
SELECT is((SELECT current_round FROM interview_sessions WHERE id = (SELECT id FROM started)), 2, 'round 2 is current');
SELECT is((SELECT count(*)::int FROM feedback_items f JOIN round_analyses a ON a.id = f.analysis_id
           JOIN session_rounds sr ON sr.id = a.session_round_id WHERE sr.session_id = (SELECT id FROM started)), 1,
	'the feedback items are stored with the analysis');
SELECT throws_ok(format('SELECT app.round_finish(%L, 1, ''{"overall_score": 1}'', NULL, NULL, NULL, 1, '''', '''', '''')',
	(SELECT id FROM started)), 'P0003', NULL, 'a round is finished once');
SELECT is((app.round_report((SELECT id FROM started), 1)::json->>'overall_score')::numeric, 64.5, 'the round report shows the score');
SELECT ok((app.round_report((SELECT id FROM started), 1)::json->'transcript'->1->'highlights')::jsonb ? 'I guess maybe.',
	'the evidence is found in the transcript');

-- Skip the remaining rounds: the last skip completes the session with the session-level result.
SELECT app.round_skip((SELECT id FROM started), n, NULL, '', '', '') FROM generate_series(2, (SELECT total_rounds - 1 FROM interview_sessions WHERE id = (SELECT id FROM started))) n;
SELECT throws_ok(format('SELECT app.round_skip(%L, %s, NULL, '''', '''', '''')', (SELECT id FROM started),
	(SELECT total_rounds FROM interview_sessions WHERE id = (SELECT id FROM started))), 'P0003', NULL,
	'the last round needs the session-level analysis');
SELECT lives_ok(format('SELECT app.round_skip(%L, %s, ''{"overall_score": 64.5, "readiness_assessment": "almost_ready"}'', '''', '''', '''')',
	(SELECT id FROM started), (SELECT total_rounds FROM interview_sessions WHERE id = (SELECT id FROM started))), 'the last round is skipped');
SELECT is((SELECT status || '/' || readiness_assessment || '/' || (percentile_rank IS NOT NULL)
           FROM interview_sessions WHERE id = (SELECT id FROM started)), 'completed/almost_ready/true',
	'the session completes with readiness and a percentile against the job');
SELECT ok(app.session_report((SELECT id FROM started)) IS NOT NULL AND app.dashboard_page() IS NOT NULL
          AND (app.credits_page(NULL)->'balance'->>'total')::int = 4, 'reports, dashboard and credits answer');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
