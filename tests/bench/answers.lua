-- answers.lua: answer submissions for `make bench`. Each wrk thread owns one connection and a
-- list of practice sessions (one id per line in BENCH_SESSIONS_FILE, dealt round-robin to the
-- threads). A thread asks its session for the current question, answers it, follows the
-- "next" question of each answer, and moves to its next session when the round is done.
-- done() prints the rate of successful submissions, which is what the target is about.
local sessions_file = os.getenv("BENCH_SESSIONS_FILE")
local token = os.getenv("BENCH_TOKEN")
local all = {}
for line in io.lines(sessions_file) do all[#all + 1] = line end
local threads = {}
local counter = 0

function setup(thread)
	counter = counter + 1
	thread:set("id", counter)
	thread:set("total", #all)
	table.insert(threads, thread)
end

local answer = '{"question_id":"%s","answer":"In my last role I led the migration of our billing service to ' ..
	'a queue-based design. I measured p99 latency, found the lock contention, and cut it by 40 percent ' ..
	'within two sprints while keeping every release backward compatible."}'

function init(args)
	local n = tonumber(os.getenv("BENCH_THREADS_N")) or 1
	mine = {}
	for i = id, #all, n do mine[#mine + 1] = all[i] end
	idx, qid, answered, refused = 1, nil, 0, 0
end

function request()
	local sid = mine[idx]
	if sid == nil then
		idx = 1
		sid = mine[idx]
	end
	local headers = { ["Authorization"] = "Bearer " .. token }
	if qid == nil then
		return wrk.format("GET", "/api/v1/sessions/" .. sid, headers)
	end
	headers["Content-Type"] = "application/json"
	return wrk.format("POST", "/api/v1/sessions/" .. sid .. "/answers", headers, string.format(answer, qid))
end

local function question_in(obj)
	if obj == nil then return nil end
	return obj:match('"question_id"%s*:%s*"([%x%-]+)"')
end

function response(status, headers, body)
	if qid == nil then
		qid = question_in(body:match('"prompt"%s*:%s*(%b{})'))
		if qid == nil then idx = idx + 1 end
		return
	end
	if status == 200 then
		answered = answered + 1
		qid = question_in(body:match('"next"%s*:%s*(%b{})'))
		if qid == nil then idx = idx + 1 end
	else
		refused = refused + 1
		qid = nil
		idx = idx + 1
	end
end

function done(summary, latency, requests)
	local a, r = 0, 0
	for _, t in ipairs(threads) do
		a = a + t:get("answered")
		r = r + t:get("refused")
	end
	io.write(string.format("answers: %d saved, %d refused, %.0f saved/s\n", a, r,
		a / (summary.duration / 1e6)))
end
