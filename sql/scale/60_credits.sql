-- 60_credits: balances and a ledger that sums to them (sign-up credit, a year of monthly expiry and
-- reset, a bonus pack, one 'used' row paying for each session), usage metrics and session audit rows.
\set ON_ERROR_STOP 1
CREATE UNLOGGED TABLE scale.usage AS
SELECT us.u, us.id, us.created_at, us.period_start, us.plan_type,
       CASE us.plan_type WHEN 'free' THEN 1 WHEN 'basic' THEN 5 ELSE 15 END AS plan_credits,
       scale.h(us.u, 51, 4) AS extra,
       coalesce(a.used, 0) AS used, coalesce(a.this_month, 0) AS this_month, a.last_used
FROM scale.users us
LEFT JOIN (SELECT u, count(*) AS used, count(*) FILTER (WHERE created_at >= CURRENT_DATE - 31) AS this_month,
                  max(created_at) AS last_used
           FROM scale.sess GROUP BY u) a ON a.u = us.u;

BEGIN;
TRUNCATE user_credits;
INSERT INTO user_credits (id, user_id, monthly_credits, bonus_credits, credits_used_this_month, current_period_start,
	current_period_end, last_credit_used_at, created_at, updated_at)
SELECT scale.id('scredit:' || u), id, plan_credits, extra,
       this_month, period_start, (period_start + interval '1 month')::date, last_used, created_at, created_at
FROM scale.usage;
COMMIT;

BEGIN;
TRUNCATE credit_transactions;
INSERT INTO credit_transactions (id, user_id, transaction_type, credit_type, amount, description, related_entity_type,
	related_entity_id, stripe_payment_intent_id, actor_id, created_at)
SELECT scale.id('sct:signup:' || u), id, 'earned', 'monthly', 1, 'Monthly credit (free plan)', 'signup', id, NULL::text, NULL::uuid, created_at
FROM scale.usage
UNION ALL
SELECT scale.id('sct:pack:' || u), id, 'purchased', 'bonus', used + extra, format('Credit pack (%s credits)', used + extra),
       NULL, NULL::uuid, 'pi_scale' || u, NULL::uuid, created_at + interval '1 hour'
FROM scale.usage WHERE used + extra > 0
UNION ALL
SELECT scale.id('sct:exp:' || u || ':' || k), id, 'expired', 'monthly', -(CASE WHEN k = 1 THEN 1 ELSE plan_credits END),
       'Unused monthly credits expired', NULL, NULL::uuid, NULL::text, NULL::uuid, period_start - make_interval(months => 12 - k)
FROM scale.usage CROSS JOIN generate_series(1, 12) AS k
UNION ALL
SELECT scale.id('sct:reset:' || u || ':' || k), id, 'reset', 'monthly', plan_credits, 'Monthly credits for the new period',
       'subscription', NULL::uuid, NULL::text, NULL::uuid, period_start - make_interval(months => 12 - k) + interval '1 second'
FROM scale.usage CROSS JOIN generate_series(1, 12) AS k
UNION ALL
SELECT scale.id('sct:used:' || x.s), us.id, 'used', 'bonus', -1, 'Practice session: ' || x.cur_title, 'interview_session',
       x.id, NULL::text, us.id, x.created_at
FROM scale.sess x JOIN scale.users us ON us.u = x.u;
COMMIT;
\echo credit_transactions done

BEGIN;
TRUNCATE usage_metrics;
INSERT INTO usage_metrics (id, user_id, metric_date, interviews_started, interviews_completed, feedback_viewed, days_active,
	features_used, created_at)
SELECT scale.id('sum:' || x.u || ':' || x.created_at::date), us.id, x.created_at::date, count(*),
       count(*) FILTER (WHERE x.status = 'completed'), count(*) FILTER (WHERE x.status = 'completed') * 2, 1,
       '["practice", "feedback_report"]', min(x.created_at)
FROM scale.sess x JOIN scale.users us ON us.u = x.u
GROUP BY x.u, us.id, x.created_at::date;
COMMIT;

BEGIN;
TRUNCATE audit_logs;
INSERT INTO audit_logs (id, user_id, action, entity_type, entity_id, new_values, ip_address, user_agent, request_id, created_at)
SELECT scale.id('saudit:signup:' || u), id, 'signup', 'user', id, NULL, '192.0.2.1', 'Mozilla/5.0 (scale)',
       'scale-signup-' || u, created_at
FROM scale.users
UNION ALL
SELECT scale.id('saudit:session:' || x.s), us.id, 'session_start', 'interview_session', x.id,
       jsonb_build_object('job_id', x.job_id), ('10.' || (x.u / 65536) % 256 || '.' || (x.u / 256) % 256 || '.' || x.u % 256)::inet,
       'Mozilla/5.0 (scale)', 'scale-' || x.s, x.created_at
FROM scale.sess x JOIN scale.users us ON us.u = x.u;
COMMIT;
SELECT format('%s balances, %s ledger rows (estimated), usage metrics and audit rows', count(*),
              count(*) * 25 + sum(used)) AS msg FROM scale.usage \gset
\echo :msg
