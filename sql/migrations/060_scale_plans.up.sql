-- 060_scale_plans: page queries and jobs that were slow or scanned big tables at the document's
-- scale (issue 9, `make scale-data` + `make explain`; findings in docs/scale.md): no JIT for the
-- workers' role, the monthly credit reset set-based, and indexes and rewrites for the admin
-- overview, audit log, moderation queue and user list.

-- JIT compiled every page query whose estimated cost passed jit_above_cost (100,000): at this
-- scale that is any plan with a branch over a big table, even one that never runs (the credits
-- page's cursor lookup), and cost 40-200 ms a call. Page queries are short: no JIT for the
-- workers' role in this database.
DO $$
BEGIN
	EXECUTE format('ALTER ROLE preptalk_app IN DATABASE %I SET jit = off', current_database());
END;
$$;

-- Set-based (three statements for every due user instead of three per user, so the report cache's
-- statement triggers run three times, not 300,000): 29 s for 100,000 due users before.
-- At the end of a period unused monthly credits expire (they do not roll over) and the plan's
-- monthly credits are granted for the new period; bonus credits are untouched. Each change is a
-- ledger row, so the ledger keeps summing to the balance. Same rules as 010's loop: users locked
-- by a concurrent transaction are skipped (the next run takes them).
CREATE OR REPLACE FUNCTION app.job_monthly_credit_reset() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	n integer;
BEGIN
	-- One statement: the due users are locked and read once (a CTE read by several parts is
	-- materialized); every part sees the balances as they were before the reset.
	WITH due AS MATERIALIZED (
		SELECT uc.id, uc.user_id, uc.monthly_credits,
		       CASE WHEN coalesce(s.status, 'active') IN ('active', 'trialing') THEN coalesce(s.monthly_credits, 1) ELSE 0 END AS grant_n
		FROM user_credits uc LEFT JOIN subscriptions s ON s.user_id = uc.user_id
		WHERE uc.current_period_end <= CURRENT_DATE
		ORDER BY uc.id
		FOR UPDATE OF uc SKIP LOCKED
	), expired AS (
		INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description)
		SELECT d.user_id, 'expired', 'monthly', -d.monthly_credits, 'Unused monthly credits expired'
		FROM due d WHERE d.monthly_credits > 0
	), granted AS (
		INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description, related_entity_type)
		SELECT d.user_id, 'reset', 'monthly', d.grant_n, 'Monthly credits for the new period', 'subscription'
		FROM due d WHERE d.grant_n > 0
	), reset AS (
		UPDATE user_credits uc SET monthly_credits = d.grant_n, credits_used_this_month = 0,
			current_period_start = CURRENT_DATE,
			current_period_end = (CURRENT_DATE + interval '1 month')::date
		FROM due d WHERE uc.id = d.id
		RETURNING 1
	)
	SELECT count(*) INTO n FROM reset;
	RETURN format('reset monthly credits for %s users', n);
END;
$$;

-- The overview's counts: sessions started or completed this week, credits spent in the last 30 days.
CREATE INDEX idx_sessions_started ON interview_sessions (started_at);
CREATE INDEX idx_sessions_completed ON interview_sessions (completed_at);
CREATE INDEX idx_credit_transactions_type_time ON credit_transactions (transaction_type, created_at);
-- The overview's user counts read from an index (index-only) rather than from the table.
CREATE INDEX idx_users_created ON auth.users (created_at) INCLUDE (is_active, role);
-- The admin user list in email order, and its search by part of an email or a name.
CREATE INDEX idx_users_email_text ON auth.users ((email::text));
CREATE INDEX idx_users_email_trgm ON auth.users USING gin ((email::text) gin_trgm_ops);
CREATE INDEX idx_user_profiles_name_trgm ON user_profiles USING gin (full_name gin_trgm_ops);
-- The audit log filtered by entity type, newest first (idx_audit_entity has no time order).
CREATE INDEX idx_audit_entity_time ON audit_logs (entity_type, created_at DESC);

-- The overview's user, session and credit counts read 100,000 users, the week's sessions (tens of
-- thousands at the document's scale) and a month of spending: built at most every 30 seconds (and
-- again after midnight) into app.admin_overview_counts, the 'counts_at' key says when. One admin
-- rebuilds at a time; the others meanwhile get the previous counts. Moderation, health and the
-- scheduler stay live.
CREATE TABLE app.admin_overview_counts (
	one      boolean PRIMARY KEY DEFAULT true CHECK (one),
	built_at timestamptz NOT NULL,
	counts   json NOT NULL
);
-- Read and written only by app.admin_overview_build (the owner); no policy, no grant.
ALTER TABLE app.admin_overview_counts ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON app.admin_overview_counts FROM PUBLIC;

CREATE FUNCTION app.admin_overview_build() RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	today timestamptz := date_trunc('day', now());
	week timestamptz := date_trunc('week', now());
	c json;
	at timestamptz;
BEGIN
	PERFORM app.admin_assert();
	SELECT o.counts, o.built_at INTO c, at FROM app.admin_overview_counts o;
	IF c IS NOT NULL AND at >= today AND (at > now() - interval '30 seconds'
	                                      OR NOT pg_try_advisory_xact_lock(hashtext('app.admin_overview_build'))) THEN
		RETURN c;
	END IF;
	c := json_build_object(
		'users', (SELECT json_build_object('total', count(*), 'active', count(*) FILTER (WHERE is_active),
		                                   'admins', count(*) FILTER (WHERE role = 'admin'),
		                                   'new_this_week', count(*) FILTER (WHERE created_at >= week))
		          FROM auth.users),
		'sessions', (SELECT json_build_object(
		                 'started_today', count(*) FILTER (WHERE started_at >= today),
		                 'completed_today', count(*) FILTER (WHERE completed_at >= today AND status = 'completed'),
		                 'started_week', count(*) FILTER (WHERE started_at >= week),
		                 'completed_week', count(*) FILTER (WHERE completed_at >= week AND status = 'completed'),
		                 'in_progress', count(*) FILTER (WHERE status = 'in_progress'))
		             FROM interview_sessions WHERE started_at >= week OR completed_at >= week OR status = 'in_progress'),
		'credits', (SELECT json_build_object(
		                'spent_today', coalesce(-sum(amount) FILTER (WHERE created_at >= today), 0),
		                'spent_week', coalesce(-sum(amount) FILTER (WHERE created_at >= week), 0),
		                'spent_30_days', coalesce(-sum(amount), 0))
		            FROM credit_transactions WHERE transaction_type = 'used' AND created_at >= least(week, now() - interval '30 days')),
		'counts_at', now());
	INSERT INTO app.admin_overview_counts AS o (one, built_at, counts) VALUES (true, now(), c)
	ON CONFLICT (one) DO UPDATE SET built_at = excluded.built_at, counts = excluded.counts;
	RETURN c;
END;
$$;
REVOKE EXECUTE ON FUNCTION app.admin_overview_build() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.admin_overview_build() TO preptalk_app;

-- The moderation counts, live. Under row-level security the count of pending posts read every one
-- of them from the table (the policy looks at columns the index lacks): 14,000 rows, 20-60 ms.
-- As the owner it is an index-only count, after the admin check.
CREATE FUNCTION app.admin_moderation_counts() RETURNS json
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	PERFORM app.admin_assert();
	RETURN json_build_object(
		'pending', (SELECT count(*) FROM user_feedback WHERE moderation_status = 'pending'),
		'open_reports', (SELECT count(*) FROM user_feedback_reports WHERE status = 'open'));
END;
$$;
REVOKE EXECUTE ON FUNCTION app.admin_moderation_counts() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.admin_moderation_counts() TO preptalk_app;

-- VOLATILE now: it may rebuild the counts.
CREATE OR REPLACE FUNCTION app.admin_overview(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
	c json;
BEGIN
	PERFORM app.admin_assert();
	c := app.admin_overview_build();
	RETURN json_build_object(
		'users', c->'users',
		'sessions', c->'sessions',
		'credits', c->'credits',
		'counts_at', c->'counts_at',
		'moderation', app.admin_moderation_counts(),
		'stats_refresh', (SELECT json_build_object('at', r.finished_at, 'ok', r.ok, 'message', r.message)
		                  FROM app.scheduler_runs r WHERE r.job = 'refresh_company_stats'
		                  ORDER BY r.started_at DESC LIMIT 1),
		'stats_refreshed_at', (SELECT max(r.finished_at) FROM app.scheduler_runs r
		                       WHERE r.job = 'refresh_company_stats' AND r.ok),
		'health', (SELECT coalesce(json_agg(h ORDER BY h.service_name), '[]')
		           FROM (SELECT DISTINCT ON (service_name) service_name, endpoint, response_time_ms, status_code,
		                        success, error_message, checked_at
		                 FROM system_health ORDER BY service_name, checked_at DESC) h),
		'scheduler', (SELECT coalesce(json_agg(j ORDER BY j.job), '[]')
		              FROM (SELECT DISTINCT ON (job) job, started_at, finished_at, ok, message
		                    FROM app.scheduler_runs ORDER BY job, started_at DESC) j));
END;
$$;

-- The audit log: its list of entity types read every row (2.2 million) on every call.
CREATE OR REPLACE FUNCTION app.admin_audit_log(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
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
	b_at timestamptz;
	b_id uuid;
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
	IF f_before ~ ('^[0-9]{10,20}_' || substr(uuid_re, 2)) THEN
		b_at := to_timestamp(split_part(f_before, '_', 1)::bigint / 1e6);
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
	WITH hits AS (
		SELECT a.id, a.created_at, a.action, a.entity_type, a.entity_id, a.ip_address::text AS ip,
		       a.user_agent, a.request_id, a.success, a.old_values, a.new_values,
		       coalesce(ad.email, us.email)::text AS actor_email, coalesce(a.admin_id, a.user_id) AS actor_id,
		       us.email::text AS user_email
		FROM audit_logs a
		LEFT JOIN auth.users ad ON ad.id = a.admin_id
		LEFT JOIN auth.users us ON us.id = a.user_id
		WHERE (v_actor IS NULL OR a.admin_id = v_actor OR (a.admin_id IS NULL AND a.user_id = v_actor))
		  AND (f_type = '' OR a.entity_type = f_type)
		  AND (f_id = '' OR a.entity_id = f_id::uuid)
		  AND (f_action = '' OR a.action = f_action)
		  AND (t_from IS NULL OR a.created_at >= t_from)
		  AND (t_to IS NULL OR a.created_at < t_to)
		  AND (b_at IS NULL OR (a.created_at, a.id) < (b_at, b_id))
		ORDER BY a.created_at DESC, a.id DESC
		LIMIT 51
	), numbered AS (
		SELECT h.*, row_number() OVER (ORDER BY created_at DESC, id DESC) AS rn FROM hits h
	)
	SELECT json_agg(json_build_object(
		'id', id, 'created_at', created_at, 'action', action, 'entity_type', entity_type, 'entity_id', entity_id,
		'ip', ip, 'user_agent', user_agent, 'request_id', request_id, 'success', success,
		'actor_email', actor_email, 'actor_id', actor_id, 'user_email', user_email,
		'old_values', old_values, 'new_values', new_values,
		'changes', (SELECT coalesce(json_agg(json_build_object('field', k,
		                'old', CASE WHEN jsonb_typeof(old_values->k) = 'string' THEN old_values->>k ELSE (old_values->k)::text END,
		                'new', CASE WHEN jsonb_typeof(new_values->k) = 'string' THEN new_values->>k ELSE (new_values->k)::text END,
		                'changed', (old_values->k) IS DISTINCT FROM (new_values->k)) ORDER BY k), '[]')
		            FROM (SELECT jsonb_object_keys(coalesce(CASE WHEN jsonb_typeof(old_values) = 'object' THEN old_values END, '{}'))
		                  UNION
		                  SELECT jsonb_object_keys(coalesce(CASE WHEN jsonb_typeof(new_values) = 'object' THEN new_values END, '{}'))) ks(k)))
		ORDER BY created_at DESC, id DESC) FILTER (WHERE rn <= 50),
	       count(*)
	INTO v_rows, n
	FROM numbered;
	IF n > 50 THEN
		SELECT x.created_at, x.id INTO v_last_at, v_last_id FROM (
			SELECT a.created_at, a.id FROM audit_logs a
			WHERE (v_actor IS NULL OR a.admin_id = v_actor OR (a.admin_id IS NULL AND a.user_id = v_actor))
			  AND (f_type = '' OR a.entity_type = f_type) AND (f_id = '' OR a.entity_id = f_id::uuid)
			  AND (f_action = '' OR a.action = f_action)
			  AND (t_from IS NULL OR a.created_at >= t_from) AND (t_to IS NULL OR a.created_at < t_to)
			  AND (b_at IS NULL OR (a.created_at, a.id) < (b_at, b_id))
			ORDER BY a.created_at DESC, a.id DESC OFFSET 49 LIMIT 1) x;
	END IF;
	RETURN json_build_object('filters', json_build_object('actor', f_actor, 'entity_type', f_type, 'entity_id', f_id,
	                                                      'action', f_action, 'from', f_from, 'to', f_to),
		'entries', coalesce(v_rows, '[]'),
		-- the distinct entity types by skipping through idx_audit_entity (one probe per type and
		-- partition) instead of reading every row
		'entity_types', (WITH RECURSIVE t AS (
		                     (SELECT a.entity_type FROM audit_logs a ORDER BY a.entity_type LIMIT 1)
		                     UNION ALL
		                     SELECT (SELECT a.entity_type FROM audit_logs a WHERE a.entity_type > t.entity_type
		                             ORDER BY a.entity_type LIMIT 1)
		                     FROM t WHERE t.entity_type IS NOT NULL)
		                 SELECT json_agg(entity_type ORDER BY entity_type) FROM t WHERE entity_type IS NOT NULL),
		'next', CASE WHEN n > 50 THEN
			'?actor=' || app.admin_urlenc(f_actor) || '&entity_type=' || app.admin_urlenc(f_type) || '&entity_id=' || app.admin_urlenc(f_id) ||
			'&action=' || app.admin_urlenc(f_action) || '&from=' || app.admin_urlenc(f_from) || '&to=' || app.admin_urlenc(f_to) || '&before=' ||
			(extract(epoch FROM v_last_at) * 1e6)::bigint || '_' || v_last_id END);
END;
$$;

-- The moderation queue's oldest p_limit posts (pending, or with an open report): each half read in
-- order and cut at p_limit, as the owner (under row-level security every candidate post would be
-- read from the table, for the policy's columns; here the ids and dates come from the indexes),
-- after the admin check.
CREATE INDEX idx_user_feedback_id_created ON user_feedback (id) INCLUDE (created_at);
CREATE FUNCTION app.admin_moderation_queue(p_limit integer) RETURNS TABLE (id uuid, created_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth ROWS 51
AS $$
BEGIN
	PERFORM app.admin_assert();
	RETURN QUERY
	SELECT x.id, x.created_at FROM (
		(SELECT f.id, f.created_at FROM user_feedback f WHERE f.moderation_status = 'pending'
		 ORDER BY f.created_at, f.id LIMIT p_limit)
		UNION
		(SELECT f.id, f.created_at FROM user_feedback f
		 WHERE f.id IN (SELECT r.feedback_id FROM user_feedback_reports r WHERE r.status = 'open')
		 ORDER BY f.created_at, f.id LIMIT p_limit)) x
	ORDER BY x.created_at, x.id LIMIT p_limit;
END;
$$;
REVOKE EXECUTE ON FUNCTION app.admin_moderation_queue(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.admin_moderation_queue(integer) TO preptalk_app;

-- The queue page shows its oldest 50 posts ('more' says whether others wait) instead of every one
-- (14,000 at the document's scale).
CREATE OR REPLACE FUNCTION app.admin_moderation(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	v_posts json;
	n integer;
BEGIN
	PERFORM app.admin_assert();
	WITH queue AS MATERIALIZED (
		SELECT q.id, q.created_at FROM app.admin_moderation_queue(51) q
	), numbered AS (
		SELECT queue.id, row_number() OVER (ORDER BY queue.created_at, queue.id) AS rn FROM queue
	)
	SELECT coalesce(json_agg(json_build_object(
			'id', f.id, 'title', f.title, 'content', left(f.content, 2000), 'created_at', f.created_at,
			'status', f.moderation_status, 'hidden_reason', f.hidden_reason,
			'is_pending', f.moderation_status = 'pending', 'is_hidden', f.moderation_status = 'hidden',
			'is_published', f.moderation_status = 'published',
			'company', c.name, 'company_id', c.id, 'author_email', u.email, 'author_id', f.user_id,
			'report_count', f.report_count,
			'reports', (SELECT coalesce(json_agg(json_build_object('reason', replace(r.reason, '_', ' '),
			                                                        'details', r.details, 'at', r.created_at)
			                                      ORDER BY r.created_at), '[]')
			            FROM user_feedback_reports r WHERE r.feedback_id = f.id AND r.status = 'open'))
			ORDER BY f.created_at, f.id) FILTER (WHERE nb.rn <= 50), '[]'),
	       count(*)
	INTO v_posts, n
	FROM numbered nb
	JOIN user_feedback f ON f.id = nb.id
	JOIN companies c ON c.id = f.company_id
	LEFT JOIN auth.users u ON u.id = f.user_id;
	RETURN json_build_object('posts', v_posts, 'more', n > 50);
END;
$$;

-- The users whose email or name contains p_term (any case). ILIKE is not leakproof, so under
-- row-level security PostgreSQL may not use it as an index condition and reads every user: the
-- match runs as the owner (admins see every user anyway), after the admin check.
CREATE FUNCTION app.admin_user_matches(p_term text) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth ROWS 50
AS $$
DECLARE
	pat text := '%' || replace(replace(p_term, '%', '\%'), '_', '\_') || '%';
BEGIN
	PERFORM app.admin_assert();
	RETURN QUERY
	SELECT u.id FROM auth.users u WHERE u.email::text ILIKE pat
	UNION
	SELECT p.user_id FROM user_profiles p WHERE p.full_name ILIKE pat;
END;
$$;
REVOKE EXECUTE ON FUNCTION app.admin_user_matches(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.admin_user_matches(text) TO preptalk_app;

-- The user list: email order from an index instead of sorting 100,000 users.
CREATE OR REPLACE FUNCTION app.admin_users(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	term text := left(btrim(coalesce(q->>'q', '')), 200);
	v_after text := coalesce(q->>'after', '');
	v_rows json;
	next_email text;
BEGIN
	PERFORM app.admin_assert();
	-- Two statements rather than one with OR-ed filters, each with its own index: the list walks
	-- idx_users_email_text from the cursor; a search takes the users whose email or name matches
	-- (the trigram indexes of 060), then orders those. '' sorts before every email.
	IF term = '' THEN
		WITH hits AS (
			SELECT u.id, u.email::text AS email, u.role, u.is_active, u.created_at, u.last_login_at, p.full_name
			FROM auth.users u LEFT JOIN user_profiles p ON p.user_id = u.id
			WHERE u.email::text > v_after
			ORDER BY u.email::text LIMIT 51
		)
		SELECT json_agg(json_build_object('id', h.id, 'email', h.email, 'role', h.role, 'is_active', h.is_active,
		                                  'created_at', h.created_at, 'last_login_at', h.last_login_at,
		                                  'full_name', h.full_name) ORDER BY h.email) FILTER (WHERE rn <= 50),
		       max(h.email) FILTER (WHERE rn = 50 AND total > 50)
		INTO v_rows, next_email
		FROM (SELECT hits.*, row_number() OVER (ORDER BY email) AS rn, count(*) OVER () AS total FROM hits) h;
	ELSE
		WITH ids AS MATERIALIZED (
			SELECT m.id FROM app.admin_user_matches(term) AS m(id)
		), hits AS (
			SELECT u.id, u.email::text AS email, u.role, u.is_active, u.created_at, u.last_login_at, p.full_name
			FROM ids JOIN auth.users u ON u.id = ids.id LEFT JOIN user_profiles p ON p.user_id = u.id
			WHERE u.email::text > v_after
			ORDER BY u.email::text LIMIT 51
		)
		SELECT json_agg(json_build_object('id', h.id, 'email', h.email, 'role', h.role, 'is_active', h.is_active,
		                                  'created_at', h.created_at, 'last_login_at', h.last_login_at,
		                                  'full_name', h.full_name) ORDER BY h.email) FILTER (WHERE rn <= 50),
		       max(h.email) FILTER (WHERE rn = 50 AND total > 50)
		INTO v_rows, next_email
		FROM (SELECT hits.*, row_number() OVER (ORDER BY email) AS rn, count(*) OVER () AS total FROM hits) h;
	END IF;
	RETURN json_build_object('q', term, 'users', coalesce(v_rows, '[]'),
		'next', CASE WHEN next_email IS NOT NULL THEN
			'?q=' || app.admin_urlenc(term) || '&after=' || app.admin_urlenc(next_email) END);
END;
$$;
