#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "proc-privs.h"
#include "safe-io.h"
#include "server-creds.h"
#include "server-limits.h"
#include "server-login.h"

/* The master answers within the (growing) login delay plus the time
   authdaemond takes; past this the login process gives up. */
#define LOGIN_AUTH_REPLY_TIMEOUT_MS (SERVER_LIMITS_MAX_DELAY_MS + 60000)
/* Unsent output a login process may hold for a client (replies before
   login are short; the relay uses its own cap). */
#define LOGIN_OUT_MAX (64 * 1024)

bool
login_client_can_starttls(const struct login_client *client)
{
	return client->tls_ctx != NULL && !iostream_is_tls(client->stream);
}

int
login_client_starttls(struct login_client *client, const char **error_r)
{
	if (!login_client_can_starttls(client)) {
		*error_r = "TLS is not available";
		return -1;
	}
	return iostream_start_tls(client->stream, client->tls_ctx,
				  (int)client->config->tls_timeout_ms,
				  error_r);
}

bool
login_client_bad_command(struct login_client *client)
{
	client->bad_commands++;
	return client->bad_commands >= client->config->login_max_bad_commands;
}

static int
login_wait_reply(int fd, char *reply_r)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;
	int ret;

	do {
		ret = poll(&pfd, 1, LOGIN_AUTH_REPLY_TIMEOUT_MS);
	} while (ret < 0 && errno == EINTR);
	if (ret <= 0)
		return -1;
	do {
		n = read(fd, reply_r, 1);
	} while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : -1;
}

enum server_auth_status
login_client_auth(struct login_client *client, const char *authtype,
		  const char *user, const void *authdata, size_t authdata_len)
{
	static uint8_t msg[SERVER_CREDS_MAX];
	const char *leftover = "";
	size_t leftover_len = 0;
	char reply = 0;
	int len;

	/* With TLS the login process stays as the pipe and passes the rest
	   of the input itself; in the clear the session reads the socket
	   directly and needs what was already read. */
	if (!iostream_is_tls(client->stream))
		leftover = iostream_input(client->stream, &leftover_len);
	if (iostream_flush_wait(client->stream,
				(int)client->config->login_timeout_ms) < 0)
		return SERVER_AUTH_TEMPFAIL;
	len = server_creds_build(msg, iostream_is_tls(client->stream),
				 authtype, user, authdata, authdata_len,
				 leftover, leftover_len);
	if (len < 0)
		return SERVER_AUTH_FAILED;
	if (write_full(client->ctl_fd, msg, (size_t)len) < 0 ||
	    login_wait_reply(client->ctl_fd, &reply) < 0) {
		/* Whether a session took the connection is unknown now:
		   the only safe move is to leave it alone for good. */
		explicit_bzero(msg, sizeof(msg));
		log_error("no answer from the master process, ip=[%s]",
			  client->ip);
		_exit(1);
	}
	explicit_bzero(msg, sizeof(msg));
	switch (reply) {
	case SERVER_REPLY_OK:
		client->authenticated = true;
		if (!iostream_is_tls(client->stream))
			iostream_discard_input(client->stream);
		return SERVER_AUTH_OK;
	case SERVER_REPLY_FAIL:
		return SERVER_AUTH_FAILED;
	default:
		return SERVER_AUTH_TEMPFAIL;
	}
}

static void
login_run_client(struct login_client *client)
{
	const char *error;

	if (client->config->implicit_tls &&
	    iostream_start_tls(client->stream, client->tls_ctx,
			       (int)client->config->tls_timeout_ms,
			       &error) < 0) {
		log_info("TLS failed, ip=[%s]: %s", client->ip, error);
		return;
	}
	client->proto->login_run(client);
	if (!client->authenticated) {
		(void)iostream_flush_wait(client->stream, 5000);
		return;
	}
	if (iostream_is_tls(client->stream)) {
		login_relay(client->stream, client->ctl_fd,
			    client->config->session_timeout_ms);
		client->ctl_fd = -1; /* closed by the relay */
	}
}

void
login_process_main(const struct server_protocol *proto,
		   const struct server_config *config,
		   const struct proc_user *login_user,
		   struct tls_context *tls_ctx, int client_fd, int ctl_fd,
		   const char *ip, const char *port)
{
	struct login_client client;
	const char *error;

	if (proc_drop_to(login_user, config->login_chroot, &error) < 0 ||
	    proc_limit_memory(config->ulimit_kb, &error) < 0) {
		log_error("login process: %s", error);
		_exit(1);
	}
	memset(&client, 0, sizeof(client));
	client.proto = proto;
	client.config = config;
	client.tls_ctx = config->tls_enabled ? tls_ctx : NULL;
	client.ctl_fd = ctl_fd;
	snprintf(client.ip, sizeof(client.ip), "%s", ip);
	snprintf(client.port, sizeof(client.port), "%s", port);
	client.stream = iostream_new(client_fd, config->login_max_line + 2,
				     LOGIN_OUT_MAX);
	login_run_client(&client);
	if (client.authenticated && !iostream_is_tls(client.stream)) {
		/* The session process serves the socket now. */
		close(iostream_release_fd(client.stream));
	}
	iostream_free(&client.stream);
	if (client.ctl_fd >= 0)
		close(client.ctl_fd);
	_exit(0);
}
