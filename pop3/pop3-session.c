#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pop3-capa.h"
#include "pop3-session.h"
#include "xalloc.h"

/* Bad commands after login before the session is closed. */
#define POP3_SESSION_MAX_BAD 100
/* Unsent output above which the next command waits for the client. */
#define POP3_SESSION_OUT_HIGH (64 * 1024)

struct pop3_session_cmd {
	const char *verb;
	unsigned int min_args, max_args;
	void (*handler)(struct pop3_session *ps,
			const struct pop3_command *cmd);
};

static int
pop3_out(struct pop3_session *ps, const char *str)
{
	return iostream_write_str(ps->client->stream, str);
}

void
pop3_reply_no_msg(struct pop3_session *ps)
{
	(void)pop3_out(ps, "-ERR Invalid message number.\r\n");
}

int
pop3_session_drain(struct pop3_session *ps, size_t need)
{
	struct iostream *stream = ps->client->stream;

	if (iostream_out_avail(stream) >= need &&
	    iostream_out_pending(stream) < POP3_SESSION_OUT_HIGH)
		return 0;
	return iostream_flush_wait(stream,
				   (int)ps->client->config->session_timeout_ms);
}

static struct pop3_msg *
pop3_arg_msg(struct pop3_session *ps, const char *arg)
{
	unsigned int n;

	if (pop3_parse_msgnum(arg, ps->mb.count, &n) < 0)
		return NULL;
	return pop3_mailbox_get(&ps->mb, n);
}

static void
cmd_stat(struct pop3_session *ps, const struct pop3_command *cmd)
{
	unsigned int count;
	uint64_t size;

	(void)cmd;
	pop3_mailbox_stat(&ps->mb, &count, &size);
	(void)iostream_printf(ps->client->stream, "+OK %u %llu\r\n", count,
			      (unsigned long long)size);
}

/* LIST and UIDL share their shape: one message or all of them. */
static void
pop3_list(struct pop3_session *ps, const struct pop3_command *cmd, bool uidl)
{
	struct iostream *stream = ps->client->stream;
	struct pop3_msg *msg;
	unsigned int i;

	if (cmd->argc == 1) {
		if ((msg = pop3_arg_msg(ps, cmd->args[0])) == NULL) {
			pop3_reply_no_msg(ps);
			return;
		}
		i = (unsigned int)(msg - ps->mb.msgs) + 1;
		if (uidl)
			(void)iostream_printf(stream, "+OK %u UID%u-%u\r\n", i,
					      (unsigned)msg->uid,
					      (unsigned)msg->uidv);
		else
			(void)iostream_printf(stream, "+OK %u %llu\r\n", i,
					      (unsigned long long)msg->size);
		return;
	}
	(void)pop3_out(ps, uidl ? "+OK\r\n"
				: "+OK POP3 clients that break here, they "
				  "violate STD53.\r\n");
	for (i = 1; i <= ps->mb.count; i++) {
		if ((msg = pop3_mailbox_get(&ps->mb, i)) == NULL)
			continue;
		if (pop3_session_drain(ps, 128) < 0)
			return;
		if (uidl)
			(void)iostream_printf(stream, "%u UID%u-%u\r\n", i,
					      (unsigned)msg->uid,
					      (unsigned)msg->uidv);
		else
			(void)iostream_printf(stream, "%u %llu\r\n", i,
					      (unsigned long long)msg->size);
	}
	(void)pop3_out(ps, ".\r\n");
}

static void
cmd_list(struct pop3_session *ps, const struct pop3_command *cmd)
{
	pop3_list(ps, cmd, false);
}

static void
cmd_uidl(struct pop3_session *ps, const struct pop3_command *cmd)
{
	pop3_list(ps, cmd, true);
}

static void
cmd_dele(struct pop3_session *ps, const struct pop3_command *cmd)
{
	struct pop3_msg *msg = pop3_arg_msg(ps, cmd->args[0]);

	if (msg == NULL) {
		pop3_reply_no_msg(ps);
		return;
	}
	msg->deleted = true;
	(void)pop3_out(ps, "+OK Deleted.\r\n");
}

static void
cmd_rset(struct pop3_session *ps, const struct pop3_command *cmd)
{
	unsigned int i;

	(void)cmd;
	for (i = 0; i < ps->mb.count; i++)
		ps->mb.msgs[i].deleted = false;
	(void)pop3_out(ps, "+OK Resurrected.\r\n");
}

static void
cmd_noop(struct pop3_session *ps, const struct pop3_command *cmd)
{
	(void)cmd;
	(void)pop3_out(ps, "+OK Yup.\r\n");
}

static void
cmd_capa(struct pop3_session *ps, const struct pop3_command *cmd)
{
	struct pop3_capa capa = { .tls = ps->client->tls, .logged_in = true };

	(void)cmd;
	(void)pop3_capa_write(ps->client->stream, ps->ps, &capa);
}

static void
pop3_log_deletion(const struct pop3_msg *msg, void *context)
{
	const struct pop3_session *ps = context;

	log_info("user=%s, deleted %s", ps->client->account->address,
		 msg->m->name);
}

static void
cmd_quit(struct pop3_session *ps, const struct pop3_command *cmd)
{
	const char *error;

	(void)cmd;
	ps->quit = true;
	if (pop3_mailbox_update(&ps->mb,
				ps->ps->log_deletions ? pop3_log_deletion
						      : NULL,
				ps, &error) < 0) {
		log_error("user=%s: QUIT: %s", ps->client->account->address,
			  error);
		(void)pop3_out(ps, "-ERR Some deleted messages were not "
				   "removed.\r\n");
		return;
	}
	(void)pop3_out(ps, "+OK Bye-bye.\r\n");
}

static const struct pop3_session_cmd pop3_session_cmds[] = {
	{ "CAPA", 0, 0, cmd_capa }, { "DELE", 1, 1, cmd_dele },
	{ "LIST", 0, 1, cmd_list }, { "NOOP", 0, 0, cmd_noop },
	{ "QUIT", 0, 0, cmd_quit }, { "RETR", 1, 1, pop3_cmd_retr },
	{ "RSET", 0, 0, cmd_rset }, { "STAT", 0, 0, cmd_stat },
	{ "TOP", 2, 2, pop3_cmd_top }, { "UIDL", 0, 1, cmd_uidl },
};

static void
pop3_session_dispatch(struct pop3_session *ps, size_t len)
{
	struct pop3_command cmd;
	size_t i;

	if (pop3_parse(ps->line, len, &cmd) == 0) {
		for (i = 0; i < sizeof(pop3_session_cmds) /
					sizeof(pop3_session_cmds[0]);
		     i++) {
			const struct pop3_session_cmd *c =
				&pop3_session_cmds[i];

			if (strcmp(c->verb, cmd.verb) != 0)
				continue;
			if (cmd.too_many_args || cmd.argc < c->min_args ||
			    cmd.argc > c->max_args)
				break;
			c->handler(ps, &cmd);
			return;
		}
	}
	if (++ps->bad_commands >= POP3_SESSION_MAX_BAD) {
		(void)pop3_out(ps, "-ERR Too many invalid commands.\r\n");
		ps->quit = true;
		return;
	}
	(void)pop3_out(ps, "-ERR Invalid command.\r\n");
}

/* Reads the next command; false when the session must end. */
static bool
pop3_session_read(struct pop3_session *ps, size_t *len_r)
{
	struct iostream *stream = ps->client->stream;
	int timeout = (int)ps->client->config->session_timeout_ms;

	if (pop3_session_drain(ps, 1024) < 0)
		return false;
	switch (iostream_read_line(stream, ps->line, ps->max_line, timeout,
				   len_r)) {
	case IOSTREAM_LINE_OK:
		return true;
	case IOSTREAM_LINE_TIMEOUT:
		(void)pop3_out(ps, "-ERR Disconnected for inactivity.\r\n");
		break;
	case IOSTREAM_LINE_TOO_LONG:
		(void)pop3_out(ps, "-ERR Line too long.\r\n");
		break;
	case IOSTREAM_LINE_EOF:
	case IOSTREAM_LINE_ERROR:
		break;
	}
	return false;
}

static void
pop3_log_logout(struct pop3_session *ps)
{
	struct session_client *c = ps->client;

	log_info("LOGOUT, user=%s, ip=[%s], port=[%s], top=%llu, retr=%llu, "
		 "rcvd=%llu, sent=%llu, time=%lld%s",
		 c->account->address, c->ip, c->port,
		 (unsigned long long)ps->top_bytes,
		 (unsigned long long)ps->retr_bytes,
		 iostream_bytes_in(c->stream), iostream_bytes_out(c->stream),
		 session_client_elapsed_s(c), c->tls ? ", stls=1" : "");
}

int
pop3_session_run(struct session_client *client)
{
	struct pop3_session ps;
	const char *error;
	size_t len;
	int ret = 0;

	memset(&ps, 0, sizeof(ps));
	ps.client = client;
	ps.ps = client->proto->context;
	ps.max_line = client->config->login_max_line;
	if (pop3_mailbox_open(&ps.mb, client->mailbox, &error) < 0) {
		log_error("user=%s: cannot open mailbox %s: %s",
			  client->account->address, client->mailbox, error);
		(void)pop3_out(&ps, "-ERR [SYS/TEMP] Cannot open the "
				    "mailbox.\r\n");
		(void)iostream_flush_wait(client->stream, 5000);
		return 1;
	}
	ps.line = xmalloc(ps.max_line + 1);
	(void)pop3_out(&ps, "+OK logged in.\r\n");
	while (!ps.quit && pop3_session_read(&ps, &len))
		pop3_session_dispatch(&ps, len);
	if (iostream_flush_wait(client->stream,
				(int)client->config->session_timeout_ms) < 0)
		ret = 1;
	pop3_log_logout(&ps);
	pop3_mailbox_close(&ps.mb);
	free(ps.line);
	return ret;
}
