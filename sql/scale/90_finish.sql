-- 90_finish: derived columns, triggers back on, the invariants checked, statistics view refreshed, VACUUM,
-- and the scratch tables dropped (scale.meta, scale.sizes and the saved DDL stay).
\set ON_ERROR_STOP 1
UPDATE user_profiles p SET last_active_at = a.last
FROM (SELECT user_id, max(coalesce(last_activity_at, started_at, created_at)) AS last FROM interview_sessions GROUP BY user_id) a
WHERE a.user_id = p.user_id;

UPDATE curricula c SET times_used = s.n, avg_completion_rate = s.rate, avg_user_rating = 3.6 + scale.h(s.n, 90, 14) / 10.0
FROM (SELECT curriculum_id, count(*) AS n,
             avg((status = 'completed')::int) FILTER (WHERE status IN ('completed', 'abandoned', 'expired')) AS rate
      FROM interview_sessions GROUP BY curriculum_id) s
WHERE s.curriculum_id = c.id;

DO $$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT tbl, name FROM scale.triggers LOOP
		EXECUTE format('ALTER TABLE %s ENABLE TRIGGER %I', r.tbl, r.name);
	END LOOP;
END
$$;
\echo triggers enabled

-- The invariants the application relies on (the constraints themselves were validated when rebuilt).
DO $$
DECLARE
	n bigint;
BEGIN
	SELECT count(*) INTO n
	FROM user_credits uc
	LEFT JOIN (SELECT user_id, sum(amount) FILTER (WHERE credit_type = 'monthly') AS m,
	                  sum(amount) FILTER (WHERE credit_type = 'bonus') AS b
	           FROM credit_transactions GROUP BY user_id) t ON t.user_id = uc.user_id
	WHERE uc.monthly_credits <> coalesce(t.m, 0) OR uc.bonus_credits <> coalesce(t.b, 0);
	IF n > 0 THEN
		RAISE EXCEPTION '% users whose ledger does not sum to their balance', n;
	END IF;
	SELECT count(*) INTO n FROM interview_sessions s
	WHERE NOT EXISTS (SELECT 1 FROM credit_transactions t WHERE t.related_entity_type = 'interview_session'
	                  AND t.related_entity_id = s.id AND t.transaction_type = 'used' AND t.user_id = s.user_id);
	IF n > 0 THEN
		RAISE EXCEPTION '% sessions were not paid for', n;
	END IF;
	SELECT count(*) INTO n FROM user_feedback f
	WHERE f.helpful_count <> (SELECT count(*) FROM user_feedback_votes v WHERE v.feedback_id = f.id AND v.vote = 'helpful')
	   OR f.outdated_count <> (SELECT count(*) FROM user_feedback_votes v WHERE v.feedback_id = f.id AND v.vote = 'outdated');
	IF n > 0 THEN
		RAISE EXCEPTION '% posts whose vote counts do not match their votes', n;
	END IF;
END
$$;
\echo invariants hold: ledger = balance for every user, every session paid, vote counts match

REFRESH MATERIALIZED VIEW company_interview_stats;
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS demo CASCADE;
DROP TABLE scale.sess, scale.done, scale.users, scale.usage, scale.posts, scale.tx, scale.fb, scale.an, scale.cmap,
	scale.jobmap, scale.roundmap, scale.jobs, scale.rounds, scale.companies, scale.frames;
RESET client_min_messages;
-- The loading streams vacuumed and analyzed the bulk tables; the two updated above again, and the
-- rest (reference tables, the statistics view) now.
VACUUM (ANALYZE) user_profiles;
VACUUM (ANALYZE) curricula;
SELECT format('VACUUM (ANALYZE) %s', c.oid::regclass) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_all_tables st ON st.relid = c.oid
WHERE c.relkind IN ('r', 'm') AND n.nspname IN ('public', 'auth') AND st.last_vacuum IS NULL \gexec
\echo vacuumed and analyzed

CREATE VIEW scale.sizes AS
WITH t AS (
	SELECT c.oid, c.relkind,
	       CASE WHEN c.relkind = 'p' THEN ARRAY(SELECT relid FROM pg_partition_tree(c.oid)) ELSE ARRAY[c.oid] END AS parts
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE c.relkind IN ('r', 'm', 'p') AND n.nspname IN ('public', 'auth') AND NOT c.relispartition
)
SELECT t.oid::regclass AS "table",
       (SELECT sum(greatest(p.reltuples, 0))::bigint FROM pg_class p WHERE p.oid = ANY (t.parts)) AS "rows",
       pg_size_pretty((SELECT sum(pg_total_relation_size(p)) FROM unnest(t.parts) p)) AS "total size",
       pg_size_pretty((SELECT sum(pg_indexes_size(p)) FROM unnest(t.parts) p)) AS "indexes"
FROM t
ORDER BY 2 DESC, 1;
