-- 00_prepare: helpers, then keys, indexes and foreign keys of the bulk tables saved and dropped
-- and their triggers disabled (rebuilt and re-enabled once the data is in, see scale-data.sh).
CREATE SCHEMA IF NOT EXISTS scale;
CREATE TABLE scale.meta (started_at timestamptz NOT NULL DEFAULT clock_timestamp(), finished_at timestamptz,
	load_seconds integer, users integer, sessions integer, feedback bigint);
INSERT INTO scale.meta (users, sessions, feedback) VALUES (:users, :sessions, :feedback);

-- Deterministic "random" numbers from a row number: the built-in 64-bit integer hash with a salt.
-- h(k, salt, n) is in [0, n); f(k, salt) in [0, 1). id(text) is the demo's md5 uuid.
CREATE FUNCTION scale.h(k bigint, salt bigint, n integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ((hashint8extended(k, salt) & 2147483647) % n)::integer $$;
CREATE FUNCTION scale.f(k bigint, salt bigint) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (hashint8extended(k, salt) & 4294967295)::double precision / 4294967296.0 $$;
CREATE FUNCTION scale.id(text) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT md5($1)::uuid $$;

-- The tables that get millions of rows. Everything else keeps its indexes during the load.
CREATE TABLE scale.bulk (tbl regclass PRIMARY KEY, weight integer NOT NULL);
INSERT INTO scale.bulk VALUES
	('auth.users', 1), ('user_profiles', 1), ('subscriptions', 1), ('user_credits', 1),
	('credit_transactions', 4), ('interview_sessions', 8), ('session_rounds', 10), ('round_transcripts', 20),
	('round_analyses', 12), ('feedback_items', 25), ('user_feedback', 2), ('user_feedback_votes', 2),
	('user_feedback_reports', 1), ('audit_logs', 3), ('usage_metrics', 2);

-- phase 1: primary keys, unique constraints and other indexes; phase 2: foreign keys.
CREATE TABLE scale.ddl (ord serial, phase integer NOT NULL, tbl regclass NOT NULL, name text NOT NULL,
	drop_stmt text NOT NULL, stmt text NOT NULL);

INSERT INTO scale.ddl (phase, tbl, name, drop_stmt, stmt)
SELECT 2, c.conrelid, c.conname,
       format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
       format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
FROM pg_constraint c
WHERE c.contype = 'f' AND c.conparentid = 0
  AND (c.conrelid IN (SELECT tbl FROM scale.bulk) OR c.confrelid IN (SELECT tbl FROM scale.bulk))
ORDER BY c.conrelid::regclass::text, c.conname;

INSERT INTO scale.ddl (phase, tbl, name, drop_stmt, stmt)
SELECT 1, c.conrelid, c.conname,
       format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
       format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
FROM pg_constraint c
WHERE c.contype IN ('p', 'u', 'x') AND c.conparentid = 0 AND c.conrelid IN (SELECT tbl FROM scale.bulk)
ORDER BY c.conrelid::regclass::text, c.contype, c.conname;

-- Plain indexes (not behind a constraint; on a partitioned table only the parent's).
INSERT INTO scale.ddl (phase, tbl, name, drop_stmt, stmt)
SELECT 1, i.indrelid, ic.relname,
       format('DROP INDEX %s', i.indexrelid::regclass),
       replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ')
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE i.indrelid IN (SELECT tbl FROM scale.bulk)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
ORDER BY i.indrelid::regclass::text, ic.relname;

-- Which of the two rebuild streams a table goes to: biggest first, alternating.
CREATE TABLE scale.ddl_stream AS
SELECT tbl, (row_number() OVER (ORDER BY weight DESC, tbl::text) - 1) % 2 AS stream,
       row_number() OVER (ORDER BY weight DESC, tbl::text) AS rank
FROM scale.bulk;

-- Triggers of the bulk tables that are enabled now (row triggers would run a statement per row,
-- the session-paid constraint trigger would queue a million deferred events). Restored at the end.
CREATE TABLE scale.triggers AS
SELECT t.tgrelid::regclass AS tbl, t.tgname AS name
FROM pg_trigger t
WHERE NOT t.tgisinternal AND t.tgenabled = 'O' AND t.tgrelid IN (SELECT tbl FROM scale.bulk);

DO $$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT drop_stmt FROM scale.ddl ORDER BY phase DESC, ord LOOP
		EXECUTE r.drop_stmt;
	END LOOP;
	FOR r IN SELECT tbl, name FROM scale.triggers LOOP
		EXECUTE format('ALTER TABLE %s DISABLE TRIGGER %I', r.tbl, r.name);
	END LOOP;
END
$$;

SELECT format('saved and dropped %s keys and indexes, %s foreign keys; disabled %s triggers',
              count(*) FILTER (WHERE phase = 1), count(*) FILTER (WHERE phase = 2),
              (SELECT count(*) FROM scale.triggers)) AS prepared
FROM scale.ddl \gset
\echo :prepared
