-- 052_admin_intelligence: admin curation of company intelligence (issue 8, item 5): smart
-- questions and interview patterns per company and per job. Same shape as 051: flat `form`
-- objects, per-field errors, every write one transaction with its audit row (app.admin_audit).
-- The company page cache (032) is kept exact by its triggers on both tables.

-- Round types a smart question is best asked in (the company page orders its groups by them).
CREATE FUNCTION app.admin_intel_rounds() RETURNS text[]
LANGUAGE sql IMMUTABLE
AS $$ SELECT ARRAY['phone_screen', 'technical_screen', 'coding', 'system_design', 'behavioral', 'culture_fit',
                   'case_study', 'presentation', 'final'] $$;

CREATE FUNCTION app.admin_intel_categories() RETURNS text[]
LANGUAGE sql IMMUTABLE
AS $$ SELECT ARRAY['culture', 'growth', 'technical', 'team', 'process', 'challenges', 'success_metrics', 'company_direction'] $$;

CREATE FUNCTION app.admin_intel_pattern_types() RETURNS text[]
LANGUAGE sql IMMUTABLE
AS $$ SELECT ARRAY['common_question', 'process_step', 'evaluation_focus', 'red_flag', 'success_factor'] $$;

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

-- Company and job of a submitted form: at least one; a job alone brings its company along; a job
-- of another company is refused. Errors are added to errs.
CREATE FUNCTION app.admin_intel_target(p jsonb, INOUT errs jsonb, OUT company uuid, OUT job uuid)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	c text := coalesce(btrim(p->>'company_id'), '');
	j text := coalesce(btrim(p->>'job_id'), '');
	uuid_re text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
	job_company uuid;
BEGIN
	IF c <> '' THEN
		IF c !~ uuid_re OR NOT EXISTS (SELECT 1 FROM companies WHERE id = c::uuid) THEN
			errs := errs || '{"company_id": "Choose one of the listed companies."}';
		ELSE
			company := c::uuid;
		END IF;
	END IF;
	IF j <> '' THEN
		IF j !~ uuid_re THEN
			errs := errs || '{"job_id": "Choose one of the listed jobs."}';
		ELSE
			SELECT company_id INTO job_company FROM jobs WHERE id = j::uuid;
			IF job_company IS NULL THEN
				errs := errs || '{"job_id": "Choose one of the listed jobs."}';
			ELSIF company IS NOT NULL AND job_company <> company THEN
				errs := errs || '{"job_id": "This job belongs to another company: choose its company, or no company."}';
			ELSE
				job := j::uuid;
				company := job_company;
			END IF;
		END IF;
	END IF;
	IF c = '' AND j = '' THEN
		errs := errs || '{"company_id": "Choose a company, a job, or both."}';
	END IF;
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- The list: filters company_id, job_id (a company's filter also lists its jobs' items), kind
-- (questions | patterns | both); the 200 most relevant of each.

CREATE FUNCTION app.admin_intelligence(p_key text, q jsonb) RETURNS json
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

-- ---------------------------------------------------------------------------------------------
-- Smart questions

CREATE FUNCTION app.admin_smart_question_form_of(s smart_questions) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
	SELECT jsonb_build_object(
		'company_id', coalesce(s.company_id::text, ''), 'job_id', coalesce(s.job_id::text, ''),
		'question_text', coalesce(s.question_text, ''), 'question_category', coalesce(s.question_category, ''),
		'best_asked_in_round', coalesce(s.best_asked_in_round, ''), 'best_asked_to_role', coalesce(s.best_asked_to_role, ''),
		'rationale', coalesce(s.rationale, ''), 'expected_insights', coalesce(s.expected_insights, ''),
		'follow_up_suggestions', app.admin_unlines(s.follow_up_suggestions), 'source', coalesce(s.source, ''))
$$;

-- The form page: new (p_key NULL; company_id / job_id of the query preselected) or edit.
CREATE FUNCTION app.admin_smart_question_form(p_key text, q jsonb) RETURNS json
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

-- Create (p_key NULL) or update a smart question from its form.
CREATE FUNCTION app.admin_smart_question_save(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	errs jsonb := '{}';
	old_row smart_questions%ROWTYPE;
	new_row smart_questions%ROWTYPE;
	t record;
	f text;
BEGIN
	PERFORM app.admin_assert();
	IF p_key IS NOT NULL THEN
		SELECT * INTO old_row FROM smart_questions WHERE id = p_key::uuid FOR UPDATE;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'smart question not found' USING ERRCODE = 'P0002';
		END IF;
	END IF;
	SELECT * INTO t FROM app.admin_intel_target(p, errs);
	errs := t.errs;
	IF length(btrim(coalesce(p->>'question_text', ''))) NOT BETWEEN 5 AND 1000 THEN
		errs := errs || '{"question_text": "Write the question in 5 to 1000 characters."}';
	END IF;
	IF coalesce(p->>'question_category', '') <> '' AND NOT (p->>'question_category' = ANY (app.admin_intel_categories())) THEN
		errs := errs || '{"question_category": "Choose one of the listed categories."}';
	END IF;
	IF coalesce(p->>'best_asked_in_round', '') <> '' AND NOT (p->>'best_asked_in_round' = ANY (app.admin_intel_rounds())) THEN
		errs := errs || '{"best_asked_in_round": "Choose one of the listed rounds."}';
	END IF;
	IF length(btrim(coalesce(p->>'best_asked_to_role', ''))) > 100 THEN
		errs := errs || '{"best_asked_to_role": "Use at most 100 characters."}';
	END IF;
	FOREACH f IN ARRAY ARRAY['rationale', 'expected_insights'] LOOP
		IF length(btrim(coalesce(p->>f, ''))) > 2000 THEN
			errs := errs || jsonb_build_object(f, 'Use at most 2000 characters.');
		END IF;
	END LOOP;
	IF NOT app.admin_lines_ok(p->>'follow_up_suggestions') THEN
		errs := errs || '{"follow_up_suggestions": "Keep each line under 300 characters."}';
	END IF;
	IF coalesce(p->>'source', '') NOT IN ('expert_curated', 'user_contributed', 'generated') THEN
		errs := errs || '{"source": "Choose where the question comes from."}';
	END IF;
	PERFORM app.admin_check(errs);

	IF p_key IS NULL THEN
		INSERT INTO smart_questions (company_id, job_id, question_text)
		VALUES (t.company, t.job, btrim(p->>'question_text')) RETURNING * INTO new_row;
	END IF;
	UPDATE smart_questions SET company_id = t.company, job_id = t.job, question_text = btrim(p->>'question_text'),
		question_category = app.admin_text(p->>'question_category'),
		best_asked_in_round = app.admin_text(p->>'best_asked_in_round'),
		best_asked_to_role = app.admin_text(p->>'best_asked_to_role'),
		rationale = app.admin_text(p->>'rationale'), expected_insights = app.admin_text(p->>'expected_insights'),
		follow_up_suggestions = app.admin_lines(p->>'follow_up_suggestions'), source = p->>'source'
	WHERE id = coalesce(old_row.id, new_row.id) RETURNING * INTO new_row;
	PERFORM app.admin_audit(CASE WHEN p_key IS NULL THEN 'smart_question_create' ELSE 'smart_question_update' END,
	                        'smart_question', new_row.id,
	                        CASE WHEN p_key IS NOT NULL THEN to_jsonb(old_row) - 'updated_at' END,
	                        to_jsonb(new_row) - 'updated_at', p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', new_row.id,
		'redirect', '/admin/intelligence/questions/' || new_row.id || '/edit?saved=' || CASE WHEN p_key IS NULL THEN 'created' ELSE '1' END);
END;
$$;

CREATE FUNCTION app.admin_smart_question_delete_page(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	m json;
BEGIN
	PERFORM app.admin_assert();
	SELECT json_build_object('kind', 'smart question', 'is_question', true,
		'item', json_build_object('id', s.id, 'text', s.question_text, 'company', c.name, 'job', j.title,
		                          'edit_url', '/admin/intelligence/questions/' || s.id || '/edit',
		                          'delete_url', '/admin/intelligence/questions/' || s.id || '/delete',
		                          'times_used', s.times_used))
	INTO m
	FROM smart_questions s LEFT JOIN companies c ON c.id = s.company_id LEFT JOIN jobs j ON j.id = s.job_id
	WHERE s.id = p_key::uuid;
	RETURN m;
END;
$$;

CREATE FUNCTION app.admin_smart_question_delete(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	old_row smart_questions%ROWTYPE;
BEGIN
	PERFORM app.admin_assert();
	DELETE FROM smart_questions WHERE id = p_key::uuid RETURNING * INTO old_row;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'smart question not found' USING ERRCODE = 'P0002';
	END IF;
	PERFORM app.admin_audit('smart_question_delete', 'smart_question', old_row.id, to_jsonb(old_row), NULL,
	                        p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', old_row.id, 'deleted', true,
		'redirect', '/admin/intelligence?saved=deleted' || coalesce('&company_id=' || old_row.company_id, ''));
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- Interview patterns

CREATE FUNCTION app.admin_pattern_form_of(x interview_patterns) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
	SELECT jsonb_build_object(
		'company_id', coalesce(x.company_id::text, ''), 'job_id', coalesce(x.job_id::text, ''),
		'pattern_type', coalesce(x.pattern_type, ''),
		'description', coalesce(x.pattern_content->>'description', ''),
		'context', coalesce(x.pattern_content->>'context', ''),
		'examples', app.admin_unlines(x.pattern_content->'examples'),
		'occurrence_count', coalesce(x.occurrence_count::text, ''),
		'total_observations', coalesce(x.total_observations::text, ''),
		'confidence_score', coalesce(x.confidence_score::text, ''),
		'last_observed', coalesce(to_char(x.last_observed_at, 'YYYY-MM-DD'), ''),
		'manually_verified', coalesce(x.manually_verified, false), 'is_active', coalesce(x.is_active, true))
$$;

CREATE FUNCTION app.admin_pattern_form(p_key text, q jsonb) RETURNS json
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

-- Create (p_key NULL) or update a pattern. Content keys other than description, context and
-- examples (such as frequency) are kept.
CREATE FUNCTION app.admin_pattern_save(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	errs jsonb := '{}';
	old_row interview_patterns%ROWTYPE;
	new_row interview_patterns%ROWTYPE;
	t record;
	d text := btrim(coalesce(p->>'last_observed', ''));
	seen date;
	first_at timestamptz;
	last_at timestamptz;
	f text;
BEGIN
	PERFORM app.admin_assert();
	IF p_key IS NOT NULL THEN
		SELECT * INTO old_row FROM interview_patterns WHERE id = p_key::uuid FOR UPDATE;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'pattern not found' USING ERRCODE = 'P0002';
		END IF;
	END IF;
	SELECT * INTO t FROM app.admin_intel_target(p, errs);
	errs := t.errs;
	IF NOT (coalesce(p->>'pattern_type', '') = ANY (app.admin_intel_pattern_types())) THEN
		errs := errs || '{"pattern_type": "Choose one of the listed types."}';
	END IF;
	IF app.admin_text(p->>'description') IS NULL THEN
		errs := errs || '{"description": "Describe the pattern."}';
	END IF;
	FOREACH f IN ARRAY ARRAY['description', 'context'] LOOP
		IF length(btrim(coalesce(p->>f, ''))) > 2000 THEN
			errs := errs || jsonb_build_object(f, 'Use at most 2000 characters.');
		END IF;
	END LOOP;
	IF NOT app.admin_lines_ok(p->>'examples', 500) THEN
		errs := errs || '{"examples": "Keep each line under 500 characters."}';
	END IF;
	IF coalesce(btrim(p->>'occurrence_count'), '') = '' OR NOT app.admin_int_ok(p->>'occurrence_count', 0, 1000000) THEN
		errs := errs || '{"occurrence_count": "Enter a whole number from 0 to 1000000."}';
	END IF;
	IF coalesce(btrim(p->>'total_observations'), '') = '' OR NOT app.admin_int_ok(p->>'total_observations', 1, 1000000) THEN
		errs := errs || '{"total_observations": "Enter a whole number from 1 to 1000000."}';
	END IF;
	IF NOT errs ? 'occurrence_count' AND NOT errs ? 'total_observations'
	   AND btrim(p->>'occurrence_count')::integer > btrim(p->>'total_observations')::integer THEN
		errs := errs || '{"occurrence_count": "It cannot exceed the number of observations."}';
	END IF;
	IF coalesce(btrim(p->>'confidence_score'), '') = '' OR NOT app.admin_num_ok(p->>'confidence_score', 0, 1) THEN
		errs := errs || '{"confidence_score": "Enter a number from 0 to 1, such as 0.75."}';
	END IF;
	IF d !~ '^\d{4}-\d{2}-\d{2}$' THEN
		errs := errs || '{"last_observed": "Enter a date as YYYY-MM-DD."}';
	ELSE
		BEGIN
			seen := d::date;
		EXCEPTION WHEN others THEN
			errs := errs || '{"last_observed": "Enter a date that exists, as YYYY-MM-DD."}';
		END;
		IF seen > current_date THEN
			errs := errs || '{"last_observed": "The date cannot be in the future."}';
		ELSIF seen < old_row.first_observed_at::date THEN
			errs := errs || jsonb_build_object('last_observed',
				format('It cannot be before the first observation (%s).', to_char(old_row.first_observed_at, 'YYYY-MM-DD')));
		END IF;
	END IF;
	PERFORM app.admin_check(errs);

	-- an unchanged day keeps its exact time; a new one starts at midnight, never before the first observation
	IF p_key IS NOT NULL AND seen = old_row.last_observed_at::date THEN
		last_at := old_row.last_observed_at;
	ELSIF p_key IS NOT NULL THEN
		last_at := greatest(seen::timestamptz, old_row.first_observed_at);
	ELSE
		last_at := CASE WHEN seen = current_date THEN now() ELSE seen::timestamptz END;
	END IF;
	first_at := coalesce(old_row.first_observed_at, last_at);
	IF p_key IS NULL THEN
		INSERT INTO interview_patterns (company_id, job_id, pattern_type, pattern_content, first_observed_at, last_observed_at)
		VALUES (t.company, t.job, p->>'pattern_type', '{}', first_at, last_at) RETURNING * INTO new_row;
	END IF;
	UPDATE interview_patterns SET company_id = t.company, job_id = t.job, pattern_type = p->>'pattern_type',
		pattern_content = coalesce(old_row.pattern_content, '{}') || jsonb_build_object(
			'description', btrim(p->>'description'), 'context', app.admin_text(p->>'context'),
			'examples', app.admin_lines(p->>'examples')),
		occurrence_count = btrim(p->>'occurrence_count')::integer,
		total_observations = btrim(p->>'total_observations')::integer,
		confidence_score = btrim(p->>'confidence_score')::double precision,
		first_observed_at = first_at, last_observed_at = last_at,
		manually_verified = app.admin_flag(p->>'manually_verified'), is_active = app.admin_flag(p->>'is_active')
	WHERE id = coalesce(old_row.id, new_row.id) RETURNING * INTO new_row;
	PERFORM app.admin_audit(CASE WHEN p_key IS NULL THEN 'pattern_create' ELSE 'pattern_update' END,
	                        'interview_pattern', new_row.id,
	                        CASE WHEN p_key IS NOT NULL THEN to_jsonb(old_row) - 'updated_at' END,
	                        to_jsonb(new_row) - 'updated_at', p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', new_row.id,
		'redirect', '/admin/intelligence/patterns/' || new_row.id || '/edit?saved=' || CASE WHEN p_key IS NULL THEN 'created' ELSE '1' END);
END;
$$;

-- verify | activate | deactivate: one flag of one pattern.
CREATE FUNCTION app.admin_pattern_flag(p_key text, p_action text, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	old_row interview_patterns%ROWTYPE;
	new_row interview_patterns%ROWTYPE;
BEGIN
	PERFORM app.admin_assert();
	SELECT * INTO old_row FROM interview_patterns WHERE id = p_key::uuid FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'pattern not found' USING ERRCODE = 'P0002';
	END IF;
	IF p_action = 'verify' THEN
		IF old_row.manually_verified THEN
			RAISE EXCEPTION 'form: This pattern is already verified.' USING ERRCODE = 'P0001';
		END IF;
		UPDATE interview_patterns SET manually_verified = true WHERE id = old_row.id RETURNING * INTO new_row;
	ELSIF p_action IN ('activate', 'deactivate') THEN
		UPDATE interview_patterns SET is_active = (p_action = 'activate') WHERE id = old_row.id RETURNING * INTO new_row;
	ELSE
		RAISE EXCEPTION 'unknown pattern action' USING ERRCODE = '22023';
	END IF;
	PERFORM app.admin_audit('pattern_' || p_action, 'interview_pattern', old_row.id,
		jsonb_build_object('manually_verified', old_row.manually_verified, 'is_active', old_row.is_active),
		jsonb_build_object('manually_verified', new_row.manually_verified, 'is_active', new_row.is_active),
		p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', new_row.id, 'manually_verified', new_row.manually_verified, 'is_active', new_row.is_active,
	                         'redirect', '/admin/intelligence/patterns/' || new_row.id || '/edit?saved=1');
END;
$$;

CREATE FUNCTION app.admin_pattern_verify(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE sql AS $$ SELECT app.admin_pattern_flag(p_key, 'verify', p_ip, p_ua, p_request_id) $$;
CREATE FUNCTION app.admin_pattern_activate(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE sql AS $$ SELECT app.admin_pattern_flag(p_key, 'activate', p_ip, p_ua, p_request_id) $$;
CREATE FUNCTION app.admin_pattern_deactivate(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE sql AS $$ SELECT app.admin_pattern_flag(p_key, 'deactivate', p_ip, p_ua, p_request_id) $$;

CREATE FUNCTION app.admin_pattern_delete_page(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	m json;
BEGIN
	PERFORM app.admin_assert();
	SELECT json_build_object('kind', 'interview pattern', 'is_pattern', true,
		'item', json_build_object('id', x.id, 'text', x.pattern_content->>'description', 'type', app.humanize(x.pattern_type),
		                          'company', c.name, 'job', j.title, 'is_active', x.is_active,
		                          'edit_url', '/admin/intelligence/patterns/' || x.id || '/edit',
		                          'delete_url', '/admin/intelligence/patterns/' || x.id || '/delete'))
	INTO m
	FROM interview_patterns x LEFT JOIN companies c ON c.id = x.company_id LEFT JOIN jobs j ON j.id = x.job_id
	WHERE x.id = p_key::uuid;
	RETURN m;
END;
$$;

CREATE FUNCTION app.admin_pattern_delete(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	old_row interview_patterns%ROWTYPE;
BEGIN
	PERFORM app.admin_assert();
	DELETE FROM interview_patterns WHERE id = p_key::uuid RETURNING * INTO old_row;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'pattern not found' USING ERRCODE = 'P0002';
	END IF;
	PERFORM app.admin_audit('pattern_delete', 'interview_pattern', old_row.id, to_jsonb(old_row), NULL,
	                        p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', old_row.id, 'deleted', true,
		'redirect', '/admin/intelligence?saved=deleted' || coalesce('&company_id=' || old_row.company_id, ''));
END;
$$;

DO $$
DECLARE
	f regprocedure;
BEGIN
	FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
	         WHERE n.nspname = 'app' AND (p.proname LIKE 'admin\_intel%' OR p.proname LIKE 'admin\_smart\_question%'
	                                      OR p.proname LIKE 'admin\_pattern%')
	LOOP
		EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
		EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO preptalk_app', f);
	END LOOP;
END
$$;
