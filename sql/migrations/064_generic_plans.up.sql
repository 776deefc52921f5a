-- 064_generic_plans: the cache-invalidation triggers plan their statements once. Their queries
-- take arrays of ids (= ANY ($1)) and transition tables, for which PostgreSQL's plan cache kept
-- choosing a custom plan, so every saved answer planned the same UNION queries again (planning
-- was 13% of the database's time per answer; with generic plans the trigger takes half as long).
-- The setting applies while these functions run, and to what they call.
ALTER FUNCTION app.report_cache_changed() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION app.page_cache_changed() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION app.page_cache_invalidate(text[]) SET plan_cache_mode = force_generic_plan;
