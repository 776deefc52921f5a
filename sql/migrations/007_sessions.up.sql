-- 007_sessions: practice sessions and everything they produce: rounds, transcripts, analyses and
-- feedback items; plus the triggers for last_active_at and curriculum usage counts.
ALTER TABLE curricula ADD CONSTRAINT unique_curriculum_job UNIQUE (id, job_id);

CREATE TABLE public.interview_sessions (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	user_id       uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
	curriculum_id uuid NOT NULL REFERENCES curricula(id),
	job_id        uuid NOT NULL REFERENCES jobs(id),
	status        text NOT NULL DEFAULT 'not_started' CHECK (
		status IN ('not_started', 'in_progress', 'completed', 'abandoned', 'expired', 'failed')),
	failure_reason text,
	scheduled_for timestamptz,
	started_at    timestamptz,
	last_activity_at timestamptz,
	completed_at  timestamptz,
	expires_at    timestamptz DEFAULT (now() + interval '7 days'),
	total_rounds  integer NOT NULL DEFAULT 1 CHECK (total_rounds BETWEEN 1 AND 20),
	current_round integer NOT NULL DEFAULT 1 CHECK (current_round >= 1),
	rounds_completed integer NOT NULL DEFAULT 0 CHECK (rounds_completed >= 0),
	rounds_skipped integer NOT NULL DEFAULT 0 CHECK (rounds_skipped >= 0),
	total_duration_seconds integer NOT NULL DEFAULT 0 CHECK (total_duration_seconds >= 0),
	total_speaking_time_seconds integer NOT NULL DEFAULT 0 CHECK (total_speaking_time_seconds >= 0),
	total_thinking_time_seconds integer NOT NULL DEFAULT 0 CHECK (total_thinking_time_seconds >= 0),
	overall_score double precision CHECK (overall_score BETWEEN 0 AND 100),
	percentile_rank double precision CHECK (percentile_rank BETWEEN 0 AND 100),
	strengths     jsonb NOT NULL DEFAULT '[]',
	weaknesses    jsonb NOT NULL DEFAULT '[]',
	key_improvements jsonb NOT NULL DEFAULT '[]',
	readiness_assessment text CHECK (
		readiness_assessment IN ('ready', 'almost_ready', 'needs_practice', 'significant_gaps')),
	recommended_focus_areas jsonb NOT NULL DEFAULT '[]',
	device_info   jsonb,
	session_quality_score double precision CHECK (session_quality_score BETWEEN 0 AND 1),
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	-- the document checks rounds_completed against a total_rounds column it forgot to define
	CONSTRAINT check_round_progress CHECK (rounds_completed + rounds_skipped <= total_rounds),
	CONSTRAINT check_current_round CHECK (current_round <= total_rounds + 1),
	CONSTRAINT check_completed_at CHECK (status <> 'completed' OR completed_at IS NOT NULL),
	CONSTRAINT fk_session_curriculum_job FOREIGN KEY (curriculum_id, job_id) REFERENCES curricula (id, job_id)
);
CREATE INDEX idx_sessions_user ON interview_sessions (user_id, created_at DESC);
CREATE INDEX idx_sessions_active ON interview_sessions (expires_at) WHERE status IN ('not_started', 'in_progress');
CREATE INDEX idx_sessions_status ON interview_sessions (status, expires_at);
CREATE INDEX idx_sessions_job ON interview_sessions (job_id, status);
CREATE INDEX idx_sessions_curriculum ON interview_sessions (curriculum_id);

CREATE TABLE public.session_rounds (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	session_id    uuid NOT NULL REFERENCES interview_sessions(id) ON DELETE CASCADE,
	curriculum_round_id uuid NOT NULL REFERENCES curriculum_rounds(id),
	round_number  integer NOT NULL CHECK (round_number > 0),
	attempt_number integer NOT NULL DEFAULT 1 CHECK (attempt_number > 0),
	status        text NOT NULL DEFAULT 'not_started' CHECK (status IN (
		'not_started', 'ready', 'in_progress', 'completed', 'skipped', 'abandoned', 'error')),
	scheduled_start timestamptz,
	actual_start  timestamptz,
	actual_end    timestamptz,
	duration_seconds integer CHECK (duration_seconds >= 0),
	elevenlabs_session_id text,
	elevenlabs_agent_id text,
	elevenlabs_conversation_id text,
	recording_url text,
	recording_duration_seconds integer CHECK (recording_duration_seconds >= 0),
	recording_size_bytes bigint CHECK (recording_size_bytes >= 0),
	audio_quality_score double precision CHECK (audio_quality_score BETWEEN 0 AND 1),
	network_stability_score double precision CHECK (network_stability_score BETWEEN 0 AND 1),
	interruption_count integer NOT NULL DEFAULT 0 CHECK (interruption_count >= 0),
	questions_asked integer CHECK (questions_asked >= 0),
	questions_answered integer CHECK (questions_answered >= 0),
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT unique_session_round UNIQUE (session_id, round_number, attempt_number),
	CONSTRAINT check_round_times CHECK (actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start),
	CONSTRAINT check_answered CHECK (questions_answered IS NULL OR questions_asked IS NULL
		OR questions_answered <= questions_asked)
);
CREATE INDEX idx_session_rounds_status ON session_rounds (status, created_at DESC);
CREATE INDEX idx_session_rounds_curriculum_round ON session_rounds (curriculum_round_id);

CREATE TABLE public.round_transcripts (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	session_round_id uuid NOT NULL REFERENCES session_rounds(id) ON DELETE CASCADE,
	full_transcript text,
	messages      jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(messages) = 'array'),
	total_words   integer CHECK (total_words >= 0),
	unique_words  integer CHECK (unique_words >= 0),
	candidate_speaking_time_seconds integer CHECK (candidate_speaking_time_seconds >= 0),
	interviewer_speaking_time_seconds integer CHECK (interviewer_speaking_time_seconds >= 0),
	silence_time_seconds integer CHECK (silence_time_seconds >= 0),
	overlap_time_seconds integer CHECK (overlap_time_seconds >= 0),
	filler_words_count integer CHECK (filler_words_count >= 0),
	filler_words  jsonb NOT NULL DEFAULT '[]',
	speaking_pace_wpm double precision CHECK (speaking_pace_wpm >= 0),
	interruption_count integer NOT NULL DEFAULT 0 CHECK (interruption_count >= 0),
	question_response_time_avg_seconds double precision,
	transcription_provider text NOT NULL DEFAULT 'typed' CHECK (
		transcription_provider IN ('typed', 'elevenlabs', 'whisper', 'webvtt', 'srt')),
	processing_completed boolean NOT NULL DEFAULT false,
	processing_duration_ms integer CHECK (processing_duration_ms >= 0),
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT unique_round_transcript UNIQUE (session_round_id),
	CONSTRAINT check_unique_words CHECK (unique_words IS NULL OR total_words IS NULL OR unique_words <= total_words)
);
CREATE INDEX idx_transcripts_processing ON round_transcripts (processing_completed) WHERE NOT processing_completed;
CREATE INDEX idx_transcripts_text ON round_transcripts USING gin (to_tsvector('english', coalesce(full_transcript, '')));
CREATE INDEX idx_transcripts_messages ON round_transcripts USING gin (messages);

CREATE TABLE public.round_analyses (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	session_round_id uuid NOT NULL REFERENCES session_rounds(id) ON DELETE CASCADE,
	overall_score double precision NOT NULL,
	technical_accuracy_score double precision,
	problem_solving_score double precision,
	communication_clarity_score double precision,
	collaboration_score double precision,
	enthusiasm_score double precision,
	criteria_scores jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(criteria_scores) = 'object'),
	top_strengths jsonb NOT NULL DEFAULT '[]',
	key_weaknesses jsonb NOT NULL DEFAULT '[]',
	missed_opportunities jsonb NOT NULL DEFAULT '[]',
	red_flags     jsonb NOT NULL DEFAULT '[]',
	positive_surprises jsonb NOT NULL DEFAULT '[]',
	communication_metrics jsonb NOT NULL DEFAULT '{}',
	percentile_rank double precision CHECK (percentile_rank BETWEEN 0 AND 100),
	benchmark_comparison jsonb,
	analysis_model text NOT NULL,
	analysis_prompt_version text,
	processing_time_ms integer CHECK (processing_time_ms >= 0),
	confidence_score double precision CHECK (confidence_score BETWEEN 0 AND 1),
	created_at    timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT unique_round_analysis UNIQUE (session_round_id),
	CONSTRAINT check_scores_range CHECK (
		overall_score BETWEEN 0 AND 100
		AND (technical_accuracy_score IS NULL OR technical_accuracy_score BETWEEN 0 AND 100)
		AND (problem_solving_score IS NULL OR problem_solving_score BETWEEN 0 AND 100)
		AND (communication_clarity_score IS NULL OR communication_clarity_score BETWEEN 0 AND 100)
		AND (collaboration_score IS NULL OR collaboration_score BETWEEN 0 AND 100)
		AND (enthusiasm_score IS NULL OR enthusiasm_score BETWEEN 0 AND 100))
);
CREATE INDEX idx_analyses_scores ON round_analyses (overall_score DESC);

CREATE TABLE public.feedback_items (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	analysis_id   uuid NOT NULL REFERENCES round_analyses(id) ON DELETE CASCADE,
	category      text NOT NULL CHECK (category IN ('strength', 'improvement', 'tip', 'warning', 'encouragement')),
	skill_area    text NOT NULL,
	priority      text CHECK (priority IN ('critical', 'high', 'medium', 'low')),
	title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
	feedback_text text NOT NULL,
	transcript_evidence jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(transcript_evidence) = 'array'),
	action_items  jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(action_items) = 'array'),
	recommended_resources jsonb NOT NULL DEFAULT '[]',
	impact_on_success text,
	estimated_improvement_time text,
	created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_feedback_analysis ON feedback_items (analysis_id, priority);
CREATE INDEX idx_feedback_category ON feedback_items (category, priority);
CREATE INDEX idx_feedback_skill ON feedback_items (skill_area);

CREATE TRIGGER trg_sessions_updated_at BEFORE UPDATE ON interview_sessions
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER trg_session_rounds_updated_at BEFORE UPDATE ON session_rounds
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER trg_round_transcripts_updated_at BEFORE UPDATE ON round_transcripts
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();

-- Starting or touching a session marks the user active.
CREATE FUNCTION app.touch_last_active() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	UPDATE user_profiles SET last_active_at = greatest(coalesce(NEW.last_activity_at, now()), coalesce(last_active_at, '-infinity'))
	WHERE user_id = NEW.user_id;
	RETURN NULL;
END;
$$;
CREATE TRIGGER trigger_update_last_active
	AFTER INSERT OR UPDATE OF last_activity_at ON interview_sessions
	FOR EACH ROW EXECUTE FUNCTION app.touch_last_active();

-- Curriculum usage: times_used on each new session; completion rate when a session ends.
CREATE FUNCTION app.curriculum_usage() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		UPDATE curricula SET times_used = times_used + 1 WHERE id = NEW.curriculum_id;
	ELSIF NEW.status IS DISTINCT FROM OLD.status
	      AND NEW.status IN ('completed', 'abandoned', 'expired') THEN
		UPDATE curricula c SET avg_completion_rate = s.rate
		FROM (SELECT avg((status = 'completed')::int)::double precision AS rate
		      FROM interview_sessions
		      WHERE curriculum_id = NEW.curriculum_id
		        AND status IN ('completed', 'abandoned', 'expired')) s
		WHERE c.id = NEW.curriculum_id;
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER trigger_increment_usage
	AFTER INSERT OR UPDATE OF status ON interview_sessions
	FOR EACH ROW EXECUTE FUNCTION app.curriculum_usage();

-- Credits are money: a session the app creates must have been paid for by the end of the
-- transaction (app.credit_spend with this session id). Privileged loads (demo data) are exempt.
CREATE FUNCTION app.session_must_be_paid() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	IF pg_has_role(session_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER') THEN
		RETURN NULL;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM credit_transactions
	               WHERE related_entity_type = 'interview_session' AND related_entity_id = NEW.id
	                 AND transaction_type = 'used' AND user_id = NEW.user_id) THEN
		RAISE EXCEPTION 'session % was not paid for', NEW.id USING ERRCODE = 'P0001',
			HINT = 'call app.credit_spend in the same transaction';
	END IF;
	RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER trigger_session_paid
	AFTER INSERT ON interview_sessions DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION app.session_must_be_paid();

-- Row-level security: the owner of the session owns everything under it.
ALTER TABLE interview_sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_own_sessions ON interview_sessions FOR ALL
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()))
	WITH CHECK (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));

-- Child rows: an uncorrelated IN (...) is planned as one hashed sub-plan per query, instead of
-- a correlated EXISTS per row (which nests the parents' policies and was 1000x slower on scans).
ALTER TABLE session_rounds ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_own_session_rounds ON session_rounds FOR ALL
	USING ((SELECT auth.is_admin()) OR session_id IN (SELECT s.id FROM interview_sessions s WHERE s.user_id = (SELECT auth.uid())))
	WITH CHECK ((SELECT auth.is_admin()) OR session_id IN (SELECT s.id FROM interview_sessions s WHERE s.user_id = (SELECT auth.uid())));

ALTER TABLE round_transcripts ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_own_transcripts ON round_transcripts FOR ALL
	USING ((SELECT auth.is_admin()) OR session_round_id IN (SELECT sr.id FROM session_rounds sr JOIN interview_sessions s ON s.id = sr.session_id
		WHERE s.user_id = (SELECT auth.uid())))
	WITH CHECK ((SELECT auth.is_admin()) OR session_round_id IN (SELECT sr.id FROM session_rounds sr JOIN interview_sessions s ON s.id = sr.session_id
		WHERE s.user_id = (SELECT auth.uid())));

ALTER TABLE round_analyses ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_own_analyses ON round_analyses FOR ALL
	USING ((SELECT auth.is_admin()) OR session_round_id IN (SELECT sr.id FROM session_rounds sr JOIN interview_sessions s ON s.id = sr.session_id
		WHERE s.user_id = (SELECT auth.uid())))
	WITH CHECK ((SELECT auth.is_admin()) OR session_round_id IN (SELECT sr.id FROM session_rounds sr JOIN interview_sessions s ON s.id = sr.session_id
		WHERE s.user_id = (SELECT auth.uid())));

ALTER TABLE feedback_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_own_feedback_items ON feedback_items FOR ALL
	USING ((SELECT auth.is_admin()) OR analysis_id IN (SELECT ra.id FROM round_analyses ra JOIN session_rounds sr ON sr.id = ra.session_round_id
		JOIN interview_sessions s ON s.id = sr.session_id WHERE s.user_id = (SELECT auth.uid())))
	WITH CHECK ((SELECT auth.is_admin()) OR analysis_id IN (SELECT ra.id FROM round_analyses ra JOIN session_rounds sr ON sr.id = ra.session_round_id
		JOIN interview_sessions s ON s.id = sr.session_id WHERE s.user_id = (SELECT auth.uid())));

-- Jobs stay visible to whoever practised for them after they close.
DROP POLICY public_read_jobs ON jobs;
CREATE POLICY public_read_jobs ON jobs FOR SELECT USING (
	is_active OR (SELECT auth.is_admin())
	OR EXISTS (SELECT 1 FROM interview_sessions s WHERE s.job_id = jobs.id AND s.user_id = (SELECT auth.uid())));

GRANT SELECT, INSERT, UPDATE, DELETE
	ON interview_sessions, session_rounds, round_transcripts, round_analyses, feedback_items TO preptalk_app;
