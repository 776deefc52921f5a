-- 070_catalogue_scale (down): the catalogue pages as in 051, without 070's helpers and indexes.

CREATE OR REPLACE FUNCTION app.admin_companies(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	term text := left(btrim(coalesce(q->>'q', '')), 200);
	v_after text := coalesce(q->>'after', '');
	v_rows json;
	v_next text;
BEGIN
	PERFORM app.admin_assert();
	WITH hits AS (
		SELECT c.id, c.name, c.industry, c.verification_status, c.confidence_score, c.updated_at,
		       (SELECT count(*) FROM jobs j WHERE j.company_id = c.id) AS jobs,
		       c.name || '|' || c.id AS sort_key
		FROM companies c
		WHERE (term = '' OR c.name ILIKE '%' || replace(replace(term, '%', '\%'), '_', '\_') || '%'
		       OR c.industry ILIKE '%' || replace(replace(term, '%', '\%'), '_', '\_') || '%')
		  AND (v_after = '' OR (c.name || '|' || c.id) > v_after)
		ORDER BY c.name, c.id LIMIT 51
	), numbered AS (
		SELECT h.*, row_number() OVER (ORDER BY name, id) AS rn, count(*) OVER () AS total FROM hits h
	)
	SELECT json_agg(json_build_object('id', id, 'name', name, 'industry', industry,
	                                  'verification_status', replace(verification_status, '_', ' '),
	                                  'confidence_score', confidence_score, 'jobs', jobs, 'updated_at', updated_at)
	                ORDER BY name, id) FILTER (WHERE rn <= 50),
	       max(sort_key) FILTER (WHERE rn = 50 AND total > 50)
	INTO v_rows, v_next FROM numbered;
	RETURN json_build_object('q', term, 'companies', coalesce(v_rows, '[]'),
		'next', CASE WHEN v_next IS NOT NULL THEN '?q=' || app.admin_urlenc(term) || '&after=' || app.admin_urlenc(v_next) END);
END;
$$;

CREATE OR REPLACE FUNCTION app.admin_company_delete_page(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	m json;
BEGIN
	PERFORM app.admin_assert();
	SELECT json_build_object('company', json_build_object('id', c.id, 'name', c.name),
		'dependents', json_build_object(
			'jobs', (SELECT count(*) FROM jobs j WHERE j.company_id = c.id),
			'curricula', (SELECT count(*) FROM curricula k JOIN jobs j ON j.id = k.job_id WHERE j.company_id = c.id),
			'sessions', (SELECT count(*) FROM interview_sessions s JOIN jobs j ON j.id = s.job_id WHERE j.company_id = c.id),
			'posts', (SELECT count(*) FROM user_feedback f WHERE f.company_id = c.id),
			'patterns', (SELECT count(*) FROM interview_patterns x WHERE x.company_id = c.id),
			'smart_questions', (SELECT count(*) FROM smart_questions x WHERE x.company_id = c.id)),
		'blocked', EXISTS (SELECT 1 FROM interview_sessions s JOIN jobs j ON j.id = s.job_id WHERE j.company_id = c.id)
		        OR EXISTS (SELECT 1 FROM user_feedback f WHERE f.company_id = c.id))
	INTO m FROM companies c WHERE c.id = p_key::uuid;
	RETURN m;
END;
$$;

CREATE OR REPLACE FUNCTION app.admin_jobs(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	term text := left(btrim(coalesce(q->>'q', '')), 200);
	v_rows json;
BEGIN
	PERFORM app.admin_assert();
	SELECT json_agg(x ORDER BY x.company, x.title, x.id) INTO v_rows FROM (
		SELECT j.id, j.title, j.level, j.is_active, c.name AS company, c.id AS company_id,
		       (SELECT k.version FROM curricula k WHERE k.job_id = j.id AND k.is_active) AS active_version,
		       (SELECT count(*) FROM curricula k WHERE k.job_id = j.id) AS versions
		FROM jobs j JOIN companies c ON c.id = j.company_id
		WHERE term = '' OR j.title ILIKE '%' || replace(replace(term, '%', '\%'), '_', '\_') || '%'
		   OR c.name ILIKE '%' || replace(replace(term, '%', '\%'), '_', '\_') || '%'
		ORDER BY c.name, j.title, j.id LIMIT 200) x;
	RETURN json_build_object('q', term, 'jobs', coalesce(v_rows, '[]'));
END;
$$;

CREATE OR REPLACE FUNCTION app.admin_job_form(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	j jobs%ROWTYPE;
	r job_requirements%ROWTYPE;
	f jsonb;
BEGIN
	PERFORM app.admin_assert();
	IF p_key IS NOT NULL THEN
		SELECT * INTO j FROM jobs WHERE id = p_key::uuid;
		IF NOT FOUND THEN
			RETURN NULL;
		END IF;
		SELECT * INTO r FROM job_requirements WHERE job_id = j.id;
	END IF;
	f := app.admin_job_form_of(j, r);
	IF p_key IS NULL AND coalesce(q->>'company_id', '') ~ '^[0-9a-f-]{36}$' THEN
		f := f || jsonb_build_object('company_id', q->>'company_id');
	END IF;
	RETURN json_build_object(
		'job', CASE WHEN p_key IS NOT NULL THEN json_build_object('id', j.id, 'title', j.title, 'is_active', j.is_active) END,
		'is_new', p_key IS NULL, 'form', f, 'rows', json_build_object('tech', 6, 'soft', 4),
		'choices', json_build_object(
			'company_id', (SELECT json_agg(json_build_object('value', c.id, 'label', c.name) ORDER BY c.name) FROM companies c),
			'level', app.admin_choices(ARRAY['intern', 'entry', 'junior', 'mid', 'senior', 'lead', 'principal', 'staff', 'executive']),
			'job_type', app.admin_choices(ARRAY['full-time', 'part-time', 'contract', 'internship', 'freelance']),
			'work_arrangement', app.admin_choices(ARRAY['onsite', 'remote', 'hybrid']),
			'education_level', app.admin_choices(ARRAY['none', 'high_school', 'associate', 'bachelor', 'master', 'phd'])),
		'skill_levels', ARRAY['beginner', 'intermediate', 'advanced', 'expert']);
END;
$$;

CREATE OR REPLACE FUNCTION app.admin_job_curricula(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	m json;
BEGIN
	PERFORM app.admin_assert();
	SELECT json_build_object('job', json_build_object('id', j.id, 'title', j.title, 'company', c.name, 'is_active', j.is_active),
		'versions', (SELECT coalesce(json_agg(json_build_object('id', k.id, 'version', k.version, 'title', k.title,
		                  'is_active', k.is_active, 'created_at', k.created_at,
		                  'rounds', (SELECT count(*) FROM curriculum_rounds r WHERE r.curriculum_id = k.id),
		                  'questions', (SELECT count(*) FROM question_bank b JOIN curriculum_rounds r ON r.id = b.curriculum_round_id
		                                WHERE r.curriculum_id = k.id),
		                  'sessions', (SELECT count(*) FROM interview_sessions s WHERE s.curriculum_id = k.id))
		              ORDER BY k.version DESC), '[]')
		             FROM curricula k WHERE k.job_id = j.id),
		'has_active', EXISTS (SELECT 1 FROM curricula k WHERE k.job_id = j.id AND k.is_active),
		'form', json_build_object('title', j.title || ' practice interview'))
	INTO m FROM jobs j JOIN companies c ON c.id = j.company_id WHERE j.id = p_key::uuid;
	RETURN m;
END;
$$;

CREATE OR REPLACE FUNCTION app.admin_curriculum(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	m json;
BEGIN
	PERFORM app.admin_assert();
	SELECT json_build_object(
		'curriculum', json_build_object('id', k.id, 'version', k.version, 'title', k.title, 'is_active', k.is_active,
		                                'editable', app.admin_curriculum_editable(k.id), 'created_at', k.created_at,
		                                'sessions', (SELECT count(*) FROM interview_sessions s WHERE s.curriculum_id = k.id)),
		'job', json_build_object('id', j.id, 'title', j.title, 'company', c.name),
		'rounds', (SELECT coalesce(json_agg(json_build_object('id', r.id, 'round_number', r.round_number,
		               'round_type', replace(r.round_type, '_', ' '), 'title', r.title, 'duration_minutes', r.duration_minutes,
		               'questions', (SELECT count(*) FROM question_bank b WHERE b.curriculum_round_id = r.id))
		           ORDER BY r.round_number), '[]') FROM curriculum_rounds r WHERE r.curriculum_id = k.id),
		'has_rounds', EXISTS (SELECT 1 FROM curriculum_rounds r WHERE r.curriculum_id = k.id),
		'form', json_build_object('title', k.title, 'overview', coalesce(k.overview, ''),
		                          'difficulty_level', coalesce(k.difficulty_level, ''),
		                          'learning_objectives', app.admin_unlines(k.learning_objectives),
		                          'new_round_type', '', 'new_round_title', '', 'new_round_minutes', '30'),
		'choices', json_build_object(
			'difficulty_level', app.admin_choices(ARRAY['beginner', 'intermediate', 'advanced', 'expert']),
			'new_round_type', app.admin_choices(ARRAY['phone_screen', 'technical_screen', 'coding', 'system_design',
			                                          'behavioral', 'culture_fit', 'case_study', 'presentation', 'final'])))
	INTO m FROM curricula k JOIN jobs j ON j.id = k.job_id JOIN companies c ON c.id = j.company_id
	WHERE k.id = p_key::uuid;
	RETURN m;
END;
$$;

DROP FUNCTION app.admin_company_pick(jsonb);
DROP FUNCTION app.admin_job_search_companies(text);
DROP FUNCTION app.admin_company_hits(text, text, uuid, integer);
DROP FUNCTION app.admin_company_after(text);
DROP INDEX idx_companies_industry_trgm;
DROP INDEX idx_jobs_title_trgm;
DROP INDEX idx_jobs_company_title;
