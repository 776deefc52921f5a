-- 071_admin_lists_scale (down): the definitions of 050 and 060 back, 071's indexes, table and
-- functions dropped, 009's and 060's audit indexes rebuilt.

ALTER FUNCTION app.admin_users(text, jsonb) RESET plan_cache_mode;

CREATE OR REPLACE FUNCTION app.admin_user(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
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
		            FROM user_credits c WHERE c.user_id = u.id),
		'transactions', (SELECT coalesce(json_agg(t ORDER BY t.created_at DESC), '[]') FROM (
			SELECT created_at, transaction_type, credit_type, amount, description FROM credit_transactions
			WHERE user_id = u.id ORDER BY created_at DESC, id DESC LIMIT 20) t),
		'sessions', (SELECT coalesce(json_agg(s ORDER BY s.created_at DESC), '[]') FROM (
			SELECT s.id, s.status, s.created_at, s.completed_at, s.overall_score, j.title AS job_title, c.name AS company
			FROM interview_sessions s JOIN jobs j ON j.id = s.job_id JOIN companies c ON c.id = j.company_id
			WHERE s.user_id = u.id ORDER BY s.created_at DESC LIMIT 20) s),
		'posts', (SELECT coalesce(json_agg(f ORDER BY f.created_at DESC), '[]') FROM (
			SELECT f.id, f.title, f.moderation_status, f.hidden_reason, f.created_at, c.name AS company
			FROM user_feedback f JOIN companies c ON c.id = f.company_id
			WHERE f.user_id = u.id ORDER BY f.created_at DESC LIMIT 20) f),
		'form', json_build_object('amount', '', 'reason', ''))
	INTO m
	FROM auth.users u LEFT JOIN user_profiles p ON p.user_id = u.id
	WHERE u.id = uid;
	RETURN m;
END;
$$;

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

DROP FUNCTION app.admin_excerpt(text, integer);
DROP FUNCTION app.admin_moderation_queue(timestamptz, uuid, integer);
-- The moderation queue's oldest p_limit posts (pending, or with an open report): each half read in
-- order and cut at p_limit, as the owner (under row-level security every candidate post would be
-- read from the table, for the policy's columns; here the ids and dates come from the indexes),
-- after the admin check.
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
DROP INDEX idx_user_feedback_reported;

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

DROP FUNCTION app.admin_audit_rows(uuid, text, text, text, timestamptz, timestamptz, timestamptz, uuid);
DROP FUNCTION app.admin_audit_entity_types();
DROP TABLE app.audit_entity_types;
DROP INDEX idx_audit_entity_time_id;
CREATE INDEX idx_audit_entity_time ON audit_logs (entity_type, created_at DESC);
DROP INDEX idx_audit_time_id;
CREATE INDEX idx_audit_created ON audit_logs (created_at DESC);
