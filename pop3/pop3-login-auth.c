#include "config.h"

/* USER/PASS, APOP and AUTH before login. */

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "pop3-login.h"

#define POP3_REPLY_FAILED "-ERR Login failed.\r\n"
#define POP3_REPLY_TEMPFAIL \
	"-ERR [SYS/TEMP] Temporary problem, please try again later.\r\n"
#define POP3_REPLY_TLS_REQUIRED "-ERR [AUTH] TLS required to log in.\r\n"

/* Hands credentials to the runtime and answers a failure. */
static enum pop3_login_next
pop3_login_try(struct pop3_login *pl, const char *authtype, const char *user,
	       const char *authdata, size_t authdata_len)
{
	enum server_auth_status status;

	status = login_client_auth(pl->client, authtype, user, authdata,
				   authdata_len);
	pl->user[0] = '\0';
	switch (status) {
	case SERVER_AUTH_OK:
		/* The session process says "+OK logged in." */
		return POP3_LOGIN_STOP;
	case SERVER_AUTH_TEMPFAIL:
		(void)iostream_write_str(pl->client->stream,
					 POP3_REPLY_TEMPFAIL);
		return POP3_LOGIN_CONTINUE;
	case SERVER_AUTH_FAILED:
		break;
	}
	return pop3_login_bad(pl, POP3_REPLY_FAILED);
}

enum pop3_login_next
pop3_cmd_user(struct pop3_login *pl, const struct pop3_command *cmd)
{
	size_t len = strlen(cmd->args[0]);

	if (!pop3_login_allowed(pl))
		return pop3_login_bad(pl, POP3_REPLY_TLS_REQUIRED);
	if (len > SERVER_CREDS_MAX_USER)
		return pop3_login_bad(pl, "-ERR Invalid command.\r\n");
	memcpy(pl->user, cmd->args[0], len + 1);
	(void)iostream_write_str(pl->client->stream,
				 "+OK Password required.\r\n");
	return POP3_LOGIN_CONTINUE;
}

enum pop3_login_next
pop3_cmd_pass(struct pop3_login *pl, const struct pop3_command *cmd)
{
	char authdata[SERVER_CREDS_MAX_AUTHDATA];
	size_t user_len = strlen(pl->user), pass_len = strlen(cmd->args[0]);
	enum pop3_login_next next;

	if (!pop3_login_allowed(pl))
		return pop3_login_bad(pl, POP3_REPLY_TLS_REQUIRED);
	if (user_len == 0)
		return pop3_login_bad(pl, "-ERR USER first.\r\n");
	if (user_len + pass_len + 2 > sizeof(authdata)) {
		pl->user[0] = '\0';
		return pop3_login_bad(pl, POP3_REPLY_FAILED);
	}
	memcpy(authdata, pl->user, user_len);
	authdata[user_len] = '\n';
	memcpy(authdata + user_len + 1, cmd->args[0], pass_len);
	authdata[user_len + 1 + pass_len] = '\n';
	next = pop3_login_try(pl, "login", pl->user, authdata,
			      user_len + pass_len + 2);
	explicit_bzero(authdata, sizeof(authdata));
	return next;
}

/*
 * APOP name digest (RFC 1939): only when POP3_APOP offered a timestamp.
 * The session process checks the digest against the account's clear-text
 * secret (server-auth-apop.h); accounts without one are refused.
 */
enum pop3_login_next
pop3_cmd_apop(struct pop3_login *pl, const struct pop3_command *cmd)
{
	char authdata[SERVER_APOP_MAX_STAMP + SERVER_APOP_DIGEST_LEN + 3];
	enum pop3_login_next next;
	int len;

	if (pl->apop_stamp[0] == '\0')
		return pop3_login_bad(pl, "-ERR Invalid command.\r\n");
	if (!pop3_login_allowed(pl))
		return pop3_login_bad(pl, POP3_REPLY_TLS_REQUIRED);
	if (strlen(cmd->args[0]) > SERVER_CREDS_MAX_USER ||
	    strlen(cmd->args[1]) != SERVER_APOP_DIGEST_LEN)
		return pop3_login_bad(pl, POP3_REPLY_FAILED);
	len = snprintf(authdata, sizeof(authdata), "%s\n%s\n", pl->apop_stamp,
		       cmd->args[1]);
	if (len < 0 || (size_t)len >= sizeof(authdata))
		return pop3_login_bad(pl, POP3_REPLY_FAILED);
	next = pop3_login_try(pl, "apop", cmd->args[0], authdata, (size_t)len);
	explicit_bzero(authdata, sizeof(authdata));
	return next;
}

/* The mechanisms offered now: POP3AUTH_TLS replaces POP3AUTH under TLS. */
static const char *
pop3_auth_mechs(const struct pop3_login *pl)
{
	if (iostream_is_tls(pl->client->stream) &&
	    *pl->ps->auth_mechs_tls != '\0')
		return pl->ps->auth_mechs_tls;
	return pl->ps->auth_mechs;
}

/* Bare "AUTH": the mechanisms, as older clients ask for them. */
static enum pop3_login_next
pop3_auth_list(struct pop3_login *pl)
{
	struct iostream *stream = pl->client->stream;
	const char *p = pop3_auth_mechs(pl), *end;

	(void)iostream_write_str(stream, "+OK\r\n");
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		end = p + strcspn(p, " ");
		if (end > p)
			(void)iostream_printf(stream, "%.*s\r\n",
					      (int)(end - p), p);
		p = end;
	}
	(void)iostream_write_str(stream, ".\r\n");
	return POP3_LOGIN_CONTINUE;
}

enum pop3_auth_end {
	POP3_AUTH_END_NORMAL,
	POP3_AUTH_END_CANCELLED, /* client sent "*" */
	POP3_AUTH_END_LOST,	 /* timeout, line too long, or gone */
};

/* Runs the challenge/response rounds until the mechanism is done. */
static enum authclient_sasl_status
pop3_auth_exchange(struct pop3_login *pl, struct authclient_sasl *sasl,
		   const char *initial, enum pop3_auth_end *end_r)
{
	enum authclient_sasl_status st;
	const char *challenge, *error;
	size_t len;

	st = authclient_sasl_step_b64(sasl, initial, &challenge, &error);
	while (st == AUTHCLIENT_SASL_CONTINUE) {
		(void)iostream_printf(pl->client->stream, "+ %s\r\n",
				      challenge);
		if (pop3_login_read_line(pl, &len) < 0) {
			*end_r = POP3_AUTH_END_LOST;
			return AUTHCLIENT_SASL_ERROR;
		}
		if (strcmp(pl->line, "*") == 0) {
			*end_r = POP3_AUTH_END_CANCELLED;
			return AUTHCLIENT_SASL_ERROR;
		}
		st = authclient_sasl_step_b64(sasl, pl->line, &challenge,
					      &error);
		explicit_bzero(pl->line, len);
	}
	return st;
}

static enum pop3_login_next
pop3_auth_finish(struct pop3_login *pl, struct authclient_sasl *sasl)
{
	char authdata[SERVER_CREDS_MAX_AUTHDATA];
	const char *authtype, *error;
	enum pop3_login_next next;
	int len;

	len = authclient_sasl_authdata(sasl, &authtype, authdata,
				       sizeof(authdata), &error);
	if (len < 0)
		return pop3_login_bad(pl, POP3_REPLY_FAILED);
	next = pop3_login_try(pl, authtype, authclient_sasl_user(sasl),
			      authdata, (size_t)len);
	explicit_bzero(authdata, sizeof(authdata));
	return next;
}

enum pop3_login_next
pop3_cmd_auth(struct pop3_login *pl, const struct pop3_command *cmd)
{
	struct authclient_sasl *sasl = NULL;
	enum authclient_sasl_status st;
	enum pop3_login_next next;
	enum pop3_auth_end end = POP3_AUTH_END_NORMAL;
	char host[256] = "localhost";

	if (cmd->argc == 0)
		return pop3_auth_list(pl);
	if (!pop3_login_allowed(pl))
		return pop3_login_bad(pl, POP3_REPLY_TLS_REQUIRED);
	(void)gethostname(host, sizeof(host) - 1);
	/* As Courier's: every mechanism we know, advertised or not
	   (POP3AUTH only changes CAPA and the bare AUTH list). */
	sasl = authclient_sasl_new(cmd->args[0], host);
	if (sasl == NULL)
		return pop3_login_bad(
			pl, "-ERR Unsupported authentication mechanism.\r\n");
	st = pop3_auth_exchange(pl, sasl, cmd->argc > 1 ? cmd->args[1] : NULL,
				&end);
	if (st == AUTHCLIENT_SASL_DONE)
		next = pop3_auth_finish(pl, sasl);
	else if (end == POP3_AUTH_END_LOST)
		next = POP3_LOGIN_STOP;
	else if (end == POP3_AUTH_END_CANCELLED)
		next = pop3_login_bad(pl, "-ERR Authentication cancelled.\r\n");
	else
		next = pop3_login_bad(pl, POP3_REPLY_FAILED);
	authclient_sasl_free(&sasl);
	return next;
}
