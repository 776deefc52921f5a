-- 060_scale_plans (down): the definitions of 010 and 050 back, 060's indexes and table dropped,
-- JIT as before for the workers' role.
DO $$
BEGIN
	EXECUTE format('ALTER ROLE preptalk_app IN DATABASE %I RESET jit', current_database());
END;
$$;

-- At the end of a period unused monthly credits expire (they do not roll over) and the plan's
-- monthly credits are granted for the new period; bonus credits are untouched. Each change is a
-- ledger row, so the ledger keeps summing to the balance.
CREATE OR REPLACE FUNCTION app.job_monthly_credit_reset() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	r record;
	n integer := 0;
	grant_n integer;
BEGIN
	FOR r IN SELECT uc.id, uc.user_id, uc.monthly_credits, coalesce(s.monthly_credits, 1) AS plan_credits,
	                coalesce(s.status, 'active') AS sub_status
	         FROM user_credits uc LEFT JOIN subscriptions s ON s.user_id = uc.user_id
	         WHERE uc.current_period_end <= CURRENT_DATE
	         ORDER BY uc.id
	         FOR UPDATE OF uc SKIP LOCKED
	LOOP
		IF r.monthly_credits > 0 THEN
			INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description)
			VALUES (r.user_id, 'expired', 'monthly', -r.monthly_credits, 'Unused monthly credits expired');
		END IF;
		grant_n := CASE WHEN r.sub_status IN ('active', 'trialing') THEN r.plan_credits ELSE 0 END;
		IF grant_n > 0 THEN
			INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description,
			                                 related_entity_type)
			VALUES (r.user_id, 'reset', 'monthly', grant_n, 'Monthly credits for the new period', 'subscription');
		END IF;
		UPDATE user_credits SET monthly_credits = grant_n, credits_used_this_month = 0,
			current_period_start = CURRENT_DATE,
			current_period_end = (CURRENT_DATE + interval '1 month')::date
		WHERE id = r.id;
		n := n + 1;
	END LOOP;
	RETURN format('reset monthly credits for %s users', n);
END;
$$;

CREATE OR REPLACE FUNCTION app.admin_overview(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	today timestamptz := date_trunc('day', now());
	week timestamptz := date_trunc('week', now());
BEGIN
	PERFORM app.admin_assert();
	RETURN json_build_object(
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
		'moderation', json_build_object(
			'pending', (SELECT count(*) FROM user_feedback WHERE moderation_status = 'pending'),
			'open_reports', (SELECT count(*) FROM user_feedback_reports WHERE status = 'open')),
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

CREATE OR REPLACE FUNCTION app.admin_moderation(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	PERFORM app.admin_assert();
	RETURN json_build_object('posts', (
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
			ORDER BY f.created_at, f.id), '[]')
		FROM user_feedback f
		JOIN companies c ON c.id = f.company_id
		LEFT JOIN auth.users u ON u.id = f.user_id
		WHERE f.moderation_status = 'pending'
		   OR f.id IN (SELECT feedback_id FROM user_feedback_reports WHERE status = 'open')));
END;
$$;

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
	WITH hits AS (
		SELECT u.id, u.email::text AS email, u.role, u.is_active, u.created_at, u.last_login_at, p.full_name
		FROM auth.users u LEFT JOIN user_profiles p ON p.user_id = u.id
		WHERE (term = '' OR u.email ILIKE '%' || replace(replace(term, '%', '\%'), '_', '\_') || '%'
		       OR p.full_name ILIKE '%' || replace(replace(term, '%', '\%'), '_', '\_') || '%')
		  AND (v_after = '' OR u.email::text > v_after)
		ORDER BY u.email::text LIMIT 51
	)
	SELECT json_agg(json_build_object('id', h.id, 'email', h.email, 'role', h.role, 'is_active', h.is_active,
	                                  'created_at', h.created_at, 'last_login_at', h.last_login_at,
	                                  'full_name', h.full_name) ORDER BY h.email) FILTER (WHERE rn <= 50),
	       max(h.email) FILTER (WHERE rn = 50 AND total > 50)
	INTO v_rows, next_email
	FROM (SELECT hits.*, row_number() OVER (ORDER BY email) AS rn, count(*) OVER () AS total FROM hits) h;
	RETURN json_build_object('q', term, 'users', coalesce(v_rows, '[]'),
		'next', CASE WHEN next_email IS NOT NULL THEN
			'?q=' || app.admin_urlenc(term) || '&after=' || app.admin_urlenc(next_email) END);
END;
$$;

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
		'entity_types', (SELECT json_agg(t) FROM (SELECT DISTINCT entity_type AS t FROM audit_logs ORDER BY 1) x),
		'next', CASE WHEN n > 50 THEN
			'?actor=' || app.admin_urlenc(f_actor) || '&entity_type=' || app.admin_urlenc(f_type) || '&entity_id=' || app.admin_urlenc(f_id) ||
			'&action=' || app.admin_urlenc(f_action) || '&from=' || app.admin_urlenc(f_from) || '&to=' || app.admin_urlenc(f_to) || '&before=' ||
			(extract(epoch FROM v_last_at) * 1e6)::bigint || '_' || v_last_id END);
END;
$$;

DROP FUNCTION app.admin_overview_build();
DROP FUNCTION app.admin_moderation_queue(integer);
DROP FUNCTION app.admin_moderation_counts();
DROP FUNCTION app.admin_user_matches(text);
DROP TABLE app.admin_overview_counts;
DROP INDEX idx_sessions_started, idx_sessions_completed, idx_credit_transactions_type_time, auth.idx_users_email_text,
	auth.idx_users_email_trgm, auth.idx_users_created, idx_user_profiles_name_trgm, idx_audit_entity_time,
	idx_user_feedback_id_created;
