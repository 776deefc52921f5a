-- 66_companies_cache.sql: the company directory's landing page comes from the page cache (066)
-- and equals a live build; a company edit, a job closed and a statistics change clear it; the
-- "next" link follows the caller's base path; filtered pages are never cached.
BEGIN;
\set QUIET 1
\ir fixtures.psql
SELECT plan(11);

-- The directory as the workers' role sees it, and the same computed live (no cache).
CREATE FUNCTION pg_temp.dir(p_base text DEFAULT '/companies', p_q text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	m json;
BEGIN
	PERFORM tap_rls.act_as(md5('user:a')::uuid);
	m := app.companies_page(p_q, NULL, NULL, NULL, NULL, NULL, p_base);
	RESET ROLE;
	RETURN m::jsonb;
END;
$$;
CREATE FUNCTION pg_temp.live(p_base text DEFAULT '/companies') RETURNS jsonb
LANGUAGE sql AS $$ SELECT app.companies_page_live(NULL, NULL, NULL, NULL, NULL, NULL, p_base)::jsonb $$;
CREATE FUNCTION pg_temp.cached() RETURNS boolean
LANGUAGE sql AS $$ SELECT EXISTS (SELECT 1 FROM app.page_cache WHERE key = 'companies' AND head IS NOT NULL) $$;

DELETE FROM app.page_cache WHERE key = 'companies';
SELECT is(pg_temp.dir(), pg_temp.live(), 'the first read equals a live build');
SELECT ok(pg_temp.cached(), 'and fills the cache');
SELECT is(pg_temp.dir(), pg_temp.live(), 'a read from the cache equals a live build');
SELECT is(pg_temp.dir('/api/v1/companies')->>'next', pg_temp.live('/api/v1/companies')->>'next',
	'the next link follows the caller''s base path');

UPDATE companies SET name = 'Aaaa & <Renamed>' WHERE id = (SELECT id FROM companies ORDER BY name, id LIMIT 1 OFFSET 3);
SELECT ok(NOT pg_temp.cached(), 'a company edit clears it');
SELECT is(pg_temp.dir()->'companies'->0->>'name', 'Aaaa & <Renamed>', 'and the page shows the edit');

UPDATE jobs SET is_active = false WHERE id = (SELECT j.id FROM jobs j JOIN companies c ON c.id = j.company_id
                                               WHERE j.is_active ORDER BY c.name, c.id, j.id LIMIT 1);
SELECT is(pg_temp.dir(), pg_temp.live(), 'a closed job: the open-job counts change with it');

SELECT ok(app.job_refresh_company_stats() LIKE 'refreshed %', 'the statistics refresh runs');
SELECT is(pg_temp.dir(), pg_temp.live(), 'after the statistics refresh it still equals a live build');

SELECT is((pg_temp.dir('/companies', 'zzz-no-such-company')->>'total')::int, 0, 'a search for nothing finds nothing');
SELECT is((SELECT count(*) FROM app.page_cache WHERE key LIKE 'companies%'), 1::bigint,
	'a filtered search is computed, not cached');

SELECT * FROM finish();
ROLLBACK;
