#ifndef ESTAFETTE_IMAP_IMAP_QUOTE_H
#define ESTAFETTE_IMAP_IMAP_QUOTE_H

/*
 * Writing strings in IMAP responses: the shortest safe form among atom,
 * quoted string and literal.
 *
 *  - a quoted string when every byte is a QUOTED-CHAR (no NUL, CR or LF,
 *    7-bit unless IMAP_QUOTE_UTF8 is given and the bytes are valid
 *    UTF-8) and it is not longer than IMAP_QUOTE_MAX; '"' and '\' are
 *    escaped;
 *  - otherwise a literal "{n}" CR LF followed by the bytes (a NUL byte,
 *    which no IMAP string may hold, makes the call fail).
 *  - astring: an atom when the string is non-empty, all ASTRING-CHAR, and
 *    not "NIL" (any case), else as above. nstring: NULL is NIL.
 *
 * The functions return 0, or -1 when the buffer's cap is reached or the
 * string holds a NUL byte (the buffer is then left as it was).
 */

#include <stddef.h>

#include "buffer.h"

#define IMAP_QUOTE_MAX 1024

enum imap_quote_flags {
	IMAP_QUOTE_UTF8 = 1 << 0, /* UTF8=ACCEPT is enabled */
};

int imap_write_string(struct buffer *out, const char *str, size_t len,
		      unsigned int flags);
int imap_write_astring(struct buffer *out, const char *str, size_t len,
		       unsigned int flags);
int imap_write_nstring(struct buffer *out, const char *str, size_t len,
		       unsigned int flags);

#endif
