-- nocache.lua: wrk script for `make bench`: the same GET with Cache-Control: no-cache, as a
-- browser's reload sends it, so the worker skips its answer cache (app/core/rcache.c) and runs
-- the page's statement and template every time: what a page costs when its data just changed.
wrk.headers["Cache-Control"] = "no-cache"
