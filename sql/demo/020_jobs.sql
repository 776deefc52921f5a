-- 020_jobs.sql: 150 jobs (six per company, three for the last two), their structured requirements,
-- one active curriculum per job with 3-6 rounds, and a question bank of 9-11 questions per round;
-- then interview patterns and smart questions per company. Set-based and deterministic.
CREATE TABLE demo.jobs AS
SELECT row_number() OVER (ORDER BY c.n, k) AS n, c.n AS company_n, k,
       ((c.n - 1) * 5 + k * 3) % 17 + 1 AS role_n
FROM demo.companies c
CROSS JOIN LATERAL generate_series(0, CASE WHEN c.n <= 24 THEN 5 ELSE 2 END) AS k;

INSERT INTO jobs (id, company_id, title, normalized_title, department, team, level, job_type, work_arrangement,
	location, location_requirement, salary_min, salary_max, salary_currency, equity_offered, source_url, source_job_id,
	application_url, posted_date, expiry_date, raw_description, parsed_description, is_active, application_count, last_checked_at)
SELECT demo.id('job:' || dj.n), co.id, r.title,
       lower(regexp_replace(r.title, '[^A-Za-z]+', '_', 'g')), r.department,
       (ARRAY['Core Platform', 'Growth', 'Payments', 'Insights', 'Customer Experience', 'Foundations'])[dj.k + 1],
       r.level, 'full-time',
       CASE WHEN co.remote_first THEN 'remote' WHEN demo.h('wa' || dj.n, 3) = 0 THEN 'onsite' ELSE 'hybrid' END,
       CASE WHEN co.remote_first THEN 'Remote (' || split_part(co.headquarters_location, ', ', 2) || ' time zones)'
            ELSE co.headquarters_location END,
       CASE WHEN co.remote_first THEN 'Within 3 hours of ' || split_part(co.headquarters_location, ', ', 1) || ' time' END,
       s.base, s.base + 30000 + demo.h('sal' || dj.n, 4) * 5000,
       CASE WHEN co.headquarters_location LIKE '%, UK' THEN 'GBP' WHEN co.headquarters_location LIKE '%, DE' THEN 'EUR'
            WHEN co.headquarters_location LIKE '%, ON' OR co.headquarters_location LIKE '%, QC' THEN 'CAD' ELSE 'USD' END,
       co.company_type IN ('startup', 'scaleup'),
       'https://' || co.domain || '/careers/' || lower(regexp_replace(r.title, '[^A-Za-z]+', '-', 'g')) || '-' || dj.n,
       'PT-' || lpad(dj.n::text, 5, '0'),
       'https://' || co.domain || '/careers/apply/' || dj.n,
       CURRENT_DATE - (3 + demo.h('posted' || dj.n, 50)),
       CURRENT_DATE + (30 + demo.h('exp' || dj.n, 40)),
       format(E'%s is hiring a %s to join the %s team.\n\n%s\n\nWhat you will do:\n- %s\n\nWhat we look for:\n- %s\n\nNice to have:\n- %s',
              co.name, r.title,
              (ARRAY['Core Platform', 'Growth', 'Payments', 'Insights', 'Customer Experience', 'Foundations'])[dj.k + 1],
              co.overview->>'mission',
              (SELECT string_agg(x, E'\n- ') FROM jsonb_array_elements_text(r.responsibilities) x),
              (SELECT string_agg(x, E'\n- ') FROM jsonb_array_elements_text(r.requirements) x),
              (SELECT string_agg(x, E'\n- ') FROM jsonb_array_elements_text(r.nice) x)),
       jsonb_build_object('responsibilities', r.responsibilities, 'requirements', r.requirements,
                          'nice_to_have', r.nice,
                          'benefits', '["Health, dental and vision cover", "Learning budget", "Flexible hours", "Parental leave"]'::jsonb,
                          'about_team', format('The %s team at %s: %s', r.department, co.name, co.overview->>'culture_notes')),
       NOT (dj.k = 5 AND dj.company_n % 4 = 0),
       demo.h('apps' || dj.n, 120),
       now() - interval '1 day'
FROM demo.jobs dj
JOIN demo.roles r ON r.n = dj.role_n
JOIN companies co ON co.id = demo.id('company:' || dj.company_n)
CROSS JOIN LATERAL (SELECT CASE r.level WHEN 'junior' THEN 70000 WHEN 'mid' THEN 105000 WHEN 'senior' THEN 145000
                                        WHEN 'lead' THEN 165000 WHEN 'staff' THEN 190000 ELSE 90000 END
                           + demo.h('base' || dj.n, 6) * 5000 AS base) s;

INSERT INTO job_requirements (job_id, technical_skills, soft_skills, domain_knowledge, minimum_years_experience,
	preferred_years_experience, education_level, preferred_majors, required_certifications, preferred_certifications,
	extraction_confidence, extraction_model, manual_review)
SELECT demo.id('job:' || dj.n), r.technical, r.soft,
       jsonb_build_array(jsonb_build_object('domain', c.industry, 'specific_areas',
                         jsonb_build_array(co.sub_industry), 'required', r.level IN ('senior', 'staff', 'lead'))),
       CASE r.level WHEN 'junior' THEN 0 WHEN 'mid' THEN 3 WHEN 'senior' THEN 5 WHEN 'lead' THEN 6 WHEN 'staff' THEN 8 END,
       CASE r.level WHEN 'junior' THEN 1 WHEN 'mid' THEN 4 WHEN 'senior' THEN 7 WHEN 'lead' THEN 8 WHEN 'staff' THEN 10 END,
       CASE WHEN r.family IN ('eng', 'data') THEN 'bachelor' ELSE 'none' END,
       CASE WHEN r.family IN ('eng', 'data') THEN ARRAY['Computer Science', 'Mathematics', 'Engineering'] END,
       '[]', CASE WHEN r.title = 'Security Engineer' THEN '["OSCP", "CISSP"]'::jsonb ELSE '[]'::jsonb END,
       0.8 + demo.h('conf' || dj.n, 20) / 100.0, 'preptalk-extractor-1', demo.h('rev' || dj.n, 5) = 0
FROM demo.jobs dj
JOIN demo.roles r ON r.n = dj.role_n
JOIN demo.companies c ON c.n = dj.company_n
JOIN companies co ON co.id = demo.id('company:' || dj.company_n);

INSERT INTO curricula (id, job_id, version, is_active, generation_model, generation_cost_cents, generation_duration_ms,
	title, overview, learning_objectives, total_rounds, estimated_total_minutes, difficulty_level,
	completeness_score, relevance_score, difficulty_score, created_at, expires_at)
SELECT demo.id('curriculum:' || dj.n), demo.id('job:' || dj.n), 1, true, 'preptalk-curriculum-1',
       20 + demo.h('cost' || dj.n, 40), 8000 + demo.h('ms' || dj.n, 9000),
       format('%s interview preparation — %s', r.title, c.name),
       format('A %s-round practice loop modelled on how %s interviews for %s roles: %s.', cardinality(r.rounds), c.name,
              r.title, (SELECT string_agg(rt.title, ', ' ORDER BY o) FROM unnest(r.rounds) WITH ORDINALITY u(t, o)
                        JOIN demo.round_types rt ON rt.round_type = u.t)),
       jsonb_build_array(
           'Explain your experience with ' || (r.technical->0->>'skill') || ' using concrete examples',
           'Answer behavioural questions in STAR form with measurable results',
           'Show how your work connects to ' || c.name || '''s mission',
           'Ask insightful questions about the team and role'),
       cardinality(r.rounds),
       (SELECT sum(rt.duration) FROM unnest(r.rounds) u(t) JOIN demo.round_types rt ON rt.round_type = u.t),
       CASE r.level WHEN 'junior' THEN 'beginner' WHEN 'mid' THEN 'intermediate' WHEN 'senior' THEN 'advanced' ELSE 'expert' END,
       0.75 + demo.h('cs' || dj.n, 25) / 100.0, 0.70 + demo.h('rs' || dj.n, 30) / 100.0, 0.6 + demo.h('ds' || dj.n, 30) / 100.0,
       now() - interval '200 days', now() + interval '60 days'
FROM demo.jobs dj
JOIN demo.roles r ON r.n = dj.role_n
JOIN demo.companies c ON c.n = dj.company_n;

INSERT INTO curriculum_rounds (id, curriculum_id, round_number, round_type, title, description, duration_minutes,
	interviewer_persona, opening_script, closing_script, time_management, topics_to_cover, evaluation_criteria, passing_score)
SELECT demo.id('cround:' || dj.n || ':' || u.o), demo.id('curriculum:' || dj.n), u.o, u.t, rt.title,
       format('%s for the %s role at %s. Focus: %s.', rt.title, r.title, c.name,
              (SELECT string_agg(x->>'topic', ', ') FROM jsonb_array_elements(rt.topics) x)),
       rt.duration,
       rt.persona || jsonb_build_object('company', c.name),
       format('Hi, I''m %s, %s at %s. Thanks for making the time. In the next %s minutes we''ll cover %s. Ready when you are.',
              rt.persona->>'name', rt.persona->>'role', c.name, rt.duration,
              lower((SELECT string_agg(x->>'topic', ', ') FROM jsonb_array_elements(rt.topics) x))),
       'That''s all from me. Thank you — you''ll get detailed feedback on this round right away.',
       jsonb_build_object('introduction', 2, 'main_content', rt.duration - 7, 'questions_from_candidate', 5),
       rt.topics || jsonb_build_array(jsonb_build_object('topic', r.technical->0->>'skill', 'subtopics',
                      jsonb_build_array('real project experience', 'trade-offs'), 'depth', 'intermediate',
                      'time_allocation', 5, 'must_cover', u.t IN ('technical_screen', 'coding', 'system_design', 'case_study'))),
       rt.criteria,
       CASE WHEN r.level IN ('senior', 'staff', 'lead') THEN 75 ELSE 70 END
FROM demo.jobs dj
JOIN demo.roles r ON r.n = dj.role_n
JOIN demo.companies c ON c.n = dj.company_n
CROSS JOIN LATERAL unnest(r.rounds) WITH ORDINALITY u(t, o)
JOIN demo.round_types rt ON rt.round_type = u.t;

-- The round type's pool, plus one question about the job's first required skill.
INSERT INTO question_bank (id, curriculum_round_id, question_text, question_type, category, difficulty, is_required,
	max_uses_per_session, follow_up_questions, expected_answer_points, scoring_guide)
SELECT demo.id('q:' || cr.id || ':' || q.n), cr.id, q.question_text, q.question_type, q.category, q.difficulty, q.is_required,
       1, q.followups, q.points,
       jsonb_build_object('excellent_indicators', jsonb_build_array('Covers every expected point', 'Uses a concrete example with a result'),
                          'red_flags', jsonb_build_array('Vague or hypothetical only', 'Blames others'),
                          'partial_credit', true)
FROM curriculum_rounds cr
JOIN demo.questions q ON q.round_type = cr.round_type
UNION ALL
SELECT demo.id('q:' || cr.id || ':skill'), cr.id,
       format('This role relies heavily on %s. Tell me about the most demanding thing you have done with it.', sk.skill),
       'technical', lower(sk.skill), 'medium', false, 1,
       jsonb_build_array('What would you do differently today?', format('How do you keep your %s skills current?', sk.skill)),
       jsonb_build_array('A specific project with context and scale', 'The candidate''s own contribution and decisions',
                         'Trade-offs considered', 'A measurable outcome'),
       '{"excellent_indicators": ["Depth beyond tutorials"], "red_flags": ["Only lists buzzwords"], "partial_credit": true}'::jsonb
FROM curriculum_rounds cr
JOIN curricula cu ON cu.id = cr.curriculum_id
JOIN job_requirements jr ON jr.job_id = cu.job_id
CROSS JOIN LATERAL (SELECT jr.technical_skills->0->>'skill' AS skill) sk;

-- Company intelligence: patterns detected from the loop and the community, smart questions to ask.
INSERT INTO interview_patterns (id, company_id, pattern_type, pattern_content, occurrence_count, total_observations,
	confidence_score, first_observed_at, last_observed_at, manually_verified)
SELECT demo.id('pattern:' || c.n || ':' || p.kind), co.id, p.kind, p.content, p.occ, p.total,
       round((p.occ::numeric / p.total), 2), now() - interval '300 days', now() - make_interval(days => demo.h('seen' || c.n || p.kind, 40)),
       p.kind IN ('process_step', 'red_flag')
FROM demo.companies c
JOIN companies co ON co.id = demo.id('company:' || c.n)
CROSS JOIN LATERAL (VALUES
	('process_step', jsonb_build_object(
		'description', format('Loop of %s rounds over about %s days', co.interview_process->>'typical_rounds',
		                      co.interview_process->>'average_duration_days'),
		'frequency', 0.9, 'examples', co.interview_process->'common_interviewers',
		'context', 'Reported by most candidates'), 18 + demo.h('a' || c.n, 10), 30),
	('evaluation_focus', jsonb_build_object(
		'description', format('Interviewers probe "%s" with requests for concrete examples', co.overview->'values'->>0),
		'frequency', 0.7, 'examples', jsonb_build_array(format('Tell me about a time you showed %s.', lower(co.overview->'values'->>0))),
		'context', 'Behavioural and final rounds'), 12 + demo.h('b' || c.n, 8), 25),
	('common_question', jsonb_build_object(
		'description', 'Frequently reported question',
		'frequency', 0.6, 'examples', (SELECT jsonb_agg(question_text) FROM demo.questions
		                               WHERE round_type = 'behavioral' AND n IN (1 + c.n % 10, 1 + (c.n + 3) % 10)),
		'context', 'Behavioural round'), 9 + demo.h('c' || c.n, 8), 22),
	('red_flag', jsonb_build_object(
		'description', co.interview_process->'red_flags'->>0,
		'frequency', 0.3, 'examples', '[]'::jsonb, 'context', 'Mentioned in community experiences'), 4 + demo.h('d' || c.n, 5), 20),
	('success_factor', jsonb_build_object(
		'description', 'Candidates who receive offers quantify their results and tie them to the mission: '
		               || (co.overview->>'mission'),
		'frequency', 0.65, 'examples', co.interview_process->'green_flags', 'context', 'Offer recipients'),
		10 + demo.h('e' || c.n, 6), 18)
) AS p(kind, content, occ, total);

CREATE TABLE demo.smart (n int, text text, category text, round text, role text, rationale text, insights text, followups jsonb);
INSERT INTO demo.smart VALUES
(1, 'What does success look like in this role after six months, and how will it be measured?', 'success_metrics', 'phone_screen', 'recruiter',
 'Shows you think about outcomes, and tells you whether expectations are realistic.', 'Concrete goals and how performance is judged.', '["Who sets those goals?", "What did the last person in the role achieve?"]'),
(2, 'How does the team decide what to work on next quarter?', 'process', 'behavioral', 'hiring manager',
 'Reveals how much influence individuals have on the roadmap.', 'Planning process, autonomy and stakeholder dynamics.', '["Can you give a recent example?"]'),
(3, 'What is the biggest technical or operational challenge the team faces right now?', 'challenges', 'system_design', 'peer',
 'Signals you want to solve real problems and gives a preview of your first projects.', 'Current pain points and technical debt.', '["What has been tried so far?"]'),
(4, 'How do you see %s''s value "%s" show up in everyday decisions?', 'culture', 'culture_fit', 'executive',
 'Tests whether stated values are lived, and shows you researched the company.', 'Real examples of culture in action.', '["When was that value hardest to keep?"]'),
(5, 'How do people on this team grow — what did the last promotion look like?', 'growth', 'final', 'hiring manager',
 'Career growth is one of the best predictors of satisfaction.', 'Promotion criteria and support for learning.', '["Is there a learning budget?"]'),
(6, 'What happens when something breaks in production or a project slips?', 'team', 'behavioral', 'peer',
 'Shows how the team handles failure: blame or learning.', 'Incident culture and psychological safety.', '["Can you share a recent example?"]'),
(7, 'Where is %s heading in the next two years, and how does this team contribute?', 'company_direction', 'final', 'executive',
 'Connects your role to the strategy.', 'Strategic priorities and the team''s place in them.', '["What could change that plan?"]'),
(8, 'How is the interview feedback used, and when can I expect to hear back?', 'process', 'phone_screen', 'recruiter',
 'Sets expectations for the process and shows professionalism.', 'Timeline and decision makers.', '[]'),
(9, 'Which tools and practices does the team rely on for code review and quality?', 'technical', 'technical_screen', 'peer',
 'Reveals engineering maturity.', 'Review culture, testing, CI/CD.', '["How long does a typical review take?"]'),
(10, 'What do new hires usually find surprising in their first month?', 'culture', 'culture_fit', 'peer',
 'Peers tend to answer candidly, which surfaces unwritten norms.', 'Onboarding reality and hidden expectations.', '[]'),
(11, 'How does the team work with %s''s customers or users directly?', 'team', 'case_study', 'hiring manager',
 'Shows customer focus.', 'How close engineers and PMs are to users.', '["How often do you run user research?"]'),
(12, 'What would you want the person in this role to do differently from the previous one?', 'challenges', 'final', 'hiring manager',
 'Uncovers gaps the team wants filled.', 'Unmet needs and expectations.', '[]');

INSERT INTO smart_questions (id, company_id, question_text, question_category, best_asked_in_round, best_asked_to_role,
	rationale, expected_insights, follow_up_suggestions, times_used, success_rate, user_rating, source)
SELECT demo.id('smart:' || c.n || ':' || s.n), co.id,
       CASE s.n WHEN 4 THEN format(s.text, c.name, co.overview->'values'->>0)
                WHEN 7 THEN format(s.text, c.name) WHEN 11 THEN format(s.text, c.name) ELSE s.text END,
       s.category, s.round, s.role, s.rationale, s.insights, s.followups,
       demo.h('tu' || c.n || s.n, 200), 0.5 + demo.h('sr' || c.n || s.n, 45) / 100.0,
       3.2 + demo.h('ur' || c.n || s.n, 18) / 10.0,
       CASE WHEN s.n % 3 = 0 THEN 'user_contributed' ELSE 'expert_curated' END
FROM demo.companies c
JOIN companies co ON co.id = demo.id('company:' || c.n)
JOIN demo.smart s ON demo.h('pick' || c.n || ':' || s.n, 12) < 7 OR s.n IN (1, 4);
