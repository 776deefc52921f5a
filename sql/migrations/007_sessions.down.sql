-- 007_sessions (down)
DROP POLICY IF EXISTS public_read_jobs ON jobs;
CREATE POLICY public_read_jobs ON jobs FOR SELECT USING (is_active OR (SELECT auth.is_admin()));
DROP TABLE IF EXISTS feedback_items, round_analyses, round_transcripts, session_rounds, interview_sessions CASCADE;
DROP FUNCTION IF EXISTS app.touch_last_active(), app.curriculum_usage(), app.session_must_be_paid();
ALTER TABLE curricula DROP CONSTRAINT IF EXISTS unique_curriculum_job;
