#ifndef ESTAFETTE_IMAP_ENVELOPE_H
#define ESTAFETTE_IMAP_ENVELOPE_H

/*
 * The IMAP ENVELOPE of a message header (RFC 3501 section 7.4.2). Values
 * are the raw header values (encoded words kept), unfolded the way Dovecot
 * shows them: line breaks removed, and in the Subject every run of blanks
 * (CR included) made one space. As in Dovecot, a repeated text field
 * (Date, Subject, ...) replaces the earlier one and a repeated address
 * field adds its addresses to the list. Sender and
 * Reply-To fall back to From when absent or empty.
 */

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buffer.h"
#include "rfc822-address.h"
#include "rfc822-header.h"

struct imap_envelope {
	const char *date, *subject, *in_reply_to, *message_id;
	struct rfc822_address *from, *sender, *reply_to, *to, *cc, *bcc;
};

/* Parses the header at hdr/size (limits NULL for the defaults). -1 when
   the arena's budget is exhausted. */
int imap_envelope_parse(struct arena *arena, const char *hdr, size_t size,
			const struct rfc822_header_limits *limits,
			struct imap_envelope *env_r);

/* Writes "(date subject from sender reply-to to cc bcc in-reply-to
   message-id)". -1 on out's cap (out then as it was). */
int imap_envelope_write(struct buffer *out, const struct imap_envelope *env);

/* Writes an address list: "((name adl mailbox host)...)" or NIL. */
int imap_address_list_write(struct buffer *out,
			    const struct rfc822_address *list);

/* Unfolds a header value as the envelope does into an arena string
   (collapse: the Subject rule). NULL when the arena's budget is reached. */
char *imap_envelope_unfold(struct arena *arena, const char *value, size_t size,
			   bool collapse);

#endif
