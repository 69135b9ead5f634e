#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "auth-chain.h"
#include "authdaemon-listen.h"
#include "log.h"
#include "authdaemon-master.h"
#include "authdaemon-worker.h"

struct master {
	const char *config_path;
	struct authdaemon_config *cfg;
	int listen_fd;
	pid_t workers[AUTHDAEMON_MAX_DAEMONS];
	time_t started[AUTHDAEMON_MAX_DAEMONS];
	time_t hold_until;	/* no new worker before this time */
	sigset_t mask;
};

static time_t
now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void
spawn_workers(struct master *m)
{
	unsigned int i;

	if (now_mono() < m->hold_until)
		return;
	for (i = 0; i < m->cfg->daemons; i++) {
		pid_t pid;

		if (m->workers[i] > 0)
			continue;
		pid = fork();
		if (pid < 0) {
			log_error("fork: %s", strerror(errno));
			m->hold_until = now_mono() + 1;
			return;
		}
		if (pid == 0)
			authdaemon_worker_main(m->cfg, m->listen_fd);
		m->workers[i] = pid;
		m->started[i] = now_mono();
	}
}

static void
reap_workers(struct master *m)
{
	pid_t pid;
	int status;
	unsigned int i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < AUTHDAEMON_MAX_DAEMONS; i++) {
			if (m->workers[i] == pid)
				break;
		}
		if (i == AUTHDAEMON_MAX_DAEMONS)
			continue; /* a worker of an older configuration */
		m->workers[i] = 0;
		if (WIFSIGNALED(status))
			log_warn("worker %ld killed by signal %d, replacing "
				 "it", (long)pid, WTERMSIG(status));
		else if (WEXITSTATUS(status) != 0)
			log_warn("worker %ld exited with status %d, "
				 "replacing it", (long)pid,
				 WEXITSTATUS(status));
		if (now_mono() - m->started[i] < 1)
			m->hold_until = now_mono() + 1;
	}
}

static void
signal_workers(struct master *m, int sig)
{
	unsigned int i;

	for (i = 0; i < AUTHDAEMON_MAX_DAEMONS; i++) {
		if (m->workers[i] > 0)
			kill(m->workers[i], sig);
	}
}

static void
stop_workers(struct master *m)
{
	time_t deadline = now_mono() + 5;
	unsigned int i, left;

	signal_workers(m, SIGTERM);
	do {
		left = 0;
		for (i = 0; i < AUTHDAEMON_MAX_DAEMONS; i++) {
			if (m->workers[i] <= 0)
				continue;
			if (waitpid(m->workers[i], NULL, WNOHANG) != 0)
				m->workers[i] = 0;
			else
				left++;
		}
		if (left > 0)
			usleep(20000);
	} while (left > 0 && now_mono() < deadline);
	signal_workers(m, SIGKILL);
	for (i = 0; i < AUTHDAEMON_MAX_DAEMONS; i++) {
		if (m->workers[i] > 0)
			waitpid(m->workers[i], NULL, 0);
		m->workers[i] = 0;
	}
}

static void
reload(struct master *m)
{
	struct authdaemon_config *cfg = NULL;
	char *err = NULL;
	int fd = -1;

	if (authdaemon_config_load(m->config_path, &cfg, &err) < 0 ||
	    auth_modules_check(cfg, &err) < 0 ||
	    auth_chain_check(cfg, &err) < 0) {
		authdaemon_config_free(&cfg);
		log_error("reload failed, keeping the old settings: %s", err);
		free(err);
		return;
	}
	if (strcmp(cfg->socket_path, m->cfg->socket_path) != 0) {
		fd = authdaemon_listen(cfg, &err);
		if (fd < 0) {
			log_error("reload failed, keeping the old settings: "
				  "%s", err);
			free(err);
			authdaemon_config_free(&cfg);
			return;
		}
		unlink(m->cfg->socket_path);
		close(m->listen_fd);
		m->listen_fd = fd;
	}
	/* Old workers finish their request and exit; their pids are
	   forgotten, so reap_workers() ignores them. */
	signal_workers(m, SIGTERM);
	memset(m->workers, 0, sizeof(m->workers));
	authdaemon_config_free(&m->cfg);
	m->cfg = cfg;
	authdaemon_config_export_ldaptls(cfg);
	m->hold_until = 0;
	log_set_debug(cfg->debug_login > 0);
	log_info("configuration reloaded");
}

void
authdaemon_master_run(const char *config_path,
		      struct authdaemon_config **cfg, int *listen_fd)
{
	struct master m;
	bool stop = false;

	memset(&m, 0, sizeof(m));
	m.config_path = config_path;
	m.cfg = *cfg;
	m.listen_fd = *listen_fd;
	*cfg = NULL;
	*listen_fd = -1;
	sigemptyset(&m.mask);
	sigaddset(&m.mask, SIGHUP);
	sigaddset(&m.mask, SIGTERM);
	sigaddset(&m.mask, SIGINT);
	sigaddset(&m.mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &m.mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	log_info("started, %u workers, modules from %s", m.cfg->daemons,
		 m.cfg->path);
	while (!stop) {
		struct timespec tick = { 1, 0 };
		int sig;

		spawn_workers(&m);
		sig = sigtimedwait(&m.mask, NULL, &tick);
		if (sig == SIGCHLD)
			reap_workers(&m);
		else if (sig == SIGHUP)
			reload(&m);
		else if (sig == SIGTERM || sig == SIGINT)
			stop = true;
		else if (sig < 0)
			reap_workers(&m);
	}
	stop_workers(&m);
	unlink(m.cfg->socket_path);
	close(m.listen_fd);
	log_info("stopped");
	authdaemon_config_free(&m.cfg);
}
