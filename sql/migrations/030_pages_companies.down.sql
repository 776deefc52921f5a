-- 030_pages_companies (down): drops the page models and community writes of 030.
DROP FUNCTION IF EXISTS app.experience_report(uuid, text, text, text, text, text);
DROP FUNCTION IF EXISTS app.experience_vote(uuid, text, text, text, text);
DROP FUNCTION IF EXISTS app.experience_company(uuid);
DROP FUNCTION IF EXISTS app.experience_create(uuid, jsonb, text, text, text);
DROP FUNCTION IF EXISTS app.author_is_trusted(uuid);
DROP FUNCTION IF EXISTS app.experience_form(uuid, jsonb);
DROP FUNCTION IF EXISTS app.job_page(uuid);
DROP FUNCTION IF EXISTS app.company_page(uuid, uuid, text);
DROP FUNCTION IF EXISTS app.experience_json(user_feedback, uuid);
DROP FUNCTION IF EXISTS app.author_display_name(uuid);
DROP FUNCTION IF EXISTS app.companies_page(text, text, text, text, text, uuid, text);
DROP FUNCTION IF EXISTS app.company_tsquery(text);
DROP FUNCTION IF EXISTS app.url_encode(text);
DROP FUNCTION IF EXISTS app.humanize(text);
