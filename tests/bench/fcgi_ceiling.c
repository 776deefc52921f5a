/* fcgi_ceiling.c: ceiling B of `make bench`, the fastest any FastCGI page can be here.
 * A minimal libfcgi responder answering 8 KB, run as NPROC prefork processes on a unix
 * socket behind the same nginx as PrepTalk. Usage: fcgi_ceiling SOCKET NPROC
 * SIGTERM/SIGINT stop it and remove the socket. */
#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define BODY_SIZE 8192
#define MAX_PROCS 256

static volatile sig_atomic_t stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static void
serve(int fd, const char *body)
{
	FCGX_Request req;

	if (FCGX_InitRequest(&req, fd, 0) != 0)
		_exit(1);
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_FPrintF(req.out, "Status: 200 OK\r\nContent-Type: text/plain\r\n"
				      "Content-Length: %d\r\n\r\n", BODY_SIZE);
		FCGX_PutStr(body, BODY_SIZE, req.out);
		FCGX_Finish_r(&req);
	}
	_exit(0);
}

static pid_t
spawn(int fd, const char *body)
{
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		serve(fd, body);
	}
	return pid;
}

int
main(int argc, char **argv)
{
	static char body[BODY_SIZE];
	pid_t kids[MAX_PROCS];
	struct sigaction sa;
	int fd, i, n;

	if (argc != 3 || (n = atoi(argv[2])) < 1 || n > MAX_PROCS) {
		fprintf(stderr, "usage: fcgi_ceiling SOCKET NPROC (1..%d)\n", MAX_PROCS);
		return 2;
	}
	/* 8 KB of printable text in 64-byte lines. */
	for (i = 0; i < BODY_SIZE; i++)
		body[i] = (i % 64 == 63) ? '\n' : (char)('a' + i % 26);

	if (FCGX_Init() != 0) {
		fprintf(stderr, "fcgi_ceiling: FCGX_Init failed\n");
		return 1;
	}
	unlink(argv[1]);
	fd = FCGX_OpenSocket(argv[1], 1024);
	if (fd < 0) {
		fprintf(stderr, "fcgi_ceiling: cannot listen on %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	chmod(argv[1], 0666);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	for (i = 0; i < n; i++)
		kids[i] = spawn(fd, body);
	/* Keep the pool full until told to stop. */
	while (!stopping) {
		int status;
		pid_t pid = waitpid(-1, &status, 0);

		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < n; i++)
			if (kids[i] == pid && !stopping)
				kids[i] = spawn(fd, body);
	}
	for (i = 0; i < n; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGTERM);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	unlink(argv[1]);
	return 0;
}
