-- 10_reference: companies, jobs, requirements, curricula, rounds and question banks cloned from the demo's
-- reference content (name words x nouns make each company distinct); company patterns and smart questions.
\set ON_ERROR_STOP 1
CREATE TABLE scale.companies AS
SELECT c, scale.id('scompany:' || c) AS id, demo.id('company:' || (1 + (c - 1) % 26)) AS tid,
       (ARRAY['Amber','Birch','Cedar','Delta','Ember','Falcon','Granite','Harbor','Indigo','Juniper','Kestrel','Lumen',
              'Meridian','Nimbus','Onyx','Pioneer','Quartz','Redwood','Summit','Tundra','Umber','Vertex','Willow','Xenon',
              'Yarrow','Zephyr','Atlas','Beacon','Cobalt','Drift','Echo','Fable','Glacier','Horizon','Iris','Jasper',
              'Keystone','Lattice','Mosaic','Nova','Orchid','Prism','Quill','Ripple','Sierra','Tandem','Unity','Vivid',
              'Wren','Zenith'])[1 + (c - 1) % 50]
       || ' ' ||
       (ARRAY['Analytics','Systems','Labs','Health','Robotics','Logistics','Payments','Learning','Cloud','Energy',
              'Media','Security','Foods','Mobility','Studios','Networks','Bio','Capital','Retail','Games',
              'Insurance','Travel','Legal','Works','Data','Devices','Markets','Foundry','Signal','Commerce',
              'Dynamics','Partners','Software','Motors','Telecom','Pharma','Realty','Apparel','Aerospace','Ventures'])[1 + ((c - 1) / 50) % 40]
       AS name
FROM generate_series(1, :companies) AS c;

INSERT INTO companies (id, name, display_name, domain, logo_url, industry, sub_industry, company_size, company_type,
	headquarters_location, locations, remote_first, overview, recent_news, funding_info, interview_process, data_sources,
	confidence_score, verification_status, last_verified_at, created_at)
SELECT s.id, s.name, s.name, lower(replace(s.name, ' ', '')) || '.com', NULL, t.industry, t.sub_industry,
       (ARRAY['11-50','51-200','201-500','501-1000','1001-5000','5000+'])[1 + scale.h(s.c, 1, 6)],
       t.company_type, t.headquarters_location, t.locations, t.remote_first,
       jsonb_set(t.overview, '{mission}', to_jsonb(replace(t.overview->>'mission', t.name, s.name))),
       '[]', t.funding_info, t.interview_process, t.data_sources,
       round((0.4 + scale.f(s.c, 2) * 0.6)::numeric, 2), t.verification_status,
       now() - make_interval(days => scale.h(s.c, 3, 90)), now() - make_interval(days => 400 + scale.h(s.c, 4, 300))
FROM scale.companies s JOIN companies t ON t.id = s.tid;

-- Ten jobs per company, each the clone of one of the 150 demo jobs.
CREATE TABLE scale.jobs AS
SELECT (s.c - 1) * 10 + k + 1 AS j, s.c, s.id AS company_id, s.name AS company_name,
       1 + ((s.c - 1) * 10 + k) % 150 AS t,
       scale.id('sjob:' || ((s.c - 1) * 10 + k + 1)) AS id,
       scale.id('scur:' || ((s.c - 1) * 10 + k + 1)) AS cur_id
FROM scale.companies s CROSS JOIN generate_series(0, 9) AS k;
ALTER TABLE scale.jobs ADD PRIMARY KEY (j);

INSERT INTO jobs (id, company_id, title, normalized_title, department, team, level, job_type, work_arrangement,
	location, location_requirement, salary_min, salary_max, salary_currency, equity_offered, source_url, source_job_id,
	application_url, posted_date, expiry_date, raw_description, parsed_description, is_active, application_count, last_checked_at)
SELECT sj.id, sj.company_id, tj.title, tj.normalized_title, tj.department, tj.team, tj.level, tj.job_type, tj.work_arrangement,
       tj.location, tj.location_requirement, tj.salary_min, tj.salary_max, tj.salary_currency, tj.equity_offered,
       'https://' || lower(replace(sj.company_name, ' ', '')) || '.com/careers/' || sj.j, 'PTS-' || sj.j,
       'https://' || lower(replace(sj.company_name, ' ', '')) || '.com/careers/apply/' || sj.j,
       CURRENT_DATE - (3 + scale.h(sj.j, 5, 120)), CURRENT_DATE + (30 + scale.h(sj.j, 6, 60)),
       replace(tj.raw_description, tc.name, sj.company_name),
       jsonb_set(tj.parsed_description, '{about_team}', to_jsonb(replace(tj.parsed_description->>'about_team', tc.name, sj.company_name))),
       scale.h(sj.j, 7, 10) <> 0, scale.h(sj.j, 8, 200), now() - interval '1 day'
FROM scale.jobs sj
JOIN jobs tj ON tj.id = demo.id('job:' || sj.t)
JOIN companies tc ON tc.id = tj.company_id;

INSERT INTO job_requirements (id, job_id, technical_skills, soft_skills, domain_knowledge, minimum_years_experience,
	preferred_years_experience, education_level, preferred_majors, required_certifications, preferred_certifications,
	extraction_confidence, extraction_model, manual_review)
SELECT scale.id('sreq:' || sj.j), sj.id, r.technical_skills, r.soft_skills, r.domain_knowledge, r.minimum_years_experience,
       r.preferred_years_experience, r.education_level, r.preferred_majors, r.required_certifications,
       r.preferred_certifications, r.extraction_confidence, r.extraction_model, r.manual_review
FROM scale.jobs sj JOIN job_requirements r ON r.job_id = demo.id('job:' || sj.t);

INSERT INTO curricula (id, job_id, version, is_active, generation_model, generation_cost_cents, generation_duration_ms,
	title, overview, learning_objectives, total_rounds, estimated_total_minutes, difficulty_level,
	completeness_score, relevance_score, difficulty_score, created_at, expires_at)
SELECT sj.cur_id, sj.id, 1, true, tc.generation_model, tc.generation_cost_cents, tc.generation_duration_ms,
       replace(tc.title, co.name, sj.company_name), replace(tc.overview, co.name, sj.company_name),
       tc.learning_objectives, tc.total_rounds, tc.estimated_total_minutes, tc.difficulty_level,
       tc.completeness_score, tc.relevance_score, tc.difficulty_score, now() - interval '380 days', now() + interval '60 days'
FROM scale.jobs sj
JOIN curricula tc ON tc.id = demo.id('curriculum:' || sj.t)
JOIN jobs tj ON tj.id = tc.job_id
JOIN companies co ON co.id = tj.company_id;

CREATE TABLE scale.rounds AS
SELECT sj.j, r.round_number AS rn, scale.id('scr:' || sj.j || ':' || r.round_number) AS id, r.id AS tid,
       r.round_type, r.duration_minutes
FROM scale.jobs sj JOIN curriculum_rounds r ON r.curriculum_id = demo.id('curriculum:' || sj.t);
ALTER TABLE scale.rounds ADD PRIMARY KEY (j, rn);

INSERT INTO curriculum_rounds (id, curriculum_id, round_number, round_type, title, description, duration_minutes,
	interviewer_persona, voice_config, opening_script, closing_script, time_management, topics_to_cover,
	evaluation_criteria, passing_score)
SELECT sr.id, sj.cur_id, r.round_number, r.round_type, r.title, replace(r.description, co.name, sj.company_name),
       r.duration_minutes, r.interviewer_persona || jsonb_build_object('company', sj.company_name), r.voice_config,
       replace(r.opening_script, co.name, sj.company_name), r.closing_script, r.time_management, r.topics_to_cover,
       r.evaluation_criteria, r.passing_score
FROM scale.rounds sr
JOIN scale.jobs sj ON sj.j = sr.j
JOIN curriculum_rounds r ON r.id = sr.tid
JOIN jobs tj ON tj.id = demo.id('job:' || sj.t)
JOIN companies co ON co.id = tj.company_id;

INSERT INTO question_bank (id, curriculum_round_id, question_text, question_type, category, difficulty, is_required,
	max_uses_per_session, follow_up_questions, expected_answer_points, scoring_guide, created_at)
SELECT scale.id('sq:' || sr.j || ':' || q.id), sr.id, q.question_text, q.question_type, q.category, q.difficulty,
       q.is_required, q.max_uses_per_session, q.follow_up_questions, q.expected_answer_points, q.scoring_guide,
       now() - interval '380 days'
FROM scale.rounds sr JOIN question_bank q ON q.curriculum_round_id = sr.tid;

INSERT INTO interview_patterns (id, company_id, pattern_type, pattern_content, occurrence_count, total_observations,
	confidence_score, first_observed_at, last_observed_at, manually_verified)
SELECT scale.id('spattern:' || s.c || ':' || p.id), s.id, p.pattern_type, p.pattern_content, p.occurrence_count,
       p.total_observations, p.confidence_score, p.first_observed_at, p.last_observed_at, p.manually_verified
FROM scale.companies s JOIN interview_patterns p ON p.company_id = s.tid;

INSERT INTO smart_questions (id, company_id, question_text, question_category, best_asked_in_round, best_asked_to_role,
	rationale, expected_insights, follow_up_suggestions, times_used, success_rate, user_rating, source)
SELECT scale.id('ssmart:' || s.c || ':' || q.id), s.id, replace(q.question_text, t.name, s.name), q.question_category,
       q.best_asked_in_round, q.best_asked_to_role, q.rationale, q.expected_insights, q.follow_up_suggestions,
       q.times_used, q.success_rate, q.user_rating, q.source
FROM scale.companies s JOIN companies t ON t.id = s.tid JOIN smart_questions q ON q.company_id = s.tid;

-- Every job (demo ones too) with its active curriculum and round count, numbered for the session
-- generator; popular jobs come first (sessions pick jobs with a power law).
CREATE TABLE scale.jobmap AS
SELECT row_number() OVER (ORDER BY coalesce(sj.j, 0) DESC, j.id) AS n, j.id AS job_id, j.company_id, cu.id AS cur_id,
       cu.title AS cur_title, (SELECT count(*) FROM curriculum_rounds r WHERE r.curriculum_id = cu.id)::int AS rounds
FROM jobs j
JOIN curricula cu ON cu.job_id = j.id AND cu.is_active
LEFT JOIN scale.jobs sj ON sj.id = j.id;
ALTER TABLE scale.jobmap ADD PRIMARY KEY (n);
CREATE TABLE scale.roundmap AS
SELECT m.n, r.round_number AS rn, r.id AS cround_id, r.round_type, r.duration_minutes, r.evaluation_criteria,
       coalesce(sr.tid, r.id) AS tid
FROM scale.jobmap m
JOIN curriculum_rounds r ON r.curriculum_id = m.cur_id
LEFT JOIN scale.rounds sr ON sr.id = r.id;
ALTER TABLE scale.roundmap ADD PRIMARY KEY (n, rn);
ANALYZE scale.jobmap;
ANALYZE scale.roundmap;
SELECT format('%s companies, %s jobs, %s curriculum rounds, %s questions',
              (SELECT count(*) FROM companies), (SELECT count(*) FROM jobs), (SELECT count(*) FROM curriculum_rounds),
              (SELECT count(*) FROM question_bank)) AS msg \gset
\echo :msg
