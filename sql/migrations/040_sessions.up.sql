-- 040_sessions: practice sessions, feedback reports, the dashboard and credits as page models
-- and writes (pages/sessions.c, reports.c, credits.c, home.c). Every write is one function = one
-- transaction with its audit row. Page functions are SECURITY INVOKER (RLS decides what a user
-- sees); the few that must read past RLS (percentiles) return only numbers. Page functions are
-- plpgsql so their plans are cached per connection (a SQL function is planned at every call).

-- The engine's score decomposition (named contributions per dimension, per answer, overall): the
-- report shows where every number came from. Demo rows have none ('{}').
ALTER TABLE round_analyses ADD COLUMN score_details jsonb NOT NULL DEFAULT '{}'
	CHECK (jsonb_typeof(score_details) = 'object');

-- ---------------------------------------------------------------------------------------------
-- Small helpers

CREATE FUNCTION app.readiness_label(p text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE p WHEN 'ready' THEN 'Ready' WHEN 'almost_ready' THEN 'Almost ready'
	              WHEN 'needs_practice' THEN 'Needs practice' WHEN 'significant_gaps' THEN 'Significant gaps' END
$$;

-- The badge class for a readiness value or a score: good, warn or bad.
CREATE FUNCTION app.readiness_class(p text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE p WHEN 'ready' THEN 'good' WHEN 'almost_ready' THEN 'good' WHEN 'needs_practice' THEN 'warn'
	              WHEN 'significant_gaps' THEN 'bad' END
$$;

CREATE FUNCTION app.score_class(p double precision) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p IS NULL THEN NULL WHEN p >= 75 THEN 'good' WHEN p >= 55 THEN 'warn' ELSE 'bad' END
$$;

CREATE FUNCTION app.round_type_label(p text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT initcap(replace(p, '_', ' '))
$$;

-- Seconds as "1 h 05 min", "12 min", "40 s".
CREATE FUNCTION app.duration_text(p_seconds double precision) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p_seconds IS NULL THEN NULL
	            WHEN p_seconds < 60 THEN greatest(p_seconds, 0)::int || ' s'
	            WHEN p_seconds < 3600 THEN (p_seconds / 60)::int || ' min'
	            ELSE (p_seconds / 3600)::int || ' h ' || lpad(((p_seconds::int % 3600) / 60)::text, 2, '0') || ' min' END
$$;

-- The five dimensions of round_analyses, in report order.
CREATE FUNCTION app.dimensions() RETURNS TABLE (ord int, key text, label text)
LANGUAGE sql IMMUTABLE AS $$
	VALUES (1, 'technical_accuracy', 'Technical accuracy'), (2, 'problem_solving', 'Problem solving'),
	       (3, 'communication_clarity', 'Communication clarity'), (4, 'collaboration', 'Collaboration'),
	       (5, 'enthusiasm', 'Enthusiasm')
$$;

CREATE FUNCTION app.dimension_score(a round_analyses, p_key text) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE p_key WHEN 'technical_accuracy' THEN a.technical_accuracy_score
	                  WHEN 'problem_solving' THEN a.problem_solving_score
	                  WHEN 'communication_clarity' THEN a.communication_clarity_score
	                  WHEN 'collaboration' THEN a.collaboration_score
	                  WHEN 'enthusiasm' THEN a.enthusiasm_score END
$$;

-- Observations (strengths, weaknesses, red flags...) in one shape whatever wrote them: the engine
-- ({area, title, detail|issue, evidence, timestamp, impact|improvement}), older rows ({area,
-- evidence|example, impact|improvement}) or plain strings.
CREATE FUNCTION app.observations(p jsonb) RETURNS json
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(json_agg(json_build_object(
		'title', CASE WHEN jsonb_typeof(o) = 'string' THEN o #>> '{}'
		              ELSE coalesce(o->>'title', o->>'area', o->>'topic', 'Observation') END,
		'area', CASE WHEN jsonb_typeof(o) = 'object' THEN o->>'area' END,
		'text', CASE WHEN jsonb_typeof(o) = 'object' THEN coalesce(o->>'detail', o->>'issue', o->>'text') END,
		'evidence', CASE WHEN jsonb_typeof(o) = 'object' THEN nullif(coalesce(o->>'evidence', o->>'example'), '') END,
		'timestamp', CASE WHEN jsonb_typeof(o) = 'object' THEN o->>'timestamp' END,
		'note', CASE WHEN jsonb_typeof(o) = 'object' THEN coalesce(o->>'improvement', o->>'impact') END)
		ORDER BY n), '[]')
	FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p) = 'array' THEN p ELSE '[]' END) WITH ORDINALITY AS x(o, n)
$$;

-- Feedback items of a set of analyses, grouped by priority (critical first), for the reports.
CREATE FUNCTION app.feedback_groups(p_analysis_ids uuid[]) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (
	SELECT coalesce(json_agg(json_build_object('priority', g.priority, 'label', initcap(g.priority) || ' priority',
	                                           'class', CASE g.priority WHEN 'critical' THEN 'bad' WHEN 'high' THEN 'bad'
	                                                                    WHEN 'medium' THEN 'warn' ELSE 'good' END,
	                                           'items', g.items) ORDER BY g.ord), '[]')
	FROM (SELECT coalesce(f.priority, 'low') AS priority,
	             min(CASE coalesce(f.priority, 'low') WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3 ELSE 4 END) AS ord,
	             json_agg(json_build_object(
	                 'category', f.category, 'skill_area', f.skill_area, 'title', f.title, 'text', f.feedback_text,
	                 'evidence', (SELECT coalesce(json_agg(json_build_object('text', e->>'text', 'timestamp', e->>'timestamp',
	                                                                        'context', e->>'context')), '[]')
	                              FROM jsonb_array_elements(f.transcript_evidence) e WHERE e->>'text' IS NOT NULL),
	                 'actions', (SELECT coalesce(json_agg(json_build_object(
	                                 'action', CASE WHEN jsonb_typeof(a) = 'string' THEN a #>> '{}' ELSE a->>'action' END,
	                                 'timeframe', CASE WHEN jsonb_typeof(a) = 'object' THEN a->>'timeframe' END)), '[]')
	                             FROM jsonb_array_elements(f.action_items) a))
	                 ORDER BY CASE f.category WHEN 'warning' THEN 1 WHEN 'improvement' THEN 2 WHEN 'tip' THEN 3 ELSE 4 END,
	                          f.created_at, f.id) AS items
	      FROM feedback_items f WHERE f.analysis_id = ANY (p_analysis_ids)
	      GROUP BY coalesce(f.priority, 'low')) g);
END;
$$;

-- Percentile of a score among the completed sessions of everyone who practised the same job
-- (share of the others scoring lower, ties count half). Reads past RLS; returns only a number.
CREATE FUNCTION app.job_percentile(p_job_id uuid, p_score double precision, p_exclude uuid) RETURNS double precision
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
	SELECT CASE WHEN count(*) = 0 OR p_score IS NULL THEN NULL
	            ELSE round((100.0 * (count(*) FILTER (WHERE overall_score < p_score)
	                                 + 0.5 * count(*) FILTER (WHERE overall_score = p_score)) / count(*))::numeric, 1)::double precision END
	FROM interview_sessions
	WHERE job_id = p_job_id AND status = 'completed' AND overall_score IS NOT NULL AND id <> p_exclude
$$;

-- The same for one round: analyses of round p_round_number of sessions for the job.
CREATE FUNCTION app.round_percentile(p_job_id uuid, p_round_number int, p_score double precision, p_exclude uuid)
RETURNS double precision
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
	SELECT CASE WHEN count(*) = 0 OR p_score IS NULL THEN NULL
	            ELSE round((100.0 * (count(*) FILTER (WHERE a.overall_score < p_score)
	                                 + 0.5 * count(*) FILTER (WHERE a.overall_score = p_score)) / count(*))::numeric, 1)::double precision END
	FROM interview_sessions s
	JOIN session_rounds sr ON sr.session_id = s.id AND sr.round_number = p_round_number
	JOIN round_analyses a ON a.session_round_id = sr.id
	WHERE s.job_id = p_job_id AND sr.id <> p_exclude
$$;

-- The audit row of a write made by the current user (app.audit itself is not granted to the
-- workers' role: through this wrapper the row always names auth.uid()).
CREATE FUNCTION app.audit_self(p_action text, p_entity_type text, p_entity_id uuid, p_old jsonb, p_new jsonb,
                               p_ip text, p_ua text, p_request_id text, p_success boolean DEFAULT true)
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$ SELECT app.audit(auth.uid(), p_action, p_entity_type, p_entity_id, p_old, p_new, p_ip, p_ua, p_request_id, p_success) $$;

-- ---------------------------------------------------------------------------------------------
-- Practice: which questions a round asks and what it asks next

-- The questions a round asks, in order: required first, then easy, medium, hard. A round asks
-- at most four questions (more when it has more required ones): a typed round stays near its
-- planned 30-60 minutes with follow-ups.
CREATE FUNCTION app.round_questions(p_curriculum_round_id uuid)
RETURNS TABLE (ord bigint, id uuid, question_text text, question_type text, difficulty text, is_required boolean,
               follow_up_questions jsonb, expected_answer_points jsonb)
LANGUAGE sql STABLE AS $$
	SELECT row_number() OVER (ORDER BY q.is_required DESC,
	                                   CASE q.difficulty WHEN 'easy' THEN 1 WHEN 'medium' THEN 2 WHEN 'hard' THEN 3 ELSE 4 END, q.id),
	       q.id, q.question_text, q.question_type, q.difficulty, q.is_required, q.follow_up_questions,
	       q.expected_answer_points
	FROM question_bank q
	WHERE q.curriculum_round_id = p_curriculum_round_id
	ORDER BY 1
	LIMIT greatest(4, (SELECT count(*) FROM question_bank r WHERE r.curriculum_round_id = p_curriculum_round_id AND r.is_required))
$$;

-- Does an answer cover an expected point? The cheap check run at every submission (the full
-- analysis runs when the round finishes): the point's English stems (PostgreSQL's snowball
-- stemmer, stop words dropped) must appear in the answer for at least 60% of them, as the
-- engine's coverage rule does with its own stemmer.
CREATE FUNCTION app.point_covered(p_point text, p_answer tsvector) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN cardinality(p) = 0 THEN true
	            ELSE (SELECT count(*) FROM unnest(p) l WHERE l = ANY (tsvector_to_array(p_answer))) >= ceil(0.6 * cardinality(p)) END
	FROM (SELECT tsvector_to_array(to_tsvector('english', coalesce(p_point, ''))) AS p) x
$$;

-- What the round asks next, given its transcript: a pending follow-up (an answer that missed
-- expected points gets the question's first follow-up once), else the first question not yet
-- answered; NULL when every question is answered. {question_id, text, is_follow_up, number, of,
-- type, difficulty, required, parent}.
CREATE FUNCTION app.round_prompt(p_curriculum_round_id uuid, p_messages jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
	last_answer jsonb;
	q record;
	total int;
BEGIN
	SELECT count(*) INTO total FROM app.round_questions(p_curriculum_round_id);
	SELECT m INTO last_answer FROM jsonb_array_elements(coalesce(p_messages, '[]')) WITH ORDINALITY x(m, n)
	WHERE m->>'speaker' = 'candidate' ORDER BY n DESC LIMIT 1;
	IF last_answer IS NOT NULL AND NOT coalesce((last_answer->>'is_follow_up')::boolean, false)
	   AND last_answer->>'follow_up' IS NOT NULL THEN
		SELECT * INTO q FROM app.round_questions(p_curriculum_round_id) rq WHERE rq.id::text = last_answer->>'question_id';
		IF FOUND THEN
			RETURN jsonb_build_object('question_id', q.id, 'text', last_answer->>'follow_up', 'is_follow_up', true,
			                          'number', q.ord, 'of', total, 'type', q.question_type, 'difficulty', q.difficulty,
			                          'required', q.is_required, 'parent', q.question_text,
			                          'missed', last_answer->'missed_points');
		END IF;
	END IF;
	SELECT * INTO q FROM app.round_questions(p_curriculum_round_id) rq
	WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(p_messages, '[]')) m
	                  WHERE m->>'speaker' = 'candidate' AND m->>'question_id' = rq.id::text)
	ORDER BY rq.ord LIMIT 1;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	RETURN jsonb_build_object('question_id', q.id, 'text', q.question_text, 'is_follow_up', false, 'number', q.ord,
	                          'of', total, 'type', q.question_type, 'difficulty', q.difficulty, 'required', q.is_required);
END;
$$;

-- The session page: progress, the rounds, the current round's question and its transcript.
CREATE FUNCTION app.session_page(p_session_id uuid) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (
	SELECT json_build_object(
		'session', json_build_object(
			'id', s.id, 'status', s.status, 'status_label', initcap(replace(s.status, '_', ' ')),
			'is_active', s.status IN ('not_started', 'in_progress') AND coalesce(s.expires_at > now(), true),
			'is_completed', s.status = 'completed',
			'failure_reason', s.failure_reason,
			'job_id', j.id, 'job_title', j.title, 'company_id', co.id, 'company', co.name,
			'total_rounds', s.total_rounds, 'current_round', least(s.current_round, s.total_rounds),
			'rounds_completed', s.rounds_completed, 'rounds_skipped', s.rounds_skipped,
			'progress_done', s.rounds_completed + s.rounds_skipped,
			'progress_pct', round(100.0 * (s.rounds_completed + s.rounds_skipped) / s.total_rounds),
			'started_at', s.started_at, 'started_epoch', extract(epoch FROM s.started_at)::bigint,
			'time_used', app.duration_text(extract(epoch FROM coalesce(s.completed_at, now()) - coalesce(s.started_at, s.created_at))),
			'expires_on', to_char(s.expires_at, 'DD Mon YYYY HH24:MI'),
			'overall_score', round(s.overall_score::numeric, 1),
			'readiness', app.readiness_label(s.readiness_assessment),
			'report_url', CASE WHEN s.status = 'completed' THEN '/sessions/' || s.id || '/report' END),
		'rounds', (SELECT json_agg(json_build_object(
				'number', sr.round_number, 'title', cr.title, 'type', app.round_type_label(cr.round_type),
				'status', sr.status, 'status_label', initcap(replace(sr.status, '_', ' ')),
				'duration_minutes', cr.duration_minutes,
				'is_current', sr.round_number = s.current_round AND s.status IN ('not_started', 'in_progress'),
				'score', (SELECT round(a.overall_score::numeric, 1) FROM round_analyses a WHERE a.session_round_id = sr.id),
				'report_url', CASE WHEN sr.status = 'completed' THEN '/sessions/' || s.id || '/rounds/' || sr.round_number || '/report' END)
				ORDER BY sr.round_number)
			FROM session_rounds sr JOIN curriculum_rounds cr ON cr.id = sr.curriculum_round_id
			WHERE sr.session_id = s.id),
		'round', (SELECT json_build_object(
				'number', sr.round_number, 'title', cr.title, 'type', app.round_type_label(cr.round_type),
				'description', cr.description, 'duration_minutes', cr.duration_minutes,
				'interviewer', cr.interviewer_persona->>'name', 'interviewer_role', cr.interviewer_persona->>'role',
				'opening', cr.opening_script,
				'status', sr.status,
				'started_epoch', extract(epoch FROM sr.actual_start)::bigint,
				'time_used', app.duration_text(extract(epoch FROM now() - sr.actual_start)),
				'questions_total', (SELECT count(*) FROM app.round_questions(cr.id)),
				'questions_answered', (SELECT count(DISTINCT m->>'question_id') FROM jsonb_array_elements(coalesce(t.messages, '[]')) m
				                       WHERE m->>'speaker' = 'candidate'),
				'can_finish', EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(t.messages, '[]')) m WHERE m->>'speaker' = 'candidate'),
				'prompt', app.round_prompt(cr.id, t.messages),
				'finish_url', '/sessions/' || s.id || '/rounds/' || sr.round_number || '/finish',
				'skip_url', '/sessions/' || s.id || '/rounds/' || sr.round_number || '/skip',
				'import_url', '/sessions/' || s.id || '/rounds/' || sr.round_number || '/transcript',
				'transcript', (SELECT coalesce(json_agg(json_build_object(
						'speaker', m->>'speaker', 'who', CASE WHEN m->>'speaker' = 'candidate' THEN 'You' ELSE 'Interviewer' END,
						'is_candidate', m->>'speaker' = 'candidate',
						'text', m->>'text', 'is_follow_up', coalesce((m->>'is_follow_up')::boolean, false)) ORDER BY n), '[]')
					FROM jsonb_array_elements(coalesce(t.messages, '[]')) WITH ORDINALITY x(m, n)))
			FROM session_rounds sr
			JOIN curriculum_rounds cr ON cr.id = sr.curriculum_round_id
			LEFT JOIN round_transcripts t ON t.session_round_id = sr.id
			WHERE sr.session_id = s.id AND sr.round_number = s.current_round
			  AND s.status IN ('not_started', 'in_progress') AND coalesce(s.expires_at > now(), true)))
	FROM interview_sessions s
	JOIN jobs j ON j.id = s.job_id
	JOIN companies co ON co.id = j.company_id
	WHERE s.id = p_session_id);
END;
$$;

-- The session of the current user, locked, checked to be still open. Raises P0002 when it is
-- not theirs (RLS hides it) and P0001 when it is finished or expired.
CREATE FUNCTION app.open_session_locked(p_session_id uuid) RETURNS interview_sessions
LANGUAGE plpgsql AS $$
DECLARE
	s interview_sessions%ROWTYPE;
BEGIN
	SELECT * INTO s FROM interview_sessions WHERE id = p_session_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'There is no such session.' USING ERRCODE = 'P0002';
	END IF;
	IF s.status NOT IN ('not_started', 'in_progress') THEN
		RAISE EXCEPTION 'This session is %; it cannot change any more.', replace(s.status, '_', ' ') USING ERRCODE = 'P0001';
	END IF;
	IF s.expires_at <= now() THEN
		RAISE EXCEPTION 'This session expired 7 days after it started; start a new one from the job page.' USING ERRCODE = 'P0001';
	END IF;
	RETURN s;
END;
$$;

-- Starts a session on a job (app.session_start spends the credit), audited. P0001 'insufficient
-- credits' writes nothing; P0002 when the job has no active curriculum.
CREATE FUNCTION app.session_begin(p_job_id uuid, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
	sid uuid;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM jobs WHERE id = p_job_id) THEN
		RAISE EXCEPTION 'There is no such job.' USING ERRCODE = 'P0002';
	END IF;
	sid := app.session_start(p_job_id);
	PERFORM app.audit_self('session_start', 'interview_session', sid, NULL,
	                  jsonb_build_object('job_id', p_job_id), p_ip, p_ua, p_request_id);
	RETURN json_build_object('id', sid, 'url', '/sessions/' || sid,
	                         'credits_left', (SELECT monthly_credits + bonus_credits FROM user_credits WHERE user_id = auth.uid()));
END;
$$;

-- One typed answer to the question the round is asking (p_question_id must be it), saved at once
-- in the transcript. An answer that misses expected points queues the question's first follow-up.
-- Errors: P0001 'answer: ...' (empty, too long), 'question: ...' (not in this round), P0003 when
-- the question was already answered (a resubmitted form), P0002 for another user's session.
CREATE FUNCTION app.session_answer(p_session_id uuid, p_question_id uuid, p_text text,
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

-- What the worker needs to analyse round p_n: the engine's round object (docs/analysis.md) built
-- from the transcript, the round's questions, criteria, topics and the job's skills; whether it is
-- the last open round; and the analyses of the rounds already completed (for the session level).
CREATE FUNCTION app.round_input(p_session_id uuid, p_n int) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (
	SELECT json_build_object(
		'session_round_id', sr.id, 'round_number', sr.round_number, 'status', sr.status,
		'session_status', s.status, 'current_round', s.current_round,
		'is_current', sr.round_number = s.current_round,
		'is_last', NOT EXISTS (SELECT 1 FROM session_rounds o WHERE o.session_id = s.id AND o.id <> sr.id
		                       AND o.status IN ('not_started', 'ready', 'in_progress')),
		'answers', (SELECT count(*) FROM jsonb_array_elements(coalesce(t.messages, '[]')) m WHERE m->>'speaker' = 'candidate'),
		'input', json_build_object(
			'transcript', (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
					'speaker', m->'speaker', 'text', m->'text', 'question_id', m->'question_id',
					'start_s', m->'start_s', 'end_s', m->'end_s')) ORDER BY n), '[]')
				FROM jsonb_array_elements(coalesce(t.messages, '[]')) WITH ORDINALITY x(m, n)),
			'questions', (SELECT coalesce(json_agg(json_build_object(
					'id', q.id, 'text', q.question_text, 'type', coalesce(q.question_type, 'technical'),
					'expected_points', q.expected_answer_points, 'follow_ups', q.follow_up_questions,
					'difficulty', q.difficulty, 'required', q.is_required) ORDER BY q.ord), '[]')
				FROM app.round_questions(cr.id) q),
			'evaluation_criteria', cr.evaluation_criteria,
			'topics_to_cover', cr.topics_to_cover,
			'required_skills', coalesce((SELECT jr.technical_skills FROM job_requirements jr WHERE jr.job_id = s.job_id LIMIT 1), '[]')),
		'previous', (SELECT coalesce(json_agg(json_build_object('weight', 1, 'analysis', json_build_object(
					'overall_score', a.overall_score,
					'scores', (SELECT json_object_agg(d.key, json_build_object('score', app.dimension_score(a, d.key)))
					           FROM app.dimensions() d WHERE app.dimension_score(a, d.key) IS NOT NULL),
					'strengths', a.top_strengths, 'weaknesses', a.key_weaknesses, 'red_flags', a.red_flags,
					'metrics', json_build_object('candidate_speaking_time_seconds', pt.candidate_speaking_time_seconds),
					'feedback_items', (SELECT coalesce(json_agg(json_build_object('category', f.category, 'priority', f.priority,
					                                   'title', f.title, 'text', f.feedback_text, 'skill_area', f.skill_area)), '[]')
					                   FROM feedback_items f WHERE f.analysis_id = a.id)))
				ORDER BY o.round_number), '[]')
			FROM session_rounds o JOIN round_analyses a ON a.session_round_id = o.id
			LEFT JOIN round_transcripts pt ON pt.session_round_id = o.id
			WHERE o.session_id = s.id AND o.id <> sr.id AND o.status = 'completed'))
	FROM interview_sessions s
	JOIN session_rounds sr ON sr.session_id = s.id AND sr.round_number = p_n
	JOIN curriculum_rounds cr ON cr.id = sr.curriculum_round_id
	LEFT JOIN round_transcripts t ON t.session_round_id = sr.id
	WHERE s.id = p_session_id);
END;
$$;

-- Moves the session past round sr (finished or skipped): the next open round becomes current,
-- or, when none is left, the session completes with the session-level analysis p_session
-- ({overall_score, readiness_assessment, strengths, weaknesses, key_improvements,
-- recommended_focus_areas}) — or is abandoned when no round was completed at all.
-- Returns whether the session ended.
CREATE FUNCTION app.session_advance(s interview_sessions, sr session_rounds, p_session jsonb) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
	next_n int;
	done int;
	score double precision;
BEGIN
	SELECT min(round_number) INTO next_n FROM session_rounds
	WHERE session_id = s.id AND id <> sr.id AND status IN ('not_started', 'ready', 'in_progress');
	IF next_n IS NOT NULL THEN
		UPDATE session_rounds SET status = 'ready' WHERE session_id = s.id AND round_number = next_n AND status = 'not_started';
		UPDATE interview_sessions SET current_round = next_n, last_activity_at = now() WHERE id = s.id;
		RETURN false;
	END IF;
	SELECT count(*) INTO done FROM session_rounds WHERE session_id = s.id AND status = 'completed';
	IF done = 0 THEN
		UPDATE interview_sessions SET status = 'abandoned', current_round = total_rounds + 1, last_activity_at = now()
		WHERE id = s.id;
		RETURN true;
	END IF;
	IF p_session IS NULL OR jsonb_typeof(p_session->'overall_score') <> 'number' THEN
		RAISE EXCEPTION 'the session changed while it was being analysed; try again' USING ERRCODE = 'P0003';
	END IF;
	score := least(100, greatest(0, (p_session->>'overall_score')::double precision));
	UPDATE interview_sessions SET
		status = 'completed', completed_at = now(), last_activity_at = now(), current_round = total_rounds + 1,
		overall_score = score,
		readiness_assessment = p_session->>'readiness_assessment',
		strengths = coalesce(p_session->'strengths', '[]'), weaknesses = coalesce(p_session->'weaknesses', '[]'),
		key_improvements = coalesce(p_session->'key_improvements', '[]'),
		recommended_focus_areas = coalesce(p_session->'recommended_focus_areas', '[]'),
		total_speaking_time_seconds = coalesce((p_session->>'total_speaking_time_seconds')::numeric::int, total_speaking_time_seconds),
		total_duration_seconds = greatest(0, extract(epoch FROM now() - coalesce(started_at, created_at))::int),
		percentile_rank = app.job_percentile(s.job_id, score, s.id)
	WHERE id = s.id;
	RETURN true;
END;
$$;

-- Finishes round p_n with the engine's analysis: transcript metrics, the analysis with its score
-- details, the feedback items, the round and the session moved on — one transaction. p_messages
-- (an imported transcript) replaces the typed one when given. Returns the report links.
CREATE FUNCTION app.round_finish(p_session_id uuid, p_n int, p_analysis jsonb, p_session jsonb, p_messages jsonb,
                                 p_provider text, p_processing_ms int, p_ip text, p_ua text, p_request_id text)
RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
	s interview_sessions%ROWTYPE;
	sr session_rounds%ROWTYPE;
	m jsonb := p_analysis->'metrics';
	aid uuid;
	ended boolean;
BEGIN
	s := app.open_session_locked(p_session_id);
	SELECT * INTO sr FROM session_rounds WHERE session_id = s.id AND round_number = p_n FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'There is no round % in this session.', p_n USING ERRCODE = 'P0002';
	END IF;
	IF sr.status IN ('completed', 'skipped') THEN
		RAISE EXCEPTION 'Round % is already finished.', p_n USING ERRCODE = 'P0003';
	END IF;
	IF sr.round_number <> s.current_round THEN
		RAISE EXCEPTION 'Round % is not the current round.', p_n USING ERRCODE = 'P0001';
	END IF;
	IF p_analysis IS NULL OR jsonb_typeof(p_analysis->'overall_score') <> 'number' THEN
		RAISE EXCEPTION 'analysis missing' USING ERRCODE = '22023';
	END IF;

	IF p_messages IS NOT NULL THEN
		INSERT INTO round_transcripts (session_round_id, messages, full_transcript, transcription_provider)
		VALUES (sr.id, p_messages,
		        (SELECT string_agg(coalesce(x->>'name', x->>'speaker') || ': ' || (x->>'text'), E'\n' ORDER BY n)
		         FROM jsonb_array_elements(p_messages) WITH ORDINALITY y(x, n)), p_provider)
		ON CONFLICT (session_round_id) DO UPDATE SET messages = EXCLUDED.messages,
			full_transcript = EXCLUDED.full_transcript, transcription_provider = EXCLUDED.transcription_provider;
	END IF;
	UPDATE round_transcripts SET
		total_words = (m->>'total_words')::numeric::int, unique_words = (m->>'unique_words')::numeric::int,
		candidate_speaking_time_seconds = round((m->>'candidate_speaking_time_seconds')::numeric)::int,
		interviewer_speaking_time_seconds = round((m->>'interviewer_speaking_time_seconds')::numeric)::int,
		silence_time_seconds = round((m->>'silence_time_seconds')::numeric)::int,
		overlap_time_seconds = round((m->>'overlap_time_seconds')::numeric)::int,
		filler_words_count = (m->>'filler_words_count')::numeric::int,
		filler_words = coalesce(m->'filler_words', '[]'),
		speaking_pace_wpm = (m->>'speaking_pace_wpm')::double precision,
		interruption_count = coalesce((m->>'interruption_count')::numeric::int, 0),
		question_response_time_avg_seconds = (m->>'question_response_time_avg_seconds')::double precision,
		processing_completed = true, processing_duration_ms = greatest(p_processing_ms, 0)
	WHERE session_round_id = sr.id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'Answer at least one question before finishing the round, or skip it.' USING ERRCODE = 'P0001';
	END IF;

	INSERT INTO round_analyses (session_round_id, overall_score, technical_accuracy_score, problem_solving_score,
		communication_clarity_score, collaboration_score, enthusiasm_score, criteria_scores, top_strengths, key_weaknesses,
		missed_opportunities, red_flags, positive_surprises, communication_metrics, percentile_rank, analysis_model,
		analysis_prompt_version, processing_time_ms, confidence_score, score_details)
	VALUES (sr.id, (p_analysis->>'overall_score')::double precision,
		(p_analysis#>>'{scores,technical_accuracy,score}')::double precision,
		(p_analysis#>>'{scores,problem_solving,score}')::double precision,
		(p_analysis#>>'{scores,communication_clarity,score}')::double precision,
		(p_analysis#>>'{scores,collaboration,score}')::double precision,
		(p_analysis#>>'{scores,enthusiasm,score}')::double precision,
		coalesce(p_analysis->'criteria_scores', '{}'), coalesce(p_analysis->'strengths', '[]'),
		coalesce(p_analysis->'weaknesses', '[]'), coalesce(p_analysis->'missed_opportunities', '[]'),
		coalesce(p_analysis->'red_flags', '[]'), coalesce(p_analysis->'positive_surprises', '[]'),
		coalesce(m, '{}'),
		app.round_percentile(s.job_id, p_n, (p_analysis->>'overall_score')::double precision, sr.id),
		coalesce(p_analysis->>'analysis_model', 'preptalk-rules'), p_analysis->>'analysis_prompt_version',
		greatest(p_processing_ms, 0), least(1, greatest(0, (p_analysis->>'confidence_score')::double precision)),
		jsonb_build_object('scores', coalesce(p_analysis->'scores', '{}'),
		                   'overall_contributions', coalesce(p_analysis->'overall_contributions', '[]'),
		                   'answers', (SELECT coalesce(jsonb_agg(jsonb_build_object(
		                                   'question_id', x->'question_id', 'question', x->'question', 'type', x->'type',
		                                   'score', x->'score', 'words', x->'words', 'length_band', x->'length_band',
		                                   'covered', x#>'{coverage,covered}', 'total', x#>'{coverage,total}',
		                                   'missed_points', x->'missed_points', 'filler_words_count', x->'filler_words_count',
		                                   'hedges_count', x->'hedges_count') ORDER BY n), '[]')
		                               FROM jsonb_array_elements(coalesce(p_analysis->'answers', '[]')) WITH ORDINALITY y(x, n))))
	RETURNING id INTO aid;

	INSERT INTO feedback_items (analysis_id, category, skill_area, priority, title, feedback_text, transcript_evidence, action_items)
	SELECT aid,
	       CASE WHEN f->>'category' IN ('strength', 'improvement', 'tip', 'warning', 'encouragement') THEN f->>'category' ELSE 'tip' END,
	       coalesce(nullif(f->>'skill_area', ''), 'general'),
	       CASE WHEN f->>'priority' IN ('critical', 'high', 'medium', 'low') THEN f->>'priority' END,
	       left(coalesce(nullif(f->>'title', ''), 'Feedback'), 300), coalesce(f->>'text', ''),
	       CASE WHEN jsonb_typeof(f->'evidence') = 'array' THEN f->'evidence' ELSE '[]' END,
	       CASE WHEN jsonb_typeof(f->'action_items') = 'array' THEN f->'action_items' ELSE '[]' END
	FROM jsonb_array_elements(coalesce(p_analysis->'feedback_items', '[]')) f;

	UPDATE session_rounds SET status = 'completed', actual_start = coalesce(actual_start, now()), actual_end = now(),
		duration_seconds = greatest(0, extract(epoch FROM now() - coalesce(actual_start, now()))::int)
	WHERE id = sr.id;
	UPDATE interview_sessions SET rounds_completed = rounds_completed + 1 WHERE id = s.id;
	SELECT * INTO s FROM interview_sessions WHERE id = s.id;
	ended := app.session_advance(s, sr, p_session);
	PERFORM app.audit_self('round_finish', 'session_round', sr.id, NULL,
	                  jsonb_build_object('round', p_n, 'overall_score', p_analysis->'overall_score',
	                                     'imported', p_messages IS NOT NULL, 'session_completed', ended),
	                  p_ip, p_ua, p_request_id);
	RETURN json_build_object('session_id', s.id, 'round', p_n, 'overall_score', p_analysis->'overall_score',
	                         'session_completed', ended,
	                         'report_url', '/sessions/' || s.id || '/rounds/' || p_n || '/report',
	                         'session_report_url', CASE WHEN ended THEN '/sessions/' || s.id || '/report' END);
END;
$$;

-- Skips round p_n (the current one). When it was the last open round the session ends (see
-- session_advance). Returns where to go next.
CREATE FUNCTION app.round_skip(p_session_id uuid, p_n int, p_session jsonb, p_ip text, p_ua text, p_request_id text)
RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
	s interview_sessions%ROWTYPE;
	sr session_rounds%ROWTYPE;
	ended boolean;
BEGIN
	s := app.open_session_locked(p_session_id);
	SELECT * INTO sr FROM session_rounds WHERE session_id = s.id AND round_number = p_n FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'There is no round % in this session.', p_n USING ERRCODE = 'P0002';
	END IF;
	IF sr.status IN ('completed', 'skipped') THEN
		RAISE EXCEPTION 'Round % is already finished.', p_n USING ERRCODE = 'P0003';
	END IF;
	IF sr.round_number <> s.current_round THEN
		RAISE EXCEPTION 'Round % is not the current round.', p_n USING ERRCODE = 'P0001';
	END IF;
	UPDATE session_rounds SET status = 'skipped', actual_end = now() WHERE id = sr.id;
	UPDATE interview_sessions SET rounds_skipped = rounds_skipped + 1 WHERE id = s.id RETURNING * INTO s;
	ended := app.session_advance(s, sr, p_session);
	PERFORM app.audit_self('round_skip', 'session_round', sr.id, NULL,
	                  jsonb_build_object('round', p_n, 'session_ended', ended), p_ip, p_ua, p_request_id);
	SELECT * INTO s FROM interview_sessions WHERE id = s.id;
	RETURN json_build_object('session_id', s.id, 'round', p_n, 'session_ended', ended, 'status', s.status,
	                         'url', CASE WHEN s.status = 'completed' THEN '/sessions/' || s.id || '/report'
	                                     ELSE '/sessions/' || s.id END);
END;
$$;

-- Abandons the session: open rounds are abandoned too; the credit is not refunded.
CREATE FUNCTION app.session_abandon(p_session_id uuid, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
	s interview_sessions%ROWTYPE;
BEGIN
	s := app.open_session_locked(p_session_id);
	UPDATE session_rounds SET status = 'abandoned'
	WHERE session_id = s.id AND status IN ('not_started', 'ready', 'in_progress');
	UPDATE interview_sessions SET status = 'abandoned', last_activity_at = now() WHERE id = s.id;
	PERFORM app.audit_self('session_abandon', 'interview_session', s.id,
	                  jsonb_build_object('status', s.status), jsonb_build_object('status', 'abandoned'),
	                  p_ip, p_ua, p_request_id);
	RETURN json_build_object('session_id', s.id, 'status', 'abandoned', 'url', '/sessions/' || s.id);
END;
$$;

-- A session that failed for a technical reason (the analysis could not run): marked failed and
-- its credit refunded (app.credit_refund, idempotent), in one transaction.
CREATE FUNCTION app.session_fail(p_session_id uuid, p_reason text, p_ip text, p_ua text, p_request_id text) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
	s interview_sessions%ROWTYPE;
	refunded int := 0;
BEGIN
	SELECT * INTO s FROM interview_sessions WHERE id = p_session_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'There is no such session.' USING ERRCODE = 'P0002';
	END IF;
	IF s.status IN ('not_started', 'in_progress') THEN
		UPDATE session_rounds SET status = 'error'
		WHERE session_id = s.id AND status IN ('ready', 'in_progress');
		UPDATE interview_sessions SET status = 'failed', failure_reason = left(p_reason, 500), last_activity_at = now()
		WHERE id = s.id;
	END IF;
	IF EXISTS (SELECT 1 FROM credit_transactions WHERE related_entity_type = 'interview_session'
	           AND related_entity_id = s.id AND transaction_type = 'used') THEN
		refunded := app.credit_refund(s.user_id, s.id, left('Refund: ' || coalesce(p_reason, 'technical failure'), 500));
	END IF;
	PERFORM app.audit_self('session_fail', 'interview_session', s.id, jsonb_build_object('status', s.status),
	                  jsonb_build_object('status', 'failed', 'reason', left(p_reason, 500), 'refunded', refunded),
	                  p_ip, p_ua, p_request_id, false);
	RETURN json_build_object('session_id', s.id, 'status', 'failed', 'refunded', refunded);
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- Reports

-- The transcript of a round for the report, each message with the evidence quotes it contains
-- (the worker wraps them in <mark> after escaping the text).
CREATE FUNCTION app.report_transcript(p_messages jsonb, p_quotes text[]) RETURNS json
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(json_agg(json_build_object(
		'speaker', m->>'speaker', 'is_candidate', m->>'speaker' = 'candidate',
		'who', CASE WHEN m->>'speaker' = 'candidate' THEN 'You' ELSE coalesce(m->>'name', 'Interviewer') END,
		'timestamp', coalesce(m->>'timestamp', CASE WHEN m ? 'start_s' THEN to_char(make_interval(secs => (m->>'start_s')::double precision), 'HH24:MI:SS') END),
		'is_follow_up', coalesce((m->>'is_follow_up')::boolean, false),
		'text', m->>'text',
		'highlights', (SELECT coalesce(json_agg(DISTINCT qt), '[]') FROM unnest(p_quotes) qt
		               WHERE length(qt) >= 8 AND strpos(m->>'text', qt) > 0)) ORDER BY n), '[]')
	FROM jsonb_array_elements(coalesce(p_messages, '[]')) WITH ORDINALITY x(m, n)
$$;

-- Every quote a round's analysis uses as evidence.
CREATE FUNCTION app.evidence_quotes(a round_analyses) RETURNS text[]
LANGUAGE sql STABLE AS $$
	SELECT coalesce(array_agg(DISTINCT q), '{}') FROM (
		SELECT coalesce(o->>'evidence', o->>'example') AS q
		FROM jsonb_array_elements(a.top_strengths || a.key_weaknesses || a.red_flags || a.positive_surprises) o
		WHERE jsonb_typeof(o) = 'object'
		UNION ALL
		SELECT e->>'text' FROM feedback_items f, jsonb_array_elements(f.transcript_evidence) e
		WHERE f.analysis_id = a.id AND f.category <> 'tip') x
	WHERE q IS NOT NULL
$$;

-- Filler words of each candidate answer, for the chart: the engine's per-answer counts when the
-- round has them, else a count of the common fillers in each answer.
CREATE FUNCTION app.fillers_per_answer(a round_analyses, p_messages jsonb) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN jsonb_array_length(coalesce(a.score_details->'answers', '[]')) > 0 THEN
		(SELECT json_agg(json_build_object('label', 'Q' || n, 'value', coalesce((x->>'filler_words_count')::numeric, 0)) ORDER BY n)
		 FROM jsonb_array_elements(a.score_details->'answers') WITH ORDINALITY y(x, n))
	ELSE
		(SELECT coalesce(json_agg(json_build_object('label', 'A' || k, 'value', c) ORDER BY k), '[]')
		 FROM (SELECT row_number() OVER (ORDER BY n) AS k,
		              regexp_count(lower(m->>'text'), '\m(um+|uh|erm|you know|basically|actually|literally|i mean)\M') AS c
		       FROM jsonb_array_elements(coalesce(p_messages, '[]')) WITH ORDINALITY x(m, n)
		       WHERE m->>'speaker' = 'candidate') z)
	END
$$;

-- The report of one round: scores with their contributions, percentile, observations with
-- evidence, feedback by priority, communication metrics, the transcript, the previous attempt.
CREATE FUNCTION app.round_report(p_session_id uuid, p_n int) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (
	SELECT json_build_object(
		'session', json_build_object('id', s.id, 'job_id', j.id, 'job_title', j.title, 'company', co.name,
		                             'company_id', co.id, 'status', s.status, 'total_rounds', s.total_rounds,
		                             'url', '/sessions/' || s.id,
		                             'report_url', CASE WHEN s.status = 'completed' THEN '/sessions/' || s.id || '/report' END),
		'round', json_build_object('number', sr.round_number, 'title', cr.title, 'type', app.round_type_label(cr.round_type),
		                           'completed_on', to_char(coalesce(sr.actual_end, a.created_at), 'DD Mon YYYY'),
		                           'duration', app.duration_text(sr.duration_seconds),
		                           'passing_score', cr.passing_score),
		'overall_score', round(a.overall_score::numeric, 1),
		'score_class', app.score_class(a.overall_score),
		'passed', a.overall_score >= cr.passing_score,
		'readiness', app.readiness_label(CASE WHEN a.overall_score >= 75 THEN 'ready' WHEN a.overall_score >= 60 THEN 'almost_ready'
		                                      WHEN a.overall_score >= 40 THEN 'needs_practice' ELSE 'significant_gaps' END),
		'readiness_class', app.score_class(a.overall_score),
		'confidence', round((a.confidence_score * 100)::numeric),
		'percentile', coalesce(a.percentile_rank, app.round_percentile(s.job_id, sr.round_number, a.overall_score, sr.id)),
		'dimensions', (SELECT coalesce(json_agg(json_build_object(
				'key', d.key, 'label', d.label, 'score', round(app.dimension_score(a, d.key)::numeric, 1),
				'class', app.score_class(app.dimension_score(a, d.key)),
				'contributions', coalesce(a.score_details #> ARRAY['scores', d.key, 'contributions'], '[]')) ORDER BY d.ord), '[]')
			FROM app.dimensions() d WHERE app.dimension_score(a, d.key) IS NOT NULL),
		'overall_contributions', coalesce(a.score_details->'overall_contributions', '[]'),
		'criteria', (SELECT coalesce(json_agg(json_build_object(
				'name', coalesce(c.value->>'criterion', c.key), 'score', round((c.value->>'score')::numeric, 1),
				'class', app.score_class((c.value->>'score')::double precision),
				'level', replace(coalesce(c.value->>'level', ''), '_', ' '),
				'weight_pct', round(coalesce((c.value->>'weight')::numeric, 0) * 100),
				'feedback', c.value->>'feedback') ORDER BY c.key), '[]')
			FROM jsonb_each(a.criteria_scores) c WHERE jsonb_typeof(c.value) = 'object'),
		'strengths', app.observations(a.top_strengths),
		'weaknesses', app.observations(a.key_weaknesses),
		'red_flags', app.observations(a.red_flags),
		'positive_surprises', app.observations(a.positive_surprises),
		'missed_opportunities', (SELECT coalesce(json_agg(CASE WHEN jsonb_typeof(o) = 'string' THEN o #>> '{}'
		                                                        ELSE coalesce(o->>'text', o->>'topic') END), '[]')
		                         FROM jsonb_array_elements(a.missed_opportunities) o),
		'feedback_groups', app.feedback_groups(ARRAY[a.id]),
		'metrics', json_build_object(
			'total_words', t.total_words, 'unique_words', t.unique_words,
			'wpm', round(t.speaking_pace_wpm::numeric), 'timed', t.speaking_pace_wpm IS NOT NULL,
			'filler_count', coalesce(t.filler_words_count, (a.communication_metrics->>'filler_words')::numeric),
			'fillers', (SELECT coalesce(json_agg(json_build_object('word', CASE WHEN jsonb_typeof(f) = 'string' THEN f #>> '{}' ELSE f->>'word' END,
			                                                        'count', CASE WHEN jsonb_typeof(f) = 'object' THEN f->'count' END)), '[]')
			            FROM jsonb_array_elements(t.filler_words) f),
			'hedges_count', coalesce((a.communication_metrics->>'hedges_count')::numeric, (a.communication_metrics->>'hedges')::numeric),
			'hedges', CASE WHEN jsonb_typeof(a.communication_metrics->'hedges') = 'array' THEN a.communication_metrics->'hedges'
			               WHEN jsonb_typeof(a.communication_metrics->'hedges') = 'object' THEN
			                    (SELECT jsonb_agg(jsonb_build_object('word', k, 'count', v)) FROM jsonb_each(a.communication_metrics->'hedges') h(k, v)) END,
			'long_pauses', a.communication_metrics->'long_pauses',
			'talk_ratio_pct', round((a.communication_metrics->>'talk_ratio')::numeric * 100),
			'response_time', round(t.question_response_time_avg_seconds::numeric, 1),
			'provider', t.transcription_provider,
			'answers', (SELECT coalesce(json_agg(json_build_object('label', 'Answer ' || k, 'words', w,
			                                                        'band', CASE WHEN w < 25 THEN 'short' WHEN w <= 320 THEN 'good' ELSE 'long' END)
			                                      ORDER BY k), '[]')
			            FROM (SELECT row_number() OVER (ORDER BY n) AS k,
			                         coalesce(array_length(regexp_split_to_array(btrim(m->>'text'), '\s+'), 1), 0) AS w
			                  FROM jsonb_array_elements(coalesce(t.messages, '[]')) WITH ORDINALITY x(m, n)
			                  WHERE m->>'speaker' = 'candidate') z)),
		'answers', coalesce(a.score_details->'answers', '[]'),
		'fillers_per_answer', app.fillers_per_answer(a, t.messages),
		'transcript', app.report_transcript(t.messages, app.evidence_quotes(a)),
		'previous', (SELECT json_build_object(
				'session_id', ps.id, 'completed_on', to_char(ps.completed_at, 'DD Mon YYYY'),
				'score', round(pa.overall_score::numeric, 1),
				'delta', round((a.overall_score - pa.overall_score)::numeric, 1),
				'improved', a.overall_score > pa.overall_score,
				'url', '/sessions/' || ps.id || '/rounds/' || p_n || '/report',
				'dimensions', (SELECT json_agg(json_build_object('label', d.label,
				                      'before', round(app.dimension_score(pa, d.key)::numeric, 1),
				                      'after', round(app.dimension_score(a, d.key)::numeric, 1),
				                      'delta', round((app.dimension_score(a, d.key) - app.dimension_score(pa, d.key))::numeric, 1)) ORDER BY d.ord)
				               FROM app.dimensions() d WHERE app.dimension_score(a, d.key) IS NOT NULL AND app.dimension_score(pa, d.key) IS NOT NULL))
			FROM interview_sessions ps
			JOIN session_rounds psr ON psr.session_id = ps.id AND psr.round_number = p_n
			JOIN round_analyses pa ON pa.session_round_id = psr.id
			WHERE ps.user_id = s.user_id AND ps.curriculum_id = s.curriculum_id AND ps.id <> s.id
			  AND coalesce(psr.actual_end, pa.created_at) < coalesce(sr.actual_end, a.created_at)
			ORDER BY coalesce(psr.actual_end, pa.created_at) DESC LIMIT 1))
	FROM interview_sessions s
	JOIN jobs j ON j.id = s.job_id
	JOIN companies co ON co.id = j.company_id
	JOIN session_rounds sr ON sr.session_id = s.id AND sr.round_number = p_n
	JOIN curriculum_rounds cr ON cr.id = sr.curriculum_round_id
	JOIN round_analyses a ON a.session_round_id = sr.id
	LEFT JOIN round_transcripts t ON t.session_round_id = sr.id
	WHERE s.id = p_session_id);
END;
$$;

-- The report of a whole session: overall score and readiness, dimensions averaged over rounds,
-- the rounds, strengths and weaknesses, improvements, feedback by priority, metrics, the change
-- since the previous attempt at the same curriculum. NULL (404) until a round has been analysed.
CREATE FUNCTION app.session_report(p_session_id uuid) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (
	WITH s AS (SELECT * FROM interview_sessions WHERE id = p_session_id),
	ra AS (SELECT sr.round_number, a.id, a.session_round_id, a.overall_score, a.top_strengths, a.key_weaknesses,
	              a.communication_metrics, a AS an
	       FROM s JOIN session_rounds sr ON sr.session_id = s.id JOIN round_analyses a ON a.session_round_id = sr.id),
	dims AS (SELECT d.ord, d.key, d.label, avg(app.dimension_score(ra.an, d.key)) AS score
	         FROM app.dimensions() d CROSS JOIN ra GROUP BY d.ord, d.key, d.label
	         HAVING avg(app.dimension_score(ra.an, d.key)) IS NOT NULL),
	prev AS (SELECT ps.* FROM s JOIN interview_sessions ps ON ps.user_id = s.user_id AND ps.curriculum_id = s.curriculum_id
	         AND ps.id <> s.id AND ps.status = 'completed' AND ps.completed_at < coalesce(s.completed_at, now())
	         ORDER BY ps.completed_at DESC LIMIT 1),
	score AS (SELECT coalesce(s.overall_score, (SELECT avg(overall_score) FROM ra)) AS v FROM s)
	SELECT json_build_object(
		'session', json_build_object('id', s.id, 'job_id', j.id, 'job_title', j.title, 'company', co.name, 'company_id', co.id,
		                             'status', s.status, 'status_label', initcap(replace(s.status, '_', ' ')),
		                             'is_completed', s.status = 'completed',
		                             'completed_on', to_char(s.completed_at, 'DD Mon YYYY'),
		                             'total_rounds', s.total_rounds, 'rounds_completed', s.rounds_completed,
		                             'rounds_skipped', s.rounds_skipped, 'url', '/sessions/' || s.id,
		                             'time_used', app.duration_text(s.total_duration_seconds)),
		'overall_score', round((SELECT v FROM score)::numeric, 1),
		'score_class', app.score_class((SELECT v FROM score)),
		'readiness', app.readiness_label(s.readiness_assessment),
		'readiness_class', app.readiness_class(s.readiness_assessment),
		'percentile', coalesce(s.percentile_rank, app.job_percentile(s.job_id, (SELECT v FROM score), s.id)),
		'dimensions', (SELECT coalesce(json_agg(json_build_object('key', key, 'label', label, 'score', round(score::numeric, 1),
		                                                           'class', app.score_class(score)) ORDER BY ord), '[]') FROM dims),
		'rounds', (SELECT json_agg(json_build_object('number', sr.round_number, 'title', cr.title,
		                                              'type', app.round_type_label(cr.round_type),
		                                              'status', sr.status, 'status_label', initcap(replace(sr.status, '_', ' ')),
		                                              'score', round(a.overall_score::numeric, 1),
		                                              'class', app.score_class(a.overall_score),
		                                              'report_url', CASE WHEN a.id IS NOT NULL THEN '/sessions/' || s.id || '/rounds/' || sr.round_number || '/report' END)
		                            ORDER BY sr.round_number)
		           FROM session_rounds sr JOIN curriculum_rounds cr ON cr.id = sr.curriculum_round_id
		           LEFT JOIN round_analyses a ON a.session_round_id = sr.id WHERE sr.session_id = s.id),
		'strengths', app.observations(CASE WHEN jsonb_array_length(s.strengths) > 0 THEN s.strengths
		                                   ELSE (SELECT coalesce(jsonb_agg(x), '[]') FROM ra, jsonb_array_elements(ra.top_strengths) x) END),
		'weaknesses', app.observations(CASE WHEN jsonb_array_length(s.weaknesses) > 0 THEN s.weaknesses
		                                    ELSE (SELECT coalesce(jsonb_agg(x), '[]') FROM ra, jsonb_array_elements(ra.key_weaknesses) x) END),
		'round_strengths', app.observations((SELECT coalesce(jsonb_agg(x), '[]') FROM ra, jsonb_array_elements(ra.top_strengths) x
		                                     WHERE jsonb_typeof(x) = 'object' AND coalesce(x->>'evidence', x->>'example') IS NOT NULL)),
		'round_weaknesses', app.observations((SELECT coalesce(jsonb_agg(x), '[]') FROM ra, jsonb_array_elements(ra.key_weaknesses) x
		                                      WHERE jsonb_typeof(x) = 'object' AND coalesce(x->>'evidence', x->>'example') IS NOT NULL)),
		'key_improvements', (SELECT coalesce(json_agg(CASE WHEN jsonb_typeof(k) = 'string' THEN k #>> '{}'
		                                                    ELSE coalesce(k->>'title', k->>'text', k->>'action') END), '[]')
		                     FROM jsonb_array_elements(s.key_improvements) k),
		'focus_areas', (SELECT coalesce(json_agg(initcap(replace(CASE WHEN jsonb_typeof(k) = 'string' THEN k #>> '{}'
		                                                               ELSE coalesce(k->>'label', k->>'area', k->>'dimension') END, '_', ' '))), '[]')
		                FROM jsonb_array_elements(s.recommended_focus_areas) k),
		'feedback_groups', app.feedback_groups((SELECT coalesce(array_agg(id), '{}') FROM ra)),
		'metrics', (SELECT json_build_object(
				'total_words', sum(t.total_words), 'filler_count', sum(t.filler_words_count),
				'filler_per_100', round(100.0 * sum(t.filler_words_count) / nullif(sum(t.total_words), 0), 1),
				'wpm', round(avg(t.speaking_pace_wpm)::numeric), 'timed', bool_or(t.speaking_pace_wpm IS NOT NULL),
				'hedges_count', sum(coalesce((ra.communication_metrics->>'hedges_count')::numeric, (ra.communication_metrics->>'hedges')::numeric)))
			FROM ra LEFT JOIN round_transcripts t ON t.session_round_id = ra.session_round_id),
		'previous', (SELECT json_build_object('session_id', p.id, 'completed_on', to_char(p.completed_at, 'DD Mon YYYY'),
		                                      'score', round(p.overall_score::numeric, 1),
		                                      'delta', round(((SELECT v FROM score) - p.overall_score)::numeric, 1),
		                                      'improved', (SELECT v FROM score) > p.overall_score,
		                                      'readiness', app.readiness_label(p.readiness_assessment),
		                                      'url', '/sessions/' || p.id || '/report') FROM prev p))
	FROM s
	JOIN jobs j ON j.id = s.job_id
	JOIN companies co ON co.id = j.company_id
	WHERE EXISTS (SELECT 1 FROM ra));
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- Dashboard and credits

-- The dashboard of the current user: credits and renewal, sessions in progress, recent results,
-- the score series and dimension averages for the charts, recurring focus areas, jobs.
CREATE FUNCTION app.dashboard_page() RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (
	WITH done AS (
		SELECT s.id, s.job_id, s.overall_score, s.readiness_assessment, s.completed_at
		FROM interview_sessions s
		WHERE s.user_id = auth.uid() AND s.status = 'completed'
		ORDER BY s.completed_at DESC LIMIT 12),
	recent_analyses AS (
		SELECT a.id, a AS an FROM (SELECT id FROM done ORDER BY completed_at DESC LIMIT 5) d
		JOIN session_rounds sr ON sr.session_id = d.id JOIN round_analyses a ON a.session_round_id = sr.id)
	SELECT json_build_object(
		'user', (SELECT json_build_object('full_name', p.full_name, 'target_role', p.target_role)
		         FROM user_profiles p WHERE p.user_id = auth.uid()),
		'credits', (SELECT json_build_object('monthly', c.monthly_credits, 'bonus', c.bonus_credits,
		                                     'total', c.monthly_credits + c.bonus_credits,
		                                     'none_left', c.monthly_credits + c.bonus_credits = 0,
		                                     'used_this_month', c.credits_used_this_month,
		                                     'renews_on', to_char(c.current_period_end, 'DD Mon YYYY'),
		                                     'plan', initcap(coalesce(sub.plan_type, 'free')),
		                                     'plan_monthly', coalesce(sub.monthly_credits, 1))
		            FROM user_credits c LEFT JOIN subscriptions sub ON sub.user_id = c.user_id WHERE c.user_id = auth.uid()),
		'in_progress', (SELECT coalesce(json_agg(json_build_object(
				'id', s.id, 'url', '/sessions/' || s.id, 'job_title', j.title, 'company', co.name,
				'current_round', least(s.current_round, s.total_rounds), 'total_rounds', s.total_rounds,
				'progress_done', s.rounds_completed + s.rounds_skipped,
				'started_on', to_char(coalesce(s.started_at, s.created_at), 'DD Mon YYYY'),
				'expires_on', to_char(s.expires_at, 'DD Mon YYYY')) ORDER BY s.last_activity_at DESC NULLS LAST), '[]')
			FROM interview_sessions s JOIN jobs j ON j.id = s.job_id JOIN companies co ON co.id = j.company_id
			WHERE s.user_id = auth.uid() AND s.status IN ('not_started', 'in_progress') AND s.expires_at > now()),
		'has_recent', EXISTS (SELECT 1 FROM done),
		'recent', (SELECT coalesce(json_agg(json_build_object(
				'id', d.id, 'report_url', '/sessions/' || d.id || '/report', 'job_title', j.title, 'company', co.name,
				'score', round(d.overall_score::numeric, 1), 'class', app.score_class(d.overall_score),
				'readiness', app.readiness_label(d.readiness_assessment),
				'readiness_class', app.readiness_class(d.readiness_assessment),
				'completed_on', to_char(d.completed_at, 'DD Mon YYYY')) ORDER BY d.completed_at DESC), '[]')
			FROM (SELECT * FROM done ORDER BY completed_at DESC LIMIT 6) d
			JOIN jobs j ON j.id = d.job_id JOIN companies co ON co.id = j.company_id),
		'score_series', (SELECT coalesce(json_agg(json_build_object('label', to_char(d.completed_at, 'DD Mon'),
		                                                            'value', round(d.overall_score::numeric, 1)) ORDER BY d.completed_at), '[]')
		                 FROM done d WHERE d.overall_score IS NOT NULL),
		'dimensions', (SELECT coalesce(json_agg(json_build_object('label', x.label, 'value', x.v) ORDER BY x.ord), '[]')
		               FROM (SELECT d.ord, d.label, round(avg(app.dimension_score(ra.an, d.key))::numeric, 1) AS v
		                     FROM app.dimensions() d CROSS JOIN recent_analyses ra GROUP BY d.ord, d.label) x
		               WHERE x.v IS NOT NULL),
		'focus_areas', (SELECT coalesce(json_agg(json_build_object('area', f.skill_area, 'count', f.n, 'example', f.example)
		                                         ORDER BY f.n DESC, f.skill_area), '[]')
		                FROM (SELECT fi.skill_area, count(*) AS n, (array_agg(fi.title ORDER BY fi.created_at DESC))[1] AS example
		                      FROM recent_analyses ra JOIN feedback_items fi ON fi.analysis_id = ra.id
		                      WHERE fi.category IN ('improvement', 'warning')
		                      GROUP BY fi.skill_area HAVING count(*) >= 2
		                      ORDER BY count(*) DESC, fi.skill_area LIMIT 5) f),
		'jobs', (SELECT coalesce(json_agg(json_build_object(
				'id', j.id, 'url', '/jobs/' || j.id, 'title', j.title, 'company', co.name, 'sessions', x.n,
				'best_score', round(x.best::numeric, 1), 'last_practised', to_char(x.last_at, 'DD Mon YYYY'))
				ORDER BY x.last_at DESC), '[]')
			FROM (SELECT s.job_id, count(*) AS n, max(s.overall_score) AS best, max(coalesce(s.completed_at, s.started_at, s.created_at)) AS last_at
			      FROM interview_sessions s WHERE s.user_id = auth.uid() GROUP BY s.job_id ORDER BY 4 DESC LIMIT 6) x
			JOIN jobs j ON j.id = x.job_id JOIN companies co ON co.id = j.company_id)));
END;
$$;

-- The credits page: balance, plan and features, and the ledger newest first, 25 rows a page,
-- continued after the row p_after (keyset on created_at, id). 'next' is the cursor of the next page.
CREATE FUNCTION app.credits_page(p_after uuid) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (
	WITH cur AS (SELECT created_at, id FROM credit_transactions WHERE id = p_after AND user_id = auth.uid()),
	page AS (
		SELECT t.* FROM credit_transactions t
		WHERE t.user_id = auth.uid()
		  AND (p_after IS NULL OR (t.created_at, t.id) < (SELECT created_at, id FROM cur))
		ORDER BY t.created_at DESC, t.id DESC LIMIT 26)
	SELECT json_build_object(
		'balance', (SELECT json_build_object('monthly', c.monthly_credits, 'bonus', c.bonus_credits,
		                                     'total', c.monthly_credits + c.bonus_credits,
		                                     'used_this_month', c.credits_used_this_month,
		                                     'period_start', to_char(c.current_period_start, 'DD Mon YYYY'),
		                                     'renews_on', to_char(c.current_period_end, 'DD Mon YYYY'))
		            FROM user_credits c WHERE c.user_id = auth.uid()),
		'plan', (SELECT json_build_object('type', sub.plan_type, 'name', initcap(sub.plan_type), 'status', sub.status,
		                                  'monthly_credits', sub.monthly_credits,
		                                  'period_end', to_char(sub.current_period_end, 'DD Mon YYYY'),
		                                  'features', (SELECT coalesce(json_agg(json_build_object(
		                                                   'name', initcap(replace(f.key, '_', ' ')),
		                                                   'included', f.value = 'true'::jsonb) ORDER BY f.key), '[]')
		                                               FROM jsonb_each(sub.features) f))
		         FROM subscriptions sub WHERE sub.user_id = auth.uid()),
		'first_page', p_after IS NULL,
		'ledger', (SELECT coalesce(json_agg(json_build_object(
				'id', p.id, 'date', to_char(p.created_at, 'DD Mon YYYY HH24:MI'), 'created_at', p.created_at,
				'type', p.transaction_type, 'type_label', initcap(p.transaction_type), 'credit_type', p.credit_type,
				'amount', p.amount, 'amount_text', CASE WHEN p.amount > 0 THEN '+' || p.amount ELSE p.amount::text END,
				'gain', p.amount > 0, 'description', p.description,
				'session_url', CASE WHEN p.related_entity_type = 'interview_session' AND EXISTS (
				                    SELECT 1 FROM interview_sessions s WHERE s.id = p.related_entity_id)
				               THEN '/sessions/' || p.related_entity_id END) ORDER BY p.created_at DESC, p.id DESC), '[]')
			FROM (SELECT * FROM page ORDER BY created_at DESC, id DESC LIMIT 25) p),
		'next', (SELECT '/credits?after=' || id FROM (SELECT id, created_at FROM page ORDER BY created_at DESC, id DESC OFFSET 24 LIMIT 1) l
		         WHERE (SELECT count(*) FROM page) > 25))
	WHERE p_after IS NULL OR EXISTS (SELECT 1 FROM cur));
END;
$$;

REVOKE EXECUTE ON FUNCTION app.job_percentile(uuid, double precision, uuid),
	app.round_percentile(uuid, int, double precision, uuid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION app.audit_self(text, text, uuid, jsonb, jsonb, text, text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.audit_self(text, text, uuid, jsonb, jsonb, text, text, text, boolean),
	app.job_percentile(uuid, double precision, uuid),
	app.round_percentile(uuid, int, double precision, uuid),
	app.readiness_label(text), app.readiness_class(text), app.score_class(double precision), app.round_type_label(text),
	app.duration_text(double precision), app.dimensions(), app.dimension_score(round_analyses, text),
	app.observations(jsonb), app.feedback_groups(uuid[]), app.round_questions(uuid), app.point_covered(text, tsvector),
	app.round_prompt(uuid, jsonb), app.session_page(uuid), app.open_session_locked(uuid),
	app.session_begin(uuid, text, text, text), app.session_answer(uuid, uuid, text, text, text, text),
	app.round_input(uuid, int), app.session_advance(interview_sessions, session_rounds, jsonb),
	app.round_finish(uuid, int, jsonb, jsonb, jsonb, text, int, text, text, text),
	app.round_skip(uuid, int, jsonb, text, text, text), app.session_abandon(uuid, text, text, text),
	app.session_fail(uuid, text, text, text, text), app.report_transcript(jsonb, text[]),
	app.evidence_quotes(round_analyses), app.fillers_per_answer(round_analyses, jsonb),
	app.round_report(uuid, int), app.session_report(uuid), app.dashboard_page(), app.credits_page(uuid)
	TO preptalk_app;
