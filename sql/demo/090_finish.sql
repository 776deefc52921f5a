-- 090_finish.sql: derived data (last activity, curriculum usage, company statistics), then drop the
-- scratch schema the generators used.
UPDATE user_profiles p SET last_active_at = s.last
FROM (SELECT user_id, max(coalesce(last_activity_at, started_at)) AS last FROM interview_sessions GROUP BY user_id) s
WHERE s.user_id = p.user_id;

UPDATE curricula c SET times_used = s.n, avg_completion_rate = s.rate, avg_user_rating = 3.6 + demo.h('rating' || c.id, 14) / 10.0
FROM (SELECT curriculum_id, count(*) AS n,
             avg((status = 'completed')::int) FILTER (WHERE status IN ('completed', 'abandoned', 'expired')) AS rate
      FROM interview_sessions GROUP BY curriculum_id) s
WHERE s.curriculum_id = c.id;

REFRESH MATERIALIZED VIEW company_interview_stats;
SET client_min_messages = warning;
DROP SCHEMA demo CASCADE;
ANALYZE auth.users, user_profiles, subscriptions, user_credits, credit_transactions, companies, jobs, job_requirements,
	curricula, curriculum_rounds, question_bank, interview_sessions, session_rounds, round_transcripts, round_analyses,
	feedback_items, user_feedback, user_feedback_votes, user_feedback_reports, interview_patterns, smart_questions,
	audit_logs, usage_metrics, company_interview_stats;
