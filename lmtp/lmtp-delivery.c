/*
 * lmtpd's per-connection delivery process (root). It makes the spool
 * file, forks the protocol process (chrooted, unprivileged), and then only
 * answers that process's framed requests (lmtp-ipc.h): recipients are
 * resolved through aliases and authdaemond, and after DATA every target
 * gets the message from a child running as the mailbox's owner
 * (lmtp-deliver.h). 250 goes out only once the file is linked into new/.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lmtp-deliver.h"
#include "lmtp-ipc.h"
#include "lmtpd.h"
#include "log.h"
#include "proc-privs.h"
#include "server-protocol.h"
#include "xalloc.h"

struct rcpt {
	char *address;
	struct lmtp_targets targets;
};

struct delivery {
	const struct lmtpd_settings *set;
	const char *ip;
	char sender[LMTP_IPC_MAX + 1];
	struct rcpt *rcpts;
	unsigned int rcpt_count;
	int spool_fd;
	unsigned long messages;
};

static void
delivery_reset(struct delivery *d)
{
	unsigned int i;

	for (i = 0; i < d->rcpt_count; i++) {
		free(d->rcpts[i].address);
		lmtp_targets_clear(&d->rcpts[i].targets);
	}
	free(d->rcpts);
	d->rcpts = NULL;
	d->rcpt_count = 0;
}

static unsigned char
handle_rcpt(struct delivery *d, const char *address)
{
	struct lmtp_targets list = { NULL, 0 };
	const char *error = NULL;
	enum lmtp_rcpt_status st;
	struct rcpt *r;

	st = lmtp_rcpt_resolve(&d->set->rcpt, address, &list, &error);
	if (st == LMTP_RCPT_TEMPFAIL) {
		log_warn("lookup of <%s> failed temporarily: %s", address,
			 error != NULL ? error : "unknown error");
		return LMTP_IPC_TEMPFAIL;
	}
	if (st == LMTP_RCPT_UNKNOWN) {
		lmtp_targets_clear(&list);
		log_info("rcpt=<%s>: unknown user, ip=[%s]", address, d->ip);
		return LMTP_IPC_UNKNOWN;
	}
	d->rcpts = xreallocarray(d->rcpts, d->rcpt_count + 1,
				 sizeof(*d->rcpts));
	r = &d->rcpts[d->rcpt_count++];
	r->address = xstrdup(address);
	r->targets = list;
	return LMTP_IPC_OK;
}

/* Delivers to one target; returns an LMTP_IPC_* status. */
static unsigned char
deliver_target(struct delivery *d, const struct lmtp_target *t)
{
	struct lmtp_mailbox mb;
	enum lmtp_deliver_result r;
	const char *error = "";
	char *header;

	memset(&mb, 0, sizeof(mb));
	mb.default_maildir = d->set->maildirpath;
	if (t->kind == LMTP_TARGET_FILE) {
		if (!d->set->file_user_set)
			return LMTP_IPC_TEMPFAIL;
		mb.uid = d->set->file_uid;
		mb.gid = d->set->file_gid;
		mb.home = "/";
		mb.maildir = t->path;
	} else {
		mb.sysuser = t->rec.username;
		mb.uid = t->rec.uid;
		mb.gid = t->rec.gid;
		mb.home = t->rec.home;
		mb.maildir = t->rec.maildir;
		mb.quota = t->rec.quota;
	}
	header = xasprintf("Return-Path: <%s>\nDelivered-To: %s\n", d->sender,
			   t->address);
	r = lmtp_deliver(&mb, header, strlen(header), d->spool_fd, &error);
	free(header);
	switch (r) {
	case LMTP_DELIVER_OK:
		return LMTP_IPC_OK;
	case LMTP_DELIVER_OVER_QUOTA:
		return LMTP_IPC_OVER_QUOTA;
	case LMTP_DELIVER_TEMPFAIL:
		break;
	}
	log_error("delivery to %s failed: %s", t->address, error);
	return LMTP_IPC_TEMPFAIL;
}

/*
 * DATA: every target of every recipient. A recipient's status is the
 * worst of its targets' (a temporary failure of one alias member makes
 * the client retry the whole alias: duplicates rather than lost mail).
 */
static void
handle_data(struct delivery *d, uint64_t size, unsigned char *status)
{
	unsigned int i;
	size_t j;

	for (i = 0; i < d->rcpt_count; i++) {
		struct rcpt *r = &d->rcpts[i];

		status[i] = LMTP_IPC_OK;
		for (j = 0; j < r->targets.count; j++) {
			unsigned char st = deliver_target(d,
							  &r->targets.items[j]);

			if (st == LMTP_IPC_TEMPFAIL ||
			    (st == LMTP_IPC_OVER_QUOTA &&
			     status[i] == LMTP_IPC_OK))
				status[i] = st;
		}
		log_info("from=<%s>, rcpt=<%s>, size=%llu, ip=[%s]: %s",
			 d->sender, r->address, (unsigned long long)size,
			 d->ip,
			 status[i] == LMTP_IPC_OK ? "delivered"
			 : status[i] == LMTP_IPC_OVER_QUOTA ? "mailbox full"
							    : "deferred");
		if (status[i] == LMTP_IPC_OK)
			d->messages++;
	}
}

static int
delivery_loop(struct delivery *d, int ipc_fd)
{
	struct lmtp_ipc_msg m;
	unsigned char st[LMTP_IPC_MAX];
	uint64_t size;
	int r, i;

	while ((r = lmtp_ipc_recv(ipc_fd, &m, 0)) == 1) {
		switch (m.type) {
		case 'M':
			if (memchr(m.data, '\0', m.len) != NULL)
				return -1;
			memcpy(d->sender, m.data, (size_t)m.len + 1);
			delivery_reset(d);
			r = lmtp_ipc_send(ipc_fd, 'm', NULL, 0);
			break;
		case 'R':
			if (m.len == 0 || memchr(m.data, '\0', m.len) != NULL ||
			    d->rcpt_count >= d->set->max_rcpts)
				return -1;
			st[0] = handle_rcpt(d, (const char *)m.data);
			r = lmtp_ipc_send(ipc_fd, 'r', st, 1);
			break;
		case 'X':
			delivery_reset(d);
			r = lmtp_ipc_send(ipc_fd, 'x', NULL, 0);
			break;
		case 'D':
			if (m.len != 8 || d->rcpt_count == 0)
				return -1;
			for (size = 0, i = 0; i < 8; i++)
				size = size << 8 | m.data[i];
			handle_data(d, size, st);
			r = lmtp_ipc_send(ipc_fd, 'd', st, d->rcpt_count);
			break;
		default:
			return -1; /* not our protocol: stop trusting it */
		}
		if (r < 0)
			return -1;
	}
	return r;
}

int
lmtpd_connection_run(const struct server_protocol *proto,
		     const struct server_config *config,
		     const struct proc_user *login_user, int client_fd,
		     const char *ip, const char *port)
{
	const struct lmtpd_settings *set = proto->context;
	struct delivery d = { .set = set, .ip = ip };
	const char *error;
	int pair[2], status = 1, ret;
	pid_t pid;

	d.spool_fd = memfd_create("lmtp-spool", MFD_CLOEXEC);
	if (d.spool_fd < 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0) {
		log_error("spool or socketpair: %s", strerror(errno));
		return 1;
	}
	log_info("connect from ip=[%s], port=[%s]", ip, port);
	pid = fork();
	if (pid < 0) {
		log_error("fork: %s", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		close(pair[0]);
		if (proc_drop_to(login_user, config->login_chroot, &error) < 0 ||
		    proc_limit_memory(config->ulimit_kb, &error) < 0)
			fatal("%s", error);
		_exit(lmtp_session_run(set, config, client_fd, pair[1],
				       d.spool_fd));
	}
	close(pair[1]);
	close(client_fd);
	ret = delivery_loop(&d, pair[0]);
	if (ret < 0)
		log_warn("protocol process for ip=[%s] broke the internal "
			 "protocol; stopping it", ip);
	close(pair[0]);
	if (ret < 0)
		kill(pid, SIGTERM);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	log_info("disconnect ip=[%s], delivered=%lu", ip, d.messages);
	delivery_reset(&d);
	close(d.spool_fd);
	return ret < 0 ? 1 : 0;
}
