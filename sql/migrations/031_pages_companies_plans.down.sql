-- 031_pages_companies_plans (down): the LANGUAGE sql definitions of 030 again.

CREATE OR REPLACE FUNCTION app.companies_page(p_q text, p_industry text, p_size text, p_type text, p_remote text,
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

CREATE OR REPLACE FUNCTION app.author_display_name(p_user uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
	SELECT CASE WHEN p_user IS NULL THEN 'Former member'
	            WHEN nullif(btrim(p.full_name), '') IS NULL THEN 'PrepTalk member'
	            WHEN btrim(p.full_name) !~ '\s' THEN btrim(p.full_name)
	            ELSE split_part(btrim(p.full_name), ' ', 1) || ' '
	                 || left(regexp_replace(btrim(p.full_name), '^.*\s', ''), 1) || '.' END
	FROM (SELECT 1) one LEFT JOIN user_profiles p ON p.user_id = p_user
$$;

CREATE OR REPLACE FUNCTION app.experience_json(f user_feedback, p_me uuid) RETURNS json
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

CREATE OR REPLACE FUNCTION app.company_page(p_id uuid, p_after uuid, p_base text) RETURNS json
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

CREATE OR REPLACE FUNCTION app.job_page(p_id uuid) RETURNS json
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
