#ifndef ESTAFETTE_IMAP_BASE_SUBJECT_H
#define ESTAFETTE_IMAP_BASE_SUBJECT_H

/*
 * The base subject of RFC 5256 section 2.1, used by SORT (SUBJECT) and
 * THREAD (ORDEREDSUBJECT, REFERENCES): encoded words decoded to UTF-8,
 * white space runs made one space, "(fwd)" trailers, "Re:", "Fw:", "Fwd:"
 * leaders, "[blob]" prefixes and "[Fwd: ...]" wrappers removed. Compare
 * two base subjects with imap_base_subject_cmp() (i;ascii-casemap).
 */

#include <stdbool.h>
#include <stddef.h>

#include "buffer.h"

/*
 * Appends the base subject of the raw Subject value in/size to out.
 * *reply_or_fwd_r (may be NULL) tells whether anything marking a reply or
 * forward was removed (THREAD=REFERENCES needs it). -1 on out's cap.
 */
int imap_base_subject(const char *in, size_t size, struct buffer *out,
		      bool *reply_or_fwd_r);

/* strcmp() with ASCII letters folded to upper case. */
int imap_base_subject_cmp(const char *a, const char *b);

#endif
