-- 41_session_rounds: every round of every session (completed, in progress, ready, not started or
-- abandoned, following the session's status). Stream B.
\set ON_ERROR_STOP 1
BEGIN;
TRUNCATE session_rounds;
INSERT INTO session_rounds (id, session_id, user_id, curriculum_round_id, round_number, status, actual_start, actual_end,
	duration_seconds, questions_asked, questions_answered, created_at, updated_at)
SELECT scale.id('ssr:' || x.s || ':' || rm.rn), x.id, us.id, rm.cround_id, rm.rn,
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
FROM scale.sess x JOIN scale.roundmap rm ON rm.n = x.n AND rm.rn <= x.r JOIN scale.users us ON us.u = x.u;
\set n :ROW_COUNT
COMMIT;
\echo :n session rounds
