#ifndef ESTAFETTE_SERVER_SESSION_H
#define ESTAFETTE_SERVER_SESSION_H

/*
 * The session process: forked by the master (as root) for each set of
 * credentials a login process sends. It asks the protocol's auth function
 * (authdaemond), answers the login process, and on success takes the
 * account's groups, gid and uid (never 0), changes to its home and runs
 * the protocol's post-login dialogue on the client connection: the socket
 * itself, or with TLS the plain socket to the login process that stays as
 * the encrypted pipe.
 *
 * Exit status tells the master what happened: SESSION_EXIT_AUTH_FAILED and
 * SESSION_EXIT_AUTH_TEMPFAIL mean no session ran (the login process goes
 * on); anything else means the session ran and the connection is over.
 */

#include <netinet/in.h>
#include <stdbool.h>

#include "iostream.h"
#include "server-auth.h"
#include "server-config.h"
#include "server-creds.h"
#include "server-protocol.h"

#define SESSION_EXIT_AUTH_FAILED 90
#define SESSION_EXIT_AUTH_TEMPFAIL 91

struct session_client {
	const struct server_protocol *proto;
	const struct server_config *config;
	const struct server_account *account;
	struct iostream *stream;
	/* Mailbox path: the account's MAILDIR, else MAILDIRPATH (relative
	   to the home directory, which is the current directory). */
	const char *mailbox;
	char ip[INET6_ADDRSTRLEN];
	char port[8];
	bool tls;
	long long start_ms; /* CLOCK_MONOTONIC at login, for LOGOUT time= */
};

void session_process_main(const struct server_protocol *proto,
			  const struct server_config *config,
			  struct server_creds *creds, int client_fd,
			  int ctl_fd, const char *ip, const char *port)
	__attribute__((noreturn));

/* Seconds since login, for the LOGOUT line. */
long long session_client_elapsed_s(const struct session_client *client);

#endif
