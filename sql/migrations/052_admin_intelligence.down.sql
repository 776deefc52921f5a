-- 052_admin_intelligence (down): drops the smart question and interview pattern admin functions
-- of 052 (the tables and their page-cache triggers belong to 005 and 032).
DROP FUNCTION app.admin_intelligence(text, jsonb),
	app.admin_smart_question_form_of(smart_questions), app.admin_smart_question_form(text, jsonb),
	app.admin_smart_question_save(text, jsonb, text, text, text), app.admin_smart_question_delete_page(text, jsonb),
	app.admin_smart_question_delete(text, jsonb, text, text, text),
	app.admin_pattern_form_of(interview_patterns), app.admin_pattern_form(text, jsonb),
	app.admin_pattern_save(text, jsonb, text, text, text), app.admin_pattern_flag(text, text, text, text, text),
	app.admin_pattern_verify(text, jsonb, text, text, text), app.admin_pattern_activate(text, jsonb, text, text, text),
	app.admin_pattern_deactivate(text, jsonb, text, text, text), app.admin_pattern_delete_page(text, jsonb),
	app.admin_pattern_delete(text, jsonb, text, text, text),
	app.admin_intel_target(jsonb, jsonb), app.admin_intel_targets(), app.admin_intel_pattern_types(),
	app.admin_intel_categories(), app.admin_intel_rounds();
