-- 061_write_path: cheaper writes on the practice path (issue 9: answer submissions).
-- app.audit_self in PL/pgSQL: as a SQL function with SET search_path it was planned again on
-- every call (a SQL function that cannot be inlined keeps no plan across statements); PL/pgSQL
-- keeps its plan for the connection. The last-active stamp of a profile moves at most once a
-- minute: saving an answer no longer rewrites user_profiles (and clears the owner's dashboard
-- through its triggers) on every answer. app.session_answer stems the answer once and updates
-- the transcript before it inserts one; app.duration_text, a SQL function the planner could not
-- inline (its argument is used several times), is planned once as PL/pgSQL.

CREATE OR REPLACE FUNCTION app.audit_self(p_action text, p_entity_type text, p_entity_id uuid, p_old jsonb, p_new jsonb,
                                          p_ip text, p_ua text, p_request_id text, p_success boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	PERFORM app.audit(auth.uid(), p_action, p_entity_type, p_entity_id, p_old, p_new, p_ip, p_ua, p_request_id, p_success);
END;
$$;

-- Starting or touching a session marks the user active (to the minute: a later stamp within the
-- same minute changes nothing).
CREATE OR REPLACE FUNCTION app.touch_last_active() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	stamp timestamptz := coalesce(NEW.last_activity_at, now());
BEGIN
	-- checked first: an UPDATE that changes no row still fires user_profiles' statement triggers
	IF EXISTS (SELECT 1 FROM user_profiles WHERE user_id = NEW.user_id
	           AND (last_active_at IS NULL OR last_active_at < stamp - interval '1 minute')) THEN
		UPDATE user_profiles SET last_active_at = stamp
		WHERE user_id = NEW.user_id AND (last_active_at IS NULL OR last_active_at < stamp);
	END IF;
	RETURN NULL;
END;
$$;

-- The same as in 040, but: the answer stemmed once; the transcript updated, or inserted when
-- the round has none yet.
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
	answer_ts tsvector;
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
		answer_ts := to_tsvector('english', answer);
		SELECT coalesce(jsonb_agg(pt ORDER BY n), '[]') INTO missed
		FROM jsonb_array_elements(q.expected_answer_points) WITH ORDINALITY x(p, n)
		CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(p) = 'object' THEN p->>'point' ELSE p #>> '{}' END AS pt) y
		WHERE NOT app.point_covered(pt, answer_ts);
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
	-- an UPDATE first (a round's transcript exists from its second answer on), so that the
	-- common case fires round_transcripts' UPDATE triggers only, not an empty INSERT's too; no
	-- other transaction can insert the row meanwhile: every writer of a round's transcript holds
	-- its session's row lock (app.open_session_locked)
	UPDATE round_transcripts SET messages = messages || new_msgs,
		full_transcript = coalesce(full_transcript || E'\n', '') || 'interviewer: ' || (prompt->>'text') || E'\ncandidate: ' || answer,
		total_words = coalesce(total_words, 0) + words
	WHERE session_round_id = sr.id
	RETURNING messages INTO msgs;
	IF NOT FOUND THEN
		INSERT INTO round_transcripts (session_round_id, messages, full_transcript, total_words, transcription_provider)
		VALUES (sr.id, new_msgs, 'interviewer: ' || (prompt->>'text') || E'\ncandidate: ' || answer, words, 'typed')
		RETURNING messages INTO msgs;
	END IF;
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

-- As in 040, in PL/pgSQL (planned once per connection instead of on every call).
CREATE OR REPLACE FUNCTION app.duration_text(p_seconds double precision) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RETURN CASE WHEN p_seconds IS NULL THEN NULL
	            WHEN p_seconds < 60 THEN greatest(p_seconds, 0)::int || ' s'
	            WHEN p_seconds < 3600 THEN (p_seconds / 60)::int || ' min'
	            ELSE (p_seconds / 3600)::int || ' h ' || lpad(((p_seconds::int % 3600) / 60)::text, 2, '0') || ' min' END;
END;
$$;
