-- 30_sessions: one million practice sessions; users and jobs picked with power laws (a few heavy
-- users and popular jobs, a long tail), 80% completed, the rest abandoned, expired, in progress or new.
\set ON_ERROR_STOP 1
SELECT count(*) AS njobs FROM scale.jobmap \gset

CREATE UNLOGGED TABLE scale.sess AS
WITH b AS (
	SELECT s,
	       least(:users, 1 + floor(:users * power(scale.f(s, 31), 1.5)))::int AS u,
	       least(:njobs, 1 + floor(:njobs * power(scale.f(s, 32), 2)))::int AS n,
	       scale.h(s, 33, 100) AS st,
	       35 + scale.h(s, 35, 55) AS base
	FROM generate_series(1, :sessions) AS s
), c AS (
	SELECT b.*, m.job_id, m.cur_id, m.cur_title, m.rounds AS r,
	       CASE WHEN st < 80 THEN 'completed' WHEN st < 86 THEN 'abandoned' WHEN st < 91 THEN 'expired'
	            WHEN st < 97 THEN 'in_progress' ELSE 'not_started' END AS status
	FROM b JOIN scale.jobmap m ON m.n = b.n
)
SELECT s, scale.id('ssession:' || s) AS id, u, n, job_id, cur_id, cur_title, r, status, base,
       CASE status WHEN 'completed' THEN r WHEN 'not_started' THEN 0 ELSE scale.h(s, 34, r) END AS k,
       CASE WHEN status IN ('in_progress', 'not_started') THEN now() - make_interval(mins => scale.h(s, 38, 8640))
            ELSE now() - make_interval(days => 7 + scale.h(s, 36, 355), mins => scale.h(s, 37, 1440)) END AS created_at
FROM c;
ALTER TABLE scale.sess ADD PRIMARY KEY (s);
ANALYZE scale.sess;

BEGIN;
TRUNCATE interview_sessions;
INSERT INTO interview_sessions (id, user_id, curriculum_id, job_id, status, started_at, last_activity_at, completed_at,
	expires_at, total_rounds, current_round, rounds_completed, total_duration_seconds, total_speaking_time_seconds,
	total_thinking_time_seconds, overall_score, percentile_rank, readiness_assessment, strengths, weaknesses,
	key_improvements, recommended_focus_areas, device_info, created_at, updated_at)
SELECT x.id, us.id, x.cur_id, x.job_id, x.status,
       CASE WHEN x.status <> 'not_started' THEN x.created_at END,
       x.created_at + make_interval(mins => x.k * 35),
       CASE WHEN x.status = 'completed' THEN x.created_at + make_interval(mins => x.k * 35) END,
       x.created_at + interval '7 days',
       x.r, CASE WHEN x.status = 'completed' THEN x.r + 1 ELSE x.k + 1 END, x.k,
       x.k * 1900, x.k * 950, x.k * 190,
       CASE WHEN x.status = 'completed' THEN x.base END,
       CASE WHEN x.status = 'completed' THEN x.pr END,
       CASE WHEN x.status <> 'completed' THEN NULL WHEN x.base >= 80 THEN 'ready' WHEN x.base >= 70 THEN 'almost_ready'
            WHEN x.base >= 55 THEN 'needs_practice' ELSE 'significant_gaps' END,
       CASE WHEN x.status = 'completed' THEN jsonb_build_array((ARRAY['Structure','Technical depth','Communication','Ownership','Problem solving'])[1 + scale.h(x.s, 39, 5)]) ELSE '[]' END,
       CASE WHEN x.status = 'completed' THEN jsonb_build_array((ARRAY['Quantifying impact','Conciseness','Trade-offs','Filler words','Edge cases'])[1 + scale.h(x.s, 40, 5)]) ELSE '[]' END,
       CASE WHEN x.status = 'completed' THEN '["Quantify the result of every example", "Lead with the decision you made, then the context"]'::jsonb ELSE '[]' END,
       CASE WHEN x.status = 'completed' THEN jsonb_build_array((ARRAY['behavioral','system_design','coding','technical_screen'])[1 + scale.h(x.s, 41, 4)]) ELSE '[]' END,
       '{"client": "web", "input": "typed"}', x.created_at, x.created_at + make_interval(mins => x.k * 35)
FROM (SELECT sess.*, CASE WHEN status = 'completed'
                          THEN round((percent_rank() OVER (PARTITION BY n, status = 'completed' ORDER BY base) * 100)::numeric, 1) END AS pr
      FROM scale.sess) x
JOIN scale.users us ON us.u = x.u;
COMMIT;
SELECT format('%s sessions (%s completed) for %s users on %s jobs', count(*), count(*) FILTER (WHERE status = 'completed'),
              count(DISTINCT u), count(DISTINCT n)) AS msg FROM scale.sess \gset
\echo :msg
