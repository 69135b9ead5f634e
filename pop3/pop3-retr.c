#include "config.h"

/*
 * RETR and TOP: a message file (LF line ends) sent with CR LF line ends
 * and dot-stuffing, in chunks, waiting for the client whenever the output
 * buffer is full, so a large message never sits in memory.
 */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "pop3-session.h"
#include "strnum.h"

#define POP3_SEND_CHUNK 32768

struct pop3_sender {
	bool line_start; /* the next byte starts a line */
	bool prev_cr;
	size_t line_len; /* bytes of the current line, CR LF not counted */
	bool top;	 /* stop after the header and body_lines lines */
	bool in_body;
	uint64_t body_lines;
	bool done;
	uint64_t sent;
};

/* Ends a line: updates TOP's state. */
static void
pop3_sender_eol(struct pop3_sender *s)
{
	if (s->top) {
		if (s->in_body) {
			if (s->body_lines == 0 || --s->body_lines == 0)
				s->done = true;
		} else if (s->line_len == 0) {
			s->in_body = true;
			if (s->body_lines == 0)
				s->done = true;
		}
	}
	s->line_len = 0;
	s->line_start = true;
}

/* Converts in[0..len) into out (2 * len bytes at most); returns bytes. */
static size_t
pop3_sender_convert(struct pop3_sender *s, const char *in, size_t len,
		    char *out)
{
	size_t i, o = 0;

	for (i = 0; i < len && !s->done; i++) {
		char c = in[i];

		if (s->line_start && c == '.')
			out[o++] = '.';
		s->line_start = false;
		if (c == '\n') {
			if (!s->prev_cr)
				out[o++] = '\r';
			out[o++] = '\n';
			s->prev_cr = false;
			pop3_sender_eol(s);
			continue;
		}
		if (s->prev_cr)
			s->line_len++; /* a bare CR is content */
		s->prev_cr = c == '\r';
		if (c != '\r')
			s->line_len++;
		out[o++] = c;
	}
	return o;
}

/* Streams the file; -1 when the connection or the file failed. */
static int
pop3_send_file(struct pop3_session *ps, int fd, struct pop3_sender *s)
{
	struct iostream *stream = ps->client->stream;
	char in[POP3_SEND_CHUNK], out[2 * POP3_SEND_CHUNK + 8];
	ssize_t n;
	size_t o;

	while (!s->done) {
		n = read(fd, in, sizeof(in));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		o = pop3_sender_convert(s, in, (size_t)n, out);
		if (pop3_session_drain(ps, o + 8) < 0 ||
		    iostream_write(stream, out, o) < 0)
			return -1;
		s->sent += o;
		if (iostream_flush(stream) < 0)
			return -1;
	}
	if (!s->line_start)
		(void)iostream_write_str(stream, "\r\n");
	return iostream_write_str(stream, ".\r\n");
}

static void
pop3_send(struct pop3_session *ps, struct pop3_msg *msg,
	  struct pop3_sender *s)
{
	const char *error;
	int fd;

	fd = pop3_mailbox_open_msg(&ps->mb, msg, &error);
	if (fd < 0) {
		log_error("user=%s: %s", ps->client->account->address, error);
		(void)iostream_write_str(ps->client->stream,
					 "-ERR Cannot read the message.\r\n");
		return;
	}
	if (s->top)
		(void)iostream_write_str(ps->client->stream,
					 "+OK headers follow.\r\n");
	else
		(void)iostream_printf(ps->client->stream,
				      "+OK %llu octets follow.\r\n",
				      (unsigned long long)msg->size);
	if (pop3_send_file(ps, fd, s) < 0) {
		/* Half a message cannot be taken back: end the session. */
		log_info("user=%s: sending %s failed (client gone or not "
			 "reading)",
			 ps->client->account->address, msg->m->name);
		ps->quit = true;
	}
	close(fd);
}

void
pop3_cmd_retr(struct pop3_session *ps, const struct pop3_command *cmd)
{
	struct pop3_sender s = { .line_start = true };
	struct pop3_msg *msg;
	unsigned int n;

	if (pop3_parse_msgnum(cmd->args[0], ps->mb.count, &n) < 0 ||
	    (msg = pop3_mailbox_get(&ps->mb, n)) == NULL) {
		pop3_reply_no_msg(ps);
		return;
	}
	pop3_send(ps, msg, &s);
	if (!ps->quit) {
		msg->retrieved = true;
		ps->retr_bytes += msg->size;
	}
}

void
pop3_cmd_top(struct pop3_session *ps, const struct pop3_command *cmd)
{
	struct pop3_sender s = { .line_start = true, .top = true };
	struct pop3_msg *msg;
	unsigned int n;

	if (pop3_parse_msgnum(cmd->args[0], ps->mb.count, &n) < 0 ||
	    (msg = pop3_mailbox_get(&ps->mb, n)) == NULL) {
		pop3_reply_no_msg(ps);
		return;
	}
	if (str_to_uint64(cmd->args[1], &s.body_lines) < 0) {
		(void)iostream_write_str(ps->client->stream,
					 "-ERR Invalid command.\r\n");
		return;
	}
	pop3_send(ps, msg, &s);
	ps->top_bytes += s.sent;
}
