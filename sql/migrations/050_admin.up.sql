-- 050_admin: the admin pages' SQL (issue 8): shared helpers, overview, moderation queue, users,
-- audit log and system health. Pages return their whole model as json; every write is one function
-- = one transaction that writes its audit_logs row (admin_id = the acting admin). SECURITY INVOKER:
-- the admin RLS policies apply, and app.admin_assert() refuses anyone else (42501 -> 404).

CREATE FUNCTION app.admin_assert() RETURNS void
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	IF NOT auth.is_admin() THEN
		RAISE EXCEPTION 'admins only' USING ERRCODE = '42501';
	END IF;
END;
$$;

-- Field errors collected as {"field": "message"}: nothing to do when empty; one error raises
-- 'field: message', several raise the object as text (the handler shows each next to its field).
CREATE FUNCTION app.admin_check(errs jsonb) RETURNS void
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
	k text;
BEGIN
	IF errs IS NULL OR errs = '{}'::jsonb THEN
		RETURN;
	END IF;
	IF (SELECT count(*) FROM jsonb_object_keys(errs)) = 1 THEN
		SELECT key INTO k FROM jsonb_each_text(errs) LIMIT 1;
		RAISE EXCEPTION '%: %', k, errs->>k USING ERRCODE = 'P0001';
	END IF;
	RAISE EXCEPTION '%', errs::text USING ERRCODE = 'P0001';
END;
$$;

-- "one per line" textarea -> json array of trimmed, non-empty lines (at most 50, 300 chars each).
CREATE FUNCTION app.admin_lines(p text) RETURNS jsonb
LANGUAGE sql IMMUTABLE
AS $$
	SELECT coalesce(jsonb_agg(l ORDER BY n), '[]'::jsonb)
	FROM (SELECT btrim(x) AS l, n FROM regexp_split_to_table(coalesce(p, ''), E'\r?\n') WITH ORDINALITY AS t(x, n)) s
	WHERE l <> '' AND n <= 50
$$;

-- json array of strings -> the textarea text.
CREATE FUNCTION app.admin_unlines(p jsonb) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
	SELECT coalesce(string_agg(x, E'\n' ORDER BY n), '')
	FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(p) = 'array' THEN p ELSE '[]'::jsonb END)
		WITH ORDINALITY AS t(x, n)
$$;

-- true when every line of a lines field is short enough
CREATE FUNCTION app.admin_lines_ok(p text, maxlen integer DEFAULT 300) RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$
	SELECT length(coalesce(p, '')) <= 20000
	   AND NOT EXISTS (SELECT 1 FROM regexp_split_to_table(coalesce(p, ''), E'\r?\n') x WHERE length(btrim(x)) > maxlen)
$$;

-- An optional whole number in [lo, hi]: true when empty or valid.
CREATE FUNCTION app.admin_int_ok(p text, lo bigint, hi bigint) RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$
	SELECT coalesce(btrim(p), '') = ''
	    OR (btrim(p) ~ '^-?[0-9]{1,9}$' AND btrim(p)::bigint BETWEEN lo AND hi)
$$;

CREATE FUNCTION app.admin_num_ok(p text, lo double precision, hi double precision) RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$
	SELECT coalesce(btrim(p), '') = ''
	    OR (btrim(p) ~ '^-?[0-9]{1,6}(\.[0-9]{1,6})?$' AND btrim(p)::double precision BETWEEN lo AND hi)
$$;

CREATE FUNCTION app.admin_flag(p text) RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$ SELECT coalesce(lower(btrim(p)), '') IN ('on', 'true', '1', 'yes') $$;

-- A trimmed text value, NULL when empty.
CREATE FUNCTION app.admin_text(p text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$ SELECT nullif(btrim(p), '') $$;

-- Percent-encodes a query-string value (for the `next` links of keyset pages).
CREATE FUNCTION app.admin_urlenc(p text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
	SELECT coalesce(string_agg(CASE WHEN ch ~ '^[A-Za-z0-9_.~-]$' THEN ch
	                                ELSE regexp_replace(upper(encode(convert_to(ch, 'UTF8'), 'hex')), '(..)', '%\1', 'g') END,
	                           '' ORDER BY n), '')
	FROM regexp_split_to_table(coalesce(p, ''), '') WITH ORDINALITY AS t(ch, n)
$$;

-- Choices for a select: [{"value", "label"}]; the handler marks the selected one.
CREATE FUNCTION app.admin_choices(vals text[]) RETURNS json
LANGUAGE sql IMMUTABLE
AS $$
	SELECT json_agg(json_build_object('value', v, 'label', replace(v, '_', ' ')) ORDER BY n)
	FROM unnest(vals) WITH ORDINALITY AS t(v, n)
$$;

-- The audit row of an admin write: the acting admin is both user_id and admin_id unless the
-- change is about a user (then user_id is that user, so it shows in their own trail too).
CREATE FUNCTION app.admin_audit(p_action text, p_entity text, p_id uuid, p_old jsonb, p_new jsonb,
                                p_ip text, p_ua text, p_request_id text, p_subject uuid DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	PERFORM app.admin_assert();
	PERFORM app.audit(coalesce(p_subject, auth.uid()), p_action, p_entity, p_id, p_old, p_new, p_ip, p_ua,
	                  p_request_id, true, auth.uid());
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- Overview

CREATE FUNCTION app.admin_overview(p_key text, q jsonb) RETURNS json
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

-- ---------------------------------------------------------------------------------------------
-- Moderation: pending posts and posts with open reports, oldest first, with the report reasons.

CREATE FUNCTION app.admin_moderation(p_key text, q jsonb) RETURNS json
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

-- One post with its open reports: the page of the hide form (and its redisplay on errors).
CREATE FUNCTION app.admin_post(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	m json;
BEGIN
	PERFORM app.admin_assert();
	SELECT json_build_object('post', json_build_object(
			'id', f.id, 'title', f.title, 'content', f.content, 'created_at', f.created_at,
			'status', f.moderation_status, 'hidden_reason', f.hidden_reason,
			'is_pending', f.moderation_status = 'pending', 'is_hidden', f.moderation_status = 'hidden',
			'is_published', f.moderation_status = 'published',
			'company', c.name, 'author_email', u.email, 'author_id', f.user_id),
		'reports', (SELECT coalesce(json_agg(json_build_object('reason', replace(r.reason, '_', ' '), 'details', r.details,
		                                                       'status', r.status, 'at', r.created_at)
		                                     ORDER BY r.created_at), '[]')
		            FROM user_feedback_reports r WHERE r.feedback_id = f.id),
		'form', json_build_object('reason', coalesce(f.hidden_reason, '')))
	INTO m
	FROM user_feedback f JOIN companies c ON c.id = f.company_id LEFT JOIN auth.users u ON u.id = f.user_id
	WHERE f.id = p_key::uuid;
	RETURN m;
END;
$$;

-- publish | hide | restore one post. Hiding needs a reason the author will see; open reports are
-- closed: actioned when the post is hidden, dismissed when it is published or restored.
CREATE FUNCTION app.admin_post_moderate(p_id text, p_action text, p jsonb, p_ip text, p_ua text,
                                        p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	old_row user_feedback%ROWTYPE;
	new_row user_feedback%ROWTYPE;
	reason text := app.admin_text(p->>'reason');
BEGIN
	PERFORM app.admin_assert();
	SELECT * INTO old_row FROM user_feedback WHERE id = p_id::uuid FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'post not found' USING ERRCODE = 'P0002';
	END IF;
	IF p_action = 'hide' THEN
		IF reason IS NULL THEN
			RAISE EXCEPTION 'reason: Say why the post is hidden; the author will see this.' USING ERRCODE = 'P0001';
		ELSIF length(reason) > 1000 THEN
			RAISE EXCEPTION 'reason: Use at most 1000 characters.' USING ERRCODE = 'P0001';
		END IF;
		UPDATE user_feedback SET moderation_status = 'hidden', hidden_reason = reason,
		       moderated_by = auth.uid(), moderated_at = now()
		WHERE id = old_row.id RETURNING * INTO new_row;
		UPDATE user_feedback_reports SET status = 'actioned', resolved_by = auth.uid(), resolved_at = now()
		WHERE feedback_id = old_row.id AND status = 'open';
	ELSIF p_action IN ('publish', 'restore') THEN
		IF p_action = 'restore' AND old_row.moderation_status <> 'hidden' THEN
			RAISE EXCEPTION 'form: Only a hidden post can be restored.' USING ERRCODE = 'P0001';
		END IF;
		UPDATE user_feedback SET moderation_status = 'published', hidden_reason = NULL,
		       published_at = coalesce(published_at, now()), moderated_by = auth.uid(), moderated_at = now()
		WHERE id = old_row.id RETURNING * INTO new_row;
		UPDATE user_feedback_reports SET status = 'dismissed', resolved_by = auth.uid(), resolved_at = now()
		WHERE feedback_id = old_row.id AND status = 'open';
	ELSE
		RAISE EXCEPTION 'unknown moderation action' USING ERRCODE = '22023';
	END IF;
	PERFORM app.admin_audit('moderate_' || p_action, 'user_feedback', old_row.id,
		jsonb_build_object('moderation_status', old_row.moderation_status, 'hidden_reason', old_row.hidden_reason),
		jsonb_build_object('moderation_status', new_row.moderation_status, 'hidden_reason', new_row.hidden_reason),
		p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', new_row.id, 'status', new_row.moderation_status,
	                         'redirect', '/admin/moderation?saved=' || p_action);
END;
$$;

CREATE FUNCTION app.admin_post_publish(p_id text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE sql AS $$ SELECT app.admin_post_moderate(p_id, 'publish', p, p_ip, p_ua, p_request_id) $$;
CREATE FUNCTION app.admin_post_hide(p_id text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE sql AS $$ SELECT app.admin_post_moderate(p_id, 'hide', p, p_ip, p_ua, p_request_id) $$;
CREATE FUNCTION app.admin_post_restore(p_id text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE sql AS $$ SELECT app.admin_post_moderate(p_id, 'restore', p, p_ip, p_ua, p_request_id) $$;

-- ---------------------------------------------------------------------------------------------
-- Users

CREATE FUNCTION app.admin_users(p_key text, q jsonb) RETURNS json
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

CREATE FUNCTION app.admin_user(p_key text, q jsonb) RETURNS json
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

CREATE FUNCTION app.admin_user_set_active(p_id text, p_active boolean, p_ip text, p_ua text, p_request_id text)
RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	was boolean;
BEGIN
	PERFORM app.admin_assert();
	SELECT is_active INTO was FROM auth.users WHERE id = p_id::uuid FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'user not found' USING ERRCODE = 'P0002';
	END IF;
	IF p_id::uuid = auth.uid() AND NOT p_active THEN
		RAISE EXCEPTION 'form: You cannot deactivate your own account.' USING ERRCODE = 'P0001';
	END IF;
	UPDATE auth.users SET is_active = p_active WHERE id = p_id::uuid;
	PERFORM app.admin_audit(CASE WHEN p_active THEN 'user_reactivate' ELSE 'user_deactivate' END, 'user',
	                        p_id::uuid, jsonb_build_object('is_active', was), jsonb_build_object('is_active', p_active),
	                        p_ip, p_ua, p_request_id, p_id::uuid);
	RETURN json_build_object('id', p_id, 'is_active', p_active, 'redirect', '/admin/users/' || p_id || '?saved=1');
END;
$$;

CREATE FUNCTION app.admin_user_deactivate(p_id text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE sql AS $$ SELECT app.admin_user_set_active(p_id, false, p_ip, p_ua, p_request_id) $$;
CREATE FUNCTION app.admin_user_reactivate(p_id text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE sql AS $$ SELECT app.admin_user_set_active(p_id, true, p_ip, p_ua, p_request_id) $$;

-- Bonus credits through app.credit_grant (balance + ledger), audited in the same transaction.
CREATE FUNCTION app.admin_user_grant(p_id text, p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
	errs jsonb := '{}';
	amount integer;
	reason text := app.admin_text(p->>'reason');
	bal integer;
	before jsonb;
BEGIN
	PERFORM app.admin_assert();
	IF NOT EXISTS (SELECT 1 FROM auth.users WHERE id = p_id::uuid) THEN
		RAISE EXCEPTION 'user not found' USING ERRCODE = 'P0002';
	END IF;
	IF coalesce(btrim(p->>'amount'), '') = '' OR NOT app.admin_int_ok(p->>'amount', 1, 1000) THEN
		errs := errs || '{"amount": "Enter a whole number of credits from 1 to 1000."}';
	END IF;
	IF reason IS NULL THEN
		errs := errs || '{"reason": "Say why the credits are granted; it goes into the ledger."}';
	ELSIF length(reason) > 500 THEN
		errs := errs || '{"reason": "Use at most 500 characters."}';
	END IF;
	PERFORM app.admin_check(errs);
	amount := btrim(p->>'amount')::integer;
	SELECT jsonb_build_object('monthly', monthly_credits, 'bonus', bonus_credits) INTO before
	FROM user_credits WHERE user_id = p_id::uuid;
	bal := app.credit_grant(p_id::uuid, amount, 'Admin grant: ' || reason, auth.uid());
	PERFORM app.admin_audit('credit_grant', 'user', p_id::uuid, before,
	                        jsonb_build_object('amount', amount, 'reason', reason, 'balance', bal),
	                        p_ip, p_ua, p_request_id, p_id::uuid);
	RETURN json_build_object('id', p_id, 'balance', bal, 'redirect', '/admin/users/' || p_id || '?saved=credits');
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- Audit log: filters actor (email or id), entity_type, entity_id, action, from, to (dates);
-- keyset pages of 50 by (created_at, id) descending.

CREATE FUNCTION app.admin_audit_log(p_key text, q jsonb) RETURNS json
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

-- ---------------------------------------------------------------------------------------------
-- System health: history per service (latest 20 each) and the scheduler's last runs.

CREATE FUNCTION app.admin_health(p_key text, q jsonb) RETURNS json
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	PERFORM app.admin_assert();
	RETURN json_build_object(
		'services', (SELECT coalesce(json_agg(json_build_object('service_name', s.service_name, 'checks', (
			SELECT json_agg(h ORDER BY h.checked_at DESC) FROM (
				SELECT endpoint, response_time_ms, status_code, success, error_message, checked_at
				FROM system_health WHERE service_name = s.service_name ORDER BY checked_at DESC LIMIT 20) h))
			ORDER BY s.service_name), '[]')
			FROM (SELECT DISTINCT service_name FROM system_health) s),
		'runs', (SELECT coalesce(json_agg(r ORDER BY r.started_at DESC), '[]') FROM (
			SELECT job, started_at, finished_at, ok, message,
			       round(extract(epoch FROM finished_at - started_at) * 1000)::bigint AS ms
			FROM app.scheduler_runs ORDER BY started_at DESC LIMIT 50) r));
END;
$$;

DO $$
DECLARE
	f regprocedure;
BEGIN
	FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
	         WHERE n.nspname = 'app' AND p.proname LIKE 'admin\_%'
	LOOP
		EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
		EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO preptalk_app', f);
	END LOOP;
END
$$;
