-- 40_plan: the completed rounds numbered (scale.done) and per-template-round transcripts (strong and
-- weak answers to the round's first three questions) that the transcript, analysis and feedback
-- generators share; runs before the two loading streams.
\set ON_ERROR_STOP 1
-- Completed rounds, numbered in (session, round) order: a is the analysis number the feedback
-- generator counts with. Narrow on purpose (the rubric texts are looked up per template round):
-- the transcript, analysis and feedback generators each read it once.
CREATE UNLOGGED TABLE scale.done AS
SELECT row_number() OVER (ORDER BY x.s, rm.rn) AS a, x.s, rm.rn, us.id AS uid,
       x.created_at + make_interval(mins => (rm.rn - 1) * 35) AS started_at,
       least(rm.duration_minutes, 34) AS minutes, rm.tid, rm.round_type,
       greatest(20, least(99, x.base + scale.h(x.s * 32 + rm.rn, 42, 17) - 8
                          + CASE rm.round_type WHEN 'system_design' THEN -6 WHEN 'phone_screen' THEN 6 ELSE 0 END)) AS score
FROM scale.sess x JOIN scale.roundmap rm ON rm.n = x.n AND rm.rn <= x.k JOIN scale.users us ON us.u = x.u;
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
SELECT format('%s completed rounds, %s template transcripts', (SELECT count(*) FROM scale.done),
              (SELECT count(*) FROM scale.tx)) AS msg \gset
\echo :msg
