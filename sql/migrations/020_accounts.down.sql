-- 020_accounts down: drop the account functions.
DROP FUNCTION app.scheduler_record(text, timestamptz, boolean, text);
DROP FUNCTION app.profile_update(jsonb, text, text, text);
DROP FUNCTION app.profile_page();
DROP FUNCTION app.password_change(text, text, bigint, text, text, text);
DROP FUNCTION app.my_password_hash();
DROP FUNCTION app.logout(text, bigint, text, text, text);
DROP FUNCTION app.account_signup(text, text, text, text, text, text);
DROP FUNCTION app.login_record(uuid, text, boolean, text, text, text, text);
DROP FUNCTION app.login_lookup(text);
DROP FUNCTION auth.identify(text, text, text);
DROP FUNCTION app.audit(uuid, text, text, uuid, jsonb, jsonb, text, text, text, boolean, uuid);
