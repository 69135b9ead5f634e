/*
 * Fuzzes FETCH item parsing: the input is the item list of a FETCH
 * command ("a FETCH 1 <input>"), run through the parser with sections and
 * then imap_fetch_parse(). Every accepted section must be consistent.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../imap/imap-fetch-parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct imap_fetch_request *req)
{
	unsigned int i, k;

	for (i = 0; i < req->section_count; i++) {
		const struct imap_fetch_section *s = &req->sections[i];

		if (s->response_name == NULL || (s->partial && s->length == 0))
			abort();
		for (k = 0; k < s->part_count; k++) {
			if (s->parts[k] == 0)
				abort();
		}
		for (k = 0; k < s->field_count; k++) {
			if (s->fields[k][0] == '\0' ||
			    strchr(s->fields[k], ':') != NULL)
				abort();
		}
		if (s->spec == IMAP_FETCH_SPEC_MIME && s->part_count == 0)
			abort();
		if (!s->peek && s->kind != IMAP_FETCH_KIND_BINARY_SIZE &&
		    !req->sets_seen)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct imap_parser *p = imap_parser_new(&imap_parser_limits_session);
	struct arena *arena = arena_new(4096, 1 << 24);
	struct imap_fetch_request req;
	const struct imap_arg *args;
	enum imap_parse_result r;
	size_t used, pos = 0;
	unsigned int count;
	const char *error;
	const char *head = "a FETCH 1 ";

	r = imap_parser_feed(p, head, strlen(head), &used);
	if (r != IMAP_PARSE_NAME)
		abort();
	imap_parser_set_flags(p, IMAP_PARSE_FLAG_SECTIONS);
	(void)imap_parser_feed(p, head + used, strlen(head) - used, &used);
	while (pos < size) {
		r = imap_parser_feed(p, data + pos, size - pos, &used);
		pos += used;
		if (r != IMAP_PARSE_NEED_MORE && r != IMAP_PARSE_CONTINUE)
			break;
	}
	if (r == IMAP_PARSE_NEED_MORE || r == IMAP_PARSE_CONTINUE)
		r = imap_parser_feed(p, "\r\n", 2, &used);
	if (r == IMAP_PARSE_COMPLETE) {
		args = imap_parser_args(p, &count);
		if (count >= 2 &&
		    imap_fetch_parse(arena, &args[1], &req, &error) == 0)
			check(&req);
	}
	arena_free(&arena);
	imap_parser_free(&p);
	return 0;
}
