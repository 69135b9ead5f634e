#ifndef ESTAFETTE_CHARSET_UTF8_H
#define ESTAFETTE_CHARSET_UTF8_H

/*
 * Conversion of text in a MIME charset to UTF-8 (glibc iconv), streaming.
 * Invalid or unconvertible input never fails: each bad sequence becomes
 * U+FFFD. US-ASCII, UTF-8 and unknown-8bit are treated as UTF-8 (mail that
 * says US-ASCII often is not), ISO-8859-1 as its superset Windows-1252,
 * as mail readers do. Output goes to a capped struct buffer; -1 from a
 * feed means the cap was reached.
 */

#include <stdbool.h>
#include <stddef.h>

#include "buffer.h"

struct charset_translation;

/* NULL (with *error_r) if iconv does not know the charset. The name is
   matched case-insensitively; surrounding quotes/blanks must be gone. */
struct charset_translation *charset_translation_new(const char *charset,
						    const char **error_r);
void charset_translation_free(struct charset_translation **t);

/* Converts size bytes; an incomplete multibyte sequence at the end is kept
   for the next call (at most 16 bytes). */
int charset_translation_feed(struct charset_translation *t, const char *in,
			     size_t size, struct buffer *out);
/* Ends the stream: a kept incomplete sequence becomes U+FFFD. */
int charset_translation_finish(struct charset_translation *t,
			       struct buffer *out);

/* One-shot conversion. Returns 0, -1 on cap; an unknown charset is
   converted as UTF-8 (with replacement) and sets *unknown_r (may be NULL). */
int charset_to_utf8(const char *charset, const char *in, size_t size,
		    struct buffer *out, bool *unknown_r);

/* True for names we handle as UTF-8 without iconv. */
bool charset_is_utf8_compatible(const char *charset);

/* Appends in/size replacing each invalid UTF-8 sequence (also overlong
   forms, surrogates, > U+10FFFF) by U+FFFD. -1 on cap. */
int utf8_append_valid(struct buffer *out, const char *in, size_t size);
/* Length of the valid UTF-8 sequence at in (1..4), or 0 if invalid or
   incomplete within size. */
size_t utf8_seq_len(const unsigned char *in, size_t size);
bool utf8_is_valid(const char *in, size_t size);

#define UTF8_REPLACEMENT "\xef\xbf\xbd"

#endif
