-- 41_report_cache.sql: the report and dashboard cache of migration 041 is exact and per user.
-- After each change (a round finished, the session completed, a new feedback item, a credit
-- spent, a profile edit) the next read shows it and equals a cold build; the percentiles move
-- with other people's results without touching the cached part; another user gets nothing.
BEGIN;
\set QUIET 1
\ir fixtures.psql
SELECT plan(31);

\set SA '''00000001-0000-4000-a000-00000000000a'''
\set SB '''00000001-0000-4000-a000-00000000000b'''

-- The models as the workers' role sees them; cold: with every report and dashboard entry cleared.
CREATE FUNCTION pg_temp.rr(p_uid uuid, p_sid uuid, p_n int, p_role text DEFAULT 'candidate') RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	m text;
BEGIN
	PERFORM tap_rls.act_as(p_uid, p_role);
	m := app.round_report(p_sid, p_n);
	RESET ROLE;
	RETURN m;
END;
$$;
CREATE FUNCTION pg_temp.sr(p_uid uuid, p_sid uuid, p_role text DEFAULT 'candidate') RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	m text;
BEGIN
	PERFORM tap_rls.act_as(p_uid, p_role);
	m := app.session_report(p_sid);
	RESET ROLE;
	RETURN m;
END;
$$;
CREATE FUNCTION pg_temp.dash(p_uid uuid) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	m text;
BEGIN
	PERFORM tap_rls.act_as(p_uid);
	m := app.dashboard_page();
	RESET ROLE;
	RETURN m;
END;
$$;
CREATE FUNCTION pg_temp.clear() RETURNS void
LANGUAGE sql AS $$
	UPDATE app.page_cache SET head = NULL, version = version + 1
	WHERE key LIKE 'session\_report:%' OR key LIKE 'round\_report:%' OR key LIKE 'dashboard:%'
$$;
CREATE FUNCTION pg_temp.cold_rr(p_uid uuid, p_sid uuid, p_n int) RETURNS text
LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_temp.clear(); RETURN pg_temp.rr(p_uid, p_sid, p_n); END; $$;
CREATE FUNCTION pg_temp.cold_sr(p_uid uuid, p_sid uuid) RETURNS text
LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_temp.clear(); RETURN pg_temp.sr(p_uid, p_sid); END; $$;
CREATE FUNCTION pg_temp.cold_dash(p_uid uuid) RETURNS text
LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_temp.clear(); RETURN pg_temp.dash(p_uid); END; $$;
CREATE FUNCTION pg_temp.ver(p_key text) RETURNS bigint
LANGUAGE sql AS $$ SELECT coalesce((SELECT version FROM app.page_cache WHERE key = p_key), 0) $$;
CREATE FUNCTION pg_temp.cached(p_key text) RETURNS boolean
LANGUAGE sql AS $$ SELECT EXISTS (SELECT 1 FROM app.page_cache WHERE key = p_key AND head IS NOT NULL) $$;

-- Reads fill the cache; a cached read equals a cold one.
CREATE TEMP TABLE m0 AS SELECT pg_temp.cold_rr(:A, :SA, 1) AS rr, pg_temp.cold_sr(:A, :SA) AS sr, pg_temp.cold_dash(:A) AS d;
SELECT ok((SELECT rr IS NOT NULL AND sr IS NOT NULL AND d IS NOT NULL FROM m0), 'A has a round report, a session report and a dashboard');
\o /dev/null
SELECT pg_temp.rr(:A, :SA, 1), pg_temp.sr(:A, :SA), pg_temp.dash(:A);
\o
SELECT ok(pg_temp.cached('round_report:' || :SA || ':1') AND pg_temp.cached('session_report:' || :SA)
          AND pg_temp.cached('dashboard:' || :A), 'the three are cached after a read');
SELECT is(pg_temp.rr(:A, :SA, 1), (SELECT rr FROM m0), 'the cached round report equals the cold one');
SELECT is(pg_temp.sr(:A, :SA), (SELECT sr FROM m0), 'the cached session report equals the cold one');
SELECT is(pg_temp.dash(:A), (SELECT d FROM m0), 'the cached dashboard equals the cold one');
SELECT ok((SELECT head || tail NOT LIKE '%in_progress%' FROM app.page_cache WHERE key = 'dashboard:' || :A),
	'the sessions in progress (they expire with the clock) are not cached');

-- Isolation: B gets nothing of A's, even through the cache; an admin gets what A gets.
SELECT is(pg_temp.rr(:B, :SA, 1), NULL, 'B gets no round report of A''s session (cached)');
SELECT is(pg_temp.sr(:B, :SA), NULL, 'B gets no session report of A''s session (cached)');
SELECT tap_rls.act_as(:B);
SELECT is((SELECT count(*)::int FROM app.report_cache_get('round', :SA, 1)), 0, 'the cache itself refuses B A''s report');
SELECT is((SELECT count(*)::int FROM app.report_cache_get('dashboard', :A, NULL)), 0, 'the cache itself refuses B A''s dashboard');
RESET ROLE;
SELECT is(pg_temp.rr(:ADM, :SA, 1, 'admin'), (SELECT rr FROM m0), 'an admin sees A''s report as A does');
SELECT isnt(pg_temp.dash(:B), pg_temp.dash(:A), 'B''s dashboard is B''s own');
SELECT is(pg_temp.dash(:A), (SELECT d FROM m0), 'B''s reads leave A''s dashboard as it was');

-- A change of B's touches only B's keys.
CREATE TEMP TABLE v0 AS SELECT pg_temp.ver('round_report:' || :SA || ':1') AS rr, pg_temp.ver('dashboard:' || :A) AS d,
	pg_temp.ver('dashboard:' || :B) AS db;
UPDATE user_profiles SET full_name = 'Tap B renamed' WHERE user_id = :B;
UPDATE user_credits SET bonus_credits = bonus_credits + 1 WHERE user_id = :B;
SELECT ok(pg_temp.ver('dashboard:' || :A) = (SELECT d FROM v0) AND pg_temp.ver('dashboard:' || :B) > (SELECT db FROM v0),
	'B''s profile and credits invalidate B''s dashboard only');
SELECT ok(pg_temp.dash(:B) LIKE '%Tap B renamed%', 'B''s new name shows on B''s next read');

-- Percentiles are live: B's score for the same round moves A's percentile, A's entry stays cached.
CREATE TEMP TABLE p0 AS SELECT (pg_temp.rr(:A, :SA, 1)::json->>'percentile')::numeric AS p;
UPDATE round_analyses SET overall_score = 20 WHERE session_round_id = '10000000-0000-4000-a000-00000000000b';
SELECT cmp_ok((pg_temp.rr(:A, :SA, 1)::json->>'percentile')::numeric, '>', (SELECT p FROM p0),
	'a lower score by B raises A''s round percentile at once');
SELECT is(pg_temp.ver('round_report:' || :SA || ':1'), (SELECT rr FROM v0), 'without invalidating A''s cached report');
SELECT is(pg_temp.rr(:A, :SA, 1), pg_temp.cold_rr(:A, :SA, 1), 'and it equals a cold build');

-- A new feedback item on A's analysis shows on the next read.
\o /dev/null
SELECT pg_temp.rr(:A, :SA, 1);
\o
INSERT INTO feedback_items (analysis_id, category, skill_area, priority, title, feedback_text)
VALUES ('30000000-0000-4000-a000-00000000000a', 'warning', 'Depth', 'critical', 'Go deeper <b>now</b>', 'More detail.');
SELECT ok(pg_temp.rr(:A, :SA, 1) LIKE '%Go deeper <b>now</b>%', 'a new feedback item shows in the round report');
SELECT ok(pg_temp.sr(:A, :SA) LIKE '%Go deeper <b>now</b>%', 'and in the session report');
SELECT is(pg_temp.sr(:A, :SA), pg_temp.cold_sr(:A, :SA), 'the session report equals a cold build');

-- A transcript edit shows in the round report (it marks only that session's keys).
UPDATE round_transcripts SET messages = '[{"speaker": "candidate", "text": "edited <i>answer</i>"}]'
WHERE session_round_id = '10000000-0000-4000-a000-00000000000a';
SELECT ok(pg_temp.rr(:A, :SA, 1) LIKE '%edited <i>answer</i>%', 'a transcript change shows in the round report');

-- Spending a credit (starting a session) shows on the dashboard; finishing its first round makes
-- its report; completing it shows in the recent results.
\o /dev/null
SELECT pg_temp.dash(:A);
\o
CREATE TEMP TABLE c0 AS SELECT (pg_temp.dash(:A)::json->'credits'->>'total')::int AS total;
SELECT tap_rls.act_as(:A);
CREATE TEMP TABLE started AS SELECT (app.session_begin(:JOB, '127.0.0.1', 'tap', 'r1')->>'id')::uuid AS id;
RESET ROLE;
SELECT is((pg_temp.dash(:A)::json->'credits'->>'total')::int, (SELECT total - 1 FROM c0), 'a spent credit shows on the next read');
SELECT is(pg_temp.sr(:A, (SELECT id FROM started)), NULL, 'no report before a round is analysed');
SELECT tap_rls.act_as(:A);
\o /dev/null
SELECT app.session_answer((SELECT id FROM started), (app.session_page((SELECT id FROM started))->'round'->'prompt'->>'question_id')::uuid,
	'I measured it and cut errors by 40 percent.', '', '', 'r2');
SELECT app.round_finish((SELECT id FROM started), 1, '{"overall_score": 81.5}', NULL, NULL, NULL, 12, '', '', 'r3');
\o
RESET ROLE;
SELECT is((pg_temp.sr(:A, (SELECT id FROM started))::json->>'overall_score')::numeric, 81.5, 'a finished round makes the session report');
SELECT is((pg_temp.rr(:A, (SELECT id FROM started), 1)::json->>'overall_score')::numeric, 81.5, 'and the round report');
SELECT ok(pg_temp.dash(:A)::json->'recent' IS NOT NULL, 'the dashboard is read (cached) before the session completes');
SELECT tap_rls.act_as(:A);
DO $$
DECLARE
	sid uuid := (SELECT id FROM started);
	total int := (SELECT total_rounds FROM interview_sessions WHERE id = (SELECT id FROM started));
BEGIN
	FOR n IN 2..total LOOP
		PERFORM app.round_skip(sid, n, CASE WHEN n = total THEN '{"overall_score": 81.5, "readiness_assessment": "ready"}'::jsonb END,
			'', '', '');
	END LOOP;
END;
$$;
RESET ROLE;
SELECT is((pg_temp.dash(:A)::json->'recent'->0->>'id')::uuid, (SELECT id FROM started), 'the completed session leads the recent results');
SELECT is((pg_temp.sr(:A, (SELECT id FROM started))::json->'session'->>'status'), 'completed', 'its report says completed');
SELECT is(pg_temp.dash(:A), pg_temp.cold_dash(:A), 'the dashboard equals a cold build');
SELECT is(pg_temp.sr(:A, (SELECT id FROM started)), pg_temp.cold_sr(:A, (SELECT id FROM started)), 'the new session report equals a cold build');

SELECT * FROM finish();
ROLLBACK;
