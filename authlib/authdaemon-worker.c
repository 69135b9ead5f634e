#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth-chain.h"
#include "authdaemon-session.h"
#include "authdaemon-worker.h"

static volatile sig_atomic_t worker_stop;

static void
on_term(int sig)
{
	worker_stop = 1;
}

static void
worker_signals(void)
{
	struct sigaction sa;
	sigset_t all;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;	/* no SA_RESTART: accept() returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	/* SIGTERM/SIGINT are delivered only inside ppoll(), so a stop
	   request can never slip in between the check and the wait. */
	sigemptyset(&all);
	sigaddset(&all, SIGTERM);
	sigaddset(&all, SIGINT);
	sigprocmask(SIG_SETMASK, &all, NULL);
}

/* Waits until listen_fd is readable or a stop signal came. */
static void
wait_listen(int listen_fd)
{
	struct pollfd pfd = { listen_fd, POLLIN, 0 };
	sigset_t none;

	sigemptyset(&none);
	(void)ppoll(&pfd, 1, NULL, &none);
}

void
authdaemon_worker_main(const struct authdaemon_config *cfg, int listen_fd)
{
	pid_t parent = getppid();
	struct auth_chain *chain;
	char *err = NULL;

	worker_signals();
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent)
		_exit(0);
	chain = auth_chain_new(cfg, &err);
	if (chain == NULL) {
		log_error("%s", err);
		free(err);
		_exit(2);
	}
	while (!worker_stop) {
		int fd;

		wait_listen(listen_fd);
		if (worker_stop)
			break;
		/* The listening socket is non-blocking: when another worker
		   took the connection, accept4() says EAGAIN. */
		fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EINTR && errno != ECONNABORTED &&
			    errno != EAGAIN) {
				log_error("accept: %s", strerror(errno));
				sleep(1);
			}
			continue;
		}
		alarm(cfg->worker_timeout);
		authdaemon_session(cfg, chain, fd);
		alarm(0);
		close(fd);
	}
	auth_chain_free(&chain);
	_exit(0);
}
