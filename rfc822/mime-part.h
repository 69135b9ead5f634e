#ifndef ESTAFETTE_MIME_PART_H
#define ESTAFETTE_MIME_PART_H

/*
 * The MIME structure of a message held in memory: a tree of parts with the
 * offsets and sizes (raw and CRLF-counted) of each part's header and body,
 * and the content header fields IMAP's BODYSTRUCTURE reports.
 *
 * Multipart bodies are split at boundary lines ("--" boundary, matched as
 * a prefix, innermost boundary first, as Dovecot does); a missing close
 * delimiter ends the multipart at its parent's next boundary or at the end
 * of the data. A multipart without boundary or without any part gets one
 * empty TEXT/PLAIN child, the way Dovecot shows it. message/rfc822 parts
 * get the encapsulated message as their only child (even when encoded:
 * base64 text then parses as a header of junk lines, as in Dovecot).
 * Past max_depth nested parts or max_parts parts in all, a part is not
 * split further and is reported as APPLICATION/OCTET-STREAM.
 *
 * Everything lives in the caller's arena, whose budget bounds the memory;
 * string pointers there are NUL-terminated copies.
 */

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "mime-content.h"
#include "rfc822-header.h"

#define MIME_DEFAULT_MAX_DEPTH 100
#define MIME_DEFAULT_MAX_PARTS 10000

struct mime_limits {
	unsigned int max_depth; /* nesting of multipart and message parts */
	unsigned int max_parts; /* parts in the whole tree */
	struct rfc822_header_limits header;
};
extern const struct mime_limits mime_default_limits;

enum mime_part_flags {
	MIME_PART_MULTIPART = 1 << 0,  /* children are the parts */
	MIME_PART_MESSAGE = 1 << 1,    /* message/rfc822: one child */
	MIME_PART_TEXT = 1 << 2,       /* TEXT/...: lines are reported */
	MIME_PART_SYNTHETIC = 1 << 3,  /* made up: no bytes of its own */
	MIME_PART_LIMITED = 1 << 4,    /* not split: a limit was reached */
	MIME_PART_HEADER_CUT = 1 << 5, /* header ended by a boundary line */
};

struct mime_part {
	struct mime_part *parent, *children, *next;
	unsigned int flags;
	unsigned int child_count;

	/* Offsets from the start of the message; crlf_* as if every line
	   ended in CRLF. The header includes its empty line. */
	size_t hdr_offset, hdr_crlf_offset, hdr_size, hdr_crlf_size;
	size_t body_offset, body_crlf_offset, body_size, body_crlf_size;
	unsigned int hdr_lines, body_lines;
	bool hdr_has_nul, body_has_nul;

	/* Upper-cased; never NULL (defaults TEXT/PLAIN, or MESSAGE/RFC822
	   inside multipart/digest). */
	const char *type, *subtype;
	struct mime_param *params; /* Content-Type parameters */
	const char *encoding;	   /* upper-cased, default "7BIT" */
	const char *id, *description, *md5, *location; /* or NULL */
	const char *disposition; /* upper-cased, or NULL */
	struct mime_param *disposition_params;
	const char **languages;
	unsigned int language_count;
};

/*
 * Parses data/size (a whole message). limits may be NULL for the defaults.
 * Returns 0 with *root_r set, or -1 with *error_r when the arena's budget
 * is exhausted; syntax never fails.
 */
int mime_parse(struct arena *arena, const char *data, size_t size,
	       const struct mime_limits *limits, struct mime_part **root_r,
	       const char **error_r);

/*
 * Reads the content header fields (Content-Type, -Transfer-Encoding, -ID,
 * -Description, -MD5, -Disposition, -Language, -Location; the first of
 * each counts) of the header at data/size into part, with defaults set
 * (digest: the parent is multipart/digest). Fills *info_r for the header.
 * -1 when the arena's budget is exhausted.
 */
int mime_part_header_parse(struct arena *arena, struct mime_part *part,
			   const char *data, size_t size,
			   const struct rfc822_header_limits *limits,
			   bool digest, struct rfc822_header_info *info_r);

/* Is the part's type type/subtype (case-insensitive; subtype NULL
   matches any)? */
bool mime_part_is(const struct mime_part *part, const char *type,
		  const char *subtype);

#endif
