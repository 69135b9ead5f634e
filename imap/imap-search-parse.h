#ifndef ESTAFETTE_IMAP_SEARCH_PARSE_H
#define ESTAFETTE_IMAP_SEARCH_PARSE_H

/*
 * SEARCH programs (RFC 3501 search, RFC 4731 ESEARCH RETURN options,
 * RFC 5182 SAVE and "$") from the parsed argument tree into a tree of
 * keys. Pure function over the tree; nodes live in the caller's arena.
 *
 * Shorthands are expanded: FROM/TO/CC/BCC/SUBJECT become HEADER nodes,
 * ANSWERED/UNSEEN/... flag nodes, NEW is RECENT and not SEEN, OLD is not
 * RECENT. The top level is an AND node. Nesting (parentheses, NOT, OR)
 * deeper than max_depth is refused, so evaluation may recurse safely.
 */

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "imap-parser.h"
#include "imap-seqset.h"

enum imap_search_key {
	IMAP_SEARCH_AND, /* every child matches */
	IMAP_SEARCH_OR,	 /* either of two children */
	IMAP_SEARCH_NOT, /* the one child does not match */
	IMAP_SEARCH_ALL,
	IMAP_SEARCH_SEQSET,  /* message sequence numbers (or "$") */
	IMAP_SEARCH_UIDSET,  /* UIDs (or "$") */
	IMAP_SEARCH_FLAG,    /* v.flag (enum imap_flag) is set */
	IMAP_SEARCH_KEYWORD, /* v.str keyword is set */
	IMAP_SEARCH_BEFORE,  /* internal date, v.day */
	IMAP_SEARCH_ON,
	IMAP_SEARCH_SINCE,
	IMAP_SEARCH_SENTBEFORE, /* Date: header, v.day */
	IMAP_SEARCH_SENTON,
	IMAP_SEARCH_SENTSINCE,
	IMAP_SEARCH_LARGER,  /* RFC822.SIZE > v.size */
	IMAP_SEARCH_SMALLER, /* RFC822.SIZE < v.size */
	IMAP_SEARCH_HEADER,  /* field v.header.field contains value */
	IMAP_SEARCH_BODY,    /* body contains v.str */
	IMAP_SEARCH_TEXT,    /* header or body contains v.str */
};

struct imap_search_node {
	enum imap_search_key key;
	/* AND, OR, NOT: first child; siblings via next. */
	struct imap_search_node *children, *next;
	union {
		unsigned int flag;
		const char *str; /* KEYWORD, BODY, TEXT: NUL-free */
		struct imap_seqset set;
		int64_t day; /* imap_date_days() */
		uint32_t size;
		struct {
			const char *field;
			const char *value; /* may be "" (field exists) */
		} header;
	} v;
};

enum imap_search_return {
	IMAP_SEARCH_RETURN_MIN = 1 << 0,
	IMAP_SEARCH_RETURN_MAX = 1 << 1,
	IMAP_SEARCH_RETURN_ALL = 1 << 2,
	IMAP_SEARCH_RETURN_COUNT = 1 << 3,
	IMAP_SEARCH_RETURN_SAVE = 1 << 4,
};

struct imap_search_program {
	struct imap_search_node *root;
	/* "UTF-8" or "US-ASCII" as given, NULL without CHARSET. */
	const char *charset;
	/* RETURN (...) was given: answer with ESEARCH. An empty list
	   means ALL. */
	bool esearch;
	unsigned int return_options;
};

#define IMAP_SEARCH_BADCHARSET (-2)

/*
 * args: the arguments after SEARCH (EOL-terminated). Returns 0; -1 with
 * *error_r for a syntax error (tagged BAD); IMAP_SEARCH_BADCHARSET for an
 * unsupported charset (reply NO [BADCHARSET (UTF-8 US-ASCII)]). Search
 * strings must be valid UTF-8 (7-bit with CHARSET US-ASCII).
 */
int imap_search_parse(struct arena *arena, const struct imap_arg *args,
		      unsigned int max_depth,
		      struct imap_search_program *prog_r, const char **error_r);

#endif
