#ifndef ESTAFETTE_RFC822_HEADER_H
#define ESTAFETTE_RFC822_HEADER_H

/*
 * Iterating the header fields of a message held in memory (a mapped file or
 * a buffer). Nothing is copied: every pointer in struct rfc822_field points
 * into the caller's data and stays valid as long as that data does.
 *
 * Line ends may be LF (how we store mail) or CRLF (how it travels); IMAP
 * counts sizes as if every line ended in CRLF, so each size below comes in
 * a raw and a "crlf" flavour (a bare LF counts as two bytes there).
 *
 * The header ends at the first empty line (which belongs to the header) or
 * at the end of the data. Hostile input is handled as Dovecot does: a line
 * without a colon becomes a field whose name is the whole line and whose
 * value is empty; a continuation line before any field becomes a field of
 * its own. The limits never change where the header ends (that is found
 * with a plain scan, no memory), they only cap what is handed out:
 *   - fields starting beyond max_header_size bytes, and fields past
 *     max_fields, are not returned (info.truncated is set);
 *   - a field longer than max_field_size bytes is returned with value_len
 *     cut to max_field_size (field.truncated is set).
 */

#include <stdbool.h>
#include <stddef.h>

#include "buffer.h"

struct rfc822_header_limits {
	size_t max_header_size;
	size_t max_field_size;
	unsigned int max_fields;
};

/* 1 MiB of header, 256 KiB per field, 5000 fields. */
#define RFC822_HEADER_DEFAULT_MAX_SIZE (1024 * 1024)
#define RFC822_HEADER_DEFAULT_MAX_FIELD (256 * 1024)
#define RFC822_HEADER_DEFAULT_MAX_FIELDS 5000
extern const struct rfc822_header_limits rfc822_header_default_limits;

struct rfc822_field {
	const char *name; /* not NUL-terminated; trailing blanks removed */
	size_t name_len;
	const char *value; /* raw, after the colon, folding line breaks kept,
			      final line end excluded */
	size_t value_len;
	size_t offset; /* of the field's first byte, from data start */
	size_t crlf_offset;
	size_t size; /* whole field including its final line end */
	size_t crlf_size;
	bool missing_colon;
	bool truncated; /* value_len was cut to max_field_size */
};

struct rfc822_header_info {
	size_t size; /* whole header, including the empty line */
	size_t crlf_size;
	unsigned int lines;
	bool has_eoh; /* ended by an empty line, not by the data */
	bool has_nul;
	bool truncated; /* some fields were not returned (limits) */
};

struct rfc822_header_iter {
	const char *data;
	size_t size;
	size_t pos;
	size_t crlf_pos;
	unsigned int lines;
	unsigned int fields;
	bool done;
	bool has_eoh;
	bool has_nul;
	bool truncated;
	struct rfc822_header_limits limits;
};

/* data/size is the message (or a part of it) starting at its header.
   limits may be NULL for the defaults. */
void rfc822_header_iter_init(struct rfc822_header_iter *iter, const char *data,
			     size_t size,
			     const struct rfc822_header_limits *limits);
/* Returns true and fills *field_r, or false at the end of the header. */
bool rfc822_header_iter_next(struct rfc822_header_iter *iter,
			     struct rfc822_field *field_r);
/* Finishes the scan (skipping any remaining fields) and describes the
   header. The body starts at data + info_r->size. */
void rfc822_header_iter_finish(struct rfc822_header_iter *iter,
			       struct rfc822_header_info *info_r);

/* Scans a header without handing out fields. */
void rfc822_header_scan(const char *data, size_t size,
			struct rfc822_header_info *info_r);

/* Case-insensitive comparison of the field's name with name. */
bool rfc822_field_is(const struct rfc822_field *field, const char *name);

/*
 * Appends the unfolded value: line breaks removed (the blanks after them
 * kept), leading and trailing blanks removed. -1 if out's cap is reached;
 * out is then left as it was.
 */
int rfc822_field_unfold(const struct rfc822_field *field, struct buffer *out);

/*
 * Finds the first field called name (case-insensitive) in the header of
 * data/size and appends its unfolded value to out. Returns 1 if found,
 * 0 if not, -1 if out's cap was reached.
 */
int rfc822_header_get(const char *data, size_t size, const char *name,
		      struct buffer *out);

/* Appends data with every bare LF turned into CRLF. -1 on cap. */
int rfc822_append_crlf(struct buffer *out, const char *data, size_t size);
/* size plus the number of bare LFs in data. */
size_t rfc822_crlf_size(const char *data, size_t size);
/* Number of LF bytes in data. */
unsigned int rfc822_count_lines(const char *data, size_t size);

#endif
