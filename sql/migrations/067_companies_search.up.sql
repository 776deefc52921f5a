-- 067_companies_search: the directory's searches and filters use the indexes. The filters were
-- columns of a CTE joined to every company, so the full-text (idx_companies_search) and trigram
-- (idx_companies_name_trgm) indexes could not serve them and each search computed to_tsvector
-- for all 2,026 companies of the document's scale (90-160 ms p50 at 16 connections); now they are
-- PL/pgSQL variables, planned as constants for each call. The size and type facets count in one
-- pass each, read from small indexes (as the industry facet already was) instead of one scan of
-- the companies table per value. Same results.

CREATE OR REPLACE FUNCTION app.companies_page_live(p_q text, p_industry text, p_size text, p_type text, p_remote text,
                                   p_after uuid, p_base text) RETURNS json
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
	v_q text := nullif(btrim(p_q), '');
	v_tsq tsquery := app.company_tsquery(p_q);
	v_industry text := nullif(p_industry, '');
	v_size text := nullif(p_size, '');
	v_type text := nullif(p_type, '');
	v_remote boolean := CASE p_remote WHEN 'yes' THEN true WHEN 'no' THEN false END;
BEGIN
	RETURN (
	WITH f AS (
		SELECT nullif(btrim(p_q), '') AS q, nullif(p_industry, '') AS industry, nullif(p_size, '') AS size,
		       nullif(p_type, '') AS type, CASE p_remote WHEN 'yes' THEN true WHEN 'no' THEN false END AS remote,
		       app.company_tsquery(p_q) AS tsq
	), hits AS (
		SELECT c.* FROM companies c
		WHERE (v_q IS NULL
		       OR to_tsvector('simple', c.name || ' ' || coalesce(c.industry, '') || ' ' || coalesce(c.sub_industry, '')) @@ v_tsq
		       OR c.name ILIKE '%' || replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%')
		  AND (v_industry IS NULL OR c.industry = v_industry)
		  AND (v_size IS NULL OR c.company_size = v_size)
		  AND (v_type IS NULL OR c.company_type = v_type)
		  AND (v_remote IS NULL OR c.remote_first = v_remote)
	), page AS (
		SELECT h.*, row_number() OVER (ORDER BY h.name, h.id) AS n
		FROM hits h
		WHERE p_after IS NULL OR (h.name, h.id) > (SELECT c.name, c.id FROM companies c WHERE c.id = p_after)
		ORDER BY h.name, h.id
		LIMIT 21
	)
	SELECT json_build_object(
		'filters', json_build_object('q', coalesce(f.q, ''), 'industry', coalesce(f.industry, ''),
		                             'size', coalesce(f.size, ''), 'type', coalesce(f.type, ''),
		                             'remote', CASE f.remote WHEN true THEN 'yes' WHEN false THEN 'no' ELSE '' END),
		'filtered', f.q IS NOT NULL OR f.industry IS NOT NULL OR f.size IS NOT NULL OR f.type IS NOT NULL OR f.remote IS NOT NULL,
		'total', (SELECT count(*) FROM hits),
		'companies', coalesce((
			SELECT json_agg(json_build_object(
				'id', p.id, 'name', p.name, 'display_name', coalesce(p.display_name, p.name), 'domain', p.domain,
				'industry', p.industry, 'sub_industry', p.sub_industry, 'company_size', p.company_size,
				'company_type', app.humanize(p.company_type), 'headquarters', p.headquarters_location,
				'remote_first', p.remote_first, 'mission', p.overview->>'mission',
				'open_jobs', (SELECT count(*) FROM jobs j WHERE j.company_id = p.id AND j.is_active),
				'experiences', coalesce(s.feedback_count, 0),
				'positive_pct', round(s.positive_share * 100),
				'difficulty', s.avg_difficulty_shrunk) ORDER BY p.name, p.id)
			FROM page p LEFT JOIN company_interview_stats s ON s.company_id = p.id
			WHERE p.n <= 20), '[]'),
		'next', (SELECT p_base || '?' || concat_ws('&',
				'q=' || app.url_encode(f.q), 'industry=' || app.url_encode(f.industry),
				'size=' || app.url_encode(f.size), 'type=' || app.url_encode(f.type),
				'remote=' || CASE f.remote WHEN true THEN 'yes' WHEN false THEN 'no' END,
				'after=' || p.id)
			FROM page p WHERE p.n = 20 AND EXISTS (SELECT 1 FROM page x WHERE x.n = 21)),
		'industries', (SELECT coalesce(json_agg(json_build_object('value', i.industry, 'count', i.n,
				'selected', i.industry = f.industry) ORDER BY i.industry), '[]')
			FROM (SELECT industry, count(*) AS n FROM companies WHERE industry IS NOT NULL GROUP BY industry) i),
		'sizes', (SELECT coalesce(json_agg(json_build_object('value', v, 'count', n, 'selected', v = f.size) ORDER BY o), '[]')
			FROM (SELECT u.v, u.o, g.n
			      FROM unnest(ARRAY['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5000+']) WITH ORDINALITY AS u(v, o)
			      JOIN (SELECT company_size AS v, count(*) AS n FROM companies GROUP BY company_size) g USING (v)) x
			WHERE n > 0),
		'types', (SELECT coalesce(json_agg(json_build_object('value', v, 'label', app.humanize(v), 'count', n,
				'selected', v = f.type) ORDER BY o), '[]')
			FROM (SELECT u.v, u.o, g.n
			      FROM unnest(ARRAY['startup', 'scaleup', 'enterprise', 'agency', 'nonprofit', 'government']) WITH ORDINALITY AS u(v, o)
			      JOIN (SELECT company_type AS v, count(*) AS n FROM companies GROUP BY company_type) g USING (v)) x
			WHERE n > 0),
		'remote_options', json_build_array(
			json_build_object('value', 'yes', 'label', 'Remote-first', 'selected', f.remote IS TRUE),
			json_build_object('value', 'no', 'label', 'Not remote-first', 'selected', f.remote IS FALSE)))
	FROM f
	);
END;
$$;

CREATE INDEX idx_companies_size ON companies (company_size);
CREATE INDEX idx_companies_type ON companies (company_type);
