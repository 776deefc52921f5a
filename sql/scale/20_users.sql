-- 20_users: the candidates (user 1 is demo@preptalk.test, plus admin@preptalk.test, both with the demo
-- passwords; every other user has the demo candidate's password too), profiles and subscriptions.
\set ON_ERROR_STOP 1
-- u = 0 is the admin. Periods start on a day of the last month, so about 1/31 of users are due
-- for the monthly reset on any day.
CREATE UNLOGGED TABLE scale.users AS
SELECT u,
       CASE u WHEN 0 THEN scale.id('user:admin') WHEN 1 THEN scale.id('user:demo') ELSE scale.id('suser:' || u) END AS id,
       CASE u WHEN 0 THEN 'admin@preptalk.test' WHEN 1 THEN 'demo@preptalk.test' ELSE 'user' || u || '@scale.preptalk.test' END AS email,
       date_trunc('day', now()) - make_interval(days => 380 + scale.h(u, 11, 30), hours => scale.h(u, 12, 24)) AS created_at,
       CASE WHEN u = 1 THEN 'basic' WHEN u = 0 OR scale.h(u, 13, 20) < 14 THEN 'free'
            WHEN scale.h(u, 13, 20) < 19 THEN 'basic' ELSE 'premium' END AS plan_type,
       (CURRENT_DATE - scale.h(u, 14, 31))::date AS period_start,
       (ARRAY['Ava','Liam','Maya','Noah','Zara','Ethan','Lena','Omar','Chloe','Mateo','Aisha','Lucas','Nina','Kai','Sofia',
              'Ravi','Emma','Jonas','Amara','Diego','Yuki','Tom','Fatima','Leo','Hana','Sam','Ines','Felix','Mei','Arjun'])[1 + scale.h(u, 15, 30)] AS first,
       (ARRAY['Patel','Nguyen','Garcia','Kim','Okafor','Schmidt','Rossi','Haddad','Silva','Cohen','Larsen','Dubois','Tanaka',
              'Mensah','Novak','Reyes','Ali','Murphy','Costa','Ivanova','Chen','Walker','Hughes','Sato'])[1 + scale.h(u, 16, 24)] AS last
FROM generate_series(0, :users) AS u;
ALTER TABLE scale.users ADD PRIMARY KEY (u);
ANALYZE scale.users;

BEGIN;
TRUNCATE auth.users;
INSERT INTO auth.users (id, email, password_hash, role, email_confirmed_at, created_at, updated_at, last_login_at)
SELECT id, email,
       CASE u WHEN 0 THEN '$argon2id$v=19$m=19456,t=2,p=1$khyS+NpOGyGV0ahaYZk77Q$4itCsnJNU8UZlDmhG1QgdJi2l5Io53oDfrtI8W8BSOw'
              ELSE '$argon2id$v=19$m=19456,t=2,p=1$+59HJAy3EJyh3826nJ+GFQ$tan3Q6J6uAKclp4+DPiIK5Q5lvmpdUn7r3b9HraH1JM' END,
       CASE u WHEN 0 THEN 'admin' ELSE 'candidate' END,
       created_at, created_at, created_at,
       now() - make_interval(days => scale.h(u, 17, 60), hours => scale.h(u, 18, 24))
FROM scale.users;
COMMIT;

BEGIN;
TRUNCATE user_profiles;
INSERT INTO user_profiles (id, user_id, full_name, timezone, current_job_role, target_role, experience_level,
	years_of_experience, linkedin_url, preferred_interview_style, onboarding_completed, created_at, updated_at)
SELECT scale.id('sprofile:' || u), id,
       CASE u WHEN 0 THEN 'Alex Admin' WHEN 1 THEN 'Dana Demo' ELSE first || ' ' || last END,
       (ARRAY['America/New_York','America/Chicago','America/Los_Angeles','Europe/London','Europe/Berlin','Asia/Kolkata','America/Toronto','UTC'])[1 + scale.h(u, 19, 8)],
       (ARRAY['Software Engineer','Data Analyst','Product Manager','Designer','Support Engineer','QA Engineer','Data Scientist','Student'])[1 + scale.h(u, 20, 8)],
       (ARRAY['Senior Software Engineer','Data Scientist','Senior Product Manager','Staff Engineer','Engineering Manager','Backend Engineer'])[1 + scale.h(u, 21, 6)],
       (ARRAY['entry','junior','mid','mid','senior','senior','lead','principal'])[1 + scale.h(u, 22, 8)],
       1 + scale.h(u, 23, 15),
       'https://www.linkedin.com/in/' || lower(first || '-' || last || '-' || u),
       (ARRAY['conversational','formal','technical','behavioral'])[1 + scale.h(u, 24, 4)],
       scale.h(u, 25, 10) <> 0, created_at, created_at
FROM scale.users;
COMMIT;

BEGIN;
TRUNCATE subscriptions;
INSERT INTO subscriptions (id, user_id, stripe_customer_id, stripe_subscription_id, stripe_price_id, plan_type, status,
	current_period_start, current_period_end, monthly_credits, features, created_at, updated_at)
SELECT scale.id('ssub:' || u), id,
       CASE WHEN plan_type <> 'free' THEN 'cus_scale' || u END,
       CASE WHEN plan_type <> 'free' THEN 'sub_scale' || u END,
       CASE plan_type WHEN 'basic' THEN 'price_basic_monthly' WHEN 'premium' THEN 'price_premium_monthly' END,
       plan_type, CASE WHEN scale.h(u, 26, 50) = 0 THEN 'canceled' ELSE 'active' END,
       period_start, (period_start + interval '1 month'),
       CASE plan_type WHEN 'free' THEN 1 WHEN 'basic' THEN 5 ELSE 15 END,
       CASE plan_type WHEN 'free' THEN '{"voice_interviews": false, "detailed_feedback": false, "resume_review": false, "priority_support": false, "api_access": false}'::jsonb
                      WHEN 'basic' THEN '{"voice_interviews": false, "detailed_feedback": true, "resume_review": false, "priority_support": false, "api_access": false}'::jsonb
                      ELSE '{"voice_interviews": true, "detailed_feedback": true, "resume_review": true, "priority_support": true, "api_access": true}'::jsonb END,
       created_at, created_at
FROM scale.users;
COMMIT;
SELECT format('%s users, profiles and subscriptions', count(*)) AS msg FROM scale.users \gset
\echo :msg
