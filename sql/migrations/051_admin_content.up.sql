-- 051_admin_content: admin curation of companies, jobs with requirements, curricula (versions,
-- rounds, question banks). Form models carry a flat `form` object whose keys are the form's field
-- names (JSON structures become lines or fixed rows); saves take the same object back, validate
-- it (errors per field), write and audit in one transaction.

-- ---------------------------------------------------------------------------------------------
-- Companies

CREATE FUNCTION app.admin_companies(p_key text, q jsonb) RETURNS json
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

CREATE FUNCTION app.admin_company_choices() RETURNS json
LANGUAGE sql IMMUTABLE
AS $$
	SELECT json_build_object(
		'company_size', app.admin_choices(ARRAY['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5000+']),
		'company_type', app.admin_choices(ARRAY['startup', 'scaleup', 'enterprise', 'agency', 'nonprofit', 'government']),
		'verification_status', app.admin_choices(ARRAY['unverified', 'partially_verified', 'verified', 'official']))
$$;

-- The company as the flat form the edit page shows.
CREATE FUNCTION app.admin_company_form_of(c companies) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
	SELECT jsonb_build_object(
		'name', c.name, 'display_name', coalesce(c.display_name, ''), 'domain', coalesce(c.domain, ''),
		'industry', coalesce(c.industry, ''), 'sub_industry', coalesce(c.sub_industry, ''),
		'company_size', coalesce(c.company_size, ''), 'company_type', coalesce(c.company_type, ''),
		'headquarters_location', coalesce(c.headquarters_location, ''),
		'locations', app.admin_unlines(c.locations), 'remote_first', c.remote_first,
		'mission', coalesce(c.overview->>'mission', ''), 'vision', coalesce(c.overview->>'vision', ''),
		'culture_notes', coalesce(c.overview->>'culture_notes', ''), 'values', app.admin_unlines(c.overview->'values'),
		'funding_stage', coalesce(c.funding_info->>'stage', ''),
		'funding_total_raised', coalesce(c.funding_info->>'total_raised', ''),
		'funding_last_round', coalesce(c.funding_info->>'last_round', ''),
		'funding_investors', app.admin_unlines(c.funding_info->'investors'),
		'ip_typical_rounds', coalesce(c.interview_process->>'typical_rounds', ''),
		'ip_average_duration_days', coalesce(c.interview_process->>'average_duration_days', ''),
		'ip_common_interviewers', app.admin_unlines(c.interview_process->'common_interviewers'),
		'ip_green_flags', app.admin_unlines(c.interview_process->'green_flags'),
		'ip_red_flags', app.admin_unlines(c.interview_process->'red_flags'),
		'data_sources', app.admin_unlines(c.data_sources),
		'verification_status', c.verification_status, 'confidence_score', c.confidence_score::text)
	|| (SELECT coalesce(jsonb_object_agg(format('ip_round_%s_%s', n, f),
	                                     coalesce(c.interview_process #>> ARRAY['rounds', (n - 1)::text, f], '')), '{}')
	    FROM generate_series(1, 4) n, unnest(ARRAY['name', 'duration_minutes']) f)
$$;

CREATE FUNCTION app.admin_company_form(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	c companies%ROWTYPE;
	blank companies%ROWTYPE;
BEGIN
	PERFORM app.admin_assert();
	IF p_key IS NOT NULL THEN
		SELECT * INTO c FROM companies WHERE id = p_key::uuid;
		IF NOT FOUND THEN
			RETURN NULL;
		END IF;
	ELSE
		blank.name := '';
		blank.locations := '[]';
		blank.remote_first := false;
		blank.overview := '{}';
		blank.funding_info := '{}';
		blank.interview_process := '{}';
		blank.data_sources := '[]';
		blank.verification_status := 'unverified';
		blank.confidence_score := 0.5;
		c := blank;
	END IF;
	RETURN json_build_object('company', CASE WHEN p_key IS NOT NULL THEN json_build_object('id', c.id, 'name', c.name) END,
	                         'is_new', p_key IS NULL, 'form', app.admin_company_form_of(c),
	                         'choices', app.admin_company_choices(), 'rows', json_build_object('ip_round', 4));
END;
$$;

-- Create (p_key NULL) or update a company from its flat form.
CREATE FUNCTION app.admin_company_save(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	errs jsonb := '{}';
	old_row companies%ROWTYPE;
	new_row companies%ROWTYPE;
	f text;
	n integer;
	rounds jsonb := '[]';
	dom text := lower(coalesce(btrim(p->>'domain'), ''));
BEGIN
	PERFORM app.admin_assert();
	IF p_key IS NOT NULL THEN
		SELECT * INTO old_row FROM companies WHERE id = p_key::uuid FOR UPDATE;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'company not found' USING ERRCODE = 'P0002';
		END IF;
	END IF;
	IF app.admin_text(p->>'name') IS NULL THEN
		errs := errs || '{"name": "Enter the company name."}';
	END IF;
	FOREACH f IN ARRAY ARRAY['name', 'display_name', 'industry', 'sub_industry', 'headquarters_location',
	                         'funding_stage', 'funding_total_raised', 'funding_last_round'] LOOP
		IF length(btrim(coalesce(p->>f, ''))) > 200 THEN
			errs := errs || jsonb_build_object(f, 'Use at most 200 characters.');
		END IF;
	END LOOP;
	FOREACH f IN ARRAY ARRAY['mission', 'vision', 'culture_notes'] LOOP
		IF length(btrim(coalesce(p->>f, ''))) > 2000 THEN
			errs := errs || jsonb_build_object(f, 'Use at most 2000 characters.');
		END IF;
	END LOOP;
	FOREACH f IN ARRAY ARRAY['locations', 'values', 'funding_investors', 'ip_common_interviewers', 'ip_green_flags',
	                         'ip_red_flags', 'data_sources'] LOOP
		IF NOT app.admin_lines_ok(p->>f) THEN
			errs := errs || jsonb_build_object(f, 'Keep each line under 300 characters.');
		END IF;
	END LOOP;
	IF dom <> '' AND (dom !~ '^[a-z0-9.-]+\.[a-z]{2,}$' OR length(dom) > 253) THEN
		errs := errs || '{"domain": "Enter a domain such as example.com, without https://."}';
	END IF;
	IF coalesce(p->>'company_size', '') NOT IN ('', '1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5000+') THEN
		errs := errs || '{"company_size": "Choose one of the listed sizes."}';
	END IF;
	IF coalesce(p->>'company_type', '') NOT IN ('', 'startup', 'scaleup', 'enterprise', 'agency', 'nonprofit', 'government') THEN
		errs := errs || '{"company_type": "Choose one of the listed types."}';
	END IF;
	IF coalesce(p->>'verification_status', '') NOT IN ('unverified', 'partially_verified', 'verified', 'official') THEN
		errs := errs || '{"verification_status": "Choose one of the listed statuses."}';
	END IF;
	IF coalesce(btrim(p->>'confidence_score'), '') = '' OR NOT app.admin_num_ok(p->>'confidence_score', 0, 1) THEN
		errs := errs || '{"confidence_score": "Enter a number from 0 to 1, such as 0.75."}';
	END IF;
	IF NOT app.admin_int_ok(p->>'ip_typical_rounds', 1, 20) THEN
		errs := errs || '{"ip_typical_rounds": "Enter a whole number of rounds from 1 to 20."}';
	END IF;
	IF NOT app.admin_int_ok(p->>'ip_average_duration_days', 0, 365) THEN
		errs := errs || '{"ip_average_duration_days": "Enter a whole number of days from 0 to 365."}';
	END IF;
	FOR n IN 1..4 LOOP
		IF length(btrim(coalesce(p->>format('ip_round_%s_name', n), ''))) > 200 THEN
			errs := errs || jsonb_build_object(format('ip_round_%s_name', n), 'Use at most 200 characters.');
		END IF;
		IF NOT app.admin_int_ok(p->>format('ip_round_%s_duration_minutes', n), 5, 480) THEN
			errs := errs || jsonb_build_object(format('ip_round_%s_duration_minutes', n), 'Enter minutes from 5 to 480.');
		ELSIF app.admin_text(p->>format('ip_round_%s_duration_minutes', n)) IS NOT NULL
		      AND app.admin_text(p->>format('ip_round_%s_name', n)) IS NULL THEN
			errs := errs || jsonb_build_object(format('ip_round_%s_name', n), 'Name the round, or clear its minutes.');
		END IF;
		IF app.admin_text(p->>format('ip_round_%s_name', n)) IS NOT NULL THEN
			rounds := rounds || jsonb_build_array(jsonb_build_object(
				'name', btrim(p->>format('ip_round_%s_name', n)),
				'duration_minutes', nullif(btrim(coalesce(p->>format('ip_round_%s_duration_minutes', n), '')), '')::integer));
		END IF;
	END LOOP;
	PERFORM app.admin_check(errs);

	new_row := old_row;
	new_row.name := btrim(p->>'name');
	new_row.display_name := app.admin_text(p->>'display_name');
	new_row.domain := nullif(dom, '');
	new_row.industry := app.admin_text(p->>'industry');
	new_row.sub_industry := app.admin_text(p->>'sub_industry');
	new_row.company_size := app.admin_text(p->>'company_size');
	new_row.company_type := app.admin_text(p->>'company_type');
	new_row.headquarters_location := app.admin_text(p->>'headquarters_location');
	new_row.locations := app.admin_lines(p->>'locations');
	new_row.remote_first := app.admin_flag(p->>'remote_first');
	new_row.overview := coalesce(old_row.overview, '{}') || jsonb_build_object(
		'mission', app.admin_text(p->>'mission'), 'vision', app.admin_text(p->>'vision'),
		'culture_notes', app.admin_text(p->>'culture_notes'), 'values', app.admin_lines(p->>'values'));
	new_row.funding_info := coalesce(old_row.funding_info, '{}') || jsonb_build_object(
		'stage', app.admin_text(p->>'funding_stage'), 'total_raised', app.admin_text(p->>'funding_total_raised'),
		'last_round', app.admin_text(p->>'funding_last_round'), 'investors', app.admin_lines(p->>'funding_investors'));
	new_row.interview_process := coalesce(old_row.interview_process, '{}') || jsonb_build_object(
		'typical_rounds', app.admin_text(p->>'ip_typical_rounds')::integer,
		'average_duration_days', app.admin_text(p->>'ip_average_duration_days')::integer,
		'common_interviewers', app.admin_lines(p->>'ip_common_interviewers'),
		'green_flags', app.admin_lines(p->>'ip_green_flags'), 'red_flags', app.admin_lines(p->>'ip_red_flags'),
		'rounds', rounds);
	new_row.data_sources := app.admin_lines(p->>'data_sources');
	new_row.verification_status := p->>'verification_status';
	new_row.confidence_score := btrim(p->>'confidence_score')::double precision;
	IF new_row.verification_status IS DISTINCT FROM old_row.verification_status
	   AND new_row.verification_status IN ('verified', 'official') THEN
		new_row.last_verified_at := now();
	END IF;
	BEGIN
		IF p_key IS NULL THEN
			INSERT INTO companies (name, display_name, domain, industry, sub_industry, company_size, company_type,
			                       headquarters_location, locations, remote_first, overview, funding_info,
			                       interview_process, data_sources, verification_status, confidence_score, last_verified_at)
			VALUES (new_row.name, new_row.display_name, new_row.domain, new_row.industry, new_row.sub_industry,
			        new_row.company_size, new_row.company_type, new_row.headquarters_location, new_row.locations,
			        new_row.remote_first, new_row.overview, new_row.funding_info, new_row.interview_process,
			        new_row.data_sources, new_row.verification_status, new_row.confidence_score, new_row.last_verified_at)
			RETURNING * INTO new_row;
		ELSE
			UPDATE companies SET name = new_row.name, display_name = new_row.display_name, domain = new_row.domain,
				industry = new_row.industry, sub_industry = new_row.sub_industry, company_size = new_row.company_size,
				company_type = new_row.company_type, headquarters_location = new_row.headquarters_location,
				locations = new_row.locations, remote_first = new_row.remote_first, overview = new_row.overview,
				funding_info = new_row.funding_info, interview_process = new_row.interview_process,
				data_sources = new_row.data_sources, verification_status = new_row.verification_status,
				confidence_score = new_row.confidence_score, last_verified_at = new_row.last_verified_at,
				research_version = research_version + 1
			WHERE id = old_row.id RETURNING * INTO new_row;
		END IF;
	EXCEPTION WHEN unique_violation THEN
		RAISE EXCEPTION 'name: A company with this name and domain already exists.' USING ERRCODE = 'P0001';
	END;
	PERFORM app.admin_audit(CASE WHEN p_key IS NULL THEN 'company_create' ELSE 'company_update' END, 'company',
	                        new_row.id, CASE WHEN p_key IS NOT NULL THEN to_jsonb(old_row) - 'updated_at' END,
	                        to_jsonb(new_row) - 'updated_at', p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', new_row.id, 'name', new_row.name,
	                         'redirect', '/admin/companies/' || new_row.id || '/edit?saved=1');
END;
$$;

-- What depends on a company: deleting it would take its jobs, curricula and intelligence along;
-- practice sessions and community posts block the delete (people's history).
CREATE FUNCTION app.admin_company_delete_page(p_key text, q jsonb) RETURNS json
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

CREATE FUNCTION app.admin_company_delete(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	old_row companies%ROWTYPE;
	n_sessions bigint;
	n_posts bigint;
	n_jobs bigint;
BEGIN
	PERFORM app.admin_assert();
	SELECT * INTO old_row FROM companies WHERE id = p_key::uuid FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'company not found' USING ERRCODE = 'P0002';
	END IF;
	SELECT count(*) INTO n_sessions FROM interview_sessions s JOIN jobs j ON j.id = s.job_id WHERE j.company_id = old_row.id;
	SELECT count(*) INTO n_posts FROM user_feedback WHERE company_id = old_row.id;
	IF n_sessions > 0 OR n_posts > 0 THEN
		RAISE EXCEPTION 'form: % cannot be deleted: % practice session(s) and % community post(s) depend on it. Deactivate its jobs instead.',
			old_row.name, n_sessions, n_posts USING ERRCODE = 'P0001';
	END IF;
	SELECT count(*) INTO n_jobs FROM jobs WHERE company_id = old_row.id;
	DELETE FROM companies WHERE id = old_row.id;
	PERFORM app.admin_audit('company_delete', 'company', old_row.id, to_jsonb(old_row),
	                        jsonb_build_object('deleted_jobs', n_jobs), p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', old_row.id, 'deleted', true, 'redirect', '/admin/companies?saved=deleted');
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- Jobs and requirements

CREATE FUNCTION app.admin_jobs(p_key text, q jsonb) RETURNS json
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

CREATE FUNCTION app.admin_job_form_of(j jobs, r job_requirements) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
	SELECT jsonb_build_object(
		'company_id', coalesce(j.company_id::text, ''), 'title', coalesce(j.title, ''),
		'department', coalesce(j.department, ''), 'team', coalesce(j.team, ''), 'level', coalesce(j.level, ''),
		'job_type', coalesce(j.job_type, ''), 'work_arrangement', coalesce(j.work_arrangement, ''),
		'location', coalesce(j.location, ''), 'salary_min', coalesce(j.salary_min::text, ''),
		'salary_max', coalesce(j.salary_max::text, ''), 'salary_currency', coalesce(j.salary_currency, 'USD'),
		'source_url', coalesce(j.source_url, ''), 'raw_description', coalesce(j.raw_description, ''),
		'responsibilities', app.admin_unlines(j.parsed_description->'responsibilities'),
		'requirements', app.admin_unlines(j.parsed_description->'requirements'),
		'nice_to_have', app.admin_unlines(j.parsed_description->'nice_to_have'),
		'min_years', coalesce(r.minimum_years_experience::text, ''),
		'preferred_years', coalesce(r.preferred_years_experience::text, ''),
		'education_level', coalesce(r.education_level, ''),
		'required_certifications', app.admin_unlines(r.required_certifications),
		'preferred_certifications', app.admin_unlines(r.preferred_certifications))
	|| (SELECT coalesce(jsonb_object_agg(format('%s_%s_%s', k.kind, n, f),
	        CASE WHEN f = 'required' THEN to_jsonb(coalesce((s->>'required')::boolean, false))
	             WHEN f = 'skill' THEN to_jsonb(coalesce(s->>'skill', ''))
	             ELSE to_jsonb(coalesce(s->>f, '')) END), '{}')
	    FROM (VALUES ('tech', 6, coalesce(r.technical_skills, '[]')), ('soft', 4, coalesce(r.soft_skills, '[]'))) k(kind, cnt, arr),
	         LATERAL generate_series(1, k.cnt) n,
	         LATERAL (SELECT k.arr->(n - 1) AS s) e,
	         unnest(ARRAY['skill', 'level', 'years', 'required', 'weight']) f)
$$;

CREATE FUNCTION app.admin_job_form(p_key text, q jsonb) RETURNS json
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

-- Skills rows (kind tech|soft, cnt rows) -> json array, errors added to errs.
CREATE FUNCTION app.admin_skill_rows(p jsonb, kind text, cnt integer, INOUT errs jsonb, OUT skills jsonb)
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
	n integer;
	k text;
	name text;
BEGIN
	skills := '[]';
	FOR n IN 1..cnt LOOP
		k := format('%s_%s_', kind, n);
		name := app.admin_text(p->>(k || 'skill'));
		IF name IS NULL THEN
			IF app.admin_text(p->>(k || 'level')) IS NOT NULL OR app.admin_text(p->>(k || 'years')) IS NOT NULL
			   OR app.admin_text(p->>(k || 'weight')) IS NOT NULL THEN
				errs := errs || jsonb_build_object(k || 'skill', 'Name the skill, or clear the row.');
			END IF;
			CONTINUE;
		END IF;
		IF length(name) > 100 THEN
			errs := errs || jsonb_build_object(k || 'skill', 'Use at most 100 characters.');
		END IF;
		IF coalesce(p->>(k || 'level'), '') NOT IN ('', 'beginner', 'intermediate', 'advanced', 'expert') THEN
			errs := errs || jsonb_build_object(k || 'level', 'Use beginner, intermediate, advanced or expert.');
		END IF;
		IF NOT app.admin_int_ok(p->>(k || 'years'), 0, 50) THEN
			errs := errs || jsonb_build_object(k || 'years', 'Enter whole years from 0 to 50.');
		END IF;
		IF NOT app.admin_num_ok(p->>(k || 'weight'), 0, 1) THEN
			errs := errs || jsonb_build_object(k || 'weight', 'Enter a weight from 0 to 1, such as 0.25.');
		END IF;
		IF errs = '{}' THEN
			skills := skills || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
				'skill', name, 'level', app.admin_text(p->>(k || 'level')),
				'years', app.admin_text(p->>(k || 'years'))::integer,
				'required', app.admin_flag(p->>(k || 'required')),
				'weight', app.admin_text(p->>(k || 'weight'))::double precision)));
		END IF;
	END LOOP;
END;
$$;

CREATE FUNCTION app.admin_job_save(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	errs jsonb := '{}';
	old_job jobs%ROWTYPE;
	old_req job_requirements%ROWTYPE;
	new_job jobs%ROWTYPE;
	new_req job_requirements%ROWTYPE;
	tech jsonb;
	soft jsonb;
	f text;
	cid uuid;
BEGIN
	PERFORM app.admin_assert();
	IF p_key IS NOT NULL THEN
		SELECT * INTO old_job FROM jobs WHERE id = p_key::uuid FOR UPDATE;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'job not found' USING ERRCODE = 'P0002';
		END IF;
		SELECT * INTO old_req FROM job_requirements WHERE job_id = old_job.id;
	END IF;
	IF coalesce(p->>'company_id', '') !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' THEN
		errs := errs || '{"company_id": "Choose the company."}';
	ELSE
		SELECT id INTO cid FROM companies WHERE id = (p->>'company_id')::uuid;
		IF cid IS NULL THEN
			errs := errs || '{"company_id": "Choose one of the listed companies."}';
		END IF;
	END IF;
	IF app.admin_text(p->>'title') IS NULL THEN
		errs := errs || '{"title": "Enter the job title."}';
	END IF;
	FOREACH f IN ARRAY ARRAY['title', 'department', 'team', 'location'] LOOP
		IF length(btrim(coalesce(p->>f, ''))) > 200 THEN
			errs := errs || jsonb_build_object(f, 'Use at most 200 characters.');
		END IF;
	END LOOP;
	IF coalesce(p->>'level', '') NOT IN ('', 'intern', 'entry', 'junior', 'mid', 'senior', 'lead', 'principal', 'staff', 'executive') THEN
		errs := errs || '{"level": "Choose one of the listed levels."}';
	END IF;
	IF coalesce(p->>'job_type', '') NOT IN ('', 'full-time', 'part-time', 'contract', 'internship', 'freelance') THEN
		errs := errs || '{"job_type": "Choose one of the listed types."}';
	END IF;
	IF coalesce(p->>'work_arrangement', '') NOT IN ('', 'onsite', 'remote', 'hybrid') THEN
		errs := errs || '{"work_arrangement": "Choose onsite, remote or hybrid."}';
	END IF;
	IF coalesce(p->>'education_level', '') NOT IN ('', 'none', 'high_school', 'associate', 'bachelor', 'master', 'phd') THEN
		errs := errs || '{"education_level": "Choose one of the listed levels."}';
	END IF;
	IF NOT app.admin_int_ok(p->>'salary_min', 0, 100000000) THEN
		errs := errs || '{"salary_min": "Enter a whole amount, or leave it empty."}';
	END IF;
	IF NOT app.admin_int_ok(p->>'salary_max', 0, 100000000) THEN
		errs := errs || '{"salary_max": "Enter a whole amount, or leave it empty."}';
	ELSIF app.admin_text(p->>'salary_max') IS NOT NULL AND app.admin_text(p->>'salary_min') IS NOT NULL
	      AND app.admin_int_ok(p->>'salary_min', 0, 100000000)
	      AND btrim(p->>'salary_max')::bigint < btrim(p->>'salary_min')::bigint THEN
		errs := errs || '{"salary_max": "The maximum cannot be below the minimum."}';
	END IF;
	IF coalesce(btrim(p->>'salary_currency'), '') !~ '^[A-Z]{3}$' THEN
		errs := errs || '{"salary_currency": "Use a three-letter currency code such as USD."}';
	END IF;
	IF app.admin_text(p->>'source_url') IS NOT NULL
	   AND (btrim(p->>'source_url') !~* '^https?://[^[:space:]<>"]+$' OR length(p->>'source_url') > 500) THEN
		errs := errs || '{"source_url": "Enter a full web address starting with https://."}';
	END IF;
	IF length(coalesce(p->>'raw_description', '')) > 20000 THEN
		errs := errs || '{"raw_description": "Use at most 20000 characters."}';
	END IF;
	FOREACH f IN ARRAY ARRAY['responsibilities', 'requirements', 'nice_to_have', 'required_certifications',
	                         'preferred_certifications'] LOOP
		IF NOT app.admin_lines_ok(p->>f) THEN
			errs := errs || jsonb_build_object(f, 'Keep each line under 300 characters.');
		END IF;
	END LOOP;
	IF NOT app.admin_int_ok(p->>'min_years', 0, 50) THEN
		errs := errs || '{"min_years": "Enter whole years from 0 to 50."}';
	END IF;
	IF NOT app.admin_int_ok(p->>'preferred_years', 0, 50) THEN
		errs := errs || '{"preferred_years": "Enter whole years from 0 to 50."}';
	ELSIF app.admin_text(p->>'preferred_years') IS NOT NULL AND app.admin_text(p->>'min_years') IS NOT NULL
	      AND app.admin_int_ok(p->>'min_years', 0, 50)
	      AND btrim(p->>'preferred_years')::int < btrim(p->>'min_years')::int THEN
		errs := errs || '{"preferred_years": "Preferred years cannot be below the minimum."}';
	END IF;
	SELECT * INTO errs, tech FROM app.admin_skill_rows(p, 'tech', 6, errs);
	SELECT * INTO errs, soft FROM app.admin_skill_rows(p, 'soft', 4, errs);
	PERFORM app.admin_check(errs);

	IF p_key IS NULL THEN
		INSERT INTO jobs (company_id, title) VALUES (cid, btrim(p->>'title')) RETURNING * INTO old_job;
	END IF;
	UPDATE jobs SET company_id = cid, title = btrim(p->>'title'), normalized_title = lower(btrim(p->>'title')),
		department = app.admin_text(p->>'department'), team = app.admin_text(p->>'team'),
		level = app.admin_text(p->>'level'), job_type = app.admin_text(p->>'job_type'),
		work_arrangement = app.admin_text(p->>'work_arrangement'), location = app.admin_text(p->>'location'),
		salary_min = app.admin_text(p->>'salary_min')::integer, salary_max = app.admin_text(p->>'salary_max')::integer,
		salary_currency = btrim(p->>'salary_currency'), source_url = app.admin_text(p->>'source_url'),
		raw_description = app.admin_text(p->>'raw_description'),
		parsed_description = parsed_description || jsonb_build_object(
			'responsibilities', app.admin_lines(p->>'responsibilities'),
			'requirements', app.admin_lines(p->>'requirements'), 'nice_to_have', app.admin_lines(p->>'nice_to_have'))
	WHERE id = old_job.id RETURNING * INTO new_job;
	INSERT INTO job_requirements (job_id, technical_skills, soft_skills, minimum_years_experience,
	                              preferred_years_experience, education_level, required_certifications,
	                              preferred_certifications, manual_review, extraction_model)
	VALUES (new_job.id, tech, soft, app.admin_text(p->>'min_years')::integer,
	        app.admin_text(p->>'preferred_years')::integer, app.admin_text(p->>'education_level'),
	        app.admin_lines(p->>'required_certifications'), app.admin_lines(p->>'preferred_certifications'), true, 'admin')
	ON CONFLICT (job_id) DO UPDATE SET technical_skills = EXCLUDED.technical_skills, soft_skills = EXCLUDED.soft_skills,
		minimum_years_experience = EXCLUDED.minimum_years_experience,
		preferred_years_experience = EXCLUDED.preferred_years_experience, education_level = EXCLUDED.education_level,
		required_certifications = EXCLUDED.required_certifications,
		preferred_certifications = EXCLUDED.preferred_certifications, manual_review = true
	RETURNING * INTO new_req;
	PERFORM app.admin_audit(CASE WHEN p_key IS NULL THEN 'job_create' ELSE 'job_update' END, 'job', new_job.id,
		CASE WHEN p_key IS NOT NULL THEN (to_jsonb(old_job) - 'updated_at') || jsonb_build_object(
			'technical_skills', old_req.technical_skills, 'soft_skills', old_req.soft_skills,
			'required_certifications', old_req.required_certifications) END,
		(to_jsonb(new_job) - 'updated_at') || jsonb_build_object('technical_skills', new_req.technical_skills,
			'soft_skills', new_req.soft_skills, 'required_certifications', new_req.required_certifications),
		p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', new_job.id, 'title', new_job.title,
	                         'redirect', '/admin/jobs/' || new_job.id || '/edit?saved=1');
END;
$$;

CREATE FUNCTION app.admin_job_set_active(p_key text, p_active boolean, p_ip text, p_ua text, p_request_id text)
RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	was boolean;
BEGIN
	PERFORM app.admin_assert();
	SELECT is_active INTO was FROM jobs WHERE id = p_key::uuid FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'job not found' USING ERRCODE = 'P0002';
	END IF;
	UPDATE jobs SET is_active = p_active WHERE id = p_key::uuid;
	PERFORM app.admin_audit(CASE WHEN p_active THEN 'job_activate' ELSE 'job_deactivate' END, 'job', p_key::uuid,
	                        jsonb_build_object('is_active', was), jsonb_build_object('is_active', p_active),
	                        p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', p_key, 'is_active', p_active, 'redirect', '/admin/jobs/' || p_key || '/edit?saved=1');
END;
$$;

CREATE FUNCTION app.admin_job_deactivate(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE sql AS $$ SELECT app.admin_job_set_active(p_key, false, p_ip, p_ua, p_request_id) $$;
CREATE FUNCTION app.admin_job_activate(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE sql AS $$ SELECT app.admin_job_set_active(p_key, true, p_ip, p_ua, p_request_id) $$;

-- ---------------------------------------------------------------------------------------------
-- Curricula: versions per job; a version is editable until a practice session uses it.

CREATE FUNCTION app.admin_curriculum_editable(p_id uuid) RETURNS boolean
LANGUAGE sql STABLE
AS $$ SELECT NOT EXISTS (SELECT 1 FROM interview_sessions s WHERE s.curriculum_id = p_id) $$;

CREATE FUNCTION app.admin_curriculum_assert_editable(p_id uuid) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
	PERFORM 1 FROM curricula WHERE id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'curriculum not found' USING ERRCODE = 'P0002';
	END IF;
	IF NOT app.admin_curriculum_editable(p_id) THEN
		RAISE EXCEPTION 'form: Practice sessions already use this version, so it stays as it is. Create a new version to change it.'
			USING ERRCODE = 'P0001';
	END IF;
END;
$$;

CREATE FUNCTION app.admin_job_curricula(p_key text, q jsonb) RETURNS json
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

-- A new, inactive version: a copy of the active one (else the latest) with its rounds and
-- questions, or an empty one when the job has none yet.
CREATE FUNCTION app.admin_curriculum_new_version(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	j jobs%ROWTYPE;
	src curricula%ROWTYPE;
	nid uuid := gen_random_uuid();
	ver integer;
	v_title text := app.admin_text(p->>'title');
BEGIN
	PERFORM app.admin_assert();
	SELECT * INTO j FROM jobs WHERE id = p_key::uuid FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'job not found' USING ERRCODE = 'P0002';
	END IF;
	IF length(v_title) > 300 THEN
		RAISE EXCEPTION 'title: Use at most 300 characters.' USING ERRCODE = 'P0001';
	END IF;
	SELECT * INTO src FROM curricula WHERE job_id = j.id ORDER BY is_active DESC, version DESC LIMIT 1;
	SELECT coalesce(max(version), 0) + 1 INTO ver FROM curricula WHERE job_id = j.id;
	IF src.id IS NULL THEN
		INSERT INTO curricula (id, job_id, version, is_active, generation_model, title, total_rounds,
		                       estimated_total_minutes, expires_at)
		VALUES (nid, j.id, ver, false, 'admin', coalesce(v_title, j.title || ' practice interview'), 1, 30, NULL);
	ELSE
		INSERT INTO curricula (id, job_id, version, is_active, parent_curriculum_id, generation_model, generation_params,
		                       title, overview, learning_objectives, total_rounds, estimated_total_minutes, difficulty_level,
		                       experience_level_adjustments, expires_at)
		VALUES (nid, j.id, ver, false, src.id, 'admin', src.generation_params, coalesce(v_title, src.title), src.overview,
		        src.learning_objectives, src.total_rounds, src.estimated_total_minutes, src.difficulty_level,
		        src.experience_level_adjustments, NULL);
		WITH old_rounds AS (
			SELECT r.*, gen_random_uuid() AS new_id FROM curriculum_rounds r WHERE r.curriculum_id = src.id
		), ins AS (
			INSERT INTO curriculum_rounds (id, curriculum_id, round_number, round_type, title, description,
			                               duration_minutes, interviewer_persona, voice_config, opening_script,
			                               closing_script, time_management, topics_to_cover, evaluation_criteria,
			                               passing_score)
			SELECT new_id, nid, round_number, round_type, title, description, duration_minutes, interviewer_persona,
			       voice_config, opening_script, closing_script, time_management, topics_to_cover,
			       evaluation_criteria, passing_score
			FROM old_rounds
			RETURNING id
		)
		INSERT INTO question_bank (curriculum_round_id, question_text, question_type, category, difficulty, is_required,
		                           max_uses_per_session, follow_up_questions, expected_answer_points, scoring_guide)
		SELECT o.new_id, b.question_text, b.question_type, b.category, b.difficulty, b.is_required,
		       b.max_uses_per_session, b.follow_up_questions, b.expected_answer_points, b.scoring_guide
		FROM question_bank b JOIN old_rounds o ON o.id = b.curriculum_round_id
		WHERE (SELECT count(*) FROM ins) >= 0;
	END IF;
	PERFORM app.admin_audit('curriculum_create', 'curriculum', nid, NULL,
	                        jsonb_build_object('job_id', j.id, 'version', ver, 'copied_from', src.id), p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', nid, 'version', ver, 'redirect', '/admin/curricula/' || nid || '?saved=created');
END;
$$;

CREATE FUNCTION app.admin_curriculum(p_key text, q jsonb) RETURNS json
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

CREATE FUNCTION app.admin_curriculum_save(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	errs jsonb := '{}';
	old_row curricula%ROWTYPE;
	new_row curricula%ROWTYPE;
BEGIN
	PERFORM app.admin_assert();
	PERFORM app.admin_curriculum_assert_editable(p_key::uuid);
	SELECT * INTO old_row FROM curricula WHERE id = p_key::uuid;
	IF app.admin_text(p->>'title') IS NULL OR length(btrim(p->>'title')) > 300 THEN
		errs := errs || '{"title": "Enter a title of at most 300 characters."}';
	END IF;
	IF length(coalesce(p->>'overview', '')) > 5000 THEN
		errs := errs || '{"overview": "Use at most 5000 characters."}';
	END IF;
	IF coalesce(p->>'difficulty_level', '') NOT IN ('', 'beginner', 'intermediate', 'advanced', 'expert') THEN
		errs := errs || '{"difficulty_level": "Choose one of the listed levels."}';
	END IF;
	IF NOT app.admin_lines_ok(p->>'learning_objectives') THEN
		errs := errs || '{"learning_objectives": "Keep each line under 300 characters."}';
	END IF;
	PERFORM app.admin_check(errs);
	UPDATE curricula SET title = btrim(p->>'title'), overview = app.admin_text(p->>'overview'),
		difficulty_level = app.admin_text(p->>'difficulty_level'),
		learning_objectives = app.admin_lines(p->>'learning_objectives')
	WHERE id = old_row.id RETURNING * INTO new_row;
	PERFORM app.admin_audit('curriculum_update', 'curriculum', new_row.id, to_jsonb(old_row) - 'updated_at',
	                        to_jsonb(new_row) - 'updated_at', p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', new_row.id, 'redirect', '/admin/curricula/' || new_row.id || '?saved=1');
END;
$$;

-- Activates a version: it needs rounds, each with at least one question. The previous active
-- version is only deactivated: sessions that used it keep it.
CREATE FUNCTION app.admin_curriculum_activate(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	k curricula%ROWTYPE;
	prev uuid;
	n integer;
	mins integer;
	empty_round integer;
BEGIN
	PERFORM app.admin_assert();
	SELECT * INTO k FROM curricula WHERE id = p_key::uuid FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'curriculum not found' USING ERRCODE = 'P0002';
	END IF;
	PERFORM 1 FROM jobs WHERE id = k.job_id FOR UPDATE;
	SELECT count(*), coalesce(sum(duration_minutes), 0) INTO n, mins FROM curriculum_rounds WHERE curriculum_id = k.id;
	IF n = 0 THEN
		RAISE EXCEPTION 'form: Add at least one round before activating this version.' USING ERRCODE = 'P0001';
	END IF;
	IF n > 20 THEN
		RAISE EXCEPTION 'form: A curriculum has at most 20 rounds.' USING ERRCODE = 'P0001';
	END IF;
	SELECT min(r.round_number) INTO empty_round FROM curriculum_rounds r
	WHERE r.curriculum_id = k.id AND NOT EXISTS (SELECT 1 FROM question_bank b WHERE b.curriculum_round_id = r.id);
	IF empty_round IS NOT NULL THEN
		RAISE EXCEPTION 'form: Round % has no questions yet; every round needs at least one.', empty_round USING ERRCODE = 'P0001';
	END IF;
	SELECT id INTO prev FROM curricula WHERE job_id = k.job_id AND is_active AND id <> k.id;
	UPDATE curricula SET is_active = false WHERE job_id = k.job_id AND is_active AND id <> k.id;
	UPDATE curricula SET is_active = true, total_rounds = n, estimated_total_minutes = greatest(mins, 1), expires_at = NULL
	WHERE id = k.id;
	PERFORM app.admin_audit('curriculum_activate', 'curriculum', k.id,
	                        jsonb_build_object('is_active', k.is_active, 'active_version_id', prev),
	                        jsonb_build_object('is_active', true, 'active_version_id', k.id, 'rounds', n),
	                        p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', k.id, 'is_active', true, 'redirect', '/admin/curricula/' || k.id || '?saved=activated');
END;
$$;

-- Rounds ------------------------------------------------------------------------------------

CREATE FUNCTION app.admin_round_types() RETURNS text[]
LANGUAGE sql IMMUTABLE
AS $$ SELECT ARRAY['phone_screen', 'technical_screen', 'coding', 'system_design', 'behavioral', 'culture_fit',
                   'case_study', 'presentation', 'final'] $$;

CREATE FUNCTION app.admin_round_add(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	errs jsonb := '{}';
	rid uuid;
	n integer;
BEGIN
	PERFORM app.admin_assert();
	PERFORM app.admin_curriculum_assert_editable(p_key::uuid);
	IF coalesce(p->>'new_round_type', '') <> ALL (app.admin_round_types()) THEN
		errs := errs || '{"new_round_type": "Choose the kind of round."}';
	END IF;
	IF app.admin_text(p->>'new_round_title') IS NULL OR length(btrim(p->>'new_round_title')) > 300 THEN
		errs := errs || '{"new_round_title": "Enter a title of at most 300 characters."}';
	END IF;
	IF coalesce(btrim(p->>'new_round_minutes'), '') = '' OR NOT app.admin_int_ok(p->>'new_round_minutes', 5, 480) THEN
		errs := errs || '{"new_round_minutes": "Enter minutes from 5 to 480."}';
	END IF;
	SELECT count(*) INTO n FROM curriculum_rounds WHERE curriculum_id = p_key::uuid;
	IF n >= 20 THEN
		errs := errs || '{"form": "A curriculum has at most 20 rounds."}';
	END IF;
	PERFORM app.admin_check(errs);
	INSERT INTO curriculum_rounds (curriculum_id, round_number, round_type, title, duration_minutes)
	VALUES (p_key::uuid, (SELECT coalesce(max(round_number), 0) + 1 FROM curriculum_rounds WHERE curriculum_id = p_key::uuid),
	        p->>'new_round_type', btrim(p->>'new_round_title'), btrim(p->>'new_round_minutes')::integer)
	RETURNING id INTO rid;
	PERFORM app.admin_audit('round_create', 'curriculum_round', rid, NULL,
	                        (SELECT to_jsonb(r) - 'updated_at' FROM curriculum_rounds r WHERE r.id = rid), p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', rid, 'redirect', '/admin/rounds/' || rid || '?saved=created');
END;
$$;

CREATE FUNCTION app.admin_round_form_of(r curriculum_rounds) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
	SELECT jsonb_build_object('round_type', r.round_type, 'title', r.title, 'description', coalesce(r.description, ''),
		'duration_minutes', r.duration_minutes::text, 'passing_score', r.passing_score::text,
		'persona_name', coalesce(r.interviewer_persona->>'name', ''), 'persona_role', coalesce(r.interviewer_persona->>'role', ''),
		'persona_personality', coalesce(r.interviewer_persona->>'personality', ''),
		'persona_style', coalesce(r.interviewer_persona->>'communication_style', ''),
		'persona_pace', coalesce(r.interviewer_persona->>'pace', ''),
		'opening_script', coalesce(r.opening_script, ''), 'closing_script', coalesce(r.closing_script, ''))
	|| (SELECT coalesce(jsonb_object_agg(format('topic_%s_%s', n, f), CASE
	        WHEN f = 'must_cover' THEN to_jsonb(coalesce((t->>'must_cover')::boolean, false))
	        WHEN f = 'subtopics' THEN to_jsonb(coalesce((SELECT string_agg(x, ', ') FROM jsonb_array_elements_text(
	                 CASE WHEN jsonb_typeof(t->'subtopics') = 'array' THEN t->'subtopics' ELSE '[]' END) x), ''))
	        WHEN f = 'minutes' THEN to_jsonb(coalesce(t->>'time_allocation', ''))
	        ELSE to_jsonb(coalesce(t->>f, '')) END), '{}')
	    FROM generate_series(1, 5) n, LATERAL (SELECT r.topics_to_cover->(n - 1) AS t) e,
	         unnest(ARRAY['topic', 'subtopics', 'minutes', 'must_cover']) f)
	|| (SELECT coalesce(jsonb_object_agg(format('crit_%s_%s', n, f), coalesce(CASE
	        WHEN f IN ('criterion', 'description', 'weight') THEN c->>f
	        ELSE c->'scoring_rubric'->>f END, '')), '{}')
	    FROM generate_series(1, 4) n, LATERAL (SELECT r.evaluation_criteria->(n - 1) AS c) e,
	         unnest(ARRAY['criterion', 'description', 'weight', 'excellent', 'good', 'needs_improvement']) f)
$$;

CREATE FUNCTION app.admin_round(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	m json;
BEGIN
	PERFORM app.admin_assert();
	SELECT json_build_object(
		'round', json_build_object('id', r.id, 'round_number', r.round_number, 'title', r.title),
		'curriculum', json_build_object('id', k.id, 'version', k.version, 'title', k.title, 'is_active', k.is_active,
		                                'editable', app.admin_curriculum_editable(k.id)),
		'job', json_build_object('id', j.id, 'title', j.title),
		'questions', (SELECT coalesce(json_agg(json_build_object('id', b.id, 'question_text', b.question_text,
		                  'question_type', b.question_type, 'difficulty', b.difficulty, 'is_required', b.is_required)
		              ORDER BY b.is_required DESC, b.created_at, b.id), '[]')
		              FROM question_bank b WHERE b.curriculum_round_id = r.id),
		'has_questions', EXISTS (SELECT 1 FROM question_bank b WHERE b.curriculum_round_id = r.id),
		'form', app.admin_round_form_of(r),
		'rows', json_build_object('topic', 5, 'crit', 4),
		'choices', json_build_object('round_type', app.admin_choices(app.admin_round_types())))
	INTO m FROM curriculum_rounds r JOIN curricula k ON k.id = r.curriculum_id JOIN jobs j ON j.id = k.job_id
	WHERE r.id = p_key::uuid;
	RETURN m;
END;
$$;

CREATE FUNCTION app.admin_round_save(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	errs jsonb := '{}';
	old_row curriculum_rounds%ROWTYPE;
	new_row curriculum_rounds%ROWTYPE;
	topics jsonb := '[]';
	crits jsonb := '[]';
	n integer;
	k text;
	f text;
BEGIN
	PERFORM app.admin_assert();
	SELECT * INTO old_row FROM curriculum_rounds WHERE id = p_key::uuid;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'round not found' USING ERRCODE = 'P0002';
	END IF;
	PERFORM app.admin_curriculum_assert_editable(old_row.curriculum_id);
	IF coalesce(p->>'round_type', '') <> ALL (app.admin_round_types()) THEN
		errs := errs || '{"round_type": "Choose the kind of round."}';
	END IF;
	IF app.admin_text(p->>'title') IS NULL OR length(btrim(p->>'title')) > 300 THEN
		errs := errs || '{"title": "Enter a title of at most 300 characters."}';
	END IF;
	IF coalesce(btrim(p->>'duration_minutes'), '') = '' OR NOT app.admin_int_ok(p->>'duration_minutes', 5, 480) THEN
		errs := errs || '{"duration_minutes": "Enter minutes from 5 to 480."}';
	END IF;
	IF coalesce(btrim(p->>'passing_score'), '') = '' OR NOT app.admin_num_ok(p->>'passing_score', 0, 100) THEN
		errs := errs || '{"passing_score": "Enter a score from 0 to 100."}';
	END IF;
	FOREACH f IN ARRAY ARRAY['persona_name', 'persona_role', 'persona_personality', 'persona_style', 'persona_pace'] LOOP
		IF length(btrim(coalesce(p->>f, ''))) > 200 THEN
			errs := errs || jsonb_build_object(f, 'Use at most 200 characters.');
		END IF;
	END LOOP;
	FOREACH f IN ARRAY ARRAY['description', 'opening_script', 'closing_script'] LOOP
		IF length(coalesce(p->>f, '')) > 5000 THEN
			errs := errs || jsonb_build_object(f, 'Use at most 5000 characters.');
		END IF;
	END LOOP;
	FOR n IN 1..5 LOOP
		k := format('topic_%s_', n);
		IF app.admin_text(p->>(k || 'topic')) IS NULL THEN
			IF app.admin_text(p->>(k || 'subtopics')) IS NOT NULL OR app.admin_text(p->>(k || 'minutes')) IS NOT NULL THEN
				errs := errs || jsonb_build_object(k || 'topic', 'Name the topic, or clear the row.');
			END IF;
			CONTINUE;
		END IF;
		IF length(btrim(p->>(k || 'topic'))) > 200 OR length(coalesce(p->>(k || 'subtopics'), '')) > 1000 THEN
			errs := errs || jsonb_build_object(k || 'topic', 'Keep the topic under 200 and the subtopics under 1000 characters.');
		END IF;
		IF NOT app.admin_int_ok(p->>(k || 'minutes'), 1, 480) THEN
			errs := errs || jsonb_build_object(k || 'minutes', 'Enter minutes from 1 to 480.');
		ELSE
			topics := topics || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
				'topic', btrim(p->>(k || 'topic')),
				'subtopics', (SELECT coalesce(jsonb_agg(btrim(x)), '[]') FROM regexp_split_to_table(coalesce(p->>(k || 'subtopics'), ''), ',') x
				              WHERE btrim(x) <> ''),
				'time_allocation', app.admin_text(p->>(k || 'minutes'))::integer,
				'must_cover', app.admin_flag(p->>(k || 'must_cover')))));
		END IF;
	END LOOP;
	FOR n IN 1..4 LOOP
		k := format('crit_%s_', n);
		IF app.admin_text(p->>(k || 'criterion')) IS NULL THEN
			IF app.admin_text(p->>(k || 'weight')) IS NOT NULL OR app.admin_text(p->>(k || 'excellent')) IS NOT NULL
			   OR app.admin_text(p->>(k || 'description')) IS NOT NULL THEN
				errs := errs || jsonb_build_object(k || 'criterion', 'Name the criterion, or clear the row.');
			END IF;
			CONTINUE;
		END IF;
		FOREACH f IN ARRAY ARRAY['criterion', 'description', 'excellent', 'good', 'needs_improvement'] LOOP
			IF length(btrim(coalesce(p->>(k || f), ''))) > 1000 THEN
				errs := errs || jsonb_build_object(k || f, 'Use at most 1000 characters.');
			END IF;
		END LOOP;
		IF coalesce(btrim(p->>(k || 'weight')), '') = '' OR NOT app.admin_num_ok(p->>(k || 'weight'), 0, 1) THEN
			errs := errs || jsonb_build_object(k || 'weight', 'Enter a weight from 0 to 1, such as 0.35.');
		ELSE
			crits := crits || jsonb_build_array(jsonb_build_object(
				'criterion', btrim(p->>(k || 'criterion')), 'description', app.admin_text(p->>(k || 'description')),
				'weight', btrim(p->>(k || 'weight'))::double precision,
				'scoring_rubric', jsonb_build_object('excellent', app.admin_text(p->>(k || 'excellent')),
				                                     'good', app.admin_text(p->>(k || 'good')),
				                                     'needs_improvement', app.admin_text(p->>(k || 'needs_improvement')))));
		END IF;
	END LOOP;
	PERFORM app.admin_check(errs);
	UPDATE curriculum_rounds SET round_type = p->>'round_type', title = btrim(p->>'title'),
		description = app.admin_text(p->>'description'), duration_minutes = btrim(p->>'duration_minutes')::integer,
		passing_score = btrim(p->>'passing_score')::double precision,
		interviewer_persona = interviewer_persona || jsonb_build_object(
			'name', app.admin_text(p->>'persona_name'), 'role', app.admin_text(p->>'persona_role'),
			'personality', app.admin_text(p->>'persona_personality'),
			'communication_style', app.admin_text(p->>'persona_style'), 'pace', app.admin_text(p->>'persona_pace')),
		opening_script = app.admin_text(p->>'opening_script'), closing_script = app.admin_text(p->>'closing_script'),
		topics_to_cover = topics, evaluation_criteria = crits
	WHERE id = old_row.id RETURNING * INTO new_row;
	PERFORM app.admin_audit('round_update', 'curriculum_round', new_row.id, to_jsonb(old_row) - 'updated_at',
	                        to_jsonb(new_row) - 'updated_at', p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', new_row.id, 'redirect', '/admin/rounds/' || new_row.id || '?saved=1');
END;
$$;

CREATE FUNCTION app.admin_round_delete(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	old_row curriculum_rounds%ROWTYPE;
BEGIN
	PERFORM app.admin_assert();
	SELECT * INTO old_row FROM curriculum_rounds WHERE id = p_key::uuid;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'round not found' USING ERRCODE = 'P0002';
	END IF;
	PERFORM app.admin_curriculum_assert_editable(old_row.curriculum_id);
	DELETE FROM curriculum_rounds WHERE id = old_row.id;
	-- close the gap in two steps (numbers are unique per curriculum and positive; at most 20 rounds)
	UPDATE curriculum_rounds SET round_number = round_number + 1000
	WHERE curriculum_id = old_row.curriculum_id AND round_number > old_row.round_number;
	UPDATE curriculum_rounds SET round_number = round_number - 1001
	WHERE curriculum_id = old_row.curriculum_id AND round_number > 1000;
	PERFORM app.admin_audit('round_delete', 'curriculum_round', old_row.id, to_jsonb(old_row) - 'updated_at',
	                        NULL, p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', old_row.id, 'deleted', true,
	                         'redirect', '/admin/curricula/' || old_row.curriculum_id || '?saved=1');
END;
$$;

-- Questions ---------------------------------------------------------------------------------

CREATE FUNCTION app.admin_question_form_of(b question_bank) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
	SELECT jsonb_build_object('question_text', coalesce(b.question_text, ''), 'question_type', coalesce(b.question_type, ''),
		'category', coalesce(b.category, ''), 'difficulty', coalesce(b.difficulty, ''),
		'is_required', coalesce(b.is_required, false),
		'expected_answer_points', app.admin_unlines(b.expected_answer_points),
		'follow_up_questions', app.admin_unlines(b.follow_up_questions),
		'excellent_indicators', app.admin_unlines(b.scoring_guide->'excellent_indicators'),
		'red_flags', app.admin_unlines(b.scoring_guide->'red_flags'),
		'partial_credit', coalesce((b.scoring_guide->>'partial_credit')::boolean, true))
$$;

CREATE FUNCTION app.admin_question_page(p_round uuid, b question_bank) RETURNS json
LANGUAGE sql STABLE
AS $$
	SELECT json_build_object(
		'question', CASE WHEN b.id IS NOT NULL THEN json_build_object('id', b.id) END, 'is_new', b.id IS NULL,
		'round', json_build_object('id', r.id, 'round_number', r.round_number, 'title', r.title),
		'curriculum', json_build_object('id', k.id, 'version', k.version, 'editable', app.admin_curriculum_editable(k.id)),
		'form', app.admin_question_form_of(b),
		'choices', json_build_object(
			'question_type', app.admin_choices(ARRAY['technical', 'behavioral', 'situational', 'case', 'trivia']),
			'difficulty', app.admin_choices(ARRAY['easy', 'medium', 'hard'])))
	FROM curriculum_rounds r JOIN curricula k ON k.id = r.curriculum_id WHERE r.id = p_round
$$;

CREATE FUNCTION app.admin_question_new(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	b question_bank%ROWTYPE;
BEGIN
	PERFORM app.admin_assert();
	b.difficulty := 'medium';
	b.question_type := 'behavioral';
	RETURN app.admin_question_page(p_key::uuid, b);
END;
$$;

CREATE FUNCTION app.admin_question(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	b question_bank%ROWTYPE;
BEGIN
	PERFORM app.admin_assert();
	SELECT * INTO b FROM question_bank WHERE id = p_key::uuid;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	RETURN app.admin_question_page(b.curriculum_round_id, b);
END;
$$;

-- Create (p_round given, p_question NULL) or update a question.
CREATE FUNCTION app.admin_question_write(p_round uuid, p_question uuid, p jsonb, p_ip text, p_ua text, p_request_id text)
RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	errs jsonb := '{}';
	old_row question_bank%ROWTYPE;
	new_row question_bank%ROWTYPE;
	f text;
	round_id uuid := p_round;
	cur uuid;
BEGIN
	PERFORM app.admin_assert();
	IF p_question IS NOT NULL THEN
		SELECT * INTO old_row FROM question_bank WHERE id = p_question FOR UPDATE;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'question not found' USING ERRCODE = 'P0002';
		END IF;
		round_id := old_row.curriculum_round_id;
	END IF;
	SELECT curriculum_id INTO cur FROM curriculum_rounds WHERE id = round_id;
	IF cur IS NULL THEN
		RAISE EXCEPTION 'round not found' USING ERRCODE = 'P0002';
	END IF;
	PERFORM app.admin_curriculum_assert_editable(cur);
	IF length(btrim(coalesce(p->>'question_text', ''))) NOT BETWEEN 5 AND 2000 THEN
		errs := errs || '{"question_text": "Write the question in 5 to 2000 characters."}';
	END IF;
	IF coalesce(p->>'question_type', '') NOT IN ('', 'technical', 'behavioral', 'situational', 'case', 'trivia') THEN
		errs := errs || '{"question_type": "Choose one of the listed types."}';
	END IF;
	IF coalesce(p->>'difficulty', '') NOT IN ('', 'easy', 'medium', 'hard') THEN
		errs := errs || '{"difficulty": "Choose easy, medium or hard."}';
	END IF;
	IF length(btrim(coalesce(p->>'category', ''))) > 100 THEN
		errs := errs || '{"category": "Use at most 100 characters."}';
	END IF;
	FOREACH f IN ARRAY ARRAY['expected_answer_points', 'follow_up_questions', 'excellent_indicators', 'red_flags'] LOOP
		IF NOT app.admin_lines_ok(p->>f, 500) THEN
			errs := errs || jsonb_build_object(f, 'Keep each line under 500 characters.');
		END IF;
	END LOOP;
	PERFORM app.admin_check(errs);
	IF p_question IS NULL THEN
		INSERT INTO question_bank (curriculum_round_id, question_text) VALUES (round_id, btrim(p->>'question_text'))
		RETURNING * INTO new_row;
	END IF;
	UPDATE question_bank SET question_text = btrim(p->>'question_text'),
		question_type = app.admin_text(p->>'question_type'), category = app.admin_text(p->>'category'),
		difficulty = app.admin_text(p->>'difficulty'), is_required = app.admin_flag(p->>'is_required'),
		expected_answer_points = app.admin_lines(p->>'expected_answer_points'),
		follow_up_questions = app.admin_lines(p->>'follow_up_questions'),
		scoring_guide = scoring_guide || jsonb_build_object('excellent_indicators', app.admin_lines(p->>'excellent_indicators'),
			'red_flags', app.admin_lines(p->>'red_flags'), 'partial_credit', app.admin_flag(p->>'partial_credit'))
	WHERE id = coalesce(p_question, new_row.id) RETURNING * INTO new_row;
	PERFORM app.admin_audit(CASE WHEN p_question IS NULL THEN 'question_create' ELSE 'question_update' END, 'question',
	                        new_row.id, CASE WHEN p_question IS NOT NULL THEN to_jsonb(old_row) END, to_jsonb(new_row),
	                        p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', new_row.id, 'redirect', '/admin/rounds/' || round_id || '?saved=question');
END;
$$;

CREATE FUNCTION app.admin_question_create(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE sql AS $$ SELECT app.admin_question_write(p_key::uuid, NULL, p, p_ip, p_ua, p_request_id) $$;
CREATE FUNCTION app.admin_question_save(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE sql AS $$ SELECT app.admin_question_write(NULL, p_key::uuid, p, p_ip, p_ua, p_request_id) $$;

CREATE FUNCTION app.admin_question_delete(p_key text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	old_row question_bank%ROWTYPE;
BEGIN
	PERFORM app.admin_assert();
	SELECT * INTO old_row FROM question_bank WHERE id = p_key::uuid;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'question not found' USING ERRCODE = 'P0002';
	END IF;
	PERFORM app.admin_curriculum_assert_editable((SELECT curriculum_id FROM curriculum_rounds WHERE id = old_row.curriculum_round_id));
	DELETE FROM question_bank WHERE id = old_row.id;
	PERFORM app.admin_audit('question_delete', 'question', old_row.id, to_jsonb(old_row), NULL, p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', old_row.id, 'deleted', true,
	                         'redirect', '/admin/rounds/' || old_row.curriculum_round_id || '?saved=1');
END;
$$;

DO $$
DECLARE
	f regprocedure;
BEGIN
	FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
	         WHERE n.nspname = 'app' AND p.proname LIKE 'admin\_%'
	LOOP
		EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
		EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO preptalk_app', f);
	END LOOP;
END
$$;
