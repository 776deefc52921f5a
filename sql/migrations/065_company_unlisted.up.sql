-- 065_company_unlisted: the company page keeps its unlisted posts (pending and hidden, of every
-- author) in its cache row, so that a viewer's own such posts ("my posts") are picked from the
-- cache instead of being rebuilt on every request (app.experience_parts was a third of the
-- page's database time for an author). The company key is already cleared on every change of a
-- post of the company and of an author's name, which covers these rows too.
ALTER TABLE app.page_cache ADD COLUMN unlisted app.page_post[];
-- pages cached before this migration have no unlisted posts yet: built again on first request
UPDATE app.page_cache SET version = version + 1, head = NULL, posts = NULL, next_id = NULL, built_at = NULL
WHERE key LIKE 'company:%';

-- As in 062, but "my_posts" from the cached unlisted posts.
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
	mine app.page_post[];
BEGIN
	SELECT * INTO c FROM app.page_cache WHERE key = k;
	IF c.head IS NULL THEN
		SELECT * INTO b FROM app.company_page_build(p_id);
		IF b.head IS NULL THEN
			RETURN NULL;
		END IF;
		-- the company's posts that are not listed (pending or hidden), newest first: their
		-- authors see them under "my posts"
		c.unlisted := ARRAY(SELECT app.experience_parts(f) FROM user_feedback f
		                    WHERE f.company_id = p_id AND f.moderation_status <> 'published'
		                    ORDER BY f.created_at DESC, f.id);
		IF c.key IS NULL THEN
			INSERT INTO app.page_cache (key, head, posts, next_id, unlisted, built_at)
			VALUES (k, b.head, b.posts, b.next_id, c.unlisted, now())
			ON CONFLICT (key) DO NOTHING;
		ELSE
			UPDATE app.page_cache SET head = b.head, posts = b.posts, next_id = b.next_id, unlisted = c.unlisted,
				built_at = now()
			WHERE key = k AND version = c.version AND head IS NULL;
		END IF;
		c.head := b.head;
		c.posts := b.posts;
		c.next_id := b.next_id;
	END IF;
	IF me IS NOT NULL THEN
		mine := ARRAY(SELECT ROW(u.id, u.user_id, u.status, u.hidden_reason, u.head, u.mid, u.tail)::app.page_post
		              FROM unnest(c.unlisted) WITH ORDINALITY AS u(id, user_id, status, hidden_reason, head, mid, tail, n)
		              WHERE u.user_id = me ORDER BY u.n);
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
		|| ', "my_posts" : ' || CASE WHEN cardinality(mine) > 0 THEN app.company_posts_json(mine, me) ELSE '[]' END
		|| ', "logged_in" : ' || CASE WHEN me IS NULL THEN 'false' ELSE 'true' END
		|| ', "share_url" : ' || to_json('/companies/' || p_id || '/experiences/new')::text
		|| '}');
END;
$$;
