#ifndef ESTAFETTE_LMTPD_H
#define ESTAFETTE_LMTPD_H

/*
 * lmtpd: LMTP (RFC 2033) delivery into maildirs, on the shared server
 * runtime. Per connection, the master forks a delivery process (root); it
 * creates the spool and forks the protocol process, which chroots, drops
 * to the unprivileged login user and alone parses the client's bytes. The
 * two talk over a socketpair in the small framed format of lmtp-ipc.h; the
 * delivery process resolves recipients (aliases, authdaemond) and forks
 * one child per mailbox that delivers as the mailbox's owner.
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lmtp-rcpt.h"
#include "proc-privs.h"
#include "server-config.h"
#include "server-protocol.h"

struct lmtpd_settings {
	const char *hostname;	/* for the greeting and LHLO reply */
	uint64_t max_size;	/* LMTP_MAX_SIZE, bytes */
	unsigned int max_rcpts; /* LMTP_MAX_RCPTS */
	bool quota_tempfail;	/* LMTP_QUOTA_TEMPFAIL: 452 instead of 552 */
	const char *maildirpath;
	/* LMTP_ALIAS_FILE_USER: owner for alias file targets; none: off */
	bool file_user_set;
	uid_t file_uid;
	gid_t file_gid;
	struct lmtp_rcpt_settings rcpt;
};

/* The per-connection process (server_protocol.connection_run). */
int lmtpd_connection_run(const struct server_protocol *proto,
			 const struct server_config *config,
			 const struct proc_user *login_user, int client_fd,
			 const char *ip, const char *port);

/* The protocol process, after it dropped privileges. Returns its exit
   status. */
int lmtp_session_run(const struct lmtpd_settings *set,
		     const struct server_config *config, int client_fd,
		     int ipc_fd, int spool_fd);

#endif
