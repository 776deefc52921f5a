-- 069_intelligence_scale (down): the list and form pages as in 052, with app.admin_intel_targets;
-- the company search, job choices and form target helpers and the updated_at indexes go.
-- The company and job selects shared by the list filters and both forms.
CREATE FUNCTION app.admin_intel_targets() RETURNS json
LANGUAGE sql STABLE
AS $$
	SELECT json_build_object(
		'company_id', (SELECT coalesce(json_agg(json_build_object('value', c.id, 'label', c.name) ORDER BY c.name, c.id), '[]')
		               FROM companies c),
		'job_id', (SELECT coalesce(json_agg(json_build_object('value', x.id, 'label', x.label) ORDER BY x.label, x.id), '[]')
		           FROM (SELECT j.id, c.name || ' · ' || j.title || CASE WHEN j.is_active THEN '' ELSE ' (inactive)' END AS label
		                 FROM jobs j JOIN companies c ON c.id = j.company_id ORDER BY c.name, j.title, j.id LIMIT 1000) x))
$$;
REVOKE EXECUTE ON FUNCTION app.admin_intel_targets() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.admin_intel_targets() TO preptalk_app;

CREATE OR REPLACE FUNCTION app.admin_intelligence(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	uuid_re text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
	f_company uuid := CASE WHEN coalesce(q->>'company_id', '') ~ uuid_re THEN (q->>'company_id')::uuid END;
	f_job uuid := CASE WHEN coalesce(q->>'job_id', '') ~ uuid_re THEN (q->>'job_id')::uuid END;
	f_kind text := CASE WHEN q->>'kind' IN ('questions', 'patterns') THEN q->>'kind' ELSE '' END;
	v_questions json;
	v_patterns json;
	n_questions bigint;
	n_patterns bigint;
BEGIN
	PERFORM app.admin_assert();
	IF f_kind IN ('', 'questions') THEN
		SELECT json_agg(json_build_object('id', x.id, 'question_text', x.question_text,
		                'category', app.humanize(x.question_category), 'round', app.humanize(x.best_asked_in_round),
		                'role', x.best_asked_to_role, 'source', app.humanize(x.source), 'user_rating', x.user_rating,
		                'times_used', x.times_used, 'company', x.company, 'company_id', x.company_id,
		                'job', x.job, 'job_id', x.job_id, 'updated_at', x.updated_at)
		                ORDER BY x.company, x.job NULLS FIRST, x.question_text, x.id),
		       max(x.total)
		INTO v_questions, n_questions
		FROM (SELECT s.*, c.name AS company, j.title AS job, count(*) OVER () AS total
		      FROM smart_questions s LEFT JOIN companies c ON c.id = s.company_id LEFT JOIN jobs j ON j.id = s.job_id
		      WHERE (f_company IS NULL OR s.company_id = f_company) AND (f_job IS NULL OR s.job_id = f_job)
		      ORDER BY c.name, j.title NULLS FIRST, s.question_text, s.id LIMIT 200) x;
	END IF;
	IF f_kind IN ('', 'patterns') THEN
		SELECT json_agg(json_build_object('id', x.id, 'type', app.humanize(x.pattern_type),
		                'description', x.pattern_content->>'description', 'confidence_score', x.confidence_score,
		                'occurrences', x.occurrence_count, 'observations', x.total_observations,
		                'last_observed', to_char(x.last_observed_at, 'YYYY-MM-DD'), 'is_active', x.is_active,
		                'manually_verified', x.manually_verified, 'company', x.company, 'company_id', x.company_id,
		                'job', x.job, 'job_id', x.job_id, 'updated_at', x.updated_at)
		                ORDER BY x.company, x.job NULLS FIRST, x.confidence_score DESC, x.id),
		       max(x.total)
		INTO v_patterns, n_patterns
		FROM (SELECT p.*, c.name AS company, j.title AS job, count(*) OVER () AS total
		      FROM interview_patterns p LEFT JOIN companies c ON c.id = p.company_id LEFT JOIN jobs j ON j.id = p.job_id
		      WHERE (f_company IS NULL OR p.company_id = f_company) AND (f_job IS NULL OR p.job_id = f_job)
		      ORDER BY c.name, j.title NULLS FIRST, p.confidence_score DESC, p.id LIMIT 200) x;
	END IF;
	RETURN json_build_object(
		'form', json_build_object('company_id', coalesce(f_company::text, ''), 'job_id', coalesce(f_job::text, ''),
		                          'kind', f_kind),
		'choices', app.admin_intel_targets()::jsonb
		           || jsonb_build_object('kind', json_build_array(json_build_object('value', 'questions', 'label', 'Smart questions'),
		                                                          json_build_object('value', 'patterns', 'label', 'Interview patterns'))),
		'show_questions', f_kind IN ('', 'questions'), 'show_patterns', f_kind IN ('', 'patterns'),
		'questions', coalesce(v_questions, '[]'), 'patterns', coalesce(v_patterns, '[]'),
		'questions_more', coalesce(n_questions, 0) > 200, 'patterns_more', coalesce(n_patterns, 0) > 200,
		'new_query', CASE WHEN f_job IS NOT NULL THEN '?job_id=' || f_job
		                  WHEN f_company IS NOT NULL THEN '?company_id=' || f_company ELSE '' END);
END;
$$;

CREATE OR REPLACE FUNCTION app.admin_smart_question_form(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	s smart_questions%ROWTYPE;
	f jsonb;
	uuid_re text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
BEGIN
	PERFORM app.admin_assert();
	IF p_key IS NOT NULL THEN
		SELECT * INTO s FROM smart_questions WHERE id = p_key::uuid;
		IF NOT FOUND THEN
			RETURN NULL;
		END IF;
	ELSE
		s.source := 'expert_curated';
		s.follow_up_suggestions := '[]';
	END IF;
	f := app.admin_smart_question_form_of(s);
	IF p_key IS NULL THEN
		IF coalesce(q->>'company_id', '') ~ uuid_re THEN
			f := f || jsonb_build_object('company_id', lower(q->>'company_id'));
		END IF;
		IF coalesce(q->>'job_id', '') ~ uuid_re THEN
			f := f || jsonb_build_object('job_id', lower(q->>'job_id'));
		END IF;
	END IF;
	RETURN json_build_object(
		'question', CASE WHEN p_key IS NOT NULL THEN json_build_object('id', s.id, 'times_used', s.times_used,
			'success_rate', s.success_rate, 'user_rating', s.user_rating, 'created_at', s.created_at,
			'updated_at', s.updated_at) END,
		'is_new', p_key IS NULL, 'form', f,
		'choices', app.admin_intel_targets()::jsonb || jsonb_build_object(
			'question_category', app.admin_choices(app.admin_intel_categories()),
			'best_asked_in_round', app.admin_choices(app.admin_intel_rounds()),
			'source', app.admin_choices(ARRAY['expert_curated', 'user_contributed', 'generated'])));
END;
$$;

CREATE OR REPLACE FUNCTION app.admin_pattern_form(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	x interview_patterns%ROWTYPE;
	f jsonb;
	uuid_re text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
BEGIN
	PERFORM app.admin_assert();
	IF p_key IS NOT NULL THEN
		SELECT * INTO x FROM interview_patterns WHERE id = p_key::uuid;
		IF NOT FOUND THEN
			RETURN NULL;
		END IF;
	ELSE
		x.pattern_type := 'common_question';
		x.pattern_content := '{}';
		x.occurrence_count := 1;
		x.total_observations := 1;
		x.confidence_score := 0.5;
		x.last_observed_at := now();
		x.is_active := true;
		x.manually_verified := false;
	END IF;
	f := app.admin_pattern_form_of(x);
	IF p_key IS NULL THEN
		IF coalesce(q->>'company_id', '') ~ uuid_re THEN
			f := f || jsonb_build_object('company_id', lower(q->>'company_id'));
		END IF;
		IF coalesce(q->>'job_id', '') ~ uuid_re THEN
			f := f || jsonb_build_object('job_id', lower(q->>'job_id'));
		END IF;
	END IF;
	RETURN json_build_object(
		'pattern', CASE WHEN p_key IS NOT NULL THEN json_build_object('id', x.id, 'is_active', x.is_active,
			'manually_verified', x.manually_verified, 'type', app.humanize(x.pattern_type),
			'first_observed', to_char(x.first_observed_at, 'YYYY-MM-DD'), 'updated_at', x.updated_at) END,
		'is_new', p_key IS NULL, 'form', f,
		'choices', app.admin_intel_targets()::jsonb || jsonb_build_object(
			'pattern_type', app.admin_choices(app.admin_intel_pattern_types())));
END;
$$;

DROP FUNCTION app.admin_intel_form_target(jsonb, uuid, uuid, text), app.admin_intel_jobs(uuid),
	app.admin_intel_companies(text, integer);
DROP INDEX idx_patterns_updated;
DROP INDEX idx_smart_questions_updated;
