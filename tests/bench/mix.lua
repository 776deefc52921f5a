-- mix.lua: wrk script for the worker-memory check of `make bench`: cycles through the
-- paths in BENCH_MIX_PATHS (space separated) with the Cookie in BENCH_MIX_COOKIE, and stops
-- each thread after BENCH_MIX_REQUESTS / threads answers, so a run is a fixed number of requests.
local paths = {}
for p in string.gmatch(os.getenv("BENCH_MIX_PATHS") or "/healthz", "%S+") do
	paths[#paths + 1] = p
end
local cookie = os.getenv("BENCH_MIX_COOKIE") or ""
local total = tonumber(os.getenv("BENCH_MIX_REQUESTS") or "200000")
local nthreads = tonumber(os.getenv("BENCH_MIX_THREADS") or "2")
local limit = math.ceil(total / nthreads)
local i, done = 0, 0

function request()
	i = i % #paths + 1
	local h = {}
	if cookie ~= "" then
		h["Cookie"] = cookie
	end
	return wrk.format("GET", paths[i], h)
end

function response(status, headers, body)
	done = done + 1
	if done >= limit then
		wrk.thread:stop()
	end
end
