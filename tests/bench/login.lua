-- login.lua: wrk script for `make bench` — log-ins per second through
-- POST /api/v1/auth/token with the demo candidate's JSON credentials (argon2id verify).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"demo@preptalk.test","password":"practice-makes-perfect"}'
