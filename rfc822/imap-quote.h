#ifndef ESTAFETTE_IMAP_QUOTE_H
#define ESTAFETTE_IMAP_QUOTE_H

/*
 * Writing IMAP strings (RFC 3501 section 4.3). A string of printable ASCII
 * without '"' and '\' goes out quoted; anything else (8-bit bytes, control
 * characters, quotes, backslashes) as a literal "{n}\r\n" followed by the
 * bytes, which is what Dovecot does too. NUL cannot travel in IMAP4rev1:
 * each NUL byte is sent as U+FFFD. All functions return 0, or -1 when
 * out's cap is reached (out is then left as it was).
 */

#include <stddef.h>

#include "buffer.h"

/* NULL gives NIL. */
int imap_append_nstring(struct buffer *out, const char *str);
/* str/len (may hold NULs); never NIL. */
int imap_append_string_n(struct buffer *out, const char *str, size_t len);
int imap_append_string(struct buffer *out, const char *str);
/* As imap_append_nstring but with the letters upper-cased (types and
   parameter names in BODYSTRUCTURE). */
int imap_append_nstring_upper(struct buffer *out, const char *str);

#endif
