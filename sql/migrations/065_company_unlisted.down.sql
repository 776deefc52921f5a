-- 065_company_unlisted (down): app.company_page as in 062, without the cached unlisted posts.
CREATE OR REPLACE FUNCTION app.company_page(p_id uuid, p_after uuid, p_base text) RETURNS text
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
		|| '}');
END;
$$;

ALTER TABLE app.page_cache DROP COLUMN unlisted;
