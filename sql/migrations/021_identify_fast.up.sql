-- 021_identify_fast: the per-request account functions made cheap to call. A LANGUAGE sql
-- function that reads tables is never inlined into `SELECT f()`, so PostgreSQL 15 parses and
-- plans its body on every call (app.profile_page: ~0.5 ms planning for ~0.1 ms of work); a
-- plpgsql body keeps its plans for the session. Same signatures, grants and results as 020.

-- Identity of a request with a session token (see 020): true, with app.user_id/app.role set,
-- when the token is not revoked and the user is still active with that role; false and both
-- cleared otherwise. Every name is schema-qualified; the search path is pinned like every definer's.
CREATE OR REPLACE FUNCTION auth.identify(p_user text, p_role text, p_jti text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM auth.users u
	           WHERE u.id = p_user::uuid AND u.is_active AND u.role = p_role
	             AND NOT EXISTS (SELECT 1 FROM auth.revoked_tokens t WHERE t.jti = p_jti::uuid)) THEN
		PERFORM set_config('app.user_id', p_user, false), set_config('app.role', p_role, false);
		RETURN true;
	END IF;
	PERFORM set_config('app.user_id', '', false), set_config('app.role', '', false);
	RETURN false;
END;
$$;

CREATE OR REPLACE FUNCTION app.login_lookup(p_email text) RETURNS json
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	RETURN (SELECT json_build_object('id', l.user_id, 'hash', l.password_hash, 'role', l.role, 'active', l.is_active)
	        FROM app.auth_lookup(p_email) l);
END;
$$;

CREATE OR REPLACE FUNCTION app.my_password_hash() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	RETURN (SELECT password_hash FROM auth.users WHERE id = auth.uid());
END;
$$;

-- The profile page model (see 020), without sub-plans: the user row by join and the choices of each
-- select as literal arrays, so a call runs one small plan.
CREATE OR REPLACE FUNCTION app.profile_page() RETURNS json
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	RETURN (SELECT json_build_object(
		'profile', json_build_object(
			'email', u.email,
			'full_name', p.full_name, 'current_job_role', p.current_job_role, 'target_role', p.target_role,
			'experience_level', p.experience_level, 'years_of_experience', p.years_of_experience,
			'linkedin_url', p.linkedin_url, 'github_url', p.github_url, 'portfolio_url', p.portfolio_url,
			'preferred_interview_style', p.preferred_interview_style, 'timezone', p.timezone,
			'notify_session_complete', coalesce((p.notification_preferences #>> '{email,session_complete}')::boolean, false),
			'notify_weekly_progress', coalesce((p.notification_preferences #>> '{email,weekly_progress}')::boolean, false),
			'notify_new_features', coalesce((p.notification_preferences #>> '{email,new_features}')::boolean, false)),
		'experience_levels', json_build_array(json_build_object('value', 'entry', 'selected', 'entry' = p.experience_level),
			json_build_object('value', 'junior', 'selected', 'junior' = p.experience_level),
			json_build_object('value', 'mid', 'selected', 'mid' = p.experience_level),
			json_build_object('value', 'senior', 'selected', 'senior' = p.experience_level),
			json_build_object('value', 'lead', 'selected', 'lead' = p.experience_level),
			json_build_object('value', 'principal', 'selected', 'principal' = p.experience_level),
			json_build_object('value', 'executive', 'selected', 'executive' = p.experience_level)),
		'interview_styles', json_build_array(json_build_object('value', 'conversational', 'selected', 'conversational' = p.preferred_interview_style),
			json_build_object('value', 'formal', 'selected', 'formal' = p.preferred_interview_style),
			json_build_object('value', 'technical', 'selected', 'technical' = p.preferred_interview_style),
			json_build_object('value', 'behavioral', 'selected', 'behavioral' = p.preferred_interview_style)))
	FROM user_profiles p LEFT JOIN auth.users u ON u.id = p.user_id
	WHERE p.user_id = auth.uid());
END;
$$;
