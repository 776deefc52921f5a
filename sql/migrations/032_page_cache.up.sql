-- 032_page_cache: the public part of the company and job page models (and of the unfiltered
-- directory) is built once and kept in app.page_cache; a request adds only what depends on the
-- caller (own votes and reports, own pending posts, credits). Exact, not timed: statement
-- triggers on every table a cached part reads bump its key's version and clear it, the next
-- read rebuilds it. The models are the same, byte for byte, as those of 031 (tests/sql/32_page_cache.sql).

-- One listed post, split around the keys that depend on the viewer: head is its JSON up to
-- "outdated_count" (no closing brace), mid the moderation keys, tail the last keys and the brace.
-- user_id and hidden_reason are kept for the viewer's part and never published as such.
CREATE TYPE app.page_post AS (
	id            uuid,
	user_id       uuid,
	status        text,
	hidden_reason text,
	head          text,
	mid           text,
	tail          text
);

-- key: 'company:<id>', 'job:<id>', 'companies' (the directory's first unfiltered page).
-- head NULL = stale or never built. version grows with every invalidation; a reader writes back
-- only if the version it read before building is still current, so a build that raced a write
-- is never stored.
CREATE TABLE app.page_cache (
	key       text PRIMARY KEY,
	version   bigint NOT NULL DEFAULT 1,
	head      text,
	posts     app.page_post[],
	next_id   uuid,
	startable boolean,
	tail      text,
	built_at  timestamptz
);
-- Read and written only by the SECURITY DEFINER functions below (the owner); no policy, no grant.
ALTER TABLE app.page_cache ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON app.page_cache FROM PUBLIC;

-- Marks keys stale (creating their rows, so a reader that saw no row cannot store a build that
-- predates the change). Sorted, so concurrent writers lock rows in the same order.
CREATE FUNCTION app.page_cache_invalidate(p_keys text[]) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
	INSERT INTO app.page_cache AS c (key)
	SELECT DISTINCT k FROM unnest(p_keys) AS k WHERE k IS NOT NULL ORDER BY k
	ON CONFLICT (key) DO UPDATE SET version = c.version + 1, head = NULL, posts = NULL, next_id = NULL,
		startable = NULL, tail = NULL, built_at = NULL;
END;
$$;

-- Statement trigger on every table a cached part reads; the changed rows come in the transition
-- tables old_rows / new_rows (one trigger per event: PostgreSQL allows transition tables only so).
CREATE FUNCTION app.page_cache_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	keys text[] := '{}';
	k text[];
	authors uuid[];
BEGIN
	IF TG_OP = 'TRUNCATE' THEN
		UPDATE app.page_cache SET version = version + 1, head = NULL, posts = NULL, next_id = NULL,
			startable = NULL, tail = NULL, built_at = NULL;
		RETURN NULL;
	END IF;
	-- author names: only a change of name counts (not last_active_at and the like)
	IF TG_TABLE_NAME = 'user_profiles' THEN
		IF TG_OP = 'UPDATE' THEN
			authors := ARRAY(SELECT u FROM old_rows o JOIN new_rows n ON n.id = o.id, unnest(ARRAY[o.user_id, n.user_id]) AS u
			                 WHERE n.full_name IS DISTINCT FROM o.full_name OR n.user_id <> o.user_id);
		ELSIF TG_OP = 'DELETE' THEN
			authors := ARRAY(SELECT o.user_id FROM old_rows o);
		ELSE
			authors := ARRAY(SELECT n.user_id FROM new_rows n);
		END IF;
		IF cardinality(authors) > 0 THEN
			PERFORM app.page_cache_invalidate(ARRAY(SELECT 'company:' || f.company_id FROM user_feedback f
			                                        WHERE f.user_id = ANY (authors)));
		END IF;
		RETURN NULL;
	END IF;
	-- old rows (UPDATE, DELETE)
	IF TG_OP <> 'INSERT' THEN
		CASE TG_TABLE_NAME
		WHEN 'companies' THEN
			k := ARRAY(SELECT 'company:' || o.id FROM old_rows o
			           UNION SELECT 'job:' || j.id FROM jobs j WHERE j.company_id IN (SELECT o.id FROM old_rows o))
			     || '{companies}'::text[];
		WHEN 'jobs' THEN
			k := ARRAY(SELECT 'job:' || o.id FROM old_rows o UNION SELECT 'company:' || o.company_id FROM old_rows o)
			     || '{companies}'::text[];
		WHEN 'job_requirements' THEN
			k := ARRAY(SELECT 'job:' || o.job_id FROM old_rows o);
		WHEN 'curricula' THEN
			k := ARRAY(SELECT 'job:' || o.job_id FROM old_rows o);
		WHEN 'curriculum_rounds' THEN
			k := ARRAY(SELECT 'job:' || cu.job_id FROM curricula cu WHERE cu.id IN (SELECT o.curriculum_id FROM old_rows o));
		WHEN 'question_bank' THEN
			k := ARRAY(SELECT 'job:' || cu.job_id FROM curricula cu JOIN curriculum_rounds r ON r.curriculum_id = cu.id
			           WHERE r.id IN (SELECT o.curriculum_round_id FROM old_rows o));
		WHEN 'interview_patterns', 'smart_questions', 'user_feedback' THEN
			k := ARRAY(SELECT 'company:' || o.company_id FROM old_rows o);
		END CASE;
		keys := keys || k;
	END IF;
	-- new rows (INSERT, UPDATE)
	IF TG_OP <> 'DELETE' THEN
		CASE TG_TABLE_NAME
		WHEN 'companies' THEN
			k := ARRAY(SELECT 'company:' || n.id FROM new_rows n) || '{companies}'::text[];
		WHEN 'jobs' THEN
			k := ARRAY(SELECT 'job:' || n.id FROM new_rows n UNION SELECT 'company:' || n.company_id FROM new_rows n)
			     || '{companies}'::text[];
		WHEN 'job_requirements' THEN
			k := ARRAY(SELECT 'job:' || n.job_id FROM new_rows n);
		WHEN 'curricula' THEN
			k := ARRAY(SELECT 'job:' || n.job_id FROM new_rows n);
		WHEN 'curriculum_rounds' THEN
			k := ARRAY(SELECT 'job:' || cu.job_id FROM curricula cu WHERE cu.id IN (SELECT n.curriculum_id FROM new_rows n));
		WHEN 'question_bank' THEN
			k := ARRAY(SELECT 'job:' || cu.job_id FROM curricula cu JOIN curriculum_rounds r ON r.curriculum_id = cu.id
			           WHERE r.id IN (SELECT n.curriculum_round_id FROM new_rows n));
		WHEN 'interview_patterns', 'smart_questions', 'user_feedback' THEN
			k := ARRAY(SELECT 'company:' || n.company_id FROM new_rows n);
		END CASE;
		keys := keys || k;
	END IF;
	IF cardinality(keys) > 0 THEN
		PERFORM app.page_cache_invalidate(keys);
	END IF;
	RETURN NULL;
END;
$$;

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['companies', 'jobs', 'job_requirements', 'curricula', 'curriculum_rounds', 'question_bank',
	                         'interview_patterns', 'smart_questions', 'user_feedback', 'user_profiles'] LOOP
		EXECUTE format('CREATE TRIGGER trg_page_cache_ins AFTER INSERT ON public.%I REFERENCING NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION app.page_cache_changed()', t);
		EXECUTE format('CREATE TRIGGER trg_page_cache_upd AFTER UPDATE ON public.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION app.page_cache_changed()', t);
		EXECUTE format('CREATE TRIGGER trg_page_cache_del AFTER DELETE ON public.%I REFERENCING OLD TABLE AS old_rows
			FOR EACH STATEMENT EXECUTE FUNCTION app.page_cache_changed()', t);
		EXECUTE format('CREATE TRIGGER trg_page_cache_trunc AFTER TRUNCATE ON public.%I
			FOR EACH STATEMENT EXECUTE FUNCTION app.page_cache_changed()', t);
	END LOOP;
END;
$$;

-- The scheduler's refresh (every minute) invalidates only the companies whose statistics, as the
-- pages show them (refreshed_at by day), changed, and then the directory.
CREATE OR REPLACE FUNCTION app.job_refresh_company_stats() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	n bigint;
	before jsonb;
	after jsonb;
	changed text[];
BEGIN
	SELECT coalesce(jsonb_object_agg(s.company_id, md5((to_jsonb(s) - 'refreshed_at')::text || to_char(s.refreshed_at, 'YYYY-MM-DD'))), '{}')
	INTO before FROM company_interview_stats s;
	REFRESH MATERIALIZED VIEW CONCURRENTLY company_interview_stats;
	SELECT coalesce(jsonb_object_agg(s.company_id, md5((to_jsonb(s) - 'refreshed_at')::text || to_char(s.refreshed_at, 'YYYY-MM-DD'))), '{}'),
	       count(*)
	INTO after, n FROM company_interview_stats s;
	changed := ARRAY(SELECT 'company:' || coalesce(a.key, b.key)
	                 FROM jsonb_each_text(before) b FULL JOIN jsonb_each_text(after) a ON a.key = b.key
	                 WHERE a.value IS DISTINCT FROM b.value);
	IF cardinality(changed) > 0 THEN
		PERFORM app.page_cache_invalidate(changed || '{companies}'::text[]);
	END IF;
	RETURN format('refreshed company_interview_stats: %s companies', n);
END;
$$;

-- One post split as app.page_post: the same JSON as app.experience_json once the viewer's keys
-- are added (app.company_posts_json), the author's name inlined (app.author_display_name).
CREATE FUNCTION app.experience_parts(f user_feedback) RETURNS app.page_post
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	RETURN (SELECT ROW(f.id, f.user_id, f.moderation_status, f.hidden_reason,
		left(json_build_object(
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
			'author', CASE WHEN NOT f.is_anonymous THEN
				CASE WHEN f.user_id IS NULL THEN 'Former member'
				     WHEN nullif(btrim(up.full_name), '') IS NULL THEN 'PrepTalk member'
				     WHEN btrim(up.full_name) !~ '\s' THEN btrim(up.full_name)
				     ELSE split_part(btrim(up.full_name), ' ', 1) || ' '
				          || left(regexp_replace(btrim(up.full_name), '^.*\s', ''), 1) || '.' END END,
			'helpful_count', f.helpful_count, 'outdated_count', f.outdated_count)::text, -1),
		', ' || substr(m.moderation, 2, length(m.moderation) - 2),
		', ' || substr(e.ending, 2))::app.page_post
	FROM (SELECT 1) one
	LEFT JOIN user_profiles up ON up.user_id = f.user_id
	CROSS JOIN LATERAL (SELECT json_build_object('moderation_status', f.moderation_status,
		'pending', f.moderation_status = 'pending', 'hidden', f.moderation_status = 'hidden')::text AS moderation) m
	CROSS JOIN LATERAL (SELECT json_build_object('is_verified', f.is_verified,
		'created_on', to_char(f.created_at, 'YYYY-MM-DD'))::text AS ending) e);
END;
$$;

-- The listed posts of company p_id (published and public, by helpfulness, the 10 after post
-- p_after) as app.page_post, and the last one's id when there is a next page.
CREATE FUNCTION app.company_posts(p_id uuid, p_after uuid, OUT posts app.page_post[], OUT next_id uuid)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	SELECT coalesce(array_agg(app.experience_parts(x.u) ORDER BY x.n) FILTER (WHERE x.n <= 10), '{}'),
	       CASE WHEN count(*) = 11 THEN (array_agg((x.u).id ORDER BY x.n))[10] END
	INTO posts, next_id
	FROM (SELECT u, row_number() OVER (ORDER BY u.helpful_count DESC, u.created_at DESC, u.id DESC) AS n
	      FROM user_feedback u
	      WHERE u.company_id = p_id AND u.moderation_status = 'published' AND u.is_public
	        AND (p_after IS NULL OR (u.helpful_count, u.created_at, u.id) <
	             (SELECT a.helpful_count, a.created_at, a.id FROM user_feedback a WHERE a.id = p_after))
	      ORDER BY u.helpful_count DESC, u.created_at DESC, u.id DESC
	      LIMIT 11) x;
END;
$$;

-- The public part of company p_id's page: head is the model's JSON up to "jobs" included (no
-- closing brace); posts and next_id the first page of posts. No row for an unknown company.
CREATE FUNCTION app.company_page_build(p_id uuid, OUT head text, OUT posts app.page_post[], OUT next_id uuid)
RETURNS SETOF record
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	RETURN QUERY
	SELECT left(json_build_object(
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
			FROM jobs j WHERE j.company_id = c.id AND j.is_active), '[]'))::text, -1),
		ps.posts, ps.next_id
	FROM companies c, app.company_posts(c.id, NULL) ps
	WHERE c.id = p_id;
END;
$$;

-- Posts as the viewer p_me sees them in a list: the JSON array of app.experience_json, built by
-- concatenation (no JSON is parsed or built here).
CREATE FUNCTION app.company_posts_json(p_posts app.page_post[], p_me uuid) RETURNS text
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	RETURN (SELECT '[' || coalesce(string_agg(p.head
		|| ', "my_vote" : ' || coalesce(to_json(v.vote)::text, 'null')
		|| ', "voted_helpful" : ' || coalesce(v.vote = 'helpful', false)::text
		|| ', "voted_outdated" : ' || coalesce(v.vote = 'outdated', false)::text
		|| ', "is_mine" : ' || coalesce(p.user_id = p_me, false)::text
		|| ', "can_vote" : ' || (p_me IS NOT NULL AND p.user_id IS DISTINCT FROM p_me AND p.status = 'published')::text
		|| ', "reported" : ' || (r.feedback_id IS NOT NULL)::text
		|| p.mid
		|| ', "hidden_reason" : ' || CASE WHEN p.user_id = p_me THEN coalesce(to_json(p.hidden_reason)::text, 'null') ELSE 'null' END
		|| p.tail, ', ' ORDER BY p.ord), '') || ']'
	FROM unnest(p_posts) WITH ORDINALITY AS p(id, user_id, status, hidden_reason, head, mid, tail, ord)
	LEFT JOIN user_feedback_votes v ON v.feedback_id = p.id AND v.user_id = p_me
	LEFT JOIN user_feedback_reports r ON r.feedback_id = p.id AND r.user_id = p_me);
END;
$$;

-- Company insights: the cached public part plus the caller's part. NULL (404) for an unknown company.
CREATE OR REPLACE FUNCTION app.company_page(p_id uuid, p_after uuid, p_base text) RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	me uuid := auth.uid();
	k text := 'company:' || p_id;
	c app.page_cache%ROWTYPE;
	b record;
	posts app.page_post[];
	next_id uuid;
BEGIN
	SELECT * INTO c FROM app.page_cache WHERE key = k;
	IF c.head IS NULL THEN
		SELECT * INTO b FROM app.company_page_build(p_id);
		IF b.head IS NULL THEN
			RETURN NULL;
		END IF;
		IF c.key IS NULL THEN
			INSERT INTO app.page_cache (key, head, posts, next_id, built_at) VALUES (k, b.head, b.posts, b.next_id, now())
			ON CONFLICT (key) DO NOTHING;
		ELSE
			UPDATE app.page_cache SET head = b.head, posts = b.posts, next_id = b.next_id, built_at = now()
			WHERE key = k AND version = c.version AND head IS NULL;
		END IF;
		c.head := b.head;
		c.posts := b.posts;
		c.next_id := b.next_id;
	END IF;
	IF p_after IS NULL THEN
		posts := c.posts;
		next_id := c.next_id;
	ELSE
		SELECT x.posts, x.next_id INTO posts, next_id FROM app.company_posts(p_id, p_after) x;
	END IF;
	RETURN (c.head
		|| ', "experiences" : ' || app.company_posts_json(posts, me)
		|| ', "experiences_next" : ' || coalesce(to_json(p_base || '?after=' || next_id || '#experiences')::text, 'null')
		|| ', "my_posts" : ' || CASE WHEN me IS NULL THEN '[]' ELSE
			app.company_posts_json(ARRAY(SELECT app.experience_parts(f) FROM user_feedback f
			                             WHERE f.company_id = p_id AND f.user_id = me AND f.moderation_status <> 'published'
			                             ORDER BY f.created_at DESC), me) END
		|| ', "logged_in" : ' || CASE WHEN me IS NULL THEN 'false' ELSE 'true' END
		|| ', "share_url" : ' || to_json('/companies/' || p_id || '/experiences/new')::text
		|| '}')::json;
END;
$$;

-- The public part of job p_id's page (read past RLS: the caller has checked that it may see the
-- job): head up to "credit_cost" (no closing brace), tail from "start_action", startable = the
-- job is open and has an active curriculum. No row for an unknown job.
CREATE FUNCTION app.job_page_public(p_id uuid, OUT head text, OUT tail text, OUT startable boolean)
RETURNS SETOF record
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	k text := 'job:' || p_id;
	c app.page_cache%ROWTYPE;
BEGIN
	SELECT * INTO c FROM app.page_cache WHERE key = k;
	IF c.head IS NOT NULL THEN
		RETURN QUERY SELECT c.head, c.tail, c.startable;
		RETURN;
	END IF;
	SELECT b.head, b.tail, b.startable INTO head, tail, startable FROM app.job_page_build(p_id) b;
	IF head IS NULL THEN
		RETURN;
	END IF;
	IF c.key IS NULL THEN
		INSERT INTO app.page_cache (key, head, tail, startable, built_at) VALUES (k, head, tail, startable, now())
		ON CONFLICT (key) DO NOTHING;
	ELSE
		UPDATE app.page_cache SET head = job_page_public.head, tail = job_page_public.tail,
			startable = job_page_public.startable, built_at = now()
		WHERE key = k AND version = c.version AND page_cache.head IS NULL;
	END IF;
	RETURN NEXT;
END;
$$;

CREATE FUNCTION app.job_page_build(p_id uuid, OUT head text, OUT tail text, OUT startable boolean)
RETURNS SETOF record
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	RETURN QUERY
	WITH cur AS (SELECT * FROM curricula WHERE job_id = p_id AND is_active)
	SELECT left(json_build_object(
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
		'credit_cost', 1)::text, -1),
		', ' || substr(links.ending, 2),
		j.is_active AND EXISTS (SELECT 1 FROM cur)
	FROM jobs j JOIN companies c ON c.id = j.company_id
	CROSS JOIN LATERAL (SELECT json_build_object('start_action', '/jobs/' || j.id || '/sessions',
		'login_url', '/login?next=/jobs/' || j.id)::text AS ending) links
	WHERE j.id = p_id;
END;
$$;

-- The job page: RLS on jobs decides who may see it (closed jobs: admins and those who practised
-- for them); then the cached public part plus the caller's credits.
CREATE OR REPLACE FUNCTION app.job_page(p_id uuid) RETURNS json
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
	me uuid := auth.uid();
	pub record;
	cr record;
	has_credits boolean;
	total integer;
	mine text;
BEGIN
	PERFORM 1 FROM jobs WHERE id = p_id;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	SELECT * INTO pub FROM app.job_page_public(p_id);
	IF pub.head IS NULL THEN
		RETURN NULL;
	END IF;
	SELECT monthly_credits, bonus_credits, current_period_end INTO cr FROM user_credits WHERE user_id = me;
	has_credits := FOUND;
	total := coalesce(cr.monthly_credits + cr.bonus_credits, 0);
	mine := json_build_object(
		'logged_in', me IS NOT NULL,
		'credits', CASE WHEN has_credits THEN json_build_object('monthly', cr.monthly_credits, 'bonus', cr.bonus_credits,
			'total', cr.monthly_credits + cr.bonus_credits, 'renews_on', to_char(cr.current_period_end, 'YYYY-MM-DD')) END,
		'can_start', pub.startable AND total >= 1,
		'no_credits', me IS NOT NULL AND total < 1)::text;
	RETURN (pub.head || ', ' || substr(mine, 2, length(mine) - 2) || pub.tail)::json;
END;
$$;

REVOKE EXECUTE ON FUNCTION app.page_cache_invalidate(text[]),
	app.page_cache_changed(), app.experience_parts(user_feedback), app.company_posts(uuid, uuid), app.company_page_build(uuid),
	app.company_posts_json(app.page_post[], uuid), app.job_page_build(uuid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION app.job_page_public(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.job_page_public(uuid) TO preptalk_app;
