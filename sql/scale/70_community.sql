-- 70_community: interview experiences (posts) on companies picked with a power law, 90% published,
-- helpful/outdated votes (counts on the post match the vote rows) and a few reports.
\set ON_ERROR_STOP 1
CREATE TABLE scale.cmap AS
SELECT row_number() OVER (ORDER BY j.company_id) AS n, j.company_id, min(j.n) AS job_lo, count(*)::int AS njobs
FROM scale.jobmap j GROUP BY j.company_id;
ALTER TABLE scale.cmap ADD PRIMARY KEY (n);
SELECT count(*) AS ncompanies FROM scale.cmap \gset

CREATE UNLOGGED TABLE scale.posts AS
SELECT p, scale.id('spost:' || p) AS id, 1 + scale.h(p, 61, :users) AS u,
       least(:ncompanies, 1 + floor(:ncompanies * power(scale.f(p, 62), 2)))::int AS cn,
       CASE WHEN scale.h(p, 63, 100) < 90 THEN 'published' WHEN scale.h(p, 63, 100) < 97 THEN 'pending' ELSE 'hidden' END AS status,
       CASE WHEN scale.h(p, 63, 100) < 90 THEN scale.h(p, 64, 11) ELSE 0 END AS nv,
       now() - make_interval(days => 1 + scale.h(p, 65, 360), mins => scale.h(p, 66, 1440)) AS created_at
FROM generate_series(1, :posts) AS p;
ALTER TABLE scale.posts ADD PRIMARY KEY (p);

BEGIN;
TRUNCATE user_feedback;
INSERT INTO user_feedback (id, user_id, company_id, job_id, feedback_type, title, content, role_title, level, location,
	is_remote, interview_date, application_source, process_length_days, outcome, experience, difficulty, rounds, tips,
	moderation_status, hidden_reason, published_at, helpful_count, outdated_count, report_count, is_public, is_anonymous,
	created_at, updated_at)
SELECT x.id, us.id, cm.company_id, CASE WHEN scale.h(x.p, 67, 10) < 7 THEN jm.job_id END, 'interview_experience',
       (ARRAY['Friendly loop, tough system design', 'Well organised and fast', 'Long process but fair', 'Ghosted after the final round',
              'Great interviewers, clear rubric', 'Take-home ran long'])[1 + scale.h(x.p, 68, 6)],
       (ARRAY['The recruiter call was relaxed and covered my background and salary expectations. The technical screen was a practical exercise close to real work; they cared about how I reasoned more than the final answer.',
              'Four rounds in two weeks. The behavioural round went deep on one project: what I decided, what I would change, and how I measured the result. Prepare two or three stories with numbers.',
              'The system design round asked for a rate limiter for a public API. They pushed on failure modes and on how I would roll it out safely. Feedback came within three business days.',
              'Coding round on a shared editor, medium difficulty, with follow-ups about complexity and tests. The final round with a director was about motivation and how I handle disagreement.'])[1 + scale.h(x.p, 69, 4)],
       (ARRAY['Software Engineer', 'Senior Software Engineer', 'Data Analyst', 'Product Manager', 'Designer', 'Data Scientist'])[1 + scale.h(x.p, 70, 6)],
       (ARRAY['junior', 'mid', 'senior', 'lead', 'staff'])[1 + scale.h(x.p, 71, 5)],
       (ARRAY['Remote', 'New York, NY', 'London, UK', 'Berlin, DE', 'Austin, TX', 'Toronto, ON'])[1 + scale.h(x.p, 72, 6)],
       scale.h(x.p, 73, 3) = 0, date_trunc('month', x.created_at - interval '20 days')::date,
       (ARRAY['online_application', 'referral', 'recruiter', 'campus', 'agency', 'other'])[1 + scale.h(x.p, 74, 6)],
       7 + scale.h(x.p, 75, 60),
       (ARRAY['offer_accepted', 'offer_declined', 'no_offer', 'withdrew', 'pending'])[1 + scale.h(x.p, 76, 5)],
       (ARRAY['positive', 'positive', 'neutral', 'negative'])[1 + scale.h(x.p, 77, 4)],
       1 + scale.h(x.p, 78, 5),
       jsonb_build_array(jsonb_build_object('type', 'phone_screen', 'duration_minutes', 30, 'interviewer_role', 'Recruiter',
                                            'topics', '["background"]'::jsonb, 'questions', '["Why this company?"]'::jsonb),
                         jsonb_build_object('type', (ARRAY['coding', 'system_design', 'behavioral'])[1 + scale.h(x.p, 79, 3)],
                                            'duration_minutes', 60, 'interviewer_role', 'Senior Engineer',
                                            'topics', '["trade-offs"]'::jsonb, 'questions', '[]'::jsonb)),
       CASE WHEN scale.h(x.p, 80, 2) = 0 THEN 'Quantify your results and ask about the team''s roadmap.' END,
       x.status, CASE WHEN x.status = 'hidden' THEN 'Names an interviewer' END,
       CASE WHEN x.status = 'published' THEN x.created_at + interval '1 day' END,
       x.nv - x.nv / 5, x.nv / 5, (x.p % 100 = 0)::int, true, scale.h(x.p, 81, 5) = 0,
       x.created_at, x.created_at
FROM scale.posts x
JOIN scale.users us ON us.u = x.u
JOIN scale.cmap cm ON cm.n = x.cn
JOIN scale.jobmap jm ON jm.n = cm.job_lo + scale.h(x.p, 82, cm.njobs);
COMMIT;

BEGIN;
TRUNCATE user_feedback_votes;
INSERT INTO user_feedback_votes (feedback_id, user_id, vote, created_at, updated_at)
SELECT x.id, us.id, CASE WHEN i % 5 = 0 THEN 'outdated' ELSE 'helpful' END,
       x.created_at + make_interval(days => 1 + i), x.created_at + make_interval(days => 1 + i)
FROM scale.posts x
CROSS JOIN LATERAL generate_series(1, x.nv) AS i
JOIN scale.users us ON us.u = 1 + ((x.p::bigint * 7919 + i * 104729) % :users);
COMMIT;

BEGIN;
TRUNCATE user_feedback_reports;
INSERT INTO user_feedback_reports (id, feedback_id, user_id, reason, details, status, created_at)
SELECT scale.id('sreport:' || x.p), x.id, us.id, (ARRAY['spam', 'inaccurate', 'names_interviewer'])[1 + scale.h(x.p, 83, 3)],
       'Reported during the scale load', CASE WHEN x.p % 100 = 0 THEN 'open' ELSE 'dismissed' END, x.created_at + interval '2 days'
FROM scale.posts x JOIN scale.users us ON us.u = 1 + (x.p * 31) % :users
WHERE x.p % 50 = 0;
COMMIT;
SELECT format('%s posts, %s votes, %s reports', count(*), sum(nv), count(*) FILTER (WHERE p % 50 = 0)) AS msg
FROM scale.posts \gset
\echo :msg
