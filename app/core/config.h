/* config.h: the program's configuration, read once from environment variables.
 * config_usage() prints every variable with its default (preptalk --help). */
#ifndef PREPTALK_CONFIG_H
#define PREPTALK_CONFIG_H

#include <stdio.h>

struct config {
	int http_port;            /* PREPTALK_HTTP_PORT: only used by scripts and links */
	const char *data_dir;     /* PREPTALK_DATA_DIR */
	const char *socket_path;  /* PREPTALK_SOCKET */
	const char *database_url; /* DATABASE_URL */
	const char *migrate_url;  /* PREPTALK_MIGRATE_URL (default DATABASE_URL) */
	const char *sql_dir;      /* PREPTALK_SQL_DIR */
	const char *templates;    /* PREPTALK_TEMPLATES */
	const char *jwt_secret;   /* PREPTALK_JWT_SECRET */
	const char *password_list; /* PREPTALK_PASSWORD_LIST */
	int workers;              /* PREPTALK_WORKERS */
	long max_requests;        /* PREPTALK_MAX_REQUESTS */
	int statement_timeout_ms; /* PREPTALK_STATEMENT_TIMEOUT_MS */
	int scheduler_interval_s; /* PREPTALK_SCHEDULER_INTERVAL_S */
	int log_level;            /* PREPTALK_LOG_LEVEL: error, warn, info, debug */
	long session_ttl_s;       /* PREPTALK_SESSION_TTL_S: JWT lifetime */
	long response_cache;      /* PREPTALK_RESPONSE_CACHE: answers each worker keeps (0: off) */
	long response_cache_ms;   /* PREPTALK_RESPONSE_CACHE_MS: how long at most */
};

/* The configuration; valid after config_load(). (static) */
extern struct config cfg;

/* Reads the environment into cfg. Returns 0, or -1 after printing what is wrong. */
int config_load(void);
/* Prints the list of variables and defaults. */
void config_usage(FILE *out);

#endif
