-- 43_analyses: an analysis for every completed round: scores around the round's score, and the
-- rubric-based parts (criteria scores, strengths, weaknesses, metrics) of its template round. Stream B.
\set ON_ERROR_STOP 1
-- The rubric-based parts per template round, answer strength and score band (b = score / 10, 2..9):
-- a few thousand rows, so the ten-per-row JSON building is done once, not per analysis. The clones'
-- rubrics are copies of their template round's.
CREATE TABLE scale.an AS
SELECT t.tid, t.strong, b,
       coalesce((SELECT jsonb_object_agg(c->>'criterion', jsonb_build_object(
                        'score', greatest(0, least(100, b * 10 + 5)), 'weight', (c->>'weight')::numeric,
                        'feedback', CASE WHEN b >= 7 THEN c->'scoring_rubric'->>'excellent'
                                         WHEN b >= 6 THEN c->'scoring_rubric'->>'good'
                                         ELSE c->'scoring_rubric'->>'needs_improvement' END))
                 FROM jsonb_array_elements(r.evaluation_criteria) c), '{}') AS scores,
       jsonb_build_array(jsonb_build_object('area', r.evaluation_criteria->0->>'criterion', 'evidence', left(t.answer1, 140),
                                            'impact', 'Shows ' || lower(coalesce(r.evaluation_criteria->0->>'description', 'skill')))) AS strengths,
       jsonb_build_array(jsonb_build_object('area', r.evaluation_criteria->2->>'criterion',
                                            'issue', 'An expected point was not covered', 'example', left(t.answer2, 140),
                                            'improvement', r.evaluation_criteria->2->'scoring_rubric'->>'excellent')) AS weaknesses,
       jsonb_build_object('answers', 3, 'avg_answer_words', t.words / 3, 'filler_words', t.fillers,
                          'filler_per_100_words', round(t.fillers * 100.0 / greatest(t.words, 1), 1), 'hedges', 1) AS metrics
FROM scale.tx t JOIN curriculum_rounds r ON r.id = t.tid CROSS JOIN generate_series(2, 9) AS b;
ALTER TABLE scale.an ADD PRIMARY KEY (tid, strong, b);
ANALYZE scale.an;

BEGIN;
TRUNCATE round_analyses;
INSERT INTO round_analyses (id, session_round_id, user_id, overall_score, technical_accuracy_score, problem_solving_score,
	communication_clarity_score, collaboration_score, enthusiasm_score, criteria_scores, top_strengths, key_weaknesses,
	missed_opportunities, communication_metrics, percentile_rank, analysis_model, analysis_prompt_version,
	processing_time_ms, confidence_score, created_at)
SELECT scale.id('sanalysis:' || d.s || ':' || d.rn), scale.id('ssr:' || d.s || ':' || d.rn), d.uid, d.score,
       CASE WHEN d.round_type IN ('technical_screen', 'coding', 'system_design') THEN greatest(0, least(100, d.score + scale.h(d.a, 44, 13) - 6)) END,
       greatest(0, least(100, d.score + scale.h(d.a, 45, 13) - 6)),
       greatest(0, least(100, d.score + scale.h(d.a, 46, 15) - 8)),
       greatest(0, least(100, d.score + scale.h(d.a, 47, 11) - 3)),
       greatest(0, least(100, d.score + scale.h(d.a, 48, 11) - 2)),
       an.scores, an.strengths, an.weaknesses, '[]', an.metrics,
       NULL, 'preptalk-analysis-1', 'v3', 300 + scale.h(d.a, 49, 900), 0.7 + scale.h(d.a, 50, 25) / 100.0,
       d.started_at + make_interval(mins => d.minutes)
FROM scale.done d
JOIN scale.an an ON an.tid = d.tid AND an.strong = (d.score >= 65) AND an.b = least(9, d.score / 10);
\set n :ROW_COUNT
COMMIT;
\echo :n round analyses
