-- 006_curricula: the curriculum domain: a versioned curriculum per job, its rounds (type, persona,
-- topics, evaluation criteria with rubrics) and the question bank of each round.
CREATE TABLE public.curricula (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	job_id        uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
	version       integer NOT NULL DEFAULT 1,
	is_active     boolean NOT NULL DEFAULT true,
	parent_curriculum_id uuid REFERENCES curricula(id) ON DELETE SET NULL,
	generation_model text NOT NULL,
	generation_params jsonb NOT NULL DEFAULT '{"temperature": 0.7, "strategy": "comprehensive"}',
	generation_cost_cents integer CHECK (generation_cost_cents >= 0),
	generation_duration_ms integer CHECK (generation_duration_ms >= 0),
	title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
	overview      text,
	learning_objectives jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(learning_objectives) = 'array'),
	total_rounds  integer NOT NULL DEFAULT 5 CHECK (total_rounds BETWEEN 1 AND 20),
	estimated_total_minutes integer NOT NULL DEFAULT 150 CHECK (estimated_total_minutes > 0),
	difficulty_level text CHECK (difficulty_level IN ('beginner', 'intermediate', 'advanced', 'expert')),
	experience_level_adjustments jsonb NOT NULL DEFAULT
		'{"entry": {"focus": "fundamentals", "depth": "basic"}, "senior": {"focus": "architecture", "depth": "advanced"}}',
	completeness_score double precision CHECK (completeness_score BETWEEN 0 AND 1),
	relevance_score    double precision CHECK (relevance_score BETWEEN 0 AND 1),
	difficulty_score   double precision CHECK (difficulty_score BETWEEN 0 AND 1),
	times_used    integer NOT NULL DEFAULT 0 CHECK (times_used >= 0),
	avg_completion_rate double precision CHECK (avg_completion_rate BETWEEN 0 AND 1),
	avg_user_rating double precision CHECK (avg_user_rating BETWEEN 0 AND 5),
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	expires_at    timestamptz DEFAULT (now() + interval '30 days'),
	CONSTRAINT check_version CHECK (version > 0),
	CONSTRAINT unique_curriculum_version UNIQUE (job_id, version),
	CONSTRAINT check_not_own_parent CHECK (parent_curriculum_id IS DISTINCT FROM id)
);
-- One active curriculum per job.
CREATE UNIQUE INDEX uq_curricula_job_active ON curricula (job_id) WHERE is_active;
CREATE INDEX idx_curricula_created ON curricula (created_at DESC);

CREATE TABLE public.curriculum_rounds (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	curriculum_id uuid NOT NULL REFERENCES curricula(id) ON DELETE CASCADE,
	round_number  integer NOT NULL CHECK (round_number > 0),
	round_type    text NOT NULL CHECK (round_type IN (
		'phone_screen', 'technical_screen', 'coding', 'system_design',
		'behavioral', 'culture_fit', 'case_study', 'presentation', 'final')),
	title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
	description   text,
	duration_minutes integer NOT NULL DEFAULT 30 CHECK (duration_minutes BETWEEN 5 AND 480),
	interviewer_persona jsonb NOT NULL DEFAULT
		'{"name": "Alex Chen", "role": "Senior Engineer", "personality": "friendly but thorough",
		  "communication_style": "direct", "pace": "moderate"}' CHECK (jsonb_typeof(interviewer_persona) = 'object'),
	voice_config  jsonb NOT NULL DEFAULT '{"voice_id": null, "stability": 0.5, "similarity_boost": 0.75, "style": "professional"}',
	opening_script text,
	closing_script text,
	time_management jsonb NOT NULL DEFAULT '{"introduction": 2, "main_content": 25, "questions_from_candidate": 3}',
	topics_to_cover jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(topics_to_cover) = 'array'),
	evaluation_criteria jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(evaluation_criteria) = 'array'),
	passing_score double precision NOT NULL DEFAULT 70.0 CHECK (passing_score BETWEEN 0 AND 100),
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT unique_curriculum_round UNIQUE (curriculum_id, round_number)
);
-- unique_curriculum_round already indexes (curriculum_id, round_number).

CREATE TABLE public.question_bank (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	curriculum_round_id uuid NOT NULL REFERENCES curriculum_rounds(id) ON DELETE CASCADE,
	question_text text NOT NULL CHECK (length(question_text) BETWEEN 5 AND 2000),
	question_type text CHECK (question_type IN ('technical', 'behavioral', 'situational', 'case', 'trivia')),
	category      text,
	difficulty    text CHECK (difficulty IN ('easy', 'medium', 'hard')),
	is_required   boolean NOT NULL DEFAULT false,
	max_uses_per_session integer CHECK (max_uses_per_session > 0),
	follow_up_questions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(follow_up_questions) = 'array'),
	expected_answer_points jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(expected_answer_points) = 'array'),
	scoring_guide jsonb NOT NULL DEFAULT '{"excellent_indicators": [], "red_flags": [], "partial_credit": true}',
	created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_questions_round ON question_bank (curriculum_round_id, is_required DESC, difficulty);
CREATE INDEX idx_questions_type ON question_bank (question_type, difficulty);

CREATE TRIGGER trg_curricula_updated_at BEFORE UPDATE ON curricula
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER trg_curriculum_rounds_updated_at BEFORE UPDATE ON curriculum_rounds
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();

-- Curricula, rounds and questions are public reference material (history needs old versions too).
ALTER TABLE curricula ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_read_curricula ON curricula FOR SELECT USING (true);
CREATE POLICY admin_write_curricula ON curricula FOR ALL
	USING ((SELECT auth.is_admin())) WITH CHECK ((SELECT auth.is_admin()));

ALTER TABLE curriculum_rounds ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_read_curriculum_rounds ON curriculum_rounds FOR SELECT USING (true);
CREATE POLICY admin_write_curriculum_rounds ON curriculum_rounds FOR ALL
	USING ((SELECT auth.is_admin())) WITH CHECK ((SELECT auth.is_admin()));

ALTER TABLE question_bank ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_read_question_bank ON question_bank FOR SELECT USING (true);
CREATE POLICY admin_write_question_bank ON question_bank FOR ALL
	USING ((SELECT auth.is_admin())) WITH CHECK ((SELECT auth.is_admin()));

GRANT SELECT, INSERT, UPDATE, DELETE ON curricula, curriculum_rounds, question_bank TO preptalk_app;
