-- answers.lua: answer submissions for `make bench`. wrk runs one thread per connection; thread k
-- is bench candidate k: line k of BENCH_TOKENS_FILE is its Bearer token and line k of
-- BENCH_SESSIONS_FILE its practice sessions (space-separated ids). A thread asks its session for
-- the current question, answers it, follows the "next" question of each answer, and moves to its
-- next session when the round is done. done() prints the rate of saved answers.
local function lines(path)
	local t = {}
	for line in io.lines(path) do t[#t + 1] = line end
	return t
end

local tokens = lines(os.getenv("BENCH_TOKENS_FILE"))
local sessions = lines(os.getenv("BENCH_SESSIONS_FILE"))
local threads = {}
local counter = 0

function setup(thread)
	counter = counter + 1
	thread:set("token", tokens[counter])
	thread:set("session_list", sessions[counter])
	table.insert(threads, thread)
end

local answer = '{"question_id":"%s","answer":"In my last role I led the migration of our billing service to ' ..
	'a queue-based design. I measured p99 latency, found the lock contention, and cut it by 40 percent ' ..
	'within two sprints while keeping every release backward compatible."}'

function init(args)
	mine = {}
	for id in string.gmatch(session_list or "", "%S+") do mine[#mine + 1] = id end
	idx, qid, answered, refused = 1, nil, 0, 0
end

function request()
	if mine[idx] == nil then idx = 1 end
	local sid = mine[idx]
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
