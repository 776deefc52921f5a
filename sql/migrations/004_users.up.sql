-- 004_users: the user domain of the document: profiles, subscriptions, credit balances and the
-- credit ledger. Balances change only through the app.credit_* functions (migration 011).
CREATE TABLE public.user_profiles (
	id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	user_id     uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
	full_name   text CHECK (length(full_name) <= 200),
	avatar_url  text,
	phone_number text,
	timezone    text NOT NULL DEFAULT 'UTC' CHECK (length(timezone) <= 64),
	current_job_role text CHECK (length(current_job_role) <= 200),   -- the document's "current_role" is a reserved word
	target_role text CHECK (length(target_role) <= 200),
	experience_level text CHECK (
		experience_level IN ('entry', 'junior', 'mid', 'senior', 'lead', 'principal', 'executive')),
	years_of_experience integer CHECK (years_of_experience BETWEEN 0 AND 70),
	resume_url    text,
	linkedin_url  text,
	github_url    text,
	portfolio_url text,
	preferred_interview_style text CHECK (
		preferred_interview_style IN ('conversational', 'formal', 'technical', 'behavioral')),
	notification_preferences jsonb NOT NULL DEFAULT
		'{"email": {"session_complete": true, "weekly_progress": true, "new_features": false},
		  "sms": {"session_reminder": false}}',
	onboarding_completed boolean NOT NULL DEFAULT false,
	is_active     boolean NOT NULL DEFAULT true,
	last_active_at timestamptz,
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT unique_user_profile UNIQUE (user_id)
);
-- unique_user_profile already indexes user_id; the document's extra index would be a duplicate.
CREATE INDEX idx_user_profiles_active ON user_profiles (is_active, last_active_at DESC);

CREATE TABLE public.subscriptions (
	id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	user_id     uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
	stripe_customer_id     text UNIQUE,
	stripe_subscription_id text UNIQUE,
	stripe_price_id        text,
	plan_type   text NOT NULL DEFAULT 'free' CHECK (plan_type IN ('free', 'basic', 'premium', 'enterprise')),
	status      text NOT NULL DEFAULT 'active' CHECK (
		status IN ('trialing', 'active', 'canceled', 'incomplete', 'past_due', 'unpaid')),
	current_period_start timestamptz,
	current_period_end   timestamptz,
	cancel_at   timestamptz,
	canceled_at timestamptz,
	monthly_credits integer NOT NULL DEFAULT 1,
	bonus_credits   integer NOT NULL DEFAULT 0,
	features jsonb NOT NULL DEFAULT
		'{"voice_interviews": false, "detailed_feedback": false, "resume_review": false,
		  "priority_support": false, "api_access": false}',
	trial_start timestamptz,
	trial_end   timestamptz,
	created_at  timestamptz NOT NULL DEFAULT now(),
	updated_at  timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT unique_user_subscription UNIQUE (user_id),
	CONSTRAINT check_credits_limit CHECK (monthly_credits >= 0 AND bonus_credits >= 0),
	CONSTRAINT check_period CHECK (current_period_end IS NULL OR current_period_start IS NULL
		OR current_period_end > current_period_start)
);
CREATE INDEX idx_subscriptions_status ON subscriptions (status, current_period_end);

CREATE TABLE public.user_credits (
	id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	user_id     uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
	monthly_credits integer NOT NULL DEFAULT 0,
	bonus_credits   integer NOT NULL DEFAULT 0,
	credits_used_this_month integer NOT NULL DEFAULT 0 CHECK (credits_used_this_month >= 0),
	current_period_start date NOT NULL DEFAULT CURRENT_DATE,
	current_period_end   date NOT NULL DEFAULT (CURRENT_DATE + interval '1 month')::date,
	last_credit_used_at timestamptz,
	created_at  timestamptz NOT NULL DEFAULT now(),
	updated_at  timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT unique_user_credits UNIQUE (user_id),
	CONSTRAINT check_credits_positive CHECK (monthly_credits >= 0 AND bonus_credits >= 0),
	CONSTRAINT check_credit_period CHECK (current_period_end > current_period_start)
);
CREATE INDEX idx_user_credits_period ON user_credits (current_period_end);

CREATE TABLE public.credit_transactions (
	id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	user_id     uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
	transaction_type text NOT NULL CHECK (
		transaction_type IN ('earned', 'used', 'purchased', 'refunded', 'expired', 'reset')),
	credit_type text NOT NULL CHECK (credit_type IN ('monthly', 'bonus')),
	amount      integer NOT NULL,
	description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
	related_entity_type text CHECK (
		related_entity_type IN ('interview_session', 'curriculum', 'subscription', 'admin_grant', 'signup')),
	related_entity_id uuid,
	stripe_payment_intent_id text,
	actor_id    uuid REFERENCES auth.users(id) ON DELETE SET NULL,
	created_at  timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT check_amount_not_zero CHECK (amount <> 0),
	-- gains are positive, usage and expiry negative
	CONSTRAINT check_amount_sign CHECK (
		(transaction_type IN ('used', 'expired') AND amount < 0)
		OR (transaction_type IN ('earned', 'purchased', 'refunded', 'reset') AND amount > 0))
);
CREATE INDEX idx_credit_transactions_user ON credit_transactions (user_id, created_at DESC, id DESC);
CREATE INDEX idx_credit_transactions_type ON credit_transactions (transaction_type);
CREATE INDEX idx_credit_transactions_entity ON credit_transactions (related_entity_type, related_entity_id);
-- A session is charged at most once and refunded at most once.
CREATE UNIQUE INDEX uq_credit_session_used ON credit_transactions (related_entity_id)
	WHERE transaction_type = 'used' AND related_entity_type = 'interview_session';
CREATE UNIQUE INDEX uq_credit_session_refunded ON credit_transactions (related_entity_id)
	WHERE transaction_type = 'refunded' AND related_entity_type = 'interview_session';

CREATE TRIGGER trg_user_profiles_updated_at BEFORE UPDATE ON user_profiles
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER trg_subscriptions_updated_at BEFORE UPDATE ON subscriptions
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER trg_user_credits_updated_at BEFORE UPDATE ON user_credits
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();

-- Row-level security: a user sees their own rows; admins see all. Money is read-only for the app.
ALTER TABLE user_profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_own_profile ON user_profiles FOR ALL
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()))
	WITH CHECK (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));

ALTER TABLE subscriptions ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_own_subscription ON subscriptions FOR SELECT
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));
CREATE POLICY admin_write_subscription ON subscriptions FOR UPDATE
	USING ((SELECT auth.is_admin())) WITH CHECK ((SELECT auth.is_admin()));

ALTER TABLE user_credits ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_own_credits ON user_credits FOR SELECT
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));

ALTER TABLE credit_transactions ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_own_credit_transactions ON credit_transactions FOR SELECT
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));

GRANT SELECT, INSERT, UPDATE, DELETE ON user_profiles TO preptalk_app;
GRANT SELECT, UPDATE (plan_type, status, cancel_at, canceled_at, features, updated_at) ON subscriptions TO preptalk_app;
GRANT SELECT ON user_credits, credit_transactions TO preptalk_app;
