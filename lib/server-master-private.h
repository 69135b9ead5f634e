#ifndef ESTAFETTE_SERVER_MASTER_PRIVATE_H
#define ESTAFETTE_SERVER_MASTER_PRIVATE_H

/* Shared between server-master.c (life cycle, signals) and
   server-master-conn.c (connections, the poll loop). */

#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "proc-privs.h"
#include "server-config.h"
#include "server-creds.h"
#include "server-limits.h"
#include "server-listen.h"
#include "server-master.h"
#include "tls-gnutls.h"

enum master_conn_state {
	CONN_LOGIN,	   /* login process talking; ctl socket read */
	CONN_AUTH_WAIT,	   /* credentials received; login delay runs */
	CONN_AUTH_RUNNING, /* session process checking them, or serving */
};

struct master_conn {
	bool used;
	enum master_conn_state state;
	pid_t login_pid, session_pid;
	int client_fd; /* kept for the session process */
	int ctl_fd;    /* master end of the login process's socketpair */
	bool ctl_eof;
	uint8_t *ctl_buf; /* SERVER_CREDS_MAX bytes while reading */
	size_t ctl_len;
	struct server_creds *creds; /* parsed, waiting for auth_at_ms */
	long long auth_at_ms;
	char ip[INET6_ADDRSTRLEN];
	char port[8];
};

struct master {
	const struct server_protocol *proto;
	const struct server_config *config;
	struct proc_user login_user;
	struct tls_context *tls;
	int listen_fds[SERVER_MAX_LISTEN];
	unsigned int listen_count;
	int sig_pipe[2];
	struct master_conn *conns;
	unsigned int conn_max, conn_count;
	struct server_limits *limits;
	struct pollfd *pfds;
	bool stopping;
};

long long master_now_ms(void);
void master_child_setup(struct master *m, const struct master_conn *keep);
void master_conn_child_exited(struct master *m, pid_t pid, int status);
void master_conns_kill(struct master *m, int signo);
void master_loop(struct master *m);
/* Acts on signals noted by the handler (stop, reload, reap children). */
void master_read_signals(struct master *m);

#endif
