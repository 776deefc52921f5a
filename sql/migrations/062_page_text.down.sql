-- 062_page_text (down): the five page functions return json again, as in 032 and 041.

DROP FUNCTION app.company_page(uuid, uuid, text);
CREATE FUNCTION app.company_page(p_id uuid, p_after uuid, p_base text) RETURNS json
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
REVOKE EXECUTE ON FUNCTION app.company_page(uuid, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.company_page(uuid, uuid, text) TO preptalk_app;

DROP FUNCTION app.job_page(uuid);
CREATE FUNCTION app.job_page(p_id uuid) RETURNS json
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
GRANT EXECUTE ON FUNCTION app.job_page(uuid) TO preptalk_app;

DROP FUNCTION app.round_report(uuid, int);
CREATE FUNCTION app.round_report(p_session_id uuid, p_n int) RETURNS json
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
	c record;
BEGIN
	PERFORM 1 FROM interview_sessions WHERE id = p_session_id;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	SELECT * INTO c FROM app.report_cache_get('round', p_session_id, p_n);
	IF c.head IS NULL THEN
		RETURN NULL;
	END IF;
	RETURN (c.head || ', "percentile" : ' || coalesce(to_json(coalesce((c.live->>'rank')::double precision,
		app.round_percentile((c.live->>'job_id')::uuid, (c.live->>'round_number')::int, (c.live->>'score')::double precision,
		                     (c.live->>'exclude')::uuid)))::text, 'null') || c.tail)::json;
END;
$$;
GRANT EXECUTE ON FUNCTION app.round_report(uuid, int) TO preptalk_app;

DROP FUNCTION app.session_report(uuid);
CREATE FUNCTION app.session_report(p_session_id uuid) RETURNS json
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
	c record;
BEGIN
	PERFORM 1 FROM interview_sessions WHERE id = p_session_id;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	SELECT * INTO c FROM app.report_cache_get('session', p_session_id, NULL);
	IF c.head IS NULL THEN
		RETURN NULL;
	END IF;
	RETURN (c.head || ', "percentile" : ' || coalesce(to_json(coalesce((c.live->>'rank')::double precision,
		app.job_percentile((c.live->>'job_id')::uuid, (c.live->>'score')::double precision, (c.live->>'exclude')::uuid)))::text,
		'null') || c.tail)::json;
END;
$$;
GRANT EXECUTE ON FUNCTION app.session_report(uuid) TO preptalk_app;

DROP FUNCTION app.dashboard_page();
CREATE FUNCTION app.dashboard_page() RETURNS json
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
	me uuid := auth.uid();
	c record;
BEGIN
	SELECT * INTO c FROM app.report_cache_get('dashboard', me, NULL);
	RETURN (c.head || ', "in_progress" : ' || (
		SELECT coalesce(json_agg(json_build_object(
				'id', s.id, 'url', '/sessions/' || s.id, 'job_title', j.title, 'company', co.name,
				'current_round', least(s.current_round, s.total_rounds), 'total_rounds', s.total_rounds,
				'progress_done', s.rounds_completed + s.rounds_skipped,
				'started_on', to_char(coalesce(s.started_at, s.created_at), 'DD Mon YYYY'),
				'expires_on', to_char(s.expires_at, 'DD Mon YYYY')) ORDER BY s.last_activity_at DESC NULLS LAST), '[]')
		FROM interview_sessions s JOIN jobs j ON j.id = s.job_id JOIN companies co ON co.id = j.company_id
		WHERE s.user_id = me AND s.status IN ('not_started', 'in_progress') AND s.expires_at > now())::text
		|| c.tail)::json;
END;
$$;
GRANT EXECUTE ON FUNCTION app.dashboard_page() TO preptalk_app;
