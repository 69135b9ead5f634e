#ifndef ESTAFETTE_SERVER_LOGIN_H
#define ESTAFETTE_SERVER_LOGIN_H

/*
 * The login process: one per connection, forked by the master, already
 * chrooted into an empty directory and running as the unprivileged login
 * user before the first client byte is read. It runs the protocol's
 * pre-login dialogue through client->stream (TLS or not), sends the
 * credentials it collects to the master, and with TLS stays on as the
 * encrypted pipe between the client and the session process.
 */

#include <netinet/in.h>
#include <stdbool.h>

#include "iostream.h"
#include "server-auth.h"
#include "server-config.h"
#include "server-protocol.h"

struct login_client {
	const struct server_protocol *proto;
	const struct server_config *config;
	/* Credentials for STARTTLS/STLS; NULL when TLS is not configured. */
	struct tls_context *tls_ctx;
	struct iostream *stream;
	int ctl_fd;
	char ip[INET6_ADDRSTRLEN];
	char port[8];
	/* Set once login_client_auth() returned SERVER_AUTH_OK. */
	bool authenticated;
	/* Bad commands so far (the protocol counts, the runtime limits). */
	unsigned int bad_commands;
};

/* True when STLS/STARTTLS may be offered (configured and not on yet). */
bool login_client_can_starttls(const struct login_client *client);
/*
 * Switches to TLS after the protocol queued its "go ahead" reply: flushes
 * it, discards buffered input, runs the handshake. On failure the
 * connection is unusable and the protocol should return.
 */
int login_client_starttls(struct login_client *client, const char **error_r);

/*
 * Sends credentials to the master and waits for the verdict. authtype
 * and authdata are in authdaemond's terms ("login", "user\npass\n"); user
 * is only for logs. Input buffered in client->stream after the command
 * that completed the login is handed to the session. Failed logins are
 * delayed by the master (growing per IP). On SERVER_AUTH_OK the protocol
 * must return from login_run without writing anything more. When the
 * master does not answer at all the login process exits here.
 */
enum server_auth_status login_client_auth(struct login_client *client,
					  const char *authtype,
					  const char *user,
					  const void *authdata,
					  size_t authdata_len);

/*
 * Counts a bad command; returns true when the limit
 * (LOGIN_MAXBADCMD) is reached and the protocol must disconnect.
 */
bool login_client_bad_command(struct login_client *client);

/*
 * Runs in the forked child: drops privileges, builds the stream, runs the
 * protocol and, after a successful TLS login, the relay. Never returns.
 */
struct proc_user;
void login_process_main(const struct server_protocol *proto,
			const struct server_config *config,
			const struct proc_user *login_user,
			struct tls_context *tls_ctx, int client_fd,
			int ctl_fd, const char *ip, const char *port)
	__attribute__((noreturn));

/* The TLS pipe between client and session (server-relay.c); returns when
   either side is gone, or when one has not taken any of its pending output
   for stuck_ms. Takes ownership of session_fd (closes it). */
void login_relay(struct iostream *client, int session_fd,
		 unsigned int stuck_ms);

#endif
