#ifndef ESTAFETTE_IMAP_SECTION_H
#define ESTAFETTE_IMAP_SECTION_H

/*
 * IMAP FETCH BODY[section] addressing (RFC 3501 section 6.4.5) over a
 * parsed MIME tree, and the HEADER.FIELDS filter.
 *
 * A section is "" (the whole message), "HEADER", "HEADER.FIELDS",
 * "HEADER.FIELDS.NOT", "TEXT", or a part number "1.2.3" optionally
 * followed by ".HEADER", ".HEADER.FIELDS", ".HEADER.FIELDS.NOT", ".TEXT"
 * (only on a message/rfc822 part) or ".MIME". The field list of
 * HEADER.FIELDS is not part of the text given here: the IMAP parser
 * reads it and passes the names to imap_header_fields_write().
 */

#include <stdbool.h>
#include <stddef.h>

#include "buffer.h"
#include "mime-part.h"

enum imap_section_kind {
	IMAP_SECTION_BODY, /* "" or "1.2": the part's content */
	IMAP_SECTION_HEADER,
	IMAP_SECTION_HEADER_FIELDS,
	IMAP_SECTION_HEADER_FIELDS_NOT,
	IMAP_SECTION_TEXT,
	IMAP_SECTION_MIME,
};

struct imap_section {
	const struct mime_part *part; /* NULL: no such part */
	enum imap_section_kind kind;
	/* Raw bytes of the section in the message, and the size IMAP
	   reports (CRLF line ends). For HEADER.FIELDS(.NOT) the range is
	   the header being filtered. */
	size_t offset, size, crlf_size;
};

/*
 * Resolves spec/len (case-insensitive keywords) against root. Returns 0
 * (section_r->part is NULL when the numbers name no part, or HEADER/TEXT
 * follows a part that is not message/rfc822: imapd answers with an empty
 * string as Dovecot does), or -1 with *error_r for a malformed section.
 * whole_message: spec "" means the whole message (header and body).
 */
int imap_section_find(const struct mime_part *root, const char *spec,
		      size_t len, struct imap_section *section_r,
		      const char **error_r);

/*
 * Writes the fields of the header at hdr/size whose names are (exclude:
 * are not) among names[0..count-1], in CRLF form, then the empty line.
 * -1 on out's cap (out then as it was).
 */
int imap_header_fields_write(const char *hdr, size_t size,
			     const char *const *names, unsigned int count,
			     bool exclude, struct buffer *out);

#endif
