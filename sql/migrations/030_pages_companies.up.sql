-- 030_pages_companies: page models (companies directory, company insights, job page, the
-- share-an-experience form) and the community writes (share, vote, report), each write one
-- transaction with its audit_logs row. Read models that only show public data run as the
-- caller (RLS applies); those that must read past RLS (author names, the caller's own pending
-- posts) are SECURITY DEFINER and filter by auth.uid() explicitly.

-- 'offer_accepted' -> 'Offer accepted'.
CREATE FUNCTION app.humanize(p text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$ SELECT upper(left(replace(p, '_', ' '), 1)) || substr(replace(p, '_', ' '), 2) $$;

-- Percent-encodes a query-string value (RFC 3986 unreserved characters pass through).
CREATE FUNCTION app.url_encode(p text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$
	SELECT coalesce(string_agg(CASE WHEN ch ~ '^[A-Za-z0-9._~-]$' THEN ch
	                                ELSE regexp_replace(upper(encode(convert_to(ch, 'UTF8'), 'hex')), '(..)', '%\1', 'g')
	                           END, '' ORDER BY i), '')
	FROM regexp_split_to_table(p, '') WITH ORDINALITY AS t(ch, i)
$$;

-- A prefix query from free text: every word must start a lexeme ("north fin" -> north:* & fin:*).
-- Words are runs of letters and digits only, so nothing the user types reaches tsquery syntax.
CREATE FUNCTION app.company_tsquery(p text) RETURNS tsquery
LANGUAGE sql IMMUTABLE
AS $$
	SELECT to_tsquery('simple', string_agg(quote_literal(w) || ':*', ' & '))
	FROM regexp_split_to_table(lower(coalesce(p, '')), '[^[:alnum:]]+') AS w
	WHERE w <> ''
$$;

-- The companies directory: search (q, name and industry), filters, keyset pages of 20 by
-- (name, id). p_after is the id of the last company of the previous page; p_base is the path
-- the `next` link points to (/companies or /api/v1/companies).
CREATE FUNCTION app.companies_page(p_q text, p_industry text, p_size text, p_type text, p_remote text,
                                   p_after uuid, p_base text) RETURNS json
LANGUAGE sql STABLE
AS $$
WITH f AS (
	SELECT nullif(btrim(p_q), '') AS q, nullif(p_industry, '') AS industry, nullif(p_size, '') AS size,
	       nullif(p_type, '') AS type, CASE p_remote WHEN 'yes' THEN true WHEN 'no' THEN false END AS remote,
	       app.company_tsquery(p_q) AS tsq
), hits AS (
	SELECT c.* FROM companies c, f
	WHERE (f.q IS NULL
	       OR to_tsvector('simple', c.name || ' ' || coalesce(c.industry, '') || ' ' || coalesce(c.sub_industry, '')) @@ f.tsq
	       OR c.name ILIKE '%' || replace(replace(replace(f.q, '\', '\\'), '%', '\%'), '_', '\_') || '%')
	  AND (f.industry IS NULL OR c.industry = f.industry)
	  AND (f.size IS NULL OR c.company_size = f.size)
	  AND (f.type IS NULL OR c.company_type = f.type)
	  AND (f.remote IS NULL OR c.remote_first = f.remote)
), page AS (
	SELECT h.*, row_number() OVER (ORDER BY h.name, h.id) AS n
	FROM hits h
	WHERE p_after IS NULL OR (h.name, h.id) > (SELECT c.name, c.id FROM companies c WHERE c.id = p_after)
	ORDER BY h.name, h.id
	LIMIT 21
)
SELECT json_build_object(
	'filters', json_build_object('q', coalesce(f.q, ''), 'industry', coalesce(f.industry, ''),
	                             'size', coalesce(f.size, ''), 'type', coalesce(f.type, ''),
	                             'remote', CASE f.remote WHEN true THEN 'yes' WHEN false THEN 'no' ELSE '' END),
	'filtered', f.q IS NOT NULL OR f.industry IS NOT NULL OR f.size IS NOT NULL OR f.type IS NOT NULL OR f.remote IS NOT NULL,
	'total', (SELECT count(*) FROM hits),
	'companies', coalesce((
		SELECT json_agg(json_build_object(
			'id', p.id, 'name', p.name, 'display_name', coalesce(p.display_name, p.name), 'domain', p.domain,
			'industry', p.industry, 'sub_industry', p.sub_industry, 'company_size', p.company_size,
			'company_type', app.humanize(p.company_type), 'headquarters', p.headquarters_location,
			'remote_first', p.remote_first, 'mission', p.overview->>'mission',
			'open_jobs', (SELECT count(*) FROM jobs j WHERE j.company_id = p.id AND j.is_active),
			'experiences', coalesce(s.feedback_count, 0),
			'positive_pct', round(s.positive_share * 100),
			'difficulty', s.avg_difficulty_shrunk) ORDER BY p.name, p.id)
		FROM page p LEFT JOIN company_interview_stats s ON s.company_id = p.id
		WHERE p.n <= 20), '[]'),
	'next', (SELECT p_base || '?' || concat_ws('&',
			'q=' || app.url_encode(f.q), 'industry=' || app.url_encode(f.industry),
			'size=' || app.url_encode(f.size), 'type=' || app.url_encode(f.type),
			'remote=' || CASE f.remote WHEN true THEN 'yes' WHEN false THEN 'no' END,
			'after=' || p.id)
		FROM page p WHERE p.n = 20 AND EXISTS (SELECT 1 FROM page x WHERE x.n = 21)),
	'industries', (SELECT coalesce(json_agg(json_build_object('value', i.industry, 'count', i.n,
			'selected', i.industry = f.industry) ORDER BY i.industry), '[]')
		FROM (SELECT industry, count(*) AS n FROM companies WHERE industry IS NOT NULL GROUP BY industry) i),
	'sizes', (SELECT coalesce(json_agg(json_build_object('value', v, 'count', n, 'selected', v = f.size) ORDER BY o), '[]')
		FROM (SELECT v, o, (SELECT count(*) FROM companies c WHERE c.company_size = v) AS n
		      FROM unnest(ARRAY['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5000+']) WITH ORDINALITY AS u(v, o)) x
		WHERE n > 0),
	'types', (SELECT coalesce(json_agg(json_build_object('value', v, 'label', app.humanize(v), 'count', n,
			'selected', v = f.type) ORDER BY o), '[]')
		FROM (SELECT v, o, (SELECT count(*) FROM companies c WHERE c.company_type = v) AS n
		      FROM unnest(ARRAY['startup', 'scaleup', 'enterprise', 'agency', 'nonprofit', 'government']) WITH ORDINALITY AS u(v, o)) x
		WHERE n > 0),
	'remote_options', json_build_array(
		json_build_object('value', 'yes', 'label', 'Remote-first', 'selected', f.remote IS TRUE),
		json_build_object('value', 'no', 'label', 'Not remote-first', 'selected', f.remote IS FALSE)))
FROM f
$$;

-- A post's display name: first name and initial of the last ("Priya N."), never for anonymous posts.
CREATE FUNCTION app.author_display_name(p_user uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
	SELECT CASE WHEN p_user IS NULL THEN 'Former member'
	            WHEN nullif(btrim(p.full_name), '') IS NULL THEN 'PrepTalk member'
	            WHEN btrim(p.full_name) !~ '\s' THEN btrim(p.full_name)
	            ELSE split_part(btrim(p.full_name), ' ', 1) || ' '
	                 || left(regexp_replace(btrim(p.full_name), '^.*\s', ''), 1) || '.' END
	FROM (SELECT 1) one LEFT JOIN user_profiles p ON p.user_id = p_user
$$;

-- One community post as shown on a company page for viewer p_me. Only the listed round keys are
-- published (interviewer names or other keys in rounds never are); the moderators' reason is
-- shown to the author only.
CREATE FUNCTION app.experience_json(f user_feedback, p_me uuid) RETURNS json
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
	SELECT json_build_object(
		'id', f.id,
		'title', coalesce(nullif(f.title, ''), f.role_title, 'Interview experience'),
		'content', f.content, 'role_title', f.role_title, 'level', app.humanize(f.level), 'location', f.location,
		'is_remote', coalesce(f.is_remote, false), 'interview_month', to_char(f.interview_date, 'FMMonth YYYY'),
		'application_source', app.humanize(f.application_source), 'process_length_days', f.process_length_days,
		'outcome', app.humanize(f.outcome),
		'outcome_class', CASE WHEN f.outcome IN ('offer_accepted', 'offer_declined') THEN 'good'
		                      WHEN f.outcome = 'no_offer' THEN 'bad' ELSE 'warn' END,
		'experience', app.humanize(f.experience),
		'experience_class', CASE f.experience WHEN 'positive' THEN 'good' WHEN 'negative' THEN 'bad' ELSE 'warn' END,
		'difficulty', f.difficulty,
		'rounds', coalesce((SELECT json_agg(json_build_object(
				'type', app.humanize(r->>'type'),
				'duration_minutes', CASE WHEN jsonb_typeof(r->'duration_minutes') = 'number' THEN r->'duration_minutes' END,
				'interviewer_role', left(r->>'interviewer_role', 100),
				'topics', (SELECT string_agg(t, ', ') FROM jsonb_array_elements_text(
					CASE WHEN jsonb_typeof(r->'topics') = 'array' THEN r->'topics' ELSE '[]' END) t),
				'questions', (SELECT json_agg(q) FROM jsonb_array_elements_text(
					CASE WHEN jsonb_typeof(r->'questions') = 'array' THEN r->'questions' ELSE '[]' END) q)) ORDER BY i)
			FROM jsonb_array_elements(f.rounds) WITH ORDINALITY AS x(r, i) WHERE jsonb_typeof(r) = 'object'), '[]'),
		'round_summary', (SELECT string_agg(app.humanize(r->>'type'), ' · ' ORDER BY i)
			FROM jsonb_array_elements(f.rounds) WITH ORDINALITY AS x(r, i) WHERE jsonb_typeof(r) = 'object'),
		'tips', f.tips,
		'is_anonymous', f.is_anonymous,
		'author', CASE WHEN NOT f.is_anonymous THEN app.author_display_name(f.user_id) END,
		'helpful_count', f.helpful_count, 'outdated_count', f.outdated_count,
		'my_vote', v.vote, 'voted_helpful', coalesce(v.vote = 'helpful', false),
		'voted_outdated', coalesce(v.vote = 'outdated', false),
		'is_mine', coalesce(f.user_id = p_me, false),
		'can_vote', p_me IS NOT NULL AND f.user_id IS DISTINCT FROM p_me AND f.moderation_status = 'published',
		'reported', EXISTS (SELECT 1 FROM user_feedback_reports r WHERE r.feedback_id = f.id AND r.user_id = p_me),
		'moderation_status', f.moderation_status,
		'pending', f.moderation_status = 'pending', 'hidden', f.moderation_status = 'hidden',
		'hidden_reason', CASE WHEN f.user_id = p_me THEN f.hidden_reason END,
		'is_verified', f.is_verified,
		'created_on', to_char(f.created_at, 'YYYY-MM-DD'))
	FROM (SELECT 1) one
	LEFT JOIN user_feedback_votes v ON v.feedback_id = f.id AND v.user_id = p_me
$$;

-- Company insights. Published public posts sorted by helpfulness (keyset pages of 10 after post
-- p_after), plus the caller's own pending or hidden posts. NULL (404) for an unknown company.
CREATE FUNCTION app.company_page(p_id uuid, p_after uuid, p_base text) RETURNS json
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
WITH me AS (SELECT auth.uid() AS id),
posts AS (
	SELECT f AS post, f.id, row_number() OVER (ORDER BY f.helpful_count DESC, f.created_at DESC, f.id DESC) AS n
	FROM user_feedback f
	WHERE f.company_id = p_id AND f.moderation_status = 'published' AND f.is_public
	  AND (p_after IS NULL OR (f.helpful_count, f.created_at, f.id) <
	       (SELECT a.helpful_count, a.created_at, a.id FROM user_feedback a WHERE a.id = p_after))
	ORDER BY f.helpful_count DESC, f.created_at DESC, f.id DESC
	LIMIT 11
)
SELECT json_build_object(
	'company', json_build_object(
		'id', c.id, 'name', c.name, 'display_name', coalesce(c.display_name, c.name), 'domain', c.domain,
		'industry', c.industry, 'sub_industry', c.sub_industry, 'company_size', c.company_size,
		'company_type', app.humanize(c.company_type), 'headquarters', c.headquarters_location,
		'remote_first', c.remote_first, 'funding_stage', c.funding_info->>'stage',
		'verification', app.humanize(c.verification_status),
		'confidence_pct', round(c.confidence_score * 100)),
	'overview', json_build_object(
		'mission', c.overview->>'mission', 'vision', c.overview->>'vision',
		'values', CASE WHEN jsonb_typeof(c.overview->'values') = 'array' THEN c.overview->'values' ELSE '[]' END,
		'culture', c.overview->>'culture_notes'),
	'process', json_build_object(
		'typical_rounds', c.interview_process->'typical_rounds',
		'duration_days', c.interview_process->'average_duration_days',
		'interviewers', CASE WHEN jsonb_typeof(c.interview_process->'common_interviewers') = 'array'
		                     THEN c.interview_process->'common_interviewers' ELSE '[]' END,
		'green_flags', CASE WHEN jsonb_typeof(c.interview_process->'green_flags') = 'array'
		                    THEN c.interview_process->'green_flags' ELSE '[]' END,
		'red_flags', CASE WHEN jsonb_typeof(c.interview_process->'red_flags') = 'array'
		                  THEN c.interview_process->'red_flags' ELSE '[]' END),
	'recent_news', CASE WHEN jsonb_typeof(c.recent_news) = 'array' THEN c.recent_news ELSE '[]' END,
	'patterns', coalesce((SELECT json_agg(json_build_object(
			'type', app.humanize(p.pattern_type), 'description', p.pattern_content->>'description',
			'context', p.pattern_content->>'context',
			'examples', (SELECT json_agg(e) FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(p.pattern_content->'examples') = 'array'
			                                                                   THEN p.pattern_content->'examples' ELSE '[]' END) e),
			'confidence_pct', round(p.confidence_score * 100),
			'confidence_class', CASE WHEN p.confidence_score >= 0.7 THEN 'good' WHEN p.confidence_score >= 0.4 THEN 'warn' ELSE 'bad' END,
			'occurrences', p.occurrence_count, 'observations', p.total_observations,
			'last_seen', to_char(p.last_observed_at, 'YYYY-MM-DD'), 'verified', p.manually_verified)
			ORDER BY p.confidence_score DESC, p.id)
		FROM interview_patterns p WHERE p.company_id = c.id AND p.job_id IS NULL AND p.is_active), '[]'),
	'questions_by_round', coalesce((SELECT json_agg(json_build_object('round', g.label, 'questions', g.qs) ORDER BY g.o)
		FROM (SELECT coalesce(app.humanize(q.best_asked_in_round), 'Any round') AS label,
		             coalesce(array_position(ARRAY['phone_screen', 'technical_screen', 'coding', 'system_design', 'behavioral',
		                                           'culture_fit', 'case_study', 'presentation', 'final'], q.best_asked_in_round), 99) AS o,
		             json_agg(json_build_object('text', q.question_text, 'to_role', app.humanize(q.best_asked_to_role),
		                                        'category', app.humanize(q.question_category), 'rationale', q.rationale,
		                                        'insights', q.expected_insights)
		                      ORDER BY q.user_rating DESC NULLS LAST, q.id) AS qs
		      FROM smart_questions q WHERE q.company_id = c.id AND q.job_id IS NULL
		      GROUP BY q.best_asked_in_round) g), '[]'),
	'questions_by_role', coalesce((SELECT json_agg(json_build_object('role', g.role, 'questions', g.qs) ORDER BY g.role)
		FROM (SELECT coalesce(app.humanize(q.best_asked_to_role), 'Anyone') AS role,
		             json_agg(q.question_text ORDER BY q.user_rating DESC NULLS LAST, q.id) AS qs
		      FROM smart_questions q WHERE q.company_id = c.id AND q.job_id IS NULL
		      GROUP BY q.best_asked_to_role) g), '[]'),
	'stats', (SELECT json_build_object(
			'experiences', s.feedback_count,
			'positive_pct', round(s.positive_share * 100),
			'avg_difficulty', s.avg_difficulty_shrunk, 'raw_avg_difficulty', s.avg_difficulty,
			'difficulty_pct', round(coalesce(s.avg_difficulty_shrunk, 0) * 20),
			'sessions', s.total_sessions, 'completed_sessions', s.completed_sessions,
			'avg_score', coalesce(s.avg_score, s.avg_session_score),
			'sources', (SELECT coalesce(json_agg(json_build_object('label', app.humanize(k), 'count', v::int,
					'pct', round(100.0 * v::int / nullif(s.feedback_count, 0))) ORDER BY v::int DESC, k), '[]')
				FROM jsonb_each_text(s.application_sources) AS e(k, v)),
			'refreshed_on', to_char(s.refreshed_at, 'YYYY-MM-DD'))
		FROM company_interview_stats s WHERE s.company_id = c.id),
	'jobs', coalesce((SELECT json_agg(json_build_object('id', j.id, 'title', j.title, 'level', app.humanize(j.level),
			'department', j.department, 'location', j.location, 'work_arrangement', app.humanize(j.work_arrangement),
			'posted_on', to_char(j.posted_date, 'YYYY-MM-DD')) ORDER BY j.posted_date DESC NULLS LAST, j.title, j.id)
		FROM jobs j WHERE j.company_id = c.id AND j.is_active), '[]'),
	'experiences', coalesce((SELECT json_agg(app.experience_json(p.post, me.id) ORDER BY p.n)
		FROM posts p WHERE p.n <= 10), '[]'),
	'experiences_next', (SELECT p_base || '?after=' || p.id || '#experiences' FROM posts p
		WHERE p.n = 10 AND EXISTS (SELECT 1 FROM posts x WHERE x.n = 11)),
	'my_posts', coalesce((SELECT json_agg(app.experience_json(f, me.id) ORDER BY f.created_at DESC)
		FROM user_feedback f WHERE f.company_id = c.id AND f.user_id = me.id AND f.moderation_status <> 'published'), '[]'),
	'logged_in', me.id IS NOT NULL,
	'share_url', '/companies/' || c.id || '/experiences/new')
FROM companies c, me
WHERE c.id = p_id
$$;

-- The job page: description, requirements, the active curriculum, and what starting costs.
-- Runs as the caller: RLS hides closed jobs except from who practised for them (404).
CREATE FUNCTION app.job_page(p_id uuid) RETURNS json
LANGUAGE sql STABLE
AS $$
WITH cr AS (SELECT monthly_credits, bonus_credits, current_period_end FROM user_credits WHERE user_id = auth.uid()),
cur AS (SELECT * FROM curricula WHERE job_id = p_id AND is_active)
SELECT json_build_object(
	'job', json_build_object(
		'id', j.id, 'title', j.title, 'department', j.department, 'team', j.team, 'level', app.humanize(j.level),
		'job_type', app.humanize(j.job_type), 'work_arrangement', app.humanize(j.work_arrangement), 'location', j.location,
		'location_requirement', j.location_requirement,
		'salary', CASE WHEN j.salary_min IS NOT NULL THEN
			to_char(j.salary_min, 'FM999,999,999') || coalesce('–' || to_char(j.salary_max, 'FM999,999,999'), '') || ' ' || j.salary_currency END,
		'equity_offered', coalesce(j.equity_offered, false),
		'posted_on', to_char(j.posted_date, 'YYYY-MM-DD'), 'is_active', j.is_active,
		'description', j.raw_description,
		'responsibilities', CASE WHEN jsonb_typeof(j.parsed_description->'responsibilities') = 'array' THEN j.parsed_description->'responsibilities' ELSE '[]' END,
		'requirements', CASE WHEN jsonb_typeof(j.parsed_description->'requirements') = 'array' THEN j.parsed_description->'requirements' ELSE '[]' END,
		'nice_to_have', CASE WHEN jsonb_typeof(j.parsed_description->'nice_to_have') = 'array' THEN j.parsed_description->'nice_to_have' ELSE '[]' END,
		'benefits', CASE WHEN jsonb_typeof(j.parsed_description->'benefits') = 'array' THEN j.parsed_description->'benefits' ELSE '[]' END,
		'about_team', j.parsed_description->>'about_team',
		'application_url', j.application_url),
	'company', json_build_object('id', c.id, 'name', c.name, 'industry', c.industry, 'remote_first', c.remote_first),
	'requirements', (SELECT json_build_object(
			'technical', coalesce((SELECT json_agg(json_build_object('skill', s->>'skill', 'level', app.humanize(s->>'level'),
					'years', s->'years', 'required', coalesce((s->>'required')::boolean, false),
					'weight_pct', round(coalesce((s->>'weight')::numeric, 0) * 100))
					ORDER BY coalesce((s->>'weight')::numeric, 0) DESC, s->>'skill')
				FROM jsonb_array_elements(CASE WHEN jsonb_typeof(q.technical_skills) = 'array' THEN q.technical_skills ELSE '[]' END) s
				WHERE jsonb_typeof(s) = 'object'), '[]'),
			'soft', coalesce((SELECT json_agg(json_build_object('skill', s->>'skill', 'level', app.humanize(s->>'level'),
					'required', coalesce((s->>'required')::boolean, false),
					'weight_pct', round(coalesce((s->>'weight')::numeric, 0) * 100))
					ORDER BY coalesce((s->>'weight')::numeric, 0) DESC, s->>'skill')
				FROM jsonb_array_elements(CASE WHEN jsonb_typeof(q.soft_skills) = 'array' THEN q.soft_skills ELSE '[]' END) s
				WHERE jsonb_typeof(s) = 'object'), '[]'),
			'domains', coalesce((SELECT json_agg(json_build_object('domain', s->>'domain', 'required', coalesce((s->>'required')::boolean, false),
					'areas', (SELECT string_agg(a, ', ') FROM jsonb_array_elements_text(
						CASE WHEN jsonb_typeof(s->'specific_areas') = 'array' THEN s->'specific_areas' ELSE '[]' END) a)))
				FROM jsonb_array_elements(CASE WHEN jsonb_typeof(q.domain_knowledge) = 'array' THEN q.domain_knowledge ELSE '[]' END) s
				WHERE jsonb_typeof(s) = 'object'), '[]'),
			'min_years', q.minimum_years_experience, 'preferred_years', q.preferred_years_experience,
			'education', app.humanize(nullif(q.education_level, 'none')))
		FROM job_requirements q WHERE q.job_id = j.id),
	'curriculum', (SELECT json_build_object(
			'id', cu.id, 'title', cu.title, 'overview', cu.overview, 'version', cu.version,
			'objectives', CASE WHEN jsonb_typeof(cu.learning_objectives) = 'array' THEN cu.learning_objectives ELSE '[]' END,
			'difficulty', app.humanize(cu.difficulty_level), 'estimated_minutes', cu.estimated_total_minutes,
			'rounds', coalesce((SELECT json_agg(json_build_object(
					'number', r.round_number, 'type', app.humanize(r.round_type), 'title', r.title, 'description', r.description,
					'duration_minutes', r.duration_minutes, 'passing_score', r.passing_score,
					'persona', json_build_object('name', r.interviewer_persona->>'name', 'role', r.interviewer_persona->>'role',
						'personality', r.interviewer_persona->>'personality',
						'style', r.interviewer_persona->>'communication_style', 'pace', r.interviewer_persona->>'pace'),
					'topics', (SELECT json_agg(json_build_object('topic', t->>'topic', 'depth', app.humanize(t->>'depth'),
							'minutes', t->'time_allocation', 'must_cover', coalesce((t->>'must_cover')::boolean, false),
							'subtopics', (SELECT string_agg(x, ', ') FROM jsonb_array_elements_text(
								CASE WHEN jsonb_typeof(t->'subtopics') = 'array' THEN t->'subtopics' ELSE '[]' END) x)))
						FROM jsonb_array_elements(r.topics_to_cover) t WHERE jsonb_typeof(t) = 'object'),
					'criteria', (SELECT json_agg(json_build_object('criterion', e->>'criterion', 'description', e->>'description',
							'weight_pct', round(coalesce((e->>'weight')::numeric, 0) * 100)))
						FROM jsonb_array_elements(r.evaluation_criteria) e WHERE jsonb_typeof(e) = 'object'),
					'questions', (SELECT count(*) FROM question_bank qb WHERE qb.curriculum_round_id = r.id))
					ORDER BY r.round_number)
				FROM curriculum_rounds r WHERE r.curriculum_id = cu.id), '[]'))
		FROM cur cu),
	'credit_cost', 1,
	'logged_in', auth.uid() IS NOT NULL,
	'credits', (SELECT json_build_object('monthly', monthly_credits, 'bonus', bonus_credits,
			'total', monthly_credits + bonus_credits, 'renews_on', to_char(current_period_end, 'YYYY-MM-DD')) FROM cr),
	'can_start', j.is_active AND EXISTS (SELECT 1 FROM cur) AND coalesce((SELECT monthly_credits + bonus_credits FROM cr), 0) >= 1,
	'no_credits', auth.uid() IS NOT NULL AND coalesce((SELECT monthly_credits + bonus_credits FROM cr), 0) < 1,
	'start_action', '/jobs/' || j.id || '/sessions',
	'login_url', '/login?next=/jobs/' || j.id)
FROM jobs j JOIN companies c ON c.id = j.company_id
WHERE j.id = p_id
$$;

-- The share-an-experience form: the company, the choices of every select with the submitted
-- value (p, the form as strings; '{}' for a blank form) marked selected, and three round rows.
CREATE FUNCTION app.experience_form(p_company uuid, p jsonb) RETURNS json
LANGUAGE sql STABLE
AS $$
	SELECT json_build_object(
		'company', json_build_object('id', c.id, 'name', c.name),
		'action', '/companies/' || c.id || '/experiences',
		'form', json_build_object(
			'role_title', p->>'role_title', 'location', p->>'location', 'interview_month', p->>'interview_month',
			'process_length_days', p->>'process_length_days', 'title', p->>'title', 'content', p->>'content',
			'tips', p->>'tips',
			'is_remote', coalesce(p->>'is_remote', '') IN ('on', 'true', '1'),
			'is_anonymous', coalesce(p->>'is_anonymous', '') IN ('on', 'true', '1'),
			'confirm', coalesce(p->>'confirm', '') IN ('on', 'true', '1')),
		'levels', (SELECT json_agg(json_build_object('value', v, 'label', app.humanize(v), 'selected', v = p->>'level') ORDER BY o)
			FROM unnest(ARRAY['intern', 'entry', 'junior', 'mid', 'senior', 'lead', 'principal', 'staff', 'executive']) WITH ORDINALITY u(v, o)),
		'sources', (SELECT json_agg(json_build_object('value', v, 'label', app.humanize(v), 'selected', v = p->>'application_source') ORDER BY o)
			FROM unnest(ARRAY['online_application', 'referral', 'recruiter', 'campus', 'agency', 'other']) WITH ORDINALITY u(v, o)),
		'outcomes', (SELECT json_agg(json_build_object('value', v, 'label', app.humanize(v), 'selected', v = p->>'outcome') ORDER BY o)
			FROM unnest(ARRAY['offer_accepted', 'offer_declined', 'no_offer', 'withdrew', 'pending']) WITH ORDINALITY u(v, o)),
		'experiences', (SELECT json_agg(json_build_object('value', v, 'label', app.humanize(v), 'selected', v = p->>'experience') ORDER BY o)
			FROM unnest(ARRAY['positive', 'neutral', 'negative']) WITH ORDINALITY u(v, o)),
		'difficulties', (SELECT json_agg(json_build_object('value', v, 'label', l, 'selected', v::text = p->>'difficulty') ORDER BY v)
			FROM unnest(ARRAY[1, 2, 3, 4, 5], ARRAY['1 — very easy', '2 — easy', '3 — average', '4 — hard', '5 — very hard']) u(v, l)),
		'rounds', (SELECT json_agg(json_build_object(
				'n', n, 'duration', p->>('round' || n || '_duration'), 'interviewer_role', p->>('round' || n || '_interviewer_role'),
				'topics', p->>('round' || n || '_topics'), 'questions', p->>('round' || n || '_questions'),
				'types', (SELECT json_agg(json_build_object('value', v, 'label', app.humanize(v),
						'selected', v = p->>('round' || n || '_type')) ORDER BY o)
					FROM unnest(ARRAY['phone_screen', 'technical_screen', 'coding', 'system_design', 'behavioral', 'culture_fit',
					                  'case_study', 'presentation', 'final', 'other']) WITH ORDINALITY u(v, o))) ORDER BY n)
			FROM generate_series(1, 3) n))
	FROM companies c WHERE c.id = p_company
$$;

-- Verified history (auto-publication without moderation): the author has at least one completed
-- practice session, at least one post already published by moderation, and no hidden post.
CREATE FUNCTION app.author_is_trusted(p_user uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
	SELECT EXISTS (SELECT 1 FROM interview_sessions s WHERE s.user_id = p_user AND s.status = 'completed')
	   AND EXISTS (SELECT 1 FROM user_feedback f WHERE f.user_id = p_user AND f.moderation_status = 'published')
	   AND NOT EXISTS (SELECT 1 FROM user_feedback f WHERE f.user_id = p_user AND f.moderation_status = 'hidden')
$$;

-- Shares an interview experience from the form p (strings, as the handler validated them):
-- pending until moderation unless app.author_is_trusted. Rounds: up to three rows roundN_*,
-- topics comma-separated, questions one per line; empty rows are dropped. Audited.
CREATE FUNCTION app.experience_create(p_company uuid, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	uid uuid := auth.uid();
	trusted boolean;
	fid uuid := gen_random_uuid();
	rounds jsonb;
	month date;
BEGIN
	IF uid IS NULL THEN
		RAISE EXCEPTION 'log-in required' USING ERRCODE = '42501';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM companies WHERE id = p_company) THEN
		RAISE EXCEPTION 'no such company' USING ERRCODE = 'P0002';
	END IF;
	IF coalesce(p->>'interview_month', '') <> '' THEN
		IF (p->>'interview_month') !~ '^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$' THEN
			RAISE EXCEPTION 'interview_month: Enter the month as YYYY-MM.' USING ERRCODE = 'P0001';
		END IF;
		month := to_date(p->>'interview_month', 'YYYY-MM');
		IF month > CURRENT_DATE THEN
			RAISE EXCEPTION 'interview_month: The interview month cannot be in the future.' USING ERRCODE = 'P0001';
		END IF;
	END IF;
	SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
			'type', nullif(p->>('round' || n || '_type'), ''),
			'duration_minutes', (nullif(p->>('round' || n || '_duration'), ''))::int,
			'interviewer_role', nullif(btrim(p->>('round' || n || '_interviewer_role')), ''),
			'topics', (SELECT jsonb_agg(btrim(t)) FROM regexp_split_to_table(coalesce(p->>('round' || n || '_topics'), ''), ',') t
			           WHERE btrim(t) <> ''),
			'questions', (SELECT jsonb_agg(btrim(q)) FROM regexp_split_to_table(coalesce(p->>('round' || n || '_questions'), ''), '\r?\n') q
			              WHERE btrim(q) <> ''))) ORDER BY n), '[]')
	INTO rounds
	FROM generate_series(1, 3) n
	WHERE coalesce(p->>('round' || n || '_type'), '') <> '';
	trusted := app.author_is_trusted(uid);
	INSERT INTO user_feedback (id, user_id, company_id, feedback_type, title, content, role_title, level, location, is_remote,
		interview_date, application_source, process_length_days, outcome, experience, difficulty, rounds, tips,
		is_anonymous, moderation_status, published_at)
	VALUES (fid, uid, p_company, 'interview_experience', nullif(btrim(p->>'title'), ''), btrim(p->>'content'),
		nullif(btrim(p->>'role_title'), ''), nullif(p->>'level', ''), nullif(btrim(p->>'location'), ''),
		coalesce(p->>'is_remote', '') IN ('on', 'true', '1'), month, nullif(p->>'application_source', ''),
		(nullif(p->>'process_length_days', ''))::int, nullif(p->>'outcome', ''), nullif(p->>'experience', ''),
		(nullif(p->>'difficulty', ''))::smallint, rounds, nullif(btrim(p->>'tips'), ''),
		coalesce(p->>'is_anonymous', '') IN ('on', 'true', '1'),
		CASE WHEN trusted THEN 'published' ELSE 'pending' END, CASE WHEN trusted THEN now() END);
	PERFORM app.audit(uid, 'experience_create', 'user_feedback', fid, NULL,
	                  jsonb_build_object('company_id', p_company, 'moderation_status',
	                                     CASE WHEN trusted THEN 'published' ELSE 'pending' END),
	                  p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', fid, 'company_id', p_company,
	                         'moderation_status', CASE WHEN trusted THEN 'published' ELSE 'pending' END);
END;
$$;

-- The company of a post the caller can see (published and public, or their own): for redisplaying
-- the company page after a refused vote or report. NULL (404) otherwise.
CREATE FUNCTION app.experience_company(p_post uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
	SELECT company_id FROM user_feedback
	WHERE id = p_post AND ((moderation_status = 'published' AND is_public) OR user_id = auth.uid())
$$;

-- A vote on a published post: one per user, changeable; the same value again removes it.
-- Unknown, pending or hidden posts: P0002 (404); one's own post: P0001 (422). Audited.
CREATE FUNCTION app.experience_vote(p_post uuid, p_value text, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	uid uuid := auth.uid();
	post user_feedback%ROWTYPE;
	old text;
	new text;
BEGIN
	IF uid IS NULL THEN
		RAISE EXCEPTION 'log-in required' USING ERRCODE = '42501';
	END IF;
	SELECT * INTO post FROM user_feedback
	WHERE id = p_post AND moderation_status = 'published' AND is_public FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no such post' USING ERRCODE = 'P0002';
	END IF;
	IF post.user_id = uid THEN
		RAISE EXCEPTION 'You cannot vote on your own post.' USING ERRCODE = 'P0001';
	END IF;
	IF p_value IS NULL OR p_value NOT IN ('helpful', 'outdated') THEN
		RAISE EXCEPTION 'value: Choose helpful or outdated.' USING ERRCODE = 'P0001';
	END IF;
	SELECT vote INTO old FROM user_feedback_votes WHERE feedback_id = p_post AND user_id = uid;
	IF old = p_value THEN
		DELETE FROM user_feedback_votes WHERE feedback_id = p_post AND user_id = uid;
		new := NULL;
	ELSE
		INSERT INTO user_feedback_votes (feedback_id, user_id, vote) VALUES (p_post, uid, p_value)
		ON CONFLICT (feedback_id, user_id) DO UPDATE SET vote = EXCLUDED.vote;
		new := p_value;
	END IF;
	PERFORM app.audit(uid, 'experience_vote', 'user_feedback', p_post,
	                  CASE WHEN old IS NOT NULL THEN jsonb_build_object('vote', old) END,
	                  CASE WHEN new IS NOT NULL THEN jsonb_build_object('vote', new) END, p_ip, p_ua, p_request_id);
	RETURN (SELECT json_build_object('id', f.id, 'company_id', f.company_id, 'helpful_count', f.helpful_count,
	                                 'outdated_count', f.outdated_count, 'my_vote', new)
	        FROM user_feedback f WHERE f.id = p_post);
END;
$$;

-- A report on a published post, one per user per post (P0003, 409, for a second one). Reasons
-- as in user_feedback_reports; 'other' needs details. Own post P0001; unknown or hidden P0002.
CREATE FUNCTION app.experience_report(p_post uuid, p_reason text, p_details text, p_ip text, p_ua text,
                                      p_request_id text) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	uid uuid := auth.uid();
	post user_feedback%ROWTYPE;
	details text := nullif(btrim(p_details), '');
BEGIN
	IF uid IS NULL THEN
		RAISE EXCEPTION 'log-in required' USING ERRCODE = '42501';
	END IF;
	SELECT * INTO post FROM user_feedback WHERE id = p_post AND moderation_status = 'published' AND is_public;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no such post' USING ERRCODE = 'P0002';
	END IF;
	IF post.user_id = uid THEN
		RAISE EXCEPTION 'You cannot report your own post.' USING ERRCODE = 'P0001';
	END IF;
	IF p_reason IS NULL OR p_reason NOT IN ('spam', 'offensive', 'confidential', 'names_interviewer', 'inaccurate', 'other') THEN
		RAISE EXCEPTION 'reason: Choose a reason.' USING ERRCODE = 'P0001';
	END IF;
	IF length(details) > 2000 THEN
		RAISE EXCEPTION 'details: Use at most 2000 characters.' USING ERRCODE = 'P0001';
	END IF;
	IF p_reason = 'other' AND details IS NULL THEN
		RAISE EXCEPTION 'details: Tell us what is wrong with this post.' USING ERRCODE = 'P0001';
	END IF;
	BEGIN
		INSERT INTO user_feedback_reports (feedback_id, user_id, reason, details) VALUES (p_post, uid, p_reason, details);
	EXCEPTION WHEN unique_violation THEN
		RAISE EXCEPTION 'You have already reported this post.' USING ERRCODE = 'P0003';
	END;
	PERFORM app.audit(uid, 'experience_report', 'user_feedback', p_post, NULL,
	                  jsonb_build_object('reason', p_reason), p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', p_post, 'company_id', post.company_id, 'reported', true);
END;
$$;

REVOKE EXECUTE ON FUNCTION app.author_display_name(uuid), app.experience_json(user_feedback, uuid),
	app.author_is_trusted(uuid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION app.company_page(uuid, uuid, text), app.experience_create(uuid, jsonb, text, text, text),
	app.experience_company(uuid), app.experience_vote(uuid, text, text, text, text),
	app.experience_report(uuid, text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.humanize(text), app.url_encode(text), app.company_tsquery(text),
	app.companies_page(text, text, text, text, text, uuid, text), app.company_page(uuid, uuid, text),
	app.job_page(uuid), app.experience_form(uuid, jsonb), app.experience_create(uuid, jsonb, text, text, text),
	app.experience_company(uuid), app.experience_vote(uuid, text, text, text, text),
	app.experience_report(uuid, text, text, text, text, text)
	TO preptalk_app;
