#include "config.h"

#include <stdio.h>

#include "buffer.h"
#include "imap-fetch-parse.h"
#include "test-imap-args.h"
#include "../tests/unit/tap.h"

static struct arena *arena;
static struct imap_parser *parser;

/* "a FETCH 1 <items>": describes the request or gives the error. */
static const char *
fetch(const char *items)
{
	static char out[1024];
	char line[512];
	const struct imap_arg *args;
	struct imap_fetch_request req;
	const char *error;
	struct buffer b;
	unsigned int i, k;

	snprintf(line, sizeof(line), "a FETCH 1 %s\r\n", items);
	args = test_parse_line(&parser, line);
	if (args == NULL)
		return "PARSE";
	if (imap_fetch_parse(arena, &args[1], &req, &error) < 0)
		return error;
	buffer_init(&b, sizeof(out) - 1);
	buffer_printf(&b, "%x%s", req.items, req.sets_seen ? " seen" : "");
	for (i = 0; i < req.section_count; i++) {
		const struct imap_fetch_section *s = &req.sections[i];

		buffer_printf(&b, " %s {%s} k%d%s s%d p", s->response_name,
			      s->spec_text, (int)s->kind,
			      s->peek ? " peek" : "", (int)s->spec);
		for (k = 0; k < s->part_count; k++)
			buffer_printf(&b, "%s%u", k ? "." : "", s->parts[k]);
		for (k = 0; k < s->field_count; k++)
			buffer_printf(&b, " f=%s", s->fields[k]);
		if (s->partial)
			buffer_printf(&b, " <%u.%u>", s->offset, s->length);
	}
	snprintf(out, sizeof(out), "%s", buffer_cstr(&b));
	buffer_deinit(&b);
	return out;
}

int
main(void)
{
	const char *bad[] = {"BODY[HEADER.FIELDS]",
			     "BODY[HEADER.FIELDS ()]",
			     "BODY[MIME]",
			     "BODY[0]",
			     "BODY[01]",
			     "BODY[1.]",
			     "BODY[.1]",
			     "BODY[TEXT.1]",
			     "BODY[HEADERS]",
			     "BODY[]<>",
			     "BODY[]<0>",
			     "BODY[]<0.0>",
			     "BODY[]<a.1>",
			     "BODY[]<0.4294967296>",
			     "BODY[]<0.1>x",
			     "BODY.PEEK",
			     "BODY.PEK[]",
			     "BINARY[TEXT]",
			     "BINARY.SIZE[1]<0.1>",
			     "BODY[HEADER.FIELDS (a:b)]",
			     "BODY[HEADER.FIELDS (a  b)]",
			     "BODY[HEADER.FIELDS (\"\")]",
			     "(ALL)",
			     "(FLAGS ALL)",
			     "FOO",
			     "()",
			     "(FLAGS \"UID\")",
			     "BODY[4294967296]",
			     NULL};
	size_t i;

	arena = arena_new(4096, 1 << 20);
	for (i = 0; bad[i] != NULL; i++) {
		const char *r = fetch(bad[i]);

		ok(strncmp(r, "Invalid", 7) == 0 || strcmp(r, "PARSE") == 0,
		   "refused %s (%s)", bad[i], r);
	}
	is_str(fetch("ALL"), "1e", "ALL");
	is_str(fetch("fast"), "e", "FAST");
	is_str(fetch("FULL"), "3e", "FULL");
	is_str(fetch("(UID FLAGS RFC822.SIZE INTERNALDATE)"), "f",
	       "simple items");
	is_str(fetch("(ENVELOPE BODYSTRUCTURE BODY)"), "70", "structures");
	is_str(fetch("RFC822"), "80 seen", "RFC822 sets seen");
	is_str(fetch("RFC822.HEADER"), "100", "RFC822.HEADER does not");
	is_str(fetch("RFC822.TEXT"), "200 seen", "RFC822.TEXT sets seen");
	is_str(fetch("BODY[]"), "0 seen BODY[] {} k0 s0 p", "BODY[]");
	is_str(fetch("BODY.PEEK[]"), "0 BODY[] {} k0 peek s0 p", "BODY.PEEK[]");
	is_str(fetch("body.peek[header]"),
	       "0 BODY[HEADER] {HEADER} k0 peek s1 p", "lower case");
	is_str(fetch("BODY[1.2.3]"), "0 seen BODY[1.2.3] {1.2.3} k0 s0 p1.2.3",
	       "part numbers");
	is_str(fetch("BODY[1.2.MIME]"),
	       "0 seen BODY[1.2.MIME] {1.2.MIME} k0 s5 p1.2", "MIME");
	is_str(fetch("BODY[2.TEXT]<10.20>"),
	       "0 seen BODY[2.TEXT]<10> {2.TEXT} k0 s4 p2 <10.20>", "partial");
	is_str(fetch("BODY[]<0.4294967295>"),
	       "0 seen BODY[]<0> {} k0 s0 p <0.4294967295>", "partial max");
	is_str(fetch("(UID BODY.PEEK[HEADER.FIELDS (From \"X-A\" \"{\")])"),
	       "1 BODY[HEADER.FIELDS (From X-A \"{\")] {HEADER.FIELDS} k0 "
	       "peek s2 p "
	       "f=From f=X-A f={",
	       "header fields");
	is_str(fetch("BODY[1.HEADER.FIELDS.NOT (Received)]<0.100>"),
	       "0 seen BODY[1.HEADER.FIELDS.NOT (Received)]<0> "
	       "{1.HEADER.FIELDS.NOT} k0 s3 p1 "
	       "f=Received <0.100>",
	       "fields.not with partial");
	is_str(fetch("BINARY.PEEK[1]"), "0 BINARY[1] {1} k1 peek s0 p1",
	       "BINARY.PEEK");
	is_str(fetch("BINARY.SIZE[1]"), "0 BINARY.SIZE[1] {1} k2 s0 p1",
	       "BINARY.SIZE does not set seen");
	is_str(fetch("(FLAGS BODY[TEXT] BODY.PEEK[1])"),
	       "2 seen BODY[TEXT] {TEXT} k0 s4 p BODY[1] {1} k0 peek s0 p1",
	       "mixed");
	imap_parser_free(&parser);
	arena_free(&arena);
	return tap_done();
}
