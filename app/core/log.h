/* log.h: leveled logging to stderr, one line per event, with the process id and the
 * current request id. Never pass a password, hash, token or cookie to these. */
#ifndef PREPTALK_LOG_H
#define PREPTALK_LOG_H

enum { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

extern int log_level;

/* Sets the level by name; returns 0 or -1 for an unknown name. */
int log_set_level(const char *name);
/* The request id to print in every line until cleared (NULL clears). Borrowed. */
void log_set_request_id(const char *id);
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
