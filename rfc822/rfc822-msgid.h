#ifndef ESTAFETTE_RFC822_MSGID_H
#define ESTAFETTE_RFC822_MSGID_H

/*
 * Message-ID lists (Message-ID, In-Reply-To, References) for THREAD=
 * REFERENCES (RFC 5256): the "<...>" identifiers in a header value, with
 * comments, quoted local parts and blanks inside ("<a b@c>" folded) handled
 * and junk between identifiers (words, unclosed "<") skipped. Identifiers
 * come back without the angle brackets and without blanks, in order; an
 * identifier without '@' is dropped as RFC 5256 section 2.2 allows.
 */

#include <stddef.h>

#include "arena.h"

/* At most this many identifiers are kept from one header (the last ones
   of a long References header are the ones threading needs most, so the
   oldest are dropped). */
#define RFC822_MSGID_MAX 256

/*
 * Parses value/size into *ids_r (an arena array of NUL-terminated
 * strings) and *count_r. Returns 0, or -1 when the arena's budget is
 * exhausted.
 */
int rfc822_msgid_list_parse(struct arena *arena, const char *value, size_t size,
			    const char ***ids_r, unsigned int *count_r);

#endif
