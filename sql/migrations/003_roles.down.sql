-- 003_roles (down): revoke what 003 granted; drop the role only when nothing else in the cluster uses it.
REVOKE ALL ON auth.users, auth.revoked_tokens FROM preptalk_app;
REVOKE EXECUTE ON FUNCTION auth.uid(), auth.role(), auth.is_admin(), app.is_privileged(), app.session_is_privileged()
	FROM preptalk_app;
REVOKE USAGE ON SCHEMA auth, app FROM preptalk_app;
DO $$
BEGIN
	EXECUTE format('REVOKE ALL ON DATABASE %I FROM preptalk_app', current_database());
	BEGIN
		DROP ROLE preptalk_app;
	EXCEPTION WHEN dependent_objects_still_exist OR insufficient_privilege THEN
		RAISE NOTICE 'preptalk_app kept: it is still used elsewhere in the cluster';
	END;
END
$$;
