#ifndef ESTAFETTE_RFC2047_H
#define ESTAFETTE_RFC2047_H

/*
 * RFC 2047 encoded-word decoding of header text to UTF-8.
 *
 * "=?charset[*lang]?B|Q?text?=" words are decoded and converted; the blanks
 * between two adjacent encoded words are dropped, and adjacent words in the
 * same charset are joined before conversion (senders split multibyte
 * characters across words). Tolerant as mail readers are: encoded words
 * inside other text, blanks inside Q text, lower-case b/q, missing padding.
 * A word that does not parse is kept as it is; an unknown charset is
 * decoded and then taken as UTF-8. Text outside encoded words is raw bytes
 * (often 8-bit): it is checked as UTF-8, invalid sequences become U+FFFD.
 * The output is always valid UTF-8.
 */

#include <stddef.h>

#include "buffer.h"

/* Appends the decoded text of in/size (an unfolded header value) to out.
   Returns 0, or -1 if out's cap was reached (out then unchanged). */
int rfc2047_decode(const char *in, size_t size, struct buffer *out);

#endif
