-- 68_row_owners.sql: a round, transcript, analysis and feedback item carry their session's owner
-- (068): filled from the parent when a writer leaves it out, refused when it differs from the
-- parent's, and the row-level security of those tables compares it instead of listing the
-- user's history (the plans of a candidate's read touch no other table).
BEGIN;
\set QUIET 1
\ir fixtures.psql
SELECT plan(12);

-- The fixtures insert children without naming the owner: the trigger filled it from the parent.
SELECT is((SELECT array_agg(DISTINCT user_id) FROM session_rounds WHERE session_id = '00000001-0000-4000-a000-00000000000a'),
	ARRAY[:A]::uuid[], 'a round takes its session''s owner');
SELECT is((SELECT user_id FROM round_transcripts WHERE id = '20000000-0000-4000-a000-00000000000a'), :A::uuid,
	'a transcript takes its round''s owner');
SELECT is((SELECT user_id FROM round_analyses WHERE id = '30000000-0000-4000-a000-00000000000a'), :A::uuid,
	'an analysis takes its round''s owner');
SELECT is((SELECT user_id FROM feedback_items WHERE id = '40000000-0000-4000-a000-00000000000a'), :A::uuid,
	'a feedback item takes its analysis''s owner');

-- An owner that is not the parent's is refused even where row-level security does not apply.
SELECT throws_ok(format('INSERT INTO session_rounds (session_id, user_id, curriculum_round_id, round_number) VALUES (%L, %L, %L, 7)',
	'00000001-0000-4000-a000-00000000000a'::uuid, :B, :CROUND), '23503', NULL, 'a round cannot name another owner than its session''s');
SELECT throws_ok(format('INSERT INTO feedback_items (analysis_id, user_id, category, skill_area, title, feedback_text) VALUES (%L, %L, ''tip'', ''x'', ''x'', ''x'')',
	'30000000-0000-4000-a000-00000000000a'::uuid, :B), '23503', NULL, 'a feedback item cannot name another owner than its analysis''s');
SELECT throws_ok(format('UPDATE interview_sessions SET user_id = %L WHERE id = %L', :B, '00000001-0000-4000-a000-00000000000a'::uuid),
	'23503', NULL, 'a session with rounds cannot change hands');

-- Under row-level security: A writes under B's rows are refused, A's own are filled and kept.
SELECT tap_rls.act_as(:A);
SELECT throws_ok(format('INSERT INTO round_analyses (session_round_id, overall_score, analysis_model) VALUES (%L, 50, ''tap'')',
	'10000000-0000-4000-a000-00000000000b'::uuid), '42501', NULL, 'A cannot add an analysis to B''s round');
SELECT throws_ok(format('INSERT INTO feedback_items (analysis_id, category, skill_area, title, feedback_text) VALUES (%L, ''tip'', ''x'', ''x'', ''x'')',
	'30000000-0000-4000-a000-00000000000b'::uuid), '42501', NULL, 'A cannot add feedback to B''s analysis');
INSERT INTO feedback_items (analysis_id, category, skill_area, title, feedback_text)
VALUES ('30000000-0000-4000-a000-00000000000a', 'tip', 'Pace', 'Slow down', 'A little.');
SELECT is((SELECT count(*) FROM feedback_items WHERE title = 'Slow down' AND user_id = :A), 1::bigint,
	'A adds feedback to A''s own analysis without naming the owner');
RESET ROLE;

-- The policies compare the row's own column: no sub-query over the user's sessions.
SELECT is((SELECT count(*) FROM pg_policies
           WHERE tablename IN ('session_rounds', 'round_transcripts', 'round_analyses', 'feedback_items')
             AND (qual ~ 'interview_sessions|session_rounds|round_analyses' OR with_check ~ 'interview_sessions|session_rounds|round_analyses')),
	0::bigint, 'no child-table policy reads another table');
SELECT is((SELECT count(*) FROM pg_policies
           WHERE tablename IN ('session_rounds', 'round_transcripts', 'round_analyses', 'feedback_items')),
	4::bigint, 'each of the four tables keeps its policy');

SELECT * FROM finish();
ROLLBACK;
