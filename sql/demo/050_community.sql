-- 050_community.sql: interview experiences shared by candidates (8 per company: mostly published,
-- some pending moderation, a few hidden with a reason), votes, reports, and an audit trail.
CREATE TABLE demo.posts AS
SELECT demo.id('post:' || c.n || ':' || kk) AS id, c.n AS company_n, kk AS k,
       demo.id('user:' || (1 + demo.h('author' || c.n || kk, 300))) AS user_id,
       (SELECT dj.n FROM demo.jobs dj WHERE dj.company_n = c.n AND dj.k = demo.h('pj' || c.n || kk, 3)) AS job_n,
       CASE WHEN kk = 8 THEN 'pending' WHEN kk = 7 AND c.n % 3 = 0 THEN 'hidden' ELSE 'published' END AS status,
       (ARRAY['positive', 'positive', 'neutral', 'negative', 'positive', 'neutral'])[1 + demo.h('exp' || c.n || kk, 6)] AS experience,
       (ARRAY['offer_accepted', 'no_offer', 'offer_declined', 'no_offer', 'withdrew', 'pending'])[1 + demo.h('out' || c.n || kk, 6)] AS outcome,
       2 + demo.h('dif' || c.n || kk, 4) AS difficulty,
       (ARRAY['online_application', 'referral', 'recruiter', 'campus', 'agency', 'online_application'])[1 + demo.h('src' || c.n || kk, 6)] AS source,
       now() - make_interval(days => 5 + demo.h('when' || c.n || kk, 200)) AS created_at
FROM demo.companies c CROSS JOIN generate_series(1, 8) AS kk;

CREATE TABLE demo.post_tips (n int PRIMARY KEY, tip text);
INSERT INTO demo.post_tips VALUES
(1, 'Prepare two or three stories with numbers; they asked for metrics every time.'),
(2, 'Ask the recruiter for the agenda: they will tell you which rounds are technical.'),
(3, 'Think aloud in the coding round. The interviewer helped once I explained my approach.'),
(4, 'Read the company''s engineering blog; one interviewer referred to a recent post.'),
(5, 'Clarify requirements before drawing anything in system design. They explicitly scored it.'),
(6, 'Be ready to talk about a failure in detail, including what you changed afterwards.'),
(7, 'Bring your own questions for every interviewer; they noticed when I had none.');

INSERT INTO user_feedback (id, user_id, company_id, job_id, feedback_type, title, content, role_title, level, location,
	is_remote, interview_date, application_source, process_length_days, outcome, experience, difficulty, rounds, tips,
	interview_round, interviewer_role, final_outcome, is_verified, verification_method, moderation_status, hidden_reason,
	moderated_by, moderated_at, published_at, is_anonymous, created_at)
SELECT p.id, p.user_id, co.id, j.id, 'interview_experience',
       format('%s interview — %s', j.title, CASE p.experience WHEN 'positive' THEN 'well organised and fair'
                                                          WHEN 'neutral' THEN 'fair but long' ELSE 'disorganised' END),
       format(E'I applied through %s and the whole process took about %s days. %s\n\n%s The hardest part was the %s round.%s',
              replace(p.source, '_', ' '), co.interview_process->>'average_duration_days',
              CASE p.experience WHEN 'positive' THEN 'Everyone I met was prepared and friendly, and the recruiter kept me updated.'
                                WHEN 'neutral' THEN 'The interviewers were fine, but scheduling dragged and I had to chase for updates.'
                                ELSE 'Two interviews were rescheduled at short notice and one interviewer had not read my CV.' END,
              'Green flag: ' || (co.interview_process->'green_flags'->>0) || '. Watch out: ' || lower(co.interview_process->'red_flags'->>0) || '.',
              replace((SELECT cr.round_type FROM curriculum_rounds cr WHERE cr.curriculum_id = demo.id('curriculum:' || p.job_n)
                       ORDER BY cr.duration_minutes DESC, cr.round_number LIMIT 1), '_', ' '),
              CASE WHEN p.status = 'hidden' THEN ' The interviewer, whose full name I will share here, asked confidential questions.' ELSE '' END),
       j.title, j.level, j.location, j.work_arrangement = 'remote',
       date_trunc('month', p.created_at - interval '20 days')::date, p.source,
       (co.interview_process->>'average_duration_days')::int + demo.h('len' || p.id, 10) - 5,
       p.outcome, p.experience, p.difficulty,
       (SELECT jsonb_agg(jsonb_build_object('type', cr.round_type, 'duration_minutes', cr.duration_minutes,
                                             'interviewer_role', cr.interviewer_persona->>'role',
                                             'topics', (SELECT jsonb_agg(t->>'topic') FROM jsonb_array_elements(cr.topics_to_cover) t),
                                             'questions', (SELECT jsonb_agg(question_text) FROM (SELECT q.question_text FROM question_bank q
                                                           WHERE q.curriculum_round_id = cr.id ORDER BY q.is_required DESC, q.id LIMIT 2) qq))
                         ORDER BY cr.round_number)
        FROM curriculum_rounds cr WHERE cr.curriculum_id = demo.id('curriculum:' || p.job_n)),
       (SELECT tip FROM demo.post_tips WHERE n = 1 + demo.h('tip' || p.id, 7)),
       'final', 'Hiring manager',
       CASE p.outcome WHEN 'offer_accepted' THEN 'offer_accepted' WHEN 'offer_declined' THEN 'offer_declined'
                      WHEN 'no_offer' THEN 'rejected' WHEN 'withdrew' THEN 'withdrew' ELSE 'ongoing' END,
       p.k % 2 = 0, CASE WHEN p.k % 2 = 0 THEN 'practice_history' END,
       p.status, CASE WHEN p.status = 'hidden' THEN 'Names an interviewer and shares confidential (NDA) content.' END,
       CASE WHEN p.status <> 'pending' THEN demo.id('user:admin') END,
       CASE WHEN p.status <> 'pending' THEN p.created_at + interval '1 day' END,
       CASE WHEN p.status = 'published' THEN p.created_at + interval '1 day' END,
       demo.h('anon' || p.id, 3) = 0, p.created_at
FROM demo.posts p
JOIN companies co ON co.id = demo.id('company:' || p.company_n)
JOIN jobs j ON j.id = demo.id('job:' || p.job_n);

-- The demo candidate's own post, still pending moderation.
INSERT INTO user_feedback (id, user_id, company_id, job_id, title, content, role_title, level, location, interview_date,
	application_source, process_length_days, outcome, experience, difficulty, rounds, tips, moderation_status, created_at)
SELECT demo.id('post:demo'), demo.id('user:demo'), j.company_id, j.id, 'Friendly loop, tough system design',
       'Recruiter call, a coding round on intervals, then system design (a rate limiter). Feedback came within three days.',
       j.title, j.level, j.location, date_trunc('month', now() - interval '20 days')::date, 'referral', 18, 'pending',
       'positive', 4, '[{"type": "coding", "duration_minutes": 60, "interviewer_role": "Staff Engineer", "topics": ["intervals"], "questions": ["Merge overlapping intervals"]}]',
       'Clarify requirements first in system design.', 'pending', now() - interval '2 days'
FROM jobs j WHERE j.id = demo.id('job:2');

-- Votes: each published post gets votes from about one user in twelve; older posts collect "outdated".
INSERT INTO user_feedback_votes (feedback_id, user_id, vote, created_at)
SELECT f.id, u.id,
       CASE WHEN f.created_at < now() - interval '150 days' AND demo.h('old' || f.id || u.id, 3) = 0 THEN 'outdated' ELSE 'helpful' END,
       f.created_at + make_interval(days => 1 + demo.h('vd' || f.id || u.id, 4))
FROM user_feedback f
JOIN auth.users u ON u.role = 'candidate' AND u.id IS DISTINCT FROM f.user_id
WHERE f.moderation_status = 'published' AND demo.h('vote' || f.id || u.id, 12) = 0;

INSERT INTO user_feedback_votes (feedback_id, user_id, vote)
SELECT f.id, demo.id('user:demo'), 'helpful' FROM user_feedback f
WHERE f.moderation_status = 'published' AND f.company_id = demo.id('company:1') AND f.user_id <> demo.id('user:demo')
ON CONFLICT (feedback_id, user_id) DO NOTHING;

-- Reports: the hidden posts were reported before moderation; one open report waits for an admin.
INSERT INTO user_feedback_reports (feedback_id, user_id, reason, details, status, resolved_by, resolved_at, created_at)
SELECT f.id, demo.id('user:' || (1 + demo.h('rep' || f.id, 300))), 'names_interviewer', 'Mentions the interviewer by name.',
       'actioned', demo.id('user:admin'), f.moderated_at, f.created_at + interval '12 hours'
FROM user_feedback f WHERE f.moderation_status = 'hidden'
UNION ALL
SELECT f.id, demo.id('user:' || (1 + demo.h('rep2' || f.id, 300))), 'inaccurate', 'The process described is from two years ago.',
       'open', NULL, NULL, now() - interval '3 days'
FROM user_feedback f WHERE f.id = demo.id('post:1:1');

-- Audit trail: sign-ups and log-ins over the last months.
INSERT INTO audit_logs (user_id, action, entity_type, entity_id, ip_address, user_agent, request_id, created_at)
SELECT u.id, 'signup', 'user', u.id, ('10.0.' || demo.h('ip' || u.id, 250) || '.' || (1 + demo.h('ip2' || u.id, 250)))::inet,
       'Mozilla/5.0 (X11; Linux x86_64)', 'req-' || substr(md5('su' || u.id), 1, 16), u.created_at
FROM auth.users u
UNION ALL
SELECT s.user_id, 'login', 'user', s.user_id, ('10.0.' || demo.h('ip' || s.user_id, 250) || '.' || (1 + demo.h('ip2' || s.user_id, 250)))::inet,
       'Mozilla/5.0 (X11; Linux x86_64)', 'req-' || substr(md5('li' || s.id), 1, 16), s.started_at - interval '2 minutes'
FROM interview_sessions s
UNION ALL
SELECT demo.id('user:admin'), 'moderate', 'user_feedback', f.id, '10.0.0.1', 'Mozilla/5.0 (X11; Linux x86_64)',
       'req-' || substr(md5('mod' || f.id), 1, 16), f.moderated_at
FROM user_feedback f WHERE f.moderated_at IS NOT NULL;

UPDATE audit_logs SET admin_id = user_id WHERE action = 'moderate';
