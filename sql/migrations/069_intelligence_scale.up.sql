-- 069_intelligence_scale: the admin Intelligence pages at the document's scale (16k smart
-- questions, 10k patterns, 2,026 companies, 20,150 jobs). The list sorted every item by company
-- name to show 200 (59 ms), and the list filter and both forms listed every company and 1,000 jobs
-- as <option>s (app.admin_intel_targets: a 250 kB model, 11 ms). Now: without a filter the list
-- shows the 50 most recently updated items of each kind from an index, older ones through a keyset
-- cursor (before=<epoch µs>_<id>); a company is found by a name search (q), never from a select;
-- job choices are one company's jobs; a form shows its company as fixed text, and a new form
-- without one starts with the company search. "More" is one row past the limit, not a count.

CREATE INDEX idx_smart_questions_updated ON smart_questions (updated_at DESC, id DESC);
CREATE INDEX idx_patterns_updated ON interview_patterns (updated_at DESC, id DESC);

DROP FUNCTION app.admin_intel_targets();

-- The companies whose name contains term (any case), by name: {companies: [{id, name, industry}]
-- (at most lim), more}. Planned for each term: the trigram index serves rare fragments, the name
-- index common ones.
CREATE FUNCTION app.admin_intel_companies(term text, lim integer) RETURNS jsonb
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
	pat text := '%' || replace(replace(replace(term, '\', '\\'), '%', '\%'), '_', '\_') || '%';
	v_rows jsonb;
	n bigint;
BEGIN
	SELECT jsonb_agg(jsonb_build_object('id', x.id, 'name', x.name, 'industry', x.industry) ORDER BY x.rn)
	       FILTER (WHERE x.rn <= lim),
	       count(*)
	INTO v_rows, n
	FROM (SELECT c.id, c.name, c.industry, row_number() OVER (ORDER BY c.name, c.id) AS rn
	      FROM companies c WHERE c.name ILIKE pat ORDER BY c.name, c.id LIMIT lim + 1) x;
	RETURN jsonb_build_object('companies', coalesce(v_rows, '[]'), 'more', n > lim);
END;
$$;

-- A company's jobs as select choices, by title, inactive ones marked (about ten per company).
-- PL/pgSQL so that its plan is kept for the connection.
CREATE FUNCTION app.admin_intel_jobs(p_company uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('value', j.id,
	                                                     'label', j.title || CASE WHEN j.is_active THEN '' ELSE ' (inactive)' END)
	                                  ORDER BY j.title, j.id), '[]')
	        FROM jobs j WHERE j.company_id = p_company);
END;
$$;

-- The company part of both intelligence forms. The company is the query's company_id, else its
-- job_id's company, else (when the query names neither) the edited item's: p_company, or p_job's.
-- A refused save passes its submission as the query, so the page shows what was submitted.
-- Without a company, or with q in the query ("change company"), the page is the company search
-- (pick). The job is kept only when it belongs to the company. Returns {pick, q, searched,
-- companies, companies_more, company: {id, name}, form_path, company_id, job_id, jobs}.
CREATE FUNCTION app.admin_intel_form_target(q jsonb, p_company uuid, p_job uuid, p_path text) RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	uuid_re text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
	a_company text := coalesce(btrim(q->>'company_id'), '');
	a_job text := coalesce(btrim(q->>'job_id'), '');
	term text := left(btrim(coalesce(q->>'q', '')), 200);
	v_company uuid;
	v_name text;
	v_job uuid;
	job_company uuid;
	found_companies jsonb := '{"companies": [], "more": false}';
BEGIN
	IF a_company = '' AND a_job = '' THEN
		v_company := p_company;
		v_job := p_job;
	ELSIF a_job ~ uuid_re THEN
		v_job := a_job::uuid;
	END IF;
	IF v_job IS NOT NULL THEN
		SELECT j.company_id INTO job_company FROM jobs j WHERE j.id = v_job;
	END IF;
	IF a_company ~ uuid_re THEN
		v_company := a_company::uuid;
	END IF;
	v_company := coalesce(v_company, job_company);
	IF v_company IS NOT NULL THEN
		SELECT c.name INTO v_name FROM companies c WHERE c.id = v_company;
		IF NOT FOUND THEN
			v_company := NULL;
		END IF;
	END IF;
	IF job_company IS DISTINCT FROM v_company THEN
		v_job := NULL;
	END IF;
	IF term <> '' THEN
		found_companies := app.admin_intel_companies(term, 20);
	END IF;
	RETURN jsonb_build_object(
		'pick', v_company IS NULL OR q ? 'q', 'q', term, 'searched', term <> '',
		'companies', found_companies->'companies', 'companies_more', found_companies->'more',
		'company', CASE WHEN v_company IS NOT NULL THEN jsonb_build_object('id', v_company, 'name', v_name) END,
		'form_path', p_path,
		'company_id', coalesce(v_company::text, CASE WHEN a_company ~ uuid_re THEN '' ELSE a_company END),
		'job_id', coalesce(v_job::text, ''),
		'jobs', CASE WHEN v_company IS NOT NULL THEN app.admin_intel_jobs(v_company) ELSE '[]' END);
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- The list. Without a filter: the 50 most recently updated items of each kind (idx_*_updated),
-- older ones from the cursor `before`; q finds companies by name (links that filter by them).
-- Filtered by company_id and/or job_id (a job's company is listed with it): that company's items
-- (idx_*_company_job), by job and text, at most 200. kind: questions | patterns | both.

CREATE OR REPLACE FUNCTION app.admin_intelligence(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	uuid_re text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
	f_company uuid := CASE WHEN coalesce(q->>'company_id', '') ~ uuid_re THEN (q->>'company_id')::uuid END;
	f_job uuid := CASE WHEN coalesce(q->>'job_id', '') ~ uuid_re THEN (q->>'job_id')::uuid END;
	f_kind text := CASE WHEN q->>'kind' IN ('questions', 'patterns') THEN q->>'kind' ELSE '' END;
	f_before text := btrim(coalesce(q->>'before', ''));
	term text := left(btrim(coalesce(q->>'q', '')), 200);
	filtered boolean := f_company IS NOT NULL OR f_job IS NOT NULL;
	-- the LIMITs below are these plus one, written out: a LIMIT from a variable is not known to a
	-- generic plan, which then looks too costly, and each call would be planned again
	per_page constant integer := 50;
	max_rows constant integer := 200;
	-- the cursor: rows strictly before (b_at, b_id) in (updated_at DESC, id DESC) order
	b_at timestamptz := 'infinity';
	b_id uuid := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
	job_company uuid;
	v_company uuid;
	v_name text;
	v_questions json;
	v_patterns json;
	n_questions bigint := 0;
	n_patterns bigint := 0;
	next_questions text;
	next_patterns text;
	found_companies jsonb;
	kind_arg text := CASE WHEN f_kind <> '' THEN '&kind=' || f_kind ELSE '' END;
BEGIN
	PERFORM app.admin_assert();
	IF f_before ~ ('^[0-9]{1,18}_' || substr(uuid_re, 2)) THEN
		b_at := timestamptz 'epoch' + split_part(f_before, '_', 1)::bigint * interval '1 microsecond';
		b_id := split_part(f_before, '_', 2)::uuid;
	ELSE
		f_before := '';
	END IF;
	IF f_job IS NOT NULL THEN
		SELECT j.company_id INTO job_company FROM jobs j WHERE j.id = f_job;
	END IF;
	v_company := coalesce(f_company, job_company);
	IF v_company IS NOT NULL THEN
		SELECT c.name INTO v_name FROM companies c WHERE c.id = v_company;
	END IF;

	IF f_kind IN ('', 'questions') AND filtered THEN
		SELECT json_agg(json_build_object('id', x.id, 'question_text', x.question_text,
		                'category', app.humanize(x.question_category), 'round', app.humanize(x.best_asked_in_round),
		                'role', x.best_asked_to_role, 'source', app.humanize(x.source), 'user_rating', x.user_rating,
		                'times_used', x.times_used, 'company', v_name, 'company_id', x.company_id,
		                'job', x.job, 'job_id', x.job_id, 'updated_at', x.updated_at,
		                'updated', to_char(x.updated_at, 'YYYY-MM-DD')) ORDER BY x.rn)
		       FILTER (WHERE x.rn <= max_rows),
		       count(*)
		INTO v_questions, n_questions
		FROM (SELECT s.*, j.title AS job, row_number() OVER (ORDER BY j.title NULLS FIRST, s.question_text, s.id) AS rn
		      FROM smart_questions s LEFT JOIN jobs j ON j.id = s.job_id
		      WHERE s.company_id = v_company AND (f_job IS NULL OR s.job_id = f_job)
		      ORDER BY j.title NULLS FIRST, s.question_text, s.id LIMIT 201) x;
	ELSIF f_kind IN ('', 'questions') THEN
		SELECT json_agg(json_build_object('id', x.id, 'question_text', x.question_text,
		                'category', app.humanize(x.question_category), 'round', app.humanize(x.best_asked_in_round),
		                'role', x.best_asked_to_role, 'source', app.humanize(x.source), 'user_rating', x.user_rating,
		                'times_used', x.times_used, 'company', x.company, 'company_id', x.company_id,
		                'job', x.job, 'job_id', x.job_id, 'updated_at', x.updated_at,
		                'updated', to_char(x.updated_at, 'YYYY-MM-DD')) ORDER BY x.rn)
		       FILTER (WHERE x.rn <= per_page),
		       count(*),
		       max((extract(epoch FROM x.updated_at) * 1000000)::bigint || '_' || x.id) FILTER (WHERE x.rn = per_page)
		INTO v_questions, n_questions, next_questions
		FROM (SELECT s.*, c.name AS company, j.title AS job,
		             row_number() OVER (ORDER BY s.updated_at DESC, s.id DESC) AS rn
		      FROM (SELECT * FROM smart_questions s WHERE (s.updated_at, s.id) < (b_at, b_id)
		            ORDER BY s.updated_at DESC, s.id DESC LIMIT 51) s
		      LEFT JOIN companies c ON c.id = s.company_id LEFT JOIN jobs j ON j.id = s.job_id) x;
	END IF;
	IF f_kind IN ('', 'patterns') AND filtered THEN
		SELECT json_agg(json_build_object('id', x.id, 'type', app.humanize(x.pattern_type),
		                'description', x.pattern_content->>'description', 'confidence_score', x.confidence_score,
		                'occurrences', x.occurrence_count, 'observations', x.total_observations,
		                'last_observed', to_char(x.last_observed_at, 'YYYY-MM-DD'), 'is_active', x.is_active,
		                'manually_verified', x.manually_verified, 'company', v_name, 'company_id', x.company_id,
		                'job', x.job, 'job_id', x.job_id, 'updated_at', x.updated_at,
		                'updated', to_char(x.updated_at, 'YYYY-MM-DD')) ORDER BY x.rn)
		       FILTER (WHERE x.rn <= max_rows),
		       count(*)
		INTO v_patterns, n_patterns
		FROM (SELECT p.*, j.title AS job,
		             row_number() OVER (ORDER BY j.title NULLS FIRST, p.confidence_score DESC, p.id) AS rn
		      FROM interview_patterns p LEFT JOIN jobs j ON j.id = p.job_id
		      WHERE p.company_id = v_company AND (f_job IS NULL OR p.job_id = f_job)
		      ORDER BY j.title NULLS FIRST, p.confidence_score DESC, p.id LIMIT 201) x;
	ELSIF f_kind IN ('', 'patterns') THEN
		SELECT json_agg(json_build_object('id', x.id, 'type', app.humanize(x.pattern_type),
		                'description', x.pattern_content->>'description', 'confidence_score', x.confidence_score,
		                'occurrences', x.occurrence_count, 'observations', x.total_observations,
		                'last_observed', to_char(x.last_observed_at, 'YYYY-MM-DD'), 'is_active', x.is_active,
		                'manually_verified', x.manually_verified, 'company', x.company, 'company_id', x.company_id,
		                'job', x.job, 'job_id', x.job_id, 'updated_at', x.updated_at,
		                'updated', to_char(x.updated_at, 'YYYY-MM-DD')) ORDER BY x.rn)
		       FILTER (WHERE x.rn <= per_page),
		       count(*),
		       max((extract(epoch FROM x.updated_at) * 1000000)::bigint || '_' || x.id) FILTER (WHERE x.rn = per_page)
		INTO v_patterns, n_patterns, next_patterns
		FROM (SELECT p.*, c.name AS company, j.title AS job,
		             row_number() OVER (ORDER BY p.updated_at DESC, p.id DESC) AS rn
		      FROM (SELECT * FROM interview_patterns p WHERE (p.updated_at, p.id) < (b_at, b_id)
		            ORDER BY p.updated_at DESC, p.id DESC LIMIT 51) p
		      LEFT JOIN companies c ON c.id = p.company_id LEFT JOIN jobs j ON j.id = p.job_id) x;
	END IF;
	IF NOT filtered AND term <> '' THEN
		found_companies := app.admin_intel_companies(term, 20);
	END IF;
	RETURN json_build_object(
		'form', json_build_object('company_id', coalesce(f_company::text, ''), 'job_id', coalesce(f_job::text, ''),
		                          'kind', f_kind, 'q', CASE WHEN filtered THEN '' ELSE term END),
		'company', CASE WHEN v_name IS NOT NULL THEN json_build_object('id', v_company, 'name', v_name) END,
		'company_missing', filtered AND v_name IS NULL,
		'choices', json_build_object(
			'job_id', CASE WHEN v_name IS NOT NULL THEN app.admin_intel_jobs(v_company) ELSE '[]' END,
			'kind', json_build_array(json_build_object('value', 'questions', 'label', 'Smart questions'),
			                         json_build_object('value', 'patterns', 'label', 'Interview patterns'))),
		'searched', found_companies IS NOT NULL, 'companies', coalesce(found_companies->'companies', '[]'),
		'companies_more', coalesce(found_companies->'more', 'false'),
		'recent', NOT filtered, 'paged', NOT filtered AND f_before <> '', 'per_page', per_page, 'max_rows', max_rows,
		'show_questions', f_kind IN ('', 'questions'), 'show_patterns', f_kind IN ('', 'patterns'),
		'questions', coalesce(v_questions, '[]'), 'patterns', coalesce(v_patterns, '[]'),
		'questions_more', filtered AND n_questions > max_rows, 'patterns_more', filtered AND n_patterns > max_rows,
		'questions_older', CASE WHEN n_questions > per_page AND NOT filtered THEN '?kind=questions&before=' || next_questions END,
		'patterns_older', CASE WHEN n_patterns > per_page AND NOT filtered THEN '?kind=patterns&before=' || next_patterns END,
		'kind_arg', kind_arg,
		'new_query', CASE WHEN job_company IS NOT NULL THEN '?job_id=' || f_job
		                  WHEN v_name IS NOT NULL THEN '?company_id=' || v_company ELSE '' END);
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- The forms: new (p_key NULL) or edit; the company and job part from app.admin_intel_form_target.

CREATE OR REPLACE FUNCTION app.admin_smart_question_form(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	s smart_questions%ROWTYPE;
	t jsonb;
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
	t := app.admin_intel_form_target(q, s.company_id, s.job_id,
		CASE WHEN p_key IS NULL THEN '/admin/intelligence/questions/new' ELSE '/admin/intelligence/questions/' || s.id || '/edit' END);
	RETURN (jsonb_build_object(
		'question', CASE WHEN p_key IS NOT NULL THEN jsonb_build_object('id', s.id, 'times_used', s.times_used,
			'success_rate', s.success_rate, 'user_rating', s.user_rating, 'created_at', s.created_at,
			'updated_at', s.updated_at) END,
		'is_new', p_key IS NULL,
		'form', app.admin_smart_question_form_of(s) || jsonb_build_object('company_id', t->'company_id', 'job_id', t->'job_id'),
		'choices', jsonb_build_object(
			'job_id', t->'jobs',
			'question_category', app.admin_choices(app.admin_intel_categories()),
			'best_asked_in_round', app.admin_choices(app.admin_intel_rounds()),
			'source', app.admin_choices(ARRAY['expert_curated', 'user_contributed', 'generated'])))
		|| (t - 'company_id' - 'job_id' - 'jobs'))::json;
END;
$$;

CREATE OR REPLACE FUNCTION app.admin_pattern_form(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	x interview_patterns%ROWTYPE;
	t jsonb;
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
	t := app.admin_intel_form_target(q, x.company_id, x.job_id,
		CASE WHEN p_key IS NULL THEN '/admin/intelligence/patterns/new' ELSE '/admin/intelligence/patterns/' || x.id || '/edit' END);
	RETURN (jsonb_build_object(
		'pattern', CASE WHEN p_key IS NOT NULL THEN jsonb_build_object('id', x.id, 'is_active', x.is_active,
			'manually_verified', x.manually_verified, 'type', app.humanize(x.pattern_type),
			'first_observed', to_char(x.first_observed_at, 'YYYY-MM-DD'), 'updated_at', x.updated_at) END,
		'is_new', p_key IS NULL,
		'form', app.admin_pattern_form_of(x) || jsonb_build_object('company_id', t->'company_id', 'job_id', t->'job_id'),
		'choices', jsonb_build_object(
			'job_id', t->'jobs',
			'pattern_type', app.admin_choices(app.admin_intel_pattern_types())))
		|| (t - 'company_id' - 'job_id' - 'jobs'))::json;
END;
$$;

REVOKE EXECUTE ON FUNCTION app.admin_intel_companies(text, integer), app.admin_intel_jobs(uuid),
	app.admin_intel_form_target(jsonb, uuid, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.admin_intel_companies(text, integer), app.admin_intel_jobs(uuid),
	app.admin_intel_form_target(jsonb, uuid, uuid, text) TO preptalk_app;
