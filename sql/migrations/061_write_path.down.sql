-- 061_write_path (down): app.audit_self, app.session_answer and app.duration_text as in 040,
-- app.touch_last_active as in 007.

CREATE OR REPLACE FUNCTION app.audit_self(p_action text, p_entity_type text, p_entity_id uuid, p_old jsonb, p_new jsonb,
                               p_ip text, p_ua text, p_request_id text, p_success boolean DEFAULT true)
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$ SELECT app.audit(auth.uid(), p_action, p_entity_type, p_entity_id, p_old, p_new, p_ip, p_ua, p_request_id, p_success) $$;

CREATE OR REPLACE FUNCTION app.touch_last_active() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	UPDATE user_profiles SET last_active_at = greatest(coalesce(NEW.last_activity_at, now()), coalesce(last_active_at, '-infinity'))
	WHERE user_id = NEW.user_id;
	RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION app.session_answer(p_session_id uuid, p_question_id uuid, p_text text,
                                   p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
	s interview_sessions%ROWTYPE;
	sr session_rounds%ROWTYPE;
	msgs jsonb;
	prompt jsonb;
	q record;
	answer text := btrim(coalesce(p_text, ''));
	missed jsonb := '[]';
	fu text;
	new_msgs jsonb;
	words int;
	next jsonb;
BEGIN
	s := app.open_session_locked(p_session_id);
	IF answer = '' THEN
		RAISE EXCEPTION 'answer: Type your answer before sending it.' USING ERRCODE = 'P0001';
	END IF;
	IF length(answer) > 10000 THEN
		RAISE EXCEPTION 'answer: Keep an answer under 10,000 characters (this one has %).', length(answer) USING ERRCODE = 'P0001';
	END IF;
	SELECT * INTO sr FROM session_rounds WHERE session_id = s.id AND round_number = s.current_round;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'Every round of this session is finished.' USING ERRCODE = 'P0001';
	END IF;
	SELECT * INTO q FROM app.round_questions(sr.curriculum_round_id) rq WHERE rq.id = p_question_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'question: This question is not part of the current round.' USING ERRCODE = 'P0001';
	END IF;
	SELECT messages INTO msgs FROM round_transcripts WHERE session_round_id = sr.id;
	prompt := app.round_prompt(sr.curriculum_round_id, msgs);
	IF prompt IS NULL OR prompt->>'question_id' <> p_question_id::text THEN
		RAISE EXCEPTION 'question: This question was already answered; the page shows the next one.' USING ERRCODE = 'P0003';
	END IF;

	IF NOT (prompt->>'is_follow_up')::boolean THEN
		SELECT coalesce(jsonb_agg(pt ORDER BY n), '[]') INTO missed
		FROM jsonb_array_elements(q.expected_answer_points) WITH ORDINALITY x(p, n)
		CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(p) = 'object' THEN p->>'point' ELSE p #>> '{}' END AS pt) y
		WHERE NOT app.point_covered(pt, to_tsvector('english', answer));
		IF jsonb_array_length(missed) > 0 THEN
			SELECT CASE WHEN jsonb_typeof(f) = 'object' THEN f->>'question' ELSE f #>> '{}' END INTO fu
			FROM jsonb_array_elements(q.follow_up_questions) f LIMIT 1;
		END IF;
	END IF;

	words := coalesce(array_length(regexp_split_to_array(answer, '\s+'), 1), 0);
	new_msgs := jsonb_build_array(
		jsonb_strip_nulls(jsonb_build_object('speaker', 'interviewer', 'text', prompt->>'text', 'question_id', p_question_id,
		                                     'is_question', true, 'is_follow_up', (prompt->>'is_follow_up')::boolean, 'at', now())),
		jsonb_strip_nulls(jsonb_build_object('speaker', 'candidate', 'text', answer, 'question_id', p_question_id,
		                                     'is_follow_up', (prompt->>'is_follow_up')::boolean, 'at', now(), 'words', words,
		                                     'missed_points', CASE WHEN jsonb_array_length(missed) > 0 THEN missed END,
		                                     'follow_up', fu)));
	INSERT INTO round_transcripts (session_round_id, messages, full_transcript, total_words, transcription_provider)
	VALUES (sr.id, new_msgs, 'interviewer: ' || (prompt->>'text') || E'\ncandidate: ' || answer, words, 'typed')
	ON CONFLICT (session_round_id) DO UPDATE SET
		messages = round_transcripts.messages || EXCLUDED.messages,
		full_transcript = coalesce(round_transcripts.full_transcript || E'\n', '') || EXCLUDED.full_transcript,
		total_words = coalesce(round_transcripts.total_words, 0) + EXCLUDED.total_words
	RETURNING messages INTO msgs;
	UPDATE session_rounds SET status = 'in_progress', actual_start = coalesce(actual_start, now()),
		questions_asked = coalesce(questions_asked, 0) + 1, questions_answered = coalesce(questions_answered, 0) + 1
	WHERE id = sr.id;
	UPDATE interview_sessions SET status = 'in_progress', last_activity_at = now() WHERE id = s.id;
	PERFORM app.audit_self('session_answer', 'session_round', sr.id, NULL,
	                  jsonb_build_object('question_id', p_question_id, 'words', words,
	                                     'follow_up', (prompt->>'is_follow_up')::boolean),
	                  p_ip, p_ua, p_request_id);
	next := app.round_prompt(sr.curriculum_round_id, msgs);
	RETURN json_build_object('session_id', s.id, 'round', sr.round_number, 'saved', true,
	                         'missed_points', missed, 'next', next, 'round_done', next IS NULL,
	                         'url', '/sessions/' || s.id);
END;
$$;

CREATE OR REPLACE FUNCTION app.duration_text(p_seconds double precision) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p_seconds IS NULL THEN NULL
	            WHEN p_seconds < 60 THEN greatest(p_seconds, 0)::int || ' s'
	            WHEN p_seconds < 3600 THEN (p_seconds / 60)::int || ' min'
	            ELSE (p_seconds / 3600)::int || ' h ' || lpad(((p_seconds::int % 3600) / 60)::text, 2, '0') || ' min' END
$$;
