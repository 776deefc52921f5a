-- 004_users (down)
DROP TABLE IF EXISTS credit_transactions, user_credits, subscriptions, user_profiles CASCADE;
