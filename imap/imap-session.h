#ifndef ESTAFETTE_IMAP_SESSION_H
#define ESTAFETTE_IMAP_SESSION_H

/*
 * The post-login IMAP session: the state every post-login command handler
 * (cmd-*.c) works on. imap-session.c owns the loop (reads client bytes,
 * feeds the parser, streams APPEND literals to tmp/, dispatches, sends
 * responses, runs IDLE and the idle timeout); handlers get the session
 * from their context with imap_session_of().
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "imap-commands.h"
#include "imap-mailbox.h"
#include "imap-seqset.h"

struct imap_settings;
struct session_client;

/* A literal the loop streamed into a tmp/ file for APPEND (CRLF turned
   into LF on the way), in the order of the command's streamed arguments. */
struct imap_streamed_literal {
	char path[4096]; /* the tmp/ file; "" once a handler took it over */
	uint64_t size;	 /* bytes as the client sent them */
	bool failed;	 /* writing failed (disk full): the data was read
			    and dropped; the command must answer NO */
};

#define IMAP_MAX_STREAMED_LITERALS 16

struct imap_session {
	struct imap_context ctx; /* first: imap_session_of() */
	const struct imap_settings *set;
	struct session_client *client;

	/* The account's maildir (INBOX); relative to the home directory,
	   which is the current directory. */
	const char *root;

	/* The selected mailbox, NULL in the authenticated state. */
	struct imap_mailbox *selected;
	char *selected_name; /* as the client named it (malloc'ed) */
	/* What the client was last told: EXISTS and RECENT counts. */
	uint32_t reported_exists, reported_recent;

	/* RFC 5182 SEARCH SAVE result ("$"): UIDs, ascending (malloc'ed). */
	uint32_t *saved_uids;
	unsigned int saved_count;

	/* Literals of the current command streamed to tmp/ (APPEND). The
	   loop removes any file a handler left ("" marks one taken). */
	struct imap_streamed_literal streamed[IMAP_MAX_STREAMED_LITERALS];
	unsigned int streamed_count;

	/* Counters for the LOGOUT log line. */
	uint64_t bytes_in, bytes_out;
	uint64_t fetch_header_bytes, fetch_body_bytes;
	unsigned int deleted, expunged;
};

static inline struct imap_session *
imap_session_of(struct imap_context *ctx)
{
	return (struct imap_session *)ctx;
}

/*
 * Sends what handlers queued in ctx->out so far, waiting for the client
 * as long as the session timeout allows. A handler producing a large
 * response (FETCH BODY[] of a big message, a long SEARCH) calls it when
 * ctx->out grows past IMAP_SESSION_FLUSH_AT, so memory stays bounded.
 * Returns -1 when the client is gone (ctx->disconnect is then set and the
 * handler should stop).
 */
#define IMAP_SESSION_FLUSH_AT (256 * 1024)
int imap_session_flush(struct imap_session *s);

/*
 * Appends size raw bytes to ctx->out, flushing as needed (for literal
 * message data). Returns -1 when the client is gone.
 */
int imap_session_write(struct imap_session *s, const void *data, size_t size);

/*
 * Reports what changed in the selected mailbox since the client was last
 * told: syncs it (imap_mailbox_sync(), with expunges when allow_expunges)
 * and queues "* n EXPUNGE", "* n EXISTS", "* n RECENT" and
 * "* n FETCH (FLAGS (...))" as needed. Called by the loop after every
 * command (allow_expunges false after FETCH, STORE and SEARCH without
 * UID), by NOOP/CHECK and by IDLE. No-op when nothing is selected.
 */
void imap_session_report_changes(struct imap_session *s, bool allow_expunges);

/* Closes the selected mailbox (no expunge) and returns to the
   authenticated state. */
void imap_session_unselect(struct imap_session *s);

#endif
