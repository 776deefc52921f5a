-- 008_community (down)
DROP TABLE IF EXISTS user_feedback_reports, user_feedback_votes, user_feedback CASCADE;
DROP FUNCTION IF EXISTS app.user_feedback_guard(), app.author_history(uuid), app.user_feedback_counts();
