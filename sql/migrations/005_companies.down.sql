-- 005_companies (down)
DROP TABLE IF EXISTS smart_questions, interview_patterns, job_requirements, jobs, companies CASCADE;
