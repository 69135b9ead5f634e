#ifndef ESTAFETTE_POP3_SESSION_H
#define ESTAFETTE_POP3_SESSION_H

/*
 * POP3 after login (RFC 1939 TRANSACTION and UPDATE states), run in the
 * session process as the mail account, in its home directory. Replies
 * follow Courier's wording.
 */

#include <stdbool.h>
#include <stdint.h>

#include "pop3-mailbox.h"
#include "pop3-parser.h"
#include "pop3-settings.h"
#include "server-session.h"

struct pop3_session {
	struct session_client *client;
	const struct pop3_settings *ps;
	struct pop3_mailbox mb;
	char *line;
	size_t max_line;
	unsigned int bad_commands;
	bool quit;
	/* For the LOGOUT line: message octets sent by TOP and RETR. */
	uint64_t top_bytes, retr_bytes;
};

/* server_protocol.session_run for pop3d. */
int pop3_session_run(struct session_client *client);

/* RETR and TOP (pop3-retr.c). */
void pop3_cmd_retr(struct pop3_session *ps, const struct pop3_command *cmd);
void pop3_cmd_top(struct pop3_session *ps, const struct pop3_command *cmd);

/* "-ERR ..." for a bad or deleted message number. */
void pop3_reply_no_msg(struct pop3_session *ps);
/* Waits until the output buffer has room for more (a message being sent);
   -1 when the client stopped reading for SESSION_TIMEOUT. */
int pop3_session_drain(struct pop3_session *ps, size_t need);

#endif
