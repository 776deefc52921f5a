/* db.c: the worker's one libpq connection (see db.h). Statements are prepared lazily,
 * once per connection; a dead connection is noticed before a query is sent (poll) and
 * replaced, with backoff while the server stays away. */
#include "db/db.h"

#include "core/arena.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/req.h"

#include <libpq-fe.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	int nparams;
	const char *sql;
} statements[] = {
#define ST(name, nparams, sql) {#name, nparams, sql},
#include "db/statements.def"
#undef ST
};

#define BACKOFF_MIN_US 50000L
#define BACKOFF_MAX_US 500000L

static PGconn *conn;
static const char *conninfo;
static char timeout_opt[64];
static bool prepared[ST__COUNT];
static long next_try_us, backoff_us = BACKOFF_MIN_US;
static char identity[128]; /* "anonymous" when the connection's identity is cleared */
/* A session's identity is checked in the same round trip as the request's first statement
 * (libpq pipeline mode): IDENTIFY, then the statement. */
static struct {
	bool pending;
	bool revoked;
	const char *params[3];
} session;
static bool connected_once;
/* The snapshot the session check of this request ran in (pg_current_snapshot: which
 * transactions had committed), for the response cache; "" when unknown. */
static char snapshot[512];

void
db_configure(const char *info, int statement_timeout_ms)
{
	conninfo = info;
	snprintf(timeout_opt, sizeof(timeout_opt), "-c statement_timeout=%d", statement_timeout_ms);
}

void
db_close(void)
{
	if (conn)
		PQfinish(conn);
	conn = NULL;
	memset(prepared, 0, sizeof(prepared));
	identity[0] = '\0';
}

static void
notice_quiet(void *arg, const char *message)
{
	log_debug("postgres: %s", message);
}

static bool
connect_now(void)
{
	const char *keys[] = {"dbname", "options", "application_name", "connect_timeout", NULL};
	const char *vals[] = {conninfo, timeout_opt, "preptalk", "2", NULL};

	db_close();
	conn = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(conn) != CONNECTION_OK) {
		log_warn("database unreachable: %s", strtok(PQerrorMessage(conn), "\n"));
		db_close();
		return false;
	}
	PQsetNoticeProcessor(conn, notice_quiet, NULL);
	if (connected_once) {
		metrics_db_reconnect();
		log_info("database connection re-established");
	}
	connected_once = true;
	return true;
}

/* A connection the server closed while we were idle shows up as a readable socket. */
static bool
conn_alive(void)
{
	struct pollfd pfd;

	if (!conn || PQstatus(conn) != CONNECTION_OK)
		return false;
	pfd.fd = PQsocket(conn);
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 0) > 0) {
		if (!PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK)
			return false;
		while (PQnotifies(conn))
			;
	}
	return true;
}

bool
db_ready(void)
{
	long now;

	if (conn_alive())
		return true;
	now = req_now_us();
	if (now < next_try_us)
		return false;
	if (connect_now()) {
		backoff_us = BACKOFF_MIN_US;
		return true;
	}
	next_try_us = now + backoff_us;
	backoff_us = backoff_us * 2 > BACKOFF_MAX_US ? BACKOFF_MAX_US : backoff_us * 2;
	return false;
}

static int
classify(PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	if (!conn || PQstatus(conn) != CONNECTION_OK || !state)
		return ERR_DB_DOWN;
	if (strcmp(state, "P0001") == 0)
		return ERR_DB_USER;
	if (strcmp(state, "P0002") == 0)
		return ERR_DB_NOTFOUND;
	if (strcmp(state, "P0003") == 0 || strcmp(state, "23505") == 0)
		return ERR_DB_CONFLICT;
	if (strcmp(state, "P0004") == 0)
		return ERR_DB_CREDITS;
	if (strcmp(state, "42501") == 0)
		return ERR_DB_FORBIDDEN;
	if (strncmp(state, "22", 2) == 0 || strcmp(state, "23514") == 0 || strcmp(state, "23502") == 0 ||
	    strcmp(state, "23503") == 0)
		return ERR_DB_INPUT;
	if (strncmp(state, "57", 2) == 0 || strncmp(state, "08", 2) == 0 || strncmp(state, "53", 2) == 0)
		return ERR_DB_DOWN; /* shutdown, cancel, statement timeout, connection failure,
		                       disk full, out of memory, too many connections */
	return ERR_DB;
}

static void
clear_result(void *res)
{
	PQclear(res);
}

static int
prepare(enum st_id st)
{
	PGresult *res;
	int rc;

	if (prepared[st])
		return 0;
	res = PQprepare(conn, statements[st].name, statements[st].sql, statements[st].nparams, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = classify(res);
		log_error("prepare %s failed: %s", statements[st].name,
		          res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
		PQclear(res);
		return rc == ERR_DB_DOWN ? rc : ERR_DB;
	}
	PQclear(res);
	prepared[st] = true;
	return 0;
}

/* A prepared statement whose result type changed under it (a function replaced by a migration
 * while the worker kept its connection): PostgreSQL refuses to run it until it is prepared again. */
static bool
stale_plan(const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	return state && msg && strcmp(state, "0A000") == 0 && strstr(msg, "cached plan must not change result type");
}

static int
reprepare(enum st_id st)
{
	char sql[96];
	PGresult *res;

	snprintf(sql, sizeof(sql), "DEALLOCATE \"%s\"", statements[st].name);
	res = PQexec(conn, sql);
	PQclear(res);
	prepared[st] = false;
	return prepare(st);
}

/* The next query's result in pipeline mode, consuming the NULL that ends it. */
static PGresult *
next_result(void)
{
	PGresult *res = PQgetResult(conn), *extra;

	while ((extra = PQgetResult(conn)) != NULL) /* up to the query's end */
		PQclear(extra);
	return res;
}

/* Reads IDENTIFY's answer: false when the session is no longer valid. Keeps its snapshot. */
static bool
identity_valid(PGresult *id)
{
	const char *snap = PQnfields(id) > 1 && PQntuples(id) > 0 ? PQgetvalue(id, 0, 1) : "";

	snprintf(snapshot, sizeof(snapshot), "%s", strlen(snap) < sizeof(snapshot) ? snap : "");
	return PQntuples(id) > 0 && strcmp(PQgetvalue(id, 0, 0), "t") == 0;
}

/* Sends IDENTIFY and st in one pipeline, one transaction, one write. Returns st's result (or
 * NULL on a broken connection); sets session.revoked when the session is no longer valid. When
 * st fails, its transaction (and with it IDENTIFY's set_config) is rolled back: the identity
 * is then pending again, so the request's next statement (or db_identity_settle) sets it anew
 * before anything else runs on this connection. */
static PGresult *
exec_with_identity(enum st_id st, const char *const *params)
{
	PGresult *id = NULL, *res = NULL;
	bool sent;

	session.pending = false;
	sent = PQenterPipelineMode(conn) &&
	       PQsendQueryPrepared(conn, statements[ST_IDENTIFY].name, 3, session.params, NULL, NULL, 0) &&
	       PQsendQueryPrepared(conn, statements[st].name, statements[st].nparams, params, NULL, NULL, 0) &&
	       PQpipelineSync(conn);
	if (sent) {
		id = next_result();
		res = next_result();
		PQclear(PQgetResult(conn)); /* the sync point */
	}
	PQexitPipelineMode(conn);
	if (PQresultStatus(id) != PGRES_TUPLES_OK) {
		/* identity unknown: report the identify error as the statement's */
		PQclear(res);
		session.pending = true;
		return id;
	}
	session.revoked = !identity_valid(id);
	PQclear(id);
	if (!session.revoked && PQresultStatus(res) != PGRES_TUPLES_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
		session.pending = true;
	return res;
}

/* Prepares (once) and runs st. On success *out is the result, owned by r's arena. */
static int
run(struct req *r, enum st_id st, const char *const *params, PGresult **out)
{
	PGresult *res;
	int rc, status;

	*out = NULL;
	if (!db_ready()) {
		r->error_detail = "The database is not reachable right now. Try again in a moment.";
		return ERR_DB_DOWN;
	}
	if ((rc = prepare(st)) != 0)
		return rc;
	for (int attempt = 0;; attempt++) {
		if (session.pending) {
			if ((rc = prepare(ST_IDENTIFY)) != 0)
				return rc;
			res = exec_with_identity(st, params);
			if (session.revoked) {
				PQclear(res);
				return ERR_DB_REVOKED;
			}
		} else
			res = PQexecPrepared(conn, statements[st].name, statements[st].nparams, params, NULL, NULL, 0);
		if (attempt > 0 || !stale_plan(res))
			break;
		/* a migration changed what the statement returns: prepare it again, run it again */
		PQclear(res);
		log_info("%s: prepared again after a schema change", statements[st].name);
		if ((rc = reprepare(st)) != 0)
			return rc;
	}
	status = PQresultStatus(res);
	if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
		arena_defer(r->arena, clear_result, res);
		*out = res;
		return 0;
	}
	rc = classify(res);
	if (rc == ERR_DB_USER || rc == ERR_DB_CONFLICT || rc == ERR_DB_CREDITS || rc == ERR_DB_NOTFOUND) {
		const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

		r->error_detail = arena_strdup(r->arena, msg ? msg : "");
		log_info("%s: %s", statements[st].name, r->error_detail);
	} else if (rc == ERR_DB_DOWN) {
		const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

		r->error_detail = state && strcmp(state, "53100") == 0
		                      ? "Nothing was saved: the database is out of disk space. Reading still works; "
		                        "try again later."
		                  : state && strcmp(state, "57014") == 0
		                      ? "This took too long and was stopped. Nothing was saved; try again."
		                      : "The database is not reachable right now. Nothing was saved; try again in "
		                        "a moment.";
		log_warn("%s: database unavailable: %s", statements[st].name,
		         res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
		if (PQstatus(conn) != CONNECTION_OK)
			db_close();
	} else
		log_error("%s failed: %s", statements[st].name,
		          res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
	PQclear(res);
	return rc;
}

static int
run_va(struct req *r, enum st_id st, va_list ap, PGresult **res)
{
	const char *params[16];
	int n = statements[st].nparams;

	for (int i = 0; i < n && i < 16; i++)
		params[i] = va_arg(ap, const char *);
	return run(r, st, params, res);
}

int
db_identify(struct req *r)
{
	const char *params[2];
	PGresult *res;
	int rc;

	session.pending = false;
	session.revoked = false;
	snapshot[0] = '\0';
	if (r->me.user_id) {
		/* checked with the request's first statement (see exec_with_identity) */
		identity[0] = '\0';
		session.params[0] = r->me.user_id;
		session.params[1] = r->me.role;
		session.params[2] = r->me.jti;
		session.pending = true;
		return 0;
	}
	/* Anonymous requests only need the identity cleared, once per connection. */
	if (conn_alive() && strcmp(identity, "anonymous") == 0)
		return 0;
	params[0] = "";
	params[1] = "";
	rc = run(r, ST_SET_IDENTITY, params, &res);
	snprintf(identity, sizeof(identity), "%s", rc == 0 ? "anonymous" : "");
	return rc;
}

int
db_identity_settle(struct req *r)
{
	PGresult *res;
	int rc;

	if (session.revoked)
		return 1;
	if (!session.pending)
		return 0;
	/* the handler ran no statement: check the session on its own */
	session.pending = false;
	rc = run(r, ST_IDENTIFY, session.params, &res);
	if (rc)
		return rc;
	session.revoked = !identity_valid(res);
	return session.revoked ? 1 : 0;
}

const char *
db_snapshot(void)
{
	return snapshot[0] && !session.pending && !session.revoked ? snapshot : NULL;
}

int
db_model(struct req *r, enum st_id st, ...)
{
	PGresult *res;
	va_list ap;
	int rc;

	va_start(ap, st);
	rc = run_va(r, st, ap, &res);
	va_end(ap);
	if (rc)
		return rc;
	if (PQntuples(res) < 1 || PQgetisnull(res, 0, 0))
		return ERR_DB_NOTFOUND;
	r->model_text = PQgetvalue(res, 0, 0);
	r->model = NULL;
	return 0;
}

int
db_value(struct req *r, enum st_id st, const char **out, ...)
{
	PGresult *res;
	va_list ap;
	int rc;

	*out = NULL;
	va_start(ap, out);
	rc = run_va(r, st, ap, &res);
	va_end(ap);
	if (rc)
		return rc;
	if (PQntuples(res) >= 1 && PQnfields(res) >= 1 && !PQgetisnull(res, 0, 0))
		*out = PQgetvalue(res, 0, 0);
	return 0;
}

int
db_exec(struct req *r, enum st_id st, ...)
{
	PGresult *res;
	va_list ap;
	int rc;

	va_start(ap, st);
	rc = run_va(r, st, ap, &res);
	va_end(ap);
	return rc;
}

int
db_status(struct req *r, int err)
{
	switch (err) {
	case 0: return 200;
	case ERR_DB_DOWN: return 503;
	case ERR_DB_USER: return 422;
	case ERR_DB_NOTFOUND:
	case ERR_DB_FORBIDDEN: return 404;
	case ERR_DB_CONFLICT: return 409;
	case ERR_DB_CREDITS: return 402;
	case ERR_DB_REVOKED: return 401;
	case ERR_DB_INPUT:
		if (!r->error_detail)
			r->error_detail = "A value is not valid.";
		return 400;
	default: return 500;
	}
}

double
db_ping(struct req *r)
{
	long t0 = req_now_us();
	PGresult *res;

	if (run(r, ST_PING, NULL, &res) != 0)
		return -1;
	return (double)(req_now_us() - t0) / 1000.0;
}
