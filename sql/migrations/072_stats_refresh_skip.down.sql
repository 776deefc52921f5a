-- 072_stats_refresh_skip (down): the refresh of 032, every time.
CREATE OR REPLACE FUNCTION app.job_refresh_company_stats() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	n bigint;
	before jsonb;
	after jsonb;
	changed text[];
BEGIN
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
	RETURN format('refreshed company_interview_stats: %s companies', n);
END;
$$;
DROP TABLE app.stats_refresh_state;
