-- 010_functions (down)
DROP FUNCTION IF EXISTS app.job_purge_revoked_tokens(), app.job_create_audit_partitions(),
	app.job_expire_stale_sessions(), app.job_monthly_credit_reset(), app.job_refresh_company_stats(),
	app.session_start(uuid), app.token_is_revoked(uuid), app.auth_lookup(text), app.signup(text, text, text),
	app.credit_grant(uuid, integer, text, uuid), app.credit_refund(uuid, uuid, text),
	app.credit_spend(uuid, uuid, text), app.assert_acting_for(uuid);
