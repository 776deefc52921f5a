-- 010_functions: money and accounts as SQL functions (credits, sign-up, log-in look-up) and the
-- maintenance jobs the scheduler calls. Every SECURITY DEFINER function pins its search_path.

-- Callers other than the owner may act only for themselves, unless they are an admin.
CREATE FUNCTION app.assert_acting_for(p_user_id uuid) RETURNS void
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	IF p_user_id IS NULL THEN
		RAISE EXCEPTION 'user id required' USING ERRCODE = '22004';
	END IF;
	IF NOT (auth.uid() = p_user_id OR auth.is_admin() OR app.session_is_privileged()) THEN
		RAISE EXCEPTION 'not allowed to act for another user' USING ERRCODE = '42501';
	END IF;
END;
$$;

-- Take one credit for a session: monthly first, then bonus. Locks the balance row so concurrent
-- spends serialise; the ledger row is written in the same transaction. Returns the balance left.
-- A zero balance raises P0001 'insufficient credits' and writes nothing.
CREATE FUNCTION app.credit_spend(p_user_id uuid, p_session_id uuid, p_reason text DEFAULT 'Practice session')
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	bal user_credits%ROWTYPE;
	kind text;
	owner_id uuid;
BEGIN
	PERFORM app.assert_acting_for(p_user_id);
	IF p_session_id IS NULL THEN
		RAISE EXCEPTION 'session id required' USING ERRCODE = '22004';
	END IF;
	SELECT user_id INTO owner_id FROM interview_sessions WHERE id = p_session_id;
	IF FOUND AND owner_id <> p_user_id THEN
		RAISE EXCEPTION 'session belongs to another user' USING ERRCODE = '42501';
	END IF;

	SELECT * INTO bal FROM user_credits WHERE user_id = p_user_id FOR UPDATE;
	IF NOT FOUND OR bal.monthly_credits + bal.bonus_credits <= 0 THEN
		RAISE EXCEPTION 'insufficient credits' USING ERRCODE = 'P0001';
	END IF;
	IF EXISTS (SELECT 1 FROM credit_transactions WHERE related_entity_type = 'interview_session'
	           AND related_entity_id = p_session_id AND transaction_type = 'used') THEN
		RAISE EXCEPTION 'session already paid for' USING ERRCODE = '23505';
	END IF;

	kind := CASE WHEN bal.monthly_credits > 0 THEN 'monthly' ELSE 'bonus' END;
	UPDATE user_credits SET
		monthly_credits = monthly_credits - (kind = 'monthly')::int,
		bonus_credits = bonus_credits - (kind = 'bonus')::int,
		credits_used_this_month = credits_used_this_month + 1,
		last_credit_used_at = now()
	WHERE id = bal.id;
	INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description,
	                                 related_entity_type, related_entity_id, actor_id)
	VALUES (p_user_id, 'used', kind, -1, left(coalesce(nullif(p_reason, ''), 'Practice session'), 500),
	        'interview_session', p_session_id, auth.uid());
	RETURN bal.monthly_credits + bal.bonus_credits - 1;
END;
$$;

-- Give back the credit a session used (technical failure). Monthly credits go back as monthly
-- while their period lasts, otherwise as bonus (they would have expired). Idempotent: returns 1
-- when a credit was refunded, 0 when it already was; raises P0001 when the session was never charged.
CREATE FUNCTION app.credit_refund(p_user_id uuid, p_session_id uuid, p_reason text DEFAULT 'Refund: technical failure')
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	spent credit_transactions%ROWTYPE;
	bal user_credits%ROWTYPE;
	kind text;
BEGIN
	PERFORM app.assert_acting_for(p_user_id);
	SELECT * INTO bal FROM user_credits WHERE user_id = p_user_id FOR UPDATE;
	SELECT * INTO spent FROM credit_transactions
	WHERE related_entity_type = 'interview_session' AND related_entity_id = p_session_id
	  AND transaction_type = 'used' AND user_id = p_user_id;
	IF NOT FOUND OR bal.id IS NULL THEN
		RAISE EXCEPTION 'nothing to refund' USING ERRCODE = 'P0001';
	END IF;
	IF EXISTS (SELECT 1 FROM credit_transactions WHERE related_entity_type = 'interview_session'
	           AND related_entity_id = p_session_id AND transaction_type = 'refunded') THEN
		RETURN 0;
	END IF;
	kind := CASE WHEN spent.credit_type = 'monthly' AND spent.created_at::date >= bal.current_period_start
	             THEN 'monthly' ELSE 'bonus' END;
	UPDATE user_credits SET
		monthly_credits = monthly_credits + (kind = 'monthly')::int,
		bonus_credits = bonus_credits + (kind = 'bonus')::int,
		credits_used_this_month = greatest(credits_used_this_month - 1, 0)
	WHERE id = bal.id;
	INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description,
	                                 related_entity_type, related_entity_id, actor_id)
	VALUES (p_user_id, 'refunded', kind, 1, left(coalesce(nullif(p_reason, ''), 'Refund'), 500),
	        'interview_session', p_session_id, auth.uid());
	RETURN 1;
END;
$$;

-- Add bonus credits (never expire). Admins and privileged sessions only. Returns the new balance.
CREATE FUNCTION app.credit_grant(p_user_id uuid, p_amount integer, p_reason text, p_actor uuid DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	bal user_credits%ROWTYPE;
BEGIN
	IF NOT (auth.is_admin() OR app.session_is_privileged()) THEN
		RAISE EXCEPTION 'only an admin may grant credits' USING ERRCODE = '42501';
	END IF;
	IF p_amount IS NULL OR p_amount <= 0 OR p_amount > 1000 THEN
		RAISE EXCEPTION 'amount must be between 1 and 1000' USING ERRCODE = '22023';
	END IF;
	IF coalesce(btrim(p_reason), '') = '' THEN
		RAISE EXCEPTION 'a reason is required' USING ERRCODE = '22023';
	END IF;
	SELECT * INTO bal FROM user_credits WHERE user_id = p_user_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no credit account for user %', p_user_id USING ERRCODE = 'P0002';
	END IF;
	UPDATE user_credits SET bonus_credits = bonus_credits + p_amount WHERE id = bal.id;
	INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description,
	                                 related_entity_type, related_entity_id, actor_id)
	VALUES (p_user_id, 'earned', 'bonus', p_amount, left(p_reason, 500), 'admin_grant', NULL,
	        coalesce(p_actor, auth.uid()));
	RETURN bal.monthly_credits + bal.bonus_credits + p_amount;
END;
$$;

-- Sign-up: user, profile, free subscription and its monthly credit in one transaction.
-- A taken e-mail raises unique_violation (23505) on users_email_key.
CREATE FUNCTION app.signup(p_email text, p_password_hash text, p_full_name text DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	uid uuid;
BEGIN
	INSERT INTO auth.users (email, password_hash) VALUES (btrim(p_email), p_password_hash)
	RETURNING id INTO uid;
	INSERT INTO user_profiles (user_id, full_name) VALUES (uid, nullif(btrim(p_full_name), ''));
	INSERT INTO subscriptions (user_id, plan_type, status, current_period_start, current_period_end, monthly_credits)
	VALUES (uid, 'free', 'active', date_trunc('day', now()), date_trunc('day', now()) + interval '1 month', 1);
	INSERT INTO user_credits (user_id, monthly_credits, bonus_credits) VALUES (uid, 1, 0);
	INSERT INTO credit_transactions (user_id, transaction_type, credit_type, amount, description,
	                                 related_entity_type, related_entity_id)
	VALUES (uid, 'earned', 'monthly', 1, 'Monthly credit (free plan)', 'signup', uid);
	RETURN uid;
END;
$$;

-- Log-in look-up: the app has no identity yet, so this reads past RLS and returns only what the
-- password check needs. No row for an unknown e-mail.
CREATE FUNCTION app.auth_lookup(p_email text)
RETURNS TABLE (user_id uuid, password_hash text, role text, is_active boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
	SELECT u.id, u.password_hash, u.role, u.is_active FROM auth.users u WHERE u.email = btrim(p_email)::citext
$$;

-- Is this JWT id revoked? One primary-key probe.
CREATE FUNCTION app.token_is_revoked(p_jti uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$ SELECT EXISTS (SELECT 1 FROM auth.revoked_tokens WHERE jti = p_jti) $$;

-- Start a practice session for the current user on a job's active curriculum: spends one credit,
-- creates the session and its rounds. Raises P0001 'insufficient credits' (nothing written) or
-- P0002 when the job has no active curriculum.
CREATE FUNCTION app.session_start(p_job_id uuid) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	uid uuid := auth.uid();
	cur curricula%ROWTYPE;
	sid uuid := gen_random_uuid();
	n integer;
BEGIN
	IF uid IS NULL THEN
		RAISE EXCEPTION 'log-in required' USING ERRCODE = '42501';
	END IF;
	SELECT c.* INTO cur FROM curricula c JOIN jobs j ON j.id = c.job_id
	WHERE c.job_id = p_job_id AND c.is_active AND j.is_active;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no active curriculum for this job' USING ERRCODE = 'P0002';
	END IF;
	SELECT count(*) INTO n FROM curriculum_rounds WHERE curriculum_id = cur.id;
	IF n = 0 THEN
		RAISE EXCEPTION 'curriculum has no rounds' USING ERRCODE = 'P0002';
	END IF;
	PERFORM app.credit_spend(uid, sid, 'Practice session: ' || cur.title);
	INSERT INTO interview_sessions (id, user_id, curriculum_id, job_id, status, started_at, last_activity_at, total_rounds)
	VALUES (sid, uid, cur.id, p_job_id, 'in_progress', now(), now(), n);
	INSERT INTO session_rounds (session_id, curriculum_round_id, round_number, status)
	SELECT sid, r.id, r.round_number, CASE WHEN r.round_number = 1 THEN 'ready' ELSE 'not_started' END
	FROM curriculum_rounds r WHERE r.curriculum_id = cur.id ORDER BY r.round_number;
	RETURN sid;
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- Maintenance jobs (the scheduler child calls these and records the summary in app.scheduler_runs).

CREATE FUNCTION app.job_refresh_company_stats() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	n bigint;
BEGIN
	REFRESH MATERIALIZED VIEW CONCURRENTLY company_interview_stats;
	SELECT count(*) INTO n FROM company_interview_stats;
	RETURN format('refreshed company_interview_stats: %s companies', n);
END;
$$;

-- At the end of a period unused monthly credits expire (they do not roll over) and the plan's
-- monthly credits are granted for the new period; bonus credits are untouched. Each change is a
-- ledger row, so the ledger keeps summing to the balance.
CREATE FUNCTION app.job_monthly_credit_reset() RETURNS text
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

-- Sessions not finished within 7 days expire (no refund: that is for technical failures).
CREATE FUNCTION app.job_expire_stale_sessions() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	n integer;
BEGIN
	WITH stale AS (
		UPDATE interview_sessions SET status = 'expired'
		WHERE status IN ('not_started', 'in_progress')
		  AND (expires_at <= now() OR coalesce(started_at, created_at) <= now() - interval '7 days')
		RETURNING id
	), rounds AS (
		UPDATE session_rounds SET status = 'abandoned'
		WHERE session_id IN (SELECT id FROM stale) AND status IN ('not_started', 'ready', 'in_progress')
		RETURNING 1
	)
	SELECT count(*) INTO n FROM stale;
	RETURN format('expired %s stale sessions', n);
END;
$$;

-- Partitions for this month and the next three.
CREATE FUNCTION app.job_create_audit_partitions() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	made integer;
BEGIN
	SELECT count(*) FILTER (WHERE app.audit_partition_for((date_trunc('month', now()) + make_interval(months => k))::date))
	INTO made FROM generate_series(0, 3) AS k;
	RETURN format('created %s audit_logs partitions', made);
END;
$$;

-- Revoked tokens are only needed until they would have expired anyway.
CREATE FUNCTION app.job_purge_revoked_tokens() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	n integer;
BEGIN
	DELETE FROM auth.revoked_tokens WHERE expires_at < now();
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN format('purged %s expired revoked tokens', n);
END;
$$;

REVOKE EXECUTE ON FUNCTION app.assert_acting_for(uuid), app.credit_spend(uuid, uuid, text),
	app.credit_refund(uuid, uuid, text), app.credit_grant(uuid, integer, text, uuid),
	app.signup(text, text, text), app.auth_lookup(text), app.token_is_revoked(uuid), app.session_start(uuid),
	app.job_refresh_company_stats(), app.job_monthly_credit_reset(), app.job_expire_stale_sessions(),
	app.job_create_audit_partitions(), app.job_purge_revoked_tokens(), app.audit_partition_for(date),
	app.touch_last_active(), app.curriculum_usage(), app.session_must_be_paid(), app.user_feedback_counts()
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.assert_acting_for(uuid), app.credit_spend(uuid, uuid, text),
	app.credit_refund(uuid, uuid, text), app.credit_grant(uuid, integer, text, uuid),
	app.signup(text, text, text), app.auth_lookup(text), app.token_is_revoked(uuid), app.session_start(uuid),
	app.job_refresh_company_stats(), app.job_monthly_credit_reset(), app.job_expire_stale_sessions(),
	app.job_create_audit_partitions(), app.job_purge_revoked_tokens()
	TO preptalk_app;
