#ifndef ESTAFETTE_IMAP_BODYSTRUCTURE_H
#define ESTAFETTE_IMAP_BODYSTRUCTURE_H

/*
 * IMAP BODY and BODYSTRUCTURE (RFC 3501 section 7.4.2) of a parsed MIME
 * tree. Types, subtypes, encodings, parameter names and disposition types
 * are written upper-case (as Courier does); a TEXT part without a charset
 * parameter gets ("CHARSET" "US-ASCII") appended after its parameters.
 * Sizes are CRLF-counted. A message/rfc822 part that was not parsed (not
 * 7bit/8bit/binary) gets an all-NIL envelope and an empty TEXT/PLAIN body,
 * as Dovecot writes it.
 */

#include <stdbool.h>

#include "arena.h"
#include "buffer.h"
#include "mime-part.h"

/*
 * Writes the structure of part (normally the root) of the message data
 * (the same bytes mime_parse() saw). extended: BODYSTRUCTURE, else BODY.
 * The arena holds envelopes of message/rfc822 parts while writing.
 * Returns 0, or -1 when out's cap or the arena's budget is reached (out
 * is then left as it was).
 */
int imap_bodystructure_write(struct buffer *out, struct arena *arena,
			     const char *data, const struct mime_part *part,
			     bool extended);

#endif
