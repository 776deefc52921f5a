-- 070_catalogue_scale: the admin catalogue pages (companies, jobs, curricula, rounds) at the
-- document's scale (2,026 companies, 20,150 jobs, 1M sessions, 200k posts). Lists page by keyset
-- on an index in their own order, 50 rows and one more to know there is a next page (the jobs list
-- showed 200 of a sort over every job); job counts and the jobs list come from a covering index
-- (index-only); searches use trigram indexes (companies: name and industry; jobs: the companies a
-- rare term can match); counts that could run to thousands of rows (sessions of a version, a
-- company's sessions and posts) stop at 100 ("more than 100"), while whether anything blocks a
-- delete stays exact; the job form no longer lists every company as an <option>: the company is
-- fixed text when known (edit, ?company_id=, a refused form's own field), else the page is a pick
-- step that searches companies like the companies list.

-- Jobs of a company in title order, with what the jobs' read policy needs (id, is_active) and the
-- level the list shows, so the jobs list walks companies by name and reads their jobs in order
-- from this index alone, and a company's jobs are counted without visiting the table.
CREATE INDEX idx_jobs_company_title ON jobs (company_id, title, id) INCLUDE (is_active, level);
-- "name or industry contains" for the companies search and the job form's pick step; "title
-- contains" for the jobs search (app.admin_job_search_companies).
CREATE INDEX idx_companies_industry_trgm ON companies USING gin (industry gin_trgm_ops);
CREATE INDEX idx_jobs_title_trgm ON jobs USING gin (title gin_trgm_ops);

-- 'after' of a companies list: '<name>|<id>' of the last company of the previous page (the form
-- the list has always used), as a (name, id) keyset; before every company when absent or malformed.
CREATE FUNCTION app.admin_company_after(p text, OUT name text, OUT id uuid)
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
	IF coalesce(p, '') ~ '\|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
		name := left(p, -37);
		id := right(p, 36)::uuid;
	ELSE
		name := '';
		id := '00000000-0000-0000-0000-000000000000';
	END IF;
END;
$$;

-- Companies in (name, id) order after the keyset, those whose name or industry contains p_term
-- when it is not empty. Custom plans: a search of 3 characters or more reads the trigram indexes,
-- a shorter one (or none) walks idx_companies_name_id and stops after p_limit rows.
CREATE FUNCTION app.admin_company_hits(p_term text, p_after_name text, p_after_id uuid, p_limit integer)
RETURNS TABLE (id uuid, name text, industry text, verification_status text, confidence_score double precision,
               updated_at timestamptz)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
	pat text := '%' || replace(replace(replace(p_term, '\', '\\'), '%', '\%'), '_', '\_') || '%';
BEGIN
	IF p_term = '' THEN
		RETURN QUERY
		SELECT c.id, c.name, c.industry, c.verification_status, c.confidence_score, c.updated_at
		FROM companies c
		WHERE (c.name, c.id) > (p_after_name, p_after_id)
		ORDER BY c.name, c.id LIMIT p_limit;
	ELSE
		RETURN QUERY
		SELECT c.id, c.name, c.industry, c.verification_status, c.confidence_score, c.updated_at
		FROM companies c
		WHERE (c.name ILIKE pat OR c.industry ILIKE pat) AND (c.name, c.id) > (p_after_name, p_after_id)
		ORDER BY c.name, c.id LIMIT p_limit;
	END IF;
END;
$$;

CREATE OR REPLACE FUNCTION app.admin_companies(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	term text := left(btrim(coalesce(q->>'q', '')), 200);
	a record := app.admin_company_after(q->>'after');
	v_rows json;
	v_next text;
BEGIN
	PERFORM app.admin_assert();
	WITH hits AS (
		SELECT h.*, row_number() OVER (ORDER BY h.name, h.id) AS rn
		FROM app.admin_company_hits(term, a.name, a.id, 51) h
	)
	SELECT json_agg(json_build_object('id', h.id, 'name', h.name, 'industry', h.industry,
	                                  'verification_status', replace(h.verification_status, '_', ' '),
	                                  'confidence_score', h.confidence_score,
	                                  'jobs', (SELECT count(*) FROM jobs j WHERE j.company_id = h.id),
	                                  'updated_at', h.updated_at)
	                ORDER BY h.rn) FILTER (WHERE h.rn <= 50),
	       CASE WHEN max(h.rn) > 50 THEN max(h.name || '|' || h.id) FILTER (WHERE h.rn = 50) END
	INTO v_rows, v_next FROM hits h;
	RETURN json_build_object('q', term, 'companies', coalesce(v_rows, '[]'),
		'next', CASE WHEN v_next IS NOT NULL THEN '?q=' || app.admin_urlenc(term) || '&after=' || app.admin_urlenc(v_next) END);
END;
$$;

-- What depends on a company, each count stopped at 100 (with more.<name> when there are more):
-- a company's jobs can have thousands of practice sessions and it can have thousands of posts.
-- Whether sessions or posts block the delete is exact.
CREATE OR REPLACE FUNCTION app.admin_company_delete_page(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	c companies%ROWTYPE;
	n jsonb;
BEGIN
	PERFORM app.admin_assert();
	SELECT * INTO c FROM companies WHERE id = p_key::uuid;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	SELECT jsonb_build_object(
		'jobs', (SELECT count(*) FROM (SELECT 1 FROM jobs j WHERE j.company_id = c.id LIMIT 101) x),
		'curricula', (SELECT count(*) FROM (SELECT 1 FROM jobs j JOIN curricula k ON k.job_id = j.id
		                                    WHERE j.company_id = c.id LIMIT 101) x),
		'sessions', (SELECT count(*) FROM (SELECT 1 FROM jobs j JOIN interview_sessions s ON s.job_id = j.id
		                                   WHERE j.company_id = c.id LIMIT 101) x),
		'posts', (SELECT count(*) FROM (SELECT 1 FROM user_feedback f WHERE f.company_id = c.id LIMIT 101) x),
		'patterns', (SELECT count(*) FROM (SELECT 1 FROM interview_patterns x WHERE x.company_id = c.id LIMIT 101) x),
		'smart_questions', (SELECT count(*) FROM (SELECT 1 FROM smart_questions x WHERE x.company_id = c.id LIMIT 101) x))
	INTO n;
	RETURN json_build_object('company', json_build_object('id', c.id, 'name', c.name),
		'dependents', (SELECT jsonb_object_agg(e.key, least(e.value::int, 100)) FROM jsonb_each(n) e),
		'more', (SELECT jsonb_object_agg(e.key, e.value::int > 100) FROM jsonb_each(n) e),
		'blocked', (n->>'sessions')::int > 0 OR (n->>'posts')::int > 0);
END;
$$;

-- The companies a search of the jobs list can find jobs at (the name, or a job's title, contains
-- p_term), or NULL when walking every company is as quick: a term under 3 characters (no
-- trigrams) or one that 200 titles or more contain (the walk soon fills a page). ILIKE is not
-- leakproof, so under row-level security it cannot use the trigram indexes and would be tried on
-- every job (10-20 ms when few match); here it runs as the owner after the admin check (admins see
-- every job), and on the trigram indexes only: 200 matches are found without reading them all.
CREATE FUNCTION app.admin_job_search_companies(p_term text) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
SET plan_cache_mode = force_custom_plan SET enable_seqscan = off SET enable_indexscan = off
SET enable_indexonlyscan = off
AS $$
DECLARE
	pat text := '%' || replace(replace(replace(p_term, '\', '\\'), '%', '\%'), '_', '\_') || '%';
	n integer;
	ids uuid[];
BEGIN
	PERFORM app.admin_assert();
	IF length(p_term) < 3 THEN
		RETURN NULL;
	END IF;
	SELECT count(*), array_agg(DISTINCT x.company_id) INTO n, ids
	FROM (SELECT j.company_id FROM jobs j WHERE j.title ILIKE pat LIMIT 200) x;
	IF n >= 200 THEN
		RETURN NULL;
	END IF;
	RETURN ARRAY(SELECT unnest(ids) UNION SELECT c.id FROM companies c WHERE c.name ILIKE pat);
END;
$$;

-- Jobs in (company name, company id, title, id) order, 50 a page; 'after' is the id of the last job
-- of the previous page. Companies are walked by name (idx_companies_name_id) and each one's jobs
-- read in title order from idx_jobs_company_title, so a page reads about as many rows as it shows.
-- A search filters that walk; when the next 100 companies do not fill a page it walks on over only
-- the companies the term can match (app.admin_job_search_companies), so a rare term does not try
-- every job. The fence (OFFSET 0) keeps the walk's shape whatever a search's estimate.
CREATE OR REPLACE FUNCTION app.admin_jobs(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	term text := left(btrim(coalesce(q->>'q', '')), 200);
	pat text := '%' || replace(replace(replace(term, '\', '\\'), '%', '\%'), '_', '\_') || '%';
	a_company text := '';
	a_cid uuid := '00000000-0000-0000-0000-000000000000';
	a_title text := '';
	a_id uuid := '00000000-0000-0000-0000-000000000000';
	a record;
	v_budget integer;
	v_cands uuid[];
	v_rows json;
	v_next uuid;
	v_found bigint;
BEGIN
	PERFORM app.admin_assert();
	IF coalesce(q->>'after', '') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
		SELECT c.name, c.id AS cid, j.title, j.id INTO a FROM jobs j JOIN companies c ON c.id = j.company_id
		WHERE j.id = (q->>'after')::uuid;
		IF FOUND THEN
			a_company := a.name;
			a_cid := a.cid;
			a_title := a.title;
			a_id := a.id;
		END IF;
	END IF;
	IF term <> '' THEN
		v_budget := 100;
	END IF;
	-- Two statements, each with a plan of its own: the walk (all companies, or the next v_budget),
	-- and the walk over the candidate companies of a search.
	LOOP
		IF v_cands IS NULL THEN
			WITH page AS (
				SELECT x.*, row_number() OVER (ORDER BY x.company, x.company_id, x.title, x.id) AS rn FROM (
					SELECT j.id, j.title, j.level, j.is_active, c.name AS company, c.id AS company_id
					FROM (SELECT c.id, c.name FROM companies c
					      WHERE (c.name, c.id) >= (a_company, a_cid)
					      ORDER BY c.name, c.id LIMIT v_budget) c
					CROSS JOIN LATERAL (SELECT j.id, j.title, j.level, j.is_active FROM jobs j
					                    WHERE j.company_id = c.id
					                      AND (term = '' OR c.name ILIKE pat OR j.title ILIKE pat)
					                    OFFSET 0) j
					WHERE (c.name, c.id, j.title, j.id) > (a_company, a_cid, a_title, a_id)
					ORDER BY c.name, c.id, j.title, j.id LIMIT 51) x
			)
			SELECT json_agg(json_build_object('id', p.id, 'title', p.title, 'level', p.level, 'is_active', p.is_active,
			                                  'company', p.company, 'company_id', p.company_id,
			                                  'active_version', v.active_version, 'versions', v.versions)
			                ORDER BY p.rn) FILTER (WHERE p.rn <= 50),
			       CASE WHEN max(p.rn) > 50 THEN (array_agg(p.id) FILTER (WHERE p.rn = 50))[1] END,
			       count(*)
			INTO v_rows, v_next, v_found
			FROM page p
			CROSS JOIN LATERAL (SELECT count(*) AS versions, max(k.version) FILTER (WHERE k.is_active) AS active_version
			                    FROM curricula k WHERE k.job_id = p.id AND p.rn <= 50) v;
		ELSE
			WITH page AS (
				SELECT x.*, row_number() OVER (ORDER BY x.company, x.company_id, x.title, x.id) AS rn FROM (
					SELECT j.id, j.title, j.level, j.is_active, c.name AS company, c.id AS company_id
					FROM (SELECT c.id, c.name FROM companies c
					      WHERE (c.name, c.id) >= (a_company, a_cid) AND c.id = ANY (v_cands)
					      ORDER BY c.name, c.id) c
					CROSS JOIN LATERAL (SELECT j.id, j.title, j.level, j.is_active FROM jobs j
					                    WHERE j.company_id = c.id
					                      AND (term = '' OR c.name ILIKE pat OR j.title ILIKE pat)
					                    OFFSET 0) j
					WHERE (c.name, c.id, j.title, j.id) > (a_company, a_cid, a_title, a_id)
					ORDER BY c.name, c.id, j.title, j.id LIMIT 51) x
			)
			SELECT json_agg(json_build_object('id', p.id, 'title', p.title, 'level', p.level, 'is_active', p.is_active,
			                                  'company', p.company, 'company_id', p.company_id,
			                                  'active_version', v.active_version, 'versions', v.versions)
			                ORDER BY p.rn) FILTER (WHERE p.rn <= 50),
			       CASE WHEN max(p.rn) > 50 THEN (array_agg(p.id) FILTER (WHERE p.rn = 50))[1] END,
			       count(*)
			INTO v_rows, v_next, v_found
			FROM page p
			CROSS JOIN LATERAL (SELECT count(*) AS versions, max(k.version) FILTER (WHERE k.is_active) AS active_version
			                    FROM curricula k WHERE k.job_id = p.id AND p.rn <= 50) v;
		END IF;
		EXIT WHEN v_budget IS NULL OR v_found > 50;
		v_budget := NULL;
		v_cands := app.admin_job_search_companies(term);
	END LOOP;
	RETURN json_build_object('q', term, 'jobs', coalesce(v_rows, '[]'),
		'next', CASE WHEN v_next IS NOT NULL THEN '?q=' || app.admin_urlenc(term) || '&after=' || v_next END);
END;
$$;

-- The pick step of a new job without a company: companies by name, or those matching q, 20 a
-- page ('after' as in the companies list).
CREATE FUNCTION app.admin_company_pick(q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	term text := left(btrim(coalesce(q->>'q', '')), 200);
	a record := app.admin_company_after(q->>'after');
	v_rows json;
	v_next text;
BEGIN
	WITH hits AS (
		SELECT h.*, row_number() OVER (ORDER BY h.name, h.id) AS rn
		FROM app.admin_company_hits(term, a.name, a.id, 21) h
	)
	SELECT json_agg(json_build_object('id', h.id, 'name', h.name, 'industry', h.industry) ORDER BY h.rn)
	           FILTER (WHERE h.rn <= 20),
	       CASE WHEN max(h.rn) > 20 THEN max(h.name || '|' || h.id) FILTER (WHERE h.rn = 20) END
	INTO v_rows, v_next FROM hits h;
	RETURN json_build_object('q', term, 'companies', coalesce(v_rows, '[]'),
		'next', CASE WHEN v_next IS NOT NULL THEN '?q=' || app.admin_urlenc(term) || '&after=' || app.admin_urlenc(v_next) END);
END;
$$;

-- The job form. The company is shown as fixed text (company: id, name) when known: q.company_id
-- naming a company (a new job from a company's page, or a refused form's own field), else the
-- job's. A new job without one gets the pick step (pick: q, companies, next) instead of a list of
-- every company; show_form says whether the form itself is shown (a company is known, or one was
-- asked for).
CREATE OR REPLACE FUNCTION app.admin_job_form(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	j jobs%ROWTYPE;
	r job_requirements%ROWTYPE;
	f jsonb;
	v_company json;
	v_cid uuid;
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
	IF coalesce(q->>'company_id', '') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
		v_cid := (q->>'company_id')::uuid;
	END IF;
	SELECT json_build_object('id', c.id, 'name', c.name) INTO v_company
	FROM companies c WHERE c.id = coalesce(v_cid, j.company_id);
	IF v_company IS NULL AND v_cid IS NOT NULL AND j.company_id IS NOT NULL THEN
		SELECT json_build_object('id', c.id, 'name', c.name) INTO v_company FROM companies c WHERE c.id = j.company_id;
	END IF;
	f := f || jsonb_build_object('company_id', coalesce(v_company->>'id', ''));
	RETURN json_build_object(
		'job', CASE WHEN p_key IS NOT NULL THEN json_build_object('id', j.id, 'title', j.title, 'is_active', j.is_active) END,
		'is_new', p_key IS NULL, 'form', f, 'rows', json_build_object('tech', 6, 'soft', 4),
		'company', v_company,
		'pick', CASE WHEN v_company IS NULL THEN app.admin_company_pick(q) END,
		'show_form', v_company IS NOT NULL OR coalesce(q->>'company_id', '') <> '',
		'choices', json_build_object(
			'level', app.admin_choices(ARRAY['intern', 'entry', 'junior', 'mid', 'senior', 'lead', 'principal', 'staff', 'executive']),
			'job_type', app.admin_choices(ARRAY['full-time', 'part-time', 'contract', 'internship', 'freelance']),
			'work_arrangement', app.admin_choices(ARRAY['onsite', 'remote', 'hybrid']),
			'education_level', app.admin_choices(ARRAY['none', 'high_school', 'associate', 'bachelor', 'master', 'phd'])),
		'skill_levels', ARRAY['beginner', 'intermediate', 'advanced', 'expert']);
END;
$$;

-- Versions of a job; each one's sessions counted up to 100 (sessions_more when there are more).
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
		                  'sessions', least(s.n, 100), 'sessions_more', s.n > 100)
		              ORDER BY k.version DESC), '[]')
		             FROM curricula k
		             CROSS JOIN LATERAL (SELECT count(*) AS n FROM (SELECT 1 FROM interview_sessions s
		                                 WHERE s.curriculum_id = k.id LIMIT 101) x) s
		             WHERE k.job_id = j.id),
		'has_active', EXISTS (SELECT 1 FROM curricula k WHERE k.job_id = j.id AND k.is_active),
		'form', json_build_object('title', j.title || ' practice interview'))
	INTO m FROM jobs j JOIN companies c ON c.id = j.company_id WHERE j.id = p_key::uuid;
	RETURN m;
END;
$$;

-- A version and its rounds; its sessions counted up to 100 (sessions_more when there are more),
-- and it is editable when none use it.
CREATE OR REPLACE FUNCTION app.admin_curriculum(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	m json;
BEGIN
	PERFORM app.admin_assert();
	SELECT json_build_object(
		'curriculum', json_build_object('id', k.id, 'version', k.version, 'title', k.title, 'is_active', k.is_active,
		                                'editable', s.n = 0, 'created_at', k.created_at,
		                                'sessions', least(s.n, 100), 'sessions_more', s.n > 100),
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
	CROSS JOIN LATERAL (SELECT count(*) AS n FROM (SELECT 1 FROM interview_sessions s
	                    WHERE s.curriculum_id = k.id LIMIT 101) x) s
	WHERE k.id = p_key::uuid;
	RETURN m;
END;
$$;

DO $$
DECLARE
	f regprocedure;
BEGIN
	FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
	         WHERE n.nspname = 'app' AND p.proname IN ('admin_company_after', 'admin_company_hits', 'admin_company_pick',
	                                          'admin_job_search_companies')
	LOOP
		EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
		EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO preptalk_app', f);
	END LOOP;
END
$$;
