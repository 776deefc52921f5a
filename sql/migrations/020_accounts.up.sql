-- 020_accounts: what the worker calls for identity, log-in, log-out, profile and password, each
-- one statement = one transaction that also writes its audit_logs row. No password, hash or token
-- is ever written to audit_logs.

-- Audit row helper: ip is taken only when it parses as an address.
CREATE FUNCTION app.audit(p_user uuid, p_action text, p_entity_type text, p_entity_id uuid,
                          p_old jsonb, p_new jsonb, p_ip text, p_ua text, p_request_id text,
                          p_success boolean DEFAULT true, p_admin uuid DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	ip inet;
BEGIN
	BEGIN
		ip := nullif(p_ip, '')::inet;
	EXCEPTION WHEN others THEN
		ip := NULL;
	END;
	INSERT INTO audit_logs (user_id, admin_id, action, entity_type, entity_id, old_values, new_values,
	                        ip_address, user_agent, request_id, success)
	VALUES (p_user, p_admin, p_action, p_entity_type, p_entity_id, p_old, p_new, ip,
	        left(p_ua, 1000), left(p_request_id, 100), p_success);
END;
$$;

-- The identity of a request with a session token: true (and app.user_id/app.role set) when the
-- token is not revoked and the user is still active with that role; false (anonymous) otherwise.
CREATE FUNCTION auth.identify(p_user text, p_role text, p_jti text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	ok boolean;
BEGIN
	SELECT u.is_active AND u.role = p_role
	       AND NOT EXISTS (SELECT 1 FROM auth.revoked_tokens t WHERE t.jti = p_jti::uuid)
	INTO ok
	FROM auth.users u WHERE u.id = p_user::uuid;
	ok := coalesce(ok, false);
	PERFORM set_config('app.user_id', CASE WHEN ok THEN p_user ELSE '' END, false),
	        set_config('app.role', CASE WHEN ok THEN p_role ELSE '' END, false);
	RETURN ok;
END;
$$;

-- Log-in look-up as JSON; NULL for an unknown e-mail.
CREATE FUNCTION app.login_lookup(p_email text) RETURNS json
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
	SELECT json_build_object('id', l.user_id, 'hash', l.password_hash, 'role', l.role, 'active', l.is_active)
	FROM app.auth_lookup(p_email) l
$$;

-- Records a log-in attempt; on success stamps last_login_at and stores an upgraded hash if given.
CREATE FUNCTION app.login_record(p_user uuid, p_email text, p_ok boolean, p_new_hash text,
                                 p_ip text, p_ua text, p_request_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	IF p_ok THEN
		UPDATE auth.users SET last_login_at = now(),
		       password_hash = coalesce(nullif(p_new_hash, ''), password_hash)
		WHERE id = p_user;
	END IF;
	PERFORM app.audit(p_user, CASE WHEN p_ok THEN 'login' ELSE 'login_failed' END, 'user', p_user, NULL,
	                  CASE WHEN p_ok THEN NULL ELSE jsonb_build_object('email', left(p_email, 254)) END,
	                  p_ip, p_ua, p_request_id, p_ok);
END;
$$;

-- Sign-up with its audit row. A taken e-mail raises P0003 (409) with a message for the form.
CREATE FUNCTION app.account_signup(p_email text, p_hash text, p_name text, p_ip text, p_ua text,
                                   p_request_id text) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	uid uuid;
BEGIN
	BEGIN
		uid := app.signup(p_email, p_hash, p_name);
	EXCEPTION
		WHEN unique_violation THEN
			RAISE EXCEPTION 'This email cannot be used to sign up. If you already have an account, log in.'
				USING ERRCODE = 'P0003';
		WHEN check_violation THEN
			RAISE EXCEPTION 'Enter a valid email address.' USING ERRCODE = 'P0001';
	END;
	PERFORM app.audit(uid, 'signup', 'user', uid, NULL, jsonb_build_object('email', p_email),
	                  p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', uid, 'role', 'candidate');
END;
$$;

-- Log-out: the token id is revoked until it would have expired anyway.
CREATE FUNCTION app.logout(p_jti text, p_exp bigint, p_ip text, p_ua text, p_request_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	INSERT INTO auth.revoked_tokens (jti, user_id, expires_at)
	VALUES (p_jti::uuid, auth.uid(), to_timestamp(p_exp))
	ON CONFLICT (jti) DO NOTHING;
	PERFORM app.audit(auth.uid(), 'logout', 'user', auth.uid(), NULL, NULL, p_ip, p_ua, p_request_id);
END;
$$;

-- The current user's password hash, for checking the current password before a change.
CREATE FUNCTION app.my_password_hash() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$ SELECT password_hash FROM auth.users WHERE id = auth.uid() $$;

-- Password change: new hash, the current token revoked (the caller issues a new one), audited.
CREATE FUNCTION app.password_change(p_hash text, p_jti text, p_exp bigint, p_ip text, p_ua text,
                                    p_request_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	IF auth.uid() IS NULL THEN
		RAISE EXCEPTION 'log-in required' USING ERRCODE = '42501';
	END IF;
	UPDATE auth.users SET password_hash = p_hash WHERE id = auth.uid();
	INSERT INTO auth.revoked_tokens (jti, user_id, expires_at)
	VALUES (p_jti::uuid, auth.uid(), to_timestamp(p_exp)) ON CONFLICT (jti) DO NOTHING;
	PERFORM app.audit(auth.uid(), 'password_change', 'user', auth.uid(), NULL, NULL, p_ip, p_ua, p_request_id);
END;
$$;

-- The profile page model: the current user's own profile (auth.uid()), plus the choices of each select.
CREATE FUNCTION app.profile_page() RETURNS json
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
	SELECT json_build_object(
		'profile', json_build_object(
			'email', (SELECT email FROM auth.users WHERE id = auth.uid()),
			'full_name', p.full_name, 'current_job_role', p.current_job_role, 'target_role', p.target_role,
			'experience_level', p.experience_level, 'years_of_experience', p.years_of_experience,
			'linkedin_url', p.linkedin_url, 'github_url', p.github_url, 'portfolio_url', p.portfolio_url,
			'preferred_interview_style', p.preferred_interview_style, 'timezone', p.timezone,
			'notify_session_complete', coalesce((p.notification_preferences #>> '{email,session_complete}')::boolean, false),
			'notify_weekly_progress', coalesce((p.notification_preferences #>> '{email,weekly_progress}')::boolean, false),
			'notify_new_features', coalesce((p.notification_preferences #>> '{email,new_features}')::boolean, false)),
		'experience_levels', (SELECT json_agg(json_build_object('value', v, 'selected', v = p.experience_level))
			FROM unnest(ARRAY['entry','junior','mid','senior','lead','principal','executive']) v),
		'interview_styles', (SELECT json_agg(json_build_object('value', v, 'selected', v = p.preferred_interview_style))
			FROM unnest(ARRAY['conversational','formal','technical','behavioral']) v))
	FROM user_profiles p WHERE p.user_id = auth.uid()
$$;

-- Profile update of the current user (auth.uid()) from a JSON object of form fields (strings);
-- audited with old and new values.
-- Validation errors raise P0001 with 'field: message' so the form can show it next to the field.
CREATE FUNCTION app.profile_update(p jsonb, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	old_row user_profiles%ROWTYPE;
	new_row user_profiles%ROWTYPE;
	years integer;
	url text;
BEGIN
	SELECT * INTO old_row FROM user_profiles WHERE user_id = auth.uid();
	IF NOT FOUND THEN
		RAISE EXCEPTION 'profile not found' USING ERRCODE = 'P0002';
	END IF;
	IF nullif(p->>'years_of_experience', '') IS NOT NULL THEN
		IF (p->>'years_of_experience') !~ '^[0-9]{1,2}$' THEN
			RAISE EXCEPTION 'years_of_experience: Enter a whole number of years between 0 and 70.' USING ERRCODE = 'P0001';
		END IF;
		years := (p->>'years_of_experience')::integer;
		IF years > 70 THEN
			RAISE EXCEPTION 'years_of_experience: Enter a whole number of years between 0 and 70.' USING ERRCODE = 'P0001';
		END IF;
	END IF;
	FOREACH url IN ARRAY ARRAY['linkedin_url', 'github_url', 'portfolio_url'] LOOP
		IF nullif(p->>url, '') IS NOT NULL AND ((p->>url) !~* '^https?://[^[:space:]<>"]+$' OR length(p->>url) > 300) THEN
			RAISE EXCEPTION '%: Enter a full web address starting with https://.', url USING ERRCODE = 'P0001';
		END IF;
	END LOOP;
	IF nullif(p->>'experience_level', '') IS NOT NULL
	   AND (p->>'experience_level') <> ALL (ARRAY['entry','junior','mid','senior','lead','principal','executive']) THEN
		RAISE EXCEPTION 'experience_level: Choose one of the listed levels.' USING ERRCODE = 'P0001';
	END IF;
	IF nullif(p->>'preferred_interview_style', '') IS NOT NULL
	   AND (p->>'preferred_interview_style') <> ALL (ARRAY['conversational','formal','technical','behavioral']) THEN
		RAISE EXCEPTION 'preferred_interview_style: Choose one of the listed styles.' USING ERRCODE = 'P0001';
	END IF;
	IF nullif(p->>'timezone', '') IS NOT NULL
	   AND NOT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = p->>'timezone') THEN
		RAISE EXCEPTION 'timezone: Choose a time zone such as Europe/Berlin or America/New_York.' USING ERRCODE = 'P0001';
	END IF;
	FOREACH url IN ARRAY ARRAY['full_name', 'current_job_role', 'target_role'] LOOP
		IF length(p->>url) > 200 THEN
			RAISE EXCEPTION '%: Use at most 200 characters.', url USING ERRCODE = 'P0001';
		END IF;
	END LOOP;
	UPDATE user_profiles SET
		full_name = nullif(btrim(p->>'full_name'), ''),
		current_job_role = nullif(btrim(p->>'current_job_role'), ''),
		target_role = nullif(btrim(p->>'target_role'), ''),
		experience_level = nullif(p->>'experience_level', ''),
		years_of_experience = years,
		linkedin_url = nullif(p->>'linkedin_url', ''),
		github_url = nullif(p->>'github_url', ''),
		portfolio_url = nullif(p->>'portfolio_url', ''),
		preferred_interview_style = nullif(p->>'preferred_interview_style', ''),
		timezone = coalesce(nullif(p->>'timezone', ''), timezone),
		notification_preferences = jsonb_set(jsonb_set(jsonb_set(notification_preferences,
			'{email,session_complete}', to_jsonb(coalesce(p->>'notify_session_complete', '') IN ('on', 'true', '1'))),
			'{email,weekly_progress}', to_jsonb(coalesce(p->>'notify_weekly_progress', '') IN ('on', 'true', '1'))),
			'{email,new_features}', to_jsonb(coalesce(p->>'notify_new_features', '') IN ('on', 'true', '1')))
	WHERE user_id = auth.uid()
	RETURNING * INTO new_row;
	PERFORM app.audit(auth.uid(), 'profile_update', 'user_profile', new_row.id,
	                  to_jsonb(old_row) - 'updated_at', to_jsonb(new_row) - 'updated_at', p_ip, p_ua, p_request_id);
	RETURN app.profile_page();
END;
$$;

-- The scheduler's record of one job run.
CREATE FUNCTION app.scheduler_record(p_job text, p_started timestamptz, p_ok boolean, p_message text)
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
	INSERT INTO app.scheduler_runs (job, started_at, finished_at, ok, message)
	VALUES (p_job, least(p_started, now()), now(), p_ok, left(p_message, 1000))
$$;

REVOKE EXECUTE ON FUNCTION app.audit(uuid, text, text, uuid, jsonb, jsonb, text, text, text, boolean, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth.identify(text, text, text), app.login_lookup(text),
	app.login_record(uuid, text, boolean, text, text, text, text),
	app.account_signup(text, text, text, text, text, text), app.logout(text, bigint, text, text, text),
	app.my_password_hash(), app.password_change(text, text, bigint, text, text, text),
	app.profile_page(), app.profile_update(jsonb, text, text, text),
	app.scheduler_record(text, timestamptz, boolean, text)
	TO preptalk_app;
