-- 068_row_owners: the owner of a session's round, transcript, analysis and feedback item is written
-- on the row (user_id), kept equal to the session's by composite foreign keys, so that row-level
-- security compares one column instead of 007's `IN (every round of the user's sessions)`. That
-- sub-plan was built again for every statement (and for every row of a correlated sub-query) and
-- grew with the user's history: at the document's scale the heaviest user's session page spent
-- 6 of its 8 ms in it. Writers need not name the owner: a trigger copies it from the parent row.
-- Also: the dashboard's open sessions read from an index of their own (the planner ANDed the
-- user's sessions with every open session of everyone: 7 ms at scale).

-- The parents' (id, owner) pairs, for the composite foreign keys.
ALTER TABLE interview_sessions ADD CONSTRAINT unique_session_owner UNIQUE (id, user_id);

ALTER TABLE session_rounds ADD COLUMN user_id uuid;
ALTER TABLE round_transcripts ADD COLUMN user_id uuid;
ALTER TABLE round_analyses ADD COLUMN user_id uuid;
ALTER TABLE feedback_items ADD COLUMN user_id uuid;

-- Filling the column is not an edit: no updated_at moves, no cache is invalidated.
ALTER TABLE session_rounds DISABLE TRIGGER USER;
ALTER TABLE round_transcripts DISABLE TRIGGER USER;
ALTER TABLE round_analyses DISABLE TRIGGER USER;
ALTER TABLE feedback_items DISABLE TRIGGER USER;
UPDATE session_rounds sr SET user_id = s.user_id FROM interview_sessions s WHERE s.id = sr.session_id;
UPDATE round_transcripts t SET user_id = sr.user_id FROM session_rounds sr WHERE sr.id = t.session_round_id;
UPDATE round_analyses a SET user_id = sr.user_id FROM session_rounds sr WHERE sr.id = a.session_round_id;
UPDATE feedback_items f SET user_id = a.user_id FROM round_analyses a WHERE a.id = f.analysis_id;
ALTER TABLE session_rounds ENABLE TRIGGER USER;
ALTER TABLE round_transcripts ENABLE TRIGGER USER;
ALTER TABLE round_analyses ENABLE TRIGGER USER;
ALTER TABLE feedback_items ENABLE TRIGGER USER;

ALTER TABLE session_rounds ALTER COLUMN user_id SET NOT NULL,
	ADD CONSTRAINT unique_round_owner UNIQUE (id, user_id),
	DROP CONSTRAINT session_rounds_session_id_fkey,
	ADD CONSTRAINT fk_round_session_owner FOREIGN KEY (session_id, user_id)
		REFERENCES interview_sessions (id, user_id) ON DELETE CASCADE;
ALTER TABLE round_transcripts ALTER COLUMN user_id SET NOT NULL,
	DROP CONSTRAINT round_transcripts_session_round_id_fkey,
	ADD CONSTRAINT fk_transcript_round_owner FOREIGN KEY (session_round_id, user_id)
		REFERENCES session_rounds (id, user_id) ON DELETE CASCADE;
ALTER TABLE round_analyses ALTER COLUMN user_id SET NOT NULL,
	ADD CONSTRAINT unique_analysis_owner UNIQUE (id, user_id),
	DROP CONSTRAINT round_analyses_session_round_id_fkey,
	ADD CONSTRAINT fk_analysis_round_owner FOREIGN KEY (session_round_id, user_id)
		REFERENCES session_rounds (id, user_id) ON DELETE CASCADE;
ALTER TABLE feedback_items ALTER COLUMN user_id SET NOT NULL,
	DROP CONSTRAINT feedback_items_analysis_id_fkey,
	ADD CONSTRAINT fk_feedback_analysis_owner FOREIGN KEY (analysis_id, user_id)
		REFERENCES round_analyses (id, user_id) ON DELETE CASCADE;

-- A new row takes its parent's owner. As the definer, so that a row under someone else's parent
-- gets that owner and is then refused by the policy (42501), like before.
CREATE FUNCTION app.row_owner_from_parent() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	IF NEW.user_id IS NULL THEN
		IF TG_TABLE_NAME = 'session_rounds' THEN
			SELECT s.user_id INTO NEW.user_id FROM public.interview_sessions s WHERE s.id = NEW.session_id;
		ELSIF TG_TABLE_NAME = 'feedback_items' THEN
			SELECT a.user_id INTO NEW.user_id FROM public.round_analyses a WHERE a.id = NEW.analysis_id;
		ELSE -- round_transcripts, round_analyses
			SELECT sr.user_id INTO NEW.user_id FROM public.session_rounds sr WHERE sr.id = NEW.session_round_id;
		END IF;
	END IF;
	RETURN NEW;
END;
$$;
CREATE TRIGGER trg_session_rounds_owner BEFORE INSERT ON session_rounds
	FOR EACH ROW EXECUTE FUNCTION app.row_owner_from_parent();
CREATE TRIGGER trg_round_transcripts_owner BEFORE INSERT ON round_transcripts
	FOR EACH ROW EXECUTE FUNCTION app.row_owner_from_parent();
CREATE TRIGGER trg_round_analyses_owner BEFORE INSERT ON round_analyses
	FOR EACH ROW EXECUTE FUNCTION app.row_owner_from_parent();
CREATE TRIGGER trg_feedback_items_owner BEFORE INSERT ON feedback_items
	FOR EACH ROW EXECUTE FUNCTION app.row_owner_from_parent();

ALTER POLICY users_own_session_rounds ON session_rounds
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()))
	WITH CHECK (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));
ALTER POLICY users_own_transcripts ON round_transcripts
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()))
	WITH CHECK (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));
ALTER POLICY users_own_analyses ON round_analyses
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()))
	WITH CHECK (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));
ALTER POLICY users_own_feedback_items ON feedback_items
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()))
	WITH CHECK (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));

CREATE INDEX idx_sessions_user_open ON interview_sessions (user_id, expires_at)
	WHERE status IN ('not_started', 'in_progress');
