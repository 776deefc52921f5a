/* worker.h: one worker process — accepts FastCGI requests one at a time, dispatches
 * them through the route table and writes the response. */
#ifndef PREPTALK_WORKER_H
#define PREPTALK_WORKER_H

struct tmpl_registry;

/* Loads and links every template under dir strictly. (caller frees) NULL after printing
 * the compile error with its position. Used by workers and by the master's check. */
struct tmpl_registry *worker_load_templates(const char *dir);
/* Serves requests on listen_fd until told to stop or recycled. Returns the exit status. */
int worker_main(int listen_fd);

#endif
