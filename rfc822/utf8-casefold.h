#ifndef ESTAFETTE_UTF8_CASEFOLD_H
#define ESTAFETTE_UTF8_CASEFOLD_H

/*
 * Case folding of UTF-8 text for IMAP SEARCH (case-insensitive substring
 * matching, RFC 3501 6.4.4). Each character is mapped to lower case with
 * glibc's built-in C.UTF-8 tables (towlower_l, independent of the process
 * locale); if that locale cannot be had, ASCII letters only are folded.
 * Invalid UTF-8 becomes U+FFFD. Fold both the text and the key, then
 * compare bytes.
 */

#include <stdbool.h>
#include <stddef.h>

#include "buffer.h"

/* Appends the folded form of in/size. -1 on out's cap (out unchanged). */
int utf8_casefold(const char *in, size_t size, struct buffer *out);

/* Does text contain key (both already folded)? An empty key matches. */
bool utf8_folded_contains(const char *text, size_t text_len, const char *key,
			  size_t key_len);

#endif
