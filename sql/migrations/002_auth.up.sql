-- 002_auth: our own auth schema (no Supabase): users, revoked JWTs, and the per-request identity
-- helpers that row-level security policies call. The worker sets app.user_id and app.role per request.
CREATE SCHEMA auth;
CREATE SCHEMA app;

CREATE TABLE auth.users (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	email         citext NOT NULL,
	password_hash text NOT NULL,
	role          text NOT NULL DEFAULT 'candidate' CHECK (role IN ('candidate', 'admin')),
	is_active     boolean NOT NULL DEFAULT true,
	email_confirmed_at timestamptz,
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	last_login_at timestamptz,
	CONSTRAINT users_email_key UNIQUE (email),
	CONSTRAINT users_email_shape CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$' AND length(email) <= 254),
	CONSTRAINT users_password_hash_shape CHECK (password_hash LIKE '$argon2id$%')
);

-- Revoked JWTs (log-out, password change): one primary-key lookup per authenticated request.
CREATE TABLE auth.revoked_tokens (
	jti        uuid PRIMARY KEY,
	user_id    uuid REFERENCES auth.users(id) ON DELETE CASCADE,
	expires_at timestamptz NOT NULL,
	revoked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_revoked_tokens_expires ON auth.revoked_tokens (expires_at);

-- Identity of the current request. Empty or unset means anonymous (NULL).
CREATE FUNCTION auth.uid() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;

CREATE FUNCTION auth.role() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('app.role', true), '') $$;

CREATE FUNCTION auth.is_admin() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT coalesce(current_setting('app.role', true) = 'admin', false)
	AND NULLIF(current_setting('app.user_id', true), '') IS NOT NULL $$;

-- Privileged = the role (current or session) is the database owner or a superuser. Triggers use the
-- current role (a SECURITY DEFINER function runs as the owner); credit functions use the session role.
CREATE FUNCTION app.is_privileged() RETURNS boolean
LANGUAGE sql STABLE
AS $$ SELECT pg_has_role(current_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER') $$;

CREATE FUNCTION app.session_is_privileged() RETURNS boolean
LANGUAGE sql STABLE
AS $$ SELECT pg_has_role(session_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER') $$;

-- updated_at maintenance, shared by every table that has the column.
CREATE FUNCTION app.set_updated_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
	NEW.updated_at := now();
	RETURN NEW;
END;
$$;

CREATE TRIGGER trg_users_updated_at BEFORE UPDATE ON auth.users
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();

-- The worker may update a user's own row (password, e-mail, log-in time) but only an admin may
-- change role or is_active; privileged sessions (owner, superuser) are not restricted.
CREATE FUNCTION auth.guard_user_update() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
	IF (NEW.role IS DISTINCT FROM OLD.role OR NEW.is_active IS DISTINCT FROM OLD.is_active
	    OR NEW.id IS DISTINCT FROM OLD.id)
	   AND NOT auth.is_admin()
	   AND NOT app.is_privileged() THEN
		RAISE EXCEPTION 'only an admin may change role or is_active' USING ERRCODE = '42501';
	END IF;
	RETURN NEW;
END;
$$;

CREATE TRIGGER trg_users_guard BEFORE UPDATE ON auth.users
	FOR EACH ROW EXECUTE FUNCTION auth.guard_user_update();

ALTER TABLE auth.users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_self ON auth.users
	FOR SELECT USING (id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));
CREATE POLICY users_self_update ON auth.users
	FOR UPDATE USING (id = (SELECT auth.uid()) OR (SELECT auth.is_admin()))
	WITH CHECK (id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));
CREATE POLICY users_admin_delete ON auth.users
	FOR DELETE USING ((SELECT auth.is_admin()));

ALTER TABLE auth.revoked_tokens ENABLE ROW LEVEL SECURITY;
-- The per-request check goes through app.token_is_revoked() (it runs before identity is trusted);
-- directly, a user sees and revokes only their own tokens.
CREATE POLICY revoked_tokens_read ON auth.revoked_tokens FOR SELECT
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));
CREATE POLICY revoked_tokens_insert ON auth.revoked_tokens
	FOR INSERT WITH CHECK (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));
