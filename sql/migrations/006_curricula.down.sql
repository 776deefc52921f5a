-- 006_curricula (down)
DROP TABLE IF EXISTS question_bank, curriculum_rounds, curricula CASCADE;
