-- 50_feedback: exactly :feedback feedback items (a strength, an improvement, then tips and encouragement)
-- spread over the analyses: item i of analysis a exists when (i - 1) * analyses + a <= :feedback.
\set ON_ERROR_STOP 1
SELECT count(*) AS nanalyses FROM scale.done \gset

-- Item templates per template round, answer strength and item number.
CREATE TABLE scale.fb AS
SELECT t.tid, t.strong, i,
       CASE i WHEN 1 THEN 'strength' WHEN 2 THEN 'improvement' WHEN 3 THEN 'tip' ELSE 'encouragement' END AS category,
       coalesce(CASE i WHEN 1 THEN r.evaluation_criteria->0->>'criterion' WHEN 2 THEN r.evaluation_criteria->2->>'criterion'
                       WHEN 3 THEN (CASE WHEN t.strong THEN 'Impact' ELSE 'Delivery' END) ELSE 'Confidence' END, 'Communication') AS skill,
       CASE i WHEN 1 THEN 'low' WHEN 2 THEN (CASE WHEN t.strong THEN 'medium' ELSE 'high' END) ELSE 'medium' END AS priority,
       CASE i WHEN 1 THEN 'Strong ' || lower(coalesce(r.evaluation_criteria->0->>'criterion', 'structure'))
              WHEN 2 THEN 'Improve ' || lower(coalesce(r.evaluation_criteria->2->>'criterion', 'depth'))
              WHEN 3 THEN (CASE WHEN t.strong THEN 'Quantify your results' ELSE 'Reduce filler words' END)
              ELSE 'You are making progress' END AS title,
       CASE i WHEN 1 THEN 'You did well on ' || lower(coalesce(r.evaluation_criteria->0->>'criterion', 'structure')) || ': '
                          || coalesce(r.evaluation_criteria->0->'scoring_rubric'->>'good', 'clear and specific') || '.'
              WHEN 2 THEN 'To reach the top of the rubric: ' || coalesce(r.evaluation_criteria->2->'scoring_rubric'->>'excellent', 'go deeper')
                          || '. Your answer to "' || left(t.question2, 120) || '" missed an expected point.'
              WHEN 3 THEN (CASE WHEN t.strong THEN 'Results were described in general terms. Numbers make impact concrete and memorable.'
                                ELSE 'Filler words appeared in several answers. A short pause reads as more confident than a filler.' END)
              ELSE 'Your scores in this round are above your previous attempts. Keep practising with the same structure.' END AS body,
       jsonb_build_array(jsonb_build_object('speaker', 'candidate', 'text', left(CASE WHEN i = 2 THEN t.answer2 ELSE t.answer1 END, 160),
                                            'context', left(CASE WHEN i = 2 THEN t.question2 ELSE t.question1 END, 200))) AS evidence,
       CASE WHEN i IN (2, 3) THEN '[{"action": "Re-answer this question covering every expected point", "timeframe": "Next practice"}]'::jsonb
            ELSE '[]'::jsonb END AS actions
FROM scale.tx t JOIN curriculum_rounds r ON r.id = t.tid CROSS JOIN generate_series(1, 4) AS i;
ALTER TABLE scale.fb ADD PRIMARY KEY (tid, strong, i);

BEGIN;
TRUNCATE feedback_items;
INSERT INTO feedback_items (id, analysis_id, user_id, category, skill_area, priority, title, feedback_text, transcript_evidence,
	action_items, recommended_resources, impact_on_success, estimated_improvement_time, created_at)
SELECT scale.id('sfb:' || d.a || ':' || gi.n), scale.id('sanalysis:' || d.s || ':' || d.rn), d.uid, f.category, f.skill, f.priority,
       f.title, f.body, f.evidence, f.actions, '[]', CASE f.i WHEN 2 THEN 'High' WHEN 1 THEN 'Keep doing this' ELSE 'Medium' END,
       CASE WHEN f.i IN (2, 3) THEN '1-2 weeks' END, d.started_at + make_interval(mins => d.minutes)
FROM scale.done d
CROSS JOIN generate_series(1, 4) AS gi(n)
JOIN scale.fb f ON f.tid = d.tid AND f.strong = (d.score >= 65) AND f.i = gi.n
WHERE (gi.n - 1)::bigint * :nanalyses + d.a <= :feedback;
COMMIT;
SELECT format('%s feedback items over %s analyses', least(:feedback, 4 * :nanalyses::bigint), :nanalyses) AS msg \gset
\echo :msg
