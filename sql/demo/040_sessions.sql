-- 040_sessions.sql: practice history. Each candidate practises for one or two jobs, improving over
-- time; every completed round has a transcript (questions from its bank, answers that cover some
-- of the expected points), an analysis with scores and evidence, and feedback items. The credit
-- ledger is written so that it sums to each balance.
CREATE TABLE demo.people AS
SELECT 'u' || n AS key, demo.id('user:' || n) AS user_id, n_sessions, 45 + demo.h('skill' || n, 28) AS base
FROM demo.users
UNION ALL SELECT 'demo', demo.id('user:demo'), 8, 52;

CREATE TABLE demo.sessions AS
SELECT demo.id('session:' || p.key || ':' || t) AS id, p.key, p.user_id, t, p.n_sessions, p.base,
       CASE WHEN p.key = 'demo' THEN (ARRAY[2, 7, 2, 7, 2, 13, 2, 7])[t]
            WHEN t % 2 = 1 THEN 1 + demo.h('j1' || p.key, 150) ELSE 1 + demo.h('j2' || p.key, 150) END AS job_n,
       now() - make_interval(days => (p.n_sessions - t) * 18 + 2 + demo.h('d' || p.key || t, 9),
                             hours => demo.h('hr' || p.key || t, 10)) AS completed_at
FROM demo.people p
CROSS JOIN LATERAL generate_series(1, p.n_sessions) AS t;

CREATE TABLE demo.frames (n int PRIMARY KEY, strong boolean, text text);
INSERT INTO demo.frames VALUES
(1, true,  'Sure. In my last role I ran into exactly this. First, %s. Then %s. The result was that we cut the time it took by about 30 percent, and I wrote it up so other teams could reuse it.'),
(2, true,  'Good question. The way I approach it: %s. I also make sure that %s. When I did this last year, I learned to check in with the people affected early, which saved us a week of rework.'),
(3, false, 'So, basically, um, %s. And, uh, %s, I think. Honestly I have not done the last part in production, so I would probably start small and, you know, see how it goes.'),
(4, true,  'Let me give you a concrete example. I led the work on a billing migration. I started with this: %s. Then I focused on the fact that %s. We shipped two weeks early and errors dropped by 40 percent.'),
(5, false, 'Hmm, I guess %s. Maybe also %s. I am not completely sure, it sort of depends on the team, like, what they usually do.');

-- one row per round of each session
CREATE TABLE demo.rounds AS
SELECT s.id AS session_id, s.key, s.t, s.user_id, s.job_n, cr.id AS cround_id, cr.round_number, cr.round_type,
       cr.duration_minutes, cr.evaluation_criteria,
       demo.id('sround:' || s.key || ':' || s.t || ':' || cr.round_number) AS id,
       greatest(25, least(97, s.base + s.t * 4 + demo.h('rs' || s.key || s.t || cr.round_number, 17) - 8
                          + CASE cr.round_type WHEN 'system_design' THEN -6 WHEN 'phone_screen' THEN 6 ELSE 0 END)) AS score,
       s.completed_at - make_interval(mins => (SELECT sum(r2.duration_minutes)::int FROM curriculum_rounds r2
                                               WHERE r2.curriculum_id = cr.curriculum_id AND r2.round_number >= cr.round_number)) AS started_at
FROM demo.sessions s
JOIN curriculum_rounds cr ON cr.curriculum_id = demo.id('curriculum:' || s.job_n);

-- the first three questions of each round (required first) with the candidate's answer
CREATE TABLE demo.answers AS
SELECT r.id AS round_id, qa.ord, qa.question_text, qa.points, qa.followups,
       format(f.text, lower(left(qa.points->>0, 1)) || substr(qa.points->>0, 2),
                      lower(left(qa.points->>1, 1)) || substr(qa.points->>1, 2)) AS answer,
       f.strong
FROM demo.rounds r
CROSS JOIN LATERAL (
	SELECT q.question_text, q.expected_answer_points AS points, q.follow_up_questions AS followups,
	       row_number() OVER (ORDER BY q.is_required DESC, q.difficulty, q.id) AS ord
	FROM question_bank q WHERE q.curriculum_round_id = r.cround_id
	ORDER BY q.is_required DESC, q.difficulty, q.id LIMIT 3) qa
JOIN demo.frames f ON f.n = CASE WHEN r.score >= 65 THEN (ARRAY[1, 2, 4])[1 + demo.h('f' || r.id || qa.ord, 3)]
                                 ELSE (ARRAY[3, 5, 2])[1 + demo.h('f' || r.id || qa.ord, 3)] END;
CREATE INDEX ON demo.answers (round_id, ord);
CREATE INDEX ON demo.rounds (id);
ANALYZE demo.answers;
ANALYZE demo.rounds;

INSERT INTO interview_sessions (id, user_id, curriculum_id, job_id, status, started_at, last_activity_at, completed_at,
	expires_at, total_rounds, current_round, rounds_completed, total_duration_seconds, total_speaking_time_seconds,
	total_thinking_time_seconds, overall_score, readiness_assessment, strengths, weaknesses, key_improvements,
	recommended_focus_areas, device_info, created_at)
SELECT s.id, s.user_id, demo.id('curriculum:' || s.job_n), demo.id('job:' || s.job_n), 'completed',
       min(r.started_at), s.completed_at, s.completed_at, min(r.started_at) + interval '7 days',
       count(*), count(*) + 1, count(*), sum(r.duration_minutes) * 60, sum(r.duration_minutes) * 30, sum(r.duration_minutes) * 6,
       round(avg(r.score), 1),
       CASE WHEN avg(r.score) >= 80 THEN 'ready' WHEN avg(r.score) >= 70 THEN 'almost_ready'
            WHEN avg(r.score) >= 55 THEN 'needs_practice' ELSE 'significant_gaps' END,
       jsonb_build_array((array_agg(r.evaluation_criteria->0->>'criterion' ORDER BY r.score DESC))[1]),
       jsonb_build_array((array_agg(r.evaluation_criteria->2->>'criterion' ORDER BY r.score))[1]),
       jsonb_build_array('Quantify the result of every example', 'Lead with the decision you made, then the context'),
       jsonb_build_array((array_agg(r.round_type ORDER BY r.score))[1]),
       '{"client": "web", "input": "typed"}', min(r.started_at)
FROM demo.sessions s JOIN demo.rounds r ON r.session_id = s.id
GROUP BY s.id, s.user_id, s.job_n, s.completed_at;

UPDATE interview_sessions s SET percentile_rank = round((p.pr * 100)::numeric, 1)
FROM (SELECT id, percent_rank() OVER (PARTITION BY job_id ORDER BY overall_score) AS pr
      FROM interview_sessions WHERE status = 'completed') p
WHERE p.id = s.id;

INSERT INTO session_rounds (id, session_id, curriculum_round_id, round_number, status, actual_start, actual_end,
	duration_seconds, questions_asked, questions_answered, created_at)
SELECT r.id, r.session_id, r.cround_id, r.round_number, 'completed', r.started_at,
       r.started_at + make_interval(mins => r.duration_minutes - demo.h('short' || r.id, 8)),
       (r.duration_minutes - demo.h('short' || r.id, 8)) * 60, 3, 3, r.started_at
FROM demo.rounds r;

INSERT INTO round_transcripts (session_round_id, full_transcript, messages, total_words, unique_words,
	candidate_speaking_time_seconds, interviewer_speaking_time_seconds, filler_words_count, filler_words,
	transcription_provider, processing_completed, processing_duration_ms, created_at)
SELECT r.id, t.full_text, t.messages, t.words, (t.words * 0.6)::int, t.words * 60 / 140, 90,
       t.fillers, t.filler_list, 'typed', true, 40 + demo.h('pd' || r.id, 200), r.started_at
FROM demo.rounds r
CROSS JOIN LATERAL (
	SELECT string_agg(m->>'speaker' || ': ' || (m->>'text'), E'\n' ORDER BY o) AS full_text,
	       jsonb_agg(m ORDER BY o) AS messages,
	       sum(CASE WHEN m->>'speaker' = 'candidate' THEN array_length(regexp_split_to_array(m->>'text', '\s+'), 1) ELSE 0 END)::int AS words,
	       sum(CASE WHEN m->>'speaker' = 'candidate' THEN regexp_count(lower(m->>'text'), '\m(um|uh|you know|basically|like)\M') ELSE 0 END)::int AS fillers,
	       '["um", "uh", "you know", "basically", "like"]'::jsonb AS filler_list
	FROM (
		SELECT 0 AS o, jsonb_build_object('speaker', 'interviewer', 'text', 'Thanks for joining. Let''s get started.',
		                                  'timestamp', '00:00:05', 'is_question', false) AS m
		UNION ALL
		SELECT a.ord * 10 + 1, jsonb_build_object('speaker', 'interviewer', 'text', a.question_text,
		                                          'timestamp', to_char(make_interval(secs => a.ord * 420 - 400), 'HH24:MI:SS'),
		                                          'is_question', true, 'question_index', a.ord)
		FROM demo.answers a WHERE a.round_id = r.id
		UNION ALL
		SELECT a.ord * 10 + 2, jsonb_build_object('speaker', 'candidate', 'text', a.answer,
		                                          'timestamp', to_char(make_interval(secs => a.ord * 420 - 380), 'HH24:MI:SS'),
		                                          'is_question', false, 'question_index', a.ord)
		FROM demo.answers a WHERE a.round_id = r.id
		UNION ALL
		SELECT a.ord * 10 + 3, jsonb_build_object('speaker', 'interviewer', 'text', a.followups->>0,
		                                          'timestamp', to_char(make_interval(secs => a.ord * 420 - 200), 'HH24:MI:SS'),
		                                          'is_question', true, 'is_follow_up', true, 'question_index', a.ord)
		FROM demo.answers a WHERE a.round_id = r.id AND NOT a.strong
		UNION ALL
		SELECT a.ord * 10 + 4, jsonb_build_object('speaker', 'candidate', 'text',
		                                          'I would look at ' || lower(left(a.points->>2, 1)) || substr(a.points->>2, 2) || ', but I would need to think about it more.',
		                                          'timestamp', to_char(make_interval(secs => a.ord * 420 - 180), 'HH24:MI:SS'),
		                                          'is_question', false, 'is_follow_up', true, 'question_index', a.ord)
		FROM demo.answers a WHERE a.round_id = r.id AND NOT a.strong AND a.points->>2 IS NOT NULL
	) msgs(o, m)
) t;

INSERT INTO round_analyses (id, session_round_id, overall_score, technical_accuracy_score, problem_solving_score,
	communication_clarity_score, collaboration_score, enthusiasm_score, criteria_scores, top_strengths, key_weaknesses,
	missed_opportunities, communication_metrics, percentile_rank, analysis_model, analysis_prompt_version,
	processing_time_ms, confidence_score, created_at)
SELECT demo.id('analysis:' || r.id), r.id, r.score,
       CASE WHEN r.round_type IN ('technical_screen', 'coding', 'system_design') THEN greatest(0, least(100, r.score + demo.h('ta' || r.id, 13) - 6)) END,
       greatest(0, least(100, r.score + demo.h('ps' || r.id, 13) - 6)),
       greatest(0, least(100, r.score + demo.h('cc' || r.id, 15) - 8)),
       greatest(0, least(100, r.score + demo.h('co' || r.id, 11) - 3)),
       greatest(0, least(100, r.score + demo.h('en' || r.id, 11) - 2)),
       (SELECT jsonb_object_agg(c->>'criterion', jsonb_build_object(
               'score', greatest(0, least(100, r.score + demo.h('cs' || r.id || (c->>'criterion'), 17) - 8)),
               'weight', (c->>'weight')::numeric,
               'feedback', CASE WHEN r.score >= 75 THEN c->'scoring_rubric'->>'excellent'
                                WHEN r.score >= 60 THEN c->'scoring_rubric'->>'good'
                                ELSE c->'scoring_rubric'->>'needs_improvement' END))
        FROM jsonb_array_elements(r.evaluation_criteria) c),
       jsonb_build_array(jsonb_build_object('area', r.evaluation_criteria->0->>'criterion',
               'evidence', left(a1.answer, 140), 'impact', 'Shows ' || lower(r.evaluation_criteria->0->>'description'))),
       jsonb_build_array(jsonb_build_object('area', r.evaluation_criteria->2->>'criterion',
               'issue', 'Expected point not covered: ' || (a1.points->>2),
               'example', left(a2.answer, 140),
               'improvement', r.evaluation_criteria->2->'scoring_rubric'->>'excellent')),
       jsonb_build_array(a2.points->>3),
       jsonb_build_object('answers', 3, 'avg_answer_words', t.total_words / 3, 'filler_words', t.filler_words_count,
                          'filler_per_100_words', round(t.filler_words_count * 100.0 / greatest(t.total_words, 1), 1),
                          'hedges', regexp_count(lower(t.full_transcript), '\m(maybe|i think|i guess|sort of|kind of|probably)\M')),
       NULL, 'preptalk-analysis-1', 'v3', 300 + demo.h('pt' || r.id, 900), 0.7 + demo.h('cf' || r.id, 25) / 100.0,
       r.started_at + make_interval(mins => r.duration_minutes)
FROM demo.rounds r
JOIN round_transcripts t ON t.session_round_id = r.id
JOIN demo.answers a1 ON a1.round_id = r.id AND a1.ord = 1
JOIN demo.answers a2 ON a2.round_id = r.id AND a2.ord = 2;

CREATE TABLE demo.tips (n int PRIMARY KEY, skill text, title text, body text, actions jsonb, resource jsonb);
INSERT INTO demo.tips VALUES
(1, 'Structure', 'Use STAR to structure stories', 'Your examples had a clear situation but the action and result were compressed. Spend most of the answer on what you did, then close with the result.',
 '[{"action": "Write three stories in STAR form and time them at under two minutes", "timeframe": "This week"}]', '[{"type": "article", "title": "The STAR method, with examples", "url": "https://preptalk.test/guides/star"}]'),
(2, 'Delivery', 'Reduce filler words', 'Filler words ("um", "you know", "basically") appeared in several answers. A short pause reads as more confident than a filler.',
 '[{"action": "Record one answer a day and count fillers; aim for fewer than 4 per 100 words", "timeframe": "Two weeks"}]', '[{"type": "video", "title": "Pausing instead of filling", "url": "https://preptalk.test/guides/pauses"}]'),
(3, 'Impact', 'Quantify your results', 'Results were described in general terms. Numbers (time saved, errors reduced, revenue) make impact concrete and memorable.',
 '[{"action": "Add one metric to each of your top five stories", "timeframe": "Before next interview"}]', '[{"type": "article", "title": "Finding numbers for your achievements", "url": "https://preptalk.test/guides/metrics"}]'),
(4, 'Ownership', 'Say "I", not only "we"', 'Several answers described what the team did. Interviewers need to know your part: your decisions and your actions.',
 '[{"action": "Rewrite two stories so each sentence of the action part starts with I", "timeframe": "This week"}]', '[]'),
(5, 'Confidence', 'Drop the hedges', 'Phrases like "I guess" and "sort of" weakened otherwise good points. State the recommendation, then the caveat.',
 '[{"action": "Practise answering with the conclusion first", "timeframe": "One week"}]', '[]'),
(6, 'Preparation', 'Research the company''s mission', 'Connecting your answers to what the company is trying to achieve shows genuine motivation.',
 '[{"action": "Read the company overview and write two sentences linking your experience to its mission", "timeframe": "Before next interview"}]', '[]');

INSERT INTO feedback_items (analysis_id, category, skill_area, priority, title, feedback_text, transcript_evidence,
	action_items, recommended_resources, impact_on_success, estimated_improvement_time, created_at)
SELECT demo.id('analysis:' || r.id), 'strength', r.evaluation_criteria->0->>'criterion', 'low',
       'Strong ' || lower(r.evaluation_criteria->0->>'criterion'),
       'You did well on ' || lower(r.evaluation_criteria->0->>'criterion') || ': ' || (r.evaluation_criteria->0->'scoring_rubric'->>'good') || '.',
       jsonb_build_array(jsonb_build_object('speaker', 'candidate', 'text', left(a1.answer, 160), 'context', a1.question_text)),
       '[]'::jsonb, '[]'::jsonb, 'Keep doing this', NULL, r.started_at + make_interval(mins => r.duration_minutes)
FROM demo.rounds r JOIN demo.answers a1 ON a1.round_id = r.id AND a1.ord = 1
UNION ALL
SELECT demo.id('analysis:' || r.id), 'improvement', r.evaluation_criteria->2->>'criterion',
       CASE WHEN r.score < 50 THEN 'critical' WHEN r.score < 65 THEN 'high' ELSE 'medium' END,
       'Improve ' || lower(r.evaluation_criteria->2->>'criterion'),
       'To reach the top of the rubric: ' || (r.evaluation_criteria->2->'scoring_rubric'->>'excellent')
           || '. Your answer to "' || a2.question_text || '" missed: ' || lower(a2.points->>2) || '.',
       jsonb_build_array(jsonb_build_object('speaker', 'candidate', 'text', left(a2.answer, 160), 'context', a2.question_text)),
       jsonb_build_array(jsonb_build_object('action', 'Re-answer this question covering: ' || (a2.points->>2), 'timeframe', 'Next practice')),
       '[]'::jsonb, 'High: this criterion carries ' || round((r.evaluation_criteria->2->>'weight')::numeric * 100) || '% of the round score',
       '1-2 weeks', r.started_at + make_interval(mins => r.duration_minutes)
FROM demo.rounds r JOIN demo.answers a2 ON a2.round_id = r.id AND a2.ord = 2
UNION ALL
SELECT demo.id('analysis:' || r.id), 'tip', tp.skill, 'medium', tp.title, tp.body,
       jsonb_build_array(jsonb_build_object('speaker', 'candidate', 'text', left(a3.answer, 160), 'context', a3.question_text)),
       tp.actions, tp.resource, 'Medium', '1 week', r.started_at + make_interval(mins => r.duration_minutes)
FROM demo.rounds r JOIN demo.answers a3 ON a3.round_id = r.id AND a3.ord = 3
JOIN demo.tips tp ON tp.n = CASE WHEN r.score < 65 THEN 2 + 3 * demo.h('tip' || r.id, 2) ELSE 1 + demo.h('tip' || r.id, 6) END;

-- Sessions in progress: the demo candidate's current one, a few fresh ones, and some stale ones
-- (started 9-12 days ago) for the expiry job to find.
CREATE TABLE demo.open_sessions AS
SELECT demo.id('open:' || p.key) AS id, p.key, p.user_id,
       CASE WHEN p.key = 'demo' THEN 2 ELSE 1 + demo.h('oj' || p.key, 150) END AS job_n,
       CASE WHEN p.key = 'demo' THEN now() - interval '1 day'
            WHEN demo.h('stale' || p.key, 3) = 0 THEN now() - make_interval(days => 9 + demo.h('sd' || p.key, 4))
            ELSE now() - make_interval(days => 1 + demo.h('sd' || p.key, 4)) END AS started_at
FROM demo.people p
WHERE p.key = 'demo' OR demo.h('open' || p.key, 12) = 0;

INSERT INTO interview_sessions (id, user_id, curriculum_id, job_id, status, started_at, last_activity_at, expires_at,
	total_rounds, current_round, rounds_completed, created_at)
SELECT o.id, o.user_id, cu.id, cu.job_id, 'in_progress', o.started_at, o.started_at + interval '20 minutes',
       o.started_at + interval '7 days', cu.total_rounds, 1, 0, o.started_at
FROM demo.open_sessions o JOIN curricula cu ON cu.id = demo.id('curriculum:' || o.job_n);

INSERT INTO session_rounds (session_id, curriculum_round_id, round_number, status, actual_start, created_at)
SELECT o.id, cr.id, cr.round_number, CASE WHEN cr.round_number = 1 THEN 'in_progress' ELSE 'not_started' END,
       CASE WHEN cr.round_number = 1 THEN o.started_at END, o.started_at
FROM demo.open_sessions o JOIN curriculum_rounds cr ON cr.curriculum_id = demo.id('curriculum:' || o.job_n);

-- The demo candidate has answered the first question of the current round.
INSERT INTO round_transcripts (session_round_id, full_transcript, messages, total_words, transcription_provider)
SELECT sr.id, 'interviewer: ' || q.question_text || E'\ncandidate: ' || a.text,
       jsonb_build_array(jsonb_build_object('speaker', 'interviewer', 'text', q.question_text, 'is_question', true,
                                            'question_id', q.id, 'question_index', 1),
                         jsonb_build_object('speaker', 'candidate', 'text', a.text, 'question_id', q.id, 'question_index', 1)),
       array_length(regexp_split_to_array(a.text, '\s+'), 1), 'typed'
FROM session_rounds sr
JOIN LATERAL (SELECT * FROM question_bank WHERE curriculum_round_id = sr.curriculum_round_id
              ORDER BY is_required DESC, difficulty, id LIMIT 1) q ON true
CROSS JOIN LATERAL (SELECT 'I moved from support engineering into backend work three years ago. At my current company I own the billing service, and last year I led its migration to PostgreSQL, which cut invoice errors by 40 percent. I want a senior role where I can lead designs like that end to end.' AS text) a
WHERE sr.session_id = demo.id('open:demo') AND sr.round_number = 1;

-- Credits: sign-up monthly credit, a bonus pack bought before practising, one credit used per
-- session, and the current period's reset. Balance = plan credits (monthly) + what is left of the pack.
CREATE TABLE demo.ledger AS
SELECT u.id AS user_id, u.created_at, pl.plan_type,
       CASE pl.plan_type WHEN 'free' THEN 1 WHEN 'basic' THEN 5 ELSE 15 END AS plan_credits,
       (SELECT count(*) FROM interview_sessions s WHERE s.user_id = u.id) AS used,
       demo.h('extra' || u.id, 4) AS extra
FROM auth.users u JOIN demo.plans pl ON pl.user_id = u.id;

INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description, related_entity_type,
	related_entity_id, created_at)
SELECT user_id, 'earned', 'monthly', 1, 'Monthly credit (free plan)', 'signup', user_id, created_at FROM demo.ledger
UNION ALL
SELECT user_id, 'purchased', 'bonus', used + extra, format('Credit pack (%s credits)', used + extra), NULL, NULL,
       created_at + interval '1 hour'
FROM demo.ledger WHERE used + extra > 0
UNION ALL
SELECT user_id, 'expired', 'monthly', -1, 'Unused monthly credits expired', NULL, NULL, date_trunc('day', now()) - interval '10 days'
FROM demo.ledger
UNION ALL
SELECT user_id, 'reset', 'monthly', plan_credits, 'Monthly credits for the new period', 'subscription', NULL,
       date_trunc('day', now()) - interval '10 days'
FROM demo.ledger
UNION ALL
SELECT s.user_id, 'used', 'bonus', -1, 'Practice session: ' || cu.title, 'interview_session', s.id, coalesce(s.started_at, s.created_at)
FROM interview_sessions s JOIN curricula cu ON cu.id = s.curriculum_id;

INSERT INTO user_credits (user_id, monthly_credits, bonus_credits, credits_used_this_month, current_period_start,
	current_period_end, last_credit_used_at, created_at)
SELECT l.user_id, l.plan_credits, l.extra,
       (SELECT count(*) FROM interview_sessions s WHERE s.user_id = l.user_id AND s.started_at >= date_trunc('day', now()) - interval '10 days'),
       (date_trunc('day', now()) - interval '10 days')::date, (date_trunc('day', now()) + interval '20 days')::date,
       (SELECT max(started_at) FROM interview_sessions s WHERE s.user_id = l.user_id), l.created_at
FROM demo.ledger l;

-- Usage metrics per active day.
INSERT INTO usage_metrics (user_id, metric_date, interviews_started, interviews_completed, feedback_viewed, days_active, features_used)
SELECT user_id, started_at::date, count(*), count(*) FILTER (WHERE status = 'completed'),
       count(*) FILTER (WHERE status = 'completed') * 2, 1, '["practice", "feedback_report"]'
FROM interview_sessions GROUP BY user_id, started_at::date;
