#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "proc-privs.h"
#include "safe-io.h"
#include "server-session.h"

#define SESSION_IN_SIZE SERVER_CREDS_MAX_LEFTOVER
#define SESSION_OUT_MAX (256 * 1024)

static long long
session_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long
session_client_elapsed_s(const struct session_client *client)
{
	return (session_now_ms() - client->start_ms) / 1000;
}

static void
session_reply(int ctl_fd, char reply)
{
	(void)write_full(ctl_fd, &reply, 1);
}

static void __attribute__((noreturn))
session_refuse(int ctl_fd, enum server_auth_status status)
{
	session_reply(ctl_fd, status == SERVER_AUTH_FAILED
				      ? SERVER_REPLY_FAIL
				      : SERVER_REPLY_TEMPFAIL);
	_exit(status == SERVER_AUTH_FAILED ? SESSION_EXIT_AUTH_FAILED
					   : SESSION_EXIT_AUTH_TEMPFAIL);
}

/* Checks the credentials; returns only on success. */
static void
session_authenticate(const struct server_protocol *proto,
		     struct server_creds *creds, int ctl_fd, const char *ip,
		     struct server_account *account)
{
	enum server_auth_status status;
	const char *error = "unknown error";
	char user[128];

	log_sanitize(user, sizeof(user), creds->user, strlen(creds->user));
	status = proto->auth(proto->auth_context, proto->service, creds, ip,
			     account, &error);
	/* The password goes now; the leftover input is still needed. */
	explicit_bzero(creds->authdata, sizeof(creds->authdata));
	creds->authdata_len = 0;
	if (status == SERVER_AUTH_OK && proto->account_allowed != NULL &&
	    !proto->account_allowed(proto, account, creds->tls)) {
		log_info("LOGIN FAILED, user=%s, ip=[%s]: login disabled for "
			 "this account", user, ip);
		server_account_clear(account);
		session_refuse(ctl_fd, SERVER_AUTH_FAILED);
	}
	if (status == SERVER_AUTH_OK)
		return;
	if (status == SERVER_AUTH_FAILED)
		log_info("LOGIN FAILED, user=%s, ip=[%s]", user, ip);
	else
		log_error("authentication temporarily failed, user=%s, "
			  "ip=[%s]: %s", user, ip, error);
	session_refuse(ctl_fd, status);
}

static void
session_become(const struct server_config *config,
	       const struct server_account *account, int ctl_fd,
	       const char *ip)
{
	const char *error;

	if (account->home == NULL || account->home[0] != '/') {
		log_error("LOGIN FAILED, user=%s, ip=[%s]: no absolute home "
			  "directory", account->address, ip);
		session_refuse(ctl_fd, SERVER_AUTH_TEMPFAIL);
	}
	if (proc_become_account(account->sysuser, account->uid, account->gid,
				&error) < 0 ||
	    proc_limit_memory(config->ulimit_kb, &error) < 0) {
		log_error("LOGIN FAILED, user=%s, ip=[%s]: %s",
			  account->address, ip, error);
		session_refuse(ctl_fd, SERVER_AUTH_TEMPFAIL);
	}
	if (chdir(account->home) < 0) {
		log_error("LOGIN FAILED, user=%s, ip=[%s]: chdir %s: %s",
			  account->address, ip, account->home,
			  strerror(errno));
		session_refuse(ctl_fd, SERVER_AUTH_TEMPFAIL);
	}
}

void
session_process_main(const struct server_protocol *proto,
		     const struct server_config *config,
		     struct server_creds *creds, int client_fd, int ctl_fd,
		     const char *ip, const char *port)
{
	struct server_account account;
	struct session_client client;
	int status;

	memset(&account, 0, sizeof(account));
	session_authenticate(proto, creds, ctl_fd, ip, &account);
	if (account.address == NULL)
		account.address = strdup(creds->user);
	session_become(config, &account, ctl_fd, ip);

	memset(&client, 0, sizeof(client));
	client.proto = proto;
	client.config = config;
	client.account = &account;
	client.tls = creds->tls;
	client.mailbox = account.maildir != NULL ? account.maildir
						 : config->maildirpath;
	snprintf(client.ip, sizeof(client.ip), "%s", ip);
	snprintf(client.port, sizeof(client.port), "%s", port);
	client.start_ms = session_now_ms();
	session_reply(ctl_fd, SERVER_REPLY_OK);
	if (client.tls) {
		/* The login process relays; the socket pair is our client. */
		close(client_fd);
		client.stream = iostream_new(ctl_fd, SESSION_IN_SIZE,
					     SESSION_OUT_MAX);
	} else {
		close(ctl_fd);
		client.stream = iostream_new(client_fd, SESSION_IN_SIZE,
					     SESSION_OUT_MAX);
		(void)iostream_preload(client.stream, creds->leftover,
				       creds->leftover_len);
	}
	explicit_bzero(creds->leftover, sizeof(creds->leftover));
	log_info("LOGIN, user=%s, ip=[%s], port=[%s], protocol=%s",
		 account.address, ip, port, proto->name);
	status = proto->session_run(&client);
	iostream_free(&client.stream);
	server_account_clear(&account);
	_exit(status == 0 ? 0 : 1);
}
