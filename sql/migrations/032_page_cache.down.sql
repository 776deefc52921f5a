-- 032_page_cache (down): drops the page cache, its triggers and functions, and puts back the
-- company and job page models of 031 and the stats refresh of 010.

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['companies', 'jobs', 'job_requirements', 'curricula', 'curriculum_rounds', 'question_bank',
	                         'interview_patterns', 'smart_questions', 'user_feedback', 'user_profiles'] LOOP
		EXECUTE format('DROP TRIGGER IF EXISTS trg_page_cache_ins ON public.%I', t);
		EXECUTE format('DROP TRIGGER IF EXISTS trg_page_cache_upd ON public.%I', t);
		EXECUTE format('DROP TRIGGER IF EXISTS trg_page_cache_del ON public.%I', t);
		EXECUTE format('DROP TRIGGER IF EXISTS trg_page_cache_trunc ON public.%I', t);
	END LOOP;
END;
$$;

CREATE OR REPLACE FUNCTION app.job_refresh_company_stats() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	n bigint;
BEGIN
	REFRESH MATERIALIZED VIEW CONCURRENTLY company_interview_stats;
	SELECT count(*) INTO n FROM company_interview_stats;
	RETURN format('refreshed company_interview_stats: %s companies', n);
END;
$$;

CREATE OR REPLACE FUNCTION app.company_page(p_id uuid, p_after uuid, p_base text) RETURNS json
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	RETURN (
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
	);
END;
$$;

CREATE OR REPLACE FUNCTION app.job_page(p_id uuid) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	RETURN (
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
	);
END;
$$;

DROP FUNCTION IF EXISTS app.job_page_public(uuid);
DROP FUNCTION IF EXISTS app.job_page_build(uuid);
DROP FUNCTION IF EXISTS app.company_posts_json(app.page_post[], uuid);
DROP FUNCTION IF EXISTS app.company_page_build(uuid);
DROP FUNCTION IF EXISTS app.company_posts(uuid, uuid);
DROP FUNCTION IF EXISTS app.experience_parts(user_feedback);
DROP FUNCTION IF EXISTS app.page_cache_changed();
DROP FUNCTION IF EXISTS app.page_cache_invalidate(text[]);
DROP TABLE IF EXISTS app.page_cache;
DROP TYPE IF EXISTS app.page_post;
