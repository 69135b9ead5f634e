#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "pop3-capa.h"
#include "pop3-login.h"
#include "xalloc.h"

#define POP3_REPLY_INVALID "-ERR Invalid command.\r\n"
/* Unsent replies above which the next command waits for the client to
   read (the login stream's cap is 64 KiB; no reply is longer than 1 KiB). */
#define POP3_LOGIN_OUT_HIGH (16 * 1024)

struct pop3_login_cmd {
	const char *verb;
	unsigned int min_args, max_args;
	enum pop3_login_next (*handler)(struct pop3_login *pl,
					const struct pop3_command *cmd);
};

static bool
pop3_login_tls(const struct pop3_login *pl)
{
	return iostream_is_tls(pl->client->stream);
}

bool
pop3_login_allowed(const struct pop3_login *pl)
{
	if (!pl->ps->tls_required || pop3_login_tls(pl))
		return true;
	return strcmp(pl->client->ip, "127.0.0.1") == 0 ||
	       strcmp(pl->client->ip, "::1") == 0;
}

static bool
pop3_login_can_stls(const struct pop3_login *pl)
{
	return pl->ps->starttls && login_client_can_starttls(pl->client);
}

enum pop3_login_next
pop3_login_bad(struct pop3_login *pl, const char *reply)
{
	if (login_client_bad_command(pl->client)) {
		(void)iostream_write_str(pl->client->stream,
					 "-ERR Too many invalid commands.\r\n");
		return POP3_LOGIN_STOP;
	}
	(void)iostream_write_str(pl->client->stream, reply);
	return POP3_LOGIN_CONTINUE;
}

static enum pop3_login_next
pop3_cmd_capa(struct pop3_login *pl, const struct pop3_command *cmd)
{
	struct pop3_capa capa = {
		.tls = pop3_login_tls(pl),
		.offer_stls = pop3_login_can_stls(pl),
		.login_ok = pop3_login_allowed(pl),
	};

	(void)cmd;
	(void)pop3_capa_write(pl->client->stream, pl->ps, &capa);
	return POP3_LOGIN_CONTINUE;
}

static enum pop3_login_next
pop3_cmd_stls(struct pop3_login *pl, const struct pop3_command *cmd)
{
	const char *error;

	(void)cmd;
	if (!pop3_login_can_stls(pl))
		return pop3_login_bad(pl, "-ERR STLS not available.\r\n");
	(void)iostream_write_str(pl->client->stream,
				 "+OK Begin SSL/TLS negotiation now.\r\n");
	if (login_client_starttls(pl->client, &error) < 0) {
		log_info("STLS failed, ip=[%s]: %s", pl->client->ip, error);
		return POP3_LOGIN_STOP;
	}
	/* RFC 2595: the client starts over after the handshake. */
	pl->user[0] = '\0';
	return POP3_LOGIN_CONTINUE;
}

static enum pop3_login_next
pop3_cmd_quit(struct pop3_login *pl, const struct pop3_command *cmd)
{
	(void)cmd;
	(void)iostream_write_str(pl->client->stream,
				 "+OK Better luck next time.\r\n");
	return POP3_LOGIN_STOP;
}

/* RFC 6856: we pass bytes through unchanged, so UTF-8 needs no mode. */
static enum pop3_login_next
pop3_cmd_utf8(struct pop3_login *pl, const struct pop3_command *cmd)
{
	(void)cmd;
	(void)iostream_write_str(pl->client->stream, "+OK UTF8 enabled\r\n");
	return POP3_LOGIN_CONTINUE;
}

static const struct pop3_login_cmd pop3_login_cmds[] = {
	{ "APOP", 2, 2, pop3_cmd_apop },
	{ "AUTH", 0, 2, pop3_cmd_auth },
	{ "CAPA", 0, 0, pop3_cmd_capa },
	{ "PASS", 1, 1, pop3_cmd_pass },
	{ "QUIT", 0, 0, pop3_cmd_quit },
	{ "STLS", 0, 0, pop3_cmd_stls },
	{ "USER", 1, 1, pop3_cmd_user },
	{ "UTF8", 0, 0, pop3_cmd_utf8 },
};

static enum pop3_login_next
pop3_login_dispatch(struct pop3_login *pl, size_t len)
{
	struct pop3_command cmd;
	size_t i;

	if (pop3_parse(pl->line, len, &cmd) < 0)
		return pop3_login_bad(pl, POP3_REPLY_INVALID);
	for (i = 0; i < sizeof(pop3_login_cmds) / sizeof(pop3_login_cmds[0]);
	     i++) {
		const struct pop3_login_cmd *c = &pop3_login_cmds[i];

		if (strcmp(c->verb, cmd.verb) != 0)
			continue;
		if (cmd.too_many_args || cmd.argc < c->min_args ||
		    cmd.argc > c->max_args)
			return pop3_login_bad(pl, POP3_REPLY_INVALID);
		return c->handler(pl, &cmd);
	}
	return pop3_login_bad(pl, POP3_REPLY_INVALID);
}

int
pop3_login_read_line(struct pop3_login *pl, size_t *len_r)
{
	struct iostream *stream = pl->client->stream;
	const char *reply = NULL;

	/* A client that pipelines without reading its replies waits here;
	   one that never reads is cut off at the idle timeout. */
	if (iostream_out_pending(stream) > POP3_LOGIN_OUT_HIGH &&
	    iostream_flush_wait(stream,
				(int)pl->client->config->login_timeout_ms) < 0)
		return -1;
	switch (iostream_read_line(stream, pl->line, pl->max_line,
				   (int)pl->client->config->login_timeout_ms,
				   len_r)) {
	case IOSTREAM_LINE_OK:
		return 0;
	case IOSTREAM_LINE_TIMEOUT:
		reply = "-ERR Disconnected for inactivity.\r\n";
		break;
	case IOSTREAM_LINE_TOO_LONG:
		reply = "-ERR Line too long.\r\n";
		break;
	case IOSTREAM_LINE_EOF:
	case IOSTREAM_LINE_ERROR:
		break;
	}
	if (reply != NULL) {
		(void)iostream_write_str(stream, reply);
		log_info("disconnected before login, ip=[%s]: %.*s",
			 pl->client->ip, (int)strlen(reply) - 2, reply);
	}
	return -1;
}

/*
 * "+OK Hello there." as Courier says it; with APOP on, followed by an RFC
 * 1939 timestamp <pid.random.time@host> (the random part keeps a stamp
 * from recurring when pids wrap, so a sniffed digest cannot be replayed).
 */
static void
pop3_login_greet(struct pop3_login *pl)
{
	struct iostream *stream = pl->client->stream;
	char host[65] = "localhost";
	uint32_t rnd = 0;
	int len;

	if (!pl->ps->apop) {
		(void)iostream_write_str(stream, "+OK Hello there.\r\n");
		return;
	}
	(void)gethostname(host, sizeof(host) - 1);
	host[strcspn(host, " <>")] = '\0';
	if (host[0] == '\0')
		strcpy(host, "localhost");
	if (getrandom(&rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		rnd = (uint32_t)clock();
	len = snprintf(pl->apop_stamp, sizeof(pl->apop_stamp),
		       "<%ld.%08x.%lld@%s>", (long)getpid(), (unsigned int)rnd,
		       (long long)time(NULL), host);
	if (len < 0 || (size_t)len >= sizeof(pl->apop_stamp) ||
	    !server_apop_stamp_valid(pl->apop_stamp, (size_t)len))
		pl->apop_stamp[0] = '\0';
	(void)iostream_printf(stream, "+OK Hello there.%s%s\r\n",
			      pl->apop_stamp[0] != '\0' ? " " : "",
			      pl->apop_stamp);
}

void
pop3_login_run(struct login_client *client)
{
	struct pop3_login pl;
	enum pop3_login_next next = POP3_LOGIN_CONTINUE;
	size_t len;

	memset(&pl, 0, sizeof(pl));
	pl.client = client;
	pl.ps = client->proto->context;
	pl.max_line = client->config->login_max_line;
	pl.line = xmalloc(pl.max_line + 1);
	pop3_login_greet(&pl);
	while (next == POP3_LOGIN_CONTINUE) {
		if (pop3_login_read_line(&pl, &len) < 0)
			break;
		next = pop3_login_dispatch(&pl, len);
		explicit_bzero(pl.line, len);
	}
	explicit_bzero(pl.line, pl.max_line + 1);
	free(pl.line);
}
