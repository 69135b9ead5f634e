#ifndef ESTAFETTE_POP3_LOGIN_H
#define ESTAFETTE_POP3_LOGIN_H

/*
 * POP3 before login (RFC 1939 AUTHORIZATION state, RFC 2449 CAPA, RFC 2595
 * STLS, RFC 5034 AUTH), run in the unprivileged login process. Replies
 * follow Courier's wording.
 */

#include <stdbool.h>
#include <stddef.h>

#include "authclient-sasl.h"
#include "pop3-parser.h"
#include "pop3-settings.h"
#include "server-auth-apop.h"
#include "server-login.h"

enum pop3_login_next {
	POP3_LOGIN_CONTINUE,
	POP3_LOGIN_STOP, /* quit, logged in, or cut off */
};

struct pop3_login {
	struct login_client *client;
	const struct pop3_settings *ps;
	char user[SERVER_CREDS_MAX_USER + 1]; /* from USER, or "" */
	char *line;			      /* max_line + 1 bytes */
	size_t max_line;
	/* APOP timestamp from the greeting, "" when APOP is off. */
	char apop_stamp[SERVER_APOP_MAX_STAMP + 1];
};

/* server_protocol.login_run for pop3d. */
void pop3_login_run(struct login_client *client);

/* Reads one line into pl->line (SASL responses too). Returns 0, or -1
   after replying to (or losing) the client: the dialogue must stop. */
int pop3_login_read_line(struct pop3_login *pl, size_t *len_r);

/* May the client log in now (POP3_TLS_REQUIRED)? */
bool pop3_login_allowed(const struct pop3_login *pl);

/* Counts a bad command and replies; STOP when the limit is reached. */
enum pop3_login_next pop3_login_bad(struct pop3_login *pl, const char *reply);

/* Command handlers (pop3-login-auth.c). */
enum pop3_login_next pop3_cmd_user(struct pop3_login *pl,
				   const struct pop3_command *cmd);
enum pop3_login_next pop3_cmd_pass(struct pop3_login *pl,
				   const struct pop3_command *cmd);
enum pop3_login_next pop3_cmd_apop(struct pop3_login *pl,
				   const struct pop3_command *cmd);
enum pop3_login_next pop3_cmd_auth(struct pop3_login *pl,
				   const struct pop3_command *cmd);

#endif
