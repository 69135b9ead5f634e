/*
 * lmtpd's protocol process: the only process that reads the client's
 * bytes. It runs chrooted as the unprivileged login user, answers LMTP
 * (RFC 2033) with PIPELINING, 8BITMIME, ENHANCEDSTATUSCODES and SIZE,
 * spools DATA into the file the delivery process gave it, and asks the
 * delivery process (lmtp-ipc.h) about recipients and deliveries.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iostream.h"
#include "lmtp-command.h"
#include "lmtp-data.h"
#include "lmtp-ipc.h"
#include "lmtpd.h"
#include "log.h"

#define LMTP_LINE_MAX 4096
#define LMTP_IN_SIZE 65536
#define LMTP_OUT_MAX (256 * 1024)
#define LMTP_IPC_TIMEOUT_MS (10 * 60 * 1000)

struct session {
	const struct lmtpd_settings *set;
	const struct server_config *config;
	struct iostream *stream;
	int ipc_fd;
	int spool_fd;
	bool greeted;
	bool in_mail;
	unsigned int bad_commands;
	/* Accepted recipients of the transaction, for the DATA replies. */
	char **rcpts;
	unsigned int rcpt_count;
};

static void
reply(struct session *s, const char *line)
{
	(void)iostream_printf(s->stream, "%s\r\n", line);
}

static void
transaction_reset(struct session *s)
{
	unsigned int i;

	for (i = 0; i < s->rcpt_count; i++)
		free(s->rcpts[i]);
	free(s->rcpts);
	s->rcpts = NULL;
	s->rcpt_count = 0;
	s->in_mail = false;
}

/* One request to the delivery process and its answer. */
static int
ask(struct session *s, char type, const void *data, size_t len,
    struct lmtp_ipc_msg *answer)
{
	if (lmtp_ipc_send(s->ipc_fd, type, data, len) < 0 ||
	    lmtp_ipc_recv(s->ipc_fd, answer, LMTP_IPC_TIMEOUT_MS) != 1 ||
	    answer->type != type - 'A' + 'a')
		return -1;
	return 0;
}

static void
cmd_lhlo(struct session *s)
{
	struct lmtp_ipc_msg m;

	if (s->in_mail && ask(s, 'X', NULL, 0, &m) < 0) {
		reply(s, "421 4.3.0 Internal error");
		return;
	}
	transaction_reset(s);
	s->greeted = true;
	(void)iostream_printf(s->stream,
			      "250-%s\r\n250-PIPELINING\r\n"
			      "250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n"
			      "250 SIZE %llu\r\n",
			      s->set->hostname,
			      (unsigned long long)s->set->max_size);
}

static void
cmd_mail(struct session *s, const struct lmtp_command *cmd)
{
	struct lmtp_ipc_msg m;

	if (!s->greeted) {
		reply(s, "503 5.5.1 Send LHLO first");
	} else if (s->in_mail) {
		reply(s, "503 5.5.1 Nested MAIL command");
	} else if (cmd->size_given && s->set->max_size > 0 &&
		   cmd->size > s->set->max_size) {
		reply(s, "552 5.3.4 Message size exceeds fixed limit");
	} else if (ask(s, 'M', cmd->arg, strlen(cmd->arg), &m) < 0) {
		reply(s, "451 4.3.0 Internal error");
	} else {
		s->in_mail = true;
		reply(s, "250 2.1.0 Sender OK");
	}
}

static void
cmd_rcpt(struct session *s, const struct lmtp_command *cmd)
{
	struct lmtp_ipc_msg m;
	char line[LMTP_PATH_MAX + 64];

	if (!s->in_mail) {
		reply(s, "503 5.5.1 Need MAIL before RCPT");
		return;
	}
	if (s->rcpt_count >= s->set->max_rcpts) {
		reply(s, "452 4.5.3 Too many recipients");
		return;
	}
	if (ask(s, 'R', cmd->arg, strlen(cmd->arg), &m) < 0 || m.len != 1) {
		reply(s, "451 4.3.0 Internal error");
		return;
	}
	switch (m.data[0]) {
	case LMTP_IPC_OK:
		s->rcpts = realloc(s->rcpts,
				   (s->rcpt_count + 1) * sizeof(*s->rcpts));
		if (s->rcpts == NULL)
			fatal("out of memory");
		s->rcpts[s->rcpt_count] = strdup(cmd->arg);
		if (s->rcpts[s->rcpt_count++] == NULL)
			fatal("out of memory");
		reply(s, "250 2.1.5 Recipient OK");
		return;
	case LMTP_IPC_UNKNOWN:
		snprintf(line, sizeof(line), "550 5.1.1 <%s>: User unknown",
			 cmd->arg);
		break;
	default:
		snprintf(line, sizeof(line),
			 "451 4.3.0 <%s>: Temporary lookup failure", cmd->arg);
		break;
	}
	reply(s, line);
}

/* Reads the DATA body into the spool. 0 when the body ended; -1 when the
   client went away or stalled. */
static int
read_body(struct session *s, struct lmtp_data *d)
{
	static char out[LMTP_IN_SIZE + 1];
	off_t off = 0;

	if (ftruncate(s->spool_fd, 0) < 0)
		return -1;
	while (!d->done) {
		size_t avail, used, olen;
		const char *in = iostream_input(s->stream, &avail);

		if (avail == 0) {
			if (iostream_read_wait(s->stream,
					       (int)s->config->session_timeout_ms) <= 0)
				return -1;
			continue;
		}
		if (avail > LMTP_IN_SIZE)
			avail = LMTP_IN_SIZE;
		used = lmtp_data_decode(d, in, avail, out, &olen);
		iostream_consume(s->stream, used);
		if (olen > 0) {
			ssize_t w = pwrite(s->spool_fd, out, olen, off);

			if (w != (ssize_t)olen)
				return -2;
			off += w;
		}
	}
	return 0;
}

/* One reply per accepted recipient after DATA (m NULL: all failed). */
static void
data_replies(struct session *s, const struct lmtp_ipc_msg *m)
{
	char line[LMTP_PATH_MAX + 80];
	unsigned int i;

	for (i = 0; i < s->rcpt_count; i++) {
		unsigned char st = m != NULL && i < m->len ? m->data[i]
							   : LMTP_IPC_TEMPFAIL;

		if (st == LMTP_IPC_OK)
			snprintf(line, sizeof(line), "250 2.0.0 <%s> Delivered",
				 s->rcpts[i]);
		else if (st == LMTP_IPC_OVER_QUOTA)
			snprintf(line, sizeof(line), "%s <%s>: Mailbox full",
				 s->set->quota_tempfail ? "452 4.2.2"
							: "552 5.2.2",
				 s->rcpts[i]);
		else
			snprintf(line, sizeof(line),
				 "451 4.3.0 <%s>: Temporary delivery failure",
				 s->rcpts[i]);
		reply(s, line);
	}
}

static int
cmd_data(struct session *s)
{
	struct lmtp_data d;
	struct lmtp_ipc_msg m;
	unsigned char size_be[8];
	unsigned int i;
	int r;

	if (!s->in_mail || s->rcpt_count == 0) {
		reply(s, s->in_mail ? "554 5.5.1 No valid recipients"
				    : "503 5.5.1 Need MAIL before DATA");
		return 0;
	}
	reply(s, "354 Start mail input; end with <CRLF>.<CRLF>");
	if (iostream_flush_wait(s->stream,
				(int)s->config->session_timeout_ms) < 0)
		return -1;
	lmtp_data_init(&d, s->set->max_size);
	r = read_body(s, &d);
	if (r == -1)
		return -1;
	if (r < 0) {
		for (i = 0; i < s->rcpt_count; i++)
			reply(s, "451 4.3.0 Cannot spool the message");
	} else if (d.too_big) {
		for (i = 0; i < s->rcpt_count; i++)
			reply(s, "552 5.3.4 Message size exceeds fixed limit");
	} else {
		for (i = 0; i < 8; i++)
			size_be[i] = (unsigned char)(d.size >> (56 - 8 * i));
		data_replies(s, ask(s, 'D', size_be, sizeof(size_be), &m) < 0
					? NULL : &m);
	}
	if (ask(s, 'X', NULL, 0, &m) < 0)
		return -1;
	transaction_reset(s);
	return 0;
}

/* Runs one command line. Returns 1 to go on, 0 to close (QUIT), -1 on a
   fatal error. */
static int
session_command(struct session *s, const char *line, size_t len)
{
	struct lmtp_command cmd;
	struct lmtp_ipc_msg m;
	const char *error;

	if (lmtp_command_parse(line, len, &cmd, &error) < 0) {
		reply(s, error);
		if (++s->bad_commands > s->config->login_max_bad_commands) {
			reply(s, "421 4.7.0 Too many errors");
			return 0;
		}
		return 1;
	}
	switch (cmd.verb) {
	case LMTP_VERB_LHLO: cmd_lhlo(s); break;
	case LMTP_VERB_HELO:
		reply(s, "500 5.5.1 This is LMTP: use LHLO");
		break;
	case LMTP_VERB_MAIL: cmd_mail(s, &cmd); break;
	case LMTP_VERB_RCPT: cmd_rcpt(s, &cmd); break;
	case LMTP_VERB_DATA: return cmd_data(s) < 0 ? -1 : 1;
	case LMTP_VERB_RSET:
		if (ask(s, 'X', NULL, 0, &m) < 0)
			return -1;
		transaction_reset(s);
		reply(s, "250 2.0.0 OK");
		break;
	case LMTP_VERB_NOOP: reply(s, "250 2.0.0 OK"); break;
	case LMTP_VERB_VRFY:
		reply(s, "252 2.5.2 Cannot VRFY user");
		break;
	case LMTP_VERB_QUIT:
		reply(s, "221 2.0.0 Bye");
		return 0;
	case LMTP_VERB_UNKNOWN:
		break;
	}
	return 1;
}

/* True when a whole line is already buffered (pipelined commands). */
static bool
line_buffered(const struct session *s)
{
	size_t avail;
	const char *in = iostream_input(s->stream, &avail);

	return memchr(in, '\n', avail) != NULL;
}

int
lmtp_session_run(const struct lmtpd_settings *set,
		 const struct server_config *config, int client_fd,
		 int ipc_fd, int spool_fd)
{
	struct session s = { .set = set, .config = config, .ipc_fd = ipc_fd,
			     .spool_fd = spool_fd };
	static char line[LMTP_LINE_MAX + 1];
	int r = 1;

	s.stream = iostream_new(client_fd, LMTP_IN_SIZE, LMTP_OUT_MAX);
	(void)iostream_printf(s.stream, "220 %s Estafette LMTP ready\r\n",
			      set->hostname);
	while (r > 0) {
		size_t len;
		enum iostream_line_result lr;

		/* Answers to pipelined commands go out in one write, once
		   no further command is waiting. */
		if (!line_buffered(&s) &&
		    iostream_flush_wait(s.stream,
					(int)config->session_timeout_ms) < 0)
			break;
		lr = iostream_read_line(s.stream, line, LMTP_LINE_MAX,
					(int)config->session_timeout_ms,
					&len);
		if (lr == IOSTREAM_LINE_TIMEOUT) {
			reply(&s, "421 4.4.2 Idle timeout, closing");
			break;
		}
		if (lr == IOSTREAM_LINE_TOO_LONG) {
			reply(&s, "500 5.5.2 Line too long, closing");
			break;
		}
		if (lr != IOSTREAM_LINE_OK)
			break;
		r = session_command(&s, line, len);
	}
	(void)iostream_flush_wait(s.stream, 5000);
	transaction_reset(&s);
	iostream_free(&s.stream);
	return r < 0 ? 1 : 0;
}
