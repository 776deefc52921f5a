-- 40_rounds: session rounds, and for every completed round its transcript and analysis, built from
-- per-template-round transcripts (strong and weak answers to the round's first three questions).
\set ON_ERROR_STOP 1
BEGIN;
TRUNCATE session_rounds;
INSERT INTO session_rounds (id, session_id, curriculum_round_id, round_number, status, actual_start, actual_end,
	duration_seconds, questions_asked, questions_answered, created_at, updated_at)
SELECT scale.id('ssr:' || x.s || ':' || rm.rn), x.id, rm.cround_id, rm.rn,
       CASE WHEN rm.rn <= x.k THEN 'completed'
            WHEN x.status = 'in_progress' AND rm.rn = x.k + 1 THEN 'in_progress'
            WHEN x.status IN ('abandoned', 'expired') THEN 'abandoned'
            WHEN x.status = 'not_started' AND rm.rn = 1 THEN 'ready'
            ELSE 'not_started' END,
       CASE WHEN rm.rn <= x.k + (x.status = 'in_progress')::int THEN x.created_at + make_interval(mins => (rm.rn - 1) * 35) END,
       CASE WHEN rm.rn <= x.k THEN x.created_at + make_interval(mins => (rm.rn - 1) * 35 + least(rm.duration_minutes, 34)) END,
       CASE WHEN rm.rn <= x.k THEN least(rm.duration_minutes, 34) * 60 END,
       CASE WHEN rm.rn <= x.k THEN 3 END, CASE WHEN rm.rn <= x.k THEN 3 END,
       x.created_at, x.created_at + make_interval(mins => rm.rn * 35)
FROM scale.sess x JOIN scale.roundmap rm ON rm.n = x.n AND rm.rn <= x.r;
COMMIT;
\echo session_rounds done

-- Completed rounds, numbered: a is the analysis number the feedback generator counts with.
CREATE UNLOGGED TABLE scale.done AS
SELECT row_number() OVER () AS a, x.s, rm.rn, x.created_at + make_interval(mins => (rm.rn - 1) * 35) AS started_at,
       least(rm.duration_minutes, 34) AS minutes, rm.tid, rm.round_type, rm.evaluation_criteria,
       greatest(20, least(99, x.base + scale.h(x.s * 32 + rm.rn, 42, 17) - 8
                          + CASE rm.round_type WHEN 'system_design' THEN -6 WHEN 'phone_screen' THEN 6 ELSE 0 END)) AS score
FROM scale.sess x JOIN scale.roundmap rm ON rm.n = x.n AND rm.rn <= x.k;
ANALYZE scale.done;

-- Answer frames as in the demo: strong ones for scores of 65 and more, weak ones below.
CREATE TABLE scale.frames (n int PRIMARY KEY, strong boolean, text text);
INSERT INTO scale.frames VALUES
(1, true,  'Sure. In my last role I ran into exactly this. First, %s. Then %s. The result was that we cut the time it took by about 30 percent, and I wrote it up so other teams could reuse it.'),
(2, false, 'So, basically, um, %s. And, uh, %s, I think. Honestly I have not done the last part in production, so I would probably start small and, you know, see how it goes.');

CREATE TABLE scale.tx AS
WITH tids AS (SELECT DISTINCT tid FROM scale.roundmap),
q AS (
	SELECT t.tid, qa.ord, qa.question_text, qa.points, qa.followups
	FROM tids t
	CROSS JOIN LATERAL (
		SELECT q.question_text, q.expected_answer_points AS points, q.follow_up_questions AS followups,
		       row_number() OVER (ORDER BY q.is_required DESC, q.difficulty, q.id) AS ord
		FROM question_bank q WHERE q.curriculum_round_id = t.tid
		ORDER BY q.is_required DESC, q.difficulty, q.id LIMIT 3) qa
), a AS (
	SELECT q.*, f.strong,
	       format(f.text, lower(coalesce(q.points->>0, 'explain the context')), lower(coalesce(q.points->>1, 'describe the result'))) AS answer
	FROM q CROSS JOIN scale.frames f
), m AS (
	SELECT tid, strong, ord * 10 + 1 AS o, jsonb_build_object('speaker', 'interviewer', 'text', question_text,
	       'timestamp', to_char(make_interval(secs => ord * 420 - 400), 'HH24:MI:SS'), 'is_question', true, 'question_index', ord) AS m
	FROM a
	UNION ALL
	SELECT tid, strong, ord * 10 + 2, jsonb_build_object('speaker', 'candidate', 'text', answer,
	       'timestamp', to_char(make_interval(secs => ord * 420 - 380), 'HH24:MI:SS'), 'is_question', false, 'question_index', ord)
	FROM a
	UNION ALL
	SELECT tid, strong, ord * 10 + 3, jsonb_build_object('speaker', 'interviewer', 'text', coalesce(followups->>0, 'Can you say more?'),
	       'timestamp', to_char(make_interval(secs => ord * 420 - 200), 'HH24:MI:SS'), 'is_question', true, 'is_follow_up', true,
	       'question_index', ord)
	FROM a WHERE NOT strong
	UNION ALL
	SELECT tid, strong, 0, jsonb_build_object('speaker', 'interviewer', 'text', 'Thanks for joining. Let''s get started.',
	       'timestamp', '00:00:05', 'is_question', false)
	FROM (SELECT DISTINCT tid, strong FROM a) o
)
SELECT tid, strong,
       string_agg(m->>'speaker' || ': ' || (m->>'text'), E'\n' ORDER BY o) AS full_text,
       jsonb_agg(m ORDER BY o) AS messages,
       sum(CASE WHEN m->>'speaker' = 'candidate' THEN array_length(regexp_split_to_array(m->>'text', '\s+'), 1) ELSE 0 END)::int AS words,
       sum(CASE WHEN m->>'speaker' = 'candidate' THEN regexp_count(lower(m->>'text'), '\m(um|uh|you know|basically|like)\M') ELSE 0 END)::int AS fillers,
       (array_agg(m->>'text' ORDER BY o) FILTER (WHERE m->>'speaker' = 'candidate'))[1] AS answer1,
       (array_agg(m->>'text' ORDER BY o) FILTER (WHERE m->>'speaker' = 'candidate'))[2] AS answer2,
       (array_agg(m->>'text' ORDER BY o) FILTER (WHERE m->>'speaker' = 'interviewer' AND (m->>'is_question')::boolean))[1] AS question1,
       (array_agg(m->>'text' ORDER BY o) FILTER (WHERE m->>'speaker' = 'interviewer' AND (m->>'is_question')::boolean))[2] AS question2
FROM m GROUP BY tid, strong;
ALTER TABLE scale.tx ADD PRIMARY KEY (tid, strong);

BEGIN;
TRUNCATE round_transcripts;
INSERT INTO round_transcripts (id, session_round_id, full_transcript, messages, total_words, unique_words,
	candidate_speaking_time_seconds, interviewer_speaking_time_seconds, filler_words_count, filler_words,
	speaking_pace_wpm, transcription_provider, processing_completed, processing_duration_ms, created_at, updated_at)
SELECT scale.id('stx:' || d.s || ':' || d.rn), scale.id('ssr:' || d.s || ':' || d.rn), t.full_text, t.messages,
       t.words, (t.words * 0.6)::int, t.words * 60 / 140, 90, t.fillers,
       '["um", "uh", "you know", "basically", "like"]', 140, 'typed', true, 40 + scale.h(d.a, 43, 200),
       d.started_at, d.started_at + make_interval(mins => d.minutes)
FROM scale.done d JOIN scale.tx t ON t.tid = d.tid AND t.strong = (d.score >= 65);
COMMIT;
\echo round_transcripts done

BEGIN;
TRUNCATE round_analyses;
INSERT INTO round_analyses (id, session_round_id, overall_score, technical_accuracy_score, problem_solving_score,
	communication_clarity_score, collaboration_score, enthusiasm_score, criteria_scores, top_strengths, key_weaknesses,
	missed_opportunities, communication_metrics, percentile_rank, analysis_model, analysis_prompt_version,
	processing_time_ms, confidence_score, created_at)
SELECT scale.id('sanalysis:' || d.s || ':' || d.rn), scale.id('ssr:' || d.s || ':' || d.rn), d.score,
       CASE WHEN d.round_type IN ('technical_screen', 'coding', 'system_design') THEN greatest(0, least(100, d.score + scale.h(d.a, 44, 13) - 6)) END,
       greatest(0, least(100, d.score + scale.h(d.a, 45, 13) - 6)),
       greatest(0, least(100, d.score + scale.h(d.a, 46, 15) - 8)),
       greatest(0, least(100, d.score + scale.h(d.a, 47, 11) - 3)),
       greatest(0, least(100, d.score + scale.h(d.a, 48, 11) - 2)),
       cs.scores,
       jsonb_build_array(jsonb_build_object('area', d.evaluation_criteria->0->>'criterion', 'evidence', left(t.answer1, 140),
                                            'impact', 'Shows ' || lower(coalesce(d.evaluation_criteria->0->>'description', 'skill')))),
       jsonb_build_array(jsonb_build_object('area', d.evaluation_criteria->2->>'criterion',
                                            'issue', 'An expected point was not covered', 'example', left(t.answer2, 140),
                                            'improvement', d.evaluation_criteria->2->'scoring_rubric'->>'excellent')),
       '[]',
       jsonb_build_object('answers', 3, 'avg_answer_words', t.words / 3, 'filler_words', t.fillers,
                          'filler_per_100_words', round(t.fillers * 100.0 / greatest(t.words, 1), 1), 'hedges', 1),
       NULL, 'preptalk-analysis-1', 'v3', 300 + scale.h(d.a, 49, 900), 0.7 + scale.h(d.a, 50, 25) / 100.0,
       d.started_at + make_interval(mins => d.minutes)
FROM scale.done d
JOIN scale.tx t ON t.tid = d.tid AND t.strong = (d.score >= 65)
JOIN (SELECT tid, b, coalesce((SELECT jsonb_object_agg(c->>'criterion', jsonb_build_object(
                          'score', greatest(0, least(100, b * 10 + 5)), 'weight', (c->>'weight')::numeric,
                          'feedback', CASE WHEN b >= 7 THEN c->'scoring_rubric'->>'excellent'
                                           WHEN b >= 6 THEN c->'scoring_rubric'->>'good'
                                           ELSE c->'scoring_rubric'->>'needs_improvement' END))
                      FROM jsonb_array_elements(r.evaluation_criteria) c), '{}') AS scores
      FROM (SELECT DISTINCT tid FROM scale.roundmap) tt
      JOIN curriculum_rounds r ON r.id = tt.tid
      CROSS JOIN generate_series(2, 9) AS b) cs ON cs.tid = d.tid AND cs.b = least(9, d.score / 10);
COMMIT;
SELECT format('%s session rounds, %s completed with transcript and analysis',
              (SELECT count(*) FROM session_rounds), (SELECT count(*) FROM scale.done)) AS msg \gset
\echo :msg
