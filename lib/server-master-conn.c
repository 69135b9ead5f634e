#include "config.h"

/*
 * The master's connections: accepting within the limits, forking the
 * login process, reading its credentials message, forking the session
 * process after the login delay, and noticing when they end.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "server-login.h"
#include "server-master-private.h"
#include "server-session.h"
#include "xalloc.h"

static void
master_refuse(const struct master *m, int fd, const char *ip,
	      const char *why)
{
	const char *line = m->proto->refuse_line;

	/* Best effort and never blocking: the socket buffer of a fresh
	   connection always takes one short line. */
	log_warn("connection from ip=[%s] refused: %s", ip, why);
	if (line != NULL)
		(void)send(fd, line, strlen(line), MSG_DONTWAIT | MSG_NOSIGNAL);
	close(fd);
}

static void
master_conn_free(struct master *m, struct master_conn *c)
{
	if (c->client_fd >= 0)
		close(c->client_fd);
	if (c->ctl_fd >= 0)
		close(c->ctl_fd);
	free(c->ctl_buf);
	if (c->creds != NULL) {
		server_creds_wipe(c->creds);
		free(c->creds);
	}
	server_limits_conn_del(m->limits, c->ip);
	memset(c, 0, sizeof(*c));
	m->conn_count--;
}

static struct master_conn *
master_conn_slot(struct master *m)
{
	unsigned int i;

	for (i = 0; i < m->conn_max; i++) {
		if (!m->conns[i].used)
			return &m->conns[i];
	}
	return NULL;
}

/* A protocol without login (lmtpd): one process runs the connection. */
static void
master_fork_connection(struct master *m, struct master_conn *c)
{
	pid_t pid = fork();

	if (pid == 0) {
		master_child_setup(m, c);
		_exit(m->proto->connection_run(m->proto, m->config,
					       &m->login_user, c->client_fd,
					       c->ip, c->port));
	}
	if (pid < 0) {
		log_error("fork: %s", strerror(errno));
		master_conn_free(m, c);
		return;
	}
	/* The child has the socket; the master keeps no copy. */
	close(c->client_fd);
	c->client_fd = -1;
	c->login_pid = pid;
}

static void
master_fork_login(struct master *m, struct master_conn *c)
{
	int pair[2];
	pid_t pid;

	if (m->proto->connection_run != NULL) {
		master_fork_connection(m, c);
		return;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0) {
		log_error("socketpair: %s", strerror(errno));
		master_conn_free(m, c);
		return;
	}
	c->ctl_fd = pair[0];
	/* Only the master's end: a stray wakeup must never block it. */
	(void)fcntl(pair[0], F_SETFL, O_NONBLOCK);
	pid = fork();
	if (pid == 0) {
		close(pair[0]);
		c->ctl_fd = -1;
		master_child_setup(m, c);
		login_process_main(m->proto, m->config, &m->login_user, m->tls,
				   c->client_fd, pair[1], c->ip, c->port);
	}
	close(pair[1]);
	if (pid < 0) {
		log_error("fork: %s", strerror(errno));
		master_conn_free(m, c);
		return;
	}
	c->login_pid = pid;
}

static void
master_accept(struct master *m, int listen_fd)
{
	char ip[INET6_ADDRSTRLEN], port[8];
	struct master_conn *c;
	int fd;

	fd = server_listen_accept(listen_fd, ip, port);
	if (fd < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			log_error("accept: %s", strerror(errno));
		return;
	}
	c = master_conn_slot(m);
	if (c == NULL) {
		master_refuse(m, fd, ip, "MAXDAEMONS reached");
		return;
	}
	if (!server_limits_conn_add(m->limits, ip, m->config->max_per_ip)) {
		master_refuse(m, fd, ip, "MAXPERIP reached");
		return;
	}
	memset(c, 0, sizeof(*c));
	c->used = true;
	c->state = CONN_LOGIN;
	c->client_fd = fd;
	c->ctl_fd = -1;
	memcpy(c->ip, ip, sizeof(c->ip));
	memcpy(c->port, port, sizeof(c->port));
	m->conn_count++;
	master_fork_login(m, c);
}

/* A login process that breaks the protocol is not trusted any further. */
static void
master_conn_abort(struct master *m, struct master_conn *c, const char *why)
{
	log_warn("login process %ld for ip=[%s]: %s; stopping it",
		 (long)c->login_pid, c->ip, why);
	if (c->login_pid > 0)
		(void)kill(c->login_pid, SIGKILL);
	close(c->ctl_fd);
	c->ctl_fd = -1;
	c->ctl_eof = true;
	c->state = CONN_LOGIN; /* nothing more is read or checked */
}

static void
master_read_ctl(struct master *m, struct master_conn *c)
{
	const char *error;
	size_t used;
	ssize_t n;
	int ret;

	if (c->ctl_buf == NULL)
		c->ctl_buf = xmalloc(SERVER_CREDS_MAX);
	n = read(c->ctl_fd, c->ctl_buf + c->ctl_len,
		 SERVER_CREDS_MAX - c->ctl_len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		c->ctl_eof = true;
		return;
	}
	c->ctl_len += (size_t)n;
	if (c->creds == NULL)
		c->creds = xmalloc(sizeof(*c->creds));
	ret = server_creds_parse(c->ctl_buf, c->ctl_len, c->creds, &used,
				 &error);
	if (ret == 0)
		return;
	if (ret < 0 || used != c->ctl_len) {
		master_conn_abort(m, c, ret < 0 ? error : "unexpected data");
		return;
	}
	explicit_bzero(c->ctl_buf, SERVER_CREDS_MAX);
	c->ctl_len = 0;
	c->state = CONN_AUTH_WAIT;
	c->auth_at_ms = master_now_ms() +
			server_limits_delay_ms(m->limits, c->ip,
					       master_now_ms());
}

static void
master_fork_session(struct master *m, struct master_conn *c)
{
	pid_t pid = fork();

	if (pid == 0) {
		master_child_setup(m, c);
		session_process_main(m->proto, m->config, c->creds,
				     c->client_fd, c->ctl_fd, c->ip, c->port);
	}
	server_creds_wipe(c->creds);
	if (pid < 0) {
		log_error("fork: %s", strerror(errno));
		master_conn_abort(m, c, "cannot fork a session process");
		return;
	}
	c->session_pid = pid;
	c->state = CONN_AUTH_RUNNING;
}

void
master_conn_child_exited(struct master *m, pid_t pid, int status)
{
	unsigned int i;

	for (i = 0; i < m->conn_max; i++) {
		struct master_conn *c = &m->conns[i];

		if (!c->used)
			continue;
		if (c->login_pid == pid) {
			c->login_pid = 0;
		} else if (c->session_pid == pid) {
			c->session_pid = 0;
			if (WIFEXITED(status) &&
			    WEXITSTATUS(status) == SESSION_EXIT_AUTH_FAILED) {
				server_limits_fail(m->limits, c->ip,
						   master_now_ms());
				c->state = CONN_LOGIN;
			} else if (WIFEXITED(status) &&
				   WEXITSTATUS(status) ==
					   SESSION_EXIT_AUTH_TEMPFAIL) {
				c->state = CONN_LOGIN;
			} else {
				server_limits_success(m->limits, c->ip);
			}
		} else {
			continue;
		}
		if (c->login_pid == 0 && c->session_pid == 0)
			master_conn_free(m, c);
		return;
	}
}

void
master_conns_kill(struct master *m, int signo)
{
	unsigned int i;

	for (i = 0; i < m->conn_max; i++) {
		if (!m->conns[i].used)
			continue;
		if (m->conns[i].login_pid > 0)
			(void)kill(m->conns[i].login_pid, signo);
		if (m->conns[i].session_pid > 0)
			(void)kill(m->conns[i].session_pid, signo);
	}
}

/* Fills m->pfds; returns the count and the poll timeout in *timeout_r. */
static unsigned int
master_poll_setup(struct master *m, int *timeout_r)
{
	long long now = master_now_ms(), wait, soonest = -1;
	unsigned int i, n = 0;

	m->pfds[n].fd = m->sig_pipe[0];
	m->pfds[n++].events = POLLIN;
	for (i = 0; i < m->listen_count; i++) {
		m->pfds[n].fd = m->listen_fds[i];
		m->pfds[n++].events = POLLIN;
	}
	for (i = 0; i < m->conn_max; i++) {
		struct master_conn *c = &m->conns[i];

		if (!c->used)
			continue;
		if (c->state == CONN_LOGIN && !c->ctl_eof && c->ctl_fd >= 0) {
			m->pfds[n].fd = c->ctl_fd;
			m->pfds[n++].events = POLLIN;
		} else if (c->state == CONN_AUTH_WAIT) {
			wait = c->auth_at_ms > now ? c->auth_at_ms - now : 0;
			if (soonest < 0 || wait < soonest)
				soonest = wait;
		}
	}
	*timeout_r = (int)soonest;
	return n;
}

static void
master_conn_ctl_ready(struct master *m, int fd)
{
	unsigned int i;

	for (i = 0; i < m->conn_max; i++) {
		struct master_conn *c = &m->conns[i];

		if (c->used && c->state == CONN_LOGIN && c->ctl_fd == fd) {
			master_read_ctl(m, c);
			return;
		}
	}
}

static void
master_run_due_auths(struct master *m)
{
	long long now = master_now_ms();
	unsigned int i;

	for (i = 0; i < m->conn_max; i++) {
		struct master_conn *c = &m->conns[i];

		if (c->used && c->state == CONN_AUTH_WAIT &&
		    c->auth_at_ms <= now)
			master_fork_session(m, c);
	}
}

void
master_loop(struct master *m)
{
	unsigned int n, i;
	int timeout;

	while (!m->stopping) {
		n = master_poll_setup(m, &timeout);
		if (poll(m->pfds, n, timeout) < 0 && errno != EINTR) {
			log_error("poll: %s", strerror(errno));
			return;
		}
		for (i = 0; i < n; i++) {
			if (m->pfds[i].revents == 0)
				continue;
			if (i == 0)
				master_read_signals(m);
			else if (i <= m->listen_count)
				master_accept(m, m->pfds[i].fd);
			else
				master_conn_ctl_ready(m, m->pfds[i].fd);
		}
		master_run_due_auths(m);
	}
}
