/* main.c: the one program and its commands (serve, migrate, render, analyze), and the
 * master of `serve`: it opens the FastCGI socket, forks and supervises the workers and
 * the scheduler, recycles and replaces them, reloads on SIGHUP and stops on SIGTERM. */
#include "analysis/analysis.h"
#include "core/config.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/router.h"
#include "db/migrate.h"
#include "db/scheduler.h"
#include "view/render_cmd.h"
#include "view/tmpl.h"
#include "worker.h"

#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORKERS 256
#define STOP_GRACE_S 4

struct child {
	pid_t pid;
	int generation;
	long started_us;
};

static struct child workers[MAX_WORKERS * 2];
static pid_t scheduler_pid;
static int generation;
static volatile sig_atomic_t got_term, got_hup, got_chld, got_alrm;
static int respawn_owed; /* workers to start again once the back-off alarm rings */

static void
on_signal(int sig)
{
	if (sig == SIGTERM || sig == SIGINT)
		got_term = 1;
	else if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
	else if (sig == SIGALRM)
		got_alrm = 1;
}

static long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

static void
child_signals(void)
{
	sigset_t none;

	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static pid_t
spawn_worker(int fd)
{
	pid_t pid = fork();

	if (pid == 0) {
		child_signals();
		_exit(worker_main(fd));
	}
	if (pid < 0) {
		log_error("fork: %s", strerror(errno));
		return -1;
	}
	for (int i = 0; i < MAX_WORKERS * 2; i++)
		if (!workers[i].pid) {
			workers[i].pid = pid;
			workers[i].generation = generation;
			workers[i].started_us = now_us();
			break;
		}
	return pid;
}

static pid_t
spawn_scheduler(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		child_signals();
		_exit(scheduler_main());
	}
	return pid;
}

static int
live_workers(int gen)
{
	int n = 0;

	for (int i = 0; i < MAX_WORKERS * 2; i++)
		if (workers[i].pid && (gen < 0 || workers[i].generation == gen))
			n++;
	return n;
}

/* Reaps children; replaces workers of the current generation and the scheduler. */
static void
reap(int fd)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == scheduler_pid) {
			scheduler_pid = 0;
			if (!got_term) {
				log_warn("scheduler exited (status %d); restarting it", status);
				scheduler_pid = spawn_scheduler();
			}
			continue;
		}
		for (int i = 0; i < MAX_WORKERS * 2; i++) {
			struct child *c = &workers[i];
			bool recycled;

			if (c->pid != pid)
				continue;
			c->pid = 0;
			if (got_term || c->generation != generation)
				break;
			recycled = WIFEXITED(status) && WEXITSTATUS(status) == 0;
			if (!recycled) {
				metrics_worker_restart();
				if (WIFSIGNALED(status))
					log_warn("worker %d killed by signal %d; replacing it", (int)pid, WTERMSIG(status));
				else
					log_warn("worker %d exited with status %d; replacing it", (int)pid,
					         WEXITSTATUS(status));
				/* a worker that gives up at start (bad config) must not spin the master:
				 * it is started again after a second, without blocking; a killed one is
				 * replaced at once */
				if (WIFEXITED(status) && now_us() - c->started_us < 1000000L) {
					respawn_owed++;
					alarm(1);
					break;
				}
			}
			spawn_worker(fd);
			break;
		}
	}
}

static void
signal_generation(int gen, int sig)
{
	for (int i = 0; i < MAX_WORKERS * 2; i++)
		if (workers[i].pid && (gen < 0 || workers[i].generation == gen))
			kill(workers[i].pid, sig);
}

static void
reload(int fd)
{
	struct tmpl_registry *check = worker_load_templates(cfg.templates);
	int old = generation;

	if (!check) {
		log_error("reload refused: templates do not compile; the running workers stay");
		return;
	}
	tmpl_registry_free(check);
	generation++;
	respawn_owed = 0; /* the new generation starts complete */
	for (int i = 0; i < cfg.workers; i++)
		spawn_worker(fd);
	signal_generation(old, SIGTERM);
	log_info("reloaded: generation %d, %d workers", generation, cfg.workers);
}

static void
stop_all(void)
{
	long deadline = now_us() + STOP_GRACE_S * 1000000L;
	int status;

	signal_generation(-1, SIGTERM);
	if (scheduler_pid)
		kill(scheduler_pid, SIGTERM);
	while (now_us() < deadline && (live_workers(-1) > 0 || scheduler_pid)) {
		pid_t pid = waitpid(-1, &status, WNOHANG);

		if (pid > 0) {
			for (int i = 0; i < MAX_WORKERS * 2; i++)
				if (workers[i].pid == pid)
					workers[i].pid = 0;
			if (pid == scheduler_pid)
				scheduler_pid = 0;
		} else if (pid < 0)
			break;
		else
			usleep(10000);
	}
	signal_generation(-1, SIGKILL);
	if (scheduler_pid)
		kill(scheduler_pid, SIGKILL);
	while (waitpid(-1, &status, 0) > 0)
		;
}

static int
serve(void)
{
	struct tmpl_registry *check;
	struct sigaction sa;
	sigset_t block, old;
	int fd;

	if (!*cfg.jwt_secret || strlen(cfg.jwt_secret) < 32) {
		fprintf(stderr, "preptalk: PREPTALK_JWT_SECRET must be set to at least 32 characters\n");
		return 2;
	}
	check = worker_load_templates(cfg.templates);
	if (!check)
		return 1;
	tmpl_registry_free(check);
	if (metrics_init(nroutes) != 0) {
		log_error("cannot map shared metrics");
		return 1;
	}
	unlink(cfg.socket_path);
	fd = FCGX_OpenSocket(cfg.socket_path, 1024);
	if (fd < 0) {
		log_error("cannot listen on %s", cfg.socket_path);
		return 1;
	}
	chmod(cfg.socket_path, 0666);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, &old);

	for (int i = 0; i < cfg.workers; i++)
		spawn_worker(fd);
	scheduler_pid = spawn_scheduler();
	log_info("preptalk %s serving on %s with %d workers", PREPTALK_VERSION, cfg.socket_path,
	         cfg.workers);
	while (!got_term) {
		sigsuspend(&old);
		if (got_chld) {
			got_chld = 0;
			reap(fd);
		}
		if (got_alrm) {
			got_alrm = 0;
			for (; respawn_owed > 0 && !got_term; respawn_owed--)
				spawn_worker(fd);
		}
		if (got_hup && !got_term) {
			got_hup = 0;
			reload(fd);
		}
	}
	log_info("stopping");
	stop_all();
	close(fd);
	unlink(cfg.socket_path);
	log_info("stopped");
	return 0;
}

static void
usage(FILE *out)
{
	fprintf(out, "PrepTalk %s — interview practice, served over FastCGI.\n\n"
	             "Usage:\n"
	             "  preptalk serve                          run the master, workers and scheduler\n"
	             "  preptalk migrate up | down [N|all] | status\n"
	             "  preptalk render TEMPLATE_DIR NAME DATA.json\n"
	             "  preptalk analyze ROUND.json\n"
	             "  preptalk --help | --version\n\n",
	        PREPTALK_VERSION);
	config_usage(out);
}

int
main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("preptalk %s\n", PREPTALK_VERSION);
		return 0;
	}
	if (strcmp(cmd, "render") == 0)
		return render_main(argc - 1, argv + 1);
	if (strcmp(cmd, "analyze") == 0)
		return analyze_main(argc - 1, argv + 1);
	if (config_load() != 0)
		return 2;
	if (strcmp(cmd, "serve") == 0)
		return serve();
	if (strcmp(cmd, "migrate") == 0)
		return migrate_main(argc - 2, argv + 2);
	usage(stderr);
	return 2;
}
