-- 009_system: audit logs (partitioned by month), usage metrics, system health, the scheduler's
-- run log, and the materialized view company_interview_stats.
CREATE TABLE public.audit_logs (
	id            uuid NOT NULL DEFAULT gen_random_uuid(),
	user_id       uuid REFERENCES auth.users(id) ON DELETE SET NULL,
	admin_id      uuid REFERENCES auth.users(id) ON DELETE SET NULL,
	action        text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
	entity_type   text NOT NULL CHECK (length(entity_type) BETWEEN 1 AND 100),
	entity_id     uuid,
	old_values    jsonb,
	new_values    jsonb,
	ip_address    inet,
	user_agent    text CHECK (length(user_agent) <= 1000),
	request_id    text CHECK (length(request_id) <= 100),
	success       boolean NOT NULL DEFAULT true,
	error_message text,
	created_at    timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (id, created_at)              -- a partitioned table's key must include the partition key
) PARTITION BY RANGE (created_at);
CREATE INDEX idx_audit_user_time ON audit_logs (user_id, created_at DESC);
CREATE INDEX idx_audit_entity ON audit_logs (entity_type, entity_id);
CREATE INDEX idx_audit_created ON audit_logs (created_at DESC);

-- Rows outside every month land here rather than fail; the partition job moves them out.
CREATE TABLE public.audit_logs_default PARTITION OF audit_logs DEFAULT;

-- Create (idempotently) the partition holding month m; rows of that month already sitting in
-- the default partition are moved into it first.
CREATE FUNCTION app.audit_partition_for(m date) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	lo date := date_trunc('month', m)::date;
	hi date := (date_trunc('month', m) + interval '1 month')::date;
	part text := format('audit_logs_%s', to_char(lo, 'YYYY_MM'));
BEGIN
	IF to_regclass(format('public.%I', part)) IS NOT NULL THEN
		RETURN false;
	END IF;
	EXECUTE format('CREATE TABLE public.%I (LIKE public.audit_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
	EXECUTE format('WITH moved AS (DELETE FROM public.audit_logs_default WHERE created_at >= %L AND created_at < %L RETURNING *)
	                INSERT INTO public.%I SELECT * FROM moved', lo, hi, part);
	EXECUTE format('ALTER TABLE public.audit_logs ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
	RETURN true;
END;
$$;

-- Twelve months back (demo history) to three months ahead.
DO $$
BEGIN
	PERFORM app.audit_partition_for((date_trunc('month', now()) + make_interval(months => k))::date)
	FROM generate_series(-12, 3) AS k;
END
$$;

CREATE TABLE public.usage_metrics (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	user_id       uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
	metric_date   date NOT NULL,
	interviews_started integer NOT NULL DEFAULT 0 CHECK (interviews_started >= 0),
	interviews_completed integer NOT NULL DEFAULT 0 CHECK (interviews_completed >= 0),
	voice_minutes_used integer NOT NULL DEFAULT 0 CHECK (voice_minutes_used >= 0),
	feedback_viewed integer NOT NULL DEFAULT 0 CHECK (feedback_viewed >= 0),
	days_active   integer NOT NULL DEFAULT 0 CHECK (days_active >= 0),
	features_used jsonb NOT NULL DEFAULT '[]',
	created_at    timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT unique_user_metric_date UNIQUE (user_id, metric_date)
	-- the unique constraint already indexes (user_id, metric_date)
);

CREATE TABLE public.system_health (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	service_name  text NOT NULL,
	endpoint      text,
	response_time_ms integer CHECK (response_time_ms >= 0),
	status_code   integer CHECK (status_code BETWEEN 100 AND 599),
	success       boolean,
	error_message text,
	metadata      jsonb,
	checked_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_health_service_time ON system_health (service_name, checked_at DESC);

CREATE TABLE app.scheduler_runs (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	job           text NOT NULL CHECK (length(job) BETWEEN 1 AND 100),
	started_at    timestamptz NOT NULL DEFAULT now(),
	finished_at   timestamptz,
	ok            boolean,
	message       text,
	CONSTRAINT check_run_times CHECK (finished_at IS NULL OR finished_at >= started_at)
);
CREATE INDEX idx_scheduler_runs_job ON app.scheduler_runs (job, started_at DESC);

-- Company aggregates for the insights page. Each aggregate is its own sub-query: the document's
-- single join of jobs x sessions x rounds x feedback multiplies rows. Average difficulty is shrunk
-- toward the global mean (weight of 5 reviews) so one review does not define a company.
CREATE MATERIALIZED VIEW public.company_interview_stats AS
WITH exp AS (
	SELECT company_id, count(*) AS n,
	       count(*) FILTER (WHERE experience = 'positive') AS positive,
	       count(difficulty) AS n_difficulty, sum(difficulty) AS sum_difficulty,
	       max(created_at) AS last_at
	FROM user_feedback
	WHERE moderation_status = 'published' AND is_public
	GROUP BY company_id
), src AS (
	SELECT company_id, jsonb_object_agg(application_source, n) AS sources
	FROM (SELECT company_id, application_source, count(*) AS n FROM user_feedback
	      WHERE moderation_status = 'published' AND is_public AND application_source IS NOT NULL
	      GROUP BY company_id, application_source) t
	GROUP BY company_id
), g AS (
	SELECT avg(difficulty)::double precision AS mean FROM user_feedback
	WHERE moderation_status = 'published' AND is_public
), sess AS (
	SELECT j.company_id, count(*) AS total, count(*) FILTER (WHERE s.status = 'completed') AS completed,
	       avg(s.overall_score) FILTER (WHERE s.status = 'completed') AS avg_session_score
	FROM interview_sessions s JOIN jobs j ON j.id = s.job_id
	GROUP BY j.company_id
), ra AS (
	SELECT j.company_id, avg(a.overall_score) AS avg_score
	FROM round_analyses a
	JOIN session_rounds sr ON sr.id = a.session_round_id
	JOIN interview_sessions s ON s.id = sr.session_id
	JOIN jobs j ON j.id = s.job_id
	GROUP BY j.company_id
), jb AS (
	SELECT company_id, count(*) AS total, count(*) FILTER (WHERE is_active) AS active
	FROM jobs GROUP BY company_id
)
SELECT c.id AS company_id,
       c.name AS company_name,
       coalesce(jb.total, 0)::int AS total_jobs,
       coalesce(jb.active, 0)::int AS active_jobs,
       coalesce(sess.total, 0)::int AS total_sessions,
       coalesce(sess.completed, 0)::int AS completed_sessions,
       round(ra.avg_score::numeric, 1)::double precision AS avg_score,
       round(sess.avg_session_score::numeric, 1)::double precision AS avg_session_score,
       coalesce(exp.n, 0)::int AS feedback_count,
       CASE WHEN exp.n > 0 THEN round(exp.positive::numeric / exp.n, 3)::double precision END AS positive_share,
       CASE WHEN exp.n_difficulty > 0 THEN round(exp.sum_difficulty::numeric / exp.n_difficulty, 2)::double precision END
           AS avg_difficulty,
       CASE WHEN g.mean IS NOT NULL THEN
           round(((coalesce(exp.sum_difficulty, 0) + 5 * g.mean) / (coalesce(exp.n_difficulty, 0) + 5))::numeric, 2)::double precision
       END AS avg_difficulty_shrunk,
       coalesce(src.sources, '{}'::jsonb) AS application_sources,
       exp.last_at AS last_experience_at,
       now() AS refreshed_at
FROM companies c
CROSS JOIN g
LEFT JOIN jb ON jb.company_id = c.id
LEFT JOIN sess ON sess.company_id = c.id
LEFT JOIN ra ON ra.company_id = c.id
LEFT JOIN exp ON exp.company_id = c.id
LEFT JOIN src ON src.company_id = c.id;

CREATE UNIQUE INDEX company_interview_stats_company_id ON company_interview_stats (company_id);

ALTER TABLE audit_logs ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_own_audit ON audit_logs FOR SELECT
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));
-- Failed log-ins have no user yet; otherwise one writes only one's own trail.
CREATE POLICY users_write_audit ON audit_logs FOR INSERT
	WITH CHECK (user_id IS NULL OR user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));

ALTER TABLE usage_metrics ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_own_metrics ON usage_metrics FOR ALL
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()))
	WITH CHECK (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));

ALTER TABLE system_health ENABLE ROW LEVEL SECURITY;
CREATE POLICY admin_read_health ON system_health FOR SELECT USING ((SELECT auth.is_admin()));
CREATE POLICY anyone_writes_health ON system_health FOR INSERT WITH CHECK (true);

GRANT SELECT, INSERT ON audit_logs TO preptalk_app;       -- append-only
GRANT SELECT, INSERT, UPDATE, DELETE ON usage_metrics TO preptalk_app;
GRANT SELECT, INSERT ON system_health TO preptalk_app;
GRANT SELECT, INSERT, UPDATE ON app.scheduler_runs TO preptalk_app;
GRANT SELECT ON company_interview_stats TO preptalk_app;
