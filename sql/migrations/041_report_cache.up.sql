-- 041_report_cache: the session report, the round report and the dashboard are built once and
-- kept in app.page_cache (032), like the company and job pages; a request adds only what moves
-- with other people's activity or with the clock: the percentiles (one indexed query each) and
-- the dashboard's sessions in progress (their expiry is checked at every read). Statement
-- triggers on every row the cached parts read mark the keys of the user's sessions (of the same
-- curriculum: the "previous attempt" reads those) and dashboard stale. Same JSON, byte for byte.

-- The live part's inputs, per key (job, score, the percentile stored by the engine...).
ALTER TABLE app.page_cache ADD COLUMN live jsonb;

-- The percentile queries as index-only scans.
CREATE INDEX idx_sessions_job_score ON interview_sessions (job_id, overall_score) INCLUDE (id)
	WHERE status = 'completed' AND overall_score IS NOT NULL;
CREATE INDEX idx_session_rounds_session_number ON session_rounds (session_id, round_number);

-- The live percentiles (040's queries, same results) as plpgsql: a SQL function with SET is
-- planned at every call (1-2 ms here, 20 times the query); plpgsql keeps the plan per connection.
CREATE OR REPLACE FUNCTION app.job_percentile(p_job_id uuid, p_score double precision, p_exclude uuid) RETURNS double precision
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	RETURN (
	SELECT CASE WHEN count(*) = 0 OR p_score IS NULL THEN NULL
	            ELSE round((100.0 * (count(*) FILTER (WHERE overall_score < p_score)
	                                 + 0.5 * count(*) FILTER (WHERE overall_score = p_score)) / count(*))::numeric, 1)::double precision END
	FROM interview_sessions
	WHERE job_id = p_job_id AND status = 'completed' AND overall_score IS NOT NULL AND id <> p_exclude);
END;
$$;

CREATE OR REPLACE FUNCTION app.round_percentile(p_job_id uuid, p_round_number int, p_score double precision, p_exclude uuid)
RETURNS double precision
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
BEGIN
	RETURN (
	SELECT CASE WHEN count(*) = 0 OR p_score IS NULL THEN NULL
	            ELSE round((100.0 * (count(*) FILTER (WHERE a.overall_score < p_score)
	                                 + 0.5 * count(*) FILTER (WHERE a.overall_score = p_score)) / count(*))::numeric, 1)::double precision END
	FROM interview_sessions s
	JOIN session_rounds sr ON sr.session_id = s.id AND sr.round_number = p_round_number
	JOIN round_analyses a ON a.session_round_id = sr.id
	WHERE s.job_id = p_job_id AND sr.id <> p_exclude);
END;
$$;

-- Keys of everything cached for the sessions of these users in these curricula (p_pairs: a
-- {user_id, curriculum_id} per row), and of those users' dashboards.
CREATE FUNCTION app.report_cache_keys(p_users uuid[], p_curricula uuid[]) RETURNS text[]
LANGUAGE sql STABLE
AS $$
	SELECT ARRAY(
		SELECT 'session_report:' || s.id FROM interview_sessions s
		JOIN unnest(p_users, p_curricula) AS x(u, c) ON s.user_id = x.u AND s.curriculum_id = x.c
		UNION ALL
		SELECT 'round_report:' || s.id || ':' || sr.round_number FROM interview_sessions s
		JOIN unnest(p_users, p_curricula) AS x(u, c) ON s.user_id = x.u AND s.curriculum_id = x.c
		JOIN session_rounds sr ON sr.session_id = s.id
		UNION ALL
		SELECT 'dashboard:' || u FROM unnest(p_users) u WHERE u IS NOT NULL)
$$;

-- Statement trigger (transition tables old_rows / new_rows) on every table the cached parts read.
CREATE FUNCTION app.report_cache_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	ids uuid[] := '{}';           -- the rows' own ids (or parents' ids), old and new
	users uuid[];
	curs uuid[];
BEGIN
	IF TG_OP = 'TRUNCATE' THEN
		UPDATE app.page_cache SET version = version + 1, head = NULL, tail = NULL, live = NULL, built_at = NULL
		WHERE key LIKE 'session\_report:%' OR key LIKE 'round\_report:%' OR key LIKE 'dashboard:%';
		RETURN NULL;
	END IF;
	-- the keys of a row: which ids to follow up to the sessions
	CASE TG_TABLE_NAME
	WHEN 'interview_sessions' THEN
		-- A new session has no report yet and is no earlier attempt of anything: only the
		-- owner's dashboard. An update matters to the reports (this session's and the later
		-- attempts' "change since last time") only when more than the activity stamps changed,
		-- so saving an answer does not clear a heavy user's whole history.
		IF TG_OP = 'INSERT' THEN
			PERFORM app.page_cache_invalidate(ARRAY(SELECT DISTINCT 'dashboard:' || n.user_id FROM new_rows n));
			RETURN NULL;
		ELSIF TG_OP = 'DELETE' THEN
			SELECT array_agg(x.u), array_agg(x.c) INTO users, curs FROM (
				SELECT DISTINCT o.user_id AS u, o.curriculum_id AS c FROM old_rows o) x;
		ELSE
			SELECT array_agg(x.u), array_agg(x.c) INTO users, curs FROM (
				SELECT o.user_id AS u, o.curriculum_id AS c FROM old_rows o JOIN new_rows n ON n.id = o.id
				WHERE to_jsonb(o) - 'last_activity_at' - 'updated_at' IS DISTINCT FROM to_jsonb(n) - 'last_activity_at' - 'updated_at'
				UNION SELECT n.user_id, n.curriculum_id FROM old_rows o JOIN new_rows n ON n.id = o.id
				WHERE to_jsonb(o) - 'last_activity_at' - 'updated_at' IS DISTINCT FROM to_jsonb(n) - 'last_activity_at' - 'updated_at') x;
		END IF;
		users := coalesce(users, '{}');
	WHEN 'session_rounds' THEN
		-- a round's progress shows only in its own session's reports (and the owner's dashboard);
		-- what later attempts compare against changes with the analyses and the session row
		IF TG_OP <> 'INSERT' THEN ids := ids || ARRAY(SELECT o.session_id FROM old_rows o); END IF;
		IF TG_OP <> 'DELETE' THEN ids := ids || ARRAY(SELECT n.session_id FROM new_rows n); END IF;
		PERFORM app.page_cache_invalidate(ARRAY(
			SELECT 'session_report:' || s.id FROM interview_sessions s WHERE s.id = ANY (ids)
			UNION SELECT 'round_report:' || sr.session_id || ':' || sr.round_number FROM session_rounds sr
			      WHERE sr.session_id = ANY (ids)
			UNION SELECT 'dashboard:' || s.user_id FROM interview_sessions s WHERE s.id = ANY (ids)));
		RETURN NULL;
	WHEN 'round_analyses' THEN
		IF TG_OP <> 'INSERT' THEN ids := ids || ARRAY(SELECT o.session_round_id FROM old_rows o); END IF;
		IF TG_OP <> 'DELETE' THEN ids := ids || ARRAY(SELECT n.session_round_id FROM new_rows n); END IF;
		ids := ARRAY(SELECT sr.session_id FROM session_rounds sr WHERE sr.id = ANY (ids));
	WHEN 'round_transcripts' THEN
		-- read only by the reports of their own session (not by other attempts, not by the
		-- dashboard): an answer saved marks two keys, not all the user's
		IF TG_OP <> 'INSERT' THEN ids := ids || ARRAY(SELECT o.session_round_id FROM old_rows o); END IF;
		IF TG_OP <> 'DELETE' THEN ids := ids || ARRAY(SELECT n.session_round_id FROM new_rows n); END IF;
		PERFORM app.page_cache_invalidate(ARRAY(
			SELECT 'session_report:' || sr.session_id FROM session_rounds sr WHERE sr.id = ANY (ids)
			UNION SELECT 'round_report:' || sr.session_id || ':' || sr.round_number FROM session_rounds sr WHERE sr.id = ANY (ids)));
		RETURN NULL;
	WHEN 'feedback_items' THEN
		-- read by the reports of their own session and by the owner's dashboard
		IF TG_OP <> 'INSERT' THEN ids := ids || ARRAY(SELECT o.analysis_id FROM old_rows o); END IF;
		IF TG_OP <> 'DELETE' THEN ids := ids || ARRAY(SELECT n.analysis_id FROM new_rows n); END IF;
		PERFORM app.page_cache_invalidate(ARRAY(
			SELECT k FROM round_analyses a JOIN session_rounds sr ON sr.id = a.session_round_id
			JOIN interview_sessions s ON s.id = sr.session_id,
			unnest(ARRAY['session_report:' || s.id, 'round_report:' || s.id || ':' || sr.round_number, 'dashboard:' || s.user_id]) k
			WHERE a.id = ANY (ids)));
		RETURN NULL;
	WHEN 'jobs' THEN
		-- the reports and dashboards show the job's title and its company
		IF TG_OP = 'UPDATE' THEN
			ids := ARRAY(SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
			             WHERE n.title IS DISTINCT FROM o.title OR n.company_id IS DISTINCT FROM o.company_id);
		ELSIF TG_OP = 'DELETE' THEN
			ids := ARRAY(SELECT o.id FROM old_rows o);
		END IF;
		ids := ARRAY(SELECT s.id FROM interview_sessions s WHERE s.job_id = ANY (ids));
	WHEN 'companies' THEN
		IF TG_OP = 'UPDATE' THEN
			ids := ARRAY(SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.name IS DISTINCT FROM o.name);
		ELSIF TG_OP = 'DELETE' THEN
			ids := ARRAY(SELECT o.id FROM old_rows o);
		END IF;
		ids := ARRAY(SELECT s.id FROM interview_sessions s JOIN jobs j ON j.id = s.job_id WHERE j.company_id = ANY (ids));
	WHEN 'curriculum_rounds' THEN
		IF TG_OP <> 'INSERT' THEN ids := ids || ARRAY(SELECT o.id FROM old_rows o); END IF;
		IF TG_OP <> 'DELETE' THEN ids := ids || ARRAY(SELECT n.id FROM new_rows n); END IF;
		ids := ARRAY(SELECT DISTINCT sr.session_id FROM session_rounds sr WHERE sr.curriculum_round_id = ANY (ids));
	ELSE
		-- user_profiles, user_credits, subscriptions, credit_transactions: the owner's dashboard
		IF TG_OP <> 'INSERT' THEN ids := ids || ARRAY(SELECT o.user_id FROM old_rows o); END IF;
		IF TG_OP <> 'DELETE' THEN ids := ids || ARRAY(SELECT n.user_id FROM new_rows n); END IF;
		PERFORM app.page_cache_invalidate(ARRAY(SELECT DISTINCT 'dashboard:' || u FROM unnest(ids) u WHERE u IS NOT NULL));
		RETURN NULL;
	END CASE;
	IF users IS NULL THEN
		SELECT array_agg(x.u), array_agg(x.c) INTO users, curs FROM (
			SELECT DISTINCT s.user_id AS u, s.curriculum_id AS c FROM interview_sessions s WHERE s.id = ANY (ids)) x;
	END IF;
	IF cardinality(users) > 0 THEN
		PERFORM app.page_cache_invalidate(app.report_cache_keys(users, curs));
	END IF;
	RETURN NULL;
END;
$$;

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['interview_sessions', 'session_rounds', 'round_analyses', 'round_transcripts', 'feedback_items',
	                         'jobs', 'companies', 'curriculum_rounds',
	                         'user_profiles', 'user_credits', 'subscriptions', 'credit_transactions'] LOOP
		EXECUTE format('CREATE TRIGGER trg_report_cache_ins AFTER INSERT ON public.%I REFERENCING NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION app.report_cache_changed()', t);
		EXECUTE format('CREATE TRIGGER trg_report_cache_upd AFTER UPDATE ON public.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION app.report_cache_changed()', t);
		EXECUTE format('CREATE TRIGGER trg_report_cache_del AFTER DELETE ON public.%I REFERENCING OLD TABLE AS old_rows
			FOR EACH STATEMENT EXECUTE FUNCTION app.report_cache_changed()', t);
		EXECUTE format('CREATE TRIGGER trg_report_cache_trunc AFTER TRUNCATE ON public.%I
			FOR EACH STATEMENT EXECUTE FUNCTION app.report_cache_changed()', t);
	END LOOP;
END;
$$;

-- The cached part of round p_n's report: head is the model's JSON up to "confidence" (no closing
-- brace), tail from "dimensions" on; live what the percentile needs. No row: no analysed round.
CREATE FUNCTION app.round_report_build(p_session_id uuid, p_n int, OUT head text, OUT tail text, OUT live jsonb)
RETURNS SETOF record
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	RETURN QUERY
	SELECT left(json_build_object(
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
		'confidence', round((a.confidence_score * 100)::numeric))::text, -1),
	', ' || substr(json_build_object(
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
			ORDER BY coalesce(psr.actual_end, pa.created_at) DESC LIMIT 1))::text, 2),
	jsonb_build_object('job_id', s.job_id, 'round_number', sr.round_number, 'score', a.overall_score,
	                   'exclude', sr.id, 'rank', a.percentile_rank)
	FROM interview_sessions s
	JOIN jobs j ON j.id = s.job_id
	JOIN companies co ON co.id = j.company_id
	JOIN session_rounds sr ON sr.session_id = s.id AND sr.round_number = p_n
	JOIN curriculum_rounds cr ON cr.id = sr.curriculum_round_id
	JOIN round_analyses a ON a.session_round_id = sr.id
	LEFT JOIN round_transcripts t ON t.session_round_id = sr.id
	WHERE s.id = p_session_id;
END;
$$;

-- The cached part of a session's report: head up to "readiness_class", tail from "dimensions".
CREATE FUNCTION app.session_report_build(p_session_id uuid, OUT head text, OUT tail text, OUT live jsonb)
RETURNS SETOF record
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	RETURN QUERY
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
	SELECT left(json_build_object(
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
		'readiness_class', app.readiness_class(s.readiness_assessment))::text, -1),
	', ' || substr(json_build_object(
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
		                                      'url', '/sessions/' || p.id || '/report') FROM prev p))::text, 2),
	jsonb_build_object('job_id', s.job_id, 'score', (SELECT v FROM score), 'exclude', s.id, 'rank', s.percentile_rank)
	FROM s
	JOIN jobs j ON j.id = s.job_id
	JOIN companies co ON co.id = j.company_id
	WHERE EXISTS (SELECT 1 FROM ra);
END;
$$;

-- The cached part of user p_user's dashboard: head up to "credits", tail from "has_recent" (the
-- sessions in progress in between expire with the clock: app.dashboard_page reads them live).
CREATE FUNCTION app.dashboard_build(p_user uuid, OUT head text, OUT tail text)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	SELECT x.head, x.tail INTO head, tail FROM (
	WITH done AS (
		SELECT s.id, s.job_id, s.overall_score, s.readiness_assessment, s.completed_at
		FROM interview_sessions s
		WHERE s.user_id = p_user AND s.status = 'completed'
		ORDER BY s.completed_at DESC LIMIT 12),
	recent_analyses AS (
		SELECT a.id, a AS an FROM (SELECT id FROM done ORDER BY completed_at DESC LIMIT 5) d
		JOIN session_rounds sr ON sr.session_id = d.id JOIN round_analyses a ON a.session_round_id = sr.id)
	SELECT left(json_build_object(
		'user', (SELECT json_build_object('full_name', p.full_name, 'target_role', p.target_role)
		         FROM user_profiles p WHERE p.user_id = p_user),
		'credits', (SELECT json_build_object('monthly', c.monthly_credits, 'bonus', c.bonus_credits,
		                                     'total', c.monthly_credits + c.bonus_credits,
		                                     'none_left', c.monthly_credits + c.bonus_credits = 0,
		                                     'used_this_month', c.credits_used_this_month,
		                                     'renews_on', to_char(c.current_period_end, 'DD Mon YYYY'),
		                                     'plan', initcap(coalesce(sub.plan_type, 'free')),
		                                     'plan_monthly', coalesce(sub.monthly_credits, 1))
		            FROM user_credits c LEFT JOIN subscriptions sub ON sub.user_id = c.user_id WHERE c.user_id = p_user))::text, -1) AS head,
	', ' || substr(json_build_object(
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
			      FROM interview_sessions s WHERE s.user_id = p_user GROUP BY s.job_id ORDER BY 4 DESC LIMIT 6) x
			JOIN jobs j ON j.id = x.job_id JOIN companies co ON co.id = j.company_id))::text, 2) AS tail) x;
END;
$$;

-- The cached part of key p_key (built by p_kind: 'round', 'session' or 'dashboard'), built and
-- stored when stale. Reads past RLS, so it checks what the policies check: the session (or the
-- dashboard) is the caller's own, or the caller is an admin. No row: nothing to show.
CREATE FUNCTION app.report_cache_get(p_kind text, p_id uuid, p_n int, OUT head text, OUT tail text, OUT live jsonb)
RETURNS SETOF record
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	k text;
	c app.page_cache%ROWTYPE;
BEGIN
	IF p_kind = 'dashboard' THEN
		IF p_id IS DISTINCT FROM auth.uid() THEN
			RETURN;
		ELSIF p_id IS NULL THEN
			RETURN QUERY SELECT b.head, b.tail, NULL::jsonb FROM app.dashboard_build(NULL) b;
			RETURN;
		END IF;
		k := 'dashboard:' || p_id;
	ELSE
		PERFORM 1 FROM interview_sessions s WHERE s.id = p_id AND (s.user_id = auth.uid() OR auth.is_admin());
		IF NOT FOUND THEN
			RETURN;
		END IF;
		k := CASE p_kind WHEN 'round' THEN 'round_report:' || p_id || ':' || p_n ELSE 'session_report:' || p_id END;
	END IF;
	SELECT * INTO c FROM app.page_cache WHERE key = k;
	IF c.head IS NOT NULL THEN
		RETURN QUERY SELECT c.head, c.tail, c.live;
		RETURN;
	END IF;
	CASE p_kind
	WHEN 'round' THEN SELECT b.head, b.tail, b.live INTO head, tail, live FROM app.round_report_build(p_id, p_n) b;
	WHEN 'session' THEN SELECT b.head, b.tail, b.live INTO head, tail, live FROM app.session_report_build(p_id) b;
	ELSE SELECT b.head, b.tail INTO head, tail FROM app.dashboard_build(p_id) b;
	END CASE;
	IF head IS NULL THEN
		RETURN;
	END IF;
	IF c.key IS NULL THEN
		INSERT INTO app.page_cache (key, head, tail, live, built_at) VALUES (k, head, tail, live, now())
		ON CONFLICT (key) DO NOTHING;
	ELSE
		UPDATE app.page_cache SET head = report_cache_get.head, tail = report_cache_get.tail, live = report_cache_get.live,
			built_at = now()
		WHERE key = k AND version = c.version AND page_cache.head IS NULL;
	END IF;
	RETURN NEXT;
END;
$$;

-- The report of one round: RLS decides who may see the session; then the cached part and the
-- percentile among everyone's analyses of the same round of the same job.
CREATE OR REPLACE FUNCTION app.round_report(p_session_id uuid, p_n int) RETURNS json
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
	c record;
BEGIN
	PERFORM 1 FROM interview_sessions WHERE id = p_session_id;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	SELECT * INTO c FROM app.report_cache_get('round', p_session_id, p_n);
	IF c.head IS NULL THEN
		RETURN NULL;
	END IF;
	RETURN (c.head || ', "percentile" : ' || coalesce(to_json(coalesce((c.live->>'rank')::double precision,
		app.round_percentile((c.live->>'job_id')::uuid, (c.live->>'round_number')::int, (c.live->>'score')::double precision,
		                     (c.live->>'exclude')::uuid)))::text, 'null') || c.tail)::json;
END;
$$;

-- The report of a whole session: the cached part and the percentile among the completed
-- sessions of everyone who practised the same job.
CREATE OR REPLACE FUNCTION app.session_report(p_session_id uuid) RETURNS json
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
	c record;
BEGIN
	PERFORM 1 FROM interview_sessions WHERE id = p_session_id;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	SELECT * INTO c FROM app.report_cache_get('session', p_session_id, NULL);
	IF c.head IS NULL THEN
		RETURN NULL;
	END IF;
	RETURN (c.head || ', "percentile" : ' || coalesce(to_json(coalesce((c.live->>'rank')::double precision,
		app.job_percentile((c.live->>'job_id')::uuid, (c.live->>'score')::double precision, (c.live->>'exclude')::uuid)))::text,
		'null') || c.tail)::json;
END;
$$;

-- The dashboard: the cached part and the sessions in progress that have not expired.
CREATE OR REPLACE FUNCTION app.dashboard_page() RETURNS json
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
	me uuid := auth.uid();
	c record;
BEGIN
	SELECT * INTO c FROM app.report_cache_get('dashboard', me, NULL);
	RETURN (c.head || ', "in_progress" : ' || (
		SELECT coalesce(json_agg(json_build_object(
				'id', s.id, 'url', '/sessions/' || s.id, 'job_title', j.title, 'company', co.name,
				'current_round', least(s.current_round, s.total_rounds), 'total_rounds', s.total_rounds,
				'progress_done', s.rounds_completed + s.rounds_skipped,
				'started_on', to_char(coalesce(s.started_at, s.created_at), 'DD Mon YYYY'),
				'expires_on', to_char(s.expires_at, 'DD Mon YYYY')) ORDER BY s.last_activity_at DESC NULLS LAST), '[]')
		FROM interview_sessions s JOIN jobs j ON j.id = s.job_id JOIN companies co ON co.id = j.company_id
		WHERE s.user_id = me AND s.status IN ('not_started', 'in_progress') AND s.expires_at > now())::text
		|| c.tail)::json;
END;
$$;

REVOKE EXECUTE ON FUNCTION app.report_cache_keys(uuid[], uuid[]), app.report_cache_changed(),
	app.round_report_build(uuid, int), app.session_report_build(uuid), app.dashboard_build(uuid),
	app.report_cache_get(text, uuid, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.report_cache_get(text, uuid, int) TO preptalk_app;
