/* scheduler.h: the scheduler child — runs the periodic SQL maintenance jobs and records
 * each run in app.scheduler_runs. */
#ifndef PREPTALK_SCHEDULER_H
#define PREPTALK_SCHEDULER_H

/* Runs until SIGTERM; returns the exit status. */
int scheduler_main(void);

#endif
