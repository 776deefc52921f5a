-- 071_admin_lists_scale: the admin audit log, moderation queue, user list and user page at the
-- document's scale (issue 9: 2.2M audit rows in monthly partitions, 200k posts of which 14,000
-- pending, 100k users). The audit log pages from (time, id) indexes with plans made once per
-- connection and reads its entity types from a cached list; the moderation queue shows 25 posts
-- a page, each an excerpt, with paging; the user page reads its ledger newest first from its index.

-- ---------------------------------------------------------------------------------------------
-- Audit log

-- Newest first in (created_at, id) order straight from an index: the rows sharing a time (a bulk
-- write shares one) are not sorted again, and the page cursor is an index condition.
DROP INDEX idx_audit_created;
CREATE INDEX idx_audit_time_id ON audit_logs (created_at DESC, id DESC);
DROP INDEX idx_audit_entity_time;
CREATE INDEX idx_audit_entity_time_id ON audit_logs (entity_type, created_at DESC, id DESC);

-- The distinct entity types (the filter's suggestions), built at most every 5 minutes by skipping
-- through idx_audit_entity (one probe per type and partition, 0.3 ms at scale and growing with
-- both); one admin rebuilds at a time, the others meanwhile get the previous list. A type first
-- written since then can still be typed in the filter.
CREATE TABLE app.audit_entity_types (
	one      boolean PRIMARY KEY DEFAULT true CHECK (one),
	built_at timestamptz NOT NULL,
	types    json NOT NULL
);
-- Read and written only by app.admin_audit_entity_types (the owner); no policy, no grant.
ALTER TABLE app.audit_entity_types ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON app.audit_entity_types FROM PUBLIC;

CREATE FUNCTION app.admin_audit_entity_types() RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	t json;
	at timestamptz;
BEGIN
	PERFORM app.admin_assert();
	SELECT c.types, c.built_at INTO t, at FROM app.audit_entity_types c;
	IF t IS NOT NULL AND (at > now() - interval '5 minutes'
	                      OR NOT pg_try_advisory_xact_lock(hashtext('app.admin_audit_entity_types'))) THEN
		RETURN t;
	END IF;
	WITH RECURSIVE s AS (
		(SELECT a.entity_type FROM audit_logs a ORDER BY a.entity_type LIMIT 1)
		UNION ALL
		SELECT (SELECT a.entity_type FROM audit_logs a WHERE a.entity_type > s.entity_type
		        ORDER BY a.entity_type LIMIT 1)
		FROM s WHERE s.entity_type IS NOT NULL)
	SELECT coalesce(json_agg(s.entity_type ORDER BY s.entity_type), '[]') INTO t FROM s WHERE s.entity_type IS NOT NULL;
	INSERT INTO app.audit_entity_types AS c (one, built_at, types) VALUES (true, now(), t)
	ON CONFLICT (one) DO UPDATE SET built_at = excluded.built_at, types = excluded.types;
	RETURN t;
END;
$$;
REVOKE EXECUTE ON FUNCTION app.admin_audit_entity_types() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.admin_audit_entity_types() TO preptalk_app;

-- The page's rows: the newest 26 before the cursor (b_at, b_id) that pass the filters. With no
-- filter, or the entity type alone (the common cases), a static statement walks idx_audit_time_id
-- or idx_audit_entity_time_id: its generic plan is made once per connection (planning these
-- statements over the monthly partitions took longer than running them) and prunes the
-- partitions after the cursor when it starts. Any other filter is planned for its values, each time.
CREATE FUNCTION app.admin_audit_rows(v_actor uuid, f_type text, f_id text, f_action text, t_from timestamptz,
                                     t_to timestamptz, b_at timestamptz, b_id uuid) RETURNS SETOF audit_logs
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan ROWS 26
AS $$
BEGIN
	IF v_actor IS NULL AND f_id = '' AND f_action = '' AND t_from IS NULL AND t_to IS NULL THEN
		IF f_type = '' THEN
			RETURN QUERY
			SELECT a.* FROM audit_logs a
			WHERE a.created_at <= b_at AND (a.created_at, a.id) < (b_at, b_id)
			ORDER BY a.created_at DESC, a.id DESC LIMIT 26;
		ELSE
			-- The type as a range of one value, and first in the order: only the type's index gives
			-- that order, so no partition walks the time index past other types (the plan cannot
			-- know that a month's rows of one type are all at its start, say).
			RETURN QUERY
			SELECT a.* FROM audit_logs a
			WHERE a.entity_type >= f_type AND a.entity_type <= f_type
			  AND a.created_at <= b_at AND (a.created_at, a.id) < (b_at, b_id)
			ORDER BY a.entity_type, a.created_at DESC, a.id DESC LIMIT 26;
		END IF;
		RETURN;
	END IF;
	RETURN QUERY EXECUTE
		'SELECT a.* FROM audit_logs a
		 WHERE ($1 IS NULL OR a.admin_id = $1 OR (a.admin_id IS NULL AND a.user_id = $1))
		   AND ($2 = '''' OR a.entity_type = $2)
		   AND ($3 = '''' OR a.entity_id = $3::uuid)
		   AND ($4 = '''' OR a.action = $4)
		   AND ($5 IS NULL OR a.created_at >= $5)
		   AND ($6 IS NULL OR a.created_at < $6)
		   AND a.created_at <= $7 AND (a.created_at, a.id) < ($7, $8)
		 ORDER BY a.created_at DESC, a.id DESC LIMIT 26'
		USING v_actor, f_type, f_id, f_action, t_from, t_to, b_at, b_id;
END;
$$;
REVOKE EXECUTE ON FUNCTION app.admin_audit_rows(uuid, text, text, text, timestamptz, timestamptz, timestamptz, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.admin_audit_rows(uuid, text, text, text, timestamptz, timestamptz, timestamptz, uuid) TO preptalk_app;

-- 25 entries a page (was 50: the page's HTML was 41 kB at scale), in one statement (the cursor
-- of the next page is the 25th row's, not a query of its own); actors by primary key for the 26
-- rows only; 'has_changes' says whether an entry has old or new values to show; the entity types
-- from the cached list. VOLATILE: it may rebuild that list. The cursor is decoded exactly (whole
-- microseconds: to_timestamp went through a double).
CREATE OR REPLACE FUNCTION app.admin_audit_log(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql VOLATILE SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
	f_actor text := left(btrim(coalesce(q->>'actor', '')), 254);
	f_type text := left(btrim(coalesce(q->>'entity_type', '')), 100);
	f_id text := btrim(coalesce(q->>'entity_id', ''));
	f_action text := left(btrim(coalesce(q->>'action', '')), 100);
	f_from text := btrim(coalesce(q->>'from', ''));
	f_to text := btrim(coalesce(q->>'to', ''));
	f_before text := btrim(coalesce(q->>'before', ''));
	v_actor uuid;
	t_from timestamptz;
	t_to timestamptz;
	b_at timestamptz := 'infinity';
	b_id uuid := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
	errs jsonb := '{}';
	v_rows json;
	v_last_at timestamptz;
	v_last_id uuid;
	n integer;
	uuid_re text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
BEGIN
	PERFORM app.admin_assert();
	IF f_id <> '' AND f_id !~ uuid_re THEN
		errs := errs || '{"entity_id": "Enter an id such as 3f2a…, 36 characters."}';
	END IF;
	IF f_from <> '' AND f_from !~ '^\d{4}-\d{2}-\d{2}$' THEN
		errs := errs || '{"from": "Enter a date as YYYY-MM-DD."}';
	END IF;
	IF f_to <> '' AND f_to !~ '^\d{4}-\d{2}-\d{2}$' THEN
		errs := errs || '{"to": "Enter a date as YYYY-MM-DD."}';
	END IF;
	IF NOT errs ? 'from' THEN
		BEGIN
			t_from := nullif(f_from, '')::date;
		EXCEPTION WHEN others THEN
			errs := errs || '{"from": "Enter a date that exists, as YYYY-MM-DD."}';
		END;
	END IF;
	IF NOT errs ? 'to' THEN
		BEGIN
			t_to := (nullif(f_to, '')::date + 1);
		EXCEPTION WHEN others THEN
			errs := errs || '{"to": "Enter a date that exists, as YYYY-MM-DD."}';
		END;
	END IF;
	IF f_before ~ ('^[0-9]{10,17}_' || substr(uuid_re, 2)) THEN
		b_at := timestamptz 'epoch' + split_part(f_before, '_', 1)::bigint * interval '1 microsecond';
		b_id := split_part(f_before, '_', 2)::uuid;
	END IF;
	IF f_actor <> '' THEN
		IF f_actor ~ uuid_re THEN
			v_actor := f_actor::uuid;
		ELSE
			SELECT id INTO v_actor FROM auth.users WHERE email = f_actor::citext;
			IF v_actor IS NULL THEN
				errs := errs || '{"actor": "No user has this email."}';
			END IF;
		END IF;
	END IF;
	IF errs <> '{}' THEN
		RETURN json_build_object('filters', q, 'errors', errs, 'entries', '[]'::json);
	END IF;
	SELECT json_agg(json_build_object(
		'id', h.id, 'created_at', h.created_at, 'action', h.action, 'entity_type', h.entity_type, 'entity_id', h.entity_id,
		'ip', h.ip_address::text, 'user_agent', h.user_agent, 'request_id', h.request_id, 'success', h.success,
		'actor_email', coalesce(ad.email, us.email)::text, 'actor_id', coalesce(h.admin_id, h.user_id),
		'user_email', us.email::text,
		'old_values', h.old_values, 'new_values', h.new_values,
		'changes', coalesce(ch.list, '[]'), 'has_changes', ch.list IS NOT NULL)
		ORDER BY h.created_at DESC, h.id DESC) FILTER (WHERE h.rn <= 25),
	       count(*),
	       max(h.created_at) FILTER (WHERE h.rn = 25),
	       (array_agg(h.id) FILTER (WHERE h.rn = 25))[1]
	INTO v_rows, n, v_last_at, v_last_id
	FROM (SELECT a.*, row_number() OVER (ORDER BY a.created_at DESC, a.id DESC) AS rn
	      FROM app.admin_audit_rows(v_actor, f_type, f_id, f_action, t_from, t_to, b_at, b_id) a) h
	LEFT JOIN auth.users ad ON ad.id = h.admin_id
	LEFT JOIN auth.users us ON us.id = h.user_id
	CROSS JOIN LATERAL (
		SELECT json_agg(json_build_object('field', k,
		           'old', CASE WHEN jsonb_typeof(h.old_values->k) = 'string' THEN h.old_values->>k ELSE (h.old_values->k)::text END,
		           'new', CASE WHEN jsonb_typeof(h.new_values->k) = 'string' THEN h.new_values->>k ELSE (h.new_values->k)::text END,
		           'changed', (h.old_values->k) IS DISTINCT FROM (h.new_values->k)) ORDER BY k) AS list
		FROM (SELECT jsonb_object_keys(coalesce(CASE WHEN jsonb_typeof(h.old_values) = 'object' THEN h.old_values END, '{}'))
		      UNION
		      SELECT jsonb_object_keys(coalesce(CASE WHEN jsonb_typeof(h.new_values) = 'object' THEN h.new_values END, '{}'))) ks(k)) ch;
	RETURN json_build_object('filters', json_build_object('actor', f_actor, 'entity_type', f_type, 'entity_id', f_id,
	                                                      'action', f_action, 'from', f_from, 'to', f_to),
		'entries', coalesce(v_rows, '[]'),
		'entity_types', app.admin_audit_entity_types(),
		-- (an empty filter needs no encoding: app.admin_urlenc is a query per call; an id is hex)
		'next', CASE WHEN n > 25 THEN
			'?actor=' || CASE WHEN f_actor <> '' THEN app.admin_urlenc(f_actor) ELSE '' END ||
			'&entity_type=' || CASE WHEN f_type <> '' THEN app.admin_urlenc(f_type) ELSE '' END ||
			'&entity_id=' || f_id || '&action=' || CASE WHEN f_action <> '' THEN app.admin_urlenc(f_action) ELSE '' END ||
			'&from=' || CASE WHEN f_from <> '' THEN app.admin_urlenc(f_from) ELSE '' END ||
			'&to=' || CASE WHEN f_to <> '' THEN app.admin_urlenc(f_to) ELSE '' END || '&before=' ||
			(extract(epoch FROM v_last_at) * 1000000)::bigint || '_' || v_last_id END);
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- Moderation queue

-- The published posts with reports, oldest first (a few thousand at most): the queue read every
-- open report and looked up its post (2,000 at scale, 4.7 ms) to find the oldest 51.
CREATE INDEX idx_user_feedback_reported ON user_feedback (created_at, id)
	WHERE moderation_status = 'published' AND report_count > 0;

-- The queue's next p_limit posts after (p_after_at, p_after_id) in (created_at, id) order: the
-- pending ones, and the published ones with an open report, each half read in order from its
-- partial index and cut at p_limit (the open report is looked up for each post in that order,
-- OFFSET 0 keeps it a lookup: as a join the plan read every open report). As the owner (under row-level security every candidate post
-- would be read from the table for the policy's columns), after the admin check. A hidden post is
-- moderated already: reports can only be filed on published posts, and hiding one actions them.
DROP FUNCTION app.admin_moderation_queue(integer);
CREATE FUNCTION app.admin_moderation_queue(p_after_at timestamptz, p_after_id uuid, p_limit integer)
RETURNS TABLE (id uuid, created_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
SET plan_cache_mode = force_generic_plan ROWS 26
AS $$
BEGIN
	PERFORM app.admin_assert();
	RETURN QUERY
	SELECT x.id, x.created_at FROM (
		(SELECT f.id, f.created_at FROM user_feedback f
		 WHERE f.moderation_status = 'pending' AND f.created_at >= p_after_at
		   AND (f.created_at, f.id) > (p_after_at, p_after_id)
		 ORDER BY f.created_at, f.id LIMIT p_limit)
		UNION ALL
		(SELECT f.id, f.created_at FROM user_feedback f
		 WHERE f.moderation_status = 'published' AND f.report_count > 0 AND f.created_at >= p_after_at
		   AND (f.created_at, f.id) > (p_after_at, p_after_id)
		   AND EXISTS (SELECT 1 FROM user_feedback_reports r WHERE r.feedback_id = f.id AND r.status = 'open' OFFSET 0)
		 ORDER BY f.created_at, f.id LIMIT p_limit)) x
	ORDER BY x.created_at, x.id LIMIT p_limit;
END;
$$;
REVOKE EXECUTE ON FUNCTION app.admin_moderation_queue(timestamptz, uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.admin_moderation_queue(timestamptz, uuid, integer) TO preptalk_app;

-- The start of a text, cut at a word boundary when longer than n characters (with '…').
CREATE FUNCTION app.admin_excerpt(p text, n integer) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
	SELECT CASE WHEN length(p) <= n THEN p
	            ELSE coalesce(substring(left(p, n + 1) FROM '^(.*\S)\s'), left(p, n)) || '…' END
$$;

-- The queue shows 25 posts a page (oldest first, 'next' continues after the 25th), each with an
-- excerpt of 300 characters ('truncated' when the post is longer: the whole text is on the post's
-- page) and its oldest 3 open reports (details cut at 300; 'open_reports' counts them all,
-- 'more_reports' the others, null when none). 'after' is the cursor of this page, null on the first.
CREATE OR REPLACE FUNCTION app.admin_moderation(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
	f_after text := btrim(coalesce(q->>'after', ''));
	a_at timestamptz := '-infinity';
	a_id uuid := '00000000-0000-0000-0000-000000000000';
	v_posts json;
	n integer;
	v_last_at timestamptz;
	v_last_id uuid;
BEGIN
	PERFORM app.admin_assert();
	IF f_after ~ '^[0-9]{1,17}_[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' THEN
		a_at := timestamptz 'epoch' + split_part(f_after, '_', 1)::bigint * interval '1 microsecond';
		a_id := split_part(f_after, '_', 2)::uuid;
	ELSE
		f_after := '';
	END IF;
	WITH queue AS MATERIALIZED (
		SELECT q.id, row_number() OVER (ORDER BY q.created_at, q.id) AS rn FROM app.admin_moderation_queue(a_at, a_id, 26) q
	)
	SELECT coalesce(json_agg(json_build_object(
			'id', f.id, 'title', f.title, 'excerpt', app.admin_excerpt(f.content, 300),
			'truncated', length(f.content) > 300, 'created_at', f.created_at,
			'status', f.moderation_status, 'hidden_reason', f.hidden_reason,
			'is_pending', f.moderation_status = 'pending', 'is_hidden', f.moderation_status = 'hidden',
			'is_published', f.moderation_status = 'published',
			'company', c.name, 'company_id', c.id, 'author_email', u.email, 'author_id', f.user_id,
			'open_reports', rep.n, 'has_reports', rep.n > 0, 'more_reports', nullif(greatest(rep.n - 3, 0), 0),
			'reports', coalesce(rep.list, '[]'))
			ORDER BY f.created_at, f.id) FILTER (WHERE nb.rn <= 25), '[]'),
	       count(*),
	       max(f.created_at) FILTER (WHERE nb.rn = 25),
	       (array_agg(f.id) FILTER (WHERE nb.rn = 25))[1]
	INTO v_posts, n, v_last_at, v_last_id
	FROM queue nb
	JOIN user_feedback f ON f.id = nb.id
	JOIN companies c ON c.id = f.company_id
	LEFT JOIN auth.users u ON u.id = f.user_id
	CROSS JOIN LATERAL (
		SELECT count(*)::integer AS n,
		       json_agg(json_build_object('reason', replace(r.reason, '_', ' '), 'details', app.admin_excerpt(r.details, 300),
		                                  'at', r.created_at) ORDER BY r.created_at, r.id) FILTER (WHERE r.k <= 3) AS list
		FROM (SELECT r.*, row_number() OVER (ORDER BY r.created_at, r.id) AS k
		      FROM user_feedback_reports r WHERE r.feedback_id = f.id AND r.status = 'open') r) rep;
	RETURN json_build_object('posts', v_posts, 'more', n > 25, 'page_size', 25, 'after', nullif(f_after, ''),
		'next', CASE WHEN n > 25 THEN '?after=' || (extract(epoch FROM v_last_at) * 1000000)::bigint || '_' || v_last_id END);
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- One user

-- The ledger's 20 newest rows: their ids from idx_credit_transactions_user (user_id, created_at
-- DESC, id DESC) alone, then those 20 rows. The planner expects ~40 rows a user and read every
-- row of the user to sort them (a bitmap scan): 484 rows for the demo user. The statements filter
-- on the variable uid (not the joined row's id), so a plan made once fits every user.
CREATE OR REPLACE FUNCTION app.admin_user(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
	uid uuid := p_key::uuid;
	m json;
BEGIN
	PERFORM app.admin_assert();
	SELECT json_build_object(
		'user', json_build_object('id', u.id, 'email', u.email, 'role', u.role, 'is_active', u.is_active,
		                          'is_self', u.id = auth.uid(), 'created_at', u.created_at,
		                          'last_login_at', u.last_login_at, 'full_name', p.full_name),
		'credits', (SELECT json_build_object('monthly', c.monthly_credits, 'bonus', c.bonus_credits,
		                                     'used_this_month', c.credits_used_this_month,
		                                     'period_end', c.current_period_end)
		            FROM user_credits c WHERE c.user_id = uid),
		'transactions', (SELECT coalesce(json_agg(json_build_object('created_at', t.created_at,
		                     'transaction_type', t.transaction_type, 'credit_type', t.credit_type, 'amount', t.amount,
		                     'description', t.description) ORDER BY k.created_at DESC, k.id DESC), '[]')
			FROM (SELECT x.id, x.created_at FROM credit_transactions x
			      WHERE x.user_id = uid ORDER BY x.created_at DESC, x.id DESC LIMIT 20) k
			JOIN credit_transactions t ON t.id = k.id),
		'sessions', (SELECT coalesce(json_agg(s ORDER BY s.created_at DESC), '[]') FROM (
			SELECT s.id, s.status, s.created_at, s.completed_at, s.overall_score, j.title AS job_title, c.name AS company
			FROM interview_sessions s JOIN jobs j ON j.id = s.job_id JOIN companies c ON c.id = j.company_id
			WHERE s.user_id = uid ORDER BY s.created_at DESC LIMIT 20) s),
		'posts', (SELECT coalesce(json_agg(f ORDER BY f.created_at DESC), '[]') FROM (
			SELECT f.id, f.title, f.moderation_status, f.hidden_reason, f.created_at, c.name AS company
			FROM user_feedback f JOIN companies c ON c.id = f.company_id
			WHERE f.user_id = uid ORDER BY f.created_at DESC LIMIT 20) f),
		'form', json_build_object('amount', '', 'reason', ''))
	INTO m
	FROM auth.users u LEFT JOIN user_profiles p ON p.user_id = u.id
	WHERE u.id = uid;
	RETURN m;
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- Plans made once per connection

-- These pages' statements take their filters as PL/pgSQL variables: PostgreSQL planned each again
-- for its values on every call until it had seen five, and the page's planning took longer than
-- its run (the user page: 1.5 of its 1.9 ms at scale). Their plans do not depend on the values.
ALTER FUNCTION app.admin_users(text, jsonb) SET plan_cache_mode = force_generic_plan;
