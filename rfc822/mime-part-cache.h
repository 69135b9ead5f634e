#ifndef ESTAFETTE_MIME_PART_CACHE_H
#define ESTAFETTE_MIME_PART_CACHE_H

/*
 * A compact text form of a MIME tree's layout (flags, offsets, sizes and
 * line counts: what BODY[section] and sizes need, not the content fields)
 * for imapd's per-mailbox cache, next to the cached ENVELOPE and
 * BODYSTRUCTURE strings. One line per part in depth-first order:
 *   "flags children hdr_off hdr_size hdr_crlf_off hdr_crlf_size
 *    body_off body_size body_crlf_off body_crlf_size body_lines\n"
 * Reading it back checks everything against the message size, so a
 * corrupt cache entry is refused (then parse the message again), never
 * trusted.
 */

#include <stddef.h>

#include "arena.h"
#include "buffer.h"
#include "mime-part.h"

/* Appends the layout of root. -1 on out's cap (out then as it was). */
int mime_part_cache_write(const struct mime_part *root, struct buffer *out);

/*
 * Rebuilds a tree from text/len for a message of msg_size bytes. Parts
 * get type "APPLICATION"/"OCTET-STREAM" and no content fields (only the
 * layout is cached). Returns 0, or -1 with *error_r when the text is
 * malformed, inconsistent with msg_size or deeper than max_depth, or the
 * arena's budget is reached.
 */
int mime_part_cache_read(struct arena *arena, const char *text, size_t len,
			 size_t msg_size, unsigned int max_depth,
			 struct mime_part **root_r, const char **error_r);

#endif
