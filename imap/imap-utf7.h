#ifndef ESTAFETTE_IMAP_UTF7_H
#define ESTAFETTE_IMAP_UTF7_H

/*
 * Mailbox names in modified UTF-7 (RFC 3501 section 5.1.3) and UTF-8.
 *
 * Decoding is strict, so that one folder has exactly one spelling: only
 * printable US-ASCII; "&" must open a base64 run closed by "-" ("&-" is
 * "&"); a run may not encode printable US-ASCII, U+0000, or a broken
 * surrogate pair; its padding bits must be zero; two runs may not touch
 * ("&AKM-&AKM-" must be written "&AKMAow-"). Encoding then decoding (and
 * the reverse, for valid input) gives back the same bytes.
 *
 * Output goes to a capped struct buffer; the functions return 0, or -1
 * when the input is invalid or the buffer's cap is reached (the buffer may
 * then hold part of the output).
 */

#include <stdbool.h>
#include <stddef.h>

#include "buffer.h"

/* Strict UTF-8: no overlong forms, surrogates or code points above
   U+10FFFF. NUL bytes are valid here; callers reject them where needed. */
bool imap_utf8_valid(const char *str, size_t len);

int imap_utf8_to_utf7(const char *src, struct buffer *dest);
int imap_utf7_to_utf8(const char *src, struct buffer *dest);
/* src is valid modified UTF-7 (as imap_utf7_to_utf8 would accept). */
bool imap_utf7_valid(const char *src);

#endif
