/* db.h: the worker's PostgreSQL connection: named prepared statements from
 * statements.def, per-request identity for row-level security, reconnection with
 * backoff. pages/ use only this header; libpq stays inside db/. */
#ifndef PREPTALK_DB_H
#define PREPTALK_DB_H

#include <stdbool.h>

struct req;

enum st_id {
#define ST(name, nparams, sql) ST_##name,
#include "db/statements.def"
#undef ST
	ST__COUNT
};

enum db_err {
	ERR_DB = -1,          /* unexpected database error: 500 */
	ERR_DB_DOWN = -2,     /* PostgreSQL unreachable: 503 + Retry-After */
	ERR_DB_USER = -3,     /* our SQL raised a message for the user (P0001): 422 */
	ERR_DB_NOTFOUND = -4, /* no row, or P0002: 404 */
	ERR_DB_CONFLICT = -5, /* unique violation or P0003: 409 */
	ERR_DB_INPUT = -6,    /* malformed value or check violation: 400 */
	ERR_DB_FORBIDDEN = -7,/* row-level security refused it: 404, as if it did not exist */
	ERR_DB_CREDITS = -8,  /* P0004: not enough credits: 402 */
	ERR_DB_REVOKED = -9,  /* the session is no longer valid: the worker retries as anonymous */
};

/* Sets what db_connect uses; call once at worker start. Does not connect yet. */
void db_configure(const char *conninfo, int statement_timeout_ms);
/* Connects when needed, with backoff between failed attempts. Returns true when usable. */
bool db_ready(void);
/* Closes the connection. */
void db_close(void);
/* Makes r's identity (r->me) the one row-level security sees. For an anonymous request
 * the identity is cleared (once per connection). For a session the check — token not
 * revoked, user active, same role — travels with the request's first statement in one
 * round trip; that statement then returns ERR_DB_REVOKED if the session is no longer
 * valid. Returns 0 or an ERR_DB_*. */
int db_identify(struct req *r);
/* After the handler: 1 when the session turned out to be invalid (the caller forgets it
 * and serves the request as anonymous), 0 when it is valid (checked now if the handler ran
 * no statement), or an ERR_DB_*. */
int db_identity_settle(struct req *r);
/* The snapshot (pg_current_snapshot() as text) in which this request's session was found
 * valid, or NULL when it has not been checked yet or is invalid. Two requests that see the
 * same snapshot see the same committed data. */
const char *db_snapshot(void);
/* Runs statement st with its parameters (as many const char * as statements.def says;
 * NULL is SQL NULL) and stores the first column of the first row — JSON text built by
 * PostgreSQL — in r->model_text. No row or a NULL value: ERR_DB_NOTFOUND. */
int db_model(struct req *r, enum st_id st, ...);
/* Like db_model but returns the text of the first column in *out (arena; NULL if SQL NULL). */
int db_value(struct req *r, enum st_id st, const char **out, ...);
/* Runs st ignoring its result. */
int db_exec(struct req *r, enum st_id st, ...);
/* The HTTP status for an ERR_DB_* code, and r->error_detail filled when the database
 * said something the user should read. */
int db_status(struct req *r, int err);
/* Round-trip time of a trivial query in milliseconds, or -1 when down. */
double db_ping(struct req *r);

#endif
