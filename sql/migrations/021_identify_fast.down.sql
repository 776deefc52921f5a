-- 021_identify_fast down: the 020 definitions again (LANGUAGE sql / the original identify).

CREATE OR REPLACE FUNCTION auth.identify(p_user text, p_role text, p_jti text) RETURNS boolean
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

CREATE OR REPLACE FUNCTION app.login_lookup(p_email text) RETURNS json
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
	SELECT json_build_object('id', l.user_id, 'hash', l.password_hash, 'role', l.role, 'active', l.is_active)
	FROM app.auth_lookup(p_email) l
$$;

CREATE OR REPLACE FUNCTION app.my_password_hash() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$ SELECT password_hash FROM auth.users WHERE id = auth.uid() $$;

CREATE OR REPLACE FUNCTION app.profile_page() RETURNS json
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
