#ifndef ESTAFETTE_IMAP_FETCH_PARSE_H
#define ESTAFETTE_IMAP_FETCH_PARSE_H

/*
 * FETCH data items (RFC 3501 fetch-att, RFC 3516 BINARY) from the parsed
 * argument tree into a request: simple items as bits, body sections as a
 * list. The macros ALL, FAST and FULL are allowed only on their own. The
 * FETCH section atoms come from the parser with IMAP_PARSE_FLAG_SECTIONS
 * ("BODY.PEEK[1.2.HEADER.FIELDS (From \"To\")]<0.100>").
 *
 * Pure function over the tree; results live in the caller's arena.
 */

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "imap-parser.h"

enum imap_fetch_item {
	IMAP_FETCH_UID = 1 << 0,
	IMAP_FETCH_FLAGS = 1 << 1,
	IMAP_FETCH_INTERNALDATE = 1 << 2,
	IMAP_FETCH_RFC822_SIZE = 1 << 3,
	IMAP_FETCH_ENVELOPE = 1 << 4,
	IMAP_FETCH_BODY = 1 << 5, /* BODY: non-extensible structure */
	IMAP_FETCH_BODYSTRUCTURE = 1 << 6,
	IMAP_FETCH_RFC822 = 1 << 7,	   /* like BODY[], sets \Seen */
	IMAP_FETCH_RFC822_HEADER = 1 << 8, /* like BODY.PEEK[HEADER] */
	IMAP_FETCH_RFC822_TEXT = 1 << 9,   /* like BODY[TEXT], sets \Seen */
};

enum imap_fetch_kind {
	IMAP_FETCH_KIND_BODY,	     /* BODY[...] */
	IMAP_FETCH_KIND_BINARY,	     /* BINARY[...] */
	IMAP_FETCH_KIND_BINARY_SIZE, /* BINARY.SIZE[...] */
};

enum imap_fetch_spec {
	IMAP_FETCH_SPEC_ALL, /* BODY[] or BODY[1.2]: the whole part */
	IMAP_FETCH_SPEC_HEADER,
	IMAP_FETCH_SPEC_HEADER_FIELDS,
	IMAP_FETCH_SPEC_HEADER_FIELDS_NOT,
	IMAP_FETCH_SPEC_TEXT,
	IMAP_FETCH_SPEC_MIME, /* only after a part number */
};

struct imap_fetch_section {
	enum imap_fetch_kind kind;
	bool peek;
	const uint32_t *parts; /* 1.2.3 -> {1, 2, 3} */
	unsigned int part_count;
	enum imap_fetch_spec spec;
	const char *const *fields; /* HEADER.FIELDS(.NOT) names, unquoted */
	unsigned int field_count;
	bool partial;
	uint32_t offset, length; /* <offset.length>, length > 0 */
	/* The section without its field list, as rfc822/imap-section.h's
	   imap_section_find() takes it: "", "1.2", "1.HEADER.FIELDS". */
	const char *spec_text;
	/* The name for the response, e.g. "BODY[HEADER.FIELDS (From)]<0>"
	   (PEEK dropped, the partial shown by its origin only). */
	const char *response_name;
};

struct imap_fetch_request {
	unsigned int items; /* enum imap_fetch_item bits */
	struct imap_fetch_section *sections;
	unsigned int section_count;
	/* An item that sets \Seen: RFC822, RFC822.TEXT, or a non-PEEK
	   BODY[] / BINARY[]. */
	bool sets_seen;
};

/*
 * arg: the fetch argument (an atom or a list of atoms). Returns 0, or -1
 * with *error_r (static text) for an unknown item, a bad section or
 * partial, a macro inside a list, or a full arena.
 */
int imap_fetch_parse(struct arena *arena, const struct imap_arg *arg,
		     struct imap_fetch_request *req_r, const char **error_r);

#endif
