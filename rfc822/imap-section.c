/* BODY[section] addressing; see imap-section.h. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "imap-section.h"
#include "strnum.h"

static const struct {
	const char *name;
	enum imap_section_kind kind;
} section_keywords[] = {
    {"HEADER", IMAP_SECTION_HEADER},
    {"HEADER.FIELDS", IMAP_SECTION_HEADER_FIELDS},
    {"HEADER.FIELDS.NOT", IMAP_SECTION_HEADER_FIELDS_NOT},
    {"TEXT", IMAP_SECTION_TEXT},
    {"MIME", IMAP_SECTION_MIME},
};

static int
keyword_kind(const char *s, size_t len, enum imap_section_kind *kind_r)
{
	size_t i;

	for (i = 0; i < sizeof(section_keywords) / sizeof(section_keywords[0]);
	     i++) {
		if (strlen(section_keywords[i].name) == len &&
		    strncasecmp(s, section_keywords[i].name, len) == 0) {
			*kind_r = section_keywords[i].kind;
			return 0;
		}
	}
	return -1;
}

/*
 * One step down by part number n; NULL if there is no such part.
 * *in_message is true while part is a message (the root or a
 * message/rfc822 part's content): "1" of a single-part message is its
 * body, and nothing lies below that (Dovecot answers "" for 1.1 there,
 * while a leaf inside a multipart answers 1.1 with itself).
 */
static const struct mime_part *
part_step(const struct mime_part *part, uint32_t n, bool *in_message,
	  bool *terminal)
{
	const struct mime_part *c;

	if (*terminal)
		return NULL;
	if (!*in_message && (part->flags & MIME_PART_MESSAGE) != 0) {
		part = part->children;
		*in_message = true;
	}
	if ((part->flags & MIME_PART_MULTIPART) == 0) {
		*terminal = *in_message;
		*in_message = false;
		return n == 1 ? part : NULL;
	}
	*in_message = false;
	for (c = part->children; c != NULL && n > 1; c = c->next)
		n--;
	return c;
}

static void
set_range(struct imap_section *s, const struct mime_part *msg, bool header,
	  bool body)
{
	s->offset = header ? msg->hdr_offset : msg->body_offset;
	s->size = (header ? msg->hdr_size : 0) + (body ? msg->body_size : 0);
	s->crlf_size = (header ? msg->hdr_crlf_size : 0) +
		       (body ? msg->body_crlf_size : 0);
}

/* Fills the range for kind on part (the root counts as a message). */
static int
section_range(struct imap_section *s, const struct mime_part *part,
	      bool is_root, const char **error_r)
{
	const struct mime_part *msg = part;

	if (s->kind != IMAP_SECTION_BODY && s->kind != IMAP_SECTION_MIME &&
	    !is_root) {
		if ((part->flags & MIME_PART_MESSAGE) == 0) {
			/* Dovecot answers with an empty string. */
			s->part = NULL;
			return 0;
		}
		msg = part->children;
	}
	switch (s->kind) {
	case IMAP_SECTION_BODY:
		set_range(s, part, is_root, true);
		break;
	case IMAP_SECTION_MIME:
		set_range(s, part, true, false);
		break;
	case IMAP_SECTION_HEADER:
	case IMAP_SECTION_HEADER_FIELDS:
	case IMAP_SECTION_HEADER_FIELDS_NOT:
		set_range(s, msg, true, false);
		break;
	case IMAP_SECTION_TEXT:
		set_range(s, msg, false, true);
		break;
	}
	return 0;
}

int
imap_section_find(const struct mime_part *root, const char *spec, size_t len,
		  struct imap_section *section_r, const char **error_r)
{
	const struct mime_part *part = root;
	size_t pos = 0, end;
	uint32_t n;
	bool numbered = false, in_message = true, terminal = false;

	memset(section_r, 0, sizeof(*section_r));
	section_r->kind = IMAP_SECTION_BODY;
	while (pos < len && spec[pos] >= '0' && spec[pos] <= '9') {
		for (end = pos;
		     end < len && spec[end] >= '0' && spec[end] <= '9'; end++)
			;
		if (str_to_uint32_n(spec + pos, end - pos, &n) < 0 || n == 0 ||
		    (end < len && spec[end] != '.') || end + 1 == len) {
			*error_r = "invalid section number";
			return -1;
		}
		if (part != NULL)
			part = part_step(part, n, &in_message, &terminal);
		numbered = true;
		pos = end < len ? end + 1 : end;
	}
	if (pos < len &&
	    keyword_kind(spec + pos, len - pos, &section_r->kind) < 0) {
		*error_r = "invalid section";
		return -1;
	}
	if (section_r->kind == IMAP_SECTION_MIME && !numbered) {
		*error_r = "MIME needs a part number";
		return -1;
	}
	if (part == NULL)
		return 0;
	section_r->part = part;
	return section_range(section_r, part, !numbered, error_r);
}

static bool
name_listed(const struct rfc822_field *field, const char *const *names,
	    unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (rfc822_field_is(field, names[i]))
			return true;
	}
	return false;
}

int
imap_header_fields_write(const char *hdr, size_t size, const char *const *names,
			 unsigned int count, bool exclude, struct buffer *out)
{
	struct rfc822_header_iter iter;
	struct rfc822_field field;
	size_t start = buffer_len(out);

	rfc822_header_iter_init(&iter, hdr, size, NULL);
	while (rfc822_header_iter_next(&iter, &field)) {
		bool listed =
		    !field.missing_colon && name_listed(&field, names, count);

		if (listed == exclude)
			continue;
		if (rfc822_append_crlf(out, hdr + field.offset, field.size) <
			0 ||
		    (hdr[field.offset + field.size - 1] != '\n' &&
		     buffer_append(out, "\r\n", 2) < 0))
			goto fail;
	}
	if (buffer_append(out, "\r\n", 2) < 0)
		goto fail;
	return 0;
fail:
	buffer_truncate(out, start);
	return -1;
}
