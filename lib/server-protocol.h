#ifndef ESTAFETTE_SERVER_PROTOCOL_H
#define ESTAFETTE_SERVER_PROTOCOL_H

/*
 * What a daemon (pop3d, imapd) plugs into the server runtime: its name,
 * its authdaemond service, the line it sends when a connection is refused,
 * and the two halves of its dialogue: the pre-login half, run in the
 * unprivileged, chrooted login process (server-login.h), and the
 * post-login half, run in the session process as the mail account
 * (server-session.h).
 */

#include "proc-privs.h"
#include "server-auth.h"
#include "server-config.h"

struct login_client;
struct session_client;

struct server_protocol {
	const char *name;	 /* for logs: "POP3", "IMAP" */
	const char *ident;	 /* syslog ident: "pop3d", "pop3d-ssl" */
	const char *service;	 /* authdaemond service: "pop3", "imap" */
	/* Sent to a connection refused by MAXDAEMONS or MAXPERIP,
	   with its line ending: "-ERR Maximum connection limit reached.\r\n" */
	const char *refuse_line;
	/* Sent when the runtime gives up on a client (idle, too long) before
	   closing, with its line ending. */
	const char *timeout_line;
	/* The daemon's own settings, for its handlers. */
	const void *context;

	/*
	 * Pre-login dialogue. Returns when the client is gone, was cut off,
	 * or authenticated (login_client_auth() returned SERVER_AUTH_OK; the
	 * runtime then hands the connection to the session).
	 */
	void (*login_run)(struct login_client *client);
	/* Post-login dialogue; returns the process's exit status. */
	int (*session_run)(struct session_client *client);

	/* Checks credentials; runs as root in the session process before it
	   drops to the account. */
	server_auth_fn *auth;
	void *auth_context;
	/*
	 * May the authenticated account use this service over this
	 * connection (disablepop3, disableinsecurepop3)? Runs in the session
	 * process before the login is reported successful; false makes it a
	 * failed login. NULL allows every account.
	 */
	bool (*account_allowed)(const struct server_protocol *proto,
				const struct server_account *account,
				bool tls);

	/*
	 * Protocols without a login (lmtpd). When set, the master forks one
	 * process per accepted connection that runs this, as root and not
	 * confined, with the client socket; login_run, session_run and auth
	 * are not used. It must keep the rule of the design itself: bytes
	 * from the client are parsed only by a process it has dropped to
	 * login_user and chrooted to the config's login_chroot
	 * (proc_drop_to()). Returns the process's exit status.
	 */
	int (*connection_run)(const struct server_protocol *proto,
			      const struct server_config *config,
			      const struct proc_user *login_user,
			      int client_fd, const char *ip,
			      const char *port);
};

#endif
