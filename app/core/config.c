/* config.c: environment variables with defaults (see config.h). */
#include "core/config.h"

#include "core/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct config cfg;

static char socket_default[4096];

static const char *
env_str(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

static int
env_long(const char *name, long def, long min, long max, long *out)
{
	const char *v = getenv(name);
	char *end;
	long n;

	*out = def;
	if (!v || !*v)
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < min || n > max) {
		fprintf(stderr, "preptalk: %s must be a number between %ld and %ld (got '%s')\n", name,
		        min, max, v);
		return -1;
	}
	*out = n;
	return 0;
}

int
config_load(void)
{
	long n, cores = sysconf(_SC_NPROCESSORS_ONLN);
	const char *level;

	if (cores < 1)
		cores = 1;
	cfg.data_dir = env_str("PREPTALK_DATA_DIR", "var");
	snprintf(socket_default, sizeof(socket_default), "%s/run/preptalk.sock", cfg.data_dir);
	cfg.socket_path = env_str("PREPTALK_SOCKET", socket_default);
	cfg.database_url = env_str("DATABASE_URL", "");
	cfg.migrate_url = env_str("PREPTALK_MIGRATE_URL", cfg.database_url);
	cfg.sql_dir = env_str("PREPTALK_SQL_DIR", "sql");
	cfg.templates = env_str("PREPTALK_TEMPLATES", "templates");
	cfg.jwt_secret = env_str("PREPTALK_JWT_SECRET", "");
	cfg.password_list = env_str("PREPTALK_PASSWORD_LIST", "data/common-passwords.txt");
	if (env_long("PREPTALK_HTTP_PORT", 8080, 1, 65535, &n))
		return -1;
	cfg.http_port = (int)n;
	if (env_long("PREPTALK_WORKERS", 2 * cores, 1, 256, &n))
		return -1;
	cfg.workers = (int)n;
	if (env_long("PREPTALK_MAX_REQUESTS", 100000, 0, 1L << 40, &cfg.max_requests))
		return -1;
	if (env_long("PREPTALK_STATEMENT_TIMEOUT_MS", 2000, 10, 600000, &n))
		return -1;
	cfg.statement_timeout_ms = (int)n;
	if (env_long("PREPTALK_SCHEDULER_INTERVAL_S", 60, 1, 86400, &n))
		return -1;
	cfg.scheduler_interval_s = (int)n;
	if (env_long("PREPTALK_SESSION_TTL_S", 7 * 86400, 60, 365L * 86400, &cfg.session_ttl_s))
		return -1;
	if (env_long("PREPTALK_RESPONSE_CACHE", 64, 0, 4096, &cfg.response_cache))
		return -1;
	if (env_long("PREPTALK_RESPONSE_CACHE_MS", 1000, 1, 3600000, &cfg.response_cache_ms))
		return -1;
	level = env_str("PREPTALK_LOG_LEVEL", "info");
	if (log_set_level(level) != 0) {
		fprintf(stderr, "preptalk: PREPTALK_LOG_LEVEL must be error, warn, info or debug\n");
		return -1;
	}
	cfg.log_level = log_level;
	return 0;
}

void
config_usage(FILE *out)
{
	fputs("Environment variables (default in brackets):\n"
	      "  PREPTALK_HTTP_PORT            port nginx listens on under make run [8080]\n"
	      "  PREPTALK_DATA_DIR             data directory: cluster, sockets, logs [var]\n"
	      "  PREPTALK_SOCKET               FastCGI unix socket [$PREPTALK_DATA_DIR/run/preptalk.sock]\n"
	      "  DATABASE_URL                  libpq URL for the workers (role preptalk_app);\n"
	      "                                unset under make run: the embedded cluster\n"
	      "  PREPTALK_MIGRATE_URL          libpq URL for migrations (role preptalk_owner) [DATABASE_URL]\n"
	      "  PREPTALK_SQL_DIR              migrations and SQL [sql]\n"
	      "  PREPTALK_TEMPLATES            template directory [templates]\n"
	      "  PREPTALK_WORKERS              worker processes [2 x cores]\n"
	      "  PREPTALK_MAX_REQUESTS         requests before a worker is recycled, 0 = never [100000]\n"
	      "  PREPTALK_JWT_SECRET           HS256 secret for session tokens (required by serve;\n"
	      "                                make run generates one into the data directory)\n"
	      "  PREPTALK_PASSWORD_LIST        the common passwords refused at sign-up\n"
	      "                                [data/common-passwords.txt]\n"
	      "  PREPTALK_SESSION_TTL_S        session lifetime in seconds [604800]\n"
	      "  PREPTALK_STATEMENT_TIMEOUT_MS PostgreSQL statement_timeout [2000]\n"
	      "  PREPTALK_SCHEDULER_INTERVAL_S seconds between scheduler passes [60]\n"
	      "  PREPTALK_RESPONSE_CACHE       logged-in GET answers each worker keeps, served again\n"
	      "                                while no write has committed since; 0 = off [64]\n"
	      "  PREPTALK_RESPONSE_CACHE_MS    how long such an answer is kept at most [1000]\n"
	      "  PREPTALK_LOG_LEVEL            error, warn, info or debug [info]\n",
	      out);
}
