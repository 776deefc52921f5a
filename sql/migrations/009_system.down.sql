-- 009_system (down)
DROP MATERIALIZED VIEW IF EXISTS company_interview_stats;
DROP TABLE IF EXISTS app.scheduler_runs, system_health, usage_metrics CASCADE;
DROP TABLE IF EXISTS audit_logs CASCADE;      -- drops every partition with it
DROP FUNCTION IF EXISTS app.audit_partition_for(date);
