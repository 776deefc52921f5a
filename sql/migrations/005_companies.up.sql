-- 005_companies: the company and job domain (companies, jobs, job_requirements) and the company
-- intelligence tables (interview_patterns, smart_questions). Readable by everyone; written by admins.
CREATE TABLE public.companies (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	display_name  text,
	domain        text CHECK (domain ~ '^[a-z0-9.-]+\.[a-z]{2,}$'),
	logo_url      text,
	industry      text,
	sub_industry  text,
	company_size  text CHECK (
		company_size IN ('1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5000+')),
	company_type  text CHECK (
		company_type IN ('startup', 'scaleup', 'enterprise', 'agency', 'nonprofit', 'government')),
	headquarters_location text,
	locations     jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(locations) = 'array'),
	remote_first  boolean NOT NULL DEFAULT false,
	overview      jsonb NOT NULL DEFAULT '{"mission": null, "vision": null, "values": [], "culture_notes": null}'
		CHECK (jsonb_typeof(overview) = 'object'),
	recent_news   jsonb NOT NULL DEFAULT '[]',
	funding_info  jsonb NOT NULL DEFAULT '{"stage": null, "total_raised": null, "last_round": null, "investors": []}',
	interview_process jsonb NOT NULL DEFAULT
		'{"typical_rounds": null, "average_duration_days": null, "common_interviewers": [], "red_flags": [], "green_flags": []}'
		CHECK (jsonb_typeof(interview_process) = 'object'),
	data_sources  jsonb NOT NULL DEFAULT '[]',
	confidence_score double precision NOT NULL DEFAULT 0.5 CHECK (confidence_score >= 0 AND confidence_score <= 1),
	verification_status text NOT NULL DEFAULT 'unverified' CHECK (
		verification_status IN ('unverified', 'partially_verified', 'verified', 'official')),
	last_scraped_at  timestamptz,
	last_verified_at timestamptz,
	research_version integer NOT NULL DEFAULT 1 CHECK (research_version > 0),
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT unique_company_domain UNIQUE (name, domain)
);
-- unique_company_domain leads with name, so it also serves look-ups and keyset pages by name.
CREATE INDEX idx_companies_name_id ON companies (name, id);
CREATE INDEX idx_companies_domain ON companies (domain);
CREATE INDEX idx_companies_industry ON companies (industry);
CREATE INDEX idx_companies_locations ON companies USING gin (locations);
CREATE INDEX idx_companies_overview ON companies USING gin (overview);
CREATE INDEX idx_companies_search ON companies USING gin (
	to_tsvector('simple', name || ' ' || coalesce(industry, '') || ' ' || coalesce(sub_industry, '')));
CREATE INDEX idx_companies_name_trgm ON companies USING gin (name gin_trgm_ops);

CREATE TABLE public.jobs (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	company_id    uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
	title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	normalized_title text,
	department    text,
	team          text,
	level         text CHECK (
		level IN ('intern', 'entry', 'junior', 'mid', 'senior', 'lead', 'principal', 'staff', 'executive')),
	job_type      text CHECK (job_type IN ('full-time', 'part-time', 'contract', 'internship', 'freelance')),
	work_arrangement text CHECK (work_arrangement IN ('onsite', 'remote', 'hybrid')),
	location      text,
	location_requirement text,
	salary_min    integer CHECK (salary_min >= 0),
	salary_max    integer,
	salary_currency text NOT NULL DEFAULT 'USD' CHECK (salary_currency ~ '^[A-Z]{3}$'),
	equity_offered boolean,
	source_url    text,
	source_job_id text,
	application_url text,
	posted_date   date,
	expiry_date   date,
	raw_description text,
	parsed_description jsonb NOT NULL DEFAULT
		'{"responsibilities": [], "requirements": [], "nice_to_have": [], "benefits": [], "about_team": null}',
	is_active     boolean NOT NULL DEFAULT true,
	application_count integer NOT NULL DEFAULT 0 CHECK (application_count >= 0),
	last_checked_at timestamptz,
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT unique_job_posting UNIQUE (company_id, source_url),
	CONSTRAINT check_salary_range CHECK (salary_max IS NULL OR salary_min IS NULL OR salary_max >= salary_min),
	CONSTRAINT check_job_dates CHECK (expiry_date IS NULL OR posted_date IS NULL OR expiry_date >= posted_date)
);
CREATE INDEX idx_jobs_company ON jobs (company_id, is_active);
CREATE INDEX idx_jobs_title ON jobs (normalized_title);
CREATE INDEX idx_jobs_active ON jobs (is_active, posted_date DESC);
CREATE INDEX idx_jobs_location ON jobs (location);
CREATE INDEX idx_jobs_search ON jobs USING gin (
	to_tsvector('english', title || ' ' || coalesce(department, '')));

CREATE TABLE public.job_requirements (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	job_id        uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
	technical_skills jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(technical_skills) = 'array'),
	soft_skills   jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(soft_skills) = 'array'),
	domain_knowledge jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(domain_knowledge) = 'array'),
	minimum_years_experience integer CHECK (minimum_years_experience >= 0),
	preferred_years_experience integer,
	education_level text CHECK (
		education_level IN ('high_school', 'associate', 'bachelor', 'master', 'phd', 'none')),
	preferred_majors text[],
	required_certifications jsonb NOT NULL DEFAULT '[]',
	preferred_certifications jsonb NOT NULL DEFAULT '[]',
	extraction_confidence double precision DEFAULT 0.5 CHECK (extraction_confidence BETWEEN 0 AND 1),
	extraction_model text,
	manual_review boolean NOT NULL DEFAULT false,
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT unique_job_requirements UNIQUE (job_id),
	CONSTRAINT check_years CHECK (preferred_years_experience IS NULL OR minimum_years_experience IS NULL
		OR preferred_years_experience >= minimum_years_experience)
);
CREATE INDEX idx_job_requirements_technical ON job_requirements USING gin (technical_skills);

CREATE TABLE public.interview_patterns (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	company_id    uuid REFERENCES companies(id) ON DELETE CASCADE,
	job_id        uuid REFERENCES jobs(id) ON DELETE CASCADE,
	pattern_type  text NOT NULL CHECK (
		pattern_type IN ('common_question', 'process_step', 'evaluation_focus', 'red_flag', 'success_factor')),
	pattern_content jsonb NOT NULL CHECK (jsonb_typeof(pattern_content) = 'object'),
	occurrence_count   integer NOT NULL DEFAULT 1 CHECK (occurrence_count >= 0),
	total_observations integer NOT NULL DEFAULT 1 CHECK (total_observations > 0),
	confidence_score double precision NOT NULL DEFAULT 0.0 CHECK (confidence_score BETWEEN 0 AND 1),
	first_observed_at timestamptz NOT NULL DEFAULT now(),
	last_observed_at  timestamptz NOT NULL DEFAULT now(),
	is_active     boolean NOT NULL DEFAULT true,
	manually_verified boolean NOT NULL DEFAULT false,
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT check_pattern_target CHECK (company_id IS NOT NULL OR job_id IS NOT NULL),
	CONSTRAINT check_pattern_counts CHECK (occurrence_count <= total_observations),
	CONSTRAINT check_pattern_dates CHECK (last_observed_at >= first_observed_at)
);
CREATE INDEX idx_patterns_company_job ON interview_patterns (company_id, job_id);
CREATE INDEX idx_patterns_job ON interview_patterns (job_id);
CREATE INDEX idx_patterns_confidence ON interview_patterns (confidence_score DESC);

CREATE TABLE public.smart_questions (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	company_id    uuid REFERENCES companies(id) ON DELETE CASCADE,
	job_id        uuid REFERENCES jobs(id) ON DELETE CASCADE,
	question_text text NOT NULL CHECK (length(question_text) BETWEEN 5 AND 1000),
	question_category text CHECK (question_category IN (
		'culture', 'growth', 'technical', 'team', 'process', 'challenges', 'success_metrics', 'company_direction')),
	best_asked_in_round text,
	best_asked_to_role  text,
	rationale     text,
	expected_insights text,
	follow_up_suggestions jsonb NOT NULL DEFAULT '[]',
	times_used    integer NOT NULL DEFAULT 0 CHECK (times_used >= 0),
	success_rate  double precision CHECK (success_rate BETWEEN 0 AND 1),
	user_rating   double precision CHECK (user_rating BETWEEN 0 AND 5),
	source        text CHECK (source IN ('generated', 'user_contributed', 'expert_curated')),
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT check_smart_question_target CHECK (company_id IS NOT NULL OR job_id IS NOT NULL)
);
CREATE INDEX idx_smart_questions_company_job ON smart_questions (company_id, job_id);
CREATE INDEX idx_smart_questions_job ON smart_questions (job_id);
CREATE INDEX idx_smart_questions_rating ON smart_questions (user_rating DESC NULLS LAST);

CREATE TRIGGER trg_companies_updated_at BEFORE UPDATE ON companies
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER trg_jobs_updated_at BEFORE UPDATE ON jobs
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER trg_job_requirements_updated_at BEFORE UPDATE ON job_requirements
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER trg_interview_patterns_updated_at BEFORE UPDATE ON interview_patterns
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER trg_smart_questions_updated_at BEFORE UPDATE ON smart_questions
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();

-- Public reads; admins write. Inactive jobs stay visible to admins and to whoever practised for them.
ALTER TABLE companies ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_read_companies ON companies FOR SELECT USING (true);
CREATE POLICY admin_write_companies ON companies FOR ALL
	USING ((SELECT auth.is_admin())) WITH CHECK ((SELECT auth.is_admin()));

ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY admin_write_jobs ON jobs FOR ALL
	USING ((SELECT auth.is_admin())) WITH CHECK ((SELECT auth.is_admin()));

ALTER TABLE job_requirements ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_read_job_requirements ON job_requirements FOR SELECT USING (true);
CREATE POLICY admin_write_job_requirements ON job_requirements FOR ALL
	USING ((SELECT auth.is_admin())) WITH CHECK ((SELECT auth.is_admin()));

ALTER TABLE interview_patterns ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_read_patterns ON interview_patterns FOR SELECT USING (is_active);
CREATE POLICY admin_write_patterns ON interview_patterns FOR ALL
	USING ((SELECT auth.is_admin())) WITH CHECK ((SELECT auth.is_admin()));

ALTER TABLE smart_questions ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_read_smart_questions ON smart_questions FOR SELECT USING (true);
CREATE POLICY admin_write_smart_questions ON smart_questions FOR ALL
	USING ((SELECT auth.is_admin())) WITH CHECK ((SELECT auth.is_admin()));

GRANT SELECT, INSERT, UPDATE, DELETE ON companies, jobs, job_requirements, interview_patterns, smart_questions
	TO preptalk_app;

-- Replaced in 007 once interview_sessions exists (people keep seeing jobs they practised for).
CREATE POLICY public_read_jobs ON jobs FOR SELECT USING (is_active OR (SELECT auth.is_admin()));
