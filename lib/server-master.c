#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "safe-io.h"
#include "server-master-private.h"
#include "xalloc.h"

static int master_sig_pipe = -1;

static void
master_on_signal(int signo)
{
	unsigned char c = (unsigned char)signo;
	int saved_errno = errno;

	if (master_sig_pipe >= 0)
		(void)write(master_sig_pipe, &c, 1);
	errno = saved_errno;
}

long long
master_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
master_signals_init(struct master *m, const char **error_r)
{
	struct sigaction sa;

	if (pipe2(m->sig_pipe, O_NONBLOCK | O_CLOEXEC) < 0) {
		*error_r = "cannot create signal pipe";
		return -1;
	}
	master_sig_pipe = m->sig_pipe[1];
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = master_on_signal;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	return 0;
}

/* In a freshly forked child: back to default signal handling and no file
   descriptor of the master's except those of conn. */
void
master_child_setup(struct master *m, const struct master_conn *keep)
{
	struct sigaction sa;
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* "Reload" is the master's business: a HUP sent to the whole group
	   must not drop the clients' connections. */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	master_sig_pipe = -1;
	close(m->sig_pipe[0]);
	close(m->sig_pipe[1]);
	for (i = 0; i < m->listen_count; i++)
		close(m->listen_fds[i]);
	for (i = 0; i < m->conn_max; i++) {
		struct master_conn *c = &m->conns[i];

		if (!c->used || c == keep)
			continue;
		if (c->client_fd >= 0)
			close(c->client_fd);
		if (c->ctl_fd >= 0)
			close(c->ctl_fd);
	}
}

static void
master_reload_tls(struct master *m)
{
	struct tls_context *ctx = NULL;
	const char *error;

	if (!m->config->tls_enabled)
		return;
	if (tls_context_new(&m->config->tls, &ctx, &error) < 0) {
		log_error("SIGHUP: keeping the old certificate: %s", error);
		return;
	}
	tls_context_free(&m->tls);
	m->tls = ctx;
	log_info("SIGHUP: TLS certificate re-read from %s",
		 m->config->tls.certfile);
}

static void
master_reap(struct master *m)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		master_conn_child_exited(m, pid, status);
}

void
master_read_signals(struct master *m)
{
	unsigned char sigs[64];
	ssize_t n, i;

	while ((n = read(m->sig_pipe[0], sigs, sizeof(sigs))) > 0) {
		for (i = 0; i < n; i++) {
			if (sigs[i] == SIGTERM || sigs[i] == SIGINT)
				m->stopping = true;
			else if (sigs[i] == SIGHUP)
				master_reload_tls(m);
		}
	}
	master_reap(m);
}

static void
master_stop_children(struct master *m)
{
	long long deadline = master_now_ms() + SERVER_MASTER_STOP_MS;

	master_conns_kill(m, SIGTERM);
	while (m->conn_count > 0 && master_now_ms() < deadline) {
		struct pollfd pfd = { .fd = m->sig_pipe[0], .events = POLLIN };

		(void)poll(&pfd, 1, 100);
		master_read_signals(m);
	}
	if (m->conn_count > 0) {
		master_conns_kill(m, SIGKILL);
		while (m->conn_count > 0 && waitpid(-1, NULL, 0) > 0)
			master_reap(m);
	}
}

static int
master_listen(struct master *m, const char **error_r)
{
	unsigned int i;
	int fd;

	for (i = 0; i < m->config->listen_count; i++) {
		fd = server_listen_open(&m->config->listen[i], error_r);
		if (fd < 0)
			return -1;
		m->listen_fds[m->listen_count++] = fd;
	}
	return 0;
}

static int
master_detach(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	if (setsid() < 0)
		return -1;
	fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		return -1;
	(void)dup2(fd, 0);
	(void)dup2(fd, 1);
	(void)dup2(fd, 2);
	if (fd > 2)
		close(fd);
	return 0;
}

static int
master_write_pidfile(const struct master *m)
{
	char buf[32];
	int len;

	if (m->config->pidfile == NULL || *m->config->pidfile == '\0')
		return 0;
	len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	return safe_write_file(m->config->pidfile, buf, (size_t)len, 0644);
}

static int
master_init(struct master *m, const char **error_r)
{
	if (getuid() != 0 || geteuid() != 0) {
		*error_r = "must be started as root";
		return -1;
	}
	if (proc_user_lookup(m->config->login_user, &m->login_user,
			     error_r) < 0 ||
	    proc_check_empty_dir(m->config->login_chroot, error_r) < 0)
		return -1;
	if (m->config->tls_enabled &&
	    tls_context_new(&m->config->tls, &m->tls, error_r) < 0) {
		/* Without its certificate a -ssl daemon is useless; a plain
		   one still serves, without STLS, as Courier's does. */
		if (m->config->implicit_tls)
			return -1;
		log_error("%s; STARTTLS disabled", *error_r);
		m->tls = NULL;
	}
	if (master_signals_init(m, error_r) < 0 ||
	    master_listen(m, error_r) < 0)
		return -1;
	m->conn_max = m->config->max_daemons;
	m->conns = xcalloc(m->conn_max, sizeof(*m->conns));
	m->limits = server_limits_new(m->conn_max + 1024);
	m->pfds = xcalloc(1 + m->listen_count + m->conn_max,
			  sizeof(*m->pfds));
	return 0;
}

static void
master_deinit(struct master *m)
{
	unsigned int i;

	for (i = 0; i < m->listen_count; i++)
		close(m->listen_fds[i]);
	m->listen_count = 0;
	master_stop_children(m);
	if (m->config->pidfile != NULL && *m->config->pidfile != '\0')
		(void)unlink(m->config->pidfile);
	master_sig_pipe = -1;
	if (m->sig_pipe[0] >= 0) {
		close(m->sig_pipe[0]);
		close(m->sig_pipe[1]);
	}
	tls_context_free(&m->tls);
	server_limits_free(&m->limits);
	free(m->conns);
	free(m->pfds);
}

int
server_master_run(const struct server_protocol *proto,
		  const struct server_config *config, bool foreground)
{
	struct master m;
	const char *error;
	int ret = 1;

	memset(&m, 0, sizeof(m));
	m.proto = proto;
	m.config = config;
	m.sig_pipe[0] = m.sig_pipe[1] = -1;
	if (master_init(&m, &error) < 0) {
		log_error("%s", error);
		goto out;
	}
	if (!foreground) {
		if (master_detach() < 0) {
			log_error("cannot detach: %s", strerror(errno));
			goto out;
		}
		/* Until here errors went to the terminal. */
		log_open(proto->ident, false);
	}
	if (master_write_pidfile(&m) < 0) {
		log_error("cannot write %s: %s", config->pidfile,
			  strerror(errno));
		goto out;
	}
	log_info("%s ready, %u port(s), MAXDAEMONS=%u MAXPERIP=%u", proto->name,
		 m.listen_count, config->max_daemons, config->max_per_ip);
	master_loop(&m);
	log_info("%s stopping", proto->name);
	ret = 0;
out:
	master_deinit(&m);
	return ret;
}
