#ifndef ESTAFETTE_MIME_TEXT_H
#define ESTAFETTE_MIME_TEXT_H

/*
 * Decoded text of a message for IMAP SEARCH: header values with encoded
 * words decoded, and bodies with the transfer encoding removed and the
 * charset converted, all as UTF-8. Output goes to a capped buffer (-1
 * when the cap is reached; out may then hold part of the text, which a
 * search can still use).
 */

#include <stdbool.h>
#include <stddef.h>

#include "buffer.h"
#include "mime-part.h"

/*
 * Appends the decoded values of the fields called name (every field when
 * name is NULL: then as "Name: value" lines) of the header at hdr/size,
 * one per line ("\n" between them).
 */
int mime_text_header(const char *hdr, size_t size, const char *name,
		     struct buffer *out);

/*
 * Appends the decoded content of the leaf part (base64/quoted-printable
 * removed, charset converted to UTF-8 when the part is TEXT/ *; other
 * types are appended only when text_only is false, as UTF-8-checked
 * bytes).
 */
int mime_text_part_body(const char *data, const struct mime_part *part,
			bool text_only, struct buffer *out);

/*
 * Appends the searchable body text of the message below part: every TEXT
 * leaf decoded, and the decoded header of every encapsulated message.
 */
int mime_text_body(const char *data, const struct mime_part *part,
		   struct buffer *out);

#endif
