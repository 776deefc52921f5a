-- 064_generic_plans (down): the invalidation triggers plan as PostgreSQL chooses again.
ALTER FUNCTION app.report_cache_changed() RESET plan_cache_mode;
ALTER FUNCTION app.page_cache_changed() RESET plan_cache_mode;
ALTER FUNCTION app.page_cache_invalidate(text[]) RESET plan_cache_mode;
