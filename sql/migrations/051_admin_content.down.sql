-- 051_admin_content (down): drops the company, job and curriculum admin functions of 051
-- (050's shared helpers stay until 050 is rolled back).
DROP FUNCTION app.admin_companies(text, jsonb), app.admin_company_choices(), app.admin_company_form_of(companies),
	app.admin_company_form(text, jsonb), app.admin_company_save(text, jsonb, text, text, text),
	app.admin_company_delete_page(text, jsonb), app.admin_company_delete(text, jsonb, text, text, text),
	app.admin_jobs(text, jsonb), app.admin_job_form_of(jobs, job_requirements), app.admin_job_form(text, jsonb),
	app.admin_skill_rows(jsonb, text, integer, jsonb), app.admin_job_save(text, jsonb, text, text, text),
	app.admin_job_set_active(text, boolean, text, text, text), app.admin_job_deactivate(text, jsonb, text, text, text),
	app.admin_job_activate(text, jsonb, text, text, text), app.admin_curriculum_editable(uuid),
	app.admin_curriculum_assert_editable(uuid), app.admin_job_curricula(text, jsonb),
	app.admin_curriculum_new_version(text, jsonb, text, text, text), app.admin_curriculum(text, jsonb),
	app.admin_curriculum_save(text, jsonb, text, text, text), app.admin_curriculum_activate(text, jsonb, text, text, text),
	app.admin_round_types(), app.admin_round_add(text, jsonb, text, text, text), app.admin_round_form_of(curriculum_rounds),
	app.admin_round(text, jsonb), app.admin_round_save(text, jsonb, text, text, text),
	app.admin_round_delete(text, jsonb, text, text, text), app.admin_question_form_of(question_bank),
	app.admin_question_page(uuid, question_bank), app.admin_question_new(text, jsonb), app.admin_question(text, jsonb),
	app.admin_question_write(uuid, uuid, jsonb, text, text, text), app.admin_question_create(text, jsonb, text, text, text),
	app.admin_question_save(text, jsonb, text, text, text), app.admin_question_delete(text, jsonb, text, text, text);
