-- 030_users.sql: the two accounts people try (demo candidate, admin) and 300 fictional candidates
-- with profiles and subscriptions. Credits and their ledger come with the session history (040).
CREATE TABLE demo.users AS
SELECT n,
       (ARRAY['Ava','Liam','Maya','Noah','Zara','Ethan','Lena','Omar','Chloe','Mateo','Aisha','Lucas','Nina','Kai','Sofia',
              'Ravi','Emma','Jonas','Amara','Diego','Yuki','Tom','Fatima','Leo','Hana','Sam','Ines','Felix','Mei','Arjun'])[1 + n % 30] AS first,
       (ARRAY['Patel','Nguyen','Garcia','Kim','Okafor','Schmidt','Rossi','Haddad','Silva','Cohen','Larsen','Dubois','Tanaka',
              'Mensah','Novak','Reyes','Ali','Murphy','Costa','Ivanova','Chen','Walker','Hughes','Sato'])[1 + (n * 7) % 24] AS last,
       least(demo.h('ns' || n, 6) + (n % 3 = 0)::int, 6) AS n_sessions
FROM generate_series(1, 300) AS n;

INSERT INTO auth.users (id, email, password_hash, role, email_confirmed_at, created_at, last_login_at)
VALUES
	(demo.id('user:demo'), 'demo@preptalk.test',
	 '$argon2id$v=19$m=19456,t=2,p=1$+59HJAy3EJyh3826nJ+GFQ$tan3Q6J6uAKclp4+DPiIK5Q5lvmpdUn7r3b9HraH1JM',
	 'candidate', now() - interval '150 days', now() - interval '150 days', now() - interval '1 day'),
	(demo.id('user:admin'), 'admin@preptalk.test',
	 '$argon2id$v=19$m=19456,t=2,p=1$khyS+NpOGyGV0ahaYZk77Q$4itCsnJNU8UZlDmhG1QgdJi2l5Io53oDfrtI8W8BSOw',
	 'admin', now() - interval '300 days', now() - interval '300 days', now() - interval '2 days');

INSERT INTO auth.users (id, email, password_hash, role, email_confirmed_at, created_at, last_login_at)
SELECT demo.id('user:' || n), lower(first || '.' || last || n) || '@example.test',
       '$argon2id$v=19$m=19456,t=2,p=1$48tc3DEDWd/cYzlq5uzQTg$Zn7ZWL+d1KCp8SaXmPASx2OrX81kpDXVo11FjICO0k8',
       'candidate', now() - make_interval(days => 20 + n_sessions * 25 + demo.h('signup' || n, 20)),
       now() - make_interval(days => 20 + n_sessions * 25 + demo.h('signup' || n, 20)),
       now() - make_interval(days => demo.h('login' || n, 20), hours => demo.h('lh' || n, 24))
FROM demo.users;

INSERT INTO user_profiles (user_id, full_name, timezone, current_job_role, target_role, experience_level,
	years_of_experience, linkedin_url, github_url, preferred_interview_style, onboarding_completed, created_at)
SELECT demo.id('user:' || d.n), d.first || ' ' || d.last,
       (ARRAY['America/New_York','America/Chicago','America/Los_Angeles','Europe/London','Europe/Berlin','Asia/Kolkata','America/Toronto','UTC'])[1 + demo.h('tz' || d.n, 8)],
       r.title, r2.title,
       (ARRAY['entry','junior','mid','mid','senior','senior','lead','principal'])[1 + demo.h('lvl' || d.n, 8)],
       1 + demo.h('yoe' || d.n, 15),
       'https://www.linkedin.com/in/' || lower(d.first || '-' || d.last || '-' || d.n),
       CASE WHEN r.family IN ('eng', 'data') THEN 'https://github.com/' || lower(d.first || d.last || d.n) END,
       (ARRAY['conversational','formal','technical','behavioral'])[1 + demo.h('style' || d.n, 4)],
       true, u.created_at
FROM demo.users d
JOIN auth.users u ON u.id = demo.id('user:' || d.n)
JOIN demo.roles r ON r.n = 1 + demo.h('cur' || d.n, 17)
JOIN demo.roles r2 ON r2.n = 1 + demo.h('tgt' || d.n, 17);

INSERT INTO user_profiles (user_id, full_name, timezone, current_job_role, target_role, experience_level,
	years_of_experience, linkedin_url, github_url, preferred_interview_style, onboarding_completed, created_at)
VALUES
	(demo.id('user:demo'), 'Dana Demo', 'Europe/London', 'Software Engineer', 'Senior Software Engineer', 'mid', 4,
	 'https://www.linkedin.com/in/dana-demo', 'https://github.com/danademo', 'technical', true, now() - interval '150 days'),
	(demo.id('user:admin'), 'Alex Admin', 'UTC', 'Community Manager', NULL, 'senior', 9, NULL, NULL, NULL, true,
	 now() - interval '300 days');

-- Plans: mostly free (1 credit a month), some basic (5), a few premium (15).
CREATE TABLE demo.plans AS
SELECT u.id AS user_id, u.created_at,
       CASE WHEN u.email = 'demo@preptalk.test' THEN 'basic'
            WHEN demo.h('plan' || u.id, 20) < 14 OR u.role = 'admin' THEN 'free'
            WHEN demo.h('plan' || u.id, 20) < 19 THEN 'basic' ELSE 'premium' END AS plan_type
FROM auth.users u;

INSERT INTO subscriptions (user_id, stripe_customer_id, stripe_subscription_id, stripe_price_id, plan_type, status,
	current_period_start, current_period_end, monthly_credits, features, created_at)
SELECT p.user_id,
       CASE WHEN p.plan_type <> 'free' THEN 'cus_demo' || substr(md5(p.user_id::text), 1, 14) END,
       CASE WHEN p.plan_type <> 'free' THEN 'sub_demo' || substr(md5('s' || p.user_id::text), 1, 14) END,
       CASE p.plan_type WHEN 'basic' THEN 'price_basic_monthly' WHEN 'premium' THEN 'price_premium_monthly' END,
       p.plan_type, 'active', date_trunc('day', now()) - interval '10 days', date_trunc('day', now()) + interval '20 days',
       CASE p.plan_type WHEN 'free' THEN 1 WHEN 'basic' THEN 5 ELSE 15 END,
       CASE p.plan_type WHEN 'free' THEN '{"voice_interviews": false, "detailed_feedback": false, "resume_review": false, "priority_support": false, "api_access": false}'::jsonb
                        WHEN 'basic' THEN '{"voice_interviews": false, "detailed_feedback": true, "resume_review": false, "priority_support": false, "api_access": false}'::jsonb
                        ELSE '{"voice_interviews": true, "detailed_feedback": true, "resume_review": true, "priority_support": true, "api_access": true}'::jsonb END,
       p.created_at
FROM demo.plans p;
