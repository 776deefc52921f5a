/* migrate.c: the migration runner (see migrate.h). It runs as the owner role given by
 * PREPTALK_MIGRATE_URL, holds an advisory lock so two runners never interleave, and
 * checks every applied file's SHA-256 before doing anything. */
#include "db/migrate.h"

#include "core/buf.h"
#include "core/config.h"

#include <dirent.h>
#include <libpq-fe.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MIGRATIONS 512
#define LOCK_KEY "7412093"

struct migration {
	int version;
	char name[256];     /* file stem without .up.sql, e.g. 002_auth */
	char checksum[65];
	char applied_sum[65];
	int applied;
};

static int
read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(out, chunk, n);
	fclose(f);
	return 0;
}

static void
sha256_hex(const struct buf *b, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)(b->data ? b->data : ""), b->len);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static int
by_version(const void *a, const void *b)
{
	return ((const struct migration *)a)->version - ((const struct migration *)b)->version;
}

static int
list_files(struct migration *m, int *n)
{
	char dir[4096], path[4400];
	DIR *d;
	struct dirent *e;

	snprintf(dir, sizeof(dir), "%s/migrations", cfg.sql_dir);
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "migrate: cannot open %s\n", dir);
		return -1;
	}
	*n = 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		struct buf b;

		if (len < 12 || strcmp(e->d_name + len - 7, ".up.sql") != 0)
			continue;
		if (*n == MAX_MIGRATIONS || len - 7 >= sizeof(m->name))
			break;
		memset(&m[*n], 0, sizeof(m[*n]));
		m[*n].version = atoi(e->d_name);
		snprintf(m[*n].name, sizeof(m[*n].name), "%.*s", (int)(len - 7), e->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		buf_init(&b, 0);
		if (read_file(path, &b) != 0) {
			fprintf(stderr, "migrate: cannot read %s\n", path);
			buf_free(&b);
			closedir(d);
			return -1;
		}
		sha256_hex(&b, m[*n].checksum);
		buf_free(&b);
		(*n)++;
	}
	closedir(d);
	qsort(m, (size_t)*n, sizeof(*m), by_version);
	for (int i = 1; i < *n; i++)
		if (m[i].version == m[i - 1].version) {
			fprintf(stderr, "migrate: two migrations share version %03d\n", m[i].version);
			return -1;
		}
	return 0;
}

static int
exec_ok(PGconn *c, const char *sql)
{
	PGresult *res = PQexec(c, sql);
	int st = PQresultStatus(res), ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;

	if (!ok)
		fprintf(stderr, "migrate: %s", PQresultErrorMessage(res));
	PQclear(res);
	return ok ? 0 : -1;
}

static int
load_applied(PGconn *c, struct migration *m, int n, int *orphans)
{
	PGresult *res = PQexec(c, "SELECT version, name, checksum FROM schema_migrations ORDER BY version");

	*orphans = 0;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "migrate: %s", PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	for (int i = 0; i < PQntuples(res); i++) {
		int v = atoi(PQgetvalue(res, i, 0)), found = 0;

		for (int j = 0; j < n; j++)
			if (m[j].version == v) {
				m[j].applied = 1;
				snprintf(m[j].applied_sum, sizeof(m[j].applied_sum), "%s", PQgetvalue(res, i, 2));
				found = 1;
			}
		if (!found) {
			fprintf(stderr, "migrate: applied migration %s has no file\n", PQgetvalue(res, i, 1));
			(*orphans)++;
		}
	}
	PQclear(res);
	return 0;
}

static int
apply_file(PGconn *c, const struct migration *m, int up)
{
	char path[4400];
	struct buf sql;
	const char *params[3];
	PGresult *res;
	int rc = -1;

	snprintf(path, sizeof(path), "%s/migrations/%s.%s.sql", cfg.sql_dir, m->name, up ? "up" : "down");
	buf_init(&sql, 0);
	if (read_file(path, &sql) != 0) {
		fprintf(stderr, "migrate: cannot read %s\n", path);
		goto out;
	}
	if (exec_ok(c, "BEGIN") != 0)
		goto out;
	if (exec_ok(c, sql.data ? sql.data : "") != 0) {
		fprintf(stderr, "migrate: %s failed; rolled back\n", path);
		exec_ok(c, "ROLLBACK");
		goto out;
	}
	char version[16];
	snprintf(version, sizeof(version), "%d", m->version);
	params[0] = version;
	params[1] = m->name;
	params[2] = m->checksum;
	res = up ? PQexecParams(c, "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
	                        3, NULL, params, NULL, NULL, 0)
	         : PQexecParams(c, "DELETE FROM schema_migrations WHERE version = $1", 1, NULL, params, NULL,
	                        NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "migrate: %s", PQresultErrorMessage(res));
		PQclear(res);
		exec_ok(c, "ROLLBACK");
		goto out;
	}
	PQclear(res);
	if (exec_ok(c, "COMMIT") != 0)
		goto out;
	printf("%s %s\n", up ? "applied " : "reverted", m->name);
	rc = 0;
out:
	buf_free(&sql);
	return rc;
}

static void
quiet(void *arg, const char *msg)
{
}

int
migrate_main(int argc, char **argv)
{
	static struct migration m[MAX_MIGRATIONS];
	const char *cmd = argc > 0 ? argv[0] : "status";
	PGconn *c = NULL;
	int n = 0, rc = 1, orphans, changed = 0;

	if (strcmp(cmd, "up") && strcmp(cmd, "down") && strcmp(cmd, "status")) {
		fprintf(stderr, "usage: preptalk migrate up | down [N|all] | status\n");
		return 2;
	}
	if (sodium_init() < 0 || list_files(m, &n) != 0)
		return 1;
	c = PQconnectdb(cfg.migrate_url);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "migrate: cannot connect: %s", PQerrorMessage(c));
		goto out;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	if (exec_ok(c, "SELECT pg_advisory_lock(" LOCK_KEY ")") != 0 ||
	    exec_ok(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
	               "name text NOT NULL, checksum text NOT NULL, "
	               "applied_at timestamptz NOT NULL DEFAULT now())") != 0 ||
	    /* no policy: the owner (this runner) reads it, the workers' role sees nothing */
	    exec_ok(c, "ALTER TABLE schema_migrations ENABLE ROW LEVEL SECURITY") != 0 ||
	    load_applied(c, m, n, &orphans) != 0)
		goto out;
	for (int i = 0; i < n; i++)
		if (m[i].applied && strcmp(m[i].applied_sum, m[i].checksum) != 0) {
			fprintf(stderr,
			        "migrate: %s.up.sql was changed after it was applied (checksum %.12s… recorded, "
			        "%.12s… now); write a new migration instead\n",
			        m[i].name, m[i].applied_sum, m[i].checksum);
			changed++;
		}
	if (strcmp(cmd, "status") == 0) {
		for (int i = 0; i < n; i++)
			printf("%-40s %s\n", m[i].name,
			       !m[i].applied ? "pending"
			       : strcmp(m[i].applied_sum, m[i].checksum) ? "CHANGED"
			                                                 : "applied");
		rc = changed || orphans ? 1 : 0;
		goto out;
	}
	if (changed)
		goto out;
	if (strcmp(cmd, "up") == 0) {
		int done = 0;

		for (int i = 0; i < n; i++) {
			if (m[i].applied)
				continue;
			if (apply_file(c, &m[i], 1) != 0)
				goto out;
			done++;
		}
		if (!done)
			printf("migrations: up to date\n");
		rc = 0;
	} else {
		int want = 1;

		if (argc > 1)
			want = strcmp(argv[1], "all") == 0 ? MAX_MIGRATIONS : atoi(argv[1]);
		if (want < 1) {
			fprintf(stderr, "migrate: down takes a positive count or 'all'\n");
			goto out;
		}
		for (int i = n - 1; i >= 0 && want > 0; i--) {
			if (!m[i].applied)
				continue;
			if (apply_file(c, &m[i], 0) != 0)
				goto out;
			want--;
		}
		rc = 0;
	}
out:
	if (c)
		PQfinish(c);
	return rc;
}
