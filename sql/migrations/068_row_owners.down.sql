-- 068_row_owners (down): 007's policies, foreign keys and columns again.
DROP INDEX idx_sessions_user_open;

ALTER POLICY users_own_session_rounds ON session_rounds
	USING ((SELECT auth.is_admin()) OR session_id IN (SELECT s.id FROM interview_sessions s WHERE s.user_id = (SELECT auth.uid())))
	WITH CHECK ((SELECT auth.is_admin()) OR session_id IN (SELECT s.id FROM interview_sessions s WHERE s.user_id = (SELECT auth.uid())));
ALTER POLICY users_own_transcripts ON round_transcripts
	USING ((SELECT auth.is_admin()) OR session_round_id IN (SELECT sr.id FROM session_rounds sr JOIN interview_sessions s ON s.id = sr.session_id
		WHERE s.user_id = (SELECT auth.uid())))
	WITH CHECK ((SELECT auth.is_admin()) OR session_round_id IN (SELECT sr.id FROM session_rounds sr JOIN interview_sessions s ON s.id = sr.session_id
		WHERE s.user_id = (SELECT auth.uid())));
ALTER POLICY users_own_analyses ON round_analyses
	USING ((SELECT auth.is_admin()) OR session_round_id IN (SELECT sr.id FROM session_rounds sr JOIN interview_sessions s ON s.id = sr.session_id
		WHERE s.user_id = (SELECT auth.uid())))
	WITH CHECK ((SELECT auth.is_admin()) OR session_round_id IN (SELECT sr.id FROM session_rounds sr JOIN interview_sessions s ON s.id = sr.session_id
		WHERE s.user_id = (SELECT auth.uid())));
ALTER POLICY users_own_feedback_items ON feedback_items
	USING ((SELECT auth.is_admin()) OR analysis_id IN (SELECT ra.id FROM round_analyses ra JOIN session_rounds sr ON sr.id = ra.session_round_id
		JOIN interview_sessions s ON s.id = sr.session_id WHERE s.user_id = (SELECT auth.uid())))
	WITH CHECK ((SELECT auth.is_admin()) OR analysis_id IN (SELECT ra.id FROM round_analyses ra JOIN session_rounds sr ON sr.id = ra.session_round_id
		JOIN interview_sessions s ON s.id = sr.session_id WHERE s.user_id = (SELECT auth.uid())));

DROP TRIGGER trg_session_rounds_owner ON session_rounds;
DROP TRIGGER trg_round_transcripts_owner ON round_transcripts;
DROP TRIGGER trg_round_analyses_owner ON round_analyses;
DROP TRIGGER trg_feedback_items_owner ON feedback_items;
DROP FUNCTION app.row_owner_from_parent();

ALTER TABLE feedback_items DROP CONSTRAINT fk_feedback_analysis_owner,
	ADD CONSTRAINT feedback_items_analysis_id_fkey FOREIGN KEY (analysis_id) REFERENCES round_analyses (id) ON DELETE CASCADE,
	DROP COLUMN user_id;
ALTER TABLE round_analyses DROP CONSTRAINT fk_analysis_round_owner,
	ADD CONSTRAINT round_analyses_session_round_id_fkey FOREIGN KEY (session_round_id) REFERENCES session_rounds (id) ON DELETE CASCADE;
ALTER TABLE round_transcripts DROP CONSTRAINT fk_transcript_round_owner,
	ADD CONSTRAINT round_transcripts_session_round_id_fkey FOREIGN KEY (session_round_id) REFERENCES session_rounds (id) ON DELETE CASCADE,
	DROP COLUMN user_id;
ALTER TABLE round_analyses DROP CONSTRAINT unique_analysis_owner, DROP COLUMN user_id;
ALTER TABLE session_rounds DROP CONSTRAINT fk_round_session_owner,
	ADD CONSTRAINT session_rounds_session_id_fkey FOREIGN KEY (session_id) REFERENCES interview_sessions (id) ON DELETE CASCADE;
ALTER TABLE session_rounds DROP CONSTRAINT unique_round_owner, DROP COLUMN user_id;
ALTER TABLE interview_sessions DROP CONSTRAINT unique_session_owner;
