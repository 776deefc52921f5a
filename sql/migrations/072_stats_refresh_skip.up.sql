-- 072_stats_refresh_skip: the scheduler's statistics refresh (every minute) skips the work when
-- none of the view's tables has changed since the last refresh. At the document's scale a refresh
-- takes 6-12 s of a core; an idle minute now costs one read of the cumulative statistics.
-- "Changed" is the sum of rows inserted, updated and deleted and of live rows over the view's
-- tables (pg_stat_all_tables), read before the refresh: a write that commits after the refresh
-- began is counted only after it, so the next run refreshes again. Counters that are off
-- (track_counts), a statistics reset or a new day (the view keeps the day of its refresh) refresh.
CREATE TABLE app.stats_refresh_state (
	one         boolean PRIMARY KEY DEFAULT true CHECK (one),
	fingerprint text NOT NULL,
	refreshed_at timestamptz NOT NULL
);
-- Read and written only by the job (its definer); no policy, no grant.
ALTER TABLE app.stats_refresh_state ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON app.stats_refresh_state FROM PUBLIC;

CREATE OR REPLACE FUNCTION app.job_refresh_company_stats() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	n bigint;
	before jsonb;
	after jsonb;
	changed text[];
	print text;
	last app.stats_refresh_state%ROWTYPE;
BEGIN
	SELECT string_agg(format('%s:%s:%s', t.relid, t.n_tup_ins + t.n_tup_upd + t.n_tup_del, t.n_live_tup), ',' ORDER BY t.relid)
	       || ':' || coalesce((SELECT stats_reset::text FROM pg_stat_database WHERE datname = current_database()), '')
	INTO print
	FROM pg_stat_all_tables t
	WHERE t.relid IN ('public.user_feedback'::regclass, 'public.interview_sessions'::regclass, 'public.jobs'::regclass,
	                  'public.round_analyses'::regclass, 'public.session_rounds'::regclass, 'public.companies'::regclass);
	SELECT * INTO last FROM app.stats_refresh_state;
	IF current_setting('track_counts') = 'on' AND last.fingerprint = print
	   AND last.refreshed_at::date = now()::date THEN
		RETURN format('company_interview_stats unchanged since %s: not refreshed', to_char(last.refreshed_at, 'HH24:MI:SS'));
	END IF;
	SELECT coalesce(jsonb_object_agg(s.company_id, md5((to_jsonb(s) - 'refreshed_at')::text || to_char(s.refreshed_at, 'YYYY-MM-DD'))), '{}')
	INTO before FROM company_interview_stats s;
	REFRESH MATERIALIZED VIEW CONCURRENTLY company_interview_stats;
	SELECT coalesce(jsonb_object_agg(s.company_id, md5((to_jsonb(s) - 'refreshed_at')::text || to_char(s.refreshed_at, 'YYYY-MM-DD'))), '{}'),
	       count(*)
	INTO after, n FROM company_interview_stats s;
	changed := ARRAY(SELECT 'company:' || coalesce(a.key, b.key)
	                 FROM jsonb_each_text(before) b FULL JOIN jsonb_each_text(after) a ON a.key = b.key
	                 WHERE a.value IS DISTINCT FROM b.value);
	IF cardinality(changed) > 0 THEN
		PERFORM app.page_cache_invalidate(changed || '{companies}'::text[]);
	END IF;
	INSERT INTO app.stats_refresh_state AS s (one, fingerprint, refreshed_at) VALUES (true, print, now())
	ON CONFLICT (one) DO UPDATE SET fingerprint = excluded.fingerprint, refreshed_at = excluded.refreshed_at;
	RETURN format('refreshed company_interview_stats: %s companies', n);
END;
$$;
