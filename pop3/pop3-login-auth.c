#include "config.h"

/* USER/PASS and AUTH before login. */

#include <string.h>

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

/* Bare "AUTH": the mechanisms, as older clients ask for them. */
static enum pop3_login_next
pop3_auth_list(struct pop3_login *pl)
{
	struct iostream *stream = pl->client->stream;
	const char *mechs = iostream_is_tls(stream) &&
					    *pl->ps->auth_mechs_tls != '\0'
				    ? pl->ps->auth_mechs_tls
				    : pl->ps->auth_mechs;
	const char *p = mechs, *end;

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
static enum login_sasl_result
pop3_auth_exchange(struct pop3_login *pl, struct login_sasl *sasl,
		   enum login_sasl_result result, const char *challenge,
		   enum pop3_auth_end *end_r)
{
	size_t len;

	while (result == LOGIN_SASL_CONTINUE) {
		(void)iostream_printf(pl->client->stream, "+ %s\r\n",
				      challenge);
		if (pop3_login_read_line(pl, &len) < 0) {
			*end_r = POP3_AUTH_END_LOST;
			return LOGIN_SASL_ERROR;
		}
		if (strcmp(pl->line, "*") == 0) {
			*end_r = POP3_AUTH_END_CANCELLED;
			return LOGIN_SASL_ERROR;
		}
		result = login_sasl_continue(sasl, pl->line, &challenge);
		explicit_bzero(pl->line, len);
	}
	return result;
}

enum pop3_login_next
pop3_cmd_auth(struct pop3_login *pl, const struct pop3_command *cmd)
{
	struct login_sasl sasl;
	enum login_sasl_mech mech;
	enum login_sasl_result result;
	enum pop3_login_next next;
	const char *challenge = "";
	enum pop3_auth_end end = POP3_AUTH_END_NORMAL;

	if (cmd->argc == 0)
		return pop3_auth_list(pl);
	if (!pop3_login_allowed(pl))
		return pop3_login_bad(pl, POP3_REPLY_TLS_REQUIRED);
	if (login_sasl_mech_parse(cmd->args[0], &mech) < 0)
		return pop3_login_bad(
			pl, "-ERR Unsupported authentication mechanism.\r\n");
	result = login_sasl_start(&sasl, mech,
				  cmd->argc > 1 ? cmd->args[1] : NULL,
				  &challenge);
	result = pop3_auth_exchange(pl, &sasl, result, challenge, &end);
	if (result != LOGIN_SASL_DONE) {
		login_sasl_wipe(&sasl);
		if (end == POP3_AUTH_END_LOST)
			return POP3_LOGIN_STOP;
		if (end == POP3_AUTH_END_CANCELLED)
			return pop3_login_bad(
				pl, "-ERR Authentication cancelled.\r\n");
		return pop3_login_bad(pl, POP3_REPLY_FAILED);
	}
	next = pop3_login_try(pl, sasl.authtype, sasl.user, sasl.authdata,
			      sasl.authdata_len);
	login_sasl_wipe(&sasl);
	return next;
}
