#ifndef ESTAFETTE_IMAP_FLAGS_H
#define ESTAFETTE_IMAP_FLAGS_H

/*
 * Message flags: the RFC 3501 system flags as a bit mask, and keywords
 * (flag-keyword = atom). Flag names are matched case-insensitively and
 * written in their canonical spelling, in Courier's order:
 * \Draft \Answered \Flagged \Deleted \Seen \Recent.
 */

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buffer.h"
#include "imap-parser.h"

/* Longest keyword accepted (Courier keeps them in one file line). */
#define IMAP_KEYWORD_MAX 255

enum imap_flag {
	IMAP_FLAG_DRAFT = 1 << 0,
	IMAP_FLAG_ANSWERED = 1 << 1,
	IMAP_FLAG_FLAGGED = 1 << 2,
	IMAP_FLAG_DELETED = 1 << 3,
	IMAP_FLAG_SEEN = 1 << 4,
	IMAP_FLAG_RECENT = 1 << 5,
};
#define IMAP_FLAGS_STORABLE                                                    \
	(IMAP_FLAG_DRAFT | IMAP_FLAG_ANSWERED | IMAP_FLAG_FLAGGED |            \
	 IMAP_FLAG_DELETED | IMAP_FLAG_SEEN)

struct imap_flag_set {
	unsigned int flags; /* enum imap_flag bits */
	const char **keywords;
	unsigned int keyword_count;
};

/* "\Seen" -> IMAP_FLAG_SEEN; 0 for anything else. */
unsigned int imap_flag_from_name(const char *name);
/* IMAP_FLAG_SEEN -> "\\Seen"; NULL if not exactly one known bit. */
const char *imap_flag_name(unsigned int flag);
/* A valid keyword: 1..IMAP_KEYWORD_MAX ATOM-CHARs, not starting with
   '\'. */
bool imap_keyword_valid(const char *keyword);

/*
 * Parses the flags of STORE or APPEND: arg is a list of atoms or, as STORE
 * allows, a single atom. System flags become bits, keywords are
 * collected without duplicates (case-insensitively), borrowed from args.
 * \Recent and other "\" names are refused, as are non-atoms and invalid
 * keywords. Returns 0, or -1 with *error_r (static text).
 */
int imap_flags_parse(struct arena *arena, const struct imap_arg *arg,
		     struct imap_flag_set *set_r, const char **error_r);

enum imap_store_mode {
	IMAP_STORE_REPLACE, /* FLAGS */
	IMAP_STORE_ADD,	    /* +FLAGS */
	IMAP_STORE_REMOVE,  /* -FLAGS */
};

struct imap_store_request {
	enum imap_store_mode mode;
	bool silent; /* .SILENT: no untagged FETCH for the changes */
	struct imap_flag_set flags;
};

/*
 * Parses STORE's data item and value: args[0] "FLAGS", "+FLAGS" or
 * "-FLAGS" with an optional ".SILENT" (any case), args[1] the flags as
 * imap_flags_parse() takes them. Nothing may follow. Returns 0, or -1
 * with *error_r.
 */
int imap_store_parse(struct arena *arena, const struct imap_arg *args,
		     struct imap_store_request *req_r, const char **error_r);

/* Writes "\Draft \Seen kw1 kw2" (no parentheses). -1 if the buffer is
   full. */
int imap_flags_write(struct buffer *out, unsigned int flags,
		     const char *const *keywords, unsigned int keyword_count);

#endif
