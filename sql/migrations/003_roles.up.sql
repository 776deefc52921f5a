-- 003_roles: the workers' role. preptalk_app logs in, owns nothing, never bypasses RLS;
-- later migrations grant it exactly the table privileges it needs.
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'preptalk_app') THEN
		CREATE ROLE preptalk_app LOGIN NOBYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
	END IF;
END
$$;

DO $$
BEGIN
	EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO preptalk_app', current_database());
END
$$;

GRANT USAGE ON SCHEMA auth, app TO preptalk_app;

-- Functions are executable by PUBLIC by default; in schema app only what we grant.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA app FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth.uid(), auth.role(), auth.is_admin(), app.is_privileged(), app.session_is_privileged()
	TO preptalk_app;

GRANT SELECT, UPDATE (email, password_hash, role, is_active, email_confirmed_at, last_login_at)
	ON auth.users TO preptalk_app;
GRANT SELECT, INSERT ON auth.revoked_tokens TO preptalk_app;
